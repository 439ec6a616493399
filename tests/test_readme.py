"""The README's promises hold: the CI entry point matches reality, and no corpus figure can go stale."""

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


def test_the_readme_states_no_figure_a_data_pull_request_would_make_stale() -> None:
    """The README does not state the shipped corpus's size, so adding a document never means editing it.

    (The size is what ``policycmp validate`` prints; a figure here would go stale with every coded document.)
    """
    prose = re.sub(r"```.*?```", "", README, flags=re.S)
    corpus_paragraph = next(block for block in prose.split("\n\n") if block.startswith("The shipped corpus"))
    assert not re.search(r"\d", corpus_paragraph), corpus_paragraph
    outside_benchmarks = re.sub(r"\n## Benchmarks\n.*?(?=\n## |\Z)", "", prose, flags=re.S)  # synthetic corpora
    stale = re.findall(
        r"(?<!when it held )\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:documents|recommendations|holders|themes|seeds)\b",
        outside_benchmarks,
    )
    assert stale == [], f"corpus figures in the README: {stale}"


def test_reliability_figures_in_the_readme_match_the_command(shipped: policycmp.Corpus) -> None:
    """The README's α table is what `policycmp agreement` computes for the shipped extra codings."""
    block = README.split("<!-- reliability: policycmp agreement, alpha [95% interval] -->", 1)[1].split("<!-- /reliability -->", 1)[0]
    rows = [line.strip("|").split("|") for line in block.strip().splitlines()[2:]]
    summary = shipped.reliability().summary().set_index(["view", "field"])

    def shown(view: str, field: str) -> str:
        row = summary.loc[(view, field)]
        return f"{row['alpha']:.3f} [{row['alpha_low']:.3f}, {row['alpha_high']:.3f}]"

    assert rows, "the README has a reliability table"
    for field, sentences, spans in rows:
        assert sentences.strip() == shown("sentences", field.strip())
        assert spans.strip() == shown("spans", field.strip())
