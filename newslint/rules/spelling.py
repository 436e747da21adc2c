"""extends: spelling — offline spell checking against the bundled SCOWL list (Vale's kind).

Vale's keys: `custom` (turn off the default filters for acronyms, mixed case
and numbers), `filters` (regexes; a word any of them matches is skipped),
`ignore` (word-list files, one word a line, relative to the styles folder),
`dicpath`, `dictionaries` (Hunspell .dic/.aff pairs) and `append` (add those
dictionaries to the built-in one instead of replacing it).

newslint's keys: `exceptions` (words this rule accepts), `max_suggestions`,
`min_length`, `check_sentence_start` and `near_misses_only` (flag a word only
when a known word is within two edits of it: a typo, not an unknown term such
as a drug's name or a loanword, which has no near neighbour). Capitalised words in mid-sentence
are names, left to the names check; a capitalised word that opens a sentence
is checked only with check_sentence_start, and even then not when it is a
known proper noun, a census name, or appears again in the article.

The config vocabulary applies: accepted terms are never flagged, rejected terms
are flagged even when the dictionary knows them. Quoted speech, URLs, e-mail
addresses, hashtags and handles are left alone.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import regex

from ..document import Block, Document
from ..findings import Finding
from ..memo import register as register_memo
from ..segment import sentences
from ..speller import HYPHEN_PREFIXES as HYPHEN_FIRST  # "co-host", "e-mail", "x-ray"
from ..speller import MAX_WORD_LENGTH, Lexicon, builtin_lexicon, dictionary_folders, find_dictionary, lexicon_for
from ..yamlio import LinedDict
from .base import Match, Rule, string_list

# A word with the punctuation that can sit inside it: "minister's", "co-host",
# "U.S", "bbc.co.uk", "AT&T", "and/or". Only letters and digits start or end one.
TOKEN = re.compile(r"[^\W_](?:[\w'’.@&/\-]*[^\W_])?")
ROUGH_TOKEN = re.compile(r"[^\W_][\w'’.@&/\-]*")
TRAILING = "'’.@&/-_"
MAX_MEMO = 1_000_000
MAX_FINE = 30_000  # strings known to hold no flagged token (~4 MB at most; the commonest come first)

NOT_A_WORD = re.compile(r"[\d_]")
ENTITY_BEFORE = re.compile(r"&#?\w+;$")
# Lower-case particles of European names: "David dal Maso", "Ursula von der Leyen".
NAME_PARTICLES = frozenset("al bin da dal de dei del della der des di dos du el ibn la le van von zu".split())

OK: tuple = ()
BAD, CAP, REJECT = "bad", "cap", "reject"


class SpellingRule(Rule):
    kind = "spelling"
    keys = {
        "custom": (bool,),
        "filters": (list, str),
        "ignore": (list, str),
        "dicpath": (str,),
        "dictionaries": (list, str),
        "append": (bool,),
        "exceptions": (list, str),
        "max_suggestions": (int,),
        "min_length": (int,),
        "check_sentence_start": (bool,),
        "near_misses_only": (bool,),
    }
    default_message = "Did you really mean '%s'?"

    def configure(self, spec: LinedDict) -> None:
        self.custom = bool(spec.get("custom", False))
        self.filters = [self.compile(p, "filters") for p in string_list(self, "filters", spec.get("filters"))]
        self.max_suggestions = int(spec.get("max_suggestions", 3))
        self.min_length = int(spec.get("min_length", 2))
        if self.max_suggestions < 0:
            raise self.error("max_suggestions", "max_suggestions must be 0 or more")
        if self.min_length < 1:
            raise self.error("min_length", "min_length must be 1 or more")
        self.check_sentence_start = bool(spec.get("check_sentence_start", False))
        self.near_misses_only = bool(spec.get("near_misses_only", False))
        accepted = {w.lower().replace("’", "'") for w in string_list(self, "exceptions", spec.get("exceptions"))}
        for path in self._ignore_files(string_list(self, "ignore", spec.get("ignore"))):
            try:
                accepted |= _read_word_list(path)
            except OSError as exc:
                raise self.error("ignore", f"cannot read word list {path}: {exc.strerror or exc}") from None
        self.accepted = frozenset(w for w in accepted if " " not in w)
        # Phrases ("de facto", "kung fu") are accepted only as a whole.
        phrases = sorted({w for w in accepted | set(self.context.accept) if " " in w.strip()}, key=len, reverse=True)
        # A space or hyphen in a phrase matches either: "de facto", "de-facto".
        alternatives = [r"[\s\-]+".join(regex.escape(w) for w in regex.split(r"[\s\-]+", p.strip())) for p in phrases]
        self.phrases = regex.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", regex.IGNORECASE) if phrases else None
        self.lexicon = self._lexicon(spec)
        # The fast path: a token in this set is fine whatever its position.
        self._words = self.lexicon.words - self.context.reject if self.context.reject else self.lexicon.words
        self._whole_words = _whole_tokens(self._words)
        self._memo: dict[str, tuple] = {}
        # Rough tokens and whitespace chunks already found fine: subtracted as a
        # set, so a word seen in an earlier article costs no Python work.
        self._fine: set[str] = set()
        register_memo(self._memo.clear)
        register_memo(self._fine.clear)

    # -- configuration -----------------------------------------------------

    @property
    def styles_path(self) -> Path:
        """Vale's StylesPath: the folder holding this rule's style folder."""
        return Path(self.path).resolve().parent.parent

    def _ignore_files(self, names: list[str]) -> list[Path]:
        found: list[Path] = []
        for name in names:
            candidates = (
                [Path(name)]
                if os.path.isabs(name)
                else [self.styles_path / name, self.styles_path / "config" / "ignore" / name, Path(self.path).resolve().parent / name]
            )
            path = next((p for p in candidates if p.is_file()), None)
            if path is None:
                raise self.error("ignore", f"word list {name!r} not found (looked in {', '.join(str(c.parent) for c in candidates)})")
            found.append(path)
        return found

    def _lexicon(self, spec: LinedDict) -> Lexicon:
        names = string_list(self, "dictionaries", spec.get("dictionaries"))
        if not names:
            if spec.get("dicpath") or spec.get("append"):
                raise self.error("dicpath" if spec.get("dicpath") else "append", "'dicpath' and 'append' need 'dictionaries'")
            return builtin_lexicon()
        folders = dictionary_folders(spec.get("dicpath"), str(self.styles_path))
        pairs: list[tuple[str, str]] = []
        for name in names:
            pair = find_dictionary(name, folders)
            if pair is None:
                raise self.error("dictionaries", f"dictionary {name!r} not found: no {name}.dic in {', '.join(folders)}")
            pairs.append(pair)
        try:
            return lexicon_for(tuple(pairs), bool(spec.get("append", False)))
        except (OSError, UnicodeError, ValueError) as exc:
            raise self.error("dictionaries", f"cannot read dictionary: {exc}") from None

    # -- checking ------------------------------------------------------------

    def warm(self) -> None:
        if self.max_suggestions or self.near_misses_only:
            self.lexicon.suggest("tset", 1)  # loads the frequency ranks and the pool of common words

    def check(self, doc: Document) -> Iterator[Finding]:
        units = list(self.scope.units(doc))
        flagged = self._flagged_tokens("\n".join(u.block.text[u.start : u.end] for u in units))
        if not flagged:
            return  # the common case: one pass over the article, no positions needed
        for unit in units:
            for match in self._matches(unit.block, unit.start, unit.end, flagged, doc):
                finding = self.to_finding(doc, unit.block, match, check_skip=False)  # _matches applied skip()
                if finding is not None:
                    yield finding

    def _flagged_tokens(self, text: str) -> set[str]:
        """The distinct tokens of the text with a problem (the fast path: no positions).

        Most of an article is dictionary words between spaces, so the text is
        first cut at whitespace (str.split runs in C) and every chunk that is
        a dictionary word, or was found fine before, is dropped as a set
        operation. Only the chunks left (new names, numbers, words with
        punctuation attached) are tokenised with ROUGH_TOKEN; no token crosses
        whitespace and the pattern looks at no context, so this finds exactly
        the tokens of the whole text that are not dictionary words.
        ROUGH_TOKEN is TOKEN without the backtracking to a final letter, about
        three times faster; stripping its trailing punctuation gives the TOKEN
        match exactly.
        """
        # set.difference, not difference_update: the latter walks the whole
        # (much larger) dictionary instead of the article's few hundred chunks.
        fine = self._fine
        chunks = set(text.split()).difference(self._whole_words) - fine
        if not chunks:
            return set()
        candidates = set(ROUGH_TOKEN.findall(" ".join(chunks))) - self._words - fine
        memo = self._memo
        flagged: set[str] = set()
        # _classify's first test, inlined: without a reject list, capitalised
        # words (names) and numbers are fine, and they are most of what is left.
        quick = not self.context.reject and not self.check_sentence_start
        custom = self.custom
        words = self._words
        for rough in candidates:
            if quick and (
                (rough[0].isupper() and "-" not in rough)
                or (rough[0].isdigit() and not custom)
                # "year." is "year" with a trailing stop; a lower-case listed word is fine.
                or (rough[-1] in TRAILING and rough.rstrip(TRAILING) in words and rough.islower() and "’" not in rough)
            ):
                if len(fine) < MAX_FINE:
                    fine.add(rough)
                continue
            verdict = memo.get(rough)
            if verdict is None:
                verdict = self._verdict(rough.rstrip(TRAILING))
                if verdict and len(memo) < MAX_MEMO:
                    memo[rough] = verdict
            if verdict:
                flagged.add(rough.rstrip(TRAILING))
            elif len(fine) < MAX_FINE:
                fine.add(rough)
        if not flagged and len(fine) < MAX_FINE:
            # Every token of these chunks is fine (verdicts do not depend on the
            # article), so the chunks themselves ("said.", "(BBC)") are too.
            fine.update(chunks)
        return flagged

    def _verdict(self, token: str) -> tuple:
        verdict = self._memo.get(token)
        if verdict is None:
            verdict = self._classify(token)
            if len(self._memo) < MAX_MEMO:
                self._memo[token] = verdict
        return verdict

    def _matches(self, block: Block, start: int, end: int, flagged: set[str], doc: Document) -> Iterator[Match]:
        text = block.text
        segment = text[start:end]
        if not any(token in segment for token in flagged):
            return  # most paragraphs of an article with a misspelling are clean
        starts: set[int] | None = None
        phrases: list[tuple[int, int]] | None = None
        for m in TOKEN.finditer(text, start, end):
            token = m.group()
            if token not in flagged:
                continue
            if phrases is None:
                phrases = [p.span() for p in self.phrases.finditer(text, start, end)] if self.phrases else []
            if phrases and any(s <= m.start() and m.end() <= e for s, e in phrases):
                continue
            before = text[m.start() - 1] if m.start() > 0 else ""
            after = text[m.end() : m.end() + 1]
            if before in ("#", "@") or (before == "." and text[m.start() - 2 : m.start() - 1] != "."):
                continue  # hashtags, handles, file extensions (".png") and domains (".mobi"), not "...word"
            if after == "&" or (before == ";" and ENTITY_BEFORE.search(text, max(0, m.start() - 12), m.start())):
                continue  # "caf&#233;": an HTML entity left in plain text splits the word
            if after == "-":
                continue  # a suspended prefix: "nano- and micro-engineering"
            if before == "*" or after == "*":
                continue  # a word masked on purpose: "f***ing", "Motherf**ker"
            for part_start, part_end, kind in self._verdict(token):
                word = token[part_start:part_end]
                if kind == CAP:
                    if starts is None:
                        starts = _sentence_starts(block)
                    if m.start() + part_start not in starts or _used_again(doc, word) or _is_census_name(word):
                        continue
                at = m.start() + part_start
                if self.skip(block, at, at + len(word), word):
                    continue  # quoted speech, a URL: decided before the (costly) suggestions
                if kind == REJECT:
                    yield Match(at, at + len(word), (word,), [], f"'{word}' is on the vocabulary's reject list.")
                else:
                    suggestions = self.lexicon.suggest(word, max(self.max_suggestions, 1 if self.near_misses_only else 0))
                    if self.near_misses_only and not suggestions:
                        continue  # no known word near it: a term the dictionary lacks, not a slip
                    yield Match(at, at + len(word), (word,), suggestions[: self.max_suggestions])

    def _classify(self, token: str) -> tuple:
        """() when the token is fine, else (start, end, kind) for each flagged part."""
        word = token.replace("’", "'") if "’" in token else token
        reject = self.context.reject
        if not reject:
            # The two commonest cases first: names, and numbers ("2004", "£5bn").
            if word[0].isupper() and not self.check_sentence_start and "-" not in word:
                return OK  # a name: the names check's business
            if word[0].isdigit() and not self.custom:
                return OK
        lower = word.lower()
        if reject and lower in reject:
            return ((0, len(token), REJECT),)
        if lower in self._words and not (reject and "-" in lower and any(p in reject for p in lower.split("-"))):
            return OK  # "The", "Minister's" spelt like a listed word
        if word[0].isupper() and not self.check_sentence_start and "-" not in word:
            return OK
        if not word.isalpha():
            if not self.custom and NOT_A_WORD.search(word):
                return OK  # numbers, "£5bn", snake_case
            if any(ch in word for ch in "./@&"):
                return OK  # domains, initialisms, "AT&T", "and/or"
        if self._accepted(lower):
            return OK
        if not self.custom and _is_acronym(word):
            return OK
        if self.filters and any(f.search(token) for f in self.filters):
            return OK
        if self.context.accept_patterns and self.context.accepted(token):
            return OK
        if "-" in word:
            if self.lexicon.known(lower):
                return OK
            if any(part[:1].isupper() for part in word.split("-")):
                return OK  # part of a name: "Abish-uly", "Ould-Abdallah"
            out: list[tuple[int, int, str]] = []
            offset = 0
            parts = word.split("-")
            for i, part in enumerate(parts):
                verdict = self._classify_part(part, last=i == len(parts) - 1)
                if verdict:
                    out.append((offset, offset + len(part), verdict))
                offset += len(part) + 1
            return tuple(out)
        verdict = self._classify_part(word, last=True)
        return ((0, len(token), verdict),) if verdict else OK

    def _accepted(self, lower: str) -> bool:
        """In the rule's exceptions or the accepted vocabulary, also as a plural or possessive."""
        for form in (lower, _strip_possessive(lower), lower[:-1] if lower.endswith("s") else ""):
            if form and (form in self.accepted or form in self.context.accept):
                return True
        return False

    def _classify_part(self, part: str, last: bool) -> str | None:
        part = part.lstrip("'")  # "shoot-'em-ups", "'til"
        lower = part.lower()
        if len(part) < self.min_length or len(part) > MAX_WORD_LENGTH or self._accepted(lower):
            return None  # a run too long to be a word (speller.MAX_WORD_LENGTH) is not flagged
        if lower in self.context.reject:
            return REJECT
        if not _latin(part):
            return None  # other scripts need their own dictionary
        if lower in NAME_PARTICLES or lower.startswith(("d'", "l'")):
            return None  # "Leonardo da Vinci", "Palme d'Or", "coup d'etat"
        lexicon = self.lexicon
        if not last and lower in HYPHEN_FIRST:
            return None
        if part[0].isupper():
            if not self.check_sentence_start:
                return None  # mid-sentence capitals are names: the names check's business
            if not self.custom and (_is_acronym(part) or _mixed_case(part)):
                return None
            stem = _strip_possessive(part)
            if stem in lexicon.proper or lexicon.known(lower) or lexicon.known(stem.lower()):
                return None
            return CAP  # flagged only where it opens a sentence
        if not self.custom and _mixed_case(part):
            return None  # iPhone, eBay
        if lexicon.known(lower) or lower in lexicon.proper_lower or _strip_possessive(lower) in lexicon.proper_lower:
            return None
        return BAD


