"""Sentences, words, direct quotations and protected spans within a block.

Results are cached on the Block, so a block is segmented once however many
rules ask. Quotations follow newsroom convention: double quotes, straight or
curly; a paragraph that opens a quote and never closes it runs on into the next
paragraph (Quote.closed is False).
"""

from __future__ import annotations

import bisect
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
_INITIALISM = regex.compile(r"(?:\w\.)+\w")
_NEXT_WORD = regex.compile(r"""\s+(["'“‘(]?)(\w)""")
_WORD = regex.compile(r"\w+(?:['’\-]\w+)*")
_PROTECTED = regex.compile(
    r"""(?:https?://|www\.)[^\s<>"“”]+[^\s<>"“”.,;:!?)\]]"""  # URLs
    r"""|(?<![\w.])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"""  # e-mail addresses
    r"""|\b(?:pic\.twitter\.com|t\.co)/\w+"""  # embedded-post links
    r"""|`[^`\n]+`"""  # inline code left in plain text
    # Template tags a CMS or site generator expands: Hugo shortcodes {{< figure src=... >}}
    # and {{% notice %}}, Liquid and Jinja {% include ... %} and {{ page.title }}. Their
    # words are markup ("src", "alt"), not copy; the text between an opening and a closing
    # shortcode is copy and stays linted. A tag holds no "{": the scan from an opener
    # stops at the next one, so a paragraph of unclosed openers costs one pass, not one
    # pass per opener. Only a shortcode spans lines; a Liquid or Jinja tag is short, so a
    # stray "{{" in a sentence cannot hide the copy up to some later "}}".
    r"""|\{\{[<%][^{]{0,2000}?[%>]\}\}|\{%[^{\n]{0,300}?%\}|\{\{[^{\n]{0,200}?\}\}"""
    # Footnote markers ("[^1]", "[^source]"): Markdown's footnote syntax (GitHub, Pandoc, Hugo)
    # and its residue in plain text; the footnote's own text is copy.
    r"""|\[\^[^\]\s]{1,100}\]"""
)

OPEN_QUOTES = "“„«"
CLOSE_QUOTES = "”»"
_QUOTE_MARK = regex.compile("[" + regex.escape('"' + OPEN_QUOTES + CLOSE_QUOTES) + "]")


