"""A note edited on several devices at once keeps every device's words whole: each edit
is found word by word and placed apart from others' words (see ``text_merge``). The
soak lost words this way ("w7w6" glued, "w2" split into "2" and "w")."""

from __future__ import annotations

import random

from pycrdt import Doc, Text

from reader.core.sync.text_merge import merge_text


def _doc(client: int, value: str = "") -> tuple[Doc, Text]:
    doc = Doc(client_id=client)
    text = doc.get("note", type=Text)
    if value:
        text += value
    return doc, text


def test_words_added_in_two_places_while_others_added_theirs_stay_apart():
    # the soak's case, shrunk: one device's edit added words before and after the old
    # ones; as one stretch it replaced them, and another's word was glued to a new one
    _, text = _doc(1, "   w7 w2  w9 w1  w11  w3 ")  # others' words merged since
    merged = merge_text(text, "  w2 w1 ", " w6     w8  w5 w4 w2 w1  w10 ")
    assert merged is not None
    assert sorted(merged.split()) == sorted(
        ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "w10", "w11"]
    )


def test_a_word_put_before_a_like_word_is_inserted_whole():
    # " w170 " put before "w1": found character by character it was "70  w1" inserted
    # after "w1", and an "s" typed after "w1" on another device at once went into it
    for first, second in ((1, 2), (2, 1)):
        a, note_a = _doc(first, " w1 x")
        b, note_b = _doc(second)
        b.apply_update(a.get_update())
        merge_text(note_a, " w1 x", " w170  w1 x")
        merge_text(note_b, " w1 x", " w1s x")
        a.apply_update(b.get_update())
        b.apply_update(a.get_update())
        assert str(note_a) == str(note_b)
        assert sorted(str(note_a).split()) == ["w170", "w1s", "x"]


def _insert_word(note: str, word: str, rng: random.Random) -> str:
    at = rng.randrange(len(note) + 1)
    at = note.rfind(" ", 0, at) + 1 if " " in note[:at] else 0  # at a word's edge
    return f"{note[:at]} {word} {note[at:]}"


def test_random_edits_on_three_devices_keep_every_word_whole():
    """Three devices add words to one note, hear each other at random and capture their
    edits as sync does (the engine's text may hold others' words the edit never saw)."""
    for seed in range(300):
        _three_devices_edit(random.Random(seed), seed)


def _three_devices_edit(rng: random.Random, seed: int) -> None:
    docs = [_doc(i + 1) for i in range(3)]
    library = ["", "", ""]  # the note as each device's library holds it
    base: list[str | None] = [None, None, None]  # before an edit not yet captured
    words = []

    def capture(i: int) -> None:
        before = base[i]
        if before is not None:
            merge_text(docs[i][1], before, library[i])
            base[i] = None
        library[i] = str(docs[i][1])

    for step in range(25):
        i = rng.randrange(3)
        if rng.random() < 0.4:
            words.append(f"w{step}")
            base[i] = library[i] if base[i] is None else base[i]
            library[i] = _insert_word(library[i], words[-1], rng)
        else:
            j = rng.choice([x for x in range(3) if x != i])
            if rng.random() < 0.7:
                docs[i][0].apply_update(docs[j][0].get_update())
            capture(i)
    for _ in range(2):
        for i in range(3):
            for j in range(3):
                if i != j:
                    docs[i][0].apply_update(docs[j][0].get_update())
            capture(i)
    assert library[0] == library[1] == library[2]
    assert sorted(library[0].split()) == sorted(words), f"seed {seed}: {library[0]!r}"
