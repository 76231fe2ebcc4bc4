"""Load and validate lexicons (``jargon_lexicon/*.yaml``): term lists with plain alternatives."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from commlint.errors import PackError
from commlint.options import OptionError, parse_options
from commlint.yamlio import read_yaml


@dataclasses.dataclass(frozen=True)
class Term:
    """One term to find, with what to say instead."""

    term: str
    plain: str = ""
    explain: str = ""
    variants: tuple[str, ...] = ()
    case_sensitive: bool = False
    exact: bool = False


@dataclasses.dataclass(frozen=True)
class _LexiconFile:
    lexicon: str
    description: str
    terms: tuple[dict, ...]


@dataclasses.dataclass(frozen=True)
class Lexicon:
    name: str
    description: str
    terms: tuple[Term, ...]
    path: str


def load_lexicon(path: Path, label: str) -> Lexicon:
    """Read one lexicon file; ``label`` is how errors name it."""
    data = read_yaml(path, label)
    try:
        head = parse_options(_LexiconFile, data)
    except OptionError as exc:
        raise PackError.at(label, exc.problem, field=exc.field) from None
    if head.lexicon != path.stem:
        raise PackError.at(label, f"lexicon name {head.lexicon!r} must equal the file name {path.stem!r}", field="lexicon")
    terms = []
    seen: set[str] = set()
    for index, raw in enumerate(head.terms):
        try:
            term = parse_options(Term, raw, f"terms[{index}].")
        except OptionError as exc:
            raise PackError.at(label, exc.problem, field=exc.field) from None
        key = term.term if term.case_sensitive else term.term.lower()
        if not term.term.strip():
            raise PackError.at(label, "term is empty", field=f"terms[{index}].term")
        if key in seen:
            raise PackError.at(label, f"term {term.term!r} is listed twice", field=f"terms[{index}].term")
        seen.add(key)
        terms.append(term)
    return Lexicon(head.lexicon, head.description, tuple(terms), label)
