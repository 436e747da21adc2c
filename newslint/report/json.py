"""--format json (an array of findings) and jsonl (one finding per line).

The keys are the output contract: path, line, column, end_line, end_column,
rule, kind, level, message, match, suggestions, link, related.
"""

from __future__ import annotations

import json


def render(result, ctx) -> str:
    return json.dumps([f.to_dict() for f in result.findings], ensure_ascii=False, indent=2) + "\n"


def render_lines(result, ctx) -> str:
    return "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in result.findings)
