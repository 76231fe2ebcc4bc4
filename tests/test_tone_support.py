"""The support tone model (rule T302, off by default): scored per sentence, the run-time
scorer equal to the trainer's, one finding per message, quiet on articles, quoted text and
sentences a phrase tone rule already reports, and the trainer's minimal-pair folds."""
from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from commlint import Config, Linter, data
from commlint.errors import PackError
from commlint.lint.harness import example_problems
from commlint.lint.rules import build_ruleset
from commlint.ruletypes.politeness import ToneModel, extract
from commlint.sources import read_documents

_ROOT = Path(__file__).resolve().parent.parent
_PACK = _ROOT / "rules" / "tone_model.yaml"
_RUDE = "The export has worked for every other client, so look at your own setup."
_FAIR = "Thanks for the detailed report, it made this much easier to track down."


@pytest.fixture(scope="module")
def support() -> Linter:
    return Linter(Config(select=("T302",)))


def _t302(linter: Linter, text: str, **settings) -> list:
    return [f for f in linter.lint_text(text, **settings) if f.rule_id == "T302"]


def _training():
    pytest.importorskip("sklearn")
    return importlib.import_module("train_support_tone")


def test_rule_is_off_by_default_and_its_examples_hold_when_selected() -> None:
    assert "T302" not in {r.meta.id for r in build_ruleset(Config()).rules}
    config = Config(select=("T302",))
    ruleset = build_ruleset(config)
    rule = ruleset.get("T302")
    linter = Linter(config, ruleset)
    assert rule.meta.bad and rule.meta.good
    for bad, examples in ((True, rule.meta.bad), (False, rule.meta.good)):
        for example in examples:
            assert example_problems(rule, example, bad, linter) == [], example.text


def test_shipped_model_is_small_and_carries_its_figures() -> None:
    path = data.models_dir() / "tone-support.json"
    assert path.stat().st_size < 100_000
    shipped = json.loads(path.read_text(encoding="utf-8"))
    assert shipped["cross_validated"]["folds"] == 5 and shipped["cross_validated"]["pair_groups"] > 0
    model = ToneModel.load(path)
    assert model.score(_FAIR).score < model.threshold < model.score(_RUDE).score


def test_scorer_matches_the_trainer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(_ROOT / "training"))
    training = _training()
    drafts = training.read_drafts()
    fitted = training.fit(drafts, C=0.5)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(training.model_json(fitted, 0.7, {}, len(drafts))), encoding="utf-8")
    scorer = ToneModel.load(path)
    for text in (_RUDE, _FAIR, "Not a bug. Working as designed.", "ok", "Why didn’t you check the FAQ?"):
        assert scorer.score(text).score == pytest.approx(fitted.sklearn_probability(text), abs=1e-4)
        assert scorer.score(text).score == pytest.approx(fitted.probability(extract(text)), abs=1e-4)


def test_minimal_pairs_share_a_fold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(_ROOT / "training"))
    training = _training()
    drafts = [
        training.Draft(text, impolite, training.sentence_features(text)) for text, impolite in (
            ("The parcel shows as delivered. Maybe check with your neighbours before accusing us.", True),
            ("The parcel was marked delivered at 2 pm. Drivers sometimes leave parcels with neighbours.", False),
            ("Your invoice is attached.", False),
        )
    ]
    groups = training.pair_groups(drafts)
    assert groups[0] == groups[1] != groups[2]


def test_threshold_needs_precision_and_a_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(_ROOT / "training"))
    training = _training()
    monkeypatch.setattr(training, "MIN_FLAGGED", 1)
    scores = [0.95, 0.9, 0.8, 0.7, 0.65, 0.5]
    impolite = [True, True, False, True, True, False]
    # 4 of 5 above 0.575 are impolite, but the floor (0.6) keeps the cut at 0.675 (3 of 4)
    assert training.choose_threshold(scores, impolite, precision=0.75, polite_cap=1.0) == pytest.approx(0.675)
    assert training.choose_threshold(scores, impolite, precision=1.0, polite_cap=1.0) == pytest.approx(0.85)
    assert training.choose_threshold([0.55, 0.4], [True, False], precision=0.5, polite_cap=1.0) == 0.99  # floor


def test_one_finding_per_message_at_the_worst_sentence(support: Linter) -> None:
    text = f"Hi Sam. {_RUDE} Not a bug. Working as designed. {_FAIR}"
    findings = _t302(support, text, kind="reply", channel="email")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.category == "tone" and finding.match in text and finding.match != _FAIR
    assert "reads as impolite to a customer (score 0." in finding.message and "“" in finding.message


def test_articles_and_quoted_text_are_not_scored(support: Linter) -> None:
    assert _t302(support, _RUDE, kind="reply", channel="email")
    assert not _t302(support, _RUDE, kind="article", channel="kb")
    quoted = f"Hi Sam,\n\nThanks, I have passed this on to our billing team.\n\n> {_RUDE}\n"
    [document] = read_documents(quoted.encode(), "reply.md")
    document = document.with_settings(kind="reply", channel="email")
    assert not [f for f in support.lint_document(document) if f.rule_id == "T302"]
    [own] = read_documents(quoted.replace("> ", "").encode(), "reply.md")
    assert [f for f in support.lint_document(own.with_settings(kind="reply", channel="email")) if f.rule_id == "T302"]


def test_a_sentence_a_phrase_rule_reports_is_left_to_it(support: Linter) -> None:
    text = "Why didn't you read the manual? You clearly missed it."
    both = Linter(Config(select=("T302", "tone")))
    tone = [f for f in both.lint_text(text, kind="reply", channel="email") if f.category == "tone"]
    assert tone and not [f for f in tone if f.rule_id == "T302"]
    assert not _t302(support, text, kind="reply", channel="email")  # the phrase rules count even when not selected


def test_the_report_scores_the_worst_sentence(support: Linter) -> None:
    [result] = support.check_documents([read_documents(f"{_FAIR} {_RUDE}".encode(), "reply.txt")[0]])
    score = result.scores["tone_support"]
    assert score["rule_id"] == "T302" and score["score"] > score["threshold"] and score["drivers"]
    assert "tone" not in result.scores  # T301 (not selected) keeps its own name


def _pack_with(tmp_path: Path, old: str, new: str) -> Path:
    pack = tmp_path / "tone_model.yaml"
    pack.write_text(_PACK.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return pack


@pytest.mark.parametrize(("old", "new", "field"), [
    ("per: sentence", "per: word", "per"),
    ("      per: sentence\n", "", "unless_finding_of"),
    ("unless_finding_of: [tone]", "unless_finding_of: [no-such-rule]", "unless_finding_of"),
])
def test_bad_options_are_one_line_errors(tmp_path: Path, old: str, new: str, field: str) -> None:
    config = Config(default_packs=False, packs=(str(_pack_with(tmp_path, old, new)),), select=("T302",))
    with pytest.raises(PackError, match=field):
        build_ruleset(config)
