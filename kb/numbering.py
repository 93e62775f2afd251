"""Clause numbers: Chinese numerals, canonical keys, and clause references inside free text.

Input: strings such as "第十五条", "第15条", "（三）", "6.7", "附录 C", "C.8".
Output: integers and canonical keys ("第15条", "6.7", "附录C", "C.8") used to match a number however it
is written. It does not decide whether a line is a heading (see `kb.parse`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "零〇一二两三四五六七八九十百千"
NUM = rf"(?:[{CN_NUM}]+|\d+)"


def cn_to_int(s: str) -> int:
    """"十五" -> 15, "一百零三" -> 103, "15" -> 15. Raises ValueError for anything else."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if not s or any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in s):
        raise ValueError(f"not a Chinese numeral: {s!r}")
    total, digit = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            total += (digit or 1) * CN_UNITS[ch]
            digit = 0
    return total + digit


def int_to_cn(n: int) -> str:
    """15 -> "十五", 103 -> "一百零三"; a number outside 0–9999 stays in Arabic digits (a hostile
    .docx may start its list at 100000)."""
    if not 0 <= n < 10000:
        return str(n)
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, value)
        if q:
            if zero:
                out += "零"
            out += ("" if (unit == "十" and q == 1 and not out) else digits[q]) + unit
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + digits[n]
    return out


@dataclass(frozen=True)
class ClauseRef:
    """A clause named in free text: its canonical key and where it was found."""

    key: str
    start: int
    end: int
    written: str = ""  # how to name it when the text names several at once ("第5、6条": 第6条)

    def text(self, question: str) -> str:
        """The reference as the question writes it, or as named for one of a list."""
        return self.written or question[self.start:self.end]


# Clause references as people type them in questions and as documents cite each other.
_REF_RE = re.compile(
    rf"(?<!倒数)第\s*(?P<art>{NUM})\s*条(?!件)"  # "倒数第二条" is a position (see kb.query)
    rf"(?:\s*[(（]\s*(?P<item>[{CN_NUM}]+|\d+)\s*[)）]|(?:\s*(?:的|中的|里的|之)\s*第|\s*第?)\s*[(（]?\s*(?P<item2>{NUM})\s*[)）]?\s*[项款])?"
    # 附录C.8, 附录 c.8 and 附录C8 as typed quickly
    rf"|附\s*录\s*(?P<app>[A-Za-z])(?P<appsub>(?:\s*\.\s*\d+)+|\d+(?:\.\d+)*)?(?![A-Za-z])"
    rf"(?:\s*的?\s*第\s*(?P<appitem>{NUM})\s*[项条节个点])?"  # 附录C第7项 = C.7
    # "第6章第5节", "六章五节": a section of a chapter (a standard numbers it 6.5)
    # ("三章两节" without 第 counts parts)
    rf"|(?<!倒数)(?:第\s*(?P<chap>{NUM})|(?<![\d.])(?P<chapd>\d{{1,2}}))\s*章\s*的?\s*第?\s*"
    rf"(?P<sec>{NUM})\s*节"
    rf"|(?<!倒数)第\s*(?P<part>{NUM})\s*(?P<unit>[编章节])"
    rf"|(?<![A-Za-z0-9.])(?P<lettered>[A-Z](?:\.\d+)+)(?![\d.])"
    # an appendix item typed without its dot ("控制项C5", "A1.2"): appendix letters only, and not
    # a paper size, a grade or a licence (A4纸, B2级, C1驾照)
    rf"|(?<![A-Za-z0-9.])(?P<typed>[A-H])(?P<typedsub>\d{{1,2}}(?:\.\d{{1,2}})*)"
    rf"(?![A-Za-z0-9.%]|\s*[纸级类轮版型号驾证])"
    rf"|(?<![A-Za-z0-9.%])(?P<dotted>\d{{1,2}}(?:\.\d{{1,2}})+)(?![\d.%])"
    rf"|(?<![第\d])(?P<bare>\d{{1,3}})\s*条(?!件|款|例)(?:\s*第?\s*(?P<bareitem>{NUM})\s*[项款])?"
    # an article's item as auditors abbreviate it: "5（一）", "5(3)" (article 5, item 1 or 3)
    rf"|(?<![\d.A-Za-z第])(?P<short>\d{{1,2}})\s*[(（]\s*(?P<shortitem>[{CN_NUM}]{{1,3}}|\d{{1,2}})\s*[)）]"
    # in English: "Article 18", "Article 5(3)", "Article 5, item 3", "item 3 of Article 5",
    # "Appendix C", "Annex A.1", "Chapter 7"
    rf"|\b(?i:article|art\.)\s*(?P<en_art>\d{{1,4}})(?:\s*\(\s*(?P<en_item>\d{{1,2}})\s*\)"
    rf"|\s*,?\s*(?i:item|point|paragraph|para\.)\s*(?P<en_item2>\d{{1,2}})\b)?"
    rf"|\b(?i:item|point|paragraph)\s+(?P<en_item3>\d{{1,2}})\s+(?i:of|in)\s+(?i:the\s+)?"
    rf"(?i:article|art\.)\s*(?P<en_art3>\d{{1,4}})\b"
    rf"|\b(?i:appendix|annex)\s+(?P<en_app>[A-Z])(?P<en_appsub>(?:\.\d+)+)?\b"
    rf"|\b(?i:chapter)\s+(?P<en_part>\d{{1,2}})\b"
)


