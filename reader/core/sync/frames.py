"""The files sync writes into the folder: a header, then records, each framed with its
length and a CRC-32 so that a file cut off mid-write is read up to its last whole record
and a damaged one is recognised, never applied in part.

    ARSYNC1\\n | u32 header length | header (JSON) | u32 CRC of the header
    then, per record: u32 payload length | u32 CRC of the payload | payload

A payload is a zlib-compressed engine update (or a body), sealed with the folder's key
when the folder is encrypted (``sealing.py``). Integers are big-endian.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass
from typing import Any, BinaryIO

MAGIC = b"ARSYNC1\n"
_U32 = struct.Struct(">I")
_RECORD = struct.Struct(">II")
MAX_HEADER = 64 * 1024
MAX_RECORD = 512 * 1024 * 1024  # a longer length is damage, not a big record


class Damaged(Exception):
    """A file that is not what it says: bad magic, header or checksum."""


@dataclass
class Parsed:
    """What a read found: the header (None until it is whole), whole records' payloads
    from the offset asked for, and the offset after the last whole record."""

    header: dict[str, Any] | None
    records: list[bytes]
    end: int


def header_bytes(header: dict[str, Any]) -> bytes:
    data = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return MAGIC + _U32.pack(len(data)) + data + _U32.pack(zlib.crc32(data))


def record_bytes(payload: bytes) -> bytes:
    return _RECORD.pack(len(payload), zlib.crc32(payload)) + payload


def parse_header(data: bytes) -> tuple[dict[str, Any], int] | None:
    """The header and the offset after it; None if the file is shorter than its header
    (still being written); ``Damaged`` if it is not one of ours."""
    if len(data) < len(MAGIC) + 4:
        if not MAGIC.startswith(data[: len(MAGIC)]):
            raise Damaged("it does not start like an Article Reader sync file")
        return None
    if not data.startswith(MAGIC):
        raise Damaged("it does not start like an Article Reader sync file")
    (size,) = _U32.unpack_from(data, len(MAGIC))
    if size > MAX_HEADER:
        raise Damaged(f"its header claims {size} bytes")
    start = len(MAGIC) + 4
    end = start + size + 4
    if len(data) < end:
        return None
    raw = data[start : start + size]
    if zlib.crc32(raw) != _U32.unpack_from(data, start + size)[0]:
        raise Damaged("its header fails its checksum")
    try:
        header = json.loads(raw)
    except ValueError as e:
        raise Damaged(f"its header is not JSON ({e})") from e
    if not isinstance(header, dict):
        raise Damaged("its header is not an object")
    return header, end


def parse(data: bytes, offset: int = 0) -> Parsed:
    """Parse ``data`` (a whole file as read now) from ``offset`` (0: the start; else the
    end of a record read before). A record cut off at the end ends the read there."""
    found = parse_header(data)
    if found is None:
        return Parsed(None, [], 0)
    header, body = found
    start = max(offset, body)
    records, used = parse_records(data[start:], start)
    return Parsed(header, records, start + used)


def parse_records(data: bytes, at: int = 0) -> tuple[list[bytes], int]:
    """The whole records at the start of ``data`` (which begins at byte ``at`` of its
    file, for messages) and how many bytes they take; a cut-off record is left."""
    pos, records = 0, []
    while len(data) - pos >= _RECORD.size:
        size, crc = _RECORD.unpack_from(data, pos)
        if size > MAX_RECORD:
            raise Damaged(f"the record at byte {at + pos} claims {size} bytes")
        start = pos + _RECORD.size
        if len(data) < start + size:
            break  # still being written (or cut off): read again later
        payload = data[start : start + size]
        if zlib.crc32(payload) != crc:
            raise Damaged(f"the record at byte {at + pos} fails its checksum")
        records.append(payload)
        pos = start + size
    return records, pos


def read_record(f: BinaryIO, offset: int) -> tuple[bytes, int]:
    """The record at ``offset`` of an open file and the offset after it; ``Damaged`` if
    it is cut off or fails its checksum (a pack is written whole, never appended to)."""
    f.seek(offset)
    head = f.read(_RECORD.size)
    if len(head) < _RECORD.size:
        raise Damaged(f"the record at byte {offset} is cut off")
    size, crc = _RECORD.unpack(head)
    if size > MAX_RECORD:
        raise Damaged(f"the record at byte {offset} claims {size} bytes")
    payload = f.read(size)
    if len(payload) < size:
        raise Damaged(f"the record at byte {offset} is cut off")
    if zlib.crc32(payload) != crc:
        raise Damaged(f"the record at byte {offset} fails its checksum")
    return payload, offset + _RECORD.size + size
