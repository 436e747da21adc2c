"""In-text controls in all three formats, through the command line.

<!-- newslint off/on -->, <!-- newslint Rule = NO/YES -->, a whole style,
<!-- newslint-disable-next-line Rule -->, and Vale's <!-- vale ... --> forms. In
Markdown and HTML a control may sit anywhere a comment may; in plain text it is
a comment on a line of its own. Comments inside code are not controls.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main

WORD = "exclaimed"  # News.Said flags it wherever it stands


def lint(tmp_path: Path, name: str, text: str) -> list[int]:
    """The lines News.Said flags in the file, as the user sees them in --format json."""
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    result = CliRunner().invoke(main, ["--no-color", "--format", "json", "--select", "News.Said", str(path)], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.output)
    assert all(f["match"] == WORD for f in findings), findings
    return [f["line"] for f in findings]


def test_the_word_is_flagged_by_news_said(tmp_path: Path) -> None:
    assert lint(tmp_path, "a.txt", f"The minister {WORD} loudly.\n") == [1]


# Each format writes paragraphs and control comments its own way; the line
# numbers of the paragraphs are the same in all three.
FORMATS = {
    "txt": (lambda text: text + "\n", lambda body: f"<!-- {body} -->\n"),
    "md": (lambda text: text + "\n", lambda body: f"<!-- {body} -->\n"),
    "html": (lambda text: f"<p>{text}</p>\n", lambda body: f"<!-- {body} -->\n"),
}


def article(fmt: str, *lines: str) -> str:
    """Lines starting with '!' are control comments; the others are paragraphs; a blank line between each."""
    para, control = FORMATS[fmt]
    out = []
    for line in lines:
        out.append(control(line[1:]) if line.startswith("!") else para(line))
        out.append("\n")
    return "".join(out)


PARAS = (f"One {WORD} here.", f"Two {WORD} here.", f"Three {WORD} here.")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize(
    "off, on",
    [
        ("newslint off", "newslint on"),
        ("newslint News.Said = NO", "newslint News.Said = YES"),
        ("newslint News = NO", "newslint News = YES"),
        ("vale off", "vale on"),
        ("vale News.Said = NO", "vale News.Said = YES"),
        ("NEWSLINT  OFF", "newslint ON"),
    ],
)
def test_off_and_on_switch_a_stretch(tmp_path: Path, fmt: str, off: str, on: str) -> None:
    text = article(fmt, PARAS[0], "!" + off, PARAS[1], "!" + on, PARAS[2])
    # Lines: 1 para, 3 off, 5 para (suppressed), 7 on, 9 para.
    assert lint(tmp_path, f"a.{fmt}", text) == [1, 9]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_off_without_on_runs_to_the_end(tmp_path: Path, fmt: str) -> None:
    text = article(fmt, PARAS[0], "!newslint off", PARAS[1], PARAS[2])
    assert lint(tmp_path, f"a.{fmt}", text) == [1]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize(
    "control", ["newslint-disable-next-line News.Said", "newslint-disable-next-line", "vale-disable-next-line News.Said"]
)
def test_disable_next_line_covers_one_line(tmp_path: Path, fmt: str, control: str) -> None:
    para, comment = FORMATS[fmt]
    text = para(PARAS[0]) + comment(control) + para(PARAS[1]) + para(PARAS[2])
    assert lint(tmp_path, f"a.{fmt}", text) == [1, 4]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_switching_off_another_rule_leaves_this_one_on(tmp_path: Path, fmt: str) -> None:
    text = article(fmt, "!newslint News.Spelling = NO", PARAS[0], "!newslint-disable-next-line News.Other", PARAS[1])
    assert lint(tmp_path, f"a.{fmt}", text) == [3, 7]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_control_inside_a_paragraph_works_from_where_it_stands(tmp_path: Path, fmt: str) -> None:
    para, _ = FORMATS[fmt]
    text = para(f"Before {WORD} <!-- newslint off --> after {WORD} <!-- newslint on --> again {WORD}.")
    assert lint(tmp_path, f"a.{fmt}", text) == [1, 1]


def test_plain_text_control_must_stand_on_its_own_line(tmp_path: Path) -> None:
    text = f"Before {WORD} <!-- newslint off --> after {WORD}.\n\nNext {WORD}.\n"
    assert lint(tmp_path, "a.txt", text) == [1, 1, 3]


def test_markdown_comment_in_code_is_not_a_control(tmp_path: Path) -> None:
    text = f"```html\n<!-- newslint off -->\n```\n\nStill {WORD} here, and `<!-- newslint off -->` too.\n\nAnd {WORD} here.\n"
    assert lint(tmp_path, "a.md", text) == [5, 7]


def test_html_comment_in_script_is_not_a_control(tmp_path: Path) -> None:
    text = f"<script>var s = '<!-- newslint off -->';</script>\n<p>Still {WORD} here.</p>\n"
    assert lint(tmp_path, "a.html", text) == [2]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_controls_work_with_crlf_and_bom(tmp_path: Path, fmt: str) -> None:
    text = article(fmt, PARAS[0], "!newslint off", PARAS[1], "!newslint on", "!newslint-disable-next-line", PARAS[1], PARAS[2])
    path = tmp_path / f"a.{fmt}"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = CliRunner().invoke(main, ["--format", "json", "--select", "News.Said", str(path)], catch_exceptions=False)
    lines = [(f["line"], f["column"]) for f in json.loads(result.output)]
    column = PARAS[0].index(WORD) + 1 + (3 if fmt == "html" else 0)
    assert lines == [(1, column), (13, column + 2)]
