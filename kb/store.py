"""Clause records <-> SQLite (`clauses.sqlite` inside an index folder).

Holds documents, clauses (with parent, order, heading path and cross-references), the passages
that the FAISS and BM25 rows point to, and the terminology. Read-only once built. It does not
search (see `kb.retrieve`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kb.documents import Document
from kb.parse import Clause, full_text
from kb.terms import Term

_CHAPTER = re.compile(r"(第\d+章)(?:~\d+)?")
_SECTION = re.compile(r"(第\d+节)(?:~\d+)?")
_LOCAL_NUMBER = re.compile(
    r"\s*(?:[\d一二三四五六七八九十]+\s*[、.．]?|[(（][\d一二三四五六七八九十]+[)）])\s*")

SCHEMA = """
CREATE TABLE docs (slug TEXT PRIMARY KEY, title TEXT, kind TEXT, issuer TEXT, date TEXT,
                   code TEXT, source TEXT, ord INTEGER);
CREATE TABLE clauses (id TEXT PRIMARY KEY, doc TEXT, doc_title TEXT, kind TEXT, number TEXT,
                      key TEXT, heading TEXT, text TEXT, parent TEXT, ord INTEGER,
                      title_only INTEGER, path TEXT, refs TEXT);
CREATE INDEX clauses_key ON clauses(key);
CREATE INDEX clauses_parent ON clauses(parent);
CREATE TABLE passages (row INTEGER PRIMARY KEY, clause_id TEXT, part INTEGER, text TEXT,
                       sentence TEXT);
