"""The merge engine's document: the synced tables as a CRDT (pycrdt, the Yjs engine), and
the two ways between it and the library's tables: ``capture`` (what changed here goes
into the document) and ``values`` (what a row should hold after merging).

Layout of the document, per synced table (see ``storage/synced.py`` for the rules):

- a root map named after the table, with ``KEY|_`` = "live" or "gone" (deleted for
  good), ``KEY|COL`` for ``VALUE``, ``REF`` and ``BODY`` columns, ``KEY|COL@DEVICE`` =
  "when|value" for ``NEWEST`` ones, and ``KEY|COL~DEVICE`` touched whenever that device
  edits the row's text or tags (so the change shows as an event on the table's map);
- a root text ``TABLE|KEY|COL`` for each ``TEXT`` column, a root map ``TABLE|KEY|tags``
  (lower-case name -> name, or None once removed) for the tags.

Flat keys and root-level texts and maps, rather than one nested map per row: two
devices that make the same row (the same page imported on both) would each make their
own nested map, and the engine keeps one of them whole, losing the other's fields;
fields and root types of the same name merge instead.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reader.core.storage.synced import BODY, BY_NAME, NEWEST, REF, SYNCED, TAGS, TEXT, SyncedTable
from reader.core.storage.synced_rows import blob_hash
from reader.core.sync.text_merge import join_text, merge_text

if TYPE_CHECKING:
    from pycrdt import Map, Text

    from reader.core.storage.synced_rows import SyncedRows

LIVE, GONE = "live", "gone"
UNKNOWN = "unknown"  # a row the document has heard of only through another's edit
INCOMPLETE = "incomplete"  # a row with a change held back until what it builds on arrives


_MISSING = object()


def stamp() -> str:
    """Now, as the change triggers write it (milliseconds, UTC)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class BadValue(ValueError):
    """A value in the document that does not fit its column (another device's bug, or a
    hostile file): the row is left as it is and named."""


