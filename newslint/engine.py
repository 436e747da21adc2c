"""A run: discover, read + parse, per-document rules, cross-document pass, suppress.

Per-document work runs in the parent and forked worker processes when there
are enough files; the workers inherit the rule sets the parent compiled.
Cross-source rules get a small summary of each document back from the workers
(never the whole text), group them into stories and compare.
"""

from __future__ import annotations

import fnmatch
import gc
import os
import pickle
import sys
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .config import Config, find_config, load_config
from .discover import discover
from .document import Document
from .errors import ConfigError, NewslintError, RuleError
from .findings import Finding, error_finding, level_rank
from .formats import EXTENSIONS, format_for, parse
from .matching import MatchTimeout
from .memo import release as release_memos
from .reader import decode, make_document, read_bytes
from .rules.base import Rule
from .rules.loader import RuleSet, discover_rule_files, load_ruleset, styles_fingerprint
from .suppress import Suppressions, suppressions

PARALLEL_MIN_FILES = 48
STDIN = "-"


@dataclass
class Options:
    paths: list[str] = field(default_factory=lambda: ["."])
    config_path: str | None = None
    rules_dirs: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    min_level: str | None = None
    fail_level: str | None = None
    jobs: int = 0
    context: list[str] = field(default_factory=list)
    stdin_filename: str | None = None
    stdin_data: bytes | None = None
    keep_sources: bool = False
    grouping: str | None = None
    respect_gitignore: bool = True  # False: --no-respect-gitignore
    progress: Callable[[int], None] | None = None


