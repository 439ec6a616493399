"""Benchmark policycmp at corpus scale against the YAML parsing floor.

For each size N it generates (once, or reuses) a synthetic corpus with
:func:`policycmp.synth.generate` under ``--work`` and times, each in a fresh process:

- **floor**: the same YAML files (codebook and coded documents) parsed with
  ``yaml.load(..., Loader=yaml.CSafeLoader)`` and nothing else;
- **validate (no cache)**: ``policycmp validate --root`` with the cache switched off;
- **cold validate**: ``policycmp validate --root`` with an empty cache (it fills the cache);
- **warm validate**: the same with the cache filled and nothing changed;
- **load + analyses**: ``policycmp.load`` then every matrix (holder, document × option, theme;
  every value), agreement under every normalisation, contested and coalitions; the analyses'
  own time is measured inside the process and shown as its own row;
- **coverage**: ``policycmp coverage --root`` without its cache (``--no-cache``), with an empty cache, warm, and
  warm after one document changed (see :func:`coverage_stages`; only the first row where the cache does not exist).

Each stage prints the median of ``--repeat`` runs (wall and CPU seconds), its ratio to the floor and the peak
resident memory of its process (``getrusage(RUSAGE_CHILDREN)`` in a wrapper process that runs only it).
Stages that the installed policycmp does not offer (e.g. the cache, before it existed) are skipped.

- **report**: ``policycmp report --root --out`` into a fresh directory (load, analyses and every page;
  its peak memory is that of load + analyses + report);
- **startup** (once, not per size): ``policycmp --version`` and ``policycmp validate`` on the shipped
  corpus, cold (no cache) and warm.

``--stages`` picks the stages (comma-separated: ``floor`` always runs, since every ratio needs it;
``validate`` means the no-cache, cold and warm rows). ``--sizes`` takes numbers separated by spaces or commas.

    python benchmarks/bench.py                               # N = 100, 1000, 5000, every stage but report
    python benchmarks/bench.py --sizes 1000,5000 --stages validate,analyses --repeat 3 --work /tmp/policycmp-bench
    python benchmarks/bench.py --sizes 1000 --stages report
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FLOOR = """
import sys, yaml
from pathlib import Path
folder = Path(sys.argv[1]) / "recommendations"
for path in sorted(folder.glob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""

ANALYSES = """
import json, resource, sys, time
import policycmp
from policycmp.agreement import NORMALISATIONS
from policycmp.options import MATRIX_VALUES as VALUES
def rss_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20
corpus = policycmp.load(sys.argv[1])
loaded_rss, loaded_peak = rss_mib(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
parts, cpu = {}, {}
start = last = time.perf_counter()
cpu_start = cpu_last = time.process_time()
def lap(name):
    global last, cpu_last
    now, now_cpu = time.perf_counter(), time.process_time()
    parts[name], cpu[name] = now - last, now_cpu - cpu_last
    last, cpu_last = now, now_cpu
corpus.tidy()
lap("tidy table")
for rows in ("holder", "document"):
    for cols in ("option", "theme"):
        for value in VALUES:
            corpus.matrix(rows, cols, value)
lap("matrices")
for normalise in NORMALISATIONS:
    corpus.agreement(normalise)
lap("agreement")
corpus.contested()
lap("contested")
corpus.coalitions()
lap("coalitions")
print(json.dumps({
    "analyses": time.perf_counter() - start, "parts": parts, "analyses_cpu": time.process_time() - cpu_start, "cpu": cpu,
    "rss_after_load_mib": loaded_rss, "rss_after_analyses_mib": rss_mib(), "peak_after_load_mib": loaded_peak,
    "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

PARTS = ("tidy table", "matrices", "agreement", "contested", "coalitions")


@dataclass
class Stage:
    """One benchmark stage: its name and its runs as (seconds, peak KiB)."""

    name: str
    runs: list[tuple[float, int]] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    """CPU seconds (user + system) of each run: steadier than wall time on a shared machine."""

    @property
    def seconds(self) -> float:
        return statistics.median(r[0] for r in self.runs)

    @property
    def cpu_seconds(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None

    @property
    def peak_mib(self) -> float:
        return max(r[1] for r in self.runs) / 1024


WRAP = """
import os, resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=sys.stdout, stderr=sys.stderr)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write("\\nPEAK_KIB=%d CPU_S=%f\\n" % (usage.ru_maxrss, usage.ru_utime + usage.ru_stime))
sys.exit(code)
"""


def measure(args: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (KiB) of ``args`` alone (measured by a wrapper process), and its stdout.

    The CPU seconds of the run are kept in :data:`LAST_CPU`.
    """
    start = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", WRAP, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if child.returncode not in ok:
        raise SystemExit(f"{' '.join(args)} failed ({child.returncode}):\n{child.stderr[-2000:]}")
    tail = child.stderr.rsplit("PEAK_KIB=", 1)[1].split()
    peak = int(tail[0])
    LAST_CPU[0] = float(tail[1].removeprefix("CPU_S="))
    return seconds, peak, child.stdout


