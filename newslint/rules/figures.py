"""The figures kind: numbers that contradict each other.

Per document: a stated change that contradicts its own endpoints ("rose from
$2.1 billion to $3.1 billion, up 20%" — that is up about 48%).

Across sources (cross_source): two articles of one story that state
incompatible values for the same claim key (measure + period + entity, see
newslint.claims). The finding goes on the odd one out when a third source
agrees with the other, and on a reported file rather than a --context one.

Every word list and tolerance is data in the rule's YAML.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any, Iterable, Iterator

from ..alternation import factored
from ..claims import STOPWORDS, Claim, ClaimVocabulary, claims_in_sentence, same_key
from ..document import Block, Document
from ..findings import Finding, Related
from ..numbers import Quantity, Token, Vocabulary, ranges_meet
from ..segment import quote_spans, sentences, within_span
from ..yamlio import LinedDict
from .base import Match, Rule, string_list


def _phrases_regex(phrases: Iterable[str], also: str = "") -> re.Pattern[str]:
    """A test for whole lower-case words and phrases (a space: any whitespace), or `also`.

    Stdlib re on lower-cased text, the alternation factored by prefix: here
    several times faster than the regex module, IGNORECASE or a flat list.
    """
    body = "|".join(b for b in (factored(phrases), also) if b)
    # Bounded by letters, as the tokenizer splits words: "5views" holds the word "views".
    return re.compile(r"(?<![a-z])(?:" + body + r")(?![a-z])", re.DOTALL)


DEFAULT_MESSAGE = "Figures disagree on %s: '%s' here, '%s' in %s."
DEFAULT_CHANGE_MESSAGE = "'%s' does not match '%s': that is %s."
DEFAULT_WITHIN_MESSAGE = "This article gives two figures for %s: '%s' here, '%s' at line %s. Check which is right."
# Who a casualty count counts: no evidence that two sentences are about one event.
_COUNTED = frozenset("people person persons men women children adults victims civilians residents".split())
_PART_OF = re.compile(r"\s+(?:(?:of|out of|years?[- ]old)\b|in (?:\d|every\b|ten\b))")  # "three of the dead"; an age; "4 in 10"
# "died aged 94", "died in Germany at 50": an age, not a death toll.
_AGE_BEFORE = re.compile(r"\b(?:aged|age of|age)\s*$", re.IGNORECASE)
_AT_AGE = re.compile(r"(?<!stood )(?<!stands )(?<!remains )(?<!remained )(?<!reached )\bat\s*$", re.IGNORECASE)
# Days a count is given for: "stood at 12 on Monday", "14 on Tuesday" is a toll told as it grew.
_DAYS = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|overnight)\b", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+([A-Za-z][A-Za-z'-]*)")
_SAME_GROUP = {"person": "people", "persons": "people"}
# Words after a count that say nothing about who is counted ("12 dead", "14 were killed").
_NOT_A_GROUP = frozenset("dead died die dies killed injured wounded hurt were are have had people's other others more".split())
_NO_NOUN_AFTER = re.compile(r"\s*(?:[.,;:)]|$)")
_COMMA_BEFORE = re.compile(r",\s*$")  # "Ms Bakley, 44, was found dead": an age between commas
_COMMA_AFTER = re.compile(r"\s*,")
# Words that make a second figure for the same count a different one: an update
# ("the toll rose to 14", "earlier reports said 12"), an addition ("two more
# died"), a part ("in total", "including", "seriously injured"), or another event
# ("last month", "a similar fire", "in a separate incident").
_NOT_THE_SAME_COUNT = re.compile(
    r"\b(?:earlier|initially|originally|previously|first|rose|risen|climbed|increased|jumped|revised|updated|now|later"
    r"|another|second|third|fourth|fifth|more(?!\s+than\s+(?:a|an|one)\s)|further|additional|other|others|including|included|include|includes|among|total|altogether|overall"
    r"|critically|seriously|badly|severely|fatally|slightly|mildly|lightly|moderately|gravely"
    r"|last (?:week|month|year|summer|winter|spring|autumn|decade|century)|ago|similar|separate|previous|past|since)\b",
    re.IGNORECASE,
)
_CONTRAST = frozenset({"while", "but", "whereas", "although"})  # a clause about something else
_ADVERBS = frozenset({"back", "away", "further", "again", "off", "still"})  # "fell back from", "rose further to"
_PAST_FORMS = frozenset({"rose", "risen", "fell", "fallen", "grew", "grown", "shrank", "shrunk", "cut"})
_OBJECT_STOPS = frozenset({"and", "or", "but", "while", "which", "that", "who", "as", "after", "before", "when", "since"})


@dataclass(slots=True)
class PlacedClaim:
    """A claim with its place in the source: what the summary carries to the cross pass."""

    claim: Claim
    line: int
    column: int
    end_line: int
    end_column: int


class FiguresRule(Rule):
    kind = "figures"
    cross_source = True
    default_message = DEFAULT_MESSAGE
    keys = {
        "measures": (dict,),
        "not_measures": (list,),
        "forecasts": (list,),
        "periods": (dict,),
        "currencies": (dict,),
        "scales": (dict,),
        "hedges": (dict,),
        "rounding": (list, float),
        "rises": (list,),
        "raises": (list,),
        "lowers": (list,),
        "falls": (list,),
        "before_markers": (list,),
        "before_after": (list,),
        "window": (int,),
        "min_context": (int,),
        "change_tolerance": (float,),
        "multiplier_tolerance": (float,),
        "change_message": (str,),
        "within_article": (list, str),
        "within_message": (str,),
        "within_min_context": (int,),
        "in_quotes": (bool,),
        "max_claims": (int,),
    }
    required = ("measures",)

    def configure(self, spec: LinedDict) -> None:
        measures = self._table(spec, "measures")
        periods: dict[str, dict[str, list[str]]] = {}
        for kind, tags in (spec.get("periods") or {}).items():
            if not isinstance(tags, dict):
                raise self.error("periods", f"periods.{kind} must map a tag to its phrases")
            periods[str(kind)] = {str(tag): string_list(self, "periods", words) for tag, words in tags.items()}
        numbers = Vocabulary.default()
        if "currencies" in spec:
            numbers.currencies = {str(k).lower(): str(v) for k, v in (spec.get("currencies") or {}).items()}
        if "scales" in spec:
            numbers.scales = {}
            for word, size in (spec.get("scales") or {}).items():
                if isinstance(size, bool) or not isinstance(size, (int, float)) or size <= 0:
                    raise self.error("scales", f"scale {word!r} must be a positive number")
                numbers.scales[str(word).lower()] = float(size)
        if "hedges" in spec:
            numbers.hedges = {}
            for phrase, span in (spec.get("hedges") or {}).items():
                if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, (int, float)) and not isinstance(x, bool) and x >= 0 for x in span)):
                    raise self.error("hedges", f"hedge {phrase!r} needs [below, above]: fractions of the figure (.inf for open-ended)")
                numbers.hedges[str(phrase)] = (float(span[0]), float(span[1]))
        rounding = spec.get("rounding")
        if rounding is None:
            rounding = [0.5, 1.0]
        if isinstance(rounding, (int, float)):
            rounding = [rounding, rounding]
        if not (len(rounding) == 2 and all(isinstance(x, (int, float)) and not isinstance(x, bool) and x >= 0 for x in rounding)):
            raise self.error("rounding", "rounding needs [below, above]: units of the last written digit")
        numbers.rounding = (float(rounding[0]), float(rounding[1]))
        numbers.__post_init__()
        window = self._number(spec, "window", 8, 1)
        self.vocab = ClaimVocabulary(
            numbers=numbers,
            measures=measures,
            periods=periods,
            rises=string_list(self, "rises", spec.get("rises")) or ["up", "rose", "increased", "grew"],
            falls=string_list(self, "falls", spec.get("falls")) or ["down", "fell", "decreased", "dropped"],
            before_markers=string_list(self, "before_markers", spec.get("before_markers")) or ["from"],
            before_after=string_list(self, "before_after", spec.get("before_after")),
            window=window,
            not_measures=string_list(self, "not_measures", spec.get("not_measures")),
            forecasts=string_list(self, "forecasts", spec.get("forecasts")),
        )
        self.min_context = int(self._number(spec, "min_context", 2, 0))
        self.change_tolerance = float(self._number(spec, "change_tolerance", 1.0, 0))
        self.multiplier_tolerance = float(self._number(spec, "multiplier_tolerance", 0.1, 0))
        self.change_message = spec.get("change_message") or DEFAULT_CHANGE_MESSAGE
        self.in_quotes = bool(spec.get("in_quotes", False))
        self.within_measures = frozenset(string_list(self, "within_article", spec.get("within_article")))
        unknown = sorted(self.within_measures - set(measures))
        if unknown:
            raise self.error("within_article", f"'within_article' names measures not in 'measures': {', '.join(unknown)}")
        self.within_message = spec.get("within_message") or DEFAULT_WITHIN_MESSAGE
        self.within_min_context = int(self._number(spec, "within_min_context", 1, 0))
        # Words two sentences of one article share without being about one event: function
        # words, the measures' own words ("killed", "injured") and who is counted ("people").
        self._not_evidence = STOPWORDS | {w for phrase in self.vocab.measure_phrases() for w in phrase.split()} | _COUNTED
        # Verbs that tell a change only right before its endpoints ("raised the limit from 49%
        # to 74%"): elsewhere "raised $5m" is money raised, not a change.
        self._raises = self.vocab._rises | {w.lower() for w in string_list(self, "raises", spec.get("raises"))}  # noqa: SLF001
        self._lowers = self.vocab._falls | {w.lower() for w in string_list(self, "lowers", spec.get("lowers"))}  # noqa: SLF001
        self.max_claims = int(self._number(spec, "max_claims", 200, 1))
        # Cheap tests on lower-cased text, so most sentences are never tokenised: a
        # figure needs a digit, a currency symbol or a number word; a sentence is
        # worth reading only if it also names a measure (a claim) or has "from ...
        # to" (a change checked against its endpoints).
        self._figure_marks = re.compile(r"[\d" + re.escape(numbers.figure_marks()) + "]")
        self._figure_words = _phrases_regex(numbers.figure_words())
        self._worth_reading = _phrases_regex(self.vocab.measure_phrases(), also=r"from(?![a-z]).*?(?<![a-z])to|to(?![a-z]).*?(?<![a-z])from")

    def _number(self, spec: LinedDict, key: str, default: float, minimum: float) -> float:
        value = spec.get(key)
        if value is None:
            return default
        if value < minimum:
            raise self.error(key, f"{key} must be at least {minimum}")
        return value

    def _table(self, spec: LinedDict, key: str) -> dict[str, list[str]]:
        table = spec.get(key) or {}
        if not isinstance(table, dict) or not table:
            raise self.error(key, f"{key!r} must map a name to a list of words")
        return {str(name): string_list(self, key, words) for name, words in table.items()}

    # -- per document: changes that contradict their endpoints -------------------

    def _sentences(self, doc: Document) -> list[tuple[Block, list[tuple[int, int]], list[Claim], list[Token], list[Quantity]]]:
        """Every sentence with a figure, read once per document (check and summarize share it)."""
        key = f"_figures:{self.id}"
        cached = doc.metadata.get(key)
        if cached is None:
            cached = []
            marks, words, reading = self._figure_marks, self._figure_words, self._worth_reading
            for block in doc.blocks:
                if block.kind in ("meta", "raw"):
                    continue
                text = block.text
                lower = text.lower()
                if len(lower) != len(text):
                    lower = None  # lower-casing moved the offsets (rare letters): read every sentence
                elif not (marks.search(lower) or words.search(lower)):
                    continue
                spans: list[tuple[int, int]] | None = None
                spans_of_sentences = sentences(block)
                # A one-sentence block has already shown its figure.
                check_figure = len(spans_of_sentences) > 1
                for start, end in spans_of_sentences:
                    if lower is not None and not (
                            (not check_figure or marks.search(lower, start, end) or words.search(lower, start, end))
                            and reading.search(lower, start, end)):
                        continue
                    if spans is None:
                        spans = quote_spans(block)
                    claims, tokens, quantities = claims_in_sentence(text, start, end, self.vocab, spans)
                    if quantities:
                        cached.append((block, spans, claims, tokens, quantities))
            doc.metadata[key] = cached
        return cached  # type: ignore[return-value]

    def check(self, doc: Document) -> Iterator[Finding]:
        for block, spans, _, tokens, quantities in self._sentences(doc):
            if len(quantities) < 2:
                continue
            for match in self._change_conflicts(block.text, tokens, quantities):
                if not self.in_quotes and within_span(spans, match.start, match.start + 1):
                    continue
                finding = self.to_finding(doc, block, match, check_skip=False)
                if finding is not None:
                    yield finding
        if self.within_measures:
            yield from (f for f in self._within_article(doc) if f is not None)

    # -- per document: one count given twice -------------------------------------

    def _within_article(self, doc: Document) -> Iterator[Finding]:
        """Two sentences of one article giving one count (the dead, the injured) different values.

        Only the measures listed under `within_article`: an article compares many
        firms' revenues and many years' growth, but a story about one event gives one
        death toll. Both figures must be plain levels (no change, no forecast) of the
        same period and group, not given for different days, and neither sentence may
        tell an update, an addition, a part or another event. The later figure gets the
        finding; the earlier is in `related`.
        """
        # (block, claim, sentence words, days named, judged) of every count so far. Only a
        # judged count is compared with, but any count makes a later equal one consistent:
        # "initially said 12 ... killed 14" is an update, and so is "rose to 14 ... 14".
        seen: list[tuple[Block, Claim, frozenset[str], frozenset[str], bool]] = []
        for block, here, judged, words, (start, end) in self.counts(doc):
            days = frozenset(d.lower() for d in _DAYS.findall(block.text, start, end))
            for claim in here if judged else ():
                same = [(b, e, ok) for b, e, w, d, ok in seen
                        if self._one_count(e, claim, len(w & words)) and not (d and days and d != days)
                        and _same_group(b.text, e, block.text, claim)]
                if any(_same_value(e, claim) for _, e, _ in same):
                    continue
                base = next(((b, e) for b, e, ok in same if ok), None)
                if base is not None:
                    yield self._within_finding(doc, block, claim, *base)
            seen.extend((block, c, words, days, judged) for c in here)

    def _one_count(self, a: Claim, b: Claim, shared_words: int) -> bool:
        """Two claims of one article that count the same thing: one measure and period, no
        clash of names, and within_min_context words in common between their sentences.
        (Within an article the sentence is the context: a toll is often restated far from
        the words that name the event, "The fire killed 14 people, the mayor said.")"""
        return (a.measure == b.measure and a.dim == b.dim and a.periods == b.periods
                and not (a.entities and b.entities and not a.entities & b.entities)
                and shared_words >= self.within_min_context)

    def counts(self, doc: Document) -> Iterator[tuple[Block, list[Claim], bool, frozenset[str], tuple[int, int]]]:
        """Per sentence, the counts compared within the article (block text offsets), whether
        the sentence is judged, its content words and its span. A sentence that tells an update or
        another count is not judged, but its figures are known from then on ("rose to 14"
        makes a later "14" consistent). bench/figure_counts.py plants disagreements into them."""
        for block, _, claims, tokens, _ in self._sentences(doc):
            here = [c for c in claims if c.measure in self.within_measures and not c.role and not c.forecast
                    and (self.in_quotes or not c.in_quote) and not _PART_OF.match(block.text, c.end)
                    and not _an_age(block.text, c)]
            if here and tokens:
                span = (tokens[0].start, tokens[-1].end)
                judged = not any(not _others_of_a_pair(m, claims, block.text)
                                 for m in _NOT_THE_SAME_COUNT.finditer(block.text, *span))
                words = frozenset(t.lower for t in tokens if t.text[0].isalpha() and len(t.lower) > 2) - self._not_evidence
                yield block, here, judged, words, span

    def _within_finding(self, doc: Document, block: Block, claim: Claim, earlier_block: Block, earlier: Claim) -> Finding | None:
        src_start, _ = earlier_block.source_span(earlier.start, earlier.end)
        line, column = doc.position(src_start)
        what = f"the number {claim.measure}" if claim.measure.endswith("ed") else _describe(claim)
        message = _fill(self.within_message, what, claim.text, earlier.text, str(line))
        finding = self.to_finding(doc, block, Match(claim.start, claim.end, message=message), check_skip=False)
        if finding is not None:
            finding.related = [Related(doc.path, line, column, f"'{earlier.text}'")]
        return finding

    def _change_pairs(self, tokens: list[Token], quantities: list[Quantity]) -> Iterator[tuple[Quantity, Quantity, Quantity, Quantity]]:
        """(first, second, before, after) of every change told by its endpoints: "from $2.1bn
        to $3.1bn", and the order wire copy favours, "to $3.1bn from $2.1bn"."""
        for k, first in enumerate(quantities[:-1]):
            second = quantities[k + 1]
            words = (_word_before(tokens, first), _word_before(tokens, second))
            if words == ("from", "to"):
                before, after = first, second
            elif words == ("to", "from"):
                before, after = second, first
            else:
                continue
            if before.dim != after.dim or before.dim == "times" or before.value <= 0:
                continue
            if any(t.lower in _CONTRAST for t in tokens[first.last_token + 1 : second.first_token]):
                continue  # "from 3.9% this year, while France's is forecast to drop to 3%": another subject
            yield first, second, before, after

    def told_changes(self, doc: Document) -> Iterator[tuple[Block, Quantity, Quantity, Quantity | None, Token | None]]:
        """(block, before, after, stated change, change verb) of each change told with its
        endpoints, in block text offsets: what the per-article check judges
        (bench/figure_changes.py plants errors into them). The verb counts only when
        no change figure is stated, as in the check."""
        for block, spans, _, tokens, quantities in self._sentences(doc):
            for first, second, before, after in self._change_pairs(tokens, quantities):
                if not self.in_quotes and within_span(spans, first.start, first.start + 1):
                    continue  # quoted speech is the speaker's, as in check()
                stated = self._stated_change(tokens, quantities, first, second)
                verb = None if stated is not None else self._verb(tokens, first)
                if stated is not None or verb is not None:
                    yield block, before, after, stated[0] if stated else None, tokens[verb[0]] if verb else None

    def _change_conflicts(self, text: str, tokens: list[Token], quantities: list[Quantity]) -> Iterator[Match]:
        for first, second, before, after in self._change_pairs(tokens, quantities):
            pair_text = text[tokens[first.first_token - 1].start : second.end]
            stated = self._stated_change(tokens, quantities, first, second)
            verb = self._verb(tokens, first)
            if stated is not None:
                change, sign = stated
                problem = self._contradiction(before, after, change, sign, tokens)
                if problem:
                    start = change.start
                    # Show the direction word with the figure: "up 20%", not "20%".
                    for index in (change.first_token - 1, change.first_token - 2):
                        if index >= 0 and (tokens[index].lower in self.vocab._rises or tokens[index].lower in self.vocab._falls):  # noqa: SLF001
                            start = tokens[index].start
                            break
                    yield Match(start, change.end, message=_fill(self.change_message, text[start : change.end], pair_text, problem))
            elif verb is not None:
                index, sign = verb
                if sign > 0 and after.high <= before.low or sign < 0 and after.low >= before.high:
                    actual = "a fall" if sign > 0 else "a rise"
                    tok = tokens[index]
                    yield Match(tok.start, tok.end, message=_fill(self.change_message, tok.text, pair_text, actual))

    def _verb(self, tokens: list[Token], first: Quantity) -> tuple[int, int] | None:
        """The change verb before the pair's first figure: (token, sign).

        The word before "from"/"to", past an adverb or two ("fell sharply back
        from"); or, with an object between, a past-tense verb a few words back
        ("raised the parking charge from £4"). A noun there is the subject, not
        the change: "Growth slowed to 0.3%" is no rise.
        """
        index = first.first_token - 2
        for _ in range(2):
            if index >= 1 and (tokens[index].lower.endswith("ly") or tokens[index].lower in _ADVERBS):
                index -= 1
        if index < 0:
            return None
        sign = self._verb_sign(tokens[index].lower)
        if sign:
            return index, sign
        for back in range(index - 1, max(index - 5, -1), -1):
            word = tokens[back].lower
            if word in _OBJECT_STOPS or not word[0].isalpha():
                return None  # a clause break or another figure: the verb is not this change's
            if word.endswith("ed") or word in _PAST_FORMS:
                sign = self._verb_sign(word)
                if sign:
                    return back, sign
        return None

    def _verb_sign(self, word: str) -> int:
        if word in self._raises:
            return 1
        if word in self._lowers:
            return -1
        return 0

    def _stated_change(self, tokens: list[Token], quantities: list[Quantity], first: Quantity, second: Quantity) -> tuple[Quantity, int] | None:
        """The stated change nearest the from/to pair (first and second as written) in the
        same or the next clause: (quantity, sign)."""
        candidates: list[tuple[int, Quantity, int]] = []
        for q in quantities:
            if q is first or q is second:
                continue
            if q.dim == "count" and first.dim == second.dim == "percent":
                q = _bare_points(tokens, q) or q  # "up 3 points to 41% from 36%": percentage points
            if q.dim not in ("percent", "points", "times"):
                continue
            if _word_before(tokens, q) in ("to", "from"):
                continue  # "fall to 2.9%": the end of another change, not the size of this one
            if q.dim == "times" and tokens[q.first_token].lower in ("twice", "double"):
                continue  # "twice as many" compares something else
            sign = self._sign(tokens, q)
            if sign == 0 and q.dim != "times":
                continue
            lo, hi = (second.last_token, q.first_token) if q.first_token > second.last_token else (q.last_token, first.first_token)
            between = [t.lower for t in tokens[lo + 1 : hi]]
            if len(between) > 6 or any(w in _CONTRAST or w == "and" for w in between):
                continue
            candidates.append((hi - lo, q, sign or 1))
        if not candidates:
            return None
        _, q, sign = min(candidates, key=lambda c: c[0])
        return q, sign

    def _sign(self, tokens: list[Token], q: Quantity) -> int:
        back = [t.lower for t in tokens[max(0, q.first_token - 3) : q.first_token]]
        ahead = [t.lower for t in tokens[q.last_token + 1 : q.last_token + 3]]
        words = back + ahead
        if q.dim == "times" and tokens[q.first_token].lower in ("doubled", "tripled", "quadrupled", "halved"):
            return 1
        if any(w in self.vocab._falls for w in words):  # noqa: SLF001
            return -1
        if any(w in self.vocab._rises for w in words):  # noqa: SLF001
            return 1
        return 0

    def _contradiction(self, before: Quantity, after: Quantity, change: Quantity, sign: int, tokens: list[Token]) -> str | None:
        """A description of the real change when the stated one cannot be right, else None."""
        before_low, before_high = _rounded_nearest(before)
        after_low, after_high = _rounded_nearest(after)
        ratio_low = after_low / before_high if before_high > 0 else -math.inf
        ratio_high = after_high / before_low if before_low > 0 else math.inf
        if change.dim == "times":
            tol = self.multiplier_tolerance
            factor_low, factor_high = change.low * (1 - tol), change.high * (1 + tol)
            # "three times more" is read as 3x or 4x by different editors: accept either.
            loose = tokens[change.last_token].lower == "times"
            ok = ratio_low <= factor_high and factor_low <= ratio_high or (
                loose and ratio_low - 1 <= factor_high and factor_low <= ratio_high - 1)
            return None if ok else f"{after.value / before.value:.2g} times"
        tol = self.change_tolerance
        stated_low, stated_high = (change.low, change.high) if sign > 0 else (-change.high, -change.low)
        stated_low, stated_high = stated_low - tol, stated_high + tol
        candidates: list[tuple[float, float]] = []
        if change.dim == "percent":
            candidates.append(((ratio_low - 1) * 100, (ratio_high - 1) * 100))
        if before.dim == "percent" and after.dim == "percent":
            # Endpoints that are percentages: "up 5%" may mean 5 points.
            candidates.append((after_low - before_high, after_high - before_low))
        if not candidates:
            return None
        if any(lo <= stated_high and stated_low <= hi for lo, hi in candidates):
            return None
        # Report the change the stated endpoints give, not the edge of their rounding.
        if change.dim == "percent":
            actual = (after.value / before.value - 1) * 100
        else:
            actual = after.value - before.value
        unit = "%" if change.dim == "percent" else " points"
        direction = "up" if actual >= 0 else "down"
        size = f"{abs(actual):.0f}" if abs(actual) >= 10 else f"{abs(actual):.1f}".rstrip("0").rstrip(".")
        return f"{direction} about {size}{unit}"

    # -- across sources --------------------------------------------------------

    def summarize(self, doc: Document) -> list[PlacedClaim] | None:
        placed: list[PlacedClaim] = []
        for block, _, claims, _, _ in self._sentences(doc):
            for claim in claims:
                if claim.in_quote and not self.in_quotes:
                    continue
                src_start, src_end = block.source_span(claim.start, claim.end)
                line, column = doc.position(src_start)
                end_line, end_column = doc.end_position(src_end)
                placed.append(PlacedClaim(replace(claim, start=src_start, end=src_end), line, column, end_line, end_column))
                if len(placed) >= self.max_claims:
                    return placed
        return placed or None

    def compare(self, summaries: dict[str, Any], stories: list[list[str]]) -> Iterator[Finding]:
        context_paths = getattr(self, "context_paths", frozenset())
        for story in stories:
            members = [p for p in story if summaries.get(p)]
            if len(members) < 2:
                continue
            yield from self._compare_story(members, summaries, context_paths)

    def _compare_story(self, members: list[str], summaries: dict[str, list[PlacedClaim]], context_paths: frozenset[str]) -> Iterator[Finding]:
        buckets: dict[tuple[str, str, str], list[tuple[str, PlacedClaim]]] = {}
        for path in members:
            for placed in summaries[path]:
                c = placed.claim
                buckets.setdefault((c.measure, c.dim, c.role), []).append((path, placed))
        reports: dict[int, tuple[str, PlacedClaim, list[tuple[str, PlacedClaim]]]] = {}
        for entries in buckets.values():
            if len({p for p, _ in entries}) < 2:
                continue
            for path_a, a, path_b, b in self._conflicts(entries):
                support_a = self._support(entries, a, {path_a, path_b})
                support_b = self._support(entries, b, {path_a, path_b})
                # The odd one out gets the finding; in a tie, a reported file rather than context.
                if support_a > support_b or (support_a == support_b and _prefer(path_b, path_a, context_paths)):
                    target = (path_b, b, path_a, a)
                else:
                    target = (path_a, a, path_b, b)
                key = id(target[1])
                if key not in reports:
                    reports[key] = (target[0], target[1], [])
                if all(other is not target[3] for _, other in reports[key][2]):
                    reports[key][2].append((target[2], target[3]))
        for path, placed, others in reports.values():
            yield self._finding(path, placed, others)

    def _conflicts(self, entries: list[tuple[str, PlacedClaim]]) -> Iterator[tuple[str, PlacedClaim, str, PlacedClaim]]:
        """Pairs of claims from different articles with one key and no consistent reading."""
        seen: set[tuple[int, int]] = set()
        by_path: dict[str, list[PlacedClaim]] = {}
        for path, placed in entries:
            by_path.setdefault(path, []).append(placed)
        for path_a, a in entries:
            for path_b, claims_b in by_path.items():
                if path_b == path_a:
                    continue
                same = [b for b in claims_b if same_key(a.claim, b.claim, self.min_context)]
                if not same or any(_overlaps(a.claim, b.claim) for b in same):
                    continue
                # Nor may the other article say what this one says elsewhere under the same key.
                own = [x for x in by_path[path_a] if x is not a and same_key(a.claim, x.claim, self.min_context)]
                if any(_overlaps(x.claim, b.claim) for x in own for b in same):
                    continue
                b = min(same, key=lambda b: abs(b.claim.value - a.claim.value))
                pair = (min(id(a), id(b)), max(id(a), id(b)))
                if pair in seen:
                    continue
                seen.add(pair)
                if path_a < path_b:
                    yield path_a, a, path_b, b
                else:
                    yield path_b, b, path_a, a

    def _support(self, entries: list[tuple[str, PlacedClaim]], claim: PlacedClaim, exclude: set[str]) -> int:
        """How many other articles state a value consistent with this claim under its key."""
        return len({p for p, other in entries if p not in exclude and same_key(claim.claim, other.claim, self.min_context)
                    and _overlaps(claim.claim, other.claim)})

    def _finding(self, path: str, placed: PlacedClaim, others: list[tuple[str, PlacedClaim]]) -> Finding:
        c = placed.claim
        other_path, other = others[0]
        where = f"{other_path}:{other.line}"
        if len(others) > 1:
            where += f" (and {len(others) - 1} more)"
        message = _fill(self.message, _describe(c), c.text, other.claim.text, where)
        return Finding(
            path=path,
            line=placed.line,
            column=placed.column,
            end_line=placed.end_line,
            end_column=placed.end_column,
            rule=self.id,
            kind=self.kind,
            level=self.level,
            message=message,
            match=c.text,
            link=self.link,
            related=[Related(p, o.line, o.column, f"'{o.claim.text}'") for p, o in others],
            start=c.start,
            end=c.end,
        )