@dataclass(slots=True)
class Quote:
    """A direct quotation in a block: the marks at start/end, the words inside.

    end is exclusive; for a quote that runs on unclosed (to the paragraph end, or
    to a new opening mark in the same paragraph), end is just after its last
    non-space character and closed is False.
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
        mark = m.group()
        if mark[0] == "." and not mark.startswith(".."):
            word_start = text.rfind(" ", start, m.start()) + 1
            word = text[word_start : m.start()].lower().lstrip("(\"'“‘")
            # An initialism ("u.s") has a period inside: only then is the pattern worth trying.
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or ("." in word and _INITIALISM.fullmatch(word)):
                continue
            # "3.5", "U.S." handled above; a lowercase next word keeps the sentence going.
            nxt = _NEXT_WORD.match(text, end)
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
    """Pair quote marks by which side of a word they stand on, not just by alternation.

    Scraped copy mixes straight and curly marks (“…," / "…”), drops closing
    marks, and runs quotes on within a paragraph ('ready. "Next…'); pairing by
    position alone would turn every later quote inside out.
    """
    found: list[Quote] = []
    open_at: int | None = None
    open_char = ""
    nested = 0  # quotes in the other style opened inside the current one
    for mark in _QUOTE_MARK.finditer(text):  # the marks alone: most of a paragraph is not one
        i, ch = mark.start(), mark.group()
        role = _role(text, i, ch)
        if open_at is None:
            # A mark that can only close (an inch mark, the stray end of a quote whose
            # opening was lost) would pair every later mark the wrong way.
            if role != "close":
                open_at, open_char, nested = i, ch, 0
            continue
        same_style = (ch == '"') == (open_char == '"')
        if role == "open":
            lead_in = same_style and _after_lead_in(text, i, role)  # a quote of another style nests
            if lead_in or _after_sentence_end(text, i) or (same_style and ch != '"'):
                # Newsroom run-on within one block: 'ready. "The next ...' reopens the
                # speaker's words without closing the last sentence. Before a lead-in
                # ('…behind it. Asked again, Hale said: "…') the run-on ends where the
                # reporter's sentence begins.
                end = _last_sentence_end(text, open_at, i) if lead_in else i
                found.append(Quote(open_at, _trim_end(text, open_at, end), closed=False))
                open_at, open_char, nested = i, ch, 0
            elif not same_style:
                nested += 1  # '"He said “no” to me"'
            else:
                found.append(Quote(open_at, i + 1))
                open_at = None
            continue
        if nested and not same_style:
            nested -= 1
            continue
        found.append(Quote(open_at, i + 1))
        open_at = None
    if open_at is not None:
        found.append(Quote(open_at, _trim_end(text, open_at, len(text)), closed=False))
    return found


# Characters that may stand right before an opening quote mark, and right after a
# closing one (besides space and the text's ends).
_BEFORE_OPEN = "([{\u2014\u2013-/\u2018'"
_AFTER_CLOSE = ".,;:!?)]}\u2014\u2013-\u2026'\u2019"


def _role(text: str, i: int, ch: str) -> str:
    """Whether the quote mark at i opens, closes, or could do either.

    Curly marks say which they are, unless their spacing plainly says the other
    ('happiness?“ he asked'); a straight mark is read from its spacing alone.
    """
    can_open = i == 0 or text[i - 1].isspace() or text[i - 1] in _BEFORE_OPEN
    can_close = i + 1 == len(text) or text[i + 1].isspace() or text[i + 1] in _AFTER_CLOSE
    if ch in OPEN_QUOTES:
        return "close" if can_close and not can_open else "open"
    if ch in CLOSE_QUOTES:
        return "open" if can_open and not can_close else "close"
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "either"


def _after_sentence_end(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0 or j >= i - 1:
        return False
    # A nested quote or an aside may close first: 'ridiculous.' "But ...', 'year.) "We ...'.
    while j > 0 and text[j] in "'\u2019)]":
        j -= 1
    return text[j] in ".!?\u2026"


def _after_lead_in(text: str, i: int, role: str) -> bool:
    """A mark that can only open, right after a colon: 'Lane said: "Our…' starts a new quote.

    A run-on that lost its paragraph breaks ('…the county. Ms Lane said: "Our…')
    leaves the last quote open; closing it on this mark would turn the rest inside out.
    """
    if role != "open":
        return False
    j = i - 1
    while j >= 0 and text[j] in " \t\u00a0":
        j -= 1
    return j >= 0 and text[j] == ":"


_RUN_ON_SENTENCE_END = regex.compile(r"(?<!\b(?:Dr|Mr|Mrs|Ms|St|Mt|Prof|Gov|Sen|Rep|Gen|Col|Lt|Sgt|Capt|Jr|Sr|No))[.!?\u2026][\"'\u2019\u201d)\]]*\s")


def _last_sentence_end(text: str, start: int, end: int) -> int:
    """Where the last sentence inside text[start:end] ends, or end when none does."""
    last = end
    for found in _RUN_ON_SENTENCE_END.finditer(text, start + 1, end):
        last = found.end()
    return last


def _trim_end(text: str, start: int, end: int) -> int:
    """An unclosed quote ends at its last non-space character, not at the next mark."""
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


# Every protected span holds one of these (a URL "://" or "www.", an address "@", a post
# link, a backtick, a template tag, a footnote marker): text with none of them has none,
# and most prose has none.
_PROTECTED_MARKS = ("://", "www.", "@", "t.co/", "pic.twitter.com/", "`", "{{", "{%", "[^")


def protected_spans(block: Block) -> list[tuple[int, int]]:
    """URLs, e-mail addresses and code in the block: never linted as prose."""
    if block.protected is None:
        text = block.text
        if any(mark in text for mark in _PROTECTED_MARKS):
            block.protected = [m.span() for m in _PROTECTED.finditer(text)]
        else:
            block.protected = []
    return block.protected


def in_spans(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) overlaps any span."""
    for s, e in spans:
        if s < end and start < e:
            return True
        if s >= end:
            break
    return False


def within_span(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) lies inside one of spans, which are sorted and do not
    overlap (a block's quotations): a bisection, not a scan of every quote."""
    k = bisect.bisect_right(spans, (start, _NO_END)) - 1
    return k >= 0 and end <= spans[k][1]


_NO_END = float("inf")  # sorts after every end offset: (start, _NO_END) follows every span starting at start


def quote_spans(block: Block) -> list[tuple[int, int]]:
    return [(q.start, q.end) for q in quotes(block)]
