"""Size and build time of the static report, against issue #17's report targets.

Builds the report of a corpus (the shipped one, or a synthetic one of N documents made by
:func:`policycmp.synth.generate`) into a temporary directory, then prints: build time (median of
``--repeat`` runs, loading excluded), total bytes written, bytes of the documents' own text
(the seeds), the ratio of the two, the bytes per document page, and the bytes of the shared assets.
Targets (issue #17): at N = 1,000 a build under 10 s and total bytes ≤ 2 × seed bytes + a fixed overhead.

    python benchmarks/report_bench.py                 # the shipped corpus
    python benchmarks/report_bench.py --n 1000        # a synthetic corpus of 1,000 documents
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import policycmp
from policycmp.report import build

REPO = Path(__file__).resolve().parents[1]


def tree(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_size for p in root.rglob("*") if p.is_file()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=0, help="synthetic documents (0: the shipped corpus)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "policycmp-report-bench")
    args = parser.parse_args(argv)
    if args.n:
        from policycmp.synth import generate

        root = args.work / f"corpus-{args.n}"
        if not (root / "recommendations" / "codebook.yaml").exists():
            generate(args.n, root)
    else:
        root = REPO
    corpus = policycmp.load(root)
    seed_bytes = sum(p.stat().st_size for p in (root / "seeds").glob("*.txt"))
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        for _ in range(args.repeat):
            start = time.perf_counter()
            build(corpus, out)
            times.append(time.perf_counter() - start)
        sizes = tree(out)
    total = sum(sizes.values())
    docs = [v for k, v in sizes.items() if k.startswith("documents/")]
    assets = sum(v for k, v in sizes.items() if k.startswith("assets/"))
    print(f"corpus: {'shipped' if not args.n else f'synthetic N={args.n}'} ({len(corpus.documents)} documents, {seed_bytes:,} seed bytes)")
    print(f"build: median {statistics.median(times):.2f} s of {args.repeat} (min {min(times):.2f} s)")
    print(f"report: {len(sizes)} files, {total:,} bytes = {total / seed_bytes:.2f} x seed bytes")
    print(f"  document pages: {len(docs)}, mean {statistics.mean(docs):,.0f} bytes; shared assets {assets:,} bytes")


if __name__ == "__main__":
    main()
