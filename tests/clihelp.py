"""Helpers the CLI tests share: run newslint as a user would, write an article."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from newslint.cli import main


def cli(*args: str, cwd: Path):
    """newslint ARGS from the folder cwd (colour off), through click's test runner."""
    old = os.getcwd()
    try:
        os.chdir(cwd)
        return CliRunner().invoke(main, ["--no-color", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
