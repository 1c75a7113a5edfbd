"""What syncs between devices, declared: each synced table, its key, and each column's
merge rule. The sync engine (``reader.core.sync``) and the change-tracking triggers
(``trigger_sql``) are built from this list, so a new kind of stored thing joins sync by
adding a ``SyncedTable`` here and a migration that calls ``trigger_sql`` again.

Rules (what happens when two devices change the same column of the same row):

- ``VALUE``: the later change wins; two changes made without seeing each other are
  ordered by the engine, the same way on every device.
- ``TEXT``: both edits are kept, merged character by character (a text CRDT).
- ``NEWEST``: the change with the newest clock time wins (the reading position).
- ``BODY``: like ``VALUE``, but the value (an article's blocks) travels as a
  content-addressed file written once; the row holds its hash.
- ``REF``: like ``VALUE``, holding another synced table's key (a highlight's article).
- ``TAGS``: a set: each tag's presence is its own ``VALUE``, so tags added on two
  devices are both kept.

Deleting to a trash is a ``VALUE`` (``deleted_at``): a row deleted on one device and
edited on another stays deleted, with the edit (highlights move to ``highlight_trash``).
Deleting for good removes the row on every device. Window settings never sync.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

from reader.core.storage.synced_parts import part_triggers

VALUE, TEXT, NEWEST, BODY, REF, TAGS = "value", "text", "newest", "body", "ref", "tags"


@dataclass(frozen=True)
class Column:
    name: str
    rule: str = VALUE
    integer: bool = False  # stored as a number (the engine's numbers are floats)
    ref: str = ""  # REF: the synced table it points into


@dataclass(frozen=True)
class SyncedTable:
    """One synced table. ``key`` is the column that names a row on every device; a
    ``REF`` column is stored locally as ``local_ref`` (the local row id of the other
    table) and synced as that row's key. ``trash`` names a table holding the deleted
    rows (the same columns, ``tags`` as JSON, ``deleted_at``); without it ``deleted_at``
    is a column of the table itself. ``tags`` names the link table of a ``TAGS``
    column and the column in it that points at this table."""

    name: str
    key: str
    columns: tuple[Column, ...]
    local_id: str = "id"  # the local row id other tables point at
    trash: str = ""
    tag_link: tuple[str, str] = ("", "")  # (link table, its column pointing here)
    derived: tuple[str, ...] = ()  # local columns made from the BODY on each device
    # columns that travel together: a change to one sends them all (a highlight's place,
    # which a device may have worked out for itself when its article's text changed)
    together: tuple[tuple[str, ...], ...] = ()
    refs_local: dict[str, str] = field(default_factory=dict)  # REF column -> local column
    # a part of an article (its outline, its book metadata): one row per article, keyed
    # by the article's key, read and written by ``synced_parts`` (the table has none)
    part_of: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def stored(self) -> tuple[Column, ...]:
        """The columns kept in the table's own row (not the tags)."""
        return tuple(c for c in self.columns if c.rule != TAGS)


ARTICLES = SyncedTable(
    name="articles",
    key="uid",
    columns=(
        Column("url"),
        Column("title"),
        Column("author"),
        Column("site"),
        Column("published"),
        Column("source_kind"),
        Column("added_at"),
        Column("updated_at"),
        Column("opened_at"),
        Column("deleted_at"),
        Column("archived", integer=True),
        Column("favorite", integer=True),
        Column("reading_position", NEWEST, integer=True),
        Column("note", TEXT),
        Column("blocks", BODY),
        Column("tags", TAGS),
    ),
    tag_link=("article_tags", "article_id"),
    derived=("text", "content_hash", "word_count"),
)

