"""Rule files to compiled rules: discovery, schema checks and per-config selection.

A style is a folder of YAML files; a rule's id is `Style.Rule` from the folder
and file name. Later folders override earlier ones for the same id, so a
newsroom can replace a built-in rule by shipping a file of the same name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from .. import yamlio
from ..config import Config, builtin_styles_dir
from ..diskcache import memoized
from ..errors import NewslintError, RuleError
from ..yamlio import LinedDict, LinedList, read_yaml_file
from . import KINDS, UNSUPPORTED_VALE_KINDS, rule_class
from .base import Rule, RuleContext

RULE_SUFFIXES = (".yml", ".yaml")
# Vale keeps vocabularies and config beside styles; they are not styles.
NOT_STYLES = {"Vocab", "config", "__pycache__"}


class UnsupportedKind(RuleError):
    """A Vale kind newslint cannot run (script, sequence): skipped with a notice, not an error."""


@dataclass
class RuleSet:
    """The compiled rules for one configuration."""

    rules: list[Rule] = field(default_factory=list)
    errors: list[NewslintError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    available: frozenset[str] = frozenset()  # every rule id in the rule folders, on or off

    @property
    def document_rules(self) -> list[Rule]:
        return self.rules

    @property
    def cross_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.cross_source]

    def get(self, rule_id: str) -> Rule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None


def style_dirs(extra: list[str]) -> list[Path]:
    return [builtin_styles_dir(), *[Path(p) for p in extra]]


def styles_fingerprint(extra: list[str]) -> tuple:
    """The state of the user's rule folders: every file's path, size and modification time.

    A long-lived caller (an editor integration, a test runner) that edits a rule,
    a word list or a dictionary between runs gets its rules built again. The
    built-in styles ship with the package and are left out. Only what rules read
    is looked at: files up to three levels down (Style/Rule.yml,
    config/ignore/words.txt), so a rule folder set to a whole repository costs
    a bounded walk, not one of every file in it.
    """
    state: list[tuple[str, int, int]] = []
    for base in extra:
        top = os.path.normpath(base).count(os.sep)
        for folder, subfolders, names in os.walk(base):
            depth = os.path.normpath(folder).count(os.sep) - top
            subfolders[:] = sorted(d for d in subfolders if not d.startswith(".")) if depth < 2 else []
            for name in sorted(names):
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                state.append((path, st.st_size, st.st_mtime_ns))
    return tuple(state)


def discover_rule_files(dirs: list[Path]) -> dict[str, Path]:
    """Rule id -> file, across style folders (later folders win).

    A folder holding YAML files directly is itself a style; otherwise each
    sub-folder is one.
    """
    found: dict[str, Path] = {}
    for base in dirs:
        if not base.is_dir():
            continue
        direct = sorted(p for p in base.iterdir() if p.suffix in RULE_SUFFIXES and p.is_file())
        if direct and not any((base / d).is_dir() and d not in NOT_STYLES for d in os.listdir(base) if not d.startswith((".", "_"))):
            for path in direct:
                found[f"{base.name}.{path.stem}"] = path
            continue
        for style in sorted(base.iterdir()):
            if not style.is_dir() or style.name in NOT_STYLES or style.name.startswith((".", "_")):
                continue
            for path in sorted(style.iterdir()):
                if path.suffix in RULE_SUFFIXES and path.is_file():
                    found[f"{style.name}.{path.stem}"] = path
    return found


def load_rule(rule_id: str, path: Path | str, context: RuleContext | None = None) -> Rule:
    """Compile one rule file; raises RuleError naming file:line."""
    path = str(path)
    spec = _read_spec(path)
    if not isinstance(spec, LinedDict):
        raise RuleError(path, "a rule file must be a mapping of keys to values", getattr(spec, "line", 1))
    kind = spec.get("extends")
    if kind is None:
        raise RuleError(path, "missing 'extends' (the rule kind)", spec.line)
    if kind in UNSUPPORTED_VALE_KINDS:
        raise UnsupportedKind(path, f"Vale kind {kind!r} is not supported by newslint; rule skipped", spec.line_of("extends"))
    if kind not in KINDS:
        raise RuleError(path, f"unknown kind {kind!r} (known: {', '.join(sorted(KINDS))})", spec.line_of("extends"))
    try:
        cls = rule_class(kind)
    except (ImportError, AttributeError) as exc:
        raise RuleError(path, f"kind {kind!r} is not available: {exc}", spec.line_of("extends")) from None
    return cls(rule_id, spec, path, context)


def _read_spec(path: str) -> Any:
    """The rule file's YAML, parsed (the parse is cached on disk, keyed by the file's bytes)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        raw = None
    plain = _parsed(raw) if raw is not None else None
    if plain is None:
        return read_yaml_file(path, RuleError)  # unreadable or invalid: yamlio words the error
    return _from_plain(plain)


