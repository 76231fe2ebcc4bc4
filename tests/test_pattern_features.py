"""The pattern type's features beyond spaCy's Matcher (fragments, MARK, antipatterns, HEAD
and CHILD conditions, both apostrophes) and ``unless`` windows and rule references, through
the real loader, engine and spaCy model."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from commlint import Config, Linter
from commlint.errors import PackError

FRAGMENTS = """\
description: test fragments
fragments:
  modal:
    - {LOWER: {IN: [can, could, will, "'ll", would]}}
  you-subject:
    any:
      - [{LOWER: you}]
      - [{LOWER: your}, {LOWER: team}]
  soon-ish:
    any:
      - [{LOWER: soon}]
      - [{LOWER: shortly}]
"""


def _rule(rule_id: str, name: str, matcher: str, bad: str, good: str, enabled: bool = True) -> str:
    body = textwrap.indent(textwrap.dedent(matcher).strip(), "      ")
    return f"""  - id: {rule_id}
    name: {name}
    category: tone
    severity: warning
    type: pattern
    enabled: {str(enabled).lower()}
    message: "m {{match}}"
    rationale: r
    suggestions: ["s"]
    matcher:
{body}
    examples:
      bad: ["{bad}"]
      good: ["{good}"]
"""


def _linter(tmp_path: Path, rules: list[str], fragments: str = FRAGMENTS) -> Linter:
    folder = tmp_path / "packs"
    (folder / "fragments").mkdir(parents=True)
    (folder / "fragments" / "common.yaml").write_text(fragments, encoding="utf-8")
    (folder / "testpack.yaml").write_text("pack: testpack\ndescription: d\nrules:\n" + "".join(rules), encoding="utf-8")
    return Linter(Config(default_packs=False, packs=(str(folder),)))


def _matches(linter: Linter, text: str, rule_id: str | None = None) -> list[str]:
    return [f.match for f in linter.lint_text(text) if rule_id is None or f.rule_id == rule_id]


def test_fragments_expand_with_alternatives_and_op(tmp_path: Path) -> None:
    linter = _linter(tmp_path, [_rule("T901", "tone.t-one", """
        patterns:
          - [{FRAGMENT: you-subject}, {FRAGMENT: modal, OP: "?"}, {LEMMA: fail}]
    """, "[[you failed]]", "we failed")])
    assert _matches(linter, "I think you failed the check.") == ["you failed"]
    assert _matches(linter, "Your team will fail the audit.") == ["Your team will fail"]
    assert _matches(linter, "We failed the check.") == []


def test_a_one_token_fragment_takes_more_attributes(tmp_path: Path) -> None:
    linter = _linter(tmp_path, [_rule("T908", "tone.t-eight", """
        patterns:
          - [{FRAGMENT: modal, IS_SENT_START: true}, {LOWER: you}]
    """, "[[can you]]", "you can")])
    assert _matches(linter, "Can you send it? I know you can do it. And will you?") == ["Can you"]


def test_marker_reports_only_the_marked_tokens(tmp_path: Path) -> None:
    linter = _linter(tmp_path, [_rule("T902", "tone.t-two", """
        patterns:
          - [{LOWER: as}, {LOWER: i}, {LOWER: {IN: [said, explained]}, MARK: true}, {LOWER: {IN: [before, already, twice]}, MARK: true}]
    """, "as i [[said before]]", "as i see it")])
    text = "As I said before, the export runs at night."
    findings = linter.lint_text(text)
    assert [f.match for f in findings] == ["said before"]
    assert text[findings[0].start : findings[0].end] == "said before"


def test_marked_fragment_marks_all_its_tokens(tmp_path: Path) -> None:
    linter = _linter(tmp_path, [_rule("T903", "tone.t-three", """
        patterns:
          - [{LOWER: {IN: [fix, reply]}}, {FRAGMENT: soon-ish, MARK: true}]
    """, "fix [[soon]]", "fix it"),])
    assert _matches(linter, "We will reply shortly.") == ["shortly"]


def test_antipattern_cancels_an_overlapping_match(tmp_path: Path) -> None:
    linter = _linter(tmp_path, [_rule("T904", "tone.t-four", """
        patterns:
          - [{LOWER: read}, {LOWER: the}, {LOWER: {IN: [manual, file, docs]}}]
        antipatterns:
          - [{LOWER: read}, {LOWER: the}, {LOWER: file}]
    """, "[[read the manual]]", "read the file")])
    assert _matches(linter, "Just read the manual.") == ["read the manual"]
    assert _matches(linter, "Please read the file I attached.") == []


def test_head_and_child_conditions(tmp_path: Path) -> None:
    linter = _linter(tmp_path, [_rule("T905", "tone.t-five", """
        patterns:
          - [{LOWER: you, DEP: nsubj, HEAD: {LEMMA: {IN: [break, delete]}}}]
          - [{LEMMA: guarantee, POS: VERB, NO_CHILD: {DEP: neg}, MARK: true}]
    """, "[[you]] broke it", "it broke")])
    assert _matches(linter, "It stopped because you deleted the folder.") == ["you"]
    assert _matches(linter, "You can see the folder now.") == []
    assert _matches(linter, "We guarantee it works.") == ["guarantee"]
    assert _matches(linter, "We do not guarantee it works.") == []


def test_both_apostrophes_are_one(tmp_path: Path) -> None:
    linter = _linter(tmp_path, [_rule("T906", "tone.t-six", """
        patterns:
          - [{LOWER: "you"}, {LOWER: "'ll"}, {LOWER: {IN: ["never", "n't"]}}]
          - [{LOWER: "that"}, {LOWER: {IN: ["’s"]}}, {LOWER: "wrong"}]
    """, "[[you'll never]]", "you will see")])
    assert _matches(linter, "you’ll never see it") == ["you’ll never"]
    assert _matches(linter, "you'll never see it") == ["you'll never"]
    assert _matches(linter, "that's wrong") == ["that's wrong"]


def test_separate_before_and_after_windows(tmp_path: Path) -> None:
    linter = _linter(tmp_path, [_rule("T907", "tone.t-seven", """
        patterns:
          - [{LOWER: soon}]
        unless:
          preceded_by: [today]
          before_window: 6
          followed_by: [today]
          after_window: 1
    """, "[[soon]]", "today soon")])
    assert _matches(linter, "Today we will see it very soon") == []  # 5 tokens before: inside the before window
    assert _matches(linter, "It will be fixed soon, today") == ["soon"]  # "today" is 2 tokens after
    assert _matches(linter, "It will be fixed soon today") == []


def test_unless_refers_to_another_rules_findings(tmp_path: Path) -> None:
    concrete = _rule("T910", "tone.concrete-time", """
        patterns:
          - [{LOWER: by}, {LIKE_NUM: true}, {LOWER: {IN: [pm, am]}}]
    """, "[[by 3 pm]]", "by then", enabled=False)
    vague = _rule("T911", "tone.vague", """
        patterns:
          - [{FRAGMENT: soon-ish}]
        unless:
          finding_of: {rules: [tone.concrete-time], within: sentence}
    """, "[[soon]]", "soon, by 3 pm")
    overlap = _rule("T912", "tone.vague-overlap", """
        patterns:
          - [{LOWER: by}, {LIKE_NUM: true}]
        unless:
          finding_of: {rules: [T910], within: overlap}
    """, "[[by 3]]", "by 3 pm")
    linter = _linter(tmp_path, [concrete, vague, overlap])
    assert _matches(linter, "We will fix it soon.") == ["soon"]
    assert _matches(linter, "We will fix it soon, by 3 pm today.") == []
    assert _matches(linter, "We will fix it soon. I will call by 3 pm.") == ["soon"]  # another sentence
    assert _matches(linter, "It went up by 3 percent.", "T912") == ["by 3"]
    assert _matches(linter, "Expect it by 3 pm.", "T912") == []
    assert _matches(linter, "Expect it by 3 pm.", "T910") == []  # the disabled rule is not reported


@pytest.mark.parametrize(
    ("matcher", "problem"),
    [
        ("patterns:\n  - [{FRAGMENT: nope}]", "no fragment named 'nope'"),
        ("patterns:\n  - [{FRAGMENT: you-subject, OP: '?'}]", "longer than one token"),
        ("patterns:\n  - [{FRAGMENT: modal, LOWER: x}]", "already sets LOWER"),
        ("patterns:\n  - [{LOWER: x, HEAD: {COLOUR: red}}]", "unknown attribute"),
        ("patterns:\n  - [{LOWER: x, MARK: 1}]", "true or false"),
        ("patterns:\n  - [{LOWER: x}]\nunless:\n  finding_of: {rules: [T999]}", "no rule named 'T999'"),
        ("patterns:\n  - [{LOWER: x}]\nunless:\n  finding_of: {rules: [T901], within: paragraph}", "is not one of"),
        ("patterns:\n  - [{LOWER: x}]\nunless:\n  after_window: -1", "must be 0 or more"),
    ],
)
def test_bad_features_are_one_line_pack_errors(tmp_path: Path, matcher: str, problem: str) -> None:
    with pytest.raises(PackError) as caught:
        _linter(tmp_path, [_rule("T901", "tone.bad", matcher, "[[x]]", "y")])
    message = str(caught.value)
    assert problem in message and "\n" not in message and "testpack.yaml" in message


def test_a_reference_cycle_is_an_error(tmp_path: Path) -> None:
    one = _rule("T921", "tone.one", "patterns:\n  - [{LOWER: x}]\nunless:\n  finding_of: {rules: [T922]}", "[[x]]", "y")
    two = _rule("T922", "tone.two", "patterns:\n  - [{LOWER: y}]\nunless:\n  finding_of: {rules: [T921]}", "[[y]]", "x")
    with pytest.raises(PackError, match="cycle"):
        _linter(tmp_path, [one, two])


def test_bad_shared_fragment_names_its_file(tmp_path: Path) -> None:
    with pytest.raises(PackError) as caught:
        _linter(tmp_path, [], fragments="description: d\nfragments:\n  broken:\n    - {LOWER: {FOO: 1}}\n")
    assert "common.yaml" in str(caught.value) and "bad token pattern" in str(caught.value)


def test_regex_rules_read_both_apostrophes_as_one(tmp_path: Path) -> None:
    rule = _rule("T930", "tone.regex-apostrophe", "regex: \"\\\\bwon't\\\\b\"", "[[won't]]", "will not", enabled=True)
    linter = _linter(tmp_path, [rule.replace("type: pattern", "type: regex")])
    assert _matches(linter, "We won’t do that.") == ["won’t"]
    assert _matches(linter, "We won't do that.") == ["won't"]


def test_finding_of_may_name_a_category(tmp_path: Path) -> None:
    marker = _rule("T940", "tone.marker", "patterns:\n  - [{LOWER: deemed}, {LOWER: read}]", "[[deemed read]]", "read", enabled=False)
    formal = _rule("T941", "tone.formal", "patterns:\n  - [{LOWER: deemed}]\nunless:\n  finding_of: {rules: [tone], within: overlap}", "[[deemed]]", "x")
    linter = _linter(tmp_path, [marker, formal])
    assert _matches(linter, "The reading was deemed late.", "T941") == ["deemed"]
    assert _matches(linter, "We billed a deemed read.", "T941") == []


def test_require_judges_only_messages_its_when_trigger_finds(tmp_path: Path) -> None:
    rule = """  - id: N901
    name: next-steps.test-when
    category: next-steps
    severity: warning
    type: require
    message: "m"
    rationale: r
    suggestions: ["s"]
    matcher:
      when:
        - phrases: [escalated]
      signals:
        - patterns:
            - [{ORTH: "?"}]
    examples:
      bad: ["[[Escalated.]]"]
      good: ["Escalated. Can you send the log?"]
"""
    linter = _linter(tmp_path, [rule])
    assert [f.rule_id for f in linter.lint_text("I escalated it to the team.")] == ["N901"]
    assert linter.lint_text("I escalated it to the team. Can you send the log?") == []
    assert linter.lint_text("The export runs every night.") == []  # no status report: not judged


def test_lemma_tokens_gate_costly_patterns_by_their_inflected_forms(tmp_path: Path) -> None:
    from commlint.nlp import pipeline as nlp
    from commlint.ruletypes.detectors import Detector, DetectorSpec
    from commlint.ruletypes.resources import Resources

    model = nlp.load(nlp.DEFAULT_MODEL)
    promise = Detector(DetectorSpec(patterns=([{"LEMMA": "guarantee", "POS": "VERB"}],)), "m", Resources({}))
    assert not promise.could_match(model.make_doc("The parcel left the depot."))  # no tagger needed here
    assert promise.could_match(model.make_doc("We guaranteed it."))
    being = Detector(DetectorSpec(patterns=([{"LEMMA": "be", "POS": "AUX"}],)), "m", Resources({}))
    assert being.could_match(model.make_doc("It's here."))  # forms of "be" are not listed: no gate