def _prefer(candidate: str, other: str, context_paths: frozenset[str]) -> bool:
    """Should the finding go on candidate rather than other (when sources are tied)?"""
    if (candidate in context_paths) != (other in context_paths):
        return other in context_paths
    return candidate > other


def _overlaps(a: Claim, b: Claim) -> bool:
    return ranges_meet(a.low, a.high, b.low, b.high)


def _others_of_a_pair(marker: regex.Match | re.Match, claims: list[Claim], text: str) -> bool:
    """'killed 17 workers and injured 40 others': "others" right after a count whose sentence
    gave another measure first means others than those, not a second count of the same."""
    if marker.group().lower() not in ("other", "others"):
        return False
    for k, claim in enumerate(claims):
        if not text[claim.end : marker.start()].strip():
            return any(earlier.measure != claim.measure for earlier in claims[:k])
    return False


def _same_value(a: Claim, b: Claim) -> bool:
    """Two counts of one article that may be one value. Each is read as rounded to the
    nearest unit, never truncated: nobody writes "12 killed" for 12.9 people, so 12 and
    13 (or "three" and "four") differ, while "5,000" still stands for 4,500-5,500."""
    return ranges_meet(*_rounded_nearest(a), *_rounded_nearest(b))


def _rounded_nearest(q: Quantity | Claim) -> tuple[float, float]:
    """A figure's range read as rounded to the nearest unit, not truncated.

    Across sources "$43 million" may be another outlet's $43.9 million, so a
    figure's range allows truncation. Within one sentence the writer worked the
    change out from the endpoints as written: "from £10 to £12" is a rise of
    14-24%, never the 5% that truncation would let through. Hedged figures
    ("about £10") keep their range.
    """
    if q.hedge:
        return q.low, q.high
    return q.low, min(q.high, 2 * q.value - q.low)


