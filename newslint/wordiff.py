"""Word-level comparison of two versions of one quotation.

`quote_words` turns quoted text into normalised words (lower case, straight
apostrophes, contractions expanded, small numbers as digits) that remember
their offsets, whether a clause break follows them, and whether they sit by an
ellipsis or inside [editorial brackets].

`align` finds the runs of words both versions share (anchors). A version that
simply starts or stops elsewhere (partial quoting) is not a difference; words
that differ between anchors, or at an edge where both versions go on in the
same clause, are. Each difference is a Hunk, and `render` shows them the way
an editor reads them: `…faster than [traditional tools would allow → it would
have been using traditional workflows]…`.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import regex

from .numbers import TENS, UNITS

_TOKEN = regex.compile(r"(?:\p{L}\.){2,}|\w+\*+\w*|\w+(?:['’]\w+)*|&|\.{3}|…|[\[\]()]|[,;:.!?—–]", regex.V1)
_BREAKS = frozenset(",;:.!?—–")
EQUIVALENTS = {"okay": "ok", "mr": "mister", "&": "and"}
CONTRACTIONS = {
    "n't": ("not",), "'re": ("are",), "'ve": ("have",), "'ll": ("will",), "'m": ("am",), "'d": ("would",),
}
WHOLE_CONTRACTIONS = {
    "can't": ("can", "not"), "won't": ("will", "not"), "shan't": ("shall", "not"), "it's": ("it", "is"),
    "that's": ("that", "is"), "there's": ("there", "is"), "here's": ("here", "is"), "what's": ("what", "is"),
    "he's": ("he", "is"), "she's": ("she", "is"), "let's": ("let", "us"), "who's": ("who", "is"),
    "where's": ("where", "is"), "gonna": ("going", "to"), "wanna": ("want", "to"),
}
NUMBER_WORDS = {word: str(value) for word, value in {**UNITS, **TENS}.items()}


@dataclass(slots=True)
class Word:
    """One normalised word of a quotation; start/end are offsets in the text it came from."""

    norm: str
    start: int
    end: int
    brk: bool = False  # a clause break (comma, full stop, dash) follows
    gap: bool = False  # an ellipsis sits right before or after it
    editorial: bool = False  # inside [square brackets]: the writer's words, not the speaker's


@dataclass(slots=True)
class Hunk:
    """Words that differ: a[a0:a1] in one version stands where b[b0:b1] stands in the other."""

    a0: int
    a1: int
    b0: int
    b1: int


@dataclass(slots=True)
class Alignment:
    hunks: list[Hunk]
    shared: int  # words in anchors
    similarity: float  # shared / words in the longer aligned stretch
    a_span: tuple[int, int] = (0, 0)  # the aligned stretch of each version, in words
    b_span: tuple[int, int] = (0, 0)


def quote_words(text: str, start: int = 0, end: int | None = None, fillers: frozenset[str] = frozenset()) -> list[Word]:
    """The words of text[start:end] (a quotation's inside), normalised for comparison."""
    stop = len(text) if end is None else end
    words: list[Word] = []
    in_brackets = False
    pending_gap = False
    for m in _TOKEN.finditer(text, start, stop):
        tok = m.group()
        if tok in ("...", "…"):
            if words:
                words[-1].gap = True
            pending_gap = True
            continue
        # Words in [brackets] or (parentheses) inside a quote are the writer's.
        if tok in ("[", "("):
            in_brackets = True
            continue
        if tok in ("]", ")"):
            in_brackets = False
            if words:
                words[-1].brk = True
            continue
        if tok in _BREAKS:
            if words:
                words[-1].brk = True
            continue
        lower = tok.lower().replace("’", "'")
        if lower in fillers:
            continue
        for norm in _normalise(lower):
            words.append(Word(norm, m.start(), m.end(), gap=pending_gap, editorial=in_brackets))
            pending_gap = False
    return words


@lru_cache(maxsize=65536)
def _normalise(lower: str) -> tuple[str, ...]:
    if "." in lower:
        lower = lower.replace(".", "")  # F.B.I. = FBI, O.K. = OK
    if lower in EQUIVALENTS:
        return (EQUIVALENTS[lower],)
    if lower in WHOLE_CONTRACTIONS:
        return WHOLE_CONTRACTIONS[lower]
    for suffix, expansion in CONTRACTIONS.items():
        if lower.endswith(suffix) and len(lower) > len(suffix):
            return (lower[: -len(suffix)], *expansion)
    if lower in NUMBER_WORDS:
        return (NUMBER_WORDS[lower],)
    if lower.endswith("'s"):
        return (lower[:-2], "'s")
    return (lower,)


def align(a: list[Word], b: list[Word], min_anchor: int = 3, inflections: bool = True) -> Alignment | None:
    """The differences between two versions, or None when they share no anchor."""
    if not a or not b:
        return None
    matcher = SequenceMatcher(None, [w.norm for w in a], [w.norm for w in b], autojunk=False)
    anchors = _chain([m for m in matcher.get_matching_blocks() if m.size >= min_anchor])
    if not anchors:
        return None
    hunks: list[Hunk] = []
    first, last = anchors[0], anchors[-1]
    # Leading edge: both versions start earlier: compare back to the clause break.
    a0 = _clause_start(a, first.a)
    b0 = _clause_start(b, first.b)
    if a0 < first.a and b0 < first.b:
        lead = _edge(a, b, Hunk(a0, first.a, b0, first.b), leading=True)
        if lead is not None:
            hunks.append(lead)
            a0, b0 = lead.a0, lead.b0
        else:
            a0, b0 = first.a, first.b
    else:
        a0, b0 = first.a, first.b
    for m1, m2 in zip(anchors, anchors[1:]):
        ha0, ha1 = m1.a + m1.size, m2.a
        hb0, hb1 = m1.b + m1.size, m2.b
        if ha1 > ha0 or hb1 > hb0:
            hunks.append(Hunk(ha0, ha1, hb0, hb1))
    a_end = last.a + last.size
    b_end = last.b + last.size
    a1 = _clause_end(a, a_end)
    b1 = _clause_end(b, b_end)
    tail = None
    if a1 > a_end and b1 > b_end and not a[a_end - 1].brk and not b[b_end - 1].brk:
        tail = _edge(a, b, Hunk(a_end, a1, b_end, b1), leading=False)
    if tail is not None:
        hunks.append(tail)
        a1, b1 = tail.a1, tail.b1
    else:
        a1, b1 = a_end, b_end
    shared = sum(m.size for m in anchors)
    hunks = [h for h in (_trim(h, a, b) for h in hunks) if h is not None and not _excused(h, a, b, inflections)]
    similarity = shared / max(a1 - a0, b1 - b0, 1)
    return Alignment(hunks, shared, similarity, (a0, a1), (b0, b1))


def _chain(anchors: list) -> list:
    """The anchors that line up with the longest one.

    A short shared run far from the others ("would have been" in two different
    sentences) is a coincidence, not the same words: an anchor is kept only
    when it is at least half as long as the unmatched stretch that separates
    it from the chain.
    """
    if len(anchors) < 2:
        return anchors
    seed = max(range(len(anchors)), key=lambda i: anchors[i].size)
    kept = [anchors[seed]]
    for m in anchors[seed + 1 :]:
        prev = kept[-1]
        gap = max(m.a - (prev.a + prev.size), m.b - (prev.b + prev.size))
        if 2 * m.size >= gap:
            kept.append(m)
    head: list = []
    for m in reversed(anchors[:seed]):
        nxt = head[0] if head else kept[0]
        gap = max(nxt.a - (m.a + m.size), nxt.b - (m.b + m.size))
        if 2 * m.size >= gap:
            head.insert(0, m)
    return head + kept


def _edge(a: list[Word], b: list[Word], h: Hunk, leading: bool) -> Hunk | None:
    """An edge hunk, unless one version merely starts (or stops) inside it.

    `Trump "believes that we cannot..."` against `"the president believes we
    cannot..."`: the first quote starts at "believes", which the second also
    has, so only "that" differs; the words before the quote are not a misquote.
    """
    side_a = [w.norm for w in a[h.a0 : h.a1]]
    side_b = [w.norm for w in b[h.b0 : h.b1]]
    blocks = [m for m in SequenceMatcher(None, side_a, side_b, autojunk=False).get_matching_blocks() if m.size]
    if leading:
        # A shared word where one version's quote begins: compare only what follows it.
        for m in reversed(blocks):
            if (m.a == 0 and h.a0 == 0) or (m.b == 0 and h.b0 == 0):
                rest = Hunk(h.a0 + m.a + m.size, h.a1, h.b0 + m.b + m.size, h.b1)
                return rest if rest.a1 > rest.a0 or rest.b1 > rest.b0 else None
        return h
    for m in blocks:
        if (m.a + m.size == len(side_a) and h.a1 == len(a)) or (m.b + m.size == len(side_b) and h.b1 == len(b)):
            rest = Hunk(h.a0, h.a0 + m.a, h.b0, h.b0 + m.b)
            return rest if rest.a1 > rest.a0 or rest.b1 > rest.b0 else None
    return h


def _trim(h: Hunk, a: list[Word], b: list[Word]) -> Hunk | None:
    """Drop the words a hunk's two sides share at its ends; None when nothing differs."""
    a0, a1, b0, b1 = h.a0, h.a1, h.b0, h.b1
    while a0 < a1 and b0 < b1 and a[a0].norm == b[b0].norm:
        a0, b0 = a0 + 1, b0 + 1
    while a1 > a0 and b1 > b0 and a[a1 - 1].norm == b[b1 - 1].norm:
        a1, b1 = a1 - 1, b1 - 1
    if a0 == a1 and b0 == b1:
        return None
    # Show whole words: "shouldn't" is "should" + "not", so a lone "not" grows back into it.
    while (a0 > 0 and b0 > 0 and (a0 < len(a) and a[a0].start == a[a0 - 1].start or b0 < len(b) and b[b0].start == b[b0 - 1].start)):
        a0, b0 = a0 - 1, b0 - 1
    while (a1 < len(a) and b1 < len(b) and (a1 > 0 and a[a1].start == a[a1 - 1].start or b1 > 0 and b[b1].start == b[b1 - 1].start)):
        a1, b1 = a1 + 1, b1 + 1
    return Hunk(a0, a1, b0, b1)


def _clause_start(words: list[Word], index: int) -> int:
    i = index
    while i > 0 and not words[i - 1].brk:
        i -= 1
    return i


def _clause_end(words: list[Word], index: int) -> int:
    i = index
    while i < len(words) and not (i > index and words[i - 1].brk):
        if words[i].brk:
            return i + 1
        i += 1
    return i


def _excused(h: Hunk, a: list[Word], b: list[Word], inflections: bool = True) -> bool:
    """Differences that are not misquotes.

    An ellipsis for cut words, [brackets] for added ones, one version keeping a
    stutter ("shouldn't shouldn't"), "world view" against "worldview", and
    (with inflections) a plural heard as a singular.
    """
    side_a, side_b = a[h.a0 : h.a1], b[h.b0 : h.b1]
    if side_a and all(w.editorial for w in side_a) or side_b and all(w.editorial for w in side_b):
        return True
    if side_a and side_b and "".join(w.norm for w in side_a) == "".join(w.norm for w in side_b):
        return True
    if len(side_a) == 1 and len(side_b) == 1:
        x, y = side_a[0].norm, side_b[0].norm
        if inflections and _inflected(x, y) or _censored(x, y):
            return True
    for words, i, j in ((a, h.a0, h.a1), (b, h.b0, h.b1)):
        k = j - i
        if k and i - k >= 0 and [w.norm for w in words[i - k : i]] == [w.norm for w in words[i:j]]:
            return True  # a repeated word or phrase that the other version cleaned up
    # Words missing on one side where that side marks a cut with an ellipsis.
    if not side_a and _gap_at(a, h.a0):
        return True
    if not side_b and _gap_at(b, h.b0):
        return True
    return False


def _censored(x: str, y: str) -> bool:
    """'f***ing' is how a house style prints 'fucking', not another word."""
    for masked, plain in ((x, y), (y, x)):
        if "*" in masked and "*" not in plain:
            head, _, rest = masked.partition("*")
            tail = rest.lstrip("*")
            return plain.startswith(head) and plain.endswith(tail) and len(plain) >= len(head) + len(tail)
    return False


def _inflected(x: str, y: str) -> bool:
    short, long = sorted((x, y), key=len)
    return long in (short + "s", short + "es") or (short.endswith("y") and long == short[:-1] + "ies")


def _gap_at(words: list[Word], index: int) -> bool:
    before = words[index - 1].gap if index > 0 else False
    after = words[index].gap if index < len(words) else False
    return before or after


def render(a_text: str, a: list[Word], b_text: str, b: list[Word], hunks: list[Hunk], context: int = 5, limit: int = 3) -> str:
    """'…words before [this version → the other version] words after…' for each hunk."""
    parts: list[str] = []
    for h in hunks[:limit]:
        lead_start = max(0, h.a0 - context)
        lead = _span_text(a_text, a, lead_start, h.a0)
        # Context after the hunk only when it runs on in the same clause.
        tail = "" if h.a1 == 0 or a[h.a1 - 1].brk else _span_text(a_text, a, h.a1, min(len(a), h.a1 + min(context, 2)))
        mine = _span_text(a_text, a, h.a0, h.a1) or "∅"
        theirs = _span_text(b_text, b, h.b0, h.b1) or "∅"
        piece = ("…" if lead_start > 0 else "") + (lead + " " if lead else "") + f"[{mine} → {theirs}]" + (" " + tail if tail else "")
        if h.a1 + (0 if not tail else 2) < len(a):
            piece += "…"
        parts.append(piece)
    if len(hunks) > limit:
        parts.append(f"(+{len(hunks) - limit} more)")
    return " ".join(parts)


def _span_text(text: str, words: list[Word], i: int, j: int) -> str:
    if j <= i:
        return ""
    return text[words[i].start : words[j - 1].end]
