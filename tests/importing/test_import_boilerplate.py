"""Boilerplate that real pages carry, dropped by general rules; near-misses kept.

Every page here is synthetic. Each rule has a case that is dropped and a case
that looks alike but is article text and stays.
"""

import pytest
from article_page import PROSE, blocks_of, page, text_of

from reader.core.document import Block, Span
from reader.core.importing.html.boilerplate import drop_boilerplate


def test_the_synthetic_article_imports_whole():
    text = text_of(page())
    assert text == "\n".join(PROSE)


# -- formulas --------------------------------------------------------------------------

MEDIAWIKI_MATH = (
    '<span class="mwe-math-element"><span class="mwe-math-mathml-inline" style="display: none;">'
    '<math alttext="{\\displaystyle x^{2}}"><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup>'
    '</mrow><annotation encoding="application/x-tex">{\\displaystyle x^{2}}</annotation>'
    '</semantics></math></span><img src="https://example.org/x2.svg" aria-hidden="true"'
    ' class="mwe-math-fallback-image-inline" alt="x^{2}"></span>'
)
KATEX_MATH = (
    '<span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>y</mi></mrow>'
    '<annotation encoding="application/x-tex">\\sqrt{y}</annotation></semantics></math></span>'
    '<span class="katex-html" aria-hidden="true"><span class="mord">√y</span></span></span>'
)
MATHJAX2_MATH = (
    '<span class="MathJax_Preview"></span><span class="MathJax" id="MathJax-Element-1-Frame">'
    '<nobr>rendered</nobr></span><script type="math/tex" id="MathJax-Element-1">a+b</script>'
)


@pytest.mark.parametrize(
    ("markup", "tex"),
    [
        (MEDIAWIKI_MATH, "x²"),
        (KATEX_MATH, "√y"),
        (MATHJAX2_MATH, "a+b"),
        ('<img class="latex" src="https://example.org/l.png" alt="e^{i\\pi}">', "e^(iπ)"),
        ('<math alttext="z"><mi>z</mi></math>', "z"),
    ],
    ids=["mediawiki", "katex", "mathjax2", "latex-image", "alttext"],
)
def test_a_formula_stays_as_inline_code_holding_its_text(markup, tex):
    """Its TeX, made plain text (tests/importing/test_import_tex.py has the rules)."""
    middle = f"<p>Square the value {markup} once, then halve what the square gives you.</p>"
    blocks = blocks_of(page(middle=middle))
    block = next(b for b in blocks if b.text.startswith("Square the value"))
    assert block.text == f"Square the value {tex} once, then halve what the square gives you."
    code = [block.text[s.start : s.end] for s in block.spans if s.kind == "code"]
    assert code == [tex]


def test_mathml_without_tex_keeps_its_own_text():
    middle = "<p>The answer is <math><mi>q</mi></math> and nothing else, as said above.</p>"
    assert "The answer is q and nothing else, as said above." in text_of(page(middle=middle))


def test_an_image_whose_class_only_mentions_math_words_stays_an_image():
    middle = (
        '<img class="mathematics-diagram" src="https://example.org/d.png"'
        ' alt="A diagram of the valley during the flood">'
    )
    blocks = blocks_of(page(middle=middle))
    assert ("image", "A diagram of the valley during the flood") in [
        (b.kind, b.text) for b in blocks
    ]


# -- furniture marked by convention ----------------------------------------------------------

NAVBOX = """<table class="vertical-navbox nowraplinks"><tr><th>Flood series</th></tr>
<tr><td><ul><li><a href="/a">Great Flood</a></li><li><a href="/b">Small Flood</a></li>
<li><a href="/c">Dry Year</a></li></ul></td></tr></table>"""
TOC = """<div id="toc" class="toc"><h2>Contents</h2><ul>
<li><a href="#Rising"><span>1</span> Rising</a></li>
<li><a href="#Falling"><span>2</span> Falling</a></li></ul></div>"""
EDIT_HEADING = (
    '<h2><span id="Rising">Rising</span><span class="mw-editsection">[<a href="/edit">edit</a>]'
    "</span></h2>"
)


