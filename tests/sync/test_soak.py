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
@pytest.mark.xfail(
    reason="known bug: after 10,000 operations (seed 2) the three devices' exports still "
    "differ; not yet diagnosed (the 500-operation soak and the property tests converge)",
    strict=False,
)
def test_a_soak_of_ten_thousand_operations(tmp_path):
    soak(tmp_path, 10_000, seed=2)
