"""``validate`` checks every document as ``load`` does, but keeps one at a time (issue #17).

:func:`policycmp.loader.validate_corpus` and :func:`~policycmp.loader.validate_files` run the loader's one pipeline
and keep of each valid document its :class:`~policycmp.loader.DocumentFacts` only. The reference here is the
straightforward answer from the corpus ``load`` keeps whole: its summary line counted from the loaded documents
(as ``summarise`` counted it before the pipeline was shared), or every problem it raises, in order. The two must
agree on the shipped corpus, on a synthetic one with an extra coding, after every kind of edit of the cache tests,
and for every contributor mistake of the mistakes table.
"""

from __future__ import annotations

import shutil
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from loader_helpers import MINI, copy_mini, edit
from test_cache import EDITS, docs, synthetic_with_coding
from test_loader_mistakes import MISTAKES

from policycmp import loader
from policycmp.data import CorpusData
from policycmp.errors import CorpusError
from policycmp.layout import document_paths, summary_line
from policycmp.records import LoadedDocument

Answer = tuple[str, list[tuple[str, str, int, int, str]]]


def _problems(exc: CorpusError) -> Answer:
    return "problems", [(p.slug, p.path, p.line, p.column, p.message) for p in exc.problems]


def reference_summary(corpus: CorpusData) -> str:
    """The summary line counted from the whole loaded corpus."""
    documents = list(corpus.documents.values())
    extra = sum(len(c) for c in corpus.codings.values())
    book = corpus.codebook
    return summary_line(
        files=len(documents) + 1 + extra,
        documents=len(documents),
        recommendations=sum(len(d.recommendations) for d in documents),
        waivers=sum(len(d.waivers) for d in documents),
        book={
            "version": book.version,
            "themes": len(book.themes),
            "options": len(corpus.options),
            "actors": len(book.actors),
            "holders": len(book.holders),
        },
        spoke=len(corpus.holders_with_statements()),
        extra=extra,
    )


def by_load(check: Callable[[], CorpusData]) -> Answer:
    try:
        corpus = check()
    except CorpusError as exc:
        return _problems(exc)
    return reference_summary(corpus), [(p.slug, p.path, p.line, p.column, p.message) for p in corpus.warnings]


def by_validate(check: Callable[[], loader.Validated]) -> Answer:
    try:
        checked = check()
    except CorpusError as exc:
        return _problems(exc)
    return checked.summary, [(p.slug, p.path, p.line, p.column, p.message) for p in checked.warnings]


def assert_same(root: Path) -> Answer:
    expected = by_load(lambda: loader.load(root))
    assert by_validate(lambda: loader.validate_corpus(root)) == expected
    return expected


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> Path:
    return synthetic_with_coding(tmp_path_factory.mktemp("synth"), repo, 20)


@pytest.fixture
def root(template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(template, target)
    return target


def test_the_shipped_corpus(repo: Path) -> None:
    assert assert_same(repo)[0] != "problems"


def test_a_synthetic_corpus_with_an_extra_coding(template: Path) -> None:
    summary, _ = assert_same(template)
    assert summary.endswith("(and 1 extra coding, checked, not counted)")


@pytest.mark.parametrize("change", EDITS, ids=[e.__name__ for e in EDITS])
def test_every_kind_of_edit(root: Path, change: Callable[[Path], None]) -> None:
    change(root)
    assert_same(root)


def test_the_edits_reach_both_outcomes(template: Path, tmp_path: Path) -> None:
    outcomes = set()
    for change in EDITS:
        target = tmp_path / change.__name__
        shutil.copytree(template, target)
        change(target)
        outcomes.add(assert_same(target)[0] == "problems")
    assert outcomes == {True, False}


@pytest.mark.parametrize(("name", "path", "old", "new", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_every_contributor_mistake(tmp_path: Path, name: str, path: str, old: str, new: str, expected: list[str]) -> None:
    root = copy_mini(tmp_path)
    edit(root, path, old, new)
    assert assert_same(root)[0] == "problems"


def test_named_files(root: Path) -> None:
    named = [docs(root)[0], docs(root)[3]]
    expected = by_load(lambda: loader.load_files(named, root))
    assert expected[0].startswith("3 files valid: 2 documents")
    assert by_validate(lambda: loader.validate_files(named, root)) == expected
    edit(root, f"recommendations/{named[1].name}", "stance: ", "stance: maybe-")
    expected = by_load(lambda: loader.load_files(named, root))
    assert expected[0] == "problems"
    assert by_validate(lambda: loader.validate_files(named, root)) == expected


def test_a_second_document_on_a_let_go_seed_reads_it_again(root: Path) -> None:
    """The seed of a checked document is let go; a later document naming it anchors in it all the same."""
    first, second = docs(root)[0], docs(root)[1]
    text = second.read_text(encoding="utf-8")
    second.write_text(text.replace(f"seed: {second.stem}.txt", f"seed: {first.stem}.txt", 1), encoding="utf-8")
    answer = assert_same(root)
    assert answer[0] == "problems"
    assert any(slug == "seed-coded-twice" for slug, *_ in answer[1])


def test_one_document_at_a_time(template: Path) -> None:
    """Each loaded document is gone once its facts are taken, and no seed text outlives its document."""
    alive: list[weakref.ref[LoadedDocument]] = []

    def keep(doc: LoadedDocument) -> loader.DocumentFacts:
        assert [ref for ref in alive if ref() is not None] == []
        alive.append(weakref.ref(doc))
        return loader.DocumentFacts.of(doc)

    paths = [*document_paths(template), *sorted((template / "recommendations" / "codings").glob("*.yaml"))]
    checked = loader._check_all(template.resolve(), paths, whole=True, limits=loader.DEFAULT, keep=keep, keep_seeds=False)
    assert len(alive) == len(checked.documents) + len(checked.codings) == len(paths)


def test_seed_texts_are_let_go_except_for_extra_codings(template: Path) -> None:
    run = loader.Checker(template.resolve(), keep_seeds=False)
    assert run.codebook() is not None
    run.read_manifest()
    main = docs(template)[1]  # the document with an extra coding
    held: set[str] = set()
    for path in docs(template):
        assert run.document(path, hold_seed=path == main) is not None
        held |= {f"{main.stem}.txt"} if path == main else set()
        assert {name for name, text in run.seeds.items() if text is not None} == held
    assert held
    assert len(run.released) == len(docs(template)) - 1
    coding = next((template / "recommendations" / "codings").glob("*.yaml"))
    assert run.coding(coding, {main.stem: f"{main.stem}.txt"}) is not None
    assert run.problems == []


def test_the_mini_fixture_is_valid_both_ways() -> None:
    assert assert_same(MINI)[0].startswith("2 files valid: 1 document")
