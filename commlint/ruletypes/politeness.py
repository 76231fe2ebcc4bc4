"""A message-level politeness model: feature extraction and a pure-Python scorer.

Features follow the politeness strategies of Danescu-Niculescu-Mizil et al. (2013) with
word lists of our own (gratitude, apology, hedges, "please" first or inside, greetings,
direct and "why" questions, second-person openings, factuality, negative words, ...), plus
word unigrams and bigrams (a sentence's first word also as ``^ word``), and a per-word
scalar (a linear model on pretrained word embeddings, collapsed at training time) averaged
over the message's words. Beyond the paper's
strategies it reads signs of exasperation and challenge that rated requests share: negated
questions ("don't you"), "why" asked of the reader, obligations put on the reader, minimizers
("just"), repetition ("again"), disbelief ("really?"), tag questions, scare quotes, and the
message's shape (several questions, very short or long). The training script
(``training/train_tone_model.py``) imports ``extract`` from here, so training and run time
read a text the same way; the weights ship as JSON and are applied without scikit-learn.
"""
from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[?!]")
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)|\n")
_APOSTROPHE = str.maketrans({"’": "'"})

Span = tuple[int, int]

_GRATITUDE = {"thank", "thanks", "thankful", "thx", "ty", "appreciate", "appreciated", "grateful", "cheers"}
_APOLOGY = {"sorry", "apologize", "apologise", "apologies", "apology", "apologizing", "oops", "regret"}
_APOLOGY_PAIRS = {("excuse", "me"), ("forgive", "me"), ("my", "bad"), ("pardon", "me")}
_PLEASE = {"please", "pls", "plz", "kindly"}
_GREETING = {"hi", "hello", "hey", "dear", "greetings", "howdy", "hiya", "morning", "afternoon", "evening"}
_HEDGES = {
    "perhaps", "maybe", "possibly", "probably", "might", "seem", "seems", "seemed", "suggest", "suggests",
    "suggestion", "guess", "wonder", "wondering", "wondered", "think", "thought", "somewhat", "apparently",
    "presumably", "assume", "assuming", "likely", "unsure", "hopefully", "roughly", "fairly", "tend",
}
_HEDGE_PAIRS = {("kind", "of"), ("sort", "of"), ("not", "sure"), ("i", "believe"), ("i", "feel")}
_FACTUAL = {"actually", "obviously", "clearly", "honestly", "literally", "seriously", "surely", "evidently"}
_FACTUAL_PAIRS = {("in", "fact"), ("of", "course"), ("the", "point"), ("the", "fact"), ("the", "truth"),
                  ("the", "reality")}
_WH = {"what", "where", "when", "who", "whom", "which", "how", "whose"}
_CHALLENGE_START = {
    "don't", "didn't", "doesn't", "can't", "couldn't", "won't", "wouldn't", "isn't", "aren't", "wasn't",
    "weren't", "haven't", "hasn't", "shouldn't", "do", "did", "are", "is", "have", "has",
}
_DIRECT_START = {"so", "then", "and", "but", "or", "now", "well"}
_SECOND = {"you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'll", "you'd", "u", "ur"}
_FIRST = {"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"}
_FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'll", "we'd", "let's"}
_DEFERENCE = {
    "great", "good", "nice", "interesting", "cool", "excellent", "awesome", "wonderful", "fantastic",
    "brilliant", "impressive", "lovely", "neat",
}
_INDIRECT_MODAL = {("could", "you"), ("would", "you"), ("could", "we"), ("would", "it"), ("could", "it"),
                   ("would", "anyone"), ("could", "anyone"), ("might", "you")}
_DIRECT_MODAL = {("can", "you"), ("will", "you"), ("can", "u"), ("will", "u"), ("can't", "you"),
                 ("won't", "you")}
_BY_THE_WAY = {"btw", "incidentally", "anyway", "anyways"}
_IMPERATIVE = {
    "stop", "read", "look", "check", "see", "go", "do", "don't", "try", "use", "tell", "give", "fix",
    "explain", "show", "make", "take", "learn", "keep", "quit", "answer", "get", "leave", "remove", "put",
}
_POSITIVE = {
    "glad", "happy", "helpful", "love", "pleasure", "welcome", "kind", "enjoy", "enjoyed", "hope", "fine",
    "perfect", "amazing", "useful", "beautiful", "best", "super", "sweet",
}
_NEGATIVE = {
    "wrong", "bad", "stupid", "useless", "terrible", "awful", "nonsense", "ridiculous", "annoying", "silly",
    "idiot", "idiots", "idiotic", "lazy", "incompetent", "worst", "horrible", "pointless", "waste", "rude",
    "garbage", "crap", "damn", "hell", "dumb", "absurd", "ignorant", "pathetic", "lame", "mess", "junk",
    "sucks", "hate", "fault", "blame", "bother", "bothered", "bullshit", "wtf", "moron", "nuts", "crazy",
    "insane", "joke", "lie", "lies", "lying", "false", "bogus", "fail",
    "failed", "unacceptable", "disappointed", "frustrating", "confusing", "shame", "shameful",
}

_NEGATED_AUX = {
    "don't", "didn't", "doesn't", "can't", "couldn't", "won't", "wouldn't", "isn't", "aren't", "wasn't",
    "weren't", "haven't", "hasn't", "shouldn't",
}
_OBLIGATION = {("you", "should"), ("you", "must"), ("you", "need"), ("you", "have"), ("you", "ought"),
               ("you'd", "better"), ("you", "shouldn't"), ("you", "mustn't")}
_MINIMIZER = {"just", "simply", "merely", "only", "even"}
_REPETITION = {"again", "already", "still", "anymore", "repeatedly", "twice", "keep", "keeps"}
_INCREDULITY = {"really", "seriously", "srsly", "honestly", "wow", "huh", "duh", "ugh", "wtf", "meh", "lol", "hmm"}
_TAG_ENDS = {("right", "?"), ("ok", "?"), ("okay", "?"), ("yes", "?"), ("no", "?"), ("eh", "?"), ("huh", "?")}
_HELPFUL = {("let", "me"), ("feel", "free"), ("happy", "to"), ("glad", "to"), ("if", "possible"),
            ("would", "appreciate"), ("would", "like"), ("i'd", "like"), ("i'd", "appreciate"),
            ("in", "advance"), ("no", "rush"), ("no", "worries")}
_TAG_SUBJECTS = {"it", "you", "they", "we", "i", "he", "she", "that", "there"}
_EMOTICON = re.compile(r"(?<!\w)[:;=]-?[)D(Pp]|\^_\^")
_QUOTED = re.compile(r"[\"“][^\"“”]{2,80}[\"”]")

#: function words that count in the score but say nothing as a driver on their own
_QUIET = {
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "as", "by", "from", "is", "are",
    "was", "be", "it", "its", "it's", "this", "that", "there", "these", "those", "i", "me", "my", "we", "our",
    "us", "your", "so", "if", "then", "not", "no", "do", "does", "have", "has", "can", "will", "would", "up",
}

#: features of the whole message: they count in the score but point at no words
WHOLE_MESSAGE = frozenset({"s:no_question", "s:questions_2", "s:short", "s:long"})

