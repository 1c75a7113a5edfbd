"""An HTML probe for the export tests: every tag seen, the text, the text of each quote."""

from __future__ import annotations

from html.parser import HTMLParser


class BlockTexts(HTMLParser):
    """Collects the text inside each <blockquote> and every tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.quotes: list[str] = []
        self.depth = 0
        self.tags: list[tuple[str, list]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "blockquote":
            self.depth += 1
            if self.depth == 1:
                self.quotes.append("")

    def handle_endtag(self, tag):
        if tag == "blockquote":
            self.depth -= 1

    def handle_data(self, data):
        self.text += data + " "
        if self.depth:
            self.quotes[-1] += data


def parse_html(text: str) -> BlockTexts:
    parser = BlockTexts()
    parser.feed(text)
    parser.close()
    return parser
