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

A range with one start and one end (``A..B``, ``B ^A``, ``B``) has its Kconfig
files and Makefiles compared as they are at both ends; the versions in between
are read only to find the commit that added a symbol.  Other ranges
(``A...B``, several ends) have every Kconfig change read as it streams.
"""

from __future__ import annotations

import contextlib
import fnmatch
import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable, ContextManager, Iterable, Iterator, Sequence, TypeVar

from .item import HardwareItem
from .buildfiles import is_build_file_path
from .cmake import is_cmake_path, parse_cmake
from .kbuild import parse_kbuild
from .kconfig import parse_kconfig
from .naming import hardware_name, without_bus
from .scan import Commit

#: Start of a Kconfig entry, for cutting a file into blocks without parsing it.
_BLOCK_START = re.compile(rb"^[ \t]*(?:menu)?config[ \t]+([A-Za-z0-9_]+)[ \t]*\r?$", re.M)
_SOURCE_SUFFIXES = (".c", ".S", ".s", ".rs", ".cpp", ".cc")
_DTS_MODEL = re.compile(rb"^\s*model\s*=\s*\"([^\"]+)\"", re.M)
#: Zephyr's board.yml: ``full_name: nRF54L15 DK`` (quoted or not).
_BOARD_YML_NAME = re.compile(rb"^\s*full_name:[ \t]*[\"']?([^\"'\n#]*[^\"'\s#])", re.M)
#: Prompts of software, whatever part they name ("STM32 Firewall framework",
#: "Virtual PCM test", "AMD Wifi RF Band mitigations", "TEE-based EFI runtime variable service");
#: "Infrastructure" before a capitalised word starts a product's name ("Infrastructure Data Path Function").
_SOFTWARE_PROMPT = re.compile(
    r"\b(framework|infrastructure(?!\s+(?-i:[A-Z]))|library|abstraction|tests?|testing|mitigations?|"
    r"services?(?! processors?)|"
    r"early ?console|earlycon)\b", re.I)
#: Prompts of core code, unless they name a part ("Foo XY123 audio subsystem" is hardware);
#: "Subsystem" with a capital names a product ("Xilinx DMA/Bridge Subsystem", "Intel Low Power Subsystem").
_CORE_PROMPT = re.compile(
    r"\b(helpers?|core support|"
    r"(?<!camera )(?<!video )(?<!audio )(?<!display )(?<!image )(?-i:subsystem)|in-band authentication|"
    r"self-?tests?|kunit|unit tests?|debug(?:ging)?|tracing|trace ?points?|sysfs|debugfs|"
    r"compat(?:ibility)? layer|emulation|(?:userspace )?API|netlink)\b", re.I)
_PART_NUMBER = re.compile(r"\b[A-Za-z]*[A-Z]{1,}[-]?\d{2,}[A-Za-z0-9]*\b")
#: Prompts that ask for a behaviour, not for hardware ("Reserve SMEM at the beginning of RAM").
_OPTION_PROMPT = re.compile(r"^(?:reserve|allow|disable|force|skip|avoid|keep|limit|prefer|export|expose|"
                            r"ignore|omit|treat|assume|default to|create)\b", re.I)
#: Trees where only platform symbols (or code in mach-/plat-/platforms folders) are hardware.
_PLATFORM_DIRS = re.compile(r"^arch/[^/]+/(?:mach-|plat-|platforms/|boot/)")


def is_kconfig_path(path: str) -> bool:
    return path.startswith("Kconfig", path.rfind("/") + 1)   # basename, without building it


def is_kconfig_or_build_path(path: str) -> bool:
    """A Kconfig file or a build file, by name alone (no hardware-tree test)."""
    return is_kconfig_path(path) or is_build_file_path(path)


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


def _board_name_pattern(path: str) -> "re.Pattern | None":
    """The pattern that finds a board's name in a file it is added with, if any."""
    if path.endswith(".dts"):
        return _DTS_MODEL
    if path.endswith(("/board.yml", "/board.yaml")):
        return _BOARD_YML_NAME
    return None


def _common_length(a: bytes, b: bytes, from_end: bool = False, limit: int | None = None) -> int:
    """How many bytes ``a`` and ``b`` share from their start (or end), at most ``limit``.

    Slices of doubling size are compared until one differs, then that slice is
    halved: each byte is copied a few times, never once per step of a search
    over the whole string, and nothing is reversed.
    """
    la, lb = len(a), len(b)
    n = min(la, lb) if limit is None else min(la, lb, limit)

    def same(lo: int, hi: int) -> bool:     # bytes lo..hi from the start or from the end
        if from_end:
            return a[la - hi:la - lo] == b[lb - hi:lb - lo]
        return a[lo:hi] == b[lo:hi]

    lo, step = 0, 64
    while True:             # invariant: the first lo bytes (from the chosen end) agree
        hi = min(lo + step, n)
        if lo == hi:
            return lo
        if not same(lo, hi):
            break
        lo, step = hi, step * 2
    while hi - lo > 1:      # they differ somewhere in lo..hi
        mid = (lo + hi) // 2
        if same(lo, mid):
            lo = mid
        else:
            hi = mid
    return lo


def differing_lines(old: bytes, new: bytes) -> tuple[bytes, bytes]:
    """The whole lines of ``old`` and ``new`` between their common head and common tail."""
    head = _common_length(old, new)
    head = old.rfind(b"\n", 0, head) + 1           # back to a line start
    tail = _common_length(old, new, from_end=True, limit=min(len(old), len(new)) - head)
    old_end, new_end = len(old) - tail, len(new) - tail
    k = old.find(b"\n", old_end)                   # on to a line end (same in both)
    extra = (len(old) if k < 0 else k) - old_end
    return old[head:old_end + extra], new[head:new_end + extra]


def changed_entries(old: bytes, new: bytes) -> list[str]:
    """Names of the Kconfig entries one version starts and the other does not.

    Cheap: only the lines between the two versions' common head and tail are
    looked at, so a help-text or dependency edit costs two slice compares and
    gives ``[]``; only the entries named here are cut out and parsed.
    """
    old_part, new_part = differing_lines(old, new)
    if b"config" not in old_part and b"config" not in new_part:
        return []
    names = set(_BLOCK_START.findall(old_part)).symmetric_difference(_BLOCK_START.findall(new_part))
    return sorted(n.decode("ascii", "replace") for n in names)


