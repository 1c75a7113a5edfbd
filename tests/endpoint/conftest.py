"""A real endpoint on 127.0.0.1 over a real library file, and a paired token."""

from __future__ import annotations

import pytest

from reader.core.endpoint.server import EndpointServer
from reader.core.endpoint.tokens import Pairings


@pytest.fixture
def endpoint(library):
    saved = []
    server = EndpointServer(library, 0, on_event=lambda e: "id" in e and saved.append(e))
    server.saved = saved  # type: ignore[attr-defined]
    server.start()
    yield server
    server.stop()


@pytest.fixture
def token(library) -> str:
    return Pairings(library.settings).new("tests")


@pytest.fixture
def auth(token) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
