"""Benchmark results: what was measured, issue 8's acceptance targets, the Markdown report."""

from __future__ import annotations

import dataclasses
import math
import statistics
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

MIB = 1024  # KiB per MiB

# Issue 8's acceptance, as ratios to peers measured in the same run.
TARGET_VS_PROSELINT = 3.0   # KB words/s: commlint >= 3x proselint
TARGET_VS_VALE = 1.0        # KB words/s: commlint >= Vale
TARGET_COLD_VS_FLOOR = 1.3  # cold `commlint draft.txt` <= 1.3x the bare spaCy floor
TARGET_WARM_VS_PROSELINT = 1.0       # warm `commlint draft.txt` <= proselint's cold start
TARGET_PRECOMMIT_VS_PROSELINT = 1.0  # 2nd run over the macros <= proselint on the changed file
TARGET_LSP_VS_PROSELINT = 0.5        # edit -> new diagnostics <= 0.5x proselint on the reply
TARGET_RSS_MIB = 300.0      # peak RSS of any single commlint process
LINEAR_LIMIT = 1.1          # exponent k of time ~ words^k (start-up subtracted): ~linear

# Measurement cases (tool, case) beyond the batch sets "kb" and "replies".
COLD = "cold"                  # the draft, a cold process (commlint: no worker)
WARM = "warm"                  # commlint draft.txt served by a warm worker, as typed
WARM_NO_CACHE = "warm-no-cache"  # the same with --no-cache (for reference)
COLD_REPLY = "cold-reply"      # the 1,000-word reply of the LSP case, a cold process
COLD_CHANGED = "cold-changed"  # the one changed macro file of the pre-commit case
FLOOR = "floor"                # the tool name of the bare spaCy floor


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
    processes: int = 1

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
    """Everything a run produced, for the report (and the JSON next to it).

    ``worker`` and ``lsp`` hold ``{"unavailable": why}``, ``{"error": ...}`` or what was
    measured; ``precommit`` likewise, plus ``"mode"`` (``worker`` or ``in-process``).
    """

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
    worker: dict[str, Any] = field(default_factory=dict)
    lsp: dict[str, Any] = field(default_factory=dict)

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
            budget_seconds=data["budget_seconds"], worker=dict(data.get("worker") or {}),
            lsp=dict(data.get("lsp") or {}))

    def to_json(self) -> dict[str, object]:
        data: dict[str, Any] = asdict(self)
        for m, raw in zip(self.measurements, data["measurements"]):
            raw["words_per_second"] = round(m.words_per_second, 1)
            raw["findings_per_1000_words"] = m.findings_per_kword
        return data


# --- verdicts -------------------------------------------------------------------------------

PASS, FAIL = "PASS", "FAIL"


@dataclass(frozen=True)
class Target:
    """One acceptance line: what was compared, the ratio, the limit and the verdict."""

    label: str
    measured: str
    ratio: float | None
    limit: str
    verdict: str  # PASS, FAIL, "not available: ...", "error: ...", "not measured: ..."


def verdict(ratio: float, limit: float, at_least: bool) -> str:
    """PASS when ``ratio`` is at least (or at most) ``limit``, else FAIL."""
    return PASS if (ratio >= limit if at_least else ratio <= limit) else FAIL


def _ratio_target(label: str, mine: Measurement | None, peer: Measurement | None,
                  limit: float, at_least: bool, attr: str, unit: str,
                  missing: str = "") -> Target:
    """commlint's ``attr`` over the peer's, checked against ``limit``."""
    bound = f"{'≥' if at_least else '≤'} {limit:g}x"
    for who, m in (("commlint", mine), ("peer", peer)):
        if m is not None and not m.ok:
            return Target(label, "", None, bound, f"error: {m.tool} failed (see Errors)")
        if m is None:
            return Target(label, "", None, bound,
                          missing if who == "commlint" and missing else "not measured")
    assert mine is not None and peer is not None
    a, b = getattr(mine, attr), getattr(peer, attr)
    if not b:
        return Target(label, "", None, bound, "not measured: peer value is 0")
    fmt = (lambda v: f"{v:,.0f} {unit}") if attr == "words_per_second" else (
        lambda v: f"{v:.3f} {unit}")
    ratio = a / b
    return Target(label, f"{fmt(a)} vs {fmt(b)}", ratio, bound, verdict(ratio, limit, at_least))


