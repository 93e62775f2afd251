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


# Clause references as people type them in questions and as documents cite each other.
_REF_RE = re.compile(
    rf"(?<!倒数)第\s*(?P<art>{NUM})\s*条"  # "倒数第二条" is a position (see kb.query)
    rf"(?:\s*[(（]\s*(?P<item>[{CN_NUM}]+|\d+)\s*[)）]|\s*第\s*[(（]?\s*(?P<item2>{NUM})\s*[)）]?\s*[项款])?"
    rf"|附\s*录\s*(?P<app>[A-Z])(?P<appsub>(?:\s*\.\s*\d+)+)?(?![A-Za-z])"
    rf"(?:\s*的?\s*第\s*(?P<appitem>{NUM})\s*[项条节个点])?"  # 附录C第7项 = C.7
    rf"|(?<!倒数)第\s*(?P<part>{NUM})\s*(?P<unit>[编章节])"
    rf"|(?<![A-Za-z0-9.])(?P<lettered>[A-Z](?:\.\d+)+)(?![\d.])"
    rf"|(?<![A-Za-z0-9.%])(?P<dotted>\d{{1,2}}(?:\.\d{{1,2}})+)(?![\d.%])"
    rf"|(?<![第\d])(?P<bare>\d{{1,3}})\s*条(?!件|款|例)"
    # in English: "Article 18", "Article 5(3)", "Appendix C", "Annex A.1", "Chapter 7"
    rf"|\b(?i:article|art\.)\s*(?P<en_art>\d{{1,4}})(?:\s*\(\s*(?P<en_item>\d{{1,2}})\s*\))?"
    rf"|\b(?i:appendix|annex)\s+(?P<en_app>[A-Z])(?P<en_appsub>(?:\.\d+)+)?\b"
    rf"|\b(?i:chapter)\s+(?P<en_part>\d{{1,2}})\b"
)


def find_refs(text: str) -> list[ClauseRef]:
    """Clause references in `text` ("第十五条", "第5条(三)", "15条", "6.7", "附录C.8", "C.5", and
    in English "Article 18", "Appendix C", "Chapter 7")."""
    refs = []
    for m in _REF_RE.finditer(text):
        key = _ref_key(m)
        if key:
            refs.append(ClauseRef(key, m.start(), m.end()))
    return most_specific(refs)


def is_part(key: str) -> bool:
    """第N编/章/节: a division that some documents number and others do not."""
    return bool(re.fullmatch(r"第\d+[编章节]", key))


def key_variants(key: str) -> list[str]:
    """The keys a reference may be filed under: a law's 第7章 is "第7章", a standard's chapter 7 is
    numbered "7"."""
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
        if m.group("appitem") and not sub:
            sub = f".{cn_to_int(m.group('appitem'))}"
        return f"{m.group('app')}{sub}" if sub else f"附录{m.group('app')}"
    if m.group("part"):
        return f"第{cn_to_int(m.group('part'))}{m.group('unit')}"
    if m.group("lettered"):
        return m.group("lettered")
    if m.group("dotted"):
        return m.group("dotted")
    if m.group("bare"):
        return f"第{int(m.group('bare'))}条"
    if m.group("en_art"):
        item = m.group("en_item")
        return f"第{int(m.group('en_art'))}条" + (f"({int(item)})" if item else "")
    if m.group("en_app"):
        sub = m.group("en_appsub")
        return f"{m.group('en_app')}{sub}" if sub else f"附录{m.group('en_app')}"
    if m.group("en_part"):
        return f"第{int(m.group('en_part'))}章"
    return None
