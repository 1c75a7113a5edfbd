"""Newsletters from an IMAP folder: a subscription of kind "imap" whose entries are the
folder's messages, each an article (``importing.mail``), known by its Message-ID.

    feed = add_mailbox(library, "imap.example.org", "me", "secret", folder="Newsletters")
    refresh_mailbox(library, feed)      # what FeedRefresher does for a mailbox

Only IMAPS (TLS from the start, port 993) or STARTTLS (port 143, upgraded before the
password is sent); the certificate is checked (``cafile`` names a CA of one's own). The
password lives in the system keyring (``keyring``), never in the library. Messages are
read with ``BODY.PEEK`` (they stay unread in the mail program) from the last UID taken
on, each written with the new last UID in one transaction: a connection that drops
halfway keeps the messages already read, and the next refresh goes on from there.
"""

from __future__ import annotations

import contextlib
import imaplib
import ssl
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from reader.core.feeds.results import FeedResult
from reader.core.importing.failure import ImportFailure
from reader.core.importing.mail import MAX_MESSAGE_BYTES, message_article
from reader.core.models import Feed
from reader.core.storage.library import Library

KEYRING_SERVICE = "article-reader-imap"
SECURITY = ("imaps", "starttls")
MAX_PER_REFRESH = 500  # messages per refresh; the rest come with the next
TIMEOUT = 30.0


@dataclass
class Mailbox:
    host: str
    user: str
    folder: str = "INBOX"
    port: int = 993
    security: str = "imaps"
    cafile: str | None = None

    @property
    def url(self) -> str:
        scheme = "imaps" if self.security == "imaps" else "imap"
        return (
            f"{scheme}://{quote(self.user, safe='')}@{self.host}:{self.port}/{quote(self.folder)}"
        )

    @property
    def account(self) -> str:
        """The keyring's name for the password."""
        return f"{self.user}@{self.host}:{self.port}"

    @classmethod
    def of(cls, feed: Feed) -> Mailbox:
        parts = urlsplit(feed.url)
        return cls(
            host=parts.hostname or "",
            user=unquote(parts.username or ""),
            folder=unquote(parts.path.lstrip("/")) or "INBOX",
            port=parts.port or (993 if parts.scheme == "imaps" else 143),
            security=feed.options.get("security", "imaps"),
            cafile=feed.options.get("cafile"),
        )


class MailboxError(ImportFailure):
    """A mailbox that cannot be read, in plain words."""


def add_mailbox(
    library: Library,
    host: str,
    user: str,
    password: str,
    *,
    folder: str = "INBOX",
    port: int | None = None,
    security: str = "imaps",
    cafile: str | None = None,
    tags: list[str] | tuple[str, ...] = (),
) -> Feed:
    """Check that the folder can be read with this password, keep the password in the
    keyring, and subscribe to the folder (its messages come with the next refresh)."""
    if security not in SECURITY:
        raise ValueError(f"security must be imaps or starttls (never plain), not {security!r}")
    box = Mailbox(
        host, user, folder, port or (993 if security == "imaps" else 143), security, cafile
    )
    connection = _connect(box, password)
    _logout(connection)
    import keyring.errors  # deferred: keyring finds its backend through entry points (slow)

    try:
        keyring.set_password(KEYRING_SERVICE, box.account, password)
    except keyring.errors.KeyringError as e:
        raise MailboxError(box.url, f"cannot keep the password in the system keyring ({e})") from e
    options = {"security": security, **({"cafile": cafile} if cafile else {})}
    return library.feeds.add(
        box.url, kind="imap", title=f"{folder} on {host}", tags=list(tags), options=options
    )


def forget_password(feed: Feed) -> None:
    """Remove a mailbox's password from the keyring (after unsubscribing)."""
    import keyring.errors  # deferred: see add_mailbox

    # not there (or no keyring): nothing to forget
    with contextlib.suppress(keyring.errors.KeyringError):
        keyring.delete_password(KEYRING_SERVICE, Mailbox.of(feed).account)


def refresh_mailbox(library: Library, feed: Feed) -> FeedResult:
    """Take the folder's new messages; failures are recorded and returned."""
    box = Mailbox.of(feed)
    result = FeedResult(feed.id, feed.name, "new")
    import keyring.errors  # deferred: see add_mailbox

    try:
        password = keyring.get_password(KEYRING_SERVICE, box.account)
    except keyring.errors.KeyringError as e:
        return _failed(library, feed, f"cannot read the password from the system keyring ({e})")
    if password is None:
        return _failed(
            library,
            feed,
            f"no password for {box.account} in the system keyring (add the mailbox again: "
            "article-reader newsletters add ...)",
        )
    state = dict(feed.state)
    taken = 0
    try:
        connection = _connect(box, password)
        try:
            validity = _select(connection, box)
            if state.get("uidvalidity") != validity:  # the server renumbered the folder
                state = {"uidvalidity": validity, "last_uid": 0}
            last = int(state.get("last_uid", 0))
            uids = [u for u in _search(connection, last) if u > last][:MAX_PER_REFRESH]
            for uid in uids:
                _take(library, feed, connection, uid, state, result)
                taken += 1
        finally:
            _logout(connection)
    except MailboxError as e:
        if taken:
            e = MailboxError(
                box.url, f"{e.reason} after {taken} message(s); the rest come next time"
            )
        return _failed(library, feed, e.reason)
    library.feeds.record_success(feed.id, state=state)
    return result


