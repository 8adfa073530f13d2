"""Path rules: which kind a file's place in the tree means, and how rules rank."""

from __future__ import annotations

import subprocess
import textwrap
import time
from pathlib import Path

import pytest

from hwclass.errors import FileFormatError, HwclassError
from hwclass.rules import load_rules

KERNEL_TARBALL = Path("/usr/src/linux-source-6.12.tar.xz")


def write(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text).lstrip())
    return p


@pytest.fixture(scope="module")
def shipped():
    return load_rules()


# -- the shipped rules on real kernel paths ------------------------------------

@pytest.mark.parametrize("path, kind, decisive", [
    ("drivers/iio/light/apds9960.c", "iio", True),
    ("drivers/net/ethernet/intel/igb/igb_main.c", "ethernet", True),
    ("drivers/net/dsa/mt7530.c", "ethernet", True),
    ("drivers/net/phy/dp83td510.c", "phy-net", True),
    ("drivers/net/can/ctucanfd/ctucanfd_base.c", "can", True),
    ("drivers/net/wireless/mediatek/mt76/mt7921/pci.c", "wireless", True),
    ("drivers/net/wwan/t7xx/t7xx_pci.c", "network", True),
    ("drivers/bluetooth/btmtksdio.c", "bluetooth", True),
    ("drivers/gpu/drm/panel/panel-novatek-nt35950.c", "display-panel", True),
    ("drivers/gpu/drm/bridge/ite-it6505.c", "graphics", True),
    ("drivers/media/i2c/ov5693.c", "media", True),
    ("drivers/media/dvb-frontends/mxl692.c", "dvb", True),
    ("drivers/input/touchscreen/zinitix.c", "touchscreen", True),
    ("drivers/input/keyboard/pinephone-keyboard.c", "input", True),
    ("drivers/hid/hid-letsketch.c", "hid", True),
    ("drivers/usb/typec/anx7411.c", "typec", True),
    ("drivers/usb/gadget/udc/aspeed_udc.c", "usb-gadget", True),
    ("drivers/usb/dwc3/core.c", "usb", True),
    ("drivers/rtc/rtc-nct3018y.c", "rtc", True),
    ("drivers/clk/qcom/gcc-sm6375.c", "clock", True),
    ("drivers/pinctrl/qcom/pinctrl-sm6375.c", "pinctrl", True),
    ("drivers/gpio/gpio-en7523.c", "gpio", True),
    ("drivers/hwmon/emc2305.c", "hwmon", True),
    ("drivers/char/hw_random/cn10k-rng.c", "hwrng", True),
    ("drivers/char/tpm/tpm_tis_i2c.c", "crypto", True),
    ("drivers/power/supply/max77976_charger.c", "power-supply", True),
    ("drivers/video/backlight/mt6370-backlight.c", "leds", True),
    ("sound/soc/codecs/es8326.c", "audio", True),
    ("arch/arm64/boot/dts/qcom/sm8450-hdk.dts", "board", True),
    ("arch/arm/mach-sunplus/Kconfig", "soc", True),
    ("arch/arm64/Kconfig.platforms", "soc", True),
    ("drivers/phy/mediatek/phy-mtk-dp.c", "phy", False),
    ("drivers/mfd/mt6370.c", "mfd", False),
    ("drivers/misc/lan966x_pci.c", "misc", False),
    ("drivers/platform/x86/lenovo-wmi.c", "platform", False),
    ("drivers/staging/vme_user/vme.c", "staging", False),
    # other Kconfig trees
    ("board/rockchip/evb_rk3568/Kconfig", "board", True),          # U-Boot
    ("boards/nordic/nrf52840dk/Kconfig", "board", True),           # Zephyr
    ("drivers/sensor/bosch/bme280/bme280.c", "iio", True),         # Zephyr
    ("drivers/clock_control/clock_control_nrf.c", "clock", True),  # Zephyr
])
def test_shipped_rules_give_real_paths_their_kind(shipped, path, kind, decisive):
    m = shipped.match([path])
    assert m is not None, path
    assert (m.kind, m.decisive) == (kind, decisive), (path, m)


