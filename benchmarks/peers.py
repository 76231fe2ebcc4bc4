"""The five linters: how each is installed into the benchmark cache, run, and read.

Nothing here touches the project's dependencies. The peers live in the cache
(``benchmarks/.cache/`` by default, git-ignored) and come only from package registries:

* proselint: PyPI, into its own virtual environment ``<cache>/proselint-venv``;
* write-good and alex: the npm registry, ``npm install --prefix <cache>/npm``;
* Vale: the Go module proxy, ``GOBIN=<cache>/bin go install .../cmd/vale@<version>``.

commlint itself is the project's own installation (``commlint`` on ``PATH`` or the
repository's ``.venv``). Each tool is run in batch mode, the way a user would lint a folder
of files: one process, every file in it. What is installed is checked first (a stamp file,
or the npm package's own version), so a rerun skips it; change a pinned version and it is
installed again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from measure import Run, ToolError

PROSELINT_VERSION = "0.16.0"
WRITE_GOOD_VERSION = "1.0.8"
ALEX_VERSION = "11.0.1"
# The last v3 release published under this module path: from v3.20.0 on, go.mod declares
# github.com/vale-cli/vale/v3, so `go install` of this path refuses those versions.
VALE_MODULE = "github.com/errata-ai/vale/v3"
VALE_VERSION = "v3.19.0"

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Workspace:
    """Where a tool may put things: the cache, and a folder of generated configuration."""

    cache: Path

    @property
    def bin(self) -> Path:
        return self.cache / "bin"

    @property
    def config(self) -> Path:
        return self.cache / "config"


def _check_call(argv: Sequence[str], env: dict[str, str] | None = None) -> None:
    """Run an install step; on failure raise with the step's last lines of output."""
    done = subprocess.run(list(argv), env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        tail = "\n".join(done.stdout.strip().splitlines()[-15:])
        raise ToolError(f"install step failed ({done.returncode}): {' '.join(argv)}\n{tail}")


def _output(argv: Sequence[str]) -> str:
    """First line of a command's output (for versions); '' if it cannot run."""
    try:
        done = subprocess.run(list(argv), stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0].strip() if text else ""


class Tool(ABC):
    """One linter under test."""

    name: str = ""
    #: How the files are passed: a folder (the tool walks it) or every file path.
    takes_folder: bool = True

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # installing -----------------------------------------------------------------------
    @property
    def stamp(self) -> Path:
        return self.ws.cache / "stamps" / f"{self.name}.txt"

    @property
    def pinned(self) -> str:
        """What the installation must be (the stamp's content)."""
        return ""

    def installed(self) -> bool:
        """True when the pinned version is in the cache already."""
        return (self.stamp.is_file() and self.stamp.read_text() == self.pinned
                and self.executable().exists())

    def ensure(self) -> bool:
        """Install unless already installed; True if an install was done."""
        if self.installed():
            return False
        self.install()
        self.stamp.parent.mkdir(parents=True, exist_ok=True)
        self.stamp.write_text(self.pinned)
        return True

    @property
    def install_group(self) -> str:
        """Tools of one group are installed by one step, so never concurrently."""
        return self.name

    def install(self) -> None:
        """Install into the cache (nothing to do for tools installed elsewhere)."""

    def prepare(self) -> None:
        """Write any configuration the tool needs for this run (after installing)."""

    # running ------------------------------------------------------------------------------
    @abstractmethod
    def executable(self) -> Path:
        """The program to run."""

    @abstractmethod
    def argv(self, inputs: Sequence[Path]) -> list[str]:
        """The command line that lints ``inputs`` (a folder, or file paths)."""

    @abstractmethod
    def count_findings(self, run: Run) -> int:
        """How many findings ``run`` reported (raises ToolError if it did not really run)."""

    def ok_codes(self) -> tuple[int, ...]:
        """Exit codes that mean 'ran' (findings or not)."""
        return (0, 1)

    def check(self, run: Run) -> None:
        """Raise ToolError if ``run`` failed rather than reported findings."""
        if run.returncode not in self.ok_codes():
            raise ToolError(f"{self.name} exited with {run.returncode}: {_tail(run)}")

    def version(self) -> str:
        """The version actually installed, as the tool or its package reports it."""
        return self.pinned

    def command_for(self, folder: Path, files: Sequence[Path], markdown: bool = False) -> list[str]:
        """Batch command for a file set: the folder if the tool walks folders, else paths.

        ``markdown``: the files are Markdown (``.md``), for a tool that must be told."""
        return self.argv([folder] if self.takes_folder else list(files))


def _tail(run: Run, lines: int = 8) -> str:
    text = (run.stderr.strip() or run.stdout.strip()).splitlines()
    return " | ".join(text[-lines:]) or "(no output)"


class Commlint(Tool):
    """The project's linter with its default packs, ``--format json``, no config file.

    Every commlint process of the benchmark gets a private runtime folder (where a worker's
    socket goes) and a private cache folder (generated data, the result cache), so it never
    talks to the user's own worker nor reads their cache: see :meth:`env`.
    """

    name = "commlint"

    def __init__(self, ws: Workspace, executable: Path | None = None,
                 no_cache: bool = True) -> None:
        super().__init__(ws)
        self._exe = executable or find_commlint()
        self.use_no_cache = no_cache

    @property
    def runtime_dir(self) -> Path:
        """The benchmark's own runtime folder (mode 0700) for worker sockets."""
        return self.ws.cache / "commlint-runtime"

    @property
    def cache_dir(self) -> Path:
        """The benchmark's own commlint cache (generated data persists between runs)."""
        return self.ws.cache / "commlint-cache"

    def env(self, worker: bool, cache_dir: Path | None = None) -> dict[str, str]:
        """The environment of a commlint process: private runtime and cache folders, and the
        worker off (``COMMLINT_NO_WORKER=1``, as in CI) or on (``COMMLINT_WORKER=1``, which
        wins over ``CI``)."""
        for folder in (self.runtime_dir, cache_dir or self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(0o700)
        env = {k: v for k, v in os.environ.items()
               if k not in ("COMMLINT_NO_WORKER", "COMMLINT_WORKER", "COMMLINT_RUNTIME_DIR",
                            "COMMLINT_CACHE_DIR", "XDG_RUNTIME_DIR")}
        env["COMMLINT_RUNTIME_DIR"] = str(self.runtime_dir)
        env["COMMLINT_CACHE_DIR"] = str(cache_dir or self.cache_dir)
        env["COMMLINT_WORKER" if worker else "COMMLINT_NO_WORKER"] = "1"
        if worker:
            # A worker left behind by an interrupted benchmark goes away soon.
            env.setdefault("COMMLINT_WORKER_IDLE", "300")
        return env

    def subcommands(self) -> set[str]:
        """The subcommands ``commlint --help`` lists (``check``, ``worker``, ``lsp``...)."""
        return subcommands_in(_help(self._exe, ["--help"]))

    def unavailable(self, command: str) -> str | None:
        """Why ``commlint <command>`` cannot be measured, or None when it exists."""
        if not self.installed():
            return f"commlint not found at {self._exe}"
        if command not in self.subcommands():
            return f"`commlint --help` lists no `{command}` command in this checkout"
        return None

    def jobs_default(self) -> str:
        """The ``--jobs`` default as ``commlint check --help`` states it ('?' if it does not)."""
        return jobs_default_in(_help(self._exe, ["check", "--help"]))

    @property
    def pinned(self) -> str:
        return "project"

    def installed(self) -> bool:
        return self.executable().exists()

    def ensure(self) -> bool:
        if not self.installed():
            raise ToolError(f"commlint not found at {self._exe}: set up the project first "
                            "(see README.md) or pass --commlint PATH")
        return False

    def executable(self) -> Path:
        return self._exe

    def prepare(self) -> None:
        """Compile commlint's bytecode, as ``pip install`` does for every peer's wheel.

        The project is installed editable, and this machine sets
        ``PYTHONDONTWRITEBYTECODE=1``: without this step every commlint process would compile
        its own modules from source (about 0.1 s of each cold start) while proselint's,
        like spaCy's in the floor, come compiled."""
        _check_call([str(_interpreter_of(self._exe)), "-c",
                     "import commlint, compileall, os, sys; "
                     "sys.exit(not compileall.compile_dir(os.path.dirname(commlint.__file__), quiet=1))"])

    def has_no_cache_flag(self) -> bool:
        """Whether this commlint has a result cache that ``--no-cache`` turns off."""
        return "--no-cache" in _help(self._exe, ["check", "--help"])

    def argv(self, inputs: Sequence[Path], cache: bool = False) -> list[str]:
        argv = [str(self._exe), "--format", "json", "--fail-on", "never", "--no-config"]
        if not cache and self.use_no_cache and self.has_no_cache_flag():
            argv.append("--no-cache")
        return argv + [str(p) for p in inputs]

    def plain_argv(self, draft: Path) -> list[str]:
        """What a writer types: ``commlint draft.txt`` (text output, default options).

        With ``--no-cache`` once commlint has a result cache: a writer's draft is new text
        each time, so the timed runs must not be cache hits of the discarded first run.
        """
        extra = ["--no-cache"] if self.use_no_cache and self.has_no_cache_flag() else []
        return [str(self._exe), *extra, str(draft)]

    def typed_argv(self, draft: Path) -> list[str]:
        """Exactly ``commlint draft.txt``: no option at all (the warm-worker case)."""
        return [str(self._exe), str(draft)]

    def worker(self, env: dict[str, str], timeout: float = 120) -> "WorkerSession":
        """A worker session of this commlint in ``env`` (see :meth:`env`)."""
        return WorkerSession(self._exe, env, timeout)

    def check(self, run: Run) -> None:
        # 0: nothing at --fail-on; 1: findings; 2: usage, configuration, pack or input error.
        if run.returncode == 2:
            raise ToolError(f"commlint reported an error (exit 2): {_tail(run)}")
        super().check(run)

    def count_findings(self, run: Run) -> int:
        self.check(run)
        try:
            report = json.loads(run.stdout)
        except json.JSONDecodeError as exc:
            raise ToolError(f"commlint exited with {run.returncode} but printed no JSON report "
                            f"({exc}): {_tail(run)}") from exc
        failed = [f for f in report.get("files", []) if f.get("status") == "error"]
        if failed:
            raise ToolError(f"commlint could not lint {len(failed)} file(s): "
                            f"{failed[0].get('path')}: {failed[0].get('message')}")
        return len(report.get("findings", []))

    def version(self) -> str:
        return _output([str(self._exe), "--version"]).replace("commlint, version ", "")


_HELP_CACHE: dict[tuple[str, ...], str] = {}


def _help(exe: Path, args: list[str]) -> str:
    key = (str(exe), *args)
    if key not in _HELP_CACHE:
        done = subprocess.run([str(exe), *args], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        _HELP_CACHE[key] = done.stdout + done.stderr
    return _HELP_CACHE[key]


_SUBCOMMAND = re.compile(r"^  ([a-z][a-z0-9-]*)(?:\s|$)", re.M)


def subcommands_in(help_text: str) -> set[str]:
    """The command names of a click ``--help`` page's "Commands:" section."""
    _, found, rest = help_text.partition("Commands:")
    return set(_SUBCOMMAND.findall(rest)) if found else set()


def jobs_default_in(help_text: str) -> str:
    """The ``[default: ...]`` of ``--jobs`` on a click help page ('?' when absent)."""
    flat = " ".join(help_text.split())
    match = re.search(r"--jobs\b.*?\[default:\s*([^;\]]+)", flat)
    return match.group(1).strip() if match else "?"


# What `commlint worker status` says: "state: ready" (or "warming up") when one runs,
# "not running" (exit code 1) when none does, "identity: stale ..." for an outdated one.
_READY = re.compile(r"^\s*state:\s*ready\b|\brunning\b", re.I | re.M)
_NOT_READY = re.compile(r"\b(not running|no worker|stopped|not started|warming up)\b", re.I)
_STALE = re.compile(r"^\s*identity:\s*stale\b", re.I | re.M)
# The one line a client prints when it falls back to linting in-process.
FALLBACK_NOTICE = re.compile(r"notice: worker[^\n]*", re.I)


def worker_running(status: Run) -> bool:
    """Does ``commlint worker status`` say a worker runs and is ready (warmed up)?"""
    text = status.stdout + "\n" + status.stderr
    return status.returncode == 0 and bool(_READY.search(text)) and not _NOT_READY.search(text)


def worker_stale(status: Run) -> bool:
    """Does ``commlint worker status`` say the worker's identity is stale?"""
    return bool(_STALE.search(status.stdout + "\n" + status.stderr))


def worker_served(status: Run) -> int | None:
    """The "requests served" count in ``commlint worker status`` output, if it gives one."""
    match = re.search(r"requests served\W{0,3}(\d+)", status.stdout + status.stderr, re.I)
    return int(match.group(1)) if match else None


def worker_pid(status: Run) -> int | None:
    """The worker's process id in ``commlint worker status`` output, if it gives one."""
    match = re.search(r"\bpid\b\W{0,3}(\d+)", status.stdout + status.stderr, re.I)
    return int(match.group(1)) if match else None


class WorkerSession:
    """A commlint worker started for the benchmark, in its private folders.

    ``with commlint.worker(env) as w:`` starts it (``commlint worker start``), waits until
    ``commlint worker status`` says it runs, and stops it (``commlint worker stop``) on
    leaving; :meth:`peak_rss_kib` reads the worker process's own peak resident set.
    """

    def __init__(self, exe: Path, env: dict[str, str], timeout: float = 120) -> None:
        self.exe, self.env, self.timeout = exe, env, timeout
        self.pid: int | None = None
        self.status_text = ""
        self.served: int | None = None

    def _run(self, *args: str) -> Run:
        from measure import run as run_process

        return run_process([str(self.exe), "worker", *args], env=self.env, timeout=self.timeout)

    def status(self) -> Run:
        """``commlint worker status``, remembering what it said and the worker's pid."""
        done = self._run("status")
        self.status_text = (done.stdout + done.stderr).strip()
        self.pid = worker_pid(done) or self.pid
        self.served = worker_served(done)
        return done

    def expect_served(self, runs: int, what: str, pid: int | None, before: int | None) -> None:
        """Raise ToolError unless the same worker (``pid``) served ``runs`` more requests
        than ``before``: a client that finds no worker, or a stale one, lints in-process
        without a word, so only the worker's own count tells."""
        self.status()
        if before is None or self.served is None:
            return  # this worker's status gives no count: nothing to check against
        if self.pid != pid or self.served - before < runs:
            raise ToolError(f"{what}: the worker served {max(self.served - before, 0)} of "
                            f"{runs} runs (pid {pid} -> {self.pid}); the others were linted "
                            f"in-process. Status: {' / '.join(self.status_text.splitlines())}")

    def start(self) -> None:
        """Start the worker and wait until its status says it is running."""
        import time

        started = self._run("start")
        if started.returncode != 0:
            raise ToolError(f"`commlint worker start` exited with {started.returncode}: "
                            f"{_tail(started)}")
        deadline = time.perf_counter() + self.timeout
        while not worker_running(status := self.status()):
            if worker_stale(status):
                raise ToolError("`commlint worker status` says the worker is stale: commlint's "
                                "source changed since it started (rerun on a quiet tree)")
            if time.perf_counter() > deadline:
                raise ToolError(f"`commlint worker status` does not say running after "
                                f"{self.timeout:.0f} s: {self.status_text or '(no output)'}")
            time.sleep(0.2)

    def stop(self) -> None:
        """``commlint worker stop`` (errors ignored: it may be gone already)."""
        try:
            self._run("stop")
        except (ToolError, OSError):
            pass

    def peak_rss_kib(self) -> int:
        """The worker process's peak resident set (``VmHWM``), 0 if unknown."""
        from measure import peak_rss_kib_of

        return peak_rss_kib_of(self.pid) if self.pid else 0

    def __enter__(self) -> "WorkerSession":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def served_by_worker(run: Run) -> None:
    """Raise ToolError when a client run fell back to linting in-process."""
    notice = FALLBACK_NOTICE.search(run.stderr)
    if notice:
        raise ToolError(f"the worker did not serve the run: {notice.group(0).strip()}")


def _interpreter_of(script: Path) -> Path:
    """The Python a console script runs under (its ``#!`` line), else this one."""
    try:
        first = script.read_bytes()[:512].split(b"\n", 1)[0].decode()
    except (OSError, UnicodeDecodeError):
        return Path(sys.executable)
    return Path(first[2:].strip().split()[0]) if first.startswith("#!") and first[2:].strip() else Path(sys.executable)


def find_commlint() -> Path:
    """``commlint`` on PATH, else the repository's ``.venv/bin/commlint``."""
    found = shutil.which("commlint")
    return Path(found) if found else REPO / ".venv" / "bin" / "commlint"


class Proselint(Tool):
    """proselint from PyPI in its own venv; ``proselint check -o json <folder>``."""

    name = "proselint"

    @property
    def venv(self) -> Path:
        return self.ws.cache / "proselint-venv"

    @property
    def pinned(self) -> str:
        return f"proselint=={PROSELINT_VERSION}"

    def install(self) -> None:
        if self.venv.exists():
            shutil.rmtree(self.venv)
        _check_call([sys.executable, "-m", "venv", str(self.venv)])
        _check_call([str(self.venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                     "--disable-pip-version-check", self.pinned])

    def executable(self) -> Path:
        return self.venv / "bin" / "proselint"

    def argv(self, inputs: Sequence[Path]) -> list[str]:
        # 0.16 moved to subcommands: `proselint check`, output format chosen by -o.
        return [str(self.executable()), "check", "--output-format", "json",
                *[str(p) for p in inputs]]

    def count_findings(self, run: Run) -> int:
        self.check(run)
        try:
            report = json.loads(run.stdout)
        except json.JSONDecodeError as exc:
            raise ToolError(f"proselint printed no JSON: {_tail(run)}") from exc
        total = 0
        for path, entry in report.get("result", {}).items():
            if "error" in entry:
                raise ToolError(f"proselint failed on {path}: {entry['error']}")
            total += len(entry.get("diagnostics", []))
        return total

    def version(self) -> str:
        return _output([str(self.executable()), "version"]).replace("Proselint ", "")


class NpmTool(Tool):
    """A linter from the npm registry, installed with ``npm install --prefix <cache>/npm``."""

    package = ""

    @property
    def prefix(self) -> Path:
        return self.ws.cache / "npm"

    @property
    def pinned(self) -> str:
        return f"{self.package}@{NPM_VERSIONS[self.package]}"

    def install(self) -> None:
        install_npm_tools(self.prefix)

    def executable(self) -> Path:
        return self.prefix / "node_modules" / ".bin" / self.package

    @property
    def install_group(self) -> str:
        return "npm"

    def installed(self) -> bool:
        # No stamp: the package's own package.json says what is there (one `npm install`
        # brings both npm peers, so the second finds itself installed).
        return self.executable().exists() and self.version() == NPM_VERSIONS[self.package]

    def version(self) -> str:
        package_json = self.prefix / "node_modules" / self.package / "package.json"
        try:
            return str(json.loads(package_json.read_text())["version"])
        except (OSError, ValueError, KeyError):
            return "?"


NPM_VERSIONS = {"write-good": WRITE_GOOD_VERSION, "alex": ALEX_VERSION}


def install_npm_tools(prefix: Path) -> None:
    """Both npm peers in one ``npm install`` (one dependency resolution, one download)."""
    prefix.mkdir(parents=True, exist_ok=True)
    _check_call(["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                 "--loglevel=error", *[f"{p}@{v}" for p, v in NPM_VERSIONS.items()]])


# write-good --parse: "path:line:column:message"
_WRITE_GOOD_LINE = re.compile(r"^.+:\d+:\d+:.")
# alex (vfile-reporter): "  12:5-12:9  warning  `him` may be insensitive ...  her-him  retext-equality"
_ALEX_LINE = re.compile(r"^\s*\d+:\d+(?:-\d+:\d+)?\s+(warning|error)\s")


class WriteGood(NpmTool):
    """write-good with ``--parse`` (one line per finding); takes file paths, not folders."""

    name = "write-good"
    package = "write-good"
    takes_folder = False

    def argv(self, inputs: Sequence[Path]) -> list[str]:
        return [str(self.executable()), "--parse", *[str(p) for p in inputs]]

    def ok_codes(self) -> tuple[int, ...]:
        # --parse exits 0 when clean and -1 (255) when it has suggestions; 1 is an error.
        return (0, 255)

    def count_findings(self, run: Run) -> int:
        self.check(run)
        return sum(1 for line in run.stdout.splitlines() if _WRITE_GOOD_LINE.match(line))


class Alex(NpmTool):
    """alex over a folder: Markdown as Markdown, plain-text files with ``--text``."""

    name = "alex"
    package = "alex"

    def argv(self, inputs: Sequence[Path], markdown: bool = False) -> list[str]:
        # alex reads Markdown by default; --text makes it read plain-text files.
        return [str(self.executable()), *([] if markdown else ["--text"]),
                *[str(p) for p in inputs]]

    def command_for(self, folder: Path, files: Sequence[Path], markdown: bool = False) -> list[str]:
        return self.argv([folder], markdown)

    def count_findings(self, run: Run) -> int:
        self.check(run)
        return sum(alex_counts(run).values())


def alex_counts(run: Run) -> dict[str, int]:
    """Warnings per file from alex's report (vfile-reporter): a path line, then its warnings.

    Raises ToolError when alex reports an error (a file it could not process).
    """
    counts: dict[str, int] = {}
    current = ""
    for line in (run.stderr + "\n" + run.stdout).splitlines():
        match = _ALEX_LINE.match(line)
        if match:
            if match.group(1) == "error":
                raise ToolError(f"alex failed on {current or 'some input'}: {line.strip()}")
            counts[current] = counts.get(current, 0) + 1
        elif line.strip() and not line.startswith((" ", "\t")) and not line.startswith(("⚠", "✖")):
            current = line.strip().removesuffix(": no issues found")
            counts.setdefault(current, 0)
    return counts


def alex_flags(texts: Sequence[str], cache: Path | None = None) -> list[int] | None:
    """alex's warning count for each text, or None when alex is not in the benchmark cache.

    For evaluations (``benchmarks/eval.py``): the texts are written one per file into a
    temporary folder and linted in one ``alex --text`` run.
    """
    import tempfile

    from measure import run as run_process

    alex = Alex(Workspace(cache or REPO / "benchmarks" / ".cache"))
    if not alex.installed():
        return None
    with tempfile.TemporaryDirectory(prefix="alex-") as tmp:
        folder = Path(tmp)
        names = [f"t{index:06d}.txt" for index in range(len(texts))]
        for name, text in zip(names, texts):
            (folder / name).write_text(text + "\n", encoding="utf-8")
        result = run_process(alex.argv([folder]), cwd=folder)
        alex.check(result)
        counts = {Path(path).name: n for path, n in alex_counts(result).items()}
    return [counts.get(name, 0) for name in names]


class Vale(Tool):
    """Vale built from the Go module proxy, with a style generated from commlint's lists."""

    name = "vale"

    def __init__(self, ws: Workspace, rules_dir: Path = REPO / "rules",
                 lexicon_dir: Path = REPO / "jargon_lexicon") -> None:
        super().__init__(ws)
        self.rules_dir = rules_dir
        self.lexicon_dir = lexicon_dir
        self.style_rules = 0
        self.style_terms = 0

    @property
    def pinned(self) -> str:
        return f"{VALE_MODULE}/cmd/vale@{VALE_VERSION}"

    def install(self) -> None:
        env = dict(os.environ, GOBIN=str(self.ws.bin))
        # The proxy only: this environment reaches package registries and nothing else.
        env.setdefault("GOPROXY", "https://proxy.golang.org")
        _check_call(["go", "install", self.pinned], env=env)

    def executable(self) -> Path:
        return self.ws.bin / "vale"

    @property
    def config_file(self) -> Path:
        return self.ws.config / "vale" / ".vale.ini"

    def prepare(self) -> None:
        from valestyle import write_style

        setup = write_style(self.config_file.parent, self.rules_dir, self.lexicon_dir)
        self.style_rules, self.style_terms = setup.rules, setup.terms

    def argv(self, inputs: Sequence[Path]) -> list[str]:
        return [str(self.executable()), f"--config={self.config_file}", "--no-global",
                "--output=JSON", *[str(p) for p in inputs]]

    def count_findings(self, run: Run) -> int:
        self.check(run)
        try:
            report = json.loads(run.stdout or "{}")
        except json.JSONDecodeError as exc:
            raise ToolError(f"vale printed no JSON: {_tail(run)}") from exc
        if isinstance(report, dict) and "Code" in report and "Text" in report:
            raise ToolError(f"vale: {report['Text']}")
        return sum(len(alerts) for alerts in report.values())

    def version(self) -> str:
        # Built with `go install`, the binary says "master"; its build info has the module.
        try:
            info = subprocess.run(["go", "version", "-m", str(self.executable())],
                                  capture_output=True, text=True, timeout=60).stdout
        except (OSError, subprocess.TimeoutExpired):
            info = ""
        match = re.search(rf"mod\s+{re.escape(VALE_MODULE)}\s+(\S+)", info)
        return match.group(1) if match else VALE_VERSION


ALL_TOOLS: tuple[str, ...] = ("commlint", "proselint", "write-good", "alex", "vale")


def make_tools(names: Sequence[str], ws: Workspace, commlint: Path | None = None) -> list[Tool]:
    """Tool objects for ``names`` (a subset of :data:`ALL_TOOLS`), in that order."""
    factories: dict[str, Callable[[], Tool]] = {
        "commlint": lambda: Commlint(ws, commlint),
        "proselint": lambda: Proselint(ws),
        "write-good": lambda: WriteGood(ws),
        "alex": lambda: Alex(ws),
        "vale": lambda: Vale(ws),
    }
    unknown = [n for n in names if n not in factories]
    if unknown:
        raise ValueError(f"unknown tool(s): {', '.join(unknown)}; choose from {', '.join(ALL_TOOLS)}")
    return [factories[n]() for n in names]
