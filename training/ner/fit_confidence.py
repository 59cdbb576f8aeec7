"""Fit the confidence model of the English entity stage (``streams/entities/confidence.py``).

Each candidate name the document evidence keeps (``DocumentEvidence.candidates``) becomes one
example: its features, and whether the gold has that exact span with that type. Only sets the
tagger never trained on are used (its beliefs on its own training text are too sure of
themselves). One logistic model per type.

Validated two ways, each printing candidate-level precision, recall and F1 per threshold:
leave-one-corpus-out (the model fitted on the other corpora scores each), and five folds of
documents over all corpora (``--left-out`` also scores the whole stage on each corpus with the
model and thresholds fitted on the others; ``--dealings N`` scores the chosen thresholds under
N dealings of the documents into folds, and their mean). Then the whole entity stage is
scored by ``ner_eval`` with each document read by the model of its held-out fold, for a few
thresholds per type: the thresholds with the best mean F1 over the corpora (``--beta``) that hold web pages at
precision 0.8 (``--min-precision``) ship (of those within ``NEAR_TIE`` of the best, the most
precise), with the model refitted on all of them (``confidence.json``).

    python training/ner/fit_confidence.py conll=$D/conll2003/eng.testa gum=$D/gum/gum.dev \\
        web=$D/ner/web/web.dev --min-precision web=0.8 --write streams/entities/confidence.json

Needs scikit-learn (``pip install scikit-learn==1.7.2``) and ``../shared/tools/ner_eval.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import itertools
import json
import sys
from pathlib import Path
from typing import NamedTuple

import numpy as np
from sklearn.linear_model import LogisticRegression

from streams.entities import confidence, extractor
from streams.entities.confidence import FEATURES
from streams.entities.evidence import DocumentEvidence
from streams.entities.model import TYPES, find_spans

TOOLS = Path(__file__).resolve().parents[3] / "shared" / "tools"
C = 1.0  # inverse regularisation strength of each logistic model
STAGE_THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)  # tried on the whole stage, which is slower
NEAR_TIE = 0.002  # mean F-beta this close to the best is a tie: the more precise combination wins
BETA = 1.0  # the thresholds maximise the mean F-beta of the whole stage (--beta 0.5: precision counts twice)
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


def _scorer():
    spec = importlib.util.spec_from_file_location("ner_eval", TOOLS / "ner_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["ner_eval"] = module
    spec.loader.exec_module(module)
    return module


class Corpus(NamedTuple):
    docs: list  # ner_eval Documents
    x: np.ndarray  # candidates x features
    label: np.ndarray  # the candidate's type, an index of TYPES
    right: np.ndarray  # whether the gold has that span with that type
    doc: np.ndarray  # the candidate's document
    gold: np.ndarray  # gold spans per document


def examples(path: str) -> Corpus:
    docs = _scorer().read_conll(path)
    rows, labels, right, doc_of = [], [], [], []
    for i, (doc, scored) in enumerate(zip(docs, find_spans([d.text for d in docs]), strict=True)):
        gold = set(doc.gold)
        evidence = DocumentEvidence.read(doc.text)
        names = evidence.names(evidence.candidates(scored))
        # names typed by a cue of the text or known to a registry are kept whatever the
        # model says: judged_features leaves them out
        for key, features in evidence.judged_features(names).items():
            for mention in names[key]:  # the scorer counts mentions
                rows.append(features)
                labels.append(TYPES.index(mention.label))
                right.append((mention.start, mention.end, mention.label) in gold)
                doc_of.append(i)
    return Corpus(docs, np.array(rows), np.array(labels), np.array(right), np.array(doc_of),
                  np.array([len(set(d.gold)) for d in docs]))


def fit(parts: list[Corpus]) -> dict[str, LogisticRegression]:
    """One model per type; each corpus weighs the same, however many candidates it has."""
    x = np.vstack([c.x for c in parts])
    label = np.concatenate([c.label for c in parts])
    right = np.concatenate([c.right for c in parts])
    weight = np.concatenate([np.full(len(c.x), len(x) / (len(parts) * len(c.x))) for c in parts])
    return {kind: LogisticRegression(C=C, max_iter=5000).fit(
                x[label == k], right[label == k], sample_weight=weight[label == k])
            for k, kind in enumerate(TYPES)}


def probabilities(models: dict[str, LogisticRegression], corpus: Corpus) -> np.ndarray:
    p = np.zeros(len(corpus.x))
    for k, kind in enumerate(TYPES):
        if (corpus.label == k).any():
            p[corpus.label == k] = models[kind].predict_proba(corpus.x[corpus.label == k])[:, 1]
    return p


def scores(p: np.ndarray, right: np.ndarray, gold: int, threshold: float) -> tuple[float, float, float]:
    kept = p >= threshold
    tp = int((kept & right).sum())
    precision = tp / max(int(kept.sum()), 1)
    recall = tp / max(gold, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def _subset(corpus: Corpus, docs: np.ndarray) -> Corpus:
    keep = np.isin(corpus.doc, docs)
    return Corpus(corpus.docs, corpus.x[keep], corpus.label[keep], corpus.right[keep], corpus.doc[keep],
                  corpus.gold[np.sort(docs)])


FOLDS = 5


class Folds(NamedTuple):
    of: dict[str, np.ndarray]  # corpus -> each document's fold
    models: list[dict[str, LogisticRegression]]  # fold -> the models fitted on the other folds


def folds(data: dict[str, Corpus], seed: int = 0) -> Folds:
    """Documents dealt into FOLDS at random (seeded), and each fold's models, fitted once on
    all the other folds' documents."""
    rng = np.random.default_rng(seed)
    fold_of = {name: rng.integers(0, FOLDS, len(c.gold)) for name, c in data.items()}
    return Folds(fold_of, [fit([_subset(c, np.flatnonzero(fold_of[n] != fold)) for n, c in data.items()])
                           for fold in range(FOLDS)])


