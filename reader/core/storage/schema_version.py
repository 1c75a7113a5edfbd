"""The schema's version and migration names, known without importing sqlite-utils.

``schema.py`` holds the migrations themselves; a test keeps these in step with it.
"""

MIGRATIONS = (
    "create_articles",
    "create_highlights",
    "create_tags",
    "create_settings",
    "create_search",
    "create_change_count",
    "index_the_list",
    "create_review",
    "index_highlights_by_time",
    "index_for_the_daily_review",
    "create_feeds",
    "track_progress",
    "add_article_uids",
    "create_highlight_trash",
    "create_sync_state",
    "track_changes_for_sync",
    "create_pictures",
    "create_outlines",
    "create_books",
    "sync_review_state",
    "sync_feeds",
    "track_highlight_trash_places",
    "create_related_vectors",
    "sync_pictures",
    "sync_outlines_and_books",
)
KNOWN = frozenset(MIGRATIONS)
SCHEMA_VERSION = len(MIGRATIONS)
