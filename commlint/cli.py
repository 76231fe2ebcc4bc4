"""The ``commlint`` command: arguments -> library -> formatter -> exit code."""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import click

from commlint.config import Config
from commlint.config.model import GRAMMAR_ENGINES
from commlint.config.resolve import ConfigResolver
from commlint.lint.cache import ResultCache, fingerprint
from commlint.paths import cache_root
from commlint.lint.engine import Linter
from commlint.lint.rules import build_ruleset, data_folders
from commlint.errors import CommlintError, ExitCode
from commlint.lint.files import discover
from commlint.document.model import AUDIENCES, CHANNELS, DOCUMENT_KINDS
from commlint.output.formatters import FORMATTERS, OutputOptions
from commlint.output.formatters.text import summary_line
from commlint.output import progress
from commlint.output.fix import fix_inputs
from commlint.sources import READERS
from commlint.packs.loader import load_ruleset
from commlint.findings.results import FileResult
from commlint.lint.pool import LinterPool
from commlint.lint.recent import RecentResults
from commlint.lint.runner import lint_inputs
from commlint.nlp.doc_cache import DocCache
from commlint.nlp.doc_store import DiskStore, MemoryStore


class _UsageLine(click.ClickException):
    """A command-line mistake, shown as one line (exit code 2), like every other error."""

    exit_code = ExitCode.USAGE

    def show(self, file=None) -> None:
        click.echo(f"commlint: error: {self.message}", err=True)


def _one_line(exc: click.UsageError) -> _UsageLine:
    where = exc.ctx.command_path if exc.ctx is not None else "commlint"
    return _UsageLine(f"{' '.join(exc.format_message().split())} (see '{where} --help')")


