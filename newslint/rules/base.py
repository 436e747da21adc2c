"""The Rule base class every rule kind extends, and the scopes rules run over.

A rule kind is one module with one Rule subclass, registered in
newslint/rules/__init__.py. A subclass declares its own YAML keys in `keys`,
reads them in `configure`, and yields matches from `matches` (or overrides
`check` when it needs the whole document). The base class owns what every kind
shares: the common keys, scopes, quoted-speech and URL protection, accepted
vocabulary, message formatting and the mapping of text offsets to line:column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Iterator

import regex

from ..diskcache import compile_regex
from ..document import Block, Document, OffsetMap
from ..errors import RuleError
from ..findings import LEVELS, Finding
from ..matching import GatedPattern, gated, may_match_document
from ..segment import in_spans, protected_spans, quote_spans, quotes, sentences
from ..yamlio import LinedDict

# Keys every kind accepts (Vale's shared keys plus newslint's description).
COMMON_KEYS: dict[str, tuple[type, ...]] = {
    "extends": (str,),
    "message": (str,),
    "description": (str,),
    "level": (str,),
    "scope": (str, list),
    "link": (str,),
    "limit": (int,),
    "action": (dict,),
    "code": (bool,),
}

BLOCK_SCOPES = {"headline", "heading", "paragraph", "list", "blockquote", "caption", "alt", "table"}
SCOPE_ALIASES = {"title": "headline", "summary": "text", "li": "list", "table.cell": "table", "table.header": "table"}
SPECIAL_SCOPES = {"text", "sentence", "raw", "quote"}


@dataclass(slots=True)
class Match:
    """A rule's hit in a block's text: offsets, %s arguments, suggested replacements."""

    start: int
    end: int
    args: tuple[str, ...] = ()
    suggestions: list[str] = field(default_factory=list)
    message: str | None = None  # overrides the rule's message (already formatted)


@dataclass
class RuleContext:
    """What a run shares with every rule: accepted and rejected terms, regex time limit."""

    accept: frozenset[str] = frozenset()  # lower-cased accepted terms (config vocabulary)
    reject: frozenset[str] = frozenset()
    accept_patterns: tuple[regex.Pattern, ...] = ()
    match_timeout: float = 2.0

    def accepted(self, text: str) -> bool:
        if text.lower() in self.accept:
            return True
        return any(p.fullmatch(text) for p in self.accept_patterns)


@dataclass(slots=True)
class Unit:
    """A span of one block that a scope selects: a whole block, a sentence or a quotation."""

    block: Block
    start: int
    end: int


class Scope:
    """Vale's scope selectors: text, heading(.hN), paragraph, sentence, list, raw, quote, ~negation."""

    def __init__(self, value: str | list[str], rule: "Rule"):
        names = [value] if isinstance(value, str) else list(value)
        self.include: set[str] = set()
        self.exclude: set[str] = set()
        self.heading_levels: set[int] = set()
        for raw_name in names:
            if not isinstance(raw_name, str):
                raise rule.error("scope", f"scope entries must be strings, not {type(raw_name).__name__}")
            for name in raw_name.split("&"):
                self._add(name.strip(), rule)
        if not self.include:
            self.include.add("text")

    def _add(self, name: str, rule: "Rule") -> None:
        negate = name.startswith("~")
        name = SCOPE_ALIASES.get(name.lstrip("~"), name.lstrip("~"))
        level = 0
        if name.startswith("heading.h") and name[9:].isdigit():
            level, name = int(name[9:]), "heading"
        if name not in BLOCK_SCOPES and name not in SPECIAL_SCOPES:
            known = ", ".join(sorted(BLOCK_SCOPES | SPECIAL_SCOPES | set(SCOPE_ALIASES)))
            raise rule.error("scope", f"unknown scope {name!r} (known: {known})")
        if negate:
            self.exclude.add(name)
            return
        self.include.add(name)
        if level:
            self.heading_levels.add(level)

    @property
    def includes_quotes(self) -> bool:
        return "quote" in self.include or "raw" in self.include

    def _block_selected(self, block: Block) -> bool:
        if block.kind == "meta" or block.kind in self.exclude:
            return False
        if block.kind == "headline" and "heading" in self.exclude:
            return False
        if "text" in self.include or "sentence" in self.include or "quote" in self.include:
            return True
        if block.kind in self.include:
            return True
        if "heading" in self.include and block.kind in ("heading", "headline"):
            if not self.heading_levels:
                return True
            level = block.level or 1
            return level in self.heading_levels
        return False

    def units(self, doc: Document) -> Iterator[Unit]:
        if "raw" in self.include:
            yield Unit(raw_block(doc), 0, len(doc.source))
            return
        sentence_scope = "sentence" in self.include
        quote_only = self.include == {"quote"}
        for block in doc.blocks:
            if not self._block_selected(block):
                continue
            if quote_only:
                for q in quotes(block):
                    start, end = q.inner
                    yield Unit(block, start, end)
            elif sentence_scope and not (self.include & (BLOCK_SCOPES | {"text"})):
                for start, end in sentences(block):
                    yield Unit(block, start, end)
            else:
                yield Unit(block, 0, len(block.text))

    @property
    def whole_blocks(self) -> bool:
        """True when every unit is a whole block of doc.blocks (not the raw source, not
        sentences or quotations)."""
        if "raw" in self.include or self.include == {"quote"}:
            return False
        return not ("sentence" in self.include and not (self.include & (BLOCK_SCOPES | {"text"})))

    def blocks(self, doc: Document) -> list[Block]:
        """The blocks units() draws from, in order, without making the units."""
        if "raw" in self.include:
            return [raw_block(doc)]
        sentence_scope = "sentence" in self.include and not (self.include & (BLOCK_SCOPES | {"text"}))
        quote_only = self.include == {"quote"}
        out: list[Block] = []
        for block in doc.blocks:
            if not self._block_selected(block):
                continue
            if quote_only and not quotes(block):
                continue
            if sentence_scope and not quote_only and not sentences(block):
                continue
            out.append(block)
        return out


