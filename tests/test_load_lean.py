"""The loader's lean path (issue #17): same corpus, same problems at the same places, no garbage left behind.

The speed itself is measured by ``benchmarks/bench.py``; these tests check only what must hold
whatever the speed: the collector's state is restored and a valid load leaves no cyclic garbage.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from policycmp import loader, synth, yamlfast
from policycmp.data import CorpusData
from policycmp.errors import CorpusError
from policycmp.limits import Limits
from tests.loader_helpers import DOC, copy_document, copy_mini, edit


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic corpus (distinct seeds, real quotes, waivers and ellipses)."""
    root = tmp_path_factory.mktemp("synth") / "corpus"
    synth.generate(20, root)
    return root


def test_a_valid_load_leaves_no_cyclic_garbage(synthetic: Path) -> None:
    """Checked on a second load: the first builds pydantic's validators (once per process), which leaves some."""
    loader.load(synthetic)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        corpus = loader.load(synthetic)
        gc.collect()
        left = list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert corpus.documents
    assert left == []


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_state_is_restored(tmp_path: Path, enabled: bool) -> None:
    root = copy_mini(tmp_path)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        loader.load(root)
        assert gc.isenabled() is enabled
        edit(root, DOC, "option: open-talks", "option: no-such-option")
        with pytest.raises(CorpusError):
            loader.load(root)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


# --------------------------------------------------------------------------- fast path vs located path

REPO = Path(__file__).resolve().parents[1]


def load_both(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object, int]:
    """(outcome on the fast path, outcome on the located path, how many files the fast path read).

    An outcome is the loaded corpus, or the formatted problems of the :class:`CorpusError`.
    """
    answered = 0
    original = loader.read_fast

    def counting(text: str, limits: Limits, data: bytes | None = None) -> object:
        nonlocal answered
        found = original(text, limits, data)
        answered += found is not None
        return found

    def outcome() -> object:
        try:
            return loader.load(root)
        except CorpusError as exc:
            return [p.format() for p in exc.problems]

    with monkeypatch.context() as patch:
        patch.setattr(loader, "read_fast", counting)
        fast = outcome()
    with monkeypatch.context() as patch:
        patch.setattr(loader, "read_fast", lambda text, limits, data=None: None)
        located = outcome()
    return fast, located, answered


def same_corpus(fast: object, located: object) -> None:
    assert isinstance(fast, CorpusData) and isinstance(located, CorpusData)
    assert fast.codebook == located.codebook
    assert list(fast.documents) == list(located.documents)
    assert fast.documents == located.documents  # models, seed texts, paths, every segment of every quote
    assert fast.codings == located.codings
    assert fast.warnings == located.warnings


def test_the_shipped_corpus_loads_the_same_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    fast, located, answered = load_both(REPO, monkeypatch)
    same_corpus(fast, located)
    assert isinstance(fast, CorpusData)
    assert answered >= len(fast.documents)  # every coded document (and the codebook) read on the fast path


def test_a_synthetic_corpus_loads_the_same_on_both_paths(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, located, answered = load_both(synthetic, monkeypatch)
    same_corpus(fast, located)
    assert isinstance(fast, CorpusData)
    assert answered == len(fast.documents) + 1


# Each mistake: (text replaced in alpha.yaml, replacement, problem kind, line, column, read on the fast path?).
MISTAKES = [
    ("stance: support", "stance: maybe", "invalid-choice", 17, 13, True),  # schema
    ("option: open-talks", "option: no-such-option", "unknown-option", 16, 13, True),  # reference
    ("before winter.", "before spring.", "quote-not-found", 20, 12, True),  # anchoring
    ("    stance: support\n", "    stance: support\n    stance: oppose\n", "duplicate-key", 18, 5, False),
    ("actors: [government]", "actors: &who [government]", "yaml-alias", 15, 13, False),
    ("strength: must", "strength: !!str must", "yaml-tag", 19, 15, False),
]


@pytest.mark.parametrize(("old", "new", "slug", "line", "column", "fast"), MISTAKES, ids=[m[2] for m in MISTAKES])
def test_a_mistake_is_named_at_its_exact_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, slug: str, line: int, column: int, fast: bool
) -> None:
    root = copy_mini(tmp_path)
    edit(root, DOC, old, new)
    text = (root / DOC).read_text(encoding="utf-8")
    assert (yamlfast.read_fast(text) is not None) is fast
    with pytest.raises(CorpusError) as caught:
        loader.load(root)
    assert [(p.slug, p.path, p.line, p.column) for p in caught.value.problems if p.slug == slug] == [(slug, DOC, line, column)]
    on_fast, on_located, _ = load_both(root, monkeypatch)
    assert on_fast == on_located  # every problem, word for word, at the same place


def test_a_duplicate_document_id_across_files_names_both_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cross-file check runs after the documents are released: the place is read again from the file."""
    root = copy_mini(tmp_path)
    copy_document(root, "beta")
    edit(root, "recommendations/beta.yaml", "  id: beta", "  id: alpha")
    with pytest.raises(CorpusError) as caught:
        loader.load(root)
    found = [p for p in caught.value.problems if p.slug == "duplicate-id"]
    assert [(p.path, p.line, p.column) for p in found] == [("recommendations/beta.yaml", 2, 7)]
    assert "already used by recommendations/alpha.yaml" in found[0].message
    on_fast, on_located, answered = load_both(root, monkeypatch)
    assert on_fast == on_located
    assert answered == 3


def test_records_share_their_field_sets_and_keep_them_exact(synthetic: Path) -> None:
    """Each record's ``model_fields_set`` still names exactly the fields its YAML gives; equal ones are one object."""
    corpus = loader.load(synthetic)
    records = []
    for document in corpus.documents.values():
        data = yamlfast.read_fast(document.path.read_text(encoding="utf-8"))
        given = [set(entry) for entry in [*data["recommendations"], *data["waivers"]]]
        mine = [*(a.recommendation for a in document.recommendations), *(w.waiver for w in document.waivers)]
        assert [r.model_fields_set for r in mine] == given
        records += mine
    distinct = {id(r.model_fields_set) for r in records}
    assert len(distinct) == len({frozenset(r.model_fields_set) for r in records}) < len(records)


def test_a_released_document_that_vanished_is_named_at_its_start(tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text("document:\n  id: x\n", encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    doc = yamlfast.Deferred("doc.yaml", yamlfast.read_fast(text), text, path)
    assert doc.locate(("document", "id")) == (2, 7)
    gone = yamlfast.Deferred("doc.yaml", yamlfast.read_fast(text), text, path)
    gone.release()
    path.unlink()
    assert gone.locate(("document", "id")) == (1, 1)
