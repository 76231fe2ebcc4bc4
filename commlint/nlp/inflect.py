"""Inflected forms of lexicon terms, generated once at load, and inflection-keeping rewrites.

Matching "guarantee" against "guaranteed" needs no tagger or lemmatizer at lint time:
every inflected form of a term is generated here (with lemminflect) and matched on token
text. The form also tells which inflection was used, so a rewrite can keep it.
"""
from __future__ import annotations

import itertools
import json
import threading
from pathlib import Path

from commlint.atomic import write_atomic
from commlint.nlp import inflection_index

#: words never inflected inside a multi-word term
_FUNCTION_WORDS = frozenset(
    "a an the of to in on at for by with from and or but not no is are be am was were it its "
    "this that these those you your i we our my me us he she they them his her their up down "
    "out off over again all any each as if so than too very can will just".split()
)
_MAX_VARIANTS = 64
#: nouns a rewrite keeps singular when the matched term was plural ("the card vaults" ->
#: "the secure card storage", not "storages"); "-ing" nouns count as such too, unless listed
#: in _COUNTABLE_ING
UNCOUNTABLE = frozenset(
    "software hardware firmware malware spyware ransomware storage data information equipment access traffic "
    "feedback advice support protection security evidence knowledge research progress luggage baggage "
    "furniture mail spam money cash music news weather health safety privacy coverage usage bandwidth power "
    "electricity water damage downtime uptime prevention recovery help use work fraud income interest postage "
    "insurance tax vat credit debt stock inventory freight cargo transport shipping billing pricing "
    "congestion consistency availability latency ease inactivity".split()
)
_COUNTABLE_ING = frozenset(
    "setting building listing booking meeting warning recording opening filing posting reading rating finding "
    "offering heading ending saving drawing hearing greeting thing string ring wing spring ceiling evening "
    "morning wedding earring".split()
)
FUNCTION_WORDS = _FUNCTION_WORDS


_lock = threading.Lock()
_table: dict[str, dict[str, list[str]]] | None = None
_dirty = False


def _table_path() -> Path:
    from importlib import metadata

    from commlint.paths import cache_root

    return cache_root() / f"inflections-v2-lemminflect-{metadata.version('lemminflect')}.json"


def inflections(word: str) -> dict[str, list[str]]:
    """lemminflect's inflections of ``word`` (lower case) by Penn tag; empty for words it
    does not know as a noun, verb or adjective, and for function words.

    Results are kept in a table in the user cache (see ``save_forms``); words new to it are
    read from ``inflection_index``, so no linting process loads lemminflect's tables (about
    100 MB) unless that index cannot be built."""
    global _table, _dirty
    lower = word.lower()
    with _lock:
        if _table is None:
            try:
                _table = json.loads(_table_path().read_text(encoding="utf-8"))
            except (OSError, ValueError):
                _table = {}
        found = _table.get(lower)
        if found is None:
            found = _table[lower] = _forms_of(lower)
            _dirty = True
    return found


def _forms_of(lower: str) -> dict[str, list[str]]:
    if not lower.isalpha() or lower in _FUNCTION_WORDS:
        return {}
    indexed = inflection_index.lookup(lower)
    return generate_forms(lower) if indexed is None else indexed[0]


def generate_forms(lower: str) -> dict[str, list[str]]:
    """lemminflect's inflections of ``lower`` by Penn tag, lower case (loads lemminflect)."""
    if not lower.isalpha() or lower in _FUNCTION_WORDS:
        return {}
    from lemminflect import getAllInflections

    return {tag: [s.lower() for s in spellings] for tag, spellings in getAllInflections(lower).items()}


#: the table key prefix of a word's verb lemmas that have it as their past form (no word has a colon)
_PARTICIPLE = "participle-of:"


def participle(word: str) -> bool:
    """Is ``word`` the past participle of a verb ("counted", "paid", "left"), as lemminflect
    knows it? Looked up once per word (only rewrites ask, about the words after a noun) and
    kept in the same table, so later runs need not load lemminflect."""
    global _dirty
    lower = word.lower()
    if not lower.isalpha() or lower in _FUNCTION_WORDS:
        return False
    inflections(lower)  # loads the table
    with _lock:
        assert _table is not None
        found = _table.get(_PARTICIPLE + lower)
        if found is None:
            indexed = inflection_index.lookup(lower)
            verbs = participle_of(lower) if indexed is None else indexed[1]
            found = _table[_PARTICIPLE + lower] = {"VBN": verbs}
            _dirty = True
    return bool(found["VBN"])


