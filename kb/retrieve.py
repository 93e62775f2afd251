"""Question -> ranked clause hits.

Three routes, merged in this order:
1. direct lookup when the question names a clause (第十五条 / 第15条 / 15条, 6.7, 附录C.8, C.5), in
   the documents the question names, else in every document that has that number; for a clause
   whose body is not in the corpus (title only), the clauses that refer to it come first;
2. definition lookup when the question asks what a term means (什么是X, X是什么意思, What is X);
3. hybrid search: FAISS (cosine) and BM25 (bm25s over jieba tokens), each aggregated per clause,
   fused by reciprocal rank fusion. Clauses known by title only are demoted (they cannot answer
   a question), and an item is promoted to its parent clause when the parent is short enough to
   cite whole (第三条 with its （一）–（三）).
Between 2 and 3, a question about a document itself: its header card and the clauses that state
its issuer, code or dates (`recorded`), or its parts in order for how it is divided (`outline`).
It also reports the relevance signals that `kb.answer` uses to refuse. It does not write answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from kb.index import PARENT_MAX_CHARS, KnowledgeBase
from kb.intent import COUNTS_FROM, DESCRIBED, WHICH_TIME, carries
from kb.numbering import CN_NUM, ClauseRef, cn_to_int, find_refs, int_to_cn, is_part, key_variants
from kb.parse import Clause, is_item_of, sentences
from kb.query import (
    CLAUSE_SPLIT,
    DESCRIBING,
    Ordinal,
    Query,
    describing_spans,
    find_ordinal,
    make_query,
    message_refs,
)
from kb.rerank import (
    AUTHORED,
    TOP,
    Candidate,
    Reranker,
    TermStats,
    about_document,
    concept_weights,
    features,
    shared_runs,
    unit_text,
    weighted_cover,
)
from kb.segment import expand_english, normalize
from kb.terms import bare_index, bare_key, compared_terms, listed_terms, match_terms
from kb.typos import Homophones

RRF_K = 60
CANDIDATES = 50
TITLE_ONLY_WEIGHT = 0.5
PROMOTE_MAX_CHARS = PARENT_MAX_CHARS
MODES = ("hybrid", "bm25", "dense")
# a part named by its heading: the heading, then 这/那(一)章, 部分, 节 ("服务安全那一章")
# where a contents entry is asked ("在第几页", "编号是多少", "是第几节"), and how long a heading
# must be to name one (服务安全, not 范围)
ENTRY_ASKED = re.compile(r"页|编号|序号|第几节|哪一?节|几点几|\bpages?\b|\bsection\b", re.IGNORECASE)
ENTRY_HEADING_MIN = 4
_PART_WORD = r"[”」』\"']?的?(?:这|那)?一?(?:章|部分|小节|节|大块)"
# how a part is divided ("分成哪几块", "下面有哪几节", "包括哪些小节")
_DIVIDED = re.compile(r"分(?:成|为|了)|下(?:面|设|分)|底下|包括|包含|组成|由哪|"
                      r"(?:几|哪几|哪些)个?(?:小节|节|块|部分)")
# how a part is divided, right after its heading ("业务种类是按照什么来划分的", "…分为哪几类")
_DIVIDED_BY = (r"(?:是|的|一般|主要|具体)*(?:(?:按照?|根据|依据)(?:什么|啥|哪些?个?)(?:标准|维度|角度|方式)?"
               r"(?:来|进行)?(?:划分|分类|区分|分)|(?:分|划分|分成|分为)了?(?:哪|几)几?(?:类|种|部分|块))")
# how a whole document is divided ("分成哪几大块", "包括哪几部分内容", "的结构"): `Retriever.outline`
_OUTLINE = re.compile(r"(?:分成|分为|分了|划分为|划分成|包括|包含|含有|有)(?:哪几|哪些)个?大?"
                      r"(?:部分|块|板块|模块|章节|方面)|(?:结构|框架|大纲|提纲)(?:是)?(?:怎样|怎么样|什么样|如何)")
# which entries a list has ("包括哪些方面", "哪一项讲访问控制", "which item covers"; 包括那些 is
# the common slip for 包括哪些); not how many
_WHICH_ITEMS = re.compile(r"哪些|哪几|(?:包括|包含|有|分)那(?:些|几)|哪一?[项条节部]|"
                          r"哪(?:一个|个)(?:方面|部分|小节)|(?:包括|包含|有)(?:什么|啥)|"
                          r"\bwhich (?:items?|sections?|parts?|areas?|controls?|entries)\b|"
                          r"\bwhat (?:items|sections|parts|areas|controls|entries)\b|\blist\b",
                          re.IGNORECASE)
# a kind of document outside a named document's title: another document is asked about
_OTHER_DOCUMENT = re.compile(r"标准|规范|规定|办法|条例|法律|法规|国标|说明")


# words that say no more than "the document" beside an outline question
# what a document covers ("主要讲了哪些内容", "涵盖了哪些方面", "大致内容是什么")
_OVERVIEW = re.compile(r"(?:讲|说|写|介绍|阐述|论述|涉及|涵盖|包括|包含|覆盖)(?:了|的)?\s*(?:哪些|什么|啥)"
                       r"(?:内容|方面|东西|主题|要点)?|(?:主要|大致|大概)内容(?:是|有)?(?:什么|啥|哪些)")
# a clause that sums a document up names this many of its parts' headings at least
SUMMARY_MIN = 3
_THIS_DOCUMENT = re.compile(r"(?:这|那|本|该)(?:篇|份|个|部|套|版)(?:文章|文件|文档|材料)?|文章")
_DOCUMENT_WORDS = frozenset({"本文", "都",
                             "文件", "文档", "标准", "规范", "说明", "内容", "一共", "总共", "主要",
                             "大致", "大概", "大体", "整个", "全文", "正文", "这份", "这个", "那份"})
# the end of a document, where the question says what it asks is stated
_AT_END = re.compile(r"结尾|末尾|最后|结语|结束语|总结|\b(?:conclusion|concluding|at the end)\b",
                     re.IGNORECASE)
TITLE_WRITTEN = 6  # characters of a title in a row that write it (外包岗位规范)
RARE_SHARE = 0.1  # a word this share of passages has or fewer says what a question is about
PART_DEPTH = 10  # the best-ranked clauses (and the parts they are in) a part is looked for among
# the question bank's clause must rank this high in search (`measure.fit_asked`: +124 -11 at rank
# 1 over the design sets at 5, +129 -15 at 30; measured again with the second stage weighing the
# bank, session of fresh65-fresh66: +43 -14 of 3,513 at 5, +40 -10 at 3, +35 -9 at 2)
ASKED_RANK = 5
# and it must say nearly as much of the question as search's first clause (IDF-weighted cover,
# `kb.rerank`, at most this much less): +60 -6 at rank 1 of 4,405 design-set questions against
# +63 -15 with no bound; a bound on the second-stage score instead nets less (1.5: +59 -11, both:
# +56 -5) (`python -m measure.fit_asked`, session of fresh84-)
ASKED_SHORT = 0.3


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to some documents (slugs) and/or kinds; None means all."""

    docs: frozenset[str] | None = None
    kinds: frozenset[str] | None = None

    def allows(self, clause: Clause) -> bool:
        return (self.docs is None or clause.doc in self.docs) and (
            self.kinds is None or clause.kind in self.kinds
        )


@dataclass(frozen=True)
class Hit:
    clause: Clause
    score: float
    via: str  # "lookup", "reference", "definition", "ordinal", "recorded", "summary", "asked",
    # "described" (`described_elsewhere`), "hybrid", "bm25" or "dense"
    dense: float = 0.0  # best cosine of the clause's passages with the question
    bm25: float = 0.0


@dataclass(frozen=True)
class Signals:
    """How relevant the best search result is, for the refusal decision."""

    dense_top: float = 0.0
    bm25_top: float = 0.0
    coverage: float = 0.0  # share of the question's keywords found in the best passage
    routed: bool = False  # a lookup or definition matched
    follow_up: bool = False  # answered within the previous answer's documents
    confidence: float | None = None  # the best clause's `Reranker.evidence` (None: not re-ranked)


@dataclass(frozen=True)
class SearchResult:
    query: Query
    hits: list[Hit]
    signals: Signals
    context_docs: tuple[str, ...] = ()  # the earlier answer's documents, when used for a follow-up
    missing_refs: tuple[str, ...] = ()  # clause numbers the question names that no document has
    named_docs: tuple[str, ...] = ()  # documents the question names (or the follow-up's)


def find_clauses(store, ref: str, docs: set[str] | None = None) -> list[Clause]:
    """Clauses by id ("info-protection-rules:第5条") or by number as people write it (第五条,
    第15条, 6.7, 附录C, C.8), in `docs` or in every document; the one lookup behind `kb show`, the
    app's clause view and a question that names a clause."""
    ref = ref.strip()
    if ref in store.by_id:
        return [store.by_id[ref]]
    keys = [r.key for r in find_refs(normalize(ref))] or [ref.replace(" ", "")]
    return [c for key in keys for c in store.by_key(key, docs)]