def _install(models: dict[str, LogisticRegression], thresholds: dict[str, float]) -> None:
    """Make the entity stage use ``models`` (as if they were in confidence.json)."""
    types = {kind: (float(m.intercept_[0]), [float(w) for w in m.coef_[0]]) for kind, m in models.items()}
    confidence._model = lambda: (types, thresholds)


def f_beta(precision: float, recall: float, beta: float) -> float:
    if not precision + recall:
        return 0.0
    return (1 + beta ** 2) * precision * recall / (beta ** 2 * precision + recall)


def end_to_end(data: dict[str, Corpus], split: Folds, thresholds: dict[str, float]) -> dict[str, dict]:
    """The whole entity stage (what ``news.articles`` carries) scored by ner_eval, each
    document with the model of the fold it was held out of: corpus -> ner_eval's scores."""
    scorer = _scorer()
    predictions = {name: [set()] * len(c.docs) for name, c in data.items()}
    stage = extractor()
    for fold, models in enumerate(split.models):
        _install(models, thresholds)
        for name, corpus in data.items():
            held = np.flatnonzero(split.of[name] == fold)
            found = stage([corpus.docs[i].text for i in held])
            for i, spans in zip(held, found, strict=True):
                predictions[name][i] = scorer.map_labels(spans, stage.label_map)
    return {name: scorer.score(corpus.docs, predictions[name]) for name, corpus in data.items()}


def _precision_recall(per_type: dict[str, dict[str, dict]]) -> dict[str, tuple[float, float]]:
    """Each corpus's precision and recall, from each type's counts (type -> corpus -> scores)."""
    found = {}
    for name in next(iter(per_type.values())):
        tp, fp, fn = (sum(per_type[kind][name][kind][count] for kind in TYPES)
                      for count in ("tp", "fp", "fn"))
        found[name] = (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)
    return found


def _mean_precision(per_type: dict[str, dict[str, dict]]) -> float:
    found = _precision_recall(per_type)
    return sum(precision for precision, _ in found.values()) / len(found)


def _mean_f_beta(per_type: dict[str, dict[str, dict]], beta: float) -> float:
    """Mean over the corpora of F-beta, from each type's counts (type -> corpus -> scores)."""
    found = _precision_recall(per_type)
    return sum(f_beta(precision, recall, beta) for precision, recall in found.values()) / len(found)


