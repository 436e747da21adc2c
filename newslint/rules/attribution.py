"""extends: attribution — flag a direct quotation that no one is credited with.

A quotation is credited when the reporter's words (outside the quote marks)
name who said it:

* in the quote's own sentence: a reporting verb (`"…," Sarandos said.`,
  `said Mike Proulx`, `described AI as "…"`), an attribution phrase
  (`according to`), or a lead-in (`He said: "…"`, `- Bolton boss Sam Allardyce "…"`);
* in the `window` sentences before it (which may end the previous paragraph)
  or the `window_after` sentences after it in its paragraph. Words that are
  reporting verbs only beside a quote mark ("…," she posted; the firm posted a
  profit) are listed apart and count only within `near_quote` characters of one;
* by the quotation it belongs to: quotes back to back, and newsroom run-ons (a
  paragraph ends with the quote open and the next reopens it), are one
  speaker's words, so one credit covers them all;
* optionally by speaker continuity: the sentence before names the person
  credited for the previous quotation.

Short quotes (scare quotes, terms), titles of works, names introduced by
"known as"… and lower-case fragments woven into the reporter's sentence are
not checked. Verbs (inflected in _reporting_verbs), phrases, windows and
thresholds are data in the rule file; this module only knows how to read them.
The finding spans the opening mark and the first few words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from ..document import Block, Document
from ..findings import Finding
from ..matching import MatchTimeout
from ..segment import Quote, quotes, sentences, words
from ..yamlio import LinedDict
from ._reporting_verbs import inflect_all
from .base import Match, Rule, string_list

# Headings stop the window: a quote under a new subheading is not credited by
# the section above it.
_PROSE = {"paragraph", "list", "blockquote", "caption", "table"}


@dataclass(slots=True)
class _Sentence:
    block: int  # index into doc.blocks
    start: int
    end: int
    section: int  # consecutive prose blocks share a section; a heading starts a new one


@dataclass(slots=True)
class _Located:
    """A quote with the block it sits in and the global sentence ids it overlaps."""

    block: int
    quote: Quote
    first: int
    last: int
    opens: bool = True  # False for a lower-case fragment woven into the reporter's sentence


class AttributionRule(Rule):
    kind = "attribution"
    keys = {
        "verbs": (list,),
        "phrases": (list,),
        "exempt_before": (list,),
        "lead_ins": (list,),
        "fragments": (bool,),
        "inherit_in_paragraph": (bool,),
        "speaker_continuity": (bool,),
        "title_small_words": (list,),
        "window": (int,),
        "window_after": (int,),
        "own_sentence_verbs": (list,),
        "near_quote": (int,),
        "min_words": (int,),
        "excerpt_words": (int,),
    }
    required = ("verbs",)
    default_scope = ["text", "~heading"]
    default_message = "Quote has no speaker: add who said it."

    def configure(self, spec: LinedDict) -> None:
        verbs = string_list(self, "verbs", spec.get("verbs"))
        if not verbs:
            raise self.error("verbs", "'verbs' needs at least one reporting verb")
        forms = [regex.escape(f).replace(r"\ ", r"\s+") for f in inflect_all(verbs)]
        phrases = string_list(self, "phrases", spec.get("phrases"))
        for phrase in phrases:
            self.compile(phrase, "phrases", True)
        credit = r"\b(?:" + "|".join(forms) + r")\b"
        if phrases:
            credit += "|" + "|".join(f"(?:{p})" for p in phrases)
        self.credit = self.compile(credit, "phrases" if phrases else "verbs", True)
        # Words that are reporting verbs only next to the quote ("…," she posted) but mostly
        # something else in a neighbouring sentence ("the firm posted a profit", "the report").
        own = string_list(self, "own_sentence_verbs", spec.get("own_sentence_verbs"))
        own_forms = [regex.escape(f).replace(r"\ ", r"\s+") for f in inflect_all(own)]
        self.own_credit = self.compile(r"\b(?:" + "|".join(own_forms) + r")\b", "own_sentence_verbs", True) if own_forms else None
        exempt = string_list(self, "exempt_before", spec.get("exempt_before"))
        for pattern in exempt:
            self.compile(pattern, "exempt_before", True)
        # The naming phrase must end right before the quote mark (punctuation aside).
        self.exempt = self.compile(r"(?:" + "|".join(f"(?:{p})" for p in exempt) + r")[\s,:\-\u2013\u2014]*$", "exempt_before", True) if exempt else None
        lead_ins = string_list(self, "lead_ins", spec.get("lead_ins"))
        for pattern in lead_ins:
            self.compile(pattern, "lead_ins", True)
        self.lead_in = self.compile("|".join(f"(?:{p})" for p in lead_ins), "lead_ins", True) if lead_ins else None
        self.fragments = bool(spec.get("fragments", True))
        self.inherit = bool(spec.get("inherit_in_paragraph", False))
        self.continuity = bool(spec.get("speaker_continuity", False))
        self.small_words = {w.lower() for w in string_list(self, "title_small_words", spec.get("title_small_words"))}
        self.window = self._non_negative(spec, "window", 1)
        self.window_after = self._non_negative(spec, "window_after", self.window)
        self.near_quote = self._non_negative(spec, "near_quote", 40)
        self.min_words = self._non_negative(spec, "min_words", 5)
        self.excerpt_words = max(1, self._non_negative(spec, "excerpt_words", 6))

    def _non_negative(self, spec: LinedDict, key: str, default: int) -> int:
        value = spec.get(key, default)
        if value is None:
            return default
        if value < 0:
            raise self.error(key, f"{key!r} must be 0 or more, not {value}")
        return int(value)

    # -- checking ----------------------------------------------------------

    def check(self, doc: Document) -> Iterator[Finding]:
        try:
            findings = list(self._check(doc))
        except TimeoutError:
            raise MatchTimeout(f"a pattern took longer than {self.context.match_timeout:g}s") from None
        yield from findings

    def _check(self, doc: Document) -> Iterator[Finding]:
        page = _Page(self, doc)
        speakers: set[str] = set()  # names in the latest credited quote's attribution
        credited_blocks: set[int] = set()
        for chain in page.chains():
            credited = page.credited(chain) or page.led_in(chain)
            if not credited and self.inherit and chain[0].block in credited_blocks:
                # The paragraph's speaker is already named: "…," she said. (…) "…"
                credited = True
            if not credited and self.continuity and speakers:
                # "…," said Smith. Smith hopes to win. "…": the speaker carries on.
                credited = any(_names(page.reporter(gid)) & speakers for gid in page.before(chain[0]))
            if credited:
                credited_blocks.update(item.block for item in chain)
                if self.continuity:
                    # Only the latest speaker carries on: a name from further back is a new turn.
                    speakers = set().union(*(_names(page.reporter(gid)) for gid in page.crediting(chain)))
                continue
            if not self._is_speech(page, chain):
                continue
            block = doc.blocks[chain[0].block]
            finding = self.to_finding(doc, block, self._excerpt(block, chain[0].quote), check_skip=False)
            if finding is not None:
                yield finding

    def _is_speech(self, page: _Page, chain: list[_Located]) -> bool:
        """Long enough to be someone's words, and not a title or a name being introduced."""
        doc = page.doc
        count = sum(len(words(doc.blocks[item.block].text, *item.quote.inner)) for item in chain)
        if count < self.min_words:
            return False
        first = chain[0]
        block = doc.blocks[first.block]
        if self.exempt is not None:
            before = page.narrative(first.block)[max(0, first.quote.start - 80) : first.quote.start]
            if self.exempt.search(before, timeout=self.context.match_timeout):
                return False
        if not self.fragments and not first.opens:
            # A fragment woven into the reporter's sentence ('the firm's problems are "slumping
            # demand"'): the sentence itself names whose words they are.
            return False
        return not (len(chain) == 1 and self.small_words and _title_case(block.text, first.quote, self.small_words))

    def _excerpt(self, block: Block, quote: Quote) -> Match:
        """The opening mark and first few words: enough for an editor to find the quote."""
        start, end = quote.inner
        spans = words(block.text, start, end)
        stop = spans[self.excerpt_words - 1][1] if len(spans) > self.excerpt_words else quote.end
        return Match(quote.start, stop)


