"""Email threads in plain text: which parts are someone else's words or boilerplate.

``thread_regions`` returns the quoted replies, signatures and disclaimers of a message
body; what is left is the writer's new text. Where a quoted message starts (an "On ...
wrote:" line, also wrapped and in eight languages, "-----Original Message-----", a
forwarded-message marker, Outlook's underscore rule) is found by ``quotequail``; this
module adds what quotequail does not look for: Outlook ``From:/Sent:/To:`` header blocks,
``>`` lines at any depth, replies written below or between quotes, signatures (``-- ``,
the block after a sign-off, mobile footers) and legal disclaimers.

quotequail splits the text into lines and returns whole lines, so its split point is
mapped back to an offset by counting lines. (mail-parser-reply was tried too: it rewrites
the text it returns, strips lines, and reads "Thanks, will do." or a hyphen list as the
start of a signature, which would hide the writer's own words from every rule.)
"""
from __future__ import annotations

import bisect
import re

import quotequail

from commlint.document.model import Region

QUOTED, SIGNATURE, DISCLAIMER = "quoted reply", "signature", "disclaimer"

#: a whole line that closes a message: "Best regards," "Thanks again, Sam" (the phrase in any
#: case, a name after it capitalised, so "Thanks, will do." is not one)
SIGN_OFF_LINE = re.compile(
    r"[ \t]*(?i:(?:(?:with\s+)?(?:best|kind|warm|warmest|many|with)\s+(?:regards|wishes|thanks)|regards|best|thanks|thank\s+you|"
    r"have\s+an?\s+(?:lovely|great|nice|good|wonderful|fantastic|happy)(?:\s+[a-z]+){1,4}|"
    r"many\s+thanks|cheers|sincerely|yours(?:\s+(?:truly|sincerely|faithfully))?|all\s+the\s+best|take\s+care|"
    r"talk\s+soon|speak\s+soon|respectfully|with\s+appreciation)"
    r"(?:\s+(?:again|so\s+much|in\s+advance|for\s+your\s+(?:patience|help|time|understanding|business)))?)"
    r"[ \t]*[,.!]?(?:[ \t]*[-\u2013\u2014]?[ \t]*[A-Z][\w'\u2019.-]*(?:[ \t]+[A-Z][\w'\u2019.-]*){0,2})?[ \t]*"
)
_QUOTE_MARK = re.compile(r"[ \t]*>")
_DELIMITER = re.compile(r"--[ \t]?")
_FOOTER = re.compile(
    r"[ \t]*(?i:sent\s+from\s+(?:my\s+\w+|mail\s+for\s+windows|outlook|yahoo\s+mail|proton\s?mail|samsung)|"
    r"get\s+outlook\s+for\s+\w+|sent\s+via\s+\w+)[^\n]{0,60}"
)
_HEADER_FROM = re.compile(r"[ \t]*\*?(?i:from|von|de|van|fr\u00e5n)[ \t]?:\*?[ \t]*\S")
_HEADER_OTHER = re.compile(
    r"[ \t]*\*?(?i:sent|date|to|cc|subject|gesendet|datum|an|betreff|envoy\u00e9|\u00e0|objet|enviado|fecha|para|"
    r"asunto|verzonden|aan|onderwerp)[ \t]?:"
)
_DISCLAIMER_HEAD = re.compile(
    r"[ \t*]*(?i:confidentiality\s+notice|confidential(?:ity)?\s*:|privileged\s+(?:and|&)\s+confidential|"
    r"disclaimer\s*:|legal\s+(?:notice|disclaimer)|important\s+notice\s*:|notice\s+of\s+confidentiality)"
)
_DISCLAIMER_ANY = re.compile(
    r"(?i:this\s+e-?mail(?:\s+message)?(?:\s*,)?\s+(?:and|including|together\s+with)\s+(?:any|all)\s+"
    r"(?:attachments?|files?|documents?)|this\s+(?:e-?mail|message|communication|transmission)\s+(?:is|may\s+be|"
    r"contains?)\s+(?:strictly\s+)?(?:confidential|privileged)|if\s+you\s+are\s+not\s+the\s+intended\s+recipient|"
    r"if\s+you\s+have\s+received\s+this\s+(?:e-?mail|message|communication)\s+in\s+error|"
    r"the\s+information\s+(?:contained\s+)?in\s+this\s+(?:e-?mail|message|communication)\s+is|"
    r"please\s+consider\s+the\s+environment\s+before\s+printing)"
)
_CANDIDATE = re.compile(r"[:>_-][ \t]*\r?$", re.M)
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")

