"""Document text -> `Clause` records that keep the document's own numbering and hierarchy.

Input: a `Document` (plain text as it arrives: one long line or many, numbering inline or on its own
line, a table of contents with page numbers). Output: clauses with a stable id (document slug +
canonical clause key), number as written, heading, text, parent, order, heading path, whether only
the title is known (a table-of-contents entry whose body is not in the corpus), and cross-references
to other clauses. It does not tokenise or embed (see `kb.segment`, `kb.embed`).

Recognised numbering: 第X编/章/节, 第X条 (Chinese or Arabic numerals), 附录 A, A.1 / A.1.1, 4 / 4.1 / 6.7,
items （一） / 一、 / 1. / 1、 / 1) / (1), and short unnumbered heading lines. Text with no structure
becomes paragraph groups numbered ¶1, ¶2, ..., one to each part the text counts (首先, 其次, 最后 …).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from kb.documents import Document
from kb.numbering import CN_NUM, NUM, cn_to_int, find_refs

SENTENCE_END = "。！？；;:：!?"
PUNCT = "。，,；;：:！？!?、"
FIGURE_UNITS = "年月日至%％个家份人万亿元次项名倍天周岁号"
PARAGRAPH_CHARS = 200  # unstructured text is grouped into paragraphs of about this size
# ... or by the words it counts its parts with at a line's start (首先, 其次, 第三, 最后, 综上所述):
# each part one paragraph ("其次,…需要具备较强的经营能力。" with the sentences that say which)
_COUNTS_PART = re.compile(r"(?:首先|其次|再次|第[二三四五六七八九十]|最后|综上所述|总之|总而言之)"
                          r"\s*[,，、:：]")
PASSAGE_CHARS = 350  # a longer clause is split into passages (about 250 tokens for e5)


@dataclass(frozen=True)
class Clause:
    id: str
    doc: str
    doc_title: str
    kind: str
    number: str
    key: str
    heading: str
    text: str
    parent: str | None
    order: int
    title_only: bool = False
    path: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.number} {self.heading}".strip()


@dataclass
class _Node:
    style: str
    rank: int
    number: str
    key: str
    heading: str
    parent: _Node | None
    text: str = ""
    title_only: bool = False
    children: list[_Node] = field(default_factory=list)
    bullets: int = 0  # how many of `children` are bullets (counted, not recounted: a list may be long)


# --- line patterns -----------------------------------------------------------------------------
_ARTICLE = re.compile(rf"^第\s*({NUM})\s*条(?![规的所至和、或中之第])\s*(.*)$")
_PART = re.compile(rf"^第\s*({NUM})\s*(编|章|节)\s*(.*)$")
_APPENDIX = re.compile(r"^附\s*录\s*([A-Z])(?![A-Za-z.])\s*(.*)$")
_LETTERED = re.compile(r"^([A-Z](?:\.\d{1,2})+)(?![\d.])\s*(.*)$")
_DOTTED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)(?![\d.%])\s*(.*)$")
_BARE = re.compile(r"^(\d{1,2})[ \t\u3000]+([\u4e00-\u9fff].*)$")
_ITEMS = (
    ("paren_cn", re.compile(rf"^[(（]\s*([{CN_NUM}]+)\s*[)）]\s*(.*)$")),
    ("cn", re.compile(r"^([一二三四五六七八九十]+)\s*[、．.]\s*(.*)$")),
    ("paren_num", re.compile(r"^[(（]\s*(\d{1,2})\s*[)）]\s*(.*)$")),
    ("num_paren", re.compile(r"^(\d{1,2})\s*[)）]\s*(.*)$")),
    ("num_dun", re.compile(r"^(\d{1,2})\s*、\s*(.*)$")),
    ("num_dot", re.compile(r"^(\d{1,2})\s*[.．](?!\d)\s*(.*)$")),
)
# a bullet ("- 项目进度:…"): an item numbered by its place among its parent's bullets
_BULLET_MARKS = "-–•●▪"
_BULLET = re.compile(rf"^[{_BULLET_MARKS}]\s*(?=[\u4e00-\u9fffA-Za-z“\"])(.*)$")
_BULLET_NUMBER = re.compile(r"第\d+点")
_PART_RANK = {"编": 0, "章": 1, "节": 2}
_ARTICLE_RANK = 3
_TOC_ENTRY = re.compile(
    r"\s*(?P<num>附\s*录\s*[A-Z]|[A-Z](?:\.\d+)+|\d{1,2}(?:\.\d{1,2})*)[ \t\u3000]*"
    r"(?P<title>(?:[^()（）\n]|[(（][^()（）\d][^()（）]*[)）])*?)\s*"
    r"(?:[(（](?P<page>\d{1,3})[)）]|[.…·]{2,}\s*(?P<page2>\d{1,3}))"
)


def parse_clauses(doc: Document) -> list[Clause]:
    """Clauses of one document, in reading order, without cross-document references."""
    parser = _Parser(doc)
    parser.run()
    return parser.clauses()


def parse_corpus(docs: list[Document]) -> list[Clause]:
    clauses = [c for d in docs for c in parse_clauses(d)]
    return link_references(clauses, docs)


# --- the parser ----------------------------------------------------------------------------------
class _Parser:
    def __init__(self, doc: Document):
        self.doc = doc
        self.root = _Node("root", -1, "", "", "", None)
        self.stack: list[_Node] = [self.root]
        self.by_key: dict[str, _Node] = {}
        self.toc_titles: dict[str, str] = {}
        self.paragraphs = 0
        self.last_was_heading = False

    def run(self) -> None:
        lines = _logical_lines(self.doc.body)
        i = 0
        while i < len(lines):
            line = lines[i].strip()
            # the next non-empty line (scanned, not sliced: a slice per line is quadratic)
            nxt = next((lines[j].strip() for j in range(i + 1, len(lines)) if lines[j].strip()), "")
            i += 1
            if not line:
                continue
            toc_at = line.find("目录")
            if toc_at >= 0 and _TOC_ENTRY.match(line, toc_at + 2):
                tail = self._table_of_contents(line, toc_at)
                if tail:
                    lines.insert(i, tail)
                continue
            extra = self._line(line, nxt)
            if extra:
                lines.insert(i, extra)

    # A table of contents: every entry becomes a title-only clause until its body turns up.
    def _table_of_contents(self, line: str, at: int) -> str:
        if line[:at].strip():
            self._text(line[:at].strip())
        pos = at + 2
        while True:
            m = _TOC_ENTRY.match(line, pos)
            if not m:
                break
            num = re.sub(r"\s+", " ", m.group("num"))
            title = m.group("title").strip()
            style, rank, key = _structural(num)
            self.toc_titles[key] = title
            node = self._open(style, rank, num, key, title)
            node.text = line[m.start() : m.end()].strip()
            node.title_only = True
            pos = m.end()
        tail = line[pos:].strip()
        title = self.doc.title
        if tail.startswith(title) and _starts_numbered(tail[len(title) :]):
            tail = tail[len(title) :]  # the running title printed again before clause 1
        return tail

    def _line(self, line: str, nxt: str) -> str | None:
        """Handle one logical line; return a piece to be handled as the next line, if any."""
        hit = _classify(line)
        if hit is None:
            if _looks_like_heading(line, nxt):
                level = self._heading_level()
                self._open(f"h{level}", 0, "", f"§{line}", line)
                self.last_was_heading = True
                return None
            self._text(line)
            self.last_was_heading = False
            return None
        style, rank, label, key, rest = hit
        heading, body, spill = _split_heading(style, key, rest, self.doc.title, self.toc_titles)
        node = self._open(style, rank, label, key, heading)
        if body:
            node.text = _join(node.text, body)
        self.last_was_heading = False
        return spill

    def _heading_level(self) -> int:
        top = self.stack[-1]
        if top.style.startswith("h"):
            level = int(top.style[1:])
            return level + 1 if self.last_was_heading and not top.text else level
        return 0

    def _open(self, style: str, rank: int, label: str, key: str, heading: str) -> _Node:
        if _is_item(style):
            parent = self._item_parent(style)
        else:
            while len(self.stack) > 1 and self.stack[-1].rank >= rank:
                self.stack.pop()
            parent = self.stack[-1]
        if style == "bullet":  # the n-th bullet: "第n点", filed as an item numbered n
            parent.bullets += 1
            label, key = f"第{parent.bullets}点", str(parent.bullets)  # (`_BULLET_NUMBER`)
        full_key = _item_key(style, parent, key)
        existing = self.by_key.get(full_key)
        if existing is not None and existing.title_only:
            node = existing  # the body of a clause first seen in the table of contents
            node.title_only = False
            node.text = ""
            node.heading = heading or node.heading
            self.stack = _path_to(node)
            return node
        number = _item_number(style, parent, label)
        node = _Node(style, rank if rank else parent.rank + 10, number, full_key, heading, parent)
        if existing is not None:
            node.key = _dedupe(full_key, self.by_key)
        self.by_key[node.key] = node
        parent.children.append(node)
        self.stack.append(node)
        return node

    def _item_parent(self, style: str) -> _Node:
        # Item styles nest in the order they first appear under the nearest structural clause.
        if style != "para" and self.stack[-1].style == "para":
            self.stack.pop()  # numbered text after a loose paragraph is not part of it
        for depth in range(len(self.stack) - 1, 0, -1):
            node = self.stack[depth]
            if node.style == style:
                del self.stack[depth:]
                return self.stack[-1]
            if not _is_item(node.style):
                break
        return self.stack[-1]

    def _text(self, line: str) -> None:
        top = self.stack[-1]
        if top is self.root or (top.style == "para" and (
                len(top.text) >= PARAGRAPH_CHARS or top.text and _COUNTS_PART.match(line))):
            if top.style == "para":
                self.stack.pop()
            self.paragraphs += 1
            top = self._open("para", 0, f"¶{self.paragraphs}", f"¶{self.paragraphs}", "")
        top.text = _join(top.text, line)

    def clauses(self) -> list[Clause]:
        out: list[Clause] = []
        slug = self.doc.slug

        def walk(node: _Node, path: tuple[str, ...]) -> None:
            for child in node.children:
                if child.heading and not child.text and not child.children and child.number:
                    child.text, child.heading = child.heading, ""  # an item, not a heading
                label = f"{child.number} {child.heading}".strip()
                child_path = path + (label,)
                parent_id = f"{slug}:{node.key}" if node is not self.root else None
                out.append(
                    Clause(
                        id=f"{slug}:{child.key}",
                        doc=slug,
                        doc_title=self.doc.title,
                        kind=self.doc.kind,
                        number=child.number,
                        key=child.key,
                        heading=child.heading,
                        text=child.text,
                        parent=parent_id,
                        order=len(out),
                        title_only=child.title_only,
                        path=child_path,
                    )
                )
                walk(child, child_path)

        walk(self.root, ())
        return out


# --- helpers -------------------------------------------------------------------------------------
def _logical_lines(body: str) -> list[str]:
    """Split physical lines where numbering is run inline: articles separated by spaces (a whole
    regulation on one line) and items listed after a colon or semicolon."""
    out: list[str] = []
    for line in body.splitlines():
        line = re.sub(rf"[ \t\u3000]+(?=第\s*{NUM}\s*条[ \t\u3000])", "\n", line)
        line = re.sub(rf"(?<=[：:；;。])[ \t\u3000]*(?=[(（][{CN_NUM}]+[)）])", "\n", line)
        line = re.sub(r"(?<=[：:；;。])[ \t\u3000]*(?=\d{1,2}[.、．](?![\d.])\s?\D)", "\n", line)
        line = re.sub(rf"(?<=[：:])[ \t\u3000]*(?=[{_BULLET_MARKS}]\s*[\u4e00-\u9fff])", "\n", line)
        out.extend(line.split("\n"))
    return out


def _structural(num: str) -> tuple[str, int, str]:
    """(style, rank, key) of a structural number: "附录 C", "C.8", "6.7", "1"."""
    compact = re.sub(r"\s+", "", num)
    if compact.startswith("附录"):
        return "appendix", 1, compact
    return "dotted", 1 + compact.count("."), compact


def _classify(line: str) -> tuple[str, int, str, str, str] | None:
    """(style, rank, label as written, key, rest of line) for a numbered line, else None."""
    if m := _PART.match(line):
        n = cn_to_int(m.group(1))
        label = line[: m.start(3)].strip()
        return "part" + m.group(2), _PART_RANK[m.group(2)], label, f"第{n}{m.group(2)}", m.group(3)
    if m := _ARTICLE.match(line):
        label = line[: m.start(2)].strip()
        return "article", _ARTICLE_RANK, label, f"第{cn_to_int(m.group(1))}条", m.group(2)
    if m := _APPENDIX.match(line):
        return "appendix", 1, f"附录 {m.group(1)}", f"附录{m.group(1)}", m.group(2)
    for pattern in (_LETTERED, _DOTTED):
        if (m := pattern.match(line)) and not _is_figure(m.group(2)):
            num = m.group(1)
            return "dotted", 1 + num.count("."), num, num, m.group(2)
    if (m := _BARE.match(line)) and not _is_figure(m.group(2)):
        return "dotted", 1, m.group(1), m.group(1), m.group(2)
    if m := _BULLET.match(line):
        return "bullet", 0, "", "", m.group(1)
    for style, pattern in _ITEMS:
        if (m := pattern.match(line)) and not _is_figure(m.group(2)):
            raw = m.group(1)
            label = line[: m.start(2)].strip()
            n = cn_to_int(raw)
            return style, 0, label, str(n) if style != "cn" else raw, m.group(2)
    return None


def _is_figure(rest: str) -> bool:
    """"2014年…", "1至7月…", "5%…": a number that starts a sentence, not a clause number."""
    return bool(rest) and (rest[0] in FIGURE_UNITS or rest[0].isdigit())


def _is_item(style: str) -> bool:
    return style in dict(_ITEMS) or style in ("bullet", "para") or style.startswith("h")


def _starts_numbered(s: str) -> bool:
    return _classify(s.strip()) is not None


def _looks_like_heading(line: str, nxt: str) -> bool:
    """A short unpunctuated line followed by text ("业务种类", "根据主体对象")."""
    return (
        len(line) <= 16
        and not any(p in line for p in PUNCT)
        and line[0] not in "“\"《(（"
        and bool(nxt)
        and not re.match(r"^\d{4}\s*年", nxt)
        and not re.search(r"[A-Za-z]{4,}", line)
    )


def _split_heading(
    style: str, key: str, rest: str, title: str, toc: dict[str, str]
) -> tuple[str, str, str | None]:
    """(heading, body, spill) of a numbered line's rest; `spill` is a sub-item run on after it."""
    rest = rest.strip()
    known = toc.get(key)
    if known and rest.startswith(known):
        return known, rest[len(known) :].strip(), None
    if style in ("article", "bullet") or not rest:  # a bullet is quoted as written
        return "", rest, None
    if m := re.match(rf"^([^{PUNCT}\d]{{1,16}}?)(?=\d{{1,2}}[.、．]\s?[^\d])", rest):
        return m.group(1).strip(), "", rest[m.end() :]
    if len(rest) <= 30 and "。" not in rest and rest[-1] not in SENTENCE_END:
        return rest, "", None  # a heading line; a leaf "heading" is turned back into text later
    first = re.split(rf"[{PUNCT}]", rest, maxsplit=1)[0]
    if len(first) > 16 and len(title) >= 2:
        # "岗位概述外包岗位是指…": a heading run into its body, which restarts with the subject
        # that the document title starts with.
        subject = title[:2]
        for p in range(4, 13):
            if rest[p : p + 2] == subject and re.fullmatch(r"[\u4e00-\u9fff]+", rest[:p]):
                return rest[:p], rest[p:], None
    if m := re.match(r"^([^。，,；;！？!?]{1,30}?)[:：]\s*(.*)$", rest, re.S):
        return m.group(1).strip(), m.group(2), None
    return "", rest, None


