"""Second ranking stage: the first stage's best candidates re-scored from relevance features.

The first stage (dense + BM25 fused by rank, `kb.retrieve`) knows ranks, not evidence. This stage
looks at each of its top `TOP` clauses as a whole and at its best sentence: how much of the
question's rare vocabulary it holds (IDF-weighted), how close it is in meaning, whether a question
asking for a number or a date meets a sentence that has one, and whether questions it answered
before (the bank, `kb.asked`) are the ones nearest this one. A linear model turns the features
into one score; its weights are learned on the tuning split (`python -m measure.fit_rerank`,
listwise: the clause that answers should outscore the others of its question) and shipped in
`kb/data/rerank.json`. Nothing here is fitted to a wording: the features are the same for every
question and the weights are a handful of numbers.

Input: a `Query`, candidate clauses with their first-stage ranks and best cosine/BM25, and the
corpus statistics (`TermStats`). Output: one score per candidate. It does not search.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.errors import KBError
from kb.intent import ASKS_INTERPRETER, COUNTS_FROM, DESCRIBED, MADE_AGAINST, carries
from kb.query import Query
from kb.segment import normalize

TOP = 30  # candidates re-scored; the rest keep their first-stage order below them
WEIGHTS = Path(__file__).parent / "data" / "rerank.json"
FEATURES = (
    "first_rank",  # log(1 + first-stage rank)
    "dense",  # best cosine of the clause's passages and sentences with the question
    "bm25_rel",  # best BM25 of the clause / best BM25 among the candidates
    "cover",  # IDF-weighted share of the question's keywords in the clause (title, heading, text)
    "cover_sentence",  # the same in the clause's best sentence
    "cover_chars",  # the same in its best sentence, a word not said counting for the share of its
    # characters the sentence has (有名 in 知名: half): everyday words near the statute's
    "type_match",  # asks for a figure, a date, a purpose … (`kb.intent`): +1 the best sentence
    # states one, +0.5 another sentence with some of the question's words does, -1 none does
    "title_only",  # known by its title only (a table-of-contents entry)
    "named_doc",  # the clause is in a document the question names by title
    "doc_edge",  # asks about the document itself (目的, 依据, 施行, 编号…) and the clause is the
    # first or one of the last two of the document it names (of any, when it names none): where purpose,
    # basis, effective date and interpretation stand
    "asked",  # how close the closest question the clause answered before is (`kb.asked`), against
    # the closest question of all: 0 when it is that question's clause, -1 when ASKED_SPAN or more
    # further (or the clause answered none); 0 for every clause when there is no bank, and for a
    # clause of a document no bank question is about (an upload): judged on its words alone
)
ASKED_SPAN = 0.1  # cosine: a clause whose closest bank question is this much further counts nothing

_TITLE = "§"  # what stands in a question for a title it names (`about_document`)
# A question about the document itself rather than one of its rules: a cue (目的, 施行, 编号 …)
# and the document named by title (`Candidate.named_doc`) or pointed at (这个规定, this regulation).
# a document's writing asked in English ("Who wrote the 编制说明"), as 编写 / 起草 are in Chinese
AUTHORED = r"\b(?:wrote|written|authored|compiled)\b"
_ABOUT_DOCUMENT = re.compile(
    r"目的|为了|旨在|初衷|用意|出于(?:什么|啥|哪些)(?:考虑|考量)|图(?:的是|个)?(?:什么|啥)|"
    r"(?:为什么|为啥|干嘛|干吗)要?[^，,。？?]{0,4}?(?:制定|编写|编制|出台|发布|写)|"
    r"(?:为什么|为啥|干嘛|干吗)要?[^，,。？?]{0,4}?(?:搞|做|定|出|弄)[^，,。？?]{0,10}?(?:规定|规范|标准|文件|办法)|"
    # the document named right after the verb ("为啥要搞IT外包考核标准？", "为啥要出这个外包信息保护规定":
    # its title cut out, _TITLE)
    rf"(?:为什么|为啥|干嘛|干吗)要?[^，,。？?]{{0,4}}?(?:搞|做|定|出|弄)[^，,。？?{_TITLE}]{{0,4}}?{_TITLE}"
    rf"[{_TITLE}\s]*(?:[？?。，,!！]|呢|啊|呀|$)|为何|"
    r"(?:想|要|为了|是为)解决[^，,。？?]{0,8}?(?:什么|哪些|啥)(?:问题|麻烦|困难|难题)|依据|根据哪|依照哪|按照哪|编号|英文(?:名|标题|题目)|全称|发布|出台|颁布|出具|落款|署的?(?:日期|时间)|签署|签发|印发|"
    r"(?:施行|实施|生效)(?:日期|时间)|(?:开始|起|何时|哪天|哪年|(?:什么|啥)时候)(?:施行|实施|生效)|"
    + ASKS_INTERPRETER + "|" + MADE_AGAINST + "|" + COUNTS_FROM + "|"
    r"起草|编制|编写|谁写|哪天写|(?:什么|啥)时候写|适用|范围|宗旨|"
    r"(?:谁|哪个?(?:部门|单位|机构|机关)|哪家(?:单位|机构|部门)?)[^，,。？?]{0,2}(?:发|定|出|搞)的|"
    r"(?:怎么|如何)总结|总结了?什么|主要内容|(?:讲|谈|写|涉及|涵盖|包括|包含)了?(?:哪些|哪几个|哪几)方面|"
    r"分(?:为|成)?(?:哪几|哪些|几)(?:块|类|部分|个方面)|总的来看|总体来看|概括来说|"
    r"\bpurpose\b|\bwhy\b|\bissued?\b|\beffect\b|\bdraft|\binterpret|\bscope\b|\bbasis\b|"
    + AUTHORED + "|"
    r"\benglish (?:title|name)\b|\b(?:title|name) in english\b",
    re.IGNORECASE,
)
# a rule pointed at ("…要求适应力强，这样做是为了什么", "这一条的目的是什么"): its purpose is asked,
# not the document's
_THIS_RULE = re.compile(r"这样做|这么做|这样要求|这么要求|这一?条(?!例)|这一?项|这一?点|这(?:个|条|项)要求|"
                        r"\b(?:this|that) (?:rule|requirement|clause|item|article)\b", re.IGNORECASE)
_THIS_DOCUMENT = re.compile(
    r"[这本该此那](?:个|份|篇|部|项|套)?(?:规定|规范|标准|文件|说明|办法|条例|文档|数据|要求|材料|文章)|"
    # "这份关于接包方资料保护的规定": the document pointed at, described on the way
    r"[这该此那]" + DESCRIBED + r"(?:规定|规矩|规范|标准|文件|说明|办法|条例)|"
    # "客户资料保护规定哪天开始生效": a regulation by what it is about, then what is asked of it
    r"[\u4e00-\u9fff]{2,8}(?:规定|规矩)(?=[^，,。？?]{0,6}(?:哪|什么|何时|自|从|由|是))|"
    r"\b(?:this|the) (?:regulation|rules?|standard|spec(?:ification)?|document|notes?|data)\b",
    re.IGNORECASE,
)

@dataclass(frozen=True)
class Candidate:
    """One clause as the first stage left it."""
    rank: int  # 0 = best
    dense: float
    bm25: float
    text: str  # what the clause shows: document title, heading path, text (normalised, casefolded)
    units: tuple[str, ...]  # its sentences (or passages), normalised and casefolded
    title_only: bool
    named_doc: bool = False  # in a document the question names
    doc_edge: bool = False  # the first or one of the last two clauses of its document
    asked: float = 0.0  # cosine of its closest bank question minus the closest one's (<= 0)


class TermStats:
    """Inverse document frequencies of BM25 tokens over the indexed passages."""

    def __init__(self, vocab: dict[str, int], doc_freq: np.ndarray, n_docs: int):
        self._vocab = vocab
        self._df = np.asarray(doc_freq)
        self.n = max(int(n_docs), 1)
        self.unseen = math.log(1 + self.n)  # a word no passage has: the rarest there is

    def share(self, token: str) -> float:
        """The share of passages that hold `token` (0 for a word no passage has)."""
        i = self._vocab.get(token)
        return float(self._df[i]) / self.n if i is not None and i < len(self._df) else 0.0

    def idf(self, token: str) -> float:
        i = self._vocab.get(token)
        if i is None or i >= len(self._df) or self._df[i] <= 0:
            return self.unseen
        return math.log(1 + (self.n - self._df[i] + 0.5) / (self._df[i] + 0.5))


def concept_weights(query: Query, stats: TermStats) -> dict[tuple[str, ...], float]:
    """IDF weight of each thing the question asks a clause to say (`Query.concepts`, casefolded):
    a group of alternatives weighs as its rarest word."""
    out: dict[tuple[str, ...], float] = {}
    for concept in query.concepts:
        alts = tuple(dict.fromkeys(t.casefold() for t in concept))
        out[alts] = max(stats.idf(t) for t in alts)
    return out


def weighted_cover(weights: dict[tuple[str, ...], float], text: str) -> float:
    """IDF-weighted share of the concepts `text` (normalised, casefolded) says: a concept is said
    when one of its alternatives is in the text."""
    total = sum(weights.values())
    said = sum(w for alts, w in weights.items() if any(t in text for t in alts))
    return said / total if total else 0.0


def char_cover(weights: dict[tuple[str, ...], float], text: str) -> float:
    """`weighted_cover`, with partial credit for a concept none of whose alternatives is in the
    text: the largest share of an alternative's characters (of two or more) that the text has."""
    total = sum(weights.values())
    if not total:
        return 0.0
    said = 0.0
    for alts, w in weights.items():
        if any(t in text for t in alts):
            said += w
            continue
        said += w * max((sum(ch in text for ch in t) / len(t) for t in alts if len(t) > 1),
                        default=0.0)
    return said / total


