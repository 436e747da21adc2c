"""extends: consistency — of each `either` pair, only one form may appear in a document (Vale).

`either` maps one form to the other (`advisor: adviser`); both sides may be
regexes. Whichever form a document uses first sets the house form for that
document, and every use of the other form after it is flagged, with the
first form as the suggestion when it is a plain word. The message's first %s
is the form found, the second the form used first.

Vale reports a clash at most once per block, at a position it finds again by
searching; newslint flags each later use exactly, which is what an editor
fixing the copy needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import regex

from ..document import Document
from ..errors import RuleError
from ..findings import Finding
from ..matching import finditer, literal_of, may_match_document, word_bounded
from ..yamlio import LinedDict
from .base import Match, Rule


@dataclass(slots=True)
class _Pair:
    pattern: regex.Pattern  # group _A (the key) or _B (the value) matches
    forms: tuple[str, str]  # the YAML key and value, for messages and suggestions


_A, _B = "newslint_either_a", "newslint_either_b"


class ConsistencyRule(Rule):
    kind = "consistency"
    keys = {"either": (dict,), "ignorecase": (bool,), "nonword": (bool,), "vocab": (bool,)}
    required = ("either",)
    default_message = "Inconsistent spelling: '%s' after '%s'."

    def configure(self, spec: LinedDict) -> None:
        either = spec["either"]
        if not either:
            raise self.error("either", "'either' must map at least one form to another")
        ignorecase = bool(spec.get("ignorecase", False))
        nonword = bool(spec.get("nonword", False))
        self.pairs: list[_Pair] = []
        for first, second in either.items():
            if not isinstance(second, (str, int, float)) or isinstance(second, bool) or str(second) == "":
                line = either.line_of(first) if isinstance(either, LinedDict) else self.line_of("either")
                raise RuleError(self.path, f"'either' value for {first!r} must be a non-empty string", line)
            first, second = str(first), str(second)
            self.compile(first, "either")
            self.compile(second, "either")
            # Named groups, so capture groups inside a user's forms do not matter.
            body = f"(?P<{_A}>{first})|(?P<{_B}>{second})"
            pattern = self.compile(word_bounded(f"(?:{body})", nonword), "either", ignorecase)
            self.pairs.append(_Pair(pattern, (first, second)))

    def check(self, doc: Document) -> Iterator[Finding]:
        # A pair neither of whose forms the document can hold is skipped whole (the raw
        # scope reads the source, which the blocks' index does not cover).
        raw = "raw" in self.scope.include
        pairs = [pair for pair in self.pairs if raw or may_match_document(pair.pattern, doc)]
        if not pairs:
            return
        units = list(self.scope.units(doc))
        flagged: set[tuple[int, int, int]] = set()  # one finding per span, however many pairs see it
        for pair in pairs:
            chosen: str | None = None  # "a" or "b": the form this document used first
            chosen_text = ""
            for unit in units:
                text = unit.block.text
                for m in finditer(pair.pattern, text, unit.start, unit.end, self.context.match_timeout):
                    side = "a" if m.group(_A) is not None else "b"
                    if self.skip(unit.block, m.start(), m.end(), m.group()):
                        continue  # quoted speech keeps its speaker's spelling and sets no house form
                    if chosen is None:
                        chosen, chosen_text = side, m.group()
                        continue
                    if side == chosen:
                        continue
                    where = (id(unit.block), m.start(), m.end())
                    if where in flagged:
                        continue
                    flagged.add(where)
                    preferred = pair.forms[0] if chosen == "a" else pair.forms[1]
                    literal = plain_form(preferred)
                    suggestions = [_match_case(literal, m.group())] if literal else []
                    finding = self.to_finding(doc, unit.block, Match(m.start(), m.end(), (m.group(), chosen_text), suggestions), check_skip=False)
                    if finding is not None:
                        yield finding


# A lookaround with any nesting of groups inside it (regex recursion on group 1).
_LOOKAROUND = regex.compile(r"\(\?<?[=!](?:[^()\\]|\\.|(\((?:[^()\\]|\\.|(?1))*\)))*\)")


def plain_form(pattern: str) -> str | None:
    """The literal text a form matches once its lookarounds and word boundaries are
    set aside ('(?<=\\d )per cent\\b' -> 'per cent'), or None when it is a real pattern."""
    core = _LOOKAROUND.sub("", pattern).replace("\\b", "")
    return literal_of(core) or None


def _match_case(word: str, found: str) -> str:
    if found[:1].isupper() and word[:1].islower():
        return word[:1].upper() + word[1:]
    return word
