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
