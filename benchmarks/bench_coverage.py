"""Time the coverage audit in-process, after loading, against the audit before issue #17.

``policycmp coverage`` loads the corpus, then audits it; ``bench.py --stages coverage`` times the
whole process. This script loads a corpus once and times only the audit (CPU seconds, median of
``--repeat`` runs): the current :func:`policycmp.coverage.audit` and, when the tests' copy of the old
implementation is importable (``tests/coverage_reference.py``), that one too, checking they agree.

    python benchmarks/bench_coverage.py /tmp/policycmp-bench/corpus-1000 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import policycmp
from policycmp.coverage import CoverageReport, audit

REPO = Path(__file__).resolve().parents[1]


def cpu(run: Callable[[], CoverageReport], repeat: int) -> tuple[float, CoverageReport]:
    """Median CPU seconds of ``repeat`` runs, and the last run's report."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        report = run()
        times.append(time.process_time() - start)
    return statistics.median(times), report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="corpus root (recommendations/ and seeds/)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-reference", action="store_true", help="time only the current audit")
    args = parser.parse_args()
    start = time.process_time()
    corpus = policycmp.load(args.root)
    print(f"load: {time.process_time() - start:.2f} s CPU, {len(corpus.documents)} documents")
    seconds, report = cpu(lambda: audit(corpus), args.repeat)
    print(f"audit: {seconds:.2f} s CPU (median of {args.repeat})")
    if args.no_reference:
        return
    sys.path.insert(0, str(REPO / "tests"))
    try:
        import coverage_reference  # type: ignore[import-not-found]
    except ImportError:
        return
    old_seconds, old = cpu(lambda: coverage_reference.audit(corpus), args.repeat)
    same = old == report and old.to_dict() == report.to_dict()
    print(f"audit before issue #17: {old_seconds:.2f} s CPU (median of {args.repeat}); {old_seconds / seconds:.1f}x; same result: {same}")


if __name__ == "__main__":
    main()