def commlint_rss(r: Results) -> list[tuple[str, int]]:
    """(what, peak RSS KiB) of every commlint process measured: runs, worker, server."""
    out = [(m.case, m.peak_rss_kib) for m in r.measurements if m.tool == "commlint" and m.ok]
    out += [(f"pre-commit {m.case}", m.peak_rss_kib)
            for m in r.precommit.get("runs", []) if isinstance(m, Measurement) and m.ok]
    if r.worker.get("peak_rss_kib"):
        out.append(("the worker process", int(r.worker["peak_rss_kib"])))
    if r.lsp.get("peak_rss_kib"):
        out.append(("the language server", int(r.lsp["peak_rss_kib"])))
    return out


def scaling_runs(r: Results) -> list[Measurement]:
    """The 1x, 2x and 4x commlint runs that succeeded."""
    found = (r.get("commlint", f"kb-{n}x") for n in (1, 2, 4))
    return [m for m in found if m is not None and m.ok]


def targets(r: Results) -> list[Target]:  # noqa: C901 - one line per acceptance item
    """Issue 8's acceptance, in its order, each with its verdict."""
    out: list[Target] = []
    kb = r.get("commlint", "kb")
    out.append(_ratio_target("KB corpus, default options: words/s ≥ 3x proselint", kb,
                             r.get("proselint", "kb"), TARGET_VS_PROSELINT, True,
                             "words_per_second", "words/s"))
    out.append(_ratio_target("KB corpus, default options: words/s ≥ Vale", kb,
                             r.get("vale", "kb"), TARGET_VS_VALE, True,
                             "words_per_second", "words/s"))
    out.append(_ratio_target("cold `commlint draft.txt`, no worker ≤ 1.3x the bare floor "
                             "(import spaCy, blank English tokenizer)", r.get("commlint", COLD),
                             r.get(FLOOR, COLD), TARGET_COLD_VS_FLOOR, False, "seconds", "s"))
    worker_missing = _unavailable(r.worker)
    out.append(_ratio_target("`commlint draft.txt`, worker warm ≤ 1.0x proselint's cold start",
                             r.get("commlint", WARM), r.get("proselint", COLD),
                             TARGET_WARM_VS_PROSELINT, False, "seconds", "s", worker_missing))
    out.append(_precommit_target(r, worker_missing))
    out.append(_lsp_target(r))
    rss = commlint_rss(r)
    if rss:
        what, worst = max(rss, key=lambda item: item[1])
        out.append(Target(f"peak RSS ≤ {TARGET_RSS_MIB:.0f} MiB, any single commlint process",
                          f"{worst / MIB:.0f} MiB (largest: {what})", None,
                          f"≤ {TARGET_RSS_MIB:.0f} MiB",
                          PASS if worst / MIB <= TARGET_RSS_MIB else FAIL))
    else:
        out.append(Target(f"peak RSS ≤ {TARGET_RSS_MIB:.0f} MiB", "", None,
                          f"≤ {TARGET_RSS_MIB:.0f} MiB", "not measured"))
    scale = scaling_runs(r)
    cold = r.get("commlint", COLD)
    startup = cold.seconds if cold and cold.ok else 0.0
    k, r2 = scaling_exponent(((m.words, m.seconds) for m in scale), startup)
    if k is not None:
        out.append(Target("time linear in input size (1x, 2x, 4x): time − start-up ~ words^k",
                          f"k = {k:.2f}, R² {r2:.4f}" if r2 is not None else f"k = {k:.2f}",
                          None, f"k ≤ {LINEAR_LIMIT}", PASS if k <= LINEAR_LIMIT else FAIL))
    else:
        why = "not measured"
        if len(scale) == 3:
            why += (f": a run took no longer than the start-up ({startup:.2f} s), too small "
                    "a scaling set for this machine's load")
        out.append(Target("time linear in input size", "", None, f"k ≤ {LINEAR_LIMIT}", why))
    return out


