"""Curated document files -> `Document` records (and back).

A curated file is plain UTF-8 text with an optional header of `key: value` lines closed by a line
`---`, then the body exactly as the source has it. The header carries what the body does not say in a
machine-readable way (title, kind, issuer, date, source). This module does not parse clauses
(see `kb.parse`) and does not clean scraped pages (see `kb.curate`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import CorpusError

KINDS = ("standard", "regulation", "terminology", "guide", "data")
HEADER_KEYS = ("title", "kind", "issuer", "date", "code", "source")


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

    def to_text(self) -> str:
        lines = [f"{k}: {getattr(self, k)}" for k in HEADER_KEYS if getattr(self, k)]
        return "\n".join(lines) + "\n---\n" + self.body.rstrip("\n") + "\n"


def book(title: str) -> str:
    """《title》 for display; a title that quotes another title nests it: 《〈…〉…》."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"


def parse_document(text: str, slug: str) -> Document:
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
    doc = parse_document(text.lstrip("\ufeff"), path.stem)
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
