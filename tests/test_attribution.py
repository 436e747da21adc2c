"""News.Attribution through the command line: the seed articles, edge cases, formats, bad rule files.

The seeds' quotes are all credited ("…," Sarandos said / said Mike Proulx /
described AI as "…" / a run of quotes after one credit), so the rule must stay
silent on them; once a credit is stripped, the bare quote is flagged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main
from newslint.document import Document
from newslint.formats import parse
from newslint.segment import find_quotes, quotes

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
RULE = "News.Attribution"


def run(*args: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, ["--no-color", "--select", RULE, "--format", "json", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def lint(tmp_path: Path, text: str, name: str = "story.txt") -> list[dict]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return run(str(path))[1]


# -- the seed articles ----------------------------------------------------------


def test_no_attributed_seed_quote_is_flagged() -> None:
    code, findings = run(str(SEEDS))
    assert findings == []
    assert code == 0


def test_the_seed_check_is_not_vacuous() -> None:
    """The seeds do hold quotes (curly and straight, same-sentence credits and runs of them)."""
    total = 0
    for path in sorted(SEEDS.glob("*.txt")):
        doc = Document(path=str(path), source=path.read_text(encoding="utf-8"))
        parse(doc, "plaintext")
        total += sum(len(quotes(block)) for block in doc.blocks)
    assert total >= 10


def test_stripping_a_seed_credit_flags_that_quote(tmp_path: Path) -> None:
    source = (SEEDS / "000_ac03eac1eff8066b.txt").read_text(encoding="utf-8")
    credited = "“Generative techniques can lower the creative barrier over time,” Peters said."
    assert credited in source
    stripped = source.replace(credited, "“Generative techniques can lower the creative barrier over time.”")
    findings = lint(tmp_path, stripped)
    assert len(findings) == 1
    finding = findings[0]
    line = next(i for i, text in enumerate(stripped.split("\n"), 1) if "Generative techniques" in text)
    assert (finding["line"], finding["column"]) == (line, stripped.split("\n")[line - 1].index("“Generative") + 1)
    assert finding["match"] == "“Generative techniques can lower the creative"
    assert finding["kind"] == "attribution"
    assert finding["message"] == "Quote has no speaker: add who said it."


# -- edge cases ---------------------------------------------------------------


def test_run_on_paragraphs_share_one_credit(tmp_path: Path) -> None:
    text = (
        "The harbour reopened on Friday.\n\n"
        "\"We were not ready for a storm of that size,\" the harbour master said. \"Nobody was.\n\n"
        "\"The sea wall held, but only just.\n\n"
        "\"Next winter we will be ready for anything the sea can throw at us.\"\n"
    )
    assert lint(tmp_path, text) == []


def test_run_on_without_any_credit_is_flagged_once_at_its_start(tmp_path: Path) -> None:
    text = (
        "The harbour reopened on Friday.\n\n"
        "\"We were not ready for a storm of that size. Nobody was.\n\n"
        "\"The sea wall held, but only just.\"\n"
    )
    findings = lint(tmp_path, text)
    assert [(f["line"], f["column"]) for f in findings] == [(3, 1)]


def test_lead_in_with_colon_in_the_paragraph_before(tmp_path: Path) -> None:
    text = "The chief constable told the inquiry:\n\n\"Officers did everything they could with what they had that night.\"\n"
    assert lint(tmp_path, text) == []


@pytest.mark.parametrize(
    "credit",
    ["a spokeswoman for the council said", "the minister added", "the company said in a statement", "he insisted", "said Ana Ruiz"],
)
def test_names_roles_pronouns_and_organisations_are_speakers(tmp_path: Path, credit: str) -> None:
    text = f"\"Every family affected by the flood will be rehoused by March,\" {credit}.\n"
    assert lint(tmp_path, text) == []


def test_scare_quotes_terms_and_titles_are_not_speech(tmp_path: Path) -> None:
    text = (
        "The so-called \"smart\" meters were installed in 2019.\n\n"
        "Critics called the scheme \"a costly failure\".\n\n"
        "The play \"The Night the River Came Home\" opens in May.\n"
    )
    assert lint(tmp_path, text) == []


def test_quotes_in_headlines_are_left_alone(tmp_path: Path) -> None:
    text = "Mayor vows \"we will not give up on this town\" after floods\n\nThe mayor visited the town hall on Monday.\n"
    assert lint(tmp_path, text) == []


def test_markdown_quotes_are_checked_and_headings_skipped(tmp_path: Path) -> None:
    pytest.importorskip("newslint.formats.markdown")
    text = (
        "# Mayor says \"we will rebuild every home\" after floods\n\n"
        "The mayor visited the site on Monday.\n\n"
        "> \"Nobody in this town will be left without a roof by the winter.\"\n\n"
        "The river burst its banks on Saturday night.\n\n"
        "\"We have the money and we have the builders,\" the mayor said.\n"
    )
    findings = lint(tmp_path, text, "story.md")
    assert [(f["line"], f["column"], f["match"]) for f in findings] == [(5, 3, "\"Nobody in this town will be")]


def test_html_quotes_with_entities_map_to_the_source(tmp_path: Path) -> None:
    pytest.importorskip("newslint.formats.html")
    text = "<h1>Floods</h1><p>The mayor visited the site.</p><p>&ldquo;Nobody in this town will be left without a roof.&rdquo;</p>"
    findings = lint(tmp_path, text, "story.html")
    assert len(findings) == 1
    assert findings[0]["column"] == text.index("&ldquo;") + 1


def house_style(tmp_path: Path, name: str, text: str) -> Path:
    """A config that turns on a House style holding one rule file; returns the config path."""
    style = tmp_path / "styles" / "House"
    style.mkdir(parents=True, exist_ok=True)
    (style / name).write_text(text, encoding="utf-8")
    config = tmp_path / ".newslint.yaml"
    config.write_text("styles: [News, House]\nrules_paths: [styles]\n", encoding="utf-8")
    return config


def test_window_is_data_in_the_rule_file(tmp_path: Path) -> None:
    """A house style with no window wants the credit in the quote's own sentence."""
    builtin = (REPO / "rules" / "News" / "Attribution.yml").read_text(encoding="utf-8")
    config = house_style(tmp_path, "Attribution.yml", builtin.replace("\nwindow: 1\n", "\nwindow: 0\n"))
    article = tmp_path / "story.txt"
    article.write_text("The spokeswoman confirmed the closure on Monday. \"Staff will be offered new roles at other branches.\"\n", encoding="utf-8")
    _, findings = run("--config", str(config), "--select", "House.Attribution", str(article))
    assert [(f["rule"], f["column"]) for f in findings] == [("House.Attribution", 50)]
    assert run(str(article))[1] == []  # the built-in window of one sentence credits it


