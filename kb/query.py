"""A question -> `Query`: everything later stages need to know about it, worked out once.

Input: the question as typed (already checked by `check_question`). Output: a frozen `Query` with
the normalised text (NFKC, traditional -> simplified; a quiz question's lettered options left out),
its language, the keyword text (an English question gets the glossary's Chinese terms appended, a
quiz question its options), the question's own keyword tokens and the
BM25 tokens of the keyword text, the clause references it names (第五条, 6.7, 附录C.8), whether it
asks what a term means and whether it leans on the previous answer ("那第六条呢？"). Retrieval,
answering and the app read these fields and never normalise or segment the question again. It
does not search.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kb.errors import QuestionError
from kb.intent import answer_types
from kb.numbering import NUM, ClauseRef, cn_to_int, find_refs, is_part
from kb.segment import Segmenter, english_terms, expand_english, language_of, normalize, statute_terms
from kb.terms import asks_definition

_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
# "那第六条呢？", "它的施行日期？", "其中第三项呢": a question that leans on the previous answer.
_FOLLOW_UP = re.compile(
    r"^(?:那么?|那个|这个?|该|此|还有|另外)|(?<![尤极])[它其](?![他它余次实])|呢\s*[？?。!！]*\s*$"
)


# "最后一条", "倒数第二条", "第3个", "第五项", "第三部分", "第3种": a position in a list, not a number;
# said as one says it too: 最后那个, 末尾那项, 头一条, 首项
_ORDINAL = re.compile(
    rf"(?:(?P<last>最后|末尾|最末|末)(?:一|那一?|这一?)?|(?P<first>头一|首(?=[条项个步点]))|"
    rf"倒数\s*第\s*(?P<back>{NUM})|第\s*[(（]?\s*(?P<n>{NUM})\s*[)）]?)\s*"
    r"(?P<unit>大(?:项|点|类|块|部分|方面)|条|项|个|点|部分|款|章|节|步|方面|种|类)"
)
# a position the asker asks or says of a list of their own, then what it is ("我只想问最后一个：…",
# "先说第一点，…")
_ASKED_OF_OWN = re.compile(r"(?:问|说|讲|聊)(?:一下|下)?\s*$")
_INTRODUCES = re.compile(r"\s*[:：，,]")
# a superlative right before "the first" ("最要紧的头一项", "最重要的第一件") says which matters most
_FOREMOST = re.compile(r"最[\u4e00-\u9fff]{1,3}的\s*$")
# "排在第三的是哪方面", "排第二的是什么": a place in a list's order with no unit after it (a unit
# makes it an _ORDINAL: 排第5项). Not the first: "排在第一位的工作" asks what matters most.
_RANKED = re.compile(rf"排(?:在|名|行)?\s*第\s*(?P<n>{NUM})\s*(?:位|名)?")
# "一共有多少条", "分了几个小节", "分成几大类": how many parts a document or a list has; the last
# one's number says it, so it is asked as the last position (not 第几条, which asks which, nor
# 精通几项, which asks a figure; 几个方面 is often counted in a sentence of its own)
_COUNT_OF = re.compile(
    r"(?:一共|总共|共|总计|合计|有|分了?|分成了?|分为|列了?|包括|包含|数了|含)\s*(?:多少|几)\s*(?:个)?\s*"
    r"(?P<unit>大(?:项|类|块|部分)|条|项|部分|款|章|小节|节|步|种|类)(?![件目例])")
# 第3大项 / 第二大块: a document's top-level part, as 第三部分 is
_TOP_UNITS = ("条", "部分", "章", "节", "大")
# in English: "the 4th condition", "the second step", "the last item", "the fourth category" (an
# article by number is a reference: "Article 4")
_EN_ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1)}
_EN_ORDINAL = re.compile(
    r"\b(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<word>" + "|".join(_EN_ORDINALS) + r")|(?P<last>last|final))"
    # (with up to two words between: "the last security control item")
    r"(?:\s+[a-z][a-z-]*){0,2}?"
    r"\s+(?P<unit>conditions?|items?|points?|steps?|requirements?|measures?|duties|duty|"
    r"responsibilit(?:y|ies)|categor(?:y|ies)|aspects?|areas?|dimensions?|controls?|stages?|"
    r"tasks?|entr(?:y|ies)|parts?|sections?|chapters?)\b", re.IGNORECASE)
_EN_TOP = ("part", "section", "chapter", "categor")  # a document's own divisions


# the part of a question that describes one of several documents (那份, 这版, 有份 …), between
# clause marks; 这个 and 那个 point at anything ("看到“专职人员”这个要求，出自哪"), so a part that
# only says them describes a document only where it tells documents of one title apart
DESCRIBING = re.compile(r"(?:那|这|有)(?:份|版|套|个|篇|部)")
_DESCRIBES_DOCUMENT = re.compile(r"(?:那|这|有)(?:份|版|套|篇|部)")
CLAUSE_SPLIT = re.compile(r"[，,。？?；;！!]")


def describing_spans(normalized: str) -> list[tuple[int, int]]:
    """Where the question describes which document it means ("工作流程最后一步是“工作总结”的那份
    外包岗位规范里，第四步要做什么": its first part) rather than asks, as (start, end) offsets;
    [] when every part describes (a question of one part asks in it: "有份规范的最后一条是什么")."""
    spans, start = [], 0
    for m in [*CLAUSE_SPLIT.finditer(normalized), None]:
        end = m.start() if m else len(normalized)
        spans.append((start, end, bool(_DESCRIBES_DOCUMENT.search(normalized[start:end]))))
        start = m.end() if m else end
    asking = [s for s in spans if not s[2] and normalized[s[0]:s[1]].strip()]
    return [(a, b) for a, b, d in spans if d] if asking else []


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\b")


@dataclass(frozen=True)
class Ordinal:
    """A position the question asks for: `n` counts from 1, or from the end when negative;
    `top`: among a document's top-level clauses (条, 部分, 章), else among a list's items."""

    n: int
    top: bool
    text: str = ""  # as the question writes it ("第9项")
    count: str = ""  # the unit of a count asked for ("一共有多少条": 条), when it is one


@dataclass(frozen=True)
class Query:
    text: str  # as asked (control characters removed)
    normalized: str  # without a quiz question's options (`quiz_stem`)
    language: str  # "zh" or "en"
    keyword_text: str  # normalized, plus the glossary's Chinese terms for an English question
    tokens: tuple[str, ...]  # keywords of the question itself (what an answer should cover)
    keyword_tokens: tuple[str, ...]  # BM25 tokens of `keyword_text` and of the thesaurus terms
    refs: tuple[ClauseRef, ...]  # clause references it names
    asks_definition: bool
    follow_up: bool
    ordinal: Ordinal | None = None
    wants: frozenset[str] = frozenset()  # answer types it asks for (`kb.intent`)
    # per thesaurus phrase: (its tokens and its terms' tokens, what says it: its words of two or
    # more characters and its terms whole), e.g. ((客户 给 资料 保密 信息 保密信息), (客户 资料 保密信息))
    alternatives: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    # what a message asks (`asked_sentences`), when it tells more: the refusal checks read it
    asked_part: str = ""
    # a quiz question's lettered options, (letter, text) (`quiz_options`)
    options: tuple[tuple[str, str], ...] = ()

    @property
    def asked(self) -> str:
        """What the question asks: a message's asking sentences, else the whole of it."""
        return self.asked_part or self.normalized

    @property
    def coverage_tokens(self) -> list[str]:
        """The tokens whose presence in a clause counts as covering the question: for an English
        question, the Chinese glossary terms and its acronyms (its other English words are in no
        clause)."""
        tokens = list(self.keyword_tokens)
        if self.language == "en" and any(not t.isascii() for t in tokens):
            # acronyms and codes as written (PDCA, ITO, ISO) stand in the documents as they are
            acronyms = {a.casefold() for a in _ACRONYM.findall(self.text)}
            return [t for t in tokens if not t.isascii() or t.casefold() in acronyms]
        return tokens

    @property
    def concepts(self) -> list[tuple[str, ...]]:
        """`coverage_tokens` as the things a clause must say to cover the question: a token on
        its own, or an everyday phrase's tokens together with the thesaurus terms they stand for
        (any one of them covers it), so that expanding a question does not dilute its coverage."""
        out: list[tuple[str, ...]] = []
        for t in self.coverage_tokens:
            group = next((says for members, says in self.alternatives if t in members), (t,))
            if group not in out:
                out.append(group)
        return out


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


_LATIN = re.compile(r"[A-Za-z]{2,}")
_LATIN_RUN = re.compile(r"[A-Za-z]{2,}(?:[ -]+[A-Za-z]{2,})*")


# "把员工培训整个交给第三方", "公司把IT这块交给外面做": outsourcing, in everyday words
_HANDED_OVER = re.compile(
    r"把([\u4e00-\u9fff]{2,8}?|[A-Za-z]{2,8})(?:这块|这一块|这部分|这些|的活儿?|的工作|的事|业务)?"
    r"(?:整个|整体|全部|全都|都|一部分|部分)?(?:交给|包给|外包给|委托给|承包给|转给)"
    r"(?:第三方|外面|外部|外头|别的公司|别家|别人|外人|专业(?:的)?公司|供应商|服务商|外包商)")


def handed_over(normalized: str, written: Callable[[str], bool]) -> list[tuple[str, list[str]]]:
    """The kind of outsourcing a question describes in everyday words, as the documents name it:
    "把员工培训整个交给第三方" -> 培训外包 (the longest ending of the thing handed over that, with
    外包, the documents write). An English name is left alone: the documents' "IT外包" is a title,
    their IT outsourcing is 信息技术外包."""
    out = []
    for m in _HANDED_OVER.finditer(normalized):
        thing = m.group(1)
        if thing.isascii():  # "IT外包" is a document's title; "IT" is 信息技术外包 in the terms
            continue
        for i in range(len(thing) - 1):
            if written(term := thing[i:] + "外包"):
                out.append((m.group(0), [term]))
                break
    return out


# What people wrap a question in when they type it into a chat, and which says nothing of what
# they ask: greetings and politeness (您好, 打扰一下, 请问, 想请教一下, 麻烦帮我查下), who asks or
# for whom (我是新来的, 领导让我问问), thanks and urgency at the end (谢谢, 急, 在线等). Matched
# at the question's start or end only, up to its punctuation; the question without them is what
# is embedded and searched for (`Query.keyword_text`, `Query.tokens`), the question as asked is
# what everything else reads (a frame can still ask: "出自哪一条" says which answer is wanted).
_MARKS = r"\s，,、:：!！~～。.…"  # what stands between a frame and the question
_SEP = rf"[{_MARKS}]*"
_PARTICLES = r"[啦哈呀哦呢嘛~～]*"
_OPENER = re.compile(
    # greetings and who is asking: only as a part of their own ("实习生要签保密协议吗" asks about
    # 实习生; "实习生，…" tells who asks)
    r"^(?:(?:(?:(?:hi|hello|hey|嗨|哈喽|亲|你好|您好|大家好|各位(?:大佬|老师|同事|领导|朋友)?好?|老师们?好|"
    r"(?:早上|上午|中午|下午|晚上)好|在吗|在不在|打扰(?:一下|了|下)?|不好意思|抱歉|劳驾|"
    r"(?:我|本人)?(?:是|刚|才|刚刚)?(?:新来的|新人|新员工|刚入职|入职不久|刚来|实习生|小白)+(?:的)?"
    r")" + _PARTICLES + rf")+[{_MARKS}？?]+)|"
    # asking for help: with or without punctuation after ("请问第五条是什么")
    r"(?:(?:麻烦(?:你|您)?(?:一下|下)?|请问(?:一下|下)?|冒昧(?:问|请教)(?:一下|下|一句)?|"
    r"(?:我)?(?:想|能|能不能|可以|可不可以)?(?:问|请教|咨询|打听|确认)"
    r"(?:一下|下|一句|个事儿?|件事|个问题|一个问题|一件事)|"
    r"(?:请|麻烦|能不能|可以)?(?:帮(?:我|忙)?|替我)(?:查|看|找|问|确认)(?:一下|下|查|看|问)?|"
    r"(?:帮|替)(?:同事|领导|朋友|别人)问(?:的|一下|下)?|"
    r"(?:领导|老板|经理|主管|上级|同事)(?:让|叫|要)我(?:来)?(?:问|查|看|确认)(?:一下|下|问|查|看)?"
    r")" + _PARTICLES + _SEP + r"))+", re.IGNORECASE)
_CLOSER = re.compile(  # (after punctuation or a space: "遇到问题怎么求助" asks for help)
    rf"(?:[{_MARKS}？?]+" r"(?:(?:谢谢|多谢|感谢|thanks|thank you|thx|辛苦了?|辛苦啦|拜托了?|麻烦了|"
    r"(?:很|挺|比较|有点|特别)?急(?:用|急急)?(?:的)?|在线等|求解答|求回复|求助|"
    r"(?:麻烦|请)?(?:尽快|及时)回复(?:一下|下)?|麻烦(?:帮忙)?(?:看看|看下|看一下|回复|解答)(?:一下|下)?|"
    # "…，出自哪条", "…，这是哪一条规定的": which clause says it (read from the question as asked)
    r"(?:这|这个|这一点|这条|这些)?(?:是|在)?(?:出自|来自|依据|见于?)(?:哪一?条|哪个条款|哪一?款|哪一?项|"
    r"哪一?部分|哪一?节|哪个文件|哪份文件|哪里|哪儿|哪)(?:规定)?(?:的)?|"
    r"(?:这|这个|这一点|这条|这些)?(?:是|在)?(?:哪一?条|哪个条款|哪一?款|哪一?项|哪一?部分|哪一?节)"
    r"(?:规定|说|写|里)(?:的)?)"
    + _PARTICLES + rf")+)+[{_MARKS}？?]*$", re.IGNORECASE)


# an answer option of a quiz question pasted whole ("以下哪项属于…？A. … B. … C. … D. …",
# "(A)…(B)…"): a letter, then a mark, not a clause number's dot (附录C.8) and not an appendix's name
# (附录A、附录B). The first must open the list ("(A)", or after the stem's end, a space or a mark)
# (options that are figures, "A.26587份 B.103584份 C.105384份", take three in order: one or two
# such are clause numbers)
_OPTION_MARK = r"(?:\((?P<paren>[A-H])\)|(?<![A-Za-z0-9])(?<!附录)(?P<letter>[A-H])\s*[.、:)]{})"
_OPTIONS = ((re.compile(_OPTION_MARK.format(r"(?!\d)")), "C"), (re.compile(_OPTION_MARK.format("")), "D"))
_OPENS_LIST = re.compile(r"(?:^|[\s？?。:：，,；;)])$")


def _in_order(marks: list[re.Match], text: str) -> list[re.Match]:
    """The marks from the first A that opens a list, then B, C … in order, each after some text."""
    for i, m in enumerate(marks):
        letter = m.group("paren") or m.group("letter")
        if letter != "A" or not (m.group("paren") or _OPENS_LIST.search(text[:m.start()])):
            continue
        kept = [m]
        for m2 in marks[i + 1:]:
            if (m2.group("paren") or m2.group("letter")) == chr(ord("A") + len(kept)) and \
                    text[kept[-1].end():m2.start()].strip(" .、:)(") != "":
                kept.append(m2)
        return kept
    return []


def quiz_stem(normalized: str) -> str:
    """The question before its answer options, when it lists at least two lettered in order from A
    ("…的解释机关是？A. 国家市场监督管理总局 B. 商务部、工业和信息化部 …" -> "…的解释机关是？"); the
    question as is otherwise. The options are the choices offered, not what is asked: a distractor
    names what no document holds (北京, SAP, 三年) and the question is still answerable."""
    for option, least in _OPTIONS:
        marks = _in_order(list(option.finditer(normalized)), normalized)
        stem = normalized[:marks[0].start()].strip() if marks else ""
        if len(marks) >= ord(least) - ord("A") and len(stem) >= 4:
            return stem
    return normalized


def quiz_options(options: str) -> tuple[tuple[str, str], ...]:
    """The lettered options `quiz_stem` left out, as (letter, text): "A. 国务院 B. 商务部" ->
    (("A", "国务院"), ("B", "商务部"))."""
    marks = []
    for option, least in _OPTIONS:
        marks = _in_order(list(option.finditer(options)), options)
        if len(marks) >= ord(least) - ord("A"):
            break
    return tuple((m.group("paren") or m.group("letter"),
                  options[m.end():marks[i + 1].start() if i + 1 < len(marks) else len(options)]
                  .strip(" ;；,，、。"))
                 for i, m in enumerate(marks))


# a sentence of a message (to 。！？ or a line's end; in English to a full stop before a space)
# (not after an abbreviation: "esp. the ones", "i.e. the 中文全称")
_ABBREVIATED = "|".join(rf"(?<=\b{a})" for a in ("esp", "e.g", "i.e", "etc", "vs", "mr", "ms", "mrs",
                                                  "dr", "no", "cf"))
_SENTENCE = re.compile(rf"(?:[^。！!？?\n.]|\.(?=\S)|(?:{_ABBREVIATED})\.)+[。！!？?.\n\s]*",
                       re.IGNORECASE)
# a sentence that asks: a question word or mark (cf. kb.gaps' clause that asks)
# (and A-not-A: 会不会, 算不算; not 好几个, a few)
_ASKS = re.compile(r"([\u4e00-\u9fff])不\1|什么|哪|怎么|如何|怎样|吗|多少|是否|谁|啥|为什么|为何|[？?]|"
                   r"(?<![好十这那前近头])几[个年天次项条位名家%月]|"
                   r"^\s*(?:what|which|how|who|when|why|where|does|do|is|are|can|could|should|"
                   r"must|will|would)\b", re.IGNORECASE)
LONG_MESSAGE = 30  # Chinese characters and English words: a message, not a one-line question
STANDS_ALONE = 2  # telling words an asking sentence names to be asked without the ones before it
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]+")


