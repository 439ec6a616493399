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

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

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
    )


CONDITIONS_REQUIRED = "a conditional stance needs 'conditions': write the condition the text sets"
"""The message of a conditional recommendation without conditions; :mod:`policycmp.messages` recognises it by identity."""


class Stance(StrEnum):
    """The holder's position on the option as phrased in the codebook."""

    SUPPORT = "support"
    OPPOSE = "oppose"
    CONDITIONAL = "conditional"


class Strength(StrEnum):
    """Modality of the prescription, from a demand to a reported expectation."""

    MUST = "must"
    SHOULD = "should"
    COULD = "could"
    EXPECTED = "expected"


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


class Option(Strict):
    """A canonical policy option, phrased as a positive policy."""

    id: Slug
    label: Text = Field(description="The option phrased as a positive policy, e.g. 'Hold negotiations or a ceasefire with the TTP'.")
    definition: Text = Field(description="One line: what counts as taking up this option.")


class Theme(Strict):
    """A group of related options, e.g. coercive diplomacy."""

    id: Slug
    label: Text
    definition: Text
    options: list[Option] = Field(min_length=1)


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


class Codebook(Strict):
    """The shared, versioned scheme: themes with options, actors, holders."""

    version: Text = Field(description="Version of the codebook, e.g. '1.0.0'; bump it when an option changes meaning.")
    themes: list[Theme] = Field(min_length=1)
    actors: list[Actor] = Field(min_length=1)
    holders: list[Holder] = Field(min_length=1)


# --------------------------------------------------------------------------- coded documents


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
    authors: list[Text] = Field(description="Author names as printed; empty when the text names none.")
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
    strength: Annotated[Strength, EnumValue]
    conditions: Text | None = Field(default=None, description="The condition set; required when the stance is conditional.")
    quote: Text = Field(description="Verbatim span of the seed text; '…' or '...' skips interleaved material.")
    occurrence: int | None = Field(default=None, ge=1, description="Which occurrence (1-based) when the quote appears more than once.")
    note: Text | None = None

    @model_validator(mode="after")
    def _conditions_when_conditional(self) -> Recommendation:
        if self.stance is Stance.CONDITIONAL and not self.conditions:
            raise ValueError(CONDITIONS_REQUIRED)
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
