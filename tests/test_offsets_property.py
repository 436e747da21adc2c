"""Property: a finding's (line, column)-(end_line, end_column) is exactly its match in the source.

Documents are generated in all three formats, with CRLF or LF line ends, a BOM
or none, non-ASCII filler (accents, Greek, Cyrillic, CJK, emoji) and each
format's markup around the words: Markdown emphasis, entities, escapes, code,
links, images, lists, blockquotes, tables, front matter; HTML entities, tags,
comments, script and style. A word News.Said flags ("exclaimed") is planted in
prose and in places that are not prose (code, link targets, attributes,
comments). The real pipeline runs on the bytes; then, independently of
newslint, the test slices the decoded file at each finding's span and checks
that it is the finding's match and a planted word - and that every planted
word in prose was found, so an extractor that drops text fails too.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.engine import Options, lint_text, run

# Words News.Said flags wherever they stand (it flags "stated" and "noted" only
# in attribution contexts); checked against the rule as it is, so the test
# follows the rule file.
CANDIDATES = ["exclaimed", "quipped", "opined", "chortled", "averred", "Exclaimed", "QUIPPED", "stated"]


def _flagged_anywhere(word: str) -> bool:
    contexts = [f"The minister {word} today", f"{word} x", f"the {word}, and"]
    return all(len(lint_text(c, "probe.txt", ["News.Said"])) == 1 for c in contexts)


FLAGGED = [w for w in CANDIDATES if _flagged_anywhere(w)]
assert FLAGGED, "News.Said flags none of the candidate words; update CANDIDATES"
FILLER = [
    "café", "naïve", "Zürich", "señor", "Ελλάδα", "Москва", "東京", "北京市", "😀", "🇫🇷", "the", "minister",
    "budget", "rise", "Ünïcödé", "coöperate", "x", "42", "déjà", "vu",
]

words = st.sampled_from(FILLER)
flagged = st.sampled_from(FLAGGED)


@dataclass
class Doc:
    """Fragments of a document; the offsets of planted words that must be found."""

    parts: list[str] = field(default_factory=list)
    expected: list[int] = field(default_factory=list)
    length: int = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def plant(self, word: str, prose: bool) -> None:
        if prose:
            self.expected.append(self.length)
        self.add(word)

    def text(self) -> str:
        return "".join(self.parts)


# -- generators ----------------------------------------------------------------
# Each draws a list of "items": ("t", text) plain markup/filler, ("p", word) a
# planted word in prose, ("n", word) a planted word that is not prose.


@st.composite
def md_inline(draw, allow_breaks: bool = True) -> list[tuple[str, str]]:
    """One Markdown line of inline content; it always starts with a filler word."""
    items: list[tuple[str, str]] = [("t", draw(words))]
    for _ in range(draw(st.integers(1, 7))):
        items.append(("t", " "))
        choice = draw(st.integers(0, 16))
        if choice == 0:
            items.append(("p", draw(flagged)))
        elif choice == 14:
            tag = draw(st.sampled_from(["code", "script", "kbd"]))
            items += [("t", f"<{tag}>"), ("n", draw(flagged)), ("t", f"</{tag}>")]
        elif choice == 1:
            items += [("t", "*"), ("p", draw(flagged)), ("t", "*")]
        elif choice == 2:
            items += [("t", "**" + draw(words) + " "), ("p", draw(flagged)), ("t", "**")]
        elif choice == 3:
            items += [("t", "caf&eacute; &amp; &#233;&#x4E2D; "), ("p", draw(flagged))]
        elif choice == 4:
            items += [("t", "\\* \\_ \\[ \\` "), ("p", draw(flagged))]
        elif choice == 5:
            items += [("t", "`"), ("n", draw(flagged)), ("t", "`")]
        elif choice == 6:
            items += [("t", "``a ` "), ("n", draw(flagged)), ("t", "``")]
        elif choice == 7:
            items += [("t", "[" + draw(words) + " "), ("p", draw(flagged)), ("t", "](http://example.com/"),
                      ("n", draw(flagged)), ("t", ' "title")')]
        elif choice == 8:
            items += [("t", "![" + draw(words) + " "), ("p", draw(flagged)), ("t", "](img/"), ("n", draw(flagged)), ("t", ".png)")]
        elif choice == 9:
            items += [("t", "<http://example.com/"), ("n", draw(flagged)), ("t", ">")]
        elif choice == 10:
            items += [("t", "<span>"), ("p", draw(flagged)), ("t", "</span>")]
        elif choice == 11:
            items += [("t", "<!-- "), ("n", draw(flagged)), ("t", " -->")]
        elif choice == 12:
            items += [("t", "_"), ("p", draw(flagged)), ("t", "_ ~~" + draw(words) + "~~")]
        elif choice == 13:
            items += [("t", "&amp;"), ("p", draw(flagged)), ("t", " <br> " + draw(words))]
        else:
            items.append(("t", draw(words)))
    return items


@st.composite
def md_lines(draw, max_lines: int = 3) -> list[list[tuple[str, str]]]:
    return [draw(md_inline()) for _ in range(draw(st.integers(1, max_lines)))]


def _join_lines(
    lines: list[list[tuple[str, str]]], prefix: str = "", cont_prefix: str | None = None, breaks: list[str] | None = None
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        out.append(("t", prefix if i == 0 else (cont_prefix if cont_prefix is not None else prefix)))
        out += line
        if i < len(lines) - 1:
            out.append(("t", breaks[i % len(breaks)] if breaks else "\n"))
    out.append(("t", "\n"))
    return out


@st.composite
def md_block(draw, depth: int = 0) -> list[tuple[str, str]]:
    kind = draw(st.integers(0, 11 if depth == 0 else 5))
    breaks = draw(st.lists(st.sampled_from(["\n", "  \n", "\\\n", " \n"]), min_size=1, max_size=3))
    if kind <= 1:  # paragraph
        return _join_lines(draw(md_lines()), breaks=breaks)
    if kind == 2:  # ATX heading
        hashes = "#" * draw(st.integers(1, 6))
        closing = draw(st.sampled_from(["", " " + hashes, " #"]))
        return [("t", hashes + " ")] + draw(md_inline()) + [("t", closing + "\n")]
    if kind == 3:  # setext heading
        return draw(md_inline()) + [("t", "\n" + draw(st.sampled_from(["===", "---", "=========="])) + "\n")]
    if kind == 4:  # list, maybe nested, with continuation lines
        marker = draw(st.sampled_from(["- ", "* ", "1. ", "2) "]))
        indent = " " * len(marker)
        out: list[tuple[str, str]] = []
        for _ in range(draw(st.integers(1, 3))):
            lazy = draw(st.booleans())
            out += _join_lines(draw(md_lines()), marker, "" if lazy else indent)
            if draw(st.booleans()):
                out += _join_lines(draw(md_lines(2)), indent + "- ", indent + "  ")
        return out
    if kind == 5:  # blockquote, maybe nested or holding a list, with lazy lines
        prefix = draw(st.sampled_from(["> ", ">", "> > ", ">  ", "> - "]))
        lazy = draw(st.booleans())
        return _join_lines(draw(md_lines()), prefix, "" if lazy else prefix.replace("-", " "))
    if kind == 6:  # fenced code
        fence = draw(st.sampled_from(["```", "~~~", "````"]))
        return [("t", fence + "text\n" + draw(words) + " "), ("n", draw(flagged)), ("t", "\n" + fence + "\n")]
    if kind == 7:  # indented code (the comment ends a list above, or the code would continue it)
        return [("t", "<!-- end -->\n\n    " + draw(words) + " "), ("n", draw(flagged)), ("t", "\n")]
    if kind == 8:  # table
        cols = draw(st.integers(1, 3))
        out = []
        for row in range(draw(st.integers(1, 3)) + 1):
            out.append(("t", "|"))
            for _ in range(cols):
                out.append(("t", " "))
                cell = draw(md_inline())
                out += [item for item in cell if not (item[0] == "t" and ("<br>" in item[1] or "\n" in item[1]))]
                out.append(("t", " |"))
            out.append(("t", "\n"))
            if row == 0:
                out.append(("t", "|" + "---|" * cols + "\n"))
        return out
    if kind == 9:  # HTML comment block (not prose), raw HTML block (its text is prose), <script> block (not)
        return [("t", "<!-- "), ("n", draw(flagged)), ("t", " -->\n\n<div>\n"), ("p", draw(flagged)),
                ("t", " caf&eacute; &amp; <em>"), ("p", draw(flagged)), ("t", "</em>\n</div>\n\n<script>\n"),
                ("n", draw(flagged)), ("t", "\n</script>\n")]
    if kind == 10:  # link reference definition
        return [("t", "[ref]: http://example.com/"), ("n", draw(flagged)), ("t", ' "' + draw(words) + '"\n')]
    return [("t", "---\n")]  # thematic break


@st.composite
def markdown_doc(draw) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    if draw(st.booleans()):
        items += [("t", "---\ntitle: " + draw(words) + " "), ("p", draw(flagged)), ("t", " " + draw(words) + "\nstory: "),
                  ("n", draw(flagged)), ("t", "\nsummary: "), ("n", draw(flagged)), ("t", "\n---\n")]
    for _ in range(draw(st.integers(1, 6))):
        block = draw(md_block())
        if not items and block == [("t", "---\n")]:
            # A file that opens with "---" opens front matter (Jekyll/Hugo convention), so a
            # thematic break in first place is written the other CommonMark way.
            block = [("t", "***\n")]
        items += block
        items.append(("t", "\n"))
    return items


@st.composite
def html_inline(draw) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = [("t", draw(words))]
    for _ in range(draw(st.integers(1, 7))):
        items.append(("t", draw(st.sampled_from([" ", "\n  ", " \t", "  "]))))
        choice = draw(st.integers(0, 12))
        if choice == 0:
            items.append(("p", draw(flagged)))
        elif choice == 1:
            items += [("t", "<em>"), ("p", draw(flagged)), ("t", "</em>")]
        elif choice == 2:
            items += [("t", "caf&eacute; &amp; &#233;&#x4E2D;&nbsp;"), ("p", draw(flagged))]
        elif choice == 3:
            items += [("t", '<a href="/'), ("n", draw(flagged)), ("t", '" title="'), ("n", draw(flagged)), ("t", '">'),
                      ("p", draw(flagged)), ("t", "</a>")]
        elif choice == 4:
            items += [("t", "<code>"), ("n", draw(flagged)), ("t", "</code>")]
        elif choice == 5:
            items += [("t", "<!-- "), ("n", draw(flagged)), ("t", " -->")]
        elif choice == 6:
            items += [("t", "<script>var s = '<p>"), ("n", draw(flagged)), ("t", "</p>';</script>")]
        elif choice == 7:
            items += [("t", "<br>"), ("p", draw(flagged)), ("t", "<br/>")]
        elif choice == 8:
            items += [("t", '<img src="x.png" alt="caf&eacute; '), ("p", draw(flagged)), ("t", '">')]
        elif choice == 9:
            items += [("t", "&mdash;"), ("p", draw(flagged)), ("t", "&hellip;")]
        elif choice == 10:
            items += [("t", "<span class=x>"), ("p", draw(flagged)), ("t", "</span> <b>" + draw(words) + "</b>")]
        else:
            items.append(("t", draw(words)))
    return items


@st.composite
def html_doc(draw) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = [("t", "<!DOCTYPE html>\n<html>\n<head>\n")]
    if draw(st.booleans()):
        items += [("t", "<title>" + draw(words) + " "), ("p", draw(flagged)), ("t", "</title>\n")]
    items += [("t", "<style>.x { content: '"), ("n", draw(flagged)), ("t", "' }</style>\n</head>\n<body>\n")]
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 9))
        body = draw(html_inline())
        if kind <= 1:
            close = draw(st.sampled_from(["</p>", ""]))
            items += [("t", "<p>")] + body + [("t", close + "\n")]
        elif kind == 2:
            level = draw(st.integers(1, 6))
            items += [("t", f"<h{level}>")] + body + [("t", f"</h{level}>\n")]
        elif kind == 3:
            items += [("t", "<ul>\n  <li>")] + body + [("t", "\n  <li><p>")] + draw(html_inline())
            items += [("t", "</p>\n  <ul><li>")] + draw(html_inline()) + [("t", "</ul>\n</ul>\n")]
        elif kind == 4:
            items += [("t", "<blockquote>\n<p>")] + body + [("t", "</p>\n</blockquote>\n")]
        elif kind == 5:
            items += [("t", "<table><tr><th>")] + body + [("t", "<td>")] + draw(html_inline()) + [("t", "</table>\n")]
        elif kind == 6:
            items += [("t", "<figure><figcaption>")] + body + [("t", "</figcaption></figure>\n")]
        elif kind == 7:
            items += [("t", "<div>\n")] + body + [("t", "\n</div>\n")]
        elif kind == 8:
            items += [("t", "<pre>"), ("n", draw(flagged)), ("t", "</pre>\n<noscript>"), ("n", draw(flagged)),
                      ("t", "</noscript><template><p>"), ("n", draw(flagged)), ("t", "</template>\n")]
        else:
            items += [("t", "<section>")] + body + [("t", "</section>\n")]
    items.append(("t", "</body>\n</html>\n"))
    return items


@st.composite
def plain_doc(draw) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for _ in range(draw(st.integers(1, 5))):
        for _ in range(draw(st.integers(1, 3))):
            items.append(("t", draw(st.sampled_from(["", " ", "\t", "\u00a0"])) + draw(words)))
            for _ in range(draw(st.integers(1, 8))):
                items.append(("t", " "))
                if draw(st.integers(0, 4)) == 0:
                    items.append(("p", draw(flagged)))
                else:
                    items.append(("t", draw(words)))
            items.append(("t", draw(st.sampled_from(["", ".", " ", ","])) + "\n"))
        items.append(("t", "\n"))
    return items


# -- the property ----------------------------------------------------------------


def _build(items: list[tuple[str, str]], newline: str) -> Doc:
    doc = Doc()
    for kind, text in items:
        text = text.replace("\n", newline)
        if kind == "t":
            doc.add(text)
        else:
            doc.plant(text, kind == "p")
    return doc


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _offset(lines: list[str], line: int, column: int) -> int:
    return sum(len(ln) + 1 for ln in lines[: line - 1]) + column - 1


def _check(items: list[tuple[str, str]], suffix: str, crlf: bool, bom: bool) -> None:
    doc = _build(items, "\r\n" if crlf else "\n")
    data = (codecs.BOM_UTF8 if bom else b"") + doc.text().encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "article" + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        result = run(Options(paths=[path], select=["News.Said"], jobs=1))
        decoded = open(path, encoding="utf-8-sig", newline="").read()
    assert decoded == doc.text()
    lines = decoded.split("\n")
    assert not [f for f in result.findings if f.kind == "error"], [f.message for f in result.findings]
    found = set()
    for f in result.findings:
        start = _offset(lines, f.line, f.column)
        end = _offset(lines, f.end_line, f.end_column)
        sliced = decoded[start:end]
        assert sliced == f.match, (f.line, f.column, sliced, f.match, doc.text())
        assert sliced in FLAGGED, (sliced, doc.text())
        found.add((f.line, f.column))
    expected = {_position(decoded, offset) for offset in doc.expected}
    assert found == expected, (sorted(expected - found), sorted(found - expected), doc.text())


COMMON = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@COMMON
@given(markdown_doc(), st.sampled_from([".md", ".markdown"]), st.booleans(), st.booleans())
def test_markdown_positions(items: list[tuple[str, str]], suffix: str, crlf: bool, bom: bool) -> None:
    _check(items, suffix, crlf, bom)


@COMMON
@given(html_doc(), st.sampled_from([".html", ".htm"]), st.booleans(), st.booleans())
def test_html_positions(items: list[tuple[str, str]], suffix: str, crlf: bool, bom: bool) -> None:
    _check(items, suffix, crlf, bom)


@COMMON
@given(plain_doc(), st.booleans(), st.booleans())
def test_plaintext_positions(items: list[tuple[str, str]], crlf: bool, bom: bool) -> None:
    _check(items, ".txt", crlf, bom)


# -- any input: no crash, and every verbatim piece is verbatim ---------------------

MARKUP_ALPHABET = st.sampled_from(
    list("ab café東😀 \t\n\r*_`~#>-+=|\\[]()!<>&;:/\"'.0123456789")
    + ["&amp;", "&eacute;", "&#233;", "&#x1F600;", "<!-- x -->", "<p>", "</p>", "<br>", "<li>", "<script>", "</script>",
       "<code>", "</code>", "<img alt='a &amp; b'>", "```", "    ", "- ", "1. ", "> ", "---\n", "+++\n", "title: x\n",
       "| a | b |\n|---|---|\n", "[x](y \"t\")", "![a](b)", "<http://x.y>", "\\\n", "  \n", "\ufeff", "\u00a0", "\0",
       "<![foo[", "<!x", "</", "<?pi>", "<a title='x>y'>", "<td>", "<title>", "<pre>", "<h1>", "\t- ", ">\t", "&#0;", "&#xD800;"]
)


def _check_invariants(text: str, fmt: str) -> None:
    from newslint.document import Document
    from newslint.formats import parse

    doc = Document("fuzz", text)
    parse(doc, fmt)
    for block in doc.blocks:
        assert "\r" not in block.text, (fmt, block.kind, block.text)
        for piece in block.offsets.pieces:
            assert 0 <= piece.src_start <= piece.src_end <= len(text), (fmt, piece, text)
            if piece.linear:
                assert block.text[piece.text_start : piece.text_end] == text[piece.src_start : piece.src_end], (fmt, piece, text)
        assert block.offsets.pieces[-1].text_end == len(block.text) or not block.text
    for comment in doc.comments:
        assert 0 <= comment.start <= comment.end <= len(text)
        assert text[comment.start : comment.end].startswith("<!--")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKUP_ALPHABET, max_size=80).map("".join), st.sampled_from(["markdown", "html", "plaintext"]))
def test_any_input_maps_verbatim_pieces_exactly(text: str, fmt: str) -> None:
    _check_invariants(text, fmt)
