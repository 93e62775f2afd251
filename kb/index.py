"""Corpus -> index folder (build), and index folder -> `KnowledgeBase` (load).

An index is a plain folder: `manifest.json` (format, package version, embedder name and dimension,
corpus hash, dictionary hash, build time, counts), `dense.faiss` (inner product over normalised
embeddings = cosine), `bm25/` (bm25s over jieba tokens), `clauses.sqlite` (documents, clauses,
passages, terms). A build writes a new folder beside the target and swaps a symlink to it, so an
interrupted build leaves the previous index usable. Document embeddings are cached by text in
`embed-cache.sqlite` next to the index, so unchanged text is never embedded twice.
It does not rank (see `kb.retrieve`).

This is the folder backend; `kb.backend` chooses between it and Milvus (`kb.milvus`, which moves
a folder made here into collections).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import bm25s
import numpy as np

from kb._version import __version__
from kb.asked import Bank, bank_text, read_bank, resolve, shipped_vectors
from kb.config import Settings
from kb.documents import Document, change_in_progress, corpus_hash, read_corpus
from kb.embed import Embedder, QueryCache, load_embedder
from kb.engine import Engine, FolderEngine
from kb.errors import IndexMismatchError, IndexMissingError, IndexWriteError
from kb.parse import Clause, full_text, parse_corpus, sentences, split_passages
from kb.segment import Segmenter, dictionary_hash
from kb.store import Passage, Store, write_store
from kb.terms import extract_terms

FORMAT = 3  # 2: sentence units of long clauses; 3: the question bank (`kb.asked`)
PARENT_MAX_CHARS = 800  # a clause is indexed with its items up to this size (as retrieve cites it)
# A clause of this many sentences or more is also indexed sentence by sentence, so that a question
# about one fact inside it (a date in 标准制定过程) meets that sentence, not the whole clause.
SENTENCE_UNITS_MIN = 3
Progress = Callable[[int, int], None]


@dataclass
class KnowledgeBase:
    """A loaded index: what retrieval and answering need, loaded once per process."""
    location: str  # the folder, or the Milvus collection and URI
    manifest: dict
    store: Store
    engine: Engine
    embedder: Embedder | None  # None when loaded without one (clause lookups only)
    queries: QueryCache | None
    segmenter: Segmenter
    asked: Bank | None = None  # questions answered before (`kb.asked`); None: none to consult


def passages_for(clauses: list[Clause]) -> list[Passage]:
    """The texts to index: every clause with text (a clause with items also with its items), each
    prefixed by its document title and heading path so that "第三条" is found by a question that
    names the regulation; long texts split into passages that cite the same clause."""
    children: dict[str | None, list[Clause]] = {}
    for c in clauses:
        children.setdefault(c.parent, []).append(c)
    by_id = {c.id: c for c in clauses}

    def kids(cid: str) -> list[Clause]:
        return children.get(cid, [])

    out: list[Passage] = []
    for c in clauses:
        body = full_text(c, kids)
        if len(body) > PARENT_MAX_CHARS:
            body = c.text  # a long parent: its items are indexed on their own
        if not body:
            continue
        context = " ".join([c.doc_title, *c.path])
        if c.parent and by_id.get(c.parent) and by_id[c.parent].text:
            context += " " + by_id[c.parent].text[:80]
        chunks = split_passages(body)
        for part, chunk in enumerate(chunks):
            out.append(Passage(len(out), c.id, part, f"{context}\n{chunk}"))
        units = sentences(body)
        if len(units) >= SENTENCE_UNITS_MIN:
            for part, unit in enumerate(units, start=len(chunks)):
                out.append(Passage(len(out), c.id, part, f"{context}\n{unit}", unit))
    return out


def build(settings: Settings, progress: Progress | None = None,
          embedder: Embedder | None = None, docs: list[Document] | None = None,
          publish: Callable[[Path], dict] | None = None) -> dict:
    """Build the index for `docs` (default: the documents in `settings.corpus`) in a new folder
    beside `settings.index` and switch the link to it; return its manifest, whose "location" is
    the folder. With `publish` (`kb.backend` for Milvus) the finished folder is handed to it
    instead, and removed after; its result is returned. Only texts not in the embedding cache
    (beside `settings.index`) are embedded."""

    t0 = time.perf_counter()
    docs = read_corpus(settings.corpus) if docs is None else docs
    embedder = embedder or load_embedder(settings.embedder)

    target = settings.index
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = open(target.parent / f".{target.name}.build.lock", "a")  # noqa: SIM115
    except OSError as e:
        raise IndexWriteError(
            f"cannot write the index folder {target.parent} ({e.strerror}): make it writable, or "
            "set KB_INDEX (or --index) to a folder you can write"
        ) from e
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time for this index
        _remove_stale(target)
        try:
            folder = _build(settings, docs, embedder, progress, t0)
            if publish is None:
                _swap(target, folder)
                return {**_read_json(folder), "location": str(folder)}
            try:
                return publish(folder)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError as e:
            raise IndexWriteError(
                f"cannot write the new index beside {target} ({e.strerror}): free disk space or "
                "make the folder writable; the previous index is untouched"
            ) from e


def _generations(target: Path) -> list[Path]:
    """The build folders beside `target`, oldest first (their names start with the build time)."""
    return sorted(p for p in target.parent.glob(f".{target.name}-*") if p.is_dir())


def _remove_stale(target: Path, keep_previous: int = 1) -> None:
    """Remove build folders that are neither the current index nor one of the `keep_previous`
    newest complete ones before it: unfinished builds (killed before the switch), folders whose
    removal was interrupted, and older generations. The previous generation is kept because a
    reader that resolved the link just before a switch may still be loading it."""
    current = target.resolve() if target.is_symlink() else None
    kept = 0
    for p in reversed(_generations(target)):
        if p == current:
            continue
        if (p / "manifest.json").exists() and (p / "clauses.sqlite").exists() \
                and kept < keep_previous:
            kept += 1
            continue
        shutil.rmtree(p, ignore_errors=True)


def _build(settings: Settings, docs: list[Document], embedder: Embedder,
           progress: Progress | None, t0: float) -> Path:
    import faiss  # see _faiss_note

    clauses = parse_corpus(docs)
    terms = extract_terms(clauses)
    passages = passages_for(clauses)
    segmenter = Segmenter()
    target = settings.index
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    folder = target.parent / f".{target.name}-{stamp}-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    try:
        vectors, embedded = embed_cached(embedder, [p.text for p in passages],
                                         target.parent / "embed-cache.sqlite", progress)
        index = dense_index(embedder.dim, len(vectors), settings.ann_threshold)
        index.add(vectors)
        faiss.write_index(index, str(folder / "dense.faiss"))

        retriever = bm25s.BM25()
        retriever.index(_token_lists(segmenter, passages), show_progress=False)
        retriever.save(str(folder / "bm25"), show_progress=False)

        write_store(folder / "clauses.sqlite", docs, clauses, passages, terms)
        bank = build_bank(folder / "clauses.sqlite", embedder, target.parent / "embed-cache.sqlite",
                          settings.asked)
        bank.save(folder)
        manifest = {
            "format": FORMAT,
            "kb_version": __version__,
            "embedder": embedder.name,
            "embedder_engine": getattr(embedder, "engine", ""),
            "dim": embedder.dim,
            "dense_index": "hnsw" if len(vectors) > settings.ann_threshold else "flat",
            "corpus_hash": corpus_hash(docs),
            "dictionary_hash": segmenter.dictionary_hash,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "documents": len(docs),
            "clauses": len(clauses),
            "title_only": sum(c.title_only for c in clauses),
            "passages": len(passages),
            "embedded": embedded,  # passages embedded by this build (the rest came from the cache)
            "terms": len(terms),
            "asked": len(bank),  # questions in the bank whose answer this corpus has
            "asked_from": settings.asked or "kb/data/asked.jsonl",
            "build_s": round(time.perf_counter() - t0, 2),
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _read_json(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _token_lists(segmenter: Segmenter, passages: list[Passage]) -> list[list[str]]:
    """BM25 tokens of every passage, each distinct token one shared string object (at national-law
    scale, ~10 million tokens: 800 MB as separate strings, a tenth of it shared)."""
    pool: dict[str, str] = {}
    return [[pool.setdefault(t, t) for t in segmenter.tokens(p.text)] or [""] for p in passages]


# _faiss_note: faiss is imported where it is first used, not at the top: its OpenMP runtime reads
# OMP_WAIT_POLICY once, when it loads, and the edges (`kb` command, app) set that policy first
# (`kb.config.serving_threads`); importing the package must not load it earlier.
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 32, 80, 512


def dense_index(dim: int, n: int, threshold: int):
    """Exact inner-product search up to `threshold` vectors; HNSW above it (its recall against
    exact search is measured by `kb bench`)."""
    import faiss  # see _faiss_note

    if n <= threshold:
        return faiss.IndexFlatIP(dim)
    index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def _swap(target: Path, folder: Path) -> None:
    """Point `target` (a symlink) at `folder` atomically; keep the folder it pointed at (readers
    may be loading it) and remove the generations before that."""
    if target.exists() and not target.is_symlink():
        raise IndexMismatchError(
            f"{target} exists and is not an index link made by `kb build`: move it away"
        )
    tmp_link = target.parent / f".{target.name}.link-{uuid.uuid4().hex[:6]}"
    os.symlink(folder.name, tmp_link)
    os.replace(tmp_link, target)
    _remove_stale(target)


def build_bank(store_path: Path, embedder: Embedder, cache_path: Path, source: str = "") -> Bank:
    """The question bank's entries this corpus answers, embedded as queries (`kb.asked`);
    `source`: "" for the shipped bank, a bank file, or "off"."""
    if source == "off":
        return Bank([], np.zeros((0, embedder.dim), dtype=np.float32))
    entries = read_bank(Path(source)) if source else read_bank()
    store = Store(store_path)
    asked = resolve(entries, {c.id: (c.doc, f"{c.label}\n{store.full_text(c)}")
                              for c in store.clauses})
    shipped = None if source else shipped_vectors(embedder.name, [e["question"] for e in entries])
    if shipped is not None:
        return Bank(asked, shipped[[a.row for a in asked]].reshape(len(asked), embedder.dim))
    vectors, _ = embed_cached(embedder, [bank_text(a.question) for a in asked], cache_path,
                              queries=True)
    return Bank(asked, vectors.reshape(len(asked), embedder.dim))


def embed_cached(embedder: Embedder, texts: list[str], cache_path: Path,
                 progress: Progress | None = None, batch: int = 16, queries: bool = False,
                 ) -> tuple[np.ndarray, int]:
    """Embed documents (or, with `queries`, questions), reusing vectors of texts embedded before
    by the same embedder; return the vectors and how many texts had to be embedded."""
    encode = embedder.encode_queries if queries else embedder.encode_documents
    con = sqlite3.connect(cache_path)
    try:
        con.execute("CREATE TABLE IF NOT EXISTS vec (model TEXT, sha TEXT, dim INTEGER, v BLOB, "
                    "PRIMARY KEY (model, sha))")
        shas = [hashlib.sha256((("query: " if queries else "") + t).encode()).hexdigest()
                for t in texts]
        rows_of: dict[str, list[int]] = {}
        for i, sha in enumerate(shas):
            rows_of.setdefault(sha, []).append(i)
        out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
        have: set[str] = set()
        for sha, blob in _cache_rows(con, embedder, shas, "sha, v"):
            out[rows_of[sha]] = np.frombuffer(blob, dtype=np.float32)
            have.add(sha)
        todo = [i for i, s in enumerate(shas) if s not in have]
        done = len(texts) - len(todo)
        if progress:
            progress(done, len(texts))
        last_commit = time.perf_counter()
        for start in range(0, len(todo), batch):
            idx = todo[start : start + batch]
            vecs = encode([texts[i] for i in idx])
            rows = [(embedder.name, shas[i], embedder.dim, v.tobytes()) for i, v in zip(idx, vecs)]
            con.executemany("INSERT OR REPLACE INTO vec VALUES (?,?,?,?)", rows)
            if time.perf_counter() - last_commit > 1.0:  # an interrupted build resumes from here
                con.commit()
                last_commit = time.perf_counter()
            out[idx] = vecs
            done += len(idx)
            if progress:
                progress(done, len(texts))
        con.commit()
        return out, len(todo)
    finally:
        con.close()


def cached(texts: list[str], cache_path: Path, embedder: Embedder) -> list[bool]:
    """Whether each text already has a vector from `embedder` in the embedding cache."""
    if not cache_path.exists():
        return [False] * len(texts)
    shas = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
    con = sqlite3.connect(cache_path)
    try:
        have = {sha for (sha,) in _cache_rows(con, embedder, shas, "sha")}
    finally:
        con.close()
    return [s in have for s in shas]


def _cache_rows(con: sqlite3.Connection, embedder: Embedder, shas: list[str], columns: str):
    """Rows of the embedding cache for these text hashes and this embedder, 500 per query."""
    for i in range(0, len(shas), 500):
        chunk = shas[i : i + 500]
        q = (f"SELECT {columns} FROM vec WHERE model=? AND dim=? "
             f"AND sha IN ({','.join('?' * len(chunk))})")
        yield from con.execute(q, [embedder.name, embedder.dim, *chunk])


MANIFEST_TYPES = {"format": int, "embedder": str, "dim": int, "corpus_hash": str,
                  "dictionary_hash": str}


def read_manifest(path: Path) -> dict:
    """The manifest of the index at `path`, checked for the fields and types loading relies on."""
    file = path / "manifest.json"
    if not file.exists():
        raise IndexMissingError(
            f"no index at {path}: run `kb build` (or set KB_INDEX to the folder of a built index)"
        )
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise IndexMismatchError(f"index manifest {file} is unreadable ({e}): run `kb build`") from e
    return check_fields(manifest, f"index manifest {file}")


def check_fields(manifest, where: str) -> dict:
    """A manifest (from a folder or from Milvus) with the fields and types loading relies on."""
    if not isinstance(manifest, dict):
        raise IndexMismatchError(f"{where} holds {type(manifest).__name__}, not a JSON "
                                 "object: the index is damaged; run `kb build`")
    for key, kind in MANIFEST_TYPES.items():
        value = manifest.get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise IndexMismatchError(
                f"{where} has {key} = {json.dumps(value, ensure_ascii=False)}, "
                f"expected a {'number' if kind is int else 'string'}: the index is damaged; "
                "run `kb build`")
    return manifest


def snapshot(index: Path) -> Path:
    """The folder the index link points at now. Everything a reader loads comes from this one
    folder, so a build that switches the link meanwhile is never seen half-way."""
    return index.resolve() if index.is_symlink() else index


def check(settings: Settings) -> dict:
    """Whether the index at `settings.index` can serve the corpus as it is now, without loading
    it (`kb check`, and `make run` before it starts the app): its manifest, format, dictionary
    and corpus. Returns the manifest; raises what `load` would for a missing or stale index."""
    path = snapshot(settings.index)
    manifest = read_manifest(path)
    check_manifest(manifest, path)
    if settings.corpus.is_dir():
        check_corpus_matches(settings, path, manifest)
    return manifest


def check_manifest(manifest: dict, where, embedder: Embedder | None = None) -> None:
    """The checks every backend makes before serving: format, dictionary, and (when one is
    given) the embedder's name and dimension."""
    if manifest["format"] != FORMAT:
        raise IndexMismatchError(
            f"index at {where} has format {manifest['format']}; this kb {__version__} reads "
            f"format {FORMAT}: run `kb build`"
        )
    if manifest["dictionary_hash"] != dictionary_hash():
        raise IndexMismatchError(
            f"index at {where} was built with another jieba dictionary or stop-word list "
            f"({manifest['dictionary_hash']} vs {dictionary_hash()}): run `kb build`"
        )
    if embedder and (embedder.name != manifest["embedder"] or embedder.dim != manifest["dim"]):
        raise IndexMismatchError(
            f"index at {where} was built with embedder {manifest['embedder']} "
            f"(dim {manifest['dim']}); the configured embedder is {embedder.name} "
            f"(dim {embedder.dim}): run `kb build`, or set KB_EMBEDDER back"
        )


