"""Folders are walked the way git sees them: what .gitignore ignores is not linted."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from clihelp import cli, write
from newslint.gitignore import GitIgnore, parse_line

BAD = "The minister stated that the budget would balance.\n"


@pytest.mark.parametrize(
    "pattern, path, is_dir, ignored",
    [
        ("public/", "public", True, True),
        ("public/", "public", False, False),  # a trailing slash matches folders only
        ("public", "site/public", True, True),  # no slash before the end: any depth
        ("/public", "site/public", True, False),  # a leading slash anchors
        ("site/public", "site/public", True, True),
        ("site/public", "other/site/public", True, False),  # a middle slash anchors too
        ("*.draft.md", "news/a.draft.md", False, True),
        ("*.draft.md", "news/a.md", False, False),
        ("news/*.md", "news/deep/a.md", False, False),  # * never crosses a folder
        ("news/**/a.md", "news/a.md", False, True),  # ** spans zero or more folders
        ("news/**/a.md", "news/x/y/a.md", False, True),
        ("**/drafts", "a/b/drafts", True, True),
        ("drafts/**", "drafts/x/a.md", False, True),
        ("drafts/**", "drafts", True, False),
        ("a?.md", "ab.md", False, True),
        ("a?.md", "abc.md", False, False),
        ("[ab].md", "b.md", False, True),
        ("[!ab].md", "b.md", False, False),
        ("[!ab].md", "c.md", False, True),
        ("\\#notes.md", "#notes.md", False, True),
        ("draft.md\\ ", "draft.md ", False, True),  # an escaped trailing space is kept
        ("draft.md   ", "draft.md", False, True),  # unescaped trailing spaces are not
        ("[[:digit:]].md", "7.md", False, True),  # POSIX classes, as git's matcher reads them
        ("[[:digit:]].md", "a.md", False, False),
        ("***/b.md", "x/y/b.md", False, True),  # a run of stars filling a segment spans folders
        ("a**b.md", "a/b.md", False, False),  # elsewhere it is one star
    ],
)
def test_pattern_semantics(pattern: str, path: str, is_dir: bool, ignored: bool) -> None:
    compiled = parse_line(pattern)
    assert compiled is not None
    assert compiled.matches(path, is_dir) is ignored


@pytest.mark.parametrize("line", ["", "   ", "# a comment", "/", "!", "[unclosed.md", "a[b.md"])
def test_lines_that_are_not_patterns(line: str) -> None:
    assert parse_line(line) is None


def tree(root: Path, files: dict[str, str]) -> None:
    (root / ".git").mkdir(exist_ok=True)  # a work tree's top, as git marks it
    for name, text in files.items():
        write(root / name, text)


def reported_files(output: str) -> set[str]:
    """The files with findings, as printed (relative to the folder newslint ran in)."""
    return {line.split(":", 1)[0].replace(os.sep, "/") for line in output.splitlines() if line.count(":") >= 4}


def test_ignored_folders_and_files_are_not_linted(tmp_path: Path) -> None:
    tree(tmp_path, {
        ".gitignore": "public/\n*.draft.md\n!keep.draft.md\n",
        "news/a.md": BAD,
        "news/b.draft.md": BAD,
        "news/keep.draft.md": BAD,
        "public/news/a/index.html": f"<p>{BAD}</p>",
    })
    result = cli("--select", "News.Said", "--format", "line", ".", cwd=tmp_path)
    assert result.exit_code == 1
    assert reported_files(result.stdout) == {"news/a.md", "news/keep.draft.md"}


def test_a_folder_git_ignores_entirely_says_why_nothing_was_checked(tmp_path: Path) -> None:
    tree(tmp_path, {".gitignore": "*.txt\n", "a.txt": BAD, "wire/b.txt": BAD})
    result = cli(".", cwd=tmp_path)
    assert result.exit_code == 0
    assert "ignored by git" in result.output and "--no-respect-gitignore" in result.output


def test_a_folder_named_on_the_command_line_is_walked_even_if_ignored(tmp_path: Path) -> None:
    # As a named file is linted: the user asked for it. What git ignores inside it is still skipped.
    tree(tmp_path, {".gitignore": "public/\n*.draft.txt\n", "public/a.txt": BAD, "public/b.draft.txt": BAD})
    result = cli("--select", "News.Said", "--format", "line", "public", cwd=tmp_path)
    assert reported_files(result.stdout) == {"public/a.txt"}


def test_a_nested_gitignore_overrides_the_top_one(tmp_path: Path) -> None:
    tree(tmp_path, {
        ".gitignore": "*.txt\n",
        "wire/.gitignore": "!*.txt\n",
        "a.txt": BAD,
        "wire/b.txt": BAD,
    })
    result = cli("--select", "News.Said", "--format", "line", ".", cwd=tmp_path)
    assert reported_files(result.stdout) == {"wire/b.txt"}


def test_a_folder_inside_the_work_tree_uses_the_gitignore_above_it(tmp_path: Path) -> None:
    tree(tmp_path, {".gitignore": "news/archive/\n", "news/a.txt": BAD, "news/archive/b.txt": BAD})
    result = cli("--select", "News.Said", "--format", "line", "news", cwd=tmp_path)
    assert reported_files(result.stdout) == {"news/a.txt"}


def test_git_info_exclude_counts(tmp_path: Path) -> None:
    tree(tmp_path, {"a.txt": BAD, "b.txt": BAD})
    write(tmp_path / ".git" / "info" / "exclude", "b.txt\n")
    result = cli("--select", "News.Said", "--format", "line", ".", cwd=tmp_path)
    assert reported_files(result.stdout) == {"a.txt"}


def test_a_byte_order_mark_and_crlf_line_ends_are_read_as_git_reads_them(tmp_path: Path) -> None:
    tree(tmp_path, {"a.txt": BAD, "b.txt": BAD, "c.txt": BAD, "foo/d.txt": BAD})
    (tmp_path / ".gitignore").write_bytes(b"\xef\xbb\xbfa.txt\r\nb.txt\r\nfoo//\n")
    result = cli("--select", "News.Said", "--format", "line", ".", cwd=tmp_path)
    assert reported_files(result.stdout) == {"c.txt", "foo/d.txt"}  # "foo//" matches nothing


def test_a_repository_inside_the_walk_keeps_its_own_rules(tmp_path: Path) -> None:
    tree(tmp_path, {".gitignore": "a.txt\n", "inner/a.txt": BAD, "inner/b.txt": BAD, "inner/c.txt": BAD})
    (tmp_path / "inner" / ".git" / "info").mkdir(parents=True)
    write(tmp_path / "inner" / ".git" / "info" / "exclude", "b.txt\n")
    for start in (".", "inner"):
        result = cli("--select", "News.Said", "--format", "line", start, cwd=tmp_path)
        assert reported_files(result.stdout) == {"inner/a.txt", "inner/c.txt"}, start


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_linked_worktree_reads_the_shared_exclude_file(tmp_path: Path) -> None:
    main = tmp_path / "main"
    subprocess.run(["git", "init", "-q", str(main)], check=True)
    git = ["git", "-C", str(main), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "start"], check=True)
    subprocess.run([*git, "worktree", "add", "-q", str(tmp_path / "wt")], check=True, capture_output=True)
    write(main / ".git" / "info" / "exclude", "x.txt\n")
    write(tmp_path / "wt" / "x.txt", BAD)
    write(tmp_path / "wt" / "y.txt", BAD)
    result = cli("--select", "News.Said", "--format", "line", ".", cwd=tmp_path / "wt")
    assert reported_files(result.stdout) == {"y.txt"}


def test_a_folder_reached_through_a_symlink_follows_the_rules_of_where_it_is(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    tree(repo, {".gitignore": "drafts/\n", "docs/a.txt": BAD, "docs/drafts/b.txt": BAD})
    try:
        (tmp_path / "docs-link").symlink_to(repo / "docs", target_is_directory=True)
    except OSError:
        pytest.skip("symlinks are not available here")
    result = cli("--select", "News.Said", "--format", "line", "docs-link", cwd=tmp_path)
    assert reported_files(result.stdout) == {"docs-link/a.txt"}


def test_a_file_named_on_the_command_line_is_linted_even_if_ignored(tmp_path: Path) -> None:
    tree(tmp_path, {".gitignore": "*.draft.txt\n", "a.draft.txt": BAD})
    result = cli("--select", "News.Said", "--format", "line", "a.draft.txt", cwd=tmp_path)
    assert result.exit_code == 1
    assert reported_files(result.stdout) == {"a.draft.txt"}


def test_the_flag_and_the_config_turn_it_off(tmp_path: Path) -> None:
    tree(tmp_path, {".gitignore": "build/\n", "a.txt": BAD, "build/b.txt": BAD})
    flag = cli("--select", "News.Said", "--format", "line", "--no-respect-gitignore", ".", cwd=tmp_path)
    assert reported_files(flag.stdout) == {"a.txt", "build/b.txt"}
    write(tmp_path / ".newslint.yaml", "respect_gitignore: false\n")
    configured = cli("--select", "News.Said", "--format", "line", ".", cwd=tmp_path)
    assert reported_files(configured.stdout) == {"a.txt", "build/b.txt"}


def test_a_config_further_down_can_turn_it_off_for_its_folder(tmp_path: Path) -> None:
    tree(tmp_path, {".gitignore": "build/\n", "a/build/x.txt": BAD, "b/build/y.txt": BAD})
    write(tmp_path / "b" / ".newslint.yaml", "respect_gitignore: false\n")
    result = cli("--select", "News.Said", "--format", "line", ".", cwd=tmp_path)
    assert reported_files(result.stdout) == {"b/build/y.txt"}


def test_a_wrong_type_for_the_key_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path / ".newslint.yaml", "styles: [News]\nrespect_gitignore: sometimes\n")
    write(tmp_path / "a.txt", BAD)
    result = cli("a.txt", cwd=tmp_path)
    assert result.exit_code == 2
    assert ".newslint.yaml:2:" in result.output and "respect_gitignore" in result.output


def test_outside_a_work_tree_the_gitignore_of_the_folder_still_counts(tmp_path: Path) -> None:
    write(tmp_path / ".gitignore", "old/\n")
    write(tmp_path / "a.txt", BAD)
    write(tmp_path / "old" / "b.txt", BAD)
    ignore = GitIgnore(str(tmp_path))
    assert ignore.ignored(str(tmp_path), "old", True)
    assert not ignore.ignored(str(tmp_path), "a.txt", False)


# -- against git itself ------------------------------------------------------------

PIECES = ["a", "b", "news", "drafts", "x.md", "y.txt", "*.md", "*", "?.txt", "**", "[ab]", "[!a]*"]
NAMES = ["a", "b", "news", "drafts", "c"]
FILES = ["x.md", "y.txt", "a.md", "b.txt", "c.html"]


def random_pattern(rng: random.Random) -> str:
    parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 3))]
    pattern = "/".join(parts)
    if rng.random() < 0.2:
        pattern = "/" + pattern
    if rng.random() < 0.2:
        pattern += "/"
    if rng.random() < 0.25:
        pattern = "!" + pattern
    return pattern


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_agrees_with_git_check_ignore_on_random_trees(tmp_path: Path) -> None:
    rng = random.Random(7)
    for case in range(12):
        root = tmp_path / f"case{case}"
        root.mkdir()
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        files = set()
        for _ in range(25):
            depth = rng.randint(0, 3)
            files.add("/".join([rng.choice(NAMES) for _ in range(depth)] + [rng.choice(FILES)]))
        files = {f for f in files if not any(f.startswith(g + "/") for g in files)}  # no file where a folder must be
        for name in files:
            write(root / name, "text\n")
        for folder in ["", *{os.path.dirname(f) for f in files if os.path.dirname(f)}]:
            if rng.random() < (1.0 if folder == "" else 0.3):
                lines = [random_pattern(rng) for _ in range(rng.randint(1, 4))]
                write(root / folder / ".gitignore", "\n".join(lines) + "\n")
        # What git would list (untracked, not ignored) against what the walk keeps.
        listed = subprocess.run(
            ["git", "ls-files", "--others", "--exclude-standard"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.split()
        expected = {f for f in listed if not f.endswith(".gitignore")}
        ignore = GitIgnore(str(root))
        kept = set()
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d != ".git" and not ignore.ignored(folder, d, True)]
            for name in names:
                if name != ".gitignore" and not ignore.ignored(folder, name, False):
                    kept.add(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
        patterns = {p: (root / p / ".gitignore").read_text() for p in ["", *{os.path.dirname(f) for f in files}] if (root / p / ".gitignore").exists()}
        assert kept == expected, (case, patterns)
