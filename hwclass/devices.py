"""New devices in existing drivers: entries added to device-ID tables.

A commit that adds ``{ .compatible = "bosch,bmp580" }`` to an ``of_device_id``
table, or a ``PCI_DEVICE(...)`` line to a ``pci_device_id`` table, brings new
hardware without any new Kconfig symbol.  :class:`DeviceDetector` finds those
entries in the same streamed scan as :class:`hwclass.detect.Detector`:

* :meth:`DeviceDetector.keep` keeps modified (and deleted) C/Rust sources of
  hardware trees, minus tests and quirk files;
* :meth:`DeviceDetector.feed` looks only at commits whose subject or body
  could announce a device, reads the new blob of each kept source (through the
  scan's persistent ``cat-file``) and, only when it holds device tables, the
  old one; tables are compared entry by entry, so an entry that moved (to
  another table, another file, or another place in the same table) is not new;
* :meth:`DeviceDetector.merge_into` resolves what was found at the end of the
  scan: entries removed elsewhere in the range are moves, devices of drivers
  the range adds are dropped (the driver item covers them), the same device
  added twice is reported once (the first time); each remaining device is
  named and given the symbol, prompt and help of the driver that holds its
  table (read from the Makefile and Kconfig beside the source at that commit),
  so it is categorised like that driver.

One item per new part per commit: the IDs of one part (``"vendor,foo100"``,
``"vendor,foo100-i2c"``, I2C name ``"foo100"``) make one item; numeric IDs
(PCI, USB, ...) name no part, so those a commit adds to one driver make one
item, named from the commit subject.

The table parser is usable on its own: :func:`parse_tables`.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import posixpath
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from .errors import FileFormatError
from .item import HardwareItem

TABLES_FILE = Path(__file__).with_name("device_tables.yaml")

_SOURCE_SUFFIXES = (".c", ".h", ".rs")
#: Commit bodies (and, below, subjects) that may announce a new device.  The
#: modified sources of other commits are only read at the end, near (same or
#: parent/child folder) a source that gained entries, to see whether those
#: entries only moved.
_BODY_HINT = re.compile(r"\b(?:compatible|device[- ]id|pci[- ]id|usb[- ]id|acpi[- ]id|vid/pid)\b", re.I)
#: Words of a subject that may announce one (looked up in a set: 3x faster than
#: the regular expression of these words, \b(?:add(?:s|ed|ing)?|...)\b).
_HINT_WORDS = frozenset("""
    add adds added adding support supports supported supporting introduce introduces introduced
    enable enables enabled new id ids vid pid compatible compatibles variant variants model models
    chip chips device devices part parts revision match matching recognize recognizes recognized
    recognise recognises recognised identify identifies identified handle handles handled extend
    extends extended""".split())
#: The hint words that speak of IDs or parts themselves; a commit modifying more
#: than :data:`_MANY_SOURCES` driver sources (a tree-wide change: "treewide: Add
#: missing MODULE_DESCRIPTION() macros") must say one of these, or have a body
#: hint, to be read as it streams: "add", "support", "enable" over so many
#: drivers describe a mechanical edit, not new devices.
_ID_HINT_WORDS = frozenset("""
    id ids vid pid compatible compatibles variant variants model models chip chips device devices
    part parts revision""".split())
_MANY_SOURCES = 50
_WORDS = re.compile(r"\w+")
#: Commits modifying more sources than this are read whatever their subject says
#: (an import or a squashed history: its subject says nothing of what it adds).
_SUBJECT_FILTER_MAX = 3000
#: Blobs read together at the end of a range (held in memory meanwhile).
_READ_AT_ONCE = 500
#: Blobs larger than this are not parsed (generated tables, firmware arrays).
_MAX_BLOB = 4 << 20
_CACHE_SIZE = 4096
#: The build files that may say which symbol builds a source, first found first:
#: Linux's and U-Boot's, coreboot's (Makefile.inc before 2024), then Zephyr's
#: CMakeLists.txt, read only where a folder has none of the others.
_BUILD_FILES = ("Makefile", "Kbuild", "Makefile.mk", "Makefile.inc", "CMakeLists.txt")


def announces(subject: str, body: str, sources: int = 1) -> bool:
    """Whether a commit's subject (one of :data:`_HINT_WORDS`; of
    :data:`_ID_HINT_WORDS` when it modifies more than :data:`_MANY_SOURCES`
    driver ``sources``) or body (:data:`_BODY_HINT`, searched only when a
    substring it needs is there) hints at new devices."""
    words = _ID_HINT_WORDS if sources > _MANY_SOURCES else _HINT_WORDS
    if not words.isdisjoint(_WORDS.findall(subject.lower())):
        return True
    low = body.lower()
    return ("compatible" in low or "-id" in low or " id" in low or "vid/pid" in low) \
        and _BODY_HINT.search(body) is not None


# -- table kinds (device_tables.yaml) ---------------------------------------------

@dataclass
class TableKind:
    name: str
    style: str                      # named | numeric
    id_fields: tuple[str, ...] = ()
    position: int = 0
    data_fields: tuple[str, ...] = ()
    positional_ids: int = 0
    #: the C struct types of this kind's tables (none given: ``<name>_device_id``)
    structs: tuple[str, ...] = ()

    @property
    def struct_types(self) -> tuple[str, ...]:
        return self.structs or (f"{self.name}_device_id",)


@dataclass
class TableConfig:
    kinds: dict[str, TableKind]
    not_device_tables: re.Pattern
    not_device_paths: tuple[str, ...]

    @functools.cached_property
    def struct_kinds(self) -> dict[str, str]:
        """The kind of each table struct type: "of_device_id" -> "of", "udevice_id" -> "of"."""
        return {struct: kind.name for kind in self.kinds.values() for struct in kind.struct_types}

    @functools.cached_property
    def declaration_bytes(self) -> tuple[bytes, re.Pattern]:
        """What every table declaration holds (the struct types' common ending,
        "device_id"), to find with a plain search, and a pattern for the
        declaration around it: most sources hold none."""
        types = list(self.struct_kinds)
        common = os.path.commonprefix([t[::-1] for t in types])[::-1] if types else ""
        needle = common.encode("ascii") or b"struct"
        return needle, re.compile(rb"struct\s+\w*" + re.escape(common.encode("ascii")) + rb"\s+(?:const\s+)?\w+\s*\[")

    def quirk_table(self, name: str) -> bool:
        return bool(self.not_device_tables.fullmatch(name))

    def quirk_path(self, path: str) -> bool:
        return any(fnmatch.fnmatchcase(path, p) for p in self.not_device_paths)


def load_table_config(path: str | Path | None = None) -> TableConfig:
    """Read ``device_tables.yaml`` (or ``path``); FileFormatError when malformed."""
    path = Path(path) if path else TABLES_FILE
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FileFormatError(path, f"cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FileFormatError(path, f"not valid YAML: {getattr(exc, 'problem', exc)}",
                              mark.line + 1 if mark else None) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("kinds"), dict):
        raise FileFormatError(path, "expected a mapping with a 'kinds' mapping")
    kinds: dict[str, TableKind] = {}
    for name, spec in doc["kinds"].items():
        if not isinstance(spec, dict) or spec.get("style") not in ("named", "numeric"):
            raise FileFormatError(path, f"kind {name!r}: 'style' must be named or numeric")
        structs = spec.get("structs") or []
        if not isinstance(structs, list) or not all(isinstance(t, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", t)
                                                    for t in structs):
            raise FileFormatError(path, f"kind {name!r}: 'structs' must be a list of C struct type names")
        kinds[str(name)] = TableKind(
            str(name), spec["style"], tuple(spec.get("id_fields") or ()), int(spec.get("position") or 0),
            tuple(spec.get("data_fields") or ()), int(spec.get("positional_ids") or 0), tuple(structs))
    seen: dict[str, str] = {}
    for kind in kinds.values():
        for struct in kind.struct_types:
            if seen.setdefault(struct, kind.name) != kind.name:
                raise FileFormatError(path, f"struct {struct} is given to two kinds, {seen[struct]!r} and "
                                            f"{kind.name!r}")
    pats = doc.get("not_device_tables") or []
    globs = doc.get("not_device_paths") or []
    if not isinstance(pats, list) or not isinstance(globs, list):
        raise FileFormatError(path, "not_device_tables and not_device_paths must be lists")
    try:
        rx = re.compile("|".join(f"(?:{p})" for p in pats) or r"(?!)", re.I)
    except re.error as exc:
        raise FileFormatError(path, f"bad table-name pattern: {exc}") from None
    return TableConfig(kinds, rx, tuple(str(g) for g in globs))


# -- parsing tables out of C / Rust source ----------------------------------------

@dataclass(frozen=True)
class TableEntry:
    """One entry of a device-ID table: ``kind`` (of, pci, ...), its identity ``key``,
    and ``label`` (the compatible string / name / ID as written)."""

    kind: str
    key: str
    label: str
    table: str = ""


_TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|/\*.*?\*/|//[^\n]*|[{}(),]', re.S)
_STRING = re.compile(r'"((?:\\.|[^"\\\n])*)"')
_DESIGNATED = re.compile(r"^\.\s*(\w+)\s*=\s*(.*)$", re.S)
_INDEX = re.compile(r"^\[[^\]]*\]\s*=\s*")
_MACRO_CALL = re.compile(r"^[A-Za-z_]\w*\s*\(", re.S)
_PREPROC = re.compile(r"^[ \t]*#.*?(?<!\\)$", re.M)
#: How far before ``device_id`` (:attr:`TableConfig.declaration_bytes`) a
#: declaration starts: "struct" and the table kind.
_DECL_LEAD = 256
_RUST_ID = re.compile(r'\b(\w+)::DeviceId::\w+\(\s*(?:c_str!\(\s*)?"([^"]+)"')
#: coreboot's PCI drivers list their device IDs in a plain array that a
#: ``struct pci_driver`` points at: ``static const unsigned short
#: pci_device_ids[] = { PCI_DID_INTEL_MTL_XHCI, 0x1e31, 0 };`` and
#: ``.devices = pci_device_ids``: read as a ``pci`` table.
_ID_ARRAY = re.compile(rb"\bunsigned\s+short\s+(\w+)\s*\[\s*\]\s*=\s*\{")
_ID_ARRAY_KIND = "pci"
_DEVICES_FIELD = re.compile(rb"\.devices\s*=\s*&?\s*(\w+)")
#: Zephyr's drivers name the devicetree compatible they serve in a macro, one
#: ``#define`` for each (``#undef`` and ``#define`` again for a second one), not
#: in a table: ``#define DT_DRV_COMPAT bosch_bme280`` for "bosch,bme280".
_COMPAT_DEFINE = re.compile(rb"^[ \t]*#[ \t]*define[ \t]+DT_DRV_COMPAT[ \t]+([A-Za-z0-9_]+)[ \t]*(?:/[/*].*)?\r?$",
                            re.M)
#: The table kind and name its compatibles are read as.
_COMPAT_DEFINE_KIND, _COMPAT_DEFINE_TABLE = "of", "DT_DRV_COMPAT"


@functools.lru_cache(maxsize=8)
def _decl_regex(structs: tuple[str, ...]) -> re.Pattern:
    """A table's declaration: (struct type, table name)."""
    alt = "|".join(sorted(map(re.escape, structs), key=len, reverse=True))
    return re.compile(
        rf"struct\s+({alt})\s+(?:const\s+)?(\w+)\s*\[[^\]\n]*\]\s*"
        rf"(?:__\w+(?:\([^)]*\))?\s*)*=\s*\{{")


