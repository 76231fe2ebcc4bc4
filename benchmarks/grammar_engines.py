"""Which grammar engine should be the default? Harper (in process) against LanguageTool (a
local server), measured through commlint's own grammar rule, so the figures are what users
get: the engines' findings after commlint's filters (placeholders, code, names).

- **Drafts:** support drafts with one planted slip each (benchmarks/grammar/drafts.yaml,
  written for this benchmark): a slip is found when a grammar finding overlaps it; every
  grammar finding on the corrected drafts is a false flag.
- **KB corpus:** grammar findings per 1,000 words on KB articles read as Markdown (edited,
  published text: nearly every finding there is a false flag), with the rules behind them.
- **Chat replies:** findings per 1,000 words on real support-staff chat replies.
- **Speed:** words per second of the grammar rule alone on the KB sample (one process,
  engine warm; LanguageTool's server on this machine).

    .venv/bin/python benchmarks/grammar_engines.py --corpus ../shared/corpus --results benchmarks/results

The corpus is read at run time and never copied; results are written, never edited.
"""
from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

os.environ.setdefault("COMMLINT_NO_WORKER", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from commlint.config import Config  # noqa: E402
from commlint.lint.engine import Linter  # noqa: E402
from commlint.sources import read_documents  # noqa: E402
from commlint.sources.plain import text_document  # noqa: E402

_MARK = re.compile(r"\[\[(.+?)\]\]")
ENGINES = ("harper", "languagetool")


def _drafts() -> list[tuple[str, tuple[int, int], str]]:
    out = []
    for item in yaml.safe_load((HERE / "grammar" / "drafts.yaml").read_text())["drafts"]:
        m = _MARK.search(item["bad"])
        text = item["bad"][: m.start()] + m.group(1) + item["bad"][m.end() :]
        out.append((text, (m.start(), m.start() + len(m.group(1))), item["good"]))
    return out


def _linter(engine: str, **settings) -> Linter:
    return Linter(Config(grammar=engine, select=("GR",), **settings))


def drafts_figures(engine: str) -> dict:
    linter = _linter(engine)
    drafts = _drafts()
    found = missed = 0
    missed_examples = []
    for (text, (a, b), _), findings in zip(drafts, linter.lint_texts([d[0] for d in drafts])):
        if any(f.start < b and a < f.end for f in findings):
            found += 1
        else:
            missed += 1
            missed_examples.append(text[a:b])
    false = collections.Counter()
    for findings in linter.lint_texts([d[2] for d in drafts]):
        for f in findings:
            false[f"{f.rule_id} '{f.match}'"] += 1
    return {"drafts": len(drafts), "found": found, "missed": missed_examples, "false_flags": sum(false.values()),
            "false_examples": false.most_common(8)}


def _kb_documents(corpus: Path, limit: int) -> list:
    rows = []
    for name in ("kb-microsoft-support.jsonl", "kb-arduino.jsonl"):
        with open(corpus / name, encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle]
    step = max(1, len(rows) // limit)
    documents = []
    for row in rows[::step][:limit]:
        documents += read_documents(row["body"].encode("utf-8"), "article.md")
    return documents


def kb_figures(engine: str, documents: list) -> dict:
    linter = _linter(engine, grammar_documents=("article",))
    words = sum(len(s.text.split()) for d in documents for s in d.segments)
    linter.lint_text("Warm the engine up with one sentence.")
    started = time.perf_counter()
    rules = collections.Counter()
    for findings in linter.lint_many(documents):
        for f in findings:
            rules[f.rule_id] += 1
    seconds = time.perf_counter() - started
    total = sum(rules.values())
    return {"words": words, "findings": total, "per_1000_words": round(1000 * total / max(words, 1), 2),
            "words_per_second": round(words / seconds), "top_rules": rules.most_common(8)}


def chat_figures(engine: str, corpus: Path, limit: int) -> dict:
    with open(corpus / "replies-stripe-staff.jsonl", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle][:limit]
    linter = _linter(engine, channel="chat")
    words = sum(len(t.split()) for t in texts)
    rules = collections.Counter()
    for findings in linter.lint_many(text_document(t) for t in texts):
        for f in findings:
            rules[f.rule_id] += 1
    total = sum(rules.values())
    return {"messages": len(texts), "words": words, "findings": total,
            "per_1000_words": round(1000 * total / max(words, 1), 2), "top_rules": rules.most_common(8)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--replies", type=int, default=1000)
    args = parser.parse_args()
    documents = _kb_documents(args.corpus, args.articles)
    figures = {}
    for engine in ENGINES:
        print(f"{engine}: drafts", file=sys.stderr)
        figures[engine] = {"drafts": drafts_figures(engine)}
        print(f"{engine}: KB", file=sys.stderr)
        figures[engine]["kb"] = kb_figures(engine, documents)
        print(f"{engine}: chat", file=sys.stderr)
        figures[engine]["chat"] = chat_figures(engine, args.corpus, args.replies)
    commit = os.environ.get("COMMLINT_BENCH_COMMIT") or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True).stdout.strip() or "unknown"
    day = datetime.date.today().isoformat()
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / f"{day}-grammar.json").write_text(json.dumps({"commit": commit, **figures}, indent=2) + "\n")
    (args.results / f"{day}-grammar.md").write_text(_report(figures, commit, day))
    print(_report(figures, commit, day))


def _report(figures: dict, commit: str, day: str) -> str:
    lines = [
        f"# Grammar engines, {day} (commit {commit})",
        "",
        "Generated by `benchmarks/grammar_engines.py`; do not edit. Through commlint's grammar rule (GR) with",
        "its filters, so these are the findings users get.",
        "",
        "| | Harper | LanguageTool |",
        "|---|---|---|",
    ]
    h, lt = figures["harper"], figures["languagetool"]
    row = lambda label, f: lines.append(f"| {label} | {f(h)} | {f(lt)} |")  # noqa: E731
    row("planted slips found in drafts", lambda x: f"{x['drafts']['found']} / {x['drafts']['drafts']}")
    row("false flags on the corrected drafts", lambda x: x["drafts"]["false_flags"])
    row("KB findings per 1,000 words (nearly all false)", lambda x: x["kb"]["per_1000_words"])
    row("chat replies: findings per 1,000 words", lambda x: x["chat"]["per_1000_words"])
    row("words/s, grammar rule alone, KB sample", lambda x: f"{x['kb']['words_per_second']:,}")
    lines += ["", f"KB sample: {h['kb']['words']:,} words; chat: {h['chat']['messages']} replies, {h['chat']['words']:,} words.", ""]
    for name, f in (("Harper", h), ("LanguageTool", lt)):
        lines += [f"## {name}", "", f"- missed slips: {', '.join(repr(m) for m in f['drafts']['missed']) or 'none'}",
                  f"- false flags on corrected drafts: {f['drafts']['false_examples'] or 'none'}",
                  f"- KB, most frequent: {f['kb']['top_rules']}", f"- chat, most frequent: {f['chat']['top_rules']}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
