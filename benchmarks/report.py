"""Benchmark results: what was measured, the targets, and the Markdown report."""

from __future__ import annotations

import dataclasses
import math
import statistics
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

MIB = 1024  # KiB per MiB

# Targets from the speed issue (commlint with its default packs).
TARGET_VS_PROSELINT = 3.0      # words/s at least 3x proselint's on the KB set
TARGET_VS_VALE = 1.0           # words/s at least Vale's on the KB set
TARGET_COLD_SECONDS = 1.2      # `commlint draft.txt`, 200 words, whole process, median
TARGET_RSS_MIB = 300.0         # peak RSS of any commlint run in the benchmark
TARGET_PRECOMMIT_SECONDS = 2.0  # second run over 1,000 macro files, one changed
LINEAR_LIMIT = 1.1              # exponent k of time ~ words^k (start-up subtracted): ~linear


@dataclass
class Measurement:
    """One tool on one input set (one process, or the median of several for cold starts)."""

    tool: str
    case: str
    files: int
    words: int
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_kib: int = 0
    findings: int | None = None
    runs: list[float] = field(default_factory=list)
    error: str | None = None
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    @property
    def findings_per_kword(self) -> float | None:
        if self.findings is None or self.words == 0:
            return None
        return self.findings * 1000 / self.words

    @property
    def peak_rss_mib(self) -> float:
        return self.peak_rss_kib / MIB


@dataclass
class Install:
    """How a tool got into the cache on this run."""

    tool: str
    version: str
    seconds: float
    cached: bool
    error: str | None = None
    with_tool: str | None = None  # installed by the same step as this other tool


@dataclass
class Results:
    """Everything a run produced, for the report (and the JSON next to it)."""

    date: str
    command: str
    quick: bool
    machine: dict[str, str]
    installs: list[Install]
    corpus: dict[str, object]
    measurements: list[Measurement]
    precommit: dict[str, Any]
    notes: list[str]
    total_seconds: float = 0.0
    budget_seconds: float = 900.0

    def get(self, tool: str, case: str) -> Measurement | None:
        for m in self.measurements:
            if m.tool == tool and m.case == case:
                return m
        return None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Results":
        """Results read back from the ``.json`` a run wrote (to render the report again)."""
        fields = {f.name for f in dataclasses.fields(Measurement)}

        def measurement(raw: dict[str, Any]) -> Measurement:
            return Measurement(**{k: v for k, v in raw.items() if k in fields})

        precommit = dict(data.get("precommit") or {})
        if "runs" in precommit:
            precommit["runs"] = [measurement(m) for m in precommit["runs"]]
        return cls(
            date=data["date"], command=data["command"], quick=data["quick"],
            machine=data["machine"], installs=[Install(**i) for i in data["installs"]],
            corpus=data["corpus"], measurements=[measurement(m) for m in data["measurements"]],
            precommit=precommit, notes=data["notes"], total_seconds=data["total_seconds"],
            budget_seconds=data["budget_seconds"])

    def to_json(self) -> dict[str, object]:
        data: dict[str, Any] = asdict(self)
        for m, raw in zip(self.measurements, data["measurements"]):
            raw["words_per_second"] = round(m.words_per_second, 1)
            raw["findings_per_1000_words"] = m.findings_per_kword
        return data


def _num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def _verdict(passed: bool | None) -> str:
    return {True: "PASS", False: "FAIL", None: "not measured"}[passed]


def scaling_exponent(points: Iterable[tuple[int, float]],
                     startup: float = 0.0) -> tuple[float | None, float | None]:
    """(exponent k, R^2 of a straight line) for (words, seconds) points at 1x, 2x, 4x.

    k is the least-squares slope of log(time - startup) against log(words): the work time
    grows like words^k, so 1.0 is linear and 2.0 quadratic. Subtracting the start-up (the
    cold-start time) keeps a fixed cost from passing for sublinear growth. Using all three
    points across a 4x range makes k far steadier than differences between single runs.
    R^2 is that of a least-squares line through the raw points.
    """
    pts = sorted(points)
    if len(pts) < 3:
        return None, None
    xs = [math.log(w) for w, t in pts if t - startup > 0]
    ys = [math.log(t - startup) for w, t in pts if t - startup > 0]
    exponent = None
    if len(xs) == len(pts):
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        sxx = sum((x - mx) ** 2 for x in xs)
        exponent = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else None
    ws, ts = [p[0] for p in pts], [p[1] for p in pts]
    mw, mt = statistics.fmean(ws), statistics.fmean(ts)
    sww = sum((w - mw) ** 2 for w in ws)
    slope = sum((w - mw) * (t - mt) for w, t in zip(ws, ts)) / sww if sww else 0.0
    ss_res = sum((t - (mt + slope * (w - mw))) ** 2 for w, t in zip(ws, ts))
    ss_tot = sum((t - mt) ** 2 for t in ts)
    return exponent, (1 - ss_res / ss_tot) if ss_tot else None


