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

from policycmp.errors import Problem, problem
from policycmp.models import Codebook, CodedDocument
from policycmp.yamlsafe import Located
from policycmp.yamlsafe import Path as NodePath

MANIFEST = "SHA256SUMS"
_MANIFEST_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' for the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _at(doc: Located, loc: NodePath, slug: str, message: str, *, key: bool = False) -> Problem:
    line, column = doc.locate(loc, key=key)
    return problem(slug, doc.path, line, column, message)


def _duplicates(doc: Located, entries: Iterable[tuple[str, NodePath]], what: str) -> list[Problem]:
    """A problem for each repeated id, naming the line of the first one."""
    first: dict[str, int] = {}
    found: list[Problem] = []
    for ident, loc in entries:
        line = doc.locate(loc)[0]
        if ident in first:
            found.append(
                _at(doc, loc, "duplicate-id", f"duplicate {what} id '{ident}': already used on line {first[ident]}; give each its own id")
            )
        else:
            first[ident] = line
    return found


@dataclass(frozen=True)
class Ids:
    """The ids a codebook defines, for reference checks."""

    options: frozenset[str]
    holders: frozenset[str]
    actors: frozenset[str]

    @classmethod
    def of(cls, codebook: Codebook) -> Ids:
        return cls(
            options=frozenset(o.id for t in codebook.themes for o in t.options),
            holders=frozenset(h.id for h in codebook.holders),
            actors=frozenset(a.id for a in codebook.actors),
        )

    @classmethod
    def salvage(cls, data: object) -> Ids:
        """Best-effort ids from a codebook that failed validation, so that documents are still checked."""

        def ids(items: object) -> frozenset[str]:
            entries = items if isinstance(items, list) else []
            return frozenset(e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str))

        book = data if isinstance(data, dict) else {}
        themes = book.get("themes")
        options = (
            frozenset().union(*(ids(t.get("options")) for t in themes if isinstance(t, dict))) if isinstance(themes, list) else frozenset()
        )
        return cls(options=options, holders=ids(book.get("holders")), actors=ids(book.get("actors")))


def check_codebook(codebook: Codebook, doc: Located) -> list[Problem]:
    """Ids unique per kind (themes, options across themes, actors, holders); team members exist."""
    found = _duplicates(doc, ((t.id, ("themes", i, "id")) for i, t in enumerate(codebook.themes)), "theme")
    options = ((o.id, ("themes", i, "options", j, "id")) for i, t in enumerate(codebook.themes) for j, o in enumerate(t.options))
    found += _duplicates(doc, options, "option")
    found += _duplicates(doc, ((a.id, ("actors", i, "id")) for i, a in enumerate(codebook.actors)), "actor")
    found += _duplicates(doc, ((h.id, ("holders", i, "id")) for i, h in enumerate(codebook.holders)), "holder")
    holders = {h.id for h in codebook.holders}
    for i, holder in enumerate(codebook.holders):
        for j, member in enumerate(holder.members):
            if member not in holders:
                found.append(
                    _at(
                        doc,
                        ("holders", i, "members", j),
                        "unknown-holder",
                        f"unknown holder '{member}' in the members of '{holder.id}'{did_you_mean(member, holders)}: "
                        "add it to holders first",
                    )
                )
    return found


def _unknown(doc: Located, loc: NodePath, kind: str, ident: str, known: frozenset[str]) -> Problem:
    hint = did_you_mean(ident, known)
    article = "an" if kind[0] in "aeiou" else "a"
    fix = "" if hint else f": use {article} {kind} id from the codebook, or add the {kind} there"
    return _at(doc, loc, f"unknown-{kind}", f"unknown {kind} '{ident}'{hint}{fix}")


def check_document(coded: CodedDocument, doc: Located, ids: Ids, stem: str) -> list[Problem]:
    """References to the codebook, unique recommendation ids, document id equal to the file stem."""
    found: list[Problem] = []
    meta = coded.document
    if meta.id != stem:
        found.append(
            _at(
                doc,
                ("document", "id"),
                "id-not-file-stem",
                f"document id '{meta.id}' differs from the file name '{stem}.yaml': make them the same",
            )
        )
    if meta.voice not in ids.holders:
        found.append(_unknown(doc, ("document", "voice"), "holder", meta.voice, ids.holders))
    found += _duplicates(doc, ((r.id, ("recommendations", i, "id")) for i, r in enumerate(coded.recommendations)), "recommendation")
    for i, rec in enumerate(coded.recommendations):
        base = ("recommendations", i)
        if rec.holder is not None and rec.holder not in ids.holders:
            found.append(_unknown(doc, (*base, "holder"), "holder", rec.holder, ids.holders))
        for j, actor in enumerate(rec.actors):
            if actor not in ids.actors:
                found.append(_unknown(doc, (*base, "actors", j), "actor", actor, ids.actors))
        if rec.option not in ids.options:
            found.append(_unknown(doc, (*base, "option"), "option", rec.option, ids.options))
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
                    problem("bad-manifest", path, number, 1, "malformed line: expected a 64-digit SHA-256, two spaces and a file name")
                )
                continue
            manifest.entries[match.group(2)] = (match.group(1).lower(), number)
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
            "seed-checksum",
            self.path,
            line,
            1,
            f"seeds/{name} does not match its checksum (sha256 {actual[:12]}…, listed {expected[:12]}…): "
            "restore the seed byte for byte; seeds are never edited",
        )


def seed_problems(coded: CodedDocument, doc: Located, seeds_dir: Path, manifest: Manifest | None) -> list[Problem]:
    """The seed named by the document must be a plain file name under seeds/, listed in the manifest."""
    name = coded.document.seed
    loc = ("document", "seed")
    if "/" in name or "\\" in name or name in (".", "..") or name == MANIFEST:
        return [_at(doc, loc, "missing-seed", f"seed '{name}' must be a file name under seeds/, without a directory")]
    if not (seeds_dir / name).is_file():
        available = [p.name for p in seeds_dir.glob("*.txt")] if seeds_dir.is_dir() else []
        hint = did_you_mean(name, available)
        return [_at(doc, loc, "missing-seed", f"seed file 'seeds/{name}' does not exist{hint}")]
    if manifest is not None and name not in manifest.entries:
        return [_at(doc, loc, "seed-not-in-manifest", f"seed '{name}' is not listed in seeds/{MANIFEST}: add its sha256sum line")]
    return []


def duplicate_documents(docs: list[tuple[str, Located]]) -> list[Problem]:
    """Document ids must be unique across files."""
    first: dict[str, str] = {}
    found: list[Problem] = []
    for ident, doc in docs:
        if ident in first:
            found.append(_at(doc, ("document", "id"), "duplicate-id", f"duplicate document id '{ident}': already used by {first[ident]}"))
        else:
            first[ident] = doc.path
    return found