def _join(text: str, line: str) -> str:
    if not text:
        return line
    if text[-1] in SENTENCE_END or not re.match(r"[\u4e00-\u9fff“]", line):
        return text + "\n" + line
    return text + line  # a sentence wrapped across lines


def _item_key(style: str, parent: _Node, key: str) -> str:
    if not _is_item(style) or style == "para" or style.startswith("h"):
        return key
    if parent.style == "root":
        return key
    if style.startswith("paren"):
        return f"{parent.key}({key})"
    return f"{parent.key}/{key}"


def _item_number(style: str, parent: _Node, label: str) -> str:
    if (style in dict(_ITEMS) or style == "bullet") and parent.number and parent.style not in ("para",):
        return parent.number + label
    return label


def _dedupe(key: str, taken: dict[str, _Node]) -> str:
    n = 2
    while f"{key}~{n}" in taken:
        n += 1
    return f"{key}~{n}"


def _path_to(node: _Node) -> list[_Node]:
    path = []
    while node is not None:
        path.append(node)
        node = node.parent
    return list(reversed(path))


# --- cross-references ----------------------------------------------------------------------------
def link_references(clauses: list[Clause], docs: list[Document]) -> list[Clause]:
    """Add `refs`: clauses that a clause's text points to ("按4.4的规定", "附录C", "第十条").

    A reference resolves in its own document first, then in the documents whose titles the
    document's title quotes in 《》 (explanatory notes point at the standard they explain)."""
    by_doc: dict[str, dict[str, str]] = {}
    for c in clauses:
        by_doc.setdefault(c.doc, {})[c.key] = c.id
    titles = {d.title: d.slug for d in docs}
    related = {}
    for d in docs:
        named = re.findall(r"《([^》]+)》", d.title)
        related[d.slug] = [titles[n] for n in named if n in titles]
    out = []
    for c in clauses:
        refs: list[str] = []
        for r in find_refs(f"{c.heading}\n{c.text}"):
            for slug in [c.doc, *related.get(c.doc, [])]:
                target = by_doc.get(slug, {}).get(r.key)
                if target and target != c.id and target not in refs:
                    refs.append(target)
                    break
        out.append(replace(c, refs=tuple(refs)) if refs else c)
    return out