#: a short reading of each strategy feature, for messages about the drivers
STRATEGIES: dict[str, str] = {
    "gratitude": "thanks", "apology": "an apology", "please_start": "“please” first",
    "please": "“please”", "greeting": "a greeting", "hedge": "a hedge", "factuality": "insisting on facts",
    "direct_question": "a direct question", "why_question": "a “why” question",
    "challenge_question": "a negative or challenging question", "direct_start": "an abrupt opening",
    "second_person_start": "a sentence opening with “you”", "second_person": "“you”",
    "first_person_start": "a sentence opening with “I”", "first_person": "“I”", "first_person_plural": "“we”",
    "deference": "praise first", "indirect_modal": "“could you / would you”",
    "direct_modal": "“can you / will you”", "by_the_way": "“by the way”",
    "imperative_start": "a bare command", "positive": "a warm word", "negative": "a negative word",
    "exclamation": "an exclamation mark", "repeated_punctuation": "piled-up punctuation",
    "shouting": "words in capitals", "no_question": "a request with no question",
    "negated_question": "a “don't you / isn't it” question", "why_you": "“why” asked of the reader",
    "obligation": "“you should / you need to”", "minimizer": "“just / simply”", "repetition": "“again / already”",
    "incredulity": "disbelief (“really”, “seriously”)", "tag_question": "a tag question (“right?”)",
    "you_negative": "a negative word about the reader", "helpful": "an offer or a soft request",
    "emoticon": "a smiley", "quoted": "the reader's words in quotes", "ellipsis": "a trailing “...”",
    "questions_2": "several questions", "short": "a very short message", "long": "a long message",
}


@dataclasses.dataclass(frozen=True)
class Features:
    """The features of one text: name -> value, where each was first seen (text offsets),
    and every word in order (normalized) with its offsets."""

    values: dict[str, float]
    evidence: dict[str, Span]
    words: tuple[str, ...] = ()
    word_spans: tuple[Span, ...] = ()


def normalize(word: str) -> str:
    return word.lower().translate(_APOSTROPHE)


