"""The parsed article: source text, prose blocks with offset maps, and positions.

A format extractor turns a source file into Blocks. Every character of a block's
text knows the source offset it came from (through an OffsetMap), so a rule's
match becomes an exact line:column without searching the source again.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterator


@dataclass(slots=True)
class Piece:
    """A run of block text that came from one run of source.

    Linear pieces map character for character (text length == source length).
    Non-linear pieces (an HTML entity, a Markdown escape, a line break turned
    into a space) map the whole text run onto the whole source run.
    """

    text_start: int
    text_end: int
    src_start: int
    src_end: int

    @property
    def linear(self) -> bool:
        return self.text_end - self.text_start == self.src_end - self.src_start


class OffsetMap:
    """Maps offsets in a block's text to offsets in the document source."""

    __slots__ = ("pieces", "_starts")

    def __init__(self, pieces: list[Piece]):
        self.pieces = pieces
        self._starts = [p.text_start for p in pieces]

    @classmethod
    def linear(cls, src_start: int, length: int) -> "OffsetMap":
        return cls([Piece(0, length, src_start, src_start + length)])

    def _piece_at(self, text_offset: int) -> Piece:
        i = bisect.bisect_right(self._starts, text_offset) - 1
        return self.pieces[max(i, 0)]

    def source_start(self, text_offset: int) -> int:
        """Source offset of the character at text_offset."""
        piece = self._piece_at(text_offset)
        if piece.linear:
            return piece.src_start + min(text_offset - piece.text_start, piece.src_end - piece.src_start)
        return piece.src_start

    def source_end(self, text_end: int) -> int:
        """Source offset just after the character before text_end (exclusive end)."""
        if text_end <= 0:
            return self.source_start(0)
        piece = self._piece_at(text_end - 1)
        if piece.linear:
            return piece.src_start + (text_end - piece.text_start)
        return piece.src_end

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.source_start(start), self.source_end(max(end, start))

    def is_exact(self, start: int, end: int) -> bool:
        """True when text[start:end] is the source slice verbatim.

        Only then may a fix rewrite the source in place: every covering piece is
        linear and the pieces are contiguous in the source.
        """
        if end <= start:
            return True
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        expected_src: int | None = None
        while i < len(self.pieces) and self.pieces[i].text_start < end:
            piece = self.pieces[i]
            if piece.text_end > start:
                if not piece.linear:
                    return False
                seg_start = max(start, piece.text_start)
                src = piece.src_start + (seg_start - piece.text_start)
                if expected_src is not None and src != expected_src:
                    return False
                expected_src = piece.src_start + (min(end, piece.text_end) - piece.text_start)
            i += 1
        return True


class TextBuilder:
    """Builds a block's text and its OffsetMap together, piece by piece."""

    __slots__ = ("_parts", "_pieces", "_length")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pieces: list[Piece] = []
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def add_source(self, text: str, src_start: int) -> None:
        """Text that is verbatim the source starting at src_start."""
        if not text:
            return
        n = len(text)
        last = self._pieces[-1] if self._pieces else None
        if last is not None and last.linear and last.text_end == self._length and last.src_end == src_start:
            last.text_end += n
            last.src_end += n
        else:
            self._pieces.append(Piece(self._length, self._length + n, src_start, src_start + n))
        self._parts.append(text)
        self._length += n

    def add_replacement(self, text: str, src_start: int, src_end: int) -> None:
        """Text that stands for source[src_start:src_end] but is not verbatim (entity, escape)."""
        if not text:
            return
        n = len(text)
        # Even when the lengths agree the characters differ, so the piece must
        # never read as linear (a fix could otherwise rewrite "&#39;" in place).
        self._pieces.append(_NonLinearPiece(self._length, self._length + n, src_start, src_end))
        self._parts.append(text)
        self._length += n

    def text(self) -> str:
        return "".join(self._parts)

    def build(self) -> tuple[str, OffsetMap]:
        return self.text(), OffsetMap(self._pieces or [Piece(0, 0, 0, 0)])


class _NonLinearPiece(Piece):
    """A replacement piece whose text happens to be as long as its source."""

    __slots__ = ()

    @property
    def linear(self) -> bool:
        return False


@dataclass(slots=True)
class Block:
    """One unit of prose: headline, heading, paragraph, list item, blockquote, caption...

    kind is one of: headline, heading, paragraph, list, blockquote, caption, alt,
    table, meta. level is the heading level (1-6) for headings.
    """

    kind: str
    text: str
    offsets: OffsetMap
    level: int = 0
    name: str = ""  # the front-matter key for meta blocks
    # Filled lazily by newslint.segment, so each block is segmented once per run
    # however many rules ask.
    sentences: list[tuple[int, int]] | None = None
    quotes: list | None = None
    protected: list[tuple[int, int]] | None = None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span(start, end)


@dataclass(slots=True)
class Comment:
    """An in-text control comment, e.g. <!-- newslint off -->, with its source offsets."""

    body: str
    start: int
    end: int


@dataclass
class Document:
    """A decoded article: its path, source text, extracted blocks and line index."""

    path: str
    source: str
    blocks: list[Block] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    metadata: dict[str, object] = field(default_factory=dict)
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    # What the format reader could not make sense of (broken front matter): (source offset, message).
    # The rest of the article is still read and linted; the engine reports each as an input error.
    problems: list[tuple[int, str]] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False)

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.source.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in Unicode code points for a source offset."""
        starts = self.line_starts
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def end_position(self, end_offset: int) -> tuple[int, int]:
        """1-based (line, column) just past a span, as ruff, LSP and SARIF count it.

        An exclusive end means source[start:end] is exactly the match, and a
        zero-width span has end == start.
        """
        return self.position(end_offset)

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        if line < 1 or line > len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.source)
        return self.source[start:end].rstrip("\r")

    def iter_blocks(self, kinds: set[str] | None = None) -> Iterator[Block]:
        for block in self.blocks:
            if kinds is None or block.kind in kinds:
                yield block

    @property
    def headline(self) -> str:
        for block in self.blocks:
            if block.kind == "headline":
                return block.text
        return ""
