"""extends: occurrence — too many (max) or too few (min) matches of `token` per scope unit (Vale).

Counted once per unit the scope selects: a sentence with `scope: sentence`, a
block otherwise. As in Vale, the finding sits on the first match and the
message's %s is the count; a unit with no match at all (only possible with
`min`) is reported at its first word.
"""

from __future__ import annotations

from typing import Iterable

from ..document import Block, Document
from ..matching import finditer
from ..segment import words
from ..yamlio import LinedDict
from .base import Match, Rule


class OccurrenceRule(Rule):
    kind = "occurrence"
    keys = {"token": (str,), "max": (int,), "min": (int,), "ignorecase": (bool,)}
    required = ("token",)
    default_message = "Found %s occurrences."

    def configure(self, spec: LinedDict) -> None:
        token = spec["token"]
        if not token:
            raise self.error("token", "'token' must not be empty")
        self.max = int(spec.get("max") or 0)
        self.min = int(spec.get("min") or 0)
        for key in ("max", "min"):
            if int(spec.get(key) or 0) < 0:
                raise self.error(key, f"{key!r} must not be negative")
        if not self.max and not self.min:
            raise self.error("extends", "an occurrence rule needs 'max' or 'min' (a positive number)")
        if self.max and self.min and self.min > self.max:
            raise self.error("min", f"'min' ({self.min}) is larger than 'max' ({self.max})")
        self.pattern = self.compile(f"(?:{token})", "token", bool(spec.get("ignorecase", False)))

    def matches(self, text: str, start: int, end: int, block: Block, doc: Document) -> Iterable[Match]:
        first: tuple[int, int] | None = None
        count = 0
        for m in finditer(self.pattern, text, start, end, self.context.match_timeout):
            if m.end() == m.start():
                continue  # an empty match counts nothing
            if first is None and text[m.start() : m.end()].strip():
                first = m.span()
            count += 1
        if (self.max and count > self.max) or (self.min and count < self.min):
            if first is None:
                spans = words(text, start, end)
                first = spans[0] if spans else (start, start)
            yield Match(first[0], first[1], (str(count),))
