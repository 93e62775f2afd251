"""Clauses -> terminology records, and questions -> the term they ask about.

Input: parsed clauses. Output: `Term` records (the term, its abbreviations and English forms, the
defining sentence verbatim, and the clause it comes from), found by the way Chinese texts define
things: "X是指/系指/指/就是/可理解为…", "本规定所称X是指…", "X(Information Technology Outsourcing,
ITO)是指…", "…(以下称X)". It does not rank clauses (see `kb.retrieve`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.parse import Clause, full_text, sentences
from kb.segment import CJK, english_terms

_TERM_CHAR = r"[^\W\d_的应或和与及在将把对为是了着这那其并且但而从向于以等]"
_DEFINITION = re.compile(
    rf"^(?:本\w{{0,6}}?所称(?:的)?)?[“\"]?(?P<term>[A-Za-z]{{0,6}}{_TERM_CHAR}{{2,12}}?)[”\"]?\s*"
    r"(?P<en>[A-Za-z][A-Za-z \-]{1,60}?)?\s*"
    r"(?:[(（](?P<paren>[^)）]{1,80})[)）])?\s*[,，]?\s*"
    r"(?:系指|是指|指的是|就是|可理解为|指(?![定出导挥示标南令引]))"
)
# "…或由服务商进一步转移给另一服务商(即“转包”)": the sentence says what the quoted name means
_NAMELY = re.compile(r"[(（]即\s*[“\"](?P<term>[^)）”\"]{1,10})[”\"]\s*[)）]")
_HEREAFTER = re.compile(r"[(（]以下(?:简)?称[“\"]?(?P<term>[^)）”\"]{1,10})[”\"]?[)）]")
# what asks the meaning of the term after it (什么是X, 什么叫X, 何为X; 为什么叫 asks why)
MEANING_BEFORE = r"什么是|何谓|啥是|(?<!为)(?:什么|啥)叫(?:做)?|何为"
_CUE = re.compile(
    MEANING_BEFORE + r"|是什么|是啥|定义|含义|涵义|意思|指什么|指的?是?啥|指的什么|是指|何谓|何解|"
    r"(?:如何|怎么|怎样|咋)(?:理解|解释|解读)|理解为|解释下|的概念|是(?:个|一个)(?:什么|啥)|"
    r"指的是谁|指谁|是谁|指的?是?(?:哪些|哪类|哪种|哪一类|哪一种|什么样|哪一?方)|缩写|简称|全称|(?:包括|包含|涵盖|覆盖)了?哪些|中文名|英文名|"
    # "BPO是干嘛的", "接包方这个词怎么讲", "KPO翻成中文叫什么"
    r"是(?:干嘛|干什么|干啥|做什么|做啥)的|(?:词|说法|术语|概念)(?:该|应该)?(?:怎么|如何|咋)讲|"
    r"(?:翻|翻译|译)成(?:中文|英文)|"
    r"(?:中文|英文)(?:里|中)?(?:叫|名字|全名|怎么说)|解释一下|(?:怎么|如何|怎样)(?:定义|界定)|\bwhat\s+(?:is|are|does)\b|\bwhat's\b|(?<![a-z])defin|(?<![a-z])meaning\b|"
    r"\bstands?\s+for\b|\bmeant?\s+by\b|\brefers?\s+to\b|\bexplain\b|\bcounts?\s+as\b|"
    r"\bwho\s+(?:can|may|could)\s+(?:act|serve|be)\s+as\b|\b(?:is|are)\s+(?:treated|regarded|considered)\s+as\b|"
    r"\bwhat\s+(?:exactly|actually|really)\s+(?:is|are)\b|\bwho\s+(?:is|are)\b|\bwhat\s+does\b.*\b(?:cover|include)s?\b",
    re.I,
)


# "开发能力成熟度模型集成(CMMI)", "知识流程外包(KPO)": a name with its abbreviation, inline.
_ABBREVIATION = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,16})[(（](?P<abbr>[A-Z][A-Za-z0-9/]{1,11})[)）]")
# "中国电子技术标准化研究院(工业和信息化部电子第四研究院,简称CESI)": a name, perhaps another name
# of the same body, and the short name it goes by (以下简称 is a naming, `_HEREAFTER`).
_SHORT_NAME = re.compile(
    r"[(（](?P<other>[\u4e00-\u9fff]{2,30}[,，、])?\s*(?<!以下)简称\s*[“\"]?(?P<abbr>[^)）”\"，,]{2,12})[”\"]?[)）]")
# What comes before a name in a running sentence: "为促进…", "经…", "…向…" are not part of it.
_LEAD = re.compile(r"^(?:.*?(?:为促进|为了|通过合同向|包括)|经|向|由|为)")
_SEGMENT_END = re.compile(r"[,，。;；:：(（)）]")
_LIST_END = re.compile(r"[,，。;；:：、(（)）]")


@dataclass(frozen=True)
class Term:
    term: str
    aliases: tuple[str, ...]
    definition: str  # verbatim: the defining sentence (with its items), or the naming phrase
    clause_id: str
    kind: str = "definition"  # "definition", "hereafter" (以下称X) or "abbreviation" (名称(ABC))


def extract_terms(clauses: list[Clause]) -> list[Term]:
    """Every term a clause defines ("X是指…"), names for later use ("…(以下称X)") or abbreviates
    ("知识流程外包(KPO)"), with the words that do it, verbatim. A definition that introduces a
    list ("保密信息是指符合以下条件的业务资料或数据：") carries its items."""
    children: dict[str | None, list[Clause]] = {}
    for c in clauses:
        children.setdefault(c.parent, []).append(c)
    terms: list[Term] = []
    seen: set[tuple[str, str]] = set()
    named: set[str] = set()

    def add(term: str, aliases, definition: str, clause: Clause, kind: str) -> None:
        if (term, clause.id) in seen:
            return
        seen.add((term, clause.id))
        named.update([term, *aliases])
        clean = tuple(dict.fromkeys(a for a in aliases if a and a != term))
        terms.append(Term(term, clean, definition, clause.id, kind))

    for c in clauses:
        if c.title_only:
            continue
        for sentence in sentences(c.text, ends="。！？"):
            if m := _DEFINITION.match(sentence):
                aliases = []
                if m.group("en"):
                    aliases.append(m.group("en").strip())
                if m.group("paren"):
                    aliases.extend(a.strip() for a in re.split(r"[,，、;；]", m.group("paren")))
                add(m.group("term"), aliases, _with_items(sentence, c, children), c, "definition")
    for c in clauses:  # namings and abbreviations, for terms no sentence defines
        if c.title_only:
            continue
        for sentence in sentences(c.text, ends="。！？"):
            for n in _NAMELY.finditer(sentence):
                if n.group("term") not in named:
                    add(n.group("term"), [], _with_items(sentence, c, children), c, "definition")
            for h in _HEREAFTER.finditer(sentence):
                phrase = _phrase_before(sentence, h.start())
                if phrase and h.group("term") not in named:
                    add(h.group("term"), [phrase], phrase + h.group(0), c, "hereafter")
            for a in _SHORT_NAME.finditer(sentence):
                name = _phrase_before(sentence, a.start(), _LIST_END)
                other = (a.group("other") or "")[:-1]
                if name and a.group("abbr") not in named and name not in named:
                    add(name, [other, a.group("abbr")], name + a.group(0), c, "abbreviation")
            for a in _ABBREVIATION.finditer(sentence):
                name = _phrase_before(sentence, a.start("abbr") - 1, _LIST_END)
                if name and a.group("abbr") not in named and name not in named:
                    add(name, [a.group("abbr")], f"{name}{sentence[a.start('abbr') - 1:a.end()]}",
                        c, "abbreviation")
    return terms


def _phrase_before(sentence: str, end: int, ends: re.Pattern = _SEGMENT_END) -> str:
    """The noun phrase that ends at `end`: back to the previous punctuation, without a leading
    "为促进" / "经" / "向" ("为促进承接服务外包业务的中国境内企业" -> "承接服务外包业务的中国境内企业")."""
    start = max((m.end() for m in ends.finditer(sentence, 0, end)), default=0)
    segment = sentence[start:end]
    phrase = _LEAD.sub("", segment).strip()
    return phrase if 2 <= len(phrase) <= 40 else ""


def _with_items(sentence: str, clause: Clause, children: dict) -> str:
    """A definition ending in a colon introduces a list: the list's items follow it."""
    if not sentence.rstrip().endswith((":", "：")):
        return sentence
    whole = full_text(clause, lambda cid: children.get(cid, []))  # items numbered as cited
    items = whole.splitlines()[len(clause.text.splitlines()):]
    if not items:
        lines = clause.text.splitlines()
        at = next((i for i, line in enumerate(lines) if sentence in line), None)
        items = lines[at + 1:] if at is not None else []
    return "\n".join([sentence, *items])


