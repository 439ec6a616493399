"""Contributor commands: ``new``, ``diff``, ``codebook unused|rename|merge`` and the body of ``report --check``.

:mod:`policycmp.cli` registers them with one call, :func:`register`, handing over its shared helpers (the one
``echo``, ``run_library``, the corpus-root finder and the ``--root`` option), so this module never imports the
CLI back and no import circle forms. Each command only parses options and calls a library function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from policycmp.cli_output import Output, Result, Table, output_options
from policycmp.errors import plural
from policycmp.limits import Limits
from policycmp.terminal import terminal_text

if TYPE_CHECKING:
    from policycmp.prdiff import FindingsDiff

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Kit:
    """The CLI's shared helpers (see :mod:`policycmp.cli`)."""

    echo: Callable[..., None]
    run_library: Callable[..., Any]
    corpus_root: Callable[..., Path]
    root_option: Callable[[F], F]


_kit: Kit | None = None


def kit() -> Kit:
    """The helpers handed over by :func:`register`."""
    if _kit is None:
        raise RuntimeError("policycmp.cli_contrib.register(main, …) has not run")
    return _kit


def echo(text: str, *, err: bool = False, record: bool = False) -> None:
    kit().echo(text, err=err, record=record)


def run_library(call: Callable[[], T]) -> T:
    result: T = kit().run_library(call)
    return result


def corpus_root(root: Path | None) -> Path:
    return kit().corpus_root(root)


def register(main: click.Group, helpers: Kit) -> None:
    """Add the contributor commands to ``main``."""
    global _kit
    _kit = helpers
    root = helpers.root_option
    main.add_command(click.command("new")(root(_new_options(new_command))))
    refusal = "the diff is several lists of different shapes, not one table; use --format json (or text, the Markdown)"
    diff = output_options(csv_refusal=refusal)(click.argument("base", default="origin/main")(diff_command))
    main.add_command(click.command("diff")(root(diff)))
    group = click.Group("codebook", help="Codebook maintenance.")
    group.add_command(click.command("unused")(root(output_options()(codebook_unused))))
    group.add_command(click.command("rename")(root(_edit_options(codebook_rename))))
    group.add_command(click.command("merge")(root(_edit_options(codebook_merge))))
    main.add_command(group)


def _new_options(function: F) -> F:
    function = click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))(function)
    function = click.option("--slug", default=None, help="Words for the file name (default: from SOURCE's name), e.g. border-trade.")(
        function
    )
    return click.option("--title", default=None, help="The headline as printed, to fill in title:.")(function)


def new_command(source: Path, root: Path | None, slug: str | None, title: str | None) -> None:
    """Add a new source text: copy SOURCE to seeds/NNN-slug.txt (the next free number), append its line to
    seeds/SHA256SUMS, and write recommendations/NNN-slug.yaml ready to fill in.

    Refuses, writing nothing, when a target exists or the same text is already a seed. Exits 0 when written,
    1 when refused, 2 on usage errors.
    """
    from policycmp.newdoc import new_document

    base = corpus_root(root)
    made = run_library(lambda: new_document(base, source.resolve(), slug=slug, title=title))
    echo(made.describe(base))


def report_check(base: Path, out: Path, fmt: str, limits: Limits) -> None:
    """``policycmp report --check``: exit 1 naming every stale file of the committed site, 0 when it is current."""
    from policycmp.loader import load
    from policycmp.report.check import stale_files

    if fmt != "site":
        raise click.UsageError("--check compares the whole site; leave out --format single-file")
    stale = run_library(lambda: stale_files(load(base, limits=limits), out))
    shown = out.relative_to(base).as_posix() if out.is_relative_to(base) else str(out)
    for path in stale:
        echo(f"{shown}/{path}: stale; rebuild with 'policycmp report' (the main-branch workflow does this)", err=True, record=True)
    if stale:
        echo(f"{plural(len(stale), 'stale file')} in {shown}/", err=True)
        raise click.exceptions.Exit(1)
    echo(f"{shown}/ is the build of this corpus")


