"""Read a Discourse Network Analyzer (DNA 3) database, read-only, and check what the import needs.

A ``.dna`` file is an SQLite database. The tables read here, as DNA 3 defines them:

* ``DOCUMENTS`` (ID, Title, Text, Coder, Author, Source, Section, Notes, Type, Date in Unix seconds, UTC);
* ``STATEMENTTYPES`` (ID, Label, …) and ``VARIABLES`` (ID, Variable, DataType, StatementTypeId);
* ``STATEMENTS`` (ID, StatementTypeId, DocumentId, Start, Stop, Coder): a span of a document's text;
* ``DATASHORTTEXT`` → ``ENTITIES`` (ID, VariableId, Value, Red, Green, Blue) for short-text variables;
  ``DATABOOLEAN``, ``DATAINTEGER``, ``DATALONGTEXT`` for the other variable types;
* ``ATTRIBUTEVARIABLES`` / ``ATTRIBUTEVALUES``: per-entity attributes such as Type, Alias and Notes;
* ``CODERS`` (ID, Name, …) and ``SETTINGS`` (Property, Value; ``version``).

The file is opened through an SQLite ``file:…?mode=ro`` URI, so nothing can write to it. Every
problem raises :class:`DnaError` with a message naming the file, the row and how to fix it.
``Start`` and ``Stop`` are offsets into a Java string, i.e. UTF-16 code units; :func:`unit_offsets`
converts them, so texts with characters outside the Basic Multilingual Plane import exactly.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from policycmp.errors import PolicycmpError, excerpt

REQUIRED_TABLES = (
    "DOCUMENTS",
    "STATEMENTTYPES",
    "VARIABLES",
    "STATEMENTS",
    "ENTITIES",
    "DATASHORTTEXT",
    "DATABOOLEAN",
    "CODERS",
)
"""Tables every DNA 3 database has and the import reads."""

VARIABLE_TYPES = ("short text", "long text", "integer", "boolean")
"""DNA's variable data types."""


class DnaError(PolicycmpError):
    """The DNA database cannot be imported as it is; the message says where and what to do."""


@dataclass(frozen=True)
class Entity:
    """One value of a short-text variable, with DNA's colour and attributes (Type, Alias, Notes …)."""

    id: int
    value: str
    colour: str | None
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    """One DNA document: its text and metadata (``date`` in Unix seconds, UTC)."""

    id: int
    title: str
    text: str
    coder: int | None
    author: str
    source: str
    section: str
    notes: str
    type: str
    date: int


@dataclass(frozen=True)
class Statement:
    """One coded span: ``start``/``stop`` in UTF-16 code units, ``values`` by variable name."""

    id: int
    document: int
    start: int
    stop: int
    coder: int | None
    values: dict[str, object]


@dataclass
class Database:
    """What the import reads from one DNA database, for one statement type."""

    path: Path
    version: str
    statement_type: str
    variables: dict[str, str]
    """Variable name → DNA data type, for the chosen statement type."""
    entities: dict[str, list[Entity]]
    """Short-text variable name → its entities (every entity DNA keeps, used or not)."""
    documents: list[Document]
    statements: list[Statement]
    coders: dict[int, str]
    other_types: dict[str, int]
    """Statement types not imported → how many statements each has."""


def unit_offsets(text: str) -> dict[int, int]:
    """UTF-16 code-unit offset → code-point offset, for every character boundary of ``text``.

    DNA stores Java string offsets (UTF-16 code units). They equal code-point offsets unless the text
    holds characters outside the Basic Multilingual Plane (emoji, some scripts), which take two units;
    an offset inside such a character has no entry.
    """
    offsets: dict[int, int] = {}
    units = 0
    for index, char in enumerate(text):
        offsets[units] = index
        units += 2 if ord(char) > 0xFFFF else 1
    offsets[units] = len(text)
    return offsets