_AFTER_TERM = re.compile(
    # a term may be followed by a comma, after its closing quote too ("老说“接包方”，到底指的是谁",
    # "岗位职责里讲的服务外包,包括哪些业务")
    r"^(?:[”\"’'」』]\s*)?[,，]?\s*(?:(?:这个|这一|这种|一)(?:词|说法|术语|名词|概念|提法|叫法|词语))?\s*(?:的)?\s*"
    # what it takes in (发包方的范围包括哪些)
    r"(?:(?:范围|外延)\s*)?"
    # where it is defined: 在这个规定里, 在若干规定中, 术语里
    r"(?:在[^,，。？?]{0,12}?(?:里面|当中|里|中)\s*(?:的)?|"
    r"\s*[\u4e00-\u9fff]{1,8}?(?:里面|里)\s*(?:的)?)?\s*"
    r"(?:一般|通常|具体|到底|究竟)?\s*"
    # 是什么 ends the question or says 意思/东西; 是什么地位 asks about 地位, not the term
    r"(?:是(?:什么|啥)(?=意思|含义|概念|东西|样的|呢|啊|呀|[^\u4e00-\u9fff]|$)|(?:什么|啥)(?=意思|含义)|"
    r"是(?:个|一个)(?:什么|啥)(?=东西|玩意|概念|意思|呢|啊|呀|[^\u4e00-\u9fff]|$)|是?何(?:含义|意|解)|"
    r"(?:所?下的?)?定义|含义|涵义|意思|指什么|指的?是?啥|指的什么|是指|指的是|是何意|的?概念|"
    r"(?:是|应|应该|该|要)?(?:如何|怎么|怎样|咋)(?:理解|解释|解读)|definition(?![a-z])|meaning(?![a-z])|"
    r"是(?:干嘛|干什么|干啥|做什么|做啥)的|(?:该|应该)?(?:怎么|如何|咋)讲|"
    r"(?:翻|翻译|译)成(?:中文|英文)(?:叫(?:做)?(?:什么|啥)|是(?:什么|啥)|怎么说)?|"
    r"(?:是|应|应该|该|要)?(?:怎么|如何|怎样)(?:定义|界定)|指的?是?谁|是谁|指的?是?(?:哪些|哪类|哪种|哪一类|哪一种|什么样的?|哪一?方)|是(?:什么|啥|哪)[^,，。？?]{0,8}?的(?:英文|中文|英语)?(?:缩写|简称)|(?:对应|相应)?的?(?:英文|中文)?(?:全称|缩写|简称)|(?:包括|包含|涵盖|覆盖)了?哪些|"
    r"(?:对应|相应)?的?(?:中文|英文)(?:名称?|名字|全名)|的?(?:用|在)?(?:中文|英文)(?:里|中)?(?:叫(?:做)?(?:什么|啥)|怎么说)|"
    r"\s+(?:mean|means|stand for|stands for)\b)"
)
_BEFORE_TERM = re.compile(
    r"(?:" + MEANING_BEFORE + r"|解释一下|解释下|介绍一下|"
    r"\bwhat\s+is(?:\s+meant\s+by)?|\bwhat\s+are|\bwhat's|\bdefine|"
    r"\bdefinition\s+of|\bmeaning\s+of|\bexplain)\s*(?:the\s+|an?\s+)?[“\"‘']?\s*$"
)