def raw_block(doc: Document) -> Block:
    """The whole source as one block with an identity offset map (Vale's raw scope)."""
    cached = doc.metadata.get("_raw_block")
    if cached is None:
        cached = Block("raw", doc.source, OffsetMap.linear(0, len(doc.source)))
        doc.metadata["_raw_block"] = cached
    return cached  # type: ignore[return-value]


def format_message(template: str, args: Iterable[str]) -> str:
    """Fill Vale-style %s placeholders in order; missing arguments leave an empty string."""
    values = list(args)
    out: list[str] = []
    i = 0
    n = len(template)
    while i < n:
        ch = template[i]
        if ch == "%" and i + 1 < n:
            nxt = template[i + 1]
            if nxt == "%":
                out.append("%")
                i += 2
                continue
            if nxt in "sdvq":
                value = values.pop(0) if values else ""
                out.append(f'"{value}"' if nxt == "q" else str(value))
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)


class Rule:
    """A compiled rule: built once per run from its YAML file, then run on every document."""

    kind: ClassVar[str] = ""
    keys: ClassVar[dict[str, tuple[type, ...]]] = {}
    required: ClassVar[tuple[str, ...]] = ()
    default_scope: ClassVar[str | list[str]] = "text"
    default_message: ClassVar[str] = "%s"
    # Cross-source rules compare documents after every file is read.
    cross_source: ClassVar[bool] = False
    # A pattern every match of the rule needs (set by kinds that match one pattern):
    # a document whose blocks cannot hold it is skipped without visiting its blocks.
    document_gate: regex.Pattern | GatedPattern | None = None

    def __init__(self, rule_id: str, spec: LinedDict, path: str, context: RuleContext | None = None):
        self.id = rule_id
        self.spec = spec
        self.path = path
        self.context = context or RuleContext()
        self._check_keys()
        self.message: str = spec.get("message", self.default_message)
        self.description: str = spec.get("description", "")
        self.link: str = spec.get("link", "")
        level = spec.get("level", "warning")
        if level not in LEVELS:
            raise self.error("level", f"level must be one of {', '.join(LEVELS)}, not {level!r}")
        self.level: str = level
        self.scope = Scope(spec.get("scope", self.default_scope), self)
        self.action: dict[str, Any] = spec.get("action") or {}
        self.configure(spec)

    # -- loading -----------------------------------------------------------

    def _check_keys(self) -> None:
        allowed = {**COMMON_KEYS, **self.keys}
        for key, value in self.spec.items():
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.error(key, f"unknown key {key!r} for kind {self.kind!r} (known: {known})")
            expected = allowed[key]
            if value is None and key not in self.required:
                continue
            if not _is_instance(value, expected):
                names = " or ".join(_type_name(t) for t in expected)
                raise self.error(key, f"{key!r} must be {names}, not {_type_name(type(value))}")
        for key in self.required:
            if key not in self.spec:
                raise RuleError(self.path, f"kind {self.kind!r} needs the key {key!r}", self.spec.line)

    def error(self, key: str, message: str) -> RuleError:
        return RuleError(self.path, message, self.spec.line_of(key))

    def line_of(self, key: str) -> int:
        return self.spec.line_of(key)

    def configure(self, spec: LinedDict) -> None:
        """Read the kind's own keys; raise self.error(key, ...) on a bad value."""

    def compile(self, pattern: str, key: str, ignorecase: bool = False) -> regex.Pattern:
        """Compile a Vale-syntax pattern with the regex module, naming file:line on error."""
        flags = regex.V0 | (regex.IGNORECASE if ignorecase else 0)
        try:
            compiled = compile_regex(pattern, flags)  # regex.compile, cached on disk between runs
        except (regex.error, ValueError, TypeError, OverflowError) as exc:
            raise self.error(key, f"bad regex {pattern!r}: {exc}") from None
        return gated(compiled)

    # -- checking ----------------------------------------------------------

    def check(self, doc: Document) -> Iterator[Finding]:
        """Findings for one document: every unit the scope selects, filtered."""
        gate = self.document_gate
        if gate is not None and "raw" not in self.scope.include and not may_match_document(gate, doc):
            return  # the raw scope reads the source, which the blocks' index does not cover
        for unit in self.scope.units(doc):
            for match in self.matches(unit.block.text, unit.start, unit.end, unit.block, doc):
                finding = self.to_finding(doc, unit.block, match)
                if finding is not None:
                    yield finding

    def matches(self, text: str, start: int, end: int, block: Block, doc: Document) -> Iterable[Match]:
        """The kind's matches in text[start:end]."""
        return ()

    def skip(self, block: Block, start: int, end: int, matched: str) -> bool:
        """Quoted speech, URLs/code and accepted vocabulary are never flagged."""
        if block.kind != "raw":
            if not self.scope.includes_quotes and in_spans(quote_spans(block), start, end):
                return True
            if in_spans(protected_spans(block), start, end):
                return True
        return bool(matched) and self.context.accepted(matched)

    def to_finding(self, doc: Document, block: Block, match: Match, check_skip: bool = True) -> Finding | None:
        matched = block.text[match.start : match.end]
        if check_skip and self.skip(block, match.start, match.end, matched):
            return None
        src_start, src_end = block.source_span(match.start, match.end)
        line, column = doc.position(src_start)
        end_line, end_column = doc.end_position(src_end)
        message = match.message if match.message is not None else format_message(self.message, match.args or (matched,))
        exact = block.offsets.is_exact(match.start, match.end)
        return Finding(
            path=doc.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            rule=self.id,
            kind=self.kind,
            level=self.level,
            message=message,
            # The contract: source[start:end] == match, even where the rule saw
            # decoded text (an entity, a line break read as a space).
            match=doc.source[src_start:src_end],
            suggestions=list(match.suggestions),
            link=self.link,
            start=src_start,
            end=src_end,
            fixable=exact and not in_spans(quote_spans(block), match.start, match.end) if block.kind != "raw" else exact,
        )

    def warm(self) -> None:
        """Build now what the rule would load lazily on some later article.

        Called only before worker processes fork, so they share the data
        instead of each building a private copy mid-run.
        """

    # -- cross-source (only for kinds with cross_source = True) ----------------

    def summarize(self, doc: Document) -> Any:
        """A small picklable summary of what this rule needs from a document later."""
        return None

    def compare(self, summaries: dict[str, Any], stories: list[list[str]]) -> Iterator[Finding]:
        """Findings from comparing the summaries of the documents in each story."""
        return iter(())

    # -- documentation -----------------------------------------------------

    def explain(self) -> dict[str, Any]:
        return {
            "rule": self.id,
            "kind": self.kind,
            "level": self.level,
            "message": self.message,
            "description": self.description,
            "link": self.link,
            "path": self.path,
        }


def _is_instance(value: Any, expected: tuple[type, ...]) -> bool:
    if isinstance(value, bool) and bool not in expected:
        return False
    if float in expected and isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, expected)


def _type_name(t: type) -> str:
    # The YAML reader's own containers (LinedList, LinedDict) subclass list and dict:
    # name what the user wrote, not our class.
    for base, name in ((bool, "true or false"), (str, "a string"), (list, "a list"), (dict, "a mapping"), (int, "an integer"), (float, "a number")):
        if issubclass(t, base):
            return name
    return "null" if t is type(None) else t.__name__


def string_list(rule: Rule, key: str, value: Any) -> list[str]:
    """A YAML list of strings (or a single string), validated."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise rule.error(key, f"{key!r} must be a list of strings")
    out: list[str] = []
    for item in value:
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str):
            raise rule.error(key, f"every entry of {key!r} must be a string, not {_type_name(type(item))}")
        out.append(item)
    return out
