"""Files as they arrive (.txt, .md, .docx, .pdf, .html) -> plain text with a title.

Input: a path. Output: `Loaded` (title, plain text). Text files are decoded from UTF-8
(with or without BOM), UTF-16 (BOM) or whatever charset-normalizer detects (GB18030/GBK …); Word
documents keep heading text, tables (one row a line) and their automatic list numbering (rebuilt
from numbering.xml, so 第X条 / 1.1 numbers that Word draws are not lost); PDFs lose repeated page
headers/footers and page numbers; HTML loses navigation, scripts and boilerplate. Every failure is
a `CorpusError` saying what is wrong with the file. It does not parse clauses (see `kb.parse`).
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from kb.errors import CorpusError
from kb.numbering import int_to_cn

SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")
MAX_BYTES = 20 * 1024 * 1024
# Bounds checked before a file is inflated or parsed, so that a small hostile file cannot take
# gigabytes of memory (a .docx zip bomb, a PDF of a million pages, HTML of a million tags).
MAX_INFLATED_BYTES = 64 * 1024 * 1024  # all parts of a .docx together, uncompressed
MAX_ZIP_PARTS = 2000
MAX_PDF_PAGES = 3000
MAX_HTML_TAGS = 200_000
MAX_HTML_DEPTH = 1_000  # the HTML parser slows quadratically with depth (30,000 levels: 26 s)
MAX_TEXT_CHARS = 2_000_000  # extracted text of one document (the whole 民法典 is 106,000)


@dataclass(frozen=True)
class Loaded:
    title: str
    text: str


def load_file(path: Path, max_bytes: int = MAX_BYTES) -> Loaded:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CorpusError(f"{path.name}: unsupported file type {suffix or '(none)'}; "
                          f"supported: {', '.join(SUFFIXES)}")
    data = read_regular_file(path, max_bytes)
    try:
        if suffix in (".txt", ".md"):
            loaded = _text(data, path, markdown=suffix == ".md")
        elif suffix == ".docx":
            loaded = _docx(data, path)
        elif suffix == ".pdf":
            loaded = _pdf(data, path)
        else:
            loaded = _html(data, path)
    except RecursionError as e:
        raise CorpusError(f"{path.name} is nested too deeply to read: simplify or re-export it") from e
    if not loaded.text.strip():
        hint = ("a scanned PDF needs OCR first" if suffix == ".pdf" else
                "add the document's text to it")
        raise CorpusError(f"{path.name} contains no text: {hint}")
    if len(loaded.text) > MAX_TEXT_CHARS:
        raise CorpusError(f"{path.name} holds {len(loaded.text):,} characters of text; the limit is "
                          f"{MAX_TEXT_CHARS:,}: split the document")
    return loaded


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, read without following a symbolic link and never more than
    `max_bytes` (a device or pipe named like a document is refused, not read forever)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as e:
        if path.is_symlink():
            raise CorpusError(f"{path.name} is a symbolic link (to {os.readlink(path)}); links are "
                              "not followed: name the file itself to add it") from e
        raise CorpusError(f"cannot read {path}: {e.strerror}") from e
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise CorpusError(f"{path.name} is not a regular file (a device, pipe or socket): "
                              "give a document file")
        if st.st_size == 0:
            raise CorpusError(f"{path.name} is empty")
        if st.st_size > max_bytes:
            raise CorpusError(f"{path.name} is {st.st_size / 2**20:.1f} MB; the limit is "
                              f"{max_bytes / 2**20:.0f} MB: split the document or raise "
                              "KB_MAX_FILE_MB")
        return f.read(max_bytes + 1)[:max_bytes]


# --- plain text and Markdown ---------------------------------------------------------------------
def decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else the encoding charset-normalizer finds."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise CorpusError(f"{name} is not text (it looks binary): give a .txt/.md/.docx/.pdf/"
                              ".html file with the document's text") from None
        text = str(best)
    if "\x00" in text or _control_share(text) > 0.05:
        raise CorpusError(f"{name} is not text (it looks binary): give a .txt/.md/.docx/.pdf/.html "
                          "file with the document's text")
    return text


def _control_share(text: str) -> float:
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad / max(len(text), 1)


def _text(data: bytes, path: Path, markdown: bool) -> Loaded:
    text = decode(data, path.name).replace("\r\n", "\n").replace("\r", "\n")
    title = ""
    if markdown:
        text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
        lines = []
        for line in text.splitlines():
            m = re.match(r"^\s{0,3}(#{1,6})\s+(.*)$", line)
            if m:
                if m.group(1) == "#" and not title:
                    title = m.group(2).strip()
                    continue
                line = m.group(2)
            line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
            lines.append(line)
        text = "\n".join(lines)
    else:
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        if first and len(first) <= 40 and not re.search(r"[。；;，,]", first) \
                and not re.match(r"^第\S{1,6}[条章节]", first):
            rest = text.split(first, 1)[1]
            if rest.strip():  # a one-line file is its own text, not only a title
                title, text = first, rest
    return Loaded(title, text.strip("\n"))


# --- Word ----------------------------------------------------------------------------------------
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(data: bytes, name: str) -> None:
    """Refuse a zip-based file whose parts would inflate past `MAX_INFLATED_BYTES` or that has more
    than `MAX_ZIP_PARTS` parts. First from the sizes its central directory declares, before
    anything is inflated; then every part is inflated 1 MB at a time and thrown away, which checks
    that no part holds more than it declares (`zipfile` stops at the declared size and the
    checksum fails) without ever holding more than a megabyte of it. Only then does a parser see
    the file, which may inflate a part in one piece."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = zf.infolist()
            _check_sizes(parts, name)
            for part in parts:
                with zf.open(part) as f:
                    while f.read(1 << 20):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError,
            EOFError, RuntimeError, zlib.error) as e:
        raise CorpusError(f"{name} is not a readable Word document ({e}): open and re-save it in "
                          "Word, or export it as .txt") from e


