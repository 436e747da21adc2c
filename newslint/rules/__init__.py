"""The rule-kind registry: the one place a new kind is added.

Each entry maps a YAML `extends:` value to "module:Class". Modules are imported
on first use, so a run only pays for the kinds its rules use.
"""

from __future__ import annotations

import importlib

from .base import Rule

KINDS: dict[str, str] = {
    # Vale's kinds
    "existence": "newslint.rules.existence:ExistenceRule",
    "substitution": "newslint.rules.substitution:SubstitutionRule",
    "occurrence": "newslint.rules.occurrence:OccurrenceRule",
    "repetition": "newslint.rules.repetition:RepetitionRule",
    "consistency": "newslint.rules.consistency:ConsistencyRule",
    "conditional": "newslint.rules.conditional:ConditionalRule",
    "capitalization": "newslint.rules.capitalization:CapitalizationRule",
    "metric": "newslint.rules.metric:MetricRule",
    "spelling": "newslint.rules.spelling:SpellingRule",
    # newslint's news kinds
    "attribution": "newslint.rules.attribution:AttributionRule",
    "boilerplate": "newslint.rules.boilerplate:BoilerplateRule",
    "names": "newslint.rules.names:NamesRule",
    "figures": "newslint.rules.figures:FiguresRule",
    "quotes": "newslint.rules.quotes:QuotesRule",
    "languagetool": "newslint.rules.languagetool:LanguageToolRule",
}

# Vale kinds newslint knows but cannot run (Tengo scripts, NLP sequences): a Vale
# style that uses them still loads; those rules are skipped with a notice.
UNSUPPORTED_VALE_KINDS = {"script", "sequence"}


def rule_class(kind: str) -> type[Rule]:
    module_name, _, class_name = KINDS[kind].partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, class_name)
