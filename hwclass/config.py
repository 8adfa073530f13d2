"""``.hwclass.yaml``: repository configuration, so a CI job needs no flags.

The file sits at the root of the repository's work tree (found from
``--repo`` or the current folder, as git-cliff finds ``cliff.toml`` and
gitlint ``.gitlint``; a bare repository has none).  Every key is optional;
options given on the command line win over the file::

    # .hwclass.yaml
    rules: tools/hwclass/rules.yaml      # paths are relative to the repository root
    taxonomy: lwn                        # a built-in name, or a YAML file
    model: none                          # a model file, or none (rules only)
    hardware_trees: [board/, drivers/acme/]   # added to the rules' hardware trees
    types: [driver, device]              # or "driver,device"
    boards: false
    min_confidence: 0.6                  # review threshold, and the low-confidence gate's
    check:                               # defaults for `hwclass check`
      expect: ci/hardware-expect.yaml
      fail_on: [unclassified, disagreement]
      strict: false
      format: text                       # text | junit | github

A malformed file (bad YAML, unknown key, wrong type) is refused with
:class:`~hwclass.errors.FileFormatError` naming the file, the line and the
reason.

``apply_config`` merges the file under the command-line values; classify's
``_classify`` can call it with one line (see its docstring).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import FileFormatError

if TYPE_CHECKING:
    from .yamlfile import YamlFile as YamlDoc

CONFIG_NAME = ".hwclass.yaml"
ITEM_TYPES = ("driver", "device", "board")
CHECK_FORMATS = ("text", "junit", "github")
#: The policy gates of ``hwclass check --fail-on``.
GATES = ("unclassified", "low-confidence", "disagreement", "review")
BUILTIN_TAXONOMIES = ("lwn", "lwn-2015")

TOP_KEYS = ("rules", "taxonomy", "model", "hardware_trees", "types", "boards", "min_confidence", "check")
CHECK_KEYS = ("expect", "fail_on", "strict", "format")


# -- YAML with line numbers ----------------------------------------------

# YamlFile (hwclass/yamlfile.py) composes the file with node positions, so every
# error can name its line.  It is imported (and PyYAML with it) only where a
# repository has a .hwclass.yaml: classify starts ``git log`` before it needs YAML.


def kind_of(node) -> str:
    """What a node is, quoting a scalar's value so the user sees what was read."""
    import yaml
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag.endswith(":null"):
        return "empty"
    return f"{node.value!r}"


def unknown_key(doc: YamlDoc, node, key: str, known, what: str) -> FileFormatError:
    import difflib
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"
    return doc.fail(node, f"{what}: unknown key {key!r}{hint}")


# -- the configuration ---------------------------------------------------

@dataclass
class CheckConfig:
    expect: str | None = None          # absolute path
    fail_on: list[str] = field(default_factory=list)
    strict: bool | None = None
    format: str | None = None


@dataclass
class RepoConfig:
    """What ``.hwclass.yaml`` sets; None / empty where it says nothing. Paths are absolute."""

    path: Path | None = None
    root: Path | None = None
    rules: str | None = None
    taxonomy: str | None = None
    model: str | None = None
    hardware_trees: list[str] = field(default_factory=list)
    types: list[str] | None = None
    boards: bool | None = None
    min_confidence: float | None = None
    check: CheckConfig = field(default_factory=CheckConfig)


def repository_root(start_dir: str | os.PathLike | None = None) -> Path | None:
    """The top of the work tree holding ``start_dir``; None for a bare repository or no repository."""
    start = Path(os.fspath(start_dir or os.getcwd()))
    if not start.is_dir():
        return None
    try:
        import git
        repo = git.Repo(start, search_parent_directories=True)
    except Exception:  # not a repository: the command itself will say so
        return None
    try:
        if repo.bare or not repo.working_tree_dir:
            return None
        return Path(repo.working_tree_dir)
    finally:
        repo.close()


def find_config(start_dir: str | os.PathLike | None = None) -> Path | None:
    """``.hwclass.yaml`` at the root of the repository holding ``start_dir`` (default: cwd), or None."""
    root = repository_root(start_dir)
    if root is None:
        return None
    path = root / CONFIG_NAME
    return path if path.is_file() else None


def _path_value(doc: YamlDoc, node, root: Path, what: str) -> str:
    value = doc.value(node)
    if not isinstance(value, str) or not value.strip():
        raise doc.fail(node, f"{what} must be a file path (a string), not {kind_of(node)}")
    return str((root / os.path.expanduser(value)).resolve()) if not os.path.isabs(value) else value


def _string_list(doc: YamlDoc, node, what: str) -> list[str]:
    """A list of strings, or one comma-separated string."""
    import yaml
    if isinstance(node, yaml.ScalarNode):
        value = doc.value(node)
        if not isinstance(value, str):
            raise doc.fail(node, f"{what} must be a list of strings or a comma-separated string")
        return [v.strip() for v in value.split(",") if v.strip()]
    out = []
    for sub in doc.sequence(node, what):
        value = doc.value(sub)
        if not isinstance(value, str) or not value.strip():
            raise doc.fail(sub, f"{what}: each entry must be a non-empty string, not {kind_of(sub)}")
        out.append(value.strip())
    return out


def _bool(doc: YamlDoc, node, what: str) -> bool:
    value = doc.value(node)
    if not isinstance(value, bool):
        raise doc.fail(node, f"{what} must be true or false, not {kind_of(node)}")
    return value


