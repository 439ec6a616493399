"""Codebook maintenance: rename an id, or merge one id into another, across the codebook and every coded file.

Which ids: options, holders and actors, the three kinds coded files refer to. Themes and dimensions are
left to hand edits: no coded file names them, so a rename touches one line of the codebook, and folding one
theme into another is a change of the measuring instrument that deserves a reviewed hand edit.

Where an id is used (these are all the places the loader resolves):

- option: ``themes[].options[].id`` in the codebook; ``recommendations[].option`` in coded files;
- holder: ``holders[].id`` and ``holders[].members[]`` in the codebook; ``document.voice`` and
  ``recommendations[].holder`` in coded files;
- actor: ``actors[].id`` in the codebook; ``recommendations[].actors[]`` in coded files.

How the files are rewritten: ruamel.yaml (the ``maintain`` extra) parses each file in round-trip mode, which
keeps the line and column of every node; the edits are then made in the original text at exactly those
places. So comments, key order, quoting style and every untouched line stay byte for byte, and a rename's
diff shows only lines holding the id. A merge also removes the merged id's codebook entry and, where a list
would then name the surviving id twice (``actors: [a, b]`` merging ``a`` into ``b``), the merged item.

The whole result is built in memory and validated with the real loader on a temporary copy of the corpus;
when it would not validate, or a merge would give one holder two codings of one option in the same
statement, nothing is written. Writing is all files or none (temporary files, then renames, rolled back if a
rename fails). Prose that mentions the old id (comments, definitions, notes) is not rewritten, only listed.
"""

from __future__ import annotations

import difflib
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from policycmp.atomic import write_temporary
from policycmp.codings import coding_paths
from policycmp.errors import CorpusError, PolicycmpError, UsageError, plural
from policycmp.loader import CODEBOOK, document_paths, load
from policycmp.messages import did_you_mean
from policycmp.models import SLUG_MAX, SLUG_PATTERN
from policycmp.records import CorpusRecord, LoadedDocument

Kind = Literal["option", "holder", "actor"]
KINDS: tuple[Kind, ...] = ("option", "holder", "actor")
EXTRA = "maintain"

_SLUG = re.compile(SLUG_PATTERN)
_SLUG_CHAR = re.compile(r"[a-z0-9-]")


class RefusedError(PolicycmpError):
    """The edit is refused (unknown id, id taken, a merge the corpus cannot hold); nothing was written."""


@dataclass(frozen=True)
class _Edit:
    """Replace ``text[start:end]`` of one file by ``new``."""

    start: int
    end: int
    new: str


@dataclass(frozen=True)
class FileChange:
    """One file's text before and after, and how many uses of the id were rewritten in it."""

    path: str
    before: str
    after: str
    uses: int

    def diff(self) -> str:
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True), f"a/{self.path}", f"b/{self.path}"
        )
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


@dataclass(frozen=True)
class CodebookEdit:
    """A planned, validated rename or merge: the changed files and the mentions left for the contributor."""

    action: Literal["rename", "merge"]
    kind: Kind
    old: str
    new: str
    changes: tuple[FileChange, ...]
    mentions: tuple[str, ...] = field(default_factory=tuple)
    """``path:line: …`` for each line that still names the old id in prose or a comment (not rewritten)."""

    @property
    def uses(self) -> int:
        return sum(change.uses for change in self.changes)

    def diff(self) -> str:
        return "".join(change.diff() for change in self.changes)

    def describe(self, *, written: bool) -> str:
        """What changed (or would change), file by file, and the mentions to review."""
        verb = {
            "rename": f"renamed {self.kind} '{self.old}' to '{self.new}'",
            "merge": f"merged {self.kind} '{self.old}' into '{self.new}'",
        }
        lines = [f"{change.path}: {plural(change.uses, 'use')}" for change in self.changes]
        head = verb[self.action] if written else f"would have {verb[self.action]} (dry run, nothing written)"
        lines.append(f"{head}: {plural(self.uses, 'use')} in {plural(len(self.changes), 'file')}")
        lines += [f"note: {mention}" for mention in self.mentions]
        return "\n".join(lines)


# --------------------------------------------------------------------------- reading


