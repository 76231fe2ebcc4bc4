"""``grammar``: what a grammar engine (LanguageTool or Harper) finds, as commlint findings.

The engine reads each message's prose: each segment the rule's scope covers on its own, so
sentences never run across blocks, a paragraph's issues never depend on its neighbours, and
an edit re-checks the edited paragraph only (issues are kept per paragraph text in long-lived
processes: the worker, the language server). Its issues are mapped back to the
original characters, named ``GR.<engine>.<engine rule id>``, and dropped where commlint
knows better: inside placeholders, code, URLs and on-screen labels (as every word-level
rule), spelling issues on the configured allowed terms and on the lexicons' own words.

The engine is opened once per process and engine settings (see ``GrammarSettings``); when
it cannot be used, the rule reports nothing and says why once (``unavailable``), and the
other rules run as usual.
"""
from __future__ import annotations

import copy
import dataclasses
import os
import re
import threading
import time
from collections import OrderedDict
from typing import Callable, Iterator, Sequence

from commlint.findings import Applicability, Finding, Fix, Severity
from commlint.findings.model import picks
from commlint.grammar import AUTO, choose
from commlint.grammar.backend import ISSUE_KINDS, GrammarBackend, GrammarIssue, GrammarUnavailable
from commlint.nlp.analyzed import AnalyzedMessage
from commlint.options import OptionError
from commlint.ruletypes.base import Rule, RuleMeta
from commlint.ruletypes.lexicon import Lexicon

ENGINES = ("harper", "languagetool")
_CACHE_ITEMS = 16384  #: paragraphs whose engine issues are kept per process (the worker, the LSP)


@dataclasses.dataclass(frozen=True)
class GrammarSettings:
    """Which engine checks grammar, and where (from the configuration)."""

    engine: str = AUTO  #: harper | languagetool | auto (LanguageTool when installed, else Harper)
    url: str | None = None  #: a LanguageTool server of the user's own; None: the local one
    idle: int | None = None  #: seconds a local server may sit idle before it stops

    def resolved(self) -> "GrammarSettings":
        """These settings with ``auto`` replaced by the engine it stands for now: only a
        look at the install and PATH, so a process that lives on (the worker) notices an
        install, and nothing starts until a check needs the engine."""
        engine = choose(self.engine, self.url)
        return self if engine == self.engine else dataclasses.replace(self, engine=engine)


@dataclasses.dataclass(frozen=True)
class GrammarOptions:
    #: issue kinds reported (grammar, spelling, typo, punctuation, style)
    kinds: tuple[str, ...] = ("grammar", "spelling", "typo", "punctuation")
    #: severity per issue kind; kinds not listed take the rule's severity
    severities: dict[str, str] = dataclasses.field(default_factory=dict)
    #: lexicons whose terms (and their variants) spelling accepts
    accept_lexicons: tuple[str, ...] = ()
    #: engine rules never reported, as ``engine.RULE`` or ``RULE`` (noisy on support prose)
    skip_rules: tuple[str, ...] = ()
    #: engine rules not reported on a channel: ``{chat: [SentenceCapitalization]}``
    skip_on_channel: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    #: engine rules not reported when the next word is one of these (lower case):
    #: ``{harper.ItsPossessive: [monday]}`` - "it's monday" is "it is", never a possessive
    skip_followed_by: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)


