"""Person-name lexicons: given names and surnames with frequencies, loaded once per process.

The given-name and surname lists are the US Census 1990 lists (public domain) shipped
in the `names` package (dist.male.first, dist.female.first, dist.all.last); they are
read from the installed package at run time. Frequencies are per cent of the 1990
population. newslint/data/given_names_extra.txt adds given names the US lists lack
(British, Irish, European, African, Asian), so that a real name such as "Iain" is
never mistaken for a misspelling of "Ian".

Everything is keyed by the lower-cased, ASCII-folded spelling.
"""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache
from importlib.resources import files

from rapidfuzz.distance import OSA

from .lexicon import english_words, proper_nouns

# The census prints frequencies to three decimals, so the rarest names read 0.000;
# they were still counted, so they get a small floor instead of zero.
FREQUENCY_FLOOR = 0.0005


def fold(text: str) -> str:
    """Lower case without accents: 'José' -> 'jose'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _census_file(name: str) -> list[tuple[str, float]]:
    try:
        import names  # the `names` package (MIT) bundles the census lists
    except ImportError:  # pragma: no cover - a declared dependency
        return []
    path = os.path.join(os.path.dirname(names.__file__), name)
    rows: list[tuple[str, float]] = []
    try:
        with open(path, encoding="ascii", errors="ignore") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) >= 2:
                    try:
                        rows.append((parts[0].lower(), max(float(parts[1]), FREQUENCY_FLOOR)))
                    except ValueError:
                        continue
    except OSError:  # pragma: no cover
        return []
    return rows


@lru_cache(maxsize=1)
def census_given() -> dict[str, float]:
    """Given name -> frequency (male and female lists summed, so 'jordan' counts both)."""
    freq: dict[str, float] = {}
    for filename in ("dist.male.first", "dist.female.first"):
        for name, value in _census_file(filename):
            freq[name] = freq.get(name, 0.0) + value
    return freq


@lru_cache(maxsize=1)
def census_surnames() -> dict[str, float]:
    return dict(_census_file("dist.all.last"))


@lru_cache(maxsize=1)
def extra_given() -> frozenset[str]:
    raw = files("newslint.data").joinpath("given_names_extra.txt").read_text(encoding="utf-8")
    out: set[str] = set()
    for line in raw.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.add(fold(line))
    return frozenset(out)


@lru_cache(maxsize=1)
def known_given() -> frozenset[str]:
    """Every given name newslint knows (census and the bundled extras)."""
    return frozenset(census_given()) | extra_given()


@lru_cache(maxsize=1)
def proper_lower() -> frozenset[str]:
    """SCOWL's capitalised entries (places, people, brands), folded."""
    return frozenset(fold(w) for w in proper_nouns())


def is_english_word(token: str) -> bool:
    """An ordinary lower-case English word ('Will', 'Despite', 'Studios')."""
    return token.lower() in english_words()


_KNOWN: dict[str, tuple[bool, bool]] = {}


def is_known_name(token: str, surnames: bool = True) -> bool:
    """True when a lexicon knows the spelling: given names, SCOWL proper nouns and words,
    and (unless surnames is False) the census surnames. Answers are memoised per process."""
    answer = _KNOWN.get(token)
    if answer is None:
        key = fold(token)
        other = key in known_given() or key in proper_lower() or token.lower() in english_words()
        answer = (other, key in census_surnames())
        if len(_KNOWN) < 500_000:
            _KNOWN[token] = answer
    return answer[0] or (surnames and answer[1])


def _deletions(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


@lru_cache(maxsize=4)
def _deletion_index(depth: int) -> dict[str, tuple[str, ...]]:
    """Symmetric-deletion index of the census given names: two words within `depth`
    edits share a key, so a look-up is a few dict probes, not a scan of 5,000 names."""
    index: dict[str, list[str]] = {}
    for name in census_given():
        for key in _deletions(name, depth):
            index.setdefault(key, []).append(name)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=4096)
def given_neighbours(token: str, max_distance: int) -> tuple[tuple[str, float], ...]:
    """Census given names within max_distance edits (OSA: a transposition is one edit), most frequent first."""
    index = _deletion_index(max_distance)
    freq = census_given()
    key = fold(token)
    seen: set[str] = set()
    out: list[tuple[str, float]] = []
    for probe in _deletions(key, max_distance):
        for name in index.get(probe, ()):
            if name in seen:
                continue
            seen.add(name)
            if 0 < OSA.distance(key, name, score_cutoff=max_distance) <= max_distance:
                out.append((name, freq[name]))
    out.sort(key=lambda item: (-item[1], item[0]))
    return tuple(out)


_VOWELS = frozenset("aeiou")


def _sound(name: str) -> str:
    """A spelling skeleton under which variants of one name meet: Martyn/Martin,
    Markos/Marcos, Patrik/Patrick, Jonatan/Jonathan, Elain/Elaine, Colen/Colin,
    Kort/Kurt, Sara/Sarah, Niel/Neil.

    Only variation that real names show is folded in; a doubled or dropped
    consonant or a letter jammed in is how typing goes wrong, and stays apart."""
    s = name.lower().replace("ph", "f").replace("th", "t").replace("ck", "k")
    s = s.replace("y", "i").replace("ie", "ei")
    if len(s) > 3 and s.endswith("h") and s[-2] in _VOWELS:
        s = s[:-1]  # Sara/Sarah, Debora/Deborah
    out: list[str] = []
    for i, ch in enumerate(s):
        if ch == "c":
            ch = "s" if s[i + 1 : i + 2] in ("e", "i") else "k"
        elif ch == "e" and s[i - 1 : i] != "e" and s[i + 1 : i + 2] != "i":
            ch = "i"
        elif ch == "o":
            ch = "u"
        out.append(ch)
    if len(out) > 2 and name.lower().endswith("e") and out[-2] not in _VOWELS:
        out.pop()  # a silent final e: Elain/Elaine
    return "".join(out)


def is_variant(token: str, name: str) -> bool:
    """Does token differ from name only the way spellings of one name differ?

    Same skeleton (see _sound), or a vowel added at the end after a consonant
    (Adamu/Adam, Jacoba/Jacob). Everything else is treated as a slip.
    """
    if _sound(token) == _sound(name):
        return True
    return len(token) == len(name) + 1 and token.startswith(name) and token[-1] in _VOWELS and name[-1] not in _VOWELS


def display(name: str) -> str:
    """'javier' -> 'Javier'; 'mary-ann' -> 'Mary-Ann'."""
    return "-".join(part[:1].upper() + part[1:] for part in name.split("-"))


def warm() -> None:
    """Load every list now (before worker processes fork, so they share it)."""
    census_given()
    census_surnames()
    known_given()
    proper_lower()
    english_words()
    _deletion_index(1)


def distance(a: str, b: str, cutoff: int | None = None) -> int:
    """Edit distance with transpositions (OSA), case-insensitive."""
    return OSA.distance(a.lower(), b.lower(), score_cutoff=cutoff)
