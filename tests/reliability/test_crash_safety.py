"""SIGKILL a process that imports and highlights, 50 times; the library survives every kill."""

import pytest

from .crash_harness import run

pytestmark = pytest.mark.slow


def test_fifty_kills_lose_nothing_that_was_reported(tmp_path):
    result = run(50, tmp_path, seed=7)
    assert result.failures == []
    assert result.kills == 50
    assert result.highlights > 200  # the kills landed while it was busy writing
