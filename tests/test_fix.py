"""--fix and --diff through the CLI: safe edits only, bytes kept, atomic, convergent."""

from __future__ import annotations

import codecs
import html
import importlib.util
import json
import os
import stat
import tempfile
from pathlib import Path

import pytest
import regex
from click.testing import CliRunner

import newslint.formats as formats
from newslint.cli import main
from newslint.document import Block, Document, TextBuilder

RULES = {
    "Said.yml": """
extends: substitution
action:
  name: replace
message: "Use '%s' instead of '%s'."
ignorecase: true
swap:
  stated: said
  noted: said
""",
    "Utilise.yml": """
extends: substitution
action:
  name: replace
message: "Use '%s' instead of '%s'."
swap:
  utilise: use|employ
""",
    "Plain.yml": """
extends: substitution
message: "Consider using %s instead of '%s'."
swap:
  facilitate: "'ease'"
""",
    "Very.yml": """
extends: existence
message: "Cut '%s'."
tokens: [very]
action:
  name: remove
""",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with its own config and a test style, so built-in rule changes do not matter."""
    write_style(tmp_path, RULES)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_style(root: Path, rules: dict[str, str], style: str = "Fix") -> None:
    folder = root / "styles" / style
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in rules.items():
        (folder / name).write_text(body.lstrip(), encoding="utf-8")
    (root / ".newslint.yaml").write_text(f"styles: [{style}]\nrules_paths: [styles]\n", encoding="utf-8")


def newslint(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, ["--no-color", *args], input=input, catch_exceptions=False)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- what gets fixed ---------------------------------------------------------


def test_fix_applies_single_suggestions_and_reports_what_remains(project: Path) -> None:
    article = project / "a.txt"
    article.write_text("Budget Talks Resume\n\nThe minister stated that councils utilise reserves.\n", encoding="utf-8")
    result = newslint("--fix", "a.txt")
    assert article.read_text(encoding="utf-8") == "Budget Talks Resume\n\nThe minister said that councils utilise reserves.\n"
    # Two suggestions (use|employ) is a choice for the editor, not for --fix.
    assert "Fix.Utilise" in result.stdout
    assert "Fix.Said" not in result.stdout
    assert "Fixed 1 problem in 1 file." in result.stderr
    assert result.exit_code == 1  # a finding remains


def test_fix_with_nothing_left_exits_zero(project: Path) -> None:
    (project / "a.txt").write_text("Rates Rise\n\nThe governor noted that rates would rise.\n", encoding="utf-8")
    result = newslint("--fix", "a.txt")
    assert result.exit_code == 0
    assert "No problems in 1 file." in result.stdout
    assert (project / "a.txt").read_text(encoding="utf-8") == "Rates Rise\n\nThe governor said that rates would rise.\n"


def test_quoted_speech_is_never_rewritten(project: Path) -> None:
    text = (
        "Council Vote\n\n"
        "\"I stated my position clearly,\" the mayor noted.\n"
        "“We noted every objection,” a spokeswoman stated.\n"
    )
    (project / "a.txt").write_text(text, encoding="utf-8")
    newslint("--fix", "a.txt")
    assert (project / "a.txt").read_text(encoding="utf-8") == (
        "Council Vote\n\n"
        "\"I stated my position clearly,\" the mayor said.\n"
        "“We noted every objection,” a spokeswoman said.\n"
    )


def test_raw_scope_rules_are_checked_again_for_quotes(project: Path) -> None:
    # A raw-scope rule sees the whole source, so its findings all look verbatim;
    # --fix parses the article again and still keeps out of quoted speech.
    write_style(project, {"Raw.yml": "extends: substitution\naction:\n  name: replace\nmessage: \"Use '%s'.\"\nscope: raw\nswap:\n  stated: said\n"})
    (project / "a.txt").write_text("Tax Row\n\n\"I stated it,\" the minister stated.\n", encoding="utf-8")
    result = newslint("--fix", "a.txt")
    assert (project / "a.txt").read_text(encoding="utf-8") == "Tax Row\n\n\"I stated it,\" the minister said.\n"
    assert "Fix.Raw" in result.stdout  # the quoted one is still reported, just not rewritten


def test_remove_action_and_capitals(project: Path) -> None:
    (project / "a.txt").write_text("Minister Stated Views\n\nThe union was very pleased. OFFICIALS STATED IT.\n", encoding="utf-8")
    newslint("--fix", "a.txt")
    assert (project / "a.txt").read_text(encoding="utf-8") == "Minister Said Views\n\nThe union was pleased. OFFICIALS SAID IT.\n"


def test_case_sensitive_rules_keep_their_own_case(project: Path) -> None:
    write_style(project, {"Web.yml": "extends: substitution\naction:\n  name: replace\nmessage: \"Use '%s'.\"\nswap:\n  Internet: internet\n"})
    (project / "a.txt").write_text("Web Row\n\nShe found it on the Internet.\n", encoding="utf-8")
    newslint("--fix", "a.txt")
    assert (project / "a.txt").read_text(encoding="utf-8") == "Web Row\n\nShe found it on the internet.\n"


def _entity_extract(doc: Document) -> None:
    """A tiny HTML-like format for the test: one block per line, &entities; decoded."""
    pos = 0
    for line in doc.source.split("\n"):
        builder = TextBuilder()
        cursor = pos
        for m in regex.finditer(r"&#?\w+;", line):
            builder.add_source(line[cursor - pos : m.start()], cursor)
            builder.add_replacement(html.unescape(m.group()), pos + m.start(), pos + m.end())
            cursor = pos + m.end()
        builder.add_source(line[cursor - pos :], cursor)
        text, offsets = builder.build()
        if text.strip():
            doc.blocks.append(Block("paragraph", text, offsets))
        pos += len(line) + 1


def test_entity_is_never_rewritten(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(formats.FORMATS, "entitytest", f"{__name__}:_entity_extract")
    monkeypatch.setitem(formats.EXTENSIONS, ".ent", "entitytest")
    (project / "a.ent").write_text("The minister st&#97;ted it and the mayor stated it.\n", encoding="utf-8")
    result = newslint("--fix", "a.ent")
    # Both are found; only the verbatim one is rewritten.
    assert (project / "a.ent").read_text(encoding="utf-8") == "The minister st&#97;ted it and the mayor said it.\n"
    assert "Fix.Said" in result.stdout and "Fixed 1 problem" in result.stderr


@pytest.mark.skipif(importlib.util.find_spec("newslint.formats.html") is None, reason="HTML format not built")
def test_html_entity_and_markup_are_never_rewritten(project: Path) -> None:
    source = (
        "<html><body><h1>Tax Row</h1>\n"
        "<p>The minister st&#97;ted it. &ldquo;We stated it,&rdquo; aides said. The mayor stated it.</p>\n"
        "<p>The <a href=\"/stated\">chair</a> st<b>at</b>ed it.</p>\n"
        "</body></html>\n"
    )
    (project / "a.html").write_text(source, encoding="utf-8")
    newslint("--fix", "a.html")
    assert (project / "a.html").read_text(encoding="utf-8") == source.replace("The mayor stated", "The mayor said")


@pytest.mark.skipif(importlib.util.find_spec("newslint.formats.markdown") is None, reason="Markdown format not built")
def test_markdown_markup_is_never_rewritten(project: Path) -> None:
    source = "# Tax Row\n\nThe minister st**at**ed it, [see](https://example.com/stated), and `stated`. The mayor stated it.\n"
    (project / "a.md").write_text(source, encoding="utf-8")
    newslint("--fix", "a.md")
    assert (project / "a.md").read_text(encoding="utf-8") == source.replace("The mayor stated", "The mayor said")


# -- bytes, encodings and files ------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # cp1252: curly quotes as 0x93/0x94, an en dash 0x96, é 0xe9.
        (b"Price Row\r\n\r\nThe caf\xe9 owner stated that prices rose \x96 again. \x93We stated it,\x94 he said.\r\n",
         b"Price Row\r\n\r\nThe caf\xe9 owner said that prices rose \x96 again. \x93We stated it,\x94 he said.\r\n"),
        # 0x81 is not cp1252, so this one is read as Latin-1.
        (b"Price Row\n\nThe \x81 caf\xe9 owner stated it.\n", b"Price Row\n\nThe \x81 caf\xe9 owner said it.\n"),
    ],
    ids=["cp1252-crlf", "latin-1"],
)
def test_non_utf8_file_keeps_its_encoding(project: Path, raw: bytes, expected: bytes) -> None:
    (project / "a.txt").write_bytes(raw)
    result = newslint("--fix", "a.txt")
    assert (project / "a.txt").read_bytes() == expected
    assert "not valid UTF-8" in result.stderr + result.stdout  # still reported as an input problem


def test_bom_and_crlf_are_kept(project: Path) -> None:
    raw = codecs.BOM_UTF8 + "Tax Row\r\n\r\nThe minister stated it — twice.\r\nShe noted it.".encode("utf-8")
    (project / "a.txt").write_bytes(raw)
    newslint("--fix", "a.txt")
    assert (project / "a.txt").read_bytes() == codecs.BOM_UTF8 + "Tax Row\r\n\r\nThe minister said it — twice.\r\nShe said it.".encode("utf-8")


def test_utf16_keeps_byte_order(project: Path) -> None:
    raw = codecs.BOM_UTF16_BE + "Tax Row\n\nThe minister stated it.\n".encode("utf-16-be")
    (project / "a.txt").write_bytes(raw)
    newslint("--fix", "a.txt")
    assert (project / "a.txt").read_bytes() == codecs.BOM_UTF16_BE + "Tax Row\n\nThe minister said it.\n".encode("utf-16-be")


def test_file_mode_is_kept(project: Path) -> None:
    article = project / "a.txt"
    article.write_text("Tax Row\n\nThe minister stated it.\n", encoding="utf-8")
    article.chmod(0o640)
    newslint("--fix", "a.txt")
    assert article.read_text(encoding="utf-8") == "Tax Row\n\nThe minister said it.\n"
    assert stat.S_IMODE(article.stat().st_mode) == 0o640
    assert files_in(project) == [".newslint.yaml", "a.txt", "styles"]


def test_symlink_stays_a_symlink(project: Path) -> None:
    (project / "real.txt").write_text("Tax Row\n\nThe minister stated it.\n", encoding="utf-8")
    os.symlink("real.txt", project / "link.txt")
    newslint("--fix", "link.txt")
    assert (project / "link.txt").is_symlink()
    assert (project / "real.txt").read_text(encoding="utf-8") == "Tax Row\n\nThe minister said it.\n"


def test_failed_write_leaves_the_original_and_no_temp_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good, bad = project / "a.txt", project / "b.txt"
    good.write_text("Tax Row\n\nThe minister stated it.\n", encoding="utf-8")
    original = "Tax Row\n\nThe mayor stated it.\n"
    bad.write_text(original, encoding="utf-8")
    real_mkstemp, real_fsync = tempfile.mkstemp, os.fsync
    temp_files: dict[int, str] = {}
    seen_half_written: list[bytes] = []

    def recording_mkstemp(*args, **kwargs):
        fd, name = real_mkstemp(*args, **kwargs)
        temp_files[fd] = name
        return fd, name

    def fsync_fails_for_b(fd: int) -> None:
        # Fail half-way: the temporary copy of b.txt is written but not yet in place.
        name = temp_files.get(fd, "")
        if os.path.basename(name).startswith(".b.txt."):
            seen_half_written.append(Path(name).read_bytes())
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(tempfile, "mkstemp", recording_mkstemp)
    monkeypatch.setattr(os, "fsync", fsync_fails_for_b)
    result = newslint("--fix", "a.txt", "b.txt")
    assert bad.read_text(encoding="utf-8") == original
    assert good.read_text(encoding="utf-8") == "Tax Row\n\nThe minister said it.\n"
    assert seen_half_written == [b"Tax Row\n\nThe mayor said it.\n"]  # the temp file existed...
    assert files_in(project) == [".newslint.yaml", "a.txt", "b.txt", "styles"]  # ...and is gone
    assert "cannot write fixes: No space left on device" in result.stderr + result.stdout
    assert result.exit_code == 2


def test_failed_replace_leaves_the_original_and_no_temp_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = "Tax Row\n\nThe minister stated it.\n"
    (project / "a.txt").write_text(original, encoding="utf-8")

    def replace_fails(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", replace_fails)
    result = newslint("--fix", "a.txt")
    assert (project / "a.txt").read_text(encoding="utf-8") == original
    assert files_in(project) == [".newslint.yaml", "a.txt", "styles"]
    assert result.exit_code == 2


# -- the loop --------------------------------------------------------------------


def test_fix_loops_until_nothing_changes_and_a_second_fix_is_a_no_op(project: Path) -> None:
    write_style(project, {
        **RULES,
        "Spelling.yml": "extends: substitution\naction:\n  name: replace\nmessage: \"Use '%s'.\"\nswap:\n  utilize: utilise\n",
        "Plain.yml": "extends: substitution\naction:\n  name: replace\nmessage: \"Use '%s'.\"\nswap:\n  utilise: use\n",
    })
    (project / "styles" / "Fix" / "Utilise.yml").unlink()
    article = project / "a.txt"
    article.write_text("Funds Row\n\nCouncils utilize reserves, the minister stated.\n", encoding="utf-8")
    first = newslint("--fix", "a.txt")
    # utilize -> utilise (pass 1) -> use (pass 2, only visible after re-linting).
    assert article.read_text(encoding="utf-8") == "Funds Row\n\nCouncils use reserves, the minister said.\n"
    assert "Fixed 3 problems in 1 file." in first.stderr
    before = article.stat()
    second = newslint("--fix", "a.txt")
    assert "Nothing to fix." in second.stderr
    after = article.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not even rewritten


def test_fixes_that_undo_each_other_leave_the_file_alone(project: Path) -> None:
    write_style(project, {
        "There.yml": "extends: substitution\naction:\n  name: replace\nmessage: \"Use '%s'.\"\nswap:\n  toward: towards\n",
        "Back.yml": "extends: substitution\naction:\n  name: replace\nmessage: \"Use '%s'.\"\nswap:\n  towards: toward\n",
    })
    original = "Talks Row\n\nThey moved toward a deal.\n"
    (project / "a.txt").write_text(original, encoding="utf-8")
    result = newslint("--fix", "a.txt")
    assert (project / "a.txt").read_text(encoding="utf-8") == original
    assert "undo each other" in result.stderr


def test_rules_disagreeing_on_the_same_words_are_not_fixed(project: Path) -> None:
    write_style(project, {
        "One.yml": "extends: substitution\naction:\n  name: replace\nmessage: \"Use '%s'.\"\nswap:\n  stated: said\n",
        "Two.yml": "extends: substitution\naction:\n  name: replace\nmessage: \"Use '%s'.\"\nswap:\n  stated: told reporters\n",
    })
    original = "Tax Row\n\nThe minister stated it.\n"
    (project / "a.txt").write_text(original, encoding="utf-8")
    newslint("--fix", "a.txt")
    assert (project / "a.txt").read_text(encoding="utf-8") == original


# -- --diff and stdin --------------------------------------------------------------


def test_diff_prints_a_patch_and_writes_nothing(project: Path) -> None:
    article = project / "a.txt"
    article.write_text("Tax Row\n\nThe minister stated it.\nNothing else.\n", encoding="utf-8")
    before = article.stat()
    result = newslint("--diff", "a.txt")
    assert result.stdout == (
        "--- a.txt\n+++ a.txt\n@@ -1,4 +1,4 @@\n Tax Row\n \n-The minister stated it.\n+The minister said it.\n Nothing else.\n"
    )
    assert result.exit_code == 1
    assert "1 problem fixable in 1 file" in result.stderr
    after = article.stat()
    assert article.read_text(encoding="utf-8") == "Tax Row\n\nThe minister stated it.\nNothing else.\n"
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert files_in(project) == [".newslint.yaml", "a.txt", "styles"]


def test_diff_wins_over_fix_and_marks_a_missing_final_newline(project: Path) -> None:
    (project / "a.txt").write_text("Tax Row\n\nThe minister stated it.", encoding="utf-8")
    result = newslint("--fix", "--diff", "a.txt")
    assert result.stdout.endswith("-The minister stated it.\n\\ No newline at end of file\n+The minister said it.\n\\ No newline at end of file\n")
    assert (project / "a.txt").read_text(encoding="utf-8") == "Tax Row\n\nThe minister stated it."


def test_diff_with_nothing_to_fix_exits_zero(project: Path) -> None:
    (project / "a.txt").write_text("Tax Row\n\nThe minister said it.\n", encoding="utf-8")
    result = newslint("--diff", "a.txt")
    assert (result.exit_code, result.stdout) == (0, "")


def test_stdin_fix_prints_the_fixed_text(project: Path) -> None:
    result = newslint("--fix", "--stdin-filename", "story.txt", "-", input="Tax Row\r\n\r\nThe minister stated it. Councils utilise reserves.\r\n".encode())
    assert result.stdout_bytes == "Tax Row\r\n\r\nThe minister said it. Councils utilise reserves.\r\n".encode()
    assert "Fix.Utilise" in result.stderr  # the report of what remains goes to stderr
    assert result.exit_code == 1


def test_a_substitution_without_an_action_reports_but_never_fixes(project: Path) -> None:
    # Vale fixes only what an action names; published styles write swap values as
    # message text ("'ease'"), which would otherwise land in the copy, quotes and all.
    data = "Tax Row\n\nThe minister stated it would facilitate talks.\n".encode()
    result = newslint("--fix", "--stdin-filename", "story.txt", "-", input=data)
    assert result.stdout_bytes == "Tax Row\n\nThe minister said it would facilitate talks.\n".encode()
    assert "Consider using 'ease' instead of 'facilitate'." in result.stderr
    assert result.exit_code == 1


def test_stdin_fix_with_nothing_to_fix_echoes_the_input(project: Path) -> None:
    data = "Tax Row\n\nThe minister said it.\n".encode()
    result = newslint("--fix", "-", input=data)
    assert result.stdout_bytes == data
    assert result.exit_code == 0


def test_fix_with_json_reports_the_remaining_findings(project: Path) -> None:
    (project / "a.txt").write_text("Tax Row\n\nThe minister stated that councils utilise reserves.\n", encoding="utf-8")
    result = newslint("--fix", "--format", "json", "a.txt")
    remaining = json.loads(result.stdout)
    assert [(f["rule"], f["line"], f["column"]) for f in remaining] == [("Fix.Utilise", 3, 33)]  # re-linted: the column after the fix


def test_file_changed_under_us_is_left_alone(project: Path) -> None:
    from newslint.fix import FileFix, _write_back

    article = project / "a.txt"
    article.write_text("edited meanwhile\n", encoding="utf-8")
    fixed = FileFix("a.txt", "old\n", "new\n", 1, b"old\n", b"new\n")
    error = _write_back(str(article), fixed)
    assert error is not None and "changed while newslint was fixing it" in error.message
    assert article.read_text(encoding="utf-8") == "edited meanwhile\n"