def test_navigation_box_and_table_of_contents_are_dropped():
    text = text_of(page(before=NAVBOX + TOC, middle=EDIT_HEADING))
    for gone in ("Flood series", "Great Flood", "Contents", "1 Rising", "[edit]", "edit"):
        assert gone not in text.split("\n")
    assert "Rising" in text.split("\n")
    assert text.endswith(PROSE[-1])


def test_a_list_of_links_to_the_page_own_sections_is_a_table_of_contents():
    toc = """<ol><li><a href="#rising">Rising</a></li><li><a href="#mill">The mill</a></li>
    <li><a href="#after">Afterwards</a></li></ol>"""
    middle = '<h2 id="rising">Rising</h2><h2 id="mill">The mill</h2><h2 id="after">Afterwards</h2>'
    text = text_of(page(before=toc, middle=middle))
    assert text.split("\n").count("Rising") == 1
    assert text.split("\n").count("The mill") == 1


def test_a_list_of_links_elsewhere_or_of_footnotes_is_not_a_table_of_contents():
    sources = """<ol><li id="n1"><a href="#r1">^</a> Marta, interviewed at the ferry landing in
    the spring after the flood, by the parish clerk.</li><li id="n2"><a href="#r2">^</a> The
    mill ledger for that year, kept in the archive of the county.</li><li id="n3"><a
    href="#r3">^</a> Letters of the schoolteacher to her sister in the city.</li></ol>"""
    text = text_of(page(after=sources))
    assert "The mill ledger for that year, kept in the archive of the county." in text


def test_tiny_link_clusters_and_skip_links_are_dropped():
    vte = '<div><a href="/v">v</a> · <a href="/t">t</a> · <a href="/e">e</a></div>'
    skip = '<a href="#main">Skip to content</a>'
    text = text_of(page(before=skip + vte))
    assert text == "\n".join(PROSE)


def test_short_links_inside_a_sentence_or_a_table_stay():
    middle = '<p>See <a href="/a">A</a> and <a href="/b">B</a> for the two halves of the map.</p>'
    middle += "<table><tr><th>Year</th><th>Height</th><th>Notes</th></tr>"
    middle += '<tr><td>1911</td><td>4 m</td><td><a href="/n1">1</a>, <a href="/n2">2</a></td></tr>'
    middle += '<tr><td>1954</td><td>3 m</td><td><a href="/n3">3</a></td></tr></table>'
    text = text_of(page(middle=middle))
    assert "See A and B for the two halves of the map." in text
    assert "1911\t4 m\t1, 2" in text


@pytest.mark.parametrize("name", ["has-toc", "noprint"])
def test_a_furniture_class_on_the_container_of_the_article_does_not_drop_it(name):
    remark = "I remember that flood well: we lost the hens, the fence and the patience of"
    remark += " my grandmother, who never again believed a word the weather almanac said."
    comments = "".join(f"<div class='comment'><p>{i}. {remark}</p></div>" for i in range(15))
    html = page().replace("<article>", f'<article><div class="{name}">')
    html = html.replace("</article>", f"</div></article><section>{comments}</section>")
    assert text_of(html).startswith("\n".join(PROSE))


def test_print_hidden_blocks_go_but_inline_print_hidden_notes_stay():
    box = '<div class="noprint"><p>Share this story with your friends and family today</p></div>'
    middle = (
        "<p>The mill had stood there for two hundred years"
        '<sup class="noprint">[citation needed]</sup> and would stand for two hundred more.</p>'
    )
    text = text_of(page(before=box, middle=middle))
    assert "Share this story" not in text
    assert "[citation needed]" in text


def test_hatnotes_are_dropped():
    hatnote = '<div role="note" class="hatnote">For the film, see <a href="/f">The film</a>.</div>'
    assert text_of(page(before=hatnote)) == "\n".join(PROSE)


