"""Name a piece of hardware as a release-notes writer would.

    hardware_name("Support for Avago APDS9960 gesture/RGB/ALS/proximity sensor")
        -> 'Avago APDS9960 gesture/RGB/ALS/proximity sensor'
    hardware_name("Clock driver for MediaTek MT8192")      -> 'MediaTek MT8192 clock'
    hardware_name(None, "This driver supports the TI HDC100x humidity sensor.")
        -> 'TI HDC100x humidity sensor'
    hardware_name("", "", "iio: light: add driver for Liteon LTRF216A")  -> 'Liteon LTRF216A'
    plural("Avago APDS9960 proximity sensor")  -> 'Avago APDS9960 proximity sensors'
    join_items(["a", "b", "c"])                -> 'a, b, and c'

The name comes from the Kconfig prompt; without one, from the first sentence
of the help text; without that, from the commit subject (its ``subsys: sub:``
prefix and "add ... driver" words removed); at last the symbol itself.
Vendor and part stay as written.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

__all__ = ["hardware_name", "clean_prompt", "plural", "join_items", "with_kind_noun", "finish_names",
           "load_kind_nouns", "load_short_nouns", "with_vendor", "load_part_vendors", "with_company", "load_company_names"]

# -- cleaning ------------------------------------------------------------------

_TRADEMARKS = re.compile(r"\s*(?:\((?:R|TM|tm|r|C)\)|®|™)")
_TECH_INC = re.compile(r"^([A-Z][\w-]*) (?:Technolog(?:y|ies),? )?(?:Corporation|Corp\.?|Inc\.?|Co\., Ltd\.?|Ltd\.?)(?=\s)"
                       r"|^(Qualcomm) Technologies,? Inc\.?(?=\s)")
_NOTES = re.compile(r"\s*\((?:EXPERIMENTAL|experimental|DEPRECATED|deprecated|OBSOLETE|obsolete|"
                    r"NEW|new|module|MODULE|as a module|built-in|BROKEN|broken|DANGEROUS|"
                    r"read-only|READ-ONLY|recommended|RECOMMENDED)\)")
_LEADING = re.compile(
    r"^(?:(?:add(?:s|ed)?|enable[sd]?|include|build|provide|introduce|select|use|new|initial)\s+)?"
    r"(?:(?:basic|generic\s+driver\s+for|driver|drivers|support|module|code)\s+)?"
    r"(?:for|of)\s+(?:the\s+)?", re.I)
_LEADING_VERB = re.compile(r"^(?:add(?:s|ed)?|enable[sd]?|include|build|introduce|new|initial)\s+"
                           r"(?:(?:a|an|the)\s+)?", re.I)
_LEADING_SUPPORT = re.compile(r"^(?:[Ss]upport|[Dd]river)\s+(?=[A-Z0-9])")
#: "<noun> driver for <hardware>" becomes "<hardware> <noun>" for these nouns only.
_REORDER_NOUNS = {
    "clock", "clocks", "pinctrl", "pin control", "pin controller", "gpio", "led", "leds", "regulator",
    "watchdog", "phy", "reset", "touchscreen", "keyboard", "audio", "sound", "thermal", "rtc", "pwm",
    "dma", "iommu", "mailbox", "interconnect", "sensor", "camera", "display", "panel", "battery",
    "charger", "ethernet", "codec", "timer", "backlight", "power button", "buttons", "hwmon",
    "controller", "system controller",
}
_TRAILING = re.compile(
    r"(?:[\s,:;-]+(?:(?:device|hardware|platform|core|chip|bus|interface|controller|host|low[- ]level)\s+)?"
    r"(?:driver|drivers|support|module|code|glue|layer)(?:\s+support)?|\s+-)\s*$", re.I)
_TRAILING_KEEP_NOUN = re.compile(
    r"\s+(interface|controller|host|chip|device|hardware|bus)\s+(?:driver|drivers|support)\s*$", re.I)
_DRIVER_FOR = re.compile(
    r"^(?P<what>[A-Za-z][\w/&+.-]*(?:\s+[\w/&+.-]+){0,2}?)\s+(?:driver|drivers|support)\s+for\s+"
    r"(?:the\s+)?(?P<target>.+)$", re.I)
#: "<framework> support for <hardware>" names the hardware alone: the framework is the category's job.
_FRAMEWORK_WORDS = {
    "arm64 platform", "arm platform", "platform", "drm", "asoc", "sof", "alsa", "soc", "v4l2", "iio",
    "mfd", "hid", "drm panel", "pinctrl", "sound", "audio", "video", "cpufreq", "cpuidle", "edac",
    "remoteproc", "rpmsg", "pmdomain", "power domain", "interconnect", "thermal", "perf", "pmu",
}
#: "... codec support for I2C Bus": the bus it hangs off, said after the name.
_ON_BUS = re.compile(r"\s+(?:driver|support)\s+(?:for|on|over)\s+(?:the\s+)?(I2C|I3C|SPI|SoundWire|USB|PCI|SDIO)"
                     r"(?:\s+[Bb]us)?$")
#: The bus a driver variant sits on, said at the end of its name: "... (I2C)",
#: "... SPI interface", "... over SoundWire", "... PCI".
_BUSES = r"(?:I2C|I3C|SPI|SDW|SoundWire|USB|PCIe?|SDIO|UART|serial|MMIO|platform)"
_BUS_SUFFIX = re.compile(
    rf"(?:\s*\({_BUSES}(?:\s+(?:bus|interface|mode|version))?\)"
    rf"|\s+(?:(?:on|over|via|using|with)\s+(?:the\s+)?)?{_BUSES}(?:\s+(?:bus|interface|mode|version|connection))?)$",
    re.I)
_QUOTES = re.compile(r'\\"|"')
_SPACES = re.compile(r"\s+")


def without_bus(name: str) -> str:
    """A driver variant's name without the bus it sits on, for naming the
    variants of one chip together: "Kionix KX022A accelerometer SPI
    interface" -> "Kionix KX022A accelerometer"; the name itself when
    nothing else is left."""
    stripped = _BUS_SUFFIX.sub("", name).strip(" ,-")
    return stripped or name


#: The arrow coreboot puts before a board of a family in its menu ("->  Fizz").
_MENU_ARROW = re.compile(r"^\s*-+>\s*")


def _tidy(text: str) -> str:
    text = _MENU_ARROW.sub("", text or "")
    text = _QUOTES.sub('"', text)
    text = _TRADEMARKS.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return text.strip(" .,;:")


#: What a help text says an option supports: "... support for the Acme X1 light
#: sensor.", "This driver supports Acme X1 and X2 chips, which ...", "... driver
#: for the ...", "... interface to ..."; up to the end of the clause.
_SUPPORT_PHRASE = re.compile(
    r"(?:support(?:s)?\s+for|driver\s+for|supports|interface\s+(?:to|for))\s+(?:the\s+|an?\s+)?(.+?)"
    r"(?:\.\s|\.$|,|;|\(| which | that | connected | on | found | via | using |$)", re.I)
#: Phrases that speak to the reader or of the build, not of the hardware.
_NOT_HARDWARE_WORDS = re.compile(r"\b(?:say|module|will be called|if unsure|this option|kernel|you)\b", re.I)


def described_hardware(help_text: str) -> str:
    """The hardware a Kconfig help text says its option supports, in the help's
    own words ("Say Y here to get support for the Acme X1 light sensor." ->
    "Acme X1 light sensor"); "" when its first such phrase is not 2 to 12
    words or speaks of the build ("... as a module")."""
    m = _SUPPORT_PHRASE.search(" ".join(help_text.split()))
    if m is None:
        return ""
    phrase = m.group(1).strip()
    if not 2 <= len(phrase.split()) <= 12 or _NOT_HARDWARE_WORDS.search(phrase):
        return ""
    return phrase


def clean_prompt(prompt: str) -> str:
    """A Kconfig prompt without its driver/support wording, as a hardware name."""
    text = _tidy(prompt)
    if not text:
        return ""
    text = _TECH_INC.sub(lambda m: m.group(1) or m.group(2), text)
    text = _NOTES.sub("", text).strip()
    # "rt2800usb - Include support for rt35xx devices", "DEC - Tulip devices"
    if " - " in text:
        left, right = text.split(" - ", 1)
        if " " not in left and left == left.lower():
            text = right
        elif " " not in right and right.isupper() and len(right) <= 4:
            text = left        # "Acme AB12 codec - SDW": the bus it sits on
        elif re.match(r"(?:a|an|the)\s", right):
            text = left
        else:
            text = f"{left} {right}"
    for _ in range(3):
        before = text
        text = _LEADING.sub("", text, count=1) if _LEADING.match(text) else text
        text = _LEADING_VERB.sub("", text, count=1)
        text = _LEADING_SUPPORT.sub("", text, count=1)
        text = _ON_BUS.sub(r" (\1)", text)
        m = _DRIVER_FOR.match(text)
        if m and not re.search(r"\b(?:driver|support)\b", m.group("what"), re.I):
            what = m.group("what")
            # "Clock driver for MediaTek MT8192" -> "MediaTek MT8192 clock"
            if what.lower() in ("generic", "the", "a", "an") or what.lower() in _FRAMEWORK_WORDS:
                text = m.group("target")
            elif what.lower() in _REORDER_NOUNS or what.lower().split()[-1] in _REORDER_NOUNS:
                target = m.group("target")
                stem = what.lower().split()[-1].rstrip("s")
                if re.search(rf"\b{re.escape(stem)}", target, re.I):
                    text = target      # "Clock driver for Airoha EN7523 system clocks"
                else:
                    text = f"{target} {_lower_common(what)}"
        keep = _TRAILING_KEEP_NOUN.search(text)
        if keep:
            text = text[: keep.start()] + " " + keep.group(1)
        else:
            text = _TRAILING.sub("", text)
        text = _NOTES.sub("", text).strip(" .,;:-")
        if text == before:
            break
    return _lower_after_part(_SPACES.sub(" ", text).strip())


#: Title-case common nouns and adjectives LWN writes in lower case after the part number.
_COMMON_WORDS = set("""
    audio amplifier amplifiers speaker microwave downconverter upconverter filter clock jitter cleaner
    compliant keyboard mailbox accelerometer gyroscope magnetometer sensor sensors light ambient
    proximity pressure humidity temperature controller controllers converter codec panel display bridge
    regulator voltage battery charger fuel gauge monitor power fan camera touchscreen digital
    potentiometer band high low pass mono stereo class smart processor interface switch transceiver
    port module chip device adapter card engine accelerator generator timer watchdog counter encoder
    decoder axis inertial measurement unit reset serial parallel current buck boost step-down haptic
    vibrator button key keypad joystick mouse tablet pen connected home color colour gas particulate
    matter heart rate resolver synthesizer frequency thermal cooling expander multiplexer demultiplexer
    receiver transmitter tuner demodulator modulator capture video image front end backlight pulse width
    modulator channel dual quad single octal multi multi-channel wireless network gigabit touch global
    hardware spinlock gain system character carbon dioxide haptics supply supplies management
