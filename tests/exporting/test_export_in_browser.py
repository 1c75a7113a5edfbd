"""Exported HTML is inert in a real browser: headless Chromium opens it and no script runs.

Every payload below would, if any script ran, set the page's title to PWNED, mark
the root element with ``data-pwned`` and ask the local server for ``/ran``; the
others would fetch from that server by themselves (images, style sheets, a
refresh, a base address). Each goes into the places a user's or a page's text
reaches an export: the title, the address, the author and site, the article
note, highlighted text, highlight notes and tags. The pages are checked as
exported and again with their Content-Security-Policy removed, so that the
sanitiser alone is shown to suffice. A control page with a plain ``<script>``
proves the check can see a script run.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from html_probe import parse_html
from local_server import RecordingServer

from reader.core.document import Block
from reader.core.exporting import summarize, write_files
from reader.core.exporting.html import render_many
from reader.core.models import ImportedArticle

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (apt-get install chromium; .ci/run installs it in CI)",
)


def payloads(base: str) -> list[str]:
    # "PW" + "NED": the marker never appears in the page's own text, only if a script ran.
    js = f"document.title='PW'+'NED';document.documentElement.dataset.pwned=1;fetch('{base}/ran')"
    return [
        f"<script>{js}</script>",
        f'<img src="x" onerror="{js}">',
        f'<svg onload="{js}"><circle r="1"/></svg>',
        f'<a href="javascript:{js}">a javascript link</a>',
        f"[a Markdown link](javascript:{js})",
        f'<iframe srcdoc="<script>{js}</script>"></iframe>',
        f'"><script>{js}</script>',
        f"</title><script>{js}</script><title>",
        f"</textarea></style></noscript><script>{js}</script>",
        f"<scr<script>ipt>{js}</scr</script>ipt>",
        f'<body onload="{js}">',
        f'<details open ontoggle="{js}">x</details>',
        f'<input autofocus onfocus="{js}">',
        f'<math><mtext><table><mglyph><style><img src=x onerror="{js}">',
        f'<noscript><p title="</noscript><img src=x onerror={js}>">',
        f'<meta http-equiv="refresh" content="0;url={base}/refresh">',
        f'<base href="{base}/">',
        f'<link rel="stylesheet" href="{base}/style.css">',
        f'<img src="{base}/beacon.png">',
        f"![a Markdown image]({base}/markdown-image.png)",
        f"<style>@import url({base}/import.css);</style>",
        f'<div style="background:url({base}/style-attribute.png)">styled</div>',
        f'<object data="{base}/object"></object><embed src="{base}/embed">',
        f'<form action="{base}/form"><button formaction="javascript:{js}">go</button></form>',
        f"<!-- an unclosed comment <script>{js}</script>",
        f"<![CDATA[ <script>{js}</script> ]]>",
        f"&lt;script&gt;{js}&lt;/script&gt; &#60;script&#62;",
        f"`<script>{js}</script>` and ```\n<script>{js}</script>\n```",
        f"<div><p>broken <b><i>nesting</b></i> and <table><tr><td>x</p></div>{js}",
    ]


def hostile_library(library, base: str) -> list[int]:
    """One article per payload, with the payload in every field an export shows."""
    ids = []
    for n, payload in enumerate(payloads(base)):
        text = f"Before the payload. {payload.replace(chr(10), ' ')} After the payload."
        imported = ImportedArticle(
            title=payload,
            blocks=[Block("paragraph", text)],
            source_kind="html",
            url=f"javascript:{n}//{payload}" if n % 2 else f"https://example.org/{payload}",
            author=payload,
            site=payload,
            source=f"/saved/{n}.html",
        )
        article_id = library.articles.add(imported).article_id
        library.articles.set_note(article_id, payload)
        library.tags.set(article_id, [payload[:40]])
        start = text.index(payload.replace("\n", " ")[:5])
        library.highlights.add(article_id, start, len(text), note=payload, tags=[payload[:30]])
        library.highlights.add(article_id, 0, 6, note=f"note {n}: {payload}")
        ids.append(article_id)
    return ids


def run_chromium(page: Path, profile: Path) -> str:
    """The page's DOM after loading it and letting its timers run for a few seconds."""
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=3000",
        "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
    return done.stdout


def assert_inert(dom: str, server: RecordingServer) -> None:
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title and "PWNED" not in title.group(1)
    assert "data-pwned" not in dom
    for tag, attrs in parse_html(dom).tags:
        assert tag not in ("script", "iframe", "object", "embed", "img", "form", "base"), tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action", "formaction"):
                # the web, mail, and our own deep links (opened by the app, never the browser)
                allowed = r"(https?|mailto):|article-reader://open\?article=\d+&highlight=[\w-]+$"
                assert re.match(allowed, value or "", re.I), (tag, name, value)
    assert server.requests == []


@pytest.fixture
def server():
    with RecordingServer() as srv:
        yield srv


def test_control_a_script_that_runs_is_seen(server, tmp_path):
    page = tmp_path / "control.html"
    js = "document.title='PWNED';document.documentElement.dataset.pwned=1;"
    js += f"fetch('{server.base}/ran')"
    page.write_text(f"<!DOCTYPE html><title>t</title><p>x</p><script>{js}</script>")
    dom = run_chromium(page, tmp_path / "profile")
    assert "<title>PWNED</title>" in dom and 'data-pwned="1"' in dom
    assert server.requests == ["GET /ran"]


def test_exported_html_runs_no_script_and_fetches_nothing(library, server, tmp_path):
    ids = hostile_library(library, server.base)
    summaries = [summarize(library.articles.get(i), library.highlights.of(i)) for i in ids]
    out = tmp_path / "export"
    files = write_files(summaries[:1], "html", out)  # one article per file, as the window does
    (out / "all.html").write_text(render_many(summaries), encoding="utf-8")
    pages = [files[0], out / "all.html"]
    for page in pages:  # the sanitiser alone, without the page's Content-Security-Policy
        text = page.read_text(encoding="utf-8")
        bare = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", text)
        assert bare != text
        page.with_name(f"bare-{page.name}").write_text(bare, encoding="utf-8")
    pages += [page.with_name(f"bare-{page.name}") for page in pages]
    for page in pages:
        dom = run_chromium(page, tmp_path / "profile")
        assert "After the payload." in dom  # the page did load
        assert_inert(dom, server)


def test_the_sanitiser_alone_makes_raw_payloads_inert(server, tmp_path):
    """The Markdown export escapes markup before the sanitiser sees it; this checks the
    sanitiser's own layer: raw payloads straight through ``sanitise``, no CSP."""
    from reader.core.exporting.html import sanitise

    body = sanitise(
        "\n".join(f"<div>{p}</div><p>After the payload.</p>" for p in payloads(server.base))
    )
    page = tmp_path / "sanitised.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>",
        encoding="utf-8",
    )
    dom = run_chromium(page, tmp_path / "profile")
    assert "After the payload." in dom
    assert_inert(dom, server)
