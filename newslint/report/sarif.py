"""--format sarif: one SARIF 2.1.0 log (OASIS), for code-scanning dashboards and SARIF viewers.

Columns are Unicode code points (`columnKind: unicodeCodePoints`) and our
end_column is exclusive, exactly as SARIF defines a region's endColumn, so
positions pass through unchanged. Style findings are `results`; input, config,
rule-file and internal errors are tool execution notifications, because they
describe the run, not the copy, and make `executionSuccessful` false.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ._common import PROJECT_URI, fingerprints, is_error, report_path, rule_summary, rules_by_id, template_text

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}
ROOT = "%SRCROOT%"


def render(result, ctx) -> str:
    return json.dumps(sarif_log(result, ctx), ensure_ascii=False, indent=2) + "\n"


def sarif_log(result, ctx) -> dict[str, Any]:
    rules = rules_by_id(result.rulesets)
    # Findings of a rule the rule sets do not list (a crashed cross-source rule,
    # a rule from a replaced style) still get a descriptor, so ruleIndex is valid.
    for finding in result.findings:
        if not is_error(finding) and finding.rule not in rules:
            rules[finding.rule] = None
    rule_ids = sorted(rules)
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    artifacts = _artifacts(result.files)
    artifact_index = {art["location"]["uri"]: i for i, art in enumerate(artifacts)}

    findings = [f for f in result.findings if not is_error(f)]
    # Without the line, so a fingerprint survives edits elsewhere in the article.
    prints = fingerprints(findings, lambda f: (report_path(f.path), f.rule, f.match, f.message))
    results = [_result(f, index, artifact_index, fp) for f, fp in zip(findings, prints, strict=True)]
    notifications = [_notification(f, index) for f in result.findings if is_error(f)]

    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "newslint",
                "version": ctx.version or "0",
                "informationUri": PROJECT_URI,
                "rules": [_descriptor(rule_id, rules[rule_id]) for rule_id in rule_ids],
            }
        },
        "invocations": [
            {
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }
        ],
        "originalUriBaseIds": {ROOT: {"uri": Path(os.getcwd()).as_uri().rstrip("/") + "/"}},
        "artifacts": artifacts,
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _descriptor(rule_id: str, rule: Any) -> dict[str, Any]:
    name = rule_id.rsplit(".", 1)[-1]
    if rule is None:
        return {"id": rule_id, "name": name, "shortDescription": {"text": rule_id}}
    short = template_text(rule.message or rule_id)
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": rule_summary(rule) if rule.description else short},
        "defaultConfiguration": {"level": SARIF_LEVELS.get(rule.level, "warning")},
        "properties": {"kind": rule.kind, "tags": ["prose", rule.kind]},
    }
    if rule.description:
        descriptor["help"] = {"text": " ".join(rule.description.split())}
    if rule.link:
        descriptor["helpUri"] = rule.link
    return descriptor


def _artifacts(files: list[str]) -> list[dict[str, Any]]:
    return [{"location": _artifact_location(path), "roles": ["analysisTarget"]} for path in files]


def _artifact_location(path: str) -> dict[str, Any]:
    shown = report_path(path)
    if os.path.isabs(shown):
        return {"uri": Path(shown).as_uri()}
    # A URI reference: percent-encode everything but the path separators.
    # A file name that is not UTF-8 is percent-encoded byte for byte, as a URI must be.
    return {"uri": quote(shown.encode("utf-8", "surrogateescape"), safe="/"), "uriBaseId": ROOT}


def _region(line: int, column: int, end_line: int, end_column: int, snippet: str | None = None) -> dict[str, Any]:
    line = max(1, line)
    column = max(1, column)
    end_line = max(line, end_line)
    if end_line == line:
        end_column = max(column, end_column)
    region: dict[str, Any] = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": max(1, end_column)}
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _location(finding, artifact_index: dict[str, int]) -> dict[str, Any]:
    artifact = _artifact_location(finding.path)
    if artifact["uri"] in artifact_index:
        artifact["index"] = artifact_index[artifact["uri"]]
    region = _region(finding.line, finding.column, finding.end_line, finding.end_column, finding.match)
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def _result(finding, index: dict[str, int], artifact_index: dict[str, int], fingerprint: str) -> dict[str, Any]:
    location = _location(finding, artifact_index)
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": SARIF_LEVELS.get(finding.level, "warning"),
        "message": {"text": finding.message or finding.rule},
        "locations": [location],
        "partialFingerprints": {"newslint/v1": fingerprint},
    }
    if finding.related:
        out["relatedLocations"] = [
            {
                "id": number,
                "physicalLocation": {
                    "artifactLocation": _artifact_location(rel.path),
                    "region": {"startLine": max(1, rel.line), "startColumn": max(1, rel.column)},
                },
                "message": {"text": rel.message or f"compare {report_path(rel.path)}:{rel.line}:{rel.column}"},
            }
            for number, rel in enumerate(finding.related, 1)
        ]
    properties: dict[str, Any] = {"kind": finding.kind, "match": finding.match}
    if finding.suggestions:
        properties["suggestions"] = list(finding.suggestions)
    if finding.link:
        properties["link"] = finding.link
    out["properties"] = properties
    # Offer fixes only where --fix itself would edit: the span is verbatim source
    # outside quoted speech, so replacing the region with the suggestion is exact.
    if finding.suggestions and finding.fixable and (finding.line, finding.column) != (finding.end_line, finding.end_column):
        region = location["physicalLocation"]["region"]
        deleted = {k: region[k] for k in ("startLine", "startColumn", "endLine", "endColumn")}
        out["fixes"] = [
            {
                "description": {"text": f"Replace '{finding.match}' with '{s}'" if s else f"Delete '{finding.match}'"},
                "artifactChanges": [
                    {
                        "artifactLocation": _artifact_location(finding.path),
                        "replacements": [{"deletedRegion": deleted, **({"insertedContent": {"text": s}} if s else {})}],
                    }
                ],
            }
            for s in finding.suggestions
        ]
    return out


def _notification(finding, index: dict[str, int]) -> dict[str, Any]:
    note: dict[str, Any] = {
        "level": "error",
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact_location(finding.path),
                    "region": _region(finding.line, finding.column, finding.line, finding.column),
                }
            }
        ],
    }
    if finding.rule in index:  # a style rule crashed or timed out on this file
        note["associatedRule"] = {"id": finding.rule, "index": index[finding.rule]}
    else:  # newslint.Input / .Config / .Rule / .Internal describe the run itself
        note["descriptor"] = {"id": finding.rule}
    return note

