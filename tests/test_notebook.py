"""The tour notebook runs top to bottom on a real Jupyter kernel, without any error."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TOUR = EXAMPLES / "tour.ipynb"


@pytest.fixture(scope="module")
def kernel_name(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Install a 'python3' kernelspec for this interpreter in a private prefix and put it first on JUPYTER_PATH.

    That way the test needs no kernel set up beforehand (a clean CI machine works) and the kernel runs the
    same Python, with the same installed policycmp, as the tests.
    """
    from ipykernel.kernelspec import install

    prefix = tmp_path_factory.mktemp("jupyter")
    install(kernel_name="python3", prefix=str(prefix))
    patch = pytest.MonkeyPatch()
    data = prefix / "share" / "jupyter"
    patch.setenv("JUPYTER_PATH", str(data))
    spec = json.loads((data / "kernels" / "python3" / "kernel.json").read_text(encoding="utf-8"))
    assert spec["argv"][0] == sys.executable
    yield "python3"
    patch.undo()


def test_committed_notebook_has_no_outputs() -> None:
    """The notebook is committed stripped, so its diff shows only what a person wrote."""
    nb = nbformat.read(TOUR, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert [c.id for c in nb.cells] == [f"tour-{n:02d}" for n in range(1, len(nb.cells) + 1)]


@pytest.mark.notebook
def test_tour_runs_on_a_real_kernel(kernel_name: str) -> None:
    from nbclient import NotebookClient

    nb = nbformat.read(TOUR, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel_name, timeout=300, resources={"metadata": {"path": str(EXAMPLES)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)
    # rich display reached the notebook: the corpus summary, a styled stance matrix, coalitions
    assert "policycmp corpus" in html
    assert 'id="T_policycmp-stance-' in html
    assert "✓" in html and "✗" in html
    assert "policycmp coalitions" in html
    # the recommendation view marks every part of the quote it shows (the same one the notebook picks)
    import policycmp
    from policycmp.markup import text_html

    shipped = policycmp.load(EXAMPLES.parent)
    key = shipped.quotes(holder="noor-fatima", option="cooperate-with-us-against-ttp").index[0]
    view = shipped.recommendation(key)
    marked = [text for text, quoted in view.context() if quoted]
    assert marked and all(f"<mark>{text_html(text)}</mark>" in html for text in marked)
    # the finding cell shows the split over cooperating with the United States
    finding = next(c for c in nb.cells if c.cell_type == "code" and "noor-fatima" in c.source)
    shown = "".join(o.get("data", {}).get("text/html", "") for o in finding.outputs)
    assert "Noor Fatima" in shown and "Talat A Wizarat" in shown
    # the plots reached the notebook as SVG: the heatmap, positions, the agreement matrix and circle, contested options
    svgs = {c.source: "".join(o.get("data", {}).get("image/svg+xml", "") for o in c.outputs) for c in nb.cells if c.cell_type == "code"}
    for call in ("corpus.plot_stances()", "corpus.plot_positions()", "corpus.plot_agreement()", "corpus.plot_agreement(network=True)",
                 "corpus.plot_contested()"):
        shown = next(svg for source, svg in svgs.items() if source.startswith(call))
        assert shown.startswith("<svg") and shown.rstrip().endswith("</svg>"), call
    assert "Engage the Afghan Taliban" in svgs["corpus.plot_positions()"]
    assert "✓" in svgs["corpus.plot_stances()"] and "✗" in svgs["corpus.plot_stances()"]
    # typed filters: the signature lists the criteria; the date filter said what it left out
    printed_all = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "stream")
    assert "include_undated: bool = False" in printed_all
    assert "undated document" in printed_all and "include_undated=True" in printed_all
    # the exports cell wrote the CSV, the GraphML, the report site and a single-file theme page
    exports = next(c for c in nb.cells if c.cell_type == "code" and "corpus.report(" in c.source)
    printed = "".join(o.get("text", "") for o in exports.outputs if o.output_type == "stream")
    assert printed.strip() == "recommendations.csv agreement.graphml True us-cooperation.html"
