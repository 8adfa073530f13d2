"""Kinds and taxonomies: every kind has a category, old LWN names map, bad files are refused."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from hwclass.errors import FileFormatError, HwclassError
from hwclass.taxonomy import UNCLASSIFIED, builtin_taxonomies, load_kinds, load_taxonomy

SHARED = Path(__file__).resolve().parents[2] / "shared"
LWN_DATA = SHARED / "data" / "lwn"
LWN_44 = SHARED / "examples" / "lwn-4.4.yaml"
KINDS_DOC = Path(__file__).resolve().parents[1] / "docs" / "KINDS.md"


def write(tmp_path: Path, text: str, name: str = "tax.yaml") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text).lstrip())
    return p


def lwn_category_names() -> set[str]:
    if not LWN_DATA.is_dir():
        pytest.skip(f"{LWN_DATA} is absent (shared/ sits beside the clone in CI)")
    names: set[str] = set()
    for f in sorted(LWN_DATA.glob("lwn-*.yaml")):
        names.update((yaml.safe_load(f.read_text()).get("categories") or {}).keys())
    return names


# -- kinds -----------------------------------------------------------------------

def test_kinds_are_a_sensible_documented_set():
    kinds = load_kinds()
    assert 40 <= len(kinds) <= 70
    for name in ("soc", "board", "iio", "pinctrl", "gpio", "rtc", "phy-net", "phy", "audio", "typec", "misc"):
        assert name in kinds
    for k in kinds.values():
        assert k.description and "\n" not in k.description


def test_docs_list_every_kind():
    doc = KINDS_DOC.read_text()
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", doc, re.M))
    assert documented == set(load_kinds())


# -- the built-in taxonomies -----------------------------------------------------

def test_builtin_names_default_first():
    names = builtin_taxonomies()
    assert names[0] == "lwn" and "lwn-2015" in names
    assert load_taxonomy().name == "lwn"


@pytest.mark.parametrize("name", ["lwn", "lwn-2015"])
def test_every_kind_maps_to_exactly_one_listed_category(name):
    tax = load_taxonomy(name)
    for kind in load_kinds():
        cat = tax.category_of(kind)
        assert cat in tax.categories, (kind, cat)
        assert kind in tax.kinds_in(cat)
    assert UNCLASSIFIED not in tax.categories
    assert sum(len(tax.kinds_in(c)) for c in tax.categories) == len(load_kinds())


def test_lwn_grouping_today():
    tax = load_taxonomy("lwn")
    assert tax.categories == ["Systems and processors", "Clock", "GPIO and pin control", "Graphics",
                              "Hardware monitoring", "Industrial I/O", "Input", "Media", "Miscellaneous",
                              "Networking", "Sound", "USB"]
    expect = {"rtc": "Clock", "gpio": "GPIO and pin control", "display-panel": "Graphics",
              "phy-net": "Networking", "bluetooth": "Networking", "phy": "Miscellaneous",
              "typec": "USB", "watchdog": "Miscellaneous", "crypto": "Miscellaneous", "audio": "Sound",
              "dvb": "Media", "soc": "Systems and processors", "board": "Systems and processors"}
    assert {k: tax.category_of(k) for k in expect} == expect


def test_lwn_2015_grouping():
    tax = load_taxonomy("lwn-2015")
    expect = {"audio": "Audio", "rtc": "Miscellaneous", "watchdog": "Watchdog", "hwrng": "Cryptographic",
              "gpio": "Pin control", "media": "Video4Linux", "storage": "Block"}
    assert {k: tax.category_of(k) for k in expect} == expect


def test_unknown_or_missing_kind_is_unclassified():
    tax = load_taxonomy()
    assert tax.category_of(None) == UNCLASSIFIED
    assert tax.category_of("flux-capacitor") == UNCLASSIFIED


def test_canonical_names_aliases_any_case():
    tax = load_taxonomy("lwn")
    assert tax.canonical("Sound") == "Sound"
    assert tax.canonical("audio") == "Sound"
    assert tax.canonical("PIN CONTROL") == "GPIO and pin control"
    assert tax.canonical("Video4Linux") == "Media"
    assert tax.canonical("Watchdog") == "Miscellaneous"
    assert tax.canonical("Unclassified") == UNCLASSIFIED
    assert tax.canonical("Gizmos") is None
    assert tax.kinds_in("Audio") == ["audio"]
    old = load_taxonomy("lwn-2015")
    assert old.canonical("Sound") == "Audio" and old.canonical("GPIO and pin control") == "Pin control"


@pytest.mark.parametrize("name", ["lwn", "lwn-2015"])
def test_every_category_name_lwn_ever_used_canonicalises(name):
    tax = load_taxonomy(name)
    unknown = sorted(c for c in lwn_category_names() if tax.canonical(c) is None)
    assert unknown == []


def test_lwn_2015_has_the_categories_of_the_4_4_article():
    if not LWN_44.exists():
        pytest.skip(f"{LWN_44} is absent")
    used = set(yaml.safe_load(LWN_44.read_text())["categories"])
    tax = load_taxonomy("lwn-2015")
    assert used <= set(tax.categories), used - set(tax.categories)


# -- user taxonomies ---------------------------------------------------------------

def test_user_file_extends_lwn_and_moves_kinds(tmp_path):
    p = write(tmp_path, """
        name: mine
        extends: lwn
        categories:
          Watchdog: [watchdog]
          Networking: [infiniband]
        aliases:
          Watchdogs: Watchdog
    """)
    tax = load_taxonomy(p)
    assert tax.name == "mine"
    assert tax.category_of("watchdog") == "Watchdog"
    assert tax.category_of("infiniband") == "Networking"
    assert tax.category_of("rtc") == "Clock"                     # inherited
    assert tax.categories[:2] == ["Systems and processors", "Clock"]
    assert tax.categories[-1] == "Watchdog"                       # new categories follow the parent's
    assert tax.canonical("watchdogs") == "Watchdog"
    assert tax.canonical("Audio") == "Sound"                     # the parent's aliases still work


def test_extending_can_empty_a_category_away(tmp_path):
    p = write(tmp_path, """
        name: audio-again
        extends: lwn
        categories:
          Audio: [audio]
        aliases:
          Sound: Audio
    """)
    tax = load_taxonomy(p)
    assert "Sound" not in tax.categories and tax.category_of("audio") == "Audio"
    assert tax.canonical("Sound") == "Audio"


def test_extends_a_file_relative_to_the_taxonomy(tmp_path):
    write(tmp_path, "name: base\nextends: lwn\ncategories:\n  Watchdog: [watchdog]\n", "base.yaml")
    p = write(tmp_path, "name: top\nextends: base.yaml\ncategories:\n  RTC: [rtc]\n", "top.yaml")
    tax = load_taxonomy(p)
    assert tax.category_of("watchdog") == "Watchdog" and tax.category_of("rtc") == "RTC"


def test_lwn_files_a_lone_item_under_miscellaneous_and_lwn_2015_does_not():
    lwn = load_taxonomy("lwn")
    assert lwn.sections(["Clock", "Sound", "Sound", UNCLASSIFIED, "Miscellaneous"]) == [
        "Miscellaneous", "Sound", "Sound", UNCLASSIFIED, "Miscellaneous"]
    assert load_taxonomy("lwn-2015").sections(["Audio", "RTC"]) == ["Audio", "RTC"]


def test_small_sections_are_inherited_changed_or_turned_off(tmp_path):
    inherit = load_taxonomy(write(tmp_path, "name: a\nextends: lwn\n", "a.yaml"))
    assert inherit.sections(["Clock", "USB"]) == ["Miscellaneous", "Miscellaneous"]
    off = load_taxonomy(write(tmp_path, "name: b\nextends: lwn\nsmall_sections: null\n", "b.yaml"))
    assert off.sections(["Clock", "USB"]) == ["Clock", "USB"]
    three = load_taxonomy(write(tmp_path, """
        name: c
        extends: lwn
        small_sections:
          fewer_than: 3
          into: networking
    """, "c.yaml"))
    assert three.sections(["Clock", "Clock", "USB", "USB", "USB"]) == [
        "Networking", "Networking", "USB", "USB", "USB"]
    # the parent's target emptied away: nothing moves
    gone = load_taxonomy(write(tmp_path, """
        name: d
        extends: lwn
        categories:
          Other: [platform, firmware, timer, infiniband, phy, crypto, hwrng, watchdog, spi, i2c, serial,
                  mmc, mtd, block, storage, nvmem, pci, power-supply, regulator, mfd, leds, pwm, thermal,
                  power-management, reset, remoteproc, mailbox, dma, iommu, interconnect, memory, fpga,
                  accel, irqchip, perf, bus, virtualization, misc, staging]
    """, "d.yaml"))
    assert "Miscellaneous" not in gone.categories
    assert gone.sections(["Clock"]) == ["Clock"]


def test_unknown_name_lists_the_builtin_ones():
    with pytest.raises(HwclassError) as exc:
        load_taxonomy("lwn-1999")
    assert "lwn-1999" in str(exc.value) and "lwn, lwn-2015" in str(exc.value)
    with pytest.raises(HwclassError, match="no such taxonomy file"):
        load_taxonomy("missing/taxonomy.yaml")


@pytest.mark.parametrize("text, line, words", [
    ("name: x\ncategories:\n  A: [iio\n", 3, "invalid YAML"),
    ("name: x\nextends: lwn\ncolour: red\n", 3, "unknown key 'colour'"),
    ("name: x\nextends: lwn\ncategories:\n  A: [iio, gizmo]\n", 4, "unknown kind 'gizmo'"),
    ("name: x\nextends: lwn\ncategories:\n  A: [iio]\n  B: [hwmon, iio]\n", 5, "two categories"),
    ("name: x\nextends: lwn\naliases:\n  Old: Nowhere\n", 4, "unknown category 'Nowhere'"),
    ("name: x\nextends: lwn\naliases:\n  Old: Older\n  Older: Old\n", 4, "cycle in aliases"),
    ("name: x\nextends: lwn\naliases:\n  Sound: Clock\n", 4, "also a category"),
    ("name: x\ncategories:\n  A: [iio]\n", 2, "kinds in no category"),
    ("name: x\nextends: lwn-1999\n", 2, "unknown taxonomy"),
    ("name: x\nextends: lwn\ncategories:\n  Unclassified: [iio]\n", 4, "reserved"),
    ("categories:\n  A: [iio]\n", 1, "missing 'name'"),
    ("name: [x]\n", 1, "must be text"),
    ("name: x\nextends: lwn\nsmall_sections:\n  fewer_than: 2\n  into: Nowhere\n", 5, "unknown category 'Nowhere'"),
    ("name: x\nextends: lwn\nsmall_sections:\n  fewer_than: two\n  into: USB\n", 4, "whole number"),
    ("name: x\nextends: lwn\nsmall_sections:\n  fewer_than: 0\n  into: USB\n", 4, "whole number"),
    ("name: x\nextends: lwn\nsmall_sections:\n  fewer_than: 2\n", 4, "needs both"),
    ("name: x\nextends: lwn\nsmall_sections:\n  fewer: 2\n", 4, "unknown key 'fewer'"),
    ("name: x\nextends: lwn\nsmall_sections: 2\n", 3, "must be a mapping"),
])
def test_malformed_taxonomies_name_file_and_line(tmp_path, text, line, words):
    p = tmp_path / "bad-tax.yaml"
    p.write_text(text)
    with pytest.raises(FileFormatError) as exc:
        load_taxonomy(p)
    assert exc.value.line == line, str(exc.value)
    assert words in str(exc.value)
    assert "bad-tax.yaml" in str(exc.value) and "\n" not in str(exc.value)


def test_cycle_in_extends_is_refused(tmp_path):
    write(tmp_path, "name: a\nextends: b.yaml\n", "a.yaml")
    write(tmp_path, "name: b\nextends: a.yaml\n", "b.yaml")
    with pytest.raises(FileFormatError, match="cycle in 'extends'"):
        load_taxonomy(tmp_path / "a.yaml")