HIGHLIGHTS = SyncedTable(
    name="highlights",
    key="id",
    columns=(
        Column("article", REF, ref="articles"),
        Column("start", integer=True),
        Column("end", integer=True),
        Column("exact"),
        Column("prefix"),
        Column("suffix"),
        Column("text_hash"),
        Column("colour"),
        Column("style"),
        Column("state"),
        Column("created_at"),
        Column("updated_at"),
        Column("deleted_at"),
        Column("note", TEXT),
        Column("tags", TAGS),
    ),
    trash="highlight_trash",
    tag_link=("highlight_tags", "highlight_id"),
    together=(("start", "end", "exact", "prefix", "suffix", "text_hash", "state"),),
    refs_local={"article": "article_id"},
)

# Review state (issue 17, second round): a highlight's card, each column the later
# change (two devices reviewing one card at once: one schedule wins, column by column),
# and every review ever made (the log only grows: both devices' reviews are kept, and
# FSRS fits its parameters to all of them). Keyed by the highlight's id, the same on
# every device.
REVIEW_CARDS = SyncedTable(
    name="review_cards",
    key="highlight_id",
    local_id="highlight_id",
    columns=(
        Column("card"),
        Column("due"),
        Column("last_review"),
        Column("reps", integer=True),
        Column("favorite", integer=True),
        Column("discarded_at"),
        Column("cloze_start", integer=True),
        Column("cloze_end", integer=True),
        Column("updated_at"),
    ),
)

REVIEW_LOG = SyncedTable(
    name="review_log",
    key="id",
    columns=(
        Column("highlight_id"),
        Column("rating", integer=True),
        Column("reviewed_at"),
        Column("duration_ms", integer=True),
        Column("due_before"),
        Column("due_after"),
    ),
)

# Feeds (issue 17, second round): the subscriptions and what the user chose for each,
# keyed by the feed's address; how far each device has fetched (etag, entries seen,
# failures) stays with that device, which fetches for itself (an entry fetched on two
# devices is one article: its address names it everywhere).
FEEDS = SyncedTable(
    name="feeds",
    key="url",
    columns=(
        Column("kind"),
        Column("title"),
        Column("site_url"),
        Column("tags"),
        Column("full_text"),
        Column("options"),
        Column("added_at"),
    ),
)

# Outlines and book metadata (issue 17, third round): parts of an article, one synced row
# each, keyed by the article's key; an outline travels whole with the hash of the text it
# was made for (see ``synced_parts``).
OUTLINES = SyncedTable(
    name="outlines",
    key="article",
    columns=(Column("entries"), Column("text_hash")),
    together=(("entries", "text_hash"),),
    part_of="articles",
)

BOOKS = SyncedTable(name="books", key="article", columns=(Column("info"),), part_of="articles")

# In the order rows are applied: a table before the tables that point into it.
SYNCED: tuple[SyncedTable, ...] = (
    ARTICLES,
    HIGHLIGHTS,
    REVIEW_CARDS,
    REVIEW_LOG,
    FEEDS,
    OUTLINES,
    BOOKS,
)
BY_NAME = {t.name: t for t in SYNCED}


def article_uid(url: str | None, content_hash: str | None) -> str:
    """An article's key on every device: from its address, else its text's hash, else
    random. The same page imported on two devices gets one key, and so one article."""
    if url:
        return hashlib.sha256(b"url\0" + url.encode("utf-8")).hexdigest()[:32]
    if content_hash:
        return hashlib.sha256(b"text\0" + content_hash.encode("ascii")).hexdigest()[:32]
    return os.urandom(16).hex()


def _q(name: str) -> str:
    return f'"{name}"'


