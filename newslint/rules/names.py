"""extends: names — misspelled person names, in one article and across the sources of a story.

Three checks share one pass over the article's person mentions (newslint.people):

* given: a given name no lexicon knows that is one edit from a far more common
  given name ("Davier Yoon" -> Javier, Xavier, most frequent first). When other
  articles of the run name the same person with the same rare given name
  ("Kirstjen Nielsen" in two articles), the finding is withdrawn (`withdrawn`):
  two writers rarely make the same slip;
* within: a later mention one or two edits from how the person is otherwise
  named ("Ted Sarandos ... Sarandso said" -> Sarandos). A spelling the name
  lists know may correct an unknown one it outnumbers ("Rep. Bob Ehteridge ...
  Mr Etheridge ... Etheridge said" -> Etheridge); two known spellings are two
  people ("Brown", "Browne"). On a tie the first mention wins, so when the
  slip comes first the right spelling is the one flagged; if the cross check
  then flags the slip against the other sources of the story, that finding
  stands and the within-article one is withdrawn;
* cross (cross_source): one person spelled differently between the sources of
  a story. Spellings are compared without case, accents and apostrophe style
  ("O’Neill" = "O'Neill", "Calderon" = "Calderón"); the minority spelling is
  flagged, the majority suggested, and `related` points at the other sources.
  Two outlets can share one misspelling (a wire story), so the name lists do
  not overrule the sources; they temper the message instead: a flagged
  spelling the census list has, against one it lacks, says so, and a pair
  no list knows, or a tie (one source each way), says to check which is
  right. An article that names one person two ways ("John Boehner ... John
  Behner") is left to the within check, unless that check let both stand
  and the other sources say which spelling is meant.

Thresholds, word lists and messages are rule-file keys, not constants.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Iterator, NamedTuple

from ..document import Block, Document
from ..findings import Finding, Related
from ..namedata import (
    deletions,
    display,
    distance,
    fold,
    given_neighbours,
    census_given,
    extra_given,
    is_known_name,
    is_rare_given,
    is_variant,
    known_given,
    listed_surnames,
    surname_frequency,
    warm,
)
from ..people import Mention, PersonFinder
from ..segment import in_spans, protected_spans, quote_spans, sentences
from ..yamlio import LinedDict
from .base import Match, Rule, format_message, string_list

CHECKS = ("given", "within", "cross")
# A census surname printed as 0.000 (fewer than about 1 in 200,000 people) is too
# rare to outweigh what the sources say; one printed above it (namedata.listed_surnames)
# is evidence.


class Place(NamedTuple):
    """Where a spelling first occurs in a document (source offsets and line:column)."""

    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int


class Spelling(NamedTuple):
    """One surname spelling in one document, for the cross-source pass."""

    text: str
    givens: tuple[str, ...]  # given names seen with it (folded)
    count: int
    start: int  # source offsets of its first use outside quoted speech
    end: int
    known: bool  # a lexicon knows this spelling
    listed: bool = False  # the census surname list has it above 0.000


class GivenSpelling(NamedTuple):
    surname: str  # folded canonical surname
    text: str
    count: int
    start: int
    end: int
    known: bool
    listed: bool = False  # a given-name list has it


_INFLECTIONS = frozenset({"s", "es", "n", "ns", "an", "ans"})  # plural and demonym endings of a name


class WithinFlag(NamedTuple):
    """A within-article finding (source offsets): `text` taken for a slip of `canonical`."""

    text: str
    canonical: str
    start: int
    end: int
    asks: bool = False  # both spellings are listed names: the article cannot say which is right


class GivenFlag(NamedTuple):
    """A given-name finding of this document (source offsets), and whose name it is."""

    pair: tuple[str, str]  # (folded given name, folded surname)
    start: int
    end: int


class Summary(NamedTuple):
    surnames: tuple[Spelling, ...]
    givens: tuple[GivenSpelling, ...]
    # Full names whose given name no list knows, anywhere in the article (quotes too),
    # and the given-name findings: together they let withdrawn() spot a rare name
    # two articles spell alike.
    rare_pairs: tuple[tuple[str, str], ...] = ()
    given_flags: tuple[GivenFlag, ...] = ()
    # Where the document's lines start: line:column of a spelling is worked out only for
    # the few spellings a finding is about.
    lines: tuple[int, ...] = (0,)
    within_flags: tuple[WithinFlag, ...] = ()

    def place(self, start: int, end: int) -> Place:
        line = bisect_right(self.lines, start) - 1
        end_line = bisect_right(self.lines, end) - 1
        return Place(line + 1, start - self.lines[line] + 1, end_line + 1, end - self.lines[end_line] + 1, start, end)


@dataclass
class _Person:
    """A person as first named in the article, with every spelling of the surname seen."""

    surname: str
    given: str | None
    first: Mention
    spellings: Counter = field(default_factory=Counter)  # surname spelling -> mentions
    occurrences: list[tuple[Block, int, int, str]] = field(default_factory=list)  # (block, start, end, spelling)
    given_variants: list[Mention] = field(default_factory=list)  # later full mentions, other given name


@dataclass
class _Analysis:
    matches: list[tuple[Block, Match]]
    summary: Summary


_NO_PLACES: frozenset[int] = frozenset()


def _place_endings(places: list[str]) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """(last word of each place -> the places it ends, demonym ending -> the places it is made from).

    "Sri Lanka" reads as a person to the name lists ('Sri' is a given name, 'Lanka' a
    surname), so "the Sri Lankan government" would be the same person spelled another
    way. Only a place and a demonym of it are let go: two demonym forms are still
    compared ("Lankan", "Lankian"), and places stay people otherwise ("Rio de Janeir"
    is still caught beside "Rio de Janeiro"). Over-made forms ("Kongan") cost nothing:
    they only ever meet real spellings.
    """
    bases: dict[str, set[int]] = defaultdict(set)
    forms: dict[str, set[int]] = defaultdict(set)
    for index, place in enumerate(places):
        words = place.split()
        if not words:
            continue
        last = _norm(words[-1])
        bases[last].add(index)
        for stem in [last, last[:-1]] if last.endswith(("a", "e", "o")) else [last]:
            for suffix in ("n", "an", "ian", "ean", "ns", "ans", "ians", "eans"):
                forms[stem + suffix].add(index)  # never the bare stem: "Janeir" is a typo
    return dict(bases), dict(forms)


def _norm(text: str) -> str:
    """How spellings are compared across sources: no case, accents or apostrophe style."""
    if text.isascii():
        return text.lower()
    return fold(text).replace("’", "'").replace("‘", "'")


def _source_span(block: Block, start: int, end: int) -> tuple[int, int]:
    """block.source_span, with the common case (one verbatim piece of source) inline."""
    pieces = block.offsets.pieces
    if len(pieces) == 1:
        piece = pieces[0]
        if piece.text_end - piece.text_start == piece.src_end - piece.src_start and 0 <= start <= end <= piece.text_end:
            return piece.src_start + start - piece.text_start, piece.src_start + end - piece.text_start
    return block.source_span(start, end)


class NamesRule(Rule):
    kind = "names"
    keys = {
        "checks": (list,),
        "max_distance": (int,),
        "min_frequency": (float,),
        "frequency_ratio": (float,),
        "unknown_surname_min_frequency": (float,),
        "min_length": (int,),
        "max_suggestions": (int,),
        "within_distance": (int,),
        "cross_distance": (int,),
        "two_edit_min_length": (int,),
        "trust_repeated": (bool,),
        "skip_variants": (bool,),
        "within_message": (str,),
        "within_tie_message": (str,),
        "within_names_message": (str,),
        "cross_message": (str,),
        "cross_listed_message": (str,),
        "cross_unlisted_message": (str,),
        "cross_tie_message": (str,),
        "given_names": (list,),
        "titles": (list,),
        "verbs": (list,),
        "verbs_before": (list,),
        "honorifics": (list,),
        "particles": (list,),
        "not_names": (list,),
        "organisation_words": (list,),
        "places": (list,),
    }
    default_message = "'%s' is not a known given name; did you mean %s?"
    cross_source = True

    def configure(self, spec: LinedDict) -> None:
        checks = string_list(self, "checks", spec.get("checks", list(CHECKS)))
        for check in checks:
            if check not in CHECKS:
                raise self.error("checks", f"unknown check {check!r} (known: {', '.join(CHECKS)})")
        self.checks = frozenset(checks)
        self.max_distance = self._positive(spec, "max_distance", 1, upper=3)
        self.min_frequency = self._number(spec, "min_frequency", 0.01)
        self.frequency_ratio = self._number(spec, "frequency_ratio", 20.0)
        self.foreign_min_frequency = self._number(spec, "unknown_surname_min_frequency", 0.05)
        self.min_length = self._positive(spec, "min_length", 4)
        self.max_suggestions = self._positive(spec, "max_suggestions", 3)
        self.within_distance = self._positive(spec, "within_distance", 2, upper=4)
        self.cross_distance = self._positive(spec, "cross_distance", 2, upper=4)
        self.two_edit_min_length = self._positive(spec, "two_edit_min_length", 8)
        self.trust_repeated = bool(spec.get("trust_repeated", True))
        self.skip_variants = bool(spec.get("skip_variants", True))
        self.within_message = spec.get("within_message", "'%s' is spelled '%s' elsewhere in this article (first on line %s).")
        self.within_tie_message = spec.get(
            "within_tie_message", "'%s' is spelled '%s' just as often elsewhere in this article (first on line %s): check which is right."
        )
        self.within_names_message = spec.get(
            "within_names_message", "'%s' is written '%s' elsewhere in this article (first on line %s); both are names: check which is right."
        )
        # The third %s is "1 other source" or "N other sources".
        self.cross_message = spec.get("cross_message", "'%s' is spelled '%s' in %s of this story.")
        self.cross_listed_message = spec.get(
            "cross_listed_message", "'%s' is spelled '%s' in %s of this story, but only this spelling is in the name lists."
        )
        self.cross_unlisted_message = spec.get(
            "cross_unlisted_message", "'%s' is spelled '%s' in %s of this story; no name list has either spelling, so check which is right."
        )
        self.cross_tie_message = spec.get(
            "cross_tie_message", "'%s' is spelled '%s' in %s of this story, as many as spell it this way: check which is right."
        )
        self.extra_given = frozenset(fold(n) for n in string_list(self, "given_names", spec.get("given_names")))
        self.finder = PersonFinder(
            titles=string_list(self, "titles", spec.get("titles")),
            verbs=string_list(self, "verbs", spec.get("verbs")),
            verbs_before=string_list(self, "verbs_before", spec.get("verbs_before")),
            honorifics=string_list(self, "honorifics", spec.get("honorifics", ["Mr", "Mrs", "Ms", "Miss", "Dr"])),
            particles=string_list(self, "particles", spec.get("particles")),
            not_names=string_list(self, "not_names", spec.get("not_names")),
            organisation_words=string_list(self, "organisation_words", spec.get("organisation_words")),
        )
        self.place_bases, self.place_forms = _place_endings(string_list(self, "places", spec.get("places")))
        self._cache_key = f"_names:{self.id}"
        warm()  # the compact name lists (~30 ms), before worker processes fork, so they share them

    def _positive(self, spec: LinedDict, key: str, default: int, upper: int = 1000) -> int:
        value = spec.get(key, default)
        if value is None:
            return default
        if value < 1 or value > upper:
            raise self.error(key, f"{key!r} must be between 1 and {upper}, not {value}")
        return int(value)

    def _number(self, spec: LinedDict, key: str, default: float) -> float:
        value = spec.get(key, default)
        if value is None:
            return default
        if value < 0:
            raise self.error(key, f"{key!r} must not be negative")
        return float(value)

    def warm(self) -> None:
        if "given" in self.checks:
            given_neighbours("x", self.max_distance)  # the deletion index of given names

    # -- per document --------------------------------------------------------

    def check(self, doc: Document) -> Iterator[Finding]:
        for block, match in self._analyse(doc).matches:
            finding = self.to_finding(doc, block, match)
            if finding is None:
                continue
            # Which spelling of a person is right is a judgement (the first mention may be
            # the typo), so names are never auto-fixed; --fix also skips cross-source rules.
            finding.fixable = False
            yield finding

    def summarize(self, doc: Document) -> Any:
        if "cross" not in self.checks and "given" not in self.checks:
            return None
        return self._analyse(doc).summary

    def _analyse(self, doc: Document) -> _Analysis:
        cached = doc.metadata.get(self._cache_key)
        if isinstance(cached, _Analysis):
            return cached
        analysis = self._compute(doc)
        doc.metadata[self._cache_key] = analysis
        return analysis

    def _blocks(self, doc: Document) -> list[Block]:
        seen: dict[int, Block] = {}
        for unit in self.scope.units(doc):
            seen.setdefault(id(unit.block), unit.block)
        return list(seen.values())

    def _compute(self, doc: Document) -> _Analysis:
        mentions: list[Mention] = []
        tokens: list[tuple[Block, int, int, str]] = []
        find = self.finder.find
        for block in self._blocks(doc):
            if block.kind == "raw":
                continue
            found = find(block)
            if found.mentions:
                mentions.extend(found.mentions)
            tokens.extend([(block, s, e, w) for s, e, w in found.tokens])
        if not mentions:
            return _Analysis([], Summary((), ()))
        matches: dict[tuple[int, int, int], tuple[Block, Match]] = {}
        persons = self._persons(mentions, tokens)
        if "within" in self.checks:
            for block, match in self._within(persons, doc):
                matches[(id(block), match.start, match.end)] = (block, match)
        given_flags: list[GivenFlag] = []
        if "given" in self.checks:
            for block, match, pair in self._given(mentions):
                key = (id(block), match.start, match.end)
                src_start, src_end = block.source_span(match.start, match.end)
                given_flags.append(GivenFlag(pair, src_start, src_end))
                if key in matches:  # already a within-article variant: add the lexicon's guesses
                    old = matches[key][1]
                    old.suggestions.extend(s for s in match.suggestions if s not in old.suggestions)
                    continue
                matches[key] = (block, match)
        ordered = sorted(matches.values(), key=lambda bm: (bm[0].offsets.source_start(bm[1].start), bm[1].end))
        # A span the within-article check corrects is no spelling of its own; a guessed
        # given name still is (the other sources may know how it is really spelled), and so
        # is a listed name it only asks about.
        within = {key for key, (_, match) in matches.items() if match.args[-1] == "within" and "asks" not in match.args}
        surnames, givens = self._summary(doc, persons, within) if "cross" in self.checks else ((), ())
        rare = self._rare_pairs(mentions) if "given" in self.checks else ()
        within_flags = tuple(
            WithinFlag(match.args[0], match.args[1], *block.source_span(match.start, match.end), "asks" in match.args)
            for block, match in ordered
            if match.args[-1] == "within"
        ) if "cross" in self.checks else ()
        return _Analysis(ordered, Summary(surnames, givens, rare, tuple(given_flags), tuple(doc.line_starts), within_flags))

    # -- check 1: unknown given names -----------------------------------------

    def _rare_given(self, given: str) -> bool:
        key = fold(given)
        return not (key in known_given() or key in self.extra_given or is_known_name(given, surnames=False))

    def _rare_pairs(self, mentions: list[Mention]) -> tuple[tuple[str, str], ...]:
        pairs = {
            (fold(m.given_text or ""), fold(m.surname_text))
            for m in mentions
            if m.given is not None and self._rare_given(m.given_text or "")
        }
        return tuple(sorted(pairs))

    def _given(self, mentions: list[Mention]) -> Iterator[tuple[Block, Match, tuple[str, str]]]:
        given_counts = Counter(m.given_text for m in mentions if m.given is not None)
        for m in mentions:
            if m.given is None:
                continue
            given = m.given_text or ""
            if self.trust_repeated and given_counts[given] > 1:
                continue  # a typo is rarely made twice the same way
            suggestions = self._given_suggestions(given, self._foreign(m.surname_text))
            if not suggestions or self.context.accepted(m.text):
                continue
            surname = m.surname_text
            if not (
                any(self.finder.evidence(o) for o in mentions if o is m or o.surname_text == surname)
                or self._listed_with_people(m, mentions)
            ):
                continue  # nothing says this is a person
            listed = " or ".join(f"'{s}'" for s in suggestions)
            message = format_message(self.message, (given, listed))
            yield m.block, Match(m.given[0], m.given[1], (given, "given"), suggestions, message), (fold(given), fold(surname))

    def _listed_with_people(self, m: Mention, mentions: list[Mention]) -> bool:
        """'Damien Hirst and Tracey Emin', 'Peter Martin, Erik Gustafson and ...': a list of people."""
        text = m.block.text
        given_names = known_given()
        for o in mentions:
            if o is m or o.block is not m.block or o.given is None:
                continue
            # Only a neighbour counts: the joins below are at most six characters long
            # (a paragraph can be megabytes, and slicing to a far mention copies them).
            if 0 <= m.start - o.end <= 6:
                gap = text[o.end : m.start]
            elif 0 <= o.start - m.end <= 6:
                gap = text[m.end : o.start]
            else:
                continue
            if gap in (", ", " and ", ", and ", " & ") and (fold(o.given_text or "") in given_names or self.finder.evidence(o)):
                return True
        return False

    @staticmethod
    def _foreign(surname: str) -> bool:
        """A surname no list knows ("Bergamasco", "Chakrabarti"): its given name is likely no US name."""
        return not is_known_name(surname)

    def _given_suggestions(self, given: str, foreign: bool = False) -> list[str]:
        if len(given) < 3 or not given.isascii() or "-" in given or not given[1:].islower():
            return []  # very short, accented (foreign) and compound names are left alone
        key = given.lower()
        if key in known_given() or key in self.extra_given or is_known_name(given, surnames=False):
            return []
        own = surname_frequency(key)
        out: list[str] = []
        floor = max(self.min_frequency, self.foreign_min_frequency) if foreign else self.min_frequency
        for name, freq in given_neighbours(key, self.max_distance):
            if len(name) < self.min_length or freq < floor or freq < self.frequency_ratio * own:
                continue
            if not out and self.skip_variants and (is_variant(key, name) or _short_form(key, name)):
                return []  # "Martyn", "Joice", "Adamu", "Luc": how names vary, not how fingers slip
            out.append(display(name))
            if len(out) >= self.max_suggestions:
                break
        return out

    def withdrawn(self, summaries: dict[str, Any], produced: list[Finding]) -> Iterator[tuple[str, str, int, int]]:
        """(rule, path, start, end) of this rule's per-article findings that the other
        articles of the run overrule. Called by the engine after the cross-source pass,
        with the findings it produced.

        * A given-name finding that another article backs: the same person, named with
          the same rare given name ("Kirstjen Nielsen"). Independent writers rarely make
          the same slip, while a real but rare name (Antonin, Megyn) recurs.
        * A within-article finding on spelling A ("A is spelled B elsewhere in this
          article") where the cross check flags B in the same article, suggesting A: the
          other sources spell it A, so B was the slip (it came first and the counts tied).
          Without this the editor is told to change each into the other.
        """
        if "cross" in self.checks:
            overruled = {(f.path, f.match, s) for f in produced if f.rule == self.id for s in f.suggestions}
            for path, summary in summaries.items():
                if isinstance(summary, Summary):
                    for flag in summary.within_flags:
                        # Overruled (the other sources spell it as this article's flagged text),
                        # or, for a flag that only asked which is right, answered by them.
                        if (path, flag.canonical, flag.text) in overruled or (flag.asks and (path, flag.text, flag.canonical) in overruled):
                            yield self.id, path, flag.start, flag.end
        if "given" not in self.checks:
            return
        seen: Counter = Counter()
        for summary in summaries.values():
            if isinstance(summary, Summary):
                seen.update(summary.rare_pairs)
        for path, summary in summaries.items():
            if not isinstance(summary, Summary):
                continue
            for flag in summary.given_flags:
                if seen[flag.pair] >= 2:
                    yield self.id, path, flag.start, flag.end

    # -- check 2: later mentions against the first --------------------------

    def _persons(self, mentions: list[Mention], tokens: list[tuple[Block, int, int, str]]) -> list[_Person]:
        """People named in full, each with every (near-)spelling of the surname in the article."""
        persons: list[_Person] = []
        by_spelling: dict[str, _Person] = {}
        lone = {m.surname_text for m in mentions if m.given is None}
        named = {m.surname_text for m in mentions}  # spellings used for a person somewhere here
        given_names = known_given()
        counts = Counter(map(itemgetter(3), tokens))  # how often each spelling is used in the article
        # People named in full, and those of them whose surname no lexicon knows, indexed by
        # the spellings near their surnames: an honours list names thousands, and comparing
        # each new surname with every one was quadratic.
        named_in_full, unknown_in_full = _Nearby(self.within_distance), _Nearby(self.within_distance)
        unknown = unknown_in_full.people
        info = self.finder.info

        def near_person(word: str) -> _Person | None:
            return self._near_person(word, named_in_full, unknown_in_full, counts, named)

        # "Niamh Cassidy ... Niamh Cassady": two listed surnames a letter apart under one
        # given name are one person written two ways far more often than two namesakes.
        aliases: dict[str, _Person] = {}
        # Mentions by block and surname: two spellings side by side in one sentence are two
        # people ("Ryan Thomson and his cousin Ryan Thompson"), whichever mention it is.
        in_block: dict[tuple[int, str], list[Mention]] = defaultdict(list)
        for mention in mentions:
            in_block[(id(mention.block), mention.surname_text)].append(mention)

        def beside(person: _Person, m: Mention) -> bool:
            return any(_same_sentence(other, m) for other in in_block.get((id(m.block), person.surname), ()))

        def namesake(given: str, surname: str, m: Mention) -> _Person | None:
            key = fold(given)
            return next((p for p in self._letter_away(surname, named_in_full)
                         if fold(p.given or "") == key and not beside(p, m) and not _other_ages(p.first, m)), None)

        for m in mentions:
            if m.given is None:
                continue
            text = m.block.text
            given = text[m.given[0] : m.given[1]]
            surname = text[m.surname[0] : m.surname[1]]
            if not (fold(given) in given_names or surname in lone or self.finder.evidence(m)):
                continue  # "El Eternauta", "Buenos Aires": nothing says these are people
            person = by_spelling.get(surname)
            if person is None:
                near = near_person(surname) if persons else None
                if near is not None and _same_given(given, near.given or ""):
                    continue  # "Ted Sarandos ... Ted Sarandso": a variant, found again below
                twin = aliases.get(surname)
                if twin is not None and not _same_given(given, twin.given or ""):
                    # "Julia Davies" after "David Davis ... David Davies": a family of that
                    # spelling, so it was no slip: the spelling is a person of its own.
                    del aliases[surname]
                    twin = None
                elif twin is None and not _ROLE_AFTER.match(m.block.text, m.end):
                    # ("David Davies, the Welsh MP," is introduced: someone new, not a slip.)
                    twin = namesake(given, surname, m)
                if twin is not None:
                    aliases[surname] = twin
                    continue
                person = _Person(surname, given, m)
                persons.append(person)
                named_in_full.add(person)
                by_spelling[surname] = person
                if not info(surname).known:
                    unknown_in_full.add(person)
            elif given != person.given:
                person.given_variants.append(m)
        self._unread_given_variants(persons, tokens)
        full = list(persons)
        # Surname-only people ("Sarrandos said") matter for the cross-source pass,
        # unless the spelling is a near miss of someone named in full here.
        for m in mentions:
            if m.given is None:
                surname = m.surname_text
                if (full and self._after_honorific(m) and not _introduced(m) and surname not in by_spelling
                        and surname not in aliases):
                    # "Niamh Cassidy ... Ms Cassady": an honorific says a person is meant (a
                    # title may not: "King Kong"), and
                    # nobody of that name was introduced; one person named in full is a letter away.
                    found = self._letter_away(surname, named_in_full)
                    twin = found[0] if len(found) == 1 else None  # two near: no telling which is meant
                    if twin is not None and not beside(twin, m):
                        aliases[surname] = twin
                        continue
                if surname not in by_spelling and surname not in aliases and (not full or near_person(surname) is None):
                    person = _Person(surname, None, m)
                    persons.append(person)
                    by_spelling[surname] = person
        # Every use of a spelling counts for the person it names; the near-miss search
        # runs once per distinct spelling, not once per use.
        owned: dict[str, _Person] = {}
        min_length = self.min_length
        cache = self.finder._cache  # find() classified every word in tokens
        for word, count in counts.items():
            person = by_spelling.get(word) or aliases.get(word)
            if person is None:
                if not full or len(word) < min_length or (cache[word].known and (not unknown or word not in named)):
                    continue
                person = near_person(word)
                if person is None:
                    continue
            owned[word] = person
            person.spellings[word] = count
        if owned:
            for token in [t for t in tokens if t[3] in owned]:
                owned[token[3]].occurrences.append(token)
        return persons

    def _unread_given_variants(self, persons: list[_Person], tokens: list[tuple[Block, int, int, str]]) -> None:
        """Add "Kier Starmer" beside "Keir Starmer" to the person's given-name variants.

        The finder did not read it as a person: "kier" is a dictionary word (a vat),
        and nothing else in the sentence says a person is named. Right before a
        surname the article gives a person in full, a capitalised word one edit
        from their given name is that name written another way.
        """
        full = {p.surname: p for p in persons if p.given}
        if not full:
            return
        seen = {(id(m.block), m.given[0]) for p in full.values() for m in p.given_variants if m.given}
        previous: tuple[Block, int, int, str] | None = None
        for token in tokens:
            person = full.get(token[3])
            if person is not None and previous is not None:
                block, start, end, word = previous
                given = person.given or ""
                if (block is token[0] and end + 1 == token[1] and block.text[end] == " " and word != given
                        and (id(block), start) not in seen and distance(word, given, 1) <= 1):
                    person.given_variants.append(Mention(block, start, token[2], (token[1], token[2]), (start, end)))
                    seen.add((id(block), start))
            previous = token

    def _after_honorific(self, m: Mention) -> bool:
        """'Ms Cassady': an honorific right before the surname."""
        before = m.block.text[max(0, m.start - 8) : m.start]
        words = before.split()
        return before.endswith(" ") and bool(words) and words[-1].rstrip(".") in self.finder.honorifics

    def _letter_away(self, surname: str, persons: "_Nearby") -> list[_Person]:
        """People named in full whose surname is one edit from this one (not its plural)."""
        if len(surname) < self.min_length:
            return []
        return [p for p in persons.candidates(surname, 1)
                if p.given is not None and len(p.surname) >= self.min_length and p.surname != surname
                and not _plural_of(p.surname, surname) and distance(p.surname, surname, 1) <= 1]

    def _limit(self, a: str, b: str, two_edit: int) -> int:
        return two_edit if min(len(a), len(b)) >= self.two_edit_min_length else 1

    def _near_person(self, word: str, persons: "_Nearby", unknown: "_Nearby", counts: Counter, named: set[str]) -> _Person | None:
        """The full-named person whose surname this spelling most likely means.

        An unknown spelling may mean any person's surname. A spelling a lexicon knows
        means only an unknown surname, and only when it names a person here ("Mr
        Etheridge", not "Major Changes") and is used at least as often: "Etheridge"
        (four times) corrects "Ehteridge" (once), but "Browne" is not a slip for
        "Brown", nor "Goya" (once) for "Goyal" (three times)."""
        known = self.finder.info(word).known
        if known and (not unknown.people or word not in named):
            return None  # the common case: a known word, and every surname here is known too
        n = len(word)
        reach = self.within_distance
        best: tuple[int, _Person] | None = None
        # A short spelling is one edit from a near miss at most (_limit): fewer variants to look up.
        for person in (unknown if known else persons).candidates(word, reach if n >= self.two_edit_min_length else 1):
            surname = person.surname
            if person.given is None or surname == word or abs(len(surname) - n) > reach:
                continue
            if known and counts[word] < counts[surname]:
                continue
            if word == surname + "s" or surname == word + "s" or word == surname + "es":
                continue  # "the Osbournes", "the Blairs"
            limit = self._limit(word, surname, reach)
            d = distance(word, surname, limit)
            if d <= limit and (best is None or d < best[0]):
                best = (d, person)
        return best[1] if best else None

    def _canonical(self, person: _Person) -> tuple[str, frozenset[str]]:
        """The person's spelling: the most used; on a tie the one a lexicon knows, then the first.

        Also the other spellings that only the first-used rule put behind it: for those,
        nothing says which is right ("Faregas ... Fabregas" as often each, neither in a
        name list).
        """
        counts = person.spellings
        first = person.surname
        if not counts:
            return first, frozenset()
        info = self.finder.info
        rank = {s: (counts[s], info(s).known) for s in counts}
        canonical = max(counts, key=lambda s: (*rank[s], s == first))
        return canonical, frozenset(s for s, r in rank.items() if r == rank[canonical] and s != canonical)

    def _within(self, persons: list[_Person], doc: Document) -> Iterator[tuple[Block, Match]]:
        info = self.finder.info
        for person in persons:
            if person.given_variants:
                yield from self._given_variants(person, doc)
            if len(person.spellings) < 2 and person.surname in person.spellings:
                continue
            canonical, tied = self._canonical(person)
            first = next((o for o in person.occurrences if o[3] == canonical), None)
            if first is None:
                continue
            line = self._place(doc, *first[:3]).line
            lower = canonical.lower()
            for block, s, e, word in person.occurrences:
                if word == canonical or self.context.accepted(word) or self._one_place(word, canonical):
                    continue
                if block.kind == "headline" and word.lower() == lower:
                    continue  # "Chick-Fil-A" in a title-case headline: house style, not a spelling
                asks = info(word).known and info(canonical).known  # two listed surnames: the article cannot say which
                if asks:
                    template = self.within_names_message
                else:
                    template = self.within_tie_message if word in tied else self.within_message
                message = format_message(template, (word, canonical, str(line)))
                args = (word, canonical, "asks", "within") if asks else (word, canonical, "within")
                yield block, Match(s, e, args, [canonical], message)

    def _one_place(self, a: str, b: str) -> bool:
        """Whether two spellings end one place's name and a demonym of it ("Lanka", "Lankan")."""
        if not self.place_bases:
            return False
        a, b = _norm(a), _norm(b)
        bases, forms = self.place_bases, self.place_forms
        return bool(bases.get(a, _NO_PLACES) & forms.get(b, _NO_PLACES) or bases.get(b, _NO_PLACES) & forms.get(a, _NO_PLACES))

    def _given_variants(self, person: _Person, doc: Document) -> Iterator[tuple[Block, Match]]:
        """"Ted Sarandos ... Tedd Sarandos": an unknown given name near the first one.

        Two given names that are both established, one edit apart, for one surname
        ("Viktor Makarov ... Victor Makarov", "Kier Starmer ... Keir Starmer") are one
        person written two ways far more often than two relatives: flagged, with a
        message that asks which is right. A short form ("Steve" for "Steven") is not.
        An established name after an unknown first one ("Jonh ... John") is left to
        the given-name check, which flags the unknown one.
        """
        first = person.given or ""
        first_established = _established_given(first)
        line = self._place(doc, person.first.block, *person.first.given).line if person.first.given else 1
        for m in person.given_variants:
            given = m.given_text or ""
            if m.given is None or len(given) < self.min_length:
                continue
            template = self.within_message
            if _established_given(given):
                if not first_established or given.startswith(first) or first.startswith(given):
                    continue
                if _same_sentence(person.first, m):
                    continue  # "Ryan Smithers and Bryan Smithers, twins": two people, side by side
                limit, template = 1, self.within_names_message
            else:
                limit = self._limit(given, first, self.within_distance)
            if distance(given, first, limit) > limit or self.context.accepted(given):
                continue
            message = format_message(template, (given, first, str(line)))
            yield m.block, Match(m.given[0], m.given[1], (given, first, "within"), [first], message)

    # -- check 3: across the sources of a story -------------------------------

    def _place(self, doc: Document, block: Block, start: int, end: int) -> Place:
        src_start, src_end = block.source_span(start, end)
        line, column = doc.position(src_start)
        end_line, end_column = doc.end_position(src_end)
        return Place(line, column, end_line, end_column, src_start, src_end)

    def _summary(self, doc: Document, persons: list[_Person], flagged: set[tuple[int, int, int]]) -> tuple[tuple, tuple]:
        surnames: dict[str, list] = {}
        givens: dict[tuple[str, str], list] = {}
        include_quotes = self.scope.includes_quotes
        skip_spans: dict[int, list[tuple[int, int]]] = {}  # per block: quotes and URLs, looked up once

        def outside(block: Block, start: int, end: int) -> bool:
            spans = skip_spans.get(id(block))
            if spans is None:
                spans = skip_spans[id(block)] = sorted(protected_spans(block) + ([] if include_quotes else quote_spans(block)))
            return not spans or not in_spans(spans, start, end)

        info = self.finder.info
        for person in persons:
            spellings = person.spellings
            if len(spellings) > 1:
                canonical, _ = self._canonical(person)
                same = [o for o in person.occurrences if o[3] == canonical]
            elif spellings:
                canonical = person.occurrences[0][3]
                same = person.occurrences
            else:
                canonical = person.surname
                same = [(person.first.block, *person.first.surname, canonical)]
            spot = next((o for o in same if outside(o[0], o[1], o[2])), None)
            if spot is None:
                continue  # only ever named inside quoted speech
            given = person.given
            # Every given name seen with the surname ("Jesse Jackson ... Sandra Jackson"), so the
            # other sources can tell whose surname a differing spelling is.
            seen_givens = {fold(given)} if given else set()
            seen_givens.update(fold(m.given_text) for m in person.given_variants if m.given_text)
            entry = surnames.get(canonical)
            if entry is None:
                surnames[canonical] = [seen_givens, len(same), _source_span(spot[0], spot[1], spot[2])]
            else:
                entry[0].update(seen_givens)
            if len(spellings) > 1 and info(canonical).known:
                # A second listed spelling the within-article check only asks about stays a
                # spelling of its own: the other sources of the story may say which is right.
                for other in spellings:
                    if other == canonical or other in surnames or not info(other).known:
                        continue
                    uses = [o for o in person.occurrences if o[3] == other]
                    at = next((o for o in uses if outside(o[0], o[1], o[2])), None)
                    if at is not None:
                        surnames[other] = [set(seen_givens), len(uses), _source_span(at[0], at[1], at[2])]
            if given and person.first.given is not None:
                block = person.first.block
                gs, ge = person.first.given
                if (id(block), gs, ge) not in flagged and outside(block, gs, ge):
                    gkey = (fold(canonical), given)
                    if gkey not in givens:
                        givens[gkey] = [1, _source_span(block, gs, ge)]
                    else:
                        givens[gkey][0] += 1
        info = self.finder.info
        listed = listed_surnames()
        out_surnames = tuple(
            Spelling(text, tuple(sorted(g)), count, *where, info(text).known, _norm(text) in listed)
            for text, (g, count, where) in surnames.items()
        )
        out_givens = tuple(
            GivenSpelling(surname, text, count, *where, _established_given(text), _listed_given(text))
            for (surname, text), (count, where) in givens.items()
        )
        return out_surnames, out_givens

    def compare(self, summaries: dict[str, Any], stories: list[list[str]]) -> Iterator[Finding]:
        if "cross" not in self.checks:
            return
        for story in stories:
            docs = [(path, summaries[path]) for path in story if isinstance(summaries.get(path), Summary)]
            if len(docs) < 2:
                continue
            yield from self._compare_surnames(docs)
            yield from self._compare_givens(docs)

    def _compare_surnames(self, docs: list[tuple[str, Summary]]) -> Iterator[Finding]:
        uses: dict[str, list[tuple[str, Spelling]]] = defaultdict(list)
        for path, summary in docs:
            for spelling in summary.surnames:
                uses[_norm(spelling.text)].append((path, spelling))
        summaries = dict(docs)
        for group in _clusters(list(uses), self.cross_distance, self.two_edit_min_length, self._same_surname(uses)):
            yield from self._flag_minority(group, uses, summaries)

    def _same_surname(self, uses: dict[str, list[tuple[str, Spelling]]]):
        def same(a: str, b: str) -> bool:
            givens_a = {g for _, s in uses[a] for g in s.givens}
            givens_b = {g for _, s in uses[b] for g in s.givens}
            known_a = any(s.known for _, s in uses[a])
            known_b = any(s.known for _, s in uses[b])
            if self._one_place(a, b):
                return False
            if known_a and known_b:
                return bool(givens_a & givens_b)  # "Brown" and "Browne" are two people unless both are "Gordon"
            if givens_a and givens_b:
                return any(x == y or distance(x, y, 1) <= 1 for x in givens_a for y in givens_b)
            return True

        return same

    def _flag_minority(self, group: list[str], uses: dict[str, list[tuple[str, Any]]], summaries: dict[str, Summary]) -> Iterator[Finding]:
        """Flag every spelling but the majority's; group and uses are keyed by _norm."""

        def weight(key: str) -> tuple[int, int, bool]:
            entries = uses[key]
            return (len({p for p, _ in entries}), sum(e.count for _, e in entries), any(e.known for _, e in entries))

        def listed(key: str) -> bool:
            return any(e.listed for _, e in uses[key])

        ranked = sorted(group, key=lambda t: (weight(t), t), reverse=True)
        majority = ranked[0]
        # A tie (one source each way) has no majority: both sides are flagged, each
        # pointing at the other, and an editor decides.
        tie = len(ranked) > 1 and weight(ranked[1]) == weight(majority)
        majority_givens: dict[str, set[str]] = defaultdict(set)  # per article: given names with the majority spelling
        for p, e in uses[majority]:
            majority_givens[p].update(getattr(e, "givens", ()))  # surnames carry given names; given names do not
        majority_paths = set(majority_givens)
        for key in ranked[1:]:
            message = self._cross_template(listed(key), listed(majority), weight(key)[2] or weight(majority)[2], tie and key == ranked[1])
            for path, entry in uses[key]:
                if self.context.accepted(entry.text):
                    continue
                givens = getattr(entry, "givens", ())
                if path in majority_givens and (not givens or not majority_givens[path] or majority_givens[path] & set(givens)):
                    if self._within_decides(entry, path, majority, majority_givens[path] & set(givens), uses, summaries):
                        continue
                yield self._cross_finding(path, entry, uses[majority], message, summaries)
        if tie:
            other = ranked[1]
            other_paths = {p for p, _ in uses[other]}
            message = self._cross_template(listed(majority), listed(other), weight(majority)[2] or weight(other)[2], True)
            for path, entry in uses[majority]:
                if path not in other_paths and not self.context.accepted(entry.text):
                    yield self._cross_finding(path, entry, uses[other], message, summaries)

    def _within_decides(self, entry: Any, path: str, majority: str, shared: set[str], uses: dict[str, list[tuple[str, Any]]],
                        summaries: dict[str, Summary]) -> bool:
        """Both spellings in one article, for what may be one person: leave it to the
        within-article check, unless the other sources clearly say which is meant.

        The within-article check has the last word when it flagged either spelling, or
        when no given name ties the two to one person. Otherwise the article named one
        person two ways and it let both stand: "Sandra Jackson ... Sandra Jakcson" it
        takes for two people (another family member is first named with Jackson), and
        "John Boehner ... John Behner" too (two surnames the lists know). The other
        sources then decide, provided one of them uses the majority spelling and the
        two do not differ by an ending alone ("Sri Lanka" and "Sri Lankans" are a
        place and its people, not one person's two spellings).
        """
        summary = summaries.get(path)
        # A flag that only asks which of two listed names is right lets the other sources answer.
        if summary is not None and any(entry.text in (flag.text, flag.canonical) and not flag.asks for flag in summary.within_flags):
            return True
        if all(p == path for p, _ in uses[majority]):
            return True  # no other source uses the majority spelling: nothing to outvote with
        if not shared:
            return True
        # "Lanka"/"Lankans", "Cotterill"/"the Cotterills": a plural or a demonym, not a slip.
        a, b = sorted((_norm(entry.text), majority), key=len)
        return b.startswith(a) and b[len(a):] in _INFLECTIONS

    def _cross_template(self, flagged_listed: bool, other_listed: bool, any_known: bool, tie: bool) -> str:
        """The sources outvote the name lists only in the message's confidence: the census
        surname list is evidence, but two outlets can share one misspelling (a wire story),
        so a listed spelling in the minority is still flagged, with the list's word for it.
        On a tie neither spelling is the majority: unless only the other is listed, the
        message must not say which is right."""
        if flagged_listed and not other_listed:
            return self.cross_listed_message
        if not any_known:
            return self.cross_unlisted_message
        # A tie the lists settle ("Campell" against the listed "Campbell") reads as a correction.
        return self.cross_tie_message if tie and flagged_listed == other_listed else self.cross_message

    def _cross_finding(self, path: str, entry: Any, majority_uses: list[tuple[str, Any]], template: str, summaries: dict[str, Summary]) -> Finding:
        # The preferred spelling as most of its sources write it ("O'Neill" over "O’Neill").
        spelled = Counter(e.text for p, e in majority_uses if p != path).most_common(1)
        majority = spelled[0][0] if spelled else majority_uses[0][1].text
        others = sorted({p for p, _ in majority_uses if p != path})
        related = []
        for p, e in sorted(majority_uses, key=lambda pe: pe[0]):
            if p != path:
                where = summaries[p].place(e.start, e.end)
                related.append(Related(p, where.line, where.column, f"spelled '{e.text}' here"))
        sources = "1 other source" if len(others) == 1 else f"{len(others)} other sources"
        message = format_message(template, (entry.text, majority, sources))
        place = summaries[path].place(entry.start, entry.end)
        return Finding(
            path=path,
            line=place.line,
            column=place.column,
            end_line=place.end_line,
            end_column=place.end_column,
            rule=self.id,
            kind=self.kind,
            level=self.level,
            message=message,
            match=entry.text,
            suggestions=[majority],
            link=self.link,
            related=related,
            start=place.start,
            end=place.end,
            fixable=False,
        )

    def _compare_givens(self, docs: list[tuple[str, Summary]]) -> Iterator[Finding]:
        by_surname: dict[str, dict[str, list[tuple[str, GivenSpelling]]]] = defaultdict(lambda: defaultdict(list))
        for path, summary in docs:
            for given in summary.givens:
                by_surname[given.surname][_norm(given.text)].append((path, given))
        summaries = dict(docs)
        for uses in by_surname.values():
            if len(uses) < 2:
                continue

            def same(a: str, b: str, uses=uses) -> bool:
                # Two known given names with one surname are two people (Venus and Serena).
                return not (any(g.known for _, g in uses[a]) and any(g.known for _, g in uses[b]))

            for group in _clusters(list(uses), 1, 1000, same):
                yield from self._flag_minority(group, uses, summaries)


def _same_sentence(a: Mention, b: Mention) -> bool:
    if a.block is not b.block:
        return False
    return any(start <= a.start < end and start <= b.start < end for start, end in sentences(a.block))


def _established_given(given: str) -> bool:
    """A given name a lexicon knows, not only from rare SSA records (see is_rare_given)."""
    return is_known_name(given, surnames=False) and not is_rare_given(given)


def _listed_given(given: str) -> bool:
    key = fold(given)
    return key in census_given() or key in extra_given()


class _Nearby:
    """People named in full, in the order they were found, and the candidates among
    them for a spelling. An article names a few dozen people: they are scanned. Past
    SCAN_LIMIT (an honours list names thousands) they are indexed by the deletion
    variants of their surnames: two spellings within `reach` edits (transpositions
    included) share a variant, so the candidates are a few dict probes away (beyond
    two edits the variants are too many: always a scan)."""

    SCAN_LIMIT = 64

    def __init__(self, reach: int):
        self.reach = reach
        self.people: list[_Person] = []
        self._by_variant: dict[str, list[int]] = defaultdict(list)
        self._indexed = 0  # people[:_indexed] are in _by_variant

    def add(self, person: _Person) -> None:
        self.people.append(person)

    def candidates(self, word: str, reach: int | None = None) -> list[_Person]:
        """Everyone whose surname may be within reach of word (the index's reach, or less),
        in the order they were found."""
        if self.reach > 2 or len(self.people) <= self.SCAN_LIMIT:
            return self.people
        for i in range(self._indexed, len(self.people)):
            for variant in deletions(self.people[i].surname.lower(), self.reach):
                self._by_variant[variant].append(i)
        self._indexed = len(self.people)
        found: set[int] = set()
        for variant in deletions(word.lower(), self.reach if reach is None else min(reach, self.reach)):
            found.update(self._by_variant.get(variant, ()))
        return [self.people[i] for i in sorted(found)]


_AGE_AFTER = re.compile(r",\s*(\d{1,3}),")
_ROLE_AFTER = re.compile(r",\s+(?:the|a|an|his|her|their|its|who|whose)\b")
# "His neighbour, Mrs Thompson", "Prosecuting, Mr Davies" (not "Technically, Mr Hutchison").
_ROLE_BEFORE = re.compile(r"(?:\b(?i:his|her|their|its|the|a|an|our|my)\s+[\w'’-]+(?:\s+[\w'’-]+)?|^\s*[A-Z]\w+ing|[.!?]\s+[A-Z]\w+ing)\s*,$")


def _other_ages(a: Mention, b: Mention) -> bool:
    """'John Smith, 45, … John Smyth, 52,': two ages, two people."""
    age_a, age_b = _AGE_AFTER.match(a.block.text, a.end), _AGE_AFTER.match(b.block.text, b.end)
    return bool(age_a and age_b and age_a.group(1) != age_b.group(1))


def _introduced(m: Mention) -> bool:
    """'His neighbour, Mrs Thompson, said', 'Prosecuting, Mr Davies said', 'Dr Clarke, the
    judge,': a honorific surname introduced with a role is someone new, not a second reference."""
    text = m.block.text
    before = text[max(0, m.start - 60) : m.start].rstrip()
    before = before[: before.rfind(" ") + 1].rstrip() if " " in before else ""  # drop the honorific
    return bool(_ROLE_BEFORE.search(before) or _ROLE_AFTER.match(text, m.end))


def _plural_of(a: str, b: str) -> bool:
    """'the Elliots', 'Golden Kinnarees': one name's plural, not another spelling."""
    return b in (a + "s", a + "es") or a in (b + "s", b + "es")


def _same_given(a: str, b: str) -> bool:
    return fold(a) == fold(b) or distance(a, b, 1) <= 1


def _short_form(token: str, name: str) -> bool:
    """'Luc' for Lucy, 'Lil' for Lily, 'Dan' for Dana: a short form, not a dropped letter."""
    return name.startswith(token) and name[len(token) :] in ("y", "ie", "a", "i")


def _clusters(words: list[str], max_distance: int, two_edit_min_length: int, same) -> list[list[str]]:
    """Groups of spellings within edit distance of each other (a symmetric-deletion index, not all pairs)."""
    if len(words) < 2:
        return []
    index: dict[str, list[int]] = defaultdict(list)
    for i, word in enumerate(words):
        depth = max_distance if len(word) >= two_edit_min_length else 1
        for key in deletions(word.lower(), depth):
            index[key].append(i)
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    checked: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) < 2:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if i == j or (i, j) in checked:
                    continue
                checked.add((i, j))
                a, b = words[i], words[j]
                limit = max_distance if min(len(a), len(b)) >= two_edit_min_length else 1
                if a.lower() != b.lower() and distance(a, b, limit) <= limit and same(a, b):
                    parent[find(i)] = find(j)
    groups: dict[int, list[str]] = defaultdict(list)
    for i, word in enumerate(words):
        groups[find(i)].append(word)
    return [g for g in groups.values() if len(g) > 1]
