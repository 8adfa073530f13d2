"""Write items as a terminal table, LWN-style Markdown, JSON, JSONL, CSV or YAML.

Every function here returns text; :func:`write_atomically` puts text in a
file without ever leaving a half-written one behind.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import tempfile
from typing import Iterable

from .errors import HwclassError
from .item import RECORD_KEYS, HardwareItem
from .naming import join_items, plural
from .taxonomy import UNCLASSIFIED, Taxonomy

FORMATS = ("table", "markdown", "json", "jsonl", "csv", "yaml")
REVIEW_MARK = "(needs review)"


def records(items: Iterable[HardwareItem]) -> list[dict]:
    return [it.record() for it in items]


def group_by_category(items: list[HardwareItem], taxonomy: Taxonomy,
                      sections: bool = False) -> list[tuple[str, list[HardwareItem]]]:
    """Items grouped under the taxonomy's categories in its order; others after, Unclassified last.

    With ``sections``, grouped as a published list is: a category the
    taxonomy deems too small for a section of its own joins its
    ``small_sections`` target (:meth:`Taxonomy.sections`).
    """
    categories = taxonomy.categories
    shown = [it.category or UNCLASSIFIED for it in items]
    if sections:
        shown = taxonomy.sections(shown)
    groups: dict[str, list[HardwareItem]] = {}
    for it, category in zip(items, shown):
        groups.setdefault(category, []).append(it)
    order = [c for c in categories if c in groups]
    order += sorted(c for c in groups if c not in categories and c != UNCLASSIFIED)
    if UNCLASSIFIED in groups:
        order.append(UNCLASSIFIED)
    return [(c, groups[c]) for c in order]


def to_markdown(items: list[HardwareItem], taxonomy: Taxonomy) -> str:
    """LWN's form: one bullet per section, plural names, Oxford comma.

    Sections are the taxonomy's categories, those too small for a section of
    their own folded as its ``small_sections`` says (a lone item under
    Miscellaneous, for ``lwn``).
    """
    if not items:
        return "No new hardware support found.\n"
    lines = ["New hardware support includes:", ""]
    for category, group in group_by_category(items, taxonomy, sections=True):
        names = []
        seen = set()
        for it in group:
            name = plural(it.hardware)
            if it.review:
                name = f"{name} {REVIEW_MARK}"
            if name.lower() in seen:
                continue
            seen.add(name.lower())
            names.append(name)
        lines.append(f"- **{category}**: {join_items(names)}.")
    return "\n".join(lines) + "\n"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def to_table(items: list[HardwareItem], taxonomy: Taxonomy, width: int = 120) -> str:
    """Grouped by category (each its own, however small); one line per item: name, kind,
    confidence, what decided, commit."""
    if not items:
        return "No new hardware found in this range.\n"
    out = []
    name_w = max(24, min(60, width - 60))
    for category, group in group_by_category(items, taxonomy):
        out.append(f"{category} ({len(group)})")
        for it in group:
            flag = "?" if it.review else " "
            sym = ",".join(it.symbols) if it.symbols else it.type
            out.append(
                f" {flag} {_shorten(it.hardware, name_w):<{name_w}}  {(it.kind or '-'):<12} "
                f"{it.confidence:4.2f}  {_shorten(it.decided_by, 28):<28} {it.commit[:12]}  {sym}")
        out.append("")
    n_review = sum(1 for it in items if it.review)
    out.append(f"{len(items)} item(s)" + (f", {n_review} flagged for review (?)" if n_review else ""))
    return "\n".join(out) + "\n"


def to_json(items: list[HardwareItem]) -> str:
    return json.dumps(records(items), indent=2, ensure_ascii=False) + "\n"


def to_jsonl(items: list[HardwareItem]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(items))


def to_csv(items: list[HardwareItem]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(RECORD_KEYS), lineterminator="\n")
    w.writeheader()
    for r in records(items):
        r = dict(r)
        for key in ("symbols", "paths", "review"):
            r[key] = ";".join(r[key])
        w.writerow(r)
    return buf.getvalue()


def to_yaml(items: list[HardwareItem]) -> str:
    import yaml
    header = ("# hwclass classify output. Correct `category` (or `kind`) by hand and pass this\n"
              "# file to `hwclass train` or `hwclass check --expect` (see README).\n")
    return header + yaml.safe_dump(records(items), sort_keys=False, allow_unicode=True, width=1000)


def render(items: list[HardwareItem], fmt: str, taxonomy: Taxonomy) -> str:
    if fmt == "table":
        return to_table(items, taxonomy)
    if fmt == "markdown":
        return to_markdown(items, taxonomy)
    if fmt == "json":
        return to_json(items)
    if fmt == "jsonl":
        return to_jsonl(items)
    if fmt == "csv":
        return to_csv(items)
    if fmt == "yaml":
        return to_yaml(items)
    raise HwclassError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _target(path: str) -> str:
    """The file a write to ``path`` lands in: a symlink is followed (and kept)."""
    return os.path.realpath(path) if os.path.islink(path) else path


def _is_special(path: str) -> bool:
    """An existing path that is not a regular file: /dev/null, a FIFO, /dev/stdout..."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode) and not stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def check_writable(path: str | os.PathLike) -> str:
    """Refuse, before any work is done, an output path that cannot be written."""
    path = os.fspath(path)
    if not path:
        raise HwclassError("empty output file name")
    if os.path.isdir(path):
        raise HwclassError(f"{path}: is a folder, not a file")
    if _is_special(path):
        if not os.access(path, os.W_OK):
            raise HwclassError(f"{path}: not writable")
        return path
    target = _target(path)
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise HwclassError(f"{path}: folder {folder} does not exist")
    if os.path.exists(target):
        mode = os.stat(target).st_mode
        if not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(target, os.W_OK):
            raise HwclassError(f"{path}: file is read-only; not overwritten")
    if not os.access(folder, os.W_OK):
        raise HwclassError(f"{path}: folder {folder} is not writable")
    return path


def write_atomically(path: str | os.PathLike, data: str | bytes) -> None:
    """Write the whole of ``data`` to a temporary file beside ``path``, then rename it over.

    An existing file is replaced only once the new content is complete; on
    any failure it is left as it was and the temporary file removed.  A
    symlink is followed and kept (its target is replaced); a path that is
    not a regular file (``/dev/null``, a FIFO, ``/dev/stdout``) is written
    to directly, never replaced.
    """
    path = check_writable(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if _is_special(path):
        try:
            with open(path, "wb") as fh:
                fh.write(raw)
        except OSError as exc:
            raise HwclassError(f"{path}: cannot write: {exc.strerror or exc}") from None
        return
    target = _target(path)
    folder = os.path.dirname(os.path.abspath(target))
    mode = os.stat(target).st_mode & 0o777 if os.path.exists(target) else None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".hwclass-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise HwclassError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise HwclassError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise
