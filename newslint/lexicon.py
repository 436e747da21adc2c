"""Bundled word lists, loaded once per process on first use.

words_en.txt.gz is the union of SCOWL's American and British "large" lists
(Kevin Atkinson's SCOWL, permissive licence: see data/SCOWL-COPYRIGHT.txt),
so British and American spellings are both accepted. Entries starting with a
capital letter are proper nouns (places, people, brands).
"""

from __future__ import annotations

import gzip
import unicodedata
from functools import lru_cache
from importlib.resources import files


def _entries() -> list[str]:
    """Every entry of the bundled list (read afresh: only the uncommon Hunspell `append` path needs them all)."""
    raw = files("newslint.data").joinpath("words_en.txt.gz").read_bytes()
    return gzip.decompress(raw).decode("utf-8").split("\n")


@lru_cache(maxsize=1)
def _split() -> tuple[frozenset[str], frozenset[str]]:
    # One read for both sets, and no list of all entries kept beside them (~1.5 MB).
    entries = _entries()
    return (
        frozenset(w for w in entries if w and not w[0].isupper()),
        frozenset(w for w in entries if w and w[0].isupper()),
    )


def english_words() -> frozenset[str]:
    """Ordinary English words (lower-case entries, and their possessives), lower-cased."""
    return _split()[0]


def proper_nouns() -> frozenset[str]:
    """Capitalised entries: place names, given names, brands, as written."""
    return _split()[1]


@lru_cache(maxsize=1)
def all_words_lower() -> frozenset[str]:
    return frozenset(w.lower() for w in _entries() if w)


@lru_cache(maxsize=1)
def proper_lower() -> frozenset[str]:
    """Capitalised entries in lower case, and without accents too ("josé" and "jose").

    One set for the speller (which lower-cases) and the name finder (which also
    strips accents): two copies of ~30,000 strings cost ~6 MB in every process.
    """
    proper = proper_nouns()
    out = {p.lower() for p in proper}
    for p in proper:
        if not p.isascii():
            decomposed = unicodedata.normalize("NFKD", p)
            out.add("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower())
    return frozenset(out)
