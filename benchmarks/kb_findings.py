"""KB findings per 1,000 words, by category: the whole shared KB corpus linted by the CLI.

Every article of ``kb-microsoft-support.jsonl`` and ``kb-arduino.jsonl`` is written, front
matter included, into a temporary folder as a ``.md`` file and linted with
``python -m commlint --no-config --no-cache --format json -j 2 --include '*.md' DIR``: by
this checkout ("after"), and with ``--before REF`` also by commlint as it was at git
ref ``REF`` ("before": checked out into a temporary worktree and run from there, same
Python environment, same files). Words are the prose words of each article as
``benchmarks/corpus.py`` counts them (markup left out), the same for both runs. Prints
Markdown tables; ``--write`` also writes them to ``benchmarks/results/``.

    .venv/bin/python benchmarks/kb_findings.py --before 80fba09 --write
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


def run(corpus: Path, jobs: int, ref: str | None = None) -> dict:
    """Lint every KB article with this checkout (or commlint at git ``ref``); return words,
    articles, findings by category and timings."""
    articles = load_kb(corpus)
    words = 0
    with tempfile.TemporaryDirectory(prefix="kb-findings-") as tmp:
        folder = Path(tmp) / "kb"
        folder.mkdir()
        for doc in articles:
            (folder / f"{doc.stem}.md").write_text(with_front_matter(doc), encoding="utf-8")
            words += count_words(markdown_to_prose(doc.text))
        env = {**os.environ, "COMMLINT_CACHE_DIR": str(Path(tmp) / "cache")}
        cwd = REPO
        if ref is not None:
            cwd = Path(tmp) / "before"
            subprocess.run(["git", "worktree", "add", "--detach", "-q", str(cwd), ref], cwd=REPO, check=True)
            env["PYTHONPATH"] = str(cwd)
        started = time.monotonic()
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "commlint", "check", "--no-config", "--no-cache", "--format", "json",
                 "--include", "*.md", "-j", str(jobs), str(folder)],
                cwd=cwd, env=env, capture_output=True, text=True,
            )
        finally:
            if ref is not None:
                subprocess.run(["git", "worktree", "remove", "--force", str(cwd)], cwd=REPO, check=False)
        seconds = time.monotonic() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"commlint exited {proc.returncode}: {proc.stderr.strip()[-400:]}")
    report = json.loads(proc.stdout)
    by_category = collections.Counter(f["category"] for f in report["findings"])
    statuses = collections.Counter(f["status"] for f in report["files"])
    version = ref or subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    return {
        "commlint": version, "articles": len(articles), "words": words,
        "statuses": dict(statuses), "findings": sum(by_category.values()), "by_category": dict(by_category),
        "seconds": round(seconds, 1),
    }


def table(result: dict) -> str:
    """The result as a Markdown table: findings and findings per 1,000 words by category."""
    per = 1000 / max(result["words"], 1)
    lines = [
        f"commlint at {result['commlint']}: {result['articles']} articles, {result['words']:,} words, "
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
    parser.add_argument("--before", metavar="REF", help="also lint with commlint as it was at this git ref")
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("COMMLINT_CORPUS", DEFAULT_CORPUS)))
    parser.add_argument("--jobs", "-j", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--write", action="store_true", help="write the tables to benchmarks/results/kb-findings-DATE.md")
    args = parser.parse_args(argv)
    if not all((args.corpus / name).exists() for name in ("kb-microsoft-support.jsonl", "kb-arduino.jsonl")):
        print(f"no KB corpus in {args.corpus}", file=sys.stderr)
        return 2
    results = ([run(args.corpus, args.jobs, args.before)] if args.before else []) + [run(args.corpus, args.jobs)]
    titles = (["Before", "After"] if args.before else ["Now"])
    text = "\n\n".join(f"## {title}\n\n{table(r)}" for title, r in zip(titles, results))
    text = (
        "# KB findings per 1,000 words, by category\n\n"
        f"Generated by `benchmarks/kb_findings.py{' --before ' + args.before if args.before else ''} --write` "
        f"on {time.strftime('%Y-%m-%d')}; do not edit.\n\n{text}\n"
    )
    print(text)
    if args.write:
        out = REPO / "benchmarks" / "results" / f"kb-findings-{time.strftime('%Y-%m-%d')}.md"
        out.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