@dataclass
class FileResult:
    """What a worker hands back for one file."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    summaries: dict[str, bytes | None] = field(default_factory=dict)  # rule id -> pickled summary (see _packed)
    suppressions: Suppressions | None = None
    source: str | None = None
    story_info: Any = None
    context_only: bool = False
    checked: bool = False  # a document was read and linted (false for missing/binary files)


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    stories: list[list[str]] = field(default_factory=list)
    rulesets: list[RuleSet] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    fail_levels: dict[str, str] = field(default_factory=dict)  # per reported file, from its config

    @property
    def has_errors(self) -> bool:
        return any(f.kind == "error" for f in self.findings)


# -- rule sets, one per distinct configuration, built once per process --------

_RULESETS: dict[tuple, RuleSet] = {}
_RULE_FOLDERS_STATE: dict[tuple, tuple] = {}  # rules_paths -> styles_fingerprint when its rule sets were built


def _forget_changed_rulesets() -> None:
    """Drop rule sets whose rule folders changed since they were built (once per run)."""
    for paths in list(_RULE_FOLDERS_STATE):
        if styles_fingerprint(list(paths)) != _RULE_FOLDERS_STATE[paths]:
            del _RULE_FOLDERS_STATE[paths]
            for key in [k for k in _RULESETS if k[0] == paths]:
                del _RULESETS[key]


def ruleset_for(config: Config, select: list[str], ignore: list[str]) -> RuleSet:
    key = (tuple(config.rules_paths), config.ruleset_key(), tuple(select), tuple(ignore))
    cached = _RULESETS.get(key)
    if cached is None:
        paths = key[0]
        if paths not in _RULE_FOLDERS_STATE:
            _RULE_FOLDERS_STATE[paths] = styles_fingerprint(list(paths))
        cached = load_ruleset(config, (lambda rule_id: any(_rule_matches(rule_id, s) for s in select)) if select else None)
        cached.rules = [r for r in cached.rules if _chosen(r.id, select, ignore)]
        # A selector that names nothing is a typo: running no rule and reporting
        # "no problems" would pass a CI gate silently, and a misspelt --ignore
        # leaves on the rule it meant to switch off (as ruff, both are errors).
        for option, selectors in (("--select", select), ("--ignore", ignore)):
            for selector in selectors:
                if not any(_rule_matches(rule_id, selector) for rule_id in cached.available):
                    cached.errors.append(RuleError("<command line>", f"{option} {selector!r} matches no rule or style in the rule folders "
                                                                     "(newslint --list-rules lists the rules that are on)", None))
        _RULESETS[key] = cached
    return cached


def _chosen(rule_id: str, select: list[str], ignore: list[str]) -> bool:
    if select and not any(_rule_matches(rule_id, s) for s in select):
        return False
    return not any(_rule_matches(rule_id, s) for s in ignore)


def _rule_matches(rule_id: str, selector: str) -> bool:
    if "." not in selector and not any(ch in selector for ch in "*?["):
        return rule_id.split(".", 1)[0] == selector
    return fnmatch.fnmatchcase(rule_id, selector)


# -- per-document work -----------------------------------------------------


@dataclass
class Job:
    path: str
    display: str
    config: Config
    select: list[str]
    ignore: list[str]
    data: bytes | None = None  # stdin
    keep_source: bool = False
    context_only: bool = False
    want_story: bool = False


def lint_file(job: Job) -> FileResult:
    result = FileResult(job.display, context_only=job.context_only)
    try:
        _lint_into(job, result)
    except Exception as exc:  # noqa: BLE001 - one broken file must not stop the run
        where = traceback.extract_tb(exc.__traceback__)[-1]
        result.findings.append(
            error_finding(job.display, f"internal error: {type(exc).__name__}: {exc} (at {os.path.basename(where.filename)}:{where.lineno})", rule="newslint.Internal")
        )
    return result


def _lint_into(job: Job, result: FileResult) -> None:
    if job.data is not None:
        data, error = job.data, None
        if len(data) > job.config.max_file_size:
            data, error = None, NewslintError(job.display, f"input is larger than max_file_size ({job.config.max_file_size:,} bytes); skipped")
    else:
        data, error = read_bytes(job.path, job.config.max_file_size)
    if data is None:
        result.findings.append(_input_error(job.display, error))
        return
    decoded, error = decode(job.display, data, job.config.encoding)
    if error is not None:
        result.findings.append(_input_error(job.display, error))
    if decoded is None:
        return
    doc = make_document(job.display, decoded)
    parse(doc, format_for(job.display) or "plaintext")
    for offset, message in doc.problems:
        line, column = doc.position(offset)
        result.findings.append(error_finding(job.display, message, line, column, rule="newslint.Input"))
    result.checked = True
    ruleset = ruleset_for(job.config, job.select, job.ignore)
    ignored = job.config.ignored_rules(job.path)
    sup = suppressions(doc)
    for rule in ruleset.rules:
        if ignored and any(_rule_matches(rule.id, s) for s in ignored):
            continue
        if not job.context_only:
            result.findings.extend(_run_rule(rule, doc, sup))
        if rule.cross_source:
            result.summaries[rule.id] = _packed(_safe_summary(rule, doc, result))
    result.suppressions = sup
    if job.keep_source and not job.context_only:
        result.source = doc.source
    if job.want_story:
        from .stories import story_info

        result.story_info = story_info(doc, job.path)


def _run_rule(rule: Rule, doc: Document, sup: Suppressions) -> list[Finding]:
    try:
        found = list(rule.check(doc))
    except MatchTimeout as exc:
        return [error_finding(doc.path, f"{rule.id}: {exc}; rule skipped for this file", rule=rule.id)]
    except NewslintError as exc:
        return [error_finding(doc.path, f"{rule.id}: {exc.message}", exc.line or 1, rule=rule.id)]
    except Exception as exc:  # noqa: BLE001 - a crashing rule becomes an error for this file
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return [
            error_finding(
                doc.path,
                f"{rule.id} crashed: {type(exc).__name__}: {exc} (at {os.path.basename(where.filename)}:{where.lineno})",
                rule=rule.id,
            )
        ]
    if sup:
        found = [f for f in found if not sup.suppressed(f)]
    return found


def _safe_summary(rule: Rule, doc: Document, result: FileResult) -> Any:
    try:
        return rule.summarize(doc)
    except Exception as exc:  # noqa: BLE001
        result.findings.append(error_finding(doc.path, f"{rule.id} crashed while reading: {type(exc).__name__}: {exc}", rule=rule.id))
        return None


def _packed(summary: Any) -> bytes | None:
    """A summary as pickled bytes, unpacked only by the cross-source pass.

    The parent holds every article's summaries until all are read; as bytes they
    take about a third of the memory of the objects (no per-object headers, no
    per-article copies of the same name strings), and the pass unpacks one rule's
    summaries at a time.
    """
    return None if summary is None else pickle.dumps(summary, pickle.HIGHEST_PROTOCOL)


def _input_error(path: str, error: NewslintError | None) -> Finding:
    if error is None:  # pragma: no cover
        return error_finding(path, "cannot read", rule="newslint.Input")
    return error_finding(path, error.message, error.line or 1, error.column or 1, rule="newslint.Input")


# -- worker processes --------------------------------------------------------
#
# --jobs N means N processes linting: the parent and N-1 forked workers. The
# parent has already compiled every rule set when the workers fork, so they
# inherit them (and the job list) instead of rebuilding or unpickling them,
# and only small FileResults travel back. Letting the parent lint too saves a
# whole process's memory against an idle parent waiting for N workers.

CHUNK_TARGET = 16  # files per chunk: ~0.1 s of work, so the processes finish together
_FORKED_JOBS: list[Job] | None = None  # the job list, as the forked workers see it


def _lint_chunk(chunk: range | list[Job]) -> list[FileResult]:
    """A worker's share: a range into the inherited job list (fork), or the jobs themselves."""
    jobs = [_FORKED_JOBS[i] for i in chunk] if isinstance(chunk, range) and _FORKED_JOBS is not None else chunk
    return [lint_file(job) for job in jobs]  # type: ignore[union-attr]