def _yaml() -> Any:
    """A ruamel.yaml round-trip parser, or a usage error naming the extra to install."""
    try:
        from ruamel.yaml import YAML
    except ImportError:
        raise UsageError(
            f"codebook rename and merge need ruamel.yaml, which is not installed; install the extra: pip install 'policycmp[{EXTRA}]'"
        ) from None
    return YAML(typ="rt")


def _corpus_files(root: Path) -> list[Path]:
    """The codebook first, then every coded file (main files, then extra codings), in a stable order."""
    return [root / CODEBOOK, *document_paths(root), *coding_paths(root)]


def _parse(parser: Any, text: str, path: str) -> Any:
    try:
        return parser.load(text)
    except Exception as exc:  # ruamel's errors have no common public base; the loader reports the details
        raise RefusedError(f"{path} cannot be read as YAML ({type(exc).__name__}); run 'policycmp validate' and fix it first") from None


def _offsets(text: str) -> list[int]:
    """Offset of the start of each line."""
    starts = [0]
    starts += [match.end() for match in re.finditer(r"\n", text)]
    return starts


# --------------------------------------------------------------------------- where ids are


@dataclass(frozen=True)
class _Place:
    """One use of an id: a scalar at (line, column) (0-based), the value of a mapping key or an item of a list."""

    line: int
    column: int
    seq: Any = None
    index: int = -1
    """For a list item: the list and its index (to remove a duplicate after a merge)."""


def _mappings(node: Any, key: str) -> Iterator[Any]:
    value = node.get(key) if hasattr(node, "get") else None
    if isinstance(value, list):
        yield from (item for item in value if hasattr(item, "lc") and hasattr(item, "get"))


def _value_place(mapping: Any, key: str, ident: str) -> Iterator[_Place]:
    if mapping.get(key) == ident:
        line, column = mapping.lc.value(key)
        yield _Place(line, column)


def _item_places(mapping: Any, key: str, ident: str) -> Iterator[_Place]:
    items = mapping.get(key)
    if isinstance(items, list) and hasattr(items, "lc"):
        for index, item in enumerate(items):
            if item == ident:
                line, column = items.lc.item(index)
                yield _Place(line, column, items, index)


def codebook_places(data: Any, kind: Kind, ident: str) -> Iterator[_Place]:
    """Every use of ``ident`` as a ``kind`` in the codebook's data (its definition included)."""
    if kind == "option":
        for theme in _mappings(data, "themes"):
            for option in _mappings(theme, "options"):
                yield from _value_place(option, "id", ident)
    elif kind == "holder":
        for holder in _mappings(data, "holders"):
            yield from _value_place(holder, "id", ident)
            yield from _item_places(holder, "members", ident)
    else:
        for actor in _mappings(data, "actors"):
            yield from _value_place(actor, "id", ident)


def document_places(data: Any, kind: Kind, ident: str) -> Iterator[_Place]:
    """Every use of ``ident`` as a ``kind`` in a coded file's data."""
    meta = data.get("document") if hasattr(data, "get") else None
    if kind == "holder" and hasattr(meta, "lc"):
        yield from _value_place(meta, "voice", ident)
    for rec in _mappings(data, "recommendations"):
        if kind == "option":
            yield from _value_place(rec, "option", ident)
        elif kind == "holder":
            yield from _value_place(rec, "holder", ident)
        else:
            yield from _item_places(rec, "actors", ident)


def defined_ids(data: Any) -> dict[Kind, dict[str, str]]:
    """Ids the codebook defines, by kind; for options, each id's theme (holders and actors map to '')."""
    options = {
        str(option.get("id")): str(theme.get("id")) for theme in _mappings(data, "themes") for option in _mappings(theme, "options")
    }
    return {
        "option": options,
        "holder": {str(item.get("id")): "" for item in _mappings(data, "holders")},
        "actor": {str(item.get("id")): "" for item in _mappings(data, "actors")},
    }


# --------------------------------------------------------------------------- text edits


