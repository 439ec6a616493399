"""Rich display in Jupyter: styled result frames, the corpus summary, one recommendation.

Results of the alignment API are :class:`Frame` objects: ordinary pandas DataFrames (every
operation on them returns a plain DataFrame) that know how to render themselves. Their
``_repr_html_`` returns a string built by a pandas Styler with a fixed uuid, so the HTML is
identical from run to run. Every text from the data (labels, ids, cells, captions) becomes HTML
through :func:`text_html` and nowhere else, so the HTML is safe whatever the corpus holds.
Stances are shown by symbol as well as colour, so the tables read in print and for
colour-blind readers:
✓ support, ✗ oppose, ~ conditional, ± mixed, and • after the symbol when every statement in
the cell rests only on forecasts (statement kind ``forecast``), not on any stated position.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self

import pandas as pd
from pandas.io.formats.style import Styler

from policycmp.data import CorpusData
from policycmp.errors import plural
from policycmp.markup import text_html as text_html
from policycmp.records import anchored_html as anchored_html
from policycmp.terminal import terminal_text
from policycmp.vocabulary import CELL, STANCE, kind_strength, legend
from policycmp.vocabulary import EXPECTED_MARK as EXPECTED_MARK

if TYPE_CHECKING:
    from pandas.io.formats.style_render import CSSDict


SYMBOLS: dict[str, str] = CELL.symbols()
"""Cell state → mark (from :mod:`policycmp.vocabulary`)."""
COLOURS: dict[str, str] = CELL.colours()
"""Cell state → background colour (from :mod:`policycmp.vocabulary`)."""
LEGEND = legend()

_NEGATIVE = (215, 48, 39)
_POSITIVE = (26, 152, 80)
_COUNT = (49, 130, 189)


def _blend(rgb: tuple[int, int, int], weight: float) -> str:
    """Mix ``rgb`` into white; weight 0 → white, 1 → a light tint that keeps text readable."""
    weight = max(0.0, min(1.0, weight)) * 0.55
    r, g, b = (round(255 - (255 - c) * weight) for c in rgb)
    return f"background-color: #{r:02x}{g:02x}{b:02x}"


def diverging(value: object, limit: float = 1.0) -> str:
    """CSS for a signed number: red below zero, green above, white at zero or missing."""
    if not isinstance(value, int | float) or math.isnan(value) or value == 0 or limit <= 0:
        return ""
    return _blend(_POSITIVE if value > 0 else _NEGATIVE, abs(value) / limit)


def sequential(value: object, limit: float) -> str:
    """CSS for a count: white at zero, deeper blue as it grows towards ``limit``."""
    if not isinstance(value, int | float) or math.isnan(value) or value <= 0 or limit <= 0:
        return ""
    return _blend(_COUNT, value / limit)


def _label_formatter(labels: Mapping[Any, str]) -> Callable[[Any], str]:
    """Index/column formatter: the readable label of an id (or the id itself), escaped.

    pandas applies its own ``escape=`` to the *input* of a formatter, not to what it returns,
    so the label is escaped here and the Styler is given no ``escape`` of its own.
    """
    return lambda value: text_html(labels.get(value, value))


def _cell_formatter(value: object) -> str:
    """Cell formatter: numbers as pandas shows them by default, blanks for missing, everything else escaped."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.{_PRECISION}f}"
    if isinstance(value, int):
        return str(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    return text_html(value)


_PRECISION = 6
"""Decimals of floats in cells without a kind-specific format (pandas' own default)."""


class Frame(pd.DataFrame):
    """A DataFrame that renders styled in Jupyter; operations on it return plain DataFrames.

    ``kind`` picks the styling (``stance``, ``numeric``, ``count``, ``text``, ``table``);
    ``labels`` maps index and column ids to readable labels for display only.
    """

    _metadata: ClassVar[list[str]] = ["_pc_kind", "_pc_labels", "_pc_caption"]
    _pc_kind: str
    _pc_labels: dict[Any, str]
    _pc_caption: str | None

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame

    @classmethod
    def wrap(cls, frame: pd.DataFrame, kind: str, labels: Mapping[Any, str] | None = None, caption: str | None = None) -> Self:
        """Wrap ``frame`` (no copy of the data semantics: a new object over the same values)."""
        out = cls(frame)
        out._pc_kind = kind
        out._pc_labels = dict(labels or {})
        out._pc_caption = caption
        return out

    _pc_companions: ClassVar[tuple[str, ...]] = ()
    """Metadata frames aligned with this one, cut alike by :meth:`select`."""

    def select(self, rows: Sequence[Hashable] | None = None, cols: Sequence[Hashable] | None = None) -> Self:
        """The given rows and columns (in the order given), still styled; ``None`` keeps all."""
        row_keys = list(self.index) if rows is None else list(rows)
        col_keys = list(self.columns) if cols is None else list(cols)
        out = type(self).wrap(pd.DataFrame(self).loc[row_keys, col_keys], self._pc_kind, self._pc_labels, self._pc_caption)
        for name in self._pc_companions:
            object.__setattr__(out, name, getattr(self, name).loc[row_keys, col_keys])
        for name in self._metadata:
            if name not in self._pc_companions and not hasattr(out, name):
                object.__setattr__(out, name, getattr(self, name))
        return out

    def addressed(self) -> Self:
        """Only the rows and columns that hold something (not blank, ``none``, or a zero count)."""
        plain = pd.DataFrame(self)
        empty = plain.isna() | plain.isin(["none", ""])
        if self._pc_kind == "count":
            empty |= plain == 0
        filled = ~empty
        return self.select(list(plain.index[filled.any(axis=1)]), list(plain.columns[filled.any(axis=0)]))

    def styled(self) -> Styler:
        """The pandas Styler used for display (safe HTML, deterministic uuid)."""
        return style_frame(pd.DataFrame(self), getattr(self, "_pc_kind", "table"), getattr(self, "_pc_labels", {}) or {},
                           getattr(self, "_pc_caption", None))

    def _repr_html_(self) -> str:
        return str(self.styled().to_html())

    def text_frame(self) -> pd.DataFrame:
        """The values as the plain-text repr prints them: numbers formatted as in the HTML, blank where nothing was said."""
        plain = pd.DataFrame(self)
        kind = getattr(self, "_pc_kind", "table")
        if kind not in ("numeric", "score", "net"):
            return plain
        pattern = "{:+.0f}" if kind == "net" else "{:+.2f}"
        numbers = list(plain.select_dtypes("number").columns)
        out = plain.astype(dict.fromkeys(numbers, object))
        for column in numbers:
            out[column] = [pattern.format(v) if isinstance(v, int | float) and not math.isnan(v) else "" for v in plain[column]]
        return out

    def __repr__(self) -> str:
        """Caption, then the table as pandas prints it: the plain-text twin of the HTML (escaped for the terminal)."""
        caption = getattr(self, "_pc_caption", None)
        body = repr(self.text_frame())
        return terminal_text(f"{caption}\n{body}" if caption else body)


class StanceMatrix(Frame):
    """A stance matrix (cells support / oppose / conditional / mixed / none).

    ``.numeric`` is the mean direction of the cell's statements (+1 support, −1 oppose,
    0 conditional; NaN where there is none), ``.counts`` the number of statements, and
    ``.expected`` whether every statement in the cell is a forecast.
    """

    _metadata: ClassVar[list[str]] = [*Frame._metadata, "_pc_numeric", "_pc_counts", "_pc_expected"]
    _pc_numeric: pd.DataFrame
    _pc_counts: pd.DataFrame
    _pc_expected: pd.DataFrame
    _pc_companions: ClassVar[tuple[str, ...]] = ("_pc_numeric", "_pc_counts", "_pc_expected")

    def addressed(self) -> Self:
        """Only the rows and columns with at least one statement."""
        counts = self._pc_counts
        return self.select(list(counts.index[counts.sum(axis=1) > 0]), list(counts.columns[counts.sum(axis=0) > 0]))

    @property
    def numeric(self) -> Frame:
        return Frame.wrap(self._pc_numeric, "numeric", self._pc_labels, "mean direction: +1 support, −1 oppose, 0 conditional")

    @property
    def counts(self) -> Frame:
        return Frame.wrap(self._pc_counts, "count", self._pc_labels, "number of statements")

    @property
    def expected(self) -> pd.DataFrame:
        return pd.DataFrame(self._pc_expected)

    def styled(self) -> Styler:
        return style_stance(pd.DataFrame(self), self._pc_expected, self._pc_labels, self._pc_caption)

    def text_frame(self) -> pd.DataFrame:
        """Symbol and word per cell (``✓ support``, ``~ conditional•`` …), blank where nobody spoke."""
        plain = pd.DataFrame(self)
        marks = self._pc_expected.reindex(index=plain.index, columns=plain.columns, fill_value=False)
        return pd.DataFrame(
            [
                ["" if v == "none" else f"{SYMBOLS.get(str(v), '')} {v}{EXPECTED_MARK if m else ''}".strip()
                 for v, m in zip(row, mrow, strict=True)]
                for row, mrow in zip(plain.itertuples(index=False), marks.itertuples(index=False), strict=True)
            ],
            index=plain.index,
            columns=plain.columns,
        )

    def __repr__(self) -> str:
        return terminal_text(f"{self._pc_caption or LEGEND}\n{self.text_frame()!r}")


MATRIX_KINDS: frozenset[str] = frozenset({"stance", "numeric", "net", "count", "score"})
VERTICAL_AFTER = 6
"""Matrices with more columns than this show column ids, written vertically, to stay narrow."""


def _uuid(kind: str, frame: pd.DataFrame, caption: str | None) -> str:
    """A table id derived from its content: stable across runs, distinct for different tables.

    Styler's CSS selects cells by id, so two different tables with the same id on one notebook
    page would colour each other's cells; identical tables may share one harmlessly.
    """
    digest = hashlib.sha1(usedforsecurity=False)
    for part in (kind, caption or "", frame.to_csv()):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return f"policycmp-{kind}-{digest.hexdigest()[:12]}"


def _base(styler: Styler, kind: str, labels: Mapping[Any, str], caption: str | None, frame: pd.DataFrame) -> Styler:
    styler = styler.set_uuid(_uuid(kind, frame, caption))
    styler = styler.format_index(_label_formatter(labels), axis=0)
    vertical = kind in MATRIX_KINDS and len(frame.columns) > VERTICAL_AFTER
    styler = styler.format_index(_label_formatter({} if vertical else labels), axis=1)
    styler = styler.set_table_attributes(f'class="policycmp {text_html(kind)}"')
    if caption:
        styler = styler.set_caption(text_html(caption))
    styles: list[CSSDict] = [{"selector": "th.row_heading", "props": "text-align: left; font-weight: normal;"}]
    if kind in MATRIX_KINDS:
        styles.append({"selector": "td", "props": "text-align: center; padding: 2px 6px; min-width: 1.6em;"})
    if vertical:
        styles.append(
            {"selector": "th.col_heading", "props": "writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; "
             "text-align: left; font-weight: normal;"}
        )
    if kind == "text":
        styles.append({"selector": "td", "props": "text-align: left; vertical-align: top; white-space: pre-wrap; max-width: 28em;"})
    return styler.set_table_styles(styles, overwrite=False)


def style_stance(frame: pd.DataFrame, expected: pd.DataFrame | None, labels: Mapping[Any, str], caption: str | None = None) -> Styler:
    """Symbols plus colour for a stance matrix; • marks cells made of expectations only."""
    marks = expected if expected is not None else pd.DataFrame(False, index=frame.index, columns=frame.columns)
    shown = pd.DataFrame(
        [
            [SYMBOLS.get(str(v), str(v)) + (EXPECTED_MARK if m and v != "none" else "") for v, m in zip(row, mrow, strict=True)]
            for row, mrow in zip(frame.itertuples(index=False), marks.itertuples(index=False), strict=True)
        ],
        index=frame.index,
        columns=frame.columns,
    )
    colours = frame.map(lambda v: f"background-color: {COLOURS[v]}" if COLOURS.get(v) else "")
    styler = shown.style.apply(lambda _: colours, axis=None).format(_cell_formatter)
    return _base(styler, "stance", labels, caption or LEGEND, frame)


def style_frame(frame: pd.DataFrame, kind: str, labels: Mapping[Any, str], caption: str | None = None) -> Styler:
    """Styler for a result frame of the given kind (stance, numeric, net, count, score, text, table)."""
    if kind == "stance":
        return style_stance(frame, None, labels, caption)
    numbers = frame.select_dtypes("number")
    number_columns: list[Hashable] = list(numbers.columns)
    limit = float(numbers.abs().max().max()) if numbers.size else 0.0
    if math.isnan(limit):
        limit = 0.0
    styler = frame.style.format(_cell_formatter)
    if kind in ("numeric", "score", "net"):
        pattern = "{:+.0f}" if kind == "net" else "{:+.2f}"
        scale = max(limit, 1.0) if kind == "numeric" else limit
        styler = styler.format(pattern, na_rep="", subset=number_columns)
        styler = styler.map(lambda v: diverging(v, scale), subset=number_columns)
    elif kind == "count":
        styler = styler.map(lambda v: sequential(v, limit) if v else "color: #bbbbbb", subset=number_columns)
    else:
        floats: list[Hashable] = list(frame.select_dtypes("float").columns)
        if floats:
            styler = styler.format("{:.2f}", na_rep="", subset=floats)
    return _base(styler, kind, labels, caption, frame)


# --------------------------------------------------------------------------- corpus and recommendation


_cell = text_html


def corpus_summary(corpus: CorpusData) -> list[str]:
    """The corpus in two or three lines of plain text (counts; stances; the filter, if any), for the HTML and the text repr alike."""
    table = corpus.tidy()
    themes = table["theme"].nunique() if not table.empty else 0
    stance_counts = table["stance"].value_counts() if not table.empty else pd.Series(dtype="int64")
    lines = [
        f"{len(corpus.documents)} documents, {len(table)} recommendations, {corpus.holder_figures()}, "
        f"{themes} of {len(corpus.codebook.themes)} themes addressed (codebook {corpus.codebook.version})",
        " · ".join(f"{SYMBOLS[s]} {s} {int(stance_counts.get(s, 0))}" for s in STANCE.values),
    ]
    if corpus.criteria:
        lines.append("filtered: " + "; ".join(f"{k}={v!r}" for k, v in sorted(corpus.criteria.items())))
    return lines


def corpus_text(corpus: CorpusData) -> str:
    """The plain-text twin of :func:`corpus_html`: the summary lines, then one line per document."""
    table = corpus.tidy()
    per_doc = table.groupby("document").size() if not table.empty else pd.Series(dtype="int64")
    lines = ["policycmp corpus", *("  " + line for line in corpus_summary(corpus)), "  documents:"]
    for doc_id, loaded in corpus.documents.items():
        meta = loaded.coded.document
        date = str(meta.date) if meta.date else "undated"
        authors = "; ".join(meta.authors)
        lines.append(
            f"    {doc_id}  {meta.kind}, {date}, {plural(int(per_doc.get(doc_id, 0)), 'recommendation')}"
            + (f" — {meta.title}" if meta.title else "")
            + (f" ({authors})" if authors else "")
        )
    return terminal_text("\n".join(lines))


def corpus_html(corpus: CorpusData) -> str:
    """A summary of the corpus: counts, then one line per document."""
    table = corpus.tidy()
    summary = corpus_summary(corpus)
    head = f"<strong>policycmp corpus</strong> — {text_html(summary[0])}<br>{text_html(summary[1])}"
    if len(summary) > 2:
        head += f"<br><em>{text_html(summary[2])}</em>"
    per_doc = table.groupby("document").size() if not table.empty else pd.Series(dtype="int64")
    rows = []
    for doc_id, loaded in corpus.documents.items():
        meta = loaded.coded.document
        rows.append(
            "<tr>"
            f"<td>{_cell(doc_id)}</td><td>{_cell(meta.kind)}</td><td>{_cell(meta.date)}</td>"
            f"<td>{_cell(meta.title)}</td><td>{_cell('; '.join(meta.authors))}</td>"
            f"<td style='text-align:right'>{int(per_doc.get(doc_id, 0))}</td>"
            "</tr>"
        )
    body = "".join(rows)
    return (
        f'<div class="policycmp corpus"><p>{head}</p>'
        '<table class="policycmp documents"><thead><tr><th>document</th><th>kind</th><th>date</th><th>title</th>'
        f"<th>authors</th><th>recommendations</th></tr></thead><tbody>{body}</tbody></table></div>"
    )


CONTEXT = 240
"""Characters of seed text shown before and after a quote."""


@dataclass(frozen=True)
class RecommendationView:
    """One recommendation with its labels and the seed text around its quote (``corpus.recommendation(key)``)."""

    row: dict[str, Any]
    text: str

    def context(self, chars: int = CONTEXT) -> list[tuple[str, bool]]:
        """The seed text around the quote as (piece, is_quoted) pieces, from ``chars`` before to ``chars`` after."""
        segments = list(self.row["segments"])
        start, end = max(0, segments[0][0] - chars), min(len(self.text), segments[-1][1] + chars)
        pieces: list[tuple[str, bool]] = []
        cursor = start
        for s, e in segments:
            pieces += [(self.text[cursor:s], False), (self.text[s:e], True)]
            cursor = e
        pieces.append((self.text[cursor:end], False))
        return [(p, q) for p, q in pieces if p]

    def __repr__(self) -> str:
        r = self.row
        what = kind_strength(r["kind"], r["strength"])
        return f"{r['key']}: {r['holder_label']} {SYMBOLS[r['stance']]} {r['option']} ({what}): “{r['quote']}”"

    def _repr_html_(self) -> str:
        r = self.row
        stance = str(r["stance"])
        head = (
            f"<strong>{_cell(r['holder_label'])}</strong> "
            f'<span style="background:{COLOURS[stance]}">{SYMBOLS[stance]} {_cell(stance)}</span> '
            f"<em>{_cell(r['option_label'])}</em> ({_cell(kind_strength(r['kind'], r['strength']))}; theme: {_cell(r['theme_label'])})"
        )
        condition = f"<br><em>condition:</em> {_cell(r['conditions'])}" if isinstance(r["conditions"], str) else ""
        body = "".join(f"<mark>{_cell(p)}</mark>" if quoted else _cell(p) for p, quoted in self.context())
        spans = ", ".join(f"{s}–{e}" for s, e in r["segments"])
        return (
            f'<div class="policycmp recommendation"><p>{head}{condition}</p>'
            f'<blockquote style="white-space: pre-wrap">…{body}…</blockquote>'
            f"<small>{_cell(r['key'])} · {_cell(r['document'])} characters {spans}</small></div>"
        )
