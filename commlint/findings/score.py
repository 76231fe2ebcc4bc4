"""A score per message, 0-100: what a support lead would give the draft, with every point
lost traced to a finding or to the tone model's score (the formula: docs/score.md)."""
from __future__ import annotations

import dataclasses
from typing import Any


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