def _check_sizes(parts: list[zipfile.ZipInfo], name: str) -> None:
    if len(parts) > MAX_ZIP_PARTS:
        raise CorpusError(f"{name} has {len(parts):,} parts inside; a Word document has a few "
                          f"dozen (limit {MAX_ZIP_PARTS:,}): re-save it in Word")
    inflated = sum(p.file_size for p in parts)
    if inflated > MAX_INFLATED_BYTES:
        raise CorpusError(f"{name} would inflate to {inflated / 2**20:,.0f} MB (limit "
                          f"{MAX_INFLATED_BYTES / 2**20:.0f} MB): it is not an ordinary Word "
                          "document (a zip bomb?); re-save it in Word or export it as .txt")


def _docx(data: bytes, path: Path) -> Loaded:
    try:
        import docx
    except ImportError as e:
        raise CorpusError("reading .docx needs python-docx: pip install -e .") from e
    check_zip(data, path.name)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise CorpusError(f"{path.name} is not a readable Word document ({e}): open and re-save it "
                          "in Word, or export it as .txt") from e
    except Exception as e:  # noqa: BLE001 - python-docx raises assorted errors on broken files
        raise CorpusError(f"{path.name} is not a readable Word document ({type(e).__name__}): "
                          "open and re-save it in Word, or export it as .txt") from e
    numbering = _Numbering(document)
    lines: list[str] = []
    title = (document.core_properties.title or "").strip()
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == W + "p":
            text = "".join(t.text or "" for t in child.iter(W + "t")).strip()
            style = _style_name(document, child)
            if not text:
                continue
            if not title and style.lower() in ("title", "标题"):
                title = text
                continue
            number = numbering.label(child, document)
            lines.append(f"{number}{text}" if number else text)
        elif child.tag == W + "tbl":
            for row in child.iter(W + "tr"):
                cells = ["".join(t.text or "" for t in cell.iter(W + "t")).strip()
                         for cell in row.iter(W + "tc")]
                if any(cells):
                    lines.append(" | ".join(cells))
    return Loaded(title, "\n".join(lines))


