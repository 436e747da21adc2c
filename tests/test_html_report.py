"""The HTML report of the seed articles, loaded in headless Chromium.

Chromium renders the page the way a reader's browser would; the test reads
back the rendered DOM (--dump-dom) and checks that every finding of the run is
highlighted over exactly its matched text, with its rule, line and column as
data attributes. For that check a small showcase style runs beside the
built-in rules, so the page always has highlights of every level, including
two findings whose spans cross.

It also takes the screenshot the README shows (.github/assets/report-seeds.png,
built-in rules only): set NEWSLINT_UPDATE_SCREENSHOT=1 to refresh it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.cli import main
from newslint.engine import RunResult
from newslint.findings import Finding
from newslint.report import ReportContext
from newslint.report import html as html_report

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SCREENSHOT = ROOT / ".github" / "assets" / "report-seeds.png"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]

SHOWCASE = {
    "Hype.yml": "extends: existence\nmessage: \"'%s' is promotional; say what happened.\"\nlevel: warning\nignorecase: true\n"
    "tokens: [milestone, cutting-edge, pivotal, significant shift]\n",
    "Acronyms.yml": "extends: existence\nmessage: \"Spell out '%s' on first use.\"\nlevel: suggestion\ntokens: [VFX]\n",
    # These two overlap in "generative artificial intelligence": the spans cross.
    "Vague.yml": "extends: existence\nmessage: \"Which system? '%s' is vague.\"\nlevel: warning\ntokens: ['generative artificial']\n",
    "Define.yml": "extends: existence\nmessage: \"Write 'AI' once '%s' is spelled out.\"\nlevel: suggestion\ntokens: ['artificial intelligence']\n",
    "Verbs.yml": "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: suggestion\nswap:\n  emphasized: said\n  revealed: announced\n",
    "Promo.yml": "extends: existence\nmessage: \"Promotional boilerplate: '%s' is not part of the story.\"\nlevel: error\n"
    "raw: ['Stay connected with [^.]*?—follow us']\n",
}

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium)")


def _report(folder: Path, config: Path | None) -> tuple[Path, list[dict]]:
    page = folder / "seeds.html"
    options = ["--config", str(config)] if config else []
    old = os.getcwd()
    os.chdir(ROOT)  # paths in the report read seeds/..., as a user running from the checkout sees them
    try:
        runner = CliRunner()
        html_run = runner.invoke(main, [*options, "-f", "html", "-o", str(page), "seeds"])
        json_run = runner.invoke(main, [*options, "-f", "json", "seeds"])
    finally:
        os.chdir(old)
    assert html_run.exit_code in (0, 1), html_run.output
    return page, json.loads(json_run.stdout)


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """The HTML report of seeds/ (built-in rules plus the showcase style) and the same run as JSON."""
    folder = tmp_path_factory.mktemp("report")
    style = folder / "styles" / "Show"
    style.mkdir(parents=True)
    for name, text in SHOWCASE.items():
        (style / name).write_text(text, encoding="utf-8")
    config = folder / "newslint.yaml"
    config.write_text(f"styles: [News, Show]\nrules_paths: [{json.dumps(str(folder / 'styles'))}]\n", encoding="utf-8")
    return _report(folder, config)


def chromium(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    profile = tmp / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=180, check=False,
    )


class _Highlights(HTMLParser):
    """Each finding's highlight: its attributes and the text of all its fragments."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[dict] = []
        self.found: dict[str, dict] = {}
        self.fragments: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        if tag != "mark":
            return
        attributes = dict(attrs)
        key = attributes["data-finding"]
        self.fragments[key] = self.fragments.get(key, 0) + 1
        entry = self.found.setdefault(key, {**attributes, "text": ""})
        self.open.append(entry)

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open.pop()

    def handle_data(self, data):
        for entry in self.open:
            entry["text"] += data


def _squash(text: str) -> str:
    return "".join(text.split())