# -- teasers and "read more" lines -------------------------------------------------------------


def link_block(kind: str, text: str, linked: str, **extra) -> Block:
    """A block whose ``linked`` part is a link."""
    start = text.index(linked)
    span = Span(start, start + len(linked), "link", "https://example.org/x")
    return Block(kind, text, spans=(span,), **extra)


PROSE_BLOCKS = [Block("paragraph", text) for text in PROSE]


def test_a_keep_reading_box_inside_the_article_is_dropped():
    box = """<div class="callout"><div role="heading" aria-level="4">Keep Reading</div>
    <figure><img src="https://example.org/t.jpg" alt=""></figure></div>"""
    assert text_of(page(middle=box)) == "\n".join(PROSE)


def test_more_stories_with_linked_headlines_at_the_end_are_dropped():
    teasers = """<hr><h3>More Great Example Stories</h3><ul>
    <li>The dam <a href="/dam">that held for a century</a></li>
    <li>Why the ferry <a href="/ferry">ended up in a hedge</a></li>
    <li><a href="/goats">Goats, explained</a></li></ul>"""
    assert text_of(page(after=teasers)) == "\n".join(PROSE)


@pytest.mark.parametrize("label", ["Related", "Lire aussi", "Mehr zum Thema", "相关阅读"])
def test_read_more_labels_in_several_languages_go_with_their_links(label):
    teasers = f"""<h3>{label}</h3><ul><li><a href="/a">The dam that held for a century</a></li>
    <li><a href="/b">Why the ferry ended up in a hedge</a></li></ul>"""
    assert text_of(page(middle=teasers)) == "\n".join(PROSE)


def test_teasers_with_a_summary_line_under_each_headline_go_together():
    teasers = """<h3>Related</h3>
    <p><a href="/a">The dam that held for a century</a></p><p>March 3, 2019</p>
    <p><a href="/b">Why the ferry ended up in a hedge</a></p><p>Goats, explained.</p>
    <p><a href="/c">The mill bell, rung twice</a></p>"""
    assert text_of(page(middle=teasers)) == "\n".join(PROSE)


def test_a_short_paragraph_after_the_last_teaser_is_the_article_again():
    teasers = """<h3>Related</h3><p><a href="/a">The dam that held for a century</a></p>
    <p><a href="/b">Why the ferry ended up in a hedge</a></p>"""
    short = "<p>The bell rang twice.</p>"
    text = text_of(page(middle=teasers + short))
    assert "The bell rang twice." in text.split("\n")
    assert "The dam that held" not in text


def test_a_saved_page_judges_its_relative_links_as_links():
    """No address to import from, but its canonical link: a related list of relative
    links is a list of links, and the links lead to the site."""
    from reader.core.importing.sources import parse_html

    head = '<link rel="canonical" href="https://example.org/story">'
    teasers = """<h3>Related</h3><ul><li><a href="/a">The dam that held for a century</a></li>
    <li><a href="/b">Why the ferry ended up in a hedge</a></li></ul>"""
    inline = '<p>Marta read <a href="/marta">her own account</a> of the flood twice.</p>'
    article = parse_html(page(before=inline, middle=teasers, head=head), url=None)
    assert "The dam that held" not in article.text
    link = next(s for b in article.blocks for s in b.spans if s.kind == "link")
    assert link.href == "https://example.org/marta"


def test_a_paragraph_that_only_mentions_reading_or_related_things_stays():
    middle = (
        "<h2>Related work</h2><p>Keep reading the label on the grain sack, Marta said, and"
        ' you will see it is <a href="/rye">rye</a>, related to the barley of the north.</p>'
    )
    text = text_of(page(middle=middle))
    assert "Related work" in text.split("\n")
    assert "Keep reading the label on the grain sack" in text


