"""Read YAML without locations when a scan proves it plain data; read the locations only when a problem needs one.

:func:`read_fast` gives exactly the data :func:`policycmp.yamlsafe.read` gives for a file it reads
without any problem, or None, and then the caller reads the file with the located reader, which
names the place of every problem. A document read this way is a :class:`Deferred`: its first
:meth:`~Deferred.locate` reads the file again with the located reader. Locations are only needed
when something is wrong, so a valid corpus is read without them (issue #17).
"""

from __future__ import annotations

import re
from functools import lru_cache
from sys import intern
from typing import Any

import yaml

from policycmp.errors import CorpusError
from policycmp.limits import DEFAULT, MAX_NUMBER_CHARS, Limits
from policycmp.yamlsafe import FAST_LOADER, MAX_DEPTH, Located, Mark, Path, decode, implicit_tag, read, typed_value

__all__ = ["Deferred", "read_fast"]


class Deferred(Located):
    """A document read by :func:`read_fast`: its data now, its locations only when a problem needs one.

    The first call of :meth:`locate` (or use of :attr:`values`, :attr:`keys`, :attr:`raw`) reads
    the file again with :func:`read`, which gives the same data with the place of every node, so a
    problem is named at exactly the ``file:line:col`` the located reader gives. The text is kept
    until :meth:`release`; after that the file is read again from ``source``.
    """

    def __init__(self, path: str, data: Any, text: str, source: Any, limits: Limits = DEFAULT) -> None:
        self.path = path
        self.data = data
        self.problems = []
        self.reported = set()
        self._text: str | None = text
        self._source = source
        self._limits = limits
        self._located: Located | None = None

    def located(self) -> Located:
        """The document read again with its locations (once)."""
        if self._located is None:
            try:
                text = self._text if self._text is not None else decode(self._source.read_bytes(), self.path)
                self._located = read(text, self.path, keep_going=True, limits=self._limits)
            except (OSError, CorpusError):  # the file changed or vanished since it was read: name its start
                self._located = Located(self.path, self.data)
        return self._located

    def release(self) -> None:
        """Drop the text and data (kept: the path, for :meth:`locate` after a cross-file check)."""
        self._text = None
        self.data = None

    @property
    def values(self) -> dict[Path, Mark]:  # type: ignore[override]
        return self.located().values

    @property
    def keys(self) -> dict[Path, Mark]:  # type: ignore[override]
        return self.located().keys

    @property
    def raw(self) -> dict[Path, str]:  # type: ignore[override]
        return self.located().raw

    def locate(self, loc: Path, *, key: bool = False) -> Mark:
        return self.located().locate(loc, key=key)

    def __repr__(self) -> str:
        return f"Deferred(path={self.path!r})"


_BEFORE_PROPERTY = frozenset("[]{},:?-")
_NOT_IN_ANCHOR = frozenset("[]{},")


def _may_hold_property(text: str) -> bool:
    """Whether an anchor (``&name``), an alias (``*name``) or a tag (``!``) could start somewhere in ``text``.

    They start a node: at the start of the text or a line, or after white space, a flow indicator,
    ``:``, ``?`` or ``-``; an anchor or alias name follows at once (``&`` or ``*`` followed by a space
    or a flow indicator is not one). False proves the text holds none.
    """
    for sigil in "&*!":  # each found by str.find: far cheaper than a character class scanned by a regular expression
        at = text.find(sigil)
        while at != -1:
            before = text[at - 1] if at else " "
            if before.isspace() or before in _BEFORE_PROPERTY:
                after = text[at + 1 : at + 2]
                if sigil == "!" or not after or not (after.isspace() or after in _NOT_IN_ANCHOR):
                    return True
            at = text.find(sigil, at + 1)
    return False


@lru_cache(maxsize=32)
def _block_start(columns: int) -> re.Pattern[str]:
    """A line that starts with at least ``columns`` spaces and ``-``, ``?``, ``:`` indicators (where a block collection may start).

    The pattern begins with the newline, so the regular expression engine looks for it at C speed.
    """
    return re.compile(f"\n[ ?:-]{{{columns}}}")


_FAST_NESTING = 1000
"""Above this bound on the nesting, the fast path is not tried (libyaml's C composer recurses once per level)."""

_STR = "tag:yaml.org,2002:str"

_INTERNED_CHARS = 64
"""Texts up to this length (keys, ids, option and holder ids, enum values) are interned: the same few
recur in every record of every file, and one shared copy of each keeps a large corpus small."""


class _LeanLoader(FAST_LOADER):  # type: ignore[misc]
    """libyaml's composer with the resolver's three hooks made C built-ins that do nothing.

    libyaml's composer calls ``resolve(kind, value, implicit)`` for every node and
    ``descend_resolver(parent, index)`` / ``ascend_resolver()`` around it: three Python calls per
    node, most of the time spent outside the parser. None is needed here: the text scan proved the
    file holds no tag, so a scalar is plain exactly when its style is plain (``''``), and the walk
    resolves plain scalars itself (:func:`_plain_tag`) and tells collections apart by node type. So
    the hooks are C callables that accept their arguments and build a throw-away value: ``slice``
    (any two or three objects) and ``tuple`` (none). A node's ``tag`` is therefore meaningless here
    and is never read.
    """

    resolve = slice
    descend_resolver = slice
    ascend_resolver = tuple


def _plain_tag(value: str) -> str:
    """The YAML 1.1 tag of the plain scalar ``value`` (short ones remembered: the same few recur in every file)."""
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        tag = implicit_tag(value)
        if len(value) <= _REMEMBERED_CHARS and len(_PLAIN_TAGS) < _REMEMBERED_VALUES:
            _PLAIN_TAGS[value] = tag
    return tag


_PLAIN_TAGS: dict[str, str] = {}
"""YAML 1.1 tag of short plain scalars already resolved (bounded by the two limits below)."""
_REMEMBERED_CHARS = 64
_REMEMBERED_VALUES = 50_000


class _Fallback(Exception):
    """The fast path met something the located reader reports; the file is read again by it."""


def read_fast(text: str, limits: Limits = DEFAULT, data: bytes | None = None) -> Any | None:
    """The data of ``text`` when the fast path proves it is exactly what :func:`read` gives with no problem, else None.

    Locations are only needed when something is wrong, so the fast path keeps none: libyaml composes
    the nodes, and a walk turns them into plain data, refusing (None) whatever :func:`read` would
    report or refuse: an anchor, alias or tag that may start anywhere (a text scan proves there is
    none), nesting deeper than :data:`MAX_DEPTH`, more nodes than ``limits.max_items``, a value or
    key longer than ``limits.max_scalar_chars``, a long unquoted number, an impossible date or
    number, a duplicate or complex key, a second document, an empty file, any syntax error.
    A caller that gets None reads the file with :func:`read`, which names each problem's place.
    ``data``, when given, is ``text`` encoded in UTF-8 without a byte-order mark (the file's own bytes):
    libyaml reads it as is instead of encoding the text again.

    Nesting is bounded before libyaml composes (its composer recurses once per level): a block
    collection inside another starts at least one column further right at every second level (a
    list may sit at its parent key's indentation), and a flow collection needs a bracket, so the
    depth is at most twice the furthest block start plus the brackets.
    """
    if FAST_LOADER is yaml.SafeLoader or _may_hold_property(text):
        return None
    brackets = text.count("[") + text.count("{") if data is None else data.count(b"[") + data.count(b"{")  # the same count
    columns = (_FAST_NESTING - 4 - brackets) // 2 // 50 * 50  # rounded down: few patterns
    if columns < 50 or _block_start(columns).search("\n" + text[: columns + 1]) or _block_start(columns).search(text):
        return None
    try:
        loader = _LeanLoader(text if data is None else data)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        if node is None:
            return None
        walk = _Walk(limits)
        data = walk.walk(node, 0)
        return None if walk.nodes > limits.max_items else data
    except Exception:  # _Fallback, or any libyaml error: the located reader says what is wrong, and where
        return None


class _Walk:
    """Turns a composed node tree into the plain data :class:`_Builder` would build, or raises :class:`_Fallback`.

    Scalars inside a collection are read in the collection's loop (:meth:`value`), not by a call
    of :meth:`walk` each: most nodes are scalars, and a call per node was a large share of the walk.
    Nodes are counted as they are met and the count is checked once, at the end (:func:`read_fast`):
    libyaml has composed the whole tree already, so stopping early would save nothing.
    """

    def __init__(self, limits: Limits) -> None:
        self.max_items = limits.max_items
        self.max_chars = limits.max_scalar_chars
        self.nodes = 0

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """The value of a scalar node: text when quoted or a block (style not ``''``), else its YAML 1.1 type."""
        text: str = node.value
        if len(text) > self.max_chars:
            raise _Fallback
        if node.style:
            return intern(text) if len(text) <= _INTERNED_CHARS else text
        tag = _plain_tag(text)
        if tag == _STR:
            return intern(text) if len(text) <= _INTERNED_CHARS else text
        if len(text) > MAX_NUMBER_CHARS and tag.endswith((":int", ":float")):
            raise _Fallback
        try:
            return typed_value(tag, text)
        except ValueError:
            raise _Fallback from None

    def walk(self, node: yaml.Node, depth: int) -> Any:
        """The value of ``node`` (counted here), at nesting ``depth``."""
        self.nodes += 1
        if type(node) is _SCALAR:
            return self.scalar(node)
        if depth >= MAX_DEPTH:
            raise _Fallback
        depth += 1
        scalar, max_chars = self.scalar, self.max_chars
        if type(node) is yaml.SequenceNode:
            items: list[Any] = []
            for child in node.value:
                if type(child) is _SCALAR:
                    self.nodes += 1
                    items.append(scalar(child))
                else:
                    items.append(self.walk(child, depth))
            return items
        mapping: dict[str, Any] = {}
        for key, child in node.value:
            if type(key) is not _SCALAR:
                raise _Fallback
            name: str = key.value
            if len(name) > max_chars or name in mapping:
                raise _Fallback
            if len(name) <= _INTERNED_CHARS:
                name = intern(name)
            if type(child) is _SCALAR:
                self.nodes += 2
                mapping[name] = scalar(child)
            else:
                self.nodes += 1
                mapping[name] = self.walk(child, depth)
        return mapping


_SCALAR = yaml.ScalarNode
