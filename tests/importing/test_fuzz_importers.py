"""Fuzzing the importers: random bytes, random HTML trees, random encodings, deep nesting,
huge lines. Nothing may raise but ``ImportFailure`` (one clear line), nothing may run
past its time bound (``fuzzing``), and a failed import leaves the library as it was."""

from __future__ import annotations

import codecs
import re
import tempfile
from pathlib import Path

import pytest
from fuzzing import fuzz, hard_limit
from hypothesis import given
from hypothesis import strategies as st
from local_server import RecordingServer

from reader.core.importing.html.encoding import decode_bytes
from reader.core.importing.ingest import import_sources
from reader.core.importing.sources import ImportFailure, import_file, parse_html, parse_markdown
from reader.core.models import ImportedArticle
from reader.core.storage.library import Library

SUFFIXES = [".txt", ".md", ".html"]
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_article(article: ImportedArticle) -> None:
    """What every imported article holds to: no line breaks in a block, spans inside their
    block, links only http(s)/mailto, pictures only http(s) (never fetched)."""
    assert article.blocks and article.title
    for field in (article.title, article.author or "", article.site or "", article.text):
        # No control character a terminal could obey when the command line prints it.
        assert not CONTROLS.search(field.replace("\n", "")), repr(field)
    for block in article.blocks:
        assert "\n" not in block.text and "\r" not in block.text
        for span in block.spans:
            assert 0 <= span.start < span.end <= len(block.text)
            if span.kind == "link":
                assert span.href and span.href.split(":")[0].lower() in ("http", "https", "mailto")
        if block.src:
            assert block.src.split(":")[0].lower() in ("http", "https")


def import_bytes(data: bytes, suffix: str, seconds: float = 20) -> ImportedArticle | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "fuzz" + suffix)
        path.write_bytes(data)
        with hard_limit(seconds):
            try:
                article = import_file(path)
            except ImportFailure as e:
                assert "\n" not in str(e) and str(path) in str(e)
                return None
    check_article(article)
    return article