def test_paths_outside_every_rule_match_nothing(shipped):
    assert shipped.match(["Documentation/foo.rst"]) is None
    assert shipped.match([]) is None


def test_best_match_over_several_paths(shipped):
    # a driver's Kconfig in drivers/misc (not decisive) but its source in drivers/iio
    m = shipped.match(["drivers/misc/Kconfig", "drivers/iio/light/foo.c"])
    assert (m.kind, m.pattern, m.decisive) == ("iio", "drivers/iio/", True)
    assert m.label == "rule:drivers/iio/"


def test_symbol_rules_beat_path_rules(shipped):
    # a DVB card among the capture cards of drivers/media/pci is a DVB device
    m = shipped.match(["drivers/media/pci/acme/acme-dvb.c"], "DVB_ACME")
    assert (m.kind, m.pattern, m.label) == ("dvb", "DVB_*", "rule:DVB_*")
    assert shipped.match(["drivers/media/pci/acme/acme.c"], "VIDEO_ACME").kind == "media"


# -- ranking -------------------------------------------------------------------

def test_deeper_pattern_beats_shallower_whatever_the_order(tmp_path):
    for order in ("deep-first", "shallow-first"):
        rules = ["- {pattern: drivers/net/, kind: network}",
                 "- {pattern: drivers/net/ethernet/, kind: ethernet}"]
        if order == "deep-first":
            rules.reverse()
        r = load_rules(write(tmp_path, "rules:\n" + "\n".join("  " + x for x in rules) + "\n"))
        assert r.match(["drivers/net/ethernet/acme/a.c"]).kind == "ethernet", order
        assert r.match(["drivers/net/tun.c"]).kind == "network", order


def test_globs_rank_by_literal_components_then_literal_prefix(tmp_path):
    r = load_rules(write(tmp_path, """
        rules:
          - {pattern: arch/, kind: soc}
          - {pattern: "arch/*/boot/dts/", kind: board}
          - {pattern: "drivers/*/phy/", kind: phy}
          - {pattern: "drivers/net/*/", kind: network}
          - {pattern: "drivers/foo/*.c", kind: iio}
          - {pattern: "**/tests/", kind: misc}
    """))
    assert r.match(["arch/arm/boot/dts/a.dts"]).kind == "board"       # 3 literal parts beat 1
    assert r.match(["arch/arm/kernel/a.c"]).kind == "soc"
    assert r.match(["drivers/net/phy/a.c"]).kind == "network"         # same parts, longer literal prefix
    assert r.match(["drivers/usb/phy/a.c"]).kind == "phy"
    assert r.match(["drivers/foo/a.c"]).kind == "iio"
    assert r.match(["drivers/foo/a.h"]) is None                        # '*.c' is a file glob
    assert r.match(["drivers/foo/sub/a.c"]) is None                   # '*' stays in one component
    assert r.match(["drivers/x/y/tests/t.c"]).kind == "misc"          # '**' crosses components


def test_equal_specificity_earlier_rule_wins(tmp_path):
    r = load_rules(write(tmp_path, """
        rules:
          - {pattern: drivers/foo/, kind: hwmon}
          - {pattern: drivers/foo/, kind: iio}
    """))
    assert r.match(["drivers/foo/a.c"]).kind == "hwmon"


def test_pattern_without_slash_is_a_file_or_a_folder(tmp_path):
    r = load_rules(write(tmp_path, """
        rules:
          - {pattern: drivers/foo, kind: iio}
          - {pattern: "arch/*/mach-*", kind: soc}
    """))
    assert r.match(["drivers/foo"]).kind == "iio"
    assert r.match(["drivers/foo/a.c"]).kind == "iio"
    assert r.match(["drivers/foobar/a.c"]) is None
    assert r.match(["arch/arm/mach-acme/board.c"]).kind == "soc"