class GrammarRule(Rule):
    """One rule for every issue of a grammar engine; findings carry the engine's rule id."""

    options_class = GrammarOptions
    placeholders = frozenset({"engine", "engine_message", "replacement", "kind"})
    word_level = True
    #: a selector may name one engine rule under this rule's id (``GR.harper.SpellCheck``)
    sub_ids = True
    #: a LanguageTool server checks a batch's texts while spaCy reads them (``prefetch``)
    prefetches = True

    def __init__(self, meta: RuleMeta, options: GrammarOptions, lexicons: Callable[[str], Lexicon]) -> None:
        super().__init__(meta, options, lexicons)
        unknown = [k for k in options.kinds + tuple(options.severities) if k not in ISSUE_KINDS]
        if unknown:
            raise OptionError("matcher.kinds", f"unknown issue kind {unknown[0]!r} (known: {', '.join(ISSUE_KINDS)})")
        self._severities = {}
        for kind, level in options.severities.items():
            try:
                self._severities[kind] = Severity.parse(level)
            except ValueError as exc:
                raise OptionError(f"matcher.severities.{kind}", str(exc)) from None
        accepted: set[str] = set()
        for name in options.accept_lexicons:
            for term in lexicons(name).terms:
                for word in (term.term, *term.variants):
                    accepted.update(w.lower() for w in word.split())
        self._accepted = frozenset(accepted)
        self.settings = GrammarSettings()
        self.only: tuple[str, ...] = ()  #: sub-selectors a run selected (empty: all)
        self.skip: tuple[str, ...] = ()  #: sub-selectors a run ignored
        self.accept: frozenset[str] = frozenset()  #: the configured allowed terms, lower case

    def configured(
        self, settings: GrammarSettings, accept: tuple[str, ...] = (), documents: tuple[str, ...] = (),
    ) -> "GrammarRule":
        """This rule checking with ``settings``' engine; ``accept`` are allowed terms, and
        ``documents`` the document kinds it reads (empty: those its pack gives)."""
        rule = copy.copy(self)
        rule.settings = settings
        if documents:
            rule.meta = dataclasses.replace(
                self.meta, scope=dataclasses.replace(self.meta.scope, documents=frozenset(documents))
            )
        rule.accept = frozenset(w.lower() for t in accept for w in t.split())
        return rule

    def narrowed(self, only: tuple[str, ...], skip: tuple[str, ...]) -> "GrammarRule":
        """This rule reporting only engine rules ``only`` picks (all when empty), none that
        ``skip`` picks: the sub-selectors of ``--select``/``--ignore``."""
        rule = copy.copy(self)
        rule.only, rule.skip = only, skip
        return rule

    # -- checking ---------------------------------------------------------------------------

    def check(self, msg: AnalyzedMessage) -> Iterator[Finding]:
        if not msg.segments:
            return
        settings = self.settings.resolved()
        texts = [segment.text for segment in msg.segments]
        found = self._issues(settings, texts)
        if found is None:
            return
        for segment, text, issues in zip(msg.segments, texts, found):
            for issue in issues:
                finding = self._finding(msg, segment, text, issue, settings.engine)
                if finding is not None:
                    yield finding

    def prefetch(self, texts: Sequence[str]) -> None:
        """Check ``texts`` from a background thread, so the engine (a LanguageTool server,
        Harper's thread) works while this process analyses them with spaCy; ``check``
        waits for the texts still in flight (see ``_PREFETCHED``)."""
        settings = self.settings.resolved()
        if settings.engine not in _PREFETCHED:
            return
        with _lock:
            todo = [t for t in dict.fromkeys(texts) if t.strip() and (settings, t) not in _results
                    and (settings, t) not in _in_flight]
            _in_flight.update((settings, t) for t in todo)
        if todo:
            threading.Thread(target=_fill, args=(settings, todo), name="commlint-grammar", daemon=True).start()

    def warm(self) -> None:
        """Open this rule's engine on a background thread now (Harper's linter takes most of
        a second to build), so it is ready by the time the model and rules are loaded;
        ``settle`` waits for it. Engines checked in the foreground only are left alone."""
        settings = self.settings.resolved()
        if settings.engine not in _PREFETCHED:
            return
        with _warming_lock:
            if settings in _warming or settings in _engines:
                return
            thread = threading.Thread(target=_warm, args=(settings,), name="commlint-grammar-warm", daemon=True)
            _warming[settings] = thread
        thread.start()

    def _issues(self, settings: GrammarSettings, texts: list[str]) -> list[list[GrammarIssue]] | None:
        """The engine's issues in each text, each text checked on its own (so a paragraph's
        issues never depend on its neighbours, and an edit re-checks that paragraph only);
        None when the engine cannot run."""
        found: list[list[GrammarIssue] | None] = []
        with _lock:
            while any((settings, t) in _in_flight for t in texts):
                _filled.wait()
            for text in texts:
                known = _results.get((settings, text)) if text.strip() else []
                if known is not None and text.strip():
                    _results.move_to_end((settings, text))
                found.append(known)
        missing = list(dict.fromkeys(t for t, f in zip(texts, found) if f is None))
        if missing:
            try:
                backend = _backend(settings)
                checked = dict(zip(missing, backend.check(missing)))
            except GrammarUnavailable as exc:
                self.unavailable = exc.one_line()
                return None
            with _lock:
                for text, issues in checked.items():
                    _results[(settings, text)] = issues
                while len(_results) > _CACHE_ITEMS:
                    _results.popitem(last=False)
            found = [checked[t] if f is None else f for t, f in zip(texts, found)]
        return found  # type: ignore[return-value]

    def reports(
        self, engine: str, text: str, issue: GrammarIssue, channel: str | None = None, audience: str | None = None,
    ) -> bool:
        """Does this rule report ``engine``'s ``issue`` in ``text`` (on ``channel``, for
        ``audience``), whatever a run selects? Not when its kind is not reported, the engine
        rule is skipped (house style, typography), it is about code, a name or a word
        commlint accepts, or, in a chat turn, about the chat register (spacing, names typed
        in lower case, clipped words); in technical talk, package names and lower-case
        initials ("stripe-php", "js") are not slips either."""
        if issue.kind not in self.options.kinds or issue.end <= issue.start:
            return False
        skipped = self.options.skip_rules + tuple(self.options.skip_on_channel.get(channel or "", ()))
        if issue.rule_id in skipped or f"{engine}.{issue.rule_id}" in skipped:
            return False
        if self._followed_by_skipped(text, issue, f"{engine}.{issue.rule_id}"):
            return False
        problem = text[issue.start : issue.end]
        chat = channel == "chat"
        technical = audience == "technical"
        words = issue.kind != "punctuation"
        if not words and chat and _spacing_only(problem, issue.replacements):
            return False  # "code , set" or "PaymentIntent,yep" in a chat turn: typing, not a slip
        if words and _in_identifier(text, issue.start, issue.end):
            return False  # user_name, PaymentIntent, v2.3, #tag: code and names, not words
        if words and technical and _in_package_name(text, issue.start, issue.end):
            return False  # "stripe-php", "react-dom": a package or repository name
        if _in_addressee(text, issue.start):
            return False  # "leo-unglaub: ..." opening a chat turn: the person's handle
        if words and _name_reshaped(text, issue.start, problem, issue.replacements):
            return False  # "Checkout" or "Setup Intents" as a product's name, not "check out"
        if words and chat and (
            _recased(problem, issue.replacements) or _unpointed_abbreviation(problem, issue.replacements)
            or (technical and _lower_case_initials(problem)) or _clipped(problem, issue.replacements)
        ):
            return False  # chat register: "github", "monday", "etc", "a sec"; with developers "php", "dm"
        if issue.kind == "spelling" and (
            self._accepts(problem) or _proper_noun(text, issue.start, problem)
            or _other_dialect(problem, issue.replacements) or _lengthened(problem)
            or _far_from_words(problem, issue.replacements)
        ):
            return False
        return not _shouted_name(problem, issue.replacements)

    def _finding(
        self, msg: AnalyzedMessage, segment, text: str, issue: GrammarIssue, engine: str,
    ) -> Finding | None:
        if not self.reports(engine, text, issue, msg.document.channel, msg.document.audience):
            return None
        rule_id = f"{self.meta.id}.{engine}.{issue.rule_id}"
        name = f"{self.meta.name}.{engine}.{issue.rule_id}"
        if self.only and not any(picks(s, rule_id, name, self.meta.category) for s in self.only):
            return None
        if any(picks(s, rule_id, name, self.meta.category) for s in self.skip):
            return None
        problem = text[issue.start : issue.end]
        if issue.end > len(text):
            return None  # past the paragraph: an engine artefact
        start, end = segment.to_source(issue.start), segment.end_to_source(issue.end)
        replacements = tuple(r for r in issue.replacements if r != problem)
        values = {
            "engine": _ENGINE_NAMES.get(engine, engine), "engine_message": issue.message.rstrip(),
            "kind": issue.kind, "replacement": replacements[0] if replacements else "",
        }
        finding = self.finding(msg, start, end, values)
        suggestions = tuple(f"Write “{r}”." if r else "Delete it." for r in replacements[:3])
        if not suggestions:
            suggestions = finding.suggestions
        fix = None
        if finding.exact and len(replacements) == 1:
            fix = Fix(start, end, replacements[0], Applicability.SAFE if issue.kind == "typo" else Applicability.UNSAFE)
        severity = self._severities.get(issue.kind, self.meta.severity)
        return dataclasses.replace(
            finding, rule_id=rule_id, rule_name=name, severity=severity, suggestions=suggestions, fix=fix,
        )

    def _followed_by_skipped(self, text: str, issue: GrammarIssue, qualified: str) -> bool:
        """Is the word after the issue one its engine rule misreads (``skip_followed_by``)?"""
        words = self.options.skip_followed_by.get(qualified) or self.options.skip_followed_by.get(issue.rule_id)
        if not words:
            return False
        following = _NEXT_WORD.match(text, issue.end)
        return bool(following) and following.group(1).lower() in words

    def _accepts(self, problem: str) -> bool:
        word = problem.strip().lower()
        return word in self.accept or word in self._accepted


