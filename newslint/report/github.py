"""--format github: GitHub Actions workflow commands, one annotation per finding.

`::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`, escaped
exactly as the Actions toolkit (@actions/core) escapes: the message with
escapeData, property values with escapeProperty. Errors (input, config, rule
file, internal) are `::error` annotations too, so a broken run is visible on
the pull request.
"""

from __future__ import annotations

from ._common import is_error, report_path

COMMANDS = {"error": "error", "warning": "warning", "suggestion": "notice"}


def escape_data(value: str) -> str:
    """The toolkit's escapeData: % first, so the escapes themselves survive."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """The toolkit's escapeProperty: escapeData plus the property separators ':' and ','."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(result, ctx) -> str:
    return "".join(annotation(f) + "\n" for f in result.findings)


def annotation(finding) -> str:
    command = "error" if is_error(finding) else COMMANDS.get(finding.level, "warning")
    props: list[tuple[str, str]] = [("file", report_path(finding.path)), ("line", str(max(1, finding.line)))]
    if not is_error(finding):
        end_line = max(finding.line, finding.end_line)
        props.append(("col", str(max(1, finding.column))))
        props.append(("endLine", str(end_line)))
        # GitHub rejects endColumn on an annotation that spans lines.
        if end_line == finding.line and finding.end_column > finding.column:
            props.append(("endColumn", str(finding.end_column)))
    else:
        props.append(("col", str(max(1, finding.column))))
    props.append(("title", finding.rule if not is_error(finding) else f"newslint error ({finding.rule})"))
    message = finding.message
    if finding.suggestions and any(finding.suggestions):
        message += "\nSuggestion: " + ", ".join(f"'{s}'" for s in finding.suggestions[:5])
    for rel in finding.related:
        message += f"\nSee {report_path(rel.path)}:{rel.line}:{rel.column}" + (f" ({rel.message})" if rel.message else "")
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{command} {rendered}::{escape_data(message)}"
