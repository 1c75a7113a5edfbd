"""Properties of the importer over generated input (hypothesis)."""

from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.document import clean_text
from reader.core.importing.html.encoding import decode_bytes, text_safe
from reader.core.importing.sources import ImportFailure, parse_html, parse_markdown, parse_text

SECRET = "zzsecretzz"
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

text_pieces = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="<>&"),
    max_size=30,
)
TAGS = "p div span b i em strong code pre ul ol li blockquote h1 h3 table tr td th a img br hr"
tag_names = st.sampled_from(TAGS.split())
dangerous = st.sampled_from(
    [
        f"<script>{SECRET}</script>",
        f"<style>{SECRET}</style>",
        f"<noscript>{SECRET}</noscript>",
        f"<template><p>{SECRET}</p></template>",
        f"<iframe>{SECRET}</iframe>",
        f"<textarea>{SECRET}</textarea>",
        f"<button>{SECRET}</button>",
        f"<select><option>{SECRET}</option></select>",
        f"<p hidden>{SECRET}</p>",
        f'<a href="javascript:{SECRET}()">x</a>',
        f'<img src="javascript:{SECRET}" alt="pic">',
        f"<script>/* unclosed {SECRET}",
    ]
)


@st.composite
def html_soup(draw) -> str:
    """Tag soup: random tags (often unclosed), text, attributes, and hostile bits."""
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        choice = draw(st.integers(0, 5))
        if choice == 0:
            parts.append(draw(text_pieces))
        elif choice == 1:
            name = draw(tag_names)
            attrs = draw(st.sampled_from(["", ' class="content"', ' href="/x"', ' alt="a b"']))
            parts.append(f"<{name}{attrs}>")
        elif choice == 2:
            parts.append(f"</{draw(tag_names)}>")
        elif choice == 3:
            parts.append(draw(dangerous))
        elif choice == 4:
            parts.append(draw(st.sampled_from(["&amp;", "&nbsp;", "&#x1F600;", "&bogus;", "\n"])))
        else:
            # Junk, but no "<": "<?" or "<!" would open a bogus comment that swallows the
            # next tag, and a browser would then show the hostile bit as plain text too.
            parts.append(draw(st.text(max_size=10)).replace("<", "&lt;"))
    return "".join(parts)


def check_blocks(article) -> None:
    for block in article.blocks:
        assert "\n" not in block.text and "\r" not in block.text
        if block.kind not in ("code", "table_row"):
            assert block.text == clean_text(block.text)
        if block.kind not in ("rule", "code"):
            assert block.text
        for span in block.spans:
            if span.kind == "link":
                assert urlsplit(span.href).scheme in ("http", "https", "mailto")


@FAST
@given(st.text(max_size=400))
def test_parse_text_blocks_never_hold_breaks(text):
    try:
        article = parse_text(text, source="t.txt")
    except ImportFailure:
        assert not clean_text(text_safe(text).lstrip("\ufeff"))  # only when there is no text
        return
    check_blocks(article)
    assert all(block.kind == "paragraph" for block in article.blocks)
    assert article.title and "\n" not in article.title


@FAST
@given(html_soup())
def test_parse_html_never_crashes_nor_leaks_hidden_content(page):
    try:
        article = parse_html(page, url="https://example.org/a/", source="soup.html")
    except ImportFailure as e:
        assert "\n" not in str(e)
        return
    check_blocks(article)
    assert SECRET not in article.text
    assert SECRET not in article.title
    assert all(block.src is None or SECRET not in block.src for block in article.blocks)


@FAST
@given(st.binary(max_size=300))
def test_decoding_any_bytes_gives_text(data):
    text = decode_bytes(data)
    assert isinstance(text, str)
    assert "\x00" not in text


@FAST
@given(st.text(max_size=300))
def test_parse_markdown_never_crashes(text):
    try:
        article = parse_markdown(text, source="m.md")
    except ImportFailure:
        return
    check_blocks(article)
