"""Unit tests of the benchmark harness (not of commlint): `.venv/bin/pytest benchmarks/tests`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import corpus
import measure
import peers
import report
import valestyle


def test_markdown_to_prose_drops_code_html_urls_and_markup() -> None:
    md = (
        "# Fix the sync\n\n"
        "> [!NOTE]\n> Read **this** first, see [the guide](https://example.com/guide).\n\n"
        "```powershell\nGet-Mailbox -Identity x\n```\n\n"
        "Visit https://example.com/a?b=c or <a href='x'>the portal</a>.\n\n"
        "- Step one\n\n    still step one\n\n"
        "| Name | Value |\n|---|---|\n| a | b |\n"
    )
    text = corpus.markdown_to_prose(md)
    assert "Get-Mailbox" not in text and "http" not in text and "<a" not in text
    assert "**" not in text and "#" not in text and "[!NOTE]" not in text
    assert "Read this first, see the guide." in text
    assert "the portal" in text and "still step one" in text
    assert "a, b" in text
    assert text.startswith("Fix the sync\n\n")


def test_indented_code_outside_lists_is_dropped() -> None:
    text = corpus.markdown_to_prose("Run this:\n\n    rm -rf /tmp/x\n\nDone.\n")
    assert "rm -rf" not in text and "Done." in text


def test_count_words_and_draft() -> None:
    assert corpus.count_words("Don't reboot the Wi-Fi router (v2).") == 7
    docs = [corpus.Document("a", "\n\n".join(["one two three four five six seven eight "
                                               "nine ten eleven twelve thirteen fourteen "
                                               "fifteen sixteen."] * 20))]
    draft = corpus.draft_of(docs, 200)
    assert corpus.count_words(draft) == 200 and draft.endswith(".\n")


def test_pick_evenly_is_fixed_and_spread() -> None:
    items = [corpus.Document(str(i), "") for i in range(10)]
    assert [d.stem for d in corpus.pick_evenly(items, 5)] == ["0", "2", "4", "6", "8"]
    assert len(corpus.pick_evenly(items, 50)) == 10


def test_go_literal_escapes_regex_and_both_apostrophes() -> None:
    assert valestyle.go_literal("C++ (v2)") == r"C\+\+ \(v2\)"
    assert valestyle.go_literal("that's") == "that['’]s"


def test_vale_style_from_packs(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    lex = tmp_path / "lex"
    rules.mkdir()
    lex.mkdir()
    (lex / "net.yaml").write_text(
        "lexicon: net\nterms:\n"
        "  - {term: latency, plain: delay, variants: [latencies]}\n"
        "  - {term: DNS, plain: address book, case_sensitive: true}\n")
    (rules / "p.yaml").write_text(
        "pack: p\nrules:\n"
        "  - {id: J1, name: jargon.net, type: phrase, matcher: {lexicons: [net]}}\n"
        "  - {id: T1, name: tone.x, type: phrase, matcher: {phrases: [obviously, {text: \"it's easy\"}]}}\n"
        "  - {id: T2, name: tone.off, type: phrase, enabled: false, matcher: {phrases: [nope]}}\n"
        "  - {id: R1, name: readability.x, type: metric, matcher: {measure: sentence_words}}\n")
    setup = valestyle.write_style(tmp_path / "vale", rules, lex)
    names = sorted(p.name for p in (tmp_path / "vale" / "styles" / "CommLint").glob("*.yml"))
    assert names == ["J1JargonNetCaseTerms.yml", "J1JargonNetTerms.yml", "T1ToneXPhrases.yml"]
    assert setup.rules == 3 and setup.terms == 5
    ini = setup.config.read_text()
    assert "BasedOnStyles = CommLint" in ini and "StylesPath = styles" in ini


def test_scaling_exponent() -> None:
    k, r2 = report.scaling_exponent([(100, 10.0), (200, 15.0), (400, 25.0)], startup=5.0)
    assert k == pytest.approx(1.0) and r2 == pytest.approx(1.0)
    k, _ = report.scaling_exponent([(100, 6.0), (200, 9.0), (400, 21.0)], startup=5.0)
    assert k == pytest.approx(2.0)
    assert report.scaling_exponent([(100, 1.0), (200, 2.0)])[0] is None


def test_results_round_trip_through_json() -> None:
    m = report.Measurement("commlint", "kb", 2, 1000, seconds=2.0, cpu_seconds=1.5,
                           peak_rss_kib=2048, findings=10)
    results = report.Results("2026-01-01", "python benchmarks/speed.py", False, {"CPU": "x"},
                             [report.Install("commlint", "0.1.0", 0.0, True)], {}, [m],
                             {"runs": [m], "error": "boom"}, [])
    again = report.Results.from_json(results.to_json())
    assert again.measurements[0].words_per_second == 500
    assert again.precommit["runs"][0].peak_rss_mib == 2.0


def test_run_measures_time_rss_and_exit_code() -> None:
    result = measure.run([sys.executable, "-c",
                          "import sys; b = bytearray(50_000_000); print('hi'); sys.exit(3)"])
    assert result.returncode == 3 and result.stdout.strip() == "hi"
    assert result.peak_rss_kib > 45_000 and result.seconds > 0


def test_run_timeout() -> None:
    with pytest.raises(measure.ToolError):
        measure.run([sys.executable, "-c", "import time; time.sleep(5)"], timeout=0.3)


def _run(stdout: str = "", stderr: str = "", code: int = 1) -> measure.Run:
    return measure.Run(("x",), 1.0, 1.0, 1000, code, stdout, stderr)


def test_finding_parsers(tmp_path: Path) -> None:
    ws = peers.Workspace(tmp_path)
    assert peers.WriteGood(ws).count_findings(
        _run("a.txt:1:0:\"very\" is a weasel word\nb.txt:3:4:\"so\" adds no meaning\n", code=255)) == 2
    alex_out = ("a.txt\n   1:1-1:10  warning  `Obviously` may be insensitive  obvious  retext-equality\n"
                "  2:3-2:6   warning  `him` may be insensitive  her-him  retext-equality\n\n"
                "b.txt: no issues found\n\n⚠ 2 warnings\n")
    assert peers.Alex(ws).count_findings(_run(stderr=alex_out)) == 2
    assert peers.alex_counts(_run(stderr=alex_out)) == {"a.txt": 2, "b.txt": 0}
    with pytest.raises(measure.ToolError):
        peers.alex_counts(_run(stderr="c.txt\n  1:1  error  Cannot read file\n"))
    pl = '{"result": {"file:///a": {"diagnostics": [{}, {}]}, "file:///b": {"diagnostics": []}}}'
    assert peers.Proselint(ws).count_findings(_run(pl)) == 2
    assert peers.Vale(ws).count_findings(_run('{"a.txt": [{}, {}, {}]}', code=0)) == 3
    cl = peers.Commlint(ws, Path("/nonexistent/commlint"))
    good = '{"files": [{"path": "a", "status": "linted"}], "findings": [{}, {}]}'
    assert cl.count_findings(_run(good)) == 2
    with pytest.raises(measure.ToolError):
        cl.count_findings(_run(good, "bad pack", code=2))
    with pytest.raises(measure.ToolError):
        peers.WriteGood(ws).count_findings(_run("", "no such file", code=1))
