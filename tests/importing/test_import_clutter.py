"""Page widgets left inside an article, dropped by kind; text that looks alike stays.

Every page here is synthetic (``article_page.page``: five paragraphs in site
furniture). Each kind of clutter has cases that go, inside the article and at its
end, and near-misses: article text with the same words that must stay.
"""

import pytest
from article_page import PROSE, blocks_of, page, text_of

from reader.core.document import Block, Span
from reader.core.importing.html.clutter import is_edge_clutter, strip_credit, widget_kind

WHOLE = "\n".join(PROSE)

CLUTTER = {
    "share and follow": [
        "Share",
        "Share this article",
        "Share on Facebook",
        "Click to share on Twitter (Opens in new window)",
        "Click to email a link to a friend (Opens in new window)",
        "Facebook Twitter LinkedIn",
        "Follow Ada Brook on Twitter: @adabrook",
        "Artikel teilen",
        "Partager sur Facebook",
        "转播到腾讯微博",
        "分享到：",
        "Listen to this article",
        "5 min read",
        "Lesezeit: 3 Min.",
    ],
    "comment counts and forms": [
        "12 Comments",
        "Comments (3)",
        "Leave a comment",
        "Kommentare (12)",
        "Comments are closed.",
        "You must be logged in to post a comment.",
        "Your email address will not be published. Required fields are marked *",
    ],
    "gallery counters and prices": [
        "14",
        "3 / 12",
        "Photo 3 of 10",
        "14 Photos",
        "from $610.00",
        "Gallery: The flood | 14 Photos",
        "View gallery",
        "图集",
    ],
    "credits": [
        "Photo: Jane Doe",
        "(Bild: Hersteller)",
        "Photograph: Jane Doe/Reuters",
        "Photo by Jane Doe on Unsplash",
        "JANE DOE/AFP/Getty Images",
        "Jane Doe/Example Press",
        "© Reuters",
        "Image copyright Getty Images",
        "Source: Reuters",
    ],
    "adverts": [
        "Advertisement",
        "Anzeige",
        "Story continues below advertisement",
        "Powered by ExampleWidgets.com",
        "Advertisement - Scroll to continue",
        "Media playback is unsupported on your device",
        "View this post on Instagram",
        "Ferry Pass for 9,99 instead of 29,99 Euro, one month with 66 % off",
    ],
    "newsletter sign-ups": [
        "SIGN UP FOR OUR NEWSLETTER",
        "Sign up for the Morning Flood newsletter",
        "Get the best of the valley delivered to your inbox",
        "Newsletter abonnieren",
        "By signing up, you agree to our Terms of Use and Privacy Policy.",
        "Our best stories, in your inbox every morning.",
        "You have 3 free articles remaining this month.",
        "Subscribe now for unlimited access.",
        "Already a subscriber? Log in",
    ],
    "prompts": [
        "Like this story? Share it with a friend!",
        "Was this article helpful?",
        "Gefällt Ihnen dieser Artikel?",
        "Report an error",
    ],
    "related": [
        "Related: The dam that held for a century",
        "Lire aussi : Le barrage qui a tenu un siècle",
        "Also on example.com The dam that held for a century",
        "精彩视频推荐",
    ],
}
CASES = [(kind, line) for kind, lines in CLUTTER.items() for line in lines]

LOOKALIKES = [
    "Share prices fell sharply on Monday after the flood closed the mill.",
    "She shared the story with a friend, who called the ferry at once.",
    "Follow the river to the mill and turn left at the old oak.",
    "Both Facebook and Twitter declined to comment on the flood.",
    "Print journalism, the editor insisted, had covered the flood better.",
    "Read",
    "The ferry pass cost 9,99 euros instead of 29,99.",
    "Sign up for your local council’s flood alerts to hear when the river rises.",
    "Related work on floods shows the same pattern in other valleys, as we wrote.",
    "See also: Flood control in the Netherlands",
    "More than 100 people lost their homes in the flood",
    "Was the dam useful after all?",
    "The image shows the river at dawn.",
    "AFP reported that the river rose by a metre overnight.",
    "Comments on the draft plan are due by Friday, the council said.",
    "1914–1918: the war years",
    "The copyright of the mill's design lapsed in 1950.",
    "Source: Bureau of Labor Statistics",
    "Subscribers only got the paper on Sundays, the editor said.",
    "Spam lands in your inbox every morning, the study found.",
    "No comment, said the miller.",
    "Watch",
]


@pytest.mark.parametrize(("kind", "line"), CASES, ids=[f"{k}: {line}" for k, line in CASES])
def test_each_kind_of_clutter_is_known_by_its_words(kind, line):
    assert widget_kind(Block("paragraph", line)) is not None


@pytest.mark.parametrize("line", LOOKALIKES)
def test_article_text_with_the_same_words_is_not_clutter(line):
    assert widget_kind(Block("paragraph", line)) is None


@pytest.mark.parametrize("kind", CLUTTER)
def test_clutter_inside_the_article_and_at_its_end_is_dropped(kind):
    lines = CLUTTER[kind]
    middle = "".join(f"<p>{line}</p>" for line in lines[::2])
    after = "".join(f"<div><p>{line}</p></div>" for line in lines[1::2])
    assert text_of(page(middle=middle, after=after)) == WHOLE


