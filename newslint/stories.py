"""Grouping the articles of a run into stories, for the cross-source rules.

Modes (config `stories: {grouping: ...}`, CLI `--grouping`):
  auto         a front-matter `story:` key where present; the other articles by
               what they share (people, organisations, places, distinctive words)
  folder       a `story:` key where present; otherwise one story per folder
  frontmatter  only articles with a `story:` key are grouped
  off          no grouping, so no cross-source comparison

Automatic grouping never compares every pair of articles: each article offers
its few most distinctive features, an inverted index over those yields
candidate pairs (features shared by too many articles say nothing about a story
and are skipped), only candidates are scored, and average-linkage merging keeps
one shared name from chaining unrelated stories together. The cost grows with
the number of articles, not with its square.

`story_info` runs in the worker processes; it returns a few dozen short
features, never the text.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import repeat
from operator import mul, neg, truediv
from typing import Callable

import regex

from .lexicon import english_words
from .memo import register as register_memo
from .document import Document

MAX_FEATURES = 128  # features an article offers (weighted words, names, quote shingles)
DISPLAY_TERMS = 8  # plain-text terms kept for --statistics
BLOCKING_FEATURES = 12  # of which the most distinctive are used to find candidate pairs
MAX_POSTING = 60  # a feature shared by more articles than this is too common to block on
HEADLINE_WEIGHT = 3.0
ENTITY_WEIGHT = 1.0
QUOTE_WEIGHT = 3.0  # the same words quoted in two articles is strong evidence of one event
QUOTE_SHINGLE = 4  # words per quoted shingle
RARE_QUOTE = 4  # a quoted phrase in at most this many articles is rare...
QUOTE_LINK = 3  # ...and this many rare phrases in common make two articles one story
MEMO_WORDS = 50_000  # distinct words remembered per process (~7 MB): a news vocabulary's common core


@dataclass(frozen=True)
class Params:
    """The knobs of automatic grouping (measured on the BASIL corpus: bench/cross_source.py)."""

    min_similarity: float = 0.14  # cosine (tf-idf) at which two articles are one story
    link_similarity: float = 0.126  # average cosine two groups need to merge
    idf_power: float = 1.5  # sharpen idf: shared rare names count, shared common words barely
    min_shared: float = 0.15  # and share this part of the smaller article's words and names
    attach_similarity: float = 0.08  # a lone article joins a group this similar on average...
    attach_margin: float = 1.5  # ...when no other group comes within two thirds of that


_WORD = regex.compile(r"\p{L}[\p{L}'’\-]*\p{L}|\p{L}")
_ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")  # _WORD in ASCII text

# Words that carry no story: function words and the vocabulary of all news.
_STOP = frozenset(
    """a about above after again against all also although always among an and another any are around as at away back
    be because been before being below between both but by can could did do does doing done down during each either
    else enough even ever every few first for from further get gets getting give given go going gone got had has have
    having he her here hers herself him himself his how however i if in including into is it its itself just last
    later least less like likely made make makes making many may me might more most much must my myself near need
    never new next no nor not now of off often on once one only or other others our ours out over own part per
    perhaps put rather really said same say saying says see seen she should since so some still such take than that
    the their theirs them themselves then there these they thing things think this those though three through thus
    time times to today told too took toward two under until up upon us use used very was way we well were what
    when where whether which while who whom whose why will with within without would year years yet you your
    week weeks month months day days monday tuesday wednesday thursday friday saturday sunday january february
    march april june july august september october november december mr mrs ms dr news report reported reports
    according statement spokesman spokeswoman official officials people percent million billion former told
    added asked called including number people's would've could've he's she's it's that's there's they're we're
    don't doesn't didn't isn't wasn't aren't weren't won't can't i'm i've we've you're""".split()
)