def _connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise DnaError(f"{path}: no such file; give the path of a .dna database saved by DNA 3")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        conn.execute("SELECT name FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.DatabaseError:
        raise DnaError(f"{path}: not an SQLite database, so not a DNA file; DNA 3 saves its projects as SQLite .dna files") from None
    return conn


def _check_tables(conn: sqlite3.Connection, path: Path) -> str:
    tables = {row[0].upper() for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    version = ""
    if "SETTINGS" in tables:
        row = conn.execute("SELECT Value FROM SETTINGS WHERE Property = 'version'").fetchone()
        version = str(row[0]) if row else ""
    if version.startswith("2") or (missing and "STATEMENTTYPE" in tables):
        raise DnaError(
            f"{path}: a DNA 2 database (version {excerpt(version) or 'unknown'}); open it in DNA 3, which converts it, then import"
        )
    if missing:
        raise DnaError(f"{path}: not a DNA 3 database (tables missing: {', '.join(missing)}); give a .dna file saved by DNA 3")
    return version


def _statement_type(conn: sqlite3.Connection, path: Path, name: str) -> tuple[int, dict[str, int]]:
    """The chosen type's id and the statement counts of every other type."""
    types = {label: tid for tid, label in conn.execute("SELECT ID, Label FROM STATEMENTTYPES ORDER BY ID")}
    if name not in types:
        known = ", ".join(repr(t) for t in types) or "none"
        raise DnaError(f"{path}: no statement type {excerpt(name)!r}; the database has: {known}. Choose one with --statement-type")
    counts = dict(conn.execute("SELECT StatementTypeId, COUNT(*) FROM STATEMENTS GROUP BY StatementTypeId").fetchall())
    others = {label: int(counts.get(tid, 0)) for label, tid in types.items() if tid != types[name]}
    return types[name], others


def _colour(red: object, green: object, blue: object) -> str | None:
    if not all(isinstance(c, int) for c in (red, green, blue)):
        return None
    return f"#{red:02x}{green:02x}{blue:02x}"


def _entities(conn: sqlite3.Connection, variables: dict[str, tuple[int, str]]) -> dict[str, list[Entity]]:
    tables = {row[0].upper() for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    has_attributes = {"ATTRIBUTEVARIABLES", "ATTRIBUTEVALUES"} <= tables
    out: dict[str, list[Entity]] = {}
    for name, (vid, dtype) in variables.items():
        if dtype != "short text":
            continue
        attributes: dict[int, dict[str, str]] = {}
        if has_attributes:
            rows = conn.execute(
                "SELECT v.EntityId, a.AttributeVariable, v.AttributeValue FROM ATTRIBUTEVALUES v "
                "JOIN ATTRIBUTEVARIABLES a ON a.ID = v.AttributeVariableId WHERE a.VariableId = ? ORDER BY a.ID",
                (vid,),
            )
            for entity_id, attribute, value in rows:
                if value:
                    attributes.setdefault(entity_id, {})[str(attribute)] = str(value)
        rows = conn.execute("SELECT ID, Value, Red, Green, Blue FROM ENTITIES WHERE VariableId = ? ORDER BY ID", (vid,))
        out[name] = [Entity(eid, str(value), _colour(r, g, b), attributes.get(eid, {})) for eid, value, r, g, b in rows]
    return out


def _values(conn: sqlite3.Connection, type_id: int, variables: dict[str, tuple[int, str]]) -> dict[int, dict[str, object]]:
    """Statement id → variable name → value (entity value for short text)."""
    by_id = {vid: name for name, (vid, _dtype) in variables.items()}
    values: dict[int, dict[str, object]] = {}
    queries = [
        "SELECT d.StatementId, d.VariableId, e.Value FROM DATASHORTTEXT d JOIN ENTITIES e ON e.ID = d.Entity",
        "SELECT StatementId, VariableId, Value FROM DATABOOLEAN",
    ]
    tables = {row[0].upper() for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    queries += [f"SELECT StatementId, VariableId, Value FROM {t}" for t in ("DATAINTEGER", "DATALONGTEXT") if t in tables]
    for query in queries:
        for sid, vid, value in conn.execute(query):
            if vid in by_id:
                values.setdefault(sid, {})[by_id[vid]] = value
    return values


def read(path: str | Path, statement_type: str = "DNA Statement") -> Database:
    """Everything the import needs from the DNA database at ``path``, for one statement type."""
    path = Path(path)
    conn = _connect(path)
    try:
        try:
            version = _check_tables(conn, path)
            type_id, others = _statement_type(conn, path, statement_type)
            variables = {
                str(name): (int(vid), str(dtype))
                for vid, name, dtype in conn.execute(
                    "SELECT ID, Variable, DataType FROM VARIABLES WHERE StatementTypeId = ? ORDER BY ID", (type_id,)
                )
            }
            entities = _entities(conn, variables)
            values = _values(conn, type_id, variables)
            documents = [
                Document(int(i), str(t), str(x), c, str(a or ""), str(s or ""), str(se or ""), str(n or ""), str(ty or ""), int(d))
                for i, t, x, c, a, s, se, n, ty, d in conn.execute(
                    "SELECT ID, Title, Text, Coder, Author, Source, Section, Notes, Type, Date FROM DOCUMENTS ORDER BY ID"
                )
            ]
            statements = [
                Statement(int(i), int(doc), int(start), int(stop), coder, values.get(int(i), {}))
                for i, doc, start, stop, coder in conn.execute(
                    "SELECT ID, DocumentId, Start, Stop, Coder FROM STATEMENTS WHERE StatementTypeId = ? ORDER BY ID", (type_id,)
                )
            ]
            coders = {int(i): str(name) for i, name in conn.execute("SELECT ID, Name FROM CODERS ORDER BY ID")}
        except sqlite3.DatabaseError as exc:
            raise DnaError(
                f"{path}: the database does not have DNA 3's layout ({excerpt(str(exc), 80)}); give a .dna file saved by DNA 3"
            ) from None
    finally:
        conn.close()
    return Database(
        path=path,
        version=version,
        statement_type=statement_type,
        variables={name: dtype for name, (_vid, dtype) in variables.items()},
        entities=entities,
        documents=documents,
        statements=statements,
        coders=coders,
        other_types=others,
    )
