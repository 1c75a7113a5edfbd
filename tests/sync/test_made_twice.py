"""One row made on two devices (the same page imported on both): the values it was made
with never undo a change made to it elsewhere. The 500-operation soak lost a favourite
this way about one run in three; which write the engine kept depended on the devices'
random ids, so the first case runs a few times with new ids (it lost the mark in 14
runs of 20 before the fix; the third lost it every time)."""

from __future__ import annotations

import pytest

from tests.sync.devices import FileSync, article, devices, export

URL = "https://example.org/twice"


def favourites(d) -> list[int]:
    return [r[0] for r in d.library.conn.execute("SELECT favorite FROM articles")]


@pytest.mark.parametrize("run", range(3))
def test_a_page_imported_on_two_devices_keeps_the_favourite_marked_on_one(tmp_path, run):
    a, b = devices(tmp_path, 2)
    try:
        made = a.library.articles.add(article("Twice", "The same words.", url=URL))
        a.library.articles.set_favorite(made.article_id)
        a.sync()
        b.library.articles.add(article("Twice", "The same words.", url=URL))  # not seen a's
        b.sync()
        FileSync([a, b]).settle()
        assert favourites(a) == favourites(b) == [1]
        assert export(a.library) == export(b.library)
    finally:
        a.close()
        b.close()


def test_a_favourite_marked_after_both_made_it_stands(tmp_path):
    a, b = devices(tmp_path, 2)
    try:
        made = a.library.articles.add(article("Twice", "The same words.", url=URL))
        a.sync()
        b.library.articles.add(article("Twice", "The same words.", url=URL))
        b.sync()
        a.library.articles.set_favorite(made.article_id)  # a has not heard of b's yet
        a.sync()
        FileSync([a, b]).settle()
        assert favourites(a) == favourites(b) == [1]
    finally:
        a.close()
        b.close()


def test_a_page_imported_while_its_body_is_on_the_way_keeps_the_favourite(tmp_path):
    a, b = devices(tmp_path, 2)
    try:
        made = a.library.articles.add(article("Twice", "The same words.", url=URL))
        a.library.articles.set_favorite(made.article_id)
        a.sync()
        for rel, path in a.own_files().items():  # the log arrives, its pack not yet
            if "packs" not in rel and not path.name.startswith("."):
                target = b.folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
        b.sync()  # the row waits for its body here
        b.library.articles.add(article("Twice", "The same words.", url=URL))
        b.sync()
        FileSync([a, b]).settle()
        assert favourites(a) == favourites(b) == [1]
        assert export(a.library) == export(b.library)
    finally:
        a.close()
        b.close()
