"""The corpus root a command works on, found one way for every command.

A corpus root is a directory holding ``recommendations/codebook.yaml``. Every CLI command
(``validate``, ``coverage``, ``report``, ``schema``) calls :func:`command_root`: an explicit
``--root`` must be a corpus root; without one, the nearest corpus root at or above the starting
directory (the current directory, or the first file named on the command line) is used. There is
no fallback: outside any corpus a command refuses with a usage error instead of quietly working
on the example corpus that ships inside the package, and every default output path is relative
to the root found, never to the current directory (so ``cd recommendations && policycmp report``
writes ``reports/`` beside ``recommendations/``, not inside it).

The library's :func:`policycmp.load` keeps its own default (it may fall back to the shipped
corpus, which is what the tour notebook wants).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policycmp.errors import UsageError

CODEBOOK = "recommendations/codebook.yaml"


def is_corpus_root(path: Path) -> bool:
    """Whether ``path`` holds ``recommendations/codebook.yaml``."""
    return (path / CODEBOOK).is_file()


def search(start: Path) -> Path | None:
    """The nearest corpus root at or above ``start`` (resolved), or None."""
    here = start.resolve()
    return next((candidate for candidate in (here, *here.parents) if is_corpus_root(candidate)), None)


def package_dir() -> Path:
    """The directory of the installed ``policycmp`` package (holds ``_corpus/`` in a wheel)."""
    return Path(__file__).resolve().parent


def shipped() -> Path | None:
    """The example corpus inside the installed package (or the source checkout), if there is one."""
    package = package_dir()
    return next((p for p in (package / "_corpus", package.parent) if is_corpus_root(p)), None)


@dataclass(frozen=True)
class Root:
    """The corpus root a command uses and how it was chosen."""

    path: Path
    explicit: bool
    start: Path | None = None
    """Where the search began (None for an explicit root)."""

    def describe(self) -> str:
        """One line for stderr saying which root is used and why."""
        return f"corpus root: {self.path}" + (" (given with --root)" if self.explicit else f" (found from {self.start})")


def command_root(root: Path | None, *, start: Path | None = None) -> Root:
    """The corpus root of a command (see the module docstring); raises :class:`UsageError` when there is none."""
    if root is not None:
        path = root.resolve()
        if not is_corpus_root(path):
            raise UsageError(f"{root} is not a corpus root: it holds no {CODEBOOK}; point --root at the directory holding recommendations/")
        return Root(path, explicit=True)
    begin = (start if start is not None else Path.cwd()).resolve()
    found = search(begin if begin.is_dir() else begin.parent)
    if found is not None:
        return Root(found, explicit=False, start=begin)
    example = shipped()
    hint = f" (the example corpus that ships with policycmp is at {example})" if example is not None else ""
    raise UsageError(
        f"no corpus here: neither {begin} nor its parents hold {CODEBOOK}; run the command inside a corpus "
        f"or name one with --root DIR{hint}"
    )
