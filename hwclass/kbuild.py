"""Makefile/Kbuild reader: which Kconfig symbol builds which objects.

This is the link LKDDb uses between Kconfig symbols and source files::

    obj-$(CONFIG_APDS9960)   += apds9960.o        # APDS9960 builds apds9960.o
    obj-$(CONFIG_DRM_VC4)    += vc4/              # ... or a whole folder
    snd-soc-foo-y            := foo.o foo-i2c.o   # a composite object and its parts
    obj-$(CONFIG_SND_SOC_FOO) += snd-soc-foo.o
    foo-$(CONFIG_FOO_DEBUG)  += foo-debug.o       # FOO_DEBUG builds foo-debug.o, part of foo

coreboot's ``Makefile.mk``/``Makefile.inc`` are read the same way, each
stage's sources being the symbol's own (``ramstage-$(CONFIG_X) += x.c`` gives
``x.o``, ``subdirs-$(CONFIG_X) += dir`` gives ``dir/``).

A symbol's own objects (``obj-``, ``lib-``, ``subdir-`` lines) are in
``objects``; the parts it adds to a composite object (the last line) are in
``parts``, apart, because such a symbol is a feature of an existing module,
not a driver of its own.

:func:`parse_kbuild` reads the assignments line by line (continuations
joined, comments dropped, ``ifeq``/``ifdef`` blocks read through as if every
branch were taken) and never raises for odd content.  Nothing is evaluated:
words that use make variables or functions (``$(BITS)``) are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .kconfig import join_continued

__all__ = ["KbuildFile", "parse_kbuild", "start_build_file", "symbols_in_line"]

#: An assignment whose left side has no spaces (nearly all of them).
_FAST = re.compile(r"(?:export[ \t]+|override[ \t]+)?([A-Za-z0-9_.\-/$(){}]+)[ \t]*(::=|[:+?!]?=)(.*)\Z", re.S)
_CONFIG = re.compile(r"CONFIG_([A-Za-z0-9_]+)", re.ASCII)
#: The innermost ``$(...)``/``${...}`` of a word list.
_INNER_VAR = re.compile(r"\$(?:\([^()]*\)|\{[^{}]*\})")
#: Stems whose symbol-conditional words are objects of the Makefile itself, not parts of a composite.
_OBJ_STEMS = frozenset(("obj", "lib", "subdir"))
#: coreboot's Makefile.mk (Makefile.inc before 2024): each stage's sources
#: (``ramstage-$(CONFIG_X) += x.c``), ``all-`` for every stage, ``subdirs-`` folders.
_COREBOOT_FILES = ("Makefile.mk", "Makefile.inc")
_COREBOOT_STEMS = frozenset((
    "all", "bootblock", "decompressor", "romstage", "ramstage", "postcar", "verstage", "libverstage",
    "smm", "smmstub", "subdirs"))
_COREBOOT_SOURCES = (".c", ".S")
#: Variables of the top-level and arch Makefiles and flag variables: never composites or objects.
_NOT_COMPOSITE = frozenset((
    "core", "drivers", "libs", "net", "init", "head", "virt", "platform", "ccflags", "asflags",
    "ldflags", "subdir-ccflags", "subdir-asflags", "ccflags-remove", "asflags-remove", "always",
    "extra", "targets", "hostprogs", "userprogs", "clean-files", "dtb", "dtbo", "dtb-always",
    "hostprogs-always", "userprogs-always", "header-test", "no-header-test", "obj-vdso",
))


@dataclass
class KbuildFile:
    """The symbol -> objects and composite -> parts maps of one Makefile/Kbuild file.

    ``objects`` keys are symbol names without ``CONFIG_``; values are object and
    folder names as written (``apds9960.o``, ``vc4/``) that the symbol builds
    as objects of their own.  ``composites`` maps a composite object's stem
    (``snd-soc-foo``) to its parts as written.  ``parts`` maps a symbol to the
    parts it adds to composites (``foo-$(CONFIG_BAR) += bar.o`` gives
    ``parts["BAR"] == ["bar.o"]`` and ``part_of["BAR"] == ["foo"]``).
    """

    path: str
    objects: dict[str, list[str]] = field(default_factory=dict)
    composites: dict[str, list[str]] = field(default_factory=dict)
    parts: dict[str, list[str]] = field(default_factory=dict)
    part_of: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def sources_for(self, symbol: str, parts: bool = False) -> list[str]:
        """Source paths (relative to the Makefile's folder) that ``symbol`` builds.

        Composite objects are expanded into their parts; ``x.o`` gives the stem
        ``x`` (callers try ``.c``, ``.S``, ``.rs``, ...); a folder stays ``dir/``.
        With ``parts``, the parts the symbol adds to composite objects of other
        symbols count too.
        """
        if symbol.startswith("CONFIG_") and symbol not in self.objects and symbol not in self.parts:
            symbol = symbol[7:]
        out: list[str] = []
        seen: set[str] = set()
        for obj in self.objects.get(symbol, ()):
            self._expand(obj, 0, out, seen)
        if parts:
            for obj in self.parts.get(symbol, ()):
                self._expand(obj, 0, out, seen)
        return out

    def _expand(self, obj: str, depth: int, out: list[str], seen: set[str]) -> None:
        """Add to ``out`` the sources ``obj`` stands for: a folder as it is, a
        composite object's parts (8 levels deep at most), else its stem.

        A method, not a function nested in :meth:`sources_for` calling itself:
        such a function holds itself in its closure, a cycle only Python's
        cyclic collector frees (6,300 of them, with their KbuildFile, over
        h100k q3..end)."""
        if obj.endswith("/"):
            if obj not in seen:
                seen.add(obj)
                out.append(obj)
            return
        stem = obj[:-2] if obj.endswith(".o") else obj
        parts = self.composites.get(stem)
        if parts and depth < 8 and parts != [obj]:
            for part in parts:
                if part != obj:
                    self._expand(part, depth + 1, out, seen)
                elif stem not in seen:
                    seen.add(stem)
                    out.append(stem)
            return
        if stem not in seen:
            seen.add(stem)
            out.append(stem)


def start_build_file(text: str | bytes, path: str, what: str) -> tuple[KbuildFile, str | None]:
    """An empty result for a build file, and its text (line ends made Unix); no
    text, and a warning in the result, where the content is binary."""
    result = KbuildFile(path)
    decoded = _decode(text)
    if decoded is None:
        result.warnings.append(f"{path or '<' + what + '>'}:1: binary content or not text, not read as {what}")
    return result, decoded


def _decode(text: str | bytes) -> str | None:
    if isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
        if b"\0" in data:
            return None
        text = data.decode("utf-8", "replace")
    elif not isinstance(text, str):
        return None
    elif "\0" in text:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return text


def _strip_comment(line: str) -> str:
    start = 0
    while True:
        k = line.find("#", start)
        if k < 0:
            return line
        if k and line[k - 1] == "\\":
            start = k + 1
            continue
        return line[:k]


def _split_assignment(s: str) -> tuple[str, str, str] | None:
    """(left side, operator, right side) of a make assignment, or None."""
    m = _FAST.match(s)
    if m is not None:
        return m.group(1), m.group(2), m.group(3)
    if "=" not in s:
        return None
    depth = 0
    for j, ch in enumerate(s):
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth = max(0, depth - 1)
        elif ch == "=" and depth == 0:
            k = j
            if k and s[k - 1] in ":+?!":
                k -= 1
                if k and s[k - 1] == ":":
                    k -= 1
            lhs = s[:k].strip()
            for prefix in ("export ", "override "):
                if lhs.startswith(prefix):
                    lhs = lhs[len(prefix):].strip()
            if not lhs or ":" in lhs.replace("$(", "").split(")")[-1] or lhs.startswith("\t"):
                return None
            return lhs, s[k:j + 1], s[j + 1:]
    return None


def _split_lhs(lhs: str) -> tuple[str, list[str], bool] | None:
    """(stem, symbols, conditional) of ``stem-$(CONFIG_X)``, ``stem-y``, ``stem-objs``."""
    k = lhs.find("-$(")
    k2 = lhs.find("-${")
    if k < 0 or (0 <= k2 < k):
        k = k2
    if k > 0:
        stem = lhs[:k]
        syms = _CONFIG.findall(lhs, k)
        if stem.endswith("-objs"):
            stem = stem[:-5]
        return stem, syms, True
    for suffix in ("-y", "-objs"):
        if lhs.endswith(suffix) and len(lhs) > len(suffix):
            return lhs[:-len(suffix)], [], False
    return None


def _words(rhs: str, dirs: bool = False, sources: bool = False) -> list[str]:
    """Object and folder names on the right of an assignment (words using variables skipped).

    With ``dirs`` every word is a folder (``subdir-y += tools`` gives ``tools/``);
    with ``sources``, source files count as the objects they compile to
    (coreboot's ``ramstage-y += foo.c`` gives ``foo.o``).
    """
    if "$" in rhs:
        for _ in range(8):
            new = _INNER_VAR.sub("$", rhs)
            if new == rhs:
                break
            rhs = new
    plain = [w for w in rhs.split() if "$" not in w and "=" not in w and not w.startswith("-")]
    if dirs:
        return [w.rstrip("/") + "/" for w in plain if w.strip("/")]
    if sources:
        return [w.rsplit(".", 1)[0] + ".o" for w in plain if w.endswith(_COREBOOT_SOURCES)]
    return [w for w in plain if w.endswith((".o", "/", ".a"))]


def symbols_in_line(line: str) -> list[str]:
    """Symbol names (without ``CONFIG_``) that make an ``obj-$(CONFIG_X)``-style line conditional.

    ``obj-$(CONFIG_A) += a.o`` gives ``["A"]``; ``obj-$(CONFIG_A)$(CONFIG_B) += x.o``
    gives ``["A", "B"]``; a line that is not such an assignment gives ``[]``.
    """
    try:
        s = _strip_comment(str(line)).strip()
        parts = _split_assignment(s)
        if parts is None:
            return []
        split = _split_lhs(parts[0])
        if split is None:
            return []
        return list(dict.fromkeys(split[1]))
    except Exception:   # pragma: no cover - defensive: never raise on arbitrary text
        return []


def parse_kbuild(text: str | bytes, path: str = "") -> KbuildFile:
    """Read a Makefile/Kbuild file (str or bytes); never raises for odd content."""
    result, decoded = start_build_file(text, path, "a Makefile")
    if decoded is None:
        return result
    coreboot = path.endswith(_COREBOOT_FILES)
    # Ordered sets while reading (dict keys), lists at the end.
    objects: dict[str, dict[str, None]] = {}
    composites: dict[str, dict[str, None]] = {}
    part_map: dict[str, dict[str, None]] = {}
    part_of: dict[str, dict[str, None]] = {}
    lines = decoded.split("\n")
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        i += 1
        if "=" not in line and not line.endswith("\\"):
            continue
        if line.endswith("\\") and i < n:
            line, i = join_continued(lines, i, line)
        if "#" in line:
            line = _strip_comment(line)
        s = line.strip()
        if not s or "=" not in s:
            continue
        parts = _split_assignment(s)
        if parts is None:
            continue
        lhs, _op, rhs = parts
        split = _split_lhs(lhs)
        if split is None:
            continue
        stem, syms, conditional = split
        if stem in _NOT_COMPOSITE or not stem:
            continue
        if coreboot and stem in _COREBOOT_STEMS:
            words = _words(rhs, dirs=True) if stem == "subdirs" else _words(rhs, sources=True)
            own = True
        else:
            words = _words(rhs, dirs=stem == "subdir")
            own = stem in _OBJ_STEMS
        if not words:
            continue
        if not own:
            composites.setdefault(stem, {}).update(dict.fromkeys(words))
        if conditional:
            for sym in syms:
                (objects if own else part_map).setdefault(sym, {}).update(dict.fromkeys(words))
                if not own:
                    part_of.setdefault(sym, {})[stem] = None
    result.objects = {k: list(v) for k, v in objects.items()}
    result.composites = {k: list(v) for k, v in composites.items()}
    result.parts = {k: list(v) for k, v in part_map.items()}
    result.part_of = {k: list(v) for k, v in part_of.items()}
    return result
