"""The validation cache is never wrong: every kind of edit is seen, and bad entries are ignored.

Each test copies a small synthetic corpus (real YAML, real seeds, a real manifest, one extra coding),
validates it once to fill the cache, edits it, and checks that the cached answer equals the answer
of a full check without the cache, and stays equal on the next run (from whatever was stored).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_cli

from policycmp import cache, loader
from policycmp.errors import CorpusError
from policycmp.synth import generate

CODING = "recommendations/codings"


def synthetic_with_coding(folder: Path, repo: Path, documents: int) -> Path:
    """A synthetic corpus of ``documents`` under ``folder`` whose second document has an extra coding by coder-b."""
    root = generate(documents, folder / "corpus", source=repo)
    main = docs(root)[1]
    (root / CODING).mkdir()
    (root / CODING / f"{main.stem}.coder-b.yaml").write_bytes(main.read_bytes())
    return root


def fresh_copy(template: Path, tmp_path: Path) -> Path:
    """A copy of ``template`` a test may edit."""
    target = tmp_path / "corpus"
    shutil.copytree(template, target)
    return target


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> Path:
    return synthetic_with_coding(tmp_path_factory.mktemp("synth"), repo, 5)


@pytest.fixture
def root(template: Path, tmp_path: Path) -> Path:
    return fresh_copy(template, tmp_path)


def verdict(root: Path, *, use_cache: bool) -> tuple[str, list[tuple[str, str, int, int, str]]]:
    """(summary, its warnings) or ('problems', every problem), each as (slug, path, line, column, message)."""
    try:
        answer = cache.validate(root, use_cache=use_cache)
        return answer.summary, [(p.slug, p.path, p.line, p.column, p.message) for p in answer.warnings]
    except CorpusError as exc:
        return "problems", [(p.slug, p.path, p.line, p.column, p.message) for p in exc.problems]


def docs(root: Path) -> list[Path]:
    return sorted((root / "recommendations").glob("s*.yaml"))


def coding(root: Path) -> Path:
    return sorted((root / CODING).glob("*.yaml"))[0]


def seed_of(path: Path) -> Path:
    return path.parent.parent / "seeds" / (path.stem + ".txt")


def relist(root: Path) -> None:
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in sorted((root / "seeds").glob("*.txt"))]
    (root / "seeds" / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --------------------------------------------------------------------------- edits of every kind


def edit_value_invalid(root: Path) -> None:
    replace(docs(root)[0], "stance: support", "stance: supports")


def edit_holder_valid(root: Path) -> None:  # still valid, but the holder figures may change
    path = docs(root)[0]
    text = path.read_text(encoding="utf-8")
    holder = text.split("holder: ", 1)[1].split("\n", 1)[0]
    replace(path, f"holder: {holder}\n", "holder: ttp\n" if holder != "ttp" else "holder: ppp\n")


def edit_quote(root: Path) -> None:
    path = docs(root)[0]
    text = path.read_text(encoding="utf-8")
    start = text.index("quote: ") + len("quote: ")
    path.write_text(text[:start] + "Nowhere in the seed " + text[start:], encoding="utf-8")


def drop_waivers(root: Path) -> None:  # still valid, but the counts change
    path = next(p for p in docs(root) if "\nwaivers:" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\nwaivers:") + 1], encoding="utf-8")


def edit_seed_and_manifest(root: Path) -> None:
    seed = seed_of(docs(root)[0])
    seed.write_text(seed.read_text(encoding="utf-8").replace("Pakistan", "Nowhere"), encoding="utf-8")
    relist(root)


def append_to_seed_and_manifest(root: Path) -> None:  # still valid: the quotes are still there
    seed = seed_of(docs(root)[0])
    seed.write_bytes(seed.read_bytes() + b"\nA new closing line.\n")
    relist(root)


def edit_seed_only(root: Path) -> None:
    seed = seed_of(docs(root)[0])
    seed.write_bytes(seed.read_bytes() + b"\nA new line.\n")


def edit_coded_seed_of_coding(root: Path) -> None:  # the seed of the document that has an extra coding
    seed = seed_of(docs(root)[1])
    seed.write_bytes(seed.read_bytes() + b"\nA new line.\n")


def edit_codebook(root: Path) -> None:
    book = root / "recommendations" / "codebook.yaml"
    text = book.read_text(encoding="utf-8")
    option = text.split("options:\n", 1)[1].split("id: ", 1)[1].split("\n", 1)[0].strip()
    replace(book, f"id: {option}\n", f"id: {option}-renamed\n")


def edit_codebook_harmless(root: Path) -> None:
    book = root / "recommendations" / "codebook.yaml"
    book.write_text(book.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")


def edit_codebook_similar_holder(root: Path) -> None:  # valid, with a PC320 warning the cache must reproduce
    book = root / "recommendations" / "codebook.yaml"
    text = book.read_text(encoding="utf-8")
    head, rest = text.split("\nholders:\n", 1)
    first = rest.split("\n  - ", 2)[0] if rest.startswith("  - ") else ""
    ident = first.split("id: ", 1)[1].split("\n", 1)[0].strip()
    label = first.split("label: ", 1)[1].split("\n", 1)[0].strip()
    twin = first.replace(f"id: {ident}", f"id: {ident}-twin").replace(f"label: {label}", f"label: {label.upper()}")
    book.write_text(f"{head}\nholders:\n{twin}\n{rest}", encoding="utf-8")


def edit_manifest_drop_line(root: Path) -> None:
    manifest = root / "seeds" / "SHA256SUMS"
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    manifest.write_text("".join(lines[1:]), encoding="utf-8")


def edit_manifest_digest(root: Path) -> None:
    manifest = root / "seeds" / "SHA256SUMS"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(("0" if text[0] != "0" else "1") + text[1:], encoding="utf-8")


def delete_document(root: Path) -> None:
    docs(root)[0].unlink()  # its seed stays, listed: still valid (a seed may await coding)


def delete_main_of_coding(root: Path) -> None:
    docs(root)[1].unlink()


def delete_seed(root: Path) -> None:
    seed_of(docs(root)[0]).unlink()


def add_document_same_seed(root: Path) -> None:
    source = docs(root)[0]
    twin = source.with_name("z-extra.yaml")
    twin.write_text(source.read_text(encoding="utf-8").replace(f"id: {source.stem}", "id: z-extra"), encoding="utf-8")


def add_seed_copy(root: Path) -> None:  # a second document coding a copy of a coded seed
    source = docs(root)[0]
    shutil.copyfile(seed_of(source), root / "seeds" / "z-extra.txt")
    relist(root)
    twin = source.with_name("z-extra.yaml")
    text = source.read_text(encoding="utf-8").replace(f"id: {source.stem}", "id: z-extra")
    twin.write_text(text.replace(f"seed: {source.stem}.txt", "seed: z-extra.txt"), encoding="utf-8")


def add_seed_unlisted(root: Path) -> None:
    (root / "seeds" / "zz-new.txt").write_text("A new text.\n", encoding="utf-8")


def add_seed_listed(root: Path) -> None:  # still valid: a listed seed may await coding
    (root / "seeds" / "zz-new.txt").write_text("A new text.\n", encoding="utf-8")
    relist(root)


def duplicate_id(root: Path) -> None:
    first, second = docs(root)[:2]
    replace(second, f"id: {second.stem}", f"id: {first.stem}")


def edit_coding_invalid(root: Path) -> None:
    replace(coding(root), "stance: support", "stance: supports")


def edit_coding_harmless(root: Path) -> None:
    path = coding(root)
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")


def edit_coding_seed(root: Path) -> None:
    other = docs(root)[0]
    replace(coding(root), f"seed: {docs(root)[1].stem}.txt", f"seed: {other.stem}.txt")


def delete_coding(root: Path) -> None:
    coding(root).unlink()


def add_coding_bad_name(root: Path) -> None:
    shutil.copyfile(coding(root), root / CODING / "Not-A-Coding.yaml")


def add_coding_without_main(root: Path) -> None:
    shutil.copyfile(coding(root), root / CODING / "zz-nothing.coder-b.yaml")


EDITS: list[Callable[[Path], None]] = [
    edit_value_invalid,
    edit_holder_valid,
    edit_quote,
    drop_waivers,
    edit_seed_and_manifest,
    append_to_seed_and_manifest,
    edit_seed_only,
    edit_coded_seed_of_coding,
    edit_codebook,
    edit_codebook_harmless,
    edit_codebook_similar_holder,
    edit_manifest_drop_line,
    edit_manifest_digest,
    delete_document,
    delete_main_of_coding,
    delete_seed,
    add_document_same_seed,
    add_seed_copy,
    add_seed_unlisted,
    add_seed_listed,
    duplicate_id,
    edit_coding_invalid,
    edit_coding_harmless,
    edit_coding_seed,
    delete_coding,
    add_coding_bad_name,
    add_coding_without_main,
]


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_cached_answer_equals_full_check_after_any_edit(root: Path, edit: Callable[[Path], None]) -> None:
    first = verdict(root, use_cache=True)
    assert first == verdict(root, use_cache=False)
    assert first[0] != "problems" and "1 extra coding" in first[0]
    assert (root / cache.CACHE_DIR / ".gitignore").is_file()
    edit(root)
    expected = verdict(root, use_cache=False)
    if edit is edit_codebook_similar_holder:
        assert expected[0] != "problems" and [w[0] for w in expected[1]] == ["similar-holders"]
    assert verdict(root, use_cache=True) == expected
    assert verdict(root, use_cache=True) == expected  # and again, from whatever the second run stored


def test_the_edits_cover_valid_and_invalid_outcomes(root: Path, tmp_path: Path) -> None:
    """The edits are meaningful: some keep the corpus valid with another summary, some break it."""
    outcomes = set()
    base = verdict(root, use_cache=False)[0]
    for edit in EDITS:
        copy = tmp_path / edit.__name__
        shutil.copytree(root, copy)
        edit(copy)
        summary = verdict(copy, use_cache=False)[0]
        outcomes.add("problems" if summary == "problems" else "same" if summary == base else "changed")
    assert outcomes == {"problems", "same", "changed"}


def test_unchanged_corpus_is_answered_from_the_cache(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = verdict(root, use_cache=True)

    def no_check(*args: object, **kwargs: object) -> str:
        raise AssertionError("the warm path checked the corpus again")

    monkeypatch.setattr(cache, "_partial", no_check)
    assert verdict(root, use_cache=True) == expected


def checked_documents(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the loader checks in a cached validate of ``root``."""
    checked: list[str] = []
    original = loader.Checker.document

    def spy(self: loader.Checker, path: Path, **kwargs: object) -> object:
        checked.append(path.name)
        return original(self, path, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(loader.Checker, "document", spy)
        verdict(root, use_cache=True)
    return checked


def test_one_edit_rechecks_only_what_it_affects(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    verdict(root, use_cache=True)
    edit_holder_valid(root)
    assert checked_documents(root, monkeypatch) == [docs(root)[0].name]
    assert checked_documents(root, monkeypatch) == []
    edit_coding_harmless(root)  # an extra coding is checked again with the document it refers to
    assert checked_documents(root, monkeypatch) == [docs(root)[1].name, coding(root).name]


def test_a_new_version_checks_everything_again(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = verdict(root, use_cache=True)
    monkeypatch.setattr(cache, "__version__", cache.__version__ + ".post1")
    assert len(checked_documents(root, monkeypatch)) == len(docs(root)) + 1
    assert verdict(root, use_cache=True) == expected


def test_other_limits_check_everything_again(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policycmp.limits import DEFAULT, Limits

    verdict(root, use_cache=True)
    tight = Limits(max_quote_chars=10)
    assert cache.Keys(tight, b"book").context != cache.Keys(DEFAULT, b"book").context
    with pytest.raises(CorpusError) as cached:
        cache.validate(root, tight)
    with pytest.raises(CorpusError) as full:
        cache.validate(root, tight, use_cache=False)
    assert [p.format() for p in cached.value.problems] == [p.format() for p in full.value.problems]


def entries(root: Path) -> list[Path]:
    return [p for p in (root / cache.CACHE_DIR).rglob("*") if p.is_file() and p.name != ".gitignore"]


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"key": "x", "payload": {}, "sha256": "0"}', b"[1, 2]"])
def test_damaged_entries_are_ignored(root: Path, damage: bytes) -> None:
    expected = verdict(root, use_cache=True)
    for entry in entries(root):
        entry.write_bytes(damage)
    assert verdict(root, use_cache=True) == expected
    edit_quote(root)
    for entry in entries(root):
        entry.write_bytes(damage)
    assert verdict(root, use_cache=True) == verdict(root, use_cache=False)


def stored(root: Path) -> list[tuple[Path, list[dict[str, object]]]]:
    """Every cache file with the entries it holds (a pack holds many, a lone entry file one)."""
    found = []
    for path in sorted(entries(root)):
        data = json.loads(path.read_bytes())
        found.append((path, data["entries"] if path.parent.name == cache.PACKS else [data]))
    return found


def restore(path: Path, wrappers: list[dict[str, object]]) -> None:
    """Write the entries back into the cache file ``path`` in its own shape."""
    body = {"entries": wrappers} if path.parent.name == cache.PACKS else wrappers[0]
    path.write_text(json.dumps(body), encoding="utf-8")


def test_a_validation_writes_one_pack(root: Path) -> None:
    """Not one file per entry: entries of the documents, the codebook and the manifest go into one file."""
    verdict(root, use_cache=True)
    files = stored(root)
    assert [path.parent.name for path, _ in files] == [cache.PACKS]
    assert len(files[0][1]) == len(docs(root)) + 2


def test_tampered_payload_is_not_trusted(root: Path) -> None:
    verdict(root, use_cache=True)
    tampered = 0
    for path, wrappers in stored(root):
        for wrapper in wrappers:
            payload = wrapper["payload"]
            assert isinstance(payload, dict)
            if "recommendations" in payload:
                payload["recommendations"] += 1000
                tampered += 1
        restore(path, wrappers)
    assert tampered == len(docs(root))
    assert verdict(root, use_cache=True) == verdict(root, use_cache=False)


def test_one_tampered_entry_of_a_pack_is_checked_again_alone(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    verdict(root, use_cache=True)
    [(path, wrappers)] = stored(root)
    first = docs(root)[0]
    keys = cache.Keys(loader.DEFAULT, (root / "recommendations" / "codebook.yaml").read_bytes())
    group = next(g for g in cache.groups(root)[0] if g.path == first)
    target = next(w for w in wrappers if w["key"] == keys.group(group))
    payload = target["payload"]
    assert isinstance(payload, dict)
    payload["waivers"] += 1
    restore(path, wrappers)
    assert checked_documents(root, monkeypatch) == [first.name]


def test_entry_moved_to_another_key_is_not_trusted(root: Path) -> None:
    verdict(root, use_cache=True)
    files = stored(root)
    wrappers = [w for _, ws in files for w in ws]
    keys = [w["key"] for w in wrappers]
    for wrapper, key in zip(wrappers, [*keys[1:], keys[0]], strict=True):
        wrapper["key"] = key  # each payload now stands under the key of another entry
    for path, ws in files:
        restore(path, ws)
    assert verdict(root, use_cache=True) == verdict(root, use_cache=False)


def test_packs_are_merged_beyond_the_bound(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every validation that made entries writes a pack; past MAX_PACKS they are merged into one, and nothing is lost."""
    monkeypatch.setattr(cache, "MAX_PACKS", 2)
    verdict(root, use_cache=True)
    for number in range(3):
        replace(docs(root)[0], "stance: ", f"stance:{' ' * (number + 2)}")  # same data, other bytes: a new key
        expected = verdict(root, use_cache=False)
        assert verdict(root, use_cache=True) == expected
        assert 1 <= len(stored(root)) <= 2
    assert checked_documents(root, monkeypatch) == []  # every entry still found


def test_a_codebook_edit_leaves_no_stale_pack_behind(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every key digests the codebook's bytes, so after an edit of it no stored entry can be used again: the run that
    stores the new verdicts removes the old pack instead of keeping it (and parsing it on every run) for ever."""
    verdict(root, use_cache=True)
    [(old, _)] = stored(root)
    book = root / "recommendations" / "codebook.yaml"
    book.write_bytes(book.read_bytes() + b"\n# a comment changes the bytes, not the codebook\n")
    assert verdict(root, use_cache=True) == verdict(root, use_cache=False)
    [(new, wrappers)] = stored(root)
    assert new != old and len(wrappers) == len(docs(root)) + 2
    assert checked_documents(root, monkeypatch) == []


def test_the_cache_stays_bounded_by_the_corpus_through_many_edits(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Edits store new verdicts; packs whose entries nothing asks for any more are removed, so however many edits come,
    the cache holds at most one stale entry per document besides the live ones, and every live one is still found."""
    verdict(root, use_cache=True)
    documents = docs(root)
    for number in range(3 * cache.MAX_PACKS):
        path = documents[number % len(documents)]
        replace(path, "stance: ", f"stance:{' ' * (number // len(documents) + 2)}")  # same data, other bytes: a new key
        assert verdict(root, use_cache=True) == verdict(root, use_cache=False)
        held = sum(len(wrappers) for _, wrappers in stored(root))
        assert held <= 2 * (len(documents) + 2), (number, held)
        assert len(stored(root)) <= cache.MAX_PACKS
    assert checked_documents(root, monkeypatch) == []


def test_a_store_that_did_not_ask_for_every_key_removes_nothing(tmp_path: Path) -> None:
    """Only a caller that asked for every key its corpus can use (``complete=True``) lets packs go."""
    cache.Store(tmp_path).put_many({"a" * 64: {"n": 1}})
    cache.Store(tmp_path).put_many({"b" * 64: {"n": 2}})
    store = cache.Store(tmp_path)
    assert store.get("a" * 64) == {"n": 1}
    store.put_many({"c" * 64: {"n": 3}}, complete=True)  # "b" was not asked: its pack goes, "a"'s stays
    reader = cache.Store(tmp_path)
    assert [reader.get(k * 64) for k in "abc"] == [{"n": 1}, None, {"n": 3}]


def test_a_pack_is_the_json_of_its_wrappers(tmp_path: Path) -> None:
    """The pack's text is built from each payload serialised once; it is exactly the JSON of the stored wrappers."""
    items: dict[str, dict[str, object]] = {
        "e" * 64: {"text": 'quote "with" \\ back\nslash, ünïcödé and \u2028', "n": [1, 2.5, None, True]},
        "f" * 64: {"nested": {"z": 1, "a": {"b": []}}, "empty": {}},
    }
    cache.Store(tmp_path).put_many(items)
    [pack] = (tmp_path / cache.CACHE_DIR).rglob("*.json")
    expected = json.dumps({"entries": [cache._wrapper(key, items[key]) for key in sorted(items)]}, sort_keys=True)
    assert pack.read_bytes() == expected.encode("utf-8")
    assert pack.name == hashlib.sha256(pack.read_bytes()).hexdigest() + ".json"


def test_store_keeps_lone_entries_and_concurrent_packs(tmp_path: Path) -> None:
    """put (one file per entry) and put_many (a pack) from separate stores, as concurrent runs would: all are found."""
    first, second = cache.Store(tmp_path), cache.Store(tmp_path)
    first.put("a" * 64, {"n": 1})
    first.put_many({"b" * 64: {"n": 2}})
    second.put_many({"c" * 64: {"n": 3}, "b" * 64: {"n": 2}})
    reader = cache.Store(tmp_path)
    assert [reader.get(k * 64) for k in "abcd"] == [{"n": 1}, {"n": 2}, {"n": 3}, None]
    assert len(list((tmp_path / cache.CACHE_DIR).rglob("*.json"))) == 2


@pytest.mark.parametrize("newer", [1, 2])
def test_the_newest_pack_answers_for_a_key_stored_twice(tmp_path: Path, newer: int) -> None:
    """A key in two packs (a seed edited alone: same document bytes, new seed digest) is answered by the newer pack."""
    key = "d" * 64
    for n in (1, 2):
        cache.Store(tmp_path).put_many({key: {"n": n}})
        pack = next(p for p in (tmp_path / cache.CACHE_DIR).rglob("*.json") if f'"n": {n}' in p.read_text(encoding="utf-8"))
        stamp = 2_000_000_000 if n == newer else 1_000_000_000  # whichever the pack names' order
        os.utime(pack, ns=(stamp, stamp))
    assert cache.Store(tmp_path).get(key) == {"n": newer}


def test_after_a_seed_edit_the_rechecked_verdict_is_reused(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The verdict stored after a seed edit wins over the stale one under the same key, so the next run checks nothing."""
    verdict(root, use_cache=True)
    seed = seed_of(docs(root)[0])
    seed.write_bytes(seed.read_bytes() + b"\nA sentence added at the end leaves every quote in place.\n")
    relist(root)
    assert checked_documents(root, monkeypatch) == [docs(root)[0].name]
    assert checked_documents(root, monkeypatch) == []


def test_a_cold_validation_reads_each_file_once(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache keys documents with the bytes the loader then checks, and takes the seeds' digests from the loader."""
    reads: list[str] = []
    original = Path.read_bytes

    def spy_read_bytes(self: Path) -> bytes:
        reads.append(self.name)
        return original(self)

    capped = loader.read_capped

    def spy_capped(path: Path, limit: int) -> bytes | None:
        reads.append(path.name)
        return capped(path, limit)

    monkeypatch.setattr(Path, "read_bytes", spy_read_bytes)
    monkeypatch.setattr(loader, "read_capped", spy_capped)
    assert verdict(root, use_cache=True)[0] != "problems"
    files = [*docs(root), coding(root), *(root / "seeds").glob("*.txt")]
    assert {name: reads.count(name) for name in sorted(p.name for p in files)} == {p.name: 1 for p in sorted(files, key=lambda p: p.name)}


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
@pytest.mark.parametrize("edit", [None, edit_quote, duplicate_id], ids=["valid", "quote", "duplicate-id"])
def test_cached_run_prints_what_a_full_check_prints(root: Path, fmt: str, edit: Callable[[Path], None] | None) -> None:
    run_cli("validate", "--root", root)
    if edit is not None:
        edit(root)
        run_cli("validate", "--root", root)  # stores whatever verdicts it can
    full = run_cli("validate", "--root", root, "--no-cache", "--format", fmt)
    cached = run_cli("validate", "--root", root, "--format", fmt)
    assert (cached.returncode, cached.stdout, cached.stderr) == (full.returncode, full.stdout, full.stderr)
    assert full.returncode == (0 if edit is None else 1)


def test_no_cache_option_writes_nothing(root: Path) -> None:
    result = run_cli("validate", "--root", root, "--no-cache")
    assert result.returncode == 0, result.stderr
    assert not (root / cache.CACHE_DIR).exists()
    assert run_cli("validate", "--root", root).stdout == result.stdout
    assert (root / cache.CACHE_DIR).is_dir()
    assert (root / cache.CACHE_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_read_only_cache_folder_still_validates(root: Path) -> None:
    (root / cache.CACHE_DIR).write_text("not a folder", encoding="utf-8")  # every write fails
    assert verdict(root, use_cache=True) == verdict(root, use_cache=False)


def test_cache_dir_is_git_ignored(repo: Path) -> None:
    assert cache.CACHE_DIR + "/" in (repo / ".gitignore").read_text(encoding="utf-8").splitlines()


PROBE = """
import json, sys
from policycmp.cli import main
try:
    main(sys.argv[1:], prog_name="policycmp")
except SystemExit:
    pass
print(json.dumps(sorted(m for m in ("pydantic", "pandas", "numpy", "yaml") if m in sys.modules)), file=sys.stderr)
"""


def test_warm_validate_imports_no_models_and_no_yaml(root: Path) -> None:
    def loaded() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, "validate", "--root", str(root)], capture_output=True, text=True, timeout=120, check=False
        )
        return list(json.loads(done.stderr.strip().splitlines()[-1]))

    assert "pydantic" in loaded()  # cold: the models check every file
    assert loaded() == []  # warm: the cache answers
