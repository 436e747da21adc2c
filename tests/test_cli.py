"""The command line as a user calls it: exit codes, bad input, config, selection, options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint import __version__
from newslint.cli import main

REPO = Path(__file__).resolve().parents[1]
BAD = "The minister stated that the budget would balance.\n"
CLEAN = "The minister said that the budget would balance.\n"


def cli(*args: str, cwd: Path | None = None, stdin: str | bytes | None = None):
    runner = CliRunner()
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        return runner.invoke(main, ["--no-color", *args], input=stdin, catch_exceptions=False)
    finally:
        os.chdir(old)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def line_findings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.count(":") >= 4]


# -- exit codes ----------------------------------------------------------------


def test_clean_file_exits_0(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", CLEAN)
    result = cli("--select", "News.Said", str(tmp_path / "a.txt"))
    assert result.exit_code == 0, result.stdout
    assert "No problems in 1 file" in result.stdout


def test_finding_exits_1_and_names_file_line_column(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BAD)
    result = cli("--select", "News.Said", "--format", "line", str(tmp_path / "a.txt"))
    assert result.exit_code == 1
    assert result.stdout.strip() == f"{tmp_path / 'a.txt'}:1:14:News.Said:" + json.loads(
        cli("--select", "News.Said", "--format", "json", str(tmp_path / "a.txt")).stdout
    )[0]["message"]


def test_fail_level_and_exit_zero(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BAD)
    assert cli("--select", "News.Said", "--fail-level", "error", str(tmp_path)).exit_code == 0
    assert cli("--select", "News.Said", "--exit-zero", str(tmp_path)).exit_code == 0
    assert cli("--select", "News.Said", "--fail-level", "suggestion", str(tmp_path)).exit_code == 1


def test_min_level_hides_lower_levels(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BAD)
    result = cli("--select", "News.Said", "--min-level", "error", "--format", "json", str(tmp_path))
    assert json.loads(result.stdout) == []
    assert result.exit_code == 0


# -- bad input: one line naming the file, exit 2, the other files still checked --


@pytest.mark.parametrize(
    "name, content, config, expected",
    [
        ("missing.txt", None, "", "no such file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "", "binary file"),
        ("huge.txt", "word " * 400, "max_file_size: 1000\n", "larger than max_file_size"),
    ],
)
def test_bad_input_is_one_line_and_others_still_checked(tmp_path: Path, name: str, content, config: str, expected: str) -> None:
    if config:
        write(tmp_path / ".newslint.yaml", config)
    good = write(tmp_path / "good.txt", BAD)
    bad = tmp_path / name
    if content is not None:
        write(bad, content)
    result = cli("--select", "News.Said", "--format", "line", str(bad), str(good))
    assert result.exit_code == 2
    errors = [l for l in result.stderr.splitlines() if l.strip()]
    assert len(errors) == 1 and str(bad) in errors[0] and expected in errors[0], result.stderr
    assert f"{good}:1:14:News.Said:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_undecodable_bytes_are_reported_and_the_file_is_still_linted(tmp_path: Path) -> None:
    bad = write(tmp_path / "latin.txt", "Line one is fine.\nThe caf\xe9 owner stated it.\n".encode("latin-1"))
    result = cli("--select", "News.Said", "--format", "json", str(bad))
    assert result.exit_code == 2
    findings = json.loads(result.stdout)
    error = next(f for f in findings if f["kind"] == "error")
    assert error["line"] == 2 and "not valid UTF-8" in error["message"] and "cp1252" in error["message"]
    said = next(f for f in findings if f["rule"] == "News.Said")
    assert (said["line"], said["column"], said["match"]) == (2, 16, "stated")
    assert str(bad) in result.stderr


def test_configured_encoding_reads_legacy_files_without_error(tmp_path: Path) -> None:
    write(tmp_path / ".newslint.yaml", "encoding: latin-1\n")
    bad = write(tmp_path / "latin.txt", "The caf\xe9 owner stated it.\n".encode("latin-1"))
    result = cli("--select", "News.Said", "--format", "json", str(bad))
    assert result.exit_code == 1
    assert [f["match"] for f in json.loads(result.stdout)] == ["stated"]


def test_directory_recursion_skips_other_file_types(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BAD)
    write(tmp_path / "sub" / "b.md", BAD)
    write(tmp_path / "sub" / "c.htm", f"<p>{BAD}</p>")
    write(tmp_path / "sub" / "image.png", b"\x89PNG\x00\x00")
    write(tmp_path / "sub" / "notes.csv", BAD)
    result = cli("--select", "News.Said", "--format", "json", str(tmp_path))
    paths = sorted(Path(f["path"]).name for f in json.loads(result.stdout))
    if (REPO / "newslint" / "formats" / "markdown.py").exists() and (REPO / "newslint" / "formats" / "html.py").exists():
        assert paths == ["a.txt", "b.md", "c.htm"]
    assert result.exit_code == 1


def test_a_folder_with_no_articles_says_so_and_exits_0(tmp_path: Path) -> None:
    write(tmp_path / "notes" / "data.csv", "a,b\n")
    result = cli(str(tmp_path / "notes"))
    assert result.exit_code == 0
    assert "No problems in 0 files" in result.stdout
    assert result.stderr.startswith("newslint: warning: no article files (")
    assert "to check in " + str(tmp_path / "notes") in result.stderr
    # With an article to check there is nothing to warn about.
    write(tmp_path / "notes" / "a.txt", CLEAN)
    assert cli("--select", "News.Said", str(tmp_path / "notes")).stderr == ""


def test_stdin_with_stdin_filename(tmp_path: Path) -> None:
    result = cli("--select", "News.Said", "--format", "line", "--stdin-filename", "story.txt", "-", stdin=BAD)
    assert result.exit_code == 1
    assert result.stdout.startswith("story.txt:1:14:News.Said:")


# -- configuration -------------------------------------------------------------


def test_broken_config_yaml_names_file_and_line(tmp_path: Path) -> None:
    config = write(tmp_path / ".newslint.yaml", "styles: [News]\nrules:\n  News.Said: [unclosed\n")
    write(tmp_path / "a.txt", BAD)
    result = cli(str(tmp_path / "a.txt"))
    assert result.exit_code == 2
    assert f"{config}:" in result.stderr or f"{config}:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_unknown_config_key_names_file_and_line(tmp_path: Path) -> None:
    config = write(tmp_path / "cfg.yaml", "styles: [News]\nfail_levle: error\n")
    write(tmp_path / "a.txt", BAD)
    result = cli("--config", str(config), str(tmp_path / "a.txt"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"newslint: error: {config}:2: unknown key 'fail_levle' (known: " + result.stderr.split("(known: ")[1].strip()


def test_bad_config_value_is_rejected(tmp_path: Path) -> None:
    config = write(tmp_path / "cfg.yaml", "min_level: loud\n")
    result = cli("--config", str(config), str(tmp_path))
    assert result.exit_code == 2
    assert f"{config}:1:" in result.stderr and "min_level" in result.stderr


def test_config_naming_a_rule_that_does_not_exist_names_file_and_line(tmp_path: Path) -> None:
    config = write(tmp_path / ".newslint.yaml",
                   "rules:\n  News: warning\n  News.Sad: off\nper_path_ignores:\n  'drafts/*': [News.Sa*]\n  '*.txt': [News.Hedgs]\n")
    write(tmp_path / "a.txt", BAD)
    result = cli("--format", "json", "a.txt", cwd=tmp_path)
    assert result.exit_code == 2
    # The typo meant to switch News.Said off: it did not, and each bad name is one line at its own line.
    assert result.stderr.splitlines() == [
        f"newslint: error: {config}:3: 'News.Sad' matches no rule or style in the rule folders",
        f"newslint: error: {config}:6: 'News.Hedgs' matches no rule or style in the rule folders",
    ]
    assert "News.Said" in [f["rule"] for f in json.loads(result.stdout)]


def test_config_rule_names_in_pyproject_are_checked_too(tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", '[tool.newslint]\nfail_level = "error"\n\n[tool.newslint.rules]\n"News.Sayd" = "off"\n')
    write(tmp_path / "a.txt", CLEAN)
    result = cli("a.txt", cwd=tmp_path)
    assert result.exit_code == 2
    assert f"{pyproject}:4: 'News.Sayd' matches no rule or style" in result.stderr


def test_missing_config_file(tmp_path: Path) -> None:
    result = cli("--config", str(tmp_path / "nope.yaml"), str(tmp_path))
    assert result.exit_code == 2
    assert "config file not found" in result.stderr


def test_nearest_config_wins_per_file(tmp_path: Path) -> None:
    write(tmp_path / ".newslint.yaml", "rules:\n  News.Said: error\n")
    write(tmp_path / "desk" / ".newslint.yaml", "rules:\n  News.Said: off\n")
    write(tmp_path / "a.txt", BAD)
    write(tmp_path / "desk" / "b.txt", BAD)
    result = cli("--select", "News.Said", "--format", "json", str(tmp_path))
    findings = json.loads(result.stdout)
    assert [(Path(f["path"]).name, f["level"]) for f in findings] == [("a.txt", "error")]


def test_pyproject_tool_table_is_a_config(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.newslint]\nfail_level = "error"\n')
    write(tmp_path / "a.txt", BAD)
    result = cli("--select", "News.Said", str(tmp_path / "a.txt"))
    assert result.exit_code == 0  # a warning does not fail when fail_level is error
    assert "News.Said" in result.stdout


def test_pyproject_unknown_key_names_its_line(tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.newslint]\nfail_level = "error"\nstyle = "News"\n')
    write(tmp_path / "a.txt", BAD)
    result = cli(str(tmp_path / "a.txt"))
    assert result.exit_code == 2
    assert f"{pyproject}:6: unknown key 'style'" in result.stderr


def test_exclude_and_per_path_ignores(tmp_path: Path) -> None:
    write(tmp_path / ".newslint.yaml", "exclude: ['drafts/**']\nper_path_ignores:\n  'archive/*': [News.Said]\n")
    write(tmp_path / "drafts" / "a.txt", BAD)
    write(tmp_path / "archive" / "b.txt", BAD)
    write(tmp_path / "live" / "c.txt", BAD)
    result = cli("--select", "News.Said", "--format", "json", str(tmp_path))
    assert [Path(f["path"]).name for f in json.loads(result.stdout)] == ["c.txt"]


def test_accepted_vocabulary_is_never_flagged(tmp_path: Path) -> None:
    write(tmp_path / ".newslint.yaml", "vocabulary:\n  accept: [stated]\n")
    write(tmp_path / "a.txt", BAD)
    assert json.loads(cli("--select", "News.Said", "--format", "json", str(tmp_path)).stdout) == []


def test_rule_levels_from_config(tmp_path: Path) -> None:
    write(tmp_path / ".newslint.yaml", "rules:\n  News.Said: suggestion\n")
    write(tmp_path / "a.txt", BAD)
    result = cli("--select", "News.Said", "--format", "json", str(tmp_path))
    assert [f["level"] for f in json.loads(result.stdout)] == ["suggestion"]
    assert result.exit_code == 0


# -- selection, listing, explaining --------------------------------------------


def test_select_and_ignore_by_style_id_and_glob(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BAD)
    assert cli("--select", "News", "--ignore", "News.Sa*", "--format", "json", str(tmp_path)).stdout.count("News.Said") == 0
    assert "News.Said" in cli("--select", "News.Said,News.Nothing", "--format", "json", str(tmp_path)).stdout


HOUSE_RULE = "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: error\ntokens: [stakeholders]\n"


def test_select_runs_a_style_from_a_rules_folder_that_the_config_does_not_list(tmp_path: Path) -> None:
    write(tmp_path / "styles" / "House" / "Jargon.yml", HOUSE_RULE)
    write(tmp_path / "a.txt", "The council met its stakeholders on Monday.\n")
    # Without --select the style is off (the default config turns on News only), and
    # the run says so rather than passing silently...
    quiet = cli("--rules", "styles", "--format", "json", "a.txt", cwd=tmp_path)
    assert "House.Jargon" not in quiet.stdout
    assert "--rules styles: style House not on, so not run" in quiet.stderr
    assert "--select House" in quiet.stderr
    assert quiet.exit_code == 0
    # ...and naming it turns it on, as ruff's --select does.
    result = cli("--rules", "styles", "--select", "House", "--format", "json", "a.txt", cwd=tmp_path)
    assert result.exit_code == 1, result.output
    assert [f["rule"] for f in json.loads(result.stdout)] == ["House.Jargon"]


def test_no_idle_style_warning_when_the_style_is_on_or_ignored(tmp_path: Path) -> None:
    write(tmp_path / "styles" / "House" / "Jargon.yml", HOUSE_RULE)
    write(tmp_path / "a.txt", "The council met on Monday.\n")
    ignored = cli("--rules", "styles", "--ignore", "House", "a.txt", cwd=tmp_path)
    assert "not on" not in ignored.stderr and ignored.exit_code == 0
    write(tmp_path / ".newslint.yaml", "styles: [News, House]\n")
    listed = cli("--rules", "styles", "a.txt", cwd=tmp_path)
    assert "not on" not in listed.stderr and listed.exit_code == 0


def test_no_idle_style_warning_when_there_is_nothing_to_lint(tmp_path: Path) -> None:
    write(tmp_path / "styles" / "House" / "Jargon.yml", HOUSE_RULE)
    write(tmp_path / ".newslint.yaml", "styles: [News, House]\n")
    (tmp_path / "empty").mkdir()
    result = cli("--rules", "styles", "empty", cwd=tmp_path)
    assert "not on" not in result.stderr and "no article files" in result.stderr


def test_a_rules_folder_that_holds_no_rules_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    write(tmp_path / "a.txt", "The council met on Monday.\n")
    result = cli("--rules", "empty", "a.txt", cwd=tmp_path)
    assert "--rules empty: no rule files here" in result.stderr
    assert result.exit_code == 0


def test_a_missing_rules_folder_is_an_error_and_the_files_are_still_checked(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BAD)
    result = cli("--rules", "stlyes", "--format", "json", "a.txt", cwd=tmp_path)
    assert result.exit_code == 2
    assert "newslint: error: stlyes:1: rule folder not found (given with --rules)" in result.stderr
    assert "News.Said" in result.stdout  # the built-in rules still ran


def test_a_missing_rules_paths_folder_in_the_config_names_its_line(tmp_path: Path) -> None:
    write(tmp_path / ".newslint.yaml", "styles: [News]\nrules_paths: [stlyes]\n")
    write(tmp_path / "a.txt", BAD)
    result = cli("--format", "json", "a.txt", cwd=tmp_path)
    assert result.exit_code == 2
    assert ".newslint.yaml:2: rules_paths: folder" in result.stderr and "stlyes' not found" in result.stderr
    assert "News.Said" in result.stdout


def test_select_does_not_override_a_rule_the_config_switches_off(tmp_path: Path) -> None:
    write(tmp_path / ".newslint.yaml", "rules:\n  News.Said: off\n")
    write(tmp_path / "a.txt", BAD)
    result = cli("--select", "News", "--format", "json", "a.txt", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "News.Said" not in result.stdout


def test_select_that_matches_no_rule_is_an_error_and_the_rest_still_run(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BAD)
    result = cli("--select", "News.Said,Nws", "--format", "json", "a.txt", cwd=tmp_path)
    assert result.exit_code == 2
    assert "--select 'Nws' matches no rule or style" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert [f["rule"] for f in json.loads(result.stdout) if f["kind"] != "error"] == ["News.Said"]


def test_ignore_that_matches_no_rule_is_an_error_and_the_rule_still_runs(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BAD)
    result = cli("--select", "News.Said", "--ignore", "News.Siad", "--format", "json", "a.txt", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "newslint: error: <command line>: --ignore 'News.Siad' matches no rule or style in the rule folders "
        "(newslint --list-rules lists the rules that are on)"
    ]
    assert [f["rule"] for f in json.loads(result.stdout) if f["kind"] != "error"] == ["News.Said"]
    # A glob that matches a rule is no error, even when selection leaves that rule off.
    assert cli("--select", "News.Said", "--ignore", "News.Cli*", "a.txt", cwd=tmp_path).exit_code == 1


def test_list_rules_shows_enabled_rules() -> None:
    result = cli("--list-rules")
    assert result.exit_code == 0
    assert any(line.startswith("News.Said") and "substitution" in line for line in result.stdout.splitlines())


def test_list_rules_reports_a_broken_rule_on_stderr_and_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "styles" / "House" / "Said.yml", "extends: substitution\nmessage: \"Use '%s'.\"\nswap: [stated]\n")
    write(tmp_path / ".newslint.yaml", "styles: [News, House]\nrules_paths: [styles]\n")
    result = cli("--list-rules", cwd=tmp_path)
    assert result.exit_code == 2
    assert "House.Said" not in result.stdout and "News.Said" in result.stdout
    [error] = result.stderr.strip().splitlines()
    assert error.startswith("newslint: error: ") and "Said.yml:3:" in error


def test_explain_shows_message_kind_level_link_and_examples() -> None:
    result = cli("--explain", "News.Said")
    assert result.exit_code == 0
    out = result.stdout
    assert "News.Said" in out and "substitution" in out and "warning" in out
    assert "Message:" in out and "http" in out and "Examples:" in out and "stated" in out


def test_explain_unknown_rule_exits_2() -> None:
    result = cli("--explain", "News.NoSuchRule")
    assert result.exit_code == 2
    assert result.stdout == "" and result.stderr.strip() == "newslint: error: no enabled rule 'News.NoSuchRule' (see --list-rules)"


def test_explain_a_rule_that_does_not_load_says_why(tmp_path: Path) -> None:
    write(tmp_path / "House" / "Shout.yml", "extends: existence\nmessage: 'Loud: %s'\ntokens:\n  - wow\n bad: [\n")
    result = cli("--rules", str(tmp_path), "--explain", "House.Shout")
    assert result.exit_code == 2 and result.stdout == ""
    [error] = result.stderr.strip().splitlines()
    assert error.startswith("newslint: error: ") and "Shout.yml:5:" in error and "YAML" in error


def test_version() -> None:
    result = cli("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_statistics_counts_findings_per_rule(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BAD + BAD)
    result = cli("--select", "News.Said", "--statistics", str(tmp_path))
    assert "Findings by rule:" in result.stdout
    assert any(line.split() == ["2", "News.Said"] for line in result.stdout.splitlines())


def test_text_format_shows_source_line_and_caret(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BAD)
    out = cli("--select", "News.Said", str(tmp_path)).stdout
    lines = out.splitlines()
    source_index = next(i for i, line in enumerate(lines) if "The minister stated" in line)
    caret = lines[source_index + 1]
    assert caret.index("^") == lines[source_index].index("stated") and caret.count("^") == len("stated")


def test_parallel_jobs_give_the_same_findings_as_one_job(tmp_path: Path) -> None:
    for i in range(60):
        write(tmp_path / f"a{i:02}.txt", (CLEAN if i % 3 else BAD) * (1 + i % 4))
    one = cli("--select", "News.Said", "--format", "json", "--jobs", "1", str(tmp_path))
    two = cli("--select", "News.Said", "--format", "json", "--jobs", "2", str(tmp_path))
    assert one.stdout == two.stdout
    assert len(json.loads(one.stdout)) == sum(1 + i % 4 for i in range(60) if i % 3 == 0)


def test_a_parallel_run_finishes_the_work_of_a_worker_that_died(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newslint import engine

    for i in range(60):
        write(tmp_path / f"a{i:02}.txt", CLEAN if i % 3 else BAD)
    serial = engine.run(engine.Options(paths=[str(tmp_path)], select=["News.Said"], jobs=1))
    parent, real = os.getpid(), engine.lint_file

    def dies_in_a_worker(job):  # noqa: ANN001, ANN202
        if os.getpid() != parent:
            os._exit(1)  # a worker killed mid-run (out of memory, a signal)
        return real(job)

    monkeypatch.setattr(engine, "lint_file", dies_in_a_worker)
    parallel = engine.run(engine.Options(paths=[str(tmp_path)], select=["News.Said"], jobs=2))
    assert len(parallel.files) == 60
    assert [f.to_dict() for f in parallel.findings] == [f.to_dict() for f in serial.findings]
    assert len(parallel.findings) == 20


def test_installed_console_script_runs_from_any_directory(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BAD)
    exe = Path(sys.executable).with_name("newslint")
    if not exe.exists():
        pytest.skip("newslint console script not installed in this environment")
    proc = subprocess.run([str(exe), "--no-color", "--format", "line", "--select", "News.Said", "a.txt"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stdout.startswith("a.txt:1:14:News.Said:")
    assert proc.stderr == ""


def test_usage_error_exits_2() -> None:
    result = CliRunner().invoke(main, ["--format", "nope"])
    assert result.exit_code == 2
