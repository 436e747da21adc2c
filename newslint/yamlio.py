"""YAML loading that remembers where each key was, so errors can name file:line."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import NewslintError


class LinedDict(dict):
    """A mapping from YAML that knows the 1-based line of each key."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}
        self.line: int = 1

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LinedList(list):
    """A sequence from YAML that knows the line of each item."""

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.lines: list[int] = []
        self.line: int = 1

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


class _LinedLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LinedLoader, node: yaml.MappingNode) -> LinedDict:
    loader.flatten_mapping(node)
    result = LinedDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LinedLoader, node: yaml.SequenceNode) -> LinedList:
    result = LinedList(loader.construct_object(child, deep=True) for child in node.value)
    result.lines = [child.start_mark.line + 1 for child in node.value]
    result.line = node.start_mark.line + 1
    return result


_LinedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LinedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(text: str, path: str, error: type[NewslintError] = NewslintError) -> Any:
    """Parse YAML text; a syntax error becomes `error` naming path:line."""
    try:
        return yaml.load(text, Loader=_LinedLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "stream end" in (exc.problem or ""):
            # An unclosed bracket is only noticed at the end of the file; the
            # line where the construct opened is where the user should look.
            mark = exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise error(path, f"invalid YAML: {problem}", line, column) from None
    except yaml.YAMLError as exc:
        raise error(path, f"invalid YAML: {exc}") from None


def read_yaml_file(path: str, error: type[NewslintError] = NewslintError) -> Any:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise error(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(path, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line) from None
    return load_yaml(text, path, error)
