"""In-text controls: which rules are switched off where in a document.

Understood in Markdown and HTML comments, and in plain text as a comment on a
line of its own:

    <!-- newslint off --> ... <!-- newslint on -->
    <!-- newslint News.Said = NO --> ... <!-- newslint News.Said = YES -->
    <!-- newslint News = NO -->                    (a whole style)
    <!-- newslint-disable-next-line News.Said -->  (or with no rule: every rule)

Vale's `<!-- vale ... -->` forms work the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .document import Document
from .findings import Finding

_SWITCH = regex.compile(r"^(?:newslint|vale)\s+(off|on)$", regex.IGNORECASE)
_RULE_SWITCH = regex.compile(r"^(?:newslint|vale)\s+(.+?)\s*$", regex.IGNORECASE)
_ASSIGN = regex.compile(r"^([\w.\-*]+)\s*=\s*(NO|YES|OFF|ON)$", regex.IGNORECASE)
_NEXT_LINE = regex.compile(r"^(?:newslint|vale)-disable-next-line\b\s*(.*)$", regex.IGNORECASE)
_ALL = "*"


@dataclass
class Suppressions:
    """Source ranges (start, end) where a rule, a style or every rule ('*') is off."""

    ranges: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def add(self, key: str, start: int, end: int) -> None:
        self.ranges.setdefault(key, []).append((start, end))

    def suppressed(self, finding: Finding) -> bool:
        if not self.ranges:
            return False
        style = finding.rule.split(".", 1)[0]
        for key in (_ALL, finding.rule, style):
            for start, end in self.ranges.get(key, ()):
                if start <= finding.start < end:
                    return True
        return False

    def __bool__(self) -> bool:
        return bool(self.ranges)


def suppressions(doc: Document) -> Suppressions:
    result = Suppressions()
    if not doc.comments:
        return result
    open_at: dict[str, int] = {}
    end_of_doc = len(doc.source) + 1
    for comment in doc.comments:
        body = " ".join(comment.body.split())
        switch = _SWITCH.match(body)
        if switch:
            _toggle(result, open_at, _ALL, switch.group(1).lower() == "off", comment.end, comment.start)
            continue
        next_line = _NEXT_LINE.match(body)
        if next_line:
            start, end = _next_line_span(doc, comment.end)
            targets = [t for t in regex.split(r"[\s,]+", next_line.group(1).strip()) if t] or [_ALL]
            for target in targets:
                result.add(target, start, end)
            continue
        rule_switch = _RULE_SWITCH.match(body)
        if rule_switch:
            for part in rule_switch.group(1).split(","):
                assign = _ASSIGN.match(part.strip())
                if assign:
                    off = assign.group(2).upper() in ("NO", "OFF")
                    _toggle(result, open_at, assign.group(1), off, comment.end, comment.start)
    for key, start in open_at.items():
        result.add(key, start, end_of_doc)
    return result


def _toggle(result: Suppressions, open_at: dict[str, int], key: str, off: bool, after: int, before: int) -> None:
    if off:
        open_at.setdefault(key, after)
    elif key in open_at:
        result.add(key, open_at.pop(key), before)


def _next_line_span(doc: Document, offset: int) -> tuple[int, int]:
    """The first non-blank line after offset, as a source range."""
    source = doc.source
    pos = source.find("\n", offset)
    while pos != -1:
        start = pos + 1
        end = source.find("\n", start)
        end = len(source) if end == -1 else end
        if source[start:end].strip():
            return start, end
        pos = source.find("\n", start) if end < len(source) else -1
    return len(source), len(source)
