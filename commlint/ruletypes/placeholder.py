"""``placeholder``: helpdesk template placeholders that will not render as the writer meant.

Reads ``msg.document.placeholders`` (never the masked segment text), so it reports inside
the spans word-level rules may not touch. One ``check`` per rule:

- ``syntax``: unbalanced ``{{ }}`` / ``{% %}`` and block tags left open or never opened;
- ``fields``: a field unknown or miscased for the document's platform (field lists in
  ``placeholder_fields/*.yaml``); with no platform configured, the platform is inferred
  when the document's own fields belong to exactly one list, and otherwise not judged;
- ``greeting_fallback``: a name placeholder without a fallback in a greeting segment;
- ``rendering``: a placeholder where it is sent as typed (code, an HTML attribute, braces
  URL-encoded).
"""
from __future__ import annotations

import bisect
import dataclasses
import difflib
import functools
import re
from pathlib import Path
from typing import Callable, Iterator

from commlint import data
from commlint.document.model import Document, Placeholder
from commlint.errors import PackError
from commlint.findings import Finding
from commlint.nlp.analyzed import AnalyzedMessage
from commlint.options import OptionError, parse_options
from commlint.ruletypes.base import Rule, RuleMeta
from commlint.ruletypes.lexicon import Lexicon
from commlint.sources.placeholders import unbalanced_blocks
from commlint.yamlio import read_yaml

CHECKS = ("syntax", "fields", "greeting_fallback", "rendering")
_WHERE = {  #: where a placeholder is, and what to do about it
    "code": ("inside code", "Move the placeholder out of the code block."),
    "attribute": ("inside an HTML attribute", "Move the placeholder into the text or the link address."),
    "encoded": ("URL-encoded (%7B%7B instead of {{)", "Retype the link so its braces stay “{{ }}”."),
    "url": ("inside a URL", "Move the placeholder out of the URL."),
}
#: names a Liquid template knows without any platform
_BUILTINS = frozenset({"forloop", "tablerowloop", "true", "false", "nil", "null", "empty", "blank"})
_LOCAL = re.compile(r"\{%-?\s*(?:(?:for|tablerow)\s+(\w+)\s+in\b|assign\s+(\w+)\s*=|capture\s+(\w+)|(?:increment|decrement)\s+(\w+))")
_GUARD = re.compile(r"\{%-?\s*(?:if|unless|elsif)\b(.*?)-?%\}", re.S)
_PART = r"[A-Za-z0-9_-]+"


@dataclasses.dataclass(frozen=True)
class PlaceholderOptions:
    check: str  #: syntax | fields | greeting_fallback | rendering
    infer_platform: bool = True  #: fields: judge a document with no platform when its fields name one
    where: tuple[str, ...] = ("code", "attribute", "encoded")  #: rendering: contexts that do not render
    cutoff: float = 0.75  #: fields: how close a known field must be to be suggested (difflib ratio)


@dataclasses.dataclass(frozen=True)
class _FieldsYaml:
    platform: str
    name: str
    source: str
    fields: tuple[str, ...]
    users: tuple[str, ...] = ()
    families: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class FieldList:
    """The placeholder fields one helpdesk knows: exact fields and families (custom fields)."""

    platform: str
    name: str
    fields: frozenset[str]
    families: tuple[str, ...]  #: patterns, ``*`` being one part of a path

    @functools.cached_property
    def _by_lower(self) -> dict[str, str]:
        return {f.lower(): f for f in sorted(self.fields)}

    @functools.cached_property
    def _family_patterns(self) -> list[tuple[re.Pattern[str], re.Pattern[str], str]]:
        out = []
        for family in self.families:
            source = "".join(f"({_PART})" if part == "*" else re.escape(part) for part in re.split(r"(\*)", family))
            out.append((re.compile(source), re.compile(source, re.I), family))
        return out

    def knows(self, field: str) -> bool:
        return field in self.fields or any(exact.fullmatch(field) for exact, _, _ in self._family_patterns)

    def correction(self, field: str, cutoff: float) -> tuple[bool, str | None]:
        """(miscased, the known field to suggest) for a field this list does not know."""
        if field.lower() in self._by_lower:
            return True, self._by_lower[field.lower()]
        for _, loose, family in self._family_patterns:
            m = loose.fullmatch(field)
            if m:
                parts = iter(m.groups())
                return True, "".join(next(parts) if p == "*" else p for p in re.split(r"(\*)", family))
        close = difflib.get_close_matches(field, sorted(self.fields), n=1, cutoff=cutoff)
        return False, close[0] if close else None


@functools.lru_cache(maxsize=4)
def field_lists(folder: Path | None = None) -> dict[str, FieldList]:
    """The field lists in ``folder`` (default: the shipped ones), by platform; read once."""
    folder = folder or data.placeholder_fields_dir()
    if not folder.is_dir():
        raise PackError(str(folder), "placeholder field lists folder not found")
    lists: dict[str, FieldList] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            spec = parse_options(_FieldsYaml, read_yaml(path, str(path)))
        except OptionError as exc:
            raise PackError.at(str(path), exc.problem, field=exc.field) from None

        def expand(entries: tuple[str, ...]) -> list[str]:
            return [e.replace("{user}", u) for e in entries for u in (spec.users if "{user}" in e else ("",))]

        lists[spec.platform] = FieldList(spec.platform, spec.name, frozenset(expand(spec.fields)), tuple(expand(spec.families)))
    return lists


