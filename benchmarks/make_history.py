#!/usr/bin/env python3
"""Generate a large, kernel-shaped git history for benchmarking hwclass.

    benchmarks/make_history.py OUT_DIR --commits N [--seed S]

One ``git fast-import`` process reads the whole history from a stream on its
stdin: no git subprocess per commit.  The tree looks like a slice of Linux
(a few thousand files under drivers/<subsys>/<sub>/, sound/soc/codecs/,
arch/arm64/boot/dts/<vendor>/, with a Kconfig and a Makefile per directory in
real kbuild syntax) and the commit mix looks like a merge window:

  ~2.5%  a new driver: new .c (sometimes .h), a prompted Kconfig block with
         help, an ``obj-$(CONFIG_X) += x.o`` line, in one commit
  ~1%    a new compatible string in an existing driver's of_device_id table
  ~15%   other Kconfig edits: help text, depends, selects, new hidden symbols
         (a core module split out), new debug options of existing drivers
  ~10%   Makefile edits: CFLAGS, composite objects with a new part, sorting
  ~1%    renames of a source file (some move a driver out of staging)
  ~0.5%  treewide commits touching hundreds of files
  ~0.3%  new device-tree sources (+ dtb- line)
  rest   plain .c/.h/.dts edits with kernel-style subjects
  ~8% of all commits are merges of a short topic branch.

Tags: ``base`` (the first commit: the whole initial tree), ``q1``/``q2``/``q3``
(quarters), ``mw`` (15,000 commits before the end, or half way for histories
shorter than 30,000 commits: ``mw..end`` is a merge-window-sized range) and
``end``.  The ground truth (every driver, device and board addition, with its
commit) is written to OUT_DIR/.git/hwclass-bench.json.

--kernel-size adds the rest of a Linux-sized tree (about 71,000 more files in
about 5,000 folders: Documentation, arch, other drivers, fs, include, net,
tools...; Linux 6.12 has 86,629 files) and gives 40% of the commits to edits
and new files there, as in a real merge window.  Without it the histories are
byte for byte those of earlier versions of this script.

Deterministic for a given --seed, --commits and --kernel-size.  Standard library and git only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time

# --------------------------------------------------------------------------
# vocabulary

VENDORS = [
    # (name, devicetree prefix, part-number prefixes)
    ("Analog Devices", "adi", ["AD", "ADXL", "LTC", "ADM", "MAX"]),
    ("Texas Instruments", "ti", ["TMP", "INA", "TAS", "TLV", "BQ", "TPS", "ADS", "DRV", "LP"]),
    ("Bosch", "bosch", ["BMP", "BMI", "BME", "BMA"]),
    ("STMicroelectronics", "st", ["LSM", "LIS", "STM", "VL", "STUSB"]),
    ("NXP", "nxp", ["PCA", "PCF", "TJA", "SE", "PF"]),
    ("Renesas", "renesas", ["ISL", "RAA", "HS", "R9A"]),
    ("Microchip", "microchip", ["MCP", "EMC", "LAN", "KSZ"]),
    ("ROHM", "rohm", ["BD", "BH", "BU"]),
    ("Infineon", "infineon", ["TLE", "XDP", "IR", "DPS"]),
    ("Sensirion", "sensirion", ["SHT", "SGP", "SCD", "SPS"]),
    ("Richtek", "richtek", ["RT", "RTQ", "RTMV"]),
    ("Silergy", "silergy", ["SY", "SQ"]),
    ("Everest Semiconductor", "everest", ["ES"]),
    ("Cirrus Logic", "cirrus", ["CS", "WM", "CS35L", "CS42L"]),
    ("Realtek", "realtek", ["RT", "RTL", "ALC"]),
    ("Awinic", "awinic", ["AW", "AWH"]),
    ("Goodix", "goodix", ["GT", "GTX"]),
    ("Himax", "himax", ["HX", "HX83"]),
    ("Novatek", "novatek", ["NT", "NT36"]),
    ("Sitronix", "sitronix", ["ST", "ST77"]),
    ("Vishay", "vishay", ["VEML", "VCNL"]),
    ("Lite-On", "liteon", ["LTR", "LTRF"]),
    ("ams-OSRAM", "ams", ["AS", "TSL", "TMD"]),
    ("TDK InvenSense", "invensense", ["ICM", "IAM", "MPU"]),
    ("Monolithic Power Systems", "mps", ["MP", "MPQ"]),
    ("Nuvoton", "nuvoton", ["NCT", "NAU", "NPCM"]),
    ("Melexis", "melexis", ["MLX"]),
    ("Murata", "murata", ["SCA", "SCL"]),
    ("OmniVision", "ovti", ["OV", "OS", "OG"]),
    ("Sony", "sony", ["IMX"]),
    ("Semtech", "semtech", ["SX"]),
    ("Maxim Integrated", "maxim", ["MAX", "DS"]),
]

SOC_VENDORS = {
    # devicetree folder -> (vendor name, prefix, ARCH_ symbol, SoC names)
    "qcom": ("Qualcomm", "qcom", "ARCH_QCOM", ["SM8550", "SM8650", "SC7280", "SDM845", "QCM6490", "X1E80100", "SM6115", "IPQ9574", "MSM8916", "SA8775P"]),
    "mediatek": ("MediaTek", "mediatek", "ARCH_MEDIATEK", ["MT8186", "MT8188", "MT8195", "MT7988", "MT8365", "MT6795", "MT8192"]),
    "rockchip": ("Rockchip", "rockchip", "ARCH_ROCKCHIP", ["RK3588", "RK3568", "RK3399", "RK3328", "RK3576", "RK3566"]),
    "freescale": ("NXP", "fsl", "ARCH_MXC", ["IMX8MP", "IMX8MM", "IMX93", "IMX95", "IMX8QM", "LS1028A"]),
    "amlogic": ("Amlogic", "amlogic", "ARCH_MESON", ["A1", "G12A", "SM1", "AXG", "C3", "T7", "S4"]),
    "allwinner": ("Allwinner", "allwinner", "ARCH_SUNXI", ["H616", "H6", "A64", "A100", "H313"]),
    "renesas": ("Renesas", "renesas", "ARCH_RENESAS", ["R8A779G0", "R8A779F0", "R9A07G044", "R9A09G057"]),
    "ti": ("Texas Instruments", "ti", "ARCH_K3", ["AM625", "AM62A", "J721E", "J784S4", "AM69"]),
    "exynos": ("Samsung", "samsung", "ARCH_EXYNOS", ["EXYNOS850", "EXYNOSAUTOV9", "EXYNOS7885", "GS101"]),
    "nvidia": ("NVIDIA", "nvidia", "ARCH_TEGRA", ["TEGRA234", "TEGRA194", "TEGRA186"]),
}

SOC_UNITS = {
    # drivers/<subsystem> -> (file name unit, what the prompt calls it)
    "clk": [("gcc", "Global Clock Controller"), ("dispcc", "Display Clock Controller"),
            ("camcc", "Camera Clock Controller"), ("gpucc", "Graphics Clock Controller"),
            ("videocc", "Video Clock Controller"), ("apmixedsys", "APMIXEDSYS clock controller")],
    "pinctrl": [("pinctrl", "TLMM pin controller"), ("pinctrl-lpass-lpi", "LPASS LPI pin controller")],
    "phy": [("phy-pcie", "PCIe PHY"), ("phy-usb3", "USB3 PHY"), ("phy-mipi-dphy", "MIPI D-PHY"), ("phy-hdmi", "HDMI PHY")],
    "interconnect": [("icc", "Network-on-Chip interconnect driver")],
    "soc": [("llcc", "Last Level Cache Controller"), ("socinfo", "SoC info driver"), ("pmic-glink", "PMIC GLINK")],
    "media": [("vcodec", "video codec"), ("isp", "image signal processor"), ("jpeg", "JPEG codec")],
    "gpu": [("dpu", "display controller"), ("dsi", "DSI controller"), ("hdmi", "HDMI transmitter")],
    "remoteproc": [("pas", "remote processor (PAS)"), ("wcss", "WCSS remote processor")],
    "sound": [("snd", "sound card"), ("afe", "audio front end")],
}

BOARD_WORDS = ["evk", "devkit", "som", "rb5", "hdk", "qrd", "pro", "mini", "plus", "max", "lite",
               "tablet", "phone", "sbc", "edge", "nano", "one", "air", "core", "io"]
BOARD_MAKERS = ["Radxa", "Pine64", "FriendlyElec", "Orange Pi", "Khadas", "Libre Computer", "Banana Pi",
                "Xiaomi", "Samsung", "Lenovo", "Google", "OnePlus", "Fairphone", "Toradex", "Variscite",
                "Kontron", "Beacon", "Microsoft", "ASUS", "Acer", "Firefly", "Theobroma"]

# leaf directories:
# (path, dir subject prefix, driver subject prefix template, symbol prefix,
#  what (a noun phrase), bus, initial drivers, new-driver weight, fixed SoC vendor)
D = [
    ("drivers/iio/adc", "iio: adc:", "iio: adc: {d}:", "", "analog to digital converter", "spi", 40, 6, None),
    ("drivers/iio/dac", "iio: dac:", "iio: dac: {d}:", "", "digital to analog converter", "spi", 20, 3, None),
    ("drivers/iio/light", "iio: light:", "iio: light: {d}:", "", "ambient light sensor", "i2c", 30, 5, None),
    ("drivers/iio/pressure", "iio: pressure:", "iio: pressure: {d}:", "", "pressure sensor", "i2c", 20, 3, None),
    ("drivers/iio/imu", "iio: imu:", "iio: imu: {d}:", "", "inertial measurement unit", "i2c", 15, 3, None),
    ("drivers/iio/temperature", "iio: temperature:", "iio: temperature: {d}:", "", "temperature sensor", "i2c", 12, 2, None),
    ("drivers/iio/humidity", "iio: humidity:", "iio: humidity: {d}:", "", "humidity sensor", "i2c", 10, 2, None),
    ("drivers/iio/accel", "iio: accel:", "iio: accel: {d}:", "", "accelerometer", "i2c", 25, 2, None),
    ("drivers/iio/proximity", "iio: proximity:", "iio: proximity: {d}:", "", "proximity sensor", "i2c", 12, 2, None),
    ("drivers/iio/chemical", "iio: chemical:", "iio: chemical: {d}:", "", "gas sensor", "i2c", 8, 2, None),
    ("drivers/hwmon", "hwmon:", "hwmon: ({d})", "SENSORS_", "hardware monitoring chip", "i2c", 80, 8, None),
    ("drivers/hwmon/pmbus", "hwmon: pmbus:", "hwmon: (pmbus/{d})", "SENSORS_", "PMBus power controller", "i2c", 40, 5, None),
    ("drivers/input/touchscreen", "Input:", "Input: {d} -", "TOUCHSCREEN_", "touchscreen controller", "i2c", 40, 3, None),
    ("drivers/input/keyboard", "Input:", "Input: {d} -", "KEYBOARD_", "keypad controller", "i2c", 20, 1, None),
    ("drivers/input/misc", "Input:", "Input: {d} -", "INPUT_", "haptic driver", "i2c", 25, 2, None),
    ("drivers/leds", "leds:", "leds: {d}:", "LEDS_", "LED controller", "i2c", 40, 3, None),
    ("drivers/leds/flash", "leds: flash:", "leds: flash: {d}:", "LEDS_", "flash LED driver", "i2c", 10, 1, None),
    ("drivers/regulator", "regulator:", "regulator: {d}:", "REGULATOR_", "voltage regulator", "i2c", 60, 4, None),
    ("drivers/power/supply", "power: supply:", "power: supply: {d}:", "CHARGER_", "battery charger", "i2c", 40, 3, None),
    ("drivers/rtc", "rtc:", "rtc: {d}:", "RTC_DRV_", "real-time clock", "i2c", 50, 2, None),
    ("drivers/gpio", "gpio:", "gpio: {d}:", "GPIO_", "GPIO expander", "i2c", 40, 2, None),
    ("drivers/pwm", "pwm:", "pwm: {d}:", "PWM_", "PWM controller", "platform", 25, 2, None),
    ("drivers/watchdog", "watchdog:", "watchdog: {d}:", "", "watchdog timer", "platform", 30, 1, None),
    ("drivers/spi", "spi:", "spi: {d}:", "SPI_", "SPI controller", "platform", 40, 2, None),
    ("drivers/i2c/busses", "i2c:", "i2c: {d}:", "I2C_", "I2C controller", "platform", 40, 2, None),
    ("drivers/mmc/host", "mmc:", "mmc: {d}:", "MMC_", "SD/MMC host controller", "platform", 30, 1, None),
    ("drivers/usb/typec", "usb: typec:", "usb: typec: {d}:", "TYPEC_", "USB Type-C port controller", "i2c", 15, 2, None),
    ("drivers/usb/phy", "usb: phy:", "usb: phy: {d}:", "USB_", "USB PHY", "platform", 15, 1, None),
    ("drivers/media/i2c", "media: i2c:", "media: i2c: {d}:", "VIDEO_", "image sensor", "i2c", 60, 5, None),
    ("drivers/gpu/drm/panel", "drm/panel:", "drm/panel: {d}:", "DRM_PANEL_", "DSI panel", "dsi", 60, 5, None),
    ("drivers/gpu/drm/bridge", "drm/bridge:", "drm/bridge: {d}:", "DRM_", "display bridge", "i2c", 30, 2, None),
    ("drivers/net/phy", "net: phy:", "net: phy: {d}:", "", "Ethernet PHY", "mdio", 40, 2, None),
    ("drivers/net/dsa", "net: dsa:", "net: dsa: {d}:", "NET_DSA_", "Ethernet switch", "mdio", 15, 1, None),
    ("drivers/net/can", "can:", "can: {d}:", "CAN_", "CAN controller", "spi", 20, 1, None),
    ("drivers/nvmem", "nvmem:", "nvmem: {d}:", "NVMEM_", "OTP memory", "platform", 20, 1, None),
    ("drivers/thermal", "thermal:", "thermal: {d}:", "", "thermal sensor", "platform", 20, 1, None),
    ("drivers/misc", "misc:", "misc: {d}:", "", "miscellaneous device", "i2c", 30, 1, None),
    ("drivers/mfd", "mfd:", "mfd: {d}:", "MFD_", "PMIC", "i2c", 60, 2, None),
    ("drivers/staging/iio/adc", "staging: iio: adc:", "staging: iio: adc: {d}:", "", "analog to digital converter", "spi", 8, 0, None),
    ("sound/soc/codecs", "ASoC: codecs:", "ASoC: codecs: {d}:", "SND_SOC_", "audio codec", "i2c", 120, 8, None),
    ("drivers/remoteproc", "remoteproc:", "remoteproc: {d}:", "", "remote processor", "platform", 20, 1, "qcom"),
    ("drivers/crypto/ccp", "crypto: ccp:", "crypto: ccp: {d}:", "CRYPTO_DEV_", "crypto engine", "platform", 10, 0, None),
    ("drivers/platform/x86", "platform/x86:", "platform/x86: {d}:", "", "laptop extras", "acpi", 50, 3, None),
    ("drivers/hid", "HID:", "HID: {d}:", "HID_", "HID device", "hid", 60, 3, None),
    ("drivers/bluetooth", "Bluetooth:", "Bluetooth: {d}:", "BT_", "Bluetooth controller", "serdev", 30, 1, None),
    ("drivers/tty/serial", "serial:", "serial: {d}:", "SERIAL_", "UART", "platform", 40, 1, None),
    ("drivers/iio/magnetometer", "iio: magnetometer:", "iio: magnetometer: {d}:", "", "magnetometer", "i2c", 12, 1, None),
    ("drivers/iio/gyro", "iio: gyro:", "iio: gyro: {d}:", "", "gyroscope", "spi", 10, 1, None),
    ("drivers/iio/frequency", "iio: frequency:", "iio: frequency: {d}:", "", "frequency synthesizer", "spi", 8, 1, None),
    ("drivers/iio/amplifiers", "iio: amplifiers:", "iio: amplifiers: {d}:", "", "programmable gain amplifier", "spi", 5, 0.5, None),
    ("drivers/input/joystick", "Input:", "Input: {d} -", "JOYSTICK_", "joystick", "i2c", 10, 0.5, None),
    ("drivers/extcon", "extcon:", "extcon: {d}:", "EXTCON_", "USB connector detector", "i2c", 15, 0.5, None),
    ("drivers/char/hw_random", "hwrng:", "hwrng: {d} -", "HW_RANDOM_", "random number generator", "platform", 20, 0.5, None),
    ("drivers/mailbox", "mailbox:", "mailbox: {d}:", "", "mailbox controller", "platform", 15, 0.5, None),
    ("drivers/memory", "memory:", "memory: {d}:", "", "memory controller", "platform", 10, 0.3, None),
    ("drivers/pci/controller", "PCI:", "PCI: {d}:", "PCIE_", "PCIe host controller", "platform", 25, 1, None),
    ("drivers/irqchip", "irqchip:", "irqchip/{d}:", "", "interrupt controller", "platform", 30, 0.7, None),
    ("drivers/mtd/nand/raw", "mtd: rawnand:", "mtd: rawnand: {d}:", "MTD_NAND_", "NAND controller", "platform", 20, 0.3, None),
    ("drivers/counter", "counter:", "counter: {d}:", "", "counter device", "platform", 6, 0.3, None),
    ("drivers/usb/misc", "usb: misc:", "usb: misc: {d}:", "USB_", "USB hub controller", "i2c", 15, 0.5, None),
    ("drivers/net/wireless", "wifi:", "wifi: {d}:", "", "wireless LAN chip", "platform", 20, 1, None),
    ("drivers/net/ethernet", "net: ethernet:", "net: ethernet: {d}:", "NET_", "Ethernet controller", "platform", 30, 1, None),
    ("drivers/gpu/drm/tiny", "drm/tiny:", "drm/tiny: {d}:", "TINYDRM_", "SPI display", "spi", 10, 0.5, None),
    ("drivers/accel", "accel:", "accel/{d}:", "DRM_ACCEL_", "neural processing unit", "platform", 3, 0.3, None),
]
DRIVER_DIR = {  # devicetree vendor folder -> the vendor's folder name under drivers/
    "qcom": "qcom", "mediatek": "mediatek", "rockchip": "rockchip", "freescale": "imx", "amlogic": "meson",
    "allwinner": "sunxi", "renesas": "renesas", "ti": "ti", "exynos": "samsung", "nvidia": "tegra",
}
for _v, _dn in DRIVER_DIR.items():
    _big = _v in ("qcom", "mediatek")
    D += [
        (f"drivers/clk/{_dn}", f"clk: {_dn}:", f"clk: {_dn}: {{d}}:", "CLK_", "clock controller", "platform",
         40 if _big else 10, 3 if _big else 0.8, _v),
        (f"drivers/pinctrl/{_dn}", f"pinctrl: {_dn}:", f"pinctrl: {_dn}: {{d}}:", "PINCTRL_", "pin controller",
         "platform", 30 if _big else 8, 2 if _big else 0.5, _v),
        (f"drivers/phy/{_dn}", f"phy: {_dn}:", f"phy: {_dn}: {{d}}:", "PHY_", "PHY", "platform",
         15 if _big else 5, 1.5 if _big else 0.4, _v),
        (f"drivers/soc/{_dn}", f"soc: {_dn}:", f"soc: {_dn}: {{d}}:", "SOC_", "SoC driver", "platform",
         15 if _big else 4, 0.6 if _big else 0.2, _v),
        (f"drivers/media/platform/{_dn}", f"media: {_dn}:", f"media: {_dn}: {{d}}:", "VIDEO_", "video codec",
         "platform", 8 if _big else 3, 0.5 if _big else 0.2, _v),
        (f"drivers/gpu/drm/{_dn}", f"drm/{_dn}:", f"drm/{_dn}: {{d}}:", "DRM_", "display controller", "platform",
         8 if _big else 3, 0.5 if _big else 0.2, _v),
        (f"sound/soc/{_dn}", f"ASoC: {_dn}:", f"ASoC: {_dn}: {{d}}:", "SND_SOC_", "sound card", "platform",
         15 if _big else 5, 0.8 if _big else 0.3, _v),
    ]
    if _v == "qcom":
        D.append(("drivers/interconnect/qcom", "interconnect: qcom:", "interconnect: qcom: {d}:",
                  "INTERCONNECT_QCOM_", "interconnect provider", "platform", 25, 2, "qcom"))
STAGING = {  # staging dir -> (real dir it graduates to)
    "drivers/staging/iio/adc": "drivers/iio/adc",
}
DTS_DIRS = sorted(SOC_VENDORS)

BUS = {
    # bus -> (header, depends, select, struct, module macro, probe signature)
    "i2c": ("linux/i2c.h", "I2C", "REGMAP_I2C", "i2c_driver", "module_i2c_driver", "struct i2c_client *client"),
    "spi": ("linux/spi/spi.h", "SPI", "REGMAP_SPI", "spi_driver", "module_spi_driver", "struct spi_device *spi"),
    "platform": ("linux/platform_device.h", "OF || COMPILE_TEST", "REGMAP_MMIO", "platform_driver", "module_platform_driver", "struct platform_device *pdev"),
    "dsi": ("drm/drm_mipi_dsi.h", "DRM_MIPI_DSI", "DRM_KMS_HELPER", "mipi_dsi_driver", "module_mipi_dsi_driver", "struct mipi_dsi_device *dsi"),
    "mdio": ("linux/phy.h", "PHYLIB", "MDIO_BUS", "phy_driver", "module_phy_driver", "struct phy_device *phydev"),
    "acpi": ("linux/platform_device.h", "ACPI && X86", "INPUT_SPARSEKMAP", "platform_driver", "module_platform_driver", "struct platform_device *pdev"),
    "hid": ("linux/hid.h", "USB_HID", "HID_FF", "hid_driver", "module_hid_driver", "struct hid_device *hdev"),
    "serdev": ("linux/serdev.h", "SERIAL_DEV_BUS", "BT_HCIUART", "serdev_device_driver", "module_serdev_device_driver", "struct serdev_device *serdev"),
}

FIRST = ["Andy", "Jonathan", "Guenter", "Mark", "Krzysztof", "Dmitry", "Rob", "Conor", "Lee", "Bjorn",
         "Konrad", "Linus", "Geert", "Marek", "Nuno", "Angelo", "Javier", "Uwe", "Christophe", "Johan",
         "Heiko", "Neil", "Sebastian", "Alexandre", "Wolfram", "Ulf", "Sakari", "Laurent", "Hans", "Takashi",
         "Kuninori", "Charles", "Srinivas", "Dmitry", "Abel", "Stephen", "Maxime", "Jani", "David", "Simon",
         "Matti", "Marcelo", "Antoniu", "Ramona", "Dumitru", "Kim", "Dzmitry", "Gustavo", "Yang", "Chen",
         "Wei", "Jiasheng", "Li", "Zhang", "Peng", "Xu", "Daniel", "Vinod", "Sudeep", "Arnd"]
LAST = ["Shevchenko", "Cameron", "Roeck", "Brown", "Kozlowski", "Torokhov", "Herring", "Dooley", "Jones",
        "Andersson", "Dybcio", "Walleij", "Uytterhoeven", "Vasut", "Sa", "Regno", "Martinez", "Kleine-Koenig",
        "Jaillet", "Hovold", "Stuebner", "Armstrong", "Reichel", "Belloni", "Sang", "Hansson", "Ailus",
        "Pinchart", "Verkuil", "Iwai", "Morimoto", "Keepax", "Kandagatla", "Baryshkov", "Vizoso", "Boyd",
        "Ripard", "Nikula", "Lechner", "Horman", "Vaittinen", "Schmitt", "Ancuti", "Bogdan", "Seemann",
        "Silva", "Yingliang", "Gang", "Wang", "Jiang", "Fan", "Koul", "Holla", "Bergmann", "Lezcano"]

FIX_SUBJECTS = [
    "Use devm_regulator_get_enable()", "Fix error handling in probe", "Drop of_match_ptr() protection",
    "Convert to dev_err_probe()", "Remove redundant initialization", "Add missing MODULE_DESCRIPTION()",
    "Switch to DEFINE_RUNTIME_DEV_PM_OPS()", "Fix spelling mistake in comment", "Use sysfs_emit()",
    "Constify struct regmap_config", "Fix NULL pointer dereference on remove", "Use guard() for mutex",
    "Simplify probe with devm helpers", "Fix off-by-one in buffer handling", "Use FIELD_PREP()",
    "Make read-only array static", "Drop unused include", "Fix a memory leak in error path",
    "Use device_get_match_data()", "Add suspend/resume support", "Check return value of regmap_write()",
    "Fix resource leak on probe failure", "Switch to .probe() again", "Use scoped fwnode iterator",
    "Replace msleep() with usleep_range()", "Add interrupt support", "Correct scale for raw values",
    "Fix unbalanced pm_runtime_enable", "Use BIT() macro", "Remove unused variable",
]
BODY_SENTENCES = [
    "The current code leaks the allocated buffer when the device fails to respond.",
    "No functional change intended.",
    "This simplifies the code and removes the open-coded error handling.",
    "Found by static analysis.",
    "The return value was ignored, so a bus error went unnoticed.",
    "Use the managed helper instead so the cleanup happens in the right order.",
    "The datasheet describes the register as 16 bits wide.",
    "Compile tested only.",
    "This aligns the driver with the rest of the subsystem.",
    "Without this the module cannot be unloaded cleanly.",
    "The firmware reports the value in milli-units.",
    "Reported by the kernel test robot.",
]
TREEWIDE = [
    "treewide: Switch i2c drivers back to use .probe()", "treewide: Drop of_match_ptr() protection",
    "treewide: Add missing MODULE_DESCRIPTION() macros", "treewide: Use sysfs_emit() in show functions",
    "treewide: Convert to platform remove callback returning void", "treewide: Fix common grammar mistake",
    "treewide: Replace strlcpy() with strscpy()", "treewide: Use scoped_guard() for locks",
]


def upper_sym(s: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in s.upper())


# --------------------------------------------------------------------------
# tree state: every file renders its content from a small structure


class Driver:
    __slots__ = ("dir", "name", "sym", "vendor", "prefix", "part", "bus", "compat", "rev", "helpers",
                 "header", "what", "help", "depends", "selects", "extra_parts", "core", "debug",
                 "cflags", "path", "default", "prompt")

    def __init__(self, d, name, sym, vendor, prefix, part, bus, what):
        self.dir = d
        self.name = name
        self.sym = sym
        self.vendor = vendor
        self.prefix = prefix
        self.part = part
        self.bus = bus
        self.what = what
        self.compat = [f"{prefix},{part.lower()}"]
        self.rev = 0
        self.helpers = 0
        self.header = False
        self.prompt = f"{vendor} {part} {what}"
        self.help = [f"Say Y here if you want to build support for the {vendor} {part}",
                     f"{what}.",
                     "",
                     "To compile this driver as a module, choose M here: the",
                     f"module will be called {name}."]
        self.depends = [BUS[bus][1]]
        self.selects = [BUS[bus][2]] if bus in ("i2c", "spi") else []
        self.extra_parts = []      # composite object parts: name-y += part.o
        self.core = None           # hidden core symbol split out of the driver
        self.debug = False         # a prompted debug option of the driver
        self.cflags = False
        self.default = None
        self.path = f"{d}/{name}.c"

    # Kconfig blocks of this driver
    def kconfig(self, out):
        out.append(f"config {self.sym}")
        out.append(f'\ttristate "{self.prompt}"')
        for dep in self.depends:
            out.append(f"\tdepends on {dep}")
        for sel in self.selects:
            out.append(f"\tselect {sel}")
        if self.core:
            out.append(f"\tselect {self.core}")
        if self.default:
            out.append(f"\tdefault {self.default}")
        out.append("\thelp")
        for line in self.help:
            out.append(f"\t  {line}" if line else "")
        out.append("")
        if self.core:
            out.append(f"config {self.core}")
            out.append("\ttristate")
            out.append("")
        if self.debug:
            out.append(f"config {self.sym}_DEBUG")
            out.append(f'\tbool "{self.part} debug messages"')
            out.append(f"\tdepends on {self.sym}")
            out.append("\thelp")
            out.append(f"\t  Say Y here to make the {self.name} driver print verbose debug")
            out.append("\t  messages. If unsure, say N.")
            out.append("")

    def makefile(self, out):
        # extra parts are modules of their own, built by the driver's symbol
        parts = "".join(f" {self.name}_{p}.o" for p in self.extra_parts)
        out.append(f"obj-$(CONFIG_{self.sym})\t+= {self.name}.o{parts}")
        if self.core:
            out.append(f"obj-$(CONFIG_{self.core})\t+= {self.name}_core.o")
        if self.debug:
            out.append(f"ccflags-$(CONFIG_{self.sym}_DEBUG)\t+= -DDEBUG")
        if self.cflags:
            out.append(f"CFLAGS_{self.name}.o\t\t:= -I$(src)")

    def render(self) -> str:
        b = BUS[self.bus]
        n = self.name.replace("-", "_")
        up = upper_sym(self.name)
        lines = [
            "// SPDX-License-Identifier: GPL-2.0-only",
            "/*",
            f" * {self.prompt} driver",
            " *",
            f" * Copyright (C) {2015 + len(self.name) % 9} {self.vendor}",
            " */",
            "",
            "#include <linux/bitfield.h>",
            "#include <linux/module.h>",
            "#include <linux/mod_devicetable.h>",
            "#include <linux/regmap.h>",
            f"#include <{b[0]}>",
        ]
        if self.header:
            lines.append(f'#include "{self.name}.h"')
        lines += [
            "",
            f"#define {up}_REG_ID\t\t0x{(len(self.part) * 7) & 0xff:02x}",
            f"#define {up}_REG_CTRL\t0x{(self.rev * 3 + 1) & 0xff:02x}",
            f"#define {up}_CHIP_REV\t{self.rev}",
            "",
            f"struct {n}_data {{",
            "\tstruct regmap *regmap;",
            "\tstruct mutex lock;",
            f"\tu32 cache[{4 + self.rev % 8}];",
            "};",
            "",
        ]
        for h in range(self.helpers):
            lines += [
                f"static int {n}_update_{h}(struct {n}_data *data, unsigned int val)",
                "{",
                f"\treturn regmap_update_bits(data->regmap, {up}_REG_CTRL, BIT({h}), val);",
                "}",
                "",
            ]
        lines += [
            f"static int {n}_probe({b[5]})",
            "{",
            f"\tstruct {n}_data *data;",
            "",
            "\tdata = devm_kzalloc(dev, sizeof(*data), GFP_KERNEL);",
            "\tif (!data)",
            "\t\treturn -ENOMEM;",
            "",
            "\tmutex_init(&data->lock);",
            f"\treturn {n}_init(data);  /* rev {self.rev} */",
            "}",
            "",
            f"static const struct of_device_id {n}_of_match[] = {{",
        ]
        for c in self.compat:
            lines.append(f'\t{{ .compatible = "{c}" }},')
        lines += [
            "\t{ }",
            "};",
            f"MODULE_DEVICE_TABLE(of, {n}_of_match);",
            "",
            f"static struct {b[3]} {n}_driver = {{",
            "\t.driver = {",
            f'\t\t.name = "{self.name}",',
            f"\t\t.of_match_table = {n}_of_match,",
            "\t},",
            f"\t.probe = {n}_probe,",
            "};",
            f"{b[4]}({n}_driver);",
            "",
            f'MODULE_DESCRIPTION("{self.prompt} driver");',
            'MODULE_LICENSE("GPL");',
            "",
        ]
        return "\n".join(lines)


class Part:
    """A secondary source file of a driver (header, composite part, core module)."""
    __slots__ = ("drv", "kind", "rev")

    def __init__(self, drv, kind):
        self.drv = drv
        self.kind = kind     # "h", "part:<name>", "core"
        self.rev = 0

    def render(self) -> str:
        d = self.drv
        up = upper_sym(d.name)
        if self.kind == "h":
            regs = "\n".join(f"#define {up}_REG_{i:02X}\t0x{(i * 4 + self.rev) & 0xff:02x}"
                             for i in range(6 + self.rev % 10))
            return (f"/* SPDX-License-Identifier: GPL-2.0-only */\n#ifndef __{up}_H__\n#define __{up}_H__\n\n"
                    f"{regs}\n\nstruct {d.name.replace('-', '_')}_data;\n\n#endif /* __{up}_H__ */\n")
        n = d.name.replace("-", "_")
        fn = self.kind.split(":", 1)[-1]
        return ("// SPDX-License-Identifier: GPL-2.0-only\n"
                f"/*\n * {d.prompt}: {fn} support\n */\n\n#include <linux/module.h>\n\n"
                f"int {n}_{fn}_init(struct {n}_data *data)\n{{\n\treturn {self.rev};\n}}\n"
                f"EXPORT_SYMBOL_GPL({n}_{fn}_init);\n")


class Board:
    __slots__ = ("dir", "name", "soc", "model", "compat", "rev", "nodes")

    def __init__(self, d, name, soc, model, compat):
        self.dir, self.name, self.soc, self.model, self.compat = d, name, soc, model, compat
        self.rev = 0
        self.nodes = ["uart0", "i2c1", "sdhc_1"]

    def render(self) -> str:
        v = SOC_VENDORS[self.dir.rsplit("/", 1)[1]]
        lines = ["// SPDX-License-Identifier: (GPL-2.0+ OR MIT)", "/*",
                 f" * Copyright (c) {2018 + self.rev % 7} {self.model.split()[0]}", " */", "", "/dts-v1/;", "",
                 f'#include "{self.soc.lower()}.dtsi"', "", "/ {",
                 f'\tmodel = "{self.model}";',
                 f'\tcompatible = "{self.compat}", "{v[1]},{self.soc.lower()}";', "",
                 "\tchosen {", '\t\tstdout-path = "serial0:115200n8";', "\t};", "};", ""]
        for node in self.nodes:
            lines += [f"&{node} {{", '\tstatus = "okay";', "};", ""]
        return "\n".join(lines)


class Static:
    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def render(self) -> str:
        return self.text


class DirState:
    __slots__ = ("path", "spec", "drivers", "children", "title", "menu", "sorted")

    def __init__(self, path, spec=None):
        self.path = path
        self.spec = spec
        self.drivers = []
        self.children = []
        self.title = path.rsplit("/", 1)[-1]
        self.menu = spec[4].capitalize() + "s" if spec else None
        self.sorted = False


class Kconfig:
    __slots__ = ("dir",)

    def __init__(self, d):
        self.dir = d

    def render(self) -> str:
        d = self.dir
        out = ["# SPDX-License-Identifier: GPL-2.0-only", "#", f"# {d.path} configuration", "#", ""]
        if d.menu:
            out += [f'menu "{d.menu}"', ""]
        drivers = sorted(d.drivers, key=lambda x: x.sym) if d.sorted else d.drivers
        for drv in drivers:
            drv.kconfig(out)
        for c in d.children:
            out.append(f'source "{c}/Kconfig"')
        if d.children:
            out.append("")
        if d.menu:
            out += ["endmenu", ""]
        return "\n".join(out)


class Makefile:
    __slots__ = ("dir",)

    def __init__(self, d):
        self.dir = d

    def render(self) -> str:
        d = self.dir
        out = ["# SPDX-License-Identifier: GPL-2.0", "#", f"# Makefile for {d.path}", "#", ""]
        drivers = sorted(d.drivers, key=lambda x: x.name) if d.sorted else d.drivers
        for drv in drivers:
            drv.makefile(out)
        for c in d.children:
            out.append(f"obj-y\t\t\t\t+= {c.rsplit('/', 1)[1]}/")
        out.append("")
        return "\n".join(out)


class DtsMakefile:
    __slots__ = ("vendor", "boards")

    def __init__(self, vendor):
        self.vendor = vendor
        self.boards = []

    def render(self) -> str:
        arch = SOC_VENDORS[self.vendor][2]
        out = ["# SPDX-License-Identifier: GPL-2.0", ""]
        out += [f"dtb-$(CONFIG_{arch}) += {b.name}.dtb" for b in self.boards]
        out.append("")
        return "\n".join(out)


# --------------------------------------------------------------------------
# --kernel-size: the rest of a Linux-sized tree

#: (top-level folder, files, extensions). With the generated hardware folders,
#: about 80,000 files in about 5,000 folders: Linux 6.12 has 86,629 files in
#: 5,760 folders. Real merge windows spend ~40% of their commits outside the
#: drivers and sound folders this generator writes Kconfig for.
FILLER = [
    ("Documentation", 9500, (".rst", ".yaml", ".txt")), ("arch", 17000, (".c", ".h", ".S", ".dtsi")),
    ("drivers", 24000, (".c", ".h")), ("fs", 2700, (".c", ".h")), ("include", 6000, (".h",)),
    ("net", 2100, (".c", ".h")), ("sound", 1500, (".c", ".h")), ("tools", 5500, (".c", ".h", ".py", ".sh")),
    ("kernel", 600, (".c", ".h")), ("lib", 700, (".c", ".h")), ("mm", 250, (".c", ".h")),
    ("scripts", 600, (".c", ".sh", ".py")), ("security", 350, (".c", ".h")), ("crypto", 200, (".c",)),
    ("block", 100, (".c",)), ("samples", 300, (".c",)), ("rust", 150, (".rs",)),
]
FILLER_SHARE = 0.4
WORDS = ("core dev bus irq dma pci usb net ops util main hw mem io ctl cfg sysfs debugfs trace power pm "
         "clk reset phy mac queue ring tx rx fw hal api common ext4 btrfs xfs nfs cifs ipv4 ipv6 tcp udp "
         "sched bpf perf kvm mmu tlb cache page slab vm x86 arm64 powerpc riscv mips s390 boot crypto aes "
         "sha hash block scsi ata nvme md dm infiniband mlx5 intel amd broadcom ethernet wireless ath "
         "iwlwifi rtw drm i915 amdgpu nouveau display media v4l2 dvb video hda codec xhci ehci gadget "
         "serial tty console input hid thermal cpufreq cpuidle acpi efi firmware of platform char mtd "
         "uapi asm generic linux bindings devicetree admin-guide process filesystems networking "
         "driver-api selftests tests smp numa cgroup audit seccomp lsm selinux apparmor keys tpm "
         "virtio vhost xen hyperv vfio iommu edac ras mce cpu topology time timer hrtimer rcu lock "
         "futex signal fork exec module kprobes ftrace printk mailbox rpmsg remoteproc").split()


class Filler:
    """A file of the rest of the tree: a few hundred bytes to a few KB, and a revision."""
    __slots__ = ("path", "rev")

    def __init__(self, path):
        self.path = path
        self.rev = 0

    def render(self) -> str:
        seed = sum(map(ord, self.path))          # deterministic, unlike hash()
        words = [WORDS[(seed * (i + 7)) % len(WORDS)] for i in range(8 + seed % 40)]
        body = "\n".join(f"static int {w}_{i}(void) {{ return {i}; }}" for i, w in enumerate(words))
        return f"// SPDX-License-Identifier: GPL-2.0\n/* {self.path} */\n{body}\n/* rev {self.rev} */\n"


# --------------------------------------------------------------------------
# the generator


class Generator:
    def __init__(self, n_commits: int, seed: int, out, kernel_size: bool = False):
        self.n = n_commits
        self.kernel_size = kernel_size
        self.filler = []             # paths of the rest of the tree (--kernel-size)
        self.filler_dirs = []
        self.rng = random.Random(seed)
        self.out = out               # a binary stream (fast-import's stdin)
        self.buf = []
        self.buflen = 0
        self.files = {}              # path -> renderable
        self.dirs = {}               # path -> DirState
        self.leaf_dirs = []
        self.new_weights = []
        self.drivers = []            # all drivers, for edits (index order = creation order)
        self.driver_index = {}       # path -> Driver (the main .c file)
        self.parts = []              # (path, Part) secondary sources
        self.boards = []             # (path, Board)
        self.dts_make = {}
        self.used_names = set()
        self.mark = 0
        self.count = 0               # commits emitted
        self.t = 1451865600          # 2016-01-04
        self.locked = set()          # paths a topic branch touched, not to be touched on master
        self.topic = None
        self.authors = [(f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}") for _ in range(600)]
        self.maintainers = self.authors[:40]
        self.stats = {k: 0 for k in ("new_driver", "new_device", "kconfig", "makefile", "rename",
                                     "staging_move", "treewide", "removed", "new_dts", "edit", "merge", "topic_commits", "elsewhere")}
        self.truth = []              # (mark, type, symbol/compatible, path)
        self.tags = {}

    # -- output
    def w(self, s: str):
        b = s.encode()
        self.buf.append(b)
        self.buflen += len(b)
        if self.buflen > 1 << 20:
            self.flush()

    def wdata(self, s: str):
        b = s.encode()
        self.buf.append(b"data %d\n" % len(b))
        self.buf.append(b)
        self.buf.append(b"\n")
        self.buflen += len(b) + 16
        if self.buflen > 1 << 20:
            self.flush()

    def flush(self):
        if self.buf:
            self.out.write(b"".join(self.buf))
            self.buf = []
            self.buflen = 0

    # -- names
    def new_part(self, vendor_idx=None):
        rng = self.rng
        for _ in range(1000):
            vname, prefix, pfx = VENDORS[vendor_idx if vendor_idx is not None else rng.randrange(len(VENDORS))]
            part = rng.choice(pfx) + str(rng.randint(10, 99999 if rng.random() < 0.3 else 9999))
            if rng.random() < 0.2:
                part += rng.choice("ABLQSX")
            name = part.lower()
            if name not in self.used_names:
                self.used_names.add(name)
                return vname, prefix, part, name
        raise RuntimeError("out of part names")

    def new_soc_part(self, soc_vendor, d):
        """(vendor, dt prefix, SoC, file name, what) for a SoC-specific driver, e.g. gcc-sm8550."""
        vname, prefix, _arch, socs = SOC_VENDORS[soc_vendor]
        units = SOC_UNITS.get(d.path.split("/")[1] if d.path.startswith("drivers/") else "sound",
                              [("", d.spec[4])])
        rng = self.rng
        for _ in range(1000):
            model = rng.choice(socs)
            letters = model.rstrip("0123456789")
            if letters == model or not letters.isalpha():
                letters = "".join(c for c in model if c.isalpha())[:3] or "X"
            soc = letters + str(rng.randint(10 ** 3, 10 ** 4 - 1))
            unit, what = rng.choice(units)
            name = f"{unit}-{soc.lower()}" if unit else f"{soc.lower()}-{d.path.rsplit('/', 1)[1]}"
            if name not in self.used_names:
                self.used_names.add(name)
                return vname, prefix, soc, name, what
        raise RuntimeError("out of SoC part names")

    # -- tree building
    def ensure_dir(self, path, spec=None):
        if path in self.dirs:
            if spec is not None and self.dirs[path].spec is None:
                self.dirs[path].spec = spec
                self.dirs[path].menu = spec[4].capitalize() + "s"
            return self.dirs[path]
        d = DirState(path, spec)
        self.dirs[path] = d
        self.files[f"{path}/Kconfig"] = Kconfig(d)
        self.files[f"{path}/Makefile"] = Makefile(d)
        if "/" in path:
            parent = self.ensure_dir(path.rsplit("/", 1)[0])
            parent.children.append(path)
        return d

    def make_driver(self, d: DirState) -> Driver:
        spec = d.spec
        sym_prefix, what, bus, soc_vendor = spec[3], spec[4], spec[5], spec[8]
        if soc_vendor:
            vname, prefix, part, name, what2 = self.new_soc_part(soc_vendor, d)
            sym = upper_sym(name)
            if not sym.startswith(sym_prefix):
                sym = sym_prefix + sym
            drv = Driver(d.path, name, sym, vname, prefix, part, bus, what2)
        else:
            vname, prefix, part, name = self.new_part()
            drv = Driver(d.path, name, upper_sym(sym_prefix + name), vname, prefix, part, bus, what)
        return drv

    def add_driver_files(self, drv: Driver, d: DirState, header=False):
        d.drivers.append(drv)
        self.files[drv.path] = drv
        self.drivers.append(drv)
        self.driver_index[drv.path] = drv
        touched = [drv.path, f"{d.path}/Kconfig", f"{d.path}/Makefile"]
        if header:
            drv.header = True
            p = Part(drv, "h")
            hp = f"{d.path}/{drv.name}.h"
            self.files[hp] = p
            self.parts.append((hp, p))
            touched.append(hp)
        return touched

    def initial_tree(self):
        rng = self.rng
        for spec in D:
            d = self.ensure_dir(spec[0], spec)
            self.leaf_dirs.append(d)
            self.new_weights.append(spec[7])
            for _ in range(spec[6]):
                drv = self.make_driver(d)
                drv.rev = rng.randint(0, 5)
                self.add_driver_files(drv, d, header=rng.random() < 0.12)
        # top-level glue
        self.files["Kconfig"] = Static('# SPDX-License-Identifier: GPL-2.0\nmainmenu "Linux/$(ARCH) $(KERNELVERSION) Kernel Configuration"\n\n'
                                       'source "drivers/Kconfig"\nsource "sound/Kconfig"\nsource "arch/arm64/Kconfig"\n')
        self.files["MAINTAINERS"] = Static("List of maintainers\n===================\n")
        self.files["arch/arm64/Kconfig"] = Static('# SPDX-License-Identifier: GPL-2.0-only\nconfig ARM64\n\tdef_bool y\n\nsource "arch/arm64/Kconfig.platforms"\n')
        plat = ["# SPDX-License-Identifier: GPL-2.0-only", 'menu "Platform selection"', ""]
        for v in DTS_DIRS:
            name, _p, arch, _s = SOC_VENDORS[v]
            plat += [f"config {arch}", f'\tbool "{name} SoC Family"', "\tselect GPIOLIB", "\thelp",
                     f"\t  This enables support for the {name} SoC family.", ""]
        plat += ["endmenu", ""]
        self.files["arch/arm64/Kconfig.platforms"] = Static("\n".join(plat))
        self.files["arch/arm64/boot/dts/Makefile"] = Static(
            "# SPDX-License-Identifier: GPL-2.0\n" + "".join(f"subdir-y += {v}\n" for v in DTS_DIRS))
        for v in DTS_DIRS:
            mk = DtsMakefile(v)
            self.dts_make[v] = mk
            self.files[f"arch/arm64/boot/dts/{v}/Makefile"] = mk
            for soc in SOC_VENDORS[v][3]:
                self.files[f"arch/arm64/boot/dts/{v}/{soc.lower()}.dtsi"] = Static(
                    f"// SPDX-License-Identifier: GPL-2.0\n/ {{\n\tcompatible = \"{SOC_VENDORS[v][1]},{soc.lower()}\";\n"
                    "\t#address-cells = <2>;\n\t#size-cells = <2>;\n};\n")
            for _ in range(rng.randint(15, 40)):
                self.new_board(v)
        if self.kernel_size:
            self.filler_tree()
        # a commit per initial file would be unrealistic: the first commit holds the whole tree
        return list(self.files)

    def filler_tree(self):
        """The rest of a Linux-sized tree: folders about 15 files each, nested up to 4 deep."""
        rng = self.rng
        for top, n_files, exts in FILLER:
            dirs = [top]
            while len(dirs) < max(1, n_files // 15):
                parent = dirs[min(int(rng.expovariate(1 / max(1, len(dirs) / 3))), len(dirs) - 1)]
                if parent.count("/") >= 4:
                    continue
                child = f"{parent}/{rng.choice(WORDS)}"
                if child not in dirs:
                    dirs.append(child)
            self.filler_dirs += dirs
            for _ in range(n_files):
                path = f"{rng.choice(dirs)}/{rng.choice(WORDS)}_{rng.choice(WORDS)}{rng.choice(exts)}"
                if path not in self.files:
                    self.files[path] = Filler(path)
                    self.filler.append(path)

    def new_board(self, v):
        rng = self.rng
        socs = SOC_VENDORS[v][3]
        for _ in range(1000):
            soc = rng.choice(socs)
            maker = rng.choice(BOARD_MAKERS)
            word = rng.choice(BOARD_WORDS)
            name = f"{soc.lower()}-{maker.split()[0].lower()}-{word}{rng.randint(1, 99) if rng.random() < 0.5 else ''}"
            if name in self.used_names:
                continue
            self.used_names.add(name)
            board = Board(f"arch/arm64/boot/dts/{v}", name, soc, f"{maker} {word.upper()} ({soc})",
                          f"{maker.split()[0].lower()},{soc.lower()}-{name.rsplit('-', 1)[1]}")
            path = f"{board.dir}/{name}.dts"
            self.files[path] = board
            self.boards.append((path, board))
            self.dts_make[v].boards.append(board)
            return [path, f"{board.dir}/Makefile"], board
        raise RuntimeError("out of board names")

    # -- commits
    def commit(self, branch, subject, body, touched, author, merge_from=None, parent=None):
        self.mark += 1
        self.count += 1
        self.t += self.rng.randint(20, 420)
        mark = self.mark
        email = author.lower().replace(" ", ".").replace("-", "") + "@example.org"
        committer = self.maintainers[mark % len(self.maintainers)]
        cemail = committer.lower().replace(" ", ".").replace("-", "") + "@kernel.example.org"
        msg = f"{subject}\n\n{body}\n\nSigned-off-by: {author} <{email}>\n"
        if committer != author and merge_from is None:
            msg += f"Signed-off-by: {committer} <{cemail}>\n"
        self.w(f"commit {branch}\nmark :{mark}\nauthor {author} <{email}> {self.t - 600} +0000\n"
               f"committer {committer} <{cemail}> {self.t} +0000\n")
        self.wdata(msg)
        if parent is not None:
            self.w(f"from :{parent}\n")
        if merge_from is not None:
            self.w(f"merge :{merge_from}\n")
        for path in touched:
            f = self.files.get(path)
            if f is None:
                self.w(f"D {path}\n")
            else:
                self.w(f"M 100644 inline {path}\n")
                self.wdata(f.render())
        self.w("\n")
        return mark

    def pick_driver(self, pred=None):
        rng = self.rng
        drivers = self.drivers
        for _ in range(50):
            # recent drivers are edited more often, as in real history
            if rng.random() < 0.3:
                drv = drivers[-1 - min(len(drivers) - 1, int(rng.expovariate(1 / 200)))]
            else:
                drv = drivers[rng.randrange(len(drivers))]
            if drv.path in self.files and drv.path not in self.locked and \
                    f"{drv.dir}/Kconfig" not in self.locked and (pred is None or pred(drv)):
                return drv
        return None

    def body(self):
        rng = self.rng
        return " ".join(rng.sample(BODY_SENTENCES, rng.randint(1, 3)))

    def drv_prefix(self, drv):
        spec = self.dirs[drv.dir].spec
        return spec[2].format(d=drv.name)

    # each returns (subject, touched) or None (the caller retries)
    def c_new_driver(self):
        rng = self.rng
        for _ in range(20):
            weights = [w * 120.0 / (120 + len(x.drivers)) for w, x in zip(self.new_weights, self.leaf_dirs)]
            d = rng.choices(self.leaf_dirs, weights=weights)[0]
            if f"{d.path}/Kconfig" not in self.locked and f"{d.path}/Makefile" not in self.locked:
                break
        else:
            return None
        drv = self.make_driver(d)
        touched = self.add_driver_files(drv, d, header=rng.random() < 0.25)
        self.truth.append([self.mark + 1, "driver", drv.sym, drv.path])
        self.stats["new_driver"] += 1
        spec = d.spec
        if spec[1].startswith("hwmon"):
            subject = f"hwmon: Add driver for {drv.vendor} {drv.part}"
        elif rng.random() < 0.5:
            subject = f"{spec[1]} add {drv.part} driver"
        else:
            subject = f"{spec[1]} Add support for {drv.vendor} {drv.part}"
        body = (f"Add a driver for the {drv.vendor} {drv.part} {drv.what}. The device is "
                f"described in the devicetree as \"{drv.compat[0]}\".")
        return subject, touched, body

    def c_new_device(self):
        drv = self.pick_driver(lambda x: len(x.compat) < 6)
        if drv is None:
            return None
        rng = self.rng
        letters = drv.part.rstrip("ABLQSX").rstrip("0123456789") or drv.part[:2]
        num = "".join(c for c in drv.part[len(letters):] if c.isdigit()) or "1"
        part2 = letters + str(int(num[:5]) + rng.randint(1, 60))
        compat = f"{drv.prefix},{part2.lower()}"
        if compat in drv.compat:
            return None
        drv.compat.append(compat)
        drv.rev += 1
        touched = [drv.path]
        if rng.random() < 0.5:
            drv.help[0] = drv.help[0] + f" and {part2}" if len(drv.help[0]) < 120 else drv.help[0]
            touched.append(f"{drv.dir}/Kconfig")
        self.truth.append([self.mark + 1, "device", compat, drv.path])
        self.stats["new_device"] += 1
        return (f"{self.drv_prefix(drv)} add support for {part2}", touched,
                f"The {part2} is register compatible with the {drv.part}; add its compatible string.")

    def c_kconfig(self):
        rng = self.rng
        drv = self.pick_driver()
        if drv is None:
            return None
        kc = f"{drv.dir}/Kconfig"
        pfx = self.drv_prefix(drv)
        r = rng.random()
        touched = [kc]
        if r < 0.35:
            choices = ["The device is connected over the I2C bus.", "It also exposes the on-chip temperature.",
                       "If unsure, say N.", "Say M here to build it as a module."]
            if len(drv.help) < 12:
                drv.help.insert(2, rng.choice(choices))
            else:
                drv.help[2] = drv.help[2].replace("the", "its", 1)
            subject = f"{pfx} Kconfig: improve help text" if rng.random() < 0.5 else f"{pfx} fix typo in Kconfig help"
        elif r < 0.6:
            dep = rng.choice(["COMPILE_TEST", "GPIOLIB", "OF", "PM", "REGULATOR", "HAS_IOMEM"])
            if len(drv.depends) < 4 and dep not in drv.depends:
                if dep == "COMPILE_TEST":
                    drv.depends[0] = f"{drv.depends[0]} || COMPILE_TEST" if "COMPILE_TEST" not in drv.depends[0] else drv.depends[0]
                else:
                    drv.depends.append(dep)
                subject = f"{pfx} add {dep} dependency"
            else:
                drv.depends = drv.depends[:1]
                subject = f"{pfx} drop unneeded dependencies"
        elif r < 0.75:
            sel = rng.choice(["IIO_BUFFER", "IIO_TRIGGERED_BUFFER", "REGMAP_I2C", "CRC8", "BITREVERSE", "GPIOLIB_IRQCHIP"])
            if sel not in drv.selects and len(drv.selects) < 4:
                drv.selects.append(sel)
            else:
                drv.selects = drv.selects[:1]
            subject = f"{pfx} fix Kconfig select of {sel}"
        elif r < 0.88:
            if drv.core is None and drv.path in self.files:
                # a hidden core symbol building a new module: not new hardware
                drv.core = f"{drv.sym}_CORE"
                p = Part(drv, "core")
                cp = f"{drv.dir}/{drv.name}_core.c"
                self.files[cp] = p
                self.parts.append((cp, p))
                touched += [cp, f"{drv.dir}/Makefile"]
                subject = f"{pfx} split core code into a separate module"
            else:
                drv.default = None if drv.default else "y if COMPILE_TEST"
                subject = f"{pfx} change Kconfig default"
        else:
            if not drv.debug:
                drv.debug = True
                touched.append(f"{drv.dir}/Makefile")
                subject = f"{pfx} add debug option"
            else:
                drv.prompt = drv.prompt.replace(" driver", "") + (" support" if not drv.prompt.endswith("support") else "")
                subject = f"{pfx} Kconfig: reword prompt"
        self.stats["kconfig"] += 1
        return subject, touched

    def c_makefile(self):
        rng = self.rng
        drv = self.pick_driver()
        if drv is None or f"{drv.dir}/Makefile" in self.locked:
            return None
        d = self.dirs[drv.dir]
        mk = f"{drv.dir}/Makefile"
        pfx = self.drv_prefix(drv)
        r = rng.random()
        touched = [mk]
        if r < 0.4 and len(drv.extra_parts) < 3 and drv.path in self.files:
            part = rng.choice(["trace", "i2c", "spi", "buffer", "trigger", "debugfs", "hwmon", "regs"])
            if part in drv.extra_parts:
                return None
            drv.extra_parts.append(part)
            p = Part(drv, f"part:{part}")
            pp = f"{drv.dir}/{drv.name}_{part}.c"
            self.files[pp] = p
            self.parts.append((pp, p))
            touched.append(pp)
            subject = f"{pfx} move {part} code to its own file"
        elif r < 0.6:
            drv.cflags = not drv.cflags
            subject = f"{pfx} {'add' if drv.cflags else 'drop'} CFLAGS for tracepoints"
        elif r < 0.8 and not d.sorted:
            if f"{drv.dir}/Kconfig" in self.locked:
                return None
            d.sorted = True
            touched.append(f"{drv.dir}/Kconfig")
            subject = f"{self.dirs[drv.dir].spec[1]} sort Kconfig and Makefile entries alphabetically"
        else:
            drv.cflags = not drv.cflags
            subject = f"{pfx} Makefile: fix whitespace"
        self.stats["makefile"] += 1
        return subject, touched

    def c_rename(self):
        rng = self.rng
        staging = [d for d in self.dirs.values() if d.path in STAGING and d.drivers]
        if staging and rng.random() < 0.3:
            src = rng.choice(staging)
            drv = rng.choice(src.drivers)
            dst = self.dirs[STAGING[src.path]]
            touched = [f"{src.path}/Kconfig", f"{src.path}/Makefile", f"{dst.path}/Kconfig", f"{dst.path}/Makefile"]
            if any(p in self.locked for p in touched + [drv.path]) or drv.extra_parts or drv.core or drv.header:
                return None
            src.drivers.remove(drv)
            dst.drivers.append(drv)
            del self.files[drv.path]
            old = drv.path
            drv.dir = dst.path
            drv.path = f"{dst.path}/{drv.name}.c"
            self.files[drv.path] = drv
            self.driver_index[drv.path] = drv
            self.stats["staging_move"] += 1
            return f"staging: iio: move {drv.name} driver out of staging", touched + [old, drv.path]
        drv = self.pick_driver(lambda x: not x.extra_parts and not x.core and not x.header
                               and not x.name.endswith("_i2c"))
        if drv is None or f"{drv.dir}/Makefile" in self.locked:
            return None
        old = drv.path
        new_name = f"{drv.name}_i2c" if drv.bus == "i2c" else f"{drv.name}_drv"
        if f"{drv.dir}/{new_name}.c" in self.files:
            return None
        del self.files[old]
        drv.name = new_name
        drv.path = f"{drv.dir}/{new_name}.c"
        self.files[drv.path] = drv
        self.driver_index[drv.path] = drv
        self.stats["rename"] += 1
        return f"{self.dirs[drv.dir].spec[1]} rename {old.rsplit('/', 1)[1]} to {new_name}.c", \
            [old, drv.path, f"{drv.dir}/Makefile"]

    def c_treewide(self):
        rng = self.rng
        k = rng.randint(100, 300)
        touched = []
        for drv in rng.sample(self.drivers, min(k, len(self.drivers))):
            if drv.path in self.files and drv.path not in self.locked:
                drv.rev += 1
                touched.append(drv.path)
        self.stats["treewide"] += 1
        return rng.choice(TREEWIDE), touched

    def c_new_dts(self):
        v = self.rng.choice(DTS_DIRS)
        if f"arch/arm64/boot/dts/{v}/Makefile" in self.locked:
            return None
        touched, board = self.new_board(v)
        self.truth.append([self.mark + 1, "board", board.compat, touched[0]])
        self.stats["new_dts"] += 1
        return f"arm64: dts: {v}: Add {board.model}", touched

    def c_remove(self):
        """Remove an old driver (sources, Kconfig block, Makefile line): the bigger folders lose more."""
        rng = self.rng
        d = rng.choices(self.leaf_dirs, weights=[len(x.drivers) ** 2 for x in self.leaf_dirs])[0]
        if not d.drivers or f"{d.path}/Kconfig" in self.locked or f"{d.path}/Makefile" in self.locked:
            return None
        drv = d.drivers[rng.randrange(max(1, len(d.drivers) // 2))]   # an old one
        own = [p for p, part in self.parts if part.drv is drv]
        if any(p in self.locked for p in own + [drv.path]):
            return None
        d.drivers.remove(drv)
        self.drivers.remove(drv)
        self.driver_index.pop(drv.path, None)
        for p in own + [drv.path]:
            del self.files[p]
        if own:
            self.parts = [(p, part) for p, part in self.parts if part.drv is not drv]
        self.stats["removed"] += 1
        return (f"{d.spec[1]} remove {drv.name} driver", own + [drv.path, f"{d.path}/Kconfig", f"{d.path}/Makefile"],
                f"The {drv.part} was never used by any upstream board and has been end-of-life for years.")

    def c_elsewhere(self):
        """A commit outside the generated hardware: edit one to three files of a folder, or add one."""
        rng = self.rng
        path = self.filler[rng.randrange(len(self.filler))]
        if path in self.locked or path not in self.files:
            return None
        folder = path.rsplit("/", 1)[0]
        parts = path.split("/")
        prefix = "docs" if parts[0] == "Documentation" else parts[1] if len(parts) > 2 else parts[0]
        if rng.random() < 0.08:
            ext = path[path.rfind("."):]
            new = f"{folder}/{rng.choice(WORDS)}_{rng.choice(WORDS)}_{rng.randint(2, 99)}{ext}"
            if new in self.files:
                return None
            self.files[new] = Filler(new)
            self.filler.append(new)
            self.stats["elsewhere"] += 1
            return f"{prefix}: add {new.rsplit('/', 1)[1]}", [new]
        touched = [path]
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            other = f"{folder}/{rng.choice(WORDS)}_{rng.choice(WORDS)}{path[path.rfind('.'):]}"
            if other in self.files and other not in self.locked and other not in touched \
                    and isinstance(self.files[other], Filler):
                touched.append(other)
        for p in touched:
            self.files[p].rev += 1
        self.stats["elsewhere"] += 1
        return f"{prefix}: {rng.choice(FIX_SUBJECTS)}", touched

    def c_edit(self):
        rng = self.rng
        r = rng.random()
        if r < 0.08 and self.boards:
            path, b = self.boards[rng.randrange(len(self.boards))]
            if path in self.locked or path not in self.files:
                return None
            b.rev += 1
            if len(b.nodes) < 12 and rng.random() < 0.5:
                b.nodes.append(rng.choice(["pcie0", "usb_1", "gpu", "mdss", "remoteproc_adsp", "spi2", "pwm0"])
                               + str(len(b.nodes)))
            v = b.dir.rsplit("/", 1)[1]
            self.stats["edit"] += 1
            return f"arm64: dts: {v}: {b.name}: {rng.choice(['Enable GPU', 'Add USB support', 'Fix regulator names', 'Enable PCIe'])}", [path]
        if r < 0.2 and self.parts:
            path, p = self.parts[rng.randrange(len(self.parts))]
            if path in self.locked or path not in self.files:
                return None
            p.rev += 1
            touched = [path]
            drv = p.drv
            if drv.path in self.files and drv.path not in self.locked and rng.random() < 0.5:
                drv.rev += 1
                touched.append(drv.path)
            self.stats["edit"] += 1
            return f"{self.drv_prefix(drv)} {rng.choice(FIX_SUBJECTS)}", touched
        drv = self.pick_driver()
        if drv is None:
            return None
        self.stats["edit"] += 1
        drv.rev += 1
        if rng.random() < 0.1:
            drv.helpers = (drv.helpers + 1) % 6
        touched = [drv.path]
        if rng.random() < 0.1:
            other = self.pick_driver(lambda x: x.dir == drv.dir and x is not drv)
            if other is not None:
                other.rev += 1
                touched.append(other.path)
        return f"{self.drv_prefix(drv)} {rng.choice(FIX_SUBJECTS)}", touched

    def one_commit(self, branch, parent=None):
        rng = self.rng
        while True:
            if self.kernel_size and rng.random() < FILLER_SHARE:
                res = self.c_elsewhere()
                if res is None:
                    continue
                break
            r = rng.random() * 100
            if r < 2.5:
                res = self.c_new_driver()
            elif r < 3.5:
                res = self.c_new_device()
            elif r < 18.5:
                res = self.c_kconfig()
            elif r < 28.5:
                res = self.c_makefile()
            elif r < 29.5:
                res = self.c_rename()
            elif r < 30.0:
                res = self.c_treewide()
            elif r < 30.3:
                res = self.c_new_dts()
            elif r < 30.6:
                res = self.c_remove()
            else:
                res = self.c_edit()
            if res is not None:
                break
        subject, touched = res[0], res[1]
        body = res[2] if len(res) > 2 else self.body()
        author = self.authors[int(rng.paretovariate(1.2)) % len(self.authors)]
        return self.commit(branch, subject, body, touched, author, parent=parent), touched

    def run(self, progress=None):
        rng = self.rng
        n = self.n
        mw_at = n - 15000 if n >= 30000 else n // 2
        milestones = {n // 4: "q1", n // 2: "q2", (3 * n) // 4: "q3", mw_at: "mw"}
        self.w("feature done\n")
        # the whole initial tree, in one commit
        paths = self.initial_tree()
        self.count = 0
        base = self.commit("refs/heads/master", "Initial import of the tree", "The starting point of the benchmark history.",
                           sorted(paths), "Linus Torvalds")
        self.tags["base"] = base
        master = base
        topic_head = None
        fork_pending = 0        # master commits left before the topic merges
        topic_touched = []
        next_progress = 50000
        while self.count < n:
            # record milestones at the master tip (a tag needs a commit on the first-parent line)
            for at, name in milestones.items():
                if name not in self.tags and self.count >= at:
                    self.tags[name] = master
            if self.topic is None and self.count < n - 8 and rng.random() < 0.13:
                # a short topic branch: 1-6 commits forked from master, merged after a few master commits
                k = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6])
                self.topic = rng.choice([d.spec[1].rstrip(":").split(":")[0].strip() for d in self.leaf_dirs])
                topic_touched = []
                parent = master
                for _ in range(k):
                    topic_head, touched = self.one_commit("refs/heads/topic", parent=parent)
                    parent = None
                    topic_touched += touched
                    self.stats["topic_commits"] += 1
                self.locked = set(topic_touched)
                for p in topic_touched:
                    d = p.rsplit("/", 1)[0]
                    self.locked.add(f"{d}/Kconfig")
                    self.locked.add(f"{d}/Makefile")
                fork_pending = rng.randint(0, 4)
                continue
            if self.topic is not None and fork_pending <= 0:
                # the merge: master's tree plus every path the topic touched, as it is now
                seen = set()
                paths = [p for p in topic_touched if not (p in seen or seen.add(p))]
                maint = self.maintainers[rng.randrange(len(self.maintainers))]
                subject = f"Merge tag '{self.topic.lower().replace(' ', '-').replace('/', '-')}-for-next-{self.count}' of git://git.kernel.example.org/pub/scm/linux/kernel/git/maintainer/{self.topic.lower().split()[0].replace('/', '-')}"
                master = self.commit("refs/heads/master", subject, f"Pull {self.topic} updates.",
                                     paths, maint, merge_from=topic_head)
                self.stats["merge"] += 1
                self.topic = None
                self.locked = set()
                continue
            master, _ = self.one_commit("refs/heads/master")
            fork_pending -= 1
            if progress and self.count >= next_progress:
                progress(self.count)
                next_progress += 50000
        if self.topic is not None:  # never leave a topic unmerged
            master = self.commit("refs/heads/master", f"Merge branch '{self.topic}'", "Pull the last topic.",
                                 list(dict.fromkeys(topic_touched)), self.maintainers[0], merge_from=topic_head)
            self.stats["merge"] += 1
        for at, name in milestones.items():
            self.tags.setdefault(name, master)
        self.tags["end"] = master
        for name, mark in sorted(self.tags.items(), key=lambda kv: kv[1]):
            self.w(f"tag {name}\nfrom :{mark}\ntagger Benchmark <bench@example.org> {self.t} +0000\n")
            self.wdata(f"Benchmark milestone {name}\n")
        self.w("done\n")
        self.flush()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir", metavar="OUT_DIR", help="the repository to create (must not exist, or be empty)")
    ap.add_argument("--commits", type=int, required=True,
                    help="number of commits, the initial one (the whole starting tree) included")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--kernel-size", action="store_true",
                    help="add the rest of a Linux-sized tree (about 71,000 more files in about 5,000 "
                         "folders: Documentation, arch, other drivers, fs, include, net, tools...) and "
                         f"give {FILLER_SHARE:.0%} of commits to edits there, as in a real merge window")
    ap.add_argument("--no-checkout", action="store_true", help="leave the work tree empty (a bare-like repository)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.commits < 20:
        ap.error("--commits must be at least 20")
    out = os.path.abspath(args.out_dir)
    if os.path.exists(out) and os.listdir(out):
        ap.error(f"{out} exists and is not empty")
    if shutil.which("git") is None:
        ap.error("git is not on PATH")
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))
    t0 = time.monotonic()
    os.makedirs(out, exist_ok=True)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", LC_ALL="C")
    # glibc returns memory to the system after every zlib stream fast-import frees,
    # which makes it spend as much time in brk() as in work; keep the heap instead
    fi_env = dict(env, GLIBC_TUNABLES="glibc.malloc.trim_threshold=268435456:glibc.malloc.top_pad=67108864",
                  MALLOC_TRIM_THRESHOLD_="268435456", MALLOC_TOP_PAD_="67108864")
    subprocess.run(["git", "init", "-q", "--initial-branch=master", out], check=True, env=env)
    subprocess.run(["git", "-C", out, "config", "core.autocrlf", "false"], check=True, env=env)
    marks = os.path.join(out, ".git", "bench-marks")
    proc = subprocess.Popen(["git", "-C", out, "-c", "core.compression=1", "fast-import", "--quiet", "--done", f"--export-marks={marks}"],
                            stdin=subprocess.PIPE, env=fi_env)
    gen = Generator(args.commits, args.seed, proc.stdin, kernel_size=args.kernel_size)
    try:
        gen.run(progress=lambda c: say(f"  {c} commits ({time.monotonic() - t0:.0f}s)"))
        proc.stdin.close()
    except BrokenPipeError:
        pass
    rc = proc.wait()
    if rc != 0:
        print(f"make_history: git fast-import failed (exit {rc})", file=sys.stderr)
        return 1
    t_import = time.monotonic() - t0
    sha = {}
    with open(marks) as f:
        for line in f:
            m, s = line.split()
            sha[int(m[1:])] = s
    os.unlink(marks)
    subprocess.run(["git", "-C", out, "symbolic-ref", "HEAD", "refs/heads/master"], check=True, env=env)
    subprocess.run(["git", "-C", out, "update-ref", "-d", "refs/heads/topic"], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(["git", "-C", out, "commit-graph", "write", "--reachable"], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not args.no_checkout:
        subprocess.run(["git", "-C", out, "checkout", "-q", "-f", "master"], check=True, env=env)
    manifest = {
        "commits": gen.count, "seed": args.seed, "requested": args.commits, "kernel_size": args.kernel_size,
        "stats": gen.stats,
        "tags": {name: sha[m] for name, m in gen.tags.items()},
        "truth": [{"commit": sha[m], "type": t, "key": k, "path": p} for m, t, k, p in gen.truth],
    }
    with open(os.path.join(out, ".git", "hwclass-bench.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    elapsed = time.monotonic() - t0
    size = 0
    for root, _dirs, files in os.walk(os.path.join(out, ".git")):
        for fn in files:
            try:
                size += os.path.getsize(os.path.join(root, fn))
            except OSError:
                pass
    s = gen.stats
    print(f"generated {out}")
    print(f"  commits: {gen.count} (the initial tree, {s['merge']} merges, "
          f"{s['topic_commits']} on topic branches)")
    print(f"  files at end: {len(gen.files)}; drivers: {len(gen.drivers)}")
    print(f"  new drivers: {s['new_driver']}, new device ids: {s['new_device']}, new dts: {s['new_dts']}")
    print(f"  kconfig edits: {s['kconfig']}, makefile edits: {s['makefile']}, renames: {s['rename']} "
          f"(+{s['staging_move']} out of staging), treewide: {s['treewide']}, removed drivers: {s['removed']}, plain edits: {s['edit']}, "
          f"outside the generated hardware: {s['elsewhere']}")
    print("  tags: " + ", ".join(f"{name}={sha[m][:12]}" for name, m in sorted(gen.tags.items(), key=lambda kv: kv[1])))
    print(f"  time: {elapsed:.1f}s (fast-import stream {t_import:.1f}s); .git size: {size / 1e6:.1f} MB")
    print(f"  ground truth: {os.path.join(out, '.git', 'hwclass-bench.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
