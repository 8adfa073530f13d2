"""Hardware names as a release-notes writer would write them."""

from __future__ import annotations

import pytest

from hwclass.naming import (described_hardware, hardware_name, join_items, load_kind_nouns, load_short_nouns, plural,
                            with_kind_noun)


@pytest.mark.parametrize("prompt, name", [
    ("Avago APDS9960 gesture/RGB/ALS/proximity sensor", "Avago APDS9960 gesture/RGB/ALS/proximity sensor"),
    ("Support for Acme AB1234 light sensor", "Acme AB1234 light sensor"),
    ("Driver for the Acme AB1234 fan controller", "Acme AB1234 fan controller"),
    ("Add support for Acme AB1234 codec", "Acme AB1234 codec"),
    ("Enable Acme XY-7 watchdog", "Acme XY-7 watchdog"),
    ("Acme AB1234 regulator driver", "Acme AB1234 regulator"),
    ("Acme AB1234 PHY Driver", "Acme AB1234 PHY"),
    ("Acme AB1234 touchscreen support", "Acme AB1234 touchscreen"),
    ("Acme AB1234 SPI controller (EXPERIMENTAL)", "Acme AB1234 SPI controller"),
    ("Acme AB1234 keypad driver support", "Acme AB1234 keypad"),
    ("Acme AB1234 battery charger driver (module)", "Acme AB1234 battery charger"),
    ("Acme(R) Wonder NIC support", "Acme Wonder NIC"),
    ("Clock driver for Acme AB1234", "Acme AB1234 clock"),
    ("Clock driver for Acme AB1234 system clocks", "Acme AB1234 system clocks"),
    ("acmeusb - Include support for ab12xx devices", "ab12xx devices"),
    ("Acme Technologies Inc AB1234 pin controller driver", "Acme AB1234 pin controller"),
    ("Acme Technology Corporation AB1234 CODEC", "Acme AB1234 codec"),
    ("Acme AB1234 codec - SDW", "Acme AB1234 codec"),
    ("Qualcomm Technologies Inc XY123 pin controller driver", "Qualcomm XY123 pin controller"),
    ("Acme AB1234 Microwave Downconverter", "Acme AB1234 microwave downconverter"),
    ("Acme AB1234 Ethernet switch support", "Acme AB1234 Ethernet switch"),
    ("Acme AB1234 (PCIe) support", "Acme AB1234 (PCIe)"),
    # a framework word gives way to the hardware; the bus goes after the name
    ("ARM64 Platform support for R-Car V4M", "R-Car V4M"),
    ("ASoC support for MediaTek MT8188 chip", "MediaTek MT8188 chip"),
    ("DRM Support for RZ/G2L display unit", "RZ/G2L display unit"),
    ("CS35L56 HD-audio side codec support for I2C Bus", "CS35L56 HD-audio side codec (I2C)"),
    ("System Controller support for R-Car V4M", "R-Car V4M system controller"),
    # a function named by an acronym follows the hardware it serves
    ("xHCI support for Acme AB12xx", "Acme AB12xx xHCI"),
    ("UCSI Interface Driver for Acme Book 7", "Acme Book 7 UCSI interface"),
    ("SDHCI OF support for the AB1234 SDHCI controller", "AB1234 SDHCI controller"),
    ("FB driver for the AB1234 LCD Controller", "AB1234 LCD controller"),
    ("XYZ driver on Acme SoC", "Acme XYZ"),
    ("Acme RV support for AB1234", "Acme RV support for AB1234"),    # two words: who knows which is which
    # longer functions before the hardware, and "support" before a parenthesis or a "via"
    ("Always-on pinctrl and GPIO driver for the Acme AB12 SoC", "Acme AB12 always-on pinctrl and GPIO"),
    ("MIPI DSI Synopsys Controller support for Acme Display", "Acme Display MIPI DSI Synopsys controller"),
    ("Qualcomm Technologies Wi-Fi 7 support (ath99k)", "Qualcomm Technologies Wi-Fi 7 (ath99k)"),  # the company: with_company
    ("Acme RAPL Support via TPMI Interface", "Acme RAPL via TPMI Interface"),
])
def test_prompts_lose_driver_and_support_words_but_keep_vendor_and_part(prompt, name):
    assert hardware_name(prompt) == name


