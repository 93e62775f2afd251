"""Text -> normalised text and keyword tokens for BM25.

Input: any question or passage. Output: NFKC-normalised simplified Chinese text (traditional
characters mapped through OpenCC, only when the text has any), and a list of tokens: jieba words
(a `jieba.Tokenizer` instance with the domain dictionary in `kb/data/userdict.txt`, stop words
removed) plus identifiers kept whole (ITO, CMMI, ISO/IEC 20000-1:2005, GB/T 24405.1-2009, 6.7, C.5)
together with their parts. It does not embed and does not know about clauses.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import jieba
import opencc

DATA = Path(__file__).parent / "data"
USERDICT = DATA / "userdict.txt"
STOPWORDS = DATA / "stopwords.txt"
GLOSSARY = DATA / "glossary.tsv"
THESAURUS = DATA / "thesaurus.tsv"
# lay wording -> the wording of national statutes (老板 -> 用人单位, 被辞退 -> 解除劳动合同), for
# knowledge bases of laws; the domain thesaurus wins where both list a phrase
LEGAL_THESAURUS = DATA / "legal_thesaurus.tsv"

_IDENT = re.compile(
    r"[A-Za-z]+(?:/[A-Za-z]+)*[ ]?\d+(?:[.\-:]\d+)*"  # GB/T 24405.1-2009, ISO/IEC 20000-1:2005
    r"|[A-Za-z]\.\d+(?:\.\d+)*"  # C.5, A.1.1
    r"|\d+(?:\.\d+)+"  # 6.7, 596.5
    r"|\d+"
    r"|[A-Za-z][A-Za-z0-9+#]*"  # ITO, CMMI, PDCA, words
)
CJK = re.compile(r"[\u4e00-\u9fff]")
RARE = 3  # jieba's floor frequency: words its corpus barely attests


def domain_tokenizer(userdict: Path = USERDICT):
    """A private `jieba.Tokenizer` with the domain dictionary (the module-level default tokenizer
    is never touched)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(userdict))
    return tokenizer


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """The words jieba's own dictionary tags p (preposition), c (conjunction) or r (pronoun)."""
    path = Path(jieba.__file__).parent / "dict.txt"
    with path.open(encoding="utf-8") as f:
        return frozenset(w for w, _, tag in (line.split() for line in f if line.strip())
                         if tag in ("p", "c", "r"))


@lru_cache(maxsize=8)
def words_beginning(prefixes: tuple[str, ...]) -> frozenset[str]:
    """The words of jieba's own dictionary (and the domain's) longer than one of `prefixes` that
    begin with it: 市场主体, 市场准入 for 市场; 国家标准, 国家机关 for 国家."""
    out = set()
    for path in (Path(jieba.__file__).parent / "dict.txt", USERDICT):
        with path.open(encoding="utf-8") as f:
            for line in f:
                w = line.split(maxsplit=1)[0] if line.strip() else ""
                if w.startswith(prefixes) and w not in prefixes:
                    out.add(w)
    return frozenset(out)


@lru_cache(maxsize=1)
def _opencc():
    return opencc.OpenCC("t2s"), opencc.OpenCC("tw2sp")


def normalize(text: str) -> str:
    """NFKC (full-width letters, digits and punctuation to half-width) and traditional -> simplified.

    Phrase-level conversion (資訊 -> 信息, 軟體 -> 软件) is applied only when the text contains
    traditional characters, so simplified text is never altered."""
    text = unicodedata.normalize("NFKC", text)
    t2s, tw2sp = _opencc()
    if CJK.search(text) and t2s.convert(text) != text:
        # 甚麼 is Taiwan's and Hong Kong's 什么; OpenCC leaves it as 甚么
        text = tw2sp.convert(text).replace("甚么", "什么")
    return text


def dictionary_hash(userdict: Path = USERDICT, stopwords: Path = STOPWORDS) -> str:
    """What an index records of the dictionary and stop words it was segmented with."""
    h = hashlib.sha256(userdict.read_bytes() + b"\0" + stopwords.read_bytes())
    return h.hexdigest()[:16]


