"""New devices in existing drivers: entries added to device-ID tables (`type: device` items)."""

from __future__ import annotations

import json

import pytest

from hwclass.devices import TableEntry, device_name, load_table_config, parse_tables
from hwclass.errors import FileFormatError
from hwclass.naming import hardware_name

LIGHT = "drivers/iio/light/ol100.c"


def light(part: str) -> str:
    """The name the OL100 driver's prompt gives (as naming cleans it), with another part number."""
    return hardware_name("Old Corp OL100 ambient light sensor").replace("OL100", part)


def c_source(**tables: list[str]) -> str:
    """A driver source with one table per kind: c_source(of=['{ .compatible = "a,b" }'], ...)."""
    out = ["// SPDX-License-Identifier: GPL-2.0", "#include <linux/module.h>",
           "static int probe(const struct i2c_device_id *id) { return 0; }", ""]
    for kind, entries in tables.items():
        name = kind.split("__")[0]
        table = kind.split("__")[1] if "__" in kind else f"ol100_{name}_ids"
        out.append(f"static const struct {name}_device_id {table}[] = {{")
        out.extend(f"\t{e}," for e in entries)
        out.append("\t{ /* sentinel */ }")
        out.append("};")
        out.append(f"MODULE_DEVICE_TABLE({name}, {table});")
        out.append("")
    return "\n".join(out) + "\n"


BASE_TABLES = {
    "of": ['{ .compatible = "oldcorp,ol100" }'],
    "i2c": ['{ "ol100", 0 }'],
    "spi": ['{ .name = "ol100" }'],
    "platform": ['{ .name = "ol100-platform" }'],
    "acpi": ['{ "OLDC0100", 0 }'],
    "pci": ["{ PCI_DEVICE(0x1ab8, 0x0100), .driver_data = 1 }"],
    "usb": ["{ USB_DEVICE(0x1ab8, 0x0100) }"],
}


