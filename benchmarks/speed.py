#!/usr/bin/env python3
"""Speed benchmark: issue 8's acceptance, commlint against its peers on real text.

One command, from the repository root with the project's venv active::

    python benchmarks/speed.py                 # everything (about 10-15 min on 2 cores)
    python benchmarks/speed.py --quick         # small smoke run
    python benchmarks/speed.py --tools commlint,proselint,vale

It installs the peers (proselint, write-good, alex, Vale) into ``benchmarks/.cache/``
(once; reruns reuse them), writes the corpus out as files there, times every tool on the
same files, and writes ``benchmarks/results/<YYYY-MM-DD>.md`` (and ``.json``): each
acceptance target as a ratio to a peer measured in the same run, PASS or FAIL. Parts whose
commlint command does not exist yet (``commlint worker``, ``commlint lsp``) are reported
as "not available". See ``benchmarks/README.md``. Exit status: 0 when every tool ran, 1
when a tool failed (commlint exit code 2 included), 2 for bad options or a missing corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script or imported from elsewhere
    sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import lsp_latency  # noqa: E402
import machine  # noqa: E402
from measure import Run, ToolError, run  # noqa: E402
from peers import (ALL_TOOLS, REPO, Commlint, Proselint, Tool, Vale, Workspace,  # noqa: E402
                   make_tools, served_by_worker)
from report import (COLD, COLD_CHANGED, COLD_REPLY, FLOOR, WARM, WARM_NO_CACHE,  # noqa: E402
                    Install, Measurement, Results, render)

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
BUDGET_SECONDS = 15 * 60
# The scaling runs (1x, 2x, 4x) use this many KB articles, spread evenly: 7 passes over the
# whole KB would not fit the 15-minute budget on 2 cores at today's speed.
DEFAULT_SCALING_ARTICLES = 300
MACRO_WORDS = (25, 200)
REPLY_WORDS = 1000
CHANGED_SENTENCE = "\nIf anything is still unclear, reply to this message and we will help.\n"
#: the pre-commit case's repeated second runs change the file anew each time, one word of
#: ``CHANGED_SENTENCE`` swapped (the first is the sentence itself, as the peers lint it)
CHANGED_WORDS = ("message", "email", "note", "ticket", "thread")


@dataclass(frozen=True)
class Options:
    """Parsed command-line options."""

    tools: tuple[str, ...]
    quick: bool
    cache: Path
    corpus_dir: Path
    results: Path
    kb_articles: int
    scaling_articles: int
    macros: int
    cold_runs: int
    lsp_edits: int
    replies: int | None
    commlint: Path | None
    timeout: float
    skip_scaling: bool
    skip_precommit: bool
    skip_worker: bool = False
    skip_lsp: bool = False
    render: Path | None = None


def parse_args(argv: Sequence[str] | None = None) -> Options:
    """Options from the command line (``--quick`` shrinks every set)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tools", default=",".join(ALL_TOOLS),
                   help=f"comma-separated subset of {','.join(ALL_TOOLS)} (default: all)")
    p.add_argument("--quick", action="store_true",
                   help="smoke run: 20 KB articles, 20 for scaling, 100 replies, 100 macros, "
                        "3 cold runs, 5 edits; writes results/<date>-quick.md")
    p.add_argument("--cache", type=Path, default=HERE / ".cache",
                   help="where peers and generated files go (default: benchmarks/.cache)")
    p.add_argument("--corpus", type=Path, default=Path(os.environ.get("COMMLINT_CORPUS", DEFAULT_CORPUS)),
                   help="folder of the shared corpus (default: ../shared/corpus or $COMMLINT_CORPUS)")
    p.add_argument("--results", type=Path, default=HERE / "results", help="report folder")
    p.add_argument("--kb-articles", type=int, default=None,
                   help="KB articles in the throughput set, spread evenly over the KB "
                        "(default: all 1,374; 0 = all)")
    p.add_argument("--scaling-articles", type=int, default=None,
                   help=f"KB articles copied 1x, 2x, 4x for scaling (default {DEFAULT_SCALING_ARTICLES})")
    p.add_argument("--macros", type=int, default=None, help="macro files in the pre-commit case (1000)")
    p.add_argument("--cold-runs", type=int, default=None, help="timed cold-start runs per tool (5)")
    p.add_argument("--lsp-edits", type=int, default=None, help="timed one-word edits (10)")
    p.add_argument("--commlint", type=Path, default=None,
                   help="commlint executable (default: on PATH, else .venv/bin/commlint)")
    p.add_argument("--timeout", type=float, default=900, help="seconds allowed per tool process")
    p.add_argument("--skip-scaling", action="store_true", help="no 1x/2x/4x commlint runs")
    p.add_argument("--skip-precommit", action="store_true", help="no pre-commit case")
    p.add_argument("--skip-worker", action="store_true", help="no warm-worker runs")
    p.add_argument("--skip-lsp", action="store_true", help="no language-server case")
    p.add_argument("--render", type=Path, metavar="RESULTS.json",
                   help="measure nothing: write the Markdown report again from a run's .json")
    a = p.parse_args(argv)
    tools = tuple(t.strip() for t in a.tools.split(",") if t.strip())
    unknown = [t for t in tools if t not in ALL_TOOLS]
    if unknown or not tools:
        p.error(f"--tools: unknown {', '.join(unknown) or '(empty)'}; choose from {', '.join(ALL_TOOLS)}")
    for name in ("kb_articles", "scaling_articles", "macros", "cold_runs", "lsp_edits"):
        if getattr(a, name) is not None and getattr(a, name) < 0:
            p.error(f"--{name.replace('_', '-')}: must not be negative")

    def pick(value: int | None, full: int, quick: int) -> int:
        return value if value is not None else (quick if a.quick else full)

    return Options(
        tools=tools, quick=a.quick, cache=a.cache.resolve(), corpus_dir=a.corpus,
        results=a.results, kb_articles=pick(a.kb_articles, 0, 20),
        scaling_articles=max(1, pick(a.scaling_articles, DEFAULT_SCALING_ARTICLES, 20)),
        macros=max(1, pick(a.macros, 1000, 100)), cold_runs=max(1, pick(a.cold_runs, 5, 3)),
        lsp_edits=max(1, pick(a.lsp_edits, 10, 5)),
        replies=100 if a.quick else None, commlint=a.commlint, timeout=a.timeout,
        skip_scaling=a.skip_scaling, skip_precommit=a.skip_precommit,
        skip_worker=a.skip_worker, skip_lsp=a.skip_lsp, render=a.render,
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

    kb: corpus.FileSet          # Markdown articles (throughput)
    scaling: corpus.FileSet     # Markdown articles, a subset (scaling 1x)
    replies: corpus.FileSet
    draft: corpus.FileSet
    macros: corpus.FileSet
    changed: corpus.FileSet     # the changed macro file alone (pre-commit peer)
    reply: corpus.FileSet       # the 1,000-word reply (language server)
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
    kb_all = corpus.write_counted("kb-md", root / "kb-md", corpus.kb_markdown(articles))
    count = opts.kb_articles or len(articles)
    subset = count < len(articles)
    kb = kb_all if not subset else corpus.write_counted(
        "kb", root / "kb-bench", corpus.kb_markdown(corpus.pick_evenly(articles, count)))
    scaling = corpus.write_counted("kb-scaling", root / "kb-scaling", corpus.kb_markdown(
        corpus.pick_evenly(articles, min(opts.scaling_articles, len(articles)))))
    replies_docs = corpus.load_replies(opts.corpus_dir)
    all_replies = replies_docs
    if opts.replies:
        replies_docs = corpus.pick_evenly(replies_docs, opts.replies)
    replies = corpus.write_set("replies", root / "replies",
                               ((d.stem + ".txt", d.text) for d in replies_docs))
    draft = corpus.write_set("draft", root / "draft", [("draft.txt", corpus.draft_of(prose))])
    reply = corpus.write_set("reply", root / "reply",
                             [("reply.txt", corpus.reply_of(all_replies, REPLY_WORDS))])
    macro_docs = corpus.macro_paragraphs(prose, opts.macros, *MACRO_WORDS)
    macros = corpus.write_set("macros", root / "macros",
                              ((f"macro-{i:04d}.txt", d.text) for i, d in enumerate(macro_docs)))
    target = macros.files[len(macros.files) // 2]
    changed = corpus.write_set("changed", root / "changed", [
        (target.name, target.read_text(encoding="utf-8") + CHANGED_SENTENCE)])
    facts: dict[str, Any] = {
        "kb_markdown": True,
        "kb_files": len(kb.files), "kb_words": kb.words,
        "kb_all_files": len(kb_all.files), "kb_all_words": kb_all.words,
        "kb_subset_rule": (f"every {len(articles) / count:.2f}th article in file order, "
                           "Microsoft then Arduino" if subset else "all of them"),
        "kb_subset_reason": ("A subset (`--kb-articles`): not the acceptance measurement, "
                             "which reads the whole KB." if subset else ""),
        "scaling_files": len(scaling.files), "scaling_words": scaling.words,
        "replies_files": len(replies.files), "replies_words": replies.words,
        "draft_words": draft.words, "reply_words": reply.words,
        "macro_files": len(macros.files), "macro_words": macros.words,
        "macro_range": f"{MACRO_WORDS[0]}-{MACRO_WORDS[1]}",
    }
    clock.say(f"KB set: {len(kb.files)} Markdown files, {kb.words:,} words; scaling: "
              f"{len(scaling.files)} files; replies: {len(replies.files)} files; macros: "
              f"{len(macros.files)} files")
    return Inputs(kb, scaling, replies, draft, macros, changed, reply, facts)


# --- measuring ------------------------------------------------------------------------------

def measure_batch(tool: Tool, files: corpus.FileSet, case: str, opts: Options,
                  argv: list[str] | None = None, env: dict[str, str] | None = None,
                  markdown: bool = False,
                  check: Callable[[Run], None] | None = None) -> Measurement:
    """One batch process of ``tool`` over ``files``: time, RSS, findings."""
    m = Measurement(tool.name, case, len(files.files), files.words)
    if env is None and isinstance(tool, Commlint):
        env = tool.env(worker=False)
    try:
        result = run(argv or tool.command_for(files.folder, files.files, markdown),
                     timeout=opts.timeout, env=env)
        m.seconds, m.peak_rss_kib = result.seconds, result.peak_rss_kib
        m.cpu_seconds, m.processes = result.cpu_seconds, result.processes
        m.findings = tool.count_findings(result)
        if check is not None:
            check(result)
    except (ToolError, OSError, ValueError) as exc:
        m.error = str(exc)
    return m


def measure_cold(name: str, case: str, argv: list[str], words: int, opts: Options,
                 check: Callable[[Run], None], env: dict[str, str] | None = None,
                 before_each: Callable[[int], None] | None = None) -> Measurement:
    """Median whole-process time of ``argv``, after one discarded run.

    ``before_each(i)`` runs before run ``i`` (0 is the discarded one), untimed.
    """
    m = Measurement(name, case, 1, words)
    try:
        runs: list[Run] = []
        for index in range(opts.cold_runs + 1):
            if before_each is not None:
                before_each(index)
            result = run(argv, timeout=opts.timeout, env=env)
            check(result)
            if index:
                runs.append(result)
        m.runs = [r.seconds for r in runs]
        m.seconds = statistics.median(m.runs)
        m.cpu_seconds = statistics.median(r.cpu_seconds for r in runs)
        m.peak_rss_kib = max(r.peak_rss_kib for r in runs)
    except (ToolError, OSError, ValueError) as exc:
        m.error = str(exc)
    return m


def measure_peer_cold(tool: Tool, files: corpus.FileSet, case: str,
                      opts: Options) -> Measurement:
    """A peer's cold process on the one file of ``files``, named as a user would."""
    return measure_cold(tool.name, case, tool.argv([files.files[0]]), files.words, opts,
                        tool.check)


def measure_floor(commlint: Commlint, draft: corpus.FileSet, opts: Options) -> Measurement:
    """The bare floor: commlint's interpreter imports spaCy and tokenizes the draft."""
    python = machine.python_of(commlint.executable()) or Path(sys.executable)

    def check(result: Run) -> None:
        if result.returncode != 0:
            raise ToolError(f"floor.py exited with {result.returncode}: "
                            f"{result.stderr.strip()[-300:]}")

    return measure_cold(FLOOR, COLD, [str(python), str(HERE / "floor.py"), str(draft.files[0])],
                        draft.words, opts, check)


def measure_scaling(tool: Commlint, base: corpus.FileSet, opts: Options,
                    clock: Clock) -> list[Measurement]:
    """commlint on the scaling set copied 1x, 2x and 4x: three runs back to back."""
    out: list[Measurement] = []
    for times in (1, 2, 4):
        copies = corpus.duplicate(f"kb-{times}x", base, opts.cache / "corpus" / f"kb-{times}x", times)
        clock.say(f"commlint on the scaling set x{times} ({copies.words:,} words)")
        out.append(measure_batch(tool, copies, f"kb-{times}x", opts))
    return out


def grammar_engine(tool: Commlint) -> str:
    """What ``grammar: auto`` stands for in the benchmark's commlint processes (LanguageTool
    when its install is found in their cache, else Harper): replies and macros are
    grammar-checked, so the engine changes their figures."""
    python = machine.python_of(tool.executable()) or Path(sys.executable)
    try:
        done = subprocess.run([str(python), "-c", "from commlint.grammar import choose; print(choose('auto'))"],
                              env=tool.env(worker=False), capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    return done.stdout.strip() or f"unknown ({done.stderr.strip()[-120:]})"


def measure_precommit(tool: Commlint, macros: corpus.FileSet, opts: Options, clock: Clock,
                      env: dict[str, str], worker: bool) -> dict[str, Any]:
    """Lint every macro file, change one, lint again: the median time of the second run,
    repeated ``cold_runs`` times (a single run after the first is at the mercy of whatever
    the machine does in that fraction of a second).

    ``env`` has a result-cache folder of its own, empty before the first run.
    """
    has_cache = tool.has_no_cache_flag()
    argv = tool.argv([macros.folder], cache=True)
    check = served_by_worker if worker else None
    first = measure_batch(tool, macros, "first run", opts, argv, env, check=check)
    if not first.ok:
        return {"error": f"first run: {first.error}"}
    changed = macros.files[len(macros.files) // 2]
    original = changed.read_text(encoding="utf-8")
    seconds: list[Measurement] = []
    for index in range(opts.cold_runs):  # each run finds the one file changed anew
        word = CHANGED_WORDS[index % len(CHANGED_WORDS)]
        changed.write_text(original + CHANGED_SENTENCE.replace("message", word), encoding="utf-8")
        clock.say(f"changed {changed.name} ({word}); second run {index + 1} of {opts.cold_runs}")
        run = measure_batch(tool, macros, "second run", opts, argv, env, check=check)
        if not run.ok:
            return {"error": f"second run: {run.error}"}
        seconds.append(run)
    second = sorted(seconds, key=lambda m: m.seconds)[len(seconds) // 2]
    if has_cache:
        note = ("Both runs use commlint's result cache, in a folder of their own "
                "(`COMMLINT_CACHE_DIR`) that is empty before the first run: the first fills it, "
                "the second finds every file but the changed one. Every other commlint run in "
                "this benchmark uses `--no-cache`.")
    else:
        note = ("`commlint check --help` shows no `--no-cache`: commlint has no result cache, "
                "so the second run re-lints every file and is timed anyway.")
    return {
        "files": len(macros.files), "words": macros.words, "changed": changed.name,
        "command": " ".join(["commlint", *argv[1:-1], macros.folder.name + "/"]),
        "mode": "worker" if worker else "in-process",
        "first_seconds": first.seconds, "first_rss_mib": first.peak_rss_mib,
        "second_seconds": second.seconds, "second_rss_mib": max(m.peak_rss_mib for m in seconds),
        "second_runs": [round(m.seconds, 3) for m in seconds],
        "findings": second.findings, "has_no_cache": has_cache, "cache_note": note,
        "runs": [first, *seconds],
    }


def fresh(folder: Path) -> Path:
    """``folder``, emptied (mode 0700)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, mode=0o700)
    return folder


def edited_copy(source: Path, folder: Path, edits: int) -> tuple[Path, Callable[[int], None]]:
    """A copy of ``source`` in ``folder`` and a ``before_each(i)`` that makes edit ``i`` of
    ``edits`` one-word edits to it (so each run lints text it has not seen)."""
    target = fresh(folder) / source.name
    text = source.read_text(encoding="utf-8")
    target.write_text(text, encoding="utf-8")
    planned = lsp_latency.pick_edits(text, edits)
    state = {"text": text}

    def before_each(index: int) -> None:
        state["text"] = planned[index].apply(state["text"])
        target.write_text(state["text"], encoding="utf-8")

    return target, before_each


def measure_worker(commlint: Commlint, inputs: Inputs, opts: Options,
                   clock: Clock) -> tuple[dict[str, Any], list[Measurement], dict[str, Any]]:
    """The warm-worker cases: (worker facts, warm draft measurements, pre-commit case).

    One worker, started in private runtime and cache folders (the cache empty at first),
    warmed by one lint; stopped at the end whatever happens.
    """
    env = commlint.env(worker=True, cache_dir=fresh(opts.cache / "commlint-worker-cache"))
    facts: dict[str, Any] = {}
    warm: list[Measurement] = []
    precommit: dict[str, Any] = {}

    def check(result: Run) -> None:
        commlint.check(result)
        served_by_worker(result)

    clock.say("starting a commlint worker (private runtime and cache folders)")
    try:
        with commlint.worker(env, timeout=min(opts.timeout, 120)) as session:
            pid, served = session.pid, session.served
            warm_up = run(commlint.typed_argv(inputs.draft.files[0]), env=env,
                          timeout=opts.timeout)
            check(warm_up)
            session.expect_served(1, "warm-up", pid, served)
            for case, argv_of in ((WARM, commlint.typed_argv), (WARM_NO_CACHE, commlint.plain_argv)):
                draft, before_each = edited_copy(inputs.draft.files[0],
                                                 opts.cache / "corpus" / case, opts.cold_runs + 1)
                clock.say(f"commlint draft.txt, worker warm ({case}) x{opts.cold_runs}")
                served = session.served
                measured = measure_cold("commlint", case, argv_of(draft), inputs.draft.words,
                                        opts, check, env, before_each)
                try:
                    if measured.ok:
                        session.expect_served(opts.cold_runs + 1, case, pid, served)
                except ToolError as exc:
                    measured.error = str(exc)
                warm.append(measured)
            if not opts.skip_precommit:
                clock.say(f"pre-commit case, worker warm: {len(inputs.macros.files)} macro files")
                served = session.served
                precommit = measure_precommit(commlint, inputs.macros, opts, clock, env, True)
                try:
                    if not precommit.get("error"):
                        session.expect_served(2, "pre-commit", pid, served)
                except ToolError as exc:
                    precommit = {"error": str(exc)}
            session.status()
            facts = {"peak_rss_kib": session.peak_rss_kib(), "pid": session.pid,
                     "status": session.status_text}
    except (ToolError, OSError, ValueError) as exc:
        facts = {"error": str(exc)}
    return facts, warm, precommit


def measure_lsp(commlint: Commlint, reply: corpus.FileSet, opts: Options) -> dict[str, Any]:
    """``commlint lsp``: the edit-to-diagnostics latency on the 1,000-word reply."""
    try:
        result = lsp_latency.measure([str(commlint.executable()), "lsp"], reply.files[0],
                                     reply.words, opts.lsp_edits, env=commlint.env(worker=False),
                                     timeout=min(opts.timeout, 300))
    except (ToolError, OSError, ValueError) as exc:
        return {"error": str(exc)}
    return result.to_json()


# --- main -----------------------------------------------------------------------------------

def rerender(source: Path) -> int:
    """Write ``<name>.md`` again from ``<name>.json`` (after a change to the report's form)."""
    try:
        results = Results.from_json(json.loads(source.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"speed.py: cannot read results from {source}: {exc}", file=sys.stderr)
        return 2
    target = source.with_suffix(".md")
    target.write_text(render(results) + "\n", encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:  # noqa: C901 - the order of the run
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
    commlint = next((t for t in usable if isinstance(t, Commlint)), None)

    measurements: list[Measurement] = []
    for tool in usable:
        for files, case, markdown in ((inputs.kb, "kb", True), (inputs.replies, "replies", False)):
            clock.say(f"{tool.name} on the {case} set")
            measurements.append(measure_batch(tool, files, case, opts, markdown=markdown))
        clock.say(f"{tool.name} cold start x{opts.cold_runs}")
        if isinstance(tool, Commlint):
            measurements.append(measure_cold(
                tool.name, COLD, tool.plain_argv(inputs.draft.files[0]), inputs.draft.words,
                opts, tool.check, tool.env(worker=False)))
            clock.say(f"bare floor (import spaCy, blank en, tokenize) x{opts.cold_runs}")
            measurements.append(measure_floor(tool, inputs.draft, opts))
        else:
            measurements.append(measure_peer_cold(tool, inputs.draft, COLD, opts))
        if isinstance(tool, Proselint):
            clock.say("proselint on the changed macro and on the 1,000-word reply")
            measurements.append(measure_peer_cold(tool, inputs.changed, COLD_CHANGED, opts))
            measurements.append(measure_peer_cold(tool, inputs.reply, COLD_REPLY, opts))

    worker: dict[str, Any] = {}
    lsp: dict[str, Any] = {}
    precommit: dict[str, Any] = {}
    if commlint is not None:
        why = "skipped (--skip-worker)" if opts.skip_worker else commlint.unavailable("worker")
        if why:
            worker = {"unavailable": why}
            if not opts.skip_precommit:
                clock.say(f"pre-commit case in-process (worker not available): "
                          f"{len(inputs.macros.files)} macro files")
                env = commlint.env(worker=False, cache_dir=fresh(opts.cache / "commlint-precommit-cache"))
                precommit = measure_precommit(commlint, inputs.macros, opts, clock, env, False)
        else:
            worker, warm, precommit = measure_worker(commlint, inputs, opts, clock)
            measurements += warm
        why = "skipped (--skip-lsp)" if opts.skip_lsp else commlint.unavailable("lsp")
        if why:
            lsp = {"unavailable": why}
        else:
            clock.say(f"commlint lsp: {opts.lsp_edits} one-word edits in the "
                      f"{inputs.reply.words:,}-word reply")
            lsp = measure_lsp(commlint, inputs.reply, opts)
        if not opts.skip_scaling:
            measurements += measure_scaling(commlint, inputs.scaling, opts, clock)
    for m in measurements:
        if not m.ok:
            clock.say(f"ERROR {m.tool} on {m.case}: {m.error}")
    for name, part in (("worker", worker), ("lsp", lsp), ("pre-commit", precommit)):
        if part.get("error"):
            clock.say(f"ERROR {name}: {part['error']}")

    clock.sample_load()
    notes = run_notes(tools, commlint, inputs, measurements, opts)
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
    args = list(argv if argv is not None else sys.argv[1:])
    command = "python benchmarks/speed.py" + (" " + shlex.join(args) if args else "")
    facts = machine.describe(commlint.executable() if commlint else Path("commlint"), REPO)
    if commlint is not None:
        facts["Grammar engine (`auto`)"] = grammar_engine(commlint)
    facts["Load average (1/5/15 min)"] = (f"{load_before} before measuring, "
                                          f"{machine.load_average()} after, 1-min peak "
                                          f"{busiest:.2f}")
    results = Results(
        date=today, command=command, quick=opts.quick, machine=facts, installs=installs,
        corpus=inputs.facts, measurements=measurements, precommit=precommit, notes=notes,
        budget_seconds=BUDGET_SECONDS, worker=worker, lsp=lsp)
    results.total_seconds = clock.elapsed
    opts.results.mkdir(parents=True, exist_ok=True)
    stem = today + ("-quick" if opts.quick else "")
    report_path = opts.results / f"{stem}.md"
    report_path.write_text(render(results) + "\n", encoding="utf-8")
    (opts.results / f"{stem}.json").write_text(
        json.dumps(results.to_json(), indent=2, default=str) + "\n", encoding="utf-8")
    clock.say(f"wrote {report_path}")
    failed = (any(not m.ok for m in measurements) or any(i.error for i in installs)
              or any(part.get("error") for part in (worker, lsp, precommit)))
    return 1 if failed else 0


def run_notes(tools: Sequence[Tool], commlint: Commlint | None, inputs: Inputs,
              measurements: list[Measurement], opts: Options) -> list[str]:
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
    if commlint is not None:
        kb = next((m for m in measurements if m.tool == "commlint" and m.case == "kb" and m.ok), None)
        if kb and inputs.facts["kb_files"] != inputs.facts["kb_all_files"] and kb.words_per_second:
            full = int(inputs.facts["kb_all_words"])
            notes.append(f"At the measured rate, commlint would take about "
                         f"{full / kb.words_per_second / 60:.1f} min for the whole KB "
                         f"({full:,} words).")
        notes.append("commlint's batch runs are `commlint --format json --fail-on never "
                     "--no-config --no-cache FOLDER` with no `--jobs`: its default "
                     f"(`commlint check --help` says `{commlint.jobs_default()}`) decides how "
                     "many processes a run uses (the Processes column). Every commlint process "
                     "gets the benchmark's own runtime and cache folders "
                     "(`COMMLINT_RUNTIME_DIR`, `COMMLINT_CACHE_DIR` under the benchmark cache) "
                     "and, except in the worker cases, `COMMLINT_NO_WORKER=1`, as in CI.")
    commands = {
        "proselint": "`proselint check --output-format json FOLDER` (cold starts: `... FILE`)",
        "write-good": "`write-good --parse FILE...` (it takes no folders)",
        "alex": "`alex FOLDER` for the Markdown KB, `alex --text FOLDER` for plain text",
        "vale": "`vale --config=<cache>/config/vale/.vale.ini --no-global --output=JSON FOLDER`",
    }
    used = [f"{name}: {commands[name]}" for name in opts.tools if name in commands]
    if used:
        notes.append("Peers: " + "; ".join(used) + ".")
    return notes


if __name__ == "__main__":
    sys.exit(main())
