"""What blogs and news pages put under an article, known by its form, never by site.

Extractors that take the article's container take what the page put in it after the
text, and :mod:`.boilerplate` trims those blocks off the article's edges:

* a **comment section**: a heading that counts the comments ("3 thoughts on “The
  Flood”", "12 Comments", "Comments (3)") or opens the form ("Leave a Reply") in the
  second half of the article, with everything after it ("Comments" alone may be the
  article's own heading: :mod:`.clutter` drops it at the very end only);
* **post navigation**: "Previous article" / "Next post" labels, and links that point
  back or on with an arrow ("« The drought of 1921", "The mill reopens »");
* a **post's metadata line**: "Posted in News | Tagged flood, river", with its links;
* a **tag label** ("Topics", "Tags", "Themen") over a list of links;
* a **sign-up box**: a heading asking for the newsletter, its pitch, its button;
* and anywhere, a line of the page's **chrome**: "Back to top", "Loading…", "Download
  our app", "We use cookies…", "Report this comment", ticket adverts ("Buy tickets",
  "Tickets from $25"), "Sponsored by <name>", "扫描二维码分享", "シェアする".

Each has near-miss tests in tests/importing/test_import_tail.py: "Posted in 1921, the
letter reached the mill." has no links and stays; a heading "Comments from readers"
early in a piece of letters stays.
"""

from __future__ import annotations

import re

from reader.core.document import Block
from reader.core.importing.html.clutter import link_share

_COMMENTS_HEADING = re.compile(
    r"^\W*(?:(?:\d+|one|two|three|no)\s+(?:thoughts?|comments?|responses?|replies|reactions?"
    r"|kommentare?|commentaires?|comentarios?|reacciones)(?:\s+(?:on|to|zu|sur|en|a)\b.*)?"
    r"|(?:comments?|reader comments|kommentare|commentaires|comentarios|commenti)\s*\(\d+\)"
    r"|leave a (?:reply|comment)|post a comment|add a comment|join the (?:discussion|conversation)"
    r"|schreiben sie einen kommentar|laisser un commentaire"
    r"|deja (?:un|tu) comentario)\W*$",
    re.IGNORECASE,
)
# As a paragraph only in its fullest form: "23 comments" alone may be a link to them.
_COUNTED_ON = re.compile(r"^\W*\d+\s+\w+\s+(?:on|to)\s+\S", re.IGNORECASE)
COMMENTS_AFTER = 0.5  # a comment heading counts only past this share of the text
COMMENTS_HEADING_CHARS = 160

_NAV_LABEL = re.compile(
    r"^\W*(?:previous|next|older|newer|prev)\s+(?:article|post|story|entry|page|item)s?"
    r"|^\W*(?:vorheriger|nächster|voriger)\s+(?:artikel|beitrag)"
    r"|^\W*(?:article|billet)\s+(?:précédent|suivant)"
    r"|^\W*(?:artículo|entrada)\s+(?:anterior|siguiente)",
    re.IGNORECASE,
)
_ARROW = re.compile(r"^\s*[«‹←⟵]|[»›→⟶]\s*$")
NAV_CHARS = 160
NAV_LINKS = 0.8

_META_LABEL = re.compile(
    r"^\W*(?:posted in|posted on|filed under|tagged(?: with)?|categories|category"
    r"|veröffentlicht in|publié dans|publicado en)\b",
    re.IGNORECASE,
)
META_CHARS = 250
META_LINKS = 0.25

_TAG_LABEL = re.compile(
    r"^\W*(?:tags?|topics?|tagged|filed under|categories|keywords|schlagw(?:orte|örter)|themen"
    r"|étiquettes|mots[- ]clés|thèmes|etiquetas|temas|tag|argomenti|标签|タグ|태그)\W*$",
    re.IGNORECASE,
)
TAG_CHARS = 100

_SIGNUP_HEADING = re.compile(
    r"^\W*(?:(?:get|sign up for|subscribe to|join|never miss)\s+(?:our|the)\b.{0,40}"
    r"\b(?:newsletter|briefing|digest|emails?)|(?:our|the|free|daily|weekly)\s+(?:\S+\s+){0,2}"
    r"newsletters?|newsletter|unser newsletter|notre (?:newsletter|infolettre)"
    r"|nuestro boletín)\W*$",
    re.IGNORECASE,
)
_SIGNUP_BUTTON = re.compile(
    r"^\W*(?:sign up|sign me up|subscribe|subscribe now|join now|anmelden|abonnieren"
    r"|s[’']inscrire|je m[’']inscris|suscríbete|suscribirse|iscriviti)\W*$",
    re.IGNORECASE,
)
SIGNUP_PITCH_CHARS = 160
SIGNUP_PITCH_BLOCKS = 2


