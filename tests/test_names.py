"""News.Names through the command line: the seed article, cross-source spellings, config and errors."""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path

from click.testing import CliRunner

from newslint.cli import main
from newslint.config import Config
from newslint.engine import lint_text
from newslint.rules.loader import load_rule

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_ac03eac1eff8066b.txt"
RULE_FILE = REPO / "rules" / "News" / "Names.yml"


def _json(args: list[str]) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, ["--select", "News.Names", "--format", "json", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    findings = json.loads(result.stdout)
    assert not [f for f in findings if f["kind"] == "error"], findings
    return result.exit_code, findings


def _story(folder: Path, spellings: dict[str, str]) -> None:
    """Three short plain-text reports of one story; each names the executive its own way."""
    folder.mkdir(parents=True, exist_ok=True)
    openings = {
        "a.txt": "Streaming chief bets on new tools\n\nCo-CEO Ted {s} said on Thursday that effects work would speed up.\n\n{s} said costs would fall.\n",
        "b.txt": "Streaming firm reports record quarter\n\nThe company reported record revenue, and Ted {s} said the results were strong.\n\n{s} added that prices would rise.\n",
        "c.txt": "Effects milestone for streaming service\n\nTed {s}, the company's co-chief executive, told analysts that costs were falling.\n\nMr {s} said subscribers had grown.\n",
    }
    for name, template in openings.items():
        (folder / name).write_text(template.format(s=spellings[name]), encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    """Change one source of a story in place (a planted variant)."""
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_seed_article_flags_davier_with_suggestions_by_frequency() -> None:
    code, findings = _json([str(SEED)])
    assert code == 1
    [davier] = [f for f in findings if f["match"] == "Davier"]
    assert davier["suggestions"] == ["Javier", "Xavier"]  # Javier is the more common name
    assert (davier["line"], davier["column"]) == (10, 287)
    assert davier["kind"] == "names"
    # Nobody else in the seed is a misspelling: Sarandos, Peters, Tyler Perry are consistent.
    assert [f["match"] for f in findings] == ["Davier"]


def test_within_article_variant_suggests_the_first_spelling(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Co-CEO Ted Sarandos said the tools were faster.\n\nLater, Sarandso said the studio was pleased.\n", encoding="utf-8")
    code, findings = _json([str(article)])
    assert code == 1
    [finding] = findings
    assert (finding["line"], finding["column"], finding["match"]) == (3, 8, "Sarandso")
    assert finding["suggestions"] == ["Sarandos"]
    assert "first on line 1" in finding["message"]


def test_a_name_split_by_an_html_entity_is_not_a_second_spelling(tmp_path: Path) -> None:
    # "Mart&#233;" is "Marté" with the character reference left in: "Mart" before it is no
    # spelling of the name, so the squad list must not be read as "Mart" against "Marte".
    story = tmp_path / "story"
    _story(story, {"a.txt": "Marte", "b.txt": "Marte", "c.txt": "Marte"})
    squad = "\nThe squad: Ted Mart&#233; (captain), Ravi Okafor, Lena Dube.\n"
    for name in ("a.txt", "b.txt"):
        with (story / name).open("a", encoding="utf-8") as handle:
            handle.write(squad)
    assert _json(["--grouping", "folder", str(story)]) == (0, [])
    # A real slip in the same list is still found.
    (story / "c.txt").write_text((story / "c.txt").read_text(encoding="utf-8") + "\nThe squad: Ted Marrte (captain).\n", encoding="utf-8")
    code, findings = _json(["--grouping", "folder", str(story)])
    assert [(Path(f["path"]).name, f["match"]) for f in findings] == [("c.txt", "Marrte")]


def test_cross_source_minority_spelling_points_at_the_other_sources(tmp_path: Path) -> None:
    story = tmp_path / "story"
    _story(story, {"a.txt": "Sarandos", "b.txt": "Sarrandos", "c.txt": "Sarandos"})
    code, findings = _json(["--grouping", "folder", str(story)])
    assert code == 1
    [finding] = findings
    assert finding["path"].endswith("b.txt")
    assert (finding["line"], finding["column"], finding["match"]) == (3, 46, "Sarrandos")
    assert finding["suggestions"] == ["Sarandos"]
    assert "2 other source" in finding["message"]
    related = sorted((Path(r["path"]).name, r["line"], r["column"]) for r in finding["related"])
    assert related == [("a.txt", 3, 12), ("c.txt", 3, 5)]


def _pair(folder: Path, first: str, second: str) -> None:
    """Two reports of one story, each naming the airline's founder once."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(f"The airline, founded by travel agent Naresh {first}, plans to buy new planes.\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"The low-fare airline was founded by former travel agent Naresh {second} in 1993.\n", encoding="utf-8")


def test_a_tie_between_two_sources_says_neither_is_known_right(tmp_path: Path) -> None:
    # One source each way, both spellings real surnames: no majority, so both are
    # flagged, each pointing at the other, and neither message claims to be the fix.
    _pair(tmp_path / "story", "Goyal", "Goya")
    code, findings = _json(["--grouping", "folder", str(tmp_path / "story")])
    assert code == 1
    assert sorted((Path(f["path"]).name, f["match"], f["suggestions"][0]) for f in findings) == [
        ("a.txt", "Goyal", "Goya"),
        ("b.txt", "Goya", "Goyal"),
    ]
    for finding in findings:
        assert finding["message"].endswith("in 1 other source of this story, as many as spell it this way: check which is right.")


def test_a_majority_message_counts_its_sources_in_plain_english(tmp_path: Path) -> None:
    story = tmp_path / "story"
    _story(story, {"a.txt": "Sarandos", "b.txt": "Sarrandos", "c.txt": "Sarandos"})
    _, findings = _json(["--grouping", "folder", str(story)])
    [finding] = findings
    assert finding["message"].startswith("'Sarrandos' is spelled 'Sarandos' in 2 other sources of this story")
    assert "as many as" not in finding["message"]  # two sources against one is a majority, not a tie


def test_other_sources_overrule_a_within_article_tie_that_chose_the_slip(tmp_path: Path) -> None:
    # b.txt has the slip first and the right spelling once later: on its own, the
    # first mention wins and the right spelling is the one flagged...
    story = tmp_path / "story"
    _story(story, {"a.txt": "Sarandos", "b.txt": "Sarrandos", "c.txt": "Sarandos"})
    b = story / "b.txt"
    _edit(b, "Sarrandos added", "Sarandos added")
    _, alone = _json([str(b)])
    assert [(f["match"], f["suggestions"]) for f in alone] == [("Sarandos", ["Sarrandos"])]
    # ...but with the story's other sources, which spell it Sarandos, the slip is the
    # one flagged and the contradicting within-article finding is withdrawn.
    code, findings = _json(["--grouping", "folder", str(story)])
    assert code == 1
    assert [(Path(f["path"]).name, f["line"], f["match"], f["suggestions"]) for f in findings] == [
        ("b.txt", 3, "Sarrandos", ["Sarandos"])
    ]


def test_within_article_finding_stays_when_the_other_sources_agree_with_it(tmp_path: Path) -> None:
    story = tmp_path / "story"
    _story(story, {"a.txt": "Sarandos", "b.txt": "Sarandos", "c.txt": "Sarandos"})
    _edit(story / "b.txt", "Sarandos added", "Sarrandos added")
    _, findings = _json(["--grouping", "folder", str(story)])
    assert [(Path(f["path"]).name, f["line"], f["match"], f["suggestions"]) for f in findings] == [
        ("b.txt", 5, "Sarrandos", ["Sarandos"])
    ]


def test_cross_source_respects_accepted_vocabulary(tmp_path: Path) -> None:
    story = tmp_path / "story"
    _story(story, {"a.txt": "Sarandos", "b.txt": "Sarrandos", "c.txt": "Sarandos"})
    (tmp_path / ".newslint.yaml").write_text("vocabulary:\n  accept: [Sarrandos]\n", encoding="utf-8")
    code, findings = _json(["--grouping", "folder", str(story)])
    assert (code, findings) == (0, [])


def test_a_place_and_its_demonym_are_not_one_person_spelled_two_ways(tmp_path: Path) -> None:
    # "Sri" is a given name and "Lanka" a surname to the name lists.
    story = tmp_path / "story"
    story.mkdir()
    (story / "a.txt").write_text("Aid pledged after floods\n\nThe Sri Lankan government thanked donors on Monday.\n", encoding="utf-8")
    (story / "b.txt").write_text("Donors pledge flood aid\n\nDonors pledged aid to Sri Lanka on Monday.\n", encoding="utf-8")
    (story / "c.txt").write_text("Flood aid arrives\n\nThe first aid reached Sri Lanka, officials in Rio de Janeiro said.\n", encoding="utf-8")
    assert _json(["--grouping", "folder", str(story)]) == (0, [])
    # A newsroom's own place list replaces the built-in one: then the demonym reads as a name again.
    (tmp_path / "House").mkdir()
    rule = RULE_FILE.read_text(encoding="utf-8").replace("places: [", "places: [Atlantis, ", 1).replace("Sri Lanka, ", "", 1)
    (tmp_path / "House" / "Names.yml").write_text(rule, encoding="utf-8")
    result = CliRunner().invoke(main, ["--rules", str(tmp_path), "--select", "House.Names", "--format", "json", "--grouping", "folder", str(story)])
    assert [f["match"] for f in json.loads(result.stdout)] == ["Lankan"]


def test_place_forms_cover_demonyms_but_not_a_truncated_place() -> None:
    rule = load_rule("News.Names", RULE_FILE)
    assert rule._one_place("Lanka", "Lankan") and rule._one_place("Rica", "Ricans")
    assert not rule._one_place("Janeiro", "Janeir")  # a typo in the place is still a finding
    assert not rule._one_place("Lanka", "Leone")  # two different places
    assert not rule._one_place("Sarandos", "Sarrandos")
    assert not rule._one_place("Lankan", "Lankian")  # two demonym forms: one is misspelled


def test_cross_source_never_compares_different_stories(tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    body = "---\nstory: {story}\n---\n# Report\n\nCo-CEO Ted {s} said revenue was up.\n"
    (folder / "a.md").write_text(body.format(story="netflix", s="Sarandos"), encoding="utf-8")
    (folder / "b.md").write_text(body.format(story="netflix", s="Sarandos"), encoding="utf-8")
    (folder / "c.md").write_text(body.format(story="bakery", s="Sarrandos"), encoding="utf-8")
    _, findings = _json(["--grouping", "frontmatter", str(folder)])
    assert findings == []
    (folder / "c.md").write_text(body.format(story="netflix", s="Sarrandos"), encoding="utf-8")
    _, findings = _json(["--grouping", "frontmatter", str(folder)])
    assert [(Path(f["path"]).name, f["match"], f["suggestions"]) for f in findings] == [("c.md", "Sarrandos", ["Sarandos"])]


def test_grouping_off_turns_the_cross_source_check_off(tmp_path: Path) -> None:
    story = tmp_path / "story"
    _story(story, {"a.txt": "Sarandos", "b.txt": "Sarrandos", "c.txt": "Sarandos"})
    code, findings = _json(["--grouping", "off", str(story)])
    assert (code, findings) == (0, [])


def test_cross_source_flags_a_misspelled_given_name(tmp_path: Path) -> None:
    story = tmp_path / "story"
    _story(story, {"a.txt": "Sarandos", "b.txt": "Sarandos", "c.txt": "Sarandos"})
    _edit(story / "b.txt", "Ted Sarandos", "Tedd Sarandos")
    _, findings = _json(["--grouping", "folder", str(story)])
    matches = [(Path(f["path"]).name, f["match"], f["suggestions"][0]) for f in findings]
    assert ("b.txt", "Tedd", "Ted") in matches


def test_bad_threshold_is_a_rule_error_with_file_and_line(tmp_path: Path) -> None:
    style = tmp_path / "styles" / "House"
    style.mkdir(parents=True)
    (style / "Names.yml").write_text("extends: names\nmessage: '%s'\nmax_distance: 0\n", encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("styles: [House]\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Nothing to see.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--rules", str(tmp_path / "styles"), "--select", "House.Names", "--format", "line", str(article)])
    assert result.exit_code == 2
    assert "Names.yml:3" in result.output and "max_distance" in result.output


def test_thresholds_come_from_the_rule_file(tmp_path: Path) -> None:
    style = tmp_path / "styles" / "House"
    style.mkdir(parents=True)
    text = RULE_FILE.read_text(encoding="utf-8").replace("min_frequency: 0.01", "min_frequency: 0.05")
    (style / "Names.yml").write_text(text, encoding="utf-8")
    (tmp_path / ".newslint.yaml").write_text("styles: [House]\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["--rules", str(tmp_path / "styles"), "--select", "House.Names", "--format", "json", str(article)])
    [finding] = json.loads(result.stdout)
    assert finding["suggestions"] == ["Javier"]  # Xavier (0.013%) is now too rare to suggest


def test_summary_is_small_and_picklable() -> None:
    rule = load_rule("News.Names", RULE_FILE)
    from newslint.formats import parse
    from newslint.reader import decode, make_document

    decoded, _ = decode(str(SEED), SEED.read_bytes())
    doc = make_document(str(SEED), decoded)
    parse(doc, "plaintext")
    summary = rule.summarize(doc)
    data = pickle.dumps(summary)
    assert len(data) < 4000
    surnames = {s.text: s for s in pickle.loads(data).surnames}
    assert surnames["Sarandos"].count == 4 and surnames["Sarandos"].givens == ("ted",)


def test_no_traceback_on_odd_input() -> None:
    for text in ["", "\n\n", "Mr", "Mr . said", "A B C D E F", "O'Neill-Smith McDonald-Jones said.", "É Ö said Ü"]:
        findings = lint_text(text, "odd.txt", ["News.Names"], Config())
        assert not [f for f in findings if f.kind == "error"], text


def test_names_eval_scores_planted_misspellings() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import names_eval
    finally:
        sys.path.pop(0)
    articles = [
        (f"a{i}.txt", f"Report {i}\n\nChief executive Michael Harrington said sales rose. Mr Harrington added that costs fell.\n")
        for i in range(8)
    ]
    result = names_eval.evaluate(articles, seed=3)
    assert result["planted"] == 8
    assert result["recall"] >= 0.7 and result["precision"] >= 0.9
    assert result["per100_untouched"] == 0.0
    assert 0.0 <= result["suggestion_rate"] <= result["recall"]


def test_a_rare_given_name_two_articles_share_is_not_flagged(tmp_path: Path) -> None:
    one = "Studio opens in Seoul\n\nCo-founder Davier Yoon said the studio would hire forty artists.\n"
    two = "Animation deal signed\n\nThe deal was announced by Davier Yoon, co-founder of the studio, on Monday.\n"
    (tmp_path / "a.txt").write_text(one, encoding="utf-8")
    _, alone = _json([str(tmp_path / "a.txt")])
    assert [f["match"] for f in alone] == ["Davier"]  # one article: the lexicon's guess stands
    (tmp_path / "b.txt").write_text(two, encoding="utf-8")
    code, findings = _json(["--grouping", "off", str(tmp_path)])
    # Two articles name the same person the same rare way: a real name, not a slip.
    assert (code, findings) == (0, [])


def test_cross_source_ignores_apostrophe_style_accents_and_case(tmp_path: Path) -> None:
    story = tmp_path / "story"
    _story(story, {"a.txt": "O'Brien", "b.txt": "O’Brien", "c.txt": "O'Brien"})
    _, findings = _json(["--grouping", "folder", str(story)])
    assert findings == []
    _story(story, {"a.txt": "Calderón", "b.txt": "Calderon", "c.txt": "Calderón"})
    _, findings = _json(["--grouping", "folder", str(story)])
    assert findings == []


def test_cross_source_message_says_when_no_list_backs_either_spelling(tmp_path: Path) -> None:
    story = tmp_path / "story"
    _story(story, {"a.txt": "Sarandos", "b.txt": "Sarrandos", "c.txt": "Sarandos"})
    _, findings = _json(["--grouping", "folder", str(story)])
    [finding] = findings
    assert "no name list has either spelling" in finding["message"]


def test_lexicon_knows_modern_given_names_but_not_registration_slips() -> None:
    from newslint.namedata import census_given, is_known_name, known_given, ssa_given, surname_set

    assert "cayden" in ssa_given() and "cayden" in known_given()  # SSA, not in the 1990 census
    assert "micahel" not in known_given()  # one edit from a name given 3,000 times as often
    assert census_given()["mary"] > 2.0 and "smith" in surname_set()
    assert is_known_name("Cayden") and not is_known_name("Micahel")


def test_load_is_cheap() -> None:
    import time

    from newslint import namedata

    for cached in (namedata._sections, namedata.census_given, namedata.surname_set, namedata.known_given, namedata.ssa_given):
        cached.cache_clear()
    start = time.process_time()
    namedata.warm()
    assert time.process_time() - start < 0.5  # ~0.03 s; generous for a loaded CI machine


# -- one article naming one person two ways: the other sources decide ---------------

BROWN = {
    "a.txt": "Harbour board backs new quay\n\nHarbour board chairman John Brown said on Tuesday that the new quay would open in spring.\n\n"
             "Brown said the board had approved the plan unanimously.\n",
    "b.txt": "New quay approved for the harbour\n\nThe harbour board approved a new quay, and chairman John Brown said work would start soon.\n\n"
             "Brown added that fishermen had been consulted.\n",
    "c.txt": "Quay plan gets the go-ahead\n\nChairman John Brown told the harbour board meeting that the quay would open in spring.\n\n"
             "Later, John Browne said the fishermen had been consulted.\n",
}


def _write_story(folder: Path, texts: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_two_known_spellings_of_one_named_person_are_settled_by_the_other_sources(tmp_path: Path) -> None:
    # On its own, c.txt's "John Brown" and "John Browne" are both listed surnames: the
    # article alone cannot say which is right, so the finding asks.
    _write_story(tmp_path / "story", BROWN)
    _, alone = _json([str(tmp_path / "story" / "c.txt")])
    assert [(f["line"], f["match"]) for f in alone] == [(5, "Browne")]
    assert "check which is right" in alone[0]["message"]
    # The two other sources only know John Brown: they answer, in place of the question.
    code, findings = _json(["--grouping", "folder", str(tmp_path / "story")])
    assert code == 1
    assert [(Path(f["path"]).name, f["line"], f["match"], f["suggestions"]) for f in findings] == [("c.txt", 5, "Browne", ["Brown"])]
    assert "2 other source" in findings[0]["message"]


def test_the_other_sources_can_answer_for_the_first_spelling_too(tmp_path: Path) -> None:
    # a.txt and b.txt write John Browne: c.txt's first "John Brown" is the slip, and the
    # question on its later "Browne" is withdrawn rather than telling the editor to undo it.
    story = {name: text.replace("Brown ", "Browne ").replace("Brown.", "Browne.") for name, text in BROWN.items() if name != "c.txt"}
    story["c.txt"] = BROWN["c.txt"]
    _write_story(tmp_path / "story", story)
    code, findings = _json(["--grouping", "folder", str(tmp_path / "story")])
    assert code == 1
    assert [(Path(f["path"]).name, f["line"], f["match"], f["suggestions"]) for f in findings] == [("c.txt", 3, "Brown", ["Browne"])]


def test_a_relative_misspelt_beside_the_family_name_is_found_through_the_other_sources(tmp_path: Path) -> None:
    _write_story(tmp_path / "story", {
        "a.txt": "Mayor and wife open food bank\n\nMayor Tomas Delgado opened the new food bank on Saturday. His wife, Maria Delgado, "
                 "who runs the charity, said volunteers had worked for months.\n\nMaria Delgado said donations had doubled.\n",
        "b.txt": "Food bank opens its doors\n\nThe town's new food bank was opened by Mayor Tomas Delgado. Maria Delgado, the charity's "
                 "director, thanked the volunteers.\n\nDelgado said donations had doubled since spring.\n",
        "c.txt": "Volunteers celebrate food bank opening\n\nMayor Tomas Delgado cut the ribbon at the food bank on Saturday, joined by "
                 "Maria Delgado of the charity.\n\nMaria Delagdo said volunteers had worked for months to get it ready.\n",
    })
    _, findings = _json(["--grouping", "folder", str(tmp_path / "story")])
    assert [(Path(f["path"]).name, f["line"], f["match"], f["suggestions"]) for f in findings] == [("c.txt", 5, "Delagdo", ["Delgado"])]


def _summary(*spellings: tuple[str, tuple[str, ...], bool]):
    from newslint.rules.names import Spelling, Summary

    return Summary(tuple(Spelling(text, givens, 1, 10 * i, 10 * i + len(text), known) for i, (text, givens, known) in enumerate(spellings)), ())


def test_a_name_and_its_plural_or_demonym_in_one_article_are_not_one_person_misspelt() -> None:
    rule = load_rule("News.Names", RULE_FILE)
    sources = {"a": _summary(("Lanka", ("sri",), True)), "b": _summary(("Lanka", ("sri",), True))}
    # "Sri Lanka ... Sri Lankan" in c: a place and its people.
    summaries = {**sources, "c": _summary(("Lanka", ("sri",), True), ("Lankan", ("sri",), False))}
    assert list(rule.compare(summaries, [["a", "b", "c"]])) == []
    # A one-letter slip in the same position is flagged.
    summaries = {**sources, "c": _summary(("Lanka", ("sri",), True), ("Lnaka", ("sri",), False))}
    assert [f.match for f in rule.compare(summaries, [["a", "b", "c"]])] == ["Lnaka"]


def test_only_the_article_itself_using_the_other_spelling_is_no_majority() -> None:
    rule = load_rule("News.Names", RULE_FILE)
    summaries = {"a": _summary(("Penrose", ("alan",), True)), "b": _summary(("Ferris", ("ann",), True)),
                 "c": _summary(("Penrose", ("alan",), True), ("Penrosse", ("alan",), False))}
    # a.txt uses Penrose too, so c's Penrosse is outvoted...
    assert [f.match for f in rule.compare(summaries, [["a", "b", "c"]])] == ["Penrosse"]
    # ...but with c alone using Penrose, the within-article check has the last word.
    summaries["a"] = _summary(("Ferris", ("ann",), True))
    assert list(rule.compare(summaries, [["a", "b", "c"]])) == []


def test_near_surnames_are_found_through_the_index_as_by_a_scan() -> None:
    # Everyone whose surname is within reach of a spelling (edits, transpositions, any
    # case) must be a candidate, in the order they were named: the index replaced a
    # scan of every person, which was quadratic on an honours list of thousands.
    import random
    import string

    from newslint.namedata import distance
    from newslint.rules.names import _Nearby, _Person

    rng = random.Random(4)
    surnames = ["".join(rng.choice(string.ascii_lowercase[:6]) for _ in range(rng.randint(3, 9))).title() for _ in range(400)]
    assert len(surnames) > _Nearby.SCAN_LIMIT  # past it, the index answers
    for reach in (1, 2):
        nearby = _Nearby(reach)
        for surname in surnames:
            nearby.add(_Person(surname, "Ann", None))
        for word in surnames[:150] + [s[::-1].upper() for s in surnames[:50]]:
            for asked in range(1, reach + 1):  # a short spelling asks for one edit of a two-edit index
                within = {id(p) for p in nearby.people if distance(word, p.surname) <= asked}
                positions = [next(i for i, p in enumerate(nearby.people) if p is c) for c in nearby.candidates(word, asked)]
                assert within <= {id(nearby.people[i]) for i in positions}, word
                assert positions == sorted(positions)