def _counted(text: str, claim: Claim) -> str | None:
    """Who a count counts: the word after the figure ("12 people", "5 militants"), or None."""
    m = _NEXT_WORD.match(text, claim.end)
    if m is None:
        return None
    word = m.group(1).lower()
    if word in STOPWORDS or word in _NOT_A_GROUP:
        return None
    return _SAME_GROUP.get(word, word)


def _same_group(text_a: str, a: Claim, text_b: str, b: Claim) -> bool:
    """'killed 12 people' and 'killed 5 militants' count different groups; 'killed 14' may be either."""
    group_a, group_b = _counted(text_a, a), _counted(text_b, b)
    return group_a is None or group_b is None or group_a == group_b


def _an_age(text: str, claim: Claim) -> bool:
    before = max(0, claim.start - 12)
    return bool(_AGE_BEFORE.search(text, before, claim.start)
                or _AT_AGE.search(text, before, claim.start) and _NO_NOUN_AFTER.match(text, claim.end)
                or _COMMA_BEFORE.search(text, before, claim.start) and _COMMA_AFTER.match(text, claim.end))


def _word_before(tokens: list[Token], q: Quantity) -> str:
    return tokens[q.first_token - 1].lower if q.first_token > 0 else ""


def _describe(c: Claim) -> str:
    what = c.measure
    if c.role == "change":
        what = f"the change in {what}"
    elif c.role == "before":
        what = f"the earlier {what}"
    elif c.role == "difference":
        what = f"the difference in {what}"
    periods = [value.upper() if kind in ("quarter", "half") else value
               for kind, _, value in (p.partition(":") for p in c.periods) if kind != "month"]
    if periods:
        what += f" ({', '.join(periods)})"
    return what


def _fill(template: str, *args: str) -> str:
    from .base import format_message

    return format_message(template, args)


def _bare_points(tokens: list[Token], q: Quantity) -> Quantity | None:
    """A count written "3 points" read as percentage points (between percentage endpoints)."""
    following = q.last_token + 1
    if following < len(tokens) and tokens[following].lower in ("point", "points"):
        return replace(q, dim="points", end=tokens[following].end, last_token=following)
    return None