class Retriever:
    def __init__(self, kb: KnowledgeBase, reranker: Reranker | None = None):
        self.kb = kb
        self.store = kb.store
        self._row_clause = [p.clause_id for p in kb.store.passages]
        self._titles = [(d, t, set(t)) for d in kb.store.docs
                        for t in [d.title.replace("《", "").replace("》", "")]]
        self._named: dict[str, list[str]] = {}
        self._clause_rows: dict[str, list[int]] = {}
        self._shown: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._edges: dict[str, set[str]] = {}
        self._doc_texts: dict[str, str] = {}
        self._dense_last: tuple[str, np.ndarray] | None = None  # the last text's `dense_scores`
        self._squeezed: list[str] | None = None
        self.stats = TermStats(kb.engine.vocab, kb.engine.doc_freq, kb.engine.size)
        self._term_names = {n for t in kb.store.terms for n in (t.term, *t.aliases)}
        self._bare_terms = bare_index(kb.store.terms)  # "ITO?": the term and nothing else
        # the words of the documents' titles, which name a document rather than say what in it
        self._title_words = set(kb.segmenter.tokens(
            normalize(" ".join(t for _, t, _ in self._titles)), is_normalized=True))
        self.reranker = reranker or Reranker.load()
        # question sets whose own questions the bank leaves out (`kb eval` scores a design set
        # without them, see kb.asked)
        self.asked_exclude: frozenset[str] = frozenset()
        # whether a question asked before in nearly the same words is answered by its clause
        # (`asked_before`); `measure.fit_asked` measures the route against the search without it
        self.asked_route = True
        self._asked_docs = {self.store.by_id[cid].doc for e in (kb.asked.entries if kb.asked else ())
                            for cid in e.clause_ids if cid in self.store.by_id}
        self.homophones = Homophones(kb.engine.vocab, kb.segmenter.is_word, kb.segmenter.cut,
                                     kb.segmenter.frequency)
        for row, cid in enumerate(self._row_clause):
            self._clause_rows.setdefault(cid, []).append(row)

    # --- scores per passage -----------------------------------------------------------------
    def dense_scores(self, text: str, candidates: int = CANDIDATES) -> np.ndarray:
        """Cosine of every passage with `text` (normalised), -1 outside the top candidates."""
        last = self._dense_last
        if last is not None and last[0] == text and candidates == CANDIDATES:
            return last[1]
        engine = self.kb.engine
        scores = np.full(engine.size, -1.0, dtype=np.float32)
        if engine.size:
            rows, cosines = engine.dense(self.kb.queries.encode(text), max(candidates * 4, 200))
            scores[rows] = cosines
        scores.flags.writeable = False
        if candidates == CANDIDATES:
            self._dense_last = (text, scores)  # one tuple, replaced whole: no reader sees half
        return scores

    def sentence_cosines(self, query: Query, clause_id: str) -> dict[str, float]:
        """The question's cosine with each sentence of a long clause, which the index holds
        sentence by sentence (`kb.index`): where the first stage's candidates reach them (the
        same scores, computed once); {} for a clause indexed whole."""
        rows = [r for r in self._clause_rows.get(clause_id, ())
                if self.store.passages[r].sentence]
        if not rows or self.kb.queries is None:
            return {}
        scores = self.dense_scores(query.keyword_text.strip())
        return {self.store.passages[r].sentence.strip(): float(scores[r])
                for r in rows if scores[r] > -1.0}

    def is_rare(self, word: str) -> bool:
        """A word of two or more characters, not a number, that a tenth of passages or fewer have
        (`RARE_SHARE`): one that says what a question is about."""
        return len(word) >= 2 and not word.isdigit() and \
            0 < self.stats.share(word) < RARE_SHARE and \
            not self.kb.segmenter.is_function_word(word)  # 之一 (单位之一) says nothing

    def telling_words(self, text: str) -> list[str]:
        """The keyword tokens of a normalised text that say what it is about (`is_rare`)."""
        return [w for w in self.kb.segmenter.tokens(text, is_normalized=True) if self.is_rare(w)]

    def bm25_scores(self, tokens: tuple[str, ...]) -> np.ndarray:
        known = [t for t in tokens if t in self.kb.engine.vocab]
        if not known:
            return np.zeros(len(self._row_clause), dtype=np.float32)
        return self.kb.engine.keywords(known)

    # --- the three routes -------------------------------------------------------------------
    def named_documents(self, normalized: str) -> list[str]:
        """Documents whose title a question (normalised) names: the title shares 4+ consecutive
        characters with the question. The longest title the question holds whole is named
        (《服务外包能力要求》认证技术规范编制说明 before 服务外包能力要求); when it holds none, the
        titles that share the most characters in runs of two or more ("服务外包信息保护若干规定"
        names 《关于境内企业承接服务外包业务信息保护的若干规定》, 12 characters, before
        《服务外包业务》, 4), and of those the ones most of whose characters the question has in
        order ("业务外包岗位要求" names 《业务外包的岗位要求》, 8 of its 9, before 《外包岗位岗位规范》,
        6 of 8)."""
        q = normalized
        if q in self._named:
            return self._named[q]
        chars = set(q)
        bare = q.replace("《", "").replace("》", "")
        scored = []
        for d, title, title_chars in self._titles:
            if len(chars & title_chars) < 4 or _longest_common(q, title) < 4:
                continue  # the cheap test first: no 4 characters in common, no naming
            scored.append(((len(title) if title in bare else 0, _shared_run_chars(bare, title),
                            round(_in_order(q, title) / len(title), 3)), d.slug, title))
        # a name the question writes in book-title marks (《若干规定》) says which titles it means:
        # the others are not named by words that stand elsewhere in it (服务外包 of "…违反服务外包
        # 合同…", which every title has)
        marked = [m.group(1) for m in _BOOK_TITLE.finditer(q) if len(m.group(1)) >= 4]
        held = [s for s in scored if any(
            _longest_common(x, s[2]) >= 4 and _in_order(x, s[2]) >= MARKED_SHARE * len(x)
            for x in marked)]
        scored = held or scored
        # (a title of which the question writes only words other titles have too, 服务外包, is
        # not named by them: "服务外包认证规范" is the 编制说明's 认证技术规范, not the standard)
        # a title held whole inside a longer one the question shares four characters more of
        # ("服务外包能力要求的编制说明" names the 编制说明, whose title holds 服务外包能力要求) gives
        # way to that one when the question also has four characters of the rest of the longer
        # title in a row (编制说明); else the longer one is not named at all: "《服务外包能力要求》这份
        # 认证规范" and "能力要求规范" share 认证, 规范 with 认证技术规范编制说明 but name the standard
        titles = {t for _, _, t in scored}
        dropped = set()
        for _, _, t in scored:
            for short in titles - {t}:
                if short in t and _writes_own(q, short, [x for _, x, _ in self._titles
                                                         if short not in x]):
                    if _longest_common(q.replace(short, " "), t.replace(short, " ")) >= 4 or \
                            _extended(bare, short, t) >= 2:
                        dropped |= {("whole", short), ("extends", t)}
                    else:
                        dropped.add(("named", t))
        # and the longer one is then named as if held whole ("《服务外包能力要求》的那份编制说明":
        # its rest stands a few words off, too far for a run of the same name)
        scored = [((0, *sc[1:]) if ("whole", t) in dropped else
                   (max(sc[0], len(t)), *sc[1:]) if ("extends", t) in dropped else sc, slug, t)
                  for sc, slug, t in scored if ("named", t) not in dropped]
        best = max((sc for sc, _, _ in scored), default=())
        out = [slug for sc, slug, _ in scored if sc == best] or \
            list(dict.fromkeys(slug for _, slug, _ in self.abbreviated_titles(q))) or \
            self.pointed_at(q)
        out = self._told_apart(q, out)
        if len(self._named) > 1024:
            self._named.clear()
        self._named[q] = out
        return out

    def _told_apart(self, normalized: str, named: list[str]) -> list[str]:
        """Of documents that share one title (the three 外包岗位岗位规范), the one the question
        describes ("强调要保护公司商业机密的那份外包岗位规范", "外包岗位规范（管理模式那份）", "有份
        外包岗位规范后面附了绩效考核"): in the part of the question that says 那份, 这版, 有份 …,
        the most words (two characters or longer, beyond the title) that some but not all of them
        have; all of them when none, or several, has most such words."""
        docs = [self.store.doc_by_slug[d] for d in named if d in self.store.doc_by_slug]
        if len(docs) < 2 or len({d.title for d in docs}) > 1:
            return named
        # a part named by its heading ("有岗位福利那一章的那份", "外包岗位规范的绩效考核有几项"): the
        # one document with parts so headed, when only one has them all
        asked = squeezed(normalized)
        headed = {d.slug: {h for c in self.store.clauses_of(d.slug)
                           if len(h := squeezed(c.heading)) >= 4 and h in asked}
                  for d in docs}
        parts = set().union(*headed.values())
        if parts and len(held := [slug for slug in named if headed.get(slug) == parts]) == 1:
            return held
        described = "".join(c for c in CLAUSE_SPLIT.split(normalized) if DESCRIBING.search(c))
        at = _written_after_de(normalized, docs[0].title.strip("《》"))
        if not described and at > 0:
            # or in the words that qualify the title ("要求保护公司商业机密、流程中有审核和反馈
            # 环节的外包岗位规范")
            start = max((m.end() for m in CLAUSE_SPLIT.finditer(normalized, 0, at)), default=0)
            described = normalized[start:at - 1]
        if not described:
            return named
        texts = {d.slug: self._doc_text(d.slug) for d in docs}
        # (a phrase in quotation marks is one word as well: “工作总结”, whose 总结 others have)
        words = {w for w in [*self.kb.segmenter.tokens(described, is_normalized=True),
                             *(squeezed(m.group(1)).casefold() for m in _QUOTED.finditer(described))]
                 if len(w) >= 2 and w not in docs[0].title
                 and not self.kb.segmenter.is_function_word(w)}
        said = {slug: sum(1 for w in words if w in text
                          and not all(w in t for t in texts.values()))
                for slug, text in texts.items()}
        most = max(said.values())
        told = [slug for slug in named if said.get(slug) == most]
        return told if most and len(told) == 1 else named

    def squeezed_texts(self) -> list[str]:
        """Each clause's heading and text without spaces, casefolded (`squeezed`), built once:
        where a quotation is looked for."""
        if self._squeezed is None:
            self._squeezed = [squeezed(f"{c.heading}{c.text}") for c in self.store.clauses]
        return self._squeezed

    def _doc_text(self, slug: str) -> str:
        if slug not in self._doc_texts:
            self._doc_texts[slug] = normalize(" ".join(
                f"{c.heading} {c.text}" for c in self.store.clauses_of(slug))).casefold()
        return self._doc_texts[slug]

    def pointed_at(self, normalized: str) -> list[str]:
        """The one document a question points at by the kind of document it is, when no other has
        a title that ends so ("这个规定的目的是什么", "这几条关于外包保密的规定": the knowledge base
        holds one 规定); [] when it names no kind, or several documents are of it (这个规范)."""
        kinds = [m.group("kind") for m in _POINTER.finditer(normalized)]
        for kind in dict.fromkeys(kinds):
            if slug := self._one_of_kind(kind):
                return [slug]
        return []

    def opened_by_kind(self, normalized: str) -> tuple[str, ...]:
        """The one document of the kind a question opens with ("规定的最后一条": the knowledge
        base holds one 规定); () when it opens with none, or several documents are of it."""
        m = _BARE_KIND.match(normalized)
        slug = m and self._one_of_kind(m.group("kind"))
        return (slug,) if slug else ()

    def _one_of_kind(self, kind: str) -> str:
        """The slug of the one document whose title ends in `kind` (规定); "" when none or several."""
        slugs = [d.slug for d, title, _ in self._titles if title.endswith(kind)]
        return slugs[0] if len(slugs) == 1 else ""

    def abbreviated_titles(self, normalized: str) -> list[tuple[str, str, str]]:
        """Titles a question writes by the first characters of their words ("信保规定": 信息保护的
        若干规定), as (the abbreviation as written, the document, the title's words it stands for):
        a run no document writes as is, then a kind of document the title ends in, each character
        of the run beginning a word of that one title, in order."""
        out = []
        for m in _ABBREVIATED.finditer(normalized):
            abbr, kind = m.groups()
            if self.store.mentions(abbr):
                continue  # written as is (能力规范): not an abbreviation
            found = []
            for d, title, _ in self._titles:
                starts = _initials(abbr, title.removesuffix(kind)) if title.endswith(kind) else []
                if starts:
                    found.append((d.slug, "".join(title[i:i + 2] for i in starts)))
            if len(found) == 1:
                out.append((m.group(0), *found[0]))
        return out

    def title_holds(self, words: str) -> bool:
        """Whether a document's title holds `words` in order with four in a row: a misremembered
        name of that document ("信息保护" of "服务外包信息保护办法" in 《关于境内企业承接服务外包业务
        信息保护的若干规定》), not another one ("个人信息保护" of 个人信息保护法)."""
        return len(words) >= 4 and any(
            _in_order(words, title) == len(words) and _longest_common(words, title) >= 4
            for _, title, _ in self._titles)

    def lookup(self, query: Query, filters: Filters, context: tuple[str, ...] = (),
               ) -> tuple[list[Hit], list[str]]:
        """Clauses the question names by number, and the numbers (as written) that no document
        in scope has."""
        if not query.refs:
            return [], []
        # a title that is also a defined term ("服务外包业务"), written whole, may name the term,
        # not the document; part of it ("服务外包术语里第6条") names the document
        asked = {d for d in self.named_documents(query.normalized)
                 if (t := self.store.doc_by_slug[d].title.strip("《》")) not in self._term_names
                 or t not in query.normalized}
        named = asked or set(context) or None
        hits: list[Hit] = []
        missing: list[str] = []
        for ref in asked_refs(query):
            found = []
            for key in key_variants(ref.key):
                found = [c for c in self.store.by_key(key, named) if filters.allows(c)]
                if not found and named and not asked:  # a follow-up may leave its document
                    found = [c for c in self.store.by_key(key) if filters.allows(c)]
                if found:
                    break
            # of several (第7章 in two documents), the one whose heading the question names: the
            # others are not asked about ("第4章服务能力管理": its note "(总要求)" may be left out)
            found = [c for c in found if _heading_named(c, query.normalized)] or found
            written = ref.text(query.normalized)
            if not found and (item := _APPENDIX_ITEM.fullmatch(ref.key)) and "第" in written:
                # "附录B第3项" of an appendix that numbers its items B.1.1, B.1.2, B.1.3 (no B.3):
                # its third item, as "附录C第5项" is C.5
                found = [c for a in self.store.by_key(f"附录{item.group(1)}", named)
                         if (c := _at(self.store.children(a.id), int(item.group(2)), titles=True))
                         and filters.allows(c)][:1]
            # an unnumbered 第二章 may be a position; a number the named document mentions
            # (编制说明里提到的附录B: it describes the standard's appendices) is asked about there
            if not found and not is_part(ref.key) and not self._mentioned_in(named, written):
                missing.append(written)
                # "第7条第二项" of an article without (so many) items: the article comes first
                # among the nearest clauses of the refusal (`kb.gaps.no_such_clause` says why)
                if item := _ITEM_KEY.fullmatch(ref.key):
                    hits += [Hit(c, 1.0, "article") for c in self.store.by_key(item.group(1), named)
                             if filters.allows(c)][:1]
            for c in found:
                # a table of contents' entry with entries of its own lists them: the answer to
                # which items it has ("附录C包括哪些方面"); what it is about, the clauses that
                # describe it say ("附录C讲什么": the 编制说明's "从10个方面提出了安全控制项要求")
                lists = c.title_only and bool(self.store.children(c.id)) and \
                    bool(_WHICH_ITEMS.search(query.normalized))
                if lists:
                    hits.append(Hit(c, 1.0, "lookup"))
                if c.title_only:
                    for r in self.store.referenced_by(c.id):
                        if filters.allows(r) and not r.title_only:
                            hits.append(Hit(r, 1.0, "reference"))
                if not lists:
                    hits.append(Hit(c, 1.0, "lookup"))
        return hits, missing

    def _mentioned_in(self, docs: set[str] | None, written: str) -> bool:
        """Whether the text of one of `docs` (the named documents) has `written` (附录B) in it."""
        if not docs:
            return False
        bare = written.replace(" ", "")
        return any(bare in f"{c.number}{c.heading}{c.text}".replace(" ", "")
                   for d in docs for c in self.store.clauses_of(d))

    def ordinal(self, query: Query, ranked: list[Hit], filters: Filters,
                named: tuple[str, ...]) -> list[Hit]:
        """The clause at the position the question asks for ("若干规定最后一条", "第3个",
        "绩效考核第4项"): among the top-level clauses of the named document (条, 部分, 章), or
        among the items of the best-ranked clause that has such an item, or of its list."""
        o = query.ordinal
        if o is None:
            return []
        in_scope = [h for h in ranked if not named or h.clause.doc in named][:10]
        # words of the named document's title do not name a list in it by themselves: 考核 of
        # "IT外包考核标准的第3项考核" is not 绩效考核 but the document's own 3. (a heading written
        # whole still is: 岗位职责 of "服务外包人员岗位职责第3项")
        own = self._without_titles(query.normalized, named)
        if o.top:
            # a list the question names by its heading ("职位要求的最后一条") comes first; not for
            # 部分/章/节, which name the part itself ("第四部分岗位福利" is 四、, not its 4th item)
            # (of the named document, when the question names one)
            # (the one named right before the position first: "按那份写了岗位福利的规范，我职责的
            # 第一条" is 岗位职责's)
            # (a count is of the items of the part it names: "服务保障那章分几节" counts 5.1, 5.2)
            scope = (in_scope if named else ranked[:10]) \
                if o.text.endswith("条") or o.count else []
            before = _lead(query.normalized, o.text)
            # (a list inside a hit counts too: an item is cited as its short parent, 技能要求 as
            # 三、岗位要求)
            owners = [(i, c) for i, h in enumerate(scope) for c in self._lists_in(h.clause)]
            # (of two named, the one right before the position: "岗位要求里的技能要求第一条")
            own_before = _lead(own, o.text)
            near = sorted((-n, -end, j) for j, (_, c) in enumerate(owners)
                          if (n := _longest_common(before, c.heading)) > 1
                          and (end := _common_end(before, c.heading, n)) >= 0
                          and (c.heading in before or _longest_common(own_before, c.heading) > 1))
            whole = [j for j, (_, c) in enumerate(owners)
                     if len(c.heading) > 1 and c.heading in query.normalized]
            for j in dict.fromkeys([j for *_, j in near] + whole):
                # (a table of contents' entries count: its titles are what is counted)
                pick = _at(self.store.children(owners[j][1].id), o.n, titles=bool(o.count))
                if pick is not None and filters.allows(pick):
                    return [Hit(pick, 1.0, "ordinal")]
            # then the named document's own sequence; of several (three documents share a title),
            # the one whose part there has the heading the question names ("第三部分“任职要求”"),
            # else the best-ranked one's
            docs = list(dict.fromkeys([h.clause.doc for h in in_scope] + list(named)))
            picks = []
            for doc in docs:
                top = [c for c in self.store.clauses_of(doc) if c.parent is None]
                pick = _at(top, o.n)
                if pick is not None and filters.allows(pick):
                    picks.append(pick)
            named_part = [p for p in picks if len(p.heading) > 1 and p.heading in query.normalized]
            return [Hit(p, 1.0, "ordinal") for p in (named_part or picks)[:1]]
        # the list: the items of a well-ranked clause, or its siblings; a list whose heading
        # shares most with the question ("绩效考核第4项", "第五项职责" for 岗位职责) comes first
        # (the one named right before the position first, as above)
        # the named document's part at that position, when the question writes its heading right
        # after it ("IT外包考核标准第3条风险管理评估里…": 3., not the third bullet of 3.; "岗位职责的
        # 第二项" is the list's second item)
        at = query.normalized.find(o.text)
        after = query.normalized[at + len(o.text):] if at >= 0 and o.text else ""
        for doc in named:
            pick = _at([c for c in self.store.clauses_of(doc) if c.parent is None], o.n)
            if pick is not None and len(pick.heading) > 1 and \
                    after.lstrip("的是：: ").startswith(pick.heading) and filters.allows(pick):
                return [Hit(pick, 1.0, "ordinal")]
        # the kind of thing counted, written right after the position: a list most of whose
        # items are headed so ("第3项评估": 技术能力评估, 风险管理评估, …) is counted, before a list
        # whose own heading shares the word (风险管理评估's bullets); or asked after it ("排在第三项的
        # 是什么评估")
        noun = re.sub(r"^[的个]?(?:是)?(?:什么|哪个|哪一?项|哪一?种|哪类)?", "", after)[:2]
        if re.fullmatch(r"[\u4e00-\u9fff]{2}", noun):
            seqs = [[c for c in self.store.clauses_of(d) if c.parent is None] for d in named]
            seqs += [self.store.siblings(h.clause) for h in in_scope[:3]]
            for items in seqs:
                headed = [c for c in items if noun in c.heading]
                if len(headed) >= 2 and 2 * len(headed) >= len(items):
                    pick = _at(items, o.n)
                    if pick is not None and filters.allows(pick):
                        return [Hit(pick, 1.0, "ordinal")]
        named_lists, lists = [], []
        before = _lead(query.normalized, o.text)
        for rank, h in enumerate(in_scope):
            parent = self.store.by_id.get(h.clause.parent) if h.clause.parent else None
            inner = [(c, self.store.children(c.id)) for c in self._lists_in(h.clause)[1:]]
            own_items = self.store.children(h.clause.id)
            if not own_items and (n_inline := inline_items(self.store.full_text(h.clause))):
                # a list written inline ("主要包括：A、B、C、D"): its n-th item is in the clause;
                # named well and shorter, no other list's item answers (None)
                own_items = h.clause if abs(o.n) <= n_inline else None \
                    if _named_by(query.normalized, h.clause) >= LIST_NAME_MIN else []
            for owner, items in ((h.clause, own_items),
                                 (parent, self.store.siblings(h.clause)), *inner):
                shared = _named_by(query.normalized, owner) if owner else 0
                if shared and owner.heading not in query.normalized and not _named_by(own, owner):
                    shared = 0
                near = _named_by(before, owner) if owner and shared else 0
                end = _common_end(before, owner.heading, near) if near and owner.heading else -1
                (named_lists if shared else lists).append((-near, -end, -shared, rank, items))
        for *_, items in sorted(named_lists, key=lambda x: x[:4]):
            if items is None:
                return []
            pick = items if isinstance(items, Clause) else _at(items, o.n)
            if pick is not None and filters.allows(pick):
                return [Hit(pick, 1.0, "ordinal")]
        if self.short_list(query, in_scope):
            return []  # the list the question names is shorter: no other list's item answers
        # prose that counts in its own words ("首先…其次…第三，…第四，…最后"): the clause whose
        # sentence opens with the asked position, before paragraphs the parser numbered ¶1, ¶2 …
        marker = inline_marker(o.n)
        for h in in_scope:
            if marker.search(self.store.full_text(h.clause)) and filters.allows(h.clause):
                return [Hit(h.clause, 1.0, "ordinal")]
        # in the one document the question names, a position no list is named for ("IT外包考核标准
        # 的第3项", "…里列的第三项考核") is in the document's own numbered sequence, not in the list
        # of whichever of its clauses ranks first
        if len(named) == 1:
            top = [c for c in self.store.clauses_of(named[0])
                   if c.parent is None and not c.number.startswith("¶")]
            pick = _at(top, o.n)
            if pick is not None and filters.allows(pick):
                return [Hit(pick, 1.0, "ordinal")]
        for *_, items in sorted(lists, key=lambda x: x[:4]):
            if not isinstance(items, list):
                continue  # an inline list counts only when the question names it
            pick = _at(items, o.n)
            if pick is not None and filters.allows(pick):
                return [Hit(pick, 1.0, "ordinal")]
        return []

    def same_position_elsewhere(self, query: Query, pick: Clause, ranked: list[Hit],
                                filters: Filters) -> list[Hit]:
        """The same position in the other lists that the words before it name as fully as they
        name `pick`'s (its document's title and the headings above it): "外包岗位职责第6条" is
        the sixth of 岗位职责 in three job specifications and in the staff duties; "外包岗位要求第4点"
        《业务外包的岗位要求》's own fourth point and a job specification's 岗位要求's. Best-ranked
        document first: the question does not say which one it means, so the answer quotes each
        rather than pick one silently (as a clause number several documents share). A document's
        own sequence is such a list only when `pick` is in one."""
        o = position_asked(query)
        lead = _lead(query.normalized, o.text) if o and not o.count else ""

        def named(clause: Clause) -> int:
            path = [c.heading for c in self.store.ancestors(clause)]
            name = " ".join([self.store.doc_by_slug[clause.doc].title, *path])
            return sum(map(len, shared_runs(lead, name)))  # the characters of `lead` it says

        least = named(pick)
        if least < 2:
            return []
        # an item the question names by its own heading ("第三部分“任职要求”") is not ambiguous
        by_heading = len(pick.heading) >= 2 and pick.heading in query.normalized
        owners = [self.store.children(c.id) for c in self.store.headed_within(lead)
                  if c.id != pick.parent]
        if pick.parent is None:  # (of the documents search found: a collection may hold thousands)
            owners += [self.store.top_level(d) for d in dict.fromkeys(h.clause.doc for h in ranked)
                       if d != pick.doc]
        doc_rank: dict[str, int] = {}
        for i, h in enumerate(ranked):
            doc_rank.setdefault(h.clause.doc, i)
        out = []
        for items in owners:
            alt = _at(items, o.n) if items else None
            if alt is not None and alt.id != pick.id and named(alt) >= least and \
                    filters.allows(alt) and (not by_heading or (
                        len(alt.heading) >= 2 and alt.heading in query.normalized)):
                out.append(alt)
        out.sort(key=lambda c: doc_rank.get(c.doc, len(ranked)))
        return [Hit(c, 1.0, "ordinal") for c in dict.fromkeys(out)][:ORDINAL_ALTERNATIVES]

    def _without_titles(self, normalized: str, named: tuple[str, ...]) -> str:
        """The question with every run of two or more characters it shares with a named
        document's title blanked out (□, so that positions stay): "IT外包考核标准的第3项考核" ->
        "□□□□□□□的第3项□□"."""
        for slug in named:
            title = self.store.doc_by_slug[slug].title.strip("《》")
            while (n := _longest_common(normalized, title)) >= 2:
                at = next(i for i in range(len(normalized) - n + 1) if normalized[i:i + n] in title)
                normalized = normalized[:at] + "□" * n + normalized[at + n:]
        return normalized

    def named_part(self, query: Query, ranked: list[Hit], filters: Filters) -> list[Hit]:
        """The part (a clause with items of its own) whose heading the question writes whole right
        before a word for a part ("服务安全那一章", "岗位福利这部分"), among the best-ranked clauses
        and the parts they are in; the longest heading first."""
        # not where it describes which document it means ("设有绩效考核一章…的那份外包岗位规范，
        # 制定的目的是什么": that part is no part asked about)
        asked = query.normalized
        for a, b in describing_spans(asked):
            asked = asked[:a] + " " * (b - a) + asked[b:]
        asked = squeezed(asked)
        parts = self._parts_ranked(ranked)
        for c in sorted(parts.values(), key=lambda c: -len(squeezed(c.heading))):
            heading = squeezed(c.heading)
            # a part known only from the table of contents answers how it is divided, not what
            # it requires ("服务实现部分从哪些方面提要求": the 编制说明 describes that)
            if len(heading) >= 2 and filters.allows(c) and \
                    re.search(re.escape(heading) + _PART_WORD, asked) and \
                    (not c.title_only or _DIVIDED.search(asked)):
                return [Hit(c, 1.0, "lookup")]
            # how a part whose items have headings of their own is divided ("业务种类是按照什么来
            # 划分的": 根据业务流程, 根据主体对象): its items' headings, as a document's outline
            items = self.store.children(c.id)
            if len(heading) >= 2 and not c.title_only and filters.allows(c) and \
                    re.search(re.escape(heading) + _DIVIDED_BY, asked) and \
                    all(i.heading and filters.allows(i) for i in items):
                return [Hit(i, 1.0, "outline") for i in items]
        if ENTRY_ASKED.search(asked):
            # a contents entry named by its heading, asked where it is ("“外部供方管理”这一节编号是
            # 多少、在第几页"): the entry, not a clause that speaks of it
            entries = [c for c in self.store.clauses
                       if c.title_only and len(squeezed(c.heading)) >= ENTRY_HEADING_MIN]
            for c in sorted(entries, key=lambda c: -len(squeezed(c.heading))):
                if squeezed(c.heading) in asked and filters.allows(c):
                    return [Hit(c, 1.0, "lookup")]
        return []

    def telling_first(self, query: Query, alternatives: list[Hit]) -> list[Hit]:
        """Of the same position in several lists ("外包岗位职责第6条关于成本是怎么规定的": the sixth
        duty of three documents), the ones whose text says a rare word the question writes after
        the position (成本) first, when some but not all of them say one; else as they were."""
        o = position_asked(query)
        at = query.normalized.find(o.text) if o and len(alternatives) > 1 else -1
        if at < 0:
            return alternatives
        words = self.telling_words(query.normalized[at + len(o.text):])
        says = [any(w in normalize(self.store.full_text(h.clause)).casefold() for w in words)
                for h in alternatives]
        if not any(says) or all(says):
            return alternatives
        return [h for h, s in zip(alternatives, says) if s] + \
            [h for h, s in zip(alternatives, says) if not s]

    def described_elsewhere(self, query: Query, routed: list[Hit], ranked: list[Hit],
                            ) -> list[Hit]:
        """People misremember numbers: "若干规定第六条是不是要求加强员工的信息安全培训" names
        第六条 and describes 第七条. When the clause a question names says little of what the
        question says it holds and another clause of its document says much more — one of
        search's first three, or a sibling of the named clause (第五条第三项 for its （四）) —
        that one, as a "described" hit, goes before the named one (`kb.answer` says which is
        which).

        What the question says the clause holds: the telling words (`is_rare`, none of a
        document's title) written after the reference or position ("第六条是不是要求…",
        "第4点说，…"), or before it when the question then points back ("…，这条应该是第十一条
        吧"). Words before a position describe the list or the document it is in ("负责数据处理
        的外包岗位，第三项岗位职责是什么"), and a question that asks what is there says nothing
        of it. Each clause is read with the clauses above it (C.10 is one of 附录C's 安全控制项;
        第三条（二） one of 第三条's conditions of 保密信息); a heading written whole counts two."""
        q = query.normalized
        ends = [r.end for r in query.refs]
        if query.ordinal and query.ordinal.text and (at := q.find(query.ordinal.text)) >= 0:
            ends.append(at + len(query.ordinal.text))
        if not ends:
            return []
        start = min(r.start for r in query.refs) if query.refs else min(ends)
        said = q[max(ends):] if not _POINTS_BACK.search(q[:start]) else q[:start]
        # (what is said to stand beside it is not in it: "第4步（数据处理之后那一步）")
        said = _BESIDE.sub(" ", said)
        if query.language == "en":  # in the glossary's Chinese words ("training" is 培训)
            said = expand_english(said)[len(said):]
        # (Chinese words: English words are the documents' English titles too)
        words = {w for w in self.telling_words(said) if w not in self._title_words
                 and not w.isascii()}
        if len(words) < 2:
            return []
        flat = squeezed(said).casefold()

        def says(c: Clause) -> int:
            context = [c.heading, *(part for up in self.store.ancestors(c)
                                    for part in (up.heading, up.text))]
            text = normalize(f"{' '.join(context)} {self.store.full_text(c)}").casefold()
            heading = squeezed(normalize(c.heading)).casefold()
            return sum(w in text for w in words) + 2 * (len(heading) >= 4 and heading in flat)

        def better(named: Clause) -> Clause | None:
            above = {named.id, *(up.id for up in self.store.ancestors(named))}
            inside = {d.id for d in self.store.children(named.id)}
            pool = {c.id: c for c in [h.clause for h in ranked[:3]] + self.store.siblings(named)
                    if c.doc == named.doc and c.id not in above | inside}
            # (a bare title from a table of contents says only its heading: "C.7是不是业务连续性
            # 管理")
            pool = [c for c in pool.values() if not c.title_only or
                    squeezed(normalize(c.heading)).casefold() in flat]
            return max(pool, key=says) if pool else None  # (the first of equals: search's order)

        # the same position in several documents' lists ("外包岗位职责第5条"): each, with its own
        named = [routed[0].clause] + [h.clause for h in routed[1:3] if h.via == routed[0].via
                                      and h.clause.doc != routed[0].clause.doc]
        have = max(says(c) for c in named)
        found = [(says(b), b) for c in named if (b := better(c))]
        if not found:
            return []
        other, best = max(found, key=lambda f: f[0])
        if other < 2 or other < have + 2:
            return []
        return [Hit(best, 1.0, "described")]

    def _parts_ranked(self, ranked: list[Hit]) -> dict[str, Clause]:
        """The clauses with items of their own among the best-ranked clauses and the parts they
        are in, by id."""
        parts: dict[str, Clause] = {}
        for h in ranked[:PART_DEPTH]:
            c = h.clause
            while c is not None:
                if self.store.children(c.id):
                    parts.setdefault(c.id, c)
                c = self.store.by_id.get(c.parent) if c.parent else None
        return parts

    def section_of_part(self, query: Query, ranked: list[Hit], filters: Filters,
                        missing: list[str]) -> tuple[list[Hit], list[str]]:
        """"服务安全那章第一节讲啥": the section at that position of the part the question names by
        its heading right before (7.1), not every document's section numbered 1: of the
        best-ranked clauses and the parts they are in first (as `named_part`), then of any."""
        for ref in query.refs:
            m = re.fullmatch(r"第(\d+)节", ref.key)
            lead = squeezed(query.normalized[:ref.start])
            if not m or not lead:
                continue
            parts = self._parts_ranked(ranked)
            # (the cheap test first: the heading in the words before the number)
            others = [c for c in self.store.clauses if len(c.heading) >= 2 and c.id not in parts
                      and squeezed(c.heading) in lead and self.store.children(c.id)]
            for c in [*sorted(parts.values(), key=lambda c: -len(squeezed(c.heading))),
                      *sorted(others, key=lambda c: -len(squeezed(c.heading)))]:
                heading = squeezed(c.heading)
                if len(heading) < 2 or not re.search(re.escape(heading) + _PART_WORD + "的?$", lead):
                    continue
                pick = _at(self.store.children(c.id), int(m.group(1)), titles=True)
                if pick is not None and filters.allows(pick):
                    written = ref.text(query.normalized)
                    return [Hit(pick, 1.0, "ordinal")], [t for t in missing if t != written]
        return [], missing

    def outline(self, query: Query, filters: Filters) -> list[Hit]:
        """How the one document a question names is divided, when that is all it asks ("IT外包
        考核标准分成哪几大块", "编制说明包括哪几部分"): the document's top-level parts in order, when
        each has a heading of its own (1. 绩效考核 … 4. 沟通和合作能力评估). Not a document whose
        parts are articles or paragraphs with no heading, nor one known from its table of contents
        only (the standard: its contents and the 编制说明's summary answer)."""
        doc = self._only_asked(query, _OUTLINE)
        if not doc:
            return []
        parts = [c for c in self.store.clauses_of(doc)
                 if c.parent is None and not c.key.startswith("¶")]
        if len(parts) < 2 or any(c.title_only or not c.heading or not filters.allows(c)
                                 for c in parts):
            return []
        return [Hit(c, 1.0, "outline") for c in parts]

    def summary(self, query: Query, filters: Filters) -> list[Hit]:
        """What the one document a question names covers, when that is all it asks ("《业务外包的
        岗位要求》这篇文章主要讲了哪些内容"): the clause of that document that names most of its
        parts by their headings ("本文将详细阐述…包括业务熟练、沟通能力、…等方面"), at least
        three; none when no clause sums the document up so (ranking answers)."""
        doc = self._only_asked(query, _OVERVIEW)
        if not doc:
            return []
        headings = self.part_headings(doc)
        best, named = None, SUMMARY_MIN - 1
        for c in (c for c in self.store.clauses_of(doc) if not c.title_only):
            n = sum(h in squeezed(c.text) for h in headings if h != squeezed(c.heading))
            if n > named and filters.allows(c):
                best, named = c, n
        return [Hit(best, 1.0, "summary")] if best else []

    def part_headings(self, doc: str) -> list[str]:
        """The headings of a document's top-level parts (two characters or more), squeezed: what
        a sentence that sums the document up names (`summary`)."""
        return [squeezed(c.heading) for c in self.store.clauses_of(doc)
                if c.parent is None and len(c.heading) > 1]

    def _only_asked(self, query: Query, cue: re.Pattern) -> str:
        """The one document the question names, when `cue` (how it is divided, what it covers)
        is all the question asks of it besides its title ("考核标准里技术能力分哪些方面" asks of
        技术能力); "" otherwise."""
        m = cue.search(query.normalized)
        named = self.named_documents(query.normalized) if m else []
        if len(named) != 1:
            return ""
        rest = query.normalized[:m.start()] + " " + query.normalized[m.end():]
        title = self.store.doc_by_slug[named[0]].title
        if _names_another_document(rest, [title]):
            return ""  # "编制说明里讲的认证规范主要技术内容包括哪几块": the standard's, not its own
        for run in shared_runs(rest, title):
            rest = rest.replace(run, " ")
        rest = _THIS_DOCUMENT.sub(" ", rest)  # (jieba cuts 这 篇文章)
        segmenter = self.kb.segmenter
        if any(len(w) >= 2 and w.strip() and w not in _DOCUMENT_WORDS and
               not segmenter.is_stopword(w) and not segmenter.is_function_word(w)
               for w in segmenter.cut(rest)):
            return ""
        return named[0]

    def _lists_in(self, clause: Clause) -> list[Clause]:
        """`clause`, then the items inside it that are lists of their own (三、 then 3. 技能要求)."""
        out = [clause]
        for child in self.store.children(clause.id):
            if self.store.children(child.id):
                out += self._lists_in(child)
        return out

    def short_list(self, query: Query, ranked: list[Hit]) -> Clause | None:
        """The list the question names by its lead-in ("保密措施…第(九)项" for 第五条's "…采取
        …保密措施，包括：") among the best-ranked clauses, when it has no item at the asked
        position: the answer is that it has no such item, not an item of some other list."""
        o = query.ordinal
        if o is None or o.top or o.n <= 0:
            return None
        for h in ranked[:3]:
            c, items = h.clause, self.store.children(h.clause.id)
            # (or by its heading written whole: "绩效考核第5项" of 五、绩效考核's four)
            if items and (not c.heading and _named_by(query.normalized, c) or
                          len(c.heading) > 1 and c.heading in query.normalized):
                return c if _at(items, o.n) is None else None
            # a list written inline, named by a whole word of its heading or lead-in
            if not items and (n := inline_items(self.store.full_text(c))) and \
                    _named_by(query.normalized, c) >= LIST_NAME_MIN:
                return c if o.n > n else None
        return None

    def within(self, query: Query, looked_up: list[Hit], filters: Filters) -> list[Hit]:
        """A position inside a clause the question names ("附录C的最后一项" = C.10, "第五条的第二
        项"): the item at that position of the looked-up clause; with no position, the item whose
        heading the question writes ("附录C 供应链安全" = C.10)."""
        o = query.ordinal
        if o is None or o.top:
            return self.headed_within(query, looked_up, filters)
        for h in looked_up:  # a table of contents' entries count: their titles are the answer
            items = self.store.children(h.clause.id) if h.via == "lookup" else []
            pick = _at(items, o.n, titles=True)
            if pick is not None and filters.allows(pick):
                return [Hit(pick, 1.0, "ordinal")]
        return []

    def headed_within(self, query: Query, looked_up: list[Hit], filters: Filters) -> list[Hit]:
        """The item of a looked-up clause whose heading (two characters or more) the question
        writes whole, the longest first; else the one item whose heading the question writes most
        of, `HEADING_RUN` characters in a row or more ("附录C里有讲业务连续性吗": C.8 业务连续性
        管理); a heading typed with a homophone (安全事见管理: 事件, 时间 or 实践) as written right."""
        forms = [squeezed(query.normalized)] + [
            squeezed(query.normalized.replace(typed, word))
            for typed, word in self.homophones.fixes(query.normalized)]
        # the named document's title names no heading ("服务外包能力要求的第4章": not 4.2 服务外包
        # 能力模型)
        for slug in self.named_documents(query.normalized):
            title = squeezed(self.store.doc_by_slug[slug].title.strip("《》"))
            forms = [a.replace(title, " ") for a in forms] if len(title) >= 2 else forms
        items = [c for h in looked_up if h.via == "lookup" for c in self.store.children(h.clause.id)
                 if len(squeezed(c.heading)) >= 2 and filters.allows(c)]
        whole = sorted((c for c in items if any(squeezed(c.heading) in a for a in forms)),
                       key=lambda c: -len(c.heading))
        if whole:
            return [Hit(whole[0], 1.0, "lookup")]
        runs = sorted((max(_longest_common(a, squeezed(c.heading)) for a in forms), i)
                      for i, c in enumerate(items))[::-1]
        if runs and runs[0][0] >= HEADING_RUN and (len(runs) == 1 or runs[1][0] < runs[0][0]):
            return [Hit(items[runs[0][1]], 1.0, "lookup")]
        return []

    def numbered_within(self, query: Query, at: list[Hit], filters: Filters, missing: list[str],
                        ) -> tuple[list[Hit], list[str]]:
        """"第三部分“任职要求”第一条" in a document with no 第一条: the first item of the part the
        question's position picked (三、1.), as "第三部分的第一项" would be."""
        for ref in query.refs:
            m = re.fullmatch(r"第(\d+)条", ref.key)
            text = ref.text(query.normalized)
            if not m or text not in missing:
                continue
            pick = _at(self.store.children(at[0].clause.id), int(m.group(1)))
            if pick is not None and filters.allows(pick):
                return [Hit(pick, 1.0, "ordinal")], [t for t in missing if t != text]
        return at, missing

    def numbered_as_position(self, query: Query, ranked: list[Hit], filters: Filters,
                             named: tuple[str, ...], missing: list[str],
                             ) -> tuple[list[Hit], list[str]]:
        """"外包岗位福利的第2条" in a document that has no 第2条: its second item, as "第2项" would
        be; a number that no list of the named documents reaches stays missing."""
        for ref in query.refs:
            position = _as_position(query, ref)
            if position is None or position.ordinal.text not in missing:
                continue
            text = position.ordinal.text
            at = self.ordinal(position, ranked, filters, named)
            if at:
                return at, [t for t in missing if t != text]
        return [], missing

    def headed_position(self, query: Query, ranked: list[Hit], filters: Filters,
                        looked_up: list[Hit], named: tuple[str, ...]) -> list[Hit]:
        """"岗位福利第4条", "技能要求第5条" in a question whose named documents (if any) have no
        such article: the list whose heading is written right before the number, at that
        position, not the 第4条 of whichever document has one (when that article says nothing of
        the heading's words, the named titles' aside)."""
        own = self._without_titles(query.normalized, named)
        for ref in query.refs:
            position = _as_position(query, ref)
            if position is None:
                continue
            lead = _lead(own, position.ordinal.text).rstrip("的里中").lstrip("□的里中")
            found = [h.clause for h in looked_up if h.clause.key == ref.key]
            if len(lead) < 2 or any(
                    _longest_common(lead, self.store.full_text(c)) >= min(len(lead), 3)
                    for c in found):
                continue
            at = self.ordinal(position, ranked, filters, named)
            owner = self.store.by_id.get(at[0].clause.parent) if at and at[0].clause.parent else None
            if owner is not None and len(owner.heading) > 1 and \
                    _longest_common(lead, owner.heading) >= min(len(owner.heading), 3):
                return at
        return []

    def past_the_end(self, query: Query, named: tuple[str, ...]) -> bool:
        """The question asks for a position ("第9项", "第8章") in documents it names, and none of
        them has a list (or, for 条/章/部分, a top-level sequence) that long: the answer is that
        there is no such item, not some other clause."""
        o = query.ordinal
        if o is None or o.n <= 0 or not named:
            return False
        for doc in named:
            clauses = self.store.clauses_of(doc)
            top = [c for c in clauses if c.parent is None]
            lists = [top] if o.top else [top, *(self.store.children(c.id) for c in clauses)]
            if any(_at(items, o.n) is not None for items in lists):
                return False
        return True

    def recorded(self, query: Query, filters: Filters) -> list[Hit]:
        """A question that asks for the code (编号) or the issuer (哪家单位发布/起草) of a document it
        names: the clause where the value its header records stands (a standard's number on its
        cover page), however few of the question's words that clause has. One that asks for the
        purpose, the basis or the effective date of the one document it names: that document's
        first or last clause, where it states them (为了…, 根据…, 自…起施行), when it does."""
        types = query.wants
        asks = self.asked_records(query)
        stated = types & _STATED_AT_EDGES
        if not _IN_FORCE.search(query.normalized):  # the date of something else it tells of
            stated -= {"time"}
        named = self.named_documents(query.normalized)
        titles = [self.store.doc_by_slug[d].title.strip("《》") for d in named]
        # about the document itself, not a rule in it ("接包方由谁负责制定信息保护规章制度")
        if not (asks or stated) or not about_document(query.normalized, titles):
            return []
        if not asks:
            if len(named) != 1:
                return []
            edges = self._stated_at_edges(named, stated, filters,
                                          at_end=bool(_AT_END.search(query.normalized)))
            # the date the header records (or its note on it: 编号与日期未定) after the clauses
            # that state one in the document's own words (本规定自2010年2月1日起施行)
            return edges + (self._record(named[0], filters, holding="日期")
                            if "time" in stated else [])
        hits = []
        for slug in dict.fromkeys(self._published_inner(query.normalized, d) for d in named):
            doc = self.store.doc_by_slug[slug]
            values = [v for a in asks for v in recorded_values(getattr(doc, a))]
            if not values:
                continue
            holding = [c for c in self.store.clauses_of(slug)
                       if filters.allows(c) and not c.title_only
                       and any(v in squeezed(self.store.full_text(c)) for v in values)]
            # the cover or the sign-off (中国电子技术标准化研究院 / 2014年7月4日) before a clause
            # that only tells of the same body
            holding.sort(key=lambda c: not self._is_edge(c))
            found = [Hit(c, 1.0, "recorded") for c in holding[:1]]
            record = self._record(slug, filters)
            # the cover or the sign-off states the value in the document's own words; the
            # header card comes first when no such clause does, or only as a placeholder (the
            # code CNCA/CTSXXXX-XXXXX, which the card notes is 征求意见稿，编号与日期未定)
            stated_by = [v for v in values if not _PLACEHOLDER.search(v)]
            own = found and self._is_edge(found[0].clause) and any(
                v in squeezed(self.store.full_text(found[0].clause)) for v in stated_by)
            hits += found + record if own else record + found
        return hits

    def _published_inner(self, normalized: str, slug: str) -> str:
        """The document a question asks the publisher of, when it names it by the longer title of
        a document about it: "《服务外包能力要求》认证技术规范是由哪家机构发布的" asks who published the
        standard, not its 编制说明 (服务外包能力要求认证技术规范编制说明), which the clause that asks
        does not say (说明, the longer title's last word). `slug` when it does, or the question
        asks no publisher, or the inner title is not written in that clause."""
        clauses = [c for c in CLAUSE_SPLIT.split(normalized) if _PUBLISHED.search(c)]
        title = _NOTE.sub("", self.store.doc_by_slug[slug].title).strip("《》")
        if not clauses or title[-2:] in clauses[-1]:
            return slug
        asked = clauses[-1].replace("《", "").replace("》", "")
        inner = [d.slug for d, t, _ in self._titles if d.slug != slug and t in title and t in asked]
        return inner[0] if len(inner) == 1 else slug

    @staticmethod
    def asked_records(query: Query) -> list[str]:
        """The header fields a question asks of a document: its code (编号), its issuer
        (哪家单位发布, 谁起草的; not who took part in drafting it)."""
        return [a for a, wanted in (
            ("code", "code" in query.wants),
            ("issuer", ("agent" in query.wants or _PLACE_ASKED.search(query.normalized))
             and _ISSUED.search(query.normalized)
             and not _TOOK_PART.search(query.normalized))) if wanted]

    def unrecorded(self, query: Query) -> tuple[list[str], list[str]]:
        """(the fields asked, the titles) when a question asks the issuer or the code of the
        documents it names and none of them records it ("IT外包考核标准是哪个单位发布的": its page
        names no issuer): no clause can say, and the opening paragraph is no answer."""
        asks = self.asked_records(query)
        named = self.named_documents(query.normalized) if asks else []
        titles = list(dict.fromkeys(self.store.doc_by_slug[d].title for d in named))
        if not titles or not about_document(query.normalized, titles) or any(
                recorded_values(getattr(self.store.doc_by_slug[d], a)) for d in named for a in asks):
            return [], []
        if _names_another_document(query.normalized, titles):  # "编制说明里拿来对比的那个现行
            return [], []  # 国家标准,编号是多少": the code of a standard it cites, not the 编制说明's
        return asks, titles

    def _record(self, slug: str, filters: Filters, holding: str = "") -> list[Hit]:
        """The document's header card (`Store.records`) as a hit, when it has one that is in
        scope and whose text holds `holding`."""
        record = self.store.records.get(slug)
        return [Hit(record, 1.0, "recorded")] if record and filters.allows(record) and \
            holding in record.text else []

    def _stated_at_edges(self, named: list[str], types: frozenset[str], filters: Filters,
                         at_end: bool = False) -> list[Hit]:
        """The named document's first and last two top-level clauses (who interprets it comes
        before when it takes effect) that state one of `types`; the last ones first when the
        question says it asks of the end (结尾总结说它是为啥制定的)."""
        top = [c for c in self.store.clauses_of(named[0])
               if c.parent is None and not c.title_only and c.text]
        edges = top[-1:] + top[-2:-1] + top[:1] if at_end else top[:1] + top[-1:] + top[-2:-1]
        return [Hit(c, 1.0, "recorded") for c in dict.fromkeys(edges)
                if filters.allows(c) and carries(types, unit_text(self.store.full_text(c)))]

    def _matched_terms(self, normalized: str) -> list:
        """The terms the question names, read corrected where the question has none (离按外包) or
        where the corrected question names a term the question as typed does not, whole or inside
        a longer one (政付服务外包 is 政府服务外包, not 服务外包; 政俯服务外包的发包方 asks about
        政府服务外包, not 发包方)."""
        raw = match_terms(normalized, self.store.terms)
        corrected = self.homophones.corrected(normalized)
        fixed = match_terms(corrected, self.store.terms) if corrected != normalized else []
        named = {t.term for t in raw}
        if not raw or any(not any(f.term in n for n in named) for f in fixed):
            return fixed
        return raw

    def definitions(self, query: Query, filters: Filters) -> list[Hit]:
        """The clauses that define the term a question asks about, or both terms it compares
        (in the order it names them)."""
        terms = (listed_terms(query.normalized, self.store.terms) or  # 接包方发包方分别是啥
                 self._matched_terms(query.normalized)
                 ) if query.asks_definition else list(self._bare_terms.get(bare_key(query.normalized), ()))
        compared = not terms or len(terms) > 1 and listed_terms(query.normalized, terms) == terms
        if not terms:
            terms = compared_terms(query.normalized, self.store.terms)  # ITO和BPO有什么区别
        side = {t.clause_id: i for i, t in reversed(list(enumerate(terms)))}
        clauses = [self.store.by_id[t.clause_id] for t in terms]
        clauses = [c for c in dict.fromkeys(clauses) if filters.allows(c)]
        named = set(self.named_documents(query.normalized))  # "岗位职责里服务外包是怎么定义的"
        # of several documents' definitions, the one that holds more of the question's words
        # ("…交给外部机构或者个人处理的业务模式": job-spec-2's, not the first document's)
        said = {c.id: round(self._coverage(query.concepts, c.id), 3) for c in clauses}
        clauses.sort(key=lambda c: (c.doc not in named, c.kind != "terminology",
                                    side[c.id] if compared else (-said[c.id], c.order)))
        return [Hit(c, 1.0, "definition") for c in clauses]

    def ranked(self, query: Query, mode: str = "hybrid", filters: Filters | None = None,
               topic: str = "", candidates: int = CANDIDATES, rerank: bool = True,
               ) -> tuple[list[Hit], Signals]:
        """Clauses ranked by dense, BM25 or both fused (then, for "hybrid" with `rerank`, the top
        ones re-scored by `kb.rerank`); with the relevance signals.

        `topic` (a document title, for a follow-up) is prepended to the question for the dense
        query only, so "它的施行日期？" is embedded as a question about that document."""
        hits, dense, bm25 = self.first_stage(query, mode, filters, topic, candidates)
        confidence = None
        if mode == "hybrid" and rerank and hits:
            top, x = self.second_stage_inputs(query, hits, dense, bm25)
            scores = self.reranker.score(x)
            order = np.argsort(-scores, kind="stable")
            hits = [Hit(top[i].clause, float(scores[i]), top[i].via, top[i].dense, top[i].bm25)
                    for i in order] + hits[TOP:]
            confidence = float(self.reranker.evidence(x[order[0]]))
        tokens = query.concepts if mode != "dense" else []
        signals = Signals(
            dense_top=float(max((h.dense for h in hits), default=0.0)),
            bm25_top=float(max((h.bm25 for h in hits), default=0.0)),
            coverage=self._coverage(tokens, hits[0].clause.id) if hits and tokens else 0.0,
            confidence=confidence,
        )
        return hits, signals

    def first_stage(self, query: Query, mode: str = "hybrid", filters: Filters | None = None,
                    topic: str = "", candidates: int = CANDIDATES,
                    ) -> tuple[list[Hit], np.ndarray | None, np.ndarray | None]:
        """Clauses by fused rank (or one mode's score), with the per-passage dense and BM25
        scores they came from."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        filters = filters or Filters()
        dense_text = normalize(f"{topic} {query.keyword_text}") if topic else query.keyword_text
        dense = self.dense_scores(dense_text.strip(), candidates) if mode != "bm25" else None
        bm25 = self.bm25_scores(query.keyword_tokens) if mode != "dense" else None
        per_clause: dict[str, dict[str, float]] = {}
        for name, scores in (("dense", dense), ("bm25", bm25)):
            if scores is None:
                continue
            best: dict[str, float] = {}
            for row in _top(scores, candidates * 4):
                cid = self._row_clause[row]
                if not filters.allows(self.store.by_id[cid]):
                    continue
                if name == "bm25" and scores[row] <= 0:
                    break
                best.setdefault(cid, float(scores[row]))
            for rank, (cid, s) in enumerate(list(best.items())[:candidates]):
                entry = per_clause.setdefault(cid, {})
                entry[name] = s
                entry[name + "_rank"] = rank
        hits = []
        for cid, e in per_clause.items():
            clause = self.store.by_id[cid]
            if mode == "hybrid":
                score = sum(1.0 / (RRF_K + 1 + e[n + "_rank"]) for n in ("dense", "bm25")
                            if n + "_rank" in e)
                if clause.title_only and "section" not in query.wants:
                    score *= TITLE_ONLY_WEIGHT  # (a title is what "在哪一节" asks for)
            else:
                score = e[mode]
            hits.append(Hit(clause, score, mode, e.get("dense", 0.0), e.get("bm25", 0.0)))
        hits.sort(key=lambda h: -h.score)
        return hits, dense, bm25

    def second_stage_inputs(self, query: Query, hits: list[Hit], dense: np.ndarray,
                            bm25: np.ndarray) -> tuple[list[Hit], np.ndarray]:
        """The top `TOP` hits with each clause's best cosine and BM25 over all its passages (the
        first stage kept only those of its candidate rows), and their `kb.rerank` features."""
        top = []
        for h in hits[:TOP]:
            rows = self._clause_rows[h.clause.id]
            top.append(Hit(h.clause, h.score, h.via, max(0.0, float(dense[rows].max())),
                           float(bm25[rows].max())))
        named = self.named_documents(query.normalized)
        if not named and query.language == "en" and query.keyword_text != query.normalized:
            # an English question names a document in the glossary's words for its title
            # ("staff in business outsourcing roles": 业务外包 … 岗位, 《业务外包的岗位要求》)
            named = self.named_documents(query.keyword_text[len(query.normalized):])
        about = about_document(query.normalized,
                               [self.store.doc_by_slug[d].title.strip("《》") for d in named])
        return top, features(query, self.candidates(top, set(named), self.asked_closeness(query)),
                             self.stats, about)

    def asked_closeness(self, query: Query) -> dict[str, float] | None:
        """Per clause that answered a bank question: its closest question's cosine with this one
        minus the closest question's (`Bank.closeness`); None without a bank to compare."""
        bank = self.kb.asked
        if bank is None or not len(bank) or self.kb.queries is None:
            return None
        return bank.closeness(self.kb.queries.encode(query.keyword_text.strip()),
                              self.asked_exclude) or None

    def candidates(self, hits: list[Hit], named: set[str] = frozenset(),
                   asked: dict[str, float] | None = None) -> list[Candidate]:
        """The first stage's hits as the second stage reads them (`named`: the documents the
        question names; `asked`: `asked_closeness`, by clause or the clause it is cited as)."""
        out = []
        for rank, h in enumerate(hits):
            c = h.clause
            text, units = self._shown_text(c)
            # a document no bank question is about (added since, or another corpus) is judged
            # on its words alone, as if there were no bank: not as a clause nobody asks about
            closeness = 0.0 if asked is None or c.doc not in self._asked_docs else max(
                asked.get(c.id, -1.0), asked.get(self.promote(h).clause.id, -1.0))
            out.append(Candidate(rank, h.dense, h.bm25, text, units, c.title_only,
                                 c.doc in named, self._is_edge(c), closeness))
        return out

    def _shown_text(self, c: Clause) -> tuple[str, tuple[str, ...]]:
        """What the second stage reads of a clause: its title, heading path and text as one
        normalised string, and its sentences (cached)."""
        if c.id not in self._shown:
            if len(self._shown) > 100_000:
                self._shown.clear()
            body = self.store.full_text(c)
            self._shown[c.id] = (
                unit_text(" ".join([c.doc_title, *c.path, c.number, c.heading, body])),
                tuple(unit_text(s) for s in sentences(body)),
            )
        return self._shown[c.id]

    def covers(self, query: Query, hits: list[Hit]) -> list[float]:
        """The IDF-weighted share of the question's concepts each hit's clause says (the second
        stage's `cover`)."""
        weights = concept_weights(query, self.stats)
        return [weighted_cover(weights, self._shown_text(h.clause)[0]) for h in hits]

    def _is_edge(self, clause: Clause) -> bool:
        """First or one of the last two of its document's top-level clauses with text (a
        regulation closes with who interprets it and when it takes effect), or one that sums the
        document up (综上所述, 总之: where a guide says what it covers); or an item of one."""
        if clause.doc not in self._edges:
            top = [c for c in self.store.clauses_of(clause.doc)
                   if c.parent is None and not c.title_only and c.text]
            self._edges[clause.doc] = {c.id for c in top[:1] + top[-2:]} | {
                c.id for c in top if _SUMS_UP.search(c.text)}
        c = clause
        while c.parent and c.parent in self.store.by_id:
            c = self.store.by_id[c.parent]
        return c.id in self._edges[clause.doc]

    def _coverage(self, concepts: list[tuple[str, ...]], clause_id: str) -> float:
        """Share of the question's keywords (`Query.concepts`: a thesaurus phrase counts once,
        said by any of its terms) found in the clause's indexed text (a substring test on the
        normalised text: no segmentation of the passage at query time)."""
        rows = self._clause_rows.get(clause_id, [])
        text = normalize(" ".join(self.store.passages[r].text for r in rows)).casefold()
        said = sum(1 for alts in concepts if any(t.casefold() in text for t in alts))
        return said / len(concepts) if concepts else 0.0

    def query(self, question: str) -> Query:
        """The question worked out once (see `kb.query`), with the indexed words that its typos
        sound like added to its keywords (`kb.typos`)."""
        query = make_query(question, self.kb.segmenter, self.store.mentions_code,
                           lambda n: [(a, [words]) for a, _, words in self.abbreviated_titles(n)],
                           self.telling_words)
        # a typo and the words it stands for are one thing the question asks a clause to say, said
        # by those words (`Query.concepts`): "报高" counts as "报告" does, not as a word nothing says
        pairs = self.homophones.fixes(query.normalized)
        fixes = list(dict.fromkeys(w for _, w in pairs))
        meant: dict[str, list[str]] = {}
        for typed, word in pairs:
            meant.setdefault(typed, []).append(word)
        if not fixes:
            return query
        if not query.refs:  # a reference said with a typo ("附禄C": 附录C; same length, so the
            # references' places are the question's)
            corrected = self.homophones.corrected(query.normalized)
            refs = message_refs(corrected, self.homophones.corrected(query.asked))
            if refs:
                query = replace(query, refs=refs, ordinal=find_ordinal(corrected, refs))
        return replace(query, keyword_text=f"{query.keyword_text} {' '.join(fixes)}",
                       keyword_tokens=query.keyword_tokens + tuple(
                           t for t in fixes if t not in query.keyword_tokens),
                       alternatives=query.alternatives + tuple(
                           ((typed, *words), tuple(words)) for typed, words in meant.items()))

    def search(self, question: str, k: int = 5, filters: Filters | None = None,
               mode: str = "hybrid", route: bool = True, context_docs: tuple[str, ...] = (),
               ) -> SearchResult:
        """Lookups and definitions first (when `route`), then ranked hits; items are cited as
        their parent clause when it is short enough to cite whole. The question becomes a
        `Query` here, once; every step below reads it.

        `context_docs`: the documents of the previous answer in a conversation. A follow-up
        question ("那第六条呢？", "它的施行日期？") that names no document of its own is answered
        from them."""
        query = self.query(question)
        filters = filters or Filters()
        context: tuple[str, ...] = ()
        if context_docs and query.follow_up and not self.named_documents(query.normalized):
            allowed = set(context_docs) & filters.docs if filters.docs else set(context_docs)
            if allowed:
                context = tuple(sorted(allowed))
                filters = Filters(docs=frozenset(allowed), kinds=filters.kinds)
        topic = " ".join(self.store.doc_by_slug[d].title for d in context)
        ranked, signals = self.ranked(query, mode, filters, topic, max(CANDIDATES, k))
        ranked = self.holding_quoted(query, [self.promote(h) for h in ranked])
        routed, missing, list_doc, listed = [], [], (), []
        if route:
            looked_up, missing = self.lookup(query, filters, context)
            named = tuple(self.named_documents(query.normalized)) or context
            # (a document named only by a title that is also a term looks up in all documents)
            sectioned, missing = self.section_of_part(query, ranked, filters, missing)
            headed = sectioned or (self.headed_position(query, ranked, filters, looked_up, named)
                                   if looked_up and not {h.clause.doc for h in looked_up} & set(named)
                                   else [])
            if headed:
                at, looked_up = headed, []
            elif looked_up:
                at = self.within(query, looked_up, filters)
            else:
                # "规定的最后一条": a top-level position of the one document of the kind the
                # question opens with (a kind alone names no document otherwise: 规定里说的保密信息)
                at = self.ordinal(query, ranked, filters, named or (
                    self.opened_by_kind(query.normalized) if query.ordinal and query.ordinal.top
                    else ()))
                if at and missing:  # "第三部分第一条": the first item of that part
                    at, missing = self.numbered_within(query, at, filters, missing)
                if not at and missing and named:
                    at, missing = self.numbered_as_position(query, ranked, filters, named,
                                                            missing)
            if not looked_up and not at and not missing and query.ordinal is None:
                # a part named by its heading ("服务安全那一章分成哪几块"): looked up as by number
                looked_up = self.named_part(query, ranked, filters)
                at = self.within(query, looked_up, filters) if looked_up else []
            if not looked_up and not at and self.past_the_end(query, named):
                missing.append(query.ordinal.text)
            elif not looked_up and not at and (short := self.short_list(query, ranked[:10])):
                missing.append(f"{short.label}的{query.ordinal.text}")
                list_doc = (short.doc,)
                listed = [Hit(short, 1.0, "list")]  # what the list has is said (`kb.gaps`)
            if at and not missing and at[0].via == "ordinal":
                at = self.telling_first(query, at + self.same_position_elsewhere(
                    query, at[0].clause, ranked, filters))
            # a position inside a named clause (附录C的最后一项) is the answer, the clause its context
            routed = (at + looked_up if looked_up else at) + listed
            if routed and not missing and routed[0].via in ("lookup", "ordinal"):
                routed = self.described_elsewhere(query, routed, ranked) + routed
            routed = routed + \
                self.holding_quoted(query, self.definitions(query, filters))
            if not routed:
                routed = self.recorded(query, filters) or self.outline(query, filters) or \
                    self.summary(query, filters)
            if not routed and not missing and not context and self.asked_route:
                routed = self.asked_before(query, ranked)
        hits, seen = [], set()
        for h in routed + ranked:
            if h.clause.id in seen:
                continue
            seen.add(h.clause.id)
            hits.append(h)
            if len(hits) >= k and (h.via != "outline" or len(hits) >= len(routed)):
                break  # (a document's parts are listed whole)
        # a question asked before is answered as a ranked one is: every refusal check still applies
        signals = replace(signals, routed=any(h.via != "asked" for h in routed),
                          follow_up=bool(context))
        named = tuple(self.named_documents(query.normalized)) or context or list_doc
        return SearchResult(query, hits, signals, context, tuple(missing), named)

    def holding_quoted(self, query: Query, ranked: list[Hit]) -> list[Hit]:
        """Words the question puts in quotation marks (把外包岗位说成是“管理模式”) are the
        document's own (but not where they describe which document: "最后一步是“工作总结”的那份
        外包岗位规范里，第四步要做什么"): of the first `TOP` hits (ranked, or the definitions of a term that
        several documents define), those whose number, heading and text hold every
        quoted phrase come first, in their order; unchanged when none holds them."""
        described = describing_spans(query.normalized)
        phrases = [squeezed(m.group(1)) for m in _QUOTED.finditer(query.normalized)
                   if not any(a <= m.start() < b for a, b in described)]
        phrases = [p for p in phrases if len(p) >= 2]
        if not phrases:
            return ranked
        top, rest = ranked[:TOP], ranked[TOP:]
        holds = [h for h in top if all(
            p in squeezed(f"{h.clause.label} {self.store.full_text(h.clause)}") for p in phrases)]
        if not holds:
            return ranked
        return holds + [h for h in top if h not in holds] + rest

    def asked_before(self, query: Query, ranked: list[Hit]) -> list[Hit]:
        """The clause that answered a question asked before in nearly the same words
        (`kb.asked`), when search ranks it among its first `ASKED_RANK` and it states what kind
        of thing the question asks for (a figure, a date, who interprets: `kb.intent`), which the
        second stage weighs and the bank does not."""
        bank = self.kb.asked
        if bank is None or not len(bank) or self.kb.queries is None:
            return []
        ids = set(bank.answer(self.kb.queries.encode(query.keyword_text.strip()),
                              self.asked_exclude) or ())
        covers = self.covers(query, ranked[:ASKED_RANK])
        for hit, cover in zip(ranked[:ASKED_RANK], covers):  # `ranked` is filtered already
            c = hit.clause
            if c.id in ids and cover >= covers[0] - ASKED_SHORT and (not query.wants or carries(
                    query.wants, unit_text(f"{c.label}\n{self.store.full_text(c)}"))):
                return [Hit(c, hit.score, "asked", hit.dense, hit.bm25)]
        return []

    def refused_before(self, query: Query) -> str:
        """A question asked before in nearly the same words that the documents do not answer
        (`Bank.refused`), or ""."""
        bank = self.kb.asked
        if bank is None or not len(bank) or self.kb.queries is None or not self.asked_route:
            return ""
        before = bank.refused(self.kb.queries.encode(query.keyword_text.strip()),
                              self.asked_exclude)
        return before.question if before else ""

    def promote(self, hit: Hit) -> Hit:
        """An item of a short clause is cited as the whole clause (第三条 with its items)."""
        c = hit.clause
        while c.parent and c.parent in self.store.by_id:
            parent = self.store.by_id[c.parent]
            if not is_item_of(c, parent) or len(self.store.full_text(parent)) > PROMOTE_MAX_CHARS:
                break
            c = parent
        return hit if c is hit.clause else Hit(c, hit.score, hit.via, hit.dense, hit.bm25)


