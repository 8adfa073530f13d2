"""Read a user's YAML file safely and say *where* it is wrong.

The file is composed (``yaml.SafeLoader``: plain data only, never Python
objects), so every node keeps its position and an error can name the line::

    doc = YamlFile("rules.yaml", what="rules file")
    for key, node in doc.mapping(doc.root, "rules file"):
        if key not in ("rules", "extends"):
            raise doc.fail_key(node, f"unknown key {key!r}")
        value = doc.value(node)          # the plain Python value of the node

``load_yaml(path)`` is the one-call form when only the value is needed.
Every problem is a :class:`~hwclass.errors.FileFormatError` (path, reason,
1-based line) or, for a missing/unreadable file, a
:class:`~hwclass.errors.HwclassError`; messages are one line.
"""

from __future__ import annotations

import os
from typing import Any

import yaml

from .errors import FileFormatError, HwclassError

__all__ = ["YamlFile", "load_yaml", "line_of", "kind_of", "read_text"]


def line_of(node) -> int | None:
    """1-based line where ``node`` starts, or None."""
    mark = getattr(node, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def kind_of(node) -> str:
    """What a node is, in words a user understands ("a list", "text", ...)."""
    if node is None:
        return "nothing"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":null"):
            return "empty"
        if node.tag.endswith((":int", ":float")):
            return "a number"
        if node.tag.endswith(":bool"):
            return "true/false"
        return "text"
    return "an unknown node"


def read_text(path: str | os.PathLike, what: str = "file") -> str:
    """The UTF-8 text of ``path`` (a BOM is dropped); one-line errors otherwise."""
    p = os.fspath(path)
    try:
        with open(p, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise HwclassError(f"{p}: no such {what}") from None
    except IsADirectoryError:
        raise HwclassError(f"{p}: is a folder, not a {what}") from None
    except OSError as exc:
        raise HwclassError(f"{p}: cannot read {what}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(p, "not UTF-8 text", raw[: exc.start].count(b"\n") + 1) from None


#: libyaml's parser when PyYAML was built with it (10x faster on the shipped
#: rules and tables); the same safe constructors either way.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlFile:
    """One YAML document, composed with node positions.

    ``root`` is the top node (None for an empty file).  ``text`` may be given
    instead of reading ``path`` (``path`` then only names the source).
    """

    def __init__(self, path: str | os.PathLike, what: str = "file", text: str | None = None):
        self.path = os.fspath(path)
        self.what = what
        self._key_nodes: dict[int, Any] = {}
        if text is None:
            text = read_text(self.path, what)
        try:
            self._loader = _LOADER(text)
        except yaml.YAMLError as exc:   # a character YAML does not allow (control characters...)
            mark = getattr(exc, "position", None)
            line = text[:mark].count("\n") + 1 if isinstance(mark, int) else None
            reason = " ".join(str(getattr(exc, "reason", "") or "unacceptable character").split())
            char = getattr(exc, "character", None)
            if isinstance(char, int):
                reason += f" (character #x{char:02x})"
            raise FileFormatError(self.path, f"invalid YAML: {reason}", line) from None
        try:
            self.root = self._loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            if mark is not None and mark.index >= len(text.rstrip()):
                # "got <stream end>": where the unclosed thing began helps more, else the last line.
                ctx = exc.context_mark
                line = ctx.line + 1 if ctx is not None and ctx.index < len(text.rstrip()) \
                    else text.rstrip().count("\n") + 1
            reason = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
            raise FileFormatError(self.path, f"invalid YAML: {reason}", line) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "position", None)   # libyaml's reader: a character YAML does not allow
            if isinstance(mark, int):
                reason = " ".join(str(getattr(exc, "reason", "") or "unacceptable character").split())
                char = getattr(exc, "character", None)
                if isinstance(char, int):
                    reason += f" (character #x{char:02x})"
                raise FileFormatError(self.path, f"invalid YAML: {reason}", text[:mark].count("\n") + 1) from None
            raise FileFormatError(self.path, f"invalid YAML: {' '.join(str(exc).split())}") from None
        except RecursionError:
            raise FileFormatError(self.path, "invalid YAML: nested too deeply") from None
        finally:
            try:
                self._loader.dispose()
            except Exception:  # pragma: no cover - dispose never matters
                pass

    # -- values ------------------------------------------------------------
    def value(self, node) -> Any:
        """The plain Python value of ``node`` (safe constructors only)."""
        if node is None:
            return None
        try:
            return self._loader.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            reason = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
            raise FileFormatError(self.path, f"invalid YAML: {reason}",
                                  mark.line + 1 if mark else line_of(node)) from None
        except RecursionError:
            raise FileFormatError(self.path, "invalid YAML: nested too deeply", line_of(node)) from None
        except (ValueError, OverflowError):   # an integer past Python's digit limit
            raise FileFormatError(self.path, "invalid YAML: a number with too many digits", line_of(node)) from None

    def fail(self, node, message: str) -> FileFormatError:
        """An error at ``node`` (raise it)."""
        return FileFormatError(self.path, message, line_of(node))

    def fail_key(self, value_node, message: str) -> FileFormatError:
        """An error about the key of ``value_node`` (a pair from :meth:`mapping`), at the key's line."""
        key_node = self._key_nodes.get(id(value_node))
        return FileFormatError(self.path, message, line_of(key_node if key_node is not None else value_node))

    # -- shapes ------------------------------------------------------------
    def mapping(self, node, what: str) -> list[tuple[str, Any]]:
        """(key, value node) pairs; refuses other nodes, non-text keys and duplicate keys."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping (key: value), not {kind_of(node)}")
        seen: set[str] = set()
        out = []
        for knode, vnode in node.value:
            key = self.value(knode)
            if not isinstance(key, str):
                raise self.fail(knode, f"{what}: key {key!r} is not text")
            if key in seen:
                raise self.fail(knode, f"{what}: duplicate key {key!r}")
            seen.add(key)
            self._key_nodes[id(vnode)] = knode
            out.append((key, vnode))
        return out

    def sequence(self, node, what: str) -> list:
        """The item nodes of a list node; refuses other nodes."""
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list, not {kind_of(node)}")
        return list(node.value)

    def string(self, node, what: str, allow_empty: bool = False) -> str:
        """The text of a scalar node; numbers and booleans are refused (``1.0``, ``yes``)."""
        if not isinstance(node, yaml.ScalarNode) or kind_of(node) != "text":
            raise self.fail(node, f"{what} must be text, not {kind_of(node)}")
        value = str(self.value(node))
        if not allow_empty and not value.strip():
            raise self.fail(node, f"{what} must not be empty")
        return value

    def strings(self, node, what: str) -> list[str]:
        """A list of texts (a single text is accepted as a one-item list)."""
        if isinstance(node, yaml.ScalarNode) and kind_of(node) == "text":
            return [self.string(node, what)]
        return [self.string(n, f"{what} item") for n in self.sequence(node, what)]

    def boolean(self, node, what: str) -> bool:
        if not isinstance(node, yaml.ScalarNode) or kind_of(node) != "true/false":
            raise self.fail(node, f"{what} must be true or false, not {kind_of(node)}")
        return bool(self.value(node))


def load_yaml(path: str | os.PathLike, what: str = "file") -> Any:
    """The plain value of a YAML file (``yaml.safe_load`` semantics), with file:line errors."""
    doc = YamlFile(path, what)
    return doc.value(doc.root)