class _DefaultGroup(click.Group):
    """``commlint FILES`` means ``commlint check FILES``; ``rules`` and ``explain`` are
    subcommands. Usage errors are one line, exit code 2."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a subcommand's options
            raise _one_line(exc) from None


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _resolver(config_path: str | None, no_config: bool, **overrides) -> ConfigResolver:
    """Finds the configuration of each linted file (or only ``--config FILE``), with the
    command line on top."""
    return ConfigResolver(explicit=Path(config_path) if config_path else None, no_config=no_config, cli=overrides)


def _config(config_path: str | None, no_config: bool, **overrides) -> Config:
    """The configuration that applies in the current folder."""
    return _resolver(config_path, no_config, **overrides).resolve(None)


def _fail(error: CommlintError) -> None:
    click.echo(f"commlint: error: {error.one_line()}", err=True)
    sys.exit(ExitCode.USAGE)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="commlint")
def main() -> None:
    """Lint customer-support writing: jargon, tone, overpromises, vague timelines, missing
    next steps, pasted secrets, hard-to-read prose. `commlint FILE...` checks files."""


_config_options = [
    click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file (default: nearest .commlint.yaml)."),
    click.option("--no-config", is_flag=True, help="Ignore .commlint.yaml files."),
    click.option("--select", multiple=True, help="Only these rules: id, name prefix or category (repeat or comma-separate)."),
    click.option("--ignore", multiple=True, help="Skip these rules: id, name prefix or category."),
]


def _with_config_options(func):
    for option in reversed(_config_options):
        func = option(func)
    return func


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), help="Lowest severity that makes the exit code 1 [default: warning].")
@click.option("--include", multiple=True, help="Glob of files to lint inside folders [default: every format commlint reads].")
@click.option("--exclude", multiple=True, help="Glob of files or folders to skip.")
@click.option("--input-format", type=click.Choice(sorted(READERS)), help="Read every input as this format [default: by extension].")
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS), help="What the inputs are [default: from the reader or config].")
@click.option("--channel", type=click.Choice(CHANNELS), help="Where they are read [default: from the reader or config].")
@click.option("--audience", type=click.Choice(AUDIENCES), help="Who reads them: technical readers may meet more terms.")
@click.option("--model", help="Installed spaCy pipeline to use.")
@click.option("--stdin-filename", default="<stdin>", show_default=True, help="Name to report for '-' (its extension picks the reader).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Processes for large runs [default: the usable cores for a large run, one for a small one].")
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option("--show-skipped", is_flag=True, help="List each region that was not linted, and why.")
@click.option("--show-suppressed", is_flag=True, help="List the findings that inline commlint: directives suppressed.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no summary, no notices, no progress bar (errors still).")
@click.option("--no-worker", is_flag=True, help="Lint in this process, not in the warm background worker (docs/worker.md).")
@click.option("--fix", is_flag=True, help="Apply the safe fixes and write the files back ('-': print the fixed text) (docs/fix.md).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: apply the unsafe fixes too (they may change the meaning).")
@click.option("--diff", is_flag=True, help="Print a unified diff of the fixes instead of writing them; exit 1 when there are any.")
@click.option("--grammar", "grammar", type=click.Choice(GRAMMAR_ENGINES), help="Grammar engine [default: auto: LanguageTool when installed, else Harper] (docs/grammar.md).")
@click.option("--require-grammar", is_flag=True, default=None, help="Exit 2 when the grammar engine cannot run [default: lint the rest and say why].")
@click.option("--min-score", type=click.IntRange(0, 100), default=None, help="Exit 1 when a message scores below this, 0-100 (docs/score.md).")
@click.option("--write-baseline", metavar="FILE", help="Record every finding of this run in FILE (rewritten whole) (docs/baseline.md).")
@click.option("--baseline", metavar="FILE", help="Report only the findings FILE does not hold (docs/baseline.md).")
@click.option("--diff-base", metavar="REF", help="Report only the findings on lines changed since the git revision REF.")
@_with_config_options
def check(paths, fmt, fail_on, include, exclude, input_format, kind, channel, audience, model, stdin_filename, jobs,
          no_cache, show_skipped, show_suppressed, quiet, no_worker, fix, unsafe_fixes, diff, grammar, require_grammar, min_score, config_path,
          no_config, select, ignore, write_baseline, baseline, diff_base) -> None:
    """Lint FILES, folders, or '-' for standard input."""
    started = time.monotonic()
    overrides = dict(
        fail_on=fail_on, include=_split(include), exclude=_split(exclude), model=model, select=_split(select),
        ignore=_split(ignore), input_format=input_format, kind=kind, channel=channel, audience=audience,
        grammar=grammar, require_grammar=require_grammar, min_score=min_score,
    )
    try:
        resolver = _resolver(config_path, no_config, **overrides)
        config = resolver.resolve(None)
        cache = _result_cache(config, no_cache)
        doc_cache = _doc_cache(no_cache)
    except CommlintError as exc:
        _fail(exc)
    if not paths:
        paths = ("-",) if not sys.stdin.isatty() else ()
    if not paths:
        _fail(CommlintError("", "no input: give files, folders or '-' for standard input"))
    if unsafe_fixes and not (fix or diff):
        _fail(CommlintError("--unsafe-fixes", "needs --fix or --diff"))
    accepted = _read_baseline(baseline)  # a bad baseline stops the run before linting
    inputs, problems = discover(paths, config.include, config.exclude, stdin_filename)
    inputs = _not_baselines(inputs, baseline, write_baseline)  # a folder holding the baseline: it is no input
    fixing = None
    try:
        warm = None if _warm_pool is None else lambda c, digest: _warm_pool.get(c, digest, doc_cache)
        bar = progress.wanted(sys.stderr, os.environ, text_format=fmt == "text", quiet=quiet)
        with progress.progress_bar(sys.stderr, bar and _warm_pool is None) as tick:
            if bar and _warm_pool is not None:  # in the worker: the client draws it
                from commlint.worker.session import progress_tick

                tick = progress_tick()
            linted = lint_inputs(
                config, [i for i in inputs if i.path is not None or not (fix or diff)], cache=cache, jobs=jobs,
                config_for=resolver.for_input, doc_cache=doc_cache, linter_for=warm, progress=tick,
                recent=_warm_recent,
            )
        if fix or diff:  # standard input is read once, by the fixer
            fixing = fix_inputs(inputs, linted, config_for=resolver.for_input, unsafe=unsafe_fixes, write=not diff,
                                doc_cache=doc_cache, linter_for=warm)
            linted = fixing.results
        results = [FileResult(p.where, error=p) for p in problems] + linted
    except CommlintError as exc:
        _fail(exc)
    stdin_name = stdin_filename if any(i.path is None for i in inputs) else None
    recorded = _record(results, write_baseline, stdin_name)  # today's findings, before any narrowing
    results = _narrow(results, accepted, baseline, diff_base, config.input_format, stdin_name)
    _echo_problems(results, notices=not quiet)
    missing = [] if quiet else _unavailable(results)
    for line in missing:  # once per run, however many files: the other rules did run
        click.echo(f"commlint: notice: {line}; the other rules ran", err=True)
    if fixing is not None:
        for where, notice in [] if quiet else fixing.notices:
            click.echo(f"commlint: notice: {where}: {notice}", err=True)
        if diff:
            click.echo("".join(fixing.diffs), nl=False)
            if not quiet:
                click.echo(f"commlint: {fixing.summary(write=False)}", err=True)
            sys.exit(ExitCode.USAGE if any(r.error for r in results) else ExitCode.FINDINGS if fixing.diffs else ExitCode.OK)
        if fixing.stdout is not None:
            click.echo(fixing.stdout, nl=False)  # bytes: written as they are
        if not quiet:
            click.echo(f"commlint: {fixing.summary(write=True)}", err=True)
    if recorded is not None:  # exits here unless --baseline or --diff-base also gate this run
        _write_baseline(write_baseline, recorded, gate=baseline is not None or diff_base is not None, quiet=quiet)
    if fmt == "json":  # written as it is encoded, never held whole
        from commlint.output.formatters.json import json_chunks

        _write_report(json_chunks(results), fmt, err=fixing is not None and fixing.stdout is not None)
        output = ""
    else:
        output = FORMATTERS[fmt](results, OutputOptions(
            show_skipped=show_skipped, show_suppressed=show_suppressed, quiet=quiet, fail_on=config.fail_threshold(),
            rules=tuple(r.meta for r in build_ruleset(config).rules) if fmt == "sarif" else (),
        ))
    summary = None if quiet else summary_line(results, time.monotonic() - started)
    if fmt == "text" and summary:  # the last line of the report; machine formats: stderr, below
        output = f"{output}\n{summary}" if output else summary
    if output:
        _write_report(output, fmt, err=fixing is not None and fixing.stdout is not None)
    below = _below_min_score(results, resolver, stdin_filename)
    for line in below:
        click.echo(f"commlint: {line}", err=True)
    if fmt != "text" and summary:  # standard output holds only the report
        click.echo(f"commlint: {summary}", err=True)
    sys.exit(_exit_code(results, resolver, stdin_filename, below_min_score=bool(below)))


def _write_report(output: str | Iterable[str], fmt: str, err: bool) -> None:
    """The report (the whole text, or its pieces) on stdout (stderr with ``err``). The JSON
    formats are written as they are: their encoder escapes every control character, so
    there is nothing for click to scan megabytes of report for; the others go through
    ``click.echo`` (colour, escapes)."""
    if fmt not in ("json", "sarif"):
        text = output if isinstance(output, str) else "".join(output)
        click.echo(text, color=None if "NO_COLOR" not in os.environ else False, err=err)
        return
    stream = sys.stderr if err else sys.stdout
    for piece in [output] if isinstance(output, str) else output:
        stream.write(piece)
    stream.write("\n")
    stream.flush()


def _echo_problems(results: list[FileResult], notices: bool = True) -> None:
    """Each input's error on stderr (a bad config once, however many files sit under it),
    and with ``notices`` why an input was not linted (empty, not this format)."""
    shown: set[str] = set()
    for result in results:
        if result.error:
            line = result.error.one_line()
            if line.startswith(result.path + ":") or line not in shown:
                click.echo(f"commlint: error: {line}", err=True)
            shown.add(line)
        elif result.notice and notices:
            click.echo(f"commlint: notice: {result.path}: {result.notice}", err=True)


def _result_cache(config: Config, no_cache: bool) -> ResultCache | None:
    """The on-disk result cache of a run (None with ``--no-cache``), keyed by the packs' content."""
    if no_cache:
        return None
    packs, lexicons = data_folders(config)
    return ResultCache(cache_root(), fingerprint([*packs, *lexicons]))


