"""--format junit: JUnit XML, one testcase per checked file, for CI test-report views.

A file fails when it has a finding at or above its fail level; the failure's
text lists every finding as `path:line:col rule message`. Findings below the
fail level go to the testcase's system-out, and input, config, rule-file and
internal errors become <error> elements (on a testcase of their own when the
error is about a config or rule file rather than an article).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..findings import level_rank
from ._common import is_error, report_path

# XML 1.0 cannot carry most control characters, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _line(finding) -> str:
    text = f"{report_path(finding.path)}:{finding.line}:{finding.column} {finding.rule} [{finding.level}] {' '.join(finding.message.split())}"
    return _clean(text)


def render(result, ctx) -> str:
    by_path: dict[str, list] = {path: [] for path in result.files}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)

    suite = ET.Element("testsuite", name="newslint")
    failures = errors = 0
    for path, findings in by_path.items():
        case = ET.SubElement(suite, "testcase", name=_clean(report_path(path)), classname="newslint", file=_clean(report_path(path)))
        problems = [f for f in findings if is_error(f)]
        threshold = result.fail_levels.get(path, ctx.fail_level)
        failing = [f for f in findings if not is_error(f) and level_rank(f.level) >= level_rank(threshold)]
        below = [f for f in findings if not is_error(f) and level_rank(f.level) < level_rank(threshold)]
        if problems:
            errors += 1
            element = ET.SubElement(case, "error", message=_clean(problems[0].message), type=problems[0].rule)
            element.text = "\n".join(_line(f) for f in problems)
        if failing:
            failures += 1
            count = len(failing)
            element = ET.SubElement(case, "failure", message=f"{count} problem{'s' if count != 1 else ''}", type="newslint")
            element.text = "\n".join(_line(f) for f in failing)
        if below:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in below)

    counts = {"tests": str(len(by_path)), "failures": str(failures), "errors": str(errors), "skipped": "0"}
    suite.attrib.update(counts)
    root = ET.Element("testsuites", name="newslint", **{k: v for k, v in counts.items() if k != "skipped"})
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
