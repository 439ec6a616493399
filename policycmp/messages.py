"""Turn pydantic validation errors into located, plain-word problems.

Each error's ``loc`` is mapped to the YAML node it concerns (a missing field to
the mapping that lacks it, an unknown field to its key, anything else to the
value) and its message is rewritten to say what was expected and how to fix it,
quoting at most a short excerpt of the offending value.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Iterable
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from policycmp.errors import Problem, ProblemSlug, excerpt, problem
from policycmp.models import is_placeholder_name
from policycmp.yamlsafe import Located, Path

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "date_type": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD (without a time)",
}


def describe(value: object, raw: str | None = None) -> str:
    """What a value is, in words a YAML writer recognises ('the boolean yes (…)')."""
    shown = excerpt(raw if raw is not None else value)
    if isinstance(value, bool):
        return f"the boolean {shown} (yes/no/true/false/on/off are booleans in YAML)"
    if isinstance(value, int | float):
        return f"the number {shown} (YAML reads unquoted numbers as numbers)"
    if value is None:
        return "an empty value"
    if isinstance(value, dt.datetime | dt.date):
        return f"the date {shown} (YAML reads an unquoted YYYY-MM-DD as a date)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text '{excerpt(value)}'"


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated, Optional and list wrappers down to the item type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def target_type(model: type[BaseModel], loc: Path) -> Any:
    """The declared type at ``loc`` inside ``model`` (a model class, an enum, a list …)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            if typing.get_origin(current) is list:
                current = typing.get_args(current)[0]
            continue
        if isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return None
    return _unwrap(current)


def _field_name(loc: Path) -> str:
    names = [str(part) for part in loc if isinstance(part, str)]
    return names[-1] if names else "the file"


