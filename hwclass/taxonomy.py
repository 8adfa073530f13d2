"""Kinds and taxonomies: what a kind is, and which display category it goes in.

A *kind* (``kinds.yaml``) is a stable, fine label that follows the kernel's
subsystems: ``iio``, ``pinctrl``, ``phy-net`` ...  A *taxonomy*
(``taxonomies/<name>.yaml``, or a user's file) maps every kind to exactly one
display category, in display order, and maps other category names (LWN's old
names, say) to its own through ``aliases``::

    tax = load_taxonomy()                    # "lwn", the default
    tax.category_of("rtc")                   # 'Clock'
    tax.canonical("Audio")                   # 'Sound'
    load_taxonomy("lwn-2015").category_of("rtc")   # 'Miscellaneous'

The file format is documented at the top of ``taxonomies/lwn.yaml``.  A
malformed file raises :class:`~hwclass.errors.FileFormatError` with the file
and line; an unknown name raises :class:`~hwclass.errors.HwclassError`
listing the built-in names.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import FileFormatError, HwclassError
from .item import UNCLASSIFIED
from .yamlfile import YamlFile, line_of

DEFAULT_TAXONOMY = "lwn"

_HERE = Path(__file__).resolve().parent
KINDS_PATH = _HERE / "kinds.yaml"
TAXONOMY_DIR = _HERE / "taxonomies"

_KIND_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_TOP_KEYS = ("name", "description", "extends", "categories", "aliases", "small_sections")

__all__ = ["UNCLASSIFIED", "Kind", "Taxonomy", "load_kinds", "load_taxonomy",
           "builtin_taxonomies", "DEFAULT_TAXONOMY"]


# -- kinds -------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    name: str
    description: str


def load_kinds(path: str | os.PathLike | None = None) -> dict[str, Kind]:
    """The documented kinds, in documented order (``kinds.yaml`` beside this module)."""
    return dict(_load_kinds(os.fspath(path) if path is not None else str(KINDS_PATH)))


@lru_cache(maxsize=4)
def _load_kinds(path: str) -> tuple[tuple[str, Kind], ...]:
    doc = YamlFile(path, "kinds file")
    if doc.root is None:
        raise FileFormatError(path, "empty kinds file: expected a 'kinds:' mapping")
    kinds_node = None
    for key, node in doc.mapping(doc.root, "kinds file"):
        if key != "kinds":
            raise doc.fail_key(node, f"unknown key {key!r} (expected: kinds)")
        kinds_node = node
    if kinds_node is None:
        raise doc.fail(doc.root, "missing 'kinds:' mapping")
    out: list[tuple[str, Kind]] = []
    for name, node in doc.mapping(kinds_node, "kinds"):
        if not _KIND_NAME.match(name):
            raise FileFormatError(path, f"kind name {name!r} must be lower-case letters, digits and '-'",
                                  line_of(node))
        out.append((name, Kind(name, doc.string(node, f"description of kind {name!r}"))))
    if not out:
        raise doc.fail(kinds_node, "no kinds defined")
    return tuple(out)


# -- taxonomies --------------------------------------------------------------

@dataclass
class Taxonomy:
    """Kinds -> display categories.

    ``categories`` is the display order (``Unclassified`` is not in it: it
    always comes last, for items nothing could decide).
    """

    name: str
    categories: list[str]
    description: str = ""
    path: str = ""
    kind_category: dict[str, str] = field(default_factory=dict, repr=False)
    aliases: dict[str, str] = field(default_factory=dict, repr=False)
    #: a category holding fewer than this many items of one list is shown under ``small_into``
    small_below: int = 1
    small_into: str | None = None

    def __post_init__(self):
        self._lookup: dict[str, str] = {}
        for cat in self.categories:
            self._lookup[cat.casefold()] = cat
        for alias, cat in self.aliases.items():
            self._lookup.setdefault(alias.casefold(), cat)
        self._lookup.setdefault(UNCLASSIFIED.casefold(), UNCLASSIFIED)

    def category_of(self, kind: str | None) -> str:
        """The category of ``kind``; ``Unclassified`` for None or a kind this taxonomy lacks."""
        if kind is None:
            return UNCLASSIFIED
        return self.kind_category.get(kind, UNCLASSIFIED)

    def kinds_in(self, category: str) -> list[str]:
        """The kinds of ``category`` (a name or alias), in kinds.yaml order."""
        cat = self.canonical(category)
        return [k for k, c in self.kind_category.items() if c == cat] if cat else []

    def canonical(self, category_name: str) -> str | None:
        """This taxonomy's name for ``category_name`` (exact, or an alias; any case); None if unknown."""
        if category_name is None:
            return None
        key = " ".join(str(category_name).split()).casefold()
        return self._lookup.get(key)

    @property
    def kinds(self) -> list[str]:
        return list(self.kind_category)

    @property
    def folds_small_sections(self) -> bool:
        """Whether a published list moves small categories (``small_sections``)."""
        return self.small_into is not None and self.small_below > 1

    def sections(self, categories: Sequence[str]) -> list[str]:
        """The section each item of one list is shown under, given the items' categories.

        As LWN files a lone item under Miscellaneous rather than open a section
        for it, a category with fewer than ``small_below`` items in the list
        goes under ``small_into``; ``Unclassified`` never moves.
        """
        if not self.folds_small_sections:
            return list(categories)
        count = Counter(categories)
        return [self.small_into if c != UNCLASSIFIED and count[c] < self.small_below else c
                for c in categories]


