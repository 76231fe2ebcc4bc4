"""`commlint audit`: a ticket archive linted on a real Dask LocalCluster, written as
Parquet, identical to a single-process run, resumed after a kill without losing or
duplicating a row, and bad inputs refused in one line without touching what was written.

The archives are generated here from templates: short, varied support messages (good ones
and ones with jargon, overpromises, vague timelines, blame, slang, pasted card numbers)."""
from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow", reason="the audit extra is a test dependency (pip install -e '.[test]')")
pytest.importorskip("distributed", reason="the audit extra is a test dependency (pip install -e '.[test]')")
import pyarrow.parquet as pq  # noqa: E402

from commlint import Config, Linter  # noqa: E402
from commlint.audit.archive import open_archive  # noqa: E402
from commlint.audit.run import AuditOptions, run_audit  # noqa: E402
from commlint.audit.store import MANIFEST  # noqa: E402
from commlint.audit.work import message_document  # noqa: E402
from commlint.document.model import CHANNELS  # noqa: E402
from commlint.errors import InputError  # noqa: E402
from commlint.lint.scoring import score_of  # noqa: E402
from commlint.sources.plain import text_document  # noqa: E402
from helpers import REPO, run_cli  # noqa: E402

BIG = 20_000  #: messages of the archive the cluster lints (the acceptance asks for 20,000 or more)
RESUMED = 3_000  #: messages of the archive that is killed and resumed (the first rows of the big one)
FIELDS = ["ticket", "body", "agent", "channel", "created"]

# -- the generated archive --------------------------------------------------------------------

_NAMES = ["Sam", "Priya", "Jo", "Marta", "Kenji", "Ade", "Lena", "Tom", "Ines", "Ravi"]
_AGENTS = ["alex", "bea", "chris", "dana", "eli"]
_CHANNELS = ["email", "chat", "ticket", "phone", "email", "chat"]  # phone: kept as data, not a commlint channel
_THINGS = ["your invoice", "the refund", "your login", "the mobile app", "your order", "the sync", "your plan",
           "the export", "two-factor sign-in", "your subscription"]
_GREETINGS = ["Hi {name},", "Hello {name},", "Hey {name}!", "Dear {name},", ""]
_OPENERS = [
    "Thanks for reaching out about {thing}.", "Sorry about the trouble with {thing}.", "I checked {thing} for you.",
    "Per my last email, {thing} works as designed.", "Good news about {thing}!", "Thanks for your patience with {thing}.",
]
_MIDDLES = [
    "I have reset it, so you can sign in now.", "We guarantee this will never happen again!!!",
    "Our devs will push a hotfix to prod ASAP.", "It should be sorted soon.", "You should have read the FAQ first.",
    "The refund of $24 is on its way and shows in 5 business days.", "u can just clear the cache lol.",
    "Your card 4111 1111 1111 1111 was declined, please try another one.", "The SLA says we reply within 4 hours.",
    "I escalated it to tier 2 and they will get back to you at some point.", "Obviously this is a known issue.",
    "I updated the billing address on your account.", "Please reply with a screenshot of the error.",
]
_CLOSINGS = [
    "Let me know if anything else comes up.", "I will check again tomorrow at 10:00 and write to you.",
    "Hope this helps!", "Reply here if it still fails.", "Cheers,\nAlex", "Best regards,\nBea", "",
]


def message(i: int) -> dict[str, str]:
    """Row ``i`` of every generated archive (the same whatever its length)."""
    rng = random.Random(7919 * i + 17)
    name, thing = rng.choice(_NAMES), rng.choice(_THINGS)
    parts = [rng.choice(_GREETINGS), rng.choice(_OPENERS), *rng.sample(_MIDDLES, rng.randint(0, 2)), rng.choice(_CLOSINGS)]
    text = "\n\n".join(p for p in parts if p).format(name=name, thing=thing)
    return {"ticket": f"TCK-{100000 + i}", "body": text, "agent": rng.choice(_AGENTS), "channel": rng.choice(_CHANNELS),
            "created": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00Z"}


def write_archive(path: Path, count: int) -> Path:
    """The first ``count`` generated messages as CSV, JSONL or Parquet (by ``path``'s extension)."""
    rows = [message(i) for i in range(count)]
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, FIELDS)
            writer.writeheader()
            writer.writerows(rows)
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    return path


