"""A question -> `Query`: everything later stages need to know about it, worked out once.

Input: the question as typed (already checked by `check_question`). Output: a frozen `Query` with
the normalised text (NFKC, traditional -> simplified), its language, the keyword text (an English
question gets the glossary's Chinese terms appended), the question's own keyword tokens and the
BM25 tokens of the keyword text, the clause references it names (第五条, 6.7, 附录C.8), whether it
asks what a term means and whether it leans on the previous answer ("那第六条呢？"). Retrieval,
answering and the app read these fields and never normalise or segment the question again. It
does not search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.errors import QuestionError
from kb.numbering import ClauseRef, find_refs
from kb.segment import Segmenter, expand_english, language_of, normalize
from kb.terms import asks_definition

_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
# "那第六条呢？", "它的施行日期？", "其中第三项呢": a question that leans on the previous answer.
_FOLLOW_UP = re.compile(
    r"^(?:那么?|那个|这个?|该|此|还有|另外)|(?<![尤极])[它其](?![他它余次实])|呢\s*[？?。!！]*\s*$"
)


@dataclass(frozen=True)
class Query:
    text: str  # as asked (control characters removed)
    normalized: str
    language: str  # "zh" or "en"
    keyword_text: str  # normalized, plus the glossary's Chinese terms for an English question
    tokens: tuple[str, ...]  # keywords of the question itself (what an answer should cover)
    keyword_tokens: tuple[str, ...]  # BM25 tokens of `keyword_text`
    refs: tuple[ClauseRef, ...]  # clause references it names
    asks_definition: bool
    follow_up: bool

    @property
    def coverage_tokens(self) -> list[str]:
        """The tokens whose presence in a clause counts as covering the question: for an English
        question, the Chinese glossary terms (its English words are in no clause)."""
        tokens = list(self.keyword_tokens)
        if self.language == "en" and any(not t.isascii() for t in tokens):
            return [t for t in tokens if not t.isascii()]
        return tokens


def check_question(question: str, max_chars: int) -> str:
    """The question with surrounding space, control characters and lone surrogates (invalid
    UTF-8 on a command line arrives as those) removed; an empty or over-long one is refused."""
    q = _UNPRINTABLE.sub("", question).strip()
    if not q:
        raise QuestionError("the question is empty: type a question, e.g. 接包方应采取哪些保密措施？")
    if len(q) > max_chars:
        raise QuestionError(
            f"the question is {len(q)} characters long; the limit is {max_chars}: ask about one "
            "point at a time, or quote only the relevant sentence"
        )
    return q


def make_query(text: str, segmenter: Segmenter) -> Query:
    normalized = normalize(text)
    language = language_of(text)
    keyword_text = expand_english(normalized) if language == "en" else normalized
    tokens = tuple(segmenter.tokens(normalized, is_normalized=True))
    keyword_tokens = tokens if keyword_text == normalized else \
        tuple(segmenter.tokens(keyword_text, is_normalized=True))
    return Query(text, normalized, language, keyword_text, tokens, keyword_tokens,
                 tuple(find_refs(normalized)), asks_definition(normalized),
                 is_follow_up(normalized))


def is_follow_up(normalized: str) -> bool:
    return bool(_FOLLOW_UP.search(normalized.strip()))