def current_manifest(settings: Settings) -> dict:
    """The manifest of the index the name points at now, unchecked (recovery reads its corpus
    hash)."""
    return read_manifest(snapshot(settings.index))


def generation(settings: Settings) -> str:
    """What the index name points at now (a build folder, or a Milvus collection): it changes
    with every build, add and remove, so a long-running reader knows when to load again."""
    return str(snapshot(settings.index))


def load(settings: Settings, embedder: Embedder | None = None, check_corpus: bool = True,
         with_embedder: bool = True) -> KnowledgeBase:
    """Load and check the index at `settings.index` (one consistent snapshot of it). Without
    `with_embedder` (`kb show`, `kb list`) no embedding model is loaded: the result can look
    clauses up but not search. It never changes the corpus (see `kb.ingest.open_kb`)."""
    for attempt in range(3):
        path = snapshot(settings.index)
        try:
            return _load(settings, path, embedder, check_corpus, with_embedder)
        except (IndexMismatchError, IndexMissingError):
            if attempt == 2 or snapshot(settings.index) == path:
                raise  # not a switch under our feet: a real problem
            # a build switched the link while this snapshot was read: read the new one
    raise AssertionError("unreachable")


def _load(settings: Settings, path: Path, embedder: Embedder | None, check_corpus: bool,
          with_embedder: bool) -> KnowledgeBase:
    import faiss  # see _faiss_note

    manifest = read_manifest(path)
    check_manifest(manifest, path)
    if check_corpus and settings.corpus.is_dir():
        check_corpus_matches(settings, path, manifest)
    if with_embedder:
        embedder = embedder or load_embedder(settings.embedder)
    check_manifest(manifest, path, embedder)
    try:
        dense = faiss.read_index(str(path / "dense.faiss"))
        if hasattr(dense, "hnsw"):
            dense.hnsw.efSearch = HNSW_EF_SEARCH
        bm25 = bm25s.BM25.load(str(path / "bm25"), show_progress=False)
        store = Store(path / "clauses.sqlite")
    except (RuntimeError, OSError, ValueError, KeyError, TypeError, sqlite3.Error) as e:
        raise IndexMismatchError(f"index at {path} is damaged ({e}): run `kb build`") from e
    if dense.ntotal != len(store.passages) or dense.d != manifest["dim"]:
        raise IndexMismatchError(
            f"index at {path} is inconsistent ({dense.ntotal} vectors for "
            f"{len(store.passages)} passages): run `kb build`"
        )
    missing = {p.clause_id for p in store.passages} - store.by_id.keys()
    if missing or int(bm25.scores.get("num_docs", -1)) != len(store.passages):
        raise IndexMismatchError(
            f"index at {path} is damaged ({len(missing)} clauses that passages cite are missing "
            "from clauses.sqlite, or the keyword index has another passage count): run `kb build`"
        )
    return KnowledgeBase(str(path), manifest, store, FolderEngine(dense, bm25), embedder,
                         QueryCache(embedder) if embedder else None, Segmenter(),
                         Bank.load(path))


def check_corpus_matches(settings: Settings, path: Path | str, manifest: dict) -> None:
    """The corpus folder must hold the documents the index was built from. While an add or remove
    holds the corpus lock the two differ for a moment by design: the snapshot is then served as it
    is (it is a complete index); only a difference with no change under way is an error."""
    current = corpus_hash(read_corpus(settings.corpus))
    if manifest["corpus_hash"] == current or change_in_progress(settings.corpus):
        return
    if settings.milvus_uri is None and snapshot(settings.index) != path:
        raise IndexMismatchError(f"the index at {settings.index} was switched while loading")
    raise IndexMismatchError(
        f"the corpus in {settings.corpus} changed since the index at {path} was built "
        f"(corpus hash {manifest['corpus_hash']} vs {current}): run `kb build`"
    )
