"""A tolerant, line-by-line Kconfig parser (in the spirit of LKDDb).

:func:`parse_kconfig` reads one Kconfig file -- or any piece of one: a single
entry cut out of a larger file, text that starts in the middle of a help
block, a blob that is not Kconfig at all -- and returns the symbols it
defines, the files it sources and warnings for anything odd.  It never
raises for odd content; it does not evaluate expressions, expand macros or
follow ``source`` lines.

What it understands: ``config``/``menuconfig`` entries with their types
(``bool``, ``tristate``, ``string``, ``int``, ``hex``, ``def_bool``,
``def_tristate``), prompts (on the type line or a ``prompt`` line, single or
double quoted, with escapes and an optional ``if`` condition), ``help`` and
``---help---`` texts (ended, as ``scripts/kconfig`` ends them, by the first
non-empty line indented less than the first help line; a tab advances to the
next multiple of 8), ``depends on``, ``select``, ``imply``, ``default``;
``range``, ``visible if``, ``option``, ``modules``, ``transitional`` and
``optional`` are read and ignored.  ``if``/``endif``, ``menu``/``endmenu``
(with their ``depends on``) and ``choice``/``endchoice`` are tracked, and
their conditions are appended to the ``depends`` of the entries inside them.
Lines may end with a backslash continuation, use CRLF line endings and mix
tabs and spaces.  Macro assignments (``cc-option = ...``) are skipped.

:func:`render_kconfig` writes symbols back as well-formed Kconfig text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from .errors import KconfigError

__all__ = ["KconfigSymbol", "KconfigFile", "parse_kconfig", "render_kconfig", "MAX_WARNINGS"]

#: At most this many warnings are kept per file; one more line says how many were dropped.
MAX_WARNINGS = 50

_TYPES = frozenset(("bool", "tristate", "string", "int", "hex"))
_DEF_TYPES = {"def_bool": "bool", "def_tristate": "tristate"}
_SOURCES = frozenset(("source", "rsource", "osource", "orsource"))
#: Attributes read and ignored.
_IGNORED = frozenset(("range", "visible", "option", "modules", "transitional", "optional", "env",
                      "allnoconfig_y", "defconfig_list"))
_BLOCKS = frozenset(("config", "menuconfig", "choice", "endchoice", "menu", "endmenu", "if", "endif",
                     "comment", "mainmenu")) | _SOURCES
_KEYWORDS = (_BLOCKS | _TYPES | _IGNORED | frozenset(_DEF_TYPES)
             | frozenset(("prompt", "default", "depends", "select", "imply", "help", "---help---")))

_NAME = re.compile(r"[A-Za-z0-9_]+\Z", re.ASCII)
_DQ = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')
_SQ = re.compile(r"'([^'\\]*(?:\\.[^'\\]*)*)'")
_UNESCAPE = re.compile(r"\\(.)")
#: The longest prefix of a line that has no '#' outside quotes.
_CODE = re.compile(r"""[^#"']*(?:(?:"[^"\\]*(?:\\.[^"\\]*)*"|'[^'\\]*(?:\\.[^'\\]*)*')[^#"']*)*""")
#: ``name := value``, ``name = value``, ``name += value``: a Kconfig macro assignment.
_ASSIGN = re.compile(r"[^\s\"'#=:+]+[ \t]*(?::=|\+=|=)")
_IF_SUFFIX = re.compile(r"[ \t]+if(?:[ \t(!]|\Z)")


@dataclass(slots=True)
class KconfigSymbol:
    """One ``config``/``menuconfig`` entry.

    ``type`` is ``bool``, ``tristate``, ``string``, ``int``, ``hex`` (``def_bool``
    and ``def_tristate`` give ``bool``/``tristate``) or None.  ``prompt`` is None for
    a hidden symbol.  ``depends`` holds each ``depends on`` expression as written,
    then the conditions of the enclosing ``if``/``menu``/``choice`` blocks
    (outermost first).  ``selects``/``imply`` hold symbol names (``if`` conditions
    dropped); ``defaults`` hold each ``default``/``def_*`` value as written, with
    its ``if`` condition.  ``line``/``end_line`` are 1-based.
    """

    name: str
    type: str | None = None
    prompt: str | None = None
    help: str = ""
    depends: list[str] = field(default_factory=list)
    selects: list[str] = field(default_factory=list)
    imply: list[str] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)
    line: int = 0
    end_line: int = 0
    menuconfig: bool = False
    path: str = ""


