"""Why a question gets no answer: the checks that find what the knowledge base lacks.

A question is refused, in its own language, when it names a clause number no document has, a law,
a standard, an acronym or a figure the knowledge base does not hold, a topic of a neighbouring
field no clause covers (labour, tax, immigration: `kb/data/neighbours.txt`), a side of a comparison
or a thing to count that no clause mentions, a year, a month, a place, a body or an event no close
clause speaks of (or a word the best clauses figure only in another sentence), the issuer or the
code of a document whose page names none, or a figure of a law a clause only cites; when it asks
the meaning of a term no clause mentions; or when it asks for a figure, a date or a procedure that none
of the closest clauses (or the clause it names by number) states —
unless it also asks whether a rule requires it and the rule is there; else when nothing is close
enough (thresholds from the development set, the second stage's fitted minimum). Each check says
what is missing. Input: the search result and the texts of its ranked clauses, best first
(`kb.retrieve`). Output: the refusal text, "" when the question gets an answer. It does not
compose answers (see `kb.answer`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from kb.documents import book
from kb.intent import (
    ENUMERATOR,
    PLACE_NOUNS,
    STANDARD_CODE,
    asked_not_put,
    asks_figure,
    asks_procedure,
    asks_rule_and_figure,
    carries,
    dated_event,
    figure_units,
    measured,
    states_unit,
    table,
)
from kb.numbering import NUM, cn_to_int, find_refs, int_to_cn
from kb.parse import sentences
from kb.query import DESCRIBING, Query, asking_sentences, is_message, unframed
from kb.rerank import Reranker, concept_weights, unit_text
from kb.retrieve import ENTRY_ASKED, RARE_SHARE, Retriever, SearchResult, Signals, inline_items
from kb.segment import Segmenter, english_terms, expand_english, normalize, statute_terms, synonyms
from kb.terms import COMPARED, MEANING_BEFORE, asks_definition

# Closeness: a question that no lookup or definition answers needs its best clause close in
# meaning (a cosine of at least `Reranker.dense_min`, set on the design sets by
# `measure.fit_rerank`) or sharing most of its keywords (`COVERAGE_MIN`, from the development set),
# and also a second-stage score of at least `Reranker.answer_min` (README, Evaluation).
COVERAGE_MIN = 0.6

REFUSAL_ZH = "知识库中没有找到相关内容。请换一种说法，或浏览下面最接近的条款。"
REFUSAL_EN = ("Nothing relevant was found in the knowledge base. Try other words, or browse "
              "the nearest clauses below.")


def is_relevant(signals: Signals, reranker: Reranker) -> bool:
    """Answer when a lookup or definition matched; else when some clause has one of the question's
    keywords, the best clause is close in meaning or covers the question's keywords (`close`) and
    the second stage's best score reaches `answer_min` (both thresholds set on the design sets,
    `measure.fit_rerank`)."""
    if signals.routed:
        return True
    if signals.follow_up:
        # the dense query carried the document's title, which lifts every clause of it: ask for
        # at least one of the question's own keywords in that document as well
        return signals.dense_top >= reranker.dense_min and signals.bm25_top > 0
    if signals.bm25_top <= 0:
        # not one of the question's keywords (nor the thesaurus' wording for them) is in any
        # clause: closeness in meaning alone answered "C1驾照能开什么车" (on the design sets all
        # 74 such questions are ones to refuse)
        return False
    near = close(signals, reranker.dense_min)
    if signals.confidence is None:
        return near
    # both gates: the second stage's score alone leaves questions that share one rare word with a
    # clause ("明天上海天气怎么样？") answered; closeness alone answers near-domain questions whose
    # best evidence is weak (measured on the tuning split: 17/31 refused with both, 16 with the
    # score alone, 14 with closeness alone)
    return near and signals.confidence >= reranker.answer_min


def close(signals: Signals, dense_min: float) -> bool:
    """The best clause is close in meaning (a cosine of `dense_min`) or covers most of the
    question's keywords."""
    return signals.dense_top >= dense_min or signals.coverage >= COVERAGE_MIN


# 说法, 看法, 做法, 方法 …: everyday words that end in 法 and end no law's title ("通过什么途径讨说法")
_LAW = re.compile(r"^[\u4e00-\u9fff]{1,12}(?<![说看想做方手写语书魔疗没无合违非依守执])法$|"
                  r"^[\u4e00-\u9fff]{1,12}(?:法典|条例|办法|细则)$")
_LAW_ENDS = ("法", "法典", "条例", "办法", "细则")
_QUOTED = re.compile(r"《([^》]{2,40})》")
# words that stand before a law's name without being part of it (根据合同法, 违反合同法)
_BEFORE_LAW = frozenset({"根据", "依据", "按照", "依照", "遵照", "参照", "对照", "比照", "遵守", "违反",
                         "适用", "符合", "执行", "关于", "按", "依", "照", "据",
                         # and verbs that take one ("属于法规明令禁止的行业": no 属于法)
                         "属于", "涉及", "触犯", "违背"})


# what a question sets aside: "除了普通劳动合同，" (up to 以外 / 之外, 还 / 也 or the clause's end)
_SET_ASIDE = re.compile(r"除(?:了|去|开)[^，,；;。？?！!]*?(?=以外|之外|还|也|[，,；;。？?！!]|$)")


