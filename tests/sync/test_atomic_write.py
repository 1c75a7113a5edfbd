"""Two writers of one file in one process (two syncs of one library) never collide on
the temporary name: each write is whole, and none fails."""

from __future__ import annotations

import threading

from reader.core.sync.folder import _atomic_write


def test_two_threads_writing_one_file_never_collide(tmp_path):
    folder = tmp_path / "device"
    folder.mkdir()
    target = folder / "device.json"
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def write(data: bytes) -> None:
        start.wait()
        try:
            for _ in range(300):
                _atomic_write(target, data)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(bytes([n]) * 4096,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert target.read_bytes() in (b"\x01" * 4096, b"\x02" * 4096)
    assert [p.name for p in folder.iterdir()] == ["device.json"]  # no temporary left