def _scalar_span(text: str, offset: int, ident: str, path: str, line: int, column: int) -> tuple[int, int, int]:
    """(start, end of the whole scalar, start of the id inside it) for a plain, '…' or "…" scalar at ``offset``."""
    quote = text[offset] if offset < len(text) and text[offset] in "'\"" else ""
    inner = offset + len(quote)
    end = inner + len(ident)
    if (
        text[inner:end] != ident
        or (not quote and end < len(text) and _SLUG_CHAR.match(text[end]))
        or (quote and text[end : end + 1] != quote)
    ):
        raise RefusedError(
            f"{path}:{line + 1}:{column + 1}: the id '{ident}' is written in a form this command does not rewrite "
            "(a block or escaped scalar); write it as a plain id there, then run the command again"
        )
    return offset, end + len(quote), inner


def _item_removal(text: str, starts: list[int], place: _Place, ident: str, path: str) -> _Edit:
    """The edit removing list item ``place`` (a duplicate after a merge): its line in a block list, item and comma in a flow list."""
    seq = place.seq
    offset = starts[place.line] + place.column
    start, end, _ = _scalar_span(text, offset, ident, path, place.line, place.column)
    if not seq.fa.flow_style():
        line_end = starts[place.line + 1] if place.line + 1 < len(starts) else len(text)
        return _Edit(starts[place.line], line_end, "")
    if place.index + 1 < len(seq):
        next_line, next_column = seq.lc.item(place.index + 1)
        return _Edit(start, starts[next_line] + next_column, "")
    prev_line, prev_column = seq.lc.item(place.index - 1)
    prev_start = starts[prev_line] + prev_column
    _, prev_end, _ = _scalar_span(text, prev_start, str(seq[place.index - 1]), path, prev_line, prev_column)
    return _Edit(prev_end, end, "")


def _entry_removal(text: str, starts: list[int], data: Any, kind: Kind, ident: str) -> _Edit:
    """The edit removing the codebook entry that defines ``ident``: from its '- ' line to its last line.

    Its last line is the last one before the next entry (or the end of the list) that is not blank and not
    a comment at the list's own indentation or less, so comments and blank lines heading what follows stay.
    """
    lists = [option_list for theme in _mappings(data, "themes") if (option_list := theme.get("options")) is not None]
    if kind != "option":
        lists = [data.get(f"{kind}s")]
    lines = text.splitlines(keepends=True)
    for items in lists:
        for index, item in enumerate(items):
            if hasattr(item, "get") and item.get("id") == ident:
                first, column = items.lc.item(index)
                dash = column - 2
                limit = items.lc.item(index + 1)[0] if index + 1 < len(items) else len(lines)
                last = first
                for number in range(first + 1, limit):
                    stripped = lines[number].strip()
                    indent = len(lines[number]) - len(lines[number].lstrip())
                    if not stripped or (stripped.startswith("#") and indent <= dash):
                        continue
                    if indent <= dash:
                        break
                    last = number
                return _Edit(starts[first], starts[last + 1] if last + 1 < len(starts) else len(text), "")
    raise RefusedError(f"'{ident}' has no entry in {CODEBOOK}")  # unreachable: the id was checked to be defined


def _apply(text: str, edits: list[_Edit]) -> str:
    out: list[str] = []
    at = 0
    for edit in sorted(edits, key=lambda e: e.start):
        if edit.start < at:
            continue  # an item inside a removed entry
        out += [text[at : edit.start], edit.new]
        at = edit.end
    return "".join(out) + text[at:]


def rewrite(text: str, places: list[_Place], old: str, new: str, path: str, *, merge: bool, extra: tuple[_Edit, ...] = ()) -> str:
    """``text`` with each place's ``old`` made ``new`` and the ``extra`` edits made, in one pass over the original text.

    In a merge, a list item that would repeat ``new`` in its list is removed instead.
    """
    starts = _offsets(text)
    edits = list(extra)
    for place in places:
        if merge and place.seq is not None and new in place.seq:
            edits.append(_item_removal(text, starts, place, old, path))
            continue
        inner = _scalar_span(text, starts[place.line] + place.column, old, path, place.line, place.column)[2]
        edits.append(_Edit(inner, inner + len(old), new))
    return _apply(text, edits)


