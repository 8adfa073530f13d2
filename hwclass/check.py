"""``hwclass check``: does a commit range's new hardware match what the team expects?

Two kinds of check, usable together:

* **expectations** (``--expect FILE``): per commit, Kconfig symbol or added
  path, the expected category / kind / type; and entries that must not be
  reported as hardware at all.  ``hwclass classify --format yaml`` output is
  a valid file as it stands (each record expects its own category and kind).
* **policy gates** (``--fail-on``): ``unclassified``, ``low-confidence``
  (below ``--min-confidence``), ``disagreement`` (rule and model disagree),
  ``review`` (any reason to review).

:func:`run_check` turns items plus these into a :class:`CheckReport`;
:func:`render_report` writes it as text, JUnit XML or GitHub Actions
workflow commands.  Schema and semantics: docs/CI.md.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .config import CHECK_FORMATS, GATES
from .errors import FileFormatError, HwclassError
from .item import UNCLASSIFIED, HardwareItem

#: Keys an expectation may carry.  Those of a classify record that are not
#: compared (subject, confidence, decided_by, review) are accepted and ignored.
EXPECT_KEYS = ("commit", "symbol", "symbols", "path", "paths", "hardware", "type", "kind", "category",
               "note", "subject", "confidence", "decided_by", "review")
NOT_HW_KEYS = ("commit", "symbol", "path", "note")
FILE_KEYS = ("expect", "not_hardware", "strict")

_SHA = re.compile(r"^[0-9a-fA-F]{4,64}$")   # up to a SHA-256 id
_SYMBOL = re.compile(r"^[A-Za-z0-9_]+$")


# -- the expectations file ------------------------------------------------

@dataclass
class Expectation:
    """One entry of the expectations file: what selects items, and what they must be.

    Selectors (all given must match): ``commit`` (sha or prefix), ``symbol``
    (one of the item's symbols), ``path`` (one of its added paths or its
    Kconfig file), ``hardware`` (its name; narrows a selection, or selects
    alone when neither symbol nor path is given).  Expected values (None: any):
    ``kind``, ``category``, ``type``.
    """

    line: int | None = None
    commit: str | None = None
    symbol: str | None = None
    path: str | None = None
    hardware: str | None = None
    kind: str | None = None
    category: str | None = None
    type: str | None = None
    expect_kind: bool = False       # a kind was given (null or absent: any kind)
    full_commit: str | None = None  # resolved sha
    key_lines: dict = field(default_factory=dict)  # key -> its line, for mismatch reports

    def describe(self) -> str:
        parts = []
        if self.symbol:
            parts.append(f"symbol {self.symbol}")
        if self.path:
            parts.append(f"path {self.path}")
        if self.hardware and not (self.symbol or self.path):
            parts.append(f"hardware {self.hardware!r}")
        if self.commit:
            parts.append(f"commit {self.commit[:12]}")
        return ", ".join(parts) or "(nothing)"

    def wanted(self) -> str:
        parts = []
        if self.category is not None:
            parts.append(f"category {self.category!r}")
        if self.expect_kind:
            parts.append(f"kind {self.kind!r}" if self.kind else "no kind")
        if self.type is not None:
            parts.append(f"type {self.type!r}")
        return ", ".join(parts) or "any"

    def _commit_ok(self, it: HardwareItem) -> bool:
        if not self.commit:
            return True
        if self.full_commit:
            return it.commit == self.full_commit
        return it.commit.lower().startswith(self.commit.lower())

    def candidates(self, items: list[HardwareItem]) -> list[HardwareItem]:
        out = []
        for it in items:
            if not self._commit_ok(it):
                continue
            if self.symbol and self.symbol not in it.symbols:
                continue
            if self.path and self.path not in it.paths and self.path != it.kconfig_path:
                continue
            if self.hardware and not (self.symbol or self.path) and \
                    it.hardware.casefold() != self.hardware.casefold():
                continue
            out.append(it)
        if self.hardware and (self.symbol or self.path) and len(out) > 1:
            named = [it for it in out if it.hardware.casefold() == self.hardware.casefold()]
            if named:
                out = named
        return out


@dataclass
class Expectations:
    path: str | None = None
    expect: list[Expectation] = field(default_factory=list)
    not_hardware: list[Expectation] = field(default_factory=list)
    strict: bool | None = None


def _str_field(doc, node, key, what) -> str | None:
    value = doc.value(node)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise doc.fail(node, f"{what}: {key} must be a string, not {_kind(doc, node)}")
    return str(value).strip()


def _kind(doc, node) -> str:
    from .config import kind_of
    return kind_of(node)


def _check_commit(doc, node, value: str, what: str) -> str:
    if not _SHA.match(value):
        raise doc.fail(node, f"{what}: commit {value!r} is not a sha or sha prefix (4 to 64 hex digits)")
    return value.lower()


def _check_symbol(doc, node, value: str, what: str) -> str:
    value = value[7:] if value.startswith("CONFIG_") else value
    if not _SYMBOL.match(value):
        raise doc.fail(node, f"{what}: {value!r} is not a Kconfig symbol")
    return value


def _parse_entry(doc, node, index: int, section: str, allowed) -> Expectation:
    import yaml
    from .config import unknown_key
    what = f"{section}[{index}]"
    exp = Expectation(line=_line(node))
    if section == "not_hardware" and isinstance(node, yaml.ScalarNode):
        value = _str_field(doc, node, "symbol", what)
        if not value:
            raise doc.fail(node, f"{what}: empty entry")
        exp.symbol = _check_symbol(doc, node, value, what)
        return exp
    pairs = doc.mapping(node, what)
    given = {k for k, _ in pairs}
    first_path = None
    for key, vnode in pairs:
        if key not in allowed:
            raise unknown_key(doc, vnode, key, allowed, what)
        exp.key_lines[key] = _line(vnode)
        if key in ("subject", "confidence", "decided_by", "review", "note"):
            continue
        if key in ("symbols", "paths"):
            value = doc.value(vnode)
            if value is None:
                value = []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise doc.fail(vnode, f"{what}: {key} must be a list of strings")
            if key == "symbols" and value and "symbol" not in given:
                exp.symbol = _check_symbol(doc, vnode, value[0], what)
            if key == "paths" and value and "path" not in given:
                first_path = value[0]
            continue
        value = _str_field(doc, vnode, key, what)
        if key == "commit":
            if value is None:
                raise doc.fail(vnode, f"{what}: commit is empty")
            exp.commit = _check_commit(doc, vnode, value, what)
        elif key == "symbol":
            if value is None:
                raise doc.fail(vnode, f"{what}: symbol is empty")
            exp.symbol = _check_symbol(doc, vnode, value, what)
        elif key == "path":
            exp.path = value
        elif key == "hardware":
            exp.hardware = value
        elif key == "kind":
            exp.kind = value or None
            exp.expect_kind = value is not None
        elif key == "category":
            if not value:
                raise doc.fail(vnode, f"{what}: category is empty")
            exp.category = value
        elif key == "type":
            if value not in ("driver", "device", "board"):
                raise doc.fail(vnode, f"{what}: type must be driver, device or board, not {value!r}")
            exp.type = value
    # A classify record: select by commit + first symbol, else first path, else name.
    if not exp.symbol and not exp.path and first_path:
        exp.path = first_path
    if not (exp.commit or exp.symbol or exp.path or exp.hardware):
        raise doc.fail(node, f"{what}: says nothing to select items by (give commit, symbol, path or hardware)")
    if section == "expect" and exp.category is None and not exp.expect_kind and exp.type is None:
        raise doc.fail(node, f"{what}: expects nothing (give category, kind or type)")
    return exp


def _line(node) -> int | None:
    from .yamlfile import line_of
    return line_of(node)


def load_expectations(path: str | os.PathLike) -> Expectations:
    """Read an expectations file: classify's YAML list of records, or the richer mapping.

    Refuses malformed files with :class:`FileFormatError` (file, line, reason).
    """
    import yaml
    from .config import unknown_key
    from .yamlfile import YamlFile

    doc = YamlFile(path, "expectations file")
    out = Expectations(path=os.fspath(path))
    if doc.root is None:
        raise FileFormatError(doc.path, "empty expectations file (write `expect: []` to expect nothing)", 1)
    if isinstance(doc.root, yaml.SequenceNode):
        out.expect = [_parse_entry(doc, n, i, "expect", EXPECT_KEYS) for i, n in enumerate(doc.root.value)]
        return out
    if not isinstance(doc.root, yaml.MappingNode):
        raise doc.fail(doc.root, "an expectations file is a list of records (classify --format yaml) "
                                 "or a mapping with expect / not_hardware")
    for key, node in doc.mapping(doc.root, "expectations file"):
        if key == "expect":
            if doc.value(node) is None:
                continue
            out.expect = [_parse_entry(doc, n, i, "expect", EXPECT_KEYS)
                          for i, n in enumerate(doc.sequence(node, "expect"))]
        elif key == "not_hardware":
            if doc.value(node) is None:
                continue
            out.not_hardware = [_parse_entry(doc, n, i, "not_hardware", NOT_HW_KEYS)
                                for i, n in enumerate(doc.sequence(node, "not_hardware"))]
        elif key == "strict":
            value = doc.value(node)
            if not isinstance(value, bool):
                raise doc.fail(node, "strict must be true or false")
            out.strict = value
        else:
            raise unknown_key(doc, node, key, FILE_KEYS, "expectations file")
    return out


def resolve_commits(expectations: Expectations, resolve: Callable[[str], str | None]) -> None:
    """Turn every commit prefix into a full sha with ``resolve`` (None: unknown or ambiguous)."""
    for exp in list(expectations.expect) + list(expectations.not_hardware):
        if exp.commit:
            full = resolve(exp.commit)
            if full is None:
                raise FileFormatError(expectations.path, f"commit {exp.commit!r} is unknown or ambiguous "
                                                         "in the repository", exp.line)
            exp.full_commit = full


def git_resolver(repo) -> Callable[[str], str | None]:
    """A ``resolve`` for :func:`resolve_commits` asking the repository (``git rev-parse``)."""
    from .scan import open_repository
    import git
    r = open_repository(repo)
    cache: dict[str, str | None] = {}

    def resolve(prefix: str) -> str | None:
        if prefix not in cache:
            try:
                cache[prefix] = r.git.rev_parse("--verify", "--quiet", f"{prefix}^{{commit}}").strip() or None
            except git.exc.GitCommandError:
                cache[prefix] = None
        return cache[prefix]
    return resolve


# -- running a check ------------------------------------------------------

def parse_fail_on(values: Iterable[str] | str | None) -> tuple[str, ...]:
    """``("unclassified,disagreement", "low-confidence")`` -> the gates, in GATES order; 'none' -> ()."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    names = []
    for v in values:
        names += [n.strip().lower() for n in str(v).split(",") if n.strip()]
    if names == ["none"]:
        return ()
    bad = [n for n in names if n not in GATES]
    if bad:
        raise HwclassError(f"--fail-on: unknown gate {bad[0]!r}; choose from {', '.join(GATES)} (or none)")
    return tuple(g for g in GATES if g in names)


