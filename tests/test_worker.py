"""The warm worker, end to end: real ``commlint`` processes, a real worker process, real
Unix sockets and the real spaCy model. Every test uses a private runtime folder
(COMMLINT_RUNTIME_DIR), never the user's worker."""
from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from commlint.worker import lock, protocol
from commlint.worker.identity import identity
from commlint.worker.place import locate
from helpers import EXAMPLES, REPO

REPLY = """Hi Jordan,

Sorry for the hassle! Obviously the latency issue is on your side, but we guarantee it will
never happen again. Our devs will push a hotfix ASAP, probably sometime soon.

Your card 4111 1111 1111 1111 is on file.

Cheers,
Sam
"""

ARTICLE = """# Resetting the sync cache

If the app stops syncing, clear its cache. This is a simple fix that utilizes the
built-in tooling, and in order to leverage it you must first log out.

1. Open **Settings**.
2. Select **Clear Sync Cache**.

```sh
acme sync --reset
```

See [the troubleshooting guide](https://example.com/help) for more.
"""

QUIET = "Hi Alex,\n\nThanks for your note. I have refunded the order; you will see it within five business days.\n\nBest,\nSam\n"


@pytest.fixture(scope="module")
def runtimes():
    """Makes short private runtime folders (socket paths stay under 108 bytes) and kills
    any worker left in them at the end."""
    made: list[Path] = []

    def make(create: bool = True) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="cw", dir="/tmp"))
        if not create:
            folder.rmdir()
        made.append(folder)
        return folder

    yield make
    for folder in made:
        for lock_file in folder.glob("*.lock") if folder.exists() else ():
            pid = lock.holder(lock_file)
            if pid:
                _kill(pid, signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def shared(runtimes) -> Path:
    """The runtime folder of the worker most tests share."""
    return runtimes()


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("samples")
    (folder / "reply.txt").write_text(REPLY)
    (folder / "article.md").write_text(ARTICLE)
    (folder / "quiet.txt").write_text(QUIET)
    return folder


def _env(runtime: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COMMLINT_NO_WORKER", "COMMLINT_WORKER", "CI", "COMMLINT_WORKER_SALT")}
    env.update(COMMLINT_RUNTIME_DIR=str(runtime), COMMLINT_WORKER_TIMEOUT="60", PYTHONPATH=str(REPO))
    env.update(extra)
    return env


#: the time a run took, in its summary line: the one part of the output that differs between runs
_TOOK = re.compile(rb" in (?:\d+\.\d+ s|\d+ min \d+ s)(?=(?:, mean score \d+)?\.\r?$)", re.M)
#: a machine format's summary line on stderr (tests/test_run_summary.py checks it)
_MACHINE_SUMMARY = re.compile(rb"^commlint: (?:\d+ findings?|No findings) .* in (?:\d+\.\d+ s|\d+ min \d+ s)\b.*\n", re.M)


def _timeless(output: bytes) -> bytes:
    return _TOOK.sub(b" in T", output)


def _run(args: list[str], env: dict[str, str], cwd: Path = REPO, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """``commlint args`` with the run's time taken out of its summary, and a machine
    format's summary line taken off stderr, so that two runs can be compared."""
    result = subprocess.run([sys.executable, "-m", "commlint", *args], cwd=cwd, env=env, input=stdin,
                            capture_output=True, timeout=180, check=False)
    result.stdout, result.stderr = _timeless(result.stdout), _MACHINE_SUMMARY.sub(b"", result.stderr)
    return result


def _status(env: dict[str, str]) -> dict[str, str] | None:
    result = _run(["worker", "status"], env)
    if result.returncode == 1:
        assert b"not running" in result.stdout
        return None
    assert result.returncode == 0, result.stderr
    return dict(line.split(": ", 1) for line in result.stdout.decode().splitlines())


def _ready(env: dict[str, str], timeout: float = 120) -> dict[str, str]:
    """Start the worker unless it runs, and wait until it has warmed up."""
    deadline = time.monotonic() + timeout
    info = _status(env)
    if info is None:
        started = _run(["worker", "start"], env)
        assert started.returncode == 0, started.stderr
    while time.monotonic() < deadline:
        info = _status(env)
        if info is not None and info["state"].startswith("ready"):
            return info
        time.sleep(0.2)
    raise AssertionError(f"worker not ready: {info}")


def _served(env: dict[str, str]) -> int:
    info = _status(env)
    return -1 if info is None else int(info["requests served"])


def _kill(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _inputs(samples: Path) -> list[str]:
    return [str(EXAMPLES), str(samples / "reply.txt"), str(samples / "article.md"), str(samples / "quiet.txt")]


# -- identical results ----------------------------------------------------------------------


def test_worker_first_run_starts_it_and_later_runs_are_identical(runtimes, samples) -> None:
    env = _env(runtimes(create=False))
    args = ["--no-cache", "--format", "json", *_inputs(samples)]
    cold = _run(args, env)  # no worker yet: lints in-process and starts one for next time
    assert cold.returncode == 1 and cold.stderr == b"", cold.stderr
    folder = Path(env["COMMLINT_RUNTIME_DIR"])
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    info = _ready(env)
    warm = _run(args, env)
    assert _served(env) == int(info["requests served"]) + 1
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    report = json.loads(warm.stdout)
    assert {"jargon", "tone", "overpromise", "privacy"} <= {f["category"] for f in report["findings"]}
    assert any(f["path"].endswith("article.md") for f in report["findings"])


def test_worker_text_output_errors_and_exit_code_match_no_worker(shared, samples) -> None:
    env = _env(shared)
    before = int(_ready(env)["requests served"])
    args = ["--no-cache", "--show-skipped", *_inputs(samples), str(samples / "missing.txt")]
    warm = _run(args, env)
    alone = _run(["--no-worker", *args], env)
    assert _served(env) == before + 1
    assert warm.returncode == alone.returncode == 2
    assert b"missing.txt" in warm.stderr and b"J1" in warm.stdout
    assert (warm.stdout, warm.stderr) == (alone.stdout, alone.stderr)


def _on_terminal(args: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    """Run with stdout on a pseudo-terminal: the exit code and what the terminal got."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "commlint", *args], cwd=REPO, env=env, stdout=follower,
                               stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        try:
            data = os.read(leader, 65536) if ready else b""
        except OSError:  # EIO: the terminal closed
            data = b""
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return process.wait(timeout=60), _timeless(b"".join(chunks))


def test_worker_colours_on_a_terminal_like_in_process(shared, samples) -> None:
    env = _env(shared)
    before = int(_ready(env)["requests served"])
    args = ["--no-cache", str(samples / "reply.txt")]
    warm = _on_terminal(args, env)
    alone = _on_terminal(["--no-worker", *args], env)
    assert _served(env) == before + 1
    assert b"\x1b[" in warm[1]  # colour, since stdout is a terminal
    assert warm == alone
    plain = _run(args, {**env, "NO_COLOR": "1"})
    assert plain.returncode == 1 and b"\x1b[" not in plain.stdout


def test_worker_reads_stdin_only_when_asked(shared, samples) -> None:
    env = _env(shared)
    before = int(_ready(env)["requests served"])
    from_file = _run(["--no-cache", "article.md"], env, cwd=samples)
    from_stdin = _run(["--no-cache", "--stdin-filename", "article.md", "-"], env, cwd=samples, stdin=ARTICLE.encode())
    assert b"article.md:" in from_file.stdout and from_file.stderr == b""
    assert (from_stdin.returncode, from_stdin.stdout, from_stdin.stderr) == (from_file.returncode, from_file.stdout, from_file.stderr)
    no_paths = _run(["--no-cache", "--format", "json"], env, cwd=samples, stdin=REPLY.encode())  # no paths: stdin
    assert {f["path"] for f in json.loads(no_paths.stdout)["findings"]} == {"<stdin>"}
    assert _served(env) == before + 3


def test_worker_lints_a_large_run_in_forked_processes_like_in_process(shared, samples, tmp_path) -> None:
    """With --jobs 2 and more files than one chunk, the worker forks processes from its kept
    Linter: the same report as in-process, served by the worker."""
    env = _env(shared)
    before = int(_ready(env)["requests served"])
    for n in range(40):
        (tmp_path / f"reply-{n:02d}.txt").write_text(REPLY.replace("Sam", f"Sam {n}"))
    args = ["--no-cache", "--format", "json", "--jobs", "2", str(tmp_path)]
    warm = _run(args, env)
    alone = _run(["--no-worker", *args], env)
    assert _served(env) == before + 1
    assert warm.returncode == alone.returncode == 1, warm.stderr
    assert len(json.loads(warm.stdout)["files"]) == 40
    assert (warm.stdout, warm.stderr) == (alone.stdout, alone.stderr)


def test_worker_picks_up_a_changed_config_without_restart(shared, tmp_path) -> None:
    env = _env(shared)
    info = _ready(env)
    (tmp_path / "d.txt").write_text("I guarantee the latency is fixed, obviously.\n")
    (tmp_path / ".commlint.yaml").write_text("select: [jargon]\n")
    first = _run(["--no-cache", "--format", "json", "d.txt"], env, cwd=tmp_path)
    assert {f["category"] for f in json.loads(first.stdout)["findings"]} == {"jargon"}
    (tmp_path / ".commlint.yaml").write_text("select: [overpromise]\n")
    second = _run(["--no-cache", "--format", "json", "d.txt"], env, cwd=tmp_path)
    assert {f["category"] for f in json.loads(second.stdout)["findings"]} == {"overpromise"}
    (tmp_path / ".commlint.yaml").write_text("selekt: [jargon]\n")
    bad = _run(["d.txt"], env, cwd=tmp_path)
    assert bad.returncode == 2 and b"selekt: unknown key" in bad.stderr
    after = _status(env)
    assert after["pid"] == info["pid"] and int(after["requests served"]) == int(info["requests served"]) + 3


def test_worker_usage_errors_match_and_other_commands_stay_in_process(shared) -> None:
    env = _env(shared)
    before = int(_ready(env)["requests served"])
    warm = _run(["--bogus-option", "x.txt"], env)
    alone = _run(["--no-worker", "--bogus-option", "x.txt"], env)
    assert warm.returncode == alone.returncode == 2 and b"No such option" in warm.stderr
    assert (warm.stdout, warm.stderr) == (alone.stdout, alone.stderr)
    assert _served(env) == before + 1
    listed = _run(["rules", "--format", "json"], env)
    assert listed.returncode == 0 and json.loads(listed.stdout)
    assert _run(["--help"], env).returncode == 0
    assert _served(env) == before + 1
    # the worker itself declines any command line that is not a check
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(30)
        sock.connect(str(locate(env).socket))
        protocol.send(sock, {"op": "run", "identity": identity(env), "argv": ["rules"], "cwd": str(REPO), "env": env})
        replies = [protocol.receive(sock)]
        while replies[-1]["op"] == "beat":
            replies.append(protocol.receive(sock))
    assert replies[-1] == {"op": "decline"}


def test_worker_client_imports_neither_click_nor_the_engine(shared) -> None:
    env = _env(shared)
    before = int(_ready(env)["requests served"])
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "commlint", str(EXAMPLES / "good-reply.txt")],
                            cwd=REPO, env=env, capture_output=True, timeout=60, check=False)
    assert result.returncode == 0 and re.fullmatch(rb"No findings in 1 file in T(, mean score \d+)?\.", _timeless(result.stdout.strip()))
    assert _served(env) == before + 1
    imported = {line.split("|")[-1].strip() for line in result.stderr.decode().splitlines() if line.startswith("import time:")}
    assert "commlint.worker.client" in imported
    assert not {"click", "spacy", "commlint.cli", "commlint.lint", "commlint.config", "subprocess"} & imported


def test_worker_serves_concurrent_clients_each_in_its_own_folder(shared, tmp_path) -> None:
    env = _env(shared)
    before = int(_ready(env)["requests served"])
    for name, select_ in (("a", "jargon"), ("b", "overpromise")):
        (tmp_path / name).mkdir()
        (tmp_path / name / ".commlint.yaml").write_text(f"select: [{select_}]\n")
        (tmp_path / name / "d.txt").write_text("I guarantee the latency is fixed.\n")
    names = ["a", "b", "a", "b"]
    runs = [subprocess.Popen([sys.executable, "-m", "commlint", "--no-cache", "--format", "json", "d.txt"], cwd=tmp_path / n,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in names]
    outputs = [run.communicate(timeout=180) for run in runs]
    assert all(_MACHINE_SUMMARY.sub(b"", err) == b"" for _, err in outputs)
    categories = [{f["category"] for f in json.loads(out)["findings"]} for out, _ in outputs]
    assert categories == [{"jargon"}, {"overpromise"}, {"jargon"}, {"overpromise"}]
    assert _served(env) == before + 4


def test_worker_busy_with_a_long_run_is_not_taken_for_hung(shared, tmp_path) -> None:
    env = _env(shared)
    before = int(_ready(env)["requests served"])
    (tmp_path / "long.txt").write_text("\n\n".join(REPLY.split("\n\n")[1:3]) * 150)  # about 5,700 words
    started = time.monotonic()
    result = _run(["--no-cache", str(tmp_path / "long.txt")], {**env, "COMMLINT_WORKER_TIMEOUT": "0.5"})
    took = time.monotonic() - started
    assert result.returncode == 1 and result.stderr == b"", result.stderr
    assert _served(env) == before + 1
    assert took > 0.5, "the run must outlast the timeout for this test to mean anything"


# -- off switches and permissions -----------------------------------------------------------


def test_worker_is_off_in_ci_and_when_opted_out(shared, runtimes) -> None:
    env = _env(shared)
    before = int(_ready(env)["requests served"])
    missing = ["no-such-file.txt"]
    for extra, args in [({"CI": "true"}, missing), ({"COMMLINT_NO_WORKER": "1"}, missing), ({}, ["--no-worker", *missing]),
                        ({"COMMLINT_WORKER": "0"}, missing)]:
        result = _run(args, {**env, **extra})
        assert result.returncode == 2 and b"no-such-file.txt" in result.stderr, extra
    assert _served(env) == before
    forced = _run(missing, {**env, "CI": "true", "COMMLINT_WORKER": "1"})
    assert forced.returncode == 2 and _served(env) == before + 1
    untouched = runtimes(create=False)
    assert _run(missing, _env(untouched, CI="true")).returncode == 2
    assert not untouched.exists()  # no folder, no worker started


def test_worker_socket_and_folder_are_private(shared, runtimes) -> None:
    env = _env(shared)
    _ready(env)
    place = locate(env)
    assert stat.S_IMODE(Path(place.folder).stat().st_mode) == 0o700
    assert stat.S_ISSOCK(Path(place.socket).stat().st_mode) and stat.S_IMODE(Path(place.socket).stat().st_mode) == 0o600
    for path in (place.lock, place.log):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    wide = runtimes()
    wide.chmod(0o755)
    result = _run(["no-such-file.txt"], _env(wide))
    assert result.stderr.decode().splitlines() == [
        f"commlint: notice: worker folder {wide} is open to other users (mode 0755); linted in-process",
        "commlint: error: no-such-file.txt: no such file or folder",
    ]
    assert result.returncode == 2 and list(wide.iterdir()) == []
    if os.geteuid() == 0:
        foreign = runtimes()
        os.chown(foreign, 65534, 65534)
        result = _run(["no-such-file.txt"], _env(foreign))
        assert result.stderr.decode().splitlines()[0] == f"commlint: notice: worker folder {foreign} belongs to another user; linted in-process"


def test_worker_folder_is_the_runtime_folder_else_the_cache(tmp_path, monkeypatch) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    assert Path(locate({"XDG_RUNTIME_DIR": str(runtime)}).folder) == runtime / "commlint"
    monkeypatch.setenv("COMMLINT_CACHE_DIR", str(tmp_path / "cache"))
    assert Path(locate({"XDG_RUNTIME_DIR": str(tmp_path / "missing")}).folder) == tmp_path / "cache" / "worker"
    assert Path(locate({}).folder) == tmp_path / "cache" / "worker"
    assert stat.S_IMODE((tmp_path / "cache" / "worker").stat().st_mode) == 0o700


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root to act as another user")
def test_worker_serves_only_its_own_user(shared) -> None:
    env = _env(shared)
    _ready(env)
    place = locate(env)
    probe = (
        "import socket, sys\n"
        "s = socket.socket(socket.AF_UNIX); s.settimeout(20); s.connect(sys.argv[1]); print('connected')\n"
        "body = b'{\"op\":\"status\"}'\n"
        "try:\n    s.sendall(len(body).to_bytes(4, 'big') + body); print('answered' if s.recv(4) else 'closed')\n"
        "except (ConnectionResetError, BrokenPipeError):\n    print('closed')\n"
    )
    Path(place.folder).chmod(0o711)
    Path(place.socket).chmod(0o666)
    try:
        other = subprocess.run([shutil.which("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups",
                                "/usr/bin/python3", "-c", probe, str(place.socket)], capture_output=True, text=True, timeout=60, check=False)
    finally:
        Path(place.socket).chmod(0o600)
        Path(place.folder).chmod(0o700)
    assert other.stdout.split() == ["connected", "closed"], other.stderr
    assert "refused a connection from uid 65534" in Path(place.log).read_text()
    assert _status(env) is not None


# -- stale, crashed, hung, garbage, idle ---------------------------------------------------------


def test_worker_with_another_identity_is_replaced(runtimes, samples) -> None:
    runtime = runtimes()
    old_env = _env(runtime, COMMLINT_WORKER_SALT="an older commlint", COMMLINT_WORKER_IDLE="321")
    started = _run(["worker", "start"], old_env)
    assert started.returncode == 0 and b"started" in started.stdout, started.stderr
    old = _status(old_env)
    assert old["identity"] == "current" and old["idle timeout"] == "321 s"
    env = _env(runtime)
    assert _status(env)["identity"].startswith("stale")
    result = _run(["--no-cache", "--format", "json", str(samples / "quiet.txt"), str(samples / "reply.txt")], env)
    assert result.returncode == 1 and result.stderr == b""
    assert json.loads(result.stdout)["findings"]
    assert not _alive(int(old["pid"]))  # it stopped itself on meeting a client of another identity
    new = _ready(env)
    assert new["pid"] != old["pid"] and new["identity"] == "current" and new["requests served"] == "0"
    served = _run(["--no-cache", "--format", "json", str(samples / "quiet.txt"), str(samples / "reply.txt")], env)
    assert served.stdout == result.stdout and _served(env) == 1


def test_worker_killed_falls_back_with_one_notice(shared, samples) -> None:
    env = _env(shared)
    info = _ready(env)
    args = ["--no-cache", "--format", "json", str(samples / "reply.txt"), str(samples / "article.md")]
    warm = _run(args, env)
    assert warm.returncode == 1 and warm.stderr == b""
    pid = int(info["pid"])
    os.kill(pid, signal.SIGKILL)
    assert lock.wait_released(locate(env).lock, 30)
    fallback = _run(args, env)
    assert fallback.stderr.decode().splitlines() == [
        "commlint: notice: worker socket was left by a dead process (removed); linted in-process"
    ]
    assert (fallback.returncode, fallback.stdout) == (warm.returncode, warm.stdout)
    replacement = _ready(env)  # started by the fallback run
    assert replacement["pid"] != str(pid)
    again = _run(args, env)
    assert (again.returncode, again.stdout, again.stderr) == (warm.returncode, warm.stdout, b"")


def test_worker_hung_falls_back_after_the_timeout(shared, samples) -> None:
    env = _env(shared)
    info = _ready(env)
    args = ["--no-cache", "--format", "json", str(samples / "reply.txt")]
    warm = _run(args, env)
    pid = int(info["pid"])
    os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        fallback = _run(args, {**env, "COMMLINT_WORKER_TIMEOUT": "1"})
        elapsed = time.monotonic() - started
    finally:
        _kill(pid, signal.SIGCONT)
    assert fallback.stderr.decode().splitlines() == ["commlint: notice: worker did not answer within 1 s; linted in-process"]
    assert (fallback.returncode, fallback.stdout) == (warm.returncode, warm.stdout)
    assert elapsed < 60
    assert not _alive(pid)  # the hung worker was stopped, and a new one started
    assert _ready(env)["pid"] != str(pid)


def test_worker_garbage_reply_falls_back(runtimes) -> None:
    runtime = runtimes()
    env = _env(runtime)
    place = locate(env)
    fake = (
        "import socket, sys\n"
        "s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(); print('up', flush=True)\n"
        "while True:\n"
        "    c, _ = s.accept(); c.recv(65536); c.sendall(b'\\x00\\x00\\x00\\x05hello'); c.close()\n"
    )
    server = subprocess.Popen([sys.executable, "-c", fake, str(place.socket)], stdout=subprocess.PIPE)
    try:
        assert server.stdout.readline() == b"up\n"
        result = _run(["no-such-file.txt"], env)
        assert result.stderr.decode().splitlines() == [
            "commlint: notice: worker sent a malformed reply; linted in-process",
            "commlint: error: no-such-file.txt: no such file or folder",
        ]
        assert result.returncode == 2
        assert server.wait(timeout=30) == -signal.SIGKILL  # the impostor was stopped
    finally:
        server.kill()
        server.wait()


def test_worker_tidies_its_memory_between_requests_and_still_gives_the_same_results(runtimes, samples) -> None:
    """After each request, once quiet, the worker collects garbage and freezes what is left
    (its caches), so the next request's collections do not walk them."""
    env = _env(runtimes())
    _ready(env)
    args = ["--no-cache", "--format", "json", *_inputs(samples)]
    first = _run(args, env)
    deadline = time.monotonic() + 30
    while int(_status(env)["memory tidied"].split()[0]) < 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    tidied = int(_status(env)["memory tidied"].split()[0])
    assert tidied >= 1
    again = _run(args, env)
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)
    assert _run(args, {**env, "COMMLINT_NO_WORKER": "1"}).stdout == first.stdout
    time.sleep(1.0)
    assert int(_status(env)["memory tidied"].split()[0]) == tidied + 1  # once per quiet spell, not on every tick


def test_worker_stops_when_idle(runtimes) -> None:
    env = _env(runtimes())
    started = _run(["worker", "start", "--idle", "1"], env)
    assert started.returncode == 0 and b"idle timeout 1 s" in started.stdout
    place = locate(env)
    assert _status(env)["idle timeout"] == "1 s"
    deadline = time.monotonic() + 120
    while Path(place.socket).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(place.socket).exists() and lock.wait_released(place.lock, 10)
    assert _status(env) is None
    assert _run(["worker", "start", "--idle", "0"], env).returncode == 2
    bad = _run(["worker", "start"], {**env, "COMMLINT_WORKER_IDLE": "soon"})
    assert bad.returncode == 2 and bad.stderr.decode().strip() == (
        "commlint: error: worker: COMMLINT_WORKER_IDLE: expected a number of seconds, got 'soon'"
    )


def test_worker_status_and_stop(shared) -> None:
    env = _env(shared)
    info = _ready(env)
    place = locate(env)
    assert set(info) >= {"pid", "socket", "version", "uptime", "idle timeout", "requests served", "state"}
    assert info["socket"] == str(place.socket) and info["idle timeout"] == "900 s"
    assert info["version"] and info["uptime"].endswith(" s")
    stopped = _run(["worker", "stop"], env)
    assert stopped.returncode == 0 and stopped.stdout.decode().strip() == f"commlint worker stopped (pid {info['pid']})"
    assert not Path(place.socket).exists() and not lock.held(place.lock)
    assert _status(env) is None
    assert _run(["worker", "stop"], env).stdout.decode().strip() == "commlint worker: not running"


def test_the_client_knows_every_subcommand() -> None:
    """The client decides before importing click which command lines the worker may serve:
    its list of subcommands must be the command line's."""
    from commlint.cli import main
    from commlint.worker.settings import SUBCOMMANDS

    assert SUBCOMMANDS == set(main.commands)


def test_a_served_run_stays_light(shared, samples) -> None:
    """The client that hands a check to the worker imports neither ``pathlib`` nor
    ``hashlib`` (OpenSSL), nor click or the engine: together they were a fifth of a warm
    run. The run is really served (the worker counts it)."""
    env = _env(shared)
    before = int(_ready(env)["requests served"])
    script = (
        "import json, sys\n"
        "from commlint.worker.client import run_check\n"
        "code = run_check(['--no-cache', '--format', 'json', sys.argv[1]])\n"
        "heavy = sorted(m for m in ('pathlib', 'hashlib', '_hashlib', 'click', 'commlint.lint.engine') if m in sys.modules)\n"
        "sys.stderr.write(json.dumps([code, heavy]) + '\\n')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(samples / "reply.txt")], cwd=REPO, env=env,
                          capture_output=True, timeout=180, check=True)
    code, heavy = json.loads(done.stderr.decode().strip().splitlines()[-1])
    assert code == 1 and heavy == []
    assert json.loads(done.stdout)["findings"]
    assert int(_status(env)["requests served"]) == before + 1
