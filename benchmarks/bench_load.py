"""Benchmark loading a synthetic corpus with ``policycmp.load``.

Writes a deterministic corpus of DOCS coded documents with RECS recommendations
each (seeds, codebook, checksum manifest) into a temporary directory, then prints
the median over RUNS runs of:

- the full load (read YAML, validate, cross-check, read and hash seeds, anchor quotes);
- reading all YAML files with :mod:`policycmp.yamlsafe` on libyaml and on pure Python;
- for reference, PyYAML's own ``yaml.load`` with ``CSafeLoader`` (no locations, no checks).

    python benchmarks/bench_load.py [--docs 200] [--recs 50] [--runs 5]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

import policycmp
from policycmp.yamlsafe import read

WORDS = [
    "state",
    "army",
    "talks",
    "border",
    "court",
    "reform",
    "funds",
    "police",
    "region",
    "council",
    "treaty",
    "trade",
    "aid",
    "law",
    "order",
    "peace",
]


def sentence(rng: random.Random, number: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(12))
    return f"Point {number}: the government should {words}."


def write_corpus(root: Path, docs: int, recs: int) -> None:
    """A valid corpus with ``docs`` documents of ``recs`` recommendations each."""
    rng = random.Random(1)
    (root / "recommendations").mkdir(parents=True)
    (root / "seeds").mkdir()
    options = [f"option-{i}" for i in range(40)]
    themes = "\n".join(
        f"  - id: theme-{t}\n    label: Theme {t}\n    definition: Synthetic theme {t}.\n    options:\n"
        + "".join(f"      - id: {o}\n        label: Do {o}\n        definition: Synthetic {o}.\n" for o in options[t * 8 : t * 8 + 8])
        for t in range(5)
    )
    actors = "".join(f"  - id: actor-{i}\n    label: Actor {i}\n" for i in range(10))
    holders = "".join(f"  - id: holder-{i}\n    label: Holder {i}\n    type: person\n" for i in range(30))
    codebook = f'version: "1.0.0"\nthemes:\n{themes}\nactors:\n{actors}holders:\n{holders}'
    (root / "recommendations/codebook.yaml").write_text(codebook, encoding="utf-8")
    manifest = []
    for d in range(docs):
        sentences = [sentence(rng, n) for n in range(recs * 3)]
        text = "\n".join(sentences) + "\n"
        name = f"doc-{d:04d}.txt"
        (root / "seeds" / name).write_text(text, encoding="utf-8")
        manifest.append(f"{hashlib.sha256(text.encode()).hexdigest()}  {name}")
        lines = [
            "document:",
            f"  id: doc-{d:04d}",
            f"  seed: {name}",
            f"  title: Synthetic document {d}",
            "  authors: [A. Writer]",
            "  voice: holder-0",
            "  outlet: null",
            "  kind: op-ed",
            "  date: 2023-01-05",
            "  date_note: synthetic",
            "coders: [bench]",
            "recommendations:",
        ]
        for r in range(recs):
            lines += [
                f"  - id: rec-{r}",
                f"    holder: holder-{rng.randrange(30)}",
                f"    actors: [actor-{rng.randrange(10)}]",
                f"    option: {rng.choice(options)}",
                "    stance: support",
                "    strength: should",
                f'    quote: "{sentences[r * 3]}"',
            ]
        (root / "recommendations" / f"doc-{d:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "seeds/SHA256SUMS").write_text("\n".join(manifest) + "\n", encoding="utf-8")


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--recs", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_corpus(root, args.docs, args.recs)
        files = sorted((root / "recommendations").glob("*.yaml"))
        texts = [(f.name, f.read_text(encoding="utf-8")) for f in files]
        size = sum(len(t) for _, t in texts)
        corpus = policycmp.load(root)
        recs = sum(len(d.recommendations) for d in corpus.documents.values())
        print(f"corpus: {len(corpus.documents)} documents, {recs} recommendations, {size / 1e6:.1f} MB of YAML, median of {args.runs} runs")
        rows = [
            ("policycmp.load (everything)", lambda: policycmp.load(root)),
            ("yamlsafe.read, libyaml events", lambda: [read(t, n) for n, t in texts]),
            ("yamlsafe.read, pure-Python events", lambda: [read(t, n, pure=True) for n, t in texts]),
            ("yaml.load CSafeLoader (reference)", lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for _, t in texts]),
        ]
        for label, action in rows:
            print(f"  {label:<36} {median_time(action, args.runs):8.3f} s")


if __name__ == "__main__":
    main()
