"""Render the site page by page into a temporary directory, then swap it into place atomically.

:func:`build` streams the files of the report (:func:`~policycmp.report.stream.site_files`: one page
rendered at a time, never the whole site in memory) into a fresh temporary directory next to the
target, and only when everything is rendered and written renames it into place, so a failing
build leaves the previous report as it was. :func:`render_site` collects the same stream into a
dict (site-relative path → bytes) for small sites. :func:`build_theme_page` renders one theme as a
single self-contained HTML file (for e-mail).

Where the output really lives: an ``--out`` that is a symbolic link is followed, the report is
built beside the link's target and swapped in there, and the link is kept. A directory that
cannot be renamed (a mount point: a bind mount or a container volume) has its *contents*
replaced instead: the new files are written into a hidden directory inside it first, then the
old entries are moved aside and the new ones moved in, by renames that cannot run out of space,
rolled back if one fails. A single-file report only replaces an earlier single-file report
(recognised by :data:`SINGLE_FILE_MARK`), never an unrelated file.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from policycmp.atomic import replace_file
from policycmp.data import CorpusData
from policycmp.errors import PolicycmpError, UsageError
from policycmp.report.pages import theme_page
from policycmp.report.site import ReportOptions, Site
from policycmp.report.stream import MARKER, MARKER_TEXT, Progress, render, render_site, site_files

__all__ = [
    "MARKER", "MARKER_TEXT", "SINGLE_FILE_MARK", "BuildResult", "Progress", "ReportError", "build", "build_theme_page",
    "is_single_file_report", "remove_stale", "render", "render_site", "rendered", "update_site", "write_single_file", "write_site",
]

SINGLE_FILE_MARK = '<meta name="policycmp-report" content="single-file">'
"""Present in the head of every single-file report; an existing file without it is never overwritten."""


class ReportError(PolicycmpError):
    """The report could not be built or written; the previous report is unchanged."""


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: where, how many pages of each kind, how many bytes."""

    out_dir: Path
    pages: dict[str, int]
    files: int
    bytes: int

    def describe(self) -> str:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.pages.items()))
        return f"wrote {self.files} files ({self.bytes / 1024:.0f} KiB) to {self.out_dir}: {kinds}"


def rendered(corpus: CorpusData, options: ReportOptions | None = None, progress: Progress | None = None) -> Iterator[tuple[str, bytes]]:
    """:func:`~policycmp.report.stream.site_files`, with a failure to render said plainly as a :class:`ReportError`.

    A :class:`PolicycmpError` passes as it is; any other exception (a bug or unexpected data) becomes a
    ReportError naming it, raised from the consumer's loop, which then drops its partial output.
    """
    try:
        yield from site_files(corpus, options, progress)
    except PolicycmpError:
        raise
    except Exception as exc:  # a bug or unexpected data: report it plainly, keep the old report
        raise ReportError(f"the report could not be rendered ({type(exc).__name__}: {exc}); the previous report is unchanged") from exc


def build_theme_page(corpus: CorpusData, theme_id: str, options: ReportOptions | None = None) -> str:
    """One theme's side-by-side page as a single self-contained HTML document (CSS inline, no links out)."""
    if theme_id not in corpus.themes:
        known = ", ".join(sorted(corpus.themes))
        raise UsageError(f"there is no theme {theme_id!r} in the codebook; choose one of: {known}")
    return render(theme_page(Site(corpus, options), theme_id, standalone=True)).decode("utf-8")


def _check_target(out: Path, marker: str = MARKER) -> None:
    what = "report" if marker == MARKER else "export"
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file, not a directory; choose a directory for the {what} with --out")
    if out.is_dir() and any(out.iterdir()) and not (out / marker).is_file():
        raise UsageError(
            f"{out} is not empty and is not a policycmp {what} (it has no {marker} file), so it will not be "
            "replaced; choose a new or empty directory with --out"
        )


STAGING = "building"
RETIRED = "old"


