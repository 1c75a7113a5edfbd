"""A page's site name and byline as a reader expects them.

Metadata extractors take a site's name from the publisher's structured data, which
often gives the legal name of the company behind it ("Wikimedia Foundation, Inc.",
"Ediciones EL PAÍS S.L."), and split bylines at every "&" ("Mac & i" became "Mac;
I"). A reader expects the name the site shows itself by. In order:

1. ``og:site_name``, the name a site gives itself for link previews;
2. ``application-name`` (or ``apple-mobile-web-app-title``), its short name;
3. the name the extractor found, unless it is a company's legal name;
4. the site's part of the page title ("t-SNE - Wikipedia"), when the title has one;
5. the legal name without its legal form ("Wikimedia Foundation").

A name written in capitals over several words ("EL PAÍS") is written as a name ("El
País"), unless a word of it reads as an acronym ("BBC NEWS", "USA TODAY" stay).
"""

from __future__ import annotations

import re

from reader.core.importing.html.blocks import tag_set
from reader.core.importing.html.merge import tokens

_LEGAL_FORM = re.compile(
    r"[,\s]+(?:inc\.?|incorporated|llc|l\.l\.c\.|ltd\.?|limited|gmbh(?:\s*&\s*co\.?\s*kg)?|ag"
    r"|s\.?\s?a\.?|s\.?\s?l\.?|s\.?\s?r\.?\s?l\.?|s\.?\s?p\.?\s?a\.?|b\.?\s?v\.?|n\.?\s?v\.?|plc"
    r"|pty\.?\s+ltd\.?|corp\.?|corporation|co\.|k\.?k\.?|sas|sarl|oy|ab|a/s|asa|se|kg|e\.?\s?v\.?)"
    r"\s*$",
    re.IGNORECASE,
)
_SHORT_NAME = ("application-name", "apple-mobile-web-app-title")
_TITLE_SEPARATOR = re.compile(r"\s+[|–—»·/\\-]\s+|\s*\|\s*")
# Short words of names written in capitals that are words, not acronyms ("EL PAÍS").
_SMALL_WORDS = tag_set(
    "EL LA LE LO DE DI DA DO DU EN AL IL UN OF IN ON AT TO THE NEW AND FOR LOS LAS DIE DER"
    " DAS DEL LES DES UND"
)
_VOWELS = set("AEIOUYÀÁÂÃÄÅÆÈÉÊËÌÍÎÏÒÓÔÕÖØÙÚÛÜ")
SITE_PART_WORDS = 4  # the site's part of a title is this short...
SITE_PART_CHARS = 40  # ...and at most this long


def site_name(doc, found: str | None, title: str | None) -> str | None:
    """The name the page's site goes by (see the module doc); ``found`` is the extractor's."""
    for name in (_meta(doc, "property", "og:site_name"), _meta(doc, "name", "og:site_name")):
        if name:
            return _as_name(name)
    for key in _SHORT_NAME:
        name = _meta(doc, "name", key)
        if name:
            return _as_name(name)
    if found and not _LEGAL_FORM.search(found):
        return _as_name(found)
    from_title = _title_part(doc, title)
    if from_title:
        return _as_name(from_title)
    return _as_name(_LEGAL_FORM.sub("", found)) if found else None


def byline(author: str | None, site: str | None) -> str | None:
    """The author as the page writes it: a byline naming the site keeps the site's
    spelling ("Mac & i"), and a name split at "&" into a letter is joined again."""
    if not author:
        return author
    if site and tokens(author) == tokens(site):
        return site
    parts = author.split("; ")
    if len(parts) > 1 and any(sum(c.isalpha() for c in part) <= 1 for part in parts):
        return " & ".join(parts)
    return author


def _meta(doc, attribute: str, key: str) -> str | None:
    for value in doc.xpath(f"//meta[@{attribute}=$key]/@content", key=key):
        value = " ".join(value.split()).lstrip("@")
        if value:
            return value
    return None


def _title_part(doc, title: str | None) -> str | None:
    """The site's part of the page's <title>: "Title - Site", "Site | Title"."""
    for el in doc.iter("title"):
        parts = [p.strip() for p in _TITLE_SEPARATOR.split(el.text_content()) if p.strip()]
        if len(parts) < 2:
            return None
        article = set(tokens(title or parts[0]))
        for part in (parts[-1], parts[0]):
            words = tokens(part)
            short = len(words) <= SITE_PART_WORDS and len(part) <= SITE_PART_CHARS
            if words and short and not set(words) <= article:
                return part
        return None
    return None


def _as_name(name: str) -> str:
    """ "EL PAÍS" as "El País", "the Guardian" as "The Guardian"; others as written."""
    words = name.split()
    if len(words) > 1 and name.isupper() and not any(_acronym(w) for w in words):
        name = " ".join(w.capitalize() for w in words)
    if name[:1].islower() and " " in name:
        name = name[0].upper() + name[1:]
    return name


def _acronym(word: str) -> bool:
    """BBC, USA, ESPN: a word in capitals read letter by letter (then the name stays)."""
    letters = [c for c in word if c.isalpha()]
    if word in _SMALL_WORDS:
        return False
    return len(letters) <= 3 or not any(c in _VOWELS for c in letters[1:])
