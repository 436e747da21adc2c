"""Numeric claims: a figure plus what it measures, read from its sentence.

A claim keys a quantity (newslint.numbers) by the measure it counts ("revenue",
"killed"), the period it covers ("Q2", "2024"), its role ("before" for the
earlier value of a change, "change" for "up 16%"), the proper nouns of its
sentence and a few context words. Two claims from different articles are about
the same thing only when these agree (see `same_key`); the figures rule then
asks whether their values can both be true.

The word lists (measures, periods, change words) are the rule's YAML data,
handed in as a ClaimVocabulary.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .lexicon import english_words
from .numbers import Quantity, Token, Vocabulary, find_quantities, tokenize
from .segment import within_span

CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", "—", "–", "but", "while", "whereas", "although"})
# "to" before one of these verbs opens a purpose clause, and no figure reaches a
# measure across it: in "sold for $9bn to offset a tax bill" the $9bn is no tax.
PURPOSE_VERBS = frozenset(
    """help offset cover pay fund finance settle meet repay buy avoid reduce cut raise boost ease clear service
    compensate refinance restructure""".split()
)
# A figure followed by one of these and "than" ("£300 less than the rival plan")
# is a difference between two amounts, not an amount.
COMPARATIVES = frozenset("more less fewer higher lower bigger smaller larger greater cheaper dearer".split())
STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or but as is was were are be been being has have had it its
    this that these those their his her they he she we our you your i than then there which who whom whose what
    when where while after before about into over under more less most least up down out so not no also just
    said says say told according per cent percent year years quarter month months week weeks day days
    million billion trillion thousand
    would could will should might must can last next ago above below back only further previous expected
    since still even just around earlier later latest""".split()
)
_NOT_ENTITIES = frozenset(
    """the a an this that these those it its in on at for and but or if when while after before as by of to from with
    i we he she they you there here what who how why mr mrs ms dr monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november december q""".split()
) | frozenset(
    # Nationalities describe where, not who: "Russian" in two sentences does not make
    # one firm's tax bill another's.
    """african american arab asian australian austrian belgian brazilian british canadian chinese colombian cuban
    danish dutch egyptian english european french german greek indian indonesian iranian iraqi irish israeli
    italian japanese korean lebanese mexican nigerian norwegian pakistani palestinian polish portuguese russian
    saudi scottish spanish swedish swiss syrian turkish ukrainian venezuelan vietnamese welsh""".split()
)
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december")


def _phrase_index(table: dict[str, list[str]], plurals: bool) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> [(phrase words, name)], longest phrase first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name, phrases in table.items():
        for phrase in phrases:
            words = tuple(t.lower for t in tokenize(phrase.lower()))
            if not words:
                continue
            forms = {words}
            if plurals and words[-1][-1:].isalpha():
                forms |= {words[:-1] + (words[-1] + "s",), words[:-1] + (words[-1] + "es",)}
            for form in forms:
                index.setdefault(form[0], []).append((form, name))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


@dataclass
class ClaimVocabulary:
    """What the claim reader knows: from the figures rule's YAML."""

    numbers: Vocabulary
    measures: dict[str, list[str]]
    periods: dict[str, dict[str, list[str]]]  # type -> tag -> phrases
    rises: list[str]
    falls: list[str]
    before_markers: list[str]  # words before an earlier value: "from", "compared with"
    before_after: list[str]  # words after an earlier value: "a year earlier"
    window: int = 8
    not_measures: list[str] = field(default_factory=list)  # "pay off": looks like a measure, is not one
    forecasts: list[str] = field(default_factory=list)  # "forecast", "projected": the figure after is a prediction
    _measure_index: dict = field(default_factory=dict, repr=False)
    _period_index: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # Phrases that are not measures are indexed under the name "": matched longest
        # first, "pay off" takes the words before "pay" can, and then means nothing.
        self._measure_index = _phrase_index({**self.measures, "": self.not_measures}, plurals=True)
        flat: dict[str, list[str]] = {}
        for kind, tags in self.periods.items():
            for tag, phrases in tags.items():
                flat[f"{kind}:{tag}"] = phrases
        self._period_index = _phrase_index(flat, plurals=False)
        self._rises = frozenset(w.lower() for w in self.rises)
        self._falls = frozenset(w.lower() for w in self.falls)
        self._before = [tuple(t.lower for t in tokenize(p.lower())) for p in self.before_markers]
        self._before_after = [tuple(t.lower for t in tokenize(p.lower())) for p in self.before_after]
        self._forecasts = frozenset(w.lower() for w in self.forecasts)

    def measure_phrases(self) -> list[str]:
        """Every measure phrase as lower-case words (plurals too): a sentence without one holds no claim."""
        return sorted({" ".join(words) for entries in self._measure_index.values() for words, name in entries if name})


