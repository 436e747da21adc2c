"""Regex alternations of many literal words, factored by prefix.

A flat alternation of a hundred words ("said|says|say|...") makes the regex
engine try every word at every position it scans; the same words factored into
a prefix tree ("sa(?:id|ys?)|...") try one branch per letter. It matches the
same words; where a longer word wins over a shorter one at the same place
can differ, which no use here depends on: each is followed by a word boundary,
and no listed word is a prefix of another followed by a space.
"""

from __future__ import annotations

import re
from typing import Iterable


def factored(words: Iterable[str], space: str = r"\s+") -> str:
    """A regex (no groups) matching exactly the given literal words; a space in a word matches `space`."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(space if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if "" in node:
            return "(?:" + "|".join(branches) + ")?"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(trie) or "(?!)"
