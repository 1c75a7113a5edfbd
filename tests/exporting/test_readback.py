"""Notes edited in the vault come back: a folder export reads back, before writing, what
the user changed in the app's parts of each Markdown file since the last export."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.exporting import markdown as md
from reader.core.exporting import summarize_articles, vault, write_files
from reader.core.exporting.manifest import MANIFEST_NAME
from reader.core.exporting.readback import both_versions, take_back
from reader.core.importing.sources import import_source


@pytest.fixture
def folder(tmp_path):
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


def mark(library, article_id, words, **kw):
    text = library.articles.get(article_id).text
    start = text.index(words)
    return library.highlights.add(article_id, start, start + len(words), **kw)


def export(library, folder, *ids):
    """What the command line and the window do: read back, then write."""
    report = take_back(library, folder, ids)
    [path] = write_files(summarize_articles(library, ids), "md", folder)
    return path, report


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def note_block(library, highlight_id):
    """The lines of a highlight's note as the default template writes them."""
    return md.paragraphs(library.highlights.get(highlight_id).note)


# -- reading a file ---------------------------------------------------------------------


def test_the_parts_of_a_default_export_are_found(library, folder, article):
    a = mark(library, article, "wrote in margins", note="first note\n\nsecond para", tags=["x y"])
    b = mark(library, article, "Others were recipes")
    library.articles.set_note(article, "The article's note.")
    path, _ = export(library, folder, article)
    text = path.read_text(encoding="utf-8")
    parts = vault.parse(text)
    assert vault.note_text(parts.note.of(text)) == "The article's note."
    first, second = parts.highlights[md.block_id(a.id)], parts.highlights[md.block_id(b.id)]
    assert vault.note_text(first.note.of(text)) == "first note\n\nsecond para"
    assert first.tags == ["x-y"] and second.tags == []
    assert second.note.of(text) == ""


notes = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80
)


@given(notes)
def test_a_note_reads_back_as_exported(note):
    """What the export writes of a note reads back to what the export keeps of it."""
    exported = md.paragraphs(note)
    back = vault.note_text(exported)
    assert md.paragraphs(back) == exported


# -- taking edits back ------------------------------------------------------------------


def test_a_note_edited_in_the_vault_comes_back_and_the_file_keeps_the_edit(
    library, folder, article
):
    h = mark(library, article, "wrote in margins", note="old note")
    path, report = export(library, folder, article)
    assert not report
    edit(path, "old note", "A *new* note with [brackets] & more")
    path, report = export(library, folder, article)
    assert report.summary() == "1 note taken from the vault" and report.notes == 1
    assert library.highlights.get(h.id).note == "A *new* note with [brackets] & more"
    assert "A *new* note with [brackets] & more" in path.read_text(encoding="utf-8")
    again = path.read_text(encoding="utf-8")
    path, report = export(library, folder, article)
    assert not report and path.read_text(encoding="utf-8") == again  # taken once


def test_a_change_made_in_the_app_is_written_not_undone(library, folder, article):
    h = mark(library, article, "wrote in margins", note="old note")
    path, _ = export(library, folder, article)
    library.highlights.update(h.id, note="changed in the app")
    path, report = export(library, folder, article)
    assert not report
    assert library.highlights.get(h.id).note == "changed in the app"
    assert "changed in the app" in path.read_text(encoding="utf-8")


def test_changed_on_both_sides_keeps_both_and_says_so(library, folder, article):
    h = mark(library, article, "wrote in margins", note="old note")
    path, _ = export(library, folder, article)
    edit(path, "old note", "the vault's version")
    library.highlights.update(h.id, note="the app's version")
    path, report = export(library, folder, article)
    note = library.highlights.get(h.id).note
    assert note.startswith("the app's version\n\nFrom the vault (")
    assert note.endswith("):\nthe vault's version")
    assert "both versions kept" in report.summary() and h.id in report.lines()[0]
    text = path.read_text(encoding="utf-8")
    assert "the app's version" in text and "the vault's version" in text


def test_the_same_change_on_both_sides_is_no_conflict(library, folder, article):
    h = mark(library, article, "wrote in margins", note="old note")
    path, _ = export(library, folder, article)
    edit(path, "old note", "agreed")
    library.highlights.update(h.id, note="agreed")
    _, report = export(library, folder, article)
    assert not report and library.highlights.get(h.id).note == "agreed"


