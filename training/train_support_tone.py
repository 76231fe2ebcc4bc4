"""Train commlint's support-reply tone model (rule T302), judged per sentence.

Trained on our own support drafts only (``training/support-drafts*.txt``, impolite or
polite, many of them minimal pairs), with the features of the politeness model
(``commlint.ruletypes.politeness.extract``: strategies plus word n-grams) read per sentence
(``politeness.sentence_spans``, as the rule reads a reply). Every sentence of a polite draft
is a polite example, every sentence of an impolite draft an impolite one (``MI_ROUNDS``
refits can keep only its worst sentence instead). A draft counts as flagged when its worst
sentence scores above the threshold, as the rule reports a reply.

Cross-validation is 5-fold, folds grouped so a draft and its minimal-pair partner (the
draft of the other label sharing the most words) are never split, stratified by label.
The regularisation strength and the threshold are chosen inside each training fold, on its
own grouped out-of-fold scores, for precision on impolite >= ``TARGET_PRECISION``. Writes
``models/tone-support.json`` (the ``ToneModel`` format: applied at run time without
scikit-learn) and ``benchmarks/results/tone-support-<date>.md``.

Needs the ``train`` extra (scikit-learn). Run:
``python training/train_support_tone.py [--drafts DIR] [--date YYYY-MM-DD]``.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import re
import sys
from pathlib import Path
from typing import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from commlint.ruletypes.politeness import WHOLE_MESSAGE, Features, extract, probability, sentence_spans  # noqa: E402
from train_tone_model import _matrix, select_vocabulary  # noqa: E402  (the politeness trainer's helpers)

SEED = 20261201
FOLDS = 5
C_GRID = (0.1, 0.3, 1.0, 3.0)  #: inverse regularisation strengths tried inside the training folds
TARGET_PRECISION = 0.9  #: precision on impolite drafts (flagged by their worst sentence), on training folds
POLITE_CAP = 0.03  #: share of polite training drafts the threshold may flag
MIN_FLAGGED = 15  #: drafts a threshold must flag before it counts
MIN_THRESHOLD = 0.6  #: never report below this probability, whatever the folds say
PAIR_OVERLAP = 0.25  #: share of the shorter draft's content words that makes two drafts of opposite labels a pair
MIN_SHARED = 2  #: ... and at least this many shared content words
#: refits keeping only each impolite draft's worst sentence as impolite (multiple-instance
#: learning); 0, every sentence of an impolite draft stays impolite: with 2 the
#: cross-validated recall fell from 0.40 to 0.30 at the same precision
MI_ROUNDS = 0
DRAFTS = Path(__file__).resolve().parent
_CONTENT = re.compile(r"[a-z][a-z'’]{3,}")
_STOP = frozenset("that this with your have from they will were been what when which there their about would could "
                  "should them then than into just also only more some because".split())
#: words an n-gram made only of says how a sentence is put (its register), not whether it is
#: rude: such n-grams get no weight (the strategies read what these words do)
_FUNCTION = frozenset(
    "a an the and or but so if then than of to in on at for with as by from about into over is are was were be been "
    "being am do does did done have has had having can could will would shall should may might must it its it's this "
    "that these those there here what which who whom whose when where why how i me my mine we us our you your yours "
    "he she they them their his her not no yes yeah ok okay i'm i've i'd i'll you're you've you'd you'll we're we've "
    "we'll it's that's there's don't doesn't didn't can't won't isn't aren't wasn't haven't hasn't wouldn't couldn't "
    "shouldn't just really actually probably maybe sure think all any some one more very too also only still ^ ? ! "
    "get got let make use see know".split())


@dataclasses.dataclass(frozen=True)
class Draft:
    """One support draft: its label and its sentences' features."""

    text: str
    impolite: bool
    sentences: tuple[Features, ...]


@dataclasses.dataclass(frozen=True)
class Fitted:
    """A fitted sentence model: intercept and weights by feature name."""

    intercept: float
    weights: dict[str, float]
    C: float
    estimator: LogisticRegression | None = dataclasses.field(default=None, compare=False, repr=False)
    columns: dict[str, int] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def probability(self, features: Features) -> float:
        """The impolite probability as the run time computes it (``politeness.probability``)."""
        return probability(self.intercept, self.weights, {}, features)

    def worst(self, draft: Draft) -> float:
        """The draft's score: its worst sentence's."""
        return max(self.probability(f) for f in draft.sentences)

    def sklearn_probability(self, text: str) -> float:
        """The scikit-learn estimator's own impolite probability for one sentence ``text``."""
        return float(self.estimator.predict_proba(_matrix([extract(text)], self.columns))[0, 1])