@pytest.mark.parametrize("help_text, name", [
    ("This driver supports the Acme AB1234 humidity sensor. To compile it as a module, choose M.",
     "Acme AB1234 humidity sensor"),
    ("Say Y here if you want to enable support for the Acme AB1234 light sensor connected via I2C.",
     "Acme AB1234 light sensor"),
    ("Driver for the Acme AB1234 audio amplifier.\n\nIf unsure, say N.", "Acme AB1234 audio amplifier"),
])
def test_without_a_prompt_the_first_sentence_of_help_names_it(help_text, name):
    assert hardware_name(None, help_text) == name
    assert hardware_name("", help_text, "subsys: add something else") == name


@pytest.mark.parametrize("subject, name", [
    ("iio: light: add driver for Acme AB1234", "Acme AB1234"),
    ("drm/panel: Add support for the Acme AB1234 panel", "Acme AB1234 panel"),
    ("ASoC: codecs: Add Acme AB1234 codec driver", "Acme AB1234 codec"),
    ("hwmon: (ab1234) Add Acme AB1234 fan controller", "Acme AB1234 fan controller"),
])
def test_then_the_subject_without_its_prefix_and_add_words(subject, name):
    assert hardware_name(None, "", subject) == name


def test_a_help_text_that_describes_an_action_names_nothing():
    # PHY_TI_GMII_SEL, Linux 6.12: a hidden symbol whose help says what it does
    help_text = ("This driver supports configuring of the TI CPSW Port mode depending on\n"
                 "the Ethernet PHY connected to the CPSW Port.")
    assert hardware_name(None, help_text, "phy: ti: gmii-sel: add Acme AB12 support") == "Acme AB12"
    assert hardware_name(None, help_text, "", "PHY_TI_GMII_SEL") == "PHY_TI_GMII_SEL"


def test_at_last_the_symbol():
    assert hardware_name(None, "", "", "ACME_AB1234") == "ACME_AB1234"
    assert hardware_name("  ", "", "", "ACME_AB1234") == "ACME_AB1234"


@pytest.mark.parametrize("name, expect", [
    ("Avago APDS9960 proximity sensor", "Avago APDS9960 proximity sensors"),
    ("Acme AB1234 Ethernet switch", "Acme AB1234 Ethernet switches"),
    ("Acme AB1234 12-bit ADC", "Acme AB1234 12-bit ADCs"),
    ("Acme AB1234 battery", "Acme AB1234 batteries"),
    ("Acme AB1234 bus", "Acme AB1234 buses"),
    ("Acme AB1234 MAC-PHY", "Acme AB1234 MAC-PHYs"),
    ("Acme AB1234 GPU (as seen on the Acme board)", "Acme AB1234 GPUs (as seen on the Acme board)"),
    ("Acme AB1234 interface via SPI", "Acme AB1234 interfaces via SPI"),
    ("Acme AB1234 DSI to eDP converter", "Acme AB1234 DSI to eDP converters"),
    ("Acme driver to output messages", "Acme drivers to output messages"),
    ("Acme AB1234 pin controllers", "Acme AB1234 pin controllers"),          # already plural
    ("Acme AB1234 audio", "Acme AB1234 audio"),                              # uncountable
    ("Acme AB1234 support", "Acme AB1234 support"),
    ("Acme AB1234", "Acme AB1234"),                                          # a bare part number
    ("Acme keyboard and mouse", "Acme keyboard and mouse"),                  # a pair stays
    ("Acme AB1234 mouse", "Acme AB1234 mice"),
    ("Acme AB1234 DIR/DIT", "Acme AB1234 DIR/DIT"),
    ("Acme AB1234 key", "Acme AB1234 keys"),
    ("Lunarlake", "Lunarlake"),
    ("Acme VBUS sensing 'transceiver'", "Acme VBUS sensing 'transceivers'"),   # the quote stays outside                                              # a name alone: a codename, no noun
    ("", ""),
])
def test_plural_changes_only_the_head_noun(name, expect):
    assert plural(name) == expect


def test_join_items_with_lwn_serial_comma():
    assert join_items([]) == ""
    assert join_items(["Acme sensors"]) == "Acme sensors"
    assert join_items(["Acme sensors", "Foo codecs"]) == "Acme sensors and Foo codecs"
    assert join_items(["a", "b", "c"]) == "a, b, and c"


