"""``article-reader related-service``, the window's child process, run as the window runs it:
JSON lines in and out, vectors written to the library, gone when its stdin closes."""

import json
import subprocess
import sys
import time

from tests.related.conftest import article_with, highlight_paragraph
from tests.related.test_related_storage import BRIDGE, CATS, FELINES, TAXES


def start(path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "--library", str(path), "related-service"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def ask(child: subprocess.Popen, request: dict) -> list[dict]:
    """Send one request; its answer lines up to the last (progress lines included)."""
    assert child.stdin and child.stdout
    child.stdin.write(json.dumps(request) + "\n")
    child.stdin.flush()
    lines = []
    while True:
        message = json.loads(child.stdout.readline())
        if message.get("id") == request["id"]:
            lines.append(message)
            if "progress" not in message:
                return lines


def test_embeds_finds_and_ends_with_its_stdin(library):
    a = article_with(library, "Cats", CATS, TAXES)
    b = article_with(library, "Felines", BRIDGE, FELINES)
    cats = highlight_paragraph(library, a, CATS)
    pending = library.related.pending()
    child = start(library.path)
    try:
        assert child.stdout and json.loads(child.stdout.readline()) == {"ready": True}
        assert child.stdin
        child.stdin.write("not json\n[1, 2]\n")  # hostile lines are no requests
        embedded = ask(child, {"id": 1, "op": "embed"})
        assert embedded[-1] == {"id": 1, "done": pending}
        assert embedded[-2]["progress"] == [pending, pending]
        assert library.related.pending() == 0  # written by the child, seen here
        found = ask(child, {"id": 2, "op": "find", "highlight": cats, "limit": 3})[-1]
        assert found["items"][0]["article_id"] == b and found["items"][0]["text"] == FELINES
        unknown = ask(child, {"id": 3, "op": "find", "highlight": "no-such-id"})[-1]
        assert "no-such-id" in unknown["error"]
        odd = ask(child, {"id": 4, "op": "shout"})[-1]
        assert odd == {"id": 4, "error": "unknown request 'shout'"}
        child.stdin.close()
        assert child.wait(timeout=20) == 0
    finally:
        child.kill()
        child.wait()


def test_a_closed_stdin_stops_a_long_embedding_between_batches(library):
    lines = [f"Note {i} on the weather and the sea, written on day {i}." for i in range(3000)]
    notes = article_with(library, "Many notes", *lines)
    text = library.articles.get(notes).text
    with library.transaction():
        for line in lines:
            start_at = text.index(line)
            library.highlights.add(notes, start_at, start_at + len(line))
    child = start(library.path)
    try:
        assert child.stdin and child.stdout
        child.stdin.write(json.dumps({"id": 1, "op": "embed"}) + "\n")
        child.stdin.flush()
        while "progress" not in json.loads(child.stdout.readline()):
            pass  # the model is loaded and a batch is stored
        began = time.monotonic()
        child.stdin.close()
        assert child.wait(timeout=20) == 0
        assert time.monotonic() - began < 5
    finally:
        child.kill()
        child.wait()
    left = library.related.pending()
    assert 0 < left < 3001  # stopped part way; the batches stored are kept
    stored = library.conn.execute("SELECT count(*) FROM related_vectors").fetchone()[0]
    assert stored == 3001 - left  # the article itself comes after its highlights