def participle_of(lower: str) -> list[str]:
    """The verbs ``lower`` is the past form (VBN or VBD) of, as lemminflect knows them (loads it)."""
    from lemminflect import getAllInflections, getAllLemmas

    lemmas = getAllLemmas(lower).get("VERB", ())
    return [lemma for lemma in lemmas if any(
        lower in (s.lower() for s in getAllInflections(lemma, upos="VERB").get(tag, ())) for tag in ("VBN", "VBD"))]


def word_forms(word: str) -> dict[str, str]:
    """Map each inflected form of ``word`` (lower case) to its Penn tag; the word maps to ``""``."""
    lower = word.lower()
    forms = {lower: ""}
    for tag, spellings in inflections(lower).items():
        for spelling in spellings:
            forms.setdefault(spelling, tag)
    return forms


def save_forms() -> None:
    """Write the forms table to the user cache if it grew (atomically; errors ignored)."""
    global _dirty
    with _lock:
        if not _dirty or _table is None:
            return
        path = _table_path()
        try:
            write_atomic(path, json.dumps(_table))
            _dirty = False
        except OSError:
            pass


def phrase_variants(words: list[str], keep_case: bool = False) -> list[tuple[str, ...]]:
    """All inflected variants of a multi-word phrase (each word inflected independently).

    Lower-cased, unless ``keep_case``: then words with capitals or digits ("IP", "SQL")
    stay exactly as written and a capitalised word keeps its capital.
    """
    options = [_options(w, keep_case) for w in words]
    if keep_case and options and options[0][:1] and options[0][0][:1].islower():
        options[0] = options[0] + [o[:1].upper() + o[1:] for o in options[0]]  # at a sentence start
    variants = []
    for combo in itertools.product(*options):
        variants.append(combo)
        if len(variants) >= _MAX_VARIANTS:
            break
    return variants


def _options(word: str, keep_case: bool) -> list[str]:
    if not word.isalpha():
        return [word if keep_case else word.lower()]
    if keep_case and (word.isupper() or not word[1:].islower()):
        return [word]
    forms = list(word_forms(word))
    if keep_case and word[:1].isupper():
        return [form[:1].upper() + form[1:] for form in forms]
    return forms


def inflection_of(base_words: list[str], matched_words: list[str]) -> str:
    """The Penn tag of the first matched word that differs from its base form, or ``""``."""
    for base, seen in zip(base_words, matched_words):
        if base.lower() != seen.lower():
            return word_forms(base).get(seen.lower()) or _guess_tag(seen.lower())
    return ""


def _guess_tag(word: str) -> str:
    """The inflection of a hand-listed variant the inflection tables do not know."""
    for suffix, tag in (("ing", "VBG"), ("ed", "VBD"), ("s", "NNS")):
        if word.endswith(suffix):
            return tag
    return ""


def inflect_replacement(replacement: str, tag: str, head: int | None = None) -> str:
    """Inflect ``replacement`` like the matched text: plural nouns pluralise the head word
    (``head``, by default the last; a word already plural stays), verb forms inflect the
    first word. Unknown cases return the replacement unchanged."""
    if not tag or not replacement:
        return replacement
    words = replacement.split(" ")
    if tag == "NNS":
        index = len(words) - 1 if head is None else head
    elif tag.startswith("VB"):
        index = 0
    else:
        return replacement
    if not words[index].isalpha() or not words[index].islower():
        return replacement
    if tag == "NNS" and (not countable(words[index]) or index and words[index - 1].lower() in ("a", "an")):
        return replacement  # "heavy traffic", "cost a lot"
    table = inflections(words[index])
    inflected = table.get(tag) or (table.get("VBD") if tag == "VBN" else None)  # regular verbs list VBD only
    if inflected:
        words[index] = inflected[0]
    return " ".join(words)


def countable(noun: str) -> bool:
    """Can ``noun`` (lower case, singular) take a plural, as far as commlint knows?"""
    if noun in UNCOUNTABLE:
        return False
    return not noun.endswith("ing") or noun in _COUNTABLE_ING


def replacement_words(replacement: str) -> list[str]:
    """The words of a replacement that ``inflect_replacement`` may inflect or a rewrite may
    look up (for warming the table)."""
    words = replacement.split(" ")
    return list(dict.fromkeys(w.lower() for w in words if w.isalpha()))


def match_case(matched: str, replacement: str, term: str) -> str:
    """Capitalise ``replacement`` like ``matched`` when the capital comes from the writer
    (a lower-case term written Title or UPPER case), never when the term itself has capitals.
    Several words in capitals stay in capitals; one word in capitals ("BTW") is an
    abbreviation, so its expansion only gets a leading capital."""
    if not replacement or any(ch.isupper() for ch in term):
        return replacement
    if matched.isupper() and len(matched.split()) > 1:
        return replacement.upper()
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
