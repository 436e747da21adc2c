"""extends: substitution — suggest a replacement for each swap key found (Vale).

The message's first %s is the replacement, the second the text found, as in
Vale. A replacement with "|" offers several suggestions; only a single
suggestion is applied by --fix.

As in Vale, keys are tried longest first, a regex key is found by its own
group in one combined pattern (so lookbehinds see the text around the
match), a value may refer to the key's groups as $1 ($0: the whole match),
and a value equal to the text found reports nothing — which lets a rule list
the contexts where a form is right ahead of the plain keys that flag it.
"""

from __future__ import annotations

from typing import Iterable

import regex

from ..document import Block, Document
from ..matching import (
    alternation,
    finditer,
    fixed_width,
    literal_of,
    match_at,
    word_bounded,
)
from ..yamlio import LinedDict
from .base import Match, Rule, format_message, string_list


class SubstitutionRule(Rule):
    kind = "substitution"
    keys = {
        "swap": (dict,),
        "ignorecase": (bool,),
        "nonword": (bool,),
        "exceptions": (list,),
        "vocab": (bool,),
        "capitalize": (bool,),
        "append": (bool,),
        # Vale 2's part-of-speech filter on matches. Vale 3 still reads and ignores it,
        # so published styles that set it (Microsoft.Backend) load; so do we.
        "pos": (str,),
    }
    required = ("swap",)
    default_message = "Use '%s' instead of '%s'."

    def configure(self, spec: LinedDict) -> None:
        swap = spec["swap"]
        if not swap:
            raise self.error("swap", "'swap' must not be empty")
        self.ignorecase = bool(spec.get("ignorecase", False))
        self.capitalize = bool(spec.get("capitalize", False))
        # As in Vale: `action: replace` without params offers the swap's options, and
        # the message lists them quoted ("'a', 'b', or 'c'"); a message that quotes both
        # of its %s loses the quotes around the first, so they are not doubled.
        replace = self.action.get("name") == "replace"
        params = self.action.get("params") if replace else None
        self.action_params = [str(p) for p in params] if isinstance(params, list) else []
        self.lists_options = replace and not params
        self._listing_message = _unquote_first(self.message)  # shown as written by --explain
        self.literal: dict[str, str] = {}
        # Regex keys, each found again by its own group in the combined pattern
        # (as Vale does), so lookarounds see the surrounding text.
        self.patterns: list[tuple[regex.Pattern, str]] = []
        # Vale tries the keys longest first; runs of literal keys become one trie.
        parts: list[str] = []
        run: list[str] = []
        for key in sorted((str(k) for k in swap), key=len, reverse=True):
            value = swap[key] if key in swap else _lookup(swap, key)
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise _swap_error(self, swap, key, f"swap value for {key!r} must be a string")
            self.compile(key, "swap")
            literal = literal_of(key)
            if literal:
                run.append(key)
                self.literal[literal.lower() if self.ignorecase else literal] = str(value)
                continue
            if run:
                parts.append(alternation(run))
                run = []
            parts.append(f"(?P<{_GROUP}{len(self.patterns)}>{key})")
            self.patterns.append((self.compile(key, "swap", self.ignorecase), str(value)))
        if run:
            parts.append(alternation(run))
        pattern = word_bounded("(?:" + "|".join(parts) + ")", bool(spec.get("nonword", False)))
        self.pattern = self.compile(pattern, "swap", self.ignorecase)
        # The regex key whose group closed last is the one that matched (its group holds
        # any groups of the key's own): lastindex finds it without trying every group.
        self._key_of_group = {self.pattern.groupindex[f"{_GROUP}{i}"]: i for i in range(len(self.patterns))}
        # "$0" keys list where a form is right ("3.5", "page 3"): the value is the match
        # itself, so nothing is reported. With a fixed width and the whole text in view,
        # the key alone matches just what its group did, and _expand need not run.
        self._keeps_match = [value == "$0" and fixed_width(key.pattern) for key, value in self.patterns]
        self.document_gate = self.pattern  # every match is a match of this pattern
        self.exceptions = {e.lower() if self.ignorecase else e for e in string_list(self, "exceptions", spec.get("exceptions"))}

    def replacement_for(self, found: str, m: regex.Match | None = None, text: str = "") -> str | None:
        """The swap value for a match: by the regex key whose group matched, else the literal."""
        if m is not None:
            for i, (pattern, value) in enumerate(self.patterns):
                if m.group(f"{_GROUP}{i}") is not None:
                    return _expand(pattern, value, text, m.start(), m.end(), self.context.match_timeout)
        key = found.lower() if self.ignorecase else found
        if key in self.literal:
            return self.literal[key]
        for pattern, value in self.patterns:
            if pattern.fullmatch(found):
                return value
        return None

    def matches(self, text: str, start: int, end: int, block: Block, doc: Document) -> Iterable[Match]:
        whole = end == len(text)
        for m in finditer(self.pattern, text, start, end, self.context.match_timeout):
            found = m.group()
            if not found or (found.lower() if self.ignorecase else found) in self.exceptions:
                continue
            key = self._key_of_group.get(m.lastindex)  # type: ignore[arg-type]
            if key is not None and whole and self._keeps_match[key] and "|" not in found:
                continue  # replaced by itself: nothing to report
            replacement = self.replacement_for(found, m, text)
            if replacement is None:
                continue
            options = _options(replacement)
            # A word replacing a capitalised word or a figure that opens a sentence
            # ("9 officers" -> "Nine officers") needs its capital.
            opens = (found[:1].isupper() or found[:1].isdigit()) and m.start() == _sentence_start(text, m.start())
            # capitalize: as Vale, only where the text found is capitalised ("E-mail" -> "Email").
            if (self.capitalize and found[:1].isupper()) or (opens and not replacement[:1].isupper()):
                options = [o[:1].upper() + o[1:] if o else o for o in options]
            # The text found is one of its own options: a swap that changes only case under
            # ignorecase, or "Retry" for "retry|try again" once capitalised. Nothing to say.
            if found in options:
                continue
            if self.lists_options:
                args = (_as_sentence(options), found)
                yield Match(m.start(), m.end(), args, options, format_message(self._listing_message, args))
            else:
                # With `action: replace` and params, as in Vale, the params are what a fix writes.
                yield Match(m.start(), m.end(), (" or ".join(options), found), self.action_params or options)