# what a document states in its first or last clause: why (为了), on what basis (根据), from when
_STATED_AT_EDGES = frozenset({"purpose", "basis", "time", "latin", "interpret"})
_ITEM_KEY = re.compile(r"(第\d+条)\(\d+\)")  # an item of an article: 第7条(2)
# a sentence that sums a document up, at its start or after a sentence's end
# a clause that introduces a list in its own words ("…采取…保密措施，包括："); and how much of it a
# question must share to name that list (a whole word such as 保密措施, not 接包)
_LEAD_IN = re.compile(r"[:：]\s*$")
LIST_NAME_MIN = 4
ORDINAL_ALTERNATIVES = 3  # the same position in other lists of the same name, quoted too
HEADING_RUN = 4  # characters in a row of an item's heading that name it (业务连续性 of 业务连续性管理)
_SUMS_UP = re.compile(r"(?:^|[。！；\n]\s*)(?:综上所述|综上|总之|总而言之|总的来说|概括起来)")
# where a question ends, a particle allowed ("…哪家出的啊？")
_ASKED_END = r"\s*(?:吗|呢|啊|呀|嘛|哈)?\s*[？?]?\s*$"
# the dates of the document's own life, which its edges state (自…起施行, …发布)
_IN_FORCE = re.compile(r"施行|生效|实施|发布|颁布|印发|出台|执行|有效|落款|署的?(?:日期|时间)|签署|"
                       + COUNTS_FROM + "|"
                       # when the document itself was written ("编制说明是哪天写的")
                       r"(?:" + WHICH_TIME + r")(?:写|编写|编制|定稿|写成|完成)的?" + _ASKED_END + "|"
                       r"\beffect|\bin force\b|\bissued?\b")