_ENGLISH_ASK = re.compile(
    r"(?:\bwhat\s+is(?:\s+meant\s+by)?|\bwhat\s+are|\bwhat's|\bwho\s+(?:is|are)|\bdefine|\bmeaning\s+of|"
    r"\bdefinition\s+of|\bexplain)\s+"
    r"(?:the\s+|an?\s+)?([a-z][a-z \-]*?)\s*[?.!]*$"
)
# the words around an English term in a definition question ("what do we mean by X", "X meaning",
# "how is X defined", "what counts as X"): the term is the first run of the other words
_ENGLISH_FRAME = frozenset(
    "what what's whats does do did is are was the a an this that term terms word words phrase "
    "expression concept notion mean means meaning meant by of definition define defined explain "
    "exactly actually really could would can you please tell me we us our how count counts as who "
    "under according per within from about on at "
    "refer refers referred to stand stands for cover covers include includes in here "
    # who can act as X, who is treated as X
    "act acts serve serves be considered regarded treated qualify qualifies".split())
# where a question is asked ("Under the information-protection rules, who …"): no term
_WHERE_ASKED = re.compile(r"^\s*(?:under|according to|in|within|per|for the purposes of)\b[^,?]{0,80},")


_GLOSS = re.compile(r"[(（][^)）]*[)）]")