@dataclass
class Finding:
    """One thing the check found. ``failing`` False for notes (unexpected items without strict)."""

    check: str                     # category | kind | type | missing | not-hardware | unexpected | <gate>
    message: str
    item: HardwareItem | None = None
    expectation: Expectation | None = None
    failing: bool = True


@dataclass
class CheckReport:
    items: list[HardwareItem]
    findings: list[Finding]
    ranges: list[str] = field(default_factory=list)
    expect_path: str | None = None
    fail_on: tuple[str, ...] = ()
    strict: bool = False
    min_confidence: float = 0.5
    config_path: str | None = None
    root: str | None = None        # repository root, for file paths in annotations
    matched: int = 0               # items an expectation checked and found right

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.failing]

    @property
    def failed(self) -> bool:
        return bool(self.failures)

    def for_item(self, it: HardwareItem) -> list[Finding]:
        return [f for f in self.findings if f.item is it]

    @property
    def missing(self) -> list[Finding]:
        return [f for f in self.findings if f.item is None]


def gate_findings(it: HardwareItem, fail_on: Iterable[str], min_confidence: float) -> list[Finding]:
    out = []
    gates = set(fail_on)
    unclassified = it.category == UNCLASSIFIED or it.decided_by == "unclassified"
    if "unclassified" in gates and unclassified:
        out.append(Finding("unclassified", "unclassified: no rule or model decided its category", it))
    if "low-confidence" in gates and not unclassified and it.confidence < min_confidence:
        out.append(Finding("low-confidence",
                           f"low confidence: {it.confidence:.2f} < {min_confidence:.2f} "
                           f"({it.category}, decided by {it.decided_by})", it))
    if "disagreement" in gates:
        for reason in it.review:
            if reason.startswith("disagreement"):
                out.append(Finding("disagreement", reason, it))
    if "review" in gates and it.review and not any(f.item is it for f in out):
        out.append(Finding("review", "flagged for review: " + "; ".join(it.review), it))
    return out


