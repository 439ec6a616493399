"""Key findings derived from the data: broad consensus, contested questions, positions on each dimension.

Every finding is computed from the tidy table with the same rules as the analyses it summarises
(:func:`policycmp.matrices.option_summary`, :func:`policycmp.positions.positions`), states how
many holders and documents it rests on, and never claims more than they show:

* **Consensus**: options that at least :data:`MIN_CONSENSUS` holders take up, from at least two
  documents, with nobody on the other side (conditional holders are named as such) — neither on the
  option itself nor, for an option on a pole of a dimension, by leaning to the opposite pole.
* **Contested**: options with holders on both sides, ranked as ``contested()`` ranks them (the
  smaller side first, so a one-against-one split does not top the list), with both sides' counts.
* **Dimensions**: per dimension, how many holders lean to each pole, with their statements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from policycmp.errors import plural
from policycmp.markup import text_html
from policycmp.matrices import option_summary
from policycmp.models import Dimension
from policycmp.options import Duplicates
from policycmp.positions import positions
from policycmp.terminal import terminal_text

MIN_CONSENSUS = 3
"""Fewest holders taking one side (nobody on the other) for an option to count as broad consensus."""
SHOWN = 3
"""Findings listed per kind."""


@dataclass(frozen=True)
class Finding:
    """One sentence of the summary with the counts it rests on and the option or dimension it is about."""

    kind: str
    subject: str
    text: str
    holders: int
    documents: int


@dataclass(frozen=True)
class Findings:
    """The key findings of a corpus, in order: consensus, contested, dimensions."""

    items: tuple[Finding, ...]

    def of(self, kind: str) -> list[Finding]:
        return [f for f in self.items if f.kind == kind]

    def __repr__(self) -> str:
        if not self.items:
            return "Key findings: none (no option is taken up by several holders)"
        lines = ["Key findings:"]
        lines += [f"- {terminal_text(f.text)}" for f in self.items]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        heads = {"consensus": "Broad consensus", "contested": "Contested", "dimension": "Positions on each dimension"}
        parts = []
        for kind, head in heads.items():
            found = self.of(kind)
            if found:
                items = "".join(f"<li>{text_html(f.text)}</li>" for f in found)
                parts.append(f"<h4>{text_html(head)}</h4><ul>{items}</ul>")
        return '<div class="policycmp findings">' + ("".join(parts) or "<p>No key findings.</p>") + "</div>"


def _names(cell: object) -> list[str]:
    return [n for n in str(cell).split("; ") if n] if isinstance(cell, str) else []


def _leaning_against(option: str, table: pd.DataFrame, placed: pd.DataFrame, poles: dict[str, tuple[str, str]]) -> int:
    """How many holders lean, on a dimension this option sits on, to the pole opposite the option's."""
    cells = table.loc[table["option"] == option, "option_poles"]
    count = 0
    for item in (cells.iloc[0].split("; ") if len(cells) and isinstance(cells.iloc[0], str) and cells.iloc[0] else []):
        dimension, pole = item.split("=", 1)
        if dimension not in poles or dimension not in placed.index.get_level_values(0):
            continue
        sign = 1 if pole == poles[dimension][1] else -1
        count += int((placed.loc[dimension]["position"] * sign < 0).sum())
    return count


def key_findings(
    table: pd.DataFrame, dimensions: Sequence[Dimension], *, duplicates: Duplicates = "document", placed: pd.DataFrame | None = None
) -> Findings:
    """The key findings of ``table`` (see the module docstring).

    ``placed``: the holders' :func:`~policycmp.positions.positions` on ``dimensions`` with the same
    duplicate rule, when the caller has them already (the report computes them once per build).
    """
    items: list[Finding] = []
    if table.empty:
        return Findings(())
    summary = option_summary(table, duplicates=duplicates)
    if placed is None:
        placed = positions(table, dimensions, duplicates=duplicates)
    poles = {d.id: (d.poles[0].id, d.poles[1].id) for d in dimensions}
    summary = summary.assign(_across=[_leaning_against(str(o), table, placed, poles) for o in summary.index])
    agreed = summary.loc[(summary["minority"] == 0) & (summary["mixed"] == 0) & (summary["_across"] == 0)]
    agreed = agreed.assign(_side=agreed["supporters"] + agreed["opponents"])
    agreed = agreed.loc[(agreed["_side"] >= MIN_CONSENSUS) & (agreed["documents"] >= 2)]
    agreed = agreed.sort_values(["_side", "documents"], ascending=False, kind="mergesort").head(SHOWN)
    for option, row in agreed.iterrows():
        side = "support" if row["supporters"] else "oppose"
        extra = f"; {plural(int(row['conditional']), 'holder')} only under conditions" if row["conditional"] else ""
        text = (
            f"{plural(int(row['_side']), 'holder')} {side} “{row['option_label']}” and none take the other side "
            f"({plural(int(row['documents']), 'document')}{extra})."
        )
        items.append(Finding("consensus", str(option), text, int(row["_side"]), int(row["documents"])))
    contested = summary.loc[summary["minority"] > 0].head(SHOWN)
    for option, row in contested.iterrows():
        text = (
            f"“{row['option_label']}”: {plural(int(row['supporters']), 'holder')} for, {int(row['opponents'])} against"
            + (f", {int(row['conditional'])} conditional" if row["conditional"] else "")
            + f" ({plural(int(row['statements']), 'statement')} in {plural(int(row['documents']), 'document')})."
        )
        items.append(
            Finding("contested", str(option), text, int(row["supporters"] + row["opponents"]), int(row["documents"]))
        )
    for dimension in dimensions:
        if dimension.id not in placed.index.get_level_values(0):
            continue
        rows = placed.loc[dimension.id]
        first = rows.loc[rows["position"] < 0]
        second = rows.loc[rows["position"] > 0]
        between = rows.loc[rows["position"] == 0]
        documents = len({k.split("/")[0] for keys in rows["keys"] for k in keys.split("; ") if k})
        text = (
            f"{dimension.label}: {plural(len(first), 'holder')} lean to “{dimension.poles[0].label}”, "
            f"{len(second)} to “{dimension.poles[1].label}”"
            + (f", {len(between)} in between" if len(between) else "")
            + f" ({plural(int(rows['statements'].sum()), 'statement')} in {plural(documents, 'document')})."
        )
        items.append(Finding("dimension", dimension.id, text, len(rows), documents))
    return Findings(tuple(items))
