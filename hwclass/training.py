"""Training and evaluating the text model: labelling, cross-validation, held-out report.

CLI contract (``cli.py`` calls these; each raises ``hwclass.errors`` exceptions only)
---------------------------------------------------------------------------
``hwclass harvest SOURCE [--rev REV] [--rules FILE] -o OUT.jsonl``
    ``n = harvest.write_harvest(harvest.harvest(SOURCE, rev=REV, rules=RULES), OUT)``;
    print ``f"{n} examples written to {OUT}"``.
``hwclass train DATA... [--base DATA]... [--taxonomy T] [--model OUT] [--folds K] [--strict]``
    ``result = train_files(DATA, base=BASE, taxonomy=T, out=OUT, folds=K, strict=STRICT)``
    (OUT None: :func:`textmodel.default_model_path`).  DATA are the examples
    (with ``--base``, DATA are a person's corrections and outweigh the base
    data).  Print ``result.summary()`` (example counts, warnings count, cross-
    validated accuracy when folds > 1, seconds, model path and size); the
    warnings themselves on stderr (``result.warnings``, at most ~20 + "N more").
    The previous model file is untouched when anything fails.
``hwclass predict TEXT... [--model FILE] [--taxonomy T]``
    ``model = textmodel.load_model(FILE)``; ``predict_texts(model, TEXTS, taxonomy=T, paths=P, top=K)``
    returns rows (text, kind, category, confidence, top features); ``format_predictions(rows, FMT)``.
``hwclass evaluate DATA... [--model FILE] [--taxonomy T] [--plot PNG]``
    ``report = evaluate_files(DATA, model=FILE, taxonomy=T, plot=PNG)``; print
    ``format_report(report)`` (accuracy at category level, at kind level where
    kinds are known, per-category precision/recall, the confusion matrix).

``python -m hwclass.training --heldout`` re-measures the held-out figures of
``models/README.md`` (LWN <= 5.15 + a harvest -> LWN 5.16..6.1, and the
baseline); ``python -m hwclass.training --build`` rebuilds the shipped model
(``models/rebuild.sh``).  Both take ``--kernel`` once per harvest source,
newest first (default: Linux 6.12, and 6.1 when its tarball is present); the
harvests are merged by :func:`merge_harvests` (a symbol with the same prompt
counts once).

How labels are used
-------------------
The model predicts kinds.  Examples labelled with a kind train it directly;
examples with only a category (LWN lists) get *category-constrained* kinds:
a first model, trained on the kind-labelled examples plus one seed example
per kind (its kinds.yaml description), names the most probable kind among
the kinds of the example's category.  Every kind-labelled harvest example
is also given as its *name view* (:func:`name_views`: the cleaned prompt
alone, as LWN writes items); the first model is trained on the name views,
the final model on all.  LWN examples weigh :data:`LWN_WEIGHT` (0.5): their
labels are editorial and changed over the years.
Two opinions are folded into the kind probabilities of examples without
paths: a category model of names (:func:`fit_category_model`) and a table of
part numbers from harvested prompts (:func:`part_kinds`).
Corrections (``--base``) get a large sample weight; after fitting, any
correction the model still gets wrong has its weight raised and the model
is refitted (up to 3 times), so a person's correction holds.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import HwclassError
from .labelled import LabelledData, load_examples
from .textmodel import Example, LoadedModel, TextClassifier, default_model_path, load_model, save_model

__all__ = ["TrainResult", "train", "train_files", "label_kinds", "cross_validate", "evaluate",
           "evaluate_files", "predict_texts", "read_texts", "format_predictions", "format_report", "confusion_matrix", "plot_confusion",
           "heldout_report", "release_key", "DEFAULT_PARAMS", "CORRECTION_WEIGHT", "part_kinds",
           "fit_category_model", "CATEGORY_BLEND", "PART_BLEND", "merge_harvests", "build_shipped",
           "default_kernels"]

#: Parameters of the shipped model (TextClassifier keyword arguments).
DEFAULT_PARAMS: dict = {"C": 2.0, "max_iter": 80, "prune": 0.06, "min_df": 2}
#: The first (labelling) model only ranks the kinds of one category: fewer iterations.
FIRST_MODEL_MAX_ITER = 40
#: Sample weight of a person's corrections relative to base examples.
CORRECTION_WEIGHT = 20.0
#: Sample weight of LWN (category-only, editor-written) examples (their labels are
#: editorial and changed over the years: below the harvest, measured on 5.0-5.15).
LWN_WEIGHT = 0.5
#: Sample weight of the name view of a harvest example (see :func:`name_views`);
#: below 1 so that paths still decide where a title says little.
NAME_VIEW_WEIGHT = 0.75
#: The category model (see :func:`fit_category_model`): a category-level logistic
#: regression on the name views alone, title features of singular words
#: (``char_wb_sg``, ``word_sg``: LWN writes "PHYs", prompts say "PHY").  C, the
#: pruning and the blend weight were chosen on the validation slice.
CATEGORY_PARAMS: dict = {"C": 32.0, "min_df": 1, "max_iter": 100, "prune": 0.05,
                         "blocks": (("cat_char", "title", "char_wb_sg", (2, 5), 1.0, 48000),
                                    ("cat_word", "title", "word_sg", (1, 2), 1.0, 16000))}
#: Weight of the category model's opinion in the blended category probabilities
#: (chosen on the validation slice LWN <= 4.20 + harvest -> 5.0..5.15).
CATEGORY_BLEND = 0.5
#: Weight of the part-number lookup (:func:`part_kinds`) where a name's part
#: numbers all point to one harvested kind (chosen on the validation slice).
PART_BLEND = 0.5


def release_key(release) -> tuple:
    """'2.6.32' -> (2, 6, 32); '5.16' -> (5, 16); None -> ()."""
    if release is None:
        return ()
    out = []
    for part in str(release).split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        out.append(int(digits) if digits else 0)
    return tuple(out)


def _taxonomy(taxonomy):
    from .taxonomy import load_taxonomy
    if taxonomy is None or isinstance(taxonomy, (str, os.PathLike)):
        return load_taxonomy(taxonomy)
    return taxonomy


def seed_examples() -> LabelledData:
    """One example per kind: its kinds.yaml description (so every kind exists)."""
    from .taxonomy import load_kinds
    data = LabelledData()
    for name, kind in load_kinds().items():
        data.append(Example(text=kind.description), name, None, 1.0, None, "seed", "kinds.yaml")
    return data


# -- labelling and fitting ---------------------------------------------------------

def name_views(data: LabelledData, weight: float = NAME_VIEW_WEIGHT) -> LabelledData:
    """The LWN-style views of every kind-labelled harvest example: its hardware
    name (the cleaned Kconfig prompt, :func:`hwclass.naming.clean_prompt`)
    alone - no help text, paths or symbol - with the same kind; and, where its
    help text says what it supports, that phrase alone
    (:func:`hwclass.naming.described_hardware`: "Acme X1 light sensor").

    LWN items and the items the model meets without a path are one short
    line; a model that learnt kinds only from prompt + help + paths leans on
    what such a line lacks.  Trained on both views, the title features must
    carry the kind on their own; the help's phrases are the hardware said in
    prose, as LWN says it, more often than a prompt does.  Origin ``harvest-name``."""
    from .naming import clean_prompt, described_hardware
    out = LabelledData(taxonomy_name=data.taxonomy_name)
    labelled = [i for i in range(len(data)) if data.origins[i] == "harvest" and data.kinds[i] is not None]
    seen = set()
    for name_of in (lambda ex: clean_prompt(ex.text) or ex.text,
                    lambda ex: described_hardware(ex.help) if ex.help else ""):
        for i in labelled:
            name = name_of(data.examples[i])
            key = (name.casefold(), data.kinds[i])
            if not name or key in seen:
                continue
            seen.add(key)
            out.append(Example(text=name), data.kinds[i], data.categories[i], weight,
                       data.releases[i], "harvest-name", data.where[i])
    return out


def label_kinds(data: LabelledData, taxonomy, params: dict | None = None,
                first_model: TextClassifier | None = None) -> list[str]:
    """Every example's kind: its own, or (category only) the first model's most
    probable kind among the kinds of its category."""
    tax = _taxonomy(taxonomy)
    kinds = list(data.kinds)
    todo = [i for i, k in enumerate(kinds) if k is None]
    if not todo:
        return kinds
    choices = {}
    for i in todo:
        cat = data.categories[i]
        if cat not in choices:
            choices[cat] = tax.kinds_in(cat)
    need_model = [i for i in todo if len(choices[data.categories[i]]) > 1]
    for i in todo:
        if len(choices[data.categories[i]]) == 1:
            kinds[i] = choices[data.categories[i]][0]
    if need_model:
        if first_model is None:
            seed = seed_examples()
            known = [i for i, k in enumerate(data.kinds) if k is not None]
            if any(o == "harvest-name" for o in data.origins):
                # category-only examples are short names: rank kinds with a model of names
                known = [i for i in known if data.origins[i] != "harvest"]
            ex = [data.examples[i] for i in known] + seed.examples
            y = [data.kinds[i] for i in known] + seed.kinds
            w = [data.weights[i] for i in known] + seed.weights
            p = dict(DEFAULT_PARAMS, **(params or {}))
            p["min_df"] = 1 if len(ex) < 2000 else p.get("min_df", 2)
            p["max_iter"] = min(p.get("max_iter", 100), FIRST_MODEL_MAX_ITER)
            first_model = TextClassifier(**p).fit(ex, y, sample_weight=w)
        proba = first_model.predict_proba([data.examples[i] for i in need_model])
        col = {str(c): j for j, c in enumerate(first_model.classes_)}
        for row, i in enumerate(need_model):
            allowed = choices[data.categories[i]]
            best = max(allowed, key=lambda k: proba[row, col[k]] if k in col else -1.0)
            kinds[i] = best
    return kinds


def _fit(data: LabelledData, kinds: list[str], params: dict | None, tax=None,
         category_weight: float = CATEGORY_BLEND, also: Sequence[int] = (),
         part_weight: float = PART_BLEND) -> TextClassifier:
    p = dict(DEFAULT_PARAMS, **(params or {}))
    if len(data) < 2000:
        p["min_df"] = 1      # small data: keep every feature
    clf = TextClassifier(**p).fit(data.examples, kinds, sample_weight=data.weights)
    if tax is not None and category_weight > 0:
        cat = fit_category_model(data, kinds, tax, also)
        if cat is not None:
            clf.attach_category_model(cat, dict(tax.kind_category), category_weight)
    if tax is not None and part_weight > 0:
        table = part_kinds(data, kinds, tax, also)
        if table:
            clf.attach_part_kinds(table, part_weight)
    return clf


def part_kinds(data: LabelledData, kinds: list[str], tax, also: Sequence[int] = ()) -> dict[str, str]:
    """Part number -> kind, from the names (Kconfig prompts) of harvest examples:
    every :func:`textmodel.part_tokens` token ("apds9960", "ad5766") whose
    examples all have one kind.  A token seen with two kinds (an SoC name:
    "sm8550" names clocks, pins, interconnects...) is left out.  The examples
    at ``also`` (a person's corrections) take part too, with their kind or,
    when they have only a category, by removing any token whose kind is of
    another category.  Only part names are kept, never help texts."""
    from .textmodel import part_tokens
    seen: dict[str, set] = {}
    extra = set(also)
    for i, ex in enumerate(data.examples):
        if (data.origins[i] != "harvest" and i not in extra) or data.kinds[i] is None:
            continue
        for t in set(part_tokens(ex.text or "")):
            seen.setdefault(t, set()).add(data.kinds[i])
    table = {t: next(iter(ks)) for t, ks in seen.items() if len(ks) == 1}
    for i in extra:
        if data.kinds[i] is None:
            cat = data.categories[i]
            for t in part_tokens(data.examples[i].text or ""):
                if t in table and tax.category_of(table[t]) != cat:
                    del table[t]
    return table


def fit_category_model(data: LabelledData, kinds: list[str], tax,
                       also: Sequence[int] = ()) -> TextClassifier | None:
    """A category-level classifier of hardware *names*: trained on the name views
    (origin ``harvest-name``) and the examples at indices ``also`` (a person's
    corrections, weighted, so that they hold), labelled with their kind's category.

    Short LWN-style lines are what it reads best; its categories are folded into
    the kind model's probabilities (:meth:`TextClassifier.attach_category_model`).
    None when there are no name views (small training sets) or one category."""
    idx = [i for i, o in enumerate(data.origins) if o == "harvest-name"]
    if not idx:
        return None
    seen = set(idx)
    idx += [i for i in also if i not in seen]
    y = [tax.category_of(kinds[i]) for i in idx]
    if len(set(y)) < 2:
        return None
    return TextClassifier(**CATEGORY_PARAMS).fit([data.examples[i] for i in idx], y,
                                                 sample_weight=[data.weights[i] for i in idx])


@dataclass
class TrainResult:
    classifier: TextClassifier
    taxonomy_name: str
    kind_category: dict
    metadata: dict
    warnings: list[str] = field(default_factory=list)
    path: str | None = None

    def summary(self) -> str:
        m = self.metadata
        lines = [f"trained on {m['n_examples']} examples ({', '.join(f'{k}: {v}' for k, v in m['examples_by_origin'].items())})"
                 f" in {m['train_seconds']:.1f} s; {len(self.classifier.classes_)} kinds, "
                 f"{self.classifier.n_features_} features"]
        cv = m.get("metrics", {}).get("cross_validation")
        if cv:
            lines.append(f"cross-validated ({cv['folds']} folds): category accuracy {cv['category_accuracy']:.3f}"
                         + (f", kind accuracy {cv['kind_accuracy']:.3f}" if cv.get("kind_accuracy") is not None else ""))
        if self.warnings:
            lines.append(f"{len(self.warnings)} records skipped or with warnings")
        if self.path:
            lines.append(f"model written to {self.path} ({os.path.getsize(self.path) / 1e6:.1f} MB)")
        return "\n".join(lines)


def train(data: LabelledData, taxonomy=None, params: dict | None = None,
          corrections: LabelledData | None = None, correction_weight: float = CORRECTION_WEIGHT,
          seeds: bool = True) -> TrainResult:
    """Fit the final model on ``data`` (+ ``corrections``, weighted), category-constrained labelling."""
    tax = _taxonomy(taxonomy)
    t0 = time.perf_counter()
    all_data = LabelledData(taxonomy_name=tax.name)
    if seeds:
        all_data.extend(seed_examples())
    all_data.extend(data)
    all_data.extend(name_views(data))
    n_corr_start = len(all_data)
    if corrections is not None:
        all_data.extend(corrections, weight_factor=correction_weight)
    if len(all_data) - (len(seed_examples()) if seeds else 0) == 0:
        raise HwclassError("no labelled examples to train on")
    kinds = label_kinds(all_data, tax, params)
    corr_idx = list(range(n_corr_start, len(all_data)))
    clf = _fit(all_data, kinds, params, tax, also=corr_idx)
    # Corrections must hold: raise the weight of any the model still gets wrong.
    if corrections is not None and len(corrections):
        idx = list(range(n_corr_start, len(all_data)))
        for _ in range(3):
            pred = clf.predict([all_data.examples[i] for i in idx])
            wrong = [i for i, k in zip(idx, pred) if tax.category_of(k) != tax.category_of(kinds[i])
                     or (all_data.kinds[i] is not None and k != kinds[i])]
            if not wrong:
                break
            for i in wrong:
                all_data.weights[i] *= 5.0
            clf = _fit(all_data, kinds, params, tax, also=corr_idx)
    seconds = time.perf_counter() - t0
    meta = {
        "taxonomy": tax.name,
        "training_data_sha256": all_data.sha256(),
        "n_examples": len(all_data),
        "examples_by_origin": all_data.counts(),
        "train_seconds": round(seconds, 2),
        "params": dict(DEFAULT_PARAMS, **(params or {})),
        "metrics": {},
    }
    warnings = list(data.warnings) + (list(corrections.warnings) if corrections is not None else [])
    return TrainResult(clf, tax.name, dict(tax.kind_category), meta, warnings)


def train_files(data_paths: Sequence, base: Sequence | None = None, taxonomy=None, out=None,
                folds: int = 0, strict: bool = False, params: dict | None = None,
                correction_weight: float = CORRECTION_WEIGHT) -> TrainResult:
    """Load, train, (cross-validate), save atomically.  With ``base``, ``data_paths`` are corrections."""
    tax = _taxonomy(taxonomy)
    if base:
        data = _load_weighted(base, tax, strict)
        corrections = load_examples(list(data_paths), tax, strict=strict)
    else:
        data = _load_weighted(data_paths, tax, strict)
        corrections = None
    out = os.fspath(out) if out is not None else default_model_path()
    from .report import check_writable
    check_writable(out)               # fail before the work, not after
    result = train(data, tax, params, corrections, correction_weight)
    if folds and folds > 1:
        merged = LabelledData(taxonomy_name=tax.name).extend(data)
        if corrections is not None:
            merged.extend(corrections, correction_weight)
        result.metadata["metrics"]["cross_validation"] = cross_validate(merged, tax, folds, params)
    save_model(result.classifier, out, result.metadata, kind_category=result.kind_category,
               taxonomy_name=tax.name)
    result.path = out
    return result


_LINE_SUFFIX = re.compile(r":\d+$")


def _file_of(where: str) -> str:
    """The file of an example's ``file:line`` (one LWN article, one harvest, one classify output)."""
    return _LINE_SUFFIX.sub("", where)


def _load_weighted(paths, tax, strict) -> LabelledData:
    """Load data; LWN-form examples get :data:`LWN_WEIGHT`.  Harvest examples of
    several files (two releases' harvests) are merged as :func:`merge_harvests`
    does: a symbol with the same prompt in an earlier file is not repeated."""
    data = load_examples(list(paths), tax, strict=strict)
    harvested = [i for i, o in enumerate(data.origins) if o == "harvest"]
    if len({_file_of(data.where[i]) for i in harvested}) > 1:
        drop = {harvested[j] for j in _held_by_an_earlier_harvest(
            [(_file_of(data.where[i]), _harvest_key(data, i)) for i in harvested])}
        keep = [i for i in range(len(data)) if i not in drop]
        if len(keep) < len(data):
            warnings = data.warnings
            data = data.subset(keep)
            data.warnings = warnings
    for i, o in enumerate(data.origins):
        if o == "lwn":
            data.weights[i] *= LWN_WEIGHT
    return data


# -- evaluation ---------------------------------------------------------------------

def _category_predictions(proba: np.ndarray, kinds: list[str], tax) -> list[str]:
    """Category with the highest summed kind probability."""
    cats = sorted(set(tax.category_of(k) for k in kinds))
    col = {c: j for j, c in enumerate(cats)}
    M = np.zeros((len(kinds), len(cats)))
    for i, k in enumerate(kinds):
        M[i, col[tax.category_of(k)]] = 1.0
    return [cats[j] for j in (proba @ M).argmax(axis=1)]


def confusion_matrix(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] | None = None):
    """(labels, matrix) with rows = truth, columns = prediction."""
    if labels is None:
        labels = sorted(set(y_true) | set(y_pred))
    idx = {l: i for i, l in enumerate(labels)}
    m = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(y_true, y_pred):
        if t in idx and p in idx:
            m[idx[t], idx[p]] += 1
    return list(labels), m


