"""extends: conditional — a match of `first` needs `second` (Vale), e.g. acronyms defined before use.

When `second` has a capture group, each `second` match defines what it
captured ("World Health Organization (WHO)" defines WHO), and a `first` match
is flagged unless it was defined earlier in the document or anywhere in its
own block — Vale's order: a block's definitions count before its uses are
checked. Without a capture group the rule is a presence check per block: a
`first` match is flagged when `second` does not appear in the same block.

`exceptions` are terms (regexes) that never need defining, e.g. BBC, UK.
"""

from __future__ import annotations

from typing import Iterator

import regex

from ..document import Document
from ..findings import Finding
from ..matching import finditer, fullmatch
from ..yamlio import LinedDict
from .base import Match, Rule, string_list


class ConditionalRule(Rule):
    kind = "conditional"
    keys = {"first": (str,), "second": (str,), "exceptions": (list,), "ignorecase": (bool,), "vocab": (bool,)}
    required = ("first", "second")
    default_message = "'%s' has no definition."

    def configure(self, spec: LinedDict) -> None:
        for key in ("first", "second"):
            if not spec[key]:
                raise self.error(key, f"{key!r} must not be empty")
        self.ignorecase = bool(spec.get("ignorecase", False))
        self.first = self.compile(spec["first"], "first", self.ignorecase)
        self.second = self.compile(spec["second"], "second", self.ignorecase)
        self.defines = self.second.groups > 0
        exceptions = string_list(self, "exceptions", spec.get("exceptions"))
        for exception in exceptions:
            self.compile(exception, "exceptions")
        self.exceptions: regex.Pattern | None = (
            self.compile("|".join(f"(?:{e})" for e in exceptions), "exceptions", self.ignorecase) if exceptions else None
        )

    def _key(self, text: str) -> str:
        return text.casefold() if self.ignorecase else text

    def check(self, doc: Document) -> Iterator[Finding]:
        timeout = self.context.match_timeout
        defined: set[str] = set()
        for unit in self.scope.units(doc):
            text = unit.block.text
            seconds = list(finditer(self.second, text, unit.start, unit.end, timeout))
            if self.defines:
                for m in seconds:
                    defined.update(self._key(g) for g in m.groups() if g)
            elif seconds:
                continue  # presence check: the block has what `first` needs
            for m in finditer(self.first, text, unit.start, unit.end, timeout):
                found = m.group()
                if not found or (self.defines and self._key(found) in defined):
                    continue
                if self.exceptions is not None and fullmatch(self.exceptions, found, timeout):
                    continue
                if self.defines and any(s.start() <= m.start() and m.end() <= s.end() for s in seconds):
                    continue  # the acronym inside its own definition "(WHO)"
                finding = self.to_finding(doc, unit.block, Match(m.start(), m.end(), (found,)))
                if finding is not None:
                    yield finding
