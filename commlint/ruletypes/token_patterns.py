"""Token patterns beyond spaCy's ``Matcher``: named fragments, a reported sub-span (the
marker), conditions on a token's head and children, and both apostrophes as one.

A pattern in a pack is a list of token descriptions as spaCy's ``Matcher`` takes them
(``LOWER``, ``LEMMA``, ``POS``, ``DEP``, ``ENT_TYPE``, ``OP`` ...), plus these keys:

* ``FRAGMENT: name``: the tokens of a named fragment stand here. A fragment may have
  several alternatives; the pattern is expanded into one spaCy pattern per combination.
  ``OP`` and other attributes may go with a fragment whose alternatives are all one token
  long: they are added to that token.
* ``MARK: true``: the finding points at the tokens marked so, not the whole match (as
  LanguageTool's ``<marker>``); unmarked tokens are context.
* ``HEAD: {attrs}``: the token's syntactic head has these attributes.
* ``CHILD: {attrs}`` / ``NO_CHILD: {attrs}``: some child of the token has them / none has.

``attrs`` use the token attribute names above, with a string, a boolean (for ``IS_*``
flags) or ``{IN: [...]}`` / ``{NOT_IN: [...]}`` as the value.

Every word given with an apostrophe also matches the other apostrophe ("'ll" and "’ll").
"""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import itertools
from typing import Any, Callable, Iterable, Iterator, Mapping

from commlint.options import OptionError
from commlint.ruletypes.apostrophes import spellings, straight

_COMMLINT_KEYS = ("FRAGMENT", "MARK", "HEAD", "CHILD", "NO_CHILD")
_TEXT_ATTRS = ("LOWER", "ORTH", "TEXT", "NORM", "LEMMA")
_TOKEN_ATTRS = {
    "LOWER": "lower_", "ORTH": "text", "TEXT": "text", "NORM": "norm_", "LEMMA": "lemma_",
    "POS": "pos_", "TAG": "tag_", "DEP": "dep_", "ENT_TYPE": "ent_type_",
    "IS_ALPHA": "is_alpha", "IS_DIGIT": "is_digit", "IS_PUNCT": "is_punct", "IS_TITLE": "is_title",
    "IS_UPPER": "is_upper", "IS_LOWER": "is_lower", "LIKE_NUM": "like_num",
}
#: attribute -> the pipeline capability it needs
ATTR_NEEDS = {
    "LEMMA": "lemma", "POS": "pos", "TAG": "pos", "MORPH": "pos",
    "DEP": "dep", "HEAD": "dep", "ENT_TYPE": "ents", "ENT_IOB": "ents", "ENT_ID": "ents",
    "IS_SENT_START": "sents", "SENT_START": "sents",
}
_MAX_EXPANSIONS = 512

Fragments = Mapping[str, Any]  #: name -> raw fragment (a token list, or {any: [token lists]})
TokenTest = Callable[[Any], bool]  #: spacy Token -> bool


@dataclasses.dataclass(frozen=True)
class TokenPattern:
    """One spaCy pattern with what the Matcher cannot say."""

    tokens: tuple[dict, ...]  #: the Matcher form
    marks: frozenset[int] = frozenset()  #: positions in ``tokens`` whose words are reported
    conditions: tuple[tuple[int, TokenTest], ...] = ()  #: (position, test of the matched token)
    needs: frozenset[str] = frozenset()  #: pipeline capabilities the conditions read

    def accepts(self, doc, start: int, alignments: list[int]) -> bool:
        """Do the matched tokens (``doc[start + i]`` matched pattern token ``alignments[i]``)
        meet every head and child condition?"""
        if not self.conditions:
            return True
        for offset, position in enumerate(alignments):
            for where, test in self.conditions:
                if where == position and not test(doc[start + offset]):
                    return False
        return True

    def reported(self, start: int, end: int, alignments: list[int]) -> tuple[int, int]:
        """The token span to report: the marked tokens, else the whole match."""
        if not self.marks:
            return start, end
        marked = [start + i for i, position in enumerate(alignments) if position in self.marks]
        return (marked[0], marked[-1] + 1) if marked else (start, end)


def compile_patterns(raw: Any, field: str, fragments: Fragments) -> list[TokenPattern]:
    """Expand one pattern from a pack into the spaCy patterns it stands for."""
    if not isinstance(raw, list) or not raw:
        raise OptionError(field, "a token pattern is a non-empty list of token descriptions")
    alternatives = [_expand_token(token, f"{field}[{i}]", fragments, ()) for i, token in enumerate(raw)]
    count = 1
    for options in alternatives:
        count *= len(options)
    if count > _MAX_EXPANSIONS:
        raise OptionError(field, f"its fragments expand to {count} patterns (at most {_MAX_EXPANSIONS})")
    out = []
    for combination in itertools.product(*alternatives):
        tokens: list[dict] = []
        marks: set[int] = set()
        conditions: list[tuple[int, TokenTest]] = []
        needs: set[str] = set()
        for sequence in combination:
            for token, mark, tests, token_needs in sequence:
                if mark:
                    marks.add(len(tokens))
                conditions.extend((len(tokens), test) for test in tests)
                needs |= token_needs
                tokens.append(token)
        _validate(tokens, field)
        out.append(TokenPattern(tuple(tokens), frozenset(marks), tuple(conditions), frozenset(needs)))
    return out