_MAX_LINE = 1000  #: an attribution line is never longer; quotequail sees longer lines cut short
_MAX_SIGNATURE_LINES = 12


class _Lines:
    """The lines of a text: ``start(i)``, ``end(i)`` (before ``\\r\\n``) and ``text(i)``."""

    def __init__(self, text: str) -> None:
        self.source = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.count = len(self.starts)

    def start(self, i: int) -> int:
        return self.starts[i] if i < self.count else len(self.source)

    def end(self, i: int) -> int:
        end = self.starts[i + 1] - 1 if i + 1 < self.count else len(self.source)
        return end - 1 if end > self.starts[i] and self.source[end - 1] == "\r" else end

    def text(self, i: int) -> str:
        return self.source[self.starts[i]:self.end(i)]

    def blank(self, i: int) -> bool:
        return not self.text(i).strip()


def thread_regions(text: str) -> list[Region]:
    """Quoted replies, signatures and disclaimers in ``text``, in order, not overlapping."""
    lines = _Lines(text)
    ranges = _quoted(lines)
    seen_text = False
    for lo, hi in _gaps([(a, b) for a, b, _ in ranges], lines.count):
        found, seen_text = _boilerplate(lines, lo, hi, seen_text)
        ranges += found
    return _regions(lines, ranges)


# -- quoted messages ------------------------------------------------------------------------


