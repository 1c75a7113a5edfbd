"""``review`` and ``highlights --all`` on the command line, on a real library file."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from cli_kit import call

from reader.cli import run
from reader.cli.highlights import since_stamp
from reader.core.storage.library import Library
from tests.review.conftest import add_article


@pytest.fixture
def lib(tmp_path):
    path = tmp_path / "cli.db"
    with Library(path) as library:
        ids = add_article(library, 1, 3, days_ago=40) + add_article(library, 2, 2, days_ago=3)
        library.highlights.update(ids[0], note="the point", tags=["idea"], colour="green")
        library.highlights.update(ids[3], tags=["later"], colour="blue")
        library.tags.set(1, ["essays"])
    return path


def test_review_lists_today_and_rate_prints_the_next_time(lib, capsys):
    code, out, _ = call(capsys, "--library", lib, "review", "--json")
    items = json.loads(out)
    assert code == 0 and len(items) == 5
    first = items[0]
    assert first["review"]["stage"] == "new" and first["article_title"].startswith("Article")
    code, out, err = call(capsys, "--library", lib, "review", "rate", first["id"], "good")
    assert code == 0, err
    due = datetime.fromisoformat(out.strip().replace("Z", "+00:00"))
    assert out.strip().endswith("Z") and due > datetime.now(UTC) + timedelta(hours=20)
    code, out, _ = call(capsys, "--library", lib, "review")
    assert code == 0 and first["id"] not in out and "rate each" in out
    code, out, _ = call(capsys, "--library", lib, "review", "rate", first["id"], "easy", "--json")
    state = json.loads(out)
    assert state["reps"] == 2 and state["due"] > due.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_an_unknown_highlight_or_rating_exits_non_zero_with_one_line(lib, capsys):
    code, out, err = call(capsys, "--library", lib, "review", "rate", "no-such-id", "good")
    assert code != 0 and out == ""
    assert err.strip() == "error: no highlight with id no-such-id"
    _, out, _ = call(capsys, "--library", lib, "review", "--json")
    hid = json.loads(out)[0]["id"]
    with pytest.raises(SystemExit) as exit_:
        run(["--library", str(lib), "review", "rate", hid, "meh"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'meh' (choose from 'again', 'hard', 'good', 'easy')" in err
    with Library(lib) as library:
        assert library.review.logs() == []


def test_discard_favourite_question_and_per_day(lib, capsys):
    _, out, _ = call(capsys, "--library", lib, "review", "--json")
    ids = [i["id"] for i in json.loads(out)]
    assert call(capsys, "--library", lib, "review", "discard", ids[0])[0] == 0
    _, out, _ = call(capsys, "--library", lib, "review", "--json")
    assert ids[0] not in out
    assert call(capsys, "--library", lib, "review", "discard", ids[0], "--undo")[0] == 0
    assert call(capsys, "--library", lib, "review", "favourite", ids[1])[0] == 0
    code, out, _ = call(capsys, "--library", lib, "review", "cloze", ids[1], "--hide", "NO")
    assert code == 2
    code, out, _ = call(capsys, "--library", lib, "review", "cloze", ids[1])
    assert code == 0 and out.strip() == "[…]"
    _, out, _ = call(capsys, "--library", lib, "review", "--json")
    card = next(i for i in json.loads(out) if i["id"] == ids[1])
    assert card["question"] == "[…]" and card["review"]["favorite"]
    assert call(capsys, "--library", lib, "review", "per-day", "2")[1].strip() == (
        "2 highlights a day"
    )
    assert call(capsys, "--library", lib, "review", "per-day")[1].strip() == "2 highlights a day"
    code, _, err = call(capsys, "--library", lib, "review", "per-day", "0")
    assert code == 2 and "1 to 1000" in err


def test_highlights_all_newest_first_with_filters(lib, capsys):
    code, out, _ = call(capsys, "--library", lib, "highlights", "--all", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 5
    assert [r["article_id"] for r in rows] == [2, 2, 1, 1, 1]  # newest first
    assert all(r["article_title"] == f"Article {r['article_id']}" for r in rows)

    def ids(*flags):
        code, out, err = call(capsys, "--library", lib, "highlights", "--all", "--json", *flags)
        assert code == 0, err
        return [r["exact"] for r in json.loads(out)]

    assert ids("--colour", "green") == ["alpha1"]
    assert ids("--tag", "later") == ["alpha2"]
    assert len(ids("--tag", "essays")) == 3  # the article's tag
    assert ids("--text", "point") == ["alpha1"]  # the note
    assert ids("--text", "charl") == ["charlie1"]  # a prefix of the passage
    assert sorted(ids("--since", "10d")) == ["alpha2", "bravo2"]
    assert ids("--limit", "1")[0] in ("alpha2", "bravo2")
    assert ids("--colour", "blue", "--tag", "later", "--since", "10d") == ["alpha2"]
    code, out, _ = call(capsys, "--library", lib, "highlights", "--all")
    assert "article 1: Article 1" in out and "note: the point" in out


def test_highlights_mistakes_are_one_line(lib, capsys):
    for args, message in (
        (("highlights",), "give an article id, --all for every highlight"),
        (("highlights", "1", "--all"), "not both"),
        (("highlights", "1", "--tag", "x"), "--tag filter the list of all highlights: add --all"),
        (("highlights", "--all", "--since", "yesterday"), "--since wants a date"),
    ):
        code, out, err = call(capsys, "--library", lib, *args)
        assert code == 2 and message in err and out == "", args


def test_since_reads_dates_times_and_spans():
    now = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    assert since_stamp("7d", now) == "2025-03-03T12:00:00Z"
    assert since_stamp("2w", now) == "2025-02-24T12:00:00Z"
    assert since_stamp("2025-01-02T03:04:05Z") == "2025-01-02T03:04:05Z"
    local_midnight = datetime(2025, 1, 2).astimezone().astimezone(UTC)
    assert since_stamp("2025-01-02") == local_midnight.strftime("%Y-%m-%dT%H:%M:%SZ")
