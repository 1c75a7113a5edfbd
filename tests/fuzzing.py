"""Bounds for the fuzz tests: how many examples, a deadline per example, a hard stop.

``ARTICLE_READER_FUZZ=20 python -m pytest tests/*/test_fuzz_*.py`` runs twenty
times the examples (the suite's default, 1, keeps the fuzzing to tens of seconds).
Hypothesis's own ``deadline`` fails an example that finishes too slowly;
``hard_limit`` stops one that would never finish: an alarm raises ``Hang`` in
Python code, and a stuck C call (a regex, a parser) ends the process with every
thread's traceback (faulthandler) rather than hanging CI.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal

from hypothesis import HealthCheck, settings

SCALE = float(os.environ.get("ARTICLE_READER_FUZZ", "1"))


class Hang(Exception):
    """A fuzz case that ran past its hard limit."""


def fuzz(examples: int, deadline_ms: int | None = 3000) -> settings:
    return settings(
        max_examples=max(1, round(examples * SCALE)),
        deadline=deadline_ms,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


@contextlib.contextmanager
def hard_limit(seconds: float):
    """Raise ``Hang`` if the block runs longer than ``seconds``; kill the process if it
    is stuck where no signal handler can run, five times longer plus half a minute."""
    if not hasattr(signal, "setitimer"):  # Windows: the deadline alone
        yield
        return

    def on_alarm(_signum, _frame):
        raise Hang(f"still running after {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds * 5 + 30, exit=True)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        faulthandler.cancel_dump_traceback_later()
