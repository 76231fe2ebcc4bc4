"""Every flag commlint raises on the Stripe staff replies, with a person's verdict on each.

The replies are read from the shared corpus at run time, as chat turns in a channel for
developers (kind reply, channel chat, audience technical). Verdicts are kept in
``benchmarks/stripe_verdicts.yaml``, keyed by reply and rule and matched words (no corpus
text is stored there): ``right`` (a support lead would flag it too), ``wrong`` (a false
alarm) or ``unsure``. Writes ``benchmarks/results/stripe-flags-<date>.md`` with the share
of replies flagged per category, how many flags were checked and how many were right.

Usage: ``python benchmarks/stripe_flags.py [--corpus DIR] [--unlabelled]``
(``--unlabelled`` prints the flags that have no verdict yet, to read and label them).
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (benchmarks/corpus.py)

VERDICTS = HERE / "stripe_verdicts.yaml"
TARGET = 0.05  #: at most this share of replies flagged per category


def flag_key(stem: str, rule_id: str, match: str) -> str:
    """How a flag is named in the verdict file: reply, rule, matched words (short)."""
    return f"{stem}:{rule_id}:{' '.join(match.lower().split())[:40]}"


def lint_as_chat(docs: list, linter=None) -> list:
    """Each reply's findings, read as a chat turn in a channel for developers (kind reply,
    channel chat, audience technical): how every evaluation reads these replies."""
    from commlint import Config, Linter
    from commlint.sources.plain import text_document

    # the grammar engine pinned as in benchmarks/eval.py (a plain install's), so the verdicts
    # read here are on the flags eval.py counts, whatever this machine has installed
    linter = linter or Linter(Config(grammar="harper"))
    documents = [text_document(d.text).with_settings(kind="reply", channel="chat", audience="technical") for d in docs]
    return list(linter.lint_many(documents))


def flags(corpus_dir: Path) -> tuple[int, list[tuple[str, str, str, str, str]]]:
    """(replies, [(key, category, rule id, match, reply text)]) for every finding."""
    docs = corpus.load_replies(corpus_dir)
    out = []
    for doc, findings in zip(docs, lint_as_chat(docs)):
        for f in findings:
            out.append((flag_key(doc.stem, f.rule_id, f.match), f.category, f.rule_id, f.match, doc.text))
    return len(docs), out


def _short(text: str, limit: int = 110) -> str:
    flat = " ".join(text.split()).replace("|", "\\|")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def report(replies: int, found: list, verdicts: dict) -> str:
    by_category: dict[str, list] = collections.defaultdict(list)
    for item in found:
        by_category[item[1]].append(item)
    lines = [
        f"# Stripe staff replies: every flag, checked by hand — {dt.date.today().isoformat()}",
        "",
        f"{replies} replies from `replies-stripe-staff.jsonl`, read as chat turns in a developer channel "
        "(audience technical). A verdict is a person's reading: `right` (a support lead would flag it), "
        "`wrong` (a false alarm), `unsure`. Verdicts live in `benchmarks/stripe_verdicts.yaml`.",
        "",
        "| category | replies flagged | share | target ≤ 5 % | flags | checked | right | wrong |",
        "|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    for category, items in sorted(by_category.items()):
        replies_flagged = len({key.split(":")[0] for key, *_ in items})
        checked = [verdicts[key]["verdict"] for key, *_ in items if key in verdicts]
        share = replies_flagged / replies
        lines.append(
            f"| {category} | {replies_flagged} | {100 * share:.1f} % | {'met' if share <= TARGET else '**missed**'} "
            f"| {len(items)} | {len(checked)} | {checked.count('right')} | {checked.count('wrong')} |"
        )
    for category, items in sorted(by_category.items()):
        lines += ["", f"## {category}", "", "| rule | words | in the reply | verdict | note |", "|---|---|---|---|---|"]
        for key, _, rule_id, match, text in items:
            v = verdicts.get(key, {})
            lines.append(f"| {rule_id} | {_short(match, 50)} | {_short(text)} | {v.get('verdict', '—')} | {v.get('note', '')} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus")
    parser.add_argument("--unlabelled", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    verdicts = (yaml.safe_load(VERDICTS.read_text(encoding="utf-8")) or {}) if VERDICTS.exists() else {}
    replies, found = flags(args.corpus)
    if args.unlabelled:
        for key, category, rule_id, match, text in found:
            if key not in verdicts:
                print(f"{key}\t{category}\t{match!r}\t{_short(text, 200)}")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"stripe-flags-{dt.date.today().isoformat()}.md"
    path.write_text(report(replies, found, verdicts), encoding="utf-8")
    print(path)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    raise SystemExit(main())