_ISSUED = re.compile(r"发布|印发|颁布|发文|出台|起草|编制|编写|制定|\bissued?\b|\bdraft|\bpublish|"
                     + AUTHORED + "|"
                     # 哪家单位发的, 是谁定的, 哪个部门出的
                     r"(?<![开研收引激散分])(?:发|定|出|搞)的" + _ASKED_END)
# a phrase in quotation marks (“管理模式”, 「访问控制」, "SLA"), as `normalize` leaves them
_QUOTED = re.compile(r"[“「『\"]([^”」』\"“「『]{2,30})[”」』\"]")
# who took part in drafting ("参与起草…的单位有哪些") is asked, not who issued the document
# which place a document comes from ("是哪个市出台的"): the government that issued it
_PLACE_ASKED = re.compile(r"哪(?:个|一个|座)?(?:市|省|城市|地方|地区|区|县)|\bwhich (?:city|province)\b",
                          re.IGNORECASE)
_TOOK_PART = re.compile(r"参与|参加|协助|\btook part\b|\bparticipat|\binvolved\b")
_PUBLISHED = re.compile(r"发布|印发|颁布|发文|出台|\bissued?\b|\bpublish", re.IGNORECASE)
_NOTE = re.compile(r"[（(].*?[）)]")
_PLACEHOLDER = re.compile(r"[xX]{3}")  # CNCA/CTSXXXX-XXXXX, 2XXX-XX-XX: a value not set yet
# "…，这条应该是若干规定第十一条吧", "…是第几条来着，是不是第五条": the question says what it asks
# about before it names where it thinks that is
_POINTS_BACK = re.compile(r"(?:这|该|那)一?(?:条|项|款|点|节|个规定|个要求)[^，,。？?]{0,8}(?:是|在)"
                          r"|[,，]\s*(?:应该|好像|大概|是不是|是)[^，,。？?]{0,4}$")