def run_check(items: list[HardwareItem], expectations: Expectations | None = None,
              fail_on: Iterable[str] = (), min_confidence: float = 0.5,
              strict: bool | None = None, ranges: Iterable[str] = ()) -> CheckReport:
    """Compare ``items`` with ``expectations`` and the ``fail_on`` gates.

    * an item an ``expect`` entry selects must have its category/kind/type
      (a mismatch fails);
    * an ``expect`` entry that selects no item is *missing* (fails);
    * an item a ``not_hardware`` entry selects fails;
    * an item no entry mentions is *unexpected*: it fails only with
      ``strict`` (argument, else the file's ``strict:``), otherwise it is a note;
    * each gate fails on every item that trips it.
    """
    if strict is None:
        strict = bool(expectations is not None and expectations.strict)
    fail_on = parse_fail_on(list(fail_on))
    findings: list[Finding] = []
    mentioned: set[int] = set()
    matched: set[int] = set()
    if expectations is not None:
        for exp in expectations.expect:
            selected = exp.candidates(items)
            if not selected:
                findings.append(Finding("missing", f"missing: {exp.describe()} (expected {exp.wanted()}): "
                                                   "no such item in the range", None, exp))
                continue
            for it in selected:
                mentioned.add(id(it))
                bad = False
                if exp.category is not None and it.category != exp.category:
                    bad = True
                    findings.append(Finding("category", f"category: expected {exp.category!r}, "
                                                        f"got {it.category!r}", it, exp))
                if exp.expect_kind and it.kind != exp.kind:
                    bad = True
                    findings.append(Finding("kind", f"kind: expected {exp.kind!r}, got {it.kind!r}", it, exp))
                if exp.type is not None and it.type != exp.type:
                    bad = True
                    findings.append(Finding("type", f"type: expected {exp.type!r}, got {it.type!r}", it, exp))
                if not bad:
                    matched.add(id(it))
        for exp in expectations.not_hardware:
            for it in exp.candidates(items):
                mentioned.add(id(it))
                matched.discard(id(it))
                findings.append(Finding("not-hardware", f"reported as hardware, but the expectations file "
                                                        f"says {exp.describe()} is not hardware", it, exp))
        for it in items:
            if id(it) not in mentioned:
                findings.append(Finding("unexpected", "unexpected: not in the expectations file"
                                        + ("" if strict else " (a note; --strict fails on it)"),
                                        it, None, failing=strict))
    for it in items:
        findings.extend(gate_findings(it, fail_on, min_confidence))
    order = {id(it): n for n, it in enumerate(items)}
    findings.sort(key=lambda f: (f.item is None, order.get(id(f.item), 0)))
    failing_items = {id(f.item) for f in findings if f.failing}
    return CheckReport(items=list(items), findings=findings, ranges=list(ranges),
                       expect_path=expectations.path if expectations else None, fail_on=fail_on,
                       strict=strict, min_confidence=min_confidence,
                       matched=len(matched - failing_items))