def diff_command(base: str, root: Path | None, output: Output) -> None:
    """Show what the working tree changes in the findings against git ref BASE (default origin/main), as Markdown.

    Lists added, removed and changed recommendations, holder × option cells that changed, options whose
    contestation moved and holders who changed coalition; for a pull-request comment or $GITHUB_STEP_SUMMARY.
    --format json gives the same lists as data (csv is refused: they are not one table).
    Exits 0 (with or without changes), 1 when either corpus has problems or BASE cannot be read, 2 on usage errors.
    """
    from policycmp import load
    from policycmp.prdiff import base_tree, diff_findings

    head_root = corpus_root(root)

    def run() -> FindingsDiff:
        with base_tree(head_root, base) as base_root:
            base_corpus = load(base_root)
        return diff_findings(base_corpus, load(head_root))

    found = run_library(run)
    output.write(Result(found.markdown(), found.as_dict()))


def codebook_unused(root: Path | None, output: Output) -> None:
    """List codebook options, holders and actors that no coded document uses (catch-all options excepted).

    Read-only. A voice, a recommendation's holder or an author team's member counts as a use of a holder.
    --format csv gives one row (kind, id) per unused id.
    Exits 0 whether or not anything is unused, 1 when the corpus has problems.
    """
    from policycmp.loader import load

    data = run_library(lambda: load(corpus_root(root)))
    used_options: set[str] = set()
    used_holders: set[str] = set()
    used_actors: set[str] = set()
    for document in data.documents.values():
        used_holders.add(document.coded.document.voice)
        for rec in document.coded.recommendations:
            used_options.add(rec.option)
            used_holders.add(rec.holder or document.coded.document.voice)
            used_actors.update(rec.actors)
    book = data.codebook
    for holder in book.holders:
        if holder.id in used_holders:
            used_holders.update(holder.members)
    pairs = [
        *(("option", o.id) for t in book.themes for o in t.options if o.id not in used_options and not o.catch_all),
        *(("holder", h.id) for h in book.holders if h.id not in used_holders),
        *(("actor", a.id) for a in book.actors if a.id not in used_actors),
    ]
    summary = f"{plural(len(pairs), 'unused id')} in recommendations/codebook.yaml"
    text = "\n".join([*(terminal_text(f"{kind} {ident}", keep_newlines=False) for kind, ident in pairs), summary])
    payload = {"unused": [{"kind": kind, "id": ident} for kind, ident in pairs], "summary": summary}
    output.write(Result(text, payload, Table(("kind", "id"), pairs)))


def _edit_options(function: F) -> F:
    function = click.argument("new")(function)
    function = click.argument("old")(function)
    function = click.option(
        "--kind",
        type=click.Choice(["option", "holder", "actor"]),
        default=None,
        help="Which kind of id OLD is; needed only when it is both a holder and an actor.",
    )(function)
    return click.option("--dry-run", is_flag=True, help="Print the unified diff of every file it would change; write nothing.")(function)


def _codebook_edit(action: str, old: str, new: str, root: Path | None, kind: str | None, dry_run: bool) -> None:
    from typing import Literal, cast

    from policycmp.codebook_edit import Kind, plan, write
    from policycmp.errors import CorpusError

    base = corpus_root(root)
    verb = cast(Literal["rename", "merge"], action)

    def run() -> str:
        try:
            edit = plan(base, verb, old, new, cast(Kind | None, kind))
        except CorpusError:
            echo(f"error: the {action} is refused, nothing was written: the result would not validate:", err=True)
            raise
        if dry_run:
            return edit.diff() + edit.describe(written=False)
        write(base, edit)
        return edit.describe(written=True)

    echo(run_library(run))


def codebook_rename(old: str, new: str, root: Path | None, kind: str | None, dry_run: bool) -> None:
    """Rename the option, holder or actor OLD to NEW in recommendations/codebook.yaml and every coded file.

    Comments, key order, quoting and every untouched line stay byte for byte. The result is validated first; when it
    would not validate, or NEW already exists, nothing is written. Mentions of OLD in comments and text are listed,
    not rewritten. Needs the maintain extra (pip install 'policycmp[maintain]').
    Exits 0 when renamed (or with --dry-run), 1 when refused, 2 on usage errors.
    """
    _codebook_edit("rename", old, new, root, kind, dry_run)


def codebook_merge(old: str, new: str, root: Path | None, kind: str | None, dry_run: bool) -> None:
    """Fold the option, holder or actor OLD into NEW: every use of OLD becomes NEW and OLD's codebook entry is removed.

    Refused, writing nothing, when OLD and NEW are options of different themes, when a holder would get two codings
    of one option in the same statement, or when the result would not validate. Needs the maintain extra
    (pip install 'policycmp[maintain]'). Exits 0 when merged (or with --dry-run), 1 when refused, 2 on usage errors.
    """
    _codebook_edit("merge", old, new, root, kind, dry_run)
