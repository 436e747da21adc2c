"""extends: capitalization — text in scope must match a case style (Vale).

`match` is $title, $sentence, $lower, $upper or a regex. $title follows
`style` (AP, the default, or Chicago); $title and $sentence pass when at
least `threshold` (default 0.8) of the words agree with the converted text.
Words matching `exceptions` (and, with `vocab`, the config's accepted terms)
always agree, and so do words in capitals (acronyms). `indicators` are
suffixes, such as ":", after which the next word may start with a capital;
`prefix` is a regex stripped from the start before checking (e.g. "Update: ").

A regex `match` passes when it is found in the text (Vale's semantics), so
it describes acceptable text. The message's first %s is the text, the second
the expected form; a single suggestion is offered only with
`action: {name: replace}`, as in Vale, since a converted heading may wrongly
lower-case a name.
"""

from __future__ import annotations

from typing import Callable, Iterable

import regex

from ..document import Block, Document
from ..matching import fullmatch, match_at, search
from ..segment import protected_spans, quotes
from ..yamlio import LinedDict
from .base import Match, Rule, string_list

_TOKEN = regex.compile(r"[\p{N}\p{L}*]+[^\s]*")
_NUMBERED = regex.compile(r"\d+\.")

# AP: articles, conjunctions and prepositions of three letters or fewer stay lower case.
AP_MINOR = frozenset(
    "a an the and but for nor or so yet as at by in of off on out per to up via".split()
)
# Chicago: articles, coordinating conjunctions and every preposition, whatever its length.
CHICAGO_MINOR = frozenset(
    """a an the and but for nor or as at by for from in into of off on onto out over per to up upon via with
    about above across after against along amid among around before behind below beneath beside besides between
    beyond despite down during except inside like near outside past since through throughout toward towards under
    underneath unlike until within without""".split()
)
STYLES = {"AP": AP_MINOR, "Chicago": CHICAGO_MINOR}