def asking_sentences(text: str) -> list[str]:
    """The sentences of a text that ask (a question word or mark)."""
    return [s for s in _SENTENCE.findall(text) if s.strip() and _ASKS.search(s)]


def is_message(normalized: str) -> bool:
    """Long enough (`LONG_MESSAGE`) to be a message rather than a one-line question."""
    return len(_CJK.findall(normalized)) + len(_WORD.findall(normalized)) >= LONG_MESSAGE


def message_refs(normalized: str, asked_part: str) -> tuple[ClauseRef, ...]:
    """The clause references of the question; of a message, those its asking sentences name (not a
    quoted contract's 第12.3条 in the sentence a question points back to, nor 月薪1.2万)."""
    asking = asked_part if asked_part == normalized else "".join(asking_sentences(asked_part))
    return tuple(r for r in find_refs(normalized) if normalized[r.start:r.end] in asking)


def asked_sentences(normalized: str, named: Callable[[str], int] | None = None) -> str:
    """A message's sentences that ask ("…上个月成都那个项目超支了20万。岗位规范里这个岗位在成本方面的
    职责是怎么写的？周五前给我答复。" -> the second), each with the sentences before it that it needs
    when it names fewer than `STANDS_ALONE` telling words of the documents (`named` counts them: "…把客户给的
    资料拿到另一个项目里参考。这样做有没有问题?" keeps both); the message as is when it is short (under
    `LONG_MESSAGE`), one sentence, or all or none of it asks. The rest (a deadline, a city, an
    amount, a to-do) is the asker's business, not the question: a city or a figure in it must not
    refuse what is asked, nor a clause number in a quoted contract be looked up."""
    if not is_message(normalized):
        return normalized
    sentences = [s for s in _SENTENCE.findall(normalized) if s.strip()]
    asking = [i for i, s in enumerate(sentences) if _ASKS.search(s)]
    if len(sentences) < 2 or not asking or len(asking) == len(sentences):
        return normalized
    kept = set(asking)
    for i in asking:  # "这样做有没有问题?": what it points at is said before it
        j = i
        while named is not None and j > 0 and named("".join(sentences[j:i + 1])) < STANDS_ALONE:
            j -= 1
            kept.add(j)
    return "".join(s for i, s in enumerate(sentences) if i in kept).strip()


