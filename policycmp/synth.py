"""A deterministic synthetic corpus, scaled from a real one, for benchmarks and scale tests.

``generate(n, out)`` writes ``n`` coded documents (``out/recommendations``), the
codebook, ``n`` distinct seed texts and their manifest (``out/seeds``). Document
``i`` is a copy of real document ``i mod k`` of the source corpus (the shipped one by
default), changed so that scale is realistic rather than folded by caches:

- its seed is the real seed with words outside every quoted passage replaced, at
  random, by seed words of the same length (so every seed is a different text of the
  real size, ellipsis gaps keep their length, and each quote is still a verbatim
  substring, found as often as in the real seed);
- its recommendations keep their quotes, waivers, ellipses and occurrences, but take
  holders, options and stances drawn from the real codebook, so that matrices and
  networks have realistic spread.

Each generated document is checked against its seed with :func:`policycmp.anchor.find_quote`;
a copy whose substitutions happen to create a second occurrence of a quote is drawn again.
The result is the same for the same ``n``, ``seed`` and source corpus, byte for byte.

    python -m policycmp.synth N OUT [--seed 0] [--source ROOT]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import hashlib
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from policycmp import anchor
from policycmp.loader import CODEBOOK, document_paths, find_root

_WORD = re.compile(r"[A-Za-z]+")
_ATTEMPTS = 8
REPLACE_SHARE = 0.4
"""Share of the words outside quotes that a copy replaces."""


@dataclass(frozen=True)
class _Base:
    """One real document: its coded data, seed text and the original ranges that quotes cover (kept verbatim)."""

    stem: str
    data: dict[str, Any]
    text: str
    protected: list[tuple[int, int]]


def _quotes(data: dict[str, Any]) -> list[tuple[str, int | None]]:
    entries = [*data.get("recommendations", []), *data.get("waivers", [])]
    return [(entry["quote"], entry.get("occurrence")) for entry in entries]


def _bases(source: Path) -> list[_Base]:
    bases = []
    for path in document_paths(source):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = (source / "seeds" / data["document"]["seed"]).read_text(encoding="utf-8")
        spans = sorted(span for quote, _ in _quotes(data) for match in anchor.find_all(text, quote) for span in match)
        bases.append(_Base(path.stem, data, text, _merge(spans)))
    return bases


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _vocabulary(bases: list[_Base]) -> dict[int, list[str]]:
    words = sorted({word.lower() for base in bases for word in _WORD.findall(base.text)})
    by_length: dict[int, list[str]] = {}
    for word in words:
        by_length.setdefault(len(word), []).append(word)
    return by_length


def _recase(word: str, like: str) -> str:
    if len(like) > 1 and like.isupper():
        return word.upper()
    return word.capitalize() if like[0].isupper() else word


def _vary_text(base: _Base, vocabulary: dict[int, list[str]], rng: random.Random) -> str:
    """The seed with words outside quoted ranges replaced by same-length words (offsets of quotes unchanged)."""
    pieces: list[str] = []
    position = 0
    for start, end in [*base.protected, (len(base.text), len(base.text))]:
        gap = base.text[position:start]
        words = list(_WORD.finditer(gap))
        kept = 0
        for match in words:
            word = match.group()
            choices = vocabulary.get(len(word), [])
            if not choices or rng.random() >= REPLACE_SHARE:
                continue
            # a word cut by a quote boundary stays as it is (the quote may start or end mid-word)
            if (match.start() == 0 and position > 0) or (match.end() == len(gap) and start < len(base.text)):
                continue
            pieces += [gap[kept : match.start()], _recase(rng.choice(choices), word)]
            kept = match.end()
        pieces += [gap[kept:], base.text[start:end]]
        position = end
    return "".join(pieces)


def _vary_data(base: _Base, ident: str, codebook: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The coded document under a new id and seed, with holders, options and stances redrawn from the codebook."""
    data = copy.deepcopy(base.data)
    meta = data["document"]
    meta["id"], meta["seed"] = ident, f"{ident}.txt"
    if isinstance(meta.get("date"), dt.date):
        meta["date"] = meta["date"] + dt.timedelta(days=rng.randrange(-365, 366))
    options = [option["id"] for theme in codebook["themes"] for option in theme["options"] if not option.get("catch_all")]
    holders = [holder["id"] for holder in codebook["holders"]]
    for rec in data.get("recommendations", []):
        if rng.random() < 0.5:
            rec["option"] = rng.choice(options)
        if rng.random() < 0.3:
            rec["holder"] = rng.choice(holders)
        if rec["stance"] != "conditional" and rng.random() < 0.3:
            rec["stance"] = rng.choice(["support", "oppose"])
    return data


def _anchors(text: str, data: dict[str, Any]) -> bool:
    try:
        for quote, occurrence in _quotes(data):
            anchor.find_quote(text, quote, occurrence)
    except anchor.AnchorError:
        return False
    return True


def generate(n: int, out: str | Path, seed: int = 0, source: str | Path | None = None) -> Path:
    """Write a corpus of ``n`` documents into ``out`` (created; it must not hold a corpus yet); returns ``out``."""
    root = Path(out)
    if (root / CODEBOOK).exists():
        raise FileExistsError(f"{root} already holds a corpus: choose an empty directory")
    base_root = find_root(source)
    bases = _bases(base_root)
    if not bases:
        raise ValueError(f"{base_root} holds no coded documents to scale")
    vocabulary = _vocabulary(bases)
    codebook_bytes = (base_root / CODEBOOK).read_bytes()
    codebook = yaml.safe_load(codebook_bytes)
    (root / "recommendations").mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / CODEBOOK).write_bytes(codebook_bytes)
    sums: list[str] = []
    width = len(str(max(n - 1, 0)))
    for i in range(n):
        base = bases[i % len(bases)]
        ident = f"s{i:0{width}d}-" + base.stem.split("-", 1)[-1]
        text, data = base.text, {}
        for attempt in range(_ATTEMPTS + 1):
            rng = random.Random(f"{seed}:{i}:{attempt}")
            data = _vary_data(base, ident, codebook, rng)
            # the last attempt keeps the real wording: it always anchors, and the header line keeps the text distinct
            text = f"Synthetic text {ident}.\n\n" + (_vary_text(base, vocabulary, rng) if attempt < _ATTEMPTS else base.text)
            if attempt == _ATTEMPTS or _anchors(text, data):
                break
        seed_bytes = text.encode("utf-8")
        (root / "seeds" / f"{ident}.txt").write_bytes(seed_bytes)
        sums.append(f"{hashlib.sha256(seed_bytes).hexdigest()}  {ident}.txt\n")
        dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        (root / "recommendations" / f"{ident}.yaml").write_text(dumped, encoding="utf-8")
    (root / "seeds" / "SHA256SUMS").write_text("".join(sorted(sums, key=lambda line: line.split("  ", 1)[1])), encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m policycmp.synth N OUT [--seed S] [--source ROOT]``."""
    parser = argparse.ArgumentParser(prog="python -m policycmp.synth", description="Write a synthetic corpus scaled from a real one.")
    parser.add_argument("n", type=int, help="number of coded documents")
    parser.add_argument("out", type=Path, help="directory to write (recommendations/ and seeds/)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same corpus)")
    parser.add_argument("--source", type=Path, default=None, help="corpus to scale (default: the shipped one)")
    args = parser.parse_args(argv)
    generate(args.n, args.out, args.seed, args.source)
    print(f"wrote {args.n} documents to {args.out}")


if __name__ == "__main__":
    main()
