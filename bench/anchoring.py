"""How fast highlights are placed again after an article's text changes.

Run by hand: ``python bench/anchoring.py`` (``--quick`` for a smaller article).
Builds an article of 100k words and 1,000 highlights, then re-anchors them all
after (a) no change, (b) a short insertion near the start, (c) about 5% of
the words edited at random, (d) the text replaced by one of the same length
made of other words (every highlight should become an orphan), and
prints the CPU time (other work on the machine does not count) in total and
per highlight, and how many highlights landed where their words went. Then
(c) again placing each highlight alone, and (e) a few very long highlights.
Figures, not a test: nothing here fails.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.anchoring import describe, place, place_all


def vocabulary(rng: random.Random, size: int = 4000) -> tuple[list[str], list[float]]:
    """Made-up words with Zipf-like frequencies, so short words repeat as in prose."""
    letters = "etaoinshrdlcumwfgypbvkjxqz"
    weights = [1 / (i + 1) for i in range(len(letters))]
    words = set()
    while len(words) < size:
        n = min(16, 1 + int(rng.expovariate(1 / 7)))
        words.add("".join(rng.choices(letters, weights, k=n)))
    ordered = sorted(sorted(words), key=lambda w: len(w) + 16 * rng.random())
    return ordered, [1 / (i + 1) for i in range(len(ordered))]


class Article:
    """Words and the separators after them; knows each word's offsets."""

    def __init__(self, words: list[str], seps: list[str]) -> None:
        self.words, self.seps = words, seps
        self.starts: list[int] = []
        pos = 0
        for word, sep in zip(words, seps, strict=True):
            self.starts.append(pos)
            pos += len(word) + len(sep)
        self.text = "".join(w + s for w, s in zip(words, seps, strict=True))

    def span(self, first: int, last: int) -> tuple[int, int]:
        return self.starts[first], self.starts[last] + len(self.words[last])


def make_article(rng: random.Random, n_words: int, vocab: tuple[list[str], list[float]]):
    words = rng.choices(vocab[0], vocab[1], k=n_words)
    seps, left = [], rng.randint(40, 150)
    for _ in range(n_words):
        left -= 1
        if left == 0:
            seps.append(".\n")
            left = rng.randint(40, 150)
        else:
            seps.append(rng.choices([" ", ", ", ". "], [20, 2, 1])[0])
    seps[-1] = "."
    return Article(words, seps)


def edit(rng, article, vocab, rate):
    """A copy with about ``rate`` of the words replaced, deleted or preceded by a new one.

    Returns the new article and, for each old word, the index of the word that
    took its place in the new one (``None`` when it was deleted).
    """
    words, seps, where = [], [], []
    for word, sep in zip(article.words, article.seps, strict=True):
        r = rng.random()
        if r < rate / 3:  # replaced
            where.append(len(words))
            words.append(rng.choices(vocab[0], vocab[1])[0])
            seps.append(sep)
        elif r < 2 * rate / 3:  # deleted
            where.append(None)
        else:
            if r < rate:  # a word inserted before it
                words.append(rng.choices(vocab[0], vocab[1])[0])
                seps.append(" ")
            where.append(len(words))
            words.append(word)
            seps.append(sep)
    return Article(words, seps), where


def run(name, selectors, text, expected, one_by_one=False):
    started = time.process_time()
    placed = [place(sel, text) for sel in selectors] if one_by_one else place_all(selectors, text)
    took = time.process_time() - started
    same = near = wrong = orphans = 0
    methods: dict[str, int] = {}
    for p, want in zip(placed, expected, strict=True):
        if p is None:
            orphans += 1
            continue
        methods[p.method] = methods.get(p.method, 0) + 1
        if want and (p.start, p.end) == want:
            same += 1
        elif want and p.start < want[1] and want[0] < p.end:
            near += 1
        else:
            wrong += 1
    n = len(selectors)
    print(
        f"{name:<28} {took:8.3f} s total {took / n * 1e6:9.1f} µs/highlight   "
        f"exact place {same}, overlapping {near}, elsewhere {wrong}, orphans {orphans}   "
        + " ".join(f"{k}={v}" for k, v in sorted(methods.items()))
    )
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--highlights", type=int, default=1_000)
    parser.add_argument("--quick", action="store_true", help="10k words, 200 highlights")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.quick:
        args.words, args.highlights = 10_000, 200
    rng = random.Random(args.seed)
    vocab = vocabulary(rng)
    article = make_article(rng, args.words, vocab)
    text = article.text
    ranges = []
    for _ in range(args.highlights):
        first = rng.randrange(args.words - 40)
        ranges.append((first, first + rng.choice([0, 1, 2, 4, 8, 12, 20, 30, 40])))
    started = time.perf_counter()
    selectors = [describe(text, *article.span(a, b)) for a, b in ranges]
    took = time.perf_counter() - started
    print(
        f"article: {args.words} words, {len(text)} characters; {len(selectors)} highlights of "
        f"{min(len(s.exact) for s in selectors)}-{max(len(s.exact) for s in selectors)} "
        f"characters; describe() {took:.3f} s"
    )

    base = run("(a) no change", selectors, text, [article.span(a, b) for a, b in ranges])

    insert = "An editor's note, added later: this article was revised. "
    at = article.starts[3]
    shifted = text[:at] + insert + text[at:]
    expected = [
        (s + len(insert) * (s >= at), e + len(insert) * (s >= at))
        for s, e in (article.span(a, b) for a, b in ranges)
    ]
    small = run("(b) insertion near the start", selectors, shifted, expected)

    edited, where = edit(rng, article, vocab, 0.05)
    expected = []
    for a, b in ranges:
        kept = [i for i in where[a : b + 1] if i is not None]
        expected.append(edited.span(kept[0], kept[-1]) if kept else None)
    many = run("(c) 5% of words edited", selectors, edited.text, expected)

    rng = random.Random(args.seed + 1)
    other = make_article(rng, args.words, vocabulary(rng)).text
    other = other[: len(text)].ljust(len(text))
    gone = run("(d) unrelated text", selectors, other, [None] * len(selectors))
    print(f"ratios to (a): (b) {small / base:.1f}x, (c) {many / base:.1f}x, (d) {gone / base:.1f}x")

    # The same edits, each highlight placed alone (no neighbours to say where it went).
    alone = run("(c) one by one with place()", selectors, edited.text, expected, one_by_one=True)
    print(f"one by one / batched: {alone / many:.1f}x")

    # Long highlights (300-3,000 words) in the edited text.
    long_ranges = []
    for n in (300, 1000, 3000):
        for _ in range(5):
            first = rng.randrange(args.words - n - 1)
            long_ranges.append((first, first + n))
    long_selectors = [describe(text, *article.span(a, b)) for a, b in long_ranges]
    expected = []
    for a, b in long_ranges:
        kept = [i for i in where[a : b + 1] if i is not None]
        expected.append(edited.span(kept[0], kept[-1]))
    sizes = [len(s.exact) for s in long_selectors]
    run(f"(e) {min(sizes)}-{max(sizes)} chars", long_selectors, edited.text, expected)


if __name__ == "__main__":
    main()