def comment_section_start(blocks: list[Block]) -> int | None:
    """Where a comment section begins in the second half of ``blocks``, or None."""
    total = sum(len(b.text) for b in blocks)
    seen = 0
    for i, block in enumerate(blocks):
        if (
            seen >= COMMENTS_AFTER * total
            and block.kind in ("heading", "paragraph")
            and len(block.text) <= COMMENTS_HEADING_CHARS
            and _COMMENTS_HEADING.match(block.text.strip())
            and (block.kind == "heading" or _COUNTED_ON.match(block.text.strip()))
        ):
            return i
        seen += len(block.text)
    return None


def is_post_navigation(block: Block) -> bool:
    """ "Previous article: <link>", "« <linked headline>": a link on to another post."""
    if block.kind not in ("paragraph", "list_item", "heading") or len(block.text) > NAV_CHARS:
        return False
    text = block.text.strip()
    label = _NAV_LABEL.match(text)
    if label:
        rest = block.text.index(text) + label.end()
        return not text[label.end() :].strip(" :：»›|–—-\n") or link_share(block, rest) >= 0.6
    return bool(_ARROW.search(text)) and link_share(block) >= NAV_LINKS


def is_post_meta(block: Block) -> bool:
    """ "Posted in News | Tagged flood, river | Leave a comment", with its links."""
    if block.kind not in ("paragraph", "list_item") or len(block.text) > META_CHARS:
        return False
    text = block.text.strip()
    if not _META_LABEL.match(text) or text.endswith((".", "。")):
        return False
    return link_share(block) >= META_LINKS


def is_tag_label(block: Block) -> bool:
    """ "Tags", "Topics", "Themen" alone on a line: the label over a list of tag links."""
    return len(block.text) <= TAG_CHARS and bool(_TAG_LABEL.match(block.text.strip()))


def signup_box_end(blocks: list[Block], start: int) -> int:
    """The end of a sign-up box whose heading is ``blocks[start]``, or ``start`` if it
    is none: the heading, at most two short lines of pitch, and the button."""
    heading = blocks[start]
    if len(heading.text) > 80 or not _SIGNUP_HEADING.match(heading.text.strip()):
        return start
    for end in range(start + 1, min(start + 2 + SIGNUP_PITCH_BLOCKS, len(blocks))):
        block = blocks[end]
        if _SIGNUP_BUTTON.match(block.text.strip()):
            return end + 1
        if block.kind != "paragraph" or len(block.text) > SIGNUP_PITCH_CHARS:
            break
    return start


_FROM_PRICE = r"(?:ab|from|für|desde|dès|à partir de) [$€£]?\s?\d[\d.,]*\s?(?:€|euro|eur)?"
_CHROME = re.compile(
    r"^\W*(?:back to top|skip to (?:main )?content|loading|next slide|previous slide|next|previous"
    r"|report (?:this )?comment|enter your e-?mail(?: address)?|(?:download|get) (?:our|the) app"
    r"|open in (?:the )?app|we use cookies\b.{0,100}\b(?:experience|site|website|browsing"
    r"|analytics|personali[sz]e|consent|cookie policy|privacy)\b.{0,60}"
    r"|subscribe to our \w+(?: \w+)? (?:channel|podcast|feed)|audio length \d+:\d\d"
    r"|sponsored by \S+(?: \S+){0,3}"
    rf"|(?:buy|get|book|order|grab)(?: your)? tickets?(?: now| here| online)?(?: {_FROM_PRICE})?"
    r"|book now|jetzt tickets? (?:sichern|kaufen|buchen)|tickets? (?:kaufen|sichern)"
    rf"|tickets? {_FROM_PRICE}"
    r"|扫描二维码\S{0,6}|扫码\S{0,6}|点击(?:进入|查看|阅读)\S{0,6}|打开app|下载app|手机看新闻"
    r"|シェアする|ツイートする|\S{0,8}はてなブックマークに追加)\W*$",
    re.IGNORECASE,
)
CHROME_CHARS = 160


def is_page_chrome(block: Block) -> bool:
    """A line of the page's own controls or adverts: "Back to top", "Buy tickets"."""
    if block.kind not in ("paragraph", "list_item") or len(block.text) > CHROME_CHARS:
        return False
    text = block.text.strip()
    return bool(_CHROME.match(text)) and not (len(text) > 60 and text.endswith("."))
