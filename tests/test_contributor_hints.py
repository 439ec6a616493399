"""The hints a contributor gets for the mistakes issue #12 found misleading, each on a real YAML fixture.

Each test edits a copy of the mini corpus the way a contributor would and checks the exact place
(``path:line:col``) and what the message tells them to do.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import run_cli
from loader_helpers import CODEBOOK, DOC, copy_mini, edit

from policycmp.errors import CATALOGUE, CorpusError, ProblemSlug
from policycmp.loader import load
from policycmp.lookalikes import fold, similar_holders
from policycmp.models import Codebook
from policycmp.yamlsafe import read


def problems(root: Path) -> list[str]:
    with pytest.raises(CorpusError) as caught:
        load(root)
    return [p.format() for p in caught.value.problems]


@pytest.mark.parametrize("written", ["authors: none", "authors: [none]", "authors: [Ann Lee, N/A]", "authors:\n    - unknown"])
def test_a_placeholder_author_is_refused_with_the_right_fix(tmp_path: Path, written: str) -> None:
    root = copy_mini(tmp_path)
    edit(root, DOC, "authors: []", written)
    [line] = problems(root)
    assert "'authors: []'" in line
    assert "[none]" not in line and "e.g. [" not in line  # never suggest a list holding the placeholder
    place = {"authors: none": "5:12", "authors: [none]": "5:13", "authors: [Ann Lee, N/A]": "5:22", "authors:\n    - unknown": "6:7"}
    assert line.startswith(f"{DOC}:{place[written]}: ")
    slug = "wrong-type" if written == "authors: none" else "placeholder-author"
    assert line.endswith(f"{slug}]")


def test_real_author_names_are_kept(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    edit(root, DOC, "authors: []", "authors: [Nonie Nadeem, Anonymous Ahmed]")
    assert load(root).documents["alpha"].coded.document.authors == ["Nonie Nadeem", "Anonymous Ahmed"]


def test_an_inner_double_quote_is_named_not_blamed_on_indentation(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    old = "    quote: The government must open talks with the militants before winter."
    edit(root, DOC, old, '    quote: "The government must "open" talks with the militants before winter."')
    [line] = problems(root)
    assert line.startswith(f"{DOC}:20:34: invalid YAML: a double quote inside a double-quoted text")
    assert 'must be written \\"' in line and "single quotes" in line and "block scalar" in line
    assert "indentation" not in line and line.endswith("[PC101 yaml-syntax]")


def test_other_syntax_errors_keep_their_own_hint(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    edit(root, DOC, "    stance: support", '    stance: "support"\n   kind: x')
    [line] = problems(root)
    assert "double quote" not in line and "indentation" in line


def test_an_unknown_holder_gets_the_neighbour_and_how_to_add_one(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    edit(root, DOC, "holder: officials", "holder: oficials")
    [near] = problems(root)
    assert near.startswith(f"{DOC}:23:13: unknown holder 'oficials'; did you mean 'officials'? If 'oficials' is a holder")
    edit(root, DOC, "holder: oficials", "holder: farah-qadir")
    [new] = problems(root)
    assert new.startswith(f"{DOC}:23:13: unknown holder 'farah-qadir': if 'farah-qadir' is a holder")
    for line in (near, new):
        assert "under 'holders:' in recommendations/codebook.yaml" in line
        assert "label:" in line and "type:" in line and "affiliation:" in line


def test_quoted_and_unquoted_dates_are_one_rule(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    unquoted = load(root).documents["alpha"].coded.document.date
    edit(root, DOC, "date: 2023-01-05", 'date: "2023-01-05"')
    assert load(root).documents["alpha"].coded.document.date == unquoted
    for written, slug in (('"2023-02-30"', "invalid-date"), ("2023-02-30", "invalid-date"), ('"5 Jan 2023"', "wrong-type")):
        copy = copy_mini(tmp_path / slug / str(len(written)))
        edit(copy, DOC, "date: 2023-01-05", f"date: {written}")
        [line] = problems(copy)
        assert line.startswith(f"{DOC}:9:9: ") and line.endswith(f"{slug}]")
        assert "YYYY-MM-DD" in line and "YYYY-MM-DD without quotes" not in line and "put it in quotes if it is text" not in line
    assert "quotes" in CATALOGUE[ProblemSlug.INVALID_DATE].fix  # the catalogue (docs/errors.md) states the rule


def test_manifest_lines_written_from_the_corpus_root_are_accepted(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    digest = hashlib.sha256((root / "seeds" / "alpha.txt").read_bytes()).hexdigest()
    for name in ("seeds/alpha.txt", "./alpha.txt", "./seeds/alpha.txt"):
        (root / "seeds" / "SHA256SUMS").write_text(f"{digest}  {name}\n", encoding="utf-8")
        assert "alpha" in load(root).documents
    (root / "seeds" / "SHA256SUMS").write_text(f"{digest}  alpha.txt\n{digest}  seeds/alpha.txt\n", encoding="utf-8")
    [line] = problems(root)
    assert line.startswith("seeds/SHA256SUMS:2:1: seeds/alpha.txt is already listed on line 1") and "seeds/seeds" not in line


def add_holders(root: Path, entries: str) -> None:
    text = (root / CODEBOOK).read_text(encoding="utf-8")
    (root / CODEBOOK).write_text(text + entries, encoding="utf-8")


LOOKALIKES = """\
  - id: ziaur-rehman
    label: Ziaur Rehman
    type: person
  - id: rehman-zia
    label: Zia ur Rehman
    type: person
  - id: jose-perez
    label: José Pérez-Soto
    type: person
  - id: j-perez
    label: JOSE PEREZ SOTO
    type: person
