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

from itertools import islice
from operator import eq
from typing import Iterable, Iterator

import regex

from ..document import Block, Document
from ..findings import Finding
from ..matching import _cuts_word, document_index, finditer, fullmatch, text_index
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
        # Vale's usual tokens, every run of non-space: a repeat needs two equal words in a
        # row, which str.split() can rule out at C speed before any match object is made.
        self.split_tokens = len(tokens) == 1 and tokens[0] in (r"[^\s]+", r"\S+")

    def check(self, doc: Document) -> Iterator[Finding]:
        if self.split_tokens and self.alpha and self.scope.whole_blocks and not document_index(doc).repeats:
            return iter(())  # no block has a word twice in a row (see _may_repeat)
        return super().check(doc)

    def matches(self, text: str, start: int, end: int, block: Block, doc: Document) -> Iterable[Match]:
        if self.split_tokens and not _may_repeat(text, start, end, self.ignorecase, self.alpha):
            return
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


# str.split() breaks on these four separators, the regex module's \s does not.
_SPLIT_ONLY = ("\x1c", "\x1d", "\x1e", "\x1f")


def _may_repeat(text: str, start: int, end: int, fold: bool, alpha: bool) -> bool:
    """Whether text[start:end] has two equal runs of non-space in a row (case-folded with fold).

    The runs are exactly what `[^\\s]+` finds (str.split() and \\s agree once the four
    separators above are ruled out) and casefold() never adds or removes a space, so a
    False here means the rule's loop could not find a repeat either.
    """
    if alpha and not _cuts_word(text, start) and not _cuts_word(text, end):
        # Only all-letter runs count: such a run is one whole word, and two of them with
        # only space between are two words in a row in the text's index (read once per
        # block for every rule), unless a unit's edge cuts a word in two.
        return text_index(text).repeats
    whole = start == 0 and end == len(text)
    if fold:
        segment = text_index(text).folded if whole else text[start:end].casefold()
    else:
        segment = text if whole else text[start:end]
    if any(ch in segment for ch in _SPLIT_ONLY):
        return True
    words = segment.split()
    return any(map(eq, words, islice(words, 1, None)))
