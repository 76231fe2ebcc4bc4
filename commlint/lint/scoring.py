"""The score of a linted message under its configuration (the formula: findings/score.py)."""
from __future__ import annotations

from commlint.config import Config
from commlint.document.model import Document
from commlint.findings.results import DocumentFindings
from commlint.findings.score import MessageScore, Weights, score_message


def weights_of(config: Config) -> Weights:
    """The formula's numbers with the configuration's ``score_weights`` and ``score_points``."""
    return Weights.from_config(config.score_weights, config.score_points)


def score_of(config: Config, document: Document, found: DocumentFindings) -> MessageScore:
    """The 0-100 score of ``document`` from what linting it found."""
    return score_message(
        document.text, found.findings, found.scores, [(r.start, r.end) for r in document.skipped], weights_of(config),
    )
