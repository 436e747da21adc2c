"""News.Figures within one article: one count (the dead, the injured) given two values, planted.

A story about one event gives one death toll; "killed 12" in the intro and
"killed 14" lower down is a slip the rule flags (the measures under
`within_article` in rules/News/Figures.yml). This script measures that check
on real copy:

1. Untouched: every such finding on the corpus as written (each is printed, to
   be read as an editor would), and how many sentences carry a count the check
   reads (and how many of those it leaves unjudged because they tell an update
   or another count: "rose to", "two more", "last month").
2. Planted: for each article, the first judged sentence with such a count (a
   plain number) is restated at the end of the article as a new paragraph,
   "Officials confirmed that <the sentence>", with the figure changed to twice
   it plus three, and again changed by one (the slip when an intro is updated
   and a later paragraph is not): plants, each must be flagged at the new
   paragraph; and once unchanged (a control: it must not be). The restatement is the real
   sentence, so this measures how the check reads real copy; it cannot measure
   restatements written in other words.

    python bench/figure_counts.py

The corpora are read from ../shared/corpus at run time (never copied into the
repository); a missing corpus is skipped.
"""

from __future__ import annotations

import re
import sys

# The corpus, the rule and the document reading are figure_changes.py's (its sibling here).
from figure_changes import RULE, SHARED, articles  # noqa: E402
from newslint.config import Config  # noqa: E402
from newslint.engine import lint_text, ruleset_for  # noqa: E402
from newslint.formats import parse  # noqa: E402
from newslint.reader import decode, make_document  # noqa: E402
from newslint.segment import sentences  # noqa: E402

PLAIN_NUMBER = re.compile(r"\d+")
QUOTE_MARKS = re.compile(r"[\"\u201c\u201d]")


def count_findings(text: str, path: str) -> list:
    return [f for f in lint_text(text, path, [RULE]) if f.rule == RULE and "two figures" in f.message]


def measure(corpus: str) -> None:
    paths = articles(corpus)
    if not paths:
        print(f"## {corpus}: skipped (no corpus at {SHARED / corpus})")
        return
    rule = ruleset_for(Config(), [RULE], []).get(RULE)
    untouched: list[str] = []
    read = unjudged = planted = caught = controls = control_findings = 0
    missed: list[str] = []
    for path in paths:
        decoded, _ = decode(str(path), path.read_bytes())
        if decoded is None:
            continue
        where = path.relative_to(SHARED).as_posix()
        doc = make_document(str(path), decoded)
        parse(doc, "plaintext")
        text = doc.source
        untouched += [f"{where}:{f.line}:{f.column} {f.message}" for f in count_findings(text, str(path))]
        chosen = None
        for block, claims, judged, _, _ in rule.counts(doc):
            read += 1
            unjudged += not judged
            if chosen is not None or not judged:
                continue
            claim = next((c for c in claims if PLAIN_NUMBER.fullmatch(c.text)), None)
            if claim is None:
                continue
            span = next(((s, e) for s, e in sentences(block) if s <= claim.start < e), None)
            if span is None or QUOTE_MARKS.search(block.text, *span):
                continue
            chosen = (block.text[span[0] : span[1]], claim.start - span[0], claim.text)
        if chosen is None:
            continue
        sentence, offset, figure = chosen
        lead = "Officials confirmed that " + sentence[0].lower()
        same = lead + sentence[1:]
        restatements = [(lead + sentence[1:offset] + wrong + sentence[offset + len(figure) :], wrong)
                        for wrong in (str(int(figure) * 2 + 3), str(int(figure) + 1))]
        for restated, wrong in [*restatements, (same, None)]:
            new_text = text.rstrip("\n") + "\n\n" + restated + "\n"
            last_line = new_text.count("\n")
            found = count_findings(new_text, str(path))
            if wrong is not None:
                planted += 1
                if any(f.line == last_line for f in found):
                    caught += 1
                else:
                    missed.append(f"{where}: {figure} -> {wrong}")
            else:
                controls += 1
                control_findings += len(found)
    print(f"## {corpus}: {len(paths)} articles")
    print(f"  sentences with a count the check reads: {read} ({unjudged} not judged: an update or another count)")
    print(f"  untouched: {len(untouched)} findings")
    for line in untouched:
        print(f"    {line}")
    print(f"  planted: {planted}, caught {caught} (recall {caught / planted if planted else 0.0:.2f}); "
          f"controls (restated unchanged): {controls}, findings on them {control_findings}")
    for line in missed[:10]:
        print(f"    missed: {line}")


def main() -> int:
    print("$ python bench/figure_counts.py")
    for corpus in ("bbc", "basil"):
        measure(corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