def classify(hwclass, repo, *extra, rng="v1.0..HEAD"):
    result = hwclass("classify", rng, "--repo", repo.path, "--format", "json", "--model", "none", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def dev_repo(kernel_repo):
    """kernel_repo whose OL100 light-sensor driver has one table of each kind (tagged v1.0)."""
    kernel_repo.write(LIGHT, c_source(**BASE_TABLES))
    kernel_repo.commit("iio: light: ol100: device tables")
    kernel_repo.repo.git.tag("-f", "v1.0")
    return kernel_repo


def add_entries(repo, path=LIGHT, **new):
    tables = {k: list(v) for k, v in BASE_TABLES.items()}
    for kind, entries in new.items():
        tables[kind] = tables.get(kind, []) + entries
    repo.write(path, c_source(**tables))


# -- one item per new device ---------------------------------------------------------

def test_a_new_compatible_is_a_device_named_like_the_driver_and_categorised_with_it(hwclass, dev_repo):
    add_entries(dev_repo, of=['{ .compatible = "oldcorp,ol200" }'])
    sha = dev_repo.commit("iio: light: ol100: add OL200 support")
    [item] = classify(hwclass, dev_repo)
    assert item["type"] == "device"
    assert item["commit"] == sha
    assert item["hardware"] == light("OL200")
    assert item["symbols"] == ["OLD_LIGHT"]
    assert item["paths"] == [LIGHT]
    assert item["kind"] == "iio"
    assert item["category"] == "Industrial I/O"


@pytest.mark.parametrize("kind,entry", [
    ("of", '{ .compatible = "oldcorp,ol300" }'),
    ("i2c", '{ "ol300", 3 }'),
    ("spi", '{ .name = "ol300", .driver_data = 3 }'),
    ("platform", '{ .name = "ol300-platform" }'),
    ("acpi", '{ "OLDC0300", 0 }'),
    ("pci", "{ PCI_DEVICE(0x1ab8, 0x0300), .driver_data = 3 }"),
    ("usb", "{ USB_DEVICE(0x1ab8, 0x0300) }"),
])
def test_each_table_kind_gives_one_device(hwclass, dev_repo, kind, entry):
    add_entries(dev_repo, **{kind: [entry]})
    dev_repo.commit("iio: light: ol100: add OL300 support")
    items = classify(hwclass, dev_repo)
    assert [(i["type"], i["symbols"], i["category"]) for i in items] == \
        [("device", ["OLD_LIGHT"], "Industrial I/O")]
    assert "OL300" in items[0]["hardware"]


def test_parts_one_commit_adds_to_one_driver_make_one_item_naming_each(hwclass, dev_repo):
    add_entries(dev_repo, of=['{ .compatible = "oldcorp,ol400" }', '{ .compatible = "oldcorp,ol400-i2c" }',
                              '{ .compatible = "oldcorp,ol500" }'],
                i2c=['{ "ol400", 4 }', '{ "ol500", 5 }'])
    dev_repo.commit("iio: light: ol100: add OL400 and OL500")
    items = classify(hwclass, dev_repo)
    assert [i["hardware"] for i in items] == [light("OL400").replace("OL400", "OL400 and OL500")]


def test_a_part_named_by_a_macro_and_by_a_compatible_and_an_unnamed_id_beside_them_are_named_once(
        hwclass, dev_repo):
    # st_lsm6dsx, Linux 6.12: { ST_LSM6DSV_DEV_NAME, ... } beside "st,lsm6dsv", and an ACPI ID
    add_entries(dev_repo, i2c=['{ OL_OL600_DEV_NAME, 6 }', '{ OL_OL700_DEV_NAME, 7 }'],
                of=['{ .compatible = "oldcorp,ol600" }', '{ .compatible = "oldcorp,ol700" }'],
                acpi=['{ "OLDC0600", 6 }'])
    dev_repo.commit("iio: light: ol100: add OL600 and OL700")
    [item] = classify(hwclass, dev_repo)
    assert item["hardware"] == light("OL600").replace("OL600", "OL600 and OL700")


def test_a_table_entry_of_the_drivers_own_name_is_not_a_new_device(hwclass, dev_repo):
    # cros-ec-cec, Linux 6.12: MODULE_ALIAS("platform:" DRV_NAME) became { DRV_NAME, 0 }
    add_entries(dev_repo, platform__ol100_own_ids=["{ DRV_NAME, 0 }"])
    dev_repo.commit("iio: light: ol100: match by a platform device ID table")
    assert classify(hwclass, dev_repo) == []


def test_parts_added_to_one_driver_in_two_commits_make_two_items(hwclass, dev_repo):
    add_entries(dev_repo, of=['{ .compatible = "oldcorp,ol400" }'])
    dev_repo.commit("iio: light: ol100: add OL400")
    add_entries(dev_repo, of=['{ .compatible = "oldcorp,ol400" }', '{ .compatible = "oldcorp,ol500" }'])
    dev_repo.commit("iio: light: ol100: add OL500")
    items = classify(hwclass, dev_repo)
    assert [i["hardware"] for i in items] == [light("OL400"), light("OL500")]


@pytest.mark.parametrize("drivers, body, listed", [
    (0, "", True),            # one driver, "Add ...": read
    (60, "", False),          # sixty drivers, "Add missing ...": a mechanical tree-wide edit
    (60, "While at it, add the oldcorp,ol200 compatible.", True),   # unless the body says so
])
def test_a_tree_wide_add_says_ids_to_be_read_for_new_devices(hwclass, dev_repo, drivers, body, listed):
    others = [f"drivers/misc/other{i}.c" for i in range(drivers)]
    for path in others:
        dev_repo.write(path, "// SPDX-License-Identifier: GPL-2.0\n#include <linux/module.h>\n")
    dev_repo.commit("misc: other drivers")
    dev_repo.repo.git.tag("-f", "v1.0")
    for path in others:
        dev_repo.write(path, "// SPDX-License-Identifier: GPL-2.0\n#include <linux/module.h>\n"
                       'MODULE_DESCRIPTION("Other driver");\n')
    add_entries(dev_repo, of=['{ .compatible = "oldcorp,ol200" }'])
    dev_repo.commit("treewide: Add missing MODULE_DESCRIPTION() macros", body)
    items = classify(hwclass, dev_repo)
    assert [i["hardware"] for i in items] == ([light("OL200")] if listed else [])


def test_numeric_ids_of_one_commit_make_one_item_named_from_the_subject(hwclass, dev_repo):
    add_entries(dev_repo, pci=["{ PCI_VDEVICE(OLDC, 0x0600), 6 }", "{ PCI_VDEVICE(OLDC, 0x0601), 6 }"])
    dev_repo.commit("iio: light: ol100: add Acme Lumen-6 PCI IDs")
    [item] = classify(hwclass, dev_repo)
    assert item["hardware"] == "Acme Lumen-6 PCI IDs"
    assert item["symbols"] == ["OLD_LIGHT"]


def test_a_hidden_bus_symbol_gives_way_to_the_prompted_driver_that_selects_it(hwclass, dev_repo):
    dev_repo.append("drivers/iio/light/Kconfig", """
        config OLD_LIGHT_I2C
        \ttristate
        \tdepends on OLD_LIGHT
        """)
    dev_repo.append("drivers/iio/light/Makefile", "obj-$(CONFIG_OLD_LIGHT_I2C) += ol100-i2c.o\n")
    dev_repo.write("drivers/iio/light/ol100-i2c.c", c_source(of=['{ .compatible = "oldcorp,ol100" }']))
    dev_repo.commit("iio: light: ol100: split the I2C part")
    dev_repo.repo.git.tag("-f", "v1.0")
    dev_repo.write("drivers/iio/light/ol100-i2c.c", c_source(
        of=['{ .compatible = "oldcorp,ol100" }', '{ .compatible = "oldcorp,ol700" }']))
    dev_repo.commit("iio: light: ol100: add OL700")
    [item] = classify(hwclass, dev_repo)
    assert item["symbols"] == ["OLD_LIGHT"]
    assert item["paths"] == ["drivers/iio/light/ol100-i2c.c"]
    assert item["hardware"] == light("OL700")


def test_devices_and_drivers_come_in_commit_order(hwclass, dev_repo):
    add_entries(dev_repo, of=['{ .compatible = "oldcorp,ol200" }'])
    first = dev_repo.commit("iio: light: ol100: add OL200 support")
    dev_repo.add_driver("drivers/iio/light", "APDS9960", "Avago APDS9960 proximity sensor", "apds9960.c")
    second = dev_repo.commit("iio: light: add APDS9960 driver")
    dev_repo.write("sound/soc/codecs/oc1.c", c_source(of=['{ .compatible = "oldcorp,oc2" }']))
    third = dev_repo.commit("ASoC: oc1: add OC2 support")
    items = classify(hwclass, dev_repo)
    assert [(i["commit"], i["type"]) for i in items] == [(first, "device"), (second, "driver"),
                                                         (third, "device")]
    assert items[2]["category"] == "Sound"


# -- what is not a new device ------------------------------------------------------------

def test_an_entry_moved_within_a_table_or_to_another_file_is_not_new(hwclass, dev_repo):
    tables = {k: list(v) for k, v in BASE_TABLES.items()}
    tables["of"] = ['{ .compatible = "oldcorp,ol100-legacy" }'] + tables["of"]
    dev_repo.write(LIGHT, c_source(**tables))
    dev_repo.commit("iio: light: ol100: tables")
    dev_repo.repo.git.tag("-f", "v1.0")
    # reordered in the same table
    tables["of"] = list(reversed(tables["of"]))
    dev_repo.write(LIGHT, c_source(**tables))
    dev_repo.commit("iio: light: ol100: sort the match table, add nothing")
    # moved to another existing file in one commit
    dev_repo.write("drivers/misc/oldmisc.c", c_source(of=['{ .compatible = "oldmisc,w1" }']))
    dev_repo.commit("misc: oldmisc: add a match table")
    dev_repo.repo.git.tag("-f", "v1.0")
    tables["of"] = ['{ .compatible = "oldcorp,ol100" }']
    dev_repo.write(LIGHT, c_source(**tables))
    dev_repo.write("drivers/misc/oldmisc.c", c_source(
        of=['{ .compatible = "oldmisc,w1" }', '{ .compatible = "oldcorp,ol100-legacy" }']))
    dev_repo.commit("misc: oldmisc: add the legacy OL100 support")
    assert classify(hwclass, dev_repo) == []


@pytest.mark.parametrize("edited", [False, True])
def test_a_device_added_to_a_driver_the_range_later_renames_is_still_new(hwclass, dev_repo, edited):
    add_entries(dev_repo, of=['{ .compatible = "oldcorp,ol700" }'])
    added = dev_repo.commit("iio: light: ol100: add OL700 support")
    dev_repo.move(LIGHT, "drivers/iio/light/ol100-core.c")
    if edited:
        dev_repo.append("drivers/iio/light/ol100-core.c", "/* the core of the OL100 driver */\n")
    mk = dev_repo.path / "drivers/iio/light/Makefile"
    mk.write_text(mk.read_text().replace("ol100.o", "ol100-core.o"))
    dev_repo.commit("iio: light: ol100: rename the source")
    [item] = classify(hwclass, dev_repo)
    assert (item["commit"], item["hardware"]) == (added, light("OL700"))


def test_a_device_is_named_by_its_driver_as_the_range_leaves_it(hwclass, dev_repo):
    """The driver behind new IDs is read at the end of the range: a prompt the
    range later rewrites names the device as the driver is now."""
    add_entries(dev_repo, of=['{ .compatible = "oldcorp,ol800" }'])
    added = dev_repo.commit("iio: light: ol100: add OL800 support")
    kconfig = dev_repo.path / "drivers/iio/light/Kconfig"
    kconfig.write_text(kconfig.read_text().replace("Old Corp OL100 ambient light sensor",
                                                   "Old Corp OL100 ambient light and proximity sensor"))
    dev_repo.commit("iio: light: ol100: say that it senses proximity")
    [item] = classify(hwclass, dev_repo)
    assert item["commit"] == added
    assert item["hardware"] == hardware_name("Old Corp OL100 ambient light and proximity sensor").replace(
        "OL100", "OL800")
    # up to the commit that added it, the driver had its old prompt
    [item] = classify(hwclass, dev_repo, rng=f"v1.0..{added}")
    assert item["hardware"] == light("OL800")


def test_an_entry_removed_in_one_commit_and_added_elsewhere_in_another_is_not_new(hwclass, dev_repo):
    dev_repo.add_driver("drivers/iio/light", "NEW_LIGHT", "New Corp NL1 light sensor", "nl1.c")
    dev_repo.write("drivers/iio/light/nl1.c", c_source(of=['{ .compatible = "newcorp,nl1" }']))
    dev_repo.commit("iio: light: add NL1")
    dev_repo.repo.git.tag("-f", "v1.0")
    dev_repo.write("drivers/iio/light/nl1.c", c_source(
        of=['{ .compatible = "newcorp,nl1" }', '{ .compatible = "oldcorp,ol100" }']))
    dev_repo.commit("iio: light: nl1: add OL100 support")
    tables = {k: list(v) for k, v in BASE_TABLES.items()}
    tables["of"] = []
    dev_repo.write(LIGHT, c_source(**tables))
    dev_repo.commit("iio: light: ol100: the OF table lives in nl1 now")
    assert classify(hwclass, dev_repo) == []


def test_a_known_part_matched_another_way_is_not_a_new_device(hwclass, dev_repo):
    dev_repo.write("drivers/misc/oldmisc.c", c_source(i2c=['{ "w1", 0 }']))
    dev_repo.commit("misc: oldmisc: I2C table")
    dev_repo.repo.git.tag("-f", "v1.0")
    dev_repo.write("drivers/misc/oldmisc.c", c_source(i2c=['{ "w1", 0 }'], of=['{ .compatible = "oldmisc,w1" }']))
    dev_repo.commit("misc: oldmisc: add device tree support")
    assert classify(hwclass, dev_repo) == []


def test_quirk_and_test_tables_are_not_devices(hwclass, dev_repo):
    dev_repo.write("drivers/usb/core/quirks.c", c_source(usb__usb_quirk_list=["{ USB_DEVICE(0x1, 0x2) }"]))
    dev_repo.write("drivers/misc/oldmisc.c", c_source(
        pci__oldmisc_blacklist=["{ PCI_DEVICE(0x1, 0x2) }"], usb__oldmisc_quirks=["{ USB_DEVICE(0x3, 0x4) }"]))
    dev_repo.write("drivers/iio/light/ol100_kunit.c", c_source(of=['{ .compatible = "test,ol1" }']))
    dev_repo.commit("misc: tables")
    dev_repo.repo.git.tag("-f", "v1.0")
    dev_repo.write("drivers/usb/core/quirks.c", c_source(
        usb__usb_quirk_list=["{ USB_DEVICE(0x1, 0x2) }", "{ USB_DEVICE(0x1, 0x3) }"]))
    dev_repo.write("drivers/misc/oldmisc.c", c_source(
        pci__oldmisc_blacklist=["{ PCI_DEVICE(0x1, 0x2) }", "{ PCI_DEVICE(0x1, 0x9) }"],
        usb__oldmisc_quirks=["{ USB_DEVICE(0x3, 0x4) }", "{ USB_DEVICE(0x3, 0x5) }"]))
    dev_repo.write("drivers/iio/light/ol100_kunit.c", c_source(
        of=['{ .compatible = "test,ol1" }', '{ .compatible = "test,ol2" }']))
    dev_repo.commit("USB: add quirks for the new Foo 123 devices")
    assert classify(hwclass, dev_repo) == []


def test_the_same_device_added_in_two_commits_is_reported_once_the_first_time(hwclass, dev_repo):
    add_entries(dev_repo, of=['{ .compatible = "oldcorp,ol200" }'])
    first = dev_repo.commit("iio: light: ol100: add OL200 support")
    add_entries(dev_repo, of=['{ .compatible = "oldcorp,ol200" }'], i2c=['{ "ol200", 2 }'])
    dev_repo.commit("iio: light: ol100: add OL200 I2C ID")
    items = classify(hwclass, dev_repo)
    assert [(i["commit"], i["hardware"]) for i in items] == [(first, light("OL200"))]


def test_a_device_of_a_driver_added_in_the_range_is_covered_by_the_driver_item(hwclass, dev_repo):
    dev_repo.add_driver("drivers/iio/light", "APDS9960", "Avago APDS9960 proximity sensor", "apds9960.c")
    dev_repo.write("drivers/iio/light/apds9960.c", c_source(of=['{ .compatible = "avago,apds9960" }']))
    dev_repo.commit("iio: light: add APDS9960 driver")
    dev_repo.write("drivers/iio/light/apds9960.c", c_source(
        of=['{ .compatible = "avago,apds9960" }', '{ .compatible = "avago,apds9961" }']))
    dev_repo.commit("iio: light: apds9960: add APDS9961 support")
    items = classify(hwclass, dev_repo)
    assert [(i["type"], i["symbols"]) for i in items] == [("driver", ["APDS9960"])]


def test_type_option_selects_drivers_or_devices(hwclass, dev_repo):
    dev_repo.add_driver("drivers/iio/light", "APDS9960", "Avago APDS9960 proximity sensor", "apds9960.c")
    dev_repo.commit("iio: light: add APDS9960 driver")
    add_entries(dev_repo, of=['{ .compatible = "oldcorp,ol200" }'])
    dev_repo.commit("iio: light: ol100: add OL200 support")
    assert [i["type"] for i in classify(hwclass, dev_repo)] == ["driver", "device"]
    assert [i["type"] for i in classify(hwclass, dev_repo, "--type", "driver")] == ["driver"]
    assert [i["type"] for i in classify(hwclass, dev_repo, "--type", "device")] == ["device"]


# -- the table parser on its own -----------------------------------------------------------

def test_parse_tables_reads_entries_and_skips_sentinels_comments_and_preprocessor_lines():
    text = """
    static const struct of_device_id foo_of_match[] __maybe_unused = {
        { .compatible = "acme,foo100", .data = &foo100_info },   /* { .compatible = "x,no" } */
    #ifdef CONFIG_FOO_LEGACY
        { .compatible = "acme,foo90" },
    #endif
        // { .compatible = "acme,commented" },
        {},
    };
    static const struct i2c_device_id foo_id[] = {
        FOO_ENTRY("foo100", FOO100),
        { "foo90", (kernel_ulong_t)&foo90_info },
        { }
    };
    static const struct pci_device_id foo_pci_ids[] = {
        { PCI_VDEVICE(ACME, 0x1234), board_a },
        { 0x1a2b, 0x00FF, PCI_ANY_ID, PCI_ANY_ID, 0, 0, 7 },
        { 0, }
    };
    static const struct usb_device_id foo_quirks[] = { { USB_DEVICE(1, 2) }, { } };
    """
    tables = parse_tables(text, "drivers/foo/foo.c")
    assert [(t.kind, t.name) for t in tables] == [("of", "foo_of_match"), ("i2c", "foo_id"),
                                                  ("pci", "foo_pci_ids")]
    assert [e.key for e in tables[0].entries] == ["acme,foo100", "acme,foo90"]
    assert [e.key for e in tables[1].entries] == ["foo100", "foo90"]
    assert [e.key for e in tables[2].entries] == ["pci_vdevice(acme,0x1234)", "0x1a2b,0x00ff,pci_any_id,pci_any_id,0,0"]
    assert [t.name for t in parse_tables(text, "x.c", include_quirks=True)][-1] == "foo_quirks"


def test_tables_far_below_the_first_mention_of_a_device_id_are_read_from_bytes():
    # git gives bytes: a comment naming of_device_id at the top, the tables pages later
    text = ("/* matched through struct of_device_id and MODULE_DEVICE_TABLE */\n"
            + "static int filler(void) { return 0; }\n" * 400
            + 'static const struct of_device_id foo_of_match[] = {\n\t{ .compatible = "acme,foo" },\n\t{ }\n};\n'
            + "int more;\n" * 400
            + "static const struct i2c_device_id foo_id[] = {\n\t{ \"foo100\" },\n\t{ }\n};\n")
    tables = parse_tables(text.encode(), "drivers/foo/foo.c")
    assert [(t.name, [e.key for e in t.entries]) for t in tables] == [
        ("foo_of_match", ["acme,foo"]), ("foo_id", ["foo100"])]
    assert parse_tables(b"/* no table here */\nint x;\n", "drivers/foo/bar.c") == []
    # the first mention is the declaration itself
    [t] = parse_tables(b'static const struct spi_device_id bar_id[] = {\n\t{ "bar1" },\n\t{ }\n};\n', "bar.c")
    assert [e.key for e in t.entries] == ["bar1"]


def test_driver_data_is_not_part_of_a_numeric_id():
    a = parse_tables("struct usb_device_id t[] = { { USB_DEVICE(1, 2), .driver_info = 5 }, {} };")
    b = parse_tables("struct usb_device_id t[] = {{USB_DEVICE(1,2), .driver_info = 6}, {}};")
    assert a[0].entries[0].key == b[0].entries[0].key


def test_rust_of_tables_are_read():
    text = 'kernel::of_device_table!(T, MODULE_OF_TABLE, (), [(of::DeviceId::new(c_str!("acme,rfoo")), ())]);'
    [t] = parse_tables(text, "drivers/foo/foo.rs")
    assert [e.key for e in t.entries] == ["acme,rfoo"]


def test_u_boot_udevice_id_tables_are_compatibles_as_of_device_id_tables_are():
    text = ("static const struct udevice_id acme_gpio_ids[] = {\n"
            "\t{ .compatible = \"acme,gpio100\", .data = ACME_V1 },\n"
            "\t{ .compatible = \"acme,gpio200\" },\n\t{ }\n};\n"
            "U_BOOT_DRIVER(acme_gpio) = {\n\t.of_match = acme_gpio_ids,\n};\n")
    [table] = parse_tables(text.encode(), "drivers/gpio/acme_gpio.c")
    assert (table.kind, table.name, [e.key for e in table.entries]) == ("of", "acme_gpio_ids",
                                                                       ["acme,gpio100", "acme,gpio200"])


def test_a_table_kind_of_its_own_struct_type_is_read_from_a_tables_file(tmp_path):
    tables = tmp_path / "tables.yaml"
    tables.write_text("kinds:\n  acme: {style: named, id_fields: [name], structs: [acme_match]}\n")
    text = b'static const struct acme_match m[] = { { .name = "widget9" }, { } };\n'
    [table] = parse_tables(text, "drivers/misc/w.c", load_table_config(tables))
    assert (table.kind, [e.key for e in table.entries]) == ("acme", ["widget9"])


def test_coreboot_pci_id_arrays_a_driver_points_at_are_pci_tables():
    text = (b"static const unsigned short pci_device_ids[] = {\n"
            b"\tPCI_DID_INTEL_MTL_XHCI,\n\t0x1e31, /* Panther Point */\n\t0\n};\n"
            b"static const unsigned short lanes[] = { 1, 2, 0 };\n"
            b"static const struct pci_driver usb_xhci __pci_driver = {\n"
            b"\t.vendor = PCI_VID_INTEL,\n\t.devices = pci_device_ids,\n};\n")
    [table] = parse_tables(text, "src/soc/intel/common/block/xhci/xhci.c")
    assert (table.kind, table.name, table.line, [e.key for e in table.entries]) == (
        "pci", "pci_device_ids", 1, ["pci_did_intel_mtl_xhci", "0x1e31"])


def test_zephyr_drv_compat_defines_are_read_as_compatibles_beside_the_tables():
    text = ("#define DT_DRV_COMPAT nordic_nrf_uarte\n"
            "// #define DT_DRV_COMPAT not_this_one\n"
            "#undef DT_DRV_COMPAT\n"
            "  #  define DT_DRV_COMPAT st_stm32_i2c_v2 /* the second IP */\n"
            "static const struct of_device_id t[] = { { .compatible = \"acme,foo\" }, {} };\n")
    tables = parse_tables(text.encode(), "drivers/serial/uart_nrfx_uarte.c")
    assert [(t.name, t.line, [e.key for e in t.entries]) for t in tables] == [
        ("DT_DRV_COMPAT", 1, ["nordic,nrf-uarte", "st,stm32-i2c-v2"]),
        ("t", 5, ["acme,foo"]),
    ]
    assert parse_tables(text, "x.c") == tables   # text or bytes alike


def test_device_name_takes_vendor_and_noun_from_the_prompt_and_the_part_from_the_id():
    e = TableEntry("of", "bosch,bmp580", "bosch,bmp580")
    prompt = "Bosch Sensortec BMP180/BMP280/BMP380/BMP580 pressure sensor driver"
    assert device_name([e], prompt, "", "iio: pressure: bmp280: add BMP580 support") == \
        "Bosch Sensortec BMP580 pressure sensor"
    # no part number in the prompt: the vendor prefix's company names the vendor
    e = TableEntry("of", "acme,xy12-i2c", "acme,xy12-i2c")
    assert device_name([e], "Touchscreen controller", "", "Input: add xy12",
                       vendor_of=lambda p: "Acme Widgets" if p == "acme" else "") == \
        "Acme Widgets XY12 Touchscreen controller"

    # "USB2PHY" names what the driver drives, not a part: it stays in the name
    e = TableEntry("of", "rockchip,rk3588-usb2phy", "rockchip,rk3588-usb2phy")
    assert device_name([e], "Rockchip INNO USB2PHY Driver", "", "phy: rockchip: add rk3588 support",
                       vendor_of=lambda p: "Fuzhou Rockchip" if p == "rockchip" else "") == \
        "Rockchip RK3588 INNO USB2PHY"


def test_a_device_name_drops_what_the_prompt_says_about_other_chips_and_modes():
    # Linux 6.12's xhci-tegra, dwc3 glue, Kirkwood audio and SOF machine prompts
    def name(compatible, prompt):
        return device_name([TableEntry("of", compatible, compatible)], prompt, "", "",
                           vendor_of=lambda p: {"nvidia": "NVIDIA", "marvell": "Marvell",
                                                "cirrus": "Cirrus Logic", "brcm": "Broadcom"}.get(p, ""))
    assert name("nvidia,tegra234-xusb", "xHCI support for Tegra SoCs") == "NVIDIA Tegra234 xHCI"
    assert name("brcm,bcm2711-xhci", "Generic xHCI driver for a platform device") == "Broadcom BCM2711 xHCI"
    assert name("marvell,armada-380-audio", "Marvell 380 SoC Audio for the Kirkwood and Dove chips") == \
        "Marvell 380 SoC audio"
    assert name("cirrus,cs42l42", "SOF with CS42L42 codec in I2S Mode") == "Cirrus Logic CS42L42 codec"
    # a "for" that says what the hardware is for stays
    assert name("marvell,ac5-gpio", "GPIO expander for Acme boards and more") == \
        "Marvell AC5 GPIO expander for Acme boards and more"


def test_a_device_name_spells_the_chip_as_its_family_is_written_and_says_the_family_once():
    # Linux 6.12's prompts: the family in the noun is the chip's, already named
    def name(compatible, prompt):
        return device_name([TableEntry("of", compatible, compatible)], prompt, "", "",
                           vendor_of=lambda p: {"nvidia": "NVIDIA", "nuvoton": "Nuvoton", "fsl": "NXP",
                                                "x-powers": "X-Powers", "ti": "Texas Instruments"}.get(p, ""))
    assert name("nvidia,tegra234-xusb-padctl", "NVIDIA Tegra XUSB pad controller driver") == \
        "NVIDIA Tegra234 XUSB pad controller"
    assert name("x-powers,axp717", "X-Powers AXP series PMICs with I2C") == "X-Powers AXP717 PMICs with I2C"
    assert name("nuvoton,npcm845-rng", "NPCM Random Number Generator support") == \
        "Nuvoton NPCM845 Random Number Generator"
    assert name("fsl,imx8qxp-cm4", "i.MX remoteproc support") == "NXP i.MX8QXP remoteproc"
    # a family that is the whole noun stays: a name needs a noun
    assert name("ti,dac081c081", "DAC") == "Texas Instruments DAC081C081 DAC"


def test_another_block_of_a_chip_the_driver_knows_is_not_new_hardware_but_a_new_chip_is(hwclass, dev_repo):
    add_entries(dev_repo, of=['{ .compatible = "oldcorp,ol100-aon" }',        # the OL100's always-on block
                              '{ .compatible = "oldcorp,sun50i-ol700" }'])    # a new chip after a family marker
    dev_repo.commit("iio: light: ol100: add the always-on block and OL700")
    [item] = classify(hwclass, dev_repo)
    assert "OL700" in item["hardware"]
    # another vendor's SoC holding the block is new hardware (as mobileye,eyeq-sd4hc beside cdns,sd4hc)
    add_entries(dev_repo, of=['{ .compatible = "oldcorp,ol100-aon" }', '{ .compatible = "oldcorp,sun50i-ol700" }',
                              '{ .compatible = "newcorp,eyeq-ol100" }'])
    dev_repo.commit("iio: light: ol100: add the Newcorp EyeQ block")
    assert len(classify(hwclass, dev_repo, rng="HEAD~1..HEAD")) == 1


def test_chip_of_skips_family_markers_buses_and_versions():
    from hwclass.devices import chip_of
    assert chip_of("sun50i-h616-ths") == "h616"
    assert chip_of("sdm845-qmp-usb3-phy") == "sdm845"
    assert chip_of("2712-v3d") == "2712"
    assert chip_of("versal-qspi-1.0") == ""


def test_nxp_chips_are_spelled_i_mx_and_sonys_sensors_keep_their_imx():
    prompt = "Acme LCD controller"
    assert device_name([TableEntry("of", "fsl,imx93-lcdif", "fsl,imx93-lcdif")], prompt, "", "",
                       vendor_of=lambda p: "Freescale").startswith("Freescale i.MX93")
    assert device_name([TableEntry("of", "sony,imx577", "sony,imx577")], "Sony IMX412 sensor", "", "",
                       vendor_of=lambda p: "Sony") == "Sony IMX577 sensor"


def test_numeric_ids_of_a_driver_without_a_prompt_in_a_commit_named_for_a_release():
    # A squashed import: the subject names the release, not the hardware.
    e = TableEntry("pci", "0x1234,0x5678", "0x1234,0x5678")
    assert device_name([e], "", "", "Linux 6.12", "ARCH_TEGRA") == "ARCH_TEGRA (new IDs)"
    assert device_name([e], "", "", "PCI: add IDs for the Acme AB12 bridge", "ACME") == "Acme AB12 bridge"


def test_a_malformed_table_file_is_a_file_format_error_with_its_line(tmp_path):
    bad = tmp_path / "tables.yaml"
    bad.write_text("kinds:\n  of: {style: named\n")
    with pytest.raises(FileFormatError) as err:
        load_table_config(bad)
    assert err.value.line is not None
    bad.write_text("kinds:\n  of: {style: sideways}\n")
    with pytest.raises(FileFormatError, match="style"):
        load_table_config(bad)
    bad.write_text("kinds:\n  of: {style: named, structs: [of_device_id, 'not a type']}\n")
    with pytest.raises(FileFormatError, match="'structs' must be a list of C struct type names"):
        load_table_config(bad)
    bad.write_text("kinds:\n  of: {style: named, structs: [udevice_id]}\n"
                   "  i2c: {style: named, structs: [udevice_id]}\n")
    with pytest.raises(FileFormatError, match="struct udevice_id is given to two kinds"):
        load_table_config(bad)


def test_numeric_ids_nothing_else_names_take_the_prompt_of_a_platform_symbol_defined_far_away(hwclass, kernel_repo):
    # ARCH_TEGRA builds drivers/soc/tegra/fuse/ from arch/arm64/Kconfig.platforms:
    # its prompt, not its name, says whose IDs a release's squashed commit added.
    kernel_repo.write("arch/arm64/Kconfig.platforms", 'config ARCH_ACME\n\tbool "Acme SoC family"\n')
    kernel_repo.write("drivers/soc/acme/Makefile", "obj-$(CONFIG_ARCH_ACME) += acme-fuse.o\n")
    fuse = "drivers/soc/acme/acme-fuse.c"
    kernel_repo.write(fuse, c_source(pci__acme_fuse_ids=["{ PCI_DEVICE(0x1ab8, 0x0100) }"]))
    kernel_repo.commit("soc: acme: fuse driver")
    kernel_repo.repo.git.tag("-f", "v1.0")
    kernel_repo.write(fuse, c_source(pci__acme_fuse_ids=["{ PCI_DEVICE(0x1ab8, 0x0100) }",
                                                         "{ PCI_DEVICE(0x1ab8, 0x0200) }"]))
    kernel_repo.commit("Linux 9.9", "A squashed import, with a new PCI ID among others.")
    [item] = classify(hwclass, kernel_repo)
    assert item["hardware"] == "Acme SoC family (new IDs)"
    assert item["symbols"] == ["ARCH_ACME"] and item["paths"] == [fuse]


def test_a_compatible_added_to_a_u_boot_driver_is_a_new_device(hwclass, kernel_repo):
    gpio = "drivers/gpio/acme_gpio.c"
    table = ("static const struct udevice_id acme_gpio_ids[] = {{\n{}\t{{ }}\n}};\n\n"
             "U_BOOT_DRIVER(acme_gpio) = {{\n\t.name = \"acme_gpio\",\n\t.id = UCLASS_GPIO,\n"
             "\t.of_match = acme_gpio_ids,\n}};\n")
    kernel_repo.add_driver("drivers/gpio", "ACME_GPIO", "Acme AG100 GPIO controller", "acme_gpio.c")
    kernel_repo.write(gpio, table.format('\t{ .compatible = "acme,ag100" },\n'))
    base = kernel_repo.commit("gpio: add the Acme AG100 driver")
    kernel_repo.write(gpio, table.format('\t{ .compatible = "acme,ag100" },\n\t{ .compatible = "acme,ag250" },\n'))
    sha = kernel_repo.commit("gpio: acme: add support for the AG250")
    [item] = classify(hwclass, kernel_repo, rng=f"{base}..HEAD")
    assert (item["commit"], item["type"], item["symbols"], item["paths"], item["category"]) == (
        sha, "device", ["ACME_GPIO"], [gpio], "GPIO and pin control")
    assert item["hardware"] == "Acme AG250 GPIO controller"