@fuzz(60)
@given(data=st.binary(max_size=4000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(data, suffix):
    import_bytes(data, suffix)


# -- random HTML trees ---------------------------------------------------------------

TAGS = [
    "html",
    "head",
    "body",
    "title",
    "meta",
    "link",
    "base",
    "style",
    "script",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "source",
    "track",
    "wbr",
    "video",
    "audio",
    "picture",
    "img",
    "svg",
    "math",
    "div",
    "span",
    "p",
    "a",
    "b",
    "i",
    "em",
    "strong",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "q",
    "h1",
    "h2",
    "h3",
    "h6",
    "table",
    "thead",
    "tr",
    "td",
    "th",
    "caption",
    "br",
    "hr",
    "figure",
    "figcaption",
    "article",
    "section",
    "main",
    "nav",
    "aside",
    "header",
    "footer",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "details",
    "summary",
    "sup",
    "sub",
    "ruby",
    "rt",
    "bdo",
    "font",
    "center",
    "marquee",
    "blink",
    "x-custom",
]
ATTRIBUTES = st.sampled_from(
    [
        'href="https://example.org/a"',
        'href="javascript:alert(1)"',
        'href="file:///etc/passwd"',
        'href="/relative"',
        'href="data:text/html,x"',
        'href="mailto:a@b.c"',
        'src="http://127.0.0.1:9/x.png"',
        'src="file:///etc/passwd"',
        'srcset="a.png 1x, b.png 2x"',
        'alt="an alt text"',
        'style="background:url(http://127.0.0.1:9/x)"',
        'onload="alert(1)"',
        "hidden",
        'class="content article"',
        'class="sidebar nav"',
        'dir="rtl"',
        'lang="zh"',
        'charset="koi8-r"',
    ]
)
words = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
text_nodes = st.one_of(
    words.map(lambda t: t.replace("<", "&lt;")),
    st.sampled_from(["Readable words in a sentence that goes on. ", "&amp;", "&#0;", "&bogus;"]),
)


def element(children):
    return st.tuples(
        st.sampled_from(TAGS),
        st.lists(ATTRIBUTES, max_size=3),
        st.lists(children, max_size=5),
        st.booleans(),
    ).map(lambda t: f"<{t[0]} {' '.join(t[1])}>{''.join(t[2])}" + (f"</{t[0]}>" if t[3] else ""))


html_trees = st.recursive(text_nodes, element, max_leaves=60)


@fuzz(80)
@given(tree=html_trees)
def test_random_html_trees(tree):
    with hard_limit(20):
        try:
            article = parse_html(tree, url="https://example.org/page")
        except ImportFailure:
            return
    check_article(article)


@fuzz(40)
@given(tree=html_trees, body=st.text(max_size=400))
def test_random_markdown_with_html(tree, body):
    with hard_limit(20):
        try:
            article = parse_markdown(f"{body}\n\n{tree}\n\n[x]({body[:20]})")
        except ImportFailure:
            return
    check_article(article)


# -- random encodings ----------------------------------------------------------------

ENCODINGS = [
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1",
    "iso-8859-7", "koi8-r", "cp1251", "shift_jis", "euc-jp", "gb18030", "big5", "euc-kr",
    "mac-roman", "cp437",
]  # fmt: skip


@fuzz(60)
@given(
    text=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=300),
    encoding=st.sampled_from(ENCODINGS),
    declared=st.sampled_from([None, *ENCODINGS, "bogus-charset", "utf-7", "x-user-defined"]),
    html=st.booleans(),
)
def test_random_encodings(text, encoding, declared, html):
    data = text.encode(encoding, errors="replace")
    if html:
        meta = f'<meta charset="{declared}">' if declared else ""
        data = meta.encode("ascii") + b"<p>" + data + b"</p>"
    with hard_limit(10):
        decoded = decode_bytes(data, declared, html=html)
    assert isinstance(decoded, str)
    decoded.encode("utf-8")  # no lone surrogates
    import_bytes(data, ".html" if html else ".txt")
    if encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32") and not declared and not html:
        # A byte-order mark or UTF-8 is never misread (control characters may go).
        assert letters(decoded) == letters(text)


def letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def test_every_codec_name_declared_is_survived():
    """A page may declare any charset Python knows, and some it does not."""
    names = sorted({codecs.lookup(n).name for n in ENCODINGS} | {"rot13", "hex", "base64", "zip"})
    for name in names:
        data = f'<meta charset="{name}"><p>Plain words to read, café.</p>'.encode()
        article = import_bytes(data, ".html")
        assert article is None or "Plain words" in article.text, name


# -- deep nesting and huge lines -----------------------------------------------------

DEEP = 10_000
FILLER = "Deep inside, a paragraph long enough to count as the article's text to read. " * 3
CASES = {
    "divs": "<div>" * DEEP + f"<p>{FILLER}</p>" + "</div>" * DEEP,
    "unclosed divs": "<div>" * DEEP + f"<p>{FILLER}",
    "spans": "<p>" + "<span>" * DEEP + FILLER + "</span>" * DEEP + "</p>",
    "bold italic": "<p>" + "<b><i>" * (DEEP // 2) + FILLER,
    "blockquotes": "<blockquote>" * DEEP + f"<p>{FILLER}</p>",
    "lists": "<ul><li>" * DEEP + FILLER,
    "tables": "<table><tr><td>" * (DEEP // 3) + FILLER,
    "links": "<a href='https://x.org'>" * DEEP + FILLER,
    "embeds": f"<p>{FILLER}</p>" + "<embed src='x'><source src='y'>" * DEEP + f"<p>{FILLER}</p>",
    "terminal escapes": (
        f"<title>\x1b]52;c;ZXZpbA==\x07T\x9b2J</title><p>\x1b[2J{FILLER}\x9b31m</p>"
    ),
    "huge line": f"<p>{FILLER * 20_000}</p>",
    "huge word": "<p>" + "x" * 5_000_000 + "</p>",
    "many paragraphs": f"<p>{FILLER}</p>" * 20_000,
    "attributes": "<p " + " ".join(f"a{i}='{i}'" for i in range(50_000)) + f">{FILLER}</p>",
}
MARKDOWN = {
    "nested lists": "".join("  " * i + "- item\n" for i in range(2000)),
    "ordered lists": "".join("    " * i + "1. item\n" for i in range(2000)),
    "quotes": ">" * DEEP + " " + FILLER,
    "spaced quotes": "> " * DEEP + FILLER,
    "nested brackets": "[" * 20_000 + FILLER + "]" * 20_000,
    "unclosed brackets": "[a " * 20_000,
    "unclosed links": "[a](" * 20_000,
    "unclosed images": "![" * 20_000,
    "unclosed markup": '<a href="' * 20_000,
    "emphasis": "*a _b " * 20_000,
    "backticks": "`a ``b " * 20_000,
    "huge line": FILLER * 20_000,
    "huge table": "|a" * 20_000 + "\n" + "|-" * 20_000 + "\n" + "|b" * 20_000,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_deep_and_huge_html(name):
    with hard_limit(30):
        try:
            article = parse_html(CASES[name])
        except ImportFailure:
            return
    check_article(article)
    assert "Deep inside" in article.text or "x" * 1000 in article.text, name


@pytest.mark.parametrize("name", sorted(MARKDOWN))
def test_deep_and_huge_markdown(name):
    with hard_limit(15):
        try:
            article = parse_markdown(MARKDOWN[name])
        except ImportFailure:
            return
    check_article(article)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_huge_line_in_a_file(suffix):
    assert import_bytes(b"word " * 2_000_000, suffix, seconds=30) is not None


# -- a failed import changes nothing in the library ----------------------------------


def snapshot(library: Library) -> list[str]:
    return list(library.db.conn.iterdump())


def test_failed_imports_leave_the_library_as_it_was(tmp_path):
    with Library(tmp_path / "library.db") as library:
        first = import_bytes(b"A first article\n\nIts only paragraph, with words.\n", ".txt")
        article_id = library.articles.add(first).article_id
        library.highlights.add(article_id, 0, 8, note="a note", tags=["kept"])
        library.articles.set_note(article_id, "the article's note")
        folder = tmp_path / "bad"
        folder.mkdir()

        @fuzz(30)
        @given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
        def check(data, suffix):
            path = folder / f"bad{suffix}"
            path.write_bytes(data)
            before = snapshot(library)
            with hard_limit(20):
                report = import_sources(library, [path])
            assert not any("unexpected error" in f.reason for f in report.failures)
            if report.failures:
                assert snapshot(library) == before

        check()
        before = snapshot(library)
        for data in (b"", b"\0" * 100, b"%PDF-1.4", b"\xff\xfe" + b"\0" * 10, b"<html></html>"):
            path = folder / "bad.html"
            path.write_bytes(data)
            assert import_sources(library, [path]).failures
            assert snapshot(library) == before
        with RecordingServer(FAILING_ROUTES) as server:
            urls = [f"{server.base}{route}" for route in FAILING_ROUTES] + [f"{server.base}/404"]
            report = import_sources(library, urls)
        assert len(report.failures) == len(urls) and not report.results
        assert not any("unexpected error" in f.reason for f in report.failures)
        assert snapshot(library) == before
        assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _declares_too_much(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "50000000")
    h.end_headers()


FAILING_ROUTES = {
    "/pdf": lambda h: h.reply(b"%PDF-1.4", "application/pdf"),
    "/empty": lambda h: h.reply(b"", "text/html"),
    "/no-text": lambda h: h.reply(b"<html><body><script>x()</script></body></html>"),
    "/binary": lambda h: h.reply(b"\0\1\2\3" * 100, "text/plain"),
    "/too-big": _declares_too_much,
    "/to-file": lambda h: h.redirect("file:///etc/passwd"),
    "/loop": lambda h: h.redirect("/loop"),
}
