"""News.Figures: reading numbers, keying claims, and conflicts between the articles of a story.

The per-article check (changes that contradict their endpoints) is covered by
tests/rules/News/Figures.yml; here: the number reader and the cross-source
check through the command line, including --context.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newslint.config import Config
from newslint.engine import ruleset_for
from newslint.numbers import Vocabulary, find_quantities
from clihelp import cli, write

VOCAB = Vocabulary.default()


def one(text: str):
    _, found = find_quantities(text, VOCAB)
    assert len(found) == 1, [text[q.start : q.end] for q in found]
    return found[0]


@pytest.mark.parametrize(
    "text, value, dim",
    [
        ("$11 billion", 11e9, "money:USD"),
        ("$11bn", 11e9, "money:USD"),
        ("US$11bn", 11e9, "money:USD"),
        ("11 billion dollars", 11e9, "money:USD"),
        ("eleven billion dollars", 11e9, "money:USD"),
        ("£3.2m", 3.2e6, "money:GBP"),
        ("€450 million", 450e6, "money:EUR"),
        ("USD 5 million", 5e6, "money:USD"),
        ("16%", 16, "percent"),
        ("16 percent", 16, "percent"),
        ("16 per cent", 16, "percent"),
        ("3 percentage points", 3, "points"),
        ("10 times", 10, "times"),
        ("tenfold", 10, "times"),
        ("twenty-five thousand", 25_000, "count"),
        ("1,200", 1200, "count"),
    ],
)
def test_reads_figures_in_their_written_forms(text: str, value: float, dim: str) -> None:
    q = one(f"The figure was {text} this time.")
    assert q.value == pytest.approx(value)
    assert q.dim == dim


@pytest.mark.parametrize("a, b", [("$11 billion", "$11.08 billion"), ("$11 billion", "$11bn"), ("$11bn", "11 billion dollars"),
                                  ("16%", "16.4 per cent"), ("about 5,000", "5,400"), ("more than 120", "150"),
                                  ("nearly 3,000", "2,977"), ("$43 million", "$43.9 million")])
def test_the_same_figure_written_differently_is_consistent(a: str, b: str) -> None:
    assert one(f"It was {a} in all.").overlaps(one(f"It was {b} in all."))


@pytest.mark.parametrize("a, b", [("$11 billion", "$13 billion"), ("16%", "18%"), ("at least 47", "40"),
                                  ("fewer than 100", "130"), ("1 million", "1.9 million"), ("2", "3")])
def test_different_figures_are_inconsistent(a: str, b: str) -> None:
    assert not one(f"It was {a} in all.").overlaps(one(f"It was {b} in all."))


@pytest.mark.parametrize("text", ["In 2024 the plan changed.", "She is a 42-year-old teacher.", "It opened on July 18.",
                                  "He was 15 years old.", "The Sept. 11 attacks.", "one of the best"])
def test_years_dates_ages_and_durations_are_not_figures(text: str) -> None:
    assert find_quantities(text, VOCAB)[1] == []


# -- across the articles of a story, through the command line ---------------------

ARTICLE_A = """Harbourside Foods posts record quarter

Harbourside Foods reported revenue of $11 billion in the second quarter, the grocer said on Tuesday in Lisbon.

Chief executive Marta Okonkwo said the new Fresh Aisle stores drove the growth.
"""

ARTICLE_B = """Harbourside Foods beats forecasts

Harbourside Foods said on Tuesday that its Q2 revenue reached $13.5bn as the Fresh Aisle stores in Lisbon drew crowds.

Marta Okonkwo, the chief executive, praised staff at the Fresh Aisle stores.
"""

ARTICLE_B_SAME = ARTICLE_B.replace("$13.5bn", "11 billion dollars")

UNRELATED = """Island council approves ferry timetable

The island council voted on Monday to approve a new ferry timetable for the northern routes.

