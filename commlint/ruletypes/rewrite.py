"""Fit a lexicon rewrite into the sentence it replaces words of.

A term's plain alternative is written once, in its base form. ``fit`` puts it where the
term stood: in the term's inflection (told by the matched form and the words around it),
capitalised at the start of a sentence (and only there, unless the writer shouts), with
an article before it that agrees ("an SLA" -> "a service agreement"), no article doubled
("the DNS" -> "the internet's address book", not "the the ..."), a following "is"/"are"
that agrees with it, and no doubled word or broken spacing at the joins. It may therefore
take in the article before the match or the verb after it: ``Fitted`` says how much.
"""
from __future__ import annotations

import dataclasses
import re

from commlint.nlp import inflect

#: articles and possessives that open a noun phrase
_ARTICLES = frozenset({"a", "an", "the"})
_DETERMINERS = _ARTICLES | frozenset(
    "your our my their his her its this that these those any each every some no another".split()
)
#: words that open a clause standing as a noun ("how often you are billed")
_CLAUSE = frozenset("how when where what why who whether which".split())
#: words after which a past form is the participle ("have backported" -> "have copied")
_PARTICIPLE_AFTER = frozenset("have has had having 've 'd be been being is are was were am get got gets getting".split())
#: words after which an "-s" form is a verb ("it caches"), not a plural ("the caches")
_SUBJECTS = frozenset("it he she who which that this everyone someone nobody anyone one".split())
#: words that end the head noun of a replacement ("lost data on the connection")
_AFTER_HEAD = frozenset(
    "of on in for to with without from at by about into across between through under over per via while when "
    "where after before during inside outside like that which who whose kept being we you they i it he she".split()
)
#: verbs that agree with their subject: singular <-> plural
_AGREE = {"is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't", "wasn't": "weren't",
          "hasn't": "haven't", "doesn't": "don't"}
_AGREE_BACK = {plural: singular for singular, plural in _AGREE.items()}
#: number words that make the noun after them plural ("three times a day")
_NUMBERS = frozenset("two three four five six seven eight nine ten eleven twelve twenty hundred".split())
_PRONOUNS = frozenset("that it there here what who he she let where how".split())
_I_WORDS = frozenset({"I", "I'm", "I've", "I'll", "I'd", "I\u2019m", "I\u2019ve", "I\u2019ll", "I\u2019d"})
_WORD_BEFORE = re.compile(r"(\S+)( )$")
_WORD_AFTER = re.compile(r"^( )([A-Za-z'\u2019]+)")
_SENTENCE_END = ".!?:\u2026"
_OPENERS = "\"'(\u201c\u2018[*_"
#: letters whose spoken name starts with a vowel sound (an FAQ, an SLA, an HR form)
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
#: words spelled with a vowel that start with a consonant sound, and the reverse
_CONSONANT_SOUND = re.compile(r"^(?:uni(?!nst|nt|mp|nh|nf|nv|nd|nl|ns)|use|usu|uti|eu|ewe|one|once|ur[aeiou]|u[bcfgklmprstv][aeiou])", re.I)
_VOWEL_SOUND = re.compile(r"^(?:hour|honest|honou?r|heir)", re.I)


@dataclasses.dataclass(frozen=True)
class Fitted:
    """The rewrite: ``text`` replaces the match plus the last ``before`` characters of the
    text before it and the first ``after`` characters of the text after it."""

    text: str
    before: int = 0
    after: int = 0
    #: False when the sentence needs more than this rewrite: the words around it (an
    #: article, a verb) had to change too, and the rewrite could not reach them
    whole: bool = True