def _metrics(true_cat, pred_cat, true_kind=None, pred_kind=None) -> dict:
    n = len(true_cat)
    labels, m = confusion_matrix(true_cat, pred_cat)
    per = {}
    for i, l in enumerate(labels):
        tp = m[i, i]
        prec = tp / m[:, i].sum() if m[:, i].sum() else 0.0
        rec = tp / m[i, :].sum() if m[i, :].sum() else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[l] = {"precision": round(float(prec), 3), "recall": round(float(rec), 3),
                  "f1": round(float(f1), 3), "support": int(m[i, :].sum())}
    supported = [v["f1"] for v in per.values() if v["support"]]
    out = {"n": n, "category_accuracy": round(float(np.mean([a == b for a, b in zip(true_cat, pred_cat)])), 4) if n else None,
           "category_macro_f1": round(float(np.mean(supported)), 4) if supported else None,
           "per_category": per, "confusion": {"labels": labels, "matrix": m.tolist()}}
    if true_kind is not None:
        pairs = [(a, b) for a, b in zip(true_kind, pred_kind) if a is not None]
        out["kind_n"] = len(pairs)
        out["kind_accuracy"] = round(float(np.mean([a == b for a, b in pairs])), 4) if pairs else None
    return out


def evaluate(model, data: LabelledData, taxonomy=None) -> dict:
    """Metrics of a model (LoadedModel or TextClassifier) on labelled data, under ``taxonomy``."""
    tax = _taxonomy(taxonomy)
    if not len(data):
        raise HwclassError("no labelled examples to evaluate on")
    proba = model.predict_proba(data.examples)
    kinds = [str(k) for k in (model.kinds if isinstance(model, LoadedModel) else model.classes_)]
    pred_kind = [kinds[j] for j in proba.argmax(axis=1)]
    pred_cat = _category_predictions(proba, kinds, tax)
    true_cat = [tax.category_of(k) if k is not None else c for k, c in zip(data.kinds, data.categories)]
    out = _metrics(true_cat, pred_cat, data.kinds, pred_kind)
    out["taxonomy"] = tax.name
    out["category_accuracy_argmax_kind"] = round(float(np.mean(
        [tax.category_of(k) == t for k, t in zip(pred_kind, true_cat)])), 4)
    sections = as_lists([tax.category_of(k) for k in pred_kind], data, tax)
    if sections:
        out["lists"] = {
            "n": len(sections),
            "n_lists": len({_file_of(data.where[i]) for i in sections}),
            "category_accuracy": round(float(np.mean([s == true_cat[i] for i, s in sections.items()])), 4)}
    return out