def _doc_cache(no_cache: bool) -> DocCache | None:
    """Where a check run keeps analysed segments: on disk beside the result cache (not with
    ``--no-cache``), and in the worker also in memory for the worker's lifetime."""
    memory = None if _warm_pool is None else _warm_memory
    if no_cache and memory is None:
        return None
    return DocCache(memory, None if no_cache else DiskStore(cache_root() / "docs"))


def _unavailable(results: list[FileResult]) -> list[str]:
    """Each engine that could not run (grammar without Java), once."""
    return list(dict.fromkeys(line for r in results for line in r.unavailable))


def _not_baselines(inputs: list, *files: str | None) -> list:
    """``inputs`` without this run's own baseline files."""
    own = {os.path.realpath(f) for f in files if f}
    return [i for i in inputs if i.path is None or os.path.realpath(i.path) not in own] if own else inputs


def _read_baseline(path: str | None) -> list | None:
    """The entries of ``--baseline FILE`` (None without it); a bad file is exit 2."""
    from commlint.lint import baseline as baselines

    if path is None:
        return None
    try:
        return baselines.read(Path(path))
    except CommlintError as exc:
        _fail(exc)
    return None  # not reached: _fail exits


def _record(results: list[FileResult], path: str | None, stdin_name: str | None) -> tuple[list, int] | None:
    """For ``--write-baseline FILE``: the entries of every finding, and how many inputs failed."""
    from commlint.lint import baseline as baselines

    if path is None:
        return None
    return baselines.entries(results, Path(os.path.abspath(path)).parent, stdin_name), sum(1 for r in results if r.error)


