"""Progress on long work: a bar on a terminal, nothing when the output is a pipe or a file."""

from __future__ import annotations

import io
import os
from pathlib import Path

from conftest import run_cli

from policycmp.cli import progress_bar


def test_bar_is_drawn_on_a_real_terminal() -> None:
    controller, terminal = os.openpty()
    try:
        with os.fdopen(terminal, "w", encoding="utf-8", closefd=False) as stream:
            assert stream.isatty()
            items = list(progress_bar("rendering pages", stream)(["a", "b", "c"]))
            stream.flush()
        drawn = os.read(controller, 65536).decode("utf-8", "replace")
    finally:
        os.close(controller)
        os.close(terminal)
    assert items == ["a", "b", "c"]
    # click draws the label and a bar (how often it redraws before the end depends on its version and the clock)
    assert "rendering pages" in drawn and "/3" in drawn


def test_nothing_is_drawn_when_not_a_terminal() -> None:
    stream = io.StringIO()
    assert list(progress_bar("rendering pages", stream)(range(5))) == [0, 1, 2, 3, 4]
    assert stream.getvalue() == ""


def test_report_and_coverage_stay_quiet_in_a_pipe(repo: Path, tmp_path: Path) -> None:
    built = run_cli("report", "--root", repo, "--out", tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert "rendering" not in built.stderr and "rendering" not in built.stdout
    audited = run_cli("coverage", "--root", repo)
    assert "auditing" not in audited.stderr and "auditing" not in audited.stdout