class Segmenter:
    """Keyword tokens for BM25, from a private jieba tokenizer with the domain dictionary."""

    def __init__(self, userdict: Path = USERDICT, stopwords: Path = STOPWORDS):
        self.userdict = userdict
        self._jieba = domain_tokenizer(userdict)
        self.stopwords = {
            w.strip().casefold() for w in stopwords.read_text(encoding="utf-8").splitlines() if w.strip()
        }
        self._stop_path = stopwords
        self._cache: dict[tuple[str, bool], tuple[str, ...]] = {}

    @property
    def dictionary_hash(self) -> str:
        return dictionary_hash(self.userdict, self._stop_path)

    def cut(self, text: str) -> list[str]:
        """jieba's pieces of `text` (HMM on: unknown words are guessed), stop words kept."""
        return list(self._jieba.cut(text))

    def is_stopword(self, text: str) -> bool:
        return text.casefold() in self.stopwords

    def is_word(self, text: str) -> bool:
        """Whether jieba's dictionary (with the domain words) knows `text` as a word."""
        self._jieba.check_initialized()
        return self._jieba.FREQ.get(text, 0) > 0

    def is_function_word(self, text: str) -> bool:
        """A preposition, conjunction or pronoun by jieba's dictionary tags (除了, 为了, 以及, 哪部,
        我国), which never starts a name."""
        return text in _function_words()

    def frequency(self, text: str) -> int:
        """How often jieba's dictionary (with the domain words) attests `text` (0: not a word)."""
        self._jieba.check_initialized()
        return int(self._jieba.FREQ.get(text, 0))

    def is_common_word(self, text: str) -> bool:
        """A word jieba's dictionary lists above its floor frequency (3): 42,000 of its
        two-character words sit at the floor, barely attested (合归, 一介), and a question that
        has one more likely mistyped a word that sounds the same (合归性 for 合规性)."""
        return self.frequency(text) > RARE

    def inside_words(self, text: str) -> frozenset[int]:
        """Positions of `text` that fall inside a word jieba's dictionary lists above its floor
        frequency (签证 makes the position between 签 and 证 one; a barely attested word such as
        签合同 does not: it is as likely two words)."""
        out, pos = set(), 0
        for piece in self.cut(text):
            if len(piece) > 1 and self.is_common_word(piece):
                out.update(range(pos + 1, pos + len(piece)))
            pos += len(piece)
        return frozenset(out)

    def tokens(self, text: str, is_normalized: bool = False) -> list[str]:
        """Keyword tokens of `text` (normalised here unless the caller already did); the clauses'
        sentences that answers quote come back often, so the last few thousand are kept."""
        key = (text, is_normalized)
        if key not in self._cache:
            if len(self._cache) > 8192:
                self._cache.clear()
            self._cache[key] = tuple(self._tokens(text if is_normalized else normalize(text)))
        return list(self._cache[key])

    def _tokens(self, text: str) -> list[str]:
        out: list[str] = []
        pos = 0
        for m in _IDENT.finditer(text):
            out.extend(self._words(text[pos : m.start()]))
            out.extend(_ident_tokens(m.group(0)))
            pos = m.end()
        out.extend(self._words(text[pos:]))
        return [t for t in out if t not in self.stopwords]

    def _words(self, span: str) -> list[str]:
        words = []
        for piece in re.findall(r"[\u4e00-\u9fff]+", span):
            words.extend(w for w in self._jieba.cut_for_search(piece, HMM=True) if w.strip())
        return words


def _ident_tokens(ident: str) -> list[str]:
    whole = ident.replace(" ", "").casefold()
    parts = [p for p in re.split(r"[/\-: ]", ident.casefold()) if p]
    return [whole] + [p for p in parts if p != whole]


@lru_cache(maxsize=1)
def _glossary() -> list[tuple[str, str]]:
    pairs = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            en, _, zh = line.partition("\t")
            pairs.append((en.strip().casefold(), zh.strip()))
    return sorted(pairs, key=lambda p: -len(p[0]))


# A word people put inside a glossary phrase without changing it: "government service
# outsourcing" is the glossary's "government outsourcing", "confidential client information"
# its "confidential information" (whose information it is, not what it is).
_FILLER = r"(?:services?|business|the|of|an?|client|customer|company) "


def _phrase(en: str) -> str:
    """A regular expression for a glossary phrase, one filler word allowed between its words."""
    return f" (?:{_FILLER})?".join(re.escape(w) for w in en.split(" "))


@cache
def _patterns(en: str) -> tuple[re.Pattern, re.Pattern]:
    """A glossary phrase compiled once, when a question first could hold it: (in running text,
    as a whole phrase)."""
    # (the last word inflected only: "services outsourcing capabilities" is no title, and
    # "handed over" in a question about training tasks is no 转交 of business)
    head, _, last = en.rpartition(" ")
    inflected = (f"{_phrase(head)} (?:{_FILLER})?" if head else "") + _forms(last)
    return (re.compile(rf" {inflected} "), re.compile(rf"{_phrase(en)}(?:s|es)?"))