def fit(
    replacement: str, matched: str, before: str, after: str, tag: str = "", term: str = "", extend: bool = True
) -> Fitted:
    """``replacement`` fitted in place of ``matched``, between ``before`` and ``after`` (the
    text of the sentence around it); ``tag`` is the Penn tag of the matched inflection
    ("VBD", "NNS", ... or "" for the base form) and ``term`` the lexicon term. Without
    ``extend`` the rewrite replaces the match alone (the words around stay as they are)."""
    words = replacement.split()
    cut_before = cut_after = 0
    given, tag = tag, _context_tag(_noun_tag(tag, matched, term), before)
    if words and tag:
        words = inflect.inflect_replacement(" ".join(words), tag, head=_head_index(words)).split(" ")
    if words:
        words = _relative_agrees(words)
        words = _cased(words, matched, before, after, term, _starts_sentence(before))
    prev = _WORD_BEFORE.search(before)
    prev_word = prev.group(1) if prev else ""
    lower_prev = prev_word.lower()
    # -- determiners at the join
    if not extend:
        pass
    elif words and lower_prev in _ARTICLES and _takes_no_article(words, lower_prev):
        cut_before = len(prev_word) + 1
        if prev_word[:1].isupper() and words[0][:1].islower():
            words[0] = words[0][:1].upper() + words[0][1:]
    elif words and lower_prev in ("a", "an") and _superlative(words[0]):
        cut_before = len(prev_word) + 1  # "a lowest price" -> "the lowest price"
        words.insert(0, "The" if prev_word[:1].isupper() else "the")
    elif words and lower_prev in ("a", "an"):
        wanted = article_for(words[0])
        if wanted != lower_prev:
            cut_before = len(prev_word) + 1
            words.insert(0, wanted.capitalize() if prev_word[:1].isupper() else wanted)
    elif words and lower_prev in _DETERMINERS and len(words) > 1 and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if len(words) > 1 and words[0].lower() in ("a", "an"):
        words[0] = _same_case(words[0], article_for(words[1]))
    # -- doubled words at the joins
    if words and prev_word and not cut_before and words[0].lower() == lower_prev:
        words = words[1:]
    following = _WORD_AFTER.search(after)
    if words and following and words[-1].lower() == following.group(2).lower():
        words = words[:-1]
    # -- a verb that agrees with the new subject
    if words and following and extend:
        verb = following.group(2)
        determined = lower_prev in _DETERMINERS and not cut_before  # "the billing dates": a modifier
        now_plural = _plural(words[_head_index(words)]) and (determined or not _gerund(words[0]))
        was_plural = tag == "NNS" or _plural(matched.split()[-1] if matched.split() else "")
        swap = (_AGREE if now_plural else _AGREE_BACK).get(verb.lower()) if now_plural != was_plural else None
        if swap and (not prev_word or lower_prev in _DETERMINERS or _starts_sentence(before)):
            cut_after = len(following.group(0))
            words.append(_same_case(verb, swap))
    text = " ".join(words)
    # -- spacing: an empty rewrite takes one space with it
    if not text:
        if after.startswith(" ") and (not before or before.endswith(" ")) and extend:
            cut_after = max(cut_after, 1)
        elif before.endswith(" ") and cut_before == 0 and extend:
            cut_before = 1
    if not extend:
        full = fit(replacement, matched, before, after, given, term)
        wanted = before[: len(before) - full.before] + full.text + after[full.after :]
        return Fitted(text, whole=wanted == before + text + after)
    return Fitted(text, cut_before, cut_after)


def kept_tail(matched: str, replacement: str) -> int:
    """How many punctuation characters end both ``matched`` and ``replacement`` ("u." and
    "you."): they stay as they are, so the finding and its fix stop before them (the "."
    after a link whose text is "u" is not part of the link)."""
    count = 0
    while (
        count < len(matched) - 1 and count < len(replacement)
        and matched[-1 - count] == replacement[-1 - count] and not matched[-1 - count].isalnum()
        and not matched[-1 - count].isspace()
    ):
        count += 1
    words_left = any(c.isalnum() for c in matched[: len(matched) - count]) and any(
        c.isalnum() for c in replacement[: len(replacement) - count])
    return count if words_left else 0


def article_for(word: str) -> str:
    """"a" or "an" before ``word``, by its sound ("an hour", "a user", "an SLA")."""
    bare = word.lstrip(_OPENERS)
    if not bare:
        return "a"
    letters = re.match(r"[A-Za-z]+", bare)
    head = letters.group(0) if letters else bare
    if head.isupper() and len(head) > 1 and not _pronounceable(head):
        return "an" if head[0] in _VOWEL_LETTERS else "a"
    if len(head) == 1 and head.isupper():
        return "an" if head in _VOWEL_LETTERS else "a"
    if bare[:1].isdigit():
        return "an" if re.match(r"(?:8|11|18)(?!\d)|8\d", bare) else "a"
    if _VOWEL_SOUND.match(head):
        return "an"
    if _CONSONANT_SOUND.match(head):
        return "a"
    return "an" if head[:1].lower() in "aeiou" else "a"


def _pronounceable(upper: str) -> bool:
    """Is an upper-case word said as a word ("NATO", "SIM", "PIN") rather than spelled
    out ("SLA", "HTML")?"""
    if len(upper) == 3:
        return bool(re.fullmatch(r"[^AEIOU][AEIOU][^AEIOUHWY]", upper))
    return len(upper) >= 4 and bool(re.fullmatch(r"[^AEIOU]?[AEIOU][^AEIOU]{1,2}[AEIOU]?[^AEIOU]?", upper))


def _context_tag(tag: str, before: str) -> str:
    """The matched form's tag, settled by the word before it: "have rebooted" is a
    participle, "it caches" a verb, "the caches" a plural."""
    prev = _WORD_BEFORE.search(before)
    word = prev.group(1).lower() if prev else ""
    if tag in ("VBD", "VBN"):
        return "VBN" if word in _PARTICIPLE_AFTER else "VBD"
    if tag in ("NNS", "VBZ"):
        if word in _SUBJECTS:
            return "VBZ"
        if word in _DETERMINERS or word.isdigit():
            return "NNS"
    return tag