def _unavailable(part: dict[str, Any]) -> str:
    if part.get("unavailable"):
        return f"not available: {part['unavailable']}"
    if part.get("error"):
        return f"error: {str(part['error']).splitlines()[0]}"
    return ""


def _problem_line(part: dict[str, Any]) -> str:
    """What a section shows instead of its figures when its part did not run ("" if it ran)."""
    if part.get("unavailable"):
        return f"Not available: {part['unavailable']}."
    if part.get("error"):
        return f"**Error**: {part['error']}"
    return ""


def _precommit_target(r: Results, worker_missing: str) -> Target:
    label = "pre-commit, 1,000 macros, one changed, 2nd run (worker warm) ≤ 1.0x proselint " \
            "on the changed file"
    bound = f"≤ {TARGET_PRECOMMIT_VS_PROSELINT:g}x"
    pc = r.precommit
    if not pc:
        return Target(label, "", None, bound, "not measured")
    if pc.get("error"):
        return Target(label, "", None, bound, _unavailable(pc))
    peer = r.get("proselint", COLD_CHANGED)
    second = float(pc["second_seconds"])
    if pc.get("mode") != "worker":
        return Target(label, f"in-process 2nd run {second:.2f} s", None, bound,
                      worker_missing or "not measured: the worker was not used")
    if not (peer and peer.ok and peer.seconds):
        return Target(label, f"{second:.3f} s vs (proselint not measured)", None, bound,
                      "not measured")
    ratio = second / peer.seconds
    return Target(label, f"{second:.3f} s vs {peer.seconds:.3f} s", ratio, bound,
                  verdict(ratio, TARGET_PRECOMMIT_VS_PROSELINT, False))


def _lsp_target(r: Results) -> Target:
    label = "language server: one-word edit in a 1,000-word reply → new diagnostics ≤ 0.5x " \
            "proselint's cold start on the reply"
    bound = f"≤ {TARGET_LSP_VS_PROSELINT:g}x"
    missing = _unavailable(r.lsp)
    if missing:
        return Target(label, "", None, bound, missing)
    if not r.lsp.get("edit_seconds"):
        return Target(label, "", None, bound, "not measured")
    peer = r.get("proselint", COLD_REPLY)
    median = statistics.median(r.lsp["edit_seconds"])
    if not (peer and peer.ok and peer.seconds):
        return Target(label, f"{median:.3f} s (proselint not measured)", None, bound,
                      "not measured")
    ratio = median / peer.seconds
    return Target(label, f"median {median:.3f} s vs {peer.seconds:.3f} s", ratio, bound,
                  verdict(ratio, TARGET_LSP_VS_PROSELINT, False))


# --- numbers --------------------------------------------------------------------------------

def _num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


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


# --- the report -----------------------------------------------------------------------------

def render(r: Results) -> str:
    """The Markdown report."""
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
    _acceptance(r, add)
    _machine(r, add)
    _inputs(r, add)
    add("## Results")
    add("")
    _throughput(r, add)
    _cold(r, add)
    _peers(r, add)
    _worker(r, add)
    _precommit(r, add)
    _lsp(r, add)
    _scaling(r, add)
    _errors_and_notes(r, add)
    return "\n".join(out)


def _acceptance(r: Results, add: Any) -> None:
    add("## Acceptance (issue 8)")
    add("")
    add("Ratios of commlint to peers measured in this run (commlint ÷ peer).")
    add("")
    add("| Target | Measured (commlint vs peer) | Ratio | Limit | Verdict |")
    add("|---|---|---:|---|---|")
    for t in targets(r):
        ratio = _ratio(t.ratio) if t.ratio is not None else "–"
        shown = f"**{t.verdict}**" if t.verdict in (PASS, FAIL) else t.verdict.replace("|", "/")
        add(f"| {t.label} | {t.measured or '–'} | {ratio} | {t.limit} | {shown} |")
    add("")


def _machine(r: Results, add: Any) -> None:
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


