"""Property tests: random operations on random devices with random sync and copy steps
always converge to the same library everywhere, and lose nothing acknowledged."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzzing import fuzz
from tests.sync.devices import devices
from tests.sync.workload import OPS, Workload

ops = st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 2)), min_size=1, max_size=40)


@fuzz(12, deadline_ms=None)  # ARTICLE_READER_FUZZ=20 runs twenty times as many
@given(ops=ops, seed=st.integers(0, 2**16))
def test_random_work_converges_and_loses_nothing(ops, seed):
    with tempfile.TemporaryDirectory() as root:
        trio = devices(Path(root), 3)
        try:
            work = Workload(trio, seed)
            for op, who in ops:
                work.run(op, who)
            work.sync.settle()
            work.check()
        finally:
            for d in trio:
                d.close()
