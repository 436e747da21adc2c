"""Inflecting reporting verbs: base forms from a rule file to every form a reporter writes.

A rule lists base forms ("say", "insist"); copy uses "says", "said", "saying",
"insisted". Regular forms are generated here so the list stays short and
readable; irregular or consonant-doubling verbs are written in the rule file
as "base/past" or "base/past/participle" ("say/said", "write/wrote/written",
"admit/admitted"), and the -ing form follows the past form's doubling.
"""

from __future__ import annotations

_VOWELS = "aeiou"


def third_person(base: str) -> str:
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        return base + "es"
    if len(base) > 1 and base.endswith("y") and base[-2] not in _VOWELS:
        return base[:-1] + "ies"
    return base + "s"


def regular_past(base: str) -> str:
    if base.endswith("e"):
        return base + "d"
    if len(base) > 1 and base.endswith("y") and base[-2] not in _VOWELS:
        return base[:-1] + "ied"
    return base + "ed"


def present_participle(base: str, past: str) -> str:
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")) and len(base) > 2:
        return base[:-1] + "ing"
    # "admit/admitted" -> "admitting": the past form tells us the consonant doubles.
    if len(base) > 1 and past == base + base[-1] + "ed":
        return base + base[-1] + "ing"
    return base + "ing"


def inflect(entry: str) -> set[str]:
    """Every form of one rule-file entry ("say/said", "insist", "write/wrote/written").

    A multi-word entry ("point out") inflects its first word only.
    """
    head, _, rest = entry.strip().partition(" ")
    tail = f" {rest}" if rest else ""
    parts = [p.strip() for p in head.split("/") if p.strip()]
    if not parts:
        return set()
    base = parts[0]
    past = parts[1] if len(parts) > 1 else regular_past(base)
    participle = parts[2] if len(parts) > 2 else past
    forms = {base, third_person(base), past, participle, present_participle(base, past)}
    return {form + tail for form in forms}


def inflect_all(entries: list[str]) -> list[str]:
    """All forms of all entries, longest first (so a regex alternation prefers them)."""
    forms: set[str] = set()
    for entry in entries:
        forms |= inflect(entry)
    return sorted(forms, key=lambda f: (-len(f), f))
