"""Story grouping: front-matter keys, folders, automatic grouping, off; config, CLI and --statistics."""

from __future__ import annotations

import json
import pickle
from pathlib import Path


from newslint.stories import StoryInfo, auto_groups, group_stories
from clihelp import cli, write

QUOTE = '"We will reopen the harbour bridge before the summer season begins," Mayor Ana Lindqvist said.'
QUOTE_CHANGED = QUOTE.replace("summer", "holiday")


def article(headline: str, quote: str, story: str | None = None) -> str:
    front = f"---\nstory: {story}\ntitle: {headline}\n---\n\n" if story else ""
    return (f"{front}# {headline}\n\nThe Westhaven harbour bridge closed in March after engineers found cracks in its "
            f"steel frame, Westhaven council said.\n\n{quote}\n")


def quote_findings(result) -> list[dict]:
    return [f for f in json.loads(result.output) if f["rule"] == "News.Quotes"]


def test_front_matter_story_key_groups_and_separates(tmp_path: Path) -> None:
    write(tmp_path / "a.md", article("Bridge to reopen", QUOTE, story="bridge"))
    write(tmp_path / "b.md", article("Bridge reopening date set", QUOTE_CHANGED, story="bridge"))
    write(tmp_path / "c.md", article("Bridge works continue", QUOTE_CHANGED, story="other-bridge"))
    result = cli("--select", "News.Quotes", "--grouping", "frontmatter", "--format", "json", ".", cwd=tmp_path)
    found = quote_findings(result)
    # a and b share a key and differ; c has its own key, so it is compared with nobody.
    assert [f["path"] for f in found] == ["b.md"]
    assert found[0]["related"][0]["path"] == "a.md"


def test_frontmatter_mode_leaves_articles_without_a_key_alone(tmp_path: Path) -> None:
    write(tmp_path / "a.md", article("Bridge to reopen", QUOTE))
    write(tmp_path / "b.md", article("Bridge reopening date set", QUOTE_CHANGED))
    assert quote_findings(cli("--select", "News.Quotes", "--grouping", "frontmatter", "--format", "json", ".", cwd=tmp_path)) == []
    # auto groups the same two by what they share
    assert len(quote_findings(cli("--select", "News.Quotes", "--format", "json", ".", cwd=tmp_path))) == 1


def test_folder_mode_and_off(tmp_path: Path) -> None:
    write(tmp_path / "one" / "a.txt", article("Bridge to reopen", QUOTE))
    write(tmp_path / "two" / "b.txt", article("Bridge reopening date set", QUOTE_CHANGED))
    assert quote_findings(cli("--select", "News.Quotes", "--grouping", "folder", "--format", "json", ".", cwd=tmp_path)) == []
    write(tmp_path / "one" / "b.txt", article("Bridge reopening date set", QUOTE_CHANGED))
    found = quote_findings(cli("--select", "News.Quotes", "--grouping", "folder", "--format", "json", ".", cwd=tmp_path))
    assert [f["path"] for f in found] == ["one/b.txt"]
    assert quote_findings(cli("--select", "News.Quotes", "--grouping", "off", "--format", "json", ".", cwd=tmp_path)) == []


def test_grouping_from_config(tmp_path: Path) -> None:
    write(tmp_path / ".newslint.yaml", "stories:\n  grouping: off\n")
    write(tmp_path / "a.txt", article("Bridge to reopen", QUOTE))
    write(tmp_path / "b.txt", article("Bridge reopening date set", QUOTE_CHANGED))
    assert quote_findings(cli("--select", "News.Quotes", "--format", "json", ".", cwd=tmp_path)) == []
    # the command line wins over the config
    assert len(quote_findings(cli("--select", "News.Quotes", "--grouping", "auto", "--format", "json", ".", cwd=tmp_path))) == 1


def test_bad_grouping_in_config_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / ".newslint.yaml", "stories:\n  grouping: sometimes\n")
    write(tmp_path / "a.txt", article("Bridge to reopen", QUOTE))
    result = cli("--select", "News.Quotes", ".", cwd=tmp_path)
    assert result.exit_code == 2
    assert "stories.grouping" in result.output


