"""The window's side of interoperability: File > Import takes annotations and Kindle clippings
and shows what happened; the export dialog takes a Markdown template."""

from __future__ import annotations

import json

import pytest

from reader.core.exporting import render_many, summarize
from reader.ui.dialogs.import_dialog import FILE_FILTER
from reader.ui.settings import Settings

pytestmark = pytest.mark.gui


def test_import_takes_json_ld_and_shows_the_report_with_its_orphans(
    window, seeded, tmp_path, qtbot
):
    assert "*.jsonld" in FILE_FILTER
    aid = window.article_id
    seeded.highlights.add(aid, 0, 5, note="kept")
    doc = json.loads(
        render_many([summarize(seeded.articles.get(aid), seeded.highlights.of(aid))], "jsonld")
    )
    lost = json.loads(json.dumps(doc["first"]["items"][0]))
    lost["id"] = "urn:uuid:00000000-0000-4000-8000-00000000000a"
    lost["target"]["selector"] = [{"type": "TextQuoteSelector", "exact": "never in any article"}]
    doc["first"]["items"].append(lost)
    path = tmp_path / "notes.jsonld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with qtbot.waitSignal(window.importer.finished, timeout=10000):
        window.import_sources([str(path)])
    box = window.importer.report_box
    assert box is not None and box.isVisible()
    text = box.informativeText()
    assert "annotations from notes.jsonld: 1 added, 1 updated, 1 kept as orphans" in text
    assert "orphan: 'never in any article'" in text
    box.close()
    assert seeded.highlights.get("00000000-0000-4000-8000-00000000000a").orphaned


def test_import_takes_kindle_clippings(window, seeded, tmp_path, qtbot):
    path = tmp_path / "My Clippings.txt"
    path.write_text(
        "\ufeffA Book (An Author)\r\n- Your Highlight on page 1 | Location 10-11 | "
        "Added on Monday, March 4, 2019 10:12:34 PM\r\n\r\nA sentence worth keeping.\r\n"
        "==========\r\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.importer.finished, timeout=10000):
        window.import_sources([str(path)])
    box = window.importer.report_box
    assert "Kindle clippings from My Clippings.txt: 1 book(s), 1 new highlight(s)" in (
        box.informativeText()
    )
    box.close()
    [book] = [a for a in seeded.articles.list() if a.title == "A Book"]
    assert [h.exact for h in seeded.highlights.of(book.id)] == ["A sentence worth keeping."]


def test_the_export_dialog_takes_a_template_and_remembers_it(window, seeded, tmp_path, qtbot):
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "---\narticle_reader_id: {{ article.id }}\n---\nMINE {{ article.title }}\n", "utf-8"
    )
    dialog = window.export()
    dialog.set_scope("article")
    dialog.set_format("csv")
    assert not dialog.template.isEnabled()  # only Markdown renders through a template
    dialog.set_format("md")
    assert dialog.template.isEnabled()
    dialog.template.setText(str(template))
    out = tmp_path / "exports"
    dialog.set_destination(out)
    dialog.accept()
    qtbot.waitUntil(lambda: "Exported" in window.notice.text(), timeout=10000)
    [path] = out.glob("*.md")
    assert "\nMINE " in path.read_text(encoding="utf-8")
    assert Settings(seeded)["export_template"] == str(template)


def test_a_broken_template_says_file_and_line_in_the_window(window, tmp_path, qtbot):
    template = tmp_path / "broken.md.j2"
    template.write_text("fine\n{{ article.title ", encoding="utf-8")
    dialog = window.export()
    dialog.set_format("md")
    dialog.template.setText(str(template))
    dialog.set_destination(tmp_path / "exports")
    dialog.accept()
    qtbot.waitUntil(lambda: "Export failed" in window.notice.text(), timeout=10000)
    assert str(template) in window.notice.text() and "line 2" in window.notice.text()
