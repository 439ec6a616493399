"""``policycmp report --check``: is the committed report the build of this corpus?

The site is rendered page by page (nothing is written, and never the whole site in memory) and each
file compared byte for byte with the directory as it comes; a file that differs, is missing or is
left over from an earlier build is stale. Pull requests do not touch ``reports/``: the main-branch
workflow runs this check and, when it fails, rebuilds and commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from policycmp.data import CorpusData
from policycmp.report.build import rendered


def same_bytes(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file holding exactly ``data`` (its size is compared first, then its bytes)."""
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def stale_paths(files: Iterable[tuple[str, bytes]], out: Path) -> list[str]:
    """Site-relative paths under ``out`` that writing ``files`` (a stream, consumed here) would write, change or remove."""
    on_disk = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file() or p.is_symlink()} if out.is_dir() else {}
    stale: list[str] = []
    for path, data in files:
        there = on_disk.pop(path, None)
        if there is None or not same_bytes(there, data):
            stale.append(path)
    return sorted(stale + list(on_disk))


def stale_files(corpus: CorpusData, out: Path) -> list[str]:
    """Site-relative paths under ``out`` that a rebuild would write, change or remove, sorted."""
    return stale_paths(rendered(corpus), out)
