"""A soak: thousands of operations across three devices, synced and copied at random,
then everything delivered: one library everywhere, nothing acknowledged lost."""

from __future__ import annotations

import pytest

from tests.sync.devices import devices
from tests.sync.workload import Workload


def soak(tmp_path, operations: int, seed: int) -> None:
    trio = devices(tmp_path, 3)
    try:
        work = Workload(trio, seed)
        work.random_ops(operations)
        work.sync.settle()
        work.check()
    finally:
        for d in trio:
            d.close()


def test_a_small_soak(tmp_path):
    soak(tmp_path, 500, seed=1)


@pytest.mark.slow
def test_a_soak_of_ten_thousand_operations(tmp_path):
    soak(tmp_path, 10_000, seed=2)