def _print_stage(title: str, scores: dict[str, dict], beta: float) -> None:
    print(f"whole entity stage, five folds, {title}:\n  corpus      P     R    F1  F{beta}")
    for name, result in scores.items():
        overall = result["overall"]
        print(f"  {name:9} {100 * overall['p']:5.1f} {100 * overall['r']:5.1f} {100 * overall['f1']:5.1f}"
              f" {100 * f_beta(overall['p'], overall['r'], beta):5.1f}")


def thresholds_per_type(data: dict[str, Corpus], split: Folds, beta: float,
                        min_precision: dict[str, float]) -> dict[str, float]:
    """Each type's threshold: the combination with the best mean F-beta over the corpora
    among those that hold each corpus of ``min_precision`` at that precision (web pages at
    0.8: what a subscriber filters on must be right), or the best overall if none does.
    Combinations within ``NEAR_TIE`` of the best are a tie, broken by mean precision.

    The stage is scored once per threshold applied to every type; a type's counts depend
    (almost) only on its own threshold, so every combination of thresholds is scored from
    those runs' per-type counts, and the chosen combination is then scored for real."""
    runs = {}
    for threshold in STAGE_THRESHOLDS:
        runs[threshold] = end_to_end(data, split, dict.fromkeys(TYPES, threshold))
        _print_stage(f"threshold {threshold} for every type", runs[threshold], beta)

    def counts(combo: tuple[float, ...]) -> dict[str, dict[str, dict]]:
        return {kind: runs[threshold] for kind, threshold in zip(TYPES, combo, strict=True)}

    def precise(combo: tuple[float, ...]) -> bool:
        found = _precision_recall(counts(combo))
        return all(found[name][0] >= floor for name, floor in min_precision.items())

    combos = list(itertools.product(STAGE_THRESHOLDS, repeat=len(TYPES)))
    if min_precision and not any(precise(combo) for combo in combos):
        print(f"no thresholds reach the precision {min_precision}: best mean F{beta} instead")
        min_precision = {}
    scored = {combo: _mean_f_beta(counts(combo), beta) for combo in combos if precise(combo)}
    top = max(scored.values())
    # Folds cannot tell apart combinations this close; of those, the most precise goes (a
    # subscriber filters on what is right), then the higher thresholds.
    best = max((combo for combo, score in scored.items() if score >= top - NEAR_TIE),
               key=lambda combo: (_mean_precision(counts(combo)), combo))
    chosen = dict(zip(TYPES, best, strict=True))
    estimate = scored[best]
    scores = end_to_end(data, split, chosen)
    _print_stage(f"thresholds {chosen}", scores, beta)
    measured = sum(f_beta(r["overall"]["p"], r["overall"]["r"], beta) for r in scores.values()) / len(scores)
    print(f"mean F{beta}: estimated {100 * estimate:.1f}, measured {100 * measured:.1f}")
    return chosen


def left_out(data: dict[str, Corpus], beta: float) -> None:
    """The whole stage on each corpus as a genre it never saw: the model and its thresholds
    (best mean F-beta, no precision floor) fitted on the other corpora alone."""
    for held, corpus in data.items():
        others = {name: c for name, c in data.items() if name != held}
        with contextlib.redirect_stdout(io.StringIO()):
            thresholds = thresholds_per_type(others, folds(others), beta, {})
        # one "fold" holding every document of the corpus, read by the others' model
        whole = Folds({held: np.zeros(len(corpus.docs), dtype=int)}, [fit(list(others.values()))])
        overall = end_to_end({held: corpus}, whole, thresholds)[held]["overall"]
        print(f"  {held:9} left out, thresholds {thresholds}: P {100 * overall['p']:.1f} "
              f"R {100 * overall['r']:.1f} F1 {100 * overall['f1']:.1f}")


