"""Talking to LanguageTool: its HTTP API (/v2/check, /v2/languages), remote or local.

One code path for both: a LanguageTool server the newsroom runs is reached over
HTTP with urllib; a local LanguageTool install is started through the optional
`language-tool-python` package (the `newslint[grammar]` extra, GPL-3.0, needs
Java) and then reached over HTTP the same way. Nothing here downloads anything
or contacts any host that the rule file did not name.

Connections are made once per process and cached. Every failure (extra not
installed, no Java, server unreachable, slow or answering nonsense) becomes a
LanguageToolUnavailable with a one-line message; each request and the local
start-up are bounded by a timeout, so a dead server cannot hang a run.

LanguageTool counts offsets in UTF-16 code units (it is Java); newslint counts
code points, so offsets are converted for text outside the Basic Multilingual
Plane (emoji, some CJK).
"""

from __future__ import annotations

import bisect
import glob
import hashlib
import json
import os
import shutil
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

JAR_NAMES = ("languagetool-server.jar", "languagetool-standalone*.jar", "LanguageTool.jar")
USER_AGENT = "newslint (LanguageTool rule)"


class LanguageToolUnavailable(Exception):
    """LanguageTool was configured but cannot be used; the message is one line."""


@dataclass(slots=True)
class LTMatch:
    """One LanguageTool match, with offsets in code points of the text sent."""

    offset: int
    length: int
    message: str
    replacements: list[str] = field(default_factory=list)
    rule_id: str = ""
    category: str = ""
    issue_type: str = ""


class LanguageToolServer:
    """A LanguageTool HTTP API at a base URL ("https://lt.example.org" or ".../v2")."""

    def __init__(self, url: str, timeout: float):
        base = url.rstrip("/")
        if not base.endswith("/v2"):
            base += "/v2"
        self.base = base
        self.timeout = timeout

    def languages(self) -> list[dict[str, Any]]:
        data = self._request("languages")
        if not isinstance(data, list):
            raise LanguageToolUnavailable(f"LanguageTool at {self.base} answered /languages with something other than a list")
        return [d for d in data if isinstance(d, dict)]

    def check(self, text: str, params: dict[str, str]) -> list[LTMatch]:
        """Matches for text; params are LanguageTool's form fields (language, enabledRules...)."""
        data = self._request("check", {**params, "text": text})
        if not isinstance(data, dict) or not isinstance(data.get("matches"), list):
            raise LanguageToolUnavailable(f"LanguageTool at {self.base} answered /check without a 'matches' list")
        to_code_points = _utf16_to_code_points(text)
        out: list[LTMatch] = []
        for raw in data["matches"]:
            try:
                start = to_code_points(int(raw["offset"]))
                end = to_code_points(int(raw["offset"]) + int(raw["length"]))
            except (KeyError, TypeError, ValueError):
                continue  # a match without a position cannot be reported
            rule = raw.get("rule") if isinstance(raw.get("rule"), dict) else {}
            category = rule.get("category") if isinstance(rule.get("category"), dict) else {}
            replacements = [r["value"] for r in raw.get("replacements") or [] if isinstance(r, dict) and isinstance(r.get("value"), str)]
            out.append(
                LTMatch(
                    offset=start,
                    length=max(end - start, 0),
                    message=str(raw.get("message") or raw.get("shortMessage") or rule.get("description") or ""),
                    replacements=replacements,
                    rule_id=str(rule.get("id", "")),
                    category=str(category.get("id", "")),
                    issue_type=str(rule.get("issueType", "")),
                )
            )
        return out

    def _request(self, endpoint: str, form: dict[str, str] | None = None) -> Any:
        url = f"{self.base}/{endpoint}"
        data = urllib.parse.urlencode(form).encode("utf-8") if form is not None else None
        request = urllib.request.Request(url, data=data, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            detail = _first_line(exc.read().decode("utf-8", "replace")) if exc.fp is not None else ""
            raise LanguageToolUnavailable(f"LanguageTool at {self.base} answered HTTP {exc.code}{': ' + detail if detail else ''}") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise LanguageToolUnavailable(f"LanguageTool at {self.base} did not answer within {self.timeout:g} s (the rule's 'timeout')") from None
            raise LanguageToolUnavailable(f"cannot reach LanguageTool at {self.base}: {_reason(exc.reason)}") from None
        except TimeoutError:  # socket.timeout is an alias of it
            raise LanguageToolUnavailable(f"LanguageTool at {self.base} did not answer within {self.timeout:g} s (the rule's 'timeout')") from None
        except (OSError, ValueError) as exc:
            raise LanguageToolUnavailable(f"cannot reach LanguageTool at {self.base}: {_reason(exc)}") from None
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise LanguageToolUnavailable(f"LanguageTool at {self.base} answered /{endpoint} with something other than JSON") from None


def _reason(reason: object) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return _first_line(str(reason)) or type(reason).__name__


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:200] if text.strip() else ""


