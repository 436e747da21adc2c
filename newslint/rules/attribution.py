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

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from ..document import Block, Document
from ..findings import Finding
from ..matching import _ASCII_NON_WORD, MatchTimeout, gate_words, ungated
from ..segment import Quote, quotes, sentences, words
from ..yamlio import LinedDict
from ._reporting_verbs import inflect_all
from .base import Match, Rule, string_list

# Headings stop the window: a quote under a new subheading is not credited by
# the section above it.
_PROSE = {"paragraph", "list", "blockquote", "caption", "table"}
LEAD_IN_REACH = 1000  # characters before a quote where its lead-in may be (real sentences are far shorter)


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
        # Most sentences are tested for a credit by their words: a one-word verb form is a
        # whole word of an ASCII sentence exactly when the pattern finds it, and a set
        # lookup costs far less than running the pattern. The rest (multi-word forms,
        # phrases) keep a pattern of their own.
        word_forms = {f.lower() for f in inflect_all(verbs) if _PLAIN_WORD.fullmatch(f)}
        other_forms = [regex.escape(f).replace(r"\ ", r"\s+") for f in inflect_all(verbs) if f.lower() not in word_forms]
        self.credit_words = frozenset(f.encode("ascii") for f in word_forms)  # bytes, as _Page.words
        rest = [r"\b(?:" + "|".join(other_forms) + r")\b"] if other_forms else []
        rest += [f"(?:{p})" for p in phrases]
        self.credit_rest = self.compile("|".join(rest), "phrases" if phrases else "verbs", True) if rest else None
        # When each of those needs one of a few words, the words of a sentence say whether to run it.
        rest_words = gate_words(self.credit_rest, in_match=True) if self.credit_rest is not None else None
        self.credit_rest_words = frozenset(w.encode("ascii") for w in rest_words) if rest_words is not None else None
        # Words that are reporting verbs only next to the quote ("…," she posted) but mostly
        # something else in a neighbouring sentence ("the firm posted a profit", "the report").
        own = string_list(self, "own_sentence_verbs", spec.get("own_sentence_verbs"))
        own_forms = [regex.escape(f).replace(r"\ ", r"\s+") for f in inflect_all(own)]
        self.own_credit = self.compile(r"\b(?:" + "|".join(own_forms) + r")\b", "own_sentence_verbs", True) if own_forms else None
        # Every match of own_credit starts with the first word of a form, as a whole word.
        self.own_first_words = (
            frozenset(f.split(" ")[0].lower().encode("ascii") for f in inflect_all(own))
            if own and all(_PLAIN_WORDS.fullmatch(f) for f in inflect_all(own))
            else None
        )
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
        selected = {id(block) for block in self.scope.blocks(doc)}
        if not any(quotes(block) for block in doc.blocks if id(block) in selected and block.kind in _PROSE):
            return  # no quotation: nothing to credit
        page = _Page(self, doc, selected)
        # The latest credited quotation, and the names in its attribution (worked out only
        # when a later quote needs them: most quotes carry their own credit).
        speaker_chain: list[_Located] | None = None
        speakers: set[str] | None = None
        credited_blocks: set[int] = set()
        for chain in page.chains():
            credited = page.credited(chain) or page.led_in(chain)
            if not credited and self.inherit and chain[0].block in credited_blocks:
                # The paragraph's speaker is already named: "…," she said. (…) "…"
                credited = True
            if not credited and self.continuity and speaker_chain is not None:
                if speakers is None:
                    speakers = set().union(*(page.names(gid) for gid in page.crediting(speaker_chain)))
                if speakers:
                    # "…," said Smith. Smith hopes to win. "…": the speaker carries on.
                    credited = any(page.names(gid) & speakers for gid in page.before(chain[0]))
            if credited:
                credited_blocks.update(item.block for item in chain)
                if self.continuity:
                    # Only the latest speaker carries on: a name from further back is a new turn.
                    speaker_chain, speakers = chain, None
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
            # A few dozen characters: running the pattern costs less than indexing them for its gate.
            if ungated(self.exempt).search(before, timeout=self.context.match_timeout):
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

    def __init__(self, rule: AttributionRule, doc: Document, selected: set[int]):
        self.rule = rule
        self.doc = doc
        self.timeout = rule.context.match_timeout
        # Sentence gid of the page: its block (index into doc.blocks), span, and section
        # (consecutive prose blocks share one; a heading starts the next). Parallel lists,
        # filled a block at a time: a page has hundreds of sentences and few are looked at.
        self.sent_block: list[int] = []
        self.sent_start: list[int] = []
        self.sent_end: list[int] = []
        self.sent_section: list[int] = []
        self.located: list[_Located] = []
        self._narrative: dict[int, str] = {}
        self._credit_text: dict[int, str] = {}
        self._credit: dict[int, bool] = {}
        self._any_credit: dict[int, bool] = {}
        self._words: dict[int, frozenset[bytes] | None] = {}
        self._folded: dict[int, bytes | None] = {}
        self._names: dict[int, set[str]] = {}
        self._layout(selected)
        self.quoted = {gid for item in self.located for gid in range(item.first, item.last + 1)}

    def _layout(self, selected: set[int]) -> None:
        section = 0
        for index, block in enumerate(self.doc.blocks):
            if block.kind == "meta":
                continue
            if id(block) not in selected or block.kind not in _PROSE:
                section += 1  # a headline or subheading: the window stops here
                continue
            first_gid = len(self.sent_block)
            spans = sentences(block)
            starts, ends = zip(*spans) if spans else ((), ())
            self.sent_block.extend([index] * len(spans))
            self.sent_start.extend(starts)
            self.sent_end.extend(ends)
            self.sent_section.extend([section] * len(spans))
            block_quotes = quotes(block)
            if not block_quotes:
                continue
            # Sentences are in order and never overlap: those a quote overlaps are a run,
            # from the first that ends after it opens to the last that starts before it closes.
            text = block.text
            for quote in block_quotes:
                lo = bisect_right(ends, quote.start)
                hi = bisect_left(starts, quote.end)
                if lo < hi:
                    first, last = first_gid + lo, first_gid + hi - 1
                else:  # a quote mark alone in whitespace: tie it to the nearest sentence
                    first = last = max(first_gid, len(self.sent_block) - 1)
                letter = _LETTER.search(text, quote.start + 1, quote.end) if quote.start + 1 < quote.end else None
                lead_start = self.sent_start[first]
                fragment = (
                    letter is not None
                    and letter.group().islower()
                    and lead_start < quote.start
                    and _WORD_CHAR.search(text, lead_start, quote.start) is not None
                )
                self.located.append(_Located(index, quote, first, last, not fragment))

    # -- text ------------------------------------------------------------

    def narrative(self, index: int) -> str:
        """A block's text with its quotations blanked: the reporter's words only."""
        if index not in self._narrative:
            self._narrative[index] = _blank_quotes(self.doc.blocks[index])
        return self._narrative[index]

    def credit_text(self, index: int) -> str:
        """The reporter's words where credits are looked for: the narrative without the
        verbs of adjectival compounds. "so-called", "self-described" and "much-quoted"
        describe something; their verb would otherwise credit the quote beside them and
        the one after. ("he half-joked" still credits: only adverb-like heads count.)"""
        if index not in self._credit_text:
            text = self.narrative(index)
            if "-" in text:
                text = _ADJECTIVAL_TAIL.sub(lambda m: " " * len(m.group()), text)
            self._credit_text[index] = text
        return self._credit_text[index]

    def reporter(self, gid: int) -> str:
        return self.narrative(self.sent_block[gid])[self.sent_start[gid] : self.sent_end[gid]]

    # -- credits -----------------------------------------------------------

    def folded(self, index: int) -> bytes | None:
        """A block's reporter's words lower-cased, with every non-word character a space, one
        byte a character; None when a non-ASCII letter or digit ("é", "K", "١") is in it.
        Other non-ASCII characters ("£", "—") are never part of a word nor matched by an
        ASCII letter, so reading them as spaces changes no word."""
        if index not in self._folded:
            text = self.credit_text(index)
            plain = text.isascii() or _NON_ASCII_WORD.search(text) is None
            self._folded[index] = text.encode("ascii", "replace").lower().translate(_ASCII_NON_WORD) if plain else None
        return self._folded[index]

    def words(self, gid: int) -> frozenset[bytes] | None:
        """The lower-cased words of a sentence's reporter's words, when they can stand in for
        the patterns: ASCII text, whose edges cut no word (a \\b there sees the text around)."""
        if gid in self._words:
            return self._words[gid]
        folded = self.folded(self.sent_block[gid])
        words = None
        if folded is not None:
            start, end = self.sent_start[gid], self.sent_end[gid]
            # A word character on both sides of an edge (never a space here) cuts a word.
            cut = (0 < start < len(folded) and folded[start - 1] != 32 and folded[start] != 32) or (
                0 < end < len(folded) and folded[end - 1] != 32 and folded[end] != 32
            )
            if not cut:
                words = frozenset(folded[start:end].split())
        self._words[gid] = words
        return words

    def core(self, gid: int) -> bool:
        """A reporting verb or attribution phrase in the reporter's words of a sentence."""
        found = self._credit.get(gid)
        if found is None:
            rule = self.rule
            start, end = self.sent_start[gid], self.sent_end[gid]
            words = self.words(gid)
            if words is None:
                text = self.credit_text(self.sent_block[gid])
                found = ungated(rule.credit).search(text, start, end, timeout=self.timeout) is not None
            elif not rule.credit_words.isdisjoint(words):
                found = True
            elif rule.credit_rest is None:
                found = False
            elif rule.credit_rest_words is not None:
                found = not rule.credit_rest_words.isdisjoint(words) and (
                    ungated(rule.credit_rest).search(self.credit_text(self.sent_block[gid]), start, end, timeout=self.timeout) is not None
                )
            else:
                found = ungated(rule.credit_rest).search(self.credit_text(self.sent_block[gid]), start, end, timeout=self.timeout) is not None
            self._credit[gid] = found
        return found

    def beside_quote(self, gid: int) -> bool:
        """An own-sentence verb right beside a quote mark: '"…," she posted' / 'It read: "…"'."""
        pattern = self.rule.own_credit
        if pattern is None or gid not in self.quoted:
            return False
        first_words = self.rule.own_first_words
        if first_words is not None:
            words = self.words(gid)
            if words is not None and first_words.isdisjoint(words):
                return False  # no form starts in this sentence
        block = self.sent_block[gid]
        near = self.rule.near_quote
        edges = [edge for q in quotes(self.doc.blocks[block]) for edge in (q.start, q.end)]
        for m in pattern.finditer(self.credit_text(block), self.sent_start[gid], self.sent_end[gid], timeout=self.timeout):
            if any(-near <= m.start() - edge <= near or -near <= edge - m.end() <= near for edge in edges):
                return True
        return False

    def any_credit(self, gid: int) -> bool:
        # In a sentence that holds a quote, "he stated" / "she continued" is that quote's
        # attribution, so the speaker carries on into the next quote.
        found = self._any_credit.get(gid)
        if found is None:
            found = self._any_credit[gid] = self.core(gid) or self.beside_quote(gid)
        return found

    def names(self, gid: int) -> set[str]:
        """The names in a sentence's reporter's words (see _names)."""
        found = self._names.get(gid)
        if found is None:
            found = self._names[gid] = _names(self.reporter(gid))
        return found

    def before(self, item: _Located) -> range:
        """The window of sentences before a quote, within its section."""
        sections = self.sent_section
        section = sections[item.first]
        lo = item.first
        for _ in range(self.rule.window):
            if lo - 1 < 0 or sections[lo - 1] != section:
                break
            lo -= 1
        return range(lo, item.first)

    def after(self, item: _Located) -> range:
        """The window after a quote: it stays in the paragraph (attribution does not trail
        into the next one, while a lead-in may well end the paragraph before)."""
        blocks = self.sent_block
        hi = item.last
        for _ in range(self.rule.window_after):
            if hi + 1 >= len(blocks) or blocks[hi + 1] != blocks[hi]:
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
            # A lead-in sits right before the quote: a run-on "sentence" of thousands of words
            # (copy that lost its full stops) is read no further back than LEAD_IN_REACH, or
            # each of its quotes would read it all again.
            before = self.narrative(item.block)[max(self.sent_start[item.first], item.quote.start - LEAD_IN_REACH) : item.quote.start]
            if pattern.search(before, timeout=self.timeout):
                return True
            # ... or the sentence before, when the quote opens its own: 'The Post reported: ¶ "…"'.
            if not _WORD_CHAR.search(before) and item.first - 1 in self.before(item) and pattern.search(self.reporter(item.first - 1)[-LEAD_IN_REACH:], timeout=self.timeout):
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
        return not _WORD_CHAR.search(between)
    if item.block != _next_prose(doc, prev.block):
        return False
    # The next paragraph must open with the quote mark: that is the run-on convention.
    if doc.blocks[item.block].text[: item.quote.start].strip():
        return False
    if not prev.quote.closed:
        return True
    return not _WORD_CHAR.search(doc.blocks[prev.block].text[prev.quote.end :])


