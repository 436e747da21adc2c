"""Compiling Vale token lists into fast patterns, and matching them fast and with a time limit.

Vale's `tokens` are regexes joined by alternation. A plain alternation of a
few hundred words makes the regex engine try every word at every position; the
literal words are instead folded into a trie (common prefixes shared), which
measured about 14x faster on news copy. Tokens that use regex syntax stay as
they are, alternated after the trie.

This module also owns the literal prefilter every compiled rule pattern goes
through (GatedPattern: a pattern skips text that lacks what every match
needs), the per-block index the gates read (TextIndex: folded text and the
gate words in it, built once per block for every rule), and two exact
shortcuts for patterns whose matches are always one whole word (tried only at
those words) or always start a line (tried only at line starts). None of it
may change what a pattern finds; tests/test_matching.py checks that property.
"""

from __future__ import annotations

import re
from itertools import islice
from operator import eq
from typing import Iterator, NamedTuple

import regex

from .diskcache import memoized

_META = set(".^$*+?{}[]\\|()")


def is_literal(token: str) -> bool:
    return not any(ch in _META for ch in token)


def literal_of(token: str) -> str | None:
    """The literal string a token matches, if it only escapes punctuation (e.g. 'e\\.g\\.')."""
    out: list[str] = []
    i = 0
    while i < len(token):
        ch = token[i]
        if ch == "\\" and i + 1 < len(token) and not token[i + 1].isalnum():
            out.append(token[i + 1])
            i += 2
            continue
        if ch in _META:
            return None
        out.append(ch)
        i += 1
    return "".join(out)


def trie_pattern(words: list[str]) -> str:
    """A regex matching exactly the given literal words, as a prefix trie."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict) -> str:
    ends = "" in node
    branches = [regex.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        # An end marker here makes the rest optional; (?:…)? keeps longest-first.
        if len(branches) == 1:
            body = "(?:" + body + ")"
        return body + "?"
    return body


def alternation(tokens: list[str]) -> str:
    """Vale tokens as one alternation: literal words as a trie, then regex tokens.

    Longer literals are preferred by the trie itself; regex tokens keep their
    order, as in Vale.
    """
    literals: list[str] = []
    patterns: list[str] = []
    for token in tokens:
        literal = literal_of(token)
        if literal is not None and literal:
            literals.append(literal)
        else:
            patterns.append(token)
    parts: list[str] = []
    if literals:
        parts.append(trie_pattern(sorted(set(literals))))
    parts.extend(patterns)
    if not parts:
        return "(?!)"
    return "(?:" + "|".join(parts) + ")"


def word_bounded(pattern: str, nonword: bool) -> str:
    """Vale wraps tokens in word boundaries unless nonword is set."""
    if nonword:
        return pattern
    return r"\b" + pattern + r"\b"


TIMEOUT_CHARS = 1_000_000  # characters a pattern gets the configured time limit for (see finditer)


class MatchTimeout(Exception):
    """A rule's pattern ran past the time limit on one document."""


def finditer(pattern: regex.Pattern | GatedPattern, text: str, start: int, end: int, timeout: float) -> Iterator[regex.Match]:
    """pattern.finditer over text[start:end], raising MatchTimeout past `timeout` seconds.

    A gated pattern whose literals the text lacks returns at once, before any
    generator is made: most calls are on blocks where the pattern cannot match.
    """
    # The limit is there for patterns that backtrack without end, which blow far past
    # it on any text; a linear pattern over a paragraph of megabytes (a scrape that lost
    # its line breaks) just needs longer, so the limit grows with the text beyond 1 MB.
    timeout *= max(1.0, (end - start) / TIMEOUT_CHARS)
    if type(pattern) is GatedPattern:
        if not pattern.open_for(text, end):
            return iter(())
        if pattern._anchor is not None and (text.isascii() or not _NON_ASCII_WORD.search(text)):
            return _anchored(pattern.ungated, pattern._anchor, text, start, end, timeout)
        pattern = pattern.ungated
    return _finditer(pattern, text, start, end, timeout)


def _finditer(pattern: regex.Pattern, text: str, start: int, end: int, timeout: float) -> Iterator[regex.Match]:
    try:
        yield from pattern.finditer(text, start, end, timeout=timeout)
    except TimeoutError:
        raise MatchTimeout(f"pattern {pattern.pattern[:60]!r} took longer than {timeout:g}s") from None


