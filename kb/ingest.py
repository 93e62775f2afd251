"""Files -> documents in the corpus and an index that includes them; and back out again.

`add` loads files (see `kb.loaders`), refuses duplicates, parses each into clauses for a report,
then rebuilds the index from the embedding cache, so only new text is embedded and the result is
exactly a full rebuild. `remove` does the reverse. Both keep the index usable whatever happens:

1. new documents are written to `<corpus>/.pending/`, a removed one is moved to `<corpus>/.trash/`;
2. the new index is built in a new folder and switched in atomically (`kb.index.build`);
3. the pending files are moved into the corpus (or the trash emptied).

If the process dies before 2 ends, the previous index is untouched and the pending files are not
part of the corpus, so a half-added document never shows up; `recover` (run when an index is
loaded) rolls an interrupted step 3 forward or an interrupted step 1 back, by comparing corpus
hashes with the index's manifest.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kb.backend import build, current_manifest, load
from kb.config import Settings
from kb.documents import (
    KINDS,
    LOCK,
    PENDING,
    TRASH,
    Document,
    clean_line,
    corpus_hash,
    corpus_lock,
    read_corpus,
    read_document,
)
from kb.embed import Embedder
from kb.errors import CorpusError, KBError
from kb.index import KnowledgeBase
from kb.loaders import MAX_BYTES, SUFFIXES, load_file
from kb.parse import Clause, parse_clauses

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestReport:
    file: str
    status: str  # "added", "removed" or "failed"
    doc: str = ""
    title: str = ""
    kind: str = ""
    clauses: int = 0
    title_only: int = 0
    warnings: tuple[str, ...] = ()
    error: str = ""
    seconds: float = 0.0
    embedded: int = 0  # passages embedded for this change (the rest came from the cache)


@dataclass
class AddOptions:
    kind: str | None = None
    title: str | None = None
    max_bytes: int = MAX_BYTES
    progress: Callable[[int, int], None] | None = None


def expand(paths: list[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files under `paths` (folders recursively) with a supported suffix; and (path, reason) for
    what was skipped. Symbolic links are never followed: a link named directly or met inside a
    folder is skipped with the reason (name its target to add that file)."""
    files, skipped = [], []
    for p in paths:
        if p.is_symlink():
            skipped.append((str(p), _link_reason(p)))
        elif p.is_dir():
            for root, dirs, names in os.walk(p):  # never descends into linked folders
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names) + [d for d in dirs if Path(root, d).is_symlink()]:
                    f = Path(root, name)
                    if name.startswith("."):
                        continue
                    if f.is_symlink():
                        skipped.append((str(f), _link_reason(f)))
                    elif f.suffix.lower() in SUFFIXES:
                        files.append(f)
                    else:
                        skipped.append((str(f), UNSUPPORTED))
        elif p.exists():
            files.append(p)
        else:
            skipped.append((str(p), "not found"))
    return files, skipped


UNSUPPORTED = "unsupported type; supported: " + ", ".join(SUFFIXES)


def _link_reason(p: Path) -> str:
    try:
        target = os.readlink(p)
    except OSError:
        target = "?"
    return (f"a symbolic link (to {target}); links are not followed: name the target itself "
            "to add it")


def guess_kind(title: str) -> str:
    title = re.sub(r"[（(][^）)]*[）)]\s*$", "", title.strip())  # "…办法（试行）"
    if re.search(r"术语|词汇|定义$", title):
        return "terminology"
    if re.search(r"(法|条例|规定|办法|细则|解释|决定)$|^中华人民共和国", title):
        return "regulation"
    if re.search(r"标准|规范|要求|指南$|GB/?T|ISO", title):
        return "standard"
    return "guide"


def slug_for(title: str, path: Path, taken: set[str]) -> str:
    """The document id: the file name in lower case, CJK kept ("个人信息保护法-2021-08-20")."""
    stem = re.sub(r"[^a-z0-9\u4e00-\u9fff]+", "-", path.stem.lower()).strip("-")[:60]
    if not stem:
        stem = "doc-" + hashlib.sha1(title.encode()).hexdigest()[:8]
    slug, n = stem, 2
    while slug in taken:
        slug, n = f"{stem}-{n}", n + 1
    return slug