# For the check that every dictionary word is one whole token: the ASCII bytes a
# token may hold (deleted in one C-level pass; the few characters left must be
# token characters too), and a line break before a character no token starts with.
_TOKEN_ASCII = bytes(c for c in range(128) if re.fullmatch(r"[\w'.@&/\-]", chr(c))) + b"\n"
_IN_TOKEN = re.compile(r"[\w'’.@&/\-]*")
_BAD_START = re.compile(r"\n[\W_]")
_WHOLE_CACHE: dict[int, tuple[frozenset[str], frozenset[str]]] = {}


def _whole_tokens(words: frozenset[str]) -> frozenset[str]:
    """The words that are each one whole ROUGH_TOKEN (for the bundled list: all of them).

    Dropping a whitespace chunk because it is in this set loses no token. A
    few C-level passes over the joined words settle the common case (~15 ms
    for the bundled list, against ~100 ms word by word); the per-word check
    runs only for a dictionary with odd entries ("'tis", "-ism", "a b").
    """
    cached = _WHOLE_CACHE.get(id(words))
    if cached is not None and cached[0] is words:
        return cached[1]
    joined = "\n".join(words)
    others = joined.encode("utf-8").translate(None, _TOKEN_ASCII).decode("utf-8")  # non-ASCII and stray characters
    if "" not in words and _IN_TOKEN.fullmatch(others) and not _BAD_START.search("\n" + joined):
        whole = words
    else:
        whole = frozenset(w for w in words if ROUGH_TOKEN.fullmatch(w))
    _WHOLE_CACHE[id(words)] = (words, whole)
    return whole