def refusal(retriever: Retriever, result: SearchResult, texts: list[str]) -> str:
    """Why the question gets no answer, in its language ("" when it gets one): a clause number no
    document has, a law, a neighbouring field's topic, an acronym or a stated figure the knowledge
    base does not hold, a year, a place, a procedure or a figure that none of the closest clauses
    has (checks a routed answer skips), a figure the clause named by number does not state, or
    nothing close enough."""
    # what a message asks: a city, a figure or a to-do it tells of besides is no part of it
    lang, normalized = result.query.language, result.query.asked
    en = lang == "en"
    if written := asked_to_write(normalized):
        return (f"The knowledge base only finds and quotes clauses of its documents; it does not "
                f"write {written} for you." if en else
                f"知识库只能查找并引用文档中的条款，不能代写{written}。")
    if result.missing_refs and not any(h.via in ("lookup", "reference") for h in result.hits):
        return no_such_clause(retriever, result, lang)
    if label := untold_text(retriever, result):  # "6.3具体条文要求有哪些": a contents entry only
        return (f"The knowledge base has only the title of “{label}” (from the table of contents), "
                "not its text, so it cannot say what it requires." if en else
                f"知识库中只有“{label}”的标题（来自目录），没有它的正文，无法回答其具体内容。")
    if named := unexplained_terms(retriever, normalized):  # "KPO包括哪些业务": a name, no more
        return (f"The documents only give the full name of {'、'.join(t for t, _ in named)} "
                f"({'; '.join(d for _, d in named)}); they do not say what it covers."
                if en else f"文档只给出了{'、'.join(f'“{t}”' for t, _ in named)}的全称"
                f"（{'；'.join(d for _, d in named)}），没有说明它包括什么，知识库中没有这项内容。")
    if any(h.via in ("lookup", "reference") for h in result.hits):
        # a clause of a law or a standard the knowledge base lacks ("网络安全法第五条",
        # "GB/T 22239-2019的6.7"): not the clause of that number in a document it holds
        for absent in (unknown_laws, unknown_codes):
            if names := absent(retriever, _SET_ASIDE.sub("", normalized)):
                return _not_held(absent, names, en)
        if cited := standards_clauses(result):  # "ISO/IEC 27001:2013附录A": a standard it cites
            code, ref = cited
            return (f"The knowledge base only mentions {code}; it does not hold its text ({ref})."
                    if en else f"知识库只提到{code}，没有它的条文（{ref}），只能依据侧栏列出的文档回答。")
    if not result.signals.routed:
        fields, titles = retriever.unrecorded(result.query)
        if titles:  # who issued a document whose page names no issuer
            # its code as the question calls it (发文字号: 文号)
            fact = _asked_fact(normalized)
            code = fact if fact == _ASKED_FACT["issue_no"] else ("code", "编号")
            said = [("issuer", "发布（编制）单位") if f == "issuer" else code
                    for f in sorted(fields, key=("issuer", "code").index)]
            if en:
                return (f"{'; '.join(book(t) for t in titles)}: the document does not state its "
                        f"{' or '.join(e for e, _ in said)}, so the knowledge base cannot say.")
            return (f"{'、'.join(book(t) for t in titles)}没有写明"
                    f"{'或'.join(z for _, z in said)}，知识库中没有这项信息。")
        if quoted := misquoted(retriever, normalized):
            if en:
                return (f"The knowledge base has no such wording as “{quoted[0]}”: no clause says "
                        "it, so it cannot say where it comes from.")
            return f"知识库中没有“{quoted[0]}”这句话（没有任何条款这样说），无法说出它的出处。"
        if cited := cited_issuers(retriever, result):
            if en:
                return (f"The knowledge base does not say who issued {'、'.join(cited)}: the "
                        f"documents only cite it.")
            return f"知识库中没有{'、'.join(cited)}的发布单位：文档只是引用了它。"
        asked = _SET_ASIDE.sub("", normalized)
        # what the question names that the knowledge base lacks, each said by name
        for absent, say_en, say_zh in (
            (unknown_laws, *_NOT_HELD[unknown_laws]),
            (neighbouring_topics, "The knowledge base has nothing on {}: that belongs to a "
             "field next to service-outsourcing compliance{}; it can only answer from the "
             "documents listed in the sidebar.",
             "知识库中没有关于{}的内容：这属于服务外包合规之外的相邻领域{}，只能依据侧栏列出的文档回答。"),
            (unknown_codes, *_NOT_HELD[unknown_codes]),
            (unknown_figures, "The knowledge base does not mention {}: no clause states that "
             "figure.", "知识库中没有提到{}（没有任何条款说到这个数字）。"),
            (uncompared, "The knowledge base says nothing about {}, so it cannot compare them.",
             "知识库中没有关于{}的内容，无法比较。"),
            (undefined_terms, "The knowledge base never mentions {}, so it has no definition of "
             "it.", "知识库中没有提到“{}”，没有它的定义。"),
            (unoffered_choices, "The knowledge base never mentions {}, so it cannot say which "
             "one applies.", "知识库中没有提到{}，无法回答该选哪一个。"),
        ):
            # not what the question sets aside ("除了普通劳动合同，还要跟他们签哪些协议")
            names = absent(retriever, asked)
            if names and not asked_elsewhere(retriever, result.query, texts, absent):
                if absent in _NOT_HELD:
                    return _not_held(absent, names, en)
                say, sep = (say_en, ", ") if en else (say_zh, "、")
                if absent is neighbouring_topics:  # with the field, when the list names it
                    fields = sep.join(neighbouring_fields(names, "en" if en else "zh"))
                    return say.format(sep.join(names), fields and (
                        f" ({fields})" if en else f"（{fields}）"))
                return say.format(sep.join(names))
    if not result.signals.routed and texts:
        absent = absent_years(normalized, texts)
        if absent:
            return _nothing_about([y.removesuffix("年") for y in absent] if en else absent,
                                  "years", "说的是其他年份", en)
        month = absent_month(normalized, texts)
        if month:
            return _nothing_about([month], "months", "说的是其他月份", en)
        month = absent_month(normalized, texts, alone=True) \
            if _MONTH_ALONE.search(normalized) else ""
        if month:
            return (f"The knowledge base has figures up to {month} only, not for that month alone."
                    if en else f"知识库中只有截至{month}的累计数据，没有{month}单月的。")
        part, year = part_of_year(normalized, texts)
        if part:
            return (f"The knowledge base has figures for {part} only, not for the whole year."
                    if en else f"知识库中只有{part}的数据，没有{part[:4]}年全年的。")
        if year:  # the year only dates events ("2013年5月,正式成立…项目组")
            return (f"The knowledge base has no figures for {year}: the closest clauses mention "
                    "it only as the date of an event." if en else
                    f"知识库中没有{year}年全年的数据（最接近的条款提到{year}年，说的是别的事）。")
        # a place is blamed only when the rest is near: "weather in Beijing" is not about Beijing
        elsewhere = absent_places(retriever, normalized, texts) \
            if close(result.signals, retriever.reranker.dense_min) else []
        if elsewhere and not asked_elsewhere(
                retriever, result.query, texts, lambda r, s: absent_places(r, s, texts)):
            return _nothing_about(elsewhere, "places", "说的不是那里", en)
        if not states_procedure(result, texts):
            return ("The knowledge base has no application procedure, materials or office for "
                    "this: the closest clauses state none." if en else
                    "知识库中没有这项办理的材料、部门或流程（最接近的条款都没有）。")
        kinds = unnamed_kinds(retriever, normalized)
        if kinds:
            return (f"The knowledge base never mentions {'、'.join(kinds)}, so it cannot say which "
                    "one is needed." if en else
                    f"知识库中没有提到“{'、'.join(kinds)}”，无法回答需要哪一种。")
        uncounted, unseen = uncounted_things(retriever, normalized)
        if uncounted:
            return (f"The knowledge base has no count of {uncounted}: no clause mentions "
                    f"{'、'.join(unseen)}." if en else
                    f"知识库中没有{uncounted}的数量（没有任何条款提到“{'、'.join(unseen)}”）。")
        unanchored = unanchored_figure(retriever, result, texts)
        if unanchored:
            names = "、".join(unanchored)
            return (f"The knowledge base has no such figure for {names}: the closest clauses "
                    "that state one are about something else." if en else
                    f"知识库中没有{names}的这个数字或日期（最接近的条款里的数字说的是别的）。")
        if not states_place(retriever, result, texts):
            return ("The knowledge base names no such places: none of the closest clauses names "
                    "one where it speaks of this." if en else
                    "知识库中没有列出这些地方（最接近的条款里提到的地名说的是别的）。")
        if not states_figure(result, named_texts(result, texts)) and \
                not rule_said(retriever, result, texts):  # the rule answers, with no figure
            what_en, what_zh = _asked_fact(normalized) or ("figure or date", "数字或日期")
            return (f"The knowledge base has no {what_en} for this: the closest clauses state none."
                    if en else f"知识库中没有这个问题要的{what_zh}（最接近的条款都没有）。")
        # the value of a thing no clause names, though the closest clauses state figures
        unmeasured, unseen = unmeasured_things(retriever, normalized)
        if unmeasured:
            return (f"The knowledge base has no figure for {unmeasured}: no clause mentions "
                    f"{'、'.join(unseen)}." if en else
                    f"知识库中没有{unmeasured}的数字（没有任何条款提到“{'、'.join(unseen)}”）。")
    # a person's name, a website or a document number asked of what a lookup or a record found
    # ("项目组的组长是谁": the record names the drafting bodies, no person): not made up from it
    fact = _asked_fact(normalized) if result.signals.routed and texts else None
    if fact and not states_figure(result, texts):
        return (f"The knowledge base has no {fact[0]} for this: the clauses found state none."
                if en else f"知识库中没有这个问题要的{fact[1]}（找到的条款都没有）。")
    # a clause named by number and a figure it does not state ("第十条…仲裁得在多长时间内提出"):
    # the clause is shown as the nearest, the figure is not made up from it
    named = [(h.clause, t) for h, t in zip(result.hits, texts) if h.via in ("lookup", "reference")]
    if named and figure_units(normalized) and not states_figure(result, [t for _, t in named]):
        where = "、".join(dict.fromkeys(c.number or c.heading for c, _ in named))
        return (f"{where} does not state the figure or date this asks for." if en else
                f"{where}中没有这个问题要的数字或日期。")
    if not texts or not is_relevant(result.signals, retriever.reranker):
        return REFUSAL_EN if en else REFUSAL_ZH
    # nearly the same words as a question the documents do not answer (`kb.asked`), unless a
    # lookup, a definition or a record answers it ("What is KPO?" gets the name the text gives;
    # "知识流程外包(KPO)具体是什么意思" was to be refused)
    if not result.signals.routed and (before := retriever.refused_before(result.query)):
        return (f"Nothing relevant was found in the knowledge base: this is nearly the question "
                f"“{before}”, which the documents do not answer. Try other words, or browse the "
                "nearest clauses below." if en else
                f"知识库中没有相关内容：这个问题和“{before}”几乎相同，而文档中没有它的答案。"
                "请换一种说法，或浏览下面最接近的条款。")
    return ""


def asked_elsewhere(retriever: Retriever, query: Query, texts: list[str],
                    absent: Callable[[Retriever, str], list[str]]) -> bool:
    """Whether a message that asks several things asks one of them with no name `absent` finds,
    and the best clause says at least `STANDS_ALONE` of that one's telling words ("…办公软件具体
    提到了哪些？候选人说自己会用WPS，这个算不算？"): the name belongs to another of its questions,
    and this one is answered. A short question is one question."""
    if not texts or not is_message(query.normalized):
        return False
    sentences = asking_sentences(query.asked)
    best = normalize(texts[0]).casefold()
    return len(sentences) > 1 and any(
        not absent(retriever, s) and
        len({t for t in retriever.telling_words(s) if t in best}) >= STANDS_ALONE
        for s in sentences)


# what asks for the text of a part, beyond its name ("具体要求写了什么", "具体条文", "定义原文",
# "是什么意思": a heading is a name, not its meaning)
_ASKS_TEXT = re.compile(r"具体(?:要求|规定|内容|条文|措施|做法|写|讲|说|包含|包括|指)|条文|原文|全文|正文|"
                        r"控制措施|(?:怎么|如何)定义|的定义|(?:什么|啥)意思|含义|"
                        r"\bspecific\b|\bexact(?:ly)?\b|\bfull text\b|\bwording\b|\bdefin",
                        re.IGNORECASE)


def untold_text(retriever: Retriever, result: SearchResult) -> str:
    """The label of the part the question is answered with first when the knowledge base has only
    its title, from a table of contents, and the question asks for its text ("6.3服务过程管理具体
    条文要求有哪些", "C.5访问控制具体要求写了什么"), or anything but its page when the contents
    give it no name ("3.4条术语的定义是什么": "3.4 (8)"); "" otherwise. A part whose entries
    the contents list (附录C: C.1 … C.10) answers with them."""
    if not result.hits:
        return ""
    clause = result.hits[0].clause
    if not clause.title_only or retriever.store.children(clause.id):
        return ""
    q = result.query.asked
    if _ASKS_TEXT.search(q) or (not clause.heading.strip() and not _PAGE.search(q)):
        return f"{clause.number}{clause.heading and ' ' + clause.heading}".strip()
    return ""


# what asks what a term covers, or how it differs from another ("包括哪些业务", "有什么区别")
_COVERS = re.compile(r"(?:包括|包含|涵盖|覆盖|有)了?哪些(?!缩写)|具体(?:做|干|是)?(?:什么|哪些)|"
                     r"(?P<versus>区别|不同|差别|差异|\bdiffer)|\binclud|\bcover", re.IGNORECASE)


def unexplained_terms(retriever: Retriever, normalized: str) -> list[tuple[str, str]]:
    """The terms a question asks the scope of after naming them ("知识流程外包KPO包括哪些业务"), or
    compares with another term ("KPO和BPO有什么区别"), that the documents only abbreviate
    ("知识流程外包(KPO)"), each with the words that name it: other clauses name them in passing
    ("ITO/BPO/KPO三种服务外包类型"), none says what they cover. Compared with a document
    ("这套规范跟IT服务管理国标比有什么不同"), what the document says of itself may answer."""
    q = normalized.casefold()
    # (not one it sets aside: "除了中国电子技术标准化研究院，还有哪些单位参与起草")
    q = _SET_ASIDE.sub(lambda m: " " * len(m.group(0)), q)
    terms = retriever.store.terms
    out = []
    for t in terms:
        names = [n.casefold() for n in (t.term, *t.aliases)]
        at = [q.find(n) + len(n) for n in names if n in q]
        if t.kind != "abbreviation" or not at:
            continue
        cue = _COVERS.search(q, min(at))
        if cue and cue.group("versus"):
            others = [n.casefold() for o in terms if o is not t for n in (o.term, *o.aliases)]
            if not any(n in q for n in others):
                continue
        if cue:
            out.append((t.aliases[0] if t.aliases else t.term, t.definition))
    return out


def _not_held(absent, names: list[str], en: bool) -> str:
    """Say that the knowledge base lacks the laws or standards named (`_NOT_HELD`)."""
    if absent is unknown_laws:  # a law by its title: 《网络安全法》, the Contract Law
        names = [n if n.isascii() else f"《{n}》" for n in names]
    say_en, say_zh = _NOT_HELD[absent]
    return (say_en if en else say_zh).format("、".join(names))


# a request to write something ("帮我写个周报模板", "给我起草一份保密协议", "write me an email"):
# a task, not a question about what the documents say
_WRITE_FOR_ME = re.compile(
    r"(?:帮我|帮忙|帮我们|给我|替我|帮着)\s*(?:写|起草|草拟|拟|编|做|生成|整理|弄)\s*"
    r"(?:一?(?:个|份|封|篇|套|版)|一下)?\s*(?P<thing>[^，,。；;！!？?]{1,12}?"
    r"(?:模板|范本|邮件|周报|日报|月报|合同|协议|简历|文案|通知))|"
    r"\b(?:write|draft)\s+(?:me|us)\s+(?P<en>an?\s+[a-z ]{2,30}?)(?=[?.!,]|$)",
    re.IGNORECASE)


