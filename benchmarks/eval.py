"""Judgement evaluation: commlint's findings against data it was not written from.

Reads the shared corpus at run time (never copied into the repository) and writes
``benchmarks/results/eval-<date>.md``:

* politeness requests rated by people: precision of ``tone`` flags on impolite requests,
  the share of polite requests flagged, and the rank correlation between a tone score and
  the human politeness score, beside the same figures for ``alex``;
* real support replies: the share flagged for tone, overpromise and slang, with samples;
* knowledge-base articles: findings per 1,000 words by category and audience, and the most
  frequent matched terms per category, to expose noisy rules.

Usage: ``python benchmarks/eval.py [--corpus DIR] [--limit N]``
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Iterable, Sequence

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (benchmarks/corpus.py)

from commlint import Config, Finding, Linter, __version__  # noqa: E402

TARGETS = {
    "tone_precision_impolite": 0.75,
    "polite_flagged_max": 0.03,
    "replies_flagged_max": 0.05,
}
_WEIGHT = {"error": 3.0, "warning": 2.0, "info": 1.0}


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def ranks(values: Sequence[float]) -> list[float]:
    """Average ranks (1-based), ties sharing the mean of their positions."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    if len(set(x)) < 2 or len(set(y)) < 2:
        return float("nan")
    return statistics.correlation(ranks(x), ranks(y))


def tone_score(findings: Iterable[Finding]) -> float:
    """How strongly commlint objects to a text's tone: severity-weighted tone findings."""
    return sum(_WEIGHT[f.severity.label] for f in findings if f.category == "tone")


def politeness(linter: Linter, rows: list[dict]) -> dict:
    results = list(linter.lint_texts([r["text"] for r in rows]))
    flagged = [r for r, f in zip(rows, results) if any(x.category == "tone" for x in f)]
    labels = collections.Counter(r["label"] for r in rows)
    impolite_flagged = sum(1 for r in flagged if r["label"] == "impolite")
    polite_flagged = sum(1 for r in flagged if r["label"] == "polite")
    scores = [tone_score(f) for f in results]
    return {
        "n": len(rows),
        "labels": dict(labels),
        "flagged": len(flagged),
        "precision_impolite": impolite_flagged / len(flagged) if flagged else float("nan"),
        "recall_impolite": impolite_flagged / labels["impolite"] if labels["impolite"] else float("nan"),
        "polite_flagged_share": polite_flagged / labels["polite"] if labels["polite"] else float("nan"),
        "spearman": spearman(scores, [-r["normalized_score"] for r in rows]),
        "samples": [(r["label"], r["text"], [f.match for f in res if f.category == "tone"])
                    for r, res in zip(rows, results) if any(x.category == "tone" for x in res)][:15],
    }


def replies(linter: Linter, docs: list) -> dict:
    results = list(linter.lint_texts([d.text for d in docs]))
    out: dict = {"n": len(docs)}
    for category in ("tone", "overpromise", "slang", "timeline", "privacy", "jargon", "acronym"):
        hits = [(d.text, [f.match for f in res if f.category == category]) for d, res in zip(docs, results)]
        hits = [h for h in hits if h[1]]
        out[category] = {"share": len(hits) / len(docs), "samples": hits[:12]}
    return out


def kb(linter: Linter, docs: list) -> dict:
    """Each article read as the Markdown file it is (front matter included) by the
    Markdown reader, as ``commlint kb/`` reads it."""
    from commlint.sources import read_documents

    texts = [corpus.markdown_to_prose(d.text) for d in docs]
    documents = [read_documents(corpus.with_front_matter(d).encode("utf-8"), f"{d.stem}.md")[0] for d in docs]
    audiences = ["consumer" if d.stem.startswith("arduino") else str((d.front_matter or {}).get("audience", "unknown"))
                 for d in docs]
    words: collections.Counter = collections.Counter()
    per: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    terms: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for text, audience, findings in zip(texts, audiences, linter.lint_many(documents)):
        words[audience] += corpus.count_words(text)
        for f in findings:
            per[audience][f.category] += 1
            if len(f.match) <= 40:
                terms[f.category][f.match.lower()] += 1
    return {"words": dict(words), "per": {a: dict(c) for a, c in per.items()},
            "top": {c: t.most_common(20) for c, t in terms.items()}}


def alex_politeness(rows: list[dict]) -> dict | None:
    """alex's figures on the same requests (None when alex is not installed)."""
    import peers  # benchmarks/peers.py: alex lives in the benchmark cache, from the npm registry

    alex = peers.Alex(peers.Workspace(HERE / ".cache"))
    if not alex.installed():
        try:
            alex.install()
        except Exception as exc:  # no npm, no registry: report commlint's figures alone
            print(f"alex not available: {exc}", file=sys.stderr)
            return None
    flags = peers.alex_flags([r["text"] for r in rows], HERE / ".cache")
    if flags is None:
        return None
    flagged = [r for r, n in zip(rows, flags) if n]
    labels = collections.Counter(r["label"] for r in rows)
    return {
        "flagged": len(flagged),
        "precision_impolite": sum(r["label"] == "impolite" for r in flagged) / len(flagged) if flagged else float("nan"),
        "polite_flagged_share": sum(r["label"] == "polite" for r in flagged) / labels["polite"],
        "spearman": spearman([float(n) for n in flags], [-r["normalized_score"] for r in rows]),
    }


