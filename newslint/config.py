"""Configuration: .newslint.yaml or [tool.newslint], found nearest to each file.

Every key is validated; a bad value is a ConfigError naming file:line. Paths in
a config are relative to the config file's folder.
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .findings import LEVELS
from .yamlio import LinedDict, read_yaml_file

CONFIG_NAMES = (".newslint.yaml", ".newslint.yml", "pyproject.toml")
GROUPING_MODES = ("auto", "folder", "frontmatter", "off")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024

# key -> (types, description) — the description feeds error messages and docs.
KEYS: dict[str, tuple[tuple[type, ...], str]] = {
    "styles": ((list, str), "styles that are on, e.g. [News]"),
    "rules_paths": ((list, str), "extra folders of styles (Vale's StylesPath)"),
    "rules": ((dict,), "per rule or style: a level (suggestion, warning, error) or on/off"),
    "min_level": ((str,), "the lowest level shown"),
    "fail_level": ((str,), "the lowest level that fails the run (exit 1)"),
    "exclude": ((list, str), "glob patterns of paths never linted"),
    "respect_gitignore": ((bool,), "true or false: skip what git ignores when walking folders (default true)"),
    "per_path_ignores": ((dict,), "glob -> list of rule ids or styles to skip there"),
    "vocabulary": ((dict,), "accept: [...] and reject: [...] terms"),
    "stories": ((dict,), "grouping: auto | folder | frontmatter | off"),
    "context": ((list, str), "articles read for cross-source comparison but not reported"),
    "max_file_size": ((int,), "largest article in bytes"),
    "encoding": ((str,), "the encoding of articles that are not UTF-8"),
    "match_timeout": ((int, float), "seconds one rule's pattern may take on one paragraph (per million characters beyond that)"),
}


@dataclass
class Config:
    path: str | None = None
    root: str = "."
    styles: list[str] | None = None  # None: the default (News)
    rules_paths: list[str] = field(default_factory=list)
    rules: dict[str, str] = field(default_factory=dict)
    min_level: str = "suggestion"
    fail_level: str = "warning"
    exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    accept: list[str] = field(default_factory=list)
    reject: list[str] = field(default_factory=list)
    grouping: str = "auto"
    context: list[str] = field(default_factory=list)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    encoding: str | None = None
    match_timeout: float = 2.0
    # Where each rule or style name under `rules` and `per_path_ignores` is written,
    # so a name that matches no rule can be reported at its line.
    name_lines: dict[str, int] = field(default_factory=dict)
    # The line of each top-level key, for errors found after loading (a missing style or folder).
    key_lines: dict[str, int] = field(default_factory=dict)
    # Rule folders given with --rules, as the user typed them (absolute path -> typed).
    command_line_rules: dict[str, str] = field(default_factory=dict)

    @property
    def enabled_styles(self) -> list[str]:
        return self.styles if self.styles is not None else ["News"]

    def excluded(self, path: str) -> bool:
        rel = self.relative(path)
        return any(_glob_match(rel, pattern) for pattern in self.exclude)

    def ignored_rules(self, path: str) -> list[str]:
        rel = self.relative(path)
        out: list[str] = []
        for pattern, rules in self.per_path_ignores.items():
            if _glob_match(rel, pattern):
                out.extend(rules)
        return out

    def relative(self, path: str) -> str:
        try:
            rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        except ValueError:
            rel = path
        return rel.replace(os.sep, "/")

    def ruleset_key(self) -> tuple:
        """Configs with equal keys share one compiled rule set."""
        return (
            tuple(self.enabled_styles),
            tuple(self.rules_paths),
            tuple(sorted(self.rules.items())),
            tuple(sorted(self.accept)),
            tuple(sorted(self.reject)),
            self.match_timeout,
        )


def _line_in(table: Any, key: Any, fallback: int) -> int:
    """The line of a nested key in YAML; in TOML (no lines kept), its table's line."""
    return table.line_of(key) if isinstance(table, LinedDict) and key in table.lines else fallback


def _glob_match(rel: str, pattern: str) -> bool:
    pattern = pattern.rstrip("/")
    if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern + "/*"):
        return True
    # "drafts" or "drafts/**" also excludes everything below drafts/.
    base = pattern[:-3] if pattern.endswith("/**") else pattern
    parts = rel.split("/")
    return any(fnmatch.fnmatch("/".join(parts[:i]), base) for i in range(1, len(parts) + 1)) or any(
        fnmatch.fnmatch(part, pattern) for part in parts
    )


def find_config(directory: str, cache: dict[str, str | None] | None = None) -> str | None:
    """The nearest config file at or above directory, or None."""
    cache = cache if cache is not None else {}
    directory = os.path.abspath(directory)
    visited: list[str] = []
    found: str | None = None
    current = directory
    while True:
        if current in cache:
            found = cache[current]
            break
        visited.append(current)
        hit = _config_in(current)
        if hit:
            found = hit
            break
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for folder in visited:
        cache[folder] = found
    return found


def _config_in(folder: str) -> str | None:
    for name in CONFIG_NAMES:
        candidate = os.path.join(folder, name)
        if not os.path.isfile(candidate):
            continue
        if name == "pyproject.toml":
            try:
                with open(candidate, "rb") as handle:
                    data = tomllib.load(handle)
            except (OSError, tomllib.TOMLDecodeError):
                continue
            if "newslint" not in data.get("tool", {}):
                continue
        return candidate
    return None