#: Makefile edits read together at the end (their blobs are held in memory meanwhile).
_READ_AT_ONCE = 500
#: Most bytes of Kconfig versions kept between changes of the same file.
_KCONFIG_HELD_BYTES = 64 << 20
#: What a path is to the detector (:meth:`Detector._role`), as bits: named Kconfig*;
#: a Kconfig file in a hardware tree; a build file there; a source; a board's file.
_KCONFIG_NAME, _KCONFIG, _BUILD, _SOURCE, _BOARD = 1, 2, 4, 8, 16
#: Paths whose role is remembered at most (then forgotten and worked out again).
_ROLES_HELD = 200_000
#: Files :meth:`Detector.warm` reads at once (both ends of each).
_WARM_SLICE = 100
#: Above this many changed entries a Kconfig file is cut into blocks in one pass.
_FEW_ENTRIES = 16


def kconfig_blocks(data: bytes, names=None) -> dict[str, tuple[int, bytes]]:
    """Cut Kconfig text into entries, in one pass: name -> (1-based line, block bytes).

    Only ``names`` are kept when given; a symbol defined twice keeps its first block.
    """
    wanted = None if names is None else {n.encode("ascii", "replace") for n in names}
    starts = [(m.start(), m.group(1)) for m in _BLOCK_START.finditer(data)]
    blocks: dict[str, tuple[int, bytes]] = {}
    line, prev = 1, 0
    for i, (pos, name) in enumerate(starts):
        line += data.count(b"\n", prev, pos)
        prev = pos
        if wanted is not None and name not in wanted:
            continue
        key = name.decode("ascii", "replace")
        if key not in blocks:
            end = starts[i + 1][0] if i + 1 < len(starts) else len(data)
            blocks[key] = (line, data[pos:end])
    return blocks


_T = TypeVar("_T")


