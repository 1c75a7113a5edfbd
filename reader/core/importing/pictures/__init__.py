"""An article's pictures at import: loaded (web, folder, data: URI), decoded with limits,
checked, and attached to its image blocks. ``attach.attach_pictures`` is the entry point
every importer uses; see ``attach`` for how."""
