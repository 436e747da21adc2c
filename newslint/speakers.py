"""Who said a direct quotation: a small same-sentence / adjacent attribution finder.

Reads the prose around a quote for the newsroom patterns: `"...," Sarandos
said`, `said Ted Sarandos`, `Sarandos said: "..."`, `according to Sarandos`,
`Beck told the crowd, "..."`. A pronoun ("he said") and a quote-only paragraph
take the last speaker named before them. The speaker is keyed by surname,
lower-cased, without titles ("Mr. Obama", "President Barack Obama" -> "obama").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Callable

import regex

from .alternation import factored
from .document import Block
from .segment import Quote, quotes

SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|asked|asks|explained|explains|wrote|writes|declared|declares|stated|"
    "states|noted|notes|argued|argues|insisted|insists|recalled|recalls|continued|continues|replied|replies|"
    "responded|responds|tweeted|tweets|warned|warns|claimed|claims|acknowledged|acknowledges|conceded|concedes|"
    "admitted|admits|announced|announces|suggested|suggests|joked|jokes|quipped|quips|shouted|shouts|"
    "emphasized|emphasised|stressed|stresses|predicted|predicts|vowed|vows|promised|promises|pledged|"
    "countered|counters|remarked|remarks|observed|observes|wrote|posted|yelled|exclaimed|concluded|concludes|"
    "reminded|retorted|shot back|fired back|pointed out|went on"
)
TITLES = frozenset(
    """mr mrs ms miss dr prof sen senator rep representative gov governor president vice pres gen general lt col
    sgt capt cmdr adm maj judge justice rev father sister sir dame lord lady chairman chairwoman chair secretary
    minister mayor speaker leader chief ceo co-ceo cfo coo founder director spokesman spokeswoman spokesperson
    ambassador attorney commissioner sheriff officer detective inspector professor coach former first prime
    state house senate majority minority deputy assistant executive co-founder""".split()
)
PRONOUNS = frozenset({"he", "she", "they", "i", "we"})

# A name: capitalised words (initials and particles allowed), optionally after titles.
_NAME = r"(?:[A-Z][\w’'\-]*\.?(?:\s+(?:de|van|von|del|da|di|al|bin|la|le)\b)?\s+){0,3}[A-Z][\w’'\-]+"
# Factored by prefix: the same verbs, several times faster to look for.
_VERB = f"(?:{factored(SPEECH_VERBS.split('|'), space=' ')})"
# `"...," said union organiser Dev Harlow`: lower-case title words, but not "said in a statement on Tuesday".
_NOT_TITLE = r"(?:in|on|at|to|of|during|after|before|by|from|with|for|that|this|last|late|early|when|while|as|and|but)\b"
_AFTER_VERB = rf"^\W{{0,3}}\s*(?:{_VERB})\s+(?:(?!{_NOT_TITLE})[a-z][\w\-]*\s+){{0,3}}?(?P<name>{_NAME})"
# `"...," chief executive Dana Whitlock said`: a few lower-case title words may come first.
_NAME_VERB_AFTER = rf"^\W{{0,3}}\s*(?:[a-z][\w\-]*\s+){{0,4}}?(?P<name>{_NAME}|he|she|they|I|we)\s+(?:(?:also|then|later|again)\s+)?{_VERB}\b"
_NAME_VERB_BEFORE = (
    rf"(?P<name>{_NAME}|[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)(?:,[^,\"“”]{{1,80}},)?\s+(?:(?:also|then|later|again|first|has|had|have|\w+ly)\s+)?"
    rf"(?:{_VERB})\b[^\"“”]{{0,80}}$"
)
_ACCORDING = rf"according\s+to\s+(?P<name>{_NAME})"
_ANY_VERB = rf"\b(?:{_VERB})\b"
_REPORTED = rf"(?P<name>{_NAME})(?:,[^,]{{1,80}},)?\s+(?:(?:also|then|later|again|first|\w+ly)\s+)?{_VERB}\b|\b{_VERB}\s+(?P<name2>{_NAME})"


class _Patterns:
    """The patterns above, compiled by one regex engine."""

    def __init__(self, compile: Callable[[str], Any]):
        self.after_verb = compile(_AFTER_VERB)
        self.name_verb_after = compile(_NAME_VERB_AFTER)
        self.name_verb_before = compile(_NAME_VERB_BEFORE)
        self.according = compile(_ACCORDING)
        self.any_verb = compile(_ANY_VERB)
        self.reported = compile(_REPORTED)


_UNICODE = _Patterns(lambda pattern: regex.compile(pattern, regex.V1))
# Stdlib re reads ASCII text the same way (\w, \s and \b agree on every ASCII
# character) two to three times faster, and most copy is ASCII.
_ASCII = _Patterns(lambda pattern: re.compile(pattern, re.ASCII))


def _patterns(text: str) -> _Patterns:
    return _ASCII if text.isascii() else _UNICODE


@dataclass(slots=True)
class Attributed:
    """A quotation with its speaker key ("" when unknown) and how the speaker was found."""

    quote: Quote
    speaker: str
    how: str  # "same sentence", "previous speaker", "pronoun", ""


def speaker_key(name: str) -> str:
    """'President Barack Obama' -> 'obama'; 'Mr. Beck' -> 'beck'; pronouns -> ''."""
    words = [w.strip(".,’'") for w in name.replace("’s", "").split()]
    words = [w for w in words if w]
    if not words or words[-1].lower() in PRONOUNS:
        return ""
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    last = words[-1]
    if last.lower() in ("jr", "sr", "ii", "iii") and len(words) > 1:
        last = words[-2]
    if last.lower() in TITLES:
        return ""
    return last.lower()


def attribute(blocks: list[Block]) -> list[tuple[Block, Attributed]]:
    """Every quotation in the blocks with its speaker, in reading order."""
    out: list[tuple[Block, Attributed]] = []
    last_speaker = ""
    # Quote-free paragraphs read since last_speaker was set. The person they last
    # report as speaking is looked up only when a quote needs it, latest paragraph
    # first: most articles never ask, and the lookup is the costly part.
    pending: list[Block] = []

    def previous_speaker() -> str:
        nonlocal last_speaker
        while pending:
            mention = _last_named(pending.pop().text)
            if mention:
                last_speaker = mention
                pending.clear()
        return last_speaker

    for block in blocks:
        if block.kind in ("meta", "raw"):
            continue
        found = quotes(block)
        if not found:
            pending.append(block)
            continue
        quote_only: bool | None = None
        named_before: _NamedBefore | None = None
        for index, q in enumerate(found):
            speaker, how = _speaker_in_block(block, found, index)
            if speaker == "pronoun":
                # "Ryan first told a story... And he then added: '...'" — the pronoun's
                # person is usually named earlier in the same paragraph.
                if named_before is None:
                    named_before = _NamedBefore(block.text)
                speaker = named_before(q.start) or previous_speaker()
                how = "pronoun" if speaker else ""
            elif not speaker:
                if quote_only is None:  # once per paragraph, when a quote first needs it
                    quote_only = _quote_only(block, found)
                if quote_only:
                    speaker = previous_speaker()
                    how = "previous speaker" if speaker else ""
            if speaker:
                last_speaker = speaker
                pending.clear()
            out.append((block, Attributed(q, speaker, how)))
    return out


def _speaker_in_block(block: Block, found: list[Quote], index: int) -> tuple[str, str]:
    text = block.text
    p = _patterns(text)
    q = found[index]
    next_start = found[index + 1].start if index + 1 < len(found) else len(text)
    prev_end = found[index - 1].end if index > 0 else 0
    after = text[q.end : next_start]
    before = text[prev_end : q.start]
    for pattern in (p.after_verb, p.name_verb_after):
        m = pattern.search(after[:160])
        if m:
            return _key_or_pronoun(m.group("name"))
    m = p.name_verb_before.search(before[-200:])
    if m:
        return _key_or_pronoun(m.group("name"))
    m = p.according.search(after[:120]) or p.according.search(before[-120:])
    if m:
        return _key_or_pronoun(m.group("name"))
    # A quote split by its attribution: "...," he said. "..." — the earlier part's speaker.
    if index > 0:
        between = text[found[index - 1].end : q.start]
        m = p.after_verb.search(between) or p.name_verb_after.search(between)
        if m:
            return _key_or_pronoun(m.group("name"))
    return "", ""


def _key_or_pronoun(name: str) -> tuple[str, str]:
    if name.lower() in PRONOUNS:
        return "pronoun", "pronoun"
    key = speaker_key(name)
    return (key, "same sentence") if key else ("", "")


def _quote_only(block: Block, found: list[Quote]) -> bool:
    covered = sum(q.end - q.start for q in found)
    return covered >= 0.8 * len(block.text.strip())


class _NamedBefore:
    """The last person a paragraph reports as speaking ("Peters said the ...") before a
    point, for every quote of the paragraph from one reading of it: a paragraph of
    thousands of quotes (a scrape's run-on) would otherwise be read again up to each
    one. Names and verbs never hold a double quote mark, so no match runs across the
    quote at the point."""

    def __init__(self, text: str):
        p = _patterns(text)
        verb = p.any_verb.search(text)
        self.first_verb_end = verb.end() if verb else None
        self.ends: list[int] = []
        self.keys: list[str] = []
        for m in p.reported.finditer(text) if verb else ():
            name = m.group("name") or m.group("name2")
            key = speaker_key(name) if name and name.lower() not in PRONOUNS else ""
            if key:
                self.ends.append(m.end())
                self.keys.append(key)

    def __call__(self, point: int) -> str:
        if self.first_verb_end is None or self.first_verb_end > point:
            return ""
        k = bisect_right(self.ends, point)
        return self.keys[k - 1] if k else ""


def _last_named(text: str) -> str:
    """The last person a quote-free paragraph reports as speaking ("Peters said the ...")."""
    return _NamedBefore(text)(len(text))
