"""Teasers and "read more" lines left in an extracted article, dropped by their form.

Extractors keep what sits inside the article's container, and news pages put
their promotions there: a "Keep reading" box between two paragraphs, a "More
stories" heading over a list of linked headlines at the end, a "Related: <linked
headline>" line. These rules look at blocks, their length and how much of them is
link text, never at any one site, and lean towards keeping:

* a line that is only a "read more" phrase ("Keep reading", "Related", "Lire
  aussi", "相关阅读"...) goes wherever it is, with the run of short, link-dense
  blocks (teaser headlines, their images) right after it; a looser heading of that
  kind ("More Great Stories", "More from the Author") goes only when such a run
  follows it or nothing does;
* at the very end (or start) of the article go: a line that is a "read more" or
  "tags" label followed by mostly link text ("Read more: <headline>", "Tags: a,
  b"); a "follow us on Facebook, Twitter or subscribe to our newsletter" line
  with its links; a line of no letters at all ("+1", "|"); a run of three or
  more bare links (short lines that are all link) unless a heading, a line
  ending in ":" or a short unlinked line ("Sources") introduces it; and then a
  rule left bordering nothing. Inside the article such lines stay: there they
  are as often the author's own pointers;
* "See also", "Further reading", "References" and "External links" are the
  author's own sections and stay.

A block whose link text is a small share, or which is long, is never part of a
run, so a paragraph that mentions "related" work or links a source stays.
"""

from __future__ import annotations

import re
import unicodedata

from reader.core.document import Block
from reader.core.importing.html.clutter import (
    is_edge_clutter,
    is_widget_heading,
    link_share,
    strip_credit,
    widget_kind,
)
from reader.core.importing.html.tail import (
    comment_section_start,
    is_page_chrome,
    is_post_meta,
    is_post_navigation,
    is_tag_label,
    signup_box_end,
)