LAST_CPU = [0.0]


def has_cache() -> bool:
    help_text = subprocess.run([sys.executable, "-m", "policycmp", "validate", "--help"], capture_output=True, text=True).stdout
    return "--no-cache" in help_text


STAGES = ("floor", "validate", "analyses", "coverage", "report", "startup")
DEFAULT_STAGES = ("floor", "validate", "analyses", "coverage", "startup")


class Runner:
    """Runs stages ``repeat`` times each and collects them in order."""

    def __init__(self, repeat: int) -> None:
        self.repeat = repeat
        self.stages: list[Stage] = []

    def stage(self, name: str, args: list[str], before: Callable[[], None] | None = None, ok: tuple[int, ...] = (0,)) -> list[str]:
        current = Stage(name)
        outputs = []
        for _ in range(self.repeat):
            if before is not None:
                before()
            seconds, peak, out = measure(args, ok)
            current.runs.append((seconds, peak))
            current.cpu.append(LAST_CPU[0])
            outputs.append(out)
        self.stages.append(current)
        return outputs


def bench_size(root: Path, repeat: int, stages: tuple[str, ...] = DEFAULT_STAGES) -> list[Stage]:
    py = sys.executable
    validate = [py, "-m", "policycmp", "validate", "--root", str(root)]
    cache_dir = root / ".policycmp_cache"
    run = Runner(repeat)
    run.stage("floor (CSafeLoader)", [py, "-c", FLOOR, str(root)])
    if "validate" in stages:
        if has_cache():
            run.stage("validate --no-cache", [*validate, "--no-cache"])
            run.stage("cold validate", validate, before=lambda: shutil.rmtree(cache_dir, ignore_errors=True))
            measure(validate)  # fill the cache
            run.stage("warm validate", validate)
        else:
            run.stage("cold validate", validate)
    if "analyses" in stages:
        outputs = run.stage("load + analyses", [py, "-c", ANALYSES, str(root)])
        data = [json.loads(out) for out in outputs]
        run.stages.append(Stage("  analyses alone", [(d["analyses"], 0) for d in data]))
        run.stages.extend(Stage(f"    {part}", [(d["parts"][part], 0) for d in data]) for part in PARTS)
        for d in data:
            if "cpu" in d:  # in-process CPU seconds and the memory the analyses add on top of the load
                parts = ", ".join(f"{part} {d['cpu'][part]:.2f}" for part in PARTS)
                print(
                    f"# N={root.name}: analyses CPU {d['analyses_cpu']:.2f} s ({parts}); RSS after load "
                    f"{d['rss_after_load_mib']:.0f} MiB, after analyses {d['rss_after_analyses_mib']:.0f} MiB; "
                    f"peak after load {d['peak_after_load_mib']:.0f} MiB, at the end {d['peak_mib']:.0f} MiB",
                    flush=True,
                )
    if "coverage" in stages:
        coverage_stages(run, root, validate)
    if "report" in stages:
        out_dir = root.parent / f"{root.name}-report"
        run.stage(
            "report",
            [py, "-m", "policycmp", "report", "--root", str(root), "--out", str(out_dir)],
            before=lambda: shutil.rmtree(out_dir, ignore_errors=True),
        )
    return run.stages


def has_coverage_cache() -> bool:
    help_text = subprocess.run([sys.executable, "-m", "policycmp", "coverage", "--help"], capture_output=True, text=True).stdout
    return "--no-cache" in help_text


def coverage_stages(run: Runner, root: Path, validate: list[str]) -> None:
    """``policycmp coverage``: without the cache, with an empty cache (filled by the run), warm (every entry present, the
    validation cache warm too), and warm after one document changed (a YAML comment appended, so its validation and its
    audit are redone). The document is replaced by renaming a new file onto it, never written in place (the corpora
    may be hard-linked copies), and its bytes are put back the same way at the end."""
    coverage = [sys.executable, "-m", "policycmp", "coverage", "--root", str(root)]
    if not has_coverage_cache():
        run.stage("coverage", coverage, ok=(0, 1))
        return
    cache_dir = root / ".policycmp_cache"
    run.stage("coverage --no-cache", [*coverage, "--no-cache"], ok=(0, 1))
    run.stage("coverage, empty cache", coverage, before=lambda: shutil.rmtree(cache_dir, ignore_errors=True), ok=(0, 1))
    # The validation right after an empty-cache run (one run: the next ones would find its verdicts anyway): since
    # h6-coverage that run stores the verdicts of its load, so this one parses nothing; before, a full validation.
    seconds, peak, _ = measure(validate)
    run.stages.append(Stage("validate after coverage, empty cache (1 run)", [(seconds, peak)], [LAST_CPU[0]]))
    measure(coverage, ok=(0, 1))
    run.stage("coverage, warm", coverage, ok=(0, 1))
    document = sorted((root / "recommendations").glob("*.yaml"), key=lambda p: (p.name == "codebook.yaml", p.name))[0]
    original = document.read_bytes()
    edits = [0]

    def change_one() -> None:
        edits[0] += 1
        replace_bytes(document, original + f"# bench edit {edits[0]}\n".encode())

    try:
        run.stage("coverage, warm, 1 document changed", coverage, before=change_one, ok=(0, 1))
    finally:
        replace_bytes(document, original)