class _Page:
    """One document laid out for the rule: its sentences in order, its quotes, and credit lookups.

    Sentences get global ids across blocks so a window can reach into the
    paragraph before. Credits are searched in the reporter's words only (quotes
    blanked out) and cached per sentence.
    """

    def __init__(self, rule: AttributionRule, doc: Document):
        self.rule = rule
        self.doc = doc
        self.timeout = rule.context.match_timeout
        self.sents: list[_Sentence] = []
        self.located: list[_Located] = []
        self._narrative: dict[int, str] = {}
        self._credit: dict[int, bool] = {}
        self._layout({id(unit.block) for unit in rule.scope.units(doc)})
        self.quoted = {gid for item in self.located for gid in range(item.first, item.last + 1)}

    def _layout(self, selected: set[int]) -> None:
        section = 0
        for index, block in enumerate(self.doc.blocks):
            if block.kind == "meta":
                continue
            if id(block) not in selected or block.kind not in _PROSE:
                section += 1  # a headline or subheading: the window stops here
                continue
            first_gid = len(self.sents)
            for start, end in sentences(block):
                self.sents.append(_Sentence(index, start, end, section))
            spans = [(s.start, s.end) for s in self.sents[first_gid:]]
            for quote in quotes(block):
                ids = [first_gid + k for k, (s, e) in enumerate(spans) if s < quote.end and quote.start < e]
                if not ids:  # a quote mark alone in whitespace: tie it to the nearest sentence
                    ids = [max(first_gid, len(self.sents) - 1)]
                lead = block.text[self.sents[ids[0]].start : quote.start]
                letter = regex.search(r"\p{L}", block.text[quote.start + 1 : quote.end])
                fragment = bool(regex.search(r"\w", lead)) and letter is not None and letter.group().islower()
                self.located.append(_Located(index, quote, ids[0], ids[-1], not fragment))

    # -- text ------------------------------------------------------------

    def narrative(self, index: int) -> str:
        """A block's text with its quotations blanked: the reporter's words only."""
        if index not in self._narrative:
            self._narrative[index] = _blank_quotes(self.doc.blocks[index])
        return self._narrative[index]

    def reporter(self, gid: int) -> str:
        s = self.sents[gid]
        return self.narrative(s.block)[s.start : s.end]

    # -- credits -----------------------------------------------------------

    def core(self, gid: int) -> bool:
        """A reporting verb or attribution phrase in the reporter's words of a sentence."""
        if gid not in self._credit:
            s = self.sents[gid]
            self._credit[gid] = self.rule.credit.search(self.narrative(s.block), s.start, s.end, timeout=self.timeout) is not None
        return self._credit[gid]

    def beside_quote(self, gid: int) -> bool:
        """An own-sentence verb right beside a quote mark: '"…," she posted' / 'It read: "…"'."""
        pattern = self.rule.own_credit
        if pattern is None or gid not in self.quoted:
            return False
        s = self.sents[gid]
        near = self.rule.near_quote
        edges = [edge for q in quotes(self.doc.blocks[s.block]) for edge in (q.start, q.end)]
        for m in pattern.finditer(self.narrative(s.block), s.start, s.end, timeout=self.timeout):
            if any(-near <= m.start() - edge <= near or -near <= edge - m.end() <= near for edge in edges):
                return True
        return False

    def any_credit(self, gid: int) -> bool:
        # In a sentence that holds a quote, "he stated" / "she continued" is that quote's
        # attribution, so the speaker carries on into the next quote.
        return self.core(gid) or self.beside_quote(gid)

    def before(self, item: _Located) -> range:
        """The window of sentences before a quote, within its section."""
        section = self.sents[item.first].section
        lo = item.first
        for _ in range(self.rule.window):
            if lo - 1 < 0 or self.sents[lo - 1].section != section:
                break
            lo -= 1
        return range(lo, item.first)

    def after(self, item: _Located) -> range:
        """The window after a quote: it stays in the paragraph (attribution does not trail
        into the next one, while a lead-in may well end the paragraph before)."""
        hi = item.last
        for _ in range(self.rule.window_after):
            if hi + 1 >= len(self.sents) or self.sents[hi + 1].block != self.sents[hi].block:
                break
            hi += 1
        return range(item.last + 1, hi + 1)

    def credited(self, chain: list[_Located]) -> bool:
        for item in chain:
            if any(self.any_credit(gid) for gid in range(self.before(item).start, item.last + 1)):
                return True
            # After the quote only the core credits count: an own-sentence verb there belongs
            # to the next speaker's quote ('However, critics labelled it "…"').
            if any(self.core(gid) for gid in self.after(item)):
                return True
        return False

    def crediting(self, chain: list[_Located]) -> Iterator[int]:
        """The sentences that credit a chain (where its speaker is named)."""
        for item in chain:
            for gid in range(self.before(item).start, self.after(item).stop):
                if self.any_credit(gid):
                    yield gid

    def led_in(self, chain: list[_Located]) -> bool:
        """A speaker label or colon right before a quote ('Ferguson: "…"', '- Bolton boss Sam Allardyce "…"')."""
        pattern = self.rule.lead_in
        if pattern is None:
            return False
        for item in chain:
            before = self.narrative(item.block)[self.sents[item.first].start : item.quote.start]
            if pattern.search(before, timeout=self.timeout):
                return True
            # ... or the sentence before, when the quote opens its own: 'The Post reported: ¶ "…"'.
            if not regex.search(r"\w", before) and item.first - 1 in self.before(item) and pattern.search(self.reporter(item.first - 1), timeout=self.timeout):
                return True
        return False

    # -- quotations ----------------------------------------------------------

    def chains(self) -> Iterator[list[_Located]]:
        """Quotes grouped into quotations: run-ons and back-to-back quotes are one speaker's words."""
        chain: list[_Located] = []
        for item in self.located:
            if chain and _continues(self.doc, chain[-1], item):
                chain.append(item)
                continue
            if chain:
                yield chain
            chain = [item]
        if chain:
            yield chain