def builtin_taxonomies() -> list[str]:
    """Names of the shipped taxonomies, the default first."""
    names = sorted(p.stem for p in TAXONOMY_DIR.glob("*.yaml"))
    if DEFAULT_TAXONOMY in names:
        names.remove(DEFAULT_TAXONOMY)
        names.insert(0, DEFAULT_TAXONOMY)
    return names


def load_taxonomy(name_or_path: str | os.PathLike | None = None) -> Taxonomy:
    """A built-in taxonomy by name (None: ``lwn``), or a taxonomy file."""
    if name_or_path is None:
        name_or_path = DEFAULT_TAXONOMY
    path = _resolve(name_or_path, base=None)
    if path.parent == TAXONOMY_DIR.resolve():
        return _load_builtin(str(path))   # shipped files do not change: load once
    return _build(str(path))


@lru_cache(maxsize=8)
def _load_builtin(path: str) -> Taxonomy:
    return _build(path)


def _resolve(name_or_path, base: Path | None, doc: YamlFile | None = None, node=None) -> Path:
    """A built-in name or a file path (relative to ``base`` for ``extends``) -> file path."""
    text = os.fspath(name_or_path)
    builtins = builtin_taxonomies()
    looks_like_path = (os.sep in text or "/" in text or text.endswith((".yaml", ".yml"))
                       or isinstance(name_or_path, os.PathLike))
    if not looks_like_path and text in builtins:
        return (TAXONOMY_DIR / f"{text}.yaml").resolve()
    candidate = Path(text).expanduser()
    if base is not None and not candidate.is_absolute():
        candidate = base / candidate
    if candidate.is_file():
        return candidate.resolve()
    if looks_like_path or candidate.exists():
        msg = f"no such taxonomy file: {text}" if not candidate.exists() else f"{text}: is not a file"
    else:
        msg = f"unknown taxonomy {text!r}: built-in taxonomies are {', '.join(builtins)} (or give a YAML file)"
    if doc is not None:
        raise doc.fail(node, msg)
    raise HwclassError(msg)


def _key_line(mapping_node, key: str) -> int | None:
    """Line of ``key:`` in a mapping node."""
    for knode, _v in getattr(mapping_node, "value", []):
        if getattr(knode, "value", None) == key:
            return line_of(knode)
    return None