_DOUBLES = re.compile(r"(?:^|[^aeiou])[aeiou]([bdgklmnprt])$")  # ban -> banned, submit -> submitted


def _forms(word: str) -> str:
    """A glossary word with the endings English inflects it by: -s, -es, -ed, -ing, and the
    forms those miss (communicate -> communicating, apply -> applies / applied, ban -> banned)."""
    forms = [re.escape(word) + "(?:s|es|ed|d|ing)?"]
    if word.endswith("e") and not word.endswith("ee"):
        forms.append(re.escape(word[:-1]) + "ing")
    if re.search(r"[^aeiou]y$", word):
        forms.append(re.escape(word[:-1]) + "i(?:es|ed)")
    if m := _DOUBLES.search(word):
        forms.append(re.escape(word + m.group(1)) + "(?:ed|ing)")
    return f"(?:{'|'.join(forms)})"


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, set[int]]:
    """Glossary entries (their positions in `_glossary()`) by their first word."""
    out: dict[str, set[int]] = {}
    for i, (en, _) in enumerate(_glossary()):
        out.setdefault(en.split(" ", 1)[0], set()).add(i)
    return out


def _glossary_patterns(text: str) -> list[tuple[re.Pattern, re.Pattern, str]]:
    """The glossary entries whose first word a word of `text` starts with, longest first (the
    others cannot match, and 1,300 patterns compiled up front cost most of a second)."""
    index, entries = _by_first_word(), _glossary()
    found: set[int] = set()
    for w in set(text.split()):
        # (and the word an inflection hides: communicating -> communicate, applies -> apply)
        for word in (w, *(w[:-len(end)] + base for end, base in (("ing", "e"), ("ies", "y"),
                                                                  ("ied", "y")) if w.endswith(end))):
            for k in range(1, len(word) + 1):
                found |= index.get(word[:k], set())
    return [(*_patterns(entries[i][0]), entries[i][1]) for i in sorted(found)]


# "outsources its employee training": what is outsourced, up to three words after the verb
# ("outsourcing firms" is no verb: "outsourcing" takes its object only after its, the …)
_OBJECT_OF = r"(?:its|their|the|our|your|his|her|a|an|all|some|part of|parts of)"
_OUTSOURCES = re.compile(rf"\boutsourc(?:e|es|ed)\s+(?:{_OBJECT_OF}\s+)?((?:[a-z-]+\s+){{0,2}}[a-z-]+)|"
                         rf"\boutsourcing\s+{_OBJECT_OF}\s+((?:[a-z-]+\s+){{0,2}}[a-z-]+)")
# where the thing outsourced ends: "outsources its IT to a vendor", "…training, which tasks"
_OBJECT_ENDS = frozenset("to for with which that and or in on at from by of who what when how "
                         "because so but is are was were can could should must will".split())


@lru_cache(maxsize=1)
def _glossary_names() -> frozenset[str]:
    return frozenset(en for en, _ in _glossary())


def _outsourced_kind(low: str) -> str:
    """The glossary's kind of outsourcing for what a question says is outsourced ("outsources its
    employee training" -> " training outsourcing "), so that it finds 培训外包 as "training
    outsourcing" would; "" when the glossary has no such kind."""
    names = _glossary_names()
    out = ""
    for m in _OUTSOURCES.finditer(low):
        words = (m.group(1) or m.group(2)).split()
        words = words[:next((i for i, w in enumerate(words) if w in _OBJECT_ENDS), len(words))]
        spans = sorted(((i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)),
                       key=lambda s: s[0] - s[1])  # the longest first
        kind = next((k for i, j in spans if (k := " ".join(words[i:j]) + " outsourcing") in names),
                    "")
        out += f" {kind} " if kind else ""
    return out


def expand_english(text: str) -> str:
    """Append the Chinese terms of English phrases found in `text` (a shipped glossary, matched
    with plural and verb endings: "interprets" finds "interpret"), so that an English question
    also matches the Chinese clauses by keyword and meaning."""
    low = " " + re.sub(r"[^a-z0-9\- ]+", " ", text.casefold()) + " "
    low += _outsourced_kind(low)
    added = []
    for pattern, _, zh in _glossary_patterns(low):
        if pattern.search(low):
            added.append(zh)
            low = pattern.sub(" ", low)
    return f"{text} {' '.join(added)}" if added else text


