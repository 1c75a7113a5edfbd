"""Markdown export through Jinja2 templates: the shipped default, users' own, errors, sandbox."""

from __future__ import annotations

import subprocess
import sys

import markdown_it
import pytest
import yaml
from html_probe import parse_html
from hypothesis import given, settings
from hypothesis import strategies as st
from test_exporting import EXPORTED, make_article, make_highlights

from reader.core.exporting import (
    TemplateError,
    render,
    render_many,
    summarize,
    templating,
    write_files,
)
from reader.core.exporting import markdown as md_export
from reader.core.models import Article, Highlight


@pytest.fixture
def summary():
    return summarize(make_article(), make_highlights(), exported_at=EXPORTED)


@pytest.fixture
def user_templates():
    folder = templating.user_template_dir()
    folder.mkdir(parents=True)
    return folder


def words(text: str) -> str:
    return " ".join(md_export.plain_text(text).split())


def check_markdown_export(out: str, summaries: list, *, standalone: bool) -> None:
    """What any Markdown export must hold, read back by parsers rather than compared with
    a second renderer: YAML front matter (one article), every highlight as a CommonMark
    block quote of its text in order, its block id ``^h-<id>`` on a line of its own, and the
    ``## My notes`` line last (one article)."""
    if standalone:
        (s,) = summaries
        assert out.startswith("---\n")
        data = yaml.safe_load(out.split("---\n")[1])
        assert data["title"] == s.title and data["article_reader_id"] == s.article_id
        assert data.get("url", "") == s.url and data["exported"] == s.exported_at
        body = out.split("---\n", 2)[2]
        assert out.endswith("\n\n## My notes\n")
    else:
        assert not out.startswith("---") and "## My notes" not in out
        body = out
    parser = markdown_it.MarkdownIt("commonmark")
    highlights = [h for s in summaries for h in s.highlights]
    quotes = parse_html(parser.render(body)).quotes  # the text of each top-level quote
    assert [words(q) for q in quotes] == [words(h.exact) for h in highlights]
    depth, block_ids = 0, []
    for token in parser.parse(body):
        depth += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if token.type == "inline" and not depth and token.content.startswith("^h-"):
            block_ids.append(token.content)  # a paragraph of its own, outside the quote
    assert block_ids == [f"^h-{h.id}" for h in highlights]


def test_the_default_template_is_the_shipped_one_and_writes_the_whole_export(summary):
    assert templating.resolve() == templating.SHIPPED
    check_markdown_export(render(summary, "md"), [summary], standalone=True)


syntax = st.text(alphabet=st.sampled_from(list("ab #*_[]()<>&|^$=~%`\\!-+.:\n\t😀\x85")))


@settings(max_examples=150, deadline=None)
@given(title=syntax, note=syntax, exact=syntax.filter(str.strip), hnote=syntax, tag=syntax)
def test_the_default_template_holds_everything_on_any_text(title, note, exact, hnote, tag):
    article = Article(id=4, title=title, blocks=[], text=exact, note=note, url="https://x.y/" + tag)
    highlights = [
        Highlight("a", 4, 0, len(exact), exact, note=hnote, tags=[tag]),
        Highlight("b", 4, 0, 0, "gone", state="orphaned"),
    ]
    s = summarize(article, highlights, exported_at=EXPORTED)
    check_markdown_export(render(s, "md"), [s], standalone=True)
    both = render_many([s, s], "md")
    check_markdown_export(both, [s, s], standalone=False)
    assert both.count("\n* * *\n") == 1


def test_a_users_default_template_replaces_the_shipped_one(summary, user_templates):
    (user_templates / "default.md.j2").write_text("# {{ article.title }}\n", encoding="utf-8")
    assert render(summary, "md") == '# Reading: "a guide" - part 1\n'


def test_a_template_by_name_or_by_file(summary, user_templates, tmp_path):
    (user_templates / "short.md.j2").write_text("{{ highlights | length }}\n", encoding="utf-8")
    assert render(summary, "md", "short") == f"{len(summary.highlights)}\n"
    assert render(summary, "md", "short.md.j2") == f"{len(summary.highlights)}\n"
    elsewhere = tmp_path / "mine.j2"
    elsewhere.write_text("id={{ article.id }}\n", encoding="utf-8")
    assert render(summary, "md", elsewhere) == "id=7\n"
    with pytest.raises(TemplateError, match="no such file"):
        render(summary, "md", "missing")
    with pytest.raises(ValueError, match="takes no template"):
        render(summary, "csv", elsewhere)


