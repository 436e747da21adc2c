"""Markdown articles (.md, .markdown): front matter, prose blocks and exact offset maps.

markdown-it-py (CommonMark + GFM tables and strikethrough) finds the structure;
it gives line ranges only, so this module works out every column itself. Each
inline token's content is a run of source lines with their container prefixes
(`> `, list markers, indentation) removed: every content line is aligned with
its source line (it is that line's tail), which gives a raw-content -> source
map; the inline children are then walked in order over the raw content, so
text maps verbatim, and entities, backslash escapes and line breaks become
replacements that point at their source characters.

What is prose: headings (kind heading, level 1-6), paragraphs, list items
(kind list: the innermost container wins, so a paragraph in a blockquote in a
list is "blockquote"), table cells (table) and image alt text (alt, its own
block). Emphasis and strikethrough markers are not part of the text. A raw
HTML block's text is prose, read by the HTML reader (html.extract_fragment) as
a browser shows it, unless the block sits in a list or blockquote. Code
(fenced, indented, inline), HTML tags, autolinks and link targets are not prose:
inline code stands in the sentence as one placeholder character (U+FFFC) and an
autolink as its URL, both protected, so sentences still read but no rule fires
inside them. Text inside inline tags such as <span> is prose; inside inline
<script>, <style>, <code>... it is not. HTML comments are in-text controls
(doc.comments).

The headline is the front matter's `title`. Without one, the first level-1
heading (ATX or setext) is the headline: that is how most Markdown articles
start, and the headline rules should see it.

Front matter: YAML between `---` lines at the top (or TOML between `+++`).
Every key goes into doc.metadata (so `story:` groups articles); string values
other than the title become "meta" blocks named after their key, mapped to the
value's characters, which normal scopes skip. Front matter that does not parse
is ignored (it is not prose either); a leading `---` block that is not
key-value lines is left to Markdown.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass, field

import yaml
from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token

from ..document import Block, Comment, Document, TextBuilder
from ..segment import protected_spans
from . import html

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_OPEN_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_CLOSE_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")
# Inline raw HTML whose content is not prose (code-like ones leave a placeholder).
_CODE_TAGS = frozenset({"code", "kbd", "samp"})
_MUTED_TAGS = frozenset({"script", "style", "noscript", "template", "textarea", "svg", "math", "pre", "iframe", "object"}) | _CODE_TAGS
_KEY_LINE = re.compile(r"^[\w\"'][^:\n]*:(?:\s|$)")
_WORD_OR_SPACE = re.compile(r"\S+|\s+")
_EMPHASIS = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"})
_SPACES = " \t"
# Inline code stands in the sentence as U+FFFC OBJECT REPLACEMENT CHARACTER: not a
# word, not a space, so no rule reads it and no double space appears; the span is
# also protected.
CODE_PLACEHOLDER = "\ufffc"

# libyaml when PyYAML has it (8x faster); both give the same marks.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PARSER: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        # text_join would fold escapes and entities into plain text and lose
        # the source form we need to map them.
        md.disable("text_join")
        _PARSER = md
    return _PARSER


def extract(doc: Document) -> None:
    source = doc.source
    lines = _line_spans(source)
    skip_lines = _front_matter(doc, lines)
    text_lines = [source[s:e] for s, e in lines]
    if "\0" in source:
        # markdown-it replaces NUL with U+FFFD (same length), so compare alike.
        text_lines = [t.replace("\0", "\ufffd") for t in text_lines]
    md_lines = [""] * skip_lines + text_lines[skip_lines:]
    tokens = _parser().parse("\n".join(md_lines))
    _Walker(doc, lines, text_lines).run(tokens)


def _line_spans(source: str) -> list[tuple[int, int]]:
    """(start, end) of every line without its line break, splitting as markdown-it does."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _LINE_BREAK.finditer(source):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(source)))
    return spans


# -- front matter --------------------------------------------------------------


