"""Benchmark quote anchoring on a synthetic corpus.

Builds DOCS deterministic texts of about TEXT_CHARS characters each (curly quotes,
dashes, whitespace runs, decomposed accents, footnote blocks) and QUOTES_PER_DOC
quotes per text, a fifth of them with an ellipsis skipping a footnote block, each
rewritten with straight quotes and plain spaces. Prints the median time over
RUNS runs to anchor all quotes, cold (normalisation cache cleared first, as on a
fresh load) and warm.

    python benchmarks/bench_anchor.py [--docs 20] [--quotes 50] [--chars 40000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import unicodedata

from policycmp.anchor import find_quote
from policycmp.normalise import normalised

WORDS = [
    "Pakistan",
    "government",
    "must",
    "should",
    "needs",
    "security",
    "forces",
    "Afghan",
    "Taliban",
    "talks",
    "ceasefire",
    "policy",
    "terrorism",
    "operations",
]
DECORATIONS = ["“", "”", "’", " – ", "\u00a0", "  ", "\n", "e\u0301"]


def make_text(rng: random.Random, chars: int) -> str:
    """A text of about ``chars`` characters: numbered sentences, decorations, footnote blocks."""
    parts: list[str] = []
    size = 0
    number = 0
    while size < chars:
        number += 1
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 25))]
        for _ in range(rng.randint(0, 3)):
            words.insert(rng.randrange(len(words)), rng.choice(DECORATIONS))
        sentence = f"S{number} " + " ".join(words) + "."
        if rng.random() < 0.05:
            sentence += f"\n\n{number} Footnote author, “Title {number},” Outlet, 2023, https://example.org/{number}.\n\n"
        parts.append(sentence)
        size += len(sentence) + 1
    return " ".join(parts)


def _cluster_end(text: str, end: int) -> int:
    """Move ``end`` past combining marks, so a quote never stops inside an accented letter."""
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return end


def make_quotes(rng: random.Random, text: str, count: int) -> list[str]:
    """Quotes taken from sentence starts (unique thanks to the numbers), some with an ellipsis."""
    starts = [i for i in range(len(text) - 400) if text[i] == "S" and text[i + 1].isdigit() and (i == 0 or text[i - 1] == " ")]
    quotes = []
    for start in rng.sample(starts, min(count, len(starts))):
        end = _cluster_end(text, start + rng.randint(40, 120))
        quote = text[start:end].rstrip()
        if rng.random() < 0.2:
            tail = text.find(" S", end + 50)
            if tail != -1:
                quote = quote + " … " + text[tail + 1 : _cluster_end(text, tail + 40)].strip()
        straight = quote.translate(str.maketrans({"“": '"', "”": '"', "’": "'", "–": "-", "\u00a0": " ", "\n": " "}))
        quotes.append(straight)
    return quotes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20)
    parser.add_argument("--quotes", type=int, default=50)
    parser.add_argument("--chars", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(20240101)
    corpus = []
    for _ in range(args.docs):
        text = make_text(rng, args.chars)
        corpus.append((text, make_quotes(rng, text, args.quotes)))
    total = sum(len(quotes) for _, quotes in corpus)

    def run(cold: bool) -> float:
        if cold:
            normalised.cache_clear()
        began = time.perf_counter()
        for text, quotes in corpus:
            for quote in quotes:
                find_quote(text, quote, occurrence=1)
        return time.perf_counter() - began

    cold = statistics.median(run(cold=True) for _ in range(args.runs))
    warm = statistics.median(run(cold=False) for _ in range(args.runs))
    print(f"{total} quotes in {args.docs} texts of ~{args.chars} characters, median of {args.runs} runs:")
    print(f"  cold (normalise each text, then anchor): {cold * 1000:.1f} ms ({cold / total * 1e6:.0f} µs per quote)")
    print(f"  warm (normalised texts cached):          {warm * 1000:.1f} ms ({warm / total * 1e6:.0f} µs per quote)")


if __name__ == "__main__":
    main()
