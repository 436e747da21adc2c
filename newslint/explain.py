"""--list-rules and --explain RULE: what a rule does, shown from its own file and test cases."""

from __future__ import annotations

import os
from pathlib import Path

from .config import Config, find_config, load_config
from .engine import Options, _apply_overrides, ruleset_for
from .yamlio import read_yaml_file


def _config(options: Options) -> Config:
    path = options.config_path or find_config(os.getcwd())
    return _apply_overrides(load_config(path), options)


def list_enabled_rules(options: Options) -> tuple[str, int, list[str]]:
    """(the rules that are on, one per line; exit code; the rule files that failed to load)."""
    ruleset = ruleset_for(_config(options), options.select, options.ignore)
    lines = [f"{rule.id:<32} {rule.kind:<15} {rule.level:<10} {_first_line(rule.description or rule.message)}" for rule in ruleset.rules]
    errors = [str(error) for error in ruleset.errors]
    return "\n".join(lines) + "\n", 2 if errors else 0, errors


def explain(options: Options, rule_id: str) -> tuple[str, int, list[str]]:
    """(the rule explained; exit code; errors for stderr)."""
    config = _config(options)
    ruleset = ruleset_for(config, [rule_id], [])
    rule = ruleset.get(rule_id)
    if rule is None:
        # A rule whose file does not load is not "missing": say why it does not load.
        style, _, name = rule_id.partition(".")
        broken = [str(e) for e in ruleset.errors if Path(e.path).stem == name and Path(e.path).parent.name == style]
        return "", 2, broken or [f"no enabled rule {rule_id!r} (see --list-rules)"]
    info = rule.explain()
    lines = [
        f"{info['rule']}  ({info['kind']}, {info['level']})",
        "",
        f"Message:  {info['message']}",
    ]
    if info["description"]:
        lines += ["", info["description"].strip()]
    if info["link"]:
        lines += ["", f"Why:      {info['link']}"]
    lines += [f"Defined:  {info['path']}"]
    cases = _cases(rule_id)
    if cases:
        lines += ["", "Examples:"]
        for name, case in cases.items():
            if not isinstance(case, dict) or "text" not in case:
                continue
            findings = case.get("findings") or []
            mark = "flags" if findings else "passes"
            text = " ".join(str(case["text"]).split())
            lines.append(f"  {mark:<7} {text}")
            for f in findings:
                if isinstance(f, dict) and f.get("match"):
                    lines.append(f"          -> {f['match']!r} at {f.get('line', '?')}:{f.get('column', '?')}")
    return "\n".join(lines) + "\n", 0, []


def cases_dir() -> Path | None:
    """The rules' test cases: newslint.cases when installed, tests/rules from a checkout."""
    try:
        from importlib.resources import files

        # newslint.cases has no __init__.py, so files() gives a MultiplexedPath whose
        # str() is not a path; in an installed wheel the folder sits beside this module.
        beside = Path(__file__).resolve().parent / "cases"
        if beside.is_dir():
            return beside
        candidate = Path(str(files("newslint.cases")))
        if candidate.is_dir():
            return candidate
    except (ModuleNotFoundError, TypeError):
        pass
    candidate = Path(__file__).resolve().parent.parent / "tests" / "rules"
    return candidate if candidate.is_dir() else None


def _cases(rule_id: str) -> dict:
    folder = cases_dir()
    if folder is None or "." not in rule_id:
        return {}
    style, name = rule_id.split(".", 1)
    path = folder / style / f"{name}.yml"
    if not path.is_file():
        return {}
    try:
        data = read_yaml_file(str(path))
    except Exception:  # noqa: BLE001 - examples are a nicety; never fail --explain on them
        return {}
    return data.get("cases", {}) if isinstance(data, dict) else {}


def _first_line(text: str) -> str:
    return " ".join(text.strip().splitlines()[0].split()) if text.strip() else ""
