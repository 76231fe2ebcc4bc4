"""Regenerate the rule reference in docs/rules/ from the shipped rule packs.

    .venv/bin/python scripts/gen_rule_docs.py           # write docs/rules/
    .venv/bin/python scripts/gen_rule_docs.py --check   # exit 1 if docs/rules/ is out of date
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from commlint.output.rule_docs import DOCS_FOLDER, REGENERATE, compare, render, shipped_rules, write

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the pages are current")
    args = parser.parse_args(argv)
    folder = ROOT / DOCS_FOLDER
    pages = render(shipped_rules())
    if args.check:
        diff = {kind: names for kind, names in compare(folder, pages).items() if names}
        if diff:
            listed = "; ".join(f"{kind}: {', '.join(names)}" for kind, names in diff.items())
            print(f"{DOCS_FOLDER}: out of date ({listed}); run `{REGENERATE}`")
            return 1
        return 0
    changed = write(folder, pages)
    print(f"{DOCS_FOLDER}: {len(pages)} pages, {len(changed)} changed" + (f" ({', '.join(changed)})" if changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