@dataclass(slots=True)
class KconfigFile:
    """What one Kconfig file (or a piece of one) defines."""

    path: str
    symbols: list[KconfigSymbol] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def prompted(self) -> list[KconfigSymbol]:
        """The symbols a user can set (those with a prompt)."""
        return [s for s in self.symbols if s.prompt]


def _columns(prefix: str) -> int:
    """Width of leading whitespace, a tab advancing to the next multiple of 8."""
    col = 0
    for ch in prefix:
        col = (col & ~7) + 8 if ch == "\t" else col + 1
    return col


def _dedent(prefix: str, width: int) -> str:
    """What is left of ``prefix`` once ``width`` columns are removed from it."""
    col = 0
    for i, ch in enumerate(prefix):
        col = (col & ~7) + 8 if ch == "\t" else col + 1
        if col >= width:
            return " " * (col - width) + prefix[i + 1:]
    return ""


def _strip_comment(s: str) -> str:
    """``s`` without a trailing ``# comment`` (a '#' inside quotes is kept)."""
    m = _CODE.match(s)
    end = m.end()
    if end < len(s) and s[end] == "#":
        return s[:end].rstrip()
    return s


def _string(rest: str) -> tuple[str, str, bool]:
    """Parse a quoted string at the start of ``rest``: (value, what follows, terminated)."""
    m = (_DQ if rest[0] == '"' else _SQ).match(rest)
    if m is None:
        value, tail, ok = rest[1:], "", False
    else:
        value, tail, ok = m.group(1), rest[m.end():].strip(), True
    if "\\" in value:
        value = _UNESCAPE.sub(r"\1", value)
    return value, tail, ok


def join_continued(lines: list[str], i: int, line: str) -> tuple[str, int]:
    """``line`` (ending in a backslash) joined with the lines that continue it,
    from ``lines[i]`` on; returns the joined line and the index after it.
    Make and Kconfig continue lines alike."""
    pieces = [line[:-1]]
    n = len(lines)
    while i < n:
        nxt = lines[i]
        i += 1
        if nxt.endswith("\\") and i < n:
            pieces.append(nxt[:-1])
        else:
            pieces.append(nxt)
            break
    return " ".join(pieces), i


