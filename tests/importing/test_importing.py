"""The importer on files: text, Markdown, HTML, encodings, folders and bad input."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.document import clean_text
from reader.core.importing.sources import (
    SUPPORTED_SUFFIXES,
    ImportFailure,
    expand_sources,
    import_file,
    import_source,
    parse_html,
    parse_markdown,
    parse_text,
)

ROOT = Path(__file__).resolve().parents[2]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def kinds(article) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in article.blocks]


def spans(block) -> list[tuple[str, str, str | None]]:
    return [(s.kind, block.text[s.start : s.end], s.href) for s in block.spans]


def assert_one_line_failure(excinfo, name: str) -> None:
    message = str(excinfo.value)
    assert "\n" not in message
    assert message.startswith("cannot import ")
    assert name in message
    assert excinfo.value.source.endswith(name)
    assert excinfo.value.reason and excinfo.value.reason in message


# -- plain text -------------------------------------------------------------------------


def test_text_title_and_paragraphs(tmp_path):
    path = write(
        tmp_path / "notes.txt",
        "A Title Line\n\nFirst paragraph\nwrapped by hand.\n\n\n  Second   paragraph.  \n",
    )
    article = import_file(path)
    assert article.title == "A Title Line"
    assert article.source_kind == "text"
    assert kinds(article) == [
        ("paragraph", "First paragraph wrapped by hand."),
        ("paragraph", "Second paragraph."),
    ]
    assert article.text == "First paragraph wrapped by hand.\nSecond paragraph."


def test_text_first_line_that_is_a_sentence_is_not_a_title(tmp_path):
    article = import_file(write(tmp_path / "diary.txt", "It rained all day.\n\nThen it stopped.\n"))
    assert article.title == "diary"
    assert [b.text for b in article.blocks] == ["It rained all day.", "Then it stopped."]


def test_text_with_one_paragraph_per_line(tmp_path):
    long_line = "This paragraph was saved on one line, as many tools do, " * 3
    text = f"Headline of the piece\n{long_line}\n{long_line}\n"
    article = import_file(write(tmp_path / "saved.txt", text))
    assert article.title == "Headline of the piece"
    assert len(article.blocks) == 2


def test_text_setext_title_crlf_and_bom(tmp_path):
    data = "\ufeffMy Notes\r\n========\r\n\r\nBody text\r\nmore body.\r\n".encode()
    article = import_file(write(tmp_path / "n.txt", data))
    assert article.title == "My Notes"
    assert kinds(article) == [("paragraph", "Body text more body.")]


def test_text_of_one_line_keeps_the_line_as_text(tmp_path):
    article = import_file(write(tmp_path / "todo.txt", "Buy milk"))
    assert article.title == "todo"
    assert article.text == "Buy milk"


def test_parse_text_directly():
    article = parse_text("Title\n\npara one\n\npara two", source="x.txt")
    assert article.title == "Title"
    assert article.text == "para one\npara two"


# -- Markdown ------------------------------------------------------------------------------

MARKDOWN = """---
title: "Front Matter Title"
author: Ada Lovelace
url: https://example.org/notes
date: 2024-03-14
---

