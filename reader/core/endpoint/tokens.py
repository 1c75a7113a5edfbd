"""The tokens paired browsers send (``Authorization: Bearer TOKEN``), kept hashed.

    >>> pairs = Pairings(library.settings)
    >>> token = pairs.new("Firefox")    # shown once; only its SHA-256 is stored
    >>> pairs.check(token)              # True until revoked
    >>> pairs.revoke(pairs.all()[0].id)

A token is 32 random bytes (``secrets``), so a plain SHA-256 is enough to store it:
nothing short or guessable needs a slow hash. They live in ``library.settings`` under
one key, a JSON list, so the library file carries its pairings and no migration is
needed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from reader.core.storage.settings import Settings

KEY = "browser.tokens"
PORT_KEY = "browser.port"
DEFAULT_PORT = 48515  # documented in the README; the extension's default too


@dataclass(frozen=True)
class Pairing:
    id: str  # short, to name it when revoking
    label: str
    created: str  # ISO 8601, UTC


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Pairings:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def _stored(self) -> list[dict]:
        value = self._settings.get(KEY, [])
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    def new(self, label: str = "browser") -> str:
        """A fresh token, stored hashed; the only time it is seen in clear."""
        token = secrets.token_urlsafe(32)
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        entry = {"id": secrets.token_hex(4), "label": label, "created": stamp}
        self._settings.set(KEY, [*self._stored(), {**entry, "hash": _digest(token)}])
        return token

    def check(self, token: str | None) -> bool:
        """Whether ``token`` is one of the paired tokens (compared in constant time)."""
        if not token:
            return False
        digest = _digest(token)
        return any(hmac.compare_digest(digest, str(e.get("hash", ""))) for e in self._stored())

    def all(self) -> list[Pairing]:
        return [
            Pairing(str(e.get("id", "")), str(e.get("label", "")), str(e.get("created", "")))
            for e in self._stored()
        ]

    def revoke(self, pairing_id: str | None = None) -> int:
        """Forget one pairing by its id, or every one when ``pairing_id`` is None; how many."""
        kept = [e for e in self._stored() if pairing_id is not None and e.get("id") != pairing_id]
        gone = len(self._stored()) - len(kept)
        self._settings.set(KEY, kept)
        return gone

    def port(self) -> int:
        """The port the window serves on (``browser.port``, else the default)."""
        value = self._settings.get(PORT_KEY, DEFAULT_PORT)
        return value if isinstance(value, int) and 0 <= value < 65536 else DEFAULT_PORT