class Replica:
    """One library's document, loaded from its saved updates."""

    def __init__(self, updates: list[bytes], client_id: int | None = None) -> None:
        from pycrdt import Doc, Map  # the Yjs engine, 80 ms: loaded when sync first runs

        # a new client id each load, random unless given (a replayed test run): a
        # client's clock is never reused
        self.doc = Doc(client_id=client_id)
        for update in updates:
            self.doc.apply_update(update)
        self._maps: dict[str, Map] = {t.name: self.doc.get(t.name, type=Map) for t in SYNCED}
        self._devices: Map = self.doc.get("devices", type=Map)
        self.changed: set[tuple[str, str]] = set()  # rows another device's update touched
        self._unsure: set[str] = set()  # tables whose touched rows the engine could not say
        self._recording = False
        self._subscriptions = [_observe(m, self._observer(name)) for name, m in self._maps.items()]

    def _observer(self, table: str) -> Callable[[Any], None]:
        # one argument: pycrdt passes the transaction too to a callback that takes two
        def note(event: Any) -> None:
            if not self._recording:
                return
            try:
                keys = event.keys  # made only when asked for
            except BaseException as e:
                # Workaround (pycrdt 0.14, yrs 0.28): working out the keys panics when a
                # key's newest entry arrived already deleted (updates delivered out of
                # order); the update itself is merged. Every row of the table is looked
                # at instead (written only where it differs), rather than the panic
                # ending this and every later sync.
                if type(e).__name__ != "PanicException":
                    raise
                self._unsure.add(table)
                return
            self.changed.update((table, key.split("|", 1)[0]) for key in keys)

        return note

    # -- state -----------------------------------------------------------------

    def state(self) -> bytes:
        """The state vector: how far this document has heard from each writer."""
        return self.doc.get_state()

    def whole(self) -> bytes:
        """Everything, as one update (a snapshot)."""
        return self.doc.get_update()

    def since(self, state: bytes) -> bytes:
        """What happened after ``state``, as one update."""
        return self.doc.get_update(state)

    def covers(self, state: bytes) -> bool:
        """Whether this document already holds everything that ``state`` describes."""
        mine = decode_state(self.state())
        return all(mine.get(client, 0) >= clock for client, clock in decode_state(state).items())

    def apply(self, update: bytes) -> None:
        """Merge another device's update; the rows it touched are added to ``changed``.
        Raises ``ValueError`` for an update the engine cannot read."""
        self._recording = True
        try:
            self.doc.apply_update(update)
        except BaseException as e:  # pycrdt raises its own, and Rust panics, for bad updates
            if not isinstance(e, Exception) and type(e).__name__ != "PanicException":
                raise  # KeyboardInterrupt, SystemExit
            raise ValueError(f"the merge engine cannot read it ({type(e).__name__}: {e})") from e
        finally:
            self._recording = False
            for table in self._unsure:
                every = self._maps[table].keys()
                self.changed.update((table, field.split("|", 1)[0]) for field in every)
            self._unsure.clear()

    # -- this device's changes into the document --------------------------------

    def capture(
        self,
        db: sqlite3.Connection,
        rows: SyncedRows,
        pending: dict[tuple[str, str], dict[str, Any]],
        device: str,
        bodies: dict[str, bytes],
    ) -> tuple[bytes, set[tuple[str, str]]]:
        """Write the rows changed here into the document, column by column as the change
        triggers noted them. Returns the update (empty if nothing changed) and the rows
        whose merged value now differs from the library's (a note edited on both sides),
        to be written back. Bodies to put in the folder are added to ``bodies``."""
        before = self.state()
        again: set[tuple[str, str]] = set()
        when = stamp()
        order = {t.name: i for i, t in enumerate(SYNCED)}
        with self.doc.transaction():
            if device not in self._devices:
                self._devices[device] = when
            for (table, key), changes in sorted(pending.items(), key=lambda kv: order[kv[0][0]]):
                if (
                    table in BY_NAME
                    and key is not None
                    and self._capture_row(
                        db, rows, BY_NAME[table], key, changes, device, when, bodies
                    )
                ):
                    again.add((table, key))
        after = self.state()
        return (self.since(before) if after != before else b""), again

    def _capture_row(
        self,
        db: sqlite3.Connection,
        rows: SyncedRows,
        t: SyncedTable,
        key: str,
        changes: dict[str, Any],
        device: str,
        when: str,
        bodies: dict[str, bytes],
    ) -> bool:
        m = self._maps[t.name]
        local = rows.read(db, t.name, key)
        state = m.get(f"{key}|_")
        if local is None:
            if state == LIVE:
                self._purge(t, key)
            return False
        # joining: a row made here ("*": inserted) that the document knows already: on a
        # device's first sync ("+"), or made here before another device's copy of it was
        # written here (its body still on the way): its values there stand
        joining = state == LIVE and ("+" in changes or "*" in changes)
        fresh = state != LIVE or "*" in changes
        # made here while the document has not heard of the row: its values go in as this
        # device's first values, below any change made to it anywhere (the same page
        # imported on two devices while one marks it a favourite: the mark stands)
        first = state != LIVE
        for group in t.together:
            if any(c in changes for c in group):
                changes = {c: None for c in group} | changes
        if state != LIVE:
            m[f"{key}|_"] = LIVE
        differs = False
        for c in t.columns:
            if c.rule == TAGS:
                differs |= self._capture_tags(
                    t, key, local.get("tags") or [], changes, fresh, joining, device
                )
                continue
            if not fresh and c.name not in changes:
                continue
            value = local.get(c.name)
            field = f"{key}|{c.name}"
            # joining: a row made here that the document knows already; its values there
            # stand, but for what was changed here since (a restored highlight's deleted_at)
            keep = joining and c.name not in changes
            if c.rule == TEXT:
                text = self._text(t.name, key, c.name)
                if keep or (fresh and state == LIVE):  # known there: kept beside it
                    merged = join_text(text, value or "")
                else:
                    base = "" if fresh else (changes.get(c.name) or "")
                    merged = merge_text(text, base, value or "")
                if merged is not None:
                    m[f"{field}~{device}"] = when
                    differs |= merged != (value or "")
            elif c.rule == NEWEST:
                changed_at = changes.get(c.name) if c.name in changes else ""
                if not (keep and changed_at == ""):
                    m[f"{field}@{device}"] = f"{changed_at or ''}|{value}"
            elif c.rule == BODY:
                data = (value or "").encode("utf-8")
                digest = blob_hash(data)
                bodies[digest] = data
                if first and c.name not in changes:
                    differs |= _first_value(m, field, device, digest, False)
                else:
                    current = self._current(m, field)
                    if keep and current not in (None, _MISSING):
                        differs |= current != digest
                    elif current != digest:
                        m[field] = digest
            elif first and c.name not in changes:  # else changed here since it was made
                differs |= _first_value(m, field, device, value, c.integer)
            else:
                current = self._current(m, field)
                if keep and current not in (None, _MISSING):
                    differs |= not _same(current, value, c.integer)  # written here next
                    continue
                if current is _MISSING or not _same(current, value, c.integer):
                    m[field] = value  # every column of a new row, None too: see values()
        return differs

    def _current(self, m: Map, field: str) -> Any:
        """A field's merged value (a change made anywhere, else the first value), or
        ``_MISSING``."""
        value = m.get(field, _MISSING)
        if value is _MISSING:
            value = _first(m.get, sorted(self._devices.keys()), field)
        return value

    def _capture_tags(
        self,
        t: SyncedTable,
        key: str,
        names: list[str],
        changes: dict[str, Any],
        fresh: bool,
        joining: bool,
        device: str,
    ) -> bool:
        tags = self._tag_map(t.name, key)
        have = {n.lower(): n for n in names}
        touched = False
        if fresh:
            for low, name in have.items():
                if tags.get(low) != name:
                    tags[low] = name
                    touched = True
        for col, was in changes.items():
            if not col.startswith("tag:"):
                continue
            low = col[4:]
            present = low in have
            if present != bool(was) and not fresh:
                tags[low] = have.get(low)
                touched = True
        if touched:
            self._maps[t.name][f"{key}|tags~{device}"] = stamp()
        merged = {v.lower() for v in tags.values() if isinstance(v, str)}
        return merged != set(have)

    def _purge(self, t: SyncedTable, key: str) -> None:
        m = self._maps[t.name]
        m[f"{key}|_"] = GONE
        for c in t.columns:
            if c.rule == TEXT:
                self._text(t.name, key, c.name).clear()
            elif c.rule == TAGS:
                self._tag_map(t.name, key).clear()
            elif c.rule != NEWEST:
                field = f"{key}|{c.name}"
                for name in [field, *(f"{field}#{d}" for d in self._devices.keys())]:  # noqa: SIM118 (typed)
                    if name in m:
                        del m[name]

    # -- what a row holds after merging ------------------------------------------

    def values(self, table: str, key: str) -> dict[str, Any] | str | None:
        """The merged row (``BODY`` as its hash), ``None`` if deleted for good, ``UNKNOWN``
        if the document knows only edits of it so far, ``INCOMPLETE`` while one of its
        changes waits for an earlier one. ``BadValue`` if it cannot be written."""
        found = self.many([(table, key)])[0]
        if isinstance(found, BadValue):
            raise found
        return found

    def many(self, rows: list[tuple[str, str]]) -> list[dict[str, Any] | str | BadValue | None]:
        """``values`` of many rows, read in one transaction (the engine's reads were most
        of the time spent applying another device's changes); a row that cannot be
        written is its ``BadValue`` in the list."""
        with self.doc.transaction() as txn:
            getters = {name: _getter(m, txn) for name, m in self._maps.items()}
            devices = sorted(self._devices.keys())
            out: list[dict[str, Any] | str | BadValue | None] = []
            for table, key in rows:
                try:
                    out.append(self._values(BY_NAME[table], key, getters[table], devices))
                except BadValue as e:
                    out.append(e)
            return out

    def _values(
        self, t: SyncedTable, key: str, get: Callable[..., Any], devices: list[str]
    ) -> dict[str, Any] | str | None:
        table = t.name
        state = get(f"{key}|_")
        if state == GONE:
            return None
        if state != LIVE:
            return UNKNOWN
        out: dict[str, Any] = {}
        for c in t.columns:
            if c.rule == TEXT:
                out[c.name] = str(self._text(table, key, c.name))
            elif c.rule == TAGS:
                names = [v for v in self._tag_map(table, key).values() if isinstance(v, str)]
                out["tags"] = sorted(names, key=str.lower)
            elif c.rule == NEWEST:
                out[c.name] = _newest(get, devices, key, c.name, c.integer)
            else:
                value = get(f"{key}|{c.name}", _MISSING)
                if value is _MISSING:  # no change made to it since: a device's first value
                    value = _first(get, devices, f"{key}|{c.name}")
                if value is _MISSING:
                    # Another device's change has arrived before one it builds on: the
                    # engine has applied its removal of the old value and holds the new
                    # one back until the rest arrives. Written then.
                    return INCOMPLETE
                out[c.name] = _checked(c.name, value, c.integer, c.rule)
        return out

    def keys(self, table: str) -> set[str]:
        """Every row the document holds of a table (live or gone)."""
        return {k.split("|", 1)[0] for k in self._maps[table].keys() if k.endswith("|_")}  # noqa: SIM118 (typed)

    def _text(self, table: str, key: str, column: str) -> Text:
        from pycrdt import Text  # loaded with the document (see __init__)

        return self.doc.get(f"{table}|{key}|{column}", type=Text)

    def _tag_map(self, table: str, key: str) -> Map:
        from pycrdt import Map  # loaded with the document (see __init__)

        return self.doc.get(f"{table}|{key}|tags", type=Map)


