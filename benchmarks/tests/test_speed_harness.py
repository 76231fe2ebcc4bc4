"""Unit tests of the speed harness's issue-8 parts: verdicts, rendering, the LSP client.

Nothing here times commlint; `.venv/bin/pytest benchmarks/tests -q -p no:cacheprovider`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import corpus
import lsp_latency
import measure
import peers
import report
import speed
from report import COLD, COLD_CHANGED, COLD_REPLY, FLOOR, WARM, Measurement, Results

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


def m(tool: str, case: str, seconds: float, words: int = 1000, rss_mib: float = 100,
      error: str | None = None) -> Measurement:
    return Measurement(tool, case, 1, words, seconds=seconds, cpu_seconds=seconds,
                       peak_rss_kib=int(rss_mib * 1024), findings=3, runs=[seconds],
                       error=error)


def results(measurements: list[Measurement], worker: dict | None = None,
            lsp: dict | None = None, precommit: dict | None = None) -> Results:
    corpus_facts = {"kb_files": 2, "kb_words": 1000, "kb_all_files": 2, "kb_all_words": 1000,
                    "kb_subset_rule": "all of them", "kb_subset_reason": "", "kb_markdown": True,
                    "replies_files": 1, "replies_words": 10, "draft_words": 200,
                    "reply_words": 1000, "macro_files": 3, "macro_words": 90,
                    "macro_range": "25-200"}
    return Results("2026-12-01", "python benchmarks/speed.py", False, {"CPU": "x"},
                   [report.Install("commlint", "0.1.0", 0.0, True)], corpus_facts,
                   measurements, precommit or {}, ["a note"], worker=worker or {},
                   lsp=lsp or {})


def full_run() -> Results:
    """Every target measured: some pass, some fail, on purpose."""
    ms = [
        m("commlint", "kb", 1.0, words=30_000), m("proselint", "kb", 1.0, words=10_000),
        m("vale", "kb", 1.0, words=40_000),
        m("commlint", COLD, 1.2), m(FLOOR, COLD, 1.0),
        m("commlint", WARM, 0.10, rss_mib=20), m("proselint", COLD, 0.09),
        m("proselint", COLD_CHANGED, 0.09), m("proselint", COLD_REPLY, 0.10),
        m("commlint", "kb-1x", 2.2, words=100), m("commlint", "kb-2x", 3.2, words=200),
        m("commlint", "kb-4x", 5.2, words=400),
    ]
    precommit = {"files": 3, "words": 90, "changed": "macro-0001.txt", "command": "commlint x/",
                 "mode": "worker", "first_seconds": 1.0, "first_rss_mib": 10,
                 "second_seconds": 0.08, "second_rss_mib": 10, "findings": 1,
                 "has_no_cache": True, "cache_note": "cache note",
                 "runs": [m("commlint", "first run", 1.0), m("commlint", "second run", 0.08)]}
    worker = {"peak_rss_kib": 310 * 1024, "pid": 42, "status": "running, pid 42"}
    lsp = {"words": 1000, "edit_seconds": [0.03, 0.04, 0.09], "open_seconds": 0.5,
           "start_seconds": 2.0, "sync": "incremental", "versioned": True, "diagnostics": 4,
           "peak_rss_kib": 250 * 1024}
    return results(ms, worker, lsp, precommit)


# --- verdicts -------------------------------------------------------------------------------

def test_verdict_boundaries() -> None:
    assert report.verdict(3.0, 3.0, at_least=True) == "PASS"
    assert report.verdict(2.99, 3.0, at_least=True) == "FAIL"
    assert report.verdict(1.3, 1.3, at_least=False) == "PASS"
    assert report.verdict(1.31, 1.3, at_least=False) == "FAIL"


def test_targets_are_ratios_to_peers_of_the_same_run() -> None:
    t = {x.label: x for x in report.targets(full_run())}
    rows = list(t.values())
    assert len(rows) == 8
    kb_pl, kb_vale, cold, warm, pre, lsp, rss, linear = rows
    assert kb_pl.ratio == pytest.approx(3.0) and kb_pl.verdict == "PASS"
    assert kb_vale.ratio == pytest.approx(0.75) and kb_vale.verdict == "FAIL"
    assert cold.ratio == pytest.approx(1.2) and cold.verdict == "PASS"
    assert warm.ratio == pytest.approx(0.10 / 0.09) and warm.verdict == "FAIL"
    assert pre.ratio == pytest.approx(0.08 / 0.09) and pre.verdict == "PASS"
    assert lsp.ratio == pytest.approx(0.4) and lsp.verdict == "PASS"  # median 0.04 / 0.10
    assert rss.verdict == "FAIL" and "the worker process" in rss.measured
    assert linear.verdict == "PASS" and linear.measured.startswith("k = 1.00")


def test_missing_worker_and_server_are_not_available_not_failures() -> None:
    ms = [x for x in full_run().measurements if x.case != WARM]
    precommit = dict(full_run().precommit, mode="in-process", second_seconds=3.9)
    r = results(ms, {"unavailable": "`commlint --help` lists no `worker` command"},
                {"unavailable": "`commlint --help` lists no `lsp` command"}, precommit)
    rows = report.targets(r)
    warm, pre, lsp = rows[3], rows[4], rows[5]
    assert warm.verdict.startswith("not available: ") and "worker" in warm.verdict
    assert pre.verdict.startswith("not available: ") and "3.90 s" in pre.measured
    assert lsp.verdict.startswith("not available: ") and "lsp" in lsp.verdict
    assert all(x.ratio is None for x in (warm, pre, lsp))
    text = report.render(r)
    assert text.count("not available: ") >= 3
    assert "Not available: `commlint --help` lists no `worker` command." in text


def test_a_failed_run_is_an_error_not_a_verdict() -> None:
    ms = [x for x in full_run().measurements if not (x.tool == FLOOR)]
    ms.append(m(FLOOR, COLD, 0.0, error="floor.py exited with 1"))
    rows = report.targets(results(ms))
    assert rows[2].verdict.startswith("error: floor failed")
    out = report.render(results(ms))
    assert "## Errors" in out and "floor on cold: floor.py exited with 1" in out


def test_render_states_each_target_with_its_verdict_and_round_trips() -> None:
    r = full_run()
    text = report.render(r)
    table = text.split("## Acceptance (issue 8)")[1].split("## Machine")[0]
    assert table.count("**PASS**") == 5 and table.count("**FAIL**") == 3
    assert "| 3.00x | ≥ 3x | **PASS** |" in table
    assert "### Language server" in text and "median **0.040 s**" in text
    assert "served by the warm worker" in text
    again = Results.from_json(json.loads(json.dumps(r.to_json())))
    assert report.render(again) == text


def test_old_results_render_again() -> None:
    """A run written before issue 8 (no floor, worker or server) still renders."""
    data = json.loads((REPO / "benchmarks" / "results" / "2026-11-23.json").read_text())
    text = report.render(Results.from_json(data))
    assert "| KB corpus, default options: words/s ≥ 3x proselint | 5,610 words/s" in text
    assert "not measured" in text


def test_rerender_bad_json_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("{not json")
    assert speed.main(["--render", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("speed.py: cannot read results from") and "\n" not in err


def test_options_default_to_the_whole_kb_and_refuse_negatives() -> None:
    full, quick = speed.parse_args([]), speed.parse_args(["--quick"])
    assert full.kb_articles == 0 and full.scaling_articles == 300 and full.lsp_edits == 10
    assert quick.kb_articles == 20 and quick.cold_runs == 3 and quick.macros == 100
    with pytest.raises(SystemExit) as exc:
        speed.parse_args(["--kb-articles", "-1"])
    assert exc.value.code == 2


# --- commlint's commands and worker ---------------------------------------------------------

CLICK_HELP = """Usage: commlint [OPTIONS] COMMAND [ARGS]...

