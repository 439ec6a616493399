"""Data as notebook HTML text: :func:`text_html` is the one place where a value becomes HTML.

It sits at the bottom of the package (it imports nothing of policycmp), so the data records
(:mod:`policycmp.records`) and the notebook views (:mod:`policycmp.display`) escape alike.
"""

from __future__ import annotations

import html
import math


def text_html(value: object) -> str:
    """Any value as HTML text: the one place where data becomes notebook HTML.

    ``None`` and NaN show as nothing; everything else is ``str()``-ed and escaped (``& < > " '``),
    so it is safe both between tags and inside quoted attribute values.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)
