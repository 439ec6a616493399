"""The report rendered and written page by page (issue #17: peak memory at scale).

``build`` streams the files of :func:`policycmp.report.stream.site_files` into its staging directory
one at a time; ``render_site`` collects the same stream. These tests hold the streaming paths to the
collecting function on real corpora (the report fixture, the shipped corpus, a synthetic corpus),
check that each page is made only when its turn comes, and that a page failing to render half-way
through the stream leaves the previous report and no temporary directory. ``report --check`` and
``policycmp generated`` compare the stream with the directory file by file. The statements download,
written row by row without a DataFrame, is held to the frame writer it replaced (with hypothesis).
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

import policycmp
from policycmp import generated
from policycmp.corpus import Corpus
from policycmp.report import ReportError, build, render_site
from policycmp.report import pages as page_module
from policycmp.report.build import update_site, write_site
from policycmp.report.check import stale_files, stale_paths
from policycmp.report.downloads import STATEMENT_COLUMNS, frame_csv, rows_csv, statement_rows, statements_frame
from policycmp.report.site import Site
from policycmp.report.stream import PageSource, site_files
from policycmp.synth import generate

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report" / "basic"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def times(root: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time (ns) of every file under ``root``."""
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


def siblings(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir())


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("synth") / "corpus"
    generate(20, root)
    return policycmp.load(root)


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.mark.parametrize("which", ["fixture", "synthetic", "shipped"])
def test_the_streaming_build_writes_exactly_the_collected_files(
    which: str, synthetic: Corpus, shipped: Corpus, tmp_path: Path
) -> None:
    corpus = {"fixture": policycmp.load(FIXTURE), "synthetic": synthetic, "shipped": shipped}[which]
    collected = render_site(corpus)
    out = tmp_path / "site"
    result = build(corpus, out)
    assert tree(out) == collected  # the same paths and bytes, nothing more
    assert (result.files, result.bytes) == (len(collected), sum(len(b) for b in collected.values()))
    assert sum(result.pages.values()) == sum(1 for path in collected if path.endswith(".html"))
    assert siblings(tmp_path) == ["site"]
    if which == "shipped":
        return  # its reliability pages make each rendering slow; the rest holds for any corpus
    paths = [path for path, _ in site_files(corpus)]
    assert len(paths) == len(set(paths)) == len(collected)  # every path once
    assert stale_files(corpus, out) == []


def test_each_page_is_made_only_when_its_turn_comes(synthetic: Corpus) -> None:
    pulled: list[str] = []

    def watch(sources: Sequence[PageSource]) -> Iterator[PageSource]:
        assert len(sources) > len(synthetic.documents)  # the pages are known (by path) before any is made
        for source in sources:
            pulled.append(source.path)
            yield source

    rendered_pages = 0
    for path, data in site_files(synthetic, progress=watch):
        if path.endswith(".html"):
            rendered_pages += 1
            # the stream asked for exactly the pages it has yielded so far: none made ahead of its turn
            assert pulled[-1] == path and len(pulled) == rendered_pages
            assert data.endswith(b"</html>\n")
    assert rendered_pages == len(pulled)


