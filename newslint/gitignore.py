"""Which paths git ignores, so `newslint .` skips build output as git does.

A site generator's rendered pages (Hugo's public/, a build/ folder) are
usually in .gitignore. Linting them would report every finding twice, and the
cross-source checks would group each article with its own rendered copy.

The rules are git's (gitignore(5)): `.git/info/exclude`, then each
`.gitignore` from the top of the work tree down to the folder being walked,
a later pattern overriding an earlier one and a deeper file a shallower one;
`!` re-includes; a trailing `/` matches folders only; a pattern with a `/`
before its end is relative to its .gitignore's folder, one without matches a
name at any depth; `*`, `?`, `[...]` never match `/`, and `**` spans folders.
A file in an ignored folder stays ignored, because the walk never enters that
folder. Git's global excludes file (core.excludesFile) is not read: it is one
user's setting, and a run in CI should not depend on it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

IGNORE_FILE = ".gitignore"


@dataclass(frozen=True, slots=True)
class Pattern:
    regex: re.Pattern[str]
    negated: bool
    folders_only: bool
    anchored: bool  # matched against the path below the .gitignore's folder, not just the name

    def matches(self, relative: str, is_dir: bool) -> bool:
        if self.folders_only and not is_dir:
            return False
        subject = relative if self.anchored else relative.rpartition("/")[2]
        return self.regex.fullmatch(subject) is not None


def parse_line(line: str) -> Pattern | None:
    """One line of a .gitignore as a Pattern, or None for a blank line, a comment or a bad pattern."""
    line = line.removesuffix("\n").removesuffix("\r").split("\x00", 1)[0]  # git reads a line up to a NUL
    # Trailing spaces are dropped unless the last one is escaped with a backslash.
    while line.endswith(" ") and not line.endswith("\\ "):
        line = line[:-1]
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    elif line.startswith("\\!") or line.startswith("\\#"):
        line = line[1:]
    folders_only = line.endswith("/") and not line.endswith("\\/")
    if folders_only:
        line = line[:-1]  # one slash: "foo//" keeps an empty segment, which no path has
    anchored = "/" in line
    line = line.removeprefix("/")
    if not line:
        return None
    translated = _translate(line)
    if translated is None:
        return None  # git's matcher fails on it: it never matches anything
    try:
        regex = re.compile(translated)
    except re.error:
        return None  # git skips a pattern it cannot read; so do we
    return Pattern(regex, negated, folders_only, anchored)


def _translate(glob: str) -> str | None:
    """A gitignore glob as a regular expression over a '/'-separated path (None: it never matches)."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        if glob[i] == "*":
            start = i
            while i < n and glob[i] == "*":
                i += 1
            # Two or more stars that fill a whole segment span folders; any other run is one star.
            whole = (start == 0 or glob[start - 1] == "/") and (i == n or glob[i] == "/")
            if whole and i - start >= 2:
                if i < n:
                    out.append("(?:.*/)?")  # zero or more folders
                    i += 1
                else:
                    out.append(".*")  # everything inside
            else:
                out.append("[^/]*")
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[":
            end = _class_end(glob, i)
            if end is None:
                return None  # an unclosed class: git's matcher gives up on the pattern
            else:
                out.append(_character_class(glob[i + 1 : end]))
                i = end + 1
        elif glob[i] == "\\" and i + 1 < n:
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


_POSIX_CLASSES = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "blank": " \\t", "cntrl": "\\x00-\\x1f\\x7f", "digit": "0-9",
    "graph": "!-~", "lower": "a-z", "print": " -~", "punct": "!-/:-@\\[-`{-~", "space": " \\t\\n\\r\\f\\v",
    "upper": "A-Z", "xdigit": "0-9A-Fa-f",
}


def _class_end(glob: str, start: int) -> int | None:
    """The index of the ']' closing the class opened at start, or None."""
    i = start + 1
    if i < len(glob) and glob[i] in "!^":
        i += 1
    if i < len(glob) and glob[i] == "]":
        i += 1  # a ']' first in the class is a member
    while i < len(glob):
        if glob[i] == "\\":
            i += 2
            continue
        if glob.startswith("[:", i) and (close := glob.find(":]", i + 2)) != -1:
            i = close + 2  # a POSIX class such as [:digit:] holds a "]" of its own
            continue
        if glob[i] == "]":
            return i
        i += 1
    return None


def _character_class(body: str) -> str:
    negated = body[:1] in ("!", "^")
    if negated:
        body = body[1:]
    members: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if body.startswith("[:", i) and (close := body.find(":]", i + 2)) != -1 and body[i + 2 : close] in _POSIX_CLASSES:
            members.append(_POSIX_CLASSES[body[i + 2 : close]])
            i = close + 2
            continue
        if ch == "\\" and i + 1 < len(body):
            members.append(re.escape(body[i + 1]))
            i += 2
            continue
        # Keep ranges; escape what Python's class syntax would read as its own.
        members.append(ch if ch == "-" and 0 < i < len(body) - 1 else re.escape(ch))
        i += 1
    return f"(?!/)[{'^' if negated else ''}{''.join(members)}]"


