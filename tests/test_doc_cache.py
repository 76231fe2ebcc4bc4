"""The cache of analysed segments (commlint.nlp.doc_cache): the same findings with it as
without, cold and warm, in memory and on disk; an edit re-analyses the edited paragraph
only; damaged entries are misses; the disk store stays bounded, private and correct under
concurrent runs. Real spaCy model, real files, real processes."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from commlint import Config, Linter
from commlint.lint.files import Input
from commlint.lint.runner import lint_inputs
from commlint.lsp.analysis import analyse
from commlint.lsp.buffers import Buffer
from commlint.lsp.configs import Configs
from commlint.nlp import pipeline as nlp
from commlint.nlp.doc_cache import DocCache
from commlint.nlp.doc_store import DiskStore, MemoryStore
from commlint.sources import reader_for

from helpers import EXAMPLES, REPO, run_cli
from test_worker import _env, _ready, _run, _served, runtimes  # noqa: F401 - runtimes: private worker folders, workers killed at the end

CORPUS = REPO.parent / "shared" / "corpus"

PARAGRAPHS = [
    "If the app stops syncing, clear its cache. We will look into it and get back to you soon.",
    "Open the settings page and select the account you want to change. The changes apply at once.",
    "Our team reviewed the logs and found that the import failed because the file was too large.",
    "You can export your data at any time from the dashboard. The export includes every invoice.",
    "We have refunded the duplicate charge, and you should see it on your statement in a few days.",
    "The new release fixes the problem with notifications arriving late on older Android phones.",
    "To invite a colleague, enter their email address and choose the role they should have.",
    "Please note that archived projects are deleted after ninety days unless you restore them.",
    "If you still see the error after updating, send us a screenshot and we will take a look.",
    "Thanks again for reporting this, and let us know if there is anything else we can help with.",
]

ARTICLE = """---
title: Resetting the sync cache
---
# Resetting the sync cache

If the app stops syncing, clear its cache. This is a simple fix that utilizes the
built-in tooling, and in order to leverage it you must first log out of the SSO portal.

1. Open **Settings**.
2. Select **Clear Sync Cache**, then wait for the spinner; obviously this takes a while.

| Plan | Limit |
|------|-------|
| Pro  | We guarantee unlimited syncs, always. |

> Note: the admin password is hunter2 until IT rotates it.

