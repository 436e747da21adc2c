"""The CI recipes in README.md's CI section: valid YAML, and every newslint command in them works.

The recipes are what users copy, so the test reads them from the README itself:
each fenced yaml block must parse, every `newslint ...` line (workflow steps,
GitLab script, shell examples, pre-commit args) must be accepted by the CLI's
own parser, and the CI commands are run for real on a small articles folder.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any, Iterator

import click
import pytest
import yaml
from click.testing import CliRunner

from newslint.cli import main

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
HOOKS_FILE = REPO / ".pre-commit-hooks.yaml"
SHELL_STOP = {"<", ">", ">>", "|", "||", "&&", ";", "2>", "2>&1"}


def ci_section() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- section:ci -->(.*?)<!-- /section:ci -->", text, re.S)
    assert match, "README.md lost its CI section markers"
    return match.group(1)


def fenced(language: str) -> list[str]:
    return [m.group(1) for m in re.finditer(rf"^```{language}\n(.*?)^```", ci_section(), re.S | re.M)]


def yaml_blocks() -> list[Any]:
    return [yaml.safe_load(block) for block in fenced("yaml")]


def workflow() -> dict:
    # YAML 1.1 reads the key `on` as True; GitHub reads it as "on".
    found = [d for d in yaml_blocks() if isinstance(d, dict) and "jobs" in d and (True in d or "on" in d)]
    assert len(found) == 1, "expected one GitHub Actions workflow"
    return found[0]


def gitlab_job() -> dict:
    found = [
        job
        for d in yaml_blocks()
        if isinstance(d, dict) and "jobs" not in d and "repos" not in d
        for job in d.values()
        if isinstance(job, dict) and "script" in job
    ]
    assert len(found) == 1, "expected one GitLab CI job"
    return found[0]


def precommit_config() -> dict:
    found = [d for d in yaml_blocks() if isinstance(d, dict) and "repos" in d]
    assert len(found) == 1, "expected one .pre-commit-config.yaml snippet"
    return found[0]


def newslint_argv(command: str) -> Iterator[list[str]]:
    """The arguments of each `newslint` invocation in a shell command (comments, redirections dropped)."""
    for line in command.splitlines():
        words = shlex.split(line.strip().removeprefix("$ "), comments=True)
        if not words or words[0] != "newslint":
            continue
        argv: list[str] = []
        for word in words[1:]:
            if word in SHELL_STOP:
                break
            argv.append(word)
        yield argv


def workflow_commands() -> list[list[str]]:
    steps = [step for job in workflow()["jobs"].values() for step in job["steps"]]
    return [argv for step in steps if "run" in step for argv in newslint_argv(step["run"])]


def gitlab_commands() -> list[list[str]]:
    return [argv for line in gitlab_job()["script"] for argv in newslint_argv(line)]


def shell_commands() -> list[list[str]]:
    return [argv for block in fenced("sh") for argv in newslint_argv(block)]


def parse(argv: list[str]) -> dict[str, Any]:
    """Run the arguments through the CLI's own click parser (no linting)."""
    try:
        with main.make_context("newslint", list(argv)) as ctx:
            return dict(ctx.params)
    except click.UsageError as exc:  # pragma: no cover - the failure message is the point
        pytest.fail(f"README command `newslint {' '.join(argv)}` is rejected: {exc.format_message()}")


# -- the YAML is valid and complete -------------------------------------------------


def test_every_yaml_block_parses_and_all_three_recipes_are_there() -> None:
    blocks = fenced("yaml")
    assert len(blocks) >= 3
    for block in blocks:
        assert isinstance(yaml.safe_load(block), dict)
    workflow(), gitlab_job(), precommit_config()


def test_workflow_annotates_uploads_sarif_and_gates() -> None:
    commands = workflow_commands()
    formats = [parse(argv)["output_format"] for argv in commands]
    assert "github" in formats and "sarif" in formats
    gate = commands[formats.index("github")]
    assert not parse(gate)["exit_zero"], "the annotation step must fail the job on findings"
    sarif = parse(commands[formats.index("sarif")])
    steps = [step for job in workflow()["jobs"].values() for step in job["steps"]]
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    assert len(uploads) == 1
    assert uploads[0]["with"]["sarif_file"] == sarif["output"]
    assert workflow()["permissions"]["security-events"] == "write"
    on = workflow().get("on", workflow().get(True))
    assert "pull_request" in on and any("articles" in p for p in on["pull_request"]["paths"])


