"""``policycmp diff [BASE]``: what a pull request changes in the findings, as Markdown for reviewers.

The base corpus is read from git (``git archive BASE recommendations seeds`` unpacked into a temporary
directory), the head corpus from the working tree. Compared: coded recommendations (added, removed,
changed fields), holder × option matrix cells, the contestation of each option, and coalition membership
(a holder changed coalition when the holders it is grouped with, among those present on both sides, differ).
All text from the data goes through :func:`md` (one place) before it enters the Markdown.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from policycmp.corpus import Corpus
from policycmp.errors import PolicycmpError, plural

COMPARED = ("holder", "actors", "option", "stance", "kind", "strength", "conditions", "quote")
"""Fields of a recommendation whose change is reported."""


def md(text: object) -> str:
    """Text from the data made inert in Markdown: no markup, links, HTML or line breaks; at most 120 characters."""
    value = " ".join(str(text).split())
    if len(value) > 120:
        value = value[:119] + "…"
    for char in "\\`*_{}[]<>#+!|~":
        value = value.replace(char, "\\" + char)
    return value.replace("&", "&amp;")


@contextmanager
def base_tree(root: Path, ref: str) -> Iterator[Path]:
    """The corpus (recommendations/ and seeds/) of git ``ref`` unpacked in a temporary directory."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", "--format=tar", ref, "--", "recommendations", "seeds"],
            capture_output=True, check=False, timeout=120,
        )
    except FileNotFoundError:
        raise PolicycmpError("git is not installed; policycmp diff reads the base corpus with git") from None
    if archive.returncode != 0:
        message = archive.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PolicycmpError(f"cannot read {ref!r} with git archive: {message[-1] if message else 'unknown error'}")
    with tempfile.TemporaryDirectory(prefix="policycmp-base-") as folder, tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
        yield Path(folder)


@dataclass
class FindingsDiff:
    """The differences between two corpora, each list sorted."""

    added: list[tuple[str, str, str]] = field(default_factory=list)  # (document, rec id, summary)
    removed: list[tuple[str, str, str]] = field(default_factory=list)
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # (document, rec id, what changed)
    cells: list[tuple[str, str, str, str]] = field(default_factory=list)  # (holder, option, before, after)
    contestation: list[tuple[str, float, float]] = field(default_factory=list)  # (option, before, after)
    coalitions: list[tuple[str, str, str]] = field(default_factory=list)  # (holder, before, after)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.cells or self.contestation or self.coalitions)

    def as_dict(self) -> dict[str, list[dict[str, object]]]:
        """Every list as records (JSON-ready), in the same order as :meth:`markdown`."""
        return {
            "added": [{"document": d, "recommendation": r, "summary": s} for d, r, s in self.added],
            "removed": [{"document": d, "recommendation": r, "summary": s} for d, r, s in self.removed],
            "changed": [{"document": d, "recommendation": r, "changes": s} for d, r, s in self.changed],
            "cells": [{"holder": h, "option": o, "before": b, "after": a} for h, o, b, a in self.cells],
            "contestation": [{"option": o, "before": b, "after": a} for o, b, a in self.contestation],
            "coalitions": [{"holder": h, "before": b, "after": a} for h, b, a in self.coalitions],
        }

    def markdown(self, title: str = "What this pull request changes in the findings") -> str:
        """The whole diff as Markdown: a heading, one section per kind of change (omitted when empty)."""
        lines = [f"## {title}", ""]
        if self.empty:
            return "\n".join([*lines, "No finding changes: the coded recommendations and everything derived from them are the same.", ""])
        lines.append(
            f"{plural(len(self.added), 'recommendation')} added, {len(self.removed)} removed, {len(self.changed)} changed; "
            f"{plural(len(self.cells), 'matrix cell')} changed; contestation moved on {plural(len(self.contestation), 'option')}; "
            f"{plural(len(self.coalitions), 'holder')} changed coalition."
        )
        sections: list[tuple[str, list[str]]] = [
            ("Added recommendations", [f"- {md(d)} / {md(r)}: {md(s)}" for d, r, s in self.added]),
            ("Removed recommendations", [f"- {md(d)} / {md(r)}: {md(s)}" for d, r, s in self.removed]),
            ("Changed recommendations", [f"- {md(d)} / {md(r)}: {md(s)}" for d, r, s in self.changed]),
            ("Holder × option cells", [f"- {md(h)} × {md(o)}: {md(b)} → {md(a)}" for h, o, b, a in self.cells]),
            ("Contestation", [f"- {md(o)}: {b:.2f} → {a:.2f}" for o, b, a in self.contestation]),
            ("Coalitions", [f"- {md(h)}: with {md(b)} → with {md(a)}" for h, b, a in self.coalitions]),
        ]
        for heading, items in sections:
            if items:
                lines += ["", f"### {heading}", "", *items]
        return "\n".join(lines) + "\n"


