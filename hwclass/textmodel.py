"""The text classifier: what a person reads about a piece of hardware -> its kind.

Two halves that must agree exactly:

* :class:`TextClassifier` - a scikit-learn style estimator (``fit``,
  ``predict``, ``predict_proba``, ``classes_``) built on a scikit-learn
  ``Pipeline`` (TF-IDF blocks in a ``FeatureUnion`` + ``LogisticRegression``).
  scikit-learn is imported only when fitting.
* :class:`LoadedModel` - what :func:`load_model` returns: the same features and
  the same linear model, computed with numpy (scipy.sparse only for batches
  of more than 100,000 stored features; no scikit-learn import, so
  ``hwclass classify`` starts fast).  It gives the same
  labels, and the same probabilities to 1e-12, as the fitted estimator.

Model files are data, never code: one JSON document (see :func:`save_model`)
with the vocabularies, idf weights, coefficients (float16, base64, sparse),
intercepts, classes, the kind -> category mapping of the taxonomy it was
trained for and provenance (versions, training-data hash, metrics, date);
optionally an attached category model (:meth:`TextClassifier.attach_category_model`)
and a part-number table (:meth:`TextClassifier.attach_part_kinds`), both
folded into the probabilities of examples without paths.
Nothing here ever unpickles; a pickle renamed ``.json`` is refused unread.

The features of one :class:`Example` (all built-in analysers, named in the file):

* ``title`` (the prompt / item text + commit subject): character n-grams
  within words (2-5) and words (1-2);
* ``help`` (Kconfig help + commit body): words;
* ``paths``: directory prefixes (``dir:drivers/iio/light``), file stems;
* ``symbol``: the Kconfig symbol's ``_``-separated parts;
* ``char_wb_sg`` / ``word_sg``: as ``char_wb`` / ``word``, plurals made
  singular (:func:`singular`) - the category model's title features.  A file
  naming them needs a hwclass that knows them (an older one says "unknown
  analyser").

Each block is TF-IDF (sublinear tf, smoothed idf, l2-normalised rows) times a
block weight.  After a first fit, only the ``max_features`` features with the
largest coefficients are kept and the model is refitted on them; coefficients
are then rounded to float16 and those below ``prune`` are zeroed, so the file
stays small and the fitted estimator *is* what is saved.  With three classes
or more the logistic regression is fitted by :func:`lbfgs_multinomial`
(scikit-learn's objective, a faster solver), then placed in the pipeline.
"""

from __future__ import annotations

import base64
import functools
import binascii
import datetime as _dt
import gzip
import hashlib
import json
import math
import os
import re
from itertools import repeat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .errors import HwclassError, ModelFileError
from .modelfile import read_model_file

FORMAT = "hwclass-text-model"
FORMAT_VERSION = 2
#: Versions this module reads: 1 (float32 coefficients, int32 indices) and 2
#: (float16 coefficients; uint16 indices where a model has at most 65,536
#: features; a part-number table).
READABLE_VERSIONS = (1, 2)
#: The coefficients' stored (and fitted: they are rounded to it) precision.
COEF_DTYPE = "float16"
MODEL_FILENAME = "hwclass-model.json"

__all__ = ["Example", "Prediction", "TextClassifier", "LoadedModel", "load_model", "save_model",
           "default_model_path", "FORMAT_VERSION", "analyse", "BLOCKS", "part_tokens", "blend_parts"]


# -- one example ----------------------------------------------------------

@dataclass
class Example:
    """What the model reads about one piece of hardware.

    ``text`` is the main line (Kconfig prompt, LWN item, hardware name);
    ``subject``/``body`` a commit's, ``help`` the Kconfig help text;
    ``paths`` the sources (and Kconfig file); ``symbol`` the Kconfig symbol.
    """

    text: str = ""
    help: str = ""
    subject: str = ""
    body: str = ""
    paths: list[str] = field(default_factory=list)
    symbol: str = ""

    def field_text(self, name: str) -> str:
        if name == "title":
            return _join(self.text, self.subject)
        if name == "help":
            return _join(self.help, self.body)
        if name == "all":
            return _join(self.text, self.subject, self.help, self.body)
        if name == "paths":
            return "\n".join(p for p in self.paths if p)
        if name == "symbol":
            return self.symbol or ""
        raise ValueError(f"unknown field {name!r}")


def _join(*parts: str) -> str:
    return " \n".join(p for p in parts if p)


@dataclass
class Prediction:
    """One prediction: the kind, its probability, the category of the model's
    taxonomy, and the features that pushed most towards the kind."""

    kind: str
    confidence: float
    category: str | None = None
    top_features: list[tuple[str, float]] = field(default_factory=list)


# -- analysers (pure Python; identical in training and prediction) ---------

_WORD = re.compile(r"[a-z0-9]+")
_SPACES = re.compile(r"\s\s+")
_PATH_SPLIT = re.compile(r"[^a-z0-9]+")
_MAX_HELP_CHARS = 2000
_PATH_DEPTH = 4