def _sibling_prefix(out: Path, role: str) -> str:
    """Name prefix of a build's temporary directories beside ``out``; the builder's pid is part of it."""
    return f".{out.name}.{role}-{os.getpid()}-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


INSIDE = ".policycmp."
"""Name prefix of the temporary directories made *inside* a report that cannot be renamed (a mount point)."""


def _discard(path: Path) -> None:
    """Remove a temporary entry: a link is unlinked (never followed), a directory removed with its contents."""
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def remove_stale(out: Path) -> list[Path]:
    """Delete temporary entries left by builds that were killed (their process is gone).

    They sit beside ``out`` (``.<name>.building-<pid>-…``, ``.<name>.old-<pid>-…``) or, for a report that
    cannot be renamed, inside it (``.policycmp.building-<pid>-…``). Links left there by older versions
    (which swapped a linked ``--out`` with its staging directory) are unlinked, never followed.
    """
    removed = []
    places = [(out.parent, f".{out.name}.")]
    if out.is_dir() and not out.is_symlink():
        places.append((out, INSIDE))
    for folder, prefix in places:
        for role in (STAGING, RETIRED):
            for path in sorted(folder.glob(f"{prefix}{role}-*")):
                pid = path.name[len(f"{prefix}{role}-") :].split("-", 1)[0]
                if pid.isdigit() and not _pid_alive(int(pid)):
                    _discard(path)
                    removed.append(path)
    return removed


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # the kernel or file system cannot exchange
        return False
    raise OSError(code, os.strerror(code))


def _rename(src: Path, dst: Path) -> None:
    """Every rename of a build goes through here (one place to see, and to simulate failures in tests)."""
    src.rename(dst)


UNMOVABLE = (errno.EBUSY, errno.EXDEV)
"""Errors of renaming a directory that is a mount point: replace its contents instead."""


def _swap_in(staging: Path, out: Path) -> Path | None:
    """Put ``staging`` at ``out``; return where the previous report went (to delete), if there was one.

    Where the system can exchange two directories in one step, ``out`` never disappears, not
    even for an instant; elsewhere the old report is renamed aside and the new one renamed in.
    A mount point (or a rename refused with EBUSY/EXDEV) gets its contents replaced instead.
    """
    if not out.exists():
        _rename(staging, out)
        return None
    if os.path.ismount(out):
        _replace_contents(staging, out)
        return staging
    try:
        if _exchange(staging, out):
            return staging
        old = Path(tempfile.mkdtemp(prefix=_sibling_prefix(out, RETIRED), dir=out.parent))
        old.rmdir()
        _rename(out, old)
    except OSError as exc:
        if exc.errno not in UNMOVABLE:
            raise
        _replace_contents(staging, out)
        return staging
    try:
        _rename(staging, out)
    except OSError:
        _rename(old, out)
        raise
    return old