# Several articles under one 条: a list ("第5、6条", "第十四和十五条") or a range ("第5至7条",
# "第五条到第七条", "第5-7条"); each article is a reference over the whole phrase.
# (a list whose articles each say 条, "第五条，第六条", is found article by article)
_AND = r"(?:、|,|，|和|及|以及|与|跟)"
_ARTICLES_RE = re.compile(
    rf"(?<!倒数)第\s*(?P<first>{NUM})\s*"
    rf"(?:(?P<listed>(?:{_AND}\s*第?\s*{NUM}\s*)+)条"
    rf"|(?:条\s*)?(?:到|至|-|－|—|–|~|～)\s*第?\s*(?P<last>{NUM})\s*条)(?!件)"
)
RANGE_MAX = 20  # a range of more articles than this is not expanded ("第1至999条")


def _articles(text: str) -> list[ClauseRef]:
    refs = []
    for m in _ARTICLES_RE.finditer(text):
        first = cn_to_int(m.group("first"))
        if m.group("last"):
            last = cn_to_int(m.group("last"))
            numbers = list(range(first, last + 1)) if 0 < last - first < RANGE_MAX else [first, last]
        else:
            numbers = [first] + [cn_to_int(n) for n in re.findall(NUM, m.group("listed"))]
        refs += [ClauseRef(f"第{n}条", m.start(), m.end(), f"第{n}条") for n in dict.fromkeys(numbers)]
    return refs


# the article next to one named ("第十条后面那条", "第五条的下一条", "第八条前面一条")
_NEXT_TO = re.compile(r"\s*的?\s*(?:(?P<after>后面|后边|之后|下面|下一|后一)|"
                      r"(?P<before>前面|前边|之前|上面|上一|前一))"
                      r"\s*的?\s*(?:那|一)?\s*条(?![件款例])")
_ARTICLE_KEY = re.compile(r"第(\d+)条")


def _next_to(ref: ClauseRef, text: str) -> ClauseRef:
    """The article after or before `ref` when the text says so right after it, else `ref`
    (before 第一条 is 第0条, which no document has)."""
    m = _ARTICLE_KEY.fullmatch(ref.key)
    step = m and _NEXT_TO.match(text, ref.end)
    if not step:
        return ref
    n = int(m.group(1)) + (1 if step.group("after") else -1)
    return ClauseRef(f"第{n}条", ref.start, step.end())