See [the troubleshooting guide](https://example.com/help) for more, or ping our devs ASAP.
"""

REPLIES = [
    (
        "Hi Jordan,\n\nSorry for the hassle! Obviously the latency issue is on your side, but we guarantee it will\n"
        "never happen again. Our devs will push a hotfix ASAP, probably sometime soon.\n\n"
        "Your card 4111 1111 1111 1111 is on file.\n\nCheers,\nSam\n"
    ),
    "Hi Alex,\n\nThanks for your note. I have refunded the order; you will see it within five business days.\n\nBest,\nSam\n",
    "hey,\n\nAs I already told you, you need to RTFM. The KB covers it. We'll circle back whenever.\n",
    (
        "Hello Priya,\n\nI understand how frustrating this must be. I have escalated the ticket to our billing team, "
        "and they will email you by Friday with the corrected invoice.\n\nWarm regards,\nLee\n"
    ),
]


def _documents(name: str, text: str) -> list:
    return reader_for(name).read(text.encode("utf-8"), name)


def _small_sample() -> list:
    documents = [d for path in sorted(EXAMPLES.glob("*.txt")) for d in _documents(path.name, path.read_text(encoding="utf-8"))]
    documents += _documents("article.md", ARTICLE)
    documents += [d for i, text in enumerate(REPLIES) for d in _documents(f"reply{i}.txt", text)]
    return documents


def _corpus_sample() -> list:
    documents: list = []
    for name, count in (("kb-arduino.jsonl", 15), ("kb-microsoft-support.jsonl", 15)):
        with (CORPUS / name).open(encoding="utf-8") as handle:
            documents += [d for _, line in zip(range(count), handle) for d in _documents("a.md", json.loads(line)["body"])]
    with (CORPUS / "replies-stripe-staff.jsonl").open(encoding="utf-8") as handle:
        documents += [d for _, line in zip(range(100), handle) for d in _documents("r.txt", json.loads(line)["text"])]
    return documents


def _article(paragraphs: list[str]) -> list:
    return _documents("guide.md", "# Fixing sync problems\n\n" + "\n\n".join(paragraphs) + "\n")


def _check(linter: Linter, documents: list) -> list:
    return list(linter.check_documents(documents))


@pytest.fixture(scope="module")
def sample() -> list:
    return _small_sample()


@pytest.fixture(scope="module")
def plain(sample, ruleset) -> list:
    return _check(Linter(Config(), ruleset), sample)


# -- the same findings ---------------------------------------------------------------------


def test_doc_cache_gives_the_same_findings_cold_and_warm(tmp_path, sample, plain, ruleset) -> None:
    assert sum(len(r.findings) for r in plain) > 20  # the sample exercises the rules
    cache = DocCache.on_disk(tmp_path, MemoryStore())
    linter = Linter(Config(), ruleset, doc_cache=cache)
    assert _check(linter, sample) == plain  # cold
    assert cache.stats.stored > 5 and cache.stats.memory_hits == 0
    annotated = cache.stats.annotated
    assert _check(linter, sample) == plain  # warm, from memory
    assert cache.stats.annotated == annotated and cache.stats.memory_hits >= cache.stats.stored
    from_disk = DocCache.on_disk(tmp_path)  # another process: disk only
    assert _check(Linter(Config(), ruleset, doc_cache=from_disk), sample) == plain
    assert from_disk.stats.annotated == 0 and from_disk.stats.disk_hits >= cache.stats.stored


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the repository")
def test_doc_cache_gives_the_same_findings_on_the_corpus(tmp_path, ruleset) -> None:
    documents = _corpus_sample()
    plain = _check(Linter(Config(), ruleset), documents)
    assert sum(len(r.findings) for r in plain) > 100
    cache = DocCache.on_disk(tmp_path / "a")
    assert _check(Linter(Config(), ruleset, doc_cache=cache), documents) == plain
    warm = DocCache.on_disk(tmp_path / "a")
    assert _check(Linter(Config(), ruleset, doc_cache=warm), documents) == plain
    assert warm.stats.annotated == 0 and warm.stats.disk_hits > 100
    # Entries made by a run that needed more (every component on every segment) are used
    # as they are; entries short of what a run needs are analysed again for both.
    full = _check(Linter(Config(), ruleset, prepass=False), documents)
    supersets = DocCache(MemoryStore())
    _check(Linter(Config(), ruleset, prepass=False, doc_cache=supersets), documents)
    reuse = DocCache(supersets.memory)
    assert _check(Linter(Config(), ruleset, doc_cache=reuse), documents) == plain
    assert reuse.stats.annotated == 0 and reuse.stats.tokenized == 0
    short = DocCache(MemoryStore())
    _check(Linter(Config(), ruleset, doc_cache=short), documents)
    again = DocCache(short.memory)
    assert _check(Linter(Config(), ruleset, prepass=False, doc_cache=again), documents) == full
    assert again.stats.memory_hits > 100 and again.stats.annotated > 0


def test_doc_cache_a_short_entry_is_analysed_as_an_uncached_doc_would_be(sample) -> None:
    """A Doc cached with some components, then needing more, ends up with the very
    annotations a fresh Doc analysed for both gets (every token attribute compared)."""
    model = nlp.load()
    texts = [s.text for d in sample for s in d.segments]
    everything = frozenset(nlp.CAPABILITIES)
    for first in ({"pos"}, {"dep"}, {"ents"}, {"lemma"}, {"pos", "ents"}):
        cache = DocCache(MemoryStore())
        with model.memory_zone():
            cache.lookup(model, texts).annotate([first] * len(texts))
        with model.memory_zone():
            fresh = [d.to_bytes(exclude=["user_data", "tensor"])
                     for d in nlp.annotate(model, nlp.tokenize(model, texts), [everything] * len(texts))]
            lookup = cache.lookup(model, texts)
            assert cache.stats.tokenized == len(texts)  # only the first lookup tokenized
            again = [d.to_bytes(exclude=["user_data", "tensor"]) for d in lookup.annotate([everything] * len(texts))]
        assert again == fresh, first


# -- an edit re-analyses the edited paragraph only ------------------------------------------


def test_doc_cache_editing_one_paragraph_reanalyses_only_that_paragraph(ruleset) -> None:
    before = _article(PARAGRAPHS)
    edited = PARAGRAPHS[:3] + [PARAGRAPHS[3].replace("dashboard", "account page")] + PARAGRAPHS[4:]
    after = _article(edited)
    assert len(before[0].segments) == 11  # the title and ten paragraphs
    memory = MemoryStore()
    # Every component on every segment: all eleven segments are analysed, then cached.
    first = DocCache(memory)
    _check(Linter(Config(), ruleset, prepass=False, doc_cache=first), before)
    assert (first.stats.tokenized, first.stats.annotated, first.stats.stored) == (11, 11, 11)
    second = DocCache(memory)
    found = _check(Linter(Config(), ruleset, prepass=False, doc_cache=second), after)
    assert (second.stats.tokenized, second.stats.annotated, second.stats.memory_hits) == (1, 1, 10)
    assert found == _check(Linter(Config(), ruleset, prepass=False), after)


def test_doc_cache_with_the_prepass_reanalyses_only_the_edited_paragraph(ruleset) -> None:
    """With the prepass only segments some component ran on are cached (reading back a
    Doc that was only tokenized costs more than tokenizing it again): an edit runs the
    components on the edited paragraph only."""
    edited = PARAGRAPHS[:4] + [PARAGRAPHS[4].replace("duplicate", "second")] + PARAGRAPHS[5:]  # a tagged one
    memory = MemoryStore()
    first = DocCache(memory)
    linter = Linter(Config(), ruleset, doc_cache=first)
    _check(linter, _article(PARAGRAPHS))
    assert first.stats.stored >= 2 and first.stats.tokenized == 11
    light = first.stats.tokenized - first.stats.stored  # tokenized only, so not kept
    second = DocCache(memory)
    linter.doc_cache = second
    found = _check(linter, _article(edited))
    assert second.stats.annotated == 1
    assert second.stats.tokenized == light + 1
    assert second.stats.memory_hits == first.stats.stored - 1
    assert found == _check(Linter(Config(), ruleset), _article(edited))


def test_doc_cache_in_the_language_server_keeps_paragraphs_between_edits() -> None:
    configs = Configs()
    cache = configs.doc_cache
    assert cache.memory is not None and cache.disk is None  # nothing written to disk
    text = "\n\n".join(["Hi Dana,"] + PARAGRAPHS + ["Best,\nSam"]) + "\n"
    first = analyse(Buffer("untitled:reply", text, 1), configs)
    stored = cache.stats.stored
    assert stored >= 3 and first.problem is None
    edited = text.replace("ninety days", "sixty days")
    second = analyse(Buffer("untitled:reply", edited, 2), configs)
    assert cache.stats.annotated == stored + 1  # the edited paragraph only
    fresh = analyse(Buffer("untitled:reply", edited, 2), Configs())
    assert second.located == fresh.located


# -- the disk store --------------------------------------------------------------------------


def _entries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and len(p.name) == 64]


def test_doc_cache_damaged_entries_are_misses(tmp_path, sample, plain, ruleset) -> None:
    cache = DocCache.on_disk(tmp_path)
    _check(Linter(Config(), ruleset, doc_cache=cache), sample)
    entries = sorted(_entries(tmp_path / "docs"))
    assert len(entries) >= 6
    truncated, garbage, flipped, empty, undecodable = entries[:5]
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    garbage.write_bytes(os.urandom(garbage.stat().st_size))
    data = bytearray(flipped.read_bytes())
    data[-10] ^= 0xFF
    flipped.write_bytes(bytes(data))
    empty.write_bytes(b"")
    cache.disk.put(undecodable.name, b"pos;tok2vec,tagger\nnot zlib at all")  # a valid checksum, nonsense inside
    damaged = {p.name for p in entries[:5]}
    again = DocCache.on_disk(tmp_path)
    assert _check(Linter(Config(), ruleset, doc_cache=again), sample) == plain
    assert again.stats.disk_hits >= len(entries) - 5
    assert again.stats.stored >= 5  # analysed again and written back whole
    store = DiskStore(tmp_path / "docs")
    for name in damaged:
        entry = store.get(name)
        assert entry is not None and b"not zlib" not in entry


def test_doc_cache_disk_store_stays_bounded_and_evicts_the_oldest_read(tmp_path) -> None:
    class Counting(DiskStore):
        sweeps = 0

        def sweep(self) -> int:
            self.sweeps += 1
            return super().sweep()

    limit = 200_000
    store = Counting(tmp_path / "docs", limit=limit)
    keys = [f"{i:064x}" for i in range(250)]
    first, rest = keys[:150], keys[150:]
    for key in first:
        store.put(key, os.urandom(1000))
    time.sleep(0.05)
    assert store.get(first[0]) is not None  # read now: kept over entries written later but not read
    time.sleep(0.05)
    for key in rest:
        store.put(key, os.urandom(1000))
    on_disk = {p.name: p.stat().st_size for p in _entries(tmp_path / "docs")}
    assert sum(on_disk.values()) <= limit + limit // 64 + 1100
    assert first[0] in on_disk
    assert any(key not in on_disk for key in first[1:])  # the oldest went first
    assert all(key in on_disk for key in rest[-50:])
    assert 1 <= store.sweeps <= 10  # counted now and then, not on every write
    recorded = int((tmp_path / "docs" / "usage").read_text())  # what was written since is added at the next check
    assert recorded <= sum(on_disk.values()) <= recorded + limit // 64 + 1100


def test_doc_cache_files_are_private(tmp_path, sample, ruleset) -> None:
    root = tmp_path / "cache"  # does not exist yet: created private
    old = os.umask(0o022)
    try:
        _check(Linter(Config(), ruleset, doc_cache=DocCache.on_disk(root)), sample)
    finally:
        os.umask(old)
    folders = [root, root / "docs", *(p for p in (root / "docs").rglob("*") if p.is_dir())]
    files = [p for p in (root / "docs").rglob("*") if p.is_file()]
    assert len(folders) > 3 and len(files) > 5
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o700}
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}


_WRITER = """
import json, sys
sys.path[:0] = [sys.argv[3], sys.argv[3] + "/tests"]
from commlint import Config, Linter
from commlint.nlp.doc_cache import DocCache
from commlint.nlp.doc_store import DiskStore
from test_doc_cache import _small_sample
documents = _small_sample()
rounds = []
for _ in range(4):  # a small bound: entries are evicted and written again while the other runs
    cache = DocCache(disk=DiskStore(__import__("pathlib").Path(sys.argv[1]), limit=int(sys.argv[2])))
    found = list(Linter(Config(), doc_cache=cache).check_documents(documents))
    rounds.append([[f.to_dict() for f in r.findings] for r in found])
print(json.dumps(rounds))
"""


def test_doc_cache_two_processes_writing_the_same_entries_stay_correct(tmp_path, sample, plain, ruleset) -> None:
    folder = tmp_path / "docs"
    sizing = DocCache(MemoryStore(limit=10**9))
    _check(Linter(Config(), ruleset, doc_cache=sizing), sample)
    limit = sizing.memory.size // 2  # half of what the sample writes: sweeps run while both write
    command = [sys.executable, "-c", _WRITER, str(folder), str(limit), str(REPO)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    expected = [[f.to_dict() for f in r.findings] for r in plain]
    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 0, err.decode()[-2000:]
        assert json.loads(out) == [expected] * 4
    assert not [p for p in folder.rglob("*.tmp")]  # every writer cleaned up after itself
    store = DiskStore(folder)
    entries = _entries(folder)
    assert entries and all(store.get(p.name) is not None for p in entries)  # every entry whole
    assert len(entries) < sizing.stats.stored  # and some were evicted meanwhile
    warm = DocCache(disk=store)
    assert _check(Linter(Config(), ruleset, doc_cache=warm), sample) == plain


# -- wiring ----------------------------------------------------------------------------------


def test_doc_cache_check_uses_the_disk_unless_no_cache(tmp_path, monkeypatch) -> None:
    reply = tmp_path / "reply.txt"
    reply.write_text(REPLIES[0])
    monkeypatch.setenv("COMMLINT_CACHE_DIR", str(tmp_path / "on"))
    cold = run_cli(["check", "--format", "json", str(reply)])
    assert _entries(tmp_path / "on" / "docs")
    reply.write_text(REPLIES[0].replace("Jordan", "Jo"))  # the result cache misses, paragraphs hit
    warm = run_cli(["check", "--format", "json", str(reply)])
    assert cold.exit_code == warm.exit_code == 1
    assert len(json.loads(warm.stdout)["findings"]) == len(json.loads(cold.stdout)["findings"])
    monkeypatch.setenv("COMMLINT_CACHE_DIR", str(tmp_path / "off"))
    run_cli(["check", "--no-cache", "--format", "json", str(reply)])
    assert not (tmp_path / "off" / "docs").exists()


def test_doc_cache_is_off_in_the_library_unless_asked(tmp_path, monkeypatch, ruleset) -> None:
    monkeypatch.setenv("COMMLINT_CACHE_DIR", str(tmp_path))
    reply = tmp_path / "reply.txt"
    reply.write_text(REPLIES[0])
    assert Linter(Config(), ruleset).doc_cache is None
    results = lint_inputs(Config(), [Input(str(reply), reply)])
    assert results[0].findings
    assert not (tmp_path / "docs").exists()


def test_doc_cache_in_the_worker_gives_in_process_results(runtimes, tmp_path) -> None:  # noqa: F811 - the fixture
    reply = tmp_path / "reply.txt"
    reply.write_text(REPLIES[0])
    env = _env(runtimes(), COMMLINT_CACHE_DIR=str(tmp_path / "on"))
    served = int(_ready(env)["requests served"])
    args = ["--format", "json", str(reply)]
    _run(args, env)
    reply.write_text(REPLIES[0].replace("on file", "on record"))  # one paragraph edited
    warm = _run(args, env)
    off = _run(["--no-cache", *args], {**env, "COMMLINT_CACHE_DIR": str(tmp_path / "off")})
    assert _served(env) == served + 3
    alone = _run(["--no-cache", *args], {**env, "COMMLINT_NO_WORKER": "1"})
    assert (warm.returncode, warm.stdout, warm.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert (off.returncode, off.stdout, off.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert _entries(tmp_path / "on" / "docs")  # the client's cache folder, as in-process
    assert not (tmp_path / "off" / "docs").exists()


def test_entries_read_back_exactly_as_spacy_reads_them() -> None:
    """The cache reads entries with srsly's decoders looked up once: the same dict (and so the
    same Doc) as ``Doc.from_bytes``, numpy arrays included."""
    import numpy
    import srsly
    from spacy.tokens import Doc

    from commlint.nlp.doc_cache import _EXCLUDE, _unpack

    model = nlp.load()
    (doc,) = nlp.annotate(model, nlp.tokenize(model, ["The SQL queries time out at 3 pm, so we're pushing a hotfix."]),
                          [frozenset({"pos", "dep", "lemma"})])
    data = doc.to_bytes(exclude=_EXCLUDE)

    def same(a, b) -> bool:
        if isinstance(a, dict):
            return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        if isinstance(a, (list, tuple)):
            return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        if isinstance(a, numpy.ndarray):
            return isinstance(b, numpy.ndarray) and a.dtype == b.dtype and a.shape == b.shape and bool((a == b).all())
        return a == b

    assert same(srsly.msgpack_loads(data), _unpack(data))
    back = Doc(model.vocab).from_dict(_unpack(data), exclude=_EXCLUDE)
    assert back.to_bytes(exclude=_EXCLUDE) == data
    assert [(t.tag_, t.dep_, t.lemma_) for t in back] == [(t.tag_, t.dep_, t.lemma_) for t in doc]
