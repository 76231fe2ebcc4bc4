"""Deal a new batch of judgement drafts into the open and sealed halves, unread.

The way every batch since D was split: cases grouped by their first expected category (in
the order of ``judgement.CATEGORIES``, clean cases last), each group shuffled with a fresh
``random.Random(7)``, then one alternation running across the groups, starting with open.
Writes ``judgement/open/batch-<L>.yaml`` and ``judgement/sealed/batch-<L>.yaml`` and prints
only counts (never a sealed draft) and the new sealed digest.

Usage: ``python benchmarks/split_batch.py BATCH.yaml LETTER "who wrote it, when"``
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import judgement  # noqa: E402  (benchmarks/judgement.py)

#: a writer's words for what commlint calls a kind or an audience: an internal ticket note is
#: linted as a reply on a ticket for a technical reader (the closest settings a team has),
#: a knowledge-base snippet as an article
KINDS = {"note": "reply", "kb": "article"}
AUDIENCES = {"internal": "technical"}

FIELDS = ("id", "industry", "kind", "channel", "audience", "text", "expect", "forbid", "why")


class _Dumper(yaml.SafeDumper):
    """Texts as literal blocks, lists of categories on one line, as the suite is written."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None if value.isidentifier() else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    flat = all(isinstance(v, str) for v in value)  # a list of categories; the cases are blocks
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flat)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)


def deal(cases: list[dict]) -> tuple[list[dict], list[dict]]:
    """(open, sealed), each in id order."""
    order = {c: i for i, c in enumerate(judgement.CATEGORIES)}
    groups: dict[int, list[dict]] = {}
    for case in cases:
        expect = case.get("expect") or []
        groups.setdefault(order[expect[0]] if expect else len(order), []).append(case)
    halves: tuple[list[dict], list[dict]] = ([], [])
    turn = 0
    for key in sorted(groups):
        group = sorted(groups[key], key=lambda c: c["id"])
        random.Random(7).shuffle(group)
        for case in group:
            halves[turn % 2].append(case)
            turn += 1
    return tuple(sorted(h, key=lambda c: c["id"]) for h in halves)  # type: ignore[return-value]


def write(path: Path, title: str, cases: list[dict]) -> None:
    body = yaml.dump({"cases": [{k: c[k] for k in FIELDS if k in c} for c in cases]}, Dumper=_Dumper,
                     sort_keys=False, allow_unicode=True, width=10_000)
    path.write_text(f"# {title}\n{body}", encoding="utf-8")


def main(argv: list[str]) -> int:
    source, letter, who = Path(argv[0]), argv[1], argv[2]
    cases = yaml.safe_load(source.read_text(encoding="utf-8"))["cases"]
    for case in cases:
        case["kind"] = KINDS.get(case["kind"], case["kind"])
        case["audience"] = AUDIENCES.get(case.get("audience", "customer"), case.get("audience", "customer"))
    ids = [c["id"] for c in cases]
    if len(set(ids)) != len(ids) or not all(i.startswith(f"{letter}-") for i in ids):
        raise SystemExit(f"{source}: ids must be unique and start with {letter}-")
    open_half, sealed_half = deal(cases)
    for half, chosen in (("open", open_half), ("sealed", sealed_half)):
        write(judgement.SUITE / half / f"batch-{letter}.yaml", f"Batch {letter} ({half} half): {who}", chosen)
        clean = sum(1 for c in chosen if not c.get("expect"))
        print(f"{half}: {len(chosen)} drafts, {clean} clean")
    print(f"sealed digest: {judgement.digest('sealed')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
