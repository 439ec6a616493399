"""Coverage audit: fixture corpora loaded from real YAML, the CLI, and the shipped corpus."""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from pathlib import Path

from click.testing import CliRunner

import policycmp
from policycmp.cli import main
from policycmp.coverage import SUGGESTIONS_MAX, audit, audit_text, resolve_path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "coverage"

MINISTRY = (
    "seeds/report.txt:5:1: unexplained prescriptive sentence (cues 'need(s) to', 'must'): "
    '"The ministry also needs to fund the police in the districts that lost their stations and must rebuild the courts." '
    '— code it in recommendations/report.yaml or add a waiver with a reason (quote: "needs to fund the police")'
)
URGED = (
    "seeds/report.txt:11:49: unexplained prescriptive sentence (cue 'urge'): "
    '"The U.S. State Department urged restraint." — code it in recommendations/report.yaml or add a waiver with a reason'
    ' (quote: "urged restraint.")'
)


def test_audit_counts_and_statuses_on_a_fixture_corpus() -> None:
    report = audit(policycmp.load(FIXTURES / "gaps"))
    by_id = {doc.document: doc for doc in report.documents}
    assert list(by_id) == ["clean", "report"]
    doc = by_id["report"]
    assert (doc.sentences, len(doc.cue_sentences), doc.coded, doc.waived, len(doc.unexplained)) == (8, 5, 2, 1, 2)
    statuses = [(item.line, item.cues, item.status) for item in doc.cue_sentences]
    assert statuses == [
        (3, ("must",), "coded"),
        (3, ("should",), "coded"),
        (3, ("expect",), "waived"),
        (5, ("need(s) to", "must"), "unexplained"),
        (11, ("urge",), "unexplained"),
    ]
    assert doc.unused_waivers == ("The weather was cold.",)
    clean = by_id["clean"]
    assert (clean.sentences, len(clean.cue_sentences), clean.coded, clean.waived, len(clean.unexplained)) == (4, 4, 2, 2, 0)
    assert not report.ok


def test_sentence_across_a_footnote_has_its_parts_and_skips_the_footnote() -> None:
    report = audit(policycmp.load(FIXTURES / "gaps"))
    (ministry, _urged) = report.unexplained
    assert len(ministry.parts) == 2
    text = (FIXTURES / "gaps" / "seeds" / "report.txt").read_text(encoding="utf-8")
    assert "Pakistan Should Act" in text[ministry.parts[0][1] : ministry.parts[1][0]]
    flagged = [item.text for doc in report.documents for item in doc.cue_sentences]
    assert not any("Should Act" in sentence for sentence in flagged)  # citation titles are not audited


def test_messages_name_place_cue_and_fix() -> None:
    report = audit(policycmp.load(FIXTURES / "gaps"))
    assert report.messages() == [MINISTRY, URGED]
    assert report.summary() == "2 unexplained prescriptive sentences in 1 document; code or waive each"


def test_table_has_counts_and_a_total() -> None:
    table = audit(policycmp.load(FIXTURES / "gaps")).table().splitlines()
    assert table[0].split() == ["document", "sentences", "cue", "sentences", "coded", "waived", "unexplained"]
    assert table[2].split() == ["clean", "4", "4", "2", "2", "0"]
    assert table[3].split() == ["report", "8", "5", "2", "1", "2"]
    assert table[-1].split() == ["total", "12", "9", "4", "3", "2"]


def test_audit_text_needs_no_corpus() -> None:
    text = "Leaders must act. The army should wait. Nothing else.\n\nThey urged calm."
    must = text.index("must")
    coverage = audit_text(text, coded=[[(must, must + 4)]], waived=[[(text.index("urged"), text.index("urged") + 5)]], document="x")
    assert [(item.text, item.status) for item in coverage.cue_sentences] == [
        ("Leaders must act.", "coded"),
        ("The army should wait.", "unexplained"),
        ("They urged calm.", "waived"),
    ]
    assert coverage.sentences == 4


def test_suggested_quote_anchors_inside_the_sentence_with_occurrence_when_repeated() -> None:
    text = "Intro line.\nThe army must strike now. Others wait.\nThe army must strike now. Others wait.\nThe army must hold now."
    suggestions = [(item.line, item.suggestion) for item in audit_text(text, coded=[]).cue_sentences]
    assert suggestions == [(2, ("The army must strike now.", 1)), (3, ("The army must strike now.", 2)), (4, ("must hold now.", None))]
    coverage = audit_text(text, coded=[], document="d", seed="seeds/d.txt", yaml="recommendations/d.yaml")
    assert coverage.messages()[1].endswith('(quote: "The army must strike now.", occurrence: 2)')
    assert coverage.messages()[1].startswith("seeds/d.txt:3:1: unexplained prescriptive sentence (cue 'must'): ")


def test_suggestions_for_a_sentence_printed_many_times_stay_fast() -> None:
    text = "Word must act. " * 400
    start = time.perf_counter()
    flagged = audit_text(text, coded=[]).cue_sentences
    assert time.perf_counter() - start < 60  # a hang guard; each occurrence used to be re-anchored from the start: about 11 s here
    first, last_suggested = flagged[0], flagged[SUGGESTIONS_MAX - 1]
    assert [first.suggestion, last_suggested.suggestion] == [("Word must act.", 1), ("Word must act.", SUGGESTIONS_MAX)]
    assert flagged[-1].suggestion is None  # only the first SUGGESTIONS_MAX unexplained sentences get one (each costs a seed scan)


