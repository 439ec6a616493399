"""Benchmark of the alignment layer on a synthetic corpus.

Generates a corpus of H holders, O options (in themes of 5) and R recommendations spread over
D documents, from a fixed seed, built from the real models and containers; then prints the
median wall time of the tidy table, the matrices, agreement under each normalisation,
contestation and coalitions.

    python benchmarks/bench_matrices.py                      # 100 holders × 60 options × 5000 recs
    python benchmarks/bench_matrices.py --holders 300 --recommendations 20000 --repeat 3
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policycmp.agreement import NORMALISATIONS, agreement
from policycmp.coalitions import coalitions
from policycmp.corpus import Anchored, Corpus, LoadedDocument
from policycmp.matrices import matrix, option_summary
from policycmp.models import Codebook, CodedDocument, DocumentMeta, Recommendation
from policycmp.sidebyside import side_by_side
from policycmp.table import tidy

HOLDER_TYPES = ("person", "organisation", "government-body", "political-party", "media-outlet")
KINDS = ("op-ed", "news", "research-paper", "editorial")


def synthetic_corpus(holders: int, options: int, recommendations: int, documents: int, seed: int = 7) -> Corpus:
    """A reproducible corpus: holders lean towards one of two camps, so agreement has structure."""
    rnd = random.Random(seed)
    option_ids = [f"option-{i:03d}" for i in range(options)]
    themes = [
        {"id": f"theme-{t:02d}", "label": f"Theme {t}", "definition": "synthetic",
         "options": [{"id": o, "label": o.replace("-", " "), "definition": "synthetic"} for o in option_ids[t * 5 : t * 5 + 5]]}
        for t in range((options + 4) // 5)
    ]
    holder_ids = [f"holder-{i:03d}" for i in range(holders)]
    codebook = Codebook.model_validate(
        {
            "version": "0.0.0",
            "themes": themes,
            "actors": [{"id": "government", "label": "Government"}],
            "holders": [{"id": h, "label": h.replace("-", " ").title(), "type": HOLDER_TYPES[i % len(HOLDER_TYPES)],
                         "affiliation": f"Org {i % 12}"} for i, h in enumerate(holder_ids)],
        }
    )
    camp = {h: rnd.random() < 0.5 for h in holder_ids}
    leaning = {o: rnd.random() < 0.5 for o in option_ids}
    per_doc: list[list[tuple[str, str, str, str]]] = [[] for _ in range(documents)]
    for _ in range(recommendations):
        holder = rnd.choice(holder_ids)
        option = rnd.choice(option_ids)
        agrees = (camp[holder] == leaning[option]) ^ (rnd.random() < 0.15)
        stance = "conditional" if rnd.random() < 0.08 else ("support" if agrees else "oppose")
        strength = rnd.choice(("must", "should", "should", "could", "expected"))
        per_doc[rnd.randrange(documents)].append((holder, option, stance, strength))
    loaded: dict[str, LoadedDocument] = {}
    for d, items in enumerate(per_doc):
        doc_id = f"doc-{d:04d}"
        recs: list[Recommendation] = []
        anchored: list[Anchored] = []
        text_parts: list[str] = []
        cursor = 0
        for n, (holder, option, stance, strength) in enumerate(items):
            quote = f"Statement {n} of {holder} on {option}."
            data: dict[str, Any] = {"id": f"r{n:04d}", "holder": holder, "actors": ["government"], "option": option,
                                    "stance": stance, "strength": strength, "quote": quote}
            if stance == "conditional":
                data["conditions"] = "if a condition is met"
            rec = Recommendation.model_validate(data)
            recs.append(rec)
            anchored.append(Anchored(rec, holder, ((cursor, cursor + len(quote)),)))
            text_parts.append(quote)
            cursor += len(quote) + 1
        meta = DocumentMeta.model_validate(
            {"id": doc_id, "seed": f"{doc_id}.txt", "title": f"Document {d}", "authors": [f"Author {d % 40}"],
             "voice": holder_ids[d % holders], "outlet": None, "kind": KINDS[d % len(KINDS)],
             "date": f"20{10 + d % 14:02d}-{1 + d % 12:02d}-01", "date_note": "synthetic"}
        )
        coded = CodedDocument(document=meta, coders=["synthetic"], recommendations=recs)
        loaded[doc_id] = LoadedDocument(coded, Path(f"{doc_id}.yaml"), Path(f"{doc_id}.txt"), " ".join(text_parts), tuple(anchored))
    return Corpus(root=Path("/synthetic"), codebook=codebook, documents=loaded)


def median_time(call: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls, in milliseconds (one warm-up call first)."""
    call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holders", type=int, default=100)
    parser.add_argument("--options", type=int, default=60)
    parser.add_argument("--recommendations", type=int, default=5000)
    parser.add_argument("--documents", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    start = time.perf_counter()
    corpus = synthetic_corpus(args.holders, args.options, args.recommendations, args.documents)
    built = time.perf_counter() - start
    table = tidy(corpus)
    print(f"synthetic corpus: {args.holders} holders × {args.options} options × {len(table)} recommendations "
          f"in {args.documents} documents (built in {built:.2f} s); median of {args.repeat} runs")
    cases: list[tuple[str, Callable[[], object]]] = [
        ("tidy table", lambda: tidy(corpus)),
        ("matrix holder × option (stance)", lambda: matrix(table, "holder", "option")),
        ("matrix document × theme (count)", lambda: matrix(table, "document", "theme", "count")),
        ("matrix author × option (numeric)", lambda: matrix(table, "author", "option", "numeric")),
        ("option summary / contestation", lambda: option_summary(table)),
        *((f"agreement holder × holder ({how})", (lambda how=how: agreement(table, normalise=how))) for how in NORMALISATIONS),
        ("agreement net (jaccard)", lambda: agreement(table, measure="net")),
        ("side_by_side (one theme)", lambda: side_by_side(table, "theme-00", codebook=corpus.codebook)),
        ("coalitions (louvain)", lambda: coalitions(table)),
        ("coalitions (greedy)", lambda: coalitions(table, method="greedy")),
    ]
    width = max(len(name) for name, _ in cases)
    for name, call in cases:
        print(f"  {name:<{width}}  {median_time(call, args.repeat):9.1f} ms")


if __name__ == "__main__":
    main()