def _front_matter(doc: Document, lines: list[tuple[int, int]]) -> int:
    """Parse front matter into doc; the number of lines it covers (0 when there is none)."""
    if not lines:
        return 0
    source = doc.source
    first = source[lines[0][0] : lines[0][1]].lstrip("\ufeff").rstrip()  # a BOM left by an API caller
    if first not in ("---", "+++"):
        return 0
    closers = ("---", "...") if first == "---" else ("+++",)
    close = next((i for i in range(1, len(lines)) if source[lines[i][0] : lines[i][1]].rstrip() in closers), None)
    if close is None:
        return 0
    body_start = lines[1][0] if close > 1 else lines[close][0]
    body_end = lines[close - 1][1] if close > 1 else body_start
    body = source[body_start:body_end]
    if first == "---":
        ok, problem = _yaml_front_matter(doc, body, body_start)
        if not ok:
            if not _looks_like_keys(body):
                return 0  # a thematic break and prose, not front matter
            # Meant as front matter but unreadable: its title and story key are lost, which
            # the user must hear about (the body is still linted).
            doc.problems.append(problem or (body_start, "front matter is not a YAML mapping; its keys were not read"))
    else:
        _toml_front_matter(doc, body, body_start)
    return close + 1


def _looks_like_keys(body: str) -> bool:
    for line in body.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return bool(_KEY_LINE.match(line))
    return True  # empty front matter


def _yaml_front_matter(doc: Document, body: str, offset: int) -> tuple[bool, tuple[int, str] | None]:
    """(True, None) when the body is a YAML mapping (or empty) and was read into doc;
    otherwise False and, for a YAML error, where it is and what it says."""
    try:
        loader = _YAML_LOADER(body)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except Exception as exc:  # noqa: BLE001 - yaml errors, bad dates, deep nesting: never a traceback
        return False, _yaml_problem(exc, offset)
    if data is None:
        return not body.strip(), None  # "---", comments only, "---": more likely Markdown
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return False, None
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = str(key_node.value)
        if key not in data:
            continue
        value = data[key]
        doc.metadata[key] = value
        if isinstance(value, str) and value.strip() and isinstance(value_node, yaml.ScalarNode):
            start = offset + value_node.start_mark.index
            end = offset + value_node.end_mark.index
            _meta_block(doc, key, value, start, end)
    return True, None


def _yaml_problem(exc: Exception, offset: int) -> tuple[int, str]:
    """Where a YAML error applies (a source offset) and a one-line message."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    what = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    where = offset + mark.index if mark is not None else offset
    return where, f"front matter is not valid YAML ({what}); its keys were not read"


_TOML_STRING = re.compile(r"""^[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*("(?:[^"\\\n]|\\.)*"|'[^'\n]*')""", re.MULTILINE)


def _toml_front_matter(doc: Document, body: str, offset: int) -> None:
    try:
        data = tomllib.loads(body)
    except Exception as exc:  # noqa: BLE001 - never a traceback
        doc.problems.append(_toml_problem(exc, body, offset))
        return
    doc.metadata.update(data)
    table_start = re.search(r"^[ \t]*\[", body, re.MULTILINE)
    limit = table_start.start() if table_start else len(body)
    for m in _TOML_STRING.finditer(body, 0, limit):
        key = m.group(1)
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            _meta_block(doc, key, value, offset + m.start(2), offset + m.end(2))


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")


def _toml_problem(exc: Exception, body: str, offset: int) -> tuple[int, str]:
    """Where a TOML error applies (tomllib only says so inside its message) and a one-line message."""
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    where = offset
    at = _TOML_AT.search(message)
    if at is not None:
        message = message[: at.start()]
        if at.group(1):
            line, column = int(at.group(1)), int(at.group(2))
            starts = [0] + [i + 1 for i, ch in enumerate(body) if ch == "\n"]
            if line <= len(starts):
                where = offset + min(starts[line - 1] + column - 1, len(body))
        else:
            where = offset + len(body)
    return where, f"front matter is not valid TOML ({message}); its keys were not read"


def _meta_block(doc: Document, key: str, value: str, start: int, end: int) -> None:
    builder = TextBuilder()
    align_value(builder, value.strip(), doc.source, start, end)
    text, offsets = builder.build()
    if key.lower() == "title" and not any(b.kind == "headline" for b in doc.blocks):
        doc.blocks.append(Block("headline", text, offsets, level=1))
    else:
        doc.blocks.append(Block("meta", text, offsets, name=key))