def _newest(
    get: Callable[..., Any], devices: list[str], key: str, column: str, integer: bool
) -> Any:
    best: tuple[str, str] | None = None
    for device in devices:
        raw = get(f"{key}|{column}@{device}")
        if not isinstance(raw, str) or "|" not in raw:
            continue
        when, value = raw.split("|", 1)
        if best is None or when > best[0]:
            best = (when, value)
    if best is None:
        return 0 if integer else None
    if integer:
        try:
            return int(best[1])
        except ValueError:
            raise BadValue(f"{column} is {best[1]!r}, not a number") from None
    return best[1]


def _first_value(m: Map, field: str, device: str, value: Any, integer: bool) -> bool:
    """Write a row's value as made on ``device`` (``FIELD#DEVICE``), the value the row
    holds until a device changes it (``FIELD``). Returns whether such a change stands
    already, so that the row here must be written again."""
    m[f"{field}#{device}"] = value
    return field in m and not _same(m.get(field), value, integer)


def _first(get: Callable[..., Any], devices: list[str], field: str) -> Any:
    """The first value of a row made on several devices without either seeing the
    other: the first device's by name, the same choice everywhere."""
    for device in devices:
        value = get(f"{field}#{device}", _MISSING)
        if value is not _MISSING:
            return value
    return _MISSING


