"""The shared output options (``--format text|json|csv``, ``--out``) of every result-printing command.

The command list is derived from the click group, so a new command fails here until it either takes the shared
options (:func:`policycmp.cli_output.output_options`) or is listed, with its reason, in ``FILE_COMMANDS``.
Outputs are produced on a real fixture corpus (``tests/fixtures/double``, in a git repository for ``diff``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import REPO, run_cli

from policycmp.cli import main
from policycmp.cli_output import FILE_COMMANDS, FORMATS, Output, OutputOption, Result, Table, csv_text, json_text

FIXTURE = REPO / "tests" / "fixtures" / "double"


def leaf_commands(group: click.Group = main, prefix: tuple[str, ...] = ()) -> dict[str, click.Command]:
    """Every runnable command under ``group``, keyed by its words ("codebook unused")."""
    found: dict[str, click.Command] = {}
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found |= leaf_commands(command, (*prefix, name))
        else:
            found[" ".join((*prefix, name))] = command
    return found


COMMANDS = leaf_commands()
RESULT_COMMANDS = sorted(name for name in COMMANDS if name not in FILE_COMMANDS)
ARGS: dict[str, tuple[str, ...]] = {"diff": ("HEAD",)}
"""Arguments a result command needs on the fixture, beyond --root and the output options."""
NOT_A_TABLE = {"diff"}
"""Result commands that refuse --format csv with a usage error."""


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The double-coded fixture in a git repository, with one stance changed since the commit (so diff has output)."""
    root = tmp_path_factory.mktemp("output") / "corpus"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    beta = root / "recommendations" / "beta.yaml"
    text = beta.read_text(encoding="utf-8")
    assert "stance: oppose" in text
    beta.write_text(text.replace("stance: oppose", "stance: support", 1), encoding="utf-8")
    return root


def run(name: str, root: Path, *extra: str | Path) -> tuple[int, str, str]:
    done = run_cli(*name.split(), *ARGS.get(name, ()), "--root", root, *extra)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_takes_the_shared_options_or_writes_files(name: str) -> None:
    shared = {p.name: p for p in COMMANDS[name].params if isinstance(p, OutputOption)}
    if name in FILE_COMMANDS:
        assert not shared, f"{name} is listed as a file-writing command but takes the shared output options"
        return
    assert set(shared) == {"fmt", "out"}, f"{name} prints a result: decorate it with policycmp.cli_output.output_options()"
    choice = shared["fmt"].type
    assert isinstance(choice, click.Choice) and set(FORMATS) <= set(choice.choices)
    assert shared["fmt"].opts == ["--format"] and shared["out"].opts == ["--out"]


def test_every_listed_file_command_exists() -> None:
    assert set(FILE_COMMANDS) <= set(COMMANDS)
    assert RESULT_COMMANDS, "no command prints a result"


def sorted_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [key for key, _ in pairs]
    assert keys == sorted(keys), f"keys not sorted: {keys}"
    return dict(pairs)


@pytest.mark.parametrize("name", RESULT_COMMANDS)
def test_json_parses_with_sorted_keys_and_is_deterministic(name: str, corpus: Path) -> None:
    code, first, _ = run(name, corpus, "--format", "json")
    assert code in (0, 1), first
    json.loads(first, object_pairs_hook=sorted_keys)
    assert run(name, corpus, "--format", "json")[1] == first


@pytest.mark.parametrize("name", RESULT_COMMANDS)
def test_csv_parses_as_one_table_or_is_refused(name: str, corpus: Path) -> None:
    code, out, err = run(name, corpus, "--format", "csv")
    if name in NOT_A_TABLE:
        assert code == 2 and "--format csv" in err and "not one table" in err and out == ""
        return
    assert code in (0, 1), err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows and rows[0] and all(rows[0])
    assert all(len(row) == len(rows[0]) for row in rows)


@pytest.mark.parametrize("name", RESULT_COMMANDS)
def test_out_writes_what_stdout_would_show(name: str, corpus: Path, tmp_path: Path) -> None:
    for fmt in ("text", "json"):
        code, shown, _ = run(name, corpus, "--format", fmt)
        target = tmp_path / f"result.{fmt}"
        code_out, printed, err = run(name, corpus, "--format", fmt, "--out", target)
        assert code_out == code and printed == "" and f"wrote {target}" in err
        assert target.read_text(encoding="utf-8") == shown


def test_out_replaces_an_existing_file_and_refuses_a_directory(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "unused.csv"
    target.write_text("old\n", encoding="utf-8")
    assert run("codebook unused", corpus, "--format", "csv", "--out", target)[0] == 0
    assert target.read_text(encoding="utf-8").splitlines()[0] == "kind,id"
    code, _, err = run("codebook unused", corpus, "--out", tmp_path)
    assert code == 2 and "is a directory" in err


def _small_files() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file-size limits")
def test_a_failed_write_leaves_the_existing_file_untouched(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "coverage.json"
    target.write_text('{"old": true}\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "policycmp", "coverage", "--root", str(corpus), "--format", "json", "--out", str(target)],
        capture_output=True, text=True, timeout=120, check=False, preexec_fn=_small_files,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 1 and f"could not write {target}" in done.stderr and "nothing was changed" in done.stderr
    assert target.read_text(encoding="utf-8") == '{"old": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coverage.json"]  # no temporary file left behind


def test_validate_problems_in_every_format(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    alpha = root / "recommendations" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("stance: support", "stance: =HYPERLINK()", 1), encoding="utf-8")
    code, out, _ = run("validate", root, "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["valid"] is False and data["problems"][0]["path"] == "recommendations/alpha.yaml"
    code, out, _ = run("validate", root, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 1 and rows and rows[0]["path"] == "recommendations/alpha.yaml" and int(rows[0]["line"]) > 0
    assert all(not cell.startswith("=") for row in rows for cell in row.values())
    code, out, _ = run("validate", root, "--format", "github")
    assert code == 1 and out.startswith("::error file=recommendations/alpha.yaml,")


def test_the_writer_escapes_once_at_the_boundary(capsys: pytest.CaptureFixture[str]) -> None:
    hostile = "=cmd|' /C calc'!A0"
    text = csv_text(Table(("name", "value", "ratio"), [(hostile, -1, float("nan")), ("@x", 2, 0.1 + 0.2)]))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["'" + hostile, "-1", ""] and rows[2] == ["'@x", "2", "0.3"]
    assert json.loads(json_text({"b": float("nan"), "a": (0.1 + 0.2, 1)})) == {"a": [0.3, 1], "b": None}
    Output("text").write(Result("moved\x1b[2Jhere", {}))
    Output("json").write(Result("", {"name": "x\u202ey\x85"}))
    shown = capsys.readouterr().out
    assert "\x1b" not in shown and "\u202e" not in shown and "\x85" not in shown
    assert "moved\\u001b[2Jhere" in shown
    assert json.loads(shown.split("\n", 1)[1]) == {"name": "x\u202ey\x85"}


def test_every_command_and_subcommand_has_a_section_in_the_cli_reference() -> None:
    from policycmp.cli import cli_reference

    text = cli_reference()
    for name in COMMANDS:
        assert f"## `policycmp {name}`" in text
