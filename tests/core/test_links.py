import pytest

from reader.core.links import Link, article_link, highlight_link, is_link, parse_link


def test_highlight_link_round_trips():
    url = highlight_link(12, "h-3f/ä")
    assert url.startswith("article-reader://open?article=12&highlight=")
    assert parse_link(url) == Link(12, "h-3f/ä")


def test_article_link_has_no_highlight():
    assert parse_link(article_link(7)) == Link(7, None)
    assert is_link(article_link(7))
    assert not is_link("https://example.com/")


@pytest.mark.parametrize(
    "url",
    [
        "https://open?article=1",
        "article-reader://open",
        "article-reader://open?article=x",
        "article-reader://open?article=0",
        "article-reader://open?article=-3",
        "article-reader://open?article=1&article=2",
        "article-reader://delete?article=1",
    ],
)
def test_bad_links_are_refused(url):
    with pytest.raises(ValueError):
        parse_link(url)