@dataclass(slots=True)
class Claim:
    """A keyed figure in one block: offsets are the block text's."""

    measure: str
    dim: str
    role: str  # "" (a level), "before" (the earlier value of a change), "change" ("up 16%"), "difference" ("£300 less than")
    periods: tuple[str, ...]
    entities: frozenset[str]
    context: frozenset[str]
    low: float
    high: float
    value: float
    text: str
    start: int
    end: int
    hedge: str = ""
    in_quote: bool = False
    forecast: bool = False  # a prediction ("forecast an 8% fall"), not a reported figure


def _match_phrases(lowers: list[str], index: dict) -> list[tuple[int, int, str]]:
    """(first token, last token, name) of every phrase found, left to right, no overlaps."""
    found: list[tuple[int, int, str]] = []
    i = 0
    n = len(lowers)
    while i < n:
        entries = index.get(lowers[i])
        hit = None
        if entries:
            for words, name in entries:
                k = len(words)
                if k == 1 or tuple(lowers[i : i + k]) == words:
                    hit = (i, i + k - 1, name)
                    break
        if hit:
            found.append(hit)
            i = hit[1] + 1
        else:
            i += 1
    return found


def _ends_with(lowers: list[str], end: int, phrase: tuple[str, ...]) -> bool:
    k = len(phrase)
    return end - k >= 0 and tuple(lowers[end - k : end]) == phrase


def _starts_with(lowers: list[str], start: int, phrase: tuple[str, ...]) -> bool:
    return tuple(lowers[start : start + len(phrase)]) == phrase


def claims_in_sentence(text: str, start: int, end: int, vocab: ClaimVocabulary,
                       quote_spans: list[tuple[int, int]] = ()) -> tuple[list[Claim], list[Token], list[Quantity]]:
    """The keyed claims of text[start:end] (one sentence), plus its tokens and raw quantities."""
    tokens, quantities = find_quantities(text, vocab.numbers, start, end)
    if not quantities:
        return [], tokens, quantities
    lowers = [t.lower for t in tokens]
    measures = [hit for hit in _match_phrases(lowers, vocab._measure_index) if hit[2]]  # noqa: SLF001
    if not measures:
        return [], tokens, quantities  # a figure with no measure is never a claim
    period_hits = _match_phrases(lowers, vocab._period_index)  # noqa: SLF001
    periods = _periods(tokens, vocab, period_hits)
    entities = _entities(tokens)
    breaks = [i for i, word in enumerate(lowers) if word in CLAUSE_BREAKS]
    walls = [i for i, word in enumerate(lowers[:-1]) if word == "to" and lowers[i + 1] in PURPOSE_VERBS]
    claims: list[Claim] = []
    # Context words say what a figure is about beyond its key: never the figure,
    # its measure or its period words, which the key already compares.
    taken = _quantity_tokens(quantities)
    for first, last, _ in measures + period_hits:
        taken.update(range(first, last + 1))
    # Nor the direction of a change ("rose", "higher"), which the role already keys.
    not_context = vocab._rises | vocab._falls  # noqa: SLF001
    positions = _positions(measures, quantities)
    break_set = frozenset(breaks)
    for q in quantities:
        role, sign = _role(lowers, q, vocab)
        measure = _nearest_measure(tokens, q, measures, breaks, walls, quantities, vocab.window, role, positions)
        if measure is None:
            continue
        low, high, value = q.low, q.high, q.value
        if sign < 0:
            low, high, value = -high, -low, -value
        context = frozenset(
            t.lower for j, t in enumerate(tokens[max(0, q.first_token - vocab.window) : q.last_token + vocab.window + 1], max(0, q.first_token - vocab.window))
            if t.text[0].isalpha() and len(t.lower) > 2 and t.lower not in STOPWORDS and j not in taken and t.lower not in not_context
        )
        claims.append(
            Claim(measure, q.dim, role, _own_periods(tokens, lowers, q, period_hits) or periods, entities, context,
                  low, high, value, text[q.start : q.end], q.start, q.end, q.hedge,
                  within_span(quote_spans, q.start, q.end), _forecast(lowers, q, break_set, vocab))
        )
    return claims, tokens, quantities


