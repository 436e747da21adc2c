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

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import chain

import regex

from .numbers import TENS, UNITS

_WORDLIKE = r"(?:\p{L}\.){2,}|\w+\*+\w*|\w+(?:['’]\w+)*|&"
_TOKEN = regex.compile(_WORDLIKE + r"|\.{3}|…|[\[\]()]|[,;:.!?—–]", regex.V1)
# The word tokens alone: no other token can start where a word does, so these are
# exactly the word tokens _TOKEN finds.
_WORD_TOKEN = regex.compile(_WORDLIKE, regex.V1)
# The same two for ASCII text, where stdlib re finds them faster.
_ASCII_WORDLIKE = r"(?:[A-Za-z]\.){2,}|\w+\*+\w*|\w+(?:'\w+)*|&"
_ASCII_TOKEN = re.compile(_ASCII_WORDLIKE + r"|\.{3}|[\[\]()]|[,;:.!?]", re.ASCII)
_ASCII_WORD_TOKEN = re.compile(_ASCII_WORDLIKE, re.ASCII)
_BREAKS = frozenset(",;:.!?—–")
# What each other token does: an ellipsis marks a cut, brackets hold the writer's
# words, and the rest (closing brackets too) end a clause.
_GAP, _OPEN, _CLOSE, _BREAK = range(4)
_MARKS = {"...": _GAP, "…": _GAP, "[": _OPEN, "(": _OPEN, "]": _CLOSE, ")": _CLOSE, **{ch: _BREAK for ch in _BREAKS}}
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
    table = _norm_table(fillers)
    words: list[Word] = []
    in_brackets = False
    pending_gap = False
    for m in (_ASCII_TOKEN if text.isascii() else _TOKEN).finditer(text, start, stop):
        tok = m.group()
        mark = _MARKS.get(tok)
        if mark is None:
            norms = table[tok]  # none for a filler
            if norms:
                begin, finish = m.span()
                for norm in norms:
                    words.append(Word(norm, begin, finish, False, pending_gap, in_brackets))
                    pending_gap = False
        elif mark == _GAP:
            if words:
                words[-1].gap = True
            pending_gap = True
        elif mark == _OPEN:
            # Words in [brackets] or (parentheses) inside a quote are the writer's.
            in_brackets = True
        else:
            if mark == _CLOSE:
                in_brackets = False
            if words:
                words[-1].brk = True
    return words


def quote_norms(text: str, fillers: frozenset[str] = frozenset()) -> list[str]:
    """[w.norm for w in quote_words(text, fillers=fillers)], without making the Words.

    Each word token becomes its normalised words through a table that
    remembers every token it has seen, so the per-word work runs in C.
    """
    tokens = (_ASCII_WORD_TOKEN if text.isascii() else _WORD_TOKEN).findall(text)
    return list(chain.from_iterable(map(_norm_table(fillers).__getitem__, tokens)))


def _norm_table(fillers: frozenset[str]) -> "_NormTable":
    table = _NORMS.get(fillers)
    if table is None:
        if len(_NORMS) >= 8:
            _NORMS.clear()
        table = _NORMS[fillers] = _NormTable(fillers)
    return table


class _NormTable(dict):
    """word token as written -> its normalised words (none for a filler)."""

    def __init__(self, fillers: frozenset[str]):
        super().__init__()
        self.fillers = fillers

    def __missing__(self, token: str) -> tuple[str, ...]:
        if len(self) >= 200_000:
            self.clear()  # bound the memory of a long run
        lower = token.lower().replace("’", "'")
        norms = self[token] = () if lower in self.fillers else _normalise(lower)
        return norms


_NORMS: dict[frozenset[str], _NormTable] = {}  # one table per filler list


def has_words(text: str, n: int, fillers: frozenset[str] = frozenset()) -> bool:
    """Whether quote_words(text) finds at least n words, mostly without normalising any.

    Every word-like token makes at least one word unless it is a filler, so
    counting tokens settles a long quote; a short one is read word by word.
    """
    tokens = (_ASCII_WORD_TOKEN if text.isascii() else _WORD_TOKEN).findall(text)
    # A filler with an apostrophe would need the apostrophes normalised first: read the words.
    if len(tokens) >= n and not any("'" in f for f in fillers) and fillers.isdisjoint(map(str.lower, tokens)):
        return True
    return len(quote_words(text, fillers=fillers)) >= n


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


def align_equal(n: int, min_anchor: int = 3) -> Alignment | None:
    """What align gives for two versions with the same n words, without reading them."""
    return Alignment([], n, 1.0, (0, n), (0, n)) if n >= min_anchor and n else None


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
    stutter ("shouldn't shouldn't"), "world view" against "worldview", "Britain's"
    against "Britain is", a British against an American spelling, and (with
    inflections) a plural heard as a singular.
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
    # The same words but for spelling: "tyres and the colour" / "tires and the color",
    # "Britain's working" / "Britain is working".
    if len(side_a) == len(side_b) and all(
            w.norm == v.norm or {w.norm, v.norm} in _WRITTEN_OUT or _spelling_variant(w.norm, v.norm)
            for w, v in zip(side_a, side_b)):
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


# British spellings and their American forms (house style, not the speaker's words),
# as (pattern, replacement) on a whole word; each pattern needs a few letters before
# the ending so short words ("four" / "for") never pair up.
_BRITISH = [
    (re.compile(r"(?<=[a-z]{3})our(?=s?$|ed$|ing$|ite$|ites$|able$)"), "or"),  # colour, favourite, honourable
    (re.compile(r"(?<=[a-z]{3})is(?=e$|es$|ed$|ing$|ation$|ations$)"), "iz"),  # realise, organisation
    (re.compile(r"(?<=[a-z]{3})ys(?=e$|es$|ed$|ing$)"), "yz"),  # analyse
    (re.compile(r"(?<=[a-z]{2})tre(?=s?$)"), "ter"),  # centre, theatres
    (re.compile(r"(?<=[a-z]{3})ogue(?=s?$)"), "og"),  # catalogue
    (re.compile(r"(?<=[a-z]{3})ence(?=s?$)"), "ense"),  # defence, licence
    (re.compile(r"dgement(?=s?$)"), "dgment"),  # judgement
    (re.compile(r"^tyre(?=s?$)"), "tire"),
    (re.compile(r"^programme(?=s?$|d$)"), "program"),
]


_WRITTEN_OUT = ({"'s", "is"}, {"'s", "has"})


def _spelling_variant(x: str, y: str) -> bool:
    """'colour' / 'color', 'judgement' / 'judgment', 'tyres' / 'tires'."""
    if x == y or len(x) < 4 or len(y) < 4:
        return False
    for pattern, american in _BRITISH:
        for british, other in ((x, y), (y, x)):
            if pattern.search(british) and pattern.sub(american, british) == other:
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