def asked_to_write(normalized: str) -> str:
    """What the question asks to have written for it (周报模板), or "" when it asks something."""
    m = _WRITE_FOR_ME.search(normalized)
    return (m.group("thing") or m.group("en") or "").strip() if m else ""


# what a refusal says the question asked for, when it is no number
_ASKED_FACT = {"person": ("person's name", "人名"), "website": ("website", "网站"),
               "issue_no": ("document number", "文号"), "phone": ("telephone number", "电话号码"),
               "address": ("address", "地址")}


def _asked_fact(normalized: str) -> tuple[str, str] | None:
    """The particular fact the question asks for, when it is no number (`_ASKED_FACT`: a person's
    name, a website, a document number …), in English and Chinese; None otherwise."""
    return next((_ASKED_FACT[u] for u in figure_units(normalized) if u in _ASKED_FACT), None)


def _nothing_about(names: list[str], other: str, other_zh: str, en: bool) -> str:
    """"Nothing about 2020年: the closest clauses are about other years", in the question's language."""
    return (f"The knowledge base has nothing about {'、'.join(names)}: the closest clauses are "
            f"about other {other}." if en else
            f"知识库中没有关于{'、'.join(names)}的内容（最接近的条款{other_zh}）。")


# an ordinal (第一关, 第三步) counts steps; no law's name starts with one
_ORDINAL = re.compile(r"^第[一二三四五六七八九十百千零两\d]")


def _starts_no_name(segmenter, word: str) -> bool:
    """Whether `word` cannot open a law's name: a stopword, a preposition, conjunction or pronoun
    (除了, 哪部) or an ordinal ("第一关法定资格" names no 第一关法)."""
    return segmenter.is_stopword(word) or segmenter.is_function_word(word) or \
        bool(_ORDINAL.match(word))


def _generic_measures(pieces: list[str], i: int, joined: str) -> bool:
    """Whether a two-word name ending 办法, 细则 or 条例 is an everyday phrase, not a title: a title
    qualifies it further (数据出境安全 评估办法, 个人信息 保护条例), while "和客户商量好的 保密办法"
    are the means of keeping a secret and "实施细则" alone names none."""
    if len(joined) > 4 or not joined.endswith(("办法", "细则", "条例")):
        return False
    qualifier = pieces[i - 2] if i >= 2 else ""
    return len(qualifier) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", qualifier)


def unknown_laws(retriever: Retriever, normalized: str) -> list[str]:
    """Laws and documents the question names (《数据安全法》, 民法典, 个人信息保护法) that appear
    nowhere in the knowledge base, neither as a document nor in any clause's text: an answer could
    only come from something else. A law the documents cite (合同法 in 第一条) is not unknown."""
    store = retriever.store

    def absent(name: str) -> bool:  # "信息保护办法" misnames the 若干规定: not absent
        stem = re.sub(r"(?:法典|法|条例|办法|细则|规定)$", "", name)
        return not store.mentions(name) and not (stem != name and retriever.title_holds(stem))

    # named as fully as the question names it: 劳动合同法 is not the 合同法 第一条 cites
    unknown = [n for n in named_laws(retriever, normalized) if absent(n)]
    # a name a homophone typo made ("把软件项目法包给外包企业": 法包 is 发包, no 项目法)
    corrected = retriever.homophones.corrected(normalized)
    unknown = [n for n in unknown if n in corrected]
    for m in _ENGLISH_LAW.finditer(normalized):  # "China's Personal Information Protection Law"
        name = m.group(1)
        chinese = english_terms(name) or english_terms(name.removeprefix("the ").strip())
        if not any(store.mentions(t) for t in chinese) and name not in unknown:
            unknown.append(name)
    return unknown


# words that begin with 法 and are whole (公司 法务 is a company's legal staff, no 公司法)
_LEGAL_WORDS = frozenset("法务 法人 法律 法规 法院 法定 法官 法制 法治 法理 法学 法条 法案".split())


def named_laws(retriever: Retriever, normalized: str) -> list[str]:
    """The laws and documents a question names in Chinese: in title marks (《…》), or by a name
    that ends as a law's does (网络安全法, 个人信息保护条例), as fully as it names them."""
    segmenter = retriever.kb.segmenter
    pieces = []
    for p in segmenter.cut(normalized):  # jieba's guess "网络安全" "法对" "外包": the law ends at 法
        # (also when the rest makes a word: "数据安全" "法会" "被", 法会 being a ceremony; not
        # after a preposition: "除了" "法定资格")
        if len(p) > 1 and p[0] == "法" and p not in _LEGAL_WORDS and (
                not segmenter.is_word(p) or pieces and len(pieces[-1]) >= 2 and
                _LAW.match(pieces[-1] + "法") and not _starts_no_name(segmenter, pieces[-1])):
            pieces += [p[0], p[1:]]
        else:
            pieces.append(p)
    names = [m.group(1) for m in _QUOTED.finditer(normalized)]
    for i, p in enumerate(pieces):
        before = pieces[i - 1] if i else ""
        joined = before + p  # "网络安全" "法", "个人信息" "保护法", "根据" "合同法"
        forms = [p] if len(p) >= 3 and _LAW.match(p) else []
        if len(before) >= 2 and _LAW.match(joined) and (p in _LAW_ENDS or forms) and \
                before not in _BEFORE_LAW and \
                not _starts_no_name(segmenter, before) and \
                not _generic_measures(pieces, i, joined):  # 除了合同法: 合同法
            forms.append(joined)
        if forms and not any(f in n for f in forms for n in names):
            names.append(forms[-1])
    return names


def cited_laws(retriever: Retriever, normalized: str) -> list[str]:
    """The laws a question names that a clause cites without the knowledge base holding them
    (《中华人民共和国合同法》, which 第一条 cites): what a clause says of them is all there is."""
    titles = [d.title.strip("《》") for d in retriever.store.docs]
    return [f"《{n}》" for n in named_laws(retriever, normalized)
            if retriever.store.mentions(n) and not any(n in t or t in n for t in titles)]


# words quoted from a text (six characters or more: a sentence, not a term such as “管理模式”), and
# a question that asks where they come from
_QUOTE = re.compile(r"[“「『\"]([^”」』\"“「『]{6,60})[”」』\"]")
_ASKS_SOURCE = re.compile(r"出自|出处|来自哪|哪一?条|哪(?:份|个|部)(?:文件|文档|规定|规范|标准)|"
                          r"在哪(?:里|儿)?(?:说|写|提|规定|讲)|"
                          r"\bwhere\b.{0,40}\b(?:from|says?|said|comes?|found)\b|"
                          r"\bwhich (?:article|clause|document|section|part)\b", re.IGNORECASE)
# a quotation is found in a clause that has this share of its pairs of characters: a slight
# misquote (限定涉密人员范围, for 限定涉密人员的范围) is still found
QUOTE_FOUND = 0.5


def misquoted(retriever: Retriever, normalized: str) -> list[str]:
    """Words a question quotes and asks the source of (“接包方应当在三十日内”出自哪条) that no clause
    says, nor nearly: no clause has half of their pairs of characters. The clause with the most
    of them is no source."""
    if not _ASKS_SOURCE.search(normalized):
        return []
    out = []
    for m in _QUOTE.finditer(normalized):
        quote = re.sub(r"\s+", "", m.group(1)).casefold()
        pairs = {quote[i:i + 2] for i in range(len(quote) - 1)}
        best = max((sum(p in text for p in pairs) for text in retriever.squeezed_texts()),
                   default=0)
        if best < QUOTE_FOUND * len(pairs):
            out.append(m.group(1))
    return out


def cited_issuers(retriever: Retriever, result: SearchResult) -> list[str]:
    """The laws and standards a question asks the issuer of that the documents only cite
    (《中华人民共和国合同法》 in 第一条, GB/T24405.1-2009 in the 编制说明), naming no document of
    the knowledge base: no clause says who issued them."""
    query = result.query
    normalized = query.asked
    if "issuer" not in retriever.asked_records(query) or \
            retriever.named_documents(normalized):
        return []
    codes = []
    for m in _CODE.finditer(normalized):  # (with its year as written: GB/T24405.1-2009)
        year = _CODE_YEAR.match(normalized, m.end())
        code = m.group(1) + (year.group(0) if year else "")
        if retriever.store.mentions_code(code) and code not in codes:
            codes.append(code)
    return cited_laws(retriever, normalized) + codes


# "多少个示范城市", "多少家企业": a count, by its measure word, and the thing counted; not 几个,
# which asks as often for a few examples (举几个例子) or a paraphrase (精通几个业务方向)
_COUNTED = re.compile(r"多少\s*(?:个|家|份|项|种|类|名|位|座|所|款|台|件|部|本)"
                      r"([\u4e00-\u9fff]{2,12})")


# the count after the thing: "全国的服务外包示范城市一共有多少个？"
# and a share of them: "从业人员里硕士及以上学历的占比是多少", "…的有多少人"
_COUNTED_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,16}?)的?(?:一共|总共|总计|合计|共|到底|大概|大约)?"
                             r"(?:有\s*多少\s*(?:个|家|份|项|种|类|名|位|座|所|款|台|件|部|本|人)|"
                             r"(?:占比|比例|比重|份额|所占比例)(?:是|为|有)?\s*多少)"
                             r"(?![\u4e00-\u9fff]{2})")
# the value of a thing, asked after it: "机房的温度湿度标准要求是多少", "…的上限为多少"
MEASURED_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,16}?)的?(?:一般|通常|具体|到底|大概|大约)?"
                             r"(?:(?:要|需要|应|应该|应当|必须)?(?:是|为|在|达到)|要|需要)\s*多少"
                             r"(?![\u4e00-\u9fff]{2})")
_AND = frozenset({"和", "与", "及", "以及", "跟", "、"})
_PERSON_SUFFIX = "者们"  # a person, or people, by what they are or do
# words a thing's name runs through ("硕士及以上学历"): neither the thing nor its end
_JOINS = frozenset({"及", "以上", "以下", "及以上", "及以下", "或"})
# words between a thing and its count that are not its name ("三类业务各自占比", "两种分别有多少")
_NOT_NAME = re.compile(r"各自|分别|各|每|[\d零一二三四五六七八九十两几]+[类种个项家名位节条章款段篇份]")


# where or when a count is taken, not the thing counted ("全国服务外包企业有多少家")
_SCOPE = frozenset({"全国", "我国", "国内", "中国", "全球", "世界", "目前", "现在", "现有", "如今",
                    "今年", "去年", "本市", "全市", "全省"})


# a word that points back instead of naming (这行 "this line of work", 那家, 该类): no thing's name
_POINTING = re.compile(r"^[这那该此本][\u4e00-\u9fff]?$")