def _records(corpus: Corpus) -> dict[tuple[str, str], dict[str, str]]:
    table = corpus.table
    out: dict[tuple[str, str], dict[str, str]] = {}
    for row in table.to_dict("records"):
        out[(str(row["document"]), str(row["rec_id"]))] = {k: "" if pd.isna(row[k]) else str(row[k]) for k in COMPARED}
    return out


def _summary(values: dict[str, str]) -> str:
    strength = f" ({values['strength']})" if values["strength"] else ""
    return f"{values['holder']} {values['stance']} {values['option']}, {values['kind']}{strength}"


def _cells(corpus: Corpus) -> dict[tuple[str, str], str]:
    if corpus.table.empty:
        return {}
    matrix = corpus.matrix("holder", "option")
    cells: dict[tuple[str, str], str] = {}
    for holder in matrix.index:
        for option in matrix.columns:
            value = str(matrix.at[holder, option])
            if value != "none":
                cells[(str(holder), str(option))] = value
    return cells


def _contestation(corpus: Corpus) -> dict[str, float]:
    if corpus.table.empty:
        return {}
    contested = corpus.contested()
    return {str(option): float(value) for option, value in contested["contestation"].items()}


def _coalition_of(corpus: Corpus) -> dict[str, frozenset[str]]:
    if corpus.table.empty:
        return {}
    membership = corpus.coalitions().membership["coalition"]
    groups: dict[object, set[str]] = {}
    for holder, group in membership.items():
        groups.setdefault(group, set()).add(str(holder))
    return {str(holder): frozenset(groups[group] - {str(holder)}) for holder, group in membership.items()}


def diff_findings(base: Corpus, head: Corpus) -> FindingsDiff:
    """Compare two corpora finding by finding."""
    result = FindingsDiff()
    before, after = _records(base), _records(head)
    for key in sorted(after.keys() - before.keys()):
        result.added.append((*key, _summary(after[key])))
    for key in sorted(before.keys() - after.keys()):
        result.removed.append((*key, _summary(before[key])))
    for key in sorted(before.keys() & after.keys()):
        old, new = before[key], after[key]
        changes = [f"{name} {old[name] or '–'} → {new[name] or '–'}" for name in COMPARED if old[name] != new[name]]
        if changes:
            result.changed.append((*key, "; ".join(changes)))
    cells_before, cells_after = _cells(base), _cells(head)
    for cell in sorted(cells_before.keys() | cells_after.keys()):
        was, now = cells_before.get(cell, "none"), cells_after.get(cell, "none")
        if was != now:
            result.cells.append((*cell, was, now))
    cont_before, cont_after = _contestation(base), _contestation(head)
    for option in sorted(cont_before.keys() | cont_after.keys()):
        old_value, new_value = cont_before.get(option, 0.0), cont_after.get(option, 0.0)
        if round(old_value, 6) != round(new_value, 6):
            result.contestation.append((option, old_value, new_value))
    co_before, co_after = _coalition_of(base), _coalition_of(head)
    both = co_before.keys() & co_after.keys()
    for holder in sorted(both):
        old_set, new_set = co_before[holder] & both, co_after[holder] & both
        if old_set != new_set:
            result.coalitions.append((holder, ", ".join(sorted(old_set)) or "nobody", ", ".join(sorted(new_set)) or "nobody"))
    return result
