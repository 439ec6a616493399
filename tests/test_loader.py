"""policycmp.load and load_files: finding the root, collecting every problem, seeds and manifest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loader_helpers import CODEBOOK, DOC, MINI, copy_document, copy_mini, edit, write_manifest

import policycmp
from policycmp import roots
from policycmp.errors import CorpusError, PolicycmpError, UsageError
from policycmp.loader import document_paths, find_root, load, load_files, summarise


def formatted(exc: CorpusError) -> list[str]:
    return [p.format() for p in exc.problems]


def test_load_returns_a_corpus_with_anchored_spans() -> None:
    corpus = policycmp.load(MINI)
    assert corpus.root == MINI.resolve()
    document = corpus.documents["alpha"]
    assert document.coded.document.title == "Border Talk"
    assert document.path == (MINI / DOC).resolve()
    assert document.seed_path == (MINI / "seeds" / "alpha.txt").resolve()
    first, second = document.recommendations
    assert first.holder == "staff-writer"
    assert second.holder == "officials"
    assert document.text[first.start : first.end] == "The government must open talks with the militants before winter."
    assert document.text[second.start : second.end] == "the army should not cross the border"
    (waiver,) = document.waivers
    assert document.text[waiver.segments[0][0] : waiver.segments[0][1]] == "the talks will fail"


def test_all_problems_of_all_files_are_collected(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    edit(root, DOC, "option: open-talks", "option: opn-talks")
    edit(root, DOC, "holder: officials", "holder: oficials")
    copy_document(root, "beta")
    edit(root, "recommendations/beta.yaml", "kind: op-ed", "kind: blog")
    (root / "recommendations/gamma.yaml").write_text("document: [\n", encoding="utf-8")
    edit(root, CODEBOOK, "type: collective", "type: collective\n    affiliation: yes")
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert [(p.path, p.line, p.slug) for p in caught.value.problems] == [
        ("recommendations/alpha.yaml", 16, "unknown-option"),
        ("recommendations/alpha.yaml", 23, "unknown-holder"),
        ("recommendations/beta.yaml", 8, "invalid-choice"),
        ("recommendations/beta.yaml", 16, "unknown-option"),
        ("recommendations/beta.yaml", 23, "unknown-holder"),
        ("recommendations/codebook.yaml", 43, "wrong-type"),
        ("recommendations/gamma.yaml", 2, "yaml-syntax"),
    ]
    assert str(caught.value).startswith("7 problems in 4 files:\nrecommendations/alpha.yaml:16:13: unknown option")


def test_a_duplicate_key_or_impossible_date_does_not_hide_the_rest_of_the_file(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    edit(root, DOC, "date: 2023-01-05", "date: 2023-02-30")
    edit(root, DOC, "option: open-talks", "option: opn-talks")
    edit(root, DOC, "    stance: oppose\n", "    stance: oppose\n    stance: support\n")
    edit(root, DOC, "strength: should", "strength: shold")
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert formatted(caught.value) == [
        "recommendations/alpha.yaml:9:9: '2023-02-30' is not a valid date: write a real calendar date as YYYY-MM-DD, "
        "or null when the text gives none (quotes make no difference in 'date:'; in a text field, put a date-like text in quotes) "
        "[PC106 invalid-date]",
        "recommendations/alpha.yaml:16:13: unknown option 'opn-talks'; did you mean 'open-talks'? [PC301 unknown-option]",
        "recommendations/alpha.yaml:28:5: duplicate key 'stance': already given on line 27, again on line 28; keep one of them "
        "[PC102 duplicate-key]",
        "recommendations/alpha.yaml:30:15: 'shold' is not a valid strength; expected one of: must, should, could; "
        "did you mean 'should'? [PC204 invalid-choice]",
    ]


def test_loading_is_deterministic_and_documents_are_sorted(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    for name in ("zeta", "beta"):
        copy_document(root, name)
    first, second = load(root), load(root)
    assert list(first.documents) == ["alpha", "beta", "zeta"]
    assert first == second


def test_yml_files_are_documents_too(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    (root / DOC).rename(root / "recommendations/alpha.yml")
    assert [p.name for p in document_paths(root)] == ["alpha.yml"]
    assert list(load(root).documents) == ["alpha"]


def test_a_document_id_used_twice_is_reported(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    shutil.copy(root / DOC, root / "recommendations/alpha.yml")
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert formatted(caught.value) == [
        "recommendations/alpha.yml:2:7: duplicate document id 'alpha': already used by recommendations/alpha.yaml [PC304 duplicate-id]",
        "recommendations/alpha.yml:3:9: seed 'alpha.txt' is already coded in recommendations/alpha.yaml: a seed has one main coding "
        "(merge the two files, or correct 'seed' here); a second coder's independent coding goes to "
        "recommendations/codings/<id>.<coder>.yaml [PC313 seed-coded-twice]",
    ]


def test_a_seed_that_is_not_utf8_is_a_located_problem(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    (root / "seeds/alpha.txt").write_bytes("Border Talk\nLine two caf\xe9\n".encode("latin-1"))
    write_manifest(root)
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert formatted(caught.value) == ["seeds/alpha.txt:2:13: byte 0xe9 is not valid UTF-8: save the file as UTF-8 [PC107 not-utf8]"]


def test_a_broken_seed_listed_in_the_manifest_is_reported_once(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    seed = root / "seeds/alpha.txt"
    seed.write_bytes(seed.read_bytes() + b"caf\xe9\n")
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert [(p.path, p.slug) for p in caught.value.problems] == [("seeds/SHA256SUMS", "seed-checksum"), ("seeds/alpha.txt", "not-utf8")]


def test_a_quote_copied_from_another_seed_says_which(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    (root / "seeds/beta.txt").write_text("Elsewhere, the navy should patrol the coast.\n", encoding="utf-8")
    write_manifest(root)
    edit(root, DOC, "quote: the army should not cross the border", "quote: the navy should patrol the coast")
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert formatted(caught.value) == [
        "recommendations/alpha.yaml:30:12: the quote is not in this document's seed, but it is in seeds/beta.txt: "
        "quote this document's seed, or correct 'seed' [PC401 quote-not-found]"
    ]


def test_manifest_problems(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    manifest = root / "seeds/SHA256SUMS"
    original = manifest.read_text(encoding="utf-8")
    listed = "0" * 64 + "  gone.txt\n" + "0" * 64 + "  " + "g" * 3000 + "\n"
    manifest.write_text("not a checksum line\n" + original + listed, encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert formatted(caught.value) == [
        "seeds/SHA256SUMS:1:1: malformed line: expected a 64-digit SHA-256, two spaces and a file name [PC310 bad-manifest]",
        "seeds/SHA256SUMS:3:1: seeds/gone.txt is listed here but does not exist [PC306 missing-seed]",
        f"seeds/SHA256SUMS:4:1: seeds/{'g' * 39}… is listed here but does not exist [PC306 missing-seed]",
    ]
    manifest.write_text("", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert formatted(caught.value) == [
        "recommendations/alpha.yaml:3:9: seed 'alpha.txt' is not listed in seeds/SHA256SUMS: add its sha256sum line "
        "[PC309 seed-not-in-manifest]"
    ]
    manifest.unlink()
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert [p.slug for p in caught.value.problems] == ["missing-manifest"]  # deleting the manifest never turns checking off


def test_a_seed_outside_seeds_is_refused(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    edit(root, DOC, "seed: alpha.txt", "seed: ../recommendations/codebook.yaml")
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert formatted(caught.value) == [
        "recommendations/alpha.yaml:3:9: seed '../recommendations/codebook.yaml' must be a file name under seeds/, without a directory "
        "[PC306 missing-seed]"
    ]


@pytest.mark.parametrize(
    ("seed", "shown", "hint"), [("s" * 3000 + ".txt", "s" * 39 + "…", ""), ('"a\\0b.txt"', "a\0b.txt", "; did you mean 'alpha.txt'?")]
)
def test_a_seed_name_the_system_refuses_is_a_located_problem(tmp_path: Path, seed: str, shown: str, hint: str) -> None:
    root = copy_mini(tmp_path)
    edit(root, DOC, "seed: alpha.txt", f"seed: {seed}")
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert formatted(caught.value) == [
        f"recommendations/alpha.yaml:3:9: seed file 'seeds/{shown}' does not exist{hint} [PC306 missing-seed]"
    ]


def test_codebook_members_must_be_holders(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    edit(
        root,
        CODEBOOK,
        "type: collective",
        "type: collective\n  - id: team\n    label: Two writers\n    type: author-team\n    members: [staff-writer, critic]",
    )
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert formatted(caught.value) == [
        "recommendations/codebook.yaml:46:29: unknown holder 'critic' in the members of 'team'; did you mean 'critics'? "
        "[PC302 unknown-holder]"
    ]
    edit(root, CODEBOOK, "members: [staff-writer, critic]", "members: [staff-writer, outsider]")
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert formatted(caught.value) == [
        "recommendations/codebook.yaml:46:29: unknown holder 'outsider' in the members of 'team': add it to holders first, "
        "or remove it from the members [PC302 unknown-holder]"
    ]


def test_no_corpus_anywhere_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(roots, "package_dir", lambda: tmp_path / "site" / "policycmp")
    with pytest.raises(UsageError, match=r"no corpus found: neither .* nor its parents hold recommendations/codebook.yaml"):
        find_root()


def test_missing_codebook(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    (root / CODEBOOK).unlink()
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert formatted(caught.value)[0] == (
        f"recommendations/codebook.yaml:1:1: the codebook recommendations/codebook.yaml does not exist under {root.resolve()} "
        "[PC308 missing-codebook]"
    )


def test_find_root_searches_the_current_directory_and_its_parents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_mini(tmp_path)
    monkeypatch.chdir(root / "seeds")
    assert find_root() == root.resolve()
    assert list(load().documents) == ["alpha"]


def test_find_root_falls_back_to_the_source_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shipped = Path(policycmp.__file__).resolve().parent / "_corpus"
    expected = shipped if (shipped / CODEBOOK).is_file() else REPO
    assert find_root() == expected


def test_find_root_with_an_explicit_root() -> None:
    assert find_root(MINI) == MINI.resolve()
    with pytest.raises(UsageError, match="is not a directory"):
        find_root(MINI / "nowhere")


def test_load_files_checks_only_the_named_documents(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    shutil.copy(root / DOC, root / "recommendations/beta.yaml")
    edit(root, "recommendations/beta.yaml", "kind: op-ed", "kind: blog")
    corpus = load_files([root / DOC])
    assert list(corpus.documents) == ["alpha"]
    assert summarise(corpus, files=1).startswith("1 file valid: 1 document, 2 recommendations, 1 waiver; codebook 0.1 with 2 themes")
    with pytest.raises(CorpusError) as caught:
        load_files([root / "recommendations/beta.yaml"], root)
    assert [p.slug for p in caught.value.problems] == ["id-not-file-stem", "invalid-choice"]
    assert list(load_files([root / CODEBOOK]).documents) == []
    with pytest.raises(CorpusError) as caught:
        load_files([root / "recommendations"])
    assert {p.path for p in caught.value.problems} == {"recommendations/beta.yaml"}
    with pytest.raises(UsageError, match="is not a file or directory"):
        load_files([root / "nothing.yaml"])
    with pytest.raises(CorpusError) as caught:
        load_files([root])  # a corpus root stands for its codebook and all its documents
    assert {p.path for p in caught.value.problems} == {"recommendations/beta.yaml"}
    with pytest.raises(UsageError, match=r"seeds' holds no YAML files: name coded documents, the recommendations directory"):
        load_files([root / "seeds"])
    with pytest.raises(UsageError, match=r"alpha.txt' is not a YAML file: name coded documents \(.yaml or .yml\)"):
        load_files([root / "seeds/alpha.txt"])


def test_load_files_outside_the_root_is_checked_against_the_root(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    elsewhere = tmp_path / "alpha.yaml"
    shutil.copy(root / DOC, elsewhere)
    edit(tmp_path, "alpha.yaml", "option: open-talks", "option: nothing-like-it")
    with pytest.raises(CorpusError) as caught:
        load_files([elsewhere], root)
    assert formatted(caught.value) == [
        f"{elsewhere.as_posix()}:16:13: unknown option 'nothing-like-it': use an option id from the codebook, or add the option there "
        "[PC301 unknown-option]"
    ]


def test_errors_are_policycmp_errors() -> None:
    assert issubclass(CorpusError, PolicycmpError)
    assert issubclass(UsageError, PolicycmpError)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.sampled_from([(MINI / DOC).read_text(encoding="utf-8")]).flatmap(
            lambda base: st.tuples(st.integers(0, len(base)), st.integers(0, 40), st.text(max_size=20)).map(
                lambda cut: base[: cut[0]] + cut[2] + base[cut[0] + cut[1] :]
            )
        ),
    )
)
def test_loading_any_text_raises_nothing_but_corpus_error(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    root = tmp_path_factory.getbasetemp() / "hypothesis-corpus"
    if not root.exists():
        shutil.copytree(MINI, root)
    (root / DOC).write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load(root)
    except CorpusError as exc:
        assert exc.problems
        assert all(p.line >= 1 and p.column >= 1 for p in exc.problems)


def test_find_root_uses_the_corpus_shipped_in_the_installed_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "site-packages" / "policycmp"
    shutil.copytree(MINI, package / "_corpus")
    monkeypatch.setattr(roots, "package_dir", lambda: package)
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert find_root() == (package / "_corpus").resolve()
    assert list(load().documents) == ["alpha"]


def test_seed_text_is_kept_exactly_as_in_the_file(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    seed = root / "seeds/alpha.txt"
    raw = seed.read_bytes().replace(b"\n", b"\r\n")
    seed.write_bytes(raw)
    write_manifest(root)
    document = load(root).documents["alpha"]
    assert document.text == raw.decode("utf-8")
    first = document.recommendations[0]
    assert document.text[first.start : first.end] == "The government must open talks with the militants before winter."


def test_a_manifest_that_is_not_utf8_is_a_located_problem(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    manifest = root / "seeds/SHA256SUMS"
    manifest.write_bytes(manifest.read_bytes() + b"# caf\xe9\n")
    with pytest.raises(CorpusError) as caught:
        load(root)
    assert formatted(caught.value) == [
        "seeds/SHA256SUMS:2:6: byte 0xe9 is not valid UTF-8: save the file as UTF-8 [PC107 not-utf8]",
    ]


def test_paths_resolve_as_path_resolve_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader resolves each folder once (one lstat per file): the answer is Path.resolve's, links included."""
    from policycmp.loader import Checker

    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "sub" / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (real / "b.yaml").write_text("b: 1\n", encoding="utf-8")
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    (real / "sub" / "to-b.yaml").symlink_to(real / "b.yaml")
    monkeypatch.chdir(tmp_path)
    run = Checker(tmp_path.resolve())
    paths = [
        real / "sub" / "a.yaml",
        tmp_path / "linked" / "sub" / "a.yaml",
        real / "sub" / "to-b.yaml",
        Path("linked/sub/to-b.yaml"),
        Path("real/sub/missing.yaml"),
        Path("linked/sub/.."),
        Path(),
    ]
    for path in paths * 2:  # the second time from the folders already resolved
        assert run.resolved(path) == path.resolve(), path
    assert run.rel(Path("linked/sub/a.yaml")) == "real/sub/a.yaml"