def _noun_tag(tag: str, matched: str, term: str) -> str:
    """The matched form's tag, with a plural head noun told from the term when the match
    gives none: a hand-listed variant ("SQL queries" of "SQL query") is plural too. A
    proper plural ("NNPS") counts as a plural. A match written as the term itself is in
    the form the plain alternative was written for, whatever the tagger says of it
    ("cross-docking" read as a plural must not make "moving goods straights")."""
    if term and matched.lower() == term.lower():
        return ""
    if tag == "NNPS":
        return "NNS"
    if tag or not term:
        return tag
    if "-" in matched and "-" not in term:
        joined = inflect.inflection_of(term.split(), matched.replace("-", "").split())
        if joined:
            return joined  # "re-sent again" of "resend again": the tokens split at the hyphen
    seen, base = matched.split(), term.split()
    if len(seen) != len(base) or seen[-1].lower() == base[-1].lower() or not base[-1].isalpha():
        return ""
    word, stem = seen[-1].lower(), base[-1].lower()
    forms = inflect.word_forms(stem)
    if len(forms) > 1:
        return "NNS" if forms.get(word) == "NNS" else ""
    regular = (stem + "s", stem + "es", stem[:-1] + "ies" if stem.endswith("y") else "")  # a word the tables do not know
    return "NNS" if word in regular else ""


def _head_index(words: list[str]) -> int:
    """The position of the head noun of a replacement: the last word before a
    preposition or relative word ("lost data on the connection" -> "data"), or before a
    word that cannot go on a plural or uncountable noun as a noun does ("bags counted by
    number", "players online at once", "water lost from the network")."""
    for index in range(1, len(words)):
        if words[index].lower() in _AFTER_HEAD or _post_modifier(words[index], words[index - 1]):
            return index - 1
    return len(words) - 1


def _post_modifier(word: str, prev: str) -> bool:
    """Does ``word`` open a modifier after the noun ``prev`` (a participle, an adverb, an
    adjective or a function word after a plural or uncountable noun), rather than go on
    the noun phrase?"""
    lower, before = word.lower(), prev.lower()
    if not lower.isalpha() or lower in _DETERMINERS or _plural(word) or not (_plural(prev) or before in inflect.UNCOUNTABLE):
        return False
    if lower in inflect.FUNCTION_WORDS:
        return True  # "bookings so far"
    table = inflect.inflections(lower)
    if "NN" in table and not _plural(prev):
        return False  # a noun goes on a compound after an uncountable noun: "stock level", "data set"
    return "NN" not in table and ("JJ" in table or "RB" in table) or inflect.participle(lower)


def _superlative(word: str) -> bool:
    """Is ``word`` a superlative adjective ("lowest", "earliest", "biggest"), which takes "the"?"""
    lower = word.lower()
    if not lower.endswith("est") or not lower.isalpha():
        return False
    stems = (lower[:-3], lower[:-2], lower[:-4], lower[:-4] + "y")  # "low", "late", "big", "early"
    return any(stem and lower in inflect.inflections(stem).get("JJS", ()) for stem in stems)


def _relative_agrees(words: list[str]) -> list[str]:
    """A relative clause after a plural head takes a plural verb ("layouts that fit", not
    "layouts that fits")."""
    head = _head_index(words)
    if head + 2 >= len(words) or words[head + 1].lower() not in ("that", "who", "which") or not _plural(words[head]):
        return words
    verb = words[head + 2]
    lower = verb.lower()
    for stem in (lower[:-1], lower[:-2], lower[:-3] + "y" if lower.endswith("ies") else ""):
        table = inflect.inflections(stem) if stem else {}
        if lower in table.get("VBZ", ()) and table.get("VB"):
            return words[: head + 2] + [_same_case(verb, table["VB"][0])] + words[head + 3 :]
    return words


def _plural(word: str) -> bool:
    """Does ``word`` look like a plural noun ("lookups", "fees"), by the inflection tables?"""
    bare = word.strip(".,;:!?")
    if bare[:-1].isupper() and len(bare) > 2:
        return bare.endswith("s")  # "BEOs", not "BIOS"
    lower = bare.lower()
    if not lower.endswith("s") or not lower.isalpha() or lower in inflect.FUNCTION_WORDS or lower in _AGREE:
        return False  # not "as", "is", "has"
    ves = (lower[:-3] + "f", lower[:-3] + "fe") if lower.endswith("ves") else ()  # "shelves", "knives"
    for stem in (lower[:-1], lower[:-2], lower[:-3] + "y" if lower.endswith("ies") else "", *ves):
        if stem and lower in inflect.inflections(stem).get("NNS", ()) and lower != stem:
            return True
    # a noun the tables do not know ("apps"): plural by its spelling, unless it has inner capitals ("DevOps")
    return bare[1:] == bare[1:].lower() and not inflect.inflections(lower) and not inflect.inflections(lower[:-1]) and not lower.endswith(("ss", "us", "is"))