""".split())
_HAS_DIGIT = re.compile(r"\d")


def _lower_after_part(text: str) -> str:
    """'Analog Devices ADMV1014 Microwave Downconverter' -> '... ADMV1014 microwave downconverter'."""
    words = text.split(" ")
    seen_part = False
    for i, w in enumerate(words):
        if not seen_part:
            seen_part = bool(_HAS_DIGIT.search(w)) and (i > 0 or bool(re.search(r"[A-Za-z]", w)))
            continue
        if w[:1].isupper() and w[1:].islower() and w.lower() in _COMMON_WORDS:
            words[i] = w.lower()
        elif w == "CODEC":
            words[i] = "codec"
    return " ".join(words)


def _lower_common(words: str) -> str:
    """'Clock' -> 'clock', but 'LED' and 'SoC' stay."""
    out = []
    for w in words.split():
        out.append(w.lower() if w[:1].isupper() and w[1:].islower() else w)
    return " ".join(out)


_HELP_LEAD = re.compile(
    r"^(?:(?:say\s+(?:y|m|yes)\s+(?:here\s+)?(?:if\s+you\s+(?:want|have|need)\s+(?:to\s+(?:use|enable|build|support|have)\s+)?|"
    r"to\s+(?:enable|include|build|get|add)\s+)?)|"
    r"(?:this|the)\s+(?:is\s+(?:a|an|the)\s+)?(?:(?:kernel\s+)?(?:driver|module|option|code|patch)\s+)?"
    r"(?:(?:adds|provides|enables|implements|includes|supports|is\s+for|is)\s+)?|"
    r"(?:a|an)\s+|enable\s+|adds?\s+|provides?\s+|supports?\s+)", re.I)


def _from_help(help_text: str) -> str:
    text = _SPACES.sub(" ", help_text or "").strip()
    if not text:
        return ""
    m = re.match(r"(.+?[.!?])(?:\s|$)", text)
    sentence = (m.group(1) if m else text).rstrip(".!?")
    for _ in range(3):
        before = sentence
        sentence = _HELP_LEAD.sub("", sentence, count=1).strip()
        sentence = re.sub(r"^(?:(?:driver|drivers|support|a\s+driver)\s+)?(?:for|of)\s+", "", sentence, flags=re.I)
        sentence = re.sub(r"^(?:the|a|an)\s+", "", sentence, flags=re.I)
        if sentence == before:
            break
    # cut at "which", "that", "connected", ", " clauses
    sentence = re.split(r",|\s+(?:which|that|connected|found|used|present|attached|available|"
                        r"through|via|over|on\s+(?:the|some|many|various)\b|in\s+(?:the|some|many))\b",
                        sentence, maxsplit=1)[0]
    if len(sentence.split()) > 12:
        return ""
    if re.match(r"[a-z]+ing\b", sentence):   # "configuring of the TI CPSW port mode": an action, no name
        return ""
    return clean_prompt(sentence)


_SUBJECT_PREFIX = re.compile(r"^(?:[\w./,+*{}-]+(?:\s*\([^)]*\))?:\s*)+(?:\([^)]*\)\s*)?")
_SUBJECT_LEAD = re.compile(
    r"^(?:(?:add(?:ing|s)?|introduce|initial|new|support|implement|enable)\s+)+"
    r"(?:(?:a|an|the|initial|basic|new)\s+)*"
    r"(?:(?:driver|support|drivers)\s+)?(?:(?:for|of)\s+)?(?:(?:the|a|an)\s+)?", re.I)


def _from_subject(subject: str) -> str:
    text = _tidy(subject)
    text = _SUBJECT_PREFIX.sub("", text)
    text = _SUBJECT_LEAD.sub("", text)
    return clean_prompt(text)


#: "xHCI support for Marvell Armada 375/38x/37xx": a function named by one
#: acronym, then the hardware it serves.  Release notes name the hardware first.
_ACRONYM_FOR = re.compile(
    r"^(?P<what>[A-Za-z0-9]+(?:\s+(?:Interface|OF|glue))?)\s+(?:driver|drivers|support)\s+(?:for|on)\s+"
    r"(?:the\s+)?(?P<target>[A-Z0-9].*)$", re.I)
#: Acronyms of frameworks: "FB driver for the HX8357D LCD controller" names the controller alone.
_FRAMEWORK_ACRONYMS = {"fb", "drm", "asoc", "alsa", "v4l2", "hid", "mfd", "iio", "sof"}
_GENERIC_TAIL = re.compile(r"\s+(?:SoCs?|platforms?|boards?|devices|systems)$")


#: "<up to five words ending in a function noun> driver for <hardware>" (clean_prompt
#: reorders up to three words only, for what it trains on).
_LONG_DRIVER_FOR = re.compile(
    r"^(?P<what>\S+(?:\s+\S+){1,4}?)\s+(?:driver|support)\s+for\s+(?:the\s+)?(?P<target>[A-Z0-9]\S*(?:\s+\S+)*)$")
#: "support" or "driver" said before how the hardware is reached or a parenthesis.
_SUPPORT_BEFORE = re.compile(r"\s+(?:support|driver)(?=\s+(?:\(|via\s|using\s))", re.I)


def item_order(name: str) -> str:
    """The last tidying of a driver's name, for the report only:
    ``"Always-on pinctrl and GPIO driver for the StarFive JH7110 SoC"`` ->
    ``"StarFive JH7110 always-on pinctrl and GPIO"``;
    ``"Acme RAPL Support via TPMI Interface"`` -> ``"Acme RAPL via TPMI Interface"``."""
    name = _SUPPORT_BEFORE.sub("", name)
    m = _LONG_DRIVER_FOR.match(name)
    if m and m.group("what").split()[-1].lower() in _REORDER_NOUNS:
        target = _GENERIC_TAIL.sub("", m.group("target")) or m.group("target")
        words = m.group("what").split()
        words = [w.lower() if w[:1].isupper() and w[1:].islower() and (i == 0 or w.lower() in _COMMON_WORDS)
                 else w for i, w in enumerate(words)]   # "Synopsys" stays, "Controller" does not
        return f"{target} {' '.join(words)}"
    return name


def _is_acronym(word: str) -> bool:
    upper = sum(c.isupper() for c in word)
    return upper >= 2 and upper >= sum(c.islower() for c in word)


def hardware_first(name: str) -> str:
    """``"xHCI support for Marvell Armada 375"`` -> ``"Marvell Armada 375 xHCI"``;
    ``"UCSI Interface Driver for STM32G0"`` -> ``"STM32G0 UCSI interface"``;
    ``"SDHCI OF support for the Arasan SDHCI controllers"`` -> ``"Arasan SDHCI controllers"``.
    Names of any other shape come back as they are."""
    m = _ACRONYM_FOR.match(name)
    if not m or not m.group("target")[:1].isupper() and not m.group("target")[:1].isdigit():
        return name
    what, target = m.group("what"), m.group("target")
    head = what.split()[0]
    if not _is_acronym(head):
        return name
    if head.lower() in _FRAMEWORK_ACRONYMS or re.search(rf"(?<![A-Za-z0-9]){re.escape(head)}(?![A-Za-z0-9])",
                                                         target, re.I):
        return target
    short = _GENERIC_TAIL.sub("", target)
    return f"{short or target} {_lower_common(what)}"


#: "Soc Audio for awinic aw88261": the framework said first, then the hardware.
_AUDIO_FOR = re.compile(r"^(?:A?SoC\s+)?(?:Audio|Sound)\s+(?:support\s+|driver\s+)?for\s+(?:the\s+)?(?=\S+\s+\S)",
                        re.I)
_LOWER_PART = re.compile(r"^[a-z]{1,4}\d[a-z0-9]*$")


def part_case(name: str, symbol: str = "") -> str:
    """Part numbers as the Kconfig symbol spells them, and a lower-case vendor
    before one capitalised: ``"awinic aw88261"`` (``SND_SOC_AW88261``) ->
    ``"Awinic AW88261"``; ``"rt5514 in I2S mode"`` -> ``"RT5514 in I2S mode"``."""
    parts = set(symbol.upper().split("_")) if symbol else set()
    words = name.split(" ")
    changed = False
    for i, w in enumerate(words):
        if _LOWER_PART.match(w) and w.upper() in parts:
            words[i] = re.sub(r"X+$", lambda m: m.group(0).lower(), w.upper()) if w.endswith("xx") else w.upper()
            changed = True
            if i == 1 and words[0].isalpha() and words[0].islower():
                words[0] = words[0].capitalize()
    return " ".join(words) if changed else name


def report_name(prompt: str, symbol: str = "") -> str:
    """A prompt as a report names the hardware: :func:`clean_prompt` (what the
    text model trains on), then, for the report only, the framework said first
    goes ("Soc Audio for ..."), the hardware comes before its function
    (:func:`hardware_first`, :func:`item_order`) and part numbers are spelled
    as the symbol spells them (:func:`part_case`)."""
    name = _AUDIO_FOR.sub("", clean_prompt(prompt))
    return part_case(item_order(hardware_first(name)), symbol)


_ALNUM = re.compile(r"[A-Za-z0-9]")


def hardware_name(prompt: str | None, help: str = "", subject: str = "", symbol: str = "") -> str:
    """The hardware's name: the cleaned prompt, else help's first sentence, else the subject, else the symbol."""
    for name_from in (lambda: report_name(prompt or "", symbol), lambda: _from_help(help),
                      lambda: _from_subject(subject)):   # each only if those before name nothing
        candidate = name_from()
        if candidate and _ALNUM.search(candidate):
            return candidate
    return symbol or (prompt or "").strip() or subject.strip()


# -- the kind's noun ------------------------------------------------------------

#: The tables names take words from: kind_nouns, part_vendors, companies.
NAMING_TABLES_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "naming.yaml")
_PART_WORD = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[\w/.+-]+$")


#: Parts listed before the noun ("MP2971 and MP2973", "A, B, and C", "NCEPLIC100, and
#: T-Head C900": a vendor may come before the last part): the noun is plural.
_PART_LIST = re.compile(r"\d[\w.+/-]*,?\s+and\s+(?:[A-Za-z][\w-]*\s+){0,2}\S*\d")


def with_kind_noun(name: str, noun: str, short_nouns: dict[str, str] | None = None) -> str:
    """``"Epson RX8111"`` + ``"real-time clock"`` -> ``"Epson RX8111 real-time clock"``:
    a name that ends in its part number gets its kind's noun; a name that
    already says what the part is ("... PHY", "STM32 DMA3" for a DMA
    controller), or holds a parenthesis, comes back as it is.

    A name that ends in the noun's first word gets the rest, as LWN writes
    it ("Loongson LS1X GPIO" -> "... GPIO controller", "... PLL clock" ->
    "... PLL clock controller"); one that ends in a word ``short_nouns``
    gives for the noun says the noun instead ("Mobileye EyeQ5 pinctrl" ->
    "... pin controller")."""
    words = name.split()
    if not noun or len(words) < 2 or "(" in name:
        return name
    last = words[-1]
    many = _PART_LIST.search(name) is not None
    if short_nouns and short_nouns.get(last.lower()) == noun:
        head = words[:-1]
        if head and head[-1].lower() == noun.lower():   # "STM32 SoC Family" -> "STM32 SoC"
            head = head[:-1]
        return " ".join(head + [plural(noun) if many else noun])
    head, _, rest = noun.partition(" ")
    if rest and last.lower() == head.lower():
        return f"{name} {plural(rest) if many else rest}"
    if not _PART_WORD.match(last):
        return name
    low = name.lower()
    if any(w in low for w in re.findall(r"[a-z0-9-]{3,}", noun.lower())):
        return name
    # "MPS MP2971 and MP2973" are two parts: "... hardware monitors"
    return f"{name} {plural(noun) if many else noun}"


def _tables_path(path: str | os.PathLike | None) -> str:
    """The naming tables file to read: ``path``, or the shipped ``naming.yaml``."""
    return os.fspath(path) if path is not None else NAMING_TABLES_PATH


def load_kind_nouns(path: str | os.PathLike | None = None) -> dict[str, str]:
    """kind -> the noun :func:`with_kind_noun` adds (``kind_nouns`` of ``naming.yaml``)."""
    return dict(_load_kind_nouns(_tables_path(path)))


@lru_cache(maxsize=4)
def _naming_tables(path: str) -> dict[str, tuple[tuple[str, str, int | None], ...]]:
    """``naming.yaml``: {table: ((name, text, line), ...)}, or a FileFormatError
    naming the file and line."""
    from .yamlfile import YamlFile, line_of

    doc = YamlFile(path, "naming tables file")
    tables = {}
    if doc.root is not None:
        for key, node in doc.mapping(doc.root, "naming tables file"):
            if key not in _NAMING_TABLES:
                raise doc.fail_key(node, f"unknown key {key!r} (expected: {', '.join(_NAMING_TABLES)})")
            tables[key] = tuple((name, doc.string(value, f"{key}: entry {name!r}"), line_of(value))
                                for name, value in doc.mapping(node, key))
    return tables


_NAMING_TABLES = ("kind_nouns", "short_nouns", "part_vendors", "companies")


def _name_table(path: str, key: str) -> tuple[tuple[str, str, int | None], ...]:
    from .errors import FileFormatError

    tables = _naming_tables(path)
    if key not in tables:
        raise FileFormatError(path, f"missing '{key}:' mapping")
    return tables[key]


@lru_cache(maxsize=4)
def _load_kind_nouns(path: str) -> tuple[tuple[str, str], ...]:
    from .errors import FileFormatError
    from .taxonomy import load_kinds

    kinds = load_kinds()
    out = []
    for kind, noun, line in _name_table(path, "kind_nouns"):
        if kind not in kinds:
            raise FileFormatError(path, f"unknown kind {kind!r} (see kinds.yaml)", line)
        out.append((kind, noun))
    return tuple(out)


def load_short_nouns(path: str | os.PathLike | None = None) -> dict[str, str]:
    """A name's last word -> the kind noun it stands for (``short_nouns`` of ``naming.yaml``)."""
    return dict(_load_short_nouns(_tables_path(path)))