def _inputs(r: Results, add: Any) -> None:
    c = r.corpus
    add("## Input")
    add("")
    markdown = bool(c.get("kb_markdown"))
    add(f"- **KB set** (throughput, findings): {c['kb_files']} of {c['kb_all_files']} "
        f"knowledge-base articles ({c['kb_subset_rule']}), {c['kb_words']:,} words of prose "
        f"out of {c['kb_all_words']:,} in the whole KB corpus "
        f"(`kb-microsoft-support.jsonl` + `kb-arduino.jsonl`)"
        + (", as Markdown files with their front matter, the way a KB is linted in CI; "
           "words are the prose words, counted once without markup." if markdown else ".")
        + (f" {c['kb_subset_reason']}" if c.get("kb_subset_reason") else ""))
    if c.get("scaling_files"):
        add(f"- **Scaling set**: {c['scaling_files']} of those articles, spread evenly, "
            f"{c['scaling_words']:,} words, copied 1x, 2x and 4x.")
    add(f"- **Replies set**: {c['replies_files']} Stripe staff replies, one file each, "
        f"{c['replies_words']:,} words (`replies-stripe-staff.jsonl`).")
    add(f"- **Draft** (cold and warm start): one {c['draft_words']}-word draft cut from a KB "
        "article, `draft.txt`.")
    add(f"- **Macros** (pre-commit case): {c['macro_files']} KB paragraphs of "
        f"{c['macro_range']} words, one `.txt` file each, {c['macro_words']:,} words.")
    if c.get("reply_words"):
        add(f"- **Reply** (language server): one {c['reply_words']:,}-word reply, Stripe staff "
            "replies joined in file order, `reply.txt`.")
    if not markdown:
        add("- Every tool reads the same plain-text files: front matter, code blocks, HTML "
            "tags and URLs removed. Words are counted once, the same way for every tool.")
    add("")


def _throughput(r: Results, add: Any) -> None:
    add("One process per tool per set with every file in it (batch mode). Time is the wall "
        "time of the whole process (start-up included); CPU is user + system time of the "
        "process tree; peak RSS is the largest resident set of any single process in that "
        "tree; processes is the most seen at once.")
    add("")
    tools = list(dict.fromkeys(m.tool for m in r.measurements if m.tool != FLOOR))
    for case, title in (("kb", "KB set"), ("replies", "Replies set")):
        rows = [m for m in (r.get(t, case) for t in tools) if m is not None]
        if not rows:
            continue
        add(f"### {title}")
        add("")
        add("| Tool | words/s | Time | CPU | Peak RSS | Processes | Findings | Findings / 1,000 words |")
        add("|---|---:|---:|---:|---:|---:|---:|---:|")
        for m in rows:
            if not m.ok:
                add(f"| {m.tool} | **error** (see Errors) | | | | | | |")
                continue
            add(f"| {m.tool} | {_num(m.words_per_second)} | {m.seconds:.2f} s "
                f"| {m.cpu_seconds:.2f} s | {m.peak_rss_mib:.0f} MiB | {m.processes} "
                f"| {_num(m.findings)} | {_num(m.findings_per_kword, 1)} |")
        add("")


def _cold_row(label: str, m: Measurement) -> str:
    if not m.ok:
        return f"| {label} | **error** (see Errors) | | | |"
    return (f"| {label} | {m.seconds:.3f} s | {m.cpu_seconds:.3f} s "
            f"| {', '.join(f'{s:.3f}' for s in m.runs)} | {m.peak_rss_mib:.0f} MiB |")


