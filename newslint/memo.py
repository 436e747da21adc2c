"""Memo caches that live while articles are read, dropped before the cross-source pass.

Rules remember what they worked out per word (spelling verdicts, how a
capitalised word reads as a name, the story feature of a word) so the next
article costs less. Once every article is read the parent process no longer
needs them, and the cross-source pass (story grouping, comparisons) needs
memory of its own: releasing the memos first lets it reuse theirs, so a run's
peak memory is the larger of the two phases rather than their sum. Every cache
registered here is a pure memo; clearing it changes no result.
"""

from __future__ import annotations

from typing import Callable

_CLEARERS: list[Callable[[], None]] = []


def register(clear: Callable[[], None]) -> None:
    """Register a memo's clear() (a bound method: `register(self._memo.clear)`)."""
    _CLEARERS.append(clear)


def release() -> None:
    """Empty every registered memo (they refill on demand if articles are read again)."""
    for clear in _CLEARERS:
        clear()
