"""Builders of small in-memory corpora for the alignment tests (tables, matrices, agreement).

A fixture corpus is built from the real pydantic models and the real Corpus containers: each
document's text is its quotes joined by blank lines, and every recommendation is anchored at
the span where its quote sits in that text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from policycmp.corpus import Anchored, Corpus, LoadedDocument
from policycmp.models import Codebook, CodedDocument, DocumentMeta, Recommendation

DEFAULT_THEMES: dict[str, list[str]] = {
    "talks": ["negotiate", "ceasefire"],
    "force": ["crackdown", "strike"],
    "partners": ["cooperate-us"],
}

DEFAULT_HOLDERS: dict[str, dict[str, Any]] = {
    "ann": {"type": "person", "affiliation": "Institute A"},
    "bob": {"type": "person", "affiliation": "Institute A"},
    "cat": {"type": "government-body", "affiliation": None},
    "dan": {"type": "person", "affiliation": None},
    "eve": {"type": "organisation", "affiliation": None},
}


def make_codebook(
    themes: Mapping[str, Sequence[str]] | None = None,
    holders: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    dimensions: Mapping[str, tuple[str, str]] | None = None,
    poles: Mapping[str, tuple[str, str]] | None = None,
) -> Codebook:
    """A codebook with the given themes → options and holders (ids are also used as labels, upper-cased).

    ``dimensions`` maps a dimension id to its (first, second) pole ids; ``poles`` an option id to its
    (dimension, pole).
    """
    themes = DEFAULT_THEMES if themes is None else themes
    holders = DEFAULT_HOLDERS if holders is None else holders
    dimensions = dimensions or {}
    poles = poles or {}
    return Codebook.model_validate(
        {
            "version": "0.0.1",
            "themes": [
                {
                    "id": theme,
                    "label": f"Theme {theme}",
                    "definition": "test theme",
                    "options": [
                        {"id": opt, "label": f"Option {opt}", "definition": "test option"}
                        | ({"poles": [{"dimension": poles[opt][0], "pole": poles[opt][1]}]} if opt in poles else {})
                        for opt in options
                    ]
                    + [{"id": f"{theme}-other", "label": f"Other on {theme}", "definition": "catch-all", "catch_all": True}],
                }
                for theme, options in themes.items()
            ],
            "dimensions": [
                {"id": d, "label": f"Dimension {d}", "definition": "test dimension",
                 "poles": [{"id": first, "label": f"Pole {first}"}, {"id": second, "label": f"Pole {second}"}]}
                for d, (first, second) in dimensions.items()
            ],
            "actors": [{"id": "government", "label": "Government"}, {"id": "army", "label": "Army"}],
            "holders": [
                {"id": hid, "label": hid.upper(), "type": spec.get("type", "person"), "affiliation": spec.get("affiliation"),
                 "members": list(spec.get("members", []))}
                for hid, spec in holders.items()
            ],
        }
    )


def rec(holder: str | None, option: str, stance: str, strength: str = "should", **extra: Any) -> dict[str, Any]:
    """A recommendation spec; the id and quote are filled in by :func:`make_corpus` unless given.

    ``strength="forecast"`` (or another statement kind) makes a statement of that kind without a strength;
    must / should / could make a recommendation of that strength.
    """
    if strength in ("forecast", "commitment"):
        spec: dict[str, Any] = {"holder": holder, "option": option, "stance": stance, "kind": strength}
    else:
        spec = {"holder": holder, "option": option, "stance": stance, "kind": "recommendation", "strength": strength}
    if stance == "conditional":
        spec.setdefault("conditions", "if they first lay down their arms")
    spec.update(extra)
    return spec


def make_document(
    doc_id: str,
    recs: Iterable[Mapping[str, Any]],
    *,
    voice: str = "ann",
    kind: str = "op-ed",
    date: dt.date | None = dt.date(2023, 1, 1),
    authors: Sequence[str] = ("Author One",),
    title: str | None = None,
) -> LoadedDocument:
    """A LoadedDocument whose text holds every quote once, anchored where it sits."""
    recommendations: list[Recommendation] = []
    quotes: list[str] = []
    for number, spec in enumerate(recs, start=1):
        data = dict(spec)
        data.setdefault("id", f"r{number:03d}")
        data.setdefault("actors", ["government"])
        data.setdefault("quote", f"{doc_id} quote {number}: {data['holder'] or voice} on {data['option']} ({data['stance']}).")
        recommendations.append(Recommendation.model_validate(data))
        if data["quote"] not in quotes:  # a quote given twice is one passage coded twice (for two holders)
            quotes.append(data["quote"])
    text = "Preamble.\n\n" + "\n\n".join(quotes) + "\n"
    anchored: list[Anchored] = []
    for recommendation in recommendations:
        start = text.index("\n\n" + recommendation.quote + "\n") + 2
        end = start + len(recommendation.quote)
        anchored.append(Anchored(recommendation, recommendation.holder or voice, ((start, end),)))
    meta = DocumentMeta.model_validate(
        {
            "id": doc_id,
            "seed": f"{doc_id}.txt",
            "title": title if title is not None else f"Title of {doc_id}",
            "authors": list(authors),
            "voice": voice,
            "outlet": None,
            "kind": kind,
            "date": date,
            "date_note": "fixture",
        }
    )
    coded = CodedDocument(document=meta, coders=["fixture"], recommendations=recommendations)
    return LoadedDocument(coded=coded, path=Path(f"recommendations/{doc_id}.yaml"), seed_path=Path(f"seeds/{doc_id}.txt"),
                          text=text, recommendations=tuple(anchored))


def make_corpus(documents: Iterable[LoadedDocument], codebook: Codebook | None = None) -> Corpus:
    """A Corpus of the given documents (sorted by id) over ``codebook`` (default: :func:`make_codebook`)."""
    docs = {d.id: d for d in documents}
    return Corpus(root=Path("/fixture"), codebook=codebook or make_codebook(), documents={k: docs[k] for k in sorted(docs)})


def small_corpus() -> Corpus:
    """The hand-computed fixture used across the alignment tests.

    d1 (op-ed, 2023-01-01, voice ann):
      ann  negotiate support must; ann negotiate support should (restated: duplicate);
      ann  crackdown oppose; bob negotiate oppose; bob crackdown support;
      cat  negotiate conditional; cat cooperate-us support (a forecast)
    d2 (news, 2023-06-01, voice eve):
      ann  negotiate support (again, other document); bob negotiate support (bob is mixed overall);
      dan  strike support; eve crackdown support could
    """
    d1 = make_document(
        "d1",
        [
            rec("ann", "negotiate", "support", "must"),
            rec("ann", "negotiate", "support", "should"),
            rec("ann", "crackdown", "oppose"),
            rec("bob", "negotiate", "oppose"),
            rec("bob", "crackdown", "support"),
            rec("cat", "negotiate", "conditional"),
            rec("cat", "cooperate-us", "support", "forecast"),
        ],
        voice="ann",
        kind="op-ed",
        date=dt.date(2023, 1, 1),
        authors=("Ann A",),
    )
    d2 = make_document(
        "d2",
        [
            rec("ann", "negotiate", "support"),
            rec("bob", "negotiate", "support"),
            rec("dan", "strike", "support"),
            rec(None, "crackdown", "support", "could"),  # the voice: eve
        ],
        voice="eve",
        kind="news",
        date=dt.date(2023, 6, 1),
        authors=(),
    )
    return make_corpus([d1, d2])
