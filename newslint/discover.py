"""Paths on the command line to article files, honouring excludes."""

from __future__ import annotations

import os
from typing import Callable, Iterator

from .formats import format_for
from .gitignore import GitIgnore

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache", ".pytest_cache"}


def discover(paths: list[str], excluded: Callable[[str], bool], gitignore: Callable[[str], bool] = lambda folder: False) -> Iterator[tuple[str, bool]]:
    """(path, named) for each article; named is True when the user named the file itself.

    A file named on the command line is linted whatever its extension (as plain
    text), except when the config excludes it; directories recurse into files
    with article extensions only, skipping what git ignores when gitignore(the
    directory) says so. A missing path is yielded too, so the reader reports it.
    """
    seen: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            rules = GitIgnore(path)
            for root, dirs, files in os.walk(path):
                # Asked per folder: a config further down may switch it off for its own tree.
                ignore = rules if gitignore(root) else None
                dirs[:] = sorted(
                    d for d in dirs if d not in SKIP_DIRS and not d.startswith(".") and not (ignore and ignore.ignored(root, d, True))
                )
                for name in sorted(files):
                    full = os.path.join(root, name)
                    if format_for(full) is None or excluded(full) or (ignore and ignore.ignored(root, name, False)):
                        continue
                    key = os.path.abspath(full)
                    if key not in seen:
                        seen.add(key)
                        yield _display(full), False
        else:
            key = os.path.abspath(path)
            if key in seen or (os.path.exists(path) and excluded(path)):
                continue
            seen.add(key)
            yield _display(path), True


def _display(path: str) -> str:
    return path[2:] if path.startswith("./") else path