def _english_term_phrase(q: str) -> str:
    """The first run of words in an English question that are not its asking frame (the term
    comes first: "what does ITO stand for in service outsourcing")."""
    if CJK.search(_GLOSS.sub("", q)):  # (a Chinese gloss in brackets: "the vendor (接包方)")
        return ""
    q = _WHERE_ASKED.sub(" ", _GLOSS.sub(" ", q))
    run: list[str] = []
    for w in re.findall(r"[a-z][a-z\-]*", q):
        if w not in _ENGLISH_FRAME:
            run.append(w)
        elif run:
            break
    return " ".join(run)


_BARE = re.compile(r"[\s?？!！。.,，、“”\"'‘’]+")


def bare_key(text: str) -> str:
    """A question or a term's name without spaces, punctuation and case: "ITO?" -> "ito"."""
    return _BARE.sub("", text).casefold()


def bare_index(terms: list[Term]) -> dict[str, list[Term]]:
    """Each term under the `bare_key` of its name and aliases, built once per knowledge base: a
    question that is a term and nothing else ("ITO?", "离岸外包") is then one lookup, however many
    terms a law corpus defines."""
    out: dict[str, list[Term]] = {}
    for t in terms:
        for key in dict.fromkeys(bare_key(n) for n in (t.term, *t.aliases)):
            if len(key) >= 2:
                out.setdefault(key, []).append(t)
    return out


def asks_definition(normalized: str) -> bool:
    """Whether a question (normalised, see `kb.segment.normalize`) asks what a term means."""
    return bool(_CUE.search(normalized))


def match_terms(normalized: str, terms: list[Term]) -> list[Term]:
    """Definitions of the term that a question (normalised) asks about: the longest term (or
    abbreviation, or English form) that stands next to a definition cue ("什么是X", "X是什么意思",
    "X的定义", "What is X"); an empty list when the question is not about a term's meaning."""
    q = normalized.casefold()
    asked = _ENGLISH_ASK.search(q)  # "what is offshore outsourcing", "what does X mean"
    glossed = (asked and english_terms(asked.group(1))) or english_terms(_english_term_phrase(q))
    best_len = 0
    best: list[Term] = []
    for t in terms:
        for name in (t.term, *t.aliases):
            n = name.casefold()
            if len(n) < 2 or not (_asked_about(q, n) or n in glossed or any(
                    _asked_about(q, v) for v in _spoken_forms(n) if "的" in q)):
                continue
            t = _owner(q, n, terms) or t  # "政府服务外包的发包方是谁": 政府服务外包's 发包方
            if len(n) > best_len:
                best_len, best = len(n), [t]
            elif len(n) == best_len and t not in best:
                best.append(t)
    return best


def _spoken_forms(name: str) -> list[str]:
    """A term of two words as it is said with 的 between them ("保密的信息" for 保密信息, "离岸的外包"):
    each split of a Chinese term of four to eight characters into parts of two or more."""
    if not 4 <= len(name) <= 8 or not all("\u4e00" <= ch <= "\u9fff" for ch in name):
        return []
    return [f"{name[:i]}的{name[i:]}" for i in range(2, len(name) - 1)]


# "接包方、发包方分别是什么": the terms named before 分别 / 各自 and a definition cue
_EACH = re.compile(r"([^，,。？?；;：:]{4,60}?)\s*(?:分别|各自)\s*(?=是|指|叫|代表|什么|啥|怎么|如何)")
_JOINERS = re.compile(r"以及|还有|[和与及跟、,，/\s的]")


