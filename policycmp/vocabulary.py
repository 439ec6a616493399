"""The coded vocabularies and how each value is shown: one table per vocabulary, one entry per value.

Every module that orders, signs, marks, names or colours a stance reads it here (matrices,
agreement, the notebook display, the report's Python and templates, which get :data:`STANCE`
and :data:`CELL` as Jinja globals). Adding a value is one :class:`Term` in one table plus its
tests; the model's enum (:class:`policycmp.models.Stance`) must list the same values, which a
test checks. A stance is always shown by colour *and* symbol, so output reads in grey-scale
print and for colour-blind readers.

Further vocabularies (statement kind, strength) are further :class:`Vocabulary` tables of the
same shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary and every way it is shown.

    ``sign`` is the numeric direction (+1 for, −1 against, 0 neither; ``None`` for values that
    are not a direction); ``opposes`` names the value that conflicts with this one (support ↔
    oppose), so agreement and the report's conflict rule read it from one place.
    """

    value: str
    word: str
    symbol: str = ""
    colour: str = ""
    sign: float | None = None
    title: str = ""
    side: str = ""
    opposes: str | None = None
    ink: str = ""
    """Text, symbol and border colour drawn on ``colour`` (the fill); at least 4.5:1 against it and against white."""

    @property
    def css(self) -> str:
        """The CSS class of this value in the report (``s-support`` …)."""
        return f"s-{self.value}"


@dataclass(frozen=True)
class Vocabulary:
    """An ordered table of terms, looked up by value."""

    name: str
    terms: tuple[Term, ...]

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __getitem__(self, value: str) -> Term:
        for term in self.terms:
            if term.value == value:
                return term
        raise KeyError(f"{value!r} is not a {self.name}; choose from: {', '.join(self.values)}")

    def __contains__(self, value: object) -> bool:
        return any(term.value == value for term in self.terms)

    @property
    def values(self) -> tuple[str, ...]:
        """The values in order."""
        return tuple(term.value for term in self.terms)

    def symbols(self) -> dict[str, str]:
        """Value → symbol."""
        return {term.value: term.symbol for term in self.terms}

    def colours(self) -> dict[str, str]:
        """Value → colour (empty for uncoloured values)."""
        return {term.value: term.colour for term in self.terms}

    def signs(self) -> dict[str, float]:
        """Value → numeric sign, for the values that have one."""
        return {term.value: term.sign for term in self.terms if term.sign is not None}

    def conflicts(self, a: str, b: str) -> bool:
        """Whether value ``a`` and value ``b`` are opposite sides (support against oppose)."""
        return a in self and self[a].opposes == b


STANCE = Vocabulary(
    "stance",
    (
        Term("support", "support", "✓", "#c6dbef", 1.0, "Supporters", "For", opposes="oppose", ink="#0b3d6b"),
        Term("oppose", "oppose", "✗", "#f9c89b", -1.0, "Opponents", "Against", opposes="support", ink="#7a2e00"),
        Term("conditional", "conditional", "~", "#fdf3c8", 0.0, "Conditional", "Conditional", ink="#5c4700"),
    ),
)
"""The stance a recommendation takes on an option, in display order."""

CELL = Vocabulary(
    "matrix cell state",
    (
        *STANCE.terms,
        Term("mixed", "mixed", "±", "#e6def2", side="Both ways", ink="#4a2c7a"),
        Term("none", "no recommendation"),
    ),
)
"""The state of one holder × option cell of a stance matrix: a stance, ``mixed`` (both ways) or ``none``."""

EXPECTED = Term("expected", "forecasts only", "•", "#e9ecf0", ink="#4b5563")
"""How a cell whose statements are all forecasts is shown (no position, so a neutral grey)."""

RELATION = Vocabulary(
    "relation between two holders",
    (
        Term("agree", "agreement", "=", "#ffffff", ink="#3d4652"),
        Term("conflict", "conflict", "≠", "#ffffff", ink="#1d2430"),
    ),
)
"""Agreement and conflict between holders: neutral greys told apart by symbol and line (solid, dashed),
never the stance colours, so blue and orange mean support and oppose and nothing else."""

PAGE_INK = "#1d2430"
"""Body text colour of the report."""
PAGE_BACKGROUND = "#ffffff"
FOCUS = "#1d4ed8"
"""Focus ring colour: at least 3:1 against the page background and every stance fill."""

EXPECTED_MARK = "•"
"""Added to a stance symbol when every statement behind it is a forecast (statement kind ``forecast``), no position."""

EXPECTED_WORD = "after a symbol: only forecasts (no demand, recommendation or commitment)"
"""What :data:`EXPECTED_MARK` means, in the report's legend."""


def css_variables() -> str:
    """The report's colour custom properties (``--support``, ``--support-bg`` …), read from the tables above.

    The stylesheet uses only these names for stance and relation colours, so this module is the one palette.
    """
    pairs = [(f"--{t.value}", t.ink) for t in (*CELL.terms, EXPECTED) if t.ink]
    pairs += [(f"--{t.value}-bg", t.colour) for t in (*CELL.terms, EXPECTED) if t.colour]
    pairs += [(f"--rel-{t.value}", t.ink) for t in RELATION]
    pairs += [("--ink", PAGE_INK), ("--bg", PAGE_BACKGROUND), ("--focus", FOCUS)]
    return ":root { " + " ".join(f"{name}: {value};" for name, value in pairs) + " }\n"


def legend() -> str:
    """The one-line legend of stance marks: ``✓ support · ✗ oppose · ~ conditional · ± mixed · • forecasts only``."""
    marks = [f"{term.symbol} {term.word}" for term in CELL if term.symbol]
    return " · ".join([*marks, f"{EXPECTED_MARK} forecasts only"])


def kind_strength(kind: object, strength: object) -> str:
    """'recommendation, should' or 'forecast': a statement's kind, with its strength where it has one."""
    return f"{kind}, {strength}" if isinstance(strength, str) and strength else str(kind)
