"""Answers and users' verdicts -> SQLite feedback records and Markdown exports.

Input: an `Answer` and a verdict (helpful or not, optional comment). Output: a row in
`feedback.sqlite` (question, answer, cited clause ids, verdict, comment, time), and Markdown for a
conversation or for all feedback. The feedback file lives beside the index, not inside it, so a
rebuild keeps it. It does not answer questions.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kb.answer import Answer
from kb.documents import book
from kb.errors import KBError

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, question TEXT NOT NULL,
  answer TEXT NOT NULL, refused INTEGER NOT NULL, clause_ids TEXT NOT NULL,
  helpful INTEGER NOT NULL, comment TEXT NOT NULL DEFAULT ''
);
"""
MAX_COMMENT = 2000


@dataclass(frozen=True)
class Feedback:
    id: int
    at: str
    question: str
    answer: str
    refused: bool
    clause_ids: tuple[str, ...]
    helpful: bool
    comment: str


class FeedbackStore:
    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as con:
                con.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise KBError(f"cannot open the feedback database {path} ({e}): set KB_FEEDBACK to a "
                          "writable file") from e

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def add(self, answer: Answer, helpful: bool, comment: str = "") -> int:
        comment = comment.strip()[:MAX_COMMENT]
        ids = json.dumps([c.id for c in answer.citations], ensure_ascii=False)
        with self._connect() as con:
            cur = con.execute(
                "INSERT INTO feedback (at, question, answer, refused, clause_ids, helpful, comment) "
                "VALUES (?,?,?,?,?,?,?)",
                (datetime.now(UTC).isoformat(timespec="seconds"), answer.question, answer.answer,
                 int(answer.refused), ids, int(helpful), comment),
            )
            return int(cur.lastrowid)

    def all(self) -> list[Feedback]:
        with self._connect() as con:
            rows = con.execute("SELECT * FROM feedback ORDER BY id").fetchall()
        return [Feedback(r[0], r[1], r[2], r[3], bool(r[4]), tuple(json.loads(r[5])), bool(r[6]),
                         r[7]) for r in rows]

    def to_markdown(self) -> str:
        lines = ["# 反馈记录 / Feedback", ""]
        for f in self.all():
            verdict = "👍 有帮助" if f.helpful else "👎 没帮助"
            lines += [f"## {f.id}. {f.question}", "", f"- 时间: {f.at}", f"- 评价: {verdict}",
                      f"- 引用条款: {', '.join(f.clause_ids) or '（无）'}"]
            if f.comment:
                lines.append(f"- 意见: {f.comment}")
            lines += ["", "> " + f.answer.replace("\n", "\n> "), ""]
        return "\n".join(lines)


def conversation_markdown(answers: list[Answer]) -> str:
    """A conversation as Markdown: each question, its answer and its citations in full."""
    lines = ["# 对话记录 / Conversation", ""]
    for a in answers:
        lines += [f"## 问：{a.question}", "", a.answer, ""]
        for c in a.citations:
            lines += [f"[{c.rank}] {book(c.doc_title)} {c.clause} {c.heading}".rstrip(),
                      "", "> " + c.text.replace("\n", "\n> "), ""]
    return "\n".join(lines)
