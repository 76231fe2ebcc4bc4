"""A finding's fingerprint: what stays the same when the file is edited elsewhere.

Baselines (``--baseline``) and SARIF ``partialFingerprints`` use it. It is built from the
rule id, the matched words and the words around them in the same paragraph, never from line numbers or
offsets, so a finding keeps its fingerprint when lines are added above it or its line is
re-wrapped. Two findings with the same rule, words and context (the same sentence pasted
twice) are told apart by their order in the file: ``fingerprints`` numbers them.
"""
from __future__ import annotations

import hashlib
import re
from typing import Iterable

from commlint.findings.model import Finding

#: words on each side of the match that belong to the fingerprint
CONTEXT_WORDS = 3
#: how far to look for them (characters on each side)
_REACH = 120
_WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_PARAGRAPH = re.compile(r"\n[ \t\r]*\n")
VERSION = "1"  #: bumped when the recipe changes (a baseline of another version is refused)


def _words(text: str) -> list[str]:
    return [w.replace("’", "'").casefold() for w in _WORD.findall(text)]


def context_key(text: str, finding: Finding) -> str:
    """The rule id, matched words and up to ``CONTEXT_WORDS`` words either side, normalised
    (case, apostrophes, whitespace and punctuation do not count)."""
    start, end = max(0, min(finding.start, len(text))), max(0, min(finding.end, len(text)))
    window = max(0, start - _REACH)
    before_text = text[window:start]
    if window and text[window - 1].isalnum():  # the window cut a word in two: drop its tail
        before_text = re.sub(r"^\w+", "", before_text)
    before_text = _PARAGRAPH.split(before_text)[-1]  # context stays inside the paragraph
    before = _words(before_text)[-CONTEXT_WORDS:]
    after_text = text[end:end + _REACH]
    if end + _REACH < len(text) and text[end + _REACH].isalnum():
        after_text = re.sub(r"\w+$", "", after_text)
    after = _words(_PARAGRAPH.split(after_text)[0])[:CONTEXT_WORDS]
    match = " ".join(_words(finding.match)) or finding.match.strip()
    return "\x1f".join((finding.rule_id, " ".join(before), match, " ".join(after)))


def fingerprint(text: str, finding: Finding, occurrence: int = 0) -> str:
    """A stable hex digest of ``finding`` in ``text`` (``occurrence``: how many findings
    earlier in the same file have the same context key)."""
    return _digest(context_key(text, finding), occurrence)


def _digest(key: str, occurrence: int) -> str:
    return hashlib.sha256(f"{VERSION}\x1e{key}\x1e{occurrence}".encode("utf-8")).hexdigest()[:32]


def fingerprints(text: str, findings: Iterable[Finding]) -> list[str]:
    """The fingerprint of each finding of one file, in the given order; identical
    findings (same rule, words and context) are numbered by their order. A finding about
    the whole message (its match spans paragraphs, like the reading grade) is known by its
    rule alone, so editing any sentence of the message does not make it new."""
    seen: dict[tuple[bool, str], int] = {}
    out = []
    for finding in findings:
        whole = bool(_PARAGRAPH.search(finding.match))
        key = "\x1f".join((finding.rule_id, "", "", "")) if whole else context_key(text, finding)
        n = seen.get((whole, key), 0)
        seen[(whole, key)] = n + 1
        out.append(_digest(key, n))
    return out
