"""Command-line interface: ``policycmp validate`` and the other subcommands.

Each command only parses options and calls a library function through
:func:`run_library`, which turns :class:`~policycmp.errors.PolicycmpError` into
plain messages and exit codes (0 ok, 1 problems in the data, 2 usage errors).
No command ever prints a traceback for a user mistake.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO, TypeVar

import click

from policycmp.cli_output import Output, Result, Table, output_options
from policycmp.errors import CorpusError, PolicycmpError, Problem, plural
from policycmp.limits import DEFAULT, OPTIONS, Limits, option
from policycmp.options import DUPLICATE_RULES, EXPORT_FORMATS, NORMALISATIONS, Duplicates, ExportFormat, Normalise, choose
from policycmp.terminal import terminal_text
from policycmp.version import __version__

if TYPE_CHECKING:
    from policycmp.coverage import CoverageReport

T = TypeVar("T")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="policycmp")
def main() -> None:
    """Compare policy recommendations across authors, with the evidence."""


# --------------------------------------------------------------------------- shared helpers


def echo(text: str, *, err: bool = False, record: bool = False) -> None:
    """Print one piece of output: the only place the CLI writes text, so control characters are always escaped.

    ``record`` marks a one-line record (a problem, an unexplained sentence): a newline from the
    data is escaped too, so it cannot start a forged line.
    """
    click.echo(terminal_text(text, keep_newlines=not record), err=err)


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_problem(item: Problem, fmt: str) -> str:
    """One problem as a line of text or a GitHub annotation."""
    if fmt == "github":
        title = _github_escape(f"{item.code} {item.slug}", prop=True)
        return (
            f"::{item.severity} file={_github_escape(item.path, prop=True)},line={item.line},col={item.column},"
            f"title={title}::{_github_escape(item.message)}"
        )
    return item.format()


def problems_summary(problems: Sequence[Problem]) -> str:
    """'3 problems in 2 files' (or '2 problems and 1 warning in 2 files')."""
    warnings = sum(1 for p in problems if p.severity == "warning")
    counted = plural(len(problems) - warnings, "problem") + (f" and {plural(warnings, 'warning')}" if warnings else "")
    return f"{counted} in {plural(len({p.path for p in problems}), 'file')}"


PROBLEM_COLUMNS = ("path", "line", "column", "severity", "code", "slug", "message")
"""The columns of ``validate --format csv``: the fields of :class:`~policycmp.errors.Problem`."""


def problems_result(problems: Sequence[Problem], fmt: str, *, valid_summary: str | None = None) -> Result:
    """``validate``'s output: one line (or GitHub annotation) per problem and a summary; JSON; CSV rows.

    ``valid_summary`` is given when the corpus is valid, and ``problems`` are then its warnings.
    """
    summary = problems_summary(problems) if valid_summary is None else valid_summary
    lines = [terminal_text(format_problem(item, fmt), keep_newlines=False) for item in problems]
    data = {"valid": valid_summary is not None, "summary": summary, "problems": [p.to_dict() for p in problems]}
    return Result("\n".join([*lines, summary]), data, Table(PROBLEM_COLUMNS, [_problem_row(p) for p in problems]))


def _problem_row(item: Problem) -> tuple[object, ...]:
    data = item.to_dict()
    return tuple(data[name] for name in PROBLEM_COLUMNS)


def emit_problems(problems: Sequence[Problem], fmt: str = "text", *, err: bool = True) -> None:
    """Print every problem and a summary, in the chosen format."""
    if fmt == "json":
        payload = {"valid": False, "summary": problems_summary(problems), "problems": [p.to_dict() for p in problems]}
        echo(json.dumps(payload, indent=2, ensure_ascii=False), err=err)
        return
    for item in problems:
        echo(format_problem(item, fmt), err=err, record=True)
    echo(problems_summary(problems), err=err)


def run_library(call: Callable[[], T], fmt: str = "text", *, err: bool = True) -> T:
    """Run a library call; on a user-facing error print it and exit 1 (data) or 2 (usage).

    Problems go to stderr unless ``err`` is false (``validate`` prints them on stdout,
    since they are its output).
    """
    try:
        return call()
    except CorpusError as exc:
        emit_problems(exc.problems, fmt, err=err)
        raise click.exceptions.Exit(exc.exit_code) from None
    except PolicycmpError as exc:
        if fmt == "json":
            echo(json.dumps({"valid": False, "error": str(exc)}, ensure_ascii=False), err=err)
        else:
            echo(f"error: {exc}", err=True)
        raise click.exceptions.Exit(exc.exit_code) from None


ROOT_OPTION = click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Corpus root (holding recommendations/ and seeds/). Default: the current directory or the nearest parent "
    "holding recommendations/codebook.yaml; outside a corpus the command refuses.",
)


def limit_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add one option per size limit (``--max-seed-bytes N`` …, or ``POLICYCMP_MAX_SEED_BYTES``) and pass ``limits``.

    The limits are those of :class:`policycmp.limits.Limits`; see docs/limits.md.
    """

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        values = {name: kwargs.pop(name) for name in OPTIONS}
        command(limits=Limits(**{name: value for name, value in values.items() if value is not None}), **kwargs)

    for name, help_text in reversed(OPTIONS.items()):
        wrapper = click.option(
            option(name),
            name,
            type=click.IntRange(min=1),
            default=None,
            envvar="POLICYCMP_" + name.upper(),
            show_envvar=True,
            help=f"{help_text} Default: {getattr(DEFAULT, name):,}.",
        )(wrapper)
    return wrapper


