"""Vale's rule kinds as a Vale user writes them: loaded unchanged, run through the CLI.

tests/fixtures/vale_styles/ is a Vale StylesPath (a style folder plus Vocab/);
the other tests write one small rule into a temporary style and check the
kind's behaviour: counts, repeats, consistency, definitions, case styles,
formulas, and the substitution keys that depend on context.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main
from newslint.rules.metric import FormulaError, evaluate, parse_formula

FIXTURES = Path(__file__).parent / "fixtures" / "vale_styles"

ARTICLE = """\
The Best Phones Of The Year

The shop said the new model was very popular with buyers in the city centre, and the the stores sold out.

The World Health Organization (WHO) said on Monday the outbreak was over. The WHO report went to the FBI and NASA. Telecommunications regulators considered international interoperability requirements.

In order to utilise the phone, an adviser said buyers should visit the center of town, where the company has opened a new shop that sells a large number of accessories.
"""


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        return runner.invoke(main, ["--no-color", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def findings(result) -> list[dict]:
    return [f for f in json.loads(result.stdout) if f["kind"] != "error"]


def lint_with_rule(tmp_path: Path, rule_yaml: str, text: str, name: str = "Rule") -> tuple[list[dict], object]:
    """Write one rule into style T, lint `text` with only that style, return (findings, result)."""
    style = tmp_path / "styles" / "T"
    style.mkdir(parents=True, exist_ok=True)
    (style / f"{name}.yml").write_text(textwrap.dedent(rule_yaml), encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("styles: [T]\nrules_paths: [styles]\n", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(textwrap.dedent(text), encoding="utf-8")
    result = run("--format", "json", str(article), cwd=tmp_path)
    return findings(result), result


# -- a Vale style folder, unchanged -------------------------------------------------


@pytest.fixture
def vale_project(tmp_path: Path) -> Path:
    (tmp_path / ".newslint.yaml").write_text(f"styles: [Acme]\nrules_paths: [{FIXTURES}]\n", encoding="utf-8")
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def test_vale_style_loads_unchanged_and_every_kind_fires(vale_project: Path) -> None:
    result = run("--format", "json", "article.txt", cwd=vale_project)
    assert result.exit_code == 1, result.output
    got = findings(result)
    by_rule = {f["rule"] for f in got}
    assert by_rule == {
        "Acme.Weasel",  # existence
        "Acme.Wordiness",  # substitution
        "Acme.SentenceLength",  # occurrence
        "Acme.Repetition",  # repetition
        "Acme.Spellings",  # consistency
        "Acme.Acronyms",  # conditional
        "Acme.Headings",  # capitalization
        "Acme.Readability",  # metric
        "Acme.Smog",  # metric with Tengo's math.sqrt
    }
    kinds = {f["rule"]: f["kind"] for f in got}
    assert kinds["Acme.Spellings"] == "consistency" and kinds["Acme.Readability"] == "metric"


def test_vale_style_findings_are_exact(vale_project: Path) -> None:
    result = run("--format", "line", "article.txt", cwd=vale_project)
    lines = set(result.stdout.splitlines())
    assert "article.txt:1:1:Acme.Headings:'The Best Phones Of The Year' should be in title case." in lines
    assert "article.txt:3:33:Acme.Weasel:'very' is a weasel word." in lines
    assert "article.txt:3:82:Acme.Repetition:'the' is repeated!" in lines
    assert "article.txt:5:102:Acme.Acronyms:'FBI' has no definition." in lines  # WHO was defined; NASA is an exception
    assert "article.txt:7:1:Acme.Wordiness:Consider using 'To' instead of 'In order to'." in lines
    assert "article.txt:7:13:Acme.Wordiness:Consider using 'use' instead of 'utilise'." in lines
    assert "article.txt:7:72:Acme.Spellings:Inconsistent spelling of 'center'." in lines  # 'centre' came first
    assert any(line.startswith("article.txt:3:1:Acme.SentenceLength:") and "this one has 21." in line for line in lines)
    assert any(line.startswith("article.txt:3:1:Acme.Readability:Try to keep the Flesch-Kincaid grade level (") for line in lines)


def test_vale_only_kinds_are_skipped_with_a_notice(vale_project: Path) -> None:
    result = run("--format", "json", "article.txt", cwd=vale_project)
    assert "Script.yml:1: Vale kind 'script' is not supported by newslint; rule skipped" in result.stderr
    assert "Passive.yml:1: Vale kind 'sequence' is not supported by newslint; rule skipped" in result.stderr
    assert result.exit_code == 1  # a notice, not an error
    assert not [f for f in json.loads(result.stdout) if f["kind"] == "error"]


def test_vale_style_via_rules_option_and_config(tmp_path: Path) -> None:
    (tmp_path / "cfg.yaml").write_text("styles: [Acme]\n", encoding="utf-8")
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("--rules", str(FIXTURES), "--config", str(tmp_path / "cfg.yaml"), "--format", "json", str(tmp_path / "article.txt"))
    assert result.exit_code == 1
    assert "Acme.Acronyms" in {f["rule"] for f in findings(result)}


def test_vale_style_lists_its_rules(vale_project: Path) -> None:
    result = run("--list-rules", cwd=vale_project)
    assert result.exit_code == 0, result.output
    for rule in ("Acme.Weasel", "Acme.Readability", "Acme.Headings"):
        assert rule in result.stdout
    assert "Acme.Script" not in result.stdout


# -- occurrence ----------------------------------------------------------------------


def test_occurrence_max_per_sentence_reports_the_count(tmp_path: Path) -> None:
    rule = """\
        extends: occurrence
        message: "Too many commas (%s)."
        scope: sentence
        max: 2
        token: ','
        """
    got, _ = lint_with_rule(tmp_path, rule, "Short headline\n\nRed, green, blue, and gold were chosen. One, two is fine.\n")
    assert [(f["line"], f["column"], f["match"], f["message"]) for f in got] == [(3, 4, ",", "Too many commas (3).")]


def test_occurrence_min_flags_a_unit_without_enough(tmp_path: Path) -> None:
    rule = """\
        extends: occurrence
        message: "Paragraphs need two sentences or more (found %s)."
        scope: paragraph
        min: 2
        token: '[.!?](?=\\s|$)'
        """
    got, _ = lint_with_rule(tmp_path, rule, "Headline here\n\nOne sentence only.\n\nTwo here. And another.\n")
    assert [(f["line"], f["column"], f["message"]) for f in got] == [(3, 18, "Paragraphs need two sentences or more (found 1).")]


def test_occurrence_ignorecase(tmp_path: Path) -> None:
    rule = """\
        extends: occurrence
        message: "'very' %s times."
        max: 1
        ignorecase: true
        token: '\\bvery\\b'
        """
    got, _ = lint_with_rule(tmp_path, rule, "Very good and very nice.\n")
    assert [f["message"] for f in got] == ["'very' 2 times."]


# -- repetition ----------------------------------------------------------------------


def test_repetition_max_allows_some_repeats(tmp_path: Path) -> None:
    rule = """\
        extends: repetition
        message: "'%s' repeated too often."
        max: 1
        tokens: ['\\w+']
        """
    got, _ = lint_with_rule(tmp_path, rule, "It was very very good. It was so so so good.\n")
    assert [(f["match"], f["message"]) for f in got] == [("so so", "'so' repeated too often.")]


def test_repetition_not_across_sentences_and_exceptions(tmp_path: Path) -> None:
    rule = """\
        extends: repetition
        message: "'%s' is repeated."
        ignorecase: true
        tokens: ['\\w+']
        exceptions: ['(?i)that that']
        """
    got, _ = lint_with_rule(tmp_path, rule, "I forgot about that. That was it. He said that that was fine. A a.\n")
    assert [f["match"] for f in got] == ["A a"]


# -- consistency ---------------------------------------------------------------------


def test_consistency_flags_every_later_use_of_the_other_form(tmp_path: Path) -> None:
    rule = """\
        extends: consistency
        message: "'%s' after '%s'."
        ignorecase: true
        either:
          advisor: adviser
          'colou?r': 'hue'
        """
    text = "Headline\n\nThe Adviser spoke first.\n\nThe advisor and another advisor agreed, and the adviser left.\n"
    got, _ = lint_with_rule(tmp_path, rule, text)
    assert [(f["line"], f["column"], f["match"], f["suggestions"], f["message"]) for f in got] == [
        (5, 5, "advisor", ["adviser"], "'advisor' after 'Adviser'."),
        (5, 25, "advisor", ["adviser"], "'advisor' after 'Adviser'."),
    ]


def test_consistency_needs_a_non_empty_value(tmp_path: Path) -> None:
    rule = """\
        extends: consistency
        message: "x"
        either:
          advisor: ''
        """
    _, result = lint_with_rule(tmp_path, rule, "Text.\n")
    assert result.exit_code == 2
    assert "Rule.yml:4: 'either' value for 'advisor' must be a non-empty string" in result.stderr


# -- conditional ---------------------------------------------------------------------


def test_conditional_definition_in_an_earlier_block_counts(tmp_path: Path) -> None:
    rule = """\
        extends: conditional
        message: "'%s' has no definition."
        first: '\\b[A-Z]{3,5}\\b'
        second: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'
        exceptions: [BBC]
        """
    text = "Short headline\n\nThe IMF said growth was slow.\n\nThe International Monetary Fund (IMF) and the BBC agreed. The IMF and OECD met.\n"
    got, _ = lint_with_rule(tmp_path, rule, text)
    assert [(f["line"], f["match"]) for f in got] == [(3, "IMF"), (5, "OECD")]


def test_conditional_without_a_group_is_a_presence_check(tmp_path: Path) -> None:
    rule = """\
        extends: conditional
        message: "'%s' needs a source in the same paragraph."
        first: '\\bexclusive\\b'
        second: '\\b(?:told|said)\\b'
        """
    text = "Short headline\n\nThe exclusive deal was signed.\n\nThe exclusive deal, officials said, was signed.\n"
    got, _ = lint_with_rule(tmp_path, rule, text)
    assert [(f["line"], f["column"]) for f in got] == [(3, 5)]


# -- capitalization ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "heading", "flagged"),
    [
        ("AP", "Markets Rally on Hopes of a Rate Cut", False),
        ("AP", "Markets rally on hopes of a rate cut", True),
        ("Chicago", "A Vote Without Precedent in the House", False),
        ("Chicago", "A Vote Without Precedent In The House", True),
    ],
)
def test_capitalization_title_styles(tmp_path: Path, style: str, heading: str, flagged: bool) -> None:
    rule = f"""\
        extends: capitalization
        message: "'%s' should be '%s'."
        scope: heading
        match: $title
        style: {style}
        """
    got, _ = lint_with_rule(tmp_path, rule, f"{heading}\n\nBody text of the story.\n")
    assert bool(got) is flagged, got


def test_capitalization_sentence_with_indicators_exceptions_and_suggestion(tmp_path: Path) -> None:
    rule = """\
        extends: capitalization
        message: "'%s' should be in sentence case."
        scope: heading
        match: $sentence
        indicators: [':']
        exceptions: [London, 'iPhone']
        action:
          name: replace
        """
    text = "Review: The new iPhone arrives in London\n\nBody.\n\nWhat Happens To The Shops Next\n\nBody.\n"
    got, _ = lint_with_rule(tmp_path, rule, text)
    assert [(f["line"], f["match"], f["suggestions"]) for f in got] == [
        (5, "What Happens To The Shops Next", ["What happens to the shops next"])
    ]


def test_capitalization_threshold_prefix_lower_upper_and_regex(tmp_path: Path) -> None:
    lower = """\
        extends: capitalization
        message: "'%s' must be lower case."
        scope: heading
        match: $lower
        prefix: 'Update: '
        """
    got, _ = lint_with_rule(tmp_path, lower, "Update: all quiet\n\nBody.\n\nUpdate: Not Quiet\n\nBody.\n")
    assert [f["line"] for f in got] == [5]
    regex_rule = """\
        extends: capitalization
        message: "'%s' must start with a capital."
        scope: heading
        match: '^\\p{Lu}'
        """
    got, _ = lint_with_rule(tmp_path / "b", regex_rule, "lower start here\n\nBody.\n")
    assert [f["match"] for f in got] == ["lower start here"]
    lenient = """\
        extends: capitalization
        message: "'%s'"
        scope: heading
        match: $title
        threshold: 0.5
        """
    got, _ = lint_with_rule(tmp_path / "c", lenient, "Markets Rally on hopes Today\n\nBody.\n")
    assert got == []


def test_capitalization_rejects_an_unknown_case(tmp_path: Path) -> None:
    _, result = lint_with_rule(tmp_path, "extends: capitalization\nmessage: x\nmatch: $camel\n", "Text.\n")
    assert result.exit_code == 2
    assert "Rule.yml:3: unknown case '$camel'" in result.stderr


# -- metric --------------------------------------------------------------------------


def test_metric_reports_the_value_at_the_start_of_the_copy(tmp_path: Path) -> None:
    rule = """\
        extends: metric
        message: "Average sentence length is %s words."
        formula: words / sentences
        condition: "> 5"
        """
    got, _ = lint_with_rule(tmp_path, rule, "A headline\n\nThis sentence has exactly seven words here. Here are four words.\n")
    assert [(f["line"], f["column"], f["message"], f["match"]) for f in got] == [(3, 1, "Average sentence length is 5.50 words.", "")]


def test_metric_prebuilt_scores_and_condition_not_met(tmp_path: Path) -> None:
    rule = """\
        extends: metric
        message: "Grade %s."
        formula: flesch_kincaid
        condition: "> 30.0"
        """
    got, _ = lint_with_rule(tmp_path, rule, "The cat sat on the mat. It was warm.\n")
    assert got == []


def test_metric_per_paragraph_scope(tmp_path: Path) -> None:
    rule = """\
        extends: metric
        message: "%s words."
        scope: paragraph
        formula: words
        condition: ">= 4"
        """
    got, _ = lint_with_rule(tmp_path, rule, "Headline\n\nOne two three.\n\nOne two three four five.\n")
    assert [(f["line"], f["message"]) for f in got] == [(5, "5.00 words.")]


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("words / sentencez", "unknown variable 'sentencez'"),
        ("__import__('os').system('true')", "unknown function \"__import__('os').system\""),
        ("().__class__", "only math.pi and math.e may be read from math"),
        ("words +", "cannot parse"),
        ("'a' * 3", "only numbers are allowed"),
        ("[words]", "List is not allowed"),
        ("lambda: 1", "Lambda is not allowed"),
        ("+".join(["words"] * 300), "nested more than 100 levels"),
    ],
)
def test_metric_bad_formulas_name_file_and_line(tmp_path: Path, formula: str, message: str) -> None:
    rule = f"""\
        extends: metric
        message: "%s"
        formula: "{formula}"
        condition: "> 1"
        """
    _, result = lint_with_rule(tmp_path, rule, "Some text here.\n")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if "Rule.yml" in line]
    assert len(errors) == 1 and "Rule.yml:3: bad formula" in errors[0] and message in errors[0], result.stderr


def test_metric_bad_condition(tmp_path: Path) -> None:
    _, result = lint_with_rule(tmp_path, 'extends: metric\nmessage: x\nformula: words\ncondition: "+ 3"\n', "Text.\n")
    assert result.exit_code == 2
    assert "Rule.yml:4: bad condition '+ 3': a condition compares" in result.stderr


def test_metric_overflow_and_division_by_zero_are_not_errors(tmp_path: Path) -> None:
    rule = """\
        extends: metric
        message: "%s"
        formula: 10 ** (words * 1000) + list / pre
        condition: "> 1"
        """
    got, result = lint_with_rule(tmp_path, rule, "Some words here.\n")
    assert result.exit_code == 0 and got == []


def test_formula_evaluator_is_arithmetic_only() -> None:
    tree = parse_formula("1.0430 * math.sqrt(polysyllabic_words * 30 / sentences) + 3.1291")
    assert round(evaluate(tree, {"polysyllabic_words": 30.0, "sentences": 30.0}), 4) == round(1.0430 * 30**0.5 + 3.1291, 4)
    assert evaluate(parse_formula("heading.h1 + heading_h2"), {"heading_h1": 1.0, "heading_h2": 2.0}) == 3.0
    with pytest.raises(FormulaError):
        parse_formula("open('/etc/passwd')")
    with pytest.raises(FormulaError):
        parse_formula("words.__class__")


# -- substitution and existence: Vale behaviour that depends on context -----------------


def test_substitution_keys_with_lookarounds_and_group_references(tmp_path: Path) -> None:
    rule = """\
        extends: substitution
        message: "Use '%s' instead of '%s'."
        swap:
          '(?<=\\b(?:July|May) )(\\d+)(?:st|nd|rd|th)': $1
          'per cent(?= rise)': '%'
          stated: said
        """
    got, _ = lint_with_rule(tmp_path, rule, "On July 18th a 5 per cent rise was stated.\n")
    assert [(f["match"], f["suggestions"]) for f in got] == [("18th", ["18"]), ("per cent", ["%"]), ("stated", ["said"])]


def test_substitution_tries_longer_keys_first_and_a_same_value_reports_nothing(tmp_path: Path) -> None:
    rule = """\
        extends: substitution
        message: "Use '%s' instead of '%s'."
        swap:
          '3(?= million)': $0
          '3': three
        """
    got, _ = lint_with_rule(tmp_path, rule, "About 3 million people saw 3 films.\n")
    assert [(f["column"], f["suggestions"]) for f in got] == [(28, ["three"])]


def test_substitution_messages_list_options_as_vale_does(tmp_path: Path) -> None:
    # With `action: replace` Vale quotes each option and joins them as a sentence,
    # taking the quotes off the message's first '%s' so they are not doubled.
    rule = """\
        extends: substitution
        message: "Use '%s' instead of '%s'."
        ignorecase: true
        action:
          name: replace
        swap:
          kill: stop|exit|cancel|end
          abort: stop|cancel
          utilize: use
          retry: retry|try again
        """
    got, _ = lint_with_rule(tmp_path, rule, "Kill the job, abort the task and utilize the tool. Retry later.\n")
    assert [f["message"] for f in got] == [
        "Use 'Stop', 'Exit', 'Cancel', or 'End' instead of 'Kill'.",
        "Use 'stop' or 'cancel' instead of 'abort'.",
        "Use 'use' instead of 'utilize'.",
    ]  # "Retry" is one of its own options, capitalised at the start of a sentence
    assert "Message:  Use '%s' instead of '%s'." in run("--explain", "T.Rule", cwd=tmp_path).stdout  # as written
    # Without an action the options are joined plainly (Vale would print "stop|cancel").
    got, _ = lint_with_rule(tmp_path / "plain", rule.replace("        action:\n          name: replace\n", ""), "Please abort the task.\n")
    assert [f["message"] for f in got] == ["Use 'stop or cancel' instead of 'abort'."]


def test_substitution_options_capitalize_and_params_as_in_vale(tmp_path: Path) -> None:
    rule = """\
        extends: substitution
        message: "Use '%s' instead of '%s'."
        ignorecase: true
        capitalize: true
        action:
          name: replace
        swap:
          e-mail: email
          literally: '|really'
          irregardless: regardless||irrespective
          'and/or': 'and\\|or'
        """
    got, _ = lint_with_rule(tmp_path, rule, "Send an e-mail, not an E-mail. It is literally irregardless of and/or.\n")
    assert [(f["match"], f["suggestions"]) for f in got] == [
        ("e-mail", ["email"]),  # capitalize: only where the text found is capitalised
        ("E-mail", ["Email"]),
        ("literally", ["really"]),  # blank options are dropped
        ("irregardless", ["regardless", "irrespective"]),
        ("and/or", ["and|or"]),  # an escaped bar is a bar
    ]
    params = """\
        extends: substitution
        message: "Use '%s' instead of '%s'."
        action:
          name: replace
          params: [among]
        swap:
          amongst: among|between
        """
    got, _ = lint_with_rule(tmp_path / "params", params, "It was amongst friends.\n")
    assert [(f["suggestions"], f["message"]) for f in got] == [(["among"], "Use 'among or between' instead of 'amongst'.")]


def test_vale_2_part_of_speech_key_loads_and_is_ignored_as_in_vale_3(tmp_path: Path) -> None:
    rule = """\
        extends: substitution
        message: "Use '%s' instead of '%s'."
        pos: 'back-end/NN|backend/(?:JJ|NN)'
        swap:
          back-end: back end
        """
    got, result = lint_with_rule(tmp_path, rule, "The back-end failed.\n")
    assert result.exit_code == 1
    assert [(f["match"], f["suggestions"]) for f in got] == [("back-end", ["back end"])]


def test_existence_edit_action_with_vale_group_reference(tmp_path: Path) -> None:
    rule = """\
        extends: existence
        message: "Drop the ordinal in '%s'."
        raw: ['\\b\\d+(?:st|nd|rd|th)\\b']
        action:
          name: edit
          params: [regex, '(\\d+)(?:st|nd|rd|th)', '$1']
        """
    got, _ = lint_with_rule(tmp_path, rule, "It opens on the 18th.\n")
    assert [(f["match"], f["suggestions"]) for f in got] == [("18th", ["18"])]


def test_syllable_counts_and_readability_scores() -> None:
    from newslint.readability import measure, syllables

    assert [syllables(w) for w in ("cat", "trade", "traded", "table", "media", "nation", "government", "telecommunications")] == [1, 1, 2, 2, 3, 2, 3, 7]
    variables = measure([("The cat sat on the mat. The dog ran home.", 2)]).variables()
    assert (variables["words"], variables["sentences"], variables["syllables"]) == (10.0, 2.0, 10.0)
    assert round(variables["flesch_kincaid"], 2) == round(0.39 * 5 + 11.8 * 1 - 15.59, 2)
    assert variables["smog"] == pytest.approx(3.1291)


# -- shortcuts in the kinds must report exactly what the plain algorithm does ---------------

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newslint.config import Config
from newslint.document import Document
from newslint.engine import ruleset_for
from newslint.formats import parse

_WORDS = ["the", "The", "THE", "that", "had", "1", "3", "3.5", "9/11", "page", "No", "£3", "3%", "Channel", "4",
          "5", "May", "June", "18th", "1st", "of", "July", "per", "cent", "percent", "ſo", "SO", "İt", "it", "straße",
          "STRASSE", "Duran", "(the", "the)", "-", "\x1c", "said", "stated", "that", "noted", ":", ".", ",", "\n", "\n\n"]
_texts = st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join)


def _findings(rule, text: str) -> list[tuple]:
    doc = Document("t.txt", "A headline\n\n" + text)  # the body is paragraphs, which every rule reads
    parse(doc, "plaintext")
    return [(f.start, f.end, f.message, tuple(f.suggestions)) for f in rule.check(doc)]


@settings(max_examples=500, deadline=None)
@given(_texts, st.sampled_from(["News.Numerals", "News.DateOrdinals", "News.Said", "News.DoubledWords", "News.Percent"]))
@example("He had 3 cats on the 18th of July and page 3 , the the 5 per cent then 5% .", "News.Numerals")
@example("He had 3 cats on the 18th of July and page 3 , the the 5 per cent then 5% .", "News.DateOrdinals")
@example("He had 3 cats on the 18th of July and page 3 , the the 5 per cent then 5% .", "News.DoubledWords")
@example("He had 3 cats on the 18th of July and page 3 , the the 5 per cent then 5% .", "News.Percent")
def test_shortcuts_change_no_finding(text: str, rule_id: str) -> None:
    import copy
    from unittest import mock

    rule = ruleset_for(Config(), [], []).get(rule_id)
    plain = copy.copy(rule)
    if hasattr(plain, "_keeps_match"):
        plain._keeps_match = [False] * len(plain._keeps_match)  # always work out the replacement
    if hasattr(plain, "split_tokens"):
        plain.split_tokens = False  # look at every pair of tokens
    # ... and never skip a whole document.
    with mock.patch("newslint.rules.base.may_match_document", lambda pattern, doc: True), mock.patch(
        "newslint.rules.consistency.may_match_document", lambda pattern, doc: True
    ):
        expected = _findings(plain, text)
    assert _findings(rule, text) == expected
