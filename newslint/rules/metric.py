"""extends: metric — evaluate a readability-style formula and flag it against a condition (Vale).

`formula` is arithmetic over Vale's variables (words, sentences, syllables,
characters, complex_words, long_words, polysyllabic_words, paragraphs, list,
blockquote, pre, heading.h1..h6) plus newslint's pre-built scores
(flesch_kincaid, flesch_reading_ease, gunning_fog, coleman_liau, smog,
automated_readability, lix). `condition` is a comparison such as "> 8.0" that
the value is tested against; the message's %s is the value (two decimals).

Formulas are parsed with `ast` and walked by a small evaluator that allows
numbers, the variables, + - * / % ** and a few math functions (Vale's Tengo
`math.sqrt(...)` spelling works) — never eval(). A formula that does not parse
or names an unknown variable is an error at the rule file's line.

Without a scope (or with `text`/`summary`, as in Vale) the rule measures the
whole document's body prose — paragraphs, list items and blockquotes, not
headlines or headings — and reports once, at the start of that prose. Any
other scope measures each block (or sentence) it selects.
"""

from __future__ import annotations

import ast
import math
import operator
from typing import Any, Callable, Iterator

import regex

from ..document import Block, Document
from ..findings import Finding
from ..readability import SCORE_NAMES, measure
from ..segment import sentences
from ..yamlio import LinedDict
from .base import Match, Rule, format_message

BODY_KINDS = ("paragraph", "list", "blockquote")
COUNT_NAMES = ("words", "sentences", "syllables", "characters", "complex_words", "long_words", "polysyllabic_words", "paragraphs")
STRUCTURE_NAMES = ("list", "blockquote", "pre", *(f"heading_h{n}" for n in range(1, 7)))
VARIABLES = frozenset((*COUNT_NAMES, *STRUCTURE_NAMES, *SCORE_NAMES))

_FUNCTIONS: dict[str, Callable[..., float]] = {
    "sqrt": math.sqrt,
    "pow": math.pow,
    "log": math.log,
    "log10": math.log10,
    "log2": math.log2,
    "exp": math.exp,
    "abs": abs,
    "floor": math.floor,
    "ceil": math.ceil,
    "round": round,
    "trunc": math.trunc,
    "min": min,
    "max": max,
}
_CONSTANTS = {"pi": math.pi, "e": math.e}
_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_COMPARE: dict[type, Callable[[float, float], bool]] = {
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_HEADING_VAR = regex.compile(r"\bheading\.(h[1-6])\b")
MAX_FORMULA = 2000
# evaluate() recurses once per level; a formula deeper than this is not a readability formula.
MAX_DEPTH = 100


class FormulaError(ValueError):
    """A formula or condition that cannot be evaluated safely."""


def to_python_syntax(expr: str) -> str:
    """Tengo spellings Vale formulas use, in Python syntax: heading.h1, &&, ||."""
    expr = _HEADING_VAR.sub(r"heading_\1", expr)
    expr = expr.replace("&&", " and ").replace("||", " or ")
    return regex.sub(r"!(?!=)", " not ", expr)


def parse_formula(expr: str, extra: frozenset[str] = frozenset()) -> ast.expr:
    """Parse and validate an expression; raises FormulaError naming what is not allowed.

    extra: names allowed besides the variables (a condition's value).
    """
    text = " ".join(to_python_syntax(expr).split())
    if not text:
        raise FormulaError("empty expression")
    if len(text) > MAX_FORMULA:
        raise FormulaError(f"expression longer than {MAX_FORMULA} characters")
    try:
        tree = ast.parse(text, mode="eval")
        _validate(tree.body, extra)
    except SyntaxError as exc:
        raise FormulaError(f"cannot parse {expr.strip()!r}: {exc.msg}") from None
    except (RecursionError, MemoryError):
        raise FormulaError("the expression is nested too deeply") from None
    if _depth(tree.body) > MAX_DEPTH:
        raise FormulaError(f"the expression is nested more than {MAX_DEPTH} levels deep")
    return tree.body


def _depth(node: ast.AST) -> int:
    return 1 + max((_depth(child) for child in ast.iter_child_nodes(node)), default=0)


def _validate(node: ast.AST, extra: frozenset[str] = frozenset()) -> None:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise FormulaError(f"only numbers are allowed, not {node.value!r}")
    elif isinstance(node, ast.Name):
        if node.id not in VARIABLES and node.id not in _CONSTANTS and node.id not in extra:
            raise FormulaError(f"unknown variable {node.id!r} (known: {', '.join(sorted(VARIABLES))})")
    elif isinstance(node, ast.Attribute):
        if not (isinstance(node.value, ast.Name) and node.value.id == "math" and node.attr in _CONSTANTS):
            raise FormulaError("only math.pi and math.e may be read from math")
    elif isinstance(node, ast.Call):
        name = _function_name(node.func)
        if name not in _FUNCTIONS:
            raise FormulaError(f"unknown function {name!r} (known: {', '.join(sorted(_FUNCTIONS))})")
        if node.keywords or not node.args:
            raise FormulaError(f"{name}() takes positional arguments only")
        for arg in node.args:
            _validate(arg, extra)
    elif isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            raise FormulaError(f"operator {type(node.op).__name__} is not allowed")
        _validate(node.left, extra)
        _validate(node.right, extra)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
            raise FormulaError(f"operator {type(node.op).__name__} is not allowed")
        _validate(node.operand, extra)
    elif isinstance(node, ast.Compare):
        if any(type(op) not in _COMPARE for op in node.ops):
            raise FormulaError("only < <= > >= == != comparisons are allowed")
        _validate(node.left, extra)
        for comparator in node.comparators:
            _validate(comparator, extra)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            _validate(value, extra)
    else:
        raise FormulaError(f"{type(node).__name__} is not allowed in a formula")


def _function_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "math":
        return func.attr
    return ast.unparse(func)


def evaluate(node: ast.expr, variables: dict[str, float]) -> Any:
    """Walk a validated expression; arithmetic is done in floats (overflow raises)."""
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        if node.id in variables:
            return variables[node.id]
        return _CONSTANTS[node.id]
    if isinstance(node, ast.Attribute):
        return _CONSTANTS[node.attr]
    if isinstance(node, ast.Call):
        return float(_FUNCTIONS[_function_name(node.func)](*(evaluate(a, variables) for a in node.args)))
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](evaluate(node.left, variables), evaluate(node.right, variables))
    if isinstance(node, ast.UnaryOp):
        value = evaluate(node.operand, variables)
        if isinstance(node.op, ast.Not):
            return not value
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Compare):
        left = evaluate(node.left, variables)
        for op, comparator in zip(node.ops, node.comparators):
            right = evaluate(comparator, variables)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.BoolOp):
        values = (evaluate(v, variables) for v in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)
    raise FormulaError(f"{type(node).__name__} is not allowed")  # pragma: no cover - _validate rejects it


