"""Properties (hypothesis) of the loaders a user's files reach.

* The labelled-data loader: arbitrary bytes in a .jsonl/.json/.yaml/.csv file
  raise nothing but :class:`hwclass.errors.HwclassError`; generated
  well-formed records written as JSONL, JSON, YAML or CSV load back exactly.
* The rules, taxonomy, repository-config and model loaders: arbitrary text
  raises nothing but ``HwclassError``.
* The Kconfig parser (beyond tests/test_kconfig_properties.py): rendered
  Kconfig read with CRLF line endings, or inside ``if``/``menu`` blocks,
  round-trips.

max_examples stays modest so the suite stays fast; set
HWCLASS_HYPOTHESIS_EXAMPLES=2000 for a longer search.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hwclass.errors import HwclassError
from hwclass.kconfig import KconfigSymbol, parse_kconfig, render_kconfig
from hwclass.labelled import load_examples
from hwclass.taxonomy import load_kinds, load_taxonomy

FAST = settings(max_examples=int(os.environ.get("HWCLASS_HYPOTHESIS_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

TAX = load_taxonomy(None)
KINDS = sorted(load_kinds())


# -- arbitrary input: only the project's own error ---------------------------

#: Fragments that steer random text towards the loaders' interesting paths.
YAML_BITS = st.sampled_from([
    "- ", "text: ", "kind: iio", "category: Sound", "paths: [", "]", "{", "}", "release: 6.1",
    "categories:", "  Sound:", "    - x", "? [a]\n: b", "&a x", "*a", "!!python/object/apply:os.system ['x']",
    "!!binary AAAA", "!!set {a}", "'", '"', "\t", "---", "...", "%YAML 1.1", "- - - [", "1e999", "~", "\x1f",
    "weight: -1", "weight: .nan", "paths: 3", "symbols: [1]", "<<: *a", "\\udc80", "\x85", "\ufeff",
    "rules:", "  - pattern: drivers/", "    kind: iio", "extends: default", "hardware_trees: [x]",
    "not_hardware:", "name: x", "aliases:", "classify:", "check:", "taxonomy: lwn",
])
JSON_BITS = st.sampled_from([
    '{"text": "x", "kind": "iio"}', '{"text": 1}', '{"hardware": "y", "category": "Audio"}', "[", "]",
    "{", "}", '"', "null", "NaN", "1e999", "-Infinity", '{"paths": "a;b", "text": "t", "kind": "rtc"}',
    '{"text": "t", "weight": "0"}', '{"text": "t", "kind": ["iio"]}', '{"symbols": {"a": 1}}', "\\ud800",
])
CSV_BITS = st.sampled_from([
    "text,kind", "hardware,category", "text,paths,kind", '"', '"a,b"', "x,iio", ",,,", "\r\n", "\n",
    "a;b", "\x00", "text,text", "kind", "é",
])


def _mixed(bits):
    return st.lists(st.one_of(bits, st.text(max_size=20)), max_size=25).map("\n".join)


def _load_file(tmp_path: Path, name: str, data: bytes):
    f = tmp_path / name
    f.write_bytes(data)
    try:
        return load_examples([f], TAX)
    except HwclassError as exc:
        assert "\n" not in str(exc)
        return None


@FAST
@given(st.sampled_from(["d.jsonl", "d.json", "d.yaml", "d.csv"]),
       st.one_of(st.binary(max_size=600),
                 _mixed(YAML_BITS).map(str.encode),
                 _mixed(JSON_BITS).map(str.encode),
                 _mixed(CSV_BITS).map(str.encode)))
@example("d.yaml", b"- !!binary AAAA\n")
@example("d.json", b"[1, 2, 3]")
@example("d.jsonl", b'{"text": "t", "kind": "iio", "weight": 1e999}\n')
def test_labelled_loader_raises_only_its_own_error(tmp_path_factory, name, data):
    tmp = tmp_path_factory.mktemp("fuzz")
    data_ = _load_file(tmp, name, data)
    if data_ is not None:
        assert len(data_.examples) == len(data_.kinds) == len(data_.categories) == len(data_.weights)
        assert all(isinstance(w, str) and "\n" not in w for w in data_.warnings)


@pytest.mark.parametrize("name,data", [
    ("d.yaml", b"? [a]\n: b\n"),
    ("d.jsonl", b'{"text": "t", "kind": "iio", "weight": ' + b"9" * 5000 + b"}\n"),
], ids=["complex-yaml-key", "huge-integer"])   # deep JSON: test_bad_inputs.py
def test_known_loader_crashes(tmp_path, name, data):
    _load_file(tmp_path, name, data)


@FAST
@given(st.sampled_from(["rules", "taxonomy", "config"]),
       st.one_of(_mixed(YAML_BITS), st.text(max_size=300)))
@example("rules", "? [a]\n: b\n")
@example("taxonomy", "? [a]\n: b\n")
@example("config", "? [a]\n: b\n")
def test_yaml_loaders_raise_only_their_own_error(tmp_path_factory, which, text):
    from hwclass.config import load_config
    from hwclass.rules import load_rules
    tmp = tmp_path_factory.mktemp("yaml")
    f = tmp / ".hwclass.yaml"
    f.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        if which == "rules":
            load_rules(f)
        elif which == "taxonomy":
            load_taxonomy(f)
        else:
            load_config(f, tmp)
    except HwclassError as exc:
        assert "\n" not in str(exc)


@FAST
@given(st.one_of(st.binary(max_size=400), _mixed(JSON_BITS).map(str.encode)))
@example(b'{"format": "hwclass-text-model", "format_version": 1}')
@example(b"\x1f\x8b\x08\x00")
def test_model_loader_raises_only_its_own_error(tmp_path_factory, data):
    from hwclass.errors import ModelFileError
    from hwclass.textmodel import load_model
    f = tmp_path_factory.mktemp("model") / "m.json"
    f.write_bytes(data)
    try:
        load_model(f)
    except ModelFileError as exc:
        assert "\n" not in str(exc)


# -- well-formed records round-trip -----------------------------------------

# Text a person would write: printable, no surrounding space, no control characters.
CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn"), blacklist_characters="\x85\ufeff")
TEXT = st.text(CHARS, min_size=1, max_size=40).map(lambda s: " ".join(s.split())).filter(bool)
PATH = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=10),
                min_size=1, max_size=4).map(lambda parts: "drivers/" + "/".join(parts) + ".c")
RECORD = st.fixed_dictionaries({"text": TEXT, "kind": st.sampled_from(KINDS)},
                               optional={"paths": st.lists(PATH, max_size=3, unique=True),
                                         "help": TEXT, "symbol": st.from_regex(r"[A-Z][A-Z0-9_]{0,15}", fullmatch=True)})
RECORDS = st.lists(RECORD, min_size=1, max_size=8, unique_by=lambda r: r["text"])


def _write(records, form: str) -> tuple[str, bytes]:
    if form == "jsonl":
        return "d.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    if form == "json":
        return "d.json", json.dumps(records, ensure_ascii=False, indent=1).encode()
    if form == "yaml":
        return "d.yaml", yaml.safe_dump(records, allow_unicode=True, sort_keys=False).encode()
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["text", "kind", "paths", "help", "symbol"], lineterminator="\n")
    w.writeheader()
    for r in records:
        w.writerow(dict(r, paths=";".join(r.get("paths", []))))
    return "d.csv", buf.getvalue().encode()


@FAST
@given(RECORDS, st.sampled_from(["jsonl", "json", "yaml", "csv"]))
def test_well_formed_records_load_back_exactly(tmp_path_factory, records, form):
    name, data = _write(records, form)
    f = tmp_path_factory.mktemp("rt") / name
    f.write_bytes(data)
    d = load_examples([f], TAX, strict=True)
    assert d.warnings == []
    assert [e.text for e in d.examples] == [r["text"] for r in records]
    assert d.kinds == [r["kind"] for r in records]
    assert d.categories == [TAX.category_of(r["kind"]) for r in records]
    assert [e.paths for e in d.examples] == [r.get("paths", []) for r in records]
    assert [e.help for e in d.examples] == [r.get("help", "") for r in records]
    assert [e.symbol for e in d.examples] == [r.get("symbol", "") for r in records]


# -- Kconfig: round trips in other clothes -----------------------------------

NAME = st.from_regex(r"[A-Z][A-Z0-9_]{0,12}", fullmatch=True)
PROMPT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Zs"), blacklist_characters="\x85"),
                 min_size=1, max_size=30)
HELP = st.lists(st.text("abcdefghij ,.()-", max_size=30).map(str.strip).filter(bool), max_size=4).map("\n".join)
SYMBOL = st.builds(KconfigSymbol, name=NAME, type=st.sampled_from(["bool", "tristate"]),
                   prompt=st.one_of(st.none(), PROMPT), help=HELP,
                   depends=st.lists(NAME, max_size=2), selects=st.lists(NAME, max_size=2))


def _same(a: KconfigSymbol, b: KconfigSymbol, extra_depends=()):
    assert (b.name, b.type, b.prompt, b.help, b.selects) == (a.name, a.type, a.prompt, a.help, a.selects)
    assert b.depends == list(a.depends) + list(extra_depends)


@FAST
@given(st.lists(SYMBOL, min_size=1, max_size=5))
def test_rendered_kconfig_with_crlf_line_endings_round_trips(symbols):
    text = render_kconfig(symbols).replace("\n", "\r\n")
    kf = parse_kconfig(text.encode("utf-8"), "crlf/Kconfig")
    assert kf.warnings == []
    assert len(kf.symbols) == len(symbols)
    for a, b in zip(symbols, kf.symbols):
        _same(a, b)


@FAST
@given(st.lists(SYMBOL, min_size=1, max_size=5), NAME, st.sampled_from(["if", "menu"]))
def test_rendered_kconfig_inside_a_block_gets_the_block_condition(symbols, cond, block):
    body = render_kconfig(symbols)
    if block == "if":
        text = f"if {cond}\n\n{body}\nendif\n"
    else:
        text = f'menu "Some drivers"\n\tdepends on {cond}\n\n{body}\nendmenu\n'
    kf = parse_kconfig(text, "blk/Kconfig", strict=True)
    assert kf.warnings == []
    assert [s.name for s in kf.symbols] == [s.name for s in symbols]
    for a, b in zip(symbols, kf.symbols):
        _same(a, b, extra_depends=[cond])


_HINTY = st.lists(st.sampled_from(
    ["add", "Added", "ADDS", "adding", "supports", "new", "IDs", "id", "vid/pid", "device-id", "PCI ID",
     "compatible", "Compatibles", "recognised", "identifies", "handled", "extended", "matching",
     "add_foo", "re-add", "fix", "leak", "padding", "valid", "did", "(new)", "x.id", "probe", "-", " ", ":",
     "\u00e9", "_", "2", "acpi id", "usb-id"]), max_size=12).map("".join)


#: The regular expression the set of hint words replaced (the oracle it must match).
_SUBJECT_HINT = re.compile(
    r"\b(?:add(?:s|ed|ing)?|support(?:s|ed|ing)?|introduce[sd]?|enable[sd]?|new|ids?|vid|pid|"
    r"compatibles?|variants?|models?|chips?|devices?|parts?|revision|match(?:ing)?|"
    r"recogni[sz]e[sd]?|identif(?:y|ies|ied)|handle[sd]?|extend(?:s|ed)?)\b", re.I)


@given(_HINTY, _HINTY)
@settings(max_examples=400, deadline=None)
def test_device_hints_read_by_words_match_the_regular_expressions(subject, body):
    from hwclass.devices import _BODY_HINT, announces
    assert announces(subject, body) == bool(_SUBJECT_HINT.search(subject) or _BODY_HINT.search(body))


# -- where two Kconfig versions differ ------------------------------------------------

def _naive_differing_lines(old: bytes, new: bytes) -> tuple[bytes, bytes]:
    """The definition, byte by byte: common head (back to a line start), then
    the common tail of what is left, then on to the end of its line."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    head = old.rfind(b"\n", 0, head) + 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    old_end, new_end = len(old) - tail, len(new) - tail
    k = old.find(b"\n", old_end)
    extra = (len(old) if k < 0 else k) - old_end
    return old[head:old_end + extra], new[head:new_end + extra]


_KCONFIG_BYTES = st.lists(st.sampled_from([b"a", b"b", b"\n", b"config X\n", b"\thelp\n"]), max_size=40).map(b"".join)


@given(_KCONFIG_BYTES, _KCONFIG_BYTES, _KCONFIG_BYTES)
@settings(max_examples=300, deadline=None)
def test_differing_lines_cut_the_common_head_and_tail(head, old_mid, new_mid):
    from hwclass.detect import differing_lines
    for old, new in ((head + old_mid, head + new_mid), (old_mid + head, new_mid + head),
                     (head + old_mid + head, head + new_mid + head)):
        assert differing_lines(old, new) == _naive_differing_lines(old, new)


@given(_KCONFIG_BYTES, _KCONFIG_BYTES, _KCONFIG_BYTES, st.integers(1, 400), st.integers(0, 400))
@settings(max_examples=150, deadline=None)
def test_differing_lines_in_long_files(head, old_mid, new_mid, before, after):
    """Files of many kilobytes (the comparison doubles its slices, then halves
    the one that differs): the same answer as byte by byte."""
    from hwclass.detect import differing_lines
    old = head * before + old_mid + head * after
    new = head * before + new_mid + head * after
    assert differing_lines(old, new) == _naive_differing_lines(old, new)
