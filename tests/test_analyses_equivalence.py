"""Vectorised analysis helpers give exactly what their per-row predecessors gave.

The references below are the implementations that :func:`policycmp.agreement.directions` and
:func:`policycmp.matrices.labels_for` had before they were vectorised (issue #17), kept here
unchanged as the specification, and compared on the shipped corpus and a synthetic one, for
every grouping.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import policycmp
from policycmp.agreement import _prepare, directions
from policycmp.matrices import labels_for
from policycmp.synth import generate
from policycmp.table import split_list


def reference_directions(frame: pd.DataFrame) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    signs: dict[str, dict[str, int]] = {}
    placed = frame.loc[frame["option_poles"].fillna("").astype(str) != ""] if "option_poles" in frame else frame.iloc[0:0]
    for dimension, pole in sorted({tuple(item.split("=", 1)) for cell in placed["option_poles"] for item in split_list(cell)}):
        signs.setdefault(dimension, {})[pole] = 1 if not signs.get(dimension) else -1
    records: list[dict[str, Any]] = [{str(k): v for k, v in row.items()} for row in placed.to_dict("records")]
    for record in records:
        stance = str(record["stance"])
        if stance not in ("support", "oppose"):
            continue
        for item in split_list(record["option_poles"]):
            dimension, pole = item.split("=", 1)
            end = signs[dimension][pole] * (1 if stance == "support" else -1)
            rows.append({"_row": record["_row"], "option": record["option"], "key": record["key"], "dimension": dimension, "end": end})
    return pd.DataFrame(rows, columns=["_row", "option", "key", "dimension", "end"])


def reference_labels(table: pd.DataFrame) -> dict[Hashable, str]:
    labels: dict[Hashable, str] = {}
    for key, label in (("holder", "holder_label"), ("theme", "theme_label"), ("option", "option_label")):
        if not table.empty:
            labels.update(dict(zip(table[key], table[label], strict=True)))
    return labels


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> list[pd.DataFrame]:
    synthetic = generate(12, tmp_path_factory.mktemp("synth") / "corpus", source=repo)
    return [policycmp.load(repo).tidy(), policycmp.load(synthetic).tidy()]


@pytest.mark.parametrize("by", ["holder", "document", "holder_type", "theme"])
@pytest.mark.parametrize("duplicates", ["document", "corpus", "all"])
def test_directions_equal_the_per_row_reference(tables: list[pd.DataFrame], by: str, duplicates: str) -> None:
    for table in tables:
        for part in (table, table.iloc[0:0], table.loc[table["stance"] == "conditional"], table.iloc[::3]):
            frame = _prepare(part, by, duplicates, None)  # type: ignore[arg-type]
            got, expected = directions(frame), reference_directions(frame)
            assert len(expected) > 0 or part is not table
            pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))
            assert got["end"].tolist() == expected["end"].tolist()


def test_labels_equal_the_per_row_reference(tables: list[pd.DataFrame]) -> None:
    for table in tables:
        for part in (table, table.iloc[0:0], table.iloc[::5]):
            assert labels_for(part) == reference_labels(part)
