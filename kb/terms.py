"""Clauses -> terminology records, and questions -> the term they ask about.

Input: parsed clauses. Output: `Term` records (the term, its abbreviations and English forms, the
defining sentence verbatim, and the clause it comes from), found by the way Chinese texts define
things: "X是指/系指/指/就是/可理解为…", "本规定所称X是指…", "X(Information Technology Outsourcing,
ITO)是指…", "…(以下称X)". It does not rank clauses (see `kb.retrieve`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.parse import Clause, sentences
from kb.segment import english_terms

_TERM_CHAR = r"[^\W\d_的应或和与及在将把对为是了着这那其并且但而从向于以等]"
_DEFINITION = re.compile(
    rf"^(?:本\w{{0,6}}?所称(?:的)?)?[“\"]?(?P<term>[A-Za-z]{{0,6}}{_TERM_CHAR}{{2,12}}?)[”\"]?\s*"
    r"(?P<en>[A-Za-z][A-Za-z \-]{1,60}?)?\s*"
    r"(?:[(（](?P<paren>[^)）]{1,80})[)）])?\s*[,，]?\s*"
    r"(?:系指|是指|指的是|就是|可理解为|指(?![定出导挥示标南令引]))"
)
_HEREAFTER = re.compile(r"[(（]以下(?:简)?称[“\"]?(?P<term>[^)）”\"]{1,10})[”\"]?[)）]")
_CUE = re.compile(
    r"什么是|是什么|啥是|是啥|定义|含义|意思|指什么|是指|何谓|如何理解|怎么理解|怎样理解|理解为|"
    r"解释一下|\bwhat\s+(?:is|are|does)\b|\bwhat's\b|\bdefin|\bmeaning\b|\bstands?\s+for\b",
    re.I,
)


@dataclass(frozen=True)
class Term:
    term: str
    aliases: tuple[str, ...]
    definition: str
    clause_id: str


def extract_terms(clauses: list[Clause]) -> list[Term]:
    terms: list[Term] = []
    seen: set[tuple[str, str]] = set()
    for c in clauses:
        if c.title_only:
            continue
        for sentence in sentences(c.text, ends="。！？"):
            found = []
            if m := _DEFINITION.match(sentence):
                aliases = []
                if m.group("en"):
                    aliases.append(m.group("en").strip())
                if m.group("paren"):
                    aliases.extend(a.strip() for a in re.split(r"[,，、;；]", m.group("paren")))
                found.append((m.group("term"), aliases))
            for h in _HEREAFTER.finditer(sentence):
                found.append((h.group("term"), []))
            for term, aliases in found:
                if (term, c.id) in seen:
                    continue
                seen.add((term, c.id))
                clean = tuple(a for a in aliases if a and a != term)
                terms.append(Term(term, clean, sentence, c.id))
    return terms


_AFTER_TERM = re.compile(
    r"^[”\"’']?\s*(?:这个词|一词|这一概念|这个概念)?\s*(?:的)?\s*"
    r"(?:是什么|是啥|定义|含义|意思|指什么|是指|指的是|是何意|(?:应|应该)?(?:如何|怎么|怎样)理解|"
    r"\s+(?:mean|means|stand for|stands for)\b)"
)
_BEFORE_TERM = re.compile(
    r"(?:什么是|何谓|啥是|解释一下|介绍一下|\bwhat\s+is|\bwhat\s+are|\bwhat's|\bdefine|"
    r"\bdefinition\s+of|\bmeaning\s+of|\bexplain)\s*(?:the\s+|an?\s+)?[“\"‘']?\s*$"
)


_ENGLISH_ASK = re.compile(
    r"(?:\bwhat\s+is|\bwhat\s+are|\bwhat's|\bdefine|\bmeaning\s+of|\bexplain)\s+"
    r"(?:the\s+|an?\s+)?([a-z][a-z \-]*?)\s*[?.!]*$"
)


def asks_definition(normalized: str) -> bool:
    """Whether a question (normalised, see `kb.segment.normalize`) asks what a term means."""
    return bool(_CUE.search(normalized))


def match_terms(normalized: str, terms: list[Term]) -> list[Term]:
    """Definitions of the term that a question (normalised) asks about: the longest term (or
    abbreviation, or English form) that stands next to a definition cue ("什么是X", "X是什么意思",
    "X的定义", "What is X"); an empty list when the question is not about a term's meaning."""
    q = normalized.casefold()
    asked = _ENGLISH_ASK.search(q)
    glossed = english_terms(asked.group(1)) if asked else []  # "what is offshore outsourcing"
    best_len = 0
    best: list[Term] = []
    for t in terms:
        for name in (t.term, *t.aliases):
            n = name.casefold()
            if len(n) < 2 or not (_asked_about(q, n) or n in glossed):
                continue
            if len(n) > best_len:
                best_len, best = len(n), [t]
            elif len(n) == best_len and t not in best:
                best.append(t)
    return best


def _asked_about(q: str, name: str) -> bool:
    if name not in q:
        return False
    for m in re.finditer(re.escape(name), q):
        around = q[max(m.start() - 1, 0) : m.start()] + q[m.end() : m.end() + 1]
        if name.isascii() and re.search(r"[a-z]", around):
            continue  # "ito" inside another word
        if _AFTER_TERM.match(q[m.end() :]) or _BEFORE_TERM.search(q[: m.start()]):
            return True
    return False
