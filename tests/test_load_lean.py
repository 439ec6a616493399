"""The loader's lean path (issue #17): same corpus, same problems at the same places, no garbage left behind.

The speed itself is measured by ``benchmarks/bench.py``; these tests check only what must hold
whatever the speed: the collector's state is restored and a valid load leaves no cyclic garbage.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from policycmp import loader, synth
from policycmp.errors import CorpusError
from tests.loader_helpers import DOC, copy_mini, edit


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic corpus (distinct seeds, real quotes, waivers and ellipses)."""
    root = tmp_path_factory.mktemp("synth") / "corpus"
    synth.generate(20, root)
    return root


def test_a_valid_load_leaves_no_cyclic_garbage(synthetic: Path) -> None:
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
