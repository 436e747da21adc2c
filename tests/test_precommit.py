"""The pre-commit hooks, run for real: pre-commit installs this working tree and gates commits.

pre-commit clones a hook repository at a commit, so uncommitted work would be
invisible to it. The tests therefore copy the current working tree into a
temporary git repository, commit it there, and point a temporary articles
repository's .pre-commit-config.yaml at that copy. pre-commit then builds its
own virtualenv and pip-installs newslint from it (from the package index, as a
user's machine would), so the first test takes a minute.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from newslint.formats import EXTENSIONS

REPO = Path(__file__).resolve().parents[1]
HOOKS_FILE = REPO / ".pre-commit-hooks.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

HOUSE_RULE = """\
extends: substitution
message: "Use '%s' instead of '%s'."
level: warning
swap:
  utilise: use
"""
CLEAN = "# Library Reopens\n\nThe city library reopened on Monday after repairs, the council said.\n"
BAD = "Library Costs Rise\n\nThe council stated that it would utilise its reserves.\n"
SELECT = ["--select", "News.Said,House"]


# -- the manifest itself (fast) ----------------------------------------------------


def test_hooks_file_is_a_valid_manifest_with_both_hooks() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {hook["id"]: hook for hook in load_manifest(str(HOOKS_FILE))}
    assert set(hooks) == {"newslint", "newslint-corpus"}
    assert hooks["newslint"]["pass_filenames"] is True
    assert hooks["newslint-corpus"]["pass_filenames"] is False
    assert all(hook["language"] == "python" and hook["entry"] == "newslint" for hook in hooks.values())


def test_hook_file_pattern_is_exactly_newslints_input_formats() -> None:
    for hook in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8")):
        pattern = re.compile(hook["files"])
        for extension in EXTENSIONS:
            assert pattern.search(f"articles/story{extension}"), (hook["id"], extension)
            assert pattern.search(f"articles/STORY{extension.upper()}"), (hook["id"], extension)
        for other in ("setup.py", "config.yaml", "notes.txt.bak", "image.png", "story.mdx"):
            assert not pattern.search(other), (hook["id"], other)


# -- pre-commit for real (slow: builds the hook environment once per module) --------


@pytest.fixture(scope="module")
def git_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment isolated from the user's git config and pre-commit cache."""
    home = tmp_path_factory.mktemp("precommit-home")
    (home / "gitconfig").write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        {
            "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test Desk",
            "GIT_AUTHOR_EMAIL": "desk@example.com",
            "GIT_COMMITTER_NAME": "Test Desk",
            "GIT_COMMITTER_EMAIL": "desk@example.com",
            "PRE_COMMIT_HOME": str(home / "cache"),
            "PRE_COMMIT_COLOR": "never",
            "NO_COLOR": "1",
        }
    )
    return env


def git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)


def pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, git_env: dict[str, str]) -> tuple[Path, str]:
    """A committed copy of the current working tree: (path, commit sha)."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, env=git_env, capture_output=True, check=True,
    ).stdout.decode("utf-8").split("\0")
    copy = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():  # listed but deleted in the working tree: leave it out
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    git(copy, git_env, "init", "-q")
    git(copy, git_env, "add", "-A")
    git(copy, git_env, "commit", "-q", "-m", "working tree under test")
    sha = git(copy, git_env, "rev-parse", "HEAD").stdout.strip()
    return copy, sha


def articles_repo(root: Path, hook_repo: tuple[Path, str], env: dict[str, str], corpus_args: list[str] | None = None) -> Path:
    """A newsroom repository using the hooks, with its own house style next to the built-in one."""
    path, sha = hook_repo
    root.mkdir()
    (root / "articles").mkdir()
    (root / "styles" / "House").mkdir(parents=True)
    (root / "styles" / "House" / "Utilise.yml").write_text(HOUSE_RULE, encoding="utf-8")
    (root / ".newslint.yaml").write_text("styles: [News, House]\nrules_paths: [styles]\n", encoding="utf-8")
    config = {
        "repos": [
            {
                "repo": str(path),
                "rev": sha,
                "hooks": [
                    {"id": "newslint", "args": SELECT},
                    {"id": "newslint-corpus", "args": [*SELECT, *(corpus_args or ["articles/"])]},
                ],
            }
        ]
    }
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    git(root, env, "init", "-q")
    git(root, env, "add", ".pre-commit-config.yaml", ".newslint.yaml", "styles")
    git(root, env, "commit", "-q", "-m", "setup")
    return root


def test_run_all_files_fails_on_a_bad_article_and_passes_once_it_is_clean(tmp_path: Path, hook_repo, git_env) -> None:
    repo = articles_repo(tmp_path / "news", hook_repo, git_env)
    (repo / "articles" / "library.md").write_text(CLEAN, encoding="utf-8")
    (repo / "articles" / "costs.txt").write_text(BAD, encoding="utf-8")
    git(repo, git_env, "add", "articles")

    failed = pre_commit(repo, git_env, "run", "--all-files")
    out = failed.stdout + failed.stderr
    assert failed.returncode == 1, out
    assert "articles/costs.txt" in out
    assert "News.Said" in out and "House.Utilise" in out  # the bundled style and the house style
    assert "library.md" not in out  # the clean article has no findings

    (repo / "articles" / "costs.txt").write_text(BAD.replace("stated", "said").replace("utilise", "use"), encoding="utf-8")
    git(repo, git_env, "add", "articles")
    passed = pre_commit(repo, git_env, "run", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^newslint\.+Passed$", passed.stdout, re.M), passed.stdout
    assert re.search(r"^newslint \(whole corpus, cross-source checks\)\.+Passed$", passed.stdout, re.M), passed.stdout


def test_git_commit_is_blocked_by_findings_and_allowed_when_clean(tmp_path: Path, hook_repo, git_env) -> None:
    repo = articles_repo(tmp_path / "news", hook_repo, git_env)
    installed = pre_commit(repo, git_env, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    head = git(repo, git_env, "rev-parse", "HEAD").stdout

    (repo / "articles" / "costs.txt").write_text(BAD, encoding="utf-8")
    git(repo, git_env, "add", "articles/costs.txt")
    blocked = subprocess.run(["git", "commit", "-m", "costs story"], cwd=repo, env=git_env, capture_output=True, text=True)
    assert blocked.returncode != 0
    assert "articles/costs.txt" in blocked.stdout + blocked.stderr and "News.Said" in blocked.stdout + blocked.stderr
    assert git(repo, git_env, "rev-parse", "HEAD").stdout == head  # nothing was committed

    (repo / "articles" / "costs.txt").write_text(BAD.replace("stated", "said").replace("utilise", "use"), encoding="utf-8")
    git(repo, git_env, "add", "articles/costs.txt")
    allowed = subprocess.run(["git", "commit", "-m", "costs story"], cwd=repo, env=git_env, capture_output=True, text=True)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert git(repo, git_env, "rev-parse", "HEAD").stdout != head


def test_corpus_hook_lints_articles_that_were_not_staged(tmp_path: Path, hook_repo, git_env) -> None:
    repo = articles_repo(tmp_path / "news", hook_repo, git_env)
    (repo / "articles" / "costs.txt").write_text(BAD, encoding="utf-8")
    git(repo, git_env, "add", "articles")
    git(repo, git_env, "commit", "-q", "--no-verify", "-m", "an old story that slipped in")
    (repo / "articles" / "library.md").write_text(CLEAN, encoding="utf-8")
    git(repo, git_env, "add", "articles/library.md")

    per_file = pre_commit(repo, git_env, "run", "newslint")  # only the staged article
    assert per_file.returncode == 0, per_file.stdout + per_file.stderr
    corpus = pre_commit(repo, git_env, "run", "newslint-corpus")
    assert corpus.returncode == 1, corpus.stdout + corpus.stderr
    assert "articles/costs.txt" in corpus.stdout and "News.Said" in corpus.stdout


def test_corpus_hook_default_lints_the_repository_honouring_excludes(tmp_path: Path, hook_repo, git_env) -> None:
    path, sha = hook_repo
    repo = tmp_path / "news"
    repo.mkdir()
    (repo / "drafts").mkdir()
    (repo / "drafts" / "wip.txt").write_text(BAD, encoding="utf-8")  # excluded by the config
    (repo / "story.txt").write_text(CLEAN, encoding="utf-8")
    (repo / "styles" / "House").mkdir(parents=True)
    (repo / "styles" / "House" / "Utilise.yml").write_text(HOUSE_RULE, encoding="utf-8")
    house = "styles: [House]\nrules_paths: [styles]\n"
    (repo / ".newslint.yaml").write_text(house + "exclude: [drafts]\n", encoding="utf-8")
    config = {"repos": [{"repo": str(path), "rev": sha, "hooks": [{"id": "newslint-corpus"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git(repo, git_env, "init", "-q")
    git(repo, git_env, "add", "-A")
    clean = pre_commit(repo, git_env, "run", "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    (repo / ".newslint.yaml").write_text(house, encoding="utf-8")
    git(repo, git_env, "add", "-A")
    dirty = pre_commit(repo, git_env, "run", "--all-files")
    assert dirty.returncode == 1 and "drafts/wip.txt" in dirty.stdout, dirty.stdout + dirty.stderr
