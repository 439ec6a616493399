"""User-facing errors and the catalogue of problem kinds.

Every problem the loader can find has a stable code and slug (``PC302
unknown-holder``), a short title and a description of how to fix it. A
:class:`Problem` is one occurrence of a kind at a place in a file;
:class:`CorpusError` carries all problems found in one run. ``docs/errors.md``
is generated from :data:`CATALOGUE` (see :func:`catalogue_markdown`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class ProblemSlug(StrEnum):
    """The slug of each problem kind, as a constant mypy checks: ``problem(ProblemSlug.UNKNOWN_OPTION, …)``.

    Every call site names its kind through this enum, so a misspelt kind fails type checking, not
    a user's run; :data:`CATALOGUE` describes each one (a test checks the two list the same kinds).
    """

    YAML_SYNTAX = "yaml-syntax"
    DUPLICATE_KEY = "duplicate-key"
    YAML_ALIAS = "yaml-alias"
    YAML_TAG = "yaml-tag"
    TOO_DEEP = "too-deep"
    INVALID_DATE = "invalid-date"
    NOT_UTF8 = "not-utf8"
    EMPTY_FILE = "empty-file"
    MULTIPLE_DOCUMENTS = "multiple-documents"
    UNREADABLE_FILE = "unreadable-file"
    COMPLEX_KEY = "complex-key"
    FILE_TOO_LARGE = "file-too-large"
    VALUE_TOO_LONG = "value-too-long"
    TOO_MANY_ITEMS = "too-many-items"
    MISSING_FIELD = "missing-field"
    UNKNOWN_FIELD = "unknown-field"
    WRONG_TYPE = "wrong-type"
    INVALID_CHOICE = "invalid-choice"
    INVALID_ID = "invalid-id"
    EMPTY_VALUE = "empty-value"
    CONDITIONS_REQUIRED = "conditions-required"
    INVALID_URL = "invalid-url"
    OUT_OF_RANGE = "out-of-range"
    STRENGTH_REQUIRED = "strength-required"
    STRENGTH_EXPECTED_RETIRED = "strength-expected-retired"
    CATCH_ALL_REQUIRED = "catch-all-required"
    PLACEHOLDER_AUTHOR = "placeholder-author"
    INVALID_VALUE = "invalid-value"
    UNKNOWN_OPTION = "unknown-option"
    UNKNOWN_HOLDER = "unknown-holder"
    UNKNOWN_ACTOR = "unknown-actor"
    DUPLICATE_ID = "duplicate-id"
    ID_NOT_FILE_STEM = "id-not-file-stem"
    MISSING_SEED = "missing-seed"
    SEED_CHECKSUM = "seed-checksum"
    MISSING_CODEBOOK = "missing-codebook"
    SEED_NOT_IN_MANIFEST = "seed-not-in-manifest"
    BAD_MANIFEST = "bad-manifest"
    MANIFEST_DUPLICATE = "manifest-duplicate"
    MISSING_MANIFEST = "missing-manifest"
    SEED_CODED_TWICE = "seed-coded-twice"
    MEMBER_CYCLE = "member-cycle"
    UNKNOWN_POLE = "unknown-pole"
    CATCH_ALL_NEEDS_NOTE = "catch-all-needs-note"
    CODING_FILE_NAME = "coding-file-name"
    CODING_WITHOUT_MAIN = "coding-without-main"
    CODING_SEED_DIFFERS = "coding-seed-differs"
    SIMILAR_HOLDERS = "similar-holders"
    QUOTE_NOT_FOUND = "quote-not-found"
    QUOTE_AMBIGUOUS = "quote-ambiguous"
    OCCURRENCE_OUT_OF_RANGE = "occurrence-out-of-range"
    QUOTE_TOO_LONG = "quote-too-long"


@dataclass(frozen=True)
class Kind:
    """One kind of problem: stable code and slug, a title and how to fix it."""

    code: str
    slug: ProblemSlug
    title: str
    fix: str
    warning: bool = False
    """A warning is printed like a problem but does not make the corpus invalid (``validate`` still exits 0)."""


_KINDS = (
    # PC1xx: reading files and YAML.
    Kind(
        "PC101",
        ProblemSlug.YAML_SYNTAX,
        "The file is not valid YAML",
        "Fix the syntax at the reported line and column; indent with spaces, never tabs. A double quote inside a "
        "double-quoted text must be written \\\" (or quote the text with single quotes, or use a block scalar).",
    ),
    Kind(
        "PC102",
        ProblemSlug.DUPLICATE_KEY,
        "A key appears twice in one mapping",
        "Keep one of the two keys; YAML would otherwise silently drop the first value.",
    ),
    Kind(
        "PC103",
        ProblemSlug.YAML_ALIAS,
        "Anchors and aliases are not allowed",
        "Write the value out in full. Anchors (&name) and aliases (*name) hide repeated data and can expand explosively.",
    ),
    Kind(
        "PC104",
        ProblemSlug.YAML_TAG,
        "Explicit tags are not allowed",
        "Remove the tag (e.g. !!python/object or !!str); quote the value if you want text.",
    ),
    Kind(
        "PC105",
        ProblemSlug.TOO_DEEP,
        "The YAML nests too deeply",
        "Coded documents never nest more than a few levels; flatten the structure.",
    ),
    Kind(
        "PC106",
        ProblemSlug.INVALID_DATE,
        "A date that does not exist",
        "Write a real calendar date as YYYY-MM-DD, or null with a date_note. In 'date:' quotes do not matter "
        "(date: 2025-01-14 and date: \"2025-01-14\" are the same date); elsewhere a date-like value meant as text is quoted.",
    ),
    Kind("PC107", ProblemSlug.NOT_UTF8, "The file is not UTF-8 text", "Save the file as UTF-8."),
    Kind("PC108", ProblemSlug.EMPTY_FILE, "The file is empty", "Write the expected content, or delete the file."),
    Kind(
        "PC109",
        ProblemSlug.MULTIPLE_DOCUMENTS,
        "More than one YAML document in a file",
        "Keep one document per file: remove the extra '---' separator.",
    ),
    Kind("PC110", ProblemSlug.UNREADABLE_FILE, "The file cannot be read", "Check that the path exists and is a readable file."),
    Kind("PC111", ProblemSlug.COMPLEX_KEY, "A mapping key is not plain text", "Use plain text keys such as 'quote:'."),
    Kind(
        "PC112",
        ProblemSlug.FILE_TOO_LARGE,
        "A file is larger than its size limit",
        "Check that it is the right file; a real corpus that needs more raises the limit (--max-file-bytes, --max-seed-bytes).",
    ),
    Kind(
        "PC113",
        ProblemSlug.VALUE_TOO_LONG,
        "A value is longer than the limit",
        "Shorten the value; quote a number-like text. A real corpus that needs more raises --max-scalar-chars.",
    ),
    Kind(
        "PC114",
        ProblemSlug.TOO_MANY_ITEMS,
        "A file holds more YAML nodes than the limit",
        "Split the coding into several documents; a real corpus that needs more raises --max-items.",
    ),
    # PC2xx: shape of one file (the schema).
    Kind("PC201", ProblemSlug.MISSING_FIELD, "A required field is missing", "Add the field to the mapping at the reported place."),
    Kind(
        "PC202",
        ProblemSlug.UNKNOWN_FIELD,
        "A field the schema does not know",
        "Check the spelling against the schema (docs or schema/*.json) or remove it.",
    ),
    Kind(
        "PC203",
        ProblemSlug.WRONG_TYPE,
        "A value of the wrong type",
        "Write the kind of value expected; put text in quotes when YAML would read it as something else.",
    ),
    Kind(
        "PC204",
        ProblemSlug.INVALID_CHOICE,
        "A value outside a closed vocabulary",
        "Use one of the listed values, spelt exactly (lower case).",
    ),
    Kind(
        "PC205",
        ProblemSlug.INVALID_ID,
        "An id that is not a valid slug",
        "Use lower-case letters, digits and single hyphens, e.g. 'coercive-diplomacy'.",
    ),
    Kind(
        "PC206",
        ProblemSlug.EMPTY_VALUE,
        "An empty text or list where content is required",
        "Write the content, or remove the field when it is optional.",
    ),
    Kind(
        "PC207",
        ProblemSlug.CONDITIONS_REQUIRED,
        "A conditional stance without conditions",
        "Add 'conditions:' with the condition the text sets, or change the stance.",
    ),
    Kind("PC208", ProblemSlug.INVALID_URL, "A URL that is not http or https", "Write the full address starting with http:// or https://."),
    Kind(
        "PC209",
        ProblemSlug.OUT_OF_RANGE,
        "A number outside its allowed range",
        "Use a number in the allowed range (occurrence counts from 1).",
    ),
    Kind(
        "PC210",
        ProblemSlug.STRENGTH_REQUIRED,
        "A demand or recommendation without a strength",
        "Add 'strength: must', 'should' or 'could' as the text puts it.",
    ),
    Kind(
        "PC211",
        ProblemSlug.STRENGTH_EXPECTED_RETIRED,
        "'strength: expected' from a codebook-1 file",
        "Write 'kind: forecast' (a prediction) or 'kind: commitment' (the holder's own declared policy) and remove the strength.",
    ),
    Kind(
        "PC212",
        ProblemSlug.CATCH_ALL_REQUIRED,
        "A theme without exactly one catch-all option",
        "Give each theme one option with 'catch_all: true' (e.g. '<theme>-other') for prescriptions no option fits.",
    ),
    Kind(
        "PC213",
        ProblemSlug.PLACEHOLDER_AUTHOR,
        "A placeholder such as 'none' or 'unknown' written as an author",
        "authors lists names as printed. When the text names no author write 'authors: []' and let 'voice' name the holder "
        "speaking (e.g. the outlet's staff writer or the editorial board); a placeholder would be counted as a person.",
    ),
    Kind("PC299", ProblemSlug.INVALID_VALUE, "A value the schema rejects", "Read the message and correct the value."),
    # PC3xx: references between files.
    Kind(
        "PC301",
        ProblemSlug.UNKNOWN_OPTION,
        "An option id that is not in the codebook",
        "Use an option id from recommendations/codebook.yaml, or add the option there.",
    ),
    Kind(
        "PC302",
        ProblemSlug.UNKNOWN_HOLDER,
        "A holder id that is not in the codebook",
        "Use a holder id from the codebook's holders. For a holder not yet in the codebook, add an entry under 'holders:' in "
        "recommendations/codebook.yaml with id (a slug), label (the name as printed), type (person, organisation, …) and, "
        "if the text says, affiliation; do not reuse a similar id of another holder.",
    ),
    Kind(
        "PC303",
        ProblemSlug.UNKNOWN_ACTOR,
        "An actor id that is not in the codebook",
        "Use an actor id from the codebook's actors, or add the actor there.",
    ),
    Kind("PC304", ProblemSlug.DUPLICATE_ID, "Two entries share an id", "Give each entry its own id; ids must be unique in their list."),
    Kind(
        "PC305",
        ProblemSlug.ID_NOT_FILE_STEM,
        "The document id differs from the file name",
        "Make document.id equal the file name without '.yaml', or rename the file.",
    ),
    Kind(
        "PC306",
        ProblemSlug.MISSING_SEED,
        "The seed file does not exist",
        "Name a file that exists under seeds/ (just the file name, no directory).",
    ),
    Kind(
        "PC307",
        ProblemSlug.SEED_CHECKSUM,
        "A seed does not match seeds/SHA256SUMS",
        "Restore the seed byte for byte; seeds are never edited.",
    ),
    Kind(
        "PC308",
        ProblemSlug.MISSING_CODEBOOK,
        "The codebook is missing",
        "Create recommendations/codebook.yaml, or point --root at the corpus.",
    ),
    Kind(
        "PC309",
        ProblemSlug.SEED_NOT_IN_MANIFEST,
        "A seed is not listed in seeds/SHA256SUMS",
        "Add the line 'sha256  file-name' to seeds/SHA256SUMS (sha256sum output). 'cd seeds && sha256sum x.txt' and "
        "'sha256sum seeds/x.txt' from the corpus root both give a line that is accepted.",
    ),
    Kind(
        "PC310",
        ProblemSlug.BAD_MANIFEST,
        "A line of seeds/SHA256SUMS is malformed",
        "Each line is a 64-digit hex SHA-256, two spaces and a file name, as sha256sum prints.",
    ),
    Kind(
        "PC311",
        ProblemSlug.MANIFEST_DUPLICATE,
        "A seed is listed twice in seeds/SHA256SUMS",
        "Keep the one line whose checksum matches the original seed; seeds are never edited, so a second line is never needed.",
    ),
    Kind(
        "PC312",
        ProblemSlug.MISSING_MANIFEST,
        "seeds/SHA256SUMS is missing",
        "Restore seeds/SHA256SUMS (cd seeds && sha256sum *.txt > SHA256SUMS for a new corpus); it pins every seed byte for byte.",
    ),
    Kind(
        "PC313",
        ProblemSlug.SEED_CODED_TWICE,
        "Two main codings of one seed (the same seed file, or seeds with the same checksum)",
        "Code each seed in one main coding: merge the two files, correct 'seed' in one of them, or move a second coder's "
        "independent coding to recommendations/codings/<id>.<coder>.yaml.",
    ),
    Kind(
        "PC314",
        ProblemSlug.MEMBER_CYCLE,
        "A holder is its own member, directly or through other holders",
        "Remove the member that closes the circle; a team's members are the people in it, never the team.",
    ),
    Kind(
        "PC315",
        ProblemSlug.UNKNOWN_POLE,
        "An option placed on a dimension or pole the codebook does not define",
        "Use a dimension id from the codebook's 'dimensions' and one of its two pole ids.",
    ),
    Kind(
        "PC316",
        ProblemSlug.CATCH_ALL_NEEDS_NOTE,
        "A recommendation on a catch-all option without a note",
        "Add 'note:' saying what the prescription is; when the same 'other' recurs, propose a new option instead.",
    ),
    Kind(
        "PC317",
        ProblemSlug.CODING_FILE_NAME,
        "An extra coding's file name is not '<document id>.<coder>.yaml'",
        "Name an independent coding recommendations/codings/<document id>.<coder slug>.yaml, e.g. 001-issi-research-paper.coder-b.yaml.",
    ),
    Kind(
        "PC318",
        ProblemSlug.CODING_WITHOUT_MAIN,
        "An extra coding of a document that has no main coding",
        "Every extra coding codes a seed that has a main coding recommendations/<id>.yaml: add the main coding, or correct the id.",
    ),
    Kind(
        "PC319",
        ProblemSlug.CODING_SEED_DIFFERS,
        "An extra coding names another seed than its main coding",
        "An independent coding codes the same text as the main coding: use the main coding's 'seed' and 'id'.",
    ),
    Kind(
        "PC320",
        ProblemSlug.SIMILAR_HOLDERS,
        "Two holders of the codebook have names that differ only in case, spaces, hyphens, punctuation or accents (warning)",
        "If they are one person or body, keep one id and recode the documents that use the other. If they are "
        "different, say so with 'distinct_from: [other-id]' on either entry, which silences the warning.",
        warning=True,
    ),
    # PC4xx: quote anchoring.
    Kind(
        "PC401",
        ProblemSlug.QUOTE_NOT_FOUND,
        "A quote is not in the seed text",
        "Copy the quote verbatim from the seed; use '…' to skip interleaved material.",
    ),
    Kind(
        "PC402",
        ProblemSlug.QUOTE_AMBIGUOUS,
        "A quote occurs more than once",
        "Lengthen the quote until it is unique, or add 'occurrence: N' (1-based).",
    ),
    Kind(
        "PC403",
        ProblemSlug.OCCURRENCE_OUT_OF_RANGE,
        "The occurrence number is too large",
        "Use an occurrence between 1 and the number of times the quote appears.",
    ),
    Kind(
        "PC404",
        ProblemSlug.QUOTE_TOO_LONG,
        "A quote is longer than the limit",
        "Quote the prescriptive passage only, skipping material with '…'; a real corpus that needs more raises --max-quote-chars.",
    ),
)

CATALOGUE: dict[ProblemSlug, Kind] = {kind.slug: kind for kind in _KINDS}
"""Problem kinds by slug, in code order."""

_SLUGS = frozenset(slug.value for slug in ProblemSlug)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place: ``path:line:col: message [code slug]``.

    ``path`` is relative to the corpus root, ``line`` and ``column`` are 1-based.
    Problems sort by place, then code.
    """

    path: str
    line: int
    column: int
    code: str
    slug: str
    message: str

    @property
    def severity(self) -> str:
        """'error', or 'warning' for a kind the catalogue marks as a warning (it leaves the corpus valid)."""
        kind = CATALOGUE.get(ProblemSlug(self.slug)) if self.slug in _SLUGS else None
        return "warning" if kind is not None and kind.warning else "error"

    def format(self) -> str:
        """The one-line form printed by ``policycmp validate`` (a warning says so after the place)."""
        label = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column}: {label}{self.message} [{self.code} {self.slug}]"

    def to_dict(self) -> dict[str, str | int]:
        """Plain-data form (for JSON output), with its severity."""
        return {**asdict(self), "severity": self.severity}

    def __str__(self) -> str:
        return self.format()


