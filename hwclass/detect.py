"""Detect new hardware in a stream of commits.

A *driver* item is a Kconfig symbol that the range adds, with a prompt, in a
hardware tree, and that either builds new sources through an
``obj-$(CONFIG_SYM)`` line of a Makefile/Kbuild (the link LKDDb uses) or is
(or selects) a SoC/platform/board symbol.  Symbols that only moved or were
renamed inside the range, hidden symbols, options of existing drivers
(debug, tests, SPL/TPL, feature parts) and core code are not items.

With ``boards=True`` a new board is an item too: a new device-tree source, a
new defconfig, or a new board folder.

The detector is fed commits one by one (:meth:`Detector.feed`) and keeps only
what later commits may need, so memory grows with what the range adds, not
with the number of commits.  :meth:`Detector.items` resolves the range.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable

from .item import HardwareItem
from .kbuild import parse_kbuild
from .kconfig import parse_kconfig
from .naming import hardware_name
from .scan import Commit

#: Start of a Kconfig entry, for cutting a file into blocks without parsing it.
_BLOCK_START = re.compile(rb"^[ \t]*(?:menu)?config[ \t]+([A-Za-z0-9_]+)[ \t]*\r?$", re.M)
_SOURCE_SUFFIXES = (".c", ".S", ".s", ".rs", ".cpp", ".cc")
_DTS_MODEL = re.compile(rb"^\s*model\s*=\s*\"([^\"]+)\"", re.M)
#: Prompts that describe code, not hardware (unless a part number says otherwise).
_CORE_PROMPT = re.compile(
    r"\b(framework|infrastructure|library|helpers?|core support|abstraction|subsystem|"
    r"self-?tests?|kunit|unit tests?|debug(?:ging)?|tracing|trace ?points?|sysfs|debugfs|"
    r"compat(?:ibility)? layer|emulation)\b", re.I)
_PART_NUMBER = re.compile(r"\b[A-Za-z]*[A-Z]{1,}[-]?\d{2,}[A-Za-z0-9]*\b")
#: Trees where only platform symbols (or code in mach-/plat-/platforms folders) are hardware.
_PLATFORM_DIRS = re.compile(r"^arch/[^/]+/(?:mach-|plat-|platforms/|boot/)")


def is_kconfig_path(path: str) -> bool:
    return posixpath.basename(path).startswith("Kconfig")


def is_kbuild_path(path: str) -> bool:
    base = posixpath.basename(path)
    return base in ("Makefile", "Kbuild", "Makefile.am") or base.startswith("Kbuild.")


def is_source_path(path: str) -> bool:
    return path.endswith(_SOURCE_SUFFIXES)


def is_board_path(path: str) -> bool:
    """Paths whose addition makes a new board: a .dts, a defconfig, a board folder's Kconfig."""
    base = posixpath.basename(path)
    if base.endswith(".dts") and "/dts/" in path:
        return True
    if base.endswith("_defconfig") and "/configs/" in "/" + path:
        return True
    parts = path.split("/")
    if len(parts) >= 4 and parts[0] in ("board", "boards") and base in (
            "Kconfig", "Kconfig.board", "board.yml", "board.yaml", "Makefile", "CMakeLists.txt"):
        return True
    return False


def kconfig_blocks(data: bytes) -> dict[str, tuple[int, bytes]]:
    """Cut Kconfig text into entries by name: name -> (1-based line, block bytes).

    Cheap: no parsing; only the blocks that differ between two versions of a
    file are parsed afterwards.  A symbol defined twice keeps its first block.
    """
    starts = [(m.start(), m.group(1).decode("ascii", "replace")) for m in _BLOCK_START.finditer(data)]
    blocks: dict[str, tuple[int, bytes]] = {}
    line = 1
    prev = 0
    for i, (pos, name) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(data)
        line += data.count(b"\n", prev, pos)
        prev = pos
        if name not in blocks:
            blocks[name] = (line, data[pos:end])
    return blocks


def _norm_prompt(prompt: str | None) -> str:
    return " ".join((prompt or "").lower().split())


@dataclass
class _Added:
    """A prompted symbol that a commit added (a candidate item)."""

    commit: Commit
    name: str
    prompt: str
    help: str
    selects: list[str]
    kconfig_path: str
    line: int
    is_menuconfig: bool = False


@dataclass
class _Board:
    commit: Commit
    path: str
    model: str


@dataclass
class DetectionStats:
    commits: int = 0
    kconfig_files_read: int = 0
    symbols_added: int = 0
    warnings: list[str] = field(default_factory=list)