def about_document(normalized: str, named_titles: list[str]) -> bool:
    """Whether a question asks about a document itself: a cue outside the titles it names
    ("编制说明第三部分" names 《…编制说明》, and asks for a part of it) and a document named or
    pointed at."""
    rest = normalized
    for title in named_titles:
        for run in shared_runs(rest, title):
            rest = rest.replace(run, _TITLE)
    return bool(_ABOUT_DOCUMENT.search(rest)) and not _THIS_RULE.search(rest) and (
        bool(named_titles) or bool(_THIS_DOCUMENT.search(normalized)))


def shared_runs(text: str, title: str, least: int = 2) -> list[str]:
    """The maximal runs of `least`+ characters of `text` that `title` also has, longest first."""
    runs, i = [], 0
    while i + least <= len(text):
        j = i + least
        if text[i:j] not in title:
            i += 1
            continue
        while j < len(text) and text[i:j + 1] in title:
            j += 1
        runs.append(text[i:j])
        i = j
    return sorted(runs, key=len, reverse=True)


def features(query: Query, candidates: list[Candidate], stats: TermStats,
             about: bool = False) -> np.ndarray:
    """One row of `FEATURES` per candidate (`about`: the question asks about a document itself,
    `about_document`)."""
    weights = concept_weights(query, stats)
    # when the question names a document, only that document's edges answer for it
    named_any = any(c.named_doc for c in candidates)
    bm25_top = max((c.bm25 for c in candidates), default=0.0)
    rows = []
    for c in candidates:
        units = c.units or (c.text,)
        covers = [weighted_cover(weights, u) for u in units]
        # the best sentence: most of the question's words; of equals, one that states what it asks
        best = max(zip(covers, units), key=lambda cu: (
            cu[0], bool(query.wants) and carries(query.wants, cu[1])))[1]
        typed = 0.0
        if query.wants:
            typed = 1.0 if carries(query.wants, best) else 0.5 if any(
                c > 0 and carries(query.wants, u) for c, u in zip(covers, units)) else -1.0
        rows.append((
            math.log1p(c.rank),
            c.dense,
            c.bm25 / bm25_top if bm25_top > 0 else 0.0,
            weighted_cover(weights, c.text),
            max(covers),
            max(char_cover(weights, u) for u in units),
            typed,
            float(c.title_only),
            float(c.named_doc),
            float(about and c.doc_edge and (c.named_doc or not named_any)
                  and (not query.wants or carries(query.wants, c.text))),
            max(c.asked, -ASKED_SPAN) / ASKED_SPAN,
        ))
    return np.asarray(rows, dtype=np.float32).reshape(len(candidates), len(FEATURES))


def unit_text(text: str) -> str:
    return normalize(text).casefold()


@dataclass(frozen=True)
class Reranker:
    weights: np.ndarray
    bias: float = 0.0
    answer_min: float = -math.inf  # a best `evidence` below this: nothing relevant (kb.answer)
    dense_min: float = 0.864  # a best cosine under this and few keywords: not close (kb.gaps)

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> Reranker:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise KBError(f"{path} was fitted for features {data['features']}, this code has "
                             f"{list(FEATURES)}: run `python -m measure.fit_rerank`")
        return cls(np.asarray(data["weights"], dtype=np.float32), float(data.get("bias", 0.0)),
                   float(data.get("answer_min", -math.inf)),
                   float(data.get("dense_min", cls.dense_min)))

    def score(self, x: np.ndarray) -> np.ndarray:
        return x @ self.weights + self.bias

    def evidence(self, x: np.ndarray) -> np.ndarray:
        """`score` without the bank's part: what refusal reads (`answer_min`). The bank says which
        clause answered questions like this one; whether this one is answered at all is for the
        clause's own words and meaning to say, or every question that resembles an answered one
        would pass."""
        w = self.weights.copy()
        w[FEATURES.index("asked")] = 0.0
        return x @ w + self.bias
