"""Grouping the articles of a run into stories, for the cross-source rules.

Modes: frontmatter (a `story:` key only), folder (articles in one folder are one
story), auto (front matter first, then what articles share), off (no
comparison).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import regex

from .document import Document

_NAME = regex.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b")


@dataclass(slots=True)
class StoryInfo:
    """What grouping needs from one article: its declared story, folder and key terms."""

    story: str | None
    folder: str
    terms: frozenset[str] = field(default_factory=frozenset)


def story_info(doc: Document, path: str) -> StoryInfo:
    declared = doc.metadata.get("story")
    counts: Counter[str] = Counter()
    for block in doc.blocks:
        if block.kind != "meta":
            counts.update(m.group() for m in _NAME.finditer(block.text))
    terms = frozenset(term for term, _ in counts.most_common(12))
    return StoryInfo(str(declared) if declared not in (None, "") else None, os.path.dirname(os.path.abspath(path)), terms)


def group_stories(infos: dict[str, StoryInfo], mode: str) -> list[list[str]]:
    """Lists of paths, one per story with at least two articles."""
    if mode == "off":
        return []
    groups: dict[str, list[str]] = defaultdict(list)
    rest: list[str] = []
    for path, info in sorted(infos.items()):
        if info.story:
            groups["story:" + info.story].append(path)
        elif mode == "folder":
            groups["folder:" + info.folder].append(path)
        elif mode == "auto":
            rest.append(path)
    stories = [paths for paths in groups.values() if len(paths) > 1]
    if rest:
        stories.extend(_by_shared_terms({p: infos[p] for p in rest}))
    return stories


def _by_shared_terms(infos: dict[str, StoryInfo]) -> list[list[str]]:
    """Union articles that share at least two key terms, via an inverted index (no all-pairs)."""
    parent = {p: p for p in infos}

    def find(p: str) -> str:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    index: dict[str, list[str]] = defaultdict(list)
    for path, info in infos.items():
        for term in info.terms:
            index[term].append(path)
    shared: Counter[tuple[str, str]] = Counter()
    for term, paths in index.items():
        if len(paths) > 50:  # too common to say anything about a story
            continue
        for i, a in enumerate(paths):
            for b in paths[i + 1 :]:
                shared[(a, b)] += 1
    for (a, b), count in shared.items():
        if count >= 2:
            parent[find(a)] = find(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for path in infos:
        groups[find(path)].append(path)
    return [sorted(g) for g in groups.values() if len(g) > 1]
