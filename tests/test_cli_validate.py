"""`policycmp validate`: output formats, exit codes, and never a traceback.

Most tests run the command in-process (``conftest.run_cli``); the smoke tests at the end run the installed
console script and ``python -m policycmp`` as real subprocesses, for the entry points and exit codes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import CliResult, run_cli
from loader_helpers import CODEBOOK, DOC, MINI, copy_document, copy_mini, edit

from policycmp.cli import main


def run(*args: str | Path, cwd: Path | None = None) -> CliResult:
    return run_cli(*args, cwd=cwd)


def run_process(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policycmp", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=60, check=False
    )


def broken(tmp_path: Path) -> Path:
    root = copy_mini(tmp_path)
    edit(root, DOC, "option: open-talks", "option: opn-talks")
    edit(root, DOC, "strength: should", "strength: Should")
    edit(root, CODEBOOK, "type: collective", "type: collective\n    affiliation: yes")
    return root


def test_a_valid_corpus_exits_0_with_a_summary() -> None:
    result = run("validate", "--root", MINI)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "2 files valid: 1 document, 2 recommendations, 1 waiver; codebook 0.1 with 2 themes, 5 options, 2 actors; "
        "2 holders with statements, 3 holders in the codebook\n"
    )
    assert result.stderr == ""


def test_problems_exit_1_one_line_each_then_a_summary(tmp_path: Path) -> None:
    result = run("validate", "--root", broken(tmp_path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "recommendations/alpha.yaml:16:13: unknown option 'opn-talks'; did you mean 'open-talks'? [PC301 unknown-option]",
        "recommendations/alpha.yaml:29:15: 'Should' is not a valid strength; expected one of: must, should, could; "
        "did you mean 'should'? [PC204 invalid-choice]",
        "recommendations/codebook.yaml:43:18: 'affiliation' expected text, got the boolean yes (yes/no/true/false/on/off are "
        'booleans in YAML): put it in quotes: "yes" [PC203 wrong-type]',
        "3 problems in 2 files",
    ]
    assert "Traceback" not in result.stderr


def test_json_format(tmp_path: Path) -> None:
    result = run("validate", "--root", broken(tmp_path), "--format", "json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["valid"] is False
    assert payload["summary"] == "3 problems in 2 files"
    assert payload["problems"][0] == {
        "path": "recommendations/alpha.yaml",
        "line": 16,
        "column": 13,
        "code": "PC301",
        "slug": "unknown-option",
        "message": "unknown option 'opn-talks'; did you mean 'open-talks'?",
        "severity": "error",
    }
    valid = json.loads(run("validate", "--root", MINI, "--format", "json").stdout)
    assert valid["valid"] is True
    assert valid["problems"] == []


def test_github_annotations(tmp_path: Path) -> None:
    result = run("validate", "--root", broken(tmp_path), "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=recommendations/alpha.yaml,line=16,col=13,title=PC301 unknown-option::"
        "unknown option 'opn-talks'; did you mean 'open-talks'?"
    )
    assert lines[-1] == "3 problems in 2 files"


def test_named_files_are_checked_against_the_codebook_and_seeds(tmp_path: Path) -> None:
    root = broken(tmp_path)
    shutil.copy(MINI / CODEBOOK, root / CODEBOOK)
    result = run("validate", "recommendations/alpha.yaml", cwd=root)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "2 problems in 1 file"
    edit(root, DOC, "option: opn-talks", "option: open-talks")
    edit(root, DOC, "strength: Should", "strength: should")
    result = run("validate", root / DOC)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("2 files valid: 1 document, 2 recommendations")
    copy_document(root, "beta")
    (root / "recommendations/notes.txt").write_text("not yaml", encoding="utf-8")
    result = run("validate", "recommendations", cwd=root)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("3 files valid: 2 documents, 4 recommendations")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "no/such/file.yaml"], "Path 'no/such/file.yaml' does not exist"),
        (["validate", "--root", "no/such/dir"], "Directory 'no/such/dir' does not exist"),
        (["validate", str(MINI / "seeds" / "alpha.txt")], "alpha.txt' is not a YAML file"),
        (["validate", str(MINI / "seeds")], "seeds' holds no YAML files"),
        (["validate", "--format", "xml"], ("'xml'", "'text', 'json', 'csv', 'github'")),
        (["validate", "--colour"], ("No such option", "--colour")),  # click's wording of this one differs across 8.x
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str | tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    for fragment in (message,) if isinstance(message, str) else message:
        assert fragment in result.stderr
    assert "Traceback" not in result.stderr


BROKEN_INPUTS = {
    "deep nesting": ("[" * 100_000, "1:33: the YAML nests more than 32 levels deep here", "too-deep"),
    "alias bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
        "1:4: anchor '&a' is not allowed",
        "yaml-alias",
    ),
    "python tag": (
        "document: !!python/object/apply:os.system ['echo pwned']\n",
        "1:11: explicit tag '!!python/object/apply:os.syst…' is not allowed",
        "yaml-tag",
    ),
    "control character": ("document:\n  id: \x00\n", "2:7: invalid YAML: character U+0000", "yaml-syntax"),
    "not a mapping": ("- just\n- a list\n", "1:1: the file must be a mapping of 'key: value' lines", "wrong-type"),
    "scalar": ("hello\n", "1:1: the file must be a mapping of 'key: value' lines", "wrong-type"),
    "empty": ("", "1:1: the file holds no data", "empty-file"),
    "huge number": ("document:\n  id: " + "1" * 10_000 + "\n", "2:7: '" + "1" * 39 + "…' is not a valid number", "wrong-type"),
    "bad date": ("document:\n  date: 2023-02-30\n", "2:9: '2023-02-30' is not a valid date", "invalid-date"),
}


@pytest.mark.parametrize("name", list(BROKEN_INPUTS))
def test_broken_inputs_never_print_a_traceback(tmp_path: Path, name: str) -> None:
    text, start, slug = BROKEN_INPUTS[name]
    root = copy_mini(tmp_path)
    (root / DOC).write_text(text, encoding="utf-8")
    result = run("validate", "--root", root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    *lines, summary = result.stdout.splitlines()
    assert summary.endswith(" in 1 file")
    # The broken node is reported once, in short; other lines can only be the fields a fragment lacks.
    (line,) = [line for line in lines if "[PC201 missing-field]" not in line]
    assert line.startswith(f"recommendations/alpha.yaml:{start}") and line.endswith(f" {slug}]")
    assert all(len(line) < 260 for line in lines)


def test_binary_garbage_never_prints_a_traceback(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    (root / DOC).write_bytes(bytes(range(256)) * 4)
    result = run("validate", "--root", root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "recommendations/alpha.yaml:2:118: byte 0x80 is not valid UTF-8: save the file as UTF-8 [PC107 not-utf8]",
        "1 problem in 1 file",
    ]


def test_the_console_script_is_installed() -> None:
    script = shutil.which("policycmp")
    assert script is not None, "the console script is not on PATH: install the package (pip install -e '.[test]') before testing"
    result = subprocess.run([script, "validate", "--root", str(MINI)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0


def test_every_command_has_help_text() -> None:
    assert isinstance(main, click.Group)
    assert main.help
    for name, command in main.commands.items():
        assert command.help, f"command {name} has no help text"
        assert (command.short_help or command.help).strip()


def test_outside_any_corpus_it_refuses_and_inside_it_says_which_root(tmp_path: Path) -> None:
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"error: no corpus here: neither {tmp_path.resolve()} nor its parents hold recommendations/codebook.yaml" in result.stderr
    inside = run("validate", cwd=MINI / "seeds")
    assert inside.returncode == 0
    assert inside.stderr == f"corpus root: {MINI.resolve()} (found from {(MINI / 'seeds').resolve()})\n"
    assert inside.stdout.startswith("2 files valid: 1 document")


@pytest.mark.parametrize(
    ("args", "code"),
    [(("validate", "--root", MINI), 0), (("validate", "--root", FIXTURES_BROKEN := "{broken}"), 1), (("validate", "--colour"), 2)],
)
def test_the_module_entry_point_exits_0_1_or_2(tmp_path: Path, args: tuple[str | Path, ...], code: int) -> None:
    args = tuple(broken(tmp_path) if a == FIXTURES_BROKEN else a for a in args)
    result = run_process(*args)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