def uncounted_things(retriever: Retriever, normalized: str) -> tuple[str, list[str]]:
    """The thing a count asks about ("全国一共有多少个服务外包示范城市", "…示范城市一共有多少个"
    -> 服务外包示范城市) and its words that appear nowhere in the knowledge base (城市): no clause
    can count what it never names; ("", []) when there are none. A mistyped word is read
    corrected (学力 for 学历)."""
    normalized = retriever.homophones.corrected(normalized)
    segmenter = retriever.kb.segmenter
    thing: list[str] = []
    if m := _COUNTED.search(normalized):
        for w in segmenter.cut(m.group(1)):
            if segmenter.is_stopword(w) or len(w) < 2:
                break
            thing.append(w)
    elif m := _COUNTED_BEFORE.search(normalized):
        thing = _named_before(segmenter, list(segmenter.cut(m.group(1))))
    return _unseen(retriever, normalized, thing)


def unmeasured_things(retriever: Retriever, normalized: str) -> tuple[str, list[str]]:
    """The thing whose value a question asks after it ("机房的温度湿度标准要求是多少" ->
    温度湿度标准要求) and its words that appear nowhere in the knowledge base (温度, 湿度): no
    figure a clause states can be theirs. What the value is, the last word and the function words
    before it (标准要求, 比例, 编号和年份), is part of the name, blamed only when no document has
    it and it names no figure as such (产值, 湿度)."""
    normalized = retriever.homophones.corrected(normalized)
    segmenter = retriever.kb.segmenter
    m = MEASURED_BEFORE.search(normalized)
    if not m:
        return "", []
    words = list(segmenter.cut(m.group(1)))
    measure: list[str] = []
    while words and (not measure or segmenter.is_stopword(words[-1])) and words[-1] != "的":
        measure.insert(0, words.pop())
        if measure[0] in _AND and words:  # 编号和年份: two values asked
            measure.insert(0, words.pop())
    thing = _named_before(segmenter, words)
    if len(measure[-1]) >= 2 and not _FIGURE_MEASURE.search(measure[-1]) and \
            not retriever.store.mentions(measure[-1]):
        # a value no document has a word for (产值, 控制项) is blamed as well; a word for a
        # figure as such (百分比, 人数, 标准要求, 年份) never is
        return _unseen(retriever, normalized, [*thing, *measure])
    return _unseen(retriever, normalized, thing, tuple(measure))


# the words that name a figure as such, not what it measures
_FIGURE_MEASURE = re.compile(r"比|百分|份额|数|额|量|率|规模|幅|水平|标准|要求|范围|多少|价格|费用|年|日期|"
                             r"时间|号|分|名称")


def _named_before(segmenter: Segmenter, words: list[str]) -> list[str]:
    """The words that name a thing, read back from its end until a word that names nothing."""
    thing: list[str] = []
    for w in reversed(words):
        if w in _JOINS:
            thing.insert(0, w)
            continue
        if _NOT_NAME.fullmatch(w):
            continue
        if segmenter.is_stopword(w) or len(w) < 2 or w in _SCOPE or _POINTING.match(w):
            break
        thing.insert(0, w)
    return thing


def _unseen(retriever: Retriever, normalized: str, thing: list[str],
            rest: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """(the thing's name with `rest`, its words no document mentions nor the documents' wording
    for them), or ("", []) when it has none."""
    store = retriever.store
    worded = statute_terms(normalized)  # 干活的 -> 从业人员: the documents' word for it
    # (学历者 is a person by a word the documents have: 学历; 从业者, 申请者 the same)
    absent = [w for w in thing if not store.mentions(w) and not any(
        w in phrase and any(store.mentions(t) for t in ts) for phrase, ts in worded)
        and not (len(w) >= 3 and w[-1] in _PERSON_SUFFIX and store.mentions(w[:-1]))]
    return ("".join([*thing, *rest]), absent) if absent else ("", [])


# "需要办理哪种签证", "要缴纳什么税": a permit, a document or a payment of a kind the question asks
# the knowledge base to name, after a verb of obtaining or paying
_KIND_OBTAINED = re.compile(r"(?:办|办理|申请|申领|领取|考|考取|取得|缴|缴纳|交纳|购买|投保|开具)"
                            r"(?:什么|哪种|哪一种|哪类|哪一类|何种|哪些)\s*([\u4e00-\u9fff]{2,8})")


def unnamed_kinds(retriever: Retriever, normalized: str) -> list[str]:
    """The kind of permit, document or payment a question asks for ("外籍员工需要办理哪种签证" ->
    签证) when no document mentions it, nor the documents' wording for it: no clause can say
    which one. (Any absent "什么X" was tried: 好处, 作用, 东西 are absent words too.) A
    mistyped word is read corrected."""
    normalized = retriever.homophones.corrected(normalized)
    segmenter, store = retriever.kb.segmenter, retriever.store
    out = []
    for m in _KIND_OBTAINED.finditer(normalized):
        for w in segmenter.cut(m.group(1))[:2]:  # the kind and its head: 工作签证 -> 工作, 签证
            if len(w) >= 2 and _CJK_WORD.fullmatch(w) and not segmenter.is_stopword(w) and \
                    not store.mentions(w) and w not in out and \
                    not any(store.mentions(t) for phrase, ts in statute_terms(w) for t in ts
                            if len(phrase) > 1):  # 签 (sign) is no phrase of 签证
                out.append(w)
    return out


_CODE = re.compile(f"({STANDARD_CODE})", re.IGNORECASE)


_CODE_YEAR = re.compile(r"-\d{4}\b")
_CURRENCIES = frozenset({"RMB", "CNY", "USD", "EUR", "HKD", "JPY", "GBP"})  # units, not topics
# job titles by their initials ("Our CTO wants to assess a vendor"): who asks, not a topic
_TITLES = frozenset({"CEO", "CTO", "CFO", "COO", "CIO", "CISO", "CSO", "HRBP", "PMO"})


def unknown_codes(retriever: Retriever, normalized: str) -> list[str]:
    """Standards the question names by code (ISO 27701) that no clause mentions, spaces and
    slashes aside (GB/T 24405.1 is GB/T24405.1-2009), and acronyms (PMP, GDPR) that no clause
    mentions, neither as written nor by the Chinese the glossary gives (NDA is 保密协议, KPI
    绩效考核): an answer could only come from elsewhere. A currency (RMB) is a unit, not a topic,
    and a job title (CTO) names who asks."""
    store = retriever.store
    codes = [c for c in dict.fromkeys(m.group(1) for m in _CODE.finditer(normalized))
             if not store.mentions_code(c)]
    for a in dict.fromkeys(_ACRONYM.findall(normalized)):
        if a not in _CURRENCIES and a not in _TITLES and not any(a in c for c in codes) and \
                not store.mentions(a) and not any(store.mentions(t) for t in english_terms(a)) \
                and not _names_a_system(normalized, a):
            codes.append(a)
    return codes


# a standard's code right before a clause number ("ISO/IEC 27001:2013附录A", "GB/T24405.1的6.7")
_CODE_BEFORE = re.compile(
    f"({STANDARD_CODE}(?:\\s*[:：-]\\s*(?:19|20)\\d{{2}})?)\\s*(?:的|中|里)?\\s*第?\\s*$", re.IGNORECASE)


def standards_clauses(result: SearchResult) -> tuple[str, str] | None:
    """(the code, the clause number) when the question names a clause of a standard by the
    standard's code: that standard's clause, which no document holds (they cite standards, and
    hold none), not the clause of that number in one of them."""
    normalized = result.query.asked
    for ref in result.query.refs:
        if m := _CODE_BEFORE.search(normalized, 0, ref.start):
            return m.group(1).strip(), ref.text(normalized)
    return None


# what the knowledge base says of a law or a standard it lacks, in English and in Chinese
_NOT_HELD = {
    unknown_laws: ("The knowledge base does not hold {}; it can only answer from the documents "
                   "listed in the sidebar.", "知识库中没有{}，只能依据侧栏列出的文档回答。"),
    unknown_codes: ("The knowledge base does not mention {}; it can only answer from the "
                    "documents listed in the sidebar.", "知识库中没有提到{}，只能依据侧栏列出的文档回答。"),
}


# a system or product by its name ("HIS系统", "做SAP二次开发", "系统用的是SAP"), or a device
# ("copy the database onto a USB stick"): what the asker works on or with, not a topic the
# question asks the knowledge base about
_SYSTEM_AFTER = re.compile(r"\s*(?:系统|平台|软件|二次开发|模块|"
                           # or a device by its port ("a USB stick", "USB接口"): a thing handled
                           r"盘|接口|设备|(?:system|platform|software|module|stick|flash|drive|"
                           r"port|cable|device|disk|key)s?\b)")
_USED_BEFORE = re.compile(r"(?:用的是|用的|使用|基于|上了)\s*$")


def _names_a_system(normalized: str, acronym: str) -> bool:
    """Whether every place the question writes `acronym` names a system it is used as."""
    spots = list(re.finditer(rf"(?<![A-Za-z]){re.escape(acronym)}(?![A-Za-z])", normalized))
    return bool(spots) and all(
        _SYSTEM_AFTER.match(normalized, m.end()) or _USED_BEFORE.search(normalized, 0, m.start())
        for m in spots)


# a figure the question states in digits: a share (15%) or a sum of money (100万元, 5000元)
_STATED_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*(?:%|(?:万|亿)?\s*(?:元|美元))")


# a length of time the question states ("是不是三年", "超过五年", "within 72 hours"): a count and a
# unit of time; not a date (7月, 15日, 14年 for 2014), nor what points at one (前7个月, 哪一年,
# 首七个月), nor 一 or 半 (一年 is "a year", 半天 "ages")
_STATED_SPAN = re.compile(
    r"(?<![\d.年月前哪某每这那头首近第几多上下至到~-])"
    r"(?:([二两三四五六七八九十]|[一二三四五六七八九]?十[一二三四五六七八九]?|\d{2,3})\s*"
    r"(个月|个工作日|工作日|天|小时|周|个星期)|([二两三四五六七八九十]|[2-9])\s*(年))"
    r"(?![份底初末度代级])|"
    r"(?<![\d.])(\d{1,3})\s*(hours?|days?|working days?|weeks?|months?|years?)(?![a-z])",
    re.IGNORECASE)
_SPAN_UNITS = {"hour": ("小时",), "day": ("天", "日"), "working day": ("个工作日", "工作日"),
               "week": ("周", "个星期"), "month": ("个月",), "year": ("年",)}


def _span_forms(m: re.Match) -> list[str]:
    """How a document could write the span: 三年 / 3年, 72小时, 30天 / 30日."""
    count = m.group(1) or m.group(3) or m.group(5)
    unit = (m.group(2) or m.group(4) or m.group(6)).lower().removesuffix("s")
    units = _SPAN_UNITS.get(unit, (unit,))
    n = cn_to_int(count)
    return [f"{c}{u}" for c in dict.fromkeys((str(n), int_to_cn(n))) for u in units]


def unknown_figures(retriever: Retriever, normalized: str) -> list[str]:
    """Shares and sums the question states ("能不能按15%的优惠税率缴纳") that no clause mentions:
    the knowledge base can neither confirm nor deny them. A figure it has (合同金额596.5亿美元)
    is asked about. So are lengths of time the question puts forward ("证书有效期是不是三年",
    "within 72 hours"), though not the asker's own ("我干了八年，…"), nor a figure of the
    situation told before what is asked (`question_part`)."""
    store = retriever.store
    # (not a figure of the situation told before the question: "去年外包费用超了20%，财务来找我们，
    # 外包岗位在成本方面有什么职责")
    asked = question_part(retriever, normalized)
    out = [f for f in dict.fromkeys(m.group(0) for m in _STATED_FIGURE.finditer(asked))
           if not store.mentions_figure(f)]
    for m in _STATED_SPAN.finditer(_asked_part(normalized)):
        if not any(store.mentions_figure(f) for f in _span_forms(m)):
            out.append(m.group(0).strip())
    return list(dict.fromkeys(out))


@lru_cache(maxsize=1)
def _neighbour_fields() -> dict[str, tuple[str, str]]:
    """Each topic of `kb/data/neighbours.txt` with its field in Chinese and English (the comment
    line "… = 税务 / tax" above it; none after "… = ")."""
    text = (Path(__file__).parent / "data" / "neighbours.txt").read_text(encoding="utf-8")
    out, field = {}, ("", "")
    for line in text.splitlines():
        if line.startswith("#"):
            if m := re.search(r"=\s*(?:(\S+)\s*/\s*(.+?))?\s*$", line):
                field = (m.group(1) or "", m.group(2) or "")
        elif line.strip():
            out[line.strip()] = field
    return out


@lru_cache(maxsize=1)
def _neighbours() -> tuple[str, ...]:
    return tuple(sorted(_neighbour_fields(), key=len, reverse=True))


def neighbouring_fields(topics: list[str], lang: str) -> list[str]:
    """The fields the topics belong to ("坐牢": 刑事), in the question's language; known ones only."""
    return list(dict.fromkeys(f for t in topics if (f := _neighbour_fields().get(t, ("", ""))[
        lang == "en"])))


def neighbouring_topics(retriever: Retriever, normalized: str) -> list[str]:
    """Topics of the neighbouring fields (`kb/data/neighbours.txt`: 劳务派遣, 个人所得税, 签证 …)
    that the question names and that no clause mentions, neither as written nor in the
    thesaurus's wording (社保 is 五险一金 in the job specifications, so it is covered): the
    question is about that field. The longest topic wins where they overlap (个人所得税, not 所得税)."""
    store, out, taken = retriever.store, [], set()
    for word in _neighbours():
        if word.isascii():  # an English word whole, any case: "visa", not "advisable" (also
            # beside Chinese: "要办什么visa", where \b sees no edge)
            m = re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", normalized, re.IGNORECASE)
            i = m.start() if m else -1
        else:
            i = normalized.find(word)
        if i < 0 or taken & set(range(i, i + len(word))):
            continue
        taken |= set(range(i, i + len(word)))
        if _LIKENESS.search(normalized, 0, i) or (_BRACKET_OPEN.search(normalized, 0, i) and
                                                 _BRACKET_CLOSE.match(normalized, i + len(word))):
            continue  # a gloss of what the question says in words of its own: "(SLA)", "like an SLA"
        if _ASKERS_OWN.search(normalized, 0, i) or _SELF_TOLD.search(normalized, 0, i):
            # where the asker works ("我们医院准备把收费外包", "我在保险公司做外包", "我们是天津一家
            # 保险公司，…"), unless the question names it again ("我是做劳务派遣的，劳务派遣…")
            if word.isascii() or normalized.find(word, i + len(word)) < 0:
                continue
        if not store.mentions(word) and not any(store.mentions(t) for t in synonyms(word)):
            out.append(word)
    return out


# the asker's own organisation, right before a topic: 我们医院, 我在保险公司, our bank
_ASKERS_OWN = re.compile(r"(?:我们|咱们|我)(?:公司)?(?:所在的|这家|这个|家)?\s*$|我(?:们)?(?:现在)?在\s*$|"
                         r"\b(?:our|my)\s+$|\bwe are an?\s+$", re.IGNORECASE)
# the asker telling what they are, in the clause the topic stands in ("我是深圳一家做呼叫中心的BPO企业
# 负责人", "我们是天津一家保险公司"): what they do, not what they ask
_SELF_TOLD = re.compile(r"(?:^|[，,。；;！!？?])\s*(?:我|我们|咱们|本人)(?:公司)?是[^，,。；;！!？?]*$")
# a gloss: in brackets after the words it glosses ("paid by service level (SLA)"), or a likeness
# ("like an SLA", 类似SLA)
_BRACKET_OPEN = re.compile(r"[(（]\s*$")
_BRACKET_CLOSE = re.compile(r"\s*[)）]")
_LIKENESS = re.compile(r"(?:\blike (?:an? |the )?|类似|好比)\s*$", re.IGNORECASE)


# "A和B(在…上)有什么区别": a comparison, and the two things compared
def uncompared(retriever: Retriever, normalized: str) -> list[str]:
    """The sides of a comparison ("劳务派遣和业务外包有什么区别") that the knowledge base never
    mentions, neither whole nor word by word (近岸 in 近岸外包): no clause can compare them."""
    m = COMPARED.search(normalized) or COMPARED.search(retriever.homophones.corrected(normalized))
    if not m:
        return []
    segmenter, store = retriever.kb.segmenter, retriever.store
    out = []
    for side in m.groups():
        side = side.strip(" “”\"'《》的")
        if m_this := DESCRIBING.match(side):  # 这套规范 is the 规范 the knowledge base holds
            side = side[m_this.end():]
        side = _POINTED_AFTER.sub("", side)  # "国标ISO 20000那套": 国标ISO 20000
        words = [w for w in segmenter.cut(side) if len(w) >= 2 and _CJK_WORD.fullmatch(w)
                 and not segmenter.is_stopword(w)] or \
            ([side] if _CJK_WORD.fullmatch(side) else [])  # 众包: jieba cuts 众 包
        if words and not store.mentions(side) and not all(_mentioned(store, w) for w in words):
            out.append(side)
    return out


# "A还是B" ("A，还是B"): a choice between two things, each side up to the clause's end
_CHOICE = re.compile(r"([^，,。？?；;！!]{1,20}?)[，,]?\s*还是([^，,。？?；;！!]{1,20})")
_LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9+#.-]*[A-Za-z0-9+#]")
_CHOICE_EN = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Za-z0-9+#.-]*[A-Za-z0-9+#])\s*,?\s+or\s+"
                        r"([A-Z][A-Za-z0-9+#.-]*[A-Za-z0-9+#])(?![A-Za-z0-9])")


