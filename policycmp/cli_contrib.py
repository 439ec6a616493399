"""Contributor commands: ``new``, ``diff``, ``codebook rename/merge/unused`` and ``report-check``.

Registered on the main group by one import line at the end of :mod:`policycmp.cli`; each command only parses
options and calls a library function, like every other command.
"""

from __future__ import annotations

from pathlib import Path

import click

from policycmp.cli import ROOT_OPTION, corpus_root, echo, main, run_library
from policycmp.errors import plural
from policycmp.limits import Limits


@main.command("new")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@ROOT_OPTION
@click.option("--slug", default=None, help="Words for the file name (default: from SOURCE's name), e.g. border-trade.")
@click.option("--title", default=None, help="The headline as printed, to fill in title:.")
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


@main.command("diff")
@click.argument("base", default="origin/main")
@ROOT_OPTION
def diff_command(base: str, root: Path | None) -> None:
    """Show what the working tree changes in the findings against git ref BASE (default origin/main), as Markdown.

    Lists added, removed and changed recommendations, holder × option cells that changed, options whose
    contestation moved and holders who changed coalition; for a pull-request comment or $GITHUB_STEP_SUMMARY.
    Exits 0 (with or without changes), 1 when either corpus has problems or BASE cannot be read, 2 on usage errors.
    """
    from policycmp import load
    from policycmp.prdiff import base_tree, diff_findings

    head_root = corpus_root(root)

    def run() -> str:
        with base_tree(head_root, base) as base_root:
            base_corpus = load(base_root)
        return diff_findings(base_corpus, load(head_root)).markdown()

    echo(run_library(run))


@main.group("codebook")
def codebook_group() -> None:
    """Codebook maintenance."""


@codebook_group.command("unused")
@ROOT_OPTION
def codebook_unused(root: Path | None) -> None:
    """List codebook options, holders and actors that no coded document uses (catch-all options excepted).

    Read-only. A voice, a recommendation's holder or an author team's member counts as a use of a holder.
    Exits 0 whether or not anything is unused, 1 when the corpus has problems.
    """
    from policycmp.loader import load

    data = run_library(lambda: load(corpus_root(root)))
    used_options, used_holders, used_actors = set(), set(), set()
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
    unused = [
        *(f"option {o.id}" for t in book.themes for o in t.options if o.id not in used_options and not o.catch_all),
        *(f"holder {h.id}" for h in book.holders if h.id not in used_holders),
        *(f"actor {a.id}" for a in book.actors if a.id not in used_actors),
    ]
    for line in unused:
        echo(line, record=True)
    echo(f"{plural(len(unused), 'unused id')} in recommendations/codebook.yaml")
