"""Compressing and, for an encrypted folder, sealing what is written into it.

A passphrase becomes a key through scrypt (with the salt the folder's first device
chose); records are sealed with ChaCha20-Poly1305 (``cryptography``'s AEAD), a random
nonce each, bound to the file they belong to. A wrong passphrase or a changed byte fails
the seal's check, and the record is refused, never half-read.
"""

from __future__ import annotations

import hmac
import os
import zlib
from dataclasses import dataclass, field

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1  # about 32 MB and 0.1 s: costly to guess
NONCE = 12
MAX_DATA = 1 << 30  # what one record may unpack to: a bigger one is hostile


class SealError(Exception):
    """A sealed record that does not open: the wrong key, or damage."""


def derive_key(
    passphrase: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> bytes:
    # cryptography: imported when a folder is encrypted, not at the window's start
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def key_id(key: bytes) -> str:
    """A name for a key that says nothing about it (HMAC of a constant)."""
    return hmac.new(key, b"article-reader sync key id", "sha256").hexdigest()[:16]


@dataclass
class Sealer:
    """Compresses, and with a key seals; ``keys`` holds every key this device knows
    (a folder set up twice at once can have two), ``key`` the one it writes with."""

    key: bytes | None = None
    keys: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.key is not None:
            self.keys.setdefault(key_id(self.key), self.key)

    @property
    def key_id(self) -> str | None:
        return key_id(self.key) if self.key is not None else None

    def seal(self, data: bytes, bound_to: str, level: int = 6) -> bytes:
        """``data`` compressed (``level`` 0: stored as it is, for data compressed already,
        read back the same way) and, with a key, encrypted, bound to ``bound_to``."""
        packed = zlib.compress(data, level)
        if self.key is None:
            return packed
        from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305  # see derive_key

        nonce = os.urandom(NONCE)
        return nonce + ChaCha20Poly1305(self.key).encrypt(nonce, packed, bound_to.encode())

    def open(self, payload: bytes, bound_to: str, key_name: str | None) -> bytes:
        """The data of a record written with the key named ``key_name`` (None: plain)."""
        if key_name is not None:
            key = self.keys.get(key_name)
            if key is None:
                raise SealError(
                    f"it is encrypted with a key this device does not know ({key_name}); "
                    "run sync again with the folder's passphrase"
                )
            from cryptography.exceptions import InvalidTag
            from cryptography.hazmat.primitives.ciphers.aead import (
                ChaCha20Poly1305,
            )  # see derive_key

            try:
                payload = ChaCha20Poly1305(key).decrypt(
                    payload[:NONCE], payload[NONCE:], bound_to.encode()
                )
            except (InvalidTag, ValueError) as e:
                raise SealError("its encrypted record does not open (damaged)") from e
        try:
            unpack = zlib.decompressobj()
            data = unpack.decompress(payload, MAX_DATA)
        except zlib.error as e:
            raise SealError(f"its record does not decompress ({e})") from e
        if unpack.unconsumed_tail or not unpack.eof:
            raise SealError(f"its record is cut short or unpacks to over {MAX_DATA} bytes")
        return data

    def blob_name(self, digest: str) -> str:
        """The file name of a body: its hash, or for an encrypted folder a keyed hash of it
        (a plain hash would tell anyone which known page you saved)."""
        if self.key is None:
            return digest
        return hmac.new(self.key, b"blob:" + digest.encode(), "sha256").hexdigest()

    def blob_names(self, digest: str) -> list[str]:
        """Every name a body may have in this folder (one per key known)."""
        if not self.keys:
            return [digest]
        return [
            hmac.new(k, b"blob:" + digest.encode(), "sha256").hexdigest()
            for k in self.keys.values()
        ]
