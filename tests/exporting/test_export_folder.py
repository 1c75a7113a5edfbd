"""A folder export (Obsidian vault style) updated in place: the library changes, the files follow,
the user's own section stays, the manifest remembers which file is whose."""

from __future__ import annotations

import json
import os

import pytest

from reader.core.exporting import summarize, write_files
from reader.core.exporting.manifest import MANIFEST_NAME, keep_user_section
from reader.core.importing.sources import import_source

MY_NOTES = "## My notes"


@pytest.fixture
def vault(tmp_path):
    directory = tmp_path / "vault"
    directory.mkdir()
    return directory


@pytest.fixture
def article(library, tmp_path):
    source = tmp_path / "essay.md"
    source.write_text(
        "# On Margins\n\nReaders wrote in margins for centuries.\n\n"
        "Some notes were arguments with the author.\n\nOthers were recipes.\n",
        encoding="utf-8",
    )
    return library.articles.add(import_source(source)).article_id


def export(library, vault, *ids, **kw):
    summaries = [summarize(library.articles.get(i), library.highlights.of(i)) for i in ids]
    return write_files(summaries, "md", vault, **kw)


def quote_span(library, article_id, words):
    text = library.articles.get(article_id).text
    start = text.index(words)
    return start, start + len(words)


def test_second_export_updates_highlights_and_keeps_my_notes_byte_for_byte(library, vault, article):
    first = library.highlights.add(article, *quote_span(library, article, "wrote in margins"))
    gone = library.highlights.add(article, *quote_span(library, article, "Others were recipes"))
    [path] = export(library, vault, article)
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n\n" + MY_NOTES + "\n")  # the default output opens it, empty

    mine = "\r\nMy thoughts, with CRLF,\r\n\r\n- a list\n> and a # heading-ish line \n"
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write(mine)

    library.highlights.update(first.id, note="an edited note")
    library.highlights.delete(gone.id)
    added = library.highlights.add(
        article, *quote_span(library, article, "arguments with the author"), colour="green"
    )
    [again] = export(library, vault, article)
    assert again == path
    new = path.read_bytes().decode("utf-8")
    assert new.endswith(MY_NOTES + "\n" + mine)  # kept exactly, line endings and all
    assert new.count(MY_NOTES) == 1
    assert "an edited note" in new
    assert f"^h-{added.id}" in new and "— green" in new
    assert "Others were recipes" not in new and gone.id not in new
    # The new highlight sits in reading order, between the first and... the end.
    assert new.index(f"^h-{first.id}") < new.index(f"^h-{added.id}") < new.index(MY_NOTES)


def test_a_title_change_renames_the_file_and_keeps_the_user_section(library, vault, article):
    [path] = export(library, vault, article)
    path.write_text(path.read_text(encoding="utf-8") + "kept\n", encoding="utf-8")
    library.db.execute("UPDATE articles SET title = 'On Margins, Revised' WHERE id = ?", [article])
    library.db.conn.commit()
    [renamed] = export(library, vault, article)
    assert renamed.name == "On Margins, Revised.md" and not path.exists()
    assert sorted(os.listdir(vault)) == [MANIFEST_NAME, "On Margins, Revised.md"]
    assert renamed.read_text(encoding="utf-8").endswith(MY_NOTES + "\nkept\n")


def test_the_manifest_maps_articles_to_files(library, vault, article):
    [path] = export(library, vault, article)
    data = json.loads((vault / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["files"] == {"md": {str(article): path.name}}
    # Other formats share the folder and the manifest.
    [page] = write_files([summarize(library.articles.get(article), [])], "html", vault)
    data = json.loads((vault / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data["files"] == {"md": {str(article): path.name}, "html": {str(article): page.name}}


def test_a_file_moved_into_a_subfolder_is_updated_where_it_is(library, vault, article):
    [path] = export(library, vault, article)
    (vault / "Reading").mkdir()
    moved = vault / "Reading" / path.name
    path.rename(moved)
    library.highlights.add(article, *quote_span(library, article, "Others were recipes"))
    [again] = export(library, vault, article)
    assert again == moved and not path.exists()
    assert "Others were recipes" in moved.read_text(encoding="utf-8")
    data = json.loads((vault / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data["files"]["md"][str(article)] == f"Reading/{path.name}"


def test_a_deleted_file_or_manifest_is_tolerated(library, vault, article):
    [path] = export(library, vault, article)
    path.unlink()
    [again] = export(library, vault, article)
    assert again == path and path.is_file()
    (vault / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    [third] = export(library, vault, article)
    assert third == path and sorted(os.listdir(vault)) == [MANIFEST_NAME, path.name]
    assert json.loads((vault / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]["md"]


def test_a_manifest_entry_pointing_at_someone_elses_file_is_not_trusted(library, vault, article):
    [path] = export(library, vault, article)
    other = vault / "Someone else.md"
    other.write_text("# not an export\n", encoding="utf-8")
    (vault / MANIFEST_NAME).write_text(
        json.dumps({"version": 1, "files": {"md": {str(article): "Someone else.md"}}}),
        encoding="utf-8",
    )
    [again] = export(library, vault, article)
    assert again == path and other.read_text(encoding="utf-8") == "# not an export\n"


def test_keep_user_section_cases():
    new = "body\n\n## My notes\n"
    assert keep_user_section(new, None) == new
    assert keep_user_section(new, "old without the marker\n") == new
    assert keep_user_section(new, "old\n## My notes\nmine\n") == "body\n\n## My notes\nmine\n"
    # A template without the marker: the user's section is appended, never lost.
    assert keep_user_section("body", "x\n## My notes\nmine") == "body\n\n## My notes\nmine"


def test_exporting_unchanged_data_leaves_a_file_with_my_notes_untouched(library, vault, article):
    library.highlights.add(article, *quote_span(library, article, "wrote in margins"))
    [path] = export(library, vault, article)
    with open(path, "a", encoding="utf-8") as f:
        f.write("\nmy own words\n")
    before = path.read_bytes()
    os.utime(path, (1_000_000_000, 1_000_000_000))
    export(library, vault, article)  # a later "exported" stamp, nothing else new
    assert path.read_bytes() == before and path.stat().st_mtime == 1_000_000_000


def test_a_whole_library_export_twice_gives_the_same_files(library, vault, tmp_path):
    from reader.core.importing.samples import sample_paths

    ids = [library.articles.add(import_source(p)).article_id for p in sample_paths()]
    for i in ids:
        text = library.articles.get(i).text
        library.highlights.add(i, 0, min(12, len(text)), note=f"note {i}")
    first = export(library, vault, *ids)
    snapshot = {p.name: p.read_bytes() for p in first}
    second = export(library, vault, *ids)
    assert second == first and len(set(first)) == len(ids)
    assert {p.name: p.read_bytes() for p in second} == snapshot
    assert sorted(os.listdir(vault)) == sorted([MANIFEST_NAME, *snapshot])
