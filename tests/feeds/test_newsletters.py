"""Newsletters from a real IMAP server (dovecot on loopback ports, started and stopped by
the tests) and from .eml/.mbox files; the password in a keyring backend the test sets."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

import keyring
import pytest
from dovecot import Dovecot, DroppingProxy, available
from keyring.backend import KeyringBackend

from reader.core.feeds.imap import KEYRING_SERVICE, MailboxError, add_mailbox
from reader.core.feeds.refresh import FeedRefresher
from reader.core.importing.failure import ImportFailure
from reader.core.importing.ingest import import_sources


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this test only: never the user's real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


@pytest.fixture
def secrets():
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


@pytest.fixture
def server(tmp_path):
    why = available()
    if why:
        pytest.skip(why)
    with Dovecot(tmp_path / "dovecot") as dovecot:
        yield dovecot


def newsletter(n: int, *, attachment: int = 0, sender: str = "The Weekly") -> bytes:
    message = EmailMessage()
    message["From"] = f"{sender} <news@weekly.example>"
    message["To"] = "reader@example.org"
    message["Subject"] = f"Issue {n}: gardens and rivers"
    message["Date"] = format_datetime(datetime(2026, 11, n, 8, 0, tzinfo=UTC))
    message["Message-ID"] = f"<issue-{n}@weekly.example>"
    message.set_content(f"Issue {n} as plain text.")
    words = " ".join(f"garden{n}x{i}" for i in range(150))
    message.add_alternative(
        "<html><body><table><tr><td><a href='https://weekly.example/v'>View this email in "
        f"your browser</a></td></tr><tr><td><h2>This week</h2><p>{words}.</p>"
        "<p>Rivers run through every garden worth the name, and we follow them today.</p>"
        "</td></tr><tr><td><p>You are receiving this because you signed up. "
        "<a href='https://weekly.example/u'>Unsubscribe</a> or update your preferences.</p>"
        "</td></tr></table><img src='https://t.weekly.example/open/abc.gif' width='1' "
        "height='1' alt=''></body></html>",
        subtype="html",
    )
    if not attachment:
        return message.as_bytes()
    # Made by hand: EmailMessage takes seconds to encode 30 MB.
    letter = message.as_bytes()
    head, _, body = letter.partition(b"\n\n")
    boundary = b"outer-boundary-1"
    head = b"\n".join(
        line for line in head.split(b"\n") if not line.lower().startswith(b"content-type")
    )
    attached = base64.encodebytes(b"\0" * attachment)
    return (
        head + b'\nContent-Type: multipart/mixed; boundary="' + boundary + b'"\n\n'
        b"--"
        + boundary
        + b"\n"
        + b"Content-Type: "
        + message["Content-Type"].encode()
        + b"\n\n"
        + body
        + b"\n"
        b"--" + boundary + b"\nContent-Type: application/pdf\n"
        b'Content-Disposition: attachment; filename="report.pdf"\n'
        b"Content-Transfer-Encoding: base64\n\n" + attached + b"--" + boundary + b"--\n"
    )


def add(library, server, *, port=None, security="imaps", cafile="default", password=None):
    return add_mailbox(
        library,
        "127.0.0.1",
        server.user,
        password or server.password,
        folder="Newsletters",
        port=port or (server.imaps_port if security == "imaps" else server.imap_port),
        security=security,
        cafile=server.cafile if cafile == "default" else cafile,
        tags=["letters"],
    )


def test_newsletters_arrive_once_each_over_imaps(library, server, secrets):
    server.deliver("Newsletters", newsletter(1))
    server.deliver("Newsletters", newsletter(2))
    feed = add(library, server)
    assert secrets.secrets[(KEYRING_SERVICE, f"reader@127.0.0.1:{server.imaps_port}")]
    assert "s3cret" not in repr(library.feeds.get(feed.id))
    assert server.password.encode() not in library.path.read_bytes()

    report = FeedRefresher(library).refresh()
    assert report.results[0].added == 2, report.results[0]
    rows = library.articles.list()
    assert [r.title for r in rows] == ["Issue 2: gardens and rivers", "Issue 1: gardens and rivers"]
    article = library.articles.get(rows[0].id)
    assert article.site == "The Weekly" and article.published == "2026-11-02T08:00:00Z"
    assert article.tags == ["letters"] and article.url is None
    assert "garden2x149" in article.text and "Rivers run through" in article.text
    lowered = article.text.lower()
    assert "unsubscribe" not in lowered and "browser" not in lowered
    assert not any(b.kind == "image" for b in article.blocks)  # the tracking pixel
    assert library.articles.count(new=True) == 2 and library.feeds.get(feed.id).unread == 2

    server.deliver("Newsletters", newsletter(3))
    again = FeedRefresher(library).refresh()
    assert again.results[0].added == 1 and library.articles.count() == 3
    assert library.feeds.get(feed.id).state["last_uid"] == 3


def test_the_same_message_from_a_file_is_not_imported_again(library, server, secrets, tmp_path):
    eml = tmp_path / "issue.eml"
    eml.write_bytes(newsletter(1))
    assert import_sources(library, [eml]).count("added") == 1
    server.deliver("Newsletters", newsletter(1))
    add(library, server)
    FeedRefresher(library).refresh()
    assert library.articles.count() == 1
    assert library.feeds.list()[0].unread == 1  # the mailbox knows it brought it too


def test_starttls_works_and_failures_say_why(library, server, secrets):
    server.deliver("Newsletters", newsletter(1))
    feed = add(library, server, security="starttls")
    assert FeedRefresher(library).refresh().results[0].added == 1
    library.feeds.remove(feed.id)
    with pytest.raises(MailboxError, match="refused the user name or password"):
        add(library, server, password="wrong")
    with pytest.raises(MailboxError, match=r"certificate .* cannot be trusted .*--cafile"):
        add(library, server, cafile=None)
    with pytest.raises(ValueError, match="never plain"):
        add(library, server, security="plain")


def test_a_connection_dropped_mid_fetch_keeps_whole_messages(library, server, secrets):
    for n in range(1, 5):
        server.deliver("Newsletters", newsletter(n, attachment=60_000))
    with DroppingProxy(server.imaps_port, after=10**9) as proxy:
        feed = add(library, server, port=proxy.port)
        proxy.after = 150_000  # about one message and a half
        report = FeedRefresher(library).refresh()
        result = report.results[0]
        assert result.status == "failed", result
        assert "the rest come next time" in result.error
        taken = library.articles.count()
        assert 1 <= taken < 4
        for row in library.articles.list():  # every article whole
            assert "Rivers run through" in library.articles.get(row.id).text
        assert library.feeds.get(feed.id).state["last_uid"] == taken
        proxy.after = 10**9
        assert FeedRefresher(library).refresh().results[0].added == 4 - taken
    assert library.articles.count() == 4


def test_a_mail_with_a_30_mb_attachment(library, server, secrets):
    big = newsletter(7, attachment=30_000_000)
    server.deliver("Newsletters", big)
    server.deliver("Newsletters", newsletter(8))
    add(library, server)
    report = FeedRefresher(library).refresh()
    assert report.results[0].added == 2
    article = library.articles.get(library.articles.list(sort="title")[0].id)
    assert article.title.startswith("Issue 7") and "garden7x0" in article.text
    assert article.word_count < 1000  # the attachment is not text of the article


def test_mbox_files_and_a_bad_message_among_them(library, tmp_path):
    box = io.BytesIO()
    for raw in (newsletter(1), b"this is not a mail at all", newsletter(2, sender="Other")):
        box.write(b"From sender@example Thu Jan  1 00:00:00 2026\n")
        box.write(raw.replace(b"\nFrom ", b"\n>From ") + b"\n")
    path = tmp_path / "letters.mbox"
    path.write_bytes(box.getvalue())
    report = import_sources(library, [path])
    assert report.count("added") == 2
    assert len(report.failures) == 1 and "letters.mbox (message 2)" in report.failures[0].reason
    assert {a.site for a in library.articles.list()} == {"The Weekly", "Other"}
    assert import_sources(library, [path]).count("unchanged") == 2


def test_the_command_line(library, server, secrets, monkeypatch, capsys):
    from reader.cli import run

    server.deliver("Newsletters", newsletter(1))
    path = str(library.path)
    library.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(server.password + "\n"))
    args = ["--library", path, "newsletters", "add", "--server", "127.0.0.1", "--user",
            server.user, "--folder", "Newsletters", "--port", str(server.imaps_port),
            "--cafile", server.cafile, "--password-stdin"]  # fmt: skip
    assert run(args) == 0
    assert run(["--library", path, "newsletters", "fetch"]) == 0
    out = capsys.readouterr().out
    assert "Newsletters on 127.0.0.1: 1 new" in out
    assert run(["--library", path, "newsletters", "list"]) == 0
    assert "(1 unread)" in capsys.readouterr().out
    assert run(["--library", path, "newsletters", "remove", "1"]) == 0
    assert not secrets.secrets


def test_an_attachment_part_is_never_taken_for_the_text():
    from reader.core.importing.mail import message_article

    message = EmailMessage()
    message["Subject"] = "Only an attachment"
    message["Message-ID"] = "<a@b>"
    message.set_content("")
    message.add_attachment(base64.b64encode(b"x" * 100), maintype="text", subtype="html",
                           filename="page.html")  # fmt: skip
    with pytest.raises(ImportFailure, match="no readable text"):
        message_article(message.as_bytes(), "a.eml")