def align_value(builder: TextBuilder, value: str, source: str, start: int, end: int) -> None:
    """Map a parsed value onto the source span it came from, word by word.

    Words found verbatim map exactly (quotes, folding and indentation fall
    between them); a word that is not in the source as written (an escape
    sequence) becomes a replacement for the source up to the next word found.
    """
    if end - start >= 2 and source[start] in "\"'" and source[end - 1] == source[start]:
        start, end = start + 1, end - 1  # inside the quotes
    cursor = start
    pending: list[str] = []
    pending_from = start
    for m in _WORD_OR_SPACE.finditer(value):
        tok = m.group()
        if tok[0].isspace():
            pending.append(tok)
            continue
        pos = source.find(tok, cursor, end)
        if pos < 0:
            pending.append(tok)
            continue
        if pending:
            gap = "".join(pending)
            if source[pending_from:pos] == gap:
                builder.add_source(gap, pending_from)
            else:
                builder.add_replacement(gap, pending_from, pos)
            pending = []
        builder.add_source(tok, pos)
        cursor = pending_from = pos + len(tok)
    if pending:
        builder.add_replacement("".join(pending), pending_from, max(end, pending_from))


# -- blocks ----------------------------------------------------------------------


@dataclass
class _RawMap:
    """Raw inline content -> source offsets, as verbatim segments (raw_start, src_start, length)."""

    raw_starts: list[int] = field(default_factory=list)
    src_starts: list[int] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)

    def add(self, raw_start: int, src_start: int, length: int) -> None:
        if length > 0:
            self.raw_starts.append(raw_start)
            self.src_starts.append(src_start)
            self.lengths.append(length)

    def src_at(self, raw: int) -> int:
        """Source offset of raw position raw (a position between segments clamps to the previous end)."""
        if not self.raw_starts:
            return 0
        k = max(bisect.bisect_right(self.raw_starts, raw) - 1, 0)
        return self.src_starts[k] + max(0, min(raw - self.raw_starts[k], self.lengths[k]))

    def src_end(self, raw_end: int) -> int:
        """Source offset just after raw character raw_end - 1."""
        if not self.raw_starts:
            return 0
        k = max(bisect.bisect_right(self.raw_starts, raw_end - 1) - 1, 0)
        return self.src_starts[k] + max(0, min(raw_end - self.raw_starts[k], self.lengths[k]))

    def pieces(self, a: int, b: int) -> list[tuple[int, int]]:
        """Source (start, end) runs covering raw [a, b)."""
        out: list[tuple[int, int]] = []
        k = max(bisect.bisect_right(self.raw_starts, a) - 1, 0)
        while k < len(self.raw_starts) and self.raw_starts[k] < b:
            seg_a = max(a, self.raw_starts[k])
            seg_b = min(b, self.raw_starts[k] + self.lengths[k])
            if seg_b > seg_a:
                s = self.src_starts[k] + seg_a - self.raw_starts[k]
                out.append((s, s + seg_b - seg_a))
            k += 1
        return out


