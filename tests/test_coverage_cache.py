"""The coverage cache is never wrong: after every kind of edit only the affected documents are audited again,
and ``policycmp coverage`` prints exactly what it prints without the cache, in every format, with the same exit code.

Each test copies a small synthetic corpus (real YAML, real seeds, a real manifest, one extra coding), runs the
audit once to fill the cache, edits the corpus, and compares the cached run with an uncached one.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from test_cache import (
    add_seed_listed,
    docs,
    edit_codebook,
    edit_codebook_harmless,
    edit_value_invalid,
    fresh_copy,
    relist,
    replace,
    seed_of,
    synthetic_with_coding,
)

import policycmp
from policycmp import cache, coverage_cache
from policycmp.cache import Store, _wrapper
from policycmp.coverage import CoverageReport, audit
from policycmp.coverage_cache import audit_corpus, decode, encode
from policycmp.layout import CODEBOOK

CODING = "recommendations/codings"
FORMATS = ("text", "json", "csv")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> Path:
    return synthetic_with_coding(tmp_path_factory.mktemp("synth"), repo, 6)


@pytest.fixture
def root(template: Path, tmp_path: Path) -> Path:
    return fresh_copy(template, tmp_path)


def outputs(root: Path, *extra: str) -> list[tuple[int, str, str]]:
    """Exit code, stdout and stderr of ``policycmp coverage`` in every format."""
    found = []
    for fmt in FORMATS:
        result = run_cli("coverage", "--root", root, "--format", fmt, *extra)
        found.append((result.returncode, result.stdout, result.stderr))
    return found


def ids(root: Path, *paths: Path) -> tuple[str, ...]:
    """The ids of the coded documents at ``paths`` (the synthetic corpus names each file after its id)."""
    return tuple(sorted(path.stem for path in paths))


def assert_same_as_uncached(root: Path) -> None:
    cached = outputs(root)
    assert cached == outputs(root, "--no-cache")
    assert cached == outputs(root)  # and again, from whatever the first run stored
    assert {code for code, _, _ in cached} <= {0, 1}


# --------------------------------------------------------------------------- unchanged corpus


def test_warm_run_audits_nothing_and_prints_the_same(root: Path) -> None:
    uncached = outputs(root, "--no-cache")
    assert not (root / ".policycmp_cache").exists() or not any((root / ".policycmp_cache").rglob("*.json"))
    first = audit_corpus(root)
    assert first.audited == ids(root, *docs(root))
    second = audit_corpus(root)
    assert second.audited == ()
    assert second.report == first.report == audit_corpus(root, use_cache=False).report
    assert outputs(root) == uncached
    assert any(code == 1 for code, _, _ in uncached) or all(code == 0 for code, _, _ in uncached)


def test_no_cache_neither_reads_nor_writes(root: Path) -> None:
    outputs(root, "--no-cache")
    folder = root / ".policycmp_cache"
    assert not folder.exists() or not any(p.is_file() and p.name != ".gitignore" for p in folder.rglob("*"))
    assert audit_corpus(root, use_cache=False).audited == ids(root, *docs(root))


# --------------------------------------------------------------------------- edits of every kind


def edit_waiver(root: Path) -> tuple[Path, ...]:
    path = next(p for p in docs(root) if "\nwaivers:" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\nwaivers:") + 1], encoding="utf-8")  # every waiver dropped: their sentences show up
    return (path,)


def edit_waiver_reason(root: Path) -> tuple[Path, ...]:  # the audit does not read reasons, but the file changed
    path = next(p for p in docs(root) if "\n  reason: " in p.read_text(encoding="utf-8"))
    replace(path, "\n  reason: ", "\n  reason: Reworded. ")
    return (path,)


def edit_recommendation(root: Path) -> tuple[Path, ...]:
    path = docs(root)[2]
    text = path.read_text(encoding="utf-8")
    start = text.index("\nrecommendations:\n") + 1
    end = text.index("\n- id: ", text.index("\n- id: ", start) + 1) + 1
    path.write_text(text[:start] + "recommendations:\n" + text[end:], encoding="utf-8")  # its first recommendation removed
    return (path,)


def edit_seed(root: Path) -> tuple[Path, ...]:
    path = docs(root)[0]
    seed = seed_of(path)
    seed.write_bytes(seed.read_bytes() + b"\nThe government must act now, and it should say so.\n")
    relist(root)
    return (path,)


def edit_codebook_comment(root: Path) -> tuple[Path, ...]:
    edit_codebook_harmless(root)
    return ()


def edit_coding(root: Path) -> tuple[Path, ...]:  # an extra coding changed: validity is rechecked, no audit depends on it
    path = sorted((root / CODING).glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    start = text.index("\nrecommendations:\n") + 1
    end = text.index("\n- id: ", text.index("\n- id: ", start) + 1) + 1
    path.write_text(text[:start] + "recommendations:\n" + text[end:], encoding="utf-8")
    return ()


def add_document(root: Path) -> tuple[Path, ...]:
    source = docs(root)[3]
    seed = seed_of(source)
    (root / "seeds" / "z-new.txt").write_bytes(seed.read_bytes() + b"\nA copy with a closing line of its own: we must go on.\n")
    relist(root)
    text = source.read_text(encoding="utf-8").replace(f"id: {source.stem}", "id: z-new").replace(f"seed: {seed.name}", "seed: z-new.txt")
    new = source.with_name("z-new.yaml")
    new.write_text(text, encoding="utf-8")
    return (new,)


def remove_document(root: Path) -> tuple[Path, ...]:
    path = docs(root)[4]
    seed_of(path).unlink()
    path.unlink()
    relist(root)
    return ()


def add_listed_seed(root: Path) -> tuple[Path, ...]:
    add_seed_listed(root)
    return ()


VALID_EDITS: list[Callable[[Path], tuple[Path, ...]]] = [
    edit_waiver,
    edit_waiver_reason,
    edit_recommendation,
    edit_seed,
    edit_codebook_comment,
    edit_coding,
    add_document,
    remove_document,
    add_listed_seed,
]


@pytest.mark.parametrize("edit", VALID_EDITS, ids=lambda f: f.__name__)
def test_a_valid_edit_reaudits_only_what_it_affects(root: Path, edit: Callable[[Path], tuple[Path, ...]]) -> None:
    audit_corpus(root)
    before = outputs(root)
    changed = edit(root)
    again = audit_corpus(root)
    assert again.audited == ids(root, *changed)
    assert again.report == audit_corpus(root, use_cache=False).report
    assert audit_corpus(root).audited == ()
    assert_same_as_uncached(root)
    if edit in (edit_waiver, edit_seed, add_document, remove_document):
        assert outputs(root) != before  # the edit shows: the cache did not hide it


def test_many_changed_documents_are_audited_from_one_load(root: Path) -> None:
    """Past :data:`LOAD_ALL_SHARE`, the whole corpus is loaded once instead of validated, then loaded in part."""
    audit_corpus(root)
    changed = docs(root)[:3]
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert len(changed) * coverage_cache.LOAD_ALL_SHARE > len(docs(root))
    assert audit_corpus(root).audited == ids(root, *changed)
    assert_same_as_uncached(root)


def test_waiver_edit_shows_its_sentences(root: Path) -> None:
    audit_corpus(root)
    waived_before = sum(doc.waived for doc in audit_corpus(root).report.documents)
    edit_waiver(root)
    report = audit_corpus(root).report
    assert sum(doc.waived for doc in report.documents) < waived_before


@pytest.mark.parametrize("filled", [True, False], ids=["cache filled", "cache empty"])
@pytest.mark.parametrize("edit", [edit_value_invalid, edit_codebook], ids=lambda f: f.__name__)
def test_an_invalid_corpus_says_exactly_what_an_uncached_run_says(root: Path, edit: Callable[[Path], None], filled: bool) -> None:
    if filled:
        audit_corpus(root)
    edit(root)
    cached = outputs(root)
    assert cached == outputs(root, "--no-cache")
    assert all(code == 1 and "PC" in err for code, _, err in cached)


# --------------------------------------------------------------------------- damaged entries


def entries(root: Path) -> list[Path]:
    return sorted(p for p in (root / ".policycmp_cache").rglob("*") if p.is_file() and p.name != ".gitignore")


def coverage_pack(root: Path) -> tuple[Path, dict[str, Any], list[int]]:
    """The one pack a run of the audit wrote, its JSON, and the positions of its coverage entries."""
    packs = [p for p in entries(root) if '"audit"' in p.read_text(encoding="utf-8")]
    assert len(packs) == 1, "a run stores its audits together, in one pack"
    body = json.loads(packs[0].read_text(encoding="utf-8"))
    return packs[0], body, [i for i, w in enumerate(body["entries"]) if "audit" in w["payload"]]


def test_the_audits_of_a_run_are_stored_in_one_pack(root: Path) -> None:
    audit_corpus(root)
    pack, _, positions = coverage_pack(root)
    assert len(positions) == len(docs(root))
    assert pack.parent.name == coverage_cache.COVERAGE_PACKS  # apart from the verdicts' packs:
    assert not any("audit" in w["payload"] for w in Store(root).packed().values())  # a validation never reads them
    assert len(audit_corpus(root).audited) == 0


def test_a_truncated_or_altered_entry_is_ignored(root: Path) -> None:
    audit_corpus(root)
    uncached = outputs(root, "--no-cache")
    pack, body, positions = coverage_pack(root)
    first, second = (body["entries"][i] for i in positions[:2])
    del first["payload"]  # a damaged entry
    second["payload"]["audit"]["sentences"] += 1  # its own checksum no longer matches
    pack.write_text(json.dumps(body), encoding="utf-8")
    assert len(audit_corpus(root).audited) == 2
    assert outputs(root) == uncached


def test_a_truncated_pack_is_ignored(root: Path) -> None:
    audit_corpus(root)
    uncached = outputs(root, "--no-cache")
    pack, _, _ = coverage_pack(root)
    pack.write_bytes(pack.read_bytes()[:100])
    assert len(audit_corpus(root).audited) == len(docs(root))
    assert outputs(root) == uncached


def test_an_entry_of_the_wrong_shape_is_ignored(root: Path) -> None:
    audit_corpus(root)
    uncached = outputs(root, "--no-cache")
    pack, body, positions = coverage_pack(root)
    wrapper = body["entries"][positions[0]]
    payload = wrapper["payload"]
    payload["audit"]["flagged"] = [["not", "a", "cue", "sentence"]]
    body["entries"][positions[0]] = _wrapper(wrapper["key"], payload)  # a well-checksummed entry of another shape
    pack.write_text(json.dumps(body), encoding="utf-8")
    assert len(audit_corpus(root).audited) == 1
    assert outputs(root) == uncached


def test_entry_whose_seed_changed_without_the_document_is_not_used(root: Path) -> None:
    audit_corpus(root)
    path = docs(root)[1]
    seed = seed_of(path)
    seed.write_bytes(seed.read_bytes().replace(b"Pakistan", b"Pakistan", 1) + b"\nShould we?\n")
    relist(root)
    assert audit_corpus(root).audited == ids(root, path)
    assert_same_as_uncached(root)


# --------------------------------------------------------------------------- the stored form


def test_encode_decode_round_trip_on_the_shipped_corpus(shipped: object) -> None:
    report = audit(shipped)  # type: ignore[arg-type]
    for doc in report.documents:
        assert decode(json.loads(json.dumps(encode(doc)))) == doc


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("yaml"),
        lambda d: d.update(sentences="3"),
        lambda d: d.update(unused_waivers=[1]),
        lambda d: d["flagged"][0].__setitem__(7, "maybe"),
        lambda d: d["flagged"][0].__setitem__(4, []),
        lambda d: d["flagged"][0].__setitem__(6, []),
        lambda d: d["flagged"][0].__setitem__(8, ["quote"]),
        lambda d: d["flagged"][0].__setitem__(8, ["quote", "2"]),
        lambda d: d["flagged"][0].pop(),
    ],
)
def test_decode_refuses_other_shapes(shipped: object, damage: Callable[[dict[str, object]], object]) -> None:
    doc = next(d for d in audit(shipped).documents if d.cue_sentences)  # type: ignore[arg-type]
    data = json.loads(json.dumps(encode(doc)))
    damage(data)
    assert decode(data) is None


def test_the_key_covers_the_cue_definitions_and_the_limits() -> None:
    from policycmp.limits import DEFAULT, Limits

    assert coverage_cache.context(DEFAULT) == coverage_cache.context(Limits())
    assert coverage_cache.context(DEFAULT) != coverage_cache.context(Limits(max_quote_chars=DEFAULT.max_quote_chars + 1))


# --------------------------------------------------------------------------- the validation cache, filled by a cold run


def test_an_empty_cache_run_leaves_the_validation_cache_warm(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that loads the whole corpus stores the verdicts the load gave: the next validation parses nothing and
    says exactly what a full check says."""
    uncached = run_cli("validate", "--root", root, "--no-cache")
    assert audit_corpus(root).audited == ids(root, *docs(root))  # the cache was empty: the whole corpus was loaded
    with monkeypatch.context() as patched:
        patched.setattr(cache, "_partial", _no_partial)
        assert cache.validate(root) == cache.validate(root, use_cache=False)
    warm = run_cli("validate", "--root", root)
    assert (warm.returncode, warm.stdout, warm.stderr) == (uncached.returncode, uncached.stdout, uncached.stderr)
    assert uncached.returncode == 0


