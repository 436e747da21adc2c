"""Recall and precision of the news checks, measured by planting known errors in BBC copy.

Each check gets its own planted copy of every article (fixed seed):

* attribution — one credited quote that opens a sentence loses its credit:
  `"…," the minister said.` becomes `"…."`. Quotes back to back with another
  quote, or carrying on a run-on, are never picked (stripping them would only
  merge them into a neighbour's quotation). A plant "stands alone" when neither
  neighbouring sentence still names a speaker (a plain cue list kept here, not
  the rule's): recall is measured on those. The others are still credited by
  context (`The minister said taxes would rise. "We have no choice."`), which
  the rule's window accepts by design; how many of them are flagged is shown.
* boilerplate — one or two pieces written here (social call to action,
  newsletter pitch, app prompt, read-more teaser, click here, copyright line,
  cookie/JavaScript notice, sponsored label, tweet residue with its signature
  line, Instagram residue) are inserted between paragraphs; each line counts.

Recall: plants a finding overlaps. Precision: findings in the planted copies
that sit on a plant, against every other finding in those copies (findings
the article already had count against precision too). A finding the plant
newly causes on a neighbouring quote is "knock-on", counted neither way.
Noise: findings per 100 untouched articles.

If bench/names_eval.py exists (another check's evaluation), its row is printed
too: evaluate(articles, seed) -> {recall, precision, suggestion_rate, per100_untouched}.

    python bench/news_checks.py                    # whole BBC corpus, seed 7
    python bench/news_checks.py --limit 500 --seed 3

The corpus is read from ../shared/corpus/bbc at run time (never copied into
the repository); the script exits cleanly when it is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import string
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "bbc"
sys.path.insert(0, str(REPO))

from newslint.config import Config
from newslint.engine import lint_text

ATTRIBUTION = "News.Attribution"
BOILERPLATE = "News.Boilerplate"

Span = tuple[int, int]


@dataclass
class Tally:
    planted: int = 0
    caught: int = 0
    true_findings: int = 0
    false_findings: int = 0
    knock_on: int = 0
    context_planted: int = 0  # plants a neighbouring sentence still credits (attribution only)
    context_caught: int = 0
    untouched_findings: int = 0
    untouched_articles: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.planted if self.planted else 0.0

    @property
    def precision(self) -> float:
        total = self.true_findings + self.false_findings
        return self.true_findings / total if total else 1.0

    @property
    def per100(self) -> float:
        return 100 * self.untouched_findings / self.untouched_articles if self.untouched_articles else 0.0


# -- the corpus ------------------------------------------------------------


def load_articles(root: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """(name, text) for every article, in a stable order; a few BBC files are cp1252."""
    articles: list[tuple[str, str]] = []
    for path in sorted(root.glob("*/*.txt")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        articles.append((str(path.relative_to(root)), text))
    return articles[:limit] if limit else articles


def spans_of(text: str, name: str, rule: str) -> list[Span]:
    config = Config(styles=["News"])
    return [(f.start, f.end) for f in lint_text(text, name, [rule], config) if f.rule == rule]


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# -- planting: attribution ---------------------------------------------------

# Ground truth is built with its own small verb list, independent of the rule's data.
_STRIPPABLE = regex.compile(
    r'"(?P<body>[^"]{20,}?)(?P<punct>[,!?])"\s+'
    r"(?P<attr>(?:[^\".!?]|(?<=\b(?:Mr|Mrs|Ms|Dr|St))\.){1,120}?)\.(?=\s|$)"
)
_ATTR_VERB = regex.compile(r"\b(?:said|says|added|told|explained|insisted|argued|warned|admitted|claimed|stressed)\b")
# What a reader takes as naming a speaker in a neighbouring sentence (bench-owned, deliberately
# plain): a plant next to one of these is still credited by context, not a quote standing alone.
_CUE = regex.compile(
    r"\b(?:said|says|say|saying|told|tells|tell|added|adds|explained|explains|insisted|insists|argued|argues|"
    r"warned|warns|admitted|admits|claimed|claims|stressed|asked|replied|responded|described|describes|"
    r"believes|believed|thinks|thought|feels|felt|predicted|predicts|praised|criticised|criticized|denied|denies|"
    r"announced|urged|urges|revealed|conceded|complained|acknowledged|agreed|agrees|accused|wrote|writes|"
    r"according to|statement|spokes(?:man|woman|person))\b|:\s*$",
    regex.IGNORECASE,
)
_BOUNDARY = regex.compile(r'(?<=[.!?]["\u201d]?)\s+(?=["\u201c]?[\[(]?[A-Z0-9])|\n+')


def _neighbours(text: str, start: int, end: int) -> tuple[str, str]:
    """The sentence before [start, end) and the sentence after it, across paragraph breaks."""
    cuts = [0] + [m.end() for m in _BOUNDARY.finditer(text)] + [len(text)]
    before_cuts = [c for c in cuts if c <= start]
    after_cuts = [c for c in cuts if c >= end]
    prev_end = before_cuts[-1] if before_cuts else 0
    prev_start = before_cuts[-2] if len(before_cuts) > 1 else 0
    next_start = after_cuts[0] if after_cuts else len(text)
    next_end = after_cuts[1] if len(after_cuts) > 1 else len(text)
    return text[prev_start:prev_end].strip(), text[next_start:next_end].strip()


def _next_paragraph(lines: list[str], index: int) -> str:
    for line in lines[index + 1 :]:
        if line.strip():
            return line.lstrip()
    return ""


def plant_attribution(text: str, rng: random.Random) -> tuple[str, Span, Span, bool] | None:
    """Strip the credit from one quote that starts a sentence.

    Returns (new text, planted quote span, knock-on zone, alone) or None; alone is
    False when a neighbouring sentence still names a speaker (see _CUE), so the
    quote is credited by context and a rule with a one-sentence window should
    leave it alone. The quote
    must open its sentence, stand outside any other quote (an even number of
    marks before it in the paragraph, and not the reopening of a run-on), and
    not sit back to back with another quote: otherwise stripping one credit
    would merge it into a neighbour's quotation rather than leave it alone.
    """
    lines = text.split("\n")
    candidates: list[tuple[int, regex.Match]] = []
    previous_open = False
    previous_quote_end = False
    for index, line in enumerate(lines):
        if line.strip() and not previous_open:
            for m in _STRIPPABLE.finditer(line):
                start = m.start()
                before = line[:start]
                if before.count('"') % 2 or not regex.search(r"(?:^\s*|[.!?]\s+)$", before):
                    continue
                if before.rstrip().endswith(('."', '?"', '!"')) or not _ATTR_VERB.search(m.group("attr")):
                    continue
                if not before.strip() and previous_quote_end:
                    continue  # the last paragraph ended on a quote: this one carries it on
                rest = line[m.end() :].strip()
                if rest.startswith('"') or (not rest and _next_paragraph(lines, index).startswith('"')):
                    continue
                candidates.append((index, m))
        if line.strip():
            previous_open = line.count('"') % 2 == 1
            previous_quote_end = line.rstrip().endswith('"')
    if not candidates:
        return None
    index, m = rng.choice(candidates)
    line = lines[index]
    punct = "." if m.group("punct") == "," else m.group("punct")
    new_quote = f'"{m.group("body")}{punct}"'
    lines[index] = line[: m.start()] + new_quote + line[m.end() :]
    line_start = sum(len(l) + 1 for l in lines[:index])
    offset = line_start + m.start()
    new_text = "\n".join(lines)
    # Knock-on zone: the rest of this paragraph and the next one.
    zone_end = line_start + len(lines[index]) + 1
    nxt = index + 1
    while nxt < len(lines) and not lines[nxt].strip():
        nxt += 1
    if nxt < len(lines):
        zone_end = sum(len(l) + 1 for l in lines[: nxt + 1])
    quote = (offset, offset + len(new_quote))
    before, after = _neighbours(new_text, *quote)
    alone = not (_CUE.search(before) or _CUE.search(after))
    return new_text, quote, (offset, zone_end), alone


# -- planting: boilerplate ----------------------------------------------------

OUTLETS = ["The Harbour Courier", "Metro Wire", "NewsPulse", "Valley Gazette", "the Ledger", "Daily Brief", "Kestrel News"]
NAMES = ["Priya Natarajan", "Tom Okafor", "Lena Brandt", "Marco Silva", "Aisha Rahman", "Jo Whitfield"]
MONTHS = ["January", "March", "May", "June", "August", "October", "December"]
TOPICS = ["rate rise", "cup final", "budget row", "album launch", "phone recall", "election night"]

SOCIAL = [
    "Follow {outlet} on Facebook, X and Instagram for the stories that matter to you.",
    "Like us on Facebook and follow us on Instagram for more updates like this.",
    "Stay connected with {outlet} - join our WhatsApp channel for breaking news alerts.",
    "Find us on TikTok and YouTube for daily video explainers.",
    "Join our Telegram channel to get the latest headlines first.",
    "Share this article with your friends on Facebook, WhatsApp or X.",
]
NEWSLETTER = [
    "Sign up for our free morning newsletter and get the day's top stories in your inbox.",
    "Get our weekly {topic} briefing delivered straight to your inbox every Friday.",
    "Subscribe now for unlimited access to {outlet} journalism.",
    "Already a subscriber? Log in to keep reading.",
    "Support independent journalism: become a subscriber from just $1 a week.",
    "Enjoying this story? Our Daily Edition newsletter has more - sign up today.",
]
APP = [
    "Download the {outlet} app for breaking news alerts on your phone.",
    "Get the free {outlet} app on iOS and Android.",
    "Read this story in our app for a faster experience.",
    "Install our news app to follow the {topic} live.",
    "Download it now on the App Store or Google Play.",
]
READ_MORE = [
    "Read more: {name} on the {topic} and what comes next",
    "ALSO READ: Five things we learned from the {topic}",
    "Related: How the {topic} unfolded",
    "See also: Our guide to the {topic}",
    "READ MORE",
    "You may also like: {outlet}'s best stories of the week",
]
CLICK = [
    "Click here to watch the full interview.",
    "For the full list of results, click here.",
    "Tap here to see the gallery from the {topic}.",
    "Click the link below to read the report in full.",
]
COPYRIGHT = [
    "Copyright {year} {outlet}. All rights reserved.",
    "© {year} {outlet} Media Group",
    "(c) {year} {outlet}. This material may not be published, broadcast, rewritten or redistributed.",
    "All rights reserved. Unauthorised reproduction is prohibited.",
]
COOKIE = [
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "This site uses cookies. Manage cookies or accept all cookies.",
    "Please enable JavaScript to view this content.",
    "JavaScript is disabled in your browser. Please update your browser to watch this video.",
]
SPONSORED = [
    "Advertisement",
    "SPONSORED CONTENT",
    "Story continues below advertisement",
    "This article was paid for by {outlet} Partners.",
    "Paid partnership",
    "Scroll to continue with content",
]
TWEET_TEXT = [
    "What a night at the {topic}! Thank you all for the support",
    "Our full statement on the {topic} is below. We will say more tomorrow.",
    "Can't quite believe this happened today... {topic} reaction thread",
    "Huge thanks to the team who worked through the night on the {topic}",
]


def _handle(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(5, 11)))


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        outlet=rng.choice(OUTLETS), name=rng.choice(NAMES), topic=rng.choice(TOPICS), year=rng.randint(2004, 2025)
    )


def boilerplate_item(rng: random.Random) -> list[str]:
    """One piece of boilerplate: one line, or the lines an embed leaves behind."""
    kind = rng.choice(["social", "newsletter", "app", "read", "click", "copyright", "cookie", "sponsored", "tweet", "instagram"])
    if kind == "tweet":
        link = "pic.twitter.com/" if rng.random() < 0.5 else "https://t.co/"
        code = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(10))
        name, handle = rng.choice(NAMES), _handle(rng)
        date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2012, 2025)}"
        dash = rng.choice(["\u2014", "\u2014 ", "- "])
        return [f"{_fill(rng.choice(TWEET_TEXT), rng)} {link}{code}", f"{dash}{name} (@{handle}) {date}"]
    if kind == "instagram":
        name, handle = rng.choice(NAMES), _handle(rng)
        return ["View this post on Instagram", f"A post shared by {name} (@{handle})"]
    pool = {
        "social": SOCIAL, "newsletter": NEWSLETTER, "app": APP, "read": READ_MORE, "click": CLICK,
        "copyright": COPYRIGHT, "cookie": COOKIE, "sponsored": SPONSORED,
    }[kind]
    return [_fill(rng.choice(pool), rng)]


def plant_boilerplate(text: str, rng: random.Random) -> tuple[str, list[Span]]:
    """Insert one or two pieces of boilerplate between paragraphs (never before the headline)."""
    paragraphs = [p for p in text.split("\n\n")]
    for _ in range(rng.randint(1, 2)):
        at = rng.randint(1, len(paragraphs))
        paragraphs.insert(at, "\n".join(boilerplate_item(rng)))
    new_text = "\n\n".join(paragraphs)
    spans: list[Span] = []
    pos = 0
    originals = set(text.split("\n\n"))
    for paragraph in paragraphs:
        if paragraph not in originals:
            line_pos = pos
            for line in paragraph.split("\n"):
                spans.append((line_pos, line_pos + len(line)))
                line_pos += len(line) + 1
        pos += len(paragraph) + 2
    return new_text, spans


# -- evaluation ---------------------------------------------------------------


def evaluate_attribution(articles: list[tuple[str, str]], untouched: dict[str, list[Span]], seed: int) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    for name, text in articles:
        planted = plant_attribution(text, rng)
        if planted is None:
            continue
        new_text, quote, zone, alone = planted
        found = spans_of(new_text, name, ATTRIBUTION)
        hit = any(overlaps(f, quote) for f in found)
        if alone:
            tally.planted += 1
            tally.caught += hit
            if not hit and len(tally.examples) < 8:
                tally.examples.append(f"missed {name}: {new_text[quote[0]:quote[1]][:70]}")
        else:
            tally.context_planted += 1
            tally.context_caught += hit
        shift = len(new_text) - len(text)
        before = {s if s[0] < quote[0] else (s[0] + shift, s[1] + shift) for s in untouched[name]}
        for f in found:
            if overlaps(f, quote):
                tally.true_findings += 1
            elif f not in before and zone[0] <= f[0] < zone[1]:
                tally.knock_on += 1
            else:
                tally.false_findings += 1
    return tally


def evaluate_boilerplate(articles: list[tuple[str, str]], seed: int) -> Tally:
    rng = random.Random(seed + 1)
    tally = Tally()
    for name, text in articles:
        new_text, planted = plant_boilerplate(text, rng)
        found = spans_of(new_text, name, BOILERPLATE)
        tally.planted += len(planted)
        for span in planted:
            if any(overlaps(f, span) for f in found):
                tally.caught += 1
            elif len(tally.examples) < 5:
                tally.examples.append(f"missed {name}: {new_text[span[0]:span[1]][:70]}")
        for f in found:
            if any(overlaps(f, span) for span in planted):
                tally.true_findings += 1
            else:
                tally.false_findings += 1
    return tally


def names_row(articles: list[tuple[str, str]], seed: int) -> dict | None:
    """The names check's own evaluation, when its helper module is present."""
    path = Path(__file__).with_name("names_eval.py")
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("names_eval", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.evaluate(articles, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of BBC articles (topic/NNN.txt)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    parser.add_argument("--examples", action="store_true", help="print a few missed plants per check")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}; skipping (it is read at run time, never copied)")
        return 0
    started = time.perf_counter()
    articles = load_articles(args.corpus, args.limit or None)
    command = "python bench/news_checks.py" + (f" --seed {args.seed}" if args.seed != 7 else "") + (f" --limit {args.limit}" if args.limit else "")

    untouched: dict[str, list[Span]] = {}
    untouched_bp = 0
    config = Config(styles=["News"])
    for name, text in articles:
        found = lint_text(text, name, [ATTRIBUTION, BOILERPLATE], config)
        untouched[name] = [(f.start, f.end) for f in found if f.rule == ATTRIBUTION]
        untouched_bp += sum(1 for f in found if f.rule == BOILERPLATE)

    attribution = evaluate_attribution(articles, untouched, args.seed)
    attribution.untouched_findings = sum(len(v) for v in untouched.values())
    attribution.untouched_articles = len(articles)
    boilerplate = evaluate_boilerplate(articles, args.seed)
    boilerplate.untouched_findings = untouched_bp
    boilerplate.untouched_articles = len(articles)

    print(f"$ {command}")
    print(f"{len(articles)} BBC articles from {args.corpus}, seed {args.seed}\n")
    header = f"{'check':<18} {'planted':>7} {'recall':>7} {'precision':>9} {'per100 untouched':>16}  notes"
    print(header)
    print("-" * len(header))
    for label, tally, target in (("News.Attribution", attribution, 0.8), ("News.Boilerplate", boilerplate, 0.9)):
        notes = f"target recall>={target}, precision>=0.9, per100<=5"
        if tally is attribution:
            share = tally.context_caught / tally.context_planted if tally.context_planted else 0.0
            notes = (f"+{tally.context_planted} plants still credited by a neighbouring sentence "
                     f"({share:.0%} flagged); {tally.knock_on} knock-on; " + notes)
        print(f"{label:<18} {tally.planted:>7} {tally.recall:>7.3f} {tally.precision:>9.3f} {tally.per100:>16.2f}  {notes}")
    names = names_row(articles, args.seed)
    if names is not None:
        print(
            f"{'News.Names':<18} {'':>7} {names.get('recall', 0):>7.3f} {names.get('precision', 0):>9.3f} "
            f"{names.get('per100_untouched', 0):>16.2f}  suggestion rate {names.get('suggestion_rate', 0):.3f}"
        )
    else:
        print(f"{'News.Names':<18} {'-':>7} {'-':>7} {'-':>9} {'-':>16}  bench/names_eval.py not present")
    if args.examples:
        for label, tally in (("attribution", attribution), ("boilerplate", boilerplate)):
            for example in tally.examples:
                print(f"  {label}: {example}")
    print(f"\n{time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
