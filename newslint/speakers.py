"""Who said a direct quotation: a small same-sentence / adjacent attribution finder.

Reads the prose around a quote for the newsroom patterns: `"...," Sarandos
said`, `said Ted Sarandos`, `Sarandos said: "..."`, `according to Sarandos`,
`Beck told the crowd, "..."`. A pronoun ("he said") and a quote-only paragraph
take the last speaker named before them. The speaker is keyed by surname,
lower-cased, without titles ("Mr. Obama", "President Barack Obama" -> "obama").
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

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
_VERB = rf"(?:{SPEECH_VERBS})"
# `"...," said union organiser Dev Harlow`: lower-case title words, but not "said in a statement on Tuesday".
_NOT_TITLE = r"(?:in|on|at|to|of|during|after|before|by|from|with|for|that|this|last|late|early|when|while|as|and|but)\b"
_AFTER_VERB = regex.compile(rf"^\W{{0,3}}\s*(?:{_VERB})\s+(?:(?!{_NOT_TITLE})[a-z][\w\-]*\s+){{0,3}}?(?P<name>{_NAME})", regex.V1)
# `"...," chief executive Dana Whitlock said`: a few lower-case title words may come first.
_NAME_VERB_AFTER = regex.compile(
    rf"^\W{{0,3}}\s*(?:[a-z][\w\-]*\s+){{0,4}}?(?P<name>{_NAME}|he|she|they|I|we)\s+(?:(?:also|then|later|again)\s+)?{_VERB}\b", regex.V1)
_NAME_VERB_BEFORE = regex.compile(
    rf"(?P<name>{_NAME}|[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)(?:,[^,\"“”]{{1,80}},)?\s+(?:(?:also|then|later|again|first|has|had|have|\w+ly)\s+)?(?:{_VERB})\b[^\"“”]{{0,80}}$",
    regex.V1,
)
_ACCORDING = regex.compile(rf"according\s+to\s+(?P<name>{_NAME})", regex.V1)
_ANY_VERB = regex.compile(rf"\b(?:{_VERB})\b")
_REPORTED = regex.compile(
    rf"(?P<name>{_NAME})(?:,[^,]{{1,80}},)?\s+(?:(?:also|then|later|again|first|\w+ly)\s+)?{_VERB}\b|\b{_VERB}\s+(?P<name2>{_NAME})", regex.V1)


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
    for block in blocks:
        if block.kind in ("meta", "raw"):
            continue
        found = quotes(block)
        if not found:
            mention = _last_named(block.text)
            if mention:
                last_speaker = mention
            continue
        for index, q in enumerate(found):
            speaker, how = _speaker_in_block(block, found, index)
            if speaker == "pronoun":
                # "Ryan first told a story... And he then added: '...'" — the pronoun's
                # person is usually named earlier in the same paragraph.
                named = _last_named(block.text[: q.start])
                speaker = named or last_speaker
                how = "pronoun" if speaker else ""
            elif not speaker and _quote_only(block, found):
                speaker, how = last_speaker, "previous speaker" if last_speaker else ""
            if speaker:
                last_speaker = speaker
            out.append((block, Attributed(q, speaker, how)))
    return out


def _speaker_in_block(block: Block, found: list[Quote], index: int) -> tuple[str, str]:
    text = block.text
    q = found[index]
    next_start = found[index + 1].start if index + 1 < len(found) else len(text)
    prev_end = found[index - 1].end if index > 0 else 0
    after = text[q.end : next_start]
    before = text[prev_end : q.start]
    for pattern in (_AFTER_VERB, _NAME_VERB_AFTER):
        m = pattern.search(after[:160])
        if m:
            return _key_or_pronoun(m.group("name"))
    m = _NAME_VERB_BEFORE.search(before[-200:])
    if m:
        return _key_or_pronoun(m.group("name"))
    m = _ACCORDING.search(after[:120]) or _ACCORDING.search(before[-120:])
    if m:
        return _key_or_pronoun(m.group("name"))
    # A quote split by its attribution: "...," he said. "..." — the earlier part's speaker.
    if index > 0:
        between = text[found[index - 1].end : q.start]
        m = _AFTER_VERB.search(between) or _NAME_VERB_AFTER.search(between)
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


def _last_named(text: str) -> str:
    """The last person a quote-free paragraph reports as speaking ("Peters said the ...")."""
    found = ""
    if not _ANY_VERB.search(text):
        return found
    for m in _REPORTED.finditer(text):
        name = m.group("name") or m.group("name2")
        if name and name.lower() not in PRONOUNS:
            found = speaker_key(name) or found
    return found