def _pct(x: float) -> str:
    return "n/a" if x != x else f"{100 * x:.1f} %"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _quote(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split()).replace("|", "\\|")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def report(pol: dict, alex: dict | None, rep: dict, kbr: dict, seconds: float) -> str:
    lines = [
        f"# commlint judgement evaluation — {dt.date.today().isoformat()}",
        "",
        f"commlint {__version__}, default packs; Python {platform.python_version()} on {platform.machine()}; "
        f"evaluation took {seconds:.0f} s.",
        "",
        "## Politeness requests (Stanford Politeness Corpus, dev split)",
        "",
        f"{pol['n']} requests rated by five people; labels {pol['labels']}.",
        "",
        "| figure | target | commlint | alex |",
        "|---|---|---|---|",
        f"| requests flagged for tone | | {pol['flagged']} | {alex['flagged'] if alex else 'n/a'} |",
        f"| share of flagged that are impolite | ≥ 75 % ({_verdict(pol['precision_impolite'] >= TARGETS['tone_precision_impolite'])}) "
        f"| {_pct(pol['precision_impolite'])} | {_pct(alex['precision_impolite']) if alex else 'n/a'} |",
        f"| share of polite requests flagged | ≤ 3 % ({_verdict(pol['polite_flagged_share'] <= TARGETS['polite_flagged_max'])}) "
        f"| {_pct(pol['polite_flagged_share'])} | {_pct(alex['polite_flagged_share']) if alex else 'n/a'} |",
        f"| share of impolite requests flagged (recall) | | {_pct(pol['recall_impolite'])} | |",
        f"| Spearman ρ, tone score vs impoliteness | > 0 | {pol['spearman']:.3f} | {alex['spearman']:.3f} |" if alex else
        f"| Spearman ρ, tone score vs impoliteness | > 0 | {pol['spearman']:.3f} | n/a |",
        "",
        "Flagged requests (label, text, words reported):",
        "",
        *[f"- {label}: {_quote(text)} — {matches}" for label, text, matches in pol["samples"]],
        "",
        "## Support replies (Stripe staff on IRC)",
        "",
        f"{rep['n']} replies. Target: at most 5 % flagged for tone, overpromise and slang each.",
        "",
        "| category | share flagged | target |",
        "|---|---|---|",
    ]
    for category in ("tone", "overpromise", "slang", "timeline", "privacy", "jargon", "acronym"):
        target = f"≤ 5 % ({_verdict(rep[category]['share'] <= TARGETS['replies_flagged_max'])})" if category in ("tone", "overpromise", "slang") else ""
        lines.append(f"| {category} | {_pct(rep[category]['share'])} | {target} |")
    for category in ("tone", "overpromise", "slang"):
        lines += ["", f"Flagged for {category}:", ""]
        lines += [f"- {_quote(text)} — {matches}" for text, matches in rep[category]["samples"]] or ["- none"]
    lines += ["", "## Knowledge-base articles", "", "Findings per 1,000 words, by the article's audience:", ""]
    categories = sorted({c for per in kbr["per"].values() for c in per})
    lines.append("| audience | words | " + " | ".join(categories) + " |")
    lines.append("|---|---|" + "---|" * len(categories))
    for audience, words in sorted(kbr["words"].items()):
        per = kbr["per"].get(audience, {})
        lines.append(f"| {audience} | {words} | " + " | ".join(f"{1000 * per.get(c, 0) / words:.2f}" for c in categories) + " |")
    lines += ["", "Most frequent matched words per category (all KB articles):", ""]
    for category, top in sorted(kbr["top"].items()):
        lines.append(f"- **{category}**: " + ", ".join(f"{_quote(term, 40)} ({n})" for term, n in top))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N items of each set (smoke runs)")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    started = time.monotonic()
    cut = (lambda items: items[: args.limit]) if args.limit else (lambda items: items)
    linter = Linter(Config())
    pol_rows = cut(read_jsonl(args.corpus / "tone-politeness-dev.jsonl"))
    pol = politeness(linter, pol_rows)
    alex = alex_politeness(pol_rows)
    rep = replies(linter, cut(corpus.load_replies(args.corpus)))
    kbr = kb(linter, cut(corpus.load_kb(args.corpus)))
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"eval-{dt.date.today().isoformat()}.md"
    path.write_text(report(pol, alex, rep, kbr, time.monotonic() - started), encoding="utf-8")
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
