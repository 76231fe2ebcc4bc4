"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real ``pre-commit`` in a
temporary git repository of macros: a poor macro is refused with its findings shown, a
good one is accepted, the fix hook rewrites a fixable one, and thirty files at once give
one readable report.

The hooks come from a snapshot of this checkout as it is on disk (the package, its data and
the hooks file, committed into a temporary repository), so uncommitted work is tested too;
from a clean checkout the snapshot is its HEAD. pre-commit builds the hook's virtual
environment once for the module (pip installs commlint and its dependencies from PyPI:
minutes the first time, the pip cache helps after) in a private PRE_COMMIT_HOME.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

from commlint.sources import READERS
from helpers import REPO

pytestmark = pytest.mark.slow


GOOD = """Hi {{ticket.requester.first_name | default: "there"}},

Thank you for writing to us about the refund. I have sent the refund to your card today, and you will see it on your statement within five business days.

If it has not arrived by then, reply to this email and I will look into it the same day.

Best regards,
Sam
"""

POOR = """hey,

This is obviously your fault!!! You should have read the docs before you bugged us. We guarantee a hotfix asap, lol.
"""

FIXABLE = """Hi Dana,

Thank u for your patience while we checked your order. I have sent the replacement today, and you will receive a tracking number by email within two hours.

If the tracking number has not arrived by then, reply to this email and I will look into it the same day.

Best regards,
Sam
"""

_SUMMARY = re.compile(r"^\d+ findings? \([^)]*\) in (\d+) files? in [\d.]+ (s|min)")


def _git(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def _git_env(home: Path) -> dict[str, str]:
    """git with no user or system configuration of this machine (hooks, signing, templates)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=str(home / "gitconfig"), GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Test",
               GIT_AUTHOR_EMAIL="test@example.com", GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.com")
    return env


def _package_files() -> list[str]:
    """What ``pip install`` of the checkout reads: pyproject.toml, the readme, the wheel's
    packages and force-included folders, and the hooks file."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    wheel = project["tool"]["hatch"]["build"]["targets"]["wheel"]
    return ["pyproject.toml", project["project"]["readme"], ".pre-commit-hooks.yaml", *wheel["packages"],
            *wheel.get("force-include", {})]


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory) -> tuple[Path, str]:
    """(repository, commit) of a snapshot of this checkout's package and hooks file."""
    snapshot = tmp_path_factory.mktemp("commlint-snapshot")
    for name in _package_files():
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, snapshot / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    env = _git_env(snapshot)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-verify", "-m", "snapshot"]):
        done = _git(args, snapshot, env)
        assert done.returncode == 0, done.stderr
    return snapshot, _git(["rev-parse", "HEAD"], snapshot, env).stdout.strip()


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory) -> dict[str, str]:
    """The environment of every git and pre-commit command: a private PRE_COMMIT_HOME, no
    warm worker, a private commlint cache."""
    home = tmp_path_factory.mktemp("precommit-home")
    env = _git_env(home)
    env.pop("CI", None)
    env.update(PRE_COMMIT_HOME=str(home / "pre-commit"), COMMLINT_NO_WORKER="1",
               COMMLINT_CACHE_DIR=str(home / "commlint-cache"), NO_COLOR="1")
    return env


def _config(source: tuple[Path, str], hook: str) -> str:
    repo, rev = source
    return yaml.safe_dump({"repos": [{"repo": str(repo), "rev": rev, "hooks": [{"id": hook}]}]})


def _macros(tmp_path: Path, source: tuple[Path, str], env: dict[str, str], hook: str = "commlint") -> Path:
    """A new git repository of macros with ``hook`` installed as its pre-commit hook."""
    repo = tmp_path / "macros"
    repo.mkdir()
    assert _git(["init", "-q"], repo, env).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(_config(source, hook))
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                               capture_output=True, text=True, timeout=60, check=False)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _commit(repo, env, [".pre-commit-config.yaml"], "pre-commit config")
    return repo


def _commit(repo: Path, env: dict[str, str], files: list[str], message: str) -> subprocess.CompletedProcess:
    assert _git(["add", *files], repo, env).returncode == 0
    return subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=1800, check=False)


def _commits(repo: Path, env: dict[str, str]) -> int:
    return int(_git(["rev-list", "--count", "HEAD"], repo, env).stdout.strip())