def _anchored(pattern: regex.Pattern, anchor: re.Pattern, text: str, start: int, end: int, timeout: float) -> Iterator[regex.Match]:
    """What pattern.finditer(text, start, end) finds, for a pattern whose every match is
    one whole word of `anchor`: those words never overlap, so trying the pattern at
    each of them (lookbehinds see the text before, as in finditer) finds the same."""
    try:
        for word in anchor.finditer(text, start, end):
            m = pattern.match(text, word.start(), end, timeout=timeout)
            if m is not None:
                yield m
    except TimeoutError:
        raise MatchTimeout(f"pattern {pattern.pattern[:60]!r} took longer than {timeout:g}s") from None


def search(pattern: regex.Pattern, text: str, timeout: float, pos: int = 0) -> regex.Match | None:
    """pattern.search with the time limit (MatchTimeout past it)."""
    try:
        return pattern.search(text, pos, timeout=timeout)
    except TimeoutError:
        raise MatchTimeout(f"pattern {pattern.pattern[:60]!r} took longer than {timeout:g}s") from None


def match_at(pattern: regex.Pattern, text: str, pos: int, timeout: float) -> regex.Match | None:
    """pattern.match at pos (lookbehinds see the text before it), with the time limit."""
    try:
        return pattern.match(text, pos, timeout=timeout)
    except TimeoutError:
        raise MatchTimeout(f"pattern {pattern.pattern[:60]!r} took longer than {timeout:g}s") from None


def fullmatch(pattern: regex.Pattern, text: str, timeout: float) -> regex.Match | None:
    """pattern.fullmatch with the time limit."""
    try:
        return pattern.fullmatch(text, timeout=timeout)
    except TimeoutError:
        raise MatchTimeout(f"pattern {pattern.pattern[:60]!r} took longer than {timeout:g}s") from None


# -- literal prefilter ---------------------------------------------------------
#
# Most rule patterns cannot match most text: "we use cookies" needs "cookies",
# "\b(?:follow|like) us on" needs "follow" or "like". The regex engine still
# walks every position to find that out (~40 MB/s for a case-insensitive
# alternation). So each pattern gets a gate: a set of literals, one of which
# every match must contain, derived from the pattern's own syntax tree, so it
# can only skip text where the pattern cannot match.
#
# A literal the pattern bounds by \b on both sides ("\bcookies\b") is a whole
# word of any text it matches, so its test is a set lookup in the text's words
# (tokenised once per block and shared by every rule); other literals are
# looked for as substrings of the case-folded text.

_MIN_GATE = 3
_MAX_SET = 512
# In a gate literal: the pattern puts a word boundary here (\b, or a character
# that is never a word character, such as \s), so a word run next to it ends here.
_B = "\x00"
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")

# Words so common that a gate on them opens for almost every paragraph.
_COMMON = frozenset(
    "a an the in on at of to our us we you your is it its and or for with this that be by as from "
    "more read like here below all up out not no so do if he she they them his her was were are has have".split()
)
# Punctuation every paragraph has; any other symbol ("%", "@", "£") is rare in prose.
_PLAIN_PUNCTUATION = frozenset(" \t\n.,;:!?'\"-()[]\u2018\u2019\u201c\u201d\u2013\u2014")


class _KeyWords:
    """Every gate's lookup words, in one set: a text's index keeps only those of its words.

    Intersecting a text's words with this set once is cheaper than building the set
    of all its words, and each gate then tests a handful of hits instead of a
    paragraph's vocabulary. New gates (another rule set) bump the version, and an
    index made before that looks its words up again.
    """

    def __init__(self) -> None:
        self.words: frozenset[str] = frozenset()
        self.version = 0

    def add(self, keys: frozenset[str]) -> None:
        if not keys <= self.words:
            self.words = self.words | keys
            self.version += 1


_KEY_WORDS = _KeyWords()