The plan will cost $4 million, officials said, and adds two crossings a day.
"""


def findings(result) -> list[dict]:
    return json.loads(result.output)


def test_conflicting_figures_in_one_story_are_flagged_with_both_values_and_related(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE_A)
    write(tmp_path / "b.txt", ARTICLE_B)
    result = cli("--select", "News.Figures", "--format", "json", "a.txt", "b.txt", cwd=tmp_path)
    assert result.exit_code == 1, result.output
    [finding] = findings(result)
    assert finding["rule"] == "News.Figures" and finding["kind"] == "figures"
    assert finding["path"] == "b.txt" and finding["match"] == "$13.5bn"
    assert (finding["line"], finding["column"]) == (3, 63)
    assert "$13.5bn" in finding["message"] and "$11 billion" in finding["message"] and "revenue (Q2)" in finding["message"]
    assert [{k: r[k] for k in ("path", "line", "column")} for r in finding["related"]] == [{"path": "a.txt", "line": 3, "column": 39}]


def test_the_same_figure_written_differently_is_never_flagged(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE_A)
    write(tmp_path / "b.txt", ARTICLE_B_SAME)
    result = cli("--select", "News.Figures", "--format", "json", ".", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert findings(result) == []


def test_different_periods_are_not_compared(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE_A)
    write(tmp_path / "b.txt", ARTICLE_B.replace("its Q2 revenue", "its Q3 revenue"))
    result = cli("--select", "News.Figures", "--format", "json", ".", cwd=tmp_path)
    assert findings(result) == []


def test_articles_about_different_stories_are_not_compared(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE_A)
    # The ferry operator's Q2 revenue would contradict the grocer's if the two were one story.
    write(tmp_path / "c.txt", UNRELATED + "\nRevenue reached $2 billion in the second quarter, the operator said.\n")
    result = cli("--select", "News.Figures", "--format", "json", ".", cwd=tmp_path)
    assert findings(result) == []
    grouped = cli("--select", "News.Figures", "--grouping", "folder", "--format", "json", ".", cwd=tmp_path)
    assert [f["path"] for f in findings(grouped)] == ["c.txt"]


def test_grouping_off_compares_nothing(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE_A)
    write(tmp_path / "b.txt", ARTICLE_B)
    result = cli("--select", "News.Figures", "--grouping", "off", "--format", "json", ".", cwd=tmp_path)
    assert findings(result) == []


def test_context_articles_are_compared_but_not_reported(tmp_path: Path) -> None:
    # newslint --context articles/ changed.md: the conflict lands on changed.md only.
    write(tmp_path / "articles" / "wire.txt", ARTICLE_A)
    write(tmp_path / "articles" / "other.txt", UNRELATED)
    write(tmp_path / "changed.md", "# Harbourside Foods beats forecasts\n\n" + ARTICLE_B.split("\n", 2)[2])
    result = cli("--select", "News.Figures", "--format", "json", "--context", "articles/", "changed.md", cwd=tmp_path)
    assert result.exit_code == 1, result.output
    reported = findings(result)
    assert [f["path"] for f in reported] == ["changed.md"]
    assert reported[0]["related"][0]["path"].endswith("wire.txt")
    line = (tmp_path / "changed.md").read_text(encoding="utf-8").split("\n")[reported[0]["line"] - 1]
    assert line[reported[0]["column"] - 1 : reported[0]["end_column"] - 1] == reported[0]["match"] == "$13.5bn"
    # The context article alone is never reported on, even when it holds the odd figure out.
    text = cli("--select", "News.Figures", "--context", "changed.md", "articles/", cwd=tmp_path)
    assert "articles/wire.txt" in text.output and "changed.md\n" not in text.output


def test_the_odd_one_out_gets_the_finding(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE_A)
    write(tmp_path / "b.txt", ARTICLE_B)
    write(tmp_path / "c.txt", ARTICLE_B_SAME.replace("Harbourside Foods beats forecasts", "Harbourside Foods sales climb"))
    result = cli("--select", "News.Figures", "--format", "json", ".", cwd=tmp_path)
    reported = findings(result)
    assert [f["path"] for f in reported] == ["b.txt"]
    assert sorted(r["path"] for r in reported[0]["related"]) == ["a.txt", "c.txt"]


def test_measures_and_hedges_are_rule_data(tmp_path: Path) -> None:
    style = tmp_path / "styles" / "House"
    write(style / "Goals.yml", "extends: figures\nlevel: error\nmeasures:\n  goals: [goals]\nhedges:\n  roughly: [0.5, 0.5]\n")
    write(tmp_path / ".newslint.yaml", "styles: [House]\nrules_paths: [styles]\n")
    write(tmp_path / "a.txt", "Eastfield beat Northgate\n\nEastfield scored 14 goals in the cup final against Northgate on Saturday.\n")
    write(tmp_path / "b.txt", "Cup final goes to Eastfield\n\nEastfield scored 9 goals in the cup final against Northgate on Saturday.\n")
    result = cli("--select", "House.Goals", "--format", "json", "a.txt", "b.txt", cwd=tmp_path)
    [finding] = findings(result)
    assert finding["rule"] == "House.Goals" and finding["level"] == "error" and finding["match"] in ("14", "9")
    # The house hedge: "roughly 10" covers 5 to 15 goals, so it agrees with 14.
    write(tmp_path / "b.txt", "Cup final goes to Eastfield\n\nEastfield scored roughly 10 goals in the cup final against Northgate on Saturday.\n")
    assert findings(cli("--select", "House.Goals", "--format", "json", "a.txt", "b.txt", cwd=tmp_path)) == []


def test_bad_rule_data_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    style = tmp_path / "styles" / "House"
    write(style / "Goals.yml", "extends: figures\nmeasures:\n  goals: [goals]\nhedges:\n  roughly: 0.5\n")
    write(tmp_path / ".newslint.yaml", "styles: [House]\nrules_paths: [styles]\n")
    write(tmp_path / "a.txt", "Eastfield scored 14 goals in the final.\n")
    result = cli("--select", "House.Goals", "a.txt", cwd=tmp_path)
    assert result.exit_code == 2
    assert "Goals.yml:4" in result.output and "hedge" in result.output


def test_within_article_is_rule_data_and_names_known_measures(tmp_path: Path) -> None:
    style = tmp_path / "styles" / "House"
    write(tmp_path / ".newslint.yaml", "styles: [House]\nrules_paths: [styles]\n")
    write(tmp_path / "a.txt", "Eastfield scored 14 goals in the cup final.\n\nIn the cup final Eastfield scored 9 goals.\n")
    # Off unless listed: a house style's measures are compared across sources only.
    write(style / "Goals.yml", "extends: figures\nmeasures:\n  goals: [goals]\n")
    assert findings(cli("--select", "House.Goals", "--format", "json", "a.txt", cwd=tmp_path)) == []
    write(style / "Goals.yml", "extends: figures\nmeasures:\n  goals: [goals]\nwithin_article: [goals]\n")
    [finding] = findings(cli("--select", "House.Goals", "--format", "json", "a.txt", cwd=tmp_path))
    assert (finding["line"], finding["match"]) == (3, "9") and finding["related"][0]["line"] == 1
    write(style / "Goals.yml", "extends: figures\nmeasures:\n  goals: [goals]\nwithin_article: [gaols]\n")
    result = cli("--select", "House.Goals", "a.txt", cwd=tmp_path)
    assert result.exit_code == 2 and "Goals.yml:4" in result.output and "gaols" in result.output


# -- keying claims: what counts as evidence that two figures describe one thing -------------


def claims_of(text: str):
    from newslint.claims import claims_in_sentence

    rule = ruleset_for(Config(), ["News.Figures"], []).get("News.Figures")
    return claims_in_sentence(text, 0, len(text), rule.vocab)[0]


def test_generic_words_and_change_words_are_no_evidence() -> None:
    from newslint.claims import same_key

    # Two budgets that share only "would" and "rise": not one figure.
    [a] = claims_of("The state budget would rise to just under $23bn under the plan.")
    [b] = claims_of("The defence budget would rise by $19bn to $419bn.")[-1:]
    assert a.measure == b.measure == "budget"
    assert "would" not in a.context and "rise" not in a.context
    assert not same_key(a, b, 2)


def test_a_shared_name_counts_once() -> None:
    from newslint.claims import same_key

    # "Okonkwo" is both a context word and a name of each sentence: one point, not two.
    [a] = claims_of("Okonkwo was fined $900m over the loan.")
    [b] = claims_of("Okonkwo was fined $27bn over unpaid taxes.")
    assert "okonkwo" in a.context and "okonkwo" in a.entities
    assert not same_key(a, b, 2)
    # A second shared word makes two: the same fine.
    [c] = claims_of("Okonkwo was fined $27bn over the loan.")
    assert same_key(a, c, 2)


def test_a_shared_rate_is_no_evidence_but_a_named_period_is() -> None:
    from newslint.claims import same_key

    [a] = claims_of("Retail sales rose 1.2% a month earlier.")
    [b] = claims_of("Retail sales fell 0.3%, the biggest monthly decline.")
    assert "rate:monthly" in a.periods and "rate:monthly" in b.periods
    assert not same_key(a, b, 2)
    [c] = claims_of("In the second quarter revenue was $11bn.")
    [d] = claims_of("Second quarter revenue reached $13bn.")
    assert same_key(c, d, 2)


def test_pay_as_a_verb_is_no_salary() -> None:
    [level] = claims_of("Pay at the bakery chain reached $41,000 a year.")
    assert level.measure == "salary"
    assert [c.measure for c in claims_of("The bakery chain borrowed $40m to pay off a bank.")] == []
    assert [c.measure for c in claims_of("Its owner will pay back $2m to the bank.")] == []


def test_a_purpose_clause_keeps_its_measure_from_the_figure_before_it() -> None:
    [tax] = claims_of("The harbour board faces a $900m tax bill.")
    assert tax.measure == "tax"
    # The $900m is what the quay fetched; the tax bill belongs to the clause after "to offset".
    assert [c.measure for c in claims_of("The harbour board sold its quay for $900m to offset a tax bill.")] == []


def test_an_amount_more_or_less_than_another_is_a_difference() -> None:
    from newslint.claims import same_key

    [level] = claims_of("The council tax rebate for carers was £200 under the new plan.")
    [difference] = claims_of("The council tax rebate for carers was £300 less than the rival plan.")
    assert level.role == "" and difference.role == "difference"
    assert not same_key(level, difference, 0)
    # A percentage followed by "higher" is still a change, as before.
    [change] = claims_of("Carers' council tax was 4% higher than a year ago.")
    assert change.role == "change"


def test_a_shared_nationality_does_not_make_two_subjects_one() -> None:
    from newslint.claims import same_key

    [a] = claims_of("Russian energy firm Volkhov faces a $30m back tax claim.")
    [b] = claims_of("Russian prosecutors say Dalnegaz faces a $27bn back tax claim.")
    assert "russian" not in a.entities and "russian" not in b.entities
    assert not same_key(a, b, 2)
    [c] = claims_of("Volkhov faces a $27bn back tax claim, prosecutors say.")
    assert same_key(a, c, 2)


@pytest.mark.parametrize(
    "a, b, compatible",
    [
        (("month:november",), ("year:2003",), False),  # a month's figure against a year's
        (("quarter:q2",), ("year:2024",), False),
        (("month:march", "year:2024"), ("year:2024",), True),  # the sentence names both: cannot tell
        (("month:march",), ("month:march",), True),
        (("quarter:q2",), ("quarter:q3",), False),
        (("year:2024",), ("rate:yearly",), True),
        ((), ("year:2003",), True),
    ],
)
def test_a_part_of_a_year_is_not_the_whole_year(a: tuple, b: tuple, compatible: bool) -> None:
    from newslint.claims import periods_compatible

    assert periods_compatible(a, b) is compatible
    assert periods_compatible(b, a) is compatible


@pytest.mark.parametrize("text", ["Sales were doubling every year, the maker said.", "Its sales tripled.",
                                  "Sales reached forty thousand.", "Tenfold rises in sales were seen."])
def test_figures_written_in_words_are_read(text: str) -> None:
    rule = ruleset_for(Config(), ["News.Figures"], []).get("News.Figures")
    doc = document(text)
    [(_, _, claims, _, quantities)] = rule._sentences(doc)  # noqa: SLF001
    assert quantities and claims


def test_sentences_without_a_figure_or_a_measure_are_not_read() -> None:
    rule = ruleset_for(Config(), ["News.Figures"], []).get("News.Figures")
    assert rule._sentences(document("The council met on Tuesday. Its 12 trustees voted.")) == []  # noqa: SLF001
    assert rule._sentences(document("Sales were strong, the firm said.")) == []  # noqa: SLF001


def document(text: str):
    from newslint.formats import parse
    from newslint.reader import decode, make_document

    doc = make_document("a.txt", decode("a.txt", text.encode("utf-8"))[0])
    parse(doc, "plaintext")
    return doc


def test_forecasts_are_compared_only_with_the_same_forecasters_forecasts() -> None:
    from newslint.claims import same_key

    [bank] = claims_of("In March, Fenwick Bank forecast a 6% fall in harbour house prices in 2031.")
    [other] = claims_of("It is predicting a 3% fall in harbour house prices in 2031.")
    [again] = claims_of("Fenwick Bank has predicted a 2% fall in harbour house prices in 2031.")
    [fact] = claims_of("Harbour house prices at Fenwick Bank branches fell 3% in 2031.")
    assert bank.forecast and other.forecast and again.forecast and not fact.forecast
    assert not same_key(bank, other, 2)  # two forecasters: no contradiction
    assert same_key(bank, again, 2)  # one forecaster, two forecasts: compared
    assert not same_key(bank, fact, 0) and not same_key(fact, other, 0)  # a prediction is no outcome


def test_a_forecast_word_after_a_clause_break_or_after_the_figure_is_no_forecast() -> None:
    [beat] = claims_of("Ferry revenue was $11bn, beating forecasts.")
    assert not beat.forecast
    [clause] = claims_of("Analysts had forecast growth, but ferry revenue reached $11bn in the end.")
    assert not clause.forecast


def test_two_forecasters_in_one_story_are_not_flagged(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Harbour house prices slow\n\nIn March, Fenwick Bank forecast a 6% fall in harbour house prices in 2031, "
                              "citing higher mortgage rates.\n")
    write(tmp_path / "b.txt", "Harbour house prices to dip\n\nThe lender reported a quiet month. It is predicting a 3% fall in harbour "
                              "house prices in 2031, citing higher mortgage rates.\n")
    result = cli("--select", "News.Figures", "--grouping", "folder", "--format", "json", ".", cwd=tmp_path)
    assert (result.exit_code, findings(result)) == (0, [])
    # The same forecaster giving two figures is still a disagreement.
    write(tmp_path / "b.txt", "Harbour house prices to dip\n\nThe lender reported a quiet month. Fenwick Bank is predicting a 3% fall in "
                              "harbour house prices in 2031, citing higher mortgage rates.\n")
    result = cli("--select", "News.Figures", "--grouping", "folder", "--format", "json", ".", cwd=tmp_path)
    assert [(f["path"], f["match"]) for f in findings(result)] == [("b.txt", "3%")]


def test_money_raised_is_a_level_not_a_change() -> None:
    # "raised" tells a change only right before its endpoints (the rule's `raises` key).
    [funding] = claims_of("The harbour trust raised $5m in funding from donors.")
    assert (funding.measure, funding.role) == ("funding", "")


@pytest.mark.parametrize(
    "text, periods",
    [
        ("Harbour house prices fell 0.2% in December, with annual inflation at a low.", ("month:december",)),
        ("Harbour house prices have risen 0.9% this year, the lender said.", ("relyear:this",)),
        ("Harbour house prices rose 6% in the year to December, the lender said.", ("yearto:december",)),
        ("Ferry revenue reached $5bn in the second quarter of 2004.", ("quarter:q2", "year:2004")),
        ("Ferry revenue reached $5bn in March 2031.", ("month:march", "year:2031")),
    ],
)
def test_a_period_written_right_after_a_figure_is_that_figures_own(text: str, periods: tuple) -> None:
    [claim] = claims_of(text)
    assert claim.periods == periods


def test_a_figure_without_its_own_period_keeps_the_sentences() -> None:
    [claim] = claims_of("In the second quarter, ferry revenue reached $5bn.")
    assert claim.periods == ("quarter:q2",)


def test_one_months_change_is_not_compared_with_a_years() -> None:
    from newslint.claims import same_key

    [december] = claims_of("Harbour house prices at Fenwick fell 0.2% in December, with annual inflation at a low.")
    [so_far] = claims_of("Harbour house prices at Fenwick have risen 0.9% this year, the lender said.")
    [twelve_months] = claims_of("Harbour house prices at Fenwick rose 6% in the year to December, the lender said.")
    [december_again] = claims_of("At Fenwick, harbour house prices rose 0.4% in December, the lender said.")
    assert not same_key(december, so_far, 0)
    assert not same_key(december, twelve_months, 0)
    assert same_key(december, december_again, 0)


def _nearest_measure_by_definition(q, measures, breaks, walls, quantities, window, role):
    """The measure rule read literally, every measure, break, wall and figure of the sentence
    looked at (the test's oracle for the bisecting implementation)."""
    best = None
    for first, last, name in measures:
        if first > q.last_token:
            distance, between = first - q.last_token - 1, (q.last_token, first)
        elif last < q.first_token:
            distance, between = q.first_token - last - 1 + 0.5, (last, q.first_token)
        else:
            continue
        if any(between[0] < w < between[1] for w in walls):
            continue
        distance += sum(1 for b in breaks if between[0] < b < between[1]) * (1 if role == "change" else 5)
        if any(between[0] < o.first_token and o.last_token < between[1] for o in quantities if o is not q):
            distance += 1.5
        if distance <= window and (best is None or distance < best[0]):
            best = (distance, name)
    return best[1] if best else None


def test_the_nearest_measure_is_found_in_reach_as_by_definition() -> None:
    # Long run-on sentences (a scrape that lost its full stops) of measures, clause
    # breaks, purpose clauses and figures: the bisecting search must pick what reading
    # every word would, so it can stay linear on a sentence of thousands of words.
    import random

    from newslint import claims as claims_module

    vocab = ruleset_for(Config(), ["News.Figures"], []).get("News.Figures").vocab
    pieces = ["revenue", "net income", "sales", "profits", "users", "rose", "fell", "to", "to offset", "from", ",", "but", ";",
              "the", "firm", "said", "$2.1bn", "20%", "3 million", "up 5%", "about 40", "in 2024", "while", "(", ")"]
    rng = random.Random(5)
    checked = 0
    for _ in range(200):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(5, 120)))
        tokens, quantities = claims_module.find_quantities(text, vocab.numbers, 0, len(text))
        lowers = [t.lower for t in tokens]
        measures = [hit for hit in claims_module._match_phrases(lowers, vocab._measure_index) if hit[2]]
        breaks = [i for i, w in enumerate(lowers) if w in claims_module.CLAUSE_BREAKS]
        walls = [i for i, w in enumerate(lowers[:-1]) if w == "to" and lowers[i + 1] in claims_module.PURPOSE_VERBS]
        for q in quantities:
            for role in ("", "change"):
                expected = _nearest_measure_by_definition(q, measures, breaks, walls, quantities, vocab.window, role)
                assert claims_module._nearest_measure(tokens, q, measures, breaks, walls, quantities, vocab.window, role) == expected, text
                checked += expected is not None
    assert checked > 500  # the sentences do reach measures