def progress_bar(label: str, stream: TextIO | None = None) -> Callable[[Sequence[T]], Iterable[T]]:
    """A wrapper showing a progress bar over a sequence on ``stream`` (stderr) when it is a terminal; otherwise it shows nothing.

    click's own bar is used, so no dependency is added; pipes, files and CI logs stay clean.
    """
    out: TextIO = stream if stream is not None else sys.stderr

    def wrap(items: Sequence[T]) -> Iterable[T]:
        if not out.isatty():
            yield from items
            return
        with click.progressbar(items, label=label, file=out, show_pos=True) as bar:
            yield from bar

    return wrap


def corpus_root(root: Path | None, fmt: str = "text", *, start: Path | None = None, err: bool = True) -> Path:
    """The corpus root of a command (:func:`policycmp.roots.command_root`), said on stderr when it was searched for."""
    from policycmp.roots import command_root

    found = run_library(lambda: command_root(root, start=start), fmt, err=err)
    if not found.explicit:
        echo(found.describe(), err=True)
    return found.path


# --------------------------------------------------------------------------- validate


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@ROOT_OPTION
@output_options("github")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check every file again, ignoring the verdicts kept in .policycmp_cache/ (a whole-corpus check reuses those "
    "of unchanged valid files; docs/cache.md).",
)
@limit_options
def validate(paths: tuple[Path, ...], root: Path | None, output: Output, no_cache: bool, limits: Limits) -> None:
    """Check the corpus, or only the named YAML files, and list every problem.

    Named files (or the YAML files of a named directory) are still checked against
    the codebook and the seeds of the corpus root; a named corpus root is checked whole. Problem codes are explained in
    docs/errors.md; size limits (files, seeds, quotes, values, items), raisable by the --max-… options, in
    docs/limits.md. Prints one line per problem (path:line:col: message [code slug]) and a
    summary; --format csv gives one row per problem, github one annotation per problem. Exits 0 when valid,
    1 when there are problems, 2 on usage errors. A whole-corpus check keeps the verdicts of valid files in
    .policycmp_cache/ (git-ignored) and reuses each while none of the bytes it depends on changed; --no-cache checks
    every file again.
    """
    base = corpus_root(root, output.fmt, start=paths[0] if paths else None, err=False)

    def attempt() -> tuple[str, tuple[Problem, ...]] | CorpusError:
        try:
            if paths:
                from policycmp.loader import validate_files

                checked = validate_files(paths, base, limits=limits)
                return checked.summary, checked.warnings  # the codebook is always checked too
            from policycmp.cache import validate as validate_corpus

            verdict = validate_corpus(base, limits, use_cache=not no_cache)
            return verdict.summary, verdict.warnings
        except CorpusError as exc:
            return exc

    outcome = run_library(attempt, output.fmt, err=False)
    if isinstance(outcome, CorpusError):
        output.write(problems_result(outcome.problems, output.fmt))
        raise click.exceptions.Exit(outcome.exit_code)
    summary, warnings = outcome
    if warnings:
        summary += f"; {plural(len(warnings), 'warning')}"
    output.write(problems_result(warnings, output.fmt, valid_summary=summary))


