"""Text for the terminal: control characters from the data are shown, never obeyed.

Every line the CLI prints goes through :func:`terminal_text` (in :func:`policycmp.cli.echo`). A
corpus can hold ESC sequences (which move the cursor, erase lines or recolour a terminal, e.g.
to hide the "1 problem" line), other C0 and C1 controls, bidirectional overrides and isolates
(which reorder what a reader sees), zero-width and other format characters, and line or
paragraph separators. Each is replaced by a visible ``\\uXXXX`` escape. The form is also a valid
JSON string escape, so ``--format json`` output stays valid JSON that decodes to the same data.
"""

from __future__ import annotations

import re
import unicodedata

_HIDDEN = ("Cc", "Cf", "Cs", "Zl", "Zp")
"""Unicode categories that act on the display instead of showing: controls, format characters, separators."""


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in _HIDDEN


_CANDIDATES = re.compile(r"[^\x20-\x7e]")
"""Printable ASCII never needs a look-up; anything else is checked by category."""


def terminal_text(text: str, *, keep_newlines: bool = True) -> str:
    r"""``text`` with every control, format and separator character escaped as ``\uXXXX``.

    Newlines are kept (our own multi-line output) unless ``keep_newlines`` is false, which is
    for one-line records such as a problem, where a newline from the data would forge a line.
    """

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\n" and keep_newlines:
            return char
        return _escape(char) if _hidden(char) else char

    return _CANDIDATES.sub(replace, text)