def _narrow(results: list[FileResult], accepted: list | None, baseline: str | None, diff_base: str | None,
            input_format: str | None, stdin_name: str | None) -> list[FileResult]:
    """Only the findings on lines changed since ``--diff-base``, then only those not in ``--baseline``."""
    from commlint.lint import baseline as baselines
    from commlint.lint.changed_lines import changed_only
    from commlint.sources import read_documents

    try:
        if diff_base is not None:
            results = changed_only(results, diff_base, lambda data, name: read_documents(data, name, input_format), stdin_name)
    except CommlintError as exc:
        _fail(exc)
    if accepted is not None and baseline is not None:
        results = baselines.new_findings(results, accepted, Path(os.path.abspath(baseline)).parent, stdin_name)
    return results


def _write_baseline(path: str, recorded: tuple[list, int], gate: bool, quiet: bool = False) -> None:
    """Write ``--write-baseline FILE`` (not when an input failed: its findings would drop out)
    and say so in one line; exit 0 unless the run also reports against a baseline or a ref."""
    from commlint.errors import ConfigError
    from commlint.lint import baseline as baselines

    entries, failed = recorded
    if failed:
        _fail(ConfigError(path, f"baseline not written: {failed} input{'s' * (failed > 1)} could not be linted"))
    try:
        baselines.write(Path(path), entries)
    except CommlintError as exc:
        _fail(exc)
    files = len({(e.path, e.item) for e in entries})
    if not quiet:
        click.echo(f"commlint: wrote {path}: {len(entries)} finding{'s' * (len(entries) != 1)} in {files} "
                   f"input{'s' * (files != 1)} recorded", err=True)
    if not gate:
        sys.exit(ExitCode.OK)


def _exit_code(results: list[FileResult], resolver: ConfigResolver, stdin_name: str, below_min_score: bool = False) -> ExitCode:
    """2 for any error, or for a missing engine a file's configuration requires; else 1 when
    a file has a finding at or above its own ``fail_on``, or a message scored below its
    ``min_score`` (``below_min_score``)."""
    if any(r.error for r in results) or not any(r.error is None for r in results):
        return ExitCode.USAGE
    code = ExitCode.OK
    for result in results:
        if result.findings or result.unavailable:
            config = resolver.resolve(None if result.path == stdin_name else result.path)
            if result.unavailable and config.require_grammar:
                return ExitCode.USAGE
            threshold = config.fail_threshold()
            if threshold is not None and any(f.severity >= threshold for f in result.findings):
                code = ExitCode.FINDINGS
    return ExitCode.FINDINGS if below_min_score else code