@needs_chromium
def test_every_finding_is_highlighted_in_the_rendered_page(seeds_report, tmp_path):
    page, findings = seeds_report
    run = chromium("--dump-dom", page.as_uri(), tmp=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    assert "<main>" in dom and "seeds/000_ac03eac1eff8066b.txt" in dom
    parser = _Highlights()
    parser.feed(dom)
    highlights = list(parser.found.values())
    style = [f for f in findings if f["kind"] != "error"]
    assert len(highlights) == len(style)
    for finding in style:
        key = (finding["rule"], str(finding["line"]), str(finding["column"]))
        candidates = [h for h in highlights if (h["data-rule"], h["data-line"], h["data-column"]) == key]
        assert candidates, f"no highlight for {key}"
        # A span that runs over a line break is split per line; compare without whitespace.
        assert any(_squash(h["text"]) == _squash(finding["match"]) for h in candidates), (finding, candidates)
        assert all(h["data-level"] == finding["level"] for h in candidates)

    by_rule = {h["data-rule"]: h for h in highlights}
    assert by_rule["Show.Promo"]["text"] == "Stay connected with BizTech Community—follow us"
    assert by_rule["Show.Promo"]["data-line"] == "1" and by_rule["Show.Promo"]["data-column"] == "1"
    # The crossing pair: both keep exactly their own words; one is split in two fragments.
    vague = [h for h in highlights if h["data-rule"] == "Show.Vague"]
    define = [h for h in highlights if h["data-rule"] == "Show.Define"]
    assert {h["text"] for h in vague} == {"generative artificial"}
    assert {h["text"] for h in define} == {"artificial intelligence"}
    assert any(parser.fragments[h["data-finding"]] == 2 for h in define + vague)
    # Each highlight points at its margin note, which Chromium kept in the DOM.
    for h in highlights:
        assert f'id="{h["data-finding"]}-note"' in dom


@needs_chromium
def test_screenshot_of_the_seeds_report(tmp_path):
    """The seeds exactly as a user sees them with `newslint --format html seeds/`: built-in rules only."""
    page, findings = _report(tmp_path, None)
    shot = tmp_path / "report-seeds.png"
    run = chromium(f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri(), tmp=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a rendered page, not a blank one
    if os.environ.get("NEWSLINT_UPDATE_SCREENSHOT"):
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)


# -- the highlighting itself, without a browser ----------------------------------------


def _finding(source: str, start: int, end: int, number: int, path: str = "a.txt") -> Finding:
    def position(offset: int) -> tuple[int, int]:
        line = source.count("\n", 0, offset) + 1
        return line, offset - (source.rfind("\n", 0, offset) + 1) + 1

    (line, column), (end_line, end_column) = position(start), position(end)
    level = ("error", "warning", "suggestion")[number % 3]
    return Finding(path=path, line=line, column=column, end_line=end_line, end_column=end_column, rule=f"T.R{number}",
                   kind="existence", level=level, message=f"m{number} <&>", match=source[start:end], start=start, end=end)


class _Strict(_Highlights):
    """_Highlights that also checks the marks nest (every </mark> closes an open one)."""

    def handle_endtag(self, tag):
        if tag == "mark":
            assert self.open, "a </mark> without an open mark"
        super().handle_endtag(tag)


@settings(max_examples=400, deadline=None)
@given(
    source=st.text(alphabet="ab <&>\"\r\n\u00e9\U0001f600", min_size=1, max_size=40),
    spans=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)), max_size=6),
)
def test_highlights_cover_exactly_their_spans_whatever_the_overlap(source, spans):
    findings = []
    for number, (start, length) in enumerate(spans):
        start = min(start, len(source))
        findings.append(_finding(source, start, min(len(source), start + length), number))
    findings.sort(key=Finding.sort_key)
    page = html_report.render(RunResult(findings=findings, files=["a.txt"], sources={"a.txt": source}), ReportContext(version="t"))
    parser = _Strict()
    parser.feed(page)
    assert parser.open == []
    marks = parser.found
    assert len(marks) == len(findings)
    for number, finding in enumerate(findings, 1):
        mark = marks[f"a1-{number}"]
        assert mark["data-rule"] == finding.rule and mark["data-line"] == str(finding.line)
        # Line breaks (\n, or \r\n) are the rows themselves, so a highlight's text is its span without them.
        expected = "".join(
            source[i] for i in range(finding.start, finding.end)
            if source[i] != "\n" and not (source[i] == "\r" and source[i + 1 : i + 2] == "\n")
        )
        assert mark["text"] == expected


def test_the_page_escapes_article_text_and_messages():
    source = 'Tom <b>said</b> "x" & y\n'
    finding = _finding(source, 4, 7, 1, path="a<1>.txt")
    page = html_report.render(RunResult(findings=[finding], files=["a<1>.txt"], sources={"a<1>.txt": source}),
                              ReportContext(version="t"))
    assert "<b>" not in page and "</mark>said&lt;/b&gt; &quot;x&quot; &amp; y" in page
    assert 'data-rule="T.R1"' in page and ">&lt;b&gt;</mark>" in page
    assert "m1 &lt;&amp;&gt;" in page and "a&lt;1&gt;.txt" in page
