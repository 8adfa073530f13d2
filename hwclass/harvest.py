"""Labelled examples from a kernel tree: every prompted driver symbol, with its text.

``harvest(source, rev=None, rules=None)`` reads a tree's Kconfig and
Makefile/Kbuild files from

* a folder (walked; only Kconfig*, Makefile, Kbuild and CMakeLists.txt files are read),
* a tarball (``.tar``, ``.tar.gz``, ``.tar.xz``, ``.tar.bz2``; streamed with
  :mod:`tarfile`, never extracted to disk; one leading folder is dropped), or
* a git repository at ``rev`` (one ``git ls-tree -r`` and one persistent
  ``git cat-file --batch`` through GitPython; no process per file),

and yields one record per prompted Kconfig symbol that is a driver - a
Makefile or Kbuild builds sources with ``obj-$(CONFIG_SYM)``, or the rules
call it a platform symbol::

    {"symbol": "APDS9960", "prompt": "Avago APDS9960 gesture/RGB/ALS/proximity sensor",
     "help": "...", "kconfig_path": "drivers/iio/light/Kconfig",
     "paths": ["drivers/iio/light/apds9960.c"], "kind": "iio", "source": "harvest"}

``kind`` is present only where a decisive rule decides; where only a
non-decisive rule names a kind (drivers/misc, mfd, phy, platform, staging
...), the record has ``kind_guess`` instead (a weak label, see
:mod:`hwclass.labelled`).  Symbols the rules
call never hardware (tests, debug options ...) are skipped.
:func:`write_harvest` writes the records as JSONL, atomically.  Harvest files
hold kernel help texts: they are the user's data, not the project's.
"""

from __future__ import annotations

import json
import os
import posixpath
import tarfile
from pathlib import Path
from typing import Iterator

from .buildfiles import is_build_file_path
from .errors import HwclassError, RepositoryError, RevisionError

__all__ = ["harvest", "write_harvest", "tree_files"]

_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2")


def _wanted(path: str) -> str | None:
    """'kconfig' or 'kbuild' (a build file: Makefile, Kbuild, CMakeLists.txt) for
    the files harvest reads, else None."""
    name = path.rsplit("/", 1)[-1]
    if name.startswith("Kconfig"):
        return "kconfig"
    if is_build_file_path(path) and name != "Makefile.am":   # Makefile.am: automake's, not harvested
        return "kbuild"
    return None


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


# -- reading the files ------------------------------------------------------

def _folder_files(root: Path) -> Iterator[tuple[str, str]]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel_dir = os.path.relpath(dirpath, root)
        for name in sorted(filenames):
            rel = name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/")
            if _wanted(rel):
                try:
                    with open(os.path.join(dirpath, name), "rb") as fh:
                        yield rel, _decode(fh.read())
                except OSError:
                    continue


def _tar_files(path: Path) -> Iterator[tuple[str, str]]:
    files: list[tuple[str, str]] = []
    try:
        with tarfile.open(path, mode="r|*") as tar:
            for m in tar:
                if not m.isfile() or not _wanted(m.name):
                    continue
                fh = tar.extractfile(m)
                if fh is None:
                    continue
                files.append((m.name.lstrip("./") if m.name.startswith("./") else m.name, _decode(fh.read())))
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise HwclassError(f"{path}: cannot read tarball: {exc}") from None
    # drop one leading folder shared by every file (linux-source-6.12/...)
    firsts = {p.split("/", 1)[0] for p, _ in files if "/" in p}
    if len(firsts) == 1 and all("/" in p for p, _ in files):
        cut = len(firsts.pop()) + 1
        files = [(p[cut:], t) for p, t in files]
    yield from files


