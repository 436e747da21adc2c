"""News.Quotes: one speaker quoted in different words by two articles of a story.

Within one article the rule is covered by tests/rules/News/Quotes.yml; here:
the seeds, the command line across articles, the word-level difference and
the speaker finder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newslint.document import Block, OffsetMap
from newslint.speakers import attribute, speaker_key
from newslint.wordiff import align, quote_words, render
from clihelp import cli, write

REPO = Path(__file__).resolve().parents[1]


def test_seeds_sarandos_quote_is_flagged_linking_both_articles() -> None:
    result = cli("--select", "News.Quotes", "--format", "json", "seeds/", cwd=REPO)
    found = [f for f in json.loads(result.output) if f["rule"] == "News.Quotes"]
    assert len(found) == 1
    f = found[0]
    paths = {f["path"], f["related"][0]["path"]}
    assert paths == {"seeds/000_ac03eac1eff8066b.txt", "seeds/003_fc1b39d6ae2a433b.txt"}
    assert f["line"] == 4 and f["related"][0]["line"] == 4
    assert "Sarandos" in f["message"]
    assert "10 times faster than [" in f["message"]
    assert "traditional tools would allow" in f["message"] and "it would have been using traditional workflows" in f["message"]


STORY_A = """Port authority backs new container terminal

The Eastmoor port authority approved a new container terminal on Thursday after a two-year review.

"This terminal will create hundreds of skilled jobs for the people of Eastmoor and the whole region," chair Priya Castellano said.

"We listened to every objection before we voted," Castellano added.
"""

STORY_B = """Eastmoor port terminal approved

Eastmoor's port authority voted on Thursday to build a container terminal, ending a two-year review of the plans.

"This terminal will create thousands of skilled jobs for the people of Eastmoor and the whole region," said Priya Castellano, who chairs the authority.