def _forecast(lowers: list[str], q: Quantity, breaks: frozenset[int], vocab: ClaimVocabulary) -> bool:
    """Is the figure a prediction: a forecast word shortly before it, in its clause?"""
    forecasts = vocab._forecasts  # noqa: SLF001
    if not forecasts:
        return False
    for i in range(q.first_token - 1, max(-1, q.first_token - 1 - vocab.window), -1):
        if i in breaks:
            return False
        if lowers[i] in forecasts:
            return True
    return False


def _quantity_tokens(quantities: list[Quantity]) -> set[int]:
    out: set[int] = set()
    for q in quantities:
        out.update(range(q.first_token, q.last_token + 1))
    return out


def _role(lowers: list[str], q: Quantity, vocab: ClaimVocabulary) -> tuple[str, int]:
    """("before" | "change" | "difference" | "", sign): how the figure sits in its sentence."""
    i = q.first_token
    ahead = lowers[q.last_token + 1 : q.last_token + 3]
    if q.dim not in ("percent", "points") and len(ahead) == 2 and ahead[0] in COMPARATIVES and ahead[1] == "than":
        return "difference", 1
    for phrase in vocab._before:  # noqa: SLF001
        if _ends_with(lowers, i, phrase):
            return "before", 1
    for phrase in vocab._before_after:  # noqa: SLF001
        if _starts_with(lowers, q.last_token + 1, phrase):
            return "before", 1
    # "up 16%", "rose by 3 points", "a 16% increase", "16% higher".
    back = lowers[max(0, i - 2) : i]
    if back and back[-1] == "by":
        back = lowers[max(0, i - 3) : i - 1]
    if back and back[-1] in vocab._rises or (ahead and ahead[0] in vocab._rises and q.dim in ("percent", "points")):  # noqa: SLF001
        return "change", 1
    if back and back[-1] in vocab._falls or (ahead and ahead[0] in vocab._falls and q.dim in ("percent", "points")):  # noqa: SLF001
        return "change", -1
    return "", 1


