"""The README's promises hold: its corpus figures and the CI entry point match reality."""

from __future__ import annotations

import re
from pathlib import Path

import policycmp

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _code_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def test_quickstart_has_exactly_two_commands() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = _code_blocks(quickstart)
    assert len(blocks) == 2
    assert all("\n" not in block for block in blocks), "each Quickstart step is one command line"
    assert "policycmp report" in blocks[0]
    assert "pytest" in blocks[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    test_command = _code_blocks(quickstart)[1]
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert test_command in ci_lines


def test_corpus_figures_in_the_readme_are_current() -> None:
    match = re.search(r"coded into (\d+) recommendations by (\d+) holders\s+on (\d+) themes", README)
    assert match, "the README states the shipped corpus's size"
    table = policycmp.load(REPO).table
    assert (int(match[1]), int(match[2]), int(match[3])) == (
        len(table),
        table["holder"].nunique(),
        table["theme"].nunique(),
    )
