"""The HTML audit report (``commlint report``), rendered in real headless Chromium (Debian's
``chromium``, driven by Playwright): the summary, the rows, the filters, no console errors
and no network request. The screenshot is saved under ``COMMLINT_TEST_OUTPUT`` (default
``.test-output/`` in the repository) and attached to the test's JUnit properties."""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from playwright import sync_api as playwright

from helpers import EXAMPLES, REPO, run_cli


OUTPUT = Path(os.environ.get("COMMLINT_TEST_OUTPUT", REPO / ".test-output"))

POOR_MACRO = "hey, pls restart ur router asap and we guarantee it works. Obviously you should have read the docs.\n"
CLEAN = "Hi Sam,\n\nThanks for writing in. I have reset your password, so you can sign in now. If it still fails, reply here and I will look again today.\n\nBest,\nAlex\n"
EXPORT = {"macros": [
    {"id": 11, "title": "Refund", "actions": [{"field": "comment_value", "value": "We will refund you ASAP, no worries lol."}]},
    {"id": 12, "title": "Thanks", "actions": [{"field": "comment_value", "value": CLEAN}]},
]}


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("chromium is not installed: scripts/test.sh installs Debian's chromium package")
    return path


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    """A small macro library: two poor messages, a clean one, an export and a broken file."""
    root = tmp_path_factory.mktemp("library")
    shutil.copy(EXAMPLES / "poor-reply.txt", root / "poor-reply.txt")
    (root / "restart.txt").write_text(POOR_MACRO)
    (root / "clean.txt").write_text(CLEAN)
    (root / "macros.json").write_text(json.dumps(EXPORT))
    (root / "broken.eml").write_bytes(b"\xff\xfe\x00garbage")
    return root


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    return page, problems, requests


def _report(library: Path, out: Path, *extra: str):
    return run_cli(["report", "--no-cache", str(library), "-o", str(out), *extra])


def test_the_report_renders_and_its_filters_work(library: Path, tmp_path: Path, browser, record_property) -> None:
    out = tmp_path / "report.html"
    result = _report(library, out)
    assert result.exit_code == 2, result.output  # broken.eml is unreadable: said, and the rest reported
    assert "broken.eml" in result.stderr and out.is_file()
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    html = out.read_text()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)  # nothing to fetch
    data = json.loads(re.search(r'id="report-data">(.*?)</script>', html, re.S).group(1).replace("<\\/", "</"))
    summary = data["summary"]
    linted = [m for m in data["messages"] if m["status"] == "linted"]
    total = sum(len(m["findings"]) for m in linted)
    assert summary["findings"] == total > 10 and summary["messages"] == len(linted) == 5

    page, problems, requests = _open(browser, out)
    text = page.inner_text("#summary")
    assert text.startswith(f"5 messages in 5 files: {total} findings")
    assert f"mean score {summary['mean_score']:g}" in text and "1 unreadable" in text
    assert page.locator("tr.finding").count() == total
    assert page.locator("tr.finding:visible").count() == total
    assert page.locator("section.message").count() == len(data["messages"])
    # worst first: the scores on the page never go up
    scores = [int(s) for s in page.locator("section.message .score").evaluate_all("els => els.map(e => e.dataset.score)")]
    assert scores == sorted(scores) and scores[-1] == 100
    # the chart has one bar per category, as many as the summary counts
    assert page.locator("#chart rect.bar").count() == len(summary["by_category"])

    category, count = next(iter(summary["by_category"].items()))
    page.select_option("#filter-category", category)
    assert page.locator("tr.finding:visible").count() == count
    assert page.inner_text("#shown-count") == str(count)
    visible_categories = set(page.locator("tr.finding:visible").evaluate_all("els => els.map(e => e.dataset.category)"))
    assert visible_categories == {category}
    page.select_option("#filter-category", "all")
    page.uncheck("input.filter-severity[value=warning]")
    expected = total - summary["by_severity"]["warning"]
    assert page.locator("tr.finding:visible").count() == expected
    assert page.inner_text("#shown-count") == str(expected)
    assert page.locator("section.message.hidden").count() >= 1  # the clean messages have nothing to show
    page.check("input.filter-severity[value=warning]")
    assert page.locator("tr.finding:visible").count() == total

    assert problems == []
    assert requests == [out.as_uri()]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    record_property("screenshot", str(shot))
    print(f"screenshot: {shot}")
    page.close()


def test_a_trend_against_an_earlier_report(library: Path, tmp_path: Path, browser) -> None:
    first = tmp_path / "first.html"
    _report(library, first)
    (library / "restart.txt").write_text("Hi Sam,\n\nThanks for waiting. Please restart your router, then reply here and I will check the line today.\n\nBest,\nAlex\n")
    try:
        second = tmp_path / "second.html"
        _report(library, second, "--previous", str(first))
        page, problems, _ = _open(browser, second)
        trend = page.inner_text("#trend")
        assert "Mean score" in trend and "restart.txt" in trend
        assert re.search(r"findings (\d+) → (\d+)", trend)
        then, now = map(int, re.search(r"findings (\d+) → (\d+)", trend).groups())
        assert now < then
        assert problems == []
        page.close()
        # the JSON of a check run works as the earlier run too
        as_json = tmp_path / "run.json"
        as_json.write_text(run_cli(["--no-cache", "--format", "json", str(library)]).stdout)
        assert _report(library, tmp_path / "third.html", "--previous", str(as_json)).exit_code == 2  # broken.eml
        assert "0 new, 0 gone" in (tmp_path / "third.html").read_text()
    finally:
        (library / "restart.txt").write_text(POOR_MACRO)


@pytest.mark.parametrize("content, problem", [
    (b"{not json", "is not an earlier report or JSON report"),
    (b'{"schema": "other"}', "is not a commlint report"),
    (b"\xff\xfe\x00", "is not UTF-8 text"),
])
def test_a_bad_earlier_report_is_one_line_and_writes_nothing(tmp_path: Path, content: bytes, problem: str) -> None:
    earlier = tmp_path / "earlier.json"
    earlier.write_bytes(content)
    out = tmp_path / "report.html"
    result = run_cli(["report", "--no-cache", str(EXAMPLES / "good-reply.txt"), "-o", str(out), "--previous", str(earlier)])
    assert result.exit_code == 2 and not out.exists()
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0] and "earlier.json" in lines[0]


def test_an_unwritable_report_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    result = run_cli(["report", "--no-cache", str(EXAMPLES / "good-reply.txt"), "-o", str(tmp_path / "a-file" / "r.html")])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot write the report" in result.stderr
