"""The offline speller behind `extends: spelling`: which words are known, and suggestions.

A Lexicon is a set of lower-case words (the bundled SCOWL list, Hunspell
dictionaries, or both) plus the morphology newslint accepts without listing
every form: possessives, contractions, regular inflections (-s, -ed, -ing, -ly,
-er, -est), productive prefixes (re-, un-, pre-, co-...), accent-free spellings
of accented words (cafe for café) and closed compounds of two content words
(gameplay, frontman). Lexicons are built once per process and memoise their
verdicts, because news copy repeats the same few thousand words.

Suggestions are computed only for words found misspelt: dictionary words within
two edits (optimal string alignment, so a swap of two letters is one edit),
ranked by distance and then by how common the word is (data/word_rank_en.txt.gz).
"""

from __future__ import annotations

import bisect
import glob
import gzip
import os
import unicodedata
from functools import lru_cache
from importlib.resources import files
from typing import Iterable

from . import lexicon
from .memo import register as register_memo

# Prefixes English glues onto any word: "reoffending", "unpatched", "pre-empt".
PREFIXES = (
    "aero", "agro", "anti", "astro", "auto", "bio", "co", "counter", "cyber", "de", "dis", "e", "eco",
    "electro", "euro", "ex", "geo", "giga", "hyper", "info", "inter", "macro", "mega", "micro", "mid", "mini",
    "mis", "mono", "multi", "nano", "neo", "non", "omni", "out", "over", "petro", "photo", "poly", "post",
    "pre", "pro", "peta", "pseudo", "quasi", "re", "retro", "self", "semi", "socio", "sub", "super", "techno",
    "tele", "tera", "trans", "tri", "ultra", "un", "under",
)
# The first part of a hyphenated compound that is a prefix, not a word: "co-host", "x-ray".
HYPHEN_PREFIXES = frozenset(PREFIXES) | {"bi", "t", "u", "x", "y", "v", "g", "a", "b", "c", "k"}

# Function words never count as half of a closed compound: "eachother",
# "everytime" and "thankyou" are run-together errors, not compounds.
CLOSED_CLASS = frozenset(
    """a an the this that these those each every any some no all both either neither other another
    i me my mine you your yours he him his she her hers it its we us our ours they them their theirs
    who whom whose which what where when why how whatever whoever in on at of to for from with by as
    into onto upon about than then thank thanks so too very not nor and or but if is are was were be
    been being am do does did has have had can could will would shall should may might must ever
    never much many more most less least such own same there here""".split()
)
CONTRACTIONS = ("n't", "'ll", "'re", "'ve", "'d", "'m", "'s")
DERIVATIONAL = ("less", "lessly", "lessness", "ness", "able", "ful", "ship")
# Particles that end hyphenated nouns: "add-ons", "have-nots", "sit-ins", "sell-offs".
HYPHEN_LAST = frozenset("ons ins outs ups offs downs overs nots bys backs aways".split())
MIN_COMPOUND_PART = 3
MIN_COMPOUND = 6
MIN_PREFIXED_STEM = 4
VOWELS = frozenset("aeiouy")


