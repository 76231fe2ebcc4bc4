"""Train commlint's message-level tone model on the rated politeness requests.

Reads ``../shared/corpus/tone-politeness-dev.jsonl`` at run time (never copied into the
repository), fits a logistic regression over ``commlint.ruletypes.politeness.extract``
features (politeness strategies plus the most informative word unigrams and bigrams) and
the mean of the message's pretrained word vectors (WordLlama's 256-d token embeddings, a
word being the mean of its subword tokens), collapses the weights on those vectors into one
scalar per word (exact, since the model is linear: the message's share is the mean of its
words' scalars), chooses a reporting threshold for the precision of the whole tone category (the phrase and
pattern tone rules, which are not trained, or the model), and writes ``models/tone-politeness.json``
and ``benchmarks/results/tone-model-<date>.md`` with cross-validated figures.

Needs the ``train`` extra (training only): ``pip install -e '.[train]'`` (scikit-learn, scipy,
wordllama, whose wheel ships the vectors and tokenizer, and wordfreq for common words).
Run: ``python training/train_tone_model.py [--corpus DIR] [--date YYYY-MM-DD]``.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import functools
import json
import statistics
import sys
from pathlib import Path
from typing import Sequence

import numpy as np
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commlint.ruletypes.politeness import _WORD, Features, extract, normalize, probability  # noqa: E402

SEED = 20261201
VOCABULARY = 6000  #: n-grams kept, by how well they separate polite from impolite
MIN_DF = 3  #: an n-gram must be in this many training requests
C_GRID = (0.05, 0.1, 0.2)  #: inverse regularisation strengths tried on inner folds
SOFTNESS = 1.0  #: slope of the soft label over the normalized score
TARGET_PRECISION = 0.78  #: precision on impolite of the model's flags beyond the tone rules', on training folds
POLITE_CAP = 0.02  #: share of polite training requests rules-or-model may flag at the threshold
MIN_FLAGGED = 20  #: requests the model must flag beyond the rules before a threshold counts
DRAFTS = Path(__file__).with_name("support-drafts.txt")  #: ``--drafts training/`` reads every batch
DRAFT_SCORE = 1.5  #: the rated score a support draft stands for (about the 10 % most polite or impolite)
DRAFT_WEIGHT = 2.0  #: each draft counts as this many requests: they are few, and the domain the rule serves
EMBEDDING_SCALE = 0.0  #: the word-vector block's scale against the other features (0: no block; see main)
COMMON_WORDS = 50_000  #: common English words (wordfreq) given a scalar beside the training words
LEXICAL_DIGITS = 4  #: the shipped scalars are rounded to this many decimals (the fitted model uses them rounded)
PUBLISHED = {"strategies logistic regression": "0.73-0.79", "Danescu-Niculescu-Mizil et al. 2013, full model": "0.83"}


@dataclasses.dataclass(frozen=True)
class Fitted:
    """A fitted model: intercept and weights by feature name."""

    intercept: float
    weights: dict[str, float]
    C: float
    lexical: dict[str, float] = dataclasses.field(default_factory=dict)  #: word -> collapsed scalar
    estimator: LogisticRegression | None = dataclasses.field(default=None, compare=False, repr=False)
    columns: dict[str, int] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    block: _Block | None = dataclasses.field(default=None, compare=False, repr=False)

    def probability(self, features: Features) -> float:
        """The impolite probability as the run time computes it (``politeness.probability``)."""
        return probability(self.intercept, self.weights, self.lexical, features)

    def sklearn_probability(self, text: str) -> float:
        """The fitted scikit-learn estimator's own impolite probability for ``text``."""
        return float(self.estimator.predict_proba(_design([extract(text)], self.columns, self.block))[0, 1])


class WordVectors:
    """WordLlama's token embeddings read from the files its wheel ships (nothing downloads):
    a word's vector is the mean of its subword tokens' vectors."""

    def __init__(self) -> None:
        import wordllama
        from safetensors import safe_open
        from tokenizers import Tokenizer

        folder = Path(wordllama.__file__).parent
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizers" / "l2_supercat_tokenizer_config.json"))
        with safe_open(str(folder / "weights" / "l2_supercat_256.safetensors"), framework="np") as f:
            self.embedding = f.get_tensor("embedding.weight").astype(np.float64)
        self._cache: dict[str, np.ndarray] = {}

    def __call__(self, word: str) -> np.ndarray:
        vector = self._cache.get(word)
        if vector is None:
            ids = self.tokenizer.encode(word, add_special_tokens=False).ids
            vector = self.embedding[ids].mean(0) if ids else np.zeros(self.embedding.shape[1])
            self._cache[word] = vector
        return vector


