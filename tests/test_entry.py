"""The console script answers ``--version`` / ``-V`` before importing the command line, exactly as click would."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import run_cli

PROBE = """
import json, sys
sys.argv = ["policycmp", *sys.argv[1:]]
from policycmp.entry import main
try:
    main()
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
print(json.dumps(sorted(m for m in ("click", "policycmp.cli", "policycmp.errors") if m in sys.modules)), file=sys.stderr)
"""


def entry(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120, check=False)


def test_version_is_answered_without_the_cli() -> None:
    for flag in ("--version", "-V"):
        done = entry(flag)
        assert done.returncode == 0
        assert done.stdout == run_cli(flag).stdout
        assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def test_everything_else_goes_to_the_cli() -> None:
    done = entry("--help")
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == run_cli("--help").stdout.splitlines()[0] == "Usage: policycmp [OPTIONS] COMMAND [ARGS]..."
    assert "validate" in done.stdout
    assert "click" in json.loads(done.stderr.strip().splitlines()[-1])
