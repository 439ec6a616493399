"""Control characters from the data reach the terminal escaped, never obeyed (validate, coverage, every command)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

from policycmp.terminal import terminal_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ESC = "\x1b[2K\x1b[1A"
"""Erase the line, move up one: what would hide the line printed before."""


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policycmp", *map(str, args)], capture_output=True, text=True, timeout=120, check=False)


def test_escape_sequences_in_an_option_value_are_shown_not_obeyed(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "mini", root)
    doc = root / "recommendations" / "alpha.yaml"
    hostile = 'option: "open\\e[2K\\e[1A\\u202e\\x85"'
    doc.write_text(doc.read_text(encoding="utf-8").replace("option: open-talks", hostile, 1), encoding="utf-8")

    result = run("validate", "--root", root)

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == "1 problem in 1 file"
    assert len(lines) == 2
    assert "\\u001b[2K\\u001b[1A\\u202e\\u0085" in lines[0]
    assert lines[0].startswith("recommendations/alpha.yaml:16:13: ")
    assert not any(ch in result.stdout + result.stderr for ch in "\x1b\u202e\x85")


def test_a_newline_in_the_data_cannot_forge_a_line(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "mini", root)
    doc = root / "recommendations" / "alpha.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("option: open-talks", 'option: "x\\u2028\\n0 problems"', 1), encoding="utf-8")

    result = run("validate", "--root", root, "--format", "text")

    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[-1] == "1 problem in 1 file"
    assert "'x\\u2028 0 problems' is not a valid id for 'option'" in lines[0]
    assert "\u2028" not in result.stdout


def test_control_characters_in_a_seed_are_escaped_in_coverage(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "coverage" / "gaps", root)
    seed = root / "seeds" / "report.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("urged restraint.", f"urged {ESC}restraint\u202e\u2067."), encoding="utf-8")
    manifest = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in sorted((root / "seeds").glob("*.txt")))
    (root / "seeds" / "SHA256SUMS").write_text(manifest, encoding="utf-8")

    text = run("coverage", "--root", root)
    as_json = run("coverage", "--root", root, "--format", "json")

    assert text.returncode == 1 and as_json.returncode == 1
    assert text.stdout.splitlines()[-1] == "2 unexplained prescriptive sentences in 1 document; code or waive each"
    assert '"The U.S. State Department urged \\u001b[2K\\u001b[1Arestraint\\u202e\\u2067."' in text.stdout
    assert not any(ch in text.stdout + as_json.stdout for ch in "\x1b\u202e\u2067")
    flagged = [item for doc in json.loads(as_json.stdout)["documents"] for item in doc["flagged"]]
    assert f"The U.S. State Department urged {ESC}restraint\u202e\u2067." in [item["text"] for item in flagged]  # JSON keeps the data


def test_terminal_text_escapes_every_hidden_character_and_keeps_the_rest() -> None:
    assert terminal_text("a\x1b[31mb\x07\x9b\u200b\u2029\ufeff\U000e0041") == (
        "a\\u001b[31mb\\u0007\\u009b\\u200b\\u2029\\ufeff\\udb40\\udc41"
    )
    assert terminal_text("line one\nline two\tx", keep_newlines=True) == "line one\nline two\\u0009x"
    assert terminal_text("one\ntwo", keep_newlines=False) == "one\\u000atwo"
    assert terminal_text("Çà — “quoted” ✓ ✗ 中文\u00a0") == "Çà — “quoted” ✓ ✗ 中文\u00a0"
