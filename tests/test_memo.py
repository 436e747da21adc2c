"""Per-word memos are dropped before the cross-source pass; dropping them changes no result."""

from __future__ import annotations

from newslint import memo, stories
from newslint.config import Config
from newslint.engine import lint_text, ruleset_for

ARTICLE = (
    "Council leader Marta Quillby said the recieved budget would rise.\n\n"
    "\"We will keep the libraries open,\" Quillby told the meeting on Tuesday.\n"
)


def test_release_empties_the_registered_memos():
    spelling = ruleset_for(Config(), [], []).get("News.Spelling")
    lint_text(ARTICLE)
    stories._count_features([ARTICLE])
    assert spelling._fine and stories._FEATURE_OF  # words already found fine; story features of words
    memo.release()
    assert not spelling._fine and not stories._FEATURE_OF


def test_findings_are_the_same_after_a_release():
    before = [(f.rule, f.line, f.column, f.message, f.suggestions) for f in lint_text(ARTICLE)]
    assert any(f[0] == "News.Spelling" for f in before)  # "recieved"
    memo.release()
    after = [(f.rule, f.line, f.column, f.message, f.suggestions) for f in lint_text(ARTICLE)]
    assert after == before


def test_a_registered_clear_is_called(monkeypatch):
    monkeypatch.setattr(memo, "_CLEARERS", [])
    cache = {"word": 1}
    memo.register(cache.clear)
    memo.release()
    assert cache == {}
