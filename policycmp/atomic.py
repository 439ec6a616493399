"""Atomic file writes: the one place where policycmp replaces a file on disk.

Every file policycmp writes (the single-file report, ``--out`` of a command, adjudication proposals,
codebook edits, validation-cache entries) goes through a temporary file beside its target, renamed
into place only once it is whole. A full disk, a missing permission or an interrupted run therefore
never leaves a half-written file where a good one was. Callers turn :class:`OSError` into their own
user-facing error; this module only guarantees that nothing is left behind on failure.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

DEFAULT_MODE = 0o644
"""Permissions of a new file: what ``open`` would give under the usual umask (``mkstemp`` makes 0600)."""


def write_temporary(target: Path, data: str | bytes, *, newline: str = "", mode: int | None = DEFAULT_MODE) -> Path:
    """Write ``data`` to a new temporary file beside ``target`` and return its path (``target`` is not touched).

    Text is written as UTF-8 with ``newline`` as the line-ending translation (``""`` keeps the text's own).
    ``mode``: the file's permissions; ``None`` copies ``target``'s, which must exist. On failure the
    temporary file is removed and the :class:`OSError` propagates.
    """
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        if isinstance(data, bytes):
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as stream:
                stream.write(data)
        if mode is None:
            shutil.copymode(target, temporary)
        else:
            temporary.chmod(mode)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def replace_file(target: Path, data: str | bytes, *, newline: str = "", mode: int | None = DEFAULT_MODE, parents: bool = True) -> None:
    """Replace ``target`` with ``data`` in one rename; on any failure ``target`` is left as it was.

    ``parents``: create missing parent directories first. Raises :class:`OSError` (the temporary file
    is removed); see :func:`write_temporary` for ``newline`` and ``mode``.
    """
    if parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    temporary = write_temporary(target, data, newline=newline, mode=mode)
    try:
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
