"""extends: spelling — the offline speller through the command line and its Vale keys.

The built-in News.Spelling cases live in tests/rules/News/Spelling.yml; here a
project brings its own style folder to exercise Vale's keys (dictionaries,
dicpath, append, ignore, filters, custom) and newslint's (exceptions,
check_sentence_start, max_suggestions), and the speller's morphology and
suggestion ranking are checked directly.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main
from newslint.speller import Lexicon, builtin_lexicon, hunspell_words


def run(cwd: Path, *args: str):
    old = os.getcwd()
    try:
        os.chdir(cwd)
        return CliRunner().invoke(main, ["--no-color", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def project(tmp_path: Path, rule: str, article: str, files: dict[str, str] | None = None) -> Path:
    style = tmp_path / "styles" / "T"
    style.mkdir(parents=True)
    (style / "Spell.yml").write_text(textwrap.dedent(rule), encoding="utf-8")
    for name, text in (files or {}).items():
        path = tmp_path / "styles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("styles: [T]\nrules_paths: [styles]\n", encoding="utf-8")
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    return tmp_path


def findings(result) -> list[dict]:
    return json.loads(result.stdout)


TINY_AFF = """\
SET UTF-8
SFX S Y 2
SFX S 0 s [^y]
SFX S y ies y
PFX U Y 1
PFX U 0 un .
"""
TINY_DIC = """\
4
cat/S
pony/S
tie/U
dog
"""


# -- the built-in rule from the command line -----------------------------------


def only_spelling(tmp_path: Path, article: str) -> Path:
    """A project running News.Spelling alone, so other rules' files cannot affect the exit code."""
    (tmp_path / ".newslint.yaml").write_text("rules:\n  News: off\n  News.Spelling: warning\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text(article, encoding="utf-8")
    return tmp_path


def test_cli_reports_misspelling_with_suggestions_and_exit_1(tmp_path: Path) -> None:
    result = run(only_spelling(tmp_path, "Ministers recieved the report.\n"), "--format", "json", "story.txt")
    assert result.exit_code == 1
    [finding] = findings(result)
    assert (finding["line"], finding["column"], finding["end_column"]) == (1, 11, 19)
    assert finding["match"] == "recieved"
    assert finding["suggestions"][0] == "received"
    assert finding["kind"] == "spelling" and finding["rule"] == "News.Spelling"


def test_clean_copy_passes(tmp_path: Path) -> None:
    text = "The chancellor's spending review, published on Wednesday, cut 2.5% from budgets.\n"
    result = run(only_spelling(tmp_path, text), "story.txt")
    assert result.exit_code == 0, result.stdout


def test_hashtags_handles_file_extensions_and_entities_are_not_prose(tmp_path: Path) -> None:
    text = "Fans used #brexitvotez, wrote to @newsdeskz, opened .pngz files and visited a caf&#233;.\n"
    result = run(only_spelling(tmp_path, text), "--format", "json", "story.txt")
    assert findings(result) == []


def test_same_word_flagged_at_every_place(tmp_path: Path) -> None:
    text = "The goverment met.\n\nLater the goverment left.\n"
    result = run(only_spelling(tmp_path, text), "--format", "json", "story.txt")
    assert [(f["line"], f["column"]) for f in findings(result)] == [(1, 5), (3, 11)]


# -- Vale's keys ------------------------------------------------------------------


def test_hunspell_dictionary_replaces_the_builtin_one(tmp_path: Path) -> None:
    rule = """\
        extends: spelling
        message: "'%s'?"
        dictionaries: [tiny]
        """
    root = project(tmp_path, rule, "cats ponies untie dog horse\n", {"config/dictionaries/tiny.dic": TINY_DIC, "config/dictionaries/tiny.aff": TINY_AFF})
    result = run(root, "--format", "json", "article.txt")
    assert [f["match"] for f in findings(result)] == ["horse"]


def test_append_adds_the_dictionary_to_the_builtin_one(tmp_path: Path) -> None:
    rule = """\
        extends: spelling
        dicpath: dics
        dictionaries: [tiny]
        append: true
        """
    root = project(tmp_path, rule, "The horse and the zorbles.\n", {"dics/tiny.dic": TINY_DIC.replace("dog", "zorble/S"), "dics/tiny.aff": TINY_AFF})
    result = run(root, "--format", "json", "article.txt")
    assert findings(result) == []


def test_missing_dictionary_is_one_error_line_naming_the_key(tmp_path: Path) -> None:
    rule = """\
        extends: spelling
        message: "'%s'?"
        dictionaries: [nowhere]
        """
    root = project(tmp_path, rule, "Some text.\n")
    result = run(root, "article.txt")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1
    assert "Spell.yml:3:" in errors[0] and "nowhere" in errors[0]
    assert "Traceback" not in result.output


def test_unknown_key_names_file_and_line(tmp_path: Path) -> None:
    rule = """\
        extends: spelling
        dictionary: en_US
        """
    root = project(tmp_path, rule, "Some text.\n")
    result = run(root, "article.txt")
    assert result.exit_code == 2
    assert "Spell.yml:2:" in result.stderr and "dictionary" in result.stderr


def test_ignore_word_list_filters_and_exceptions(tmp_path: Path) -> None:
    rule = """\
        extends: spelling
        ignore: [newsroom.txt]
        filters: ['^zz\\w+']
        exceptions: [blargh]
        """
    article = "The glorbnik met the zzfoo team and said blargh to a wuzzlet.\n"
    root = project(tmp_path, rule, article, {"newsroom.txt": "# house words\nglorbnik\n"})
    result = run(root, "--format", "json", "article.txt")
    assert [f["match"] for f in findings(result)] == ["wuzzlet"]


def test_custom_turns_off_the_default_filters(tmp_path: Path) -> None:
    default = project(tmp_path / "a", "extends: spelling\n", "The qx9zz code.\n")
    assert findings(run(default, "--format", "json", "article.txt")) == []
    custom = project(tmp_path / "b", "extends: spelling\ncustom: true\n", "The qx9zz code.\n")
    assert [f["match"] for f in findings(run(custom, "--format", "json", "article.txt"))] == ["qx9zz"]


def test_check_sentence_start_flags_a_misspelt_opener_but_not_names(tmp_path: Path) -> None:
    rule = "extends: spelling\ncheck_sentence_start: true\n"
    article = "Teh minister spoke. Smith agreed. Vrenkowitz disagreed, and Vrenkowitz left.\n"
    root = project(tmp_path, rule, article)
    result = run(root, "--format", "json", "article.txt")
    assert [(f["match"], f["suggestions"][0]) for f in findings(result)] == [("Teh", "The")]


def test_max_suggestions(tmp_path: Path) -> None:
    root = project(tmp_path, "extends: spelling\nmax_suggestions: 1\n", "A goverment plan.\n")
    [finding] = findings(run(root, "--format", "json", "article.txt"))
    assert finding["suggestions"] == ["government"]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("", [("goverment", ["government", "governments"]), ("zorblefaxine", [])]),  # Vale's default: every unknown word
        ("near_misses_only: true\n", [("goverment", ["government", "governments"])]),
        ("near_misses_only: true\nmax_suggestions: 0\n", [("goverment", [])]),  # still decided by a near word, none shown
    ],
)
def test_near_misses_only_leaves_unknown_terms_with_no_near_word(tmp_path: Path, keys: str, expected: list) -> None:
    root = project(tmp_path, "extends: spelling\n" + keys, "The goverment approved zorblefaxine for trials.\n")
    assert [(f["match"], f["suggestions"]) for f in findings(run(root, "--format", "json", "article.txt"))] == expected