def read_drafts(folder: Path = DRAFTS) -> list[Draft]:
    """Every ``support-drafts*.txt`` in ``folder`` (``label<TAB>text`` lines), read per sentence."""
    drafts = []
    for path in sorted(folder.glob("support-drafts*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                label, text = line.split("\t", 1)
                drafts.append(Draft(text, label == "impolite", sentence_features(text)))
    return drafts


def sentence_features(text: str) -> tuple[Features, ...]:
    """The features of each sentence of ``text``, split as the rule splits a segment."""
    return tuple(extract(text[s:e]) for s, e in sentence_spans(text)) or (extract(text),)


def pair_groups(drafts: Sequence[Draft], overlap: float = PAIR_OVERLAP) -> list[int]:
    """A group per draft: each impolite draft joins the polite draft sharing the most
    content words with it (``MIN_SHARED`` or more, and at least ``overlap`` of the shorter
    draft's), and groups that share a draft merge."""
    words = [frozenset(w for w in _CONTENT.findall(d.text.lower()) if w not in _STOP) for d in drafts]
    parent = list(range(len(drafts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    polite = [j for j, d in enumerate(drafts) if not d.impolite]
    for i, d in enumerate(drafts):
        if not d.impolite or not words[i]:
            continue
        best, partner = 0.0, None
        for j in polite:
            shared = len(words[i] & words[j])
            share = shared / min(len(words[i]), len(words[j])) if shared >= MIN_SHARED else 0.0
            if share > best:
                best, partner = share, j
        if partner is not None and best >= overlap:
            parent[root(i)] = root(partner)
    return [root(i) for i in range(len(drafts))]


def _examples(drafts: Sequence[Draft], model: Fitted | None) -> tuple[list[Features], list[int]]:
    """Training sentences and labels: every sentence of a polite draft as polite; of an
    impolite draft, every sentence before the first fit, then only its worst one."""
    features, labels = [], []
    for d in drafts:
        if not d.impolite:
            features += d.sentences
            labels += [0] * len(d.sentences)
        elif model is None or len(d.sentences) == 1:
            features += d.sentences
            labels += [1] * len(d.sentences)
        else:
            features.append(max(d.sentences, key=model.probability))
            labels.append(1)
    return features, labels


def feature_names(features: Sequence[Features], labels: Sequence[int]) -> list[str]:
    """The design's columns: the strategies but the whole-message ones (on a sentence they
    measure length, which the drafts confound with tone), then the chi-squared n-grams that
    hold a word beyond ``_FUNCTION``."""
    names = sorted({n for f in features for n in f.values if n.startswith("s:") and n not in WHOLE_MESSAGE})
    vocabulary = select_vocabulary(features, ["impolite" if y else "polite" for y in labels])
    return names + [n for n in vocabulary if not all(w in _FUNCTION for w in n[2:].split())]


def _fit_once(features: list[Features], labels: list[int], C: float) -> Fitted:
    names = feature_names(features, labels)
    columns = {n: j for j, n in enumerate(names)}
    model = LogisticRegression(C=C, solver="liblinear", random_state=SEED, max_iter=2000, class_weight="balanced")
    model.fit(_matrix(features, columns), np.array(labels))
    weights = {n: float(w) for n, w in zip(names, model.coef_[0]) if abs(w) > 1e-6}
    return Fitted(float(model.intercept_[0]), weights, C, model, columns)


def fit(drafts: Sequence[Draft], C: float) -> Fitted:
    """A sentence model fitted on ``drafts``: all sentences first, then ``MI_ROUNDS`` refits
    with each impolite draft represented by its worst sentence under the previous fit."""
    model = None
    for _ in range(MI_ROUNDS + 1):
        model = _fit_once(*_examples(drafts, model), C)
    return model


def choose_threshold(scores: Sequence[float], impolite: Sequence[bool], precision: float = TARGET_PRECISION,
                     polite_cap: float = POLITE_CAP) -> float:
    """The lowest threshold (at least ``MIN_THRESHOLD``) at which the drafts scored above it
    are impolite at least ``precision`` of the time, at least ``MIN_FLAGGED`` of them, with at
    most ``polite_cap`` of the polite drafts flagged; 0.99 when none is."""
    polite = max(1, sum(not y for y in impolite))
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    flagged = hits = 0
    best = 0.99
    for rank, i in enumerate(order, 1):
        flagged += 1
        hits += impolite[i]
        nxt = scores[order[rank]] if rank < len(order) else 0.0
        cut = (scores[i] + nxt) / 2
        if (nxt < scores[i] and cut >= MIN_THRESHOLD and flagged >= MIN_FLAGGED and hits / flagged >= precision
                and (flagged - hits) / polite <= polite_cap):
            best = cut
    return round(best, 4)


def _folds(drafts: Sequence[Draft], groups: Sequence[int], folds: int, seed: int):
    labels = [d.impolite for d in drafts]
    return StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed).split(np.zeros(len(drafts)), labels, groups)


def out_of_fold(drafts: Sequence[Draft], groups: Sequence[int], C: float, folds: int = FOLDS, seed: int = SEED) -> list[float]:
    """Each draft's worst-sentence score from a model fitted without its fold."""
    scores = [0.0] * len(drafts)
    for train, test in _folds(drafts, groups, folds, seed):
        model = fit([drafts[i] for i in train], C)
        for i in test:
            scores[i] = model.worst(drafts[i])
    return scores


def _recall_at(scores: Sequence[float], impolite: Sequence[bool], threshold: float) -> float:
    return sum(s > threshold and y for s, y in zip(scores, impolite)) / max(1, sum(impolite))


def choose(drafts: Sequence[Draft], groups: Sequence[int], seed: int = SEED) -> tuple[float, float]:
    """(C, threshold) chosen on ``drafts`` alone: for each C its grouped out-of-fold scores
    and the threshold they give; the C with the most recall at its threshold (then the smallest)."""
    impolite = [d.impolite for d in drafts]
    best = None
    for C in C_GRID:
        scores = out_of_fold(drafts, groups, C, FOLDS, seed)
        threshold = choose_threshold(scores, impolite)
        key = (_recall_at(scores, impolite, threshold), -C)
        if best is None or key > best[0]:
            best = (key, C, threshold)
    return best[1], best[2]


def cross_validated(drafts: Sequence[Draft], groups: Sequence[int], folds: int = FOLDS, seed: int = SEED) -> dict:
    """Outer grouped folds: C and threshold chosen inside each training fold, each draft
    scored (worst sentence) by the model that did not see it, flagged above its fold's threshold."""
    scores, cuts, Cs = [0.0] * len(drafts), [0.0] * len(drafts), []
    for train, test in _folds(drafts, groups, folds, seed):
        inner = [drafts[i] for i in train]
        C, cut = choose(inner, [groups[i] for i in train], seed)
        model = fit(inner, C)
        Cs.append(C)
        for i in test:
            scores[i], cuts[i] = model.worst(drafts[i]), cut
    return figures(drafts, scores, cuts, folds, seed, Cs, groups)


def figures(drafts: Sequence[Draft], scores: Sequence[float], cuts: Sequence[float], folds: int, seed: int,
            Cs: Sequence[float], groups: Sequence[int]) -> dict:
    impolite = [d.impolite for d in drafts]
    flagged = [s > c for s, c in zip(scores, cuts)]
    n_imp, n_pol = sum(impolite), len(drafts) - sum(impolite)
    hits = sum(f and y for f, y in zip(flagged, impolite))
    polite_sentences = [(len(d.sentences)) for d in drafts if not d.impolite]
    return {
        "folds": folds, "seed": seed, "drafts": len(drafts), "impolite": n_imp, "polite": n_pol,
        "pair_groups": len(set(groups)), "paired_drafts": sum(groups.count(g) > 1 for g in groups),
        "sentences": sum(len(d.sentences) for d in drafts), "polite_sentences": sum(polite_sentences),
        "fold_C": list(Cs), "fold_thresholds": sorted(set(cuts)),
        "accuracy_at_0.5": round(sum((s > 0.5) == y for s, y in zip(scores, impolite)) / len(drafts), 4),
        "flagged": sum(flagged),
        "precision_impolite": round(hits / sum(flagged), 4) if any(flagged) else None,
        "recall_impolite": round(hits / max(1, n_imp), 4),
        "polite_flagged_share": round(sum(f and not y for f, y in zip(flagged, impolite)) / max(1, n_pol), 4),
        "at": {
            f"{t:.2f}": _at(scores, impolite, t) for t in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
        },
    }


def _at(scores: Sequence[float], impolite: Sequence[bool], t: float) -> dict:
    flagged = [y for s, y in zip(scores, impolite) if s > t]
    return {"flagged": len(flagged), "precision_impolite": round(sum(flagged) / len(flagged), 4) if flagged else None,
            "recall_impolite": round(sum(flagged) / max(1, sum(impolite)), 4)}


def model_json(model: Fitted, threshold: float, figures_: dict, drafts: int) -> dict:
    """The shipped data file, in the ``ToneModel`` format (no per-word scalars)."""
    return {
        "format": 1,
        "description": "commlint support tone model: logistic regression on sentences of our own support drafts",
        "features": "commlint.ruletypes.politeness.extract, per sentence (politeness.sentence_spans)",
        "intercept": round(model.intercept, 6),
        "threshold": threshold,
        "threshold_rule": f"lowest score >= {MIN_THRESHOLD} at which drafts flagged by their worst sentence are impolite "
                          f">= {TARGET_PRECISION} of the time, with <= {POLITE_CAP} of polite drafts flagged, on grouped "
                          "out-of-fold scores",
        "strategies": {n[2:]: round(w, 6) for n, w in sorted(model.weights.items()) if n.startswith("s:")},
        "vocabulary": {n[2:]: round(w, 6) for n, w in sorted(model.weights.items()) if n.startswith("w:")},
        "training": {"corpus": "training/support-drafts*.txt (our own drafts)", "drafts": drafts, "C": model.C,
                     "seed": SEED, "multiple_instance_rounds": MI_ROUNDS, "class_weight": "balanced"},
        "cross_validated": figures_,
    }


def report(f: dict, model: Fitted, threshold: float, date: str) -> str:
    lines = [
        f"# Support tone model (T302), {date}",
        "",
        "Logistic regression over the politeness model's features (strategies and word n-grams, "
        "`commlint/ruletypes/politeness.py`) read per sentence, trained by `training/train_support_tone.py` on "
        f"{f['drafts']} support drafts of our own ({f['impolite']} impolite, {f['polite']} polite; {f['sentences']} "
        "sentences), nothing else. Every polite draft's sentence is a polite example, every impolite draft's an "
        f"impolite one ({MI_ROUNDS} multiple-instance refits). Whole-message strategies (length, question count) and "
        "n-grams of function words only get no weight. A draft is flagged when its worst sentence "
        "scores above the threshold, as rule T302 reports a reply.",
        "",
        f"Figures are {f['folds']}-fold cross-validated with folds grouped by minimal pair ({f['paired_drafts']} drafts "
        f"paired by shared words, {f['pair_groups']} groups in all; a draft and its partner are never split) and "
        "stratified by label; vocabulary, C and threshold are chosen inside each "
        f"training fold on its own grouped out-of-fold scores (precision on impolite >= {TARGET_PRECISION}, "
        f"<= {100 * POLITE_CAP:.0f} % of polite drafts flagged, threshold >= {MIN_THRESHOLD}).",
        "",
        "| figure | value |",
        "|---|---|",
        f"| accuracy, polite vs impolite at 0.5 | {f['accuracy_at_0.5']:.3f} |",
        f"| drafts flagged at the fold thresholds | {f['flagged']} |",
        f"| precision on impolite | {_num(f['precision_impolite'])} |",
        f"| recall on impolite | {f['recall_impolite']:.3f} |",
        f"| polite drafts flagged | {100 * f['polite_flagged_share']:.1f} % |",
        "",
        f"Fold C: {', '.join(str(c) for c in f['fold_C'])}; fold thresholds: "
        f"{', '.join(f'{t:.3f}' for t in f['fold_thresholds'])}. Shipped model (all drafts): C = {model.C}, "
        f"threshold {threshold:.3f}, {sum(n.startswith('w:') for n in model.weights)} n-grams and "
        f"{sum(n.startswith('s:') for n in model.weights)} strategies with weights.",
        "",
        "At fixed thresholds (same out-of-fold scores):",
        "",
        "| threshold | flagged | precision on impolite | recall on impolite |",
        "|---|---|---|---|",
    ]
    lines += [f"| {t} | {a['flagged']} | {_num(a['precision_impolite'])} | {a['recall_impolite']:.3f} |"
              for t, a in f["at"].items()]
    lines += ["", "Strongest weights towards impolite:", ""]
    top = sorted(((w, n) for n, w in model.weights.items() if w > 0), reverse=True)[:25]
    lines += [f"- `{n}` {w:+.2f}" for w, n in top]
    return "\n".join(lines) + "\n"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=Path, default=DRAFTS, help="the folder of support-drafts*.txt")
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    parser.add_argument("--figures-only", action="store_true", help="print the cross-validated figures, write nothing")
    args = parser.parse_args(argv)
    drafts = read_drafts(args.drafts)
    groups = pair_groups(drafts)
    figures_ = cross_validated(drafts, groups)
    print(json.dumps(figures_, indent=1))
    if args.figures_only:
        return 0
    C, threshold = choose(drafts, groups)
    model = fit(drafts, C)
    out = ROOT / "models" / "tone-support.json"
    out.write_text(json.dumps(model_json(model, threshold, figures_, len(drafts)), indent=0, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    result = ROOT / "benchmarks" / "results" / f"tone-support-{args.date}.md"
    result.write_text(report(figures_, model, threshold, args.date), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
