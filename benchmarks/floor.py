"""The bare floor of a cold ``commlint draft.txt``: import spaCy, tokenize the draft, exit.

Any linter built on spaCy pays at least this much per cold process: the interpreter,
``import spacy`` and a blank English pipeline (its tokenizer, no model weights) run once
over the text. ``speed.py`` times it with commlint's own interpreter, like the other cold
starts (median of N runs after a discarded one)::

    .venv/bin/python benchmarks/floor.py benchmarks/.cache/corpus/draft/draft.txt
"""

import sys

import spacy

if len(sys.argv) != 2:
    print("usage: floor.py FILE", file=sys.stderr)
    sys.exit(2)
try:
    with open(sys.argv[1], encoding="utf-8") as handle:
        text = handle.read()
except (OSError, UnicodeDecodeError) as exc:
    print(f"floor.py: cannot read {sys.argv[1]}: {exc}", file=sys.stderr)
    sys.exit(2)
nlp = spacy.blank("en")
nlp(text)
