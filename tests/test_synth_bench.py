"""The synthetic corpus generator and the benchmark script, at a tiny scale (correctness only, no timings)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from policycmp import anchor
from policycmp.synth import generate
from policycmp.yamlsafe import read_bytes


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> Path:
    return generate(7, tmp_path_factory.mktemp("synth") / "corpus", source=repo)


def test_generated_corpus_validates(small: Path) -> None:
    result = run_cli("validate", "--root", small)
    assert result.returncode == 0, result.stderr
    assert "7 documents" in result.stdout


def test_seeds_are_distinct_and_quotes_are_verbatim(small: Path, repo: Path) -> None:
    seeds = sorted((small / "seeds").glob("*.txt"))
    texts = [path.read_bytes() for path in seeds]
    assert len(set(texts)) == len(texts) == 7
    real = {path.read_bytes() for path in (repo / "seeds").glob("*.txt")}
    assert not real & set(texts)
    ellipses = 0
    for path in sorted((small / "recommendations").glob("s*.yaml")):
        data = read_bytes(path.read_bytes(), path.name).data
        text = (small / "seeds" / data["document"]["seed"]).read_text(encoding="utf-8")
        for entry in [*data["recommendations"], *data.get("waivers", [])]:
            segments = anchor.find_quote(text, entry["quote"], entry.get("occurrence"))
            ellipses += len(segments) > 1
    assert ellipses > 0


def test_generation_is_deterministic(small: Path, tmp_path: Path, repo: Path) -> None:
    again = generate(7, tmp_path / "again", source=repo)
    files = sorted(p.relative_to(small) for p in small.rglob("*") if p.is_file() and ".policycmp_cache" not in p.parts)
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((small / f).read_bytes() == (again / f).read_bytes() for f in files)


def test_generate_refuses_an_existing_corpus(small: Path, repo: Path) -> None:
    with pytest.raises(FileExistsError):
        generate(2, small, source=repo)


def test_benchmark_runs_every_stage(tmp_path: Path, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench", repo / "benchmarks" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = bench
    spec.loader.exec_module(bench)
    bench.main(["--sizes", "3", "--repeat", "1", "--work", str(tmp_path)])
    table = capsys.readouterr().out
    for stage in ("floor", "cold validate", "load + analyses", "analyses alone", "coverage"):
        assert stage in table
    # the cache stages run only where `policycmp validate` has a cache (`--no-cache` in its --help)
    assert ("warm validate" in table) == bench.has_cache()
    coverage_rows = ("coverage --no-cache", "coverage, empty cache", "coverage, warm", "coverage, warm, 1 document changed")
    assert all((row in table) == bench.has_coverage_cache() for row in coverage_rows)
    # the document the last coverage row changes is put back: the corpus is byte for byte the generated one
    again = generate(3, tmp_path / "again", source=repo)
    yaml_files = sorted(p.relative_to(again) for p in (again / "recommendations").glob("*.yaml"))
    assert yaml_files == sorted(p.relative_to(tmp_path / "corpus-3") for p in (tmp_path / "corpus-3" / "recommendations").glob("*"))
    assert all((again / f).read_bytes() == (tmp_path / "corpus-3" / f).read_bytes() for f in yaml_files)


def test_benchmark_runs_only_the_chosen_stages(tmp_path: Path, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_stages", repo / "benchmarks" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_stages"] = bench
    spec.loader.exec_module(bench)
    bench.main(["--sizes", "2,3", "--stages", "validate", "--repeat", "1", "--work", str(tmp_path)])
    table = capsys.readouterr().out
    assert "N=2" in table and "N=3" in table
    assert "floor" in table and "cold validate" in table
    for skipped in ("load + analyses", "coverage", "report", "start-up"):
        assert skipped not in table
    with pytest.raises(SystemExit):
        bench.main(["--stages", "validate,nonsense", "--work", str(tmp_path)])