def _word_ngrams(toks: list[str], ngram: tuple[int, int]) -> list[str]:
    """Words and runs of ``ngram`` words, joined by a space."""
    lo, hi = ngram
    out = toks if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        out = out + [" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)]
    return out


def _words(text: str, ngram: tuple[int, int]) -> list[str]:
    return _word_ngrams(_WORD.findall(text.lower()), ngram)


def _char_ngrams(words: Iterable[str], ngram: tuple[int, int]) -> list[str]:
    """The character n-grams within each of ``words`` (:func:`_word_grams`)."""
    lo, hi = ngram
    out: list[str] = []
    ext = out.extend
    for w in words:
        ext(_word_grams(w, lo, hi))
    return out


def _char_wb(text: str, ngram: tuple[int, int]) -> list[str]:
    return _char_ngrams(text.lower().split(), ngram)


@functools.lru_cache(maxsize=200_000)
def _word_grams(word: str, lo: int, hi: int) -> tuple[str, ...]:
    """The character n-grams of one word padded with spaces (words repeat: cached)."""
    w = f" {word} "
    lw = len(w)
    out: list[str] = []
    for n in range(lo, min(hi, lw) + 1):
        out.extend(w[i:i + n] for i in range(lw - n + 1))
    return tuple(out)


_EDGE = re.compile(r"^[^a-z0-9]+|[^a-z0-9]+$")


@functools.lru_cache(maxsize=200_000)
def singular(word: str) -> str:
    """A lower-case word with an English plural ending removed: LWN writes
    "PHYs", "pin controllers", "batteries" where Kconfig prompts say "PHY",
    "pin controller", "battery".  ``-ies`` -> ``-y``; ``-sses``, ``-ches``,
    ``-shes``, ``-xes`` lose ``es``; any other final ``s`` goes, except after
    ``s``, ``u`` or ``i`` ("class", "bus", "chassis") and in words of three
    letters or fewer.  Crude on purpose: both sides of the match are treated
    alike."""
    n = len(word)
    if n > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if n > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _singular_stripped(word: str) -> str:
    """A lower-case word without punctuation at its ends, made singular ("" when nothing is left)."""
    return singular(_EDGE.sub("", word))


def _char_wb_sg(text: str, ngram: tuple[int, int]) -> list[str]:
    """:func:`_char_wb` of the words with punctuation at their ends stripped and
    plurals made singular (:func:`singular`)."""
    return _char_ngrams((w for w in map(_singular_stripped, text.lower().split()) if w), ngram)


def _words_sg(text: str, ngram: tuple[int, int]) -> list[str]:
    """:func:`_words` of the words made singular (:func:`singular`)."""
    return _word_ngrams([singular(t) for t in _WORD.findall(text.lower())], ngram)


def _paths(text: str, ngram=None) -> list[str]:
    out: list[str] = []
    for p in text.split("\n"):
        p = p.strip().strip("/").lower()
        if not p:
            continue
        parts = p.split("/")
        dirs, name = parts[:-1], parts[-1]
        for d in range(1, min(len(dirs), _PATH_DEPTH) + 1):
            out.append("dir:" + "/".join(dirs[:d]))
        stem = name.rsplit(".", 1)[0] if "." in name else name
        if stem in ("kconfig", "makefile", "kbuild"):
            continue
        out.append("file:" + stem)
        out.extend("part:" + t for t in _PATH_SPLIT.split(stem) if len(t) > 1)
    return out


def _symbol(text: str, ngram=None) -> list[str]:
    s = text.strip().upper()
    if s.startswith("CONFIG_"):
        s = s[7:]
    parts = [p for p in s.lower().split("_") if p]
    out = ["sym:" + p for p in parts]
    if len(parts) > 1:
        out.append("sym2:" + "_".join(parts[:2]))
    return out


ANALYSERS = {"word": _words, "char_wb": _char_wb, "path": _paths, "symbol": _symbol,
             "word_sg": _words_sg, "char_wb_sg": _char_wb_sg}

#: The analysers whose features are those of each word of ``text.lower().split()``
#: on its own: what each word becomes before its character n-grams are taken.
WORD_BY_WORD = {"char_wb": str, "char_wb_sg": _singular_stripped}

#: The default feature blocks: (name, field, analyser, ngram range, weight,
#: most frequent features kept).
BLOCKS = (
    ("title_char", "title", "char_wb", (2, 5), 1.0, 20000),
    ("title_word", "title", "word", (1, 2), 1.0, 8000),
    ("help_word", "help", "word", (1, 1), 0.5, 6000),
    ("path", "paths", "path", None, 1.0, 4000),
    ("symbol", "symbol", "symbol", None, 0.5, 2000),
)


def _field_texts(examples: Sequence[Example], fld: str = "title") -> list[str]:
    out = []
    for ex in examples:
        if isinstance(ex, str):
            ex = Example(text=ex)
        t = ex.field_text(fld)
        if fld == "help" and len(t) > _MAX_HELP_CHARS:
            t = t[:_MAX_HELP_CHARS]
        out.append(t)
    return out


def analyse(analyser: str, text: str, ngram=None) -> list[str]:
    """The features one built-in analyser reads in ``text`` (documented for tests and debugging)."""
    fn = ANALYSERS[analyser]
    return fn(text, tuple(ngram) if ngram else None)


def _make_analyser(analyser: str, ngram):
    fn = ANALYSERS[analyser]
    ng = tuple(ngram) if ngram else None
    return lambda text: fn(text, ng)


# -- the solver ----------------------------------------------------------------

def lbfgs_multinomial(X, y, n_classes: int, sample_weight=None, C: float = 1.0, max_iter: int = 100,
                      tol: float = 1e-4, history: int = 5):
    """Multinomial logistic regression by L-BFGS, in numpy.

    The objective is scikit-learn's ``LogisticRegression(solver="lbfgs")``'s:
    ``sum_i s_i CE_i / S + ||W||^2 / (2 C S)`` (``s`` the sample weights, ``S``
    their sum; intercepts not penalised).  With millions of coefficients (64
    kinds x 40,000 features) an iteration is bound by memory traffic, so the
    products with ``X`` are in float32 (the objective is summed in float64), the
    two-loop recursion works in place (BLAS axpy) over the last ``history``
    steps (5: as good as 10 here at half the cost), and the line search is a
    backtracking (Armijo) one that nearly always takes the first step.  ``X`` is
    a scipy CSR matrix, ``y`` class indices.  Returns (coef n_classes x
    n_features, intercept, iterations)."""
    from scipy.linalg import blas
    n, d = X.shape
    K = int(n_classes)
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    sw = s / s.sum()
    lam = 1.0 / (C * s.sum())
    y = np.asarray(y, dtype=np.int64)
    rows = np.arange(n)
    X32 = X.astype(np.float32)
    XT32 = X32.T.tocsr()
    sw32 = sw.astype(np.float32)
    nw = d * K
    axpy, dot = blas.daxpy, blas.ddot

    def fg(w):
        W = w[:nw].reshape(d, K).astype(np.float32)
        Z = np.asarray(X32 @ W)
        Z += w[nw:].astype(np.float32)
        Z -= Z.max(axis=1, keepdims=True)
        zy = Z[rows, y].astype(np.float64)
        np.exp(Z, out=Z)
        tot = Z.sum(axis=1, dtype=np.float64)
        f = float(sw @ (np.log(tot) - zy)) + 0.5 * lam * dot(w[:nw], w[:nw])
        Z *= (sw / tot).astype(np.float32)[:, None]      # sw * softmax
        Z[rows, y] -= sw32                                # sw * (p - onehot)
        g = np.empty_like(w)
        g[:nw] = np.asarray(XT32 @ Z).ravel()
        axpy(w[:nw], g[:nw], a=lam)
        g[nw:] = Z.sum(axis=0, dtype=np.float64)
        return f, g

    w = np.zeros(nw + K)
    f, g = fg(w)
    S_, Y_, R_ = [], [], []
    it, evals = 0, 1
    while it < max_iter and np.abs(g).max() > tol:
        # two-loop recursion: p = -H g
        p = -g
        alphas = []
        for sv, yv, r in zip(reversed(S_), reversed(Y_), reversed(R_)):
            a = r * dot(sv, p)
            alphas.append(a)
            axpy(yv, p, a=-a)
        if S_:
            p *= dot(S_[-1], Y_[-1]) / dot(Y_[-1], Y_[-1])
        for (sv, yv, r), a in zip(zip(S_, Y_, R_), reversed(alphas)):
            axpy(sv, p, a=a - r * dot(yv, p))
        slope = dot(g, p)
        if slope >= 0:                    # not a descent direction: restart from the gradient
            S_, Y_, R_ = [], [], []
            p, slope = -g, -dot(g, g)
        t = 1.0 if S_ else 1.0 / max(np.sqrt(dot(g, g)), 1e-12)
        for _ in range(10):
            w_new = w.copy()
            axpy(p, w_new, a=t)
            f_new, g_new = fg(w_new)
            evals += 1
            if f_new <= f + 1e-4 * t * slope:
                break
            t *= 0.5
        else:
            break                         # no progress (the objective's float32 noise): stop
        p *= t                            # the step taken
        g -= g_new
        g *= -1.0                         # the change of gradient
        sy = dot(p, g)
        if sy > 1e-10 * dot(g, g):
            S_.append(p)
            Y_.append(g)
            R_.append(1.0 / sy)
            if len(S_) > history:
                del S_[0], Y_[0], R_[0]
        w, f, g = w_new, f_new, g_new
        it += 1
    lbfgs_multinomial.evaluations = evals     # for tests and measurements
    return w[:nw].reshape(d, K).T.copy(), w[nw:].copy(), it


# -- the estimator -----------------------------------------------------------

class TextClassifier:
    """Kind classifier in scikit-learn style; fitting imports scikit-learn.

    Parameters (all plain data; nothing happens in ``__init__``):
    ``C`` (inverse regularisation of the logistic regression), ``min_df``,
    ``max_features`` (features kept after the first fit; 0 keeps all),
    ``prune`` (coefficients below this magnitude are zeroed), ``blocks``
    (feature blocks, see :data:`BLOCKS`), ``max_iter``, ``class_weight``.

    Fitted attributes: ``classes_``, ``blocks_`` (name, field, analyser, ngram,
    weight, vocabulary list, idf array), ``coef_`` (n_classes x n_features,
    float16 values in float64), ``intercept_``, ``pipeline_`` (the fitted
    scikit-learn Pipeline), ``n_features_``.
    """

    _PARAMS = ("C", "min_df", "max_features", "prune", "blocks", "max_iter", "class_weight", "tol")

    def __init__(self, C=2.0, min_df=2, max_features=0, prune=0.03, blocks=BLOCKS,
                 max_iter=100, class_weight=None, tol=1e-4):
        self.C = C
        self.min_df = min_df
        self.max_features = max_features
        self.prune = prune
        self.blocks = blocks
        self.max_iter = max_iter
        self.class_weight = class_weight
        self.tol = tol

    # scikit-learn protocol (without importing scikit-learn at module load)
    def get_params(self, deep=True):
        return {k: getattr(self, k) for k in self._PARAMS}

    def set_params(self, **params):
        for k, v in params.items():
            if k not in self._PARAMS:
                raise ValueError(f"unknown parameter {k!r}")
            setattr(self, k, v)
        return self

    def __repr__(self):
        return f"TextClassifier(C={self.C}, max_features={self.max_features}, prune={self.prune})"

    def _pipeline(self, vocabularies=None):
        from functools import partial

        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline
        from sklearn.preprocessing import FunctionTransformer

        transformers, weights = [], {}
        for i, (name, fld, analyser, ngram, weight, max_feat) in enumerate(self.blocks):
            fixed = vocabularies[i] if vocabularies is not None else None
            if fixed is not None and not fixed:
                transformers.append((name, "drop"))     # no features in this block
                continue
            vec = TfidfVectorizer(analyzer=_make_analyser(analyser, ngram), lowercase=False,
                                  sublinear_tf=True, min_df=1 if fixed else self.min_df,
                                  max_features=None if fixed else (max_feat or None),
                                  vocabulary=fixed, dtype=np.float64)
            select = FunctionTransformer(partial(_field_texts, fld=fld), validate=False)
            transformers.append((name, Pipeline([("select", select), ("tfidf", vec)])))
            weights[name] = float(weight)
        features = FeatureUnion(transformers, transformer_weights=weights)
        clf = LogisticRegression(C=self.C, max_iter=self.max_iter, tol=self.tol,
                                 class_weight=self.class_weight)
        return Pipeline([("features", features), ("clf", clf)])

    def fit(self, examples: Sequence[Example], y: Sequence[str], sample_weight=None) -> "TextClassifier":
        import warnings

        X = [Example(text=e) if isinstance(e, str) else e for e in examples]
        y = np.asarray([str(v) for v in y], dtype=object)
        if len(X) != len(y):
            raise ValueError("examples and labels differ in length")
        if len(set(y)) < 2:
            raise HwclassError("training needs examples of at least two kinds")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # lbfgs convergence chatter; max_iter is a parameter
            # a block none of the examples has a feature in (no paths at all, say) is left out
            present = []
            for name, fld, analyser, ngram, *_ in self.blocks:
                fn = ANALYSERS[analyser]
                ng = tuple(ngram) if ngram else None
                present.append(any(fn(t, ng) for t in _field_texts(X, fld) if t))
            pipe = self._pipeline(None if all(present) else [None if p else {} for p in present])
            self._fit_pipeline(pipe, X, y, sample_weight)
            vocabs = self._vocabularies(pipe)
            total = sum(len(v) for v in vocabs)
            if self.max_features and total > self.max_features:
                score = np.abs(pipe.named_steps["clf"].coef_).max(axis=0)
                keep = np.sort(np.argsort(-score, kind="stable")[: self.max_features])
                kept, start = [], 0
                for v in vocabs:
                    sel = keep[(keep >= start) & (keep < start + len(v))] - start
                    kept.append({v[j]: n for n, j in enumerate(sel)})
                    start += len(v)
                # refit on the kept features only (idf re-estimated on the same data)
                pipe = self._pipeline(kept)
                self._fit_pipeline(pipe, X, y, sample_weight)
        clf = pipe.named_steps["clf"]
        # the fitted model *is* the stored one: float16 coefficients, tiny ones zeroed
        coef = clf.coef_.astype(COEF_DTYPE).astype(np.float64)
        coef[np.abs(coef) < self.prune] = 0.0
        clf.coef_ = coef
        intercept = np.asarray(clf.intercept_, dtype=np.float64)
        if coef.shape[0] == 1:   # binary: sigmoid(z) == softmax([-z/2, z/2])
            coef = np.vstack([-coef / 2, coef / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        self.pipeline_ = pipe
        self.coef_ = coef
        self.intercept_ = intercept
        self.classes_ = np.asarray(clf.classes_, dtype=object)
        self.blocks_ = []
        steps = dict(pipe.named_steps["features"].transformer_list)
        for name, fld, analyser, ngram, weight, *_ in self.blocks:
            step = steps.get(name)
            if step is None or step == "drop":
                vocab, idf = [], np.zeros(0)
            else:
                vec = step.named_steps["tfidf"]
                vocab, idf = self._vocab_list(vec), np.asarray(vec.idf_, dtype=np.float64)
            self.blocks_.append({"name": name, "field": fld, "analyser": analyser,
                                 "ngram": list(ngram) if ngram else None, "weight": float(weight),
                                 "vocabulary": vocab, "idf": idf})
        self.n_features_ = sum(len(b["vocabulary"]) for b in self.blocks_)
        return self

    def _fit_pipeline(self, pipe, X, y, sample_weight) -> None:
        """Fit the features, then the logistic regression: by :func:`lbfgs_multinomial`
        for three classes or more (scikit-learn's objective, faster), by
        scikit-learn itself for two classes or with ``class_weight``."""
        classes, y_idx = np.unique(y, return_inverse=True)
        sw = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if len(classes) <= 2 or self.class_weight is not None:
            pipe.fit(X, y, **({} if sw is None else {"clf__sample_weight": sw}))
            return
        from scipy import sparse
        Xf = sparse.csr_matrix(pipe.named_steps["features"].fit_transform(X), dtype=np.float64)
        coef, intercept, n_iter = lbfgs_multinomial(Xf, y_idx, len(classes), sw, C=self.C,
                                                    max_iter=self.max_iter, tol=self.tol)
        clf = pipe.named_steps["clf"]
        clf.classes_ = classes
        clf.coef_ = coef
        clf.intercept_ = intercept
        clf.n_features_in_ = Xf.shape[1]
        clf.n_iter_ = np.array([n_iter], dtype=np.int32)

    def _vocabularies(self, pipe) -> list[list[str]]:
        steps = dict(pipe.named_steps["features"].transformer_list)
        out = []
        for name, *_ in self.blocks:
            step = steps.get(name)
            out.append([] if step is None or step == "drop" else self._vocab_list(step.named_steps["tfidf"]))
        return out

    @staticmethod
    def _vocab_list(vec) -> list[str]:
        vocab = [None] * len(vec.vocabulary_)
        for t, i in vec.vocabulary_.items():
            vocab[i] = t
        return vocab

    def _check_fitted(self):
        if not hasattr(self, "coef_"):
            raise HwclassError("TextClassifier is not fitted yet: call fit() first")

    def predict_proba(self, examples) -> np.ndarray:
        """Probabilities, one column per ``classes_``, from the scikit-learn pipeline."""
        self._check_fitted()
        X = [Example(text=e) if isinstance(e, str) else e for e in examples]
        if not X:
            return np.zeros((0, len(self.classes_)))
        proba = self.pipeline_.predict_proba(X)
        cat = getattr(self, "category_model_", None)
        if cat is not None:
            proba = blend_categories(proba, [str(k) for k in self.classes_], cat.predict_proba(X),
                                     [str(c) for c in cat.classes_], self.kind_category_,
                                     _name_only_weights(X, self.category_weight_))
        parts = getattr(self, "part_kinds_", None)
        if parts:
            proba = blend_parts(proba, [str(k) for k in self.classes_], X, parts, self.part_weight_)
        return proba

    def attach_part_kinds(self, part_kinds: dict, weight: float) -> "TextClassifier":
        """Fold a part-number lookup (:func:`part_tokens` -> kind, see
        :func:`blend_parts`) into this model's probabilities; saved in the same file."""
        self._check_fitted()
        known = {str(k) for k in self.classes_}
        self.part_kinds_ = {t: k for t, k in part_kinds.items() if k in known}
        self.part_weight_ = float(weight)
        return self

    def attach_category_model(self, category_model: "TextClassifier", kind_category: dict,
                              weight: float) -> "TextClassifier":
        """Fold a fitted *category* classifier's opinion into this kind model's
        probabilities (see :func:`blend_categories`); saved in the same file."""
        self._check_fitted()
        category_model._check_fitted()
        self.category_model_ = category_model
        self.kind_category_ = dict(kind_category)
        self.category_weight_ = float(weight)
        return self

    def predict(self, examples) -> list[str]:
        proba = self.predict_proba(examples)
        return [str(self.classes_[i]) for i in proba.argmax(axis=1)]

    def score(self, examples, y) -> float:
        pred = self.predict(examples)
        y = list(y)
        return float(np.mean([a == b for a, b in zip(pred, y)])) if y else 0.0

    def to_runtime(self, kind_category=None, taxonomy_name=None, metadata=None) -> "LoadedModel":
        """The sklearn-free predictor of this fitted estimator (what saving + loading gives)."""
        self._check_fitted()
        return LoadedModel._from_document(to_document(self, metadata or {}, kind_category, taxonomy_name),
                                          "<in memory>")


def _name_only_weights(examples, weight: float) -> np.ndarray:
    """The blend weight of each example: ``weight`` for what the model knows only by
    its name (no paths), 0 where paths say more than a name model can."""
    return np.array([0.0 if (not isinstance(e, str) and any(e.paths)) else float(weight) for e in examples])


def blend_categories(kind_proba: np.ndarray, kinds: Sequence[str], cat_proba: np.ndarray,
                     categories: Sequence[str], kind_category: dict, weight: float) -> np.ndarray:
    """Kind probabilities rescaled so that each category's summed probability is
    ``(1 - weight) * (the kinds' sum) + weight * (the category model's)``
    (``weight``: one number, or one per row).

    Within a category the kinds keep their proportions; a kind without a
    category in ``kind_category`` is its own group and keeps its probability
    (before the rows are renormalised).  Rows sum to 1."""
    n_k = len(kinds)
    groups = {c: j for j, c in enumerate(categories)}
    member = []
    for k in kinds:
        c = kind_category.get(k)
        key = c if c is not None else ("kind", k)
        if key not in groups:
            groups[key] = len(groups)
        member.append(groups[key])
    M = np.zeros((n_k, len(groups)))
    M[np.arange(n_k), member] = 1.0
    Pk = kind_proba @ M
    C = np.zeros_like(Pk)
    C[:, : len(categories)] = cat_proba
    own = [j for key, j in groups.items() if isinstance(key, tuple)]
    C[:, own] = Pk[:, own]
    weight = np.asarray(weight, dtype=np.float64)
    if weight.ndim == 1:
        weight = weight[:, None]       # one weight per row
    B = (1.0 - weight) * Pk + weight * C
    out = kind_proba * ((B / np.maximum(Pk, 1e-300)) @ M.T)
    out /= np.maximum(out.sum(axis=1, keepdims=True), 1e-300)
    return out


_PART = re.compile(r"[a-z0-9]+")
#: Shortest part-number token (:func:`part_tokens`).
PART_MIN_LENGTH = 4


def part_tokens(text: str) -> list[str]:
    """The part-number-like tokens of a name: runs of letters and digits holding
    both, at least :data:`PART_MIN_LENGTH` long ("APDS9960", "sm8550", "ad5766")."""
    out = []
    for t in _PART.findall(text.lower()):
        if len(t) >= PART_MIN_LENGTH and not t.isdigit() and not t.isalpha():
            out.append(t)
    return out


def part_match(example, part_kinds: dict) -> str | None:
    """The kind the part numbers in an example's name (``text``) agree on, or None
    (no known part number, or known ones that disagree)."""
    text = example if isinstance(example, str) else example.text
    found = {part_kinds[t] for t in part_tokens(text or "") if t in part_kinds}
    return found.pop() if len(found) == 1 else None


def blend_parts(proba: np.ndarray, kinds: Sequence[str], examples, part_kinds: dict,
                weight: float) -> np.ndarray:
    """Kind probabilities with a part-number lookup folded in: for an example
    *without paths* whose name holds part numbers (:func:`part_tokens`) that a
    harvest knows, all of one kind, ``(1 - weight) * p + weight * onehot(kind)``.
    Other rows are unchanged."""
    col = {k: j for j, k in enumerate(kinds)}
    out = None
    for i, e in enumerate(examples):
        if not isinstance(e, str) and any(e.paths):
            continue
        k = part_match(e, part_kinds)
        if k is None or k not in col:
            continue
        if out is None:
            out = np.array(proba, dtype=np.float64, copy=True)
        out[i] *= 1.0 - weight
        out[i, col[k]] += weight
    return proba if out is None else out


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


# -- the file ------------------------------------------------------------------

def _b64(arr: np.ndarray, dtype) -> str:
    return base64.b64encode(np.ascontiguousarray(arr, dtype=dtype).tobytes()).decode("ascii")


def to_document(clf: TextClassifier, metadata: dict, kind_category: dict | None = None,
                taxonomy_name: str | None = None) -> dict:
    """The JSON document of a fitted classifier (see :func:`save_model`)."""
    try:
        import sklearn
        skv = sklearn.__version__
    except ImportError:  # pragma: no cover
        skv = None
    from . import __version__
    meta = dict(metadata or {})
    meta.setdefault("created", _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat())
    meta.setdefault("sklearn_version", skv)
    meta.setdefault("hwclass_version", __version__)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "metadata": meta,
        "taxonomy": {"name": taxonomy_name, "kind_category": dict(kind_category or {})},
        "params": {"C": clf.C, "min_df": clf.min_df, "max_features": clf.max_features, "prune": clf.prune,
                   "max_help_chars": _MAX_HELP_CHARS},
        **_linear_document(clf),
        **({"category_model": _category_document(clf)} if getattr(clf, "category_model_", None) is not None else {}),
        **({"part_kinds": _parts_document(clf)} if getattr(clf, "part_kinds_", None) else {}),
    }


def _parts_document(clf: TextClassifier) -> dict:
    """The part-number lookup: the blend weight and, per kind, its part-number
    tokens (names of parts only, sorted)."""
    by_kind: dict[str, list[str]] = {}
    for t, k in sorted(clf.part_kinds_.items()):
        by_kind.setdefault(k, []).append(t)
    return {"weight": clf.part_weight_, "min_length": PART_MIN_LENGTH, "kinds": by_kind}


def _linear_document(clf: TextClassifier) -> dict:
    from scipy import sparse
    coef = sparse.csr_matrix(clf.coef_.astype(np.float32))     # float16 values, exactly
    small = clf.coef_.shape[1] <= 65536
    return {
        "classes": [str(c) for c in clf.classes_],
        "blocks": [{"name": b["name"], "field": b["field"], "analyser": b["analyser"], "ngram": b["ngram"],
                    "weight": b["weight"], "vocabulary": b["vocabulary"], "idf": _b64(b["idf"], "<f8")}
                   for b in clf.blocks_],
        "coef": {"shape": list(clf.coef_.shape), "dtype": COEF_DTYPE,
                 "index_dtype": "uint16" if small else "int32",
                 "indptr": _b64(coef.indptr, "<i4"),
                 "indices": _b64(coef.indices, "<u2" if small else "<i4"),
                 "data": _b64(coef.data, _DTYPES[COEF_DTYPE])},
        "intercept": _b64(clf.intercept_, "<f8"),
    }


def _category_document(clf: TextClassifier) -> dict:
    """The attached category model: its own features and linear model, the
    blend weight and the kind -> category map the blend uses."""
    doc = _linear_document(clf.category_model_)
    doc["weight"] = clf.category_weight_
    doc["kind_category"] = dict(clf.kind_category_)
    doc["params"] = {"C": clf.category_model_.C, "min_df": clf.category_model_.min_df,
                     "prune": clf.category_model_.prune}
    return doc


def save_model(clf: TextClassifier, path, metadata: dict | None = None, *, kind_category=None,
               taxonomy_name=None) -> None:
    """Write a fitted classifier as a JSON model file, atomically.

    ``metadata``: provenance stored as is (``training_data_sha256``, ``metrics``,
    ``taxonomy`` ...); ``created``, ``sklearn_version`` and ``hwclass_version``
    are added.  ``kind_category``/``taxonomy_name``: the taxonomy the model was
    trained for.  The previous file, if any, is replaced only once the new one
    is completely written.
    """
    meta = dict(metadata or {})
    if kind_category is None and isinstance(meta.get("kind_category"), dict):
        kind_category = meta.pop("kind_category")
    doc = to_document(clf, meta, kind_category, taxonomy_name or meta.get("taxonomy"))
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if str(path).endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    write_atomically(path, data)


def write_atomically(path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` atomically: :func:`hwclass.report.write_atomically`.

    (Kept here for its callers; the old file survives any failure, a symlink
    is kept, a special file is written to directly, an OSError is a one-line
    HwclassError.)
    """
    from .report import write_atomically as _write_atomically
    _write_atomically(path, data)


def default_model_path() -> str:
    """The shipped model: ``models/hwclass-model.json`` of a source checkout, or the
    installed ``hwclass.models`` package's copy."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "models" / MODEL_FILENAME
    if checkout.exists():
        return str(checkout)
    try:
        from importlib.resources import files
        return str(files("hwclass.models").joinpath(MODEL_FILENAME))
    except (ImportError, ModuleNotFoundError, TypeError):
        return str(checkout)


def load_model(path=None) -> "LoadedModel":
    """Read a model file (None: the shipped one).  Never imports scikit-learn, never unpickles.

    Raises :class:`~hwclass.errors.ModelFileError` (one line, with the path) for a
    missing, truncated, corrupt, hand-broken or other-format file.
    """
    path = os.fspath(path) if path is not None else default_model_path()
    raw = read_model_file(path)
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise ModelFileError(path, f"corrupt gzip data: {exc}") from None
    if raw[:1] == b"\x80" or raw[:2] in (b"(d", b"(l", b"(i", b"}q", b"]q") or b"sklearn" in raw[:200] and raw[:1] != b"{":
        raise ModelFileError(path, "looks like a Python pickle, not an hwclass JSON model; "
                                   "refused (pickles can run code and are never loaded)")
    if raw[:6] == b"PK\x03\x04" or raw[:4] == b"\x93NUM":
        raise ModelFileError(path, "not an hwclass model file (binary data, expected JSON)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelFileError(path, "not an hwclass model file (not UTF-8 JSON)",
                             raw[: exc.start].count(b"\n") + 1) from None
    if not text.strip():
        raise ModelFileError(path, "empty model file")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = " (truncated?)" if exc.pos >= len(text.rstrip()) - 1 else ""
        raise ModelFileError(path, f"invalid JSON: {exc.msg}{hint}", exc.lineno) from None
    except RecursionError:
        raise ModelFileError(path, "invalid JSON: nested too deeply") from None
    except ValueError as exc:   # an integer beyond Python's limit on digits
        problem = "a number with too many digits" if "digits" in str(exc) else " ".join(str(exc).split())
        raise ModelFileError(path, f"invalid JSON: {problem}") from None
    return LoadedModel._from_document(doc, path)


def _parse_parts(pd, classes, bad):
    """(table token -> kind, weight) of a model document's ``part_kinds``."""
    if not isinstance(pd, dict):
        raise bad("'part_kinds' must be an object")
    w = pd.get("weight")
    if type(w) not in (int, float) or not 0 <= w <= 1:
        raise bad("part_kinds: weight must be a number from 0 to 1")
    if pd.get("min_length") != PART_MIN_LENGTH:
        raise bad(f"part_kinds: min_length must be {PART_MIN_LENGTH}")
    by_kind = pd.get("kinds")
    if not isinstance(by_kind, dict):
        raise bad("part_kinds: 'kinds' must map kind names to lists of part numbers")
    known = set(classes)
    table = {}
    for k, toks in by_kind.items():
        if k not in known:
            raise bad(f"part_kinds: unknown kind {k!r}")
        if not isinstance(toks, list) or not all(isinstance(t, str) for t in toks):
            raise bad(f"part_kinds: kind {k!r} must have a list of part numbers")
        for t in toks:
            if part_tokens(t) != [t] or t in table:
                raise bad(f"part_kinds: {t[:40]!r} is not a part number, or is listed twice")
            table[t] = k
    return table, float(w)


_DTYPES = {"float32": "<f4", "float16": "<f2", "int32": "<i4", "uint16": "<u2"}


def _parse_linear(doc, bad, version=FORMAT_VERSION):
    """classes, blocks, coef (n_features x n_classes), intercept of one linear model
    in a model document (raises what ``bad`` makes)."""
    classes = doc["classes"]
    if (not isinstance(classes, list) or len(classes) < 2
            or not all(isinstance(c, str) and c for c in classes) or len(set(classes)) != len(classes)):
        raise bad("'classes' must be a list of at least two distinct kind names")
    blocks = []
    n_feat = 0
    names = set()
    if not isinstance(doc["blocks"], list) or not doc["blocks"]:
        raise bad("'blocks' must be a non-empty list")
    for i, b in enumerate(doc["blocks"]):
        if not isinstance(b, dict):
            raise bad(f"block {i} must be an object")
        name, fld, an = b.get("name"), b.get("field"), b.get("analyser")
        if not isinstance(name, str) or name in names:
            raise bad(f"block {i}: missing or duplicate name")
        names.add(name)
        if fld not in ("title", "help", "all", "paths", "symbol"):
            raise bad(f"block {name!r}: unknown field {fld!r}")
        if an not in ANALYSERS:
            raise bad(f"block {name!r}: unknown analyser {an!r}")
        ng = b.get("ngram")
        if ng is not None and not (isinstance(ng, list) and len(ng) == 2
                                   and all(type(x) is int and 0 < x < 10 for x in ng) and ng[0] <= ng[1]):
            raise bad(f"block {name!r}: bad ngram {ng!r}")
        w = b.get("weight")
        if type(w) not in (int, float) or not math.isfinite(w):
            raise bad(f"block {name!r}: weight must be a number")
        vocab = b.get("vocabulary")
        if not isinstance(vocab, list) or not set(map(type, vocab)) <= {str}:   # JSON strings are str
            raise bad(f"block {name!r}: vocabulary must be a list of strings")
        index = dict(zip(vocab, range(len(vocab))))
        if len(index) != len(vocab):
            raise bad(f"block {name!r}: duplicate terms in vocabulary")
        idf = _unb64(b.get("idf"), "<f8", len(vocab), f"block {name!r} idf", bad)
        blocks.append({"name": name, "field": fld, "analyser": an, "ngram": tuple(ng) if ng else None,
                       "weight": float(w), "index": index, "vocabulary": vocab, "idf": idf,
                       "offset": n_feat})
        n_feat += len(vocab)
    c = doc["coef"]
    dtypes = ("float32", "float16") if version >= 2 else ("float32",)
    if not isinstance(c, dict) or c.get("dtype") not in dtypes:
        raise bad(f"'coef' must be an object with dtype {' or '.join(dtypes)}")
    index_dtype = c.get("index_dtype", "int32")
    if index_dtype not in (("int32", "uint16") if version >= 2 else ("int32",)):
        raise bad(f"coef index_dtype {str(index_dtype)[:20]!r} is not supported")
    shape = c.get("shape")
    if shape != [len(classes), n_feat]:
        raise bad(f"coef shape {shape!r} does not match {len(classes)} classes x {n_feat} features")
    indptr = _unb64(c.get("indptr"), "<i4", len(classes) + 1, "coef indptr", bad)
    nnz = int(indptr[-1]) if len(indptr) else -1
    if indptr[0] != 0 or np.any(np.diff(indptr) < 0) or nnz < 0:
        raise bad("coef indptr is not a valid sparse index")
    indices = _unb64(c.get("indices"), _DTYPES[index_dtype], nnz, "coef indices", bad)
    data = _unb64(c.get("data"), _DTYPES[c["dtype"]], nnz, "coef data", bad)
    if nnz and (indices.min() < 0 or indices.max() >= n_feat):
        raise bad("coef indices out of range")
    intercept = _unb64(doc.get("intercept"), "<f8", len(classes), "intercept", bad)
    # dense n_features x n_classes, duplicates summed as a sparse matrix would
    n_cls = len(classes)
    flat = indices.astype(np.int64) * n_cls + np.repeat(np.arange(n_cls), np.diff(indptr))
    coef = np.bincount(flat, weights=data.astype(np.float64), minlength=n_feat * n_cls).reshape(n_feat, n_cls)
    return classes, blocks, coef, intercept


# -- the sklearn-free predictor ------------------------------------------------

class FeatureRows:
    """The feature rows of a batch of examples in CSR form (``indptr``,
    ``indices``, ``data``, ``shape``) and the one product prediction needs,
    ``rows @ dense``: in numpy for the batches classify makes (so it never
    imports scipy, 0.13 s), with scipy.sparse for large ones (faster there)."""

    __slots__ = ("indptr", "indices", "data", "shape")

    #: Above this many stored values the product goes through scipy.sparse.
    SCIPY_FROM = 100_000
    #: Stored values gathered at once in numpy (memory: this x classes floats).
    GATHER = 20_000

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, data: np.ndarray, shape: tuple[int, int]):
        self.indptr, self.indices, self.data, self.shape = indptr, indices, data, shape

    def __matmul__(self, dense: np.ndarray) -> np.ndarray:
        if len(self.data) > self.SCIPY_FROM:
            from scipy import sparse
            return np.asarray(sparse.csr_matrix((self.data, self.indices, self.indptr), shape=self.shape) @ dense)
        n = self.shape[0]
        out = np.zeros((n, dense.shape[1]))
        indptr = self.indptr
        start = 0
        while start < n:
            stop = int(np.searchsorted(indptr, indptr[start] + self.GATHER, side="right")) - 1
            stop = min(max(stop, start + 1), n)
            lo, hi = int(indptr[start]), int(indptr[stop])
            if hi > lo:
                # The slice's rows as a dense matrix over the columns they use,
                # times those rows of ``dense``: one BLAS product (gathering a
                # row of ``dense`` per stored value took five times as long).
                used, col = np.unique(self.indices[lo:hi], return_inverse=True)
                row = np.repeat(np.arange(stop - start), np.diff(indptr[start:stop + 1]))
                rows = np.bincount(row * len(used) + col.ravel(), weights=self.data[lo:hi],
                                   minlength=(stop - start) * len(used)).reshape(stop - start, len(used))
                out[start:stop] = rows @ dense[used]
            start = stop
        return out


class LoadedModel:
    """A model read from a file: predicts with numpy (scipy.sparse for large batches).

    ``kinds`` (the classes), ``taxonomy_name``, ``kind_category`` (the
    taxonomy the model was trained for), ``metadata`` (provenance, metrics).
    """

    def __init__(self, kinds, blocks, coef, intercept, kind_category, taxonomy_name, metadata, path="",
                 category=None, parts=None):
        self.kinds = list(kinds)
        self.blocks = blocks
        self.coef = coef                    # dense float64, n_features x n_classes
        self.intercept = intercept
        self.kind_category = dict(kind_category or {})
        self.taxonomy_name = taxonomy_name
        self.metadata = dict(metadata or {})
        self.path = path
        self._names = None
        #: the attached category model (classes, blocks, coef, intercept, weight,
        #: kind_category) whose opinion is folded into the kind probabilities, or None
        self.category = category
        #: the part-number lookup (token -> kind, blend weight) folded in after the
        #: category model (:func:`blend_parts`), or None
        self.parts = parts

    def __repr__(self):
        return (f"LoadedModel({self.path!r}, {len(self.kinds)} kinds, "
                f"{self.coef.shape[0]} features, taxonomy={self.taxonomy_name!r})")

    @classmethod
    def _from_document(cls, doc, path) -> "LoadedModel":
        def bad(msg):
            return ModelFileError(path, msg)

        if not isinstance(doc, dict):
            raise bad(f"not an hwclass model file (JSON {type(doc).__name__}, expected an object)")
        if doc.get("format") != FORMAT:
            raise bad(f"not an hwclass model file (format {doc.get('format')!r}, expected {FORMAT!r})")
        ver = doc.get("format_version")
        if type(ver) is not int or ver not in READABLE_VERSIONS:   # true == 1, 1.0 == 1: neither is a version
            shown = repr(ver) if len(repr(ver)) <= 40 else repr(ver)[:37] + "..."
            raise bad(f"model format version {shown} is not supported (this hwclass reads versions "
                      f"{', '.join(map(str, READABLE_VERSIONS))}); retrain with `hwclass train`")
        try:
            classes, blocks, coef, intercept = _parse_linear(doc, bad, ver)
            tax = doc.get("taxonomy") or {}
            if not isinstance(tax, dict):
                raise bad("'taxonomy' must be an object")
            kc = tax.get("kind_category") or {}
            if not isinstance(kc, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in kc.items()):
                raise bad("taxonomy kind_category must map kind names to category names")
            tname = tax.get("name")
            if tname is not None and not isinstance(tname, str):
                raise bad("taxonomy name must be text")
            meta = doc.get("metadata") or {}
            if not isinstance(meta, dict):
                raise bad("'metadata' must be an object")
            category = None
            if doc.get("category_model") is not None:
                cd = doc["category_model"]
                if not isinstance(cd, dict):
                    raise bad("'category_model' must be an object")

                def cbad(msg):
                    return bad(f"category model: {msg}")
                cclasses, cblocks, ccoef, cintercept = _parse_linear(cd, cbad, ver)
                w = cd.get("weight")
                if type(w) not in (int, float) or not 0 <= w <= 1:
                    raise cbad("weight must be a number from 0 to 1")
                ckc = cd.get("kind_category") or {}
                if not isinstance(ckc, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                        for k, v in ckc.items()):
                    raise cbad("kind_category must map kind names to category names")
                category = {"classes": cclasses, "blocks": cblocks, "coef": ccoef, "intercept": cintercept,
                            "weight": float(w), "kind_category": ckc}
            parts = None
            if doc.get("part_kinds") is not None and ver >= 2:
                parts = _parse_parts(doc["part_kinds"], classes, bad)
        except KeyError as exc:
            raise bad(f"missing {exc.args[0]!r}") from None
        except (TypeError, ValueError, AttributeError) as exc:
            raise bad(f"malformed model: {exc}") from None
        return cls(classes, blocks, coef, intercept, kc, tname, meta, path, category=category, parts=parts)

    # -- features --------------------------------------------------------
    def transform(self, examples: Sequence[Example]):
        """The feature rows (:class:`FeatureRows`, n_examples x n_features) of ``examples``."""
        return _transform(self.blocks, examples)

    def _proba(self, X, examples, fields: dict | None = None) -> np.ndarray:
        """Kind probabilities from feature rows ``X`` of ``examples`` (``fields``:
        their texts by field, as :func:`_transform` left them)."""
        proba = _softmax(np.asarray(X @ self.coef) + self.intercept)
        c = self.category
        if c is not None:
            # Only examples known by their name alone (no paths) take the category
            # model's opinion: the others are not run through it at all.
            weights = _name_only_weights(examples, c["weight"])
            rows = np.flatnonzero(weights)
            if len(rows):
                named = [examples[i] for i in rows]
                Xc = _transform(c["blocks"], named,
                                fields if len(rows) == len(examples)
                                else {f: [texts[i] for i in rows] for f, texts in (fields or {}).items()})
                cproba = _softmax(np.asarray(Xc @ c["coef"]) + c["intercept"])
                proba[rows] = blend_categories(proba[rows], self.kinds, cproba, c["classes"],
                                               c["kind_category"], weights[rows])
        if self.parts is not None:
            proba = blend_parts(proba, self.kinds, examples, *self.parts)
        return proba

    # -- predictions -----------------------------------------------------
    def predict_proba(self, examples: Sequence[Example]) -> np.ndarray:
        """Kind probabilities, one column per :attr:`kinds`."""
        if not len(examples):
            return np.zeros((0, len(self.kinds)))
        fields: dict = {}
        X = _transform(self.blocks, examples, fields)
        return self._proba(X, examples, fields)

    def kind_probabilities(self, examples: Sequence[Example]) -> list[dict[str, float]]:
        """Per example, {kind: probability} (what ``categorise`` uses)."""
        proba = self.predict_proba(examples)
        return [dict(zip(self.kinds, map(float, row))) for row in proba]

    def category_of(self, kind: str) -> str | None:
        return self.kind_category.get(kind)

    def predict(self, examples: Sequence[Example], top: int = 3) -> list[Prediction]:
        """The most probable kind of each example, its probability, and the
        ``top`` features that contributed most to it."""
        return self.predict_with_proba(examples, top)[1]

    def predict_with_proba(self, examples: Sequence[Example], top: int = 3) -> tuple[np.ndarray, list[Prediction]]:
        """:meth:`predict_proba` and :meth:`predict` from one featurisation."""
        if not len(examples):
            return np.zeros((0, len(self.kinds))), []
        fields: dict = {}
        X = _transform(self.blocks, examples, fields)
        proba = self._proba(X, examples, fields)
        best = proba.argmax(axis=1)
        out = []
        names = self._feature_names() if top else None
        for i, k in enumerate(best):
            feats = []
            if top:
                lo, hi = X.indptr[i], X.indptr[i + 1]
                cols = X.indices[lo:hi]
                contrib = X.data[lo:hi] * self.coef[cols, k]
                order = np.argsort(-contrib, kind="stable")[:top]
                feats = [(names[cols[j]], round(float(contrib[j]), 4)) for j in order if contrib[j] > 0]
            kind = self.kinds[k]
            out.append(Prediction(kind, float(proba[i, k]), self.kind_category.get(kind), feats))
        return proba, out

    def _feature_names(self) -> list[str]:
        if self._names is None:
            names = []
            for b in self.blocks:
                names.extend(f"{b['name']}:{t}" for t in b["vocabulary"])
            self._names = names
        return self._names


def _transform(blocks, examples, fields: dict | None = None) -> FeatureRows:
    """The feature rows of ``examples`` under the feature ``blocks`` of a loaded
    model: per block, sublinear tf x idf, rows l2-normalised, times the block's
    weight (what the scikit-learn pipeline computes), blocks side by side.

    ``fields`` keeps the examples' texts by field for the next call on the
    same examples (the category model reads the titles the kind model read)."""
    if fields is None:
        fields = {}
    examples = [Example(text=e) if isinstance(e, str) else e for e in examples]
    n = len(examples)
    all_rows, all_cols, all_data = [], [], []
    offset = 0
    for b in blocks:
        texts = fields.get(b["field"])
        if texts is None:
            texts = fields[b["field"]] = _field_texts(examples, b["field"])
        cols, lengths = _columns(b, texts)
        nb = len(b["index"])
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        keep = cols >= 0
        if nb and keep.any():
            # counts per (row, column), sorted by row then column
            keys, counts = np.unique(rows[keep] * nb + cols[keep], return_counts=True)
            r, c = keys // nb, keys % nb
            d = (np.log(counts) + 1.0) * b["idf"][c]
            norms = np.sqrt(np.bincount(r, weights=d * d, minlength=n))
            norms[norms == 0] = 1.0
            d = d * (1.0 / norms)[r]
            if b["weight"] != 1.0:
                d = d * b["weight"]
            all_rows.append(r)
            all_cols.append(c + offset)
            all_data.append(d)
        offset += nb
    if all_rows:
        rows = np.concatenate(all_rows)
        order = np.argsort(rows, kind="stable")     # blocks in column order within a row
        rows, cols, data = rows[order], np.concatenate(all_cols)[order], np.concatenate(all_data)[order]
    else:
        rows = cols = np.zeros(0, dtype=np.int64)
        data = np.zeros(0)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return FeatureRows(indptr, cols, data, (n, offset))


#: Words whose columns a block keeps (see :func:`_columns`) before it starts afresh.
_WORD_COLUMNS_MAX = 200_000


def _columns(block: dict, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The vocabulary column of every feature of ``texts`` under ``block``, row
    after row (-1: not in the vocabulary), and how many each row has.

    Character n-grams are taken word by word, and words repeat: for those
    analysers (:data:`WORD_BY_WORD`) the columns of each distinct word are
    looked up once and kept with the block, known ones only."""
    ng, index = block["ngram"], block["index"]
    get = index.get
    lengths = np.zeros(len(texts), dtype=np.int64)
    word_of = WORD_BY_WORD.get(block["analyser"])
    if word_of is None:
        fn = ANALYSERS[block["analyser"]]
        tokens: list[str] = []
        for r, t in enumerate(texts):
            if t:
                toks = fn(t, ng)
                tokens.extend(toks)
                lengths[r] = len(toks)
        # one C-level pass over every token of the batch
        return np.fromiter(map(get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens)), lengths
    known = block.get("word_columns")
    if known is None or len(known) > _WORD_COLUMNS_MAX:
        known = block["word_columns"] = {}
    lo, hi = ng
    out: list[int] = []
    ext = out.extend
    for r, t in enumerate(texts):
        if t:
            start = len(out)
            for w in t.lower().split():
                c = known.get(w)
                if c is None:
                    word = word_of(w)
                    grams = _word_grams(word, lo, hi) if word else ()
                    c = known[w] = tuple(j for j in map(get, grams, repeat(-1)) if j >= 0)
                ext(c)
            lengths[r] = len(out) - start
    return np.array(out, dtype=np.int64), lengths


def _unb64(value, dtype, length, what, bad) -> np.ndarray:
    if not isinstance(value, str):
        raise bad(f"{what} must be base64 text")
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise bad(f"{what} is not valid base64") from None
    size = np.dtype(dtype).itemsize
    if len(raw) != size * length:
        raise bad(f"{what} has {len(raw) // size} values, expected {length}")
    arr = np.frombuffer(raw, dtype=dtype).astype(np.float64 if dtype[1] == "f" else np.int64)
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise bad(f"{what} holds non-finite values")
    return arr


def sha256_of_texts(lines: Iterable[str]) -> str:
    """A stable hash of training data (for model provenance)."""
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()
