"""Small DNA 3 databases built in the tests: the tables DNA defines, texts and statements written here.

:func:`make_dna` writes an SQLite file with DNA 3's tables (the columns the import reads, with
DNA's names and types) and the default 'DNA Statement' type (person, organization, concept,
agreement). Statements are given by phrase; their Start/Stop are computed as DNA stores them,
in UTF-16 code units.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE CODERS(ID INTEGER NOT NULL PRIMARY KEY, Name TEXT NOT NULL, Red INTEGER NOT NULL DEFAULT 0,
  Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0, Password TEXT NOT NULL);
CREATE TABLE DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY, Title TEXT NOT NULL, Text TEXT NOT NULL, Coder INTEGER,
  Author TEXT NOT NULL DEFAULT '', Source TEXT NOT NULL DEFAULT '', Section TEXT NOT NULL DEFAULT '',
  Notes TEXT NOT NULL DEFAULT '', Type TEXT NOT NULL DEFAULT '', Date INTEGER NOT NULL);
CREATE TABLE STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY, Label TEXT NOT NULL, Red INTEGER NOT NULL DEFAULT 0,
  Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE VARIABLES(ID INTEGER NOT NULL PRIMARY KEY, Variable TEXT NOT NULL, DataType TEXT NOT NULL DEFAULT 'short text',
  StatementTypeId INTEGER, UNIQUE (Variable, StatementTypeId));
CREATE TABLE STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, StatementTypeId INTEGER, DocumentId INTEGER,
  Start INTEGER NOT NULL, Stop INTEGER NOT NULL, Coder INTEGER);
CREATE TABLE DATABOOLEAN(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
  Value INTEGER NOT NULL DEFAULT 1, UNIQUE (StatementId, VariableId));
CREATE TABLE DATAINTEGER(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
  Value INTEGER NOT NULL DEFAULT 0, UNIQUE (StatementId, VariableId));
CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL, Value TEXT NOT NULL DEFAULT '',
  Red INTEGER, Green INTEGER, Blue INTEGER, ChildOf INTEGER, UNIQUE (VariableId, Value));
CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
  Entity INTEGER NOT NULL, UNIQUE (StatementId, VariableId));
CREATE TABLE DATALONGTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL,
  Value TEXT DEFAULT '', UNIQUE (StatementId, VariableId));
CREATE TABLE ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL, AttributeVariable TEXT NOT NULL,
  UNIQUE(VariableId, AttributeVariable));
CREATE TABLE ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY NOT NULL, EntityId INTEGER NOT NULL, AttributeVariableId INTEGER NOT NULL,
  AttributeValue TEXT NOT NULL DEFAULT '', UNIQUE (EntityId, AttributeVariableId));
"""

VARIABLES = {"person": (1, "short text"), "organization": (2, "short text"), "concept": (3, "short text"), "agreement": (4, "boolean")}
NOTE_VARIABLE = 11  # 'note' (long text) of the 'Annotation' statement type


@dataclass(frozen=True)
class Doc:
    id: int
    title: str
    text: str
    date: int
    author: str = ""
    source: str = ""
    section: str = ""
    type: str = ""
    coder: int = 1


@dataclass(frozen=True)
class Stmt:
    id: int
    doc: int
    phrase: str
    organization: str
    concept: str
    agree: int
    person: str = ""
    occurrence: int = 1
    coder: int = 1


def utf16_index(text: str, index: int) -> int:
    """Java's (UTF-16) offset of code-point offset ``index``."""
    return len(text[:index].encode("utf-16-le")) // 2


def span(text: str, phrase: str, occurrence: int) -> tuple[int, int]:
    at = -1
    for _ in range(occurrence):
        at = text.index(phrase, at + 1)
    return utf16_index(text, at), utf16_index(text, at + len(phrase))