@dataclass(slots=True)
class StoryInfo:
    """What grouping needs from one article: its declared story, folder and weighted features.

    Features are 32-bit hashes with weights in compact arrays (a few hundred
    bytes pickled): words and names first, then quoted phrases. `terms` keeps
    a few features as text, to show why articles were grouped.
    """

    story: str | None
    folder: str
    keys: array = field(default_factory=lambda: array("i"))
    weights: array = field(default_factory=lambda: array("H"))  # weight * 4
    word_count: int = 0  # keys[:word_count] are words and names, the rest quoted phrases
    terms: tuple[str, ...] = ()

    @classmethod
    def build(cls, story: str | None, folder: str, words: list[tuple[str, float]], quoted: list[tuple[str, float]] = ()) -> "StoryInfo":
        keys = array("i", [feature_key(t) for t, _ in words] + [feature_key(" " + t) for t, _ in quoted])
        weights = array("H", [min(int(round(w * 4)), 65535) for _, w in [*words, *quoted]])
        terms = tuple(dict.fromkeys(t.lstrip("@") for t, _ in words))[:DISPLAY_TERMS]
        return cls(story, folder, keys, weights, len(words), terms)

    @classmethod
    def ranked(cls, story: str | None, folder: str, terms: list[str], weight: dict[str, float]) -> "StoryInfo":
        """What build() makes, from ranked terms (words and names, then quoted phrases
        starting with a space) and their weights: the fast path of story_info."""
        words = [t for t in terms if not t.startswith(" ")]
        phrases = [t for t in terms if t.startswith(" ")]
        # Words and names recur from article to article: their hashes are cached.
        keys = array("i", map(_KEY_OF.__getitem__, words))
        keys.extend(map(feature_key, phrases))
        quarters = [round(w * 4) for w in map(weight.__getitem__, words + phrases)]
        weights = array("H", [min(q, 65535) for q in quarters] if quarters and max(quarters) > 65535 else quarters)
        shown: dict[str, None] = {}
        for t in words:
            shown[t.lstrip("@")] = None
            if len(shown) == DISPLAY_TERMS:
                break
        return cls(story, folder, keys, weights, len(words), tuple(shown))

    def features(self) -> list[tuple[int, float, bool]]:
        """(key, weight, is a word or name) for every feature."""
        return [(k, w / 4.0, i < self.word_count) for i, (k, w) in enumerate(zip(self.keys, self.weights))]