# --------------------------------------------------------------------------- coverage


@main.command()
@ROOT_OPTION
@output_options()
@click.option(
    "--no-cache",
    is_flag=True,
    help="Audit every document again, ignoring the audits kept in .policycmp_cache/ (an unchanged document's audit is "
    "reused while the corpus is valid; docs/cache.md).",
)
@limit_options
def coverage(root: Path | None, output: Output, no_cache: bool, limits: Limits) -> None:
    """Check that every sentence with a prescriptive cue is coded or waived.

    Prints per-document counts (sentences, cue sentences, coded, waived,
    unexplained), one line per unexplained sentence as
    seeds/<file>:line:col: … with the cue that matched, and how well the cues
    do here: cue recall (sentences carrying a coded recommendation that hold a
    cue) and the precision proxy (flagged sentences that are coded); --format csv
    gives one row per cue sentence with its status. The cue
    list lives in policycmp/cues.py. Exits 0 when no sentence is unexplained, 1 when some are
    (or the corpus has problems), 2 on usage errors. The audit of each unchanged document is kept in
    .policycmp_cache/ and reused while the corpus is valid; --no-cache audits every document again.
    """
    from policycmp.collector import collector_paused
    from policycmp.coverage_cache import audit_corpus

    base = corpus_root(root, output.fmt)
    progress = progress_bar("auditing documents")
    report = run_library(lambda: audit_corpus(base, limits, use_cache=not no_cache, progress=progress).report, output.fmt)
    # The collector stays paused while the output is built and written: that makes no reference cycle, and at 5,000
    # documents the JSON output alone triggered four full collections walking every live object (≈ 1.4 s of CPU).
    with collector_paused():
        output.write(_coverage_result(report, output.fmt))
    if not report.ok:
        raise click.exceptions.Exit(1)


def _coverage_result(report: CoverageReport, fmt: str) -> Result:
    """The coverage command's output in the chosen format (only that one is built: at thousands of documents the JSON
    data alone takes seconds)."""
    text, data, table = "", None, None
    if fmt == "json":
        data = report.to_dict()
    elif fmt == "csv":
        rows = [
            (doc.document, item.seed, item.line, item.column, item.start, item.end, item.status, ";".join(item.cues), item.text,
             item.suggestion[0] if item.suggestion is not None else None)
            for doc in report.documents
            for item in doc.cue_sentences
        ]
        columns = ("document", "seed", "line", "column", "start", "end", "status", "cues", "text", "suggested_quote")
        table = Table(columns, rows)
    else:
        messages = (terminal_text(line, keep_newlines=False) for line in report.messages())
        text = "\n".join([report.table(), *messages, report.figures(), report.summary()])
    return Result(text, data, table)


# --------------------------------------------------------------------------- report


