#!/usr/bin/env python3
"""Speed benchmark: commlint against proselint, write-good, alex and Vale, on real text.

One command, from the repository root with the project's venv active::

    python benchmarks/speed.py                 # everything (about 10-15 min on 2 cores)
    python benchmarks/speed.py --quick         # small smoke run
    python benchmarks/speed.py --tools commlint,vale

It installs the peers into ``benchmarks/.cache/`` (once; reruns reuse them), writes the
corpus out as files there, times every tool on the same files, and writes
``benchmarks/results/<YYYY-MM-DD>.md`` (and ``.json``). See ``benchmarks/README.md``.
Exit status: 0 when every tool ran, 1 when a tool failed (commlint exit code 2 included),
2 for bad options or a missing corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import shutil
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script or imported from elsewhere
    sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import machine  # noqa: E402
from measure import Run, ToolError, run  # noqa: E402
from peers import ALL_TOOLS, REPO, Commlint, Tool, Vale, Workspace, make_tools  # noqa: E402
from report import Install, Measurement, Results, render  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
BUDGET_SECONDS = 15 * 60
# A fixed subset of the KB (see README): the full 566k words take commlint alone minutes
# per pass on 2 cores, and the benchmark makes 8 passes (KB run, scaling 1x, 2x, 4x).
DEFAULT_KB_ARTICLES = 150
MACRO_WORDS = (25, 200)
CHANGED_SENTENCE = "\nIf anything is still unclear, reply to this message and we will help.\n"


@dataclass(frozen=True)
class Options:
    """Parsed command-line options."""

    tools: tuple[str, ...]
    quick: bool
    cache: Path
    corpus_dir: Path
    results: Path
    kb_articles: int
    macros: int
    cold_runs: int
    replies: int | None
    commlint: Path | None
    timeout: float
    skip_scaling: bool
    skip_precommit: bool
    render: Path | None = None


def parse_args(argv: Sequence[str] | None = None) -> Options:
    """Options from the command line (``--quick`` shrinks every set)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tools", default=",".join(ALL_TOOLS),
                   help=f"comma-separated subset of {','.join(ALL_TOOLS)} (default: all)")
    p.add_argument("--quick", action="store_true",
                   help="smoke run: 20 KB articles, 100 replies, 100 macros, 3 cold runs; "
                        "writes results/<date>-quick.md")
    p.add_argument("--cache", type=Path, default=HERE / ".cache",
                   help="where peers and generated files go (default: benchmarks/.cache)")
    p.add_argument("--corpus", type=Path, default=Path(os.environ.get("COMMLINT_CORPUS", DEFAULT_CORPUS)),
                   help="folder of the shared corpus (default: ../shared/corpus or $COMMLINT_CORPUS)")
    p.add_argument("--results", type=Path, default=HERE / "results", help="report folder")
    p.add_argument("--kb-articles", type=int, default=None,
                   help=f"KB articles in the measured set, spread evenly over the KB "
                        f"(default {DEFAULT_KB_ARTICLES}; 0 = all)")
    p.add_argument("--macros", type=int, default=None, help="macro files in the pre-commit case (1000)")
    p.add_argument("--cold-runs", type=int, default=None, help="timed cold-start runs per tool (5)")
    p.add_argument("--commlint", type=Path, default=None,
                   help="commlint executable (default: on PATH, else .venv/bin/commlint)")
    p.add_argument("--timeout", type=float, default=900, help="seconds allowed per tool process")
    p.add_argument("--skip-scaling", action="store_true", help="no 2x/4x commlint runs")
    p.add_argument("--skip-precommit", action="store_true", help="no pre-commit case")
    p.add_argument("--render", type=Path, metavar="RESULTS.json",
                   help="measure nothing: write the Markdown report again from a run's .json")
    a = p.parse_args(argv)
    tools = tuple(t.strip() for t in a.tools.split(",") if t.strip())
    unknown = [t for t in tools if t not in ALL_TOOLS]
    if unknown or not tools:
        p.error(f"--tools: unknown {', '.join(unknown) or '(empty)'}; choose from {', '.join(ALL_TOOLS)}")

    def pick(value: int | None, full: int, quick: int) -> int:
        return value if value is not None else (quick if a.quick else full)

    return Options(
        tools=tools, quick=a.quick, cache=a.cache.resolve(), corpus_dir=a.corpus,
        results=a.results, kb_articles=pick(a.kb_articles, DEFAULT_KB_ARTICLES, 20),
        macros=pick(a.macros, 1000, 100), cold_runs=max(1, pick(a.cold_runs, 5, 3)),
        replies=100 if a.quick else None, commlint=a.commlint, timeout=a.timeout,
        skip_scaling=a.skip_scaling, skip_precommit=a.skip_precommit, render=a.render,
    )


