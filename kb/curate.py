"""Scraped source pages (corpus/raw/) -> curated documents (corpus/docs/<slug>.txt).

Input: `corpus/sources.toml`, which names each document's raw page, start text, title and kind.
Output: one `Document` per entry whose body is the source wording with scraper artefacts removed:
repeated title lines, download-site boilerplate and the weather-site city list. It never adds
structure; clause numbering is recognised later by `kb.parse`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from kb.documents import Document
from kb.errors import CorpusError


def load_spec(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise CorpusError(f"cannot read curation spec {path}: {e}") from e


def curate(spec_path: Path, raw_dir: Path) -> list[Document]:
    spec = load_spec(spec_path)
    noise = [n for n in spec.get("noise", [])]
    entries = spec.get("doc", [])
    pages: dict[str, str] = {}
    starts: list[int] = []
    cursor: dict[str, int] = {}
    for e in entries:
        raw = e["raw"]
        if raw not in pages:
            pages[raw] = _read_raw(raw_dir / raw)
        at = pages[raw].find(e["start"], cursor.get(raw, 0))
        if at < 0:
            raise CorpusError(
                f"start text {e['start']!r} of document {e['slug']!r} not found in {raw} "
                f"after offset {cursor.get(raw, 0)}: fix corpus/sources.toml"
            )
        starts.append(at)
        cursor[raw] = at + 1
    docs = []
    for i, e in enumerate(entries):
        text = pages[e["raw"]]
        begin = starts[i] + (len(e["start"]) if e.get("skip_start") else 0)
        end = len(text)
        nxt = [starts[j] for j in range(i + 1, len(entries)) if entries[j]["raw"] == e["raw"]]
        if nxt:
            end = nxt[0]
        if "end" in e:
            stop = text.find(e["end"], begin)
            if stop < 0:
                raise CorpusError(f"end text {e['end']!r} of {e['slug']!r} not found: fix sources.toml")
            end = min(end, stop)
        body = clean_body(text[begin:end], e["title"], noise)
        docs.append(
            Document(
                slug=e["slug"],
                title=e["title"],
                kind=e["kind"],
                body=body,
                issuer=e.get("issuer", ""),
                date=e.get("date", ""),
                code=e.get("code", ""),
                source=f"corpus/raw/{e['raw']}",
            )
        )
    return docs


def clean_body(text: str, title: str, noise: list[str]) -> str:
    lines = [ln.rstrip() for ln in text.splitlines()]
    lines = [ln for ln in lines if not any(n in ln for n in noise)]
    lines = _strip_title_repeats(lines, title)
    out: list[str] = []
    for ln in lines:
        if not ln.strip():
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(ln.strip() if _is_list_bullet(ln) else ln)
    return "\n".join(out).strip("\n")


def _strip_title_repeats(lines: list[str], title: str) -> list[str]:
    """Drop leading lines that repeat (part of) the title, and a title glued to the first line."""
    key = _fold(title)
    i = 0
    while i < len(lines):
        line = _fold(lines[i])
        if not line:
            i += 1
            continue
        if line in key:  # "外包岗位岗位规范" or the split title "编制说明"
            i += 1
            continue
        break
    rest = lines[i:]
    while rest and key and _fold(rest[0]).startswith(key) and len(_fold(rest[0])) > len(key):
        # "外包岗位岗位规范一、岗位概述…": the scraper glued the title to the first line.
        rest[0] = rest[0].strip()[len(title) :].lstrip()
    return rest


def _fold(s: str) -> str:
    return re.sub(r"\s+", "", s).casefold()


def _is_list_bullet(line: str) -> bool:
    return line.lstrip().startswith("•")


def write_docs(docs: list[Document], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for d in docs:
        p = out_dir / f"{d.slug}.txt"
        p.write_text(d.to_text(), encoding="utf-8")
        paths.append(p)
    return paths


def _read_raw(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except OSError as e:
        raise CorpusError(f"cannot read raw page {path}: {e.strerror}") from e
