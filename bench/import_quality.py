"""How well the importer finds the article in real web pages, against plain trafilatura.

Run by hand: ``python bench/import_quality.py`` (``--corpus DIR`` for another
corpus laid out the same way; ``--quiet`` for the totals only). The corpus is
``../shared/corpus/dev`` beside the project (see its README.md):

* pages with ``must_contain``/``must_not_contain`` snippets (``expected.json``):
  the share of snippets kept and of boilerplate snippets dropped, over all pages,
  whitespace collapsed;
* ``readability/*/`` pages with the article a good reader shows (``expected.html``):
  bag-of-words F1 against its text (lower-cased word tokens, each CJK character
  one token), averaged over pages;
* the same for ``../pictures/*/page.html`` beside the corpus, the same pages saved
  complete by a browser (its own markup, pictures in ``page_files``), where present.

Both figures for our importer and for ``trafilatura.extract`` with its defaults,
with per-page numbers and times. Figures, not a test: nothing here fails.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_TOKEN = re.compile(f"[{_CJK}]|[^\\W{_CJK}]+")


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def f1(got: str, want: str) -> float:
    have, need = Counter(_TOKEN.findall(got.lower())), Counter(_TOKEN.findall(want.lower()))
    common = sum((have & need).values())
    if not common:
        return 0.0
    precision, recall = common / sum(have.values()), common / sum(need.values())
    return 2 * precision * recall / (precision + recall)


def expected_text(path: Path) -> str:
    """The text of an expected.html, with block elements on lines of their own."""
    import lxml.html

    tree = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    for el in tree.iter():
        if el.tag in ("p", "div", "li", "br", "tr", "pre", "blockquote", "h1", "h2", "h3", "h4"):
            el.tail = (el.tail or "") + "\n"
    return tree.text_content()


def ours(path: Path) -> str:
    from reader.core.importing.sources import import_file

    return import_file(path).text


def plain_trafilatura(path: Path) -> str:
    import trafilatura

    return trafilatura.extract(path.read_bytes()) or ""


def snippet_pages(corpus: Path, extract, quiet: bool) -> tuple[float, float, list[float]]:
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    kept = keep_total = dropped = drop_total = 0
    times = []
    for name, want in expected.items():
        start = time.perf_counter()
        text = collapse(extract(corpus / name))
        times.append(time.perf_counter() - start)
        k = sum(collapse(s) in text for s in want["must_contain"])
        d = sum(collapse(s) not in text for s in want["must_not_contain"])
        kept, keep_total = kept + k, keep_total + len(want["must_contain"])
        dropped, drop_total = dropped + d, drop_total + len(want["must_not_contain"])
        if not quiet:
            print(
                f"  {name[:44]:44} keep {k}/{len(want['must_contain'])}"
                f"  drop {d}/{len(want['must_not_contain'])}  {times[-1] * 1000:5.0f} ms"
            )
    return kept / max(keep_total, 1), dropped / max(drop_total, 1), times


def readability_pages(
    corpus: Path, extract, quiet: bool, page: str = "source.html"
) -> tuple[float, list[float]]:
    scores, times = [], []
    for folder in sorted(p for p in corpus.iterdir() if (p / page).is_file()):
        start = time.perf_counter()
        text = extract(folder / page)
        times.append(time.perf_counter() - start)
        scores.append(f1(text, expected_text(folder / "expected.html")))
        if not quiet:
            print(f"  {folder.name:44} F1 {scores[-1]:.3f}  {times[-1] * 1000:5.0f} ms")
    return sum(scores) / max(len(scores), 1), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--quiet", "--quick", action="store_true", help="totals only (CI)")
    args = parser.parse_args()
    if not (args.corpus / "expected.json").is_file():
        print(f"skipped: no corpus at {args.corpus} (expected.json missing)")
        return
    rows = []
    saved = args.corpus.parent / "pictures"
    for label, extract in (("importer", ours), ("trafilatura", plain_trafilatura)):
        print(f"{label}:")
        keep, drop, times = snippet_pages(args.corpus, extract, args.quiet)
        scores = []
        for folder, page in ((args.corpus / "readability", "source.html"), (saved, "page.html")):
            if folder.is_dir():
                mean_f1, more_times = readability_pages(folder, extract, args.quiet, page)
                times += more_times
                scores.append(mean_f1)
            else:
                scores.append(float("nan"))
        rows.append((label, keep, drop, *scores, sum(times) / len(times)))
    print(f"\n{'':12} {'keep':>6} {'drop':>6} {'mean F1':>8} {'F1 saved':>9} {'ms/page':>8}")
    for label, keep, drop, mean_f1, saved_f1, seconds in rows:
        print(
            f"{label:12} {keep:6.3f} {drop:6.3f} {mean_f1:8.4f} {saved_f1:9.4f}"
            f" {seconds * 1000:8.0f}"
        )


if __name__ == "__main__":
    main()
