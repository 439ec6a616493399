"""The fast coverage audit gives exactly what the audit before issue #17 gave.

The reference is tests/coverage_reference.py: the cue finder, the sentence splitter and the audit as they
were at commit 3303118, copied unchanged. They are compared on the shipped corpus, on a synthetic corpus
(:func:`policycmp.synth.generate`), on the labelled cue sentences, and with hypothesis on arbitrary text
(non-ASCII letters that case-fold to ASCII ones, odd whitespace, abbreviations, quotes, ellipses, footnotes),
down to the bytes the ``coverage`` command prints.
"""

from __future__ import annotations

import copy
import importlib
from pathlib import Path
from typing import Any

import coverage_reference as reference
import pytest
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policycmp
from policycmp import coverage, cues, sentences
from policycmp.synth import generate

REPO = Path(__file__).resolve().parents[1]
RECALL_FIXTURE = REPO / "tests" / "fixtures" / "cues" / "labelled-sentences.txt"

CUE_WORDS = sorted(
    {
        *("must", "MUST", "mustn't", "should", "Shouldn’t", "ought", "need", "needs", "needed", "need of the hour", "pressing need"),
        *("has to", "have first to", "having to", "essential", "crucial", "vital", "imperative", "unnecessary", "required"),
        *("demanded", "urges", "called on", "calls for", "expectations", "warned", "recommend", "advice", "suggested", "insist"),
        *("proposal", "appealed to", "could play", "responsibility falls on", "it’s high time to", "it is time for", "ruled out"),
        *("vowed", "would do well to", "had better", "will be wise", "inadvisable", "unless", "only if", "on the condition that"),
        *("cannot only", "can try", "could also consider", "may", "May", "MAY", "might", "can", "cannot", "couldn't", "be", "have"),
        *("not", "want", "wanted posters", "most wanted", "wishes", "hope that", "would like to", "preference", "seeks", "sought to"),
        *("looking to", "plans to", "aim to", "committed to", "pledged", "promises", "threatened", "threat", "refusal", "rejected"),
        *("repudiate", "request", "asked Kabul to", "asked about", "pressed for", "pushing ahead with", "advocates", "encouraged"),
        *("encouraging them to", "endorsement", "threw its full weight behind", "have a valid point", "is right to", "rightly"),
        *("has every right to", "open to", "willing to", "the way forward", "the only option", "no other choice but", "let’s"),
        *("let us", "forbidden", "prohibition", "impermissible", "unlikely", "improbable", "Mr.", "Dr.", "U.S.", "e.g.", "A."),
    }
)
ODD = ["ſ", "\u212a", "ı", "İ", "ﬁ", "ß", "É", "ΣΑΣ", "Σ", "’", "‘", "“", "”", "…", "...", "³", "¹²"]
ODD += ["\u00a0", "\u2009", "\u3000", "\t", "\x0b", "\x1c"]
PUNCTUATION = [".", "!", "?", ":", ";", ",", "**", "(", ")", "[", "]", "-", "•", "_", "'", '"']
LINES = ["\n", "\n\n", "\r\n", "\n   ", "\n³⁶ See https://example.org 2021\n", "\n_\n", "\n- 1) **Governance:** ", "date 2023-08-18 "]
WORDS = ["Pakistan", "the", "talks", "government", "and", "it", "is", "a", "x", "2023", "Taliban", "ceasefire", "of"]

tokens = st.one_of(
    st.sampled_from(CUE_WORDS),
    st.sampled_from(ODD),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(LINES),
    st.sampled_from(WORDS),
    st.just(" "),
    st.text(max_size=4),
)
GLUED = frozenset(PUNCTUATION + ODD + LINES)
texts = st.lists(tokens, max_size=60).map(lambda parts: "".join(part if part in GLUED else f"{part} " for part in parts))
"""Text made of cue words and their look-alikes, sentence furniture and arbitrary characters."""


def _corpus_sentence_texts() -> list[str]:
    found = [line.split("|", 2)[2] for line in RECALL_FIXTURE.read_text(encoding="utf-8").splitlines() if line[:1] in {"P", "N"}]
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        found += [sentence.text(text) for sentence in reference.split_sentences(text)]
    return found


# --------------------------------------------------------------------------- cues


def test_cues_equal_on_the_shipped_seeds_and_the_labelled_sentences() -> None:
    for text in _corpus_sentence_texts():
        assert cues.find_cues(text) == reference.find_cues(text), text