def test_rejected_vocabulary_from_config(tmp_path: Path) -> None:
    root = project(tmp_path, "extends: spelling\n", "Firms utilise the scheme. Utilise it.\n")
    (root / ".newslint.yaml").write_text("styles: [T]\nrules_paths: [styles]\nvocabulary:\n  reject: [utilise]\n", encoding="utf-8")
    result = run(root, "--format", "json", "article.txt")
    assert [(f["column"], f["match"]) for f in findings(result)] == [(7, "utilise"), (27, "Utilise")]


# -- the speller itself ----------------------------------------------------------


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return builtin_lexicon()


@pytest.mark.parametrize(
    "word",
    ["minister's", "ministers'", "wouldn't", "reoffending", "unpatched", "downloaders", "wirelessly", "gameplay",
     "bandmates", "cafe", "naive", "co-ordinator", "year-olds", "have-nots", "winless", "dimmable"],
)
def test_known_forms(lexicon: Lexicon, word: str) -> None:
    assert lexicon.known(word)


@pytest.mark.parametrize(
    "word",
    ["occured", "stoped", "comeing", "publically", "bigest", "potatos", "threshhold", "withold", "eachother", "everytime", "recieve"],
)
def test_misspellings_that_look_like_derivations(lexicon: Lexicon, word: str) -> None:
    assert not lexicon.known(word)