def slices(seq: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    """``seq`` in consecutive slices of ``size`` (the last may be shorter)."""
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


def _lines_with(data: bytes, needle: bytes) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of ``data`` that contains ``needle``, once each."""
    pos = data.find(needle)
    while pos >= 0:
        start = data.rfind(b"\n", 0, pos) + 1
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end
        yield start, end
        pos = data.find(needle, end)


def entry_changes(old: bytes, new: bytes) -> list[tuple[str, tuple[int, bytes] | None, tuple[int, bytes] | None]]:
    """The Kconfig entries one version starts and the other does not:
    [(symbol, its (line, block) in ``old`` or None, in ``new`` or None)].

    Each version is cut into blocks once when many entries changed (a new
    file, a big move), else searched once per entry."""
    names = changed_entries(old, new)
    if len(names) > _FEW_ENTRIES:
        find_old, find_new = kconfig_blocks(old, names).get, kconfig_blocks(new, names).get
    else:
        find_old, find_new = (lambda n: find_block(old, n)), (lambda n: find_block(new, n))
    return [(name, find_old(name), find_new(name)) for name in names]


def _binary(*versions: bytes) -> bool:
    """Whether one of the versions of a file named Kconfig is binary (NUL bytes early on)."""
    return any(b"\0" in v[:8000] for v in versions)


def _compare_kconfig(before: bytes, after: bytes) -> tuple[bool, list]:
    """(binary, :func:`entry_changes`) of two versions of a Kconfig file (no entries when binary)."""
    binary = _binary(before, after)
    return binary, [] if binary else entry_changes(before, after)


def _compare_kbuild(before: bytes, after: bytes) -> tuple[bytes, bytes, list[str]]:
    """(before, after, symbols named on the lines ``after`` adds) of a build file;
    the contents are kept only where some symbol is (all the rest is dropped unparsed)."""
    symbols = symbols_on_added_lines(before, after)
    return (before, after, symbols) if symbols else (b"", b"", [])


def _entry_line(data: bytes, name: str) -> tuple[int, int] | None:
    """(start, end) of the line that starts the first entry ``name`` of Kconfig text."""
    want = name.encode("ascii", "replace")
    for start, end in _lines_with(data, want):
        m = _BLOCK_START.match(data, start, end)
        if m is not None and m.group(1) == want:
            return start, end
    return None


def _has_entry(data: bytes, name: str) -> bool:
    """Whether Kconfig text has an entry ``name`` (:func:`find_block` without cutting it out)."""
    return _entry_line(data, name) is not None


def find_block(data: bytes, name: str) -> tuple[int, bytes] | None:
    """The first entry ``name`` of Kconfig text: (1-based line, its bytes up to the next entry)."""
    found = _entry_line(data, name)
    if found is None:
        return None
    start, end = found
    nxt = _BLOCK_START.search(data, end)
    stop = nxt.start() if nxt else len(data)
    return data.count(b"\n", 0, start) + 1, data[start:stop]


_OBJECT_STEM = re.compile(rb"([A-Za-z0-9_./-]+)\.o(?![A-Za-z0-9_])")
_LINE_SYMBOL = re.compile(rb"CONFIG_([A-Za-z0-9_]+)")


def symbols_on_added_lines(old: bytes, new: bytes) -> list[str]:
    """Symbols named on the logical lines (continuations joined) that ``new`` adds to ``old``.

    A Makefile edit that adds no ``CONFIG_`` line (flags, sorting, comments)
    cannot make a symbol build anything, so it is not parsed at all.
    """
    added = set(new.replace(b"\\\n", b" ").split(b"\n"))
    if old:
        added.difference_update(old.replace(b"\\\n", b" ").split(b"\n"))
    found = _LINE_SYMBOL.findall(b"\n".join(line for line in added if b"CONFIG_" in line))
    return sorted({s.decode("ascii") for s in found})


def kbuild_lines_about(data: bytes, symbols: list[str]) -> bytes:
    """The logical lines of a Makefile that matter for ``symbols``: those naming
    them, and the definitions of the composite objects those lines build
    (``foo-y := a.o b.o`` for ``obj-$(CONFIG_FOO) += foo.o``), two levels deep.

    Parsing these few lines gives the same objects and sources for the symbols
    as parsing the whole file, at a fraction of the cost.
    """
    if not data:
        return b""
    text = data.replace(b"\\\r\n", b" ").replace(b"\\\n", b" ")
    spans: set[tuple[int, int]] = set()
    for sym in symbols:
        spans.update(_lines_with(text, b"CONFIG_" + sym.encode("ascii", "replace")))
    frontier = spans
    for _depth in range(2):
        stems = {m for a, b in frontier for m in _OBJECT_STEM.findall(text, a, b)}
        found: set[tuple[int, int]] = set()
        for stem in stems:
            for a, b in _lines_with(text, stem + b"-"):
                if text[a:b].lstrip().startswith(stem + b"-"):
                    found.add((a, b))
        frontier = found - spans
        spans |= frontier
        if not frontier:
            break
    return b"\n".join(text[a:b] for a, b in sorted(spans))


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

    def __init__(self, read_blob: Callable[[str | None], bytes], rules, boards: bool = False,
                 holding: Callable[[Iterable[str | None]], ContextManager] | None = None,
                 read_at: Callable[[str, list[str]], dict[str, bytes | None]] | None = None,
                 ends: tuple[str | None, str] | None = None):
        self.read_blob = read_blob
        # ``with holding(shas):`` keeps those blobs in memory for a block (Scanner.holding)
        self.holding = holding or (lambda shas: contextlib.nullcontext())
        # ``read_at(rev, paths)``: files as they are at a revision (Scanner.read_paths);
        # ``ends``: (start or None, end) of a range with one end, where the range's
        # Makefiles are compared as they are there, not edit by edit
        self.read_at = read_at
        self.ends = ends if read_at is not None else None
        self.rules = rules
        self.boards = boards
        self.stats = DetectionStats()
        self._added: list[_Added] = []
        self._added_hidden: set[str] = set()     # hidden symbols the range added
        # symbol -> orders of the commits that removed it (orders grow towards older commits)
        self._removed: dict[str, list[int]] = {}
        # normalised prompt -> [(symbol, order of the commit that removed it)]
        self._removed_prompts: dict[str, list[tuple[str, int]]] = {}
        # symbol -> [(makefile dir, [source paths relative to the repo])]
        self._built: dict[str, list[str]] = {}
        self._added_files: dict[str, tuple[int, str | None]] = {}   # path -> (commit order, blob)
        self._deleted_blobs: dict[str, str] = {}       # blob -> the path it was deleted from
        self._deleted_paths: dict[str, list[int]] = {}   # path -> orders of the commits that deleted it
        # file name -> blobs of the sources of that name the range deleted (moves with edits)
        self._deleted_sources: dict[str, list[tuple[str, str]]] = {}   # name -> [(path, blob)]
        self._moved_cache: dict[str, bool] = {}
        self._added_by_name: dict[str, list[str]] | None = None
        self._line_sets: dict[str, set[bytes]] = {}
        self._boards: list[_Board] = []
        # Makefile edits: read only at the end, and only those near a symbol
        # that the range added (most edit flags or lists of existing parts).
        self._later_kbuild: list[tuple[str, str | None, str]] = []
        self._commits_by_order: dict[int, Commit] = {}
        # Kconfig path -> (blob id, content) of the version before the newest change
        # fed so far: the next (older) change of that file usually ends there, so
        # each version is read once, not twice (as the new side, then the old).
        self._kconfig_before: dict[str, tuple[str, bytes]] = {}
        self._kconfig_before_bytes = 0
        # With ``ends``, Kconfig changes are not read as they stream: path ->
        # [(commit order, old blob, new blob, commit without its changes)], newest
        # first; :meth:`_resolve_kconfig` compares each file at the range's start and
        # end and reads versions in between only to find the commit adding a symbol.
        self._kconfig_changes: dict[str, list[tuple[int, str | None, str | None, Commit]]] = {}
        self._light: Commit | None = None       # the commit of the latest change noted, without its changes
        self._adding: tuple[int, bool] = (-1, False)   # (commit order, whether it adds sources)
        # symbol -> (commit, Kconfig path, (line, block)): what the Kconfig changes of
        # commits adding sources (a new driver's commit) added, read as they stream
        self._early: dict[str, tuple[Commit, str, tuple[int, bytes]]] = {}
        self._roles: dict[str, int] = {}   # path -> what it is to this detector (:meth:`_role`)
        # What :meth:`warm` found at the range's two ends while the commits streamed:
        # Kconfig path -> (binary, entry changes between the start and the end);
        # build file path -> (content at the start, at the end, symbols on added lines)
        self._warm_kconfig: dict[str, tuple[bool, list]] = {}
        self._warm_kbuild: dict[str, tuple[bytes, bytes, list[str]]] = {}

    # -- what the scan keeps ---------------------------------------------
    def keep(self, status: str, path: str) -> bool:
        """The file changes this detector needs; everything else is dropped as it streams."""
        if status == "M" and not is_kconfig_or_build_path(path):
            return False
        if self.boards and status == "A" and is_board_path(path):
            return True
        if not self.rules.in_hardware_tree(path):
            return False
        if status in ("A", "D"):
            return True
        return is_kconfig_or_build_path(path)

    def _role(self, path: str) -> int:
        """What a path is to this detector (:data:`_KCONFIG`, :data:`_BUILD`, each
        only in a hardware tree, :data:`_SOURCE`, :data:`_BOARD`, bits or'ed),
        worked out once per path: the same paths come in commit after commit."""
        role = self._roles.get(path)
        if role is None:
            role = 0
            if is_kconfig_path(path):
                role = _KCONFIG | _KCONFIG_NAME if self.rules.in_hardware_tree(path) else _KCONFIG_NAME
            elif is_build_file_path(path) and self.rules.in_hardware_tree(path):
                role = _BUILD
            if is_source_path(path):
                role |= _SOURCE
            if self.boards and is_board_path(path):
                role |= _BOARD
            if len(self._roles) >= _ROLES_HELD:
                self._roles.clear()
            self._roles[path] = role
        return role

    def blobs_wanted(self, commit: Commit) -> Iterator[str]:
        """The blobs :meth:`feed` will read for ``commit`` (so a caller can prefetch them)."""
        roles = self._roles
        for ch in commit.changes:
            role = roles.get(ch.path)
            if role is None:
                role = self._role(ch.path)
            if role & _KCONFIG_NAME:
                if not role & _KCONFIG:
                    continue   # never read (:meth:`_feed_change`)
                if self.ends is not None and not self._adds_sources(commit):
                    continue   # compared at the range's ends (:meth:`_resolve_kconfig`)
                if ch.old_blob:
                    yield ch.old_blob
                if ch.new_blob and self._kconfig_before.get(ch.path, ("",))[0] != ch.new_blob:
                    yield ch.new_blob
            elif self.boards and ch.status == "A" and ch.new_blob and _board_name_pattern(ch.path) is not None:
                yield ch.new_blob

    # -- feeding ---------------------------------------------------------
    def feed(self, commit: Commit) -> None:
        self.stats.commits += 1
        if len(commit.changes) <= _READ_AT_ONCE:
            for ch in commit.changes:
                self._feed_change(commit, ch)
            return
        # A huge commit (a tree import): its Kconfig blobs a slice at a time, memory bounded.
        for part in slices(commit.changes, _READ_AT_ONCE):
            with self.holding(b for c in part if is_kconfig_path(c.path)
                              and (self.ends is None or self._adds_sources(commit))
                              for b in (c.old_blob, c.new_blob)):
                for ch in part:
                    self._feed_change(commit, ch)

    def _feed_change(self, commit: Commit, ch) -> None:
        path = ch.path
        role = self._roles.get(path)   # :meth:`_role`'s cache, without a call per change
        if role is None:
            role = self._role(path)
        if ch.status == "A":
            self._added_files[path] = (commit.order, ch.new_blob)
        elif ch.status == "D":
            if ch.old_blob:
                self._deleted_blobs[ch.old_blob] = path
                if role & _SOURCE:
                    self._deleted_sources.setdefault(posixpath.basename(path), []).append((path, ch.old_blob))
            self._deleted_paths.setdefault(path, []).append(commit.order)
        if role & _KCONFIG:
            if self.ends is None:
                self._feed_kconfig(commit, ch)
            else:
                self._note_kconfig(commit, ch)
        elif role & _BUILD:
            if ch.new_blob:
                self._later_kbuild.append((ch.path, ch.old_blob, ch.new_blob))
        if role & _BOARD and ch.status == "A":
            self._boards.append(_Board(commit, path, self._board_model(ch)))

    def _adds_sources(self, commit: Commit) -> bool:
        """Whether ``commit`` adds a source file (as a new driver's commit does)."""
        order, adds = self._adding
        if order != commit.order:
            role_of = self._role
            adds = any(c.status == "A" and role_of(c.path) & _SOURCE for c in commit.changes)
            self._adding = (commit.order, adds)
        return adds

    def _note_kconfig(self, commit: Commit, ch) -> None:
        """Remember a Kconfig change (its blob ids and commit) for :meth:`_resolve_kconfig`;
        read it now only when its commit adds sources."""
        light = self._light
        if light is None or light.order != commit.order:
            light = self._light = Commit(commit.sha, [], commit.subject, commit.body, order=commit.order)
        self._kconfig_changes.setdefault(ch.path, []).append((commit.order, ch.old_blob, ch.new_blob, light))
        if not self._adds_sources(commit):
            return
        old, new = self._change_versions(ch)
        if _binary(old, new):
            return
        for name, before, after in entry_changes(old, new):
            if after is not None and before is None:
                self._early[name] = (light, ch.path, after)   # newest first: the oldest stays

    def _change_versions(self, ch) -> tuple[bytes, bytes]:
        """The old and new content of a Kconfig change (each version read once, see
        :meth:`_kconfig_version`)."""
        old = self.read_blob(ch.old_blob) if ch.old_blob else b""
        return old, self._kconfig_version(ch.path, ch.new_blob, old=(ch.old_blob, old))

    def _feed_kconfig(self, commit: Commit, ch) -> None:
        old, new = self._change_versions(ch)
        if _binary(old, new):
            self.stats.warnings.append(f"{ch.path}: binary file named Kconfig, skipped")
            return
        changes = entry_changes(old, new)
        if not changes:
            return  # help, depends, defaults edited: no symbol came or went
        self.stats.kconfig_files_read += 1
        for name, before, after in changes:
            if before is not None and after is None:
                self._removed.setdefault(name, []).append(commit.order)
                self._record_removed_prompt(ch.path, name, before[1], commit.order)
            elif after is not None and before is None:
                self._record_added(commit, ch.path, name, after)

    def _record_removed_prompt(self, path: str, name: str, block: bytes, order: int) -> None:
        """Remember the prompt of a symbol removed at commit ``order`` (a new symbol
        with the same prompt may be a rename of it)."""
        for sym in parse_kconfig(block, path).symbols[:1]:
            if sym.prompt:
                self._removed_prompts.setdefault(_norm_prompt(sym.prompt), []).append((name, order))

    def _kconfig_version(self, path: str, blob: str | None, old: tuple[str | None, bytes]) -> bytes:
        """The content of ``blob`` (a Kconfig change's new side), from the version
        the newer change of ``path`` started from when it is that one; ``old``
        becomes what the next (older) change of ``path`` is compared with."""
        held = self._kconfig_before.pop(path, None)
        if held is not None:
            self._kconfig_before_bytes -= len(held[1])
        if not blob:
            data = b""
        elif held is not None and held[0] == blob:
            data = held[1]
        else:
            data = self.read_blob(blob)
        old_blob, old_data = old
        if old_blob:
            if self._kconfig_before_bytes + len(old_data) > _KCONFIG_HELD_BYTES:
                self._kconfig_before.clear()   # memory stays bounded; they are read again if needed
                self._kconfig_before_bytes = 0
            self._kconfig_before[path] = (old_blob, old_data)
            self._kconfig_before_bytes += len(old_data)
        return data

    def _feed_kbuild(self, path: str, old_blob: str | None, new_blob: str | None,
                     wanted: set[str] | None = None) -> None:
        if not new_blob:
            return
        self._feed_kbuild_data(path, self.read_blob(old_blob) if old_blob else b"", self.read_blob(new_blob),
                               wanted)

    def _feed_kbuild_data(self, path: str, old_data: bytes, new_data: bytes,
                          wanted: set[str] | None = None, symbols: list[str] | None = None) -> None:
        """What the lines ``new_data`` adds to ``old_data`` (one Makefile) build
        for the symbols named on them (those in ``wanted``; ``symbols``: those
        names, when worked out before)."""
        if symbols is None:
            symbols = symbols_on_added_lines(old_data, new_data)
        if wanted is not None:
            symbols = [s for s in symbols if s in wanted]
        if not symbols:
            return  # flags, sorting, comments: no symbol builds anything new
        if is_cmake_path(path):   # if() blocks: a line may build for a symbol it does not name
            new = parse_cmake(new_data, path)
            old = parse_cmake(old_data, path) if old_data else None
        else:
            new = parse_kbuild(kbuild_lines_about(new_data, symbols), path)
            old_lines = kbuild_lines_about(old_data, symbols) if old_data else b""
            old = parse_kbuild(old_lines, path) if old_lines else None
        base = posixpath.dirname(path)
        for symbol in symbols:
            if symbol not in new.objects:
                continue
            sources = new.sources_for(symbol)
            if old is not None and symbol in old.objects:
                before = set(old.sources_for(symbol))
                sources = [s for s in sources if s not in before]
            if sources:
                self._built.setdefault(symbol, []).extend(
                    posixpath.normpath(posixpath.join(base, s)) + ("/" if s.endswith("/") else "")
                    for s in sources)

    def _board_model(self, ch) -> str:
        """The name a board's file gives it: a .dts's ``model``, a Zephyr
        board.yml's ``full_name``; "" where it gives none."""
        pattern = _board_name_pattern(ch.path)
        if pattern is not None and ch.new_blob:
            m = pattern.search(self.read_blob(ch.new_blob)[:200_000])
            if m:
                return m.group(1).decode("utf-8", "replace").strip()
        return ""

    def has_candidates(self) -> bool:
        """Whether what was fed so far may make an item (a prompted symbol came, or a board)."""
        return bool(self._added or self._boards or self._early)

    # -- the range's ends, while it streams ------------------------------
    @staticmethod
    def compared_at_ends(status: str, path: str) -> bool:
        """The files :meth:`warm` may compare (a cheap test by name: Kconfig and build files)."""
        return is_kconfig_or_build_path(path)

    def warm(self, changes: list, objects, stop) -> None:
        """Compare, while the range's commits still stream, the hardware trees'
        Kconfig and build files that differ between the range's start and end
        (``changes``: ``git diff --raw`` of the two, read through ``objects``, a
        second cat-file) as :meth:`_resolve_kconfig` and
        :meth:`_read_later_kbuild` will; they then read only what this did not
        reach.  Stops between slices once ``stop`` is set."""
        compared = [ch for ch in changes if self._role(ch.path) & _KCONFIG
                    or ch.new_blob and self._role(ch.path) & _BUILD]
        for part in slices(compared, _WARM_SLICE):
            if stop.is_set():
                return
            got = objects([b for ch in part for b in (ch.old_blob, ch.new_blob) if b])

            def content(blob):
                found = got.get(blob) if blob else (blob, b"")
                return None if found is None else found[1]
            for ch in part:
                before, after = content(ch.old_blob), content(ch.new_blob)
                if before is None or after is None:
                    continue   # not read (a missing object): left to the reading at the end
                if self._role(ch.path) & _KCONFIG:
                    self._warm_kconfig[ch.path] = _compare_kconfig(before, after)
                else:
                    self._warm_kbuild[ch.path] = _compare_kbuild(before, after)

    # -- resolving -------------------------------------------------------
    def _read_later_kbuild(self, wanted: set[str] | None = None) -> None:
        """Read the range's Makefile edits: which added symbol builds which new sources.

        All of them, since a Kconfig file may sit far from the Makefile that
        builds its symbol (drivers/crypto/Kconfig for drivers/s390/crypto/);
        an edit that adds no line naming an added symbol is dropped after a
        set difference of lines, unparsed.
        """
        later, self._later_kbuild = self._later_kbuild, []
        if wanted is None:
            wanted = {a.name for a in self._added}
            wanted |= {sel for a in self._added for sel in map(selected_symbol, a.selects)
                       if sel in self._added_hidden}
        if not later or not wanted:
            return
        if self.ends is not None:
            # One Makefile compared once, as it is at the range's start and end (a
            # merge window edits drivers/iio/adc/Makefile dozens of times): what the
            # range's edits add, merges' resolutions included.  h100k base..end:
            # 145 Makefiles instead of 15,442 edits.
            paths = dict.fromkeys(path for path, _old, _new in later)
            for path, compared in self._compared_at_ends(
                    paths, self._warm_kbuild,
                    lambda old, new: None if new is None else _compare_kbuild(old or b"", new)):
                if compared is not None:   # gone at the end: builds nothing
                    self._feed_kbuild_data(path, compared[0], compared[1], wanted, symbols=compared[2])
            return
        for part in slices(later, _READ_AT_ONCE):   # memory: a slice of blobs at a time
            with self.holding(b for _path, old_blob, new_blob in part for b in (old_blob, new_blob)):
                for path, old_blob, new_blob in part:
                    self._feed_kbuild(path, old_blob, new_blob, wanted)

    def _at_ends(self, paths: Iterable[str]) -> Iterator[tuple[str, bytes | None, bytes | None]]:
        """(path, content at the range's start, content at its end) of each of
        ``paths`` (None where there is no such file), read a slice at a time."""
        start, end = self.ends
        for part in slices(list(paths), _READ_AT_ONCE):   # memory: a slice of files at a time
            new = self.read_at(end, part)
            old = self.read_at(start, part) if start else {}
            for path in part:
                yield path, old.get(path), new.get(path)

    def _resolve_kconfig(self) -> None:
        """The symbols the range added, from each Kconfig file it changed as the
        range's start and end have it, each found in the commit that added it.

        A symbol the end has and the start lacks is new unless a file lost it
        (moved between files); one lost with the prompt of a new one was renamed.
        Only a symbol that may be an item is then looked for: in the Kconfig
        changes of the commits that added sources (read as they streamed by),
        else by bisecting its file's changes.  h100k base..end: 270 versions at
        the ends and 2,337 symbols, against 16,648 changes read one by one.
        """
        changes, self._kconfig_changes = self._kconfig_changes, {}
        gained: dict[str, list[tuple[str, bytes]]] = {}   # symbol -> [(path, block at the end)]
        lost: set[str] = set()
        for path, (binary, entries) in self._compared_at_ends(
                changes, self._warm_kconfig, lambda old, new: _compare_kconfig(old or b"", new or b"")):
            if binary:
                self.stats.warnings.append(f"{path}: binary file named Kconfig, skipped")
                continue
            if entries:
                self.stats.kconfig_files_read += 1
            for name, was, now in entries:
                if was is not None and now is None:
                    lost.add(name)
                    # it existed before the range: a rename, whatever the order
                    self._record_removed_prompt(path, name, was[1], _BEFORE_RANGE)
                elif now is not None and was is None:
                    gained.setdefault(name, []).append((path, now[1]))
        prompted: list[tuple[str, str, list[str]]] = []   # (path, symbol, what it selects)
        for name, places in gained.items():
            if name in lost:
                continue   # moved from one Kconfig file to another
            for path, block in places:
                sym = next((x for x in parse_kconfig(block, path).symbols if x.name == name), None)
                if sym is None:
                    continue
                if not sym.prompt:
                    self._added_hidden.add(name)
                else:
                    prompted.append((path, name, [selected_symbol(x) for x in sym.selects]))
        self._read_later_kbuild({name for _p, name, _s in prompted} | self._added_hidden)
        # Only a symbol that builds new sources (itself or through a new hidden symbol
        # it selects) or names a platform can be an item: only those are looked for.
        candidates: dict[str, list[str]] = {}   # path -> symbols new there
        for path, name, selects in prompted:
            if (self._new_sources(name) or any(self._new_sources(sel) for sel in selects if sel in self._added_hidden)
                    or self.rules.is_platform_symbol(name) or any(map(self.rules.is_platform_symbol, selects))):
                candidates.setdefault(path, []).append(name)
        for path, names in candidates.items():
            self._attribute(path, sorted(names), changes[path])
        self._early = {}

    def _compared_at_ends(self, paths: Iterable[str], warm: dict, compare) -> Iterator[tuple[str, object]]:
        """(path, comparison) of each of ``paths`` between the range's start and
        end, in their order: what :meth:`warm` found, else ``compare(content at
        the start, content at the end)`` (None where there is no such file) of
        the files read now, a slice at a time."""
        paths = list(paths)
        read = {path: compare(before, after)
                for path, before, after in self._at_ends(p for p in paths if p not in warm)}
        for path in paths:
            yield path, warm[path] if path in warm else read[path]

    def _attribute(self, path: str, names: list[str], chain: list) -> None:
        """Record, for each symbol of ``names`` new in Kconfig file ``path``, the
        change of ``chain`` (the file's changes, newest first) that added it:
        the one read as its commit streamed by, or the first version that has it,
        found by bisecting the file's changes (all symbols a step at a time, each
        step's versions read together)."""
        rest = []
        for name in names:
            early = self._early.get(name)
            if early is not None:   # added there, or added elsewhere and moved here later
                self._record_added(early[0], early[1], name, early[2])
            else:
                rest.append(name)
        if not rest:
            return
        oldest_first = chain[::-1]
        data: dict[str, bytes] = {}

        def read(blobs) -> None:
            blobs = [b for b in dict.fromkeys(blobs) if b]
            if sum(map(len, data.values())) > _KCONFIG_HELD_BYTES:
                data.clear()   # memory stays bounded: what a step needs is read again
            todo = [b for b in blobs if b not in data]
            with self.holding(todo):
                for b in todo:
                    data[b] = self.read_blob(b)

        def has(blob: str | None, name: str) -> bool:
            return blob is not None and _has_entry(data[blob], name)

        def adds(change, name: str) -> bool:
            return has(change[2], name) and not has(change[1], name)

        span = {name: [0, len(oldest_first) - 1] for name in rest}
        while True:
            mids = {name: (lo + hi) // 2 for name, (lo, hi) in span.items() if lo < hi}
            if not mids:
                break
            read(oldest_first[m][2] for m in mids.values())
            for name, mid in mids.items():
                if has(oldest_first[mid][2], name):
                    span[name][1] = mid
                else:
                    span[name][0] = mid + 1
        for name in rest:
            found = oldest_first[span[name][0]]
            read(found[1:3])
            if not adds(found, name):
                # merged branches (the file's history is no line): the oldest change adding it
                found = None
                for part in slices(oldest_first, _READ_AT_ONCE // 10):
                    read(b for c in part for b in c[1:3])
                    found = next((c for c in part if adds(c, name)), None)
                    if found is not None:
                        break
                if found is None:
                    continue   # added by a merge's resolution: no commit of the range adds it
            after = find_block(data[found[2]], name)
            if after is not None:
                self._record_added(found[3], path, name, after)

    def _record_added(self, commit: Commit, path: str, name: str, after: tuple[int, bytes]) -> None:
        """A symbol ``name`` that ``commit`` added to Kconfig file ``path`` (``after``:
        its line and block as the commit left it): a candidate item when it has a prompt."""
        line, block = after
        parsed = parse_kconfig(block, path, first_line=line)
        for w in parsed.warnings:
            self.stats.warnings.append(w if w.startswith(path) else f"{path}:{line}: {w}")
        sym = next((s for s in parsed.symbols if s.name == name), None)
        if sym is not None and not sym.prompt:
            self._added_hidden.add(name)   # never an item; its sources may be a prompted one's
        if sym is None or not sym.prompt:
            return  # hidden symbols are never items
        self.stats.symbols_added += 1
        self._commits_by_order[commit.order] = commit
        self._added.append(_Added(commit, name, sym.prompt, sym.help or "", list(sym.selects),
                                  path, line, bool(getattr(sym, "menuconfig", False))))

    def _platform_kind(self, a: _Added) -> str:
        """A platform symbol is a board where its Kconfig file sits in a board
        folder (Zephyr's boards/, coreboot's src/mainboard/), else a SoC."""
        m = self.rules.match([a.kconfig_path], None)
        return "board" if m is not None and m.decisive and m.kind == "board" else "soc"

    def _new_sources(self, symbol: str) -> list[str]:
        """Sources the symbol builds that the range added, not moved from
        elsewhere; none when most of the added ones moved (a driver that moved,
        and gained a file or two on the way, is not new hardware)."""
        added: list[str] = []
        for target in self._built.get(symbol, ()):
            if target.endswith("/"):
                prefix = target
                added.extend(sorted(p for p in self._added_files if p.startswith(prefix) and is_source_path(p)))
                continue
            stem = target[:-2] if target.endswith(".o") else target
            for suffix in _SOURCE_SUFFIXES:
                p = stem + suffix
                if p in self._added_files:
                    added.append(p)
                    break
        # a file the range added and later deleted as it was (renamed, say) is not there at the end
        added = [p for p in added if self._deleted_blobs.get(self._added_files[p][1]) != p]
        new = [p for p in added if not self._moved(p)]
        return new if len(new) * 2 > len(added) else []

    def _without_gates(self, items: list[HardwareItem], platforms: set[str]) -> list[HardwareItem]:
        """Drop the menus that only open a folder (``obj-$(CONFIG_NET_VENDOR_META) += meta/``)
        when the drivers inside it are items of their own: a gate is not hardware,
        unless it is one of ``platforms`` (:meth:`_is_platform`: a new SoC family is news)."""
        owned: dict[str, int] = {}
        for it in items:
            for p in it.paths:
                owned[p] = owned.get(p, 0) + 1
        out = []
        for it in items:
            symbol = it.symbols[0] if it.symbols else ""
            targets = self._built.get(symbol, ())
            if (targets and all(t.endswith("/") for t in targets) and all(owned[p] > 1 for p in it.paths)
                    and symbol not in platforms):
                continue
            out.append(it)
        return out

    def _moved(self, path: str) -> bool:
        """Whether an added file came from outside the range's own additions:
        the same content, or a file of the same name the range deleted whose
        lines it mostly keeps (a driver moved out of staging, or into
        drivers/accel, edited on the way).  A file renamed after the range
        added it is still new."""
        _order, blob = self._added_files[path]
        if not blob:
            return False
        origin = self._deleted_blobs.get(blob)
        if origin is not None:
            return origin not in self._added_files
        olds = [(p, b) for p, b in self._deleted_sources.get(posixpath.basename(path), ())
                if p != path and p not in self._added_files]
        if not olds:
            return False
        if path not in self._moved_cache:
            self._moved_cache[path] = any(self._moved_to(old, posixpath.basename(path)) == path
                                          for _p, old in olds[:_MOVED_CANDIDATES])
        return self._moved_cache[path]

    def _moved_to(self, old_blob: str, name: str) -> str | None:
        """The added file of that name a deleted one went to: the one keeping the
        largest share of its lines, at least half (a sibling driver copied from
        it, as Intel's qat_420xx/adf_drv.c from qat_4xxx's, keeps less than the moved file)."""
        if self._added_by_name is None:
            self._added_by_name = {}
            for p in self._added_files:
                if is_source_path(p):
                    self._added_by_name.setdefault(posixpath.basename(p), []).append(p)
        old = self._lines(old_blob)
        best, best_share = None, _MOVED_SHARE
        for p in sorted(self._added_by_name.get(name, ())):
            share = _kept_share(self._lines(self._added_files[p][1]), old)
            if share >= best_share and (best is None or share > best_share):
                best, best_share = p, share
        return best

    def _lines(self, blob: str | None) -> set[bytes]:
        if not blob:
            return set()
        if blob not in self._line_sets:
            self._line_sets[blob] = _line_set(self.read_blob(blob))
        return self._line_sets[blob]

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
        return _SOFTWARE_PROMPT.search(a.prompt) is not None

    def _renamed(self, a: "_Added", added_at: dict[str, list[int]]) -> bool:
        """Whether another symbol with ``a``'s prompt went away that existed before
        the range (the range did not add it at or before its removal): a rename.
        One the range added too (both in a tree's first commit, a staging copy
        removed later) does not make ``a`` old."""
        for name, order in self._removed_prompts.get(_norm_prompt(a.prompt), ()):
            if name != a.name and not any(o >= order for o in added_at.get(name, ())):
                return True
        return False

    def _name_board_vendors(self, items: list[HardwareItem]) -> None:
        """coreboot names a board by its model alone ("Fizz", "P8Z77-V"), in its
        vendor's menu: the vendor folder's ``Kconfig.name`` (as the range's end
        has it, else as the board's commit does) gives the company a summary
        says first ("Google Fizz", "ASUS P8Z77-V")."""
        if self.read_at is None:
            return
        wanted: dict[str, dict[str, list[HardwareItem]]] = {}   # revision -> vendor file -> items
        for it in items:
            m = _MAINBOARD.match(it.kconfig_path or "") if it.kind == "board" else None
            if m is not None:
                rev = self.ends[1] if self.ends is not None else it.commit
                wanted.setdefault(rev, {}).setdefault(f"{m.group(1)}/Kconfig.name", []).append(it)
        for rev, files in wanted.items():
            for path, data in self.read_at(rev, list(files)).items():
                vendor = _vendor_name(data, path) if data else ""
                for it in files[path] if vendor else ():
                    if not it.hardware.lower().startswith(vendor.lower()):
                        it.hardware = f"{vendor} {it.hardware}"

    def items(self) -> list[HardwareItem]:
        """The new hardware of everything fed so far, oldest commit first."""
        if self._kconfig_changes:
            self._resolve_kconfig()
        self._read_later_kbuild()
        items: list[HardwareItem] = []
        platforms: set[str] = set()
        seen: set[str] = set()
        added_at: dict[str, list[int]] = {}
        for a in self._added:
            added_at.setdefault(a.name, []).append(a.commit.order)
        # Oldest first: the first addition of a symbol is the one that counts.
        for a in sorted(self._added, key=lambda a: (-a.commit.order, a.name)):
            if a.name in seen:
                continue
            seen.add(a.name)
            if not _new_in_range(added_at[a.name], self._removed.get(a.name)):
                continue  # moved inside the range, or added and removed again
            if self._renamed(a, added_at):
                continue  # renamed: an old symbol with the same prompt went away
            if self.rules.is_not_hardware(a.name, a.kconfig_path):
                continue
            # "SOF support for Lunarlake" builds nothing itself: it selects the new hidden
            # symbol that builds the new sources
            sources = self._new_sources(a.name) or [
                src for sel in dict.fromkeys(map(selected_symbol, a.selects)) if sel in self._added_hidden
                for src in self._new_sources(sel)]
            platform = self._is_platform(a)
            if a.kconfig_path.startswith("arch/") and not platform:
                if not (sources and any(_PLATFORM_DIRS.match(s) for s in sources)):
                    continue
            if not sources and not platform:
                continue
            if _OPTION_PROMPT.match(a.prompt.strip()):
                continue   # an option of a platform or driver that is already there
            if not platform and self._looks_like_core(a):
                continue
            paths = sources or [a.kconfig_path]
            if platform:
                platforms.add(a.name)
            items.append(HardwareItem(
                commit=a.commit.sha, subject=a.commit.subject,
                hardware=hardware_name(a.prompt, a.help, a.commit.subject, a.name),
                type="driver", symbols=[a.name], paths=paths,
                kconfig_path=a.kconfig_path, kconfig_line=a.line,
                prompt=a.prompt, help=a.help, body=a.commit.body, order=a.commit.order,
                kind=self._platform_kind(a) if platform else None))
        items = self._without_gates(items, platforms)
        self._name_board_vendors(items)
        if self.boards:
            deleted_at: dict[str, list[int]] = {}
            for p, orders in self._deleted_paths.items():
                if is_board_path(p):
                    deleted_at.setdefault(board_key(p), []).extend(orders)
            board_added_at: dict[str, list[int]] = {}
            for b in self._boards:
                board_added_at.setdefault(board_key(b.path), []).append(b.commit.order)
            listed: dict[str, list[str]] = {}   # board key -> paths listed
            for b in sorted(self._boards, key=lambda b: (-b.commit.order, b.path)):
                key = board_key(b.path)
                if any(b.commit.order in self._deleted_paths.get(p, ()) for p in listed.get(key, ())):
                    continue   # a board the range added, moved here later: listed where it was added
                if not _new_in_range(board_added_at[key], deleted_at.get(key)) or self._moved(b.path):
                    continue   # moved (arch/arm/boot/dts/*.dts went into vendor folders in 6.5), not new
                listed.setdefault(key, []).append(b.path)
                name = b.model or _board_name_from_path(b.path)
                items.append(HardwareItem(
                    commit=b.commit.sha, subject=b.commit.subject, hardware=name, type="board",
                    paths=[b.path], kconfig_path=None, prompt=b.model, body=b.commit.body,
                    order=b.commit.order, kind="board"))
        return merge_same_hardware(items)


#: A coreboot board's folder, src/mainboard/<vendor>/<board>/: group 1 is the vendor's folder.
_MAINBOARD = re.compile(r"^(src/mainboard/[^/]+)/[^/]+/")


def _vendor_name(kconfig_name: bytes, path: str) -> str:
    """The company a coreboot vendor folder's Kconfig.name gives its boards'
    menu (``config VENDOR_GOOGLE`` / ``bool "Google"``); "" where it names none."""
    for sym in parse_kconfig(kconfig_name, path).symbols:
        if sym.name.startswith("VENDOR_") and sym.prompt and sym.prompt.strip():
            return sym.prompt.strip()
    return ""


def _new_in_range(added_at: list[int], removed_at: list[int] | None) -> bool:
    """Whether something the range added at the commits ``added_at`` (a symbol, a
    board; orders grow towards older commits) and removed at ``removed_at`` did
    not exist before its first addition and still exists at the end: not one
    that moved (removed at or before its first addition, in the same commit for
    a move) nor one added and removed again.  A driver added, then moved to
    another Kconfig file, is new."""
    if not removed_at:
        return True
    if any(r >= max(added_at) for r in removed_at):
        return False
    return min(added_at) <= min(removed_at)   # its newest change is an addition


#: The commit order given to what existed before the range (orders grow towards older commits).
_BEFORE_RANGE = 1 << 62

#: An added source keeping this share of the lines of a deleted one of the same name moved.
_MOVED_SHARE = 0.5
_MOVED_CANDIDATES = 4


def _line_set(data: bytes) -> set[bytes]:
    """The distinct non-blank lines of a file, stripped (a move re-indents nothing, but may retab)."""
    return {ln.strip() for ln in data.splitlines() if len(ln.strip()) > 2}


def _kept_share(new: set[bytes], old: set[bytes]) -> float:
    """The share of ``new``'s lines that ``old`` has."""
    return len(new & old) / len(new) if new else 0.0


_SYMBOL_WORD = re.compile(r"\s*([A-Za-z0-9_]+)")


def selected_symbol(expr: str) -> str:
    """The symbol a ``select`` names: ``"FOO if BAR"`` -> ``"FOO"``."""
    m = _SYMBOL_WORD.match(expr)
    return m.group(1) if m else ""


def board_key(path: str) -> str:
    """What stays the same when a board moves: a .dts or defconfig's file name,
    a board folder's name with the file's."""
    base = posixpath.basename(path)
    if base.endswith((".dts", "_defconfig")):
        return base
    return posixpath.basename(posixpath.dirname(path)) + "/" + base


def _board_name_from_path(path: str) -> str:
    base = posixpath.basename(path)
    for suffix in (".dts", "_defconfig"):
        if base.endswith(suffix):
            return base[: -len(suffix)]
    parts = path.split("/")
    return "/".join(parts[1:3]) if len(parts) > 3 else base


def merge_same_hardware(items: list[HardwareItem]) -> list[HardwareItem]:
    """One item per piece of hardware a commit adds: symbols of one driver
    (``FOO_I2C`` and ``FOO_SPI`` with the same name, or names that differ only
    in the bus: "... (I2C)", "... (SPI)") are merged, named without the bus."""
    out: list[HardwareItem] = []
    index: dict[tuple[str, str, str], HardwareItem] = {}
    for it in items:
        key = (it.commit, it.type, without_bus(it.hardware).lower())
        prev = index.get(key)
        if prev is None:
            index[key] = it
            out.append(it)
            continue
        if prev.hardware.lower() != it.hardware.lower():
            prev.hardware = without_bus(prev.hardware)
        prev.symbols.extend(s for s in it.symbols if s not in prev.symbols)
        prev.paths.extend(p for p in it.paths if p not in prev.paths)
    out.sort(key=lambda it: (-it.order, it.type != "driver", it.symbols[0] if it.symbols else it.hardware))
    return out


def matches_any(name: str, patterns) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)
