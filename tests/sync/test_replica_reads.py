"""The document's fast reads (``replica._getter``): the same answers as pycrdt's public
``Map.get``, and the binding's own ``get`` still used (the workaround's check: when a
pycrdt release drops it, this fails and the workaround can go or change)."""

from __future__ import annotations

from pycrdt import Doc, Map

from reader.core.sync.replica import _getter


def test_fast_reads_answer_as_the_public_get_does():
    doc = Doc()
    m = doc.get("articles", type=Map)
    m["a|title"] = "Tea"
    m["a|favorite"] = 1
    m["a|note"] = None
    with doc.transaction() as txn:
        get = _getter(m, txn)
        assert get is not m.get, "pycrdt's binding has no get(txn, key) any more"
        for key in ("a|title", "a|favorite", "a|note", "missing"):
            assert get(key) == m.get(key)
        marker = object()
        assert get("missing", marker) is marker
        assert get("a|note", marker) is None


def test_the_document_names_the_rows_another_devices_update_touched():
    from reader.core.sync.replica import Replica, _observe

    assert _observe.__doc__  # the workaround below is in use while pycrdt has it
    a, b = Replica([]), Replica([])
    assert hasattr(b._maps["articles"], "integrated"), "pycrdt's binding changed"
    a._maps["articles"]["u1|title"] = "Tea"
    a._maps["highlights"]["h1|note"] = None
    b.apply(a.whole())
    assert b.changed == {("articles", "u1"), ("highlights", "h1")}
    b.changed.clear()
    b._maps["articles"]["u2|title"] = "made here"  # not another device's: not recorded
    assert b.changed == set()