def test_parts_of_one_driver_are_named_together_as_lwn_writes_them():
    from hwclass.naming import collapse_names
    assert collapse_names(["Analog Devices AD9643 ADC", "Analog Devices AD9649 ADC",
                           "Analog Devices AD9652 ADC"]) == "Analog Devices AD9643, AD9649, and AD9652 ADC"
    assert collapse_names(["Bosch BMP580 pressure sensor", "Bosch BMP581 pressure sensor"]) == \
        "Bosch BMP580 and BMP581 pressure sensor"
    assert collapse_names(["Foo X1", "Bar Y2"]) == "Foo X1 and Bar Y2"
    assert collapse_names(["Same name", "Same name"]) == "Same name"


def test_power_management_after_a_part_number_is_lower_case_as_lwn_writes_it():
    assert hardware_name("TI TPS6594 Power Management chip", "", "", "") == "TI TPS6594 power management chip"


@pytest.mark.parametrize("name, noun, expect", [
    ("Epson RX8111", "real-time clock", "Epson RX8111 real-time clock"),
    ("MPS MP2971 and MP2973", "hardware monitor", "MPS MP2971 and MP2973 hardware monitors"),
    # a vendor before the last part still makes a list; "and" between other words does not
    ("Samsung EXYNOSAUTOV920 and Google GS101", "pin controller",
     "Samsung EXYNOSAUTOV920 and Google GS101 pin controllers"),
    ("Andes NCEPLIC100, and T-Head C900", "interrupt controller",
     "Andes NCEPLIC100, and T-Head C900 interrupt controllers"),
    ("Hardkernel Odroid and Go AB1234", "power supply", "Hardkernel Odroid and Go AB1234 power supply"),
    # a platform's prompt names it as an architecture, a platform or a family: a SoC
    ("Nuvoton MA35 Architecture", "SoC", "Nuvoton MA35 SoC"),
    ("STMicroelectronics STM32 SoC Family", "SoC", "STMicroelectronics STM32 SoC"),
    ("Acme AB12 platform", "pin controller", "Acme AB12 platform"),   # only for a SoC
    ("Acme AB1234 pin controller", "pin controller", "Acme AB1234 pin controller"),   # says it already
    ("Acme STM32 DMA3", "DMA controller", "Acme STM32 DMA3"),                          # "DMA" says it
    ("Acme AB1234 (PCIe)", "wireless adapter", "Acme AB1234 (PCIe)"),
    ("Acme Wonder", "SoC", "Acme Wonder"),                                             # no part number at the end
    # the noun's first word ends the name: the rest follows, as LWN writes "GPIO controllers"
    ("Loongson LS1X GPIO", "GPIO controller", "Loongson LS1X GPIO controller"),
    ("MediaTek MT7981, MT7986, and MT7988 PWM", "PWM controller", "MediaTek MT7981, MT7986, and MT7988 PWM controllers"),
    ("Acme AB1234 GPIO expander", "GPIO controller", "Acme AB1234 GPIO expander"),
    ("GPIO", "GPIO controller", "GPIO"),
    # a short word for the noun (naming.yaml short_nouns)
    ("Mobileye EyeQ5 pinctrl", "pin controller", "Mobileye EyeQ5 pin controller"),
    ("Sophgo CV1800B SoC Pinctrl", "pin controller", "Sophgo CV1800B SoC pin controller"),
    ("Acme AB12 pinctrl", "clock controller", "Acme AB12 pinctrl"),                    # not this kind's noun
])
def test_a_name_that_ends_in_its_part_number_gets_its_kinds_noun(name, noun, expect):
    assert with_kind_noun(name, noun, load_short_nouns()) == expect


def test_every_kind_noun_belongs_to_a_documented_kind():
    from hwclass.taxonomy import load_kinds
    nouns = load_kind_nouns()
    assert nouns["rtc"] == "real-time clock"
    assert set(nouns) <= set(load_kinds())
    assert "iio" not in nouns     # one kind, many nouns: no noun is added


@pytest.mark.parametrize("loader, text, word", [
    ("load_kind_nouns", "kind_nouns:\n  rtc: real-time clock\n  flux-capacitor: capacitor\n", "flux-capacitor"),
    ("load_part_vendors", "part_vendors:\n  Acme: 'AB\\\\d{4}'\n  Broken: '(unclosed'\n", "Broken"),
    ("load_company_names", "companies:\n  Acme: ACME\n  Widgets: [1, 2]\n", "Widgets"),
])
def test_a_naming_table_with_a_bad_entry_is_refused_with_its_line(tmp_path, loader, text, word):
    # an unknown kind, a broken pattern, a list where a name belongs (naming.yaml)
    import hwclass.naming
    from hwclass.errors import FileFormatError
    bad = tmp_path / "table.yaml"
    bad.write_text(text)
    with pytest.raises(FileFormatError) as err:
        getattr(hwclass.naming, loader)(bad)
    assert err.value.line == 3 and word in str(err.value)