def test_templates_receive_every_field(summary, tmp_path):
    fields = ["id", "title", "author", "url", "site", "published", "added", "note", "link"]
    fields = [f"article.{f}" for f in fields] + ["exported"]
    per_highlight = ["number", "id", "text", "note", "colour", "style", "position", "start"]
    per_highlight += ["end", "created", "updated", "orphaned", "link"]
    per_highlight = [f"h.{f}" for f in per_highlight]
    template = tmp_path / "all.md.j2"
    template.write_text(
        "␟".join("{{ " + f + " | raw }}" for f in fields)
        + "␟{{ article.tags | join(',') | raw }}"
        + "{% for h in highlights %}␞"
        + "␟".join("{{ " + f + " | raw }}" for f in per_highlight)
        + "␟{{ h.tags | join(',') | raw }}{% endfor %}",
        encoding="utf-8",
    )
    head, *rows = render(summary, "md", template).split("␞")
    s = summary
    assert head.split("␟") == [
        *(str(v) for v in (s.article_id, s.title, s.author, s.url, s.site, s.published)),
        s.added_at,
        s.note,
        "article-reader://open?article=7",
        EXPORTED,
        ",".join(s.tags),
    ]
    assert len(rows) == len(s.highlights)
    for n, (row, h) in enumerate(zip(rows, s.highlights, strict=True), start=1):
        position = "" if h.orphaned else str(h.start)  # an orphan has no place
        end = "" if h.orphaned else str(h.end)
        assert row.split("␟") == [
            *(str(n), h.id, h.exact, h.note, h.colour, h.style, position, position, end),
            *(h.created_at, h.updated_at, str(h.orphaned)),
            f"article-reader://open?article=7&highlight={h.id}",
            ",".join(h.tags),
        ]


def test_output_is_escaped_unless_a_filter_makes_markdown(tmp_path):
    article = Article(id=1, title="*bold* [link](javascript:x) <b>", blocks=[], text="x")
    s = summarize(article, [], exported_at=EXPORTED)
    template = tmp_path / "t.md.j2"
    template.write_text("{{ article.title }}\n{{ article.title | raw }}\n", encoding="utf-8")
    escaped, raw, _ = render(s, "md", template).split("\n")
    assert escaped == r"\*bold\* \[link\](javascript:x) &lt;b>"
    assert raw == article.title


@pytest.mark.parametrize(
    ("source", "line", "problem"),
    [
        ("ok\n{% for h in highlights %}\n{{ h.text }\n{% endfor %}\n", 3, "unexpected '}'"),
        ("one\ntwo\n{{ article.nope }}\n", 3, "nope"),
        ("{{ ''.__class__.__mro__ }}\n", 1, "unsafe"),
        ("\n{{ 1 / 0 }}\n", 2, "division by zero"),
    ],
)
def test_a_template_error_names_the_file_the_line_and_the_problem(
    summary, tmp_path, source, line, problem
):
    template = tmp_path / "broken.md.j2"
    template.write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render(summary, "md", template)
    message = str(caught.value)
    assert str(template) in message and f"line {line}" in message and problem in message


def test_write_files_and_the_command_line_take_a_template(summary, tmp_path, capsys):
    template = tmp_path / "t.md.j2"
    template.write_text("---\narticle_reader_id: {{ article.id }}\n---\nT\n", encoding="utf-8")
    [path] = write_files([summary], "md", tmp_path / "out", template=template)
    assert path.read_text(encoding="utf-8").endswith("---\nT\n")
    [again] = write_files([summary], "md", tmp_path / "out", template=template)
    assert again == path  # found again by its id

    from reader.cli import run

    library = tmp_path / "cli.db"
    assert run(["--library", str(library), "export", "--all", "--template", str(template)]) == 0
    template.write_text("{% if %}\n", encoding="utf-8")
    capsys.readouterr()
    code = run(["--library", str(library), "export", "--all", "--template", str(template)])
    err = capsys.readouterr().err
    assert code == 2 and str(template) in err and "line 1" in err


def test_jinja2_is_imported_only_when_a_markdown_export_renders():
    code = (
        "import sys, reader.core.exporting as e;"
        "assert 'jinja2' not in sys.modules, 'imported too early';"
        "from reader.core.models import Article;"
        "e.render(e.summarize(Article(id=1, title='t', blocks=[], text='x'), []), 'md');"
        "assert 'jinja2' in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