@main.command()
@ROOT_OPTION
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write: the site's directory (default: reports/ in the corpus root), or with --format single-file the HTML file "
    "(default: <theme>.html in the corpus root).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("site", "single-file")),
    default="site",
    show_default=True,
    help="The whole static site, or one theme as a single self-contained HTML file (for e-mail).",
)
@click.option("--theme", default=None, help="Theme id of the single-file page (with --format single-file).")
@click.option(
    "--normalise",
    type=click.Choice(NORMALISATIONS),
    default="jaccard",
    show_default=True,
    help="Agreement normalisation of the coalitions and the agreement picture.",
)
@click.option(
    "--duplicates",
    type=click.Choice(DUPLICATE_RULES),
    default="document",
    show_default=True,
    help="How a restated recommendation counts: once per document, once in the corpus, or every time.",
)
@click.option(
    "--check", is_flag=True, help="Write nothing: render page by page, compare each file with --out, exit 1 naming each stale file."
)
@limit_options
def report(
    root: Path | None,
    out: Path | None,
    fmt: str,
    theme: str | None,
    normalise: Normalise,
    duplicates: Duplicates,
    check: bool,
    limits: Limits,
) -> None:
    """Build the static HTML report: overview, dimensions, themes, options, holders, documents.

    The site is built in a temporary directory beside --out and swapped in only when
    complete, so a failed build leaves the previous report untouched. The same corpus
    always gives byte-identical files. Exits 0 when written, 1 when the corpus has
    problems or the report cannot be written, 2 on usage errors.
    """
    from policycmp.loader import load
    from policycmp.report import BuildResult, build, build_theme_page
    from policycmp.report.build import write_single_file
    from policycmp.report.site import ReportOptions
    from policycmp.report.stream import frozen_load

    if fmt == "single-file" and theme is None:
        raise click.UsageError("--format single-file needs --theme <id> (a theme id from recommendations/codebook.yaml)")
    if fmt == "site" and theme is not None:
        raise click.UsageError("--theme only applies to --format single-file")
    options = ReportOptions(normalise=normalise, duplicates=duplicates)
    base = corpus_root(root)
    if check:
        from policycmp.cli_contrib import report_check

        report_check(base, out if out is not None else base / "reports", fmt, limits)
        return
    if fmt == "single-file" and theme is not None:
        target = out if out is not None else base / f"{theme}.html"
        written = run_library(lambda: write_single_file(build_theme_page(load(base, limits=limits), theme, options), target))
        echo(f"wrote {written}")
        return
    target_dir = out if out is not None else base / "reports"

    def build_site() -> BuildResult:
        with frozen_load(base, limits) as corpus:
            return build(corpus, target_dir, options, progress=progress_bar("rendering pages"))

    echo(run_library(build_site).describe())


# --------------------------------------------------------------------------- import-dna


@main.command("import-dna")
@click.argument("database", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), required=True, help="New corpus root to write (must not exist, or be empty).")
@click.option(
    "--holder",
    type=click.Choice(("organization", "person")),
    default="organization",
    show_default=True,
    help="DNA variable whose entities become holders; the other is kept as affiliation or in notes.",
)
@click.option("--statement-type", default="DNA Statement", show_default=True, help="DNA statement type to import.")
def import_dna(database: Path, out: Path, holder: str, statement_type: str) -> None:
    """Import a DNA (Discourse Network Analyzer) .dna database as a new corpus root.

    Reads the SQLite file read-only; writes seeds/, the codebook and one YAML file per document,
    checked by policycmp's loader before they appear in --out. Nothing is written on error. The
    mapping is documented in docs/dna.md. Exits 0 when written, 1 when the database cannot be
    imported, 2 on usage errors.
    """
    from policycmp.dna import import_dna as run

    variable: Literal["organization", "person"] = "person" if holder == "person" else "organization"
    summary = run_library(lambda: run(database, out, holder=variable, statement_type=statement_type))
    echo(summary.describe())


# --------------------------------------------------------------------------- export


