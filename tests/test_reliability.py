"""Several coders: layout and validation of extra codings, figures on a hand-computed fixture, no double
counting, disagreements, contested evidence, the CLI and the merge proposal.

Fixture ``tests/fixtures/double``: seed ``beta`` coded by a main coding (4 units) and ``coder-b`` (4 units).
Span units by hand: open-talks (both; strength must vs should), no-cross-border (both, alike),
strike-if-talks-fail (main only), talks-fail (coder-b only), sanctions (both, alike) → 3 matched of 5.
is-prescription over the 5 units: yes/yes ×3, yes/no, no/yes → percent 0.6; kappa: p_e = 0.8·0.8 + 0.2·0.2
= 0.68, (0.6 − 0.68)/0.32 = −0.25; alpha: o(yes,yes) = 6, o(yes,no) = o(no,yes) = 2, n_yes = 8, n_no = 2,
1 − 9·4/(2·8·2) = −0.125. Strength on the 3 matched units: must/should, should/should ×2 → percent 2/3,
alpha (ordinal) 1 − 5·18/90 = 0.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_cli
from loader_helpers import FIXTURES, edit, write_manifest

import policycmp
from policycmp.errors import CorpusError
from policycmp.reliability import assess
from policycmp.reliability.adjudicate import COMMENT, HEADER, write_proposals

DOUBLE = FIXTURES / "double"
CODING = "recommendations/codings/beta.coder-b.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(DOUBLE, target)
    return target


def _problems(root: Path) -> list[tuple[str, str, int]]:
    with pytest.raises(CorpusError) as caught:
        policycmp.load(root)
    return [(p.slug, p.path, p.line) for p in caught.value.problems]


def test_hand_computed_figures() -> None:
    rel = assess(policycmp.load(DOUBLE), reps=50)
    assert rel.unitizing("spans") == {"view": "spans", "matched": 3, "union": 5, "ratio": 0.6}
    spans = {r.field: r for r in rel.fields if r.view == "spans"}
    assert spans["prescription"].percent.value == pytest.approx(0.6)
    assert spans["prescription"].kappa.value == pytest.approx(-0.25)
    assert spans["prescription"].alpha.value == pytest.approx(-0.125)
    assert spans["strength"].metric == "ordinal"
    assert spans["strength"].percent.value == pytest.approx(2 / 3)
    assert spans["strength"].alpha.value == pytest.approx(0.0)
    assert spans["stance"].alpha.value == pytest.approx(1.0)
    assert spans["kind"].alpha.value is None  # every pair says 'recommendation': no variation, alpha undefined
    sentences = {r.field: r for r in rel.fields if r.view == "sentences"}
    # 7 sentences (title, byline, 5 body sentences): no/no ×2, yes/yes ×3, yes/no, no/yes.
    assert sentences["prescription"].units == 7
    assert sentences["prescription"].percent.value == pytest.approx(5 / 7)
    assert rel.confusion("strength").loc["must", "should"] == 1


def test_disagreements_and_contested_evidence() -> None:
    corpus = policycmp.load(DOUBLE)
    rel = assess(corpus, reps=10)
    found = {(d.unit, tuple(d.fields)) for d in rel.disagreements}
    assert found == {(1, ("strength",)), (3, ("prescription",)), (4, ("prescription",))}
    assert rel.contested_keys == {"beta/open-talks", "beta/strike-if-talks-fail"}
    cells = corpus.contested_coding("holder", "option")
    assert bool(cells.loc["staff-writer", "open-talks"]) and not bool(cells.loc["officials", "cross-border-strikes"])
    pairs = corpus.agreement().pairs
    assert "contested_coding" in pairs.columns


def test_no_analysis_counts_an_extra_coding(root: Path) -> None:
    with_extra = policycmp.load(root)
    (root / CODING).unlink()
    without = policycmp.load(root)
    assert with_extra.codings and not without.codings
    assert with_extra.table.equals(without.table)
    for rows, cols in (("holder", "option"), ("document", "option")):
        assert with_extra.matrix(rows, cols).equals(without.matrix(rows, cols))
    assert with_extra.agreement().equals(without.agreement())
    assert with_extra.filter(stance="support").table.equals(without.filter(stance="support").table)


def test_extra_coding_is_validated_as_strictly(root: Path) -> None:
    edit(root, CODING, "quote: the talks will fail", "quote: the talks will surely fail")
    edit(root, CODING, "option: coercive-diplomacy", "option: no-such-option")
    slugs = {(slug, path) for slug, path, _ in _problems(root)}
    assert ("quote-not-found", CODING) in slugs and ("unknown-option", CODING) in slugs


def test_extra_coding_names(root: Path) -> None:
    shutil.copy(root / CODING, root / "recommendations/codings/beta.yaml")
    shutil.copy(root / CODING, root / "recommendations/codings/gamma.coder-b.yaml")
    found = _problems(root)
    assert ("coding-file-name", "recommendations/codings/beta.yaml", 1) in found
    assert any(slug == "id-not-file-stem" and path.endswith("gamma.coder-b.yaml") for slug, path, _ in found)


def test_extra_coding_without_main_or_on_another_seed(root: Path) -> None:
    shutil.copy(root / CODING, root / "recommendations/codings/beta.coder-c.yaml")
    edit(root, "recommendations/codings/beta.coder-c.yaml", "seed: beta.txt", "seed: alpha.txt")
    (root / "recommendations/beta.yaml").rename(root / "beta.yaml.off")
    found = {slug for slug, _, _ in _problems(root)}
    assert "coding-without-main" in found


def test_second_main_coding_of_one_seed_is_refused(root: Path) -> None:
    shutil.copy(root / CODING, root / "recommendations/beta-again.yaml")
    edit(root, "recommendations/beta-again.yaml", "  id: beta", "  id: beta-again")
    found = _problems(root)  # reported at the second of the two files in name order, at its 'seed' line
    assert ("seed-coded-twice", "recommendations/beta.yaml", 3) in found


def test_second_main_coding_of_a_copied_seed_is_refused(root: Path) -> None:
    shutil.copy(root / "seeds/beta.txt", root / "seeds/beta-copy.txt")
    write_manifest(root)
    shutil.copy(root / CODING, root / "recommendations/beta-copy.yaml")
    edit(root, "recommendations/beta-copy.yaml", "  id: beta", "  id: beta-copy")
    edit(root, "recommendations/beta-copy.yaml", "seed: beta.txt", "seed: beta-copy.txt")
    found = [(slug, path) for slug, path, _ in _problems(root)]
    assert ("seed-coded-twice", "recommendations/beta.yaml") in found  # the second in name order


def test_cli_text_json_and_validate(root: Path) -> None:
    result = run_cli("agreement", "--root", root)
    assert result.returncode == 0, result.stderr
    assert "unitizing agreement (coded by all / by any): 3/5 = 0.600" in result.stdout
    assert "-0.125 [" in result.stdout and "Disagreements (3):" in result.stdout
    data = json.loads(run_cli("agreement", "beta", "--root", root, "--format", "json").stdout)
    spans = {f["field"]: f for f in data["fields"] if f["view"] == "spans"}
    assert spans["prescription"]["alpha"]["value"] == -0.125
    assert len(data["disagreements"]) == 3
    refused = run_cli("agreement", "alpha", "--root", root)
    assert refused.returncode == 2 and "no extra coding" in refused.stderr
    valid = run_cli("validate", "--root", root)
    assert valid.returncode == 0 and "1 extra coding, checked, not counted" in valid.stdout


def _pick(text: str, choices: dict[int, str]) -> str:
    """Uncomment the chosen coder's block of each disputed unit, as an adjudicator would."""
    out, unit, active = [], 0, False
    for line in text.splitlines():
        if line.startswith("  # unit "):
            unit, active = int(line.split()[2].rstrip(":")), False
        elif line.startswith(HEADER):
            active = line == f"{HEADER}choice {choices.get(unit)}:"
        elif active and line.startswith(COMMENT):
            line = "  " + line[len(COMMENT):]
        else:
            active = False
        out.append(line)
    return "\n".join(out) + "\n"


