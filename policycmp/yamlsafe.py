"""Safe YAML reading that keeps the line and column of every node.

PyYAML's composer and constructor are bypassed: the parser's event stream
(libyaml's ``CParser`` when available) is turned into plain dicts and lists with
an explicit stack, so that

- nesting deeper than :data:`MAX_DEPTH` is refused before anything is built
  (the C composer overflows the C stack on some tens of thousands of levels);
- anchors, aliases and explicit tags are refused (no alias bombs, no objects);
- a file with more nodes than :attr:`~policycmp.limits.Limits.max_items`, a value longer
  than :attr:`~policycmp.limits.Limits.max_scalar_chars`, and an unquoted number longer
  than :data:`~policycmp.limits.MAX_NUMBER_CHARS` are refused before they are
  interpreted (long binary or sexagesimal numbers cost quadratic time to convert);
- duplicate keys are reported with both lines (PyYAML keeps the last silently);
- plain scalars are resolved with the YAML 1.1 rules (``yes`` is a boolean,
  ``1.10`` a number, ``2023-01-05`` a date) so that the schema can say "quote it",
  while quoted and block scalars are always text;
- every failure, whatever PyYAML raises, becomes a located :class:`Problem`.

Locations are kept per node path (a tuple of mapping keys and list indices).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from policycmp.errors import CorpusError, Problem, ProblemSlug, excerpt, problem
from policycmp.limits import DEFAULT, MAX_NUMBER_CHARS, Limits, option

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists accepted."""