def fold(word: str) -> str:
    """The word without accents: café -> cafe, naïve -> naive."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Lexicon:
    """Known words and their accepted forms; one per dictionary configuration."""

    def __init__(self, words: frozenset[str], proper: frozenset[str]):
        self.words = words  # lower-case entries, straight apostrophes
        self.proper = proper  # capitalised entries as written
        self._proper_lower: frozenset[str] | None = None
        self.folded = frozenset(fold(w) for w in words if not w.isascii())
        self._memo: dict[str, bool] = {}
        self._buckets: dict[str, tuple[list[str], list[int]]] | None = None
        self._suggestions: dict[tuple[str, int], list[str]] = {}
        register_memo(self.release)

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> "Lexicon":
        words: set[str] = set()
        proper: set[str] = set()
        for entry in entries:
            if not entry:
                continue
            if entry[0].isupper():
                proper.add(entry)
            else:
                words.add(entry.lower().replace("’", "'"))
        return cls(frozenset(words), frozenset(proper))

    def release(self) -> None:
        """Drop what this lexicon memoised (verdicts, suggestions, the pool of common words)."""
        self._memo.clear()
        self._suggestions.clear()
        self._buckets = None
        word_ranks.cache_clear()

    @property
    def proper_lower(self) -> frozenset[str]:
        if self._proper_lower is None:
            # The bundled list's set is shared with the name finder (and holds folded forms too).
            self._proper_lower = lexicon.proper_lower() if self.proper is lexicon.proper_nouns() else frozenset(p.lower() for p in self.proper)
        return self._proper_lower

    # -- knowing a word ----------------------------------------------------

    def known(self, word: str) -> bool:
        """True when a lower-case word (straight apostrophes) is English as far as we can tell."""
        verdict = self._memo.get(word)
        if verdict is None:
            verdict = self._known(word)
            if len(self._memo) < 500_000:  # a hostile input cannot grow the memo without bound
                self._memo[word] = verdict
        return verdict

    def _known(self, word: str) -> bool:
        if self._listed(word):
            return True
        if len(word) > MAX_WORD_LENGTH:
            return False
        if "'" in word:
            return self._apostrophe(word)
        if "-" in word:
            return self._hyphenated(word)
        derived = self._derived(word, depth=0)
        if derived is not None:
            return derived
        return self._suffixed(word) or self._prefixed(word) or self._compound(word)

    def _listed(self, word: str) -> bool:
        if word in self.words:
            return True
        folded = fold(word)
        return folded in self.words or folded in self.folded

    def _apostrophe(self, word: str) -> bool:
        # Possessives ("minister's", "ministers'") and contractions ("wouldn't", "they'll").
        if word.endswith("'"):
            return self.known(word[:-1])
        for ending in CONTRACTIONS:
            if word.endswith(ending) and len(word) > len(ending):
                base = word[: -len(ending)]
                if "'" not in base and (self.known(base) or base in self.proper_lower):
                    return True
        return False

    def _hyphenated(self, word: str) -> bool:
        if self._listed(word.replace("-", "")):  # co-ordinator, e-mail
            return True
        return not self.unknown_parts(word)

    def unknown_parts(self, word: str) -> list[tuple[int, int]]:
        """Spans of the hyphen-separated parts of word that are not known."""
        spans: list[tuple[int, int]] = []
        start = 0
        parts = word.split("-")
        for i, part in enumerate(parts):
            end = start + len(part)
            ok = (
                not part
                or self.known(part)
                or part in self.proper_lower
                or (i < len(parts) - 1 and part in HYPHEN_PREFIXES)
                or (i == len(parts) - 1 and i > 0 and part in HYPHEN_LAST)
            )
            if not ok:
                spans.append((start, end))
            start = end + 1
        return spans

    def _derived(self, word: str, depth: int) -> bool | None:
        """Regular inflections of a listed word: -s, -es, -ies, -ed, -ing, -ly, -er, -est.

        True: an inflection the dictionary does not list (its base is listed).
        False: the dictionary spells this inflection of the base another way,
        so the word is a misspelling ("occured" beside "occurred").
        None: no inflection of a listed word.
        """
        if depth > 1 or len(word) < 4:
            return None
        accepted: list[str] = []
        misspelt: list[str] = []
        for ending, base in _analyses(word):
            listed = self._listed(base)
            if not listed and self._derived(base, depth + 1) is not True:
                continue
            forms = inflect(base, ending)
            if word not in forms:
                continue
            if any(form != word and self._listed(form) for form in forms):
                misspelt.append(base)
            else:
                accepted.append(base)
        if not accepted:
            return False if misspelt else None
        if misspelt:
            # "stoped": the past of the mining verb "stope", or "stopped" misspelt?
            # The commoner base is the likelier reading.
            ranks = word_ranks()
            unranked = len(ranks)
            return min(ranks.get(b, unranked) for b in accepted) <= min(ranks.get(b, unranked) for b in misspelt)
        return True

    def _suffixed(self, word: str) -> bool:
        """Derivations English makes freely: winless, clunkiness, dimmable, boastful, stewardship."""
        for suffix in DERIVATIONAL:
            if not word.endswith(suffix) or len(word) - len(suffix) < 3:
                continue
            stem = word[: -len(suffix)]
            for base in (stem, stem + "e", stem[:-1] + "y" if stem.endswith("i") else "", stem[:-1] if stem[-1] == stem[-2] else ""):
                if base and (self._listed(base) or self._derived(base, 1) is True):
                    return True
        return False

    def _prefixed(self, word: str) -> bool:
        for prefix in PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= MIN_PREFIXED_STEM:
                stem = word[len(prefix):]
                if self._listed(stem) or self._derived(stem, 0) is True:
                    return True
        return False

    def _compound(self, word: str) -> bool:
        """Two content words run together: gameplay, frontman, bandmates."""
        n = len(word)
        if n < MIN_COMPOUND:
            return False
        for i in range(MIN_COMPOUND_PART, n - MIN_COMPOUND_PART + 1):
            head, tail = word[:i], word[i:]
            if head in CLOSED_CLASS or tail in CLOSED_CLASS:
                continue
            if head in self.words and (tail in self.words or self._derived(tail, 1) is True):
                # "withold" and "threshhold" split into words too: a compound one
                # edit away from a listed word is that word misspelt.
                return not self._near_listed(word)
        return False

    def _near_listed(self, word: str) -> bool:
        """True when one edit (delete, swap, replace, insert) turns word into a listed word."""
        return not self.words.isdisjoint(_edits(word, "abcdefghijklmnopqrstuvwxyz"))

    # -- suggestions -------------------------------------------------------

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Up to `limit` known words within two edits of word, likeliest first, in word's case."""
        if limit <= 0 or len(word) > MAX_WORD_LENGTH:
            return []
        key = (word.lower(), limit)
        found = self._suggestions.get(key)
        if found is None:
            found = self._rank(word.lower(), limit)
            if len(self._suggestions) < 50_000:
                self._suggestions[key] = found
        return [_match_case(s, word) for s in found]

    def _rank(self, word: str, limit: int) -> list[str]:
        # Within two edits among common words (most typos are of common words,
        # and the common pool keeps obscure entries out), plus any dictionary
        # word one edit away (set look-ups, no pool to build).
        ranks = word_ranks()
        scored = self._candidates(word, ranks)
        for cand in self._one_edit(word):
            scored.setdefault(cand, (1, 0 if cand[0] == word[0] else 1, ranks.get(cand, len(ranks) + 1)))
        for fixed in _apostrophe_restored(word):
            if fixed in self.words:
                scored[fixed] = (0, 0, 0)  # "dont" -> "don't": the likeliest reading of all
        for pair, rank, short in self._split(word, ranks):
            # A dropped space is one edit, but only the classic fusions with a short word
            # ("alot", "upto", "infact") are likelier than a one-letter slip: "spokeman"
            # is "spokesman" before "spoke man".
            scored.setdefault(pair, (1 if short else 2, 0, rank))
        return sorted(scored, key=lambda c: (scored[c], c))[:limit]

    def _split(self, word: str, ranks: dict[str, int]) -> Iterable[tuple[str, int, bool]]:
        """Two common words run together ("alot", "upto", "infact"): the pair, the rarer
        half's rank, and whether a half is a short function word.

        Both halves must be common: a writer fuses everyday words, and a split
        into rare words or abbreviations ("infact" -> "inf act") reads as noise.
        """
        for i in range(1, len(word)):
            left, right = word[:i], word[i:]
            if left == right or any(len(half) < 3 and half not in SHORT_WORDS for half in (left, right)):
                continue
            # A short half must be commoner still: three-letter abbreviations ("inf", "gen") rank high.
            if all(ranks.get(half, SPLIT_RANK) < (SPLIT_RANK if len(half) > 3 else SHORT_SPLIT_RANK) and half in self.words
                   for half in (left, right)):
                yield f"{left} {right}", max(ranks[left], ranks[right]), left in SHORT_WORDS or right in SHORT_WORDS

    def _candidates(self, word: str, ranks: dict[str, int]) -> dict[str, tuple[int, int, int]]:
        """Common words within reach of word -> (edits, first letter differs, frequency rank)."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        pool = self._pool()
        n = len(word)
        max_distance = 1 if n <= 4 else 2
        scored: dict[str, tuple[int, int, int]] = {}
        # Most typos keep the first letter; a swap of the first two letters is the common exception.
        for first in {word[0]} | ({word[1]} if n > 1 else set()):
            entry = pool.get(first)
            if entry is None:
                continue
            words, lengths = entry
            lo = bisect.bisect_left(lengths, n - max_distance)
            hi = bisect.bisect_right(lengths, n + max_distance)
            for cand, dist, _ in process.extract(word, words[lo:hi], scorer=OSA.distance, score_cutoff=max_distance, limit=None):
                score = (dist, 0 if cand[0] == word[0] else 1, ranks.get(cand, len(ranks) + 1))
                if cand not in scored or score < scored[cand]:
                    scored[cand] = score
        return scored

    def _one_edit(self, word: str) -> set[str]:
        """Dictionary words one edit away (letters, apostrophe or hyphen)."""
        return _edits(word, "abcdefghijklmnopqrstuvwxyz'-") & self.words

    def _pool(self) -> dict[str, tuple[list[str], list[int]]]:
        """Common dictionary words by first letter, sorted by length (with the lengths, for bisect)."""
        if self._buckets is None:
            # One stable sort by length keeps frequency order among words of a length.
            by_first: dict[str, list[str]] = {}
            for w in sorted(filter(self.words.__contains__, word_ranks()), key=len):
                by_first.setdefault(w[0], []).append(w)
            self._buckets = {first: (ws, [len(w) for w in ws]) for first, ws in by_first.items()}
        return self._buckets


# The longest English words run to about 45 letters. Longer runs are not words (a hash, a blob,
# letters run together by a scrape), and the work on a word (derivations, compounds, the
# one-edit set of its suggestions) grows with its square: they are never analysed.
MAX_WORD_LENGTH = 50
SPLIT_RANK = 10_000  # "common": among the 10,000 most frequent words (word_rank_en)...
SHORT_SPLIT_RANK = 3_000  # ...or the 3,000 most frequent for a word of three letters or fewer
# The one- and two-letter words a fused pair may hold: "al", "ed", "re" are frequent
# in the word list (names, abbreviations) but are not words a writer runs together.
SHORT_WORDS = frozenset("a i am an as at be by do go he if in is it me my no of on or so to up us we".split())


def _edits(word: str, letters: str) -> set[str]:
    """Every non-empty string one deletion, swap, replacement or insertion away from word.

    Built as one set and tested against the dictionary with a single set
    operation: far cheaper than a look-up per candidate.
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {head + tail[1:] for head, tail in splits if tail}
    edits.update(head + tail[1] + tail[0] + tail[2:] for head, tail in splits if len(tail) > 1)
    edits.update(head + ch + tail[1:] for head, tail in splits if tail for ch in letters if ch != tail[0])
    edits.update(head + ch + tail for head, tail in splits for ch in letters)
    edits.discard("")
    return edits


