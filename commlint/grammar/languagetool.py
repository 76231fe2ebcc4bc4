"""LanguageTool over HTTP, through ``language-tool-python`` pointed at a server
(``remote_server=``): the local one commlint starts, or one the user configured.

The client is built so that it can never start or download a LanguageTool of its own.
LanguageTool's offsets count UTF-16 code units (Java strings); they are mapped to the
code points of the checked text, so an emoji before an error does not shift it. A loopback
server is always spoken to directly, whatever proxy the environment names.
"""
from __future__ import annotations

import ipaddress
import re
import threading
import urllib.parse
from collections.abc import Callable, Sequence

from commlint.grammar.backend import GrammarIssue, GrammarUnavailable

#: LanguageTool categories -> commlint's issue kinds. TYPOS holds more than misspellings
#: (MODAL_OF, IT_IS, I_LOWERCASE): only the spell checker's own rules are "spelling".
CATEGORIES = {
    "TYPOS": "grammar",
    "GRAMMAR": "grammar",
    "CONFUSED_WORDS": "grammar",
    "NONSTANDARD_PHRASES": "grammar",
    "PUNCTUATION": "punctuation",
    "TYPOGRAPHY": "punctuation",
    "CASING": "typo",
    "STYLE": "style",
    "REDUNDANCY": "style",
    "PLAIN_ENGLISH": "style",
    "COLLOQUIALISMS": "style",
    "REPETITIONS_STYLE": "style",
    "CREATIVE_WRITING": "style",
    "TEXT_ANALYSIS": "style",
    "WIKIPEDIA": "style",
}
#: rule issue types, for rules of other categories (MISC): EN_A_VS_AN says "misspelling"
ISSUE_TYPES = {"duplication": "typo", "whitespace": "punctuation", "typographical": "punctuation", "style": "style",
               "locale-violation": "spelling"}
_SPELLERS = ("MORFOLOGIK_RULE_", "HUNSPELL_", "SPELLING_RULE")

DEFAULT_TIMEOUT = 30.0  #: seconds for one request
# language-tool-python keeps the astral-character positions of the last text in class
# attributes while it builds its matches: one check at a time in a process.
_CHECK_LOCK = threading.Lock()


class LanguageToolBackend:
    """A LanguageTool HTTP server behind the ``GrammarBackend`` interface."""

    name = "languagetool"

    def __init__(self, url: str, language: str = "en-US", *, timeout: float = DEFAULT_TIMEOUT,
                 on_use: Callable[[], None] | None = None) -> None:
        """``url`` is the server's root (``http://127.0.0.1:8081``); ``on_use`` is called
        before each check (the local server's idle clock)."""
        self.url = url
        self._on_use = on_use
        self._tool = _client(url, language, timeout)

    def check(self, texts: Sequence[str]) -> list[list[GrammarIssue]]:
        """One request per non-blank text; the issues of each, sorted by position."""
        if self._on_use is not None:
            self._on_use()
        return [self._check_one(text) if text.strip() else [] for text in texts]

    def close(self) -> None:
        """Nothing is held between requests; a server commlint started stays up."""

    def _check_one(self, text: str) -> list[GrammarIssue]:
        from language_tool_python.exceptions import LanguageToolError

        try:
            with _CHECK_LOCK:
                matches = self._tool.check(text)
        except LanguageToolError as exc:
            raise _unavailable(self.url, exc) from None
        units = _utf16_starts(text)
        issues = []
        for match in matches:
            start = match.offset  # already code points: language-tool-python maps the start
            end = _code_point(units, units[start] + match.error_length)
            issues.append(GrammarIssue(
                start=start,
                end=end,
                rule_id=match.rule_id,
                message=" ".join(match.message.split()),
                replacements=tuple(dict.fromkeys(match.replacements)),
                kind=kind_of(match.rule_id, match.category, match.rule_issue_type),
            ))
        return sorted(issues, key=lambda issue: (issue.start, issue.end, issue.rule_id))


def kind_of(rule_id: str, category: str, issue_type: str) -> str:
    """commlint's kind for a LanguageTool rule, from its id, category and issue type."""
    if rule_id.startswith(_SPELLERS):
        return "spelling"
    return CATEGORIES.get(category) or ISSUE_TYPES.get(issue_type, "grammar")


def is_loopback(url: str) -> bool:
    """True when ``url`` names this machine (127.0.0.0/8, ::1 or localhost)."""
    host = urllib.parse.urlparse(url if "//" in url else f"http://{url}").hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _client(url: str, language: str, timeout: float):
    """A language-tool-python client of the server at ``url`` that cannot start its own."""
    try:
        from language_tool_python import LanguageTool
        from language_tool_python.exceptions import LanguageToolError
    except ImportError:
        raise GrammarUnavailable("languagetool", "language-tool-python is not installed: pip install 'language-tool-python>=3.4,<4'") from None

    class Client(LanguageTool):
        _TIMEOUT = timeout  # type: ignore[assignment]  # seconds per request, not 300

        def _start_local_server(self) -> None:  # never reached with remote_server; never downloads
            raise LanguageToolError(f"{url}: no LanguageTool server there")

    # None for a scheme drops the environment's proxy for it (requests' documented idiom)
    proxies = {"http": None, "https": None} if is_loopback(url) else None
    try:
        return Client(language, remote_server=url, proxies=proxies)  # type: ignore[arg-type]
    except LanguageToolError as exc:
        raise _unavailable(url, exc) from None
    except ValueError as exc:  # an unknown language tag
        raise GrammarUnavailable("languagetool", f"the server at {url} cannot check {language!r} ({exc})") from None


def _unavailable(url: str, exc: Exception) -> GrammarUnavailable:
    cause = exc.__cause__ or exc
    if isinstance(cause, ValueError) or not isinstance(cause, OSError):  # it answered, not with JSON
        text = " ".join(re.sub(r"<[^>]*>", " ", str(exc)).split())
        return GrammarUnavailable("languagetool", f"the LanguageTool server at {url} failed: {text[:200] or type(cause).__name__}")
    text = " ".join(str(cause).split())
    if "timed out" in text.lower() or "timeout" in type(cause).__name__.lower():
        reason = "timed out"
    elif found := re.search(r"\[Errno -?\d+\] ([^'\")]+)", text):
        reason = found.group(1).strip()
    else:
        reason = text[:160] or type(cause).__name__
    return GrammarUnavailable("languagetool", f"no LanguageTool server answers at {url} ({reason})")


def _utf16_starts(text: str) -> list[int]:
    """The UTF-16 offset of each code point of ``text``, and of its end."""
    starts = [0] * (len(text) + 1)
    unit = 0
    for index, char in enumerate(text):
        starts[index] = unit
        unit += 2 if ord(char) > 0xFFFF else 1
    starts[len(text)] = unit
    return starts


def _code_point(starts: list[int], unit: int) -> int:
    """The code point index at UTF-16 offset ``unit`` (rounded up inside a surrogate pair)."""
    import bisect

    return min(bisect.bisect_left(starts, unit), len(starts) - 1)
