"""A merge proposal: the agreed units of a double-coded document, and each disagreement as a commented choice.

The proposal is a coded document (same schema as ``recommendations/<id>.yaml``): the main coding's
``document`` block and waivers, every coder in ``coders``, the recommendations all coders agree on,
and, for each disputed unit, one commented block per coder. Adjudicators uncomment one block per
disputed unit (delete ``# `` at the start of its lines; leave all commented to drop the unit) and
the file replaces the main coding. Ids of an extra coder's units get ``-<coder>`` when the main
coding already uses them, so any pick validates.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from policycmp.atomic import replace_file
from policycmp.codings import MAIN
from policycmp.records import Anchored
from policycmp.reliability.assess import Reliability
from policycmp.reliability.units import Unit

HEADER = "  ## "
"""Start of a choice's heading line; the choice's own lines start with :data:`COMMENT`."""
COMMENT = "  # "


def _entry(anchored: Anchored, voice: str, ident: str) -> dict[str, Any]:
    entry = anchored.recommendation.model_dump(mode="json", exclude_none=True)
    entry["id"] = ident
    if "holder" not in entry and anchored.holder != voice:
        entry = {"id": ident, "holder": anchored.holder, **{k: v for k, v in entry.items() if k != "id"}}
    return entry


def _block(entries: list[dict[str, Any]], prefix: str) -> list[str]:
    if not entries:
        return []
    text = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=4096, default_flow_style=False)
    return [f"{prefix}{line}" for line in text.splitlines()]


def _comment(text: str) -> str:
    return " ".join(text.split())


def proposal(reliability: Reliability, document: str) -> str:
    """The merge proposal of one assessed document, as YAML text (deterministic)."""
    codings = reliability.codings[document]
    main = codings[0][1]
    voice = main.coded.document.voice
    used = {a.recommendation.id for a in main.recommendations}
    disputed = {d.unit: d for d in reliability.disagreements if d.document == document}
    coders = [*main.coded.coders]
    for _, coding in codings[1:]:
        coders += [c for c in coding.coded.coders if c not in coders]
    head = {"document": main.coded.document.model_dump(mode="json", exclude_none=False), "coders": coders}
    lines = [
        f"# Merge proposal for '{document}': {', '.join(c for c, _ in codings)} (written by policycmp agreement --adjudicate).",
        "# Agreed units are recommendations below. Each disagreement lists one commented choice per coding:",
        "# uncomment exactly one (delete '# ' at the start of its lines; keep the indentation), or none to leave the unit out.",
        "# Then check the file with 'policycmp validate' and let it replace the main coding.",
        *yaml.safe_dump(head, sort_keys=False, allow_unicode=True, width=4096).splitlines(),
        "recommendations:",
    ]
    units = [u for u in reliability.units("spans") if u.document == document]
    for unit in units:
        lines += _unit_lines(unit, disputed.get(unit.index) is not None, codings, voice, used, disputed)
    if main.coded.waivers:
        waivers = [w.model_dump(mode="json", exclude_none=True) for w in main.coded.waivers]
        lines += yaml.safe_dump({"waivers": waivers}, sort_keys=False, allow_unicode=True, width=4096).splitlines()
    return "\n".join(lines) + "\n"


def _unit_lines(unit: Unit, is_disputed: bool, codings: list[Any], voice: str, used: set[str], disputed: dict[int, Any]) -> list[str]:
    main_recs = unit.coded[MAIN]
    if not is_disputed:
        return [f"  # unit {unit.index}: agreed", *_block([_entry(a, voice, a.recommendation.id) for a in main_recs], "  ")]
    d = disputed[unit.index]
    differ = "; ".join(f"{name}: " + ", ".join(f"{c} {_comment(v)}" for c, v in values.items()) for name, values in d.fields.items())
    lines = [f"  # unit {unit.index}: DISAGREEMENT at characters {unit.start}-{unit.end} ({_comment(differ)})"]
    for coder, _ in codings:
        entries = []
        for a in unit.coded[coder]:
            ident = a.recommendation.id
            if coder != MAIN:
                ident = ident if ident not in used else f"{ident}-{coder}"
                used.add(ident)
            entries.append(_entry(a, voice, ident))
        if entries:
            lines.append(f"{HEADER}choice {coder}:")
            lines += _block(entries, COMMENT)
        else:
            lines.append(f"{HEADER}choice {coder}: leave the unit out (keep every choice commented)")
    return lines


def write_proposals(reliability: Reliability, out: str | os.PathLike[str]) -> list[Path]:
    """Write the proposal of each assessed document: to ``out`` itself for one document, else to ``out/<id>.yaml``.

    Each file is written beside its target and renamed into place, so a failed write leaves any old file whole.
    """
    target = Path(out)
    docs = reliability.documents
    paths = [target] if len(docs) == 1 else [target / f"{doc}.yaml" for doc in docs]
    if len(docs) > 1:
        target.mkdir(parents=True, exist_ok=True)
    for doc, path in zip(docs, paths, strict=True):
        text = proposal(reliability, doc)
        replace_file(path, text, newline="\n", parents=False)
    return paths