_ENGINE_NAMES = {"harper": "Harper", "languagetool": "LanguageTool"}

_lock = threading.Lock()
_results: "OrderedDict[tuple[GrammarSettings, str], list[GrammarIssue]]" = OrderedDict()
#: texts a prefetch thread is checking; ``_filled`` is notified as their results arrive
_in_flight: "set[tuple[GrammarSettings, str]]" = set()
_filled = threading.Condition(_lock)
_PREFETCH_CHUNK = 8  #: texts checked between two hand-overs of results to ``check``
#: engines checked ahead on a thread, while spaCy analyses the same batch: LanguageTool
#: and Harper work in processes of their own (see ``harper_backend``). 989 Stripe replies:
#: 29 s -> 14 s with Harper (then on a thread of this process), same findings
_PREFETCHED = frozenset({"languagetool", "harper"})


def _fill(settings: GrammarSettings, texts: list[str]) -> None:
    """The prefetch thread: check ``texts`` a few at a time, keep their issues, and take
    every one of them out of flight whatever happens (a failure is left to ``check``, which
    asks again and says why)."""
    try:
        backend = _backend(settings)
        for start in range(0, len(texts), _PREFETCH_CHUNK):
            chunk = texts[start : start + _PREFETCH_CHUNK]
            checked = backend.check(chunk)
            with _lock:
                for text, issues in zip(chunk, checked):
                    _results[(settings, text)] = issues
                    _in_flight.discard((settings, text))
                while len(_results) > _CACHE_ITEMS:
                    _results.popitem(last=False)
                _filled.notify_all()
    except Exception:  # noqa: BLE001 - ``check`` repeats the request in the foreground and reports it
        pass
    finally:
        with _lock:
            _in_flight.difference_update((settings, t) for t in texts)
            _filled.notify_all()