def read_patterns(path: str) -> list[Pattern]:
    """The patterns of one ignore file; none when it cannot be read (it is not the user's article)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return []
    # As git reads it: a UTF-8 byte-order mark is skipped, and only "\n" ends a line
    # (a lone "\r" is part of the pattern; "\r\n" loses its "\r" in parse_line).
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape")
    return [p for p in map(parse_line, text.split("\n")) if p is not None]


def _exclude_file(root: str) -> str:
    """The info/exclude file of the work tree at root: in .git, or in the repository a
    linked worktree's .git file points to ("gitdir: ...", whose commondir is the shared one)."""
    dot_git = os.path.join(root, ".git")
    if os.path.isfile(dot_git):
        try:
            with open(dot_git, encoding="utf-8", errors="replace") as handle:
                first = handle.readline().strip()
        except OSError:
            first = ""
        if first.startswith("gitdir:"):
            git_dir = os.path.join(root, first[len("gitdir:") :].strip())
            try:
                with open(os.path.join(git_dir, "commondir"), encoding="utf-8", errors="replace") as handle:
                    git_dir = os.path.join(git_dir, handle.readline().strip())
            except OSError:
                pass
            dot_git = git_dir
    return os.path.join(dot_git, "info", "exclude")


def work_tree_root(folder: str) -> str | None:
    """The top of the git work tree holding folder, or None outside one."""
    current = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


class GitIgnore:
    """The ignore rules in force while walking one folder tree from its top."""

    def __init__(self, start: str):
        # Real paths: a folder reached through a symlink is judged by the work tree it is
        # really in, as git sees it ("ln -s repo/docs docs" then "newslint docs").
        self._real: dict[str, str] = {}
        self.start = self._real_path(start)
        root = work_tree_root(self.start)
        self._patterns: dict[str, list[Pattern]] = {}
        self._layers: dict[str, list[tuple[str, list[Pattern]]]] = {}
        self._prefixes: dict[str, list[tuple[str, list[Pattern]]]] = {}
        # (folder the patterns are relative to, patterns), lowest precedence first:
        # the repository's own excludes, then each .gitignore above the start folder.
        outer: list[tuple[str, list[Pattern]]] = []
        if root is not None:
            outer.append((root, read_patterns(_exclude_file(root))))
            folder = root
            for part in os.path.relpath(self.start, root).split(os.sep) if self.start != root else []:
                outer.append((folder, self._patterns_in(folder)))
                folder = os.path.join(folder, part)
        self._layers[self.start] = [*outer, (self.start, self._patterns_in(self.start))]

    def _real_path(self, folder: str) -> str:
        real = self._real.get(folder)
        if real is None:
            real = self._real[folder] = os.path.realpath(folder)
        return real

    def _patterns_in(self, folder: str) -> list[Pattern]:
        if folder not in self._patterns:
            self._patterns[folder] = read_patterns(os.path.join(folder, IGNORE_FILE))
        return self._patterns[folder]

    def _layers_for(self, folder: str) -> list[tuple[str, list[Pattern]]]:
        """The patterns in force for the entries of folder (a folder at or below the start)."""
        if folder not in self._layers:
            parent = os.path.dirname(folder)
            if parent == folder:  # not below the start: no .gitignore of the walk applies
                return []
            if os.path.exists(os.path.join(folder, ".git")):
                # A repository inside the walk is its own work tree: the outer one's rules stop here.
                self._layers[folder] = [(folder, read_patterns(_exclude_file(folder))), (folder, self._patterns_in(folder))]
            else:
                self._layers[folder] = [*self._layers_for(parent), (folder, self._patterns_in(folder))]
        return self._layers[folder]

    def _prefixed(self, folder: str) -> list[tuple[str, list[Pattern]]]:
        """The non-empty layers for folder's entries, each with folder's path below the
        layer's own folder ("" or "news/2024/"), worked out once per folder, not per entry."""
        found = self._prefixes.get(folder)
        if found is None:
            found = self._prefixes[folder] = []
            for base, patterns in self._layers_for(folder):
                if patterns:
                    below = os.path.relpath(folder, base)
                    found.append(("" if below == "." else below.replace(os.sep, "/") + "/", patterns))
        return found

    def ignored(self, folder: str, name: str, is_dir: bool) -> bool:
        """Whether git ignores the entry name of folder, a folder the walk has entered."""
        verdict = False
        for prefix, patterns in self._prefixed(self._real_path(folder)):
            relative = prefix + name
            for pattern in patterns:
                # The last matching pattern decides: only one that would change the verdict matters.
                if pattern.negated == verdict and pattern.matches(relative, is_dir):
                    verdict = not pattern.negated
        return verdict