def test_non_decisive_rule_reports_its_kind_but_does_not_decide(tmp_path):
    r = load_rules(write(tmp_path, """
        rules:
          - {pattern: drivers/misc/, kind: misc, decisive: false}
          - {symbol: "ACME_*", kind: hwmon, decisive: false}
    """))
    m = r.match(["drivers/misc/a.c"])
    assert (m.kind, m.decisive) == ("misc", False)
    assert r.match([], "ACME_FAN").decisive is False


def test_user_file_extends_the_shipped_rules(tmp_path, shipped):
    r = load_rules(write(tmp_path, """
        extends: default
        hardware_trees: [vendor/]
        rules:
          - {pattern: vendor/sensors/, kind: iio}
          - {pattern: drivers/iio/, kind: hwmon}     # same pattern as a shipped rule: mine wins
          - {pattern: drivers/misc/acme/, kind: hwmon}
    """))
    assert r.match(["vendor/sensors/a.c"]).kind == "iio"
    assert r.match(["drivers/iio/adc/a.c"]).kind == "hwmon"
    assert r.match(["drivers/misc/acme/fan.c"]).kind == "hwmon"
    assert r.match(["drivers/net/can/a.c"]).kind == "can"            # shipped rules still apply
    assert r.in_hardware_tree("vendor/x/Kconfig") and r.in_hardware_tree("drivers/x/Kconfig")
    assert not shipped.in_hardware_tree("vendor/x/Kconfig")
    assert r.is_platform_symbol("ARCH_ACME")


# -- detector helpers ----------------------------------------------------------

def test_hardware_trees_and_added_trees(shipped):
    r = load_rules()
    assert r.in_hardware_tree("drivers/iio/Kconfig")
    assert r.in_hardware_tree("sound/soc/codecs/Kconfig")
    assert not r.in_hardware_tree("net/ipv4/Kconfig")
    assert not r.in_hardware_tree("fs/ext4/Kconfig")
    assert not r.in_hardware_tree("driversx/Kconfig")
    r.hardware_trees.append("vendor/")           # what .hwclass.yaml does
    assert r.in_hardware_tree("vendor/acme/Kconfig")


@pytest.mark.parametrize("name, platform", [
    ("ARCH_SUNPLUS", True), ("SOC_IMX9", True), ("MACH_STM32MP13", True), ("TARGET_EVB_RK3568", True),
    ("ARCH_HAS_DMA_PREP_COHERENT", False), ("ARCH_SUPPORTS_ACPI", False), ("ARCH_WANT_FRAME_POINTERS", False),
    ("SOC_BUS", False), ("ARCH_MULTI_V7", False), ("SND_SOC_ES8326", False),
])
def test_platform_symbols(shipped, name, platform):
    assert shipped.is_platform_symbol(name) is platform


@pytest.mark.parametrize("symbol, path, never", [
    ("IIO_KUNIT_TEST", "drivers/iio/Kconfig", True),
    ("DRM_PANEL_DEBUG", "drivers/gpu/drm/panel/Kconfig", True),
    ("SPL_SERIAL", "drivers/serial/Kconfig", True),
    ("IGB_HWMON", "drivers/net/ethernet/intel/Kconfig", True),
    ("SENSORS_ACME_HWMON", "drivers/hwmon/Kconfig", False),       # an exception: a hwmon driver
    ("DM_VERITY", "drivers/md/Kconfig", True),                    # a place with no hardware
    ("MTD_TESTS", "drivers/mtd/tests/Kconfig", True),
    ("APDS9960", "drivers/iio/light/Kconfig", False),
    ("NETKIT", "drivers/net/Kconfig", True),                      # a virtual network device
    ("THERMAL_CORE_TESTING", "drivers/thermal/Kconfig", True),
    ("PTP_1588_CLOCK_MOCK", "drivers/ptp/Kconfig", True),
    ("NVMEM_LAYOUT_U_BOOT_ENV", "drivers/nvmem/layouts/Kconfig", True),
    ("NVMEM_QORIQ_EFUSE", "drivers/nvmem/Kconfig", False),
])
def test_not_hardware(shipped, symbol, path, never):
    assert shipped.is_not_hardware(symbol, path) is never


