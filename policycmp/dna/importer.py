"""Turn a DNA database into a policycmp corpus root (``seeds/`` + ``recommendations/``).

:func:`import_dna` reads the database with :mod:`policycmp.dna.reader`, builds the codebook and
one coded document per DNA document, writes them into a temporary directory beside ``out``,
loads that directory with policycmp's own loader (so every quote is anchored and every reference
checked), and only then renames it to ``out``. A failure at any step leaves nothing behind. The
mapping from DNA to policycmp is documented in ``docs/dna.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from policycmp.anchor import find_all
from policycmp.dna.emit import dump
from policycmp.dna.reader import Database, DnaError, Document, Entity, Statement, read, unit_offsets
from policycmp.errors import CorpusError, excerpt
from policycmp.loader import load

HolderVariable = Literal["organization", "person"]

HOLDER_TYPES = {"organization": "organisation", "person": "person"}
"""policycmp holder type given to every entity of the holder variable."""

CONCEPT = "concept"
QUALIFIER = "agreement"
ACTOR_ID = "unspecified-actor"
STRENGTH = "should"
"""DNA records no modality; every imported statement gets this strength (see docs/dna.md)."""
KIND = "recommendation"
"""DNA records no statement kind; an agreement with a concept is imported as a recommendation (see docs/dna.md)."""

DOCUMENT_KINDS = ("op-ed", "editorial", "news", "news-analysis", "research-paper", "report", "speech", "interview", "other")
_SLUG_MAX = 60


def slugify(text: str, fallback: str) -> str:
    """A policycmp id from free text: ASCII letters and digits joined by single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:_SLUG_MAX].strip("-")
    return slug or fallback