@main.command("export")
@ROOT_OPTION
@click.option("--to", "to", required=True, type=click.Choice(EXPORT_FORMATS), help="Format.")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Where to write: a directory (datapackage, parquet, graphml, gexf) or a file (json, qdpx, qdc).",
)
@click.option("--normalise", default="jaccard", show_default=True, help="Agreement normalisation: raw, average, jaccard or cosine.")
def export_command(root: Path | None, to: ExportFormat, out: Path, normalise: str) -> None:
    """Export the corpus as typed tables, networks or a REFI-QDA project; see docs/exports.md.

    Each export names the codebook version and the corpus checksum, is byte-identical for the
    same corpus, is written atomically, and never replaces a file or directory that is not an
    earlier export. Exits 0 when written, 1 when the corpus has problems or the write fails, 2 on usage errors.
    """
    from policycmp.exports import export
    from policycmp.loader import load

    base = corpus_root(root)
    how = run_library(lambda: choose("normalise", normalise, NORMALISATIONS, "a normalisation"))
    echo(run_library(lambda: export(load(base), to, out, normalise=how)).describe())


# --------------------------------------------------------------------------- generated


@main.command()
@ROOT_OPTION
@click.option("--check", is_flag=True, help="Only check, writing nothing: exit 1 naming each stale file.")
@limit_options
def generated(root: Path | None, check: bool, limits: Limits) -> None:
    """Regenerate (or check) every generated file: schema/*.json, docs/errors.md, docs/cli.md and the report in reports/.

    The files are those of the corpus root (found like every other command's). A file is stale
    when it is missing, differs from what the code generates, or is left in reports/ but no longer
    generated. Without --check, only stale files are rewritten (the report is rebuilt atomically).
    Exits 0 when everything is (now) up to date, 1 when --check finds stale files or the corpus has
    problems, 2 on usage errors.
    """
    from policycmp import generated as files

    base = corpus_root(root)
    reference = {CLI_DOC: cli_reference().encode("utf-8")}
    if check:
        outdated = run_library(lambda: files.check(base, limits=limits, extra=reference))
        for path in outdated:
            echo(f"{path}: out of date; run 'policycmp generated' and commit the result", err=True, record=True)
        if outdated:
            echo(f"{plural(len(outdated), 'generated file')} out of date", err=True)
            raise click.exceptions.Exit(1)
        echo("every generated file is up to date")
        return
    changed = run_library(lambda: files.write(base, limits=limits, extra=reference))
    echo(f"regenerated {plural(len(changed), 'file')}: {', '.join(changed)}" if changed else "every generated file was already up to date")


# --------------------------------------------------------------------------- schema (deprecated)


@main.command()
@ROOT_OPTION
@click.option("--check", is_flag=True, help="Only check that the files are up to date; exit 1 if any is stale.")
def schema(root: Path | None, check: bool) -> None:
    """Deprecated: use 'policycmp generated', which also covers the report. Regenerates schema/*.json, docs/errors.md and docs/cli.md.

    They are written into the corpus root (found like every other command's), beside
    recommendations/. YAML files point editors at the schemas with a
    '# yaml-language-server: $schema=../schema/document.schema.json' first line.
    """
    from policycmp import schema as generated

    root = corpus_root(root)
    echo("note: 'policycmp schema' is deprecated; 'policycmp generated [--check]' regenerates (or checks) every generated file", err=True)
    reference = root / CLI_DOC
    cli_stale = not reference.is_file() or reference.read_text(encoding="utf-8") != cli_reference()
    if check:
        outdated = generated.stale(root) + ([CLI_DOC] if cli_stale else [])
        for path in outdated:
            echo(f"{path}: out of date; run 'policycmp generated' and commit the result", err=True)
        if outdated:
            raise click.exceptions.Exit(1)
        echo(f"{plural(len(generated.generated()) + 1, 'generated file')} up to date")
        return
    changed = generated.write(root)
    if cli_stale:
        reference.parent.mkdir(parents=True, exist_ok=True)
        reference.write_text(cli_reference(), encoding="utf-8")
        changed.append(CLI_DOC)
    echo(f"wrote {', '.join(changed)}" if changed else "all generated files were already up to date")