def _quoted(lines: _Lines) -> list[tuple[int, int, str]]:
    """Line ranges of quoted messages: from each attribution or header block on, and ``>`` runs."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    while pos < lines.count:
        start = _reply_start(lines, pos)
        if start is None:
            break
        end = _quote_end(lines, start)
        out += _marked_runs(lines, pos, start)
        out.append((start, end, QUOTED))
        pos = end
    out += _marked_runs(lines, pos, lines.count)
    return out


def _reply_start(lines: _Lines, pos: int) -> int | None:
    """The first line at or after ``pos`` where a quoted or forwarded message starts."""
    found = _attribution(lines, pos)
    header = _header_block(lines, pos, lines.count if found is None else found)
    return header if header is not None else found


def _attribution(lines: _Lines, pos: int) -> int | None:
    """The first line at or after ``pos`` that quotequail reads as the start of a reply or
    forward. Every pattern it knows ends a line (or a line wrapped onto the next) with ``:``,
    ``>``, ``-`` or ``_``, so it is asked only about those lines and the line before."""
    for m in _CANDIDATE.finditer(lines.source, lines.start(pos)):
        end = bisect.bisect_right(lines.starts, m.start()) - 1
        first = max(pos, end - 1)
        window = "\n".join(lines.text(i)[:_MAX_LINE] for i in range(first, end + 1))
        parts = quotequail.quote(window, limit=None, quote_intro_line=True)
        if len(parts) == 2:
            return end + 1 - (parts[1][1].count("\n") + 1)
    return None


def _header_block(lines: _Lines, lo: int, hi: int) -> int | None:
    """The first Outlook-style header block (``From:`` then two of ``Sent:``, ``To:``, ...)."""
    for i in range(lo, hi):
        if _HEADER_FROM.match(lines.text(i)):
            others = 0
            for j in range(i + 1, min(i + 6, lines.count)):
                if not _HEADER_OTHER.match(lines.text(j)):
                    break
                others += 1
            if others >= 2:
                return i
    return None


def _quote_end(lines: _Lines, start: int) -> int:
    """Where the quoted message that starts at ``start`` ends: after its ``>`` lines when it
    is quoted that way (the writer may answer below), otherwise at the end of the text."""
    i = start + 1
    if i < lines.count and not lines.blank(i) and not _QUOTE_MARK.match(lines.text(i)):
        i += 1  # the second line of a wrapped "On ... wrote:"
    while i < lines.count and lines.blank(i):
        i += 1
    if i >= lines.count or not _QUOTE_MARK.match(lines.text(i)):
        return lines.count
    end = i
    while i < lines.count and (_QUOTE_MARK.match(lines.text(i)) or lines.blank(i)):
        if not lines.blank(i):
            end = i + 1
        i += 1
    return end


def _marked_runs(lines: _Lines, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """Runs of ``>`` lines between ``lo`` and ``hi``."""
    out: list[tuple[int, int, str]] = []
    start = None
    for i in range(lo, hi):
        if _QUOTE_MARK.match(lines.text(i)):
            start = i if start is None else start
        elif start is not None:
            out.append((start, i, QUOTED))
            start = None
    if start is not None:
        out.append((start, hi, QUOTED))
    return out


def _gaps(ranges: list[tuple[int, int]], count: int, lo: int = 0) -> list[tuple[int, int]]:
    """The line ranges of ``lo:count`` that ``ranges`` leave free."""
    out, pos = [], lo
    for a, b in sorted(ranges):
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < count:
        out.append((pos, count))
    return out


# -- signatures and disclaimers -------------------------------------------------------------


def _boilerplate(lines: _Lines, lo: int, hi: int, seen_text: bool) -> tuple[list[tuple[int, int, str]], bool]:
    """Disclaimers and signatures among the writer's lines ``lo:hi``; ``seen_text`` says
    whether the writer wrote something before (a sign-off never opens a message)."""
    out = [(a, b, DISCLAIMER) for a, b in _paragraphs(lines, lo, hi) if is_disclaimer(lines.source[lines.start(a):lines.end(b - 1)])]
    taken = {i for a, b, _ in out for i in range(a, b)}
    delimiter = next((i for i in range(lo, hi) if i not in taken and _DELIMITER.fullmatch(lines.text(i))), hi)
    if delimiter < hi:
        out += [(a, b, SIGNATURE) for a, b in _gaps([(a, b) for a, b, _ in out], hi, delimiter)]
    footers = [i for i in range(lo, delimiter) if i not in taken and _FOOTER.fullmatch(lines.text(i))]
    out += [(i, i + 1, SIGNATURE) for i in footers]
    stops = taken | set(footers)
    written = [i for i in range(lo, delimiter) if i not in stops and not lines.blank(i)]
    for i in reversed(written[0 if seen_text else 1:]):  # the last sign-off with a signature under it
        block = _signature_after(lines, i, delimiter, stops) if SIGN_OFF_LINE.fullmatch(lines.text(i)) else None
        if block:
            out.append((block[0], block[1], SIGNATURE))
            break
    return out, seen_text or bool(written)


def _paragraphs(lines: _Lines, lo: int, hi: int) -> list[tuple[int, int]]:
    out, start = [], None
    for i in range(lo, hi):
        if lines.blank(i):
            if start is not None:
                out.append((start, i))
            start = None
        elif start is None:
            start = i
    if start is not None:
        out.append((start, hi))
    return out


def is_disclaimer(paragraph: str) -> bool:
    """Does this paragraph read as a legal disclaimer ("CONFIDENTIALITY NOTICE: ...")?"""
    return bool(_DISCLAIMER_HEAD.match(paragraph) or _DISCLAIMER_ANY.search(paragraph))


def _signature_after(lines: _Lines, sign_off: int, hi: int, stops: set[int]) -> tuple[int, int] | None:
    """The signature block under the sign-off line: short lines that do not read as
    sentences (a name, a title, a company, a phone number, links), up to a disclaimer, a
    footer or the end. None when prose follows, or nothing."""
    first = last = None
    count = 0
    for i in range(sign_off + 1, hi):
        if i in stops:
            break
        if lines.blank(i):
            continue
        line = lines.text(i)
        count += 1
        if count > _MAX_SIGNATURE_LINES or not _signature_line(line):
            return None
        first = i if first is None else first
        last = i
    return (first, last + 1) if first is not None and last is not None else None


def _signature_line(line: str) -> bool:
    words = line.split()
    if len(line) > 100 or len(words) > 12:
        return False
    return len(words) < 4 or not (line.rstrip()[-1] in ".!?" or _SENTENCE_BREAK.search(line))


# -- ranges to regions ----------------------------------------------------------------------


def _regions(lines: _Lines, ranges: list[tuple[int, int, str]]) -> list[Region]:
    """Line ranges as character regions: trailing blank lines dropped, neighbours of one
    reason (only blank lines between) merged."""
    out: list[Region] = []
    for a, b, reason in sorted(ranges):
        while b > a and lines.blank(b - 1):
            b -= 1
        if b <= a:
            continue
        start, end = lines.start(a), lines.end(b - 1)
        if out and out[-1].reason == reason and not lines.source[out[-1].end:start].strip():
            out[-1] = Region(out[-1].start, end, reason)
        elif not out or start >= out[-1].end:
            out.append(Region(start, end, reason))
    return out