def _nearest_measure(tokens: list[Token], q: Quantity, measures: list[tuple[int, int, str]], breaks: list[int],
                     walls: list[int], quantities: list[Quantity], window: int, role: str,
                     positions: tuple[list[int], list[int], list[int]] | None = None) -> str | None:
    """The measure word nearest the figure within window tokens, or None.

    Only measures within reach are looked at, and clause breaks, purpose walls and
    other figures between are counted by bisection in their sorted positions: a
    sentence of thousands of words (a scrape that lost its full stops) stays linear.
    """
    measure_firsts, measure_lasts, quantity_firsts = positions or _positions(measures, quantities)
    best: tuple[float, str] | None = None
    # Measures never overlap, so they are in order of their last token as of their first:
    # those within reach end no earlier than window tokens before the figure, and start
    # no later than window tokens after it.
    lo = bisect_left(measure_lasts, q.first_token - window - 1)
    hi = bisect_right(measure_firsts, q.last_token + window + 1)
    for first, last, name in measures[lo:hi]:
        if first > q.last_token:
            distance = first - q.last_token - 1
            between = (q.last_token, first)
        elif last < q.first_token:
            # A measure before the number is a little further than one after it:
            # "122 million views" reads forwards.
            distance = q.first_token - last - 1 + 0.5
            between = (last, q.first_token)
        else:
            continue
        if distance > window:
            continue  # what follows only adds to the distance
        if bisect_left(walls, between[1]) > bisect_right(walls, between[0]):
            continue  # the measure belongs to a purpose clause ("to offset a tax bill")
        crossed = bisect_left(breaks, between[1]) - bisect_right(breaks, between[0])
        # A change ("up 16%") usually sits in its own clause after the measure.
        distance += crossed * (1 if role == "change" else 5)
        # Another figure between the number and the word may own that word
        # (but "profits rose from $2.1bn to $3.1bn" shares it).
        k = bisect_right(quantity_firsts, between[0])
        while k < len(quantities) and quantities[k].first_token < between[1]:
            other = quantities[k]
            if other is not q and other.last_token < between[1]:
                distance += 1.5
                break
            k += 1
        if distance <= window and (best is None or distance < best[0]):
            best = (distance, name)
    return best[1] if best else None


def _positions(measures: list[tuple[int, int, str]], quantities: list[Quantity]) -> tuple[list[int], list[int], list[int]]:
    """Sorted token positions for _nearest_measure: measures' first and last tokens, figures' first tokens."""
    return [first for first, _, _ in measures], [last for _, last, _ in measures], [q.first_token for q in quantities]


def _periods(tokens: list[Token], vocab: ClaimVocabulary, hits: list[tuple[int, int, str]]) -> tuple[str, ...]:
    tags = {name for _, _, name in hits}
    for i, t in enumerate(tokens):
        if len(t.text) == 4 and t.text.isdigit() and t.text[:2] in ("19", "20"):
            tags.add("year:" + t.text)
        elif t.lower in MONTHS and t.text[0].isupper():
            if t.lower == "may" and i + 1 < len(tokens) and not tokens[i + 1].text[0].isdigit():
                continue  # the verb, not the month
            tags.add("month:" + t.lower)
    return tuple(sorted(tags))


_PERIOD_PREPOSITIONS = frozenset({"in", "during", "for", "over"})
_RELATIVE_YEARS = frozenset({"this", "last", "next"})


def _own_periods(tokens: list[Token], lowers: list[str], q: Quantity, hits: list[tuple[int, int, str]]) -> tuple[str, ...]:
    """The period written right after a figure ("fell 0.2% in December", "rose 0.9% this year",
    "$5bn in the second quarter of 2004"), or () when there is none.

    It belongs to that figure alone, where the sentence's periods may belong to
    another ("0.2% in December, with annual inflation at a low": the 0.2% is
    December's, not a yearly rate)."""
    j = q.last_token + 1
    if j + 1 < len(lowers) and lowers[j + 1] == "year" and lowers[j] in _RELATIVE_YEARS:
        return ("relyear:" + lowers[j],)
    if j >= len(lowers) or lowers[j] not in _PERIOD_PREPOSITIONS:
        return ()
    k = j + 1
    if k < len(lowers) and lowers[k] == "the":
        k += 1
    tags: list[str] = []
    named = {first: (last, name) for first, last, name in hits}
    if lowers[k : k + 2] == ["year", "to"] and k + 2 < len(tokens) and tokens[k + 2].lower in MONTHS:
        return ("yearto:" + tokens[k + 2].lower,)  # "in the year to December": twelve months, not December's
    while k < len(tokens) and len(tags) < 3:
        token = tokens[k]
        if k in named and not named[k][1].startswith("rate:"):
            last, name = named[k]
            tags.append(name)
            k = last + 1
        elif token.lower in MONTHS and token.text[0].isupper():  # after "in", "May" is the month
            tags.append("month:" + token.lower)
            k += 1
        elif len(token.text) == 4 and token.text.isdigit() and token.text[:2] in ("19", "20"):
            tags.append("year:" + token.text)
            k += 1
        elif tags and token.lower in ("of", ","):
            k += 1  # "the second quarter of 2004", "December, 2004"
        else:
            break
    return tuple(sorted(tags))