def test_statistics_show_which_articles_were_grouped(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", article("Bridge to reopen", QUOTE))
    write(tmp_path / "b.txt", article("Bridge reopening date set", QUOTE_CHANGED))
    write(tmp_path / "c.txt", "Choir wins regional trophy\n\nThe Eastfield community choir won the regional trophy on Sunday evening.\n")
    result = cli("--select", "News.Quotes", "--statistics", ".", cwd=tmp_path)
    assert "Stories compared (1):" in result.output
    story_line = next(line for line in result.output.splitlines() if line.strip().startswith("story 1"))
    assert "a.txt, b.txt" in story_line and "shared terms" in story_line and "westhaven" in story_line
    assert "not grouped: c.txt" in result.output


# -- automatic grouping on its own --------------------------------------------------


def _synthetic(stories: int, per_story: int) -> dict[str, StoryInfo]:
    """Articles that share a few common news words with everyone and their own names with their story."""
    common = [("government", 1.0), ("officials", 1.0), ("minister", 1.0), ("council", 1.0)]
    infos = {}
    for s in range(stories):
        own = [(f"@name{s}x{k}", 2.0) for k in range(6)] + [(f"topic{s}y{k}", 1.0) for k in range(6)]
        for a in range(per_story):
            extra = [(f"word{s}z{a}q{k}", 1.0) for k in range(8)]  # what this article alone says
            infos[f"s{s:05d}/a{a}.txt"] = StoryInfo.build(None, f"/f{a}", own + common + extra)
    return infos


def test_auto_grouping_recovers_stories() -> None:
    stories = auto_groups(_synthetic(50, 3))
    assert sorted(tuple(s) for s in stories) == [tuple(f"s{k:05d}/a{a}.txt" for a in range(3)) for k in range(50)]


def test_grouping_reason_names_what_the_articles_share() -> None:
    # Two reports alike only below their top terms, sharing one quoted phrase.
    shared = [(f"harbour{i}", 1.0) for i in range(12)]
    infos = {
        name: StoryInfo.build(None, "/news", [(f"{name}only{i}", 5.0) for i in range(8)] + shared, [("we will not back", 3.0)])
        for name in ("a.txt", "b.txt")
    }
    [story] = auto_groups(infos)
    assert list(story) == ["a.txt", "b.txt"]
    assert (story.reason, story.shared) == ("shared terms", ("1 quoted phrase",))
    infos = {name: StoryInfo.build(None, "/news", [(f"{name}only{i}", 5.0) for i in range(8)] + shared) for name in ("a.txt", "b.txt")}
    [story] = auto_groups(infos)
    assert (story.reason, story.shared) == ("similar wording", ())


def test_auto_grouping_does_not_score_every_pair() -> None:
    for n_stories in (300, 3000):
        stats: dict = {}
        stories = auto_groups(_synthetic(n_stories, 2), stats=stats)
        n = stats["articles"]
        assert len(stories) == n_stories
        # all pairs would be n(n-1)/2; blocking scores about one pair per story
        assert stats["candidate_pairs"] <= 2 * n, stats


def test_story_info_is_small_and_picklable(tmp_path: Path) -> None:
    from newslint.formats import parse
    from newslint.reader import decode, make_document
    from newslint.stories import story_info

    text = article("Bridge to reopen", QUOTE) * 40
    path = write(tmp_path / "long.txt", text)
    doc = make_document(str(path), decode(str(path), path.read_bytes())[0])
    parse(doc, "plaintext")
    info = story_info(doc, str(path))
    assert len(pickle.dumps(info)) < len(text.encode()) // 2
    assert pickle.loads(pickle.dumps(group_stories({"a": info, "b": info}, "auto")))[0] == ["a", "b"]


def _features_word_by_word(texts: list[str]) -> dict[str, float]:
    """The feature counts read one word at a time: what story_info's counting must equal."""
    import regex

    from newslint.lexicon import english_words as _common_words
    from newslint.stories import _STOP

    counts: dict[str, float] = {}
    for text in texts:
        for m in regex.finditer(r"\p{L}[\p{L}'’\-]*\p{L}|\p{L}", text):
            word, start = m.group(), m.start()
            lower = word.lower().replace("’", "'").removesuffix("'s")
            if len(lower) < 3 or lower in _STOP:
                continue
            if word[0].isupper():
                opens = start == 0 or text[start - 1] == "\n" or text[start - 2 : start] in {". ", "? ", "! ", ": ", '" ', "” ", " “", ' "'}
                if opens and lower in _common_words() or word.isupper() and len(word) <= 3 and lower in _common_words():
                    continue
                counts["@" + lower] = counts.get("@" + lower, 0) + 1
            elif len(lower) >= 5:
                counts[lower] = counts.get(lower, 0) + 1
    return counts


def test_feature_counts_match_a_word_by_word_reading() -> None:
    from newslint.stories import _count_features

    texts = [
        "Profits rose at Harbourside Bank. Profits were up, the bank's chief said: Profits matter.",
        "Westhaven's council - and the Council's mayor - met. \"Bridges close,\" said Ana Lindqvist. US and UK talks.",
        "Zoë Quinn’s café reopened. “Profits rose,” Quinn said. ‘Rock-’n’-roll’ -- state-of-the-art --x-- A",
        "Sales fell!\nSales rose? Sales held: Sales. 'Sales' -Sales-",
    ]
    for chosen in (texts, texts[:1], texts[2:3], [texts[0] + " " + texts[2]]):
        assert dict(_count_features(chosen)) == _features_word_by_word(chosen)


def test_cycle_collector_rests_during_the_cross_pass_and_is_restored(tmp_path: Path, monkeypatch) -> None:
    import gc

    from newslint import engine, stories

    seen: list[bool] = []
    original = stories.group_stories

    def spy(infos, mode):
        seen.append(gc.isenabled())
        return original(infos, mode)

    monkeypatch.setattr(stories, "group_stories", spy)
    write(tmp_path / "a.md", article("Bridge to reopen", QUOTE, story="bridge"))
    write(tmp_path / "b.md", article("Bridge reopening date set", QUOTE_CHANGED, story="bridge"))
    for enabled_before in (True, False):
        (gc.enable if enabled_before else gc.disable)()
        try:
            result = engine.run(engine.Options(paths=[str(tmp_path)], select=["News.Quotes"], jobs=1))
            assert gc.isenabled() is enabled_before  # put back as it was
        finally:
            gc.enable()
        assert [f.path for f in result.findings if f.rule == "News.Quotes"]  # the pass still compared a and b
    assert seen == [False, False]
