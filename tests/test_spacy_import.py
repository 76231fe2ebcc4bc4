"""spaCy is imported without running its CLI modules, and they still work when used."""
from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = r"""
import json, sys
from commlint.nlp import pipeline
nlp = pipeline.load()
tags = [t.tag_ for t in nlp("It works fine.")]
heavy = sorted(m for m in ("typer", "weasel", "jinja2", "spacy.cli._util") if m in sys.modules)
import spacy
download = callable(spacy.cli.download)        # reading an attribute runs spacy.cli
info = spacy.info()                            # and spacy.info runs spacy.cli.info
from spacy.cli.info import info as real_info
print(json.dumps({"tags": tags, "heavy_before": heavy, "download": download,
                  "info": sorted(info)[:2], "real_info": callable(real_info),
                  "typer_after": "typer" in sys.modules}))
"""


def test_spacy_loads_without_its_cli_until_the_cli_is_used() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["tags"] == ["PRP", "VBZ", "JJ", "."]
    assert found["heavy_before"] == []
    assert found["download"] and found["real_info"] and found["typer_after"]
    assert "location" in found["info"]  # a real info() dict


def test_spacy_imported_first_is_left_as_it_is() -> None:
    script = ("import spacy, sys\nfrom commlint.nlp import pipeline\n"
              "print(type(sys.modules['spacy.cli']).__name__)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    assert done.stdout.strip() == "module"


def test_deferred_cli_attributes_are_what_spacy_makes_them_and_threads_wait() -> None:
    script = r"""
import json, sys, threading
from commlint.nlp import pipeline
pipeline.load()
import spacy
errors = []
def read():
    try:
        spacy.cli.download
    except Exception as exc:  # a thread that read it while another ran the package
        errors.append(repr(exc))
threads = [threading.Thread(target=read) for _ in range(6)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps({"errors": errors, "info_callable": callable(spacy.cli.info)}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"errors": [], "info_callable": True}
