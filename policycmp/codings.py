"""Where independent codings live, and the checks that tie an extra coding to its main coding.

Layout: the **main coding** of a seed stays ``recommendations/<id>.yaml`` and is the only one any
analysis reads. Each **extra, independent coding** (a second coder's blind recoding, used only to
measure reliability, :mod:`policycmp.reliability`) lives in ``recommendations/codings/`` as
``<id>.<coder-slug>.yaml``, with the same schema, the same ``document`` block (same ``id`` and
``seed``) and its own ``coders:``. A sub-folder keeps extra codings out of every glob of
``recommendations/*.yaml`` (the loader lists only files directly in ``recommendations/``), so a
second coding can never be counted by accident, and the file name says whose coding it is.

The loader (:mod:`policycmp.loader`) validates extra codings as strictly as main ones (schema,
references, seed, quote anchoring) and keeps them in :attr:`policycmp.records.CorpusRecord.codings`.
"""

from __future__ import annotations

import re
from pathlib import Path

from policycmp.errors import Problem, ProblemSlug, excerpt, problem
from policycmp.layout import CODINGS, coding_paths
from policycmp.models import SLUG_PATTERN
from policycmp.records import LoadedDocument

MAIN = "main"
"""The coder slug by which the main coding is named in reliability output."""

_SLUG = SLUG_PATTERN.strip("^$")
__all__ = ["CODINGS", "MAIN", "coder_of", "coding_paths", "is_coding_path", "main_problems", "name_problem", "parse_name"]

_NAME = re.compile(rf"^(?P<doc>{_SLUG})\.(?P<coder>{_SLUG})\.ya?ml$")


def is_coding_path(path: Path) -> bool:
    """Whether ``path`` lies in a ``recommendations/codings`` folder (an extra coding, not a main one)."""
    return in_codings_folder(path.resolve())


def in_codings_folder(resolved: Path) -> bool:
    """:func:`is_coding_path` of a path already resolved (the loader resolves each file once)."""
    parent = resolved.parent
    return parent.name == "codings" and parent.parent.name == "recommendations"


def parse_name(path: Path) -> tuple[str, str] | None:
    """(document id, coder slug) of an extra coding's file name, or None when it is not ``<id>.<coder>.yaml``."""
    match = _NAME.match(path.name)
    if match is None or match.group("coder") == MAIN:
        return None
    return match.group("doc"), match.group("coder")


def coder_of(document: LoadedDocument) -> str:
    """The coder slug of a loaded coding: from an extra coding's file name, :data:`MAIN` for a main coding."""
    parsed = parse_name(document.path) if is_coding_path(document.path) else None
    return parsed[1] if parsed else MAIN


def name_problem(path: str) -> Problem:
    """The problem of an extra coding whose file name does not say document and coder."""
    return problem(
        ProblemSlug.CODING_FILE_NAME,
        path,
        1,
        1,
        f"'{excerpt(Path(path).name)}' does not name a document and a coder: call it '<document id>.<coder slug>.yaml' "
        f"(lower-case slugs; the coder slug cannot be '{MAIN}'), e.g. 001-issi-research-paper.coder-b.yaml",
    )


def main_problems(
    path: str, line: int, column: int, doc_id: str, seed: str | None, main_seed: str | None, main_exists: bool
) -> list[Problem]:
    """Problems tying an extra coding of document ``doc_id`` (naming seed ``seed``, at ``line``/``column``) to its main coding.

    ``main_seed``: the seed file name of the main coding when it was found valid, else None (only its seed is compared,
    so a caller that does not keep the loaded main coding passes just that name).
    """
    if main_seed is None and not main_exists:
        return [
            problem(
                ProblemSlug.CODING_WITHOUT_MAIN,
                path,
                line,
                column,
                f"there is no main coding recommendations/{doc_id}.yaml for this extra coding: add it, or correct the document id",
            )
        ]
    if main_seed is not None and seed is not None and main_seed != seed:
        return [
            problem(
                ProblemSlug.CODING_SEED_DIFFERS,
                path,
                line,
                column,
                f"this coding names seed '{excerpt(seed)}' but the main coding of '{doc_id}' codes "
                f"'{excerpt(main_seed)}': code the same text",
            )
        ]
    return []
