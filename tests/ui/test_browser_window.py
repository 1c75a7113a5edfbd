"""The window serves the browser extension: a page saved over real HTTP shows in the list
at once, with a notice, without taking the focus; the dialog makes and revokes tokens."""

from __future__ import annotations

import http.client
import json

import pytest
from PySide6.QtWidgets import QApplication

from reader.core.endpoint.tokens import Pairings

pytestmark = pytest.mark.gui
PAGE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>The river rose slowly through the night while the town slept above it.</p>"
    "<p>By dawn the water had reached the steps of the old mill on the far bank.</p>"
    "</article></body></html>"
)


@pytest.fixture(autouse=True)
def _served(monkeypatch):
    monkeypatch.setenv("ARTICLE_READER_BROWSER_PORT", "0")  # served, on a free port


def _post(port: int, token: str, url: str, title: str, selection: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = {"url": url, "title": title, "html": PAGE.format(title=title)}
    if selection:
        body["selection"] = selection
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    conn.request("POST", "/api/v1/pages", json.dumps(body), headers)
    answer = conn.getresponse()
    data = json.loads(answer.read())
    conn.close()
    return answer.status, data


def _port(window, qtbot) -> int:
    qtbot.waitUntil(lambda: window.browser.address is not None, timeout=10000)
    return int(window.browser.address.rsplit(":", 1)[1])


def _listed(window, qtbot, article_id: int, said: str = "from the browser") -> None:
    """Wait until the window has said the save, then the list shows the article (a row of
    its model, not a read of the library)."""
    qtbot.waitUntil(lambda: said in window.notice.label.text(), timeout=10000)
    assert window.library_pane.model.loaded_row(article_id) is not None


def test_a_saved_page_is_listed_at_once_without_taking_the_focus(window, qtbot):
    token = Pairings(window.library.settings).new("test")
    port = _port(window, qtbot)
    focused = QApplication.focusWidget()
    status, body = _post(port, token, "https://news.example/river", "The River")
    assert status == 201
    _listed(window, qtbot, body["id"])
    assert "Saved from the browser: “The River”" in window.notice.label.text()
    assert QApplication.focusWidget() is focused
    assert window.article_id != body["id"]  # listed, not opened: the reader stays where they were


def test_saving_the_open_article_with_a_selection_shows_its_highlight(window, qtbot):
    token = Pairings(window.library.settings).new("test")
    port = _port(window, qtbot)
    status, body = _post(port, token, "https://news.example/mill", "The Mill")
    _listed(window, qtbot, body["id"])
    window.open_article(body["id"])
    assert len(window.highlights) == 0
    sel = {"text": "reached the steps", "prefix": "water had ", "suffix": " of the old"}
    status, again = _post(port, token, "https://news.example/mill", "The Mill", sel)
    assert status == 201 and again["id"] == body["id"] and again["highlight"]
    _listed(window, qtbot, body["id"], "with its highlight")
    qtbot.waitUntil(lambda: len(window.highlights) == 1, timeout=5000)


def test_the_dialog_makes_and_revokes_a_token(window, qtbot):
    port = _port(window, qtbot)
    window.actions["browser_extension"].trigger()
    from reader.ui.dialogs.browser_dialog import BrowserDialog

    dialog = window.findChildren(BrowserDialog)[-1]
    assert f"127.0.0.1:{port}" in dialog.state.text()
    dialog._new()
    token = dialog.token.text()
    pairings = Pairings(window.library.settings)
    assert pairings.check(token) and dialog.list.count() == 1
    assert _post(port, token, "https://news.example/a", "A")[0] == 201
    dialog.list.setCurrentRow(0)
    assert dialog.revoke.isEnabled()
    dialog.revoke.click()
    assert not pairings.check(token)
    assert _post(port, token, "https://news.example/b", "B")[0] == 401
    dialog.close()


def test_closing_the_window_stops_serving(seeded, window_factory, qtbot):
    window = window_factory(seeded)
    port = _port(window, qtbot)
    window.close()
    with pytest.raises(OSError):
        http.client.HTTPConnection("127.0.0.1", port, timeout=5).connect()
