"""Give each item a kind, a category, a confidence, and say what decided.

Order of authority:

1. a *decisive* path rule (``rules.yaml``: the most specific pattern that
   matches the item's Kconfig file or sources) decides the kind;
2. where no rule matches, or the matching rule is not decisive
   (drivers/misc, mfd, staging, platform, soc, phy, ...), the text model decides;
3. with neither, the item is kept under "Unclassified", never dropped.

Where both a decisive rule and the model speak and put the item in different
categories, the rule wins, ``decided_by`` reads ``rule:<pattern>`` and the
item is flagged for review (``review`` says so).

Confidence is a probability that the category is right: 1.0 for a rule the
model agrees with (or a rule alone), the model's probability of the rule's
category when they disagree (at least 0.5: the rule is usually right), the
model's probability of its category when the model decides, 0.0 when
nothing decides.  Items below ``min_confidence`` are flagged for review.
"""

from __future__ import annotations

from typing import Protocol, Sequence

from .item import UNCLASSIFIED, HardwareItem

DEFAULT_MIN_CONFIDENCE = 0.5
#: Items the model reads at once: as fast as 500 (7,000 items: 1.32 s against
#: 1.36 s), a fifth of the transient memory, and small enough for the numpy
#: product (scipy is not imported unless 100 items carry 100,000 features).
_ITEMS_AT_ONCE = 100


class KindModel(Protocol):
    """What categorise needs of a text model: kind probabilities for items."""

    def kind_probabilities(self, items: Sequence[HardwareItem]) -> list[dict[str, float]]: ...


def _category_probabilities(kind_probs: dict[str, float], taxonomy,
                            categories: dict[str, str] | None = None) -> dict[str, float]:
    """{category: summed probability of its kinds}; ``categories`` keeps the
    taxonomy's answer for each kind between calls (64 kinds an item)."""
    if categories is None:
        categories = {}
    out: dict[str, float] = {}
    for kind, p in kind_probs.items():
        cat = categories.get(kind)
        if cat is None:
            cat = categories[kind] = taxonomy.category_of(kind)
        out[cat] = out.get(cat, 0.0) + p
    return out


def categorise(items: list[HardwareItem], rules, taxonomy, model: KindModel | None = None,
               min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> list[HardwareItem]:
    """Fill kind, category, confidence, decided_by and review on every item (in place)."""
    probs: list[dict[str, float]] = [{} for _ in items]
    if model is not None and items:
        probs = []
        for i in range(0, len(items), _ITEMS_AT_ONCE):   # memory: features of a slice at a time
            probs.extend(model.kind_probabilities(items[i:i + _ITEMS_AT_ONCE]))
    categories: dict[str, str] = {}
    for it, kind_probs in zip(items, probs):
        _decide(it, rules, taxonomy, kind_probs, categories)
        if it.category != UNCLASSIFIED and it.confidence < min_confidence:
            it.review.append(f"low-confidence: {it.confidence:.2f} < {min_confidence:.2f}")
        if it.category == UNCLASSIFIED:
            it.review.append("unclassified")
    return items


def _decide(it: HardwareItem, rules, taxonomy, kind_probs: dict[str, float],
            categories: dict[str, str] | None = None) -> None:
    it.review = []
    model_kind = max(kind_probs, key=kind_probs.get) if kind_probs else None
    cat_probs = _category_probabilities(kind_probs, taxonomy, categories) if kind_probs else {}
    model_cat = taxonomy.category_of(model_kind) if model_kind else None

    preset = it.kind  # the detector knows boards and platforms by construction
    match = None
    if preset is None:
        paths = list(it.paths)
        if it.kconfig_path:
            paths.append(it.kconfig_path)
        match = rules.match(paths, it.symbols[0] if it.symbols else None)

    if preset is not None or (match is not None and match.decisive):
        kind = preset if preset is not None else match.kind
        it.kind = kind
        it.category = taxonomy.category_of(kind)
        it.decided_by = f"rule:{match.pattern}" if match is not None else f"rule:{it.type}"
        # A board or a platform symbol (ARCH_MA35) is one by construction: the model,
        # reading the clock or pin drivers it builds, has nothing to say against it.
        if preset is not None or model_cat is None or model_cat == it.category:
            it.confidence = 1.0
        else:
            it.confidence = max(0.5, cat_probs.get(it.category, 0.0))
            it.review.append(
                f"disagreement: rule says {kind}, model says {model_kind} "
                f"({model_cat}, {cat_probs[model_cat]:.2f})")
        return

    if model_kind is not None:
        it.kind = model_kind
        it.category = model_cat
        it.confidence = cat_probs.get(model_cat, 0.0)
        it.decided_by = "model"
        return

    it.kind = None
    it.category = UNCLASSIFIED
    it.confidence = 0.0
    it.decided_by = "unclassified"


def _no_model(model) -> bool:
    """``--model none``: rules only."""
    return model is not None and str(model).lower() == "none"


def load_kind_model(model: str | None = None):
    """The model classify uses: a file, the shipped one (None), or none ('none').

    Returns an object with ``kind_probabilities(items)``, or None when no model
    applies (``'none'``, or no model is shipped yet).
    """
    if _no_model(model):
        return None
    from .modelfile import import_numpy_for_prediction
    import_numpy_for_prediction()
    try:
        from . import textmodel
    except ImportError:  # the text model is not built yet
        return None
    path = model if model is not None else textmodel.default_model_path()
    if model is None and (path is None or not __import__("os").path.exists(path)):
        return None
    return ItemModel(textmodel.load_model(path))


class ModelInBackground:
    """A model file loaded in a thread while the range is scanned, from the
    first candidate item on; :meth:`get` waits for it and raises what loading
    raised (a bad model file: exit 2).  A range without candidates never loads
    it (numpy and all: 0.3-0.45 s): :meth:`check` refuses a missing or
    unreadable file all the same."""

    def __init__(self, model: str | None = None):
        import threading
        self.model = model
        self._result = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, name="hwclass-model", daemon=True)

    def start(self) -> "ModelInBackground":
        """Start loading (once); a range without candidate items never needs to."""
        if not self.started:
            self._thread.start()
        return self

    @property
    def started(self) -> bool:
        return self._thread.ident is not None

    def check(self) -> None:
        """Refuse a model file that cannot be read, without loading it."""
        if self.model is not None and not _no_model(self.model):
            from .modelfile import read_model_file
            read_model_file(self.model)

    def _load(self) -> None:
        try:
            self._result = load_kind_model(self.model)
        except BaseException as exc:  # handed to the main thread by get()
            self._error = exc

    def get(self):
        self.start()
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result


class ItemModel:
    """Adapts a loaded text model to items: what a person reads of each item, in, kinds out."""

    def __init__(self, loaded):
        self.loaded = loaded

    def kind_probabilities(self, items: Sequence[HardwareItem]) -> list[dict[str, float]]:
        return self.loaded.kind_probabilities([item_example(it) for it in items])


def item_example(it: HardwareItem):
    """The model's view of an item: prompt, help, subject, body, paths, symbol."""
    from .labelled import Example
    return Example(text=it.prompt or it.hardware, help=it.help, subject=it.subject,
                   body=it.body, paths=list(it.paths) + ([it.kconfig_path] if it.kconfig_path else []),
                   symbol=it.symbols[0] if it.symbols else "")
