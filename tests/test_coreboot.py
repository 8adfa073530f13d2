"""coreboot trees: Makefile.mk stages, and `hwclass classify` on a coreboot-shaped repository."""

from __future__ import annotations

from hwclass.buildfiles import parse_build_file
from hwclass.kbuild import parse_kbuild

from conftest import KernelRepo, classify_json


def test_each_stage_builds_the_symbols_own_sources():
    text = ("ramstage-$(CONFIG_DRIVERS_I2C_TAS5825M) += tas5825m.c\n"
            "romstage-$(CONFIG_SOC_INTEL_FOO) += romstage.c memmap.c\n"
            "all-$(CONFIG_SOC_INTEL_FOO) += gpio.c\n"
            "subdirs-$(CONFIG_SOC_INTEL_FOO) += ../common/block\n"
            "bootblock-y += bootblock.c\n"
            "cbfs-files-$(CONFIG_ADD_BLOB) += blob.bin\n"
            "CPPFLAGS_common += -Isrc/soc/intel/foo/include\n")
    for name in ("src/soc/intel/foo/Makefile.mk", "src/soc/intel/foo/Makefile.inc"):
        kb = parse_build_file(text, name)
        assert kb.objects == {"DRIVERS_I2C_TAS5825M": ["tas5825m.o"],
                              "SOC_INTEL_FOO": ["romstage.o", "memmap.o", "gpio.o", "../common/block/"]}
        assert kb.sources_for("SOC_INTEL_FOO") == ["romstage", "memmap", "gpio", "../common/block/"]


def test_a_linux_makefile_reads_stage_words_as_it_always_did():
    kb = parse_kbuild("ramstage-$(CONFIG_X) += x.c\nobj-$(CONFIG_Y) += y.o\n", "drivers/foo/Makefile")
    assert kb.objects == {"Y": ["y.o"]}


def coreboot_repo(tmp_path) -> KernelRepo:
    cb = KernelRepo(tmp_path / "coreboot")
    # as coreboot writes them: the vendor's menu entry, a family's boards behind an arrow
    cb.write("src/mainboard/google/Kconfig.name", 'config VENDOR_GOOGLE\n\tbool "Google"\n')
    cb.write("src/mainboard/google/brya/Kconfig.name",
             'comment "Brya"\n\nconfig BOARD_GOOGLE_BRYA0\n\tbool "->  Brya0"\n')
    cb.write("src/drivers/i2c/generic/Kconfig", 'config DRIVERS_I2C_GENERIC\n\tbool\n')
    cb.write("src/drivers/i2c/generic/Makefile.mk", "ramstage-$(CONFIG_DRIVERS_I2C_GENERIC) += generic.c\n")
    cb.write("src/drivers/i2c/generic/generic.c", "int generic;\n")
    cb.commit("Initial import")
    cb.tag("v1.0")
    return cb


def test_new_coreboot_mainboards_and_drivers_are_items(hwclass, tmp_path):
    cb = coreboot_repo(tmp_path)
    cb.write("src/mainboard/google/rex/Kconfig.name",
             'comment "Rex"\n\nconfig BOARD_GOOGLE_REX0\n\tbool "->  Rex0"\n')
    cb.write("src/mainboard/google/rex/Makefile.mk", "ramstage-y += mainboard.c\n")
    cb.write("src/mainboard/google/rex/mainboard.c", "int rex;\n")
    board = cb.commit("mb/google/rex: Add new mainboard")
    cb.write("src/drivers/i2c/tas5825m/Kconfig",
             'config DRIVERS_I2C_TAS5825M\n\tbool "TI TAS5825M smart amplifier"\n\tdefault n\n')
    cb.write("src/drivers/i2c/tas5825m/Makefile.mk", "ramstage-$(CONFIG_DRIVERS_I2C_TAS5825M) += tas5825m.c\n")
    cb.write("src/drivers/i2c/tas5825m/tas5825m.c", "int tas5825m;\n")
    amp = cb.commit("drivers/i2c: Add TAS5825M driver")
    cb.append("src/drivers/i2c/generic/Kconfig", 'config DRIVERS_I2C_GENERIC_DUMP\n\tbool "Dump the '
                                                 'generic I2C devices"\n')
    cb.commit("drivers/i2c/generic: Add a debug option")
    for rng in ("v1.0..HEAD", "v1.0...HEAD"):
        items = classify_json(hwclass, cb, rng)
        assert [(it["commit"], it["symbols"], it["hardware"]) for it in items] == [
            (board, ["BOARD_GOOGLE_REX0"], "Google Rex0"),
            (amp, ["DRIVERS_I2C_TAS5825M"], "TI TAS5825M smart amplifier"),
        ], rng
        assert items[0]["kind"] == "board"
        assert items[1]["paths"] == ["src/drivers/i2c/tas5825m/tas5825m.c"]


