"""Every term entry can report (issue 9): terms written with "/", "&" or "-" are found,
and no entry is shadowed by the same term elsewhere, which one finding per problem
(``drop_nested``: the more severe, then the first rule) would keep from ever reporting."""
from __future__ import annotations

from collections import defaultdict

import pytest

from commlint.options import OptionError
from commlint.ruletypes.detectors import Detector, DetectorSpec
from commlint.ruletypes.lexicon import Lexicon, Term
from commlint.ruletypes.matching import MatchRule
from commlint.ruletypes.resources import Resources


@pytest.mark.parametrize("text, rule, term", [
    ("We support S/MIME on every plan.", "J106", "S/MIME"),
    ("The F&B minimum applies to your booking.", "J113", "F&B minimum"),
    ("We checked the F&B today.", "J113", "F&B"),
    ("Your supplier is C-TPAT certified.", "J114", "C-TPAT"),
    ("Your W-2 forms are attached.", "J132", "W-2"),
    ("Please fill in a new W-4 today.", "J132", "W-4"),
])
def test_terms_with_symbols_are_found(linter, text: str, rule: str, term: str) -> None:
    """Their own pieces ("F" and "B") do not count as the term spelled out."""
    spans = [text[f.start : f.end] for f in linter.lint_text(text) if f.rule_id == rule]
    assert spans == [term]


def test_a_term_spelled_out_is_still_explained(linter) -> None:
    text = "Our Food and Beverage (F&B) team will call. The F&B team is open late."
    assert not [f for f in linter.lint_text(text) if f.rule_id == "J113"]


def _lexicon(name: str, *terms: str) -> Lexicon:
    return Lexicon(name, "", tuple(Term(t, "plain words") for t in terms), name)


@pytest.mark.parametrize("spec", [
    DetectorSpec(phrases=("TL;DR", "tl;dr")),
    DetectorSpec(phrases=("cross-docking",), lexicons=("a",)),
    DetectorSpec(lexicons=("a", "b")),
])
def test_a_term_twice_in_one_rule_is_an_error(spec: DetectorSpec) -> None:
    lexicons = Resources({"a": _lexicon("a", "Cross-docking"), "b": _lexicon("b", "cross-docking")})
    with pytest.raises(OptionError, match="listed twice"):
        Detector(spec, "matcher", lexicons)


def test_case_sensitive_spellings_are_different_terms() -> None:
    assert len(Detector(DetectorSpec(phrases=("RN", "rn"), case_sensitive=True), "m", Resources({})).terms) == 2


def test_no_term_in_two_rules_of_one_category(ruleset) -> None:
    """Two enabled word-level rules of one category with the same term: only one could
    ever report it. Each term lives in one lexicon or phrase list (resolved in the data)."""
    rules_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rule in ruleset.rules:
        if isinstance(rule, MatchRule) and rule.meta.enabled:
            for term in {t.term if t.case_sensitive else t.term.lower() for t in rule.detector.terms}:
                rules_of[(rule.meta.category, term)].append(rule.meta.id)
    shared = {key: ids for key, ids in rules_of.items() if len(ids) > 1}
    assert not shared, shared
