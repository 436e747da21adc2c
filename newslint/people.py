"""Finding people in prose: runs of title-case words that context marks as a person's name.

A run such as "Co-CEO Ted Sarandos said" or "said Davier Yoon, co-founder of" is a
person when a title or role, an honorific, a reporting verb or an appositive stands
next to it, when its first word is a known given name, or when its surname is used
for a person elsewhere in the article ("Mr Yoon"). Leading words that cannot be
names are stripped (sentence-initial "Despite", titles such as "Prime Minister",
demonyms such as "Russian"); runs ending in an organisation or place word
("Eyeline Studios") are not people. The word lists come from the rule file.

Speed matters (every run of capitalised words in every article passes through
here, about 100,000 runs on the BBC corpus):

* one regex pass finds the title-case words; a run goes on over one space, or
  over particles and initials ("Ludwig van Beethoven", "George W. Bush");
* every distinct word is classified once per process (WordInfo, memoised), so
  the common case, a sentence-initial "The" or "But", costs one dict look-up;
* context is read with plain word look-ups in sets rather than regex
  alternations, and the full context check runs only for the few runs that need it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain
from typing import Iterable, NamedTuple

import regex

from .document import Block
from .lexicon import english_words
from .memo import register as register_memo
from .namedata import fold, known_given, proper_lower, surname_set

# One title-case word: "Sarandos", "McDonald", "O'Neill", "Smith-Jones".
# A run of title-case words joined by single spaces: "Sarandos", "Co-CEO Ted Sarandos",
# "McDonald", "O'Neill", "Smith-Jones". Words joined over particles and initials
# ("Ludwig van Beethoven", "George W. Bush") are merged afterwards (PersonFinder._joined).
# Most blocks are ASCII, and the stdlib engine scans them about a third faster than
# `regex`; its pattern tests the character before a word only after an upper-case letter.
_WORD_ASCII = r"[A-Z](?:['’][A-Z])?[a-z]+(?:[A-Z][a-z]+)*(?:-[A-Z]?[a-z]+)*(?![A-Za-z0-9])"
_RUNS_ASCII = re.compile(
    r"[A-Z](?<![A-Za-z0-9'’\-][A-Z])(?:['’][A-Z])?[a-z]+(?:[A-Z][a-z]+)*(?:-[A-Z]?[a-z]+)*(?![A-Za-z0-9])"
    r"(?:[ \u00a0]" + _WORD_ASCII + ")*"
)
_WORD_UNICODE = r"(?:\p{Lu}['’])?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)*(?:-\p{Lu}?\p{Ll}+)*(?![\p{L}\p{N}])"
_RUNS_UNICODE = regex.compile(r"(?<![\p{L}\p{N}'’\-])" + _WORD_UNICODE + r"(?:[ \u00a0]" + _WORD_UNICODE + ")*")
_WORD = regex.compile(r"[\w'’.-]*\w\.?")
_AUXILIARIES = frozenset(
    "has had have also later then previously recently once himself herself never always would will could since".split()
)
_ROLE_ENDINGS = ("ist", "ant", "ent", "ian", "tor", "ner", "ker", "ger", "der", "ter", "ler", "rer", "ser", "per", "ber", "yer", "eer")
_NOT_ROLES = frozenset(
    "after under other rather together over ever either neither whether later never however whatever "
    "number river paper order power water matter letter center centre winter summer september october "
    "november december meanwhile ancient recent current different independent present parliament "
    "government department percent per cent agent moment event student president".split()
)
# Two capitalised words separated by more than this are never one name.
_MAX_GAP = 12
# An HTML character reference left in plain text ("Pap&#233;") splits a name in two:
# the part before it is not a spelling of the name.
_ENTITY_AT = re.compile(r"&#?\w{1,10};")


def _drop_entity_split(text: str, found: BlockPeople) -> None:
    def split(end: int) -> bool:
        return _ENTITY_AT.match(text, end) is not None

    found.tokens[:] = [t for t in found.tokens if not split(t[1])]
    found.mentions[:] = [m for m in found.mentions if not split(m.surname[1])]


_END = (None,)  # after a block's last run, so that find() judges that run in its loop


def _role_like(word: str) -> bool:
    """A lower-case word that reads as an occupation: 'accountant', 'historian', 'commentator'."""
    lower = word.lower()
    return len(word) >= 6 and word.islower() and lower.endswith(_ROLE_ENDINGS) and lower not in _NOT_ROLES


# Words that end an appositive before any role could come: ", and the minister".
_CLAUSE_WORDS = frozenset("and but or nor which that when while as to is was are were be been if so".split())
_NEXT_WORD = re.compile(r" (?:(?:" + "|".join(sorted(_AUXILIARIES)) + r") )*([a-z]+)")
_SPACES = " \u00a0"
_PUNCT = ".,;:!?\"'“”‘’)("


_WORD_ASCII_RE = re.compile(r"[\w'’.-]*\w\.?")


def _words(text: str, start: int, limit: int) -> list[str]:
    """The first `limit` words (_WORD) of text[start:].

    Words never span white space, so the first `limit` white-space chunks hold the
    first `limit` words unless punctuation splits or fills a chunk; reading only those
    chunks, with the stdlib engine for ASCII, is several times cheaper than a findall
    over the whole window, and gives the same words."""
    chunks = text[start:].split(None, limit)
    if len(chunks) > limit:
        head = " ".join(chunks[:limit])
        words = (_WORD_ASCII_RE if head.isascii() else _WORD).findall(head)
        if len(words) >= limit:
            return words[:limit]
    return (_WORD_ASCII_RE if text.isascii() else _WORD).findall(text, start)[:limit]


def _key(word: str) -> str:
    return word.lower() if word.isascii() else fold(word)


class WordInfo(NamedTuple):
    """What the lexicons and the rule's word lists say about one capitalised word."""

    lead: int  # as a run's first word: 0 keep, 1 strip, 2 strip as a title
    ends: bool  # can end a person's name (a surname): not "Studios", not "Minister"
    given_only: bool  # a given name that is no surname ("Ted" alone is not a person)
    known: bool  # some lexicon knows the spelling (given names, surnames, SCOWL)
    known_other: bool  # ...a lexicon other than the census surnames
    title: bool  # one of the rule's title words ("Minister", "Chief")
    org: bool  # an organisation or place word ("Studios", "Council")
    not_name: bool  # a word the rule says never begins or ends a name ("May", "Monday")
    surname: bool  # a census surname
    lone: bool  # may stand alone for a person ("Sarandos said"): ends a name, no given name, not a month


