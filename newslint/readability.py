"""Text statistics for the metric kind: words, sentences, syllables and the readability scores.

The variables follow Vale's metric check (words, sentences, syllables,
characters, complex_words, long_words, polysyllabic_words, paragraphs, ...);
the scores are the published formulas computed from them, offered as
pre-built variables so a rule can say `formula: flesch_kincaid`.

Syllables are counted with an English vowel-group heuristic (silent final
"e", "-le", "-es"/"-ed" endings), cached per word: the same few thousand words
recur across a newsroom's articles, so the cache makes counting nearly free.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Iterable

import regex

_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*")
_VOWELS = regex.compile(r"[aeiouy]+")
# Suffixes Gunning's "complex word" definition leaves out (Vale: "es, ed, ing").
_COMMON_SUFFIXES = ("es", "ed", "ing")
_SPLIT_PAIRS = regex.compile(r"(?<![cstgx])ia(?![aeiou])|io(?![nu])|eo(?=$|n)|(?<![qg])u[ao](?![aeiou])")


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Estimated syllables in one English word (at least 1 for any word with letters)."""
    w = word.lower().strip("'’")
    if not w:
        return 0
    if any(ch.isdigit() for ch in w):
        # A figure is read aloud as a word or two; count it as one syllable per
        # digit group rather than guess its spoken form.
        return max(1, len(regex.findall(r"\d+", w)))
    if "-" in w:
        return sum(syllables(part) for part in w.split("-") if part)
    w = regex.sub(r"[^a-z]", "", w)
    if not w:
        return 1
    if len(w) <= 3:
        return 1
    count = len(_VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # silent final e: "make", "trade"
    elif w.endswith(("es", "ed")) and not w.endswith(("ted", "ded", "ses", "zes", "ces", "ges", "xes", "ies", "ees")) and count > 1:
        count -= 1  # "traded" keeps its syllable, "voted" too; "raised", "makes" lose one
    if regex.search(r"[^aeiou]le$", w) and count == 0:
        count = 1
    # Vowel pairs that are two syllables, which the vowel-group count misses:
    # media, ratio, video, actual, duo — but not social, nation, people, quality.
    count += len(_SPLIT_PAIRS.findall(w))
    return max(1, count)


def is_complex(word: str) -> bool:
    """Gunning fog's complex word: 3+ syllables, not a proper noun, not a compound,
    still 3+ syllables without a common suffix."""
    if word[:1].isupper() or "-" in word:
        return False
    if syllables(word) < 3:
        return False
    for suffix in _COMMON_SUFFIXES:
        if word.lower().endswith(suffix):
            return syllables(word[: -len(suffix)]) >= 3
    return True


class Stats:
    """Counts over a stretch of prose, and the readability scores from them."""

    __slots__ = ("words", "sentences", "syllables", "characters", "complex_words", "long_words", "polysyllabic_words", "paragraphs")

    def __init__(self) -> None:
        self.words = 0
        self.sentences = 0
        self.syllables = 0
        self.characters = 0
        self.complex_words = 0
        self.long_words = 0
        self.polysyllabic_words = 0
        self.paragraphs = 0

    def add_text(self, text: str, sentence_count: int) -> None:
        """Add one block of prose with its sentence count."""
        self.paragraphs += 1
        self.sentences += sentence_count
        for word in _WORD.findall(text):
            n = syllables(word)
            self.words += 1
            self.syllables += n
            self.characters += sum(1 for ch in word if ch.isalnum())
            if len(word) > 6:
                self.long_words += 1
            if n >= 3:
                self.polysyllabic_words += 1
                if is_complex(word):
                    self.complex_words += 1

    def variables(self) -> dict[str, float]:
        """The counts and the pre-built scores, by the names formulas use."""
        counts = {name: float(getattr(self, name)) for name in self.__slots__}
        counts.update(scores(counts))
        return counts


def scores(v: dict[str, float]) -> dict[str, float]:
    """The standard readability formulas; 0 when there is nothing to measure."""
    words, sentences = v["words"], v["sentences"]
    if not words or not sentences:
        return {name: 0.0 for name in SCORE_NAMES}
    wps = words / sentences
    return {
        "flesch_kincaid": 0.39 * wps + 11.8 * (v["syllables"] / words) - 15.59,
        "flesch_reading_ease": 206.835 - 1.015 * wps - 84.6 * (v["syllables"] / words),
        "gunning_fog": 0.4 * (wps + 100 * (v["complex_words"] / words)),
        "coleman_liau": 0.0588 * (v["characters"] / words * 100) - 0.296 * (sentences / words * 100) - 15.8,
        "smog": 1.0430 * math.sqrt(v["polysyllabic_words"] * 30 / sentences) + 3.1291,
        "automated_readability": 4.71 * (v["characters"] / words) + 0.5 * wps - 21.43,
        "lix": wps + 100 * (v["long_words"] / words),
    }


SCORE_NAMES = (
    "flesch_kincaid",
    "flesch_reading_ease",
    "gunning_fog",
    "coleman_liau",
    "smog",
    "automated_readability",
    "lix",
)


def measure(pieces: Iterable[tuple[str, int]]) -> Stats:
    """Stats over (text, sentence count) pieces."""
    stats = Stats()
    for text, count in pieces:
        stats.add_text(text, count)
    return stats
