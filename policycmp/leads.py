"""The literal starts of a regular expression: strings one of which begins every match (the cue scan's prefilter).

The coverage audit looks for ~55 cue patterns at every word start of every seed (:mod:`policycmp.cues`).
Python's engine tries the alternatives of a pattern one after another at each place, but rejects an
alternative that begins with a literal character at the cost of one comparison. So a lookahead made of
the cues' literal starts grouped by first letter (``a(?:dvi|im|sk)|c(?:an|ould)|…``) turns most word
starts away after a few comparisons, and the full cue patterns are tried only where one of them can match.

:func:`leads` reads the pattern with the engine's own parser (``re._parser``, the module behind
``re.compile``). It only ever answers with strings that every match must start with, or with None
(no usable start: the caller then does not filter): a construct it does not know, a case-insensitive
group, a class or an optional start that can be skipped to an unconstrained rest all give None.

Why the engine's private parser, and no public way: Python offers no public API that returns the parse tree of a
pattern (``sre_parse`` is the same module under a deprecated name that warns on import, and ``re.compile`` keeps
its tree to itself). The two other ways were weighed and left:

- the literal starts written by hand beside each cue: a second copy of every pattern that can drift from it, and a
  lead missing from that copy would silently turn away the places where its cue matches (a cue never reported),
  which only a reading of the pattern itself can catch;
- no prefilter: the same results, with the cue scan trying all ~55 patterns at every word start (1.7 times the
  scan's time, measured on the sentences of 150 synthetic seeds).

Every use of the parser is guarded: when the module, a name in it or the shape of its tree is not what this code
reads (another Python version), :func:`leads` answers None and the scan runs without the prefilter, finding the same
cues more slowly. ``tests/test_leads.py`` pins both: the leads of known patterns (which fail loudly if the parser's
tree changes shape) and the scan's results with the parser unavailable.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import Any

LEAD_CHARS = 6
"""Longest lead kept: longer leads turn more places away, but every extra letter is one more comparison."""


def _lead(items: Sequence[Any], limit: int, ops: Any) -> set[str]:
    """Strings (at most ``limit`` characters) one of which starts every match of the parsed ``items``; '' among them means
    'any start'."""
    if limit == 0 or not items:
        return {""}
    (op, value), rest = items[0], list(items[1:])
    if op in (ops.AT, ops.ASSERT, ops.ASSERT_NOT):  # zero width: the match starts with what follows
        return _lead(rest, limit, ops)
    if op is ops.LITERAL:
        return {chr(value) + tail for tail in _lead(rest, limit - 1, ops)}
    if op is ops.SUBPATTERN:
        _group, add_flags, _del_flags, inner = value
        if add_flags & re.IGNORECASE:
            return {""}
        return _lead([*inner, *rest], limit, ops)
    if op is ops.BRANCH:
        return set().union(*(_lead([*branch, *rest], limit, ops) for branch in value[1]))
    if op in (ops.MAX_REPEAT, ops.MIN_REPEAT):
        low, _high, body = value
        once = _lead(list(body), limit, ops)
        return once | _lead(rest, limit, ops) if low == 0 else once
    return {""}  # a class, any character, a back reference …: no literal start


def leads(pattern: str, flags: int = 0, limit: int = LEAD_CHARS) -> frozenset[str] | None:
    """Non-empty strings of at most ``limit`` characters one of which starts every match of ``pattern`` compiled with
    ``flags``, none a prefix of another; None when the pattern has no such set (or is case-insensitive)."""
    if flags & re.IGNORECASE:
        return None
    try:
        parser = importlib.import_module("re._parser")
        ops = importlib.import_module("re._constants")
        found = _lead(list(parser.parse(pattern, flags)), limit, ops)
    except (ImportError, AttributeError, TypeError, ValueError, re.error, RecursionError):
        return None
    return None if "" in found else _shortest(found)


def _shortest(starts: set[str] | frozenset[str]) -> frozenset[str]:
    """``starts`` without those another one begins (a match starting with 'needed' starts with 'need')."""
    return frozenset(lead for lead in starts if not any(other != lead and lead.startswith(other) for other in starts))


def lookahead(starts: frozenset[str]) -> str:
    """A pattern matching where one of ``starts`` begins (to be put in a lookahead), grouped by first character."""
    groups: dict[str, list[str]] = {}
    for start in sorted(_shortest(starts)):
        groups.setdefault(start[0], []).append(re.escape(start[1:]))
    return "|".join(re.escape(first) + (f"(?:{'|'.join(tails)})" if tails != [""] else "") for first, tails in groups.items())