def _no_partial(*args: object) -> cache.Verdict:
    raise AssertionError("the validation cache was not warm: files were checked again")


def test_a_file_changed_during_the_load_has_no_verdict_stored(root: Path) -> None:
    """Verdicts are keyed by the bytes read after the load; a document whose bytes differ from those read before it
    (edited meanwhile) gets none, and neither does anything when the codebook changed."""
    corpus = policycmp.load(root)
    paths = docs(root)
    seen = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in [*paths, root / CODEBOOK, root / cache.MANIFEST]}
    cache.remember(root, corpus, {**seen, root / CODEBOOK: hashlib.sha256(b"# another codebook\n").hexdigest()})
    assert not Store(root).packed()
    cache.remember(root, corpus, {**seen, paths[0]: hashlib.sha256(paths[0].read_bytes() + b"# edited\n").hexdigest()})
    stored = [w["payload"] for w in Store(root).packed().values() if "seed_sha256" in w["payload"]]
    assert sorted(entry["id"] for entry in stored) == sorted(ids(root, *paths[1:]))
    assert cache.validate(root) == cache.validate(root, use_cache=False)  # the one document left is checked again
    cache.remember(root, corpus, seen)
    assert len([w for w in Store(root).packed().values() if "seed_sha256" in w["payload"]]) == len(paths)


