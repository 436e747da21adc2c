"""Errors that stop a config or rule file from loading, always naming file:line."""

from __future__ import annotations


class NewslintError(Exception):
    """A user-facing error: one line, naming the file and the line where it applies."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column
        self.message = message

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class ConfigError(NewslintError):
    """A bad .newslint.yaml, [tool.newslint] table or command-line setting."""


class RuleError(NewslintError):
    """A rule file that cannot be loaded: broken YAML, unknown kind or key, bad regex."""


class InputError(NewslintError):
    """An article that cannot be read: missing, binary, too large, undecodable."""
