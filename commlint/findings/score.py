"""A score per message, 0-100: what a support lead would give the draft, with every point
lost traced to a finding or to the tone model's score (the formula: docs/score.md)."""
from __future__ import annotations

import dataclasses
import re
from typing import Any, Iterable, Mapping, Sequence

from commlint.findings.model import Finding


@dataclasses.dataclass(frozen=True)
class Loss:
    """Points one finding (or the tone model) cost the message."""

    area: str
    points: float
    rule_id: str  #: the finding's rule, or ``tone-model`` for the model's own score
    start: int | None = None  #: the finding's offsets (None for the tone model)
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"area": self.area, "points": round(self.points, 2), "rule_id": self.rule_id, "start": self.start, "end": self.end}


@dataclasses.dataclass(frozen=True)
class MessageScore:
    """The score of one message: the total, each area's score and every loss behind them."""

    score: int  #: 0-100, higher is better
    areas: tuple[tuple[str, float], ...]  #: (area, points left of its budget)
    budgets: tuple[tuple[str, float], ...]  #: (area, its budget); the budgets sum to 100
    losses: tuple[Loss, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``score`` in the json report's file entries, SARIF properties)."""
        budgets = dict(self.budgets)
        return {
            "score": self.score,
            "areas": {area: {"score": round(left, 2), "of": budgets[area]} for area, left in self.areas},
            "losses": [loss.to_dict() for loss in self.losses],
        }


#: the areas of a message's score and the share of the 100 points each holds
DEFAULT_BUDGETS: dict[str, float] = {"clarity": 25, "tone": 30, "commitment": 20, "courtesy": 10, "safety": 15}
#: points one finding costs by severity, before repetition and length are counted; and the
#: most the tone model's score can cost (at 1.0, sloping from nothing at 0.5)
DEFAULT_POINTS: dict[str, float] = {"error": 20, "warning": 8, "info": 3, "tone_model": 15}
#: which area each rule category counts against (suppression findings count nowhere)
CATEGORY_AREAS: dict[str, str] = {
    "jargon": "clarity", "acronym": "clarity", "plain-language": "clarity", "readability": "clarity",
    "grammar": "clarity",
    "tone": "tone", "slang": "tone",
    "overpromise": "commitment", "timeline": "commitment", "next-steps": "commitment",
    "courtesy": "courtesy",
    "privacy": "safety", "placeholders": "safety",
}
#: a message longer than this many words has each finding's points divided by its length
#: in these units, so a long article is not marked down for being long
WORDS_PER_UNIT = 300
#: the n-th finding of the same rule in a message counts REPEAT ** (n - 1) of its points:
#: one habit repeated is one problem a little worse, not n problems
REPEAT = 0.5
TONE_MODEL = "tone-model"  #: ``Loss.rule_id`` of the tone model's own score


@dataclasses.dataclass(frozen=True)
class Weights:
    """The numbers of the formula (``score_weights`` and ``score_points`` in config)."""

    budgets: tuple[tuple[str, float], ...] = tuple(DEFAULT_BUDGETS.items())
    points: tuple[tuple[str, float], ...] = tuple(DEFAULT_POINTS.items())

    @classmethod
    def from_config(cls, budgets: Iterable[tuple[str, float]] = (), points: Iterable[tuple[str, float]] = ()) -> "Weights":
        """Defaults with the configured entries on top; the budgets are scaled to sum to 100."""
        merged = {**DEFAULT_BUDGETS, **dict(budgets)}
        total = sum(merged.values())
        scaled = {area: (100 * value / total if total else 0.0) for area, value in merged.items()}
        return cls(tuple(scaled.items()), tuple({**DEFAULT_POINTS, **dict(points)}.items()))


def score_message(
    text: str, findings: Sequence[Finding], scores: Mapping[str, Any] | None = None,
    skipped: Sequence[tuple[int, int]] = (), weights: Weights | None = None,
) -> MessageScore:
    """The score of one message (``text``, the linted ``findings``, the rules' message-level
    ``scores`` and the ``skipped`` regions as (start, end)): 100 minus the points each area
    lost, each area losing at most its budget. Deterministic: the same inputs give the
    same score, and every point lost is a ``Loss`` naming its finding or the tone model."""
    weights = weights or Weights()
    budgets, points = dict(weights.budgets), dict(weights.points)
    tone = (scores or {}).get("tone") or {}
    model_rule = tone.get("rule_id")
    length = max(1.0, _words(text, skipped) / WORDS_PER_UNIT)
    raw: list[Loss] = []
    seen: dict[str, int] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        area = CATEGORY_AREAS.get(finding.category)
        if area is None or area not in budgets or finding.rule_id == model_rule:
            continue  # the model's finding is counted through its score, below
        n = seen.get(finding.rule_id, 0)
        seen[finding.rule_id] = n + 1
        cost = points.get(finding.severity.label, 0.0) * REPEAT ** n / length
        raw.append(Loss(area, cost, finding.rule_id, finding.start, finding.end))
    if "score" in tone and "tone" in budgets:
        slope = min(1.0, max(0.0, (float(tone["score"]) - 0.5) / 0.5))
        if slope > 0:
            raw.append(Loss("tone", points.get("tone_model", 0.0) * slope, TONE_MODEL))
    losses: list[Loss] = []
    left: dict[str, float] = {}
    for area, budget in budgets.items():
        mine = [loss for loss in raw if loss.area == area and loss.points > 0]
        total = sum(loss.points for loss in mine)
        share = min(1.0, budget / total) if total else 1.0  # an area loses at most its budget
        losses += [dataclasses.replace(loss, points=loss.points * share) for loss in mine]
        left[area] = budget - min(budget, total)
    lost = sum(budgets.values()) - sum(left.values())
    return MessageScore(
        score=max(0, min(100, round(100 - lost))), areas=tuple(left.items()), budgets=tuple(budgets.items()),
        losses=tuple(sorted(losses, key=lambda loss: (loss.start is None, loss.start or 0, loss.rule_id))),
    )


_WORD = re.compile(r"\w+")


def _words(text: str, skipped: Sequence[tuple[int, int]]) -> int:
    """Words of ``text`` outside the skipped regions."""
    count, pos = 0, 0
    for start, end in sorted(skipped):
        if start > pos:
            count += len(_WORD.findall(text, pos, start))
        pos = max(pos, end)
    return count + len(_WORD.findall(text, pos))
