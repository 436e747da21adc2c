"""--format text: findings grouped by file, each with its source line and a caret.

Long lines (scraped copy often has a whole paragraph on one line) are shown as
a window around the match so the caret stays on screen.
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby

import click

LEVEL_COLOURS = {"error": "red", "warning": "yellow", "suggestion": "blue"}
WINDOW = 96


def render(result, ctx) -> str:
    out: list[str] = []
    style = _styler(ctx.color)
    # Errors are printed to stderr as single lines by the CLI; the report lists findings.
    shown = [f for f in result.findings if f.kind != "error"]
    for path, group in groupby(shown, key=lambda f: f.path):
        findings = list(group)
        out.append(style(path, bold=True, underline=True))
        source = result.sources.get(path)
        lines = source.split("\n") if source is not None else None
        for f in findings:
            level = style(f"{f.level:<10}", fg=LEVEL_COLOURS.get(f.level, "red"))
            out.append(f" {f.line:>4}:{f.column:<3} {level} {f.message}  {style(f.rule, dim=True)}")
            if f.suggestions and any(f.suggestions):
                shown = ", ".join(repr(s) for s in f.suggestions[:5])
                out.append(f"            {style('suggest:', fg='green')} {shown}")
            for rel in f.related:
                out.append(f"            {style('see:', dim=True)} {rel.path}:{rel.line}:{rel.column}")
            if lines is not None and 1 <= f.line <= len(lines) and f.kind != "error":
                snippet, caret = _snippet(lines[f.line - 1].rstrip("\r"), f)
                out.append("            " + snippet)
                out.append("            " + style(caret, fg=LEVEL_COLOURS.get(f.level, "red"), bold=True))
        out.append("")
    if not ctx.quiet:
        out.append(_summary(result, style))
    if ctx.statistics:
        out.append(statistics(result))
    return "\n".join(out) + "\n"


def _snippet(line: str, f) -> tuple[str, str]:
    """The part of the line around the match, at most WINDOW characters, and its caret."""
    start = min(f.column - 1, len(line))
    end = f.end_column - 1 if f.end_line == f.line else len(line)
    end = max(end, start + 1)
    left = max(0, start - WINDOW // 3)
    right = min(len(line), left + WINDOW)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    shown = prefix + line[left:right].replace("\t", " ") + suffix
    caret = " " * (len(prefix) + start - left) + "^" * max(1, min(end, right) - start)
    return shown, caret


def _summary(result, style) -> str:
    counts = Counter(f.level for f in result.findings if f.kind != "error")
    errors = sum(1 for f in result.findings if f.kind == "error")
    files = len(result.files)
    total = sum(counts.values())
    if not total and not errors:
        return style(f"No problems in {files} file{'s' if files != 1 else ''}.", fg="green")
    parts = [f"{counts[level]} {level}{'s' if counts[level] != 1 else ''}" for level in ("error", "warning", "suggestion") if counts[level]]
    text = f"{total} problem{'s' if total != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "") + f" in {files} file{'s' if files != 1 else ''}."
    if errors:
        text += f" {errors} error{'s' if errors != 1 else ''} (printed above on stderr)."
    return style(text, bold=True)


def statistics(result) -> str:
    """Findings per rule, and which articles were grouped into stories."""
    counts = Counter(f.rule for f in result.findings)
    lines = ["", "Findings by rule:"]
    for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"  {count:>6}  {rule}")
    if result.stories:
        lines.append("")
        lines.append(f"Stories compared ({len(result.stories)}):")
        for number, story in enumerate(result.stories, 1):
            # Stories from newslint.stories say how they were grouped (story key, folder, shared terms).
            how = getattr(story, "reason", "")
            shared = getattr(story, "shared", ())
            if shared:
                how += ": " + ", ".join(shared)
            lines.append(f"  story {number}" + (f" ({how})" if how else "") + ": " + ", ".join(story))
        grouped = {path for story in result.stories for path in story}
        alone = [path for path in result.files if path not in grouped]
        if alone and len(alone) <= 20:
            lines.append("  not grouped: " + ", ".join(alone))
        elif alone:
            lines.append(f"  not grouped: {len(alone)} articles")
    return "\n".join(lines)


def _styler(color: bool):
    def style(text: str, **kwargs) -> str:
        return click.style(text, **kwargs) if color else text

    return style