def _utf16_to_code_points(text: str):
    """A function mapping a UTF-16 offset in text to a code-point offset."""
    if text.isascii():
        return lambda offset: offset
    # UTF-16 offsets at which a surrogate pair (one code point, two units) starts.
    pair_starts: list[int] = []
    units = 0
    for ch in text:
        if ord(ch) > 0xFFFF:
            pair_starts.append(units)
            units += 2
        else:
            units += 1
    if not pair_starts:
        return lambda offset: offset
    return lambda offset: offset - bisect.bisect_left(pair_starts, offset)


# -- connections, one per process -------------------------------------------------

_SERVERS: dict[tuple, LanguageToolServer] = {}
_LOCAL_TOOLS: list[Any] = []  # language-tool-python objects: keeping them alive keeps their server up
_LOCK = threading.Lock()


def connect(server: str | None, local: str | None, timeout: float, startup_timeout: float) -> LanguageToolServer:
    """The LanguageTool to use, checked to be answering; cached for the process."""
    key = ("server", server) if server else ("local", os.path.abspath(local or ""))
    with _LOCK:
        cached = _SERVERS.get(key)
        if cached is not None:
            return cached
        if server:
            lt = LanguageToolServer(server, timeout)
            lt.languages()  # fail now, once, rather than on every article
        else:
            lt = LanguageToolServer(start_local(local or "", startup_timeout), timeout)
        _SERVERS[key] = lt
        return lt


def start_local(path: str, startup_timeout: float) -> str:
    """Start the LanguageTool install at path through language-tool-python; its URL."""
    # Worker processes inherit the environment, so a server started here is shared.
    env_key = "NEWSLINT_LT_LOCAL_" + hashlib.sha1(os.path.abspath(path).encode("utf-8")).hexdigest()[:12]
    if os.environ.get(env_key):
        # A worker process: the parent started the server and left its URL here.
        return os.environ[env_key]
    try:
        import language_tool_python  # GPL-3.0: only in the grammar extra
    except ImportError:
        raise LanguageToolUnavailable(
            "a local LanguageTool needs the grammar extra: pip install 'newslint[grammar]' (GPL-3.0, needs Java)"
        ) from None
    if shutil.which("java") is None:
        raise LanguageToolUnavailable("a local LanguageTool needs Java, and no 'java' is on the PATH")
    folder = os.path.abspath(os.path.expanduser(path))
    if not any(glob.glob(os.path.join(folder, name)) for name in JAR_NAMES):
        raise LanguageToolUnavailable(f"no LanguageTool install at {folder} (expected languagetool-server.jar there)")
    # Point language-tool-python at this install, so it never downloads one.
    os.environ["LTP_JAR_DIR_PATH"] = folder
    outcome: dict[str, Any] = {}

    def start() -> None:
        try:
            outcome["tool"] = language_tool_python.LanguageTool("en-US")
        except BaseException as exc:  # noqa: BLE001 - reported as one line below
            outcome["error"] = exc

    thread = threading.Thread(target=start, name="newslint-languagetool-start", daemon=True)
    thread.start()
    thread.join(startup_timeout)
    if thread.is_alive():
        raise LanguageToolUnavailable(f"the local LanguageTool at {folder} did not start within {startup_timeout:g} s (the rule's 'startup_timeout')")
    if "error" in outcome:
        raise LanguageToolUnavailable(f"the local LanguageTool at {folder} did not start: {_first_line(str(outcome['error'])) or type(outcome['error']).__name__}")
    tool = outcome["tool"]
    _LOCAL_TOOLS.append(tool)
    url = getattr(tool, "_url", None) or f"http://{getattr(tool, '_host', '127.0.0.1')}:{getattr(tool, '_port', 8081)}/v2/"
    os.environ[env_key] = url
    return url
