"""REFI-QDA exchange: a ``.qdpx`` project and a ``.qdc`` codebook (QDA-XML 1.0), standard library only.

Mapping (see ``docs/exports.md``):

* each seed → a ``TextSource`` (UTF-8, LF line endings, stored as ``sources/<guid>.txt``);
  document metadata (id, title, kind, date, outlet, authors, url) as source variables;
* codebook → codes: one non-codable code per theme, one per option under it, and the stances
  ``support`` / ``oppose`` / ``conditional`` as codable child codes of each option; a
  separate non-codable ``strength`` code with ``must`` / ``should`` / ``could`` / ``expected``;
* each recommendation → one ``PlainTextSelection`` per quote segment (character offsets into
  the exact text), coded with its option's stance code and its strength code; its
  description gives key, holder, actors, stance, strength, conditions and note;
* holders → cases, each referring to its selections, with type and affiliation as variables.

GUIDs are UUIDv5 of stable names, the zip has fixed dates and sorted entries, so the same
corpus gives the same bytes.
"""

from __future__ import annotations

import bisect
import io
import uuid
import xml.etree.ElementTree as ET
import zipfile
from typing import TYPE_CHECKING

from policycmp.exports.provenance import GENERATOR
from policycmp.models import Stance, StatementKind, Strength

if TYPE_CHECKING:
    from policycmp.data import CorpusData
    from policycmp.records import Anchored, LoadedDocument

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_FILE = "project.qde"
_GUIDS = uuid.uuid5(uuid.NAMESPACE_URL, "https://policycmp.invalid/refi-qda")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

VARIABLES: tuple[tuple[str, str], ...] = (
    ("document id", "Text"),
    ("document title", "Text"),
    ("document kind", "Text"),
    ("document date", "Date"),
    ("outlet", "Text"),
    ("authors", "Text"),
    ("url", "Text"),
    ("holder id", "Text"),
    ("holder type", "Text"),
    ("holder affiliation", "Text"),
)


def guid(kind: str, name: str) -> str:
    """A stable GUID for one object (``kind`` and ``name`` make it unique)."""
    return str(uuid.uuid5(_GUIDS, f"{kind}:{name}"))


def lf_text(text: str) -> tuple[str, list[int]]:
    """``text`` with CRLF and lone CR as LF, and the positions of removed CRs (to shift offsets)."""
    removed = [i for i in range(len(text)) if text[i] == "\r" and text[i + 1 : i + 2] == "\n"]
    return text.replace("\r\n", "\n").replace("\r", "\n"), removed


def shift(offset: int, removed: list[int]) -> int:
    """An offset into the original text as an offset into :func:`lf_text`'s text."""
    return offset - bisect.bisect_left(removed, offset)


def _el(parent: ET.Element, tag: str, ns: str, **attrs: str) -> ET.Element:
    """A child element; tags stay unqualified and the root declares ``ns`` as the default namespace."""
    del ns
    return ET.SubElement(parent, tag, attrs)


def _description(parent: ET.Element, ns: str, text: str) -> None:
    _el(parent, "Description", ns).text = text


def _codes(corpus: CorpusData, parent: ET.Element, ns: str) -> None:
    codes = _el(parent, "Codes", ns)
    for theme in corpus.codebook.themes:
        t = _el(codes, "Code", ns, guid=guid("theme", theme.id), name=theme.label, isCodable="false")
        _description(t, ns, f"[{theme.id}] {theme.definition}")
        for option in theme.options:
            o = _el(t, "Code", ns, guid=guid("option", option.id), name=option.label, isCodable="false")
            _description(o, ns, f"[{option.id}] {option.definition}")
            for stance in Stance:
                s = _el(o, "Code", ns, guid=guid("stance", f"{option.id}/{stance.value}"), name=stance.value, isCodable="true")
                _description(s, ns, f"{stance.value}: {option.label}")
    kind = _el(codes, "Code", ns, guid=guid("group", "kind"), name="kind", isCodable="false")
    _description(kind, ns, "Statement kind: demand or recommendation (to an actor), commitment (own policy) or forecast.")
    for kind_value in StatementKind:
        _el(kind, "Code", ns, guid=guid("kind", kind_value.value), name=kind_value.value, isCodable="true")
    strength = _el(codes, "Code", ns, guid=guid("group", "strength"), name="strength", isCodable="false")
    _description(strength, ns, "How strongly a demand or recommendation is put: must, should or could.")
    for value in Strength:
        _el(strength, "Code", ns, guid=guid("strength", value.value), name=value.value, isCodable="true")


def _variable_value(parent: ET.Element, name: str, value: str | None) -> None:
    if not value:
        return
    kind = dict(VARIABLES)[name]
    holder = _el(parent, "VariableValue", PROJECT_NS)
    _el(holder, "VariableRef", PROJECT_NS, targetGUID=guid("variable", name))
    _el(holder, f"{kind}Value", PROJECT_NS).text = value


def _selection_text(doc_id: str, anchored: Anchored) -> str:
    rec = anchored.recommendation
    lines = [
        f"key: {doc_id}/{rec.id}",
        f"holder: {anchored.holder}",
        f"option: {rec.option}",
        f"stance: {rec.stance}",
        f"kind: {rec.kind}",
        f"strength: {rec.strength or '—'}",
        f"actors: {', '.join(rec.actors)}",
    ]
    if rec.conditions:
        lines.append(f"conditions: {rec.conditions}")
    if rec.note:
        lines.append(f"note: {rec.note}")
    return "\n".join(lines)


