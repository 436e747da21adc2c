"""An on-disk memo for the pure, costly work of compiling rules: regexes and pattern gates.

Loading the default rule set spends most of its time in pure functions of a
pattern string: the regex module's compiler (a parser written in Python) and
matching's literal-gate analysis. Their results are kept between runs in the
user's cache folder, keyed by the exact input, so the next run reads them
instead of recomputing them (~0.3 s of a ~0.6 s start-up).

Correctness never depends on the cache being fresh: a key is the whole input
(the pattern text and flags), and each store's file name carries a digest of
everything else its results depend on (the Python and regex versions, and the
source of the module that computes them), so an upgrade or an edit simply
starts a new file. The files are marshal data (loading runs no code) behind a
checksum; any problem reading or writing one just means no cache.

NEWSLINT_NO_CACHE=1 turns the cache off; NEWSLINT_CACHE_DIR moves it
(default: $XDG_CACHE_HOME/newslint, else ~/.cache/newslint).
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sys
import tempfile
from typing import Any, Callable

import regex

MAX_ENTRIES = 20_000  # per store; past it, entries this run did not use are dropped
KEEP_FILES = 4  # files kept per store (the current one and the newest others)
_HEADER = b"newslint-memo-1\n"
_STORES: list[_Store] = []


def enabled() -> bool:
    return os.environ.get("NEWSLINT_NO_CACHE", "") in ("", "0")


def cache_dir() -> str:
    explicit = os.environ.get("NEWSLINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "newslint")


class _Store:
    """One memo table, loaded on first use and written back by save() when it grew."""

    def __init__(self, name: str, depends: tuple[str, ...], salt: str = ""):
        self.name = name
        self.depends = depends
        self.salt = salt
        self.table: dict[Any, Any] | None = None
        self.used: set[Any] = set()
        self.dirty = False
        self.pid = 0  # the process that loaded the table

    def _path(self) -> str:
        digest = hashlib.blake2b(digest_size=10)
        digest.update(f"{sys.version}|{regex.__version__}|{marshal.version}|{self.salt}".encode())
        for path in self.depends:
            try:
                with open(path, "rb") as handle:
                    digest.update(handle.read())
            except OSError:
                digest.update(path.encode())
        return os.path.join(cache_dir(), f"{self.name}-{digest.hexdigest()}.bin")

    def load(self) -> dict[Any, Any]:
        if self.table is None:
            self.table = {}
            self.pid = os.getpid()
            if enabled():
                try:
                    with open(self._path(), "rb") as handle:
                        raw = handle.read()
                    body = raw[len(_HEADER) + 32 :]
                    if raw.startswith(_HEADER) and raw[len(_HEADER) : len(_HEADER) + 32] == hashlib.blake2b(body, digest_size=32).digest():
                        table = marshal.loads(body)
                        if isinstance(table, dict):
                            self.table = table
                except (OSError, ValueError, EOFError, TypeError):
                    pass
        return self.table

    def get(self, key: Any) -> Any:
        value = self.load()[key]  # KeyError: not cached
        self.used.add(key)
        return value

    def put(self, key: Any, value: Any) -> None:
        try:
            marshal.dumps((key, value))
        except ValueError:
            return  # not plain data: computed again next time
        self.load()[key] = value
        self.used.add(key)
        self.dirty = True

    def save(self) -> None:
        # Only the process that loaded the table writes it: forked workers inherit
        # the table but must not race the parent for the file.
        if not self.dirty or self.table is None or not enabled() or os.getpid() != self.pid:
            return
        table = self.table
        if len(table) > MAX_ENTRIES:
            table = {k: v for k, v in table.items() if k in self.used}
        body = marshal.dumps(table)
        path = self._path()
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            handle, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=f".{self.name}-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(_HEADER + hashlib.blake2b(body, digest_size=32).digest() + body)
                os.replace(tmp, path)  # atomic: a concurrent run reads the old file or the new one
            except BaseException:
                os.unlink(tmp)
                raise
            self._prune(path)
        except OSError:
            return
        self.dirty = False

    def _prune(self, current: str) -> None:
        """Remove this store's files for older code or versions, keeping a few recent ones.

        A few, because two installations (a release and a checkout) may share
        the folder; each keeps its own file rather than evicting the other's.
        """
        folder = os.path.dirname(current)
        paths = [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith(f"{self.name}-") and n.endswith(".bin")]
        paths.sort(key=lambda p: (p == current, _mtime(p)), reverse=True)
        for path in paths[KEEP_FILES:]:
            try:
                os.unlink(path)
            except OSError:
                pass


def _mtime(path: str) -> float:
    try:
        return os.path.getmtime(path)
    except OSError:
        return 0.0


def _same(value: Any) -> Any:
    return value


def memoized(
    name: str, *depends: str, salt: str = "", encode: Callable[[Any], Any] = _same, decode: Callable[[Any], Any] = _same
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Memoise a pure function of plain, hashable arguments on disk.

    `depends` are the source files its results depend on (usually the
    caller's __file__), `salt` anything else (a library's version); a change
    to either starts a fresh store. `encode` turns a result into plain data
    (tuples, strings, numbers, sets, dicts) and `decode` turns it back.
    """

    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        store = _Store(name, depends, salt)
        _STORES.append(store)

        @functools.wraps(func)
        def memo(*args: Any, **kwargs: Any) -> Any:
            key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
            try:
                return decode(store.get(key))
            except (KeyError, TypeError):  # TypeError: an unhashable argument
                pass
            value = func(*args, **kwargs)
            try:
                store.put(key, encode(value))
            except TypeError:
                pass
            return value

        return memo

    return wrap


_REGEX = _Store("regex", ())
_STORES.append(_REGEX)


def compile_regex(pattern: str, flags: int = 0) -> regex.Pattern:
    """regex.compile(pattern, flags), rebuilt from the cached compiled form when there is one.

    The regex module pickles a pattern as its compiled code; rebuilding from
    that skips its parser (about 3x faster). Errors are regex.compile's own.
    """
    flags = int(flags)
    cacheable = isinstance(pattern, str) and not flags & regex.LOCALE  # a locale pattern depends on the locale
    if cacheable:
        try:
            return _rebuild(_REGEX.get((pattern, flags)))
        except Exception:  # noqa: BLE001 - not cached, or a stale entry: compile afresh
            pass
    compiled = regex.compile(pattern, flags)
    if cacheable:
        data = getattr(compiled, "_pickled_data", None)
        if data is not None:
            _REGEX.put((pattern, flags), data)
    return compiled


def _rebuild(data: tuple) -> regex.Pattern:
    from regex import _regex

    return _regex.compile(*data)


def save() -> None:
    """Write every store that grew in this process (called once the rule sets are built)."""
    for store in _STORES:
        store.save()


def forget() -> None:
    """Drop the in-memory tables, so the next use reads the files again (as a new run would)."""
    for store in _STORES:
        store.table = None
        store.used = set()
        store.dirty = False