Path = tuple[str | int, ...]
Mark = tuple[int, int]
"""(line, column), both 1-based."""

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
FAST_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's C loader when PyYAML was built with it, else PyYAML's pure-Python ``SafeLoader`` (then
:mod:`policycmp.yamlfast` does not try its fast path). The located reader parses with it; the fast path composes with it."""


@dataclass
class Located:
    """A YAML document as plain data with the location of each node."""

    path: str
    data: Any
    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)
    """Source text of plain scalars that YAML read as something other than text (``yes``, ``1.10``)."""
    problems: list[Problem] = field(default_factory=list)
    """Problems that did not stop reading (duplicate keys, impossible dates); see ``read(keep_going=True)``."""
    reported: set[Path] = field(default_factory=set)
    """Nodes whose value is already reported (held as :class:`Unreadable`), so later checks skip them."""

    def locate(self, loc: Path, *, key: bool = False) -> Mark:
        """Line and column of the node at ``loc``, or of its nearest existing ancestor.

        With ``key=True`` a mapping entry is located at its key rather than its value.
        """
        loc = tuple(loc)
        while loc:
            if key and loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))


@dataclass(frozen=True)
class Unreadable:
    """Stands for a scalar that could not be read (e.g. ``2023-02-30``) and is already reported.

    It is neither text nor a number, so later checks skip it instead of reporting it again.
    """

    text: str


class _Fatal(Exception):
    """Stops reading a file at a problem after which nothing more can be trusted."""

    def __init__(self, item: Problem) -> None:
        super().__init__(item.message)
        self.problem = item


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path
    key: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict)


def _mark(event: Any) -> Mark:
    return event.start_mark.line + 1, event.start_mark.column + 1


def scalar_value(text: str, plain: bool) -> Any:
    """The value of a scalar: YAML 1.1 implicit types for plain scalars, text otherwise.

    Raises ``ValueError`` (e.g. for a date that does not exist) like PyYAML does.
    """
    if not plain:
        return text
    return typed_value(implicit_tag(text), text)


def implicit_tag(text: str) -> str:
    """The YAML 1.1 tag PyYAML's resolver gives the plain (unquoted) scalar ``text``: ``…:int``, ``…:bool``, ``…:str`` …

    Shared with :mod:`policycmp.yamlfast`, so both readers type plain scalars by one resolver.
    """
    return str(_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)))  # type: ignore[no-untyped-call]


def typed_value(tag: str, text: str) -> Any:
    """The value of a plain scalar whose YAML 1.1 tag is ``tag`` (see :func:`scalar_value`); shared with
    :mod:`policycmp.yamlfast`. Raises ``ValueError`` for an impossible date or number, as PyYAML does."""
    if tag.endswith((":str", ":value", ":merge")):
        return text
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return _CONSTRUCTOR.bool_values[text.lower()]
    node = yaml.ScalarNode(tag, text)
    if tag.endswith(":int"):
        return _CONSTRUCTOR.construct_yaml_int(node)
    if tag.endswith(":float"):
        return _CONSTRUCTOR.construct_yaml_float(node)
    if tag.endswith(":timestamp"):
        return _CONSTRUCTOR.construct_yaml_timestamp(node)
    return text


class _Builder:
    """Turns parser events into plain data, locations and problems."""

    def __init__(self, path: str, limits: Limits = DEFAULT) -> None:
        self.doc = Located(path=path, data=None)
        self.stack: list[_Frame] = []
        self.problems: list[Problem] = []
        self.documents = 0
        self.seen_node = False
        self.limits = limits
        self.nodes = 0

    def fail(self, slug: ProblemSlug, mark: Mark, message: str) -> _Fatal:
        return _Fatal(problem(slug, self.doc.path, mark[0], mark[1], message))

    def event(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail(
                    ProblemSlug.MULTIPLE_DOCUMENTS,
                    _mark(event),
                    "a second YAML document starts here ('---'); a file holds exactly one document: remove the separator",
                )
        elif isinstance(event, yaml.AliasEvent):
            raise self.fail(
                ProblemSlug.YAML_ALIAS,
                _mark(event),
                f"alias '*{excerpt(str(event.anchor), 20)}' is not allowed: anchors and aliases can hide or multiply data; "
                "write the value out in full",
            )
        elif isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.node(event)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()

    def node(self, event: Any) -> None:
        mark = _mark(event)
        self.nodes += 1
        if self.nodes > self.limits.max_items:
            raise self.fail(
                ProblemSlug.TOO_MANY_ITEMS,
                mark,
                f"the file holds more than {self.limits.max_items:,} YAML nodes (values, lists and mappings); "
                f"split it into several documents, or raise the limit with {option('max_items')}",
            )
        if event.anchor is not None:
            raise self.fail(
                ProblemSlug.YAML_ALIAS,
                mark,
                f"anchor '&{excerpt(str(event.anchor), 20)}' is not allowed: anchors and aliases can hide or multiply data; "
                "write each value out in full",
            )
        if event.tag is not None:
            raise self.fail(
                ProblemSlug.YAML_TAG,
                mark,
                f"explicit tag '{excerpt(_as_written(str(event.tag)), 30)}' is not allowed: tags can build arbitrary objects; "
                "remove it (put the value in quotes if it is text)",
            )
        top = self.stack[-1] if self.stack else None
        is_key = isinstance(top, _Frame) and isinstance(top.container, dict) and top.key is None
        if isinstance(event, yaml.ScalarEvent):
            refused = self.refused(str(event.value), bool(event.implicit[0]), is_key)
            if refused is not None and is_key:
                raise self.fail(refused[0], mark, refused[1])
            if is_key:
                assert top is not None
                self.key(top, str(event.value), mark)
                return
            if refused is not None:
                self.problems.append(self.fail(refused[0], mark, refused[1]).problem)
                self.doc.reported.add(self.add(Unreadable(event.value), mark))
                return
            try:
                value = scalar_value(event.value, bool(event.implicit[0]))
            except ValueError:  # e.g. 2023-02-30: reported, kept as text, and reading goes on
                date = _looks_like_date(event.value)
                self.problems.append(
                    self.fail(
                        ProblemSlug.INVALID_DATE if date else ProblemSlug.WRONG_TYPE,
                        mark,
                        f"'{excerpt(event.value)}' is not a valid "
                        + (
                            "date: write a real calendar date as YYYY-MM-DD, or null when the text gives none (quotes make "
                            "no difference in 'date:'; in a text field, put a date-like text in quotes)"
                            if date
                            else "number: put it in quotes"
                        ),
                    ).problem
                )
                self.doc.reported.add(self.add(Unreadable(event.value), mark))
                return
            path = self.add(value, mark)
            if not isinstance(value, str):
                self.doc.raw[path] = event.value
            return
        if is_key:
            raise self.fail(ProblemSlug.COMPLEX_KEY, mark, "a mapping key must be plain text, not a list or mapping")
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(
                ProblemSlug.TOO_DEEP, mark, f"the YAML nests more than {MAX_DEPTH} levels deep here; coded documents need only a few"
            )
        container: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        path = self.add(container, mark)
        self.stack.append(_Frame(container, path))

    def refused(self, text: str, plain: bool, is_key: bool) -> tuple[ProblemSlug, str] | None:
        """(slug, message) for a scalar refused before it is interpreted, else None.

        Refused: a value longer than the limit, and an unquoted number longer than
        :data:`~policycmp.limits.MAX_NUMBER_CHARS` (converting it could take minutes).
        """
        if len(text) > self.limits.max_scalar_chars:
            return ProblemSlug.VALUE_TOO_LONG, (
                f"this {'key' if is_key else 'value'} has {len(text):,} characters, more than the limit of "
                f"{self.limits.max_scalar_chars:,}: shorten it (a real corpus that needs more raises {option('max_scalar_chars')})"
            )
        if plain and not is_key and len(text) > MAX_NUMBER_CHARS and _number_like(text):
            tag = str(_RESOLVER.resolve(yaml.ScalarNode, text, (True, False)))  # type: ignore[no-untyped-call]
            if tag.endswith((":int", ":float")):
                return ProblemSlug.WRONG_TYPE, (
                    f"'{excerpt(text)}' is not a valid number: it has {len(text):,} characters and no field takes a number "
                    f"longer than {MAX_NUMBER_CHARS}; put it in quotes if it is text"
                )
        return None

    def key(self, frame: _Frame, key: str, mark: Mark) -> None:
        assert isinstance(frame.container, dict)
        path = (*frame.path, key)
        if key in frame.key_lines:
            first = frame.key_lines[key]
            self.problems.append(
                problem(
                    ProblemSlug.DUPLICATE_KEY,
                    self.doc.path,
                    mark[0],
                    mark[1],
                    f"duplicate key '{excerpt(key)}': already given on line {first}, again on line {mark[0]}; keep one of them",
                )
            )
        else:
            frame.key_lines[key] = mark[0]
            self.doc.keys[path] = mark
        frame.key = key

    def add(self, value: Any, mark: Mark) -> Path:
        self.seen_node = True
        if not self.stack:
            self.doc.data = value
            self.doc.values[()] = mark
            return ()
        frame = self.stack[-1]
        if isinstance(frame.container, list):
            path: Path = (*frame.path, len(frame.container))
            frame.container.append(value)
            self.doc.values[path] = mark
        else:
            assert frame.key is not None
            path = (*frame.path, frame.key)
            if path not in self.doc.values:
                frame.container[frame.key] = value
                self.doc.values[path] = mark
            frame.key = None
        return path


def _as_written(tag: str) -> str:
    """A tag as the file spells it: the parser expands ``!!str`` to ``tag:yaml.org,2002:str``."""
    return "!!" + tag.removeprefix(_YAML_TAGS) if tag.startswith(_YAML_TAGS) else tag


_YAML_TAGS = "tag:yaml.org,2002:"


def _number_like(text: str) -> bool:
    """Whether ``text`` could be a YAML 1.1 number at all (cheap test before the resolver's patterns)."""
    head = text.lstrip("+-")[:1]
    return head.isdigit() or head == "."


def _looks_like_date(text: str) -> bool:
    return len(text) >= 8 and text[:4].isdigit() and text[4:5] == "-"


_SYNTAX_HINTS = (
    ("cannot start any token", "\t", "a tab character: YAML indentation must use spaces, not tabs"),
    ("tab character", "", "a tab character: YAML indentation must use spaces, not tabs"),
    ("expected <block end>", "", "the indentation is wrong here: keys of one mapping, and the '- ' items of one list, must line up"),
    (
        "mapping values are not allowed",
        "",
        "a ':' where YAML does not expect one: check the indentation, or quote a text that contains ': '",
    ),
    ("could not find expected ':'", "", "a key without ':' or a line indented wrongly: every entry needs 'key: value'"),
    ("did not find expected key", "", "the indentation is wrong here, or a value that contains ': ' or starts with a quote needs quoting"),
    (
        "did not find expected '-' indicator",
        "",
        "the indentation is wrong here: keys of one mapping, and the '- ' items of one list, must line up",
    ),
    ("found unexpected end of stream", "", "the file ends inside a quoted text or a bracket: close it"),
    ("found undefined tag handle", "", "a '!' starts an unknown tag: put the value in quotes"),
)


def _syntax_message(exc: yaml.MarkedYAMLError, found: str) -> str:
    problem_text = str(exc.problem or "")
    for needle, char, hint in _SYNTAX_HINTS:
        if needle in problem_text and (not char or char == found):
            return f"invalid YAML: {hint}"
    context = f" ({exc.context})" if exc.context else ""
    return f"invalid YAML: {problem_text}{context}"


INNER_QUOTE_HINT = (
    "invalid YAML: a double quote inside a double-quoted text ends the text early, so what follows it on the line "
    "makes no sense to YAML: a double quote inside a double-quoted string must be written \\\", or quote the whole "
    "value with single quotes instead (writing a single quote inside as ''), or use a block scalar ('>-' after the "
    "key, the text indented on the next line)"
)


def _after_closing_quote(text: str, line: int, column: int) -> bool:
    """Whether the error lands just after a double-quoted text that is followed by more text on its line.

    That is what an unescaped ``"`` inside ``quote: "… "word" …"`` looks like to YAML: the text ends at the inner
    quote and the rest of the line is garbage (reported as bad indentation or a missing key).
    """
    lines = text.split("\n", line)
    if line - 1 >= len(lines):
        return False
    current = lines[line - 1]
    before, after = current[: column - 1].rstrip(), current[column - 1 :].strip()
    return before.endswith('"') and before.count('"') >= 2 and bool(after) and not after.startswith("#")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line)
    if line - 1 < len(lines) and column - 1 < len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _position_mark(text: str, index: int) -> Mark:
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (a leading byte-order mark is allowed); a located problem otherwise."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_mark(data[: exc.start].decode("utf-8", "replace"), exc.start)
        raise CorpusError(
            [problem(ProblemSlug.NOT_UTF8, path, line, column, f"byte 0x{data[exc.start]:02x} is not valid UTF-8: save the file as UTF-8")]
        ) from None
    return text.removeprefix("\ufeff")


def read(text: str, path: str, *, pure: bool = False, keep_going: bool = False, limits: Limits = DEFAULT) -> Located:
    """Parse one YAML document from ``text``; ``path`` is only used in problems.

    Raises :class:`CorpusError` with every problem found (several duplicate keys are
    all reported; a syntax error, alias, tag or excessive nesting stops reading).
    With ``keep_going=True``, problems that leave the data usable (duplicate keys,
    impossible dates or numbers) do not raise: they are returned in ``problems`` of
    the result, so that the rest of the file can still be checked.
    ``pure=True`` uses PyYAML's pure-Python parser instead of libyaml. ``limits`` bounds
    the number of nodes and the length of each value (:class:`~policycmp.limits.Limits`).
    """
    builder = _Builder(path, limits)
    loader = yaml.SafeLoader if pure else FAST_LOADER
    fatal = True
    try:
        for event in yaml.parse(text, Loader=loader):
            builder.event(event)
        fatal = False
    except _Fatal as exc:
        builder.problems.append(exc.problem)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        own = None if pure else _own_limit_before(text, path, (line, column), limits)
        if own is not None:
            builder.problems.append(own)
        else:
            found = _char_at(text, line, column)
            message = INNER_QUOTE_HINT if _after_closing_quote(text, line, column) else _syntax_message(exc, found)
            builder.problems.append(problem(ProblemSlug.YAML_SYNTAX, path, line, column, message))
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        line, column = _position_mark(text, text.find(chr(code)))
        builder.problems.append(
            problem(
                ProblemSlug.YAML_SYNTAX,
                path,
                line,
                column,
                f"invalid YAML: character U+{code:04X} (a control character) is not allowed: remove it",
            )
        )
    except Exception as exc:  # PyYAML can raise other exceptions (e.g. on unencodable text)
        builder.problems.append(
            problem(ProblemSlug.YAML_SYNTAX, path, 1, 1, f"the YAML cannot be read ({type(exc).__name__}): check the file's text")
        )
    if not builder.problems and (not builder.seen_node or builder.doc.data is None):
        builder.problems.append(problem(ProblemSlug.EMPTY_FILE, path, 1, 1, "the file holds no data: write the expected mapping"))
    if builder.problems and (fatal or not keep_going or builder.doc.data is None):
        raise CorpusError(builder.problems)
    builder.doc.problems = builder.problems
    return builder.doc


