"""The on-disk memo behind rule loading: same results warm or cold, safe when the file is bad.

Every test points NEWSLINT_CACHE_DIR at its own folder and calls forget() to
play a fresh run, so nothing here touches the user's real cache.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import regex
from click.testing import CliRunner

from newslint import diskcache, engine
from newslint.cli import main


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("NEWSLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(engine, "_RULESETS", {})  # rule sets built by earlier tests would skip loading
    diskcache.forget()
    yield folder
    diskcache.forget()


PATTERNS = [
    (r"\b(?:stated|declared)\b", regex.V0 | regex.IGNORECASE),
    (r"(?P<n>\d+)\s*(?:per ?cent|%)", regex.V0),
    (r"\p{Lu}\w+ly\b", regex.V0),
]
TEXT = "The Minister stated that 45 per cent agreed; Quietly, she declared 7% more."


def spans(pattern: regex.Pattern) -> list[tuple[int, int, dict]]:
    return [(m.start(), m.end(), m.groupdict()) for m in pattern.finditer(TEXT)]


def test_a_pattern_rebuilt_from_the_cache_matches_like_a_fresh_one(own_cache: Path) -> None:
    fresh = [spans(regex.compile(p, f)) for p, f in PATTERNS]
    cold = [spans(diskcache.compile_regex(p, f)) for p, f in PATTERNS]
    diskcache.save()
    assert list(own_cache.glob("regex-*.bin"))
    diskcache.forget()
    warm = [diskcache.compile_regex(p, f) for p, f in PATTERNS]
    assert [spans(p) for p in warm] == cold == fresh
    assert [(p.pattern, p.flags) for p in warm] == [(p, int(regex.compile(p, f).flags)) for p, f in PATTERNS]


def test_a_bad_pattern_still_raises_the_regex_error() -> None:
    with pytest.raises(regex.error):
        diskcache.compile_regex(r"(unclosed", regex.V0)


def test_memoized_results_come_back_in_the_next_run_until_the_source_changes(tmp_path: Path) -> None:
    source = tmp_path / "analysis.py"
    source.write_text("VERSION = 1\n", encoding="utf-8")
    calls: list[str] = []

    @diskcache.memoized("test-memo", str(source))
    def shout(word: str, times: int = 1) -> tuple[str, ...]:
        calls.append(word)
        return (word.upper(),) * times

    try:
        assert shout("gate", times=2) == ("GATE", "GATE")
        diskcache.save()
        diskcache.forget()
        assert shout("gate", times=2) == ("GATE", "GATE")
        assert calls == ["gate"]  # read back from disk, not recomputed
        source.write_text("VERSION = 2\n", encoding="utf-8")  # an edit: the old results no longer count
        diskcache.forget()
        assert shout("gate", times=2) == ("GATE", "GATE")
        assert calls == ["gate", "gate"]
    finally:
        diskcache._STORES[:] = [s for s in diskcache._STORES if s.name != "test-memo"]


def test_a_corrupt_cache_file_is_ignored_and_replaced(own_cache: Path) -> None:
    diskcache.compile_regex(r"\bfoo\b", regex.V0)
    diskcache.save()
    [path] = own_cache.glob("regex-*.bin")
    data = bytearray(path.read_bytes())
    data[-5:] = b"\xff\x00\xff\x00\xff"  # the checksum no longer matches
    path.write_bytes(bytes(data))
    diskcache.forget()
    assert diskcache.compile_regex(r"\bfoo\b", regex.V0).search("a foo b").span() == (2, 5)
    diskcache.save()
    diskcache.forget()
    assert diskcache._REGEX.load()  # rewritten whole


def test_no_cache_writes_nothing(own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLINT_NO_CACHE", "1")
    diskcache.compile_regex(r"\bbar\b", regex.V0)
    diskcache.save()
    assert not own_cache.exists()


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(blocker / "cache"))
    diskcache.compile_regex(r"\bbaz\b", regex.V0)
    diskcache.save()  # cannot create the folder: silently no cache


def test_the_command_line_reports_the_same_with_a_cold_and_a_warm_cache(tmp_path: Path, own_cache: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(
        "Council approves new budget\n\nThe mayor stated that taxes would rise by 5 percent, "
        "a move that is likely to recieve criticism.\n",
        encoding="utf-8",
    )
    args = ["--no-color", "--format", "json", str(article)]
    cold = CliRunner().invoke(main, args)
    assert sorted(p.name.split("-")[0] for p in own_cache.glob("*.bin")) == ["gates", "regex", "yaml"]
    diskcache.forget()
    engine._RULESETS.clear()
    warm = CliRunner().invoke(main, args)
    assert cold.exit_code == warm.exit_code == 1
    assert json.loads(cold.stdout) == json.loads(warm.stdout)
    assert {f["rule"] for f in json.loads(warm.stdout)} >= {"News.Said", "News.Spelling"}
    assert os.stat(own_cache).st_mode & 0o077 == 0  # the folder is private to the user


def test_the_tables_are_let_go_once_the_rules_are_built(own_cache: Path) -> None:
    # A table holds what every rule set on the machine compiled (other projects' styles,
    # old rule files): the run does not need it after loading, nor should workers carry it.
    from newslint.config import Config

    engine.ruleset_for(Config(), [], [])
    assert sorted(p.name.split("-")[0] for p in own_cache.glob("*.bin")) == ["gates", "regex", "yaml"]
    assert all(store.table is None for store in diskcache._STORES)
    engine._RULESETS.clear()
    engine.ruleset_for(Config(), [], [])  # the next build reads them again: a warm start
    assert all(store.table is None for store in diskcache._STORES)
