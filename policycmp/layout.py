"""Where the files of a corpus live under its root, and the one-line summary of a valid corpus.

Kept free of heavy imports (no pydantic, no pandas), so that the validation cache
(:mod:`policycmp.cache`) can answer an unchanged corpus without loading the models.
"""

from __future__ import annotations

from pathlib import Path

from policycmp.errors import plural

CODEBOOK = "recommendations/codebook.yaml"
"""Where the codebook lives, relative to the corpus root."""

CODINGS = "recommendations/codings"
"""The folder of extra codings, relative to the corpus root (see :mod:`policycmp.codings`)."""

SUFFIXES = (".yaml", ".yml")


def document_paths(root: Path) -> list[Path]:
    """The coded documents under ``root/recommendations`` (every YAML file but the codebook), sorted."""
    folder = root / "recommendations"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.name != "codebook.yaml" and p.is_file())


def coding_paths(root: Path) -> list[Path]:
    """The extra codings under ``root/recommendations/codings`` (every YAML file there), sorted by name."""
    folder = root / CODINGS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def holder_figures(spoke: int, listed: int) -> str:
    """'26 holders with statements, 29 holders in the codebook': the two holder counts, named the same everywhere."""
    return f"{spoke} holder{'s' * (spoke != 1)} with statements, {listed} holder{'s' * (listed != 1)} in the codebook"


def summary_line(
    *, files: int, documents: int, recommendations: int, waivers: int, book: dict[str, str | int], spoke: int, extra: int
) -> str:
    """The line ``policycmp validate`` prints for a valid corpus.

    ``book`` holds the codebook's ``version`` and its counts of ``themes``, ``options``, ``actors``
    and ``holders``; ``spoke`` is the number of holders with statements, ``extra`` the number of
    extra codings (checked, not counted as documents).
    """
    counted = f" (and {plural(extra, 'extra coding')}, checked, not counted)" if extra else ""
    return (
        f"{plural(files, 'file')} valid: {plural(documents, 'document')}, {plural(recommendations, 'recommendation')}, "
        f"{plural(waivers, 'waiver')}; codebook {book['version']} with {plural(int(book['themes']), 'theme')}, "
        f"{plural(int(book['options']), 'option')}, {plural(int(book['actors']), 'actor')}; "
        f"{holder_figures(spoke, int(book['holders']))}{counted}"
    )