def render(r: Results) -> str:  # noqa: C901 - one linear document
    """The Markdown report."""
    tools = list(dict.fromkeys(m.tool for m in r.measurements))
    peers = [t for t in tools if t != "commlint"]
    out: list[str] = []
    add = out.append
    add(f"# Speed benchmark, {r.date}" + (" (quick smoke run: not for comparison)" if r.quick else ""))
    add("")
    add(f"Command: `{r.command}`. Total wall time {r.total_seconds / 60:.1f} min including "
        f"installs (budget {r.budget_seconds / 60:.0f} min)"
        + (": **over budget**." if r.total_seconds > r.budget_seconds else "."))
    add("Produced by `benchmarks/speed.py`; how each number is measured is in "
        "`benchmarks/README.md`.")
    add("")

    # --- machine ---------------------------------------------------------------------
    add("## Machine")
    add("")
    add("| | |")
    add("|---|---|")
    for label, value in r.machine.items():
        add(f"| {label} | {value} |")
    add("")
    add("| Tool | Version | Install this run |")
    add("|---|---|---|")
    for inst in r.installs:
        how = ("failed: " + inst.error.splitlines()[0]) if inst.error else (
            f"installed with {inst.with_tool}" if inst.with_tool else
            "cached" if inst.cached else f"installed in {inst.seconds:.0f} s")
        add(f"| {inst.tool} | {inst.version} | {how} |")
    add("")

    # --- corpus ----------------------------------------------------------------------
    c = r.corpus
    add("## Input")
    add("")
    add(f"- **KB set** (throughput, findings, scaling): {c['kb_files']} of {c['kb_all_files']} "
        f"knowledge-base articles ({c['kb_subset_rule']}), {c['kb_words']:,} words of prose "
        f"out of {c['kb_all_words']:,} in the whole KB corpus "
        f"(`kb-microsoft-support.jsonl` + `kb-arduino.jsonl`). {c['kb_subset_reason']}")
    add(f"- **Replies set**: {c['replies_files']} Stripe staff replies, one file each, "
        f"{c['replies_words']:,} words (`replies-stripe-staff.jsonl`).")
    add(f"- **Draft** (cold start): one {c['draft_words']}-word draft cut from a KB article.")
    add(f"- **Macros** (pre-commit case): {c['macro_files']} KB paragraphs of "
        f"{c['macro_range']} words, one per file, {c['macro_words']:,} words.")
    add("- Every tool reads the same plain-text files: front matter, code blocks, HTML tags "
        "and URLs removed (the Markdown versions are written too, for later). Words are "
        "counted once, the same way for every tool.")
    add("")

    # --- throughput ------------------------------------------------------------------
    add("## Results")
    add("")
    add("One process per tool per set with every file in it (batch mode). Time is the wall "
        "time of the whole process (start-up included); CPU is user + system time of the "
        "process tree; peak RSS is the largest resident set in that tree.")
    add("")
    for case, title in (("kb", "KB set"), ("replies", "Replies set")):
        rows = [m for m in (r.get(t, case) for t in tools) if m is not None]
        if not rows:
            continue
        add(f"### {title}")
        add("")
        add("| Tool | words/s | Time | CPU | Peak RSS | Findings | Findings / 1,000 words |")
        add("|---|---:|---:|---:|---:|---:|---:|")
        for m in rows:
            if not m.ok:
                add(f"| {m.tool} | **error** (see Errors) | | | | | |")
                continue
            add(f"| {m.tool} | {_num(m.words_per_second)} | {m.seconds:.2f} s "
                f"| {m.cpu_seconds:.2f} s | {m.peak_rss_mib:.0f} MiB | {_num(m.findings)} "
                f"| {_num(m.findings_per_kword, 1)} |")
        add("")
    colds = [m for m in (r.get(t, "cold") for t in tools) if m is not None]
    if colds:
        add("### Cold start: one 200-word draft, whole process")
        add("")
        add("| Tool | Median time | Median CPU | Runs | Peak RSS |")
        add("|---|---:|---:|---|---:|")
        for m in colds:
            if not m.ok:
                add(f"| {m.tool} | **error** (see Errors) | | | |")
                continue
            add(f"| {m.tool} | {m.seconds:.2f} s | {m.cpu_seconds:.2f} s "
                f"| {', '.join(f'{s:.2f}' for s in m.runs)} | {m.peak_rss_mib:.0f} MiB |")
        add("")
        add("Median of the timed runs, after one discarded run (files and programs in the page "
            "cache: a warm disk, a cold process). commlint is run as a writer types it, "
            "`commlint draft.txt`; the peers with the same command line as in the batch runs.")
        add("")
    cold_cl = r.get("commlint", "cold")

    kb_cl = r.get("commlint", "kb")
    if kb_cl and kb_cl.ok and peers:
        add("### commlint compared with each peer (commlint ÷ peer)")
        add("")
        add("| Peer | words/s, KB (higher is better) | words/s, replies | cold start (lower is better) "
            "| peak RSS, KB (lower is better) | findings / 1,000 words, KB |")
        add("|---|---:|---:|---:|---:|---:|")
        for peer in peers:
            row = [peer]
            for case, attr in (("kb", "words_per_second"), ("replies", "words_per_second"),
                               ("cold", "seconds"), ("kb", "peak_rss_kib"),
                               ("kb", "findings_per_kword")):
                mine, theirs = r.get("commlint", case), r.get(peer, case)
                if not (mine and theirs and mine.ok and theirs.ok):
                    row.append("n/a")
                    continue
                a, b = getattr(mine, attr), getattr(theirs, attr)
                row.append(_ratio(a / b) if a is not None and b else "n/a")
            add("| " + " | ".join(row) + " |")
        add("")
        add("Findings are not comparable one to one (each tool looks for different things); "
            "the ratio shows how much each one says about the same text.")
        add("")

    # --- scaling ---------------------------------------------------------------------
    scale = [m for m in (r.get("commlint", "kb-1x"), r.get("commlint", "kb-2x"),
                         r.get("commlint", "kb-4x")) if m is not None and m.ok]
    ratio = r2 = None
    if scale:
        add("### Scaling (commlint, KB set duplicated)")
        add("")
        add("| Input | Files | Words | Time | CPU | words/s | Peak RSS |")
        add("|---|---:|---:|---:|---:|---:|---:|")
        base = scale[0]
        for m in scale:
            label = m.case.removeprefix("kb-")
            add(f"| {label} | {m.files:,} | {m.words:,} | {m.seconds:.2f} s "
                f"({m.seconds / base.seconds:.2f}x) | {m.cpu_seconds:.2f} s "
                f"({m.cpu_seconds / base.cpu_seconds:.2f}x) | {_num(m.words_per_second)} "
                f"| {m.peak_rss_mib:.0f} MiB |")
        startup = cold_cl.seconds if cold_cl and cold_cl.ok else 0.0
        cpu_startup = cold_cl.cpu_seconds if cold_cl and cold_cl.ok else 0.0
        ratio, r2 = scaling_exponent(((m.words, m.seconds) for m in scale), startup)
        cpu_ratio, _ = scaling_exponent(((m.words, m.cpu_seconds) for m in scale), cpu_startup)
        add("")
        if ratio is not None:
            add(f"Time grows like words^k with k = {ratio:.2f} in wall time, {_num(cpu_ratio, 2)} in "
                f"CPU time (1.00 = linear, 2.00 = quadratic): the least-squares slope of "
                f"log(time − start-up) against log(words), start-up being the cold start "
                f"({startup:.2f} s). R² of a straight-line fit of time on words: {r2:.4f}. "
                "The three runs are made back to back (1x is the KB set again, in a folder of "
                "its own).")
            add("")

    # --- pre-commit ------------------------------------------------------------------
    pc = r.precommit
    if pc:
        add("### Pre-commit case (commlint)")
        add("")
        if pc.get("error"):
            add(f"**Error**: {pc['error']}")
        else:
            add(f"{pc['files']:,} macro files ({pc['words']:,} words) linted once with "
                f"`{pc['command']}` ({pc['first_seconds']:.2f} s, peak RSS "
                f"{pc['first_rss_mib']:.0f} MiB), then one file changed and the same command run "
                f"again: **{pc['second_seconds']:.2f} s** (peak RSS {pc['second_rss_mib']:.0f} MiB).")
            add("")
            add(str(pc["cache_note"]))
        add("")

    # --- targets ---------------------------------------------------------------------
    add("## Targets")
    add("")
    add("| Target | Measured | Verdict |")
    add("|---|---|---|")
    pl, vale = r.get("proselint", "kb"), r.get("vale", "kb")

    def vs(peer: Measurement | None, factor: float) -> tuple[str, bool | None]:
        if not (kb_cl and kb_cl.ok and peer and peer.ok):
            return "n/a", None
        x = kb_cl.words_per_second / peer.words_per_second
        cpu = (f" (CPU time: {peer.cpu_seconds / kb_cl.cpu_seconds:.2f}x)"
               if kb_cl.cpu_seconds > 0 and peer.cpu_seconds > 0 else "")
        return (f"{_num(kb_cl.words_per_second)} vs {_num(peer.words_per_second)} words/s "
                f"= {x:.2f}x{cpu}", x >= factor)

    text, ok = vs(pl, TARGET_VS_PROSELINT)
    add(f"| commlint ≥ {TARGET_VS_PROSELINT:.0f}x proselint's words/s (KB) | {text} | {_verdict(ok)} |")
    text, ok = vs(vale, TARGET_VS_VALE)
    add(f"| commlint ≥ Vale's words/s (KB) | {text} | {_verdict(ok)} |")
    if cold_cl and cold_cl.ok:
        add(f"| cold `commlint draft.txt` ≤ {TARGET_COLD_SECONDS} s | {cold_cl.seconds:.2f} s "
            f"| {_verdict(cold_cl.seconds <= TARGET_COLD_SECONDS)} |")
    else:
        add(f"| cold `commlint draft.txt` ≤ {TARGET_COLD_SECONDS} s | n/a | {_verdict(None)} |")
    cl_runs = [m for m in r.measurements if m.tool == "commlint" and m.ok]
    cl_runs += list(pc.get("runs", [])) if pc else []
    if cl_runs:
        worst = max(cl_runs, key=lambda m: m.peak_rss_kib)
        add(f"| peak RSS ≤ {TARGET_RSS_MIB:.0f} MiB (every commlint run) | {worst.peak_rss_mib:.0f} MiB "
            f"(largest: {worst.case}) | {_verdict(worst.peak_rss_mib <= TARGET_RSS_MIB)} |")
    else:
        add(f"| peak RSS ≤ {TARGET_RSS_MIB:.0f} MiB | n/a | {_verdict(None)} |")
    if ratio is not None:
        add(f"| time linear in input size (time ~ words^k, k ≤ {LINEAR_LIMIT}) | k = {ratio:.2f}, "
            f"R² {r2:.4f} | {_verdict(ratio <= LINEAR_LIMIT)} |")
    else:
        add(f"| time linear in input size | n/a | {_verdict(None)} |")
    if pc and not pc.get("error"):
        add(f"| second run, 1,000 macros, one changed ≤ {TARGET_PRECOMMIT_SECONDS:.0f} s "
            f"| {pc['second_seconds']:.2f} s | {_verdict(pc['second_seconds'] <= TARGET_PRECOMMIT_SECONDS)} |")
    else:
        add(f"| second run, 1,000 macros ≤ {TARGET_PRECOMMIT_SECONDS:.0f} s | n/a | {_verdict(None)} |")
    add("")

    # --- notes -----------------------------------------------------------------------
    problems = [m for m in r.measurements if not m.ok]
    problems_install = [i for i in r.installs if i.error]
    if problems or problems_install:
        add("## Errors")
        add("")
        for inst in problems_install:
            add(f"- install {inst.tool}: {inst.error}")
        for m in problems:
            add(f"- {m.tool} on {m.case}: {m.error}")
        add("")
    if r.notes:
        add("## Notes")
        add("")
        for note in r.notes:
            add(f"- {note}")
        add("")
    return "\n".join(out)
