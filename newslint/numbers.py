"""Numbers in news copy: find quantities in a sentence and normalise them.

Owns the reading of "$11bn", "US$11 billion", "11 billion dollars", "eleven
billion", "16%", "16 per cent", "3 percentage points", "tenfold", "10 times",
and hedges ("about", "more than", "nearly", "at least") into a value range.

Every quantity becomes an interval [low, high] in base units (dollars, not
billions), so two figures are consistent exactly when their intervals overlap:
rounding ("$11 billion" against "$11.08 billion") and hedges widen the
interval, so a figure written differently is never a contradiction.

The vocabularies (currencies, scales, hedges) come from the rule's YAML; the
defaults below only make the module usable on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import regex

DEFAULT_CURRENCIES: dict[str, str] = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD",
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "¥": "JPY", "yen": "JPY", "c$": "CAD", "a$": "AUD",
}
DEFAULT_SCALES: dict[str, float] = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "tr": 1e12,
}
# Short scale letters are only scales right after a currency figure ("£5m"); "5m" alone is metres.
SHORT_SCALES = frozenset({"k", "m", "b"})
DEFAULT_HEDGES: dict[str, tuple[float, float]] = {
    "about": (0.1, 0.1), "around": (0.1, 0.1), "roughly": (0.1, 0.1), "approximately": (0.1, 0.1),
    "some": (0.1, 0.1), "an estimated": (0.15, 0.15), "nearly": (0.1, 0.0), "almost": (0.1, 0.0),
    "more than": (0.0, math.inf), "over": (0.0, math.inf), "at least": (0.0, math.inf),
    "less than": (1.0, 0.0), "fewer than": (1.0, 0.0), "under": (1.0, 0.0), "up to": (1.0, 0.0),
}

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
MULTIPLIER_WORDS = {"twice": 2.0, "double": 2.0, "doubled": 2.0, "doubling": 2.0, "triple": 3.0, "tripled": 3.0,
                    "tripling": 3.0, "quadrupled": 4.0, "quadruple": 4.0, "halved": 0.5}

# One token: a currency code glued to a symbol, a symbol, a number, a word, or punctuation.
_TOKEN = regex.compile(
    r"(?:[A-Z]{1,2}\$)"
    r"|[$£€¥%]"
    r"|\d+(?:,\d{3})*(?:\.\d+)?"
    r"|\.\d+"
    r"|\p{L}+(?:['’]\p{L}+)?"
    r"|[^\s\w]",
    regex.V1,
)
_YEAR = regex.compile(r"(?:19|20)\d\d")


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    lower: str

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit() or (self.text[0] == "." and len(self.text) > 1)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    stop = len(text) if end is None else end
    out: list[Token] = []
    for m in _TOKEN.finditer(text, start, stop):
        word = m.group()
        begin, finish = m.span()
        out.append(Token(word, begin, finish, word.lower()))
    return out


@dataclass(slots=True)
class Quantity:
    """One figure as written: its interval in base units and how it was written.

    dim is "money:USD" (and other currencies), "count", "percent", "points"
    (percentage points) or "times" (a multiplier). value is the figure as
    stated, in base units; low/high widen it for rounding and hedges.
    """

    value: float
    low: float
    high: float
    dim: str
    start: int  # offsets in the text handed to find_quantities
    end: int
    first_token: int  # token indexes, for the caller's context reading
    last_token: int
    hedge: str = ""

    def overlaps(self, other: "Quantity") -> bool:
        return ranges_meet(self.low, self.high, other.low, other.high)


def ranges_meet(low_a: float, high_a: float, low_b: float, high_b: float) -> bool:
    """Do two value ranges share a value? Touching edges do not ("2" and "3" each
    cover up to the half), unless one range is a single value."""
    low, high = max(low_a, low_b), min(high_a, high_b)
    return low < high or (low == high and (low_a == high_a or low_b == high_b))


@dataclass
class Vocabulary:
    """The words the reader knows, normally from the rule's YAML."""

    currencies: dict[str, str]
    scales: dict[str, float]
    hedges: dict[str, tuple[float, float]]
    # Units of the last written digit a figure covers below and above: "$11 billion"
    # covers $10.5-12 billion, since copy rounds ("11.4" -> "11") and truncates ("11.9" -> "11").
    rounding: tuple[float, float] = (0.5, 1.0)

    @classmethod
    def default(cls) -> "Vocabulary":
        return cls(dict(DEFAULT_CURRENCIES), dict(DEFAULT_SCALES), dict(DEFAULT_HEDGES))

    def __post_init__(self) -> None:
        # Longest hedge first, as token tuples: "more than" before "more".
        self._hedges = sorted(((tuple(h.lower().split()), r, h) for h, r in self.hedges.items()), key=lambda x: -len(x[0]))
        # The same hedges by their last word, so a figure looks up only the hedges
        # that can end right before it (in the same longest-first order).
        self._hedges_by_last: dict[str, list[tuple[tuple[str, ...], tuple[float, float], str]]] = {}
        for hedge in self._hedges:
            if hedge[0]:
                self._hedges_by_last.setdefault(hedge[0][-1], []).append(hedge)
        # Tokens a figure can start with: anything else is skipped without reading.
        self._starters = frozenset(
            [*self.currencies, *MULTIPLIER_WORDS, *UNITS, *TENS, "a", *(unit + "fold" for unit in UNITS)])

    def figure_words(self) -> frozenset[str]:
        """Lower-case words that can make a figure on their own, without a digit or a
        currency symbol: the cheap test that a sentence is worth reading."""
        words = {w for w, v in UNITS.items() if v >= 2} | set(TENS) | {"hundred", "dozen"}
        words |= set(MULTIPLIER_WORDS) | {unit + "fold" for unit in UNITS}
        # "a billion dollars": a scale word after "a".
        words |= {w for w in self.scales if len(w) > 3 and w not in SHORT_SCALES}
        return frozenset(w for w in words if w.isalpha())

    def figure_marks(self) -> str:
        """Characters that make a figure without a word: digits aside, the currency symbols."""
        return "".join(sorted({ch for c in self.currencies for ch in c if not ch.isalnum()}))