def _below_min_score(results: list[FileResult], resolver: ConfigResolver, stdin_name: str) -> list[str]:
    """One line for each message that scores below its configuration's ``min_score``."""
    out = []
    for result in results:
        if result.score is not None and result.score.score < 100:
            config = resolver.resolve(None if result.path == stdin_name else result.path)
            if config.min_score is not None and result.score.score < config.min_score:
                out.append(f"{result.label} scores {result.score.score}, below the minimum of {config.min_score} (min_score)")
    return out


@main.command("config")
@click.argument("path")
@_with_config_options
def show_config(path, config_path, no_config, select, ignore) -> None:
    """Print the configuration that applies to PATH ('-': standard input), and where each
    value comes from (default, a config file and its override, or the command line)."""
    from commlint.config.explain import explain_config

    try:
        click.echo(explain_config(
            None if path == "-" else Path(path), explicit=Path(config_path) if config_path else None,
            no_config=no_config, cli={"select": _split(select), "ignore": _split(ignore)},
        ))
    except CommlintError as exc:
        _fail(exc)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_with_config_options
def list_rules(fmt, config_path, no_config, select, ignore) -> None:
    """List every rule (rules that are off by default too): id, name, category, severity."""
    import json

    try:
        config = _config(config_path, no_config)
        everything = load_ruleset(*data_folders(config))
        shown = everything.select(_split(select), _split(ignore)) if select or ignore else everything
    except CommlintError as exc:
        _fail(exc)
    metas = [r.meta for r in shown.rules]
    if fmt == "json":
        click.echo(json.dumps([
            {"id": m.id, "name": m.name, "category": m.category, "severity": m.severity.label, "type": m.type,
             "enabled": m.enabled, "message": m.message}
            for m in metas
        ], indent=2, ensure_ascii=False))
        return
    for m in metas:
        state = "" if m.enabled else " (off by default)"
        click.echo(f"{m.id:<5} {m.name:<36} {m.category:<12} {m.severity.label:<8} {' '.join(m.rationale.split())[:60]}{state}")


@main.command()
@click.argument("rule")
@_with_config_options
def explain(rule, config_path, no_config, select, ignore) -> None:
    """Explain RULE (id, name or alias), enabled or not: what it reports, why, where, its
    fix, examples and how to select it; the same as its page in docs/rules/."""
    from commlint.packs.explain import configured_state, explain_rule, find_rule

    try:
        config = _config(config_path, no_config, select=_split(select), ignore=_split(ignore))
        packs, lexicons = data_folders(config)
        everything = load_ruleset(packs, lexicons, extra_terms=config.extra_terms)
        found = find_rule(everything, rule)
        active = build_ruleset(config).get(found.meta.id)
    except CommlintError as exc:
        _fail(exc)
    meta = found.meta if active is None else active.meta
    state = configured_state(found.meta, None if active is None else active.meta)
    click.echo(explain_rule(meta, configured=state))


@main.command("lsp")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the only transport; editors may pass it).")
def lsp(stdio) -> None:
    """Run the language server for editors, over standard input and output (docs/lsp.md)."""
    from commlint.lsp.server import serve

    serve()


@main.command("test-rules")
@click.argument("packs", nargs=-1, type=click.Path(exists=True))
@click.option("--model", help="Installed spaCy pipeline to use.")
def test_rules(packs, model) -> None:
    """Run the examples of the rules in PACKS (files or folders; default: the shipped packs)."""
    from commlint import data
    from commlint.packs.loader import load_ruleset
    from commlint.lint.harness import example_problems

    config = Config(model=model) if model else Config()
    try:
        ruleset = load_ruleset([Path(p) for p in packs] or [data.packs_dir()], [data.lexicons_dir()])
        linter = Linter(config, ruleset)
    except CommlintError as exc:
        _fail(exc)
    failed = total = 0
    for rule in ruleset.rules:
        for bad, examples in ((True, rule.meta.bad), (False, rule.meta.good)):
            for example in examples:
                total += 1
                for problem in example_problems(rule, example, bad, linter):
                    failed += 1
                    kind = "bad" if bad else "good"
                    click.echo(f"{rule.meta.source}: {rule.meta.id} {rule.meta.name}: {kind} example {example.text!r}: {problem}")
    click.echo(f"{total - failed} passed, {failed} failed")
    sys.exit(ExitCode.FINDINGS if failed else ExitCode.OK)


# -- the warm worker (docs/worker.md) ----------------------------------------------------

