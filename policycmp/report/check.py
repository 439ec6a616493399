"""``policycmp report --check``: is the committed report the build of this corpus?

The site is rendered in memory (nothing is written) and compared byte for byte with the directory;
a file that differs, is missing or is left over from an earlier build is stale. Pull requests do not
touch ``reports/``: the main-branch workflow runs this check and, when it fails, rebuilds and commits.
"""

from __future__ import annotations

from pathlib import Path

from policycmp.data import CorpusData
from policycmp.report.build import render_site


def stale_files(corpus: CorpusData, out: Path) -> list[str]:
    """Site-relative paths under ``out`` that a rebuild would write, change or remove, sorted."""
    fresh = render_site(corpus)
    on_disk = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file()} if out.is_dir() else {}
    stale = [path for path, data in fresh.items() if path not in on_disk or on_disk[path].read_bytes() != data]
    stale += [path for path in on_disk if path not in fresh]
    return sorted(stale)
