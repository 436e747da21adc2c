"""--format gitlab: a GitLab Code Quality report (a JSON array of Code Climate issues).

GitLab reads description, check_name, fingerprint, severity and location
(path + lines.begin or positions.begin.line); a merge request shows the issues
its changes add or fix, matched by fingerprint. So the fingerprint hashes only
what identifies the problem (path, rule, line, matched text) and numbers
repeats, because GitLab drops issues whose fingerprint it has already seen.
"""

from __future__ import annotations

import json
from typing import Any

from ._common import fingerprints, is_error, report_path

SEVERITIES = {"suggestion": "info", "warning": "minor", "error": "major"}


def render(result, ctx) -> str:
    prints = fingerprints(result.findings, lambda f: (report_path(f.path), f.rule, f.line, f.match if not is_error(f) else f.message))
    issues = [_issue(f, fp) for f, fp in zip(result.findings, prints, strict=True)]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def _issue(finding, fingerprint: str) -> dict[str, Any]:
    error = is_error(finding)
    line = max(1, finding.line)
    end_line = max(line, finding.end_line)
    issue: dict[str, Any] = {
        "type": "issue",
        "description": finding.message if error else f"{finding.message} ({finding.rule})",
        "check_name": finding.rule,
        "fingerprint": fingerprint,
        # A run error means the file was not (fully) checked: worse than any style finding.
        "severity": "critical" if error else SEVERITIES.get(finding.level, "minor"),
        "categories": ["Bug Risk"] if error else ["Style"],
        "location": {
            "path": report_path(finding.path),
            "positions": {
                "begin": {"line": line, "column": max(1, finding.column)},
                "end": {"line": end_line, "column": max(1, finding.end_column if not error else finding.column)},
            },
        },
    }
    if finding.related:
        issue["other_locations"] = [
            {"path": report_path(rel.path), "lines": {"begin": max(1, rel.line), "end": max(1, rel.line)}} for rel in finding.related
        ]
    return issue
