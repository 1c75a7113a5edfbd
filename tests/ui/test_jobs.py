"""Background jobs: results on the UI thread, errors, progress, cancelling, responsiveness."""

import itertools
import threading
import time

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer

from reader.ui.jobs import JobRunner

pytestmark = pytest.mark.gui


@pytest.fixture
def runner(qtbot):
    r = JobRunner()
    yield r
    r.cancel_all()
    r.wait(10000)


def test_the_result_arrives_on_the_ui_thread(runner, qtbot):
    ui_thread = threading.get_ident()
    seen = {}

    def work(job):
        seen["worker"] = threading.get_ident()
        return 42

    job = runner.run(work)
    job.succeeded.connect(lambda value: seen.update(value=value, at=threading.get_ident()))
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert seen["value"] == 42
    assert seen["at"] == ui_thread != seen["worker"]
    assert runner.active == []


def test_an_exception_comes_back_as_failed(runner, qtbot):
    def work(job):
        raise ValueError("bad input")

    job = runner.run(work)
    with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], ValueError)
    assert str(job.error) == "bad input"


def test_progress_and_cancel(runner, qtbot):
    steps = []

    def work(job):
        for i in range(1000):
            if job.is_cancelled():
                return i
            job.report(i, 1000, f"step {i}")
            time.sleep(0.002)
        return 1000

    job = runner.run(work)
    job.progress.connect(lambda done, total, what: steps.append(done))
    qtbot.waitUntil(lambda: len(steps) >= 5, timeout=5000)
    job.cancel()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert job.result < 1000
    assert steps == sorted(steps)


def test_busy_changes_when_jobs_start_and_end(runner, qtbot):
    states = []
    runner.busyChanged.connect(states.append)
    gate = threading.Event()
    job = runner.run(lambda job: gate.wait(5))
    gate.set()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert states == [True, False]


def test_the_event_loop_runs_while_a_job_works(runner, qtbot):
    ticks = []
    clock = QElapsedTimer()
    clock.start()
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(clock.elapsed()))
    timer.start()

    def work(job):
        end = time.monotonic() + 0.6
        n = 0
        while time.monotonic() < end:  # CPU-bound Python, holding the GIL in turns
            n += sum(range(500))
        return n

    job = runner.run(work)
    with qtbot.waitSignal(job.finished, timeout=10000):
        pass
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 20
    assert max(gaps) < 200
