"""What pages put under an article (reader/core/importing/html/tail.py): dropped by form.

Synthetic pages: each kind has a case that goes and a near-miss that stays.
"""

import pytest
from article_page import PROSE, page, text_of


def _paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in items)


def _article(body: str) -> str:
    """The five paragraphs' page with ``body`` as the whole article."""
    ps = [f"<p>{p}</p>" for p in PROSE]
    html = page()
    assert "\n".join(ps[:3]) + "\n".join(ps[3:]) in html
    return html.replace("\n".join(ps[:3]) + "\n".join(ps[3:]), body)


WHOLE = "\n".join(PROSE)

DROPPED_AFTER = {
    "comment section": (
        "<h3>3 thoughts on “The Flood”</h3><p>Bob says: March 3, 2019 at 9:14 am</p>"
        '<p>Great piece, thanks! It reminded me of the year the mill flooded.</p><p><a href="/r">'
        "Reply</a></p>"
    ),
    "counted comments": (
        "<h2>12 Comments</h2><p>Great piece, thanks! It reminded me of the year the mill"
        " flooded, and of my grandmother's goats.</p>"
    ),
    "leave a reply": (
        "<h3>Leave a Reply</h3><p>Your name</p><p>Want to know more about the river?</p>"
    ),
    "post navigation with arrows": (
        '<p><a href="/prev">« The drought of 1921</a></p>'
        '<p><a href="/next">The mill reopens »</a></p>'
    ),
    "post navigation with labels": (
        '<p>Previous article<br><a href="/prev">The drought of 1921</a></p>'
        '<p>Next article<br><a href="/next">The mill reopens</a></p>'
    ),
    "post metadata": (
        '<p>Posted in <a href="/c/news">News</a> | Tagged <a href="/t/flood">flood</a>,'
        ' <a href="/t/river">river</a></p>'
    ),
    "tag label over its links": (
        '<p>Topics</p><ul><li><a href="/t/1">Weather</a></li>'
        '<li><a href="/t/2">Rivers</a></li></ul>'
    ),
    "sign-up box": (
        "<h3>Get our newsletter</h3><p>The week's best stories, every Friday.</p>"
        '<p><a href="/signup">Sign up</a></p>'
    ),
    "errata prompt": '<p>Have you spotted a typo? <a href="/report">Let us know</a>.</p>',
    "chinese recommendations": (
        '<p>相关新闻</p><ul><li><a href="/1">武汉本来就是一个英雄的城市</a></li>'
        '<li><a href="/2">时代的一粒尘</a></li></ul>'
    ),
}


@pytest.mark.parametrize("html", DROPPED_AFTER.values(), ids=DROPPED_AFTER.keys())
def test_what_follows_the_article_is_dropped(html):
    assert text_of(page(after=html)) == WHOLE


def test_a_sign_up_box_inside_the_article_goes_too():
    box = "<h3>Sign up for our Flood Watch newsletter</h3><p>Every Monday.</p><p>Subscribe</p>"
    assert text_of(page(middle=box)) == WHOLE


KEPT_AFTER = {
    "a sentence that begins like metadata": "<p>Posted in 1921, the letter reached the mill.</p>",
    "a linked source with an arrow, not all link": (
        '<p>The ministry published <a href="/r">the full report</a> a week later »</p>'
    ),
    "a heading about newsletters over prose": (
        "<h3>Our newsletter</h3><p>The miller wrote one every spring, by hand, for the"
        " whole valley, and read it aloud at the church steps on Sunday.</p>"
    ),
    "a typo the story is about": "<p>Have you spotted a typo in the ledger, the clerk asked.</p>",
    "a topics heading over prose": (
        "<h3>Topics</h3><p>The council will discuss the dam, the ferry and the bell, in"
        " that order, and then the goats.</p>"
    ),
}


@pytest.mark.parametrize("html", KEPT_AFTER.values(), ids=KEPT_AFTER.keys())
def test_article_text_that_looks_like_what_follows_it_stays(html):
    text = text_of(page(after=html))
    assert text.startswith(WHOLE)
    assert len(text) > len(WHOLE) + 10


def test_a_discussion_section_in_the_second_half_stays():
    body = _paragraphs(PROSE[:3]) + "<h2>Discussion</h2>" + _paragraphs(PROSE[3:])
    assert "Discussion" in text_of(_article(body)).split("\n")
    assert text_of(_article(body)).endswith(PROSE[-1])


def test_a_comments_heading_in_the_article_stays_with_what_follows():
    body = _paragraphs(PROSE[:3]) + "<h2>Comments</h2>" + _paragraphs(PROSE[3:])
    text = text_of(_article(body))
    assert "Comments" in text.split("\n")
    assert text.endswith(PROSE[-1])


def test_a_linked_comment_count_does_not_cut_the_article():
    assert text_of(page(middle='<p><a href="/story#comments">23 comments</a></p>')) == WHOLE


CHROME = [
    "Back to top",
    "Loading...",
    "Download our app",
    "We use cookies to improve your experience on our site.",
    "Report this comment",
    "Buy tickets",
    "Get tickets from $25",
    "Jetzt Tickets sichern!",
    "Tickets ab 29 Euro",
    "Sponsored by Example Bank",
    "扫描二维码分享",
    "シェアする",
]
CHROME_LOOKALIKES = [
    "Tickets from $25 sold out within an hour, the organisers said.",
    "Next, the miller opened the sluice.",
    "Loading the grain took all morning.",
    "We use cookies as fuel, the baker joked.",
    "Sponsored by the parish, the ferry ran again by May.",
]


@pytest.mark.parametrize("line", CHROME)
def test_a_line_of_page_chrome_goes_anywhere(line):
    assert text_of(page(middle=f"<p>{line}</p>")) == WHOLE


def test_article_lines_that_begin_like_page_chrome_stay():
    middle = "".join(f"<p>{line}</p>" for line in CHROME_LOOKALIKES)
    text = text_of(page(middle=middle)).split("\n")
    assert [line for line in CHROME_LOOKALIKES if line not in text] == []


READER_COMMENTS = [
    "I grew up in that valley and remember the flood of that year well; my father moved"
    " the grain at night, and we children carried the bread up the hill.",
    "My grandmother kept the ferry log for the parish, and she always said the water rose"
    " faster than anybody in the village would admit, even years later.",
]


@pytest.mark.parametrize("name", ["article-comments", "comment-list", "user-comments"])
def test_a_comment_section_named_by_its_class_goes_with_its_readers_paragraphs(name):
    comments = "".join(f'<div class="c"><p>{c}</p></div>' for c in READER_COMMENTS)
    section = f'<section class="{name}"><h2>What readers say</h2>{comments}</section>'
    assert text_of(page(after=section)) == WHOLE


def test_a_wrapper_that_says_it_has_comments_is_not_a_comment_section():
    """Furniture removal alone, on a page where the wrapper holds under a third of the
    text (where a larger share protects it anyway)."""
    import lxml.html

    from reader.core.importing.html.furniture import drop_furniture

    article = "".join(f"<p>{p}</p>" for p in PROSE)
    elsewhere = "<div><p>" + "The valley's papers, owned by their readers. " * 80 + "</p></div>"
    for name, kept in (("has-comments", True), ("article-comments", False)):
        root = lxml.html.fromstring(
            f'<html><body><div class="{name}">{article}</div>{elsewhere}</body></html>'
        )
        drop_furniture(root)
        assert (PROSE[0] in root.text_content()) is kept, name