def add_board(cb: KernelRepo, folder: str, symbol: str, prompt: str) -> str:
    """A new coreboot mainboard: its Kconfig.name entry, Makefile.mk and source, in one commit."""
    cb.write(f"src/mainboard/{folder}/Kconfig.name", f'config {symbol}\n\tbool "{prompt}"\n')
    cb.write(f"src/mainboard/{folder}/Makefile.mk", "ramstage-y += mainboard.c\n")
    cb.write(f"src/mainboard/{folder}/mainboard.c", f"int {symbol.lower()};\n")
    return cb.commit(f"mb/{folder}: Add {prompt}")


def test_a_board_is_named_with_its_vendor_as_the_vendor_menu_says_it(hwclass, tmp_path):
    cb = coreboot_repo(tmp_path)
    cb.write("src/mainboard/asus/Kconfig.name", 'config VENDOR_ASUS\n\tbool "ASUS"\n')
    add_board(cb, "asus/h610i-plus-d4", "BOARD_ASUS_H610I_PLUS_D4", "PRIME H610I-PLUS D4")
    # a prompt that already says the vendor, and a vendor folder with no menu entry of its own
    add_board(cb, "google/fizz", "BOARD_GOOGLE_KARMA", "Google Karma")
    add_board(cb, "acme/roadrunner", "BOARD_ACME_ROADRUNNER", "-> Roadrunner")
    for rng in ("v1.0..HEAD", "v1.0...HEAD"):
        names = [it["hardware"] for it in classify_json(hwclass, cb, rng)]
        assert names == ["ASUS PRIME H610I-PLUS D4", "Google Karma", "Roadrunner"], rng


def test_pci_ids_added_to_a_coreboot_driver_are_a_new_device_of_the_symbol_that_builds_it(hwclass, tmp_path):
    cb = coreboot_repo(tmp_path)
    xhci = "src/soc/intel/common/block/xhci/xhci.c"
    cb.write("src/soc/intel/common/block/xhci/Kconfig",
             "config SOC_INTEL_COMMON_BLOCK_XHCI\n\tbool\n\thelp\n\t  Intel Processor common XHCI support\n")
    cb.write("src/soc/intel/common/block/xhci/Makefile.mk",
             "ramstage-$(CONFIG_SOC_INTEL_COMMON_BLOCK_XHCI) += xhci.c\n")
    source = ("#include <device/pci_ids.h>\n\nstatic const unsigned short pci_device_ids[] = {{\n{}\t0\n}};\n\n"
              "static const struct pci_driver pch_usb_xhci __pci_driver = {{\n\t.ops\t = &usb_xhci_ops,\n"
              "\t.vendor\t = PCI_VID_INTEL,\n\t.devices = pci_device_ids,\n}};\n")
    cb.write(xhci, source.format("\tPCI_DID_INTEL_MTL_XHCI,\n"))
    base = cb.commit("soc/intel/common/block: Add XHCI driver")
    cb.write(xhci, source.format("\tPCI_DID_INTEL_WCL_XHCI,\n\tPCI_DID_INTEL_MTL_XHCI,\n"))
    sha = cb.commit("soc/intel/common/block/xhci: Add Wildcat Lake PCI IDs")
    for rng in (f"{base}..HEAD", f"{base}...HEAD"):
        [item] = classify_json(hwclass, cb, rng)
        assert (item["commit"], item["type"], item["symbols"], item["paths"]) == (
            sha, "device", ["SOC_INTEL_COMMON_BLOCK_XHCI"], [xhci]), rng
        assert item["hardware"] == "Wildcat Lake PCI IDs"   # numeric IDs are named from the subject