def unframed(normalized: str) -> str:
    """The question without the chat frame around it ("想问一下，X？谢谢" -> "X"); unchanged when
    too little (under four characters) would be left."""
    core = _CLOSER.sub("", _OPENER.sub("", normalized.strip()))
    return core if len(core.strip()) >= 4 else normalized


# a term the asker names, then asks about by 这 / 这个 / 它 and a definition cue ("领导开会时说到离岸
# 外包，这是什么意思", "合同里出现了“转包”，这个词怎么理解"): the term stands in its place
_POINTED_BACK = re.compile(
    r"(?:“(?P<quoted>[^”]{2,20})”|\"(?P<plain>[^\"]{2,20})\"|"
    r"(?:提到|说到|说起|讲到|提起|听到|看到|写着|写了|写的是|出现了?|用了|叫做?|说|提|有个|有一个)\s*"
    r"(?P<named>[A-Za-z0-9\u4e00-\u9fff/\-]{2,16}))"
    r"\s*[，,]\s*(?P<pointer>这个(?:词|说法|概念|术语|名词|东西|玩意儿?)?|这玩意儿?|这东西|这|那个|它)"
    r"(?=\s*(?:到底|究竟|具体|又|一般)?\s*(?:是(?:什么|啥|个啥|个什么|指)|(?:什么|啥)意思|"
    r"指(?:的)?(?:是)?(?:什么|啥)|(?:怎么|如何|咋)(?:理解|讲|解释)|代表(?:什么|啥)))")