class PlaceholderRule(Rule):
    options_class = PlaceholderOptions
    reads_segments = False  # reads the document's placeholders, found by the readers
    placeholders = frozenset({"problem", "advice", "field", "platform", "known", "detail", "where", "greeting"})

    def __init__(self, meta: RuleMeta, options: PlaceholderOptions, lexicons: Callable[[str], Lexicon]) -> None:
        super().__init__(meta, options, lexicons)
        if options.check not in CHECKS:
            raise OptionError("matcher.check", f"{options.check!r} is not one of {', '.join(CHECKS)}")
        for where in options.where:
            if where not in _WHERE:
                raise OptionError("matcher.where", f"{where!r} is not one of {', '.join(_WHERE)}")
        self._check: Callable[[AnalyzedMessage, list[Placeholder]], Iterator[Finding]] = getattr(self, "_" + options.check)

    def check(self, msg: AnalyzedMessage) -> Iterator[Finding]:
        yield from self._check(msg, _writers(msg.document))

    def _syntax(self, msg: AnalyzedMessage, found: list[Placeholder]) -> Iterator[Finding]:
        problems = [(p, p.problem) for p in found if p.problem] + unbalanced_blocks(found)
        for ph, problem in sorted(problems, key=lambda item: item[0].start):
            yield self.finding(msg, ph.start, ph.end, {"problem": problem, "advice": _advice(ph)})

    def _fields(self, msg: AnalyzedMessage, found: list[Placeholder]) -> Iterator[Finding]:
        lists = field_lists()
        outputs = [p for p in found if p.field and not p.tag and not p.problem and p.where != "encoded"]
        local = _locals(found)
        outputs = [p for p in outputs if re.split(r"[.\[]", p.field, maxsplit=1)[0] not in local]
        platform = msg.document.platform
        inferred = platform is None and self.options.infer_platform
        if inferred:
            platform = _infer({p.field for p in outputs}, lists)
        known = lists.get(platform or "")
        if known is None:
            return
        corrections: dict[str, tuple[bool, str | None] | None] = {}  # a macro repeats its fields
        for ph in outputs:
            if ph.field not in corrections:
                corrections[ph.field] = None if known.knows(ph.field) else known.correction(ph.field, self.options.cutoff)
            correction = corrections[ph.field]
            if correction is None:
                continue
            miscased, suggestion = correction
            detail = "placeholders are case-sensitive" if miscased else f"{known.name} has no such field"
            if inferred:
                detail += f"; judged as {known.name} from the other placeholders here"
            values = {"field": ph.field, "platform": known.name, "detail": detail}
            if suggestion:
                values["known"] = suggestion
            start = ph.start + max(ph.expression.find(ph.field), 0)
            # only a change of case is offered as a fix: the miscased field renders nothing
            yield self.finding(msg, start, start + len(ph.field), values, replacement=suggestion if miscased else None)

    def _greeting_fallback(self, msg: AnalyzedMessage, found: list[Placeholder]) -> Iterator[Finding]:
        names = [p for p in found if p.type == "name" and p.fallback is None and not p.tag and not p.problem]
        guarded = {f for m in _GUARD.finditer(msg.text) for f in re.findall(r"[\w.]+", m.group(1))}
        names = [p for p in names if p.field not in guarded]
        starts = [p.start for p in names]
        for segment in msg.segments:
            lo, hi = segment.start, segment.end
            for ph in names[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]:
                empty = msg.text[lo:ph.start] + msg.text[ph.end:hi]
                yield self.finding(msg, ph.start, ph.end, {"field": ph.field, "greeting": " ".join(empty.split())})

    def _rendering(self, msg: AnalyzedMessage, found: list[Placeholder]) -> Iterator[Finding]:
        for ph in found:
            if ph.where in self.options.where and not ph.tag and not ph.problem:
                where, advice = _WHERE[ph.where]
                yield self.finding(msg, ph.start, ph.end, {"field": ph.field or ph.expression, "where": where, "advice": advice})


def _writers(document: Document) -> list[Placeholder]:
    """The document's placeholders, sorted, less those inside someone else's quoted words."""
    quoted = sorted((r.start, r.end) for r in document.skipped if r.reason == "quoted reply")
    starts = [a for a, _ in quoted]
    out = []
    for ph in sorted(document.placeholders, key=lambda p: p.start):
        i = bisect.bisect_right(starts, ph.start) - 1
        if i < 0 or not quoted[i][0] <= ph.start < quoted[i][1]:
            out.append(ph)
    return out


def _locals(found: list[Placeholder]) -> frozenset[str]:
    """Names the template itself defines (loop variables, ``assign``, ``capture``) and Liquid's own."""
    names = {name for p in found if p.tag for m in _LOCAL.finditer(p.expression) for name in m.groups() if name}
    return _BUILTINS | names


def _infer(fields: set[str], lists: dict[str, FieldList]) -> str | None:
    """The one platform some of ``fields`` belong to and no other platform knows."""
    known = {platform: {f for f in fields if fl.knows(f)} for platform, fl in lists.items()}
    own = [p for p, mine in known.items() if mine - set().union(*(v for q, v in known.items() if q != p))]
    return own[0] if len(own) == 1 else None


def _advice(ph: Placeholder) -> str:
    expression = ph.expression.strip()
    if ph.tag:
        name = ph.field.lower()
        if name.startswith("end"):
            return f"Remove “{expression}” or add the “{{% {name[3:]} %}}” it closes."
        return f"End the block with “{{% end{name} %}}”, or remove “{expression}”."
    if expression.startswith(("}}", "%}")):
        return f"Add the opening “{'{{' if expression.startswith('}}') else '{%'}”, or remove the stray “{expression[:2]}”."
    opener = expression[:2]
    closer = {"{{": "}}", "{%": "%}"}.get(opener, "}}")
    return f"Close the placeholder with “{closer}”, or remove the stray “{opener}”."
