"""News.Boilerplate through the command line: the seed articles, formats, spans and bad rule files.

In seeds/, the BizTech call to follow it on social media (000, line 1) and the
residue of an embedded tweet (003, lines 6-7) are boilerplate; the reporting
around them is not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
RULE = "News.Boilerplate"
BIZTECH = "000_ac03eac1eff8066b.txt"
TWEET = "003_fc1b39d6ae2a433b.txt"


def run(*args: str) -> list[dict]:
    result = CliRunner().invoke(main, ["--no-color", "--select", RULE, "--format", "json", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def lint(tmp_path: Path, text: str, name: str = "story.txt") -> list[dict]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return run(str(path))


def source_line(name: str, line: int) -> str:
    return (SEEDS / name).read_text(encoding="utf-8").split("\n")[line - 1].rstrip("\r")


def test_exactly_the_seed_boilerplate_is_flagged() -> None:
    findings = run(str(SEEDS))
    got = [(Path(f["path"]).name, f["line"], f["column"], f["end_line"], f["message"]) for f in findings]
    assert got == [
        (BIZTECH, 1, 1, 1, "Promotional boilerplate (social-media call to action): remove before publishing."),
        (TWEET, 6, 1, 6, "Promotional boilerplate (embedded social post): remove before publishing."),
        (TWEET, 7, 1, 7, "Promotional boilerplate (embedded social post): remove before publishing."),
    ]
    # Each finding spans its whole line: that is what an editor deletes.
    for f in findings:
        assert f["match"] == source_line(Path(f["path"]).name, f["line"])
        assert f["end_column"] == len(f["match"]) + 1
        assert f["kind"] == "boilerplate"


def test_protected_embed_links_are_still_seen(tmp_path: Path) -> None:
    """pic.twitter.com and t.co links are protected spans for other rules, not for this one."""
    text = "The club confirmed the signing.\n\nWelcome aboard! https://t.co/Ab12Cd34Ef\n"
    findings = lint(tmp_path, text)
    assert [(f["line"], f["match"]) for f in findings] == [(3, "Welcome aboard! https://t.co/Ab12Cd34Ef")]


@pytest.mark.parametrize(
    "line, category",
    [
        ("Like us on Facebook and follow us on Instagram for more.", "social-media call to action"),
        ("Get our weekly business briefing delivered straight to your inbox.", "newsletter or subscription pitch"),
        ("Download the free Harbour Courier app for alerts.", "app-download prompt"),
        ("Also read: How the budget row unfolded", "read-more teaser"),
        ("Tap here to see the gallery.", "click here"),
        ("Story continues below advertisement", "advertisement or sponsored label"),
        ("© 2023 Harbour Courier Media Group", "copyright line"),
        ("This site uses cookies. Manage cookies or accept all cookies.", "cookie or JavaScript notice"),
        ("A post shared by Jo Whitfield (@jowhit)", "embedded social post"),
    ],
)
def test_each_category_is_named_in_the_message(tmp_path: Path, line: str, category: str) -> None:
    findings = lint(tmp_path, f"The council approved the budget on Tuesday.\n\n{line}\n\nThe vote was close.\n")
    assert [(f["line"], f["match"]) for f in findings] == [(3, line)]
    assert f"({category})" in findings[0]["message"]


def test_hard_wrapped_paragraph_flags_only_the_residue_lines(tmp_path: Path) -> None:
    text = (
        "The club confirmed the signing on\n"
        "Monday after weeks of talks\n"
        "What a day for the club pic.twitter.com/Ab12Cd34Ef\n"
        "— Harbour FC (@HarbourFC) March 3, 2024\n"
    )
    findings = lint(tmp_path, text)
    assert [(f["line"], f["column"], f["end_line"]) for f in findings] == [(3, 1, 3), (4, 1, 4)]


def test_markdown_boilerplate_paragraph(tmp_path: Path) -> None:
    pytest.importorskip("newslint.formats.markdown")
    text = "# Budget passes\n\nThe council approved the budget.\n\n*Sign up for our newsletter for more council news.*\n"
    findings = lint(tmp_path, text, "story.md")
    assert [(f["line"], f["column"]) for f in findings] == [(5, 2)]
    assert "newsletter or subscription pitch" in findings[0]["message"]


def test_html_advertisement_label(tmp_path: Path) -> None:
    pytest.importorskip("newslint.formats.html")
    text = "<h1>Budget passes</h1><p>The council approved the budget.</p><p>Advertisement</p><p>The vote was close.</p>"
    findings = lint(tmp_path, text, "story.html")
    assert [(f["column"], f["match"]) for f in findings] == [(text.index("Advertisement") + 1, "Advertisement")]


def test_untouched_reporting_is_not_flagged(tmp_path: Path) -> None:
    text = (
        "Regulators fined the retailer for copyright infringement.\n\n"
        "The broadband firm added 200,000 subscribers and will follow up with a new app next year.\n\n"
        "\"Never click here when a message asks for your bank details,\" the fraud officer warned.\n"
    )
    assert lint(tmp_path, text) == []


def test_residue_must_name_a_known_category(tmp_path: Path) -> None:
    style = tmp_path / "styles" / "House"
    style.mkdir(parents=True)
    (style / "Promo.yml").write_text(
        "extends: boilerplate\ncategories:\n  teaser: ['^read more']\nresidue: [embeds]\n", encoding="utf-8"
    )
    config = tmp_path / ".newslint.yaml"
    config.write_text("styles: [House]\nrules_paths: [styles]\n", encoding="utf-8")
    article = tmp_path / "story.txt"
    article.write_text("Nothing to see.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-color", "--config", str(config), str(article)])
    assert result.exit_code == 2
    assert "Promo.yml:4" in result.output and "embeds" in result.output


def test_bad_pattern_names_its_line(tmp_path: Path) -> None:
    style = tmp_path / "styles" / "House"
    style.mkdir(parents=True)
    (style / "Promo.yml").write_text("extends: boilerplate\ncategories:\n  teaser: ['(read more']\n", encoding="utf-8")
    config = tmp_path / ".newslint.yaml"
    config.write_text("styles: [House]\nrules_paths: [styles]\n", encoding="utf-8")
    article = tmp_path / "story.txt"
    article.write_text("Nothing to see.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-color", "--config", str(config), str(article)])
    assert result.exit_code == 2
    assert "Promo.yml:2" in result.output and "bad regex" in result.output


def house_promo(tmp_path: Path, rule_yaml: str) -> Path:
    style = tmp_path / "styles" / "House"
    style.mkdir(parents=True)
    (style / "Promo.yml").write_text(rule_yaml, encoding="utf-8")
    config = tmp_path / ".newslint.yaml"
    config.write_text("styles: [House]\nrules_paths: [styles]\n", encoding="utf-8")
    return config


@pytest.mark.parametrize(("reported", "flagged"), [("", True), ("reported: ['\\bsaid\\b']\n", False)])
def test_reported_sentences_are_spared_only_when_the_rule_says_so(tmp_path: Path, reported: str, flagged: bool) -> None:
    config = house_promo(tmp_path, "extends: boilerplate\ncategories:\n  appeal: ['share this story']\n" + reported)
    article = tmp_path / "story.txt"
    article.write_text("Share this story with anyone who saw the crash, police said.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-color", "--format", "json", "--config", str(config), str(article)])
    assert result.exit_code == (1 if flagged else 0), result.output
    assert [f["rule"] for f in json.loads(result.stdout)] == (["House.Promo"] if flagged else [])


def test_bad_reported_pattern_names_its_line(tmp_path: Path) -> None:
    config = house_promo(tmp_path, "extends: boilerplate\ncategories:\n  teaser: ['^read more']\nreported: ['(said']\n")
    article = tmp_path / "story.txt"
    article.write_text("Nothing to see.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-color", "--config", str(config), str(article)])
    assert result.exit_code == 2
    assert "Promo.yml:4" in result.output and "bad regex" in result.output


# -- '^…' items are tried at a line start only where their joined alternation matches ------

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.config import Config
from newslint.document import Document
from newslint.engine import ruleset_for
from newslint.formats import parse

_LINES = ["Read more:", "Advertisement", "(Sponsored)", "Related stories", "Share this article", "Copyright 2024",
          "© 2024 The Paper", "— Jo Bloggs (@jo) July 18, 2025", "Follow us on Instagram", "Also: more here",
          "The minister said the plan was ready.", "See more", "Open in app", "  ", "Scroll down to continue reading",
          "The shop sold out, and the chain said it would restock by Friday."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_LINES), min_size=1, max_size=8), st.lists(st.booleans(), min_size=8, max_size=8))
def test_joined_line_items_change_no_finding(lines: list[str], breaks: list[bool]) -> None:
    import copy

    import regex

    rule = ruleset_for(Config(), [], []).get(RULE)
    plain = copy.copy(rule)
    plain._lines_any = regex.compile("(?m)")  # matches at every line start: no line is skipped
    # A hard-wrapped paragraph (one block of several lines) or separate paragraphs.
    text = "A headline\n\n" + "".join(line + ("\n\n" if brk else "\n") for line, brk in zip(lines, breaks))

    def found(r) -> list[tuple]:
        doc = Document("t.txt", text)
        parse(doc, "plaintext")
        return [(f.start, f.end, f.message) for f in r.check(doc)]

    assert found(rule) == found(plain)