# --------------------------------------------------------------------------- agreement (reliability)


@main.command("agreement")
@click.argument("documents", nargs=-1)
@ROOT_OPTION
@output_options()
@click.option(
    "--adjudicate",
    "adjudicate",
    type=click.Path(path_type=Path),
    default=None,
    help="Write a merge proposal YAML (agreed units, disagreements as commented choices) to this file (a directory for several documents).",
)
@limit_options
def agreement_command(documents: tuple[str, ...], root: Path | None, output: Output, adjudicate: Path | None, limits: Limits) -> None:
    """Reliability between the main coding and extra codings (recommendations/codings/<id>.<coder>.yaml).

    For the named documents (default: every double-coded one) prints unitizing agreement and, per field
    (prescription, holder, option, stance, kind, strength), percent agreement, Cohen's kappa (two codings)
    and Krippendorff's alpha (ordinal for strength) with 95% bootstrap intervals, in two views of units:
    coded spans matched by overlap, and the seed's sentences. Then confusion tables and the disagreements.
    --format csv gives the summary table (one row per view and field). Exits 0 (also when coders disagree),
    1 when the corpus has problems, 2 on usage errors.
    """
    from policycmp.loader import load
    from policycmp.reliability import assess
    from policycmp.reliability.adjudicate import write_proposals
    from policycmp.reliability.text import render

    fmt = output.fmt
    base = corpus_root(root, fmt)
    corpus = run_library(lambda: load(base, limits=limits), fmt)
    if not corpus.codings and not documents:
        raise click.ClickException(
            "no document has an extra coding: add recommendations/codings/<id>.<coder>.yaml (see README, Reliability)"
        )
    result = run_library(lambda: assess(corpus, documents or None), fmt)
    summary = result.summary()
    table = Table(tuple(str(c) for c in summary.columns), list(summary.itertuples(index=False, name=None)))
    output.write(Result(render(result), result.as_dict(), table))
    if adjudicate is not None:
        written = run_library(lambda: write_proposals(result, adjudicate), fmt)
        echo(f"merge proposal written: {', '.join(str(p) for p in written)}", err=True)


# --------------------------------------------------------------------------- CLI reference

CLI_DOC = "docs/cli.md"
"""The command-line reference, generated from every command's --help by :func:`cli_reference`."""


def cli_reference(width: int = 100) -> str:
    """docs/cli.md: ``policycmp --help`` and each command's (and subcommand's) ``--help``, in name order, at a fixed width."""
    parts = [
        "# Command-line reference\n",
        "Generated from each command's `--help` by `policycmp generated` (`policycmp generated --check` and the tests fail\n"
        "when it is stale). Do not edit by hand.\n",
    ]
    settings = {**main.context_settings, "terminal_width": width, "max_content_width": width}
    root = click.Context(main, info_name="policycmp", **settings)
    sections = [("policycmp", main.get_help(root))]

    def add(group: click.Group, parent: click.Context, prefix: str) -> None:
        for name in sorted(group.commands):
            command = group.commands[name]
            ctx = click.Context(command, info_name=name, parent=parent, **{**command.context_settings, **settings})
            sections.append((f"{prefix} {name}", command.get_help(ctx)))
            if isinstance(command, click.Group):  # e.g. 'codebook unused': every subcommand has its section too
                add(command, ctx, f"{prefix} {name}")

    add(main, root, "policycmp")
    for title, text in sections:
        parts.append(f"## `{title}`\n\n```\n{text.rstrip()}\n```\n")
    return "\n".join(parts)


# contributor commands (new, diff, codebook unused; the body of report --check): policycmp/cli_contrib.py
from policycmp.cli_contrib import Kit, register  # noqa: E402

register(main, Kit(echo=echo, run_library=run_library, corpus_root=corpus_root, root_option=ROOT_OPTION))
