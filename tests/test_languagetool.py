"""extends: languagetool — against a fake LanguageTool server on 127.0.0.1.

The fake speaks LanguageTool's HTTP API: GET /v2/languages and POST /v2/check
(form fields text, language, enabledRules, disabledRules, enabledCategories,
disabledCategories, level), answering in LanguageTool's documented JSON with
offsets in UTF-16 code units, as the real (Java) server counts them. It records
every request so the tests can see what newslint sent.

A real server is used only when NEWSLINT_LANGUAGETOOL_URL is set.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import textwrap
import threading
import time
import types
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint import ltclient
from newslint.cli import main

# word or phrase -> (rule id, category, message, replacements)
KNOWN_ERRORS = {
    "could of": ("COULD_OF", "GRAMMAR", "Did you mean 'could have'?", ["could have"]),
    "alot": ("MORFOLOGIK_RULE_EN_US", "TYPOS", "Possible spelling mistake found.", ["a lot", "allot"]),
}
LANGUAGES = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up (the timeout tests) is expected


class FakeLanguageTool:
    """A LanguageTool HTTP API in a thread: replays matches for KNOWN_ERRORS."""

    def __init__(self, delay: float = 0.0, fail_check: bool = False):
        self.requests: list[dict[str, str]] = []
        self.delay = delay
        self.fail_check = fail_check
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def _json(self, status: int, payload) -> None:
                body = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                time.sleep(fake.delay)
                if self.path.rstrip("/") == "/v2/languages":
                    self._json(200, LANGUAGES)
                else:
                    self._json(404, {"error": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8")).items()}
                if self.path.rstrip("/") != "/v2/check":
                    self._json(404, {"error": "not found"})
                    return
                fake.requests.append(form)
                if fake.fail_check:
                    self._json(500, {"error": "Internal error: checking failed"})
                    return
                self._json(200, fake.answer(form))

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, form: dict[str, str]) -> dict:
        text = form.get("text", "")
        disabled_rules = set(filter(None, form.get("disabledRules", "").split(",")))
        disabled_categories = set(filter(None, form.get("disabledCategories", "").split(",")))
        matches = []
        for phrase, (rule_id, category, message, replacements) in KNOWN_ERRORS.items():
            if rule_id in disabled_rules or category in disabled_categories:
                continue
            start = text.find(phrase)
            while start != -1:
                offset = utf16_len(text[:start])
                matches.append(
                    {
                        "message": message,
                        "shortMessage": "",
                        "replacements": [{"value": r} for r in replacements],
                        "offset": offset,
                        "length": utf16_len(phrase),
                        "context": {"text": text[max(0, start - 20) : start + 40], "offset": min(start, 20), "length": len(phrase)},
                        "sentence": text,
                        "type": {"typeName": "Other"},
                        "rule": {
                            "id": rule_id,
                            "description": message,
                            "issueType": "misspelling" if category == "TYPOS" else "grammar",
                            "category": {"id": category, "name": category.title()},
                        },
                        "ignoreForIncompleteSentence": False,
                        "contextForSureMatch": 0,
                    }
                )
                start = text.find(phrase, start + 1)
        matches.sort(key=lambda m: m["offset"])
        return {
            "software": {"name": "LanguageTool", "version": "6.4", "buildDate": "2024-03-28", "apiVersion": 1, "status": ""},
            "warnings": {"incompleteResults": False},
            "language": {"name": "English (US)", "code": form.get("language", "en-US"), "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.9}},
            "matches": matches,
        }

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fake():
    server = FakeLanguageTool()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def fresh_connections(monkeypatch):
    # Each test names its own server; the per-process connection cache must not leak between tests.
    monkeypatch.setattr(ltclient, "_SERVERS", {})


def project(tmp_path: Path, rule: str, files: dict[str, str]) -> Path:
    style = tmp_path / "styles" / "Grammar"
    style.mkdir(parents=True)
    (style / "LanguageTool.yml").write_text(textwrap.dedent(rule), encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("styles: [Grammar]\nrules_paths: [styles]\n", encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def run(cwd: Path, *args: str):
    old = os.getcwd()
    try:
        os.chdir(cwd)
        return CliRunner().invoke(main, ["--no-color", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def lint_json(cwd: Path, *paths: str) -> tuple[list[dict], object]:
    result = run(cwd, "--format", "json", *paths)
    return (json.loads(result.stdout) if result.stdout.strip() else []), result


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def source_slice(path: Path, f: dict) -> str:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert f["line"] == f["end_line"]
    return lines[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1]


def rule_for(url: str, extra: str = "") -> str:
    return f"extends: languagetool\nserver: {url}\nlevel: warning\n{extra}"


# -- positions ------------------------------------------------------------------


def test_plain_text_positions_messages_and_suggestions(tmp_path: Path, fake: FakeLanguageTool) -> None:
    root = project(tmp_path, rule_for(fake.url), {"story.txt": "We could of won.\n\nIt was alot of fun.\n"})
    found, result = lint_json(root, "story.txt")
    assert result.exit_code == 1
    assert [(f["line"], f["column"], f["end_column"], f["match"]) for f in found] == [(1, 4, 12, "could of"), (3, 8, 12, "alot")]
    assert found[0]["message"] == "Did you mean 'could have'? (COULD_OF)"
    assert found[0]["suggestions"] == ["could have"]
    assert found[1]["suggestions"] == ["a lot", "allot"]
    assert found[0]["rule"] == "Grammar.LanguageTool" and found[0]["kind"] == "languagetool"
    # One request per article: paragraphs are joined by a blank line.
    assert len(fake.requests) == 1 and fake.requests[0]["text"] == "We could of won.\n\nIt was alot of fun."


def test_markdown_positions_after_markup_and_entities(tmp_path: Path, fake: FakeLanguageTool) -> None:
    article = "# Caf&eacute; owners\n\nThe *team* &amp; its fans could of won alot more.\n"
    root = project(tmp_path, rule_for(fake.url), {"story.md": article})
    found, _ = lint_json(root, "story.md")
    assert [(f["line"], f["column"], f["match"]) for f in found] == [(3, 27, "could of"), (3, 40, "alot")]
    for f in found:
        assert source_slice(root / "story.md", f) == f["match"]


def test_html_positions_after_entities(tmp_path: Path, fake: FakeLanguageTool) -> None:
    article = "<html><body>\n<p>Caf&eacute; owners &amp; staff could of sold alot.</p>\n</body></html>\n"
    root = project(tmp_path, rule_for(fake.url), {"story.html": article})
    found, _ = lint_json(root, "story.html")
    assert [(f["line"], f["column"], f["match"]) for f in found] == [(2, 35, "could of"), (2, 49, "alot")]
    for f in found:
        assert source_slice(root / "story.html", f) == f["match"]


def test_utf16_offsets_become_code_points(tmp_path: Path, fake: FakeLanguageTool) -> None:
    # 🎉 is two UTF-16 units for LanguageTool but one column for newslint.
    root = project(tmp_path, rule_for(fake.url), {"story.txt": "Fans 🎉🎉 could of cheered alot.\n"})
    found, _ = lint_json(root, "story.txt")
    assert [(f["column"], f["match"]) for f in found] == [(9, "could of"), (26, "alot")]


def test_quoted_speech_is_left_alone(tmp_path: Path, fake: FakeLanguageTool) -> None:
    root = project(tmp_path, rule_for(fake.url), {"story.txt": "\"We could of won,\" the captain said.\n"})
    found, result = lint_json(root, "story.txt")
    assert found == [] and result.exit_code == 0


# -- options are passed on ----------------------------------------------------------


def test_language_rules_categories_and_level_are_passed_on(tmp_path: Path, fake: FakeLanguageTool) -> None:
    extra = """\
