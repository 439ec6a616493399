"""Run ``policycmp validate`` / ``coverage`` in-process and return exit code and output lines."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from policycmp.cli import main

HANG_GUARD = 60.0
"""Seconds: a generous bound that only a hang (the old behaviour took minutes) can break; not a benchmark."""


def run(*args: str | Path) -> tuple[int, list[str]]:
    """Exit code and output lines of one command; a traceback or an uncaught exception fails the test."""
    result = CliRunner().invoke(main, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()
