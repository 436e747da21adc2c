"""Bad rule files: one stderr line naming file:line, exit 2, and every other rule still runs.

Each case puts one broken rule beside a good one in a style; the run must
report the broken file precisely (one line on stderr, no traceback), still
report the good rule's finding, and exit 2. A pathological regex with a tiny
match_timeout becomes an error for the article and the run goes on.
"""

from __future__ import annotations

import json
import os
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main

GOOD_RULE = """\
extends: existence
message: "Avoid '%s'."
tokens: [stated]
"""
ARTICLE = "The minister stated that taxes would rise.\n"


def run(*args: str, cwd: Path):
    runner = CliRunner()
    old = os.getcwd()
    try:
        os.chdir(cwd)
        return runner.invoke(main, ["--no-color", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def project(tmp_path: Path, bad_rule: str, config_extra: str = "", article: str = ARTICLE) -> Path:
    style = tmp_path / "styles" / "T"
    style.mkdir(parents=True)
    (style / "Good.yml").write_text(GOOD_RULE, encoding="utf-8")
    (style / "Bad.yml").write_text(textwrap.dedent(bad_rule), encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text(f"styles: [T]\nrules_paths: [styles]\n{config_extra}", encoding="utf-8")
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    return tmp_path


BAD_RULES = [
    pytest.param("extends: existence\nmessage: 'unclosed\ntokens: [a, b\n", 4, "invalid YAML", id="broken-yaml"),
    pytest.param("message: x\ntokens: [a]\nextends: grammarly\n", 3, "unknown kind 'grammarly'", id="unknown-kind"),
    pytest.param("extends: existence\nmessage: x\ntokens: [a]\ntokenz: [b]\n", 4, "unknown key 'tokenz'", id="unknown-key"),
    pytest.param("extends: existence\nmessage: x\nignorecase: 'yes'\ntokens: [a]\n", 3, "'ignorecase' must be true or false", id="wrong-type"),
    pytest.param("extends: existence\nmessage: x\ntokens:\n  - fine\n  - '(unclosed'\n", 3, "bad regex '(unclosed'", id="bad-regex"),
    pytest.param("extends: substitution\nmessage: x\nswap: {}\n", 3, "'swap' must not be empty", id="empty-swap"),
    pytest.param("extends: occurrence\nmessage: x\ntoken: ','\n", 1, "needs 'max' or 'min'", id="occurrence-without-limit"),
    pytest.param("extends: occurrence\nmessage: x\nmax: three\ntoken: ','\n", 3, "'max' must be an integer", id="occurrence-max-not-a-number"),
    pytest.param("extends: repetition\nmessage: x\ntokens: ['\\w+']\nmax: -1\n", 4, "'max' must not be negative", id="repetition-negative-max"),
    pytest.param("extends: consistency\nmessage: x\neither: [a, b]\n", 3, "'either' must be a mapping, not a list", id="consistency-not-a-map"),
    pytest.param("extends: substitution\nmessage: x\npos: [NN]\nswap:\n  a: b\n", 3, "'pos' must be a string, not a list", id="yaml-list-named-as-written"),
    pytest.param("extends: conditional\nmessage: x\nfirst: '[A-Z'\nsecond: x\n", 3, "bad regex '[A-Z'", id="conditional-bad-first"),
    pytest.param("extends: conditional\nmessage: x\nfirst: '[A-Z]+'\n", 1, "needs the key 'second'", id="conditional-missing-second"),
    pytest.param("extends: capitalization\nmessage: x\nmatch: $title\nstyle: MLA\n", 4, "'style' must be AP or Chicago", id="capitalization-style"),
    pytest.param("extends: capitalization\nmessage: x\nmatch: $title\nthreshold: 2\n", 4, "between 0 and 1", id="capitalization-threshold"),
    pytest.param("extends: metric\nmessage: x\nformula: words / sentences\ncondition: '>> 3'\n", 4, "bad condition", id="metric-condition"),
    pytest.param("extends: metric\nmessage: x\nformula: __import__('os')\ncondition: '> 3'\n", 3, "bad formula", id="metric-formula"),
    pytest.param("extends: existence\nmessage: x\nlevel: fatal\ntokens: [a]\n", 3, "level must be one of", id="bad-level"),
    pytest.param("extends: existence\nmessage: x\nscope: footer\ntokens: [a]\n", 3, "unknown scope 'footer'", id="bad-scope"),
]


@pytest.mark.parametrize(("bad_rule", "line", "message"), BAD_RULES)
def test_bad_rule_is_one_error_line_and_the_good_rule_still_runs(tmp_path: Path, bad_rule: str, line: int, message: str) -> None:
    root = project(tmp_path, bad_rule)
    result = run("--format", "json", "article.txt", cwd=root)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, errors
    bad_file = str(root / "styles" / "T" / "Bad.yml")
    assert errors[0].startswith(f"newslint: error: {bad_file}:{line}:"), errors[0]
    assert message in errors[0], errors[0]
    assert "Traceback" not in result.output
    found = json.loads(result.stdout)
    assert [(f["rule"], f["line"], f["column"]) for f in found if f["kind"] != "error"] == [("T.Good", 1, 14)]


def test_bad_rule_in_text_format_still_reports_the_good_finding(tmp_path: Path) -> None:
    root = project(tmp_path, "extends: existence\nmessage: x\ntokens: ['(']\n")
    result = run("--format", "line", "article.txt", cwd=root)
    assert result.exit_code == 2
    assert "article.txt:1:14:T.Good:Avoid 'stated'." in result.stdout
    assert f"{root / 'styles' / 'T' / 'Bad.yml'}:3" in result.stdout + result.stderr


def test_pathological_regex_times_out_for_the_file_and_the_run_goes_on(tmp_path: Path) -> None:
    slow = "extends: existence\nmessage: x\nraw: ['(?:a|aa)+b']\n"
    article = ARTICLE + "\n" + "a" * 60 + "!\n"
    root = project(tmp_path, slow, "match_timeout: 0.05\n", article)
    (root / "second.txt").write_text("Officials stated nothing new.\n", encoding="utf-8")
    started = time.monotonic()
    result = run("--format", "json", "-j", "1", "article.txt", "second.txt", cwd=root)
    assert time.monotonic() - started < 20, "the time limit did not stop the pattern"
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    found = json.loads(result.stdout)
    errors = [f for f in found if f["kind"] == "error"]
    assert [(f["path"], f["rule"]) for f in errors] == [("article.txt", "T.Bad")]
    assert "longer than 0.05s" in errors[0]["message"] and "rule skipped for this file" in errors[0]["message"]
    good = sorted((f["path"], f["rule"]) for f in found if f["kind"] != "error")
    assert good == [("article.txt", "T.Good"), ("second.txt", "T.Good")]


@pytest.mark.parametrize(
    "slow_rule",
    [
        pytest.param("extends: capitalization\nmessage: x\nmatch: '(?:a|aa)+b'\n", id="capitalization-match"),
        pytest.param("extends: occurrence\nmessage: x\nmax: 1\ntoken: '(?:a|aa)+b'\n", id="occurrence-token"),
        pytest.param("extends: substitution\nmessage: x\nswap:\n  '(?:a|aa)+b': c\n", id="substitution-key"),
    ],
)
def test_every_kind_honours_the_time_limit(tmp_path: Path, slow_rule: str) -> None:
    article = ARTICLE + "\n" + "a" * 60 + "!\n"
    root = project(tmp_path, slow_rule, "match_timeout: 0.05\n", article)
    started = time.monotonic()
    result = run("--format", "json", "-j", "1", "article.txt", cwd=root)
    assert time.monotonic() - started < 20
    assert result.exit_code == 2 and "Traceback" not in result.output
    found = json.loads(result.stdout)
    assert [f["rule"] for f in found if f["kind"] == "error"] == ["T.Bad"]
    assert [f["rule"] for f in found if f["kind"] != "error"] == ["T.Good"]


def test_a_long_lived_caller_sees_rule_and_word_list_edits_between_runs(tmp_path: Path) -> None:
    # An editor integration keeps one process: rule sets are cached per configuration, but an
    # edited rule file (or a new word list beside it) must take effect on the next run.
    from newslint.engine import Options, lint_text, run as run_engine
    from newslint.config import load_config

    style = tmp_path / "styles" / "House"
    style.mkdir(parents=True)
    rule = style / "Words.yml"
    rule.write_text("extends: existence\nmessage: \"Avoid '%s'.\"\ntokens: [stated]\n", encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("styles: [House]\nrules_paths: [styles]\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("The minister stated that taxes would soar.\n", encoding="utf-8")

    def matches() -> list[str]:
        return [f.match for f in run_engine(Options(paths=[str(article)], select=["House"])).findings]

    assert matches() == ["stated"]
    rule.write_text("extends: existence\nmessage: \"Avoid '%s'.\"\ntokens: [soar]\n", encoding="utf-8")
    assert matches() == ["soar"]
    assert matches() == ["soar"]  # unchanged folders keep their compiled rules

    # The same through lint_text, with a spelling rule whose word list changes.
    (style / "Spell.yml").write_text("extends: spelling\nignore: [House/words.txt]\n", encoding="utf-8")
    (style / "words.txt").write_text("", encoding="utf-8")
    config = load_config(str(tmp_path / ".newslint.yaml"))
    text = "The zorbleglim fell.\n"
    assert [f.match for f in lint_text(text, select=["House.Spell"], config=config)] == ["zorbleglim"]
    (style / "words.txt").write_text("zorbleglim\n", encoding="utf-8")
    assert lint_text(text, select=["House.Spell"], config=config) == []