def test_adjudication_validates_before_and_after_picking(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "beta.yaml"
    assert run_cli("agreement", "--root", root, "--adjudicate", out).returncode == 0
    proposal = out.read_text(encoding="utf-8")
    assert proposal.count("DISAGREEMENT") == 3
    shutil.copy(out, root / "recommendations/beta.yaml")
    untouched = policycmp.load(root)
    assert {a.recommendation.id for a in untouched.documents["beta"].recommendations} == {"no-cross-border", "sanctions"}
    picked = _pick(proposal, {1: "coder-b", 3: "main", 4: "coder-b"})
    (root / "recommendations/beta.yaml").write_text(picked, encoding="utf-8")
    settled = policycmp.load(root)
    recs = {a.recommendation.id: a.recommendation for a in settled.documents["beta"].recommendations}
    assert set(recs) == {"talks", "no-cross-border", "strike-if-talks-fail", "talks-fail", "sanctions"}
    assert str(recs["talks"].strength) == "should"
    assert write_proposals(assess(untouched, reps=1), tmp_path / "again.yaml")[0].read_text(encoding="utf-8") != ""


def test_report_pages(root: Path, tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    from policycmp.report.build import render_site

    with_extra = render_site(policycmp.load(root))
    page = BeautifulSoup(with_extra["reliability/beta.html"], "html.parser")
    assert [li["id"] for li in page.select("ol.disagreements > li")] == ["unit-1", "unit-3", "unit-4"]
    assert len(page.select(".rel-cols > section")) == 2 and page.select("mark.rel-disputed")
    index = BeautifulSoup(with_extra["index.html"], "html.parser")
    assert index.select_one('a[href="reliability/beta.html"]') is not None
    assert "staff-writer × open-talks" in index.get_text()
    (root / CODING).unlink()
    without = render_site(policycmp.load(root))
    assert "No reliability figures are available" in BeautifulSoup(without["index.html"], "html.parser").get_text()
    # Every analysis page is the same with or without the extra coding: only the reliability parts differ.
    figures = {f"downloads/reliability{doc}.{ext}" for doc in ("", "/beta") for ext in ("csv", "json")}  # beside the figures tables
    assert set(with_extra) - set(without) == {"reliability/beta.html"} | figures
    same = [k for k in without if k != "index.html"]
    assert [with_extra[k] for k in same] == [without[k] for k in same]