def test_a_deleted_block_keeps_the_highlight_and_is_reported(library, folder, article):
    keep = mark(library, article, "wrote in margins", note="keep me")
    other = mark(library, article, "Others were recipes")
    path, _ = export(library, folder, article)
    text = path.read_text(encoding="utf-8")
    start = text.index("> wrote in margins")
    end = text.index("> Others were recipes")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    path, report = export(library, folder, article)
    assert library.highlights.get(keep.id).note == "keep me"
    assert "1 highlight block deleted in the vault: the highlights are kept" in report.summary()
    assert (
        keep.id in report.lines()[0]
        and "delete the highlight in Article Reader" in (report.lines()[0])
    )
    assert md.block_id(keep.id) in path.read_text(encoding="utf-8")  # written back
    assert library.highlights.get(other.id)


def test_tags_merge_what_each_side_added_and_removed(library, folder, article):
    h = mark(library, article, "wrote in margins", tags=["idea", "to read", "old"])
    path, _ = export(library, folder, article)
    edit(path, "#idea #old #to-read", "#idea #to-read #from-vault")  # old removed, one added
    library.highlights.update(h.id, tags=["idea", "to read", "old", "from app"])
    _, report = export(library, folder, article)
    assert report.tags == 1
    assert sorted(library.highlights.get(h.id).tags) == [
        "from app",
        "from-vault",
        "idea",
        "to read",
    ]


def test_an_article_note_written_in_the_vault_comes_back(library, folder, article):
    mark(library, article, "wrote in margins")
    path, _ = export(library, folder, article)
    edit(path, "## Highlights", "## Note\n\nThoughts from the vault.\n\n## Highlights")
    path, report = export(library, folder, article)
    assert library.articles.get(article).note == "Thoughts from the vault."
    assert report.notes == 1
    assert path.read_text(encoding="utf-8").count("## Note\n") == 1


def test_a_vault_note_of_a_highlight_deleted_in_the_app_is_not_lost(library, folder, article):
    h = mark(library, article, "wrote in margins", note="draft")
    path, _ = export(library, folder, article)
    edit(path, "draft", "worth keeping")
    library.highlights.delete(h.id)
    path, report = export(library, folder, article)
    assert "worth keeping" in library.articles.get(article).note
    assert len(report.rescued) == 1
    assert "worth keeping" in path.read_text(encoding="utf-8")


def test_a_folder_exported_before_records_were_kept(library, folder, article):
    unchanged = mark(library, article, "wrote in margins", note="one")
    changed = mark(library, article, "Others were recipes", note="two")
    path, _ = export(library, folder, article)
    data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    del data["written"]
    (folder / MANIFEST_NAME).write_text(json.dumps(data), encoding="utf-8")
    edit(path, "one", "one, edited in the vault")
    edit(path, "two", "two, edited in the vault")
    stamp = "2999-01-01T00:00:00Z"  # the app changed this one after that export
    with library.transaction():
        library.conn.execute(
            "UPDATE highlights SET note = 'two, in the app', updated_at = ? WHERE id = ?",
            (stamp, changed.id),
        )
    _, report = export(library, folder, article)
    assert library.highlights.get(unchanged.id).note == "one, edited in the vault"
    both = library.highlights.get(changed.id).note
    assert "two, in the app" in both and "two, edited in the vault" in both
    assert report.notes == 1 and len(report.both) == 1


def test_a_custom_template_reads_nothing_back(library, folder, article, tmp_path):
    h = mark(library, article, "wrote in margins", note="plain")
    template = tmp_path / "t.md.j2"
    template.write_text(
        "---\narticle_reader_id: {{ article.id }}\n---\n{% for h in highlights %}"
        "* {{ h.text }}: {{ h.note }}\n{% endfor %}",
        encoding="utf-8",
    )
    [path] = write_files(summarize_articles(library, [article]), "md", folder, template=template)
    edit(path, "plain", "edited")
    report = take_back(library, folder, [article])
    assert not report and library.highlights.get(h.id).note == "plain"


def test_both_versions_keeps_what_there_is():
    assert both_versions("", "theirs", "2025-01-01T00:00:00Z") == "theirs"
    assert both_versions("mine", " ", "2025-01-01T00:00:00Z") == "mine"
    assert both_versions("mine", "theirs", "2025-01-01T00:00:00Z") == (
        "mine\n\nFrom the vault (2025-01-01):\ntheirs"
    )


def test_the_command_line_reports_what_it_took(library, folder, article, capsys):
    from reader.cli import run

    h = mark(library, article, "wrote in margins", note="old note")
    args = ["--library", str(library.path), "export", str(article), "--output", str(folder)]
    assert run(args) == 0
    path = next(folder.glob("*.md"))
    edit(path, "old note", "new note")
    capsys.readouterr()
    library.close()
    assert run(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "1 note taken from the vault"
    from reader.core.storage.library import Library

    with Library(library.path) as again:
        assert again.highlights.get(h.id).note == "new note"