_BESIDE = re.compile(r"[“\"]?[\u4e00-\u9fffA-Za-z0-9.]{2,12}[”\"]?"
                     r"(?:之后|之前|以后|以前|后面|前面|后边|前边)")
# a document pointed at by its kind (这个规定, 该办法), described on the way (`DESCRIBED`: 那份保护
# 客户资料的规定, 这几条关于外包保密的规定)
_POINTER = re.compile(r"(?:这|该|此|那|本)(?:" + DESCRIBED + r"|(?:个|份|篇|部|项|几条|些)?\s*"
                      r"(?:关于[^，,。？?]{1,16}?的)?)\s*(?P<kind>规定|规范|标准|说明|办法|条例|条件|职责)")
# "规定的最后一条是什么": the kind alone, opening the question (`Retriever.opened_by_kind`)
_BARE_KIND = re.compile(r"\s*(?P<kind>规定|规范|标准|说明|办法|条例|条件|职责)(?=的|里|中|上)")


def _heading_named(clause: Clause, normalized: str) -> bool:
    """Whether the question writes the clause's heading (two characters or more), with or
    without its note in brackets (服务能力管理 for 服务能力管理(总要求))."""
    bare = re.sub(r"[(（][^)）]*[)）]", "", clause.heading).strip()
    return any(len(h) >= 2 and h in normalized for h in {clause.heading, bare})


