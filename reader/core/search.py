"""One search over article titles and texts, article notes, and highlights with their notes.

What the user types is never passed to FTS5 as is: it is split into words and
quoted phrases, so ``"unbalanced`` or ``AND OR`` search as plain words instead
of raising a syntax error. The last word matches as a prefix, for search as you
type. Chinese, Japanese and Korean text has no spaces for FTS5's tokenizer to
split on, so a query in those scripts searches by substring instead.

Snippets mark matches with ``MARK_OPEN``/``MARK_CLOSE``; ``marked`` swaps them
for whatever the caller shows (HTML tags, terminal bold, brackets).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from concurrent.futures import Future

from reader.core.models import SearchHit

# Runs a search on a read connection of its own, on another thread (Library._aside).
Aside = Callable[[Callable[[sqlite3.Connection], list[SearchHit]]], Future]

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
ELLIPSIS = "…"
SNIPPET_TOKENS = 14
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"\w+")


def parse_query(query: str) -> list[list[str]]:
    """The query as a list of phrases, each a list of words. Quotes group words when balanced."""
    if query.count('"') % 2:
        query = query.replace('"', " ")
    phrases: list[list[str]] = []
    for i, part in enumerate(query.split('"')):
        if i % 2:  # inside quotes
            words = _WORD.findall(part)
            if words:
                phrases.append(words)
        else:
            for chunk in part.split():
                words = _WORD.findall(chunk)
                if words:
                    phrases.append(words)  # "russia-china" stays one phrase
    return phrases


def has_cjk(text: str) -> bool:
    """Whether ``text`` has Chinese, Japanese or Korean letters (searched by substring)."""
    return bool(_CJK.search(text))


def fts_expression(query: str) -> str | None:
    """An FTS5 MATCH expression that cannot be a syntax error, or None when nothing to find."""
    phrases = parse_query(query)
    if not phrases:
        return None
    parts = ['"' + " ".join(words) + '"' for words in phrases]
    if not query.rstrip().endswith('"') and query[-1:].strip():
        parts[-1] += "*"  # the word being typed
    return " ".join(parts)


def run_search(
    conn: sqlite3.Connection, query: str, *, limit: int = 50, aside: Aside | None = None
) -> list[SearchHit]:
    """The hits for ``query``. With ``aside``, notes and highlights are searched on
    another connection and thread while the articles are searched on ``conn``
    (SQLite lets go of the GIL): the answer comes as soon as the articles' does."""
    # Lone surrogates (undecodable bytes of a command line) cannot be sent to SQLite.
    query = query.encode("utf-8", "ignore").decode("utf-8")
    if _CJK.search(query):
        return _substring_search(conn, query, limit)
    expression = fts_expression(query)
    if expression is None:
        return []
    words = [w for phrase in parse_query(query) for w in phrase]

    def notes_and_highlights(c: sqlite3.Connection) -> list[SearchHit]:
        return _notes(c, f"{{note}} : ({expression})", limit) + _highlights(c, expression, limit)

    pending = aside(notes_and_highlights) if aside is not None else None
    hits = _articles(conn, f"{{title text}} : ({expression})", words, limit)
    hits += pending.result() if pending is not None else notes_and_highlights(conn)
    hits.sort(key=lambda hit: hit.rank)
    for hit in hits:  # a snippet is one line, even across blocks
        hit.snippet = " ".join(hit.snippet.split())
    return hits[:limit]


def _snippet(table: str, column: int) -> str:
    return (
        f"snippet({table}, {column}, '{MARK_OPEN}', '{MARK_CLOSE}', '{ELLIPSIS}', {SNIPPET_TOKENS})"
    )


