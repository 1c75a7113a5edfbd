"""Exporting: the summary model and the four formats (Markdown, HTML, JSON-LD, CSV)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from types import SimpleNamespace

import markdown
import pytest
from html_probe import BlockTexts, parse_html
from hypothesis import given
from hypothesis import strategies as st

from reader.core.dates import locale_date
from reader.core.document import Block, canonical_text
from reader.core.exporting import FORMATS, render, render_many, summarize, summarize_articles, w3c
from reader.core.exporting import markdown as md_export
from reader.core.exporting.readwise_csv import HEADER
from reader.core.models import Article, Highlight

EXPORTED = "2024-05-01T12:00:00Z"
ID1 = "0b5e6c1e-3c3f-4a59-9d8f-2f1b1c9d7a10"
ID2 = "5f0c2d9e-8a41-4b7e-9c55-1e2d3f4a5b6c"
ID3 = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
ID4 = "11111111-2222-4333-8444-555555555555"

BLOCKS = [
    Block("heading", "Emoji 😀🎉 and 漢字かな before everything", level=1),
    Block("paragraph", "第一段落：日本語の文章です。👩‍👩‍👧 family 𝔘𝔫𝔦𝔠𝔬𝔡𝔢."),
    Block("paragraph", "# Not a heading, 1. not a list, <script>alert('x')</script> & more."),
    Block("paragraph", 'Quotes "double", commas, and a line'),
    Block("paragraph", "that continues here 🚀 to the end."),
]
TEXT = canonical_text(BLOCKS)
DANGEROUS_NOTE = (
    'See <img src="https://evil.example/x.png" onerror="alert(1)"> and '
    "[click](javascript:alert(1)) and ![pic](https://evil.example/p.png) <script>x()</script>"
)


def span(passage: str) -> tuple[int, int]:
    start = TEXT.index(passage)
    return start, start + len(passage)


def make_highlight(hid: str, passage: str, **kw) -> Highlight:
    start, end = span(passage)
    fields = {"prefix": TEXT[max(0, start - 32) : start], "suffix": TEXT[end : end + 32]}
    return Highlight(hid, 7, start, end, passage, **(fields | kw))


def make_article(**kw) -> Article:
    fields = dict(
        id=7,
        title='Reading: "a guide" - part 1',
        blocks=BLOCKS,
        text=TEXT,
        url="https://example.com/reading?a=1&b=2",
        author="Jane Doe",
        site="example.com",
        published="2020-01-01",
        added_at="2024-04-01T08:00:00Z",
        note="The article's own note.\n\nSecond paragraph with a #hash.",
        tags=["to read", "books", "books"],
    )
    return Article(**(fields | kw))


def make_highlights() -> list[Highlight]:
    return [
        # Given out of reading order on purpose.
        make_highlight(
            ID2,
            "commas, and a line\nthat continues here 🚀",
            colour="pink",
            style="underline",
            note='Note with "quotes", commas\nand a newline',
            tags=["qa"],
            created_at="2024-04-30 10:00:00",
        ),
        make_highlight(
            ID1,
            "# Not a heading, 1. not a list, <script>alert('x')</script>",
            colour="green",
            note=DANGEROUS_NOTE,
            tags=["machine learning", "idea"],
            created_at="2024-04-30T09:00:00Z",
            updated_at="2024-04-30T09:05:00+02:00",
        ),
        make_highlight(ID3, "日本語の文章", colour="blue", created_at="2024-04-30T08:00:00Z"),
        Highlight(ID4, 7, 3, 20, "a passage that is gone", note="lost note", state="orphaned"),
    ]


def of_article(article_id: int) -> list[Highlight]:
    return [replace(h, article_id=article_id) for h in make_highlights()]


@pytest.fixture
def summary():
    return summarize(make_article(), make_highlights(), exported_at=EXPORTED)


# The summary ----------------------------------------------------------------


def test_summary_reading_order_then_orphans(summary):
    assert [h.id for h in summary.highlights] == [ID3, ID1, ID2, ID4]
    assert [h.orphaned for h in summary.highlights] == [False, False, False, True]
    [*_, orphan] = w3c.collection([summary])["first"]["items"]  # exported without a place
    assert [s["type"] for s in orphan["target"]["selector"]] == ["TextQuoteSelector"]
    assert summary.tags == ("books", "to read")
    assert summary.highlights[1].tags == ["idea", "machine learning"]
    assert summary.text_length == len(TEXT)


def test_summary_treats_a_position_that_misses_its_text_as_orphaned():
    wrong = Highlight("x", 7, 0, 5, "not what is there")
    other_article = Highlight("y", 8, 0, 5, TEXT[:5])
    s = summarize(make_article(), [wrong, other_article], exported_at=EXPORTED)
    assert [(h.id, h.orphaned) for h in s.highlights] == [("x", True)]
    assert not wrong.orphaned  # the summary's copy says so; the highlight given is as it was


class ArticlesOnly:
    """What ``summarize_articles`` needs of a library: its two reads (``articles.get``,
    counted, and ``highlights.of``)."""

    def __init__(self, articles: list[Article], highlights: list[Highlight]) -> None:
        self.all_articles, self.all_highlights, self.reads = articles, highlights, []
        self.articles = SimpleNamespace(get=self._get)
        self.highlights = SimpleNamespace(of=self._of)

    def _get(self, article_id: int) -> Article:
        self.reads.append(article_id)
        return next(a for a in self.all_articles if a.id == article_id)

    def _of(self, article_id: int) -> list[Highlight]:
        return [h for h in self.all_highlights if h.article_id == article_id]


def test_summaries_of_articles_are_made_one_way_for_every_caller():
    articles = [make_article(), make_article(id=8, title="Second"), make_article(id=9)]
    source = ArticlesOnly(articles, make_highlights() + of_article(8))
    seen: list[tuple[int, int]] = []
    made = summarize_articles(source, [9, 7, 8], progress=lambda *p: seen.append(p))
    assert [s.article_id for s in made] == [9, 7, 8] and seen == [(0, 3), (1, 3), (2, 3)]
    assert len({s.exported_at for s in made}) == 1  # one export, one time
    stamp = made[0].exported_at
    assert made == [
        summarize(a, source.highlights.of(a.id), stamp) for a in (articles[2], *articles[:2])
    ]
    source.reads.clear()
    stopped = summarize_articles(source, [7, 8, 9], cancelled=lambda: len(source.reads) == 2)
    assert [s.article_id for s in stopped] == [7, 8]  # what was made before the cancel


def test_summary_exported_at_defaults_to_utc_now_in_seconds():
    s = summarize(make_article(), [])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s.exported_at)


# Markdown -------------------------------------------------------------------


def front_matter(text: str) -> dict:
    """A reader for the YAML subset the exporter writes: quoted scalars, ints, lists."""
    lines = text.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    data: dict = {}
    key = None
    for line in lines[1:end]:
        if line.startswith("  - "):
            data[key].append(yaml_scalar(line[4:]))
            continue
        key, sep, value = line.partition(":")
        assert sep and re.fullmatch(r"[a-z_]+", key), line
        value = value.strip()
        data[key] = [] if not value else yaml_scalar(value)
    return data


_YAML_ESCAPES = {"0": "\0", "t": "\t", "n": "\n", "r": "\r", '"': '"', "\\": "\\", "N": "\x85"}


def yaml_scalar(value: str):
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    assert value.startswith('"') and value.endswith('"') and len(value) >= 2, value
    out, i, inner = [], 0, value[1:-1]
    while i < len(inner):
        ch = inner[i]
        assert ch != '"', f"unescaped quote in {value!r}"
        assert ch.isprintable() or ch == " " or ord(ch) >= 0xA0, f"raw {ch!r} in {value!r}"
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        code = inner[i + 1]
        width = {"x": 2, "u": 4, "U": 8}.get(code)
        if width:
            out.append(chr(int(inner[i + 2 : i + 2 + width], 16)))
            i += 2 + width
        else:
            out.append(_YAML_ESCAPES[code])
            i += 2
    return "".join(out)


def test_markdown_holds_text_note_colour_tags_and_front_matter(summary):
    text = render(summary, "md")
    data = front_matter(text)
    assert data == {
        "title": 'Reading: "a guide" - part 1',
        "author": "Jane Doe",
        "url": "https://example.com/reading?a=1&b=2",
        "site": "example.com",
        "published": "2020-01-01",
        "exported": EXPORTED,
        "tags": ["books", "to-read"],
        "article_reader_id": 7,
    }
    assert '\n# Reading: "a guide" - part 1\n' in text
    assert "[example.com](https://example.com/reading?a=1&b=2)" in text
    assert "The article's own note." in text
    assert "> 日本語の文章\n" in text
    assert "— green · #idea #machine-learning" in text
    assert "— pink underline · #qa" in text
    assert "— blue · [open](article-reader://open?article=7&highlight=" in text
    for h in summary.highlights:  # every highlight carries its deep link
        assert f"[open](article-reader://open?article=7&highlight={h.id})" in text
    assert text.endswith("\n\n## My notes\n")
    assert 'Note with "quotes", commas\nand a newline' in text
    assert "## Orphaned highlights" in text
    assert text.index("## Orphaned highlights") < text.index("a passage that is gone")


TRICKY_TITLES = [
    "Plain",
    "Colon: and more",
    "- leading dash",
    '"quoted" title',
    "it's # not a comment",
    "[flow] {map} & *alias ! tag | > ?",
    "yes",
    "null",
    "123",
    "back\\slash and tab\tand newline\nand NEL\x85 and LS\u2028",
    "\ufeffbom and \x00 nul and \x7f del",
    "😀 emoji and 漢字",
    "",
]


@pytest.mark.parametrize("title", TRICKY_TITLES)
def test_markdown_front_matter_reads_back_for_any_title(title):
    s = summarize(make_article(title=title, author=title), [], exported_at=EXPORTED)
    data = front_matter(render(s, "md"))
    assert data["title"] == title
    assert data["author"] == title if title else "author" not in data


@pytest.mark.parametrize("title", TRICKY_TITLES)
def test_markdown_front_matter_parses_with_pyyaml(title):
    yaml = pytest.importorskip("yaml")  # a test-only check; not a dependency
    s = summarize(make_article(title=title, author=title), [], exported_at=EXPORTED)
    text = render(s, "md")
    assert yaml.safe_load(text.split("---\n")[1]) == front_matter(text)


@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_yaml_str_reads_back_as_the_same_string(value):
    assert yaml_scalar(md_export.yaml_str(value)) == value


def words(text: str) -> str:
    return " ".join(text.split())


def test_markdown_renders_with_the_markdown_package(summary):
    text = render(summary, "md")
    html = markdown.markdown(text.split("---\n", 2)[2])
    parsed = parse_html(html)
    assert [words(q) for q in parsed.quotes] == [words(h.exact) for h in summary.highlights]
    assert {tag for tag, _ in parsed.tags} <= {"h1", "h2", "p", "a", "blockquote"}
    assert "<script" not in html


@pytest.mark.parametrize(
    "passage",
    [
        "# looks like a heading",
        "1. looks like a list",
        "- a bullet",
        "> a quote",
        "<script>alert(1)</script>",
        "[[wiki link]] and [link](https://x.example)",
        "==marked== and ~~struck~~ and %%hidden%%",
        "`code` and *stars* and _under_ and \\ backslash",
        "$x$ and ^block-id and a | b",
        "&amp; and &#36; entities",
        "    four leading spaces  ",
        "===",
        "---",
        "line one\n# line two\n\nline four",
    ],
)
def test_markdown_shows_highlighted_text_verbatim(passage):
    text = "before\n" + passage + "\nafter"
    article = make_article(text=text, blocks=[])
    h = Highlight("h", 7, 7, 7 + len(passage), passage, note=passage)
    out = render(summarize(article, [h], exported_at=EXPORTED), "md")
    assert out.count("\n^h-h\n") == 1
    body = out.split("---\n", 2)[2]
    quote_lines = body.split("## Highlights\n\n")[1].split("\n\n^h-h")[0].split("\n")
    assert all(line.startswith("> ") or line == ">" for line in quote_lines)
    html = markdown.markdown(body)
    parsed = parse_html(html)
    assert [words(q) for q in parsed.quotes] == [words(passage)]
    assert {tag for tag, _ in parsed.tags} <= {"h1", "h2", "p", "a", "blockquote"}
    # The note is plain text too: it shows as typed, inside paragraphs only.
    note = parse_html(markdown.markdown(md_export.paragraphs(passage)))
    assert {tag for tag, _ in note.tags} == {"p"}
    assert words(note.text) == words(passage)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("machine learning", "machine-learning"),
        ("to_read", "to_read"),
        ("_emphasis_", "emphasis"),  # "#_x_" would read as emphasis in CommonMark
        ("a/b/", "a/b"),
        ("C++ & more!", "C-more"),
        ("!!!", ""),
    ],
)
def test_obsidian_tags(tag, expected):
    assert md_export.obsidian_tag(tag) == expected


def test_markdown_block_ids_are_stable_across_exports(summary):
    first = render(summary, "md")
    ids = re.findall(r"^\^(h-[0-9a-f-]+)$", first, re.M)
    assert ids == [f"h-{h.id}" for h in summary.highlights]
    later = [*make_highlights(), make_highlight("new-one", "family")]
    again = render(summarize(make_article(), later, exported_at="2025-01-01T00:00:00Z"), "md")
    assert set(ids) < set(re.findall(r"^\^(h-[0-9a-z-]+)$", again, re.M))


def test_markdown_article_id_is_read_back(summary):
    assert md_export.article_id_of(render(summary, "md")) == 7
    assert md_export.article_id_of("# A note of the user's own\n") is None
    assert md_export.article_id_of("---\r\ntitle: x\r\narticle_reader_id: 9\r\n---\r\n") == 9


def test_markdown_render_many_is_one_document(summary):
    other = summarize(make_article(id=8, title="Second"), [], exported_at=EXPORTED)
    both = render_many([summary, other], "md")
    assert both.count("---\n") == 0 and both.count("\n* * *\n") == 1
    assert re.findall(r"^# .*", both, re.M) == ['# Reading: "a guide" - part 1', "# Second"]
    assert render_many([summary], "md") == render(summary, "md")
    assert render_many([], "md") == ""


# HTML -----------------------------------------------------------------------


def dangerous_summary():
    article = make_article(
        title="<script>alert(1)</script> title",
        url="javascript:alert(1)",
        site="<img src=x onerror=alert(1)>",
        note=DANGEROUS_NOTE,
    )
    highlights = make_highlights()
    highlights[0].note = DANGEROUS_NOTE
    highlights[0].tags = ['"><script>alert(1)</script>']
    return summarize(article, highlights, exported_at=EXPORTED)


def assert_inert(page: str) -> BlockTexts:
    parsed = parse_html(page)
    assert "<script" not in page.lower()
    for tag, attrs in parsed.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed", "form", "link")
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith(("javascript:", "data:"))
            if name in ("href", "src"):
                ours = r"https?://|article-reader://open\?"
                assert re.match(ours, value or ""), (tag, name, value)
    return parsed


def test_html_page_is_inert_even_with_hostile_content():
    page = render(dangerous_summary(), "html")
    assert '<meta charset="utf-8">' in page
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp and "default-src 'none'" in csp.group(1) and "script-src" not in csp.group(1)
    assert_inert(page)
    assert "&lt;img src=&quot;https://evil.example/x.png&quot;" in page or "&lt;img src=" in page


def test_html_holds_text_note_colour_and_tags(summary):
    page = render(summary, "html")
    parsed = assert_inert(page)
    assert [words(q) for q in parsed.quotes] == [words(h.exact) for h in summary.highlights]
    classes = [dict(attrs).get("class") for tag, attrs in parsed.tags if tag == "div"]
    assert classes == [
        "highlight hl-blue",
        "highlight hl-green",
        "highlight hl-pink hl-underline",
        "highlight hl-yellow orphan",
    ]
    assert ".hl-green {" in page and f'id="h-{ID1}"' in page
    links = [dict(attrs)["href"] for tag, attrs in parsed.tags if tag == "a"]
    for h in summary.highlights:  # each highlight's deep link survives sanitising
        assert f"article-reader://open?article=7&highlight={h.id}" in links
    assert "#idea #machine-learning" in page
    assert "Note with &quot;quotes&quot;, commas" in page or 'Note with "quotes", commas' in page
    assert f"Exported {locale_date(EXPORTED)} from" in page  # the reader's dates, not ISO stamps
    assert '<a href="https://example.com/reading?a=1&amp;b=2"' in page


def test_html_render_many_is_one_page(summary):
    other = summarize(make_article(id=8, title="Second"), [], exported_at=EXPORTED)
    page = render_many([summary, other], "html")
    assert page.count("<html>") == 1 and page.count("<article ") == 2
    assert "<title>Highlights from 2 articles</title>" in page
    assert render_many([summary], "html") == render(summary, "html")


# W3C Web Annotation JSON-LD -------------------------------------------------


def test_jsonld_is_one_collection_with_one_annotation_per_highlight(summary):
    doc = json.loads(render(summary, "jsonld"))
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection"
    assert doc["total"] == 4 and doc["label"].startswith("Highlights: Reading")
    items = doc["first"]["items"]
    assert doc["first"]["type"] == "AnnotationPage"
    assert [a["id"] for a in items] == [f"urn:uuid:{h.id}" for h in summary.highlights]
    assert all(a["type"] == "Annotation" for a in items)
    assert {a["target"]["source"] for a in items} == {"https://example.com/reading?a=1&b=2"}


def test_jsonld_positions_count_code_points(summary):
    items = json.loads(render(summary, "jsonld"))["first"]["items"]
    checked = 0
    for ann in items:
        selectors = {s["type"]: s for s in ann["target"]["selector"]}
        quote = selectors["TextQuoteSelector"]
        if "TextPositionSelector" in selectors:
            pos = selectors["TextPositionSelector"]
            assert TEXT[pos["start"] : pos["end"]] == quote["exact"]
            assert TEXT[: pos["start"]].endswith(quote["prefix"])
            assert TEXT[pos["end"] :].startswith(quote["suffix"])
            checked += 1
    assert checked == 3
    # Emoji and CJK come first, so UTF-16 or byte offsets would differ.
    assert json.loads(render(summary, "jsonld"))["first"]["items"][1]["target"]["selector"][1][
        "start"
    ] == TEXT.index("# Not")


def test_jsonld_bodies_motivation_colour_and_times(summary):
    items = {a["id"]: a for a in json.loads(render(summary, "jsonld"))["first"]["items"]}
    green = items[f"urn:uuid:{ID1}"]
    assert green["motivation"] == "commenting"
    assert green["body"][0] == {
        "type": "TextualBody",
        "purpose": "commenting",
        "value": DANGEROUS_NOTE,
        "format": "text/plain",
    }
    assert [b["value"] for b in green["body"] if b["purpose"] == "tagging"] == [
        "idea",
        "machine learning",
    ]
    assert green["target"]["styleClass"] == "green"
    assert (
        green["stylesheet"]["type"] == "CssStylesheet" and ".green" in green["stylesheet"]["value"]
    )
    assert green["created"] == "2024-04-30T09:00:00Z"
    assert green["modified"] == "2024-04-30T07:05:00Z"
    pink = items[f"urn:uuid:{ID2}"]
    assert pink["target"]["styleClass"] == ["pink", "underline"]
    blue = items[f"urn:uuid:{ID3}"]
    assert blue["motivation"] == "highlighting" and "body" not in blue
    orphan = items[f"urn:uuid:{ID4}"]
    assert [s["type"] for s in orphan["target"]["selector"]] == ["TextQuoteSelector"]


def test_jsonld_source_without_url_is_an_article_urn():
    s = summarize(make_article(url=None), make_highlights(), exported_at=EXPORTED)
    items = json.loads(render(s, "jsonld"))["first"]["items"]
    assert {a["target"]["source"] for a in items} == {"urn:article-reader:article:7"}
    assert {p.article_id for p in w3c.parse(render(s, "jsonld"))} == {7}


def test_jsonld_parse_round_trip(summary):
    parsed = w3c.parse(render(summary, "jsonld"))
    assert len(parsed) == len(summary.highlights)
    for p, h in zip(parsed, summary.highlights, strict=True):
        place = (None, None) if h.orphaned else (h.start, h.end)  # orphans go without one
        assert (p.id, p.exact, p.prefix, p.suffix, (p.start, p.end)) == (
            h.id,
            h.exact,
            h.prefix,
            h.suffix,
            place,
        )
        assert (p.colour, p.style, p.note, list(p.tags)) == (h.colour, h.style, h.note, h.tags)
        assert p.source == summary.url


@pytest.mark.parametrize("hid", [ID1, ID1.upper(), "{" + ID1 + "}", "plain id/with:odd#chars"])
def test_jsonld_highlight_ids_round_trip_exactly(hid):
    start, end = span("family")
    h = Highlight(hid, 7, start, end, "family")
    [parsed] = w3c.parse(render(summarize(make_article(), [h], exported_at=EXPORTED), "jsonld"))
    assert parsed.id == hid


def test_jsonld_parse_tolerates_one_annotation_a_page_or_a_list(summary):
    doc = json.loads(render(summary, "jsonld"))
    items = doc["first"]["items"]
    assert len(w3c.parse(json.dumps(items))) == 4
    assert len(w3c.parse(json.dumps(doc["first"]))) == 4
    one = dict(items[1], **{"@context": w3c.CONTEXT})
    [parsed] = w3c.parse(json.dumps(one))
    assert parsed.id == ID1 and parsed.exact == TEXT[parsed.start : parsed.end]
    # Other tools' shapes: a single body object, a selector object, a page note.
    foreign = {
        "type": "Annotation",
        "id": "https://hyp.example/a/1",
        "motivation": "commenting",
        "body": {"type": "TextualBody", "value": "hello"},
        "target": {
            "source": "https://x.example",
            "selector": {"type": "TextQuoteSelector", "exact": "q"},
        },
    }
    page_note = {"type": "Annotation", "id": "n", "target": "https://x.example"}
    [p] = w3c.parse(json.dumps([foreign, page_note]))
    assert (p.id, p.note, p.exact, p.start, p.colour) == (
        "https://hyp.example/a/1",
        "hello",
        "q",
        None,
        "yellow",
    )


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "42",
        '{"type": "Thing"}',
        '{"type": "AnnotationCollection", "first": "https://x/p1"}',
    ],
)
def test_jsonld_parse_rejects_other_documents(text):
    with pytest.raises(ValueError):
        w3c.parse(text)


def test_jsonld_render_many_is_one_collection(summary):
    other = summarize(make_article(id=8, url=None), of_article(8)[:1], exported_at=EXPORTED)
    doc = json.loads(render_many([summary, other], "jsonld"))
    assert doc["type"] == "AnnotationCollection" and doc["total"] == 5
    assert len(doc["first"]["items"]) == 5
    assert render_many([summary], "jsonld") == render(summary, "jsonld")
    empty = json.loads(render_many([], "jsonld"))
    assert empty["total"] == 0 and "first" not in empty and w3c.parse(json.dumps(empty)) == []


# Readwise CSV ---------------------------------------------------------------


def test_csv_header_is_exactly_readwise(summary):
    text = render(summary, "csv")
    assert text.split("\r\n", 1)[0] == "Highlight,Title,Author,URL,Note,Location,Date"
    assert tuple(text.split("\r\n", 1)[0].split(",")) == HEADER


def test_csv_round_trips_through_dictreader(summary):
    rows = list(csv.DictReader(io.StringIO(render(summary, "csv"), newline="")))
    assert [r["Highlight"] for r in rows] == [h.exact for h in summary.highlights]
    assert {r["Title"] for r in rows} == {'Reading: "a guide" - part 1'}
    assert {r["Author"] for r in rows} == {"Jane Doe"}
    assert {r["URL"] for r in rows} == {"https://example.com/reading?a=1&b=2"}
    assert [r["Location"] for r in rows] == ["1", "2", "3", "4"]
    assert [r["Date"] for r in rows] == [
        "2024-04-30 08:00:00",
        "2024-04-30 09:00:00",
        "2024-04-30 10:00:00",
        "",
    ]
    colours = [h.colour for h in summary.highlights]
    assert rows[1]["Note"] == f".idea .machine_learning .{colours[1]} " + DANGEROUS_NOTE
    # "qa" is also Readwise's Q&A action tag: it stays a tag; the colour comes last.
    assert rows[2]["Note"] == f'.qa_ .{colours[2]} Note with "quotes", commas\nand a newline'
    assert rows[2]["Highlight"] == "commas, and a line\nthat continues here 🚀"
    assert rows[3]["Note"] == f".{colours[3]} lost note"


def test_csv_render_many_is_one_table(summary):
    other = summarize(
        make_article(id=8, title="Two, with comma"), of_article(8), exported_at=EXPORTED
    )
    rows = list(csv.reader(io.StringIO(render_many([summary, other], "csv"), newline="")))
    assert rows[0] == list(HEADER) and len(rows) == 9
    assert rows[-1][1] == "Two, with comma"
    assert render_many([summary], "csv") == render(summary, "csv")


# The registry ---------------------------------------------------------------


def test_formats_and_extensions():
    assert {k: f.extension for k, f in FORMATS.items()} == {
        "md": "md",
        "html": "html",
        "jsonld": "jsonld",
        "csv": "csv",
    }


def test_unknown_format_names_the_known_ones(summary):
    with pytest.raises(ValueError, match=r"unknown export format 'pdf'.*md, html, jsonld, csv"):
        render(summary, "pdf")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_rendering_is_deterministic(fmt):
    one = render(summarize(make_article(), make_highlights(), exported_at=EXPORTED), fmt)
    two = render(summarize(make_article(), make_highlights()[::-1], exported_at=EXPORTED), fmt)
    assert one == two