class TextIndex:
    """A text as the gates read it: case-folded, and which gate words are words of it.

    str.casefold() maps every character the regex module matches
    case-insensitively to an ASCII letter (K, ſ, İ) onto that letter; İ leaves
    a combining dot (U+0307) behind, which is dropped. Folding keeps every
    character's word-ness, so the words are the text's own runs of \\w (as the
    regex module reads \\w), folded. A document's index joins its blocks'.
    """

    __slots__ = ("_hits", "_parts", "_repeats", "_version", "ascii", "folded")

    def __init__(self, text: str, parts: tuple[TextIndex, ...] | None = None):
        if parts is None:
            folded = text.casefold()
            if not folded.isascii():
                folded = folded.replace("\u0307", "")
        else:
            # Blocks joined by a newline: a literal may then span two blocks, which only opens a gate.
            folded = "\n".join(part.folded for part in parts)
        self.folded = folded
        # No digit but 0-9 (folding never makes a digit ASCII): \\d is [0-9] here.
        self.ascii = folded.isascii()
        self._parts = parts
        self._hits: frozenset[str] = frozenset()
        self._repeats = False
        self._version = -1

    @property
    def hits(self) -> frozenset[str]:
        """The words of the text that some gate looks up."""
        if self._version != _KEY_WORDS.version:
            self._read()
        return self._hits

    @property
    def repeats(self) -> bool:
        """Whether some word stands twice in a row (folded, whatever lies between)."""
        if self._version == -1:
            self._read()
        return self._repeats

    def _read(self) -> None:
        if self._parts is not None:
            self._hits = frozenset().union(*(part.hits for part in self._parts))
            self._repeats = any(part.repeats for part in self._parts)
        else:
            tokens = self._tokens()
            self._hits = _KEY_WORDS.words.intersection(tokens)
            # One pass of C-level comparisons while the words are at hand (News.DoubledWords).
            self._repeats = any(map(eq, tokens, islice(tokens, 1, None)))
        self._version = _KEY_WORDS.version

    @property
    def words(self) -> frozenset[str]:
        """Every word of the text (for tests and debugging; gates use hits)."""
        if self._parts is not None:
            return frozenset().union(*(part.words for part in self._parts))
        return frozenset(self._tokens())

    def _tokens(self) -> list[str]:
        folded = self.folded
        if not folded.isascii():
            # "£", "’": a space splits words just as they do. Anything else left over
            # (an accented letter) takes the slower, exact way.
            folded = _NON_ASCII_SYMBOL.sub(" ", folded)
            if not folded.isascii():
                return _WORD_RUN.findall(folded)
        # bytes.translate + split run at C speed; ASCII \\w is exactly [a-z0-9_].
        return folded.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii").split()


_ASCII_NON_WORD = bytes(c if chr(c) in _WORD_CHARS else 32 for c in range(256))
_WORD_RUN = regex.compile(r"\w+")
# Non-ASCII characters that are not letters or digits (re's \w is close to the regex
# module's: where they differ, a space only splits a word that cannot be a key anyway).
_NON_ASCII_SYMBOL = re.compile(r"[^\w\x00-\x7f]")
_WORD_CHAR = regex.compile(r"\w")
# A non-ASCII letter or digit: a text without one ("£5", "it’s") reads \\b and case the
# same way in the stdlib engine with re.ASCII as in the regex module, as far as ASCII
# words go (a mark after a letter only adds a boundary the pattern then rejects).
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")
_INDEX_CACHE: dict[str, TextIndex] = {}
_INDEX_CACHE_SIZE = 2048


def text_index(text: str) -> TextIndex:
    """The gate index of a text, cached: every rule gates on the same few block texts."""
    index = _INDEX_CACHE.get(text)
    if index is None:
        if len(_INDEX_CACHE) >= _INDEX_CACHE_SIZE:
            _INDEX_CACHE.clear()
        index = _INDEX_CACHE[text] = TextIndex(text)
    return index


def document_index(doc) -> TextIndex:  # doc: a Document (not imported: matching stays low-level)
    """One index for all of a document's blocks, built once per document."""
    index = doc.metadata.get("_text_index")
    if index is None:
        index = doc.metadata["_text_index"] = TextIndex("", tuple(text_index(block.text) for block in doc.blocks))
    return index


def _caseless(ch: str) -> bool:
    """A non-ASCII character a gate literal may keep: punctuation, a space or a symbol ("’",
    "©", "£") with no case, and no word character, so folding and \\b leave it be."""
    import unicodedata

    return (
        unicodedata.category(ch)[0] in "PZS"
        and ch.lower() == ch.upper() == ch.casefold() == ch
        and _WORD_CHAR.match(ch) is None
    )


def line_anchored(pattern: regex.Pattern | GatedPattern) -> bool:
    """True when every match starts a line ('^' in multiline mode) and none is empty: such a
    pattern need only be tried at the start of each line."""
    if not isinstance(pattern.pattern, str) or pattern.flags & regex.WORD:
        return False  # with WORD, the regex module starts lines after any line separator
    return _analyse(pattern.pattern).line_start


def line_starts(text: str) -> list[int]:
    """Where each line of text starts: 0, and after every line break."""
    starts = [0]
    at = text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


def line_finditer(pattern: regex.Pattern, text: str, timeout: float, starts: list[int] | None = None) -> Iterator[regex.Match]:
    """What pattern.finditer(text) finds, for a line_anchored pattern: the pattern tried at
    each line start only (or at those of `starts`, when the others are known to fail),
    resuming after each match as finditer does. A TimeoutError propagates as from the
    pattern itself."""
    resume = 0
    for start in line_starts(text) if starts is None else starts:
        if start >= resume:
            m = pattern.match(text, start, timeout=timeout)
            if m is not None:
                yield m
                resume = m.end()