def as_lists(pred_cat: Sequence[str], data: LabelledData, tax) -> dict[int, str]:
    """Predicted categories as a published list shows them, for examples that came in lists.

    An LWN article or a ``hwclass classify`` output (one file) is one list:
    within it, a category the taxonomy deems too small for a section
    (``small_sections``) joins its target, as ``--format markdown`` shows it.
    Returns example index -> section, empty when the taxonomy folds nothing.
    """
    if not tax.folds_small_sections:
        return {}
    by_list: dict[str, list[int]] = {}
    for i, origin in enumerate(data.origins):
        if origin in ("lwn", "classify"):
            by_list.setdefault(_file_of(data.where[i]), []).append(i)
    sections: dict[int, str] = {}
    for idx in by_list.values():
        sections.update(zip(idx, tax.sections([pred_cat[i] for i in idx])))
    return sections


def evaluate_files(data_paths, model=None, taxonomy=None, plot=None, strict=False) -> dict:
    tax = _taxonomy(taxonomy)
    loaded = load_model(model)
    data = load_examples(list(data_paths), tax, strict=strict)
    report = evaluate(loaded, data, tax)
    report["warnings"] = data.warnings
    if plot:
        plot_confusion(report, plot)
    return report


def cross_validate(data: LabelledData, taxonomy=None, folds: int = 5, params: dict | None = None,
                   seed: int = 0) -> dict:
    """K-fold cross-validation of the whole training procedure (labelling included)."""
    tax = _taxonomy(taxonomy)
    n = len(data)
    if n < folds * 2:
        raise HwclassError(f"{n} examples are too few for {folds}-fold cross-validation")
    order = np.random.default_rng(seed).permutation(n)
    parts = np.array_split(order, folds)
    true_cat, pred_cat, true_kind, pred_kind = [], [], [], []
    for f in range(folds):
        test = sorted(parts[f].tolist())
        train_idx = sorted(np.concatenate([parts[g] for g in range(folds) if g != f]).tolist())
        res = train(data.subset(train_idx), tax, params)
        td = data.subset(test)
        proba = res.classifier.predict_proba(td.examples)
        kinds = [str(k) for k in res.classifier.classes_]
        pred_kind += [kinds[j] for j in proba.argmax(axis=1)]
        pred_cat += _category_predictions(proba, kinds, tax)
        true_cat += [tax.category_of(k) if k is not None else c for k, c in zip(td.kinds, td.categories)]
        true_kind += td.kinds
    out = _metrics(true_cat, pred_cat, true_kind, pred_kind)
    out["folds"] = folds
    out.pop("confusion", None)
    return out


