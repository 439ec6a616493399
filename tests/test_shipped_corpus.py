"""The shipped corpus: it loads cleanly, its coverage audit is settled, and it says what the texts say.

The finding tests below were checked by reading seeds 000, 003 and 004 in full; each asserts a coded
position that a reader of the text can verify against the quoted span.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import REPO

import policycmp
from policycmp.cli import main
from policycmp.corpus import Corpus
from policycmp.coverage import CoverageReport, audit
from policycmp.errors import plural


def _coded_documents() -> tuple[str, ...]:
    """The documents of the shipped corpus, read from the files: a data-only pull request never edits this test."""
    return tuple(sorted(path.stem for path in (REPO / "recommendations").glob("*.yaml") if path.name != "codebook.yaml"))


def _manifest_seeds() -> list[str]:
    lines = (REPO / "seeds" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return sorted(line.partition("  ")[2].lstrip("*") for line in lines if line.strip())


ALL_DOCUMENTS = _coded_documents()

OP_ED, EDITORIAL, DW = "000-student-op-ed", "003-editorial-afghan-taliban", "004-dw-news-us-cooperation"


@pytest.fixture(scope="module")
def corpus(shipped: policycmp.Corpus) -> Corpus:
    return shipped  # loaded once per session (conftest)


@pytest.fixture(scope="module")
def coverage(corpus: Corpus) -> CoverageReport:
    return audit(corpus)


@pytest.fixture(scope="module")
def table(corpus: Corpus) -> pd.DataFrame:
    return corpus.table


def _rows(table: pd.DataFrame, document: str, **match: str) -> pd.DataFrame:
    rows = table[table["document"] == document]
    for column, value in match.items():
        rows = rows[rows[column] == value]
    return rows


def _positions(table: pd.DataFrame, document: str, holder: str, option: str) -> set[tuple[str, str]]:
    rows = _rows(table, document, holder=holder, option=option)
    return set(zip(rows["stance"], rows["strength"], strict=True))


# --------------------------------------------------------------------------- loading


def test_shipped_corpus_loads_with_zero_problems(corpus: Corpus) -> None:
    assert sorted(corpus.documents) == list(ALL_DOCUMENTS)


def test_validate_command_is_clean_on_the_shipped_corpus() -> None:
    result = CliRunner().invoke(main, ["validate", "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    assert plural(len(ALL_DOCUMENTS), "document") in result.output


def test_every_seed_is_coded_by_exactly_one_document(corpus: Corpus) -> None:
    """Each seed in the manifest has one coded document, and each coded document names a seed of the manifest."""
    seeds = [document.coded.document.seed for document in corpus.documents.values()]
    assert sorted(seeds) == _manifest_seeds()


def test_every_coded_span_lies_in_its_seed(corpus: Corpus) -> None:
    for document in corpus.documents.values():
        for anchored in document.recommendations:
            assert anchored.segments, anchored.recommendation.id
            for start, end in anchored.segments:
                assert 0 <= start < end <= len(document.text)


# --------------------------------------------------------------------------- coverage audit


@pytest.mark.parametrize("document", [OP_ED, EDITORIAL, DW])
def test_coverage_leaves_no_unexplained_sentence_in_coder_a_documents(coverage: CoverageReport, document: str) -> None:
    (audited,) = [item for item in coverage.documents if item.document == document]
    assert audited.cue_sentences, "the audit found no cue sentence at all: the cue list or the splitter is broken"
    assert audited.messages() == []
    assert audited.coded + audited.waived == len(audited.cue_sentences)


def test_coverage_flags_the_known_prescriptions(coverage: CoverageReport) -> None:
    """The audit really looks: the op-ed's "need of the hour" sentence is a coded cue sentence."""
    (audited,) = [item for item in coverage.documents if item.document == OP_ED]
    flagged = [item for item in audited.cue_sentences if "coercive diplomacy is the need of the hour" in item.text]
    assert [item.status for item in flagged] == ["coded"]


