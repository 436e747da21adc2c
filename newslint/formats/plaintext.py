"""Plain-text articles: one block per paragraph, a headline on line 1, short lines as headings.

News copy arrives in two shapes: scraped text with one paragraph per line, and
hard-wrapped text with paragraphs separated by blank lines. A run of lines is
joined into one paragraph only when it looks hard-wrapped (short lines that
mostly stop mid-sentence); otherwise every line is its own block, so a heading
line is never glued to the paragraph under it.

An HTML comment alone on a line (<!-- newslint off -->) is an in-text control,
not prose.
"""

from __future__ import annotations

import regex

from ..document import Block, Comment, Document, TextBuilder

_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
_COMMENT_LINE = regex.compile(r"^[ \t]*(<!--(.*?)-->)[ \t]*$")
_TERMINAL = ('.', '!', '?', '"', '”', '’', ':', ';', ',', ')')
WRAP_WIDTH = 100
HEADING_MAX_WORDS = 12


def _lines(source: str) -> list[tuple[int, int]]:
    """(start, end) of each line without its line break.

    A lone CR (old Mac files) ends a line too, so no '\r' ever reaches block
    text. Most files have only LF breaks: str.split finds them in C.
    """
    lines: list[tuple[int, int]] = []
    pos = 0
    if "\r" not in source:
        for line in source.split("\n"):
            end = pos + len(line)
            lines.append((pos, end))
            pos = end + 1
        return lines
    for m in _LINE_BREAK.finditer(source):
        lines.append((pos, m.start()))
        pos = m.end()
    lines.append((pos, len(source)))
    return lines


def extract(doc: Document) -> None:
    source = doc.source
    lines = _lines(source)

    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    may_comment = "<!--" in source
    for start, end in lines:
        text = source[start:end]
        comment = _COMMENT_LINE.match(text) if may_comment else None
        if comment:
            # The span is the comment itself, "<!--" to "-->", as in the other formats.
            doc.comments.append(Comment(comment.group(2).strip(), start + comment.start(1), start + comment.end(1)))
            if current:
                runs.append(current)
                current = []
            continue
        if text.strip():
            current.append((start, end))
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)

    first = True
    for run in runs:
        groups = [run] if _hard_wrapped(source, run) else [[line] for line in run]
        for group in groups:
            block = _block(source, group)
            if block is None:
                continue
            if first and _is_headline(block.text):
                block.kind = "headline"
                block.level = 1
            elif len(group) == 1 and _is_heading(block.text):
                block.kind = "heading"
                block.level = 2
            first = False
            doc.blocks.append(block)


def _block(source: str, group: list[tuple[int, int]]) -> Block | None:
    builder = TextBuilder()
    previous_end: int | None = None
    for start, end in group:
        while start < end and source[start] in " \t\u00a0\ufeff":
            start += 1
        while end > start and source[end - 1] in " \t":
            end -= 1
        if start >= end:
            continue
        if previous_end is not None:
            # The line break (and any \r) stands for one space between words.
            builder.add_replacement(" ", previous_end, start)
        builder.add_source(source[start:end], start)
        previous_end = end
    if not len(builder):
        return None
    text, offsets = builder.build()
    return Block("paragraph", text, offsets)


def _hard_wrapped(source: str, run: list[tuple[int, int]]) -> bool:
    if len(run) < 2:
        return False
    body = run[:-1]
    if any(end - start > WRAP_WIDTH for start, end in body):
        return False
    open_ended = sum(1 for start, end in body if not source[start:end].rstrip().endswith(_TERMINAL))
    return open_ended * 2 >= len(body)


def _is_headline(text: str) -> bool:
    words = text.split(maxsplit=20)  # 21 pieces mean "more than 20 words", without splitting a long paragraph
    if not words or len(words) > 20:
        return False
    return not text.rstrip().endswith((".", ",", ";", ":", '"', "”"))


def _is_heading(text: str) -> bool:
    stripped = text.strip()
    words = stripped.split(maxsplit=HEADING_MAX_WORDS)
    if not words or len(words) > HEADING_MAX_WORDS:
        return False
    if stripped.endswith((".", ",", ";", ":", '"', "”", "’", ")")) or stripped[0] in "\"“‘'(—–-•*":
        return False
    if any(ch in stripped for ch in "“”\"") or "@" in stripped or "://" in stripped:
        return False
    return stripped[0].isupper() or stripped[0].isdigit()
