"""The ``policycmp`` console script: answers ``--version`` / ``-V`` before importing the CLI.

``policycmp --version`` runs in pre-commit hooks and scripts; importing click and the command
line (:mod:`policycmp.cli`) for it would triple its start-up. Every other invocation goes to
:func:`policycmp.cli.main` unchanged.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Print the version for a lone ``--version``/``-V`` (as click's version option would), else run the CLI."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        from policycmp.version import __version__

        sys.stdout.write(f"policycmp, version {__version__}\n")
        return
    from policycmp.cli import main as cli_main

    cli_main(prog_name="policycmp")
