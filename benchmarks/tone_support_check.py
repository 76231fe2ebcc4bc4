"""What rule T302 (the support tone model, off by default) adds on real text, as counts.

Lints, with and without T302 selected: the Stripe staff replies (as chat turns, as every
evaluation reads them), the open half of the judgement suite (never the sealed half) and
the KB articles (out of T302's scope: it must add nothing). Writes
``benchmarks/results/tone-support-check-<date>.md`` with counts only (no corpus text; the
open-half case ids and T302's matched words are our own drafts).

Usage: ``python benchmarks/tone_support_check.py [--corpus DIR] [--date YYYY-MM-DD]``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import judgement  # noqa: E402
import stripe_flags  # noqa: E402

RULE = "T302"


def linters():
    """(without T302, with it): the default rules, and the default rules plus T302."""
    from commlint import Config, Linter
    from commlint.lint.rules import build_ruleset

    everything = tuple(r.meta.id for r in build_ruleset(Config()).rules) + (RULE,)
    return Linter(Config()), Linter(Config(select=everything))


def stripe(corpus_dir: Path, before, after) -> dict:
    docs = corpus.load_replies(corpus_dir)
    tone = [sum(any(f.category == "tone" for f in fs) for fs in stripe_flags.lint_as_chat(docs, linter))
            for linter in (before, after)]
    return {"replies": len(docs), "tone_before": tone[0], "tone_after": tone[1]}


def open_half(before, after) -> dict:
    cases = judgement.load("open")
    out = {}
    for name, linter in (("before", before), ("after", after)):
        outcomes = judgement.run(cases, linter)
        f = judgement.figures(outcomes)
        tone = f["per_category"]["tone"]
        out[name] = {"recall": f["recall"], "forbidden": f["forbidden_flagged"], "tone": tone}
        if name == "after":
            out["flags"] = [(o.case.id, "expected" if "tone" in o.case.expect else "forbidden" if "tone" in o.case.forbid
                             else "neither", m.split(": ", 1)[1])
                            for o in outcomes for m in o.flagged.get("tone", []) if m.startswith(RULE + ":")]
    return out


def kb(corpus_dir: Path, after) -> dict:
    from commlint.sources.plain import text_document

    articles = corpus.load_kb(corpus_dir)
    documents = [text_document(a.text).with_settings(kind="article", channel="kb") for a in articles]
    return {"articles": len(articles), "findings": sum(f.rule_id == RULE for fs in after.lint_many(documents) for f in fs)}


def report(s: dict, o: dict, k: dict, date: str) -> str:
    b, a = o["before"], o["after"]
    pct = lambda n, d: f"{100 * n / max(1, d):.1f} %"  # noqa: E731
    lines = [
        f"# T302 on real text, {date}",
        "",
        "Written by `benchmarks/tone_support_check.py`: the default rules, then the default rules plus T302.",
        "",
        "| text | without T302 | with T302 | target |",
        "|---|---|---|---|",
        f"| Stripe staff replies flagged for tone (of {s['replies']}) | {s['tone_before']} ({pct(s['tone_before'], s['replies'])}) "
        f"| {s['tone_after']} ({pct(s['tone_after'], s['replies'])}) | T302 adds <= 1 % |",
        f"| judgement suite, open half: recall of expected categories | {b['recall']:.3f} | {a['recall']:.3f} | no drop |",
        f"| open half: forbidden categories flagged | {b['forbidden']:.4f} | {a['forbidden']:.4f} | no rise |",
        f"| open half: tone expected and found | {b['tone']['found']} of {b['tone']['expected']} | "
        f"{a['tone']['found']} of {a['tone']['expected']} | |",
        f"| open half: tone forbidden but flagged | {b['tone']['false_alarm']} of {b['tone']['forbidden']} | "
        f"{a['tone']['false_alarm']} of {a['tone']['forbidden']} | no rise |",
        f"| KB articles: T302 findings (of {k['articles']} articles) | | {k['findings']} | 0 (out of scope) |",
        "",
        "T302's flags on the open half (case, what the case says about tone, the sentence):",
        "",
    ]
    lines += [f"- {case} ({label}): “{' '.join(words.split())}”" for case, label, words in o["flags"]] or ["- none"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus")
    parser.add_argument("--date", default=dt.date.today().isoformat())
    args = parser.parse_args(argv)
    before, after = linters()
    text = report(stripe(args.corpus, before, after), open_half(before, after), kb(args.corpus, after), args.date)
    out = HERE / "results" / f"tone-support-check-{args.date}.md"
    out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