COLUMNS = ["--id-column", "ticket", "--author-column", "agent", "--date-column", "created"]
OPTION_COLUMNS = {"id": "ticket", "author": "agent", "date": "created"}


def _audit_command(archive: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "commlint", "audit", str(archive), "-o", str(out), *COLUMNS, "-w", "2", *extra]


def _rows(folder: Path, table: str) -> list[dict]:
    files = sorted((folder / table).glob("part-*.parquet"))
    return [row for f in files for row in pq.read_table(f).to_pylist()]


_COMPARED = ("rule_id", "severity", "start", "end", "line", "column", "match", "message", "suggestions")


def _by_row(findings: list[dict]) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = {}
    for f in findings:
        out.setdefault(f["row"], []).append(tuple(tuple(f[k]) if k == "suggestions" else f[k] for k in _COMPARED))
    return {row: sorted(items) for row, items in out.items()}


# -- the cluster run --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> tuple[Path, Path, object]:
    """20,000 messages linted on a LocalCluster of two worker processes: (archive, out, run)."""
    root = tmp_path_factory.mktemp("audit")
    archive = write_archive(root / "tickets.csv", BIG)
    out = root / "out"
    done = run_audit(archive, out, Config(), AuditOptions(columns=OPTION_COLUMNS, workers=2, partition_size=1000),
                     generated="test")
    return archive, out, done


@pytest.mark.slow
def test_audit_on_two_workers_writes_every_message_and_finding(big) -> None:
    archive, out, done = big
    assert done.workers == 2 and done.linted == BIG and done.resumed == 0
    messages = _rows(out, "messages")
    assert [m["row"] for m in messages] == list(range(BIG))
    assert messages[0]["id"] == "TCK-100000" and messages[0]["author"] == message(0)["agent"]
    assert messages[5]["date"] == message(5)["created"] and messages[5]["channel"] == message(5)["channel"]
    findings = _rows(out, "findings")
    assert sum(m["findings"] for m in messages) == len(findings) > BIG
    assert {f["category"] for f in findings} >= {"jargon", "overpromise", "timeline", "tone", "slang", "privacy"}
    summary = json.loads((out / "summary.json").read_text())
    assert summary["messages"] == BIG and summary["findings"] == len(findings)
    assert sum(summary["by_severity"].values()) == len(findings) == sum(summary["by_category"].values())
    assert sum(summary["score_bands"].values()) == BIG
    assert summary["by_channel"]["phone"]["messages"] == sum(m["channel"] == "phone" for m in messages)
    scores = [m["score"] for m in messages]
    assert summary["lowest_score"] == min(scores) and summary["mean_score"] == round(sum(scores) / BIG, 1)
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["complete"] and manifest["messages"] == BIG and len(manifest["partitions"]) == BIG // 1000
    page = (out / "report.html").read_text()
    assert f"{BIG} messages in 1 file" in page and "The 200 lowest-scoring of 20,000 messages are shown" in page
    assert page.count('<section class="message"') == 200
    assert "<script src" not in page and "http://" not in page.split('id="report-data"')[0].split("<body>")[1]
    assert oct((out / "report.html").stat().st_mode & 0o777) == "0o600"