def _next_prose(doc: Document, index: int) -> int:
    for j in range(index + 1, len(doc.blocks)):
        if doc.blocks[j].kind != "meta":
            return j
    return -1


# The verb of an adjectival compound: "so-called", "Self-described", "much-quoted",
# "oft-repeated". Its head is an adverb or "self"; "half-joked", "co-wrote" keep theirs.
_ADJECTIVAL_TAIL = regex.compile(
    r"(?<=\b(?i:so|self|well|much|oft|often|widely|little|long|ill|highly|frequently|commonly|once|most|best|least"
    r"|less|ever|never|publicly|privately|rightly|wrongly|aptly|justly|supposedly|allegedly|previously|recently|newly)-)"
    r"[a-z]+\b"
)


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
_ASCII_NAME = re.compile(_NAME.pattern)
_LETTER = regex.compile(r"\p{L}")
# A non-ASCII character the regex module counts as part of a word (a letter, digit or mark).
_NON_ASCII_WORD = regex.compile(r"[^\W\x00-\x7f]")
_WORD_CHAR = regex.compile(r"\w")
# A verb form that is one plain word (a set lookup), or plain words with spaces.
_PLAIN_WORD = regex.compile(r"[A-Za-z0-9_]+")
_PLAIN_WORDS = regex.compile(r"[A-Za-z0-9_]+(?: [A-Za-z0-9_]+)*")


def _names(text: str) -> set[str]:
    """Capitalised words that are not ordinary English words: Sarandos, O'Connor, Ofcom, IMF."""
    from ..lexicon import english_words

    common = english_words()
    out: set[str] = set()
    # On ASCII text the stdlib engine reads the pattern the same way, and faster.
    for word in (_ASCII_NAME if text.isascii() else _NAME).findall(text):
        if word.endswith(("'s", "\u2019s")):  # the possessive: Smith's
            word = word[:-2]
        if len(word) > 1 and word.lower() not in common:
            out.add(word)
    return out
