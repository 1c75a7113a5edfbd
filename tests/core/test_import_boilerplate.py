"""Boilerplate that real pages carry, dropped by general rules; near-misses kept.

Every page here is synthetic. Each rule has a case that is dropped and a case
that looks alike but is article text and stays.
"""

import pytest

from reader.core.importing import parse_html

PROSE = [
    "The river had been rising for three days before anyone in the valley thought to"
    " move the grain, and by then the lower road was already under a hand of water.",
    "Old Marta, who kept the ferry, said she had seen it worse in the year of the long"
    " winter, though nobody else could remember a winter longer than the usual kind.",
    "On the fourth morning the bell at the mill rang twice, which meant the sluice had"
    " been opened, and the children were sent up the hill with the goats and the bread.",
    "By evening the water stood still at the church steps, thought about the matter for"
    " an hour, and then, slowly and without any fuss, went back the way it had come.",
    "The grain was dry, the goats were fed, and the ferry was found a mile downstream,"
    " resting in a hedge as if it had simply decided to take the afternoon off.",
]


def page(before: str = "", after: str = "", middle: str = "", head: str = "") -> str:
    """A web page with site furniture around an article of five paragraphs."""
    paragraphs = [f"<p>{text}</p>" for text in PROSE]
    body = "\n".join(paragraphs[:3]) + middle + "\n".join(paragraphs[3:])
    return f"""<!doctype html><html><head><title>The Flood</title>{head}</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav>
</header>
<main><article><h1>The Flood</h1>
{before}
{body}
{after}
</article></main>
<footer><p>Copyright Example Press</p></footer>
</body></html>"""


def text_of(html: str) -> str:
    return parse_html(html, url="https://example.org/story").text


def blocks_of(html: str):
    return parse_html(html, url="https://example.org/story").blocks


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
        (MEDIAWIKI_MATH, "x^{2}"),
        (KATEX_MATH, "\\sqrt{y}"),
        (MATHJAX2_MATH, "a+b"),
        ('<img class="latex" src="https://example.org/l.png" alt="e^{i\\pi}">', "e^{i\\pi}"),
        ('<math alttext="z"><mi>z</mi></math>', "z"),
    ],
    ids=["mediawiki", "katex", "mathjax2", "latex-image", "alttext"],
)
def test_a_formula_stays_as_inline_code_holding_its_tex(markup, tex):
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