def _fork_context():
    """The fork start method where it is safe and the default (Linux); else the platform's default."""
    import multiprocessing

    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _map_jobs(jobs: list[Job], workers: int, progress: Callable[[int], None] | None) -> list[FileResult]:
    if workers <= 1 or len(jobs) < PARALLEL_MIN_FILES:
        out = []
        for job in jobs:
            out.append(lint_file(job))
            if progress:
                progress(1)
        return out
    return _map_parallel(jobs, workers, progress)


def _map_parallel(jobs: list[Job], workers: int, progress: Callable[[int], None] | None) -> list[FileResult]:
    # Imported here: a run of a few files (an editor, a pre-commit hook) never needs them.
    from collections import deque
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    global _FORKED_JOBS
    context = _fork_context()
    size = max(1, min(CHUNK_TARGET, len(jobs) // (workers * 4)))
    queue = deque(range(i, min(i + size, len(jobs))) for i in range(0, len(jobs), size))
    results: list[FileResult | None] = [None] * len(jobs)
    helpers = workers - 1
    pending: dict[Any, range] = {}

    def store(span: range, found: list[FileResult]) -> None:
        for i, result in zip(span, found):
            results[i] = result
        if progress:
            progress(len(span))

    # The parent lints the first chunk before the workers fork, so they inherit
    # what a first article loads lazily (suggestion pools, name lists, memos)
    # instead of each loading it again.
    first = queue.popleft()
    store(first, [lint_file(jobs[i]) for i in first])
    for ruleset in {id(j.config): ruleset_for(j.config, j.select, j.ignore) for j in jobs}.values():
        for rule in ruleset.rules:
            rule.warm()
    _FORKED_JOBS = jobs if context is not None else None  # set before the workers fork
    # Everything alive now lives for the whole run: frozen, the garbage collector
    # stops walking it in every process (and stops writing to pages they share).
    gc.collect()
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=helpers, mp_context=context) as pool:
            try:
                while queue or pending:
                    # Keep two chunks in each worker's hands, so none waits on the parent.
                    while queue and len(pending) < 2 * helpers:
                        span = queue.popleft()
                        pending[pool.submit(_lint_chunk, span if context is not None else [jobs[i] for i in span])] = span
                    if queue:
                        span = queue.pop()  # the parent works from the other end of the queue
                        store(span, [lint_file(jobs[i]) for i in span])
                        done = [f for f in pending if f.done()]
                    else:
                        done = list(wait(pending, return_when=FIRST_COMPLETED).done)
                    for future in done:
                        store(pending.pop(future), future.result())
            except BrokenProcessPool:
                # A worker died (killed, out of memory): finish what is left here rather than fail the run.
                for i, result in enumerate(results):
                    if result is None:
                        store(range(i, i + 1), [lint_file(jobs[i])])
    finally:
        _FORKED_JOBS = None
        gc.unfreeze()
    return [r for r in results if r is not None]


# -- the run -----------------------------------------------------------------


def run(options: Options) -> RunResult:
    _forget_changed_rulesets()
    result = RunResult()
    config_cache: dict[str, Config | NewslintError] = {}
    dir_cache: dict[str, str | None] = {}
    base_config: Config | None = None
    if options.config_path:
        base_config = _apply_overrides(load_config(options.config_path), options)  # ConfigError -> usage error

    def config_for(path: str) -> Config | NewslintError:
        if base_config is not None:
            return base_config
        folder = os.path.dirname(os.path.abspath(path)) if path != STDIN else os.getcwd()
        found = find_config(folder, dir_cache)
        key = found or ""
        if key not in config_cache:
            try:
                config_cache[key] = _apply_overrides(load_config(found), options)
            except NewslintError as exc:
                config_cache[key] = exc
        return config_cache[key]

    jobs: list[Job] = []
    reported_config_errors: set[str] = set()

    def add_job(path: str, display: str, context_only: bool, data: bytes | None = None) -> None:
        config = config_for(path)
        if isinstance(config, NewslintError):
            if str(config) not in reported_config_errors:
                reported_config_errors.add(str(config))
                result.findings.append(error_finding(config.path, config.message, config.line or 1, rule="newslint.Config"))
            result.findings.append(error_finding(display, f"not checked: its config {config.path} has an error", rule="newslint.Config"))
            return
        jobs.append(Job(path, display, config, options.select, options.ignore, data, options.keep_sources, context_only))

    def excluded(path: str) -> bool:
        config = config_for(path)
        return isinstance(config, Config) and config.excluded(path)

    def honours_gitignore(folder: str) -> bool:
        config = config_for(os.path.join(folder, "_"))  # the config nearest the folder's files
        return options.respect_gitignore and (not isinstance(config, Config) or config.respect_gitignore)

    for path in options.paths:
        if path == STDIN:
            display = options.stdin_filename or "<stdin>"
            add_job(options.stdin_filename or STDIN, display, False, options.stdin_data or b"")
            continue
    file_paths = [p for p in options.paths if p != STDIN]
    for display, named in discover(file_paths, excluded, honours_gitignore):
        add_job(display, display, False)
    if file_paths and not jobs and not result.findings:
        # "No problems in 0 files" alone reads like a pass: say that nothing was there to check.
        kinds = ", ".join(sorted(EXTENSIONS))
        result.notices.append(f"warning: no article files ({kinds}) to check in {', '.join(file_paths)} (none there, or all excluded or ignored by git; --no-respect-gitignore walks those)")
    reported = {os.path.abspath(j.path) for j in jobs}
    context_paths = list(options.context)
    if base_config is not None:
        context_paths += base_config.context
    else:
        for config in {id(c): c for c in config_cache.values() if isinstance(c, Config)}.values():
            context_paths += config.context
    for display, _named in discover(context_paths, excluded, honours_gitignore):
        if os.path.abspath(display) not in reported:
            add_job(display, display, True)
            reported.add(os.path.abspath(display))

    rulesets = {id(j.config): ruleset_for(j.config, options.select, options.ignore) for j in jobs}
    if not jobs and base_config is not None:
        rulesets[id(base_config)] = ruleset_for(base_config, options.select, options.ignore)
    seen_errors: set[str] = set()
    for ruleset in rulesets.values():
        result.rulesets.append(ruleset)
        for error in ruleset.errors:
            if str(error) not in seen_errors:
                seen_errors.add(str(error))
                result.findings.append(error_finding(error.path, error.message, error.line or 1, error.column or 1, rule="newslint.Rule"))
        for notice in ruleset.notices:
            if notice not in result.notices:
                result.notices.append(notice)
    if jobs and not options.select:  # with --select the user is choosing rules by name already
        chosen_off = [*options.ignore, *(name for j in jobs for name, level in j.config.rules.items() if level == "off")]
        result.notices.extend(_idle_rule_folders(options.rules_dirs, rulesets.values(), chosen_off))
    # A config naming a rule that does not exist (a typo: "News.Sad: off") would
    # otherwise do nothing at all, silently.
    configs = {id(j.config): j.config for j in jobs}
    if base_config is not None:
        configs[id(base_config)] = base_config
    for config_id, config in configs.items():
        available = rulesets[config_id].available if config_id in rulesets else frozenset()
        for name, line in config.name_lines.items():
            if not any(_rule_matches(rule_id, name) for rule_id in available):
                message = f"{name!r} matches no rule or style in the rule folders"
                if str((config.path, message)) not in seen_errors:
                    seen_errors.add(str((config.path, message)))
                    result.findings.append(error_finding(config.path or "<config>", message, line, rule="newslint.Config"))

    has_cross = any(r.cross_source for rs in rulesets.values() for r in rs.rules)
    for job in jobs:
        job.want_story = has_cross
    workers = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
    result.fail_levels = {j.display: j.config.fail_level for j in jobs if not j.context_only}
    if options.progress is not None and hasattr(options.progress, "start"):
        options.progress.start(len(jobs))
    file_results = _map_jobs(jobs, workers, options.progress)

    for file_result in file_results:
        if not file_result.context_only:
            if file_result.checked:
                result.files.append(file_result.path)
            result.findings.extend(file_result.findings)
        else:
            result.findings.extend(f for f in file_result.findings if f.kind == "error" and f.rule == "newslint.Input")
        if file_result.source is not None:
            result.sources[file_result.path] = file_result.source

    if has_cross:
        # Every article is read: the per-word memos are dead weight, and dropping them
        # lets the cross-source pass reuse their memory (see memo.py).
        release_memos()
        with _cycle_collector_paused():
            result.findings.extend(_cross_pass(jobs, file_results, rulesets, options, result))

    min_level = options.min_level
    configs = {j.display: j.config for j in jobs}
    result.findings = [
        f
        for f in result.findings
        if f.kind == "error" or level_rank(f.level) >= level_rank(min_level or (configs[f.path].min_level if f.path in configs else "suggestion"))
    ]
    result.findings.sort(key=Finding.sort_key)
    return result


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the cross-source pass.

    The pass builds millions of small containers (feature vectors, candidate
    pairs, summaries) that form no reference cycles, and each full collection
    walks all of them again: at 20,000 articles that was half of story
    grouping's time (bench/cross_source.py). Reference counting still frees
    everything as usual; the collector resumes, as it was, when the pass ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _cross_pass(jobs: list[Job], file_results: list[FileResult], rulesets: dict[int, RuleSet], options: Options, result: RunResult) -> list[Finding]:
    from .stories import group_stories

    by_path = {r.path: r for r in file_results}
    infos = {r.path: r.story_info for r in file_results if r.story_info is not None}
    grouping = options.grouping or (jobs[0].config.grouping if jobs else "auto")
    stories = group_stories(infos, grouping)
    result.stories = stories
    findings: list[Finding] = []
    rules_by_id: dict[str, Rule] = {}
    for ruleset in rulesets.values():
        for rule in ruleset.cross_rules:
            rules_by_id.setdefault(rule.id, rule)
    # Cross-source rules put a finding on a reported file rather than a --context one when they can choose.
    context_paths = frozenset(r.path for r in file_results if r.context_only)
    for rule in rules_by_id.values():
        rule.context_paths = context_paths
    for rule_id, rule in sorted(rules_by_id.items()):
        summaries: dict[str, Any] = {}  # drop the previous rule's summaries before unpacking these
        summaries = {r.path: pickle.loads(packed) for r in file_results if (packed := r.summaries.get(rule_id)) is not None}
        if len(summaries) < 2:
            continue
        try:
            produced = list(rule.compare(summaries, stories))
            # A cross-source rule may withdraw its own per-article findings that other
            # articles contradict (News.Names: a rare given name two articles spell alike,
            # or a within-article "correction" the other sources show to be the slip).
            withdrawn = getattr(rule, "withdrawn", None)
            gone = set(withdrawn(summaries, produced)) if withdrawn is not None else set()
            if gone:
                # In place: run() is extending this very list with the cross-source findings.
                result.findings[:] = [f for f in result.findings if (f.rule, f.path, f.start, f.end) not in gone]
        except Exception as exc:  # noqa: BLE001
            findings.append(error_finding(rule.path, f"{rule_id} crashed comparing articles: {type(exc).__name__}: {exc}", rule=rule_id))
            continue
        for finding in produced:
            owner = by_path.get(finding.path)
            if owner is None or owner.context_only:
                continue
            if owner.suppressions and owner.suppressions.suppressed(finding):
                continue
            findings.append(finding)
    return findings


def _idle_rule_folders(rules_dirs: list[str], rulesets: Iterable[RuleSet], chosen_off: list[str]) -> list[str]:
    """Say when a folder given with --rules contributes no rule to the run.

    As in Vale, a style runs only when the config turns it on (`styles`), so
    `--rules house/` alone lints with the built-in rules and says nothing: a
    user trying out their own style would read "No problems" as a pass.
    """
    running = {rule.id.split(".", 1)[0] for ruleset in rulesets for rule in ruleset.rules}
    notices = []
    for folder in rules_dirs:
        if not os.path.isdir(folder):
            continue  # an error already (see load_ruleset)
        rule_ids = list(discover_rule_files([Path(folder)]))
        styles = sorted({rule_id.split(".", 1)[0] for rule_id in rule_ids})
        if not styles:
            notices.append(f"warning: --rules {folder}: no rule files here (expected Style/Rule.yml, or Rule.yml files in a style folder)")
            continue
        idle = [style for style in styles if style not in running
                and not any(_rule_matches(rule_id, name) for name in chosen_off for rule_id in rule_ids if rule_id.startswith(style + "."))]
        if idle:
            names = ", ".join(idle)
            notices.append(f"warning: --rules {folder}: style{'s' if len(idle) > 1 else ''} {names} not on, so not run "
                           f"(list {'them' if len(idle) > 1 else 'it'} under 'styles' in the config, or add --select {','.join(idle)})")
    return notices


def _apply_overrides(config: Config, options: Options) -> Config:
    if options.rules_dirs:
        typed = {os.path.abspath(d): d for d in options.rules_dirs}
        config.rules_paths = [*config.rules_paths, *typed]
        config.command_line_rules = typed
    if options.fail_level:
        config.fail_level = options.fail_level
    return config


def exit_code(result: RunResult, fail_level: str | None = None) -> int:
    """2 for any error; 1 for a finding at or above the fail level (the command line's, else each file's config's)."""
    if result.has_errors:
        return 2
    for f in result.findings:
        threshold = fail_level or result.fail_levels.get(f.path, "warning")
        if level_rank(f.level) >= level_rank(threshold):
            return 1
    return 0


def warn(message: str) -> None:
    print(f"newslint: {message}", file=sys.stderr)


__all__ = ["Options", "RunResult", "run", "exit_code", "ConfigError"]


def lint_text(text: str, filename: str = "article.txt", select: list[str] | None = None, config: Config | None = None,
              ignore: list[str] | None = None) -> list[Finding]:
    """Lint one in-memory article (for tests, benchmarks and editor integrations)."""
    config = config or Config()
    _forget_changed_rulesets()
    job = Job(filename, filename, config, list(select or []), list(ignore or []), data=text.encode("utf-8"))
    findings = lint_file(job).findings
    return sorted((f for f in findings if level_rank(f.level) >= level_rank(config.min_level) or f.kind == "error"), key=Finding.sort_key)
