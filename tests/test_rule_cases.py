"""Every built-in rule's YAML test cases, and the meta-test that each rule has them.

tests/rules/<Style>/<Rule>.yml holds cases: text that must pass (findings: [])
and text that must fail with the expected findings (line, column, match).
A case may set `filename` (to pick the format) and `config` (vocabulary etc.).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newslint.config import Config, builtin_styles_dir
from newslint.engine import lint_text
from newslint.rules.loader import discover_rule_files

CASES_DIR = Path(__file__).parent / "rules"
BUILTIN = discover_rule_files([builtin_styles_dir()])


def _case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*/*.yml"))


def _all_cases():
    for path in _case_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in (data.get("cases") or {}).items():
            yield pytest.param(data["rule"], case, id=f"{data['rule']}::{name}")


@pytest.mark.parametrize("rule_id", sorted(BUILTIN))
def test_every_rule_has_passing_and_failing_cases(rule_id: str) -> None:
    style, name = rule_id.split(".", 1)
    path = CASES_DIR / style / f"{name}.yml"
    assert path.is_file(), f"{rule_id} has no test cases at {path}"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data.get("rule") == rule_id, f"{path} says rule {data.get('rule')!r}"
    cases = list((data.get("cases") or {}).values())
    assert any(c.get("findings") == [] for c in cases), f"{rule_id} needs a case that must pass"
    assert any(c.get("findings") for c in cases), f"{rule_id} needs a case that must fail"


@pytest.mark.parametrize("rule_id, case", list(_all_cases()))
def test_rule_case(rule_id: str, case: dict) -> None:
    config = Config(styles=[rule_id.split(".")[0]])
    settings = case.get("config") or {}
    config.accept = settings.get("accept", [])
    config.reject = settings.get("reject", [])
    findings = [f for f in lint_text(case["text"], case.get("filename", "case.txt"), [rule_id], config) if f.rule == rule_id or f.kind == "error"]
    assert not [f for f in findings if f.kind == "error"], [f.message for f in findings]
    expected = case.get("findings") or []
    got = [{k: getattr(f, k) for k in ("line", "column", "match")} for f in findings]
    want = [{k: e[k] for k in ("line", "column", "match") if k in e} for e in expected]
    trimmed = [{k: g[k] for k in w} for g, w in zip(got, want)] if len(got) == len(want) else got
    assert trimmed == want, f"expected {want}, got {got} ({[f.message for f in findings]})"
    for f, e in zip(findings, expected):
        if "suggestions" in e:
            assert f.suggestions == e["suggestions"]
        if "message" in e:
            assert e["message"] in f.message