_EDGE = r"[\s:：.…»›>→|•·–—-]*"
_FIXED = (
    # English
    "keep reading|continue reading|read more|read next|read this next|read also|also read"
    "|related|related articles|related stories|related posts|related content|related coverage"
    "|related links|related reading|related news|related videos|recommended|recommended for you"
    "|recommended stories|recommended articles|recommended reading|you might also like"
    "|you may also like|you might like|you may like|you might be interested in"
    "|you may be interested in|you might also be interested in|more stories|more news"
    "|more articles|more to read|more reading|more like this|most read|most popular|most viewed"
    "|popular stories|popular posts|trending|trending now|trending stories|top stories"
    "|latest stories|latest news|editor's picks|editors' picks|editor’s picks|editors’ picks"
    "|don't miss|don’t miss|up next|what to read next|more on this story|more on this topic"
    "|similar articles|similar posts|other stories|related topics|more on this"
    # German, French, Spanish, Italian, Portuguese, Dutch
    "|weiterlesen|mehr zum thema|lesen sie auch|lesen sie mehr|das könnte sie auch interessieren"
    "|auch interessant|weitere artikel|verwandte artikel|ähnliche artikel|meistgelesen|mehr lesen"
    "|lire aussi|à lire aussi|a lire aussi|lire la suite|sur le même sujet|articles similaires"
    "|articles liés|vous aimerez aussi|à voir aussi|les plus lus|dans la même rubrique"
    "|leer más|lee también|lea también|te puede interesar|también te puede interesar"
    "|noticias relacionadas|artículos relacionados|más noticias|lo más leído|seguir leyendo"
    "|te recomendamos|leggi anche|leggi di più|potrebbe interessarti|ti potrebbe interessare"
    "|articoli correlati|continua a leggere|i più letti|leia também|leia mais|continue lendo"
    "|notícias relacionadas|artigos relacionados|mais lidas|lees ook|lees meer|lees verder"
    "|gerelateerde artikelen|meer nieuws"
    # Russian, Chinese, Japanese, Korean
    "|читайте также|читать далее|по теме|похожие статьи|ещё по теме"
    "|相关新闻|相关阅读|相关文章|延伸阅读|推荐阅读|阅读更多|更多阅读|相關新聞|延伸閱讀|相關閱讀"
    "|相關文章|推薦閱讀|猜你喜欢|関連記事|関連ニュース|あわせて読みたい|合わせて読みたい|続きを読む"
    "|おすすめ記事|관련기사|관련 기사|추천 기사|많이 본 뉴스"
)
_PHRASE = re.compile(f"^{_EDGE}(?:{_FIXED}){_EDGE}$", re.IGNORECASE)
_LOOSE_PHRASE = re.compile(
    f"^{_EDGE}(?:"
    r"(?:more|other|related|recommended|popular|trending|latest|top|similar)(?:\s+\S+){0,3}"
    r"\s+(?:stories|articles|news|posts|reads|videos|coverage|headlines|features|guides)"
    r"|more\s+(?:from|in|on|by|about)(?:\s+\S+){1,5}|(?:also|elsewhere)\s+on(?:\s+\S+){1,3}"
    r"|(?:mehr|weitere)\s+(?:zum|aus|von|über|artikel|nachrichten)(?:\s+\S+){0,4}"
    r"|(?:plus|d'autres|d’autres)\s+(?:d'articles|d’articles|articles)(?:\s+\S+){0,4}"
    r"|más\s+(?:noticias|artículos)(?:\s+\S+){0,4}"
    f"){_EDGE}$",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^\s*(?:read more|read also|also read|read next|related|see also|more|recommended"
    r"|lire aussi|à lire aussi|lesen sie auch|mehr zum thema|leer más|lee también|leggi anche"
    r"|leia também|lees ook|читайте также|相关阅读|延伸阅读|相关新闻|関連記事"
    r"|tags?|tagged|topics?|filed under|categories|category|posted in|schlagw(?:orte|örter)"
    r"|themen|étiquettes|mots-clés|etiquetas|temas|标签|タグ)\s*[:：»›|–—]\s*",
    re.IGNORECASE,
)
_FOLLOW = re.compile(
    r"\b(follow|subscribe|sign up|join us|like us|write to us|síguenos|seguir|suscr[ií]b"
    r"|suivez|suivre|abonnez|abonner|folgen sie|folgt uns|abonnieren|seguici|iscriviti|siga"
    r"|assine|inscreva)",
    re.IGNORECASE,
)
_CHANNELS = re.compile(
    r"\b(facebook|twitter|instagram|linkedin|youtube|tiktok|whatsapp|telegram|mastodon"
    r"|bluesky|threads|rss|newsletter)\b",
    re.IGNORECASE,
)

MAX_PHRASE_CHARS = 60
RUN_BLOCK_CHARS = 300  # a teaser (headline with a line of summary) is no longer
RUN_BLOCK_LINKS = 0.3  # each teaser is at least this much link text...
RUN_LINKS = 0.4  # ...and the run as a whole at least this much
LABEL_LINKS = 0.6
LABEL_CHARS = 250
NO_LETTERS_CHARS = 3
FOLLOW_CHARS = 300  # "follow us" lines: this short, with this many links...
FOLLOW_LINKS = 2
FOLLOW_CHANNELS = 2  # ...naming this many social networks (or a newsletter)
EDGE_RUN = 3  # this many bare links in a row at an edge are a menu, not the article
BARE_LINK_CHARS = 100
BARE_LINK_SHARE = 0.8
LABEL_MAX = 50  # a short unlinked line before a run of links introduces it


def drop_boilerplate(blocks: list[Block]) -> list[Block]:
    """``blocks`` without "read more" lines, teaser runs and label lines at the edges."""
    comments = comment_section_start(blocks)
    if comments is not None:
        blocks = blocks[:comments]  # the comment section, and all after it
    kept: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        fixed, loose = _is_phrase(block)
        if fixed or loose:
            end = _teaser_run(blocks, i + 1)
            if fixed or end > i + 1 or end == len(blocks):
                i = end
                continue
        if widget_kind(block) or is_page_chrome(block):
            i += 1
            continue
        box_end = signup_box_end(blocks, i)
        if box_end > i:
            i = box_end
            continue
        kept.append(strip_credit(block))
        i += 1
    kept = _trim_edges(kept)
    # A rule that separated the article from what was dropped now separates nothing.
    if blocks and kept and kept[-1] is not blocks[-1]:
        while kept and kept[-1].kind == "rule":
            kept.pop()
    if blocks and kept and kept[0] is not blocks[0]:
        while kept and kept[0].kind == "rule":
            kept.pop(0)
    return kept


def _is_phrase(block: Block) -> tuple[bool, bool]:
    if block.kind not in ("paragraph", "heading") or len(block.text) > MAX_PHRASE_CHARS:
        return False, False
    if _PHRASE.match(block.text):
        return True, False
    return False, bool(_LOOSE_PHRASE.match(block.text))


def _teaser_run(blocks: list[Block], start: int) -> int:
    """The end of the run of teasers from ``start``: short, link-dense blocks (linked
    headlines) and images; an unlinked short line between two headlines (a teaser's
    summary or date) too, but not one after the last: that may be the article again."""
    end, text, links, any_link, after_headline = start, 0, 0.0, False, False
    settled = start  # the end of the run up to its last headline or image
    while end < len(blocks):
        block = blocks[end]
        if block.kind == "image":
            end += 1
            settled = end
            continue
        if block.kind not in ("paragraph", "list_item", "heading"):
            break
        share = link_share(block)
        if len(block.text) > RUN_BLOCK_CHARS:
            break
        if share < RUN_BLOCK_LINKS:
            if not after_headline or share or block.kind == "heading":
                break
            after_headline = False  # a teaser's summary: in the run, not in its density
            end += 1
            continue
        text += len(block.text)
        links += share * len(block.text)
        any_link = after_headline = True
        end += 1
        settled = end
    if not any_link or links < RUN_LINKS * text:
        # Images alone, or teasers that are mostly text: not a run after all.
        return start
    return end if end == len(blocks) else settled


def _trim_edges(blocks: list[Block]) -> list[Block]:
    """Edge junk and bare-link runs off both ends, until neither end changes."""
    while True:
        trimmed = _trim_once(blocks)
        if len(trimmed) == len(blocks):
            return trimmed
        blocks = trimmed


def _trim_once(blocks: list[Block]) -> list[Block]:
    while blocks and _edge_junk(blocks[-1]):
        blocks = blocks[:-1]
    while blocks and _edge_junk(blocks[0]):
        blocks = blocks[1:]
    # Runs of bare links: a menu, a tag list or share buttons the extractors let in.
    start = len(blocks)
    while start > 0 and _bare_link(blocks[start - 1]):
        start -= 1
    label = blocks[start - 1] if 0 < start < len(blocks) else None
    if label is not None and (is_tag_label(label) or is_post_navigation(label)):
        return blocks[: start - 1]  # "Topics" over its links, "Next article" over one
    introduced = start > 0 and _introduces(blocks[start - 1])
    if len(blocks) - start >= EDGE_RUN and not introduced:
        blocks = blocks[:start]
    end = 0
    while end < len(blocks) and _bare_link(blocks[end]):
        end += 1
    if end >= EDGE_RUN:
        blocks = blocks[end:]
    return blocks


def _introduces(block: Block) -> bool:
    """A heading, a line ending in ":", or a short unlinked line ("Sources")."""
    if block.kind == "heading" or block.text.rstrip().endswith(":"):
        return True
    return block.kind == "paragraph" and len(block.text) <= LABEL_MAX and not link_share(block)


def _bare_link(block: Block) -> bool:
    return (
        block.kind in ("paragraph", "list_item")
        and len(block.text) <= BARE_LINK_CHARS
        and link_share(block) >= BARE_LINK_SHARE
    )


def _edge_junk(block: Block) -> bool:
    if is_widget_heading(block) or is_edge_clutter(block) or is_post_navigation(block):
        return True
    if is_post_meta(block) or is_tag_label(block):
        return True
    if block.kind not in ("paragraph", "list_item"):
        return False
    text = block.text.strip()
    if len(text) <= NO_LETTERS_CHARS and not any(unicodedata.category(c)[0] == "L" for c in text):
        return True
    if _is_follow_us(block):
        return True
    label = _LABEL.match(text)
    if label is None or len(text) > LABEL_CHARS:
        return False
    start = block.text.index(text) + label.end()
    return start < len(block.text) and link_share(block, start) >= LABEL_LINKS


def _is_follow_us(block: Block) -> bool:
    """ "Follow us on Facebook, Twitter or subscribe to our newsletter", with its links."""
    if len(block.text) > FOLLOW_CHARS or not _FOLLOW.search(block.text):
        return False
    links = sum(1 for span in block.spans if span.kind == "link")
    channels = {m.lower() for m in _CHANNELS.findall(block.text)}
    return links >= FOLLOW_LINKS and len(channels) >= FOLLOW_CHANNELS