# Four organisations: Alpha and Beta address the same concepts with both qualifier values; Civic only
# one of them; Delta shares no concept with anyone. Alpha repeats one statement in document 1.
DOCS = (
    Doc(
        1,
        "Energy debate, part one",
        "Alpha Party: we back a carbon tax. Beta Union rejects a carbon tax.\n"
        "Alpha Party again: we back a carbon tax. Civic Forum wants a coal phase-out.\n",
        1577836800,
        author="Jo Writer",
        source="Daily Paper",
        section="Politics",
        type="News",
    ),
    Doc(
        2,
        "Energy debate, part two",
        "\U0001f30d Alpha Party now opposes a coal phase-out. Beta Union favours a coal phase-out. "
        "Beta Union: a carbon tax, yes. Delta Corp likes nuclear power. Alpha Party doubts a carbon tax. "
        "Beta Union doubts a carbon tax too.\n",
        1580515200,
        type="Commentary",
    ),
)
STATEMENTS = (
    Stmt(1, 1, "we back a carbon tax", "Alpha Party", "Carbon tax", 1, person="Ann Alpha"),
    Stmt(2, 1, "we back a carbon tax", "Alpha Party", "Carbon tax", 1, person="Ann Alpha", occurrence=2),
    Stmt(3, 1, "Beta Union rejects a carbon tax", "Beta Union", "Carbon tax", 0, person="Ben Beta"),
    Stmt(4, 1, "Civic Forum wants a coal phase-out", "Civic Forum", "Coal phase-out", 1),
    Stmt(5, 2, "Alpha Party now opposes a coal phase-out", "Alpha Party", "Coal phase-out", 0, person="Ann Alpha"),
    Stmt(6, 2, "Beta Union favours a coal phase-out", "Beta Union", "Coal phase-out", 1),
    Stmt(7, 2, "Beta Union: a carbon tax, yes", "Beta Union", "Carbon tax", 1, coder=2),
    Stmt(8, 2, "Delta Corp likes nuclear power", "Delta Corp", "Nuclear power", 1),
    Stmt(9, 2, "Alpha Party doubts a carbon tax", "Alpha Party", "Carbon tax", 0),
    Stmt(10, 2, "Beta Union doubts a carbon tax too", "Beta Union", "Carbon tax", 0),
)


def make_dna(
    path: Path, docs: tuple[Doc, ...] = DOCS, statements: tuple[Stmt, ...] = STATEMENTS, *, drop_variable: str | None = None
) -> Path:
    """Write a DNA 3 database at ``path`` with ``docs`` and ``statements`` (and one 'Annotation' statement)."""
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    conn.execute("INSERT INTO SETTINGS VALUES ('version', '3.0.11')")
    conn.executemany("INSERT INTO CODERS (ID, Name, Password) VALUES (?, ?, 'x')", [(1, "Coder One"), (2, "Coder Two")])
    conn.execute("INSERT INTO STATEMENTTYPES (ID, Label) VALUES (1, 'DNA Statement'), (3, 'Annotation')")
    for name, (vid, dtype) in VARIABLES.items():
        if name != drop_variable:
            conn.execute("INSERT INTO VARIABLES VALUES (?, ?, ?, 1)", (vid, name, dtype))
    conn.execute("INSERT INTO VARIABLES VALUES (?, 'note', 'long text', 3)", (NOTE_VARIABLE,))
    conn.execute("INSERT INTO ATTRIBUTEVARIABLES (ID, VariableId, AttributeVariable) VALUES (1, 2, 'Type'), (2, 3, 'Notes')")
    for d in docs:
        conn.execute(
            "INSERT INTO DOCUMENTS VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
            (d.id, d.title, d.text, d.coder, d.author, d.source, d.section, d.type, d.date),
        )
    entities: dict[tuple[int, str], int] = {}

    def entity(vid: int, value: str) -> int:
        if (vid, value) not in entities:
            entities[(vid, value)] = len(entities) + 1
            colour = (200, 30, 40) if vid == 2 else (None, None, None)
            conn.execute("INSERT INTO ENTITIES VALUES (?, ?, ?, ?, ?, ?, NULL)", (entities[(vid, value)], vid, value, *colour))
        return entities[(vid, value)]

    texts = {d.id: d.text for d in docs}
    for s in statements:
        start, stop = span(texts[s.doc], s.phrase, s.occurrence)
        conn.execute("INSERT INTO STATEMENTS VALUES (?, 1, ?, ?, ?, ?)", (s.id, s.doc, start, stop, s.coder))
        for name, value in (("person", s.person), ("organization", s.organization), ("concept", s.concept)):
            if name != drop_variable:
                conn.execute(
                    "INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)",
                    (s.id, VARIABLES[name][0], entity(VARIABLES[name][0], value)),
                )
        if drop_variable != "agreement":
            conn.execute("INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?, 4, ?)", (s.id, s.agree))
    attributes = (((2, "Alpha Party"), 1, "Party"), ((3, "Carbon tax"), 2, "A levy on carbon emissions."))
    for key, attribute, value in attributes:
        if key in entities:
            conn.execute(
                "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) VALUES (?, ?, ?)",
                (entities[key], attribute, value),
            )
    # One statement of another type, which the import lists instead of importing.
    conn.execute("INSERT INTO STATEMENTS VALUES (100, 3, 1, 0, 5, 1)")
    conn.execute("INSERT INTO DATALONGTEXT (StatementId, VariableId, Value) VALUES (100, ?, 'check this')", (NOTE_VARIABLE,))
    conn.commit()
    conn.close()
    return path