def test_bad_rule_file_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    config = house_style(tmp_path, "Quotes.yml", "extends: attribution\nverbs: [say/said]\nwindow: -1\n")
    article = tmp_path / "story.txt"
    article.write_text("Nothing to see.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-color", "--config", str(config), str(article)])
    assert result.exit_code == 2
    assert "Quotes.yml:3" in result.output
    assert "Traceback" not in result.output


# -- the quote finder the rule stands on (newslint.segment) ----------------------


def test_straight_quote_run_on_within_a_paragraph() -> None:
    text = '"I am ready," he said. "We trained hard. "Now we want the title."'
    found = [(text[q.start : q.end], q.closed) for q in find_quotes(text)]
    assert found == [('"I am ready,"', True), ('"We trained hard.', False), ('"Now we want the title."', True)]


def test_a_colon_lead_in_opens_a_new_quote_after_a_run_on() -> None:
    # Without this the mark after "said:" closed the run-on, and every later mark paired inside out.
    text = 'Hale said: "No money is behind it. Asked again, Hale said: "They may think so. "But drivers pay."'
    found = [(text[q.start : q.end], q.closed) for q in find_quotes(text)]
    assert found == [('"No money is behind it.', False), ('"They may think so.', False), ('"But drivers pay."', True)]


def test_a_mark_that_could_close_after_a_colon_still_closes() -> None:
    text = 'The sign read "Closed: " and nothing more.'
    assert [text[q.start : q.end] for q in find_quotes(text)] == ['"Closed: "']


def test_a_mark_that_can_only_close_does_not_open_a_quote() -> None:
    text = 'A 6" pipe burst, and the firm called it "a freak event".'
    assert [text[q.start : q.end] for q in find_quotes(text)] == ['"a freak event"']


# -- the word shortcut must find exactly what the credit patterns find ----------------

from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.config import Config
from newslint.engine import ruleset_for
from newslint.rules.attribution import _Page

_PIECES = ["said", "SAID", "Said,", "ſaid", "İt", "told", "tells", "pointed", "out", "pointed out", "points  out",
           "according", "to", "according to", "in a statement", "a statement", "spokesman", "she", "posted",
           "continued", "went", "on", "went on", "the", "firm", "profit", "Smith", "£5m", "café", "—", "unsaid",
           "saids", "said’s", "x²said", "said\u0301", "put it", "reported", "“", "”", '"', ".", ",", ":", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40))
def test_sentence_credits_match_the_patterns(pieces: list[str]) -> None:
    """A sentence's words stand in for the verb patterns only where that changes nothing."""
    rule = ruleset_for(Config(), [], []).get(RULE)
    doc = Document("t.txt", " ".join(pieces) + "\n")
    parse(doc, "plaintext")
    page = _Page(rule, doc, {id(block) for block in rule.scope.blocks(doc)})
    for gid in range(len(page.sent_block)):
        text = page.narrative(page.sent_block[gid])
        start, end = page.sent_start[gid], page.sent_end[gid]
        credit = getattr(rule.credit, "ungated", rule.credit)
        assert page.core(gid) == (credit.search(text, start, end) is not None)
        if gid in page.quoted:
            block = doc.blocks[page.sent_block[gid]]
            edges = [edge for q in quotes(block) for edge in (q.start, q.end)]
            near = rule.near_quote
            expected = any(
                any(-near <= m.start() - e <= near or -near <= e - m.end() <= near for e in edges)
                for m in rule.own_credit.finditer(text, start, end)
            )
            assert page.beside_quote(gid) == expected
