"""Bytes to text for web pages and text files: the encoding is detected, not assumed.

Order: a byte-order mark; then a declared charset (HTTP header, ``<meta charset>``,
``<meta http-equiv>``) if the bytes decode with it; then strict UTF-8; then a guess
by charset_normalizer. Labels are read as browsers read them (WHATWG Encoding
Standard): ISO-8859-1, latin-1 and ASCII mean windows-1252, GB2312 means GBK, ...
One deliberate step beyond browsers: a page that declares a single-byte encoding
but is valid UTF-8 with multi-byte characters is read as UTF-8, because that
combination is almost always a wrong declaration, never real windows-1252 text.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# WHATWG label mappings that differ from Python's reading of the same label.
_BROWSER_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "big5": "big5hkscs",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "utf8": "utf-8",
    "unicode": "utf-16-le",
    "utf-16": "utf-16-le",
}
_MULTIBYTE = re.compile(r"utf|gb|big5|cp9[35]|shift|jis|euc|2022|johab|hz|cp949")

_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE
)
# A valid UTF-8 multi-byte sequence (no overlongs, no surrogates).
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH = re.compile(rb"[\x80-\xff]")
_ASCII_LETTER = re.compile(rb"[a-zA-Z]")
_TAG = re.compile(rb"<[^<>]*>")
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# C0 controls other than tab, newline and carriage return: no text needs them.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# What XML (and so lxml) refuses, beyond those, and C1 controls (a terminal may obey
# U+009B as an escape when a title is printed); vertical tab and form feed are spaces.
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_FEEDS = re.compile("[\x0b\x0c]")


def text_safe(text: str) -> str:
    """``text`` without characters no document may hold (controls, lone surrogates)."""
    return _NOT_TEXT.sub("", _FEEDS.sub(" ", text))


def normalize_charset(label: str | None) -> str | None:
    """Python's codec name for a charset label, read as a browser reads it; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _BROWSER_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _BROWSER_ALIASES.get(name.replace("_", "-"), name)


def charset_from_content_type(value: str | None) -> str | None:
    """The ``charset=`` parameter of an HTTP Content-Type header, normalised."""
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", value or "", re.IGNORECASE)
    return normalize_charset(match.group(1)) if match else None


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` near its start, normalised."""
    match = _META_CHARSET.search(data[:65536])
    if not match:
        return None
    name = normalize_charset(match.group(1).decode("ascii", "replace"))
    # A page cannot declare UTF-16 in ASCII bytes; browsers read that as UTF-8.
    return "utf-8" if name and name.startswith("utf-16") else name


def decode_bytes(data: bytes, declared: str | None = None, *, html: bool = True) -> str:
    """Decode a page or a text file; ``declared`` is the charset from an HTTP header."""
    text, _ = decode_with_encoding(data, declared, html=html)
    return text


def decode_with_encoding(
    data: bytes, declared: str | None = None, *, html: bool = True
) -> tuple[str, str]:
    """Like :func:`decode_bytes`, also returning the codec it used."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _clean(data[len(bom) :].decode(name, "replace")), name
    candidates = [normalize_charset(declared)]
    if html:
        candidates.append(meta_charset(data))
    for name in candidates:
        if not name:
            continue
        if not _MULTIBYTE.search(name) and _looks_like_utf8(data):
            return _clean(data.decode("utf-8")), "utf-8"
        try:
            return _clean(data.decode(name)), name
        except (UnicodeDecodeError, LookupError):
            continue
    head = data[:4096]
    if head.count(0) > len(head) // 4:  # UTF-16 without a byte-order mark
        name = "utf-16-be" if head[:1] == b"\0" else "utf-16-le"
        return _clean(data.decode(name, "replace")), name
    try:
        return _clean(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # UTF-8 with a few damaged bytes: a legacy guess would garble every good character.
        return _clean(data.decode("utf-8", "replace")), "utf-8"
    name = _guess(data)
    return _clean(data.decode(name, "replace")), name


def _clean(text: str) -> str:
    return _CONTROLS.sub("", text)


def _looks_like_utf8(data: bytes) -> bool:
    """Valid UTF-8 holding at least one multi-byte character."""
    if not _HIGH.search(data):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(data: bytes) -> bool:
    high = len(_HIGH.findall(data))
    valid = sum(len(m) for m in _UTF8_MULTI.findall(data))
    return high > 0 and valid >= 0.9 * high


def _sample(data: bytes, limit: int = 200_000) -> bytes:
    """The parts of ``data`` around non-ASCII bytes: the guesser needs nothing else."""
    if len(data) <= limit:
        return data
    pieces, size = [], 0
    for match in re.finditer(rb"[^\x00-\x7f]+", data):
        start, end = max(0, match.start() - 40), match.end() + 40
        pieces.append(data[start:end])
        size += end - start
        if size > limit:
            break
    return b" ".join(pieces) or data[:limit]


def _guess(data: bytes) -> str:
    """A guess for bytes that are not UTF-8; windows-1252 for Latin-script text.

    Guessers are unreliable on a handful of accented letters (they call "café" UTF-16
    and "Maßnahmen" Urdu), so text whose letters are mostly ASCII is taken as
    windows-1252, the browsers' fallback; other text goes to charset_normalizer.
    """
    sample = _sample(data)
    text = _TAG.sub(b" ", sample)
    high = len(_HIGH.findall(text))
    ascii_letters = len(_ASCII_LETTER.findall(text))
    if high < 0.3 * (high + ascii_letters) and not _CP1252_UNDEFINED.search(data):
        return "cp1252"
    from charset_normalizer import from_bytes  # deferred: ~20 ms, when nothing else decides

    best = from_bytes(sample).best()
    name = normalize_charset(best.encoding) if best is not None else None
    if not name or name.startswith(("utf-16", "utf-32")):
        return "cp1252"
    return name