def replace_bytes(path: Path, data: bytes) -> None:
    """Put ``data`` at ``path`` through a new file renamed onto it (a hard-linked original is left untouched)."""
    temporary = path.with_name(path.name + ".bench-tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def bench_startup(repeat: int, work: Path) -> list[Stage]:
    """``--version`` and ``validate`` of the shipped corpus (a copy under ``work``), cold and warm."""
    import policycmp

    py = sys.executable
    shipped = Path(policycmp.__file__).resolve().parent.parent
    copy = work / "shipped"
    shutil.rmtree(copy, ignore_errors=True)
    for part in ("recommendations", "seeds"):
        shutil.copytree(shipped / part, copy / part)
    validate = [py, "-m", "policycmp", "validate", "--root", str(copy)]
    run = Runner(repeat)
    measure([py, "-m", "policycmp", "--version"])  # warm the file system cache
    run.stage("policycmp --version", [py, "-m", "policycmp", "--version"])
    if has_cache():
        run.stage("validate shipped, cold", validate, before=lambda: shutil.rmtree(copy / ".policycmp_cache", ignore_errors=True))
        measure(validate)
        run.stage("validate shipped, warm", validate)
    else:
        run.stage("validate shipped", validate)
    return run.stages


def corpus_for(n: int, work: Path) -> Path:
    root = work / f"corpus-{n}"
    if not (root / "recommendations" / "codebook.yaml").exists():
        from policycmp.synth import generate

        generate(n, root)
    return root


def table(results: dict[int, list[Stage]]) -> str:
    sizes = sorted(results)
    growth = " | t(5000)/t(1000)" if {1000, 5000} <= set(sizes) else ""
    lines = ["| stage | " + " | ".join(f"N={n}: wall s / ×floor / cpu s / ×floor / MiB" for n in sizes) + growth + " |"]
    lines.append("|---" * (len(sizes) + 1 + ({1000, 5000} <= set(sizes))) + "|")
    names = [s.name for s in results[sizes[0]]]
    for name in names:
        cells = []
        for n in sizes:
            by_name = {s.name: s for s in results[n]}
            floor = by_name["floor (CSafeLoader)"]
            s = by_name[name]
            peak = f"{s.peak_mib:.0f}" if s.runs[0][1] else "–"
            cpu, floor_cpu = s.cpu_seconds, floor.cpu_seconds
            cpu_cells = f"{cpu:.2f} / {cpu / floor_cpu:.2f}" if cpu is not None and floor_cpu else "– / –"
            cells.append(f"{s.seconds:.2f} / {s.seconds / floor.seconds:.2f} / {cpu_cells} / {peak}")
        if {1000, 5000} <= set(sizes):
            a = {s.name: s for s in results[1000]}[name].seconds
            b = {s.name: s for s in results[5000]}[name].seconds
            cells.append(f"{b / a:.2f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def sizes_arg(values: list[str]) -> list[int]:
    """``1000 5000`` or ``1000,5000``."""
    return [int(part) for value in values for part in value.split(",") if part]


def stages_arg(value: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = sorted(set(chosen) - set(STAGES))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown stage(s) {', '.join(unknown)}; choose from {', '.join(STAGES)}")
    return chosen


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["100,1000,5000"], help="corpus sizes (documents), e.g. 1000 5000 or 1000,5000")
    parser.add_argument(
        "--stages", type=stages_arg, default=DEFAULT_STAGES, help=f"comma-separated, from {', '.join(STAGES)} (default: all but report)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage (the median is shown)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/policycmp-bench"), help="where corpora are generated and kept")
    args = parser.parse_args(argv)
    sizes = sizes_arg(args.sizes)
    results = {}
    for n in sizes:
        root = corpus_for(n, args.work)
        results[n] = bench_size(root, args.repeat, args.stages)
        print(f"N={n} done", file=sys.stderr)
    if results:
        print(table(results))
    if "startup" in args.stages:
        print()
        print("| start-up (shipped corpus) | wall s (median) | cpu s (median) | MiB |")
        print("|---|---|---|---|")
        for stage in bench_startup(args.repeat, args.work):
            print(f"| {stage.name} | {stage.seconds:.3f} | {stage.cpu_seconds or 0:.3f} | {stage.peak_mib:.0f} |")


if __name__ == "__main__":
    main()