def parse_kconfig(text: str | bytes, path: str = "", *, first_line: int = 1,
                  strict: bool = False) -> KconfigFile:
    """Parse Kconfig text (str or bytes; bytes that are not UTF-8 are replaced).

    Never raises for odd content: anything it cannot make sense of becomes a
    ``"path:line: what"`` warning.  Only an argument that is neither text nor
    bytes raises :class:`~hwclass.errors.KconfigError`.

    ``first_line`` is the line of the file the text starts at (for a piece cut
    out of a file): line numbers of symbols and warnings count from it.
    ``if``/``menu``/``choice`` blocks that a text leaves open or closes without
    opening are normal in a piece of a file; only with ``strict`` do they warn.
    """
    where = path or "<kconfig>"
    off = first_line - 1 if isinstance(first_line, int) and first_line > 0 else 0
    result = KconfigFile(path)
    warnings = result.warnings
    dropped = 0

    def warn(lineno: int, what: str) -> None:
        nonlocal dropped
        if len(warnings) < MAX_WARNINGS:
            warnings.append(f"{where}:{lineno + off}: {what}")
        else:
            dropped += 1

    if isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
        if b"\0" in data:
            warnings.append(f"{where}:{1 + off}: binary content (NUL bytes), not read as Kconfig")
            return result
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            text = data.decode("utf-8", "replace")
            warn(data.count(b"\n", 0, e.start) + 1, "bytes that are not UTF-8, replaced")
    elif isinstance(text, str):
        if "\0" in text:
            warnings.append(f"{where}:{1 + off}: binary content (NUL characters), not read as Kconfig")
            return result
    else:
        raise KconfigError(f"{where}: Kconfig text must be str or bytes, not {type(text).__name__}")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n")

    lines = text.split("\n")
    n = len(lines)
    symbols = result.symbols
    sources = result.sources

    # The entity attributes go to: "config" (sym is set), "menu", "choice", "comment", or None.
    ent: str | None = None
    sym: KconfigSymbol | None = None
    own_depends: list[str] = []
    outer: tuple[str, ...] = ()          # conditions of the enclosing blocks, at the entry's start
    last = 0                             # last line that belonged to the current entity
    stack: list[list] = []               # [kind, conditions, line]
    inherited: tuple[str, ...] = ()      # flattened conditions of ``stack``
    help_on = False
    help_indent = -1
    help_buf: list[str] = []
    orphan = False                       # help text before any entry (a fragment)
    seen = False                         # any Kconfig line seen yet

    def flatten() -> tuple[str, ...]:
        return tuple(c for frame in stack for c in frame[1])

    def finish() -> None:
        nonlocal sym, ent
        if sym is not None:
            sym.end_line = max(last + off, sym.line)
            sym.depends = own_depends + list(outer)
            symbols.append(sym)
        sym = None
        ent = None

    def end_help() -> None:
        nonlocal help_on, orphan
        help_on = False
        if orphan:
            orphan = False
            return
        if sym is not None:
            body = "\n".join(help_buf).strip()
            if body:
                sym.help = body

    i = 0
    while i < n:
        raw = lines[i]
        i += 1
        lineno = i
        if help_on:
            s = raw.lstrip(" \t")
            if not s or s.isspace():
                if help_indent >= 0:
                    help_buf.append("")
                continue
            plen = len(raw) - len(s)
            if plen:
                prefix = raw[:plen]
                ind = _columns(prefix) if "\t" in prefix else plen
                if help_indent < 0:
                    help_indent = ind
                    help_buf.append(s.rstrip())
                    last = lineno
                    continue
                if ind >= help_indent:
                    help_buf.append((_dedent(prefix, help_indent) if ind > help_indent else "") + s.rstrip())
                    last = lineno
                    continue
                if orphan and s.split(None, 1)[0] not in _KEYWORDS:
                    continue
            end_help()
        if raw.endswith("\\") and i < n:
            raw, i = join_continued(lines, i, raw)
        s = raw.strip()
        if not s or s[0] == "#":
            continue
        if "#" in s:
            s = _strip_comment(s)
            if not s:
                continue
        parts = s.split(None, 1)
        kw = parts[0]
        rest = parts[1] if len(parts) > 1 else ""
        if kw not in _KEYWORDS:
            q = min((p for p in (kw.find('"'), kw.find("'")) if p > 0), default=-1)
            if q > 0 and kw[:q] in _KEYWORDS:
                rest = s[q:]
                kw = kw[:q]

        if kw == "depends":
            seen = True
            if rest.startswith("on") and (len(rest) == 2 or rest[2] in " \t("):
                expr = rest[2:].strip()
                if not expr:
                    warn(lineno, "'depends on' without an expression")
                elif ent == "config":
                    own_depends.append(expr)
                elif ent in ("menu", "choice") and stack:
                    stack[-1][1].append(expr)
                    inherited = flatten()
                elif ent is None:
                    warn(lineno, "'depends on' outside an entry")
            else:
                warn(lineno, f"expected 'depends on', found {s[:60]!r}")
            last = i
        elif kw in _TYPES or kw == "prompt":
            seen = True
            if kw != "prompt" and sym is not None:
                if sym.type is None:
                    sym.type = kw
                elif sym.type != kw:
                    warn(lineno, f"{sym.name} changes type from {sym.type} to {kw}")
                    sym.type = kw
            if rest:
                if rest[0] in "\"'":
                    value, _tail, ok = _string(rest)
                    if not ok:
                        warn(lineno, "unterminated quoted string; the rest of the line is taken")
                else:
                    # An unquoted prompt is not Kconfig; take it up to an ``if``.
                    m = _IF_SUFFIX.search(" " + rest)
                    if m is not None and m.start() == 0:
                        value = ""
                    else:
                        value = rest[:m.start() - 1] if m else rest
                        warn(lineno, f"unquoted prompt {value[:60]!r}")
                if sym is not None and value.strip():
                    sym.prompt = value
            elif kw == "prompt":
                warn(lineno, "'prompt' without a string")
            last = i
        elif kw == "select" or kw == "imply":
            seen = True
            target = rest.split(None, 1)[0] if rest else ""
            if not target:
                warn(lineno, f"'{kw}' without a symbol")
            elif sym is not None:
                (sym.selects if kw == "select" else sym.imply).append(target)
            last = i
        elif kw == "default" or kw in _DEF_TYPES:
            seen = True
            if kw != "default" and sym is not None:
                t = _DEF_TYPES[kw]
                if sym.type is not None and sym.type != t:
                    warn(lineno, f"{sym.name} changes type from {sym.type} to {t}")
                sym.type = t
            if not rest:
                warn(lineno, f"'{kw}' without a value")
            elif sym is not None:
                sym.defaults.append(rest)
            last = i
        elif kw == "help" or kw == "---help---":
            seen = True
            help_on = True
            help_indent = -1
            help_buf = []
            last = i
            if ent is None:
                warn(lineno, "help text outside an entry")
        elif kw == "config" or kw == "menuconfig":
            seen = True
            finish()
            name = rest.split(None, 1)[0] if rest else ""
            if _NAME.match(name):
                sym = KconfigSymbol(name, line=lineno + off, menuconfig=kw == "menuconfig", path=path)
                ent = "config"
                own_depends = []
                outer = inherited
            else:
                warn(lineno, f"'{kw}' without a valid symbol name: {s[:60]!r}")
                ent = "bad"
            last = i
        elif kw in _IGNORED:
            seen = True
            last = i
        elif kw in _BLOCKS:
            seen = True
            finish()
            if kw == "if":
                if not rest:
                    warn(lineno, "'if' without a condition")
                stack.append(["if", [rest] if rest else [], lineno])
                inherited = flatten()
            elif kw == "menu" or kw == "choice":
                stack.append([kw, [], lineno])
                ent = kw
            elif kw in ("endif", "endmenu", "endchoice"):
                want = kw[3:]
                if stack and stack[-1][0] == want:
                    stack.pop()
                    inherited = flatten()
                else:
                    if strict:
                        opened = stack[-1][0] if stack else None
                        warn(lineno, f"'{kw}' without a matching '{want}'"
                             + (f" (an open '{opened}')" if opened else ""))
                    for k in range(len(stack) - 1, -1, -1):
                        if stack[k][0] == want:
                            del stack[k:]
                            inherited = flatten()
                            break
            elif kw == "comment":
                ent = "comment"
            elif kw in _SOURCES:
                if not rest:
                    warn(lineno, f"'{kw}' without a file")
                elif rest[0] in "\"'":
                    value, _tail, ok = _string(rest)
                    if not ok:
                        warn(lineno, "unterminated quoted string; the rest of the line is taken")
                    sources.append(value)
                else:
                    sources.append(rest.split(None, 1)[0])
            # mainmenu: nothing to keep
        elif kw.startswith("$(") or _ASSIGN.match(s):
            seen = True   # a macro assignment or call (scripts/Kconfig.include)
        elif not seen and raw[:1] in (" ", "\t"):
            # A fragment that starts inside a help text: skip to where it ends.
            seen = True
            warn(lineno, "text before the first entry, read as the end of a help text and skipped")
            help_on = True
            orphan = True
            ent = "orphan"     # what follows the help text belongs to an entry cut off above
            help_indent = _columns(raw[:len(raw) - len(raw.lstrip(" \t"))])
            help_buf = []
        else:
            seen = True
            warn(lineno, f"unrecognised line {s[:60]!r}")

    if help_on:
        end_help()
    finish()
    if stack and strict:
        warn(n if lines[-1] or n == 1 else n - 1, "unclosed " + ", ".join(f"'{k}' (line {ln + off})" for k, _c, ln in stack))
    if dropped:
        warnings.append(f"{where}: {dropped} more warnings not shown")
    return result


