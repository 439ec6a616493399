"""Typed schema of the codebook and of coded documents (pydantic v2).

The models check the shape of one file at a time: types, closed vocabularies,
required fields. Checks that span files (does this option exist in the
codebook? is this quote in the seed?) live in :mod:`policycmp.crossref` and
:mod:`policycmp.anchor`.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from policycmp.errors import ProblemSlug, excerpt

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_MAX = 80
"""Longest id accepted."""

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=SLUG_MAX),
    Field(description="Stable identifier: lower-case letters, digits and single hyphens, e.g. 'coercive-diplomacy'."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1)]
EnumValue = Field(strict=False)
"""Enums are validated from their string values (strict mode would want enum instances)."""


class Strict(BaseModel):
    """Base for every model: strict types, unknown keys rejected, input hidden in errors."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        hide_input_in_errors=True,
        str_strip_whitespace=False,
        defer_build=True,
    )


CONDITIONS_REQUIRED = "a conditional stance needs 'conditions': write the condition the text sets"
"""The message of a conditional recommendation without conditions; :mod:`policycmp.messages` recognises it by identity."""


class Stance(StrEnum):
    """The holder's position on the option as phrased in the codebook."""

    SUPPORT = "support"
    OPPOSE = "oppose"
    CONDITIONAL = "conditional"


class StatementKind(StrEnum):
    """What sort of statement a coded unit is: a prescription to others, the holder's own policy, or a forecast.

    Kind is apart from :class:`Strength`: "there will be no talks" from the government is a firm
    ``commitment``, a student's "Pakistan should talk" a ``recommendation``; neither is weaker than the other.
    """

    DEMAND = "demand"
    """The holder demands, calls on or urges an actor (often another party) to act: "demanded that Kabul …"."""
    RECOMMENDATION = "recommendation"
    """The holder advises a course of policy: "Pakistan should …", "the need of the hour is …"."""
    COMMITMENT = "commitment"
    """The holder declares its own policy or intention: "we will not hold talks", "the government has decided to …"."""
    FORECAST = "forecast"
    """The holder predicts or expects a course of policy without prescribing it: "is expected to increase operations"."""


PRESCRIPTIVE_KINDS = frozenset({StatementKind.DEMAND, StatementKind.RECOMMENDATION})
"""Kinds that prescribe to an actor; their ``strength`` is required."""
POSITION_KINDS = frozenset({StatementKind.DEMAND, StatementKind.RECOMMENDATION, StatementKind.COMMITMENT})
"""Kinds that state the holder's own position (a forecast does not): these count in agreement and positions."""


class Strength(StrEnum):
    """Intensity of a demand or recommendation: must (essential, needs to), should, could (may, can play a role)."""

    MUST = "must"
    SHOULD = "should"
    COULD = "could"


def rule_error(slug: ProblemSlug, at: str, message: str) -> PydanticCustomError:
    """A cross-field rule broken inside one model, reported as problem kind ``slug`` at field ``at``.

    :mod:`policycmp.messages` locates it at that field and files it under that kind, so no message
    text is ever searched to classify an error.
    """
    return PydanticCustomError("policycmp_rule", message, {"slug": slug.value, "at": at})


class HolderType(StrEnum):
    """What kind of holder a view belongs to."""

    PERSON = "person"
    AUTHOR_TEAM = "author-team"
    ORGANISATION = "organisation"
    GOVERNMENT_BODY = "government-body"
    POLITICAL_PARTY = "political-party"
    ANONYMOUS_SOURCES = "anonymous-sources"
    ARMED_GROUP = "armed-group"
    COLLECTIVE = "collective"
    MEDIA_OUTLET = "media-outlet"


class DocumentKind(StrEnum):
    """Genre of a source document."""

    OP_ED = "op-ed"
    EDITORIAL = "editorial"
    NEWS = "news"
    NEWS_ANALYSIS = "news-analysis"
    RESEARCH_PAPER = "research-paper"
    REPORT = "report"
    SPEECH = "speech"
    INTERVIEW = "interview"
    OTHER = "other"


# --------------------------------------------------------------------------- codebook


class PoleRef(Strict):
    """Where an option sits on a dimension: at one of its two poles."""

    dimension: Slug = Field(description="Id of a dimension in the codebook's 'dimensions'.")
    pole: Slug = Field(description="Id of one of that dimension's two poles.")