#: in the worker process only: a Linter per configuration and pack content, kept between
#: requests (building one costs about half a second, the model load seconds), and the
#: analysed segments kept between requests
_warm_pool: LinterPool | None = None
_warm_memory: MemoryStore | None = None
_warm_recent: RecentResults | None = None


def _warm_up() -> None:
    """In the worker, before the first request: load the model and build the default
    configuration's rules and matchers."""
    from commlint.grammar import choose
    from commlint.sources.plain import text_document

    global _warm_pool, _warm_memory, _warm_recent
    _warm_pool = LinterPool(segment_caches=True)
    _warm_memory = MemoryStore()
    _warm_recent = RecentResults()
    config = Config()
    packs, lexicons = data_folders(config)
    # a reply, so Harper's dictionary loads now; read as an article (which grammar skips by
    # default) when the engine is LanguageTool: its server starts when a run needs it, never
    # for a warm-up
    engine = choose(config.grammar, config.grammar_url)
    sample = text_document("Hi Sam,\n\nSorry about the latency. We guarantee a fix ASAP and will call you today.\n\nBest,\nAlex\n",
                           kind="article" if engine == "languagetool" else "reply")
    list(_warm_pool.get(config, fingerprint([*packs, *lexicons])).check_documents([sample]))


def _serve_check(argv: list[str], prog_name: str) -> int | None:
    """In the worker: run the check command line ``argv`` in the client's context; its exit
    code, or None for any other command (the client runs those itself)."""
    if argv and argv[0] in main.commands and argv[0] != "check":
        return None
    try:
        main.main(args=argv, prog_name=prog_name)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=sys.stderr)
        return 1
    return 0


@main.group("worker")
def worker() -> None:
    """The warm background worker that serves `commlint FILES...` (docs/worker.md)."""


_idle_option = click.option(
    "--idle", type=click.FloatRange(min=0, min_open=True),
    help="Seconds without a request before it stops [default: COMMLINT_WORKER_IDLE, else 900].",
)


@worker.command("start")
@_idle_option
def worker_start(idle) -> None:
    """Start the worker (replacing a stale one) and wait until it answers."""
    from commlint.worker import control

    try:
        click.echo(control.start(idle))
    except CommlintError as exc:
        _fail(exc)


@worker.command("stop")
def worker_stop() -> None:
    """Stop the worker (kill it if it does not answer)."""
    from commlint.worker import control

    try:
        click.echo(control.stop())
    except CommlintError as exc:
        _fail(exc)


@worker.command("status")
def worker_status() -> None:
    """Pid, socket, version, uptime, idle timeout and requests served (exit code 1: not running)."""
    from commlint.worker import control

    try:
        text, running = control.status()
    except CommlintError as exc:
        _fail(exc)
    click.echo(text)
    sys.exit(ExitCode.OK if running else ExitCode.FINDINGS)


@worker.command("run", hidden=True)
@_idle_option
def worker_run(idle) -> None:
    """Run the worker in this process (what `start` and the first check run start)."""
    from commlint.worker import settings
    from commlint.worker.identity import identity
    from commlint.worker.place import Unusable, locate
    from commlint.worker.server import Server

    try:
        idle = idle or settings.idle(os.environ)
        place = locate()
    except (Unusable, settings.SettingError) as exc:
        _fail(CommlintError("worker", str(exc)))
    code = Server(place, identity(), _serve_check, idle, warm=_warm_up).serve()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # a warm-up still loading in its thread must not hold the exit


@main.group("grammar")
def grammar() -> None:
    """The grammar engines: LanguageTool's install and its local server (docs/grammar.md)."""


@grammar.command("install")
@click.option("--version", "lt_version", default=None, help="LanguageTool version [default: the tested one].")
@click.option("--force", is_flag=True, help="Install again even when it is there.")
def grammar_install(lt_version, force) -> None:
    """Copy the LanguageTool server and its English rules into the cache with Maven."""
    from commlint.grammar import install

    try:
        click.echo(f"LanguageTool {lt_version or install.DEFAULT_VERSION}: {install.install(lt_version or install.DEFAULT_VERSION, force=force)}")
    except CommlintError as exc:
        _fail(exc)


