"""The input-format registry: the one place a new article format is added.

An extractor is a function `extract(doc: Document) -> None` that fills
doc.blocks (prose with offset maps), doc.comments (in-text controls) and
doc.metadata (front matter and the like).
"""

from __future__ import annotations

import importlib
import os
from typing import Callable

from ..document import Document

FORMATS: dict[str, str] = {
    "plaintext": "newslint.formats.plaintext:extract",
    "markdown": "newslint.formats.markdown:extract",
    "html": "newslint.formats.html:extract",
}

EXTENSIONS: dict[str, str] = {
    ".txt": "plaintext",
    ".text": "plaintext",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def format_for(path: str) -> str | None:
    """The format of a path by its extension, or None when it is not an article."""
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())


def extractor(name: str) -> Callable[[Document], None]:
    module_name, _, func = FORMATS[name].partition(":")
    return getattr(importlib.import_module(module_name), func)


def parse(doc: Document, format_name: str) -> None:
    extractor(format_name)(doc)
