"""The literal prefilter must never change what a pattern matches, only skip dead work."""

from __future__ import annotations

from types import SimpleNamespace

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.matching import (
    GatedPattern,
    document_index,
    finditer,
    gated,
    line_anchored,
    line_finditer,
    may_match_document,
    required_literals,
    text_index,
)

PATTERNS = [
    r"\b(?:follow|like|join) us (?:on|at|via)\b",
    r"\bwe use cookies\b",
    r"^\s*(?:also|more):",
    r"\bunauthori[sz]ed (?:reproduction|use)",
    r"(?i)\bSTATED\b",
    r"\bsubscriber",
    r"(?<=said )(?:quickly|slowly)",
    r"\b(?:read|watch)\b[^.!?\n]{0,30}\b(?:in|on) (?:our|the) app\b",
    # Whole words (looked up in the text's words), and what may stand next to them.
    r"\bsaid\b",
    r"\b(?:said|told)\s+(?:reporters|us)\b",
    r"(?m)^\s*(?:read|see|watch) more\b",
    r"\bit\b",
    r"\b(?:said|it)(?:'s)?\b",
    r"\b(?:sort|kind) of(?= \w+ed\b)",
    r"said\b",
    r"\bsaid",
    r"(?a)\bsaid\b",
    r"(?a:\bsaid\b)",
    r"(?w)\bsaid\b",
    # Digits, ranges and lookarounds: the text must hold what a lookaround needs.
    r"\b(?:[1-9]|[12]\d)(?:st|nd|rd|th)\b(?= (?:July|May)\b)",
    r"(?<=\b(?:July|May) )\d+\b",
    r"\b[1-9]\b",
    # Always one whole word: tried only where such a word is.
    r"\b(?:(?P<a>[1-9](?:(?<=May \d)|(?= per)))|[2-5])\b",
    r"\b(?:said|told)\b(?<=\w)(?! reporters)",
    r"(?<=\d ?)%|(?<=\d )per ?cent\b",
    r"\b(?:lion’s|lion's) share\b",
    r"\b\p{Lu}\w+ said\b",
    r"(?:said){e<=1}",
    r"[[:alpha:]]said",
    r"said$",
    r"\bsaid\s*$",
    r"\b(?:in|on) (?:our|the) (?:[\w-]+ )?app\b",
    r"\b(?:said|told|point(?:ing|ed)\s+out)\b",
    r"(?:\bsaid|\btold)(?:it|so)?",
    r"(?m)^\s*[(\[]?(?:app|said)[)\]]?\s*$",
    r"©\s*\d{4}",
]
WORDS = ["follow", "us", "on", "like", "JOIN", "We", "use", "cookies", "also:", "More:", "unauthorised", "use",
         "Unauthorized", "reproduction", "stated", "STATED", "subscribers", "said", "quickly", "read", "the", "app",
         "in", "our", "watch", "via", "at", "\n", ".", "café", "İ",
         "Said", "SAID", "ſaid", "İt", "it", "unsaid", "saids", "said's", "x²said", "_said", "ésaid", "said\u0307",
         "told", "reporters", "see", "Read", "more", "July", "May", "18th", "3rd", "1st", "٣rd", "5", "%", "per",
         "cent", "lion’s", "lion's", "share", "sort", "of", "agreed", "\u212aind", "kind", "-", "’", "Smith",
         "happen", "apps", "new-app", "(app)", "©", "2024", "©2024", "pointed", "pointing", "out", "outed", "saidit"]
SEPARATORS = [" ", " ", " ", "", "\n", ", ", "  "]
texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=30).map(
    lambda parts: "".join(w + s for w, s in parts)
)


def test_gates_pick_informative_literals() -> None:
    assert required_literals(r"\bwe use cookies\b") == ("we use cookies",)
    assert required_literals(r"\b(?:stated|noted)\b") == ("noted", "stated")
    assert "follow us on" in required_literals(r"\b(?:follow|like) us (?:on|at)\b")
    # Nothing every match must contain, or only the commonest words: no gate.
    assert required_literals(r"\d+(?:st|nd|rd|th)\b") is None
    assert required_literals(r"\b(?:in|on) the\b") is None
    assert required_literals(r"a|cookies") is None
    # Syntax only the regex module reads: no gate rather than a wrong one.
    assert required_literals(r"(?<=\b\w+ )said") in (None, ("said",))
    assert required_literals(r"(?:said){e<=1}") is None
    assert required_literals(r"[[:alpha:]]said") is None
    # What a lookaround needs is in the text searched, so it can gate too.
    assert required_literals(r"\d+(?:st|nd|rd|th)(?= (?:July|May)\b)") == (" july", " may")


