"""The library pane: paging, filters, sort, search as you type, delete with undo, trash."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from reader.core.document import Block
from reader.core.models import ImportedArticle
from reader.ui.jobs import JobRunner
from reader.ui.library.pane import LibraryPane
from reader.ui.library.views import ArticleListModel, meta_line

pytestmark = pytest.mark.gui


@pytest.fixture
def pane(library, qtbot):
    runner = JobRunner()
    stack = QUndoStack()
    widget = LibraryPane(library, runner, stack)
    widget.undo_stack = stack
    qtbot.addWidget(widget)
    widget.resize(320, 600)
    widget.show()
    yield widget
    runner.cancel_all()
    qtbot.waitUntil(lambda: not runner.active, timeout=10000)


def test_the_list_loads_pages_as_it_scrolls(library, qtbot, add_articles):
    add_articles(library, 450)
    model = ArticleListModel(library, page=200)
    model.load(sort="added", archived=False)
    assert model.rowCount() == 200
    assert model.total == 450
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    oldest = library.articles.list(sort="oldest", limit=1)[0].id
    assert model.row_of(oldest) == 449  # fetched the last page to find it
    assert not model.canFetchMore()


def test_rows_show_title_site_date_and_highlights(library, pane, add_articles):
    [aid] = add_articles(library, 1)
    library.highlights.add(aid, 0, 7)
    pane.refresh()
    summary = pane.model.summary(0)
    assert summary.highlights == 1
    assert "example.org" in meta_line(summary) and "1 highlight" in meta_line(summary)
    assert pane.list.uniformItemSizes()
    pane.list.grab()  # paints through the delegate without complaint


@pytest.mark.parametrize("active", [False, True])
def test_a_row_background_is_what_fusion_draws_for_it(library, pane, qtbot, add_articles, active):
    from PySide6.QtGui import QColor, QImage, QPainter, QPalette
    from PySide6.QtWidgets import QStyle, QStyleFactory, QStyleOptionViewItem, QWidget

    from reader.ui.library.views import begin_row

    add_articles(library, 2)
    pane.refresh()
    view = pane.list
    view.setStyle(QStyleFactory.create("Fusion"))  # the app's style
    palette = view.palette()  # the chosen row: one colour while the window is active
    palette.setColor(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight, QColor("#2050c0"))
    palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight, QColor("#b0b8c8"))
    view.setPalette(palette)
    if active:
        pane.activateWindow()
    else:  # another window has the focus
        other = QWidget()
        qtbot.addWidget(other)
        other.show()
        other.activateWindow()
    qtbot.waitUntil(lambda: pane.isActiveWindow() == active)
    view.setCurrentIndex(pane.model.index(0))
    for row in (0, 1):  # chosen, and not
        index = pane.model.index(row)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = view.visualRect(index).translated(-view.visualRect(index).topLeft())
        option.widget = view
        if view.selectionModel().isSelected(index):
            option.state |= QStyle.StateFlag.State_Selected
        images = []
        for draw in ("style", "ours"):
            image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
            if draw == "style":
                view.style().drawPrimitive(
                    QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, view
                )
            else:
                begin_row(painter, option, index)
                painter.restore()
            painter.end()
            images.append(image)
        assert images[0] == images[1], (row, active)
        assert (images[0].pixelColor(5, 5) != QColor("white")) == (row == 0)


def test_sort_by_title_and_filters(library, pane, qtbot, make_article):
    ids = [library.articles.add(make_article(t)).article_id for t in ("Banana", "apple", "Cherry")]
    library.articles.set_favorite(ids[2])
    library.articles.set_archived(ids[0])
    library.tags.set(ids[1], ["fruit"])
    pane.refresh()
    assert [pane.model.summary(r).title for r in range(pane.model.rowCount())] == [
        "Cherry",
        "apple",
    ]
    pane.sort.setCurrentIndex(pane.sort.findData("title"))
    pane.refresh()
    assert [pane.model.summary(r).title for r in range(pane.model.rowCount())] == [
        "apple",
        "Cherry",
    ]
    for key, titles in (
        ("favorites", ["Cherry"]),
        ("archived", ["Banana"]),
        ("tag:fruit", ["apple"]),
    ):
        pane.filter.setCurrentIndex(pane.filter.findData(key))
        pane.refresh()
        assert [pane.model.summary(r).title for r in range(pane.model.rowCount())] == titles


def test_typing_a_word_shows_ranked_hits_with_snippets(
    library, pane, qtbot, add_articles, make_article
):
    add_articles(library, 5)
    target = library.articles.add(make_article("Gardens", "The quince tree flowers late. Quince!"))
    library.articles.add(make_article("Orchards", "One quince in a basket."))
    with qtbot.waitSignal(pane.searchFinished, timeout=5000) as blocker:
        qtbot.keyClicks(pane.search, "quince")
    assert blocker.args == ["quince", pane.hits.rowCount()]
    assert pane.stack.currentWidget() is pane.results
    hits = [pane.hits.hit(r) for r in range(pane.hits.rowCount())]
    assert {h.article_id for h in hits} >= {target.article_id}
    assert hits == sorted(hits, key=lambda h: h.rank)
    assert all("\ue000" in h.snippet for h in hits)  # the match is marked (shown bold)
    pane.results.grab()
    with qtbot.waitSignal(pane.articleChosen) as chosen:
        pane.choose_hit(0)
    assert chosen.args[0] == hits[0].article_id
    assert chosen.args[1] == hits[0].position


def test_only_the_last_query_is_shown(library, pane, qtbot, make_article):
    library.articles.add(make_article("Walnut", "walnut shells"))
    library.articles.add(make_article("Wallaby", "a wallaby hops"))
    finished = []
    pane.searchFinished.connect(lambda q, n: finished.append(q))
    for text in ("wal", "walnut"):
        pane.search.setText(text)
        pane._start_search()  # as if each had waited out the debounce
    qtbot.waitUntil(lambda: "walnut" in finished, timeout=5000)
    qtbot.wait(100)
    assert finished == ["walnut"]
    assert {pane.hits.hit(r).title for r in range(pane.hits.rowCount())} == {"Walnut"}


def test_a_highlight_hit_carries_the_highlight(library, pane, qtbot):
    article = library.articles.add(
        ImportedArticle("Notes", [Block("paragraph", "Alpha beta gamma delta.")], "text")
    )
    h = library.highlights.add(article.article_id, 6, 10, note="zeugma is a figure")
    with qtbot.waitSignal(pane.searchFinished, timeout=5000):
        pane.search.setText("zeugma")
    hits = [pane.hits.hit(r) for r in range(pane.hits.rowCount())]
    row = next(i for i, hit in enumerate(hits) if hit.kind == "highlight")
    with qtbot.waitSignal(pane.articleChosen) as chosen:
        pane.choose_hit(row)
    assert chosen.args == [article.article_id, 6, h.id]


def test_clearing_the_search_shows_the_list_again(library, pane, qtbot, add_articles):
    add_articles(library, 2)
    pane.refresh()
    with qtbot.waitSignal(pane.searchFinished, timeout=5000):
        pane.search.setText("nothing-like-this")
    assert pane.hits.rowCount() == 0
    assert "Nothing found" in pane.results.placeholder
    pane.search.clear()
    assert pane.stack.currentWidget() is pane.list


def test_choosing_an_article_in_the_list_asks_to_open_it(library, pane, qtbot, add_articles):
    ids = add_articles(library, 3)
    pane.refresh()
    with qtbot.waitSignal(pane.articleChosen) as chosen:
        pane.list.setCurrentIndex(pane.model.index(1))
    assert chosen.args == [ids[1], None, None]
    pane.list.setFocus()
    with qtbot.waitSignal(pane.articleChosen) as chosen:
        qtbot.keyClick(pane.list, Qt.Key.Key_Down)
    assert chosen.args[0] == ids[0]


def test_delete_goes_through_the_undo_stack(library, pane, qtbot, add_articles):
    ids = add_articles(library, 2)
    pane.refresh()
    assert pane.delete_article(ids[0], confirm=False)
    assert library.articles.count() == 1 and pane.model.row_of(ids[0]) is None
    pane.undo_stack.undo()
    assert library.articles.count() == 2 and pane.model.row_of(ids[0]) is not None


def test_an_empty_library_says_what_to_do(pane):
    assert pane.model.rowCount() == 0
    assert "Import" in pane.list.placeholder
    pane.list.grab()


def test_the_trash_filter_lists_deleted_articles_without_opening_them(
    library, pane, qtbot, add_articles
):
    ids = add_articles(library, 4)
    for aid in ids[:3]:
        library.trash.delete(aid)
    pane.filter.setCurrentIndex(pane.filter.findData("trash"))
    pane.refresh()
    assert pane.filter.findData("trash") == pane.filter.findData("archived") + 1
    assert pane.in_trash and pane.model.rowCount() == 3
    assert all(pane.model.summary(r).deleted_at for r in range(3))
    assert meta_line(pane.model.summary(0)).startswith("example.org · deleted ")
    assert pane.summary(ids[0]) is None  # not an article of the library's list
    assert pane.first_article_id() == ids[3]  # the one to open is still the library's
    chosen = []
    pane.articleChosen.connect(lambda *args: chosen.append(args))
    pane.list.setCurrentIndex(pane.model.index(1))
    assert chosen == []
    gone = pane.current_article_id()
    library.trash.restore(gone)
    pane.refresh()  # the row that took its place is chosen: one can go on
    assert pane.model.rowCount() == 2 and pane.list.currentIndex().row() == 1
    assert pane.current_article_id() != gone


def test_list_rows_are_selectable_not_editable(library, qtbot, add_articles):
    add_articles(library, 3)
    model = ArticleListModel(library, page=2)
    model.load(sort="added", archived=False)
    flags = model.flags(model.index(0))
    assert flags & Qt.ItemFlag.ItemIsSelectable and not flags & Qt.ItemFlag.ItemIsEditable
    model.fetchMore()
    assert model.rowCount() == 3 and model.index(2).data() == model.summary(2).title