def load_config(path: str | os.PathLike, root: str | os.PathLike | None = None) -> RepoConfig:
    """Read and validate a ``.hwclass.yaml``; relative paths are made absolute against ``root``
    (default: the file's folder, which is the repository root when found by :func:`find_config`)."""

    from .yamlfile import YamlFile
    doc = YamlFile(path, "configuration file")
    root = Path(os.fspath(root)) if root is not None else Path(os.path.abspath(os.fspath(path))).parent
    cfg = RepoConfig(path=Path(os.fspath(path)), root=root)
    if doc.root is None:
        return cfg  # an empty file sets nothing
    for key, node in doc.mapping(doc.root, CONFIG_NAME):
        if key == "rules":
            cfg.rules = _path_value(doc, node, root, "rules")
        elif key == "taxonomy":
            value = doc.value(node)
            if not isinstance(value, str) or not value.strip():
                raise doc.fail(node, f"taxonomy must be a name ({', '.join(BUILTIN_TAXONOMIES)}) "
                                     f"or a file path, not {kind_of(node)}")
            if value in BUILTIN_TAXONOMIES and not (root / value).exists():
                cfg.taxonomy = value
            else:
                cfg.taxonomy = _path_value(doc, node, root, "taxonomy")
        elif key == "model":
            value = doc.value(node)
            if value is None or (isinstance(value, str) and value.strip().lower() == "none"):
                cfg.model = "none"
            else:
                cfg.model = _path_value(doc, node, root, "model")
        elif key == "hardware_trees":
            trees = _string_list(doc, node, "hardware_trees")
            for t in trees:
                if os.path.isabs(t) or ".." in Path(t).parts:
                    raise doc.fail(node, f"hardware_trees: {t!r} must be a folder inside the repository, "
                                         "relative to its root")
            cfg.hardware_trees = [t.rstrip("/") + "/" for t in trees]
        elif key == "types":
            types = _string_list(doc, node, "types")
            bad = [t for t in types if t not in ITEM_TYPES]
            if bad:
                raise doc.fail(node, f"types: unknown item type {bad[0]!r}; choose from {', '.join(ITEM_TYPES)}")
            cfg.types = types
        elif key == "boards":
            cfg.boards = _bool(doc, node, "boards")
        elif key == "min_confidence":
            value = doc.value(node)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise doc.fail(node, f"min_confidence must be a number from 0 to 1, not {kind_of(node)}")
            cfg.min_confidence = float(value)
        elif key == "check":
            if doc.value(node) is None:
                continue
            for ckey, cnode in doc.mapping(node, "check"):
                if ckey == "expect":
                    cfg.check.expect = _path_value(doc, cnode, root, "check.expect")
                elif ckey == "fail_on":
                    gates = _string_list(doc, cnode, "check.fail_on")
                    bad = [g for g in gates if g not in GATES]
                    if bad:
                        raise doc.fail(cnode, f"check.fail_on: unknown gate {bad[0]!r}; "
                                              f"choose from {', '.join(GATES)}")
                    cfg.check.fail_on = gates
                elif ckey == "strict":
                    cfg.check.strict = _bool(doc, cnode, "check.strict")
                elif ckey == "format":
                    value = doc.value(cnode)
                    if value not in CHECK_FORMATS:
                        raise doc.fail(cnode, f"check.format must be one of {', '.join(CHECK_FORMATS)}, "
                                              f"not {kind_of(cnode)}")
                    cfg.check.format = value
                else:
                    raise unknown_key(doc, cnode, ckey, CHECK_KEYS, "check")
        else:
            raise unknown_key(doc, node, key, TOP_KEYS, CONFIG_NAME)
    return cfg


def repo_config(repo: str | os.PathLike | None = None) -> RepoConfig:
    """The configuration of the repository holding ``repo`` (default: cwd); empty if it has none."""
    path = find_config(repo)
    if path is None:
        return RepoConfig()
    return load_config(path, root=path.parent)


def _extend_trees(rules, trees: list[str]):
    """Rules (loaded from ``rules`` if a path/None) with ``trees`` added to its hardware trees."""
    from .rules import load_rules
    if rules is None or isinstance(rules, (str, os.PathLike)):
        rules = load_rules(rules)
    have = list(getattr(rules, "hardware_trees"))
    for t in trees:
        if t not in have and t.rstrip("/") not in have:
            rules.hardware_trees.append(t)
    return rules


def apply_config(repo, rules, taxonomy, model, min_confidence, boards, types, *, config: RepoConfig | None = None):
    """classify's options with ``.hwclass.yaml`` filled in where the command line left them unset.

    Takes and returns, in ``_classify``'s order: rules, taxonomy, model,
    min_confidence, boards, types.  ``types`` comes back as classify's
    comma-separated string; ``rules`` as loaded Rules when the file adds
    hardware trees.  Calling it twice is harmless.  In ``cli._classify``::

        rules, taxonomy, model, min_confidence, boards, types = apply_config(
            repo, rules, taxonomy, model, min_confidence, boards, types)
    """
    cfg = config if config is not None else repo_config(repo)
    if rules is None:
        rules = cfg.rules
    if taxonomy is None:
        taxonomy = cfg.taxonomy
    if model is None:
        model = cfg.model
    if min_confidence is None:
        min_confidence = cfg.min_confidence
    if not boards and cfg.boards:
        boards = True
    if not types and cfg.types:
        types = ",".join(cfg.types)
    if cfg.hardware_trees:
        rules = _extend_trees(rules, cfg.hardware_trees)
    return rules, taxonomy, model, min_confidence, boards, types


def merged_options(repo=None, *, config: RepoConfig | None = None, **options) -> dict:
    """Keyword form of :func:`apply_config`: ``merged_options(repo, rules=..., model=..., ...)`` -> dict."""
    names = ("rules", "taxonomy", "model", "min_confidence", "boards", "types")
    merged = apply_config(repo, *(options.get(n) for n in names), config=config)
    out = dict(options)
    out.update(zip(names, merged))
    return out
