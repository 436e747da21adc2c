"""extends: existence — flag any occurrence of the listed tokens or raw pattern (Vale)."""

from __future__ import annotations

from typing import Iterable

from ..document import Block, Document
from ..matching import alternation, finditer, word_bounded
from ..yamlio import LinedDict
from .base import Match, Rule, string_list


class ExistenceRule(Rule):
    kind = "existence"
    keys = {
        "tokens": (list, str),
        "raw": (list, str),
        "append": (bool,),
        "ignorecase": (bool,),
        "nonword": (bool,),
        "exceptions": (list,),
        "vocab": (bool,),
    }
    default_message = "Avoid '%s'."

    def configure(self, spec: LinedDict) -> None:
        tokens = string_list(self, "tokens", spec.get("tokens"))
        raw = string_list(self, "raw", spec.get("raw"))
        if not tokens and not raw:
            raise self.error("extends", "an existence rule needs 'tokens' or 'raw'")
        # Each token is checked alone first, so a bad one is named precisely.
        for token in tokens:
            self.compile(token, "tokens")
        ignorecase = bool(spec.get("ignorecase", False))
        parts: list[str] = []
        if tokens:
            parts.append(word_bounded(alternation(tokens), bool(spec.get("nonword", False))))
        if raw:
            parts.append("".join(raw))
        pattern = "".join(parts) if spec.get("append") else "|".join(f"(?:{p})" for p in parts)
        key = "tokens" if tokens else "raw"
        self.pattern = self.compile(pattern, key, ignorecase)
        self.document_gate = self.pattern  # every match is a match of this pattern
        exceptions = string_list(self, "exceptions", spec.get("exceptions"))
        self.exceptions = {e.lower() if ignorecase else e for e in exceptions}
        self.ignorecase = ignorecase

    def matches(self, text: str, start: int, end: int, block: Block, doc: Document) -> Iterable[Match]:
        for m in finditer(self.pattern, text, start, end, self.context.match_timeout):
            if m.end() == m.start():
                continue
            found = m.group()
            if self.exceptions and (found.lower() if self.ignorecase else found) in self.exceptions:
                continue
            suggestions = action_suggestions(self.action, found)
            yield Match(m.start(), m.end(), (found,), suggestions)


def action_suggestions(action: dict, found: str) -> list[str]:
    """Suggestions from Vale's `action` key (replace, remove, edit)."""
    if not action:
        return []
    name = action.get("name")
    params = action.get("params") or []
    if name == "replace":
        return [str(p) for p in params]
    if name == "remove":
        return [""]
    if name == "edit" and params:
        op = params[0]
        if op == "truncate" and len(params) > 1:
            return [found.split(str(params[1]))[0]]
        if op == "trim_right" and len(params) > 1:
            return [found.rstrip(str(params[1]))]
        if op == "trim_left" and len(params) > 1:
            return [found.lstrip(str(params[1]))]
        if op == "trim" and len(params) > 1:
            return [found.strip(str(params[1]))]
        if op == "regex" and len(params) > 2:
            import regex

            # Vale (Go) writes group references as $1; Python's sub wants \g<1>.
            template = regex.sub(r"\$(\d+)", r"\\g<\1>", str(params[2]))
            try:
                return [regex.sub(str(params[1]), template, found)]
            except (regex.error, IndexError):
                return []
    return []
