"""The grammar engines, real ones only: a LanguageTool server installed with Maven and
started by commlint (tests/conftest.py ``languagetool_server``), and Harper in process."""
from __future__ import annotations

import http.server
import os
import signal
import stat
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from commlint.cli import main
from commlint.grammar import GrammarUnavailable, install, open_backend, server
from commlint.grammar.harper_backend import HarperBackend
from commlint.grammar.languagetool import (
    LanguageToolBackend,
    _code_point,
    _utf16_starts,
    is_loopback,
)

DRAFT = ("Hi Sam, their is a problem with you account. I will sent the invoice tomorrow. "
         "This is a issue, so please check the the settings and recieve the update.")


def spans(text: str, issues) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """rule id -> (the flagged words, kind, first replacements)."""
    return {i.rule_id: (text[i.start:i.end], i.kind, i.replacements[:2]) for i in issues}


@pytest.fixture(scope="module")
def harper() -> HarperBackend:
    return HarperBackend()


@pytest.fixture(scope="module")
def lt(languagetool_url: str) -> LanguageToolBackend:
    return open_backend("languagetool", url=languagetool_url)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie of ours is dead too
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


# --- errors in support drafts --------------------------------------------------------------


def test_languagetool_finds_the_errors_of_a_support_draft(lt: LanguageToolBackend) -> None:
    [issues] = lt.check([DRAFT])
    found = spans(DRAFT, issues)
    assert found["THEIR_IS"] == ("their", "grammar", ("there",))
    assert found["MD_BASEFORM"] == ("sent", "grammar", ("send",))  # modal + past form
    assert found["EN_A_VS_AN"] == ("a", "grammar", ("an",))
    assert found["ENGLISH_WORD_REPEAT_RULE"] == ("the the", "typo", ("the",))
    assert found["MORFOLOGIK_RULE_EN_US"][:2] == ("recieve", "spelling")
    assert found["MORFOLOGIK_RULE_EN_US"][2][0] == "receive"
    assert [i.start for i in issues] == sorted(i.start for i in issues)


def test_harper_finds_the_same_classes_in_process(harper: HarperBackend) -> None:
    text = DRAFT + " We will refunded the charge. Thanks for you patience."
    [issues] = harper.check([text])
    found = spans(text, issues)
    assert found["TheirToThere"] == ("their", "grammar", ("there", "there's"))
    assert found["WillNonLemma"][:2] == ("will refunded", "grammar")  # modal + past form
    assert found["AnA"] == ("a", "grammar", ("an",))
    assert found["RepeatedWords"] == ("the the", "typo", ("the",))
    assert found["SpellCheck"][:2] == ("recieve", "spelling")
    assert found["SpellCheck"][2][0] == "receive"
    assert found["PossessiveYour"][:2] == ("you", "grammar")


def test_placeholders_and_clean_text(lt: LanguageToolBackend, harper: HarperBackend) -> None:
    clean = "Hi Maria, thanks for your patience. I will send the invoice tomorrow."
    assert lt.check([clean, "", "   "]) == [[], [], []]
    assert harper.check([clean, ""]) == [[], []]
    text = "Hi {{ticket.requester.first_name}}, their is a problem with the order."
    for backend in (lt, harper):
        [issues] = backend.check([text])
        assert "their" in [text[i.start:i.end] for i in issues], backend.name


def test_harper_suggestion_kinds(harper: HarperBackend) -> None:
    text = "We fixed it , thanks."
    [issues] = harper.check([text])
    comma = next(i for i in issues if i.rule_id == "CommaFixes")
    assert (text[comma.start:comma.end], comma.replacements, comma.kind) == (" ", ("",), "punctuation")


# --- offsets: LanguageTool counts UTF-16 units, commlint code points ----------------------------


ASTRAL = "🙂🙂 Their is 😀 a issue 🎉🎉 with teh account, te𝐡 word. Thanks 🙏🙏 for for waiting."


@pytest.mark.parametrize("which", ["languagetool", "harper"])
def test_offsets_after_and_inside_astral_characters(which: str, lt, harper) -> None:
    backend = lt if which == "languagetool" else harper
    [issues] = backend.check([ASTRAL])
    flagged = {ASTRAL[i.start:i.end] for i in issues}
    assert {"Their", "a", "teh", "for for"} <= flagged, flagged
    if which == "languagetool":
        assert "te𝐡" in flagged  # the match ends after a character of two UTF-16 units