def test_lookalikes_inside_the_article_and_at_its_end_stay():
    middle = "".join(f"<p>{line}</p>" for line in LOOKALIKES[:8])
    after = "".join(f"<p>{line}</p>" for line in LOOKALIKES[8:])
    text = text_of(page(middle=middle, after=after)).split("\n")
    assert [line for line in LOOKALIKES if line not in text] == []


def test_a_heading_that_is_a_widget_goes_at_the_end_and_stays_inside():
    share = "<h3>Share this:</h3><ul><li><a href='/tw'>Twitter</a></li>"
    share += "<li><a href='/fb'>Facebook</a></li></ul>"
    assert text_of(page(after=share)) == WHOLE
    inside = "<h2>Comments</h2><p>Comments in the mill's ledger were written in red ink,"
    inside += " and they are still legible today, a century after the flood.</p>"
    assert "Comments" in text_of(page(middle=inside)).split("\n")


def test_rights_notices_and_desk_credits_go_at_the_edges_only():
    notice = "<p>© 2020 Example Press. All rights reserved.</p><p>[责任编辑：张三]</p>"
    assert text_of(page(after=notice)) == WHOLE
    inside = "<p>Copyright law, the miller said, did not cover the shape of a millstone.</p>"
    assert "Copyright law, the miller said" in text_of(page(middle=inside))
    assert is_edge_clutter(Block("paragraph", "Alle Rechte vorbehalten."))
    assert not is_edge_clutter(Block("paragraph", "The copyright of the design lapsed."))


def test_a_caption_keeps_its_words_and_loses_its_credit():
    caption = "<figure><img src='/f.jpg' alt='The road'><figcaption>The lower road on the third"
    caption += " day. Photograph: Jane Doe/Example Press</figcaption></figure>"
    blocks = blocks_of(page(middle=caption))
    assert "The lower road on the third day." in [b.text for b in blocks]
    assert not any("Photograph" in b.text for b in blocks)
    linked = Block(
        "paragraph",
        "Whales in the bay (Foto: Jane Doe)",
        spans=(Span(0, 6, "link", "https://x.org"),),
    )
    assert strip_credit(linked) == Block(
        "paragraph", "Whales in the bay", spans=(Span(0, 6, "link", "https://x.org"),)
    )
    sentence = Block("paragraph", "The caption read: the river at dawn, by the miller.")
    assert strip_credit(sentence) == sentence


WIDGET_BOXES = {
    "share bar": '<div class="article__share-bar"><a href="/fb">Post it</a> <a href="/t">Send'
    " it along</a></div>",
    "newsletter box": '<div class="newsletter-signup"><p>The Weekly Flood: our picks, every'
    " Friday, from the people who watch the river for you</p></div>",
    "advert slot": '<div class="ad-slot"><p>Buy a boat before the next one, from the yard that'
    " floats</p></div>",
    "related module": '<aside class="related-stories"><p>The dam that held</p><p>A ferry in'
    " a hedge</p></aside>",
    "comment count": '<div class="comment-count">243 people have had their say</div>',
    "cookie banner": '<div class="cookie-consent"><p>We care about your data, honestly we'
    " do.</p></div>",
    "photo credit": '<p>The road on the third day<span class="caption__credit"> Ada'
    " Brook for Example Press</span></p>",
}


@pytest.mark.parametrize("name", WIDGET_BOXES)
def test_widgets_named_by_their_class_are_dropped_whatever_they_say(name):
    text = text_of(page(middle=WIDGET_BOXES[name]))
    kept = [line for line in text.split("\n") if line not in PROSE]
    assert kept in ([], ["The road on the third day"])


@pytest.mark.parametrize("name", ["ad-free", "share-enabled", "social-layout", "related"])
def test_a_widget_class_on_the_article_container_does_not_drop_the_article(name):
    html = page().replace("<article>", f'<article><div class="{name}">')
    html = html.replace("</article>", "</div></article>")
    assert text_of(html) == WHOLE


@pytest.mark.parametrize(
    ("name", "dropped"),
    [("share-price-chart", False), ("social-security-table", False), ("share-buttons", True)],
)
def test_share_words_in_a_class_mean_a_share_bar_only_with_a_widget_word(name, dropped):
    import lxml.html

    from reader.core.importing.html.furniture import drop_furniture

    doc = lxml.html.document_fromstring(
        f'<html><body><div class="{name}"><p>Monday 41</p></div><p>{PROSE[0]}</p></body></html>'
    )
    drop_furniture(doc)
    assert ("Monday 41" not in doc.text_content()) is dropped


@pytest.mark.parametrize("tag", ["aside", "section", "figure", "div"])
def test_a_box_opened_inside_a_paragraph_ends_it_as_a_browser_would(tag):
    """libxml2 nests HTML5 blocks inside an open <p>; the text after such a box once ran
    into the box's last words ("...foreign missionsSino-Russian cooperation...")."""
    box = f"<{tag}>Also on example.com <a href='/dam'>The dam that held for a century</a></{tag}>"
    middle = f"<p>{box}Downstream, the ferry kept its timetable all through the flood week.</p>"
    text = text_of(page(middle=middle)).split("\n")
    assert "Downstream, the ferry kept its timetable all through the flood week." in text
    assert not any("century" in line for line in text)
