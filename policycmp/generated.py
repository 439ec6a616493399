"""Every generated file kept in the repository, regenerated or checked in one place.

``policycmp generated`` rewrites, and ``policycmp generated --check`` checks without writing:

* ``schema/*.schema.json`` and ``docs/errors.md``, from the models and the problem catalogue
  (:mod:`policycmp.schema`);
* ``reports/``, the static report of the corpus with the default
  :class:`~policycmp.report.site.ReportOptions`, as ``policycmp report`` builds it;
* whatever other files the caller generates (``extra``): the command line passes ``docs/cli.md``, its
  reference, which only the CLI can write.

A file is stale when it is missing, differs byte for byte from what the code generates, or (in
``reports/``) is no longer generated at all. Writing touches only the stale files of the schemas,
and rebuilds the report atomically (the previous one stays on any failure) only when one of its
files is stale, so an up-to-date tree is left exactly as it was. The report is rendered, compared
and written page by page, never held whole in memory; :func:`expected` collects every generated
file into one dict, for tests and other small corpora.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from policycmp import schema
from policycmp.data import CorpusData
from policycmp.limits import DEFAULT, Limits
from policycmp.loader import load
from policycmp.report.build import render_site, rendered, update_site
from policycmp.report.check import stale_paths

REPORT_DIR = "reports"
"""Where the committed report lives, relative to the corpus root."""


def expected(corpus: CorpusData) -> dict[str, bytes]:
    """Relative path (from the corpus root) → the exact bytes each generated file must have."""
    files = _schema_files()
    files.update({f"{REPORT_DIR}/{path}": data for path, data in render_site(corpus).items()})
    return files


def _report_files(root: Path) -> set[str]:
    """The files now under ``reports/``, as corpus-root-relative paths."""
    report = root / REPORT_DIR
    if not report.is_dir():
        return set()
    return {p.relative_to(root).as_posix() for p in report.rglob("*") if p.is_file() or p.is_symlink()}


def stale(root: Path, files: dict[str, bytes]) -> list[str]:
    """The generated files under ``root`` that are missing, differ from ``files``, or are no longer generated (sorted)."""
    out = {path for path, data in files.items() if not (root / path).is_file() or (root / path).read_bytes() != data}
    out |= _report_files(root) - set(files)
    return sorted(out)


def _schema_files() -> dict[str, bytes]:
    return {path: text.encode("utf-8") for path, text in schema.generated().items()}


def _stale_schema(root: Path, files: dict[str, bytes]) -> list[str]:
    return [path for path, data in files.items() if not (root / path).is_file() or (root / path).read_bytes() != data]


def check(root: Path, *, limits: Limits = DEFAULT, extra: Mapping[str, bytes] | None = None) -> list[str]:
    """Load the corpus at ``root`` and list its stale generated files (``extra``: more paths and their bytes); writes
    nothing."""
    corpus = load(root, limits=limits)
    report = stale_paths(rendered(corpus), root / REPORT_DIR)
    return sorted(_stale_schema(root, {**_schema_files(), **(extra or {})}) + [f"{REPORT_DIR}/{path}" for path in report])


def write(root: Path, *, limits: Limits = DEFAULT, extra: Mapping[str, bytes] | None = None) -> list[str]:
    """Regenerate every stale generated file under ``root`` (``extra``: more paths and their bytes); returns the paths
    that were stale (now current)."""
    corpus = load(root, limits=limits)
    report = [f"{REPORT_DIR}/{path}" for path in update_site(rendered(corpus), root / REPORT_DIR)]  # first: it may fail
    files = {**_schema_files(), **(extra or {})}
    changed = _stale_schema(root, files)
    for path in changed:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[path])
    return sorted(changed + report)