CREATE TABLE terms (term TEXT, aliases TEXT, definition TEXT, clause_id TEXT, kind TEXT);
"""


@dataclass(frozen=True)
class Passage:
    row: int
    clause_id: str
    part: int
    text: str  # what was embedded and tokenised: document title, heading path, clause text
    sentence: str = ""  # for a sentence unit of a long clause: that sentence, as the clause has it


def write_store(path: Path, docs: list[Document], clauses: list[Clause],
                passages: list[Passage], terms: list[Term]) -> None:
    con = sqlite3.connect(path)
    try:
        con.executescript(SCHEMA)
        con.executemany(
            "INSERT INTO docs VALUES (?,?,?,?,?,?,?,?)",
            [(d.slug, d.title, d.kind, d.issuer, d.date, d.code, d.source, i)
             for i, d in enumerate(docs)],
        )
        con.executemany(
            "INSERT INTO clauses VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(c.id, c.doc, c.doc_title, c.kind, c.number, c.key, c.heading, c.text, c.parent,
              i, int(c.title_only), json.dumps(c.path, ensure_ascii=False),
              json.dumps(c.refs, ensure_ascii=False)) for i, c in enumerate(clauses)],
        )
        con.executemany(
            "INSERT INTO passages VALUES (?,?,?,?,?)",
            [(p.row, p.clause_id, p.part, p.text, p.sentence) for p in passages],
        )
        con.executemany(
            "INSERT INTO terms VALUES (?,?,?,?,?)",
            [(t.term, json.dumps(t.aliases, ensure_ascii=False), t.definition, t.clause_id, t.kind)
             for t in terms],
        )
        con.commit()
    finally:
        con.close()


class Store:
    """Read access to a built clause store; everything is loaded into memory (it is small)."""

    def __init__(self, path: Path):
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            self.docs = [Document(slug=r[0], title=r[1], kind=r[2], body="", issuer=r[3],
                                  date=r[4], code=r[5], source=r[6])
                         for r in con.execute("SELECT * FROM docs ORDER BY ord")]
            self.clauses = [
                Clause(id=r[0], doc=r[1], doc_title=r[2], kind=r[3], number=r[4], key=r[5],
                       heading=r[6], text=r[7], parent=r[8], order=r[9], title_only=bool(r[10]),
                       path=tuple(json.loads(r[11])), refs=tuple(json.loads(r[12])))
                for r in con.execute("SELECT * FROM clauses ORDER BY ord")
            ]
            self.passages = [Passage(*r) for r in con.execute("SELECT * FROM passages ORDER BY row")]
            self.terms = [Term(r[0], tuple(json.loads(r[1])), r[2], r[3], r[4])
                          for r in con.execute("SELECT * FROM terms")]
        finally:
            con.close()
        self.by_id = {c.id: c for c in self.clauses}
        # each document's header as a card of its own: cited for who issued it, its code, its
        # date; not a clause of the text, so no search ranks it
        self.records = {d.slug: r for d in self.docs if (r := record_clause(d))}
        self.by_id.update((r.id, r) for r in self.records.values())
        self.doc_by_slug = {d.slug: d for d in self.docs}
        self._children: dict[str | None, list[Clause]] = {}
        for c in self.clauses:
            self._children.setdefault(c.parent, []).append(c)
        self._full: dict[str, str] = {}
        self._mentions: dict[str, bool] = {}
        self._by_key: dict[str, list[Clause]] = {}
        for c in self.clauses:
            self._by_key.setdefault(c.key, []).append(c)
            if (c.parent and (sec := _SECTION.fullmatch(c.key))
                    and (chap := _CHAPTER.fullmatch(c.parent.split(":", 1)[-1]))):
                # a law's 第二节 of 第三章 is also "第3章第2节" (a section number restarts per chapter)
                self._by_key.setdefault(f"{chap.group(1)}{sec.group(1)}", []).append(c)
        self._referenced_by: dict[str, list[str]] = {}
        for c in self.clauses:
            for r in c.refs:
                self._referenced_by.setdefault(r, []).append(c.id)

    def by_key(self, key: str, docs: set[str] | None = None) -> list[Clause]:
        return [c for c in self._by_key.get(key, ()) if docs is None or c.doc in docs]

    def children(self, clause_id: str | None) -> list[Clause]:
        return self._children.get(clause_id, [])

    def numbered_under(self, clause: Clause) -> Clause | None:
        """The clause a locally numbered item ("1、", "2.", "(一)") is numbered under, when its
        number does not say it (the terms' "根据主体对象" above "1、 离岸外包…"; not 第五条 above
        "第五条(一)" nor 四、 above "四、4."): what makes the item citable."""
        if not _LOCAL_NUMBER.fullmatch(clause.number) or not clause.parent:
            return None
        return self.by_id.get(clause.parent)

    def ancestors(self, clause: Clause) -> list[Clause]:
        """The clauses above `clause`, the nearest first (第五条 above 第五条(三))."""
        out, c = [], clause
        while c.parent and (c := self.by_id.get(c.parent)) is not None:
            out.append(c)
        return out

    def siblings(self, clause: Clause) -> list[Clause]:
        """The clauses of the same document under the same parent, the clause included."""
        return [c for c in self.children(clause.parent) if c.doc == clause.doc]

    def neighbours(self, clause: Clause) -> tuple[Clause | None, Clause | None, Clause | None]:
        """(parent, previous sibling, next sibling): the clause in its context."""
        siblings = self.siblings(clause)
        i = next((n for n, c in enumerate(siblings) if c.id == clause.id), None)
        if i is None:  # a header card (`records`) stands outside the text
            return None, None, None
        parent = self.by_id.get(clause.parent) if clause.parent else None
        prev = siblings[i - 1] if i > 0 else None
        nxt = siblings[i + 1] if i + 1 < len(siblings) else None
        return parent, prev, nxt

    def number_range(self, doc: str) -> tuple[str, str] | None:
        """The first and last numbered top-level clauses of a document (第一条, 第十五条)."""
        top = [c for c in self.clauses_of(doc) if c.parent is None and c.number
               and not c.number.startswith("¶")]
        return (top[0].number, top[-1].number) if top else None

    def mentions(self, text: str) -> bool:
        """Whether any document title or clause text holds `text` (titles and headings without
        《》: "数据安全法" is found in "《中华人民共和国数据安全法》")."""
        if text not in self._mentions:
            if len(self._mentions) > 4096:
                self._mentions.clear()
            self._mentions[text] = any(text in d.title for d in self.docs) or any(
                text in c.text or text in c.heading for c in self.clauses)
        return self._mentions[text]

    def mentions_code(self, code: str) -> bool:
        """`mentions` for a code (ISO 27701, GB/T 24405.1), spaces, slashes, case and ISO's joint
        body (ISO/IEC) aside: the documents write GB/T24405.1-2009 and ISO27001/BS7799."""
        squeezed = _SQUEEZE.sub("", code).casefold()
        # ISO/IEC 27001 is the ISO27001 the documents write (the joint body's name aside)
        return squeezed in self._squeezed or squeezed.replace("isoiec", "iso", 1) in self._squeezed

    def mentions_figure(self, figure: str) -> bool:
        """`mentions_code` for a figure (15%, 100万元), not inside a longer one (5% is not in 45%)."""
        squeezed = _SQUEEZE.sub("", figure).casefold()
        return re.search(rf"(?<![\d.]){re.escape(squeezed)}", self._squeezed) is not None

    @cached_property
    def _squeezed(self) -> str:
        parts = [d.title for d in self.docs] + [f"{c.heading} {c.text}" for c in self.clauses]
        return _SQUEEZE.sub("", " ".join(parts)).casefold()

    def clauses_of(self, doc: str) -> list[Clause]:
        return [c for c in self.clauses if c.doc == doc]

    @cached_property
    def _top_level(self) -> dict[str, list[Clause]]:
        out: dict[str, list[Clause]] = {}
        for c in self.children(None):
            out.setdefault(c.doc, []).append(c)
        return out

    def top_level(self, doc: str) -> list[Clause]:
        """The document's own sequence (第一条…, 一、…): its clauses that have no parent."""
        return self._top_level.get(doc, [])

    @cached_property
    def _by_heading(self) -> dict[str, list[Clause]]:
        out: dict[str, list[Clause]] = {}
        for c in self.clauses:
            if len(c.heading) >= 2:
                out.setdefault(c.heading, []).append(c)
        return out

    def headed_within(self, text: str) -> list[Clause]:
        """The clauses whose heading (two characters or more) occurs in `text`, a short phrase."""
        found = [c for i in range(len(text)) for j in range(i + 2, len(text) + 1)
                 for c in self._by_heading.get(text[i:j], ())]
        return list({c.id: c for c in found}.values())

    def referenced_by(self, clause_id: str) -> list[Clause]:
        return [self.by_id[i] for i in self._referenced_by.get(clause_id, [])]

    def full_text(self, clause: Clause) -> str:
        """The clause's text followed by its items' text (a 第五条 with its （一）…（八））."""
        if clause.id not in self._full:
            self._full[clause.id] = full_text(clause, self.children)
        return self._full[clause.id]