@pytest.mark.slow
def test_audit_findings_and_scores_are_those_of_one_process(big) -> None:
    archive, out, _ = big
    sample = list(range(3, BIG, 20))  # 1,000 messages from every partition
    # as a library user would: texts, and a Document where the archive names a commlint channel
    items = [text_document(message(i)["body"], channel=message(i)["channel"]) if message(i)["channel"] in CHANNELS
             else message(i)["body"] for i in sample]
    linter = Linter(Config())
    expected = dict(zip(sample, linter.lint_many(items)))
    audited = _by_row([f for f in _rows(out, "findings") if f["row"] in expected])
    for row, findings in expected.items():
        mine = sorted((f.rule_id, f.severity.label, f.start, f.end, f.line, f.column, f.match, f.message, f.suggestions)
                      for f in findings)
        assert audited.get(row, []) == mine, row
    messages = {m["row"]: m for m in _rows(out, "messages") if m["row"] in expected}
    documents = [message_document(message(i)["body"], message(i)["channel"]) for i in sample]
    found = dict(zip(sample, linter.check_documents(documents)))
    for row, document in zip(sample, documents):
        assert messages[row]["score"] == score_of(Config(), document, found[row]).score, row


@pytest.mark.slow
def test_rerunning_a_complete_audit_lints_nothing_and_writes_the_same(big) -> None:
    archive, out, _ = big
    before = {p: p.read_bytes() for p in sorted(out.glob("*/part-*.parquet"))}
    result = run_cli(["audit", str(archive), "-o", str(out), *COLUMNS, "-w", "2", "--partition-size", "1000"])
    assert result.exit_code == 0, result.output
    assert "linted 0 now" in result.output and "20 partitions written before were kept" in result.output
    assert {p: p.read_bytes() for p in sorted(out.glob("*/part-*.parquet"))} == before


# -- interrupted and resumed ------------------------------------------------------------------


@pytest.mark.slow
def test_a_killed_audit_resumes_without_losing_or_duplicating_rows(big, tmp_path) -> None:
    archive = write_archive(tmp_path / "first.csv", RESUMED)
    out = tmp_path / "out"
    command = _audit_command(archive, out, "--partition-size", "150", "-q")
    process = subprocess.Popen(command, cwd=tmp_path, start_new_session=True, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ, "COMMLINT_NO_WORKER": "1"})
    deadline = time.monotonic() + 240
    written = 0
    try:
        while time.monotonic() < deadline and process.poll() is None:
            try:
                written = len(json.loads((out / MANIFEST).read_text())["partitions"])
            except (OSError, ValueError):
                written = 0
            if written >= 3:
                break
            time.sleep(0.2)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the client, its scheduler and its worker processes
        process.wait(timeout=30)
    assert 3 <= written < RESUMED // 150, process.stderr.read().decode()[-2000:]
    manifest = json.loads((out / MANIFEST).read_text())
    assert not manifest["complete"]
    kept = {p.name: p.read_bytes() for p in (out / "messages").glob("part-*.parquet")
            if str(int(p.stem.split("-")[1])) in manifest["partitions"]}

    again = subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=300,
                           env={**os.environ, "COMMLINT_NO_WORKER": "1"})
    assert again.returncode == 0, again.stderr.decode()[-2000:]
    messages = _rows(out, "messages")
    assert [m["row"] for m in messages] == list(range(RESUMED))
    assert len({m["id"] for m in messages}) == RESUMED
    for name, data in kept.items():  # the partitions written before the kill were not redone
        assert (out / "messages" / name).read_bytes() == data
    assert not list(out.glob("*/.part-*"))
    # the same rows as the uninterrupted run, cut into other partitions
    findings = _by_row(_rows(out, "findings"))
    reference = _by_row([f for f in _rows(big[1], "findings") if f["row"] < RESUMED])
    assert findings == reference
    summary = json.loads((out / "summary.json").read_text())
    assert summary["messages"] == RESUMED and summary["findings"] == sum(len(v) for v in findings.values())


# -- the workers ----------------------------------------------------------------------------