def full_text(clause: Clause, children: Callable[[str], list[Clause]]) -> str:
    """A clause's text followed by its items' text ("第五条 …包括:" then "(一) …" to "(八) …"),
    as it is indexed and cited. `children(id)` gives a clause's items in order."""
    parts = [clause.text] if clause.text else []
    for child in children(clause.id):
        body = full_text(child, children)
        if body and child.title_only:
            parts.append(body)  # a table-of-contents line already carries number and title
        elif body:
            number = child.number
            if clause.number and number.startswith(clause.number):
                number = number[len(clause.number) :]  # "（一）" rather than "第五条（一）"
            if _BULLET_NUMBER.fullmatch(number):
                number = "-"  # a bullet as the document writes it
            parts.append(f"{number}{child.heading and ' ' + child.heading} {body}".strip())
    return "\n".join(parts)


def is_item_of(child: Clause, parent: Clause) -> bool:
    """(一) of 第三条, 1. of 三、: numbered items, not sub-clauses such as 6.7 of 6 or C.8 of 附录 C."""
    if parent.number and child.number.startswith(parent.number) and child.number != parent.number:
        return not re.fullmatch(r"[A-Z]?[\d.]+", child.number)
    return False


def split_passages(text: str, limit: int = PASSAGE_CHARS) -> list[str]:
    """Split a clause's text at sentence ends into pieces of at most about `limit` characters."""
    if len(text) <= limit:
        return [text]
    sentences = re.findall(r"[^。！？；;\n]*[。！？；;\n]?", text)
    pieces, cur = [], ""
    for s in sentences:
        if not s:
            continue
        if cur and len(cur) + len(s) > limit:
            pieces.append(cur)
            cur = ""
        while len(s) > limit:  # a single run-on sentence
            pieces.append(s[:limit])
            s = s[limit:]
        cur += s
    if cur.strip():
        pieces.append(cur)
    return [p.strip() for p in pieces if p.strip()]


def sentences(text: str, ends: str = "。！？；;") -> list[str]:
    """The sentences of `text`, line by line, each ending at one of `ends` (kept)."""
    pattern = re.compile(f"[^{ends}]+[{ends}]?")
    out = []
    for line in text.splitlines():
        out.extend(s.strip() for s in pattern.findall(line) if s.strip())
    return out