@pytest.fixture(scope="module")
def installed(hook_source, hook_env, tmp_path_factory) -> tuple[Path, str]:
    """The hook source, with both hooks' environment built once (pre-commit install-hooks)."""
    repo = tmp_path_factory.mktemp("warm-up")
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{
        "repo": str(hook_source[0]), "rev": hook_source[1], "hooks": [{"id": "commlint"}, {"id": "commlint-fix"}],
    }]}))
    assert _git(["init", "-q"], repo, hook_env).returncode == 0
    built = subprocess.run([sys.executable, "-m", "pre_commit", "install-hooks"], cwd=repo, env=hook_env,
                           capture_output=True, text=True, timeout=1800, check=False)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return hook_source


def test_hooks_file_covers_every_format_commlint_reads() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"commlint", "commlint-fix"}
    assert hooks["commlint-fix"]["entry"] == "commlint --fix"
    for hook in hooks.values():
        assert hook["require_serial"] is True and hook["language"] == "python" and hook["types"] == ["text"]
        files = re.compile(hook["files"])
        for reader in READERS.values():
            for extension in reader.extensions:
                assert files.search(f"macros/a{extension}") and files.search(f"A{extension.upper()}"), extension
        assert not files.search("logo.png") and not files.search("script.py")


def test_poor_macro_is_refused_with_its_findings_and_a_good_one_accepted(installed, hook_env, tmp_path) -> None:
    repo = _macros(tmp_path, installed, hook_env)
    before = _commits(repo, hook_env)
    (repo / "refund.txt").write_text(POOR)
    refused = _commit(repo, hook_env, ["refund.txt"], "poor macro")
    shown = refused.stdout + refused.stderr
    assert refused.returncode != 0, shown
    assert _commits(repo, hook_env) == before
    assert "commlint (support-writing linter)" in shown and "Failed" in shown
    assert re.search(r"^refund\.txt:3:\d+: warning \[T101 tone\.blaming\]", shown, re.M), shown
    assert re.search(r"^refund\.txt: score \d+/100 \(", shown, re.M), shown
    assert len([line for line in shown.splitlines() if _SUMMARY.match(line)]) == 1, shown

    (repo / "refund.txt").write_text(GOOD)
    accepted = _commit(repo, hook_env, ["refund.txt"], "good macro")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert _commits(repo, hook_env) == before + 1


def test_fix_hook_rewrites_a_fixable_macro_then_accepts_it(installed, hook_env, tmp_path) -> None:
    repo = _macros(tmp_path, installed, hook_env, hook="commlint-fix")
    before = _commits(repo, hook_env)
    (repo / "replacement.txt").write_text(FIXABLE)
    first = _commit(repo, hook_env, ["replacement.txt"], "fixable macro")
    shown = first.stdout + first.stderr
    assert first.returncode != 0 and "files were modified by this hook" in shown, shown
    assert (repo / "replacement.txt").read_text() == FIXABLE.replace("Thank u for", "Thank you for")
    assert "fix applied in 1 file" in shown, shown
    assert _commits(repo, hook_env) == before
    again = _commit(repo, hook_env, ["replacement.txt"], "fixed macro")  # the fixed file, staged: accepted
    assert again.returncode == 0, again.stdout + again.stderr
    assert _commits(repo, hook_env) == before + 1


def test_thirty_files_at_once_give_one_report_grouped_by_file(installed, hook_env, tmp_path) -> None:
    repo = _macros(tmp_path, installed, hook_env)
    names = []
    for n in range(30):
        folder = repo / ("billing" if n % 2 else "shipping")
        folder.mkdir(exist_ok=True)
        name = f"{folder.name}/macro-{n:02d}.txt"
        (repo / name).write_text(POOR.replace("the docs", f"page {n}") if n % 3 == 0 else GOOD.replace("Sam", f"Sam {n}"))
        names.append(name)
    refused = _commit(repo, hook_env, names, "thirty macros")
    shown = refused.stdout + refused.stderr
    assert refused.returncode != 0, shown
    summaries = [m for m in map(_SUMMARY.match, shown.splitlines()) if m]
    assert len(summaries) == 1 and summaries[0].group(1) == "30", shown  # one commlint run for all the files
    located = [line.split(":", 1)[0] for line in shown.splitlines() if re.match(r"^\S+\.txt:\d+:\d+: ", line)]
    poor = [name for n, name in enumerate(names) if n % 3 == 0]
    assert set(located) == set(poor)
    runs = [name for i, name in enumerate(located) if i == 0 or located[i - 1] != name]
    assert sorted(runs) == sorted(poor), "each file's findings are together, under its name"
    scored = [line.split(": score ")[0] for line in shown.splitlines() if ": score " in line]
    assert sorted(scored) == sorted(poor)  # a score line closes each file that lost points