# -- reports --------------------------------------------------------------

def item_label(it: HardwareItem) -> str:
    key = it.symbols[0] if it.symbols else (it.paths[0] if it.paths else it.type)
    return f"{key}: {it.hardware} (commit {it.commit[:12]})"


def item_location(it: HardwareItem) -> tuple[str | None, int | None]:
    if it.kconfig_path:
        return it.kconfig_path, it.kconfig_line
    if it.paths:
        return it.paths[0], None
    return None, None


def _expect_location(report: CheckReport, exp: Expectation | None,
                     check: str = "") -> tuple[str | None, int | None]:
    if exp is None or not report.expect_path:
        return None, None
    path = report.expect_path
    if check in ("category", "kind", "type") and exp.key_lines.get(check):
        line = exp.key_lines[check]
    else:
        line = exp.line
    if report.root:
        absolute = os.path.abspath(path)
        root = os.path.abspath(report.root)
        if absolute.startswith(root + os.sep):
            path = os.path.relpath(absolute, root)
    return path, line


def summary_line(report: CheckReport) -> str:
    n_fail = len(report.failures)
    failing_items = len({id(f.item) for f in report.failures if f.item is not None})
    missing = sum(1 for f in report.failures if f.item is None)
    what = []
    if report.expect_path:
        what.append(f"expectations {report.expect_path}" + (" (strict)" if report.strict else ""))
    if report.fail_on:
        what.append("fail-on " + ",".join(report.fail_on))
    head = f"hwclass check {' '.join(report.ranges)}".rstrip()
    status = "FAILED" if report.failed else "passed"
    detail = f"{len(report.items)} item(s)"
    if report.failed:
        detail += f", {failing_items} failing" + (f", {missing} missing" if missing else "")
        detail += f" ({n_fail} failure(s))"
    return f"{head}: {status}: {detail}" + (f" [{'; '.join(what)}]" if what else "")