def test_a_page_failing_mid_stream_leaves_the_previous_report_and_no_temporary_directory(
    synthetic: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "reports"
    build(synthetic, out)
    before, before_times = tree(out), times(out)
    victim = sorted(synthetic.documents)[len(synthetic.documents) // 2]
    staged_then: list[str] = []
    real = page_module.seed_html

    def failing(text: str, recs: list[object], waivers: list[object]) -> Markup:
        if recs and getattr(recs[0], "document", None) == victim:
            staging = [p for p in tmp_path.iterdir() if p.name.startswith(".reports.building-")]
            staged_then.extend(p.relative_to(staging[0]).as_posix() for p in staging[0].rglob("*.html"))
            raise RuntimeError(f"cannot lay out {victim}")
        return real(text, recs, waivers)  # type: ignore[arg-type]

    monkeypatch.setattr(page_module, "seed_html", failing)
    said = rf"could not be rendered \(RuntimeError: cannot lay out {victim}\); the previous report is unchanged"
    with pytest.raises(ReportError, match=said):
        build(synthetic, out)
    assert "index.html" in staged_then and len(staged_then) > 1  # it failed half-way, with pages already written
    assert tree(out) == before and times(out) == before_times
    assert siblings(tmp_path) == ["reports"]  # no staging directory left behind


def test_an_interrupted_stream_leaves_the_previous_report(fixture_copy: Path, tmp_path: Path) -> None:
    corpus = policycmp.load(fixture_copy)
    out = tmp_path / "reports"
    build(corpus, out)
    before = tree(out)

    def interrupted() -> Iterator[tuple[str, bytes]]:
        for n, (path, data) in enumerate(site_files(corpus)):
            if n == 5:
                raise KeyboardInterrupt
            yield path, b"half " + data

    with pytest.raises(KeyboardInterrupt):
        write_site(interrupted(), out)
    assert tree(out) == before
    assert siblings(tmp_path) == ["corpus", "reports"]


def test_a_rebuild_keeps_the_modification_time_of_every_unchanged_page(fixture_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(policycmp.load(fixture_copy), out)
    first, first_bytes = times(out), tree(out)
    coded = fixture_copy / "recommendations" / "beta.yaml"
    text = coded.read_text(encoding="utf-8")
    coded.write_text(text.replace("only if the rebels lay down their arms", "only if the rebels disarm first"), encoding="utf-8")
    build(policycmp.load(fixture_copy), out)
    second, second_bytes = times(out), tree(out)
    changed = {path for path in second_bytes if first_bytes.get(path) != second_bytes[path]}
    assert "documents/beta.html" in changed
    assert {path for path in second if second[path] != first.get(path)} == changed  # only changed files are new
    assert all(second[path] == first[path] for path in second if path not in changed)


def test_check_and_update_compare_file_by_file(fixture_copy: Path, tmp_path: Path) -> None:
    corpus = policycmp.load(fixture_copy)
    out = tmp_path / "reports"
    assert update_site(site_files(corpus), out) == sorted(render_site(corpus))  # nothing there: every file is new
    before = times(out)
    inode = out.stat().st_ino
    assert update_site(site_files(corpus), out) == []  # nothing changed: nothing swapped, nothing touched
    assert times(out) == before and out.stat().st_ino == inode and siblings(tmp_path) == ["corpus", "reports"]
    (out / "index.html").write_bytes(b"edited")
    (out / "themes" / "gone.html").write_text("left over", encoding="utf-8")
    (out / "options" / next(iter(sorted(p.name for p in (out / "options").iterdir())))).unlink()
    expected = generated.stale(tmp_path, {f"reports/{path}": data for path, data in render_site(corpus).items()})
    found = stale_paths(site_files(corpus), out)
    assert found == sorted(path.removeprefix("reports/") for path in expected) and "themes/gone.html" in found
    assert update_site(site_files(corpus), out) == found
    assert tree(out) == render_site(corpus) and stale_files(corpus, out) == []
    unchanged = [path for path in before if path not in found]
    assert unchanged and all(times(out)[path] == before[path] for path in unchanged)


def test_the_stream_is_the_same_whatever_consumes_it(fixture_copy: Path) -> None:
    corpus = policycmp.load(fixture_copy)
    first: Iterable[tuple[str, bytes]] = list(site_files(corpus))
    assert list(site_files(corpus)) == first  # deterministic, in a fixed order
    assert dict(sorted(first)) == render_site(corpus)


# --------------------------------------------------------------------------- the statements CSV, written row by row

csv_cell = st.one_of(
    st.text(max_size=15),
    st.text(alphabet=',"\n\r\t =+-@\'a “”…\u2028', max_size=10),
    st.sampled_from(["", "=1+1", "+x", "-3", "@a", "'q", "\ttab", "\rcr", 'say "no"', "a,b", "two\nlines"]),
)


@settings(max_examples=200, deadline=None)
@given(width=st.integers(1, 8), cells=st.lists(csv_cell, max_size=48))
def test_rows_csv_writes_what_frame_csv_writes(width: int, cells: list[str]) -> None:
    columns = [f"c{i}" for i in range(width)]
    rows = [tuple(cells[i : i + width]) for i in range(0, len(cells) - len(cells) % width, width)]
    assert rows_csv(columns, rows) == frame_csv(pd.DataFrame(rows, columns=columns))


@pytest.mark.parametrize("which", ["fixture", "synthetic", "shipped"])
def test_the_statements_download_is_the_frame_written_as_before(which: str, synthetic: Corpus, shipped: Corpus) -> None:
    corpus = {"fixture": policycmp.load(FIXTURE), "synthetic": synthetic, "shipped": shipped}[which]
    site = Site(corpus)
    assert rows_csv(STATEMENT_COLUMNS, statement_rows(site)) == frame_csv(statements_frame(site))


def test_the_report_command_hands_the_collector_back_as_it_found_it(repo: Path, tmp_path: Path) -> None:
    """``policycmp report`` keeps the loaded corpus out of the collector's sweeps while it builds (``gc.freeze``) and
    undoes that when it ends, so a caller in the same process (a test, a notebook) finds nothing frozen; objects
    someone else froze first stay frozen."""
    assert gc.isenabled() and gc.get_freeze_count() == 0
    built = run_cli("report", "--root", repo, "--out", tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert gc.isenabled() and gc.get_freeze_count() == 0
    kept = [[n] for n in range(10)]  # containers the collector tracks
    gc.freeze()  # as a pre-forking server would
    try:
        assert run_cli("report", "--root", repo, "--out", tmp_path / "again").returncode == 0
        assert gc.get_freeze_count() > 0
        swept = {id(o) for o in gc.get_objects()}  # the generations the collector sweeps, not the frozen objects
        assert not {id(k) for k in kept} & swept
    finally:
        gc.unfreeze()
    assert {id(k) for k in kept} <= {id(o) for o in gc.get_objects()}
