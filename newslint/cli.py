"""The newslint command: options -> run -> reporter -> exit code (0 clean, 1 findings, 2 errors)."""

from __future__ import annotations

import os
import sys
import click

from . import __version__
from .engine import Options, exit_code, run
from .errors import NewslintError
from .findings import LEVELS
from .report import NEEDS_SOURCES, REPORTERS, ReportContext, reporter

PROGRESS_MIN_FILES = 20


def _split(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


class _Progress:
    """A one-line progress bar on stderr, only on a terminal and for many files."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0

    def start(self, total: int) -> None:
        self.total = total

    def __call__(self, step: int) -> None:
        self.done += step
        if self.total < PROGRESS_MIN_FILES:
            return
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} files")
        if self.done >= self.total:
            sys.stderr.write("\r" + " " * (width + 30) + "\r")
        sys.stderr.flush()


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True, path_type=str))
@click.option("--format", "-f", "output_format", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE instead of stdout.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config for every file (default: the nearest .newslint.yaml or [tool.newslint]).")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="An extra folder of styles (repeatable).")
@click.option("--select", multiple=True, help="Run only these rules: ids, style names or globs (repeatable, comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules: ids, style names or globs (repeatable, comma-separated).")
@click.option("--min-level", type=click.Choice(LEVELS), help="Lowest level shown.")
@click.option("--fail-level", type=click.Choice(LEVELS), help="Lowest level that fails the run (default: warning).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported (errors still exit 2).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes (default 0: all cores).")
@click.option("--context", "context", multiple=True, type=click.Path(), help="Articles read for cross-source comparison but not reported on (repeatable).")
@click.option("--grouping", type=click.Choice(["auto", "folder", "frontmatter", "off"]), help="How articles are grouped into stories for cross-source checks.")
@click.option("--no-respect-gitignore", "no_respect_gitignore", is_flag=True, help="Also lint files in folders that git ignores (.gitignore).")
@click.option("--stdin-filename", help="The name (and so the format) of the text read from '-'.")
@click.option("--list-rules", is_flag=True, help="List the enabled rules and exit.")
@click.option("--explain", "explain_rule", metavar="RULE", help="Explain a rule: message, kind, level, link and examples.")
@click.option("--statistics", is_flag=True, help="Print findings per rule and the stories compared.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, no summary.")
@click.option("--no-color", is_flag=True, help="No colour, even on a terminal.")
@click.option("--fix", is_flag=True, help="Apply safe single-suggestion fixes in place (atomically).")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.version_option(__version__, "--version", "-V", prog_name="newslint")
def main(paths: tuple[str, ...], output_format: str, output: str | None, config_path: str | None, rules_dirs: tuple[str, ...],
         select: tuple[str, ...], ignore: tuple[str, ...], min_level: str | None, fail_level: str | None, exit_zero: bool,
         jobs: int, context: tuple[str, ...], grouping: str | None, no_respect_gitignore: bool, stdin_filename: str | None, list_rules: bool,
         explain_rule: str | None, statistics: bool, quiet: bool, no_color: bool, fix: bool, show_diff: bool) -> None:
    """Lint news articles (.txt, .md, .html) with YAML rules.

    PATHS are files or folders (default: the current folder); '-' reads stdin.
    Exit codes: 0 no finding at or above the fail level, 1 findings, 2 errors.
    """
    if hasattr(sys.stdout, "reconfigure"):
        # Paths of files whose names are not UTF-8 hold surrogates (os.fsdecode); printed
        # strictly they would end the run with a traceback. They go out as their own bytes.
        sys.stdout.reconfigure(errors="surrogateescape")
    options = Options(
        paths=list(paths) or ["."],
        config_path=config_path,
        rules_dirs=list(rules_dirs),
        select=_split(select),
        ignore=_split(ignore),
        min_level=min_level,
        fail_level=fail_level,
        jobs=jobs,
        context=list(context),
        stdin_filename=stdin_filename,
        keep_sources=output_format in NEEDS_SOURCES or fix or show_diff,
        grouping=grouping,
        respect_gitignore=not no_respect_gitignore,
    )
    if "-" in options.paths:
        options.stdin_data = sys.stdin.buffer.read()
    try:
        if list_rules or explain_rule:
            from .explain import explain, list_enabled_rules

            text, code, errors = explain(options, explain_rule) if explain_rule else list_enabled_rules(options)
            click.echo(text, nl=False)
            for error in errors:  # on stderr, worded as a lint run words them
                click.echo(f"newslint: error: {error}", err=True)
            sys.exit(code)
        progress = _Progress() if sys.stderr.isatty() and not quiet else None
        if progress is not None:
            options.progress = progress
        result = run(options)
    except NewslintError as exc:
        _fail(str(exc))
        return
    report_to_stderr = False
    if fix or show_diff:
        from .fix import apply_fixes

        write = fix and not show_diff
        outcome = apply_fixes(result, options, write=write, show_diff=show_diff)
        result = outcome.result
        for notice in result.notices:
            click.echo(f"newslint: {notice}", err=True)
        if outcome.applied or not quiet:
            click.echo(f"newslint: {outcome.summary(write)}", err=True)
        if show_diff:
            # Like ruff: only the patch on stdout; exit 1 when there is something to apply.
            sys.stdout.write(outcome.diff)
            sys.stdout.flush()
            sys.exit(2 if result.has_errors else 1 if outcome.applied else 0)
        if outcome.stdin_output is not None:
            # Like ruff: the fixed text of '-' goes to stdout, so the report goes to stderr.
            sys.stdout.buffer.write(outcome.stdin_output)
            sys.stdout.flush()
            report_to_stderr = not output
        result.notices = []
    for notice in result.notices:
        click.echo(f"newslint: {notice}", err=True)
    color = _use_color(output, no_color)
    ctx = ReportContext(color=color, statistics=statistics, quiet=quiet, fail_level=fail_level or "warning", version=__version__)
    text = reporter(output_format)(result, ctx)
    # Errors go to stderr, one line each naming file:line, in every format (the
    # machine formats also carry them, so CI annotations show them too).
    for finding in result.findings:
        if finding.kind == "error":
            # An error in the command line itself has no line worth naming.
            where = finding.path if finding.path == "<command line>" else f"{finding.path}:{finding.line}"
            click.echo(f"newslint: error: {where}: {finding.message}", err=True)
    if output_format == "text" and statistics is False and quiet and not result.findings:
        text = ""
    if report_to_stderr:
        click.echo(text, err=True, nl=False)
    else:
        _write(text, output)
    code = exit_code(result, fail_level)
    if exit_zero and code == 1:
        code = 0
    sys.exit(code)


def _use_color(output: str | None, no_color: bool) -> bool:
    if no_color or output or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _write(text: str, output: str | None) -> None:
    if output:
        try:
            # A file name that is not UTF-8 is written back as its own bytes, as on stdout.
            with open(output, "w", encoding="utf-8", errors="surrogateescape", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            _fail(f"{output}: cannot write: {exc.strerror or exc}")
        return
    sys.stdout.write(text)
    sys.stdout.flush()


def _fail(message: str) -> None:
    click.echo(f"newslint: error: {message}", err=True)
    sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
