"""--fix and --diff: safe edits, the lint→fix loop, and atomic writes.

An edit is applied only when it is unambiguous and provably safe:

* the rule's Vale `action` yields exactly one replacement (replace, with one
  suggestion or one param; remove; edit), as Vale fixes only what an action
  names; cross-source rules never fix (which outlet is right is a judgement);
* the finding says its span is verbatim source outside quoted speech
  (Finding.fixable), and we check that again against a fresh parse: the span
  must lie inside verbatim prose (no entity, escape, markup, front matter)
  and overlap no quotation, URL or code span;
* the source slice still equals the match, and the replacement can be
  encoded in the file's own encoding.

Each file is fixed in a loop (lint → edit → lint) until no edit is left, so a
second --fix changes nothing; a file whose fixes cycle or do not settle within
MAX_PASSES is left untouched. Bytes are written back in the file's encoding,
with its BOM and newline style, through a temporary file in the same folder
and os.replace, keeping the file mode: a failure half-way leaves the original.
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass, field, replace
import regex

from .config import Config, find_config, load_config
from .document import _NonLinearPiece
from .engine import STDIN, Job, Options, RunResult, _apply_overrides, lint_file, run
from .errors import NewslintError
from .findings import Finding, error_finding, level_rank
from .formats import format_for, parse
from .reader import Decoded, decode, make_document, read_bytes
from .rules.base import Rule
from .segment import protected_spans, quote_spans

MAX_PASSES = 10
STDIN_DISPLAY = "<stdin>"


@dataclass(slots=True)
class Edit:
    start: int
    end: int
    replacement: str
    rule: str


@dataclass
class FileFix:
    """One file's outcome: the text before and after, and how many edits it took."""

    path: str
    before: str
    after: str
    applied: int
    data: bytes  # the bytes read
    new_data: bytes  # the bytes to write


@dataclass
class FixOutcome:
    """What --fix/--diff did: the result to report, the diff, the fixed stdin."""

    result: RunResult
    files: list[FileFix] = field(default_factory=list)
    diff: str = ""
    stdin_output: bytes | None = None  # the (fixed) text read from '-', in its own encoding
    written: int = 0

    @property
    def applied(self) -> int:
        return sum(f.applied for f in self.files)

    def summary(self, write: bool) -> str:
        n, files = self.applied, len(self.files)
        noun = f"{n} problem{'s' if n != 1 else ''}"
        where = f"{files} file{'s' if files != 1 else ''}"
        if not write:
            return f"{noun} fixable in {where} (--diff wrote nothing)." if n else "Nothing to fix."
        return f"Fixed {noun} in {where}." if n else "Nothing to fix."


# -- entry point -------------------------------------------------------------


def apply_fixes(result: RunResult, options: Options, write: bool = True, show_diff: bool = False) -> FixOutcome:
    """Fix every reported file; write (atomically) when `write`, build a diff when `show_diff`."""
    fixer = _Fixer(options)
    outcome = FixOutcome(result)
    notices: list[str] = []
    errors: list[Finding] = []
    stdin_display = (options.stdin_filename or STDIN_DISPLAY) if STDIN in options.paths else None
    candidates = {f.path for f in result.findings if f.fixable and f.kind != "error"}
    for path in result.files:
        is_stdin = path == stdin_display
        if not is_stdin and path not in candidates:
            continue
        try:
            fixed = fixer.fix_file(path, result, is_stdin, notices)
        except NewslintError as exc:
            notices.append(f"{path}: not fixed: {exc.message}")
            fixed = None
        except Exception as exc:  # noqa: BLE001 - one file's bug must not stop the others
            errors.append(error_finding(path, f"internal error while fixing: {type(exc).__name__}: {exc}; left unchanged", rule="newslint.Internal"))
            fixed = None
        if is_stdin:
            outcome.stdin_output = fixed.new_data if fixed is not None else (options.stdin_data or b"")
        if fixed is None or fixed.after == fixed.before:
            continue
        outcome.files.append(fixed)
        if show_diff:
            outcome.diff += unified_diff(path, fixed.before, fixed.after)
        if write and not is_stdin:
            error = _write_back(path, fixed)
            if error is not None:
                errors.append(error)
                outcome.files.remove(fixed)
            else:
                outcome.written += 1

    changed = outcome.written or (write and outcome.stdin_output is not None and any(f.path == stdin_display for f in outcome.files))
    if write and changed:
        # Re-lint the whole run so the report shows what is left, cross-source findings included.
        again = replace(options, progress=None)
        if outcome.stdin_output is not None:
            again.stdin_data = outcome.stdin_output
        outcome.result = run(again)
    outcome.result.findings.extend(errors)
    outcome.result.findings.sort(key=Finding.sort_key)
    for notice in notices:
        if notice not in outcome.result.notices:
            outcome.result.notices.append(notice)
    return outcome


# -- one file ----------------------------------------------------------------