def test_whole_words_are_set_lookups() -> None:
    pattern = gated(regex.compile(r"\bsaid\b", regex.IGNORECASE))
    assert isinstance(pattern, GatedPattern)
    assert pattern._gate.keys == {"said"} and pattern._gate.key_alone
    # Not a whole word in the pattern: a substring test, since "unsaid" would match.
    assert not gated(regex.compile(r"said\b"))._gate.keys
    assert text_index("He SAID, and ſaid it.").words >= {"he", "said", "and", "it"}
    assert "it" in text_index("İt works").words
    assert pattern._anchor is not None  # every match is the one word "said"
    assert gated(regex.compile(r"\b(?:said|told)\b(?<=d)(?= us)"))._anchor is not None
    assert gated(regex.compile(r"\bsaid (?:it|so)\b"))._anchor is None


@settings(max_examples=500, deadline=None)
@given(texts, st.sampled_from(PATTERNS), st.booleans())
def test_gated_pattern_finds_exactly_what_the_pattern_finds(text: str, pattern: str, ignorecase: bool) -> None:
    compiled = regex.compile(pattern, regex.V0 | (regex.IGNORECASE if ignorecase else 0))
    wrapped = gated(compiled)
    assert isinstance(wrapped, GatedPattern) or required_literals(pattern) is None
    assert [m.span() for m in wrapped.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert bool(wrapped.search(text)) == bool(compiled.search(text))


@settings(max_examples=500, deadline=None)
@given(texts, st.sampled_from(PATTERNS), st.booleans(), st.integers(0, 200), st.integers(0, 200))
def test_gates_hold_within_a_span(text: str, pattern: str, ignorecase: bool, a: int, b: int) -> None:
    """pos/endpos (a sentence, a quotation): an end inside a word must not close the gate."""
    compiled = regex.compile(pattern, regex.V0 | (regex.IGNORECASE if ignorecase else 0))
    wrapped = gated(compiled)
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    expected = [m.span() for m in compiled.finditer(text, start, end)]
    assert [m.span() for m in finditer(wrapped, text, start, end, 5.0)] == expected
    assert [m.span() for m in wrapped.finditer(text, start, end)] == expected
    found = wrapped.search(text, start, end)
    assert (found and found.span()) == (expected[0] if expected else None)


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, max_size=5), st.sampled_from(PATTERNS), st.booleans())
def test_document_gate_opens_for_any_block_that_matches(blocks: list[str], pattern: str, ignorecase: bool) -> None:
    compiled = regex.compile(pattern, regex.V0 | (regex.IGNORECASE if ignorecase else 0))
    doc = SimpleNamespace(blocks=[SimpleNamespace(text=t) for t in blocks], metadata={})
    if any(compiled.search(t) for t in blocks):
        assert may_match_document(gated(compiled), doc)
    assert document_index(doc) is document_index(doc)  # built once per document


LINE_PATTERNS = [
    r"(?m)^\s*(?:read|see) more\b",
    r"(?m)^\s*[(\[]?(?:app|said)[)\]]?\s*$",
    r"(?m)^\s*(?:also|more):\s*",  # may run on over the next line start
    r"(?m)^(?:said|it)|^\s*\n",
]


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(LINE_PATTERNS), st.booleans())
def test_line_anchored_patterns_are_tried_at_line_starts_only(text: str, pattern: str, ignorecase: bool) -> None:
    compiled = regex.compile(pattern, regex.V0 | (regex.IGNORECASE if ignorecase else 0))
    assert line_anchored(compiled)
    assert [m.span() for m in line_finditer(compiled, text, 5.0)] == [m.span() for m in compiled.finditer(text)]


def test_only_patterns_that_start_every_match_at_a_line_start_are_line_anchored() -> None:
    assert not line_anchored(regex.compile(r"^\s*said"))  # without (?m), ^ is the start of the text only
    assert not line_anchored(regex.compile(r"(?m)^said|told"))
    assert not line_anchored(regex.compile(r"(?m)^\s*"))  # may match nothing
    assert not line_anchored(regex.compile(r"(?m)(?:^|[.!?]\s+)said"))


def test_the_time_limit_grows_with_a_paragraph_of_megabytes() -> None:
    # A linear pattern over a 3 MB run-on paragraph needs longer than over an article;
    # a pattern that backtracks without end blows past any multiple of the limit.
    seen: list[float] = []

    class Recording:
        pattern = "x"

        def finditer(self, text, start, end, timeout):
            seen.append(timeout)
            return iter(())

    short, long = "word " * 1000, "word " * 600_000
    list(finditer(Recording(), short, 0, len(short), 2.0))
    list(finditer(Recording(), long, 0, len(long), 2.0))
    list(finditer(Recording(), long, 0, 1000, 2.0))  # a short span of a long text
    assert seen == [2.0, 6.0, 2.0]
