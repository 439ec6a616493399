"""The output options shared by every command that prints a result: ``--format text|json|csv`` and ``--out PATH``.

A result-printing command builds one :class:`Result` (its text, its JSON-ready data and, when the result is a
table, its rows) and hands it to :meth:`Output.write`, the one place that renders and escapes command output:

- text goes through :func:`policycmp.terminal.terminal_text` (control characters shown, never obeyed);
- JSON is deterministic: keys sorted, floats rounded to :data:`FLOAT_DIGITS` decimals, NaN and infinity as
  ``null``, so the same corpus gives the same bytes;
- CSV cells are formula-neutralised like every CSV of the project (:func:`policycmp.exports.tables.neutralise`).

With ``--out`` the output goes to that file instead of stdout, written to a temporary file beside it and
renamed into place, so a failed write never destroys an existing file. Commands that write files as their
work (``report``, ``export`` …) are listed in :data:`FILE_COMMANDS` with the reason; a test checks that every
other command takes these options, so a new command must choose.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from policycmp.terminal import terminal_text

FORMATS = ("text", "json", "csv")
"""The shared output formats; a command may add its own (``validate`` adds ``github``)."""

FLOAT_DIGITS = 6
"""Decimals kept of every float in JSON output, so platform noise in the last bits never changes the bytes."""

FILE_COMMANDS: dict[str, str] = {
    "report": "writes the HTML site (its --format chooses site or single file, its --out the target)",
    "export": "writes export files (its --to chooses the format, its --out the target)",
    "import-dna": "writes a new corpus root",
    "new": "writes a seed, its checksum line and a YAML file to fill in",
    "generated": "rewrites or checks generated files",
    "schema": "rewrites or checks generated files (deprecated alias of generated)",
    "codebook rename": "rewrites the codebook and coded files (--dry-run prints the diff instead)",
    "codebook merge": "rewrites the codebook and coded files (--dry-run prints the diff instead)",
}
"""Commands whose work is writing files rather than printing a result, so they take no shared output options."""


class OutputOption(click.Option):
    """A shared output option: lets tests tell ``--format``/``--out`` of this module from a command's own."""


@dataclass(frozen=True)
class Table:
    """A result as rows under a header, for ``--format csv``."""

    columns: tuple[str, ...]
    rows: Sequence[Sequence[object]] = field(default_factory=tuple)


@dataclass(frozen=True)
class Result:
    """What a command prints: ``text`` for people, ``data`` for ``--format json``, ``table`` for ``--format csv``."""

    text: str
    data: object
    table: Table | None = None


def stable(value: object) -> object:
    """``value`` made JSON-ready and deterministic: floats rounded, NaN/infinity as ``None``, tuples as lists.

    Numpy scalars (anything with ``item()``) are turned into Python numbers first.
    """
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return round(value, FLOAT_DIGITS) if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(key): stable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [stable(item) for item in value]
    item = getattr(value, "item", None)
    if callable(item):
        return stable(item())
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def json_text(data: object) -> str:
    """Deterministic JSON text of ``data`` (see :func:`stable`), indented, keys sorted, ending in a newline."""
    return json.dumps(stable(data), indent=2, ensure_ascii=False, sort_keys=True, allow_nan=False) + "\n"


def _cell(value: object) -> str:
    from policycmp.exports.tables import neutralise

    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return str(round(value, FLOAT_DIGITS) if isinstance(value, float) else value)  # a number is never a formula


def csv_text(table: Table) -> str:
    """CSV text of ``table``: header row, ``\\n`` line endings, text cells formula-neutralised, empty for missing."""
    import csv  # imported here, like tempfile below, to keep the start-up of every command short
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_cell(name) for name in table.columns])
    writer.writerows([_cell(value) for value in row] for row in table.rows)
    return buffer.getvalue()


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same directory; on failure ``path`` is untouched."""
    from policycmp.atomic import replace_file  # imported here to keep the start-up of every command short

    target = path.resolve() if path.is_symlink() else path
    if target.is_dir():
        raise click.UsageError(f"--out {path} is a directory; give a file name")
    try:
        replace_file(target, text)
    except OSError as exc:
        raise click.ClickException(f"could not write {path}: {exc.strerror or exc}; nothing was changed") from None


@dataclass(frozen=True)
class Output:
    """The chosen ``--format`` and ``--out`` of one command run."""

    fmt: str
    out: Path | None = None

    def render(self, result: Result) -> str:
        """The output text of ``result`` in this format (terminal escaping is applied by :meth:`write`)."""
        if self.fmt == "json":
            return json_text(result.data)
        if self.fmt == "csv":
            if result.table is None:
                raise click.UsageError("this result is not a table; use --format text or json")
            return csv_text(result.table)
        return result.text if result.text.endswith("\n") else result.text + "\n"

    def write(self, result: Result) -> None:
        """Print ``result`` on stdout, or write it to ``--out`` atomically (saying so on stderr).

        Text and JSON are terminal-escaped in both places (JSON escapes decode to the same data); a CSV file keeps
        its cells as they are (neutralised), since it is data for a spreadsheet, while CSV on stdout is escaped.
        """
        text = self.render(result)
        if self.out is None:
            click.echo(terminal_text(text), nl=False)
            return
        write_atomically(self.out, text if self.fmt == "csv" else terminal_text(text))
        click.echo(f"wrote {self.out}", err=True)


def output_options(*extra: str, csv_refusal: str | None = None) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Add ``--format`` (text, json, csv and the ``extra`` formats) and ``--out``; pass ``output: Output`` to the command.

    ``csv_refusal`` says why the result is not one table: ``--format csv`` is then refused with it as a usage
    error (exit 2) before any work is done.
    """

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(command)
        def wrapper(**kwargs: Any) -> None:
            fmt: str = kwargs.pop("fmt")
            out: Path | None = kwargs.pop("out")
            if fmt == "csv" and csv_refusal is not None:
                raise click.UsageError(f"--format csv: {csv_refusal}")
            command(output=Output(fmt, out), **kwargs)

        wrapper = click.option(
            "--out",
            "out",
            cls=OutputOption,
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help="Write the output to this file (atomically: a failed write leaves an existing file as it was) instead of stdout.",
        )(wrapper)
        return click.option(
            "--format",
            "fmt",
            cls=OutputOption,
            type=click.Choice((*FORMATS, *extra)),
            default="text",
            show_default=True,
            help="Output format: text for people, json (keys sorted, stable floats), csv (one table, formula-safe cells)"
            + (f", or {', '.join(extra)}" if extra else "")
            + ".",
        )(wrapper)

    return decorate