@dataclass(slots=True)
class Mention:
    """One reference to a person in a block: 'Ted Sarandos' (full) or 'Sarandos' (surname only).

    evidence is None until someone asks (PersonFinder.evidence): most runs never need it.
    """

    block: Block
    start: int
    end: int
    surname: tuple[int, int]
    given: tuple[int, int] | None = None
    evidence: bool | None = None
    titled: bool = False  # a title was stripped from the front of the run

    @property
    def surname_text(self) -> str:
        return self.block.text[self.surname[0] : self.surname[1]]

    @property
    def given_text(self) -> str | None:
        return None if self.given is None else self.block.text[self.given[0] : self.given[1]]

    @property
    def text(self) -> str:
        return self.block.text[self.start : self.end]


@dataclass(slots=True)
class BlockPeople:
    """What one block yields: person mentions, and the title-case words that could be
    surnames (span and text), for spotting near-miss spellings of a person's name.
    Sentence-initial "The", "Minister" and other plain words are left out."""

    mentions: list[Mention] = field(default_factory=list)
    tokens: list[tuple[int, int, str]] = field(default_factory=list)


class PersonFinder:
    """Built once per rule from its word lists; finds person mentions in blocks.

    The lexicons are read on the first block, not here, so loading rules stays cheap."""

    def __init__(
        self,
        titles: Iterable[str],
        verbs: Iterable[str],
        verbs_before: Iterable[str],
        honorifics: Iterable[str],
        particles: Iterable[str],
        not_names: Iterable[str],
        organisation_words: Iterable[str],
    ):
        titles = [" ".join(t.lower().split()) for t in titles]
        self.titles = frozenset(titles)
        self.title_words = frozenset(w for t in titles for w in t.split())
        self.verbs = frozenset(v.lower() for v in verbs)
        self.verbs_before = frozenset(" ".join(v.lower().split()) for v in verbs_before)
        self.not_names = frozenset(w.lower() for w in not_names)
        self.org_words = frozenset(w.lower() for w in organisation_words)
        self.honorifics = frozenset(h.rstrip(".") for h in honorifics)
        self.particles = frozenset(p.lower() for p in particles)
        # Words that mark the next capitalised word as a person ("said X", "Mr X", "minister X"),
        # in the forms they are written in, so that _quick needs one set look-up.
        prev_words: set[str] = set()
        for word in self.verbs_before | self.titles:
            prev_words.update((word, word.capitalize(), word.title(), word.upper()))
        for word in self.honorifics:
            prev_words.update((word, word + "."))
        self._prev_words = frozenset(prev_words)
        self._cache: dict[str, WordInfo] = {}  # word -> info, per process
        register_memo(self._cache.clear)

    # -- words -------------------------------------------------------------

    def info(self, word: str) -> WordInfo:
        """The memoised classification of one capitalised word."""
        info = self._cache.get(word)
        if info is None:
            info = self._cache[word] = self._classify(word)
        return info

    def _classify(self, word: str) -> WordInfo:
        lower = word.lower()
        key = lower if word.isascii() else fold(word)
        given = key in known_given()
        surname = key in surname_set()
        english = lower in english_words()
        proper = key in proper_lower()
        title = lower in self.title_words
        not_name = lower in self.not_names
        if title:
            lead = 2
        elif not_name:
            lead = 1
        elif given:
            lead = 0
        elif english or (proper and not surname):
            lead = 1  # demonyms, places and plain words: "Russian Irina Shevchenko"
        else:
            lead = 0
        org = lower in self.org_words
        ends = not (org or (title and not surname) or (english and not surname))
        other = given or proper or english
        given_only = given and not surname
        return WordInfo(lead, ends, given_only, other or surname, other, title, org, not_name, surname, ends and not given_only and not not_name)

    # -- context ---------------------------------------------------------

    def evidence(self, m: Mention) -> bool:
        """A title, role, honorific, reporting verb or appositive next to the mention."""
        if m.evidence is None:
            text = m.block.text
            m.evidence = m.titled or self._pre(text, m.start) or self._post(text, m.end)
        return m.evidence

    @staticmethod
    def _phrases(words: list[str]) -> list[str]:
        return [" ".join(words[-n:]).lower() for n in (1, 2, 3) if len(words) >= n]

    def _pre(self, text: str, start: int) -> bool:
        if start < 2 or text[start - 1] not in _SPACES:
            return False
        found = list(_WORD.finditer(text, max(0, start - 40), start))
        if not found:
            return False
        comma = found[-1].end() == start - 2 and text[start - 2] == ","
        if found[-1].end() != start - 1 and not comma:
            return False
        words = [w.group() for w in found]
        last = words[-1]
        if comma:  # "Marsh's chief executive, Michael Cherkasky"
            return any(p in self.titles for p in self._phrases(words))
        if last.rstrip(".") in self.honorifics:
            return True
        if last.endswith(("'s", "’s")):
            if last[0].isupper():
                return True  # an owner: "the BBC's Jonathan Beale", "Deutsche Bank's Simon Champion"
            words[-1] = last[:-2]
        if any(p in self.titles or p in self.verbs_before for p in self._phrases(words)):
            return True
        last = words[-1].lower()
        if last.endswith("s") and last[:-1] in self.titles:
            return True  # plural roles: "actors Harvey Keitel and ..."
        return _role_like(words[-1])

    def _post(self, text: str, end: int) -> bool:
        window = text[end : end + 90]
        if window.startswith(("'s", "’s")):
            window = window[2:]
        elif window.startswith(("'", "’")):
            window = window[1:]
        if not window:
            return False
        head = window[0]
        if head in ",(":
            words = _words(window, 1, 8)
            if not words:
                return False
            first = words[0].lower()
            if first in ("who", "whose", "aged") or (first.isdigit() and len(first) <= 3) or first in self.verbs:
                return True
            if first in ("of", "from", "at") and len(words) > 1 and (words[1][0].isupper() or words[1] == "the"):
                return True  # ", from Goldman Sachs,"
            low = [w.lower() for w in words]
            titles = self.titles
            for i in range(min(len(low), 6)):
                word = low[i]
                if word in titles:
                    return True
                if i + 1 < len(low):
                    two = word + " " + low[i + 1]
                    if two in titles or (i + 2 < len(low) and two + " " + low[i + 2] in titles):
                        return True
                # Modifiers may come before the role (", senior bond analyst at"); a verb or a
                # conjunction means the clause is about something else.
                if word in self.verbs or word in _CLAUSE_WORDS:
                    return False
            return False
        if head in _SPACES:
            words = _words(window, 1, 4)
            if len(words) > 1 and words[0] in ("of", "from", "at") and (words[1][0].isupper() or words[1] == "the"):
                return True  # "Paul Hofheinz of the Lisbon Council"
            for word in words:
                lower = word.lower()
                if lower in self.verbs:
                    return True
                if lower not in _AUXILIARIES:
                    return False
        return False

    def _quick(self, text: str, start: int, end: int) -> bool:
        """The cheap part of the context check, for lone surnames: 'X said', 'Mr X', 'said X'."""
        after = text[end : end + 1]
        if after == " ":
            m = _NEXT_WORD.match(text, end)
            if m is not None and m.group(1) in self.verbs:
                return True
        elif after == "," and self._post(text, end):
            return True
        # The word before, as written: one set look-up (the set holds each honorific with
        # and without its full stop, and each title or verb in the usual cases).
        return text[start - 1 : start] == " " and text[text.rfind(" ", start - 16 if start > 16 else 0, start - 1) + 1 : start - 1] in self._prev_words

    # -- runs --------------------------------------------------------------

    def _joined(self, text: str, prev_end: int, start: int) -> bool:
        """Does a gap of more than one character keep two capitalised words in one name?"""
        if start - prev_end > _MAX_GAP or text[prev_end] not in _SPACES or text[start - 1] not in _SPACES:
            return False
        for part in text[prev_end + 1 : start - 1].split():
            # particles ("van", "de"), initials ("W.", "J")
            if part.lower() not in self.particles and not (len(part) <= 2 and part[0].isupper() and part[1:] in ("", ".")):
                return False
        return True

    def find(self, block: Block) -> BlockPeople:
        text = block.text
        ascii_text = text.isascii()
        found = BlockPeople()
        tokens = found.tokens
        mentions = found.mentions
        cache = self._cache
        prev = None  # the last run, judged once the next shows it does not join on
        joined: list | None = None  # runs that particles or initials join to prev
        for m in chain((_RUNS_ASCII if ascii_text else _RUNS_UNICODE).finditer(text), _END):
            if prev is not None:
                if m is not None:
                    prev_end = (joined[-1] if joined else prev).end()
                    start = m.start()
                    if start - prev_end <= _MAX_GAP and text[prev_end] in _SPACES and self._joined(text, prev_end, start):
                        if joined is None:
                            joined = [m]
                        else:
                            joined.append(m)
                        continue
                word = prev.group()
                if joined is None and " " not in word and (ascii_text or "\u00a0" not in word):
                    # A single word, the common case ("The", "London", "Sarandos"): cheap checks first.
                    info = cache.get(word) or self.info(word)
                    if info.ends:
                        start, end = prev.span()
                        tokens.append((start, end, word))
                        if info.lone and self._quick(text, start, end):
                            mentions.append(Mention(block, start, end, (start, end), None, True, False))
                elif joined is None and word.count(" ") == 1:
                    self._pair(text, block, prev, word, found)
                else:
                    self._add(text, block, [prev, *joined] if joined else [prev], found)
            prev = m
            joined = None
        if "&" in text:
            _drop_entity_split(text, found)
        return found

    def _pair(self, text: str, block: Block, m: re.Match, word: str, found: BlockPeople) -> None:
        """_add for the commonest run, two words ("Tony Blair", "Prime Minister"), with fewer steps."""
        cache = self._cache
        given, surname = word.split(" ")
        first = cache.get(given) or self.info(given)
        last = cache.get(surname) or self.info(surname)
        start, end = m.span()
        middle = start + len(given)
        if first.ends:
            found.tokens.append((start, middle, given))
        if not last.ends:
            return  # "Studios", "Game"; but "Brown" and "Straw" are surnames too
        found.tokens.append((middle + 1, end, surname))
        if first.lead:
            # "Minister Blair", "Russian Shevchenko": a title or plain word goes, the surname stays.
            titled = first.lead == 2
            if last.lone and (titled or self._quick(text, middle + 1, end)):
                found.mentions.append(Mention(block, middle + 1, end, (middle + 1, end), None, True, titled))
        elif not first.org and not first.not_name:
            found.mentions.append(Mention(block, start, end, (middle + 1, end), (start, middle)))

    def _add(self, text: str, block: Block, runs: list, found: BlockPeople) -> None:
        """A run of two or more words: strip leading titles and non-names, then judge the rest."""
        spans: list[tuple[int, int]] = []
        words: list[str] = []
        for m in runs:
            pos = m.start()
            for word in m.group().split():
                spans.append((pos, pos + len(word)))
                words.append(word)
                pos += len(word) + 1
        cache = self._cache
        infos = [cache.get(w) or self.info(w) for w in words]
        tokens = found.tokens
        for i, info in enumerate(infos):
            if info.ends:
                tokens.append((*spans[i], words[i]))
        first = 0
        last = len(words) - 1
        titled = False
        for i in range(last - 1, 0, -1):
            # "South Africa Finance Minister Trevor Manuel": the name starts after the title.
            if infos[i].title:
                first = i + 1
                titled = True
                break
        while first < last:
            lead = infos[first].lead
            if lead == 0:
                break
            titled = titled or lead == 2
            first += 1
        if last - first > 1 and words[last] in ("Jr", "Sr"):
            last -= 1
        for i in range(first, last):
            if infos[i].org:
                return  # "Banca Nazionale del Lavoro"
        end_info = infos[last]
        if not end_info.ends:
            return  # "Studios", "Game"; but "Brown" and "Straw" are surnames too
        start = spans[first][0]
        surname = spans[last]
        if first == last:
            if end_info.lone and (titled or self._quick(text, start, surname[1])):
                found.mentions.append(Mention(block, start, surname[1], surname, None, True, titled))
            return
        if infos[first].not_name:
            return
        found.mentions.append(Mention(block, start, surname[1], surname, spans[first], True if titled else None, titled))