def predict_texts(model: LoadedModel, texts: Sequence[str], taxonomy=None, paths: Sequence[str] = (),
                  top: int = 3) -> list[dict]:
    """Rows for ``hwclass predict``, in one batch: ``text``, ``kind``, ``category``
    (of ``taxonomy``, default the model's own), ``confidence`` (the category's
    probability: its kinds' summed probability, as classify gives it) and, with
    ``top``, ``features``: the words that weighed most towards the kind.

    ``paths`` are source paths read with every text.  One featurisation for
    the lot, features and probabilities together.
    """
    from .taxonomy import UNCLASSIFIED, load_taxonomy
    if taxonomy is not None:
        cat_of = load_taxonomy(taxonomy).category_of
    else:
        def cat_of(kind):
            return model.kind_category.get(kind) or UNCLASSIFIED
    examples = [Example(text=t, paths=list(paths)) for t in texts]
    kind_cats = [cat_of(k) for k in model.kinds]
    cats = sorted(set(kind_cats))
    col = {c: j for j, c in enumerate(cats)}
    member = np.zeros((len(model.kinds), len(cats)))
    member[np.arange(len(model.kinds)), [col[c] for c in kind_cats]] = 1.0
    if top:
        proba, feats = model.predict_with_proba(examples, top=top)
    else:
        proba, feats = model.predict_proba(examples), None
    best = proba.argmax(axis=1)
    conf = (proba @ member)[np.arange(len(examples)), [col[kind_cats[k]] for k in best]]
    rows = []
    for i, (ex, k) in enumerate(zip(examples, best.tolist())):
        row = {"text": ex.text, "kind": model.kinds[k], "category": kind_cats[k],
               "confidence": round(float(conf[i]), 4)}
        if feats is not None:
            row["features"] = [{"feature": n, "weight": round(w, 3)} for n, w in feats[i].top_features]
        rows.append(row)
    return rows


