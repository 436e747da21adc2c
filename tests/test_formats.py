"""The input formats: what is prose in Markdown, HTML and plain text, and where it is.

Through the command line as a user runs it (--format json), and through each
extractor's extract(doc) for the blocks, kinds, metadata and offset maps.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main
from newslint.document import Document
from newslint.formats import parse
from newslint.reader import decode, make_document

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
WORD = "exclaimed"  # News.Said flags it wherever it stands
BOM = b"\xef\xbb\xbf"


def run_cli(path: Path, *extra: str) -> tuple[int, list[dict]]:
    args = ["--no-color", "--format", "json", "--select", "News.Said", *extra, str(path)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def positions(path: Path) -> list[tuple[int, int]]:
    """(line, column) of every News.Said finding, after checking each span slices out its match."""
    code, findings = run_cli(path)
    assert code in (0, 1), findings
    text = path.read_bytes().decode("utf-8-sig")
    lines = text.split("\n")
    for f in findings:
        start = sum(len(x) + 1 for x in lines[: f["line"] - 1]) + f["column"] - 1
        end = sum(len(x) + 1 for x in lines[: f["end_line"] - 1]) + f["end_column"] - 1
        assert text[start:end] == f["match"] == WORD, f
    return [(f["line"], f["column"]) for f in findings]


def write(tmp_path: Path, name: str, text: str, crlf: bool = False, bom: bool = False) -> Path:
    path = tmp_path / name
    data = text.replace("\n", "\r\n") if crlf else text
    path.write_bytes((BOM if bom else b"") + data.encode("utf-8"))
    return path


def extract(text: str, fmt: str) -> Document:
    doc = Document("x", text)
    parse(doc, fmt)
    return doc


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


def source_of(doc: Document, block_index: int, word: str) -> str:
    block = doc.blocks[block_index]
    start = block.text.index(word)
    s, e = block.source_span(start, start + len(word))
    return doc.source[s:e]


# -- Markdown ------------------------------------------------------------------------


def test_markdown_fixture_flags_prose_and_nothing_else() -> None:
    # Line 2 is the front-matter title; summary (line 4) is metadata, not prose;
    # code, the autolink, the link target and title, the image path and the comment
    # are not prose. The text of a raw HTML block is (line 35): a browser shows it.
    assert positions(FIXTURES / "article.md") == [
        (2, 23), (8, 19), (10, 20), (11, 8), (11, 51), (14, 13), (16, 11), (24, 14), (25, 17), (27, 16), (28, 18), (32, 10),
        (35, 6),
    ]


def test_markdown_front_matter_feeds_metadata_and_the_headline() -> None:
    text = (FIXTURES / "article.md").read_text(encoding="utf-8")
    doc = extract(text, "markdown")
    assert doc.metadata["story"] == "river-bridge"
    assert doc.metadata["author"] == "A. Writer"
    headline = doc.blocks[0]
    assert (headline.kind, headline.text) == ("headline", "Council leader exclaimed over the new bridge")
    assert source_of(doc, 0, "exclaimed") == "exclaimed"
    meta = {b.name: b.text for b in doc.blocks if b.kind == "meta"}
    assert meta["summary"] == "The mayor exclaimed about the cost"
    # With a title, the first # heading stays a heading.
    assert ("heading", "The bridge that exclaimed nothing") in kinds(doc)


def test_markdown_block_kinds() -> None:
    doc = extract((FIXTURES / "article.md").read_text(encoding="utf-8"), "markdown")
    got = kinds(doc)
    assert ("alt", "A diver exclaimed at the river") in got
    assert ("list", "First item exclaimed loudly") in got
    assert ("list", "Nested item exclaimed with a second line") in got
    assert ("blockquote", "Deeper quote exclaimed") in got
    assert ("table", "exclaimed") in got
    assert ("paragraph", "exclaimed in raw HTML") in got  # a raw HTML block's text, as a browser shows it
    assert not any("fence" in t or "indented" in t for _, t in got)
    assert [c.body for c in doc.comments] == ["exclaimed in a comment"]


def test_markdown_first_h1_is_the_headline_without_front_matter() -> None:
    doc = extract("Intro line.\n\n# The Headline\n\n## A section\n\n# Another h1\n", "markdown")
    assert kinds(doc) == [("paragraph", "Intro line."), ("headline", "The Headline"), ("heading", "A section"), ("heading", "Another h1")]
    assert [b.level for b in doc.blocks] == [0, 1, 2, 1]
    setext = extract("Setext Headline\n===============\n\nBody.\n", "markdown")
    assert kinds(setext)[0] == ("headline", "Setext Headline")


def test_markdown_emphasis_markers_are_not_text_and_words_map_exactly() -> None:
    doc = extract("A **bold** and _quiet_ and ~~gone~~ word.\n", "markdown")
    assert doc.blocks[0].text == "A bold and quiet and gone word."
    for word in ("bold", "quiet", "gone", "word"):
        assert source_of(doc, 0, word) == word


def test_markdown_entities_escapes_and_breaks_map_to_their_source() -> None:
    doc = extract("The caf&eacute; \\*star\\* &#233;t&eacute;  \nnext\\\nline\n", "markdown")
    block = doc.blocks[0]
    assert block.text == "The café *star* été next line"
    assert source_of(doc, 0, "café") == "caf&eacute;"
    assert source_of(doc, 0, "*star*") == "\\*star\\*"
    assert source_of(doc, 0, "été") == "&#233;t&eacute;"
    assert not block.offsets.is_exact(4, 8)  # an entity is never rewritten in place
    assert block.offsets.is_exact(0, 3)


def test_markdown_entity_before_the_word_keeps_its_column(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", f"caf&eacute; {WORD} and &amp;{WORD} &#8212; {WORD}.\n")
    assert positions(path) == [(1, 13), (1, 32), (1, 50)]


def test_markdown_code_urls_and_link_targets_are_never_linted(tmp_path: Path) -> None:
    text = (
        f"Use `{WORD}` and ``a ` {WORD}`` here.\n\n"
        f"See <https://example.com/{WORD}> and https://example.com/{WORD} and <{WORD}@example.com>.\n\n"
        f"A [link](https://example.com/{WORD} \"{WORD}\") and [ref][r] and ![img](pic/{WORD}.png).\n\n"
        f"[r]: https://example.com/{WORD} \"{WORD}\"\n\n"
        f"~~~\n{WORD}\n~~~\n\n    {WORD} as indented code\n\n<div><code>{WORD}</code> <a href=\"/{WORD}\">x</a></div>\n"
    )
    code, findings = run_cli(write(tmp_path, "a.md", text))
    assert (code, findings) == (0, [])


@pytest.mark.parametrize("name", ["a.md", "a.txt", "a.html"])
def test_template_tags_are_markup_but_the_copy_between_them_is_linted(tmp_path: Path, name: str) -> None:
    # Hugo shortcodes and Liquid/Jinja tags are expanded by the site generator: their
    # arguments are not copy. Text between an opening and a closing shortcode is.
    text = (
        f"Council Votes\n\n{{{{< figure src=/b.jpg caption={WORD} >}}}}\n\n"
        f"The mayor {{{{ page.{WORD} }}}} it {{% include note.html {WORD} %}} and\n"
        f"{{{{< tweet council\n  {WORD} >}}}} then.\n\n"
        f"{{{{% notice %}}}}\nThe leader {WORD} it.\n{{{{% /notice %}}}}\n"
    )
    if name.endswith(".html"):
        text = "".join(f"<p>{para}</p>\n" for para in text.split("\n\n"))
    path = write(tmp_path, name, text)
    assert positions(path) == [(10 if name != "a.html" else 7, 12)]


@pytest.mark.parametrize("name", ["a.md", "a.txt"])
def test_footnote_markers_are_markup_but_the_footnote_text_is_copy(tmp_path: Path, name: str) -> None:
    # "[^1]" and "[^label]" mark footnotes (GitHub, Pandoc, Hugo): a label is no word of copy,
    # and a number in one is no figure to spell out.
    text = f"The mayor spoke.[^{WORD}] The council agreed.[^2]\n\n[^{WORD}]: The mayor {WORD} it.\n"
    assert positions(write(tmp_path, name, text)) == [(3, 25)]
    code, findings = run_cli(write(tmp_path, name, "The vote was close.[^3]\n\n[^3]: Seven voted for it.\n"), "--select", "News.Numerals")
    assert (code, findings) == (0, [])


def test_markdown_link_text_and_alt_text_are_linted(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", f"See [the mayor {WORD}](https://x.test/a) and ![a diver {WORD}](b.png).\n")
    assert positions(path) == [(1, 16), (1, 59)]
    doc = extract(path.read_text(encoding="utf-8"), "markdown")
    assert kinds(doc) == [("paragraph", f"See the mayor {WORD} and ."), ("alt", f"a diver {WORD}")]


def test_markdown_nested_lists_and_blockquotes(tmp_path: Path) -> None:
    text = (
        f"- top {WORD}\n"
        f"  1. nested {WORD}\n"
        f"     continued {WORD}\n"
        f"lazy {WORD}\n"
        f"\n"
        f"> quote {WORD}\n"
        f"> > deeper {WORD}\n"
        f"> - listed {WORD}\n"
        f">   inside {WORD}\n"
        f"\n"
        f">\tafter a tab {WORD}\n"
    )
    path = write(tmp_path, "a.md", text)
    assert positions(path) == [(1, 7), (2, 13), (3, 16), (4, 6), (6, 9), (7, 12), (8, 12), (9, 12), (11, 15)]
    doc = extract(text, "markdown")
    assert [b.kind for b in doc.blocks] == ["list", "list", "blockquote", "blockquote", "list", "blockquote"]


def test_markdown_table_cells_with_escaped_pipes(tmp_path: Path) -> None:
    text = f"| Who | What |\n|---|---|\n| a \\| b | x {WORD} |\n"
    assert positions(write(tmp_path, "a.md", text)) == [(3, 14)]
    doc = extract(text, "markdown")
    assert ("table", "a | b") in kinds(doc)
    assert source_of(doc, 2, "b") == "b"


def test_markdown_toml_front_matter(tmp_path: Path) -> None:
    text = f'+++\ntitle = "The mayor {WORD}"\nstory = "bridge"\n+++\n\nBody.\n'
    assert positions(write(tmp_path, "a.md", text)) == [(2, 20)]
    doc = extract(text, "markdown")
    assert doc.metadata["story"] == "bridge"


@pytest.mark.parametrize(
    "front, line, says",
    [
        ("---\ntitle: Broken: front: matter\n tags: [unclosed\n---\n", 2, "not valid YAML (mapping values are not allowed"),
        ("---\ntitle: Fine\nstory: [unclosed\n---\n", 3, "not valid YAML (did not find expected"),
        ("---\ndate: 2024-02-31\n---\n", 2, "not valid YAML (day is out of range"),  # a date that does not exist
        ("+++\ntitle = \n+++\n", 2, "not valid TOML (Invalid value"),
        ("+++\ntitle = \"ok\"\nstory = \"unclosed\n+++\n", 3, "not valid TOML"),
    ],
)
def test_markdown_broken_front_matter_is_an_input_error_and_the_body_is_still_linted(
    tmp_path: Path, front: str, line: int, says: str
) -> None:
    # Its title and story key are lost, so the user must hear of it: one error at the
    # line of the problem, exit 2, and the article's body linted all the same.
    path = write(tmp_path, "a.md", front + f"\nThe body {WORD} all the same.\n")
    code, findings = run_cli(path)
    assert code == 2
    errors = [f for f in findings if f["kind"] == "error"]
    assert [(f["rule"], f["line"]) for f in errors] == [("newslint.Input", line)]
    assert says in errors[0]["message"] and errors[0]["message"].endswith("its keys were not read")
    assert [f["match"] for f in findings if f["rule"] == "News.Said"][-1:] == [WORD]


@pytest.mark.parametrize(
    "front",
    [
        "---\ntitle: never closed\n",  # no closing line: a rule and prose
        "---\n- a list\n- not a mapping\n---\n",  # a rule, a list and a heading underline
        "---\n\nSome prose: with a colon.\n---\n",  # a rule and a setext heading
    ],
)
def test_markdown_dashes_that_are_not_front_matter_are_no_error(tmp_path: Path, front: str) -> None:
    path = write(tmp_path, "a.md", front + f"\nThe body {WORD} all the same.\n")
    code, findings = run_cli(path)
    assert code == 1
    assert [f["match"] for f in findings if f["rule"] == "News.Said"][-1:] == [WORD]
    assert not [f for f in findings if f["kind"] == "error"]


def test_markdown_broken_front_matter_fixture(tmp_path: Path) -> None:
    path = FIXTURES / "broken_front_matter.md"
    code, findings = run_cli(path)
    assert code == 2
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("newslint.Input", 2, 14), ("News.Said", 6, 10)]


def test_markdown_a_leading_rule_is_not_front_matter() -> None:
    doc = extract("---\n\nA paragraph after a rule.\n\nA heading\n---\n", "markdown")
    assert kinds(doc) == [("paragraph", "A paragraph after a rule."), ("heading", "A heading")]


# -- HTML ------------------------------------------------------------------------------


def test_html_fixture_flags_prose_and_nothing_else() -> None:
    # Not flagged: style, script, attributes, the link target, <code>, the image path,
    # <pre>, <noscript>, <template> and the comment.
    assert positions(FIXTURES / "article.html") == [
        (5, 25), (10, 23), (11, 25), (12, 26), (14, 6), (16, 43), (17, 27), (19, 20), (19, 50), (20, 25), (21, 31), (26, 19),
    ]


def test_html_block_kinds() -> None:
    doc = extract((FIXTURES / "article.html").read_text(encoding="utf-8"), "html")
    got = kinds(doc)
    assert got[0] == ("headline", "Council leader exclaimed over the bridge")
    assert ("heading", "The bridge that exclaimed nothing") in got
    assert ("paragraph", "The council leader exclaimed that the bridge would open, and the café exclaimed back.") in got
    assert ("alt", "A diver exclaimed at the river") in got
    assert ("caption", "The river exclaimed at dawn") in got
    assert ("list", "Two items exclaimed") in got
    assert ("blockquote", "Quoted exclaimed") in got
    assert ("table", "exclaimed") in got and ("table", "Verb") in got
    assert ("paragraph", "Loose text exclaimed here") in got
    assert not any("pre" in t or "noscript" in t or "template" in t or "color" in t for _, t in got)
    assert [c.body for c in doc.comments] == ["exclaimed in a comment"]


PAGE = """<html><head><title>Depot approved</title></head><body>
<header><a href="/">The Gazette</a><nav><a href="/subscribe">Subscribe now</a></nav></header>
<main>{copy}<aside>Most read: five things</aside></main>
<footer><p>All rights reserved.</p><nav>Privacy | Terms</nav></footer>
</body></html>"""


def test_html_site_chrome_outside_the_article_is_not_copy() -> None:
    doc = extract(PAGE.format(copy="<article><header><h1>Depot approved</h1></header><p>Councillors voted.</p>"
                                   "<aside>Related stories</aside><footer>Extra reporting by Tom.</footer></article>"), "html")
    # The page's nav, footer and sidebar go; the article's own header, aside and footer stay.
    assert kinds(doc) == [
        ("headline", "Depot approved"), ("paragraph", "The Gazette"), ("heading", "Depot approved"),
        ("paragraph", "Councillors voted."), ("paragraph", "Related stories"), ("paragraph", "Extra reporting by Tom."),
    ]


def test_html_without_an_article_main_holds_the_copy() -> None:
    doc = extract(PAGE.format(copy="<h1>Depot approved</h1><p>Councillors voted.</p>"), "html")
    texts = [t for _, t in kinds(doc)]
    assert "Most read: five things" in texts  # a sidebar inside <main> is main's
    assert "All rights reserved." not in texts and "Subscribe now" not in texts and "Privacy | Terms" not in texts


def test_html_fragment_footer_and_aside_are_copy_but_nav_is_not() -> None:
    # A CMS body has no <article> or <main>: its footer and aside are the author's.
    doc = extract("<p>Councillors voted.</p><aside>Fact box: 40 buses</aside><footer>Reporting by Tom.</footer>"
                  "<nav><a href='/next'>Next story</a></nav>", "html")
    assert [t for _, t in kinds(doc)] == ["Councillors voted.", "Fact box: 40 buses", "Reporting by Tom."]


def test_html_embedded_social_posts_are_the_platforms_text_not_copy() -> None:
    doc = extract(
        '<p>She announced the tour.</p><blockquote class="twitter-tweet" data-lang="en"><p>Tickets Friday!!</p>'
        '&mdash; Jane (@jane) <a href="https://twitter.com/jane/status/1">March 3, 2026</a></blockquote>'
        '<div class="embed instagram-media"><a href="https://instagram.com/p/x">View this post on Instagram</a></div>'
        '<blockquote class="pull-quote"><p>A pull quote is copy.</p></blockquote>', "html")
    assert [t for _, t in kinds(doc)] == ["She announced the tour.", "A pull quote is copy."]


def test_html_site_footer_boilerplate_is_not_reported(tmp_path: Path) -> None:
    def boilerplate(path: Path) -> tuple[int, list[str]]:
        result = CliRunner().invoke(main, ["--format", "json", "--select", "News.Boilerplate", str(path)])
        return result.exit_code, [f["match"] for f in json.loads(result.stdout)]

    page = PAGE.format(copy="<article><p>Councillors voted 9 to 4 on Tuesday.</p></article>")
    assert boilerplate(write(tmp_path, "page.html", page.replace("All rights reserved.", "Sign up for our newsletter."))) == (0, [])
    pasted = page.replace("on Tuesday.</p>", "on Tuesday.</p><p>Sign up for our newsletter.</p>")
    assert boilerplate(write(tmp_path, "pasted.html", pasted)) == (1, ["Sign up for our newsletter."])


def test_html_headings_levels_and_h1_headline_without_title() -> None:
    doc = extract("<h1>First</h1><h2>Second</h2><h6>Sixth</h6><h1>Again</h1>", "html")
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("headline", 1, "First"), ("heading", 2, "Second"), ("heading", 6, "Sixth"), ("heading", 1, "Again"),
    ]


def test_html_entities_decode_for_rules_and_point_at_the_source(tmp_path: Path) -> None:
    path = write(tmp_path, "a.html", f"<p>caf&eacute; {WORD} &amp;{WORD}&nbsp;&#8212;&#x2014; {WORD}</p>\n")
    assert positions(path) == [(1, 16), (1, 31), (1, 62)]
    doc = extract(path.read_text(encoding="utf-8"), "html")
    assert doc.blocks[0].text == f"café {WORD} &{WORD}\u00a0—— {WORD}"
    assert source_of(doc, 0, "café") == "caf&eacute;"
    assert source_of(doc, 0, "——") == "&#8212;&#x2014;"


def test_html_whitespace_collapses_and_br_is_a_space() -> None:
    doc = extract("<p>One\r\n   two\tthree<br>four <b> five </b> six</p>", "html")
    block = doc.blocks[0]
    assert block.text == "One two three four five six"
    assert "\r" not in block.text
    assert source_of(doc, 0, "four") == "four"


def test_html_two_line_breaks_end_a_paragraph() -> None:
    # CMS exports write paragraphs as <br><br>; a reader sees separate paragraphs, and so
    # must the rules that work per paragraph (whole-block boilerplate, attribution windows).
    doc = extract("<div>First line<br>still first.<br>\n <BR/>Second para.<br></br>Third.</div>", "html")
    assert kinds(doc) == [("paragraph", "First line still first."), ("paragraph", "Second para."), ("paragraph", "Third.")]
    assert source_of(doc, 1, "Second") == "Second"
    # A blank line for a reader too: a no-break space, a comment or a tag between them.
    doc = extract("<div>One.<br>&nbsp;<br>Two.<br><!-- x --><br>Three.<b>x<br></b><br>Four.</div>", "html")
    assert [b.text.strip() for b in doc.blocks] == ["One.", "Two.", "Three.x", "Four."]
    # In code, line breaks are not the prose's.
    assert kinds(extract("<p>The match ended <code>a<br><br>b</code> in a draw.</p>", "html")) == [
        ("paragraph", "The match ended \ufffc in a draw.")
    ]


def test_html_inline_elements_continue_the_block_and_blocks_split() -> None:
    doc = extract("<div>Lead <a href='#'>link</a><em>ed</em> text<p>Para</p>tail</div>", "html")
    assert kinds(doc) == [("paragraph", "Lead linked text"), ("paragraph", "Para"), ("paragraph", "tail")]


def test_html_nested_containers_innermost_wins() -> None:
    doc = extract("<ul><li><p>In a list</p><blockquote><p>Quoted in a list</p></blockquote></li></ul>", "html")
    assert kinds(doc) == [("list", "In a list"), ("blockquote", "Quoted in a list")]


@pytest.mark.parametrize(
    "markup",
    [
        "<p>unclosed <b>bold <i>italic",
        "</div></p></li><p>stray end tags",
        "<![foo[ odd section ]]><p>after",
        '<p class="never closed>text',
        "<!-- never closed comment",
        "<p>a < b and c <> d & e &bogus; &#xZZ; &#99999999;",
        "<table><td>cell<tr><th>head<p>para</table>",
        "<" * 50 + "p>",
        "<b>" * 2000 + "deep",
        "<svg><title>not a headline</title></svg><p>text</p>",
        "\x01\x02<p>control\x7f</p>",
    ],
)
def test_html_malformed_never_crashes(tmp_path: Path, markup: str) -> None:
    code, findings = run_cli(write(tmp_path, "a.html", f"<p>{WORD}</p>\n" + markup))
    assert code == 1, findings
    assert not [f for f in findings if f["kind"] == "error"]


def test_html_broken_fixture() -> None:
    # An unterminated attribute drops only its tag; an unterminated comment runs to the end.
    assert positions(FIXTURES / "broken.html") == [(2, 22), (3, 26), (5, 44), (6, 32)]


def test_html_svg_title_is_not_the_headline() -> None:
    doc = extract("<svg><title>Icon</title></svg><h1>Real</h1>", "html")
    assert kinds(doc) == [("headline", "Real")]


# -- CRLF, BOM, all formats ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("a.txt", f"Headline here\n\nThe café {WORD} twice.\nAnd 東京 {WORD} 😀 {WORD}.\n", [(3, 10), (4, 8), (4, 20)]),
        (
            "a.md",
            f"---\ntitle: Café {WORD}\n---\n\n# 東京 {WORD}\n\n- item 😀 {WORD}\n\n> caf&eacute; {WORD}\n",
            [(2, 13), (5, 6), (7, 10), (9, 15)],
        ),
        ("a.html", f"<title>Café {WORD}</title>\n<p>東京\n {WORD} &eacute; 😀 {WORD}</p>\n", [(1, 13), (3, 2), (3, 23)]),
    ],
)
@pytest.mark.parametrize("crlf, bom", [(False, False), (True, False), (False, True), (True, True)])
def test_crlf_and_bom_do_not_shift_columns(tmp_path: Path, name: str, text: str, expected: list, crlf: bool, bom: bool) -> None:
    assert positions(write(tmp_path, name, text, crlf=crlf, bom=bom)) == expected


@pytest.mark.parametrize("fmt", ["markdown", "html", "plaintext"])
def test_no_carriage_return_reaches_block_text(fmt: str) -> None:
    text = "<p>One\r\ntwo\rthree\r\n\r\nfour</p>" if fmt == "html" else "One\r\ntwo\rthree\r\n\r\nfour\r\n"
    doc = extract(text, fmt)
    assert doc.blocks and all("\r" not in b.text for b in doc.blocks)


def test_reader_and_extractor_agree_on_bom_and_crlf() -> None:
    decoded, error = decode("a.md", BOM + "# Title\r\n\r\nBody text.\r\n".encode())
    assert error is None and decoded is not None
    doc = make_document("a.md", decoded)
    parse(doc, "markdown")
    assert kinds(doc) == [("headline", "Title"), ("paragraph", "Body text.")]
    assert doc.position(doc.blocks[1].source_span(0, 4)[0]) == (3, 1)


# -- plain text -------------------------------------------------------------------------------


def test_plaintext_comment_lines_are_controls_not_prose() -> None:
    doc = extract("Headline\n<!-- newslint off -->\nBody.\n", "plaintext")
    assert [c.body for c in doc.comments] == ["newslint off"]
    assert all("newslint" not in b.text for b in doc.blocks)


def test_plaintext_indented_comment_spans_just_the_comment_and_still_switches(tmp_path: Path) -> None:
    text = f"Headline here\n\n  <!-- newslint off -->  \nThey {WORD} it.\n\t<!-- newslint on -->\nThey {WORD} it again.\n"
    doc = extract(text, "plaintext")
    assert [text[c.start : c.end] for c in doc.comments] == ["<!-- newslint off -->", "<!-- newslint on -->"]
    assert positions(write(tmp_path, "a.txt", text)) == [(6, 6)]


def test_plaintext_lines_split_the_same_on_lf_crlf_and_lone_cr() -> None:
    texts = ["Head\n\nOne para.\nTwo para.\n", "Head\r\n\r\nOne para.\r\nTwo para.\r\n", "Head\r\rOne para.\rTwo para.\r"]
    assert {tuple(kinds(extract(t, "plaintext"))) for t in texts} == {
        (("headline", "Head"), ("paragraph", "One para."), ("paragraph", "Two para."))
    }


def test_markdown_inline_raw_html_script_and_code_are_not_prose(tmp_path: Path) -> None:
    text = f'Text <script>var a = "{WORD}";</script> and <code>{WORD}</code> then <span>{WORD}</span>.\n'
    assert positions(write(tmp_path, "a.md", text)) == [(1, 82)]


def test_markdown_raw_html_block_text_is_prose_with_exact_positions(tmp_path: Path) -> None:
    # A browser shows the text of a raw HTML block, so it is copy; entities are
    # decoded and CRLF line ends do not move the columns.
    text = (
        "Intro paragraph.\n\n"
        "<div class=\"note\">\n"
        f"  The mayor &amp; the clerk {WORD} that it was late.\n"
        "</div>\n\n"
        f"<figure><figcaption>&ldquo;No,&rdquo; she {WORD}.</figcaption></figure>\n"
    )
    for crlf in (False, True):
        assert positions(write(tmp_path, "a.md", text, crlf=crlf)) == [(4, 29), (7, 43)]


def test_markdown_raw_html_block_kinds_and_what_stays_out() -> None:
    doc = extract(
        "# Council votes\n\n"
        "<blockquote><p>We will not back down</p></blockquote>\n\n"
        "<h1>Second title</h1>\n\n"
        "<blockquote class=\"twitter-tweet\"><p>Subscribe now</p>&mdash; A (@a)</blockquote>\n\n"
        "<nav>Home | Subscribe now</nav>\n\n"
        "<script>var x = 'not prose';</script>\n\n"
        "> <div>Inside a Markdown quote</div>\n",
        "markdown",
    )
    # The Markdown headline stays the headline; an <h1> in HTML is a heading; the
    # embed, the nav and the script are not copy; HTML under a Markdown container
    # (whose lines carry "> ") is left out rather than read with its markers.
    assert kinds(doc) == [("headline", "Council votes"), ("blockquote", "We will not back down"), ("heading", "Second title")]


def test_markdown_raw_html_block_obeys_in_text_controls(tmp_path: Path) -> None:
    text = f"<!-- newslint off -->\n<p>She {WORD} it.</p>\n<!-- newslint on -->\n\n<p>He {WORD} it.</p>\n"
    assert positions(write(tmp_path, "a.md", text)) == [(5, 7)]


def test_markdown_boilerplate_pasted_as_raw_html_is_flagged(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "The council met on Monday.\n\n<p>Click here to subscribe to our newsletter.</p>\n")
    result = CliRunner().invoke(main, ["--no-color", "--format", "json", "--select", "News.Boilerplate", str(path)])
    findings = json.loads(result.stdout)
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [("News.Boilerplate", 3, 4)]