def _quote(s: str) -> str:
    s = " ".join(s.splitlines()) if ("\n" in s or "\r" in s) else s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _one_line(s: str) -> str:
    return " ".join(str(s).split())


def render_kconfig(symbols: Iterable[KconfigSymbol]) -> str:
    """Well-formed Kconfig text for ``symbols``.

    ``parse_kconfig(render_kconfig(syms))`` gives back each symbol's name,
    type, prompt, help, depends, selects, imply and defaults (help as the
    parser normalises it: trailing spaces dropped, stripped).  Raises
    :class:`~hwclass.errors.KconfigError` for a name Kconfig cannot spell.
    """
    out: list[str] = []
    for s in symbols:
        if not _NAME.match(s.name or ""):
            raise KconfigError(f"cannot write Kconfig symbol name {s.name!r}")
        out.append(("menuconfig " if s.menuconfig else "config ") + s.name)
        prompt = s.prompt if s.prompt and s.prompt.strip() else None
        if s.type in _TYPES:
            out.append(f"\t{s.type} {_quote(prompt)}" if prompt else f"\t{s.type}")
        elif prompt:
            out.append(f"\tprompt {_quote(prompt)}")
        for d in s.depends:
            if _one_line(d):
                out.append("\tdepends on " + _one_line(d))
        for d in s.selects:
            out.append("\tselect " + _one_line(d))
        for d in s.imply:
            out.append("\timply " + _one_line(d))
        for d in s.defaults:
            if _one_line(d):
                out.append("\tdefault " + _one_line(d))
        body = (s.help or "").strip()
        if body:
            out.append("\thelp")
            for line in body.splitlines():
                line = line.rstrip()
                out.append("\t  " + line if line else "")
        out.append("")
    return "\n".join(out)
