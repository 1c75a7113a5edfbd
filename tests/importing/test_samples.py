"""The sample articles: each imports well, together they cover what the reader must show."""

import re

import pytest

from reader.core.importing.samples import FIRST, sample_paths, seed_samples
from reader.core.importing.sources import import_file

PATHS = sample_paths()


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_every_sample_imports_with_a_title_and_text(path):
    article = import_file(path)
    assert article.title.strip()
    assert len(article.text) > 500


def kinds(name):
    return {b.kind for b in import_file(next(p for p in PATHS if p.name == name)).blocks}


def test_the_samples_cover_every_kind_of_block_and_script():
    assert len(PATHS) >= 5 and any(p.name == "putin-russia-china-alliance.txt" for p in PATHS)
    html = import_file(next(p for p in PATHS if p.suffix == ".html"))
    assert {"heading", "paragraph", "quote", "list_item", "code", "table_row", "image"} <= {
        b.kind for b in html.blocks
    }
    assert "All rights reserved" not in html.text and "Subscribe" not in html.text
    assert {"bold", "italic", "link"} <= {s.kind for b in html.blocks for s in b.spans}
    texts = {p.name: import_file(p).text for p in PATHS}
    assert any("的" in t and any(ord(c) > 0xFFFF for c in t) for t in texts.values())
    assert max(len(t.split()) for t in texts.values()) >= 10_000
    assert {p.suffix for p in PATHS} >= {".md", ".html", ".txt"}


def test_seeding_happens_once_and_the_welcome_guide_tops_the_list(library):
    results = seed_samples(library)
    assert len(results) == len(PATHS) and all(r.status == "added" for r in results)
    assert seed_samples(library) == []
    assert library.articles.count() == len(PATHS)
    first = library.articles.list()[0]
    assert first.title == import_file(next(p for p in PATHS if p.name == FIRST)).title


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_every_sample_is_clean_of_clutter_and_of_blocks_run_together(path):
    """The samples are the app's shop window: no share prompt, no promotion of another
    article, no two paragraphs glued together ("missionsSino-Russian")."""
    from reader.core.importing.html.clutter import is_edge_clutter, widget_kind

    blocks = import_file(path).blocks
    assert [b.text for b in blocks if widget_kind(b) or is_edge_clutter(b)] == []
    glued = [m.group() for b in blocks for m in re.finditer(r"\w*[a-z]{3}[A-Z][a-z]{2}\w*", b.text)]
    assert glued == []
