"""Homophone typos -> the words of the corpus they stand for.

Chinese typed by pinyin goes wrong by sound: 失行 for 施行, 李岸 for 离岸, 外抱 for 外包, 竟业 for 竞业.
A piece of the question as jieba cuts it — a 2–4 character piece jieba had to guess (its HMM
makes "失行" a word), or two single characters side by side ("外" "抱") — that is neither a word of
the index's vocabulary nor a word jieba knows (or knows only at its floor frequency: 合归 for
合规), but sounds exactly like (same toneless pinyin) one or more indexed words, is taken to mean
those words; so is a word jieba knows but barely uses (学力, 4 uses) when the indexed word it
sounds like is a hundred times as common (学历, 1,460); and so is a four-character run one character
off a four-character indexed word, that character in a guessed piece, whatever its sound (金触外包:
金融外包). They are added to the question's keywords (and to the text that is embedded), never
substituted, so a right question loses nothing.
Input: the normalised question; output: the words to add. It does not search.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from pypinyin import lazy_pinyin

from kb.segment import RARE

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
LENGTHS = (2, 3, 4)
# a word jieba knows but attests under SCARCE times may still be a typo: at its floor frequency
# (RARE: 合归 for 合规), or when an indexed word that sounds the same is LIKELIER times as common
# (学力 4 for 学历 1460, 保户 4 for 保护); better-attested words are meant (几级 21 is not 积极,
# 领到 281 not 领导, 质检 98 not 之间)
SCARCE = 10
LIKELIER = 100
# a run of this many characters that is one off an indexed word of the same length stands for it
# whatever its sound, when the odd character is in a piece jieba had to guess (金触外包: 金融外包)
BLANKED = 4


class Homophones:
    """Indexed words by their sound, built on first use (one pass over the vocabulary)."""

    def __init__(self, vocabulary: Iterable[str], is_word: Callable[[str], bool],
                 cut: Callable[[str], Iterable[str]],
                 frequency: Callable[[str], int] | None = None):
        self._vocabulary = vocabulary
        self._is_word = is_word
        # how often jieba's dictionary attests a word: a piece jieba cut whole may still be a typo
        # when the dictionary barely attests it (合归 for 合规, `RARE`), or attests the indexed
        # word it sounds like far more (学力 for 学历); cuts across pieces are only tried inside
        # pieces it does not know at all. Without it, every dictionary word is meant as typed.
        self._frequency = frequency
        self._cut = cut
        self._by_sound: dict[tuple[str, ...], list[str]] | None = None
        self._by_blank: dict[str, list[str]] = {}  # 4-character words, one character blanked
        self._known: set[str] = set()
        self._fixes: dict[str, list[tuple[str, str]]] = {}

    def _index(self) -> dict[tuple[str, ...], list[str]]:
        if self._by_sound is None:
            by_sound: dict[tuple[str, ...], list[str]] = {}
            for w in self._vocabulary:
                if len(w) in LENGTHS and _CJK_RUN.fullmatch(w):
                    self._known.add(w)
                    by_sound.setdefault(tuple(lazy_pinyin(w)), []).append(w)
                    if len(w) == BLANKED:
                        for k in range(BLANKED):
                            self._by_blank.setdefault(_blank(w, k), []).append(w)
            self._by_sound = by_sound
        return self._by_sound

    def corrections(self, normalized: str) -> list[str]:
        """Indexed words that unknown runs of the question sound like ("若干规定从什么时候开始失行"
        -> ["施行"])."""
        return list(dict.fromkeys(w for _, w in self.fixes(normalized)))

    def corrected(self, normalized: str) -> str:
        """The question with each unknown run that sounds like exactly one indexed word replaced
        by it ("离按外包是什么意思" -> "离岸外包是什么意思"), for lookups that need the right spelling."""
        by_gram: dict[str, list[str]] = {}
        for gram, word in self.fixes(normalized):
            by_gram.setdefault(gram, []).append(word)
        for gram, words in by_gram.items():
            if len(words) == 1:
                normalized = normalized.replace(gram, words[0])
        return normalized

    def fixes(self, normalized: str) -> list[tuple[str, str]]:
        """(unknown run as typed, indexed word it sounds like) pairs; worked out once per question
        (the keywords and a definition lookup both ask)."""
        if normalized not in self._fixes:
            if len(self._fixes) > 1024:
                self._fixes.clear()
            self._fixes[normalized] = self._find(normalized)
        return list(self._fixes[normalized])

    def _unlikely(self, gram: str) -> bool:
        """Whether a dictionary word is attested rarely enough to be a typo at all."""
        return self._frequency is not None and self._frequency(gram) < SCARCE

    def _meant(self, word: str, typed: str) -> bool:
        """Whether `typed`, a dictionary word, more likely stands for the indexed `word` it sounds
        like: at jieba's floor frequency, or `word` is `LIKELIER` times as common."""
        f = self._frequency
        return f is not None and (f(typed) <= RARE or f(word) >= LIKELIER * max(f(typed), 1))

    def _find(self, normalized: str) -> list[tuple[str, str]]:
        by_sound = self._index()
        cut = list(self._cut(normalized))
        pieces = [p for p in cut if p.strip()]
        grams = [p for p in pieces if len(p) in LENGTHS and _CJK_RUN.fullmatch(p)]
        grams += [a + b for a, b in zip(pieces, pieces[1:])
                  if len(a) == len(b) == 1 and _CJK_RUN.fullmatch(a + b)]
        out: list[tuple[str, str]] = []
        for gram in grams:
            if gram in self._known:
                continue
            known = self._is_word(gram)
            if known and not self._unlikely(gram):
                continue
            for w in by_sound.get(tuple(lazy_pinyin(gram)), ()):
                if known and not self._meant(w, gram):
                    continue
                if (gram, w) not in out and w not in normalized:
                    out.append((gram, w))
        # jieba may cut across a typo ("离按外包" -> 离 / 按外 / 包是, two guessed pieces): two to four
        # characters in a row that overlap a guessed piece (neither a dictionary nor an indexed
        # word), sound like an indexed word and differ from it in one character only
        guessed, at = set(), 0
        for p in cut:
            start = normalized.find(p, at)
            at = start + len(p) if start >= 0 else at
            if start >= 0 and len(p) > 1 and _CJK_RUN.fullmatch(p) and p not in self._known \
                    and not self._is_word(p):
                guessed.update(range(start, start + len(p)))
        for m in _CJK_RUN.finditer(normalized):
            run = m.group(0)
            for n in LENGTHS:
                for i in range(len(run) - n + 1):
                    gram = run[i:i + n]
                    if not guessed.intersection(range(m.start() + i, m.start() + i + n)) or \
                            gram in self._known or self._is_word(gram):
                        continue
                    for w in by_sound.get(tuple(lazy_pinyin(gram)), ()):
                        if sum(a == b for a, b in zip(gram, w)) == n - 1 and \
                                (gram, w) not in out and w not in normalized:
                            out.append((gram, w))
                    if n != BLANKED:
                        continue
                    # whatever its sound, one character of a guessed piece off a four-character
                    # indexed word (金触外包 for 金融外包, 报密信息 for 保密信息: a slip of the
                    # finger or of the eye): three characters in place name the word
                    for k in range(n):
                        if m.start() + i + k in guessed:
                            out += [(gram, w) for w in self._by_blank.get(_blank(gram, k), ())
                                    if (gram, w) not in out and w not in normalized]
        return out


def _blank(word: str, k: int) -> str:
    return word[:k] + "*" + word[k + 1:]
