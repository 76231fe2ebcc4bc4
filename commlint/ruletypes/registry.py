"""The one registry of rule types; a YAML rule's ``type:`` must name one of these."""
from __future__ import annotations

from commlint.ruletypes.acronym import AcronymRule
from commlint.ruletypes.base import Rule
from commlint.ruletypes.grammar import GrammarRule
from commlint.ruletypes.metric import MetricRule
from commlint.ruletypes.pattern import PatternRule
from commlint.ruletypes.placeholder import PlaceholderRule
from commlint.ruletypes.phrase import PhraseRule
from commlint.ruletypes.regex import RegexRule
from commlint.ruletypes.require import RequireRule
from commlint.ruletypes.tone_model import ToneModelRule

RULE_TYPES: dict[str, type[Rule]] = {
    "phrase": PhraseRule,
    "pattern": PatternRule,
    "regex": RegexRule,
    "metric": MetricRule,
    "require": RequireRule,
    "acronym": AcronymRule,
    "placeholder": PlaceholderRule,
    "tone-model": ToneModelRule,
    "grammar": GrammarRule,
}

#: types whose findings carry their own ids under the rule's (``GR.harper.SpellCheck``)
SUB_ID_TYPES = frozenset(name for name, cls in RULE_TYPES.items() if cls.sub_ids)
