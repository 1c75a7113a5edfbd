"""W3C Web Annotation: a library survives JSON-LD and back; the export meets the model's MUSTs;
files in the shape other tools write import too."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from reader.core.document import Block
from reader.core.exporting import render_many, summarize
from reader.core.importing.annotations import import_annotations
from reader.core.models import COLOURS, ImportedArticle
from reader.core.storage.library import Library

SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "web_annotation_musts.schema.json"

ARTICLES = [
    ImportedArticle(
        "An essay with a URL",
        [
            Block("heading", "An essay", level=1),
            Block(
                "paragraph", "The quick brown fox jumps over the lazy dog, twice: the quick fox."
            ),
            Block("paragraph", "中文的句子在这里。 Emoji 😀 count as one code point."),
        ],
        "url",
        url="https://example.org/essay",
    ),
    ImportedArticle(
        "Notes without a URL",
        [
            Block("paragraph", "Plain text articles have no URL at all."),
            Block("paragraph", "So the quote itself must find the article again."),
        ],
        "text",
    ),
]


def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def fill(library: Library) -> list[int]:
    ids = [library.articles.add(a).article_id for a in ARTICLES]
    essay, notes = (library.articles.get(i).text for i in ids)
    made = []
    for n, (article_id, text, words) in enumerate(
        [
            (ids[0], essay, "quick brown fox"),
            (ids[0], essay, "the quick fox"),
            (ids[0], essay, "句子"),
            (ids[0], essay, "😀 count"),
            (ids[1], notes, "no URL at all"),
            (ids[1], notes, "the quote itself"),
        ]
    ):
        start = text.index(words)
        made.append(
            library.highlights.add(
                article_id,
                start,
                start + len(words),
                colour=COLOURS[n % len(COLOURS)],
                style="underline" if n % 3 == 2 else "highlight",
                note=f'note {n}\nsecond line, "quoted"' if n % 2 else "",
                tags=[f"tag-{n}", "shared"] if n % 2 == 0 else [],
            )
        )
    # Creation times from different days, as a real library has them.
    for n, h in enumerate(made):
        library.conn.execute(
            "UPDATE highlights SET created_at = ? WHERE id = ?",
            (f"2023-0{n + 1}-1{n}T0{n}:1{n}:2{n}Z", h.id),
        )
    library.conn.commit()
    return ids


def state(library: Library, article_id: int) -> list[tuple]:
    return sorted(
        (
            h.id,
            h.exact,
            h.start,
            h.end,
            h.colour,
            h.style,
            h.note,
            sorted(h.tags),
            h.created_at,
            h.state,
        )
        for h in library.highlights.of(article_id)
    )


def export_all(library: Library, path: Path) -> Path:
    summaries = [
        summarize(library.articles.get(a.id), library.highlights.of(a.id))
        for a in library.articles.list(archived=None)
    ]
    path.write_text(render_many(summaries, "jsonld"), encoding="utf-8")
    return path


def test_a_library_survives_json_ld_into_a_new_library(tmp_path):
    with Library(tmp_path / "first.db") as first:
        ids = fill(first)
        before = [state(first, i) for i in ids]
        path = export_all(first, tmp_path / "all.jsonld")
    with Library(tmp_path / "second.db") as second:
        # Another article first, so the article ids differ from the first library's.
        second.articles.add(
            ImportedArticle("Other", [Block("paragraph", "Unrelated words.")], "text")
        )
        new_ids = [second.articles.add(a).article_id for a in ARTICLES]
        assert new_ids != ids
        report = import_annotations(second, path)
        assert (report.added, report.orphaned, report.skipped) == (6, 0, [])
        assert [state(second, i) for i in new_ids] == before
        # Importing the same file again changes nothing and adds nothing.
        again = import_annotations(second, path)
        assert (again.added, again.updated) == (0, 6)
        assert [state(second, i) for i in new_ids] == before


def test_the_export_meets_every_must_of_the_data_model(library):
    check = validator()
    fill(library)
    summaries = [
        summarize(library.articles.get(a.id), library.highlights.of(a.id))
        for a in library.articles.list()
    ]
    for doc in [json.loads(render_many(summaries, "jsonld"))] + [
        json.loads(render_many([s], "jsonld")) for s in summaries
    ]:
        errors = [e.message for e in check.iter_errors(doc)]
        assert errors == []
        assert doc["total"] == len(doc["first"]["items"])


@pytest.mark.parametrize(
    "breakage",
    [
        lambda a: a.pop("id"),
        lambda a: a.__setitem__("@context", "http://example.org/other"),
        lambda a: a.__setitem__("bodyValue", "also a body"),
        lambda a: a.__setitem__("created", "yesterday"),
        lambda a: a["target"]["selector"][0].pop("exact"),
        lambda a: a["target"].pop("source"),
        lambda a: a.__setitem__("motivation", "liking"),
    ],
)
def test_the_must_check_can_fail(library, breakage):
    check = validator()
    fill(library)
    s = summarize(library.articles.get(1), library.highlights.of(1))
    doc = json.loads(render_many([s], "jsonld"))
    broken = copy.deepcopy(doc)
    annotation = broken["first"]["items"][1]
    annotation["@context"] = "http://www.w3.org/ns/anno.jsonld"
    annotation.setdefault("body", [{"type": "TextualBody", "value": "x"}])
    breakage(annotation)
    assert list(check.iter_errors(broken))


def test_hypothesis_style_annotations_import(library, tmp_path):
    """The shape Hypothesis-like tools write: a bare list, RangeSelectors we cannot use,
    a Markdown body, fractional-second times with an offset, a page comment."""
    fill(library)
    foreign = [
        {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "Annotation",
            "id": "https://hypothes.is/a/AbC123",
            "created": "2019-05-01T12:00:00.123456+02:00",
            "motivation": "commenting",
            "body": [
                {"type": "TextualBody", "value": "**why** it matters", "format": "text/markdown"},
                {"type": "TextualBody", "purpose": "tagging", "value": "fox"},
            ],
            "target": [
                {
                    "source": "https://example.org/essay",
                    "selector": [
                        {"type": "RangeSelector", "startSelector": {"type": "XPathSelector"}},
                        {"type": "TextPositionSelector", "start": 9999, "end": 10010},
                        {
                            "type": "TextQuoteSelector",
                            "exact": "lazy dog",
                            "prefix": "jumps over the ",
                            "suffix": ", twice",
                        },
                    ],
                }
            ],
        },
        {  # no URL we know: found by its quote
            "type": "Annotation",
            "id": "https://hypothes.is/a/Quote1",
            "target": {
                "source": "file:///home/someone/notes.txt",
                "selector": {"type": "TextQuoteSelector", "exact": "must find the article"},
            },
        },
        {  # a comment on a whole page: nothing to highlight
            "type": "Annotation",
            "id": "https://hypothes.is/a/Page",
            "bodyValue": "Nice page",
            "target": "https://example.org/essay",
        },
    ]
    path = tmp_path / "hypothesis.jsonld"
    path.write_text(json.dumps(foreign), encoding="utf-8")
    report = import_annotations(library, path)
    assert (report.added, report.orphaned) == (2, 0)
    assert len(report.skipped) == 1 and "Page" in report.skipped[0]
    dog = library.highlights.get("https://hypothes.is/a/AbC123")
    text = library.articles.get(dog.article_id).text
    assert text[dog.start : dog.end] == "lazy dog" and dog.article_id == 1
    assert dog.note == "**why** it matters" and dog.tags == ["fox"]
    assert dog.created_at == "2019-05-01T10:00:00Z"
    quote = library.highlights.get("https://hypothes.is/a/Quote1")
    assert quote.article_id == 2 and quote.exact == "must find the article"


def test_an_annotation_page_with_an_unplaceable_quote_reports_the_orphan(library, tmp_path):
    fill(library)
    page = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://example.net/page/1",
        "type": "AnnotationPage",
        "items": [
            {
                "id": "urn:uuid:6f1c3a9e-0000-4000-8000-000000000001",
                "type": "Annotation",
                "target": {
                    "source": "https://example.org/essay",
                    "selector": {"type": "TextQuoteSelector", "exact": "words never written"},
                },
            }
        ],
    }
    path = tmp_path / "page.jsonld"
    path.write_text(json.dumps(page), encoding="utf-8")
    report = import_annotations(library, path)
    assert (report.added, report.orphaned) == (1, 1)
    assert (
        "'words never written'" in report.lines()[0]
        and "not found in article 1" in (report.lines()[0])
    )
    orphan = library.highlights.get("6f1c3a9e-0000-4000-8000-000000000001")
    assert orphan.orphaned and orphan.article_id == 1


def test_a_short_quote_alone_does_not_pick_an_article(library, tmp_path):
    fill(library)
    short = {
        "type": "Annotation",
        "id": "urn:uuid:6f1c3a9e-0000-4000-8000-000000000002",
        "target": {
            "source": "https://elsewhere.example/page",
            "selector": {"type": "TextQuoteSelector", "exact": "lazy dog"},
        },
    }
    with_context = json.loads(json.dumps(short))
    with_context["id"] = "urn:uuid:6f1c3a9e-0000-4000-8000-000000000003"
    with_context["target"]["selector"]["prefix"] = "jumps over the "
    path = tmp_path / "short.jsonld"
    path.write_text(json.dumps([short, with_context]), encoding="utf-8")
    report = import_annotations(library, path)
    assert (report.added, report.orphaned) == (2, 1)
    assert "too short" in report.notes[0]
    assert library.highlights.get("6f1c3a9e-0000-4000-8000-000000000002").orphaned
    placed = library.highlights.get("6f1c3a9e-0000-4000-8000-000000000003")
    assert placed.article_id == 1 and not placed.orphaned and placed.exact == "lazy dog"
