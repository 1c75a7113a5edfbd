"""``article-reader related`` on a real library file."""

import json
import subprocess
import sys

import pytest
from cli_kit import call

from reader.core.storage.library import Library
from tests.related.conftest import article_with, highlight_paragraph
from tests.related.test_related_storage import BRIDGE, CATS, FELINES, TAXES


@pytest.fixture
def lib(tmp_path):
    path = tmp_path / "cli.db"
    with Library(path) as library:
        a = article_with(library, "Cats", CATS, TAXES)
        b = article_with(library, "Felines", BRIDGE, FELINES)
        cats = highlight_paragraph(library, a, CATS)
        highlight_paragraph(library, b, BRIDGE)
    return path, cats, b


def test_related_json_lists_article_text_and_score_computing_vectors_first(lib, capsys):
    path, cats, felines_article = lib
    code, out, err = call(capsys, "--library", path, "related", cats, "--json")
    assert code == 0, err
    items = json.loads(out)
    assert items[0]["article_id"] == felines_article and items[0]["text"] == FELINES
    assert {"article_id", "text", "score", "kind", "highlight_id"} <= set(items[0])
    assert all(i["highlight_id"] != cats for i in items)
    assert all(CATS not in i["text"] for i in items)  # never its own paragraph
    code, out, _ = call(capsys, "--library", path, "related", cats, "--limit", "1", "--json")
    assert len(json.loads(out)) == 1
    with Library(path) as library:
        assert library.related.pending() == 0


def test_related_prints_scores_and_passages(lib, capsys):
    path, cats, _ = lib
    code, out, _ = call(capsys, "--library", path, "related", cats)
    assert code == 0
    first = out.splitlines()[0]
    assert first.split()[1] == "passage" and "Felines" in first
    assert "Domestic felines" in out.splitlines()[1]


def test_unknown_id_exits_non_zero_with_one_clear_line(lib, capsys):
    path, _, _ = lib
    code, out, err = call(capsys, "--library", path, "related", "no-such-id")
    assert code != 0 and out == ""
    assert err.strip() == "error: no highlight with id no-such-id"


def test_the_command_runs_as_a_program(lib):
    path, cats, _ = lib
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(path), "related", cats, "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["text"] == FELINES
