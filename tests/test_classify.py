"""`hwclass classify` on real temporary repositories: what is an item, and what is not."""

from __future__ import annotations

import csv
import io
import json

import yaml

from hwclass.item import RECORD_KEYS

from conftest import classify_json


def test_a_new_driver_is_reported_with_name_kind_and_category(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/iio/light", "APDS9960", "Avago APDS9960 gesture/RGB/ALS/proximity sensor",
                           "apds9960.c")
    sha = kernel_repo.commit("iio: light: add APDS9960 driver")
    [item] = classify_json(hwclass, kernel_repo)
    assert item["commit"] == sha
    assert item["subject"] == "iio: light: add APDS9960 driver"
    assert item["hardware"] == "Avago APDS9960 gesture/RGB/ALS/proximity sensor"
    assert item["kind"] == "iio"
    assert item["category"] == "Industrial I/O"
    assert item["decided_by"].startswith("rule:drivers/iio")
    assert item["confidence"] == 1.0
    assert item["symbols"] == ["APDS9960"]
    assert item["paths"] == ["drivers/iio/light/apds9960.c"]
    assert item["type"] == "driver"


def test_records_have_exactly_the_documented_keys(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/iio/light", "APDS9960", "Avago APDS9960 sensor", "apds9960.c")
    kernel_repo.commit("iio: light: add APDS9960 driver")
    [item] = classify_json(hwclass, kernel_repo)
    assert tuple(item) == RECORD_KEYS


def test_a_commit_adding_two_drivers_yields_two_items_in_symbol_order(hwclass, kernel_repo):
    kernel_repo.add_driver("sound/soc/codecs", "SND_SOC_WM8998", "Wolfson WM8998 codec", "wm8998.c")
    kernel_repo.add_driver("sound/soc/codecs", "SND_SOC_DA7219", "Dialog DA7219 codec", "da7219.c")
    kernel_repo.commit("ASoC: add two codecs")
    items = classify_json(hwclass, kernel_repo)
    assert [i["symbols"] for i in items] == [["SND_SOC_DA7219"], ["SND_SOC_WM8998"]]
    assert {i["category"] for i in items} == {"Sound"}


def test_items_come_in_commit_order_oldest_first(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/iio/light", "ZZZ1", "Zeta ZZ1 light sensor", "zz1.c")
    first = kernel_repo.commit("iio: light: add ZZ1")
    kernel_repo.add_driver("drivers/iio/light", "AAA1", "Alpha AA1 light sensor", "aa1.c")
    second = kernel_repo.commit("iio: light: add AA1")
    items = classify_json(hwclass, kernel_repo)
    assert [i["commit"] for i in items] == [first, second]


def test_hidden_symbols_debug_options_and_tests_are_not_items(hwclass, kernel_repo):
    kernel_repo.append("drivers/iio/light/Kconfig", """
        config OLD_LIGHT_HELPER
        \ttristate
        \tselect REGMAP_I2C

        config OLD_LIGHT_DEBUG
        \tbool "Old Corp OL100 debug messages"
        \tdepends on OLD_LIGHT

        config OLD_LIGHT_KUNIT_TEST
        \ttristate "KUnit tests for the OL100 driver" if !KUNIT_ALL_TESTS
        \tdepends on KUNIT
        """)
    kernel_repo.append("drivers/iio/light/Makefile",
                       "obj-$(CONFIG_OLD_LIGHT_HELPER) += ol100-helper.o\n"
                       "ccflags-$(CONFIG_OLD_LIGHT_DEBUG) += -DDEBUG\n"
                       "obj-$(CONFIG_OLD_LIGHT_KUNIT_TEST) += ol100_kunit.o\n")
    kernel_repo.write("drivers/iio/light/ol100-helper.c", "int x;\n")
    kernel_repo.write("drivers/iio/light/ol100_kunit.c", "int y;\n")
    kernel_repo.commit("iio: light: ol100: add helper, debug and tests")
    assert classify_json(hwclass, kernel_repo) == []


def test_a_driver_built_by_a_makefile_far_from_its_kconfig_in_a_later_commit(hwclass, kernel_repo):
    # drivers/crypto/Kconfig holds s390 symbols built in drivers/s390/crypto/; the
    # Makefile line (written "+=obj", no space) lands in the commit after.
    kernel_repo.append("drivers/crypto/Kconfig", """
        config PKEY_FOO
        	tristate "Foo key handler for the Acme FX9 crypto card"
        	help
        	  The handler of the FX9 card.
        """)
    kernel_repo.write("drivers/s390/crypto/pkey_foo.c", "int pkey_foo;\n")
    kernel_repo.commit("s390/pkey: add FX9 handler")
    kernel_repo.append("drivers/s390/crypto/Makefile", "pkey-foo-objs := pkey_foo.o\nobj-$(CONFIG_PKEY_FOO) +=pkey-foo.o\n")
    kernel_repo.commit("s390/pkey: build the FX9 handler")
    [item] = classify_json(hwclass, kernel_repo)
    assert item["symbols"] == ["PKEY_FOO"]
    assert item["paths"] == ["drivers/s390/crypto/pkey_foo.c"]


def test_a_feature_part_of_an_existing_driver_is_not_an_item(hwclass, kernel_repo):
    kernel_repo.append("drivers/iio/light/Kconfig",
                       '\nconfig OLD_LIGHT_TRIGGER\n\tbool "OL100 hardware trigger"\n\tdepends on OLD_LIGHT\n')
    kernel_repo.append("drivers/iio/light/Makefile", "ol100-$(CONFIG_OLD_LIGHT_TRIGGER) += ol100-trigger.o\n")
    kernel_repo.write("drivers/iio/light/ol100-trigger.c", "int t;\n")
    kernel_repo.commit("iio: light: ol100: add trigger support")
    assert classify_json(hwclass, kernel_repo) == []


def test_a_symbol_renamed_inside_the_range_is_not_an_item(hwclass, kernel_repo):
    path = kernel_repo.path / "drivers/iio/light/Kconfig"
    path.write_text(path.read_text().replace("config OLD_LIGHT", "config OL100"))
    mk = kernel_repo.path / "drivers/iio/light/Makefile"
    mk.write_text(mk.read_text().replace("CONFIG_OLD_LIGHT", "CONFIG_OL100"))
    kernel_repo.commit("iio: light: rename OLD_LIGHT to OL100")
    assert classify_json(hwclass, kernel_repo) == []


def test_a_driver_moved_to_another_folder_is_not_an_item(hwclass, kernel_repo):
    old_k = kernel_repo.path / "drivers/misc/Kconfig"
    block = old_k.read_text()
    old_k.write_text("")
    (kernel_repo.path / "drivers/misc/Makefile").write_text("")
    kernel_repo.move("drivers/misc/oldmisc.c", "drivers/iio/light/oldmisc.c")
    kernel_repo.append("drivers/iio/light/Kconfig", block)
    kernel_repo.append("drivers/iio/light/Makefile", "obj-$(CONFIG_OLD_MISC) += oldmisc.o\n")
    kernel_repo.commit("iio: move the widget driver from misc")
    assert classify_json(hwclass, kernel_repo) == []


def test_an_old_driver_whose_entry_moves_and_which_gains_a_source_is_not_an_item(hwclass, kernel_repo):
    # OLD_MISC's Kconfig entry moves to another file and its driver gains a file:
    # a new source is built by a symbol the range did not add
    old_k = kernel_repo.path / "drivers/misc/Kconfig"
    block = old_k.read_text()
    old_k.write_text("")
    kernel_repo.append("drivers/iio/light/Kconfig", block)
    kernel_repo.append("drivers/misc/Makefile", "obj-$(CONFIG_OLD_MISC) += oldmisc-extra.o\n")
    kernel_repo.write("drivers/misc/oldmisc-extra.c", "int extra;\n")
    kernel_repo.commit("misc: oldmisc: move the entry to iio and split the driver")
    for rng in ("v1.0..HEAD", "v1.0...HEAD"):   # read at the range's ends, or change by change
        assert classify_json(hwclass, kernel_repo, rng) == []


def test_a_driver_added_then_moved_inside_the_range_is_an_item_of_the_commit_that_added_it(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/misc", "ACME_LUX", "Acme AL200 ambient light sensor", "al200.c")
    added = kernel_repo.commit("misc: add the Acme AL200 light sensor")
    misc_k = kernel_repo.path / "drivers/misc/Kconfig"
    block = misc_k.read_text().split("\nconfig ACME_LUX")[1]
    misc_k.write_text(misc_k.read_text().replace("\nconfig ACME_LUX" + block, ""))
    kernel_repo.append("drivers/iio/light/Kconfig", "\nconfig ACME_LUX" + block)
    kernel_repo.commit("iio: light: move the AL200 entry where it belongs")
    [item] = classify_json(hwclass, kernel_repo)
    assert (item["symbols"], item["commit"]) == (["ACME_LUX"], added)


def test_a_drivers_paths_are_its_sources_as_they_are_at_the_end_of_the_range(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/iio/light", "ACME_AL300", "Acme AL300 ambient light sensor", "al300.c")
    added = kernel_repo.commit("iio: light: add the Acme AL300 light sensor")
    kernel_repo.append("drivers/iio/light/al300.c", "/* a fix */\n")
    kernel_repo.commit("iio: light: al300: fix")
    # later in the range the source is renamed, edited on the way, and the Makefile follows
    (kernel_repo.path / "drivers/iio/light/al300.c").unlink()
    kernel_repo.write("drivers/iio/light/al300_core.c", "// SPDX-License-Identifier: GPL-2.0\n"
                      "/* Acme AL300 ambient light sensor, core */\nstatic int probe(void) { return 1; }\n")
    mk = kernel_repo.path / "drivers/iio/light/Makefile"
    mk.write_text(mk.read_text().replace("+= al300.o", "+= al300_core.o"))
    kernel_repo.commit("iio: light: al300: rename the source")
    [item] = classify_json(hwclass, kernel_repo)
    assert (item["symbols"], item["commit"]) == (["ACME_AL300"], added)
    assert item["paths"] == ["drivers/iio/light/al300_core.c"]


def test_a_makefile_line_a_merge_brings_builds_the_driver_of_its_branch(hwclass, kernel_repo):
    # Two branches edit the same Makefile; the driver's line comes with its branch
    # and stays in the merge's resolution
    repo = kernel_repo.repo
    repo.git.checkout("-q", "-b", "topic")
    kernel_repo.add_driver("drivers/iio/light", "ACME_AL400", "Acme AL400 ambient light sensor", "al400.c")
    added = kernel_repo.commit("iio: light: add the Acme AL400 light sensor")
    repo.git.checkout("-q", "-")
    mk = kernel_repo.path / "drivers/iio/light/Makefile"
    before = mk.read_text()
    kernel_repo.append("drivers/iio/light/Makefile", "ccflags-y += -DACME\n")
    kernel_repo.commit("iio: light: a flag")
    # both appended a line: the merge conflicts, and its resolution keeps both
    repo.git.merge("-q", "--no-ff", "-m", "Merge branch 'topic'", "topic", with_exceptions=False)
    mk.write_text(before + "obj-$(CONFIG_ACME_AL400) += al400.o\nccflags-y += -DACME\n")
    repo.git.add("drivers/iio/light/Makefile")
    repo.git.commit("-q", "--no-edit")
    for rng in ("v1.0..HEAD", "v1.0...HEAD"):   # one end, or several: the same answer
        [item] = classify_json(hwclass, kernel_repo, rng)
        assert (item["symbols"], item["commit"], item["paths"]) == (
            ["ACME_AL400"], added, ["drivers/iio/light/al400.c"])


def test_a_kconfig_entry_from_a_branch_is_found_in_its_commit_though_the_other_branch_edits_the_file(
        hwclass, kernel_repo):
    # The entry comes first, alone; its source and Makefile line come later on the
    # same branch, while master edits the same Kconfig file twice: the file's
    # changes, in git log's order, do not grow one from the other
    repo = kernel_repo.repo
    repo.git.checkout("-q", "-b", "topic")
    kconfig = kernel_repo.path / "drivers/iio/light/Kconfig"
    kconfig.write_text('config ACME_AL500\n\ttristate "Acme AL500 light sensor"\n' + kconfig.read_text())
    added = kernel_repo.commit("iio: light: add a Kconfig entry for the Acme AL500")
    repo.git.checkout("-q", "-")
    for before, after in (("Say Y here", "Say Y1 here"), ("Say Y1 here", "Say Y2 here")):
        kconfig.write_text(kconfig.read_text().replace(before, after, 1))
        kernel_repo.commit(f"iio: light: help text: {after}")
    repo.git.checkout("-q", "topic")
    kernel_repo.append("drivers/iio/light/Makefile", "obj-$(CONFIG_ACME_AL500) += al500.o\n")
    kernel_repo.write("drivers/iio/light/al500.c", "int al500;\n")
    kernel_repo.commit("iio: light: al500: build the driver")
    repo.git.checkout("-q", "-")
    repo.git.merge("-q", "--no-ff", "-m", "Merge branch 'topic'", "topic")
    for rng in ("v1.0..HEAD", "v1.0...HEAD"):   # read at the range's ends, or change by change
        [item] = classify_json(hwclass, kernel_repo, rng)
        assert (item["symbols"], item["commit"]) == (["ACME_AL500"], added)


def test_an_entry_only_a_merge_resolution_adds_is_no_commits_item(hwclass, kernel_repo):
    # No commit of the range adds ACME_AL600's entry: the merge that joins its
    # source's branch writes it while resolving a conflict
    repo = kernel_repo.repo
    repo.git.checkout("-q", "-b", "topic")
    kernel_repo.append("drivers/iio/light/Makefile", "obj-$(CONFIG_ACME_AL600) += al600.o\n")
    kernel_repo.write("drivers/iio/light/al600.c", "int al600;\n")
    kernel_repo.commit("iio: light: al600: the driver")
    repo.git.checkout("-q", "-")
    kernel_repo.append("drivers/iio/light/Makefile", "ccflags-y += -DACME\n")
    kconfig = kernel_repo.path / "drivers/iio/light/Kconfig"
    kconfig.write_text(kconfig.read_text().replace("Say Y here", "Say Y1 here", 1))
    kernel_repo.commit("iio: light: a flag, and a help text")   # the range edits that Kconfig file
    repo.git.merge("-q", "--no-ff", "-m", "Merge branch 'topic'", "topic", with_exceptions=False)
    mk = kernel_repo.path / "drivers/iio/light/Makefile"
    mk.write_text(mk.read_text().split("<<<<<<<")[0] + "obj-$(CONFIG_ACME_AL600) += al600.o\nccflags-y += -DACME\n")
    kernel_repo.append("drivers/iio/light/Kconfig", '\nconfig ACME_AL600\n\ttristate "Acme AL600 light sensor"\n')
    repo.git.add("-A")
    repo.git.commit("-q", "--no-edit")
    for rng in ("v1.0..HEAD", "v1.0...HEAD"):
        assert classify_json(hwclass, kernel_repo, rng) == []


def test_a_driver_is_new_though_a_copy_with_its_prompt_that_came_with_the_range_goes(hwclass, kernel_repo):
    # OV5693, Linux 5.17: a new driver in drivers/media/i2c while a staging copy with
    # the same prompt, removed later, existed too; here both come in the range
    kernel_repo.add_driver("drivers/staging/acme", "ACME_STAGING_AS10", "Acme AS10 sensor support", "as10.c")
    kernel_repo.commit("staging: add the Acme AS10 driver")
    kernel_repo.add_driver("drivers/media/i2c", "VIDEO_AS10", "Acme AS10 sensor support", "as10.c")
    proper = kernel_repo.commit("media: i2c: add the Acme AS10 sensor driver")
    _driver_gone_from(kernel_repo, "drivers/staging/acme", "as10.c")
    kernel_repo.commit("staging: remove the Acme AS10 driver")
    # the staging copy, added and removed again, is no item
    assert [(i["symbols"], i["commit"]) for i in classify_json(hwclass, kernel_repo)] == [(["VIDEO_AS10"], proper)]


def _steps(name: str, n: int) -> str:
    """``n`` lines of C a moved or copied driver source keeps."""
    return "".join(f"static int {name}_step_{i}(void) {{ return {i}; }}\n" for i in range(n))


def _driver_in(repo, folder, symbol, prompt, source, body):
    repo.add_driver(folder, symbol, prompt, source)
    repo.append(f"{folder}/{source}", body)


def _driver_gone_from(repo, folder, source):
    for name in ("Kconfig", "Makefile"):
        (repo.path / folder / name).write_text("")
    repo.remove(f"{folder}/{source}")


def test_a_driver_moved_out_of_staging_renamed_and_edited_is_not_an_item(hwclass, kernel_repo):
    # as VIDEO_IMX8MQ_MIPI_CSI2 left drivers/staging for drivers/media in Linux 6.4
    body = _steps("widget", 20)
    _driver_in(kernel_repo, "drivers/staging/widget", "STAGING_WIDGET", "Acme widget (staging)", "widget.c", body)
    kernel_repo.commit("staging: add the Acme widget driver")
    kernel_repo.tag("v1.1")
    _driver_gone_from(kernel_repo, "drivers/staging/widget", "widget.c")
    _driver_in(kernel_repo, "drivers/iio/light", "ACME_WIDGET", "Acme WX100 widget sensor", "widget.c",
               body + "static int widget_new_step(void) { return 99; }\n")
    # and a new driver whose file name a deleted, unrelated file had
    kernel_repo.write("drivers/staging/widget/core.c", "int old_core(void) { return 1; }\n")
    kernel_repo.commit("staging: widget: add core")
    kernel_repo.tag("v1.2")
    kernel_repo.remove("drivers/staging/widget/core.c")
    kernel_repo.add_driver("drivers/iio/adc", "ACME_AB12", "Acme AB12 ADC", "core.c")
    kernel_repo.commit("media: move the widget out of staging; iio: add AB12")
    items = classify_json(hwclass, kernel_repo, "v1.1..HEAD")
    assert [i["symbols"] for i in items] == [["ACME_AB12"]]


def test_a_sibling_copied_from_a_moved_driver_is_new_hardware(hwclass, kernel_repo):
    # Intel QAT moved to drivers/crypto/intel/ in 6.6; qat_420xx (6.9) began as a copy of qat_4xxx
    body = _steps("adf", 20)
    _driver_in(kernel_repo, "drivers/crypto/qat", "CRYPTO_DEV_QAT_4XXX", "Intel 4xxx", "adf_drv.c", body)
    kernel_repo.commit("crypto: qat: add 4xxx")
    kernel_repo.tag("v1.1")
    _driver_gone_from(kernel_repo, "drivers/crypto/qat", "adf_drv.c")
    _driver_in(kernel_repo, "drivers/crypto/intel/qat_4xxx", "CRYPTO_DEV_QAT_4XXX", "Intel 4xxx", "adf_drv.c", body)
    kernel_repo.commit("crypto: qat: move to intel/")
    _driver_in(kernel_repo, "drivers/crypto/intel/qat_420xx", "CRYPTO_DEV_QAT_420XX", "Intel 420xx", "adf_drv.c",
               _steps("adf", 12))
    kernel_repo.commit("crypto: qat: add 420xx")
    items = classify_json(hwclass, kernel_repo, "v1.1..HEAD")
    assert [i["symbols"] for i in items] == [["CRYPTO_DEV_QAT_420XX"]]


def test_a_prompted_symbol_selecting_a_new_hidden_one_that_builds_new_sources_is_an_item(hwclass, kernel_repo):
    # Linux 6.8's "SOF support for Lunarlake" selects SND_SOC_SOF_INTEL_LNL, which builds pci-lnl.c
    kernel_repo.append("sound/soc/sof/Kconfig", """
        config SND_SOC_SOF_ACME_LAKE
        \ttristate "SOF support for Acme Lake"
        \tselect SND_SOC_SOF_ACME_LAKE_IMPL
        \thelp
        \t  Audio of Acme Lake platforms.

        config SND_SOC_SOF_ACME_LAKE_IMPL
        \ttristate

        config SND_SOC_SOF_ACME_TUNING
        \tbool "SOF tuning knob for Acme platforms"
        \tselect SND_SOC_SOF_ACME_OLD_IMPL
        """)
    kernel_repo.append("sound/soc/sof/Makefile", "obj-$(CONFIG_SND_SOC_SOF_ACME_LAKE_IMPL) += pci-acme-lake.o\n")
    kernel_repo.write("sound/soc/sof/pci-acme-lake.c", "// SPDX-License-Identifier: GPL-2.0\nint x;\n")
    kernel_repo.commit("ASoC: SOF: add Acme Lake")
    [item] = classify_json(hwclass, kernel_repo)
    assert item["symbols"] == ["SND_SOC_SOF_ACME_LAKE"]
    assert item["paths"] == ["sound/soc/sof/pci-acme-lake.c"]
    assert item["category"] == "Sound"


def test_a_vendor_menu_that_opens_a_folder_is_not_an_item_beside_the_driver_inside(hwclass, kernel_repo):
    # NET_VENDOR_META (obj-$(CONFIG_NET_VENDOR_META) += meta/) and FBNIC in meta/fbnic/, Linux 6.11
    kernel_repo.append("drivers/net/ethernet/Kconfig", """
        config NET_VENDOR_ACME
        \tbool "Acme devices"
        \thelp
        \t  If you have a network card designed by Acme, say Y.
        """)
    kernel_repo.append("drivers/net/ethernet/Makefile", "obj-$(CONFIG_NET_VENDOR_ACME) += acme/\n")
    kernel_repo.add_driver("drivers/net/ethernet/acme", "ACME_NIC", "Acme AN100 network interface", "an100.c")
    kernel_repo.commit("eth: add the Acme AN100 driver")
    assert [i["symbols"] for i in classify_json(hwclass, kernel_repo)] == [["ACME_NIC"]]


def test_software_is_not_an_item_even_when_its_prompt_names_a_part(hwclass, kernel_repo):
    # prompts of Linux 6.12 that name a part but no hardware of its own
    kernel_repo.add_driver("drivers/bus", "ACME_FIREWALL", "Acme AC100 Firewall framework", "fw.c")
    kernel_repo.add_driver("sound/drivers", "SND_ACMETEST", "Virtual PCM test", "pcmtest.c")
    kernel_repo.add_driver("drivers/tty/serial", "EARLYCON_ACME", "Early console using Acme semihosting",
                           "earlycon-acme.c")
    kernel_repo.add_driver("drivers/platform/x86", "ACME_WBRF", "Acme Wifi RF Band mitigations", "wbrf.c")
    kernel_repo.add_driver("drivers/target", "ACME_TCM", "Acme Target Core Mod (TCM) and ConfigFS Infrastructure",
                           "tcm.c")
    # and hardware whose prompt says "service processor", "tester" or names an Infrastructure product
    kernel_repo.add_driver("drivers/net/ethernet/acme", "ACME_IDPF", "Acme(R) Infrastructure Data Path Function Support",
                           "idpf.c")
    kernel_repo.add_driver("drivers/fsi", "ACME_FSP", "Acme AF300 service processor", "fsp.c")
    kernel_repo.add_driver("drivers/hwmon", "SENSORS_ACME_TESTER", "Acme AT400 USB-C tester", "tester.c")
    kernel_repo.commit("drivers: add software and two pieces of hardware")
    assert [i["symbols"] for i in classify_json(hwclass, kernel_repo)] == [
        ["ACME_FSP"], ["ACME_IDPF"], ["SENSORS_ACME_TESTER"]]


def test_a_camera_subsystem_is_hardware_though_a_subsystem_core_is_not(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/media/platform/acme", "VIDEO_ACME_CAMSS", "Acme Camera Subsystem driver",
                           "acme-camss.c")
    kernel_repo.add_driver("drivers/media/platform/acme", "VIDEO_ACME_CORE", "Acme media subsystem core",
                           "acme-core.c")
    kernel_repo.commit("media: acme: add the camera subsystem")
    # XILINX_XDMA, Linux 6.3: a capital Subsystem names a product
    kernel_repo.add_driver("drivers/dma/acme", "ACME_XDMA", "Acme DMA/Bridge Subsystem DMA Engine", "xdma.c")
    kernel_repo.commit("dmaengine: acme: add the DMA/Bridge Subsystem")
    assert [i["symbols"] for i in classify_json(hwclass, kernel_repo)] == [["VIDEO_ACME_CAMSS"], ["ACME_XDMA"]]


def test_core_code_with_no_hardware_behind_it_is_not_an_item(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/iio/light", "IIO_LIGHT_CORE", "Light sensor core framework",
                           "light-core.c")
    kernel_repo.add_driver("kernel", "NEW_SCHED", "A new scheduler class", "sched_new.c")
    kernel_repo.commit("iio: light: add a core framework")
    # an API for other drivers, a userspace interface of a subsystem (as in Linux 6.2-6.12)
    kernel_repo.add_driver("drivers/misc", "FDMA", "FDMA API", "fdma_api.c")
    kernel_repo.add_driver("drivers/misc", "REG_EVENTS", "receiving regulator events via netlink", "nl.c")
    kernel_repo.commit("misc: add the FDMA library and netlink events")
    assert classify_json(hwclass, kernel_repo) == []


def test_merges_are_skipped_but_the_driver_commit_on_the_branch_is_reported(hwclass, kernel_repo):
    repo = kernel_repo.repo
    main = repo.active_branch.name
    repo.git.checkout("-q", "-b", "topic")
    kernel_repo.add_driver("drivers/iio/light", "TOPIC1", "Topic Corp TP1 light sensor", "tp1.c")
    driver = kernel_repo.commit("iio: light: add TP1")
    repo.git.checkout("-q", main)
    kernel_repo.write("README", "hello\n")
    kernel_repo.commit("docs: readme")
    repo.git.merge("-q", "--no-ff", "-m", "Merge branch 'topic'", "topic")
    items = classify_json(hwclass, kernel_repo)
    assert [i["commit"] for i in items] == [driver]


def test_a_new_soc_platform_is_an_item_of_kind_soc(hwclass, kernel_repo):
    kernel_repo.write("arch/arm/mach-bcm/Kconfig", """
        config ARCH_BCM_NSP
        \tbool "Broadcom Northstar Plus SoC Support"
        \tselect ARM_GIC
        \thelp
        \t  Support for Broadcom Northstar Plus SoCs.
        """)
    kernel_repo.commit("ARM: bcm: add Northstar Plus SoC support")
    [item] = classify_json(hwclass, kernel_repo)
    assert item["kind"] == "soc"
    assert item["category"] == "Systems and processors"
    assert "Northstar Plus" in item["hardware"]


def test_a_new_soc_platform_that_builds_its_clock_driver_is_still_a_soc(hwclass, kernel_repo):
    # ARCH_MA35, Linux 6.12: a platform symbol of arch/ that drivers/clk/Makefile builds on
    kernel_repo.write("arch/arm64/Kconfig.platforms", """
        config ARCH_ACME9
        	bool "Acme Nine SoC family"
        	help
        	  This enables support for the Acme Nine SoC family.
        """)
    kernel_repo.write("drivers/clk/acme/Makefile", "obj-$(CONFIG_ARCH_ACME9) += clk-acme9.o\n")
    kernel_repo.write("drivers/clk/acme/clk-acme9.c", "/* Acme Nine clocks */\n")
    kernel_repo.commit("arm64: add the Acme Nine SoC family")
    [item] = classify_json(hwclass, kernel_repo)
    assert (item["kind"], item["category"]) == ("soc", "Systems and processors")
    assert item["symbols"] == ["ARCH_ACME9"] and "drivers/clk/acme/clk-acme9.c" in item["paths"]
    # the shipped model, reading a clock driver's paths, does not put it up for review
    result = hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "--format", "json")
    [item] = json.loads(result.stdout)
    assert (item["kind"], item["confidence"], item["review"]) == ("soc", 1.0, [])


def test_a_platform_symbol_asking_for_a_behaviour_is_an_option_not_hardware(hwclass, kernel_repo):
    # ARCH_QCOM_RESERVE_SMEM, Linux 6.12: "Reserve SMEM at the beginning of RAM"
    kernel_repo.write("arch/arm/mach-acme/Kconfig", """
        config ARCH_ACME_RESERVE_SMEM
        \tbool "Reserve SMEM at the beginning of RAM"
        \thelp
        \t  Reserve 2MB at the beginning of the System RAM for shared mem.
        """)
    kernel_repo.commit("ARM: acme: add a knob to reserve SMEM")
    assert classify_json(hwclass, kernel_repo) == []


def test_cpu_features_under_arch_are_not_items(hwclass, kernel_repo):
    kernel_repo.add_driver("arch/x86/kernel", "X86_NEW_FEATURE", "X86 shadow widgets", "widget.c")
    kernel_repo.commit("x86: add a new feature")
    assert classify_json(hwclass, kernel_repo) == []


def test_path_that_does_not_decide_is_unclassified_without_a_model(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/misc", "NEW_WIDGET", "Acme AW100 widget controller", "aw100.c")
    kernel_repo.commit("misc: add Acme AW100 widget driver")
    [item] = classify_json(hwclass, kernel_repo)
    assert item["category"] == "Unclassified"
    assert item["decided_by"] == "unclassified"
    assert item["kind"] is None


def test_boards_are_reported_only_with_boards(hwclass, kernel_repo):
    kernel_repo.write("arch/arm64/boot/dts/acme/acme-board.dts",
                      '/dts-v1/;\n/ {\n\tmodel = "Acme Rocket Board";\n};\n')
    kernel_repo.commit("arm64: dts: acme: add Rocket board")
    assert classify_json(hwclass, kernel_repo) == []
    [item] = classify_json(hwclass, kernel_repo, "v1.0..HEAD", "--boards")
    assert item["type"] == "board"
    assert item["hardware"] == "Acme Rocket Board"
    assert item["category"] == "Systems and processors"


def test_a_board_moved_to_a_vendor_folder_is_not_a_new_board(hwclass, kernel_repo):
    # Linux 6.5 moved arch/arm/boot/dts/*.dts into vendor folders, some edited on the way
    kernel_repo.write("arch/arm/boot/dts/acme-one.dts", '/dts-v1/;\n/ {\n\tmodel = "Acme One";\n};\n')
    kernel_repo.write("arch/arm/boot/dts/acme-two.dts", '/dts-v1/;\n/ {\n\tmodel = "Acme Two";\n};\n')
    kernel_repo.commit("ARM: dts: acme: add two boards")
    kernel_repo.tag("v1.1")
    kernel_repo.move("arch/arm/boot/dts/acme-one.dts", "arch/arm/boot/dts/acme/acme-one.dts")
    kernel_repo.move("arch/arm/boot/dts/acme-two.dts", "arch/arm/boot/dts/acme/acme-two.dts")
    kernel_repo.append("arch/arm/boot/dts/acme/acme-two.dts", "/* moved */\n")
    kernel_repo.commit("ARM: dts: move Acme boards into their vendor folder")
    kernel_repo.write("arch/arm/boot/dts/acme/acme-three.dts", '/dts-v1/;\n/ {\n\tmodel = "Acme Three";\n};\n')
    kernel_repo.commit("ARM: dts: acme: add Acme Three")
    items = classify_json(hwclass, kernel_repo, "v1.1..HEAD", "--boards")
    assert [i["hardware"] for i in items] == ["Acme Three"]


def test_boards_added_inside_the_range_are_new_though_moved_or_removed_later(hwclass, kernel_repo):
    # the same history over v1.0..HEAD: Acme One and Two came with the range, then moved
    test_a_board_moved_to_a_vendor_folder_is_not_a_new_board(hwclass, kernel_repo)
    kernel_repo.write("arch/arm/boot/dts/acme/acme-four.dts", '/dts-v1/;\n/ {\n\tmodel = "Acme Four";\n};\n')
    kernel_repo.commit("ARM: dts: acme: add Acme Four")
    kernel_repo.remove("arch/arm/boot/dts/acme/acme-four.dts")
    kernel_repo.commit("ARM: dts: acme: drop Acme Four, it never shipped")
    items = classify_json(hwclass, kernel_repo, "v1.0..HEAD", "--boards")
    first = kernel_repo.repo.git.rev_parse("v1.1")
    assert [(i["hardware"], i["commit"] == first) for i in items] == [
        ("Acme One", True), ("Acme Two", True), ("Acme Three", False)]


def test_lwn_2015_taxonomy_groups_sound_as_audio(hwclass, kernel_repo):
    kernel_repo.add_driver("sound/soc/codecs", "SND_SOC_DA7219", "Dialog DA7219 codec", "da7219.c")
    kernel_repo.commit("ASoC: add da7219")
    [item] = classify_json(hwclass, kernel_repo, "v1.0..HEAD", "--taxonomy", "lwn-2015")
    assert item["category"] == "Audio"


def test_markdown_reads_like_lwn(hwclass, kernel_repo):
    kernel_repo.add_driver("sound/soc/codecs", "SND_SOC_DA7219", "Dialog DA7219 codec", "da7219.c")
    kernel_repo.add_driver("sound/soc/codecs", "SND_SOC_WM8998", "Wolfson WM8998 codec", "wm8998.c")
    kernel_repo.add_driver("drivers/iio/light", "APDS9960", "Avago APDS9960 proximity sensor", "apds9960.c")
    kernel_repo.commit("add three drivers")
    result = hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "--format", "markdown",
                     "--model", "none")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "New hardware support includes:"
    assert "- **Sound**: Dialog DA7219 codecs and Wolfson WM8998 codecs." in lines
    # LWN opens no section for one item: the lone sensor is listed under Miscellaneous ...
    assert "- **Miscellaneous**: Avago APDS9960 proximity sensors." in lines
    # ... while the records and the table keep its own category
    [sensor] = [i for i in classify_json(hwclass, kernel_repo) if i["symbols"] == ["APDS9960"]]
    assert sensor["category"] == "Industrial I/O"
    table = hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", "none").stdout
    assert "Industrial I/O (1)" in table
    # a second sensor earns the section; a taxonomy that never folds shows it for one
    kernel_repo.add_driver("drivers/iio/light", "LTR390", "Lite-On LTR390 UV sensor", "ltr390.c")
    kernel_repo.commit("iio: light: add LTR390")
    two = hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "--format", "markdown", "--model", "none")
    assert ("- **Industrial I/O**: Avago APDS9960 proximity sensors and Lite-On LTR390 UV sensors."
            in two.stdout.splitlines())
    mine = kernel_repo.path.parent / "never-fold.yaml"
    mine.write_text("name: never-fold\nextends: lwn\nsmall_sections: null\n")
    one = hwclass("classify", "v1.0..HEAD^", "--repo", kernel_repo.path, "--format", "markdown",
                  "--model", "none", "--taxonomy", mine)
    assert "- **Industrial I/O**: Avago APDS9960 proximity sensors." in one.stdout.splitlines()


def test_every_format_carries_the_same_items(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/iio/light", "APDS9960", "Avago APDS9960 sensor", "apds9960.c")
    kernel_repo.commit("iio: light: add APDS9960 driver")
    out = {}
    for fmt in ("json", "jsonl", "csv", "yaml", "table", "markdown"):
        r = hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "-f", fmt, "--model", "none")
        assert r.exit_code == 0, r.stderr
        out[fmt] = r.stdout
    [as_json] = json.loads(out["json"])
    assert [json.loads(ln) for ln in out["jsonl"].splitlines()] == [as_json]
    assert yaml.safe_load(out["yaml"]) == [as_json]
    [row] = list(csv.DictReader(io.StringIO(out["csv"])))
    assert list(row) == list(RECORD_KEYS)
    assert row["symbols"] == "APDS9960" and row["hardware"] == as_json["hardware"]
    assert "Industrial I/O" in out["table"] and as_json["hardware"] in out["table"]


def test_output_file_is_written_and_nothing_on_stdout(hwclass, kernel_repo, tmp_path):
    kernel_repo.add_driver("drivers/iio/light", "APDS9960", "Avago APDS9960 sensor", "apds9960.c")
    kernel_repo.commit("iio: light: add APDS9960 driver")
    target = tmp_path / "out.json"
    r = hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "-f", "json", "-o", target,
                "--model", "none")
    assert r.exit_code == 0 and r.stdout == ""
    assert json.loads(target.read_text())[0]["symbols"] == ["APDS9960"]


def test_range_forms_and_subfolder_repo(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/iio/light", "APDS9960", "Avago APDS9960 sensor", "apds9960.c")
    kernel_repo.commit("iio: light: add APDS9960 driver")
    kernel_repo.tag("v1.1")
    for args in (["v1.0..v1.1"], ["v1.0...v1.1"], ["v1.1", "^v1.0"]):
        r = hwclass("classify", *args, "--repo", kernel_repo.path / "drivers", "-f", "jsonl", "--model", "none")
        assert r.exit_code == 0, r.stderr
        assert len(r.stdout.splitlines()) == 1


def test_the_bus_variants_of_one_chip_added_together_are_one_item(hwclass, kernel_repo):
    # Linux 6.2's KX022A: one core module, an I2C and an SPI front end, one commit
    kernel_repo.add_driver("drivers/iio/light", "KX1_I2C", "Kionix KX1 accelerometer I2C interface", "kx1-i2c.c")
    kernel_repo.add_driver("drivers/iio/light", "KX1_SPI", "Kionix KX1 accelerometer SPI interface", "kx1-spi.c")
    kernel_repo.add_driver("sound/soc/codecs", "SND_SOC_CS9_I2C", "Cirrus Logic CS9 codec (I2C)", "cs9-i2c.c")
    kernel_repo.add_driver("sound/soc/codecs", "SND_SOC_CS9_SDW", "Cirrus Logic CS9 codec (SDW)", "cs9-sdw.c")
    kernel_repo.commit("iio, ASoC: add KX1 and CS9")
    # a single bus variant keeps its name as the prompt says it
    kernel_repo.add_driver("drivers/iio/light", "LT7_I2C", "Liteon LT7 light sensor I2C interface", "lt7.c")
    kernel_repo.commit("iio: light: add LT7")
    items = classify_json(hwclass, kernel_repo)
    assert sorted((it["hardware"], tuple(it["symbols"])) for it in items) == [
        ("Cirrus Logic CS9 codec", ("SND_SOC_CS9_I2C", "SND_SOC_CS9_SDW")),
        ("Kionix KX1 accelerometer", ("KX1_I2C", "KX1_SPI")),
        ("Liteon LT7 light sensor I2C interface", ("LT7_I2C",)),
    ]


def test_a_name_that_is_only_a_part_number_gets_the_noun_of_its_kind(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/rtc", "RTC_DRV_RX8111", "Epson RX8111", "rtc-rx8111.c")
    kernel_repo.add_driver("drivers/iio/adc", "AD7173", "Analog Devices AD7173", "ad7173.c")
    kernel_repo.add_driver("drivers/clk/qcom", "SM_CAMCC_8550", "SM8550 Camera Clock Controller", "camcc-sm8550.c")
    kernel_repo.commit("rtc, iio, clk: add RX8111, AD7173 and the SM8550 camera clocks")
    names = {i["symbols"][0]: i["hardware"] for i in classify_json(hwclass, kernel_repo)}
    # an RTC is a real-time clock; an iio part may be many things, so it keeps its name;
    # SM8550 is Qualcomm's numbering
    assert names == {"RTC_DRV_RX8111": "Epson RX8111 real-time clock", "AD7173": "Analog Devices AD7173",
                     "SM_CAMCC_8550": "Qualcomm SM8550 camera clock controller"}
    md = hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "--format", "markdown", "--model", "none")
    assert "Epson RX8111 real-time clocks" in md.stdout


def test_the_demo_history_gives_the_same_items_read_at_its_ends_or_commit_by_commit(hwclass, tmp_path):
    # v4.3..v4.4 has one start and one end: its Kconfig files are compared there and a
    # symbol's commit is looked for only then; v4.3...v4.4 (the same commits) has no
    # single start, so every Kconfig change is read as it streams.  Renamed, moved,
    # hidden and removed symbols, merges and drivers split over commits must agree.
    from hwclass.demo import BASE_TAG, HEAD_TAG, build_demo_repo

    demo = build_demo_repo(tmp_path / "linux")
    out = {}
    for rng in (f"{BASE_TAG}..{HEAD_TAG}", f"{BASE_TAG}...{HEAD_TAG}"):
        r = hwclass("classify", rng, "--repo", demo.path, "-f", "jsonl", "--model", "none", "--boards")
        assert r.exit_code == 0, r.stderr
        out[rng] = r.stdout
    ends, by_commit = out.values()
    assert len(ends.splitlines()) > 20
    assert ends == by_commit
