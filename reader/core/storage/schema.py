"""The library's schema, built by named migrations, each in its own transaction.

``PRAGMA user_version`` holds the number of migrations applied. A library whose
number is higher than ours, or that lists migrations we do not know, was written
by a newer Article Reader and is refused rather than "upgraded down".
"""

from __future__ import annotations

from sqlite_utils import Database

from reader.core.storage.migrating import migrations, script
from reader.core.storage.synced import article_uid, trigger_sql


@migrations()
def create_articles(db: Database) -> None:
    script(
        db,
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT,
            source TEXT,
            title TEXT NOT NULL,
            author TEXT,
            site TEXT,
            published TEXT,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            opened_at TEXT,
            deleted_at TEXT,
            source_kind TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            blocks TEXT NOT NULL,
            text TEXT NOT NULL,
            word_count INTEGER NOT NULL DEFAULT 0,
            reading_position INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0,
            favorite INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX articles_url ON articles(url);
        CREATE INDEX articles_source ON articles(source);
        CREATE INDEX articles_content_hash ON articles(content_hash);
        CREATE INDEX articles_added ON articles(added_at);
        """,
    )


@migrations()
def create_highlights(db: Database) -> None:
    script(
        db,
        """
        CREATE TABLE highlights (
            id TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            text_hash TEXT NOT NULL DEFAULT '',
            colour TEXT NOT NULL DEFAULT 'yellow',
            style TEXT NOT NULL DEFAULT 'highlight',
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'anchored'
        );
        CREATE INDEX highlights_article ON highlights(article_id, start);
        """,
    )


@migrations()
def create_tags(db: Database) -> None:
    script(
        db,
        """
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        );
        CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (article_id, tag_id)
        );
        CREATE TABLE highlight_tags (
            highlight_id TEXT NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (highlight_id, tag_id)
        );
        CREATE INDEX article_tags_tag ON article_tags(tag_id);
        CREATE INDEX highlight_tags_tag ON highlight_tags(tag_id);
        """,
    )


@migrations()
def create_settings(db: Database) -> None:
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations()
def create_search(db: Database) -> None:
    """FTS5 over article title/text/note and highlight exact/note, kept in step by triggers.

    sqlite-utils' own update trigger re-indexes a row on any change; ours fire
    only when an indexed column changes, so saving a reading position does not
    re-index a 100k-word article.
    """
    indexed = {"articles": ("title", "text", "note"), "highlights": ("exact", "note")}
    for table, columns in indexed.items():
        cols = ", ".join(f'"{c}"' for c in columns)
        old = ", ".join(f'old."{c}"' for c in columns)
        new = ", ".join(f'new."{c}"' for c in columns)
        fts = f"{table}_fts"
        script(
            db,
            f"""
            CREATE VIRTUAL TABLE {fts} USING fts5 (
              {cols}, content={table}, tokenize='unicode61 remove_diacritics 2'
            );
            INSERT INTO {fts} ({fts}) VALUES ('rebuild');
            CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN
              INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});
            END;
            CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN
              INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old});
            END;
            CREATE TRIGGER {table}_au AFTER UPDATE OF {cols} ON {table} BEGIN
              INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old});
              INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});
            END;
            """,
        )


@migrations()
def create_change_count(db: Database) -> None:
    """A counter that every change to what the user made increases, kept by triggers.

    The periodic backup compares it with the newest copy's and skips an unchanged
    library. Settings (window geometry and the like) do not count.
    """
    db.execute(
        "CREATE TABLE change_count (id INTEGER PRIMARY KEY CHECK (id = 1), count INTEGER NOT NULL)"
    )
    db.execute("INSERT INTO change_count (id, count) VALUES (1, 0)")
    for table in ("articles", "highlights", "tags", "article_tags", "highlight_tags"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_count_{event.lower()} AFTER {event} ON {table} "
                "BEGIN UPDATE change_count SET count = count + 1; END"
            )


@migrations()
def index_the_list(db: Database) -> None:
    """An index that answers the article list: which articles are in the library (not
    in the trash, not archived), in the order they were added, with the columns the
    list shows that sit after an article's text.

    Without it, counting the list and skipping to a later page read every row, and
    reading ``archived`` or ``word_count`` walks the row's overflow pages past the
    text: 210 ms to count 100,000 articles, 130 ms a page near the end, and 100 ms
    instead of 30 to list 5,000 articles.
    """
    db.execute(
        "CREATE INDEX articles_listed ON articles"
        "(deleted_at, archived, added_at, id, word_count, favorite, reading_position)"
    )


@migrations()
def create_review(db: Database) -> None:
    """The daily review: each highlight's FSRS card, and a log of every rating.

    Plain rows keyed by highlight id, with no foreign key: a highlight deleted and put
    back (undo) finds its card again, and the logs outlive their highlights, so that the
    scheduler's parameters can later be fitted to every rating ever made (and synced).
    """
    script(
        db,
        """
        CREATE TABLE review_cards (
            highlight_id TEXT PRIMARY KEY,
            card TEXT NOT NULL DEFAULT '{}',
            due TEXT,
            last_review TEXT,
            reps INTEGER NOT NULL DEFAULT 0,
            favorite INTEGER NOT NULL DEFAULT 0,
            discarded_at TEXT,
            cloze_start INTEGER,
            cloze_end INTEGER,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE review_log (
            id TEXT PRIMARY KEY,
            highlight_id TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at TEXT NOT NULL,
            duration_ms INTEGER,
            due_before TEXT,
            due_after TEXT NOT NULL
        );
        CREATE INDEX review_log_highlight ON review_log(highlight_id, reviewed_at);
        CREATE INDEX review_log_time ON review_log(reviewed_at);
        """,
    )
    for table in ("review_cards", "review_log"):  # the backup's "changed since" counter
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_count_{event.lower()} AFTER {event} ON {table} "
                "BEGIN UPDATE change_count SET count = count + 1; END"
            )


@migrations()
def index_highlights_by_time(db: Database) -> None:
    """All highlights, newest first (``highlights.across``), a page at a time: without an
    index each page sorted every highlight of the library."""
    db.execute("CREATE INDEX highlights_created ON highlights(created_at, id)")


@migrations()
def index_for_the_daily_review(db: Database) -> None:
    """The daily review reads the highlights seen longest ago first (``review.candidates``):
    those never rated by when they were made, the rated ones by their last rating. The
    indexes hold all it reads of each row (a note only to know there is one), so that it
    reads no highlight's passage, article's text or whole card."""
    db.execute("DROP INDEX highlights_created")
    db.execute("CREATE INDEX highlights_seen ON highlights(created_at, id, article_id, note)")
    db.execute("CREATE INDEX review_cards_seen ON review_cards(last_review)")
    db.execute(
        "CREATE INDEX review_cards_due ON review_cards"
        "(highlight_id, last_review, discarded_at, due, favorite)"
    )
    db.execute("CREATE INDEX articles_review ON articles(id, deleted_at, favorite)")


@migrations()
def create_feeds(db: Database) -> None:
    """Subscriptions (web feeds and IMAP folders) and the entries each has brought.

    A feed's ``url`` is its address (``imaps://user@host:port/folder`` for a mailbox);
    ``etag``/``last_modified`` are its validators for a conditional GET, ``state`` its
    other bookkeeping (a mailbox's UIDVALIDITY and last UID) as JSON. An entry is known
    by ``entry_key`` (the feed's id/guid, else its link, else a hash of its text; the
    Message-ID for mail) and remembered after its article is deleted, so a refresh
    never brings it back. Ids are AUTOINCREMENT: never reused, stable for sync.
    """
    script(
        db,
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL DEFAULT 'feed',
            url TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            site_url TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            full_text TEXT NOT NULL DEFAULT 'auto',
            options TEXT NOT NULL DEFAULT '{}',
            etag TEXT,
            last_modified TEXT,
            state TEXT NOT NULL DEFAULT '{}',
            added_at TEXT NOT NULL,
            last_attempt_at TEXT,
            last_success_at TEXT,
            last_error TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            not_before TEXT
        );
        CREATE TABLE feed_entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            entry_key TEXT NOT NULL,
            link TEXT,
            fingerprint TEXT NOT NULL DEFAULT '',
            article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            seen_at TEXT NOT NULL,
            UNIQUE (feed_id, entry_key)
        );
        CREATE INDEX feed_entries_key ON feed_entries(entry_key);
        CREATE INDEX feed_entries_link ON feed_entries(link);
        CREATE INDEX feed_entries_article ON feed_entries(article_id);
        CREATE INDEX feed_entries_feed ON feed_entries(feed_id, article_id);
        ALTER TABLE articles ADD COLUMN feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL;
        CREATE INDEX articles_feed ON articles(feed_id, opened_at);
        CREATE TRIGGER feeds_count_insert AFTER INSERT ON feeds
        BEGIN UPDATE change_count SET count = count + 1; END;
        CREATE TRIGGER feeds_count_delete AFTER DELETE ON feeds
        BEGIN UPDATE change_count SET count = count + 1; END;
        """,
    )


@migrations()
def track_progress(db: Database) -> None:
    """How far into each article the reader has got (0 to 1, at the bottom of the view),
    for the list's percentage and its sort; and indexes for the sorts by date published
    and by progress and for the Unread filter.

    The list's index is made again with ``progress`` and ``opened_at`` in it: they sit
    after an article's text in the row, where reading them would walk its overflow pages
    (see ``index_the_list``). Progress starts from the saved reading position.
    """
    script(
        db,
        """
        ALTER TABLE articles ADD COLUMN progress REAL NOT NULL DEFAULT 0;
        UPDATE articles SET progress = min(1.0, reading_position * 1.0 / length(text))
            WHERE reading_position > 0 AND length(text) > 0;
        DROP INDEX articles_listed;
        CREATE INDEX articles_listed ON articles
            (deleted_at, archived, added_at, id, word_count, favorite, reading_position,
             progress, opened_at);
        CREATE INDEX articles_by_published ON articles (deleted_at, archived, published, id);
        CREATE INDEX articles_by_progress ON articles (deleted_at, archived, progress, id);
        """,
    )


@migrations()
def add_article_uids(db: Database) -> None:
    """A key for each article that is the same on every device (sync): made from its web
    address, else from its text, so the same page imported on two devices before they
    synced becomes one article; a random one when that key is taken."""
    db.execute("ALTER TABLE articles ADD COLUMN uid TEXT")
    taken: set[str] = set()
    rows = db.execute("SELECT id, url, content_hash FROM articles ORDER BY id").fetchall()
    for article_id, url, digest in rows:
        uid = article_uid(url, digest)
        if uid in taken:
            uid = article_uid(None, None)
        taken.add(uid)
        db.execute("UPDATE articles SET uid = ? WHERE id = ?", (uid, article_id))
    script(
        db,
        """
        CREATE UNIQUE INDEX articles_uid ON articles(uid);
        CREATE TRIGGER articles_uid_default AFTER INSERT ON articles WHEN new.uid IS NULL BEGIN
          UPDATE articles SET uid = lower(hex(randomblob(16))) WHERE id = new.id;
        END;
        """,
    )


@migrations()
def create_highlight_trash(db: Database) -> None:
    """Deleted highlights, with their last text, note and tags (JSON), until restored or
    purged: a highlight deleted on one device and edited on another is kept here."""
    script(
        db,
        """
        CREATE TABLE highlight_trash (
            id TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            text_hash TEXT NOT NULL DEFAULT '',
            colour TEXT NOT NULL DEFAULT 'yellow',
            style TEXT NOT NULL DEFAULT 'highlight',
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'anchored',
            tags TEXT NOT NULL DEFAULT '[]',
            deleted_at TEXT NOT NULL
        );
        CREATE INDEX highlight_trash_article ON highlight_trash(article_id);
        CREATE INDEX highlight_trash_deleted ON highlight_trash(deleted_at);
        """,
    )


@migrations()
def create_sync_state(db: Database) -> None:
    """What sync keeps on this device: its settings, the engine's state (as updates), how
    far each folder file was read, changes waiting to be captured, records waiting to be
    written to the folder, rows waiting for their article's text, files set aside."""
    script(
        db,
        """
        CREATE TABLE sync_config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE sync_doc (seq INTEGER PRIMARY KEY, "update" BLOB NOT NULL);
        CREATE TABLE sync_files (
            name TEXT PRIMARY KEY, segment TEXT NOT NULL, "offset" INTEGER NOT NULL
        );
        CREATE TABLE sync_pending (
            tbl TEXT NOT NULL, key TEXT NOT NULL, col TEXT NOT NULL, old,
            PRIMARY KEY (tbl, key, col)
        ) WITHOUT ROWID;
        CREATE TABLE sync_outbox (seq INTEGER PRIMARY KEY, record BLOB NOT NULL);
        CREATE TABLE sync_waiting (
            tbl TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (tbl, key)
        ) WITHOUT ROWID;
        CREATE TABLE sync_set_aside (
            name TEXT PRIMARY KEY, segment TEXT NOT NULL, reason TEXT NOT NULL
        );
        """,
    )


@migrations()
def track_changes_for_sync(db: Database) -> None:
    """Triggers that note every change to what syncs (see ``synced.py``), column by column
    with the value before, so that sync writes only what changed on this device."""
    script(db, trigger_sql(_columns(db)))


def _columns(db: Database) -> dict[str, set[str]]:
    """Every table's columns as they are now (for triggers made from declarations)."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: {r[1] for r in db.execute(f"PRAGMA table_info({t!r})").fetchall()} for t in tables}


@migrations()
def create_pictures(db: Database) -> None:
    """Pictures stored once by the sha256 of their bytes, and which articles use them.

    A picture goes when its last use goes (a trigger: an article deleted for good, purged
    from the trash, or imported again without it), so no code path can leave one behind.
    Adding or removing a use counts as a change for the periodic backup.
    """
    script(
        db,
        """
        CREATE TABLE pictures (
            hash TEXT PRIMARY KEY,
            media_type TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            added_at TEXT NOT NULL,
            data BLOB NOT NULL
        );
        CREATE TABLE article_pictures (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            hash TEXT NOT NULL REFERENCES pictures(hash),
            alt TEXT NOT NULL DEFAULT '',
            caption TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (article_id, position)
        );
        CREATE INDEX article_pictures_hash ON article_pictures(hash);
        CREATE TRIGGER article_pictures_unused AFTER DELETE ON article_pictures
        WHEN NOT EXISTS (SELECT 1 FROM article_pictures WHERE hash = old.hash) BEGIN
          DELETE FROM pictures WHERE hash = old.hash;
        END;
        """,
    )
    for event in ("INSERT", "DELETE"):
        db.execute(
            f"CREATE TRIGGER article_pictures_count_{event.lower()} AFTER {event} "
            "ON article_pictures BEGIN UPDATE change_count SET count = count + 1; END"
        )
