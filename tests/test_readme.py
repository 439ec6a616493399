"""The README's promises hold: its corpus figures and the CI entry point match reality."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO

import policycmp

README = (REPO / "README.md").read_text(encoding="utf-8")


def _code_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def test_quickstart_has_exactly_two_commands() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = _code_blocks(quickstart)
    assert len(blocks) == 2
    assert all("\n" not in block for block in blocks), "each Quickstart step is one command line"
    assert "policycmp report" in blocks[0]
    assert "tools/test.sh" in blocks[1]
    script = (REPO / "tools" / "test.sh").read_text(encoding="utf-8")
    assert "python -m pytest --durations=15" in script  # the whole suite in the newest-versions environment
    assert '-m "not browser and not notebook"' in script  # the quick loop in the lowest-versions environment


def test_lowest_constraints_pin_every_lower_bound() -> None:
    """tools/lowest-constraints.txt pins each runtime dependency at the lower bound pyproject.toml declares."""
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = {}
    for line in (REPO / "tools" / "lowest-constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    for requirement in declared:
        found = re.match(r"([A-Za-z0-9_.-]+)>=([0-9.]+)", requirement)
        assert found, f"{requirement!r} declares no lower bound"
        assert pins.get(found[1].lower()) == found[2], f"tools/lowest-constraints.txt must pin {found[1]}=={found[2]}"


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    test_command = _code_blocks(quickstart)[1]
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert test_command in ci_lines


def test_corpus_figures_in_the_readme_are_current(shipped: policycmp.Corpus) -> None:
    match = re.search(
        r"coded into (\d+) recommendations on (\d+) themes,\s+with (\d+) holders with statements \((\d+) holders in the codebook\)", README
    )
    assert match, "the README states the shipped corpus's size, naming the holder figures as validate and the notebook do"
    table = shipped.table
    assert tuple(int(g) for g in match.groups()) == (
        len(table),
        table["theme"].nunique(),
        table["holder"].nunique(),
        len(shipped.codebook.holders),
    )
