"""--format line: Vale's `path:line:column:Style.Rule:message`, one finding per line."""

from __future__ import annotations


def render(result, ctx) -> str:
    lines = [
        f"{f.path}:{f.line}:{f.column}:{f.rule}:{' '.join(f.message.split())}"
        for f in result.findings
    ]
    return "\n".join(lines) + ("\n" if lines else "")
