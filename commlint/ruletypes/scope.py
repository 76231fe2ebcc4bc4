"""Where a rule applies: document kinds, channels, audiences and block kinds (as Vale's
``scope``), declared in YAML. The engine runs a rule only on documents it applies to and
hands it only the segments of the block kinds it reads."""
from __future__ import annotations

import dataclasses

from commlint.document.model import (
    AUDIENCES, BLOCK_GROUPS, BLOCK_KINDS, CHANNELS, DOCUMENT_KINDS, MASK_KINDS, WRITER_BLOCKS, Document,
)
from commlint.options import OptionError


@dataclasses.dataclass(frozen=True)
class ScopeSpec:
    """The YAML ``scope`` of a rule; empty lists mean "all"."""

    documents: tuple[str, ...] = ()  #: reply, article, macro
    channels: tuple[str, ...] = ()  #: email, chat, ticket, kb
    audiences: tuple[str, ...] = ()  #: customer, technical (a document with no audience set counts as customer)
    blocks: tuple[str, ...] = ("prose",)  #: block kinds or groups (prose, others, any)
    exclude_blocks: tuple[str, ...] = ()
    in_masks: tuple[str, ...] = ()  #: mask kinds this rule may still report inside (privacy: email_address)
    languages: str = "english"  #: english: skip paragraphs in another language; any: read them too (secrets)


@dataclasses.dataclass(frozen=True)
class Scope:
    """A validated ``ScopeSpec``."""

    documents: frozenset[str]
    channels: frozenset[str]
    audiences: frozenset[str]
    blocks: frozenset[str]
    in_masks: frozenset[str]
    any_language: bool = False  #: reads paragraphs that are not in English too

    @classmethod
    def parse(cls, spec: ScopeSpec | None) -> "Scope":
        spec = spec or ScopeSpec()
        for field, values, known in (
            ("documents", spec.documents, DOCUMENT_KINDS), ("channels", spec.channels, CHANNELS),
            ("audiences", spec.audiences, AUDIENCES), ("in_masks", spec.in_masks, MASK_KINDS),
        ):
            for value in values:
                if value not in known:
                    raise OptionError(f"scope.{field}", f"{value!r} is not one of {', '.join(known)}")
        if spec.languages not in ("english", "any"):
            raise OptionError("scope.languages", f"{spec.languages!r} is not one of english, any")
        return cls(
            documents=frozenset(spec.documents), channels=frozenset(spec.channels), audiences=frozenset(spec.audiences),
            blocks=_blocks(spec.blocks, "scope.blocks") - _blocks(spec.exclude_blocks, "scope.exclude_blocks"),
            in_masks=frozenset(spec.in_masks), any_language=spec.languages == "any",
        )

    def applies(self, document: Document) -> bool:
        """Does the rule run on ``document`` at all?"""
        return (
            (not self.documents or document.kind in self.documents)
            and (not self.channels or document.channel in self.channels)
            and (not self.audiences or (document.audience or "customer") in self.audiences)
        )


DEFAULT_SCOPE = Scope(frozenset(), frozenset(), frozenset(), WRITER_BLOCKS, frozenset())


def _blocks(names: tuple[str, ...], field: str) -> frozenset[str]:
    out: set[str] = set()
    for name in names:
        if name in BLOCK_GROUPS:
            out |= BLOCK_GROUPS[name]
        elif name in BLOCK_KINDS:
            out.add(name)
        else:
            raise OptionError(field, f"{name!r} is not a block kind or group ({', '.join([*BLOCK_GROUPS, *BLOCK_KINDS])})")
    return frozenset(out)