def other_dealings(data: dict[str, Corpus], thresholds: dict[str, float], dealings: int) -> None:
    """The whole stage with ``thresholds`` under other dealings of the documents into folds:
    one dealing's figure moves by a point on a corpus of 30 documents (GUM dev: 63.1 to 64.9
    over four dealings, 2026-12-01), so a change is judged by the mean."""
    totals: dict[str, list[float]] = {name: [] for name in data}
    for seed in range(dealings):
        scores = end_to_end(data, folds(data, seed), thresholds)
        for name, result in scores.items():
            totals[name].append(100 * result["overall"]["f1"])
        print(f"  dealing {seed}: " + "  ".join(f"{n} {totals[n][-1]:.2f}" for n in data))
    print("  mean:      " + "  ".join(f"{n} {sum(v) / len(v):.2f}" for n, v in totals.items()))


def cross_validated(data: dict[str, Corpus], split: Folds) -> dict[str, np.ndarray]:
    """Each corpus's candidates scored by the models of the fold their document was held
    out of."""
    p = {name: np.zeros(len(c.x)) for name, c in data.items()}
    for fold, models in enumerate(split.models):
        for name, corpus in data.items():
            held = np.flatnonzero(split.of[name] == fold)
            p[name][np.isin(corpus.doc, held)] = probabilities(models, _subset(corpus, held))
    return p


def _report(title: str, data: dict[str, Corpus], p: dict[str, np.ndarray]) -> None:
    print(f"{title}\n  corpus   threshold     P     R    F1   (belief >= 0.5: P, R, F1)")
    for name, corpus in data.items():
        base = scores(corpus.x[:, 0], corpus.right, int(corpus.gold.sum()), 0.5)
        for threshold in THRESHOLDS:
            precision, recall, f1 = scores(p[name], corpus.right, int(corpus.gold.sum()), threshold)
            print(f"  {name:9} {threshold:9.2f} {100 * precision:5.1f} {100 * recall:5.1f} {100 * f1:5.1f}"
                  f"   ({100 * base[0]:.1f}, {100 * base[1]:.1f}, {100 * base[2]:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", help="name=path of a CoNLL-format file")
    parser.add_argument("--write", help="where to write the fitted model (confidence.json)")
    parser.add_argument("--beta", type=float, default=BETA, help="the F-beta the thresholds maximise")
    parser.add_argument("--min-precision", action="append", default=[], metavar="NAME=P",
                        help="hold corpus NAME at precision P or more (the product's operating point)")
    parser.add_argument("--left-out", action="store_true",
                        help="also score the whole stage on each corpus fitted on the others alone")
    parser.add_argument("--dealings", type=int, default=1, metavar="N",
                        help="also score the chosen thresholds under N dealings of documents into folds")
    args = parser.parse_args()
    floors = {name: float(p) for name, p in (item.split("=", 1) for item in args.min_precision)}
    data = {}
    for item in args.corpora:
        name, path = item.split("=", 1)
        data[name] = corpus = examples(path)
        print(f"{name}: {len(corpus.x)} candidates, {int(corpus.right.sum())} right, "
              f"{int(corpus.gold.sum())} gold spans", file=sys.stderr)
    held_out = {}
    for held in data:
        held_out[held] = probabilities(fit([c for n, c in data.items() if n != held]), data[held])
    _report("leave one corpus out (a genre the model never saw):", data, held_out)
    split = folds(data)
    _report("five folds of documents over all corpora (the genres shipped):", data,
            cross_validated(data, split))
    thresholds = thresholds_per_type(data, split, args.beta, floors)
    if args.left_out:
        print("whole entity stage, each corpus left out of the fit (a genre it never saw):")
        left_out(data, args.beta)
    if args.dealings > 1:
        print(f"whole entity stage, thresholds {thresholds}, F1 under {args.dealings} dealings into folds:")
        other_dealings(data, thresholds, args.dealings)
    if args.write:
        models = fit(list(data.values()))
        out = {"features": list(FEATURES), "fitted_on": sorted(data),
               "types": {kind: {"bias": round(float(m.intercept_[0]), 5),
                                "weights": [round(float(w), 5) for w in m.coef_[0]],
                                "threshold": thresholds[kind]}
                         for kind, m in models.items()}}
        Path(args.write).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