Intro with **bold**, *italic*, `code` and a [link](https://example.org/x).

## A section

- one
- two
    1. nested ordered

> quoted text

| Name | Value |
|------|-------|
| a    | 1     |

```python
def f():
    return 1
```

---

![A diagram](https://example.org/d.png)
![](https://example.org/no-alt.png)

[bad](javascript:alert(1)) <script>alert("md-secret")</script>
"""


def test_markdown_front_matter_and_blocks(tmp_path):
    article = import_file(write(tmp_path / "notes.md", MARKDOWN))
    assert article.title == "Front Matter Title"
    assert article.author == "Ada Lovelace"
    assert article.url == "https://example.org/notes"
    assert article.published == "2024-03-14"
    assert article.source_kind == "markdown"
    assert kinds(article) == [
        ("paragraph", "Intro with bold, italic, code and a link."),
        ("heading", "A section"),
        ("list_item", "one"),
        ("list_item", "two"),
        ("list_item", "nested ordered"),
        ("quote", "quoted text"),
        ("table_row", "Name\tValue"),
        ("table_row", "a\t1"),
        ("code", "def f():"),
        ("code", "    return 1"),
        ("rule", ""),
        ("image", "A diagram"),
        ("paragraph", "bad"),
    ]
    intro = article.blocks[0]
    assert spans(intro) == [
        ("bold", "bold", None),
        ("italic", "italic", None),
        ("code", "code", None),
        ("link", "link", "https://example.org/x"),
    ]
    nested = article.blocks[4]
    assert (nested.level, nested.ordered) == (2, True)
    assert article.blocks[6].header and not article.blocks[7].header
    assert article.blocks[11].src == "https://example.org/d.png"
    assert article.blocks[-1].spans == ()  # the javascript: link lost its target
    assert "md-secret" not in article.text


def test_markdown_first_heading_is_the_title_and_not_repeated(tmp_path):
    article = import_file(write(tmp_path / "a.markdown", "# The Title\n\nBody.\n\n# Later h1\n"))
    assert article.title == "The Title"
    assert kinds(article) == [("paragraph", "Body."), ("heading", "Later h1")]


def test_markdown_heading_repeating_the_front_matter_title_is_dropped():
    article = parse_markdown("---\ntitle: Same\n---\n\n# Same\n\nText.\n")
    assert article.title == "Same"
    assert kinds(article) == [("paragraph", "Text.")]


def test_markdown_rule_at_the_start_is_not_front_matter():
    article = parse_markdown("---\nJust text, no keys here\n---\n\nMore.\n", source="r.md")
    assert "Just text, no keys here" in article.text


def test_markdown_and_html_give_the_same_blocks():
    md = parse_markdown(
        "# Title\n\nSome *emphasis* and [a link](https://e.org/).\n\n"
        "## Part\n\n1. first\n2. second\n\n> a quote\n\n```\ncode line\n  indented\n```\n"
    )
    html = parse_html(
        "<html><head><title>Title</title></head><body><h1>Title</h1>"
        "<p>Some <em>emphasis</em> and <a href='https://e.org/'>a link</a>.</p>"
        "<h2>Part</h2><ol><li>first</li><li>second</li></ol>"
        "<blockquote><p>a quote</p></blockquote>"
        "<pre><code>code line\n  indented\n</code></pre></body></html>"
    )
    assert md.title == html.title == "Title"
    assert md.blocks == html.blocks


# -- HTML ---------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head>
<title>Page Title | Example Site</title>
<meta name="author" content="Grace Hopper">
<meta property="og:site_name" content="Example Site">
<meta property="article:published_time" content="2023-05-06T07:08:09Z">
<link rel="canonical" href="https://example.org/articles/page">
<style>.x { color: red }</style>
<script>var secret = "script-secret";</script>
</head><body onload="evil()">
<h1>Page Title</h1>
<p>Text with <b>bold</b>, <a href="/relative">a relative link</a>,
<a href="javascript:alert('x')">a script link</a>, <a href="mailto:a@b.org">mail</a>
and <a href="ftp://files.example.org/f">ftp</a>.</p>
<noscript>noscript-secret</noscript><template>template-secret</template>
<iframe src="https://ads.example.org">iframe-secret</iframe>
<form><input value="form-secret"><textarea>textarea-secret</textarea></form>
<p onclick="steal()">Second paragraph<br>after a break.</p>
<ul><li>one<ul><li>deeper</li></ul></li></ul>
<blockquote><p>outer</p><blockquote><p>inner</p></blockquote></blockquote>
<pre>def f():
\treturn 1\x20\x20

x = 2</pre>
<table><tr><th>Name</th><th>Value</th></tr><tr><td>a</td><td>1</td></tr></table>
<img src="/figure.png" alt="A figure"><img src="/spacer.gif" alt=""><hr>
<p style="display:none">hidden-secret</p>
</body></html>"""


def test_html_blocks_spans_and_sanitising():
    article = parse_html(PAGE, url="https://example.org/articles/page?x=1", source="page.html")
    text = article.text
    for secret in ("script-secret", "noscript-secret", "template-secret", "iframe-secret"):
        assert secret not in text
    for secret in ("form-secret", "textarea-secret", "hidden-secret", "color: red"):
        assert secret not in text
    assert kinds(article) == [
        ("paragraph", "Text with bold, a relative link, a script link, mail and ftp."),
        ("paragraph", "Second paragraph"),
        ("paragraph", "after a break."),
        ("list_item", "one"),
        ("list_item", "deeper"),
        ("quote", "outer"),
        ("quote", "inner"),
        ("code", "def f():"),
        ("code", "    return 1"),
        ("code", ""),
        ("code", "x = 2"),
        ("table_row", "Name\tValue"),
        ("table_row", "a\t1"),
        ("image", "A figure"),
        ("rule", ""),
    ]
    assert spans(article.blocks[0]) == [
        ("bold", "bold", None),
        ("link", "a relative link", "https://example.org/relative"),
        ("link", "mail", "mailto:a@b.org"),
    ]
    levels = [(b.kind, b.level) for b in article.blocks if b.kind in ("list_item", "quote")]
    assert levels == [("list_item", 1), ("list_item", 2), ("quote", 1), ("quote", 2)]
    assert article.blocks[11].header and not article.blocks[12].header
    assert article.blocks[13].src == "https://example.org/figure.png"


def test_html_metadata():
    article = parse_html(PAGE, url="https://example.org/articles/page?x=1", source="page.html")
    assert article.title == "Page Title"
    assert article.author == "Grace Hopper"
    assert article.site == "Example Site"
    assert article.published.startswith("2023-05-06")
    assert article.url == "https://example.org/articles/page"
    assert article.source_kind == "html"
    assert article.source == "page.html"


def test_html_title_falls_back_to_h1_then_file_name(tmp_path):
    with_h1 = import_file(write(tmp_path / "a.html", "<h1>Heading Title</h1><p>Text.</p>"))
    assert with_h1.title == "Heading Title"
    assert with_h1.text == "Text."
    bare = import_file(write(tmp_path / "no-title.htm", "<p>Only a paragraph.</p>"))
    assert bare.title == "no-title"
    assert bare.url is None


def test_block_texts_are_clean_and_never_hold_newlines():
    article = parse_html(PAGE, url="https://example.org/")
    for block in article.blocks:
        assert "\n" not in block.text
        if block.kind not in ("code", "table_row"):
            assert block.text == clean_text(block.text)
        if block.kind != "rule":
            assert block.text or block.kind == "code"


def test_deeply_nested_html_does_not_blow_up():
    depth = 100_000
    page = "<body>" + "<div>" * depth + "<p>deep text</p>" + "</div>" * depth + "<p>after</p>"
    article = parse_html(page, source="deep.html")
    assert "deep text" in article.text
    assert "after" in article.text


@pytest.mark.slow
@pytest.mark.parametrize("furniture", [False, True], ids=["document", "web-page"])
def test_huge_single_line_html_imports_quickly(tmp_path, furniture):
    paragraph = "<div><p>" + "Lorem ipsum dolor sit amet, <a href='/x'>consectetur</a>. " * 40
    paragraph += "</p></div>"
    body = paragraph * (10_000_000 // len(paragraph) + 1)
    if furniture:  # a page with navigation goes through main-content extraction
        body = f"<nav><a href='/'>Home</a></nav><article>{body}</article><footer>f</footer>"
    page = f"<html><head><title>Huge</title></head><body>{body}</body></html>"
    path = write(tmp_path / "huge.html", page)
    assert path.stat().st_size >= 10_000_000
    assert b"\n" not in path.read_bytes()
    start = time.perf_counter()
    article = import_file(path)
    elapsed = time.perf_counter() - start
    print(f"\n10 MB single-line HTML ({'web page' if furniture else 'document'}): {elapsed:.1f} s")
    assert article.title == "Huge"
    assert len(article.blocks) > 3000
    assert elapsed < 60


@pytest.mark.slow
def test_one_huge_text_node(tmp_path):
    path = write(tmp_path / "one.html", "<p>" + "word " * 2_100_000 + "</p>")
    start = time.perf_counter()
    article = import_file(path)
    print(f"\n10 MB text node imported in {time.perf_counter() - start:.1f} s")
    assert len(article.text) > 10_000_000 - 10


# -- encodings -----------------------------------------------------------------------------

WESTERN = "Maßnahmen für das café – “curly” quotes"


def western_page(meta: str = "") -> bytes:
    return f"<html><head>{meta}<title>T</title></head><body><p>{WESTERN}</p></body></html>".encode(
        "cp1252"
    )


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="ISO-8859-1">',
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
        '<meta charset="windows-1252">',
        "",  # no declaration: detected
        '<meta charset="utf-8">',  # declared wrongly
    ],
)
def test_western_legacy_pages_come_out_right(tmp_path, meta):
    assert b"\x93curly\x94" in western_page(meta)
    article = import_file(write(tmp_path / "w.html", western_page(meta)))
    assert article.text == WESTERN


def test_declared_latin1_that_is_really_utf8(tmp_path):
    page = f'<meta charset="iso-8859-1"><title>T</title><p>{WESTERN}</p>'.encode()
    assert import_file(write(tmp_path / "u.html", page)).text == WESTERN


def test_declared_charset_from_the_http_header_wins_over_a_guess():
    article = parse_html(western_page(), declared_charset="windows-1252", source="x")
    assert article.text == WESTERN


def test_chinese_gb2312_and_utf16_pages(tmp_path):
    chinese = "这是一个中文网页，用来检验编码的识别是否正确。"
    page = f'<meta charset="gb2312"><title>中文</title><p>{chinese}</p>'.encode("gb18030")
    assert import_file(write(tmp_path / "zh.html", page)).text == chinese
    utf16 = "\ufeff<title>T</title><p>café au lait</p>".encode("utf-16-le")
    assert import_file(write(tmp_path / "u16.html", utf16)).text == "café au lait"


def test_legacy_text_file(tmp_path):
    article = import_file(write(tmp_path / "old.txt", f"Old notes\n\n{WESTERN}\n".encode("cp1252")))
    assert article.title == "Old notes"
    assert article.text == WESTERN


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n \t\n", "empty"),
        ("zero.html", b"", "empty"),
        ("picture.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image"),
        ("random.txt", bytes(range(256)) * 40, "binary"),
        ("nul.md", b"text\x00with\x00\x00nul bytes\x01\x02" * 50, "binary"),
        ("notes.pdf", b"%PDF-1.4\n", "it is not a valid PDF (the file is damaged or incomplete)"),
        ("letter.docx", b"PK\x03\x04", "Word documents are not supported"),
        ("data.xyz", b"hello", ".xyz files are not supported"),
        ("README", b"hello", "without an extension"),
        ("script-only.html", b"<html><script>x()</script></html>", "no readable text"),
        ("broken.txt", b"\xef\xbb\xbf" + b"ok \xff\xfe\xc3 " * 200, "encoding could not be"),
    ],
)
def test_bad_files_fail_with_one_clear_line(tmp_path, name, data, reason):
    path = write(tmp_path / name, data)
    with pytest.raises(ImportFailure) as excinfo:
        import_file(path)
    assert_one_line_failure(excinfo, name)
    assert reason in str(excinfo.value)