def feature_key(term: str) -> int:
    """A stable 32-bit hash (the same in every worker process, unlike hash())."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=4).digest(), "big", signed=True)


class Story(list):
    """The paths of one story, with how they were grouped (for --statistics)."""

    def __init__(self, paths: list[str], reason: str = "", shared: tuple[str, ...] = ()):
        super().__init__(paths)
        self.reason = reason
        self.shared = shared

    def __reduce__(self):  # keep reason/shared through pickling
        return (Story, (list(self), self.reason, self.shared))


def story_info(doc: Document, path: str) -> StoryInfo:
    declared = doc.metadata.get("story")
    declared_text = str(declared).strip() if declared not in (None, "") else None
    body: list[str] = []
    headline: list[str] = []
    quoted: Counter = Counter()
    for block in doc.blocks:
        if block.kind == "meta":
            continue
        (headline if block.kind == "headline" else body).append(block.text)
        _count_quote_shingles(block, quoted)
    counts = _count_features(body)
    for term, n in _count_features(headline).items():
        counts[term] += n * HEADLINE_WEIGHT
    if ENTITY_WEIGHT != 1.0:
        for term in counts:
            if term.startswith("@"):
                counts[term] *= ENTITY_WEIGHT
    weight = dict(counts)
    weight.update(zip([" " + t for t in quoted], [n * QUOTE_WEIGHT for n in quoted.values()]))
    # Heaviest first, ties by term: sort by term, then (stably) by weight.
    ranked = sorted(sorted(weight), key=weight.__getitem__, reverse=True)[:MAX_FEATURES]
    return StoryInfo.ranked(declared_text or None, os.path.dirname(os.path.abspath(path)), ranked, weight)


def _count_features(texts: list[str]) -> Counter:
    """How often each feature occurs in the texts: "@name" for a capitalised word, else a long word.

    Each run of letters, apostrophes and hyphens holds one word (the run
    trimmed of apostrophes and hyphens, as _WORD finds it). Runs are split out
    by a translation table and each distinct run is turned into its feature
    once (_FEATURE_OF), so the per-word work runs in C. A capitalised common
    word opening a sentence ("Profits rose") is sentence case, not a name:
    those occurrences are taken off again.
    """
    # Each text on a line of its own, so its first word opens a sentence.
    text = "\n" + "\n".join(texts)
    counts = Counter(map(_FEATURE_OF.__getitem__, text.translate(_RUNS).split()))
    starts = Counter(map(_SENTENCE_CASE_OF.__getitem__, (_ASCII_SENTENCE_START if text.isascii() else _SENTENCE_START).findall(text)))
    counts.pop(None, None)
    starts.pop(None, None)
    for term, n in starts.items():
        counts[term] -= n
        if not counts[term]:
            del counts[term]  # it only ever opened a sentence
    return counts


class _Runs(dict):
    """A str.translate table: letters, apostrophes and hyphens stay, anything else becomes a space."""

    def __missing__(self, code: int) -> int:
        ch = chr(code)
        value = self[code] = code if ch.isalpha() or ch in "'’-" else 32  # isalpha: exactly \p{L}
        return value


_RUNS = _Runs()


class _Cache(dict):
    """word as written -> what it counts as, worked out once per process."""

    def __init__(self, work: Callable[[str], str | None]):
        super().__init__()
        self.work = work

    def __missing__(self, word: str) -> str | None:
        if len(self) >= MEMO_WORDS:
            self.clear()  # bound the memory of a long run
        value = self[word] = self.work(word)
        return value


def _feature(word: str) -> str | None:
    """The feature a word counts as ("@name" for a capitalised word), or None."""
    word = word.strip("'’-")  # a run may carry them at its edges
    if not word:
        return None
    lower = word.lower().replace("’", "'")
    if lower.endswith("'s"):
        lower = lower[:-2]
    if len(lower) < 3 or lower in _STOP:
        return None
    if word[0].isupper():
        if word.isupper() and len(word) <= 3 and lower in english_words():
            return None
        return "@" + lower
    return lower if len(lower) >= 5 else None


def _sentence_case(word: str) -> str | None:
    """The name feature to take off when this word opens a sentence: a common word in sentence case."""
    feature = _FEATURE_OF[word]
    return feature if feature is not None and feature[0] == "@" and feature[1:] in english_words() else None


_FEATURE_OF = _Cache(_feature)
_KEY_OF = _Cache(feature_key)
_SENTENCE_CASE_OF = _Cache(_sentence_case)
for _word_memo in (_FEATURE_OF, _KEY_OF, _SENTENCE_CASE_OF):
    register_memo(_word_memo.clear)
# A word opening a sentence: after a line break, or after ". ", "? ", "! ", ": ",
# '" ', "” ", " “" or ' "'. The ASCII form looks for capitalised words only (the
# others are never names) and starts each branch with a rare character, so
# stdlib re can skip ahead to them; ' "' is a quote mark with a space behind it.
_ASCII_SENTENCE_START = re.compile(r"""(?:[.?!:"] |"(?<= ")|\n)([A-Z](?:[A-Za-z'\-]*[A-Za-z])?)""")
_SENTENCE_START = regex.compile(r"""(?:[.?!:"”] | [“"]|\n)(\p{L}[\p{L}'’\-]*\p{L}|\p{L})""")


def _count_quote_shingles(block, counts: Counter) -> None:
    """Runs of quoted words: two articles quoting one speech share them (counted once per occurrence)."""
    from .segment import quotes

    found = quotes(block)
    if not found:
        return
    word = _ASCII_WORD if block.text.isascii() else _WORD  # the same words, found faster
    for q in found:
        start, end = q.inner
        words = list(map(str.lower, word.findall(block.text, start, end)))
        counts.update(map(" ".join, zip(*(words[i:] for i in range(QUOTE_SHINGLE)))))


def group_stories(infos: dict[str, StoryInfo], mode: str) -> list[list[str]]:
    """Stories (each a Story: a list of paths) with at least two articles each."""
    if mode == "off":
        return []
    groups: dict[str, list[str]] = defaultdict(list)
    rest: dict[str, StoryInfo] = {}
    for path, info in sorted(infos.items()):
        if info.story:
            groups["story:" + info.story].append(path)
        elif mode == "folder":
            groups["folder:" + info.folder].append(path)
        elif mode == "auto":
            rest[path] = info
    stories: list[list[str]] = []
    for key, paths in groups.items():
        if len(paths) > 1:
            kind, _, name = key.partition(":")
            reason = f"story: {name}" if kind == "story" else f"folder {os.path.basename(name) or name}"
            stories.append(Story(paths, reason))
    if rest:
        stories.extend(auto_groups(rest))
    return stories


def auto_groups(infos: dict[str, StoryInfo], params: Params = Params(), stats: dict | None = None) -> list[Story]:
    """Group articles by shared features without comparing every pair.

    stats, when given, receives the number of candidate pairs scored.
    """
    paths = sorted(infos)
    n = len(paths)
    if n < 2:
        return []
    articles = [infos[path] for path in paths]
    df: Counter = Counter()
    for info in articles:
        df.update(info.keys)
    # Smoothed idf: in a run of three articles nothing is "common", so shared terms still count.
    # It depends on the count alone, so it is worked out once per count.
    idf_of_count = {count: math.log(1.0 + n / count) ** params.idf_power for count in set(df.values())}
    shared_terms: dict[int, float] = {}  # term -> idf, for the terms some other article also has
    postable: set[int] = set()  # shared terms rare enough to block on
    rare_quotes: set[int] = set()  # quoted phrases a few other articles share (see below)
    for term, count in df.items():
        if count > 1:
            shared_terms[term] = idf_of_count[count]
            if count <= MAX_POSTING:
                postable.add(term)
                if count <= RARE_QUOTE:
                    rare_quotes.add(term)
    # The counts of every feature are the largest structure of a run's grouping and
    # nothing below needs them: drop them before the vectors are built (peak memory).
    del df, idf_of_count
    # Cosine of tf-idf vectors over the features some other article also has: a
    # term no one else uses cannot tell this article's partners apart, and
    # article-specific words otherwise drown what two reports of one event share.
    # In a tiny run every term is "shared", so two articles must also share a
    # fair part of their words and names (min_shared) to be one story.
    vectors: list[dict] = []
    words: list[int] = []  # how many word and name features each article has
    word_keys: set[int] = set()
    tf_of: dict[int, float] = {}  # weight * 4 -> damped term frequency
    for info in articles:
        vec: dict[int, float] = {}
        for key, quarters in zip(info.keys, info.weights):
            idf = shared_terms.get(key)
            if idf is not None:
                tf = tf_of.get(quarters)
                if tf is None:
                    weight = quarters / 4.0
                    tf = tf_of[quarters] = 1.0 + math.log(weight) if weight >= 1 else weight
                vec[key] = tf * idf
        values = list(vec.values())
        norm = math.sqrt(sum(map(mul, values, values))) or 1.0
        vectors.append(dict(zip(vec, map(truediv, values, repeat(norm)))))
        words.append(min(info.word_count, len(info.keys)) or 1)
        word_keys.update(info.keys[: info.word_count])

    # Blocking: each article's most distinctive shared features -> candidate pairs.
    posting: dict = defaultdict(list)
    for i, vec in enumerate(vectors):
        terms = list(filter(postable.__contains__, vec))
        # Highest weight first, ties by term (sorting pairs compares in C).
        for _, term in sorted(zip(map(neg, map(vec.__getitem__, terms)), terms))[:BLOCKING_FEATURES]:
            posting[term].append(i)
    # Rare quoted phrases are posted too: two reports quoting one speech are one event
    # even when their words differ (QUOTE_LINK shared phrases make a pair a story).
    quoted_by: dict[int, list[int]] = defaultdict(list)
    for i, info in enumerate(articles):
        for key in info.keys[info.word_count :]:
            if key in rare_quotes:
                quoted_by[key].append(i)
    shared_quotes: Counter = Counter()
    for members in quoted_by.values():
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                shared_quotes[(a, b)] += 1
    candidates: set[tuple[int, int]] = {pair for pair, count in shared_quotes.items() if count >= QUOTE_LINK}
    for members in posting.values():
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                candidates.add((a, b))

    if stats is not None:
        stats["articles"] = n
        stats["candidate_pairs"] = len(candidates)
    scores: dict[tuple[int, int], float] = {}
    # In order, so consecutive pairs share an article whose vector is still in the CPU's cache
    # (~8% of grouping 20,000 articles; the scores do not depend on the order).
    for a, b in sorted(candidates):
        va, vb = vectors[a], vectors[b]
        if len(va) > len(vb):
            va, vb = vb, va
        shared = list(filter(vb.__contains__, va))  # in va's order, so the sum is the same
        score = sum(map(mul, map(va.__getitem__, shared), map(vb.__getitem__, shared)))
        if shared_quotes.get((a, b), 0) >= QUOTE_LINK:
            score = max(score, params.min_similarity)
        if score < params.attach_similarity:
            continue
        if sum(map(word_keys.__contains__, shared)) < params.min_shared * min(words[a], words[b]):
            continue
        scores[(a, b)] = score

    # Average linkage over the candidate graph: merge the most similar pairs first,
    # and only while the groups stay similar on average (no chaining through one name).
    cluster_of = list(range(n))
    members_of: dict[int, list[int]] = {i: [i] for i in range(n)}
    for (a, b), score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if score < params.min_similarity:
            break
        ca, cb = cluster_of[a], cluster_of[b]
        if ca == cb:
            continue
        ma, mb = members_of[ca], members_of[cb]
        total = sum(scores.get((x, y) if x < y else (y, x), 0.0) for x in ma for y in mb)
        if total / (len(ma) * len(mb)) < params.link_similarity:
            continue
        keep, drop = (ca, cb) if len(ma) >= len(mb) else (cb, ca)
        for m in members_of[drop]:
            cluster_of[m] = keep
        members_of[keep].extend(members_of.pop(drop))

    # An article left alone joins the group it is clearly closest to: reports of
    # one event by outlets with different angles can be less alike than a pair.
    if params.attach_similarity < params.link_similarity:
        near: dict[int, dict[int, float]] = defaultdict(dict)
        for (a, b), score in scores.items():
            near[a][b] = score
            near[b][a] = score
        for single in [m[0] for m in members_of.values() if len(m) == 1]:
            totals: dict[int, float] = defaultdict(float)
            for other, score in near[single].items():
                totals[cluster_of[other]] += score
            ranked = sorted(((total / len(members_of[c]), c) for c, total in totals.items() if c != cluster_of[single]), reverse=True)
            if not ranked or ranked[0][0] < params.attach_similarity:
                continue
            if len(ranked) > 1 and ranked[0][0] < params.attach_margin * ranked[1][0]:
                continue
            target = ranked[0][1]
            if len(members_of[target]) < 2:
                continue
            members_of.pop(cluster_of[single])
            cluster_of[single] = target
            members_of[target].append(single)

    stories: list[Story] = []
    for members in members_of.values():
        if len(members) < 2:
            continue
        common = set(vectors[members[0]])
        for m in members[1:]:
            common &= set(vectors[m])
        quoted = sum(1 for t in common if t not in word_keys)
        terms = [t for t in infos[paths[members[0]]].terms if all(t in infos[paths[m]].terms for m in members[1:])]
        shared = tuple(terms[:5]) + ((f"{quoted} quoted phrase{'' if quoted == 1 else 's'}",) if quoted else ())
        # Only each article's top terms are kept as text: articles alike in their other words have none to show.
        stories.append(Story(sorted(paths[m] for m in members), "shared terms" if shared else "similar wording", shared))
    stories.sort(key=lambda s: s[0])
    return stories