def unoffered_choices(retriever: Retriever, normalized: str) -> list[str]:
    """The names of a choice between products or tools written in Latin letters ("用Jira还是
    Trello", "Nessus or Qualys") that the knowledge base never mentions, when each side has one:
    no clause can say which of two things it never names applies. Chinese words are left alone:
    jieba's pieces of an everyday choice (设个部门吗，还是找个人负责就行) are no names."""
    store = retriever.store
    if m := _CHOICE_EN.search(normalized):
        # "Nessus or Qualys?": two capitalised names right around "or", neither of which a clause
        # mentions, nor the glossary's Chinese for it ("Word or Excel" are written as is)
        names = list(m.groups())
        unknown = [w for w in names if not store.mentions_code(w) and
                   not any(store.mentions(t) for t in english_terms(w))]
        return names if len(unknown) == 2 else []
    m = _CHOICE.search(normalized)
    if not m:
        return []
    sides = [[w for w in _LATIN_NAME.findall(side) if not store.mentions_code(w)]
             for side in m.groups()]
    return [sides[0][-1], sides[1][0]] if all(sides) else []


# a demonstrative after what it points at ("ISO 20000那套", "离岸外包这种")
_POINTED_AFTER = re.compile(r"\s*(?:这|那)(?:一)?(?:套|个|种|些|份|类|样)\s*$")


def _mentioned(store, word: str) -> bool:
    """Some clause has the word, or the documents' wording for it (国标 is 国家标准)."""
    return store.mentions(word) or \
        any(store.mentions(t) for _, terms in statute_terms(word) for t in terms)


_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")
TERM_WORDS = 3  # a term a definition question asks about is at most this many words (驻场开发)
# what asks the meaning of the term before it ("是啥意思", "的定义", "怎么理解"), or after it (什么是)
# the cue's own adverbs ("这个到底是啥意思"): a word before the cue that is one names no term
_CUE_ADVERBS = ("一般", "通常", "具体", "到底", "究竟")
_MEANING_AFTER = re.compile(
    r"[”\"’'」』]?\s*(?:这个|这一|这种)?(?:词|说法|术语|名词|概念)?\s*(?:的)?\s*"
    r"(?:" + "|".join(_CUE_ADVERBS) + r")?\s*(?:是(?:什么|啥)意思|(?:什么|啥)意思|的?意思是|的?定义|"
    r"的?含义|是指什么|指的是什么|(?:应该|该|要)?(?:如何|怎么|怎样|咋)理解)")
_MEANING_BEFORE = re.compile(r"\s*(?:" + MEANING_BEFORE + r")\s*[“\"‘'「『]?\s*$")


def undefined_terms(retriever: Retriever, normalized: str) -> list[str]:
    """The term a definition question asks about ("驻场开发是啥意思", "什么是众包") when no clause
    mentions it whole and some of its words appear nowhere either, nor the thesaurus's wording for
    it (甲方 is 发包方): no clause can say what it means. A term the knowledge base defines is
    answered before this check (a lookup); a mistyped one is read corrected."""
    if not asks_definition(normalized):
        return []
    q = retriever.homophones.corrected(normalized)
    segmenter, store = retriever.kb.segmenter, retriever.store
    out = []
    for p in range(1, len(q)):
        after = _CJK_WORD.match(q[p - 1]) and _MEANING_AFTER.match(q, p)
        before = not after and _MEANING_BEFORE.match(q, 0, p)
        if not after and not before:
            continue
        cut = segmenter.cut(q[:p]) if after else segmenter.cut(q[p:].rstrip("？?。. "))
        words = []  # read away from the cue: backwards before it, forwards after it
        for w in reversed(cut) if after else cut:
            if not _CJK_WORD.fullmatch(w) or w == "的" or segmenter.is_stopword(w) or \
                    segmenter.is_function_word(w) or len(words) == TERM_WORDS:
                break
            words.append(w)
        if after:
            if words and words[0] in _CUE_ADVERBS:
                continue  # read from where the cue starts, before its adverb
            words.reverse()
        term = "".join(words)
        if before and term != q[p:].rstrip("？?。. "):
            continue  # "什么是" asks about what follows it, to the end
        parts = [w for w in words if len(w) >= 2] or ([term] if len(term) >= 2 else [])
        if parts and not store.mentions(term) and \
                not all(store.mentions(w) for w in parts) and \
                not any(store.mentions(t) for _, ts in statute_terms(term) for t in ts) and \
                term not in out:
            out.append(term)
    return out


