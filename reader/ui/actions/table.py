"""Every action of the window, declared once: id, label, tooltip, menu, shortcuts (see
``reader.ui.actions``)."""

from __future__ import annotations

from reader.ui.actions.spec import (
    COLOUR_LABELS,
    HIGHLIGHTS,
    LIBRARY,
    PAGE_KEYS,
    READER,
    REVIEW,
    ActionSpec,
)


def _feeds_action(id: str, label: str, tooltip: str, shortcuts: tuple[str, ...] = ()) -> ActionSpec:
    """An action of File > Feeds."""
    return ActionSpec(id, label, tooltip, "file", shortcuts, submenu="Fee&ds")


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "import_files",
        "&Import Files…",
        "Import HTML, Markdown or text files",
        "file",
        ("Ctrl+O",),
        icon="import",
    ),
    ActionSpec(
        "import_folder",
        "Import &Folder…",
        "Import every article in a folder and its subfolders",
        "file",
        ("Ctrl+Shift+O",),
    ),
    ActionSpec(
        "import_url",
        "Import from &URL…",
        "Fetch a web page and import its article",
        "file",
        ("Ctrl+L",),
    ),
    _feeds_action(
        "subscribe",
        "&Subscribe to Feed…",
        "Follow a feed (RSS, Atom, JSON Feed), or a site that names one",
        ("Ctrl+Shift+S",),
    ),
    _feeds_action(
        "refresh_feeds", "&Refresh All Feeds", "Fetch what is new in every feed", ("F5",)
    ),
    _feeds_action("refresh_feed", "Refresh &This Feed", "Fetch what is new in the chosen feed"),
    _feeds_action(
        "mark_feed_read",
        "&Mark Feed as Read",
        "Mark every article of the chosen feed read (of every feed when none is chosen)",
    ),
    _feeds_action(
        "unsubscribe",
        "&Unsubscribe from Feed…",
        "Stop following the chosen feed (its articles stay in the library)",
    ),
    _feeds_action(
        "import_opml",
        "&Import Subscriptions (OPML)…",
        "Subscribe to the feeds of an OPML file (from another reader); folders become tags",
    ),
    _feeds_action(
        "export_opml",
        "&Export Subscriptions (OPML)…",
        "Write your feeds to an OPML file that other readers import",
    ),
    ActionSpec(
        "export",
        "&Export…",
        "Export highlights and notes as Markdown, HTML, JSON-LD or CSV",
        "file",
        ("Ctrl+E",),
        separator=True,
        icon="export",
    ),
    ActionSpec(
        "watch_vault",
        "&Watch Vault Folder…",
        "Take notes and tags edited in an export folder (a vault) back as its files change",
        "file",
        checkable=True,
    ),
    ActionSpec(
        "sync",
        "S&ync…",
        "Keep this library the same on your other computers, through a synced folder",
        "file",
        ("Ctrl+Shift+Y",),
    ),
    ActionSpec("quit", "&Quit", "Close Article Reader", "file", ("Ctrl+Q",), separator=True),
    ActionSpec("undo", "&Undo", "Undo the last change", "edit", ("Ctrl+Z",)),
    ActionSpec("redo", "&Redo", "Redo what was undone", "edit", ("Ctrl+Shift+Z", "Ctrl+Y")),
    # Ctrl+F finds in what is being read, as in a browser, calibre's viewer or Obsidian;
    # searching everything takes Ctrl+Shift+F (Obsidian, VS Code) or Ctrl+K (browsers).
    ActionSpec(
        "find_in_article",
        "&Find in Article…",
        "Find words in the open article; every match is marked",
        "edit",
        ("Ctrl+F",),
        separator=True,
    ),
    ActionSpec(
        "find_next",
        "Find &Next",
        "Go to the next match in the article",
        "edit",
        ("F3", "Ctrl+G"),
    ),
    ActionSpec(
        "find_previous",
        "Find Pre&vious",
        "Go to the previous match in the article",
        "edit",
        ("Shift+F3", "Ctrl+Shift+G"),
    ),
    ActionSpec(
        "find",
        "&Search Library",
        "Search the titles, text, highlights and notes of every article",
        "edit",
        ("Ctrl+Shift+F", "Ctrl+K"),
        icon="search",
    ),
    ActionSpec(
        "highlight",
        "&Highlight Selection",
        "Highlight the selected text",
        "edit",
        ("H",),
        scope=READER,
        separator=True,
        icon="highlight",
    ),
    ActionSpec(
        "note",
        "Add &Note",
        "Write a note on the selected highlight (or highlight the selection and write a note)",
        "edit",
        ("N",),
        scope=READER,
        icon="note",
    ),
    ActionSpec(
        "delete_highlight",
        "&Delete Highlight",
        "Delete the selected highlight",
        "edit",
        ("Delete",),
        scope=READER,
    ),
    *(
        ActionSpec(
            f"colour_{colour}",
            label,
            f"Highlight in {colour} from now on (or recolour the selected highlight)",
            "edit",
            (str(number),),
            scope=READER,
            checkable=True,
            group="colour",
            submenu="Highlight &Colour",
        )
        for number, (colour, label) in enumerate(COLOUR_LABELS.items(), 1)
    ),
    ActionSpec(
        "underline_style",
        "Underline &Style",
        "Underline instead of highlighting from now on (or switch the selected highlight)",
        "edit",
        ("U",),
        scope=READER,
        checkable=True,
    ),
    ActionSpec(
        "toggle_favorite",
        "&Favourite",
        "Mark the open article as a favourite",
        "article",
        ("Ctrl+D",),
        checkable=True,
        icon="star",
    ),
    ActionSpec(
        "toggle_archived",
        "&Archived",
        "Move the open article to the archive (or back)",
        "article",
        ("Ctrl+Shift+A",),
        checkable=True,
        icon="archive",
    ),
    ActionSpec(
        "toggle_read",
        "Mark as &Unread",
        "Mark the article as unread (or as read): the Unread filter lists it",
        "article",
        ("Ctrl+U",),
    ),
    ActionSpec(
        "tags",
        "&Tags…",
        "Tag the article",
        "article",
        ("Ctrl+T",),
    ),
    ActionSpec(
        "open_original",
        "Open &Original in Browser",
        "Open the article's web address in your browser",
        "article",
        ("Ctrl+Shift+B",),
    ),
    ActionSpec(
        "delete_article",
        "&Delete Article…",
        "Move the open article to the trash (can be undone)",
        "article",
        ("Delete",),
        scope=LIBRARY,
        separator=True,
    ),
    ActionSpec(
        "restore_article",
        "&Restore from Trash",
        "Take the chosen article out of the trash (can be undone)",
        "article",
        ("Return", "Enter"),
        scope=LIBRARY,
    ),
    ActionSpec(
        "empty_trash",
        "&Empty Trash…",
        "Delete every article in the trash for good (cannot be undone)",
        "article",
        separator=True,
    ),
    ActionSpec(
        "all_highlights",
        "&All Highlights",
        "Every highlight in the library, newest first: filter them, open one in its article",
        "highlights",
        ("Ctrl+Shift+H",),
        checkable=True,
    ),
    ActionSpec(
        "daily_review",
        "Daily &Review",
        "Today's highlights to revisit, one card at a time (keys 1-4 rate them)",
        "highlights",
        ("Ctrl+Shift+D",),
        checkable=True,
    ),
    *(
        ActionSpec(
            name,
            label,
            tip,
            "highlights",
            (key,),
            scope=HIGHLIGHTS if name.startswith(HIGHLIGHTS) else REVIEW,
            submenu="&Rate" if key in "1234" else None,
            separator=name in ("review_reveal", "review_back"),
        )
        for name, label, key, tip in PAGE_KEYS
    ),
    ActionSpec(
        "theme_system",
        "Follow &System",
        "Light or dark, as the desktop is",
        "view",
        checkable=True,
        group="theme",
        submenu="&Theme",
    ),
    ActionSpec(
        "theme_light",
        "&Light",
        "Dark text on white",
        "view",
        checkable=True,
        group="theme",
        submenu="&Theme",
    ),
    ActionSpec(
        "theme_sepia",
        "&Sepia",
        "Dark brown text on warm paper",
        "view",
        checkable=True,
        group="theme",
        submenu="&Theme",
    ),
    ActionSpec(
        "theme_dark",
        "&Dark",
        "Light text on a dark background",
        "view",
        checkable=True,
        group="theme",
        submenu="&Theme",
    ),
    ActionSpec(
        "typeface_serif",
        "&Serif",
        "Set the article text in a serif typeface, as in print",
        "view",
        checkable=True,
        group="typeface",
        submenu="Type&face",
    ),
    ActionSpec(
        "typeface_sans",
        "Sa&ns-serif",
        "Set the article text in a sans-serif typeface, as on screen",
        "view",
        checkable=True,
        group="typeface",
        submenu="Type&face",
    ),
    *(
        ActionSpec(
            f"width_{name}",
            label,
            f"A {name} column of text (about {chars} characters a line)",
            "view",
            checkable=True,
            group="width",
            submenu="Column &Width",
        )
        for name, label, chars in (
            ("narrow", "&Narrow", 56),
            ("medium", "&Medium", 70),
            ("wide", "&Wide", 90),
        )
    ),
    *(
        ActionSpec(
            f"spacing_{name}",
            label,
            f"{name.capitalize()} space between the lines of the article",
            "view",
            checkable=True,
            group="spacing",
            submenu="Line S&pacing",
        )
        for name, label in (("tight", "&Tight"), ("normal", "&Normal"), ("loose", "&Loose"))
    ),
    ActionSpec(
        "show_library",
        "Show &Library",
        "Show or hide the library (the article list) on the left",
        "view",
        ("Ctrl+Shift+L",),
        checkable=True,
        separator=True,
    ),
    ActionSpec(
        "show_notes",
        "Show N&otes",
        "Show or hide the notes and highlights on the right",
        "view",
        ("Ctrl+Shift+N",),
        checkable=True,
    ),
    ActionSpec(
        "reading_only",
        "&Reading Only",
        "Hide both side panes to read (again: show them)",
        "view",
        ("Ctrl+Shift+R",),
    ),
    ActionSpec(
        "full_screen",
        "F&ull Screen",
        "Fill the screen with the window (again: back)",
        "view",
        ("F11",),
        checkable=True,
    ),
    ActionSpec(
        "zoom_in",
        "&Larger Text",
        "Make the article text larger",
        "view",
        ("Ctrl++", "Ctrl+="),
        separator=True,
    ),
    ActionSpec("zoom_out", "&Smaller Text", "Make the article text smaller", "view", ("Ctrl+-",)),
    ActionSpec(
        "zoom_reset",
        "&Normal Text Size",
        "Show the article text at its normal size",
        "view",
        ("Ctrl+0",),
    ),
    ActionSpec(
        "shortcuts", "&Keyboard Shortcuts", "List every keyboard shortcut", "help", ("F1", "Ctrl+/")
    ),
    ActionSpec("about", "&About Article Reader", "Version and licence", "help"),
)

SPECS: dict[str, ActionSpec] = {spec.id: spec for spec in ACTIONS}