Options:
  --version   Show the version and exit.

Commands:
  check       Lint FILES, folders, or '-' for standard input.
  lsp         Run the language server over stdio.
  test-rules  Run the examples of the rules in PACKS (files or folders;...
  worker      Start, stop or query the warm worker.
"""


def test_subcommands_and_jobs_default_from_help() -> None:
    assert peers.subcommands_in(CLICK_HELP) == {"check", "lsp", "test-rules", "worker"}
    assert peers.subcommands_in("Usage: x\n\nOptions:\n  --help  Help.\n") == set()
    help_page = ("  -j, --jobs INTEGER RANGE        Worker processes for large runs.  [default:\n"
                 "                                  1; 1<=x<=64]\n")
    assert peers.jobs_default_in(help_page) == "1"
    assert peers.jobs_default_in("  --jobs N  [default: usable cores for large runs]") == \
        "usable cores for large runs"
    assert peers.jobs_default_in("--format") == "?"


def _run(stdout: str = "", stderr: str = "", code: int = 0) -> measure.Run:
    return measure.Run(("x",), 0.1, 0.1, 1000, code, stdout, stderr)


STATUS = """pid: 26281
socket: /b/.cache/commlint-runtime/w-ee11fb31f540.sock
version: 0.1.0
uptime: 12 s
idle timeout: 300 s
requests served: 0
state: {state}
identity: {identity}
log: /b/.cache/commlint-runtime/w-ee11fb31f540.log
"""


def test_worker_status_and_fallback_notice() -> None:
    ready = _run(STATUS.format(state="ready", identity="current"))
    assert peers.worker_running(ready) and not peers.worker_stale(ready)
    assert peers.worker_pid(ready) == 26281 and peers.worker_served(ready) == 0
    assert peers.worker_served(_run("pid 1")) is None
    assert not peers.worker_running(_run(STATUS.format(state="warming up", identity="current")))
    stale = _run(STATUS.format(state="ready", identity="stale (another commlint install, "
                                                     "version or source; replaced on the next run)"))
    assert peers.worker_stale(stale)
    assert peers.worker_running(_run("worker running: pid 4242, socket /r/commlint.sock"))
    assert not peers.worker_running(_run("commlint worker: not running (socket /r/w.sock)", code=1))
    assert not peers.worker_running(_run("running", code=3))
    peers.served_by_worker(_run(stderr=""))
    with pytest.raises(measure.ToolError, match="did not serve"):
        peers.served_by_worker(_run(stderr="commlint: notice: worker did not answer; "
                                           "linted in-process\n"))


def test_commlint_env_is_private_and_says_worker_or_not(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMLINT_NO_WORKER", "1")
    monkeypatch.setenv("COMMLINT_CACHE_DIR", "/somewhere/else")
    cl = peers.Commlint(peers.Workspace(tmp_path), Path("/nonexistent/commlint"))
    off, on = cl.env(worker=False), cl.env(worker=True, cache_dir=tmp_path / "fresh")
    assert off["COMMLINT_NO_WORKER"] == "1" and "COMMLINT_WORKER" not in off
    assert on["COMMLINT_WORKER"] == "1" and "COMMLINT_NO_WORKER" not in on
    assert off["COMMLINT_CACHE_DIR"] == str(tmp_path / "commlint-cache")
    assert on["COMMLINT_CACHE_DIR"] == str(tmp_path / "fresh")
    for folder in (tmp_path / "commlint-runtime", tmp_path / "fresh"):
        assert folder.stat().st_mode & 0o777 == 0o700
    assert cl.unavailable("worker") == "commlint not found at /nonexistent/commlint"


# --- measuring ------------------------------------------------------------------------------

def test_run_reports_the_largest_single_process_of_a_tree() -> None:
    """A parent that stays small and a child it never waits for, holding 120 MB."""
    code = textwrap.dedent("""
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c",
            "import time; b = bytearray(120_000_000); b[::4096] = b'x' * len(b[::4096]); time.sleep(1.5)"])
        time.sleep(0.7)
        # exit while the child still runs: wait4's usage of this process cannot include it
    """)
    result = measure.run([sys.executable, "-c", code])
    assert result.processes >= 2
    assert result.peak_rss_kib > 110_000


# --- corpus ---------------------------------------------------------------------------------

def test_markdown_files_count_prose_words_and_copies_keep_them(tmp_path: Path) -> None:
    doc = corpus.Document("a", "# Title here\n\nSee [the guide](https://x.example/a).\n\n"
                               "```\ncode words never count\n```\n", {"title": "T", "tags": ["x"]})
    (name, text, words), = corpus.kb_markdown([doc])
    assert name == "a.md" and text.startswith("---\ntitle: T\n")
    assert words == corpus.count_words("Title here\n\nSee the guide.") == 5
    fs = corpus.write_counted("kb", tmp_path / "kb", [(name, text, words)])
    assert fs.words == 5 and fs.files[0].read_text() == text
    copies = corpus.duplicate("kb-4x", fs, tmp_path / "kb4", 4)
    assert copies.words == 20 and len(copies.files) == 4


def test_reply_of_joins_replies_to_exactly_the_words_asked() -> None:
    replies = [corpus.Document(f"r{i}", "Thanks for writing in, the team is looking at the "
                                        f"payout delay number {i} on your account right now.\n")
               for i in range(200)]
    reply = corpus.reply_of(replies, 1000)
    assert corpus.count_words(reply) == 1000 and reply.endswith(".\n")
    with pytest.raises(ValueError):
        corpus.reply_of(replies[:3], 1000)


def test_floor_script_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "floor.py"),
                           str(tmp_path / "missing.txt")], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith("floor.py: cannot read") and done.stderr.count("\n") == 1


# --- the LSP client -------------------------------------------------------------------------

def test_framing_splits_any_chunking_and_counts_bytes() -> None:
    messages = [{"jsonrpc": "2.0", "id": 1, "result": {"text": "café 😀"}},
                {"jsonrpc": "2.0", "method": "x", "params": [1, 2]}]
    stream = b"".join(lsp_latency.encode(x) for x in messages)
    assert b"Content-Length: %d\r\n" % len(json.dumps(messages[0], ensure_ascii=False,
                                                      separators=(",", ":")).encode()) in stream
    framer = lsp_latency.Framer()
    got = [msg for i in range(len(stream)) for msg in framer.feed(stream[i:i + 1])]
    assert got == messages
    assert lsp_latency.Framer().feed(stream) == messages
    extra = b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
    assert lsp_latency.Framer().feed(extra + stream) == messages
    with pytest.raises(ValueError, match="Content-Length"):
        lsp_latency.Framer().feed(b"X-Other: 1\r\n\r\n{}")


def test_utf16_positions_count_astral_characters_twice() -> None:
    text = "Hi 😀 there\nsecond 😀😀 line"
    assert lsp_latency.utf16_position(text, text.index("there")) == {"line": 0, "character": 6}
    assert lsp_latency.utf16_position(text, text.index("line")) == {"line": 1, "character": 12}
    assert lsp_latency.utf16_position(text, 0) == {"line": 0, "character": 0}


def test_one_word_edits_are_spread_and_apply_in_turn() -> None:
    words = ["The", "cat", "is", "here", "and", "the", "dog", "was", "there", "or", "not"] * 5
    text = " ".join(words)
    edits = lsp_latency.pick_edits(text, 5)
    assert len(edits) == 5 and [e.start for e in edits] == sorted(e.start for e in edits)
    current = text
    for edit in edits:
        assert current[edit.start:edit.end].lower() in lsp_latency.SWAPS
        assert edit.new.lower() == lsp_latency.SWAPS[current[edit.start:edit.end].lower()]
        current = edit.apply(current)
    assert len(current.split()) == len(words)
    assert sum(a != b for a, b in zip(current.split(), words)) == 5
    with pytest.raises(ValueError, match="swappable"):
        lsp_latency.pick_edits("no such words here", 3)


# A minimal language server over real pipes, to check what the client sends: it applies
# each change itself (UTF-16 ranges, counted independently with Python's codec), asks the
# client for configuration first, and publishes the text it holds.
SERVER = textwrap.dedent(r'''
    import json, sys
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    def read():
        length = None
        while True:
            line = inp.readline()
            if not line:
                sys.exit(0)
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(inp.read(length))
    def send(msg):
        body = json.dumps(msg).encode()
        out.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        out.flush()
    def offset(text, pos):
        lines = text.split("\n")
        before = "\n".join(lines[:pos["line"]]) + ("\n" if pos["line"] else "")
        units = lines[pos["line"]].encode("utf-16-le")[:2 * pos["character"]]
        return len(before) + len(units.decode("utf-16-le"))
    docs, asked = {}, False
    while True:
        msg = read()
        method = msg.get("method")
        if method == "initialize":
            send({"jsonrpc": "2.0", "id": msg["id"], "result": {"capabilities": {
                "positionEncoding": "utf-16", "textDocumentSync": {"openClose": True, "change": 2}}}})
        elif method == "textDocument/didOpen":
            d = msg["params"]["textDocument"]
            docs[d["uri"]] = d["text"]
            send({"jsonrpc": "2.0", "id": "cfg", "method": "workspace/configuration",
                  "params": {"items": [{"section": "commlint"}]}})
            reply = read()
            assert reply.get("id") == "cfg" and reply["result"] == [None], reply
            send({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                  "params": {"uri": d["uri"], "version": d["version"], "diagnostics": []}})
        elif method == "textDocument/didChange":
            uri, version = msg["params"]["textDocument"]["uri"], msg["params"]["textDocument"]["version"]
            for change in msg["params"]["contentChanges"]:
                text = docs[uri]
                a, b = offset(text, change["range"]["start"]), offset(text, change["range"]["end"])
                docs[uri] = text[:a] + change["text"] + text[b:]
            send({"jsonrpc": "2.0", "method": "window/logMessage", "params": {"type": 4, "message": "x"}})
            send({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                  "params": {"uri": uri, "version": version,
                             "diagnostics": [{"message": docs[uri]}]}})
        elif method == "shutdown":
            open(sys.argv[1], "w", encoding="utf-8").write(next(iter(docs.values())))
            send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
        elif method == "exit":
            sys.exit(0)
''')


def test_client_sends_exact_incremental_edits_and_times_each(tmp_path: Path) -> None:
    server = tmp_path / "server.py"
    server.write_text(SERVER)
    reply = tmp_path / "reply.txt"
    text = ("Hi 😀, the refund is on its way and the bank can take a few days.\n\n"
            "Café 😀😀: this is the form, or the link, and it was sent. ") * 4
    reply.write_text(text, encoding="utf-8")
    held = tmp_path / "held.txt"
    result = lsp_latency.measure([sys.executable, str(server), str(held)], reply, words=99,
                                 edits=6, timeout=20)
    assert result.sync == "incremental" and result.versioned
    assert len(result.edit_seconds) == 6 and all(s > 0 for s in result.edit_seconds)
    assert result.open_seconds > 0 and result.diagnostics == 1
    assert min(result.edit_seconds) <= result.median_seconds <= max(result.edit_seconds)
    expected = text
    for edit in lsp_latency.pick_edits(text, 6):
        expected = edit.apply(expected)
    assert expected != text
    assert held.read_text(encoding="utf-8") == expected  # every range was exact
    assert json.loads(json.dumps(result.to_json()))["median_seconds"] == result.median_seconds


def test_client_reports_a_server_that_dies(tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text("the cat and the dog is here or there. " * 5)
    with pytest.raises(measure.ToolError, match="exited"):
        lsp_latency.measure([sys.executable, "-c", "import sys; sys.stderr.write('boom\\n')"],
                            reply, words=10, edits=2, timeout=20)


def _commlint_has(command: str) -> bool:
    exe = REPO / ".venv" / "bin" / "commlint"
    return exe.exists() and command in peers.subcommands_in(
        subprocess.run([str(exe), "--help"], capture_output=True, text=True).stdout)


@pytest.mark.skipif(not _commlint_has("lsp"), reason="`commlint lsp` does not exist yet")
def test_latency_against_the_real_commlint_server(tmp_path: Path) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text("Hi Sam,\n\nThe refund is on its way and the bank can take a few days. "
                     "We guarantee this is the last time and it was fixed ASAP.\n\n"
                     "Let me know if the form or the link is unclear.\n\nThanks,\nAlex\n")
    result = lsp_latency.measure([str(REPO / ".venv" / "bin" / "commlint"), "lsp"], reply,
                                 words=45, edits=3, timeout=120)
    assert len(result.edit_seconds) == 3 and result.diagnostics > 0
    assert result.peak_rss_kib > 0


@pytest.mark.skipif(not _commlint_has("worker"), reason="`commlint worker` does not exist yet")
def test_worker_session_against_the_real_worker(tmp_path: Path) -> None:
    cl = peers.Commlint(peers.Workspace(tmp_path), REPO / ".venv" / "bin" / "commlint")
    env = cl.env(worker=True)
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Sam, we guarantee the refund is on its way ASAP.\n")
    with cl.worker(env, timeout=60) as session:
        assert session.pid and session.served is not None
        pid, served = session.pid, session.served
        done = measure.run(cl.typed_argv(draft), env=env, timeout=60)
        cl.check(done)
        peers.served_by_worker(done)
        session.expect_served(1, "one lint", pid, served)
        with pytest.raises(measure.ToolError, match="served 0 of 1"):
            session.expect_served(1, "no lint", pid, session.served)
        assert session.peak_rss_kib() > 50_000
    assert not peers.worker_running(measure.run([*cl.typed_argv(draft)[:1], "worker", "status"],
                                                env=env, timeout=60))


def test_a_missing_commlint_command_is_named_not_a_crash(tmp_path: Path) -> None:
    exe = REPO / ".venv" / "bin" / "commlint"
    cl = peers.Commlint(peers.Workspace(tmp_path), exe)
    assert "check" in cl.subcommands()
    assert cl.unavailable("no-such-command") == \
        "`commlint --help` lists no `no-such-command` command in this checkout"
    assert cl.jobs_default() != "?"
