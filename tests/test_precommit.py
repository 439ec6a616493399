"""The pre-commit hooks of .pre-commit-config.yaml run offline on a contributor's commit: a good file
commits, a broken one is refused with its path, line and column."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

DOCUMENT = "recommendations/003-editorial-afghan-taliban.yaml"


def git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def contributor_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    repo = tmp_path / "clone"
    for part in ("recommendations", "seeds", "schema"):
        shutil.copytree(REPO / part, repo / part)
    shutil.copy2(REPO / ".pre-commit-config.yaml", repo)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",  # the installed policycmp
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "Contributor", "GIT_AUTHOR_EMAIL": "c@example.org",
        "GIT_COMMITTER_NAME": "Contributor", "GIT_COMMITTER_EMAIL": "c@example.org",
        "HOME": str(tmp_path),
    }
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "corpus", "--no-verify")):
        assert git(repo, *args, env=env).returncode == 0
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                               capture_output=True, text=True, timeout=300, check=False)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return repo, env


def test_hooks_pass_a_good_file_and_refuse_a_broken_one(contributor_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = contributor_repo
    path = repo / DOCUMENT
    good = path.read_text(encoding="utf-8").replace("coders:", "# checked again by a second reader\ncoders:", 1)
    path.write_text(good, encoding="utf-8")
    git(repo, "add", DOCUMENT, env=env)
    committed = git(repo, "commit", "-m", "note", env=env)
    assert committed.returncode == 0, committed.stdout + committed.stderr
    hooks = committed.stdout + committed.stderr  # pre-commit reports on stderr under git commit
    assert "policycmp validate (changed YAML files" in hooks and "Passed" in hooks and "Failed" not in hooks

    lines = good.splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("option:"))
    lines[number] = lines[number].split("option:")[0] + "option: pressure-afghan-talibn\n"
    path.write_text("".join(lines), encoding="utf-8")
    git(repo, "add", DOCUMENT, env=env)
    refused = git(repo, "commit", "-m", "typo", env=env)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert f"{DOCUMENT}:{number + 1}:" in output, output
    assert "did you mean 'pressure-afghan-taliban'" in output
    assert git(repo, "log", "--format=%s", env=env).stdout.split() == ["note", "corpus"]
    assert not (Path(env["PRE_COMMIT_HOME"]) / "repos").exists() or not any((Path(env["PRE_COMMIT_HOME"]) / "repos").iterdir())