def test_the_packs_read_whole_answer_what_each_entry_check_answers(root: Path) -> None:
    """Entries of a pack whose bytes still have the digest its name gives are used without checking each payload's own
    digest, and answer exactly what that check answers; an altered pack (same name, other bytes) has each entry checked,
    so an altered entry is still ignored."""
    audit_corpus(root)
    pack, body, positions = coverage_pack(root)
    keys = [body["entries"][i]["key"] for i in positions]
    store = Store(root, coverage_cache.COVERAGE_PACKS)
    checked = [cache._unwrap(store.packed()[key], key) for key in keys]  # the check of a lone entry
    assert [store.get(key) for key in keys] == checked and all(checked)
    assert store.whole == set(keys)  # read whole
    body["entries"][positions[0]]["payload"]["audit"]["sentences"] += 1
    pack.write_text(json.dumps(body, sort_keys=True), encoding="utf-8")
    store = Store(root, coverage_cache.COVERAGE_PACKS)
    assert store.get(keys[0]) is None
    assert [store.get(key) for key in keys[1:]] == checked[1:]
    assert not store.whole
    store.put("ab" * 32, {"loose": 1})  # an entry in a file of its own
    assert Store(root, coverage_cache.COVERAGE_PACKS).get("ab" * 32) == {"loose": 1}
    assert Store(root, coverage_cache.COVERAGE_PACKS).get("cd" * 32) is None


