"""Linearity on hostile shapes of copy: what a broken scrape or a long list hands the linter.

Each shape is generated here (no corpus text) at two sizes, the second four
times the first, and linted with the full default rule set on one core. A
check that reads a paragraph again for every quote, figure or name in it is
quadratic and shows as a ratio far above 4; these shapes found five such
checks (see the git log of bench/pathological.py).

    python bench/pathological.py              # sizes 5,000 and 20,000
    python bench/pathological.py --size 2000  # quicker

Shapes:
  run-on sentence   words, figures and measures with no full stop
  quote paragraph   one paragraph of quote marks, names and speech verbs
  honours list      paragraphs naming three new people each
  html figures      one <p> of quoted figures and character references
  letter run        one "word" of letters with no space (a blob)
  template openers  one paragraph of unclosed {{< {{% {% {{ openers
"""

from __future__ import annotations

import argparse
import random
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

WORDS = "the minister said that council budget would rise by 5% to £3.5bn revenue profit Smith Jones".split()
SPEAKERS = ["Ted", "Marlow", "he", "she", "said", "told", "Inés", "Okafor", "the", "minister"]


def run_on(n: int, rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def quote_paragraph(n: int, rng: random.Random) -> str:
    return " ".join(rng.choice(['"', "“", "”", "'"]) + rng.choice(SPEAKERS) for _ in range(n))


def honours_list(n: int, rng: random.Random) -> str:
    def name() -> str:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 8))).title()

    return "\n\n".join(f"{name()} {name()} said the plan was good. Mr {name()} agreed." for _ in range(n // 4))


def html_figures(n: int, rng: random.Random) -> str:
    return "<p>" + " ".join(f"&ldquo;caf&eacute; {i}&rdquo; &amp; &#163;{rng.randint(1, 99)}bn profit" for i in range(n // 4)) + "</p>"


def letter_run(n: int, rng: random.Random) -> str:
    return "The scrape left " + "".join(rng.choice("abcdefgh") for _ in range(n * 10)) + " in the copy."


def template_openers(n: int, rng: random.Random) -> str:
    # Unclosed shortcode and tag openers in a paragraph that a rule flags: each opener
    # once scanned up to 2,000 characters for a closer (5 MB: 3 s became 16-46 s).
    openers = ["{{< a ", "{{% a ", "{% a ", "{{ a "]
    return "Headline\n\nThe minister stated it. " + "".join(rng.choice(openers) for _ in range(n)) + "\n"


SHAPES: list[tuple[str, str, Callable[[int, random.Random], str]]] = [
    ("run-on sentence", "txt", run_on),
    ("quote paragraph", "txt", quote_paragraph),
    ("honours list", "txt", honours_list),
    ("html figures", "html", html_figures),
    ("letter run", "txt", letter_run),
    ("template openers", "md", template_openers),
]


def newslint() -> str:
    beside = Path(sys.executable).with_name("newslint")
    return str(beside) if beside.exists() else "newslint"


def timed(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run([newslint(), "--jobs", "1", "--format", "jsonl", str(path)], capture_output=True, text=True)
    errors = sum(1 for line in done.stdout.splitlines() if '"kind": "error"' in line)
    return time.perf_counter() - started, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=5000, help="the smaller size (the larger is four times it)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sizes = (args.size, 4 * args.size)
    print(f"$ python bench/pathological.py --size {args.size}")
    print(f"{'shape':<18} {'size':>7} {'KB':>7} {'seconds':>8} {'size':>7} {'KB':>7} {'seconds':>8}  ratio  errors")
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="newslint-patho-") as folder:
        for name, ext, make in SHAPES:
            row = []
            errors = 0
            for size in sizes:
                path = Path(folder) / f"{name.replace(' ', '-')}-{size}.{ext}"
                path.write_text(make(size, random.Random(args.seed)), encoding="utf-8")
                seconds, found = timed(path)
                errors += found
                row.append((size, path.stat().st_size // 1024, seconds))
            ratio = row[1][2] / row[0][2]
            worst = max(worst, ratio)
            cells = " ".join(f"{s:>7} {kb:>7} {t:>8.2f}" for s, kb, t in row)
            print(f"{name:<18} {cells}  {ratio:5.1f}  {errors}")
    print(f"worst ratio for 4x the input: {worst:.1f} (linear: about 4, less where start-up weighs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