language: en-GB
disabled_rules: [COULD_OF, WHITESPACE_RULE]
disabled_categories: TYPOS
enabled_rules: [PASSIVE_VOICE]
enabled_categories: [STYLE]
picky: true
"""
    root = project(tmp_path, rule_for(fake.url, extra), {"story.txt": "We could of won alot.\n"})
    found, result = lint_json(root, "story.txt")
    assert found == [] and result.exit_code == 0
    [sent] = fake.requests
    assert sent["language"] == "en-GB"
    assert sent["disabledRules"] == "COULD_OF,WHITESPACE_RULE"
    assert sent["disabledCategories"] == "TYPOS"
    assert sent["enabledRules"] == "PASSIVE_VOICE"
    assert sent["enabledCategories"] == "STYLE"
    assert sent["level"] == "picky"
    assert "enabledOnly" not in sent


def test_unknown_language_is_one_error_line(tmp_path: Path, fake: FakeLanguageTool) -> None:
    root = project(tmp_path, rule_for(fake.url, "language: xx-YY\n"), {"story.txt": "Text.\n"})
    result = run(root, "story.txt")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "LanguageTool.yml:2:" in line and "xx-YY" in line and "en-GB" in line


# -- failures: one line, exit 2, no hang ----------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_server_is_one_line_and_exit_2_quickly(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    root = project(tmp_path, rule_for(url, "timeout: 3\n"), {"a.txt": "We could of won.\n", "b.txt": "Fine.\n"})
    start = time.monotonic()
    result = run(root, "a.txt", "b.txt")
    assert time.monotonic() - start < 5
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith("newslint: error: ") and "LanguageTool.yml:2:" in line and "cannot reach LanguageTool" in line
    assert "Traceback" not in result.output


def test_slow_server_is_bounded_by_timeout(tmp_path: Path) -> None:
    slow = FakeLanguageTool(delay=3)
    try:
        root = project(tmp_path, rule_for(slow.url, "timeout: 0.3\n"), {"a.txt": "We could of won.\n"})
        start = time.monotonic()
        result = run(root, "a.txt")
        assert time.monotonic() - start < 2.5
    finally:
        slow.close()
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "did not answer within 0.3 s" in line


def test_server_failing_mid_run_reports_once(tmp_path: Path) -> None:
    failing = FakeLanguageTool(fail_check=True)
    try:
        files = {f"{n}.txt": "We could of won.\n" for n in "abc"}
        root = project(tmp_path, rule_for(failing.url), files)
        result = run(root, "--jobs", "1", *files)
        assert len(failing.requests) == 1  # no waiting on a broken server for every article
    finally:
        failing.close()
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "HTTP 500" in line and "Internal error" in line


def test_rule_without_server_or_local_is_a_rule_error(tmp_path: Path) -> None:
    root = project(tmp_path, "extends: languagetool\nlanguage: en-US\n", {"a.txt": "Text.\n"})
    result = run(root, "a.txt")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "needs either 'server'" in line


# -- a local install through the grammar extra ----------------------------------------


def local_install(tmp_path: Path) -> Path:
    folder = tmp_path / "LanguageTool-6.4"
    folder.mkdir()
    (folder / "languagetool-server.jar").write_bytes(b"")
    return folder


def test_missing_extra_is_one_line_and_exit_2(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "language_tool_python", None)  # import fails as if not installed
    folder = local_install(tmp_path)
    root = project(tmp_path, f"extends: languagetool\nlocal: {folder}\n", {"a.txt": "We could of won.\n"})
    result = run(root, "a.txt")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "pip install 'newslint[grammar]'" in line and "LanguageTool.yml:2:" in line


def test_missing_java_is_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "language_tool_python", types.ModuleType("language_tool_python"))
    monkeypatch.setattr(ltclient.shutil, "which", lambda name: None)
    folder = local_install(tmp_path)
    root = project(tmp_path, f"extends: languagetool\nlocal: {folder}\n", {"a.txt": "Text.\n"})
    result = run(root, "a.txt")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "needs Java" in line


def test_local_install_without_jar_is_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "language_tool_python", types.ModuleType("language_tool_python"))
    monkeypatch.setattr(ltclient.shutil, "which", lambda name: "/usr/bin/java")
    root = project(tmp_path, f"extends: languagetool\nlocal: {tmp_path / 'nowhere'}\n", {"a.txt": "Text.\n"})
    result = run(root, "a.txt")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "no LanguageTool install" in line


def test_local_install_is_started_through_the_extra(tmp_path: Path, fake: FakeLanguageTool, monkeypatch) -> None:
    started: list[str] = []

    class FakeTool:  # stands in for language_tool_python.LanguageTool, which starts a Java server
        def __init__(self, language: str):
            started.append(os.environ["LTP_JAR_DIR_PATH"])
            self._url = fake.url + "/v2/"

    module = types.ModuleType("language_tool_python")
    module.LanguageTool = FakeTool  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "language_tool_python", module)
    monkeypatch.setattr(ltclient.shutil, "which", lambda name: "/usr/bin/java")
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    folder = local_install(tmp_path)
    for key in [k for k in os.environ if k.startswith("NEWSLINT_LT_LOCAL_")]:
        monkeypatch.delenv(key)
    root = project(tmp_path, f"extends: languagetool\nlocal: {folder}\n", {"a.txt": "It was alot.\n"})
    found, _ = lint_json(root, "a.txt")
    assert started == [str(folder)]  # pointed at the install, so nothing is downloaded
    assert [(f["column"], f["match"]) for f in found] == [(8, "alot")]
    for key in [k for k in os.environ if k.startswith("NEWSLINT_LT_LOCAL_")]:
        monkeypatch.delenv(key)


def test_local_start_is_bounded_by_startup_timeout(tmp_path: Path, monkeypatch) -> None:
    class HangingTool:
        def __init__(self, language: str):
            time.sleep(5)

    module = types.ModuleType("language_tool_python")
    module.LanguageTool = HangingTool  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "language_tool_python", module)
    monkeypatch.setattr(ltclient.shutil, "which", lambda name: "/usr/bin/java")
    folder = local_install(tmp_path)
    root = project(tmp_path, f"extends: languagetool\nlocal: {folder}\nstartup_timeout: 0.3\n", {"a.txt": "Text.\n"})
    start = time.monotonic()
    result = run(root, "a.txt")
    assert time.monotonic() - start < 3
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "did not start within 0.3 s" in line


# -- the default run contacts nothing ---------------------------------------------------


def test_default_styles_have_no_languagetool_rule() -> None:
    from newslint.config import Config
    from newslint.rules.loader import load_ruleset

    assert not [r.id for r in load_ruleset(Config()).rules if r.kind == "languagetool"]


# -- a real server, only when one is named ------------------------------------------------


@pytest.mark.skipif(not os.environ.get("NEWSLINT_LANGUAGETOOL_URL"), reason="set NEWSLINT_LANGUAGETOOL_URL to test against a real LanguageTool")
def test_real_languagetool_server(tmp_path: Path) -> None:
    url = os.environ["NEWSLINT_LANGUAGETOOL_URL"]
    article = "# Caf&eacute; news\n\nThe players was tired after the the match.\n"
    root = project(tmp_path, rule_for(url, "timeout: 30\n"), {"story.md": article})
    found, result = lint_json(root, "story.md")
    assert result.exit_code == 1, result.stderr
    assert found
    for f in found:
        assert source_slice(root / "story.md", f) == f["match"]