def _cold(r: Results, add: Any) -> None:
    tools = list(dict.fromkeys(m.tool for m in r.measurements if m.tool not in ("commlint", FLOOR)))
    rows: list[tuple[str, Measurement]] = []
    for tool, case, label in (("commlint", COLD, "commlint, no worker"),
                              (FLOOR, COLD, "bare floor: import spaCy, blank `en`, tokenize"),
                              ("commlint", WARM, "commlint, worker warm, as typed"),
                              ("commlint", WARM_NO_CACHE, "commlint, worker warm, `--no-cache`")):
        m = r.get(tool, case)
        if m is not None:
            rows.append((label, m))
    rows += [(t, m) for t in tools for m in [r.get(t, COLD)] if m is not None]
    if not rows:
        return
    draft_words = r.corpus.get("draft_words", 200)
    add(f"### Start-up: one {draft_words}-word draft, whole process")
    add("")
    add("| Process | Median time | Median CPU | Runs | Peak RSS |")
    add("|---|---:|---:|---|---:|")
    for label, m in rows:
        add(_cold_row(label, m))
    add("")
    add("Median of the timed runs, after one discarded run (files and programs in the page "
        "cache: a warm disk, a cold process). commlint is run as a writer types it, "
        "`commlint draft.txt` (no worker: `COMMLINT_NO_WORKER=1` and `--no-cache`, so no run "
        "is served by the result cache of the one before); the peers with their batch "
        "command on the one file. With the worker warm, one word of the draft is changed "
        "before each run, so each run lints new text; its CPU and RSS are the client's. "
        "The worker process is in the worker section.")
    add("")
    extra = [(label, r.get("proselint", case)) for case, label in (
        (COLD_REPLY, "proselint, the 1,000-word reply (language-server case)"),
        (COLD_CHANGED, "proselint, the one changed macro file (pre-commit case)"))]
    extra = [(label, m) for label, m in extra if m is not None]
    if extra:
        add("Peer references for the other targets, cold processes measured the same way:")
        add("")
        add("| Process | Median time | Median CPU | Runs | Peak RSS |")
        add("|---|---:|---:|---|---:|")
        for label, m in extra:
            add(_cold_row(label, m))  # type: ignore[arg-type]
        add("")


