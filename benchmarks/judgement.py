"""The judgement suite: support drafts written by others, each labelled with the categories
a support lead would flag (``expect``) and those they would be sure are absent (``forbid``).

``benchmarks/judgement/open/`` may be read and tuned on; ``benchmarks/judgement/sealed/`` is
only ever measured: this module reports figures for it, never its drafts.

Usage: ``python benchmarks/judgement.py [--half open|sealed] [--batch D] [--show-misses]``
(``--show-misses`` works on the open half only; ``--batch`` keeps the cases of one batch,
named by the letter their ids start with).
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import hashlib
import sys
from pathlib import Path
from typing import Iterable

import yaml

HERE = Path(__file__).resolve().parent
SUITE = HERE / "judgement"
HALVES = ("open", "sealed")
#: categories the suite labels (grammar comes with issue 9)
CATEGORIES = (
    "jargon", "acronym", "slang", "tone", "overpromise", "timeline", "next-steps",
    "privacy", "courtesy", "plain-language", "readability",
)


@dataclasses.dataclass(frozen=True)
class Case:
    id: str
    industry: str
    kind: str
    channel: str
    audience: str
    text: str
    expect: tuple[str, ...]
    forbid: tuple[str, ...]


@dataclasses.dataclass
class Outcome:
    case: Case
    flagged: dict[str, list[str]]  #: category -> "RULE: match" of each finding

    @property
    def missed(self) -> list[str]:
        return [c for c in self.case.expect if c not in self.flagged]

    @property
    def false_alarms(self) -> list[str]:
        return [c for c in self.case.forbid if c in self.flagged]


def load(half: str) -> list[Case]:
    """Every case of one half, in file and id order."""
    cases = []
    for path in sorted((SUITE / half).glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            cases.append(Case(
                id=raw["id"], industry=raw.get("industry", ""), kind=raw["kind"], channel=raw["channel"],
                audience=raw.get("audience", "customer"), text=raw["text"],
                expect=tuple(raw.get("expect") or ()), forbid=tuple(raw.get("forbid") or ()),
            ))
    return cases


def digest(half: str) -> str:
    """SHA-256 over the half's files (names and bytes), to show a sealed half is unchanged."""
    h = hashlib.sha256()
    for path in sorted((SUITE / half).glob("*.yaml")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def run(cases: Iterable[Case], linter=None) -> list[Outcome]:
    """Lint every case as its kind, channel and audience say."""
    from commlint import Config, Linter
    from commlint.sources.plain import text_document

    linter = linter or Linter(Config())
    cases = list(cases)
    documents = (
        text_document(c.text).with_settings(kind=c.kind, channel=c.channel, audience=c.audience) for c in cases
    )
    outcomes = []
    for case, findings in zip(cases, linter.lint_many(documents)):
        flagged: dict[str, list[str]] = collections.defaultdict(list)
        for f in findings:
            flagged[f.category].append(f"{f.rule_id}: {f.match}")
        outcomes.append(Outcome(case, dict(flagged)))
    return outcomes


def figures(outcomes: list[Outcome]) -> dict:
    """Recall of expected categories and the share of forbidden ones flagged, overall and
    per category."""
    per: dict[str, collections.Counter] = {c: collections.Counter() for c in CATEGORIES}
    for o in outcomes:
        for c in o.case.expect:
            per[c]["expected"] += 1
            per[c]["found"] += c in o.flagged
        for c in o.case.forbid:
            per[c]["forbidden"] += 1
            per[c]["false_alarm"] += c in o.flagged
    expected = sum(p["expected"] for p in per.values())
    forbidden = sum(p["forbidden"] for p in per.values())
    return {
        "cases": len(outcomes),
        "clean": sum(1 for o in outcomes if not o.case.expect),
        "recall": sum(p["found"] for p in per.values()) / max(1, expected),
        "forbidden_flagged": sum(p["false_alarm"] for p in per.values()) / max(1, forbidden),
        "expected": expected,
        "forbidden": forbidden,
        "per_category": {c: dict(p) for c, p in per.items()},
    }


def table(name: str, f: dict) -> list[str]:
    lines = [
        f"**{name}**: {f['cases']} drafts ({f['clean']} clean); recall of expected categories "
        f"**{f['recall']:.3f}** ({f['expected']} labels); forbidden categories flagged "
        f"**{f['forbidden_flagged']:.3f}** ({f['forbidden']} labels)",
        "",
        "| category | expected | found | recall | forbidden | flagged | share |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for c, p in f["per_category"].items():
        exp, found, forb, fa = p.get("expected", 0), p.get("found", 0), p.get("forbidden", 0), p.get("false_alarm", 0)
        recall = f"{found / exp:.2f}" if exp else "-"
        share = f"{fa / forb:.3f}" if forb else "-"
        lines.append(f"| {c} | {exp} | {found} | {recall} | {forb} | {fa} | {share} |")
    return lines


def misses(outcomes: list[Outcome]) -> list[str]:
    """Every missed expectation and false alarm, with the draft (open half only)."""
    out = []
    for o in outcomes:
        if o.missed or o.false_alarms:
            out.append(f"--- {o.case.id} [{o.case.kind}/{o.case.channel}/{o.case.audience}] "
                       f"missed={o.missed} false={o.false_alarms}")
            for c in o.false_alarms:
                out.extend(f"    {c}: {x}" for x in o.flagged[c])
            out.append("    " + o.case.text.strip().replace("\n", "\n    "))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=HALVES, default="open")
    parser.add_argument("--batch", help="only the cases of this batch (A, B, C, D: the letter ids start with)")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    if args.show_misses and args.half != "open":
        parser.error("the sealed half is measured, never read: --show-misses works on the open half")
    cases = load(args.half)
    name = args.half
    if args.batch:
        cases = [c for c in cases if c.id.split("-", 1)[0].upper() == args.batch.upper()]
        if not cases:
            parser.error(f"no case of batch {args.batch!r} in the {args.half} half")
        name = f"{args.half}, batch {args.batch.upper()}"
    outcomes = run(cases)
    print("\n".join(table(name, figures(outcomes))))
    if args.show_misses:
        print("\n".join(misses(outcomes)))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main())