@functools.lru_cache(maxsize=1)
def word_vectors() -> WordVectors:
    return WordVectors()


@functools.lru_cache(maxsize=1)
def common_words(size: int = COMMON_WORDS) -> frozenset[str]:
    """wordfreq's ``size`` most frequent English words that commlint's word split keeps whole."""
    import wordfreq

    return frozenset(w for w in wordfreq.top_n_list("en", size)
                     if [normalize(m.group()) for m in _WORD.finditer(w)] == [w])


@dataclasses.dataclass(frozen=True)
class _Block:
    """The word-vector block of a fit: its words (in-vocabulary ones get a vector, others
    count as zero), their vectors, and the per-dimension scale from the training messages."""

    index: dict[str, int]
    vectors: np.ndarray
    scale: np.ndarray  #: EMBEDDING_SCALE / standard deviation, per dimension

    @classmethod
    def of(cls, features: Sequence[Features]) -> _Block:
        words = sorted(common_words() | {w for f in features for w in f.words})
        vectors = word_vectors()
        block = cls({w: i for i, w in enumerate(words)}, np.array([vectors(w) for w in words]), np.ones(0))
        spread = block.means(features).std(0)
        return dataclasses.replace(block, scale=EMBEDDING_SCALE / np.where(spread > 0, spread, 1.0))

    def means(self, features: Sequence[Features]) -> np.ndarray:
        """Each text's mean word vector (words outside the block count as zero vectors)."""
        rows, cols, data = [], [], []
        for i, f in enumerate(features):
            for w in f.words:
                j = self.index.get(w)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
                    data.append(1.0 / len(f.words))
        counts = csr_matrix((data, (rows, cols)), shape=(len(features), len(self.index)))
        return np.asarray(counts @ self.vectors)

    def design(self, features: Sequence[Features]) -> csr_matrix:
        return csr_matrix(self.means(features) * self.scale)

    def collapse(self, coefficients: np.ndarray) -> dict[str, float]:
        """Each word's scalar: the block's weights applied to its scaled vector, rounded."""
        scalars = self.vectors @ (coefficients * self.scale)
        return {w: round(float(v), LEXICAL_DIGITS) for w, v in zip(self.index, scalars)
                if round(float(v), LEXICAL_DIGITS) != 0.0}


def _design(features: Sequence[Features], columns: dict[str, int], block: _Block | None) -> csr_matrix:
    X = _matrix(features, columns)
    return hstack([X, block.design(features)]).tocsr() if block is not None else X