def _build(path: str, chain: tuple[str, ...] = ()) -> Taxonomy:
    if path in chain:
        cycle = " -> ".join(Path(p).name for p in chain + (path,))
        raise FileFormatError(chain[-1], f"cycle in 'extends': {cycle}")
    chain = chain + (path,)
    doc = YamlFile(path, "taxonomy file")
    if doc.root is None:
        raise FileFormatError(path, "empty taxonomy file: expected name and categories")
    known_kinds = load_kinds()
    name = description = None
    parent: Taxonomy | None = None
    cats_node = aliases_node = small_node = None
    for key, node in doc.mapping(doc.root, "taxonomy file"):
        if key == "name":
            name = doc.string(node, "name")
        elif key == "description":
            description = doc.string(node, "description", allow_empty=True) if doc.value(node) is not None else ""
        elif key == "extends":
            if doc.value(node) is None:
                continue
            ref = doc.string(node, "extends")
            parent_path = _resolve(ref, Path(path).parent, doc, node)
            parent = _build(str(parent_path), chain)
        elif key == "categories":
            cats_node = node
        elif key == "aliases":
            aliases_node = node
        elif key == "small_sections":
            small_node = node
        else:
            raise doc.fail_key(node, f"unknown key {key!r} (expected one of: {', '.join(_TOP_KEYS)})")
    if name is None:
        raise doc.fail(doc.root, "missing 'name'")
    if cats_node is None and parent is None:
        raise doc.fail(doc.root, "missing 'categories' (or 'extends')")

    # Categories and their kinds.
    own: dict[str, list[str]] = {}
    where: dict[str, int | None] = {}     # kind -> line it was listed on
    if cats_node is not None and doc.value(cats_node) is not None:
        for cat, knode in doc.mapping(cats_node, "categories"):
            cat_clean = " ".join(cat.split())
            if not cat_clean:
                raise doc.fail(knode, "empty category name")
            if cat_clean.casefold() == UNCLASSIFIED.casefold():
                raise doc.fail(knode, f"{UNCLASSIFIED!r} is reserved for items nothing decides")
            kinds: list[str] = []
            if doc.value(knode) is not None:
                for kn in doc.sequence(knode, f"category {cat_clean!r}"):
                    kind = doc.string(kn, f"kind in category {cat_clean!r}")
                    if kind not in known_kinds:
                        raise doc.fail(kn, f"unknown kind {kind!r} in category {cat_clean!r} "
                                           f"(see kinds.yaml / docs/KINDS.md)")
                    if kind in where:
                        first = where[kind]
                        raise doc.fail(kn, f"kind {kind!r} is in two categories"
                                           + (f" (first on line {first})" if first else ""))
                    where[kind] = line_of(kn)
                    kinds.append(kind)
            own[cat_clean] = kinds

    # Merge with the parent: listed kinds move; inherited categories left empty go.
    order: list[str] = []
    kind_category: dict[str, str] = {}
    if parent is not None:
        for cat in parent.categories:
            order.append(cat)
        for kind, cat in parent.kind_category.items():
            if kind not in where:
                kind_category[kind] = cat
    for cat, kinds in own.items():
        if cat not in order:
            order.append(cat)
        for kind in kinds:
            kind_category[kind] = cat
    used = set(kind_category.values()) | set(own)
    categories = [c for c in order if c in used]

    missing = [k for k in known_kinds if k not in kind_category]
    if missing:
        shown = ", ".join(missing[:8]) + (f", ... ({len(missing) - 8} more)" if len(missing) > 8 else "")
        line = _key_line(doc.root, "categories") or line_of(doc.root)
        raise FileFormatError(path, f"kinds in no category: {shown} (every kind of kinds.yaml needs one; "
                                    f"or use 'extends: lwn')", line)
    # kinds.yaml order, so kinds_in() is stable
    kind_category = {k: kind_category[k] for k in known_kinds}

    # Aliases: the parent's (those still meaningful), then ours; chains resolve, cycles are refused.
    raw: dict[str, tuple[str, int | None]] = {}
    if parent is not None:
        for alias, target in parent.aliases.items():
            raw[alias] = (target, None)
    cat_fold = {c.casefold(): c for c in categories}
    if aliases_node is not None and doc.value(aliases_node) is not None:
        for alias, tnode in doc.mapping(aliases_node, "aliases"):
            target = " ".join(doc.string(tnode, f"alias {alias!r}").split())
            alias = " ".join(alias.split())
            if alias.casefold() in cat_fold:
                raise doc.fail(tnode, f"alias {alias!r} is also a category of this taxonomy")
            raw[alias] = (target, line_of(tnode))
    aliases: dict[str, str] = {}
    raw_fold = {a.casefold(): a for a in raw}
    for alias in raw:
        if alias.casefold() in cat_fold:
            continue  # an inherited alias that this taxonomy made a category of its own
        seen = [alias]
        target, line = raw[alias]
        while target.casefold() not in cat_fold:
            nxt = raw_fold.get(target.casefold())
            if nxt is None:
                if line is None:      # inherited alias to a category this taxonomy dropped
                    target = None
                    break
                raise FileFormatError(path, f"alias {alias!r} points to unknown category {target!r}", line)
            if nxt in seen:
                cyc = " -> ".join(seen + [nxt])
                raise FileFormatError(path, f"cycle in aliases: {cyc}", line or raw[nxt][1])
            seen.append(nxt)
            target, line2 = raw[nxt]
            line = line if line is not None else line2
        if target is not None:
            aliases[alias] = cat_fold[target.casefold()]

    small_below, small_into = _small_sections(doc, small_node, parent, categories)
    return Taxonomy(name=name, categories=categories,
                    description=description if description is not None else (parent.description if parent else ""),
                    path=path, kind_category=kind_category, aliases=aliases,
                    small_below=small_below, small_into=small_into)


def _small_sections(doc: YamlFile, node, parent: Taxonomy | None, categories: list[str]) -> tuple[int, str | None]:
    """``small_sections: {fewer_than: N, into: Category}``; inherited from ``extends`` when absent.

    ``small_sections: null`` turns the parent's off.  An inherited target this
    taxonomy no longer has turns it off too (as inherited aliases go).
    """
    if node is None:
        if parent is None or parent.small_into not in categories:
            return 1, None
        return parent.small_below, parent.small_into
    if doc.value(node) is None:
        return 1, None
    below, into = None, None
    for key, vnode in doc.mapping(node, "small_sections"):
        if key == "fewer_than":
            below = doc.value(vnode)
            if isinstance(below, bool) or not isinstance(below, int) or below < 1:
                raise doc.fail(vnode, "small_sections: fewer_than must be a whole number, 1 or more "
                                      "(1: no category ever moves)")
        elif key == "into":
            name = " ".join(doc.string(vnode, "small_sections: into").split())
            into = next((c for c in categories if c.casefold() == name.casefold()), None)
            if into is None:
                raise doc.fail(vnode, f"small_sections: into names unknown category {name!r}")
        else:
            raise doc.fail_key(vnode, f"unknown key {key!r} in small_sections (expected: fewer_than, into)")
    if below is None or into is None:
        raise doc.fail(node, "small_sections needs both 'fewer_than' and 'into'")
    return below, into