class _Walker:
    """Walks the block tokens, builds Blocks and collects comments."""

    def __init__(self, doc: Document, lines: list[tuple[int, int]], text_lines: list[str]):
        self.doc = doc
        self.lines = lines
        self.text_lines = text_lines
        self.has_headline = any(b.kind == "headline" for b in doc.blocks)
        self.row_line = -1
        self.row_cursor = 0

    def run(self, tokens: list[Token]) -> None:
        containers: list[str] = []
        parent: Token | None = None
        for tok in tokens:
            t = tok.type
            if t == "inline":
                self._inline(tok, parent, containers)
            elif t == "list_item_open":
                containers.append("list")
            elif t == "blockquote_open":
                containers.append("blockquote")
            elif t in ("list_item_close", "blockquote_close"):
                if containers:
                    containers.pop()
            elif t == "html_block":
                self._html_block(tok, nested=bool(containers))
            parent = tok

    def _inline(self, tok: Token, parent: Token | None, containers: list[str]) -> None:
        if tok.map is None or parent is None:
            return
        level = 0
        if parent.type == "heading_open":
            level = int(parent.tag[1:]) if parent.tag[1:].isdigit() else 1
            kind = "heading"
            if level == 1 and not self.has_headline and not containers:
                kind = "headline"
                self.has_headline = True
            raw_map = self._line_map(tok.content, tok.map[0], heading=parent.markup.startswith("#"))
        elif parent.type in ("td_open", "th_open"):
            kind = "table"
            raw_map = self._cell_map(tok.content, tok.map[0])
        elif parent.type == "paragraph_open":
            kind = containers[-1] if containers else "paragraph"
            raw_map = self._line_map(tok.content, tok.map[0])
        else:
            return
        if raw_map is None or not tok.content.strip():
            return
        inline = _Inline(self.doc, tok.content, raw_map)
        builder = TextBuilder()
        inline.walk(tok.children or [], builder, 0)
        self._add_block(kind, builder, level, inline.protected)
        for alt_builder, alt_protected in inline.alts:
            self._add_block("alt", alt_builder, 0, alt_protected)

    def _add_block(self, kind: str, builder: TextBuilder, level: int, extra: list[tuple[int, int]]) -> None:
        text, offsets = builder.build()
        if not text.strip():
            return
        block = Block(kind, text, offsets, level=level)
        if extra or "`" in text:
            # Backticks left in Markdown text are literal (escaped or unpaired), not
            # the plain-text inline code segment guesses at; real code is in extra.
            spans = [(s, e) for s, e in protected_spans(block) if not (text[s] == "`" and text[e - 1] == "`")]
            block.protected = sorted(spans + extra)
        self.doc.blocks.append(block)

    def _line_map(self, content: str, first_line: int, heading: bool = False) -> _RawMap | None:
        """Align each content line with the tail of its source line."""
        raw_map = _RawMap()
        raw_pos = 0
        for i, part in enumerate(content.split("\n")):
            line_no = first_line + i
            if line_no >= len(self.lines):
                return None
            col = self._find_in_line(part, line_no, heading)
            if col is not None:
                src_col, skipped = col
                raw_map.add(raw_pos + skipped, self.lines[line_no][0] + src_col, len(part) - skipped)
            raw_pos += len(part) + 1
        return raw_map if raw_map.raw_starts else None

    def _find_in_line(self, part: str, line_no: int, heading: bool) -> tuple[int, int] | None:
        """(column in the source line, raw characters skipped) where part sits, or None."""
        if not part:
            return None
        line = self.text_lines[line_no]
        for skipped, piece in ((0, part), (len(part) - len(part.lstrip(_SPACES)), part.lstrip(_SPACES))):
            if not piece:
                continue
            if heading:
                hashes = line.find("#")
                while 0 <= hashes < len(line) and line[hashes] == "#":
                    hashes += 1
                pos = line.find(piece, max(hashes, 0))
                if pos >= 0:
                    return pos, skipped
                continue
            if line.endswith(piece):
                return len(line) - len(piece), skipped
            stripped = line.rstrip()
            if stripped.endswith(piece):
                return len(stripped) - len(piece), skipped
            # Tabs expanded into spaces in the container indentation.
            pos = line.rfind(piece)
            if pos >= 0:
                return pos, skipped
        return None

    def _cell_map(self, content: str, line_no: int) -> _RawMap | None:
        """A table cell: found left to right in its row's source line ("\\|" is a pipe in the cell)."""
        if line_no != self.row_line:
            self.row_line, self.row_cursor = line_no, 0
        if not content or line_no >= len(self.lines):
            return None
        line = self.text_lines[line_no]
        escaped = content.replace("|", "\\|")
        pos = line.find(escaped, self.row_cursor)
        raw_map = _RawMap()
        base = self.lines[line_no][0]
        if pos >= 0:
            raw_pos, src_pos = 0, base + pos
            parts = content.split("|")
            for j, part in enumerate(parts):
                raw_map.add(raw_pos, src_pos, len(part))
                raw_pos += len(part)
                src_pos += len(part)
                if j < len(parts) - 1:
                    raw_map.add(raw_pos, src_pos + 1, 1)  # the pipe, after its backslash
                    raw_pos += 1
                    src_pos += 2
            self.row_cursor = pos + len(escaped)
            return raw_map
        pos = line.find(content, self.row_cursor)
        if pos < 0:
            return None
        raw_map.add(0, base + pos, len(content))
        self.row_cursor = pos + len(content)
        return raw_map

    def _html_block(self, tok: Token, nested: bool) -> None:
        if tok.map is None:
            return
        start = self.lines[tok.map[0]][0]
        end = self.lines[min(tok.map[1], len(self.lines)) - 1][1]
        if "<!--" in tok.content:
            for m in _COMMENT.finditer(self.doc.source, start, end):
                self.doc.comments.append(Comment(m.group(1).strip(), m.start(), m.end()))
        # A browser shows the text of a raw HTML block (<div>, <p>, <figure>...), so
        # it is copy: a newsletter pitch pasted in as HTML is still boilerplate. The
        # HTML reader maps it exactly. Inside a list or blockquote the source lines
        # carry the container's markers ("> "), which are not HTML: left out.
        if not nested:
            html.extract_fragment(self.doc, start, end)