#: engines being opened ahead of use (``GrammarRule.warm``), by settings
_warming: "dict[GrammarSettings, threading.Thread]" = {}
_warming_lock = threading.Lock()


def _warm(settings: GrammarSettings) -> None:
    """The warm-up thread: open the engine and let it build what its first check needs
    (a failure is left to ``check``, which opens it again and says why)."""
    try:
        backend = _backend(settings)
        warm = getattr(backend, "warm", None)
        if warm is not None:
            warm()
    except Exception:  # noqa: BLE001 - reported by the first check instead
        pass


def settle() -> None:
    """Wait for every engine being opened ahead of use: before this process forks, so no
    child inherits an engine half built by a thread it does not have."""
    with _warming_lock:
        threads = list(_warming.values())
    for thread in threads:
        thread.join()


def _forget_in_flight() -> None:
    """In a forked child: the parent's prefetch and warm-up threads do not exist there."""
    global _lock, _filled, _warming_lock
    _lock = threading.Lock()
    _filled = threading.Condition(_lock)
    _in_flight.clear()
    _warming_lock = threading.Lock()
    _warming.clear()


os.register_at_fork(after_in_child=_forget_in_flight)

#: engines by settings, opened once per process (each serialises its own checks), or the
#: reason one could not be opened, so a run of many files says why once and does not retry
_engines: "dict[GrammarSettings, GrammarBackend | GrammarUnavailable]" = {}
_opening = threading.Lock()
_RETRY_AFTER = 60.0  #: seconds before an engine that could not be opened is tried again


def _backend(settings: GrammarSettings) -> GrammarBackend:
    """The engine for ``settings``, opened on first use."""
    with _opening:
        found = _engines.get(settings)
        if isinstance(found, GrammarUnavailable) and time.monotonic() - found.at > _RETRY_AFTER:
            found = None  # a long-lived process (the worker) tries again: Java may be installed now
        if found is None:
            from commlint.grammar import open_backend

            try:
                found = open_backend(settings.engine, url=settings.url, idle=settings.idle)
            except GrammarUnavailable as exc:
                exc.at = time.monotonic()
                found = exc
            _engines[settings] = found
    if isinstance(found, GrammarUnavailable):
        raise found
    return found


def close_engines() -> None:
    """Close the engines this process opened and forget engines that could not be opened
    (a server the run started stays up for the next run)."""
    with _opening:
        for engine in _engines.values():
            if not isinstance(engine, GrammarUnavailable):
                engine.close()
        _engines.clear()