@grammar.command("start")
@click.option("--idle", type=click.FloatRange(min=0, min_open=True), help="Seconds unused before it stops [default: COMMLINT_LT_IDLE, else 1800].")
def grammar_start(idle) -> None:
    """Start the local LanguageTool server (or reuse the running one) and wait until it answers."""
    from commlint.grammar import server

    try:
        state = server.ensure(idle=idle)
    except CommlintError as exc:
        _fail(exc)
    click.echo(f"LanguageTool server: running at {state.url} (pid {state.pid}, version {state.version})")


@grammar.command("stop")
def grammar_stop() -> None:
    """Stop the local LanguageTool server."""
    from commlint.grammar import server

    try:
        click.echo(server.stop())
    except CommlintError as exc:
        _fail(exc)


@grammar.command("status")
def grammar_status() -> None:
    """URL, pid, version, uptime and idle time of the local server (exit code 1: not running)."""
    from commlint.grammar import server

    try:
        text, running = server.status()
    except CommlintError as exc:
        _fail(exc)
    click.echo(text)
    sys.exit(ExitCode.OK if running else ExitCode.FINDINGS)


@main.command("report")
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="The HTML file to write.")
@click.option("--previous", type=click.Path(dir_okay=False), help="An earlier report (HTML) or `--format json` output: show the trend.")
@click.option("--title", default="commlint audit", show_default=True, help="The report's title.")
@click.option("--include", multiple=True, help="Glob of files to lint inside folders [default: every format commlint reads].")
@click.option("--exclude", multiple=True, help="Glob of files or folders to skip.")
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS), help="What the inputs are [default: from the reader or config].")
@click.option("--channel", type=click.Choice(CHANNELS), help="Where they are read [default: from the reader or config].")
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Processes for large runs.")
@_with_config_options
def report(paths, output, previous, title, include, exclude, kind, channel, no_cache, jobs, config_path, no_config, select,
           ignore) -> None:
    """Lint a KB or macro library and write one self-contained HTML audit report: scores,
    findings by category, worst files first, filters, and the trend since --previous."""
    import datetime

    from commlint.atomic import write_atomic
    from commlint.output.report import render_report, report_data
    from commlint.output.report.previous import load_previous

    try:
        resolver = _resolver(config_path, no_config, include=_split(include), exclude=_split(exclude), kind=kind,
                             channel=channel, select=_split(select), ignore=_split(ignore))
        config = resolver.resolve(None)
        cache = _result_cache(config, no_cache)
        earlier = load_previous(Path(previous)) if previous else None
    except CommlintError as exc:
        _fail(exc)
    inputs, problems = discover(paths, config.include, config.exclude, "<stdin>")
    try:
        linted = lint_inputs(config, [i for i in inputs if i.path is not None], cache=cache, jobs=jobs,
                             config_for=resolver.for_input, doc_cache=_doc_cache(no_cache))
    except CommlintError as exc:
        _fail(exc)
    results = [FileResult(p.where, error=p) for p in problems] + linted
    _echo_problems(results, notices=False)
    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    data = report_data(results, title=title, generated=generated, previous=earlier)
    try:
        write_atomic(Path(output), render_report(data).encode("utf-8"))
    except OSError as exc:
        _fail(CommlintError(output, f"cannot write the report: {exc.strerror or exc}"))
    s = data["summary"]
    click.echo(f"commlint: wrote {output}: {s['messages']} messages, {s['findings']} findings, mean score "
               f"{'–' if s['mean_score'] is None else s['mean_score']}", err=True)
    sys.exit(ExitCode.USAGE if any(r.error for r in results) else ExitCode.OK)


@main.command("mcp")
@click.option("--root", type=click.Path(exists=True, file_okay=False), default=None,
              help="The only folder lint_file may read, and where the configuration is found [default: the current folder].")
def mcp_server(root) -> None:
    """Run a Model Context Protocol server over stdio for AI assistants: tools lint_reply,
    lint_file, explain_rule and fix_text (docs/mcp.md)."""
    from commlint.mcp_server import serve

    try:
        serve(Path(root) if root else Path.cwd())
    except CommlintError as exc:
        _fail(exc)


# -- the batch audit of a ticket archive on Dask (docs/audit.md) --------------------------