"""


def test_near_duplicate_holders_are_a_warning_naming_both_lines(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    add_holders(root, LOOKALIKES)
    first = (root / CODEBOOK).read_text(encoding="utf-8").splitlines().index("    label: Ziaur Rehman") + 1
    corpus = load(root)  # still valid
    found = [p.format() for p in corpus.warnings]
    assert found == [
        f"{CODEBOOK}:{first + 3}:12: warning: holder 'rehman-zia' ('Zia ur Rehman') looks like holder 'ziaur-rehman' "
        f"('Ziaur Rehman', line {first}): if they are one, keep one id; if they are different, add "
        "'distinct_from: [ziaur-rehman]' to 'rehman-zia' [PC320 similar-holders]",
        f"{CODEBOOK}:{first + 9}:12: warning: holder 'j-perez' ('JOSE PEREZ SOTO') looks like holder 'jose-perez' "
        f"('José Pérez-Soto', line {first + 6}): if they are one, keep one id; if they are different, add "
        "'distinct_from: [jose-perez]' to 'j-perez' [PC320 similar-holders]",
    ]
    shown = run_cli("validate", "--root", root)
    assert shown.returncode == 0 and shown.stdout.count("warning: holder") == 2 and "; 2 warnings" in shown.stdout
    data = json.loads(run_cli("validate", "--root", root, "--format", "json").stdout)
    assert data["valid"] is True and {p["severity"] for p in data["problems"]} == {"warning"}
    github = run_cli("validate", "--root", root, "--format", "github").stdout
    assert github.startswith(f"::warning file={CODEBOOK},line={first + 3},col=12,")


def test_distinct_from_silences_a_pair_and_must_name_a_holder(tmp_path: Path) -> None:
    root = copy_mini(tmp_path)
    add_holders(root, LOOKALIKES.replace("    label: Zia ur Rehman\n", "    label: Zia ur Rehman\n    distinct_from: [ziaur-rehman]\n"))
    assert [p.slug for p in load(root).warnings] == ["similar-holders"]  # only the Pérez pair is left
    edit(root, CODEBOOK, "distinct_from: [ziaur-rehman]", "distinct_from: [ziaur-rehmen]")
    found = problems(root)
    assert any("unknown holder 'ziaur-rehmen' in distinct_from of 'rehman-zia'; did you mean 'ziaur-rehman'?" in line for line in found)


def test_folding_and_scale() -> None:
    assert fold("Zia-ur Rehmán") == fold("ZIAUR  REHMAN") == "ziaurrehman"
    assert fold("Ann Lee") != fold("Anne Lee")  # folding is not fuzzy matching: different spellings of letters stay apart
    holders = "".join(f"  - id: h{i}\n    label: Person Number {i}\n    type: person\n" for i in range(5_000))
    holders += "  - id: twin\n    label: person-number 17\n    type: person\n"
    text = (
        "version: '1'\nthemes:\n  - id: t\n    label: T\n    definition: D\n    options:\n"
        "      - id: t-other\n        label: O\n        definition: D\n        catch_all: true\n"
        "actors:\n  - id: a\n    label: A\nholders:\n" + holders
    )
    doc = read(text, CODEBOOK)
    found = similar_holders(Codebook.model_validate(doc.data), doc)
    assert [p.message.split(" looks like ")[0] for p in found] == ["holder 'twin' ('person-number 17')"]