def _digits_value(text: str) -> tuple[float, float, int]:
    """A written number's value, the size of its last written unit and its significant digits."""
    clean = text.replace(",", "")
    value = float(clean)
    digits = len(clean.replace(".", "").lstrip("0"))
    if "." in clean:
        decimals = len(clean.split(".", 1)[1])
        return value, 10.0 ** -decimals, digits
    stripped = clean.rstrip("0")
    zeros = len(clean) - len(stripped) if stripped else 0
    # Trailing zeros suggest rounding ("5,000" to the thousand), but "10" or "50"
    # is usually exact, and "100" at most rounded to the ten.
    if value < 1000:
        zeros = max(zeros - 1, 0)
    return value, 10.0 ** zeros if value else 1.0, max(digits - zeros, 1)


def _word_number(tokens: list[Token], i: int) -> tuple[float, int] | None:
    """A number spelled out from tokens[i]: 'three', 'twenty-five', 'two hundred' -> (value, next index)."""
    current = 0.0
    j = i
    seen = False
    while j < len(tokens):
        word = tokens[j].lower
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
            if (j + 2 < len(tokens) and tokens[j + 1].text == "-" and tokens[j + 2].lower in UNITS
                    and _adjacent(tokens[j], tokens[j + 1]) and _adjacent(tokens[j + 1], tokens[j + 2])):
                current += UNITS[tokens[j + 2].lower]
                j += 2
        elif word == "hundred" and seen:
            current *= 100
        elif word == "dozen" and seen:
            current *= 12
        elif word == "and" and seen and j + 1 < len(tokens) and (tokens[j + 1].lower in UNITS or tokens[j + 1].lower in TENS):
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    return (current, j) if seen else None


def find_quantities(text: str, vocab: Vocabulary, start: int = 0, end: int | None = None,
                    tokens: list[Token] | None = None) -> tuple[list[Token], list[Quantity]]:
    """Every figure in text[start:end], with the token list it was read from."""
    toks = tokens if tokens is not None else tokenize(text, start, end)
    out: list[Quantity] = []
    starters = vocab._starters  # noqa: SLF001 - the vocabulary's own index
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        first = tok.text[0]
        # Most tokens cannot start a figure: skip them without a call.
        if not (first.isdigit() or first == "." or tok.lower in starters):
            i += 1
            continue
        q = _read_quantity(toks, i, vocab)
        if q is None:
            i += 1
            continue
        out.append(q)
        i = q.last_token + 1
    return toks, out


def _adjacent(a: Token, b: Token) -> bool:
    return a.end == b.start


def _is_currency_prefix(tok: Token, vocab: Vocabulary) -> bool:
    if tok.lower not in vocab.currencies:
        return False
    # A symbol ("$", "US$") or an upper-case code ("USD 5m"); never the word "pounds".
    return not tok.text.isalpha() or (tok.text.isupper() and len(tok.text) == 3)


def _starts_number(tok: Token) -> bool:
    return tok.is_number or tok.lower in UNITS or tok.lower in TENS or tok.lower == "a"


