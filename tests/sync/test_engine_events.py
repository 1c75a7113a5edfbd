"""The engine's report of what an update touched: yrs panics working out a map's changed
keys when a key's newest entry arrives already deleted (updates delivered out of order,
as a file-sync engine does). Found by a random search over three pycrdt documents after
the soak's sync ended in that panic; every later sync of that device ended the same way."""

from __future__ import annotations

from pycrdt import Doc, Map

from reader.core.sync.replica import Replica

A, B = "a1|start", "b2|start"  # two highlights' fields, as the document names them


def _edit(doc: Doc, key: str, value: float | None) -> bytes:
    """Set (or, with None, delete) a field on ``doc``; the update it made."""
    before = doc.get_state()
    m = doc.get("highlights", type=Map)
    if value is None:
        del m[key]
    else:
        m[key] = value
    return doc.get_update(before)


def test_an_update_whose_keys_the_engine_cannot_name_still_marks_its_rows():
    zero, one = Doc(client_id=1), Doc(client_id=2)
    _edit(zero, A, 1)
    _edit(zero, A, 8)
    _edit(one, B, 0)
    _edit(one, B, None)
    _edit(zero, B, 7)
    _edit(one, B, 4)
    late = _edit(one, A, 7)  # arrives before the three it follows
    _edit(one, A, None)
    replica = Replica([], client_id=3)
    replica.apply(late)
    replica.doc.get("highlights", type=Map).pop(A)  # deleted here too
    replica.changed.clear()
    replica.apply(zero.get_update())  # panicked inside yrs before the workaround
    assert ("highlights", "b2") in replica.changed  # every row with a field now
    # and the update was merged: the document is the one that hears it all in order
    replica.apply(one.get_update())
    whole = Doc(client_id=4)
    for update in (zero.get_update(), one.get_update(), replica.whole()):
        whole.apply_update(update)
    mine, theirs = (d.get("highlights", type=Map).to_py() for d in (replica.doc, whole))
    assert mine == theirs
    assert mine == {B: 4.0} or mine == {B: 7.0}  # A deleted on two devices
