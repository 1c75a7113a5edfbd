"""Which pictures the importer keeps, over the saved pages of ../shared/corpus/pictures/.

Each page folder is served from a local server and imported by its address, as a URL
import sees it; the files the server was asked for and the pictures the article kept are
compared with the folder's expected-pictures.json (see that folder's README):

* recall: the share of the article's pictures (tiny ones aside) of which a file is kept;
* precision: the share of kept files that belong to an article picture (files of tiny
  article pictures counted neither way);
* trackers fetched: files the page declares 1×1 or 0×0, which must not be fetched at all.

    python bench/picture_quality.py [--files] [--verbose]

``--files`` imports each page.html as a saved file instead (its pictures read from its
``page_files`` folder). Prints one line per page and the totals.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "pictures"


@dataclass
class PageScore:
    page: str
    wanted: int = 0  # article pictures, tiny aside
    found: int = 0  # of those, kept
    kept: int = 0  # kept files that count
    right: int = 0  # of those, belonging to an article picture
    trackers_fetched: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _server(folder: Path, requests: list[str]):
    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            requests.append(self.path)
            super().do_GET()

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def score_page(folder: Path, *, as_file: bool) -> PageScore:
    from reader.core.importing.sources import import_file, import_url

    expected = json.loads((folder / "expected-pictures.json").read_text())
    digests = {
        hashlib.sha256((folder / name).read_bytes()).hexdigest(): name for name in expected["files"]
    }
    requests: list[str] = []
    if as_file:
        article = import_file(folder / "page.html")
    else:
        server = _server(folder.parent, requests)
        try:
            host, port = server.server_address[:2]
            article = import_url(f"http://{host}:{port}/{folder.name}/page.html")
        finally:
            server.shutdown()
            server.server_close()
    kept = set()
    for block in article.blocks:
        if block.kind == "image" and block.picture:
            picture = article.pictures[block.picture]
            name = digests.get(hashlib.sha256(picture.data).hexdigest())
            kept.add(name or f"(converted: {block.src})")
    score = PageScore(folder.name, problems=list(article.problems))
    tiny_files = {f for p in expected["article"] if p["tiny"] for f in p["files"]}
    owners = {f: p for p in expected["article"] if not p["tiny"] for f in p["files"]}
    for picture in expected["article"]:
        if picture["tiny"]:
            continue
        score.wanted += 1
        if kept & set(picture["files"]):
            score.found += 1
        else:
            score.missed.append(f"{picture['files'][0]} {picture['alt'][:50]!r}")
    for name in kept - tiny_files:
        score.kept += 1
        if name in owners:
            score.right += 1
        else:
            score.wrong.append(name)
    fetched = {r.split("/", 2)[-1] for r in requests}
    score.trackers_fetched = len(set(expected["trackers"]) & fetched)
    return score


def measure(*, as_file: bool = False) -> list[PageScore]:
    pages = sorted(p for p in CORPUS.iterdir() if (p / "expected-pictures.json").is_file())
    return [score_page(page, as_file=as_file) for page in pages]


def totals(scores: list[PageScore]) -> tuple[float, float, int]:
    wanted = sum(s.wanted for s in scores)
    found = sum(s.found for s in scores)
    kept = sum(s.kept for s in scores)
    right = sum(s.right for s in scores)
    recall = found / wanted if wanted else 1.0
    precision = right / kept if kept else 1.0
    return recall, precision, sum(s.trackers_fetched for s in scores)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", action="store_true", help="import the saved files instead")
    parser.add_argument("--verbose", action="store_true", help="name what was missed or wrong")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"the pictures corpus is not at {CORPUS} (it lives in ../shared)")
        return 1
    scores = measure(as_file=args.files)
    for s in scores:
        print(
            f"{s.page:16} recall {s.found:>3}/{s.wanted:<3} precision {s.right:>3}/{s.kept:<3}"
            f" trackers fetched {s.trackers_fetched}"
        )
        if args.verbose:
            for line in s.missed:
                print(f"    missed {line}")
            for line in s.wrong:
                print(f"    wrong  {line}")
            for line in s.problems:
                print(f"    report {line}")
    recall, precision, trackers = totals(scores)
    print(f"recall {recall:.3f}  precision {precision:.3f}  trackers fetched {trackers}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