def _read_quantity(toks: list[Token], i: int, vocab: Vocabulary) -> Quantity | None:
    first = i
    n = len(toks)
    currency = ""
    if _is_currency_prefix(toks[i], vocab):
        if i + 1 < n and _starts_number(toks[i + 1]):
            currency = vocab.currencies[toks[i].lower]
            i += 1
        else:
            return None
    tok = toks[i]
    if not currency:
        times = MULTIPLIER_WORDS.get(tok.lower)
        if times is None and tok.lower.endswith("fold") and tok.lower[:-4] in UNITS:
            times = float(UNITS[tok.lower[:-4]])  # "tenfold"
        if times is not None:
            return Quantity(times, times, times, "times", tok.start, tok.end, first, i)
    # The number itself, in digits or in words ("a" only before a scale: "a billion dollars").
    if tok.is_number:
        if not currency and _looks_like_non_figure(toks, i):
            return None
        value, unit, significant = _digits_value(tok.text)
        j = i + 1
    elif tok.lower == "a":
        if not (i + 1 < n and toks[i + 1].lower in vocab.scales and toks[i + 1].lower not in SHORT_SCALES and len(toks[i + 1].lower) > 3):
            return None
        value, unit, j, significant = 1.0, 1.0, i + 1, 1
    else:
        parsed = _word_number(toks, i)
        if parsed is None:
            return None
        value, j = parsed
        unit, significant = 1.0, 2
        if value < 2 and not currency:
            return None  # "one of the", "zero tolerance"
    last = j - 1
    # A scale: "11 billion", "11bn", "£5m" (k, m and b only glued to a currency figure).
    if j < n:
        word = toks[j].lower
        if word in vocab.scales and (word not in SHORT_SCALES or (currency and _adjacent(toks[j - 1], toks[j]))):
            if len(word) > 3 or _adjacent(toks[j - 1], toks[j]) or currency:
                value *= vocab.scales[word]
                unit *= vocab.scales[word]
                last = j
                j += 1
    dim = "money:" + currency if currency else "count"
    # What follows: %, percent, per cent, percentage points, times, -fold, a currency word or code.
    if j < n:
        word = toks[j].lower
        nxt = toks[j + 1].lower if j + 1 < n else ""
        if word in ("%", "percent") or (word == "per" and nxt == "cent"):
            last = j + (1 if word == "per" else 0)
            dim = "percent"
            if last + 1 < n and toks[last + 1].lower in ("point", "points"):
                dim, last = "points", last + 1
        elif word == "percentage" and nxt in ("point", "points"):
            dim, last = "points", j + 1
        elif word == "basis" and nxt in ("point", "points"):
            dim, last = "points", j + 1
            value, unit = value / 100, unit / 100
        elif not currency and word == "times":
            dim, last = "times", j
        elif not currency and word == "-" and nxt == "fold":
            dim, last = "times", j + 1
        elif not currency and word in vocab.currencies and (len(word) > 3 or (toks[j].text.isupper() and len(word) == 3)):
            dim, last = "money:" + vocab.currencies[word], j
    if tok.lower == "a" and dim == "count":
        return None  # "a million" alone is a manner of speaking
    below, above = vocab.rounding
    if significant < 2:
        # Truncation ("$43.9 million" written "$43 million") needs two digits:
        # nobody writes "1 million" for 1.9 million.
        above = below
    q = Quantity(value, value - unit * below, value + unit * above, dim, toks[first].start, toks[last].end, first, last)
    _apply_hedge(q, toks, first, vocab)
    return q


def _looks_like_non_figure(toks: list[Token], i: int) -> bool:
    """Years, times, dates, ordinals, model numbers, ages: digits that are not claims."""
    tok = toks[i]
    if tok.text.startswith("."):
        return True
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    prev = toks[i - 1] if i > 0 else None
    if _YEAR.fullmatch(tok.text) and not (nxt is not None and nxt.lower in ("%", "percent", "people", "votes")):
        return True
    if nxt is not None and _adjacent(tok, nxt) and nxt.text in (":", "/", "-") and not (nxt.text == "-" and i + 2 < len(toks) and toks[i + 2].lower == "fold"):
        return True  # 3:30, 9/11, 42-year-old
    if prev is not None and _adjacent(prev, tok) and prev.text in ("/", "-", ":", "#"):
        return True
    if nxt is not None and _adjacent(tok, nxt) and nxt.lower in ("st", "nd", "rd", "th", "s"):
        return True  # 2nd, 1990s
    if prev is not None and prev.lower in ("no", "number", "page", "section", "article", "route", "flight", "chapter", "amendment", "magnitude"):
        return True
    month = toks[i - 2] if prev is not None and prev.text == "." and i >= 2 else prev
    if month is not None and month.text[:1].isupper() and month.lower in _MONTHS:
        return True  # July 18, Sept. 11
    if nxt is not None and nxt.lower in _DURATIONS:
        return True  # "15 years after": a span of time, not a measured figure
    if nxt is not None and nxt.lower in _MONTHS:
        return True  # 18 July
    if prev is not None and prev.text[:1].isupper() and prev.text.isalpha() and _adjacent(prev, tok):
        return True  # COVID19, A380
    return False


_DURATIONS = frozenset("years year months month weeks week days day hours hour minutes minute seconds decades decade centuries".split())
_MONTHS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


def _apply_hedge(q: Quantity, toks: list[Token], first: int, vocab: Vocabulary) -> None:
    if first == 0:
        return
    for words, (below, above), name in vocab._hedges_by_last.get(toks[first - 1].lower, ()):  # noqa: SLF001
        k = len(words)
        if first - k < 0:
            continue
        # The last word already matched (the lookup); compare the ones before it.
        if all(toks[first - k + x].lower == words[x] for x in range(k - 1)):
            base = abs(q.value)
            q.low = min(q.low, q.value - base * below) if below < math.inf else -math.inf
            q.high = max(q.high, q.value + base * above) if above < math.inf else math.inf
            if below >= 1.0:
                q.low = min(q.low, 0.0)
            q.hedge = name
            q.start = toks[first - k].start
            q.first_token = first - k
            return