def find_refs(text: str) -> list[ClauseRef]:
    """Clause references in `text` ("第十五条", "第5条(三)", "5（三）", "15条", "6.7", "附录C.8", "C.5",
    "第十条后面那条", and in English "Article 18", "Appendix C", "Chapter 7"); a list or range of
    articles gives each ("第5、6条", "第五条到第七条")."""
    refs = _articles(text)
    for m in _REF_RE.finditer(text):
        key = _ref_key(m)
        if key and not any(r.start <= m.start() and m.end() <= r.end for r in refs):
            refs.append(_next_to(ClauseRef(key, m.start(), m.end()), text))
    refs.sort(key=lambda r: r.start)
    # "第一节（6.1）": the section written both ways is the dotted one
    dotted = [r.key for r in refs if re.fullmatch(r"\d+(?:\.\d+)+", r.key)]
    refs = [r for r in refs if not ((m := re.fullmatch(r"第(\d+)[章节]", r.key)) and
                                    any(d.endswith("." + m.group(1)) for d in dotted))]
    return most_specific(refs)


def is_part(key: str) -> bool:
    """第N编/章/节: a division that some documents number and others do not."""
    return bool(re.fullmatch(r"第\d+[编章节]", key))


def key_variants(key: str) -> list[str]:
    """The keys a reference may be filed under: a law's 第7章 is "第7章", a standard's chapter 7 is
    numbered "7"; a law's 第6章第5节 is filed so (`kb.store`), a standard's is numbered "6.5"."""
    if m := re.fullmatch(r"第(\d+)章第(\d+)节", key):
        return [key, f"{m.group(1)}.{m.group(2)}"]
    # "5.6" is a standard's section, or, where none is so numbered, article 5's item 6 as an
    # auditor abbreviates it (`kb.retrieve` tries the keys in this order)
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})", key):
        return [key, f"第{m.group(1)}条({m.group(2)})"]
    m = re.fullmatch(r"第(\d+)[章节]", key)
    return [key, m.group(1)] if m else [key]


def most_specific(refs: list[ClauseRef]) -> list[ClauseRef]:
    """Drop a reference that another one in the same question lies inside ("附录A的A.1.1" asks for
    A.1.1; "第五条第三项" is already one reference)."""
    def inside(child: str, parent: str) -> bool:
        parent = parent.removeprefix("附录")
        return child != parent and (child.startswith(parent + ".") or
                                    child.startswith(parent + "("))
    return [r for r in refs if not any(inside(o.key, r.key) for o in refs if o is not r)]


def _ref_key(m: re.Match) -> str | None:
    if m.group("art"):
        key = f"第{cn_to_int(m.group('art'))}条"
        item = m.group("item") or m.group("item2")
        if item:
            key += f"({cn_to_int(item)})"
        return key
    if m.group("app"):
        sub = re.sub(r"\s+", "", m.group("appsub") or "")
        if sub and not sub.startswith("."):
            sub = "." + sub  # 附录C8 = C.8
        if m.group("appitem") and not sub:
            sub = f".{cn_to_int(m.group('appitem'))}"
        app = m.group("app").upper()
        return f"{app}{sub}" if sub else f"附录{app}"
    if m.group("chap") or m.group("chapd"):
        return f"第{cn_to_int(m.group('chap') or m.group('chapd'))}章第{cn_to_int(m.group('sec'))}节"
    if m.group("part"):
        return f"第{cn_to_int(m.group('part'))}{m.group('unit')}"
    if m.group("lettered"):
        return m.group("lettered")
    if m.group("typed"):
        return f"{m.group('typed')}.{m.group('typedsub')}"
    if m.group("dotted"):
        return m.group("dotted")
    if m.group("short"):
        return f"第{int(m.group('short'))}条({cn_to_int(m.group('shortitem'))})"
    if m.group("bare"):
        item = m.group("bareitem")
        return f"第{int(m.group('bare'))}条" + (f"({cn_to_int(item)})" if item else "")
    if m.group("en_art") or m.group("en_art3"):
        item = m.group("en_item") or m.group("en_item2") or m.group("en_item3")
        art = m.group("en_art") or m.group("en_art3")
        return f"第{int(art)}条" + (f"({int(item)})" if item else "")
    if m.group("en_app"):
        sub = m.group("en_appsub")
        return f"{m.group('en_app')}{sub}" if sub else f"附录{m.group('en_app')}"
    if m.group("en_part"):
        return f"第{int(m.group('en_part'))}章"
    return None
