"""Build files: the files that say which Kconfig symbol builds which sources.

One name for the readers of each kind of tree, so the detectors and harvest
need not know which tree they read:

* Makefile and Kbuild files (Linux, U-Boot) and coreboot's ``Makefile.mk``
  (``Makefile.inc`` before 2024): :mod:`hwclass.kbuild`;
* Zephyr's ``CMakeLists.txt``: :mod:`hwclass.cmake`.

Both readers give a :class:`~hwclass.kbuild.KbuildFile`.
"""

from __future__ import annotations

import posixpath

from .cmake import is_cmake_path, parse_cmake
from .kbuild import KbuildFile, parse_kbuild

__all__ = ["is_build_file_path", "parse_build_file"]

_MAKEFILES = ("Makefile", "Kbuild", "Makefile.am", "Makefile.mk", "Makefile.inc")


def is_build_file_path(path: str) -> bool:
    """A Makefile or Kbuild file, coreboot's Makefile.mk (Makefile.inc), or Zephyr's CMakeLists.txt."""
    if "Makefile" not in path and "Kbuild" not in path:
        return is_cmake_path(path)
    base = posixpath.basename(path)
    return base in _MAKEFILES or base.startswith("Kbuild.")


def parse_build_file(text: str | bytes, path: str) -> KbuildFile:
    """What a build file builds, read by its name; never raises for odd content."""
    if is_cmake_path(path):
        return parse_cmake(text, path)
    return parse_kbuild(text, path)
