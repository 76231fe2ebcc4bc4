"""Start a process in the background, detached from the one that starts it."""
from __future__ import annotations

import os
from pathlib import Path


def child_environment() -> dict[str, str]:
    """This process's environment, with commlint's own folder first on PYTHONPATH when it is
    a source tree (an installed package is found by the interpreter anyway), so a child
    ``python -m commlint...`` runs this same commlint."""
    env = dict(os.environ)
    root = Path(__file__).resolve().parent.parent
    if root.name not in ("site-packages", "dist-packages"):
        env["PYTHONPATH"] = os.pathsep.join([str(root), *filter(None, [env.get("PYTHONPATH")])])
    return env


def start_detached(
    args: list[str], env: dict[str, str], log: Path, cwd: Path | str = "/", failure: str | None = None,
) -> None:
    """Run ``args`` detached (double fork, a new session), standard input from /dev/null,
    output appended to ``log`` (mode 0600), in ``cwd``; returns once the first child has
    exited, so no zombie is left behind. If the program cannot be started, ``failure`` (when
    given) is written to the log with the reason."""
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            _detach(fd, args, env, cwd, failure)
        os.waitpid(pid, 0)
    finally:
        os.close(fd)


def _detach(  # pragma: no cover - child only
    log: int, args: list[str], env: dict[str, str], cwd: Path | str, failure: str | None,
) -> None:
    try:
        os.setsid()
        if os.fork() != 0:
            os._exit(0)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.chdir(cwd)
        os.execve(args[0], args, env)
    except BaseException as exc:  # noqa: BLE001 - the child must never return into the caller
        if failure is not None:
            os.write(log, f"{failure} ({exc})\n".encode())
    finally:
        os._exit(127)  # exec failed: never return into the parent's code
