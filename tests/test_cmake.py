"""Zephyr trees: the CMakeLists.txt reader, and `hwclass classify` on a Zephyr-shaped repository."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from hwclass.cmake import parse_cmake
from hwclass.buildfiles import parse_build_file

from conftest import KernelRepo, classify_json


def test_sources_and_folders_a_symbol_builds():
    cm = parse_cmake("zephyr_library()\n"
                     "zephyr_library_sources_ifdef(CONFIG_GPIO_NRFX gpio_nrfx.c)\n"
                     "zephyr_library_sources_ifdef(CONFIG_GPIO_MULTI\n"
                     "  gpio_multi.c\n"
                     "  ${CMAKE_CURRENT_SOURCE_DIR}/gpio_multi_i2c.c  # the I2C half\n"
                     "  ${ZEPHYR_BASE}/lib/shared.c\n"
                     ")\n"
                     "add_subdirectory_ifdef(CONFIG_BME280 bme280)\n"
                     "add_subdirectory_if_kconfig(bmp581)\n", "drivers/gpio/CMakeLists.txt")
    assert cm.objects == {"GPIO_NRFX": ["gpio_nrfx.o"], "GPIO_MULTI": ["gpio_multi.o", "gpio_multi_i2c.o"],
                          "BME280": ["bme280/"], "BMP581": ["bmp581/"]}
    assert cm.sources_for("GPIO_MULTI") == ["gpio_multi", "gpio_multi_i2c"]
    assert cm.sources_for("CONFIG_BME280") == ["bme280/"]


def test_if_blocks_build_for_the_symbols_they_test_and_else_for_none():
    cm = parse_cmake("if(CONFIG_SOC_NRF52840 OR CONFIG_SOC_NRF52833)\n"
                     "  zephyr_sources(soc.c \"power.c\")\n"
                     "  if(NOT CONFIG_PM)\n"
                     "    zephyr_sources(no_pm.c)\n"
                     "  endif()\n"
                     "  add_subdirectory(common)\n"
                     "elseif(CONFIG_SOC_X)\n"
                     "  target_sources(app PRIVATE x.c)\n"
                     "else()\n"
                     "  zephyr_sources(other.c)\n"
                     "endif()\n"
                     "zephyr_sources(always.c)\n"
                     "zephyr_linker_sources_ifdef(CONFIG_LD SECTIONS sections.ld)\n"
                     "zephyr_library_sources_ifndef(CONFIG_N fallback.c)\n"
                     "# if(CONFIG_COMMENTED) zephyr_sources(c.c) endif()\n")
    assert cm.objects == {"SOC_NRF52840": ["soc.o", "power.o", "common/"],
                          "SOC_NRF52833": ["soc.o", "power.o", "common/"],
                          "SOC_X": ["x.o"]}


def test_build_files_are_read_by_their_name():
    assert parse_build_file("obj-$(CONFIG_FOO) += foo.o\n", "drivers/foo/Makefile").objects == {"FOO": ["foo.o"]}
    assert parse_build_file("zephyr_sources_ifdef(CONFIG_FOO foo.c)\n",
                            "drivers/foo/CMakeLists.txt").objects == {"FOO": ["foo.o"]}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('()"#\\ \n$_{}abcCONFIG_Xif.end')), max_size=300))
def test_the_reader_never_raises_on_odd_text(text):
    cm = parse_cmake(text, "x/CMakeLists.txt")
    assert all(v for v in cm.objects.values())
    assert parse_cmake(text.encode("utf-8"), "x/CMakeLists.txt").objects == cm.objects


def test_binary_content_is_a_warning_not_an_error():
    cm = parse_cmake(b"\x00\x01ELF", "drivers/x/CMakeLists.txt")
    assert cm.objects == {} and "not read as a CMakeLists.txt" in cm.warnings[0]


def zephyr_repo(tmp_path) -> KernelRepo:
    zr = KernelRepo(tmp_path / "zephyr")
    zr.write("drivers/sensor/Kconfig", 'menuconfig SENSOR\n\tbool "Sensor drivers"\n\n'
                                       'if SENSOR\nrsource "bosch/*/Kconfig"\nendif\n')
    zr.write("drivers/sensor/CMakeLists.txt", "add_subdirectory(bosch)\n")
    zr.write("drivers/sensor/bosch/CMakeLists.txt", "add_subdirectory_ifdef(CONFIG_BME280 bme280)\n")
    zr.write("drivers/sensor/bosch/bme280/Kconfig",
             'config BME280\n\tbool "BME280/BMP280 sensor"\n\tdefault y\n'
             '\tdepends on DT_HAS_BOSCH_BME280_ENABLED\n\thelp\n\t  Enable the BME280 driver.\n')
    zr.write("drivers/sensor/bosch/bme280/CMakeLists.txt", "zephyr_library()\nzephyr_library_sources(bme280.c)\n")
    zr.write("drivers/sensor/bosch/bme280/bme280.c", "int bme280;\n")
    zr.write("drivers/gpio/Kconfig", 'menuconfig GPIO\n\tbool "GPIO drivers"\n')
    zr.write("drivers/gpio/CMakeLists.txt",
             "zephyr_library()\nzephyr_library_sources_ifdef(CONFIG_GPIO_NRFX gpio_nrfx.c)\n")
    zr.write("drivers/gpio/gpio_nrfx.c", "int nrfx;\n")
    zr.commit("Initial import")
    zr.tag("v1.0")
    return zr


def test_new_zephyr_drivers_built_by_cmake_are_items(hwclass, tmp_path):
    zr = zephyr_repo(tmp_path)
    # a driver in a folder of its own, added by the vendor folder's CMakeLists.txt
    zr.write("drivers/sensor/bosch/bmp581/Kconfig",
             'config BMP581\n\tbool "Bosch BMP581 barometric pressure sensor"\n\tdefault y\n'
             '\tdepends on DT_HAS_BOSCH_BMP581_ENABLED\n\thelp\n\t  Enable the BMP581 driver.\n')
    zr.write("drivers/sensor/bosch/bmp581/CMakeLists.txt", "zephyr_library()\nzephyr_library_sources(bmp581.c)\n")
    zr.write("drivers/sensor/bosch/bmp581/bmp581.c", "int bmp581;\n")
    zr.append("drivers/sensor/bosch/CMakeLists.txt", "add_subdirectory_ifdef(CONFIG_BMP581 bmp581)\n")
    bmp = zr.commit("drivers: sensor: bmp581: add driver for the Bosch BMP581")
    # a driver in a shared folder, one line of that folder's CMakeLists.txt
    zr.append("drivers/gpio/Kconfig", '\nconfig GPIO_SN74HC595\n\tbool "TI SN74HC595 shift register as GPIO '
                                      'extender"\n\tdefault y\n\thelp\n\t  Use the SN74HC595 as GPIO extender.\n')
    zr.append("drivers/gpio/CMakeLists.txt", "zephyr_library_sources_ifdef(CONFIG_GPIO_SN74HC595 gpio_sn74hc595.c)\n")
    zr.write("drivers/gpio/gpio_sn74hc595.c", "int sn74hc595;\n")
    gpio = zr.commit("drivers: gpio: add driver for SN74HC595")
    # a prompted option that builds nothing new is not an item
    zr.append("drivers/gpio/Kconfig", '\nconfig GPIO_NRFX_INTERRUPT\n\tbool "nRFx GPIO interrupt support"\n')
    zr.commit("drivers: gpio: nrfx: make interrupts optional")
    for rng in ("v1.0..HEAD", "v1.0...HEAD"):   # read at the range's ends, and change by change
        items = classify_json(hwclass, zr, rng)
        assert [(it["commit"], it["symbols"], it["paths"], it["category"]) for it in items] == [
            (bmp, ["BMP581"], ["drivers/sensor/bosch/bmp581/bmp581.c"], "Industrial I/O"),
            (gpio, ["GPIO_SN74HC595"], ["drivers/gpio/gpio_sn74hc595.c"], "GPIO and pin control"),
        ], rng
        assert items[0]["hardware"] == "Bosch BMP581 barometric pressure sensor"


def test_harvest_reads_a_zephyr_tree(hwclass, tmp_path):
    zr = zephyr_repo(tmp_path)
    out = tmp_path / "zephyr.jsonl"
    result = hwclass("harvest", zr.path, "-o", out)
    assert result.exit_code == 0, result.stderr
    [rec] = [json.loads(line) for line in out.read_text().splitlines()]
    assert rec["symbol"] == "BME280" and rec["kind"] == "iio"
    assert rec["paths"] == ["drivers/sensor/bosch/bme280"]


def test_a_new_zephyr_board_is_named_by_its_board_yml(hwclass, tmp_path):
    zr = zephyr_repo(tmp_path)
    zr.write("boards/nordic/nrf54l15dk/board.yml",
             "board:\n  name: nrf54l15dk\n  full_name: nRF54L15 DK  # the kit\n  vendor: nordic\n"
             "  socs:\n  - name: nrf54l15\n")
    zr.write("boards/nordic/nrf54l15dk/Kconfig.nrf54l15dk", "config BOARD_NRF54L15DK\n\tselect SOC_NRF54L15\n")
    sha = zr.commit("boards: nordic: add nRF54L15 DK")
    [board] = classify_json(hwclass, zr, "v1.0..HEAD", "--boards")
    assert (board["commit"], board["type"], board["hardware"], board["kind"]) == (sha, "board", "nRF54L15 DK", "board")


def test_a_compatible_a_zephyr_driver_newly_defines_is_a_new_device(hwclass, tmp_path):
    zr = zephyr_repo(tmp_path)
    zr.write("dts/bindings/vendor-prefixes.txt",
             "# Device tree binding vendor prefix registry.\nbosch\tBosch Sensortec GmbH\n")
    zr.write("drivers/sensor/bosch/bme280/bme280.c",
             "#define DT_DRV_COMPAT bosch_bme280\n\n#include <zephyr/drivers/sensor.h>\n\n"
             "DT_INST_FOREACH_STATUS_OKAY(BME280_DEFINE)\n")
    base = zr.commit("drivers: sensor: bme280: use the devicetree")
    # Zephyr's way to serve a second compatible: #undef, #define again
    zr.append("drivers/sensor/bosch/bme280/bme280.c",
              "\n#undef DT_DRV_COMPAT\n#define DT_DRV_COMPAT bosch_bmp280\n"
              "DT_INST_FOREACH_STATUS_OKAY(BME280_DEFINE)\n")
    sha = zr.commit("drivers: sensor: bme280: add support for the BMP280")
    # the define moving inside the file, or its comment changing, adds nothing
    zr.write("drivers/sensor/bosch/bme280/bme280.c",
             "#include <zephyr/drivers/sensor.h>\n\n#define DT_DRV_COMPAT bosch_bme280 /* humidity too */\n"
             "DT_INST_FOREACH_STATUS_OKAY(BME280_DEFINE)\n"
             "#undef DT_DRV_COMPAT\n#define DT_DRV_COMPAT bosch_bmp280\nDT_INST_FOREACH_STATUS_OKAY(BME280_DEFINE)\n")
    zr.commit("drivers: sensor: bme280: add a comment on the supported devices")
    for rng in (f"{base}..HEAD", f"{base}...HEAD"):
        [item] = classify_json(hwclass, zr, rng)
        assert (item["commit"], item["type"], item["symbols"], item["paths"], item["category"]) == (
            sha, "device", ["BME280"], ["drivers/sensor/bosch/bme280/bme280.c"], "Industrial I/O"), rng
        # the company from Zephyr's list of vendor prefixes, the part from the compatible
        assert item["hardware"] == "Bosch Sensortec BMP280 sensor"