def _peers(r: Results, add: Any) -> None:
    kb_cl = r.get("commlint", "kb")
    peers = [t for t in dict.fromkeys(m.tool for m in r.measurements)
             if t not in ("commlint", FLOOR)]
    if not (kb_cl and kb_cl.ok and peers):
        return
    add("### commlint compared with each peer (commlint ÷ peer)")
    add("")
    add("| Peer | words/s, KB (higher is better) | words/s, replies | cold start (lower is better) "
        "| peak RSS, KB (lower is better) | findings / 1,000 words, KB |")
    add("|---|---:|---:|---:|---:|---:|")
    for peer in peers:
        row = [peer]
        for case, attr in (("kb", "words_per_second"), ("replies", "words_per_second"),
                           (COLD, "seconds"), ("kb", "peak_rss_kib"),
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


def _worker(r: Results, add: Any) -> None:
    w = r.worker
    if not w:
        return
    add("### Worker")
    add("")
    problem = _problem_line(w)
    if problem:
        add(problem)
    else:
        add(f"Started with `commlint worker start` in the benchmark's own runtime and cache "
            f"folders, warmed by one lint, used for the warm draft and the pre-commit runs, "
            f"stopped with `commlint worker stop`. Peak RSS of the worker process: "
            f"{int(w.get('peak_rss_kib', 0)) / MIB:.0f} MiB. Status when last asked: "
            f"`{' '.join(str(w.get('status', '')).split())[:300]}`.")
    add("")


def _precommit(r: Results, add: Any) -> None:
    pc = r.precommit
    if not pc:
        return
    add("### Pre-commit case (commlint)")
    add("")
    problem = _problem_line(pc)
    if problem:
        add(problem)
    else:
        how = ("served by the warm worker" if pc.get("mode") == "worker"
               else "in-process (no worker)")
        add(f"{pc['files']:,} macro files ({pc['words']:,} words) linted once with "
            f"`{pc['command']}`, {how} ({pc['first_seconds']:.2f} s), then one file changed "
            f"and the same command run again: **{pc['second_seconds']:.3f} s**"
            + (f" (median of {len(pc['second_runs'])} such runs, the file changed anew before each: "
               f"{', '.join(f'{x:.3f}' for x in pc['second_runs'])})" if len(pc.get("second_runs", ())) > 1 else "")
            + ". "
            f"Peak RSS of the client: {pc.get('second_rss_mib', 0):.0f} MiB.")
        add("")
        add(str(pc.get("cache_note", "")))
    add("")


def _lsp(r: Results, add: Any) -> None:
    lsp = r.lsp
    if not lsp:
        return
    add("### Language server (`commlint lsp`)")
    add("")
    problem = _problem_line(lsp)
    if problem:
        add(problem)
    else:
        edits = lsp.get("edit_seconds", [])
        add(f"`commlint lsp` over stdio (raw JSON-RPC from `benchmarks/lsp_latency.py`): "
            f"initialize ({lsp.get('start_seconds', 0):.2f} s from process start), open the "
            f"{lsp.get('words', 0):,}-word reply (first diagnostics after "
            f"{lsp.get('open_seconds', 0):.2f} s), then {len(edits)} one-word edits at places "
            f"spread over it, {lsp.get('sync', '?')} sync, each timed from the `didChange` to "
            f"the `publishDiagnostics` of that version: median "
            f"**{statistics.median(edits) if edits else 0:.3f} s** "
            f"(runs {', '.join(f'{s:.3f}' for s in edits)}). Findings on the last version: "
            f"{lsp.get('diagnostics', 0)}. Peak RSS of the server: "
            f"{int(lsp.get('peak_rss_kib', 0)) / MIB:.0f} MiB."
            + ("" if lsp.get("versioned", True) else
               " The server's diagnostics carry no document version: each edit was timed to "
               "the first diagnostics after it."))
    add("")


def _scaling(r: Results, add: Any) -> None:
    scale = scaling_runs(r)
    if not scale:
        return
    add("### Scaling (commlint, a KB subset duplicated)")
    add("")
    add("| Input | Files | Words | Time | CPU | words/s | Peak RSS | Processes |")
    add("|---|---:|---:|---:|---:|---:|---:|---:|")
    base = scale[0]
    for m in scale:
        label = m.case.removeprefix("kb-")
        add(f"| {label} | {m.files:,} | {m.words:,} | {m.seconds:.2f} s "
            f"({m.seconds / base.seconds:.2f}x) | {m.cpu_seconds:.2f} s "
            f"({m.cpu_seconds / base.cpu_seconds if base.cpu_seconds else 0:.2f}x) "
            f"| {_num(m.words_per_second)} | {m.peak_rss_mib:.0f} MiB | {m.processes} |")
    cold_cl = r.get("commlint", COLD)
    startup = cold_cl.seconds if cold_cl and cold_cl.ok else 0.0
    cpu_startup = cold_cl.cpu_seconds if cold_cl and cold_cl.ok else 0.0
    k, r2 = scaling_exponent(((m.words, m.seconds) for m in scale), startup)
    cpu_k, _ = scaling_exponent(((m.words, m.cpu_seconds) for m in scale), cpu_startup)
    add("")
    if k is not None:
        add(f"Time grows like words^k with k = {k:.2f} in wall time, {_num(cpu_k, 2)} in "
            f"CPU time (1.00 = linear, 2.00 = quadratic): the least-squares slope of "
            f"log(time − start-up) against log(words), start-up being the cold start "
            f"({startup:.2f} s). R² of a straight-line fit of time on words: "
            f"{_num(r2, 4)}. The three runs are made back to back.")
        add("")


def _errors_and_notes(r: Results, add: Any) -> None:
    problems = [m for m in r.measurements if not m.ok]
    problems += [m for m in r.precommit.get("runs", []) if isinstance(m, Measurement) and not m.ok]
    problems_install = [i for i in r.installs if i.error]
    parts = [(name, part.get("error")) for name, part in
             (("worker", r.worker), ("language server", r.lsp), ("pre-commit", r.precommit))
             if part.get("error")]
    if problems or problems_install or parts:
        add("## Errors")
        add("")
        for inst in problems_install:
            add(f"- install {inst.tool}: {inst.error}")
        for m in problems:
            add(f"- {m.tool} on {m.case}: {m.error}")
        for name, error in parts:
            add(f"- {name}: {error}")
        add("")
    if r.notes:
        add("## Notes")
        add("")
        for note in r.notes:
            add(f"- {note}")
        add("")
