"""The score per message: 0-100, by area, every point lost traced to a finding or to the
tone model, weights from config, and ``--min-score`` as a gate (docs/score.md)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from commlint import Config, Linter
from commlint.findings import Finding, Severity
from commlint.findings.score import (
    CATEGORY_AREAS, DEFAULT_BUDGETS, REPEAT, TONE_MODEL, WORDS_PER_UNIT, Weights, score_message,
)
from commlint.lint.scoring import score_of
from commlint.ruletypes.base import CATEGORIES
from commlint.sources.plain import text_document
from helpers import EXAMPLES, run_cli

POOR = "Hey, why did you not read the docs? Obviously this is your fault. We guarantee a fix ASAP."
GOOD = (
    "Hi Sam,\n\nThanks for the details. I have reset your password, so you can sign in now. "
    "If it still fails, reply here and I will look again today.\n\nBest,\nAlex\n"
)


def _finding(rule_id: str, category: str, severity: Severity, start: int, end: int = 0) -> Finding:
    return Finding(rule_id, "x.y", category, severity, "m", "r", "w", start, end or start + 1, 1, start + 1)


def _score(linter: Linter, text: str, config: Config | None = None):
    document = linter._settle(text_document(text))
    return score_of(config or linter.config, document, next(linter.check_documents([document])))


def test_a_clean_reply_scores_100_and_a_poor_one_loses_points_it_can_name(linter: Linter) -> None:
    good, poor = _score(linter, GOOD), _score(linter, POOR)
    assert good.score == 100 and good.losses == ()
    assert poor.score < 70
    # every point lost is a loss that names its finding (or the tone model)
    assert sum(loss.points for loss in poor.losses) == pytest.approx(100 - sum(left for _, left in poor.areas))
    assert abs(100 - poor.score - sum(loss.points for loss in poor.losses)) <= 0.5
    found = {f.rule_id for f in linter.lint_text(POOR)}
    assert {loss.rule_id for loss in poor.losses} - found <= {TONE_MODEL}
    assert any(loss.rule_id == TONE_MODEL and loss.start is None for loss in poor.losses)
    assert dict(poor.areas)["tone"] < DEFAULT_BUDGETS["tone"] and dict(poor.areas)["clarity"] == DEFAULT_BUDGETS["clarity"]


def test_the_score_is_deterministic(linter: Linter) -> None:
    assert _score(linter, POOR) == _score(linter, POOR)


def test_every_category_counts_against_an_area() -> None:
    assert set(CATEGORIES) == set(CATEGORY_AREAS)
    assert set(CATEGORY_AREAS.values()) == set(DEFAULT_BUDGETS)
    assert sum(DEFAULT_BUDGETS.values()) == 100


def test_an_area_loses_at_most_its_budget_and_the_losses_are_scaled_to_it() -> None:
    findings = [_finding(f"O10{i}", "overpromise", Severity.ERROR, i * 10) for i in range(5)]
    score = score_message("word " * 40, findings)
    assert dict(score.areas)["commitment"] == 0
    assert score.score == 100 - DEFAULT_BUDGETS["commitment"]
    assert sum(loss.points for loss in score.losses) == pytest.approx(DEFAULT_BUDGETS["commitment"])


def test_a_repeated_rule_counts_less_each_time() -> None:
    findings = [_finding("J101", "jargon", Severity.INFO, i * 10) for i in range(3)]
    points = [loss.points for loss in score_message("word " * 40, findings).losses]
    assert points == pytest.approx([3, 3 * REPEAT, 3 * REPEAT ** 2])


def test_a_long_article_is_not_marked_down_for_its_length() -> None:
    finding = [_finding("J101", "jargon", Severity.WARNING, 0)]
    short = score_message("word " * 100, finding)
    long = score_message("word " * (WORDS_PER_UNIT * 4), finding)
    assert short.losses[0].points == pytest.approx(4 * long.losses[0].points)
    # skipped regions (quoted replies, code) are not the writer's words
    quoted = score_message("word " * 100 + "quoted " * (WORDS_PER_UNIT * 4), finding, skipped=[(500, 10_000)])
    assert quoted.losses == short.losses


def test_suppression_findings_count_nowhere() -> None:
    assert score_message("w", [_finding("X001", "suppression", Severity.WARNING, 0)]).score == 100


def test_the_tone_model_counts_through_its_score_not_twice() -> None:
    model_finding = _finding("T301", "tone", Severity.WARNING, 0)
    scores = {"tone": {"score": 0.9, "threshold": 0.67, "rule_id": "T301", "drivers": []}}
    score = score_message("w " * 20, [model_finding], scores)
    assert [loss.rule_id for loss in score.losses] == [TONE_MODEL]
    assert score.losses[0].points == pytest.approx(15 * 0.8)
    calm = score_message("w " * 20, [], {"tone": {"score": 0.3, "threshold": 0.67, "rule_id": "T301", "drivers": []}})
    assert calm.score == 100


def test_weights_from_config_change_the_score_and_the_budgets_sum_to_100(linter: Linter) -> None:
    weights = Weights.from_config([("tone", 60)], [("warning", 1)])
    assert sum(v for _, v in weights.budgets) == pytest.approx(100)
    default = _score(linter, POOR)
    config = Config(score_weights=(("tone", 60.0),), score_points=(("warning", 1.0),))
    assert _score(linter, POOR, config).score != default.score


def test_json_carries_the_score_and_text_exit_code_follows_min_score(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(POOR)
    result = run_cli(["--no-cache", "--format", "json", "--fail-on", "never", str(draft)])
    score = json.loads(result.stdout)["files"][0]["score"]
    assert 0 <= score["score"] < 70 and set(score["areas"]) == set(DEFAULT_BUDGETS)
    assert run_cli(["--no-cache", "--fail-on", "never", str(draft)]).exit_code == 0
    gated = run_cli(["--no-cache", "--fail-on", "never", "--min-score", "80", str(draft)])
    assert gated.exit_code == 1
    assert f"scores {score['score']}, below the minimum of 80" in gated.stderr
    assert run_cli(["--no-cache", "--fail-on", "never", "--min-score", "0", str(draft)]).exit_code == 0
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    assert run_cli(["--no-cache", "--min-score", "100", str(good)]).exit_code == 0


def test_min_score_and_weights_from_a_config_file(tmp_path: Path) -> None:
    (tmp_path / ".commlint.yaml").write_text("min_score: 95\nfail_on: never\nscore_weights: {tone: 40}\n")
    draft = tmp_path / "draft.txt"
    draft.write_text(POOR)
    assert run_cli(["--no-cache", str(draft)]).exit_code == 1


@pytest.mark.parametrize("args, problem", [
    (["--min-score", "101"], "'--min-score': 101 is not in the range 0<=x<=100"),
    (["--min-score", "-1"], "'--min-score': -1 is not in the range"),
    (["--min-score", "high"], "'--min-score': 'high' is not a valid integer"),
])
def test_a_score_out_of_range_is_one_line_and_exit_2(args: list[str], problem: str) -> None:
    result = run_cli(["--no-cache", *args, str(EXAMPLES / "good-reply.txt")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0], result.stderr


@pytest.mark.parametrize("yaml, problem", [
    ("min_score: 120\n", "min_score: expected a whole number from 0 to 100, got 120"),
    ("score_weights: {speed: 3}\n", "score_weights.speed: unknown entry (expected one of: clarity, tone"),
    ("score_weights: {tone: -3}\n", "score_weights.tone: expected a number of zero or more, got -3"),
    ("score_points: [1, 2]\n", "score_points: expected a mapping like {error: 10}"),
])
def test_bad_score_settings_are_one_line_and_exit_2(tmp_path: Path, yaml: str, problem: str) -> None:
    (tmp_path / ".commlint.yaml").write_text(yaml)
    draft = tmp_path / "draft.txt"
    draft.write_text(GOOD)
    result = run_cli(["--no-cache", str(draft)])
    assert result.exit_code == 2
    assert problem in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
