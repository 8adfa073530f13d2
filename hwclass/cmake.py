"""CMakeLists.txt reader (Zephyr): which Kconfig symbol builds which sources.

Zephyr builds its drivers with CMake, not Kbuild; the link between a Kconfig
symbol and its sources is written as::

    zephyr_library_sources_ifdef(CONFIG_GPIO_NRFX gpio_nrfx.c)   # GPIO_NRFX builds gpio_nrfx.c
    add_subdirectory_ifdef(CONFIG_BME280 bme280)                 # ... or a whole folder
    add_subdirectory_if_kconfig(bmp581)                          # CONFIG_BMP581 builds bmp581/
    if(CONFIG_SOC_NRF52840)                                      # every source of the block
      zephyr_sources(soc.c power.c)
    endif()

:func:`parse_cmake` gives the same :class:`~hwclass.kbuild.KbuildFile` as
:func:`~hwclass.kbuild.parse_kbuild` gives for a Makefile, so the detectors
read both alike: sources are recorded as the objects Kbuild would name
(``gpio_nrfx.c`` -> ``gpio_nrfx.o``), folders as ``bme280/``.

Like the Makefile reader, it reads line by line and never raises: commands it
does not know are skipped, words that use variables are skipped (except
``${CMAKE_CURRENT_SOURCE_DIR}/`` and ``${CMAKE_CURRENT_LIST_DIR}/``, the
folder itself), ``if(NOT CONFIG_X)`` and ``else()`` blocks build nothing
known, and an unclosed command ends the file.
"""

from __future__ import annotations

import posixpath
import re

from .kbuild import KbuildFile, start_build_file

__all__ = ["is_cmake_path", "parse_cmake"]

#: The next comment, or the next command call not inside a longer word.
_COMMENT_OR_COMMAND = re.compile(r"#|(?<!\w)([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(")
_CONFIG = re.compile(r"^CONFIG_([A-Za-z0-9_]+)$", re.ASCII)
_ARG = re.compile(r'"((?:[^"\\]|\\.)*)"|([^\s"]+)')
_SOURCE_SUFFIXES = (".c", ".S", ".s", ".cpp", ".cc", ".cxx", ".rs")
_HERE = ("${CMAKE_CURRENT_SOURCE_DIR}/", "${CMAKE_CURRENT_LIST_DIR}/")
#: Keywords of ``target_sources`` and ``zephyr_library_sources`` argument lists, not files.
_KEYWORDS = frozenset(("PRIVATE", "PUBLIC", "INTERFACE"))


def is_cmake_path(path: str) -> bool:
    return path.endswith("CMakeLists.txt") and posixpath.basename(path) == "CMakeLists.txt"


def _commands(text: str):
    """(lowercased name, argument words) of each command call, in order; comments dropped."""
    i, n = 0, len(text)
    while True:
        m = _COMMENT_OR_COMMAND.search(text, i)
        if m is None:
            return
        i = m.start()
        if m.group(1) is None:               # a comment (``#[[ ... ]]`` bracket comments too)
            if text.startswith("#[[", i):
                end = text.find("]]", i + 3)
                i = n if end < 0 else end + 2
            else:
                end = text.find("\n", i)
                i = n if end < 0 else end + 1
            continue
        depth, j, quoted = 1, m.end(), False
        while j < n and depth:
            ch = text[j]
            if quoted:
                if ch == "\\":
                    j += 1
                elif ch == '"':
                    quoted = False
            elif ch == '"':
                quoted = True
            elif ch == "#":
                end = text.find("\n", j)
                j = n if end < 0 else end
                continue
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            j += 1
        if depth:
            return                           # unclosed: the rest of the file is not read
        inner = text[m.end():j - 1]
        yield m.group(1).lower(), [bare or quoted for quoted, bare in _ARG.findall(inner)]
        i = j


def _condition(args: list[str]) -> list[str] | None:
    """The symbols an ``if()``/``elseif()`` tests for being set; None when the
    test is anything else (a negation, a comparison, a variable)."""
    syms = []
    for a in args:
        m = _CONFIG.match(a)
        if m:
            syms.append(m.group(1))
        elif a in ("AND", "OR", "DEFINED"):
            continue
        else:
            return None
    return syms or None


def _relative(word: str) -> str:
    """A word with the folder's own ``${CMAKE_CURRENT_SOURCE_DIR}/`` taken off."""
    for here in _HERE:
        if word.startswith(here):
            return word[len(here):]
    return word


def _file_words(words: list[str]) -> list[str]:
    """Source files named by ``words``, as the ``.o`` objects Kbuild would name."""
    out = []
    for w in map(_relative, words):
        if w and "$" not in w and w not in _KEYWORDS and not w.startswith("/") and w.endswith(_SOURCE_SUFFIXES):
            out.append(w.rsplit(".", 1)[0] + ".o")
    return out


def _folder_words(words: list[str]) -> list[str]:
    """Folders named by ``words``, as ``dir/``."""
    out = []
    for w in map(_relative, words):
        w = w.strip("/")
        if w and "$" not in w and w not in (".", ".."):
            out.append(w + "/")
    return out


def parse_cmake(text: str | bytes, path: str = "") -> KbuildFile:
    """Read a CMakeLists.txt (str or bytes); never raises for odd content."""
    result, decoded = start_build_file(text, path, "a CMakeLists.txt")
    if decoded is None:
        return result
    objects: dict[str, dict[str, None]] = {}
    # One entry per open if(): the symbols its current branch tests, or None.
    stack: list[list[str] | None] = []

    def built_by(syms, words):
        for sym in syms:
            objects.setdefault(sym, {}).update(dict.fromkeys(words))

    for name, args in _commands(decoded):
        if name == "if":
            stack.append(_condition(args))
        elif name == "elseif":
            if stack:
                stack[-1] = _condition(args)
        elif name == "else":
            if stack:
                stack[-1] = None
        elif name == "endif":
            if stack:
                stack.pop()
        elif name.endswith("_ifdef") and args:
            m = _CONFIG.match(args[0])
            if m is None or "linker" in name:
                continue
            if name.startswith("add_subdirectory"):
                built_by([m.group(1)], _folder_words(args[1:2]))
            elif name.endswith("sources_ifdef"):
                built_by([m.group(1)], _file_words(args[1:]))
        elif name == "add_subdirectory_if_kconfig" and args:
            folder = _folder_words(args[:1])
            if folder:
                built_by([folder[0].rstrip("/").upper()], folder)   # Zephyr's macro: CONFIG_<DIR>
        elif stack and stack[-1]:
            if name == "add_subdirectory":
                built_by(stack[-1], _folder_words(args[:1]))
            elif name.endswith("_sources") and "linker" not in name:
                built_by(stack[-1], _file_words(args[1:] if name == "target_sources" else args))
    result.objects = {k: list(v) for k, v in objects.items() if v}
    return result