def _articles(conn, match: str, words: list[str], limit: int) -> list[SearchHit]:
    rows = _top(
        conn,
        f"SELECT rowid AS id, {_snippet('articles_fts', 1)} AS snippet, rank FROM articles_fts "
        "WHERE articles_fts MATCH ? AND rank MATCH 'bm25(8.0, 1.0, 0.0)' ORDER BY rank",
        "SELECT a.id, a.title, t.snippet, a.text, t.rank, "
        "a.id IS NOT NULL AND a.deleted_at IS NULL "
        "FROM t LEFT JOIN articles a ON a.id = t.id ORDER BY t.rank",
        match,
        limit,
    )
    return [
        SearchHit(aid, "article", title, snippet, rank, position=_first(text, words))
        for aid, title, snippet, text, rank in rows
    ]


def _top(conn, ranked: str, joined: str, match: str, limit: int) -> list[tuple]:
    """The first ``limit`` rows of ``joined`` over the ``ranked`` index rows ``t``
    whose last column is true (not in the trash), fetched a page at a time.

    FTS5 then ranks every match but makes snippets for a page only, and the
    articles of a page alone are read: a join around the MATCH would read and
    snippet every matching article before sorting (25 ms instead of 2 for a word
    in 800 of 10,000 articles)."""
    rows: list[tuple] = []
    offset, page = 0, limit  # each row more costs a snippet: 5 ms for a word in every article
    while True:
        got = conn.execute(
            f"WITH t AS ({ranked} LIMIT ? OFFSET ?) {joined}", (match, page, offset)
        ).fetchall()
        rows += [row[:-1] for row in got if row[-1]]
        if len(rows) >= limit or len(got) < page:
            return rows[:limit]
        offset, page = offset + page, page * 4


def _notes(conn, match: str, limit: int) -> list[SearchHit]:
    rows = conn.execute(
        f"SELECT a.id, a.title, {_snippet('articles_fts', 2)}, bm25(articles_fts) AS rank "
        "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
        "WHERE articles_fts MATCH ? AND a.deleted_at IS NULL ORDER BY rank LIMIT ?",
        (match, limit),
    ).fetchall()
    return [SearchHit(aid, "note", title, snippet, rank) for aid, title, snippet, rank in rows]


def _highlights(conn, match: str, limit: int) -> list[SearchHit]:
    rows = _top(
        conn,
        f"SELECT rowid AS id, {_snippet('highlights_fts', 0)} AS exact, "
        f"{_snippet('highlights_fts', 1)} AS note, rank FROM highlights_fts "
        "WHERE highlights_fts MATCH ? ORDER BY rank",
        "SELECT h.article_id, a.title, t.exact, t.note, h.id, h.start, h.state, t.rank, "
        "a.id IS NOT NULL AND a.deleted_at IS NULL "
        "FROM t LEFT JOIN highlights h ON h.rowid = t.id "
        "LEFT JOIN articles a ON a.id = h.article_id ORDER BY t.rank",
        match,
        limit,
    )
    hits = []
    for aid, title, exact, note, hid, start, state, rank in rows:
        snippet = exact if MARK_OPEN in exact or MARK_OPEN not in note else note
        position = start if state == "anchored" else None
        hits.append(SearchHit(aid, "highlight", title, snippet, rank, hid, position))
    return hits


def _first(text: str, words: list[str]) -> int | None:
    """Where the first of the words starts in the text (case-insensitive), if anywhere.

    ``str.find`` on the lower-cased text, not a case-insensitive regex: a tenth
    of the time, which counts in a 100k-word article."""
    lowered = text.lower()
    if len(lowered) != len(text):  # lower-casing changed lengths: offsets would drift
        return _first_by_regex(text, words)
    for word in words:
        word = word.lower()
        at = lowered.find(word)
        while at > 0 and (lowered[at - 1].isalnum() or lowered[at - 1] == "_"):
            at = lowered.find(word, at + 1)  # inside another word: not its start
        if at >= 0:
            return at
    return None


def _first_by_regex(text: str, words: list[str]) -> int | None:
    for word in words:
        match = re.search(r"\b" + re.escape(word), text, re.IGNORECASE)
        if match:
            return match.start()
    return None


