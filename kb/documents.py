"""Curated document files -> `Document` records (and back).

A curated file is plain UTF-8 text with an optional header of `key: value` lines closed by a line
`---`, then the body exactly as the source has it. The header carries what the body does not say in a
machine-readable way (title, kind, issuer, date, source). This module does not parse clauses
(see `kb.parse`) and does not clean scraped pages (see `kb.curate`).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import CorpusError, IndexWriteError

KINDS = ("standard", "regulation", "terminology", "guide", "data")
LOCK, PENDING, TRASH = ".kb.lock", ".pending", ".trash"  # in the corpus folder, see `kb.ingest`
HEADER_KEYS = ("title", "kind", "issuer", "date", "code", "source")
MAX_TITLE_CHARS = 200
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_line(value: str, limit: int = MAX_TITLE_CHARS) -> str:
    """One line of plain text for a title, file name or header value: control and format
    characters (line breaks, U+2028, bidi overrides, zero-width marks) and surrogates removed,
    runs of whitespace collapsed to one space, at most `limit` characters."""
    out = []
    for ch in value:
        cat = unicodedata.category(ch)
        if cat[0] == "Z" or ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85":
            out.append(" ")
        elif cat[0] != "C":  # Cc, Cf, Cs, Co, Cn
            out.append(ch)
    return " ".join("".join(out).split())[:limit].strip()


def clean_body(text: str) -> str:
    """Document text as it is stored: one newline convention, no NUL, no lone surrogates."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return _LONE_SURROGATE.sub("", text)


@dataclass(frozen=True)
class Document:
    slug: str
    title: str
    kind: str
    body: str
    issuer: str = ""
    date: str = ""
    code: str = ""
    source: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        # Every header value is one clean line, so a title from a hostile file can never add
        # header lines or end the header early (`to_text` -> `document_from_text` is a round trip).
        for key in HEADER_KEYS:
            object.__setattr__(self, key, clean_line(getattr(self, key), 1000))
        object.__setattr__(self, "body", clean_body(self.body).strip("\n"))

    def to_text(self) -> str:
        lines = [f"{k}: {getattr(self, k)}" for k in HEADER_KEYS if getattr(self, k)]
        return "\n".join(lines) + "\n---\n" + self.body.rstrip("\n") + "\n"


def book(title: str) -> str:
    """《title》 for display; a title that quotes another title nests it: 《〈…〉…》."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"


def document_from_text(text: str, slug: str) -> Document:
    """Split a curated file's text into header and body; a file without header is all body."""
    header: dict[str, str] = {}
    body = text
    head, sep, rest = text.partition("\n---\n")
    if sep and all(":" in line for line in head.splitlines() if line.strip()):
        for line in head.splitlines():
            if line.strip():
                key, _, value = line.partition(":")
                header[key.strip()] = value.strip()
        body = rest
    title = header.pop("title", "") or _first_line(body) or slug
    kind = header.pop("kind", "guide")
    if kind not in KINDS:
        raise CorpusError(
            f"document {slug!r} has kind {kind!r}; expected one of {', '.join(KINDS)}: "
            "fix the `kind:` line of its header"
        )
    known = {k: header.pop(k, "") for k in ("issuer", "date", "code", "source")}
    return Document(slug=slug, title=title, kind=kind, body=body.strip("\n"), extra=header, **known)


def read_document(path: Path) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise CorpusError(f"{path} is not UTF-8 text ({e.reason}): convert it to UTF-8") from e
    except OSError as e:
        raise CorpusError(f"cannot read {path}: {e.strerror}") from e
    doc = document_from_text(text.lstrip("\ufeff"), path.stem)
    if not doc.body.strip():
        raise CorpusError(f"{path} has no text after its header: add the document's text")
    return doc


def read_corpus(folder: Path) -> list[Document]:
    """Every `*.txt` document in `folder`, sorted by file name."""
    if not folder.is_dir():
        raise CorpusError(
            f"corpus folder {folder} does not exist: run `kb curate` or set KB_CORPUS to a folder "
            "of curated .txt documents"
        )
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise CorpusError(f"corpus folder {folder} holds no .txt documents: run `kb curate`")
    return [read_document(p) for p in paths]


def corpus_hash(docs: list[Document]) -> str:
    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: d.slug):
        h.update(d.slug.encode() + b"\0" + d.to_text().encode() + b"\0")
    return h.hexdigest()[:16]


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:60]
    return ""


@contextmanager
def corpus_lock(corpus: Path) -> Iterator[None]:
    """Held by an add or remove for the whole change (pending files, build, switch, move)."""
    try:
        corpus.mkdir(parents=True, exist_ok=True)
        f = open(corpus / LOCK, "a")  # noqa: SIM115
    except OSError as e:
        raise IndexWriteError(f"cannot write the corpus folder {corpus} ({e.strerror}): make it "
                              "writable, or set KB_CORPUS (or --corpus) to a folder you can write"
                              ) from e
    with f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)



def change_in_progress(corpus: Path) -> bool:
    """Whether an add or remove holds the corpus lock right now."""
    try:
        fd = os.open(corpus / LOCK, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases a lock taken here
    return False