def _mentions(path: str, text: str, ident: str) -> list[str]:
    """``path:line: mentions 'ident' …`` for each line of ``text`` naming ``ident`` as a whole word."""
    pattern = re.compile(rf"(?<![a-z0-9-]){re.escape(ident)}(?![a-z0-9-])")
    return [
        f"{path}:{number}: still mentions '{ident}' (a comment or text, not rewritten); review it"
        for number, line in enumerate(text.splitlines(), start=1)
        if pattern.search(line)
    ]


# --------------------------------------------------------------------------- checks


def _resolve_kind(defined: dict[Kind, dict[str, str]], old: str, kind: Kind | None) -> Kind:
    kinds = [k for k in KINDS if old in defined[k]] if kind is None else [kind] if old in defined[kind] else []
    if not kinds:
        pool = defined[kind] if kind is not None else {i: "" for k in KINDS for i in defined[k]}
        what = kind or "option, holder or actor"
        hint = did_you_mean(old, pool) or f": see the ids under themes, holders and actors in {CODEBOOK}"
        raise RefusedError(f"unknown {what} '{old}' in {CODEBOOK}{hint}")
    if len(kinds) > 1:
        both = " and ".join("an actor" if k == "actor" else f"a {k}" for k in kinds)
        raise UsageError(f"'{old}' is both {both}: say which with --kind {kinds[0]} or --kind {kinds[1]}")
    return kinds[0]


def _check_new(action: str, defined: dict[Kind, dict[str, str]], kind: Kind, old: str, new: str) -> None:
    if not (len(new) <= SLUG_MAX and _SLUG.match(new)):
        raise UsageError(f"'{new}' is not a valid id: use lower-case letters, digits and single hyphens (at most {SLUG_MAX} characters)")
    if new == old:
        raise UsageError(f"'{old}' and '{new}' are the same id")
    ids = defined[kind]
    if action == "rename" and new in ids:
        raise RefusedError(
            f"{kind} '{new}' already exists in {CODEBOOK}: choose a new id, "
            f"or fold '{old}' into it with 'policycmp codebook merge {old} {new}'"
        )
    if action == "merge":
        if new not in ids:
            hint = did_you_mean(new, ids) or f"; to give '{old}' a new id use 'policycmp codebook rename {old} {new}'"
            raise RefusedError(f"unknown {kind} '{new}' in {CODEBOOK}{hint}")
        if kind == "option" and ids[old] != ids[new]:
            raise RefusedError(
                f"options '{old}' (theme {ids[old]}) and '{new}' (theme {ids[new]}) are in different themes; "
                "only options of one theme can be merged (recode the uses by hand if they really are one policy)"
            )