def sentence_spans(text: str) -> list[Span]:
    """Sentences of ``text`` by end punctuation and line breaks, as offsets without outer white space."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        _add_span(text, start, match.end(), spans)
        start = match.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[Span]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))


def extract(text: str) -> Features:
    """Binary politeness features of ``text``: strategies as ``s:name``, n-grams as ``w:words``."""
    values: dict[str, float] = {}
    evidence: dict[str, Span] = {}

    def mark(name: str, span: Span) -> None:
        if name not in values:
            values[name] = 1.0
            evidence[name] = span

    questions = 0
    all_words: list[str] = []
    all_spans: list[Span] = []
    for start, end in sentence_spans(text):
        matches = list(_WORD.finditer(text, start, end))
        if not matches:
            continue
        words = [normalize(m.group()) for m in matches]
        spans = [m.span() for m in matches]
        all_words += words
        all_spans += spans
        if "?" in words:
            questions += 1
        _strategies(text, words, spans, mark)
        previous = "^"
        previous_span = spans[0]
        for word, span in zip(words, spans):
            mark("w:" + word, span)
            mark(f"w:{previous} {word}", (previous_span[0], span[1]))
            previous, previous_span = word, span
    if values:
        first = next(iter(evidence.values()))
        if not questions:
            mark("s:no_question", first)
        if questions >= 2:
            mark("s:questions_2", first)
        total = sum(1 for _ in _WORD.finditer(text))
        if total <= 10:
            mark("s:short", first)
        elif total >= 40:
            mark("s:long", first)
        for name, pattern in (("s:emoticon", _EMOTICON), ("s:quoted", _QUOTED)):
            found = pattern.search(text)
            if found:
                mark(name, found.span())
        dots = text.find("...")
        if dots >= 0:
            mark("s:ellipsis", (dots, dots + 3))
    return Features(values, evidence, tuple(all_words), tuple(all_spans))


def _strategies(text: str, words: list[str], spans: list[Span], mark) -> None:
    """Mark the strategy features of one sentence (``words`` lower-cased, ``spans`` their offsets)."""
    first = words[0]
    is_question = words[-1] == "?"
    if first in _PLEASE:
        mark("s:please_start", spans[0])
    if first in _GREETING:
        mark("s:greeting", spans[0])
    if first in _DIRECT_START and len(words) > 1:
        mark("s:direct_start", spans[0])
    if first in _SECOND:
        mark("s:second_person_start", spans[0])
    if first in _FIRST:
        mark("s:first_person_start", spans[0])
    if first in _DEFERENCE:
        mark("s:deference", spans[0])
    if first in _IMPERATIVE and not is_question:
        mark("s:imperative_start", spans[0])
    if is_question and first in _WH:
        mark("s:direct_question", spans[0])
    if is_question and first in _CHALLENGE_START and len(words) > 1 and words[1] in _SECOND:
        mark("s:challenge_question", (spans[0][0], spans[1][1]))
    if is_question and first in _NEGATED_AUX:
        mark("s:negated_question", spans[0])
    second = any(w in _SECOND for w in words)
    if is_question and second and "why" in words:
        mark("s:why_you", spans[words.index("why")])
    if len(words) > 2 and (words[-2], words[-1]) in _TAG_ENDS:
        mark("s:tag_question", (spans[-2][0], spans[-1][1]))
    elif is_question and len(words) > 3 and words[-3] in _NEGATED_AUX and words[-2] in _TAG_SUBJECTS:
        mark("s:tag_question", (spans[-3][0], spans[-1][1]))
    if second:
        for i, word in enumerate(words):
            if word in _NEGATIVE:
                mark("s:you_negative", spans[i])
    for i, word in enumerate(words):
        span = spans[i]
        if word in _GRATITUDE:
            mark("s:gratitude", span)
        elif word in _APOLOGY:
            mark("s:apology", span)
        elif word in _PLEASE and i > 0:
            mark("s:please", span)
        elif word in _HEDGES:
            mark("s:hedge", span)
        elif word in _FACTUAL:
            mark("s:factuality", span)
        elif word in _BY_THE_WAY:
            mark("s:by_the_way", span)
        elif word in _NEGATIVE:
            mark("s:negative", span)
        elif word in _POSITIVE:
            mark("s:positive", span)
        elif word == "why" and is_question:
            mark("s:why_question", span)
        elif word == "!":
            mark("s:exclamation", span)
            if i > 0 and words[i - 1] in ("!", "?"):
                mark("s:repeated_punctuation", (spans[i - 1][0], span[1]))
        elif word == "?" and i > 0 and words[i - 1] in ("!", "?"):
            mark("s:repeated_punctuation", (spans[i - 1][0], span[1]))
        if i > 0:
            if word in _SECOND:
                mark("s:second_person", span)
            elif word in _FIRST:
                mark("s:first_person", span)
        if word in _FIRST_PLURAL:
            mark("s:first_person_plural", span)
        if word in _MINIMIZER:
            mark("s:minimizer", span)
        if word in _REPETITION:
            mark("s:repetition", span)
        if word in _INCREDULITY:
            mark("s:incredulity", span)
        original = text[span[0]:span[1]]
        if len(original) >= 4 and original.isupper() and original.isalpha():
            mark("s:shouting", span)
        if i > 0:
            pair = (words[i - 1], word)
            joined = (spans[i - 1][0], span[1])
            if pair in _OBLIGATION:
                mark("s:obligation", joined)
            if pair in _HELPFUL:
                mark("s:helpful", joined)
            if pair in _INDIRECT_MODAL:
                mark("s:indirect_modal", joined)
            elif pair in _DIRECT_MODAL:
                mark("s:direct_modal", joined)
            elif pair in _HEDGE_PAIRS:
                mark("s:hedge", joined)
            elif pair in _FACTUAL_PAIRS:
                mark("s:factuality", joined)
            elif pair in _APOLOGY_PAIRS:
                mark("s:apology", joined)
            elif pair == ("how", "come") and is_question:
                mark("s:why_question", joined)
            elif i > 1 and pair == ("the", "way") and words[i - 2] == "by":
                mark("s:by_the_way", (spans[i - 2][0], span[1]))


@dataclasses.dataclass(frozen=True)
class ToneScore:
    """How impolite a text reads: ``score`` 0..1, and what pushed it up most."""

    score: float  #: probability that the text reads as impolite
    drivers: tuple[tuple[str, float], ...]  #: words (or strategies) and their contributions, strongest first
    spans: tuple[Span, ...] = ()  #: where each driver is in the scored text

    def at(self, index: int = 0) -> Span | None:
        return self.spans[index] if index < len(self.spans) else None


@dataclasses.dataclass(frozen=True)
class ToneModel:
    """A logistic regression over ``extract`` features, read from the shipped JSON."""

    intercept: float
    weights: dict[str, float]  #: feature name (``s:...`` or ``w:...``) -> weight
    threshold: float  #: scores above this are reported
    meta: dict
    lexical: dict[str, float] = dataclasses.field(default_factory=dict)  #: word -> scalar, averaged over words

    @classmethod
    def load(cls, path: Path | str) -> "ToneModel":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        weights = {"s:" + k: float(v) for k, v in data["strategies"].items()}
        weights.update({"w:" + k: float(v) for k, v in data["vocabulary"].items()})
        lexical = {k: float(v) for k, v in data.get("lexical", {}).items()}
        meta = {k: v for k, v in data.items()
                if k not in ("strategies", "vocabulary", "lexical", "intercept", "threshold")}
        return cls(float(data["intercept"]), weights, float(data["threshold"]), meta, lexical)

    def probability(self, features: Features) -> float:
        return probability(self.intercept, self.weights, self.lexical, features)

    def score(self, text: str, top: int = 4) -> ToneScore:
        """The impolite probability of ``text`` and its strongest drivers: features with a
        positive contribution, those on overlapping words merged into one driver."""
        features = extract(text)
        pushes = [
            (features.evidence[name], self.weights[name] * value)
            for name, value in features.values.items()
            if self.weights.get(name, 0.0) > 0 and name not in WHOLE_MESSAGE
        ]
        if self.lexical and features.words:
            share = 1.0 / len(features.words)
            pushes += [(span, self.lexical[word] * share) for word, span in zip(features.words, features.word_spans)
                       if self.lexical.get(word, 0.0) > 0]
        merged = [d for d in _merge(pushes) if not _quiet(text[d[0][0]:d[0][1]])]
        drivers = sorted(merged, key=lambda d: (-d[1], d[0]))[:top]
        return ToneScore(
            self.probability(features),
            tuple((text[s:e], round(c, 4)) for (s, e), c in drivers),
            tuple(span for span, _ in drivers),
        )


def probability(intercept: float, weights: dict[str, float], lexical: dict[str, float], features: Features) -> float:
    """The logistic model's impolite probability: intercept, feature weights, and the mean of
    the per-word scalars over all of the text's words (a word not in ``lexical`` counts 0)."""
    z = intercept + sum(weights.get(name, 0.0) * v for name, v in features.values.items())
    if lexical and features.words:
        z += sum(lexical.get(word, 0.0) for word in features.words) / len(features.words)
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


