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
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import regex

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
_AFTER_SENTENCE = frozenset({". ", "? ", "! ", ": ", '" ', "” ", " “", ' "'})

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
    counts: Counter = Counter()
    quoted: Counter = Counter()
    for block in doc.blocks:
        if block.kind == "meta":
            continue
        weight = HEADLINE_WEIGHT if block.kind == "headline" else 1.0
        _count_features(block.text, weight, counts)
        _count_quote_shingles(block, quoted)
    ranked = sorted([*counts.items(), *((" " + t, w) for t, w in quoted.items())], key=lambda item: (-item[1], item[0]))[:MAX_FEATURES]
    words = [(t, w) for t, w in ranked if not t.startswith(" ")]
    shingles = [(t[1:], w) for t, w in ranked if t.startswith(" ")]
    return StoryInfo.build(declared_text or None, os.path.dirname(os.path.abspath(path)), words, shingles)


def _count_features(text: str, weight: float, counts: Counter) -> None:
    for m in _WORD.finditer(text):
        word = m.group()
        lower = word.lower().replace("’", "'")
        if lower.endswith("'s"):
            lower = lower[:-2]
        if len(lower) < 3 or lower in _STOP:
            continue
        if word[0].isupper():
            start = m.start()
            sentence_start = start == 0 or text[start - 1] == "\n" or text[start - 2 : start] in _AFTER_SENTENCE
            if sentence_start and lower in _common_words():
                continue  # "Profits rose": sentence case, not a name
            if word.isupper() and len(word) <= 3 and lower in _common_words():
                continue
            counts["@" + lower] += ENTITY_WEIGHT * weight
        elif len(lower) >= 5:
            counts[lower] += weight


def _count_quote_shingles(block, counts: Counter) -> None:
    """Runs of quoted words: two articles quoting one speech share them."""
    from .segment import quotes

    for q in quotes(block):
        start, end = q.inner
        words = [m.group().lower() for m in _WORD.finditer(block.text, start, end)]
        for i in range(len(words) - QUOTE_SHINGLE + 1):
            counts[" ".join(words[i : i + QUOTE_SHINGLE])] += QUOTE_WEIGHT


_COMMON: frozenset[str] | None = None


def _common_words() -> frozenset[str]:
    global _COMMON
    if _COMMON is None:
        from .lexicon import english_words

        _COMMON = english_words()
    return _COMMON


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
    features = [infos[path].features() for path in paths]
    df: Counter = Counter()
    for items in features:
        df.update(key for key, _, _ in items)
    # Smoothed idf: in a run of three articles nothing is "common", so shared terms still count.
    idf = {term: math.log(1.0 + n / count) ** params.idf_power for term, count in df.items()}
    # Cosine of tf-idf vectors over the features some other article also has: a
    # term no one else uses cannot tell this article's partners apart, and
    # article-specific words otherwise drown what two reports of one event share.
    # In a tiny run every term is "shared", so two articles must also share a
    # fair part of their words and names (min_shared) to be one story.
    vectors: list[dict] = []
    words: list[int] = []  # how many word and name features each article has
    word_keys: set[int] = set()
    for items in features:
        vec = {key: (1.0 + math.log(weight) if weight >= 1 else weight) * idf[key] for key, weight, _ in items if df[key] > 1}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({key: v / norm for key, v in vec.items()})
        words.append(sum(1 for _, _, is_word in items if is_word) or 1)
        word_keys.update(key for key, _, is_word in items if is_word)

    # Blocking: each article's most distinctive shared features -> candidate pairs.
    posting: dict = defaultdict(list)
    for i, vec in enumerate(vectors):
        shared = [(v, t) for t, v in vec.items() if df[t] <= MAX_POSTING]
        shared.sort(key=lambda x: (-x[0], x[1]))
        for _, term in shared[:BLOCKING_FEATURES]:
            posting[term].append(i)
    # Rare quoted phrases are posted too: two reports quoting one speech are one event
    # even when their words differ (QUOTE_LINK shared phrases make a pair a story).
    quoted_by: dict[int, list[int]] = defaultdict(list)
    for i, items in enumerate(features):
        for key, _, is_word in items:
            if not is_word and 1 < df[key] <= RARE_QUOTE:
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
    for a, b in candidates:
        va, vb = vectors[a], vectors[b]
        if len(va) > len(vb):
            va, vb = vb, va
        shared = [t for t in va if t in vb]
        score = sum(va[t] * vb[t] for t in shared)
        if shared_quotes.get((a, b), 0) >= QUOTE_LINK:
            score = max(score, params.min_similarity)
        if score < params.attach_similarity:
            continue
        if sum(1 for t in shared if t in word_keys) < params.min_shared * min(words[a], words[b]):
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
        shared = tuple(terms[:5]) + ((f"{quoted} quoted phrases",) if quoted else ())
        stories.append(Story(sorted(paths[m] for m in members), "shared terms", shared))
    stories.sort(key=lambda s: s[0])
    return stories