class _Fixer:
    def __init__(self, options: Options) -> None:
        self.options = options
        self._configs: dict[str, Config] = {}
        self._dirs: dict[str, str | None] = {}

    def config_for(self, path: str) -> Config:
        """The file's config, found as the engine finds it (NewslintError if broken)."""
        if self.options.config_path:
            found: str | None = self.options.config_path
        else:
            folder = os.path.dirname(os.path.abspath(path)) if path != STDIN else os.getcwd()
            found = find_config(folder, self._dirs)
        key = found or ""
        if key not in self._configs:
            self._configs[key] = _apply_overrides(load_config(found), self.options)
        return self._configs[key]

    def fix_file(self, display: str, result: RunResult, is_stdin: bool, notices: list[str]) -> FileFix | None:
        options = self.options
        job_path = (options.stdin_filename or STDIN) if is_stdin else display
        config = self.config_for(job_path)
        if is_stdin:
            data: bytes | None = options.stdin_data or b""
        else:
            data, _error = read_bytes(display, config.max_file_size)
        if data is None:
            return None  # the run already reported why
        decoded, _error = decode(display, data, config.encoding)
        if decoded is None:
            return None
        if encode(decoded.text, decoded, data) != data:
            notices.append(f"{display}: not fixed: its bytes would not survive re-encoding as {decoded.encoding}")
            return None

        from .engine import ruleset_for  # the same compiled rules the run used

        rules = {rule.id: rule for rule in ruleset_for(config, options.select, options.ignore).rules}
        text = decoded.text
        if result.sources.get(display) == text:
            findings = [f for f in result.findings if f.path == display]
        else:  # the file changed since the run read it (or its source was not kept)
            findings = self.lint(display, job_path, text, config)
        seen = {_digest(text)}
        applied = 0
        for passes in range(MAX_PASSES + 1):
            edits = select_edits(findings, text, rules, _Guard(display, text), decoded)
            if not edits:
                break
            if passes == MAX_PASSES:
                notices.append(f"{display}: not fixed: fixes did not settle after {MAX_PASSES} passes")
                return None
            text = apply_edits(text, edits)
            digest = _digest(text)
            if digest in seen:
                rules_involved = ", ".join(sorted({e.rule for e in edits}))
                notices.append(f"{display}: not fixed: fixes by {rules_involved} undo each other")
                return None
            seen.add(digest)
            applied += len(edits)
            findings = self.lint(display, job_path, text, config)
        return FileFix(display, decoded.text, text, applied, data, encode(text, decoded, data))

    def lint(self, display: str, job_path: str, text: str, config: Config) -> list[Finding]:
        """Per-document findings for an in-memory text, filtered as the run filters them."""
        job = Job(job_path, display, config, self.options.select, self.options.ignore, data=text.encode("utf-8", "surrogatepass"))
        findings = lint_file(job).findings
        floor = level_rank(self.options.min_level or config.min_level)
        return [f for f in findings if f.kind != "error" and level_rank(f.level) >= floor]


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


# -- choosing edits ----------------------------------------------------------


def replacement_for(rule: Rule, finding: Finding) -> str | None:
    """The single replacement a finding offers, or None when there is none or several."""
    action = rule.action or {}
    name = action.get("name") if isinstance(action, dict) else None
    params = action.get("params") if isinstance(action, dict) else None
    params = [str(p) for p in params] if isinstance(params, list) else []
    if name == "remove":
        return ""
    if name in ("replace", "edit"):
        # The rule shows what its action computed; apply exactly that when it is one thing.
        if len(finding.suggestions) == 1:
            return finding.suggestions[0]
        if finding.suggestions:
            return None
        if name == "replace":
            return params[0] if len(params) == 1 else None
        return _edit_action(params, finding.match)
    # suggest, convert, ...: a list to choose from, never applied blindly. And as in
    # Vale, no action means no fix: published styles write swap values as message
    # text ("'use'"), which must never land in the copy.
    return None


def _edit_action(params: list[str], matched: str) -> str | None:
    """Vale's `edit` action: regex, trim, trim_left, trim_right, truncate, split."""
    if not params:
        return None
    op, args = params[0], params[1:]
    try:
        if op == "regex" and len(args) == 2:
            # Vale writes groups as $1; Python's regex wants \1.
            template = regex.sub(r"\$(\d+)", r"\\g<\1>", args[1])
            return regex.sub(args[0], template, matched)
        if op == "trim_right" and len(args) == 1:
            return matched.rstrip(args[0])
        if op == "trim_left" and len(args) == 1:
            return matched.lstrip(args[0])
        if op == "trim" and len(args) == 1:
            return matched.strip(args[0])
        if op == "truncate" and len(args) == 1:
            return matched.split(args[0])[0]
        if op == "split" and len(args) == 2:
            return matched.split(args[0])[int(args[1])]
    except (regex.error, ValueError, IndexError):
        return None
    return None


