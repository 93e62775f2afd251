"""Write the question bank (`kb/data/asked.jsonl`, see `kb.asked`) from question sets.

    python -m measure.make_asked eval/tune.jsonl eval/fresh*.jsonl [--out kb/data/asked.jsonl]

`make asked` passes the design sets (the Makefile's `DESIGN`): never the dev set, the holdout or a
sealed set, which must stay questions the knowledge base has not seen. Each answerable question
becomes an entry with its `expect` words, the document they are in (`source`) and the name of its
set; an unanswerable one becomes an entry with no words (a question the documents do not answer,
which `kb.asked` refuses again when it is asked in nearly the same words). A question asked in two
sets is kept once. The questions are then embedded by the default embedder into
`kb/data/asked.npz` (float16), which a build uses instead of embedding them again (minutes on two
cores).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from kb.asked import DATA, bank_text
from kb.embed import DEFAULT_EMBEDDER, load_embedder
from measure.evaluate import load_gold

KEPT_OUT = ("dev", "holdout")


def entries(paths: list[Path]) -> list[dict]:
    out, seen = [], set()
    for path in paths:
        if path.stem in KEPT_OUT:
            raise SystemExit(f"{path} is a reported set, not a design set: leave it out")
        load_gold(path)  # checks the format
        for line in path.read_text(encoding="utf-8").splitlines():
            g = json.loads(line) if line.strip() else {}
            if g and g["question"] not in seen:
                seen.add(g["question"])
                out.append({"question": g["question"], "expect": g["expect"],
                            "doc": g.get("source", "") if g["expect"] else "",
                            "set": path.stem})
    return out


def embed(questions: list[str], out: Path) -> None:
    """Vectors of `questions` by the default embedder into `out` (float16), reusing those the
    file already has for the same questions and embedder."""
    embedder = load_embedder(DEFAULT_EMBEDDER)
    have: dict[str, np.ndarray] = {}
    if out.exists():
        with np.load(out) as z:
            if str(z["embedder"]) == embedder.name:
                have = dict(zip(z["questions"].tolist(), z["vectors"]))
    todo = [q for q in questions if q not in have]
    for i in range(0, len(todo), 64):
        batch = todo[i:i + 64]
        have.update(zip(batch, embedder.encode_queries([bank_text(q) for q in batch])))
    vectors = np.stack([have[q] for q in questions]).astype(np.float16) if questions else \
        np.zeros((0, embedder.dim), dtype=np.float16)
    np.savez_compressed(out, vectors=vectors, questions=np.array(questions),
                        embedder=np.array(embedder.name))
    print(f"{len(todo)} embedded, {len(questions) - len(todo)} reused, by {embedder.name} -> {out}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m measure.make_asked", description=__doc__)
    p.add_argument("sets", nargs="+", type=Path)
    p.add_argument("--out", type=Path, default=DATA)
    args = p.parse_args(argv)
    rows = entries(args.sets)
    with args.out.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} questions from {len(args.sets)} sets -> {args.out}")
    embed([r["question"] for r in rows], args.out.with_suffix(".npz"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