def test_gitlab_job_writes_the_code_quality_report_it_declares() -> None:
    job = gitlab_job()
    (argv,) = gitlab_commands()
    params = parse(argv)
    assert params["output_format"] == "gitlab"
    assert job["artifacts"]["reports"]["codequality"] == params["output"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"  # the report matters most when the job fails


def test_shell_examples_parse() -> None:
    commands = shell_commands()
    assert commands
    for argv in commands:
        parse(argv)
    assert any(parse(argv)["fix"] for argv in commands) and any(parse(argv)["show_diff"] for argv in commands)


def test_precommit_snippet_names_real_hooks_and_valid_args(tmp_path: Path) -> None:
    from pre_commit.clientlib import load_config

    snippet = tmp_path / ".pre-commit-config.yaml"
    snippet.write_text(fenced("yaml")[[i for i, d in enumerate(yaml_blocks()) if isinstance(d, dict) and "repos" in d][0]], encoding="utf-8")
    config = load_config(str(snippet))  # pre-commit's own schema check
    offered = {hook["id"] for hook in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))}
    used = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {hook["id"] for hook in used} == offered
    for hook in used:
        parse(list(hook.get("args", [])))


# -- and the commands do what the recipes say ---------------------------------------


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "styles" / "House").mkdir(parents=True)
    (tmp_path / "styles" / "House" / "Said.yml").write_text(
        "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\naction:\n  name: replace\nswap:\n  stated: said\n", encoding="utf-8"
    )
    (tmp_path / ".newslint.yaml").write_text("styles: [House]\nrules_paths: [styles]\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "clean.md").write_text("# Bridge Opens\n\nThe bridge opened, officials said.\n", encoding="utf-8")
    (tmp_path / "articles" / "costs.txt").write_text("Costs Rise\n\nThe council stated that costs rose.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(argv: list[str]):
    return CliRunner().invoke(main, argv, catch_exceptions=False)


@pytest.mark.parametrize("source", ["workflow", "gitlab"])
def test_ci_commands_run_on_an_articles_folder(newsroom: Path, source: str) -> None:
    commands = workflow_commands() if source == "workflow" else gitlab_commands()
    for argv in commands:
        params = parse(argv)
        result = run(argv)
        if params["exit_zero"]:
            assert result.exit_code == 0, result.output
        else:
            assert result.exit_code == 1, result.output  # a finding fails the job
        report = (newsroom / params["output"]).read_text(encoding="utf-8") if params["output"] else result.stdout
        if params["output_format"] == "github":
            assert report.startswith("::warning file=articles/costs.txt,line=3,col=13")
            assert "clean.md" not in report
        elif params["output_format"] == "sarif":
            log = json.loads(report)
            assert log["version"] == "2.1.0"
            (finding,) = log["runs"][0]["results"]
            assert finding["ruleId"] == "House.Said"
        elif params["output_format"] == "gitlab":
            (issue,) = json.loads(report)
            assert issue["check_name"] == "House.Said" and issue["location"]["path"] == "articles/costs.txt"
        else:  # pragma: no cover
            pytest.fail(f"unexpected format in a recipe: {params['output_format']}")


def test_shell_examples_run(newsroom: Path) -> None:
    costs = newsroom / "articles" / "costs.txt"
    for argv in shell_commands():
        if "-" in argv:
            result = CliRunner().invoke(main, argv, input=b"Costs Rise\n\nThe council stated it.\n", catch_exceptions=False)
            assert result.stdout_bytes == b"Costs Rise\n\nThe council said it.\n"
            continue
        before = costs.read_text(encoding="utf-8")
        result = run(argv)
        if parse(argv)["show_diff"]:
            assert "+The council said that costs rose." in result.stdout and costs.read_text(encoding="utf-8") == before
        else:
            assert costs.read_text(encoding="utf-8") == "Costs Rise\n\nThe council said that costs rose.\n"