@pytest.mark.slow
def test_each_worker_builds_one_linter_and_keeps_it() -> None:
    from commlint.audit.archive import Partition
    from commlint.audit.cluster import connect
    from commlint.audit.run import _warm
    from commlint.audit.work import lint_partition

    config = Config(select=("tone", "overpromise"))
    with connect(None, 2, 10) as client:
        _warm(client, config, "commlint-audit-test")
        parts = [Partition(n, n * 40, {"id": [str(i) for i in range(n * 40, n * 40 + 40)],
                                      "text": [message(i)["body"] for i in range(n * 40, n * 40 + 40)],
                                      "author": [None] * 40, "channel": [None] * 40, "date": [None] * 40})
                 for n in range(8)]
        futures = [client.submit(lint_partition, config, p, pure=False) for p in parts]
        tables = client.gather(futures)

        def linters() -> int:
            from commlint.audit import work
            return len(work._POOL._linters)

        per_worker = client.run(linters)
    assert sum(t[1].num_rows for t in tables) == 320
    assert len(per_worker) == 2 and set(per_worker.values()) == {1}


# -- the archive formats --------------------------------------------------------------------


def test_csv_jsonl_and_parquet_archives_give_the_same_partitions(tmp_path) -> None:
    seen = []
    for suffix in (".csv", ".jsonl", ".parquet"):
        archive = open_archive(write_archive(tmp_path / f"a{suffix}", 95), columns=OPTION_COLUMNS)
        assert archive.columns == {"id": "ticket", "text": "body", "author": "agent", "channel": "channel", "date": "created"}
        parts = list(archive.partitions(40))
        assert [len(p) for p in parts] == [40, 40, 15] and [p.first for p in parts] == [0, 40, 80]
        assert archive.count() == 95
        seen.append([p.values for p in parts])
    assert seen[0] == seen[1] == seen[2]
    assert seen[0][0]["text"][3] == message(3)["body"]


def test_parquet_ids_and_timestamps_are_read_as_text(tmp_path) -> None:
    import datetime

    path = tmp_path / "typed.parquet"
    when = datetime.datetime(2026, 3, 4, 5, 6, 7)
    pq.write_table(pa.table({"id": [1, 2], "text": ["Hi", None], "date": [when, when]}), path)
    (part,) = open_archive(path).partitions(10)
    assert part.values["id"] == ["1", "2"] and part.values["text"] == ["Hi", None]
    assert part.values["date"] == [when.isoformat()] * 2 and part.values["author"] == [None, None]


# -- bad inputs -----------------------------------------------------------------------------


def _one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("commlint: error: "), result.output
    return lines[0]


def test_a_missing_column_names_the_file_and_the_column(tmp_path) -> None:
    archive = tmp_path / "tickets.csv"
    archive.write_text("id,message\n1,hello\n")
    line = _one_line_error(run_cli(["audit", str(archive), "-o", str(tmp_path / "out")]))
    assert str(archive) in line and "'text' or 'body'" in line and "--text-column" in line
    line = _one_line_error(run_cli(["audit", str(archive), "-o", str(tmp_path / "out"), "--text-column", "message",
                                    "--author-column", "agent"]))
    assert "no column 'agent'" in line
    assert not (tmp_path / "out").exists()


def test_a_corrupt_parquet_file_is_one_line(tmp_path) -> None:
    good = write_archive(tmp_path / "good.parquet", 10)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    line = _one_line_error(run_cli(["audit", str(broken), "-o", str(tmp_path / "out")]))
    assert str(broken) in line and "is not a readable Parquet file" in line