def squeezed(text: str) -> str:
    """Text without spaces, casefolded, to find a recorded value however it is spaced."""
    return re.sub(r"\s+", "", normalize(text)).casefold()


def recorded_values(value: str) -> list[str]:
    """The values of a header field, without the curator's notes in brackets: "CNCA/CTS
    XXXX-XXXXX；CESI XXX-XXXX（征求意见稿…）" -> ["cnca/ctsxxxx-xxxxx", "cesixxx-xxxx"]."""
    parts = re.split(r"[；;]", _NOTE.sub("", normalize(value)))
    return [p for p in (squeezed(x) for x in parts) if len(p) >= 4]


_NUMBER_PART = re.compile(rf"\d+|[{CN_NUM}]+")


# an appendix's item as "附录C第5项" is keyed (C.5)
_APPENDIX_ITEM = re.compile(r"([A-Z])\.(\d+)")


def _number_value(clause: Clause) -> int | None:
    """The list position a clause's own number states: "3、" -> 3, "（五）" -> 5, "¶4" -> 4."""
    parts = _NUMBER_PART.findall(clause.number.split("/")[-1])
    try:
        return cn_to_int(parts[-1]) if parts else None
    except ValueError:
        return None


def _at(items: list[Clause], n: int, titles: bool = False) -> Clause | None:
    """The item numbered `n` (counting from the end when negative) of a numbered list (`titles`:
    items known by their title only count too)."""
    numbered = [c for c in items if _number_value(c) is not None and (titles or not c.title_only)]
    # the document's own numbers (1. 2. …) over the parser's count of unnumbered paragraphs (¶1, an
    # introduction): "第一条要求是业务熟练" is 1., not the paragraph before it
    numbered = [c for c in numbered if not c.number.startswith("¶")] or numbered
    if n < 0:
        return numbered[n] if len(numbered) >= -n else None
    return next((c for c in numbered if _number_value(c) == n), None)