@pytest.mark.parametrize("prompt, symbol, name", [
    ("Soc Audio for acme ab8826", "SND_SOC_AB8826", "Acme AB8826"),
    ("Acme ab1234x touchscreen", "TOUCHSCREEN_ACME_AB1234X", "Acme AB1234X touchscreen"),
    ("Acme ab12xx timer", "ACME_AB12XX_TIMER", "Acme AB12xx timer"),
    ("Acme audio26m clock", "ACME_AUDIO26M", "Acme audio26m clock"),     # a word, not a part
    ("Acme ab1234 codec", "SND_SOC_ACME", "Acme ab1234 codec"),          # the symbol does not say how
])
def test_part_numbers_are_spelled_as_the_symbol_spells_them(prompt, symbol, name):
    assert hardware_name(prompt, symbol=symbol) == name


@pytest.mark.parametrize("name, expect", [
    ("SM8550 camera clock controller", "Qualcomm SM8550 camera clock controller"),
    ("RZ/G3S SoC", "Renesas RZ/G3S SoC"),
    ("Qualcomm SM8550 camera clock controller", "Qualcomm SM8550 camera clock controller"),  # says it already
    ("RT5033 battery charger", "RT5033 battery charger"),      # Richtek and Realtek both write RT9999
    ("Acme AB1234 sensor", "Acme AB1234 sensor"),
])
def test_a_name_that_starts_with_a_part_number_gets_the_vendor_of_that_numbering(name, expect):
    from hwclass.naming import load_part_vendors, with_vendor
    assert with_vendor(name, load_part_vendors()) == expect


@pytest.mark.parametrize("name, expect", [
    ("Freescale i.MX93 LCD controller", "NXP i.MX93 LCD controller"),
    ("NXP i.MX95 NXP Audio Transceiver (XCVR)", "NXP i.MX95 Audio Transceiver (XCVR)"),
    ("Acme AB12, Acme AB13, and Acme AB14 sensors", "Acme AB12, Acme AB13, and Acme AB14 sensors"),  # a list
    ("CXL DAX: direct access to CXL RAM regions", "CXL DAX: direct access to CXL RAM regions"),    # no part
    ("Qualcomm Technologies Wi-Fi 7 (ath99k)", "Qualcomm Wi-Fi 7 (ath99k)"),
    ("Qualcomm Technologies, Inc. AB12 PMIC", "Qualcomm AB12 PMIC"),
    # a company shouted, or given by its kernel abbreviation (Linux 6.12 prompts)
    ("QCOM SC8280XP and SM8550 Interconnect Bandwidth Monitor",
     "Qualcomm SC8280XP and SM8550 Interconnect Bandwidth Monitor"),
    ("HIMAX HX8394 MIPI-DSI LCD panels", "Himax HX8394 MIPI-DSI LCD panels"),
    # anywhere in the name, and then said once
    ("NXP AB12 and Freescale AB13 FLEXCAN", "NXP AB12 and NXP AB13 FLEXCAN"),
    ("NXP LS1043A SDHCI support for the Freescale eSDHC controller", "NXP LS1043A SDHCI support for the eSDHC controller"),
])
def test_a_name_says_the_company_as_release_notes_write_it_and_says_it_once(name, expect):
    from hwclass.naming import load_company_names, with_company
    assert with_company(name, load_company_names()) == expect


def test_the_hardware_a_help_text_says_it_supports():
    assert described_hardware("Say Y here to get support for the Zeta QQ7 light\n  sensor.\n\n"
                              "  To compile this driver as a module, choose M here.") == "Zeta QQ7 light sensor"
    assert described_hardware("This driver supports Zeta QQ8 and QQ9 touch controllers, which sit "
                              "on I2C.") == "Zeta QQ8 and QQ9 touch controllers"
    assert described_hardware("A driver for an Acme 4-channel PWM controller (found on boards).") == \
        "Acme 4-channel PWM controller"
    # nothing said, one word, or words about the build rather than the hardware
    assert described_hardware("Enable this to debug the controller.") == ""
    assert described_hardware("Adds support for widgets.") == ""
    assert described_hardware("Support for this as a module is fine") == ""
