"""Judgement evaluation: commlint's findings against data it was not written from.

Reads the shared corpus at run time (never copied into the repository) and writes
``benchmarks/results/eval-<date>.md``:

* the judgement suite (``benchmarks/judgement/``): recall of expected categories and the
  share of forbidden ones flagged, on the open and the sealed half (the sealed half as
  figures only), with an error analysis of the open half;
* politeness requests rated by people, cross-validated: the tone rules plus the tone
  model scored out of fold (each request by a model, and a threshold, fitted without it):
  precision of ``tone`` flags on impolite requests, recall, the share of polite requests
  flagged and the rank correlation with the raters, per fold and overall, beside ``alex``;
* real support replies, read as chat from a developer channel: the share flagged per
  category, with every flag listed for reading;
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
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (benchmarks/corpus.py)
import judgement  # noqa: E402  (benchmarks/judgement.py)
import stripe_flags  # noqa: E402  (benchmarks/stripe_flags.py)

sys.path.insert(0, str(HERE.parent / "training"))
from train_tone_model import out_of_fold, read_drafts, spearman  # noqa: E402  (training/train_tone_model.py)

from commlint import Config, Linter, __version__  # noqa: E402

TARGETS = {
    "tone_precision_impolite": 0.75,
    "tone_recall_impolite": 0.25,
    "polite_flagged_max": 0.03,
    "spearman_max": -0.35,
    "replies_flagged_max": 0.05,
    "judgement_recall": 0.95,
    "judgement_forbidden_max": 0.02,
}
REPLY_CATEGORIES = (
    "tone", "overpromise", "slang", "timeline", "next-steps", "privacy", "jargon", "acronym",
    "plain-language", "readability", "courtesy", "grammar",
)
#: the grammar engine of a plain pip install (``grammar: auto`` picks LanguageTool only where it
#: is installed), so the figures do not depend on what this machine has
GRAMMAR = "harper"
_WEIGHT = {"error": 3.0, "warning": 2.0, "info": 1.0}


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def politeness(linter: Linter, rows: list[dict]) -> dict:
    """Tone flags on the rated requests: every tone rule but the model's (T301), which is
    replaced by its out-of-fold score and the threshold of the fold that scored it."""
    results = list(linter.lint_texts([r["text"] for r in rows]))
    ruled = [any(x.category == "tone" and x.rule_id != "T301" for x in f) for f in results]
    scores, cuts = out_of_fold(rows, extra=read_drafts(), ruled=ruled)
    modelled = [s > c for s, c in zip(scores, cuts)]
    flagged = [a or b for a, b in zip(ruled, modelled)]
    combined = [s + 0.5 * sum(1 for x in f if x.category == "tone" and x.rule_id != "T301") for s, f in zip(scores, results)]
    folds: dict[float, list[int]] = collections.defaultdict(list)
    for i, cut in enumerate(cuts):
        folds[cut].append(i)
    out = _politeness_figures(rows, flagged, combined)
    out["rules_only"] = _politeness_figures(rows, ruled, [float(r) for r in ruled])
    out["model_only"] = _politeness_figures(rows, modelled, scores)
    out["folds"] = [
        {"threshold": cut, **_politeness_figures([rows[i] for i in idx], [flagged[i] for i in idx], [combined[i] for i in idx])}
        for cut, idx in sorted(folds.items())
    ]
    out["samples"] = [
        (r["label"], r["text"], [f.match for f in res if f.category == "tone" and f.rule_id != "T301"], round(s, 2))
        for r, res, s, flag in zip(rows, results, scores, flagged) if flag
    ][:15]
    return out


def _politeness_figures(rows: list[dict], flagged: list[bool], scores: list[float]) -> dict:
    labels = collections.Counter(r["label"] for r in rows)
    hits = collections.Counter(r["label"] for r, f in zip(rows, flagged) if f)
    n_flagged = sum(hits.values())
    return {
        "n": len(rows),
        "labels": dict(labels),
        "flagged": n_flagged,
        "precision_impolite": hits["impolite"] / n_flagged if n_flagged else float("nan"),
        "recall_impolite": hits["impolite"] / labels["impolite"] if labels["impolite"] else float("nan"),
        "polite_flagged_share": hits["polite"] / labels["polite"] if labels["polite"] else float("nan"),
        "spearman": spearman(scores, [r["normalized_score"] for r in rows]),
    }


def replies(linter: Linter, docs: list) -> dict:
    """The Stripe staff replies as what they are: chat turns in a channel for developers."""
    results = stripe_flags.lint_as_chat(docs, linter)
    out: dict = {"n": len(docs)}
    for category in REPLY_CATEGORIES:
        hits = [(d.text, [f"{f.rule_id} {f.match}" for f in res if f.category == category]) for d, res in zip(docs, results)]
        hits = [h for h in hits if h[1]]
        out[category] = {"share": len(hits) / len(docs), "samples": hits}
    return out


def judged(linter: Linter) -> dict:
    """Both halves of the judgement suite; misses are kept for the open half only."""
    out = {}
    for half in judgement.HALVES:
        outcomes = judgement.run(judgement.load(half), linter)
        out[half] = judgement.figures(outcomes)
        if half == "open":
            out["open_outcomes"] = outcomes
    out["sealed_digest"] = judgement.digest("sealed")
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


def report(jud: dict, pol: dict, alex: dict | None, rep: dict, kbr: dict, seconds: float) -> str:
    t = TARGETS
    lines = [
        f"# commlint judgement evaluation — {dt.date.today().isoformat()}",
        "",
        f"commlint {__version__}, default packs, grammar engine {GRAMMAR}; Python {platform.python_version()} on {platform.machine()}; "
        f"evaluation took {seconds:.0f} s.",
        "",
        "## Judgement suite (support drafts written by others)",
        "",
        f"Targets on the sealed half: recall ≥ {t['judgement_recall']} "
        f"({_verdict(jud['sealed']['recall'] >= t['judgement_recall'])}), forbidden categories flagged ≤ "
        f"{t['judgement_forbidden_max']} ({_verdict(jud['sealed']['forbidden_flagged'] <= t['judgement_forbidden_max'])}). "
        f"Sealed half digest `{jud['sealed_digest'][:16]}…` (unchanged since it was sealed when it matches "
        "`benchmarks/judgement/README.md`).",
        "",
        *judgement.table("sealed half (measured only)", jud["sealed"]),
        "",
        *judgement.table("open half (rules may be tuned on it)", jud["open"]),
        "",
        "Open half, what is still missed (expected category not flagged) and false alarms, by category:",
        "",
    ]
    missed: dict[str, list[str]] = collections.defaultdict(list)
    alarms: dict[str, list[str]] = collections.defaultdict(list)
    for o in jud["open_outcomes"]:
        for c in o.missed:
            missed[c].append(o.case.id)
        for c in o.false_alarms:
            alarms[c].append(o.case.id)
    for c in judgement.CATEGORIES:
        if missed[c] or alarms[c]:
            lines.append(f"- **{c}**: missed {len(missed[c])} ({', '.join(missed[c])}); "
                         f"false alarms {len(alarms[c])} ({', '.join(alarms[c]) or '-'})")
    lines += [
        "",
        "## Politeness requests (Stanford Politeness Corpus, dev split), cross-validated",
        "",
        f"{pol['n']} requests rated by five people; labels {pol['labels']}. Flagged = any tone rule, or the "
        "tone model's out-of-fold score above the threshold chosen on that fold's training folds. "
        "Tone score for ρ: the model's out-of-fold score plus 0.5 per tone-rule finding.",
        "",
        "| figure | target | commlint | rules only | model only | alex |",
        "|---|---|---|---|---|---|",
        f"| requests flagged for tone | | {pol['flagged']} | {pol['rules_only']['flagged']} | {pol['model_only']['flagged']} | {alex['flagged'] if alex else 'n/a'} |",
        f"| share of flagged that are impolite | ≥ 75 % ({_verdict(pol['precision_impolite'] >= t['tone_precision_impolite'])}) "
        f"| {_pct(pol['precision_impolite'])} | {_pct(pol['rules_only']['precision_impolite'])} | {_pct(pol['model_only']['precision_impolite'])} | {_pct(alex['precision_impolite']) if alex else 'n/a'} |",
        f"| share of impolite requests flagged (recall) | ≥ 25 % ({_verdict(pol['recall_impolite'] >= t['tone_recall_impolite'])}) "
        f"| {_pct(pol['recall_impolite'])} | {_pct(pol['rules_only']['recall_impolite'])} | {_pct(pol['model_only']['recall_impolite'])} | |",
        f"| share of polite requests flagged | ≤ 3 % ({_verdict(pol['polite_flagged_share'] <= t['polite_flagged_max'])}) "
        f"| {_pct(pol['polite_flagged_share'])} | {_pct(pol['rules_only']['polite_flagged_share'])} | {_pct(pol['model_only']['polite_flagged_share'])} | {_pct(alex['polite_flagged_share']) if alex else 'n/a'} |",
        f"| Spearman ρ, tone score vs the raters' politeness | ≤ −0.35 ({_verdict(pol['spearman'] <= t['spearman_max'])}) "
        f"| {pol['spearman']:.3f} | {pol['rules_only']['spearman']:.3f} | {pol['model_only']['spearman']:.3f} | {(-alex['spearman']) if alex else float('nan'):.3f} |",
        "",
        "Per fold (each fold scored by a model and a threshold fitted on the other four):",
        "",
        "| fold threshold | requests | flagged | precision | recall | polite flagged | ρ |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *[f"| {f['threshold']:.4f} | {f['n']} | {f['flagged']} | {_pct(f['precision_impolite'])} | {_pct(f['recall_impolite'])} "
          f"| {_pct(f['polite_flagged_share'])} | {f['spearman']:.3f} |" for f in pol["folds"]],
        "",
        "Flagged requests (label, text, words the rules reported, model score):",
        "",
        *[f"- {label}: {_quote(text)} — {matches} — {score}" for label, text, matches, score in pol["samples"]],
        "",
        "## Support replies (Stripe staff on IRC, read as chat in a developer channel)",
        "",
        f"{rep['n']} replies. Target: each category on at most 5 % of messages.",
        "",
        "| category | share flagged | target |",
        "|---|---|---|",
    ]
    for category in REPLY_CATEGORIES:
        lines.append(f"| {category} | {_pct(rep[category]['share'])} | ≤ 5 % ({_verdict(rep[category]['share'] <= t['replies_flagged_max'])}) |")
    lines += ["", "Every flag, for reading (the hand-checked verdicts are in `stripe-flags-<date>.md`):"]
    for category in REPLY_CATEGORIES:
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
    linter = Linter(Config(grammar=GRAMMAR))
    jud = judged(linter)
    pol_rows = cut(read_jsonl(args.corpus / "tone-politeness-dev.jsonl"))
    pol = politeness(linter, pol_rows)
    alex = alex_politeness(pol_rows)
    rep = replies(linter, cut(corpus.load_replies(args.corpus)))
    kbr = kb(linter, cut(corpus.load_kb(args.corpus)))
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"eval-{dt.date.today().isoformat()}.md"
    path.write_text(report(jud, pol, alex, rep, kbr, time.monotonic() - started), encoding="utf-8")
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