def gate_words(pattern: regex.Pattern | GatedPattern, in_match: bool = False) -> frozenset[str] | None:
    """The words one of which a text must hold for the pattern to match in it, when its gate
    is made of whole words alone; else None (test the pattern's own gate). With in_match,
    the words are in the match itself (not just in what a lookaround reads around it), so
    they hold for the span a search is confined to."""
    if type(pattern) is not GatedPattern or pattern._ascii_gate is not None or pattern._gate is None:
        return None
    gate = pattern._gate
    if in_match and gate.lookaround:
        return None
    return gate.keys if gate.keys and not gate.substrings else None


def _informative(literal: str) -> int:
    """How much a hit on a literal says: nothing for one of the commonest words alone.

    A phrase ("like us on") or a word with punctuation ("more:") is rare even
    when its words are common; a lone "the" or "more" is not.
    """
    tokens = regex.findall(r"[a-z0-9]+", literal)
    rare = [t for t in tokens if t not in _COMMON]
    if rare and (len(tokens) >= 2 or regex.search(r"[^a-z0-9\s]", literal)):
        return len(literal.strip())
    if len(tokens) >= 3 or (tokens and regex.search(r"[^a-z0-9\s]", literal)):
        return len(literal.strip())  # "like us on", "more:": common words, rare together
    if not tokens:
        # No letters at all: a symbol such as "%" or "@" is still rare in prose.
        return _MIN_GATE if any(ch not in _PLAIN_PUNCTUATION for ch in literal) else 0
    if tokens[0] in _COMMON:
        return 0
    return len(tokens[0])


def _whole_words(literal: str) -> list[str]:
    """The word runs of a gate literal that stand between boundaries on both sides.

    Runs are maximal, so the character before a run is a non-word character or
    a boundary mark; only a run at either end of the literal may be part of a
    longer word in the text.
    """
    return _WHOLE_RUN.findall(literal)


# A maximal run of word characters with a character (a non-word one, or a boundary mark)
# on each side within the literal.
_WHOLE_RUN = re.compile(r"(?<=[^a-z0-9_])[a-z0-9_]+(?=[^a-z0-9_])")


def _key(literal: str) -> str | None:
    """The word a literal is looked up by: its longest whole word that is not one of the commonest."""
    rare = [w for w in _whole_words(literal) if w not in _COMMON]
    return max(rare, key=lambda w: (len(w), w)) if rare else None


def _quality(literal: str, word_mode: bool) -> int:
    """How well a literal gates: a rare whole word (a set lookup) beats any substring."""
    if word_mode:
        key = _key(literal)
        if key is not None:
            return 100 + len(key)
    return _informative(literal.replace(_B, ""))


def _for_parser(pattern: str) -> str | None:
    """The pattern in syntax the stdlib parser reads the same way, or None.

    Unicode properties (\\p{Lu}) become \\w, which the analysis reads as "some
    character" just the same. Syntax the two modules read differently — a brace
    that is not a repeat count (the regex module's fuzzy matching, {e<=1}) or a
    POSIX class ([[:alpha:]]) — gives no gate at all.
    """
    if regex.search(r"\[:\^?\w+:\]", pattern):
        return None
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt in "pP":
                m = regex.match(r"\{[^}]*\}|\w", pattern[i + 2 :])
                if m is None:
                    return None
                out.append(r"\w")
                i += 2 + m.end()
                continue
            if nxt == "N":
                return None
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "{" and not regex.match(r"\{\d*(?:,\d*)?\}", pattern[i:]):
            return None
        out.append(ch)
        i += 1
    return "".join(out)


class _Analysis(NamedTuple):
    """What a pattern's syntax tree says about every match."""

    literals: tuple[str, ...] | None  # lower-cased, with boundary marks: one is in every match (or its lookarounds)
    word_mode: bool  # the marks may be read as word boundaries
    whole_words: frozenset[str] | None  # every match is one of these words, whole
    lookaround: bool  # the pattern has lookarounds: a literal may lie outside the match
    line_start: bool = False  # every match starts a line ('^' in multiline mode) and none is empty
    fixed_width: bool = False  # every match has the same length (lookarounds aside)


def _gate_literals(pattern: str, word_mode: bool = True, ascii_digits: bool = False) -> _Analysis | None:
    """The literals one of which every match needs (None if unknown), and more (see _Analysis).

    With ascii_digits, \\d stands for 0-9: the literals then hold only for text
    without other digits (TextIndex.ascii)."""
    found = _analyse(pattern, word_mode, ascii_digits)
    return found if found.literals is not None else None