def test_a_loose_heading_over_prose_stays_but_a_fixed_phrase_heading_goes():
    middle = f"<h2>More from the mill</h2><p>{PROSE[0]} <a href='/m'>The miller</a> agreed.</p>"
    assert "More from the mill" in text_of(page(middle=middle)).split("\n")
    middle = f"<h2>Related</h2><p>The miller, <a href='/m'>asked</a> later, agreed. {PROSE[1]}</p>"
    text = text_of(page(middle=middle)).split("\n")
    assert "Related" not in text
    assert f"The miller, asked later, agreed. {PROSE[1]}" in text


def test_read_more_and_tag_lines_at_the_end_go():
    blocks = [
        *PROSE_BLOCKS,
        link_block("paragraph", "Read more: Why the river rose", "Why the river rose"),
        link_block("paragraph", "Tags: flood, valley", "flood, valley"),
        Block("paragraph", "+1"),
    ]
    assert drop_boilerplate(blocks) == PROSE_BLOCKS


def test_a_label_line_that_is_mostly_text_stays_and_see_also_inside_the_article_stays():
    related = link_block(
        "paragraph",
        "Related: the mill, which we wrote about last year, flooded too, and its owner"
        " has not yet decided whether to rebuild it.",
        "we wrote about",
    )
    see_also = link_block("paragraph", "See also: Why the river rose", "Why the river rose")
    blocks = [*PROSE_BLOCKS[:2], see_also, *PROSE_BLOCKS[2:], related, Block("paragraph", "Fin.")]
    assert drop_boilerplate(blocks) == blocks


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Why the river rose",
        "Related: The cannery that poisoned a bay",
        "Lire aussi : Les critiques de la CNIL contre le projet de loi",
        "Also on example.com The dam that held for a century",
    ],
)
def test_a_promotion_of_another_article_goes_even_inside_the_article(line):
    """A label over another article's headline: linked, or unlinked (a saved page's
    relative links are lost) but set off by a colon or naming a site."""
    linked = link_block("paragraph", line, line.split(":")[-1].strip()[-20:])
    for block in (linked, Block("paragraph", line)):
        blocks = [*PROSE_BLOCKS[:2], block, *PROSE_BLOCKS[2:]]
        assert drop_boilerplate(blocks) == PROSE_BLOCKS


def test_runs_of_bare_links_at_the_edges_go_unless_introduced():
    menu = [link_block("list_item", name, name, level=1) for name in ("Home", "World", "Europe")]
    assert drop_boilerplate([*menu, *PROSE_BLOCKS, Block("rule"), *menu]) == PROSE_BLOCKS
    for intro in (Block("heading", "Sources", level=2), Block("paragraph", "Sources")):
        sources = [intro, *menu]
        assert drop_boilerplate([*PROSE_BLOCKS, *sources]) == [*PROSE_BLOCKS, *sources]
    two = menu[:2]
    assert drop_boilerplate([*two, *PROSE_BLOCKS, *two]) == [*two, *PROSE_BLOCKS, *two]


def test_a_follow_us_line_at_the_end_goes():
    follow = '<p>Write to us at <a href="mailto:desk@example.org">desk@example.org</a> or follow us'
    follow += ' on <a href="/fb">Facebook</a> and <a href="/tw">Twitter</a>.</p>'
    assert text_of(page(after=follow)) == "\n".join(PROSE)


def test_a_last_paragraph_about_social_networks_or_an_author_bio_stays():
    news = '<p>Both <a href="/fb">Facebook</a> and <a href="/tw">Twitter</a> declined to comment'
    news += " on the flood, the ferry or the goats.</p>"
    assert text_of(page(after=news)).endswith(
        "declined to comment on the flood, the ferry or the goats."
    )
    bio = "<p>Ada Brook covers rivers. Follow her on <a href='/tw'>Twitter</a> or email her at"
    bio += " <a href='mailto:ada@example.org'>ada@example.org</a>.</p>"
    assert text_of(page(after=bio)).endswith("or email her at ada@example.org.")