@main.command("audit")
@click.argument("archive", type=click.Path(dir_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False),
              help="The folder to write: findings/ and messages/ (Parquet), summary.json, report.html.")
@click.option("--format", "archive_format", type=click.Choice(["csv", "jsonl", "parquet"]), help="The archive's format [default: by extension].")
@click.option("--id-column", help="The column of the message id [default: id].")
@click.option("--text-column", help="The column of the message text [default: text, else body].")
@click.option("--author-column", help="The column of the author [default: author, if there is one].")
@click.option("--channel-column", help="The column of the channel [default: channel, if there is one]; email, chat, ticket or kb also scope the rules.")
@click.option("--date-column", help="The column of the date [default: date, if there is one].")
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=None, help="Local worker processes [default: the usable cores].")
@click.option("--scheduler", metavar="ADDRESS", help="A running Dask scheduler (tcp://host:port) instead of a local cluster.")
@click.option("--connect-timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True, help="Seconds the scheduler has to answer.")
@click.option("--partition-size", type=click.IntRange(1, 1_000_000), default=1000, show_default=True, help="Messages per partition (the unit of work and of resuming).")
@click.option("--restart", is_flag=True, help="Discard an earlier audit in the output folder and start over.")
@click.option("--title", default="commlint audit", show_default=True, help="The report's title.")
@click.option("--report-messages", type=click.IntRange(0, 100_000), default=200, show_default=True, help="Messages shown in report.html, worst first (all are counted).")
@click.option("--kind", type=click.Choice(DOCUMENT_KINDS), help="What the messages are [default: reply].")
@click.option("--channel", type=click.Choice(CHANNELS), help="Where every message was read, over the archive's channel column.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no closing line (errors still).")
@_with_config_options
def audit(archive, output, archive_format, id_column, text_column, author_column, channel_column, date_column, workers,
          scheduler, connect_timeout, partition_size, restart, title, report_messages, kind, channel, quiet, config_path,
          no_config, select, ignore) -> None:
    """Lint every message of a ticket archive (CSV, JSONL or Parquet) on Dask and write
    findings and per-message scores as Parquet, a summary and an HTML report. Rerun the
    same command to resume an interrupted audit."""
    import datetime
    import signal

    from commlint.audit import missing

    absent = missing()
    if absent:
        _fail(CommlintError("", absent))
    from commlint.audit.run import AuditOptions, run_audit
    from commlint.lint.runner import usable_cores

    columns = {"id": id_column, "text": text_column, "author": author_column, "channel": channel_column, "date": date_column}
    options = AuditOptions(
        fmt=archive_format, columns=columns, partition_size=partition_size, workers=workers or usable_cores(),
        scheduler=scheduler, timeout=connect_timeout, restart=restart, title=title, shown=report_messages,
    )
    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    bar = progress.wanted(sys.stderr, os.environ, text_format=True, quiet=quiet)
    stopped = signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))  # close the cluster on the way out
    try:
        config = _resolver(config_path, no_config, kind=kind, channel=channel, select=_split(select),
                           ignore=_split(ignore)).resolve(Path(archive))
        with progress.progress_bar(sys.stderr, bar) as tick:
            done = run_audit(Path(archive), Path(output), config, options, generated=generated,
                             progress=None if tick is None else (lambda n, total: tick(n, total or n)))
    except CommlintError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(CommlintError(output, f"cannot write the audit: {exc.strerror or exc}"))
    except KeyboardInterrupt:
        click.echo(f"commlint: audit interrupted: the partitions written to {output} are kept; "
                   "run the same command again to resume", err=True)
        sys.exit(128 + signal.SIGINT)
    finally:
        signal.signal(signal.SIGTERM, stopped)
    if not quiet:
        s = done.summary
        rate = f", {done.linted / done.lint_seconds:,.0f} messages/s on {done.workers} workers" if done.linted and done.lint_seconds else ""
        again = f" ({done.resumed} partitions written before were kept)" if done.resumed else ""
        click.echo(f"commlint: audit: wrote {output}: {s['messages']:,} messages, {s['findings']:,} findings, mean score "
                   f"{'–' if s['mean_score'] is None else s['mean_score']}; linted {done.linted:,} now{rate}{again}", err=True)
    sys.exit(ExitCode.OK)
