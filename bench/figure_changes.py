"""News.Figures within one article: stated changes against their own endpoints, planted.

A sentence such as "profit rose 20% to $3.1bn from $2.1bn" states a change and
the endpoints it came from; the rule flags the change when the endpoints say
otherwise. This script measures that check on real copy:

1. Untouched: every such finding on the corpus as written (each is printed, to
   be read as an editor would), and how many stated changes the rule reads,
   by word order ("from X to Y" or "to Y from X").
2. Planted (fixed seed): in each article with a change the rule reads as
   consistent, one is made wrong. A stated change figure ("up 20%") becomes
   about twice the true change plus ten points, same direction; where only a
   verb tells the change ("fell to 77,000 from 85,000"), the verb is turned
   round ("rose to 77,000 from 85,000"). Recall is the share of plants a
   finding of the rule covers. Findings the plant causes elsewhere in the
   article are counted as knock-on.

    python bench/figure_changes.py                 # BBC and BASIL, seed 7
    python bench/figure_changes.py --seed 3

The corpora are read from ../shared/corpus at run time (never copied into the
repository); a missing corpus is skipped.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO))

from newslint.config import Config  # noqa: E402
from newslint.engine import lint_text, ruleset_for  # noqa: E402
from newslint.formats import parse  # noqa: E402
from newslint.reader import decode, make_document  # noqa: E402

RULE = "News.Figures"
LEADING_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
OPPOSITE = {
    "rose": "fell", "fell": "rose", "risen": "fallen", "fallen": "risen", "rise": "fall", "fall": "rise",
    "rising": "falling", "falling": "rising", "increased": "decreased", "decreased": "increased",
    "grew": "shrank", "shrank": "grew", "climbed": "dropped", "dropped": "climbed", "jumped": "slumped",
    "slumped": "jumped", "up": "down", "down": "up", "cut": "raised", "raised": "cut", "gained": "lost",
    "lost": "gained", "declined": "increased", "reduced": "increased", "drop": "rise", "increase": "decrease",
    "decrease": "increase", "higher": "lower", "lower": "higher", "soared": "plunged", "plunged": "soared",
}


def articles(corpus: str) -> list[Path]:
    root = SHARED / corpus
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*.txt") if p.name.lower() != "readme.txt")


def change_findings(text: str) -> list:
    return [f for f in lint_text(text, select=[RULE]) if f.rule == RULE and "does not match" in f.message]


def wrong_value(before: float, after: float, dim: str) -> float:
    true = (after / before - 1) * 100 if dim == "percent" else after - before
    return round(abs(true) * 2 + 10)


def measure(corpus: str, seed: int) -> None:
    paths = articles(corpus)
    if not paths:
        print(f"## {corpus}: skipped (no corpus at {SHARED / corpus})")
        return
    rule = ruleset_for(Config(), [RULE], []).get(RULE)
    rng = random.Random(seed)
    untouched: list[tuple[str, object]] = []
    orders = {"from X to Y": 0, "to Y from X": 0}
    told = {"figure": 0, "verb": 0}
    planted = {"figure": 0, "verb": 0}
    caught = {"figure": 0, "verb": 0}
    knock_on = skipped = 0
    missed: list[str] = []
    for path in paths:
        decoded, _ = decode(str(path), path.read_bytes())
        if decoded is None:
            continue
        doc = make_document(str(path), decoded)
        parse(doc, "plaintext")
        text = doc.source
        found = change_findings(text)
        untouched.extend((path.relative_to(SHARED).as_posix(), f) for f in found)
        eligible = []
        for block, before, after, change, verb in rule.told_changes(doc):
            orders["from X to Y" if before.start < after.start else "to Y from X"] += 1
            what = "figure" if change is not None else "verb"
            told[what] += 1
            start, end = block.source_span(*((change.start, change.end) if change is not None else (verb.start, verb.end)))
            if any(f.start < end and start < f.end for f in found):
                continue  # already flagged as written
            written = text[start:end]
            if change is not None:
                number = LEADING_NUMBER.search(written)
                if change.dim not in ("percent", "points") or number is None:
                    skipped += 1  # multipliers and "five per cent": left alone
                    continue
                new = written[: number.start()] + str(wrong_value(before.value, after.value, change.dim)) + written[number.end() :]
            else:
                opposite = OPPOSITE.get(written.lower())
                if opposite is None:
                    skipped += 1
                    continue
                new = opposite.capitalize() if written[0].isupper() else opposite
            eligible.append((what, start, end, written, new))
        if not eligible:
            continue
        what, start, end, written, new = rng.choice(eligible)
        planted_text = text[:start] + new + text[end:]
        new_end = start + len(new)
        planted[what] += 1
        after_findings = change_findings(planted_text)
        if any(f.start < new_end and start < f.end for f in after_findings):
            caught[what] += 1
        else:
            line = text.count("\n", 0, start) + 1
            missed.append(f"{path.relative_to(SHARED).as_posix()}:{line} {written!r} -> {new!r}")
        knock_on += sum(1 for f in after_findings if not (f.start < new_end and start < f.end)) - len(found)
    print(f"## {corpus}: {len(paths)} articles, seed {seed}")
    print(f"  changes told with their endpoints: {sum(orders.values())} ({', '.join(f'{k}: {v}' for k, v in orders.items())}; "
          f"by a change figure {told['figure']}, by a verb alone {told['verb']})")
    print(f"  untouched: {len(untouched)} findings")
    for where, f in untouched:
        print(f"    {where}:{f.line}:{f.column} {f.message}")
    total, hits = sum(planted.values()), sum(caught.values())
    print(f"  planted: {total}, one per article with a change read as consistent ({skipped} changes could not be "
          f"planted: multipliers, figures in words, verbs without an opposite here)")
    parts = ", ".join(f"{k} {caught[k]}/{planted[k]}" for k in planted)
    print(f"  recall {hits / total if total else 0.0:.2f} ({hits}/{total}: {parts}); knock-on findings {knock_on}")
    for line in missed[:10]:
        print(f"    missed: {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"$ python bench/figure_changes.py --seed {args.seed}")
    for corpus in ("bbc", "basil"):
        measure(corpus, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
