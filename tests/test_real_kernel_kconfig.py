"""The Kconfig and Kbuild readers on every Kconfig, Makefile and Kbuild file of Linux 6.12.

Streams /usr/src/linux-source-6.12.tar.xz once for the module (about 20-40 s);
skipped when the tarball is not installed.
"""

from __future__ import annotations

import posixpath
import tarfile
import time
from pathlib import Path

import pytest

from hwclass.kbuild import parse_kbuild
from hwclass.kconfig import parse_kconfig

TARBALL = Path("/usr/src/linux-source-6.12.tar.xz")


@pytest.fixture(scope="module")
def tarball():
    """(Kconfig*/Makefile/Kbuild contents by path, every file path), in one pass over the tarball."""
    if not TARBALL.is_file():
        pytest.skip("linux-source-6.12 not installed: apt-get install linux-source-6.12")
    content: dict[str, bytes] = {}
    paths: set[str] = set()
    with tarfile.open(TARBALL, mode="r:xz") as tf:
        for member in tf:
            if not member.isfile():
                continue
            path = member.name.split("/", 1)[1] if "/" in member.name else member.name
            paths.add(path)
            base = posixpath.basename(path)
            if base.startswith("Kconfig") or base in ("Makefile", "Kbuild"):
                content[path] = tf.extractfile(member).read()
    return content, paths


@pytest.fixture(scope="module")
def tree(tarball):
    """{path inside the tree: bytes} for every Kconfig*, Makefile and Kbuild file."""
    return tarball[0]


@pytest.fixture(scope="module")
def all_paths(tarball):
    """Every file path of the tree."""
    return tarball[1]


@pytest.fixture(scope="module")
def kconfigs(tree):
    return {p: b for p, b in tree.items() if posixpath.basename(p).startswith("Kconfig")}


def test_every_kconfig_file_parses_quickly_and_cleanly(kconfigs):
    assert len(kconfigs) > 1500
    t0 = time.perf_counter()
    parsed = [parse_kconfig(data, path) for path, data in kconfigs.items()]
    elapsed = time.perf_counter() - t0
    symbols = [s for kf in parsed for s in kf.symbols]
    prompted = [s for s in symbols if s.prompt]
    warnings = [w for kf in parsed for w in kf.warnings]
    print(f"{len(kconfigs)} Kconfig files, {len(symbols)} symbols, {len(prompted)} prompted, "
          f"{len(warnings)} warnings, {elapsed:.2f} s")
    assert elapsed < 4.0           # about 0.4 s on the reference machine
    assert 15_000 < len(prompted) < 25_000
    assert 18_000 < len(symbols) < 30_000
    assert len(warnings) < 10      # the kernel's own Kconfig is well-formed
    assert sum(1 for s in prompted if s.help) > 10_000


def test_well_known_symbols_have_their_prompts_and_help(kconfigs):
    light = parse_kconfig(kconfigs["drivers/iio/light/Kconfig"], "drivers/iio/light/Kconfig")
    apds = next(s for s in light.symbols if s.name == "APDS9960")
    assert "APDS9960" in apds.prompt and apds.type == "tristate"
    assert "I2C" in apds.depends and "REGMAP_I2C" in apds.selects
    assert "apds9960" in apds.help and "\t" not in apds.help
    lines = kconfigs["drivers/iio/light/Kconfig"].decode().split("\n")
    assert lines[apds.line - 1].strip() == "config APDS9960"
    assert lines[apds.end_line - 1].strip() and not lines[apds.end_line].strip().startswith(("help", "depends"))

    iio = parse_kconfig(kconfigs["drivers/iio/Kconfig"], "drivers/iio/Kconfig")
    assert "drivers/iio/light/Kconfig" in iio.sources
    top = parse_kconfig(kconfigs["Kconfig"], "Kconfig")
    assert top.sources and top.symbols == []


def test_every_entry_of_a_file_parses_as_a_fragment(kconfigs):
    """Cut into single entries (as the scanner does), each gives the same symbol as the whole file."""
    path = "drivers/iio/light/Kconfig"
    whole = parse_kconfig(kconfigs[path], path)
    lines = kconfigs[path].decode().split("\n")
    for s in whole.symbols:
        block = "\n".join(lines[s.line - 1:s.end_line])
        part = parse_kconfig(block, path).symbols
        assert [(p.name, p.prompt, p.help, p.selects) for p in part] == [(s.name, s.prompt, s.help, s.selects)]


def test_every_makefile_reads_and_links_symbols_to_sources(tree):
    makefiles = {p: b for p, b in tree.items() if posixpath.basename(p) in ("Makefile", "Kbuild")}
    assert len(makefiles) > 2500
    t0 = time.perf_counter()
    parsed = {p: parse_kbuild(b, p) for p, b in makefiles.items()}
    elapsed = time.perf_counter() - t0
    linked = sum(len(kb.objects) for kb in parsed.values())
    print(f"{len(makefiles)} Makefile/Kbuild files, {linked} symbol links, {elapsed:.2f} s")
    assert elapsed < 4.0
    assert linked > 12_000

    light = parsed["drivers/iio/light/Makefile"]
    assert light.objects["APDS9960"] == ["apds9960.o"]
    assert light.sources_for("APDS9960") == ["apds9960"]
    drm = parsed["drivers/gpu/drm/Makefile"]
    assert drm.sources_for("DRM_VC4") == ["vc4/"]
    codecs = parsed["sound/soc/codecs/Makefile"]
    assert "da7219" in codecs.sources_for("SND_SOC_DA7219")    # through snd-soc-da7219-y


def test_kconfig_symbols_resolve_to_files_of_the_tree(tree, kconfigs, all_paths):
    """Most prompted symbols of drivers/iio build source files that exist in the tree."""
    sources: dict[str, list[str]] = {}
    for path, data in tree.items():
        if path.startswith("drivers/iio/") and posixpath.basename(path) == "Makefile":
            kb = parse_kbuild(data, path)
            for sym in kb.objects:
                sources.setdefault(sym, []).extend(
                    posixpath.join(posixpath.dirname(path), s) for s in kb.sources_for(sym))
    prompted = [s for p, b in kconfigs.items() if p.startswith("drivers/iio/")
                for s in parse_kconfig(b, p).symbols if s.prompt]
    assert len(prompted) > 400
    built = [s for s in prompted if sources.get(s.name)]
    assert len(built) > 0.85 * len(prompted)
    dirs = {posixpath.dirname(p) + "/" for p in all_paths}
    found = missing = 0
    for s in built:
        for src in sources[s.name]:
            if src in dirs or any(src + suffix in all_paths for suffix in (".c", ".S", ".rs")):
                found += 1
            else:
                missing += 1
    assert found > 400 and missing < 0.02 * found
