"""The About box: the version, what the app does, where the library file is, and the
notices the related-passages model asks for (``resources/licenses/``)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from reader import __version__
from reader.core.paths import shipped

APP_NAME = "Article Reader"
# Llama 2 Community License 1.b.iii: this notice, word for word, with every copy.
LLAMA_NOTICE = (
    "Llama 2 is licensed under the LLAMA 2 Community License, "
    "Copyright (c) Meta Platforms, Inc. All Rights Reserved."
)
USE_POLICY = "https://ai.meta.com/llama/use-policy"


def about_text(library_path) -> str:
    licenses = shipped("resources", "licenses")
    return (
        f"<h3>{APP_NAME} {__version__}</h3><p>A calm reader and annotator for saved "
        "articles: highlight, write notes, find anything again, export to Markdown, "
        "HTML, W3C annotations or Readwise CSV.</p><p>Everything stays in one file on "
        f"this computer:<br><code>{library_path}</code></p>"
        "<p><small>Related passages use WordLlama (MIT License), whose model was made "
        "from the token embeddings of Llama 2 and Phi-3 and uses the Llama 2 tokenizer. "
        f"{LLAMA_NOTICE} Its use follows Meta's <a href='{USE_POLICY}'>Acceptable Use "
        f"Policy</a>. The agreement and notices: <code>{licenses}</code></small></p>"
    )


def show_about(parent: QWidget, library_path) -> None:
    QMessageBox.about(parent, f"About {APP_NAME}", about_text(library_path))