def check_fragments(fragments: Fragments, field: str, names: Iterable[str] | None = None) -> None:
    """Validate fragments (their tokens, references and cycles) once, at load: those
    ``names`` (default: all), which may refer to any of ``fragments``."""
    for name in fragments if names is None else names:
        for sequence in _fragment(name, f"{field}.{name}", fragments, ()):
            _validate([token for token, _, _, _ in sequence], f"{field}.{name}")


_Token = tuple[dict, bool, tuple[TokenTest, ...], frozenset[str]]  #: Matcher token, marked?, tests, needs


def _expand_token(token: Any, field: str, fragments: Fragments, seen: tuple[str, ...]) -> list[list[_Token]]:
    """The alternatives (token sequences) one token description of a pattern stands for."""
    if not isinstance(token, dict):
        raise OptionError(field, "a token description is a mapping such as {LOWER: please}")
    token = dict(token)
    mark = token.pop("MARK", False)
    if not isinstance(mark, bool):
        raise OptionError(field + ".MARK", "must be true or false")
    tests, needs = _conditions(token, field)
    name = token.pop("FRAGMENT", None)
    if name is None:
        return [[(_both_apostrophes(token), mark, tests, needs)]]
    alternatives = _fragment(name, field + ".FRAGMENT", fragments, seen)
    extra = _both_apostrophes(token)  # OP and other attributes, for a one-token fragment
    if not extra and not tests:
        return [[(t, m or mark, c, n) for t, m, c, n in sequence] for sequence in alternatives] if mark else alternatives
    if any(len(sequence) != 1 for sequence in alternatives):
        raise OptionError(field, f"fragment {name!r} is longer than one token, so it takes only MARK here")
    merged = []
    for [(t, m, c, n)] in alternatives:
        clash = sorted(set(t) & set(extra))
        if clash:
            raise OptionError(f"{field}.{clash[0]}", f"fragment {name!r} already sets {clash[0]}")
        merged.append([({**t, **extra}, m or mark, c + tests, n | needs)])
    return merged


def _fragment(name: Any, field: str, fragments: Fragments, seen: tuple[str, ...]) -> list[list[_Token]]:
    if not isinstance(name, str) or name not in fragments:
        known = ", ".join(sorted(fragments)) or "none"
        raise OptionError(field, f"no fragment named {name!r} (known: {known})")
    if name in seen:
        raise OptionError(field, f"fragment {name!r} refers to itself through {' -> '.join(seen)}")
    raw = fragments[name]
    sequences = raw["any"] if isinstance(raw, dict) and set(raw) == {"any"} else [raw]
    if not isinstance(sequences, list) or not sequences:
        raise OptionError(field, f"fragment {name!r}: give a token list, or any: [token lists]")
    out: list[list[_Token]] = []
    for i, sequence in enumerate(sequences):
        if not isinstance(sequence, list) or not sequence:
            raise OptionError(field, f"fragment {name!r}, alternative {i + 1}: a non-empty list of token descriptions")
        parts = [_expand_token(t, f"{field}({name})[{j}]", fragments, seen + (name,)) for j, t in enumerate(sequence)]
        for combination in itertools.product(*parts):
            out.append([token for part in combination for token in part])
            if len(out) > _MAX_EXPANSIONS:
                raise OptionError(field, f"fragment {name!r} expands to more than {_MAX_EXPANSIONS} sequences")
    return out


def _conditions(token: dict, field: str) -> tuple[tuple[TokenTest, ...], frozenset[str]]:
    """Take HEAD, CHILD and NO_CHILD out of ``token`` and compile them."""
    tests: list[TokenTest] = []
    needs: set[str] = set()
    for key in ("HEAD", "CHILD", "NO_CHILD"):
        attrs = token.pop(key, None)
        if attrs is None:
            continue
        test = _attrs_test(attrs, f"{field}.{key}")
        needs |= {"dep"} | {ATTR_NEEDS[a] for a in attrs if a in ATTR_NEEDS}
        tests.append(_Related(key, test))
    return tuple(tests), frozenset(needs)


@dataclasses.dataclass(frozen=True)
class _Related:
    """A token test on the token's head (HEAD), some child (CHILD) or no child (NO_CHILD).
    Tests are plain objects, not closures, so a compiled rule set can be kept on disk."""

    relation: str
    test: TokenTest

    def __call__(self, t: Any) -> bool:
        if self.relation == "HEAD":
            return t.head is not t and self.test(t.head)
        found = any(self.test(c) for c in t.children)
        return found if self.relation == "CHILD" else not found