def fixed_width(pattern: str) -> bool:
    """True when every match of pattern has the same length (lookarounds aside)."""
    return _analyse(pattern).fixed_width


def _analyse(pattern: str, word_mode: bool = True, ascii_digits: bool = False) -> _Analysis:
    """Read a pattern's syntax tree (with the stdlib parser) for _Analysis."""
    unknown = _Analysis(None, word_mode, None, True)
    try:
        import re._parser as sre_parse  # the stdlib parser; regex-only syntax gives no gate
        from re import _constants as c
    except ImportError:  # pragma: no cover - older layouts
        return unknown
    if not isinstance(pattern, str):
        return unknown
    readable = _for_parser(pattern)
    if readable is None:
        return unknown
    try:
        tree = sre_parse.parse(readable)
        low, high = tree.getwidth()
    except Exception:  # noqa: BLE001 - any syntax re cannot read just means "no gate"
        return unknown
    no_words = c.SRE_FLAG_ASCII | c.SRE_FLAG_LOCALE
    if tree.state.flags & no_words or regex.search(r"\(\?[a-zA-Z-]*a[a-zA-Z-]*:", readable):
        word_mode = False  # \b over ASCII \w only: a word of the text may hold the literal
    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
    bounds = (c.AT_BOUNDARY, c.AT_BEGINNING, c.AT_BEGINNING_LINE, c.AT_BEGINNING_STRING, c.AT_END, c.AT_END_LINE, c.AT_END_STRING)
    empty = frozenset([""])

    def char(code: int) -> str | None:
        ch = chr(code)
        if ch.isascii():
            return ch.lower()
        return ch if _caseless(ch) else None

    def class_chars(items) -> frozenset[str] | None:
        chars: set[str] = set()
        for op, av in items:
            if op is c.LITERAL:
                codes = [av]
            elif op is c.RANGE and av[1] - av[0] < 16:
                codes = list(range(av[0], av[1] + 1))
            elif op is c.CATEGORY and av is c.CATEGORY_DIGIT and ascii_digits:
                codes = list(range(48, 58))
            else:
                return None
            for code in codes:
                ch = char(code)
                if ch is None:
                    return None
                chars.add(ch)
        return frozenset(chars) if len(chars) <= 16 else None

    def nonword(element) -> bool:
        """At least one character, and never a word character (\\s, \\W, ' ')."""
        op, arg = element
        if op is c.IN:
            for item_op, av in arg:
                if item_op is c.CATEGORY and av in (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD):
                    continue
                if item_op is c.LITERAL and (ch := char(av)) is not None and ch not in _WORD_CHARS:
                    continue
                return False
            return bool(arg)
        if op is c.LITERAL:
            ch = char(arg)
            return ch is not None and ch not in _WORD_CHARS
        if op in repeats:
            return arg[0] >= 1 and len(arg[2]) == 1 and nonword(arg[2][0])
        return False

    def ends_nonword(element) -> bool:
        """Always at least one character, the last of them never a word character ("[\\w-]+ ")."""
        op, arg = element
        if op is c.LITERAL or op is c.IN:
            return nonword(element)
        if op in repeats:
            return arg[0] >= 1 and bool(arg[2]) and ends_nonword(arg[2][-1])
        if op is c.SUBPATTERN:
            return bool(arg[-1]) and ends_nonword(arg[-1][-1])
        if op is c.BRANCH:
            return all(alt and ends_nonword(alt[-1]) for alt in arg[1])
        return False

    def starts_bounded(element) -> bool:
        """Every match of the element starts with a non-word character or at a boundary."""
        op, arg = element
        if op is c.AT:
            return arg in bounds
        if op is c.LITERAL or op is c.IN:
            return nonword(element)
        if op in repeats:
            return arg[0] >= 1 and bool(arg[2]) and starts_bounded(arg[2][0])
        if op is c.SUBPATTERN:
            return bool(arg[-1]) and starts_bounded(arg[-1][0])
        if op is c.BRANCH:
            return all(alt and starts_bounded(alt[0]) for alt in arg[1])
        return False

    def rest_bounded(items, index: int, end_bounded: bool) -> bool:
        """Whatever follows items[index] starts with a non-word character or at a boundary
        ("[)\\]]?\\s*$": each may be missing, so the next one decides too)."""
        for op, arg in items[index + 1 :]:
            if op is c.AT:
                return arg in bounds
            if op in repeats and arg[0] == 0:
                if not (arg[2] and starts_bounded(arg[2][0])):
                    return False
                continue
            return starts_bounded((op, arg))
        return end_bounded

    def ends_bounded(run: frozenset[str]) -> bool:
        """Every string of the run ends at a boundary mark or a non-word character."""
        return all(s and (s[-1] == _B or s[-1] not in _WORD_CHARS) for s in run)

    def exact(items) -> frozenset[str] | None:
        """The finite set of strings a (sub)pattern matches, when small; else None."""
        out = empty
        for op, arg in items:
            if op is c.LITERAL:
                ch = char(arg)
                part = None if ch is None else frozenset([ch])
            elif op is c.AT:
                # \\b, and the ends of a line or of the text, stand where no word goes on.
                part = frozenset([_B]) if arg in bounds else empty
            elif op in (c.ASSERT, c.ASSERT_NOT):
                part = empty  # zero-width: the match itself is the rest
            elif op is c.SUBPATTERN:
                part = exact(arg[-1])
            elif op is c.BRANCH:
                alts = [exact(alt) for alt in arg[1]]
                part = None if any(a is None for a in alts) else frozenset().union(*alts)
            elif op is c.IN:
                part = class_chars(arg)
            elif op in repeats and arg[0] == 0 and arg[1] == 1:
                inner = exact(arg[2])
                part = None if inner is None else inner | empty
            else:
                return None
            if part is None:
                return None
            # Two boundaries side by side ("said\\b" then "\\b") are one.
            out = frozenset((a + b).replace(_B + _B, _B) for a in out for b in part)
            if len(out) > _MAX_SET:
                return None
        return out

    def usable(option: frozenset[str]) -> bool:
        return bool(option) and all(s.replace(_B, "") for s in option)

    def best(options: list[frozenset[str]]) -> frozenset[str] | None:
        scored = [
            (min(_quality(s, word_mode) for s in o), min(len(s.replace(_B, "")) for s in o), -len(o), sorted(o), o)
            for o in options
            if usable(o)
        ]
        scored = [t for t in scored if t[0] >= _MIN_GATE]
        return max(scored, key=lambda t: t[:4])[4] if scored else None

    def required(items, start: frozenset[str] = empty, end_bounded: bool = False) -> frozenset[str] | None:
        """The best literals one of which every match of items contains; start holds the
        strings one of which the match has right before items (a run of literals, or a
        boundary mark), and end_bounded says no word goes on right after them."""
        options: list[frozenset[str]] = []
        run = start
        items = list(items)

        def flush() -> None:
            nonlocal run
            if usable(run):
                options.append(run)
            run = empty

        for index, element in enumerate(items):
            op, arg = element
            if op is c.ASSERT:
                # A lookaround's text is not in the match but is in the text searched: the
                # gate is tested on the whole text, so what the lookaround needs counts too.
                found = required(arg[1])
                if found is not None:
                    options.append(found)
            piece = exact([element])
            if piece is not None:
                grown = frozenset(a + b for a in run for b in piece)
                if len(grown) <= _MAX_SET:
                    run = grown
                    continue
            if nonword(element):
                # "said\\s+out": the word before ends here and the one after starts here.
                run = frozenset(a + _B for a in run)
                flush()
                run = frozenset([_B])
                continue
            after = rest_bounded(items, index, end_bounded)
            if after and op in repeats and arg[0] == 0 and len(arg[2]) == 1 and nonword(arg[2][0]):
                # "ad\\s*$": the word before ends here, whether or not spaces come.
                run = frozenset(a + _B for a in run)
            # After "(?:[\\w-]+ )" (or "^\\s*" at a boundary, whether or not a space
            # comes) no word goes on: the next word starts here.
            bounded = ends_nonword(element) or (
                op in repeats and arg[0] == 0 and bool(arg[2]) and ends_nonword(arg[2][-1]) and ends_bounded(run)
            )
            # A group read on its own still starts where the run before ended ("point" then
            # "(?:ing\\s+out|ed\\s+out)": "pointing", "pointed").
            before = run
            # ... and ends where a boundary or a non-word character follows ("(?:said|told)\\b").
            flush()
            if op is c.SUBPATTERN:
                found = required(arg[-1], before, after)
            elif op is c.ATOMIC_GROUP:
                found = required(arg, before, after)
            elif op is c.BRANCH:
                alternatives = [required(alt, before, after) for alt in arg[1]]
                found = None if any(a is None for a in alternatives) else frozenset().union(*alternatives)
            elif op in repeats and arg[0] >= 1:
                found = required(arg[2], before)
            else:
                found = None
            if found is not None:
                options.append(found)
            if bounded:
                run = frozenset([_B])
        if end_bounded:
            run = frozenset(a + _B for a in run)
        flush()
        return best(options)

    def starts_line(items) -> bool:
        if not items:
            return False
        op, arg = items[0]
        if op is c.AT:
            return arg in (c.AT_BEGINNING, c.AT_BEGINNING_STRING)
        if op is c.SUBPATTERN:
            return starts_line(arg[-1])
        if op is c.BRANCH:
            return all(starts_line(alt) for alt in arg[1])
        return False

    line_start = low > 0 and bool(tree.state.flags & c.SRE_FLAG_MULTILINE) and starts_line(list(tree))
    lookaround = any(opening in readable for opening in ("(?=", "(?!", "(?<=", "(?<!"))
    gate = required(tree)
    if gate is None:
        return _Analysis(None, word_mode, None, lookaround, line_start, low == high)
    if not word_mode:
        gate = frozenset(s.replace(_B, "") for s in gate)
    # A pattern that only ever matches one whole word from a list ("\\b(?:1|2|3)\\b" with
    # lookarounds) can be tried at those words alone.
    whole: frozenset[str] | None = None
    if word_mode:
        strings = exact(tree)
        if strings and all(len(w) > 2 and w[0] == w[-1] == _B and all(ch in _WORD_CHARS for ch in w[1:-1]) for w in strings):
            whole = frozenset(w[1:-1] for w in strings)
    return _Analysis(tuple(sorted(gate)), word_mode, whole, lookaround, line_start, low == high)


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Lower-cased literals one of which every match contains, or None if unknown."""
    found = _gate_literals(pattern)
    if found is None:
        return None
    return tuple(sorted({s.replace(_B, "") for s in found.literals}))


class _Gate:
    """A pattern's gate literals, arranged for quick tests on a TextIndex.

    A literal with a rare whole word is looked up by that word in the text's
    words, then (unless it is that word alone) confirmed as a substring; other
    literals are substrings of the folded text.
    """

    __slots__ = ("confirm", "key_alone", "keys", "literals", "lookaround", "substrings")

    def __init__(self, literals: tuple[str, ...], word_mode: bool, lookaround: bool = True):
        self.literals = tuple(sorted({s.replace(_B, "") for s in literals}))
        self.lookaround = lookaround
        confirm: dict[str, set[str] | None] = {}
        substrings: set[str] = set()
        for literal in literals:
            plain = literal.replace(_B, "")
            key = _key(literal) if word_mode else None
            if key is None:
                substrings.add(plain)
            elif plain == key:
                confirm[key] = None  # the whole word is the literal: finding it is enough
            elif confirm.get(key, set()) is not None:
                confirm.setdefault(key, set()).add(plain)  # type: ignore[union-attr]
        self.keys = frozenset(confirm)
        _KEY_WORDS.add(self.keys)
        self.confirm = {k: None if v is None else tuple(sorted(v)) for k, v in confirm.items()}
        self.key_alone = all(v is None for v in confirm.values())
        # A substring that holds another is found whenever that one is: keep the shorter
        # (a few dozen at most are worth comparing; a long list is only deduplicated).
        if len(substrings) <= 32:
            substrings = {s for s in substrings if not any(o != s and o in s for o in substrings)}
        self.substrings = tuple(sorted(substrings))

    def opens(self, index: TextIndex) -> bool:
        keys = self.keys
        if keys:
            hits = index.hits
            if not keys.isdisjoint(hits):
                if self.key_alone:
                    return True
                folded = index.folded
                for key in keys.intersection(hits):
                    confirm = self.confirm[key]
                    if confirm is None:
                        return True
                    for s in confirm:
                        if s in folded:
                            return True
        if self.substrings:
            folded = index.folded
            for s in self.substrings:
                if s in folded:
                    return True
        return False


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_") or not ch.isascii() and _WORD_CHAR.match(ch) is not None


def _cuts_word(text: str, end: int | None) -> bool:
    """True when an endpos falls inside a word: a \\b there sees the end of the text, not the
    word going on, so a whole-word lookup in the text's words could wrongly say no."""
    if end is None or end <= 0 or end >= len(text):
        return False
    return _is_word_char(text[end - 1]) and _is_word_char(text[end])


