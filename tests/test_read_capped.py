"""``loader.read_capped``: the bytes of a file, or None past the limit, read as the plain ``read(limit + 1)`` would.

The reader sizes its first read by the file's own size (issue #17: no buffer of the whole limit per file); these tests
hold it to the straightforward reading kept here as the specification, on files around the limit and on a file that
says nothing of its size (a pipe, size 0) or grows after it was measured.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policycmp import loader


def reference(path: Path, limit: int) -> bytes | None:
    """The specification: at most ``limit + 1`` bytes read, None when there were more than ``limit``."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    return None if len(data) > limit else data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=st.integers(0, 300), limit=st.integers(0, 300))
def test_same_answer_as_one_read_of_the_limit(tmp_path: Path, size: int, limit: int) -> None:
    path = tmp_path / "file.bin"
    path.write_bytes(os.urandom(size))
    assert loader.read_capped(path, limit) == reference(path, limit)


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_at_the_limit(tmp_path: Path, offset: int) -> None:
    path = tmp_path / "file.yaml"
    path.write_bytes(b"x" * (1000 + offset))
    got = loader.read_capped(path, 1000)
    assert got == (None if offset > 0 else b"x" * (1000 + offset))


@pytest.mark.parametrize(("size", "limit"), [(0, 10), (5, 10), (10, 10), (11, 10), (50_000, 10), (50_000, 100_000)])
def test_a_pipe_which_gives_no_size_is_read_to_its_end_or_the_limit(tmp_path: Path, size: int, limit: int) -> None:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    sent = os.urandom(size)

    def write() -> None:
        with contextlib.suppress(BrokenPipeError), path.open("wb") as pipe:  # the reader may stop at its limit
            pipe.write(sent)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        got = loader.read_capped(path, limit)
    finally:
        writer.join(timeout=10)
    assert got == (sent if size <= limit else None)


def test_a_file_that_grew_after_it_was_measured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``fstat`` says 10 bytes, the file holds 30: read on to the limit, as one read of the limit would."""
    path = tmp_path / "file.yaml"
    path.write_bytes(b"y" * 30)
    real = os.fstat

    def stale(fd: int) -> os.stat_result:
        found = real(fd)
        return os.stat_result((*found[:6], 10, *found[7:]))

    monkeypatch.setattr(loader.os, "fstat", stale)
    assert loader.read_capped(path, 100) == b"y" * 30
    assert loader.read_capped(path, 20) is None
    assert loader.read_capped(path, 30) == b"y" * 30