def pointed_back(normalized: str) -> str:
    """The question with the term it names put where it points back to it ("客户邮件里提到KPO，
    这是什么" -> "客户邮件里提到KPO，KPO是什么"); unchanged when it does not."""
    m = _POINTED_BACK.search(normalized)
    if not m:
        return normalized
    term = m.group("quoted") or m.group("plain") or m.group("named")
    return normalized[:m.start("pointer")] + term + normalized[m.end("pointer"):]


def make_query(text: str, segmenter: Segmenter, written: Callable[[str], bool] | None = None,
               titles: Callable[[str], list[tuple[str, list[str]]]] | None = None,
               telling: Callable[[str], list[str]] | None = None) -> Query:
    """`written`: whether the documents write a word as is (an English word in a Chinese
    question is glossed when they do not); `titles`: the document titles a question abbreviates
    ("信保规定"), as (the abbreviation, the title's words), searched for as a thesaurus phrase is;
    `telling`: the words of a text that say what it is about (`Retriever.telling_words`; what a
    message's sentence names, `asked_sentences`)."""
    normalized = pointed_back(normalize(text))
    # a quiz question's options are choices, not what is asked: the stem is the question; the
    # options only join the words searched for, as the glossary's terms do
    stem = quiz_stem(normalized)
    options, normalized = normalized[len(stem):].strip(), stem
    # a message: what it asks, for the checks that refuse (a city or a figure it tells of is not
    # asked) and for the clause numbers it names (a quoted contract's 第12.3条 is not asked for)
    asked_part = asked_sentences(normalized, telling and (lambda sentence: len(set(telling(sentence)))))
    language = language_of(text)
    asked = unframed(normalized)
    keyword_text = expand_english(asked) if language == "en" else asked
    if language != "en" and written:  # "新员工要签NDA吗": the glossary's 保密协议 for what the
        # documents do not write as is (they write CMMI, and it needs no help)
        # a run of English words is glossed phrase first ("career path" 职业发展 晋升空间, not
        # career's and path's), each word alone otherwise
        glossed = []
        for run in dict.fromkeys(_LATIN_RUN.findall(asked)):
            words = [w for w in _LATIN.findall(run) if not written(w)]
            if " " in run and words:
                glossed += expand_english(run).removeprefix(run).split()
            else:
                glossed += [t for w in words for t in english_terms(w)]
        keyword_text = " ".join([asked, *glossed])
    if options:
        keyword_text = f"{keyword_text} {options}"
    tokens = tuple(segmenter.tokens(asked, is_normalized=True))
    keyword_tokens = tokens if keyword_text == asked else \
        tuple(segmenter.tokens(keyword_text, is_normalized=True))
    groups = []
    pairs = statute_terms(asked, segmenter.inside_words(asked))
    pairs += handed_over(asked, written) if written else []
    pairs += titles(normalized) if titles else []
    for phrase, terms in pairs:
        added = [t for t in segmenter.tokens(" ".join(terms), is_normalized=True)
                 if t not in keyword_tokens]
        keyword_tokens += tuple(added)
        # the phrase's words as cut alone and as cut in the question ("回得慢" cuts 回得, "回得" alone
        # 回 得): both are the phrase
        own = [*segmenter.tokens(phrase, is_normalized=True),
               *(t for t in tokens if any(t in part for part in phrase.split("…")))]
        # the phrase's words (客户, 资料) or one of its terms as a whole (保密信息) say it
        groups.append((tuple(dict.fromkeys([*own, *added])),
                       tuple(dict.fromkeys([*(t for t in own if len(t) > 1), *terms]))))
    refs = message_refs(normalized, asked_part)
    return Query(text, normalized, language, keyword_text, tokens, keyword_tokens, refs,
                 asks_definition(normalized), is_follow_up(normalized),
                 find_ordinal(normalized, refs), answer_types(normalized), tuple(groups),
                 "" if asked_part == normalized else asked_part, quiz_options(options))