def read_texts(source: str) -> list[str]:
    """One text per non-blank line of a file, or of standard input (``-``)."""
    from .errors import FileFormatError
    from .yamlfile import read_text
    if source != "-":
        return [ln.strip() for ln in read_text(source, "file").splitlines() if ln.strip()]
    stdin = sys.stdin
    raw = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode("utf-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError("<stdin>", "not UTF-8 text", raw[: exc.start].count(b"\n") + 1) from None
    return [ln.strip() for ln in text.lstrip("\ufeff").splitlines() if ln.strip()]


def format_predictions(rows: list[dict], fmt: str = "table", width: int = 48) -> str:
    """:func:`predict_texts` rows as a table, JSON or JSON lines."""
    import json
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)

    def short(t):
        return t if len(t) <= width else t[: width - 1] + "…"
    tw = max([4] + [len(short(r["text"])) for r in rows])
    cw = max([8] + [len(r["category"]) for r in rows])
    kw = max([4] + [len(r["kind"]) for r in rows])
    lines = [f"{'TEXT':<{tw}}  {'CATEGORY':<{cw}}  {'KIND':<{kw}}  CONF  WHY"]
    for r in rows:
        why = ", ".join(f"{f['feature']} ({f['weight']:+.2f})" for f in r.get("features", []))
        lines.append(f"{short(r['text']):<{tw}}  {r['category']:<{cw}}  {r['kind']:<{kw}}  "
                     f"{r['confidence']:.2f}  {why}".rstrip())
    return "\n".join(lines) + "\n"