@lru_cache(maxsize=4)
def _load_short_nouns(path: str) -> tuple[tuple[str, str], ...]:
    return tuple((word.lower(), noun) for word, noun, _line in _name_table(path, "short_nouns"))


def load_company_names(path: str | os.PathLike | None = None) -> dict[str, str]:
    """A company as names say it -> as release notes write it (``companies`` of ``naming.yaml``)."""
    return dict(_load_company_names(_tables_path(path)))


@lru_cache(maxsize=4)
def _load_company_names(path: str) -> tuple[tuple[str, str], ...]:
    return tuple((prefix, name) for prefix, name, _line in _name_table(path, "companies"))


def with_company(name: str, companies: dict[str, str]) -> str:
    """``"Freescale i.MX93 LCD controller"`` -> ``"NXP i.MX93 LCD controller"``
    (wherever the name says it); the company said once: ``"NXP i.MX95 NXP Audio Transceiver"`` -> ``"NXP i.MX95 Audio Transceiver"``."""
    if companies:
        name = _companies_pattern(tuple(companies)).sub(lambda m: companies[m.group(0)], name)
    # said again after the last part number, the company is the noun's: "... i.MX95 NXP Audio ..."
    words = name.split(" ")
    parts = [i for i, w in enumerate(words) if _HAS_DIGIT.search(w)]
    first = words[0]
    if parts and first[:1].isupper() and first.isalpha() and len(first) > 1:
        tail = words[parts[-1] + 1:]
        if first in tail[:-1]:
            tail.remove(first)
            name = " ".join(words[:parts[-1] + 1] + tail)
    return name


