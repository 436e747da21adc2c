"""Sentences, words, direct quotations and protected spans within a block.

Results are cached on the Block, so a block is segmented once however many
rules ask. Quotations follow newsroom convention: double quotes, straight or
curly; a paragraph that opens a quote and never closes it runs on into the next
paragraph (Quote.closed is False).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .document import Block

# Words that end with a period without ending the sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen lt col sgt capt cmdr adm maj st jr sr inc ltd co corp
    vs etc al fig no nos vol approx dept univ est jan feb mar apr jun jul aug sep sept oct nov dec
    mt ft rev hon pres supt det insp"""
    .split()
)

_SENTENCE_END = regex.compile(r"""[.!?]+["'”’)\]]*(?=\s+|$)|\n+""")
_WORD = regex.compile(r"\w+(?:['’\-]\w+)*")
_PROTECTED = regex.compile(
    r"""(?:https?://|www\.)[^\s<>"“”]+[^\s<>"“”.,;:!?)\]]"""  # URLs
    r"""|(?<![\w.])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"""  # e-mail addresses
    r"""|\b(?:pic\.twitter\.com|t\.co)/\w+"""  # embedded-post links
    r"""|`[^`\n]+`"""  # inline code left in plain text
)

OPEN_QUOTES = "“„«"
CLOSE_QUOTES = "”»"


@dataclass(slots=True)
class Quote:
    """A direct quotation in a block: the marks at start/end, the words inside.

    end is exclusive; for a quote that runs on past the paragraph end, end is the
    block's length and closed is False.
    """

    start: int
    end: int
    closed: bool = True

    @property
    def inner(self) -> tuple[int, int]:
        inner_end = self.end - 1 if self.closed else self.end
        return self.start + 1, max(inner_end, self.start + 1)


def sentences(block: Block) -> list[tuple[int, int]]:
    """Sentence spans (start, end) over block.text, leading space trimmed."""
    if block.sentences is None:
        block.sentences = split_sentences(block.text)
    return block.sentences


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if m.group().startswith((".",)) and not m.group().startswith(".."):
            word_start = text.rfind(" ", start, m.start()) + 1
            word = text[word_start : m.start()].lower().lstrip("(\"'“‘")
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or regex.fullmatch(r"(?:\w\.)+\w", word):
                continue
            # "3.5", "U.S." handled above; a lowercase next word keeps the sentence going.
            nxt = regex.match(r"\s+([\"'“‘(]?)(\w)", text[end:])
            if nxt and nxt.group(2).islower():
                continue
        _append(spans, text, start, end)
        start = end
    if start < n:
        _append(spans, text, start, n)
    return spans


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    stop = end
    while stop > start and text[stop - 1] == "\n":
        stop -= 1
    if stop > start:
        spans.append((start, stop))


def words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Word spans in text[start:end]; apostrophes and hyphens stay inside words."""
    return [m.span() for m in _WORD.finditer(text, start, len(text) if end is None else end)]


def quotes(block: Block) -> list[Quote]:
    """Direct quotations in the block (double quotes, straight or curly)."""
    if block.quotes is None:
        block.quotes = find_quotes(block.text)
    return block.quotes


def find_quotes(text: str) -> list[Quote]:
    found: list[Quote] = []
    open_at: int | None = None
    open_char = ""
    for i, ch in enumerate(text):
        if ch in OPEN_QUOTES:
            if open_at is None:
                open_at, open_char = i, ch
            elif open_char == '"':
                pass
            else:
                # A second opening mark inside a quote: the first quote ran on unclosed
                # (a new paragraph-like restart in one block); start over here.
                found.append(Quote(open_at, i, closed=False))
                open_at, open_char = i, ch
        elif ch in CLOSE_QUOTES:
            if open_at is not None and open_char != '"':
                found.append(Quote(open_at, i + 1))
                open_at = None
        elif ch == '"':
            if open_at is None:
                open_at, open_char = i, ch
            elif open_char == '"':
                found.append(Quote(open_at, i + 1))
                open_at = None
    if open_at is not None:
        found.append(Quote(open_at, len(text), closed=False))
    return found


def protected_spans(block: Block) -> list[tuple[int, int]]:
    """URLs, e-mail addresses and code in the block: never linted as prose."""
    if block.protected is None:
        block.protected = [m.span() for m in _PROTECTED.finditer(block.text)]
    return block.protected


def in_spans(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) overlaps any span."""
    for s, e in spans:
        if s < end and start < e:
            return True
        if s >= end:
            break
    return False


def quote_spans(block: Block) -> list[tuple[int, int]]:
    return [(q.start, q.end) for q in quotes(block)]