class Clock:
    """Progress lines on stderr, with the time since the benchmark started."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.loads: list[float] = []

    def sample_load(self) -> None:
        """Remember the 1-minute load average (other work competing for the cores)."""
        try:
            self.loads.append(float(machine.load_average().split(" / ")[0]))
        except ValueError:
            pass

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def say(self, message: str) -> None:
        self.sample_load()
        print(f"[{self.elapsed:6.1f} s] {message}", file=sys.stderr, flush=True)


# --- installing -----------------------------------------------------------------------------

def install_all(tools: Sequence[Tool], clock: Clock) -> list[Install]:
    """Install every missing peer, the install groups in parallel (Vale's build is long)."""
    groups: dict[str, list[Tool]] = {}
    for tool in tools:
        groups.setdefault(tool.install_group, []).append(tool)

    def do(group: list[Tool]) -> list[Install]:
        done: list[Install] = []
        installer: str | None = None
        for tool in group:
            started = time.perf_counter()
            try:
                installed = tool.ensure()
                tool.prepare()
                error = None
            except (ToolError, OSError) as exc:
                installed, error = True, str(exc)
            seconds = time.perf_counter() - started
            if installed and not error:
                clock.say(f"installed {tool.name} in {seconds:.0f} s")
            done.append(Install(tool.name, tool.version() if not error else "?", seconds,
                                not installed, error, installer if not installed else None))
            if installed and not error:
                installer = tool.name
        return done

    clock.say("installing peers into the cache (skipped when already there)")
    with ThreadPoolExecutor(max_workers=len(groups)) as pool:
        results = list(pool.map(do, groups.values()))
    by_name = {inst.tool: inst for group in results for inst in group}
    return [by_name[t.name] for t in tools]


# --- input sets -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Inputs:
    """The file sets of one run, and facts about them for the report."""

    kb: corpus.FileSet
    replies: corpus.FileSet
    draft: corpus.FileSet
    macros: corpus.FileSet
    facts: dict[str, Any]


def build_inputs(opts: Options, clock: Clock) -> Inputs:
    """Write every input set into the cache, from the corpus read at run time."""
    missing = [n for n in (*corpus.KB_SOURCES, corpus.REPLIES_SOURCE)
               if not (opts.corpus_dir / n).is_file()]
    if missing:
        raise SystemExit(f"speed.py: corpus files not found in {opts.corpus_dir}: "
                         f"{', '.join(missing)} (use --corpus DIR)")
    clock.say(f"writing the corpus as files under {opts.cache / 'corpus'}")
    root = opts.cache / "corpus"
    articles = corpus.load_kb(opts.corpus_dir)
    prose = [corpus.Document(d.stem, corpus.markdown_to_prose(d.text)) for d in articles]
    corpus.write_set("kb-md", root / "kb-md",
                     ((d.stem + ".md", corpus.with_front_matter(d)) for d in articles))
    kb_all = corpus.write_set("kb-txt", root / "kb-txt", ((d.stem + ".txt", d.text) for d in prose))
    count = opts.kb_articles or len(prose)
    chosen = corpus.pick_evenly(prose, count)
    kb = corpus.write_set("kb", root / "kb-bench", ((d.stem + ".txt", d.text) for d in chosen))
    replies_docs = corpus.load_replies(opts.corpus_dir)
    if opts.replies:
        replies_docs = corpus.pick_evenly(replies_docs, opts.replies)
    replies = corpus.write_set("replies", root / "replies",
                               ((d.stem + ".txt", d.text) for d in replies_docs))
    draft = corpus.write_set("draft", root / "draft", [("draft.txt", corpus.draft_of(prose))])
    macro_docs = corpus.macro_paragraphs(prose, opts.macros, *MACRO_WORDS)
    macros = corpus.write_set("macros", root / "macros",
                              ((f"macro-{i:04d}.txt", d.text) for i, d in enumerate(macro_docs)))
    subset = count < len(prose)
    facts: dict[str, Any] = {
        "kb_files": len(kb.files), "kb_words": kb.words,
        "kb_all_files": len(kb_all.files), "kb_all_words": kb_all.words,
        "kb_subset_rule": (f"every {len(prose) / count:.2f}th article in file order, "
                           "Microsoft then Arduino" if subset else "all of them"),
        "kb_subset_reason": (
            "A fixed subset, the same for every tool: the whole KB would take commlint "
            "alone minutes per pass, and it makes eight (the KB run, then 1x, 2x and 4x "
            "for scaling): beyond the 15-minute budget on 2 cores." if subset else ""),
        "replies_files": len(replies.files), "replies_words": replies.words,
        "draft_words": draft.words,
        "macro_files": len(macros.files), "macro_words": macros.words,
        "macro_range": f"{MACRO_WORDS[0]}-{MACRO_WORDS[1]}",
    }
    clock.say(f"KB set: {len(kb.files)} files, {kb.words:,} words; replies: "
              f"{len(replies.files)} files; macros: {len(macros.files)} files")
    return Inputs(kb, replies, draft, macros, facts)


# --- measuring ------------------------------------------------------------------------------

def measure_batch(tool: Tool, files: corpus.FileSet, case: str, opts: Options,
                  argv: list[str] | None = None,
                  env: dict[str, str] | None = None) -> Measurement:
    """One batch process of ``tool`` over ``files``: time, RSS, findings."""
    m = Measurement(tool.name, case, len(files.files), files.words)
    try:
        result = run(argv or tool.command_for(files.folder, files.files), timeout=opts.timeout,
                     env=env)
        m.seconds, m.peak_rss_kib = result.seconds, result.peak_rss_kib
        m.cpu_seconds = result.cpu_seconds
        m.findings = tool.count_findings(result)
    except (ToolError, OSError, ValueError) as exc:
        m.error = str(exc)
    return m


def measure_cold(tool: Tool, draft: corpus.FileSet, opts: Options) -> Measurement:
    """Median whole-process time on the draft, after one discarded run."""
    m = Measurement(tool.name, "cold", 1, draft.words)
    argv = (tool.plain_argv(draft.files[0]) if isinstance(tool, Commlint)
            else tool.command_for(draft.folder, draft.files))
    try:
        runs: list[Run] = []
        for index in range(opts.cold_runs + 1):
            result = run(argv, timeout=opts.timeout)
            tool.check(result)
            if index:
                runs.append(result)
        m.runs = [r.seconds for r in runs]
        m.seconds = statistics.median(m.runs)
        m.cpu_seconds = statistics.median(r.cpu_seconds for r in runs)
        m.peak_rss_kib = max(r.peak_rss_kib for r in runs)
    except (ToolError, OSError) as exc:
        m.error = str(exc)
    return m


def measure_scaling(tool: Commlint, kb: corpus.FileSet, opts: Options,
                    clock: Clock) -> list[Measurement]:
    """commlint on the KB set, then on it copied 2x and 4x: three runs back to back."""
    out: list[Measurement] = []
    for times in (1, 2, 4):
        copies = corpus.duplicate(f"kb-{times}x", kb, opts.cache / "corpus" / f"kb-{times}x", times)
        clock.say(f"commlint on the KB set x{times} ({copies.words:,} words)")
        out.append(measure_batch(tool, copies, f"kb-{times}x", opts))
    return out


def measure_precommit(tool: Commlint, macros: corpus.FileSet, opts: Options,
                      clock: Clock) -> dict[str, Any]:
    """Lint every macro file, change one, lint again: the time of the second run."""
    has_cache = tool.has_no_cache_flag()
    argv = tool.argv([macros.folder], cache=True)
    # An empty cache folder of our own, so the first run really starts cold (commlint keeps
    # its result cache, and generated data, under COMMLINT_CACHE_DIR when it is set).
    cache_dir = opts.cache / "commlint-cache"
    if cache_dir.exists():
        shutil.rmtree(cache_dir)
    env = dict(os.environ, COMMLINT_CACHE_DIR=str(cache_dir))
    first = measure_batch(tool, macros, "pre-commit first run", opts, argv, env)
    if not first.ok:
        return {"error": first.error}
    changed = macros.files[len(macros.files) // 2]
    with changed.open("a", encoding="utf-8") as handle:
        handle.write(CHANGED_SENTENCE)
    clock.say(f"changed {changed.name}; second run")
    second = measure_batch(tool, macros, "pre-commit second run", opts, argv, env)
    if not second.ok:
        return {"error": second.error}
    if has_cache:
        note = ("commlint has `--no-cache`, so these two runs used its result cache, in a fresh "
                "folder (`COMMLINT_CACHE_DIR`): the first run starts empty and fills it, the "
                "second finds every file but the changed one. Every other commlint run in this "
                "benchmark uses `--no-cache`.")
    else:
        note = ("`commlint --help` shows no `--no-cache` yet: commlint has no result cache, so "
                "the second run re-lints every file and is timed anyway, as the issue asks.")
    return {
        "files": len(macros.files), "words": macros.words, "changed": changed.name,
        "command": " ".join(["commlint", *argv[1:-1], macros.folder.name + "/"]),
        "first_seconds": first.seconds, "first_rss_mib": first.peak_rss_mib,
        "second_seconds": second.seconds, "second_rss_mib": second.peak_rss_mib,
        "findings": second.findings, "has_no_cache": has_cache, "cache_note": note,
        "runs": [first, second],
    }


# --- main -----------------------------------------------------------------------------------

def rerender(source: Path) -> int:
    """Write ``<name>.md`` again from ``<name>.json`` (after a change to the report's form)."""
    results = Results.from_json(json.loads(source.read_text(encoding="utf-8")))
    target = source.with_suffix(".md")
    target.write_text(render(results) + "\n", encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    opts = parse_args(argv)
    if opts.render is not None:
        return rerender(opts.render)
    clock = Clock()
    opts.cache.mkdir(parents=True, exist_ok=True)
    ws = Workspace(opts.cache)
    tools = make_tools(opts.tools, ws, opts.commlint)
    installs = install_all(tools, clock)
    broken = {i.tool for i in installs if i.error}
    for inst in installs:
        if inst.error:
            clock.say(f"ERROR installing {inst.tool}: {inst.error}")
    usable = [t for t in tools if t.name not in broken]
    inputs = build_inputs(opts, clock)
    clock.loads.clear()
    load_before = machine.load_average()
    source_before = machine.source_fingerprint(REPO)

    measurements: list[Measurement] = []
    for tool in usable:
        for files, case in ((inputs.kb, "kb"), (inputs.replies, "replies")):
            clock.say(f"{tool.name} on the {case} set")
            measurements.append(measure_batch(tool, files, case, opts))
        clock.say(f"{tool.name} cold start x{opts.cold_runs}")
        measurements.append(measure_cold(tool, inputs.draft, opts))
    for m in measurements:
        if not m.ok:
            clock.say(f"ERROR {m.tool} on {m.case}: {m.error}")

    commlint = next((t for t in usable if isinstance(t, Commlint)), None)
    precommit: dict[str, Any] = {}
    if commlint is not None:
        if not opts.skip_scaling:
            measurements += measure_scaling(commlint, inputs.kb, opts, clock)
        if not opts.skip_precommit:
            clock.say(f"pre-commit case: {len(inputs.macros.files)} macro files, first run")
            precommit = measure_precommit(commlint, inputs.macros, opts, clock)

    clock.sample_load()
    notes = run_notes(tools, inputs, measurements, opts)
    if commlint is not None and machine.source_fingerprint(REPO) != source_before:
        notes.insert(0, "commlint's source (engine, packs or lexicons) changed while the "
                        "benchmark ran: its numbers may mix two versions. Rerun on a quiet tree.")
    cores = len(os.sched_getaffinity(0))
    busiest = max(clock.loads, default=0.0)
    if busiest > cores * 0.5:
        notes.insert(0, f"The machine was busy during the measurements: 1-minute load "
                        f"average up to {busiest:.2f} on {cores} cores (this benchmark's own "
                        "process included). Other work inflates wall times; CPU times are the "
                        "steadier comparison.")
    today = dt.date.today().isoformat()
    command = "python benchmarks/speed.py" + (
        " " + shlex.join(list(argv if argv is not None else sys.argv[1:])) if (argv or sys.argv[1:]) else "")
    facts = machine.describe(commlint.executable() if commlint else Path("commlint"), REPO)
    facts["Load average (1/5/15 min)"] = (f"{load_before} before measuring, "
                                          f"{machine.load_average()} after, 1-min peak "
                                          f"{busiest:.2f}")
    results = Results(
        date=today, command=command, quick=opts.quick,
        machine=facts,
        installs=installs, corpus=inputs.facts, measurements=measurements,
        precommit=precommit, notes=notes, budget_seconds=BUDGET_SECONDS)
    results.total_seconds = clock.elapsed
    opts.results.mkdir(parents=True, exist_ok=True)
    stem = today + ("-quick" if opts.quick else "")
    report_path = opts.results / f"{stem}.md"
    report_path.write_text(render(results) + "\n", encoding="utf-8")
    (opts.results / f"{stem}.json").write_text(
        json.dumps(results.to_json(), indent=2, default=str) + "\n", encoding="utf-8")
    clock.say(f"wrote {report_path}")
    failed = (any(not m.ok for m in measurements) or any(i.error for i in installs)
              or bool(precommit.get("error")))
    return 1 if failed else 0


def run_notes(tools: Sequence[Tool], inputs: Inputs, measurements: list[Measurement],
              opts: Options) -> list[str]:
    """Caveats that belong next to the numbers."""
    notes = []
    for tool in tools:
        if isinstance(tool, Vale) and tool.style_rules:
            notes.append(
                f"Vale runs a style generated at benchmark time from commlint's enabled phrase "
                f"rules: {tool.style_rules} rules, {tool.style_terms} terms and phrases "
                "(lexicon terms as `substitution`, rule phrases as `existence`; listed variants "
                "included, commlint's generated inflections not). Vale's own style packages "
                "cannot be synced here.")
    if "commlint" in opts.tools:
        kb = next((m for m in measurements if m.tool == "commlint" and m.case == "kb" and m.ok), None)
        if kb and inputs.facts["kb_files"] != inputs.facts["kb_all_files"]:
            full = int(inputs.facts["kb_all_words"])
            notes.append(f"At the measured rate, commlint would take about "
                         f"{full / kb.words_per_second / 60:.1f} min for the whole KB "
                         f"({full:,} words).")
        notes.append("commlint runs with `--format json --fail-on never --no-config` on the "
                     "folder (default packs); the cold start is `commlint draft.txt` as typed.")
    commands = {
        "proselint": "`proselint check --output-format json FOLDER`",
        "write-good": "`write-good --parse FILE...` (it takes no folders)",
        "alex": "`alex --text FOLDER` (plain text, not Markdown)",
        "vale": "`vale --config=<cache>/config/vale/.vale.ini --no-global --output=JSON FOLDER`",
    }
    used = [f"{name}: {commands[name]}" for name in opts.tools if name in commands]
    if used:
        notes.append("Peers: " + "; ".join(used) + ".")
    return notes


if __name__ == "__main__":
    sys.exit(main())