def test_coverage_is_settled_for_every_document(coverage: CoverageReport) -> None:
    assert [item.document for item in coverage.documents] == list(ALL_DOCUMENTS)
    assert coverage.messages() == []
    assert coverage.ok


def test_coverage_command_reports_zero_unexplained() -> None:
    result = CliRunner().invoke(main, ["coverage", "--root", str(REPO), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["ok"] is True and payload["unexplained"] == 0
    assert sorted(doc["document"] for doc in payload["documents"]) == list(ALL_DOCUMENTS)
    assert all(doc["unexplained"] == 0 for doc in payload["documents"])


# --------------------------------------------------------------------------- document metadata


def test_student_op_ed_metadata_is_what_the_text_prints(corpus: Corpus) -> None:
    meta = corpus.documents[OP_ED].coded.document
    assert meta.date == dt.date(2023, 8, 18)
    assert "date 2023-08-18" in corpus.documents[OP_ED].text[:40]
    assert meta.title is None and meta.outlet is None
    assert meta.authors == [], "no name is printed; none may be inferred from the e-mail address"
    assert meta.voice == "student-op-ed-writer"


def test_editorial_metadata_is_what_the_text_prints(corpus: Corpus) -> None:
    meta = corpus.documents[EDITORIAL].coded.document
    assert meta.date == dt.date(2024, 5, 28)
    assert "date 2024-05-28" in corpus.documents[EDITORIAL].text[:40]
    assert meta.kind == "editorial"
    assert meta.authors == [] and meta.outlet is None


def test_dw_article_metadata_is_what_the_text_prints(corpus: Corpus) -> None:
    meta = corpus.documents[DW].coded.document
    text = corpus.documents[DW].text
    assert meta.date is None, "the text prints no date"
    assert meta.authors == []
    assert meta.outlet is not None and "DW" in meta.outlet and "California18" in meta.outlet
    assert "told DW" in text and "Welcome to California18" in text


# --------------------------------------------------------------------------- counts


def test_kind_and_strength_follow_the_coding_rules(corpus: Corpus) -> None:
    """Kinds (CONTRIBUTING, "What kind of statement, how strong"), for every shipped and future document.

    A demand is a must; a recommendation is a should or a could; a forecast is not a weak demand, so it has
    no strength; every holder is registered in the codebook.
    """
    for document in corpus.documents.values():
        for item in document.recommendations:
            rec, where = item.recommendation, (document.coded.document.id, item.recommendation.id)
            assert item.holder in corpus.holders, where
            strength = rec.strength.value if rec.strength is not None else None
            if rec.kind.value == "demand":
                assert strength == "must", where
            elif rec.kind.value == "recommendation":
                assert strength in ("should", "could"), where
            elif rec.kind.value == "forecast":
                assert strength is None, where


def test_the_dw_journalist_prescribes_nothing_in_their_own_voice(table: pd.DataFrame) -> None:
    assert _rows(table, DW, holder="dw-article-writer").empty


# --------------------------------------------------------------------------- findings: seed 000


@pytest.mark.parametrize(
    "option",
    ["crackdown-on-ttp", "pressure-afghan-taliban", "reform-ct-courts", "counter-india-influence", "disrupt-ttp-financing"],
)
def test_student_demands_these_with_must_strength(table: pd.DataFrame, option: str) -> None:
    assert ("support", "must") in _positions(table, OP_ED, "student-op-ed-writer", option)


def test_student_rejects_further_dialogue_with_the_ttp(table: pd.DataFrame) -> None:
    assert {stance for stance, _ in _positions(table, OP_ED, "student-op-ed-writer", "negotiate-with-ttp")} == {"oppose"}


def test_coercive_diplomacy_is_the_need_of_the_hour(table: pd.DataFrame) -> None:
    rows = _rows(table, OP_ED, option="pressure-afghan-taliban")
    assert rows["quote"].str.contains("coercive diplomacy is the need of the hour").any()


def test_ttp_demands_are_attributed_to_the_ttp_not_to_the_student(table: pd.DataFrame) -> None:
    assert _positions(table, OP_ED, "ttp", "keep-fata-merger") == {("oppose", "must")}
    assert _positions(table, OP_ED, "ttp", "establish-caliphate-under-sharia") == {("support", "must")}
    assert _rows(table, OP_ED, holder="student-op-ed-writer", option="establish-caliphate-under-sharia").empty


def test_pakistan_repudiates_the_ttp_demands_in_the_op_ed(table: pd.DataFrame) -> None:
    """"Pakistan has always repudiated these frivolous requests": a standing rejection, held by the state.

    Rule (codebook 2): a holder's own declared course is kind commitment, so the repudiation carries no strength;
    one sentence rejecting two demands is two units, one per policy.
    """
    rows = _rows(table, OP_ED, holder="government-of-pakistan")
    assert set(zip(rows["option"], rows["stance"], rows["kind"], strict=True)) == {
        ("keep-fata-merger", "support", "commitment"),
        ("establish-caliphate-under-sharia", "oppose", "commitment"),
    }
    rows = _rows(table, OP_ED, holder="government-of-pakistan")
    assert set(rows["quote"]) == {"Pakistan has always repudiated these frivolous requests"}


# --------------------------------------------------------------------------- findings: seed 003


def test_editorial_says_the_government_will_have_to_cooperate_with_the_taliban(table: pd.DataFrame) -> None:
    assert ("support", "must") in _positions(table, EDITORIAL, "unsigned-editorial-afghan-taliban", "engage-afghan-taliban")


def test_editorial_ties_chinese_investment_to_ct_action(table: pd.DataFrame) -> None:
    rows = _rows(table, EDITORIAL, option="condition-investment-on-ct")
    assert len(rows) == 1
    assert set(rows.iloc[0]["actors"].split("; ")) == {"china", "government-of-pakistan"}


def test_naqvi_demand_and_conditional_threat(table: pd.DataFrame) -> None:
    assert _positions(table, EDITORIAL, "mohsin-naqvi", "demand-taliban-action-on-ttp") == {("support", "must")}
    threat = _rows(table, EDITORIAL, holder="mohsin-naqvi", option="strike-ttp-in-afghanistan")
    assert list(threat["stance"]) == ["conditional"]
    assert "Kabul" in threat.iloc[0]["conditions"]


# --------------------------------------------------------------------------- findings: seed 004


def test_noor_fatima_supports_and_wizarat_opposes_cooperating_with_the_us(table: pd.DataFrame) -> None:
    rows = _rows(table, DW, holder="noor-fatima", option="cooperate-with-us-against-ttp", kind="recommendation")
    assert set(zip(rows["stance"], rows["strength"], strict=True)) == {("support", "should")}
    assert {s for s, _ in _positions(table, DW, "talat-a-wizarat", "cooperate-with-us-against-ttp")} == {"oppose"}


def test_us_cooperation_is_contested_in_the_dw_article(table: pd.DataFrame) -> None:
    stances = set(_rows(table, DW, option="cooperate-with-us-against-ttp")["stance"])
    assert stances == {"support", "oppose"}


def test_nobody_quoted_by_dw_supports_us_drone_strikes(table: pd.DataFrame) -> None:
    rows = _rows(table, DW, option="allow-us-drone-strikes")
    assert set(rows["holder"]) == {"pti", "jamshed-iqbal-cheema", "talat-a-wizarat"}
    assert set(rows["stance"]) == {"oppose"}


def test_imran_khan_wants_good_relations_with_kabul(table: pd.DataFrame) -> None:
    """Implied opposition: a warning against a course opposes it; a second policy in the same passage is its own unit.

    "has warned Islamabad not to provoke Kabul" opposes pressure on Kabul (the provocation is Islamabad's public
    blame); "If we cannot maintain good relations with Afghanistan…" supports engagement.
    """
    assert _positions(table, DW, "imran-khan", "engage-afghan-taliban") == {("support", "must")}
    warning = _rows(table, DW, holder="imran-khan", option="pressure-afghan-taliban")
    assert list(warning["stance"]) == ["oppose"]
    assert warning.iloc[0]["quote"] == "has warned Islamabad not to provoke Kabul"


def test_shares_a_similar_view_inherits_the_kind_of_the_view_it_shares(table: pd.DataFrame) -> None:
    """Rehman "shares a similar view" to Fatima's belief that interests "could bring" the two together: both forecasts."""
    fatima = _rows(table, DW, holder="noor-fatima", option="cooperate-with-us-against-ttp", kind="forecast")
    rehman = _rows(table, DW, holder="zia-ur-rehman", option="cooperate-with-us-against-ttp")
    assert len(fatima) == 1 and fatima.iloc[0]["quote"].startswith("believes this convergence")
    assert set(rehman["kind"]) == {"forecast"}


def test_rhetorical_question_and_reluctant_demand_meet_on_engagement(table: pd.DataFrame) -> None:
    """A rhetorical question is implied opposition: 000 and 003 land on one option with opposite stances."""
    student = _rows(table, OP_ED, holder="student-op-ed-writer", option="engage-afghan-taliban")
    assert list(student["stance"]) == ["oppose"]
    assert student.iloc[0]["quote"].startswith("How come Pakistan expects")
    editorial = _rows(table, EDITORIAL, holder="unsigned-editorial-afghan-taliban", option="engage-afghan-taliban")
    assert set(editorial["stance"]) == {"support"}


def test_no_prescription_is_coded_on_two_overlapping_options(corpus: Corpus) -> None:
    """One policy, one unit: joint pressure "with other states" is pressure only, never also regional cooperation."""
    for document in corpus.documents.values():
        spans: dict[tuple[str, tuple[tuple[int, int], ...]], set[str]] = {}
        for item in document.recommendations:
            key = (item.holder, tuple(item.segments))
            spans.setdefault(key, set()).add(item.recommendation.option)
        for options in spans.values():
            assert not {"pressure-afghan-taliban", "cooperate-regionally-on-ct"} <= options, document.coded.document.id
        for item in document.recommendations:
            if item.recommendation.option == "cooperate-regionally-on-ct":
                assert "pressure" not in item.recommendation.quote


def test_a_must_in_a_condition_is_the_condition_not_the_strength(table: pd.DataFrame) -> None:
    """Sanaullah: talks are Islamabad's course (commitment); "would first have to lay down their arms" is the condition."""
    rows = _rows(table, DW, holder="rana-sanaullah-khan", option="negotiate-with-ttp")
    assert list(rows["kind"]) == ["commitment"]
    assert rows.iloc[0]["strength"] in ("", None) or pd.isna(rows.iloc[0]["strength"])


def test_sanaullah_sets_disarmament_as_the_condition_for_talks(table: pd.DataFrame) -> None:
    rows = _rows(table, DW, holder="rana-sanaullah-khan", option="negotiate-with-ttp")
    assert list(rows["stance"]) == ["conditional"]
    assert "lay down their arms" in rows.iloc[0]["conditions"]


def test_noor_fatima_span_is_her_words(corpus: Corpus) -> None:
    document = corpus.documents[DW]
    (anchored,) = [a for a in document.recommendations if a.holder == "noor-fatima" and a.recommendation.kind.value == "recommendation"]
    first, last = anchored.segments[0], anchored.segments[-1]
    assert document.text[first[0] : first[1]].startswith("Pakistan should ignore possible protests")
    assert document.text[last[0] : last[1]].endswith("it should not hesitate")