@dataclasses.dataclass(frozen=True)
class _AllOf:
    checks: tuple[TokenTest, ...]

    def __call__(self, t: Any) -> bool:
        return all(check(t) for check in self.checks)


@dataclasses.dataclass(frozen=True)
class _AttrTest:
    """A token attribute ``name`` (straightened apostrophes when ``text``) equal to
    ``value`` (op "=="), in it or not in it ("IN", "NOT_IN": a frozenset)."""

    name: str
    op: str
    value: Any
    text: bool

    def __call__(self, t: Any) -> bool:
        got = getattr(t, self.name)
        if self.text:
            got = _straight(got)
        if self.op == "IN":
            return got in self.value
        if self.op == "NOT_IN":
            return got not in self.value
        return got == self.value


def _attrs_test(attrs: Any, field: str) -> TokenTest:
    if not isinstance(attrs, dict) or not attrs:
        raise OptionError(field, "give token attributes, such as {DEP: neg}")
    checks: list[TokenTest] = []
    for attr, value in attrs.items():
        name = _TOKEN_ATTRS.get(str(attr))
        if name is None:
            raise OptionError(f"{field}.{attr}", f"unknown attribute (known: {', '.join(_TOKEN_ATTRS)})")
        checks.append(_value_test(name, value, attr in _TEXT_ATTRS, f"{field}.{attr}"))
    return _AllOf(tuple(checks))


def _value_test(name: str, value: Any, text: bool, field: str) -> TokenTest:
    norm = _straight if text else (lambda v: v)
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
        (op, values), = value.items()
        if not isinstance(values, list):
            raise OptionError(field, f"{op} takes a list")
        return _AttrTest(name, op, frozenset(norm(v) for v in values), text)
    if isinstance(value, (str, bool)):
        return _AttrTest(name, "==", norm(value), text)
    raise OptionError(field, "give a string, true/false, {IN: [...]} or {NOT_IN: [...]}")


def _straight(value: Any) -> Any:
    return straight(value) if isinstance(value, str) else value


def _both_apostrophes(token: dict) -> dict:
    """``token`` with every word that has an apostrophe also accepted with the other one."""
    out = dict(token)
    for attr in _TEXT_ATTRS:
        value = out.get(attr)
        if isinstance(value, str) and len(spellings(value)) > 1:
            out[attr] = {"IN": spellings(value)}
        elif isinstance(value, dict):
            out[attr] = {
                op: (_spellings(values) if op in ("IN", "NOT_IN") and isinstance(values, list) else values)
                for op, values in value.items()
            }
    return out


def _spellings(values: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        forms = spellings(value) if isinstance(value, str) else [value]
        out.extend(f for f in forms if f not in out)
    return out


#: whether token patterns go through spaCy's schema (off while loading packs whose exact
#: bytes passed it before, see ``commlint.lint.rules``)
_SCHEMA_CHECK: contextvars.ContextVar[bool] = contextvars.ContextVar("commlint_schema_check", default=True)


@contextlib.contextmanager
def known_valid_patterns() -> Iterator[None]:
    """Within this block, token patterns skip spaCy's schema validation (half a second for
    the shipped packs): for packs whose very bytes already passed it. commlint's own checks
    still run."""
    token = _SCHEMA_CHECK.set(False)
    try:
        yield
    finally:
        _SCHEMA_CHECK.reset(token)


def _validate(tokens: list[dict], field: str) -> None:
    for token in tokens:
        unknown = [k for k in token if k in _COMMLINT_KEYS]
        if unknown:
            raise OptionError(field, f"{unknown[0]} cannot be used here")
        for attr in _TEXT_ATTRS:
            value = token.get(attr)
            values = value.get("IN", []) + value.get("NOT_IN", []) if isinstance(value, dict) else [value]
            if any(isinstance(v, bool) for v in values):
                raise OptionError(field, f"{attr} has true/false where a word belongs: quote yes, no, on and off (YAML reads them as true/false)")
    if not _SCHEMA_CHECK.get():
        return
    from spacy.schemas import validate_token_pattern

    errors = validate_token_pattern(tokens)
    if errors:
        raise OptionError(field, "bad token pattern: " + "; ".join(str(e) for e in errors[:3]))


def pattern_needs(patterns: Iterable[TokenPattern]) -> set[str]:
    """The pipeline capabilities these patterns read."""
    needs: set[str] = set()
    for pattern in patterns:
        needs |= pattern.needs
        for token in pattern.tokens:
            for attr in token:
                cap = ATTR_NEEDS.get(str(attr).upper())
                if cap:
                    needs.add(cap)
    return needs
