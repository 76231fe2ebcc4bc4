"""Provisioning LanguageTool: Maven copies the HTTP server and its English rules, with every
dependency, into ``<home>/<version>/lib``; nothing else downloads anything.

The home is ``COMMLINT_LT_HOME`` if set, else ``languagetool/`` in commlint's cache folder.
Maven keeps its own cache (the user's local repository, normally ``~/.m2``). An install is
built in a temporary folder beside its place and renamed into place with a marker file
holding the version, so a half-finished install is never used.
"""
from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
from importlib import resources
from pathlib import Path

from commlint.grammar.backend import GrammarUnavailable
from commlint.paths import cache_root

DEFAULT_VERSION = "6.8"
MARKER = "commlint-installed"  #: in the version folder; holds the version, written last
_MAVEN_TIMEOUT = 1800.0  #: seconds; a first install downloads about 250 MB into ~/.m2
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_BOILERPLATE = ("-> [Help", "Re-run Maven", "To see the full stack trace", "For more information",
                "[Help 1]")


def home() -> Path:
    """Where LanguageTool installs and its local server's files live."""
    override = os.environ.get("COMMLINT_LT_HOME")
    return Path(override).absolute() if override else cache_root().absolute() / "languagetool"


def installed(version: str = DEFAULT_VERSION) -> Path | None:
    """The version's folder (holding ``lib/``) when it is completely installed, else None."""
    folder = home() / version
    try:
        complete = (folder / MARKER).read_text(encoding="utf-8").strip() == version
    except OSError:
        return None
    return folder if complete and (folder / "lib" / f"languagetool-server-{version}.jar").is_file() else None


def classpath(folder: Path) -> str:
    """The Java class path of an installed version's folder."""
    return str(folder / "lib" / "*")


def require_java() -> str:
    """The ``java`` executable on PATH; GrammarUnavailable when there is none."""
    java = shutil.which("java")
    if not java:
        raise GrammarUnavailable("languagetool", "Java is not installed (no `java` on PATH): install Java 17 or later, or use the harper backend")
    return java


def install(version: str = DEFAULT_VERSION, *, force: bool = False) -> Path:
    """Install ``version`` (unless already there, or ``force``) and return its folder."""
    if not force and (done := installed(version)):
        return done
    require_java()
    mvn = shutil.which("mvn")
    if not mvn:
        raise GrammarUnavailable("languagetool", "Maven is not installed (no `mvn` on PATH): install Maven to run `commlint grammar install`")
    root = home()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GrammarUnavailable("languagetool", f"cannot create {root} ({exc.strerror or exc})") from None
    with _locked(root / ".install.lock"):
        if not force and (done := installed(version)):
            return done  # another run installed it while this one waited
        staging = Path(tempfile.mkdtemp(prefix=f".{version}.", suffix=".tmp", dir=root))
        try:
            _run_maven(mvn, version, staging)
            (staging / MARKER).write_text(f"{version}\n", encoding="utf-8")
            target = root / version
            if target.exists():
                shutil.rmtree(target)
            os.replace(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    done = installed(version)
    if done is None:  # pragma: no cover - only if the folder was changed under us
        raise GrammarUnavailable("languagetool", f"the install of LanguageTool {version} in {root} did not complete")
    return done


def pom(version: str) -> str:
    """The Maven project that asks for ``version`` of the server and the English rules."""
    template = resources.files("commlint.grammar").joinpath("languagetool-pom.xml").read_text(encoding="utf-8")
    return template.replace("@VERSION@", version)


def _run_maven(mvn: str, version: str, staging: Path) -> None:
    (staging / "pom.xml").write_text(pom(version), encoding="utf-8")
    args = [mvn, "-q", "-B", "-Dstyle.color=never", "-f", str(staging / "pom.xml"),
            "dependency:copy-dependencies", f"-DoutputDirectory={staging / 'lib'}"]
    try:
        done = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False,
                              timeout=_MAVEN_TIMEOUT, cwd=staging)
    except subprocess.TimeoutExpired:
        raise GrammarUnavailable("languagetool", f"Maven did not finish within {_MAVEN_TIMEOUT:g} s") from None
    if done.returncode != 0 or not (staging / "lib" / f"languagetool-server-{version}.jar").is_file():
        raise GrammarUnavailable("languagetool", f"Maven could not install LanguageTool {version}: {last_error(done.stdout + done.stderr)}")
    os.unlink(staging / "pom.xml")


def last_error(output: str) -> str:
    """The last meaningful error line of Maven's output (its help boilerplate left out)."""
    lines = [line.strip() for line in _ANSI.sub("", output).splitlines() if line.strip()]
    errors = [line.removeprefix("[ERROR]").strip() for line in lines if line.startswith("[ERROR]")]
    errors = [line.removesuffix("-> [Help 1]").strip() for line in errors if line and not line.startswith(_BOILERPLATE)]
    line = (errors or lines or ["no output"])[-1]
    return line if len(line) <= 400 else line[:397] + "..."


class _locked:
    """An exclusive ``flock`` on ``path`` for the ``with`` block (waits for the holder)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = -1

    def __enter__(self) -> None:
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)