def trigger_sql(existing: dict[str, set[str]] | None = None) -> str:
    """The triggers that note changes to what syncs in ``sync_pending`` (table, key,
    column, value before; the first value before is kept until sync reads it).

    ``existing`` maps tables to their columns as they are now (a migration passes
    them): triggers are made only for what exists, and made again (dropped first) by
    each migration that changes what syncs.
    """
    out: list[str] = []

    def has(table: str, column: str | None = None) -> bool:
        if existing is None:
            return True
        return table in existing and (column is None or column in existing[table])

    def pending(tbl: str, key: str, col: str, old: str = "NULL", where: str = "") -> str:
        cond = f" WHERE {where}" if where else ""
        return (
            f"INSERT OR IGNORE INTO sync_pending (tbl, key, col, old) "
            f"SELECT '{tbl}', {key}, '{col}', {old}{cond};"
        )

    for table in SYNCED:
        if not has(table.name):
            continue
        if table.part_of:
            out += part_triggers(table.name, tuple(c.name for c in table.columns), _trigger)
            continue
        t, k = table.name, table.key
        watched = [c for c in table.stored if has(t, table.refs_local.get(c.name, c.name))]
        new_key, old_key = f"new.{_q(k)}", f"old.{_q(k)}"
        body = [pending(t, new_key, "*")]
        out.append(_trigger(f"{t}_sync_insert", f"AFTER INSERT ON {t}", body))

        def updated(
            source: str, table: SyncedTable = table, watched: list[Column] = watched, t: str = t
        ) -> list[str]:
            body = []
            for c in watched:
                local = _q(table.refs_local.get(c.name, c.name))
                if c.rule == VALUE and c.name == "deleted_at" and table.trash:
                    continue  # deleted rows live in the trash table
                if not has(source, table.refs_local.get(c.name, c.name)):
                    continue
                cond = f"old.{local} IS NOT new.{local}"
                if c.rule == NEWEST:  # when it changed (the newest wins), kept up to date
                    when = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                    body.append(
                        pending(t, f"new.{_q(table.key)}", c.name, when, cond).replace(
                            "OR IGNORE", "OR REPLACE"
                        )
                    )
                    continue
                before = f"old.{local}" if c.rule == TEXT else "NULL"  # a text merges from it
                body.append(pending(t, f"new.{_q(table.key)}", c.name, before, cond))
            return body

        out.append(_trigger(f"{t}_sync_update", f"AFTER UPDATE ON {t}", updated(t)))
        out.append(
            _trigger(
                f"{t}_sync_delete", f"AFTER DELETE ON {t}", [pending(t, old_key, "deleted_at")]
            )
        )
        if table.trash and has(table.trash):
            tr = table.trash
            out.append(
                _trigger(
                    f"{tr}_sync_insert",
                    f"AFTER INSERT ON {tr}",
                    [pending(t, new_key, "deleted_at")],
                )
            )
            out.append(
                _trigger(
                    f"{tr}_sync_delete",
                    f"AFTER DELETE ON {tr}",
                    [pending(t, old_key, "deleted_at", "old.deleted_at")],
                )
            )
            # a deleted row changed where it lies (placed again in its article's new text
            # on this device): sent, or each device would place it from its own history
            body = updated(tr)
            if body:
                out.append(_trigger(f"{tr}_sync_update", f"AFTER UPDATE ON {tr}", body))
        link, owner = table.tag_link
        if link and has(link):
            if table.local_id == k:
                key_of = "{row}." + owner
            else:
                key_of = f"(SELECT {_q(k)} FROM {t} WHERE {table.local_id} = {{row}}.{owner})"
            tag = "'tag:' || (SELECT lower(name) FROM tags WHERE id = {row}.tag_id)"
            for event, row, before in (("insert", "new", "0"), ("delete", "old", "1")):
                key = key_of.format(row=row)
                col = tag.format(row=row)
                sql = (
                    f"INSERT OR IGNORE INTO sync_pending (tbl, key, col, old) "
                    f"SELECT '{t}', {key}, {col}, {before} WHERE {key} IS NOT NULL "
                    f"AND {col} IS NOT NULL;"
                )
                out.append(
                    _trigger(f"{link}_sync_{event}", f"AFTER {event.upper()} ON {link}", [sql])
                )
    return "\n".join(out)


def _trigger(name: str, when: str, body: list[str]) -> str:
    inner = "\n  ".join(body)
    return f"DROP TRIGGER IF EXISTS {name};\nCREATE TRIGGER {name} {when} BEGIN\n  {inner}\nEND;"
