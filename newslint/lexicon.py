"""Bundled word lists, loaded once per process on first use.

words_en.txt.gz is the union of SCOWL's American and British "large" lists
(Kevin Atkinson's SCOWL, permissive licence: see data/SCOWL-COPYRIGHT.txt),
so British and American spellings are both accepted. Entries starting with a
capital letter are proper nouns (places, people, brands).
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=1)
def _entries() -> tuple[str, ...]:
    raw = files("newslint.data").joinpath("words_en.txt.gz").read_bytes()
    return tuple(gzip.decompress(raw).decode("utf-8").split("\n"))


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Ordinary English words (lower-case entries, and their possessives), lower-cased."""
    return frozenset(w for w in _entries() if w and not w[0].isupper())


@lru_cache(maxsize=1)
def proper_nouns() -> frozenset[str]:
    """Capitalised entries: place names, given names, brands, as written."""
    return frozenset(w for w in _entries() if w and w[0].isupper())


@lru_cache(maxsize=1)
def all_words_lower() -> frozenset[str]:
    return frozenset(w.lower() for w in _entries() if w)
