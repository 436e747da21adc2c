"""Finding people in prose: runs of title-case words that context marks as a person's name.

A run such as "Co-CEO Ted Sarandos said" or "said Davier Yoon, co-founder of" is a
person when a title or role, an honorific, a reporting verb or an appositive stands
next to it, when its first word is a known given name, or when its surname is used
for a person elsewhere in the article ("Mr Yoon"). Leading words that cannot be
names are stripped (sentence-initial "Despite", titles such as "Prime Minister",
demonyms such as "Russian"); runs ending in an organisation or place word
("Eyeline Studios") are not people. The word lists come from the rule file.

Speed matters (every run of capitalised words in every article passes through
here), so context is read with plain word look-ups in sets rather than regex
alternations, and the full context check runs only for the few runs that need it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

import regex

from .document import Block
from .lexicon import english_words
from .namedata import census_surnames, fold, known_given, proper_lower

_TOKEN = regex.compile(
    r"(?<![\p{L}\p{N}'’\-])(?:\p{Lu}['’])?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)*(?:-\p{Lu}?\p{Ll}+)*(?![\p{L}\p{N}])"
)
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


def _role_like(word: str) -> bool:
    """A lower-case word that reads as an occupation: 'accountant', 'historian', 'commentator'."""
    lower = word.lower()
    return len(word) >= 6 and word.islower() and lower.endswith(_ROLE_ENDINGS) and lower not in _NOT_ROLES


# Words that end an appositive before any role could come: ", and the minister".
_CLAUSE_WORDS = frozenset("and but or nor which that when while as to is was are were be been if so".split())
_NEXT_WORD = re.compile(r" (?:(?:" + "|".join(sorted(_AUXILIARIES)) + r") )*([a-z]+)")
_SPACES = " \u00a0"
_PUNCT = ".,;:!?\"'“”‘’)("


def _key(word: str) -> str:
    return word.lower() if word.isascii() else fold(word)


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
    """What one block yields: person mentions, and every title-case token (for near-miss spellings)."""

    mentions: list[Mention] = field(default_factory=list)
    tokens: list[tuple[int, int]] = field(default_factory=list)


class PersonFinder:
    """Built once per rule from its word lists; finds person mentions in blocks."""

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
        self._english = english_words()
        self._given = known_given()
        self._surnames = census_surnames()
        self._proper = proper_lower()
        self._cache: dict[str, tuple[int, bool, bool]] = {}  # word -> _classify(word), per process

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
            words = _WORD.findall(window, 1)
            if not words:
                return False
            first = words[0].lower()
            if first in ("who", "whose", "aged") or (first.isdigit() and len(first) <= 3) or first in self.verbs:
                return True
            if first in ("of", "from", "at") and len(words) > 1 and (words[1][0].isupper() or words[1] == "the"):
                return True  # ", from Goldman Sachs,"
            for i in range(min(len(words), 6)):
                for n in (1, 2, 3):
                    if " ".join(words[i : i + n]).lower() in self.titles:
                        return True
                word = words[i].lower()
                # Modifiers may come before the role (", senior bond analyst at"); a verb or a
                # conjunction means the clause is about something else.
                if word in self.verbs or word in _CLAUSE_WORDS:
                    return False
            return False
        if head in _SPACES:
            words = _WORD.findall(window, 1)[:4]
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
        """The cheap part of the context check, for lone surnames: 'Mr X', 'X said', 'said X'."""
        if start >= 2 and text[start - 1] == " ":
            prev = text[text.rfind(" ", max(0, start - 16), start - 1) + 1 : start - 1]
            if prev.rstrip(".") in self.honorifics:
                return True
            prev = prev.lower()
            if prev in self.verbs_before or prev in self.titles:
                return True
        after = text[end : end + 1]
        if after == " ":
            m = _NEXT_WORD.match(text, end)
            return m is not None and m.group(1) in self.verbs
        if after == ",":
            return self._post(text, end)
        return False

    # -- runs --------------------------------------------------------------

    def _joined(self, text: str, prev_end: int, start: int) -> bool:
        """Does the gap between two capitalised words keep them in one name?"""
        if start - prev_end == 1:
            return text[prev_end] in _SPACES
        if start - prev_end > 12 or text[prev_end] not in _SPACES or text[start - 1] not in _SPACES:
            return False
        for part in text[prev_end + 1 : start - 1].split():
            # particles ("van", "de"), initials ("W.", "J")
            if part.lower() not in self.particles and not (len(part) <= 2 and part[0].isupper() and part[1:] in ("", ".")):
                return False
        return True

    def find(self, block: Block) -> BlockPeople:
        text = block.text
        tokens = [m.span() for m in _TOKEN.finditer(text)]
        found = BlockPeople(tokens=tokens)
        run: list[tuple[int, int]] = []
        for span in tokens:
            if run and self._joined(text, run[-1][1], span[0]):
                run.append(span)
                continue
            if run:
                self._add(text, block, run, found.mentions)
            run = [span]
        if run:
            self._add(text, block, run, found.mentions)
        return found

    def _classify(self, word: str) -> tuple[int, bool, bool]:
        """(0 keep / 1 strip / 2 strip-as-title when leading, can end a name, a given name that is no surname)."""
        lower = word.lower()
        key = _key(word)
        given = key in self._given
        surname = key in self._surnames
        english = lower in self._english
        if lower in self.title_words:
            lead = 2
        elif lower in self.not_names:
            lead = 1
        elif given:
            lead = 0
        elif english or (key in self._proper and not surname):
            lead = 1  # demonyms, places and plain words: "Russian Irina Shevchenko"
        else:
            lead = 0
        ends = not (lower in self.org_words or (lower in self.title_words and not surname) or (english and not surname))
        return lead, ends, given and not surname

    def _add(self, text: str, block: Block, run: list[tuple[int, int]], out: list[Mention]) -> None:
        cache = self._cache
        titled = False
        for i in range(len(run) - 2, 0, -1):
            # "South Africa Finance Minister Trevor Manuel": the name starts after the title.
            if text[run[i][0] : run[i][1]].lower() in self.title_words:
                run = run[i + 1 :]
                titled = True
                break
        while len(run) > 1:
            word = text[run[0][0] : run[0][1]]
            info = cache.get(word)
            if info is None:
                info = cache[word] = self._classify(word)
            if info[0] == 0:
                break
            titled = titled or info[0] == 2
            run = run[1:]
        last = run[-1]
        if len(run) > 2 and text[last[0] : last[1]] in ("Jr", "Sr"):
            run = run[:-1]
            last = run[-1]
        if len(run) > 1 and any(text[a:b].lower() in self.org_words for a, b in run[:-1]):
            return  # "Banca Nazionale del Lavoro"
        surname = text[last[0] : last[1]]
        info = cache.get(surname)
        if info is None:
            info = cache[surname] = self._classify(surname)
        if not info[1]:
            return  # "Studios", "Game"; but "Brown" and "Straw" are surnames too
        start = run[0][0]
        if len(run) == 1:
            if info[2] or surname.lower() in self.not_names:
                return  # a given name on its own ("Ted said") is not a surname
            if titled or self._quick(text, start, last[1]):
                out.append(Mention(block, start, last[1], last, None, True, titled))
            return
        given = run[0]
        if text[given[0] : given[1]].lower() in self.not_names:
            return
        out.append(Mention(block, start, last[1], last, given, True if titled else None, titled))