def to_text(report: CheckReport) -> str:
    lines = [summary_line(report)]
    if report.config_path:
        lines.append(f"configuration: {report.config_path}")
    by_item: dict[int, list[Finding]] = {}
    for f in report.findings:
        if f.item is not None:
            by_item.setdefault(id(f.item), []).append(f)
    for it in report.items:
        found = by_item.get(id(it))
        if not found:
            continue
        failing = any(f.failing for f in found)
        where, line = item_location(it)
        lines.append("")
        lines.append(f"{'FAIL' if failing else 'note'}  {item_label(it)}")
        lines.append(f"      got: {it.category} (kind {it.kind or '-'}, {it.confidence:.2f}, {it.decided_by})"
                     + (f"  at {where}" + (f":{line}" if line else "") if where else ""))
        for f in found:
            src = ""
            if f.expectation is not None:
                p, ln = _expect_location(report, f.expectation, f.check)
                src = f"  [{p}:{ln}]" if p and ln else ""
            lines.append(f"      {f.message}{src}")
    missing = report.missing
    if missing:
        lines.append("")
        for f in missing:
            p, ln = _expect_location(report, f.expectation)
            lines.append(f"FAIL  {f.message}" + (f"  [{p}:{ln}]" if p and ln else ""))
    if report.expect_path and report.matched:
        lines.append("")
        lines.append(f"ok    {report.matched} item(s) as expected")
    return "\n".join(lines) + "\n"


