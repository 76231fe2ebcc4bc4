"""On-screen labels in running prose: "Select Clear Sync Cache", "tap “Forgot password”".

A label names a button, menu or setting exactly as the product shows it; it is not the
writer's wording, so word-level rules (jargon, acronyms, spelling) must not judge it. A
label is recognised by its frame, not by a list: an interface verb (click, select, tap,
choose, press, open, go to...) followed by a quoted string, or by a run of capitalised
words; or such a run followed by an interface noun (button, menu, tab, setting...).
"""
from __future__ import annotations

import re

_VERB = (
    r"(?i:click|clicking|clicked|double-click|right-click|select|selecting|selected|tap|tapping|tapped|choose|choosing|"
    r"press|pressing|open|opening|go\s+to|navigate\s+to|enable|disable|turn\s+on|turn\s+off|toggle|expand)"
)
_CAP = r"(?:[A-Z](?:[\w'’+-]|\.(?=\w))*|\d(?:\w|\.(?=\w))*)"
#: between two words of a label: white space, and maybe a small word or a menu arrow; never
#: nothing, so a run cannot split one long word in many ways (that backtracks badly)
_SEP = r"(?:\s+(?:&|and|or|of|to|for|as|a|an|the|in|on|with|>|→|\|))?\s+"
_RUN = rf"{_CAP}(?:{_SEP}{_CAP}){{0,7}}"
_NOUN = r"(?:button|menu|tab|option|setting|settings|link|icon|page|pane|panel|field|box|checkbox|toggle|switch|dialog|screen|window|item|section|command)"
_QUOTED = r"[\"“'‘](?P<q>[^\"”'’\n]{1,60})[\"”'’]"

_AFTER_VERB = re.compile(rf"\b{_VERB}\s+(?:the\s+|on\s+)?(?:{_QUOTED}|(?P<run>{_RUN}))", re.UNICODE)
_BEFORE_NOUN = re.compile(rf"(?:\bthe\s+)(?P<run>{_RUN})\s+{_NOUN}\b", re.UNICODE)


def label_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are on-screen labels, in order, not overlapping."""
    spans = []
    for pattern in (_AFTER_VERB, _BEFORE_NOUN):
        for m in pattern.finditer(text):
            group = "q" if m.groupdict().get("q") else "run"
            if m.group(group) is None:
                continue
            start, end = m.span(group)
            lead = text[m.start():start]  # the interface verb (and "the"/"on"), before a label after a verb
            if pattern is _AFTER_VERB and _shouted(lead):
                continue  # "PLEASE STOP OPENING NEW TICKETS" is shouting, not a label
            if group == "run" and not _label_like(m.group(group), text, start, pattern is _BEFORE_NOUN, lead):
                continue
            spans.append((start, end))
    spans.sort()
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


_SWITCH_VERB = re.compile(r"(?i)\b(?:enable|disable|turn\s+on|turn\s+off|toggle)\b")


def _shouted(lead: str) -> bool:
    letters = [c for c in lead if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _label_like(run: str, text: str, start: int, before_noun: bool, lead: str = "") -> bool:
    """A capitalised run is a label unless it is just the first word of a sentence, or
    (before an interface noun) only capitals: "the DNS settings" names a thing, not a label;
    nor is one acronym after a switch verb: "enable 2FA" names the feature."""
    words = [w for w in run.split() if w[:1].isalnum()]
    if len(words) == 1 and _SWITCH_VERB.search(lead) and words[0].upper() == words[0] and not words[0].isdigit():
        return False
    if len(words) == 1 and (start == 0 or text[max(0, start - 3):start].rstrip().endswith((".", "!", "?", ":"))):
        return False
    if before_noun and not any(w[:1].isupper() and any(c.islower() for c in w) for w in words):
        return False
    return not (len(words) == 1 and words[0] in ("I", "A"))
