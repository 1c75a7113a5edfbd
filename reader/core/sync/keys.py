"""The keys of an encrypted sync folder, from its passphrase.

The first device to use a folder with a passphrase picks a random salt and writes it
(with the scrypt costs and an id of the key, never the key) in its ``device.json``; every
other device derives the same key from the same passphrase and salt, checks it against
that id ("wrong passphrase" otherwise) and writes with it. Two devices that set up one
empty folder at the same moment pick two salts: each file names its key, and a device
keeps every key its passphrase opens. The passphrase itself is not stored; the keys are,
in the library on this computer (as trusted as the library itself).
"""

from __future__ import annotations

import os
from typing import Any

from reader.core.sync.sealing import SCRYPT_N, SCRYPT_P, SCRYPT_R, derive_key, key_id


class SyncError(Exception):
    """Sync cannot run: no folder chosen, the folder is missing, a wrong passphrase."""


def folder_keys(
    infos: list[dict[str, Any]], passphrase: str | None, device: str
) -> tuple[dict[str, bytes], str | None, dict[str, Any] | None]:
    """The keys (by id) ``passphrase`` opens among the other devices' ``infos``, the id of
    the one to write with, and what this device's ``device.json`` says of it (None for a
    folder without encryption)."""
    others = [i for i in infos if i.get("device") != device]
    encrypted = sorted(  # ours too: a device set up again keeps its key
        (i for i in infos if isinstance(i.get("encryption"), dict)),
        key=lambda i: (str(i.get("created")), str(i.get("device"))),
    )
    plain = [i for i in others if not i.get("encryption")]
    if passphrase is None:
        if [i for i in encrypted if i.get("device") != device]:
            raise SyncError(
                "this sync folder is encrypted: give its passphrase "
                "(--encrypt, or the Passphrase field of File > Sync…)"
            )
        return {}, None, None
    if not passphrase:
        raise SyncError("the passphrase is empty: type one, or sync without encryption")
    if plain and not encrypted:
        raise SyncError(
            "this sync folder is not encrypted (other devices write plain files into it); "
            "to encrypt, start a new, empty folder on every device"
        )
    keys: dict[str, bytes] = {}
    first: dict[str, Any] | None = None
    for info in encrypted:
        enc = info["encryption"]
        try:
            salt = bytes.fromhex(enc["salt"])
            key = derive_key(passphrase, salt, int(enc["n"]), int(enc["r"]), int(enc["p"]))
        except (KeyError, ValueError, TypeError):
            continue  # not a description we can use
        if key_id(key) == enc.get("key_id"):
            keys[key_id(key)] = key
            first = first or enc
    if encrypted and not keys:
        raise SyncError("wrong passphrase: it does not open this sync folder's files")
    if first is None:
        salt = os.urandom(16)
        key = derive_key(passphrase, salt)
        keys[key_id(key)] = key
        first = {
            "kdf": "scrypt",
            "salt": salt.hex(),
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "key_id": key_id(key),
        }
    fields = ("kdf", "salt", "n", "r", "p", "key_id")
    return keys, first["key_id"], {k: first[k] for k in fields if k in first}
