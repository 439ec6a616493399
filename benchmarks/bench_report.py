"""Benchmark of the HTML report: the shipped corpus and a synthetic one.

Prints the median wall time of rendering every page in memory (``render_site``) and of the
whole atomic build to disk (``build``), with page counts and total size.

    python benchmarks/bench_report.py                        # shipped corpus + 30 holders × 40 options × 1000 recs
    python benchmarks/bench_report.py --holders 100 --options 60 --recommendations 5000 --repeat 3
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_matrices import median_time, synthetic_corpus

import policycmp
from policycmp.corpus import Corpus
from policycmp.report.build import build, render_site

REPO = Path(__file__).resolve().parents[1]


def report_on(name: str, corpus: Corpus, repeat: int) -> None:
    files = render_site(corpus)
    size = sum(len(body) for body in files.values())
    render = median_time(lambda: render_site(corpus), repeat)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        write = median_time(lambda: build(corpus, out), repeat)
    print(f"{name}: {len(files)} pages, {size / 1024 / 1024:.1f} MiB")
    print(f"  render all pages in memory  {render:8.1f} ms")
    print(f"  atomic build to disk        {write:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holders", type=int, default=30)
    parser.add_argument("--options", type=int, default=40)
    parser.add_argument("--recommendations", type=int, default=1000)
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"median of {args.repeat} runs")
    report_on("shipped corpus", policycmp.load(REPO), args.repeat)
    synthetic = synthetic_corpus(args.holders, args.options, args.recommendations, args.documents)
    report_on(
        f"synthetic corpus ({args.holders} holders × {args.options} options × {args.recommendations} recommendations)",
        synthetic,
        args.repeat,
    )


if __name__ == "__main__":
    main()