def find_ordinal(normalized: str, refs: tuple[ClauseRef, ...] = ()) -> Ordinal | None:
    """The first position asked for outside the clause references ("第五条第三项" is a
    reference, not an ordinal) and outside what describes a document (最后一步是…的那份规范)."""
    described = describing_spans(normalized)
    for m in _ORDINAL.finditer(normalized):
        if any(r.start <= m.start() < r.end and not is_part(r.key) for r in refs):
            continue  # "第五条第三项" is a reference; "第二章" may be either (lookup first)
        if any(a <= m.start() < b for a, b in described):
            continue
        try:
            if m.group("last"):
                n = -1
            elif m.group("first"):
                n = 1
            elif m.group("back"):
                n = -cn_to_int(m.group("back"))
            else:
                n = cn_to_int(m.group("n"))
        except ValueError:
            continue
        if n == 1 and _FOREMOST.search(normalized, 0, m.start()):
            continue  # "最要紧的头一项工作": the foremost, not the first of a list
        if _ASKED_OF_OWN.search(normalized, 0, m.start()) and \
                _INTRODUCES.match(normalized, m.end()):
            continue  # "我只想问最后一个：行业协会可以做什么": the last of the asker's own list
        if n:
            return Ordinal(n, m.group("unit").startswith(_TOP_UNITS), m.group(0))
    m = _RANKED.search(normalized)
    if m:
        try:
            n = cn_to_int(m.group("n"))
        except ValueError:
            n = 0
        if n > 1:
            return Ordinal(n, False, m.group(0))
    m = _EN_ORDINAL.search(normalized)
    if m:
        n = -1 if m.group("last") else int(m.group("n")) if m.group("n") else \
            _EN_ORDINALS[m.group("word").lower()]
        if n:
            return Ordinal(n, m.group("unit").lower().startswith(_EN_TOP), m.group(0))
    m = _COUNT_OF.search(normalized)
    if m:
        unit = m.group("unit")
        return Ordinal(-1, unit.startswith(_TOP_UNITS) and unit != "小节", m.group(0),
                       count=unit.removeprefix("大") if len(unit) > 1 else unit)
    return None


def is_follow_up(normalized: str) -> bool:
    return bool(_FOLLOW_UP.search(normalized.strip()))