_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)\b")
_IDENTIFIER = re.compile(r"[_/\\@#<>=]|\w\.\w|\d|[a-z][A-Z]|[A-Z]{2,}[a-z]")
_SENTENCE_END = re.compile(r"(?:^|[.!?:;]\s*|\n\s*|[\"'“(]\s*)$")
_ADDRESS = re.compile(r"(?:^|\s)(?:hi|hey|hello|dear|thanks|thank you),?\s+$", re.I)


def _in_identifier(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` inside a token written like code or a handle (underscores,
    slashes, digits, dotted or camel-case parts), which no dictionary knows?"""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    token = text[left:right].strip(".,;:!?()[]{}\"'“”‘’")
    return bool(token) and bool(_IDENTIFIER.search(token))


def _proper_noun(text: str, start: int, problem: str) -> bool:
    """Is the unknown word a name the engine's dictionary cannot hold: capitalised where no
    sentence starts (a person, a product), the person addressed ("Sam:" opening a chat
    turn, "hey sam"), or a handle?"""
    before = text[max(0, start - 8) : start]
    if problem[:1].isupper() and not _SENTENCE_END.search(before[-4:]):
        return True
    after = text[start + len(problem) : start + len(problem) + 1]
    return (after == ":" and not text[:start].strip()) or bool(_ADDRESS.search(before))


#: a chat turn's opening handle: one word (letters, digits, - _ . [ ] |) and a colon
_ADDRESSEE = re.compile(r"\s*[\w.|\[\]-]+\s?:(?=\s|$)")
#: British spellings and their American forms, ending by ending (localise/localize, colour/color)
_DIALECT_ENDINGS = (
    ("isation", "ization"), ("ise", "ize"), ("ised", "ized"), ("ises", "izes"), ("ising", "izing"),
    ("yse", "yze"), ("ysed", "yzed"), ("our", "or"), ("ours", "ors"), ("tre", "ter"), ("tres", "ters"),
    ("ence", "ense"), ("ogue", "og"), ("lled", "led"), ("lling", "ling"),
)
_LENGTHENED = re.compile(r"([a-z])\1\1", re.I)


def _in_addressee(text: str, start: int) -> bool:
    """Is ``start`` inside the handle a chat turn opens with ("leo-unglaub: ...")?"""
    found = _ADDRESSEE.match(text)
    return bool(found) and start < found.end() - 1


def _other_dialect(problem: str, replacements: tuple[str, ...]) -> bool:
    """Is the word a correct spelling in the other main dialect: an engine set to American
    English offers "localize" for "localise", "color" for "colour" (and back)? Both are right."""
    word = problem.lower()
    wanted = {r.lower() for r in replacements}
    for british, american in _DIALECT_ENDINGS:
        for here, there in ((british, american), (american, british)):
            if word.endswith(here) and word[: -len(here)] + there in wanted:
                return True
    return False


def _lengthened(problem: str) -> bool:
    """A word stretched for effect ("sooooo", "hmmm"): tone, not spelling."""
    return bool(_LENGTHENED.search(problem))


def _spacing_only(problem: str, replacements: tuple[str, ...]) -> bool:
    """Is the issue only about spaces (one before a comma, none after it): every
    replacement is the problem with other whitespace? In a chat turn that is typing speed."""
    squeezed = "".join(problem.split())
    return bool(replacements) and all("".join(r.split()) == squeezed for r in replacements)


#: a token of lower-case parts joined by hyphens ("stripe-ios", "leo-unglaub", "un-sorry")
_HYPHENATED = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_SHORT_PART = 4  #: letters at most of a part that names a platform, a tag or a prefix


def _in_package_name(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a short part of a lower-case hyphenated token ("ios" in
    "stripe-ios", "php" in "stripe-php", "un" in "un-sorry")? Such tokens name packages,
    repositories and handles, whose short parts (a platform, a language, a prefix) no
    dictionary lists; a slip in a longer part ("folow-up") is still reported."""
    left = start
    while left > 0 and (text[left - 1].isalnum() or text[left - 1] == "-"):
        left -= 1
    right = end
    while right < len(text) and (text[right].isalnum() or text[right] == "-"):
        right += 1
    token = text[left:right].strip("-")
    return (
        "-" in token and bool(_HYPHENATED.fullmatch(token)) and end - start <= _SHORT_PART
        and text[start:end].isalpha()
    )


def _recased(problem: str, replacements: tuple[str, ...]) -> bool:
    """Does the engine only want other capitals ("github" -> "GitHub", "monday" ->
    "Monday", "Javascript" -> "JavaScript")? A chat turn writes names as it types them."""
    word = problem.casefold()
    return any(r != problem and r.casefold() == word for r in replacements)


def _unpointed_abbreviation(problem: str, replacements: tuple[str, ...]) -> bool:
    """Is the word a known abbreviation written without its full stop ("etc" for
    "etc.")? Chat leaves the point off; the word itself is right."""
    return any(r == problem + "." for r in replacements)


_INITIALS = re.compile(r"[b-df-hj-np-tv-xz]{2,4}", re.I)  #: no vowel (nor y): not a word


def _lower_case_initials(problem: str) -> bool:
    """Is the word two to four letters without a vowel ("dm", "js", "php", "qs")? Not an
    English word nor a slip of one (a slip keeps the word's vowels: "teh", "adn"), but
    initials typed in lower case, which a chat turn does; the acronym and slang rules
    judge what they stand for."""
    return problem.islower() and bool(_INITIALS.fullmatch(problem))


def _clipped(problem: str, replacements: tuple[str, ...]) -> bool:
    """Is the word a clipped form of the one the engine offers ("sec" for "second", "mins"
    for "minutes", "hrs" for "hours"): its letters in order, from the same first letter,
    at most three fifths as long? A slip of the keys loses a letter or two, not half the
    word; a chat turn clips on purpose."""
    word = problem.lower()
    if not word.isalpha() or len(word) < 2:
        return False
    for full in replacements:
        full = full.lower()
        if not (full.isalpha() and full[0] == word[0]):
            continue
        clipped = word
        if word.endswith("s") and not full.endswith("s"):
            clipped = word[:-1]  # "mins": the plural of a clipped "minute"
        if len(clipped) <= 0.6 * len(full) and _subsequence(clipped, full):
            return True
    return False


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)


_NEAR = 3  #: edits from every suggestion at which an unknown word is not a slip of one


def _far_from_words(problem: str, replacements: tuple[str, ...]) -> bool:
    """Is the unknown lower-case word three or more edits from every word the engine offers
    ("karllekko" -> "allegro")? A slip of the keys is one or two edits from the word meant
    (a letter lost, doubled, swapped or struck for its neighbour), so this is a handle or a
    coinage the dictionary lacks, and the suggestions would be wrong anyway. (A capitalised
    unknown word is a name where no sentence starts, see ``_proper_noun``; at the start of
    one it is reported, for the team to allow.)"""
    return problem.islower() and bool(replacements) and all(_edits(problem, r, _NEAR) >= _NEAR for r in replacements)


def _edits(a: str, b: str, cap: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours: optimal string alignment) from
    ``a`` to ``b``, ignoring case; counting stops at ``cap``."""
    from rapidfuzz.distance import OSA  # 30 ms to import: only once a spelling flag is judged

    return min(OSA.distance(a.lower(), b.lower(), score_cutoff=cap), cap)


def _name_reshaped(text: str, start: int, problem: str, replacements: tuple[str, ...]) -> bool:
    """Does the engine want a capitalised word split, joined or lower-cased ("Checkout" ->
    "Check out", "Setup" -> "Set up") where the word is a name: not where a sentence starts,
    before another capitalised word ("Setup Intents"), or written so elsewhere in the text
    where no sentence starts? Word-form advice is about words, not about product names."""
    if not (problem.istitle() and problem.isalpha() and replacements):
        return False
    squeezed = problem.casefold()
    if not all(r and "".join(r.replace("-", " ").split()).casefold() == squeezed for r in replacements):
        return False
    if _proper_noun(text, start, problem) or _NEXT_TITLE.match(text, start + len(problem)):
        return True
    return any(
        not _SENTENCE_END.search(text[max(0, m.start() - 4) : m.start()])
        for m in re.finditer(rf"\b{re.escape(problem)}\b", text) if m.start() != start
    )


_NEXT_TITLE = re.compile(r" [A-Z][a-z]+\b")


def _shouted_name(problem: str, replacements: tuple[str, ...]) -> bool:
    """Does the engine only want a capitalised word in capitals ("Sam" -> "SAM")? A name
    that is also an acronym somewhere; not a slip."""
    return problem.istitle() and bool(replacements) and all(r == problem.upper() for r in replacements)