def test_pdf_message_is_the_documented_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    message = "cannot import notes.pdf: it is not a valid PDF (the file is damaged or incomplete)"
    with pytest.raises(ImportFailure) as excinfo:
        import_source("notes.pdf")
    assert str(excinfo.value) == message
    with pytest.raises(ImportFailure, match="no such file"):
        import_source("gone.pdf")  # a mistyped name is missing, whatever its kind


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImportFailure) as excinfo:
        import_file(tmp_path / "gone.md")
    assert_one_line_failure(excinfo, "gone.md")
    with pytest.raises(ImportFailure) as excinfo:
        import_file(tmp_path)
    assert "folder" in str(excinfo.value)


@pytest.mark.parametrize(
    "item",
    ["ftp://example.org/a.html", "javascript:alert(1)", "data:text/html,<p>x</p>", "mailto:a@b"],
)
def test_import_source_refuses_other_schemes(item):
    with pytest.raises(ImportFailure) as excinfo:
        import_source(item)
    assert item in str(excinfo.value)
    assert "http" in excinfo.value.reason


def test_import_source_dispatches_paths_and_file_urls(tmp_path):
    path = write(tmp_path / "a b.md", "# T\n\nbody\n")
    assert import_source(str(path)).text == "body"
    assert import_source(path).text == "body"
    assert import_source(path.as_uri()).text == "body"


# -- folders ---------------------------------------------------------------------------------


def test_expand_sources(tmp_path):
    root = tmp_path / "lib"
    for name in ("b.md", "a.txt", "sub/c.HTML", "sub/deeper/d.htm", "sub/e.markdown"):
        write(root / name, "x")
    for name in ("notes.docx", ".hidden.md", ".git/config.md", "sub/.cache/f.txt", "image.png"):
        write(root / name, "x")
    explicit = write(tmp_path / "explicit.pdf", b"%PDF")
    items = [str(root), explicit, "https://example.org/a", "missing.txt"]
    found = expand_sources(items)
    assert found[:5] == [
        root / "a.txt",
        root / "b.md",
        root / "sub" / "c.HTML",
        root / "sub" / "deeper" / "d.htm",
        root / "sub" / "e.markdown",
    ]
    assert found[5:] == [explicit, "https://example.org/a", "missing.txt"]


def test_supported_suffixes():
    assert {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"} <= set(SUPPORTED_SUFFIXES)


# -- dependencies and start-up cost ------------------------------------------------------------


def test_extraction_dependencies_import():
    """pip 23 drops lxml's html-clean extra: trafilatura must still import."""
    import lxml.html.clean  # noqa: F401
    import trafilatura  # noqa: F401


def test_importing_module_loads_nothing_heavy():
    code = (
        "import sys, reader.core.importing.sources; "
        "heavy = [m for m in ('trafilatura', 'markdown', 'lxml', 'charset_normalizer', "
        "'justext', 'htmldate') if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_nested_inline_tags_of_one_kind_left_open_import():
    # found by hypothesis: <em><i> open two equal spans; closing one removed the other
    article = parse_html("0<em><i><p>x", url="https://example.org/a/", source="soup.html")
    assert article.text.split() == ["0", "x"]
