"""The literal prefilter must never change what a pattern matches, only skip dead work."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.matching import GatedPattern, gated, required_literals

PATTERNS = [
    r"\b(?:follow|like|join) us (?:on|at|via)\b",
    r"\bwe use cookies\b",
    r"^\s*(?:also|more):",
    r"\bunauthori[sz]ed (?:reproduction|use)",
    r"(?i)\bSTATED\b",
    r"\bsubscriber",
    r"(?<=said )(?:quickly|slowly)",
    r"\b(?:read|watch)\b[^.!?\n]{0,30}\b(?:in|on) (?:our|the) app\b",
]
WORDS = ["follow", "us", "on", "like", "JOIN", "We", "use", "cookies", "also:", "More:", "unauthorised", "use",
         "Unauthorized", "reproduction", "stated", "STATED", "subscribers", "said", "quickly", "read", "the", "app",
         "in", "our", "watch", "via", "at", "\n", ".", "café", "İ"]


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


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30), st.sampled_from(PATTERNS), st.booleans())
def test_gated_pattern_finds_exactly_what_the_pattern_finds(words: list[str], pattern: str, ignorecase: bool) -> None:
    text = " ".join(words)
    compiled = regex.compile(pattern, regex.IGNORECASE if ignorecase else 0)
    wrapped = gated(compiled)
    assert isinstance(wrapped, GatedPattern) or required_literals(pattern) is None
    assert [m.span() for m in wrapped.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert bool(wrapped.search(text)) == bool(compiled.search(text))