def _observe(m: Map, callback: Callable[[Any], None]) -> Any:
    """``m.observe(callback)``, for a callback that reads only ``event.keys``. Workaround
    (pycrdt 0.14): the public ``observe`` converts every changed key's old and new values
    to Python before calling (two thirds of the time spent merging 10,000 changes); the
    binding's own ``observe`` hands over its event, whose ``keys`` are made when read.
    Used while pycrdt has it (``test_replica_reads.py``), else the public one."""
    native = getattr(getattr(m, "integrated", None), "observe", None)
    if native is None:
        return m.observe(callback)
    return native(callback)


def _getter(m: Map, txn: Any) -> Callable[..., Any]:
    """``m.get`` for many reads in one transaction. Workaround (pycrdt 0.14): the public
    ``Map.get`` opens two more transactions and checks the key on every call (about
    20 µs a read: 40% of the time spent applying 10,000 changes); the binding's own
    ``get`` takes 2 µs. Used while pycrdt has it (``test_replica_reads.py`` fails when
    it stops working), else the public ``get``."""
    native = getattr(getattr(m, "integrated", None), "get", None)
    raw = getattr(txn, "_txn", None)
    if native is None or raw is None:
        return m.get

    def get(key: str, default: Any = None) -> Any:
        try:
            return native(raw, key)
        except ValueError:  # the binding's "Key error"
            return default

    return get


def _same(current: Any, value: Any, integer: bool) -> bool:
    if integer and isinstance(current, float) and value is not None:
        return current == value
    return current == value and type(current) is type(value)


def _checked(name: str, value: Any, integer: bool, rule: str) -> Any:
    if value is None:
        return None
    if integer:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise BadValue(f"{name} is {value!r}, not a whole number")
        return int(value)
    if not isinstance(value, str):
        raise BadValue(f"{name} is {type(value).__name__}, not text")
    if rule in (BODY, REF) and not value:
        raise BadValue(f"{name} is empty")
    return value


def decode_state(state: bytes) -> dict[int, int]:
    """A Yjs state vector (varints: count, then client and clock pairs) as a dict."""
    pos = 0

    def varint() -> int:
        nonlocal pos
        shift = value = 0
        while True:
            if pos >= len(state):
                raise ValueError("state vector cut short")
            byte = state[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    out = {}
    for _ in range(varint()):
        client = varint()
        out[client] = varint()
    return out


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