def fingerprint(body: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", "", body).encode()).hexdigest()


def structure_warnings(clauses: list[Clause]) -> list[str]:
    """Gaps in article numbering (第五条 then 第七条) and text with no recognisable structure."""
    warnings = []
    if clauses and all(c.number.startswith("¶") for c in clauses):
        warnings.append(f"no clause numbering recognised: indexed as {len(clauses)} paragraphs")
    last = None
    for c in clauses:
        m = re.fullmatch(r"第(\d+)条", c.key)
        if not m:
            continue
        n = int(m.group(1))
        if last is not None and n != last[0] + 1:
            warnings.append(f"numbering gap: {last[1]} is followed by {c.number}")
        last = (n, c.number)
    return warnings


def add(settings: Settings, paths: list[Path], options: AddOptions | None = None,
        ) -> list[IngestReport]:
    """Add files (or folders of files) to the corpus and the index. A file that cannot be added
    gets a report with the reason; the others are still added."""
    options = options or AddOptions()
    if options.kind and options.kind not in KINDS:
        raise CorpusError(f"kind {options.kind!r} is not one of {', '.join(KINDS)}")
    files, skipped = expand(paths)
    reports = [IngestReport(path, "failed", error=reason) for path, reason in skipped]
    with corpus_lock(settings.corpus):
        recover_now(settings)
        existing = read_corpus(settings.corpus) if any(settings.corpus.glob("*.txt")) else []
        staged, failed = prepare(files, options, existing)
        reports += failed
        if not staged:
            return reports
        pending = settings.corpus / PENDING
        pending.mkdir(exist_ok=True)
        for doc, _ in staged:
            (pending / f"{doc.slug}.txt").write_text(doc.to_text(), encoding="utf-8")
        t0 = time.perf_counter()
        # the order `read_corpus` gives, so the result is exactly a full rebuild's
        docs = sorted(existing + [d for d, _ in staged], key=lambda d: f"{d.slug}.txt")
        try:
            built = build(settings, progress=options.progress, docs=docs)
        except BaseException:
            for doc, _ in staged:  # the index never got them: nothing half-added stays behind
                (pending / f"{doc.slug}.txt").unlink(missing_ok=True)
            raise
        embedded = built.get("embedded", 0)
        for doc, _ in staged:
            (pending / f"{doc.slug}.txt").replace(settings.corpus / f"{doc.slug}.txt")
        build_s = time.perf_counter() - t0
        share = build_s / len(staged)
        for _, r in staged:
            reports.append(IngestReport(**{**r.__dict__, "seconds": round(r.seconds + share, 3),
                                           "embedded": embedded}))
    return reports


def prepare(files: list[Path], options: AddOptions, existing: list[Document] = (),
            ) -> tuple[list[tuple[Document, IngestReport]], list[IngestReport]]:
    """Load and parse `files` into documents (with their reports) without touching any index;
    files that cannot be added (unreadable, duplicates) come back as failed reports."""
    seen = {fingerprint(d.body): d.slug for d in existing}
    taken = {d.slug for d in existing}
    staged: list[tuple[Document, IngestReport]] = []
    failed: list[IngestReport] = []
    for f in files:
        t0 = time.perf_counter()
        try:
            doc = _document(f, options, taken)
        except CorpusError as e:
            failed.append(IngestReport(str(f), "failed", error=str(e)))
            continue
        fp = fingerprint(doc.body)
        if fp in seen:
            failed.append(IngestReport(str(f), "failed", error=(
                f"duplicate of document {seen[fp]!r} already in the knowledge base; "
                f"remove it first (`kb remove {seen[fp]}`) to replace it")))
            continue
        seen[fp] = doc.slug
        taken.add(doc.slug)
        clauses = parse_clauses(doc)
        staged.append((doc, IngestReport(
            str(f), "added", doc.slug, doc.title, doc.kind, len(clauses),
            sum(c.title_only for c in clauses), tuple(structure_warnings(clauses)),
            seconds=round(time.perf_counter() - t0, 3))))
    return staged, failed


def load_folder(paths: list[Path], options: AddOptions | None = None,
                keep: Callable[[Path], bool] | None = None, limit: int | None = None,
                ) -> tuple[list[Document], list[IngestReport]]:
    """Documents from files and folders without touching any corpus or index (benchmarks,
    distilling, the STARD runner): files whose name starts with "_" are skipped (the laws
    collection's notes), then `keep` and `limit` choose; unreadable files come back as reports."""
    files, _ = expand(paths)
    files = [f for f in files if not f.name.startswith("_") and (keep is None or keep(f))]
    staged, failed = prepare(files[: limit or None], options or AddOptions())
    return [d for d, _ in staged], failed


def remove(settings: Settings, name: str,
           progress: Callable[[int, int], None] | None = None) -> IngestReport:
    """Remove a document (by slug or exact title) from the corpus and the index."""
    t0 = time.perf_counter()
    with corpus_lock(settings.corpus):
        recover_now(settings)
        docs = read_corpus(settings.corpus)
        match = [d for d in docs if name in (d.slug, d.title)]
        if not match:
            raise CorpusError(f"no document {name!r}: `kb list` shows the documents and their ids")
        if len(match) > 1:
            raise CorpusError(f"{len(match)} documents are titled {name!r}: remove one by id ("
                              + ", ".join(d.slug for d in match) + ")")
        doc = match[0]
        trash = settings.corpus / TRASH
        trash.mkdir(exist_ok=True)
        (settings.corpus / f"{doc.slug}.txt").replace(trash / f"{doc.slug}.txt")
        try:
            build(settings, progress=progress, docs=[d for d in docs if d.slug != doc.slug])
        except BaseException:
            (trash / f"{doc.slug}.txt").replace(settings.corpus / f"{doc.slug}.txt")
            raise
        (trash / f"{doc.slug}.txt").unlink()
    return IngestReport(doc.slug, "removed", doc.slug, doc.title, doc.kind,
                        seconds=round(time.perf_counter() - t0, 3))


def recover(corpus: Path, indexed_hash: str | None) -> str | None:
    """Finish or undo an interrupted add/remove so that the corpus matches the index again.
    Returns what was done, or None when nothing was pending."""
    pending = sorted((corpus / PENDING).glob("*.txt")) if (corpus / PENDING).is_dir() else []
    trash = sorted((corpus / TRASH).glob("*.txt")) if (corpus / TRASH).is_dir() else []
    if not pending and not trash:
        return None
    current = read_corpus(corpus) if any(corpus.glob("*.txt")) else []
    extra = [read_document(p) for p in pending + trash]
    if indexed_hash == corpus_hash(current + extra):
        for p in pending + trash:  # the index already has them: finish the step
            p.replace(corpus / p.name)
        logger.warning("corpus matched to the index after an interrupted change: %s",
                       ", ".join(p.stem for p in pending + trash))
        return "completed"
    for p in pending:  # the index never got them: a half-added document is dropped
        p.unlink()
    if indexed_hash != corpus_hash(current) and trash:
        for p in trash:
            p.replace(corpus / p.name)
    else:
        for p in trash:
            p.unlink()
    logger.warning("undid an interrupted change that never reached the index")
    return "undone"


def recover_now(settings: Settings) -> None:
    """`recover` against the index as it is now; the caller holds the corpus lock."""
    try:
        manifest = current_manifest(settings)
    except KBError:
        manifest = {}  # no usable index yet: nothing was committed, so pending files are dropped
    recover(settings.corpus, manifest.get("corpus_hash"))


def recover_if_idle(settings: Settings) -> None:
    """`recover_now`, unless an add/remove holds the corpus lock right now (its pending files are
    then work in progress, not leftovers). The manifest is read under the lock, so a reader that
    loaded an older snapshot never undoes a change that reached the index."""
    corpus = settings.corpus
    if not corpus.is_dir() or not ((corpus / PENDING).is_dir() or (corpus / TRASH).is_dir()):
        return
    try:
        f = open(corpus / LOCK, "a")  # noqa: SIM115
    except OSError:
        return  # a read-only corpus: nobody can have changed it half-way from here
    with f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return
        try:
            recover_now(settings)
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def open_kb(settings: Settings, embedder: Embedder | None = None,
            with_embedder: bool = True) -> KnowledgeBase:
    """The one way to open a knowledge base for use (CLI, app): finish or undo a change that an
    earlier process left half-way (`recover_if_idle`), then load one consistent snapshot of the
    index. `kb.index.load` itself never moves a file."""
    recover_if_idle(settings)
    return load(settings, embedder=embedder, with_embedder=with_embedder)


def documents(settings: Settings) -> list[tuple[Document, int, int]]:
    """(document, clauses, title-only clauses) for every document in the corpus."""
    out = []
    for d in read_corpus(settings.corpus):
        clauses = parse_clauses(d)
        out.append((d, len(clauses), sum(c.title_only for c in clauses)))
    return out


def _document(path: Path, options: AddOptions, taken: set[str]) -> Document:
    loaded = load_file(path, options.max_bytes)
    title = clean_line(options.title or "") or clean_line(loaded.title) or clean_line(path.stem)
    kind = options.kind or guess_kind(title)
    slug = slug_for(title, path, taken)
    return Document(slug=slug, title=title or slug, kind=kind, body=loaded.text.strip(),
                    source=clean_line(path.name))