def _apostrophe_restored(word: str) -> list[str]:
    """The word with a dropped apostrophe put back: dont -> don't, theyre -> they're."""
    out = []
    for ending in ("nt", "s", "re", "ve", "ll", "d", "m"):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            out.append(word[:-2] + "n't" if ending == "nt" else word[: -len(ending)] + "'" + ending)
    return out


ENDINGS = ("ies", "es", "s", "ied", "ed", "ier", "er", "iest", "est", "ing", "ily", "ally", "ly")


def _analyses(word: str) -> Iterable[tuple[str, str]]:
    """(ending, base) readings of an inflected word; inflect() says which are regular."""
    seen: set[tuple[str, str]] = set()
    for ending in ENDINGS:
        if not word.endswith(ending) or len(word) - len(ending) < 2:
            continue
        stem = word[: -len(ending)]
        group = _GROUP[ending]
        bases = [stem]
        if ending.startswith("i") and ending not in ("ing",):
            bases = [stem + "y"]  # carried, happier, busily
        elif ending == "ally":
            bases = [stem, stem + "al"]  # basically -> basic; musically -> musical
        else:
            bases += [stem + "e"]  # liked, larger, making
            if len(stem) > 2 and stem[-1] == stem[-2]:
                bases.append(stem[:-1])  # stopped, bigger, running
            if stem.endswith("ck"):
                bases.append(stem[:-1])  # panicked, mimicking
            if group == "ly" and stem.endswith("b"):
                bases.append(stem + "le")  # notably -> notable
        for base in bases:
            if (group, base) not in seen:
                seen.add((group, base))
                yield group, base