def inline_items(text: str) -> int:
    """How many items a list written inline after its lead-in has ("主要包括:A、B、C、D。": 4);
    0 when the clause is no such list (fewer than three items)."""
    m = _INLINE_LIST.search(text)
    n = len(m.group(1).split("、")) if m else 0
    return n if n >= 3 else 0


_INLINE_LIST = re.compile(r"(?:包括|包含|分为|有)[:：]\s*([^:：。；;\n]+?)[。；;]?\s*$")


def inline_marker(n: int) -> re.Pattern:
    """A sentence that opens with the n-th of a count written in words: "第四，", "其次，" (n = 2),
    "首先，" (1), "最后，" (n = -1)."""
    words = {1: "首先|第一", 2: "其次|第二", -1: "最后"}.get(n) or (
        f"第{int_to_cn(n)}" if 0 < n < 100 else "")  # nobody counts a hundred points in prose
    if not words:
        return re.compile(r"(?!)")
    return re.compile(rf"(?:^|[。；;！!？?\n])\s*(?:{words})\s*[，,、:：]")


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the `n` largest scores, best first (argpartition: linear in the corpus size)."""
    if n >= len(scores):
        return np.argsort(-scores)
    part = np.argpartition(-scores, n)[:n]
    return part[np.argsort(-scores[part])]


def _in_order(a: str, b: str) -> int:
    """Length of the longest common subsequence of `a` and `b` (characters in order, gaps allowed)."""
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            cur[j] = prev[j - 1] + 1 if ch == b[j - 1] else max(prev[j], cur[j - 1])
        prev = cur
    return prev[-1]


# a name in book-title marks, and how much of it (in order) a title must hold to be the one meant
_BOOK_TITLE = re.compile(r"《([^《》]{1,40})》")
MARKED_SHARE = 0.75
# an abbreviated title: a few characters, then the kind of document (信保规定)
_ABBREVIATED = re.compile(r"([\u4e00-\u9fff]{2,4}?)(规定|规范|标准|条件|办法|说明|要求)")


def _initials(abbr: str, title: str) -> list[int]:
    """Where each character of `abbr` begins a two-character word of `title`, in order, none
    inside another's word ("信保" in "…信息保护的若干": 信息, 保护); [] when one does not."""
    starts, at = [], 0
    for ch in abbr:
        i = title.find(ch, at)
        if i < 0 or i + 1 >= len(title):
            return []
        starts.append(i)
        at = i + 2
    return starts


