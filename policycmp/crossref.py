"""Checks that span files: ids that must exist in the codebook, ids that must be unique,
seeds that must exist and match their checksum manifest.

Each check takes validated models and the :class:`~policycmp.yamlsafe.Located`
document they came from (for line and column) and returns problems; none raises.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policycmp.errors import Problem, ProblemSlug, excerpt, problem
from policycmp.messages import did_you_mean
from policycmp.models import SLUG_MAX, SLUG_PATTERN
from policycmp.yamlsafe import Located
from policycmp.yamlsafe import Path as NodePath

MANIFEST = "SHA256SUMS"
_SLUG = re.compile(SLUG_PATTERN)
_MANIFEST_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")


def _at(doc: Located, loc: NodePath, slug: ProblemSlug, message: str, *, key: bool = False) -> Problem:
    line, column = doc.locate(loc, key=key)
    return problem(slug, doc.path, line, column, message)


def _duplicates(doc: Located, entries: Iterable[tuple[str, NodePath]], what: str) -> list[Problem]:
    """A problem for each repeated id, naming the line of the first one."""
    first: dict[str, NodePath] = {}
    found: list[Problem] = []
    for ident, loc in entries:
        if ident in first:
            found.append(
                _at(
                    doc,
                    loc,
                    ProblemSlug.DUPLICATE_ID,
                    f"duplicate {what} id '{ident}': already used on line {doc.locate(first[ident])[0]}; give each its own id",
                )
            )
        else:
            first[ident] = loc  # located only when repeated: a valid file needs no place
    return found


def _entries(doc: Located, *loc: str | int) -> list[tuple[NodePath, dict[str, Any]]]:
    """The mappings of the list at ``loc`` in the raw data, with their paths (anything else is skipped)."""
    items: Any = doc.data
    for part in loc:
        if isinstance(items, dict) and isinstance(part, str):
            items = items.get(part)
        elif isinstance(items, list) and isinstance(part, int) and 0 <= part < len(items):
            items = items[part]
        else:
            return []
    if not isinstance(items, list):
        return []
    return [((*loc, i), item) for i, item in enumerate(items) if isinstance(item, dict)]


def _slug(value: object) -> str | None:
    """``value`` if it is a well-formed id (malformed or overlong ones are the schema's to report), else None."""
    return value if isinstance(value, str) and len(value) <= SLUG_MAX and _SLUG.match(value) else None


def _ids(entries: Iterable[tuple[NodePath, dict[str, Any]]]) -> list[tuple[str, NodePath]]:
    return [(ident, (*loc, "id")) for loc, item in entries if (ident := _slug(item.get("id"))) is not None]


@dataclass(frozen=True)
class Ids:
    """The ids a codebook defines, for reference checks."""

    options: frozenset[str]
    holders: frozenset[str]
    actors: frozenset[str]
    themes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Theme id → its option ids (to answer a theme id written where an option belongs)."""
    catch_all: frozenset[str] = frozenset()
    """Ids of the catch-all ('other') options, whose uses need a note."""

    @classmethod
    def of(cls, doc: Located) -> Ids:
        """The ids in a codebook's data; works on a codebook that failed validation too."""
        themes = {
            theme: tuple(i for i, _ in _ids(_entries(doc, *loc, "options")))
            for loc, item in _entries(doc, "themes")
            if (theme := _slug(item.get("id"))) is not None
        }
        options = [entry for loc, _ in _entries(doc, "themes") for entry in _entries(doc, *loc, "options")]
        return cls(
            options=frozenset(i for i, _ in _ids(options)),
            holders=frozenset(i for i, _ in _ids(_entries(doc, "holders"))),
            actors=frozenset(i for i, _ in _ids(_entries(doc, "actors"))),
            themes=themes,
            catch_all=frozenset(i for _, item in options if (i := _slug(item.get("id"))) is not None and item.get("catch_all") is True),
        )


def check_codebook(doc: Located) -> list[Problem]:
    """Ids unique per kind (themes, options across themes, actors, holders); team members exist."""
    themes = _entries(doc, "themes")
    found = _duplicates(doc, _ids(themes), "theme")
    found += _duplicates(doc, _ids(entry for loc, _ in themes for entry in _entries(doc, *loc, "options")), "option")
    found += _duplicates(doc, _ids(_entries(doc, "actors")), "actor")
    found += _duplicates(doc, _ids(_entries(doc, "dimensions")), "dimension")
    found += _pole_references(doc, themes)
    holders = _entries(doc, "holders")
    found += _duplicates(doc, _ids(holders), "holder")
    known = Ids.of(doc).holders
    for loc, holder in holders:
        members = holder.get("members")
        for j, member in enumerate(members if isinstance(members, list) else []):
            if _slug(member) is not None and member not in known:
                found.append(
                    _at(
                        doc,
                        (*loc, "members", j),
                        ProblemSlug.UNKNOWN_HOLDER,
                        f"unknown holder '{member}' in the members of '{excerpt(holder.get('id'))}'"
                        + (did_you_mean(member, known) or ": add it to holders first, or remove it from the members"),
                    )
                )
    return found + member_cycles(doc, holders)


def _pole_references(doc: Located, themes: list[tuple[NodePath, dict[str, Any]]]) -> list[Problem]:
    """Each option's ``poles`` name a dimension of the codebook and one of its poles, at most once per dimension."""
    poles = {
        ident: {p for p in (_slug(pole.get("id")) for _, pole in _entries(doc, *loc, "poles")) if p is not None}
        for loc, item in _entries(doc, "dimensions")
        if (ident := _slug(item.get("id"))) is not None
    }
    found: list[Problem] = []
    for theme_loc, _ in themes:
        for loc, option in _entries(doc, *theme_loc, "options"):
            seen: set[str] = set()
            for ref_loc, ref in _entries(doc, *loc, "poles"):
                dimension, pole = _slug(ref.get("dimension")), _slug(ref.get("pole"))
                if dimension is None or pole is None:
                    continue  # the schema reports the shape
                if dimension not in poles:
                    hint = did_you_mean(dimension, frozenset(poles)) or ": add it to the codebook's 'dimensions', or correct the id"
                    found.append(_at(doc, (*ref_loc, "dimension"), ProblemSlug.UNKNOWN_POLE, f"unknown dimension '{dimension}'{hint}"))
                elif pole not in poles[dimension]:
                    choices = ", ".join(sorted(poles[dimension]))
                    found.append(
                        _at(
                            doc,
                            (*ref_loc, "pole"),
                            ProblemSlug.UNKNOWN_POLE,
                            f"dimension '{dimension}' has no pole '{pole}': use one of {choices}",
                        )
                    )
                elif dimension in seen:
                    found.append(
                        _at(
                            doc,
                            (*ref_loc, "dimension"),
                            ProblemSlug.UNKNOWN_POLE,
                            f"option '{excerpt(option.get('id'))}' is placed twice on dimension '{dimension}': keep one pole",
                        )
                    )
                seen.add(dimension)
    return found


def member_cycles(doc: Located, holders: list[tuple[NodePath, dict[str, Any]]]) -> list[Problem]:
    """One problem per circle of membership: a holder listed among its own members, directly or through others.

    Found with strongly connected components (linear in holders and members), reported at the
    member entry of the circle that comes first in the file.
    """
    where: dict[str, NodePath] = {}
    edges: dict[str, list[tuple[str, int]]] = {}
    for loc, holder in holders:
        ident = _slug(holder.get("id"))
        if ident is None or ident in where:
            continue
        where[ident] = loc
        members = holder.get("members")
        edges[ident] = [(m, j) for j, m in enumerate(members if isinstance(members, list) else []) if _slug(m) is not None]
    component = _components({h: [m for m, _ in out if m in edges] for h, out in edges.items()})
    found: list[Problem] = []
    reported: set[int] = set()
    for ident in where:  # file order
        for member, j in edges[ident]:
            if member not in edges or component[member] != component[ident] or component[ident] in reported:
                continue
            reported.add(component[ident])
            circle = _path(edges, member, ident, component)
            shown = excerpt(" → ".join([ident, *circle]), 200)
            message = (
                f"holder '{ident}' lists itself among its members: remove it"
                if member == ident
                else f"holder '{ident}' is its own member through a circle of members ({shown}): remove the member that closes the circle"
            )
            found.append(_at(doc, (*where[ident], "members", j), ProblemSlug.MEMBER_CYCLE, message))
    return found


def _components(graph: dict[str, list[str]]) -> dict[str, int]:
    """Strongly connected component number of each node (iterative Tarjan, so deep chains cannot overflow the stack)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, next_edge = work.pop()
            if next_edge == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = graph[node]
            if next_edge < len(targets):
                work.append((node, next_edge + 1))
                target = targets[next_edge]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = index[node]
                    if member == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return component


def _path(edges: dict[str, list[tuple[str, int]]], start: str, goal: str, component: dict[str, int]) -> list[str]:
    """The shortest chain of members from ``start`` to ``goal`` within their component (both ends included)."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    for node in queue:
        if node == goal:
            break
        for member, _ in edges.get(node, []):
            if member not in previous and component.get(member) == component[start]:
                previous[member] = node
                queue.append(member)
    chain: list[str] = []
    step: str | None = goal
    while step is not None:
        chain.append(step)
        step = previous.get(step)
    return chain[::-1]


_UNKNOWN: dict[str, ProblemSlug] = {
    "option": ProblemSlug.UNKNOWN_OPTION,
    "holder": ProblemSlug.UNKNOWN_HOLDER,
    "actor": ProblemSlug.UNKNOWN_ACTOR,
}
"""The problem kind of an unknown id, by what the id names."""


def _unknown(doc: Located, loc: NodePath, kind: str, ident: str, known: frozenset[str]) -> Problem:
    hint = did_you_mean(ident, known)
    if kind == "holder":  # a near miss may still be a different person: say how to add one, not only the neighbour
        lead = f"{hint} If" if hint else ": if"
        return _at(doc, loc, _UNKNOWN[kind], f"unknown holder '{ident}'{lead} {HOW_TO_ADD_HOLDER.format(ident=ident)}")
    article = "an" if kind[0] in "aeiou" else "a"
    fix = "" if hint else f": use {article} {kind} id from the codebook, or add the {kind} there"
    return _at(doc, loc, _UNKNOWN[kind], f"unknown {kind} '{ident}'{hint}{fix}")


HOW_TO_ADD_HOLDER = (
    "'{ident}' is a holder the codebook does not have yet, add it under 'holders:' in recommendations/codebook.yaml "
    "(id: {ident}, label: the name as printed, type: person, organisation, … and affiliation: if the text gives one)"
)
"""How to add a new holder, said with every unknown holder (a near miss may be a genuinely different holder)."""


def _unknown_option(doc: Located, loc: NodePath, ident: str, ids: Ids) -> Problem:
    """An unknown option; a theme id (or a near miss of one) is answered with that theme's options."""
    theme = ident if ident in ids.themes else None
    if theme is None and not did_you_mean(ident, ids.options - ids.catch_all):
        close = difflib.get_close_matches(ident, sorted(ids.themes), n=1, cutoff=0.8)
        theme = close[0] if close else None
    if theme is None or not ids.themes[theme]:
        return _unknown(doc, loc, "option", ident, ids.options)
    what = f"'{ident}' is a theme, not an option" if theme == ident else f"unknown option '{ident}' (the theme '{theme}' is close)"
    options = ", ".join(ids.themes[theme])
    return _at(doc, loc, ProblemSlug.UNKNOWN_OPTION, f"{what}: use one of the theme's options ({excerpt(options, 200)})")


def check_document(doc: Located, ids: Ids, stem: str) -> list[Problem]:
    """References to the codebook, unique recommendation ids, document id equal to the file stem.

    Works on the raw data, so that a file with schema problems is still checked
    everywhere else; values of the wrong type are left to the schema.
    """
    found: list[Problem] = []
    meta = doc.data.get("document") if isinstance(doc.data, dict) else None
    meta = meta if isinstance(meta, dict) else {}
    ident = meta.get("id")
    if _slug(ident) is not None and ident != stem:
        found.append(
            _at(
                doc,
                ("document", "id"),
                ProblemSlug.ID_NOT_FILE_STEM,
                f"document id '{ident}' differs from the file name '{stem}.yaml': make them the same",
            )
        )
    voice = _slug(meta.get("voice"))
    if voice is not None and voice not in ids.holders:
        found.append(_unknown(doc, ("document", "voice"), "holder", voice, ids.holders))
    recommendations = _entries(doc, "recommendations")
    found += _duplicates(doc, _ids(recommendations), "recommendation")
    for loc, rec in recommendations:
        holder = _slug(rec.get("holder"))
        if holder is not None and holder not in ids.holders:
            found.append(_unknown(doc, (*loc, "holder"), "holder", holder, ids.holders))
        actors = rec.get("actors")
        for j, actor in enumerate(actors if isinstance(actors, list) else []):
            if _slug(actor) is not None and actor not in ids.actors:
                found.append(_unknown(doc, (*loc, "actors", j), "actor", actor, ids.actors))
        option = _slug(rec.get("option"))
        if option is not None and option not in ids.options:
            found.append(_unknown_option(doc, (*loc, "option"), option, ids))
        elif option in ids.catch_all and not rec.get("note"):
            found.append(
                _at(
                    doc,
                    (*loc, "option"),
                    ProblemSlug.CATCH_ALL_NEEDS_NOTE,
                    f"'{option}' is the theme's catch-all option: add 'note:' saying what this prescription is "
                    "(when the same kind recurs, propose a new option in the codebook)",
                )
            )
    return found


def quotes(doc: Located) -> list[tuple[NodePath, str, int | None]]:
    """(path of the entry, quote, occurrence) for every recommendation and waiver with a usable quote."""
    found = []
    for loc, entry in [*_entries(doc, "recommendations"), *_entries(doc, "waivers")]:
        quote, occurrence = entry.get("quote"), entry.get("occurrence")
        if isinstance(quote, str) and quote and (occurrence is None or (type(occurrence) is int and occurrence >= 1)):
            found.append((loc, quote, occurrence))
    return found


@dataclass
class Manifest:
    """The seeds' checksum manifest (``sha256sum`` format): file name → (hex digest, line)."""

    path: str
    entries: dict[str, tuple[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, path: str) -> Manifest:
        manifest = cls(path)
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            match = _MANIFEST_LINE.match(line)
            if match is None:
                manifest.problems.append(
                    problem(
                        ProblemSlug.BAD_MANIFEST, path, number, 1, "malformed line: expected a 64-digit SHA-256, two spaces and a file name"
                    )
                )
                continue
            name = seed_entry_name(match.group(2))
            if name in manifest.entries:
                first = manifest.entries[name][1]
                manifest.problems.append(
                    problem(
                        ProblemSlug.MANIFEST_DUPLICATE,
                        path,
                        number,
                        1,
                        f"seeds/{excerpt(name)} is already listed on line {first}: a seed has one checksum, of the original text; "
                        "remove this line (an edited seed must be restored, not re-listed)",
                    )
                )
                continue  # the first line stands: a later one never replaces it
            manifest.entries[name] = (match.group(1).lower(), number)
        return manifest

    def check(self, name: str, data: bytes) -> Problem | None:
        """A problem when ``name`` is listed with another checksum."""
        if name not in self.entries:
            return None
        expected, line = self.entries[name]
        actual = hashlib.sha256(data).hexdigest()
        if actual == expected:
            return None
        return problem(
            ProblemSlug.SEED_CHECKSUM,
            self.path,
            line,
            1,
            f"seeds/{name} does not match its checksum (sha256 {actual[:12]}…, listed {expected[:12]}…): "
            "restore the seed byte for byte; seeds are never edited",
        )


def seed_entry_name(written: str) -> str:
    """The seed file name of a manifest line: ``seeds/x.txt`` and ``./x.txt`` (``sha256sum`` run from the corpus
    root or with a path) stand for ``x.txt``, since every seed lives directly in ``seeds/``."""
    name = written
    while name.startswith("./"):
        name = name[2:]
    return name.removeprefix("seeds/")


def is_file(path: Path) -> bool:
    """``path.is_file()``, but False for a name the system refuses (too long, or holding a NUL character)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def seed_name(doc: Located) -> str | None:
    """The seed file name a document names, if it is text."""
    meta = doc.data.get("document") if isinstance(doc.data, dict) else None
    name = meta.get("seed") if isinstance(meta, dict) else None
    return name if isinstance(name, str) and name else None


def seed_problems(doc: Located, seeds_dir: Path, manifest: Manifest | None) -> list[Problem]:
    """The seed named by the document must be a plain file name under seeds/, listed in the manifest."""
    name = seed_name(doc)
    if name is None:
        return []
    loc = ("document", "seed")
    shown = excerpt(name)
    if "/" in name or "\\" in name or name in (".", "..") or name == MANIFEST:
        return [_at(doc, loc, ProblemSlug.MISSING_SEED, f"seed '{shown}' must be a file name under seeds/, without a directory")]
    if not is_file(seeds_dir / name):
        available = [p.name for p in seeds_dir.glob("*.txt")] if seeds_dir.is_dir() else []
        hint = did_you_mean(name, available)
        return [_at(doc, loc, ProblemSlug.MISSING_SEED, f"seed file 'seeds/{shown}' does not exist{hint}")]
    if manifest is not None and name not in manifest.entries:
        return [
            _at(doc, loc, ProblemSlug.SEED_NOT_IN_MANIFEST, f"seed '{shown}' is not listed in seeds/{MANIFEST}: add its sha256sum line")
        ]
    return []


def duplicate_documents(docs: list[tuple[str, Located]]) -> list[Problem]:
    """Document ids must be unique across files."""
    first: dict[str, str] = {}
    found: list[Problem] = []
    for ident, doc in docs:
        if ident in first:
            found.append(
                _at(doc, ("document", "id"), ProblemSlug.DUPLICATE_ID, f"duplicate document id '{ident}': already used by {first[ident]}")
            )
        else:
            first[ident] = doc.path
    return found