# --------------------------------------------------------------------------- the collector


def test_the_collector_is_paused_while_audits_are_read_encoded_stored_and_printed(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading packs, decoding, encoding, storing and printing the audits run with the cyclic collector paused (each full
    collection would walk the whole loaded corpus), and the command leaves it as it found it."""
    states: dict[str, list[bool]] = {}

    def spy(owner: Any, name: str) -> None:
        original = getattr(owner, name)

        def recorded(*args: Any, **kwargs: Any) -> Any:
            states.setdefault(name, []).append(gc.isenabled())
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, recorded)

    for owner, name in (
        (coverage_cache, "encode"),
        (coverage_cache, "decode"),
        (Store, "put_many"),
        (Store, "packed"),
        (CoverageReport, "table"),
        (CoverageReport, "to_dict"),
    ):
        spy(owner, name)
    was = gc.isenabled()
    gc.enable()
    try:
        for fmt in ("text", "json", "text"):  # an empty cache, then warm
            run_cli("coverage", "--root", root, "--format", fmt)
            assert gc.isenabled()
    finally:
        gc.enable() if was else gc.disable()
    assert set(states) == {"encode", "decode", "put_many", "packed", "table", "to_dict"}
    assert not any(state for found in states.values() for state in found)


# --------------------------------------------------------------------------- the cache does not grow with history


def test_audits_nobody_asks_for_any_more_leave_the_cache(root: Path) -> None:
    """A document edited again makes its previous audit useless: the pack holding only that audit is removed, so the
    cache keeps the live audits and at most one stale audit per document, and still answers every document."""
    audit_corpus(root)
    folder = root / ".policycmp_cache" / cache._LAYOUT / coverage_cache.COVERAGE_PACKS
    edited = docs(root)[0]
    for number in range(4):
        replace(edited, "stance: ", f"stance:{' ' * (number + 2)}")  # same data, other bytes: a new key
        assert audit_corpus(root).audited == ids(root, edited)
        packs = sorted(folder.glob("*.json"))
        held = sum(len(json.loads(pack.read_bytes())["entries"]) for pack in packs)
        assert len(packs) == 2 and held == len(docs(root)) + 1  # the first full pack and the newest edit's
    assert audit_corpus(root).audited == ()
    assert audit_corpus(root).report == audit_corpus(root, use_cache=False).report
