"""KB findings per 1,000 words, by category: the whole shared KB corpus linted by the CLI.

Every article of ``kb-microsoft-support.jsonl`` and ``kb-arduino.jsonl`` is written, front
matter included, into a temporary folder as a ``.md`` file (the Markdown reader: "after"),
or with ``--before-plain`` as a ``.txt`` file of the same content (the plain reader, which
reads the Markdown as paragraphs: "before"), then linted with
``python -m commlint check --no-config --no-cache --format json -j 2 DIR``. Words are the
prose words of each article as ``benchmarks/corpus.py`` counts them (markup left out), the
same for both runs. Prints a Markdown table.

    .venv/bin/python benchmarks/kb_findings.py [--before-plain] [--corpus DIR] [--jobs N]
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import count_words, load_kb, markdown_to_prose, with_front_matter

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"


def run(corpus: Path, plain: bool, jobs: int) -> dict:
    """Lint every KB article; return words, articles, findings by category and timings."""
    articles = load_kb(corpus)
    suffix = ".txt" if plain else ".md"
    words = 0
    with tempfile.TemporaryDirectory(prefix="kb-findings-") as tmp:
        folder = Path(tmp)
        for doc in articles:
            (folder / f"{doc.stem}{suffix}").write_text(with_front_matter(doc), encoding="utf-8")
            words += count_words(markdown_to_prose(doc.text))
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "commlint", "check", "--no-config", "--no-cache", "--format", "json",
             "-j", str(jobs), str(folder)],
            cwd=REPO, capture_output=True, text=True,
        )
        seconds = time.monotonic() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"commlint exited {proc.returncode}: {proc.stderr.strip()[-400:]}")
    report = json.loads(proc.stdout)
    by_category = collections.Counter(f["category"] for f in report["findings"])
    statuses = collections.Counter(f["status"] for f in report["files"])
    return {
        "reader": "plain (.txt)" if plain else "markdown (.md)", "articles": len(articles), "words": words,
        "statuses": dict(statuses), "findings": sum(by_category.values()), "by_category": dict(by_category),
        "seconds": round(seconds, 1),
    }


def table(result: dict) -> str:
    """The result as a Markdown table: findings and findings per 1,000 words by category."""
    per = 1000 / max(result["words"], 1)
    lines = [
        f"KB corpus, {result['reader']} reader: {result['articles']} articles, {result['words']:,} words, "
        f"files {result['statuses']}, {result['seconds']} s",
        "",
        "| category | findings | per 1,000 words |",
        "|---|---:|---:|",
    ]
    for category, count in sorted(result["by_category"].items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"| {category} | {count} | {count * per:.2f} |")
    lines.append(f"| **all** | {result['findings']} | {result['findings'] * per:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--before-plain", action="store_true", help="lint the same files as .txt (the plain reader)")
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("COMMLINT_CORPUS", DEFAULT_CORPUS)))
    parser.add_argument("--jobs", "-j", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args(argv)
    if not all((args.corpus / name).exists() for name in ("kb-microsoft-support.jsonl", "kb-arduino.jsonl")):
        print(f"no KB corpus in {args.corpus}", file=sys.stderr)
        return 2
    result = run(args.corpus, args.before_plain, args.jobs)
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