def _locked(folder: Path) -> int | None:
    """An exclusive lock on ``folder`` (its open descriptor), so two builds never interleave their moves."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock, the moves are still rolled back on failure
        return None
    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def _replace_contents(staging: Path, out: Path) -> None:
    """Replace the entries of ``out`` by those of ``staging`` without renaming ``out`` itself.

    The new files are first copied into a hidden directory inside ``out`` (same file system, so a
    full disk fails here, before anything is touched); then, under a lock, the old entries are
    renamed into a second hidden directory and the new ones renamed into ``out``. If a rename
    fails, those done are undone, so ``out`` holds the old report again.
    """
    pid = os.getpid()
    fresh = Path(tempfile.mkdtemp(prefix=f"{INSIDE}{STAGING}-{pid}-", dir=out))
    retired: Path | None = None
    lock: int | None = None
    try:
        shutil.copytree(staging, fresh, dirs_exist_ok=True)
        retired = Path(tempfile.mkdtemp(prefix=f"{INSIDE}{RETIRED}-{pid}-", dir=out))
        lock = _locked(out)
        moved_old: list[str] = []
        moved_new: list[str] = []
        try:
            for entry in sorted(out.iterdir()):
                if not entry.name.startswith(INSIDE):
                    _rename(entry, retired / entry.name)
                    moved_old.append(entry.name)
            for entry in sorted(fresh.iterdir()):
                _rename(entry, out / entry.name)
                moved_new.append(entry.name)
        except OSError:
            for name in reversed(moved_new):
                _rename(out / name, fresh / name)
            for name in reversed(moved_old):
                _rename(retired / name, out / name)
            raise
    finally:
        if lock is not None:
            os.close(lock)
        _discard(fresh)
        if retired is not None:
            _discard(retired)


def _reuse(earlier: Path, target: Path, data: bytes) -> bool:
    """Put the earlier build's file at ``target`` when its bytes are ``data``; False when it must be written.

    The unchanged file is hard-linked into the staging directory (same inode, so its modification
    time and bytes stay those of the earlier build), or copied with its times where links are
    refused. Then a rebuild after a one-document change leaves every other file as it was: a tool
    that syncs or serves by modification time sees only the changed pages. The earlier file is
    never modified, so the swap stays all-or-nothing.
    """
    try:
        if not earlier.is_file() or earlier.is_symlink() or earlier.stat().st_size != len(data) or earlier.read_bytes() != data:
            return False
        try:
            os.link(earlier, target)
        except OSError:
            shutil.copy2(earlier, target)
    except OSError:
        return False
    return True


Files = Mapping[str, bytes] | Iterable[tuple[str, bytes]]
"""The files of a report: a dict (site-relative path → bytes) or a stream of ``(path, bytes)`` pairs, each path once."""


@dataclass
class _Written:
    """What writing a report found: how many files and bytes, and which files differ from the earlier report."""

    files: int = 0
    bytes: int = 0
    paths: set[str] = field(default_factory=set)
    changed: list[str] = field(default_factory=list)
    """Paths written anew (no earlier file had their bytes); the earlier report's other files are :meth:`removed`."""

    def removed(self, previous: Path | None) -> list[str]:
        """Files of the earlier report (or any other entry there) that the new one no longer has."""
        if previous is None:
            return []
        there = {p.relative_to(previous).as_posix() for p in previous.rglob("*") if p.is_file() or p.is_symlink()}
        return sorted(there - self.paths)


def write_site(files: Files, out_dir: str | Path, *, marker: str = MARKER) -> Path:
    """Write ``files`` into a temporary directory beside ``out_dir``, then swap it into place.

    ``files`` may be a stream (see :data:`Files`): each file is written as it comes, so a report
    rendered page by page is never held whole in memory, and a failure while producing the
    stream (a page that cannot be rendered) leaves the previous report as it was, like a failed
    write. A file whose bytes equal the earlier report's is carried over from it, not rewritten
    (see :func:`_reuse`), so only files whose content changed get a new modification time.
    Temporary directories left beside ``out_dir`` by a killed build are removed first. A
    non-empty ``out_dir`` is replaced only if it holds the ``marker`` file (exports use their own).
    """
    return _write(files, out_dir, marker, _Written(), swap_unchanged=True)


def update_site(files: Files, out_dir: str | Path) -> list[str]:
    """Like :func:`write_site`, but swap the report in only if a file changed; return the stale paths, sorted.

    Stale: written anew (missing or different before) or no longer generated. When none is, the
    staged copy is discarded and ``out_dir`` is left exactly as it was (``policycmp generated``).
    """
    written = _Written()
    _write(files, out_dir, MARKER, written, swap_unchanged=False)
    return sorted(written.changed)