def _source(parent: ET.Element, loaded: LoadedDocument, selections: dict[str, list[str]]) -> tuple[str, str]:
    """Add one TextSource; return (its text file name, its LF text). Fills ``selections`` (holder → selection GUIDs)."""
    meta = loaded.coded.document
    sid = guid("source", loaded.id)
    text, removed = lf_text(loaded.text)
    source = _el(parent, "TextSource", PROJECT_NS, guid=sid, name=loaded.id, plainTextPath=f"internal://{sid}.txt")
    _description(source, PROJECT_NS, meta.title or loaded.id)
    for anchored in loaded.recommendations:
        rec = anchored.recommendation
        n = len(anchored.segments)
        for k, (start, end) in enumerate(anchored.segments, 1):
            name = f"{loaded.id}/{rec.id}" + (f" (part {k} of {n})" if n > 1 else "")
            sel_id = guid("selection", f"{loaded.id}/{rec.id}/{k}")
            sel = _el(
                source,
                "PlainTextSelection",
                PROJECT_NS,
                guid=sel_id,
                name=name,
                startPosition=str(shift(start, removed)),
                endPosition=str(shift(end, removed)),
            )
            _description(sel, PROJECT_NS, _selection_text(loaded.id, anchored))
            targets = [guid("stance", f"{rec.option}/{rec.stance}"), guid("kind", str(rec.kind))]
            targets += [guid("strength", str(rec.strength))] if rec.strength is not None else []
            for target in targets:
                coding = _el(sel, "Coding", PROJECT_NS, guid=guid("coding", f"{sel_id}/{target}"))
                _el(coding, "CodeRef", PROJECT_NS, targetGUID=target)
            selections.setdefault(anchored.holder, []).append(sel_id)
    for name, value in (
        ("document id", loaded.id),
        ("document title", meta.title),
        ("document kind", str(meta.kind)),
        ("document date", meta.date.isoformat() if meta.date else None),
        ("outlet", meta.outlet),
        ("authors", "; ".join(meta.authors)),
        ("url", meta.url),
    ):
        _variable_value(source, name, value)
    return f"sources/{sid}.txt", text


def _xml(root: ET.Element, ns: str) -> bytes:
    ET.indent(root, space=" ")
    root.attrib = {"xmlns": ns, **root.attrib}
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def project(corpus: CorpusData, provenance: dict[str, object]) -> tuple[bytes, dict[str, str]]:
    """The ``project.qde`` XML and the source texts (zip path → text)."""
    root = ET.Element("Project", {"name": "policycmp corpus", "origin": f"{GENERATOR} (policycmp {provenance['policycmp_version']})"})
    _codes(corpus, _el(root, "CodeBook", PROJECT_NS), PROJECT_NS)
    variables = _el(root, "Variables", PROJECT_NS)
    for name, kind in VARIABLES:
        _el(variables, "Variable", PROJECT_NS, guid=guid("variable", name), name=name, typeOfVariable=kind)
    cases = _el(root, "Cases", PROJECT_NS)
    sources = ET.Element("Sources")
    selections: dict[str, list[str]] = {}
    texts = dict(_source(sources, corpus.documents[d], selections) for d in sorted(corpus.documents))
    holders = corpus.holders
    for hid in sorted(selections):
        holder = holders.get(hid)
        case = _el(cases, "Case", PROJECT_NS, guid=guid("case", hid), name=holder.label if holder else hid)
        _description(case, PROJECT_NS, (holder.description or holder.label) if holder else hid)
        _variable_value(case, "holder id", hid)
        _variable_value(case, "holder type", str(holder.type) if holder else None)
        _variable_value(case, "holder affiliation", holder.affiliation if holder else None)
        for sel_id in selections[hid]:
            _el(case, "SelectionRef", PROJECT_NS, targetGUID=sel_id)
    if not selections:
        root.remove(cases)
    root.append(sources)
    _description(
        root,
        PROJECT_NS,
        f"Exported by policycmp: codebook {provenance['codebook_version']}, corpus sha256 {provenance['corpus_sha256']}.",
    )
    return _xml(root, PROJECT_NS), texts


def qdpx_bytes(corpus: CorpusData, provenance: dict[str, object]) -> bytes:
    """The ``.qdpx`` archive: ``project.qde`` plus ``sources/<guid>.txt``, deterministic zip."""
    xml, texts = project(corpus, provenance)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sorted([(PROJECT_FILE, xml), *((k, v.encode("utf-8")) for k, v in texts.items())]):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
        archive.comment = f"{GENERATOR}; codebook {provenance['codebook_version']}; corpus sha256 {provenance['corpus_sha256']}".encode()
    return buffer.getvalue()


def qdc_bytes(corpus: CorpusData, provenance: dict[str, object]) -> bytes:
    """The codebook alone as a ``.qdc`` file (QDA-XML codebook namespace)."""
    origin = f"{GENERATOR} (codebook {provenance['codebook_version']}, corpus sha256 {provenance['corpus_sha256']})"
    root = ET.Element("CodeBook", {"origin": origin})
    _codes(corpus, root, CODEBOOK_NS)
    return _xml(root, CODEBOOK_NS)
