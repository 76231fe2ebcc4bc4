"""The resolved configuration: one frozen, hashable ``Config`` per linted file."""
from __future__ import annotations

import dataclasses

from commlint.config.arguments import checked
from commlint.document.model import AUDIENCES, CHANNELS, DOCUMENT_KINDS
from commlint.findings import Severity
from commlint.nlp.pipeline import DEFAULT_MODEL
from commlint.sources import READERS

#: config file names looked for in each folder, in this order (then ``pyproject.toml``)
CONFIG_NAMES = ("commlint.yaml", ".commlint.yaml", ".commlint.yml")
PYPROJECT = "pyproject.toml"
FAIL_ON = ("error", "warning", "info", "never")
PLATFORMS = ("zendesk", "freshdesk")
#: grammar engines (``off``: no grammar findings); see docs/grammar.md
GRAMMAR_ENGINES = ("auto", "harper", "languagetool", "off")


@dataclasses.dataclass(frozen=True)
class Config:
    """Everything that decides what a run reports. Paths are absolute."""

    model: str = DEFAULT_MODEL  #: any installed spaCy pipeline
    select: tuple[str, ...] = ()  #: rule ids, name prefixes or categories; empty: all enabled rules
    ignore: tuple[str, ...] = ()
    fail_on: str = "warning"
    include: tuple[str, ...] = ()  #: globs for files found in folders; empty: every format a reader knows
    exclude: tuple[str, ...] = ()
    packs: tuple[str, ...] = ()  #: extra rule-pack folders or files
    lexicons: tuple[str, ...] = ()  #: extra lexicon folders
    default_packs: bool = True  #: load the packs that ship with commlint
    # what the linted documents are (readers set them where the source says; these override)
    kind: str | None = None  #: reply | article | macro
    channel: str | None = None  #: email | chat | ticket | kb
    audience: str | None = None  #: customer | technical (a KB for administrators may use more terms)
    platform: str | None = None  #: zendesk | freshdesk: whose placeholder fields are known
    input_format: str | None = None  #: force one reader (see commlint.sources.READERS)
    # per-rule adjustments
    severity: tuple[tuple[str, str], ...] = ()  #: (rule selector, error|warning|info)
    thresholds: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = ()  #: (rule selector, ((option, value), ...))
    allow_terms: tuple[str, ...] = ()  #: product names, UI labels, the team's own words: never flagged
    extra_terms: tuple[tuple[str, str], ...] = ()  #: (term, plain alternative) the team wants flagged as jargon
    max_file_size: int = 10_000_000  #: bytes; larger inputs are refused with one line (memory stays bounded)
    # grammar and spelling (docs/grammar.md)
    #: auto (LanguageTool when installed and Java is on PATH, else Harper) | harper (in process)
    #: | languagetool (a local or configured server) | off
    grammar: str = "auto"
    grammar_url: str | None = None  #: the user's own LanguageTool server; None: a local one commlint runs
    grammar_idle: int | None = None  #: seconds the local LanguageTool server may sit idle (None: COMMLINT_LT_IDLE, else 1800)
    #: the document kinds grammar reads: replies and macros by default, where every slip is
    #: sent to a customer; add ``article`` for a KB (slower, and product names need allow_terms)
    grammar_documents: tuple[str, ...] = ("reply", "macro")
    require_grammar: bool = False  #: exit 2 when the grammar engine cannot run (default: say so, lint the rest)
    # the score per message (docs/score.md)
    score_weights: tuple[tuple[str, float], ...] = ()  #: (area, its share of the 100 points) over the defaults
    score_points: tuple[tuple[str, float], ...] = ()  #: (error|warning|info|tone_model, points) over the defaults
    min_score: int | None = None  #: exit 1 when a message scores below this (0-100)

    def __post_init__(self) -> None:
        """Check values given from Python: a string is one value (selectors: a comma list,
        as with --select), lists become tuples and mappings pairs; a wrong type is a
        TypeError and an unknown choice a ValueError, naming ``Config(field=...)``."""
        for name, value in checked(self, _CHOICES).items():
            object.__setattr__(self, name, value)

    def fail_threshold(self) -> Severity | None:
        return None if self.fail_on == "never" else Severity.parse(self.fail_on)

    def __hash__(self) -> int:
        """The hash of every field, as the dataclass's own, worked out once: a run asks for
        it several times per file (which Linter, which cache entry, which recent result)."""
        found = self.__dict__.get("_hash")
        if found is None:
            found = hash(tuple(getattr(self, f.name) for f in dataclasses.fields(self)))
            object.__setattr__(self, "_hash", found)
        return found

    def __getstate__(self) -> dict:
        """The fields only: a string's hash differs from process to process."""
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}


#: the fields that hold one of a few values: (the values, may it be None)
_CHOICES: dict[str, tuple[tuple[str, ...], bool]] = {
    "fail_on": (FAIL_ON, False), "kind": (DOCUMENT_KINDS, True), "channel": (CHANNELS, True),
    "audience": (AUDIENCES, True), "platform": (PLATFORMS, True), "input_format": (tuple(READERS), True),
    "grammar": (GRAMMAR_ENGINES, False), "grammar_documents": (DOCUMENT_KINDS, False),
}
