"""extends: languagetool — grammar and style from a LanguageTool server the user configured.

No built-in style uses this kind: nothing contacts a server unless a rule file
names one. A newsroom adds a rule to its own style folder, for example
styles/Grammar/LanguageTool.yml:

    extends: languagetool
    server: https://languagetool.newsroom.example   # or  local: /opt/LanguageTool-6.4
    language: en-GB
    disabled_categories: [TYPOS]        # News.Spelling already checks spelling
    disabled_rules: [WHITESPACE_RULE]
    level: suggestion
    timeout: 10

and turns it on in .newslint.yaml (`styles: [News, Grammar]`, `rules_paths: [styles]`).

Keys: `server` (a LanguageTool HTTP API URL) or `local` (the folder of a
LanguageTool install, started through the `newslint[grammar]` extra, which
needs Java); `language`; `enabled_rules`, `disabled_rules`,
`enabled_categories`, `disabled_categories`, `enabled_only`, `picky`,
`preferred_variants` (LanguageTool's own options, passed on as they are);
`timeout` (seconds per request), `startup_timeout` (seconds for a local
server to start), `max_request` (characters per request), `max_suggestions`.

Each article's prose is sent in as few requests as possible (blocks joined by
blank lines, so LanguageTool sees paragraphs), and every match is mapped back
through its block's offset map, so positions are exact in Markdown and HTML
too. The message is LanguageTool's, with its rule id: "%s (%s)". Quoted speech
is left alone unless the scope includes `quote`.

When the server cannot be reached at load time the rule is a rule-file error:
one line, exit 2. If it stops answering during a run, the first article
affected gets one error and the rest of the run skips the rule.
"""

from __future__ import annotations

import bisect
from typing import Iterator
from urllib.parse import urlparse

from ..document import Document
from ..errors import NewslintError
from ..findings import Finding
from ..ltclient import LanguageToolServer, LanguageToolUnavailable, connect
from ..yamlio import LinedDict
from .base import Match, Rule, Unit, string_list

SEPARATOR = "\n\n"  # LanguageTool reads a blank line as a paragraph break


class LanguageToolRule(Rule):
    kind = "languagetool"
    keys = {
        "server": (str,),
        "local": (str,),
        "language": (str,),
        "enabled_rules": (list, str),
        "disabled_rules": (list, str),
        "enabled_categories": (list, str),
        "disabled_categories": (list, str),
        "enabled_only": (bool,),
        "picky": (bool,),
        "preferred_variants": (list, str),
        "timeout": (int, float),
        "startup_timeout": (int, float),
        "max_request": (int,),
        "max_suggestions": (int,),
    }
    default_message = "%s (%s)"

    def configure(self, spec: LinedDict) -> None:
        server = spec.get("server")
        local = spec.get("local")
        if bool(server) == bool(local):
            raise self.error("extends", "a languagetool rule needs either 'server' (a LanguageTool URL) or 'local' (a LanguageTool folder)")
        if server and urlparse(server).scheme not in ("http", "https"):
            raise self.error("server", f"'server' must be an http:// or https:// URL, not {server!r}")
        self.timeout = float(spec.get("timeout", 10))
        self.startup_timeout = float(spec.get("startup_timeout", 60))
        for key, value in (("timeout", self.timeout), ("startup_timeout", self.startup_timeout)):
            if value <= 0:
                raise self.error(key, f"'{key}' must be a positive number of seconds")
        self.max_request = int(spec.get("max_request", 20_000))
        self.max_suggestions = int(spec.get("max_suggestions", 5))
        if self.max_request < 100:
            raise self.error("max_request", "'max_request' must be at least 100 characters")
        self.language = spec.get("language", "en-US")
        self.params = self._params(spec)
        try:
            self.server: LanguageToolServer = connect(server, local, self.timeout, self.startup_timeout)
            if self.language != "auto":
                self._check_language()
        except LanguageToolUnavailable as exc:
            raise self.error("server" if server else "local", str(exc)) from None
        self._failed = False

    def _params(self, spec: LinedDict) -> dict[str, str]:
        params = {"language": self.language}
        for key, field in (
            ("enabled_rules", "enabledRules"),
            ("disabled_rules", "disabledRules"),
            ("enabled_categories", "enabledCategories"),
            ("disabled_categories", "disabledCategories"),
            ("preferred_variants", "preferredVariants"),
        ):
            values = string_list(self, key, spec.get(key))
            if values:
                params[field] = ",".join(values)
        if spec.get("enabled_only"):
            if "enabledRules" not in params and "enabledCategories" not in params:
                raise self.error("enabled_only", "'enabled_only' needs 'enabled_rules' or 'enabled_categories'")
            params["enabledOnly"] = "true"
        if spec.get("picky"):
            params["level"] = "picky"
        return params

    def _check_language(self) -> None:
        offered: set[str] = set()
        for entry in self.server.languages():
            offered.update(str(entry.get(k)) for k in ("code", "longCode") if entry.get(k))
        if offered and self.language not in offered:
            examples = ", ".join(sorted(c for c in offered if "-" in c)[:6]) or ", ".join(sorted(offered)[:6])
            raise LanguageToolUnavailable(f"LanguageTool at {self.server.base} does not offer language {self.language!r} (it offers e.g. {examples})")

    # -- checking ------------------------------------------------------------

    def check(self, doc: Document) -> Iterator[Finding]:
        if self._failed:
            return  # already reported once in this process; do not wait on a dead server per article
        units = [u for u in self.scope.units(doc) if u.block.text[u.start : u.end].strip()]
        for batch in self._batches(units):
            texts = [u.block.text[u.start : u.end] for u in batch]
            starts: list[int] = []
            position = 0
            for text in texts:
                starts.append(position)
                position += len(text) + len(SEPARATOR)
            try:
                matches = self.server.check(SEPARATOR.join(texts), self.params)
            except LanguageToolUnavailable as exc:
                self._failed = True
                raise NewslintError(doc.path, f"{exc}; LanguageTool skipped for this and later articles") from None
            for lt in matches:
                i = bisect.bisect_right(starts, lt.offset) - 1
                if i < 0:
                    continue
                local = lt.offset - starts[i]
                if local + lt.length > len(texts[i]):
                    continue  # runs across a paragraph break: no single source span
                unit = batch[i]
                start = unit.start + local
                match = Match(start, start + lt.length, (lt.message, lt.rule_id or lt.category), lt.replacements[: self.max_suggestions])
                finding = self.to_finding(doc, unit.block, match)
                if finding is not None:
                    yield finding

    def _batches(self, units: list[Unit]) -> Iterator[list[Unit]]:
        batch: list[Unit] = []
        size = 0
        for unit in units:
            length = unit.end - unit.start + len(SEPARATOR)
            if batch and size + length > self.max_request:
                yield batch
                batch, size = [], 0
            batch.append(unit)
            size += length
        if batch:
            yield batch