# A law named in English: capitalised words before Law/Act/Code ("the Contract Law" is known when
# the glossary gives its Chinese name and a document mentions it).
_ENGLISH_LAW = re.compile(r"\b((?:[A-Z][A-Za-z'-]*\s+){1,7}(?:Law|Act|Code))\b")


# a year: before 年, as a word of its own in English ("at the end of 2015") or among the
# keywords of a search ("离岸外包 2015 合同金额"), not in a code
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?=\s*年)|(?<=[a-z] )(?:19|20)\d{2}(?![\d\w.:/-])|"
                   r"(?:(?<=[\u4e00-\u9fff]\s)|^)(?:19|20)\d{2}(?=\s+[\u4e00-\u9fff]|\s*$)",
                   re.IGNORECASE)
EVIDENCE_DEPTH = 3  # the clauses a year the question names must appear in


@lru_cache(maxsize=1)
def _places() -> list[tuple[str, re.Pattern]]:
    """Each place of `kb/data/places.tsv`: its Chinese name and a pattern of all its names."""
    out = []
    for zh, *en in table("places.tsv"):
        names = [re.escape(zh)] + [rf"(?<![a-z]){re.escape(e)}(?:'s)?(?![a-z])" for e in en]
        out.append((zh, re.compile("|".join(names), re.IGNORECASE)))
    return out


@lru_cache(maxsize=1)
def _within() -> dict[str, list[str]]:
    """Place -> the collective names that take it in (美国 -> 欧美, 北美), `kb/data/regions.tsv`."""
    out: dict[str, list[str]] = {}
    for region, members, *_ in table("regions.tsv"):
        for m in members.split():
            out.setdefault(m, []).append(region)
    return out


_PLACE_SUFFIXES = ("", "市", "省", "区", "县", "人", "地区", "市场")  # jieba keeps 苏州市, 美国市场 whole


def named_places(retriever: Retriever, normalized: str) -> list[tuple[str, str]]:
    """The countries and regions the question names (`kb/data/places.tsv`: 印度, the Philippines),
    as (Chinese name, the name as the question writes it). A Chinese name counts only as a word of
    the question (法国 is not in 依法国家机关)."""
    pieces: set[str] | None = None
    out = []
    for zh, pattern in _places():
        m = pattern.search(normalized)
        name = m.group(0).removesuffix("'s") if m else ""
        if name == zh:
            pieces = pieces if pieces is not None else set(retriever.kb.segmenter.cut(normalized))
            name = name if pieces & {p + name + s for p in ("", "中国") for s in _PLACE_SUFFIXES} \
                else ""  # jieba keeps 中国香港 whole
        if name and name not in (n for _, n in out):
            out.append((zh, name))
    # 印尼 within 印度尼西亚: keep the name the question wrote most fully
    return [(zh, p) for zh, p in out if not any(p != q and p in q for _, q in out)]


def _said_of(zh: str, text: str) -> bool:
    """Whether `text` speaks of the place `zh`, by name or by a collective name (欧美 for 美国)."""
    return zh in text or any(r in text for r in _within().get(zh, ()))


# a client's or a partner's country is the situation, not the subject ("接了一个日本客户的项目，
# …对方可以怎么追究我们": the regulation covers clients 境内外)
_CLIENT = r"(?:客户|客商|发包方|甲方|合作方|公司|企业)"


def _of_the_client(name: str, normalized: str) -> bool:
    """Whether a place says where the client is from ("日本客户", "客户是德国的"): the asker's
    situation (the regulation covers clients 境内外), not what the question is about."""
    place = re.escape(name)
    return bool(re.search(rf"{place}(?:的)?{_CLIENT}|"
                          rf"{_CLIENT}(?:是|在|来自|都是|主要是)[^，,。？?]{{0,3}}?{place}", normalized))


def absent_places(retriever: Retriever, normalized: str, texts: list[str]) -> list[str]:
    """Places the question names that the best clause does not mention, neither by name nor by a
    collective name (欧美 takes in 欧洲 and 美国): the question is about somewhere else. (The three
    best clauses were read once: a question about 江苏's contract sums met the national figures
    first and the drafting timeline's visit to 江苏 third, and was answered with the national
    figures.)"""
    shown = texts[0] if texts else ""
    asked = question_part(retriever, normalized)
    return [name for zh, name in named_places(retriever, normalized) if not _said_of(zh, shown)
            and not _of_the_client(name, normalized)
            and (name in asked or _THERE.search(asked))]


# "我们公司刚接了一个日本的单子，…，想问一下按国内的规定…": what comes before the asking words
# is the asker's situation; the question is what follows (unless it points back: 那边, 当地; not
# 客户那边, the client's side)
_ASKING = re.compile(r"想问一下|想问问|想问|请问|问一下|我想知道|想了解一下|想了解")
_THERE = re.compile(r"(?<![户方司家们他她])(?:那边|那里|那儿)|当地|该国|该地|对方国家|\bthere\b",
                    re.IGNORECASE)
# a clause in which the asker tells of themselves ("我2021年才入职", "我们老板是新加坡人") and the
# clauses after it that ask nothing either ("在青岛做行政")
_ASKER = re.compile(r"我|咱|本人|^\s*作为|\b(?:i|we|my|our)\b|^\s*as an?\b", re.IGNORECASE)
# (an English clause asks when it opens with a question word: "my boss is from Japan" does not)
_ASKS_SOMETHING = re.compile(r"什么|哪|怎么|如何|怎样|吗|多少|是否|有没有|能不能|要不要|谁|啥|为什么|"
                             r"为何|[？?]|^\s*(?:what|which|how|who|when|why|where|does|do|is|are|"
                             r"can|should|must|will)\b", re.IGNORECASE)
# (an English sentence ends at a full stop before a space: "We are a vendor in Chengdu. What …")
_CLAUSE = re.compile(r"(?:[^，,；;。!！？?.]|\.(?=\S))+[，,；;。!！？?.]*")
# a clause that frames what is asked (按照个人信息保护法, 和印度相比, 医疗器械委托生产时) is part of
# the question, not a situation told before it
_FRAME = re.compile(r"^\s*(?:按照?|根据|依据|依照|对照|参照|和|与|跟|同|比起|相比|对比|关于|对于|针对|"
                    r"除了?|according to|under|compared)|"
                    r"(?:时|的话|相比|比较|比起来|的时候|而言)\s*[，,；;]?\s*$", re.IGNORECASE)
# a supposed case (假如深圳市商务局来检查我们…) is what the question asks about, not the asker's story
_SUPPOSING = re.compile(r"^\s*(?:如果|假如|要是|万一|假设|倘若|若是|设想)|^\s*(?:if|suppose|what if)\b",
                        re.IGNORECASE)


# the documents' words (two characters or more) that the asking clauses must name for the
# clauses before them to be taken as the asker's situation when no 我 / we tells of the asker
STANDS_ALONE = 2


def question_part(retriever: Retriever, normalized: str) -> str:
    """`_asked_part`; and, when that finds no asker, the question without opening clauses that
    ask nothing, when the clauses from the first that asks name what they ask about in at least
    `STANDS_ALONE` of the documents' words ("苏州一家给银行做软件测试的公司，客户老催交付，认定
    条件里对质量保障体系怎么要求的？": the situation is no part of what is asked). "苏州的外包
    企业，一共有多少家" keeps 苏州: 一共有多少家 names nothing."""
    asked = _asked_part(normalized)
    if asked != normalized:
        return asked
    clauses = _CLAUSE.findall(normalized)
    first = next((i for i, c in enumerate(clauses)
                  if _ASKS_SOMETHING.search(c) or _SUPPOSING.search(c) or _FRAME.search(c)), 0)
    if not first:
        return normalized
    rest = "".join(clauses[first:])
    segmenter, store = retriever.kb.segmenter, retriever.store
    named = {w for w in segmenter.cut(rest) if len(w) >= 2 and w.strip()
             and not segmenter.is_stopword(w) and not segmenter.is_function_word(w)
             and store.mentions(w)}
    return rest if len(named) >= STANDS_ALONE else normalized


@lru_cache(maxsize=1024)  # read by several checks, and per sentence by `_states_asked`
def _asked_part(normalized: str) -> str:
    """The question without the asker's situation: what follows the words that ask it (想问一下),
    when what comes first tells of the asker; else without the opening clauses that ask nothing when the first
    of them tells of the asker (我今年28岁，在青岛做行政，…电脑上得会用哪些软件). The last clause
    always stays."""
    normalized = unframed(normalized)  # "想问一下，我去年在宁波入职…": the frame first
    m = _ASKING.search(normalized)
    told = normalized[:m.start()] if m else ""
    if m and len(normalized) - m.end() >= 6 and _ASKER.search(told) and not _SUPPOSING.search(told):
        return normalized[m.end():]  # not "苏州的外包企业，请问有多少家", which tells of no one
    clauses = _CLAUSE.findall(normalized)
    if not clauses or not _ASKER.search(clauses[0]):
        return normalized
    told = 0
    while told < len(clauses) - 1 and not _ASKS_SOMETHING.search(clauses[told]) and \
            not _SUPPOSING.search(clauses[told]) and not _FRAME.search(clauses[told]):
        told += 1
    return "".join(clauses[told:])


# a body named in full (中金国盛认证中心, 北京赛西认证有限责任公司, 中国电子技术标准化研究院)
_BODY = re.compile(r"[\u4e00-\u9fff]{2,16}?(?:有限责任公司|有限公司|股份公司|公司|认证中心|中心|研究院|"
                   r"研究所|协会|委员会|集团|银行|大学|开发区|园区|高新区|新区)")
BODY_MIN = 6  # characters: a proper name, not 外包公司 or 认证中心
BODY_MAX = 24  # and at most this long (a question may run on for hundreds of characters)


# a body or a programme by its acronym (CESI, CNCA); not a kind of outsourcing or a standard
_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z]{3,8}(?![A-Za-z])")
_KINDS = frozenset({"ITO", "BPO", "KPO", "ISO", "IEC", "GB", "CMMI", "ISMS", "ITSM", "PDCA", "IT"})


