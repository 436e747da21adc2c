"""Every output format through the CLI: the contract other tools parse, --output and exit codes.

The articles and a small test style (`Desk`) are written here, and the config
turns on only that style, so new built-in rules never change these results.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main
from newslint.engine import RunResult
from newslint.findings import Finding, Related
from newslint.report import REPORTERS, ReportContext
from newslint.report import github as github_report
from newslint.report import sarif as sarif_report

FORMATS = ["text", "line", "json", "jsonl", "sarif", "github", "junit", "gitlab", "html"]
CONTRACT_KEYS = ["path", "line", "column", "end_line", "end_column", "rule", "kind", "level", "message", "match", "suggestions", "link", "related"]
SCHEMA = Path(__file__).resolve().parents[1].parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"

STYLE = {
    "Said.yml": """extends: substitution
message: "Use '%s' instead of '%s'."
description: Attribution verbs other than said take sides.
link: https://example.org/style#said
level: warning
ignorecase: true
swap:
  stated: said
  exclaimed: said
""",
    "Hype.yml": """extends: existence
message: "'%s' is promotional."
level: suggestion
ignorecase: true
tokens: [cutting-edge, game-changing]
""",
    "Banned.yml": """extends: existence
message: "Never print '%s'."
level: error
tokens: [allegedly]
""",
    # A message with every character the workflow-command syntax reserves.
    "Odd.yml": """extends: existence