@memoized("yaml", yamlio.__file__, __file__, salt=yaml.__version__)
def _parsed(raw: bytes) -> tuple | None:
    """The YAML in raw as plain tuples (marshal can store them), or None when it does not parse."""
    try:
        return _to_plain(yamlio.load_yaml(raw.decode("utf-8-sig"), "", RuleError))
    except (RuleError, UnicodeDecodeError):
        return None


def _to_plain(node: Any) -> tuple:
    if isinstance(node, LinedDict):
        return ("map", node.line, tuple((k, _to_plain(v)) for k, v in node.items()), dict(node.lines))
    if isinstance(node, LinedList):
        return ("seq", node.line, tuple(_to_plain(v) for v in node), tuple(node.lines))
    return ("val", node)


def _from_plain(plain: tuple) -> Any:
    if plain[0] == "map":
        out = LinedDict((k, _from_plain(v)) for k, v in plain[2])
        out.line, out.lines = plain[1], dict(plain[3])
        return out
    if plain[0] == "seq":
        seq = LinedList(_from_plain(v) for v in plain[2])
        seq.line, seq.lines = plain[1], list(plain[3])
        return seq
    return plain[1]


def rule_enabled(rule_id: str, config: Config, explicit: bool = False) -> bool:
    style = rule_id.split(".", 1)[0]
    setting = config.rules.get(rule_id, config.rules.get(style))
    if setting == "off":
        return False
    if setting is not None:
        return True
    return style in config.enabled_styles


def _switched_off(rule_id: str, config: Config) -> bool:
    """The config turns this rule (or its style) off by name: --select does not override that."""
    return config.rules.get(rule_id, config.rules.get(rule_id.split(".", 1)[0])) == "off"


def load_ruleset(config: Config, selected: Callable[[str], bool] | None = None) -> RuleSet:
    """All enabled rules for a config; a bad rule file is an error, the rest still load.

    selected(rule_id), when given, turns rules on that the config leaves off:
    `--select House` runs style House even when the config's `styles` do not
    list it. A rule or style the config switches off by name stays off.
    """
    import regex

    context = RuleContext(
        accept=frozenset(t.lower() for t in config.accept),
        reject=frozenset(t.lower() for t in config.reject),
        accept_patterns=tuple(_vocab_patterns(config.accept)),
        match_timeout=config.match_timeout,
    )
    ruleset = RuleSet()
    files = discover_rule_files(style_dirs(config.rules_paths))
    ruleset.available = frozenset(files)
    for folder in config.rules_paths:
        if not os.path.isdir(folder):
            # A mistyped folder would otherwise run the built-in rules alone, silently.
            if folder in config.command_line_rules:
                ruleset.errors.append(RuleError(config.command_line_rules[folder], "rule folder not found (given with --rules)", None))
            else:
                ruleset.errors.append(RuleError(config.path or "<config>", f"rules_paths: folder {folder!r} not found",
                                                config.key_lines.get("rules_paths")))
    for missing in sorted(set(config.enabled_styles) - {rid.split(".")[0] for rid in files}):
        ruleset.errors.append(
            RuleError(config.path or "<command line>", f"style {missing!r} not found in the rule folders", config.key_lines.get("styles"))
        )
    for rule_id, path in sorted(files.items()):
        if not rule_enabled(rule_id, config) and not (selected is not None and selected(rule_id) and not _switched_off(rule_id, config)):
            continue
        try:
            rule = load_rule(rule_id, path, context)
        except UnsupportedKind as exc:
            ruleset.notices.append(str(exc))
            continue
        except RuleError as exc:
            ruleset.errors.append(exc)
            continue
        except regex.error as exc:  # pragma: no cover - compile() already wraps these
            ruleset.errors.append(RuleError(str(path), f"bad regex: {exc}"))
            continue
        level = config.rules.get(rule_id) or config.rules.get(rule_id.split(".")[0])
        if level in ("suggestion", "warning", "error"):
            rule.level = level
        ruleset.rules.append(rule)
    from ..diskcache import forget, save

    save()  # keep this build's compiled patterns and gates for the next run
    # The tables hold every pattern any rule set on this machine compiled (up to
    # MAX_ENTRIES each: other projects' styles, old versions of rule files); this run
    # needs none of them again, and the forked workers would carry them all.
    forget()
    return ruleset


def _vocab_patterns(terms: list[str]):
    import regex

    for term in terms:
        if any(ch in term for ch in "[]()*+?\\|"):
            try:
                yield regex.compile(term)
            except regex.error:
                continue