_GROUP = {
    "ies": "s", "es": "s", "s": "s", "ied": "ed", "ed": "ed", "ier": "er", "er": "er", "iest": "est",
    "est": "est", "ing": "ing", "ily": "ly", "ally": "ly", "ly": "ly",
}


def inflect(base: str, group: str) -> set[str]:
    """The regular spellings of one inflection of base (English allows a few for some words)."""
    last = base[-1]
    doubled = base + last if last not in VOWELS and last not in "wxh" else base
    forms: set[str] = set()
    if group == "s":
        forms |= {base + "s", base + "es"}
        if last == "y":
            forms.add(base[:-1] + "ies")
    elif group in ("ed", "er", "est"):
        suffix = group
        if last == "e":
            forms.add(base + suffix[1:])
        elif last == "y":
            forms |= {base[:-1] + "i" + suffix, base + suffix}
        elif last == "c":
            forms |= {base + "k" + suffix, base + suffix}
        else:
            forms |= {base + suffix, doubled + suffix}
    elif group == "ing":
        if last == "e" and not base.endswith(("ee", "ye", "oe")):
            forms.add(base[:-1] + "ing")
        elif last == "c":
            forms |= {base + "king", base + "ing"}
        else:
            forms |= {base + "ing", doubled + "ing"}
    elif group == "ly":
        forms.add(base + "ly")
        if last == "y":
            forms.add(base[:-1] + "ily")
        if base.endswith("le"):
            forms.add(base[:-1] + "y")
        if base.endswith("ic"):
            forms.add(base + "ally")
        if base.endswith("al"):
            forms.add(base + "ly")
    return forms