message: "Odd: 100%% sure, really\\r\\nnext line"
level: warning
tokens: [zzyzx]
""",
}

BUDGET = (
    "Budget plans unveiled\n"
    "\n"
    "The minister stated that taxes would rise.\n"
    "A cutting-edge plan, she exclaimed, and the critics allegedly agreed.\n"
)
CLEAN = "Budget plans unveiled\n\nThe minister said that taxes would rise next spring.\n"
ODD_NAME = "odd, name: 100%.txt"


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A newsroom folder: the Desk style, a config enabling only it, and three articles."""
    style = tmp_path / "styles" / "Desk"
    style.mkdir(parents=True)
    for name, text in STYLE.items():
        (style / name).write_text(text, encoding="utf-8")
    (tmp_path / "desk.yaml").write_text("styles: [Desk]\nrules_paths: [styles]\n", encoding="utf-8")
    articles = tmp_path / "desk"
    articles.mkdir()
    (articles / "budget.txt").write_text(BUDGET, encoding="utf-8")
    (articles / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (articles / ODD_NAME).write_text("A town called zzyzx.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return tmp_path


def lint(*args: str):
    result = CliRunner().invoke(main, ["--config", "desk.yaml", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def json_findings(*paths: str) -> list[dict]:
    return json.loads(lint("-f", "json", *paths).stdout)


# -- the registry --------------------------------------------------------------


def test_every_format_is_registered_and_tested():
    assert sorted(REPORTERS) == sorted(FORMATS)


# -- text and line ---------------------------------------------------------------


def test_text_groups_by_file_with_caret_and_summary(desk):
    result = lint("-f", "text", "desk/budget.txt")
    assert result.exit_code == 1  # an error-level finding fails the run; it is not a run error (2)
    out = result.stdout
    assert out.splitlines()[0] == "desk/budget.txt"
    assert "3:14" in out and "Desk.Said" in out and "suggest: 'said'" in out
    assert "^^^^^^" in out
    assert "4 problems (1 error, 2 warnings, 1 suggestion) in 1 file." in out


def test_line_format_is_vales(desk):
    result = lint("-f", "line", "desk/budget.txt")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "desk/budget.txt:3:14:Desk.Said:Use 'said' instead of 'stated'.",
        "desk/budget.txt:4:3:Desk.Hype:'cutting-edge' is promotional.",
        "desk/budget.txt:4:26:Desk.Said:Use 'said' instead of 'exclaimed'.",
        "desk/budget.txt:4:53:Desk.Banned:Never print 'allegedly'.",
    ]


def test_line_format_keeps_one_finding_per_line_even_with_newlines_in_the_message(desk):
    lines = lint("-f", "line", f"desk/{ODD_NAME}").stdout.splitlines()
    assert lines == [f"desk/{ODD_NAME}:1:15:Desk.Odd:Odd: 100% sure, really next line"]


# -- json and jsonl ------------------------------------------------------------------


def test_json_findings_have_exactly_the_contract_keys(desk):
    result = lint("-f", "json", "desk")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert [f["rule"] for f in findings] == ["Desk.Said", "Desk.Hype", "Desk.Said", "Desk.Banned", "Desk.Odd"]
    for finding in findings:
        assert list(finding) == CONTRACT_KEYS
    first = findings[0]
    assert first == {
        "path": "desk/budget.txt", "line": 3, "column": 14, "end_line": 3, "end_column": 20,
        "rule": "Desk.Said", "kind": "substitution", "level": "warning",
        "message": "Use 'said' instead of 'stated'.", "match": "stated", "suggestions": ["said"],
        "link": "https://example.org/style#said", "related": [],
    }
    source = BUDGET.split("\n")
    for finding in findings[:4]:
        line = source[finding["line"] - 1]
        assert line[finding["column"] - 1 : finding["end_column"] - 1] == finding["match"]


def test_json_is_an_empty_array_for_clean_copy(desk):
    result = lint("-f", "json", "desk/clean.txt")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_jsonl_prints_one_finding_per_line(desk):
    result = lint("-f", "jsonl", "desk")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    parsed = [json.loads(line) for line in lines]
    assert parsed == json_findings("desk")
    assert all(list(p) == CONTRACT_KEYS for p in parsed)


# -- sarif ---------------------------------------------------------------------------


def test_sarif_validates_and_carries_rules_levels_regions_and_fixes(desk):
    result = lint("-f", "sarif", "desk")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    if SCHEMA.is_file():
        jsonschema = pytest.importorskip("jsonschema")
        validator = jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
        assert [e.message for e in validator.iter_errors(log)] == []
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "newslint" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["Desk.Banned", "Desk.Hype", "Desk.Odd", "Desk.Said"]
    said = rules[3]
    assert said["shortDescription"]["text"] == "Use '…' instead of '…'."
    assert said["fullDescription"]["text"] == "Attribution verbs other than said take sides."
    assert said["helpUri"] == "https://example.org/style#said"
    assert said["defaultConfiguration"]["level"] == "warning"
    assert rules[1]["defaultConfiguration"]["level"] == "note"

    results = run["results"]
    assert [r["level"] for r in results] == ["warning", "note", "warning", "error", "warning"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    stated = results[0]
    location = stated["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "desk/budget.txt"
    assert location["region"] == {"startLine": 3, "startColumn": 14, "endLine": 3, "endColumn": 20, "snippet": {"text": "stated"}}
    replacement = stated["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "said"
    assert replacement["deletedRegion"]["endColumn"] == 20
    odd = results[4]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert odd == "desk/odd%2C%20name%3A%20100%25.txt"  # a URI reference: percent-encoded
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is True and invocation["toolExecutionNotifications"] == []
    fingerprints = [r["partialFingerprints"]["newslint/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_reports_errors_as_failed_execution_notifications(desk):
    result = lint("-f", "sarif", "desk/budget.txt", "desk/missing.txt")
    assert result.exit_code == 2
    run = json.loads(result.stdout)["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["descriptor"]["id"] == "newslint.Input"
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "desk/missing.txt"
    assert all(r["ruleId"].startswith("Desk.") for r in run["results"])  # errors are not results


def test_sarif_related_locations_for_cross_source_findings():
    finding = Finding(
        path="story/fox.txt", line=2, column=5, end_line=2, end_column=9, rule="News.Figures", kind="figures",
        level="warning", message="Figure differs.", match="1200",
        related=[Related("story/nyt.txt", 7, 11, "nyt says 1,300")],
    )
    result = RunResult(findings=[finding], files=["story/fox.txt", "story/nyt.txt"])
    log = json.loads(sarif_report.render(result, ReportContext(version="9.9")))
    [res] = log["runs"][0]["results"]
    [related] = res["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "story/nyt.txt"
    assert related["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 11}
    assert related["message"]["text"] == "nyt says 1,300"
    # A rule the rule sets do not list still gets a descriptor, so ruleIndex is valid.
    assert log["runs"][0]["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == "News.Figures"
    if SCHEMA.is_file():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(log)


# -- github ----------------------------------------------------------------------------


def test_github_workflow_commands(desk):
    result = lint("-f", "github", "desk/budget.txt")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::warning file=desk/budget.txt,line=3,col=14,endLine=3,endColumn=20,title=Desk.Said"
        "::Use 'said' instead of 'stated'.%0ASuggestion: 'said'"
    )
    assert lines[1].startswith("::notice file=desk/budget.txt,line=4,col=3,")
    assert lines[3].startswith("::error file=desk/budget.txt,line=4,col=53,endLine=4,endColumn=62,title=Desk.Banned::")


def test_github_escapes_nasty_paths_and_messages(desk):
    [line] = lint("-f", "github", f"desk/{ODD_NAME}").stdout.splitlines()
    assert line == (
        "::warning file=desk/odd%2C name%3A 100%25.txt,line=1,col=15,endLine=1,endColumn=20,title=Desk.Odd"
        "::Odd: 100%25 sure, really%0D%0Anext line"
    )


def test_github_escaping_matches_the_actions_toolkit():
    assert github_report.escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert github_report.escape_data("a:b,c") == "a:b,c"  # data keeps : and ,
    assert github_report.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert github_report.escape_property("%3A") == "%253A"  # no double decoding on GitHub's side


def test_github_reports_run_errors_as_error_annotations(desk):
    result = lint("-f", "github", "desk/missing.txt")
    assert result.exit_code == 2
    assert result.stdout.startswith("::error file=desk/missing.txt,line=1,col=1,title=newslint error (newslint.Input)::")


# -- junit -------------------------------------------------------------------------------


def test_junit_one_testcase_per_file_with_failures(desk):
    result = lint("-f", "junit", "desk")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout.encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert sorted(cases) == ["desk/budget.txt", "desk/clean.txt", f"desk/{ODD_NAME}"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "0")
    assert (root.get("tests"), root.get("failures")) == ("3", "2")
    assert cases["desk/clean.txt"].find("failure") is None
    failure = cases["desk/budget.txt"].find("failure")
    assert failure is not None and failure.get("message") == "3 problems"
    lines = failure.text.splitlines()
    assert lines[0] == "desk/budget.txt:3:14 Desk.Said [warning] Use 'said' instead of 'stated'."
    assert "desk/budget.txt:4:53 Desk.Banned [error] Never print 'allegedly'." in lines
    # Below the fail level: reported, but not a failure.
    assert "Desk.Hype" in cases["desk/budget.txt"].find("system-out").text


def test_junit_errors_are_error_elements(desk):
    result = lint("-f", "junit", "desk/clean.txt", "desk/missing.txt")
    assert result.exit_code == 2
    suite = ET.fromstring(result.stdout.encode("utf-8")).find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "0", "1")
    [missing] = [c for c in suite.findall("testcase") if c.get("name") == "desk/missing.txt"]
    error = missing.find("error")
    assert error is not None and error.get("type") == "newslint.Input"


# -- gitlab -------------------------------------------------------------------------------


def test_gitlab_code_quality_report(desk):
    result = lint("-f", "gitlab", "desk")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert len(issues) == 5
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    first = issues[0]
    assert first["check_name"] == "Desk.Said" and first["severity"] == "minor"
    assert first["location"] == {"path": "desk/budget.txt", "positions": {"begin": {"line": 3, "column": 14}, "end": {"line": 3, "column": 20}}}
    assert [i["severity"] for i in issues] == ["minor", "info", "minor", "major", "minor"]
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints)
    assert prints == [i["fingerprint"] for i in json.loads(lint("-f", "gitlab", "desk").stdout)]  # stable


def test_gitlab_fingerprints_tell_repeats_on_one_line_apart(desk):
    Path("desk/twice.txt").write_text("She stated it and then stated it again.\n", encoding="utf-8")
    issues = json.loads(lint("-f", "gitlab", "desk/twice.txt").stdout)
    assert [i["location"]["positions"]["begin"]["column"] for i in issues] == [5, 24]
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]


def test_gitlab_run_errors_are_critical(desk):
    result = lint("-f", "gitlab", "desk/missing.txt")
    assert result.exit_code == 2
    [issue] = json.loads(result.stdout)
    assert issue["severity"] == "critical" and issue["check_name"] == "newslint.Input"


# -- html ------------------------------------------------------------------------------------


class _Marks(HTMLParser):
    """The <mark> highlights of a report, with the text inside each finding's fragments."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict | None] = []
        self.marks: dict[str, dict] = {}
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attributes = dict(attrs)
        self.attributes.update(attributes)
        if tag == "mark":
            key = attributes["data-finding"]
            self.marks.setdefault(key, {**attributes, "text": ""})
            self.stack.append(self.marks[key])

    def handle_endtag(self, tag):
        if tag == "mark":
            self.stack.pop()

    def handle_data(self, data):
        for mark in self.stack:
            mark["text"] += data


def test_html_is_one_self_contained_escaped_page(desk):
    Path("desk/nasty.txt").write_text('A <script>alert("x")</script> & cutting-edge <img src=http://x/y.png>.\n', encoding="utf-8")
    result = lint("-f", "html", "desk")
    assert result.exit_code == 1
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; " in page
    parser = _Marks()
    parser.feed(page)
    # Nothing that loads anything: no scripts, images, frames, stylesheets or sources.
    assert not parser.tags & {"script", "img", "link", "iframe", "object", "embed", "svg", "video", "audio", "source"}
    assert "src" not in parser.attributes and "url(" not in page and "@import" not in page
    findings = json_findings("desk")
    assert len(parser.marks) == len(findings)
    for finding in findings:
        key = (finding["rule"], finding["line"], finding["column"], finding["match"])
        [mark] = [m for m in parser.marks.values() if (m["data-rule"], int(m["data-line"]), int(m["data-column"]), m["text"]) == key]
        assert mark["data-level"] == finding["level"]


# -- every format: --output and exit codes ---------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_option_writes_the_report_to_a_file(desk, fmt):
    stdout_result = lint("-f", fmt, "desk/budget.txt")
    result = lint("-f", fmt, "-o", "report.out", "desk/budget.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    written = Path("report.out").read_text(encoding="utf-8")
    assert written
    if fmt != "text":  # text adds colour only on a terminal; both are plain here
        assert written == stdout_result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_exit_codes_for_every_format(desk, fmt):
    assert lint("-f", fmt, "desk/clean.txt").exit_code == 0
    assert lint("-f", fmt, "desk/budget.txt").exit_code == 1
    assert lint("-f", fmt, "--fail-level", "error", f"desk/{ODD_NAME}").exit_code == 0
    assert lint("-f", fmt, "--exit-zero", "desk/budget.txt").exit_code == 0
    missing = lint("-f", fmt, "desk/clean.txt", "desk/missing.txt")
    assert missing.exit_code == 2
    assert "newslint: error: desk/missing.txt" in missing.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(desk, fmt):
    # POSIX file names are bytes; os.fsdecode gives such a name surrogates, which a strict
    # UTF-8 encoder refused with a traceback. The name goes out as its own bytes.
    name = os.fsdecode(b"desk/caf\xe9.txt")
    try:
        Path(name).write_text(Path("desk/budget.txt").read_text(encoding="utf-8"), encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system does not take a name that is not UTF-8")
    for extra in ([], ["-o", "report.out"]):
        result = lint("-f", fmt, *extra, name)
        assert result.exit_code == 1, result.output
    written = Path("report.out").read_bytes()
    assert (b"caf%E9.txt" if fmt == "sarif" else b"caf\xe9") in written


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif", "gitlab", "junit"])
def test_machine_formats_parse_when_a_rule_file_is_broken(desk, fmt):
    Path("styles/Desk/Broken.yml").write_text("extends: existence\ntokens: ['(unclosed']\n", encoding="utf-8")
    result = lint("-f", fmt, "desk/clean.txt")
    assert result.exit_code == 2
    if fmt == "junit":
        ET.fromstring(result.stdout.encode("utf-8"))
    elif fmt == "jsonl":
        [json.loads(line) for line in result.stdout.splitlines()]
    else:
        json.loads(result.stdout)
    assert "Broken.yml" in result.stderr