def test_long_sentences_are_clipped_around_the_cue() -> None:
    text = "Background " * 40 + "so the state must act now " + "and more words " * 20 + "."
    (item,) = audit_text(text, coded=[]).cue_sentences
    excerpt = item.excerpt()
    assert "must act" in excerpt and excerpt.startswith("…") and excerpt.endswith("…")
    assert len(excerpt) <= 202


def test_cli_lists_unexplained_sentences_and_exits_1() -> None:
    result = CliRunner().invoke(main, ["coverage", "--root", str(FIXTURES / "gaps")])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert MINISTRY in lines and URGED in lines
    assert lines[-1] == "2 unexplained prescriptive sentences in 1 document; code or waive each"
    assert "Traceback" not in result.output


def test_cli_json_output() -> None:
    result = CliRunner().invoke(main, ["coverage", "--root", str(FIXTURES / "gaps"), "--format", "json"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["ok"] is False and payload["unexplained"] == 2
    report = next(doc for doc in payload["documents"] if doc["document"] == "report")
    assert report["waivers_without_cue"] == ["The weather was cold."]
    assert [item["status"] for item in report["flagged"]] == ["coded", "coded", "waived", "unexplained", "unexplained"]


def test_cli_exits_0_when_everything_is_explained() -> None:
    result = CliRunner().invoke(main, ["coverage", "--root", str(FIXTURES / "clean")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "all 4 sentences with a prescriptive cue are coded (2) or waived (2)"


def test_cli_reports_corpus_problems_without_a_traceback(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "clean", root)
    yaml = root / "recommendations" / "clean.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("option: open-talks", "option: open-tlaks"), encoding="utf-8")
    result = CliRunner().invoke(main, ["coverage", "--root", str(root)])
    assert result.exit_code == 1
    assert "recommendations/clean.yaml:" in result.output and "open-tlaks" in result.output
    assert "Traceback" not in result.output


def test_cli_usage_error_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["coverage", "--format", "xml"])
    assert result.exit_code == 2


def test_shipped_corpus_has_no_unexplained_prescriptive_sentence(shipped: policycmp.Corpus) -> None:
    report = audit(shipped)
    assert report.messages() == []
    assert all(doc.cue_sentences for doc in report.documents)


def test_figures_measure_cue_recall_and_the_precision_proxy() -> None:
    """Recall counts coded sentences holding a cue; the precision proxy counts flagged sentences that are coded."""
    from policycmp.coverage import CoverageReport

    text = "Leaders must act. Publish the data now. The talks could be seen as a ruse. They urged calm. Aid could also flow."

    def spans(quote: str) -> list[tuple[int, int]]:
        start = text.index(quote)
        return [(start, start + len(quote))]

    doc = audit_text(text, [spans("Leaders must act"), spans("Publish the data")], [spans("urged calm")])
    assert doc.coded_sentences == 2  # 'Publish the data now' is coded but holds no cue: a miss of the cues
    assert [item.status for item in doc.cue_sentences] == ["coded", "waived", "unexplained"]  # 'could be seen' is no cue
    report = CoverageReport((doc,))
    assert report.figures() == (
        "cue recall: 1 of 2 sentences carrying a coded recommendation hold a cue (50%); precision proxy: 1 of 3 flagged "
        "sentences are coded (33%), 1 waived, 1 unexplained (66% coded or waived)"
    )
    assert {key: report.to_dict()[key] for key in ("coded_sentences", "flagged_coded", "flagged")} == {
        "coded_sentences": 2,
        "flagged_coded": 1,
        "flagged": 3,
    }


def test_cli_prints_the_figures_before_the_summary() -> None:
    result = CliRunner().invoke(main, ["coverage", "--root", str(FIXTURES / "clean")])
    assert result.output.splitlines()[-2] == (
        "cue recall: 2 of 2 sentences carrying a coded recommendation hold a cue (100%); precision proxy: 2 of 4 flagged "
        "sentences are coded (50%), 2 waived, 0 unexplained (100% coded or waived)"
    )


def test_the_audit_leaves_no_cyclic_garbage_and_restores_the_collector(shipped: policycmp.Corpus) -> None:
    """The audit runs with the cyclic collector paused (policycmp.collector): that is only sound if it makes no cycles."""
    import gc

    audit(shipped)  # compiles the cue scans (once per process)
    was = gc.isenabled()
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            report = audit(shipped)
            assert gc.isenabled() is enabled
        gc.collect()
        left = list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable() if was else gc.disable()
    assert report.documents
    assert left == []


def test_paths_resolved_folder_by_folder_are_what_resolve_gives(tmp_path: Path) -> None:
    """The audit resolves each folder once (``resolve_path`` with a folder map): the same paths as ``Path.resolve``, through
    a linked folder, a linked file, a missing file, ``..`` and a relative path."""
    real = tmp_path / "real"
    (real / "seeds").mkdir(parents=True)
    (real / "seeds" / "a.txt").write_text("a", encoding="utf-8")
    (real / "elsewhere.txt").write_text("b", encoding="utf-8")
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    (real / "seeds" / "b.txt").symlink_to(real / "elsewhere.txt")
    paths = [
        tmp_path / "linked" / "seeds" / "a.txt",
        tmp_path / "linked" / "seeds" / "b.txt",
        tmp_path / "linked" / "seeds" / "missing.txt",
        tmp_path / "linked" / "seeds" / ".." / "seeds" / "a.txt",
        tmp_path / "linked" / "seeds" / "..",
        real / "seeds" / "a.txt",
    ]
    folders: dict[Path, Path] = {}
    for path in [*paths, *paths]:  # the second time from the folder map
        assert resolve_path(path, folders) == path.resolve(), path
    with contextlib.chdir(tmp_path):
        assert resolve_path(Path("linked/seeds/a.txt"), folders) == (real / "seeds" / "a.txt").resolve()