def test_utf16_mapping() -> None:
    text = "a😀b𝐡c"
    starts = _utf16_starts(text)
    assert starts == [0, 1, 3, 4, 6, 7]
    assert [_code_point(starts, unit) for unit in range(8)] == [0, 1, 2, 2, 3, 4, 4, 5]


# --- the local server ----------------------------------------------------------------------


def test_second_open_reuses_the_running_server(languagetool_server) -> None:
    state, folder = languagetool_server
    first = open_backend("languagetool", server_folder=folder)
    second = open_backend("languagetool", server_folder=folder)
    assert first.url == second.url == state.url
    assert server.running(folder).pid == state.pid
    text, running = server.status(folder)
    assert running and f"pid: {state.pid}" in text and state.url in text


def test_loopback_ignores_proxy_settings(languagetool_url: str, monkeypatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    backend = open_backend("languagetool", url=languagetool_url)
    assert backend.check(["I will sent it."])[0][0].rule_id == "MD_BASEFORM"
    assert is_loopback(languagetool_url) and is_loopback("localhost:8081") and not is_loopback("http://lt.example.com")


def test_concurrent_starts_share_one_server_and_files_are_private(languagetool_installed, tmp_path: Path) -> None:
    folder = tmp_path / "srv"
    states: list = []
    threads = [threading.Thread(target=lambda: states.append(server.ensure(idle=600, path=folder, warm_up=False))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(states) == 2 and states[0] == states[1]
    state = states[0]
    backend = open_backend("languagetool", server_folder=folder)
    assert backend.url == state.url
    try:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for entry in folder.iterdir():
            assert stat.S_IMODE(entry.stat().st_mode) == 0o600, entry.name
        assert {"state.json", "used", "supervisor.lock", "start.lock", "server.log"} <= {p.name for p in folder.iterdir()}
        assert server.status(folder)[1]
        assert "ready on 127.0.0.1" in (folder / "server.log").read_text()
    finally:
        message = server.stop(folder)
    assert message == f"LanguageTool server: stopped (pid {state.pid})"
    assert wait_for(lambda: not alive(state.jvm_pid) and not alive(state.pid), 10)
    assert not (folder / "state.json").exists()
    text, running = server.status(folder)
    assert not running and "not running" in text
    assert server.stop(folder) == "LanguageTool server: not running"
    with pytest.raises(GrammarUnavailable) as exc:  # the server went away between two checks
        backend.check(["I will sent it."])
    assert f"no LanguageTool server answers at {state.url}" in one_line(exc)


def test_idle_server_stops_by_itself(languagetool_installed, tmp_path: Path) -> None:
    folder = tmp_path / "srv"
    state = server.ensure(idle=3, path=folder, warm_up=False)
    for _ in range(4):  # use keeps it alive past its idle time
        time.sleep(1)
        server.touch(folder)
    assert server.running(folder) == state
    assert wait_for(lambda: server.running(folder) is None and not alive(state.jvm_pid), 20)
    assert "stopping LanguageTool: unused for 3 s" in (folder / "server.log").read_text()


def test_killed_supervisor_takes_its_jvm_along(languagetool_installed, tmp_path: Path) -> None:
    folder = tmp_path / "srv"
    state = server.ensure(idle=600, path=folder, warm_up=False)
    os.kill(state.pid, signal.SIGKILL)
    assert wait_for(lambda: not alive(state.jvm_pid), 15)
    assert server.running(folder) is None  # the state file is left, but no one holds the lock
    assert (folder / "state.json").exists()
    assert server.stop(folder) == "LanguageTool server: not running"
    assert not (folder / "state.json").exists()


def test_folder_open_to_others_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    with pytest.raises(GrammarUnavailable, match="open to other users"):
        server.ensure(path=folder)


# --- one line when it cannot work ---------------------------------------------------------------


def one_line(exc: pytest.ExceptionInfo) -> str:
    message = exc.value.one_line()
    assert "\n" not in str(exc.value) and message == str(exc.value)
    return message


def test_unreachable_url_is_one_line() -> None:
    with pytest.raises(GrammarUnavailable) as exc:
        open_backend("languagetool", url="http://127.0.0.1:9", timeout=5)
    assert one_line(exc) == "languagetool: no LanguageTool server answers at http://127.0.0.1:9 (Connection refused)"


def test_a_url_that_is_no_languagetool_is_one_line() -> None:
    httpd = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with pytest.raises(GrammarUnavailable) as exc:
            open_backend("languagetool", url=url, timeout=5)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert one_line(exc).startswith(f"languagetool: the LanguageTool server at {url} failed: ")


def test_no_java_on_path_is_one_line(languagetool_server, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing there: no java, no mvn
    with pytest.raises(GrammarUnavailable) as exc:
        open_backend("languagetool", server_folder=tmp_path / "srv")
    assert one_line(exc).startswith("languagetool: Java is not installed (no `java` on PATH)")
    with pytest.raises(GrammarUnavailable, match="Java is not installed"):
        install.install(force=True)


def test_not_installed_is_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COMMLINT_LT_HOME", str(tmp_path / "home"))
    assert install.installed() is None
    with pytest.raises(GrammarUnavailable) as exc:
        open_backend("languagetool", server_folder=tmp_path / "srv")
    assert one_line(exc) == "languagetool: LanguageTool 6.8 is not installed: run `commlint grammar install`"


def test_no_maven_is_one_line(tmp_path: Path, monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "java").symlink_to(Path(install.require_java()).resolve())
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("COMMLINT_LT_HOME", str(tmp_path / "home"))
    with pytest.raises(GrammarUnavailable) as exc:
        install.install()
    assert one_line(exc).startswith("languagetool: Maven is not installed (no `mvn` on PATH)")


def test_maven_failure_is_one_line_and_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COMMLINT_LT_HOME", str(tmp_path / "home"))
    with pytest.raises(GrammarUnavailable) as exc:
        install.install("0.0.0-no-such-version")
    message = one_line(exc)
    assert message.startswith("languagetool: Maven could not install LanguageTool 0.0.0-no-such-version: ")
    assert "languagetool" in message.split(": ", 2)[2].lower()
    assert [p.name for p in (tmp_path / "home").iterdir()] == [".install.lock"]
    assert install.installed("0.0.0-no-such-version") is None


def test_maven_last_error_line() -> None:
    output = ("\x1b[0m\x1b[0m[ERROR] Failed to execute goal on project x: Could not resolve dependencies for project a:b:pom:1 -> [Help 1]\n"
              "[ERROR] \n[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.\n"
              "[ERROR] Re-run Maven using the -X switch to enable full debug logging.\n"
              "[ERROR] For more information about the errors and possible solutions, please read:\n"
              "[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/DependencyResolutionException\n")
    assert install.last_error(output) == "Failed to execute goal on project x: Could not resolve dependencies for project a:b:pom:1"
    assert install.last_error("") == "no output"


def test_unknown_backend_is_one_line() -> None:
    with pytest.raises(GrammarUnavailable, match="unknown grammar backend 'grammarly'"):
        open_backend("grammarly")


# --- provisioning files and the command line ------------------------------------------------


def test_the_installed_folder(languagetool_installed) -> None:
    folder = install.installed()
    assert folder is not None and folder == install.home() / install.DEFAULT_VERSION
    assert (folder / install.MARKER).read_text() == f"{install.DEFAULT_VERSION}\n"
    assert len(list((folder / "lib").glob("*.jar"))) > 100
    pom = install.pom("6.8")
    assert "@VERSION@" not in pom and pom.count("<version>6.8</version>") == 3


def test_cli_status_start_stop(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COMMLINT_LT_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    result = runner.invoke(main, ["grammar", "status"])
    assert result.exit_code == 1 and result.output.startswith("LanguageTool server: not running")
    result = runner.invoke(main, ["grammar", "stop"])
    assert result.exit_code == 0 and result.output == "LanguageTool server: not running\n"
    result = runner.invoke(main, ["grammar", "start"])
    assert result.exit_code == 2
    assert "LanguageTool 6.8 is not installed: run `commlint grammar install`" in result.output
