"""Pages saved through the endpoint: the import pipeline, pictures, dedup, highlights."""

from __future__ import annotations

import time

from page_kit import PARAS, page_html, payload, picture_entry, request
from picture_kit import png

from reader.core.endpoint.payload import Selection
from reader.core.endpoint.saving import place_selection


def _save(endpoint, auth, **fields) -> dict:
    status, body, _ = request(endpoint.port, "POST", "/api/v1/pages", payload(**fields), auth)
    assert status == 201, body
    return body


def test_a_page_becomes_an_article_without_its_furniture(endpoint, library, auth):
    body = _save(endpoint, auth)
    assert body["highlight"] is None and body["status"] == "added"
    article = library.articles.get(body["id"])
    assert article.title == "The Harbour" and article.url == "https://example.org/harbour"
    assert PARAS[2] in article.text and "Copyright" not in article.text
    deadline = time.monotonic() + 10  # told on the request's thread, after the answer
    while not endpoint.saved and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [e["id"] for e in endpoint.saved] == [body["id"]]


def test_the_browsers_pictures_are_taken_before_any_fetch(endpoint, library, auth):
    # an address nothing answers: only the bytes sent can give the picture
    srcs = [f"https://unreachable.invalid/p{i}.png" for i in range(2)]
    pictures = [picture_entry(s, png(400, 300, (i * 90, 40, 40))) for i, s in enumerate(srcs)]
    body = _save(endpoint, auth, html=page_html(pictures=srcs), pictures=pictures)
    article = library.articles.get(body["id"])
    kept = [b.picture for b in article.blocks if b.kind == "image" and b.picture]
    assert len(set(kept)) == 2
    assert all(library.pictures.get(d) is not None for d in kept)


def test_saving_again_updates_the_same_article_and_keeps_its_highlights(endpoint, library, auth):
    sel = {"text": "the gulls circled low", "prefix": "their nets while ", "suffix": " over"}
    first = _save(endpoint, auth, selection=sel)
    changed = page_html(extra="<p>A paragraph added later, after the page was first saved.</p>")
    second = _save(endpoint, auth, html=changed)
    assert second["id"] == first["id"] and second["status"] == "updated"
    h = library.highlights.get(first["highlight"])
    assert not h.orphaned and h.exact == "the gulls circled low"
    again = _save(endpoint, auth, selection=sel)
    assert again["highlight"] == first["highlight"]  # the same selection: the same highlight
    assert len(library.highlights.of(first["id"])) == 1


def test_a_selection_across_paragraphs_is_one_highlight(endpoint, library, auth):
    text = "the first heavy drops fell on the stones.\n\nNobody in the village"
    body = _save(endpoint, auth, selection={"text": text, "prefix": "had turned, and ",
                                             "suffix": " could remember"})  # fmt: skip
    h = library.highlights.get(body["highlight"])
    assert not h.orphaned
    assert h.exact.startswith("the first heavy drops") and h.exact.endswith("in the village")
    assert PARAS[2].split("and ")[1] in h.exact


def test_the_context_picks_which_copy_is_highlighted():
    text = "A rose. It is red here. Another rose. It is red there."
    sel = Selection("It is red", prefix="Another rose. ", suffix=" there.")
    start, end = place_selection(text, sel)
    assert text[start:end] == "It is red" and start == text.rindex("It is red")


def test_a_dropped_selection_is_an_orphan_keeping_its_text(endpoint, library, auth):
    sel = {"text": "Subscribe to our newsletter for more", "prefix": "", "suffix": ""}
    body = _save(endpoint, auth, selection=sel)
    h = library.highlights.get(body["highlight"])
    assert h.orphaned and h.exact == "Subscribe to our newsletter for more"


def test_a_page_without_text_is_422_naming_it(endpoint, auth):
    html = "<html><body><script>build()</script></body></html>"
    status, body, _ = request(endpoint.port, "POST", "/api/v1/pages", payload(html=html), auth)
    assert status == 422 and "example.org/harbour" in body["error"]
