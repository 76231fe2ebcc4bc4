"""Does `commlint audit` scale with Dask workers? Throughput (messages/s) of the batch audit
at 1, 2 and 4 local worker processes on one generated ticket archive, next to one process
running ``Linter.lint_many`` with no Dask at all (the ceiling a single worker can reach).

The archive is generated from the templates of tests/test_audit.py (short, varied support
messages), written to ``benchmarks/.cache/audit/`` (git-ignored). Each audit starts a fresh
LocalCluster into a fresh folder; "lint" time runs from the first partition sent (every
worker already warm: model loaded, rules built) to the last partition written, "start" is
the cluster start and the warm-up. Writes ``benchmarks/results/<date>-audit.md`` and
``.json``; rerun to regenerate them, never edit them:

    .venv/bin/python benchmarks/audit_scaling.py [--messages 5000] [--workers 1,2,4] [--repeat 2]

``COMMLINT_BENCH_COMMIT`` names the commit measured (default: ``git rev-parse --short HEAD``).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("COMMLINT_NO_WORKER", "1")
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE = HERE / ".cache" / "audit"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(HERE))

import machine  # noqa: E402
import psutil  # noqa: E402

from commlint import Config, Linter  # noqa: E402
from commlint.audit.run import AuditOptions, run_audit  # noqa: E402
from commlint.audit.work import message_document  # noqa: E402
from test_audit import OPTION_COLUMNS, message, write_archive  # noqa: E402


def _load() -> float:
    return float(machine.load_average().split(" / ")[0])


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def _busy_since(start: tuple[int, int]) -> float | None:
    """The share of every core that was busy (with anything) since ``start``."""
    busy, total = _cpu_ticks()
    return round((busy - start[0]) / (total - start[1]), 2) if total > start[1] else None


def _our_cpu() -> float:
    """CPU seconds used so far by this process and every process it started (the workers)."""
    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.Error:
            pass
    return total


def audit_figures(archive: Path, workers: int, partition_size: int) -> dict:
    """One audit on a fresh local cluster of ``workers`` processes."""
    out = CACHE / f"out-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    cpu: list[float] = []  # at the start of linting (workers warm) and at each partition written
    load_before, ticks = _load(), _cpu_ticks()
    started = time.monotonic()
    done = run_audit(archive, out, Config(), AuditOptions(columns=OPTION_COLUMNS, workers=workers,
                                                          partition_size=partition_size),
                     progress=lambda n, total: cpu.append(_our_cpu()))
    wall = time.monotonic() - started
    used = cpu[-1] - cpu[0]
    return {
        "workers": workers, "messages": done.linted, "findings": done.summary["findings"],
        "start_seconds": round(done.start_seconds, 2), "lint_seconds": round(done.lint_seconds, 2),
        "wall_seconds": round(wall, 2), "messages_per_second": round(done.linted / done.lint_seconds, 1),
        "cpu_seconds": round(used, 2), "cores_used": round(used / done.lint_seconds, 2),
        "messages_per_cpu_second": round(done.linted / used, 1),
        "load_before": load_before, "load_after": _load(), "machine_busy": _busy_since(ticks),
    }


def one_process_figures(count: int) -> dict:
    """``Linter.lint_many`` over the same messages in this process (model loaded first)."""
    linter = Linter(Config())
    linter.warm()
    items = [message_document(message(i)["body"], message(i)["channel"]) for i in range(count)]
    load_before, ticks, cpu = _load(), _cpu_ticks(), time.process_time()
    started = time.monotonic()
    findings = sum(len(found) for found in linter.lint_many(items))
    seconds = time.monotonic() - started
    used = time.process_time() - cpu
    return {"workers": 0, "messages": count, "findings": findings, "start_seconds": None, "lint_seconds": round(seconds, 2),
            "wall_seconds": None, "messages_per_second": round(count / seconds, 1), "cpu_seconds": round(used, 2),
            "cores_used": round(used / seconds, 2), "messages_per_cpu_second": round(count / used, 1),
            "load_before": load_before, "load_after": _load(), "machine_busy": _busy_since(ticks)}


def _best(runs: list[dict], workers: int) -> dict:
    """The fastest of the runs with ``workers`` (0: one process): the least disturbed by other work."""
    return max((r for r in runs if r["workers"] == workers), key=lambda r: r["messages_per_second"])


def _report(data: dict) -> str:
    runs = data["runs"]
    counts = sorted({r["workers"] for r in runs if r["workers"]})
    base = _best(runs, counts[0])
    lines = [
        f"# Batch audit on Dask: throughput by workers, {data['date']} (commit {data['commit']})",
        "",
        "Generated by `benchmarks/audit_scaling.py`; do not edit by hand. One generated archive of "
        f"{data['messages']:,} short support messages (CSV, the templates of `tests/test_audit.py`), "
        f"partitions of {data['partition_size']}; each audit on a fresh `LocalCluster` (worker processes, one "
        "thread each, 127.0.0.1). *lint* runs from the first partition sent, every worker warm, to the last "
        "partition written (Parquet included); *start* is the cluster start and each worker's model load. "
        f"Each case ran {data['repeat']} times, the rounds interleaved (1, 2, 4 workers, one process; again); "
        "the table shows the fastest run of each (the one least disturbed by other work on the machine), "
        "*all runs* every one. *cores used* is the CPU time of the audit's own processes (the client and "
        "its workers) while linting, per second of it; *busy* is the share of both cores in use, by "
        "anything, during the run: where busy is near 1.00 and cores used well below the workers (up to "
        "2), other work on the machine took the rest. *messages per CPU-second* does not depend on that "
        "competition: it is the cost of a message, Dask included.",
        "",
        f"| workers | messages/s | vs {counts[0]} worker | lint s | start s | cores used | messages per CPU-second "
        "| busy | findings | all runs, messages/s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for workers in counts + [0]:
        best = _best(runs, workers)
        every = ", ".join(f"{r['messages_per_second']:,.1f}" for r in runs if r["workers"] == workers)
        label = str(workers) if workers else "one process, `Linter.lint_many`, no Dask"
        lines.append(
            f"| {label} | {best['messages_per_second']:,.1f} | {best['messages_per_second'] / base['messages_per_second']:.2f}x "
            f"| {best['lint_seconds']} | {best['start_seconds'] if best['start_seconds'] is not None else '–'} "
            f"| {best['cores_used']} | {best['messages_per_cpu_second']:,.1f} | {best['machine_busy']} "
            f"| {best['findings']:,} | {every} |"
        )
    lines += [
        "",
        f"Cores: {data['machine']['Cores']}. Linting is CPU-bound (spaCy and the rules, one message at a "
        "time per worker), so throughput can grow with workers only up to the usable cores: the 2-worker "
        "figure is the real scaling on this machine. The 4-worker figure is what happens past the cores: "
        "four processes time-sharing two cores (plus the client reading the archive and writing Parquet); "
        "it shows what running more workers than cores costs or gains, not what four cores would give. "
        "Every case wrote the same number of findings (last column).",
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in data["machine"].items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--partition-size", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=2, help="rounds of every case (the fastest of each is shown)")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    archive = write_archive(CACHE / f"tickets-{args.messages}.csv", args.messages)
    runs = []
    for round_ in range(1, args.repeat + 1):
        for workers in (int(w) for w in args.workers.split(",")):
            print(f"round {round_}: audit on {workers} worker(s)", file=sys.stderr)
            runs.append(audit_figures(archive, workers, args.partition_size))
            print(f"  {runs[-1]}", file=sys.stderr)
        print(f"round {round_}: one process, no Dask", file=sys.stderr)
        runs.append(one_process_figures(args.messages))
        print(f"  {runs[-1]}", file=sys.stderr)
    commit = os.environ.get("COMMLINT_BENCH_COMMIT") or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip() or "unknown"
    day = datetime.date.today().isoformat()
    data = {
        "date": day, "commit": commit, "messages": args.messages, "partition_size": args.partition_size,
        "repeat": args.repeat, "runs": runs, "machine": machine.describe(REPO / ".venv" / "bin" / "commlint", REPO),
    }
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"{day}-audit.json").write_text(json.dumps(data, indent=2) + "\n")
    (args.results / f"{day}-audit.md").write_text(_report(data))
    print(_report(data))


if __name__ == "__main__":
    main()