Campaigners said they would appeal.
"""


def test_reworded_quote_across_articles_is_flagged_with_a_word_diff(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", STORY_A)
    write(tmp_path / "b.txt", STORY_B)
    result = cli("--select", "News.Quotes", "--format", "json", ".", cwd=tmp_path)
    assert result.exit_code == 1, result.output
    [f] = json.loads(result.output)
    assert f["path"] == "b.txt" and f["match"] == "thousands"
    assert (f["line"], f["column"]) == (5, 28)
    assert f["message"].startswith("Castellano is quoted differently in a.txt:5:")
    assert "[thousands → hundreds]" in f["message"]
    assert f["related"][0]["path"] == "a.txt" and f["related"][0]["line"] == 5


def test_a_quote_with_markup_reports_the_source_it_points_at(tmp_path: Path) -> None:
    # In Markdown the rule reads the quote without its markup; the finding's match
    # must still be the source characters at its span (the output contract).
    write(tmp_path / "a.txt", STORY_A)
    write(tmp_path / "b.md", STORY_B.replace("skilled jobs", "*skilled* jobs").replace("for the people", "for the **people**"))
    result = cli("--select", "News.Quotes", "--format", "json", ".", cwd=tmp_path)
    [f] = json.loads(result.output)
    assert f["path"] == "b.md" and f["match"] == "thousands"
    line = (tmp_path / "b.md").read_text(encoding="utf-8").split("\n")[f["line"] - 1]
    assert line[f["column"] - 1 : f["end_column"] - 1] == "thousands"


@pytest.mark.parametrize(
    "quote_b",
    [
        "This terminal will create hundreds of skilled jobs for the people of Eastmoor and the whole region",  # identical
        "This terminal will create hundreds of skilled jobs",  # partial quote
        "This terminal will create hundreds of skilled jobs … and the whole region",  # cut marked with an ellipsis
        "This terminal will create hundreds of skilled jobs for the people of [the town] and the whole region",  # editorial words
        "We want the ferry link restored before the terminal opens in the spring",  # another statement
    ],
)
def test_consistent_quotes_are_not_flagged(tmp_path: Path, quote_b: str) -> None:
    write(tmp_path / "a.txt", STORY_A)
    write(tmp_path / "b.txt", STORY_B.replace(
        "This terminal will create thousands of skilled jobs for the people of Eastmoor and the whole region", quote_b))
    result = cli("--select", "News.Quotes", "--format", "json", ".", cwd=tmp_path)
    assert json.loads(result.output) == [], result.output


def test_another_speaker_with_similar_words_is_not_flagged(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", STORY_A)
    write(tmp_path / "b.txt", STORY_B.replace("said Priya Castellano, who chairs the authority", "said union organiser Dev Harlow"))
    result = cli("--select", "News.Quotes", "--format", "json", ".", cwd=tmp_path)
    assert json.loads(result.output) == []


def test_word_level_difference_is_rendered_in_place() -> None:
    a = "That VFX sequence was completed 10 times faster than traditional tools would allow, and at a lower cost"
    b = "That VFX sequence was completed ten times faster than it would have been using traditional workflows"
    wa, wb = quote_words(a), quote_words(b)
    result = align(wa, wb)
    assert result is not None and result.shared == 9
    assert render(a, wa, b, wb, result.hunks) == (
        "…completed 10 times faster than [traditional tools would allow → it would have been using traditional workflows]…")


@pytest.mark.parametrize("a, b", [("It's the F.B.I. that decides", "It is the FBI that decides"),
                                  ("we do not pay a single cent for it", "we don't pay a single cent for it"),
                                  ("they sit in the pews every single week", "they sit in the pew every single week"),
                                  ("Britain's working and the harbour will reopen", "Britain is working and the harbour will reopen"),
                                  ("we checked the tyres and the colour of the cars", "we checked the tires and the color of the cars"),
                                  ("we respect the judgement of the whole organisation and all of its staff", "we respect the judgment of the whole organization and all of its staff")])
def test_transcription_details_are_not_differences(a: str, b: str) -> None:
    result = align(quote_words(a), quote_words(b))
    assert result is not None and result.hunks == []


@pytest.mark.parametrize("a, b", [("we have four crews on the bridge today", "we have for crews on the bridge today"),
                                  ("they will play an increasing role in it", "they will pay an increasing role in it"),
                                  ("the council is working on the harbour", "the council has working on the harbour")])
def test_look_alike_words_are_still_differences(a: str, b: str) -> None:
    result = align(quote_words(a), quote_words(b))
    assert result is not None and len(result.hunks) == 1


@pytest.mark.parametrize("text", ["Uh, I think... we [the council] can't — won't — stop, O.K.? F.B.I. f***ing & so on",
                                  "’Tis y’all’s call… “yes”", "um er erm", "", "It's 10 times, twenty-one times!"])
def test_word_counts_and_norms_match_the_full_reading(text: str) -> None:
    from newslint.wordiff import has_words, quote_norms

    fillers = frozenset({"uh", "um", "er", "erm"})
    words = quote_words(text, fillers=fillers)
    assert quote_norms(text, fillers) == [w.norm for w in words]
    for n in range(12):
        assert has_words(text, n, fillers) == (len(words) >= n)


def _block(text: str) -> Block:
    return Block("paragraph", text, OffsetMap.linear(0, len(text)))


@pytest.mark.parametrize(
    "paragraphs, speaker",
    [
        (['"We will win this seat back," Senator Maria Delgado said.'], "delgado"),
        (['"We will win this seat back," said Mr. Delgado.'], "delgado"),
        (['Chief executive Dana Whitlock said: "Sales are strong across every region."'], "whitlock"),
        (['"Sales are strong across every region," chief executive Dana Whitlock told investors.'], "whitlock"),
        (["Dana Whitlock spoke first.", '"Sales are strong across every region," she said.'], ""),
        (['Dana Whitlock said sales were strong.', '"We expect more of the same next year."'], "whitlock"),
    ],
)
def test_speaker_finder(paragraphs: list[str], speaker: str) -> None:
    found = attribute([_block(p) for p in paragraphs])
    assert found[-1][1].speaker == speaker


def test_the_person_named_before_a_quote_is_read_once_per_paragraph() -> None:
    # _NamedBefore answers, for every point of a paragraph, what _last_named answers for
    # the text up to it: random paragraphs of names, verbs, pronouns and quote marks.
    import random

    from newslint.speakers import _last_named, _NamedBefore

    words = ["Ted Sarandos", "he", "she", "said", "told", "Mr Yoon", "the", "minister", "added", "“", "”", '"', ",", "Dr Priya Castellano"]
    rng = random.Random(9)
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 60)))
        named = _NamedBefore(text)
        for point in [i for i, ch in enumerate(text) if ch in '"“”'] + [len(text)]:
            assert named(point) == _last_named(text[:point]), (text, point)


def test_speaker_keys_drop_titles() -> None:
    assert speaker_key("President Barack Obama") == "obama"
    assert speaker_key("Mr. Beck") == "beck"
    assert speaker_key("he") == ""


def test_within_span_agrees_with_reading_every_quote() -> None:
    import random

    from newslint.segment import within_span

    rng = random.Random(2)
    for _ in range(300):
        cuts = sorted(rng.sample(range(200), rng.randrange(0, 20) * 2))
        spans = list(zip(cuts[::2], cuts[1::2]))  # sorted, not overlapping: a block's quotations
        for _ in range(20):
            start = rng.randrange(200)
            end = start + rng.randrange(0, 30)
            assert within_span(spans, start, end) == any(s <= start and end <= e for s, e in spans), (spans, start, end)