class GatedPattern:
    """A compiled pattern that first checks its literal gate on the text.

    Behaves like the regex.Pattern it wraps; matching calls on text that lacks
    every gate literal return no match without running the engine.
    """

    __slots__ = ("_anchor", "_ascii_gate", "_compiled", "_gate")

    def __init__(
        self, pattern: regex.Pattern, gate: _Gate | None, whole_words: frozenset[str] | None = None, ascii_gate: _Gate | None = None
    ):
        self._compiled = pattern
        self._gate = gate
        # Reading \\d as 0-9 often finds literals the pattern needs ("18th"); they hold
        # only for text whose digits are all ASCII, and then both gates must open.
        self._ascii_gate = ascii_gate
        # When every match is one whole word from a list, the stdlib engine finds those
        # words (in ASCII text, where its \\b and case folding are the regex module's)
        # far faster than the full pattern can be tried at every position.
        self._anchor = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(whole_words))) + r")\b", re.IGNORECASE | re.ASCII)
            if whole_words
            else None
        )

    def __getattr__(self, name: str):
        return getattr(self._compiled, name)

    def __repr__(self) -> str:
        return f"GatedPattern({self._compiled!r}, gate={self.literals!r})"

    @property
    def literals(self) -> tuple[str, ...]:
        """The gate's literals, lower-cased (one of them is in every match of text with any digits)."""
        return self._gate.literals if self._gate is not None else ()

    def open_for_index(self, index: TextIndex) -> bool:
        """False only when no match can lie in the text indexed (see text_index, document_index)."""
        if self._gate is not None and not self._gate.opens(index):
            return False
        return self._ascii_gate is None or not index.ascii or self._ascii_gate.opens(index)

    _opens = open_for_index

    def open_for(self, text: str, end: int | None = None) -> bool:
        """False only when no match can lie in text (or in text[:end])."""
        return self._opens(text_index(text)) or _cuts_word(text, end)

    def open_for_document(self, doc) -> bool:  # doc: a Document
        """False only when no block of the document can hold a match."""
        return self._opens(document_index(doc))

    @property
    def ungated(self) -> regex.Pattern:
        """The pattern itself, for callers that already checked open_for()."""
        return self._compiled

    def _open(self, string: str, args: tuple, kwargs: dict, endpos_at: int = 1) -> bool:
        if kwargs.get("partial"):
            return True  # a partial match may stop before the literal
        end = args[endpos_at] if len(args) > endpos_at else kwargs.get("endpos")
        return self.open_for(string, end)

    def finditer(self, string: str, *args, **kwargs):
        return self._compiled.finditer(string, *args, **kwargs) if self._open(string, args, kwargs) else iter(())

    def findall(self, string: str, *args, **kwargs):
        return self._compiled.findall(string, *args, **kwargs) if self._open(string, args, kwargs) else []

    def search(self, string: str, *args, **kwargs):
        return self._compiled.search(string, *args, **kwargs) if self._open(string, args, kwargs) else None

    def match(self, string: str, *args, **kwargs):
        return self._compiled.match(string, *args, **kwargs) if self._open(string, args, kwargs) else None

    def fullmatch(self, string: str, *args, **kwargs):
        return self._compiled.fullmatch(string, *args, **kwargs) if self._open(string, args, kwargs) else None

    def sub(self, repl, string: str, *args, **kwargs):
        return self._compiled.sub(repl, string, *args, **kwargs) if self._open(string, args, kwargs, 3) else string


