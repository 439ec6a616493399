"""Terminal text of ``policycmp agreement``: figures per view and field, confusion tables, disagreements.

Text from the corpus is flattened to one line here (:func:`clean`); the CLI's ``echo`` escapes control characters.
"""

from __future__ import annotations

from policycmp.errors import excerpt
from policycmp.reliability.assess import VIEWS, Reliability
from policycmp.reliability.stats import CONFIDENCE, Estimate
from policycmp.reliability.units import FIELDS, MIN_OVERLAP

VIEW_TITLES = {
    "spans": f"coded spans matched by overlap (>= {MIN_OVERLAP:.0%} of the shorter span, one-to-one, largest overlap first)",
    "sentences": "the seed's sentences, each coded or not",
}


def clean(text: str) -> str:
    """Text as printed: data values flattened so a newline in a name or quote cannot start a forged line."""
    return "\n".join(" ".join(line.split("\n")) for line in [text])


def figure(est: Estimate) -> str:
    """'0.812 [0.700, 0.910]', or 'undefined' when the coefficient is (e.g. no variation in the data)."""
    if est.value is None:
        return "undefined"
    if est.low is None or est.high is None:
        return f"{est.value:.3f}"
    return f"{est.value:.3f} [{est.low:.3f}, {est.high:.3f}]"


def render(rel: Reliability, *, confusion: bool = True) -> str:
    """The whole report as text."""
    lines = []
    for doc in rel.documents:
        coders = "; ".join(f"{c} ({', '.join(d.coded.coders)})" for c, d in rel.codings[doc])
        lines.append(clean(f"{doc}: {coders}"))
    lines.append(f"bootstrap: {rel.reps} resamples of units, seed {rel.seed}, {CONFIDENCE:.0%} percentile intervals")
    for view in VIEWS:
        unit = rel.unitizing(view)
        ratio = "undefined" if unit["ratio"] is None else f"{unit['ratio']:.3f}"
        share = f"{unit['matched']}/{unit['union']} = {ratio}"
        lines += ["", f"Units: {VIEW_TITLES[view]}", f"  unitizing agreement (coded by all / by any): {share}"]
        lines.append(f"  {'field':<13}{'units':>6}  {'percent':<24}{'kappa':<26}alpha")
        for result in (r for r in rel.fields if r.view == view):
            lines.append(
                f"  {result.field:<13}{result.units:>6}  {figure(result.percent):<24}"
                f"{figure(result.kappa):<26}{figure(result.alpha)} ({result.metric})"
            )
    if confusion:
        lines += ["", "Confusion tables (spans; rows: main coding, columns: first extra coding):"]
        for name in FIELDS:
            table = rel.confusion(name, "spans")
            lines.append(f"  {name}:")
            lines += ["    " + line for line in table.to_string().splitlines()] if not table.empty else ["    (no units)"]
    lines += ["", f"Disagreements ({len(rel.disagreements)}):"]
    for d in rel.disagreements:
        lines.append(f"  {d.document} unit {d.unit} (characters {d.start}-{d.end}):")
        for name, values in d.fields.items():
            lines.append(clean("    " + name + ": " + "; ".join(f"{c} {v}" for c, v in values.items())))
        for coder in d.coders:
            for ident, quote in zip(d.ids[coder], d.quotes[coder], strict=True):
                lines.append(clean(f"    {coder} {ident}: \"{excerpt(quote, 120)}\""))
    return "\n".join(lines)