def _is_caps(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _capitalize(word: str) -> str:
    for i, ch in enumerate(word):
        if ch.isalpha():
            return word[:i] + ch.upper() + word[i + 1 :]
    return word


def _core(word: str) -> str:
    return regex.sub(r"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$", "", word)


class CapitalizationRule(Rule):
    kind = "capitalization"
    keys = {
        "match": (str,),
        "style": (str,),
        "exceptions": (list,),
        "indicators": (list,),
        "threshold": (int, float),
        "prefix": (str,),
        "vocab": (bool,),
    }
    required = ("match",)
    default_message = "'%s' does not follow the capitalization style."

    def configure(self, spec: LinedDict) -> None:
        self.match = spec["match"].strip()
        if not self.match:
            raise self.error("match", "'match' must be $title, $sentence, $lower, $upper or a regex")
        style = spec.get("style") or "AP"
        if style not in STYLES:
            raise self.error("style", f"'style' must be AP or Chicago, not {style!r}")
        self.minor = STYLES[style]
        threshold = spec.get("threshold")
        self.threshold = float(threshold) if threshold else 0.8  # Vale: 0 would never trigger, so it means the default
        if not 0 < self.threshold <= 1:
            raise self.error("threshold", "'threshold' must be between 0 and 1")
        exceptions = string_list(self, "exceptions", spec.get("exceptions"))
        for exception in exceptions:
            self.compile(exception, "exceptions")
        self.exceptions = (
            self.compile("|".join(f"(?:{e})" for e in exceptions), "exceptions") if exceptions else None
        )
        self.use_vocab = spec.get("vocab", True) is not False
        self.indicators = tuple(string_list(self, "indicators", spec.get("indicators")))
        prefix = spec.get("prefix") or ""
        self.prefix = self.compile(prefix, "prefix") if prefix else None
        checks: dict[str, Callable[[str], tuple[str, bool]]] = {
            "$title": self._title,
            "$sentence": self._sentence,
            "$lower": lambda s: (s.lower(), s == s.lower()),
            "$upper": lambda s: (s.upper(), s == s.upper()),
        }
        if self.match.startswith("$") and self.match not in checks:
            raise self.error("match", f"unknown case {self.match!r} (known: {', '.join(checks)} or a regex)")
        if self.match in checks:
            self.check_text = checks[self.match]
        else:
            pattern = self.compile(self.match, "match")
            self.check_text = lambda s: (self.match, search(pattern, s, self.context.match_timeout) is not None)

    # -- case styles ----------------------------------------------------------

    def _excepted(self, word: str) -> bool:
        core = _core(word)
        if self.exceptions is not None and (self._full(self.exceptions, word) or self._full(self.exceptions, core)):
            return True
        return self.use_vocab and bool(core) and self.context.accepted(core)

    def _full(self, pattern: regex.Pattern, text: str) -> bool:
        return fullmatch(pattern, text, self.context.match_timeout) is not None

    def _words(self, text: str) -> list[str]:
        return _TOKEN.findall(text)

    def _title(self, text: str) -> tuple[str, bool]:
        words = self._words(text)
        expected: list[str] = []
        for i, word in enumerate(words):
            core = _core(word).lower()
            after_colon = i > 0 and words[i - 1].endswith((":", "—", "–"))
            if i == 0 or i == len(words) - 1 or after_colon or core not in self.minor:
                expected.append(_capitalize(word))
            else:
                expected.append(word.lower())
        return " ".join(expected), self._agree(words, expected, first_strict=False)

    def _sentence(self, text: str) -> tuple[str, bool]:
        words = self._words(text)
        expected: list[str] = []
        for i, word in enumerate(words):
            prev = words[i - 1] if i else ""
            if i == 0:
                expected.append(_capitalize(word))
            elif (self.indicators and prev.endswith(self.indicators)) or _is_caps(word) or self._excepted(word):
                expected.append(word)  # after an indicator, an acronym, or an exception: leave as written
            else:
                expected.append(word.lower())
        return " ".join(expected), self._agree(words, expected, first_strict=True)

    def _agree(self, words: list[str], expected: list[str], first_strict: bool) -> bool:
        if not words:
            return True
        agree = 0
        for i, (word, want) in enumerate(zip(words, expected)):
            ok = word == want or self._excepted(word) or _is_caps(word) or (i == 0 and _NUMBERED.fullmatch(word) is not None)
            if first_strict and i == 0 and not ok and word != _capitalize(word.lower()):
                return False  # Vale: a sentence-case text must start with a capital
            agree += ok
        return agree / len(words) >= self.threshold

    # -- matching -------------------------------------------------------------

    def skip(self, block: Block, start: int, end: int, matched: str) -> bool:
        """A whole heading is checked even when it contains a quotation; only text that is
        all quotation (or all URL) is left alone."""
        if block.kind != "raw":
            if not self.scope.includes_quotes and any(q.start <= start and end <= q.end for q in quotes(block)):
                return True
            if any(s <= start and end <= e for s, e in protected_spans(block)):
                return True
        return self.context.accepted(matched)

    def matches(self, text: str, start: int, end: int, block: Block, doc: Document) -> Iterable[Match]:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            return
        body_start = start
        if self.prefix is not None:
            m = match_at(self.prefix, text[:end], start, self.context.match_timeout)
            if m:
                body_start = m.end()
        body = text[body_start:end]
        if not body.strip():
            return
        expected, ok = self.check_text(body)
        if ok:
            return
        suggestions: list[str] = []
        if self.action.get("name") == "replace":
            params = [str(p) for p in self.action.get("params") or []]
            if params:
                suggestions = params
            elif self.match in ("$title", "$sentence", "$lower", "$upper"):
                suggestions = [text[start:body_start] + _rejoin(body, expected)]
        yield Match(start, end, (text[start:end], expected), suggestions)


def _rejoin(original: str, expected: str) -> str:
    """The expected words put back into the original spacing and punctuation between them."""
    new_words = iter(expected.split(" "))
    return _TOKEN.sub(lambda m: next(new_words, m.group()), original)