def excerpt(value: object, limit: int = 40) -> str:
    """A short, one-line rendering of a value for a message (never the whole input)."""
    if isinstance(value, str):
        text = value[: limit * 2]
    else:
        try:
            text = repr(value)
        except ValueError:  # an integer too long for Python to print
            text = "a number too long to print"
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problem(slug: ProblemSlug, path: str, line: int, column: int, message: str) -> Problem:
    """Make a problem of the catalogued kind ``slug`` (a :class:`ProblemSlug`, so mypy rejects an unknown kind)."""
    kind = CATALOGUE[slug]
    return Problem(path=path, line=max(line, 1), column=max(column, 1), code=kind.code, slug=kind.slug.value, message=message)


class PolicycmpError(Exception):
    """Base of every error meant for users; the CLI prints it without a traceback.

    ``exit_code`` is what the CLI exits with: 1 for problems in the data, 2 for usage errors.
    """

    exit_code = 1


class UsageError(PolicycmpError):
    """The request cannot be run as asked (no corpus found, a path that does not exist)."""

    exit_code = 2


class CorpusError(PolicycmpError):
    """The corpus has problems; ``problems`` holds all of them, sorted by place."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        files = len({p.path for p in self.problems})
        head = "\n".join(p.format() for p in self.problems[:20])
        more = f"\n… and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        super().__init__(f"{plural(len(self.problems), 'problem')} in {plural(files, 'file')}:\n{head}{more}")


def plural(count: int, noun: str) -> str:
    """``plural(1, 'file')`` → '1 file'; ``plural(3, 'file')`` → '3 files'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def catalogue_markdown() -> str:
    """The text of docs/errors.md, generated from :data:`CATALOGUE`."""
    lines = [
        "# Problem catalogue",
        "",
        "<!-- Generated from policycmp/errors.py by `policycmp generated`; do not edit by hand. -->",
        "",
        "Every problem that `policycmp validate` reports has a stable code and slug. Each line of output reads",
        "`path:line:col: message [code slug]`; a warning reads `path:line:col: warning: message [code slug]` and",
        "leaves the corpus valid.",
        "",
    ]
    sections = {"1": "Reading files and YAML", "2": "Shape of a file (schema)", "3": "References between files", "4": "Quote anchoring"}
    current = ""
    for kind in _KINDS:
        digit = kind.code[2]
        if digit != current:
            current = digit
            lines += [f"## {sections[digit]}", "", "| Code | Slug | Problem | How to fix |", "| --- | --- | --- | --- |"]
        fix = kind.fix.replace("|", "\\|")
        lines.append(f"| {kind.code} | `{kind.slug}` | {kind.title} | {fix} |")
        if kind is _KINDS[-1] or _KINDS[_KINDS.index(kind) + 1].code[2] != digit:
            lines.append("")
    return "\n".join(lines)
