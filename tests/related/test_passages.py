"""An article's passages: paragraphs, never a heading alone, long ones cut at a sentence."""

from reader.core.related import MAX_CHARS, fused_score, passages, word_overlap


def test_paragraphs_are_passages_and_short_lines_are_not():
    paragraph = ("First paragraph with enough words to be read as one. " * 2).strip()
    text = f"A title\n{paragraph}\nShort"
    found = passages(text)
    assert len(found) == 1 and text[found[0].start : found[0].end] == paragraph


def test_a_long_paragraph_is_cut_after_a_sentence_and_nothing_is_lost():
    sentence = "Every sentence here is a plain one of sixty characters long. "
    text = sentence * 60
    found = passages(text)
    assert len(found) > 1 and all(p.end - p.start <= MAX_CHARS for p in found)
    assert all(text[p.start : p.end].endswith(".") for p in found)
    assert found[0].start == 0 and found[-1].end == len(text.rstrip())


def test_word_overlap_and_the_full_text_bonus():
    assert word_overlap("The cat sat", "the CAT stood") == 0.5
    assert word_overlap("", "anything") == 0.0
    assert fused_score(0.5, None) == 0.5
    assert fused_score(0.5, 0) > fused_score(0.5, 3) > 0.5
