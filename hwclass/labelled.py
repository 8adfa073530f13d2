"""Labelled examples for the text model: one loader for three forms.

``load_examples(paths, taxonomy=None)`` reads, in order, files or folders
(a folder: every ``*.yaml``, ``*.yml``, ``*.jsonl``, ``*.json`` and ``*.csv``
in it, sorted) of any of these forms:

(a) records - JSONL (one object a line), a JSON list, a YAML list, or CSV with
    a header - each with ``text`` (or ``hardware`` / ``prompt``), optional
    ``subject``, ``help``, ``body``, ``paths`` (a list, or ``;``-separated in
    CSV), ``kconfig_path``, ``symbol`` (or ``symbols``), ``release``,
    ``weight``, and a label: ``kind`` and/or ``category``.  A harvest file
    (``hwclass harvest``) is of this form; its records without a kind but
    with a ``kind_guess`` (a non-decisive rule's kind) are weak labels, with
    weight :data:`GUESS_WEIGHT`; those with neither are skipped (counted in
    one warning).
(b) LWN-style YAML: ``release:`` and ``categories: {Category: [item, ...]}``
    (category names of any year: the taxonomy's aliases map them).
(c) ``hwclass classify -f yaml`` output, corrected by a person: records with
    ``hardware``, ``kind``, ``category`` ...  Where the category was changed and
    the kind no longer belongs to it, the category is the label.

Labels: a ``kind`` must be one of ``kinds.yaml``; a ``category`` is mapped to
the taxonomy's own name.  Bad records (no label, unknown kind or category,
not UTF-8, exact duplicates, wrong shapes) are skipped and reported in
``warnings`` as ``file:line: reason``; ``strict=True`` raises
:class:`~hwclass.errors.FileFormatError` at the first one instead.  A file
that cannot be read at all raises ``FileFormatError``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from .errors import FileFormatError, HwclassError
from .textmodel import Example
from .yamlfile import YamlFile, line_of

__all__ = ["Example", "LabelledData", "load_examples", "DATA_SUFFIXES"]

DATA_SUFFIXES = (".yaml", ".yml", ".jsonl", ".json", ".csv")
_TEXT_KEYS = ("text", "hardware", "prompt")
_KNOWN_KEYS = {"text", "hardware", "prompt", "subject", "help", "body", "paths", "kconfig_path", "symbol",
               "symbols", "release", "weight", "kind", "category", "commit", "type", "confidence",
               "decided_by", "review", "source", "id", "kconfig_line", "note", "kind_guess"}
#: Sample weight of a harvest record's ``kind_guess`` (a weak label) relative to a kind.
GUESS_WEIGHT = 0.5


@dataclass
class LabelledData:
    """Parallel lists, one entry per example.

    ``kinds[i]`` is the example's kind, or None when only its category is known
    (``categories[i]``, in the taxonomy's names, is then set).  ``origins`` says
    which form the example came from (``records``, ``harvest``, ``lwn``,
    ``classify``); ``where`` is ``file:line``.
    """

    examples: list[Example] = field(default_factory=list)
    kinds: list[str | None] = field(default_factory=list)
    categories: list[str | None] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    releases: list[str | None] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    taxonomy_name: str | None = None

    def __len__(self) -> int:
        return len(self.examples)

    def append(self, ex: Example, kind, category, weight=1.0, release=None, origin="records", where=""):
        self.examples.append(ex)
        self.kinds.append(kind)
        self.categories.append(category)
        self.weights.append(float(weight))
        self.releases.append(release)
        self.origins.append(origin)
        self.where.append(where)

    def extend(self, other: "LabelledData", weight_factor: float = 1.0) -> "LabelledData":
        for i in range(len(other)):
            self.append(other.examples[i], other.kinds[i], other.categories[i],
                        other.weights[i] * weight_factor, other.releases[i], other.origins[i], other.where[i])
        self.warnings.extend(other.warnings)
        return self

    def subset(self, indices: Iterable[int]) -> "LabelledData":
        out = LabelledData(taxonomy_name=self.taxonomy_name)
        for i in indices:
            out.append(self.examples[i], self.kinds[i], self.categories[i], self.weights[i],
                       self.releases[i], self.origins[i], self.where[i])
        return out

    def sha256(self) -> str:
        """A hash of the examples and labels (model provenance)."""
        h = hashlib.sha256()
        for i, ex in enumerate(self.examples):
            h.update(json.dumps([ex.text, ex.subject, ex.help, ex.body, ex.paths, ex.symbol,
                                 self.kinds[i], self.categories[i], self.weights[i]],
                                ensure_ascii=False).encode("utf-8"))
            h.update(b"\n")
        return h.hexdigest()

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for o in self.origins:
            out[o] = out.get(o, 0) + 1
        return out


class _Loader:
    def __init__(self, taxonomy, strict: bool, weight: float):
        from .taxonomy import load_kinds, load_taxonomy
        self.tax = taxonomy if taxonomy is not None and not isinstance(taxonomy, (str, os.PathLike)) \
            else load_taxonomy(taxonomy)
        self.known_kinds = set(load_kinds())
        self.strict = strict
        self.weight = weight
        self.data = LabelledData(taxonomy_name=self.tax.name)
        self.seen: dict[str, str] = {}
        self.unlabelled_harvest = 0

    def warn(self, path, line, msg):
        if self.strict:
            raise FileFormatError(path, msg, line)
        where = f"{path}:{line}" if line else str(path)
        self.data.warnings.append(f"{where}: {msg}")

    # -- one record -------------------------------------------------------
    def record(self, rec, path, line, form):
        if not isinstance(rec, dict):
            self.warn(path, line, f"record must be a mapping, not {type(rec).__name__}")
            return
        for k, v in rec.items():
            if isinstance(v, str) and any("\udc80" <= ch <= "\udcff" for ch in v):
                self.warn(path, line, f"{k!r} is not UTF-8 text")
                return
        text = ""
        for key in _TEXT_KEYS:
            v = rec.get(key)
            if isinstance(v, str) and v.strip():
                text = v.strip()
                break
        if not text and not (isinstance(rec.get("subject"), str) and rec["subject"].strip()):
            self.warn(path, line, "record has no text (expected 'text', 'hardware' or 'prompt')")
            return

        def s(key):
            v = rec.get(key)
            if v is None:
                return ""
            if not isinstance(v, (str, int, float)) or isinstance(v, bool):
                raise ValueError(f"{key!r} must be text")
            return str(v)

        try:
            paths = rec.get("paths") or []
            if isinstance(paths, str):
                paths = [p.strip() for p in paths.replace(",", ";").split(";") if p.strip()]
            if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
                raise ValueError("'paths' must be a list of paths")
            if s("kconfig_path") and s("kconfig_path") not in paths:
                paths = paths + [s("kconfig_path")]
            symbol = s("symbol")
            syms = rec.get("symbols")
            if not symbol and syms:
                if isinstance(syms, str):
                    syms = [x for x in syms.split(";") if x]
                if not isinstance(syms, list) or not all(isinstance(x, str) for x in syms):
                    raise ValueError("'symbols' must be a list of symbols")
                symbol = syms[0] if syms else ""
            ex = Example(text=text, subject=s("subject"), help=s("help"), body=s("body"),
                         paths=list(paths), symbol=symbol)
            weight = rec.get("weight", 1.0)
            if weight in (None, ""):
                weight = 1.0
            weight = float(weight)
            if not weight > 0 or weight != weight or weight == float("inf"):
                raise ValueError("'weight' must be a positive number")
            release = s("release") or None
        except OverflowError:
            self.warn(path, line, "'weight' must be a positive number")
            return
        except (ValueError, TypeError) as exc:
            self.warn(path, line, str(exc))
            return

        kind = rec.get("kind") or None
        category = rec.get("category") or None
        if kind is not None and not isinstance(kind, str):
            self.warn(path, line, "'kind' must be text")
            return
        if category is not None and not isinstance(category, str):
            self.warn(path, line, "'category' must be text")
            return
        if kind is not None:
            kind = kind.strip()
            if kind not in self.known_kinds:
                self.warn(path, line, f"unknown kind {kind!r} (see kinds.yaml)")
                return
        cat = None
        if category is not None and category.strip().casefold() != "unclassified":
            cat = self.tax.canonical(category)
            if cat is None:
                self.warn(path, line, f"unknown category {category!r} in taxonomy {self.tax.name!r}")
                return
        guess = rec.get("kind_guess")
        if (kind is None and cat is None and rec.get("source") == "harvest" and isinstance(guess, str)
                and guess.strip() in self.known_kinds):
            kind = guess.strip()
            weight = weight * GUESS_WEIGHT
        if kind is None and cat is None:
            if rec.get("source") == "harvest":
                self.unlabelled_harvest += 1
                return
            self.warn(path, line, "record has no label (expected 'kind' or 'category')")
            return
        if kind is not None and cat is not None and self.tax.category_of(kind) != cat:
            kind = None     # the category was corrected: it is the label now
        if kind is not None:
            cat = self.tax.category_of(kind)
        origin = {"classify": "classify", "lwn": "lwn"}.get(form) or (
            "harvest" if rec.get("source") == "harvest" else "records")
        self.add(ex, kind, cat, weight * self.weight, release, origin, path, line)

    def add(self, ex, kind, cat, weight, release, origin, path, line):
        key = json.dumps([ex.text, ex.subject, ex.help, ex.body, ex.paths, ex.symbol, kind, cat])
        where = f"{path}:{line}" if line else str(path)
        first = self.seen.get(key)
        if first is not None:
            self.warn(path, line, f"duplicate of the record at {first}; skipped")
            return
        self.seen[key] = where
        self.data.append(ex, kind, cat, weight, release, origin, where)

    # -- files ------------------------------------------------------------
    def path(self, p):
        p = Path(p)
        if p.is_dir():
            files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in DATA_SUFFIXES)
            if not files:
                raise HwclassError(f"{p}: no data files (*.yaml, *.jsonl, *.json, *.csv) in this folder")
            for f in files:
                self.file(f)
        elif p.exists():
            self.file(p)
        else:
            raise HwclassError(f"{p}: no such file or folder")

    def file(self, path: Path):
        suffix = "".join(path.suffixes[-2:]).lower() if path.suffix.lower() == ".gz" else path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            return self.yaml_file(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise HwclassError(f"{path}: cannot read: {exc.strerror or exc}") from None
        if raw[:1] == b"\x80":
            raise FileFormatError(path, "binary data (a pickle?), not a data file")
        text = raw.decode("utf-8", errors="surrogateescape")
        if text.startswith("\ufeff"):
            text = text[1:]
        if suffix == ".csv":
            return self.csv_text(path, text)
        if suffix == ".json" and text.lstrip().startswith("["):
            try:
                recs = json.loads(text)
            except json.JSONDecodeError as exc:
                raise FileFormatError(path, f"invalid JSON: {exc.msg}", exc.lineno) from None
            except RecursionError:
                raise FileFormatError(path, "invalid JSON: nested too deeply") from None
            except ValueError as exc:   # Python's limit on an integer's digits
                raise FileFormatError(path, f"invalid JSON: {_number_problem(exc)}") from None
            for i, rec in enumerate(recs):
                self.record(rec, path, None if len(recs) > 1 else 1, "records")
            return
        if suffix in (".jsonl", ".json", ".ndjson"):
            return self.jsonl_text(path, text)
        raise HwclassError(f"{path}: unknown data file type (expected .jsonl, .json, .yaml or .csv)")

    def jsonl_text(self, path, text):
        n_ok = 0
        first_bad = None                # (line, reason) of the first line that is not JSON
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                reason = f"invalid JSON: {exc.msg}"
            except RecursionError:
                reason = "invalid JSON: nested too deeply"
            except ValueError as exc:   # Python's limit on an integer's digits
                reason = f"invalid JSON: {_number_problem(exc)}"
            else:
                n_ok += 1
                self.record(rec, path, lineno, "records")
                continue
            first_bad = first_bad or (lineno, reason)
            self.warn(path, lineno, reason)
        if first_bad and not n_ok:
            raise FileFormatError(path, f"not JSON lines: no line could be read ({first_bad[1]})", first_bad[0])

    def csv_text(self, path, text):
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or not any(k in reader.fieldnames for k in _TEXT_KEYS + ("subject",)):
            raise FileFormatError(path, "CSV needs a header with a 'text' (or 'hardware') column", 1)
        try:
            prev_line = 1
            for rec in reader:
                line = prev_line + 1
                prev_line = reader.line_num
                rec = {k: v for k, v in rec.items() if k is not None and v not in (None, "")}
                self.record(rec, path, line, "records")
        except csv.Error as exc:
            raise FileFormatError(path, f"invalid CSV: {exc}", reader.line_num) from None

    def yaml_file(self, path):
        doc = YamlFile(path, "data file")
        try:
            return self.yaml_doc(doc, path)
        except ValueError as exc:   # a YAML integer beyond Python's limit on digits, outside any record
            raise FileFormatError(path, f"invalid YAML: {_number_problem(exc)}") from None

    def yaml_doc(self, doc, path):
        root = doc.root
        if root is None:
            self.warn(path, None, "empty file")
            return
        if isinstance(root, yaml.MappingNode):
            nodes = {}
            for knode, vnode in root.value:
                key = _value(doc, knode)
                if not isinstance(key, str):
                    raise doc.fail(knode, f"key {key!r:.40} is not text")
                nodes[key] = vnode
            if "categories" in nodes:
                return self.lwn(doc, path)
            for key in ("examples", "records", "items"):
                if key in nodes:
                    return self.yaml_records(doc, nodes[key], path)
            raise doc.fail(root, "expected an LWN list ('release:', 'categories:') or a list of records")
        if isinstance(root, yaml.SequenceNode):
            return self.yaml_records(doc, root, path)
        raise doc.fail(root, "expected an LWN list ('release:', 'categories:') or a list of records")

    def yaml_records(self, doc, node, path):
        for rnode in doc.sequence(node, "records"):
            try:
                rec = _value(doc, rnode)
            except FileFormatError as exc:
                self.warn(path, exc.line, exc.reason)
                continue
            form = "classify" if isinstance(rec, dict) and "decided_by" in rec else "records"
            self.record(rec, path, line_of(rnode), form)

    def lwn(self, doc, path):
        release = None
        cats_node = None
        for key, node in doc.mapping(doc.root, "LWN list"):
            if key == "release":
                v = _value(doc, node)
                release = None if v is None else str(v)
            elif key == "categories":
                cats_node = node
        if cats_node is None or _value(doc, cats_node) is None:
            self.warn(path, line_of(doc.root), "no categories")
            return
        for cat_name, items_node in doc.mapping(cats_node, "categories"):
            cat = self.tax.canonical(cat_name)
            if cat is None:
                self.warn(path, line_of(items_node), f"unknown category {cat_name!r} in taxonomy "
                                                     f"{self.tax.name!r}; its items are skipped")
                continue
            if _value(doc, items_node) is None:
                continue
            if not isinstance(items_node, yaml.SequenceNode):
                self.warn(path, line_of(items_node), f"category {cat_name!r} must hold a list of items")
                continue
            for inode in items_node.value:
                v = _value(doc, inode)
                if not isinstance(v, str) or not v.strip():
                    self.warn(path, line_of(inode), f"item under {cat_name!r} must be text")
                    continue
                self.add(Example(text=" ".join(v.split())), None, cat, self.weight, release, "lwn",
                         path, line_of(inode))


def _number_problem(exc: ValueError) -> str:
    if "digits" in str(exc):
        return "a number with too many digits"
    return " ".join(str(exc).split())


def _value(doc: YamlFile, node):
    """``doc.value(node)``, with a too-long integer a FileFormatError at the node's line."""
    try:
        return doc.value(node)
    except ValueError as exc:   # int('9' * 5000): Python's limit on an integer's digits
        raise FileFormatError(doc.path, f"invalid YAML: {_number_problem(exc)}", line_of(node)) from None


def load_examples(paths, taxonomy=None, strict: bool = False, weight: float = 1.0) -> LabelledData:
    """Read labelled examples from files and folders (see the module docstring).

    ``taxonomy``: a :class:`~hwclass.taxonomy.Taxonomy`, a built-in name or a
    file (None: ``lwn``) - category names are mapped to it.  ``weight``
    multiplies every example's sample weight (corrections use a large one).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    loader = _Loader(taxonomy, strict, weight)
    for p in paths:
        loader.path(p)
    if loader.unlabelled_harvest:
        loader.data.warnings.append(f"{loader.unlabelled_harvest} harvest records without a kind "
                                    f"(no rule decided) were not used")
    return loader.data
