"""extends: substitution — suggest a replacement for each swap key found (Vale).

The message's first %s is the replacement, the second the text found, as in
Vale. A replacement with "|" offers several suggestions; only a single
suggestion is applied by --fix.
"""

from __future__ import annotations

from typing import Iterable

import regex

from ..document import Block, Document
from ..matching import alternation, finditer, literal_of, word_bounded
from ..yamlio import LinedDict
from .base import Match, Rule, string_list


class SubstitutionRule(Rule):
    kind = "substitution"
    keys = {
        "swap": (dict,),
        "ignorecase": (bool,),
        "nonword": (bool,),
        "exceptions": (list,),
        "vocab": (bool,),
        "capitalize": (bool,),
        "append": (bool,),
    }
    required = ("swap",)
    default_message = "Use '%s' instead of '%s'."

    def configure(self, spec: LinedDict) -> None:
        swap = spec["swap"]
        if not swap:
            raise self.error("swap", "'swap' must not be empty")
        self.ignorecase = bool(spec.get("ignorecase", False))
        self.capitalize = bool(spec.get("capitalize", False))
        self.literal: dict[str, str] = {}
        self.patterns: list[tuple[regex.Pattern, str]] = []
        keys: list[str] = []
        for key, value in swap.items():
            key = str(key)
            if not isinstance(value, (str, int, float)):
                raise _swap_error(self, swap, key, f"swap value for {key!r} must be a string")
            self.compile(key, "swap")
            keys.append(key)
            literal = literal_of(key)
            if literal is not None:
                self.literal[literal.lower() if self.ignorecase else literal] = str(value)
            else:
                self.patterns.append((self.compile(key, "swap", self.ignorecase), str(value)))
        pattern = word_bounded(alternation(keys), bool(spec.get("nonword", False)))
        self.pattern = self.compile(pattern, "swap", self.ignorecase)
        self.exceptions = {e.lower() if self.ignorecase else e for e in string_list(self, "exceptions", spec.get("exceptions"))}

    def replacement_for(self, found: str) -> str | None:
        key = found.lower() if self.ignorecase else found
        if key in self.literal:
            return self.literal[key]
        for pattern, value in self.patterns:
            if pattern.fullmatch(found):
                return value
        return None

    def matches(self, text: str, start: int, end: int, block: Block, doc: Document) -> Iterable[Match]:
        for m in finditer(self.pattern, text, start, end, self.context.match_timeout):
            found = m.group()
            if not found or (found.lower() if self.ignorecase else found) in self.exceptions:
                continue
            replacement = self.replacement_for(found)
            if replacement is None:
                continue
            options = [r.strip() for r in replacement.split("|")] if "|" in replacement else [replacement]
            # A swap that changes only case under ignorecase would fire on correct text.
            if any(o == found for o in options):
                continue
            if self.capitalize or (found[:1].isupper() and not replacement[:1].isupper() and m.start() == _sentence_start(text, m.start())):
                options = [o[:1].upper() + o[1:] if o else o for o in options]
            yield Match(m.start(), m.end(), (" or ".join(options), found), options)


def _sentence_start(text: str, pos: int) -> int:
    """pos itself when the word at pos opens its sentence, else -1."""
    before = text[:pos].rstrip()
    if not before or before[-1] in ".!?:\n":
        return pos
    return -1


def _swap_error(rule: Rule, mapping: LinedDict, key: str, message: str) -> Exception:
    from ..errors import RuleError

    line = mapping.line_of(key) if hasattr(mapping, "line_of") else rule.line_of("swap")
    return RuleError(rule.path, message, line)
