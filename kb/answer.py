"""Hits -> a short extractive answer in which every sentence carries a citation marker.

No language model: the answer quotes the most relevant sentences of the top clauses verbatim,
each followed by [n], where n is the rank of the citation (document title, clause number,
heading, clause text) it comes from. When nothing relevant is found it refuses instead of
guessing (`kb.gaps` says why), and offers the nearest clauses separately for browsing. For a
clause known by title only it says so and never invents a body. It does not search (see
`kb.retrieve`).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace

from kb.documents import book
from kb.errors import QuestionError
from kb.gaps import no_such_clause, refusal, states_figure
from kb.intent import asks_rule_and_figure, carries, figure_units, states_unit
from kb.parse import sentences
from kb.query import check_question
from kb.rerank import concept_weights, unit_text, weighted_cover
from kb.retrieve import (
    Filters,
    Hit,
    Retriever,
    SearchResult,
    inline_marker,
    naming_phrase,
    recorded_values,
    squeezed,
)
from kb.segment import normalize
from kb.store import RECORD_KEY, record_lines
from kb.terms import match_terms

ANSWER_CITATIONS = 3  # citations quoted in the answer text (the rest are listed only)
MAX_K = 50
TYPE_BONUS = 0.25  # a sentence that states what the question asks for (a figure, a date …)
SENTENCE_COSINE = 1.0  # a sentence's distance in meaning from the closest one, against its words
WHOLE_LIST_CHARS = 600  # a first clause made of items (a list) is quoted whole up to this size
TOC_ENTRIES = 12  # the entries of a part known from the table of contents quoted under it


@dataclass(frozen=True)
class Citation:
    rank: int
    doc_title: str  # the document's title ("doc" in JSON); `doc_slug` is its id
    clause: str
    heading: str
    text: str
    score: float
    id: str = ""
    doc_slug: str = ""
    title_only: bool = False
    via: str = ""
    refs: tuple[str, ...] = ()  # ids of the clauses this clause refers to


@dataclass(frozen=True)
class Statement:
    text: str
    citation: int  # rank of the citation it comes from
    quoted: bool  # True: `text` appears verbatim in the cited clause
    marked: bool = True  # False: a note about the clause before it, which no clause says


@dataclass(frozen=True)
class Answer:
    question: str
    refused: bool
    answer: str
    citations: list[Citation]
    latency_ms: float
    statements: list[Statement] = field(default_factory=list)
    nearest: list[Citation] = field(default_factory=list)
    language: str = "zh"
    related: list[Citation] = field(default_factory=list)  # other candidates, not quoted
    context_docs: tuple[str, ...] = ()  # documents of the previous answer used for a follow-up
    keywords: tuple[str, ...] = ()  # the question's keyword tokens (the app marks them in cards)

    def to_json(self) -> dict:
        """The `kb ask --json` shape: the documented keys first, extra keys after."""
        return {
            "question": self.question,
            "refused": self.refused,
            "answer": self.answer,
            "citations": [_citation_json(c) for c in self.citations],
            "related": [_citation_json(c) for c in self.related],
            "latency_ms": self.latency_ms,
            "nearest": [{"rank": c.rank, "doc": c.doc_title, "clause": c.clause, "id": c.id}
                        for c in self.nearest],
        }


def _citation_json(c: Citation) -> dict:
    return {"rank": c.rank, "doc": c.doc_title, "clause": c.clause, "heading": c.heading,
            "text": c.text, "score": c.score, "id": c.id, "title_only": c.title_only,
            "via": c.via, "refs": list(c.refs)}



_OFTEN = re.compile(r"定期|经常|不定期")


def _said_often(statements: list[Statement]) -> str:
    """The word of the quoted sentences that says "regularly" (定期), when none states a period
    (每年, 每月 …); "" otherwise."""
    texts = [s.text for s in statements if s.marked]
    if any(states_unit(["period"], t) for t in texts):
        return ""
    return next((m.group(0) for t in texts if (m := _OFTEN.search(t))), "")


_UNSAID = re.compile(r"[\s\W_]+")


def _options_said(options: tuple[tuple[str, str], ...], text: str) -> list[tuple[str, str]]:
    """The options of a quiz item whose words (two characters or more, spaces and punctuation
    aside) the clause has, when some but not all are: a clause that has them all settles none."""
    said = _UNSAID.sub("", normalize(text)).casefold()
    picked = [(letter, t) for letter, t in options
              if len(words := _UNSAID.sub("", t).casefold()) >= 2 and words in said]
    return picked if len(picked) < len(options) else []


def answer_question(retriever: Retriever, question: str, k: int = 5,
                    filters: Filters | None = None, max_chars: int = 500,
                    context_docs: tuple[str, ...] = ()) -> Answer:
    """Answer `question`; `context_docs` are the documents of the previous answer in a
    conversation, used when the question is a follow-up (see `Retriever.search`)."""
    t0 = time.perf_counter()
    question = check_question(question, max_chars)
    if not 1 <= k <= MAX_K:
        raise QuestionError(f"k = {k}: ask for 1 to {MAX_K} citations")
    result = retriever.search(question, k=k, filters=filters, context_docs=context_docs)
    lang = result.query.language
    citations = [_citation(retriever, i + 1, h) for i, h in enumerate(result.hits)]
    text = refusal(retriever, result, [c.text for c in citations])
    if text:
        return Answer(question, True, text, [], _ms(t0), nearest=citations, language=lang,
                      context_docs=result.context_docs, keywords=result.query.tokens)
    statements = compose(retriever, result, citations, lang)
    if statements and asks_rule_and_figure(result.query.asked) and \
            not states_figure(result, [c.text for c in citations]):
        # "有没有要求？要多少人？": the rule is the answer; say that it gives no figure
        statements.append(Statement(
            "These clauses state the requirement but give no figure." if lang == "en" else
            "以上条款只规定了这项要求，没有给出具体数字。", statements[0].citation, False))
    if statements and "frequency" in figure_units(result.query.asked) and \
            (said := _said_often(statements)):
        # "多久升级一次" of a clause that says only 定期: no interval is made up from it
        statements.append(Statement(
            f"The clause says only “{said}” (regularly); it sets no interval." if lang == "en" else
            f"原文只说“{said}”，没有规定具体多久一次。", statements[0].citation, False))
    if statements and WHICH_CLAUSE.search(result.query.asked) and \
            result.hits[statements[0].citation - 1].via not in ("lookup", "reference"):
        # "哪一条规定了…", "…出自哪条": the answer names the clause it quotes first
        first = citations[statements[0].citation - 1]
        under = retriever.store.numbered_under(retriever.store.by_id[first.id])
        label = book(first.doc_title) + \
            (f"{under.number}{under.heading} " if under else "") + first.clause.rstrip('、.． ') + \
            (f" {first.heading}" if first.heading and len(first.heading) <= 20 else "")
        statements.insert(0, Statement(f"From {label}:" if lang == "en" else f"出自{label}：",
                                       first.rank, False))
    if statements and (picked := _options_said(result.query.options,
                                               citations[statements[0].citation - 1].text)):
        # a quiz item pasted whole: which of its options the quoted clause says, in its words
        statements.insert(0, Statement(
            f"Option {', '.join(f'{letter} ({text})' for letter, text in picked)} is what the "
            "clause below says." if lang == "en" else
            f"选项{'、'.join(f'{letter}（{text}）' for letter, text in picked)}与下面引用的条款原文相符：",
            statements[0].citation, False))
    cited, related, statements = split_cited(citations, statements)
    text = "\n".join(f"{s.text} [{s.citation}]" if s.marked else s.text for s in statements)
    if statements and result.missing_refs:
        # "第十五条和第九十九条": the one that exists is quoted; the other is said to be missing,
        # with no marker, since no clause says so
        text += "\n" + no_such_clause(retriever, result, lang)
    return Answer(question, False, text, cited, _ms(t0), statements, language=lang,
                  related=related, context_docs=result.context_docs,
                  keywords=result.query.tokens)


def split_cited(citations: list[Citation], statements: list[Statement],
                ) -> tuple[list[Citation], list[Citation], list[Statement]]:
    """The citations the statements quote, numbered 1.. in rank order; the other candidates as
    `related` (numbered on after them); the statements renumbered to match."""
    used = {s.citation for s in statements}
    cited = [c for c in citations if c.rank in used]
    related = [c for c in citations if c.rank not in used]
    if any(c.via in ("lookup", "reference") for c in cited):
        related = [c for c in related if c.via != "hybrid"]  # a lookup is not padded by search
    number = {c.rank: i + 1 for i, c in enumerate(cited + related)}
    renumber = [replace(c, rank=number[c.rank]) for c in cited + related]
    return (renumber[:len(cited)], renumber[len(cited):],
            [replace(s, citation=number[s.citation]) for s in statements])


# a question that asks which clause says something ("哪一条规定了", "出自哪条", "which article")
WHICH_CLAUSE = re.compile(
    r"(?:哪一?|哪个)(?:条|款|项|个条款|条规定|个规定)(?:规定|说|写|里|中|提到|要求|讲)|出自哪|来自哪(?:一?条|个条款)|"
    r"依据(?:是)?哪一?(?:条|个条款)|(?:在|见)哪一?(?:条|个条款)|"
    r"\bwhich\s+(?:article|clause|provision|paragraph)\b|\bwhere\s+does\s+(?:it|the\s+\w+)\s+say\b",
    re.IGNORECASE)
# what a term's entry is when it is not a definition (`Term.kind`), said after it in an answer
KIND_NOTES = {
    "hereafter": ("这是文中以“以下称”给出的简称，不是定义；其含义以该条全文为准。",
                  "This is a short name the text introduces (以下称), not a definition; the clause "
                  "as a whole says what it means."),
    "abbreviation": ("这是文中给出的缩写，文中没有对它下定义。",
                     "This is an abbreviation the text gives; the text does not define it."),
}


def _summing(retriever: Retriever, doc: str, text: str) -> list[str]:
    """The sentence of a clause that sums its document up: the one naming most of the document's
    parts by their headings ("本文将详细阐述…包括业务熟练、沟通能力、…等方面")."""
    headings = retriever.part_headings(doc)
    said = sentences(text)
    return [max(said, key=lambda s: sum(h in squeezed(s) for h in headings))] if said else []


def compose(retriever: Retriever, result: SearchResult, citations: list[Citation],
            lang: str = "zh") -> list[Statement]:
    tokens = set(result.query.tokens)
    if result.query.ordinal:  # 最后 of "规定的最后一条" says where, not what: no clause answers it
        tokens -= set(retriever.kb.segmenter.tokens(result.query.ordinal.text))
    for ref in result.query.refs:  # nor 第三 of "第五条第三项" ("第三,市软件…" answers nothing)
        tokens -= set(retriever.kb.segmenter.tokens(result.query.normalized[ref.start:ref.end]))
    covered: set[str] = set()  # question keywords already answered by a quoted sentence
    out: list[Statement] = []
    limit = ANSWER_CITATIONS
    lookups = [(h, c) for h, c in zip(result.hits, citations) if h.via == "lookup"]
    same = [c for h, c in lookups if h.clause.key == lookups[0][0].clause.key] if lookups else []
    if len({c.doc_slug for c in same}) > 1:
        # "第五条" in several documents: say so and quote each, rather than pick one silently
        names = "、".join(f"《{c.doc_title}》" for c in same)
        note = (f"{len(same)} documents have {same[0].clause}: {names}" if lang == "en"
                else f"有 {len(same)} 个文档都有{same[0].clause}：{names}")
        out.append(Statement(note, same[0].rank, False))
        limit = max(limit, len(same))
    if note := _described_note(result, citations, lang):
        out.append(note)
    at = [c for h, c in zip(result.hits, citations) if h.via == "ordinal"]
    if len(at) > 1 and (phrase := naming_phrase(result.query)):
        # "外包岗位职责第6条" where several lists have that name: say so and quote each
        out.append(Statement(f'"{phrase}" may mean any of these {len(at)}:' if lang == "en"
                             else f"“{phrase}”可能指以下 {len(at)} 处：", at[0].rank, False))
        limit = max(limit, len(at))
    parts = [c for h, c in zip(result.hits, citations) if h.via == "outline"]
    if parts:  # how a document is divided: its parts' headings, each cited, under one line
        # (or how a part is: the part by its heading, 业务种类分为2部分)
        part = next(h for h in result.hits if h.via == "outline").clause.parent
        owner = retriever.store.by_id.get(part) if part else None
        title = owner.label if owner else book(parts[0].doc_title)
        out.append(Statement(f"{title} has {len(parts)} parts:" if lang == "en"
                             else f"{title}分为{len(parts)}部分：", parts[0].rank, False))
        # (each part's number and heading: its label, not a sentence of its text)
        out += [Statement(f"{c.clause.rstrip()} {c.heading}".lstrip(), c.rank, False)
                for c in parts]
        return out
    counted_to = _count_note(retriever, result, citations, lang)
    if counted_to:
        out.append(counted_to)
    for hit, cite in zip(result.hits, citations):
        if len({s.citation for s in out}) >= limit:
            break
        secondary = bool(out) and hit.via == "hybrid"
        if secondary and cite.title_only:
            continue  # a bare title adds nothing to an answer that already has text
        if cite.title_only:
            label = f"{cite.clause}{cite.heading and ' ' + cite.heading}"
            # a part known from the table of contents: its entries are what the knowledge base has
            entries = [c for c in retriever.store.children(cite.id) if c.title_only]
            if entries:
                note = (f"Only the table of contents of “{label}” is in the knowledge base; its "
                        "text is not:" if lang == "en"
                        else f"知识库中只有“{label}”的目录（各节标题），没有正文：")
            else:
                note = (f"Only the title of “{label}” is in the knowledge base (from the table of "
                        "contents); its text is not:" if lang == "en"
                        else f"知识库中只有“{label}”的标题（来自目录），没有正文：")
            out.append(Statement(note, cite.rank, False, False))  # (no clause says it)
            shown = [retriever.store.by_id[cite.id], *entries[:TOC_ENTRIES]]
            out += [Statement(c.text, cite.rank, True) for c in shown]
            # its document's title and its entries answer keywords too ("能力要求第5章有哪些节":
            # 能力 is the standard's, not a reason to quote a job specification's 能力 after it)
            covered |= tokens & set(retriever.kb.segmenter.tokens(
                " ".join([cite.doc_title, *(c.text for c in shown)])))
            continue
        if hit.clause.key == RECORD_KEY:  # a header card: the lines asked for, as the file has them
            out += [Statement(line, cite.rank, True)
                    for line in record_lines(hit.clause, result.query.wants)]
            continue
        if hit.via == "definition":
            q = result.query.normalized.casefold()
            here = [t for t in retriever.store.terms
                    if t.clause_id == hit.clause.id and t.definition in cite.text]
            asked = [t for t in here if any(n.casefold() in q for n in (t.term, *t.aliases))]
            # of two it names ("金融外包里提到的“转包”指的是什么"), the one its cue asks about
            asked = match_terms(result.query.normalized, asked) or asked
            term_sentences = [t.definition for t in asked or here]
            if term_sentences:
                out.append(Statement(term_sentences[0], cite.rank, True))
                kind = (asked or here)[0].kind
                if kind in KIND_NOTES:  # "(以下称发包方)" names; it does not define
                    out.append(Statement(KIND_NOTES[kind][lang == "en"], cite.rank, False, False))
                covered |= tokens  # the definition answers: no later clause is quoted for a word
                continue
        # the document title and heading answer keywords too ("外包岗位" in 《外包岗位岗位规范》)
        covered |= tokens & set(retriever.kb.segmenter.tokens(f"{cite.doc_title} {cite.heading}"))
        is_list = bool(retriever.store.children(cite.id))
        counted = counted_sentences(cite.text, result.query) if hit.via == "ordinal" else []
        signed = _signed(retriever, hit, cite.text, result.query) if hit.via == "recorded" else []
        if counted:  # "第四个认定条件": from the sentence that opens with 第四 to the next count
            chosen = counted
        elif hit.via == "summary":  # the sentence that names the document's parts
            chosen = _summing(retriever, hit.clause.doc, cite.text)
        elif signed:
            chosen = signed
        elif not out and is_list and len(cite.text) <= WHOLE_LIST_CHARS:
            chosen = sentences(cite.text)
        else:
            chosen = best_sentences(retriever, cite.text, result.query,
                                    2 if hit.via != "lookup" else 4,
                                    context=cite.doc_title,
                                    cosines=retriever.sentence_cosines(result.query, cite.id))
        if hit.via == "ordinal" and cite.heading and not any(cite.heading in c for c in chosen):
            # "第4个考核方面是什么": the part at that position is named by its number and heading
            out.append(Statement(f"{cite.clause.rstrip()} {cite.heading}".strip(), cite.rank, False))
        for sentence in chosen:
            have = set(retriever.kb.segmenter.tokens(sentence)) & tokens
            # a later clause is quoted only for keywords the earlier ones lack (a word, not a
            # digit: "alert(1)" is no reason to quote 2010年2月1日), and not for a lead-in whose
            # items it would leave out ("…符合以下条件的业务资料或数据:")
            # nor, when the question asks for a kind of thing (a consequence, a date, a figure …),
            # for a sentence that states none ("承担什么责任": not 第三条(三)'s "应当承担保密义务")
            if secondary and (all(w.isdigit() for w in have - covered)
                              or sentence.rstrip().endswith((":", "："))
                              or (result.query.wants
                                  and not carries(result.query.wants, unit_text(sentence)))):
                continue
            covered |= have
            out.append(Statement(sentence, cite.rank, True))
    return out


def _signed(retriever: Retriever, hit: Hit, text: str, query) -> list[str]:
    """For the issuer or the code of a document, from its cover or its sign-off: the sentences
    that hold the value its header records ("中国电子技术标准化研究院"), each with the one after
    it when that states what else is asked (the date under the name: "2014年7月4日。")."""
    doc = retriever.store.doc_by_slug.get(hit.clause.doc)
    values = [v for field in (doc.issuer, doc.code) for v in recorded_values(field)] if doc else []
    parts = sentences(text)
    out = []
    for i, sentence in enumerate(parts):
        if any(v in squeezed(sentence) for v in values):
            out.append(sentence)
            after = parts[i + 1] if i + 1 < len(parts) else ""
            if after and query.wants and carries(query.wants, unit_text(after)):
                out.append(after)
    return list(dict.fromkeys(out))


def _described_note(result: SearchResult, citations: list[Citation], lang: str,
                     ) -> Statement | None:
    """When the clause a question describes is not the one it names (`Retriever.
    described_elsewhere`): which is which, before the first is quoted and the named one after it."""
    pairs = list(zip(result.hits, citations))
    described = next((c for h, c in pairs if h.via == "described"), None)
    named = [c for h, c in pairs if h.via in ("lookup", "ordinal")]
    if described is None or not named:
        return None
    # (of the same position in several documents, the one in the described clause's document)
    named = next((c for c in named if c.doc_slug == described.doc_slug), named[0])

    def label(c: Citation) -> str:
        where = "" if c.doc_slug == named.doc_slug else book(c.doc_title)
        return f"{where}{c.clause.rstrip()}{' ' + c.heading if c.heading else ''}".strip()

    if lang == "en":
        text = (f"What the question describes is in {label(described)}; {label(named)}, which "
                "the question names, follows it:")
    else:
        text = f"问题所描述的内容见{label(described)}；问题提到的{label(named)}附在其后："
    return Statement(text, described.rank, False)


def _count_note(retriever: Retriever, result: SearchResult, citations: list[Citation],
                lang: str) -> Statement | None:
    """For "一共有多少条" / "分了几个小节": how many the document or the list has, counted from its
    parsed clauses, with the last one's number ("共15条（第一条至第十五条），最后一条："); the
    last one is quoted after it."""
    o = result.query.ordinal
    hit = result.hits[0] if result.hits else None
    if o is None or not o.count or hit is None or hit.via != "ordinal":
        return None
    store, clause = retriever.store, hit.clause
    seq = [c for c in (store.siblings(clause) if clause.parent else
                       [c for c in store.clauses_of(clause.doc) if c.parent is None])
           if c.number and not c.key.startswith("¶")]  # unnumbered paragraphs are no parts
    if len(seq) < 2 or seq[-1].id != clause.id:
        return None
    # the list's own number and heading ("第五条共8项", "三、 岗位要求共5项"), not the document's
    # title, which counts its articles
    owner = store.by_id[clause.parent] if clause.parent else None
    where = owner.label if owner and owner.label else book(clause.doc_title)
    first, last = (c.number if c.number.startswith("第") else c.key.split("/")[-1]
                   for c in (seq[0], clause))
    if lang == "en":
        text = f"{where} has {len(seq)} ({first} to {last}); the last one:"
    else:
        text = f"{where}共{len(seq)}{o.count}（{first}至{last}），最后一{o.count}："
    return Statement(text, citations[0].rank, False)


def counted_sentences(text: str, query) -> list[str]:
    """For a position counted in prose ("第四，…"): the sentence that opens with it and those after
    it up to the next count (at most three), in the document's own words; [] when none opens so."""
    if query.ordinal is None:
        return []
    marker, parts = inline_marker(query.ordinal.n), sentences(text)
    start = next((i for i, s in enumerate(parts) if marker.search(s)), None)
    if start is None:
        return []
    out = [parts[start]]
    for s in parts[start + 1:start + 3]:
        if _COUNT_OPENS.match(s):
            break
        out.append(s)
    return out


