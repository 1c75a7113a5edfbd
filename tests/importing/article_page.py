"""A synthetic article page for the importer's tests: five paragraphs in site furniture."""

from reader.core.importing.sources import parse_html

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