def test_broken_jsonl_and_csv_lines_are_named(tmp_path) -> None:
    archive = tmp_path / "t.jsonl"
    archive.write_text('{"id": 1, "text": "hi"}\n{"id": 2, "text": \n')
    with pytest.raises(InputError, match="line 2 is not JSON"):
        list(open_archive(archive).partitions(10))
    archive.write_text('["id", "text"]\n')
    line = _one_line_error(run_cli(["audit", str(archive), "-o", str(tmp_path / "out")]))
    assert line == f"commlint: error: {archive}: line 1 is not a JSON object"
    csv_file = tmp_path / "t.csv"
    csv_file.write_bytes(b"id,text\n1,caf\xe9\n")
    line = _one_line_error(run_cli(["audit", str(csv_file), "-o", str(tmp_path / "out")]))
    assert f"{csv_file}: is not UTF-8 text" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_an_archive_broken_further_on_keeps_the_partitions_before_it(tmp_path) -> None:
    archive = write_archive(tmp_path / "t.csv", 300)
    data = archive.read_bytes()
    cut = data.index(message(280)["ticket"].encode())
    archive.write_bytes(data[:cut] + b"\xff" + data[cut:])  # row 280 is not UTF-8
    out = tmp_path / "out"
    line = _one_line_error(run_cli(["audit", str(archive), "-o", str(out), *COLUMNS, "-w", "1", "--partition-size", "50"]))
    assert f"{archive}: is not UTF-8 text" in line
    manifest = json.loads((out / MANIFEST).read_text())
    assert not manifest["complete"] and len(manifest["partitions"]) >= 4  # read in 8 KB blocks: rows up to ~250 kept
    assert [m["row"] for m in _rows(out, "messages")] == list(range(50 * len(manifest["partitions"])))


@pytest.mark.slow
def test_bad_runs_leave_an_earlier_audit_as_it_was(tmp_path) -> None:
    archive = write_archive(tmp_path / "small.csv", 60)
    out = tmp_path / "out"
    first = run_cli(["audit", str(archive), "-o", str(out), *COLUMNS, "-w", "1", "--partition-size", "25"])
    assert first.exit_code == 0, first.output
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    started = time.monotonic()
    line = _one_line_error(run_cli(["audit", str(archive), "-o", str(out), *COLUMNS, "--partition-size", "25",
                                    "--restart", "--scheduler", "tcp://127.0.0.1:9", "--connect-timeout", "1"]))
    assert "tcp://127.0.0.1:9: cannot reach the Dask scheduler" in line and time.monotonic() - started < 30

    line = _one_line_error(run_cli(["audit", str(archive), "-o", str(out), *COLUMNS, "--partition-size", "25",
                                    "--select", "tone"]))
    assert "another configuration" in line and "--restart" in line
    line = _one_line_error(run_cli(["audit", str(archive), "-o", str(out), *COLUMNS, "--partition-size", "50"]))
    assert "other options (--partition-size 25 then, 50 now)" in line
    write_archive(archive, 61)  # the archive changed: refused, not mixed
    line = _one_line_error(run_cli(["audit", str(archive), "-o", str(out), *COLUMNS, "--partition-size", "25"]))
    assert "another archive" in line and "--restart" in line
    assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before

    line = _one_line_error(run_cli(["audit", str(archive), "-o", str(tmp_path), *COLUMNS]))
    assert "is not empty and holds no audit" in line

    again = run_cli(["audit", str(archive), "-o", str(out), *COLUMNS, "-w", "1", "--partition-size", "25", "--restart"])
    assert again.exit_code == 0, again.output
    assert [m["row"] for m in _rows(out, "messages")] == list(range(61))


def test_without_the_audit_extra_it_says_what_to_install(tmp_path) -> None:
    program = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('distributed', 'dask', 'pyarrow'):\n"
        "            raise ImportError(f'No module named {name!r}')\n"
        "sys.meta_path.insert(0, Block())\n"
        "from commlint.cli import main\n"
        "main(['audit', 'tickets.csv', '-o', 'out'])\n"
    )
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == ("commlint: error: commlint audit needs dask[distributed] and pyarrow: "
                                   "pip install 'commlint[audit]' (or pip install 'dask[distributed]' pyarrow)")
