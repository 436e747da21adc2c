"""Helpers the machine-readable reporters share: report paths, rule metadata, error split.

CI systems (GitHub, GitLab, SARIF viewers) resolve a finding's file against the
repository checkout, so paths are reported relative to the working directory
with forward slashes whatever the platform.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any, Iterable

PROJECT_URI = "https://pypi.org/project/newslint/"


def report_path(path: str) -> str:
    """A finding's path relative to the working directory, with forward slashes.

    Paths outside the working directory stay absolute (still with forward
    slashes); `<stdin>` and other non-paths are returned as they are.
    """
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            relative = path
        if not relative.startswith(".." + os.sep) and relative != "..":
            path = relative
    path = path.replace(os.sep, "/") if os.sep != "/" else path
    while path.startswith("./"):
        path = path[2:]
    return path


def is_error(finding: Any) -> bool:
    """Input, config, rule-file and internal errors (and crashed rules), not style findings."""
    return finding.kind == "error"


def rules_by_id(rulesets: Iterable[Any]) -> dict[str, Any]:
    """Every enabled rule once, sorted by id (the first rule set that has it wins)."""
    found: dict[str, Any] = {}
    for ruleset in rulesets:
        for rule in ruleset.rules:
            found.setdefault(rule.id, rule)
    return dict(sorted(found.items()))


def rule_summary(rule: Any) -> str:
    """A one-line description of a rule: its description's first line, else its message template."""
    description = (getattr(rule, "description", "") or "").strip()
    if description:
        first = " ".join(description.split("\n\n", 1)[0].split())
        if first:
            return first
    return template_text(getattr(rule, "message", "") or rule.id)


def template_text(message: str) -> str:
    """A message template readable on its own: `%s` placeholders become an ellipsis."""
    return " ".join(message.replace("%s", "…").replace("%d", "…").split()) or message


def fingerprints(findings: Iterable[Any], key_parts) -> list[str]:
    """A stable hash per finding from `key_parts(finding)`.

    Identical keys (the same word flagged twice on one line) get an occurrence
    number, so CI systems that deduplicate by fingerprint keep both.
    """
    seen: dict[tuple[str, ...], int] = {}
    out: list[str] = []
    for finding in findings:
        parts = tuple(str(p) for p in key_parts(finding))
        count = seen.get(parts, 0)
        seen[parts] = count + 1
        key = "\0".join(parts + ((str(count),) if count else ()))
        # surrogateescape: a file name that is not UTF-8 keeps its own bytes in the key
        out.append(hashlib.md5(key.encode("utf-8", "surrogateescape"), usedforsecurity=False).hexdigest())
    return out
