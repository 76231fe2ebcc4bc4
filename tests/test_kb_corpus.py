"""Acceptance on real help centres: a sample of the shared KB corpus written as Markdown
files, linted by the real CLI with default options. Every article is linted, no finding
falls in code, a URL, front matter or a Liquid tag (found here independently, with plain
regular expressions over the raw Markdown), and no greeting, sign-off or next-step finding
appears on an article. Skipped when the corpus is not beside the repository."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = ("kb-arduino.jsonl", "kb-microsoft-support.jsonl")
EVERY = 20  #: every 20th article of each source: about 70 in all

_FENCE = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(`{3,}|~{3,})")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)  # inline: no blank line inside
_URL = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|<(?:https?|mailto):[^>]*>|\b(?:https?://|www\.)[^\s<>()\[\]`\"']+", re.I)
_LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def _articles() -> list[tuple[str, str]]:
    out = []
    for source in SOURCES:
        lines = (CORPUS / source).read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            if index % EVERY or not line.strip():
                continue
            row = json.loads(line)
            header = yaml.safe_dump(row.get("front_matter") or {}, sort_keys=False, allow_unicode=True).strip()
            body = str(row["body"]).lstrip()
            text = f"---\n{header}\n---\n\n{body}" if row.get("front_matter") else body
            out.append((f"{source.split('.')[0]}-{index:04d}.md", text))
    return out


def _regions(text: str) -> list[tuple[int, int, str]]:
    """Code, URLs, front matter and Liquid tags of raw Markdown."""
    regions = [(m.start(), m.end(), "front matter") for m in _FRONT_MATTER.finditer(text)]
    pos, fence, start = 0, None, 0
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if fence is None and m:
            fence, start = m.group(1)[0] * 3, pos
        elif fence is not None and m and m.group(1).startswith(fence):
            regions.append((start, pos + len(line), "code"))
            fence = None
        pos += len(line)
    if fence is not None:
        regions.append((start, len(text), "code"))
    regions += [(m.start(), m.end(), "code") for m in _CODE_SPAN.finditer(text)]
    regions += [(m.start(), m.end(), "url") for m in _URL.finditer(text)]
    regions += [(m.start(), m.end(), "liquid tag") for m in _LIQUID.finditer(text)]
    return regions


def _falls_in(finding: dict, regions: list[tuple[int, int, str]]) -> str | None:
    """The region a finding falls in: a word-level finding touching it, or any finding
    wholly inside it (a sentence-level finding may hold a URL or a code span)."""
    start, end = finding["start"], finding["end"]
    short = len(finding["match"].split()) <= 4
    for a, b, reason in regions:
        if (a <= start and end <= b) or (short and a < end and start < b):
            return reason
    return None


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[dict, dict[str, str]]:
    if not all((CORPUS / s).exists() for s in SOURCES):
        pytest.skip("the shared KB corpus is not beside the repository")
    folder = tmp_path_factory.mktemp("kb")
    texts = {}
    for name, text in _articles():
        (folder / name).write_text(text, encoding="utf-8")
        texts[name] = text
    run = subprocess.run(
        [sys.executable, "-m", "commlint", "--no-config", "--no-cache", "--format", "json", str(folder)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout), texts


def test_every_article_is_linted(report):
    data, texts = report
    statuses = {Path(f["path"]).name: f["status"] for f in data["files"]}
    assert len(texts) >= 60
    assert statuses == {name: "linted" for name in texts}


def test_no_finding_in_code_urls_front_matter_or_liquid(report):
    data, texts = report
    wrong = []
    for finding in data["findings"]:
        text = texts[Path(finding["path"]).name]
        assert text[finding["start"]:finding["end"]] == finding["match"] or finding["category"] == "privacy"
        reason = _falls_in(finding, _regions(text))
        if reason:
            wrong.append((reason, finding["rule_id"], finding["match"], Path(finding["path"]).name))
    assert wrong == []


def test_no_courtesy_or_next_step_finding_on_articles(report):
    data, _ = report
    assert [f for f in data["findings"] if f["category"] in ("courtesy", "next-steps")] == []