class Option(Strict):
    """A canonical policy option, phrased as a positive policy."""

    id: Slug
    label: Text = Field(description="The option phrased as a positive policy, e.g. 'Hold negotiations or a ceasefire with the TTP'.")
    definition: Text = Field(description="One line: what counts as taking up this option.")
    poles: list[PoleRef] = Field(
        default_factory=list,
        description="The pole this option sits on, per dimension (support for it pulls towards that pole, opposition away).",
    )
    catch_all: bool = Field(
        default=False,
        description="The theme's 'other' option: for a prescription no option fits; each use needs a 'note' saying what it is.",
    )

    @model_validator(mode="after")
    def _catch_all_has_no_pole(self) -> Option:
        if self.catch_all and self.poles:
            message = "a catch-all option holds unlike policies, so it cannot sit on a pole: remove 'poles'"
            raise rule_error(ProblemSlug.INVALID_VALUE, "poles", message)
        return self


class Theme(Strict):
    """A group of related options, e.g. coercive diplomacy, with one catch-all 'other' option."""

    id: Slug
    label: Text
    definition: Text
    options: list[Option] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_catch_all(self) -> Theme:
        count = sum(option.catch_all for option in self.options)
        if count != 1:
            raise rule_error(
                ProblemSlug.CATCH_ALL_REQUIRED,
                "options",
                f"theme '{self.id}' has {count} catch-all options; it needs exactly one "
                f"(e.g. id '{self.id}-other', catch_all: true) for prescriptions no option fits",
            )
        return self


class Pole(Strict):
    """One end of a dimension."""

    id: Slug
    label: Text = Field(description="The position at this end, e.g. 'Engage the Afghan Taliban'.")


class Dimension(Strict):
    """An axis along which options are opposed, with two named poles (e.g. engagement ↔ coercion of Kabul).

    Support for an option on one pole conflicts with support for an option on the other pole. A holder's
    position on the dimension is (towards second − towards first) / (towards first + towards second),
    from −1 (all at the first pole) to +1 (all at the second).
    """

    id: Slug
    label: Text
    definition: Text = Field(description="What the axis measures, and what each pole means.")
    poles: list[Pole] = Field(min_length=2, max_length=2, description="The two poles: first (position −1) and second (+1).")


class Actor(Strict):
    """Someone who can be told to act: a government, its forces, a foreign state, a UN body."""

    id: Slug
    label: Text
    description: Text | None = None


class Holder(Strict):
    """A person, organisation or anonymous group whose views are coded, shared across documents."""

    id: Slug
    label: Text = Field(description="Name, or for an unnamed holder what the text says they are (never an invented name).")
    type: Annotated[HolderType, EnumValue]
    affiliation: Text | None = Field(default=None, description="Organisation, party or office the holder belongs to, if the text says.")
    description: Text | None = None
    members: list[Slug] = Field(default_factory=list, description="For an author team: the ids of its member holders.")
    distinct_from: list[Slug] = Field(
        default_factory=list,
        description="Ids of holders whose names look alike (e.g. differ only in spaces or accents) but who are different: "
        "silences the similar-holders warning for each pair.",
    )


class Codebook(Strict):
    """The shared, versioned scheme: themes with options, dimensions with poles, actors, holders."""

    version: Text = Field(description="Version of the codebook, e.g. '2.0.0'; bump it when an option changes meaning.")
    themes: list[Theme] = Field(min_length=1)
    dimensions: list[Dimension] = Field(default_factory=list, description="Axes with two poles on which options are placed.")
    actors: list[Actor] = Field(min_length=1)
    holders: list[Holder] = Field(min_length=1)


# --------------------------------------------------------------------------- coded documents


PLACEHOLDER_NAMES = frozenset({"none", "null", "nil", "n/a", "na", "unknown", "nobody", "no author", "anonymous", "tbd", "-", "?"})
"""Words people write for "no author"; as an item of ``authors`` each would be counted as a person of that name."""


def is_placeholder_name(value: str) -> bool:
    """Whether ``value`` is a stand-in for "no name" (``none``, ``n/a``, ``unknown``, a dash …) rather than a name."""
    return value.strip().casefold().strip("[]()\"'").replace("\u2013", "-").replace("\u2014", "-") in PLACEHOLDER_NAMES