def gated(pattern: regex.Pattern) -> GatedPattern | regex.Pattern:
    word_mode = not pattern.flags & (regex.ASCII | regex.LOCALE | regex.WORD)
    found = _gate_literals(pattern.pattern, word_mode)
    in_ascii = _gate_literals(pattern.pattern, word_mode, ascii_digits=True)
    if in_ascii is not None and found is not None and set(in_ascii.literals) == set(found.literals):
        in_ascii = None
    if found is None and in_ascii is None:
        return pattern
    gate = _Gate(found.literals, found.word_mode, found.lookaround) if found is not None else None
    ascii_gate = _Gate(in_ascii.literals, in_ascii.word_mode, in_ascii.lookaround) if in_ascii is not None else None
    return GatedPattern(pattern, gate, found.whole_words if found is not None else None, ascii_gate)


def ungated(pattern: regex.Pattern | GatedPattern) -> regex.Pattern:
    """The compiled pattern itself, without its literal gate (for a search that must run)."""
    return pattern.ungated if isinstance(pattern, GatedPattern) else pattern


def may_match_document(pattern: regex.Pattern | GatedPattern, doc) -> bool:  # doc: a Document
    """False only when the pattern cannot match anywhere in the document's blocks."""
    return type(pattern) is not GatedPattern or pattern.open_for_document(doc)


# _analyse is a pure function of its arguments and of this file: its results are
# kept on disk between runs (newslint.diskcache), which halves rule loading.
_analyse = memoized("gates", __file__, encode=tuple, decode=lambda t: _Analysis(*t))(_analyse)