def _own_limit_before(text: str, path: str, where: Mark, limits: Limits = DEFAULT) -> Problem | None:
    """policycmp's own refusal (nesting, anchors, tags …) that comes before a libyaml error at ``where``.

    libyaml scans ahead of the events it hands out and has limits of its own (PyYAML 6.0.4's bundled
    libyaml stops at 1,000 levels of nesting with its own message), so a file that breaks one of
    policycmp's rules can reach libyaml's error first. Replaying the same text through PyYAML's
    pure-Python parser, which hands out events as it reads, finds policycmp's problem wherever it lies;
    it is used only when it lies at or before libyaml's error, so that the answer never depends on the
    version of libyaml that pip installed. This runs only on the error path.
    """
    builder = _Builder(path, limits)
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            builder.event(event)
    except _Fatal as exc:
        found = exc.problem
        if (found.line, found.column) <= where:
            return found
    except Exception:  # the pure parser's own syntax error: libyaml's message stands
        return None
    return None


def read_bytes(data: bytes, path: str, *, pure: bool = False, limits: Limits = DEFAULT) -> Located:
    """:func:`read` for raw file contents (decoded as UTF-8)."""
    return read(decode(data, path), path, pure=pure, limits=limits)


__all__ = [
    "FAST_LOADER",
    "MAX_DEPTH",
    "Located",
    "Unreadable",
    "decode",
    "implicit_tag",
    "read",
    "read_bytes",
    "scalar_value",
    "typed_value",
]
