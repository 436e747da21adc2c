"""extends: names — misspelled person names, in one article and across the sources of a story.

Three checks share one pass over the article's person mentions (newslint.people):

* given: a given name no lexicon knows that is one edit from a far more common
  given name ("Davier Yoon" -> Javier, Xavier, most frequent first);
* within: a later mention one or two edits from how the person was first named
  ("Ted Sarandos ... Sarandso said" -> Sarandos);
* cross (cross_source): one person spelled differently between the sources of a
  story; the minority spelling is flagged, the majority suggested, and `related`
  points at the other source.

Thresholds and word lists are rule-file keys, not constants.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterator, NamedTuple

from ..document import Block, Document
from ..findings import Finding, Related
from ..namedata import (
    census_surnames,
    display,
    distance,
    fold,
    given_neighbours,
    is_variant,
    is_known_name,
    known_given,
    warm,
)
from ..people import Mention, PersonFinder
from ..segment import in_spans, protected_spans, quote_spans
from ..yamlio import LinedDict
from .base import Match, Rule, format_message, string_list

CHECKS = ("given", "within", "cross")


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
    place: Place
    known: bool  # a lexicon knows this spelling


class GivenSpelling(NamedTuple):
    surname: str  # folded canonical surname
    text: str
    count: int
    place: Place
    known: bool


class Summary(NamedTuple):
    surnames: tuple[Spelling, ...]
    givens: tuple[GivenSpelling, ...]


@dataclass
class _Person:
    """A person as first named in the article, with every spelling of the surname seen."""

    surname: str
    given: str | None
    first: Mention
    spellings: Counter = field(default_factory=Counter)  # surname spelling -> mentions
    occurrences: list[tuple[Block, int, int]] = field(default_factory=list)
    given_variants: list[Mention] = field(default_factory=list)  # later full mentions, other given name


@dataclass
class _Analysis:
    matches: list[tuple[Block, Match]]
    summary: Summary


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
        "cross_message": (str,),
        "given_names": (list,),
        "titles": (list,),
        "verbs": (list,),
        "verbs_before": (list,),
        "honorifics": (list,),
        "particles": (list,),
        "not_names": (list,),
        "organisation_words": (list,),
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
        self.cross_message = spec.get("cross_message", "'%s' is spelled '%s' in %s other source(s) of this story.")
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
        self._cache_key = f"_names:{self.id}"
        warm()  # load the lexicons before worker processes fork

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
        if "cross" not in self.checks:
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
        tokens: list[tuple[Block, int, int]] = []
        for block in self._blocks(doc):
            if block.kind == "raw":
                continue
            found = self.finder.find(block)
            mentions.extend(found.mentions)
            tokens.extend((block, s, e) for s, e in found.tokens)
        matches: dict[tuple[int, int, int], tuple[Block, Match]] = {}
        persons = self._persons(mentions, tokens)
        if "within" in self.checks:
            for block, match in self._within(persons, doc):
                matches[(id(block), match.start, match.end)] = (block, match)
        if "given" in self.checks:
            for block, match in self._given(mentions):
                key = (id(block), match.start, match.end)
                if key in matches:  # already a within-article variant: add the lexicon's guesses
                    old = matches[key][1]
                    old.suggestions.extend(s for s in match.suggestions if s not in old.suggestions)
                    continue
                matches[key] = (block, match)
        ordered = sorted(matches.values(), key=lambda bm: (bm[0].offsets.source_start(bm[1].start), bm[1].end))
        # A span the within-article check corrects is no spelling of its own; a guessed
        # given name still is (the other sources may know how it is really spelled).
        within = {key for key, (_, match) in matches.items() if match.args[-1] == "within"}
        summary = self._summary(doc, persons, within) if "cross" in self.checks else Summary((), ())
        return _Analysis(ordered, summary)

    # -- check 1: unknown given names -----------------------------------------

    def _given(self, mentions: list[Mention]) -> Iterator[tuple[Block, Match]]:
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
            yield m.block, Match(m.given[0], m.given[1], (given, "given"), suggestions, message)

    def _listed_with_people(self, m: Mention, mentions: list[Mention]) -> bool:
        """'Damien Hirst and Tracey Emin', 'Peter Martin, Erik Gustafson and ...': a list of people."""
        text = m.block.text
        given_names = known_given()
        for o in mentions:
            if o is m or o.block is not m.block or o.given is None:
                continue
            if o.end <= m.start:
                gap = text[o.end : m.start]
            elif o.start >= m.end:
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
        own = census_surnames().get(key, 0.0)
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

    # -- check 2: later mentions against the first --------------------------

    def _persons(self, mentions: list[Mention], tokens: list[tuple[Block, int, int]]) -> list[_Person]:
        """People named in full, each with every (near-)spelling of the surname in the article."""
        persons: list[_Person] = []
        by_spelling: dict[str, _Person] = {}
        lone = {m.surname_text for m in mentions if m.given is None}
        given_names = known_given()
        for m in mentions:
            if m.given is None:
                continue
            if not (fold(m.given_text or "") in given_names or m.surname_text in lone or self.finder.evidence(m)):
                continue  # "El Eternauta", "Buenos Aires": nothing says these are people
            surname = m.surname_text
            person = by_spelling.get(surname)
            if person is None:
                near = self._near_person(surname, persons)
                if near is not None and _same_given(m.given_text or "", near.given or ""):
                    continue  # "Ted Sarandos ... Ted Sarandso": a variant, found again below
                person = _Person(surname, m.given_text, m)
                persons.append(person)
                by_spelling[surname] = person
            elif m.given_text != person.given:
                person.given_variants.append(m)
        full = list(persons)
        # Surname-only people ("Sarrandos said") matter for the cross-source pass,
        # unless the spelling is a near miss of someone named in full here.
        for m in mentions:
            surname = m.surname_text
            if m.given is None and surname not in by_spelling and self._near_person(surname, full) is None:
                person = _Person(surname, None, m)
                persons.append(person)
                by_spelling[surname] = person
        min_length = self.min_length
        for block, s, e in tokens:
            word = block.text[s:e]
            person = by_spelling.get(word)
            if person is None and full and e - s >= min_length:
                person = self._near_person(word, full)
            if person is not None:
                person.spellings[word] += 1
                person.occurrences.append((block, s, e))
        return persons

    def _limit(self, a: str, b: str, two_edit: int) -> int:
        return two_edit if min(len(a), len(b)) >= self.two_edit_min_length else 1

    def _near_person(self, word: str, persons: list[_Person]) -> _Person | None:
        """The full-named person whose surname this unknown spelling most likely means."""
        if is_known_name(word):
            return None  # a real name or word that happens to be close ("Browne" near "Brown")
        best: tuple[int, _Person] | None = None
        n = len(word)
        for person in persons:
            surname = person.surname
            if person.given is None or surname == word or abs(len(surname) - n) > self.within_distance:
                continue
            if word == surname + "s" or surname == word + "s" or word == surname + "es":
                continue  # "the Osbournes", "the Blairs"
            limit = self._limit(word, surname, self.within_distance)
            d = distance(word, surname, limit)
            if d <= limit and (best is None or d < best[0]):
                best = (d, person)
        return best[1] if best else None

    def _canonical(self, person: _Person) -> str:
        counts = person.spellings
        first = person.surname
        if not counts:
            return first
        top = max(counts.values())
        return first if counts.get(first, 0) == top else max(counts, key=lambda s: (counts[s], s == first))

    def _within(self, persons: list[_Person], doc: Document) -> Iterator[tuple[Block, Match]]:
        for person in persons:
            if person.given_variants:
                yield from self._given_variants(person, doc)
            if len(person.spellings) < 2 and person.surname in person.spellings:
                continue
            canonical = self._canonical(person)
            first = next(((b, s, e) for b, s, e in person.occurrences if b.text[s:e] == canonical), None)
            if first is None:
                continue
            line = self._place(doc, *first).line
            for block, s, e in person.occurrences:
                word = block.text[s:e]
                if word == canonical or self.context.accepted(word):
                    continue
                message = format_message(self.within_message, (word, canonical, str(line)))
                yield block, Match(s, e, (word, canonical, "within"), [canonical], message)

    def _given_variants(self, person: _Person, doc: Document) -> Iterator[tuple[Block, Match]]:
        """"Ted Sarandos ... Tedd Sarandos": an unknown given name near the first one."""
        first = person.given or ""
        line = self._place(doc, person.first.block, *person.first.given).line if person.first.given else 1
        for m in person.given_variants:
            given = m.given_text or ""
            if m.given is None or len(given) < self.min_length or is_known_name(given, surnames=False):
                continue
            limit = self._limit(given, first, self.within_distance)
            if distance(given, first, limit) > limit or self.context.accepted(given):
                continue
            message = format_message(self.within_message, (given, first, str(line)))
            yield m.block, Match(m.given[0], m.given[1], (given, first, "within"), [first], message)

    # -- check 3: across the sources of a story -------------------------------

    def _place(self, doc: Document, block: Block, start: int, end: int) -> Place:
        src_start, src_end = block.source_span(start, end)
        line, column = doc.position(src_start)
        end_line, end_column = doc.end_position(src_end)
        return Place(line, column, end_line, end_column, src_start, src_end)

    def _outside_quotes(self, block: Block, start: int, end: int) -> bool:
        if not self.scope.includes_quotes and in_spans(quote_spans(block), start, end):
            return False
        return not in_spans(protected_spans(block), start, end)

    def _summary(self, doc: Document, persons: list[_Person], flagged: set[tuple[int, int, int]]) -> Summary:
        surnames: dict[str, list] = {}
        givens: dict[tuple[str, str], list] = {}
        for person in persons:
            canonical = self._canonical(person)
            occurrences = person.occurrences or [(person.first.block, *person.first.surname)]
            same = [(b, s, e) for b, s, e in occurrences if b.text[s:e] == canonical]
            spot = next(((b, s, e) for b, s, e in same if self._outside_quotes(b, s, e)), None)
            if spot is None:
                continue  # only ever named inside quoted speech
            given_key = fold(person.given) if person.given else ""
            entry = surnames.get(canonical)
            if entry is None:
                surnames[canonical] = [{given_key} if given_key else set(), len(same), self._place(doc, *spot)]
            elif given_key:
                entry[0].add(given_key)
            if person.given and person.first.given is not None:
                block = person.first.block
                gs, ge = person.first.given
                if (id(block), gs, ge) not in flagged and self._outside_quotes(block, gs, ge):
                    gkey = (fold(canonical), person.given)
                    if gkey not in givens:
                        givens[gkey] = [1, self._place(doc, block, gs, ge)]
                    else:
                        givens[gkey][0] += 1
        out_surnames = tuple(
            Spelling(text, tuple(sorted(g)), count, place, is_known_name(text))
            for text, (g, count, place) in surnames.items()
        )
        out_givens = tuple(
            GivenSpelling(surname, text, count, place, is_known_name(text, surnames=False))
            for (surname, text), (count, place) in givens.items()
        )
        return Summary(out_surnames, out_givens)

    def compare(self, summaries: dict[str, Any], stories: list[list[str]]) -> Iterator[Finding]:
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
                uses[spelling.text].append((path, spelling))
        for group in _clusters(list(uses), self.cross_distance, self.two_edit_min_length, self._same_surname(uses)):
            yield from self._flag_minority(group, uses)

    def _same_surname(self, uses: dict[str, list[tuple[str, Spelling]]]):
        def same(a: str, b: str) -> bool:
            givens_a = {g for _, s in uses[a] for g in s.givens}
            givens_b = {g for _, s in uses[b] for g in s.givens}
            known_a = any(s.known for _, s in uses[a])
            known_b = any(s.known for _, s in uses[b])
            if known_a and known_b:
                return bool(givens_a & givens_b)  # "Brown" and "Browne" are two people unless both are "Gordon"
            if givens_a and givens_b:
                return any(x == y or distance(x, y, 1) <= 1 for x in givens_a for y in givens_b)
            return True

        return same

    def _flag_minority(self, group: list[str], uses: dict[str, list[tuple[str, Any]]]) -> Iterator[Finding]:
        def weight(text: str) -> tuple[int, int, bool]:
            entries = uses[text]
            return (len({p for p, _ in entries}), sum(e.count for _, e in entries), any(e.known for _, e in entries))

        ranked = sorted(group, key=lambda t: (weight(t), t), reverse=True)
        majority = ranked[0]
        # A tie (one source each way) has no majority: both sides are flagged, each
        # pointing at the other, and an editor decides.
        tie = len(ranked) > 1 and weight(ranked[1]) == weight(majority)
        majority_paths = {p for p, _ in uses[majority]}
        for text in ranked[1:]:
            if self.context.accepted(text):
                continue
            for path, entry in uses[text]:
                if path in majority_paths:
                    continue  # both spellings in one article: the within-article check decides
                yield self._cross_finding(path, entry, text, majority, uses[majority])
        if tie and not self.context.accepted(majority):
            other = ranked[1]
            other_paths = {p for p, _ in uses[other]}
            for path, entry in uses[majority]:
                if path not in other_paths:
                    yield self._cross_finding(path, entry, majority, other, uses[other])

    def _cross_finding(self, path: str, entry: Any, text: str, majority: str, majority_uses: list[tuple[str, Any]]) -> Finding:
        others = sorted({p for p, _ in majority_uses if p != path})
        related = [Related(p, e.place.line, e.place.column, f"spelled '{majority}' here") for p, e in sorted(majority_uses, key=lambda pe: pe[0]) if p != path]
        message = format_message(self.cross_message, (text, majority, str(len(others))))
        place = entry.place
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
            match=text,
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
                by_surname[given.surname][given.text].append((path, given))
        for uses in by_surname.values():
            if len(uses) < 2:
                continue

            def same(a: str, b: str, uses=uses) -> bool:
                # Two known given names with one surname are two people (Venus and Serena).
                return not (any(g.known for _, g in uses[a]) and any(g.known for _, g in uses[b]))

            for group in _clusters(list(uses), 1, 1000, same):
                yield from self._flag_minority(group, uses)


def _same_given(a: str, b: str) -> bool:
    return fold(a) == fold(b) or distance(a, b, 1) <= 1


def _short_form(token: str, name: str) -> bool:
    """'Luc' for Lucy, 'Lil' for Lily, 'Dan' for Dana: a short form, not a dropped letter."""
    return name.startswith(token) and name[len(token) :] in ("y", "ie", "a", "i")


def _deletions(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def _clusters(words: list[str], max_distance: int, two_edit_min_length: int, same) -> list[list[str]]:
    """Groups of spellings within edit distance of each other (a symmetric-deletion index, not all pairs)."""
    if len(words) < 2:
        return []
    index: dict[str, list[int]] = defaultdict(list)
    for i, word in enumerate(words):
        depth = max_distance if len(word) >= two_edit_min_length else 1
        for key in _deletions(word.lower(), depth):
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
