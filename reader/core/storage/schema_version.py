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
    "create_pictures",
)
KNOWN = frozenset(MIGRATIONS)
SCHEMA_VERSION = len(MIGRATIONS)
