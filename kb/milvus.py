"""The knowledge base on Milvus (`KB_BACKEND=milvus:<uri>`): a Milvus Lite file in this process,
or any Milvus server (Milvus Lite's own server, Standalone, Distributed) shared by many processes.

A knowledge base named `kb` (KB_INDEX's last part) is an alias, `kb`, that points at the passage
collection of its current build, `kb__<time>_<id>`:
- one row per passage: its vector (`vec`, FLAT or HNSW over inner product), our BM25 weights of its
  jieba tokens (`sparse`), its text (`text`, analysed by Milvus's jieba tokenizer with our domain
  dictionary, feeding Milvus's own BM25 function into `bm25`) and the fields a citation needs
  (clause id, document, kind, number, heading, parent);
- beside it, `kb__<time>_<id>__records`: the manifest (the folder's manifest.json, same checks) and
  the clause store (the folder's clauses.sqlite with the keyword vocabulary added), compressed in
  chunks, which every reader loads into memory as the folder backend does.
A build fills new collections, flushes them and then moves the alias in one call, so a reader never
sees half a build; it keeps the previous generation (a reader may still be loading it) and drops
older ones. `generation()` (one alias lookup) tells a long-running app that a `kb add` from another
process switched it.

The build itself is the folder build (`kb.index`), written to a scratch folder and moved here by
`write`, which is also `kb migrate`: an existing folder index goes to Milvus with its vectors, no
re-embedding.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import re
import shutil
import sqlite3
import tempfile
import time
import uuid
import zlib
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import bm25s
import numpy as np
import scipy.sparse

from kb.config import Settings
from kb.embed import Embedder, QueryCache, load_embedder
from kb.errors import IndexMismatchError, IndexMissingError, KBError
from kb.index import (
    HNSW_EF_CONSTRUCTION,
    HNSW_EF_SEARCH,
    HNSW_M,
    KnowledgeBase,
    check_corpus_matches,
    check_fields,
    check_manifest,
)
from kb.segment import USERDICT, Segmenter
from kb.store import Store

BATCH = 500
CHUNK = 60_000  # characters of base64 per record row (Milvus VARCHAR holds at most 65,535 bytes)
KEYWORD_LIMIT = 200  # passages a keyword search returns (as many as dense search); the rest
# score 0. Each returned row costs Milvus Lite ~0.17 ms; 200 instead of 1,000 changed none of the
# 476 answers of the dev, tune and holdout sets
MAX_TOPK = 16_384  # Milvus's limit on one search
NO_KEYWORD = 2**32 - 2  # Milvus refuses an empty sparse vector: a passage without keywords gets
# one weight on this id, which no query uses
TEXT_BYTES = 65_535


# --- connection -------------------------------------------------------------------------------
_clients: dict[tuple[str, str], object] = {}


def client(settings: Settings):
    """One MilvusClient per URI and token in this process (an app's page runs share it)."""
    key = (settings.milvus_uri, settings.milvus_token)
    if key not in _clients:
        try:
            from pymilvus import MilvusClient
        except ImportError as e:
            raise KBError("KB_BACKEND=milvus:… needs pymilvus: pip install -e '.[milvus]' "
                          "(or set KB_BACKEND=folder)") from e
        for name in ("pymilvus", "milvus_lite"):  # errors are raised (below), not logged
            logging.getLogger(name).setLevel(logging.CRITICAL)
        uri = settings.milvus_uri
        if not uri.startswith(("http://", "https://", "tcp://", "unix:")):
            Path(uri).parent.mkdir(parents=True, exist_ok=True)
        with errors(settings):
            _clients[key] = MilvusClient(uri=uri, token=settings.milvus_token, timeout=10)
    return _clients[key]


@contextlib.contextmanager
def errors(settings: Settings):
    """Milvus's exceptions as one line that says what to do."""
    from pymilvus.exceptions import MilvusException

    uri = settings.milvus_uri
    try:
        yield
    except MilvusException as e:
        text = str(getattr(e, "message", "") or e)
        low = text.lower()
        if any(w in low for w in ("auth", "credential", "password", "token", "permission",
                                  "privilege")):
            raise KBError(f"Milvus at {uri} refused the credentials ({text}): set KB_MILVUS_TOKEN "
                          "to a valid \"user:password\" or API key") from e
        if any(w in low for w in ("fail connecting", "unavailable", "connect", "deadline")):
            raise KBError(f"cannot reach Milvus at {uri} ({text}): start the server (e.g. "
                          "`milvus-lite server --data-dir DIR --port 19530`), or fix KB_BACKEND"
                          ) from e
        if "lock" in low or "open local milvus failed" in low:
            raise KBError(f"cannot open the Milvus Lite file {uri} ({text}): it is open in "
                          "another process (an app, a build), or its folder is not writable; to "
                          "share it, serve it with `milvus-lite server` and set "
                          "KB_BACKEND=milvus:http://…") from e
        raise KBError(f"Milvus at {uri} failed: {text}") from e


def base_name(settings: Settings) -> str:
    """The knowledge base's name in Milvus: KB_INDEX's last part, as a Milvus identifier."""
    name = re.sub(r"[^0-9A-Za-z_]", "_", settings.index.name) or "kb"
    return name if re.match(r"[A-Za-z_]", name) else f"kb_{name}"


def where(settings: Settings, collection: str | None = None) -> str:
    return f"milvus:{settings.milvus_uri} ({collection or base_name(settings)})"


# --- writing --------------------------------------------------------------------------------
def write(settings: Settings, folder: Path) -> dict:
    """Move the folder index at `folder` (a scratch build, or an existing index: `kb migrate`)
    into new collections and point the alias at them; return the manifest with "location"."""
    import faiss  # see kb.index's note on OpenMP

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    dense = faiss.read_index(str(folder / "dense.faiss"))
    vectors = dense.reconstruct_n(0, dense.ntotal) if dense.ntotal else np.zeros((0, dense.d))
    bm25 = bm25s.BM25.load(str(folder / "bm25"), show_progress=False)
    store = Store(folder / "clauses.sqlite")
    c = client(settings)
    base = base_name(settings)
    gen = f"{base}__{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}_{uuid.uuid4().hex[:6]}"
    t0 = time.perf_counter()
    with errors(settings):
        try:
            _write_passages(c, gen, store, vectors, bm25, settings.ann_threshold)
            manifest = {**manifest, "backend": "milvus", "collection": gen,
                        "milvus_keywords_fields": ["sparse", "bm25"]}
            _write_records(c, f"{gen}__records", manifest, folder / "clauses.sqlite", bm25)
            c.flush(gen)
            c.flush(f"{gen}__records")
        except BaseException:
            for name in (gen, f"{gen}__records"):
                with contextlib.suppress(Exception):
                    c.drop_collection(name)
            raise
        if _alias_target(c, base):
            c.alter_alias(collection_name=gen, alias=base)
        else:
            c.create_alias(collection_name=gen, alias=base)
        _drop_old(c, base, gen)
    manifest["milvus_write_s"] = round(time.perf_counter() - t0, 2)
    return {**manifest, "location": where(settings, gen)}


def _alias_target(c, alias: str) -> str | None:
    """The collection `alias` points at; None when there is no such alias (any other failure, an
    unreachable server for one, is raised)."""
    from pymilvus.exceptions import MilvusException

    try:
        return c.describe_alias(alias)["collection_name"]
    except MilvusException as e:
        if "does not exist" in str(getattr(e, "message", "") or e):
            return None
        raise


def _passage_schema(c, dim: int):
    from pymilvus import DataType, Function, FunctionType

    words = [line.split()[0] for line in USERDICT.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    s = c.create_schema(auto_id=False)
    s.add_field("row", DataType.INT64, is_primary=True)
    for name, size in (("clause_id", 512), ("doc", 256), ("kind", 32), ("number", 128),
                       ("heading", 1024), ("parent", 512)):
        s.add_field(name, DataType.VARCHAR, max_length=size)
    s.add_field("text", DataType.VARCHAR, max_length=TEXT_BYTES, enable_analyzer=True,
                analyzer_params={"tokenizer": {"type": "jieba", "dict": ["_default_", *words]}})
    s.add_field("vec", DataType.FLOAT_VECTOR, dim=dim)
    s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    s.add_field("bm25", DataType.SPARSE_FLOAT_VECTOR)
    s.add_function(Function(name="text_bm25", function_type=FunctionType.BM25,
                            input_field_names=["text"], output_field_names=["bm25"]))
    return s


def _write_passages(c, gen: str, store: Store, vectors: np.ndarray, bm25, ann_threshold: int):
    dim = int(vectors.shape[1])
    index = c.prepare_index_params()
    if len(vectors) > ann_threshold:
        index.add_index("vec", index_type="HNSW", metric_type="IP",
                        params={"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION})
    else:
        index.add_index("vec", index_type="FLAT", metric_type="IP")
    index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    index.add_index("bm25", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                    params={"bm25_k1": 1.5, "bm25_b": 0.75})  # bm25s's defaults
    c.create_collection(gen, schema=_passage_schema(c, dim), index_params=index)
    weights = _weights(bm25)
    rows = []
    for p in store.passages:
        cl = store.by_id[p.clause_id]
        start, end = weights.indptr[p.row], weights.indptr[p.row + 1]
        sparse = {int(t): float(w) for t, w in zip(weights.indices[start:end],
                                                   weights.data[start:end]) if w > 0}
        rows.append({"row": p.row, "clause_id": _fit(cl.id, 512), "doc": _fit(cl.doc, 256),
                     "kind": _fit(cl.kind, 32), "number": _fit(cl.number, 128),
                     "heading": _fit(cl.heading, 1024), "parent": _fit(cl.parent or "", 512),
                     "text": _fit(p.text, TEXT_BYTES), "vec": vectors[p.row].tolist(),
                     "sparse": sparse or {NO_KEYWORD: 1e-6}})
        if len(rows) == BATCH:
            c.insert(gen, rows)
            rows = []
    if rows:
        c.insert(gen, rows)


def _weights(bm25) -> scipy.sparse.csr_matrix:
    """bm25s's token-major score matrix as passage rows: row i holds passage i's BM25 weight of
    every token it has, so that a query's score is the sum of its tokens' weights (bm25s's own
    `get_scores`)."""
    s = bm25.scores
    shape = (int(s["num_docs"]), len(s["indptr"]) - 1)
    return scipy.sparse.csc_matrix((s["data"], s["indices"], s["indptr"]), shape=shape).tocsr()


def _fit(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    return text if len(data) <= limit else data[:limit].decode("utf-8", "ignore")


def _write_records(c, name: str, manifest: dict, store_db: Path, bm25) -> None:
    from pymilvus import DataType

    s = c.create_schema(auto_id=False)
    s.add_field("key", DataType.VARCHAR, is_primary=True, max_length=64)
    s.add_field("value", DataType.VARCHAR, max_length=65_535)
    s.add_field("unused", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector in every collection
    index = c.prepare_index_params()
    index.add_index("unused", index_type="FLAT", metric_type="L2")
    c.create_collection(name, schema=s, index_params=index)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "records.sqlite"
        shutil.copy(store_db, db)
        con = sqlite3.connect(db)
        try:
            df = np.diff(np.asarray(bm25.scores["indptr"]))
            con.execute("CREATE TABLE vocab (token TEXT, id INTEGER, df INTEGER)")
            con.executemany("INSERT INTO vocab VALUES (?,?,?)",
                            [(t, i, int(df[i]) if i < len(df) else 0)
                             for t, i in bm25.vocab_dict.items()])
            con.commit()
        finally:
            con.close()
        blob = base64.b64encode(zlib.compress(db.read_bytes(), 6)).decode("ascii")
    chunks = [blob[i : i + CHUNK] for i in range(0, len(blob), CHUNK)] or [""]
    rows = [{"key": "manifest", "value": json.dumps({**manifest, "store_chunks": len(chunks)},
                                                    ensure_ascii=False), "unused": [0.0, 0.0]}]
    rows += [{"key": f"store/{i:06d}", "value": chunk, "unused": [0.0, 0.0]}
             for i, chunk in enumerate(chunks)]
    for i in range(0, len(rows), 50):
        c.insert(name, rows[i : i + 50])


def _generations(c, base: str) -> list[str]:
    """The passage collections of `base`'s builds, oldest first (their names start with the build
    time); each has a `__records` collection beside it."""
    pattern = re.compile(rf"{re.escape(base)}__\d{{8}}T\d{{6}}_[0-9a-f]{{6}}")
    return sorted(n for n in c.list_collections() if pattern.fullmatch(n))


def _drop_old(c, base: str, current: str, keep_previous: int = 1) -> None:
    """Drop the generations before the previous one (and unfinished ones of killed builds)."""
    gens = _generations(c, base)
    kept = 0
    for name in reversed(gens):
        if name == current:
            continue
        complete = c.has_collection(f"{name}__records")
        if complete and kept < keep_previous and name < current:
            kept += 1
            continue
        if name > current:
            continue  # a newer build's, still being written
        with contextlib.suppress(Exception):  # the new build is live; a leftover goes next time
            _drop_generation(c, name)


def _drop_generation(c, name: str) -> None:
    for n in (name, f"{name}__records"):
        if c.has_collection(n):
            c.drop_collection(n)


def drop(settings: Settings) -> None:
    """Remove the knowledge base from Milvus: its alias and every generation (the bench's)."""
    c = client(settings)
    base = base_name(settings)
    with errors(settings):
        if _alias_target(c, base):
            c.drop_alias(base)
        for name in _generations(c, base):
            _drop_generation(c, name)


# --- reading --------------------------------------------------------------------------------
def generation(settings: Settings) -> str:
    """The collection the knowledge base's alias points at now."""
    c = client(settings)
    base = base_name(settings)
    with errors(settings):
        target = _alias_target(c, base)
    if target is None:
        raise IndexMissingError(
            f"no knowledge base {base!r} in Milvus at {settings.milvus_uri}: run `kb build` "
            f"with KB_BACKEND={settings.backend}, or `kb migrate --to {settings.backend}` to "
            "move a folder index there")
    return target


def current_manifest(settings: Settings) -> tuple[str, dict]:
    gen = generation(settings)
    return where(settings, gen), _manifest(settings, gen)


def _manifest(settings: Settings, gen: str) -> dict:
    c = client(settings)
    with errors(settings):
        c.load_collection(f"{gen}__records")
        rows = c.query(f"{gen}__records", filter='key == "manifest"', output_fields=["value"])
    if not rows:
        raise IndexMismatchError(f"{where(settings, gen)} has no manifest: the build was not "
                                 "finished; run `kb build`")
    try:
        manifest = json.loads(rows[0]["value"])
    except json.JSONDecodeError as e:
        raise IndexMismatchError(f"{where(settings, gen)} has an unreadable manifest ({e}): "
                                 "run `kb build`") from e
    return check_fields(manifest, f"the manifest of {where(settings, gen)}")


def load(settings: Settings, embedder: Embedder | None, check_corpus: bool, with_embedder: bool):
    """The knowledge base the alias points at now, as `kb.index.load` gives the folder's."""
    for attempt in range(3):
        gen = generation(settings)
        try:
            manifest = _manifest(settings, gen)
            check_manifest(manifest, where(settings, gen))
            if check_corpus and settings.corpus.is_dir():
                check_corpus_matches(settings, where(settings, gen), manifest)
            if with_embedder:
                embedder = embedder or load_embedder(settings.embedder)
            check_manifest(manifest, where(settings, gen), embedder)
            store, vocab, df = _store(settings, gen, manifest)
            engine = MilvusEngine(settings, gen, len(store.passages), vocab, df)
            engine.check(manifest["dim"])
        except (IndexMismatchError, IndexMissingError, KBError):
            if attempt == 2 or generation(settings) == gen:
                raise
            continue  # a build switched the alias (and dropped this one) while we read it
        return KnowledgeBase(where(settings, gen), manifest, store, engine, embedder,
                             QueryCache(embedder) if embedder else None, Segmenter())
    raise AssertionError("unreachable")


def _store(settings: Settings, gen: str, manifest: dict) -> tuple[Store, dict[str, int], np.ndarray]:
    c = client(settings)
    name = f"{gen}__records"
    n = int(manifest.get("store_chunks", 0))
    keys = [f"store/{i:06d}" for i in range(n)]
    parts: dict[str, str] = {}
    with errors(settings):
        for i in range(0, len(keys), 50):
            for r in c.query(name, ids=keys[i : i + 50], output_fields=["value"]):
                parts[r["key"]] = r["value"]
    if len(parts) != n:
        raise IndexMismatchError(f"{where(settings, gen)} holds {len(parts)} of {n} parts of its "
                                 "clause store: the index is damaged; run `kb build`")
    try:
        data = zlib.decompress(base64.b64decode("".join(parts[k] for k in keys)))
    except (ValueError, zlib.error) as e:
        raise IndexMismatchError(f"{where(settings, gen)} has a damaged clause store ({e}): "
                                 "run `kb build`") from e
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "records.sqlite"
        db.write_bytes(data)
        store = Store(db)
        con = sqlite3.connect(db)
        try:
            rows = con.execute("SELECT token, id, df FROM vocab").fetchall()
        finally:
            con.close()
    vocab = {t: int(i) for t, i, _ in rows}
    df = np.zeros(max(vocab.values(), default=-1) + 1, dtype=np.int64)
    for _, i, f in rows:
        df[i] = f
    return store, vocab, df


class MilvusEngine:
    """`kb.engine.Engine` on a Milvus collection: dense search on `vec`; keyword search on our
    BM25 weights (`sparse`, the default: the same scores as the folder's bm25s) or on Milvus's own
    BM25 over its jieba analysis of the text (`bm25`), as KB_MILVUS_KEYWORDS says."""

    def __init__(self, settings: Settings, collection: str, size: int, vocab: dict[str, int],
                 doc_freq: np.ndarray):
        self.settings = settings
        self.client = client(settings)
        self.collection = collection
        self.size = size
        self.vocab = vocab
        self.doc_freq = doc_freq
        self.mode = settings.milvus_keywords

    def check(self, dim: int) -> None:
        """The collection holds one row per passage, with vectors of the manifest's dimension."""
        with errors(self.settings):
            self.client.load_collection(self.collection)
            info = self.client.describe_collection(self.collection)
            rows = int(self.client.get_collection_stats(self.collection).get("row_count", -1))
        vec = next((f for f in info["fields"] if f["name"] == "vec"), None)
        found = int((vec or {}).get("params", {}).get("dim", -1))
        if found != dim or rows != self.size:
            raise IndexMismatchError(
                f"{where(self.settings, self.collection)} is inconsistent ({rows} rows of dim "
                f"{found} for {self.size} passages of dim {dim}): run `kb build`")

    def _search(self, data, field: str, metric: str, limit: int, params: dict | None = None):
        with errors(self.settings):
            res = self.client.search(self.collection, data=[data], anns_field=field,
                                     limit=min(limit, self.size, MAX_TOPK), output_fields=[],
                                     search_params={"metric_type": metric, "params": params or {}})
        if not res:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        hits = res[0]  # its ids and distances as lists (making Hit dicts costs 25 ms a search)
        return np.asarray(hits.ids, dtype=np.int64), np.asarray(hits.distances, dtype=np.float32)

    def dense(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        if not self.size:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        return self._search(vector.astype(np.float32).tolist(), "vec", "IP", k,
                            {"ef": max(HNSW_EF_SEARCH, k)})

    def keywords(self, tokens: list[str]) -> np.ndarray:
        out = np.zeros(self.size, dtype=np.float32)
        if not self.size or not tokens:
            return out
        if self.mode == "bm25":
            rows, scores = self._search(" ".join(tokens), "bm25", "BM25", KEYWORD_LIMIT)
            scores = np.abs(scores)  # Milvus Lite reports BM25 relevance negated
        else:
            counts = Counter(self.vocab[t] for t in tokens)
            rows, scores = self._search({i: float(n) for i, n in counts.items()}, "sparse", "IP",
                                        KEYWORD_LIMIT)
        out[rows] = scores
        return out