def _style_name(document, p) -> str:
    ppr = p.find(W + "pPr")
    sid = ppr.find(W + "pStyle").get(W + "val") if ppr is not None and ppr.find(W + "pStyle") \
        is not None else ""
    if not sid:
        return ""
    try:
        return document.styles.get_by_id(sid, 1).name or sid  # 1 = WD_STYLE_TYPE.PARAGRAPH
    except Exception:  # noqa: BLE001 - unknown style ids are common in converted files
        return sid


class _Numbering:
    """Rebuilds the numbers Word draws for automatically numbered paragraphs (numbering.xml)."""

    def __init__(self, document):
        self.abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.num_to_abstract: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for a in root.iter(W + "abstractNum"):
            levels = {}
            for lvl in a.iter(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl"))
                fmt = lvl.find(W + "numFmt")
                text = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                levels[ilvl] = (fmt.get(W + "val") if fmt is not None else "decimal",
                                text.get(W + "val") if text is not None else "",
                                int(start.get(W + "val")) if start is not None else 1)
            self.abstract[a.get(W + "abstractNumId")] = levels
        for n in root.iter(W + "num"):
            ref = n.find(W + "abstractNumId")
            if ref is not None:
                self.num_to_abstract[n.get(W + "numId")] = ref.get(W + "val")

    def label(self, p, document) -> str:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is None:
            num_pr = self._style_numbering(p, document)
        if num_pr is None or num_pr.find(W + "numId") is None:
            return ""
        num_id = num_pr.find(W + "numId").get(W + "val")
        ilvl_el = num_pr.find(W + "ilvl")
        ilvl = int(ilvl_el.get(W + "val")) if ilvl_el is not None else 0
        levels = self.abstract.get(self.num_to_abstract.get(num_id, ""), {})
        if num_id == "0" or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        for i in range(9):
            if counters[i] == 0 and i < ilvl:
                counters[i] = levels.get(i, ("", "", 1))[2]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else levels[ilvl][2]
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, text, _ = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def level_value(m: re.Match) -> str:
            i = int(m.group(1)) - 1
            f = levels.get(i, (fmt, "", 1))[0]
            return _format_number(counters[i], f)

        label = re.sub(r"%(\d)", level_value, text)
        return label + ("" if label.endswith((" ", "、", "\u3000", "）", ")", "】", "]")) else " ")

    def _style_numbering(self, p, document):
        ppr = p.find(W + "pPr")
        style = ppr.find(W + "pStyle") if ppr is not None else None
        if style is None:
            return None
        try:
            st = document.styles.get_by_id(style.get(W + "val"), 1)
        except Exception:  # noqa: BLE001
            return None
        return st.element.find(f"{W}pPr/{W}numPr") if st is not None else None


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
               "ideographLegalTraditional", "taiwaneseCounting", "chineseLegalSimplified"):
        return int_to_cn(n)
    if fmt == "lowerLetter":
        return chr(ord("a") + n - 1)
    if fmt == "upperLetter":
        return chr(ord("A") + n - 1)
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


# --- PDF -----------------------------------------------------------------------------------------
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4})?"
                          r"(?:\s*[-—–])?\s*$|^\s*(?:page|Page)\s+\d+(?:\s+of\s+\d+)?\s*$")


