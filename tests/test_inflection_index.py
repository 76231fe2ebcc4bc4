"""The inflection index: lemminflect's answers read from a small SQLite file, so linting
processes never hold lemminflect's tables (about 100 MB)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from commlint.nlp import inflect, inflection_index

#: words lemminflect has no table entry for, or that are odd in its tables
_ODD_WORDS = ("zorbled", "commlint", "e", "xxiv", "quux", "colour", "datum", "data", "fungi", "wrote", "written",
              "been", "left", "paid", "better", "best", "happier", "ox", "oxen", "mice", "spelt")


@pytest.fixture(scope="module")
def built_index(tmp_path_factory) -> Path:
    from commlint.nlp import child_build

    path = tmp_path_factory.mktemp("inflection-index") / "index.sqlite"
    assert child_build.ensure_built(path, "commlint.nlp.inflection_index")
    return path


def _lookup_in(path: Path, words: list[str]) -> dict[str, list]:
    import sqlite3

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    answers = {}
    for word in words:
        row = db.execute("SELECT inflections, participle FROM forms WHERE word = ?", (word,)).fetchone()
        answers[word] = [json.loads(row[0]) if row and row[0] else {}, json.loads(row[1]) if row and row[1] else []]
    db.close()
    return answers


def test_the_index_gives_lemminflects_own_answers(built_index: Path) -> None:
    from lemminflect.core.Lemmatizer import Lemmatizer

    known = sorted({w.lower() for w in Lemmatizer()._getLemmaDict() if w.isalpha()})
    sample = known[::97] + list(_ODD_WORDS)
    indexed = _lookup_in(built_index, sample)
    for word in sample:
        expected = [inflect.generate_forms(word), inflect.participle_of(word)]
        assert indexed[word] == expected, word
    assert os.stat(built_index).st_mode & 0o777 == 0o600


def test_a_linting_process_with_a_new_cache_never_loads_lemminflect(tmp_path: Path) -> None:
    """Rewrites ask about words no table has seen yet; the index answers them."""
    script = textwrap.dedent("""
        import sys
        from commlint import Config, Linter
        from commlint.nlp import inflect
        linter = Linter(Config())
        findings = linter.lint_text("Your chargeback was escalated and the merchant acquirer refunded it. "
                                    "We will utilise the data.")
        print(int(inflect.participle("escalated")), int(inflect.participle("merchant")))
        print(sorted(inflect.inflections("refund").get("VBD", [])))
        print("lemminflect" in sys.modules)
    """)
    env = {**os.environ, "COMMLINT_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600, check=True)
    participles, refund, loaded = out.stdout.strip().splitlines()[-3:]
    assert participles == "1 0"
    assert refund == "['refunded']"
    assert loaded == "False", out.stderr
    assert (tmp_path / "cache" / inflection_index.index_path().name).is_file()


def test_without_a_writable_cache_lemminflect_answers_in_process(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    script = textwrap.dedent("""
        import sys
        from commlint.nlp import inflect, inflection_index
        print(inflection_index.lookup("counted"))
        print(int(inflect.participle("counted")), sorted(inflect.inflections("count")))
        print("lemminflect" in sys.modules)
    """)
    env = {**os.environ, "COMMLINT_CACHE_DIR": str(blocked / "cache")}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300, check=True)
    lookup, answers, loaded = out.stdout.strip().splitlines()
    assert lookup == "None"
    assert answers == "1 ['NN', 'NNS', 'VB', 'VBD', 'VBG', 'VBP', 'VBZ']"
    assert loaded == "True"


def test_a_forked_child_opens_its_own_connection(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import os
        from commlint.nlp import inflection_index
        parent = inflection_index.lookup("counted")
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            child = inflection_index.lookup("counted")
            os.write(write, b"same" if child == parent and inflection_index._state["pid"] == os.getpid() else b"differ")
            os._exit(0)
        os.close(write)
        os.waitpid(pid, 0)
        print(os.read(read, 100).decode(), parent[1])
    """)
    env = {**os.environ, "COMMLINT_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.split() == ["same", "['count']"]


def test_the_builder_child_does_not_import_from_the_current_folder(tmp_path: Path, monkeypatch) -> None:
    """A folder holding another ``commlint`` (say a checkout of an older one) is not what
    builds the cache files."""
    from commlint.nlp import child_build

    fake = tmp_path / "work" / "commlint" / "nlp"
    fake.mkdir(parents=True)
    for folder in (fake.parent, fake):
        (folder / "__init__.py").write_text("")
    (fake / "inflection_index.py").write_text("raise SystemExit('the wrong commlint')\n")
    monkeypatch.chdir(tmp_path / "work")
    target = tmp_path / "cache" / "index.sqlite"
    assert child_build.ensure_built(target, "commlint.nlp.inflection_index")
    assert target.stat().st_size > 1_000_000


def test_a_failed_build_is_not_retried_by_every_process(tmp_path: Path) -> None:
    from commlint.nlp import child_build

    target = tmp_path / "cache" / "never.bin"
    assert not child_build.ensure_built(target, "commlint.nlp.no_such_module")
    assert Path(f"{target}.failed").is_file()
    started = __import__("time").monotonic()
    assert not child_build.ensure_built(target, "commlint.nlp.no_such_module")
    assert __import__("time").monotonic() - started < 0.5  # no second child


def test_a_damaged_index_is_dropped_and_built_again(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        from commlint.nlp import inflection_index
        path = inflection_index.index_path()
        assert inflection_index.lookup("counted") is not None
        inflection_index._drop(inflection_index._state["db"], damaged=False)
        inflection_index._state.clear()
        data = bytearray(path.read_bytes())
        data[4096:8192 * 8] = b"\\xff" * (8192 * 8 - 4096)
        path.write_bytes(bytes(data))
        answers = [inflection_index.lookup(w) for w in ("counted", "zebra", "walked", "ran", "better")]
        print(path.exists(), all(a is None or isinstance(a, tuple) for a in answers))
        inflection_index._state.clear()
        print(inflection_index.lookup("counted")[1])
    """)
    env = {**os.environ, "COMMLINT_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    first, again = out.stdout.strip().splitlines()
    assert first == "False True"  # the damaged file was removed; no lookup raised
    assert again == "['count']"  # and the next process built it again


def test_a_cache_folder_with_uri_characters_in_its_name(tmp_path: Path) -> None:
    """The index is opened by a file URI: "?", "#" and "%" in the path are escaped."""
    folder = tmp_path / "odd?name#1%20"
    script = "from commlint.nlp import inflection_index; print(inflection_index.lookup('counted')[1])"
    env = {**os.environ, "COMMLINT_CACHE_DIR": str(folder)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.strip() == "['count']"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["odd?name#1%20"]