def named_bodies(retriever: Retriever, normalized: str) -> list[str]:
    """Bodies the question names in full that a document names too (中金国盛认证中心, 花桥经济开发区)
    or by an acronym a document uses (CESI): a proper name, not a kind of body (外包公司 is no one
    in particular) nor a kind of work (ITO)."""
    out = [a for a in dict.fromkeys(_ACRONYM.findall(normalized))
           if a not in _KINDS and retriever.store.mentions(a)]
    # a body named in English by the glossary's name for it (China Electronics Standardization
    # Institute -> 中国电子技术标准化研究院), as the documents write it
    for m in re.finditer(r"[\u4e00-\u9fff]+", expand_english(normalized)):
        run = m.group(0)
        for end in (b.end() for b in _BODY.finditer(run)):
            # the longest stretch ending at the suffix that a document has
            name = next((run[i:end] for i in range(max(0, end - BODY_MAX), end - BODY_MIN + 1)
                         if retriever.store.mentions(run[i:end])), "")
            if name and name not in out:
                out.append(name)
    return out


def unanchored_figure(retriever: Retriever, result: SearchResult,
                      texts: list[str]) -> list[str]:
    """The places and bodies a figure question names ("香港…有多少家", "中金国盛认证中心…哪一年")
    that no sentence of the best clauses stating such a figure speaks of: the figure they state is
    someone else's (the national count of firms, CESI's founding year). [] when none states one
    (`states_figure` says so) or the question names no one."""
    normalized = result.query.asked
    if not asks_figure(normalized):
        return []
    asked = _asked_part(normalized)  # not where the asker works or when they started, nor
    bodies = named_bodies(retriever, asked)  # what they are making ("我在做一份行业分析PPT")
    bodies += cited_laws(retriever, asked)  # the year 合同法 was passed is not in 第一条
    places = [(zh, n) for zh, n in named_places(retriever, asked)
              if not any(n in b or zh in b for b in bodies)]  # 北京 of 北京赛西认证有限责任公司
    years = list(dict.fromkeys(m.group(0) for m in _YEAR.finditer(asked)))
    by_clause = [[s for s in _said(texts[i:i + 1]) if _states_asked(result.query, s)]
                 for i in range(min(EVIDENCE_DEPTH, len(texts)))]
    stating = [s for clause in by_clause for s in clause]
    if not stating:
        return []
    # a year is often said once for a whole clause ("2014年1至7月，…。截至今年7月底，…26587家")
    clauses = [normalize(t) for t, said in zip(texts, by_clause) if said]
    named = [name for zh, name in places if not any(_said_of(zh, s) for s in stating)] + \
        [b for b in bodies if not any(b.strip("《》").casefold() in s for s in stating)] + \
        [y + "年" for y in years if not any(y in c for c in clauses)]
    said = "".join(b.casefold() for b in bodies) + "".join(zh for zh, _ in places)
    return named + [w for w in _figured_elsewhere(retriever, result, texts, by_clause)
                    if w not in said]  # 花桥 of 昆山花桥经济开发区 is its name


def rule_said(retriever: Retriever, result: SearchResult, texts: list[str]) -> bool:
    """Whether a question that asks whether or what is required and then a figure ("对技术人员有
    没有要求？要多少人？") meets a best clause that speaks of what it asks about (one of its rare
    words, not a word of the document's title): the rule answers it, though no figure is given
    (`kb.answer` says so). "对外语有要求吗？英语要过几级" meets no clause that speaks of 外语."""
    if not texts or not asks_rule_and_figure(result.query.asked):
        return False
    titles = "".join(retriever.store.doc_by_slug[d].title for d in result.named_docs
                     if d in retriever.store.doc_by_slug)
    best = normalize(texts[0]).casefold()
    return any(retriever.is_rare(t) and t not in titles and t in best
               for alts in concept_weights(result.query, retriever.stats) for t in alts)


def _figured_elsewhere(retriever: Retriever, result: SearchResult, texts: list[str],
                       by_clause: list[list[str]]) -> list[str]:
    """The question's rare words that a clause stating the asked figure says only in another of
    its sentences, one with a figure of its own: "国际离岸服务外包合同有多少份" meets all contracts'
    103584份 and, in the next sentence, 离岸 contracts' sum in 亿美元: the count of 离岸 contracts
    is not given. A word no sentence with a figure says (a paraphrase's own word) blames nothing."""
    if len([q for q in _ASKS_SPLIT.split(result.query.asked) if q.strip()]) > 1 or \
            _SEVERAL.search(result.query.asked):
        return []  # two questions in one (or two figures, 份数和金额分别是多少): the other
        # sentence's figure answers the second
    stating = [s for clause in by_clause for s in clause]
    # the best clause stating such a figure speaks for the question: a lower one's other figure
    # (CESI's 1963 in the drafters' clause, beside the 项目组's 2013年5月) blames nothing
    first = next((i for i, clause in enumerate(by_clause) if clause), None)
    dated = "time" in result.query.wants  # else a date is no figure of a sentence's own
    others = [] if first is None else [
        s for s in _said(texts[first:first + 1]) if s not in by_clause[first]
        and carries(_FIGURE, s if dated else _DATED.sub("", s))]
    if not others:
        return []
    out = []
    for alts in concept_weights(result.query, retriever.stats):
        # (where or when the figure is taken, 今年 or 全国, names no other figure's subject; nor
        # what a message tells besides what it asks)
        if not all(retriever.is_rare(t) for t in alts) or any(t in _SCOPE for t in alts) or \
                result.query.asked_part and not any(t in result.query.asked_part for t in alts):
            continue
        if not any(t in s for s in stating for t in alts) and \
                any(t in s for s in others for t in alts):
            out.append(alts[0])
    return [w for w in out if not any(w != o and w in o for o in out)]  # 知识 in 知识流程外包


_ASKS_SPLIT = re.compile(r"[？?]")
_SEVERAL = re.compile(r"分别|各自|各是|\brespectively\b", re.IGNORECASE)  # several figures asked at once


def absent_years(normalized: str, texts: list[str]) -> list[str]:
    """Years the question names ("2020年…是多少？") that none of the best clauses mentions: the
    question is about a time the knowledge base does not cover, however close the rest is."""
    # (not a year the question only puts forward: "是不是2000年以后才出现的？最早是什么年代")
    asked = asked_not_put(_asked_part(normalized))
    years = list(dict.fromkeys(m.group(0) + "年" for m in _YEAR.finditer(asked)))
    shown = " ".join(texts[:EVIDENCE_DEPTH])
    return [y for y in years if y[:-1] not in shown]


_WHOLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?(?:的)?\s*(?:全年|整年|一整年|全年度|年度)|"
                         r"\b(?:full|whole|entire)[\s-]year (?:of )?((?:19|20)\d{2})\b|"
                         r"\b((?:19|20)\d{2}) as a whole\b", re.IGNORECASE)
# a part of a year, right after the year: 2014年1至7月, 2014年上半年, 2014年第一季度, 2014年前7个月
_PART_OF_YEAR = r"\s*年\s*(?:\d{1,2}\s*(?:至|到|-|~)\s*\d{1,2}\s*月|\d{1,2}\s*月|[上下]半年|" \
                r"第?[一二三四1-4]\s*季度|前\s*[\d一二三四五六七八九十]+\s*个?月)"


# a month of a year asked about: 2014年8月, 2014年8月份 (not the start of a span: 2014年1至7月)
_MONTH_ASKED = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:份)?(?!\s*(?:至|到|-|~))")
# the months of a year a question asks about as a span: 2014年8月到12月, 2014年8-12月
_MONTHS_ASKED = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月?\s*(?:至|到|-|~)\s*(\d{1,2})\s*月")
# the months a text speaks of: 1至7月 (each of them), 前7个月 (1 to 7), 7月, 7月底
_MONTH_SPAN = re.compile(r"(\d{1,2})\s*(?:至|到|-|~)\s*(\d{1,2})\s*月|前\s*(\d{1,2})\s*个月|"
                         r"(\d{1,2})\s*月")


# a month asked by itself (2014年7月单月, 7月当月), not the months up to it
_MONTH_ALONE = re.compile(r"单月|当月|这一?个月|一个月(?:内|里)?的|\bin (?:that|the) month alone\b")
_TO_DATE = re.compile(r"\s*(?:底|末|份?以来|为止)")
_YEAR_BEFORE = re.compile(r"((?:19|20)\d{2})\s*年\s*$")
# in English: "August 2014", "Aug. 2014", "in 2014 August" (a span, "January to July 2014", is no
# one month)
_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december")
_EN_MONTH_NAME = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_EN_MONTH_ASKED = re.compile(
    rf"(?<!to )(?<!through )(?<!-)\b{_EN_MONTH_NAME}\s+(?:of\s+)?((?:19|20)\d{{2}})\b"
    rf"(?!\s*(?:to|-|through)\b)|"
    rf"\b((?:19|20)\d{{2}})\s+{_EN_MONTH_NAME}(?!\s*(?:to|-|through)\b)", re.IGNORECASE)


def _month_asked(normalized: str) -> tuple[str, set[int], str] | None:
    """The year and the months a question asks about (one, or a span), and how it writes them."""
    m = _MONTHS_ASKED.search(normalized)
    if m and int(m.group(2)) <= int(m.group(3)):
        return m.group(1), set(range(int(m.group(2)), int(m.group(3)) + 1)), \
            f"{m.group(1)}年{int(m.group(2))}至{int(m.group(3))}月"
    m = _MONTH_ASKED.search(normalized)
    if m:
        return m.group(1), {int(m.group(2))}, f"{m.group(1)}年{int(m.group(2))}月"
    m = _EN_MONTH_ASKED.search(normalized)
    if not m:
        return None
    name, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    month = next(i for i, full in enumerate(_EN_MONTHS, 1) if full.startswith(name.casefold()[:3]))
    return year, {month}, f"{_EN_MONTHS[month - 1].capitalize()} {year}"


def absent_month(normalized: str, texts: list[str], alone: bool = False) -> str:
    """When the question asks about one month of a year (2014年8月份, August 2014), or a span of
    months (2014年8月到12月), and the best clauses speak of that year but not of all those months
    (2014年1至7月, 7月底), or a span only inside theirs (3至5月 of 1至7月): the months as the
    question writes them, else "". With `alone`, the month by itself (2014年7月单月): also when
    the best clause states it only as the end of a span (1至7月, 截至7月底)."""
    asked = _month_asked(normalized)
    if not asked:
        return ""
    year, months, written = asked
    shown = " ".join(normalize(t) for t in texts[:EVIDENCE_DEPTH])
    if year not in shown:
        return ""  # absent_years speaks of the year
    if alone:  # the best clause's figures, not a date elsewhere (the 编制说明's 2014年7月4日)
        shown = normalize(texts[0])
    covered: set[int] = set()
    for x in _MONTH_SPAN.finditer(shown):
        other = _YEAR_BEFORE.search(shown, max(x.start() - 8, 0), x.start())
        if other and other.group(1) != year:
            continue  # 2013年8月 is no month of 2014
        a, b, first, one = x.groups()
        if alone and (not one or _TO_DATE.match(shown, x.end())):
            continue  # 1至7月 and 截至7月底 sum months up to July: no figure of July alone
        span = set(range(int(a), int(b) + 1)) if a else \
            set(range(1, int(first) + 1)) if first else {int(one)}
        if len(months) > 1 and span == months:
            return ""  # the span asked is one the data state
        covered |= span
    # a span is a sum: one inside the data's (3至5月 of 1至7月) is not stated
    return "" if len(months) == 1 and months <= covered else written


