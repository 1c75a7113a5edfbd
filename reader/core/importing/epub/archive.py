"""The EPUB's zip, opened with caps: nothing is read before its size is known to be sane.

A zip bomb is refused from the central directory (declared sizes and ratios) before any
member is inflated, and every read is capped again (a header can lie). Paths are resolved
inside the archive only: ``../`` out of it, an absolute path or a scheme is an error.
DRM (an ``encryption.xml`` that encrypts more than fonts, Adobe's ``rights.xml``, Apple's
``sinf.xml``) is refused with a line that says so.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from reader.core.importing.failure import ImportFailure

MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 60_000_000  # one chapter or picture, inflated
MAX_TOTAL_BYTES = 400_000_000  # the whole book, inflated
MAX_RATIO = 100  # inflated / compressed, for members over RATIO_FROM bytes
RATIO_FROM = 10_000_000  # smaller members may be repetitive markup that packs well
MAX_BOOK_FILE = 300_000_000  # the .epub itself
# Font obfuscation (IDPF, Adobe) is not DRM: the text is readable.
_FONT_OBFUSCATION = frozenset(
    ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")
)
_ENC = "{http://www.w3.org/2001/04/xmlenc#}"


def xml_parser() -> etree.XMLParser:
    """A parser for the book's own XML (container, package, NCX, nav): no entities, no
    network, libxml2's default depth and size limits (huge_tree off)."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )


class Archive:
    """An EPUB file's members, read with caps. ``source`` names the file in messages."""

    def __init__(self, path: Path) -> None:
        self.source = str(path)
        try:
            size = path.stat().st_size
        except OSError as e:
            raise ImportFailure(path, f"cannot read it ({e.strerror or e})") from None
        if size > MAX_BOOK_FILE:
            self.fail(f"the book is over {MAX_BOOK_FILE // 1_000_000} MB (too big to read)")
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            self.fail(f"it is not a valid EPUB (a damaged or incomplete zip file: {e})")
        self._infos = {info.filename: info for info in infos}
        self._check_sizes(infos)
        self._check_drm()

    def fail(self, reason: str):
        raise ImportFailure(self.source, reason)

    def close(self) -> None:
        self._zip.close()

    def _check_sizes(self, infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > MAX_MEMBERS:
            self.fail(f"it holds over {MAX_MEMBERS:,} files (not a book; refused)")
        total = 0
        for info in infos:
            total += info.file_size
            big = info.file_size > RATIO_FROM
            if info.file_size > MAX_MEMBER_BYTES or (
                big and info.file_size > MAX_RATIO * max(1, info.compress_size)
            ):
                self.fail(
                    f"{info.filename} would inflate to {info.file_size:,} bytes "
                    "(a zip bomb, not a book; refused)"
                )
        if total > MAX_TOTAL_BYTES:
            self.fail(
                f"its files would inflate to {total:,} bytes (over "
                f"{MAX_TOTAL_BYTES // 1_000_000} MB: a zip bomb, not a book; refused)"
            )

    def _check_drm(self) -> None:
        drm = "it is protected by DRM (remove the protection with the seller's app, or buy a"
        drm += " DRM-free copy)"
        if "META-INF/rights.xml" in self._infos or "META-INF/sinf.xml" in self._infos:
            self.fail(drm)
        if "META-INF/encryption.xml" not in self._infos:
            return
        try:
            root = etree.fromstring(self.read("META-INF/encryption.xml"), xml_parser())
        except etree.XMLSyntaxError:
            self.fail(drm)
        for data in root.iter(f"{_ENC}EncryptedData"):
            method = data.find(f"{_ENC}EncryptionMethod")
            algorithm = method.get("Algorithm", "") if method is not None else ""
            if algorithm not in _FONT_OBFUSCATION:
                self.fail(drm)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """A member's bytes; an ImportFailure if it is missing or inflates past its cap."""
        info = self._infos.get(name)
        if info is None:
            self.fail(f"{name} is missing from the book (a damaged EPUB)")
        try:
            with self._zip.open(info) as member:
                data = member.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
            self.fail(f"{name} cannot be read (a damaged EPUB: {e})")
        except NotImplementedError as e:  # an unknown compression method
            self.fail(f"{name} cannot be read ({e})")
        if len(data) > MAX_MEMBER_BYTES:
            self.fail(f"{name} inflates past {MAX_MEMBER_BYTES:,} bytes (a zip bomb; refused)")
        return data

    def resolve(self, base: str, href: str, *, what: str) -> str:
        """The member ``href`` names, relative to the member ``base``; an ImportFailure if it
        points outside the archive (``../`` past the top, an absolute path, a scheme)."""
        parts = urlsplit(href.strip())
        if parts.scheme or parts.netloc or parts.path.startswith("/"):
            self.fail(f"its {what} points outside the book ({href!r}; a hostile EPUB)")
        path = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
        if path == ".." or path.startswith("../") or "\x00" in path:
            self.fail(f"its {what} points outside the book ({href!r}; a hostile EPUB)")
        return path