def _strip_possessive(word: str) -> str:
    if word.endswith(("'s", "'S")):
        return word[:-2]
    return word[:-1] if word.endswith("'") else word


def _is_acronym(word: str) -> bool:
    """BBC, MPs, NGO's: capitals, perhaps with a plural or possessive s."""
    core = word[:-2] if word.endswith("'s") else word[:-1] if word.endswith("s") else word
    return len(core) >= 2 and core.isupper()


def _mixed_case(word: str) -> bool:
    """A capital after the first letter that does not start a part: iPhone, McCain, TimeWarner."""
    for i, ch in enumerate(word[1:], 1):
        if ch.isupper() and word[i - 1] not in "'-":
            return True
    return False


_LATIN = regex.compile(r"[\p{Latin}'’]+")


def _latin(word: str) -> bool:
    return word.isascii() or bool(_LATIN.fullmatch(word))


def _sentence_starts(block: Block) -> set[int]:
    """Offsets of the first word of each sentence in the block."""
    text = block.text
    out: set[int] = set()
    for start, end in sentences(block):
        m = TOKEN.search(text, start, end)
        if m is not None:
            out.add(m.start())
        # A colon or dash may start a new clause with a capital; treat it like a sentence start.
    for m in re.finditer(r"[:;—–]\s+", text):
        nxt = TOKEN.match(text, m.end())
        if nxt is not None:
            out.add(nxt.start())
    return out


@lru_cache(maxsize=1)
def _census_names() -> frozenset[str]:
    """Given names and surnames from the US Census 1990 lists (the `names` package)."""
    try:
        import names as census
    except ImportError:  # pragma: no cover - a core dependency
        return frozenset()
    folder = os.path.dirname(census.__file__)
    out: set[str] = set()
    for name in ("dist.all.last", "dist.male.first", "dist.female.first"):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as handle:
                out.update(line.split(" ", 1)[0].lower() for line in handle if line.strip())
    return frozenset(out)


def _is_census_name(word: str) -> bool:
    return _strip_possessive(word).lower() in _census_names()


def _used_again(doc: Document, word: str) -> bool:
    """A capitalised unknown word that recurs in the article is a name, not a typo."""
    return len(re.findall(r"(?<!\w)" + re.escape(word) + r"(?!\w)", doc.source)) > 1


def _read_word_list(path: Path) -> set[str]:
    words: set[str] = set()
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(line.lower().replace("’", "'"))
    return words