def _real_name(value: str) -> str:
    if is_placeholder_name(value):
        raise rule_error(
            ProblemSlug.PLACEHOLDER_AUTHOR,
            "",
            f"'{excerpt(value)}' is a placeholder, not an author's name: when the text names no author write 'authors: []' "
            "(the document's voice holder says who speaks)",
        )
    return value


AuthorName = Annotated[Text, AfterValidator(_real_name)]
"""An author's name as printed; a placeholder such as ``none`` is refused (``placeholder-author``)."""


def _parse_iso_date(value: Any) -> Any:
    """Accept an ISO date written as text as well as YAML's unquoted date."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return value


class DocumentMeta(Strict):
    """Metadata of one source document, only what the text supports."""

    id: Slug = Field(description="Must equal the YAML file's stem.")
    seed: Text = Field(description="File name of the source text under seeds/.")
    title: Text | None = Field(description="Title as printed, or null when the text gives none.")
    authors: list[AuthorName] = Field(
        description="Author names as printed; [] when the text names none (never a placeholder such as [none])."
    )
    voice: Slug = Field(description="Holder id of the author's own voice; the default holder of every recommendation.")
    outlet: Text | None = Field(description="Publisher or outlet as the text gives it, or null.")
    kind: Annotated[DocumentKind, EnumValue]
    date: dt.date | None = Field(description="Publication date, or null when the text does not say. Never guess.")
    date_note: Text = Field(description="How the date is known (e.g. 'printed at the head of the text'), or why it is null.")
    url: Text | None = Field(default=None, description="Where the text was published (http or https only).")
    notes: Text | None = None

    _date_from_text = field_validator("date", mode="before")(_parse_iso_date)

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^\s]+$", value):
            raise ValueError("url must start with http:// or https://")
        return value


class Recommendation(Strict):
    """One holder's position that some actor should (or should not) adopt one option."""

    id: Slug = Field(description="Unique within the file, e.g. 'crackdown-on-ttp'.")
    holder: Slug | None = Field(default=None, description="Codebook holder id; defaults to the document's voice.")
    actors: list[Slug] = Field(min_length=1, description="Codebook actor ids of who should act.")
    option: Slug = Field(description="Codebook option id.")
    stance: Annotated[Stance, EnumValue]
    kind: Annotated[StatementKind, EnumValue] = Field(
        description="demand / recommendation (prescribing to an actor), commitment (the holder's own declared policy) or forecast."
    )
    strength: Annotated[Strength | None, EnumValue] = Field(
        default=None,
        description="must / should / could: how strongly a demand or recommendation is put (required for those kinds, optional otherwise).",
    )
    conditions: Text | None = Field(default=None, description="The condition set; required when the stance is conditional.")
    quote: Text = Field(description="Verbatim span of the seed text; '…' or '...' skips interleaved material.")
    occurrence: int | None = Field(default=None, ge=1, description="Which occurrence (1-based) when the quote appears more than once.")
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _old_expected_strength(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("strength") == "expected":
            raise rule_error(
                ProblemSlug.STRENGTH_EXPECTED_RETIRED,
                "strength",
                "'expected' is no longer a strength (codebook 2): a forecast is 'kind: forecast', a holder's own declared "
                "policy is 'kind: commitment'; write that kind and remove 'strength' (or keep must/should/could if the text has it)",
            )
        return data

    @model_validator(mode="after")
    def _conditions_when_conditional(self) -> Recommendation:
        if self.stance is Stance.CONDITIONAL and not self.conditions:
            raise rule_error(ProblemSlug.CONDITIONS_REQUIRED, "stance", CONDITIONS_REQUIRED)
        if self.kind in PRESCRIPTIVE_KINDS and self.strength is None:
            raise rule_error(
                ProblemSlug.STRENGTH_REQUIRED,
                "kind",
                f"a {self.kind} needs 'strength': must (must, needs to, essential), should, or could (may, can)",
            )
        return self


class Waiver(Strict):
    """A prescriptive-looking sentence deliberately left uncoded, with the reason."""

    quote: Text = Field(description="Verbatim span inside the waived sentence.")
    occurrence: int | None = Field(default=None, ge=1)
    reason: Text = Field(description="One line: why this sentence is not a recommendation.")


class CodedDocument(Strict):
    """One YAML file under recommendations/: a document and its coded recommendations."""

    document: DocumentMeta
    coders: list[Text] = Field(min_length=1)
    recommendations: list[Recommendation] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)
