"""Speed and memory of newslint against proselint on the BBC corpus.

Runs both tools as a user would (their command lines, in subprocesses) over the
same files in the same run, and prints files/s, MB/s, peak memory (PSS and RSS
summed over the whole process tree, sampled every 10 ms from /proc) and the ratio. Times
are the best of unwatched runs; memory is sampled in one extra run, because the sampling
itself slows the run it watches. It also checks that time grows linearly: a quarter of the
files against all of them.

    python bench/speed.py                 # default rule set, all cores
    python bench/speed.py --jobs 1        # one core, like the peers
    python bench/speed.py --no-proselint  # newslint only

The corpus is read from ../shared/corpus/bbc at run time and never copied into
the repository; the script exits cleanly when it is absent.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "bbc"


def tool(name: str) -> str | None:
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def tree_memory_kb(pid: int) -> tuple[int, int]:
    """(summed PSS, summed RSS) of a process and all its descendants, in kB.

    PSS (proportional set size) counts a page shared by n processes as 1/n in
    each, so the sum is the physical memory the run uses. Summed RSS counts the
    pages forked workers share with the parent once per process, overstating a
    multi-process run; both are reported.
    """
    pss = rss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack.extend(int(c) for c in handle.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return pss, rss


def wall_time(cmd: list[str]) -> float:
    """Seconds one run takes, with nothing watching it."""
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def peak_memory(cmd: list[str]) -> tuple[float, float]:
    """(peak MB summed PSS, peak MB summed RSS) of the process tree over one run.

    A run of its own: reading smaps_rollup every 10 ms takes the kernel's lock on
    the watched process's memory map and a core of a small machine, which slowed
    a timed newslint run by ~12% here, more than a one-process peer.
    """
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_pss = peak_rss = 0
    while proc.poll() is None:
        pss, rss = tree_memory_kb(proc.pid)
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        time.sleep(0.01)
    return peak_pss / 1024, peak_rss / 1024


def best(cmd: list[str], runs: int, memory: bool = True) -> tuple[float, float, float]:
    """(best wall time of `runs` unwatched runs, peak PSS, peak RSS of one more, watched run)."""
    seconds = min(wall_time(cmd) for _ in range(runs))
    pss, rss = peak_memory(cmd) if memory else (0.0, 0.0)
    return seconds, pss, rss


def files_of(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.txt") if p.name != "README.TXT")


def staged(files: list[Path], folder: Path) -> Path:
    """Symlink a subset of the corpus into a folder, so both tools get one path."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, path in enumerate(files):
        (folder / f"{index:05}_{path.parent.name}_{path.name}").symlink_to(path)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=0, help="newslint --jobs (0: all cores)")
    parser.add_argument("--no-proselint", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="best of N runs for each tool")
    args = parser.parse_args()

    if not args.corpus.is_dir():
        print(f"corpus not found at {args.corpus}; nothing to measure (skipped)")
        return 0
    newslint = tool("newslint")
    if newslint is None:
        print("newslint is not installed in this environment (pip install -e .)")
        return 1
    files = files_of(args.corpus)
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    quarter = files[: len(files) // 4]
    quarter_mb = sum(p.stat().st_size for p in quarter) / 1e6

    with tempfile.TemporaryDirectory() as tmp:
        all_dir = staged(files, Path(tmp) / "all")
        quarter_dir = staged(quarter, Path(tmp) / "quarter")
        base = [newslint, "--format", "jsonl", "--jobs", str(args.jobs), "--output", os.devnull]

        full_time, full_pss, full_rss = best([*base, str(all_dir)], args.runs)
        quarter_time, _, _ = best([*base, str(quarter_dir)], args.runs, memory=False)
        single = [newslint, "--format", "jsonl", "--jobs", "1", "--output", os.devnull, str(all_dir)]
        one_core_time, one_core_pss, one_core_rss = (full_time, full_pss, full_rss) if args.jobs == 1 else best(single, args.runs)

        rows = [
            ("newslint (all cores)" if args.jobs == 0 else f"newslint --jobs {args.jobs}", len(files), size_mb, full_time, full_pss, full_rss),
        ]
        if args.jobs != 1:
            rows.append(("newslint --jobs 1", len(files), size_mb, one_core_time, one_core_pss, one_core_rss))
        rows.append((f"newslint, 1/4 of files", len(quarter), quarter_mb, quarter_time, 0.0, 0.0))
        proselint_time = None
        if not args.no_proselint:
            proselint = tool("proselint")
            if proselint is None:
                print("proselint not installed (pip install proselint); skipping the peer run")
            else:
                # Best of the same number of runs as newslint, so neither tool gets a luckier draw.
                proselint_time, proselint_pss, proselint_rss = best([proselint, "-o", "compact", "check", str(all_dir)], args.runs)
                rows.append(("proselint", len(files), size_mb, proselint_time, proselint_pss, proselint_rss))

    print(f"corpus: {args.corpus} ({len(files)} files, {size_mb:.2f} MB); cores: {os.cpu_count()}")
    print(f"{'tool':<26}{'files':>7}{'MB':>7}{'seconds':>9}{'files/s':>9}{'MB/s':>7}{'peak PSS':>10}{'peak RSS':>10}")
    for name, count, mb, seconds, pss, rss in rows:
        memory = f"{pss:10.0f}{rss:10.0f}" if pss else ""
        print(f"{name:<26}{count:>7}{mb:>7.2f}{seconds:>9.2f}{count / seconds:>9.0f}{mb / seconds:>7.2f}{memory}")
    print("peak memory in MB, summed over the process tree: PSS counts a page forked processes share once;")
    print("RSS counts it in every process that maps it")
    if proselint_time:
        print(f"speed-up over proselint: {proselint_time / full_time:.1f}x (all cores), {proselint_time / one_core_time:.1f}x (one core)")
    print(f"linearity: 4x the files took {full_time / quarter_time:.2f}x the time (target <= 4.5x)")
    print("command: python bench/speed.py" + (f" --jobs {args.jobs}" if args.jobs else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