def _continues(doc: Document, prev: _Located, item: _Located) -> bool:
    """True when item carries on prev's quotation (same speaker, no words in between)."""
    if prev.quote.closed and not prev.opens:
        # 'a report by "an independent person". "I believe…"': the fragment belongs to the
        # reporter's sentence, so the next quote is not its continuation.
        return False
    if prev.block == item.block:
        if not prev.quote.closed:
            return True
        between = doc.blocks[item.block].text[prev.quote.end : item.quote.start]
        return not regex.search(r"\w", between)
    if item.block != _next_prose(doc, prev.block):
        return False
    # The next paragraph must open with the quote mark: that is the run-on convention.
    if doc.blocks[item.block].text[: item.quote.start].strip():
        return False
    if not prev.quote.closed:
        return True
    return not regex.search(r"\w", doc.blocks[prev.block].text[prev.quote.end :])


def _next_prose(doc: Document, index: int) -> int:
    for j in range(index + 1, len(doc.blocks)):
        if doc.blocks[j].kind != "meta":
            return j
    return -1


def _blank_quotes(block: Block) -> str:
    """The block's text with every quotation blanked out, offsets unchanged.

    Credits are looked for in the reporter's words only: "said" inside a quote
    ("He said no," she recalled) is the speaker's, not an attribution.
    """
    text = block.text
    qs = quotes(block)
    if not qs:
        return text
    parts: list[str] = []
    pos = 0
    for q in qs:
        parts.append(text[pos : q.start])
        parts.append(" " * (q.end - q.start))
        pos = q.end
    parts.append(text[pos:])
    return "".join(parts)


def _title_case(text: str, quote: Quote, small: set[str]) -> bool:
    """A quoted title ("The Lord of the Rings"): every significant word capitalised, no sentence end."""
    start, end = quote.inner
    inner = text[start:end].strip()
    if not inner or inner[-1] in ".!?,;:":
        return False
    tokens = [text[s:e] for s, e in words(text, start, end)]
    significant = [t for t in tokens if t.lower() not in small]
    return bool(significant) and all(t[0].isupper() or t[0].isdigit() for t in significant)


_NAME = regex.compile(r"(?<![\w'\u2019])[A-Z][\w\u2019'-]*\w")


def _names(text: str) -> set[str]:
    """Capitalised words that are not ordinary English words: Sarandos, O'Connor, Ofcom, IMF."""
    from ..lexicon import english_words

    common = english_words()
    out: set[str] = set()
    for m in _NAME.finditer(text):
        word = regex.sub(r"['\u2019]s$", "", m.group())
        if len(word) > 1 and word.lower() not in common:
            out.add(word)
    return out
