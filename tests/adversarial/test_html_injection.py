"""Hostile corpus text in notebook output: every public ``_repr_html_`` keeps its markup structure.

A copy of the report fixture corpus gets hostile text in every free-text field (codebook labels
and definitions of themes, options, actors and holders, holder affiliations, the codebook
version, document titles, authors, outlets, date notes, notes, coders, conditions, recommendation
notes, waiver reasons) and at the head of every seed. Each repr must then parse to the same tag
tree (tag names and attribute names) as the render of the same corpus with benign text in the
same places, and in Chromium no injected handler may run.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loader_helpers import write_manifest

import policycmp
from policycmp.agreement import NORMALISATIONS
from policycmp.corpus import Corpus

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "report" / "basic"
FLAG = "__pcInjected"
PAYLOADS = (
    f'<img src=x onerror="window.{FLAG}=1">',
    f"<script>window.{FLAG}=1</script>",
    f'"><svg onload="window.{FLAG}=1">',
    f"'><b onmouseover='window.{FLAG}=1' style='display:block;width:9999px;height:9999px'>x</b>",
    f"</style><script>window.{FLAG}=1</script>",
    f'</td></tr></table><iframe srcdoc="<script>parent.{FLAG}=1</script>"></iframe>',
    f"</textarea></title><details open ontoggle=window.{FLAG}=1>",
    "<!-- unclosed comment",
    "&lt;b&gt; &amp; {{ x }} ${x} javascript:alert(1)",
)
"""Each payload sets ``window.__pcInjected`` if its markup ever runs."""

hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(alphabet=st.sampled_from(list("<>&\"'/=`!-;:(){}[] abcxyz")), min_size=1, max_size=40).filter(lambda s: bool(s.strip())),
)


def _rewrite(path: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def corpus_with(root: Path, text: Callable[[int], str]) -> Corpus:
    """The fixture corpus copied to ``root`` with ``text(n)`` in every free-text field (n numbers the fields)."""
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(FIXTURE, root)
    counter = iter(range(10_000))

    def put(item: dict[str, Any], *keys: str) -> None:
        for key in keys:
            item[key] = text(next(counter))

    def codebook(book: dict[str, Any]) -> None:
        put(book, "version")
        for theme in book["themes"]:
            put(theme, "label", "definition")
            for option in theme["options"]:
                put(option, "label", "definition")
        for actor in book["actors"]:
            put(actor, "label")
        for holder in book["holders"]:
            put(holder, "label", "affiliation")

    def document(doc: dict[str, Any]) -> None:
        meta = doc["document"]
        put(meta, "title", "outlet", "date_note", "notes")
        meta["authors"] = [text(next(counter)), text(next(counter))]
        doc["coders"] = [text(next(counter))]
        for rec in doc["recommendations"]:
            put(rec, "note")
            if rec.get("conditions"):
                put(rec, "conditions")
        for waiver in doc.get("waivers", []):
            put(waiver, "reason")

    folder = root / "recommendations"
    _rewrite(folder / "codebook.yaml", codebook)
    for path in sorted(folder.glob("*.yaml")):
        if path.name != "codebook.yaml":
            _rewrite(path, document)
    for seed in sorted((root / "seeds").glob("*.txt")):
        seed.write_text(text(next(counter)) + "\n\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    write_manifest(root)  # the seeds were edited on purpose: list their new checksums
    return policycmp.load(root)


def reprs(corpus: Corpus) -> dict[str, str]:
    """Every public ``_repr_html_`` of the notebook API, by a readable name."""
    out: dict[str, str] = {"corpus": corpus._repr_html_(), "filtered corpus": corpus.filter(theme="services")._repr_html_()}
    for rows, cols in (("holder", "option"), ("holder", "theme"), ("document", "option"), ("document", "theme"), ("option", "holder")):
        for value in ("stance", "numeric", "net", "count"):
            out[f"matrix {rows}x{cols} {value}"] = corpus.matrix(rows, cols, value)._repr_html_()
        out[f"matrix {rows}x{cols} complete"] = corpus.matrix(rows, cols, complete=True)._repr_html_()
    stance = corpus.matrix()
    out["matrix .numeric"] = stance.numeric._repr_html_()  # type: ignore[attr-defined]
    out["matrix .counts"] = stance.counts._repr_html_()  # type: ignore[attr-defined]
    out["matrix addressed"] = stance.addressed()._repr_html_()
    for how in NORMALISATIONS:
        out[f"agreement {how}"] = corpus.agreement(normalise=how)._repr_html_()
    out["conflict"] = corpus.agreement(measure="conflict")._repr_html_()
    out["contested"] = corpus.contested()._repr_html_()
    out["consensus"] = corpus.consensus(min_holders=1)._repr_html_()
    out["options_summary"] = corpus.options_summary()._repr_html_()
    out["coalitions"] = corpus.coalitions()._repr_html_()
    out["quotes"] = corpus.quotes()._repr_html_()
    for theme in corpus.themes:
        out[f"side_by_side {theme}"] = corpus.side_by_side(theme)._repr_html_()
        out[f"side_by_side {theme} ids"] = corpus.side_by_side(theme, labels=False)._repr_html_()
    for key in corpus.tidy()["key"]:
        out[f"recommendation {key}"] = corpus.recommendation(str(key))._repr_html_()
    for doc in corpus.documents.values():
        for anchored in doc.recommendations:
            out[f"anchored {doc.id}/{anchored.recommendation.id}"] = anchored._repr_html_()
    return out


def shape(html: str) -> list[Any]:
    """The tag tree: per node, the tag name, its attribute names and its children; text is left out."""

    def walk(node: Tag) -> Iterator[Any]:
        for child in node.children:
            if isinstance(child, Tag):
                yield (child.name, sorted(child.attrs), list(walk(child)))
            elif type(child).__name__ != "NavigableString":  # comments, CDATA, declarations: markup from data
                yield (type(child).__name__,)

    return list(walk(BeautifulSoup(html, "html.parser")))


def benign(n: int) -> str:
    return f"plain text {n}"


_BENIGN_SHAPES: dict[str, list[Any]] = {}


def benign_shapes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Any]]:
    if not _BENIGN_SHAPES:
        corpus = corpus_with(tmp_path_factory.mktemp("benign") / "corpus", benign)
        _BENIGN_SHAPES.update({name: shape(html) for name, html in reprs(corpus).items()})
    return _BENIGN_SHAPES


def test_every_repr_is_covered(tmp_path: Path) -> None:
    """The list above reaches every class that defines ``_repr_html_`` (a new one must be added there)."""
    import policycmp.agreement
    import policycmp.coalitions
    import policycmp.corpus
    import policycmp.display
    import policycmp.records

    defining = {
        cls.__qualname__
        for module in (policycmp.coalitions, policycmp.corpus, policycmp.display, policycmp.records, policycmp.agreement)
        for cls in vars(module).values()
        if isinstance(cls, type) and cls.__module__ == module.__name__ and "_repr_html_" in vars(cls)
    }
    assert defining == {"Frame", "RecommendationView", "Coalitions", "Anchored", "Corpus"}
    names = reprs(corpus_with(tmp_path / "corpus", benign))
    assert {"corpus", "coalitions", "quotes", "options_summary", "contested", "matrix .numeric"} <= set(names)
    assert sum(name.startswith("agreement ") for name in names) == 4
    assert any(name.startswith("recommendation ") for name in names)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(hostile=hostile_text)
def test_hostile_text_never_changes_the_markup(hostile: str, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    expected = benign_shapes(tmp_path_factory)
    corpus = corpus_with(tmp_path / "corpus", lambda n: f"{hostile} {n}")
    rendered = reprs(corpus)
    assert set(rendered) == set(expected)
    for name, html in rendered.items():
        assert shape(html) == expected[name], f"{name}: hostile text {hostile!r} changed the markup"
    assert hostile in BeautifulSoup(rendered["corpus"], "html.parser").get_text()  # shown as text, not dropped


# --------------------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield chromium
        chromium.close()


def _flag_after_loading(browser: Any, body: str) -> tuple[Any, list[str]]:
    page = browser.new_page()
    messages: list[str] = []
    page.on("console", lambda msg: messages.append(msg.text))
    page.set_content(f"<!DOCTYPE html><html><body>{body}</body></html>", wait_until="load")
    page.mouse.move(5, 5)
    page.mouse.move(400, 300)
    page.wait_for_timeout(300)
    flag = page.evaluate(f"window.{FLAG} ?? (document.querySelector('iframe') ? 'iframe' : null)")
    page.close()
    return flag, messages


@pytest.mark.browser
def test_the_payloads_do_run_when_not_escaped(browser: Any) -> None:
    """Control: the detection works, so a pass below means something."""
    for payload in PAYLOADS[:7]:
        flag, _ = _flag_after_loading(browser, payload)
        assert flag is not None, payload


@pytest.mark.browser
@pytest.mark.parametrize("payload", PAYLOADS[:7])
def test_no_injected_handler_runs_in_chromium(browser: Any, payload: str, tmp_path: Path) -> None:
    rendered = reprs(corpus_with(tmp_path / "corpus", lambda n: f"{payload} {n}"))
    flag, messages = _flag_after_loading(browser, "\n".join(f"<section>{html}</section>" for html in rendered.values()))
    assert flag is None
    assert messages == []