def _pdf(data: bytes, path: Path) -> Loaded:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as e:
        raise CorpusError("reading .pdf needs pypdf: pip install -e .") from e
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CorpusError(f"{path.name} is an encrypted PDF: remove the password and add it again")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise CorpusError(f"{path.name} has {len(reader.pages):,} pages (limit "
                              f"{MAX_PDF_PAGES:,}): split the document")
        pages, chars = [], 0
        for page in reader.pages:
            pages.append((page.extract_text() or "").replace("\x00", ""))
            chars += len(pages[-1])
            if chars > MAX_TEXT_CHARS:
                raise CorpusError(f"{path.name} holds more than {MAX_TEXT_CHARS:,} characters of "
                                  "text: split the document")
    except CorpusError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise CorpusError(f"{path.name} is not a readable PDF ({e}): re-export it, or give the "
                          "text as .txt") from e
    except Exception as e:  # noqa: BLE001 - pypdf raises assorted errors on damaged files
        if "crypt" in type(e).__name__.lower() or "decrypt" in str(e).lower():
            raise CorpusError(f"{path.name} is an encrypted PDF: remove the password and add it "
                              "again") from e
        raise CorpusError(f"{path.name} is not a readable PDF ({type(e).__name__}: {e})") from e
    title = ""
    meta = reader.metadata if not reader.is_encrypted else None
    if meta is not None and meta.title:
        title = str(meta.title).strip()
    return Loaded(title, "\n".join(strip_page_furniture([p.splitlines() for p in pages])))


def strip_page_furniture(pages: list[list[str]]) -> list[str]:
    """Drop page numbers and lines repeated at the top or bottom of most pages (running heads)."""
    edges: Counter[str] = Counter()
    for lines in pages:
        content = [ln.strip() for ln in lines if ln.strip()]
        for ln in set(content[:2] + content[-2:]):
            edges[re.sub(r"\d+", "#", ln)] += 1
    repeated = {ln for ln, n in edges.items() if len(pages) >= 3 and n >= 0.6 * len(pages)}
    out = []
    for lines in pages:
        for ln in lines:
            s = ln.strip()
            if not s or _PAGE_NUMBER.match(s) or re.sub(r"\d+", "#", s) in repeated:
                continue
            out.append(re.sub(r"[ \t\u3000]{2,}", " ", s))
    return out


# --- HTML ----------------------------------------------------------------------------------------
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section", "article",
           "pre", "blockquote", "dd", "dt", "table")
_BOILERPLATE = ("nav", "header", "footer", "aside", "script", "style", "noscript", "form", "iframe",
                "svg", "button", "select", "menu")


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def html_depth(text: str) -> int:
    """The deepest nesting of elements, counted from the tags alone (void elements and
    self-closed tags do not nest), before any parser builds a tree."""
    depth = deepest = 0
    for m in _TAG.finditer(text):
        if m.group(3) or m.group(2).lower() in _VOID:
            continue
        if m.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _html(data: bytes, path: Path) -> Loaded:
    try:
        from bs4 import BeautifulSoup
    except ImportError as e:
        raise CorpusError("reading .html needs beautifulsoup4: pip install -e .") from e
    text = decode(data, path.name)
    tags = len(re.findall(r"<[A-Za-z]", text))
    if tags > MAX_HTML_TAGS:
        raise CorpusError(f"{path.name} has {tags:,} HTML tags (limit {MAX_HTML_TAGS:,}): save the "
                          "page's text as .txt, or split it")
    depth = html_depth(text)
    if depth > MAX_HTML_DEPTH:
        raise CorpusError(f"{path.name} nests HTML elements {depth:,} levels deep (limit "
                          f"{MAX_HTML_DEPTH:,}): save the page's text as .txt")
    soup = BeautifulSoup(text, "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    h1 = soup.find("h1")
    if h1 is not None:
        title = h1.get_text(" ", strip=True) or title
        h1.decompose()
    for tag in soup(list(_BOILERPLATE)):
        tag.decompose()
    for tag in soup.find_all(attrs={"class": re.compile(r"nav|menu|breadcrumb|footer|sidebar|"
                                                        r"share|advert|banner", re.I)}):
        tag.decompose()
    main = soup.find("main") or soup.find("article") or soup.body or soup
    for cell in main.find_all(["td", "th"]):
        cell.append(" | ")
    for tag in main.find_all(list(_BLOCKS)):
        tag.insert_before("\n")
        tag.append("\n")
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip().rstrip("| ").strip()
             for ln in main.get_text().splitlines()]
    return Loaded(title, "\n".join(ln for ln in lines if ln))