class _Ids:
    """Hands out unique slugs: the second 'foo' becomes 'foo-2'."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, text: str, fallback: str) -> str:
        base = slugify(text, fallback)
        slug, n = base, 1
        while slug in self.used:
            n += 1
            slug = f"{base}-{n}"
        self.used.add(slug)
        return slug


@dataclass
class ImportSummary:
    """What was imported, and what was not (so nothing is dropped silently)."""

    out: Path
    documents: int = 0
    recommendations: int = 0
    holders: int = 0
    options: int = 0
    skipped_empty: dict[str, int] = field(default_factory=dict)
    """Reason → statements not imported because a value is empty (DNA's networks skip them too)."""
    other_statement_types: dict[str, int] = field(default_factory=dict)
    extra_variables: dict[str, str] = field(default_factory=dict)
    """Variables of the statement type carried into recommendation notes, with their DNA type."""

    def describe(self) -> str:
        """Lines for the terminal."""
        lines = [
            f"wrote {self.out}: {self.documents} documents, {self.recommendations} recommendations, "
            f"{self.holders} holders, {self.options} options"
        ]
        for reason, count in sorted(self.skipped_empty.items()):
            lines.append(f"skipped {count} statements: {reason}")
        for label, count in sorted(self.other_statement_types.items()):
            lines.append(f"not imported: statement type {label!r} ({count} statements); import it with --statement-type")
        for name, dtype in self.extra_variables.items():
            lines.append(f"variable {name!r} ({dtype}) has no policycmp field: its values are kept in each recommendation's note")
        return "\n".join(lines)


def _check_variables(db: Database, holder: HolderVariable) -> None:
    needed = {holder: "short text", CONCEPT: "short text", QUALIFIER: "boolean"}
    for name, dtype in needed.items():
        found = db.variables.get(name)
        if found != dtype:
            what = f"is a {found} variable" if found else "is missing"
            raise DnaError(
                f"{db.path}: in statement type {db.statement_type!r}, variable {name!r} {what}; the import needs "
                f"{', '.join(f'{n} ({t})' for n, t in needed.items())}, as in DNA's default 'DNA Statement' type"
            )


def _description(entity: Entity, skip: str = "") -> str | None:
    parts = [f"{key}: {value}" for key, value in entity.attributes.items() if key != skip]
    if entity.colour:
        parts.append(f"DNA colour: {entity.colour}")
    return "; ".join(parts) or None


def _kind(dna_type: str) -> str | None:
    slug = slugify(dna_type, "")
    return slug if slug in DOCUMENT_KINDS else None


def _date(seconds: int) -> tuple[str, str]:
    moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
    note = f"From the DNA database's Date field: {seconds} Unix seconds, {moment.strftime('%Y-%m-%d %H:%M:%S')} UTC."
    return moment.date().isoformat(), note


class _Builder:
    """Builds the codebook and the coded documents from one database."""

    def __init__(self, db: Database, holder: HolderVariable) -> None:
        self.db = db
        self.holder_var: HolderVariable = holder
        self.other_var = "person" if holder == "organization" else "organization"
        self.summary = ImportSummary(out=Path())
        self.holder_ids = _Ids()
        self.option_ids = _Ids()
        self.holders: dict[str, str] = {}  # entity value → holder id
        self.options: dict[str, str] = {}  # concept value → option id
        self.codebook_holders: list[dict[str, Any]] = []
        self.voices: dict[str, str] = {}  # author → holder id
        extras = [n for n in db.variables if n not in (holder, CONCEPT, QUALIFIER, self.other_var)]
        if self.other_var in db.variables and db.variables[self.other_var] != "short text":
            extras.insert(0, self.other_var)
        self.extras = extras
        self.summary.extra_variables = {n: db.variables[n] for n in extras}
        self.summary.other_statement_types = {k: v for k, v in db.other_types.items() if v}

    def coder(self, coder: int | None) -> str:
        if coder is None:
            return "coder not recorded in the DNA database"
        return self.db.coders.get(coder, f"DNA coder {coder}")

    def kept(self, statement: Statement) -> bool:
        for name in (self.holder_var, CONCEPT, QUALIFIER):
            if name not in statement.values:
                raise DnaError(f"{self.db.path}: statement {statement.id} has no value for variable {name!r}; set it in DNA, then import")
        for name in (self.holder_var, CONCEPT):
            if str(statement.values[name]) == "":
                reason = f"empty {name}"
                self.summary.skipped_empty[reason] = self.summary.skipped_empty.get(reason, 0) + 1
                return False
        return True

    def affiliations(self, statements: list[Statement]) -> dict[str, str]:
        """Holder value → its co-coded values of the other variable (person holders only)."""
        if self.holder_var != "person" or self.db.variables.get(self.other_var) != "short text":
            return {}
        found: dict[str, set[str]] = {}
        for s in statements:
            other = str(s.values.get(self.other_var, ""))
            if other:
                found.setdefault(str(s.values[self.holder_var]), set()).add(other)
        return {k: "; ".join(sorted(v)) for k, v in found.items()}

    def codebook(self, statements: list[Statement]) -> dict[str, Any]:
        affiliation = self.affiliations(statements)
        for entity in self.db.entities.get(self.holder_var, []):
            if not entity.value or entity.value in self.holders:
                continue
            hid = self.holder_ids.take(entity.value, "holder")
            self.holders[entity.value] = hid
            item: dict[str, Any] = {"id": hid, "label": entity.value, "type": HOLDER_TYPES[self.holder_var]}
            if entity.value in affiliation:
                item["affiliation"] = affiliation[entity.value]
            description = _description(entity)
            if description:
                item["description"] = description
            self.codebook_holders.append(item)
        options: list[dict[str, str | bool]] = []
        for entity in self.db.entities.get(CONCEPT, []):
            if not entity.value or entity.value in self.options:
                continue
            oid = self.option_ids.take(entity.value, "option")
            self.options[entity.value] = oid
            definition = entity.attributes.get("Notes") or "A DNA concept; the database gives no definition."
            rest = _description(entity, skip="Notes")
            options.append({"id": oid, "label": entity.value, "definition": definition + (f" ({rest})" if rest else "")})
        theme_id = slugify(self.db.statement_type, "dna-statement")
        other = self.option_ids.take(f"{theme_id}-other", "option")
        options.append(
            {
                "id": other,
                "label": f"Other {self.db.statement_type}",
                "definition": "The theme's catch-all (every theme has one); DNA statements never use it.",
                "catch_all": True,
            }
        )
        theme = {
            "id": theme_id,
            "label": self.db.statement_type,
            "definition": f"The DNA statement type {self.db.statement_type!r}: each concept is an option.",
            "options": options,
        }
        actor = {"id": ACTOR_ID, "label": "Not recorded", "description": "DNA does not code who should act on a concept."}
        return {"version": "1.0.0", "themes": [theme], "actors": [actor], "holders": self.codebook_holders}

    def voice(self, author: str) -> str:
        """The holder id of a document's own voice: its author, or one shared 'unnamed author'."""
        if author in self.voices:
            return self.voices[author]
        if author and self.holder_var == "person" and author in self.holders:
            hid = self.holders[author]
        else:
            label = author or "Unnamed author (the DNA database records none)"
            hid = self.holder_ids.take(author or "unnamed-author", "author")
            self.codebook_holders.append(
                {
                    "id": hid,
                    "label": label,
                    "type": "person",
                    "description": "A document author from the DNA database; DNA codes no statements to authors.",
                }
            )
        self.voices[author] = hid
        return hid

    def note(self, statement: Statement) -> str:
        parts = [f"DNA statement {statement.id}", f"coded by {self.coder(statement.coder)}"]
        other = statement.values.get(self.other_var)
        if self.other_var not in self.extras and other not in (None, ""):
            parts.append(f"{self.other_var}: {other}")
        for name in self.extras:
            value = statement.values.get(name)
            if value not in (None, ""):
                parts.append(f"{name}: {value}")
        return "; ".join(parts)

    def recommendation(self, doc: Document, text: str, offsets: dict[int, int], statement: Statement) -> dict[str, Any]:
        if statement.start not in offsets or statement.stop not in offsets or not statement.start < statement.stop:
            raise DnaError(
                f"{self.db.path}: statement {statement.id} spans characters {statement.start}–{statement.stop}, outside the text of "
                f"document {doc.id} ({excerpt(doc.title)!r}, {max(offsets)} characters); fix or delete the statement in DNA, then import"
            )
        begin, end = offsets[statement.start], offsets[statement.stop]
        quote = doc.text[begin:end]
        shift = 1 if doc.text.startswith("\ufeff") else 0
        matches = find_all(text, quote)
        fits = [i for i, m in enumerate(matches) if m[0][0] >= begin - shift and m[-1][1] <= end - shift]
        if not quote.strip() or not fits:
            raise DnaError(
                f"{self.db.path}: statement {statement.id} (document {doc.id}) covers {excerpt(quote)!r}, which cannot be written as a "
                "policycmp quote (only whitespace, or an ellipsis policycmp reads as a gap); widen the span in DNA, then import"
            )
        item: dict[str, Any] = {
            "id": f"statement-{statement.id}",
            "holder": self.holders[str(statement.values[self.holder_var])],
            "actors": [ACTOR_ID],
            "option": self.options[str(statement.values[CONCEPT])],
            "stance": "support" if int(str(statement.values[QUALIFIER])) == 1 else "oppose",
            "kind": KIND,
            "strength": STRENGTH,
            "quote": quote,
        }
        if len(matches) > 1:
            item["occurrence"] = fits[0] + 1
        item["note"] = self.note(statement)
        return item

    def document(self, doc: Document, doc_id: str, statements: list[Statement]) -> dict[str, Any]:
        text = doc.text.removeprefix("\ufeff")
        offsets = unit_offsets(doc.text)
        ordered = sorted(statements, key=lambda s: (s.start, s.stop, s.id))
        date, date_note = _date(doc.date)
        kind = _kind(doc.type)
        notes = [f"Imported from DNA document {doc.id}."]
        if doc.section:
            notes.append(f"Section: {doc.section}.")
        if doc.type and kind is None:
            notes.append(f"DNA type: {doc.type}.")
        if doc.notes:
            notes.append(f"DNA notes: {doc.notes}")
        coders = [self.coder(doc.coder)]
        for s in sorted(ordered, key=lambda s: s.coder or 0):
            name = self.coder(s.coder)
            if name not in coders:
                coders.append(name)
        meta = {
            "id": doc_id,
            "seed": f"{doc_id}.txt",
            "title": doc.title or None,
            "authors": [doc.author] if doc.author else [],
            "voice": self.voice(doc.author),
            "outlet": doc.source or None,
            "kind": kind or "other",
            "date": date,
            "date_note": date_note,
            "notes": " ".join(notes),
        }
        recs = [self.recommendation(doc, text, offsets, s) for s in ordered]
        return {"document": meta, "coders": coders, "recommendations": recs}


HEADER_CODEBOOK = "Codebook imported from a DNA database by `policycmp import-dna`; see docs/dna.md for the mapping."
HEADER_DOCUMENT = "Imported from a DNA database by `policycmp import-dna`; DNA statement ids are kept in each note."


def build_files(db: Database, holder: HolderVariable = "organization") -> tuple[dict[str, bytes], ImportSummary]:
    """Relative path → file content of the whole corpus root, and the summary."""
    _check_variables(db, holder)
    builder = _Builder(db, holder)
    statements = [s for s in db.statements if builder.kept(s)]
    docs = {d.id: d for d in db.documents}
    for s in statements:
        if s.document not in docs:
            raise DnaError(f"{db.path}: statement {s.id} belongs to document {s.document}, which does not exist; delete it in DNA")
    codebook = builder.codebook(statements)
    width = max(4, len(str(max(docs, default=0))))
    files: dict[str, bytes] = {}
    manifest = []
    for doc in db.documents:
        doc_id = f"{doc.id:0{width}d}-{slugify(doc.title, 'document')}"
        own = [s for s in statements if s.document == doc.id]
        coded = builder.document(doc, doc_id, own)
        seed = doc.text.encode("utf-8")
        files[f"seeds/{doc_id}.txt"] = seed
        manifest.append(f"{hashlib.sha256(seed).hexdigest()}  {doc_id}.txt\n")
        files[f"recommendations/{doc_id}.yaml"] = dump(coded, HEADER_DOCUMENT).encode("utf-8")
        builder.summary.recommendations += len(coded["recommendations"])
    files["seeds/SHA256SUMS"] = "".join(manifest).encode("utf-8")
    files["seeds/README.md"] = (
        "# Seed texts\n\nThe document texts of the DNA database "
        f"`{db.path.name}`, written byte for byte (UTF-8) by `policycmp import-dna`.\n"
    ).encode()
    files["recommendations/codebook.yaml"] = dump(codebook, HEADER_CODEBOOK).encode("utf-8")
    builder.summary.documents = len(db.documents)
    builder.summary.holders = len(codebook["holders"])
    builder.summary.options = len(codebook["themes"][0]["options"]) - 1  # the catch-all is not a DNA concept
    if not codebook["themes"][0]["options"]:
        raise DnaError(f"{db.path}: the variable 'concept' has no non-empty value; code at least one concept in DNA, then import")
    return files, builder.summary


def _check_out(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise DnaError(f"{out} already exists and is not an empty directory; choose a new --out (the import never overwrites)")


def import_dna(
    path: str | Path, out: str | Path, *, holder: HolderVariable = "organization", statement_type: str = "DNA Statement"
) -> ImportSummary:
    """Import the DNA database at ``path`` into a new corpus root ``out``; the summary says what was (not) imported.

    Raises :class:`~policycmp.dna.reader.DnaError` (nothing written) when the file is not a DNA
    database, a needed variable is missing, a span lies outside its text, or ``out`` is not empty.
    """
    if holder not in HOLDER_TYPES:
        raise DnaError(f"holder={holder!r} is not a DNA holder variable; choose from: {', '.join(HOLDER_TYPES)}")
    out = Path(out)
    _check_out(out)
    files, summary = build_files(read(path, statement_type), holder)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.import-", dir=out.parent))
    try:
        for rel, data in sorted(files.items()):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        try:
            load(tmp)
        except CorpusError as exc:  # a bug in the import, never the user's data: say so plainly
            raise DnaError(f"the imported corpus does not validate (please report this as a policycmp bug):\n{exc}") from None
        _check_out(out)
        if out.exists():
            out.rmdir()
        tmp.replace(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    summary.out = out
    return summary
