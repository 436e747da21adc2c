"""extends: repetition — the same token twice in a row, e.g. "the the" (Vale).

Consecutive matches of the `tokens` pattern are compared (case-folded with
`ignorecase`); with `alpha` only all-letter tokens count. `max` is how many
repeats are allowed before one is flagged (0: any repeat). As in Vale, a
repeat that spans a sentence boundary ("… about that. That is …") is not a
mistake and is never flagged. `exceptions` are regexes for whole repeats
that are allowed, e.g. "that that", "had had" (case-sensitive; write (?i) to
ignore case).

Unlike Vale, the repeat counter restarts after any non-repeat, so `max: 1`
means "one repeat in a row is fine", not "one repeat per block".
"""

from __future__ import annotations

from typing import Iterable

import regex

from ..document import Block, Document
from ..matching import finditer, fullmatch
from ..segment import sentences
from ..yamlio import LinedDict
from .base import Match, Rule, string_list


class RepetitionRule(Rule):
    kind = "repetition"
    keys = {
        "tokens": (list, str),
        "max": (int,),
        "ignorecase": (bool,),
        "alpha": (bool,),
        "exceptions": (list,),
        "vocab": (bool,),
    }
    required = ("tokens",)
    default_message = "'%s' is repeated."

    def configure(self, spec: LinedDict) -> None:
        tokens = string_list(self, "tokens", spec.get("tokens"))
        if not tokens:
            raise self.error("tokens", "'tokens' must list at least one pattern")
        for token in tokens:
            self.compile(token, "tokens")
        self.ignorecase = bool(spec.get("ignorecase", False))
        self.alpha = bool(spec.get("alpha", False))
        self.max = int(spec.get("max") or 0)
        if self.max < 0:
            raise self.error("max", "'max' must not be negative")
        self.pattern = self.compile("(?:" + "|".join(tokens) + ")", "tokens", self.ignorecase)
        exceptions = string_list(self, "exceptions", spec.get("exceptions"))
        for exception in exceptions:
            self.compile(exception, "exceptions")
        self.exceptions: regex.Pattern | None = (
            self.compile("|".join(f"(?:{e})" for e in exceptions), "exceptions") if exceptions else None
        )

    def matches(self, text: str, start: int, end: int, block: Block, doc: Document) -> Iterable[Match]:
        prev = ""
        prev_start = 0
        count = 0
        for m in finditer(self.pattern, text, start, end, self.context.match_timeout):
            curr = m.group().strip()
            same = bool(curr) and (curr.casefold() == prev.casefold() if self.ignorecase else curr == prev)
            if same and self.alpha:
                same = curr.isalpha()
            count = count + 1 if same else 0
            if same and count > self.max and not self._crosses_sentence(block, prev_start, m.end()):
                phrase = text[prev_start : m.end()]
                if self.exceptions is None or not fullmatch(self.exceptions, phrase.strip(), self.context.match_timeout):
                    yield Match(prev_start, m.end(), (curr,))
                    count = 0
            prev, prev_start = curr, m.start()

    @staticmethod
    def _crosses_sentence(block: Block, start: int, end: int) -> bool:
        if block.kind == "raw":
            return False
        for s, e in sentences(block):
            if s <= start < e:
                return end > e
        return False