class _Inline:
    """Walks one inline token's children over its raw content, building text with exact offsets."""

    def __init__(self, doc: Document, raw: str, raw_map: _RawMap):
        self.doc = doc
        self.source = doc.source
        self.raw = raw
        self.map = raw_map
        self.protected: list[tuple[int, int]] = []
        self.alts: list[tuple[TextBuilder, list[tuple[int, int]]]] = []
        self.mute: str | None = None  # the inline raw-HTML element whose content is skipped
        self.mute_start = 0
        self.sink = TextBuilder()

    def _emit(self, builder: TextBuilder, a: int, b: int, expected: str) -> None:
        pieces = self.map.pieces(a, b)
        if "".join(self.source[s:e] for s, e in pieces) == expected:
            for s, e in pieces:
                builder.add_source(self.source[s:e], s)
        else:  # tab expansion or NUL: keep the text, point at the span
            builder.add_replacement(expected, self.map.src_at(a), self.map.src_end(b))

    def _find(self, needle: str, cursor: int) -> int:
        return self.raw.find(needle, cursor) if needle else -1

    def walk(self, children: list[Token], builder: TextBuilder, cursor: int) -> int:
        raw = self.raw
        i = 0
        n = len(children)
        while i < n:
            tok = children[i]
            t = tok.type
            # Inside inline raw HTML such as <script>...</script> nothing is prose,
            # but the cursor must still move past every token.
            out = self.sink if self.mute else builder
            if t == "text":
                content = tok.content
                pos = self._find(content, cursor)
                if pos >= 0:
                    self._emit(out, pos, pos + len(content), content)
                    cursor = pos + len(content)
                elif content:
                    at = self.map.src_at(cursor)
                    out.add_replacement(content, at, at)
            elif t == "text_special":
                pos = self._find(tok.markup, cursor)
                if pos >= 0:
                    end = pos + len(tok.markup)
                    if tok.content == tok.markup:
                        self._emit(out, pos, end, tok.content)
                    else:
                        out.add_replacement(tok.content, self.map.src_at(pos), self.map.src_end(end))
                    cursor = end
            elif t in ("softbreak", "hardbreak"):
                nl = raw.find("\n", cursor)
                if nl >= 0:
                    nxt = nl + 1
                    while nxt < len(raw) and raw[nxt] in _SPACES:
                        nxt += 1
                    if len(out):  # never a leading space (after an image, say)
                        out.add_replacement(" ", self.map.src_at(cursor), self.map.src_at(nxt))
                    cursor = nxt
            elif t in _EMPHASIS:
                pos = self._find(tok.markup, cursor)
                if pos >= 0:
                    cursor = pos + len(tok.markup)
            elif t == "code_inline":
                cursor = self._code(tok, out, cursor)
            elif t == "link_open":
                if tok.markup in ("autolink", "linkify"):
                    i, cursor = self._autolink(children, i, out, cursor)
                else:
                    pos = raw.find("[", cursor)
                    if pos >= 0:
                        cursor = pos + 1
            elif t == "link_close":
                cursor = self._skip_link_tail(cursor)
            elif t == "image":
                pos = raw.find("![", cursor)
                if pos >= 0:
                    alt = TextBuilder()
                    outer_protected = self.protected
                    self.protected = []
                    cursor = self.walk(tok.children or [], alt, pos + 2)
                    if not self.mute:
                        self.alts.append((alt, self.protected))
                    self.protected = outer_protected
                    cursor = self._skip_link_tail(cursor)
            elif t == "html_inline":
                cursor = self._html_inline(tok, builder, cursor)
            i += 1
        return cursor

    def _code(self, tok: Token, builder: TextBuilder, cursor: int) -> int:
        fence = tok.markup or "`"
        pos = self._find(fence, cursor)
        if pos < 0:
            return cursor
        close = re.compile(r"(?<!`)" + re.escape(fence) + r"(?!`)").search(self.raw, pos + len(fence))
        end = close.end() if close else pos + len(fence)
        self._placeholder(builder, pos, end)
        return end

    def _placeholder(self, builder: TextBuilder, raw_start: int, raw_end: int) -> None:
        start_len = len(builder)
        builder.add_replacement(CODE_PLACEHOLDER, self.map.src_at(raw_start), self.map.src_end(raw_end))
        self.protected.append((start_len, start_len + len(CODE_PLACEHOLDER)))

    def _autolink(self, children: list[Token], i: int, builder: TextBuilder, cursor: int) -> tuple[int, int]:
        j = i + 1
        shown: list[str] = []
        while j < len(children) and children[j].type != "link_close":
            shown.append(children[j].content)
            j += 1
        pos = self.raw.find("<", cursor)
        end = self.raw.find(">", pos + 1) + 1 if pos >= 0 else 0
        text = "".join(shown)
        if pos >= 0 and end > 0 and text:
            start_len = len(builder)
            builder.add_replacement(text, self.map.src_at(pos), self.map.src_end(end))
            self.protected.append((start_len, start_len + len(text)))
            cursor = end
        return j, cursor

    def _skip_link_tail(self, cursor: int) -> int:
        """Past `](destination "title")`, `][label]` or `]`: link targets are never prose."""
        raw = self.raw
        n = len(raw)
        close = raw.find("]", cursor)
        if close < 0:
            return cursor
        pos = close + 1
        if pos < n and raw[pos] == "(":
            q = _skip_ws(raw, pos + 1)
            dest = parseLinkDestination(raw, q, n)
            if dest.ok:
                q = dest.pos
                before_title = q
                q = _skip_ws(raw, q)
                if q < n and q != before_title:
                    title = parseLinkTitle(raw, q, n)
                    if title.ok:
                        q = _skip_ws(raw, title.pos)
            if q < n and raw[q] == ")":
                return q + 1
        if pos < n and raw[pos] == "[":
            label_end = raw.find("]", pos + 1)
            if label_end >= 0:
                return label_end + 1
        return pos

    def _html_inline(self, tok: Token, builder: TextBuilder, cursor: int) -> int:
        content = tok.content
        pos = self._find(content, cursor)
        if pos < 0:
            return cursor
        end = pos + len(content)
        if self.mute:
            closing = _CLOSE_TAG.fullmatch(content)
            if closing and closing.group(1).lower() == self.mute:
                if self.mute in _CODE_TAGS:
                    self._placeholder(builder, self.mute_start, end)
                self.mute = None
            return end
        if content.startswith("<!--"):
            m = _COMMENT.match(content)
            body = m.group(1) if m else content[4:]
            self.doc.comments.append(Comment(body.strip(), self.map.src_at(pos), self.map.src_end(end)))
        elif _BR_TAG.fullmatch(content):
            if len(builder):
                builder.add_replacement(" ", self.map.src_at(pos), self.map.src_end(end))
        else:
            opening = _OPEN_TAG.match(content)
            if opening and opening.group(1).lower() in _MUTED_TAGS and not content.endswith("/>"):
                self.mute, self.mute_start = opening.group(1).lower(), pos
        return end


def _skip_ws(raw: str, pos: int) -> int:
    n = len(raw)
    while pos < n and raw[pos] in " \t\n":
        pos += 1
    return pos