VALUE = "__value__"


class MetricRule(Rule):
    kind = "metric"
    keys = {"formula": (str, int, float), "condition": (str,)}
    required = ("formula", "condition")
    default_message = "The formula's value is %s."

    def configure(self, spec: LinedDict) -> None:
        try:
            self.formula = parse_formula(str(spec["formula"]))
        except FormulaError as exc:
            raise self.error("formula", f"bad formula: {exc}") from None
        condition = str(spec["condition"]).strip()
        if not condition:
            raise self.error("condition", "'condition' must not be empty, e.g. '> 8.0'")
        try:
            self.condition = _parse_condition(condition)
        except FormulaError as exc:
            raise self.error("condition", f"bad condition {condition!r}: {exc}") from None
        # Vale measures the whole document unless a rule names other scopes.
        declared = spec.get("scope")
        names = [declared] if isinstance(declared, str) else list(declared or [])
        self.whole_document = not names or all(n in ("text", "summary") for n in names)

    # -- measuring ---------------------------------------------------------------

    def value(self, variables: dict[str, float]) -> float | None:
        """The formula's value, or None when it cannot be measured on this text."""
        if not variables.get("words"):
            return None
        try:
            result = evaluate(self.formula, variables)
            result = float(result)
        except (ZeroDivisionError, OverflowError, ValueError, TypeError):
            # Division by zero or a math domain error on this text: nothing to report.
            return None
        if math.isnan(result) or math.isinf(result):
            return None
        return result

    def triggered(self, value: float, variables: dict[str, float]) -> bool:
        try:
            return bool(evaluate(self.condition, {**variables, VALUE: value}))
        except (ZeroDivisionError, OverflowError, ValueError, TypeError):
            return False

    def check(self, doc: Document) -> Iterator[Finding]:
        if self.whole_document:
            blocks = [b for b in doc.blocks if b.kind in BODY_KINDS]
            if blocks:
                finding = self._finding(doc, blocks[0], 0, _body_variables(doc, blocks))
                if finding is not None:
                    yield finding
            return
        for unit in self.scope.units(doc):
            text = unit.block.text[unit.start : unit.end]
            count = sum(1 for s, e in sentences(unit.block) if unit.start <= s < unit.end) or 1
            variables = {**measure([(text, count)]).variables(), **_structure_counts(doc)}
            finding = self._finding(doc, unit.block, unit.start, variables)
            if finding is not None:
                yield finding

    def _finding(self, doc: Document, block: Block, at: int, variables: dict[str, float]) -> Finding | None:
        value = self.value(variables)
        if value is None or not self.triggered(value, variables):
            return None
        shown = f"{value:.2f}"
        # A metric describes a stretch of text, not a phrase: a zero-width span at its start.
        match = Match(at, at, (shown,), message=format_message(self.message, (shown,)))
        return self.to_finding(doc, block, match, check_skip=False)


def _body_variables(doc: Document, blocks: list[Block]) -> dict[str, float]:
    """The whole document's variables, measured once however many metric rules ask."""
    cached = doc.metadata.get("_metric_body")
    if cached is None:
        stats = measure((b.text, len(sentences(b))) for b in blocks)
        cached = {**stats.variables(), **_structure_counts(doc)}
        doc.metadata["_metric_body"] = cached
    return cached  # type: ignore[return-value]


def _parse_condition(condition: str) -> ast.expr:
    """A condition is appended to the value, as Vale does: '> 8.0' means value > 8.0."""
    node = parse_formula(f"{VALUE} {condition}", frozenset({VALUE}))
    if not isinstance(node, (ast.Compare, ast.BoolOp)):
        raise FormulaError("a condition compares, e.g. '> 8.0' or '< 60'")
    return node


def _structure_counts(doc: Document) -> dict[str, float]:
    """Vale's structural variables: headings per level, lists, blockquotes, pre."""
    cached = doc.metadata.get("_metric_structure")
    if cached is None:
        counts = {name: 0.0 for name in STRUCTURE_NAMES}
        for block in doc.blocks:
            if block.kind in ("heading", "headline"):
                key = f"heading_h{min(max(block.level or 1, 1), 6)}"
                counts[key] += 1
            elif block.kind == "list":
                counts["list"] += 1
            elif block.kind == "blockquote":
                counts["blockquote"] += 1
        doc.metadata["_metric_structure"] = counts
        cached = counts
    return cached  # type: ignore[return-value]
