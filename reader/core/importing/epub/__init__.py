"""EPUB 2 and 3 books as articles: ``import_epub(path)`` (in :mod:`.book`).

:mod:`.archive` opens the zip with caps on sizes and ratios and refuses DRM;
:mod:`.package` reads container.xml, the package (OPF) and the table of contents;
:mod:`.book` turns the spine's chapters into one article with its outline.
Only ``zipfile`` and lxml: ebooklib and PyMuPDF are AGPL.
"""
