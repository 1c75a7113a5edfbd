"""Property tests for exporting: file names, Markdown escaping, HTML sanitising."""

from __future__ import annotations

import re
import unicodedata

import markdown
import pytest
from html_probe import parse_html
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.exporting import markdown as md_export
from reader.core.exporting import render, safe_filename, summarize
from reader.core.exporting.files import MAX_NAME_BYTES, MAX_NAME_CHARS
from reader.core.models import Article, Highlight

# Any text a Python str can be written as UTF-8 (no lone surrogates).
any_text = st.text(st.characters(exclude_categories=("Cs",)))
# Text made mostly of what Markdown and HTML care about, to find escaping gaps fast.
syntax_text = st.lists(
    st.one_of(
        st.sampled_from([*"#>-+*_=~`[]()!<>&\\|^$%:.1234567890 \t\n", "&amp;", "<b>"]),
        st.characters(exclude_categories=("Cs",)),
    )
).map("".join)

RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(10)}


@given(
    title=any_text,
    article_id=st.none() | st.integers(0, 10**12),
    ext=st.sampled_from(["md", "html", "jsonld", "csv"]),
)
def test_safe_filename_is_always_safe(title, article_id, ext):
    name = safe_filename(title, ext, article_id)
    stem = name.removesuffix("." + ext)
    assert name.endswith("." + ext) and stem
    assert len(name) <= MAX_NAME_CHARS and len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert not set(name) & set('/\\:*?"<>|\0')
    assert not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs") for ch in name)
    assert ".." not in name and not name.startswith((".", "-", " "))
    assert not stem.endswith((".", " "))
    assert name.split(".")[0].rstrip(" ").upper() not in RESERVED
    assert any(unicodedata.category(ch)[0] in "LNPS" for ch in stem)


@given(title=any_text, article_id=st.integers(0, 10**6))
def test_safe_filename_keeps_an_id_suffix_whole(title, article_id):
    name = safe_filename(title, "md", article_id, suffix=f" ({article_id})")
    assert name.endswith(f" ({article_id}).md")
    assert len(name) <= MAX_NAME_CHARS and len(name.encode("utf-8")) <= MAX_NAME_BYTES


def words(text: str) -> str:
    return " ".join(md_export.plain_text(text).split())


def only_deep_links(parsed) -> bool:
    """Every link in a rendered export is a highlight's deep link into article 1."""
    hrefs = [dict(attrs).get("href") or "" for tag, attrs in parsed.tags if tag == "a"]
    return all(h.startswith("article-reader://open?article=1&highlight=") for h in hrefs)


def article_with(passages: list[str], notes: list[str]) -> tuple[Article, list[Highlight]]:
    """An article whose text is the passages, one highlight on each."""
    text = "\n".join(passages)
    highlights, pos = [], 0
    for n, (passage, note) in enumerate(zip(passages, notes, strict=True)):
        highlights.append(Highlight(f"id-{n}", 1, pos, pos + len(passage), passage, note=note))
        pos += len(passage) + 1
    return Article(id=1, title="t", blocks=[], text=text), highlights


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(syntax_text, syntax_text), min_size=1, max_size=4))
def test_markdown_quotes_show_exactly_the_highlighted_text(pairs):
    passages = [p.replace("\n", " ") for p, _ in pairs]  # one article block each
    notes = [n for _, n in pairs]
    article, highlights = article_with(passages, notes)
    out = render(summarize(article, highlights, exported_at="2024-01-01T00:00:00Z"), "md")
    body = out.split("---\n", 2)[2]
    assert re.findall(r"^\^(h-id-\d+)$", body, re.M) == [f"h-id-{n}" for n in range(len(pairs))]
    parsed = parse_html(markdown.markdown(body))
    assert [words(q) for q in parsed.quotes] == [words(p) for p in passages]
    assert {tag for tag, _ in parsed.tags} <= {"h1", "h2", "p", "blockquote", "a"}
    assert only_deep_links(parsed)


@settings(max_examples=200, deadline=None)
@given(exact=syntax_text.filter(lambda s: s.strip()), note=syntax_text, title=syntax_text)
def test_markdown_multiline_quotes_keep_their_structure(exact, note, title):
    article = Article(id=1, title=title, blocks=[], text=exact, note=note)
    h = Highlight("x", 1, 0, len(exact), exact, note=note, tags=[note])
    out = render(summarize(article, [h], exported_at="2024-01-01T00:00:00Z"), "md")
    body = out.split("---\n", 2)[2]
    block = body.split("## Highlights\n\n", 1)[1].split("\n\n^h-x\n\n", 1)[0]
    assert all(line.startswith("> ") or line == ">" for line in block.split("\n"))
    assert body.count("\n^h-x\n") == 1 and len(re.findall(r"^\^h-", body, re.M)) == 1
    parsed = parse_html(markdown.markdown(body))
    assert [words(q) for q in parsed.quotes] == [words(exact)]


@settings(max_examples=150, deadline=None)
@given(exact=syntax_text.filter(lambda s: s.strip()), note=syntax_text, url=any_text)
def test_html_is_always_inert(exact, note, url):
    article = Article(id=1, title=note, blocks=[], text=exact, note=note, url=url, site=note)
    h = Highlight("x", 1, 0, len(exact), exact, note=note, tags=[note], colour=note or "yellow")
    page = render(summarize(article, [h], exported_at="2024-01-01T00:00:00Z"), "html")
    assert "<script" not in page.lower()
    parsed = parse_html(page)
    for tag, attrs in parsed.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed", "form", "link")
        for name, value in attrs:
            assert not name.startswith("on")
            if name in ("href", "src"):
                assert re.match(r"https?://|article-reader://open\?", value or "", re.I), value
    assert [words(q) for q in parsed.quotes] == [words(exact)]


@settings(max_examples=200, deadline=None)
@given(exact=syntax_text.filter(lambda s: s.strip()), note=syntax_text, title=syntax_text)
def test_markdown_reads_the_same_in_commonmark(exact, note, title):
    """Obsidian follows CommonMark; markdown-it-py, where installed, stands in for it."""
    markdown_it = pytest.importorskip("markdown_it")
    article = Article(id=1, title=title, blocks=[], text=exact, note=note)
    h = Highlight("x", 1, 0, len(exact), exact, note=note, tags=[note])
    out = render(summarize(article, [h], exported_at="2024-01-01T00:00:00Z"), "md")
    page = (
        markdown_it.MarkdownIt("commonmark")
        .enable(["table", "strikethrough"])
        .render(out.split("---\n", 2)[2])
    )
    parsed = parse_html(page)
    assert [words(q) for q in parsed.quotes] == [words(exact)]
    assert {tag for tag, _ in parsed.tags} <= {"h1", "h2", "p", "blockquote", "a"}
    assert only_deep_links(parsed)
    assert page.count("<p>^h-x</p>") == 1