def _substring_search(conn, query: str, limit: int) -> list[SearchHit]:
    """Substring search for scripts without spaces; ranked by how often the terms occur."""
    terms = [t for t in query.replace('"', " ").split() if t]
    like = " AND ".join(["instr(lower({col}), ?) > 0"] * len(terms))
    params = [t.lower() for t in terms]
    hits: list[SearchHit] = []
    queries = {
        "article": "SELECT a.id, a.title, a.title || char(10) || a.text, NULL, NULL "
        "FROM articles a WHERE a.deleted_at IS NULL AND " + like.format(col="a.title || a.text"),
        "note": "SELECT a.id, a.title, a.note, NULL, NULL FROM articles a "
        "WHERE a.deleted_at IS NULL AND " + like.format(col="a.note"),
        "highlight": "SELECT h.article_id, a.title, h.exact || ' ' || h.note, h.id, h.start "
        "FROM highlights h JOIN articles a ON a.id = h.article_id "
        "WHERE a.deleted_at IS NULL AND " + like.format(col="h.exact || h.note"),
    }
    for kind, sql in queries.items():
        for aid, title, body, hid, start in conn.execute(sql + " LIMIT 500", params):
            lowered = body.lower()
            count = sum(lowered.count(t) for t in params)
            at = lowered.find(params[0])
            position = start if kind == "highlight" else max(0, at - len(title) - 1)
            snippet = _cut(body, at, len(params[0]))
            hits.append(SearchHit(aid, kind, title, snippet, -float(count), hid, position))
    hits.sort(key=lambda hit: hit.rank)
    return hits[:limit]


def _cut(text: str, at: int, length: int, width: int = 40) -> str:
    """A snippet around ``text[at:at+length]`` with the match marked."""
    start, end = max(0, at - width), min(len(text), at + length + width)
    snippet = (
        text[start:at] + MARK_OPEN + text[at : at + length] + MARK_CLOSE + text[at + length : end]
    ).replace("\n", " ")
    return (ELLIPSIS if start else "") + snippet + (ELLIPSIS if end < len(text) else "")


def marked(snippet: str, open_: str, close: str, escape: Callable[[str], str] = str) -> str:
    """The snippet with matches wrapped in ``open_``/``close``; the rest passed through escape."""
    out = []
    for i, part in enumerate(re.split(f"[{MARK_OPEN}{MARK_CLOSE}]", snippet)):
        out.append((open_ + escape(part) + close) if i % 2 else escape(part))
    return "".join(out)


def match_spans(text: str, query: str, limit: int = 5000) -> list[tuple[int, int]]:
    """Where a search query's words occur in ``text`` as the search matched them, as
    (start, end) code points in order: each word or quoted phrase, the word being typed
    as a prefix, case and accents ignored; CJK queries by substring. For marking the
    matched words in the article a search hit opens."""
    folded, query = _fold(text), _fold(query)
    if _CJK.search(query):
        patterns = [re.escape(t) for t in query.replace('"', " ").split()]
    else:
        phrases = parse_query(query)
        typing = not query.rstrip().endswith('"') and bool(query[-1:].strip())
        patterns = []
        for i, words in enumerate(phrases):
            tail = r"\w*" if typing and i == len(phrases) - 1 else r"(?!\w)"
            patterns.append(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in words) + tail)
    if not patterns:
        return []
    spans = []
    for match in re.finditer("|".join(patterns), folded, re.IGNORECASE):
        if match.end() > match.start():
            spans.append((match.start(), match.end()))
            if len(spans) >= limit:
                break
    return spans


def _fold(text: str) -> str:
    """``text`` without accents, character for character (FTS5's ``remove_diacritics``),
    so that offsets into it are offsets into ``text``."""
    import unicodedata

    table = {}
    for ch in set(text):
        if ord(ch) > 127:
            base = unicodedata.normalize("NFD", ch)[0]
            if base != ch and len(base) == 1:
                table[ord(ch)] = base
    return text.translate(table) if table else text