@pytest.mark.parametrize(
    "typo, intended",
    [("teh", "the"), ("recieve", "receive"), ("accomodate", "accommodate"), ("definately", "definitely"), ("thier", "their"), ("dont", "don't"),
     ("spokeman", "spokesman"), ("everthing", "everything")],
)
def test_the_intended_word_is_suggested_first(lexicon: Lexicon, typo: str, intended: str) -> None:
    assert lexicon.suggest(typo)[0] == intended


@pytest.mark.parametrize("typo, split", [("alot", "a lot"), ("upto", "up to"), ("infact", "in fact"), ("atleast", "at least"), ("noone", "no one")])
def test_two_fused_words_are_split_first(lexicon: Lexicon, typo: str, split: str) -> None:
    assert lexicon.suggest(typo)[0] == split


@pytest.mark.parametrize("typo, unwanted", [("infact", "inf act"), ("hehe", "he he"), ("teh", "te h")])
def test_no_split_into_abbreviations_or_a_repeat(lexicon: Lexicon, typo: str, unwanted: str) -> None:
    assert unwanted not in lexicon.suggest(typo, limit=10)


def test_a_very_long_string_is_neither_analysed_nor_given_suggestions(lexicon: Lexicon) -> None:
    # Its one-edit set would hold about 28 x n strings of n letters: for a 50,000-letter
    # blob in scraped copy that was tens of gigabytes.
    blob = "x" * 50_000
    assert lexicon.suggest(blob) == []
    assert not lexicon.known(blob)


def test_suggestions_keep_the_case(lexicon: Lexicon) -> None:
    assert lexicon.suggest("Goverment")[0] == "Government"
    assert lexicon.suggest("Alot")[0] == "A lot"


def test_hunspell_expansion(tmp_path: Path) -> None:
    (tmp_path / "t.dic").write_text(TINY_DIC, encoding="utf-8")
    (tmp_path / "t.aff").write_text(TINY_AFF, encoding="utf-8")
    words = set(hunspell_words(str(tmp_path / "t.dic"), str(tmp_path / "t.aff")))
    assert {"cat", "cats", "pony", "ponies", "tie", "untie", "dog"} <= words
    assert "ponys" not in words and "dogs" not in words


# -- the fast path: whitespace chunks, cached verdicts ----------------------------


def test_a_misspelling_is_found_whatever_punctuation_clings_to_it_in_every_file(tmp_path: Path) -> None:
    # One process lints all the files, so later files meet chunks an earlier one found fine.
    articles = [
        "The council met on Tuesday (as planned), and the mayor spoke.\n",
        "The council met (as plannned), and the mayor spoke.\n",
        "The council met on Tuesday (as planned).\n",
        '"It was plannned," he wrote, then: plannned. The mayor spoke.\n',
    ]
    (tmp_path / ".newslint.yaml").write_text("rules:\n  News: off\n  News.Spelling: warning\n", encoding="utf-8")
    for i, text in enumerate(articles):
        (tmp_path / f"story{i}.txt").write_text(text, encoding="utf-8")
    result = run(tmp_path, "--format", "json", "--jobs", "1", ".")
    found = sorted((Path(f["path"]).name, f["column"], f["match"]) for f in findings(result))
    assert found == [("story1.txt", 21, "plannned"), ("story3.txt", 36, "plannned")]  # the quoted one is speech


def test_a_dictionary_word_that_is_not_a_whole_token_is_still_checked_inside(tmp_path: Path) -> None:
    # "'tis" is listed, but the tokeniser reads "tis" out of it: that part must be checked as before.
    rule = """\
        extends: spelling
        dictionaries: [tiny]
        """
    dic = "3\n'tis\ncat\ndog\n"
    root = project(tmp_path, rule, "'tis cat dog\n", {"config/dictionaries/tiny.dic": dic, "config/dictionaries/tiny.aff": "SET UTF-8\n"})
    result = run(root, "--format", "json", "article.txt")
    assert [(f["column"], f["match"]) for f in findings(result)] == [(2, "tis")]
