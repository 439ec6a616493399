"""Deterministic, safe YAML for imported files.

Every string value is written double-quoted (so ``no``, ``2024-01-01``, ``1.10`` or a leading ``#``
stay text, and control characters are escaped), keys stay plain, mappings keep the order they were
built in, and lines are never folded. :func:`dump` re-loads what it wrote and refuses to return text
that does not read back to the same data.
"""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """SafeDumper with double-quoted string values, plain keys and no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_mapping(self, tag: str, mapping: Any, flow_style: bool | None = None) -> yaml.MappingNode:
        pairs = []
        for key, value in mapping.items():
            key_node = yaml.ScalarNode("tag:yaml.org,2002:str", str(key))
            pairs.append((key_node, self.represent_data(value)))
        return yaml.MappingNode(tag, pairs, flow_style=False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, lambda d, m: d.represent_mapping("tag:yaml.org,2002:map", m))


def dump(data: dict[str, Any], header: str = "") -> str:
    """YAML text of ``data`` (strings, ints, None, lists and dicts only), preceded by comment ``header``."""
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=2**31 - 1, default_flow_style=False)
    if yaml.safe_load(text) != data:  # pragma: no cover - a guard, not a branch we expect to take
        raise AssertionError("the YAML emitter did not round-trip; this is a bug in policycmp.dna.emit")
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comment + text