_SQUEEZE = re.compile(r"[\s/]")

RECORD_KEY = "record"
# header field, its label on the card, the answer type (`kb.intent`) its line answers
RECORD_FIELDS = (("issuer", "发布单位", "agent"), ("date", "日期", "time"), ("code", "编号", "code"))


def record_clause(doc: Document) -> Clause | None:
    """A document's header fields as they stand in its file, one per line with a Chinese label
    ("发布单位 issuer: 中国电子技术标准化研究院"); None when the header records none of them."""
    lines = [f"{label} {name}: {value}" for name, label, _ in RECORD_FIELDS
             if (value := getattr(doc, name))]
    if not lines:
        return None
    return Clause(id=f"{doc.slug}:{RECORD_KEY}", doc=doc.slug, doc_title=doc.title, kind=doc.kind,
                  number="", key=RECORD_KEY, heading="文件信息", text="\n".join(lines),
                  parent=None, order=-1)


def record_lines(card: Clause, wants: frozenset[str]) -> list[str]:
    """The lines of a header card that answer what a question wants (the issuer's for "agent";
    for a date, also a note on it: the code's 编号与日期未定); all of them when none does."""
    heads = tuple(f"{label} {name}:" for name, label, kind in RECORD_FIELDS if kind in wants)
    lines = card.text.splitlines()
    return [x for x in lines if heads and x.startswith(heads) or
            "time" in wants and "日期" in x] or lines
