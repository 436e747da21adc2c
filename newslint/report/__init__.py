"""The output-format registry: the one place a new report format is added.

A reporter is a function `render(result: RunResult, ctx: ReportContext) -> str`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

REPORTERS: dict[str, str] = {
    "text": "newslint.report.text:render",
    "line": "newslint.report.line:render",
    "json": "newslint.report.json:render",
    "jsonl": "newslint.report.json:render_lines",
    "sarif": "newslint.report.sarif:render",
    "github": "newslint.report.github:render",
    "junit": "newslint.report.junit:render",
    "gitlab": "newslint.report.gitlab:render",
    "html": "newslint.report.html:render",
}

# Formats whose reporter shows the article text, so the run keeps each source.
NEEDS_SOURCES = {"text", "html"}


@dataclass
class ReportContext:
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    fail_level: str = "warning"
    version: str = ""


def reporter(name: str) -> Callable:
    module_name, _, func = REPORTERS[name].partition(":")
    return getattr(importlib.import_module(module_name), func)