def load_config(path: str | None) -> Config:
    """Read and validate a config file; None gives the defaults."""
    if path is None:
        return Config(root=os.getcwd())
    if not os.path.exists(path):
        raise ConfigError(path, "config file not found")
    root = os.path.dirname(os.path.abspath(path))
    if path.endswith(".toml"):
        data, lines = _read_pyproject(path)
    else:
        data = read_yaml_file(path, ConfigError)
        if data is None:
            data = LinedDict()
        if not isinstance(data, dict):
            raise ConfigError(path, "a config must be a mapping of keys to values", getattr(data, "line", 1))
        lines = data.line_of if isinstance(data, LinedDict) else (lambda key: 1)
    return _build(data, lines, path, root)


def _read_pyproject(path: str) -> tuple[dict[str, Any], Any]:
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError(path, f"invalid TOML: {exc}", line) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot read: {exc}") from None
    table = data.get("tool", {}).get("newslint", {})
    text = raw.decode("utf-8-sig", "replace").splitlines()

    def line_of(key: str) -> int:
        in_table = False
        for number, line in enumerate(text, 1):
            stripped = line.strip()
            if stripped.startswith("["):
                in_table = stripped.startswith("[tool.newslint")
                if stripped.startswith(f"[tool.newslint.{key}]"):
                    return number
                continue
            if in_table and (stripped.startswith(f"{key} ") or stripped.startswith(f"{key}=")):
                return number
        return 1

    return table, line_of


def _build(data: dict[str, Any], line_of: Any, path: str, root: str) -> Config:
    config = Config(path=path, root=root)

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(path, message, line_of(key))

    for key, value in data.items():
        if key not in KEYS:
            raise fail(key, f"unknown key {key!r} (known: {', '.join(sorted(KEYS))})")
        types, what = KEYS[key]
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            raise fail(key, f"{key!r} must be {what}")
        config.key_lines[key] = line_of(key)

    def strings(key: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        items = [value] if isinstance(value, str) else value
        if not all(isinstance(item, str) for item in items):
            raise fail(key, f"every entry of {key!r} must be a string")
        return list(items)

    if "styles" in data:
        config.styles = strings("styles")
    config.rules_paths = [os.path.normpath(os.path.join(root, p)) for p in strings("rules_paths")]
    rule_table = data.get("rules") or {}
    for rule_id, setting in rule_table.items():
        setting = _rule_setting(setting)
        if setting is None:
            raise fail("rules", f"rule {rule_id!r}: use a level ({', '.join(LEVELS)}) or on/off")
        config.rules[str(rule_id)] = setting
        config.name_lines.setdefault(str(rule_id), _line_in(rule_table, rule_id, line_of("rules")))
    for key in ("min_level", "fail_level"):
        if key in data:
            if data[key] not in LEVELS:
                raise fail(key, f"{key!r} must be one of {', '.join(LEVELS)}, not {data[key]!r}")
            setattr(config, key, data[key])
    config.exclude = strings("exclude")
    config.respect_gitignore = data.get("respect_gitignore", True)
    for pattern, rules in (data.get("per_path_ignores") or {}).items():
        items = [rules] if isinstance(rules, str) else rules
        if not isinstance(items, list) or not all(isinstance(r, str) for r in items):
            raise fail("per_path_ignores", f"per_path_ignores[{pattern!r}] must be a list of rule ids")
        config.per_path_ignores[str(pattern)] = list(items)
        for item in items:
            config.name_lines.setdefault(item, _line_in(data.get("per_path_ignores"), pattern, line_of("per_path_ignores")))
    vocabulary = data.get("vocabulary") or {}
    for key, value in vocabulary.items():
        if key not in ("accept", "reject"):
            raise fail("vocabulary", f"vocabulary takes 'accept' and 'reject', not {key!r}")
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(t, (str, int)) for t in items):
            raise fail("vocabulary", f"vocabulary.{key} must be a list of terms")
        setattr(config, key, [str(t) for t in items])
    stories = data.get("stories") or {}
    for key, value in stories.items():
        if key != "grouping":
            raise fail("stories", f"stories takes 'grouping', not {key!r}")
        if value is False:
            value = "off"  # YAML 1.1 reads a bare `off` as false
        if value not in GROUPING_MODES:
            raise fail("stories", f"stories.grouping must be one of {', '.join(GROUPING_MODES)}")
        config.grouping = value
    config.context = [os.path.normpath(os.path.join(root, p)) for p in strings("context")]
    if "max_file_size" in data:
        if data["max_file_size"] <= 0:
            raise fail("max_file_size", "max_file_size must be positive")
        config.max_file_size = data["max_file_size"]
    if "encoding" in data:
        import codecs

        try:
            codecs.lookup(data["encoding"])
        except LookupError:
            raise fail("encoding", f"unknown encoding {data['encoding']!r}") from None
        config.encoding = data["encoding"]
    if "match_timeout" in data:
        config.match_timeout = float(data["match_timeout"])
    return config


def _rule_setting(value: Any) -> str | None:
    if value is True or (isinstance(value, str) and value.lower() in ("on", "yes", "true")):
        return "on"
    if value is False or (isinstance(value, str) and value.lower() in ("off", "no", "false")):
        return "off"
    if isinstance(value, str) and value in LEVELS:
        return value
    return None


def builtin_styles_dir() -> Path:
    """The built-in styles: newslint.styles when installed, ./rules from a checkout."""
    try:
        from importlib.resources import files

        # newslint.styles has no __init__.py, so files() gives a MultiplexedPath whose
        # str() is not a path; in an installed wheel the folder sits beside this module.
        beside = Path(__file__).resolve().parent / "styles"
        if beside.is_dir():
            return beside
        candidate = Path(str(files("newslint.styles")))
        if candidate.is_dir():
            return candidate
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "rules"