def _statement_pairs(data: CorpusRecord) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(file, rec id, rec id) → (holder, option) for two codings of one option by one holder whose quotes overlap."""
    docs: list[LoadedDocument] = [*data.documents.values(), *(c for group in data.codings.values() for c in group)]
    pairs: dict[tuple[str, str, str], tuple[str, str]] = {}
    for doc in docs:
        path = doc.path.relative_to(data.root).as_posix() if doc.path.is_relative_to(data.root) else doc.path.name
        recs = doc.recommendations
        for i, first in enumerate(recs):
            for second in recs[i + 1 :]:
                same = first.holder == second.holder and first.recommendation.option == second.recommendation.option
                if same and any(a < d and c < b for a, b in first.segments for c, d in second.segments):
                    pairs[(path, first.recommendation.id, second.recommendation.id)] = (first.holder, first.recommendation.option)
    return pairs


def _validate(root: Path, texts: dict[str, str]) -> CorpusRecord:
    """Load the corpus of ``root`` with ``texts`` (path → new text) in place, in a temporary copy; raise its problems.

    The problems' paths are relative to the corpus root, so they name the files of ``root`` as they would be.
    """
    with tempfile.TemporaryDirectory(prefix="policycmp-codebook-") as tmp:
        copy = Path(tmp)
        for name in ("recommendations", "seeds"):
            if (root / name).is_dir():
                shutil.copytree(root / name, copy / name, symlinks=False)
        for path, text in texts.items():
            (copy / path).write_text(text, encoding="utf-8", newline="")
        return load(copy)  # its root is the deleted copy: only paths relative to it are used


# --------------------------------------------------------------------------- plan and write


def plan(root: Path, action: Literal["rename", "merge"], old: str, new: str, kind: Kind | None = None) -> CodebookEdit:
    """The validated edit renaming ``old`` to ``new`` (or merging ``old`` into ``new``); writes nothing.

    Raises :class:`RefusedError` or :class:`UsageError` for an unknown or taken id, a cross-theme merge, or a
    merge giving one holder two codings of one option in the same statement, and
    :class:`~policycmp.errors.CorpusError` with the loader's problems when the result would not validate.
    """
    parser = _yaml()
    try:
        before = load(root)
    except CorpusError as exc:
        raise RefusedError(
            f"the corpus has {plural(len(exc.problems), 'problem')} already; fix them first ('policycmp validate' lists them)"
        ) from None
    files = _corpus_files(root)
    texts = {path.relative_to(root).as_posix(): path.read_bytes().decode("utf-8") for path in files}  # line ends kept as they are
    parsed = {path: _parse(parser, text, path) for path, text in texts.items()}
    defined = defined_ids(parsed[CODEBOOK])
    kind = _resolve_kind(defined, old, kind)
    _check_new(action, defined, kind, old, new)
    changes: list[FileChange] = []
    after: dict[str, str] = {}
    for path, text in texts.items():
        data = parsed[path]
        places = list(codebook_places(data, kind, old) if path == CODEBOOK else document_places(data, kind, old))
        extra: tuple[_Edit, ...] = ()
        if action == "merge" and path == CODEBOOK:
            places = [place for place in places if place.seq is not None]  # the definition is removed, not renamed
            extra = (_entry_removal(text, _offsets(text), data, kind, old),)
        if not places and not extra:
            continue
        changed = rewrite(text, places, old, new, path, merge=action == "merge", extra=extra)
        count = len(places) + len(extra)
        after[path] = changed
        changes.append(FileChange(path, text, changed, count))
    result = _validate(root, after)
    if action == "merge" and kind in ("option", "holder"):
        _refuse_new_pairs(_statement_pairs(before), _statement_pairs(result), parser, after, texts, old, new)
    mentions = tuple(line for path in texts for line in _mentions(path, after.get(path, texts[path]), old))
    return CodebookEdit(action, kind, old, new, tuple(changes), mentions)


def _refuse_new_pairs(
    before: dict[tuple[str, str, str], tuple[str, str]],
    after: dict[tuple[str, str, str], tuple[str, str]],
    parser: Any,
    changed: dict[str, str],
    texts: dict[str, str],
    old: str,
    new: str,
) -> None:
    found = sorted(set(after) - set(before))
    if not found:
        return
    lines = []
    for path, first, second in found:
        data = parser.load(changed.get(path, texts[path]))
        recs = _mappings(data, "recommendations")
        line, column = next(((rec.lc.line + 1, rec.lc.col + 1) for rec in recs if rec.get("id") == second), (1, 1))
        holder, option = after[(path, first, second)]
        lines.append(
            f"{path}:{line}:{column}: recommendations '{first}' and '{second}' would give holder '{holder}' two codings of option "
            f"'{option}' in the same statement; keep one of them (remove the other) before merging"
        )
    raise RefusedError(f"merging '{old}' into '{new}' is refused, nothing was written:\n" + "\n".join(lines))


def write(root: Path, edit: CodebookEdit) -> None:
    """Write every changed file, all or none: temporary files first, then renames, undone if one fails."""
    temps: list[tuple[Path, Path]] = []
    try:
        for change in edit.changes:
            target = root / change.path
            temps.append((write_temporary(target, change.after, mode=None), target))
    except OSError as exc:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise PolicycmpError(f"could not write a temporary file under recommendations/ ({exc.strerror}); nothing was changed") from None
    done: list[FileChange] = []
    try:
        for (temp, target), change in zip(temps, edit.changes, strict=True):
            temp.replace(target)
            done.append(change)
    except OSError as exc:
        for change in done:
            (root / change.path).write_text(change.before, encoding="utf-8", newline="")
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
        raise PolicycmpError(f"could not replace a file ({exc.strerror}); the files already replaced were restored") from None