def listed_terms(normalized: str, terms: list[Term]) -> list[Term]:
    """The definitions of two or more terms a question lists and asks about each of ("接包方发包方
    分别是啥", "ITO、BPO各自指什么"), in the order named; [] unless the list is terms (or their
    abbreviations) as written, with nothing but joiners between and after them."""
    m = _EACH.search(normalized.casefold())
    if not m:
        return []
    rest = m.group(1)
    names = sorted({n.casefold() for t in terms for n in (t.term, *t.aliases) if len(n) >= 2},
                   key=len, reverse=True)
    found: list[tuple[int, str]] = []
    for n in names:
        at = rest.find(n)
        while at >= 0:
            found.append((at, n))
            rest = rest[:at] + "\0" * len(n) + rest[at + len(n):]
            at = rest.find(n)
    # from the first term on, nothing but terms and joiners ("接包方发包方的义务" lists no terms)
    if len(found) < 2 or _JOINERS.sub("", rest[min(found)[0]:].replace("\0", "")):
        return []
    out: list[Term] = []
    for _, n in sorted(found):
        out += [t for t in terms if n in (x.casefold() for x in (t.term, *t.aliases))
                and t not in out]
    return out


# "A和B有什么区别": a comparison of two things, each of them between the marks
COMPARED = re.compile(
    r"([^，,。？?；;：:]{2,24}?)(?:和|与|跟|同)([^，,。？?；;：:]{2,24}?)"
    # "…与GB/T24405.1-2009相比，有何不同": 相比 is not part of the side (a comma only after it:
    # else "A和B" of an earlier clause would be compared; a bare 比 is left alone: it cost an
    # unseen question its answer)
    r"(?:(?:相比较?|比较|对比|比起来)[，,]?)?\s*"
    r"(?:在[^，,。？?]{0,12}?(?:上|方面))?(?:之间)?(?:的|有)?(?:什么|哪些|啥|何)?(?:主要|根本|本质)?的?"
    r"(?:区别|不同|差异|差别|异同)")

_COMPARED_EN = re.compile(
    r"\bdifferen(?:ce|ces|t)\s+between\s+(?:the\s+)?(.{2,40}?)\s+and\s+(?:the\s+)?(.{2,40}?)\s*[?.!]*$|"
    r"\bhow\s+(?:does|do|is|are)\s+(?:the\s+)?(.{2,40}?)\s+differ(?:ent)?\s+from\s+(?:the\s+)?(.{2,40}?)\s*[?.!]*$",
    re.I)


_GLOSSED = re.compile(r"\s*[(（][^()（）]{1,20}[)）]\s*$")


def compared_terms(normalized: str, terms: list[Term]) -> list[Term]:
    """The definitions of both sides of a comparison of two defined terms ("ITO和BPO有什么区别"
    -> 信息技术外包 and 业务流程外包: the difference is in their definitions); an empty list unless
    each side is a term (or its abbreviation) as written."""
    m = COMPARED.search(normalized) or _COMPARED_EN.search(normalized)
    if not m:
        return []
    out: list[Term] = []
    for side in filter(None, m.groups()):
        side = side.strip(" “”\"'《》的").casefold()
        # (a side may carry its abbreviation in brackets: 业务流程外包（BPO）)
        named = [t for t in terms if side in (n.casefold() for n in (t.term, *t.aliases))] or \
            [t for t in terms if _GLOSSED.sub("", side) in (n.casefold() for n in (t.term, *t.aliases))]
        if not named:
            return []
        out += [t for t in named if t not in out]
    return out


# what stands between a term and another term it has: 政府服务外包的发包方, 离岸外包里的外包商
_OWNS = re.compile(r"\s*(?:的|里面的?|里的?|中的?|当中的?)[\s,，]*$")


def _owner(q: str, name: str, terms: list[Term]) -> Term | None:
    """The term a question names right before `name` as the one that has it ("政府服务外包的发包方
    是谁": who the client is in government outsourcing), when that term's definition speaks of
    `name`: the question asks about the first term, not what `name` means in general."""
    at = q.find(name)
    owns = _OWNS.search(q[:at]) if at > 0 else None
    if not owns:
        return None
    before = q[: owns.start()]
    for t in terms:
        if any(len(o) >= 2 and o.casefold() != name and before.endswith(o.casefold())
               for o in (t.term, *t.aliases)) and name in t.definition.casefold():
            return t
    return None


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