def format_report(report: dict) -> str:
    """A terminal report of :func:`evaluate` metrics."""
    lines = [f"{report['n']} examples, taxonomy {report.get('taxonomy', '?')}",
             f"category accuracy: {report['category_accuracy']:.3f}   macro F1: {report['category_macro_f1']:.3f}"]
    if report.get("kind_accuracy") is not None:
        lines.append(f"kind accuracy: {report['kind_accuracy']:.3f} (on {report['kind_n']} examples with a kind)")
    lists = report.get("lists")
    if lists:
        lines.append(f"as published lists: {lists['category_accuracy']:.3f} (most probable kind's category, "
                     f"small sections folded as the taxonomy says; {lists['n']} examples in "
                     f"{lists['n_lists']} lists)")
    lines.append("")
    lines.append(f"{'category':<26} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
    for cat, v in report["per_category"].items():
        lines.append(f"{cat:<26} {v['precision']:>9.3f} {v['recall']:>7.3f} {v['f1']:>6.3f} {v['support']:>8}")
    conf = report.get("confusion")
    if conf:
        labels, m = conf["labels"], np.asarray(conf["matrix"])
        short = [l[:6] for l in labels]
        lines += ["", "confusion (rows: truth, columns: predicted)",
                  " " * 27 + " ".join(f"{s:>6}" for s in short)]
        for l, row in zip(labels, m):
            lines.append(f"{l[:26]:<26} " + " ".join(f"{v:>6}" for v in row))
    return "\n".join(lines)


def plot_confusion(report: dict, path) -> None:
    """A PNG of the confusion matrix (needs matplotlib: ``pip install hwclass[plot]``)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise HwclassError("--plot needs matplotlib (pip install 'hwclass[plot]')") from None
    labels, m = report["confusion"]["labels"], np.asarray(report["confusion"]["matrix"])
    fig, ax = plt.subplots(figsize=(1 + 0.6 * len(labels), 1 + 0.6 * len(labels)))
    ax.imshow(m, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if m[i, j]:
                ax.text(j, i, str(m[i, j]), ha="center", va="center", fontsize=7)
    ax.set_xlabel("predicted")
    ax.set_ylabel("truth")
    fig.tight_layout()
    import io
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    from .textmodel import write_atomically
    write_atomically(path, buf.getvalue())


# -- held-out report and the shipped model ---------------------------------------------

REPO = Path(__file__).resolve().parents[1]
DEFAULT_LWN = REPO.parent / "shared" / "data" / "lwn"
DEFAULT_KERNEL = Path("/usr/src/linux-source-6.12.tar.xz")
#: The harvests of the shipped model, newest first: 6.12 is required, 6.1 is
#: used when present (drivers renamed or removed before 6.12, their part numbers).
DEFAULT_KERNELS = (DEFAULT_KERNEL, Path("/usr/src/linux-source-6.1.tar.xz"))


def _harvest_one(source, tax) -> LabelledData:
    """Harvest examples from one tree or tarball, or from a harvest JSONL file."""
    p = Path(source)
    if p.suffix == ".jsonl":
        return load_examples([p], tax)
    from .harvest import harvest
    import json
    import tempfile
    recs = list(harvest(p))
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "harvest.jsonl"
        f.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
        return load_examples([f], tax)


def _harvest_key(data: LabelledData, i: int) -> tuple:
    ex = data.examples[i]
    return (ex.symbol or "", " ".join((ex.text or "").split()).casefold())


def _held_by_an_earlier_harvest(entries: Sequence[tuple]) -> list[int]:
    """Of ``(harvest, key)`` pairs in order, the positions whose key a harvest
    before theirs already holds (the same driver in an older release)."""
    first: dict = {}
    return [n for n, (source, key) in enumerate(entries) if first.setdefault(key, source) != source]


def merge_harvests(harvests: Sequence[LabelledData], counts: list | None = None) -> LabelledData:
    """Several harvests (newest release first) as one: an example whose Kconfig
    symbol *and* prompt an earlier harvest already holds is dropped (the first
    is kept), so a driver present in both releases counts once, while one
    renamed, re-prompted or removed between them is learnt from both.  (Within
    one harvest nothing is dropped; ``hwclass train`` merges harvest files the
    same way, :func:`_load_weighted`.)
    ``counts``, when given, receives (examples, kept) per harvest."""
    out = LabelledData()
    again = set(_held_by_an_earlier_harvest(
        [(n, _harvest_key(h, i)) for n, h in enumerate(harvests) for i in range(len(h))]))
    start = 0
    for h in harvests:
        if out.taxonomy_name is None:
            out.taxonomy_name = h.taxonomy_name
        keep = [i for i in range(len(h)) if start + i not in again]
        start += len(h)
        out.extend(h.subset(keep))
        out.warnings.extend(h.warnings)
        if counts is not None:
            counts.append((len(h), len(keep)))
    return out


def _sources(harvest_source) -> list:
    if harvest_source is None:
        return []
    if isinstance(harvest_source, (str, os.PathLike)):
        return [harvest_source]
    return list(harvest_source)


def _harvest_data(harvest_source, tax, counts: list | None = None) -> LabelledData:
    """Harvest examples from one source or several (:func:`merge_harvests`)."""
    return merge_harvests([_harvest_one(s, tax) for s in _sources(harvest_source)], counts)


def heldout_report(lwn_dir=DEFAULT_LWN, harvest_source=DEFAULT_KERNELS, train_until="5.15",
                   test_from="5.16", test_to="6.1", taxonomy="lwn", params=None,
                   harvest_data: LabelledData | None = None) -> dict:
    """Train on LWN <= ``train_until`` + harvest, test on LWN ``test_from``..``test_to`` (text only).

    ``harvest_source``: a tree, tarball or harvest JSONL, or several (newest
    first, merged by :func:`merge_harvests`); those that do not exist are left
    out (``out["harvest"]`` lists those used).

    Also the baseline: plain TF-IDF (words) + logistic regression on LWN text
    alone, predicting categories directly, same split.
    """
    tax = _taxonomy(taxonomy)
    lwn = load_examples([lwn_dir], tax)
    for i in range(len(lwn)):
        lwn.weights[i] *= LWN_WEIGHT
    lo, hi, until = release_key(test_from), release_key(test_to), release_key(train_until)
    train_idx = [i for i, r in enumerate(lwn.releases) if release_key(r) <= until]
    test_idx = [i for i, r in enumerate(lwn.releases) if lo <= release_key(r) <= hi]
    train_lwn, test = lwn.subset(train_idx), lwn.subset(test_idx)
    out = {"taxonomy": tax.name, "train_until": train_until, "test": f"{test_from}..{test_to}",
           "n_train_lwn": len(train_lwn), "n_test": len(test)}
    data = LabelledData(taxonomy_name=tax.name).extend(train_lwn)
    present = [str(s) for s in _sources(harvest_source) if Path(s).exists()]
    if harvest_data is None and present:
        t = time.perf_counter()
        harvest_data = _harvest_data(present, tax)
        out["harvest"] = present
        out["harvest_seconds"] = round(time.perf_counter() - t, 1)
    if harvest_data is not None:
        out["n_harvest"] = len(harvest_data)
        data.extend(harvest_data)
    t = time.perf_counter()
    res = train(data, tax, params)
    out["train_seconds"] = round(time.perf_counter() - t, 1)
    ev = evaluate(res.classifier, test, tax)
    out["model"] = {k: ev[k] for k in ("category_accuracy", "category_macro_f1", "category_accuracy_argmax_kind")}
    if "lists" in ev:
        out["model"]["category_accuracy_as_lists"] = ev["lists"]["category_accuracy"]
    out["model_per_category"] = ev["per_category"]
    # baseline
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    base = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))
    base.fit([e.text for e in train_lwn.examples], train_lwn.categories)
    bp = base.predict([e.text for e in test.examples])
    out["baseline"] = {"category_accuracy": round(float(np.mean([a == b for a, b in zip(bp, test.categories)])), 4)}
    out["improvement"] = round(out["model"]["category_accuracy"] - out["baseline"]["category_accuracy"], 4)
    return out


def default_kernels() -> list[Path]:
    """The default harvests of :func:`build_shipped`: Linux 6.12, and 6.1 when present."""
    return [DEFAULT_KERNELS[0]] + [k for k in DEFAULT_KERNELS[1:] if k.exists()]


def build_shipped(out=None, lwn_dir=DEFAULT_LWN, kernel=None, folds: int = 3) -> TrainResult:
    """Rebuild models/hwclass-model.json: harvest of ``kernel`` (a tarball, tree or
    harvest JSONL, or several, newest first: :func:`merge_harvests`; default
    :func:`default_kernels`) + every LWN list."""
    tax = _taxonomy("lwn")
    if not Path(lwn_dir).is_dir():
        raise HwclassError(f"{lwn_dir}: LWN lists not found (shared/ must sit beside the clone)")
    kernels = _sources(kernel) or default_kernels()
    for k in kernels:
        if not Path(k).exists():
            raise HwclassError(f"{k}: kernel tarball not found")
    lwn = load_examples([lwn_dir], tax)
    for i in range(len(lwn)):
        lwn.weights[i] *= LWN_WEIGHT
    data = LabelledData(taxonomy_name=tax.name).extend(lwn)
    t = time.perf_counter()
    counts: list = []
    harvested = _harvest_data(kernels, tax, counts)
    harvest_seconds = time.perf_counter() - t
    data.extend(harvested)
    result = train(data, tax)
    result.metadata["harvest_seconds"] = round(harvest_seconds, 1)
    meta = result.metadata
    meta["training_data"] = {"lwn": str(lwn_dir), "harvest": [
        {"source": str(k), "examples": n, "kept": kept} for k, (n, kept) in zip(kernels, counts)]}
    if folds and folds > 1:
        meta["metrics"]["cross_validation"] = cross_validate(data, tax, folds)
    try:
        meta["metrics"]["heldout"] = {k: v for k, v in heldout_report(
            lwn_dir, kernels, harvest_data=harvested).items() if k != "model_per_category"}
    except HwclassError as exc:  # pragma: no cover
        meta["metrics"]["heldout"] = {"error": str(exc)}
    out = os.fspath(out) if out else str(REPO / "models" / "hwclass-model.json")
    save_model(result.classifier, out, meta, kind_category=result.kind_category, taxonomy_name=tax.name)
    result.path = out
    return result


def main(argv=None) -> int:
    import argparse
    import json
    ap = argparse.ArgumentParser(prog="python -m hwclass.training")
    ap.add_argument("--heldout", action="store_true", help="re-measure the held-out figures")
    ap.add_argument("--build", action="store_true", help="rebuild the shipped model")
    ap.add_argument("--lwn", default=str(DEFAULT_LWN))
    ap.add_argument("--kernel", action="append", default=None,
                    help="kernel tarball/folder, or a harvest .jsonl; repeat for several (newest first; "
                         "default: Linux 6.12, and 6.1 when present)")
    ap.add_argument("--out", default=None)
    ap.add_argument("--folds", type=int, default=3)
    args = ap.parse_args(argv)
    try:
        kernels = args.kernel or default_kernels()
        if args.kernel is None and len(kernels) < len(DEFAULT_KERNELS):
            print(f"note: {', '.join(str(k) for k in DEFAULT_KERNELS if k not in kernels)} not found: "
                  f"harvesting {', '.join(str(k) for k in kernels)} only", file=sys.stderr)
        if args.heldout:
            print(json.dumps(heldout_report(args.lwn, kernels), indent=1))
        if args.build:
            res = build_shipped(args.out, args.lwn, kernels, args.folds)
            print(res.summary())
            print(json.dumps(res.metadata["metrics"], indent=1))
        if not (args.heldout or args.build):
            ap.print_help()
    except HwclassError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