_COUNT_OPENS = re.compile(r"\s*(?:首先|其次|最后|第[一二三四五六七八九十]+)\s*[，,、:：]")


def best_sentences(retriever: Retriever, text: str, query, n: int, context: str = "",
                   cosines: dict[str, float] | None = None) -> list[str]:
    """The `n` sentences of `text` that hold most of the question's rare words (IDF-weighted, a
    substring test on normalised text, so segmentation does not matter), a sentence that states
    what the question asks for (a figure for 多少, a date for 哪年, a purpose for 目的 …) first; in
    text order. Words that `context` (the clause's document title) has say nothing of which
    sentence answers, unless no other word is said: every sentence of 《服务外包人员岗位职责》 is
    about 服务外包人员, so "客户投诉…做服务外包的人应该怎么处理" is answered by the sentence that
    speaks of 投诉. `cosines` (`Retriever.sentence_cosines`): of sentences that hold some of those
    words, one whose meaning is further from the question's than the closest sentence's loses
    that distance (`SENTENCE_COSINE` times): words alone tie "哪几类企业" between every sentence
    that says 企业."""
    parts = sentences(text)
    if len(parts) <= n:
        return parts
    every = concept_weights(query, retriever.stats)
    title = normalize(context).casefold()
    # (nor does one character, found inside any word: 做 of "我们做外包服务的" in 做出决策)
    telling = {alts: w for alts, w in every.items()
               if not all(t in title for t in alts) and any(len(t) > 1 for t in alts)}
    chosen = []
    cosines = cosines or {}
    closest = max(cosines.values(), default=0.0)
    for weights in (telling, every):  # the title's words after all, when no other word is said
        scored = []
        for i, s in enumerate(parts):
            shown = unit_text(s)
            score = weighted_cover(weights, shown) if weights else 0.0
            if query.wants and score > 0 and carries(query.wants, shown):
                score += TYPE_BONUS
            if score > 0 and s in cosines:
                score = max(score - SENTENCE_COSINE * (closest - cosines[s]), 1e-6)
            scored.append((score, -i, s))
        chosen = sorted(scored, reverse=True)[:n]
        if chosen[0][0] > 0:
            break
    if chosen[0][0] == 0:
        return parts[:1]
    keep = {s for score, _, s in chosen if score > 0}
    # the best sentence, when it is a short one that opens a point ("首先,…必须具备合法的法定资格。",
    # "6. 服务质量评估和改进 服务外包人员需要定期…"), names the point; the sentence after it says
    # what the point requires, and comes with it
    top = parts.index(chosen[0][2])
    if top + 1 < len(parts) and len(parts[top]) <= LEAD_MAX_CHARS and \
            _OPENS_POINT.match(parts[top]) and not _OPENS_POINT.match(parts[top + 1]):
        keep.add(parts[top + 1])
    return [s for s in parts if s in keep]


LEAD_MAX_CHARS = 50
# (the openers `counted_sentences` counts by, or a numbered item's own number)
_OPENS_POINT = re.compile(rf"{_COUNT_OPENS.pattern}|\s*\d{{1,2}}\s*[.．、](?!\d)")


def _citation(retriever: Retriever, rank: int, hit: Hit) -> Citation:
    c = hit.clause
    return Citation(
        rank=rank,
        doc_title=c.doc_title,
        clause=c.number,
        heading=c.heading,
        text=retriever.store.full_text(c),
        score=round(float(hit.score), 4),
        id=c.id,
        doc_slug=c.doc,
        title_only=c.title_only,
        via=hit.via,
        refs=c.refs,
    )


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 2)