_DRIVER_CHARS = 24


#: single letters that are words in chat ("can u send it"), when written in lower case
_TXT_SPEAK = frozenset({"u", "r", "y"})


def _quiet(words: str) -> bool:
    """Does a driver say nothing to the writer: only function words, or only numbers and
    stray letters ("7", "2009", "H": they count in the score, but point at nothing)?"""
    return all(normalize(w) in _QUIET or not _telling(w) for w in (m.group() for m in _WORD.finditer(words)))


def _telling(word: str) -> bool:
    return word in ("?", "!") or word in _TXT_SPEAK or sum(c.isalpha() for c in word) >= 2


def _merge(pushes: list[tuple[Span, float]]) -> list[tuple[Span, float]]:
    """Contributions on overlapping spans summed over the union of their spans (a driver
    grows to at most ``_DRIVER_CHARS`` characters; past that an overlapping one stands alone)."""
    merged: list[tuple[Span, float]] = []
    for (start, end), value in sorted(pushes):
        if merged and start < merged[-1][0][1] and max(merged[-1][0][1], end) - merged[-1][0][0] <= _DRIVER_CHARS:
            (m_start, m_end), total = merged[-1]
            merged[-1] = ((m_start, max(m_end, end)), total + value)
        else:
            merged.append(((start, end), value))
    return merged