class _Guard:
    """Where a fix may write, from a fresh parse: verbatim prose, outside quotes, URLs and code."""

    def __init__(self, path: str, text: str) -> None:
        doc = make_document(path, Decoded(text, "utf-8", False, "\n"))
        parse(doc, format_for(path) or "plaintext")
        verbatim: list[tuple[int, int]] = []
        self.blocked: list[tuple[int, int]] = []
        for block in doc.blocks:
            if block.kind == "meta":
                continue  # front matter is data, not prose
            for piece in block.offsets.pieces:
                if piece.linear and not isinstance(piece, _NonLinearPiece) and piece.src_end > piece.src_start:
                    verbatim.append((piece.src_start, piece.src_end))
            for start, end in [*quote_spans(block), *protected_spans(block)]:
                self.blocked.append(block.source_span(start, end))
        self.verbatim = _merge(verbatim)

    def allows(self, start: int, end: int) -> bool:
        if any(s < end and start < e for s, e in self.blocked):
            return False
        return any(s <= start and end <= e for s, e in self.verbatim)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def select_edits(findings: list[Finding], text: str, rules: dict[str, Rule], guard: _Guard, decoded: Decoded) -> list[Edit]:
    """Non-overlapping safe edits for one pass; an overlapping one waits for the next pass."""
    by_span: dict[tuple[int, int], set[str]] = {}
    owner: dict[tuple[int, int], str] = {}
    for f in findings:
        if f.kind == "error" or not f.fixable or f.end <= f.start:
            continue
        rule = rules.get(f.rule)
        if rule is None or rule.cross_source:
            continue
        if text[f.start : f.end] != f.match:
            continue  # the span is not the match verbatim: never guess
        replacement = replacement_for(rule, f)
        if replacement is None:
            continue
        replacement = _fit(replacement, f.match, decoded.newline, bool(getattr(rule, "ignorecase", False)))
        if replacement == f.match or not _encodable(replacement, decoded.encoding):
            continue
        if not guard.allows(f.start, f.end):
            continue
        start, end = f.start, f.end
        if replacement == "":
            start, end = _removal_span(text, start, end)
        by_span.setdefault((start, end), set()).add(replacement)
        owner.setdefault((start, end), f.rule)
    edits: list[Edit] = []
    for (start, end), options in sorted(by_span.items()):
        if len(options) != 1:
            continue  # two rules disagree on the same words: ambiguous, leave it
        if edits and start < edits[-1].end:
            continue
        edits.append(Edit(start, end, options.pop(), owner[(start, end)]))
    return edits


def _fit(replacement: str, matched: str, newline: str, ignorecase: bool) -> str:
    """Keep the file's newline style, and the writer's capitals when the rule ignores case.

    A case-insensitive rule matched "STATED" in a capitalised headline or "Stated"
    in a title-case one; its lower-case suggestion would break the headline. A
    case-sensitive rule means its case (Internet -> internet), so it is kept.
    """
    replacement = replacement.replace("\r\n", "\n")
    if newline != "\n":
        replacement = replacement.replace("\n", newline)
    if ignorecase and replacement[:1].islower():
        if len(matched) > 1 and matched.isupper() and replacement.islower():
            replacement = replacement.upper()
        elif matched[:1].isupper():
            replacement = replacement[0].upper() + replacement[1:]
    return replacement


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(_codec(encoding, b""))
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _removal_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A removed word takes one neighbouring space with it, so no double space is left."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before == " " and (after == "" or after in " .,;:!?)"):
        return start - 1, end
    if after == " " and (before in ("", "\n", "(") or start == 0):
        return start, end + 1
    return start, end


def apply_edits(text: str, edits: list[Edit]) -> str:
    out: list[str] = []
    pos = 0
    for edit in edits:
        out.append(text[pos : edit.start])
        out.append(edit.replacement)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


# -- bytes, diff and writing ---------------------------------------------------


def _codec(encoding: str, data: bytes) -> str:
    if encoding.replace("_", "-").lower() in ("utf-16", "utf16"):
        return "utf-16-be" if data.startswith(codecs.BOM_UTF16_BE) else "utf-16-le"
    return encoding


def encode(text: str, decoded: Decoded, original: bytes) -> bytes:
    """The text as the file stored it: same encoding, same BOM (newlines are in the text)."""
    body = ("\ufeff" if decoded.bom else "") + text
    return body.encode(_codec(decoded.encoding, original))


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), path, path)
    out: list[str] = []
    for line in lines:
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
        elif line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _write_back(path: str, fixed: FileFix) -> Finding | None:
    """Replace the file atomically; an error finding (file untouched) when that fails."""
    target = os.path.realpath(path)  # write through a symlink, not over it
    try:
        with open(target, "rb") as handle:
            current = handle.read()
        if current != fixed.data:
            return error_finding(path, "changed while newslint was fixing it; left unchanged", rule="newslint.Fix")
        write_atomic(target, fixed.new_data)
    except OSError as exc:
        return error_finding(path, f"cannot write fixes: {exc.strerror or exc}; left unchanged", rule="newslint.Fix")
    return None


def write_atomic(path: str, data: bytes) -> None:
    """Write via a temporary file in the same folder and os.replace, keeping mode (and owner if we can)."""
    info = os.stat(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".newslint-fix", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(info.st_mode))
        if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            try:
                os.chown(tmp, info.st_uid, info.st_gid)
            except OSError:
                pass  # not allowed (not root): the file becomes ours, as with any editor
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


__all__ = ["apply_fixes", "FixOutcome", "replacement_for", "select_edits", "apply_edits", "encode", "write_atomic", "unified_diff"]