def _git_files(source, rev: str) -> Iterator[tuple[str, str]]:
    import git
    from .scan import check_revision_args
    rev = check_revision_args([rev])[0]     # never an option to git ls-tree
    try:
        repo = git.Repo(source, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise RepositoryError(f"{source}: not a git repository") from None
    try:
        listing = repo.git.ls_tree("-r", "-z", "--full-tree", rev)
    except git.GitCommandError:
        raise RevisionError(f"{rev}: unknown revision in {repo.working_dir or repo.git_dir}") from None
    wanted: list[tuple[str, str]] = []
    for entry in listing.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and _wanted(path):
            wanted.append((path, parts[2]))
    if not wanted:
        return
    proc = repo.git.cat_file("--batch", as_process=True, istream=__import__("subprocess").PIPE)
    try:
        stdin, stdout = proc.proc.stdin, proc.proc.stdout
        for path, sha in wanted:
            stdin.write(sha.encode("ascii") + b"\n")
            stdin.flush()
            header = stdout.readline().split()
            if len(header) != 3:
                continue
            size = int(header[2])
            data = stdout.read(size)
            stdout.read(1)  # the newline after the object
            yield path, _decode(data)
    finally:
        try:
            proc.proc.stdin.close()
        except OSError:
            pass
        proc.proc.wait()


def tree_files(source, rev: str | None = None) -> Iterator[tuple[str, str]]:
    """(path, text) of every Kconfig*, Makefile, Kbuild and CMakeLists.txt file of the tree."""
    src = Path(source)
    if rev is not None:
        yield from _git_files(source, rev)
    elif src.is_dir():
        yield from _folder_files(src)
    elif src.is_file() and src.name.lower().endswith(_TAR_SUFFIXES):
        yield from _tar_files(src)
    elif src.exists():
        raise HwclassError(f"{source}: not a folder, a tarball (.tar, .tar.gz, .tar.xz) or a git repository")
    else:
        raise HwclassError(f"{source}: no such folder or file")


# -- symbols -> records ---------------------------------------------------------

def _sources(kbuild_file, makefile_path: str) -> dict[str, list[str]]:
    """symbol -> source files (paths from the tree root) of one Makefile."""
    base = posixpath.dirname(makefile_path)
    out: dict[str, list[str]] = {}
    objects = getattr(kbuild_file, "objects", None)
    if objects is None and isinstance(kbuild_file, dict):
        objects = kbuild_file
    for sym in (objects or {}):
        try:
            srcs = kbuild_file.sources_for(sym)
        except AttributeError:
            srcs = objects[sym]
        paths = []
        for o in srcs:
            o = str(o)
            if o.endswith(".o"):
                o = o[:-2] + ".c"
            elif not o.endswith("/") and "." not in o.rsplit("/", 1)[-1]:
                o = o + ".c"        # kbuild gives object stems
            if not o.startswith(base + "/") and base:
                o = posixpath.normpath(posixpath.join(base, o))
            paths.append(o.rstrip("/"))
        name = sym[7:] if sym.startswith("CONFIG_") else sym
        out.setdefault(name, []).extend(paths)
    return out


def harvest(source, rev: str | None = None, rules=None) -> Iterator[dict]:
    """Yield one record per prompted driver symbol of the tree (see the module docstring).

    A ``rev`` git could read as an option (``-x``), or an empty one, is refused
    here, before anything is read (:class:`~hwclass.errors.RevisionError`); so
    are unreadable ``rules``.
    """
    if rev is not None:
        from .scan import check_revision_args
        rev = check_revision_args([rev])[0]
    if rules is None or isinstance(rules, (str, os.PathLike)):
        from .rules import load_rules
        rules = load_rules(rules)
    return _harvest(source, rev, rules)


def _harvest(source, rev, rules) -> Iterator[dict]:
    from .buildfiles import parse_build_file
    from .kconfig import parse_kconfig
    symbols = []                         # (KconfigSymbol, kconfig_path)
    builds: dict[str, list[str]] = {}
    for path, text in tree_files(source, rev):
        if _wanted(path) == "kconfig":
            try:
                kf = parse_kconfig(text, path)
            except HwclassError:
                continue
            for s in kf.symbols:
                symbols.append(s)
        else:
            try:
                kb = parse_build_file(text, path)
            except HwclassError:
                continue
            for sym, paths in _sources(kb, path).items():
                builds.setdefault(sym, []).extend(paths)

    seen: set[str] = set()
    for s in symbols:
        name = s.name
        prompt = (getattr(s, "prompt", None) or "").strip()
        if not prompt or name in seen:
            continue
        kpath = getattr(s, "path", "") or ""
        paths = sorted(set(builds.get(name, ())))
        if not paths and not rules.is_platform_symbol(name):
            continue
        if rules.is_not_hardware(name, kpath):
            continue
        if not (rules.in_hardware_tree(kpath) or any(rules.in_hardware_tree(p) for p in paths)):
            continue
        seen.add(name)
        rec = {"symbol": name, "prompt": " ".join(prompt.split()),
               "help": (getattr(s, "help", None) or "").strip(),
               "kconfig_path": kpath, "paths": paths}
        m = rules.match(paths + ([kpath] if kpath else []), name)
        if m is not None and m.decisive:
            rec["kind"] = m.kind
        elif m is not None:
            rec["kind_guess"] = m.kind      # a non-decisive rule's kind: a weak label
        rec["source"] = "harvest"
        yield rec


def write_harvest(records, path) -> int:
    """Write records as JSONL, atomically; returns how many were written."""
    from .textmodel import write_atomically
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=False) for r in records]
    write_atomically(path, ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8"))
    return len(lines)