def _match_case(suggestion: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return suggestion.upper()
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


@lru_cache(maxsize=1)
def word_ranks() -> dict[str, int]:
    """Word -> frequency rank (0 = most common), for ranking suggestions."""
    raw = files("newslint.data").joinpath("word_rank_en.txt.gz").read_bytes()
    words = gzip.decompress(raw).decode("utf-8").split("\n")
    ranks = dict(zip(words, range(len(words))))  # built in C; a repeated word keeps its last rank, as before
    ranks.pop("", None)
    return ranks


@lru_cache(maxsize=1)
def builtin_lexicon() -> Lexicon:
    """The bundled SCOWL list (American and British spellings)."""
    # Shares the sets other rules use, so the speller costs no extra start-up.
    return Lexicon(lexicon.english_words(), lexicon.proper_nouns())


_LEXICONS: dict[tuple, Lexicon] = {}


def lexicon_for(dictionaries: tuple[tuple[str, str], ...], append: bool) -> Lexicon:
    """The built-in lexicon, Hunspell dictionaries (.dic, .aff pairs), or both; cached per process."""
    if not dictionaries:
        return builtin_lexicon()
    key = (dictionaries, append)
    cached = _LEXICONS.get(key)
    if cached is None:
        entries: list[str] = list(lexicon._entries()) if append else []
        for dic, aff in dictionaries:
            entries.extend(hunspell_words(dic, aff))
        cached = Lexicon.from_entries(entries)
        _LEXICONS[key] = cached
    return cached


def find_dictionary(name: str, folders: list[str]) -> tuple[str, str] | None:
    """The (name.dic, name.aff) pair in the first folder that has it."""
    for folder in folders:
        dic = os.path.join(folder, f"{name}.dic")
        aff = os.path.join(folder, f"{name}.aff")
        if os.path.isfile(dic):
            return dic, aff
    return None


# -- Hunspell dictionaries -----------------------------------------------------


def hunspell_words(dic_path: str, aff_path: str) -> list[str]:
    """Every word a Hunspell .dic/.aff pair spells: stems plus their prefix/suffix forms.

    Covers what Vale's own reader covers for word lists: FLAG (char, long,
    num, UTF-8), PFX/SFX with strip/add/condition and cross products,
    NEEDAFFIX and FORBIDDENWORD. Compounding rules are not expanded.
    """
    aff = _read_aff(aff_path) if os.path.isfile(aff_path) else _Affixes()
    with open(dic_path, "rb") as handle:
        text = handle.read().decode(aff.encoding, errors="replace")
    out: list[str] = []
    lines = text.splitlines()
    if lines and lines[0].strip().isdigit():
        lines = lines[1:]
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, flags = _split_entry(line)
        flag_set = aff.parse_flags(flags)
        if aff.forbidden and aff.forbidden in flag_set:
            continue
        if not (aff.needaffix and aff.needaffix in flag_set):
            out.append(word)
        out.extend(aff.expand(word, flag_set))
    return out


def _split_entry(line: str) -> tuple[str, str]:
    # "word/FLAGS morphology..." — a backslash escapes a slash inside the word.
    entry = line.split("\t", 1)[0].split(" ", 1)[0]
    i = 0
    while True:
        i = entry.find("/", i)
        if i == -1:
            return entry.replace("\\/", "/"), ""
        if i > 0 and entry[i - 1] == "\\":
            i += 1
            continue
        return entry[:i].replace("\\/", "/"), entry[i + 1 :]


class _Affixes:
    def __init__(self) -> None:
        self.encoding = "utf-8"
        self.flag_type = "char"
        self.forbidden = ""
        self.needaffix = ""
        # flag -> (is_prefix, cross_product, [(strip, add, condition regex, continuation flags)])
        self.rules: dict[str, tuple[bool, bool, list[tuple[str, str, object, frozenset[str]]]]] = {}

    def parse_flags(self, flags: str) -> frozenset[str]:
        if not flags:
            return frozenset()
        if self.flag_type == "long":
            return frozenset(flags[i : i + 2] for i in range(0, len(flags), 2))
        if self.flag_type == "num":
            return frozenset(f.strip() for f in flags.split(",") if f.strip())
        return frozenset(flags)

    def expand(self, word: str, flags: frozenset[str]) -> list[str]:
        out: list[str] = []
        suffixed: list[tuple[str, bool]] = []
        for flag in flags:
            rule = self.rules.get(flag)
            if rule is None or rule[0]:
                continue
            for form, cont in self._apply(word, rule, suffix=True):
                out.append(form)
                suffixed.append((form, rule[1]))
                for cflag in cont:  # one level of continuation classes ("-ly" after "-ful")
                    crule = self.rules.get(cflag)
                    if crule is not None and not crule[0]:
                        out.extend(f for f, _ in self._apply(form, crule, suffix=True))
        for flag in flags:
            rule = self.rules.get(flag)
            if rule is None or not rule[0]:
                continue
            out.extend(f for f, _ in self._apply(word, rule, suffix=False))
            if rule[1]:
                for form, cross in suffixed:
                    if cross:
                        out.extend(f for f, _ in self._apply(form, rule, suffix=False))
        return out

    @staticmethod
    def _apply(word: str, rule, suffix: bool):
        for strip, add, condition, cont in rule[2]:
            if suffix:
                if strip and not word.endswith(strip):
                    continue
                if condition is not None and not condition.search(word):
                    continue
                yield (word[: len(word) - len(strip)] if strip else word) + add, cont
            else:
                if strip and not word.startswith(strip):
                    continue
                if condition is not None and not condition.search(word):
                    continue
                yield add + (word[len(strip):] if strip else word), cont


def _read_aff(path: str) -> _Affixes:
    import re

    aff = _Affixes()
    with open(path, "rb") as handle:
        raw = handle.read()
    for line in raw.decode("latin-1").splitlines():
        if line.startswith("SET "):
            aff.encoding = _codec(line.split()[1])
            break
    text = raw.decode(aff.encoding, errors="replace")
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        tag = parts[0]
        if tag == "FLAG" and len(parts) > 1:
            aff.flag_type = {"long": "long", "num": "num"}.get(parts[1], "char")
        elif tag == "FORBIDDENWORD" and len(parts) > 1:
            aff.forbidden = parts[1]
        elif tag == "NEEDAFFIX" and len(parts) > 1:
            aff.needaffix = parts[1]
        elif tag in ("PFX", "SFX") and len(parts) >= 4:
            flag = parts[1]
            if flag not in aff.rules and parts[3].isdigit() and parts[2] in ("Y", "N"):
                aff.rules[flag] = (tag == "PFX", parts[2] == "Y", [])
                continue
            if flag in aff.rules and len(parts) >= 4:
                strip = "" if parts[2] == "0" else parts[2]
                add, _, cont = parts[3].partition("/")
                add = "" if add == "0" else add
                cond = parts[4] if len(parts) > 4 else "."
                if cond == ".":
                    condition = None
                else:
                    try:
                        condition = re.compile(cond + "$" if tag == "SFX" else "^" + cond)
                    except re.error:
                        continue
                aff.rules[flag][2].append((strip, add, condition, aff.parse_flags(cont)))
    return aff


def _codec(name: str) -> str:
    import codecs

    try:
        return codecs.lookup(name.lower().replace("microsoft-", "")).name
    except LookupError:
        return "utf-8"


def dictionary_folders(dicpath: str | None, styles_path: str) -> list[str]:
    """Where `dictionaries` are looked up: dicpath, $DICPATH, <StylesPath>/config/dictionaries."""
    folders: list[str] = []
    if dicpath:
        folders.append(dicpath if os.path.isabs(dicpath) else os.path.normpath(os.path.join(styles_path, dicpath)))
    env = os.environ.get("DICPATH")
    if env:
        folders.extend(p for p in env.split(os.pathsep) if p)
    folders.append(os.path.join(styles_path, "config", "dictionaries"))
    return folders


def list_dictionaries(folder: str) -> list[str]:
    return sorted(os.path.splitext(os.path.basename(p))[0] for p in glob.glob(os.path.join(folder, "*.dic")))