@lru_cache(maxsize=1)
def _thesaurus() -> list[tuple[str, tuple[str, ...]]]:
    pairs: dict[str, tuple[str, ...]] = {}
    for path in (THESAURUS, LEGAL_THESAURUS):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                everyday, _, statute = line.partition("\t")
                pairs.setdefault(everyday.strip(), tuple(statute.split()))
    return sorted(pairs.items(), key=lambda p: -len(p[0]))


def synonyms(phrase: str) -> tuple[str, ...]:
    """The thesaurus's wording for exactly this everyday phrase (社保 -> 五险一金 福利 社会保险)."""
    return tuple(t for p, terms in _thesaurus() if p == phrase for t in terms)


def statute_terms(normalized: str, inside: frozenset[int] = frozenset()
                  ) -> list[tuple[str, list[str]]]:
    """The wording of the documents for everyday phrases in a (normalised) question, from the
    domain thesaurus `kb/data/thesaurus.tsv` (客户给的资料 -> 保密信息, 拿给别人 -> 披露 …), as
    (phrase, its terms the question does not already have); the longest phrase wins where
    phrases overlap. `inside`: positions inside a word of the question (`Segmenter.inside_words`),
    where a one-character phrase may not start or end: 签 (sign) is no phrase of 签证 (a visa).
    Longer phrases may (安全体系 in 信息安全体系, 杀毒 in 杀毒软件)."""
    out: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    taken = [False] * len(normalized)

    def found(phrase: str, terms: tuple[str, ...]) -> None:
        new = [t for t in terms if t not in seen and t not in normalized]
        seen.update(new)
        if new:
            out.append((phrase.replace("…", ""), new))

    for phrase, terms in _thesaurus():
        for span in _occurrences(phrase, normalized):
            start = span.start
            # one character (签, 拖) must not be part of a word: 签 (sign) is no phrase of 签证
            splits = len(phrase) == 1 and (start in inside or start + 1 in inside)
            if not splits and not any(taken[i] for i in span):
                for i in span:
                    taken[i] = True
                found(phrase, terms)
    # a question that asks "A or not A" (钱花没花超, 签没签, 给不给看) says the phrase once
    folded = _A_NOT_A.sub(r"\1", normalized)
    if folded != normalized:
        for phrase, terms in _thesaurus():
            if len(phrase) > 1 and _occurrences(phrase, folded) and \
                    not _occurrences(phrase, normalized):
                found(phrase, terms)
    return out


_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")


# "上…课": a verb and its object, together or with words between them (上课, 上保密方面的课); a few characters
# within one clause of the question
_GAP = r"[^，,。？?！!；;：:\s]{0,6}?"


def _occurrences(phrase: str, text: str) -> list[range]:
    """Where a thesaurus phrase stands in `text`: as written, or for a phrase with a gap (…) its
    two parts with a few characters between them."""
    if "…" not in phrase:
        spans, start = [], text.find(phrase)
        while start != -1:
            spans.append(range(start, start + len(phrase)))
            start = text.find(phrase, start + 1)
        return spans
    return [range(m.start(), m.end()) for m in _gap_pattern(phrase).finditer(text)]


# what may not open the gap after a head: 给我看 and 给我带 (the asker is shown or given something)
# are no 给…看 or 给…用 (showing or giving it to someone else)
_NOT_OPENING_GAP = {"给": "我"}


@cache
def _gap_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase with a gap, compiled once (every question meets every phrase of the thesaurus)."""
    head, _, tail = phrase.partition("…")
    guard = f"(?!{_NOT_OPENING_GAP[head]})" if head in _NOT_OPENING_GAP else ""
    return re.compile(re.escape(head) + guard + _GAP + re.escape(tail))


def english_terms(phrase: str) -> list[str]:
    """The Chinese terms the glossary gives for exactly this English phrase (plural allowed)."""
    p = re.sub(r"\s+", " ", phrase.casefold()).strip()
    for _, whole, zh in _glossary_patterns(p):
        if whole.fullmatch(p):
            return zh.split()
    return []


def language_of(text: str) -> str:
    """"en" for a question written mostly in Latin letters, else "zh"."""
    text = re.sub(r"<[^<>]{0,200}>", " ", text)  # markup pasted in ("<script>…第五条") is no English
    latin = len(re.findall(r"[A-Za-z]", text))
    cjk = len(CJK.findall(text))
    return "en" if latin > 2 * cjk and latin >= 4 else "zh"
