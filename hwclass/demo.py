"""The built-in example: a small kernel-shaped repository for ``hwclass demo``.

:func:`build_demo_repo` writes, in a new folder, a git repository whose
history looks like a miniature Linux merge window: a tagged base ``v4.3``
(Kconfig files, Makefiles and a few existing drivers in the usual
subsystems), then commits that add hardware like that of LWN's 4.4
merge-window article (a SoC, audio codecs, IIO sensors, touchscreens, a
keyboard, a GPU, Ethernet, PHY and CAN controllers, ...), mixed with commits
a correct classify must NOT report (fixes, a refactor, a renamed symbol, a
moved driver, a debug option, a KUnit option, a hidden helper symbol, a new
framework, core kernel code, a help-text edit, a merge), ending at the tag
``v4.4``.

:class:`DemoRepo` says what a correct ``classify v4.3..v4.4`` reports
(``expected``) and what it must leave out (``not_items``), so a test (or a
curious user) can compare.  Everything here is written for the demo: the
drivers are stubs with the shape of kernel drivers, the help texts are our
own, the people are fictional.

The history is written by one ``git fast-import`` with fixed dates and
identities, so the same repository (the same commit ids) comes out every
time, in a fraction of a second.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field

from .errors import HwclassError

BASE_TAG = "v4.3"
HEAD_TAG = "v4.4"
BRANCH = "master"

#: Display category of each kind under the default ``lwn`` taxonomy (kept in
#: step with hwclass/taxonomies/lwn.yaml by tests/test_demo_repo.py).
LWN_CATEGORY = {
    "soc": "Systems and processors", "board": "Systems and processors",
    "audio": "Sound", "hwrng": "Miscellaneous", "graphics": "Graphics",
    "iio": "Industrial I/O", "touchscreen": "Input", "hid": "Input", "input": "Input",
    "phy-net": "Networking", "can": "Networking", "ethernet": "Networking",
    "pinctrl": "GPIO and pin control", "rtc": "Clock", "watchdog": "Miscellaneous",
    "hwmon": "Hardware monitoring", "usb": "USB", "misc": "Miscellaneous",
    "mfd": "Miscellaneous", "fpga": "Miscellaneous",
}

_START = 1446422400          # 2015-11-02 00:00:00 UTC, the day after v4.3
_STEP = 5400                 # one commit every 90 minutes
_COMMITTER = ("Morgan Maintainer", "maintainer@example.org")
_AUTHORS = [
    ("Ada Lindqvist", "ada.lindqvist@example.org"),
    ("Bram Okafor", "bram.okafor@example.org"),
    ("Chen Wei", "chen.wei@example.org"),
    ("Dana Kowalski", "dana.kowalski@example.org"),
    ("Emeka Hart", "emeka.hart@example.org"),
    ("Fiona Reyes", "fiona.reyes@example.org"),
    ("Goran Petrov", "goran.petrov@example.org"),
]


@dataclass
class DemoRepo:
    """The example repository and what a correct classify of :attr:`range` reports.

    ``expected``: one dict per item classify must report, oldest first::

        {"type": "driver" | "device" | "board", "symbol": "APDS9960",
         "symbols": [...], "kind": "iio", "category": "Industrial I/O",
         "hardware": "Avago APDS9960 gesture/RGB/ALS/proximity sensor",
         "part": "APDS9960",          # a word any good name for it contains
         "commit": sha, "subject": ..., "kconfig": path or None, "paths": [added sources]}

    Boards (``type: board``) are reported only with ``--boards``; devices
    (``type: device``, a new entry in an existing driver's ID table) carry
    the symbol of the driver that holds the table.

    ``not_items``: one dict per commit (or symbol) that must not be reported::

        {"commit": sha, "subject": ..., "symbol": "BCMGENET_DEBUG" or None,
         "reason": "debug"}
    """

    path: str
    base: str
    head: str
    range: str
    expected: list[dict] = field(default_factory=list)
    not_items: list[dict] = field(default_factory=list)
    commits: int = 0          # non-merge commits in the range
    merges: int = 0           # merge commits in the range

    def expected_items(self, types=("driver", "device")) -> list[dict]:
        """The expected items of the given types (classify's default: drivers and devices)."""
        return [e for e in self.expected if e["type"] in types]

    def expectations(self, types=("driver", "device")) -> dict:
        """The expectations as a ``hwclass check --expect`` document (docs/CI.md)."""
        expect = []
        for e in self.expected_items(types):
            entry = {"commit": e["commit"], "symbol": e["symbol"], "type": e["type"],
                     "kind": e["kind"], "category": e["category"]}
            if e["type"] == "board":
                entry = {"commit": e["commit"], "path": e["paths"][0], "type": "board",
                         "kind": e["kind"], "category": e["category"]}
            expect.append(entry)
        not_hw = [{"symbol": n["symbol"], "note": n["reason"]} for n in self.not_items if n["symbol"]]
        return {"expect": expect, "not_hardware": not_hw}


# -- the file tree of one branch -----------------------------------------------

_CONFIG_LINE = re.compile(r"^(?:menu)?config[ \t]+([A-Za-z0-9_]+)[ \t]*$", re.M)
_OBJ_LINE = re.compile(r"^obj-\$\(CONFIG_([A-Za-z0-9_]+)\)", re.M)
_OPENER = re.compile(r'^(?:if[ \t]+\S.*|menu[ \t]+".*)\n', re.M)
_CLOSER = re.compile(r"^(?:endif|endmenu)\b", re.M)
_COMPOSITE_LINE = re.compile(r"^([A-Za-z0-9_-]+)-(?:objs|y)[ \t]*[:+]?=", re.M)


class _Tree:
    """The files of one branch: path -> text."""

    def __init__(self, files: dict[str, str] | None = None):
        self.files: dict[str, str] = dict(files or {})

    def copy(self) -> "_Tree":
        return _Tree(self.files)

    def write(self, path: str, text: str) -> None:
        self.files[path] = text

    def read(self, path: str) -> str:
        return self.files[path]

    def delete(self, path: str) -> None:
        del self.files[path]

    def move(self, src: str, dst: str) -> None:
        self.files[dst] = self.files.pop(src)

    def replace(self, path: str, old: str, new: str) -> None:
        text = self.files[path]
        if text.count(old) != 1:
            raise AssertionError(f"demo history: {path}: {old!r} found {text.count(old)} times")
        self.files[path] = text.replace(old, new)

    def append(self, path: str, text: str) -> None:
        self.files[path] = self.files.get(path, "") + text

    # Kconfig ---------------------------------------------------------------
    def add_block(self, kconfig: str, symbol: str, block: str) -> None:
        """Insert a Kconfig entry in alphabetical place inside the file's innermost
        ``menu``/``if`` section (the last one opened), as kernel developers do."""
        text = self.files.get(kconfig, "")
        openers = list(_OPENER.finditer(text))
        start = openers[-1].end() if openers else 0
        closer = _CLOSER.search(text, start)
        end = closer.start() if closer else len(text)
        for m in _CONFIG_LINE.finditer(text, start, end):
            if m.group(1) > symbol and not m.group(0).startswith("menuconfig"):
                self.files[kconfig] = text[:m.start()] + block + "\n" + text[m.start():]
                return
        if closer:
            self.files[kconfig] = text[:end] + block + "\n" + text[end:]
        else:
            self.files[kconfig] = (text.rstrip("\n") + "\n\n" if text.strip() else "") + block

    def remove_block(self, kconfig: str, symbol: str) -> str:
        """Cut out one Kconfig entry (up to the next entry or menu keyword); returns it."""
        text = self.files[kconfig]
        m = re.search(rf"^config[ \t]+{symbol}[ \t]*\n", text, re.M)
        if not m:
            raise AssertionError(f"demo history: {kconfig}: no config {symbol}")
        nxt = re.compile(r"^(?:config|menuconfig|menu|endmenu|if|endif|source|comment|choice)\b", re.M)
        end_m = nxt.search(text, m.end())
        end = end_m.start() if end_m else len(text)
        block = text[m.start():end]
        self.files[kconfig] = text[:m.start()] + text[end:]
        return block

    def add_select(self, kconfig: str, owner: str, line: str) -> None:
        """Add ``line`` (a ``select ...``) to ``owner``'s entry, in sorted place among its selects."""
        text = self.files[kconfig]
        m = re.search(rf"^config[ \t]+{owner}[ \t]*\n", text, re.M)
        end_m = _CONFIG_LINE.search(text, m.end())
        end = end_m.start() if end_m else len(text)
        body = text[m.end():end]
        lines = body.split("\n")
        selects = [i for i, ln in enumerate(lines) if ln.strip().startswith("select ")]
        where = next((i for i in selects if lines[i].strip() > line.strip()), selects[-1] + 1)
        lines.insert(where, line)
        self.files[kconfig] = text[:m.end()] + "\n".join(lines) + text[end:]

    # Makefile --------------------------------------------------------------
    def add_obj(self, makefile: str, symbol: str, target: str) -> None:
        """Insert ``obj-$(CONFIG_symbol) += target`` in sorted place."""
        line = f"obj-$(CONFIG_{symbol})".ljust(32) + f"+= {target}\n"
        text = self.files.get(makefile, "")
        objs = list(_OBJ_LINE.finditer(text))
        for m in objs:
            if m.group(1) > symbol:
                self.files[makefile] = text[:m.start()] + line + text[m.start():]
                return
        if objs:
            end = text.find("\n", objs[-1].start()) + 1 or len(text)
            self.files[makefile] = text[:end] + line + text[end:]
        else:
            self.files[makefile] = text + line

    def add_composite(self, makefile: str, module: str, objects: list[str]) -> None:
        """Insert ``module-objs := a.o b.o`` among the other composite lines (or before obj- lines)."""
        line = f"{module}-objs := {' '.join(objects)}\n"
        text = self.files.get(makefile, "")
        comps = list(_COMPOSITE_LINE.finditer(text))
        for m in comps:
            if m.group(1) > module:
                self.files[makefile] = text[:m.start()] + line + text[m.start():]
                return
        if comps:
            end = text.find("\n", comps[-1].start()) + 1 or len(text)
            self.files[makefile] = text[:end] + line + text[end:]
            return
        first = _OBJ_LINE.search(text)
        pos = first.start() if first else len(text)
        self.files[makefile] = text[:pos] + line + ("\n" if first else "") + text[pos:]

    # a whole driver ----------------------------------------------------------
    def add_driver(self, d: "_Drv") -> None:
        self.add_block(d.kconfig_path, d.symbol, d.kconfig_block())
        if d.module:
            self.add_composite(d.makefile_path, d.module, [_stem(s) + ".o" for s in d.sources])
            self.add_obj(d.makefile_path, d.symbol, d.module + ".o")
        else:
            self.add_obj(d.makefile_path, d.symbol, _stem(d.sources[0]) + ".o")
        for i, src in enumerate(d.sources):
            self.write(f"{d.dir}/{src}", d.source_text() if i == 0 else _helper_source(d, src))


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0]


def _ident(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _stem(name).lower()).strip("_")


# -- drivers -----------------------------------------------------------------

@dataclass
class _Drv:
    """One driver: its Kconfig entry, Makefile line(s) and source stub."""

    symbol: str
    dir: str
    prompt: str
    help: str
    sources: tuple[str, ...]
    bus: str = "i2c"                 # i2c | spi | platform | pci | hid | usb | machine
    ids: tuple[str, ...] = ()        # compatible strings (or HID/PCI id lines)
    depends: str = ""
    selects: tuple[str, ...] = ()
    type: str = "tristate"
    kconfig: str | None = None       # default: <dir>/Kconfig
    makefile: str | None = None      # default: <dir>/Makefile
    module: str | None = None        # composite module name (a `<module>-objs :=` line)

    @property
    def kconfig_path(self) -> str:
        return self.kconfig or f"{self.dir}/Kconfig"

    @property
    def makefile_path(self) -> str:
        return self.makefile or f"{self.dir}/Makefile"

    def kconfig_block(self) -> str:
        lines = [f"config {self.symbol}", f'\t{self.type} "{self.prompt}"']
        if self.depends:
            lines.append(f"\tdepends on {self.depends}")
        lines += [f"\tselect {s}" for s in self.selects]
        lines.append("\thelp")
        lines += [f"\t  {ln}" if ln else "" for ln in self.help.strip().splitlines()]
        if self.type == "tristate":
            lines += ["", "\t  To compile this driver as a module, choose M here: the",
                      f"\t  module will be called {self.module or _stem(self.sources[0])}."]
        return "\n".join(lines) + "\n"

    def source_text(self) -> str:
        return _SOURCE_TEMPLATES[self.bus](self)


_HEAD = """// SPDX-License-Identifier: GPL-2.0
/*
 * {prompt}
 *
 * Part of the hwclass demo repository: a stub with the shape of a kernel
 * driver, not a working driver.
 */

"""


def _of_table(ident: str, ids) -> str:
    entries = "".join(f'\t{{ .compatible = "{c}" }},\n' for c in ids)
    return (f"static const struct of_device_id {ident}_of_match[] = {{\n{entries}\t{{ }}\n}};\n"
            f"MODULE_DEVICE_TABLE(of, {ident}_of_match);\n\n")


def _i2c_source(d: _Drv, spi: bool = False) -> str:
    ident = _ident(d.sources[0])
    bus = "spi" if spi else "i2c"
    dev = "spi_device" if spi else "i2c_client"
    names = "".join(f'\t{{ "{c.split(",", 1)[-1]}", 0 }},\n' for c in d.ids)
    probe_args = f"struct {dev} *{'spi' if spi else 'client'}" + ("" if spi else ",\n\t\t\tconst struct i2c_device_id *id")
    var = "spi" if spi else "client"
    return (_HEAD.format(prompt=d.prompt)
            + f"#include <linux/module.h>\n#include <linux/{bus}.h>\n#include <linux/of.h>\n\n"
            + f"struct {ident}_data {{\n\tstruct {dev} *{var};\n\tstruct mutex lock;\n}};\n\n"
            + f"static int {ident}_probe({probe_args})\n{{\n\tstruct {ident}_data *data;\n\n"
            + f"\tdata = devm_kzalloc(&{var}->dev, sizeof(*data), GFP_KERNEL);\n"
            + "\tif (!data)\n\t\treturn -ENOMEM;\n"
            + f"\tdata->{var} = {var};\n\tmutex_init(&data->lock);\n\treturn 0;\n}}\n\n"
            + f"static const struct {bus}_device_id {ident}_id[] = {{\n{names}\t{{ }}\n}};\n"
            + f"MODULE_DEVICE_TABLE({bus}, {ident}_id);\n\n"
            + _of_table(ident, d.ids)
            + f"static struct {bus}_driver {ident}_driver = {{\n\t.driver = {{\n"
            + f'\t\t.name = "{ident}",\n\t\t.of_match_table = {ident}_of_match,\n\t}},\n'
            + f"\t.probe = {ident}_probe,\n\t.id_table = {ident}_id,\n}};\n"
            + f"module_{bus}_driver({ident}_driver);\n\n"
            + f'MODULE_DESCRIPTION("{d.prompt}");\nMODULE_LICENSE("GPL");\n')


def _platform_source(d: _Drv) -> str:
    ident = _ident(d.sources[0])
    return (_HEAD.format(prompt=d.prompt)
            + "#include <linux/module.h>\n#include <linux/platform_device.h>\n#include <linux/of.h>\n\n"
            + f"static int {ident}_probe(struct platform_device *pdev)\n{{\n"
            + "\tstruct resource *res;\n\n\tres = platform_get_resource(pdev, IORESOURCE_MEM, 0);\n"
            + "\tif (!res)\n\t\treturn -ENODEV;\n\treturn 0;\n}\n\n"
            + _of_table(ident, d.ids)
            + f"static struct platform_driver {ident}_driver = {{\n\t.driver = {{\n"
            + f'\t\t.name = "{ident}",\n\t\t.of_match_table = {ident}_of_match,\n\t}},\n'
            + f"\t.probe = {ident}_probe,\n}};\nmodule_platform_driver({ident}_driver);\n\n"
            + f'MODULE_DESCRIPTION("{d.prompt}");\nMODULE_LICENSE("GPL");\n')


def _numeric_source(d: _Drv, bus: str, header: str) -> str:
    ident = _ident(d.sources[0])
    entries = "".join(f"\t{{ {i} }},\n" for i in d.ids)
    reg = {"pci": "module_pci_driver", "hid": "module_hid_driver", "usb": "module_usb_driver"}[bus]
    return (_HEAD.format(prompt=d.prompt)
            + f"#include <linux/module.h>\n#include <linux/{header}>\n\n"
            + f"static const struct {bus}_device_id {ident}_ids[] = {{\n{entries}\t{{ }}\n}};\n"
            + f"MODULE_DEVICE_TABLE({bus}, {ident}_ids);\n\n"
            + f"static struct {bus}_driver {ident}_driver = {{\n"
            + f'\t.name = "{ident}",\n\t.id_table = {ident}_ids,\n}};\n{reg}({ident}_driver);\n\n'
            + f'MODULE_DESCRIPTION("{d.prompt}");\nMODULE_LICENSE("GPL");\n')


def _machine_source(d: _Drv) -> str:
    ident = _ident(d.sources[0])
    compat = "".join(f'\t"{c}",\n' for c in d.ids)
    return (_HEAD.format(prompt=d.prompt)
            + "#include <asm/mach/arch.h>\n\n"
            + f"static const char *const {ident}_dt_compat[] __initconst = {{\n{compat}\tNULL,\n}};\n\n"
            + f'DT_MACHINE_START({ident.upper()}_DT, "{d.prompt}")\n'
            + f"\t.dt_compat = {ident}_dt_compat,\nMACHINE_END\n")


_SOURCE_TEMPLATES = {
    "i2c": _i2c_source,
    "spi": lambda d: _i2c_source(d, spi=True),
    "platform": _platform_source,
    "pci": lambda d: _numeric_source(d, "pci", "pci.h"),
    "hid": lambda d: _numeric_source(d, "hid", "hid.h"),
    "usb": lambda d: _numeric_source(d, "usb", "usb.h"),
    "machine": _machine_source,
}


def _helper_source(d: _Drv, src: str) -> str:
    ident = _ident(src)
    return (_HEAD.format(prompt=f"{d.prompt}: {_stem(src).replace('_', ' ')}")
            + "#include <linux/kernel.h>\n\n"
            + f"int {ident}_init(void *priv)\n{{\n\treturn priv ? 0 : -EINVAL;\n}}\n")


# -- the base tree (v4.3) --------------------------------------------------------

_EXISTING = [
    _Drv("TSL2563", "drivers/iio/light", "TAOS TSL2560, TSL2561, TSL2562 and TSL2563 ambient light sensors",
         "Adds support for the TAOS family of ambient light sensors with an\n"
         "I2C interface; readings appear as IIO illuminance channels.",
         ("tsl2563.c",), ids=("amstaos,tsl2563",), depends="I2C"),
    _Drv("MMA8452", "drivers/iio/accel", "Freescale MMA8452Q and similar accelerometers",
         "Adds support for Freescale's three-axis digital accelerometers of\n"
         "the MMA845x family, connected over I2C.",
         ("mma8452.c",), ids=("fsl,mma8452",), depends="I2C", selects=("IIO_BUFFER",)),
    _Drv("DHT11", "drivers/iio/humidity", "DHT11 (and compatible sensors) driver",
         "Adds support for the single-wire DHT11 and DHT22 humidity and\n"
         "temperature sensors, read through a GPIO line.",
         ("dht11.c",), bus="platform", ids=("dht11",), depends="GPIOLIB || COMPILE_TEST"),
    _Drv("BMP280", "drivers/iio/pressure", "Bosch Sensortec BMP280 pressure sensor driver",
         "Adds support for the Bosch Sensortec BMP280 barometric pressure\n"
         "and temperature sensor on an I2C bus.",
         ("bmp280.c",), ids=("bosch,bmp280",), depends="I2C", selects=("REGMAP_I2C",)),
    _Drv("AS3935", "drivers/iio/proximity", "AS3935 Franklin lightning sensor",
         "Adds support for the Austria Microsystems AS3935 lightning sensor,\n"
         "which reports the distance of a storm front over SPI.",
         ("as3935.c",), bus="spi", ids=("ams,as3935",), depends="SPI"),
    _Drv("AD5446", "drivers/iio/dac", "Analog Devices AD5446 and similar single channel DACs driver",
         "Adds support for the Analog Devices AD5300 ... AD5660 family of\n"
         "single-channel digital-to-analog converters.",
         ("ad5446.c",), bus="spi", ids=("adi,ad5446",), depends="SPI || I2C"),
    _Drv("TOUCHSCREEN_EDT_FT5X06", "drivers/input/touchscreen", "EDT FocalTech FT5x06 I2C Touchscreen support",
         "Say Y if you have an EDT panel whose touch controller is a FocalTech\n"
         "FT5x06 on an I2C bus.",
         ("edt-ft5x06.c",), ids=("edt,edt-ft5306",), depends="I2C"),
    _Drv("HID_CHERRY", "drivers/hid", "Cherry Cymotion keyboard",
         "Makes the extra keys of Cherry Cymotion keyboards report proper\n"
         "key codes.",
         ("hid-cherry.c",), bus="hid",
         ids=("HID_USB_DEVICE(USB_VENDOR_ID_CHERRY, USB_DEVICE_ID_CHERRY_CYMOTION)",), depends="HID"),
    _Drv("SND_SOC_WM8731", "sound/soc/codecs", "Wolfson Microelectronics WM8731 CODEC",
         "Enables the Wolfson WM8731 low-power stereo codec, controlled over\n"
         "I2C or SPI.",
         ("wm8731.c",), ids=("wlf,wm8731",), depends="SND_SOC_I2C_AND_SPI", module="snd-soc-wm8731"),
    _Drv("SND_SOC_DA7213", "sound/soc/codecs", "Dialog DA7213 CODEC",
         "Enables the Dialog DA7213 audio codec found on a number of\n"
         "reference boards.",
         ("da7213.c",), ids=("dlg,da7213",), depends="I2C", module="snd-soc-da7213"),
    _Drv("SND_SOC_ROCKCHIP_I2S", "sound/soc/rockchip", "Rockchip I2S Device Driver",
         "Enables the I2S controller of Rockchip SoCs; a machine driver is\n"
         "needed on top of it.",
         ("rockchip_i2s.c",), bus="platform", ids=("rockchip,rk3066-i2s",), depends="CLKDEV_LOOKUP",
         module="snd-soc-rockchip-i2s"),
    _Drv("PINCTRL_AT91", "drivers/pinctrl", "AT91 pinctrl driver",
         "Pin muxing and GPIO for the PIO controller of older Atmel AT91\n"
         "processors.",
         ("pinctrl-at91.c",), bus="platform", ids=("atmel,at91rm9200-pinctrl",), type="bool",
         depends="OF && ARCH_AT91", selects=("PINMUX", "PINCONF")),
    _Drv("DRM_TEGRA", "drivers/gpu/drm/tegra", "NVIDIA Tegra DRM",
         "Kernel mode setting for the display engines of NVIDIA Tegra SoCs.",
         ("drm.c", "dc.c"), bus="platform", ids=("nvidia,tegra20-host1x",), depends="ARCH_TEGRA && DRM",
         module="tegra-drm"),
    _Drv("BCMGENET", "drivers/net/ethernet/broadcom", "Broadcom GENET internal MAC support",
         "Supports the Gigabit Ethernet MAC built into Broadcom set-top box\n"
         "chips.",
         ("bcmgenet.c",), bus="platform", ids=("brcm,genet-v4",), depends="OF", selects=("MII", "PHYLIB"),
         module="genet", makefile="drivers/net/ethernet/broadcom/Makefile"),
    _Drv("BROADCOM_PHY", "drivers/net/phy", "Drivers for Broadcom PHYs",
         "Handles the BCM5411, BCM5421, BCM5461 and similar Broadcom\n"
         "Ethernet transceivers.",
         ("broadcom.c",), bus="platform", ids=("brcm,bcm5461",)),
    _Drv("DP83867_PHY", "drivers/net/phy", "Texas Instruments DP83867 Gigabit PHY",
         "Handles the DP83867 Gigabit Ethernet transceiver from TI.",
         ("dp83867.c",), bus="platform", ids=("ti,dp83867",)),
    _Drv("CAN_RCAR", "drivers/net/can", "Renesas R-Car CAN controller",
         "Supports the CAN controllers of Renesas R-Car SoCs.",
         ("rcar_can.c",), bus="platform", ids=("renesas,can-r8a7790",), depends="ARCH_RENESAS"),
    _Drv("HW_RANDOM_BCM2835", "drivers/char/hw_random", "Broadcom BCM2835 Random Number Generator support",
         "Feeds the kernel entropy pool from the random number generator of\n"
         "the BCM2835 SoC.",
         ("bcm2835-rng.c",), bus="platform", ids=("brcm,bcm2835-rng",), depends="ARCH_BCM2835"),
    _Drv("RTC_DRV_DS1307", "drivers/rtc", "Dallas/Maxim DS1307/37/38/39/40, ST M41T00, EPSON RX-8025",
         "Supports the DS1307 family of battery-backed I2C real-time clocks\n"
         "and their many clones.",
         ("rtc-ds1307.c",), ids=("dallas,ds1307",)),
    _Drv("BCM2835_WDT", "drivers/watchdog", "Broadcom BCM2835 hardware watchdog",
         "Watchdog driver for the power management watchdog of the BCM2835.",
         ("bcm2835_wdt.c",), bus="platform", ids=("brcm,bcm2835-pm-wdt",), depends="ARCH_BCM2835",
         selects=("WATCHDOG_CORE",)),
    _Drv("SENSORS_LM75", "drivers/hwmon", "National Semiconductor LM75 and compatibles",
         "Supports the LM75 temperature sensor and the many chips that copy\n"
         "its register map.",
         ("lm75.c",), ids=("national,lm75",), depends="I2C", selects=("REGMAP_I2C",)),
    _Drv("USB_XHCI_PLATFORM", "drivers/usb/host", "Generic xHCI driver for a platform device",
         "Drives xHCI controllers that are described by a device tree rather\n"
         "than found on PCI.",
         ("xhci-plat.c",), bus="platform", ids=("generic-xhci",)),
    _Drv("TI_DAC7512", "drivers/misc", "Texas Instruments DAC7512",
         "Supports the DAC7512 12-bit digital-to-analog converter on SPI.",
         ("ti_dac7512.c",), bus="spi", ids=("ti,dac7512",), depends="SPI && SYSFS"),
    _Drv("INTEL_MIC_BUS", "drivers/misc/mic", "Intel MIC Bus Driver",
         "The virtual bus that connects the drivers of Intel Many Integrated\n"
         "Core (MIC) coprocessors.",
         ("bus/mic_bus.c",), bus="platform", ids=("intel,mic-bus",), depends="64BIT && PCI && X86",
         module="mic_bus"),
    _Drv("MFD_DA9150", "drivers/mfd", "Dialog Semiconductor DA9150 Charger Fuel-Gauge core device",
         "Core support for the DA9150 charger and fuel-gauge combination\n"
         "chip; its functions have drivers of their own.",
         ("da9150-core.c",), ids=("dlg,da9150",), depends="I2C=y", selects=("MFD_CORE", "REGMAP_I2C")),
    _Drv("ARCH_BCM_5301X", "arch/arm/mach-bcm", "Broadcom BCM470X / BCM5301X ARM SoC",
         "Support for the Broadcom Northstar family of wireless router chips\n"
         "(BCM4708, BCM4709, BCM5301X).",
         ("bcm_5301x.c",), bus="machine", ids=("brcm,bcm4708",), type="bool", depends="ARCH_MULTI_V7",
         selects=("ARCH_BCM_IPROC", "HAVE_ARM_SCU")),
    _Drv("ARCH_BCM_CYGNUS", "arch/arm/mach-bcm", "Broadcom Cygnus Support",
         "Support for the Broadcom Cygnus family of SoCs for consumer and\n"
         "industrial products.",
         ("bcm_cygnus.c",), bus="machine", ids=("brcm,cygnus",), type="bool", depends="ARCH_MULTI_V7",
         selects=("ARCH_BCM_IPROC",)),
]

_ROOT_FILES = {
    "README": "Linux kernel (hwclass demo)\n\nA miniature kernel-shaped tree built by `hwclass demo`.\n"
              "It has the layout of Linux (Kconfig, Makefiles, drivers) but no working code.\n",
    "COPYING": "The files of this demo tree are stubs written for hwclass.\n",
    "MAINTAINERS": "\tList of maintainers (demo)\n\nIIO SUBSYSTEM AND DRIVERS\nM:\tMorgan Maintainer "
                   "<maintainer@example.org>\nF:\tdrivers/iio/\n",
    "Makefile": "VERSION = 4\nPATCHLEVEL = 3\nSUBLEVEL = 0\nEXTRAVERSION =\nNAME = Blurry Fish Butt\n\n"
                "obj-y += init/ kernel/ drivers/ sound/\n",
    "Kconfig": 'mainmenu "Linux/$ARCH $KERNELVERSION Kernel Configuration"\n\n'
               'source "arch/arm/Kconfig"\nsource "init/Kconfig"\nsource "kernel/Kconfig.hz"\n'
               'source "drivers/Kconfig"\nsource "sound/Kconfig"\n',
    "init/Kconfig": 'menu "General setup"\n\nconfig LOCALVERSION\n\tstring "Local version - append to kernel release"\n'
                    "\thelp\n\t  A string added to the end of the kernel version.\n\n"
                    'config SYSVIPC\n\tbool "System V IPC"\n\thelp\n\t  Message queues, semaphores and shared '
                    "memory of System V.\n\nendmenu\n",
    "init/Makefile": "obj-y := main.o version.o\n",
    "init/main.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of init/main.c */\n\n"
                   "int start_kernel(void)\n{\n\treturn 0;\n}\n",
    "init/version.c": '// SPDX-License-Identifier: GPL-2.0\nconst char linux_banner[] = "Linux version (demo)";\n',
    "kernel/Kconfig.hz": 'choice\n\tprompt "Timer frequency"\n\tdefault HZ_250\n\nconfig HZ_100\n\tbool "100 HZ"\n\n'
                         'config HZ_250\n\tbool "250 HZ"\n\nendchoice\n',
    "kernel/Makefile": "obj-y = fork.o exit.o sys.o\n",
    "kernel/fork.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of kernel/fork.c */\n\n"
                     "long do_fork(unsigned long flags)\n{\n\treturn 0;\n}\n",
    "kernel/exit.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of kernel/exit.c */\n\nvoid do_exit(long code)\n{\n}\n",
    "kernel/sys.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of kernel/sys.c */\n\nlong sys_ni_syscall(void)\n{\n"
                    "\treturn -38;\n}\n",
    "include/linux/module.h": "/* SPDX-License-Identifier: GPL-2.0 */\n#ifndef _LINUX_MODULE_H\n#define _LINUX_MODULE_H\n"
                               "#define MODULE_LICENSE(x)\n#define MODULE_DESCRIPTION(x)\n"
                               "#define MODULE_DEVICE_TABLE(type, name)\n#endif\n",
    "include/linux/mod_devicetable.h": "/* SPDX-License-Identifier: GPL-2.0 */\n#ifndef LINUX_MOD_DEVICETABLE_H\n"
                                        "#define LINUX_MOD_DEVICETABLE_H\nstruct of_device_id {\n\tchar name[32];\n"
                                        "\tchar type[32];\n\tchar compatible[128];\n\tconst void *data;\n};\n#endif\n",
    "include/linux/iio/iio.h": "/* SPDX-License-Identifier: GPL-2.0 */\n#ifndef _INDUSTRIAL_IO_H_\n"
                               "#define _INDUSTRIAL_IO_H_\nstruct iio_dev;\n#endif\n",
    "arch/arm/Kconfig": 'config ARM\n\tbool\n\tdefault y\n\nmenu "System Type"\n\n'
                        'config ARCH_MULTI_V7\n\tbool "ARMv7 based platforms (Cortex-A, PJ4, Scorpion, Krait)"\n'
                        "\tdefault y\n\nsource \"arch/arm/mach-bcm/Kconfig\"\n\nendmenu\n",
    "arch/arm/Makefile": "machine-$(CONFIG_ARCH_BCM)\t\t+= bcm\ncore-y += arch/arm/mach-bcm/\n",
    "arch/arm/boot/dts/Makefile": "dtb-$(CONFIG_ARCH_BCM_5301X) += \\\n\tbcm4708-asus-rt-ac56u.dtb\n"
                                  "dtb-$(CONFIG_ARCH_BCM_CYGNUS) += \\\n\tbcm911360_entphn.dtb\n",
    "arch/arm/boot/dts/bcm4708.dtsi": "/*\n * Broadcom BCM470X / BCM5301X ARM platform code (demo).\n */\n\n"
                                      "/ {\n\tcompatible = \"brcm,bcm4708\";\n\t#address-cells = <1>;\n"
                                      "\t#size-cells = <1>;\n};\n",
    "arch/arm/boot/dts/bcm4708-asus-rt-ac56u.dts": "/dts-v1/;\n\n#include \"bcm4708.dtsi\"\n\n/ {\n"
                                                   "\tcompatible = \"asus,rt-ac56u\", \"brcm,bcm4708\";\n"
                                                   "\tmodel = \"Asus RT-AC56U (BCM4708)\";\n};\n",
    "arch/arm/boot/dts/bcm911360_entphn.dts": "/dts-v1/;\n\n/ {\n\tcompatible = \"brcm,bcm911360\", \"brcm,cygnus\";\n"
                                              "\tmodel = \"Cygnus Enterprise Phone (BCM911360_ENTPHN)\";\n};\n",
    "arch/arm/mach-bcm/Kconfig": 'menuconfig ARCH_BCM\n\tbool "Broadcom SoC Support" if ARCH_MULTI_V6_V7\n'
                                 "\thelp\n\t  Enables support for the Broadcom ARM-based SoC families.\n\n"
                                 "if ARCH_BCM\n\ncomment \"IPROC architected SoCs\"\n\n"
                                 "config ARCH_BCM_IPROC\n\tbool\n\tselect ARM_GIC\n\tselect CACHE_L2X0\n"
                                 "\tselect HAVE_ARM_TWD if SMP\n\thelp\n\t  Common parts of the iProc family "
                                 "of Broadcom SoCs.\n\nendif\n",
    "drivers/Kconfig": 'menu "Device Drivers"\n\n' + "".join(
        f'source "drivers/{d}/Kconfig"\n' for d in (
            "base", "mfd", "misc", "net", "input", "char", "pinctrl", "hwmon", "watchdog", "gpu",
            "hid", "usb", "rtc", "iio")) + "\nendmenu\n",
    "drivers/Makefile": "".join(f"obj-y\t\t\t\t+= {d}/\n" for d in (
        "base", "pinctrl", "gpu", "char", "mfd", "misc", "net", "usb", "input", "rtc", "hwmon",
        "watchdog", "hid", "iio")),
    "drivers/base/Kconfig": 'menu "Generic Driver Options"\n\nconfig DEVTMPFS\n\tbool "Maintain a devtmpfs '
                            'filesystem to mount at /dev"\n\thelp\n\t  A tmpfs-based /dev, populated by the '
                            "kernel as devices appear.\n\nconfig REGMAP\n\tbool\n\nconfig REGMAP_I2C\n\ttristate\n"
                            "\tselect REGMAP\n\nendmenu\n",
    "drivers/base/Makefile": "obj-y := core.o bus.o dd.o\nobj-$(CONFIG_DEVTMPFS) += devtmpfs.o\n"
                             "obj-$(CONFIG_REGMAP) += regmap.o\n",
    "drivers/base/core.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of the driver core */\n\n"
                           "int device_add(void *dev)\n{\n\treturn 0;\n}\n",
    "drivers/iio/Kconfig": 'menuconfig IIO\n\ttristate "Industrial I/O support"\n\thelp\n'
                           "\t  The industrial I/O subsystem: ADCs, DACs, light, pressure and motion\n"
                           "\t  sensors with one user-space interface.\n\nif IIO\n\n"
                           "config IIO_BUFFER\n\tbool \"Enable buffer support within IIO\"\n\thelp\n"
                           "\t  Lets drivers push samples into a buffer read from user space.\n\n"
                           + "".join(f'source "drivers/iio/{d}/Kconfig"\n' for d in (
                               "accel", "dac", "humidity", "light", "pressure", "proximity"))
                           + "\nendif # IIO\n",
    "drivers/iio/Makefile": "obj-$(CONFIG_IIO) += industrialio.o\nindustrialio-y := industrialio-core.o\n"
                            "industrialio-$(CONFIG_IIO_BUFFER) += industrialio-buffer.o\n\n"
                            + "".join(f"obj-y += {d}/\n" for d in (
                                "accel", "dac", "humidity", "light", "pressure", "proximity")),
    "drivers/iio/industrialio-core.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of the IIO core */\n\n"
                                       "int iio_device_register(void *indio_dev)\n{\n\treturn 0;\n}\n",
    "drivers/iio/industrialio-buffer.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of IIO buffers */\n\n"
                                         "int iio_push_to_buffers(void *indio_dev, const void *data)\n{\n"
                                         "\treturn 0;\n}\n",
    "drivers/gpu/Kconfig": 'source "drivers/gpu/drm/Kconfig"\n',
    "drivers/gpu/Makefile": "obj-$(CONFIG_DRM) += drm/\n",
    "drivers/gpu/drm/Kconfig": 'menuconfig DRM\n\ttristate "Direct Rendering Manager (XFree86 4.1.0 and higher '
                               'DRI support)"\n\thelp\n\t  The kernel side of accelerated graphics and mode '
                               "setting.\n\nsource \"drivers/gpu/drm/tegra/Kconfig\"\n",
    "drivers/gpu/drm/Makefile": "drm-y := drm_drv.o drm_ioctl.o\nobj-$(CONFIG_DRM) += drm.o\n"
                                "obj-$(CONFIG_DRM_TEGRA) += tegra/\n",
    "drivers/gpu/drm/drm_drv.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of the DRM core */\n\n"
                                 "int drm_dev_register(void *dev)\n{\n\treturn 0;\n}\n",
    "drivers/gpu/drm/drm_ioctl.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of DRM ioctls */\n\n"
                                   "long drm_ioctl(void *filp, unsigned int cmd)\n{\n\treturn 0;\n}\n",
    "drivers/net/Kconfig": 'menuconfig NETDEVICES\n\tbool "Network device support"\n\thelp\n'
                           "\t  Support for network interfaces of any kind.\n\nif NETDEVICES\n\n"
                           'source "drivers/net/can/Kconfig"\nsource "drivers/net/ethernet/Kconfig"\n'
                           'source "drivers/net/phy/Kconfig"\n\nendif # NETDEVICES\n',
    "drivers/net/Makefile": "obj-$(CONFIG_CAN) += can/\nobj-$(CONFIG_ETHERNET) += ethernet/\n"
                            "obj-$(CONFIG_PHYLIB) += phy/\n",
    "drivers/net/ethernet/Kconfig": 'menuconfig ETHERNET\n\tbool "Ethernet driver support"\n\tdefault y\n'
                                    "\thelp\n\t  Wired Ethernet adapters.\n\nif ETHERNET\n\n"
                                    'source "drivers/net/ethernet/broadcom/Kconfig"\n\nendif # ETHERNET\n',
    "drivers/net/ethernet/Makefile": "obj-$(CONFIG_NET_VENDOR_BROADCOM) += broadcom/\n",
    "drivers/net/ethernet/broadcom/Kconfig": 'config NET_VENDOR_BROADCOM\n\tbool "Broadcom devices"\n\tdefault y\n'
                                             "\thelp\n\t  Shows the questions about Broadcom network cards.\n\n"
                                             "if NET_VENDOR_BROADCOM\n\nendif # NET_VENDOR_BROADCOM\n",
    "drivers/net/phy/Kconfig": 'menuconfig PHYLIB\n\ttristate "PHY Device support and infrastructure"\n'
                               "\thelp\n\t  The PHY layer: management of Ethernet transceivers over MDIO.\n\n"
                               "if PHYLIB\n\ncomment \"MII PHY device drivers\"\n\nendif # PHYLIB\n",
    "drivers/net/phy/Makefile": "libphy-objs := phy.o phy_device.o mdio_bus.o\nobj-$(CONFIG_PHYLIB) += libphy.o\n",
    "drivers/net/can/Kconfig": 'menu "CAN Device Drivers"\n\nconfig CAN_DEV\n\ttristate "Platform CAN drivers '
                               'with Netlink support"\n\tdefault y\n\thelp\n\t  The common code of CAN '
                               "controller drivers.\n\nendmenu\n",
    "drivers/net/can/Makefile": "obj-$(CONFIG_CAN_DEV) += can-dev.o\ncan-dev-y := dev.o\n",
    "drivers/net/can/dev.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of the CAN device core */\n\n"
                             "int register_candev(void *dev)\n{\n\treturn 0;\n}\n",
    "drivers/input/Kconfig": 'menu "Input device support"\n\nconfig INPUT\n\ttristate "Generic input layer '
                             '(needed for keyboard, mouse, ...)" if EXPERT\n\tdefault y\n\thelp\n'
                             "\t  The layer that passes key presses and pointer motion to user space.\n\n"
                             'source "drivers/input/touchscreen/Kconfig"\n\nendmenu\n',
    "drivers/input/Makefile": "obj-$(CONFIG_INPUT) += input-core.o\ninput-core-y := input.o\n"
                              "obj-$(CONFIG_INPUT_TOUCHSCREEN) += touchscreen/\n",
    "drivers/input/touchscreen/Kconfig": 'menuconfig INPUT_TOUCHSCREEN\n\tbool "Touchscreens"\n\thelp\n'
                                         "\t  Say Y to see the touchscreen drivers.\n\nif INPUT_TOUCHSCREEN\n\n"
                                         "endif\n",
    "drivers/hid/Kconfig": 'menu "HID support"\n\nconfig HID\n\ttristate "HID bus support"\n\tdefault y\n'
                           "\thelp\n\t  The Human Interface Device bus used by keyboards, mice and more.\n\n"
                           'menu "Special HID drivers"\n\nendmenu\n\nendmenu\n',
    "drivers/hid/Makefile": "hid-y := hid-core.o hid-input.o\nobj-$(CONFIG_HID) += hid.o\n",
    "drivers/hid/hid-ids.h": "/* SPDX-License-Identifier: GPL-2.0 */\n#ifndef HID_IDS_H_FILE\n#define HID_IDS_H_FILE\n\n"
                             "#define USB_VENDOR_ID_CHERRY\t\t0x046a\n#define USB_DEVICE_ID_CHERRY_CYMOTION\t0x0023\n\n"
                             "#endif\n",
    "drivers/hid/hid-core.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of the HID core */\n\n"
                              "int hid_add_device(void *hdev)\n{\n\treturn 0;\n}\n",
    "sound/Kconfig": 'menuconfig SOUND\n\ttristate "Sound card support"\n\thelp\n\t  Sound cards and audio '
                     "codecs.\n\nif SOUND\n\nsource \"sound/soc/Kconfig\"\n\nendif # SOUND\n",
    "sound/Makefile": "obj-$(CONFIG_SND_SOC) += soc/\n",
    "sound/soc/Kconfig": 'menuconfig SND_SOC\n\ttristate "ALSA for SoC audio support"\n\thelp\n'
                         "\t  The ASoC layer: audio on embedded systems built from a CPU interface,\n"
                         "\t  a codec and a machine driver.\n\nif SND_SOC\n\n"
                         'source "sound/soc/rockchip/Kconfig"\nsource "sound/soc/codecs/Kconfig"\n\nendif # SND_SOC\n',
    "sound/soc/Makefile": "snd-soc-core-objs := soc-core.o soc-dapm.o\nobj-$(CONFIG_SND_SOC) += snd-soc-core.o\n"
                          "obj-$(CONFIG_SND_SOC) += codecs/ rockchip/\n",
    "sound/soc/soc-core.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of the ASoC core */\n\n"
                            "int snd_soc_register_card(void *card)\n{\n\treturn 0;\n}\n",
    "sound/soc/codecs/Kconfig": 'menu "CODEC drivers"\n\nconfig SND_SOC_ALL_CODECS\n'
                                '\ttristate "Build all ASoC CODEC drivers"\n\tdepends on COMPILE_TEST\n'
                                "\tselect SND_SOC_DA7213 if I2C\n\tselect SND_SOC_WM8731 if SND_SOC_I2C_AND_SPI\n"
                                "\thelp\n\t  Builds every codec driver, for build coverage on test machines.\n\n"
                                "endmenu\n",
    "sound/soc/rockchip/Kconfig": 'config SND_SOC_ROCKCHIP\n\ttristate "ASoC support for Rockchip"\n'
                                  "\tdepends on COMPILE_TEST || ARCH_ROCKCHIP\n\thelp\n"
                                  "\t  Shows the audio drivers of Rockchip SoCs.\n",
    "drivers/char/Kconfig": 'menu "Character devices"\n\nsource "drivers/char/hw_random/Kconfig"\n\nendmenu\n',
    "drivers/char/Makefile": "obj-y += mem.o random.o\nobj-$(CONFIG_HW_RANDOM) += hw_random/\n",
    "drivers/char/hw_random/Kconfig": 'menuconfig HW_RANDOM\n\ttristate "Hardware Random Number Generator Core '
                                      'support"\n\thelp\n\t  The /dev/hwrng interface shared by the random '
                                      "number generator drivers below.\n\nif HW_RANDOM\n\nendif # HW_RANDOM\n",
    "drivers/char/hw_random/Makefile": "obj-$(CONFIG_HW_RANDOM) += rng-core.o\nrng-core-y := core.o\n",
    "drivers/char/hw_random/core.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of the hwrng core */\n\n"
                                     "int hwrng_register(void *rng)\n{\n\treturn 0;\n}\n",
    "drivers/rtc/Kconfig": 'config RTC_LIB\n\tbool\n\nmenuconfig RTC_CLASS\n\tbool "Real Time Clock"\n\thelp\n'
                           "\t  Generic support for battery-backed clocks.\n\nif RTC_CLASS\n\n"
                           'comment "I2C RTC drivers"\n\nendif # RTC_CLASS\n',
    "drivers/rtc/Makefile": "obj-$(CONFIG_RTC_LIB) += lib.o\nobj-$(CONFIG_RTC_CLASS) += rtc-core.o\n"
                            "rtc-core-y := class.o interface.o\n",
    "drivers/rtc/lib.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of the RTC library */\n\n"
                         "int rtc_month_days(unsigned int month, unsigned int year)\n{\n\treturn 31;\n}\n",
    "drivers/watchdog/Kconfig": 'menuconfig WATCHDOG\n\tbool "Watchdog Timer Support"\n\thelp\n'
                                "\t  Hardware and software watchdogs that reset a machine that hangs.\n\n"
                                "if WATCHDOG\n\nconfig WATCHDOG_CORE\n\tbool \"WatchDog Timer Driver Core\"\n"
                                "\thelp\n\t  The common code of watchdog drivers.\n\nendif # WATCHDOG\n",
    "drivers/watchdog/Makefile": "watchdog-objs += watchdog_core.o watchdog_dev.o\n"
                                 "obj-$(CONFIG_WATCHDOG_CORE) += watchdog.o\n",
    "drivers/hwmon/Kconfig": 'menuconfig HWMON\n\ttristate "Hardware Monitoring support"\n\thelp\n'
                             "\t  Temperature, voltage and fan sensors on motherboards and devices.\n\n"
                             "if HWMON\n\nendif # HWMON\n",
    "drivers/hwmon/Makefile": "obj-$(CONFIG_HWMON) += hwmon.o\n",
    "drivers/hwmon/hwmon.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of the hwmon core */\n\n"
                             "void *hwmon_device_register(void *dev)\n{\n\treturn dev;\n}\n",
    "drivers/usb/Kconfig": 'menuconfig USB_SUPPORT\n\tbool "USB support"\n\tdefault y\n\thelp\n'
                           "\t  Host and device-side USB.\n\nif USB_SUPPORT\n\nconfig USB\n\ttristate \"Support for Host-side USB\"\n"
                           "\thelp\n\t  The USB host stack.\n\nsource \"drivers/usb/host/Kconfig\"\n\nendif # USB_SUPPORT\n",
    "drivers/usb/Makefile": "obj-$(CONFIG_USB) += host/\n",
    "drivers/usb/host/Kconfig": 'comment "USB Host Controller Drivers"\n\nconfig USB_XHCI_HCD\n'
                                '\ttristate "xHCI HCD (USB 3.0) support"\n\thelp\n\t  The host controller '
                                "interface of USB 3.0 controllers.\n\nif USB_XHCI_HCD\n\nendif # USB_XHCI_HCD\n",
    "drivers/usb/host/Makefile": "xhci-hcd-y := xhci.o xhci-mem.o xhci-ring.o\n"
                                 "obj-$(CONFIG_USB_XHCI_HCD) += xhci-hcd.o\n",
    "drivers/misc/Kconfig": 'menu "Misc devices"\n\nsource "drivers/misc/mic/Kconfig"\n\nendmenu\n',
    "drivers/misc/Makefile": "obj-y += mic/\n",
    "drivers/misc/mic/Kconfig": 'menu "Intel MIC & related support"\n\nendmenu\n',
    "drivers/misc/mic/Makefile": "",
    "drivers/mfd/Kconfig": 'menu "Multifunction device drivers"\n\nconfig MFD_CORE\n\ttristate\n\nendmenu\n',
    "drivers/mfd/Makefile": "obj-$(CONFIG_MFD_CORE) += mfd-core.o\n",
    "drivers/mfd/mfd-core.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of the MFD core */\n\n"
                              "int mfd_add_devices(void *parent)\n{\n\treturn 0;\n}\n",
    "drivers/pinctrl/Kconfig": 'menuconfig PINCTRL\n\tbool "Pin controllers"\n\nif PINCTRL\n\n'
                               "config PINMUX\n\tbool \"Support pin multiplexing controllers\" if COMPILE_TEST\n\n"
                               "config PINCONF\n\tbool \"Support pin configuration controllers\" if COMPILE_TEST\n\n"
                               "endif\n",
    "drivers/pinctrl/Makefile": "obj-y += core.o pinctrl-utils.o\nobj-$(CONFIG_PINMUX) += pinmux.o\n"
                                "obj-$(CONFIG_PINCONF) += pinconf.o\n",
    "drivers/pinctrl/core.c": "// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of the pin control core */\n\n"
                              "void *pinctrl_register(void *desc, void *dev)\n{\n\treturn desc;\n}\n",
}


def _existing(symbol: str) -> _Drv:
    return next(d for d in _EXISTING if d.symbol == symbol)


def _base_tree() -> _Tree:
    t = _Tree(_ROOT_FILES)
    for d in _EXISTING:
        t.add_driver(d)
    # The MIC bus driver lives one folder down.
    t.write("drivers/misc/mic/Makefile", "obj-$(CONFIG_INTEL_MIC_BUS) += bus/\n")
    t.write("drivers/misc/mic/bus/Makefile", "obj-$(CONFIG_INTEL_MIC_BUS) += mic_bus.o\n")
    for sub in ("accel", "dac", "humidity", "light", "pressure", "proximity"):
        t.files[f"drivers/iio/{sub}/Kconfig"] = (
            f'menu "{_IIO_MENUS[sub]}"\n\n' + t.files[f"drivers/iio/{sub}/Kconfig"] + "\nendmenu\n")
    # Every object a Makefile names has a source (core code the drivers lean on).
    for mk in [p for p in t.files if p.endswith("Makefile") and not p.startswith("arch/arm/boot/")]:
        folder = mk.rsplit("/", 1)[0] + "/" if "/" in mk else ""
        for obj in re.findall(r"([A-Za-z0-9_./-]+)\.o\b", t.files[mk]):
            src = f"{folder}{obj}.c"
            composite = re.search(rf"^{re.escape(obj)}-(?:objs|y)\b", t.files[mk], re.M)
            if src not in t.files and not composite:
                t.write(src, f"// SPDX-License-Identifier: GPL-2.0\n/* Demo stub of {src} */\n\n"
                             f"int {_ident(obj.rsplit('/', 1)[-1])}_init(void)\n{{\n\treturn 0;\n}}\n")
    return t


_IIO_MENUS = {"accel": "Accelerometers", "dac": "Digital to analog converters",
              "humidity": "Humidity sensors", "light": "Light sensors", "pressure": "Pressure sensors",
              "proximity": "Lightning sensors", "potentiometer": "Digital potentiometers",
              "chemical": "Chemical Sensors"}


# -- fast-import writer -------------------------------------------------------------

class _History:
    """Commits on branches of in-memory trees, written out as one fast-import stream."""

    def __init__(self):
        self.out: list[bytes] = []
        self.mark = 0
        self.time = _START
        self.heads: dict[str, tuple[int, _Tree]] = {}   # branch -> (mark, committed tree)
        self.branch = BRANCH
        self.trees: dict[str, _Tree] = {BRANCH: _Tree()}
        self.forks: dict[str, _Tree] = {}
        self.log: list[dict] = []                        # one per commit, in order
        self.author_i = 0

    @property
    def tree(self) -> _Tree:
        return self.trees[self.branch]

    def _data(self, text: str) -> None:
        raw = text.encode("utf-8")
        self.out.append(b"data %d\n" % len(raw) + raw + b"\n")

    def _ident(self, who: tuple[str, str], when: int) -> str:
        return f"{who[0]} <{who[1]}> {when} +0000"

    def _file_changes(self, old: dict[str, str], new: dict[str, str]) -> None:
        for path in sorted(old):
            if path not in new:
                self.out.append(f"D {path}\n".encode("utf-8"))
        for path in sorted(new):
            if old.get(path) != new[path]:
                self.out.append(f"M 100644 inline {path}\n".encode("utf-8"))
                self._data(new[path])

    def commit(self, subject: str, body: str = "", *, author: int | None = None,
               merge: str | None = None, **meta) -> dict:
        if author is None:
            author = self.author_i % len(_AUTHORS)
            self.author_i += 1
        who = _AUTHORS[author]
        self.time += _STEP
        self.mark += 1
        message = subject + "\n"
        if body:
            message += "\n" + body.strip("\n") + "\n"
        message += f"\nSigned-off-by: {who[0]} <{who[1]}>\n"
        if who != _COMMITTER and not merge:
            message += f"Signed-off-by: {_COMMITTER[0]} <{_COMMITTER[1]}>\n"
        prev = self.heads.get(self.branch)
        self.out.append(f"commit refs/heads/{self.branch}\nmark :{self.mark}\n".encode())
        self.out.append(f"author {self._ident(who, self.time)}\n".encode())
        self.out.append(f"committer {self._ident(_COMMITTER, self.time)}\n".encode())
        self._data(message)
        if prev:
            self.out.append(f"from :{prev[0]}\n".encode())
        if merge:
            self.out.append(f"merge :{self.heads[merge][0]}\n".encode())
        self._file_changes(prev[1].files if prev else {}, self.tree.files)
        self.out.append(b"\n")
        self.heads[self.branch] = (self.mark, self.tree.copy())
        entry = {"mark": self.mark, "subject": subject, "merge": bool(merge), "branch": self.branch, **meta}
        self.log.append(entry)
        return entry

    def start_branch(self, name: str) -> None:
        """A topic branch from the current one, and switch to it."""
        mark, tree = self.heads[self.branch]
        self.heads[name] = (mark, tree.copy())
        self.trees[name] = tree.copy()
        self.forks[name] = tree.copy()
        self.branch = name

    def switch(self, name: str) -> None:
        self.branch = name

    def merge(self, topic: str, subject: str, body: str = "") -> dict:
        """Merge ``topic`` into the current branch (--no-ff); the topic must not conflict."""
        fork = self.forks[topic].files
        theirs = self.heads[topic][1].files
        ours = self.tree.files
        for path in set(fork) | set(theirs):
            if fork.get(path) != theirs.get(path):
                if ours.get(path) != fork.get(path):
                    raise AssertionError(f"demo history: merge of {topic} conflicts on {path}")
                if path in theirs:
                    ours[path] = theirs[path]
                else:
                    ours.pop(path, None)
        return self.commit(subject, body, author=None, merge=topic)

    def tag(self, name: str, message: str) -> None:
        self.time += 60
        self.out.append(f"tag {name}\nfrom :{self.heads[self.branch][0]}\n".encode())
        self.out.append(f"tagger {self._ident(_COMMITTER, self.time)}\n".encode())
        self._data(message)

    def stream(self) -> bytes:
        return b"".join(self.out) + b"done\n"


# -- the merge window ----------------------------------------------------------------

def _item(symbol, kind, hardware, part, **extra) -> dict:
    return {"type": "driver", "symbol": symbol, "kind": kind, "hardware": hardware, "part": part, **extra}


def _not(symbol, reason) -> dict:
    return {"symbol": symbol, "reason": reason}


def _driver_commit(h: _History, subject: str, body: str, d: _Drv, kind: str, hardware: str,
                   part: str) -> dict:
    h.tree.add_driver(d)
    return h.commit(subject, body, items=[_item(d.symbol, kind, hardware, part, drv=d)])


def _write_history(h: _History) -> None:
    t = h.tree
    # ---- v4.3 --------------------------------------------------------------------
    base = _base_tree()
    t.files.update(base.files)
    h.commit("Linux 4.3", author=0, not_items=[_not(None, "release")])
    h.tag(BASE_TAG, "Linux 4.3\n")

    _driver_commit(h, "iio: light: add APDS9960 driver",
                   "The APDS9960 combines an ambient light and RGB colour sensor, a\n"
                   "proximity sensor and a gesture engine behind one I2C address.\n"
                   "This driver exposes the first three as IIO channels and gestures\n"
                   "as events.",
                   _Drv("APDS9960", "drivers/iio/light", "Avago APDS9960 gesture/RGB/ALS/proximity sensor",
                        "Say Y here to get light, colour, proximity and gesture readings\n"
                        "from an Avago APDS9960 on an I2C bus.",
                        ("apds9960.c",), ids=("avago,apds9960",), depends="I2C",
                        selects=("REGMAP_I2C", "IIO_BUFFER")),
                   "iio", "Avago APDS9960 gesture/RGB/ALS/proximity sensor", "APDS9960")

    t.replace("drivers/iio/light/tsl2563.c", "\tdata->client = client;\n",
              "\tdata->client = client;\n\t/* low gain halves the count: scale before the lux lookup */\n")
    h.commit("iio: light: tsl2563: fix lux calculation at low gain",
             "At low gain the raw count must be scaled before the lookup, or the\n"
             "reported illuminance is off by a factor of sixteen.",
             not_items=[_not(None, "fix")])

    t.add_select("sound/soc/codecs/Kconfig", "SND_SOC_ALL_CODECS", "\tselect SND_SOC_DA7219 if I2C")
    _driver_commit(h, "ASoC: codecs: Add da7219 driver",
                   "The DA7219 is a low-power audio codec with headset detection, aimed\n"
                   "at phones and tablets.",
                   _Drv("SND_SOC_DA7219", "sound/soc/codecs", "Dialog DA7219 audio codec",
                        "Enables the Dialog DA7219 stereo codec, which also detects the\n"
                        "type of headset plugged into its jack.",
                        ("da7219.c", "da7219-aad.c"), ids=("dlg,da7219",), depends="I2C",
                        module="snd-soc-da7219"),
                   "audio", "Dialog DA7219 audio codec", "DA7219")

    _driver_commit(h, "ARM: bcm: Add Northstar Plus SoC support",
                   "Northstar Plus (BCM58522, BCM58525, BCM58535, BCM58622, BCM58623,\n"
                   "BCM58625, BCM88312) is an iProc SoC with two Cortex-A9 cores used\n"
                   "in routers and network appliances.",
                   _Drv("ARCH_BCM_NSP", "arch/arm/mach-bcm", "Broadcom Northstar Plus SoC Support",
                        "Select this to boot on the Broadcom Northstar Plus family of\n"
                        "dual-core Cortex-A9 networking SoCs.",
                        ("bcm_nsp.c",), bus="machine", ids=("brcm,nsp",), type="bool",
                        depends="ARCH_MULTI_V7", selects=("ARCH_BCM_IPROC", "ARM_ERRATA_754322", "HAVE_SMP")),
                   "soc", "Broadcom Northstar Plus SoC", "Northstar Plus")

    t.write("arch/arm/boot/dts/bcm-nsp.dtsi",
            "/*\n * Broadcom Northstar Plus SoC (demo).\n */\n\n/ {\n\tcompatible = \"brcm,nsp\";\n"
            "\tinterrupt-parent = <&gic>;\n};\n")
    t.write("arch/arm/boot/dts/bcm958625k.dts",
            "/dts-v1/;\n\n#include \"bcm-nsp.dtsi\"\n\n/ {\n\tmodel = \"NorthStar Plus SVK (BCM958625K)\";\n"
            "\tcompatible = \"brcm,bcm58625\", \"brcm,nsp\";\n\n\tmemory {\n\t\tdevice_type = \"memory\";\n"
            "\t\treg = <0x60000000 0x80000000>;\n\t};\n};\n")
    t.append("arch/arm/boot/dts/Makefile", "dtb-$(CONFIG_ARCH_BCM_NSP) += bcm958625k.dtb\n")
    h.commit("ARM: dts: Add Northstar Plus BCM958625K board",
             "The BCM958625K is Broadcom's evaluation board for the Northstar Plus SoC.",
             items=[{"type": "board", "symbol": None, "kind": "board",
                     "hardware": "NorthStar Plus SVK (BCM958625K)", "part": "BCM958625K",
                     "paths": ["arch/arm/boot/dts/bcm958625k.dts"]}])

    _driver_commit(h, "hwrng: st - Add support for ST's HW Random Number Generator",
                   "The random number generator of ST set-top box SoCs samples two free-running\n"
                   "oscillators; this driver feeds its output to the hwrng core.",
                   _Drv("HW_RANDOM_ST", "drivers/char/hw_random", "ST Microelectronics HW Random Number Generator support",
                        "Feeds the kernel entropy pool from the random number generator\n"
                        "block of STMicroelectronics STi SoCs.",
                        ("st-rng.c",), bus="platform", ids=("st,rng",), depends="ARCH_STI || COMPILE_TEST"),
                   "hwrng", "ST Microelectronics HW random number generator", "ST")

    t.add_block("sound/soc/codecs/Kconfig", "SND_SOC_ARIZONA",
                "config SND_SOC_ARIZONA\n\ttristate\n\tselect REGMAP_I2C\n")
    t.add_composite("sound/soc/codecs/Makefile", "snd-soc-arizona", ["arizona.o"])
    t.add_obj("sound/soc/codecs/Makefile", "SND_SOC_ARIZONA", "snd-soc-arizona.o")
    t.write("sound/soc/codecs/arizona.c", _helper_source(_Drv("X", "", "Arizona codec helpers", "", ("a.c",)),
                                                         "arizona.c"))
    h.commit("ASoC: codecs: split out the shared Arizona helpers",
             "Several Wolfson codecs share clocking and DSP code; move it into a\n"
             "helper module that codec drivers select.",
             not_items=[_not("SND_SOC_ARIZONA", "hidden")])

    t.add_select("sound/soc/codecs/Kconfig", "SND_SOC_ALL_CODECS", "\tselect SND_SOC_WM8998 if I2C")
    _driver_commit(h, "ASoC: wm8998: Initial WM8998 driver",
                   "The WM8998 is a multi-channel audio hub codec of the Arizona family.",
                   _Drv("SND_SOC_WM8998", "sound/soc/codecs", "Wolfson Microelectronics WM8998 codec",
                        "Enables the Wolfson WM8998 audio hub codec, a member of the\n"
                        "Arizona family with several DSP-assisted audio paths.",
                        ("wm8998.c",), ids=("wlf,wm8998",), depends="I2C", selects=("SND_SOC_ARIZONA",),
                        module="snd-soc-wm8998"),
                   "audio", "Wolfson WM8998 codec", "WM8998")

    t.replace("drivers/gpu/drm/Kconfig", 'source "drivers/gpu/drm/tegra/Kconfig"\n',
              'source "drivers/gpu/drm/tegra/Kconfig"\n\nsource "drivers/gpu/drm/vc4/Kconfig"\n')
    t.add_obj("drivers/gpu/drm/Makefile", "DRM_VC4", "vc4/")
    _driver_commit(h, "drm/vc4: Add KMS support for Raspberry Pi.",
                   "This is the start of a driver for the VideoCore IV graphics block of\n"
                   "the BCM2835 in the Raspberry Pi: mode setting on HDMI for now, the 3D\n"
                   "engine comes later.",
                   _Drv("DRM_VC4", "drivers/gpu/drm/vc4", "Broadcom VC4 Graphics",
                        "Select this for the VideoCore IV (VC4) display and graphics\n"
                        "hardware of the Broadcom BCM2835, as used on the Raspberry Pi.",
                        ("vc4_drv.c", "vc4_crtc.c", "vc4_hdmi.c", "vc4_plane.c"), bus="platform",
                        ids=("brcm,bcm2835-vc4",), depends="ARCH_BCM2835 || COMPILE_TEST", module="vc4"),
                   "graphics", "Broadcom VC4 GPU", "VC4")

    # A topic branch, merged later with --no-ff: its driver is an item, the merge is not.
    h.start_branch("iio-proximity")
    lidar = _Drv("LIDAR_LITE_V2", "drivers/iio/proximity", "PulsedLight LIDAR sensor",
                 "Say Y to read distances from a PulsedLight LIDAR-Lite laser\n"
                 "range finder connected over I2C.",
                 ("pulsedlight-lidar-lite-v2.c",), ids=("pulsedlight,lidar-lite-v2",),
                 depends="I2C", selects=("IIO_BUFFER",))
    h.tree.add_driver(lidar)
    h.tree.replace("drivers/iio/proximity/Kconfig", 'menu "Lightning sensors"', 'menu "Proximity sensors"')
    h.commit("iio: proximity: add support for PulsedLight LIDAR",
             "The LIDAR-Lite v2 measures distances up to 40 metres with a laser\n"
             "and reports them over I2C.", author=5,
             items=[_item("LIDAR_LITE_V2", "iio", "PulsedLight LIDAR sensor", "LIDAR", drv=lidar)])
    h.switch(BRANCH)
    t = h.tree

    _driver_commit(h, "net: phy: Add TI DP83848 Ethernet PHY",
                   "The DP83848 is a single-port 10/100 Ethernet transceiver; it needs its\n"
                   "interrupt set up by hand.",
                   _Drv("DP83848_PHY", "drivers/net/phy", "Driver for Texas Instruments DP83848 PHY",
                        "Handles link interrupts of the 10/100 Ethernet transceiver\n"
                        "DP83848 from Texas Instruments.",
                        ("dp83848.c",), bus="platform", ids=("ti,dp83848",)),
                   "phy-net", "Texas Instruments DP83848 PHY", "DP83848")

    t.replace("drivers/net/ethernet/broadcom/Makefile", "genet-objs := bcmgenet.o\n",
              "genet-objs := bcmgenet.o bcmmii.o\n")
    t.write("drivers/net/ethernet/broadcom/bcmmii.c",
            _helper_source(_existing("BCMGENET"), "bcmmii.c").replace(": bcmmii", ": MDIO and PHY handling"))
    h.commit("net: bcmgenet: move the MDIO code into bcmmii.c",
             "No functional change: the PHY and MDIO handling moves out of the\n"
             "main file, which had grown too long.",
             not_items=[_not("BCMGENET", "refactor")])

    _driver_commit(h, "iio: accel: Add driver for Memsic MXC4005",
                   "The MXC4005XC is a three-axis accelerometer with an I2C interface and\n"
                   "a data-ready interrupt.",
                   _Drv("MXC4005", "drivers/iio/accel", "Memsic MXC4005XC 3-Axis Accelerometer Driver",
                        "Say Y here to read acceleration from a Memsic MXC4005XC\n"
                        "three-axis accelerometer over I2C.",
                        ("mxc4005.c",), ids=("memsic,mxc4005",), depends="I2C",
                        selects=("IIO_BUFFER", "REGMAP_I2C")),
                   "iio", "Memsic MXC4005XC 3-axis accelerometer", "MXC4005")

    t.replace("drivers/input/touchscreen/Kconfig", "\tdepends on I2C\n\thelp\n\t  Say Y if you have an EDT",
              "\tdepends on I2C && OF\n\thelp\n\t  Say Y if you have an EDT")
    h.commit("Input: edt-ft5x06: add missing OF dependency",
             "The driver reads its properties from the device tree and fails to\n"
             "build without CONFIG_OF.", not_items=[_not(None, "fix")])

    _driver_commit(h, "Input: add FT6236 touchscreen controller driver",
                   "The FocalTech FT6236 is a self-capacitance touch controller for up to\n"
                   "two fingers, used on small panels.",
                   _Drv("TOUCHSCREEN_FT6236", "drivers/input/touchscreen", "FT6236 I2C touchscreen",
                        "Say Y here for touch panels driven by a FocalTech FT6236\n"
                        "controller on an I2C bus.",
                        ("ft6236.c",), ids=("focaltech,ft6236",), depends="I2C && GPIOLIB"),
                   "touchscreen", "FocalTech FT6236 I2C touchscreen controller", "FT6236")

    # A rename: the same entry under a new name, same prompt, same source.
    block = t.remove_block("drivers/pinctrl/Kconfig", "PINCTRL_AT91")
    t.add_block("drivers/pinctrl/Kconfig", "PINCTRL_AT91_PIO3",
                block.replace("config PINCTRL_AT91\n", "config PINCTRL_AT91_PIO3\n").rstrip("\n") + "\n")
    t.write("drivers/pinctrl/Makefile", re.sub(r"^obj-\$\(CONFIG_PINCTRL_AT91\)\s*", "obj-$(CONFIG_PINCTRL_AT91_PIO3) ",
                                               t.read("drivers/pinctrl/Makefile"), flags=re.M))
    h.commit("pinctrl: at91: rename PINCTRL_AT91 to PINCTRL_AT91_PIO3",
             "Make room for the PIO4 controller of newer SoCs; no functional change.",
             not_items=[_not("PINCTRL_AT91_PIO3", "renamed"), _not("PINCTRL_AT91", "renamed")])

    _driver_commit(h, "pinctrl: at91-pio4: add a driver for PIO4",
                   "The SAMA5D2 has a new PIO controller, PIO4, with a register layout\n"
                   "unlike that of its predecessor.",
                   _Drv("PINCTRL_AT91PIO4", "drivers/pinctrl", "AT91 PIO4 pinctrl driver",
                        "Pin muxing, pin configuration and GPIO for the PIO4 controller\n"
                        "found on Atmel SAMA5D2 and later SoCs.",
                        ("pinctrl-at91-pio4.c",), bus="platform", ids=("atmel,sama5d2-gpio",), type="bool",
                        depends="OF && (ARCH_AT91 || COMPILE_TEST)", selects=("PINMUX", "PINCONF")),
                   "pinctrl", "Atmel PIO4 pin controller", "PIO4")

    _driver_commit(h, "can: sun4i: Add support for the Allwinner A10 CAN controller",
                   "The A10 and A20 SoCs have one CAN 2.0B controller each.",
                   _Drv("CAN_SUN4I", "drivers/net/can", "Allwinner A10 CAN controller",
                        "Say Y here to use the CAN bus controller of Allwinner A10 and\n"
                        "A20 SoCs.",
                        ("sun4i_can.c",), bus="platform", ids=("allwinner,sun4i-a10-can",),
                        depends="MACH_SUN4I || MACH_SUN7I || COMPILE_TEST"),
                   "can", "Allwinner A10 CAN controller", "A10")

    t.add_block("drivers/net/ethernet/broadcom/Kconfig", "BCMGENET_DEBUG",
                'config BCMGENET_DEBUG\n\tbool "Broadcom GENET debug messages"\n\tdepends on BCMGENET\n'
                "\thelp\n\t  Logs every descriptor the GENET driver hands to the hardware.\n")
    t.append("drivers/net/ethernet/broadcom/Makefile", "ccflags-$(CONFIG_BCMGENET_DEBUG) += -DDEBUG\n")
    h.commit("net: bcmgenet: add a debug option",
             "Verbose logging is useful when bringing up a new board.",
             not_items=[_not("BCMGENET_DEBUG", "debug")])

    t.add_obj("drivers/net/ethernet/broadcom/Makefile", "BNXT", "bnxt/")
    _driver_commit(h, "bnxt_en: New Broadcom ethernet driver.",
                   "Support for the NetXtreme-C and NetXtreme-E families of 10/25/40/50\n"
                   "gigabit PCIe Ethernet controllers.",
                   _Drv("BNXT", "drivers/net/ethernet/broadcom/bnxt", "Broadcom NetXtreme-C/E support",
                        "Say Y for Broadcom NetXtreme-C and NetXtreme-E 10, 25, 40 and 50\n"
                        "gigabit PCI Express Ethernet adapters.",
                        ("bnxt.c", "bnxt_ethtool.c"), bus="pci", ids=("PCI_VDEVICE(BROADCOM, 0x16c9)",
                                                                     "PCI_VDEVICE(BROADCOM, 0x16ca)"),
                        depends="PCI", kconfig="drivers/net/ethernet/broadcom/Kconfig", module="bnxt_en"),
                   "ethernet", "Broadcom NetXtreme-C/E 10/25/40/50 gigabit Ethernet adapter", "NetXtreme")

    _driver_commit(h, "iio: humidity: add TI HDC100x support",
                   "The HDC1000 and HDC1008 measure relative humidity and temperature.",
                   _Drv("HDC100X", "drivers/iio/humidity", "TI HDC100x relative humidity and temperature sensor",
                        "Say yes here to read humidity and temperature from Texas\n"
                        "Instruments HDC1000 and HDC1008 sensors.",
                        ("hdc100x.c",), ids=("ti,hdc1000", "ti,hdc1008"), depends="I2C",
                        selects=("IIO_BUFFER",)),
                   "iio", "TI HDC100x relative humidity and temperature sensor", "HDC100")

    # A move: the entry leaves drivers/misc for drivers/iio/dac, the source is renamed.
    block = t.remove_block("drivers/misc/Kconfig", "TI_DAC7512")
    t.add_block("drivers/iio/dac/Kconfig", "TI_DAC7512", block.rstrip("\n") + "\n")
    t.replace("drivers/misc/Makefile", f"{'obj-$(CONFIG_TI_DAC7512)'.ljust(32)}+= ti_dac7512.o\n", "")
    t.move("drivers/misc/ti_dac7512.c", "drivers/iio/dac/ti-dac7512.c")
    t.add_obj("drivers/iio/dac/Makefile", "TI_DAC7512", "ti-dac7512.o")
    h.commit("iio: dac: move ti-dac7512 out of drivers/misc",
             "The DAC belongs with the other converters; no functional change.",
             not_items=[_not("TI_DAC7512", "moved")])

    # Two drivers in one commit.
    htu21 = _Drv("HTU21", "drivers/iio/humidity", "Measurement Specialties HTU21 humidity & temperature sensor",
                 "Say yes here to read relative humidity and temperature from a\n"
                 "Measurement Specialties HTU21 on an I2C bus.",
                 ("htu21.c",), ids=("meas,htu21",), depends="I2C")
    ms5637 = _Drv("MS5637", "drivers/iio/pressure", "Measurement Specialties MS5637 pressure & temperature sensor",
                  "Say yes here to read barometric pressure and temperature from a\n"
                  "Measurement Specialties MS5637 on an I2C bus.",
                  ("ms5637.c",), ids=("meas,ms5637",), depends="I2C")
    t.add_driver(htu21)
    t.add_driver(ms5637)
    h.commit("iio: Add Measurement Specialties HTU21 and MS5637 drivers",
             "Both chips share a command set; this adds a driver for each.",
             items=[_item("HTU21", "iio", "Measurement Specialties HTU21 humidity and temperature sensor",
                          "HTU21", drv=htu21),
                    _item("MS5637", "iio", "Measurement Specialties MS5637 pressure and temperature sensor",
                          "MS5637", drv=ms5637)])

    h.merge("iio-proximity", "Merge branch 'iio-proximity' into master",
            "Pull the LIDAR-Lite driver, developed on its own branch.")
    t = h.tree

    t.replace("drivers/iio/Kconfig", 'source "drivers/iio/light/Kconfig"\n',
              'source "drivers/iio/light/Kconfig"\nsource "drivers/iio/potentiometer/Kconfig"\n')
    t.replace("drivers/iio/Makefile", "obj-y += light/\n", "obj-y += light/\nobj-y += potentiometer/\n")
    t.write("drivers/iio/potentiometer/Kconfig", 'menu "Digital potentiometers"\n\nendmenu\n')
    _driver_commit(h, "iio: potentiometer: Add driver for Microchip MCP4531",
                   "A first driver for digital potentiometers, with a directory of\n"
                   "their own.",
                   _Drv("MCP4531", "drivers/iio/potentiometer", "Microchip MCP45xx/MCP46xx Digital Potentiometer driver",
                        "Say yes here to set the wiper of Microchip MCP4531, MCP4532,\n"
                        "MCP4651 and MCP4652 digital potentiometers over I2C.",
                        ("mcp4531.c",), ids=("microchip,mcp4531-502", "microchip,mcp4651-103"), depends="I2C"),
                   "iio", "Microchip MCP45xx/MCP46xx digital potentiometer", "MCP45")

    t.replace("drivers/iio/Kconfig", 'source "drivers/iio/accel/Kconfig"\n',
              'source "drivers/iio/accel/Kconfig"\nsource "drivers/iio/chemical/Kconfig"\n')
    t.replace("drivers/iio/Makefile", "obj-y += accel/\n", "obj-y += accel/\nobj-y += chemical/\n")
    t.write("drivers/iio/chemical/Kconfig", 'menu "Chemical Sensors"\n\nendmenu\n')
    _driver_commit(h, "iio: chemical: add SGX VZ89x VOC sensor support",
                   "The MiCS-VZ89 reports volatile organic compounds and an equivalent\n"
                   "CO2 level.",
                   _Drv("VZ89X", "drivers/iio/chemical", "SGX Sensortech MiCS VZ89X VOC sensor",
                        "Say Y here to read the volatile organic compound level measured\n"
                        "by an SGX Sensortech MiCS VZ89X.",
                        ("vz89x.c",), ids=("sgx,vz89x",), depends="I2C"),
                   "iio", "SGX Sensortech MiCS VZ89X VOC sensor", "VZ89X")

    _driver_commit(h, "iio: light: add UPISEMI us5182d driver",
                   "The us5182d is an ambient light and proximity sensor with an I2C\n"
                   "interface.",
                   _Drv("US5182D", "drivers/iio/light", "UPISEMI light and proximity sensor",
                        "Say Y here to read ambient light and proximity from a UPISEMI\n"
                        "us5182d sensor on an I2C bus.",
                        ("us5182d.c",), ids=("upisemi,usd5182",), depends="I2C"),
                   "iio", "UPISEMI US5182D light and proximity sensor", "UPISEMI")

    # A new device in an existing driver's ID table (no new symbol).
    t.replace("drivers/iio/pressure/bmp280.c", '\t{ "bmp280", 0 },\n', '\t{ "bmp280", 0 },\n\t{ "bmp180", 0 },\n')
    t.replace("drivers/iio/pressure/bmp280.c", '\t{ .compatible = "bosch,bmp280" },\n',
              '\t{ .compatible = "bosch,bmp280" },\n\t{ .compatible = "bosch,bmp180" },\n')
    t.replace("drivers/iio/pressure/Kconfig", '"Bosch Sensortec BMP280 pressure sensor driver"',
              '"Bosch Sensortec BMP180 and BMP280 pressure sensor driver"')
    h.commit("iio: pressure: bmp280: add support for BMP180",
             "The older BMP180 has the same interface with a different calibration\n"
             "scheme; the driver now handles both.",
             items=[{"type": "device", "symbol": "BMP280", "kind": "iio",
                     "hardware": "Bosch Sensortec BMP180 pressure sensor", "part": "BMP180",
                     "paths": ["drivers/iio/pressure/bmp280.c"]}])

    t.replace("drivers/hid/hid-ids.h", "#define USB_DEVICE_ID_CHERRY_CYMOTION\t0x0023\n\n",
              "#define USB_DEVICE_ID_CHERRY_CYMOTION\t0x0023\n\n#define USB_VENDOR_ID_CORSAIR\t\t0x1b1c\n"
              "#define USB_DEVICE_ID_CORSAIR_K90\t0x1b02\n\n")
    _driver_commit(h, "HID: corsair: Add Corsair Vengeance K90 driver",
                   "The K90 has macro keys, profile switching and backlight levels that\n"
                   "the generic HID driver does not handle.",
                   _Drv("HID_CORSAIR", "drivers/hid", "Corsair Vengeance K90 keyboard",
                        "Say Y here to use the macro keys, profiles and backlight of\n"
                        "the Corsair Vengeance K90 gaming keyboard.",
                        ("hid-corsair.c",), bus="hid",
                        ids=("HID_USB_DEVICE(USB_VENDOR_ID_CORSAIR, USB_DEVICE_ID_CORSAIR_K90)",),
                        depends="HID && USB && LEDS_CLASS"),
                   "hid", "Corsair Vengeance K90 keyboard", "K90")

    _driver_commit(h, "Input: add ROHM BU21023/24 touchscreen driver",
                   "The BU21023 and BU21024 are resistive touch controllers that can\n"
                   "still report two touches.",
                   _Drv("TOUCHSCREEN_ROHM_BU21023", "drivers/input/touchscreen",
                        "ROHM BU21023/24 Dual touch support resistive touchscreens",
                        "Say Y here for resistive touch panels driven by a ROHM BU21023\n"
                        "or BU21024 controller.",
                        ("rohm_bu21023.c",), ids=("rohm,bu21023",), depends="I2C"),
                   "touchscreen", "ROHM BU21023/24 dual touch resistive touchscreen", "BU21023")

    # A new framework: code, no hardware.
    t.replace("drivers/Kconfig", 'source "drivers/iio/Kconfig"\n',
              'source "drivers/iio/Kconfig"\n\nsource "drivers/fpga/Kconfig"\n')
    t.append("drivers/Makefile", "obj-$(CONFIG_FPGA)\t\t\t+= fpga/\n")
    t.write("drivers/fpga/Kconfig",
            'menu "FPGA Configuration Support"\n\nconfig FPGA\n\ttristate "FPGA Configuration Framework"\n'
            "\thelp\n\t  A common interface through which FPGA manager drivers load a\n"
            "\t  bitstream into a programmable device.\n\nendmenu\n")
    t.write("drivers/fpga/Makefile", "obj-$(CONFIG_FPGA) += fpga-mgr.o\n")
    t.write("drivers/fpga/fpga-mgr.c", "// SPDX-License-Identifier: GPL-2.0\n/*\n * FPGA manager core (demo stub).\n"
                                       " */\n\nint fpga_mgr_register(void *dev)\n{\n\treturn 0;\n}\n")
    h.commit("fpga: add FPGA manager framework",
             "Programmable logic devices all need a bitstream loaded; give their\n"
             "drivers one interface to do it.", not_items=[_not("FPGA", "framework")])

    _driver_commit(h, "fpga: add Altera SOCFPGA FPGA manager",
                   "Loads a bitstream into the FPGA part of Cyclone V and Arria V SoCs.",
                   _Drv("FPGA_MGR_SOCFPGA", "drivers/fpga", "Altera SOCFPGA FPGA Manager",
                        "FPGA manager driver for the FPGA fabric of Altera Cyclone V\n"
                        "and Arria V SoCs.", ("socfpga.c",), bus="platform", ids=("altr,socfpga-fpga-mgr",),
                        depends="FPGA && (ARCH_SOCFPGA || COMPILE_TEST)"),
                   "fpga", "Altera SOCFPGA FPGA manager", "SOCFPGA")

    _driver_commit(h, "rtc: add Micro Crystal RV8803 driver",
                   "The RV-8803-C7 is a small, very low power real-time clock module with\n"
                   "an I2C interface.",
                   _Drv("RTC_DRV_RV8803", "drivers/rtc", "Micro Crystal RV8803",
                        "If you say yes here you get support for the Micro Crystal\n"
                        "RV8803 real-time clock module.",
                        ("rtc-rv8803.c",), ids=("microcrystal,rv8803",), depends="I2C"),
                   "rtc", "Micro Crystal RV8803 real-time clock", "RV8803")

    t.add_block("drivers/rtc/Kconfig", "RTC_LIB_KUNIT_TEST",
                'config RTC_LIB_KUNIT_TEST\n\ttristate "KUnit test for RTC lib functions" if !KUNIT_ALL_TESTS\n'
                "\tdepends on KUNIT\n\tselect RTC_LIB\n\tdefault KUNIT_ALL_TESTS\n\thelp\n"
                "\t  Unit tests for the date conversions of the RTC library.\n")
    t.add_obj("drivers/rtc/Makefile", "RTC_LIB_KUNIT_TEST", "lib_test.o")
    t.write("drivers/rtc/lib_test.c", "// SPDX-License-Identifier: LGPL-2.1+\n/* KUnit tests of rtc_month_days() "
                                      "(demo stub). */\n\n#include <kunit/test.h>\n\nstatic void "
                                      "rtc_month_days_test(struct kunit *test)\n{\n}\n")
    h.commit("rtc: add KUnit tests for the date helpers", "", not_items=[_not("RTC_LIB_KUNIT_TEST", "test")])

    _driver_commit(h, "watchdog: Add Broadcom BCM7038 watchdog driver",
                   "The watchdog of BCM7038-class set-top box chips counts down at the\n"
                   "27 MHz system clock.",
                   _Drv("BCM7038_WDT", "drivers/watchdog", "BCM7038 Watchdog",
                        "Watchdog driver for the timers in Broadcom BCM7038 and later\n"
                        "set-top box SoCs.",
                        ("bcm7038_wdt.c",), bus="platform", ids=("brcm,bcm7038-wdt",), depends="HAS_IOMEM",
                        selects=("WATCHDOG_CORE",)),
                   "watchdog", "Broadcom BCM7038 watchdog", "BCM7038")

    t.replace("drivers/watchdog/Kconfig", "\t  Watchdog driver for the power management watchdog of the BCM2835.\n",
              "\t  Watchdog driver for the watchdog in the power management block\n"
              "\t  of the BCM2835, which can also power the board off.\n")
    h.commit("watchdog: bcm2835_wdt: reword the help text", "", not_items=[_not(None, "help")])

    _driver_commit(h, "hwmon: Add driver for Maxim MAX31790",
                   "The MAX31790 controls and monitors up to six fans.",
                   _Drv("SENSORS_MAX31790", "drivers/hwmon", "Maxim MAX31790 sensor chip",
                        "If you say yes here you get support for the Maxim MAX31790\n"
                        "six-channel fan speed controller.",
                        ("max31790.c",), ids=("maxim,max31790",), depends="I2C"),
                   "hwmon", "Maxim MAX31790 fan controller", "MAX31790")

    _driver_commit(h, "usb: xhci: MediaTek xHCI host controller driver",
                   "The xHCI controller of MediaTek SoCs needs its own clocks, power\n"
                   "domains and a scheduler for periodic endpoints.",
                   _Drv("USB_XHCI_MTK", "drivers/usb/host", "xHCI support for Mediatek MT65xx",
                        "Say 'Y' to enable the USB 3.0 xHCI host controller of MediaTek\n"
                        "MT65xx and MT81xx SoCs.",
                        ("xhci-mtk.c", "xhci-mtk-sch.c"), bus="platform", ids=("mediatek,mt8173-xhci",),
                        depends="USB_XHCI_HCD && (ARCH_MEDIATEK || COMPILE_TEST)", module="xhci-mtk"),
                   "usb", "MediaTek xHCI USB host controller", "xHCI")

    # Under drivers/misc: the place does not say what it is.
    t.add_obj("drivers/misc/mic/Makefile", "MIC_COSM", "cosm/")
    t.write("drivers/misc/mic/cosm/Makefile", "obj-$(CONFIG_MIC_COSM) += mic_cosm.o\n\n"
                                              "mic_cosm-objs := cosm_main.o cosm_sysfs.o\n")
    cosm = _Drv("MIC_COSM", "drivers/misc/mic/cosm", "Intel MIC Coprocessor State Management (COSM) Drivers",
                "Say Y to boot, shut down and monitor Intel Many Integrated Core\n"
                "coprocessor cards from the host.",
                ("cosm_main.c", "cosm_sysfs.c"), bus="platform", ids=("intel,mic-cosm",),
                depends="64BIT && PCI && X86 && INTEL_MIC_BUS", kconfig="drivers/misc/mic/Kconfig",
                module="mic_cosm")
    t.add_block(cosm.kconfig_path, cosm.symbol, cosm.kconfig_block())
    t.write("drivers/misc/mic/cosm/cosm_main.c", cosm.source_text())
    t.write("drivers/misc/mic/cosm/cosm_sysfs.c", _helper_source(cosm, "cosm_sysfs.c"))
    h.commit("misc: mic: add the Coprocessor State Management (COSM) driver",
             "COSM boots, resets and shuts down MIC cards and reports their state\n"
             "in sysfs, for both the host and the card side.",
             items=[_item("MIC_COSM", "misc", "Intel MIC coprocessor state management device", "MIC", drv=cosm)])

    _driver_commit(h, "mfd: Add driver for Atmel Flexcom",
                   "A Flexcom is a serial block of Atmel SAMA5D2 SoCs that works as a\n"
                   "USART, an SPI or an I2C controller, chosen at boot.",
                   _Drv("MFD_ATMEL_FLEXCOM", "drivers/mfd", "Atmel Flexcom (Flexible Serial Communication Unit)",
                        "Select this to choose the mode (USART, SPI or I2C) of the Flexcom\n"
                        "serial blocks of Atmel SoCs; the chosen function has its own\n"
                        "driver.",
                        ("atmel-flexcom.c",), bus="platform", ids=("atmel,sama5d2-flexcom",),
                        depends="OF", selects=("MFD_CORE",)),
                   "mfd", "Atmel flexible serial communication unit", "Flexcom")

    t.add_select("sound/soc/codecs/Kconfig", "SND_SOC_ALL_CODECS", "\tselect SND_SOC_NAU8825 if I2C")
    _driver_commit(h, "ASoC: nau8825: Add driver for headset chip Nuvoton 8825",
                   "The NAU8825 is a low-power codec for headsets, with jack and button\n"
                   "detection.",
                   _Drv("SND_SOC_NAU8825", "sound/soc/codecs", "Nuvoton NAU8825 audio codec",
                        "Enables the Nuvoton NAU8825 headset codec with jack and button\n"
                        "detection.",
                        ("nau8825.c",), ids=("nuvoton,nau8825",), depends="I2C", module="snd-soc-nau8825"),
                   "audio", "Nuvoton NAU8825 audio codec", "NAU8825")

    _driver_commit(h, "ASoC: rockchip: Add support for the SPDIF transmitter",
                   "Rockchip RK3066, RK3188 and RK3288 have an S/PDIF transmitter.",
                   _Drv("SND_SOC_ROCKCHIP_SPDIF", "sound/soc/rockchip", "Rockchip SPDIF Device Driver",
                        "Say Y or M here for the S/PDIF transmitter of Rockchip SoCs;\n"
                        "a machine driver connects it to an output.",
                        ("rockchip_spdif.c",), bus="platform", ids=("rockchip,rk3288-spdif",),
                        depends="CLKDEV_LOOKUP && SND_SOC_ROCKCHIP", module="snd-soc-rockchip-spdif"),
                   "audio", "Rockchip SPDIF transceiver", "SPDIF")

    # Core kernel code: prompted, builds a new source, but not in a hardware tree.
    t.replace("init/Kconfig", "\nendmenu\n",
              '\nconfig MEMBARRIER\n\tbool "Enable membarrier() system call" if EXPERT\n\tdefault y\n\thelp\n'
              "\t  A system call that issues memory barriers on all running threads\n"
              "\t  of a process, for user-space RCU and similar schemes.\n\nendmenu\n")
    t.replace("kernel/Makefile", "obj-y = fork.o exit.o sys.o\n",
              "obj-y = fork.o exit.o sys.o\nobj-$(CONFIG_MEMBARRIER) += membarrier.o\n")
    t.write("kernel/membarrier.c", "// SPDX-License-Identifier: GPL-2.0+\n/* The membarrier system call (demo "
                                   "stub). */\n\nlong sys_membarrier(int cmd, int flags)\n{\n\treturn 0;\n}\n")
    h.commit("sched: add the membarrier() system call", "", not_items=[_not("MEMBARRIER", "core")])

    t.replace("drivers/rtc/rtc-ds1307.c", "\tdata->client = client;\n",
              "\tdata->client = client;\n\t/* the century bit lives in the month register */\n")
    h.commit("rtc: ds1307: fix the century bit on DS1340", "", not_items=[_not(None, "fix")])

    t.replace("Makefile", "PATCHLEVEL = 3\n", "PATCHLEVEL = 4\n")
    h.commit("Linux 4.4", author=0, not_items=[_not(None, "release")])
    h.tag(HEAD_TAG, "Linux 4.4\n")


# -- building ---------------------------------------------------------------------

def build_demo_repo(path: str | os.PathLike) -> DemoRepo:
    """Create the example repository at ``path`` (a new or empty folder).

    Raises :class:`HwclassError` if ``path`` is a non-empty folder or a file,
    or if git is not available.
    """
    import git  # GitPython

    path = os.path.abspath(os.fspath(path))
    if os.path.exists(path) and (not os.path.isdir(path) or os.listdir(path)):
        raise HwclassError(f"{path}: exists and is not an empty folder; the demo needs a new one")
    h = _History()
    _write_history(h)
    try:
        os.makedirs(path, exist_ok=True)
        repo = git.Repo.init(path)
        with tempfile.TemporaryDirectory(prefix="hwclass-demo-") as tmp:
            stream = os.path.join(tmp, "history.fi")
            marks = os.path.join(tmp, "marks")
            with open(stream, "wb") as fh:
                fh.write(h.stream())
            with open(stream, "rb") as fh:
                repo.git.execute(["git", "fast-import", "--quiet", "--done", f"--export-marks={marks}"],
                                 istream=fh)
            with open(marks, encoding="ascii") as fh:
                shas = {int(m.lstrip(":")): sha for m, sha in (ln.split() for ln in fh if ln.strip())}
        repo.git.symbolic_ref("HEAD", f"refs/heads/{BRANCH}")
        repo.git.reset("--hard", "-q")
        for name in list(h.heads):
            if name != BRANCH:
                repo.git.branch("-D", name)     # the topic lives on only in the merge
    except git.GitCommandNotFound:
        raise HwclassError("git is not installed (or not on PATH); the demo needs it") from None
    except git.GitCommandError as exc:
        err = " ".join(str(exc.stderr or exc).split())
        raise HwclassError(f"could not build the demo repository at {path}: {err}") from None
    except OSError as exc:
        raise HwclassError(f"could not build the demo repository at {path}: {exc.strerror or exc}") from None
    return _describe(h, shas, path)


def _describe(h: _History, shas: dict[int, str], path: str) -> DemoRepo:
    expected: list[dict] = []
    not_items: list[dict] = []
    commits = merges = 0
    for entry in h.log[1:]:                       # everything after the base commit
        sha = shas[entry["mark"]]
        if entry["merge"]:
            merges += 1
            not_items.append({"commit": sha, "subject": entry["subject"], "symbol": None, "reason": "merge"})
            continue
        commits += 1
        for it in entry.get("items", []):
            e = {k: v for k, v in it.items() if k != "drv"}
            drv = it.get("drv")
            if drv is not None:
                e["kconfig"] = drv.kconfig_path
                e["paths"] = [f"{drv.dir}/{s}" for s in drv.sources]
            e.setdefault("kconfig", None)
            e.setdefault("paths", [])
            e["symbols"] = [e["symbol"]] if e["symbol"] else []
            e["category"] = LWN_CATEGORY[e["kind"]]
            e["commit"] = sha
            e["subject"] = entry["subject"]
            expected.append(e)
        for n in entry.get("not_items", []):
            not_items.append({"commit": sha, "subject": entry["subject"], **n})
    order = ("type", "symbol", "symbols", "kind", "category", "hardware", "part", "commit", "subject",
             "kconfig", "paths")
    expected = [{k: e[k] for k in order} for e in expected]
    return DemoRepo(path=path, base=BASE_TAG, head=HEAD_TAG, range=f"{BASE_TAG}..{HEAD_TAG}",
                    expected=expected, not_items=not_items, commits=commits, merges=merges)

