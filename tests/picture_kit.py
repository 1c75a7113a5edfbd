"""Real pictures for tests: PNG and JPEG bytes made with Pillow, and articles that show them."""

from __future__ import annotations

import io

from reader.core.document import Block
from reader.core.importing.pictures.attach import attach_pictures
from reader.core.models import ImportedArticle


def png(width: int, height: int, colour: tuple[int, int, int] = (200, 80, 40)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def jpeg(width: int, height: int, colour: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG", quality=85)
    return out.getvalue()


def article_with_pictures(
    title: str, sizes: list[tuple[int, int]], *, captions: bool = True, words: int = 1
) -> ImportedArticle:
    """An article with one picture of each size (each a different colour), its alt text
    and, with ``captions``, a caption block under it; ``words`` paragraphs between them."""
    blocks = [Block("heading", title, level=1)]
    found: dict[str, bytes | str] = {}
    for i, (w, h) in enumerate(sizes):
        blocks += [Block("paragraph", f"Paragraph {i}.{p} of {title}, " * 8) for p in range(words)]
        src = f"https://pictures.example/{i}.png"
        found[src] = png(w, h, (i * 37 % 256, i * 91 % 256, 120))
        blocks.append(Block("image", f"Picture {i}", src=src))
        if captions:
            blocks.append(Block("caption", f"Caption {i}: what picture {i} shows."))
    blocks.append(Block("paragraph", "The last paragraph ends the article."))
    imported = ImportedArticle(title, blocks, "url", url=f"https://example.org/{title}")
    return attach_pictures(imported, found)
