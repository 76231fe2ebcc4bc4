"""The message-level tone model: shipped weights, the pure-Python scorer against the
training script's fitted model, deterministic features, and rule T301 through the Linter."""
from __future__ import annotations

import dataclasses
import importlib
import json
import time
from pathlib import Path

import pytest

from commlint import Config, Linter, data
from commlint.errors import PackError
from commlint.lint.rules import build_ruleset
from commlint.ruletypes.politeness import ToneModel, extract

_ROOT = Path(__file__).resolve().parent.parent
_PACK = _ROOT / "rules" / "tone_model.yaml"
_RUDE = "Why didn't you read the manual? It's obviously explained there."
_POLITE = "Thanks so much for your patience! Could you send me a screenshot of the error, please?"


@pytest.fixture(scope="module")
def model() -> ToneModel:
    return ToneModel.load(data.models_dir() / "tone-politeness.json")


def _linter(pack: Path = _PACK) -> Linter:
    config = Config(default_packs=False, packs=(str(pack),))
    return Linter(config, build_ruleset(config))


def test_shipped_weights_load_and_order_rude_above_polite(model: ToneModel) -> None:
    rude, polite = model.score(_RUDE), model.score(_POLITE)
    assert 0.0 <= polite.score < model.threshold < rude.score <= 1.0
    words = [w.lower() for w, _ in rude.drivers]
    assert any("why" in w for w in words) and "obviously" in words
    assert all(c > 0 for _, c in rude.drivers)
    assert [c for _, c in rude.drivers] == sorted((c for _, c in rude.drivers), reverse=True)


def test_shipped_file_is_small_and_carries_its_figures() -> None:
    path = data.models_dir() / "tone-politeness.json"
    assert path.stat().st_size < 300_000
    shipped = json.loads(path.read_text(encoding="utf-8"))
    assert {"intercept", "threshold", "strategies", "vocabulary", "training", "cross_validated"} <= set(shipped)
    assert shipped["cross_validated"]["folds"] == 5


def test_features_are_deterministic_and_read_both_apostrophes() -> None:
    text = "Why didn’t you check? You clearly missed it!!"
    first, second = extract(text), extract(text)
    assert first == second
    assert extract(text.replace("’", "'")).values == first.values
    assert {"s:why_question", "s:factuality", "s:repeated_punctuation", "s:second_person_start"} <= set(first.values)
    assert text[slice(*first.evidence["s:factuality"])] == "clearly"


def test_please_first_and_inside_are_different_strategies() -> None:
    assert "s:please_start" in extract("Please send the file.").values
    inside = extract("Could you please send the file?").values
    assert "s:please" in inside and "s:please_start" not in inside and "s:indirect_modal" in inside


def test_challenge_and_exasperation_strategies() -> None:
    values = extract("Why don't you read it again? You should just restart it, right?").values
    assert {"s:why_you", "s:repetition", "s:obligation", "s:minimizer", "s:tag_question", "s:questions_2"} <= set(values)
    assert "s:negated_question" in extract("Didn’t you see the notice?").values
    assert "s:tag_question" in extract("It was in the email, wasn't it?").values
    calm = extract("Thanks, could you let me know which browser you use?").values
    assert "s:helpful" in calm and not {"s:why_you", "s:tag_question", "s:obligation"} & set(calm)


def test_whole_message_features_count_but_name_no_words(model: ToneModel) -> None:
    text = "Why? Why not?"
    features = extract(text)
    assert {"s:short", "s:questions_2"} <= set(features.values)
    assert model.score(text).score == pytest.approx(model.probability(features))
    assert all(w.lower() in ("why", "why?", "why not", "why not?", "not") for w, _ in model.score(text).drivers)


def _training():
    pytest.importorskip("sklearn")
    return importlib.import_module("train_tone_model")


def test_threshold_is_chosen_for_rules_and_model_together(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(_ROOT / "training"))
    training = _training()
    monkeypatch.setattr(training, "MIN_FLAGGED", 1)
    labels = ["impolite", "impolite", "neutral", "impolite", "polite", "neutral"]
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
    alone = training.choose_threshold(scores, labels, precision=0.75, polite_cap=1.0)
    assert alone == pytest.approx(0.55)  # 3 of the 4 above it are impolite
    ruled = [False, False, True, False, False, False]  # a rule flags the neutral one anyway: no cost to the model
    assert training.choose_threshold(scores, labels, ruled, precision=0.75, polite_cap=1.0) == pytest.approx(0.45)
    assert training.choose_threshold(scores, labels, precision=0.5, polite_cap=0.0) == pytest.approx(0.55)