def _write(files: Files, out_dir: str | Path, marker: str, written: _Written, *, swap_unchanged: bool) -> Path:
    """:func:`write_site`, tallying into ``written``; with ``swap_unchanged`` False an unchanged report is not swapped."""
    requested = Path(out_dir).absolute()
    out = requested.resolve() if requested.is_symlink() else requested
    _check_target(out, marker)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if out != requested:
            remove_stale(requested)
        remove_stale(out)
        staging = Path(tempfile.mkdtemp(prefix=_sibling_prefix(out, STAGING), dir=out.parent))
    except OSError as exc:
        raise ReportError(f"cannot create a build directory next to {out}: {exc.strerror or exc}") from None
    old: Path | None = None
    previous = out if out.is_dir() and (out / marker).is_file() else None
    inside = staging.resolve()
    try:
        for rel, data in files.items() if isinstance(files, Mapping) else files:
            target = staging / rel
            if inside not in target.resolve().parents:
                raise ReportError(f"refusing to write {rel!r} outside the report directory")
            target.parent.mkdir(parents=True, exist_ok=True)
            if previous is None or not _reuse(previous / rel, target, data):
                target.write_bytes(data)
                written.changed.append(rel)
            written.files += 1
            written.bytes += len(data)
            written.paths.add(rel)
            del data  # the stream's producer drops its reference too: one file's bytes alive at a time
        if not swap_unchanged:
            written.changed += written.removed(previous)
            if previous is not None and not written.changed:
                shutil.rmtree(staging, ignore_errors=True)
                return requested
        staging.chmod(0o755)
        old = _swap_in(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ReportError(f"could not write the report to {out}: {exc.strerror or exc}; the previous report is unchanged") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if old is not None:
        _discard(old)
    return requested


def build(
    corpus: CorpusData, out_dir: str | Path = "reports", options: ReportOptions | None = None, *, progress: Progress | None = None
) -> BuildResult:
    """Build the report of ``corpus`` into ``out_dir`` atomically and say what was written.

    The pages are rendered and written one at a time (:func:`rendered`); the previous report stays
    until the last file is written, and stays as it was if rendering or writing fails.
    ``options`` (normalisation, duplicate rule) reach every analysis the pages show; the default
    :class:`ReportOptions` gives the committed report. ``progress``: see :data:`Progress`.
    """
    kinds: Counter[str] = Counter()

    def counted(stream: Iterator[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
        for path, data in stream:
            if path.endswith(".html"):
                kinds[_kind(path)] += 1
            yield path, data

    written = _Written()
    out = _write(counted(rendered(corpus, options, progress)), out_dir, MARKER, written, swap_unchanged=True)
    return BuildResult(out, dict(kinds), written.files, written.bytes)


def _kind(path: str) -> str:
    """Page kind of a site path, for the build summary: the folder, 'overview', or a root page's name."""
    if "/" in path:
        return path.split("/")[0]
    if path == "documents.html":
        return "document list"  # not to be counted with the document pages under documents/
    return "overview" if path == "index.html" else path.removesuffix(".html")


def is_single_file_report(path: Path) -> bool:
    """Whether ``path`` is a regular file whose head carries :data:`SINGLE_FILE_MARK`."""
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        return SINGLE_FILE_MARK.encode("utf-8") in handle.read(4096)


def write_single_file(
    html: str | bytes, out_file: str | Path, *, replaceable: Callable[[Path], bool] | None = None
) -> Path:
    """Write one HTML file atomically (temporary file in the same directory, then replace).

    A link is followed (the file it points to is replaced, the link kept). An existing file is
    replaced only if ``replaceable(path)`` says so: by default, only an earlier single-file report
    (exports pass their own test; the notebook's ``to_csv`` style writers pass one that allows it).
    """
    requested = Path(out_file).absolute()
    out = requested.resolve() if requested.is_symlink() else requested
    if out.is_dir():
        raise UsageError(f"{requested} is a directory; give a file name such as brief.html with --out")
    if os.path.lexists(out) and not (replaceable or is_single_file_report)(out):
        raise UsageError(
            f"{requested} exists and is not a policycmp single-file report, so it will not be overwritten; "
            "choose a new file name with --out, or delete the file first"
        )
    try:
        replace_file(out, html.encode("utf-8") if isinstance(html, str) else html)
    except OSError as exc:
        raise ReportError(f"could not write {out}: {exc.strerror or exc}; nothing was changed") from None
    return requested
