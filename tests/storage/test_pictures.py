"""``library.pictures``: stored once by content, used by articles, gone with their last use."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from reader.core.document import Block
from reader.core.models import ImportedArticle, Picture
from reader.core.storage.library import Library


def picture(seed: str, media_type: str = "image/png") -> Picture:
    data = f"picture bytes {seed}".encode() * 10
    return Picture(hashlib.sha256(data).hexdigest(), media_type, 40, 30, data)


def article(title: str, *pictures: Picture, captions: bool = True, **kw) -> ImportedArticle:
    blocks = [Block("paragraph", f"{title} opens with a paragraph.")]
    for i, p in enumerate(pictures):
        blocks.append(
            Block("image", f"Alt {i}", src=f"https://example.org/{i}.png", picture=p.digest)
        )
        if captions:
            blocks.append(Block("caption", f"Caption {i} of {title}"))
    blocks.append(Block("paragraph", "The end."))
    return ImportedArticle(
        title,
        blocks,
        "url",
        url=kw.get("url", f"https://example.org/{title}"),
        pictures={p.digest: p for p in pictures},
    )


def stored(library: Library) -> set[str]:
    return {row[0] for row in library.conn.execute("SELECT hash FROM pictures")}


def test_a_picture_used_by_two_articles_is_stored_once(library):
    shared, own = picture("shared"), picture("own")
    a = library.articles.add(article("First", shared)).article_id
    b = library.articles.add(article("Second", shared, own)).article_id
    assert stored(library) == {shared.digest, own.digest}
    assert library.pictures.stats() == (2, len(shared.data) + len(own.data))
    assert library.pictures.users(shared.digest) == [a, b]
    uses = library.pictures.of(b)
    assert [(u.digest, u.alt, u.caption) for u in uses] == [
        (shared.digest, "Alt 0", "Caption 0 of Second"),
        (own.digest, "Alt 1", "Caption 1 of Second"),
    ]
    assert [u.position for u in uses] == [1, 3]  # the image blocks' numbers
    assert (uses[0].width, uses[0].height, uses[0].size) == (40, 30, len(shared.data))
    assert library.pictures.data(shared.digest) == shared.data
    assert library.pictures.data(shared.digest, reader=True) == shared.data
    assert library.pictures.get(own.digest) == own
    assert library.articles.get(b).blocks[1].picture == shared.digest


def test_a_picture_goes_when_no_article_uses_it(library):
    shared, own = picture("shared"), picture("own")
    a = library.articles.add(article("First", shared)).article_id
    b = library.articles.add(article("Second", shared, own)).article_id
    library.trash.delete(b)
    assert stored(library) == {shared.digest, own.digest}  # the trash keeps them
    library.trash.delete_for_good(b)
    assert stored(library) == {shared.digest}
    library.trash.delete(a)
    library.conn.execute("UPDATE articles SET deleted_at = '2000-01-01T00:00:00Z'")
    assert library.trash.purge(older_than_days=30) == 1
    assert stored(library) == set()
    assert library.pictures.stats() == (0, 0)


def test_a_reimport_without_a_picture_lets_it_go_and_keeps_the_ones_still_used(library):
    one, two = picture("one"), picture("two")
    first = library.articles.add(article("Essay", one, two))
    h = library.highlights.add(first.article_id, 0, 5)
    again = library.articles.add(article("Essay", two))
    assert again.status == "updated"
    assert stored(library) == {two.digest}
    assert [u.digest for u in library.pictures.of(first.article_id)] == [two.digest]
    assert library.highlights.get(h.id).start == 0
    # the bytes of a picture that is stored already need not come again
    blocks = article("Essay", two).blocks
    bare = ImportedArticle("Essay", blocks, "url", url="https://example.org/Essay")
    assert library.articles.add(bare).status == "unchanged"


def test_the_same_text_with_a_picture_that_came_this_time_is_an_update(library):
    imported = article("Essay", picture("late"))
    missing = ImportedArticle(
        "Essay",
        [Block(b.kind, b.text, src=b.src) if b.kind == "image" else b for b in imported.blocks],
        "url",
        url=imported.url,
    )
    first = library.articles.add(missing)
    h = library.highlights.add(first.article_id, 6, 11)
    assert library.pictures.of(first.article_id) == []
    result = library.articles.add(imported)
    assert result.status == "updated"
    assert result.orphaned == 0
    assert len(library.pictures.of(first.article_id)) == 1
    assert library.highlights.get(h.id).start == 6
    assert library.articles.add(imported).status == "unchanged"


def test_a_reference_without_bytes_is_dropped_not_kept_dangling(library):
    ghost = picture("ghost")
    imported = article("Ghost", ghost)
    imported.pictures = {}
    article_id = library.articles.add(imported).article_id
    assert [b.picture for b in library.articles.get(article_id).blocks if b.kind == "image"] == [
        None
    ]
    assert library.pictures.of(article_id) == []


def test_pictures_swapping_places_keep_both(library):
    one, two = picture("one"), picture("two")
    article_id = library.articles.add(article("Swap", one, two, captions=False)).article_id
    library.articles.add(article("Swap", two, one, captions=False))
    assert [u.digest for u in library.pictures.of(article_id)] == [two.digest, one.digest]
    assert stored(library) == {one.digest, two.digest}


def test_content_addressed_file_names_for_a_later_sync(library):
    jpeg, svg = picture("photo", "image/jpeg"), picture("chart", "image/svg+xml")
    library.articles.add(article("Files", jpeg, svg))
    assert dict(library.pictures.files()) == {
        jpeg.digest: f"{jpeg.digest}.jpg",
        svg.digest: f"{svg.digest}.svg",
    }


def test_a_use_must_name_a_stored_picture(library):
    article_id = library.articles.add(article("Plain")).article_id
    with pytest.raises(sqlite3.IntegrityError):
        library.conn.execute(
            "INSERT INTO article_pictures (article_id, position, hash) VALUES (?, 0, 'nope')",
            (article_id,),
        )


def test_an_older_library_gains_the_picture_tables(tmp_path):
    from reader.core.storage import schema_version

    with Library(tmp_path / "lib.db") as lib:
        assert lib.conn.execute("PRAGMA user_version").fetchone()[0] == (
            schema_version.SCHEMA_VERSION
        )
        names = {r[0] for r in lib.conn.execute("SELECT name FROM sqlite_master")}
        assert {"pictures", "article_pictures", "article_pictures_unused"} <= names


def test_a_reimport_that_loses_a_picture_without_alt_text_keeps_highlights_anchored(library):
    lost = picture("lost")
    before = [
        Block("paragraph", "The first paragraph says something."),
        Block("image", "", src="https://example.org/lost.png", picture=lost.digest),
        Block("paragraph", "The second paragraph holds the highlight."),
    ]
    url = "https://example.org/Anchors"
    imported = ImportedArticle("Anchors", before, "url", url=url, pictures={lost.digest: lost})
    article_id = library.articles.add(imported).article_id
    text = library.articles.get(article_id).text
    start = text.index("holds the highlight")
    h = library.highlights.add(article_id, start, start + len("holds the highlight"))
    # The picture did not come this time: its block (no words) is gone, the text one shorter.
    after = ImportedArticle("Anchors", [before[0], before[2]], "url", url=url)
    assert library.articles.add(after).status == "updated"
    moved = library.highlights.get(h.id)
    assert not moved.orphaned and moved.start == start - 1
    assert library.articles.get(article_id).text[moved.start : moved.end] == "holds the highlight"
    assert stored(library) == set()