def _value_at(data: Any, loc: Path) -> Any:
    for part in loc:
        if not isinstance(data, dict | list):
            return None
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' for the choice equal but for case, else the closest one; '' when none is close."""
    ordered = sorted(set(choices))
    lowered = {c.lower(): c for c in ordered}
    if word.lower() in lowered:
        return f"; did you mean '{lowered[word.lower()]}'?"
    close = difflib.get_close_matches(word, ordered, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def slugify(text: str) -> str:
    """A slug suggestion for an invalid id ('Coercive Diplomacy' → 'coercive-diplomacy')."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _rewrite(error: Any, model: type[BaseModel], doc: Located) -> tuple[ProblemSlug, Path, bool, str]:
    """(slug, loc to point at, point at the key?, message) for one pydantic error."""
    kind: str = error["type"]
    loc: Path = tuple(error["loc"])
    name = _field_name(loc)
    value = _value_at(doc.data, loc) if loc else doc.data
    raw = doc.raw.get(loc)
    got = describe(value, raw)
    label = f"item {loc[-1] + 1} of '{name}'" if loc and isinstance(loc[-1], int) else f"'{name}'"
    empty_fix = _empty_fix(model, loc)
    if kind == "missing":
        where = f"'{_field_name(loc[:-1])}'" if len(loc) > 1 else "the file"
        if len(loc) > 1 and isinstance(loc[-2], int):
            where = f"this {_singular(_field_name(loc[:-2]))}"
        if name == "kind" and where == "this recommendation":  # files coded before codebook 2 have no kind
            return (
                ProblemSlug.MISSING_FIELD,
                loc[:-1],
                False,
                "missing required field 'kind' in this recommendation: add 'kind: demand', 'recommendation', 'commitment' "
                "or 'forecast' (new in codebook 2; CONTRIBUTING.md says which)",
            )
        return ProblemSlug.MISSING_FIELD, loc[:-1], False, f"missing required field '{name}' in {where}: add '{name}: …'"
    if kind == "extra_forbidden":
        parent = target_type(model, loc[:-1])
        known = sorted(parent.model_fields) if isinstance(parent, type) and issubclass(parent, BaseModel) else []
        allowed = f" (allowed here: {', '.join(known)})" if known else ""
        hint = did_you_mean(name, known)
        return (
            ProblemSlug.UNKNOWN_FIELD,
            loc,
            True,
            f"unknown field '{excerpt(name)}'{hint or allowed}" + ("" if hint else ": remove it or fix its name"),
        )
    if kind == "enum":
        enum = target_type(model, loc)
        values = [str(member.value) for member in enum] if isinstance(enum, type) and issubclass(enum, Enum) else []
        hint = did_you_mean(value, values) if isinstance(value, str) else ""
        shown = repr(excerpt(value)) if isinstance(value, str) else got
        return ProblemSlug.INVALID_CHOICE, loc, False, f"{shown} is not a valid {name}; expected one of: {', '.join(values)}{hint}"
    if kind == "string_pattern_mismatch":
        fix = slugify(str(value))
        suggestion = f", e.g. '{fix}'" if fix else ""
        return (
            ProblemSlug.INVALID_ID,
            loc,
            False,
            f"'{excerpt(value)}' is not a valid id for '{name}': use lower-case letters, digits and single hyphens{suggestion}",
        )
    if kind in ("string_too_short", "too_short"):
        if isinstance(value, list):
            return (
                ProblemSlug.EMPTY_VALUE,
                loc,
                False,
                f"{label} is an empty list: it needs at least {error.get('ctx', {}).get('min_length', 1)} item",
            )
        return ProblemSlug.EMPTY_VALUE, loc, False, f"{label} is empty: {empty_fix}"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        # Only ids (slugs) have a maximum length in the schema.
        return ProblemSlug.INVALID_ID, loc, False, f"{label} is too long for an id (at most {limit} characters): use a short slug"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(error.get("ctx", {}).values()), "")
        word = {"greater_than_equal": "at least", "greater_than": "more than", "less_than_equal": "at most", "less_than": "less than"}[kind]
        return ProblemSlug.OUT_OF_RANGE, loc, False, f"{label} must be {word} {bound}, got {excerpt(value)}"
    if kind in ("dict_type", "model_type") and not loc:
        fields = ", ".join(f for f, info in model.model_fields.items() if info.is_required())
        return ProblemSlug.WRONG_TYPE, loc, False, f"the file must be a mapping of 'key: value' lines (with the keys {fields} …), got {got}"
    if kind in _EXPECTED:
        expected = _EXPECTED[kind]
        fix = empty_fix if value is None and kind == "string_type" else _how_to_fix(kind, value, raw, name)
        if name == "date" and isinstance(value, dt.datetime):
            fix = "write the date alone, without a time"
        return ProblemSlug.WRONG_TYPE, loc, False, f"{label} expected {expected}, got {got}: {fix}"
    if kind == "policycmp_rule":  # a cross-field rule of the models (models.rule_error): its own kind and field
        ctx = error.get("ctx", {})
        at = str(ctx["at"])  # "" for a rule on the value itself (e.g. one list item)
        return ProblemSlug(ctx["slug"]), (*loc, at) if at else loc, False, error["msg"]
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        if name == "url":
            return ProblemSlug.INVALID_URL, loc, False, f"{message}, got '{excerpt(value)}'"
        if name == "date":
            return (
                ProblemSlug.INVALID_DATE,
                loc,
                False,
                f"'{excerpt(value)}' is not a valid date ({message}): write a real calendar date as YYYY-MM-DD",
            )
        return ProblemSlug.INVALID_VALUE, loc, False, message
    return ProblemSlug.INVALID_VALUE, loc, False, f"{label}: {error['msg']}"


def _empty_fix(model: type[BaseModel], loc: Path) -> str:
    """How to fix an empty value: fill it in, or drop it when the schema allows that."""
    if loc and isinstance(loc[-1], int):
        return "write the text, or remove the item"
    parent = target_type(model, loc[:-1])
    field = parent.model_fields.get(str(loc[-1])) if loc and isinstance(parent, type) and issubclass(parent, BaseModel) else None
    if field is not None and not field.is_required():
        return "write the text, or remove the field (it is optional)"
    if field is not None and type(None) in typing.get_args(field.annotation):
        return "write the text, or null when the source gives none"
    return "write the text (the field is required)"


def _singular(name: str) -> str:
    words = {"recommendations": "recommendation", "waivers": "waiver", "themes": "theme", "options": "option"}
    words |= {"actors": "actor", "holders": "holder"}
    return words.get(name, "entry")


def _how_to_fix(kind: str, value: object, raw: str | None, name: str = "") -> str:
    if kind == "string_type":
        if isinstance(value, bool | int | float | dt.date):
            return f'put it in quotes: "{excerpt(raw if raw is not None else value)}"'
        return "write plain text"
    if kind == "list_type":
        if isinstance(value, str) and name == "authors" and is_placeholder_name(value):
            return "write 'authors: []' when the text names no author (a placeholder in a list would be an author of that name)"
        if isinstance(value, str):
            return f"write it as a list, e.g. [{excerpt(value)}] or one '- item' per line"
        return "write one '- item' per line"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "write 'key: value' lines, indented under this entry"
    if kind == "int_type":
        return "write a whole number without quotes"
    if kind == "bool_type":
        return "write true or false"
    return "write the date as YYYY-MM-DD (e.g. 2025-01-14, with or without quotes), or null when the text gives none"


def problems_from(exc: ValidationError, model: type[BaseModel], doc: Located) -> list[Problem]:
    """Located problems for every error in ``exc`` (validating ``doc.data`` as ``model``).

    Values that reading already reported (``doc.reported``, e.g. an impossible date) are not reported again.
    """
    found: list[Problem] = []
    for error in exc.errors(include_url=False):
        if tuple(error["loc"]) in doc.reported:
            continue
        slug, loc, at_key, message = _rewrite(error, model, doc)
        line, column = doc.locate(loc, key=at_key)
        found.append(problem(slug, doc.path, line, column, message))
    return found


def validate(model: type[Any], doc: Located) -> tuple[Any, list[Problem]]:
    """Validate ``doc`` as ``model``: (the instance, []) or (None, problems)."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, problems_from(exc, model, doc)
