"""The quotes kind: one speaker's words quoted differently.

Across sources (cross_source): the same speaker quoted in near-identical but
different words by two articles of one story. Within one article: the same
speaker's quote repeated with different words (a pull quote that drifted from
the body, a lede that paraphrases inside quotation marks).

Identical quotes and partial quotes (one version starts or stops elsewhere)
are consistent; so is a cut marked with an ellipsis or a word added in
[brackets]. Different statements by one speaker share too few words to pass
`min_similarity`. The finding shows the word-level difference:
`…faster than [traditional tools would allow → it would have been using
traditional workflows]…`, and `related` points at the other version.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Iterator

from ..document import Document
from ..findings import Finding, Related
from ..speakers import attribute
from ..wordiff import Alignment, Word, align, align_equal, has_words, quote_norms, quote_words, render
from ..yamlio import LinedDict
from .base import Rule, format_message, string_list

DEFAULT_MESSAGE = "%s is quoted differently in %s: %s"
_QUOTE_MARK = re.compile("[“”\"]")


@dataclass(slots=True)
class QuoteSummary:
    """One quotation as the cross pass needs it: its words, speaker and place in the source."""

    speaker: str
    text: str  # the words inside the quotation marks
    spans: tuple[int, ...]  # source start, end of every word, flattened; empty when text is the source verbatim
    start: int  # source span of the inside of the quotation
    end: int
    line_starts: tuple[int, ...]  # source offsets of the lines the quote covers
    first_line: int
    block: int = 0  # which block of its article, for the within-article check
    source: str | None = None  # the source of start:end when text is not it verbatim (markup, an entity, a joined line)

    def words(self, fillers: frozenset[str]) -> list[Word]:
        return quote_words(self.text, fillers=fillers)

    def norms(self, fillers: frozenset[str]) -> list[str]:
        """The normalised words alone: [w.norm for w in self.words(fillers)], faster."""
        return quote_norms(self.text, fillers)

    def word_start(self, words: list[Word], index: int) -> int:
        """Source offset where word `index` starts."""
        return self.spans[2 * index] if self.spans else self.start + words[index].start

    def word_end(self, words: list[Word], index: int) -> int:
        return self.spans[2 * index + 1] if self.spans else self.start + words[index].end

    def position(self, offset: int) -> tuple[int, int]:
        index = max(bisect.bisect_right(self.line_starts, offset) - 1, 0)
        return self.first_line + index, offset - self.line_starts[index] + 1


class QuotesRule(Rule):
    kind = "quotes"
    cross_source = True
    default_message = DEFAULT_MESSAGE
    keys = {
        "min_words": (int,),
        "min_shared_words": (int,),
        "min_anchor": (int,),
        "min_similarity": (float,),
        "unknown_speaker_similarity": (float,),
        "context_words": (int,),
        "max_differences": (int,),
        "fillers": (list,),
        "within_article": (bool,),
        "max_quotes": (int,),
        "ignore_inflections": (bool,),
    }

    def configure(self, spec: LinedDict) -> None:
        self.min_words = self._positive(spec, "min_words", 6)
        self.min_shared = self._positive(spec, "min_shared_words", 6)
        self.min_anchor = self._positive(spec, "min_anchor", 3)
        self.min_similarity = self._fraction(spec, "min_similarity", 0.5)
        self.unknown_similarity = float(spec.get("unknown_speaker_similarity") or 0.8)
        self.context_words = self._positive(spec, "context_words", 5)
        self.max_differences = self._positive(spec, "max_differences", 3)
        self.fillers = frozenset(w.lower() for w in string_list(self, "fillers", spec.get("fillers")))
        self.within_article = bool(spec.get("within_article", True))
        self.max_quotes = self._positive(spec, "max_quotes", 200)
        self.inflections = bool(spec.get("ignore_inflections", True))

    def _positive(self, spec: LinedDict, key: str, default: int) -> int:
        value = spec.get(key)
        if value is None:
            return default
        if value < 1:
            raise self.error(key, f"{key} must be at least 1")
        return value

    def _fraction(self, spec: LinedDict, key: str, default: float) -> float:
        value = spec.get(key)
        value = float(default if value is None else value)
        if not 0.0 < value <= 1.0:
            raise self.error(key, f"{key} must be between 0 and 1")
        return value

    # -- reading -------------------------------------------------------------

    def summarize(self, doc: Document) -> list[QuoteSummary] | None:
        # check() reads the quotes first; the summary reuses that reading.
        return self._quotes(doc) or None

    def _quotes(self, doc: Document) -> list[QuoteSummary]:
        key = f"_quotes:{self.id}"
        cached = doc.metadata.get(key)
        if cached is not None:
            return cached  # type: ignore[return-value]
        out: list[QuoteSummary] = []
        block_index = {id(b): i for i, b in enumerate(doc.blocks)}
        for block, attributed in attribute(doc.blocks):
            for start, end in _pieces(block.text, *attributed.quote.inner):
                # Words are counted here, not kept: only quotes that meet another are compared.
                if has_words(block.text[start:end], self.min_words, self.fillers):
                    out.append(self._summary(doc, block, start, end, attributed.speaker, block_index[id(block)]))
            if len(out) >= self.max_quotes:
                break
        doc.metadata[key] = out
        return out

    def _read(self, doc: Document) -> list[tuple[QuoteSummary, list[Word]]]:
        """Each quote with its words: the rule's reading, for tools that study it (bench/cross_source.py)."""
        return [(q, q.words(self.fillers)) for q in self._quotes(doc)]

    def _summary(self, doc: Document, block, start: int, end: int, speaker: str, block_number: int) -> QuoteSummary:
        text = block.text[start:end]
        spans: list[int] = []
        src_start, src_end = block.source_span(start, end)
        # Usually the quote is the source verbatim and word offsets follow from the text;
        # only an entity or a joined line break needs each word's place kept.
        source = None
        if not block.offsets.is_exact(start, end):
            for w in quote_words(text, fillers=self.fillers):
                s, e = block.source_span(start + w.start, start + w.end)
                spans += (s, e)
            source = doc.source[src_start:src_end]  # a finding's match must be the source it points at
        first_line, first_column = doc.position(src_start)
        last_line, _ = doc.position(src_end)
        line_starts = tuple([src_start - first_column + 1] + doc.line_starts[first_line:last_line])
        return QuoteSummary(speaker, text, tuple(spans), src_start, src_end, line_starts, first_line, block_number, source)

    # -- within one article ----------------------------------------------------

    def check(self, doc: Document) -> Iterator[Finding]:
        if not self.within_article:
            return
        quotes = self._quotes(doc)
        # Read on demand: most quotes have no other by their speaker, and most pairs
        # share no run of min_anchor words (so align would find no anchor) or are the same.
        words: dict[int, list[Word]] = {}
        runs: dict[int, tuple[list[str], set[tuple[str, ...]]]] = {}

        def words_of(k: int) -> list[Word]:
            if k not in words:
                words[k] = quotes[k].words(self.fillers)
            return words[k]

        def runs_of(k: int) -> tuple[list[str], set[tuple[str, ...]]]:
            """A quote's normalised words and its runs of min_anchor of them."""
            if k not in runs:
                norms = quotes[k].norms(self.fillers)
                runs[k] = norms, set(zip(*(norms[x:] for x in range(self.min_anchor))))
            return runs[k]

        def may_differ(i: int, j: int) -> bool:
            """Only quotes that share a run (an anchor) and are not word for word the same can differ."""
            (norms_i, runs_i), (norms_j, runs_j) = runs_of(i), runs_of(j)
            return norms_i != norms_j and not runs_i.isdisjoint(runs_j)

        reported: set[int] = set()
        for j, later in enumerate(quotes):
            if not later.speaker or j in reported:
                continue
            for i in range(j):
                earlier = quotes[i]
                if earlier.speaker != later.speaker or earlier.block == later.block or not may_differ(i, j):
                    continue
                result = self._differs(words_of(j), words_of(i), known=True)
                if result is None:
                    continue
                reported.add(j)
                yield self._finding(doc.path, later, words_of(j), [(doc.path, earlier, words_of(i), result)])
                break

    # -- across sources -----------------------------------------------------------

    def compare(self, summaries: dict[str, Any], stories: list[list[str]]) -> Iterator[Finding]:
        context_paths = getattr(self, "context_paths", frozenset())
        for story in stories:
            members = [p for p in story if summaries.get(p)]
            if len(members) >= 2:
                yield from self._compare_story(members, summaries, context_paths)

    def _compare_story(self, members: list[str], summaries: dict[str, list[QuoteSummary]], context_paths: frozenset[str]) -> Iterator[Finding]:
        entries = [(path, q) for path in members for q in summaries[path]]
        read: dict[int, list[Word]] = {}  # each quote's words, read when it meets another

        def words_of(n: int) -> list[Word]:
            if n not in read:
                read[n] = entries[n][1].words(self.fillers)
            return read[n]

        # Blocking: only quotes that share a run of min_anchor words can be versions of each other.
        width = self.min_anchor
        norms = [q.norms(self.fillers) for _, q in entries]
        runs = [list(zip(*(own[k:] for k in range(width)))) for own in norms]
        # Only a run found in two quotes or more pairs anything: set operations find those,
        # so the many runs that only one quote has never reach the loop below.
        seen: set[tuple[str, ...]] = set()
        repeated: set[tuple[str, ...]] = set()
        for own in map(set, runs):
            repeated |= seen & own
            seen |= own
        index: dict[tuple[str, ...], list[int]] = {}
        for n, own_runs in enumerate(runs):
            for run in filter(repeated.__contains__, own_runs):
                index.setdefault(run, []).append(n)
        candidates: set[tuple[int, int]] = set()
        for postings in index.values():
            if len(postings) > 50:
                continue  # a stock phrase, not evidence of one quote
            for x, i in enumerate(postings):
                for j in postings[x + 1 :]:
                    if entries[i][0] != entries[j][0]:
                        candidates.add((i, j) if i < j else (j, i))
        # entry -> (article, stretch of the entry's words) of other articles quoting it word for word
        identical: dict[int, list[tuple[str, tuple[int, int]]]] = {}
        conflicts: list[tuple[int, int, Alignment]] = []
        for i, j in sorted(candidates):
            (pa, qa), (pb, qb) = entries[i], entries[j]
            if not _speakers_agree(qa.speaker, qb.speaker):
                continue
            known = bool(qa.speaker and qb.speaker)
            if norms[i] == norms[j]:
                # Word for word the same (near-duplicate articles): no need to read the words.
                result = align_equal(len(norms[i]), self.min_anchor)
                wa = wb = []
            else:
                wa, wb = words_of(i), words_of(j)
                result = align(wa, wb, self.min_anchor, self.inflections)
            if result is None or result.shared < self.min_shared:
                continue
            if not result.hunks:
                identical.setdefault(i, []).append((pb, result.a_span))
                identical.setdefault(j, []).append((pa, result.b_span))
                continue
            if self._differs(wa, wb, known, result) is not None:
                conflicts.append((i, j, result))
        reports: dict[int, list[tuple[str, QuoteSummary, list[Word], Alignment]]] = {}
        for i, j, result in conflicts:
            # The other article also quotes these words exactly elsewhere: the variant is
            # another utterance (a speaker repeating himself), not a misquote.
            if _covered(identical.get(i, []), entries[j][0], [(h.a0, h.a1) for h in result.hunks]) or _covered(
                    identical.get(j, []), entries[i][0], [(h.b0, h.b1) for h in result.hunks]):
                continue
            support_i = len({p for p, _ in identical.get(i, [])} - {entries[j][0]})
            support_j = len({p for p, _ in identical.get(j, [])} - {entries[i][0]})
            # The odd one out gets the finding; in a tie, a reported file rather than context.
            if support_i > support_j or (support_i == support_j and _prefer(entries[j][0], entries[i][0], context_paths)):
                target, other, result = j, i, _swap(result)
            else:
                target, other = i, j
            path, q = entries[other]
            reports.setdefault(target, []).append((path, q, words_of(other), result))
        for target, others in sorted(reports.items()):
            path, q = entries[target]
            others.sort(key=lambda o: -o[3].similarity)  # the closest version first, in the message
            yield self._finding(path, q, words_of(target), others)

    def _differs(self, a: list[Word], b: list[Word], known: bool, result: Alignment | None = None) -> Alignment | None:
        """The alignment when a and b are one statement worded differently, else None."""
        result = result or align(a, b, self.min_anchor, self.inflections)
        if result is None or not result.hunks or result.shared < self.min_shared:
            return None
        threshold = self.min_similarity if known else self.unknown_similarity
        return result if result.similarity >= threshold else None

    def _finding(self, path: str, q: QuoteSummary, words: list[Word], others: list[tuple[str, QuoteSummary, list[Word], Alignment]]) -> Finding:
        other_path, other, other_words, result = others[0]
        line, _ = other.position(other.start)
        # The same speaker twice in one article is worth a look too; its path would read as another source.
        where = f"this article (line {line})" if other_path == path else f"{other_path}:{line}"
        if len(others) > 1:
            where += f" (and {len(others) - 1} more)"
        diff = render(q.text, words, other.text, other_words, result.hunks, self.context_words, self.max_differences)
        speaker = q.speaker.title() if q.speaker else "The speaker"
        start, end = self._span(q, words, result)
        line, column = q.position(start)
        end_line, end_column = q.position(end)
        return Finding(
            path=path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            rule=self.id,
            kind=self.kind,
            level=self.level,
            message=format_message(self.message, (speaker, where, diff)),
            match=self._match_text(q, start, end),
            link=self.link,
            related=[Related(p, *o.position(_other_start(o, w, r))) for p, o, w, r in others],
            start=start,
            end=end,
        )

    @staticmethod
    def _span(q: QuoteSummary, words: list[Word], result: Alignment) -> tuple[int, int]:
        """The source span of this version's differing words (the whole quote for a pure omission)."""
        hunks = [h for h in result.hunks if h.a1 > h.a0]
        if not hunks:
            return q.start, q.end
        return q.word_start(words, hunks[0].a0), q.word_end(words, hunks[-1].a1 - 1)

    @staticmethod
    def _match_text(q: QuoteSummary, start: int, end: int) -> str:
        """The source characters at start:end (the contract: a finding's match is the source at its span)."""
        return (q.text if q.source is None else q.source)[start - q.start : end - q.start]


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A quotation's inside, split where mixed straight and curly marks swallowed an
    attribution (`"I think so,” he said. “He will..."`): every other piece is quoted."""
    marks = [m.start() for m in _QUOTE_MARK.finditer(text, start, end)]
    if not marks:
        return [(start, end)]
    bounds = [start - 1, *marks, end]
    return [(bounds[k] + 1, bounds[k + 1]) for k in range(0, len(bounds) - 1, 2)]


def _covered(exact: list[tuple[str, tuple[int, int]]], path: str, ranges: list[tuple[int, int]]) -> bool:
    """Does an article at path quote, word for word, a stretch that holds every differing range?"""
    return any(p == path and all(lo <= r0 and r1 <= hi for r0, r1 in ranges) for p, (lo, hi) in exact)


def _other_start(q: QuoteSummary, words: list[Word], result: Alignment) -> int:
    """Where the other version's differing words start (its quote's start for an omission)."""
    for h in result.hunks:
        if h.b1 > h.b0:
            return q.word_start(words, h.b0)
    return q.start


def _speakers_agree(a: str, b: str) -> bool:
    """Same surname; or one side unknown (the caller then asks for a closer match)."""
    return a == b or not a or not b


def _prefer(candidate: str, other: str, context_paths: frozenset[str]) -> bool:
    if (candidate in context_paths) != (other in context_paths):
        return other in context_paths
    return candidate > other


def _swap(result: Alignment) -> Alignment:
    from ..wordiff import Hunk

    return Alignment([Hunk(h.b0, h.b1, h.a0, h.a1) for h in result.hunks], result.shared, result.similarity)