def _entities(tokens: list[Token]) -> frozenset[str]:
    out: set[str] = set()
    for i, t in enumerate(tokens):
        if not t.text[0].isupper() or len(t.text) < 2 or not t.text.isalpha():
            continue
        if t.lower in _NOT_ENTITIES or t.text.isupper() and len(t.text) <= 2:
            continue
        if i == 0 and t.lower in english_words():
            continue  # "Profits rose" — sentence case, not a name
        out.add(t.lower.removesuffix("’s").removesuffix("'s"))
        if len(out) >= 8:
            break
    return frozenset(out)


def periods_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """False when both name a period of the same type and the periods differ (Q2 vs Q3),
    or one names part of a year (a month, quarter or half) and the other only a year."""
    if not a or not b:
        return True
    kinds_a: dict[str, set[str]] = {}
    for tag in a:
        kind, _, value = tag.partition(":")
        kinds_a.setdefault(kind, set()).add(value)
    kinds_b: dict[str, set[str]] = {}
    for tag in b:
        kind, _, value = tag.partition(":")
        kinds_b.setdefault(kind, set()).add(value)
    if not all(kinds_a[k] & kinds_b[k] for k in kinds_a.keys() & kinds_b.keys()):
        return False
    # A month, quarter or half with no year against a year with none of them is a
    # part against the whole: "$19.6bn in November" is not "$124bn in 2003".
    return not (_part_of_year(kinds_a) and _whole_year(kinds_b) or _part_of_year(kinds_b) and _whole_year(kinds_a))


_PARTS_OF_A_YEAR = frozenset({"month", "quarter", "half"})


def _part_of_year(kinds: dict[str, set[str]]) -> bool:
    return "year" not in kinds and "relyear" not in kinds and "yearto" not in kinds and not _PARTS_OF_A_YEAR.isdisjoint(kinds)


def _whole_year(kinds: dict[str, set[str]]) -> bool:
    # "relyear": "this year", "last year" said right after a figure; "yearto": "in the year to December".
    return ("year" in kinds or "relyear" in kinds or "yearto" in kinds) and _PARTS_OF_A_YEAR.isdisjoint(kinds)


def same_key(a: Claim, b: Claim, min_evidence: int) -> bool:
    """True when two claims state the same measure of the same thing over the same period.

    Measure, kind of figure and role must agree, both or neither must be a
    forecast (one forecaster's, named in both), and periods must not clash. A
    shared measure word alone is weak ("six seats" lost and "240 seats" held),
    so the claims must also show min_evidence points that they describe one
    thing: one per shared context word, two for the same named period (not a
    rate such as "a year"), one for sharing any name.
    """
    if a.measure != b.measure or a.dim != b.dim or a.role != b.role or a.forecast != b.forecast:
        return False
    if a.forecast and not (a.entities & b.entities):
        # Forecasters differ ("Barclays forecast an 8% fall", "It is predicting 2%"): two
        # predictions disagree only when the same named forecaster makes both.
        return False
    if not periods_compatible(a.periods, b.periods):
        return False
    if a.entities and b.entities and not (a.entities & b.entities):
        return False
    # Names count once however they are shared (as context words or as the
    # sentence's names): "Yugansk" in both is one point, not two.
    names = a.entities | b.entities
    shared = a.context & b.context
    evidence = len(shared - names)
    if evidence >= min_evidence:
        return True
    # A named period (Q2, 2004, March); a rate ("a year", "monthly") says what kind
    # of figure it is, not which period, so it must agree but is no evidence.
    if {p for p in a.periods if not p.startswith("rate:")} & set(b.periods):
        evidence += 2
    if a.entities & b.entities or shared & names:
        evidence += 1
    return evidence >= min_evidence