_OPTION_BAR = regex.compile(r"(?<!\\)\|")


def _options(value: str) -> list[str]:
    """A swap value's options: split at "|" (not at an escaped "\\|"), blanks dropped.

    A value that is empty on purpose ("obviously": "") removes the text: one empty option.
    """
    if "|" not in value:
        return [value]
    options = [o.strip().replace("\\|", "|") for o in _OPTION_BAR.split(value)]
    return [o for o in options if o] or [""]


def _as_sentence(options: list[str]) -> str:
    """Vale's list of options in a message: 'a', 'a' or 'b', 'a', 'b', or 'c'."""
    quoted = [f"'{o}'" for o in options]
    if len(quoted) <= 2:
        return " or ".join(quoted)
    return ", ".join(quoted[:-1]) + ", or " + quoted[-1]


def _unquote_first(message: str) -> str:
    for quoted in ("'%s'", '"%s"'):
        if message.count(quoted) == 2:
            message = message.replace(quoted, "%s", 1)
    return message


_GROUP = "newslint_swap_"
_DOLLAR = regex.compile(r"\$(\d+)")


def _expand(pattern: regex.Pattern, value: str, text: str, start: int, end: int, timeout: float) -> str:
    """Vale's $1-style references in a swap value, filled from the key's own match in context."""
    if "$" not in value:
        return value
    m = match_at(pattern, text, start, timeout)
    if m is None or m.end() != end:
        return value
    try:
        return _DOLLAR.sub(lambda d: m.group(int(d.group(1))) or "" if int(d.group(1)) <= (pattern.groups or 0) else d.group(), value)
    except (IndexError, regex.error):
        return value


def _sentence_start(text: str, pos: int) -> int:
    """pos itself when the word at pos opens its sentence, else -1."""
    before = text[:pos].rstrip()
    if not before or before[-1] in ".!?:\n":
        return pos
    return -1


def _lookup(mapping: dict, key: str) -> object:
    """A swap value whose YAML key is not a string (a number such as 1: one)."""
    for k, v in mapping.items():
        if str(k) == key:
            return v
    return None


def _swap_error(rule: Rule, mapping: LinedDict, key: str, message: str) -> Exception:
    from ..errors import RuleError

    line = mapping.line_of(key) if hasattr(mapping, "line_of") else rule.line_of("swap")
    return RuleError(rule.path, message, line)
