"""Evaluate News.Names on planted given-name misspellings in real articles.

For every article with a person name (a common US Census given name followed by a
capitalised surname, outside quoted speech), one occurrence of the given name is
replaced by a one-edit misspelling (substitute, insert, delete or transpose one
letter) that no name list knows, with a fixed seed. We then lint each planted copy
and each untouched original with News.Names alone and report:

  recall           planted misspellings that got a finding
  suggestion_rate  planted misspellings whose finding suggests the original name
  precision        findings on the planted name / all findings in the planted copies
  per100_untouched findings per 100 untouched articles (false alarms: the corpus is edited copy)

Run:  python bench/names_eval.py [--seed N] [--limit N] [--misses N] [--speed]
The corpus is read at run time from ../shared/corpus/bbc; without it we skip.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

import regex

from newslint.config import Config
from newslint.engine import lint_text
from newslint.namedata import census_given, census_surnames, is_known_name
from newslint.segment import find_quotes

RULE = "News.Names"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"
SITE = regex.compile(r"\b(\p{Lu}\p{Ll}{3,})[ ](\p{Lu}['’]?\p{L}+(?:-\p{Lu}\p{Ll}+)?)\b")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
OPS = ("substitute", "insert", "delete", "transpose")
MIN_SITE_FREQUENCY = 0.02  # plant into names at least this common (per cent of the 1990 census)


def _sites(text: str) -> list[tuple[int, int, str]]:
    """(start, end, given name) of person names worth misspelling, outside quoted speech."""
    from newslint.lexicon import english_words

    quoted = [(q.start, q.end) for q in find_quotes(text)]
    words = english_words()
    given = census_given()
    out = []
    for m in SITE.finditer(text):
        first, last = m.group(1), m.group(2)
        if given.get(first.lower(), 0.0) < MIN_SITE_FREQUENCY or first.lower() in words:
            continue
        if last.lower() in words and last.lower() not in census_surnames():
            continue  # "Crystal Palace", "Grace Church": not a person
        if any(s <= m.start() < e for s, e in quoted):
            continue
        after = text[m.end() : m.end() + 2]
        if len(after) == 2 and after[0] == " " and after[1].isupper():
            continue  # "Lawrence Livermore National Laboratory", "Colin McRae Rally": a longer name
        if text[max(0, m.start() - 4) : m.start()].lower() == "the ":
            continue  # "the Simon Wiesenthal Center": an institution named after a person
        out.append((m.start(1), m.end(1), first))
    return out


def misspell(name: str, rng: random.Random) -> tuple[str, str] | None:
    """A one-edit misspelling of name that no lexicon knows, and the edit made."""
    for _ in range(50):
        op = rng.choice(OPS)
        lower = name.lower()
        i = rng.randrange(len(lower))
        if op == "substitute":
            new = lower[:i] + rng.choice(LETTERS.replace(lower[i], "")) + lower[i + 1 :]
        elif op == "insert":
            i = rng.randrange(len(lower) + 1)
            new = lower[:i] + rng.choice(LETTERS) + lower[i:]
        elif op == "delete":
            new = lower[:i] + lower[i + 1 :]
        else:
            if len(lower) < 2:
                continue
            i = rng.randrange(len(lower) - 1)
            if lower[i] == lower[i + 1]:
                continue
            new = lower[:i] + lower[i + 1] + lower[i] + lower[i + 2 :]
        word = new[:1].upper() + new[1:]
        if len(word) >= 2 and word.lower() != lower and not is_known_name(word):
            return word, op
    return None


def _findings(text: str, name: str) -> list:
    return [f for f in lint_text(text, name, [RULE], Config()) if f.rule == RULE]


def evaluate(articles: list[tuple[str, str]], seed: int) -> dict:
    """Plant one given-name misspelling per article (where there is a person name) and score News.Names."""
    rng = random.Random(seed)
    untouched = 0
    planted = found = suggested = planted_findings = 0
    by_op: Counter[str] = Counter()
    hit_by_op: Counter[str] = Counter()
    misses: list[str] = []
    for name, text in articles:
        untouched += len(_findings(text, name))
        sites = _sites(text)
        if not sites:
            continue
        start, end, original = rng.choice(sites)
        made = misspell(original, rng)
        if made is None:
            continue
        wrong, op = made
        copy = text[:start] + wrong + text[end:]
        results = _findings(copy, name)
        planted += 1
        by_op[op] += 1
        planted_findings += len(results)
        hits = [f for f in results if f.start < start + len(wrong) and start < f.end]
        if hits:
            found += 1
            hit_by_op[op] += 1
            if any(original in f.suggestions for f in hits):
                suggested += 1
        elif len(misses) < 400:
            misses.append(f"{name}: {original} -> {wrong} ({op}): …{copy[max(0, start - 50) : start + 40]}…".replace("\n", " "))
    n = len(articles)
    return {
        "articles": n,
        "planted": planted,
        "recall": found / planted if planted else 0.0,
        "suggestion_rate": suggested / planted if planted else 0.0,
        "precision": found / planted_findings if planted_findings else 1.0,
        "per100_untouched": 100.0 * untouched / n if n else 0.0,
        "untouched_findings": untouched,
        "recall_by_edit": {op: round(hit_by_op[op] / by_op[op], 3) for op in OPS if by_op[op]},
        "misses": misses,
    }


def load_corpus(root: Path = CORPUS, limit: int | None = None) -> list[tuple[str, str]]:
    articles = []
    for path in sorted(root.glob("*/*.txt")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        articles.append((f"{path.parent.name}/{path.name}", text))
    return articles[:limit] if limit else articles


def rule_cost(articles: list[tuple[str, str]], repeats: int = 3) -> float:
    """CPU milliseconds per KB News.Names itself costs (documents parsed and segmented beforehand)."""
    import time

    from newslint.formats import parse
    from newslint.reader import decode, make_document
    from newslint.rules.loader import load_rule
    from newslint.segment import protected_spans, quotes

    rule = load_rule(RULE, Path(__file__).resolve().parents[1] / "rules" / "News" / "Names.yml")
    docs = []
    for name, text in articles:
        decoded, _ = decode(name, text.encode("utf-8"))
        doc = make_document(name, decoded)
        parse(doc, "plaintext")
        for block in doc.blocks:  # shared with every other rule, so not charged to this one
            quotes(block)
            protected_spans(block)
        docs.append(doc)
    kb = sum(len(text.encode("utf-8")) for _, text in articles) / 1024
    best = float("inf")
    for _ in range(repeats):
        for doc in docs:
            doc.metadata.pop(f"_names:{RULE}", None)
        start = time.process_time()
        for doc in docs:
            list(rule.check(doc))
            rule.summarize(doc)
        best = min(best, time.process_time() - start)
    return 1000 * best / kb if kb else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--misses", type=int, default=0, help="print N missed plants")
    parser.add_argument("--speed", action="store_true", help="also time the rule (CPU ms per KB)")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"skipped: no corpus at {CORPUS}")
        return 0
    articles = load_corpus(limit=args.limit or None)
    result = evaluate(articles, args.seed)
    command = f"python bench/names_eval.py --seed {args.seed}" + (f" --limit {args.limit}" if args.limit else "") + (" --speed" if args.speed else "")
    print(f"$ {command}")
    print(f"articles {result['articles']}, planted {result['planted']}")
    print(f"recall           {result['recall']:.3f}   (target >= 0.7)")
    print(f"suggestion_rate  {result['suggestion_rate']:.3f}   (target >= 0.6)")
    print(f"precision        {result['precision']:.3f}   (target >= 0.9)")
    print(f"per100_untouched {result['per100_untouched']:.2f}    (target <= 5; {result['untouched_findings']} findings)")
    print(f"recall by edit   {result['recall_by_edit']}")
    if args.speed:
        print(f"rule cost        {rule_cost(articles):.3f} ms/KB of CPU (target: well under 0.3)")
    for line in result["misses"][: args.misses]:
        print("  miss", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
