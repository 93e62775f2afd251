"""Re-make the repository's slice of the laws collection and of STARD (eval/data/) from the full
collections, so that the slice can be checked and regenerated:

    python eval/make_slice.py --shared ../shared

Laws: the files in LAWS, copied byte for byte. Questions (entries copied unchanged, in query_id
order): every third STARD question whose labels all name a law of the slice, then the first
MIXED questions that name a law of the slice and a law outside it (their outside labels are
counted as missing by the scorer, which the tests check)."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from measure.stard import law_key, parse_label

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "eval" / "data"
LAWS = [
    "经济法/旅游法(2018-10-26).md",
    "司法解释/最高人民法院关于审理旅游纠纷案件适用法律若干问题的规定(2020-12-29).md",
    "社会法/劳动合同法(2012-12-28).md",
    "行政法规/劳动合同法实施条例(2008-09-18).md",
    "司法解释/最高人民法院关于审理民间借贷案件适用法律若干问题的规定(2020-12-29).md",
    "民法商法/著作权法(2020-11-11).md",
]
EVERY = 3
MIXED = 6


def slice_laws() -> set[str]:
    return {law_key(Path(p).stem) for p in LAWS}


def choose(queries: list[dict]) -> list[dict]:
    laws = slice_laws()
    inside, mixed = [], []
    for q in sorted(queries, key=lambda q: int(q["query_id"])):
        named = {lab[0] for lab in (parse_label(n) for n in q["相关法规"]) if lab}
        if named and named <= laws:
            inside.append(q)
        elif named & laws:
            mixed.append(q)
    return inside[::EVERY] + mixed[:MIXED]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, required=True, help="folder holding data/laws and "
                    "data/stard/queries.json (the full collections)")
    args = ap.parse_args()
    for rel in LAWS:
        out = DATA / "laws" / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(args.shared / "data" / "laws" / rel, out)
    queries = json.loads((args.shared / "data" / "stard" / "queries.json").read_text(encoding="utf-8"))
    chosen = choose(queries)
    out = DATA / "stard" / "queries.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(chosen, ensure_ascii=False, indent=4) + "\n", encoding="utf-8")
    print(f"{len(LAWS)} laws, {len(chosen)} questions -> {DATA}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