def _gerund(word: str) -> bool:
    """Does a phrase open with a gerund ("guessing passwords ...": one activity, singular)?"""
    lower = word.lower()
    return lower.endswith("ing") and lower in {f for forms in inflect.inflections(lower[:-3]).values() for f in forms} | {
        f for forms in inflect.inflections(lower[:-3] + "e").values() for f in forms}


def _takes_no_article(words: list[str], article: str) -> bool:
    """Would an article before these words be wrong? Yes when they open with their own
    determiner, a clause ("how the money moves"), a possessive name ("Apple's"), a gerund
    with an object ("moving the database"), or (for "a"/"an") a plural head."""
    first = words[0].lower()
    if first in _DETERMINERS or first in _CLAUSE:
        return True
    possessive = re.fullmatch(r"([A-Z][\w-]*)['\u2019]s", words[0])
    if possessive and possessive.group(1).lower() not in _PRONOUNS:
        return True  # "Apple's security check"
    if first.endswith("ing") and len(words) > 1 and (words[1].lower() in _DETERMINERS or words[1].lower() in ("it", "them", "you")):
        return True
    head = words[_head_index(words)].lower()
    if article != "the" and (first in _NUMBERS or first.isdigit() and first != "1") and len(words) > 1 and _plural(words[1]):
        return True  # "three times a day", but "a two step check"
    if article != "the" and first.endswith("ing") and not inflect.countable(first) and not (
            len(words) > 1 and ("NN" in inflect.inflections(words[1]) or _plural(words[1]))):
        return True  # "a shipping paid by the receiver", but "a billing date"
    if article != "the" and (_plural(head) or (head.isalpha() and not inflect.countable(head)) or first.endswith("ing") and len(words) > 1 and words[1].lower() in ("to", "up", "down", "out", "off")):
        return True
    return False


def _starts_sentence(before: str) -> bool:
    """Does a sentence start right after ``before`` (a segment's text up to the match)?"""
    stripped = before.rstrip().rstrip(_OPENERS)
    return not stripped or stripped[-1] in _SENTENCE_END


def _cased(words: list[str], matched: str, before: str, after: str, term: str, start: bool) -> list[str]:
    words = list(words)
    shouting = matched.isupper() and not term.isupper() and sum(c.isalpha() for c in matched) > 1 and (
        len(matched.split()) > 1 or _neighbour_upper(before, after)
    )
    if shouting:
        return [w.upper() for w in words]
    first = words[0]
    if start:
        if first[:1].islower() and first[1:] == first[1:].lower():  # "eSIM", "iPhone" keep theirs
            words[0] = first[:1].upper() + first[1:]
        return words
    if _sentence_case_only(words, term):
        words[0] = first[:1].lower() + first[1:]
    elif matched[:1].isupper() and not any(c.isupper() for c in term) and first[:1].islower():
        words[0] = first[:1].upper() + first[1:]  # the writer capitalised the term mid-sentence
    return words


def _sentence_case_only(words: list[str], term: str) -> bool:
    """Is the replacement's capital only the capital of a sentence start ("By the way" for
    "BTW")? Then it goes mid-sentence. Names ("Apple's", "Wi-Fi", "General Data
    Protection Regulation") and "I" keep theirs."""
    first = words[0]
    if first in _I_WORDS or not term[:1].isupper() or not (first[:1].isupper() and first[1:].islower()):
        return False
    stem = re.sub(r"['\u2019](?:s|re|ll|ve|d|m|t)$", "", first)
    if not stem.isalpha() or any(w[:1].isupper() for w in words[1:]):
        return False
    if re.search(r"['\u2019]s$", first) and stem.lower() not in _PRONOUNS:
        return False  # a possessive name: "Google's hosting service"
    if first in term.split():
        return False  # a name the term has too: "Outlook account settings" for "Outlook profile"
    lower = stem.lower()
    return bool(inflect.inflections(lower)) or lower in inflect.FUNCTION_WORDS


def _neighbour_upper(before: str, after: str) -> bool:
    """Is a word next to the match in capitals too (a shouted sentence)?"""
    left = re.findall(r"[A-Za-z]{2,}", before[-40:])
    right = re.findall(r"[A-Za-z]{2,}", after[:40])
    near = left[-1:] + right[:1]
    return bool(near) and all(w.isupper() for w in near)


def _same_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
