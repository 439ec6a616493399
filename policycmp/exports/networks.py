"""Networks for Gephi, visone, Cytoscape or networkx: two-mode and one-mode, as GraphML and GEXF.

Three graphs, each from the API's numbers (duplicate rule and normalisation as chosen):

* ``holder-option`` — two-mode, undirected. Nodes are holders (``kind="holder"``,
  ``bipartite=0``) and options (``kind="option"``, ``bipartite=1``); an edge joins a holder
  to each option it addresses. Edge ``stance`` is the stance cell (support, oppose,
  conditional, mixed), ``sign`` the mean direction (+1 support, −1 oppose, 0 conditional;
  between for mixed), ``weight`` = ``sign`` and ``statements`` the number of statements.
* ``holder-agreement`` — one-mode: an edge between two holders sharing at least one
  statement (same option, same stance); ``weight`` = normalised agreement.
* ``holder-conflict`` — one-mode: an edge between two holders on opposite sides (support
  against oppose) of at least one option; ``weight`` = normalised conflict.

One-mode edges also carry ``shared`` (options both address), ``agreements`` and ``conflicts``
(counts) and ``agreement``, ``conflict``, ``net`` (normalised; net = agreement − conflict).
Holder nodes carry ``label``, ``kind``, ``type``, ``affiliation`` (empty when none),
``statements`` (after the duplicate rule) and, in one-mode graphs, ``self_conflicts`` (options
the holder both supports and opposes). Option nodes carry ``label``, ``kind``, ``theme`` and
``theme_label``. Graph attributes name the network, the normalisation, the duplicate rule,
the codebook version and the corpus checksum. Floats are rounded to 6 decimals.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any, cast

import networkx as nx
import pandas as pd

from policycmp.agreement import agreement
from policycmp.matrices import matrix
from policycmp.options import Duplicates, Measure, Normalise

if TYPE_CHECKING:
    from policycmp.data import CorpusData
    from policycmp.display import StanceMatrix

NETWORKS = ("holder-option", "holder-agreement", "holder-conflict")


def _holder_nodes(corpus: CorpusData, holders: list[str], statements: pd.Series) -> list[tuple[str, dict[str, Any]]]:
    known = corpus.holders
    nodes = []
    for hid in holders:
        holder = known.get(hid)
        nodes.append(
            (
                hid,
                {
                    "label": holder.label if holder else hid,
                    "kind": "holder",
                    "type": str(holder.type) if holder else "",
                    "affiliation": (holder.affiliation or "") if holder else "",
                    "statements": int(statements.get(hid, 0)),
                },
            )
        )
    return nodes


def _graph_attrs(provenance: dict[str, object], network: str, normalise: str, duplicates: Duplicates) -> dict[str, str]:
    return {
        "network": network,
        "normalise": normalise,
        "duplicates": duplicates,
        "codebook_version": str(provenance["codebook_version"]),
        "corpus_sha256": str(provenance["corpus_sha256"]),
        "generator": str(provenance["generator"]),
    }


def two_mode(corpus: CorpusData, provenance: dict[str, object], *, duplicates: Duplicates = "document") -> nx.Graph:
    """The holder × option network, signed by stance."""
    stance = cast("StanceMatrix", matrix(corpus.tidy(), "holder", "option", duplicates=duplicates))
    cells, numeric, counts = stance.to_numpy(dtype=object), stance.numeric.to_numpy(dtype="float64"), stance.counts.to_numpy()
    graph = nx.Graph(**_graph_attrs(provenance, "holder-option", "", duplicates))
    for node, attrs in _holder_nodes(corpus, [str(h) for h in stance.index], stance.counts.sum(axis=1)):
        graph.add_node(node, bipartite=0, **attrs)
    themes = corpus.themes
    for option in stance.columns:
        opt = corpus.options.get(str(option))
        theme = corpus.option_theme.get(str(option), "")
        graph.add_node(
            str(option),
            bipartite=1,
            label=opt.label if opt else str(option),
            kind="option",
            theme=theme,
            theme_label=themes[theme].label if theme in themes else theme,
        )
    for i, holder in enumerate(stance.index):
        for j, option in enumerate(stance.columns):
            cell = str(cells[i, j])
            if cell == "none":
                continue
            sign = round(float(numeric[i, j]), 6)
            graph.add_edge(str(holder), str(option), stance=cell, sign=sign, weight=sign, statements=int(counts[i, j]))
    return graph


def one_mode(
    corpus: CorpusData,
    provenance: dict[str, object],
    measure: Measure,
    *,
    normalise: Normalise = "jaccard",
    duplicates: Duplicates = "document",
) -> nx.Graph:
    """The holder agreement (``measure="agreement"``) or conflict (``"conflict"``) network."""
    agree = agreement(corpus.tidy(), normalise=normalise, duplicates=duplicates)
    conflict = agreement(corpus.tidy(), normalise=normalise, measure="conflict", duplicates=duplicates)
    names = [str(n) for n in agree.index]
    statements = matrix(corpus.tidy(), "holder", "option", "count", duplicates=duplicates).sum(axis=1)
    graph = nx.Graph(**_graph_attrs(provenance, f"holder-{measure}", normalise, duplicates))
    counts = {"shared": agree.shared.to_numpy(), "agreements": agree.agreements.to_numpy(), "conflicts": agree.conflicts.to_numpy()}
    scores = {"agreement": agree.to_numpy(dtype="float64"), "conflict": conflict.to_numpy(dtype="float64")}
    for i, (node, attrs) in enumerate(_holder_nodes(corpus, names, statements)):
        graph.add_node(node, **attrs, self_conflicts=int(counts["conflicts"][i, i]))
    count_key = "agreements" if measure == "agreement" else "conflicts"
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            if counts[count_key][a, b] == 0:
                continue
            edge: dict[str, Any] = {k: int(v[a, b]) for k, v in counts.items()}
            edge.update({k: round(float(v[a, b]), 6) for k, v in scores.items()})
            edge["net"] = round(float(scores["agreement"][a, b] - scores["conflict"][a, b]), 6)
            edge["weight"] = edge[measure]
            graph.add_edge(names[a], names[b], **edge)
    return graph


def graphs(
    corpus: CorpusData, provenance: dict[str, object], *, normalise: Normalise = "jaccard", duplicates: Duplicates = "document"
) -> dict[str, nx.Graph]:
    """The three networks by name (see :data:`NETWORKS`)."""
    return {
        "holder-option": two_mode(corpus, provenance, duplicates=duplicates),
        "holder-agreement": one_mode(corpus, provenance, "agreement", normalise=normalise, duplicates=duplicates),
        "holder-conflict": one_mode(corpus, provenance, "conflict", normalise=normalise, duplicates=duplicates),
    }


def graphml_bytes(graph: nx.Graph) -> bytes:
    """Plain GraphML (no tool dialect), UTF-8."""
    return ("\n".join(nx.generate_graphml(graph, encoding="utf-8")) + "\n").encode("utf-8")


def gexf_bytes(graph: nx.Graph) -> bytes:
    """GEXF 1.2; networkx's writer with its date and version stamp replaced by the provenance, so output is deterministic."""
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        for child in list(meta):
            meta.remove(child)
        ET.SubElement(meta, "creator").text = str(graph.graph["generator"])
        ET.SubElement(meta, "description").text = (
            f"{graph.graph['network']} network; codebook {graph.graph['codebook_version']}; corpus sha256 {graph.graph['corpus_sha256']}; "
            f"normalise {graph.graph['normalise'] or 'n/a'}; duplicates {graph.graph['duplicates']}"
        )
    writer.add_graph(graph)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def files(
    corpus: CorpusData, provenance: dict[str, object], fmt: str, *, normalise: Normalise = "jaccard", duplicates: Duplicates = "document"
) -> dict[str, bytes]:
    """The three networks as ``<name>.graphml`` or ``<name>.gexf``."""
    write = graphml_bytes if fmt == "graphml" else gexf_bytes
    return {f"{name}.{fmt}": write(graph) for name, graph in graphs(corpus, provenance, normalise=normalise, duplicates=duplicates).items()}
