"""HTML articles (.html, .htm): prose blocks with exact offset maps, from any HTML.

The standard library's html.parser (convert_charrefs=False, so entities arrive
one by one with their positions) drives a small tree builder that is
deliberately forgiving: unclosed and stray tags, implicit </p> and </li>, and
markup the parser itself chokes on (the rest of that tag is skipped and
parsing resumes) never stop extraction.

What is prose: <title> is the headline (without a title, the first <h1> is);
h1-h6 are headings with their level; p paragraphs; li/dt/dd list items;
blockquote, figcaption/caption and td/th give their kinds to the text inside
them (the innermost such container wins, so <li><p> is a list item); img alt
text is an "alt" block; text directly inside div/section/article/body forms
paragraphs. Inline elements (a, em, span, b, abbr...) continue the current
block. Tags, attributes, comments, <script>, <style>, <noscript>,
<template>, <pre> and form controls are not prose; inline <code>/<kbd>/<samp>
stay in the sentence as a protected placeholder. Comments are in-text
controls (doc.comments).

Site chrome is not copy either: <nav> anywhere, and on a page that marks its
copy with <article> (or, without one, <main>), the page's own <footer> and
<aside> outside it (copyright lines, newsletter pitches, "most read" lists). A
<footer> or <aside> inside the article is still linted: a "Related stories"
box pasted into the copy is just what News.Boilerplate is for. A page-level
<header> is linted, because some pages put the headline there. A social post
embedded with its platform's markup (<blockquote class="twitter-tweet">,
"instagram-media", "tiktok-embed", ...) is the platform's text, not copy, and
is skipped the same way.

Whitespace collapses as a browser renders it: a run of spaces, tabs and line
breaks (CR included) becomes one space that maps to the whole run. A <br> is a
space too, but two in a row (the blank line a CMS writes between paragraphs)
end the paragraph. Entities are
decoded for the rules but map to their source characters.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from html.parser import HTMLParser

from ..document import Block, Comment, Document, TextBuilder
from ..segment import protected_spans

# Inline code stands in the sentence as U+FFFC OBJECT REPLACEMENT CHARACTER: not a
# word, not a space, so no rule reads it and no double space appears; the span is
# also protected.
CODE_PLACEHOLDER = "\ufffc"

VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
# Whose content is never prose.
SKIP = frozenset(
    "script style noscript template pre textarea select button svg math iframe object canvas".split()
)
CODE = frozenset({"code", "kbd", "samp"})
# Site chrome: navigation is never copy; a footer or aside is when it sits outside
# the element that holds the page's copy (see _copy_container).
NAVIGATION = "nav"
PAGE_CHROME = frozenset({"footer", "aside"})
# Social posts embedded the way each platform's embed code does it: the markup a
# CMS stores and a script renders. The post is the platform's text, not the copy.
# (Pasted into plain text, the same post is residue: News.Boilerplate's job.)
EMBED_CLASSES = frozenset(
    "twitter-tweet twitter-video instagram-media tiktok-embed fb-post fb-video reddit-embed-bq bluesky-embed "
    "threads-post".split()
)
_ARTICLE_TAG = re.compile(r"<article[\s/>]", re.IGNORECASE)
_MAIN_TAG = re.compile(r"<main[\s/>]", re.IGNORECASE)
HEADINGS = {f"h{i}": i for i in range(1, 7)}
# Elements that end the text run before them and start a new one after.
BLOCK = frozenset(
    """html head body title p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote figure figcaption table caption
    thead tbody tfoot tr td th div section article aside header footer nav main address hr pre form fieldset
    legend details summary dialog menu center hgroup search option optgroup""".split()
)
# The kind a container gives the text inside it.
CONTAINER_KIND = {
    "li": "list",
    "dt": "list",
    "dd": "list",
    "blockquote": "blockquote",
    "figcaption": "caption",
    "caption": "caption",
    "td": "table",
    "th": "table",
}
KIND_TAGS = frozenset(CONTAINER_KIND) | frozenset(HEADINGS) | {"title"}
# A start tag of one of these closes an open <p> (HTML's "close a p element").
P_CLOSERS = frozenset(
    """address article aside blockquote details dialog div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5
    h6 header hgroup hr main menu nav ol p pre section table ul li dd dt""".split()
)
P_SCOPE = frozenset("td th table caption html template button object marquee applet".split())
MAX_DEPTH = 512

_GAP = re.compile(r"[\t\n\r\f]|  ")
_TEXT_RUN = re.compile(r"[^ \t\n\r\f]+(?: [^ \t\n\r\f]+)*")
_ALT_ATTR = re.compile(r"""[\s/"']alt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_COMMENT_CLOSE = re.compile(r"--!?>")
# What may stand between two <br> that still leave a blank line: spaces, no-break
# spaces, comments and tags ("<br>&nbsp;<br>", "<br></b><br>").
_BLANK_BETWEEN = re.compile(r"(?:\s|&nbsp;|&#160;|&#[xX]0*[aA]0;|<!--.*?-->|</?[A-Za-z][^<>]*>)*", re.DOTALL)
_MARKUP_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!/?")


def extract(doc: Document) -> None:
    state = _State(doc, _copy_container(doc.source))
    _feed(state, 0, len(doc.source))
    state.finish()


def extract_fragment(doc: Document, start: int, end: int) -> None:
    """The prose of raw HTML inside another format: a Markdown HTML block.

    It is a fragment, not a page: no site chrome, and no headline (the host
    format decides that). Its comments are left to the host, which reads the
    in-text controls of the whole document.
    """
    state = _State(doc, None, headline_taken=True, read_comments=False)
    _feed(state, start, end)
    state.finish()


def _feed(state: _State, start: int, end: int) -> None:
    source = state.doc.source
    pos = start
    while pos < end:
        parser = _Parser(state, pos)
        try:
            parser.feed(source[pos:end])
            parser.close()
            break
        except Exception:  # noqa: BLE001 - html.parser can raise on odd markup; skip that tag, go on
            try:
                bad = max(parser.source_offset(), pos)
            except Exception:  # noqa: BLE001 - position unknown: give up on the rest
                break
            gt = source.find(">", bad + 1, end)
            pos = end if gt < 0 else gt + 1


class _Run:
    """The text run of the block being built: whitespace collapsing, entities, protected spans."""

    __slots__ = ("builder", "pending", "protected")

    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.pending: tuple[int, int, bool] | None = None  # whitespace waiting: start, end, verbatim " "
        self.protected: list[tuple[int, int]] = []

    def space(self, start: int, end: int, verbatim: bool = False) -> None:
        if self.pending is None:
            self.pending = (start, end, verbatim)
        else:
            self.pending = (self.pending[0], end, False)

    def _flush_space(self, before: int) -> None:
        if self.pending is not None:
            start, end, verbatim = self.pending
            self.pending = None
            if len(self.builder):
                if verbatim and end == before:
                    self.builder.add_source(" ", start)
                else:
                    self.builder.add_replacement(" ", start, end)

    def verbatim(self, text: str, start: int) -> None:
        """Source text as it stands (may contain whitespace runs to collapse)."""
        if not _GAP.search(text):
            # The common case: words and single spaces, one piece.
            lead = 1 if text[:1] == " " else 0
            body_end = len(text) - 1 if text[-1:] == " " and len(text) > lead else len(text)
            if lead:
                self.space(start, start + 1, True)
            if body_end > lead:
                self._flush_space(start + lead)
                self.builder.add_source(text[lead:body_end] if lead or body_end < len(text) else text, start + lead)
            if body_end < len(text) and body_end >= lead and body_end > 0:
                self.space(start + body_end, start + len(text), True)
            return
        pos = 0
        for m in _TEXT_RUN.finditer(text):
            if m.start() > pos:
                gap = text[pos : m.start()]
                self.space(start + pos, start + m.start(), gap == " ")
            self._flush_space(start + m.start())
            self.builder.add_source(m.group(), start + m.start())
            pos = m.end()
        if pos < len(text):
            self.space(start + pos, start + len(text), text[pos:] == " ")

    def replacement(self, text: str, start: int, end: int, protect: bool = False) -> None:
        if not text:
            return
        if text.isspace() and "\xa0" not in text:
            self.space(start, end)
            return
        self._flush_space(start)
        at = len(self.builder)
        self.builder.add_replacement(text, start, end)
        if protect:
            self.protected.append((at, at + len(text)))

    def raw(self, raw: str, start: int) -> None:
        """Source text that may contain entities (an attribute value)."""
        pos = 0
        for m in _ENTITY.finditer(raw):
            decoded = _unescape(m.group())
            if decoded == m.group():
                continue
            if m.start() > pos:
                self.verbatim(raw[pos : m.start()], start + pos)
            self.replacement(_entity_text(decoded), start + m.start(), start + m.end())
            pos = m.end()
        if pos < len(raw):
            self.verbatim(raw[pos:], start + pos)


@functools.lru_cache(maxsize=4096)
def _unescape(raw: str) -> str:
    return html.unescape(raw)


def _entity_text(decoded: str) -> str:
    # A decoded line break or tab is whitespace to collapse, not a sentence break.
    return decoded.translate(_WS_TO_SPACE)


_WS_TO_SPACE = {ord(c): " " for c in "\t\n\r\f\v"}


def _is_embed(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag not in ("blockquote", "div"):
        return False
    return any(name == "class" and value and not EMBED_CLASSES.isdisjoint(value.split()) for name, value in attrs)


def _copy_container(source: str) -> str | None:
    """The element that holds a whole page's copy: <article>, else <main>; None for a fragment."""
    if _ARTICLE_TAG.search(source):
        return "article"
    if _MAIN_TAG.search(source):
        return "main"
    return None


class _State:
    """The element stack and the blocks built so far; survives parser restarts."""

    def __init__(self, doc: Document, copy_container: str | None, headline_taken: bool = False, read_comments: bool = True):
        self.doc = doc
        self.read_comments = read_comments
        self.stack: list[str] = []
        self.kinds: list[str] = []  # the KIND_TAGS on the stack, innermost last
        self.skip = 0  # SKIP elements and site chrome open
        self.chrome_at: list[int] = []  # stack indices of open site-chrome elements
        self.copy_container = copy_container
        self.code_depth = 0
        self.code_start = -1
        self.run: _Run | None = None
        self.run_kind: tuple[str, int] = ("paragraph", 0)
        self.alts: list[Block] = []
        self.has_headline = headline_taken
        self.comment_to_end = False
        self.break_end = -1  # where the last <br> ended: a second right after it ends the paragraph

    # -- the element stack --------------------------------------------------

    def push(self, tag: str, embed: bool = False) -> None:
        chrome = embed or self._is_chrome(tag)
        if len(self.stack) >= MAX_DEPTH and tag not in KIND_TAGS and tag not in SKIP and tag not in CODE and not chrome:
            return  # a pathologically deep inline nest; nothing below it needs tracking
        self.stack.append(tag)
        if tag in KIND_TAGS:
            self.kinds.append(tag)
        if tag in SKIP:
            self.skip += 1
        if chrome:
            self.chrome_at.append(len(self.stack) - 1)
            self.skip += 1
        if tag in CODE:
            self.code_depth += 1

    def pop_to(self, tag: str) -> bool:
        """Close tag and everything opened inside it; False when tag is not open."""
        stack = self.stack
        for index in range(len(stack) - 1, -1, -1):
            if stack[index] == tag:
                while len(stack) > index:
                    self._pop()
                return True
        return False

    def _is_chrome(self, tag: str) -> bool:
        if tag == NAVIGATION:
            return True
        return tag in PAGE_CHROME and self.copy_container is not None and self.copy_container not in self.stack

    def _pop(self) -> None:
        if self.chrome_at and self.chrome_at[-1] == len(self.stack) - 1:
            self.chrome_at.pop()
            self.skip -= 1
        tag = self.stack.pop()
        if tag in KIND_TAGS and self.kinds:
            self.kinds.pop()
        if tag in SKIP:
            self.skip -= 1
        if tag in CODE:
            self.code_depth -= 1

    def open_in_scope(self, tag: str, boundaries: frozenset[str]) -> bool:
        for open_tag in reversed(self.stack):
            if open_tag == tag:
                return True
            if open_tag in boundaries:
                return False
        return False

    # -- blocks ----------------------------------------------------------------

    def current_kind(self) -> tuple[str, int]:
        for tag in reversed(self.kinds):
            if tag in HEADINGS:
                return "heading", HEADINGS[tag]
            if tag == "title":
                return "headline", 1
            return CONTAINER_KIND[tag], 0
        return "paragraph", 0

    def text_run(self) -> _Run | None:
        """The run text goes into now, or None inside non-prose elements."""
        if self.skip or self.code_depth:
            return None
        if self.run is None:
            self.run = _Run()
            self.run_kind = self.current_kind()
        return self.run

    def flush(self) -> None:
        run, self.run = self.run, None
        if run is not None and len(run.builder):
            text, offsets = run.builder.build()
            if text.strip():
                kind, level = self.run_kind
                if kind == "headline" or (kind == "heading" and level == 1 and not self.has_headline):
                    if self.has_headline:
                        kind = "heading"
                    else:
                        kind, self.has_headline = "headline", True
                block = Block(kind, text, offsets, level=level)
                if run.protected:
                    block.protected = sorted(protected_spans(block) + run.protected)
                self.doc.blocks.append(block)
        if self.alts:
            self.doc.blocks.extend(self.alts)
            self.alts = []

    def alt_text(self, tag_text: str, start: int) -> None:
        if self.skip:
            return
        m = _ALT_ATTR.search(tag_text)
        if m is None:
            return
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        run = _Run()
        run.raw(m.group(group), start + m.start(group))
        text, offsets = run.builder.build()
        if text.strip():
            self.alts.append(Block("alt", text, offsets))
        if self.run is None:
            self.flush()  # no block open: the alt text goes out now, in document order

    def finish(self) -> None:
        self.flush()


class _Parser(HTMLParser):
    """Feeds html.parser events, with source offsets, into a _State."""

    def __init__(self, state: _State, base: int):
        super().__init__(convert_charrefs=False)
        self.state = state
        self.source = state.doc.source
        self.base = base
        self.line_starts = state.doc.line_starts
        self.base_line = self._line_of(base)

    def _line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    def source_offset(self) -> int:
        """Source offset of the event being handled."""
        line, col = self.getpos()
        if line == 1:
            return self.base + col
        return self.line_starts[self.base_line + line - 1] + col

    # -- tags ------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, self.get_starttag_text() or "", self_closing=False, attrs=attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, self.get_starttag_text() or "", self_closing=True)

    def _start(self, tag: str, text: str, self_closing: bool, attrs: list[tuple[str, str | None]] = ()) -> None:
        state = self.state
        start = self.source_offset()
        end = start + len(text)
        if tag == "br":
            self._line_break(start, end)
            return
        if tag == "img":
            state.alt_text(text, start)
            return
        if tag in BLOCK:
            state.flush()
        if tag in VOID or self_closing:
            return
        if tag in P_CLOSERS and state.open_in_scope("p", P_SCOPE):
            state.pop_to("p")
        if tag == "li" and state.open_in_scope("li", frozenset({"ul", "ol", "menu"})):
            state.pop_to("li")
        elif tag in ("dt", "dd"):
            for other in ("dt", "dd"):
                if state.open_in_scope(other, frozenset({"dl"})):
                    state.pop_to(other)
        elif tag in ("td", "th"):
            for other in ("td", "th"):
                if state.open_in_scope(other, frozenset({"tr", "table"})):
                    state.pop_to(other)
        elif tag == "tr" and state.open_in_scope("tr", frozenset({"table"})):
            state.pop_to("tr")
        elif tag in HEADINGS and state.stack and state.stack[-1] in HEADINGS:
            state.pop_to(state.stack[-1])
        if tag in CODE and not state.skip and not state.code_depth:
            state.code_start = start
        state.push(tag, _is_embed(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        state = self.state
        start = self.source_offset()
        if tag == "br":  # </br> is a <br> to browsers
            self._line_break(start, start + 5)
            return
        close = self.source.find(">", start)
        end = len(self.source) if close < 0 else close + 1
        was_code = tag in CODE and state.code_depth == 1 and not state.skip and state.code_start >= 0
        if tag in BLOCK:
            state.flush()
        if not state.pop_to(tag):
            return
        if was_code and not state.code_depth:
            run = state.text_run()
            if run is not None:
                run.replacement(CODE_PLACEHOLDER, state.code_start, end, protect=True)
            state.code_start = -1
        if tag in BLOCK:
            state.flush()

    def _line_break(self, start: int, end: int) -> None:
        """A <br> is a space in the sentence; two in a row (a blank line, as a CMS
        writes paragraphs) end the paragraph, as a reader sees it."""
        state = self.state
        if state.skip or state.code_depth:
            return  # inside code or a skipped element: no prose to break
        if state.break_end >= 0 and _BLANK_BETWEEN.fullmatch(self.source, state.break_end, start):
            state.flush()
        else:
            run = state.text_run()
            if run is not None:
                run.space(start, end)
        state.break_end = end

    # -- text ------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        if self.state.comment_to_end:
            return
        start = self.source_offset()
        if data[:1] == "<":
            # html.parser hands back markup it could not finish (an attribute quote
            # never closed, a comment never ended) as text at the end of input.
            if self.source.startswith("<!--", start):
                self.state.comment_to_end = True  # as browsers do: a comment to the end
                return
            if data[1:2] in _MARKUP_START:
                return
        run = self.state.text_run()
        if run is not None:
            run.verbatim(data, start)

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)

    def _reference(self, text: str) -> None:
        run = self.state.text_run()
        if run is None:
            return
        start = self.source_offset()
        end = start + len(text)
        if self.source.startswith(";", end):
            end += 1
        raw = self.source[start:end]
        decoded = _unescape(raw)
        if decoded == raw:
            run.verbatim(raw, start)
        else:
            run.replacement(_entity_text(decoded), start, end)

    # -- not prose -----------------------------------------------------------

    def handle_comment(self, data: str) -> None:
        if not self.state.read_comments:
            return
        start = self.source_offset()
        if not self.source.startswith("<!--", start):
            return  # a bogus comment such as <!x> or </ x>: markup, but no control
        m = _COMMENT_CLOSE.search(self.source, start + 4 + len(data))
        end = m.end() if m else start + 4 + len(data)
        self.state.doc.comments.append(Comment(data.strip(), start, end))

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass
