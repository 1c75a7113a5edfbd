"""The extension in browser/, loaded into Debian's Chromium (headless), saving real pages
served from 127.0.0.1 into a real library through a real endpoint: a page built by a
script after load (with a lazy picture and a selection across paragraphs), and a page that
shows its article and its pictures only with a cookie set by a first request."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from cdp_pipe import CHROMIUM, Chromium
from local_server import RecordingServer
from picture_kit import png

from reader.core.endpoint.server import EndpointServer
from reader.core.endpoint.tokens import Pairings

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (apt-get install chromium; .ci/run installs it in CI)",
)
EXTENSION = Path(__file__).resolve().parents[2] / "browser"
PIXEL = (
    "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="  # a placeholder
)
WORDS = [
    "Lanterns were lit along the quay as the ferry came in through the fog.",
    "The passengers stepped ashore one by one, their coats heavy with the damp air.",
    "Somewhere a bell rang twice, and the harbour master closed his ledger for the night.",
    "In the morning the fog had gone and the whole bay shone under a pale sky.",
]
SCRIPTED = """<!doctype html><html><head><title>Built by a script</title></head><body>
<header><a href="/">Home</a></header><main id="root"></main>
<script>
window.addEventListener("load", () => setTimeout(() => {
  const words = WORDS;
  const art = document.createElement("article");
  art.innerHTML = "<h1>The Ferry</h1>" + words.map(w => "<p>" + w + "</p>").join("")
    + '<figure><img alt="The quay at night" loading="lazy" src="PIXEL"'
    + ' data-src="/pictures/quay.png"><figcaption>The quay at night</figcaption></figure>';
  document.getElementById("root").appendChild(art);
  art.id = "built";
}, 50));
</script></body></html>""".replace("WORDS", json.dumps(WORDS)).replace("PIXEL", PIXEL)
PRIVATE = """<!doctype html><html><head><title>Members only</title></head><body><article>
<h1>The Members' Letter</h1><p>%s</p><p>%s</p>
<figure><img src="/members/map.png" alt="A map of the bay"></figure><p>%s</p>
</article></body></html>"""


def _routes(pictures: dict[str, bytes]):
    def scripted(h) -> None:
        h.reply(SCRIPTED.encode())

    def quay(h) -> None:
        h.reply(pictures["quay"], "image/png")

    def login(h) -> None:
        h.send_response(302)
        h.send_header("Set-Cookie", "member=yes; Path=/; HttpOnly")
        h.send_header("Location", "/members/letter")
        h.send_header("Content-Length", "0")
        h.end_headers()

    def signed_in(h) -> bool:
        if "member=yes" in (h.headers.get("Cookie") or ""):
            return True
        h.send_response(403)
        h.send_header("Content-Length", "0")
        h.end_headers()
        return False

    def letter(h) -> None:
        if signed_in(h):
            h.reply((PRIVATE % (WORDS[0], WORDS[1], WORDS[3])).encode())

    def bay_map(h) -> None:
        if signed_in(h):
            h.reply(pictures["map"], "image/png")

    return {"/scripted": scripted, "/pictures/quay.png": quay, "/login": login,
            "/members/letter": letter, "/members/map.png": bay_map}  # fmt: skip


@pytest.fixture
def browser(tmp_path):
    chromium = Chromium(EXTENSION, tmp_path / "profile")
    yield chromium
    chromium.close()


def _open(browser: Chromium, url: str, ready: str) -> str:
    target = browser.send("Target.createTarget", {"url": url})["targetId"]
    session = browser.attach(target)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:  # the first evaluations may land in about:blank, destroyed by the navigation
            if browser.evaluate(session, f"!!({ready})"):
                return session
        except AssertionError as e:
            if "context" not in str(e).lower():
                raise
        time.sleep(0.05)
    raise AssertionError(f"{url} never showed {ready}")


def _worker(browser: Chromium) -> str:
    """A session on the extension's service worker, once its script has run."""
    session = browser.attach(browser.wait_for_target("service_worker", "background.js"))
    for _ in range(200):
        if browser.evaluate(session, "typeof globalThis.articleReader") == "object":
            return session
        time.sleep(0.05)
    raise AssertionError("the extension's background script never defined articleReader")