@lru_cache(maxsize=8)
def _companies_pattern(names: tuple[str, ...]) -> "re.Pattern":
    """One pattern for every company name, as a whole word, the longest first
    ("..., Inc." before "..."): one pass over a name, not one per company."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?=\s)")


def with_vendor(name: str, vendors: list[tuple[str, "re.Pattern"]]) -> str:
    """``"SM8550 camera clock controller"`` -> ``"Qualcomm SM8550 camera clock
    controller"``: the vendor whose numbering the first word follows, when the
    name names no vendor yet."""
    words = name.split()
    if not words or not _HAS_DIGIT.search(words[0]):
        return name
    for vendor, pattern in vendors:
        if pattern.match(words[0]):
            return name if vendor.lower() in name.lower() else f"{vendor} {name}"
    return name


def load_part_vendors(path: str | os.PathLike | None = None) -> list[tuple[str, "re.Pattern"]]:
    """[(vendor, compiled pattern)] from ``part_vendors`` of ``naming.yaml``."""
    return list(_load_part_vendors(_tables_path(path)))


@lru_cache(maxsize=4)
def _load_part_vendors(path: str) -> tuple[tuple[str, "re.Pattern"], ...]:
    from .errors import FileFormatError

    out = []
    for vendor, text, line in _name_table(path, "part_vendors"):
        try:
            out.append((vendor, re.compile(text)))
        except re.error as exc:
            raise FileFormatError(path, f"pattern of vendor {vendor!r}: {exc}", line) from None
    return tuple(out)


def finish_names(items, nouns: dict[str, str] | None = None) -> None:
    """Give each categorised item whose name ends in its part number its kind's
    noun, and each whose name starts with one the vendor of that numbering
    (in place); items flagged for review keep their nouns, since their kind
    may be wrong."""
    if not items:
        return
    nouns = load_kind_nouns() if nouns is None else nouns
    vendors, companies, short = load_part_vendors(), load_company_names(), load_short_nouns()
    for it in items:
        it.hardware = with_company(with_vendor(it.hardware, vendors), companies)
        if it.kind in nouns and not it.review:
            it.hardware = with_kind_noun(it.hardware, nouns[it.kind], short)


# -- plurals -------------------------------------------------------------------

#: Heads left alone: uncountable, or not a noun a list can count.
_UNCOUNTABLE = {
    "support", "hardware", "firmware", "software", "audio", "sound", "video", "equipment", "data",
    "media", "series", "graphics", "electronics", "information", "management", "monitoring",
    "networking", "ethernet", "wi-fi", "wifi", "bluetooth", "i/o", "io", "sas", "sata", "circuitry",
    "logic", "storage", "memory", "power", "control", "compatible", "based", "family", "etc",
    "wireless", "infrastructure", "telemetry", "functionality", "debugging", "access", "multimedia",
    "feedback", "pinctrl", "pinmux", "pinconf", "ip", "io", "usb", "pci", "pcie",
}
#: A name's head noun comes before these ("interface via debugfs", "driver to output ...").
_PREPOSITION = re.compile(r"(?<=[a-z])\sto\s|\s(?:via|for|with|over|using|based\s+on|on|from|in|into|at|behind|"
                          r"connected\s+to|attached\s+to|found\s+(?:in|on))\s")
#: Acronyms that are countable nouns ("ADC" -> "ADCs").
_ACRONYMS = {
    "adc", "dac", "gpu", "cpu", "phy", "soc", "ic", "pmic", "uart", "usart", "led", "rtc", "fpga", "dsp",
    "npu", "vpu", "ipu", "iommu", "mcu", "eeprom", "gpio", "pwm", "mac", "nic", "hba", "tpm", "imu",
    "ec", "bmc", "pmu", "dma", "mmu", "smmu", "hub", "sbc", "som", "asic", "lcd", "oled", "amp", "pll",
    "dpll", "codec", "cpld", "mfd", "sdhci", "ufs", "nvme", "ssd", "hdd", "crc", "tcpc", "tcpm", "hcd",
    "udc", "otg", "sensor", "apu", "rng", "trng", "mux", "ldo", "ehci", "ohci", "xhci", "spmi", "ahci",
}
_IRREGULAR = {"chassis": "chassis", "axis": "axes", "matrix": "matrices", "index": "indices",
              "mouse": "mice", "child": "children", "analysis": "analyses", "bus": "buses",
              "status": "statuses", "radius": "radii", "apparatus": "apparatus", "hertz": "hertz"}
_WORD_END = re.compile(r"([A-Za-z](?:[A-Za-z0-9'-]*[A-Za-z0-9])?)(\W*)$")


def _plural_word(word: str) -> str:
    low = word.lower()
    if low in _IRREGULAR:
        out = _IRREGULAR[low]
        return word[0] + out[1:] if word[:1].isupper() else out
    if low in _UNCOUNTABLE:
        return word
    # an acronym or a part number ("APDS9960", "HDMI"): only known countable acronyms change
    if word.isupper() or any(c.isdigit() for c in word) or (sum(c.isupper() for c in word) > 1):
        return word + "s" if low in _ACRONYMS else word
    if low.endswith(("less", "ness", "ics", "ware")):
        return word
    if low.endswith("ing") and len(low) > 5:
        return word            # "debugging", "capping"
    if low.endswith("is"):
        return word[:-2] + "es"
    if low.endswith(("ss", "us", "sh", "ch", "x", "z")):
        return word + "es"
    if low.endswith("s"):
        return word            # already plural: "controllers", "chips"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    if low.endswith("fe"):
        return word[:-2] + "ves"
    if low in ("shelf", "half", "self", "leaf"):
        return word[:-1] + "ves"
    return word + "s"


def plural(name: str) -> str:
    """``name`` with its head noun (the last word before any parenthesis) made plural."""
    if not name:
        return name
    text = name.rstrip()
    paren = ""
    m = re.search(r"\s+\(", text)
    if m and m.start() > 0:
        text, paren = text[: m.start()], text[m.start():]
    m = _PREPOSITION.search(text)
    if m and m.start() > 0:
        text, paren = text[: m.start()], text[m.start():] + paren
    words = text.split()
    if len(words) >= 2 and words[-2].lower() in ("and", "or", "&", "and/or"):
        return name            # "keyboard and mouse": leave a pair alone
    if len(words) == 1 and words[0][:1].isupper():
        return name            # "Lunarlake" ("SOF support for Lunarlake"): a name, not a noun
    # the head is the last word, after any '/' or '-' joined prefix ("MAC-PHY", "DIR/DIT")
    m = _WORD_END.search(text)
    if not m:
        return name
    word = m.group(1)
    sep = max(word.rfind("/"), word.rfind("-"))
    head = word[sep + 1:] if sep >= 0 and sep < len(word) - 1 else word
    prefix_word = word[: len(word) - len(head)]
    new_head = _plural_word(head)
    if new_head == head:
        return name
    return text[: m.start(1)] + prefix_word + new_head + m.group(2) + paren


def join_items(names: list[str]) -> str:
    """``a``; ``a and b``; ``a, b, and c`` (LWN's serial comma)."""
    names = [n for n in names if n]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + f", and {names[-1]}"


def collapse_names(names: list[str]) -> str:
    """One name for several parts of one driver, as LWN writes them:
    ``["Analog Devices AD9643 ADC", "Analog Devices AD9649 ADC"]`` gives
    ``"Analog Devices AD9643 and AD9649 ADC"``; names with nothing in common
    are joined whole."""
    names = list(dict.fromkeys(n for n in names if n))
    if len(names) <= 1:
        return names[0] if names else ""
    words = [n.split() for n in names]
    head = 0
    while all(len(w) > head + 1 for w in words) and len({w[head] for w in words}) == 1:
        head += 1
    tail = 0
    while all(len(w) > head + tail + 1 for w in words) and len({w[-1 - tail] for w in words}) == 1:
        tail += 1
    if head == 0 and tail == 0:
        return join_items(names)
    middles = [" ".join(w[head:len(w) - tail]) for w in words]
    parts = words[0][:head] + [join_items(middles)] + (words[0][len(words[0]) - tail:] if tail else [])
    return " ".join(parts)
