"""Questions asked before -> the clause that answered them (the question bank).

A question asked in nearly the same words as one answered before is answered by the same clause.
The bank (`kb/data/asked.jsonl`, made by `python -m measure.make_asked` from the design question
sets: never the dev set, the holdout or a sealed set) holds questions with the words of the clause
that answers each and the document they are in, as the evaluation sets do. A build resolves those
words against that document in its own corpus (an entry whose document is not there or no longer
has the words is dropped, so another corpus gets only what applies to it) and embeds the
questions; at question time the nearest question decides only when it is close and
the nearest one answered by another clause is clearly further (`MIN_COSINE`, `MIN_MARGIN`).

The bank also holds questions the documents do not answer (the design sets' unanswerable ones, with
no words). A question asked in nearly the same words as one of them, when every question the
documents answer is clearly further (`REFUSED_MARGIN`), is refused again (`Bank.refused`, which
`kb.gaps` consults last). Those entries were judged on the seed documents: a corpus with a document
no answered bank question is about (one added since, or another collection) gets none of them, as
the new document may answer what the seed ones did not.

Input: the question's dense vector (the one the first stage searched with). Output: the clause ids
the nearest question was answered by, or None; or the unanswered question it repeats. It neither
ranks nor writes refusals.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.errors import IndexMismatchError, KBError
from kb.segment import normalize

DATA = Path(__file__).parent / "data" / "asked.jsonl"
# the bank's questions embedded by the default embedder (float16, made with the bank), so that a
# build does not embed 3,800 questions again; another embedder embeds them at build
SHIPPED = DATA.with_suffix(".npz")
VECTORS, ENTRIES = "asked.npy", "asked.json"
# measured with `python -m measure.fit_asked` on the design sets, each set scored without its own
# questions in the bank (docs/evaluation-history.md, "The question bank"): +124 -11 at rank 1 of
# 3,158 questions; with the second stage weighing the bank (its `asked` feature) +43 -14 of 3,513,
# still the best net
MIN_COSINE = 0.90  # the nearest question is this close
MIN_MARGIN = 0.01  # and the nearest one answered by another clause this much further
NEIGHBOURS = 20  # how far down the list a differently answered question is looked for
# a question is refused as one the documents did not answer when that one is `MIN_COSINE` close and
# every answered question this much further: on dev and the design sets, each scored without its
# own set's questions in the bank, 26 more of 2,687 unanswerable questions refused and no answer
# changed (offline, 0.02 also refused 2 answerable questions; 0.04 caught 20 where 0.03 caught 27)
# (docs/evaluation-history.md, "Questions the documents did not answer")
REFUSED_MARGIN = 0.03


@dataclass(frozen=True)
class Asked:
    question: str
    clause_ids: tuple[str, ...]  # every clause whose text holds the answer's words; () for a
    # question the documents do not answer
    source: str  # the question set it came from (`kb eval` leaves a set's own questions out)
    row: int = -1  # its line in the bank file (-1: read back from an index)


def squash(s: str) -> str:
    """NFKC, without whitespace and colons: how an answer's words are looked for in a clause (and
    by `measure.evaluate` in a card, which shows a heading above its text where the document
    wrote "风险管理评估:IT外包…" on one line: the parser keeps the colon as structure)."""
    return re.sub(r"[\s:]+", "", unicodedata.normalize("NFKC", s))


def bank_text(question: str) -> str:
    """What of a bank question is embedded: its normalised text, as a question is searched with."""
    return normalize(question)


def read_bank(path: Path = DATA) -> list[dict]:
    """The bank's entries: {"question", "expect": [words of the answer], "doc": the document
    that answers, "set"} per line."""
    out = []
    try:
        f = path.open(encoding="utf-8")
    except OSError as e:
        raise KBError(f"cannot read the question bank {path} ({e.strerror}): set KB_ASKED to a "
                      "bank file (.jsonl, see the README), or to off for none") from e
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                e = json.loads(line)
                out.append({"question": str(e["question"]), "expect": list(e["expect"]),
                            "doc": str(e.get("doc", "")), "set": str(e.get("set", ""))})
            except (ValueError, KeyError, TypeError) as err:
                raise KBError(
                    f"{path} line {n} is not a bank entry ({err}): each line needs "
                    '{"question": …, "expect": [words of the clause that answers]} (the shipped '
                    "bank is made by `make asked`)") from err
    return out


def resolve(entries: Iterable[dict], clauses: dict[str, tuple[str, str]]) -> list[Asked]:
    """Entries whose answer words a clause of their document holds; `clauses` is each clause's
    document and its label and full text, by id. An entry that names no document looks in all.
    Entries with no words (questions the documents do not answer) are kept, with no clause, only
    when every document of the corpus is one the bank's answered questions are about."""
    entries = list(entries)
    by_doc: dict[str, list[tuple[str, str]]] = {}
    for cid, (doc, text) in clauses.items():
        by_doc.setdefault(doc, []).append((cid, squash(text)))
    everywhere = [c for doc in by_doc.values() for c in doc]
    known = {e["doc"] for e in entries if e["expect"] and e["doc"]}
    unanswered_hold = bool(by_doc) and set(by_doc) <= known
    out = []
    for row, e in enumerate(entries):
        if not e["expect"]:
            if unanswered_hold:
                out.append(Asked(e["question"], (), e["set"], row))
            continue
        want = [squash(w) for w in e["expect"] if squash(w)]
        ids = tuple(cid for cid, text in (by_doc.get(e["doc"], []) if e["doc"] else everywhere)
                    if any(w in text for w in want))
        if ids:
            out.append(Asked(e["question"], ids, e["set"], row))
    return out