def test_match_is_fast(shipped):
    paths = [f"drivers/{d}/vendor{i}/file{i}.c" for i in range(2000)
             for d in ("iio/light", "net/ethernet", "gpu/drm/panel", "misc", "zzz")]
    start = time.perf_counter()
    for p in paths:
        shipped.match([p, p.rsplit("/", 1)[0] + "/Kconfig"], "FOO_BAR")
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, f"{len(paths)} matches took {elapsed:.1f}s"


# -- malformed files -------------------------------------------------------------

@pytest.mark.parametrize("text, line, words", [
    ("rules:\n  - pattern: drivers/foo/\n    kind: [unclosed\n", 3, "invalid YAML"),
    ("rules:\n  - {pattern: drivers/foo/, kind: iio}\nrulez: []\n", 3, "unknown key 'rulez'"),
    ("rules:\n  - {pattern: drivers/foo/, kind: iio}\n  - {pattern: drivers/bar/, kind: gizmo}\n", 3,
     "unknown kind 'gizmo'"),
    ("rules:\n  - {pattern: drivers/foo/, kind: iio}\n  - {kind: iio}\n", 3, "missing 'pattern'"),
    ("rules:\n  - {pattern: drivers/foo/}\n", 2, "missing 'kind'"),
    ("rules:\n  - {pattern: drivers/foo/, kind: iio, decisive: maybe}\n", 2, "true or false"),
    ("rules:\n  - {pattern: drivers/foo/, kind: iio, weight: 3}\n", 2, "unknown key 'weight'"),
    ("rules:\n  - {pattern: drivers/foo/, symbol: FOO, kind: iio}\n", 2, "not both"),
    ("rules:\n  - drivers/foo/\n", 2, "must be a mapping"),
    ("rules: drivers/foo/\n", 1, "must be a list"),
    ("hardware_trees: [drivers/, 3]\nrules: []\n", 1, "must be text"),
    ("extends: nosuch.yaml\nrules: []\n", 1, "no such rules file"),
    ("- just\n- a list\n", 1, "must be a mapping"),
])
def test_malformed_rules_name_file_and_line(tmp_path, text, line, words):
    p = tmp_path / "bad-rules.yaml"
    p.write_text(text)
    with pytest.raises(FileFormatError) as exc:
        load_rules(p)
    assert exc.value.path == str(p.resolve()) or exc.value.path == str(p)
    assert exc.value.line == line, str(exc.value)
    assert words in str(exc.value)
    assert str(p.name) in str(exc.value) and "\n" not in str(exc.value)


def test_empty_and_missing_rules_files(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    with pytest.raises(FileFormatError, match="empty rules file"):
        load_rules(empty)
    with pytest.raises(HwclassError, match="no such rules file"):
        load_rules(tmp_path / "absent.yaml")


def test_cycle_in_extends_is_refused(tmp_path):
    write(tmp_path, "extends: b.yaml\nrules: []\n", "a.yaml")
    write(tmp_path, "extends: a.yaml\nrules: []\n", "b.yaml")
    with pytest.raises(FileFormatError, match="cycle in 'extends'"):
        load_rules(tmp_path / "a.yaml")


# -- the shipped rules cover the real tree ----------------------------------------

def test_every_kconfig_folder_of_linux_6_12_has_a_specific_rule(shipped):
    """No Kconfig under drivers/ or sound/ falls to the catch-all 'drivers/' rule,
    unless it is a place the rules call 'not hardware'."""
    if not KERNEL_TARBALL.exists():
        pytest.skip(f"{KERNEL_TARBALL} is absent")
    names = subprocess.run(["tar", "-tJf", str(KERNEL_TARBALL)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    root = names[0].split("/", 1)[0] + "/"
    kconfigs = [n[len(root):] for n in names
                if n.startswith(root) and n.rsplit("/", 1)[-1].startswith("Kconfig")]
    kconfigs = [k for k in kconfigs if k.startswith(("drivers/", "sound/")) and k != "drivers/Kconfig"]
    assert len(kconfigs) > 1000
    generic = [k for k in kconfigs
               if shipped.match([k]).pattern == "drivers/" and not shipped.is_not_hardware("", k)]
    assert generic == []