def test_scorer_matches_the_fitted_scikit_learn_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(_ROOT / "training"))
    training = _training()
    rows = training.read_drafts()
    fitted = training.fit(rows, C=0.5)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(training.model_json(fitted, 0.6, {}, len(rows), 0)), encoding="utf-8")
    scorer = ToneModel.load(path)
    for text in (_RUDE, _POLITE, "Stop sending tickets. Read the FAQ!", "ok"):
        assert scorer.score(text).score == pytest.approx(fitted.sklearn_probability(text), abs=1e-4)


def test_word_vectors_collapse_exactly_to_shipped_scalars(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The word-vector block is trained on WordLlama vectors and shipped as one scalar per
    word: the run-time score (a mean of scalars, no vectors) equals scikit-learn's on the vectors."""
    pytest.importorskip("wordllama")
    monkeypatch.syspath_prepend(str(_ROOT / "training"))
    training = _training()
    monkeypatch.setattr(training, "EMBEDDING_SCALE", 0.5)
    rows = training.read_drafts()
    fitted = training.fit(rows, C=0.5)
    assert fitted.lexical and fitted.block is not None
    assert {"the", "because", "refund"} <= set(fitted.block.index)  # common words beyond the drafts get a scalar
    path = tmp_path / "model.json"
    path.write_text(json.dumps(training.model_json(fitted, 0.6, {}, len(rows), 0)), encoding="utf-8")
    scorer = ToneModel.load(path)
    assert scorer.lexical == fitted.lexical
    texts = (_RUDE, _POLITE, "Your refund is on its way, because the courier confirmed the return.", "Seriously?? Again?!")
    for text in texts:
        assert scorer.score(text).score == pytest.approx(fitted.sklearn_probability(text), abs=1e-4)
    without = dataclasses.replace(scorer, lexical={})
    assert any(abs(scorer.score(t).score - without.score(t).score) > 1e-3 for t in texts)


def test_scoring_is_fast(model: ToneModel) -> None:
    text = " ".join([_RUDE, _POLITE] * 5)  # about 100 words
    start = time.perf_counter()
    for _ in range(200):
        model.score(text)
    assert (time.perf_counter() - start) / 200 < 0.005  # well under 1 ms on an idle machine


def test_rule_reports_the_sentence_that_drives_the_score() -> None:
    findings = [f for f in _linter().lint_text(_RUDE, kind="reply", channel="email") if f.rule_id == "T301"]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.category == "tone" and finding.match == "Why didn't you read the manual?"
    assert "reads as impolite (score 0." in finding.message and "“obviously”" in finding.message


def test_rule_is_quiet_on_polite_replies_and_articles() -> None:
    linter = _linter()
    assert not [f for f in linter.lint_text(_POLITE, kind="reply", channel="email") if f.rule_id == "T301"]
    assert not [f for f in linter.lint_text(_RUDE, kind="article", channel="kb") if f.rule_id == "T301"]


def _pack_with(tmp_path: Path, matcher: str) -> Path:
    pack = tmp_path / "tone_model.yaml"
    pack.write_text(_PACK.read_text(encoding="utf-8").replace("model: tone-politeness", matcher), encoding="utf-8")
    return pack


def test_threshold_option_overrides_the_model(tmp_path: Path) -> None:
    strict = _linter(_pack_with(tmp_path, "{model: tone-politeness, threshold: 0.95}"))
    assert not [f for f in strict.lint_text(_RUDE, kind="reply") if f.rule_id == "T301"]
    with pytest.raises(PackError, match="threshold"):
        _linter(_pack_with(tmp_path, "{model: tone-politeness, threshold: 1.5}"))


def test_numbers_and_stray_letters_are_never_named_as_drivers(model: ToneModel) -> None:
    text = "Why did you not read the 7 steps in section H of the 2009 guide? U must do it 1000 times."
    words = [w for w, _ in model.score(text, top=10).drivers]
    assert words and not any(w.strip("?!. ").isdigit() or len(w.strip("?!. ")) == 1 for w in words), words
    chat = model.score("can u send it again, why is it so hard", top=10)
    assert "u" in [w for w, _ in chat.drivers]  # a chat "u" is a word