def _strip_comments(text: str) -> str:
    return re.sub(r'"(?:\\.|[^"\\\n])*"|/\*.*?\*/|//[^\n]*',
                  lambda m: m.group(0) if m.group(0).startswith('"') else " ", text, flags=re.S)


def _matching_brace(text: str, start: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``start`` (or -1)."""
    depth = 0
    for m in _TOKEN.finditer(text, start):
        t = m.group(0)
        if t == "{":
            depth += 1
        elif t == "}":
            depth -= 1
            if depth == 0:
                return m.start()
    return -1


def split_top(text: str) -> list[str]:
    """Split ``text`` at commas outside (), {} and string literals."""
    out, depth, last = [], 0, 0
    for m in _TOKEN.finditer(text):
        t = m.group(0)
        if t in "({":
            depth += 1
        elif t in ")}":
            depth -= 1
        elif t == "," and depth == 0:
            out.append(text[last:m.start()])
            last = m.end()
    out.append(text[last:])
    return [s.strip() for s in out if s.strip()]


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _unquote(s: str) -> str | None:
    m = _STRING.fullmatch(s.strip())
    return m.group(1) if m else None


def _entry(kind: TableKind, element: str, table: str) -> TableEntry | None:
    """The identity of one table element, or None for the sentinel."""
    body = _INDEX.sub("", element, count=1)
    if body.startswith("{") and body.endswith("}"):
        body = body[1:-1]
    fields = split_top(body)
    designated = {}
    positional = []
    for f in fields:
        m = _DESIGNATED.match(f)
        if m:
            designated[m.group(1)] = m.group(2).strip()
        else:
            positional.append(f)
    if not designated and not positional:
        return None
    if all(_norm(v) in ("0", "NULL", '""', "{}", "{0}") for v in list(designated.values()) + positional):
        return None  # { 0 }, { NULL }, { "" }: the terminator
    if kind.style == "named":
        for name in kind.id_fields:
            if name in designated:
                value = _unquote(designated[name])
                if value is not None and value:
                    return TableEntry(kind.name, value if name == kind.id_fields[0] else f"{name}={value}",
                                      value, table)
                if value is None:
                    return TableEntry(kind.name, _norm(designated[name]), _norm(designated[name]), table)
        strings = [_unquote(p) for p in positional]
        if positional:
            pick = positional[kind.position] if len(positional) > kind.position else positional[0]
            if kind.position and len(positional) <= kind.position:
                pick = next((p for p in positional if _unquote(p)), positional[0])
            value = _unquote(pick)
            if value:
                return TableEntry(kind.name, value, value, table)
            if value == "" and not any(strings):
                return None
            if value is None:   # a macro (its first string names the part) or a #define'd name
                m = _STRING.search(pick)
                if m and m.group(1):
                    return TableEntry(kind.name, m.group(1), m.group(1), table)
                return TableEntry(kind.name, _norm(pick), _norm(pick), table)
        key = _norm(",".join(f".{k}={v}" for k, v in sorted(designated.items())))
        return TableEntry(kind.name, key, key, table) if key else None
    # numeric: everything but the driver's data identifies the device
    ids = []
    if positional:
        if _MACRO_CALL.match(positional[0]):
            ids.append(positional[0])
        else:
            n = kind.positional_ids or len(positional)
            ids.extend(positional[:n])
    ids.extend(f".{k}={v}" for k, v in sorted(designated.items()) if k not in kind.data_fields)
    if not ids:
        return None
    key = _norm(",".join(ids)).lower()
    return TableEntry(kind.name, key, _norm(",".join(ids)), table)


@dataclass
class Table:
    kind: str
    name: str
    line: int
    entries: list[TableEntry] = field(default_factory=list)


def raw_tables(text: str | bytes, path: str = "", config: TableConfig | None = None,
               include_quirks: bool = False) -> list[tuple[str, str, int, str]]:
    """The device-ID tables of a C source, unparsed: [(kind, name, line, body text)].

    Cheap: two versions of a file whose table bodies are equal need no more work.
    """
    config = config or _default_config()
    # the tables that are not C struct arrays: Zephyr's defines, coreboot's ID arrays
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape")
    out = _compat_define_table(data, config) + _id_array_tables(data, config)
    if isinstance(text, bytes):
        # most sources name no table: a plain find says so faster than the regex
        # (0.14 s -> 0.03 s over 85 MB of Linux 6.12 drivers), which then starts
        # just before the first mention
        needle, declaration = config.declaration_bytes
        first = text.find(needle)
        if first < 0 or not declaration.search(text, max(0, first - _DECL_LEAD)):
            return out
        text = text.decode("utf-8", "replace")
    struct_kinds = config.struct_kinds
    for m in _decl_regex(tuple(struct_kinds)).finditer(text):
        kind_name, name = struct_kinds[m.group(1)], m.group(2)
        if not include_quirks and config.quirk_table(name):
            continue
        open_at = m.end() - 1
        close = _matching_brace(text, open_at)
        if close < 0:
            continue
        out.append((kind_name, name, text.count("\n", 0, m.start()) + 1, text[open_at + 1:close]))
    return out


def _id_array_tables(data: bytes, config: TableConfig) -> list[tuple[str, str, int, str]]:
    """coreboot's PCI ID arrays (:data:`_ID_ARRAY`) that a driver's ``.devices``
    names, raw, as :func:`raw_tables` gives tables."""
    if b".devices" not in data or _ID_ARRAY_KIND not in config.kinds or b"unsigned" not in data:
        return []
    named = set(_DEVICES_FIELD.findall(data))
    if not named:
        return []
    out = []
    for m in _ID_ARRAY.finditer(data):
        name = m.group(1)
        if name not in named:
            continue
        text = data[m.end() - 1:].decode("utf-8", "replace")
        close = _matching_brace(text, 0)
        if close > 0:
            out.append((_ID_ARRAY_KIND, name.decode("ascii"), data.count(b"\n", 0, m.start()) + 1, text[1:close]))
    return out


def zephyr_compatible(token: str) -> str:
    """The compatible a Zephyr ``DT_DRV_COMPAT`` token stands for: the first
    ``_`` was the comma, the others were ``-`` ("bosch_bme280" -> "bosch,bme280",
    "nordic_nrf_uarte" -> "nordic,nrf-uarte"; a vendor prefix with a ``-`` of
    its own, "u-blox", cannot be told apart)."""
    vendor, _, rest = token.lower().partition("_")
    return f"{vendor},{rest.replace('_', '-')}" if rest else vendor


def _compat_define_table(data: bytes, config: TableConfig) -> list[tuple[str, str, int, str]]:
    """A Zephyr driver's ``#define DT_DRV_COMPAT`` lines as one table of
    devicetree compatibles (raw, as :func:`raw_tables` gives tables); [] for
    other sources, or where the table kinds have no ``of``."""
    if b"DT_DRV_COMPAT" not in data or _COMPAT_DEFINE_KIND not in config.kinds:
        return []
    found = list(_COMPAT_DEFINE.finditer(data))
    if not found:
        return []
    compatibles = dict.fromkeys(zephyr_compatible(m.group(1).decode("ascii")) for m in found)
    body = "".join(f'\n\t{{ .compatible = "{c}" }},' for c in compatibles)
    return [(_COMPAT_DEFINE_KIND, _COMPAT_DEFINE_TABLE, data.count(b"\n", 0, found[0].start()) + 1, body + "\n")]


def parse_tables(text: str | bytes, path: str = "", config: TableConfig | None = None,
                 include_quirks: bool = False) -> list[Table]:
    """The device-ID tables of one C (or Rust) source, in file order.

    Tables whose name says they list quirks (``usb_quirk_list``, ``*_blacklist``
    ...) are left out unless ``include_quirks``.  Never raises on odd C: what
    cannot be read as a table is skipped.
    """
    config = config or _default_config()
    if path.endswith(".rs"):
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        return _parse_rust(text, config)
    return tables_from_raw(raw_tables(text, path, config, include_quirks), config)


def tables_from_raw(raw: list[tuple[str, str, int, str]], config: TableConfig | None = None) -> list[Table]:
    """Parse the entries of :func:`raw_tables`' output."""
    config = config or _default_config()
    tables: list[Table] = []
    for kind_name, name, line, body in raw:
        kind = config.kinds[kind_name]
        table = Table(kind_name, name, line)
        for element in split_top(_PREPROC.sub("", _strip_comments(body))):
            e = _entry(kind, element, name)
            if e is not None:
                table.entries.append(e)
        tables.append(table)
    return tables


def _parse_rust(text: str, config: TableConfig) -> list[Table]:
    by_kind: dict[str, Table] = {}
    for m in _RUST_ID.finditer(text):
        kind = m.group(1).lower()
        if kind not in config.kinds:
            continue
        t = by_kind.setdefault(kind, Table(kind, "rust", text.count("\n", 0, m.start()) + 1))
        t.entries.append(TableEntry(kind, m.group(2), m.group(2), "rust"))
    return list(by_kind.values())


_CONFIG: TableConfig | None = None


def _default_config() -> TableConfig:
    global _CONFIG
    if _CONFIG is None:
        _CONFIG = load_table_config()
    return _CONFIG


# -- the detector ------------------------------------------------------------------

def _globs_regex(globs: Iterable[str]) -> re.Pattern:
    parts = [fnmatch.translate(g) for g in globs]
    return re.compile("|".join(parts) if parts else r"(?!)")


@dataclass
class DeviceStats:
    commits: int = 0
    candidate_commits: int = 0
    blobs_read: int = 0
    files_compared: int = 0
    entries_added: int = 0


@dataclass
class _Found:
    """Entries one commit added to the tables of one source file."""

    order: int
    sha: str
    subject: str
    body: str
    path: str
    entries: list[TableEntry]
    old_parts: frozenset = frozenset()   # parts the file's tables named before the commit


class _BlobTables:
    """The tables of one blob: their bodies (to compare), entries parsed on demand."""

    __slots__ = ("bodies", "_raw", "_entries")

    def __init__(self, bodies: tuple, raw):
        self.bodies = bodies
        self._raw = raw
        self._entries = None

    def entries(self, config: TableConfig) -> dict[tuple[str, str], TableEntry]:
        if self._entries is None:
            tables = self._raw if self._raw and isinstance(self._raw[0], Table) else tables_from_raw(self._raw, config)
            out: dict[tuple[str, str], TableEntry] = {}
            for t in tables:
                for e in t.entries:
                    out.setdefault((e.kind, e.key), e)
            self._entries = out
            self._raw = None
        return self._entries


@dataclass
class _Driver:
    """The driver that builds a source: its symbol and Kconfig entry (as far as found)."""

    symbol: str | None = None
    prompt: str = ""
    help: str = ""
    kconfig_path: str | None = None
    kconfig_line: int | None = None


class DeviceDetector:
    """Feed it commits (newest first); :meth:`merge_into` adds the device items to the driver items.

    ``scanner`` is the :class:`hwclass.scan.Scanner` of the scan (its ``blob``
    reader and repository), ``rules`` the loaded :class:`hwclass.rules.Rules`.
    """

    def __init__(self, scanner, rules, config: TableConfig | None = None, end: str | None = None):
        self.scanner = scanner
        #: the range's one end (a commit id), where the driver behind a source is
        #: looked up first; None for a range of several ends (``A...B``)
        self.end = end
        self.rules = rules
        self.config = config or _default_config()
        self.stats = DeviceStats()
        self._not_device_paths = _globs_regex(self.config.not_device_paths)
        self._keep_cache: dict[str, bool] = {}
        self._tables: OrderedDict[str, dict | None] = OrderedDict()
        self._found: list[_Found] = []
        self._removed: set[tuple[str, str]] = set()
        self._deleted: list[tuple[str, str, int]] = []     # (path, blob, commit order) of deleted sources
        # commit order -> [(path, blob)] of the sources added by a commit that deleted some
        self._added_sources: dict[int, list[tuple[str, str]]] = {}
        # path -> [old blob before the range's first unread change, new blob after its last]
        self._pending: dict[str, list] = {}
        self._files: dict[tuple[str, str], tuple[str, bytes] | None] = {}
        self._parsed: dict[tuple[str, str], object] = {}   # (blob id, parser) -> parsed file
        self._drivers: dict[tuple[str, str], _Driver] = {}
        self._vendors: dict[str, str] | None = None
        self._prompts_elsewhere: dict[tuple[str, str], str] = {}
        self._commit_sources: dict[int, tuple] = {}   # commit order -> (modified, deleted, announced)

    # -- what the scan keeps -----------------------------------------------------
    def keep(self, status: str, path: str) -> bool:
        """Modified, deleted or added C/Rust sources of hardware trees, minus tests and quirk files."""
        return status in ("M", "D", "A") and self._device_source(path)

    def _device_source(self, path: str) -> bool:
        """A C or Rust source of a hardware tree, not a test or a quirk file
        (worked out once per path: :meth:`_sources` reads the cache directly)."""
        hit = self._keep_cache.get(path)
        if hit is None:
            hit = (path_ok(path) and self.rules.in_hardware_tree(path)
                   and not self._not_device_paths.match(path))
            if len(self._keep_cache) > 200_000:
                self._keep_cache.clear()
            self._keep_cache[path] = hit
        return hit

    # -- reading tables -----------------------------------------------------------
    def _raw(self, blob: str | None, path: str) -> "_BlobTables | None":
        """The device tables of one blob (cached by blob id); None when it has none."""
        if not blob:
            return None
        if blob in self._tables:
            self._tables.move_to_end(blob)
            return self._tables[blob]
        data = self.scanner.blob(blob)
        self.stats.blobs_read += 1
        out = None
        if len(data) <= _MAX_BLOB:
            if path.endswith(".rs"):
                if b"DeviceId" in data:
                    tables = parse_tables(data, path, self.config)
                    if tables:
                        out = _BlobTables(tuple(t.name for t in tables), tables)
            else:
                raw = raw_tables(data, path, self.config)
                if raw:
                    out = _BlobTables(tuple(sorted(r[3] for r in raw)), raw)
        self._tables[blob] = out
        if len(self._tables) > _CACHE_SIZE:
            self._tables.popitem(last=False)
        return out

    def _entries(self, blob: str | None, path: str) -> dict[tuple[str, str], TableEntry] | None:
        """The device-table entries of one blob by (kind, key); None when it has no tables."""
        bt = self._raw(blob, path)
        return bt.entries(self.config) if bt is not None else None

    # -- feeding -------------------------------------------------------------------
    def _candidates(self, commit) -> list:
        """The modified driver sources of ``commit`` whose tables :meth:`feed` compares now."""
        modified, _deleted, _added, announced = self._sources(commit)
        if modified and len(modified) <= _SUBJECT_FILTER_MAX and not announced:
            return []
        return modified

    def _sources(self, commit) -> tuple[list, list, list, bool]:
        """The modified, deleted and added driver sources of ``commit`` and whether
        its subject or body hints at new devices: asked twice per commit (by
        :meth:`blobs_wanted`, then by :meth:`feed`), worked out once."""
        got = self._commit_sources.pop(commit.order, None)
        if got is None:
            modified, deleted, added = [], [], []
            known = self._keep_cache.get
            for ch in commit.changes:
                hit = known(ch.path)
                if hit is None:
                    hit = self._device_source(ch.path)
                if hit:
                    if ch.status == "M":
                        modified.append(ch)
                    elif ch.status == "D" and ch.old_blob:
                        deleted.append(ch)
                    elif ch.status == "A" and ch.new_blob:
                        added.append(ch)
            got = (modified, deleted, added,
                   bool(modified) and announces(commit.subject, commit.body, len(modified)))
            if len(self._commit_sources) > 10_000:
                self._commit_sources.clear()
            self._commit_sources[commit.order] = got
        return got

    def blobs_wanted(self, commit):
        """The blobs :meth:`feed` may read for ``commit`` (so the scanner can prefetch them)."""
        for ch in self._candidates(commit):
            for blob in (ch.new_blob, ch.old_blob):
                if blob and blob not in self._tables:
                    yield blob

    def feed(self, commit) -> None:
        self.stats.commits += 1
        modified, deleted, added, announced = self._sources(commit)
        if deleted:
            self._deleted.extend((ch.path, ch.old_blob, commit.order) for ch in deleted)
        if deleted and added:   # what a deletion may have gone to: the sources its commit added
            self._added_sources[commit.order] = [(ch.path, ch.new_blob) for ch in added]
        if not modified:
            return
        if len(modified) <= _SUBJECT_FILTER_MAX and not announced:
            for ch in modified:   # newest first: keep the newest new and the oldest old blob
                span = self._pending.get(ch.path)
                if span is None:
                    self._pending[ch.path] = [ch.old_blob, ch.new_blob]
                else:
                    span[0] = ch.old_blob
            return
        self.stats.candidate_commits += 1
        added: list[tuple[str, list[TableEntry]]] = []
        removed: set[tuple[str, str]] = set()
        tableless = []
        for ch in _held(self.scanner, modified, lambda c: (c.new_blob, c.old_blob), self._tables):
            new_raw = self._raw(ch.new_blob, ch.path)
            if new_raw is None:
                tableless.append(ch)
                continue
            old_raw = self._raw(ch.old_blob, ch.path)
            if old_raw is not None and old_raw.bodies == new_raw.bodies:
                continue   # the tables did not change
            new = new_raw.entries(self.config)
            old = old_raw.entries(self.config) if old_raw is not None else {}
            self.stats.files_compared += 1
            plus = [e for k, e in new.items() if k not in old]
            removed.update(k for k in old if k not in new)
            if plus:
                added.append((ch.path, plus, _known_parts(old.values())))
        if added:
            # A table that left a file entirely for a file near it (same folder, or
            # parent/child folder) in the same commit.
            near = _Near(a[0] for a in added)
            for ch in tableless:
                if near(ch.path):
                    removed.update(self._entries(ch.old_blob, ch.path) or {})
        self._removed |= removed
        for path, plus, old_parts in added:
            plus = [e for e in plus if (e.kind, e.key) not in removed]
            if plus:
                self.stats.entries_added += len(plus)
                self._found.append(_Found(commit.order, commit.sha, commit.subject, commit.body, path, plus,
                                          old_parts))

    def has_candidates(self) -> bool:
        """Whether what was fed so far may make an item (a table gained an entry)."""
        return bool(self._found)

    # -- resolving -----------------------------------------------------------------
    def items(self, driver_items: Iterable[HardwareItem] = ()) -> list[HardwareItem]:
        """The device items (oldest first), minus those the driver items already cover."""
        if not self._found:
            return []
        near = _Near(f.path for f in self._found)
        pending = [(path, blobs) for path, blobs in self._pending.items() if near(path)]
        self._pending = {}
        # A source deleted and added elsewhere unchanged (a rename) lost nothing; one
        # renamed with edits lost none of the found entries held by a source its commit
        # added with its name or in its folder.
        found_keys = {(e.kind, e.key) for f in self._found for e in f.entries}
        added_blobs = {blob for added in self._added_sources.values() for _path, blob in added}
        deleted = [d for d in self._deleted if d[1] not in added_blobs]
        for path, blob, order in _held(self.scanner, deleted, lambda d: (d[1],), self._tables, ahead=True):
            lost = set(self._entries(blob, path) or {})
            if lost & found_keys:   # where a rename went: a source of that name or folder
                name, folder = posixpath.basename(path), posixpath.dirname(path)
                for added_path, added_blob in self._added_sources.get(order, ()):
                    if posixpath.basename(added_path) == name or posixpath.dirname(added_path) == folder:
                        lost -= found_keys.intersection(self._entries(added_blob, added_path) or {})
            self._removed.update(lost)
        # Sources whose changes were not read (their subjects announced nothing): an
        # entry they lost over the range, near a source that gained it, moved.
        # Only a source whose old tables name a found entry can have lost it: the new
        # version is read only for those.
        words = _entry_words(e for f in self._found for e in f.entries)
        olds = ((path, blobs, self._raw(blobs[0], path))
                for path, blobs in _held(self.scanner, pending, lambda p: p[1][:1], self._tables, ahead=True))
        lost = [(path, blobs, old_raw) for path, blobs, old_raw in olds
                if old_raw is not None and (path.endswith(".rs") or _names_any(old_raw.bodies, words))]
        for path, (_old_blob, new_blob), old_raw in _held(self.scanner, lost, lambda p: p[1][1:], self._tables,
                                                          ahead=True):
            new_raw = self._raw(new_blob, path)
            if new_raw is not None and new_raw.bodies == old_raw.bodies:
                continue
            new = new_raw.entries(self.config) if new_raw is not None else {}
            self._removed.update(k for k in old_raw.entries(self.config) if k not in new)
        driver_paths = {p for it in driver_items for p in it.paths}
        driver_symbols = {s for it in driver_items for s in it.symbols}
        seen_keys: set[tuple[str, str]] = set()
        seen_parts: set[tuple[str, str]] = set()
        out: list[HardwareItem] = []
        by_commit: OrderedDict[tuple[int, str], list[_Found]] = OrderedDict()
        for f in sorted(self._found, key=lambda f: (-f.order, f.path)):
            by_commit.setdefault((f.order, f.sha), []).append(f)
        commits = list(by_commit.items())
        for n, ((_order, sha), founds) in enumerate(commits):
            if n % _READ_AT_ONCE == 0:   # the Makefiles and Kconfig files of the next commits, at once
                self._files.clear()
                self._prefetch_drivers([(f.sha, f.path) for _key, fs in commits[n:n + _READ_AT_ONCE] for f in fs])
            # one group per driver of the commit: files of one driver (foo-i2c.c, foo-spi.c) join
            groups: OrderedDict[str, tuple[_Driver, list[str], list[TableEntry]]] = OrderedDict()
            for f in founds:
                if f.path in driver_paths:
                    continue
                drv = self._driver_at(sha, f.path)
                if drv.symbol and drv.symbol in driver_symbols:
                    continue
                if drv.symbol and self.rules.is_not_hardware(drv.symbol, drv.kconfig_path or f.path):
                    continue
                entries = [e for e in f.entries if (e.kind, e.key) not in self._removed and not names_the_driver(e)]
                if not entries:
                    continue
                key = drv.symbol or f.path
                g = groups.setdefault(key, (drv, [], [], set()))
                g[1].append(f.path)
                g[2].extend(entries)
                g[3].update(f.old_parts)
            for key, (drv, paths, entries, old_parts) in groups.items():
                for part, ents in _parts(entries, self.config):
                    if part and (_chip_key(ents) in old_parts
                                 or any(_norm_part(part_of(e)) in old_parts for e in ents)):
                        continue   # a known part (or another block of a known chip), newly matched another way
                    fresh = [e for e in ents if (e.kind, e.key) not in seen_keys]
                    if not fresh:
                        continue
                    seen_keys.update((e.kind, e.key) for e in ents)
                    if part:
                        if (key, part) in seen_parts:
                            continue
                        seen_parts.add((key, part))
                    f0 = founds[0]
                    out.append(HardwareItem(
                        commit=sha, subject=f0.subject,
                        hardware=self.device_name(fresh, drv, f0.subject, sha),
                        type="device", symbols=[drv.symbol] if drv.symbol else [],
                        paths=_paths_of(fresh, founds) or paths,
                        kconfig_path=drv.kconfig_path, kconfig_line=drv.kconfig_line,
                        prompt=drv.prompt, help=drv.help, body=f0.body, order=f0.order))
        return merge_parts(out)

    def merge_into(self, driver_items: list[HardwareItem]) -> list[HardwareItem]:
        """Driver items plus device items: oldest commit first, then drivers, devices,
        boards, then symbol/name."""
        devices = self.items(driver_items)
        rank = {"driver": 0, "device": 1, "board": 2}
        merged = list(driver_items) + devices
        merged.sort(key=lambda it: (-it.order, rank.get(it.type, 3),
                                    it.symbols[0] if it.symbols else it.hardware, it.hardware))
        return merged

    # -- the driver behind a source --------------------------------------------------
    def _read_blob(self, sha: str, path: str) -> tuple[str, bytes] | None:
        """(blob id, content) of ``path`` at commit ``sha``, or None."""
        key = (sha, path)
        if key not in self._files:
            self._files[key] = self.scanner.read_path(sha, path)
        return self._files[key]

    def _driver_at(self, sha: str, path: str) -> _Driver:
        """The driver behind a source: as the range's end has it (so a folder's
        Makefile and Kconfig are read once, not at every commit that added IDs
        there, and an item is named by its driver's prompt as it is now), or,
        where the source is not built there (gone, moved), at commit ``sha``."""
        if self.end is not None:
            drv = self._driver_for(self.end, path)
            if drv.symbol:
                return drv
        return self._driver_for(sha, path)

    def _prefetch_drivers(self, where: list[tuple[str, str]]) -> None:
        """Read, in pipelined requests, the Makefiles and Kconfig files that
        :meth:`_driver_at` looks at first for each (commit, source): at the
        range's end, then at the commits of the sources not built there."""
        if self.end is not None:
            self._prefetch_files((self.end, path) for _sha, path in where if (self.end, path) not in self._drivers)
            where = [(sha, path) for sha, path in where if not self._driver_for(self.end, path).symbol]
        self._prefetch_files(where)

    def _prefetch_files(self, where: Iterable[tuple[str, str]]) -> None:
        keys = []
        for sha, path in where:
            folder = posixpath.dirname(path)
            for cur in (folder, posixpath.dirname(folder)):
                for name in ("Makefile", "Kbuild", "Kconfig"):   # Linux's: the rest are read when missing
                    p = posixpath.join(cur, name) if cur else name
                    if (sha, p) not in self._files:
                        keys.append((sha, p))
        self._files.update(self.scanner.files_at(keys))

    def _read(self, sha: str, path: str) -> bytes | None:
        got = self._read_blob(sha, path)
        return None if got is None else got[1]

    def _parse(self, sha: str, path: str, parser):
        """``parser(content, path)`` of ``path`` at ``sha``; parsed once per blob, whatever the commit."""
        got = self._read_blob(sha, path)
        if got is None:
            return None
        key = (got[0], parser.__name__, path)
        if key not in self._parsed:
            self._parsed[key] = parser(got[1], path)
        return self._parsed[key]

    def _kconfig(self, sha: str, path: str):
        from .kconfig import parse_kconfig
        return self._parse(sha, path, parse_kconfig)

    def _driver_for(self, sha: str, path: str) -> _Driver:
        key = (sha, path)
        if key not in self._drivers:
            self._drivers[key] = self._find_driver(sha, path)
        return self._drivers[key]

    def _find_driver(self, sha: str, path: str) -> _Driver:
        folder = posixpath.dirname(path)
        stem = posixpath.basename(path).rsplit(".", 1)[0]
        symbol = None
        rel = stem
        cur = folder
        for _depth in range(4):
            built = None
            for name in _BUILD_FILES:
                built = self._parse(sha, posixpath.join(cur, name) if cur else name, _BuiltBy)
                if built is not None:
                    break
            if built is not None:
                hits = built.symbols_building(rel)
                if not hits and path.endswith(".h") and cur == folder:
                    # a header: the driver of the folder, when only one builds here
                    hits = [(0, built.local[0])] if len(built.local) == 1 else []
                if hits:
                    symbol = min(hits)[1]
                    break
            if not cur:
                break
            rel = posixpath.basename(cur) + "/" + rel
            cur = posixpath.dirname(cur)
        if symbol is None:
            return _Driver()
        return self._kconfig_entry(sha, folder, symbol)

    def _kconfig_entry(self, sha: str, folder: str, symbol: str) -> _Driver:
        """Find ``symbol``'s Kconfig entry in the folder or its parents; a hidden symbol
        gives way to the prompted one that selects it or that it depends on."""
        cur = folder
        for _depth in range(4):
            kpath = posixpath.join(cur, "Kconfig") if cur else "Kconfig"
            data = self._read(sha, kpath)
            paths = [kpath]
            if data is not None:
                paths += self._parse(sha, kpath, _sourced_here) or ()
            for path in paths:
                found = _kconfig_symbol(data if path == kpath else self._read(sha, path), path, symbol)
                if found is None:
                    continue
                sym, line = found
                if sym is not None and sym.prompt:
                    return _Driver(sym.name, sym.prompt, sym.help or "", path, sym.line or line)
                return self._kconfig_entry_parsed(sha, folder, symbol)   # hidden: look around it
            if not cur:
                break
            cur = posixpath.dirname(cur)
        return _Driver(symbol)

    def _prompt_elsewhere(self, sha: str, symbol: str) -> str:
        """The prompt of ``symbol``'s entry where it is not beside the sources it
        builds (a platform symbol: ARCH_TEGRA, defined in arch/, builds
        drivers/soc/tegra/fuse/), for a device item nothing else names.  Rare
        (1 item over v6.1..v6.12, none in the benchmark histories): one
        ``git grep`` for each (revision, symbol), remembered."""
        key = (sha, symbol)
        if key not in self._prompts_elsewhere:
            self._prompts_elsewhere[key] = self._find_prompt_elsewhere(sha, symbol)
        return self._prompts_elsewhere[key]

    def _find_prompt_elsewhere(self, sha: str, symbol: str) -> str:
        path = self.scanner.kconfig_defining(sha, symbol)
        found = _kconfig_symbol(self._read(sha, path), path, symbol) if path else None
        sym = found[0] if found is not None else None
        return sym.prompt if sym is not None and sym.prompt else ""

    def _kconfig_entry_parsed(self, sha: str, folder: str, symbol: str) -> _Driver:
        """:meth:`_kconfig_entry` by parsing the Kconfig files whole (for hidden symbols)."""
        from .detect import selected_symbol
        files = []
        cur = folder
        for _depth in range(4):
            kpath = posixpath.join(cur, "Kconfig") if cur else "Kconfig"
            kf = self._kconfig(sha, kpath)
            if kf is not None:
                files.append(kf)
                for src in getattr(kf, "sources", ()):
                    src = src.replace("$(SRCARCH)", "").strip('"')
                    if posixpath.dirname(src) == cur and src != kpath:
                        extra = self._kconfig(sha, src)
                        if extra is not None:
                            files.append(extra)
            if not cur:
                break
            cur = posixpath.dirname(cur)
        syms = {}
        for kf in files:
            for s in kf.symbols:
                syms.setdefault(s.name, (s, kf.path))
        hit = syms.get(symbol)
        if hit is None:
            return _Driver(symbol)
        sym, kpath = hit
        if not sym.prompt:
            parent = None
            for s, p in syms.values():
                if s.prompt and any(selected_symbol(x) == symbol for x in s.selects):
                    parent = (s, p)
                    break
            if parent is None:
                for dep in sym.depends:
                    for word in re.findall(r"[A-Za-z0-9_]+", dep):
                        s = syms.get(word)
                        if s is not None and s[0].prompt:
                            parent = s
                            break
                    if parent:
                        break
            if parent is not None:
                sym, kpath = parent
        return _Driver(sym.name, sym.prompt or "", sym.help or "", kpath, sym.line or None)

    # -- naming ----------------------------------------------------------------------
    def vendor_of(self, prefix: str, sha: str) -> str:
        """A device-tree vendor prefix's company, from the tree's list of them:
        Linux's vendor-prefixes.yaml, or Zephyr's vendor-prefixes.txt."""
        if self._vendors is None:
            self._vendors = {}
            for path, line in _VENDOR_LISTS:   # the first the tree has
                data = self._read(sha, path)
                if data:
                    for m in line.finditer(data.decode("utf-8", "replace")):
                        self._vendors[m.group(1)] = _company(m.group(2))
                    break
        return self._vendors.get(prefix, "")

    def device_name(self, entries: list[TableEntry], drv: _Driver, subject: str, sha: str) -> str:
        return device_name(entries, drv.prompt, drv.help, subject, drv.symbol or "",
                           lambda prefix: self.vendor_of(prefix, sha),
                           lambda: self._prompt_elsewhere(self.end or sha, drv.symbol))


class _BuiltBy:
    """Which symbols of one build file (Makefile, Kbuild, CMakeLists.txt) build
    which sources, indexed by source (a folder's Makefile is asked about each of
    its sources that gained IDs)."""

    def __init__(self, data: bytes, path: str):
        from .buildfiles import parse_build_file
        kb = parse_build_file(data, path)
        self._by_source: dict[str, list[tuple[int, str]]] = {}
        self._folders: list[tuple[str, int, str]] = []
        #: the symbols that build sources of this folder itself (not only subfolders)
        self.local: list[str] = []
        for sym in kb.objects:
            srcs = kb.sources_for(sym)
            rank = -len(srcs)
            for src in dict.fromkeys(srcs):
                if src.endswith("/"):
                    self._folders.append((src, rank, sym))
                else:
                    self._by_source.setdefault(src, []).append((rank, sym))
            if any(not x.endswith("/") for x in srcs):
                self.local.append(sym)

    def symbols_building(self, rel: str) -> list[tuple[int, str]]:
        """(-number of sources, symbol) of each symbol building ``rel`` (a source's
        stem relative to the folder), itself or through a folder it builds."""
        return self._by_source.get(rel, []) + [(rank, sym) for folder, rank, sym in self._folders
                                               if rel.startswith(folder)]


def _kconfig_symbol(text: bytes | None, path: str, symbol: str):
    """``symbol``'s entry in the Kconfig text of ``path``, parsed: (the symbol,
    or None where its block does not parse as its entry; the block's line);
    None where the text has no entry for it."""
    from .detect import find_block
    from .kconfig import parse_kconfig
    hit = find_block(text, symbol) if text else None
    if hit is None:
        return None
    line, block = hit
    return next((x for x in parse_kconfig(block, path, first_line=line).symbols if x.name == symbol), None), line


_KCONFIG_SOURCE = re.compile(rb'^[ \t]*(?:o?r?source)[ \t]+"?([^"\s]+)"?', re.M)


def _sourced_here(data: bytes, kpath: str) -> list[str]:
    """The Kconfig files of its own folder that the Kconfig file ``kpath`` sources."""
    cur = posixpath.dirname(kpath)
    out = []
    for m in _KCONFIG_SOURCE.finditer(data):
        src = m.group(1).decode("utf-8", "replace").replace("$(SRCARCH)", "")
        if posixpath.dirname(src) == cur and src != kpath:
            out.append(src)
    return out


def _held(scanner, things: list, blobs_of, parsed, ahead: bool = False) -> Iterator:
    """``things`` one by one, their blobs (``blobs_of(thing)``, those not yet
    ``parsed``) read a slice at a time: memory bounded by a slice, not the list.

    With ``ahead`` (at the end of a range, when no other read is under way),
    git reads the next slice's blobs while the caller works on this one:
    memory bounded by two slices."""
    from .detect import slices
    parts = list(slices(things, _READ_AT_ONCE))
    if not ahead:
        for part in parts:
            with scanner.holding(b for t in part for b in blobs_of(t) if b not in parsed):
                yield from part
        return

    def read(part):
        return scanner.read_ahead(b for t in part for b in blobs_of(t) if b not in parsed)

    following = read(parts[0]) if parts else None
    for i, part in enumerate(parts):
        current, following = following, (read(parts[i + 1]) if i + 1 < len(parts) else None)
        with scanner.holding_read(current):
            yield from part


_WORD = re.compile(r"[a-z0-9_.\-]+")


def _entry_words(entries: Iterable[TableEntry]) -> set[str]:
    """Words one of whose presence in a table body may mean it holds one of
    ``entries``: the last word of each label (the part of ``vendor,part``,
    the device of ``0x8086,0x1234``), lowercased."""
    words = set()
    for e in entries:
        found = _WORD.findall(e.label.lower())
        if found:
            words.add(found[-1])
    return words


def _names_any(bodies: Iterable[str], words: set[str]) -> bool:
    """Whether table ``bodies`` hold one of ``words`` (as whole words)."""
    return any(not words.isdisjoint(_WORD.findall(body.lower())) for body in bodies)


def merge_parts(items: list[HardwareItem]) -> list[HardwareItem]:
    """One device item per driver and commit: the parts one commit adds to one
    driver are named together ("Analog Devices AD9643, AD9649, and AD9652 ADCs"),
    as a release summary lists them."""
    from .naming import collapse_names
    out: list[HardwareItem] = []
    groups: dict[tuple, list[HardwareItem]] = {}
    for it in items:
        key = (it.commit, tuple(it.symbols) or tuple(it.paths[:1]))
        if key not in groups:
            groups[key] = []
            out.append(it)
        groups[key].append(it)
    for it in out:
        group = groups[(it.commit, tuple(it.symbols) or tuple(it.paths[:1]))]
        if len(group) > 1:
            it.hardware = collapse_names([g.hardware for g in group])
            it.paths = list(dict.fromkeys(p for g in group for p in g.paths))
    return out


class _Near:
    """Is a path near one of ``paths``: in the same folder, the parent folder, or a child folder?"""

    def __init__(self, paths: Iterable[str]):
        self.folders = {posixpath.dirname(p) for p in paths}
        self.parents = {posixpath.dirname(d) for d in self.folders}

    def __call__(self, path: str) -> bool:
        folder = posixpath.dirname(path)
        return folder in self.folders or folder in self.parents or posixpath.dirname(folder) in self.folders


def path_ok(path: str) -> bool:
    return path.endswith(_SOURCE_SUFFIXES)


def _paths_of(entries: list[TableEntry], founds: list[_Found]) -> list[str]:
    ids = {id(e) for e in entries}
    return [f.path for f in founds if not ids.isdisjoint(map(id, f.entries))]


_VENDOR_LINE = re.compile(r'^\s*"\^([A-Za-z0-9_.+-]+),\.\*":\s*\n\s*description:\s*(.+?)\s*$', re.M)
#: Zephyr's dts/bindings/vendor-prefixes.txt: "prefix<TAB>Company" a line, "#" comments.
_VENDOR_TAB_LINE = re.compile(r"^([A-Za-z0-9_.+-]+)\t+([^\t\n#][^\n]*?)\s*$", re.M)
#: A tree's list of devicetree vendor prefixes, and a line of it (prefix, company): Linux's, Zephyr's.
_VENDOR_LISTS = (("Documentation/devicetree/bindings/vendor-prefixes.yaml", _VENDOR_LINE),
                 ("dts/bindings/vendor-prefixes.txt", _VENDOR_TAB_LINE))
_COMPANY_SUFFIX = re.compile(
    r"(?:[\s,]+(?:Inc\.?|Incorporated|Co\.?|Corp\.?|Corporation|Company|Ltd\.?|Limited|LLC|L\.L\.C\.|GmbH|AG|"
    r"S\.?A\.?|S\.?p\.?A\.?|B\.?V\.?|N\.?V\.?|AB|Oy|ASA|A/S|SE|SAS|Pty|PLC|plc|KK|K\.K\.|"
    r"Technology|Technologies|Electronics|Semiconductors?|Microelectronics|Co\.,|Holdings?|International))+\.?$",
    re.I)
_BUS_SUFFIX = re.compile(r"[-_](?:i2c|spi|i3c|usb|pci|pcie|sdio|uart|serial|spmi|platform|core|mdio)$", re.I)


#: A city before a company's name ("Fuzhou Rockchip", "Shenzhen Xunlong"): release notes leave it out.
_CITY_LEAD = re.compile(r"^(?:Shenzhen|Beijing|Shanghai|Hangzhou|Fuzhou|Guangzhou|Suzhou|Hefei|Wuhan|Xiamen|Zhuhai|"
                        r"Nanjing|Chengdu|Dongguan|Wuxi|Qingdao|Tianjin|Chongqing|Ningbo|Jiangsu|Zhejiang)\s+(?=\S)")


def _company(desc: str) -> str:
    desc = re.sub(r"\s*\(.*?\)", "", desc.strip().strip("'\""))
    desc = _CITY_LEAD.sub("", desc)
    desc = desc.split(";")[0].strip()
    prev = None
    while prev != desc:
        prev = desc
        desc = _COMPANY_SUFFIX.sub("", desc).strip(" ,.")
    return desc


#: A C macro in place of a name (``ST_LSM6DSV_DEV_NAME``, ``DRV_NAME``).
_MACRO_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
#: The macros that hold a driver's own name: an entry of that name matches the
#: driver itself (a MODULE_ALIAS turned into an ID table), not a new device.
_OWN_NAME = re.compile(r"(?:\w+_)?(?:DRV|DRIVER|MODULE|DEVICE|DEV)_?NAME|KBUILD_MODNAME")


def names_the_driver(entry: TableEntry) -> bool:
    """Whether an entry's name is the driver's own (``{ DRV_NAME, 0 }``)."""
    return entry.kind in ("i2c", "spi", "platform") and bool(_OWN_NAME.fullmatch(entry.label)) \
        and not _DIGIT_WORD.search(entry.label)


def _vendor_prefix(entry: TableEntry) -> str:
    """The vendor prefix of a compatible string, as written (``"bosch"`` of ``"bosch,bmp580"``);
    '' for other entries, which name no vendor."""
    return entry.label.split(",", 1)[0] if entry.kind == "of" and "," in entry.label else ""


def part_of(entry: TableEntry) -> str:
    """The part an entry names, as written (``"bosch,bmp580"`` -> ``bmp580``; the
    chip of a macro: ``ST_LSM6DSV_DEV_NAME`` -> ``lsm6dsv``); '' for numeric IDs."""
    if entry.kind not in ("of", "i2c", "spi", "platform") or not re.search(r"[A-Za-z]", entry.label):
        return ""
    if _MACRO_NAME.fullmatch(entry.label):
        return chip_of(entry.label).lower()
    name = entry.label.split(",", 1)[1] if "," in entry.label else entry.label
    if entry.key.startswith(("name=", "type=")) or not re.fullmatch(r"[\w.+-]+", name):
        return ""
    return _BUS_SUFFIX.sub("", name)


def _norm_part(part: str) -> str:
    return re.sub(r"[^a-z0-9]", "", part.lower())


#: Allwinner's family markers ("sun50i-h616"): the chip is the piece after them.
_FAMILY_PIECE = re.compile(r"sun\d+[a-z]?i", re.I)


def chip_of(part: str) -> str:
    """The chip a part names: its first piece with letters and digits that is
    neither a bus or version (:data:`_NOT_PART`) nor a family marker (a piece
    of digits alone counts from three: ``"2712-v3d"`` -> ``"2712"``);
    ``"sun50i-h616-ths"`` -> ``"h616"``, ``"sdm845-qmp-usb3-phy"`` -> ``"sdm845"``; '' for none."""
    pieces = [p for p in re.split(r"[-_]", part)
              if _DIGIT_WORD.search(p) and (re.search(r"[A-Za-z]", p) or (p.isdigit() and len(p) >= 3))]
    good = [p for p in pieces if not _NOT_PART.fullmatch(p) and not _FAMILY_PIECE.fullmatch(p)]
    return (good or pieces or [""])[0]


def _chip_key(entries: Iterable[TableEntry]) -> str:
    """``"chip:mediatek:mt6779"`` for ``mediatek,mt6779-mmsys`` (the vendor, and
    :func:`chip_of` the entry's part: ``cdns,sd4hc`` and ``mobileye,eyeq-sd4hc``
    are two chips); '' for none."""
    for e in entries:
        chip = chip_of(part_of(e).lower())
        if chip:
            return f"chip:{_vendor_prefix(e).lower()}:{chip}"
    return ""


def _known_parts(entries: Iterable[TableEntry]) -> frozenset:
    """The parts a file's tables named (normalised), and their chips (:func:`_chip_key`):
    a new entry for one of them is a known part matched another way, or
    another block of a known chip (``mt6779-mmsys`` becoming ``clk-mt6779-mm``)."""
    entries = list(entries)
    return frozenset({_norm_part(part_of(e)) for e in entries} | {_chip_key([e]) for e in entries}) - {""}


def _parts(entries: list[TableEntry], config: TableConfig) -> list[tuple[str, list[TableEntry]]]:
    """Group a driver's new entries of one commit by part: [(normalised part or '', entries)].

    Entries of one chip are one part: a name without a vendor ("lsm303c_accel",
    an I2C name) joins a compatible string of that chip ("st,lsm303c"), while
    two vendors' compatibles stay apart ("cdns,sd4hc", "mobileye,eyeq-sd4hc")."""
    groups: OrderedDict[tuple[str, str], list[TableEntry]] = OrderedDict()
    other: list[TableEntry] = []
    for e in entries:
        part = part_of(e)
        if not part:
            other.append(e)
            continue
        chip = _norm_part(chip_of(part) or part)
        vendor = _vendor_prefix(e).lower()
        key = next((k for k in groups if k[1] == chip and (not vendor or not k[0] or k[0] == vendor)),
                   (vendor, chip))
        groups.setdefault(key, []).append(e)
    parts = [(_norm_part(part_of(ents[0])), ents) for ents in groups.values()]
    if other:
        if parts:   # IDs that name no part come with the parts the commit names
            parts[0][1].extend(other)
        else:
            parts.append(("", other))
    return parts


_DIGIT_WORD = re.compile(r"\d")
_GENERIC_LEAD = {"support", "driver", "generic", "the", "a", "an", "for", "enable", "add"}


def _whole_word_hits(word: str, text: str) -> list[str]:
    """``word`` as ``text`` writes it, case aside, wherever no letter or digit
    touches it: ``re.finditer(r"(?<![A-Za-z0-9])WORD(?![A-Za-z0-9])", text, re.I)``
    without compiling a pattern per word (that cost 0.6 ms a device item)."""
    low, folded, n = word.lower(), text.lower(), len(word)
    if len(folded) != len(text):   # a letter whose lower case is longer: let re do it
        rx = re.compile(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", re.I)
        return [m.group(0) for m in rx.finditer(text)]
    hits = []
    i = folded.find(low)
    while i >= 0 and n:
        j = i + n
        if not (i and _ascii_alnum(text[i - 1])) and not (j < len(text) and _ascii_alnum(text[j])):
            hits.append(text[i:j])
            i = folded.find(low, j)
        else:
            i = folded.find(low, i + 1)
    return hits


def _ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _spelling(chip: str, texts: Iterable[str]) -> str:
    """How the texts write ``chip`` (upper case preferred); else its upper-case form."""
    found = [hit for t in texts if t for hit in _whole_word_hits(chip, t)]
    upper = [f for f in found if any(c.isupper() for c in f)]
    if upper:
        return upper[0]
    if not _DIGIT_WORD.search(chip):
        return found[0] if found else chip
    # "tegra234" where the texts only say "Tegra": the family as they write it
    family = _FAMILY.match(chip)
    if family and len(family.group(0)) >= 3:
        written = [f for t in texts if t for f in _whole_word_hits(family.group(0), t)
                   if any(c.isupper() for c in f) and not f.isupper()]
        if written:
            return written[0] + chip[len(written[0]):].upper()
    return chip.upper()


#: The letters a part number starts with: its family ("tegra" of "tegra234").
_FAMILY = re.compile(r"[A-Za-z]+(?=\d)")


def _without_family(noun: str, chip: str) -> str:
    """A driver's noun without the family its chip already names: "Tegra XUSB pad
    controller" for a Tegra234 -> "XUSB pad controller", "AXP series PMICs"
    for an AXP717 -> "PMICs", "i.MX remoteproc" for an i.MX8QXP -> "remoteproc"
    (as long as a noun is left)."""
    family = _FAMILY.match(chip.replace(".", ""))
    words = noun.split()
    if not family or len(words) < 2 or words[0].replace(".", "").lower() != family.group(0).lower():
        return noun
    rest = words[1:]
    if rest[0].lower() == "series" and len(rest) > 1:
        rest = rest[1:]
    return " ".join(rest)


#: Words with digits that are not part numbers: buses, versions, sizes, processes.
_NOT_PART = re.compile(
    r"(?:i2c|i3c|usb\d?(?:\.\d)?|usb\d?phy|pcie?\d?|v\d+(?:\.\d+)?|\d+(?:-?bits?|nm|mhz|ghz|khz|mbps|gbps|g|x\d+)|"
    r"802\.\d+\w*|[23]d|x86|arm64|ddr\d\w*|lpddr\d\w*|hdmi\d?(?:\.\d)?|dp\d?(?:\.\d)?|"
    r"gen\d|ipv[46]|10/100\S*)", re.I)


#: What a driver's prompt says after its hardware and that a device item, which
#: names its chip, does without: "xHCI support for Tegra SoCs", "Marvell 380
#: SoC audio for the Kirkwood and Dove chips", "SOF with CS42L42 codec in I2S Mode".
_FOR_PLATFORM = re.compile(
    r"\s+(?:(?:platform\s+)?(?:support|driver)\s+)?(?:for|on)\s+(?:the\s+|a\s+)?(?:[\w/&,.-]+\s+){0,4}?"
    r"(?:SoCs?|chips?|(?:SoC\s+)?platforms?|platform\s+devices?|boards?|systems?)$", re.I)
_IN_MODE = re.compile(r"\s+in\s+\S+\s+mode$", re.I)
_DRIVER_WORDS = re.compile(r"(?:\s+(?:common\s+)?(?:driver|support)(?:\s+part)?)+$", re.I)


def _device_noun(noun: str) -> str:
    """A driver prompt's noun, as the name of one more chip it drives (see :data:`_FOR_PLATFORM`)."""
    noun, platform = _FOR_PLATFORM.subn("", noun)
    noun = _DRIVER_WORDS.sub("", noun)
    # "Generic xHCI driver for a platform device": with the chip named, it is that chip's xHCI
    return re.sub(r"^generic\s+", "", noun, flags=re.I) if platform else noun


def _is_part_word(word: str) -> bool:
    w = word.strip("()[],;:.'\"")
    return bool(_DIGIT_WORD.search(w)) and not all(_NOT_PART.fullmatch(x) for x in re.split(r"[/-]", w) if x)


def device_name(entries: list[TableEntry], prompt: str, help: str, subject: str, symbol: str = "",
                vendor_of=lambda prefix: "", symbol_prompt=lambda: "") -> str:
    """Name a new device from its IDs, its driver's prompt/help and the commit subject.

    ``"bosch,bmp580"`` + ``"Bosch Sensortec BMP180/BMP280/BMP380/BMP580 pressure sensor driver"``
    -> ``"Bosch Sensortec BMP580 pressure sensor"``.  Numeric IDs (PCI, USB)
    name no part: the subject does, or the driver's prompt; where neither can,
    ``symbol_prompt()`` (the driver symbol's prompt where it is defined far from
    the driver, looked up only then), before the symbol itself.
    """
    from .naming import clean_prompt, hardware_name
    named = [e for e in entries if part_of(e)]
    driver = clean_prompt(prompt or "") or (hardware_name(None, help, "", "") if help else "")
    if not named:
        from_subject = hardware_name(None, "", subject, "")
        from_subject = re.sub(r"^(?:new\s+)?(?:(?:PCI|USB|HID|SDIO|ACPI|device|product)\s+)?"
                              r"(?:IDs?|VID/PID|PIDs?|VIDs?)\s+(?:for|of)\s+(?:the\s+)?", "", from_subject,
                              flags=re.I)
        if from_subject and from_subject.lower() != subject.lower():
            return from_subject
        if driver:
            return f"{driver} (new IDs)"
        # A subject nothing was cut from ("Linux 6.12", a squashed import) names
        # the commit, not the hardware: the driver's symbol does better.
        far = clean_prompt(symbol_prompt()) if symbol else ""
        if far:
            return f"{far} (new IDs)"
        return f"{symbol} (new IDs)" if symbol else from_subject
    # a compatible string says whose part it is; an I2C/SPI name does not
    e = next((x for x in named if x.kind == "of" and "," in x.label), named[0])
    part = part_of(e)
    prefix = _vendor_prefix(e)
    chip = _spelling(chip_of(part) or part, (subject, prompt, help))
    if prefix in ("fsl", "nxp") and re.fullmatch(r"IMX\d\w*", chip, re.I):
        chip = "i.MX" + chip[3:].upper()     # NXP's own spelling (Sony's IMX sensors keep theirs)
    words = _IN_MODE.sub("", driver).split()
    numbered = [i for i, w in enumerate(words) if _is_part_word(w)]
    first_part = numbered[0] if numbered else None
    vendor_words: list[str] = []
    noun_words: list[str] = []
    if first_part is not None:
        lead = words[:first_part]
        if 0 < len(lead) <= 3 and all(w[:1].isupper() for w in lead) and lead[0].lower() not in _GENERIC_LEAD:
            vendor_words = lead
        last_part = numbered[-1]
        noun_words = words[last_part + 1:]
    else:
        company = vendor_of(prefix) if prefix else ""
        n = 0
        cands = {prefix.lower(), *(w.lower() for w in company.split())} - {""}
        while n < len(words) and n < 3 and re.sub(r"'s$", "", words[n].lower().strip(",")) in cands:
            n += 1
        vendor_words = words[:n]
        noun_words = words[n:]
    vendor = " ".join(re.sub(r"'s$", "", w) for w in vendor_words)
    if not vendor and prefix:
        vendor = vendor_of(prefix) or (prefix.capitalize() if len(prefix) > 3 else prefix.upper())
    noun = _without_family(_device_noun(" ".join(noun_words)), chip)
    if not noun:
        subj = hardware_name(None, "", subject, "")
        if chip.lower() in subj.lower() and subj.lower() != subject.lower():
            return subj if not vendor or vendor.lower() in subj.lower() else f"{vendor} {subj}"
    name = " ".join(x for x in (vendor, chip, noun) if x)
    return name or driver or symbol
