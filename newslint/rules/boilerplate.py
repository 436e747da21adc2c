"""extends: boilerplate — flag lines and paragraphs that are not journalism.

Scraped and syndicated copy drags along the page around the story: "follow us
on Instagram", newsletter pitches, app prompts, "Read more:" teasers, "click
here", advertisement labels, copyright lines, cookie notices and the residue of
embedded social posts (pic.twitter.com links, the "— Name (@handle) July 18,
2025" signature line). The rule file groups its patterns by category, so the
message can say which kind of boilerplate it is.

The finding spans what an editor deletes: the whole line or paragraph when it
is short, otherwise the sentence that carries the boilerplate. Categories
listed under `residue` (embedded posts) always take their whole line, and are
looked for inside quotation marks and links too — an embedded tweet is quoted
text ending in a protected pic.twitter.com URL, which the base class would skip.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from ..document import Block, Document
from ..findings import Finding
from ..matching import (
    GatedPattern,
    MatchTimeout,
    document_index,
    gate_words,
    line_anchored,
    line_finditer,
    line_starts,
    ungated,
)
from ..segment import quote_spans, sentences, within_span, words
from ..yamlio import LinedDict
from .base import Match, Rule, format_message, string_list


class BoilerplateRule(Rule):
    kind = "boilerplate"
    keys = {
        "categories": (dict,),
        "residue": (list, str),
        "whole_block_words": (int,),
        "reported": (list, str),
        "reported_in": (list, str),
        "ignorecase": (bool,),
    }
    required = ("categories",)
    default_message = "Promotional boilerplate (%s): remove before publishing."

    def configure(self, spec: LinedDict) -> None:
        categories = spec.get("categories") or {}
        if not categories:
            raise self.error("categories", "'categories' needs at least one category of patterns")
        ignorecase = bool(spec.get("ignorecase", True))
        # One compiled pattern per item, not one alternation per category: each
        # item gets its own literal gate (see matching.GatedPattern), so most of
        # them never run on ordinary copy.
        self.categories: list[tuple[str, list[regex.Pattern]]] = []
        for name, patterns in categories.items():
            items = string_list(self, "categories", patterns)
            if not items:
                raise self.error("categories", f"category {name!r} has no patterns")
            # MULTILINE: ^ and $ anchor at a line's ends inside a hard-wrapped block too.
            compiled = [self.compile("(?m)" + item, "categories", ignorecase) for item in items]
            self.categories.append((str(name), compiled))
        pairs = [(name, pattern) for name, patterns in self.categories for pattern in patterns]
        self._items = [_Item(number, name, pattern) for number, (name, pattern) in enumerate(pairs)]
        # Most items can only match where one of a few words is: index them by those words, so
        # an article is gated by one set intersection rather than a test per item.
        self._by_word: dict[str, list[_Item]] = {}
        self._other: list[_Item] = []
        for item in self._items:
            if item.words is None:
                self._other.append(item)
            for word in item.words or ():
                self._by_word.setdefault(word, []).append(item)
        self._words = frozenset(self._by_word)
        # The '^…' items as one alternation: where it fails at a line start, every one of
        # them fails there, and one call is cheaper than one per item (a call with a time
        # limit costs microseconds before it reads a character).
        self._lines_any: regex.Pattern | None = None
        joinable = [item for item in self._items if item.lines and _joinable(item.compiled.pattern)]
        if len(joinable) > 1:
            flags = regex.V0 | (regex.IGNORECASE if ignorecase else 0)
            try:
                self._lines_any = regex.compile("(?m)" + "|".join(f"(?:{item.compiled.pattern[4:]})" for item in joinable), flags)
            except (regex.error, ValueError, TypeError, OverflowError):
                joinable = []
        for item in joinable:
            item.joined = self._lines_any is not None
        residue = string_list(self, "residue", spec.get("residue"))
        unknown = [r for r in residue if r not in {name for name, _ in self.categories}]
        if unknown:
            raise self.error("residue", f"'residue' names unknown categories: {', '.join(unknown)}")
        self.residue = set(residue)
        words_limit = spec.get("whole_block_words", 40)
        if words_limit is None or words_limit < 0:
            raise self.error("whole_block_words", "'whole_block_words' must be 0 or more")
        self.whole_block_words = int(words_limit)
        # A sentence that credits its words to someone ("…, police said") is reporting a
        # call to action, not carrying the page's own: "Share this story with anyone who
        # was on the train, police said."
        reported = string_list(self, "reported", spec.get("reported"))
        self.reported: regex.Pattern | None = None
        if reported:
            joined = "|".join(f"(?:{item})" for item in reported)
            self.reported = ungated(self.compile(joined, "reported", ignorecase))
        # Only calls to action can be reported; a label ("READ MORE:", "Image caption,") is
        # residue whatever its words say. Unset: every category but the residue ones.
        reported_in = string_list(self, "reported_in", spec.get("reported_in"))
        unknown = [r for r in reported_in if r not in {name for name, _ in self.categories}]
        if unknown:
            raise self.error("reported_in", f"'reported_in' names unknown categories: {', '.join(unknown)}")
        self.reported_in = set(reported_in) if reported_in else {name for name, _ in self.categories} - self.residue

    def check(self, doc: Document) -> Iterator[Finding]:
        # Gate once per article, not once per block: most patterns' literals are
        # absent from the whole article, and then no block needs them.
        index = document_index(doc)
        words = self._words.intersection(index.hits)
        candidates = {item.number: item for word in words for item in self._by_word[word]}
        candidates.update((item.number, item) for item in self._other)
        items = [item for _, item in sorted(candidates.items()) if not item.gated or item.pattern.open_for_index(index)]
        if not items:
            return
        gated = [item for item in items if item.gated]
        for unit in self.scope.units(doc):
            if unit.block.kind in ("meta", "raw"):
                continue
            try:
                block_items = [item for item in items if not item.gated or item.may_match_block(unit.block)] if gated else items
                matches = list(self._block_matches(doc, unit.block, block_items)) if block_items else []
            except TimeoutError:
                raise MatchTimeout(f"a pattern took longer than {self.context.match_timeout:g}s") from None
            for match in matches:
                finding = self.to_finding(doc, unit.block, match, check_skip=False)
                if finding is not None:
                    yield finding

    def _block_matches(self, doc: Document, block: Block, items: list[_Item]) -> Iterator[Match]:
        text = _with_line_breaks(doc, block)
        hits: list[tuple[int, int, str]] = []
        timeout = self.context.match_timeout
        starts: list[int] | None = None  # the line starts where some joined '^…' item matches
        for item in items:
            name = item.name
            residue = name in self.residue
            if item.joined:
                if starts is None:
                    starts = [at for at in line_starts(text) if self._lines_any.match(text, at, timeout=timeout)]  # type: ignore[union-attr]
                found = line_finditer(item.compiled, text, timeout, starts)
            elif item.lines:
                found = line_finditer(item.compiled, text, timeout)
            else:
                found = item.compiled.finditer(text, timeout=timeout)
            for m in found:
                if m.end() == m.start():
                    continue
                if not residue and _inside_quote(block, m.start(), m.end()):
                    continue  # someone saying "click here" is being quoted, not advertised
                if self.context.accepted(m.group()):
                    continue
                if name in self.reported_in and self._reported(block, m.start(), m.end()):
                    continue
                start, end = self._span(block, text, m.start(), m.end(), residue)
                hits.append((start, end, name))
        # One finding per flagged stretch; the first category found names it.
        hits.sort()
        merged: list[list] = []
        for start, end, name in hits:
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
                continue
            merged.append([start, end, name])
        for start, end, name in merged:
            yield Match(start, end, (name,), message=format_message(self.message, (name,)))

    def _reported(self, block: Block, start: int, end: int) -> bool:
        """Whether a sentence the match touches credits its words to someone."""
        if self.reported is None:
            return False
        text = block.text
        while start < end and not text[start].isalnum():
            start += 1  # a pattern may take the end of the sentence before: '(?:^|[.!?]\s+)'
        for s, e in sentences(block):
            if s < end and start < e and self.reported.search(text, s, e, timeout=self.context.match_timeout):
                return True
        return False

    def _span(self, block: Block, text: str, start: int, end: int, residue: bool) -> tuple[int, int]:
        """What an editor deletes: the line for residue or a whole-line label, the block
        when it is one short line, otherwise the sentences the match touches."""
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        whole_line = not text[line_start:start].strip() and not text[end:line_end].strip()
        if residue or whole_line:
            return _trimmed(text, line_start, line_end)
        if "\n" not in text and len(words(text)) <= self.whole_block_words:
            return _trimmed(text, 0, len(text))
        lo, hi = start, end
        for s, e in sentences(block):
            if s < end and start < e:
                lo, hi = min(lo, s), max(hi, e)
        return _trimmed(text, lo, hi)


class _Item:
    """One pattern of a category, with what it takes to skip it quickly."""

    __slots__ = ("compiled", "gated", "joined", "lines", "name", "number", "pattern", "words")

    def __init__(self, number: int, name: str, pattern: regex.Pattern | GatedPattern):
        self.number = number
        self.name = name
        self.pattern = pattern
        self.compiled: regex.Pattern = ungated(pattern)
        # The blocks' index has a space where the source broke a line, and the patterns
        # run on the text with its line breaks put back: a gate literal holding a line
        # break cannot be tested on the index.
        self.gated = isinstance(pattern, GatedPattern) and not any("\n" in literal for literal in pattern.literals)
        self.words = gate_words(pattern) if self.gated else None
        # '^…' items (labels, teasers) are tried at each line start rather than at every position.
        self.lines = line_anchored(self.compiled)
        self.joined = False  # tried only where the rule's joined '^…' items match

    def may_match_block(self, block: Block) -> bool:
        return self.pattern.open_for(block.text)  # type: ignore[union-attr]


def _joinable(pattern: str) -> bool:
    """Whether an item (as compiled: "(?m)" and the rule file's text) keeps its meaning inside
    an alternation of items: no flags for the whole pattern, no group numbers or names."""
    body = pattern[4:] if pattern.startswith("(?m)") else None
    return body is not None and not regex.search(r"\(\?[a-zA-Z]+\)|\\[1-9]|\\g<|\(\?P[<=>]|\(\?<\w|\(\?\(|\(\?[|&]|\(\?R|\(\?\d", body)


def _with_line_breaks(doc: Document, block: Block) -> str:
    """The block's text with its source line breaks put back, offsets unchanged.

    A hard-wrapped paragraph is one block whose line breaks became spaces; an
    embedded post's signature line must still be matched, and flagged, as a line.
    """
    text = block.text
    breaks = [
        piece.text_start
        for piece in block.offsets.pieces
        if not piece.linear and piece.text_end - piece.text_start == 1 and "\n" in doc.source[piece.src_start : piece.src_end]
    ]
    if not breaks:
        return text
    chars = list(text)
    for at in breaks:
        if chars[at] == " ":
            chars[at] = "\n"
    return "".join(chars)


def _inside_quote(block: Block, start: int, end: int) -> bool:
    return within_span(quote_spans(block), start, end)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
