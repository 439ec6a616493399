"""Start-up of the command line: ``-V``, and each command imports only what it needs.

Run in fresh interpreters, since the test process itself has pandas loaded. The start-up times
themselves are measured, not asserted (a shared CI machine is too noisy for a time bound); what
keeps them low is asserted instead: ``--version`` and ``validate`` never import pandas, numpy,
networkx or jinja2.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import run_cli

from policycmp import __version__

HEAVY = ("pandas", "numpy", "pyarrow", "networkx", "jinja2", "tqdm")

PROBE = """
import json, sys
from policycmp.cli import main
try:
    main(sys.argv[1:], prog_name="policycmp")
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)), file=sys.stderr)
"""


def loaded_after(args: list[str], cwd: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    return list(json.loads(done.stderr.strip().splitlines()[-1]))


def test_dash_capital_v_is_version() -> None:
    short, long = run_cli("-V"), run_cli("--version")
    assert short.returncode == long.returncode == 0
    assert short.stdout == long.stdout == f"policycmp, version {__version__}\n"


def test_version_and_validate_import_no_heavy_library(repo: Path) -> None:
    assert loaded_after(["--version"], repo) == []
    assert loaded_after(["validate"], repo) == []