@pytest.mark.parametrize(
    "text",
    [
        "In May the council may meet; MAY it act?",
        "İt ſhould be done; the \u212aelvin sign and a ﬁne ligature must not confuse it. ſ\u212aİı",
        "İ must; İİİ should; ı need to; Iı; SHOULD\u00a0act; need\u2009to; need\u3000of the hour",
        "needs to needs needed need of the hour pressing need",
        "They could only consider it unless it is the only way forward.",
        "\x00must\x00 should\x00",
        "",
        "must",
    ],
)
def test_cues_equal_on_edge_cases(text: str) -> None:
    assert cues.find_cues(text) == reference.find_cues(text)
    assert cues.cue_names(text) == reference.cue_names(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_cues_equal_on_arbitrary_text(text: str) -> None:
    assert cues.find_cues(text) == reference.find_cues(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_cues_equal_on_any_characters(text: str) -> None:
    assert cues.find_cues(text) == reference.find_cues(text)


# --------------------------------------------------------------------------- sentences


def test_sentences_equal_on_the_shipped_seeds() -> None:
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        assert sentences.split_sentences(text) == reference.split_sentences(text), seed.name


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_sentences_equal_on_arbitrary_text(text: str) -> None:
    assert sentences.split_sentences(text) == reference.split_sentences(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(".!?:; \n\t\u00a0\r\x0b\x1c\x1daA1³”’)(*-•_\"'Mr.U.S")), max_size=80))
def test_sentences_equal_on_punctuation_and_whitespace(text: str) -> None:
    assert sentences.split_sentences(text) == reference.split_sentences(text)


SENTENCE_PIECES = [
    *("Mr.", "mrs.", "Dr", "Prof.", "e.g.", "i.e.", "U.S.", "U.N.", "A.", "x.", "No.", "Sept.", "Inc.", "etc.", "a.b.c."),
    *(". ", "! ", "? ", "?! ", "...", "…", ". . .", ".³ ", ". ³ ", ".³⁶", ".” ", ".’) ", ".)] ", ".** ", "**. ", ": ", "; "),
    *("“", "”", "‘", "’", '"', "'", "(", ")", "[", "]", "*", "-", "•", "_", "¹", "²", "³⁴ "),
    *("3.5", "1.", "12)", "2023", "٣", "²", "Ⅻ", "½", "ǅ", "ß", "É", "Σ", "ﬁ", "Ω", "σ", "ῼ"),
    *("The", "the", "Pakistan", "it", "a", "A", "I", "x", "date 2023-08-18 ", "- 1) **Governance:** ", "(2) Talks: "),
    *(" ", "  ", "\t", "\u00a0", "\u2009", "\u3000", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\r"),
    *("\n", "\n\n", "\r\n", "\n  ", "\n³⁶ See https://example.org 2021\n", "\n_\n", "\n^{13} note\n", "\nand so on"),
]
sentence_texts = st.lists(st.one_of(st.sampled_from(SENTENCE_PIECES), st.text(max_size=3)), max_size=80).map("".join)
"""Text built around the splitter's rules: abbreviations and initials, closing quotes, brackets and markers after the
final punctuation, ellipses, numbers, cased and uncased unicode letters and digits, every kind of whitespace and line break."""


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentence_texts)
def test_sentences_equal_around_sentence_ends(text: str) -> None:
    """The splitter that runs its patterns on the text between paragraph bounds (``pos``/``endpos``, no slices) and lets
    the engine turn away ends that cannot cut finds exactly the reference's sentences, and ``kinds`` only filters them."""
    expected = reference.split_sentences(text)
    assert sentences.split_sentences(text) == expected
    audited = [sentence for sentence in expected if sentence.kind in coverage.AUDITED_KINDS]
    assert sentences.split_sentences(text, coverage.AUDITED_KINDS) == audited
    assert sentences.split_sentences(text, ("footnote",)) == [sentence for sentence in expected if sentence.kind == "footnote"]


# --------------------------------------------------------------------------- the audit


spans = st.lists(st.tuples(st.integers(0, 400), st.integers(1, 60)).map(lambda pair: (pair[0], pair[0] + pair[1])), min_size=1, max_size=3)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.lists(spans, max_size=6), st.lists(spans, max_size=6))
def test_audit_text_equal_on_arbitrary_text(text: str, coded: list[list[tuple[int, int]]], waived: list[list[tuple[int, int]]]) -> None:
    assert coverage.audit_text(text, coded, waived) == reference.audit_text(text, coded, waived)