def part_of_year(normalized: str, texts: list[str]) -> tuple[str, str]:
    """When the question asks about a whole year (2014年全年, the full year 2014) and the best
    clauses state that year only in part (2014年1至7月): the part they cover, and the year; ("",
    the year) when they mention it only in parts with no figure for it (a month an event is dated
    by); ("", "") otherwise."""
    m = _WHOLE_YEAR.search(normalized)
    if not m:
        return "", ""
    year = next(g for g in m.groups() if g)
    shown = " ".join(normalize(t) for t in texts[:EVIDENCE_DEPTH])
    mentions = [shown[x.start():] for x in re.finditer(year, shown)]
    parts = [re.match(rf"{year}{_PART_OF_YEAR}", t) for t in mentions]
    # every mention of the year is a part of it, with figures for it ("2014年1至7月,…103584份",
    # not "2013年5月,正式成立…项目组", an event): nothing is said of the whole
    if not mentions or not all(parts):
        return "", ""
    figured = any(states_unit(_COUNTING_UNITS, re.split(r"[。；;\n]", t[p.end():], maxsplit=1)[0])
                  for t, p in zip(mentions, parts))
    return (parts[0].group(0) if figured else ""), year


# figures that count or measure something (103584份, 581.4万人, 34.4%, 596.5亿美元), not dates
_COUNTING_UNITS = ["count", "people", "rate", "money"]


def states_figure(result: SearchResult, texts: list[str]) -> bool:
    """False when the question asks for a figure or a date outright (多少, 多久, 哪年, how many) and
    none of the best clauses states one in a sentence: a clause without a number cannot say how
    much ("试用期最长可以约定多久" meets clauses about contracts, none with a duration). When the
    question says what the figure measures (税率, 费用, 多少人, 多久: `kb.intent.figure_units`), the
    sentence must state a figure in that unit."""
    query = result.query
    if not asks_figure(query.asked):
        return True
    return any(_states_asked(query, s) for s in _said(texts))


_FIGURE = frozenset({"number"})
# the words a question names places by (哪些城市): not what it asks about
_PLACE_WORDS = frozenset(PLACE_NOUNS) | frozenset(
    "哪里 country countries region regions city cities market markets".split())


def states_place(retriever: Retriever, result: SearchResult, texts: list[str]) -> bool:
    """False when the question asks which countries, regions or cities (`kb.intent` "place") and
    no sentence of the best clauses names one while saying one of the question's words (aside from
    the words places are named by, 城市, 国家, figures, and words a tenth of all passages have):
    "国家服务外包示范城市有哪些" meets 示范区 in one sentence and 昆山花桥 in another, and no list of
    cities."""
    query = result.query
    if "place" not in query.wants:
        return True
    said_by = [alts for alts in concept_weights(query, retriever.stats)
               if not any(t in _PLACE_WORDS or t.isdigit() for t in alts)
               and any(0 < retriever.stats.share(t) < RARE_SHARE for t in alts)]
    if not said_by:
        return True
    return any(carries(frozenset({"place"}), s) and any(t in s for alts in said_by for t in alts)
               for s in _said(texts))


def named_texts(result: SearchResult, texts: list[str]) -> list[str]:
    """The texts of the best clauses that belong to the documents the question names, when it
    names one and the best clause is in it: "市软件和服务外包企业认定要求…占百分之多少" is not
    answered by a share in the 2014 data. All of them else (a title's words in a question about
    another document: 服务外包从业人员 is not 《服务外包人员岗位职责》)."""
    if not result.named_docs or not result.hits or \
            result.hits[0].clause.doc not in result.named_docs:
        return texts
    own = [t for h, t in zip(result.hits, texts) if h.clause.doc in result.named_docs]
    return own or texts


def _said(texts: list[str]) -> list[str]:
    """The sentences of the best clauses, as `kb.rerank.unit_text` shows them, list numbers aside."""
    return [unit_text(ENUMERATOR.sub("", s)) for t in texts[:EVIDENCE_DEPTH]
            for s in sentences(t)]


_PAGE = re.compile(r"页|\bpages?\b", re.IGNORECASE)
# a contents entry, its heading between its number and its page: "6.1 需求管理 (16)"
_CONTENTS_LINE = re.compile(r"^\s*(?:附录\s*)?[A-Za-z]?(?:\.?\d+)*\s+(\D.*?)\s*[(（]\d+[)）]\s*$")


def _states_asked(query, sentence: str) -> bool:
    """Whether `sentence` states the figure the question asks for: in its unit when it says one (a
    rate wants a percentage, a fee a sum of money, not any number) and, when it says what of
    (税率, 补偿金), speaking of that; else any figure or date of the asked type."""
    if not ENTRY_ASKED.search(query.asked):  # a contents entry's number and page are no
        sentence = _CONTENTS_LINE.sub(r"\1", sentence)  # figure, unless they are what is asked
    if _THRESHOLD.search(query.asked) and not carries(_RULE, sentence):
        return False  # a limit a rule sets ("超过多少需要审核"), which no count or total is
    units = figure_units(query.asked)
    if units:
        of = measured(query.asked) if {"rate", "money"} & set(units) else []
        return states_unit(units, sentence) and (not of or any(p.search(sentence) for p in of))
    wanted = (query.wants & {"number", "time", "code"}) or frozenset({"number"})
    if "time" in wanted and (events := dated_event(_asked_part(query.asked))):
        return carries(wanted, sentence) and any(p.search(sentence) for p in events)
    if "time" not in wanted:  # a count or an amount: the date an event is told under is none
        sentence = _DATED.sub("", sentence)
    return carries(wanted, sentence)


# a limit a rule sets, asked as what crossing it brings ("金额超过多少需要审核", "低于多少分算不合格")
_THRESHOLD = re.compile(r"(?:超过|超出|高于|低于|少于|不足|不到|达到|满)\s*(?:了)?\s*(?:多少|几)"
                        r"[^，,。？?]{0,12}?(?:就|需要|需|要|得|必须|才|算|会|可以|应)")
_RULE = frozenset({"rule"})
# a date (2013年4月, 2014年2~6月, 7月4日, 创建于1963年): what a sentence is dated by, not a count
_DATED = re.compile(r"(?:(?:19|20)\d{2}\s*年)?\s*\d{1,2}\s*(?:[~～至到-]\s*\d{1,2}\s*)?月"
                    r"(?:\s*\d{1,2}\s*[日号])?(?:份|底|末|初)?|(?:19|20)\d{2}\s*年(?:代)?")


def states_procedure(result: SearchResult, texts: list[str]) -> bool:
    """False when the question asks how to apply or file (需要提交哪些材料, 到哪个部门办理) and none of
    the best clauses speaks of materials, offices or filing: requirements are not a procedure."""
    if not asks_procedure(result.query.asked):
        return True
    return any(carries(frozenset({"procedure"}), unit_text(t))
               for t in texts[:EVIDENCE_DEPTH])


# the article in a written item reference ("第7条第二项", "Article 7 item 2"): what is left names the item
_ARTICLE_WRITTEN = re.compile(
    rf"^.*?(?:第\s*{NUM}\s*条|\b(?i:article|art\.)\s*\d+)[\s,，]*(?:的|中的|里的|之)?\s*")


def no_such_clause(retriever: Retriever, result: SearchResult, lang: str) -> str:
    """The question names a clause number that no document (in scope) has: say so, and what the
    named documents do have, instead of quoting some other clause."""
    refs = "、".join(result.missing_refs)
    store = retriever.store
    docs = [store.doc_by_slug[d] for d in result.named_docs if d in store.doc_by_slug]
    # an item of an article that has none, or fewer ("第7条第二项", "第五条第九项"): say what items
    # the article has (it is listed first among the nearest clauses, `Retriever.lookup`)
    notes = []
    for written in result.missing_refs:
        listed = next((h.clause for h in result.hits if h.via == "list"
                       and written.startswith(h.clause.label + "的")), None)
        if listed is not None:  # "绩效考核第5项" of a list of four: what the list has
            n = len(store.children(listed.id)) or inline_items(store.full_text(listed))
            item = written.removeprefix(listed.label + "的")
            notes.append(f"{listed.label} has {n} items only, so no {item}; it is listed first "
                         "under the nearest clauses below." if lang == "en" else
                         f"{listed.label}只有{n}项，没有{item}；该部分全文列在下方“最接近的条款”的首位。")
            continue
        key = next((r.key for r in find_refs(normalize(written))), "")
        article = next((h.clause for h in result.hits if h.via == "article"
                        and key.startswith(h.clause.key + "(")), None)
        if article is None:
            continue
        title = book(article.doc_title)
        items = [c.number.removeprefix(article.number) for c in store.children(article.id)
                 if c.key.startswith(article.key + "(")]
        item = _ARTICLE_WRITTEN.sub("", written) or written  # 第二项, item 2
        if lang == "en":
            notes.append(f"{title} {article.number} has " + (
                f"items {items[0]} to {items[-1]} only" if items else "no items")
                + f", so no {item}; the article is listed first under the nearest clauses below.")
        else:
            notes.append(f"{title}{article.number}" + (
                f"只有{items[0]}至{items[-1]}项" if items else "不分项")
                + f"，没有{item}；该条全文列在下方“最接近的条款”的首位。")
    if notes and len(notes) == len(result.missing_refs):
        return " ".join(notes)
    if not docs:
        return (f"No document in the knowledge base has {refs}." if lang == "en"
                else f"知识库中没有任何文档有{refs}。请核对编号，或在“条款”中浏览文档结构。")
    parts = []
    for d in docs:
        span = store.number_range(d.slug)
        if lang == "en":
            parts.append(f"《{d.title}》 has no {refs}" + (f"; its clauses run from {span[0]} to "
                                                         f"{span[1]}" if span else "") + ".")
        else:
            parts.append(f"《{d.title}》中没有{refs}" + (f"，该文档的条款为{span[0]}至{span[1]}"
                                                    if span else "") + "。")
    return " ".join(parts)
