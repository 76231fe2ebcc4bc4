"""Rule-pack regular expressions that cannot hang a run.

A pattern RE2 accepts (no lookarounds, no backreferences) runs on google-re2, in time
linear in the text, wherever RE2 means the same as Python: on ASCII text (RE2's ``\\w``,
``\\s``, ``\\b`` and case folding are ASCII ones). Every other pattern, and every pattern on
other text, runs on the ``regex`` module (Python ``re`` syntax and behaviour) under a time
limit that grows with the text: ``re`` itself cannot be interrupted, ``regex`` can.

A pattern that runs out of time is stopped: the segment keeps the matches found before
the limit, the timeout is noted on the spaCy Doc (``timeouts_of``), and the pattern is
skipped, and noted again, on every later segment until ``resume()`` (the engine calls it at
each new document, so a slow rule is stopped for the file, not for the run).

Both apostrophes are one: a curly apostrophe (U+2019) in the pattern or the text reads as
a straight one, so a pattern written with "'" also finds "’" (offsets are unchanged).
"""
from __future__ import annotations

import re
from typing import Iterator

import regex
import re2

from commlint.ruletypes.apostrophes import straight

#: seconds allowed per segment: a base, plus this much per character (a normal pattern
#: needs well under a microsecond per character)
BASE_SECONDS = 1.0
SECONDS_PER_CHAR = 10e-6
TIMEOUTS = "commlint.regex_timeouts"  #: Doc.user_data key: notes of patterns that timed out

# Python syntax that RE2 accepts but reads differently: "{,n}" (RE2: literal text) and
# "[:alpha:]" inside a class (RE2: a POSIX class; Python: the characters)
_RE2_DIFFERS = re.compile(r"\{,|\[:\^?[a-z]+:\]")
_RE2_SAFE_TEXT = re.compile(r"[\x0b\x1c-\x1f]")  # white space to Python, not to RE2
RE2_OPTIONS = _RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False


class SafePattern:
    """A compiled rule pattern: ``finditer`` spans, never hanging."""

    def __init__(self, pattern: str, ignorecase: bool = False) -> None:
        flags = re.IGNORECASE if ignorecase else 0
        self.pattern = pattern
        pattern = straight(pattern)
        checked = re.compile(pattern, flags)  # the pattern's meaning, and its errors, are Python's
        self.groupindex = dict(checked.groupindex)
        try:
            self._python = regex.compile(pattern, regex.V0 | (regex.IGNORECASE if ignorecase else 0))
        except regex.error as exc:  # so rare that saying so is enough
            raise re.error(f"{exc} (in the time-limited engine)") from None
        self._re2 = _re2_compile(pattern, ignorecase)
        #: an RE2 pattern matching wherever this one does (maybe more): the pattern itself
        #: when RE2 runs it, else the pattern without its lookarounds; for a set of
        #: patterns scanned at once to tell which can match a text. None when there is none.
        self.re2_source = (("(?i)" if ignorecase else "") + pattern) if self._re2 is not None else _relaxed(pattern, ignorecase)
        self.stopped = False

    @property
    def uses_re2(self) -> bool:
        return self._re2 is not None

    def resume(self) -> None:
        """Run again after a timeout (at the start of the next document)."""
        self.stopped = False

    def spans(self, text: str, group: str | None = None, doc=None) -> list[tuple[int, int]]:
        """The spans of ``pattern.finditer(text)`` (of ``group`` when it took part in a
        match, else of the whole match). On timeout: those found so far, and a note on ``doc``."""
        if self.stopped:
            _note(doc, f"skipped: the regular expression {self._short()} was stopped earlier in this file")
            return []
        text = straight(text)
        if self._re2 is not None and re2_reads_as_python(text):
            key = self._re2.groupindex.get(group) if group else None
            return list(_spans(self._re2.finditer(text), key))
        key = group if group in self.groupindex else None
        limit = BASE_SECONDS + SECONDS_PER_CHAR * len(text)
        found: list[tuple[int, int]] = []
        try:
            for span in _spans(self._python.finditer(text, timeout=limit), key):
                found.append(span)
        except TimeoutError:
            self.stopped = True
            _note(doc, f"stopped: the regular expression {self._short()} took longer than {limit:.1f} s")
        return found

    def _short(self) -> str:
        return repr(self.pattern if len(self.pattern) <= 60 else self.pattern[:57] + "...")


def _spans(matches, key) -> Iterator[tuple[int, int]]:
    for m in matches:
        yield m.span(key) if key is not None and m.group(key) is not None else m.span()


def _re2_compile(pattern: str, ignorecase: bool):
    """The RE2 form of ``pattern``, or None when RE2 cannot run it as Python would."""
    if _RE2_DIFFERS.search(pattern) or (ignorecase and not pattern.isascii()):
        return None
    if not pattern.isascii() and re.search(r"\(\?[a-zA-Z-]*i", pattern):
        return None  # non-ASCII letters under (?i): case folding differs
    try:
        return re2.compile(("(?i)" if ignorecase else "") + pattern, _RE2_OPTIONS)
    except re2.error:
        return None


_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=\w+\)")


def _relaxed(pattern: str, ignorecase: bool) -> str | None:
    """``pattern`` with every lookaround replaced by an empty group and every
    back-reference by "anything" (verbose mode written out): it matches wherever
    ``pattern`` matches, and RE2 can run it. None when RE2 still cannot."""
    verbose = pattern.startswith("(?x)")
    if verbose:
        pattern = pattern[4:]
    elif "(?x" in pattern:
        return None
    pattern = re.sub(r"(?<!\\)\{,(\d+\})", r"{0,\1", pattern)
    if _RE2_DIFFERS.search(pattern):
        return None
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if verbose and c in " \t\n\r\f\v":
            i += 1
        elif verbose and c == "#":
            while i < n and pattern[i] != "\n":
                i += 1
        elif c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif c == "[":
            end = _class_end(pattern, i)
            out.append(pattern[i:end])
            i = end
        elif c == "(" and pattern.startswith(_LOOKAROUND, i):
            i = _group_end(pattern, i)
            out.append("(?:)")
        else:
            out.append(c)
            i += 1
    relaxed = _BACKREFERENCE.sub(lambda _m: "(?s:.*)", "".join(out))
    relaxed = re.sub(r"\\u([0-9a-fA-F]{4})", r"\\x{\1}", relaxed)
    relaxed = ("(?i)" if ignorecase else "") + relaxed
    try:
        re2.compile(relaxed, _RE2_OPTIONS)
    except re2.error:
        return None
    return relaxed


def _class_end(pattern: str, start: int) -> int:
    """The index just after the character class opening at ``start``."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _group_end(pattern: str, start: int) -> int:
    """The index just after the group opening at ``start``."""
    depth, i = 0, start
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(pattern, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def re2_reads_as_python(text: str) -> bool:
    """Do RE2 and Python agree on ``text``? On ASCII without the control characters Python
    counts as white space, and not ending in a line break (Python's ``$`` matches before one)."""
    return text.isascii() and not text.endswith("\n") and _RE2_SAFE_TEXT.search(text) is None


_notes = 0  #: timeout notes this process has made


def _note(doc, message: str) -> None:
    global _notes
    if doc is not None:
        doc.user_data.setdefault(TIMEOUTS, []).append(message)
        _notes += 1


def notes_made() -> int:
    """How many timeout notes this process has left on Docs so far: while it is 0, no
    Doc of this run has one, and none need be counted."""
    return _notes


def timeouts_of(doc) -> list[str]:
    """The timeout notes a Doc collected (empty for most)."""
    return list(doc.user_data.get(TIMEOUTS, ()))