def read_rows(corpus: Path) -> list[dict]:
    with (corpus / "tone-politeness-dev.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def impolite_target(normalized_score: float) -> float:
    """The share of a request fitted as impolite: a soft label from the raters' score, so
    every request teaches the model (neutral ones near one half), not just the quartiles."""
    return float(1.0 / (1.0 + np.exp(SOFTNESS * normalized_score)))


def select_vocabulary(features: Sequence[Features], labels: Sequence[str], size: int = VOCABULARY) -> list[str]:
    """The ``size`` n-grams (in ``MIN_DF`` or more requests) whose presence differs most
    between polite and impolite requests, by the chi-squared statistic of a 2x2 table; ties by name."""
    pairs = [(f, label == "impolite") for f, label in zip(features, labels) if label in ("polite", "impolite")]
    positives = sum(t for _, t in pairs)
    n = len(pairs)
    counts: dict[str, list[int]] = {}
    for feats, target in pairs:
        for name in feats.values:
            if name.startswith("w:"):
                counts.setdefault(name, [0, 0])[target] += 1
    scored = []
    for name, (neg, pos) in counts.items():
        df = neg + pos
        if df < MIN_DF or df == n:
            continue
        expected = df * positives / n
        chi = (pos - expected) ** 2 / expected + (neg - (df - expected)) ** 2 / (df - expected)
        scored.append((-chi, name))
    return [name for _, name in sorted(scored)[:size]]


def _matrix(features: Sequence[Features], columns: dict[str, int]) -> csr_matrix:
    rows, cols, data = [], [], []
    for i, feats in enumerate(features):
        for name, value in feats.values.items():
            j = columns.get(name)
            if j is not None:
                rows.append(i)
                cols.append(j)
                data.append(value)
    return csr_matrix((data, (rows, cols)), shape=(len(features), len(columns)))


@dataclasses.dataclass(frozen=True)
class _Data:
    """Requests read once: features, quartile labels and soft targets."""

    features: list[Features]
    labels: list[str]
    targets: list[float]
    strata: list[str]
    weights: list[float]
    ruled: list[bool]  #: flagged by a phrase or pattern tone rule

    @classmethod
    def of(cls, rows: Sequence[dict], ruled: Sequence[bool] | None = None) -> "_Data":
        return cls(
            [extract(r["text"]) for r in rows], [r["label"] for r in rows],
            [impolite_target(r["normalized_score"]) for r in rows],
            [f"{r.get('domain', '')}/{r['label']}" for r in rows], [float(r.get("weight", 1.0)) for r in rows],
            list(ruled) if ruled is not None else [False] * len(rows),
        )

    def subset(self, index: Sequence[int]) -> "_Data":
        return _Data(*([getattr(self, f.name)[i] for i in index] for f in dataclasses.fields(self)))

    def __add__(self, other: "_Data") -> "_Data":
        return _Data(*(getattr(self, f.name) + getattr(other, f.name) for f in dataclasses.fields(self)))


def _fit_fixed(data: _Data, C: float) -> Fitted:
    names = sorted({n for f in data.features for n in f.values if n.startswith("s:")})
    names += select_vocabulary(data.features, data.labels)
    columns = {n: j for j, n in enumerate(names)}
    block = _Block.of(data.features) if EMBEDDING_SCALE else None
    X = _design(data.features, columns, block)
    q, w = np.array(data.targets), np.array(data.weights)
    model = LogisticRegression(C=C, solver="liblinear", random_state=SEED, max_iter=2000)
    model.fit(vstack([X, X]), np.r_[np.ones(len(q)), np.zeros(len(q))], sample_weight=np.r_[q * w, (1 - q) * w])
    weights = {n: float(w) for n, w in zip(names, model.coef_[0]) if abs(w) > 1e-6}
    lexical = block.collapse(model.coef_[0][len(names):]) if block is not None else {}
    return Fitted(float(model.intercept_[0]), weights, C, lexical, model, columns, block)


def fit(rows: Sequence[dict], seed: int = SEED, C: float | None = None) -> Fitted:
    """A model fitted on ``rows`` (text, label, normalized_score); the regularisation
    strength is chosen by 3-fold cross-validated log loss within ``rows`` unless ``C`` is given."""
    return _fit(_Data.of(rows), seed, C)


def _fit(data: _Data, seed: int, C: float | None = None) -> Fitted:
    return _fit_fixed(data, _choose_C(data, seed) if C is None else C)


def _choose_C(data: _Data, seed: int) -> float:
    losses = {}
    for C in C_GRID:
        total = 0.0
        for train, test in _folds(data, 3, seed):
            model = _fit_fixed(data.subset(train), C)
            for i in test:
                p = min(max(model.probability(data.features[i]), 1e-9), 1 - 1e-9)
                q = data.targets[i]
                total -= q * np.log(p) + (1 - q) * np.log(1 - p)
        losses[C] = total
    return min(C_GRID, key=lambda c: (losses[c], c))


def choose_threshold(scores: Sequence[float], labels: Sequence[str], ruled: Sequence[bool] | None = None,
                     precision: float = TARGET_PRECISION, polite_cap: float = POLITE_CAP) -> float:
    """The lowest threshold at which the requests the model flags beyond those a tone rule
    already flags (``ruled``) are impolite at least ``precision`` of the time (neutral requests
    count against it), at least ``MIN_FLAGGED`` of them, while rules and model together flag at
    most ``polite_cap`` of the polite requests; the lowest such threshold keeps the most
    recall. 0.99 when none does."""
    ruled = ruled if ruled is not None else [False] * len(scores)
    polite = max(1, sum(label == "polite" for label in labels))
    polite_hits = sum(r and label == "polite" for r, label in zip(ruled, labels))
    flagged = hits = 0
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    best = 0.99
    for rank, i in enumerate(order, 1):
        if not ruled[i]:
            flagged += 1
            hits += labels[i] == "impolite"
            polite_hits += labels[i] == "polite"
        nxt = scores[order[rank]] if rank < len(order) else 0.0
        if (nxt < scores[i] and flagged >= MIN_FLAGGED and hits / flagged >= precision
                and polite_hits / polite <= polite_cap):
            best = (scores[i] + nxt) / 2
    return round(best, 4)


def _folds(data: _Data, folds: int, seed: int):
    return StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(np.zeros(len(data.labels)), data.strata)


def _out_of_fold(data: _Data, extra: _Data, folds: int, seed: int, thresholds: bool) -> tuple[list[float], list[float]]:
    """Out-of-fold scores of ``data``; ``extra`` requests join every training fold, never a test fold."""
    scores = [0.0] * len(data.labels)
    cuts = [0.0] * len(data.labels)
    for train, test in _folds(data, folds, seed):
        inner = data.subset(train)
        model = _fit(inner + extra, seed)
        cut = 0.0
        if thresholds:  # on the training folds, each request scored by a model that did not see it
            cut = choose_threshold(_out_of_fold(inner, extra, folds, seed, thresholds=False)[0], inner.labels, inner.ruled)
        for i in test:
            scores[i] = model.probability(data.features[i])
            cuts[i] = cut
    return scores, cuts


def out_of_fold(rows: Sequence[dict], folds: int = 5, seed: int = SEED, extra: Sequence[dict] = (),
                ruled: Sequence[bool] | None = None) -> tuple[list[float], list[float]]:
    """For every request, its impolite probability from the model fitted without its fold
    (plus the ``extra`` rows, e.g. support drafts), and the threshold chosen on that model's
    training folds from their own out-of-fold scores and the tone rules' flags on them
    (``ruled``, from ``rule_flags`` when not given), so no threshold is set on scores of
    requests the model was fitted on."""
    ruled = rule_flags(rows) if ruled is None else ruled
    return _out_of_fold(_Data.of(rows, ruled), _Data.of(extra), folds, seed, thresholds=True)


def rule_flags(rows: Sequence[dict]) -> list[bool]:
    """Whether any tone rule but the model's own (T301) flags each request's text."""
    from commlint import Config, Linter

    results = Linter(Config(ignore=("T301",))).lint_texts([r["text"] for r in rows])
    return [any(f.category == "tone" and f.rule_id != "T301" for f in found) for found in results]


def out_of_fold_scores(rows: Sequence[dict], folds: int = 5, seed: int = SEED, extra: Sequence[dict] = ()) -> list[float]:
    """Each request's impolite probability from the model fitted without its fold (plus ``extra``)."""
    return _out_of_fold(_Data.of(rows), _Data.of(extra), folds, seed, thresholds=False)[0]


def read_drafts(path: Path = DRAFTS) -> list[dict]:
    """Our own support drafts (``label<TAB>text``; a folder: every ``support-drafts*.txt`` in
    it), as rows with a clear rated score."""
    rows = []
    files = sorted(path.glob("support-drafts*.txt")) if path.is_dir() else [path]
    for line in (line for f in files for line in f.read_text(encoding="utf-8").splitlines()):
        if line.strip() and not line.startswith("#"):
            label, text = line.split("\t", 1)
            score = DRAFT_SCORE if label == "polite" else -DRAFT_SCORE
            rows.append({"text": text, "label": label, "normalized_score": score, "domain": "support-draft",
                         "weight": DRAFT_WEIGHT})
    return rows


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rank correlation (ties share their mean rank); NaN when either side is constant."""
    if len(set(x)) < 2 or len(set(y)) < 2:
        return float("nan")
    def ranks(values: Sequence[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return out

    return statistics.correlation(ranks(x), ranks(y))


def cross_validated(rows: Sequence[dict], folds: int = 5, seed: int = SEED, extra: Sequence[dict] = (),
                    ruled: Sequence[bool] | None = None) -> dict:
    """Out-of-fold figures: binary accuracy on polite vs impolite, Spearman on all requests,
    and precision, recall and polite share flagged at each fold's own threshold, by the model
    alone and by the tone category (a tone rule or the model), with the category's
    precision/recall curve over fixed thresholds."""
    ruled = rule_flags(rows) if ruled is None else list(ruled)
    scores, thresholds = out_of_fold(rows, folds, seed, extra, ruled)
    binary = [(s, r["label"]) for s, r in zip(scores, rows) if r["label"] != "neutral"]
    accuracy = sum((s > 0.5) == (label == "impolite") for s, label in binary) / len(binary)
    counts = {label: sum(r["label"] == label for r in rows) for label in ("polite", "neutral", "impolite")}
    model = [s > t for s, t in zip(scores, thresholds)]
    return {
        "folds": folds, "seed": seed, "requests": len(rows), "labels": counts, "support_drafts": len(extra),
        "accuracy_polite_vs_impolite": round(accuracy, 4),
        "spearman_score_vs_politeness": round(spearman(scores, [r["normalized_score"] for r in rows]), 4),
        "fold_thresholds": sorted(set(thresholds)),
        "model": _flag_figures(model, rows, counts),
        "rules": _flag_figures(ruled, rows, counts),
        "rules_or_model": _flag_figures([a or b for a, b in zip(ruled, model)], rows, counts),
        "rules_or_model_at": {
            f"{t:.2f}": _flag_figures([r or s > t for r, s in zip(ruled, scores)], rows, counts)
            for t in (0.5, 0.55, 0.6, 0.62, 0.64, 0.66, 0.68, 0.7, 0.75)
        },
    }


def _flag_figures(flags: Sequence[bool], rows: Sequence[dict], counts: dict[str, int]) -> dict:
    """Precision on impolite, recall on impolite and polite and neutral shares flagged."""
    flagged = [r["label"] for f, r in zip(flags, rows) if f]
    return {
        "flagged": len(flagged),
        "precision_impolite": round(flagged.count("impolite") / len(flagged), 4) if flagged else None,
        "recall_impolite": round(flagged.count("impolite") / counts["impolite"], 4),
        "polite_flagged_share": round(flagged.count("polite") / counts["polite"], 4),
        "neutral_flagged_share": round(flagged.count("neutral") / counts["neutral"], 4),
    }


def model_json(model: Fitted, threshold: float, figures: dict, rows: int, drafts: int) -> dict:
    """The shipped data file: strategy weights, n-gram weights, intercept, threshold, metadata."""
    return {
        "format": 1,
        "description": "commlint tone model: logistic regression on soft impolite labels from rated requests",
        "features": "commlint.ruletypes.politeness.extract",
        "intercept": round(model.intercept, 6),
        "threshold": threshold,
        "threshold_rule": f"lowest score at which the model's flags beyond the tone rules' reach precision on impolite "
                          f">= {TARGET_PRECISION}, with rules or model flagging <= {POLITE_CAP} of polite requests, "
                          "on out-of-fold training scores",
        "strategies": {n[2:]: round(w, 6) for n, w in sorted(model.weights.items()) if n.startswith("s:")},
        "vocabulary": {n[2:]: round(w, 6) for n, w in sorted(model.weights.items()) if n.startswith("w:")},
        **({"lexical": dict(sorted(model.lexical.items()))} if model.lexical else {}),
        "training": {
            "corpus": "Stanford Politeness Corpus, dev half (../shared/corpus/tone-politeness-dev.jsonl)",
            "requests": rows, "support_drafts": drafts, "C": model.C, "seed": SEED, "softness": SOFTNESS, "vocabulary_candidates": VOCABULARY, "min_df": MIN_DF,
            **({"lexical": f"WordLlama l2_supercat_256 word vectors (mean of subword tokens), scale {EMBEDDING_SCALE}, "
                           f"collapsed to one scalar per word: training words and wordfreq's {COMMON_WORDS} most common"}
               if model.lexical else {}),
        },
        "cross_validated": figures,
    }


def report(figures: dict, model: Fitted, threshold: float, date: str) -> str:
    f = figures
    m, r, u = f["model"], f["rules"], f["rules_or_model"]
    lines = [
        f"# Tone model, {date}",
        "",
        "Logistic regression over politeness strategies, word n-grams "
        + (f"and the mean of the message's pretrained word vectors (WordLlama, 256-d, scale {EMBEDDING_SCALE}; "
           f"collapsed to {len(model.lexical)} per-word scalars) " if model.lexical else "")
        + "(`commlint/ruletypes/politeness.py`), trained by `training/train_tone_model.py` on "
        f"{f['requests']} rated requests ({f['labels']}) and {f['support_drafts']} support drafts of our own "
        "(`training/support-drafts*.txt`, in every training fold, never in a test fold). All figures are {f['folds']}-fold cross-validated "
        "(folds stratified by community and label, seed fixed): vocabulary, regularisation and threshold "
        "are chosen on the training folds only, and each request is scored by the model that did not see it. "
        "The threshold is chosen beside the phrase and pattern tone rules (not trained, so their flags are fair "
        "inputs): the lowest score at which the requests the model flags beyond the rules' are impolite "
        f">= {TARGET_PRECISION:.2f} of the time, with rules or model flagging <= {100 * POLITE_CAP:.0f} % of polite "
        "requests, on the training folds' own out-of-fold scores.",
        "",
        "| figure | target | model | tone rules | rules or model |",
        "|---|---|---|---|---|",
        f"| accuracy, polite vs impolite quartiles (balanced) | published: strategies LR "
        f"{PUBLISHED['strategies logistic regression']}, full model {PUBLISHED['Danescu-Niculescu-Mizil et al. 2013, full model']} "
        f"| {f['accuracy_polite_vs_impolite']:.3f} | | |",
        f"| Spearman, impolite probability vs rated politeness (all requests) | <= -0.35 | {f['spearman_score_vs_politeness']:.3f} | | |",
        f"| flagged | | {m['flagged']} | {r['flagged']} | {u['flagged']} |",
        f"| precision on impolite among flagged (all requests) | >= 0.75 | {_num(m['precision_impolite'])} "
        f"| {_num(r['precision_impolite'])} | {_num(u['precision_impolite'])} |",
        f"| recall on impolite | >= 0.25 | {m['recall_impolite']:.3f} | {r['recall_impolite']:.3f} | {u['recall_impolite']:.3f} |",
        f"| polite requests flagged | <= 3 % | {_pct(m)} | {_pct(r)} | {_pct(u)} |",
        f"| neutral requests flagged | | {_pct(m, 'neutral')} | {_pct(r, 'neutral')} | {_pct(u, 'neutral')} |",
        "",
        f"Fold thresholds: {', '.join(f'{t:.3f}' for t in f['fold_thresholds'])}. "
        f"Shipped model (all {f['requests']} requests): C = {model.C}, threshold {threshold:.3f}, "
        f"{sum(n.startswith('w:') for n in model.weights)} n-grams and "
        f"{sum(n.startswith('s:') for n in model.weights)} strategies with weights.",
        "",
        "Precision/recall of the tone category (tone rules or model above a fixed threshold; same out-of-fold scores):",
        "",
        "| threshold | flagged | precision on impolite | recall on impolite | polite flagged |",
        "|---|---|---|---|---|",
    ]
    for t, a in f["rules_or_model_at"].items():
        lines.append(f"| {t} | {a['flagged']} | {_num(a['precision_impolite'])} | {a['recall_impolite']:.3f} | {_pct(a)} |")
    lines += ["", "Strategy weights (positive: reads impolite):", ""]
    strategies = sorted(((w, n[2:]) for n, w in model.weights.items() if n.startswith("s:")), reverse=True)
    lines += [f"- `{n}` {w:+.2f}" for w, n in strategies]
    return "\n".join(lines) + "\n"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _pct(figures: dict, label: str = "polite") -> str:
    return f"{100 * figures[f'{label}_flagged_share']:.1f} %"


def main(argv: list[str] | None = None) -> int:
    global EMBEDDING_SCALE, SOFTNESS, DRAFT_WEIGHT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    parser.add_argument("--embedding-scale", type=float, default=EMBEDDING_SCALE, help="0: no word-vector block")
    parser.add_argument("--softness", type=float, default=SOFTNESS, help="slope of the soft label")
    parser.add_argument("--drafts", type=Path, default=DRAFTS, help="a drafts file, or a folder: its support-drafts*.txt")
    parser.add_argument("--draft-weight", type=float, default=DRAFT_WEIGHT, help="how many requests a draft counts as")
    parser.add_argument("--figures-only", type=Path, help="write the cross-validated figures here, nothing else")
    args = parser.parse_args(argv)
    EMBEDDING_SCALE, SOFTNESS, DRAFT_WEIGHT = args.embedding_scale, args.softness, args.draft_weight
    rows = read_rows(args.corpus)
    drafts = read_drafts(args.drafts)
    ruled = rule_flags(rows)
    figures = cross_validated(rows, extra=drafts, ruled=ruled)
    if args.figures_only:
        args.figures_only.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
        return 0
    model = fit(rows + drafts)
    threshold = choose_threshold(out_of_fold_scores(rows, extra=drafts), [r["label"] for r in rows], ruled)
    out = ROOT / "models" / "tone-politeness.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(model_json(model, threshold, figures, len(rows), len(drafts)), indent=0, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    result = ROOT / "benchmarks" / "results" / f"tone-model-{args.date}.md"
    result.write_text(report(figures, model, threshold, args.date), encoding="utf-8")
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
