"""Near-duplicate holders: two codebook entries whose names differ only in spelling details.

Texts spell one person differently ("Ziaur Rehman", "Zia ur Rehman", "Zia-ur-Rehman"); coded as two holders, the
person's statements split and every agreement figure is wrong without any error. Each holder's label and id are
*folded* — accents removed (NFKD, combining marks dropped), case folded, everything but letters and digits dropped —
and holders that share a folded key are reported as a ``similar-holders`` warning naming both entries and their
lines. Folding and grouping by key is linear in the number of holders (plus a sort of the report), never a
pairwise string distance over the whole codebook.

Genuinely different holders with such names are told apart with ``distinct_from: [other-id]`` on either entry,
which silences the warning for that pair (and names must be holder ids of the codebook).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from policycmp.errors import Problem, ProblemSlug, excerpt, problem
from policycmp.messages import did_you_mean
from policycmp.models import Codebook
from policycmp.yamlsafe import Located


def fold(name: str) -> str:
    """``name`` reduced for comparison: no accents, case folded, letters and digits only ("Zia-ur Rehmán" → "ziaurrehman")."""
    bare = name if name.isascii() else "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return bare.casefold().translate(_KEEP) or name.casefold()


class _Keep(dict[int, str | None]):
    """A ``str.translate`` table dropping every character that is not a letter or a digit."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        self[code] = char if char.isalnum() else None
        return self[code]


_KEEP = _Keep()


def similar_holders(codebook: Codebook, doc: Located) -> list[Problem]:
    """A ``similar-holders`` warning per pair of holders with the same folded label or id, unless told apart.

    ``doc`` is the codebook file as read, for lines; ``codebook`` its validated model (same order of holders). A
    ``distinct_from`` naming no holder of the codebook is an ``unknown-holder`` problem.
    """
    holders = codebook.holders
    known = {holder.id for holder in holders}
    found: list[Problem] = []
    apart: set[frozenset[str]] = set()
    for i, holder in enumerate(holders):
        for j, other in enumerate(holder.distinct_from):
            if other not in known:
                line, column = doc.locate(("holders", i, "distinct_from", j))
                hint = did_you_mean(other, known) or ": name the id of another holder of the codebook"
                found.append(problem(ProblemSlug.UNKNOWN_HOLDER, doc.path, line, column, f"unknown holder '{excerpt(other)}' in "
                                     f"distinct_from of '{holder.id}'{hint}"))
            apart.add(frozenset((holder.id, other)))
    groups: defaultdict[str, list[int]] = defaultdict(list)
    for i, holder in enumerate(holders):
        for key in {fold(holder.label), fold(holder.id)}:
            groups[key].append(i)
    pairs = sorted({(a, b) for members in groups.values() for a in members for b in members if a < b})
    for a, b in pairs:
        first, second = holders[a], holders[b]
        if frozenset((first.id, second.id)) in apart:
            continue
        first_line = doc.locate(("holders", a, "label"))[0]
        line, column = doc.locate(("holders", b, "label"))
        found.append(
            problem(
                ProblemSlug.SIMILAR_HOLDERS,
                doc.path,
                line,
                column,
                f"holder '{second.id}' ('{excerpt(second.label)}') looks like holder '{first.id}' ('{excerpt(first.label)}', "
                f"line {first_line}): if they are one, keep one id; if they are different, add 'distinct_from: [{first.id}]' "
                f"to '{second.id}'",
            )
        )
    return found
