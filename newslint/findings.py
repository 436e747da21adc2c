"""Findings and severity levels: the records every reporter prints.

The JSON keys of Finding.to_dict() are the output contract other tools parse:
path, line, column, end_line, end_column, rule, kind, level, message, match,
suggestions, link, related. Keep them stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS = ("suggestion", "warning", "error")
LEVEL_RANK = {name: rank for rank, name in enumerate(LEVELS)}


def level_rank(level: str) -> int:
    return LEVEL_RANK.get(level, LEVEL_RANK["error"])


@dataclass(slots=True)
class Related:
    """Another place a cross-source finding points at."""

    path: str
    line: int
    column: int
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "line": self.line, "column": self.column}
        if self.message:
            data["message"] = self.message
        return data


@dataclass(slots=True)
class Finding:
    """One problem at one source span.

    Spans are source offsets (start inclusive, end exclusive) into the decoded
    document; line/column are 1-based code points and end_column is exclusive,
    so source[start:end] is the matched text.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    kind: str
    level: str
    message: str
    match: str = ""
    suggestions: list[str] = field(default_factory=list)
    link: str = ""
    related: list[Related] = field(default_factory=list)
    start: int = 0  # source offsets, used by --fix and the HTML report
    end: int = 0
    fixable: bool = False  # the span is verbatim source, outside quoted speech

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.end_line, self.end_column, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "kind": self.kind,
            "level": self.level,
            "message": self.message,
            "match": self.match,
            "suggestions": list(self.suggestions),
            "link": self.link,
            "related": [r.to_dict() for r in self.related],
        }


def error_finding(path: str, message: str, line: int = 1, column: int = 1, rule: str = "newslint.Error") -> Finding:
    """An input, rule or internal error reported against a file (exit code 2)."""
    return Finding(
        path=path,
        line=line,
        column=column,
        end_line=line,
        end_column=column,
        rule=rule,
        kind="error",
        level="error",
        message=message,
    )
