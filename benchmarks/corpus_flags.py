"""Every flag this checkout raises on the shared corpus, to read what a rule change newly
flags on real text before it lands.

The corpora are read at run time from ``../shared/corpus/`` (never copied): the Stripe
staff replies as chat turns for developers (as ``stripe_flags.py`` and ``eval.py`` read
them), the KB articles as Markdown files with their front matter (as ``eval.py`` does), and
the rated politeness requests as plain replies. One line per finding:
``corpus<TAB>id<TAB>rule<TAB>matched words``, sorted.

    git stash; python benchmarks/corpus_flags.py --save /tmp/before.tsv; git stash pop
    python benchmarks/corpus_flags.py --against /tmp/before.tsv --category tone

``--against`` prints the flags that are new and those that are gone, each with the
sentence around it (for a person to read), and counts per rule. Nothing is written into
the repository.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (benchmarks/corpus.py)
import stripe_flags  # noqa: E402

DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
POLITENESS = "tone-politeness-dev.jsonl"
CORPORA = ("stripe", "kb", "politeness")

Flag = tuple[str, str, str, str]  #: corpus, id, rule id, matched words (one line)


def _line(text: str) -> str:
    return " ".join(text.split())


def _context(text: str, start: int, end: int, width: int = 90) -> str:
    return _line(text[max(0, start - width):end + width])


def lint_corpora(corpus_dir: Path, which: tuple[str, ...], categories: set[str] | None) -> tuple[list[Flag], dict[Flag, str]]:
    """(sorted flags, the text around each) for the corpora ``which``."""
    from commlint import Config, Linter
    from commlint.sources import read_documents

    linter = Linter(Config(grammar="off"))
    flags: list[Flag] = []
    around: dict[Flag, str] = {}

    def keep(name: str, ident: str, text: str, findings) -> None:
        for f in findings:
            if categories and f.category not in categories:
                continue
            flag = (name, ident, f.rule_id, _line(f.match)[:80])
            flags.append(flag)
            around.setdefault(flag, _context(text, f.start, f.end))

    if "stripe" in which:
        docs = corpus.load_replies(corpus_dir)
        for doc, findings in zip(docs, stripe_flags.lint_as_chat(docs, linter)):
            keep("stripe", doc.stem, doc.text, findings)
    if "kb" in which:
        docs = corpus.load_kb(corpus_dir)
        files = [corpus.with_front_matter(d) for d in docs]
        documents = [read_documents(text.encode("utf-8"), f"{d.stem}.md")[0] for d, text in zip(docs, files)]
        for doc, text, findings in zip(docs, files, linter.lint_many(documents)):
            keep("kb", doc.stem, text, findings)
    if "politeness" in which:
        with (corpus_dir / POLITENESS).open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        for row, findings in zip(rows, linter.lint_texts([r["text"] for r in rows])):
            keep("politeness", f"{row['id']}[{row['label']}]", row["text"], findings)
    return sorted(set(flags)), around


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("COMMLINT_CORPUS", DEFAULT_CORPUS)))
    parser.add_argument("--only", choices=CORPORA, action="append", help="only this corpus (repeatable)")
    parser.add_argument("--category", action="append", help="only findings of this category (repeatable)")
    parser.add_argument("--save", type=Path, help="write the flags here (TSV)")
    parser.add_argument("--against", type=Path, help="compare with flags saved earlier and print what changed")
    args = parser.parse_args(argv)
    flags, around = lint_corpora(args.corpus, tuple(args.only or CORPORA), set(args.category or ()) or None)
    if args.save:
        args.save.write_text("".join("\t".join(f) + "\n" for f in flags), encoding="utf-8")
    if args.against:
        before = {tuple(line.split("\t")) for line in args.against.read_text(encoding="utf-8").splitlines() if line}
        if args.only or args.category:
            before = {f for f in before if f[0] in (args.only or CORPORA)}
        now = set(flags)
        if args.category:
            # the saved file may hold every category: keep the rules seen with these ones
            rules = {f[2] for f in now}
            before = {f for f in before if f[2] in rules}
        new, gone = sorted(now - before), sorted(before - now)
        for title, group in (("new", new), ("gone", gone)):
            print(f"## {title}: {len(group)}")
            for f in group:
                print(f"{f[0]} {f[1]} {f[2]} «{f[3]}» :: {around.get(f, '')}")
        counts = collections.Counter((f[0], f[2], "+") for f in new) + collections.Counter((f[0], f[2], "-") for f in gone)
        print("## per rule:", ", ".join(f"{c} {r} {s}{n}" for (c, r, s), n in sorted(counts.items())))
    if not args.save and not args.against:
        for f in flags:
            print("\t".join(f))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