def shipped_vectors(embedder_name: str, questions: list[str], path: Path = SHIPPED,
                    ) -> np.ndarray | None:
    """The shipped vectors of the bank's `questions`, if `embedder_name` made them for exactly
    these questions."""
    if not path.exists():
        return None
    with np.load(path) as z:
        if str(z["embedder"]) != embedder_name or z["questions"].tolist() != questions:
            return None  # another embedder, or a bank file changed without `make asked`
        return z["vectors"].astype(np.float32)


class Bank:
    def __init__(self, entries: list[Asked], vectors: np.ndarray):
        if len(entries) != len(vectors):
            raise IndexMismatchError(f"the question bank has {len(entries)} questions and "
                                     f"{len(vectors)} vectors: run `kb build`")
        self.entries = entries
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self._sources = np.array([e.source for e in entries])
        self._answered = np.array([bool(e.clause_ids) for e in entries], dtype=bool)
        self._last: tuple[tuple[bytes, frozenset[str]], np.ndarray] | None = None
        # (question, clause) pairs as two index arrays, for the best cosine per clause at once
        self._clauses = sorted({cid for e in entries for cid in e.clause_ids})
        at = {cid: i for i, cid in enumerate(self._clauses)}
        pairs = [(q, at[cid]) for q, e in enumerate(entries) for cid in e.clause_ids]
        self._pair_question = np.array([q for q, _ in pairs], dtype=np.int64)
        self._pair_clause = np.array([c for _, c in pairs], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.entries)

    def save(self, folder: Path) -> None:
        np.save(folder / VECTORS, self.vectors)
        (folder / ENTRIES).write_text(json.dumps(
            [[e.question, list(e.clause_ids), e.source] for e in self.entries],
            ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Bank:
        try:
            rows = json.loads((folder / ENTRIES).read_text(encoding="utf-8"))
            vectors = np.load(folder / VECTORS)
            entries = [Asked(q, tuple(ids), s) for q, ids, s in rows]
        except (OSError, ValueError, TypeError) as e:
            raise IndexMismatchError(
                f"the question bank in {folder} is missing or damaged ({e}): run `kb build`"
            ) from e
        return cls(entries, vectors)

    def similarities(self, vector: np.ndarray, exclude: frozenset[str] = frozenset(),
                     ) -> np.ndarray:
        """The cosine of every bank question with `vector`; -2 for the sets in `exclude`."""
        v = np.asarray(vector, dtype=np.float32).reshape(-1)
        key = (v.tobytes(), exclude)
        last = self._last  # the search, the second stage and the refusal check ask for the same
        if last is not None and last[0] == key:
            return last[1]
        sims = self.vectors @ v
        if exclude:
            sims = np.where(np.isin(self._sources, list(exclude)), -2.0, sims)
        sims.flags.writeable = False
        self._last = (key, sims)
        return sims

    def answered_similarities(self, vector: np.ndarray, exclude: frozenset[str] = frozenset(),
                              ) -> np.ndarray:
        """`similarities`, with -2 for the questions the documents do not answer."""
        return np.where(self._answered, self.similarities(vector, exclude), -2.0)

    def closeness(self, vector: np.ndarray, exclude: frozenset[str] = frozenset(),
                  ) -> dict[str, float]:
        """For every clause that answered a bank question: how much less close its closest
        question is than the closest question of all (0 for the clause, or clauses, of the
        nearest question; -0.05 for one whose closest is 0.05 further). Sets in `exclude` are not
        looked at; {} when the bank has nothing to compare."""
        sims = self.answered_similarities(vector, exclude)
        if not len(sims) or sims.max() <= -2:
            return {}
        best = np.full(len(self._clauses), -2.0, dtype=np.float32)
        np.maximum.at(best, self._pair_clause, sims[self._pair_question])
        top = float(sims.max())
        return {cid: float(b) - top for cid, b in zip(self._clauses, best) if b > -2}

    def answer(self, vector: np.ndarray, exclude: frozenset[str] = frozenset(),
               min_cosine: float = MIN_COSINE, min_margin: float = MIN_MARGIN,
               ) -> tuple[str, ...] | None:
        """The clauses the nearest question was answered by, when it is close (`MIN_COSINE`)
        and the nearest question answered by none of them is `MIN_MARGIN` further; else None.
        Questions of the sets in `exclude` are not looked at."""
        if not self._answered.any():
            return None
        sims = self.answered_similarities(vector, exclude)
        top = np.argpartition(-sims, min(NEIGHBOURS, len(sims) - 1))[:NEIGHBOURS + 1]
        order = top[np.argsort(-sims[top], kind="stable")]
        first = self.entries[order[0]]
        if sims[order[0]] < min_cosine:
            return None
        ids = set(first.clause_ids)
        other = next((sims[i] for i in order[1:] if not ids & set(self.entries[i].clause_ids)),
                     -1.0)
        if sims[order[0]] - other < min_margin:
            return None
        # a question whose expected words two sibling clauses both hold was answered by both (二
        # 岗位职责 and 三 岗位要求 of one specification); the nearer questions that agree with it
        # before any that does not say which of them they meant
        for i in order[1:]:
            if sims[i] <= other:
                break
            if (shared := ids & set(self.entries[i].clause_ids)) and shared != ids:
                ids = shared
        return tuple(c for c in first.clause_ids if c in ids)

    def refused(self, vector: np.ndarray, exclude: frozenset[str] = frozenset(),
                min_cosine: float = MIN_COSINE, min_margin: float = REFUSED_MARGIN,
                ) -> Asked | None:
        """The nearest question the documents do not answer, when it is close (`MIN_COSINE`) and
        every question they answer is `REFUSED_MARGIN` further; else None. Questions of the sets
        in `exclude` are not looked at."""
        if self._answered.all():
            return None
        sims = self.similarities(vector, exclude)
        unanswered = np.where(self._answered, -2.0, sims)
        i = int(unanswered.argmax())
        answered = float(np.where(self._answered, sims, -2.0).max())
        if unanswered[i] < min_cosine or unanswered[i] - answered < min_margin:
            return None
        return self.entries[i]