class Detector:
    """Feed it commits (newest first, as ``git log`` gives them); ask it for items."""

    def __init__(self, read_blob: Callable[[str | None], bytes], rules, boards: bool = False):
        self.read_blob = read_blob
        self.rules = rules
        self.boards = boards
        self.stats = DetectionStats()
        self._added: list[_Added] = []
        self._removed_names: set[str] = set()
        self._removed_prompts: set[str] = set()
        # symbol -> [(makefile dir, [source paths relative to the repo])]
        self._built: dict[str, list[str]] = {}
        self._added_files: dict[str, tuple[int, str | None]] = {}   # path -> (commit order, blob)
        self._deleted_blobs: set[str] = set()
        self._deleted_paths: set[str] = set()
        self._boards: list[_Board] = []
        self._commits_by_order: dict[int, Commit] = {}

    # -- what the scan keeps ---------------------------------------------
    def keep(self, status: str, path: str) -> bool:
        """The file changes this detector needs; everything else is dropped as it streams."""
        if status == "M" and not (is_kconfig_path(path) or is_kbuild_path(path)):
            return False
        if self.boards and status == "A" and is_board_path(path):
            return True
        if not self.rules.in_hardware_tree(path):
            return False
        if status in ("A", "D"):
            return True
        return is_kconfig_path(path) or is_kbuild_path(path)

    # -- feeding ---------------------------------------------------------
    def feed(self, commit: Commit) -> None:
        self.stats.commits += 1
        for ch in commit.changes:
            path = ch.path
            if ch.status == "A":
                self._added_files[path] = (commit.order, ch.new_blob)
            elif ch.status == "D":
                if ch.old_blob:
                    self._deleted_blobs.add(ch.old_blob)
                self._deleted_paths.add(path)
            if is_kconfig_path(path) and self.rules.in_hardware_tree(path):
                self._feed_kconfig(commit, ch)
            elif is_kbuild_path(path) and self.rules.in_hardware_tree(path):
                self._feed_kbuild(ch)
            if self.boards and ch.status == "A" and is_board_path(path):
                self._boards.append(_Board(commit, path, self._board_model(ch)))

    def _feed_kconfig(self, commit: Commit, ch) -> None:
        old = self.read_blob(ch.old_blob) if ch.old_blob else b""
        new = self.read_blob(ch.new_blob) if ch.new_blob else b""
        if b"\0" in old[:8000] or b"\0" in new[:8000]:
            self.stats.warnings.append(f"{ch.path}: binary file named Kconfig, skipped")
            return
        self.stats.kconfig_files_read += 1
        old_blocks = kconfig_blocks(old)
        new_blocks = kconfig_blocks(new)
        for name, (_line, block) in old_blocks.items():
            if name not in new_blocks:
                self._removed_names.add(name)
                parsed = parse_kconfig(block, ch.path)
                for sym in parsed.symbols[:1]:
                    if sym.prompt:
                        self._removed_prompts.add(_norm_prompt(sym.prompt))
        for name, (line, block) in new_blocks.items():
            if name in old_blocks:
                continue
            parsed = parse_kconfig(block, ch.path)
            for w in parsed.warnings:
                self.stats.warnings.append(f"{ch.path}:{line}: {w}" if not w.startswith(ch.path) else w)
            sym = next((s for s in parsed.symbols if s.name == name), None)
            if sym is None or not sym.prompt:
                continue  # hidden symbols are never items
            self.stats.symbols_added += 1
            self._commits_by_order[commit.order] = commit
            self._added.append(_Added(commit, name, sym.prompt, sym.help or "", list(sym.selects),
                                      ch.path, line, bool(getattr(sym, "menuconfig", False))))

    def _feed_kbuild(self, ch) -> None:
        if not ch.new_blob:
            return
        new = parse_kbuild(self.read_blob(ch.new_blob), ch.path)
        old = parse_kbuild(self.read_blob(ch.old_blob), ch.path) if ch.old_blob else None
        base = posixpath.dirname(ch.path)
        for symbol in new.objects:
            sources = new.sources_for(symbol)
            if old is not None and symbol in old.objects:
                before = set(old.sources_for(symbol))
                sources = [s for s in sources if s not in before]
            if sources:
                self._built.setdefault(symbol, []).extend(
                    posixpath.normpath(posixpath.join(base, s)) + ("/" if s.endswith("/") else "")
                    for s in sources)

    def _board_model(self, ch) -> str:
        if ch.path.endswith(".dts") and ch.new_blob:
            m = _DTS_MODEL.search(self.read_blob(ch.new_blob)[:200_000])
            if m:
                return m.group(1).decode("utf-8", "replace").strip()
        return ""

    # -- resolving -------------------------------------------------------
    def _new_sources(self, symbol: str) -> list[str]:
        """Sources the symbol builds that the range added (not moved from elsewhere)."""
        out: list[str] = []
        for target in self._built.get(symbol, ()):
            if target.endswith("/"):
                prefix = target
                hits = [p for p in self._added_files if p.startswith(prefix)]
                hits = [p for p in hits if is_source_path(p) and not self._moved(p)]
                out.extend(sorted(hits))
                continue
            stem = target[:-2] if target.endswith(".o") else target
            for suffix in _SOURCE_SUFFIXES:
                p = stem + suffix
                if p in self._added_files and not self._moved(p):
                    out.append(p)
                    break
        return out

    def _moved(self, path: str) -> bool:
        _order, blob = self._added_files[path]
        return bool(blob and blob in self._deleted_blobs)

    def _is_platform(self, a: _Added) -> bool:
        rules = self.rules
        if rules.is_platform_symbol(a.name):
            return True
        return any(rules.is_platform_symbol(s) for s in a.selects)

    def _looks_like_core(self, a: _Added) -> bool:
        if a.is_menuconfig and not _PART_NUMBER.search(a.prompt):
            return True
        if _CORE_PROMPT.search(a.prompt) and not _PART_NUMBER.search(a.prompt):
            return True
        return False

    def items(self) -> list[HardwareItem]:
        """The new hardware of everything fed so far, oldest commit first."""
        items: list[HardwareItem] = []
        seen: set[str] = set()
        # Oldest first: the first addition of a symbol is the one that counts.
        for a in sorted(self._added, key=lambda a: (-a.commit.order, a.name)):
            if a.name in seen:
                continue
            seen.add(a.name)
            if a.name in self._removed_names:
                continue  # moved inside the range, or added and removed again
            if _norm_prompt(a.prompt) in self._removed_prompts:
                continue  # renamed: an old symbol with the same prompt went away
            if self.rules.is_not_hardware(a.name, a.kconfig_path):
                continue
            sources = self._new_sources(a.name)
            platform = self._is_platform(a)
            if a.kconfig_path.startswith("arch/") and not platform:
                if not (sources and any(_PLATFORM_DIRS.match(s) for s in sources)):
                    continue
            if not sources and not platform:
                continue
            if not platform and self._looks_like_core(a):
                continue
            paths = sources or [a.kconfig_path]
            items.append(HardwareItem(
                commit=a.commit.sha, subject=a.commit.subject,
                hardware=hardware_name(a.prompt, a.help, a.commit.subject, a.name),
                type="driver", symbols=[a.name], paths=paths,
                kconfig_path=a.kconfig_path, kconfig_line=a.line,
                prompt=a.prompt, help=a.help, body=a.commit.body, order=a.commit.order,
                kind="soc" if platform and not sources else None))
        if self.boards:
            for b in sorted(self._boards, key=lambda b: (-b.commit.order, b.path)):
                name = b.model or _board_name_from_path(b.path)
                items.append(HardwareItem(
                    commit=b.commit.sha, subject=b.commit.subject, hardware=name, type="board",
                    paths=[b.path], kconfig_path=None, prompt=b.model, body=b.commit.body,
                    order=b.commit.order, kind="board"))
        return merge_same_hardware(items)


def _board_name_from_path(path: str) -> str:
    base = posixpath.basename(path)
    for suffix in (".dts", "_defconfig"):
        if base.endswith(suffix):
            return base[: -len(suffix)]
    parts = path.split("/")
    return "/".join(parts[1:3]) if len(parts) > 3 else base


def merge_same_hardware(items: list[HardwareItem]) -> list[HardwareItem]:
    """One item per piece of hardware a commit adds: symbols of one driver
    (``FOO_I2C`` and ``FOO_SPI`` with the same name) are merged."""
    out: list[HardwareItem] = []
    index: dict[tuple[str, str, str], HardwareItem] = {}
    for it in items:
        key = (it.commit, it.type, it.hardware.lower())
        prev = index.get(key)
        if prev is None:
            index[key] = it
            out.append(it)
            continue
        prev.symbols.extend(s for s in it.symbols if s not in prev.symbols)
        prev.paths.extend(p for p in it.paths if p not in prev.paths)
    out.sort(key=lambda it: (-it.order, it.type != "driver", it.symbols[0] if it.symbols else it.hardware))
    return out


def matches_any(name: str, patterns) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)
