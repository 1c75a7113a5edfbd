"""The one way pictures enter an article: an ``ImportedArticle`` plus its pictures' bytes.

Any importer feeds it the same way, whatever it read (a web page, a saved page's folder,
a Markdown note's images, later an EPUB's files or what a browser extension sends)::

    wanted = addresses(article, local=False)            # the image blocks' sources to load
    found = {address: fetch_or_read(address) for address in wanted}   # bytes, or a reason
    article = attach_pictures(article, found)

:func:`attach_pictures` decodes and checks each picture (:mod:`.decode`), gives each
image block the digest of its picture (``Block.picture``) and the article the bytes
(``ImportedArticle.pictures``) for the library to store with it. Each picture that
cannot be kept leaves one line in ``ImportedArticle.problems`` naming it; its alt text
stays, and an image block left with neither picture nor words goes. The canonical text
never depends on whether a picture came: an image block's text is its alt text either
way (only a picture without alt text is, or is not, there).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from reader.core.document import Block
from reader.core.importing.pictures.decode import Decoded, decode_picture
from reader.core.importing.pictures.loading import CAPS, Caps, picture_name
from reader.core.importing.pictures.problem import PictureProblem
from reader.core.models import ImportedArticle, Picture

DECODERS = 2  # Pillow decodes outside the GIL: one per core of a small machine


def addresses(article: ImportedArticle, *, local: bool, caps: Caps = CAPS) -> list[str]:
    """The distinct picture addresses of ``article``'s image blocks that a loader of this
    kind reads (``local``: relative paths; else http(s)), data: URIs with them, at most
    ``caps.count``."""
    return _addresses(article.blocks, local)[: caps.count]


def _addresses(blocks: list[Block], local: bool) -> list[str]:
    found: dict[str, None] = {}
    for block in blocks:
        src = block.src
        if block.kind != "image" or not src or block.picture:
            continue
        lowered = src.lower()
        web = lowered.startswith(("http://", "https://"))
        if lowered.startswith("data:") or web != local:
            found[src] = None
    return list(found)


def attach_pictures(
    article: ImportedArticle,
    found: Mapping[str, bytes | str],
    *,
    local: bool = False,
    caps: Caps = CAPS,
    progress: Callable[[int, int], None] | None = None,
) -> ImportedArticle:
    """``article`` with the pictures of ``found`` (address -> bytes, or why there are
    none) decoded, checked and attached to its image blocks; see the module doc.
    ``local`` says which addresses the loader was given (as for :func:`addresses`), so
    that those past ``caps.count`` are reported."""
    every = _addresses(article.blocks, local)
    results = _decode_all({a: d for a, d in found.items() if isinstance(d, bytes)}, progress)
    pictures = dict(article.pictures)
    problems = list(article.problems)
    blocks: list[Block] = []
    told: set[str] = set()
    for block in article.blocks:
        src = block.src
        if block.kind != "image" or not src or block.picture:
            blocks.append(block)
            continue
        outcome = results.get(src, found.get(src))
        if isinstance(outcome, Decoded):
            picture: Picture = outcome.picture
            last = blocks[-1] if blocks else None
            if last is not None and last.picture == picture.digest and not block.text:
                continue  # the same picture twice in a row (a fallback beside a <picture>)
            pictures[picture.digest] = picture
            if outcome.remark and src not in told:
                problems.append(f"picture {picture_name(src)}: {outcome.remark}")
            told.add(src)
            stored_src = None if src.lower().startswith("data:") else src
            blocks.append(replace(block, picture=picture.digest, src=stored_src))
            continue
        if isinstance(outcome, PictureProblem):
            quiet, reason = outcome.quiet, outcome.reason
        else:
            quiet, reason = outcome is None, outcome
        if not quiet and src not in told:
            kept = "its alt text is kept" if block.text else "left out"
            problems.append(f"picture {picture_name(src)}: {reason}; {kept}")
        told.add(src)
        if src.lower().startswith("data:"):
            block = replace(block, src=None)
        if block.text:
            blocks.append(block)
    over = len(every) - caps.count
    if over > 0:
        problems.append(
            f"{over:,} more pictures not kept (an article keeps at most {caps.count:,})"
        )
    return replace(article, blocks=blocks, pictures=pictures, problems=problems)


def _decode_all(
    data: Mapping[str, bytes], progress: Callable[[int, int], None] | None
) -> dict[str, Decoded | PictureProblem]:
    def decode(item: tuple[str, bytes]) -> Decoded | PictureProblem:
        try:
            return decode_picture(item[1])
        except PictureProblem as problem:
            return problem

    results: dict[str, Decoded | PictureProblem] = {}
    if not data:
        return results
    with ThreadPoolExecutor(max_workers=DECODERS, thread_name_prefix="decode") as pool:
        for n, (address, outcome) in enumerate(
            zip(data, pool.map(decode, data.items()), strict=True), start=1
        ):
            results[address] = outcome
            if progress is not None:
                progress(n, len(data))
    return results


def drop_unfetched(article: ImportedArticle) -> ImportedArticle:
    """``article`` without image blocks that have neither a picture nor alt text, and
    without data: URIs kept as addresses (for importers that load no pictures)."""
    blocks = []
    for block in article.blocks:
        if block.kind == "image" and not block.picture:
            if block.src and block.src.lower().startswith("data:"):
                block = replace(block, src=None)
            if not block.text:
                continue
        blocks.append(block)
    return replace(article, blocks=blocks)
