"""Shared fixtures: the repository root, the shipped corpus (loaded once per session), and an in-process CLI runner.

The shipped corpus is treated as read-only by every test: analyses return new objects, so one load serves all.
CLI tests call the click command in this process (no interpreter start, no pandas import per test); a few smoke
tests in ``test_cli_validate.py`` still run the installed console script as a real subprocess, for exit codes and
the entry point.
"""

from __future__ import annotations

import contextlib
import inspect
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import policycmp
from policycmp.cli import main

REPO = Path(__file__).resolve().parents[1]
"""The repository root (holds ``recommendations/``, ``seeds/``, ``reports/``)."""


@dataclass(frozen=True)
class CliResult:
    """What a command printed and how it exited, shaped like ``subprocess.CompletedProcess``."""

    returncode: int
    stdout: str
    stderr: str


def _runner() -> CliRunner:
    # click < 8.2 mixes stderr into stdout unless told not to; 8.2 removed the switch and always separates them.
    if "mix_stderr" in inspect.signature(CliRunner.__init__).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg,unused-ignore]
    return CliRunner()


def run_cli(*args: str | Path, cwd: Path | None = None) -> CliResult:
    """Run ``policycmp ARGS`` in this process, in ``cwd`` if given.

    Exceptions are not caught by the runner: a traceback the CLI would print fails the test instead.
    """
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = _runner().invoke(main, [str(a) for a in args], prog_name="policycmp", catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def shipped() -> policycmp.Corpus:
    """The shipped corpus, loaded once for the whole session."""
    return policycmp.load(REPO)