def _save(browser: Chromium, worker: str, url_part: str, with_selection: bool) -> dict:
    return browser.evaluate(
        worker, f"articleReader.save({json.dumps(url_part)}, {json.dumps(with_selection)})"
    )


def _configure(browser: Chromium, worker: str, **values) -> None:
    browser.evaluate(worker, f"articleReader.configure({json.dumps(values)})")


def test_the_extension_saves_rendered_pages_with_pictures_cookies_and_a_highlight(library, browser):
    pictures = {"quay": png(480, 320, (20, 60, 120)), "map": png(500, 300, (30, 140, 60))}
    token = Pairings(library.settings).new("chromium")
    endpoint = EndpointServer(library, 0)
    endpoint.start()
    try:
        with RecordingServer(_routes(pictures)) as site:
            worker = _worker(browser)
            _configure(browser, worker, token=token, port=endpoint.port)
            page = _open(browser, f"{site.base}/scripted", "document.getElementById('built')")
            browser.evaluate(  # select from the middle of one paragraph into the next
                page,
                "(() => { const ps = document.querySelectorAll('#built p');"
                " const r = document.createRange();"
                " r.setStart(ps[1].firstChild, ps[1].textContent.indexOf('their coats'));"
                " r.setEnd(ps[2].firstChild, ps[2].textContent.indexOf(', and the harbour'));"
                " const s = getSelection(); s.removeAllRanges(); s.addRange(r); return true; })()",
            )
            first = _save(browser, worker, "/scripted", True)
            assert first["ok"], first
            article = library.articles.get(first["id"])
            assert article.title == "The Ferry" or "Ferry" in article.title
            assert WORDS[0] in article.text and WORDS[3] in article.text  # the script's text
            used = [b.picture for b in article.blocks if b.kind == "image" and b.picture]
            assert len(used) == 1 and library.pictures.data(used[0]) is not None
            h = library.highlights.get(first["highlight"])
            assert not h.orphaned
            assert h.exact.startswith("their coats") and h.exact.endswith("a bell rang twice")

            _open(browser, f"{site.base}/login", "document.querySelector('article')")
            second = _save(browser, worker, "/members/letter", False)
            assert second["ok"] and second["highlight"] is None, second
            letter = library.articles.get(second["id"])
            assert "The Members' Letter" in letter.title and WORDS[1] in letter.text
            used = [b.picture for b in letter.blocks if b.kind == "image" and b.picture]
            assert len(used) == 1  # the app alone could not fetch it: no cookie
            assert site.requests.count("GET /members/map.png") >= 1
    finally:
        endpoint.stop()


def test_the_button_says_when_the_app_is_not_running_or_not_paired(library, browser):
    with RecordingServer({"/scripted": lambda h: h.reply(SCRIPTED.encode())}) as site:
        worker = _worker(browser)
        _open(browser, f"{site.base}/scripted", "document.getElementById('built')")
        unpaired = _save(browser, worker, "/scripted", False)
        assert unpaired == {"ok": False, "reason": "not paired"}
        _configure(browser, worker, token="x", port=9)
        assert _save(browser, worker, "/scripted", False)["reason"] == "app not running"
        endpoint = EndpointServer(library, 0)
        endpoint.start()
        try:
            _configure(browser, worker, port=endpoint.port)
            refused = _save(browser, worker, "/scripted", False)
            assert refused["status"] == 401 and "not paired" in refused["reason"]
        finally:
            endpoint.stop()
        title = browser.evaluate(worker, "articleReader.titleOf('/scripted')")
        assert "not paired" in title