# GitHub Actions workflow commands: data escapes % CR LF; properties also : and ,
# (as @actions/core's command.ts does).
def escape_data(s: str) -> str:
    return str(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def workflow_command(level: str, message: str, file: str | None = None, line: int | None = None,
                     title: str | None = None) -> str:
    props = []
    if file:
        props.append(f"file={escape_property(file)}")
        if line:
            props.append(f"line={int(line)}")
    if title:
        props.append(f"title={escape_property(title)}")
    return f"::{level}{(' ' + ','.join(props)) if props else ''}::{escape_data(message)}"


def to_github(report: CheckReport) -> str:
    """One ``::error`` per failure (a ``::warning`` per note), at the Kconfig file and line."""
    out = []
    for f in report.findings:
        level = "error" if f.failing else "warning"
        if f.item is not None:
            file, line = item_location(f.item)
            key = f.item.symbols[0] if f.item.symbols else f.item.hardware
            title = f"hwclass {f.check}: {key}"
            msg = f"{f.message} -- {item_label(f.item)}, category {f.item.category}"
        else:
            file, line = _expect_location(report, f.expectation)
            title = f"hwclass missing: {f.expectation.describe() if f.expectation else ''}"
            msg = f.message
        out.append(workflow_command(level, msg, file, line, title))
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(s) -> str:
    return _XML_BAD.sub("\ufffd", str(s))


def to_junit(report: CheckReport) -> str:
    """JUnit XML: one test case per item (failures for mismatches and gates); missing
    expectations as cases of a second suite."""
    import xml.etree.ElementTree as ET

    name = _x(f"hwclass check {' '.join(report.ranges)}".strip())
    suites = ET.Element("testsuites", name=name)
    suite = ET.SubElement(suites, "testsuite", name=name)
    by_item: dict[int, list[Finding]] = {}
    for f in report.findings:
        if f.item is not None:
            by_item.setdefault(id(f.item), []).append(f)
    n_fail = 0
    for it in report.items:
        found = by_item.get(id(it), [])
        file, line = item_location(it)
        attrs = {"classname": _x(f"hwclass.{it.category}"), "name": _x(item_label(it))}
        if file:
            attrs["file"] = _x(file)
        if line:
            attrs["line"] = str(line)
        case = ET.SubElement(suite, "testcase", attrs)
        fails = [f for f in found if f.failing]
        if fails:
            n_fail += 1
            fl = ET.SubElement(case, "failure", message=_x("; ".join(f.message for f in fails)),
                               type=_x(",".join(dict.fromkeys(f.check for f in fails))))
            fl.text = _x("\n".join(f.message for f in fails) + f"\ngot: {it.category} (kind {it.kind}, "
                         f"confidence {it.confidence:.2f}, decided by {it.decided_by})")
        notes = [f.message for f in found if not f.failing]
        out = ET.SubElement(case, "system-out")
        out.text = _x("\n".join([f"kind: {it.kind}", f"category: {it.category}",
                                 f"confidence: {it.confidence:.2f}", f"decided_by: {it.decided_by}",
                                 f"commit: {it.commit}", f"subject: {it.subject}"] + notes))
    suite.set("tests", str(len(report.items)))
    suite.set("failures", str(n_fail))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    total, total_fail = len(report.items), n_fail
    missing = report.missing
    if missing:
        ms = ET.SubElement(suites, "testsuite", name=_x(f"{name}: missing expectations"),
                           tests=str(len(missing)), failures=str(len(missing)), errors="0", skipped="0")
        for f in missing:
            p, ln = _expect_location(report, f.expectation)
            attrs = {"classname": "hwclass.missing",
                     "name": _x(f.expectation.describe() if f.expectation else "missing")}
            if p:
                attrs["file"] = _x(p)
            if ln:
                attrs["line"] = str(ln)
            case = ET.SubElement(ms, "testcase", attrs)
            ET.SubElement(case, "failure", message=_x(f.message), type="missing").text = _x(f.message)
        total += len(missing)
        total_fail += len(missing)
    suites.set("tests", str(total))
    suites.set("failures", str(total_fail))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def render_report(report: CheckReport, fmt: str = "text") -> str:
    if fmt == "text":
        return to_text(report)
    if fmt == "junit":
        return to_junit(report)
    if fmt == "github":
        return to_github(report)
    raise HwclassError(f"unknown check format {fmt!r}; choose one of {', '.join(CHECK_FORMATS)}")


# -- the command, as cli.py calls it ---------------------------------------

@dataclass
class CheckOutcome:
    report: CheckReport
    text: str          # the rendered report
    fmt: str
    written: str | None = None  # the file it was written to, if any


def check_command(ranges, repo=None, rules=None, taxonomy=None, model=None, min_confidence=None,
                  boards=False, types=None, *, expect=None, strict=None, fail_on=(), fmt=None,
                  output=None, classify: Callable) -> CheckOutcome:
    """Everything ``hwclass check`` does, given its parsed options.

    ``.hwclass.yaml`` fills what the command line leaves unset; the
    expectations file is read and its commits resolved *before* the range is
    classified (bad input fails fast, exit 2); ``classify(ranges, repo,
    rules, taxonomy, model, min_confidence, boards, types)`` is cli's
    ``_classify``.  The report goes to ``output`` (atomically) when given.
    Raises HwclassError (exit 2) when there is nothing to check.
    """
    from .config import apply_config, repo_config, repository_root
    from .report import check_writable, write_atomically

    cfg = repo_config(repo)
    if output:
        check_writable(output)
    expect = expect or cfg.check.expect
    gates = parse_fail_on(list(fail_on)) if fail_on else tuple(cfg.check.fail_on)
    if strict is None:
        strict = cfg.check.strict
    fmt = fmt or cfg.check.format or "text"
    if fmt not in CHECK_FORMATS:
        raise HwclassError(f"unknown check format {fmt!r}; choose one of {', '.join(CHECK_FORMATS)}")
    if not expect and not gates:
        raise HwclassError("nothing to check: give --expect FILE and/or --fail-on GATE "
                           "(or set check.expect / check.fail_on in .hwclass.yaml)")
    expectations = None
    if expect:
        expectations = load_expectations(expect)
        if any(e.commit for e in expectations.expect + expectations.not_hardware):
            resolve_commits(expectations, git_resolver(repo))
    rules, taxonomy, model, min_confidence, boards, types = apply_config(
        repo, rules, taxonomy, model, min_confidence, boards, types, config=cfg)
    from .categorise import DEFAULT_MIN_CONFIDENCE
    result = classify(list(ranges), repo, rules, taxonomy, model, min_confidence, boards, types)
    report = run_check(result.items, expectations, gates,
                       DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence,
                       strict, ranges)
    report.config_path = str(cfg.path) if cfg.path else None
    root = repository_root(repo)
    report.root = str(root) if root else None
    text = render_report(report, fmt)
    if output:
        write_atomically(output, text)
    return CheckOutcome(report=report, text=text, fmt=fmt, written=os.fspath(output) if output else None)
