"""Site names and bylines as a reader expects them, on made-up pages."""

import json

import pytest
from article_page import PROSE

from reader.core.importing.sources import parse_html


def page(head: str, title: str = "The Flood") -> str:
    body = "".join(f"<p>{text}</p>" for text in PROSE)
    return (
        f"<!doctype html><html><head><title>{title}</title>{head}</head><body>"
        f"<header><nav><a href='/'>Home</a></nav></header><article><h1>The Flood</h1>{body}"
        "</article><footer>Example</footer></body></html>"
    )


def publisher(name: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "The Flood",
        "publisher": {"@type": "Organization", "name": name},
    }
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def imported(head: str, title: str = "The Flood"):
    return parse_html(page(head, title), url="https://example.org/2020/flood")


def test_og_site_name_wins_over_the_publisher_legal_name():
    head = publisher("Ediciones Ejemplo S.L.") + '<meta property="og:site_name" content="Ejemplo">'
    assert imported(head).site == "Ejemplo"


def test_without_og_site_name_the_title_names_the_site_rather_than_the_legal_name():
    article = imported(publisher("Examplepedia Foundation, Inc."), "The Flood - Examplepedia")
    assert article.site == "Examplepedia"
    assert article.title == "The Flood"


def test_a_legal_name_and_nothing_better_loses_its_legal_form():
    assert imported(publisher("Example Foundation, Inc.")).site == "Example Foundation"


def test_the_short_application_name_is_used():
    head = publisher("Example Media GmbH") + '<meta name="application-name" content="Example">'
    assert imported(head).site == "Example"


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("EL EJEMPLO", "El Ejemplo"),
        ("THE DAILY EXAMPLE", "The Daily Example"),
        ("XYZ NEWS", "XYZ NEWS"),  # an acronym in it: written as the site writes it
        ("EXAMPLE", "EXAMPLE"),  # one word in capitals is the site's own styling
        ("the Example", "The Example"),
        ("example.org", "example.org"),
    ],
)
def test_a_site_name_in_capitals_is_written_as_a_name(given, shown):
    assert imported(f'<meta property="og:site_name" content="{given}">').site == shown


def test_a_byline_that_names_the_site_keeps_the_sites_spelling():
    head = '<meta property="og:site_name" content="Pen &amp; i">'
    head += '<meta name="DC.creator" content="Pen &amp; i">'
    assert imported(head).author == "Pen & i"


def test_a_name_split_at_an_ampersand_into_a_letter_is_joined_again():
    head = '<meta name="author" content="Rhys &amp; Q">'
    assert imported(head).author == "Rhys & Q"


def test_two_real_authors_stay_two():
    head = '<meta name="author" content="Ada Brook &amp; Tom Reed">'
    assert imported(head).author == "Ada Brook; Tom Reed"