def _shared_run_chars(a: str, b: str, gap: int = 2) -> int:
    """Characters of `b` that `a` shares in runs of two or more, longest run first, each
    character of either used once ("服务外包业务数据" and "服务外包业务相关数据": 6 + 2), counted
    in the one stretch of `a` where a name is written: runs at most `gap` characters apart
    ("服务外包的信息保护若干规定"); a run further off is another word ("服务外包术语里第6条企业物流"
    names 市软件和服务外包企业认定条件 by 服务外包 alone, not by 企业 too)."""
    x, y = list(a), list(b)
    runs = []
    while True:
        n, i, j = 0, 0, 0
        for p in range(len(x)):
            for r in range(len(y)):
                k = 0
                while p + k < len(x) and r + k < len(y) and x[p + k] and x[p + k] == y[r + k]:
                    k += 1
                if k > n:
                    n, i, j = k, p, r
        if n < 2:
            break
        runs.append((i, i + n))
        x[i:i + n], y[j:j + n] = [""] * n, [""] * n
    best, total, end = 0, 0, None
    for start, stop in sorted(runs):
        total = total + stop - start if end is not None and start - end <= gap else stop - start
        end = stop
        best = max(best, total)
    return best


def _lead(question: str, text: str) -> str:
    """The words right before `text` in the question, back to the last punctuation ("我职责的"
    before 第一条); "" when the question does not hold it."""
    at = question.find(text) if text else -1
    return re.split(r"[，,；;。？?！!：:、\s]", question[:at])[-1] if at > 0 else ""


def _named_by(question: str, owner: Clause) -> int:
    """How much of a list's name the question holds (characters in common), 0 when too little to
    name it: its heading ("绩效考核", 2 characters do), else the clause's own lead-in ("…采取…保密
    措施，包括：", a whole word of `LIST_NAME_MIN` characters)."""
    if len(owner.heading) > 1:
        shared = _longest_common(question, owner.heading)
        return shared if shared > 1 else 0
    if _LEAD_IN.search(owner.text):
        shared = _longest_common(question, owner.text)
        return shared if shared >= LIST_NAME_MIN else 0
    return 0


def _extended(question: str, short: str, title: str) -> int:
    """How many characters right after `short` in the question follow it in `title` too, in
    order and to the end of the longer title (a bracketed note aside): "服务外包业务数据" is
    服务外包业务相关数据（2014年1至7月）said short, "服务外包能力要求认证规范" not 《服务外包能力要求》
    认证技术规范编制说明 (it stops before 编制说明); 0 when no run of the question does."""
    rest = re.sub(r"[（(][^（()）]*[)）]\s*$", "", title.split(short, 1)[1]).strip()
    best = 0
    for m in re.finditer(re.escape(short), question):
        n, at = 0, 0
        for ch in question[m.end():m.end() + len(rest)]:
            found = rest.find(ch, at)
            if found < 0:
                break
            at, n = found + 1, n + 1
        if rest and at == len(rest):
            best = max(best, n)
    return best


# "除了附录A、B、C，还有个附录D": the clauses named after 除了 are set aside, not asked about (除 of
# 解除, 删除 is no "besides")
_BESIDES = re.compile(r"(?:除了|除去|除开|(?<![\u4e00-\u9fff])除)[^，,。？?；;]*?(?=[，,；;]|还|以外|之外)")


def asked_refs(query: Query) -> tuple[ClauseRef, ...]:
    """The clause references a question asks about: those it sets aside (除了附录A…，还有…) left out
    when it names another."""
    aside = [m.span() for m in _BESIDES.finditer(query.normalized)]
    asked = tuple(r for r in query.refs if not any(a <= r.start < b for a, b in aside))
    return asked or query.refs


def _as_position(query: Query, ref: ClauseRef) -> Query | None:
    """The question with its reference "第2条" read as a position (the second item), or None
    when the reference is not to an article."""
    m = re.fullmatch(r"第(\d+)条", ref.key)
    if not m:
        return None
    text = ref.text(query.normalized)
    return replace(query, ordinal=Ordinal(int(m.group(1)), False, text))


def _common_end(a: str, b: str, n: int) -> int:
    """Where in `a` the last run of `n` characters that `b` also holds ends (-1: none)."""
    return max((i + n for i in range(len(a) - n + 1) if a[i:i + n] in b), default=-1)


def _writes_own(q: str, title: str, others: list[str]) -> bool:
    """Whether `q` writes four or more characters of `title` in a row that none of `others` has:
    "能力要求规范" writes 能力要求 of 服务外包能力要求; "服务外包认证规范" only 服务外包, which every
    title has, so it names no title held inside a longer one by that."""
    for i in range(len(q) - 3):
        for j in range(i + 4, len(q) + 1):
            if q[i:j] not in title:
                break
            if not any(q[i:j] in o for o in others):
                return True
    return False


def position_asked(query: Query) -> Ordinal | None:
    """The position a question asks for, or a clause number it writes after a list's heading as
    one ("岗位职责第6条")."""
    return query.ordinal or next(
        (p.ordinal for ref in query.refs if (p := _as_position(query, ref))), None)


def naming_phrase(query: Query) -> str:
    """The words that name the position asked for, with it ("外包岗位职责第6条")."""
    o = position_asked(query)
    return _lead(query.normalized, o.text) + o.text if o else ""


def _longest_common(a: str, b: str) -> int:
    best = 0
    prev = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def _written_after_de(normalized: str, title: str) -> int:
    """Where the question writes `title` right after 的, as words that qualify it ("…环节的外包
    岗位规范": 外包岗位规范, each two characters in a row the title's, for 外包岗位岗位规范), at
    least `TITLE_WRITTEN` characters of it; not a phrase of it ("新招的外包岗位写…"); -1 if nowhere."""
    for m in re.finditer("的", normalized):
        i = j = m.end()
        while j + 1 < len(normalized) and normalized[j:j + 2] in title:
            j += 1  # (the title's characters run to j, inclusive)
        if j + 1 - i >= TITLE_WRITTEN:
            return i
    return -1


def _names_another_document(text: str, titles: list[str]) -> bool:
    """Whether `text`, without the longest part of each title it writes, still names a kind of
    document (标准, 规范 …): the question is about another document than the titled ones."""
    for title in titles:
        runs = shared_runs(text, title)
        if runs:
            text = text.replace(runs[0], " ")
    return bool(_OTHER_DOCUMENT.search(text))
