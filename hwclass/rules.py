"""Ordered path rules: which kind of hardware a file's place in the tree means.

``rules.yaml`` (beside this module; its top comment documents the format)
maps path patterns, and a few Kconfig symbol-name patterns, to kinds::

    rules = load_rules()
    m = rules.match(["drivers/iio/light/apds9960.c"], "APDS9960")
    m.kind, m.pattern, m.decisive      # ('iio', 'drivers/iio/', True)

Patterns
    ``drivers/iio/``        a folder: every file below it
    ``drivers/net/phy``     no glob and no trailing slash: that file, or that folder
    ``arch/*/mach-*/``      ``*``, ``?`` and ``[...]`` match within one path component
    ``**/tests/``           ``**`` matches any number of components
    A pattern with globs and no trailing slash matches a whole path, or a
    leading folder of it (``arch/*/mach-*`` matches ``arch/arm/mach-foo/x.c``).

Ranking (like get_maintainer.pl ranks MAINTAINERS patterns)
    Symbol rules (``symbol: SND_SOC_*``) name the driver itself and beat path
    rules; among them the longest literal prefix wins.  Among path rules the
    most specific wins: more literal path components first, then the longer
    literal prefix, then more components (``arch/*/mach-*/`` beats ``arch/``),
    then more literal characters; at a tie the earlier rule wins (a user's file comes before
    the rules it extends).  Over several paths, the best match over all paths:
    deeper first, and at equal depth a decisive rule before a non-decisive one.

A rule with ``decisive: false`` names a kind but leaves the decision to the
text model (``drivers/misc/``, ``drivers/mfd/``, ``drivers/phy/`` ...).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase, translate as fnmatch_translate
from pathlib import Path
from typing import Iterable

from .errors import FileFormatError, HwclassError
from .yamlfile import YamlFile, line_of

DEFAULT_RULES_PATH = Path(__file__).resolve().parent / "rules.yaml"
_TOP_KEYS = ("extends", "hardware_trees", "platform_symbols", "not_hardware", "rules")
_RULE_KEYS = ("pattern", "symbol", "kind", "decisive")
_GLOB_CHARS = "*?["

__all__ = ["RuleMatch", "Rule", "Rules", "load_rules", "DEFAULT_RULES_PATH"]


@dataclass(frozen=True)
class RuleMatch:
    """The rule that decided: its kind, its pattern, whether it is decisive."""

    kind: str
    pattern: str
    decisive: bool

    @property
    def label(self) -> str:
        """What ``decided_by`` says: ``rule:<pattern>``."""
        return f"rule:{self.pattern}"


# -- patterns ----------------------------------------------------------------

def _glob_component(comp: str) -> str:
    """One path component's glob -> regex (``*`` never crosses ``/``)."""
    out = []
    i, n = 0, len(comp)
    while i < n:
        c = comp[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = i + 1
            if j < n and comp[j] in "!^":
                j += 1
            if j < n and comp[j] == "]":
                j += 1
            while j < n and comp[j] != "]":
                j += 1
            if j >= n:
                out.append(re.escape(c))     # an unclosed '[' is literal
            else:
                body = comp[i + 1:j].replace("\\", "\\\\")
                if body[:1] in "!^":
                    body = "^" + body[1:]
                out.append(f"(?!/)[{body}]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


@dataclass
class _PathPattern:
    """A compiled path pattern with its specificity."""

    text: str
    literal_components: int
    literal_prefix: int
    components: int
    literal_chars: int
    first: str | None          # first component when literal (for bucketing), else None
    _literal: str | None = None
    _is_dir: bool = False
    _regex: re.Pattern | None = None

    @classmethod
    def compile(cls, text: str) -> "_PathPattern":
        p = text.strip()
        while p.startswith("./"):
            p = p[2:]
        p = p.lstrip("/")
        is_dir = p.endswith("/")
        comps = [c for c in p.rstrip("/").split("/") if c]
        has_glob = any(ch in p for ch in _GLOB_CHARS)
        literal_components = sum(1 for c in comps if not any(ch in c for ch in _GLOB_CHARS))
        cut = min([p.index(ch) for ch in _GLOB_CHARS if ch in p] or [len(p)])
        first = comps[0] if comps and not any(ch in comps[0] for ch in _GLOB_CHARS) else None
        literal_chars = sum(1 for ch in p if ch not in _GLOB_CHARS + "/")
        pat = cls(text=text, literal_components=literal_components, literal_prefix=cut,
                  components=len(comps), literal_chars=literal_chars, first=first)
        pat._is_dir = is_dir
        if not has_glob:
            pat._literal = "/".join(comps)
            return pat
        parts: list[str] = []
        for i, c in enumerate(comps):
            last = i == len(comps) - 1
            if c == "**":
                parts.append("(?:[^/]+/)*" if not last else "(?:[^/]+/)*[^/]+")
            else:
                parts.append(_glob_component(c) + ("" if last else "/"))
        body = "".join(parts)
        tail = "/" if is_dir else "(?:/|$)"
        pat._regex = re.compile("^" + body + tail)
        return pat

    def matches(self, path: str) -> bool:
        if self._literal is not None:
            lit = self._literal
            if not path.startswith(lit):
                return False
            if len(path) == len(lit):
                return not self._is_dir
            return path[len(lit)] == "/"
        return self._regex.match(path) is not None

    @property
    def rank(self) -> tuple[int, int, int, int]:
        """Sort key, most specific first: literal components, literal prefix,
        components, literal characters."""
        return (-self.literal_components, -self.literal_prefix, -self.components, -self.literal_chars)


@dataclass
class Rule:
    """One rule of a rules file: a path pattern or a symbol pattern, and its kind."""

    kind: str
    pattern: str | None = None
    symbol: str | None = None
    decisive: bool = True
    source: str = ""            # file:line, for messages
    _compiled: _PathPattern | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return self.pattern if self.pattern is not None else self.symbol

    def as_match(self) -> RuleMatch:
        return RuleMatch(self.kind, self.text, self.decisive)


class _PatternSet:
    """Several path patterns, for 'does any of them match this path?' (fast for prefixes)."""

    def __init__(self, patterns: Iterable[str]):
        self.source = tuple(patterns)
        lits: list[str] = []
        exact: set[str] = set()
        self.globs: list[_PathPattern] = []
        for text in self.source:
            pat = _PathPattern.compile(text)
            if pat._literal is not None:
                if pat._is_dir:
                    lits.append(pat._literal + "/")
                else:
                    exact.add(pat._literal)
                    lits.append(pat._literal + "/")
            else:
                self.globs.append(pat)
        self.prefixes = tuple(lits)
        self.exact = exact

    def matches(self, path: str) -> bool:
        if path.startswith(self.prefixes) or path in self.exact:
            return True
        return any(g.matches(path) for g in self.globs)


def _norm_path(path: str) -> str:
    p = str(path).replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p.lstrip("/")


# -- the rules ---------------------------------------------------------------

@dataclass
class Rules:
    """A loaded rules file (with what it extends).

    ``hardware_trees`` may be extended in place (``.hwclass.yaml`` does);
    the matchers notice.
    """

    path: str
    hardware_trees: list[str]
    platform_symbols: list[str]
    not_hardware: list[str]
    rules: list[Rule] = field(default_factory=list)

    def __post_init__(self):
        path_rules = [(i, r) for i, r in enumerate(self.rules) if r.pattern is not None]
        for _, r in path_rules:
            if r._compiled is None:
                r._compiled = _PathPattern.compile(r.pattern)
        # Rank order: most specific first; file order breaks ties.
        ordered = sorted(path_rules, key=lambda ir: (ir[1]._compiled.rank, ir[0]))
        # Literal patterns: the best is the longest matching folder (or the file itself),
        # found by dictionary look-ups; glob patterns (few) are tried in rank order.
        self._dirs: dict[str, tuple[tuple, Rule]] = {}
        self._files: dict[str, tuple[tuple, Rule]] = {}
        self._by_first: dict[str, list[tuple[tuple, Rule]]] = {}
        self._wild: list[tuple[tuple, Rule]] = []
        for i, r in ordered:
            key = (r._compiled.rank, i)
            pat = r._compiled
            if pat._literal is not None:
                self._dirs.setdefault(pat._literal + "/", (key, r))
                if not pat._is_dir:
                    self._files.setdefault(pat._literal, (key, r))
            elif pat.first is None:
                self._wild.append((key, r))
            else:
                self._by_first.setdefault(pat.first, []).append((key, r))
        self._candidates: dict[str, list[tuple[tuple, Rule]]] = {}
        sym = [(i, r) for i, r in enumerate(self.rules) if r.symbol is not None]
        sym.sort(key=lambda ir: (-_literal_prefix(ir[1].symbol), ir[0]))
        self._symbol_rules = [r for _, r in sym]
        self._path_cache: dict[str, tuple | None] = {}
        self._symbol_cache: dict[str, Rule | None] = {}
        self._trees: _PatternSet | None = None
        self._platform_cache: dict[str, bool] = {}
        self._platform_src: tuple = ()
        self._nothw_src: tuple = ()

    # -- path -> kind ------------------------------------------------------
    def _best_for_path(self, path: str) -> tuple[tuple, Rule] | None:
        hit = self._path_cache.get(path, False)
        if hit is not False:
            return hit
        best = self._files.get(path)
        if best is None:
            dirs = self._dirs
            cut = path.rfind("/")
            while cut > 0:
                best = dirs.get(path[:cut + 1])
                if best is not None:
                    break
                cut = path.rfind("/", 0, cut)
        first = path.split("/", 1)[0]
        cands = self._candidates.get(first)
        if cands is None:
            cands = sorted(self._by_first.get(first, []) + self._wild, key=lambda kr: kr[0])
            self._candidates[first] = cands
        for key, rule in cands:
            if best is not None and key > best[0]:
                break
            if rule._compiled.matches(path):
                best = (key, rule)
                break
        if len(self._path_cache) > 500_000:
            self._path_cache.clear()
        self._path_cache[path] = best
        return best

    def match(self, paths: Iterable[str], symbol: str | None = None) -> RuleMatch | None:
        """The most specific rule for ``symbol`` and ``paths`` (best over all), or None."""
        if symbol:
            rule = self._symbol_rule(symbol)
            if rule is not None:
                return rule.as_match()
        if isinstance(paths, str):
            paths = [paths]
        best = None
        best_key = None
        for p in paths:
            if not p:
                continue
            hit = self._best_for_path(_norm_path(p))
            if hit is None:
                continue
            # Across paths: deeper first; at equal depth a decisive rule beats a
            # non-decisive one (sources in drivers/iio speak louder than a Kconfig in drivers/misc).
            key = (hit[0][0][0], not hit[1].decisive, hit[0])
            if best_key is None or key < best_key:
                best, best_key = hit, key
        return best[1].as_match() if best is not None else None

    def _symbol_rule(self, symbol: str) -> Rule | None:
        if not self._symbol_rules:
            return None
        hit = self._symbol_cache.get(symbol, False)
        if hit is not False:
            return hit
        hit = next((r for r in self._symbol_rules if fnmatchcase(symbol, r.symbol)), None)
        self._symbol_cache[symbol] = hit
        return hit

    # -- detector helpers --------------------------------------------------
    def in_hardware_tree(self, path: str) -> bool:
        """Is ``path`` where new Kconfig symbols can be hardware (drivers/, sound/, arch/ ...)?"""
        trees = self._trees
        if trees is None or trees.source != tuple(self.hardware_trees):
            trees = self._trees = _PatternSet(self.hardware_trees)
        return trees.matches(_norm_path(path))

    def is_platform_symbol(self, name: str) -> bool:
        """Does ``name`` name a platform (ARCH_*, SOC_*, MACH_* ... minus the ``!`` exceptions)?"""
        src = tuple(self.platform_symbols)
        if src != self._platform_src:
            self._platform_src = src
            self._platform_cache = {}
            self._platform_pos = [p for p in src if not p.startswith("!")]
            self._platform_neg = [p[1:] for p in src if p.startswith("!")]
        hit = self._platform_cache.get(name)
        if hit is None:
            hit = (any(fnmatchcase(name, p) for p in self._platform_pos)
                   and not any(fnmatchcase(name, p) for p in self._platform_neg))
            self._platform_cache[name] = hit
        return hit

    def is_not_hardware(self, symbol: str, path: str = "") -> bool:
        """Is this symbol (or its Kconfig file's place) never hardware: tests, debug, SPL ...?

        Entries with a ``/`` are path patterns (matched on ``path``), the others
        symbol-name globs; ``!GLOB`` exempts symbols (``!SENSORS_*``).
        """
        src = tuple(self.not_hardware)
        if src != self._nothw_src:
            self._nothw_src = src
            self._nothw_symbols = _globs_regex(p for p in src if "/" not in p and not p.startswith("!"))
            self._nothw_except = _globs_regex(p[1:] for p in src if "/" not in p and p.startswith("!"))
            self._nothw_paths = _PatternSet([p for p in src if "/" in p])
        if symbol and self._nothw_symbols.match(symbol) and not self._nothw_except.match(symbol):
            return True
        return bool(path) and self._nothw_paths.matches(_norm_path(path))

    def kinds(self) -> set[str]:
        return {r.kind for r in self.rules}


def _globs_regex(globs) -> re.Pattern:
    """One regex for 'matches any of these fnmatch globs' (case-sensitive); never matches if none."""
    parts = [fnmatch_translate(g) for g in globs]
    return re.compile("|".join(f"(?:{p})" for p in parts) if parts else "(?!)")


def _literal_prefix(glob: str) -> int:
    return min([glob.index(ch) for ch in _GLOB_CHARS if ch in glob] or [len(glob)])


# -- loading -----------------------------------------------------------------

def load_rules(path: str | os.PathLike | None = None) -> Rules:
    """The shipped rules (None), or a rules file (which may ``extends: default``)."""
    if path is None:
        return _load(str(DEFAULT_RULES_PATH), ())
    p = Path(os.fspath(path)).expanduser()
    if not p.exists():
        raise HwclassError(f"no such rules file: {os.fspath(path)}")
    if not p.is_file():
        raise HwclassError(f"{os.fspath(path)}: is not a file")
    return _load(str(p.resolve()), ())


def _load(path: str, chain: tuple[str, ...]) -> Rules:
    if path in chain:
        cycle = " -> ".join(Path(p).name for p in chain + (path,))
        raise FileFormatError(chain[-1], f"cycle in 'extends': {cycle}")
    chain = chain + (path,)
    from .taxonomy import load_kinds
    kinds = load_kinds()
    doc = YamlFile(path, "rules file")
    if doc.root is None:
        raise FileFormatError(path, "empty rules file: expected 'rules:' (and optionally 'extends: default')")
    parent: Rules | None = None
    lists: dict[str, list[str]] = {"hardware_trees": [], "platform_symbols": [], "not_hardware": []}
    own: list[Rule] = []
    saw_rules = False
    for key, node in doc.mapping(doc.root, "rules file"):
        if key == "extends":
            if doc.value(node) is None:
                continue
            ref = doc.string(node, "extends")
            if ref == "default":
                ppath = str(DEFAULT_RULES_PATH)
            else:
                cand = Path(ref).expanduser()
                if not cand.is_absolute():
                    cand = Path(path).parent / cand
                if not cand.is_file():
                    raise doc.fail(node, f"extends: no such rules file {ref!r} (use 'default' for the shipped rules)")
                ppath = str(cand.resolve())
            parent = _load(ppath, chain)
        elif key in lists:
            if doc.value(node) is None:
                continue
            for item in doc.sequence(node, key):
                text = doc.string(item, f"{key} item").strip()
                lists[key].append(text)
        elif key == "rules":
            saw_rules = True
            if doc.value(node) is None:
                continue
            for rnode in doc.sequence(node, "rules"):
                own.append(_parse_rule(doc, rnode, kinds))
        else:
            raise doc.fail_key(node, f"unknown key {key!r} (expected one of: {', '.join(_TOP_KEYS)})")
    if not saw_rules and parent is None:
        raise doc.fail(doc.root, "missing 'rules:' list")
    if parent is None:
        return Rules(path=path, rules=own, **lists)
    merged = {k: _dedup(v + list(getattr(parent, k))) for k, v in lists.items()}
    return Rules(path=path, rules=own + [
        Rule(kind=r.kind, pattern=r.pattern, symbol=r.symbol, decisive=r.decisive, source=r.source,
             _compiled=r._compiled) for r in parent.rules], **merged)


def _dedup(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for i in items:
        if i not in seen:
            seen.add(i)
            out.append(i)
    return out


def _parse_rule(doc: YamlFile, node, kinds) -> Rule:
    fields: dict[str, object] = {}
    nodes: dict[str, object] = {}
    for key, vnode in doc.mapping(node, "rule"):
        if key not in _RULE_KEYS:
            raise doc.fail_key(vnode, f"rule: unknown key {key!r} (expected: pattern or symbol, kind, decisive)")
        nodes[key] = vnode
        if key == "decisive":
            fields[key] = doc.boolean(vnode, "decisive")
        else:
            fields[key] = doc.string(vnode, key).strip()
    if "pattern" in fields and "symbol" in fields:
        raise doc.fail(node, "rule: give either 'pattern' or 'symbol', not both")
    if "pattern" not in fields and "symbol" not in fields:
        raise doc.fail(node, "rule: missing 'pattern' (a path) or 'symbol' (a Kconfig symbol glob)")
    if "kind" not in fields:
        raise doc.fail(node, "rule: missing 'kind'")
    kind = fields["kind"]
    if kind not in kinds:
        raise doc.fail(nodes["kind"], f"rule: unknown kind {kind!r} (see kinds.yaml / docs/KINDS.md)")
    source = f"{doc.path}:{line_of(node)}"
    if "pattern" in fields:
        pat = str(fields["pattern"])
        if pat.count("/") == 0 and not pat.endswith("/") and any(c in pat for c in _GLOB_CHARS) is False \
                and pat.isupper():
            raise doc.fail(nodes["pattern"], f"rule: pattern {pat!r} looks like a Kconfig symbol; use 'symbol:'")
        return Rule(kind=kind, pattern=pat, decisive=fields.get("decisive", True), source=source,
                    _compiled=_PathPattern.compile(pat))
    return Rule(kind=kind, symbol=str(fields["symbol"]), decisive=fields.get("decisive", True), source=source)
