"""Where the bytes of a built report go, against issue #17's target (report ≤ 2× the seeds' bytes + a fixed overhead).

Prints the bytes of every part of the site (document pages, entity pages, the overview, the statements
data, downloads, shared assets), then splits the document pages into their parts, summed over every
document page, each as bytes and as a multiple of the seeds' bytes:

- head and navigation (up to ``<main>``), footer and script tags (from ``</main>``);
- metadata and explanations (from ``<main>`` to the text);
- the text (the seed's own bytes) and the markup of its highlights and marks (the rest of ``div.seed``);
- the cards (from the end of the text to the uncoded passages), of which the coders' notes, the holder and
  option labels and the conditions (their own UTF-8 bytes, from the corpus, before any escaping);
- the passages left uncoded (their list, reasons included).

The page is split at markers every version of the document page has (``<main``, ``<div class="seed">``,
``id="uncoded"``, ``</main>``), so the same script measures the report before and after a change.

    python benchmarks/report_bytes.py --root /tmp/policycmp-bench/corpus-1000 --report /tmp/policycmp-bench/corpus-1000-report
    python benchmarks/report_bytes.py --root /tmp/policycmp-bench/corpus-1000      # builds the report into a temporary directory
"""

from __future__ import annotations

import argparse
import tempfile
from collections import Counter
from pathlib import Path

import policycmp
from policycmp.report import build


def escaped(text: str | None) -> int:
    """Bytes of ``text`` itself (UTF-8, unescaped: what the escaping adds counts as markup)."""
    return len(text.encode("utf-8")) if text else 0


def site_parts(report: Path) -> Counter[str]:
    """Bytes of each part of the site, by where the file lives."""
    parts: Counter[str] = Counter()
    for path in report.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(report).as_posix()
        top = rel.split("/", 1)[0]
        if rel in {"assets/data.js", "downloads/statements.csv"}:
            name = rel
        elif "/" in rel:
            name = top + "/"
        else:
            name = rel
        parts[name] += path.stat().st_size
    return parts


def between(text: str, start: str, end: str, at: int = 0) -> tuple[int, int]:
    a = text.index(start, at)
    return a, text.index(end, a)


def document_parts(corpus: policycmp.Corpus, report: Path) -> Counter[str]:
    """Bytes of each part of the document pages, summed over every document."""
    parts: Counter[str] = Counter()
    table = corpus.table
    by_doc = dict(iter(table.groupby("document", sort=False)))
    for doc_id, doc in corpus.documents.items():
        page = (report / "documents" / f"{doc_id}.html").read_text(encoding="utf-8")
        size = len(page.encode("utf-8"))
        main = page.index("<main")
        seed_start, seed_end = between(page, '<div class="seed">', "</div>", main)
        uncoded = page.find('id="uncoded"', seed_end)
        if uncoded >= 0:
            uncoded = page.rindex("<h2", 0, uncoded)
        close = page.index("</main>", seed_end)
        waivers_at = uncoded if uncoded >= 0 else close

        def span(a: int, b: int, page: str = page) -> int:
            return len(page[a:b].encode("utf-8"))

        text = len(doc.text.encode("utf-8"))
        parts["head and navigation, footer and scripts"] += span(0, main) + span(close, len(page))
        parts["metadata and explanations"] += span(main, seed_start)
        parts["text (the seed's own bytes)"] += text
        parts["highlight markup and marks"] += span(seed_start, seed_end) - text
        cards = span(seed_end, waivers_at)
        parts["cards"] += cards
        parts["passages left uncoded"] += span(waivers_at, close)
        parts["total"] += size
        rows = by_doc.get(doc_id)
        if rows is not None:
            parts["  cards: coders' notes"] += sum(escaped(n) for n in rows["note"].tolist() if isinstance(n, str))
            parts["  cards: holder and option labels"] += sum(
                escaped(h) + escaped(o) for h, o in zip(rows["holder_label"].tolist(), rows["option_label"].tolist(), strict=True)
            )
            parts["  cards: conditions"] += sum(escaped(c) for c in rows["conditions"].tolist() if isinstance(c, str))
        parts["  uncoded: reasons"] += sum(escaped(w.waiver.reason) for w in doc.waivers)
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, required=True, help="the corpus (recommendations/ and seeds/)")
    parser.add_argument("--report", type=Path, help="its built report (default: build one into a temporary directory)")
    args = parser.parse_args()
    corpus = policycmp.load(args.root)
    seeds = sum(len(d.text.encode("utf-8")) for d in corpus.documents.values())
    with tempfile.TemporaryDirectory() as tmp:
        report = args.report
        if report is None:
            report = Path(tmp) / "site"
            build(corpus, report)
        site = site_parts(report)
        pages = document_parts(corpus, report)
    total = sum(site.values())
    statements = max(len(corpus.table), 1)
    print(f"documents: {len(corpus.documents)}; seeds: {seeds:,} bytes; report: {total:,} bytes = {total / seeds:.2f}x the seeds")
    print(
        f"statements: {len(corpus.table):,}, one per {seeds / statements:,.0f} bytes of text: a report of 2x the seeds leaves "
        f"{seeds / statements:,.0f} bytes per statement for everything besides the text itself"
    )
    table = corpus.table
    own = {
        "quote": sum(escaped(q) for q in table["quote"].tolist()),
        "coder's note": sum(escaped(n) for n in table["note"].tolist() if isinstance(n, str)),
        "holder and option labels": sum(
            escaped(h) + escaped(o) for h, o in zip(table["holder_label"].tolist(), table["option_label"].tolist(), strict=True)
        ),
    }
    print(
        "the coding's own text per statement, before any markup: "
        + ", ".join(f"{name} {n / statements:,.0f}" for name, n in own.items())
        + f" (together {sum(own.values()) / statements:,.0f} bytes)"
    )
    print("\n| part of the site | bytes | × seeds | bytes per statement |\n|---|---|---|---|")
    for name, n in sorted(site.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {n:,} | {n / seeds:.3f} | {n / statements:,.0f} |")
    print("\n| part of the document pages (sum over pages) | bytes | × seeds | bytes per statement |\n|---|---|---|---|")
    for name, n in pages.items():
        print(f"| {name} | {n:,} | {n / seeds:.3f} | {n / statements:,.0f} |")


if __name__ == "__main__":
    main()