def _assert_same_audit(corpus: policycmp.Corpus) -> None:
    new, old = coverage.audit(corpus), reference.audit(corpus)
    assert new == old
    assert (new.table(), new.messages(), new.figures(), new.summary(), new.to_dict()) == (
        old.table(),
        old.messages(),
        old.figures(),
        old.summary(),
        old.to_dict(),
    )
    for item in (item for doc in new.documents for item in doc.cue_sentences):
        assert cues.find_cues(item.text) == reference.find_cues(item.text)  # the excerpt clips around the first cue


def test_audit_equal_on_the_shipped_corpus(shipped: policycmp.Corpus) -> None:
    _assert_same_audit(shipped)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synth")
    generate(20, root)
    return root


def test_audit_equal_on_a_synthetic_corpus(synthetic: Path) -> None:
    _assert_same_audit(policycmp.load(synthetic))


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_the_coverage_command_prints_the_same_bytes(synthetic: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    new = run_cli("coverage", "--root", synthetic, "--format", fmt)
    warm = run_cli("coverage", "--root", synthetic, "--format", fmt)  # from the audits the first run kept
    calls: list[int] = []

    def audit_by_reference(*args: Any, **kwargs: Any) -> coverage.CoverageReport:
        calls.append(1)
        return reference.audit(*args, **kwargs)

    monkeypatch.setattr(coverage, "audit", audit_by_reference)
    old = run_cli("coverage", "--root", synthetic, "--format", fmt, "--no-cache")
    assert calls == [1]
    for run in (new, warm):
        assert run.returncode == old.returncode
        assert run.stdout == old.stdout
        assert run.stderr == old.stderr


def test_cues_equal_when_a_character_has_no_exact_fold(monkeypatch: pytest.MonkeyPatch) -> None:
    """A character the one-letter fold cannot stand for sends its text through the case-insensitive scan."""
    monkeypatch.setitem(cues._FOLDS, "é", None)
    for text in ("Café owners must pay; the café should close.", "Le café MAY open; İt ſhould be done", "é"):
        assert cues._folded(text) is None
        assert cues.find_cues(text) == reference.find_cues(text)


def _first_characters(items: Any) -> tuple[set[str], bool]:
    """The characters a parsed pattern's match can start with, and whether it can be empty (lookarounds skipped)."""
    constants = importlib.import_module("re._constants")
    found: set[str] = set()
    for op, value in items:
        if op in (constants.AT, constants.ASSERT, constants.ASSERT_NOT):
            continue
        if op is constants.LITERAL:
            return found | {chr(value)}, False
        if op is constants.IN:
            assert all(kind in (constants.LITERAL, constants.RANGE) for kind, _ in value), value
            for kind, item in value:
                found |= {chr(item)} if kind is constants.LITERAL else {chr(code) for code in range(item[0], item[1] + 1)}
            return found, False
        if op is constants.SUBPATTERN:
            inner, empty = _first_characters(value[3])
        elif op is constants.BRANCH:
            firsts = [_first_characters(branch) for branch in value[1]]
            inner, empty = {char for chars, _ in firsts for char in chars}, any(empty for _, empty in firsts)
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
            inner, empty = _first_characters(value[2])
            empty = empty or value[0] == 0
        else:
            raise AssertionError(f"unexpected {op} at the start of a cue pattern")
        found |= inner
        if not empty:
            return found, False
    return found, True


def test_every_cue_starts_with_a_lower_case_letter() -> None:
    """The scan tries word starts that are letters, on text folded to lower case: every cue must start with one."""
    parser = importlib.import_module("re._parser")
    for cue in cues.CUES:
        assert cue.pattern.pattern.startswith(r"\b"), cue.name
        first, empty = _first_characters(parser.parse(cue.pattern.pattern).data)
        assert first and not empty and all(char in "abcdefghijklmnopqrstuvwxyz" for char in first), (cue.name, first)
        assert cue.pattern.pattern == cue.pattern.pattern.lower(), cue.name  # no upper-case letter to fold away


def test_audit_equal_when_documents_share_a_seed(synthetic: Path) -> None:
    """A seed coded by several documents is read once: each document's audit is still its own."""
    corpus = copy.copy(policycmp.load(synthetic))
    first, second, *_ = sorted(corpus.documents)
    corpus.documents = {**corpus.documents, f"{first}-again": corpus.documents[first], f"zz-{second}": corpus.documents[second]}
    assert len({id(doc.text) for doc in corpus.documents.values()}) < len(corpus.documents)
    _assert_same_audit(corpus)