def _take(library, feed: Feed, connection, uid: int, state: dict, result: FeedResult) -> None:
    """One message: read, made an article, written with the new last UID at once."""
    size = _size(connection, uid)
    raw = None
    if size is not None and size > MAX_MESSAGE_BYTES:
        result.notes.append(f"message {uid}: over {MAX_MESSAGE_BYTES // 1_000_000} MB, skipped")
    else:
        raw = _fetch(connection, uid)
    article = None
    if raw is not None:
        try:
            article = message_article(raw, f"{feed.name}, message {uid}")
        except ImportFailure as e:
            result.notes.append(e.reason)
        except (ValueError, LookupError, UnicodeError, IndexError, TypeError) as e:
            result.notes.append(f"message {uid} cannot be read ({e!r})")
    state["last_uid"] = uid
    with library.transaction():
        if article is not None:
            key = article.source or f"uid:{uid}"
            known = library.feeds.known(key, None)
            article_id = known.article_id if known else None
            if known is None:
                added = library.articles.add(article)
                article_id = added.article_id
                if added.status == "added":
                    result.added += 1
                if feed.tags:
                    library.tags.set(article_id, [*library.tags.of(article_id), *feed.tags])
            library.feeds.remember(feed.id, key, link=None, fingerprint=key, article_id=article_id)
        library.feeds.record_success(feed.id, state=state)


def _failed(library: Library, feed: Feed, reason: str) -> FeedResult:
    library.feeds.record_failure(feed.id, reason, not_before=None)
    return FeedResult(feed.id, feed.name, "failed", error=reason)


# -- talking to the server (every failure a MailboxError in plain words) ---------------


def _connect(box: Mailbox, password: str):
    context = (
        ssl.create_default_context(cafile=box.cafile)
        if box.cafile
        else ssl.create_default_context()
    )
    where = f"{box.host}:{box.port}"
    try:
        if box.security == "imaps":
            connection = imaplib.IMAP4_SSL(box.host, box.port, ssl_context=context, timeout=TIMEOUT)
        else:
            connection = imaplib.IMAP4(box.host, box.port, timeout=TIMEOUT)
            try:
                connection.starttls(ssl_context=context)
            except imaplib.IMAP4.error as e:
                _logout(connection)
                raise MailboxError(
                    box.url, f"{where} does not offer STARTTLS ({_said(e)}); use --security imaps"
                ) from None
    except ssl.SSLCertVerificationError as e:
        raise MailboxError(
            box.url,
            f"the certificate of {where} cannot be trusted ({e.verify_message}); "
            "name its CA with --cafile",
        ) from None
    except ssl.SSLError as e:
        raise MailboxError(box.url, f"no secure connection to {where} ({e.reason or e})") from None
    except TimeoutError:
        raise MailboxError(box.url, f"{where} did not answer within {TIMEOUT:g} seconds") from None
    except OSError as e:
        raise MailboxError(
            box.url, f"cannot reach {where} ({e.strerror or e}; check the server and port)"
        ) from None
    except imaplib.IMAP4.error as e:
        raise MailboxError(box.url, f"{where} is not an IMAP server ({_said(e)})") from None
    try:
        connection.login(box.user, password)
    except imaplib.IMAP4.abort as e:
        raise MailboxError(box.url, f"the connection to {where} broke off ({_said(e)})") from None
    except imaplib.IMAP4.error as e:
        _logout(connection)
        raise MailboxError(
            box.url, f"{where} refused the user name or password for {box.user} ({_said(e)})"
        ) from None
    except OSError as e:
        raise MailboxError(box.url, f"the connection to {where} broke off ({e})") from None
    return connection


def _guarded(box_url: str, what: str, call):
    try:
        typ, data = call()
    except imaplib.IMAP4.abort as e:
        raise MailboxError(box_url, f"the server closed the connection ({_said(e)})") from None
    except (OSError, EOFError) as e:
        raise MailboxError(box_url, f"the connection broke off ({e!r})") from None
    except imaplib.IMAP4.error as e:
        raise MailboxError(box_url, f"the server refused to {what} ({_said(e)})") from None
    if typ != "OK":
        raise MailboxError(box_url, f"the server refused to {what} ({_said(data)})")
    return data


def _select(connection, box: Mailbox) -> int:
    folder = '"' + box.folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
    try:
        _guarded(box.url, f"open the folder {box.folder}", lambda: connection.select(folder, True))
    except MailboxError as e:
        if "closed" in e.reason or "broke" in e.reason:
            raise
        raise MailboxError(box.url, f"there is no folder {box.folder!r} ({e.reason})") from None
    _typ, data = connection.response("UIDVALIDITY")
    try:
        return int(data[0])
    except (TypeError, ValueError, IndexError):
        return 0


def _search(connection, last: int) -> list[int]:
    data = _guarded(
        "", "list the messages", lambda: connection.uid("SEARCH", None, f"UID {last + 1}:*")
    )
    return sorted(int(n) for n in (data[0] or b"").split() if n.isdigit())


def _size(connection, uid: int) -> int | None:
    data = _guarded(
        "", "give a message's size", lambda: connection.uid("FETCH", str(uid), "(RFC822.SIZE)")
    )
    import re

    for item in data:
        text = item if isinstance(item, bytes) else b""
        match = re.search(rb"RFC822\.SIZE (\d+)", text)
        if match:
            return int(match.group(1))
    return None


def _fetch(connection, uid: int) -> bytes | None:
    data = _guarded(
        "", "send a message", lambda: connection.uid("FETCH", str(uid), "(BODY.PEEK[])")
    )
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    return None


def _logout(connection) -> None:
    with contextlib.suppress(imaplib.IMAP4.error, OSError, EOFError):  # gone already
        connection.logout()


def _said(error) -> str:
    if isinstance(error, list):
        error = b" ".join(e for e in error if isinstance(e, bytes)) or error
    if isinstance(error, bytes):
        return error.decode("utf-8", "replace")
    return str(error)
