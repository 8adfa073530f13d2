"""The built-in example repository (`hwclass demo`): its history and what it expects.

These tests check the repository and its `expected` / `not_items` lists against
git itself; the test that runs classify on the demo lives with the CLI tests.
"""

from __future__ import annotations

import re
import time

import git
import pytest
import yaml

from hwclass.check import load_expectations
from hwclass.demo import LWN_CATEGORY, DemoRepo, build_demo_repo
from hwclass.errors import HwclassError
from hwclass.kconfig import parse_kconfig
from hwclass.taxonomy import load_kinds, load_taxonomy


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> DemoRepo:
    return build_demo_repo(tmp_path_factory.mktemp("demo") / "linux")


@pytest.fixture(scope="module")
def repo(demo) -> git.Repo:
    return git.Repo(demo.path)


def show(repo: git.Repo, rev: str, path: str) -> str | None:
    try:
        return repo.git.show(f"{rev}:{path}")
    except git.GitCommandError:
        return None


def prompted(repo, rev, kconfig_path, symbol):
    text = show(repo, rev, kconfig_path)
    if text is None:
        return None
    sym = next((s for s in parse_kconfig(text, kconfig_path).symbols if s.name == symbol), None)
    return sym


# -- building ------------------------------------------------------------------

def test_builds_quickly_in_a_new_folder(tmp_path):
    start = time.monotonic()
    built = build_demo_repo(tmp_path / "a" / "linux")
    assert time.monotonic() - start < 5      # about 0.2 s on a laptop
    assert built.path == str(tmp_path / "a" / "linux")
    assert (tmp_path / "a" / "linux" / "drivers" / "iio" / "light" / "apds9960.c").is_file()


def test_same_commits_every_time(tmp_path):
    one = build_demo_repo(tmp_path / "one")
    two = build_demo_repo(tmp_path / "two")
    log = lambda r: git.Repo(r.path).git.log("--all", "--format=%H %T %P %an %ad %cd %s")
    assert log(one) == log(two)
    tags = lambda r: git.Repo(r.path).git.rev_parse("v4.3", "v4.4", "v4.3^{}", "v4.4^{}")
    assert tags(one) == tags(two)
    assert one.expected == two.expected and one.not_items == two.not_items


def test_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "linux").mkdir()
    (tmp_path / "linux" / "notes.txt").write_text("mine\n")
    with pytest.raises(HwclassError, match="not an empty folder"):
        build_demo_repo(tmp_path / "linux")
    assert (tmp_path / "linux" / "notes.txt").read_text() == "mine\n"
    (tmp_path / "file").write_text("x")
    with pytest.raises(HwclassError):
        build_demo_repo(tmp_path / "file")


def test_an_existing_empty_folder_is_fine(tmp_path):
    (tmp_path / "empty").mkdir()
    assert build_demo_repo(tmp_path / "empty").range == "v4.3..v4.4"


# -- the history ------------------------------------------------------------------

def test_tags_range_and_clean_checkout(demo, repo):
    assert (demo.base, demo.head, demo.range) == ("v4.3", "v4.4", "v4.3..v4.4")
    for tag in ("v4.3", "v4.4"):
        assert repo.git.cat_file("-t", tag) == "tag"                # annotated, as the kernel's are
    assert repo.head.commit.hexsha == repo.git.rev_parse("v4.4^{}")
    assert not repo.is_dirty(untracked_files=True)
    assert repo.git.branch("--format=%(refname:short)").split() == ["master"]
    assert "PATCHLEVEL = 4" in show(repo, "v4.4", "Makefile")
    assert "PATCHLEVEL = 3" in show(repo, "v4.3", "Makefile")


def test_commit_counts(demo, repo):
    no_merges = repo.git.rev_list("--no-merges", demo.range).split()
    merges = repo.git.rev_list("--merges", demo.range).split()
    assert len(no_merges) == demo.commits
    assert len(merges) == demo.merges == 1
    assert 35 <= demo.commits <= 50
    hardware_commits = {e["commit"] for e in demo.expected}
    assert len(hardware_commits) >= 25


def test_the_merge_brings_a_driver_from_its_branch(demo, repo):
    merge = repo.commit(repo.git.rev_list("--merges", demo.range).strip())
    assert len(merge.parents) == 2
    on_branch = repo.git.rev_list(f"{merge.parents[0].hexsha}..{merge.parents[1].hexsha}").split()
    assert len(on_branch) == 1
    item = next(e for e in demo.expected if e["commit"] == on_branch[0])
    assert item["symbol"] == "LIDAR_LITE_V2"
    assert {"commit": merge.hexsha, "subject": merge.summary, "symbol": None, "reason": "merge"} in demo.not_items
    # The merge is not on the first-parent line of the item it brings.
    first_parent = repo.git.rev_list("--first-parent", demo.range).split()
    assert merge.hexsha in first_parent and on_branch[0] not in first_parent


def test_kernel_shaped_tree(repo):
    files = set(repo.git.ls_files().split())
    for path in ("Kconfig", "drivers/Kconfig", "drivers/iio/light/Kconfig", "drivers/iio/light/Makefile",
                 "drivers/iio/accel/Kconfig", "drivers/iio/humidity/Kconfig", "drivers/iio/pressure/Kconfig",
                 "drivers/iio/potentiometer/Kconfig", "drivers/iio/chemical/Kconfig",
                 "drivers/input/touchscreen/Kconfig", "drivers/hid/Kconfig", "sound/soc/codecs/Kconfig",
                 "drivers/pinctrl/Kconfig", "drivers/gpu/drm/Kconfig", "drivers/net/ethernet/broadcom/Kconfig",
                 "drivers/net/phy/Kconfig", "drivers/net/can/Kconfig", "drivers/char/hw_random/Kconfig",
                 "drivers/rtc/Kconfig", "drivers/watchdog/Kconfig", "drivers/hwmon/Kconfig",
                 "drivers/usb/host/Kconfig", "drivers/misc/Kconfig", "drivers/mfd/Kconfig",
                 "arch/arm/mach-bcm/Kconfig", "arch/arm/boot/dts/Makefile", "include/linux/module.h",
                 "kernel/Makefile"):
        assert path in files, path
    # Every Kconfig file a Kconfig sources exists, so the tree hangs together.
    for path in (p for p in files if p.rsplit("/", 1)[-1] == "Kconfig"):
        for src in parse_kconfig(show(repo, "v4.4", path), path).sources:
            assert src in files, f"{path} sources missing {src}"
    # Every object and folder a Makefile names is there.
    for mk in (p for p in files if p.endswith("Makefile") and not p.startswith("arch/arm/boot/")):
        folder = mk.rsplit("/", 1)[0] + "/" if "/" in mk else ""
        text = show(repo, "v4.4", mk)
        for obj in re.findall(r"([A-Za-z0-9_./-]+)\.o\b", text):
            composite = re.search(rf"^{re.escape(obj)}-(?:objs|y)\b", text, re.M)
            assert composite or f"{folder}{obj}.c" in files, f"{mk}: {obj}.o has no source"
        for sub in re.findall(r"([A-Za-z0-9_-]+)/(?=\s|$)", text):
            assert any(p.startswith(f"{folder}{sub}/") for p in files), f"{mk}: no folder {sub}/"
    # New drivers come with an of_device_id (or other ID) table.
    assert "of_device_id apds9960_of_match[]" in show(repo, "v4.4", "drivers/iio/light/apds9960.c")


# -- what a correct classify reports ---------------------------------------------------

def test_every_expected_driver_is_a_new_prompted_symbol_with_new_sources(demo, repo):
    drivers = demo.expected_items(("driver",))
    assert len(drivers) >= 20
    for e in drivers:
        sym = prompted(repo, "v4.4", e["kconfig"], e["symbol"])
        assert sym is not None and sym.prompt, e["symbol"]
        assert sym.help.strip(), e["symbol"]
        assert prompted(repo, f"{e['commit']}^", e["kconfig"], e["symbol"]) is None, \
            f"{e['symbol']} existed before its commit"
        assert prompted(repo, e["commit"], e["kconfig"], e["symbol"]) is not None
        added = repo.git.diff_tree("--no-commit-id", "-r", "--diff-filter=A", "--name-only",
                                   e["commit"]).split()
        assert e["paths"] and set(e["paths"]) <= set(added), e["symbol"]
        # Some Makefile builds it: obj-$(CONFIG_SYM)
        makefiles = repo.git.grep("-l", f"CONFIG_{e['symbol']})", "v4.4", "--", "*Makefile").split()
        assert makefiles, e["symbol"]
        # The part a good name contains is in the prompt or help a namer reads.
        assert e["part"].lower() in (sym.prompt + " " + sym.help).lower(), e["symbol"]


def test_kinds_and_categories_match_the_shipped_taxonomy(demo):
    kinds = load_kinds()
    lwn = load_taxonomy("lwn")
    for e in demo.expected:
        assert e["kind"] in kinds, e["kind"]
        assert e["category"] == lwn.category_of(e["kind"]), e
    for kind, category in LWN_CATEGORY.items():
        assert lwn.category_of(kind) == category, kind
    categories = {e["category"] for e in demo.expected_items(("driver",))}
    assert len(categories) >= 8, categories


def test_one_commit_adds_two_drivers(demo):
    per_commit: dict[str, list[str]] = {}
    for e in demo.expected_items(("driver",)):
        per_commit.setdefault(e["commit"], []).append(e["symbol"])
    assert sorted(len(v) for v in per_commit.values())[-1] == 2
    assert ["HTU21", "MS5637"] in per_commit.values()


def test_a_soc_through_arch_and_a_board(demo, repo):
    soc = next(e for e in demo.expected if e["kind"] == "soc")
    assert soc["symbol"] == "ARCH_BCM_NSP" and soc["kconfig"].startswith("arch/arm/mach-")
    sym = prompted(repo, "v4.4", soc["kconfig"], "ARCH_BCM_NSP")
    assert "ARCH_BCM_IPROC" in sym.selects
    board = next(e for e in demo.expected if e["type"] == "board")
    assert board["paths"][0].endswith(".dts") and board["kind"] == "board"
    assert board not in demo.expected_items()            # only with --boards
    assert board in demo.expected_items(("driver", "device", "board"))
    dts = show(repo, board["commit"], board["paths"][0])
    assert f'model = "{board["hardware"]}"' in dts
    assert show(repo, f"{board['commit']}^", board["paths"][0]) is None


def test_a_new_device_in_an_existing_driver(demo, repo):
    dev = next(e for e in demo.expected if e["type"] == "device")
    source = dev["paths"][0]
    before, after = show(repo, f"{dev['commit']}^", source), show(repo, dev["commit"], source)
    assert before is not None                              # the driver was already there
    compat = f'"bosch,{dev["part"].lower()}"'
    assert compat not in before and compat in after
    assert prompted(repo, "v4.3", "drivers/iio/pressure/Kconfig", dev["symbol"]) is not None


def test_not_items_are_not_expected(demo, repo):
    expected_symbols = {s for e in demo.expected for s in e["symbols"]}
    expected_commits = {e["commit"] for e in demo.expected}
    reasons = set()
    for n in demo.not_items:
        assert re.fullmatch(r"[a-z]+", n["reason"]), n
        reasons.add(n["reason"])
        assert n["symbol"] not in expected_symbols, n
        assert repo.commit(n["commit"]).summary == n["subject"]
        if n["reason"] != "refactor":      # the refactor touches a driver that is not new
            assert n["commit"] not in expected_commits, n
    assert {"fix", "refactor", "renamed", "moved", "debug", "test", "hidden", "framework", "core",
            "help", "merge"} <= reasons


def test_not_items_look_like_what_they_claim(demo, repo):
    by_reason = {}
    for n in demo.not_items:
        by_reason.setdefault(n["reason"], []).append(n)
    # renamed: the old name is gone at v4.4, the new one has the old prompt.
    old = prompted(repo, "v4.3", "drivers/pinctrl/Kconfig", "PINCTRL_AT91")
    new = prompted(repo, "v4.4", "drivers/pinctrl/Kconfig", "PINCTRL_AT91_PIO3")
    assert prompted(repo, "v4.4", "drivers/pinctrl/Kconfig", "PINCTRL_AT91") is None
    assert old.prompt == new.prompt
    # moved: same symbol, other Kconfig, the source renamed with the same content.
    moved = by_reason["moved"][0]
    assert moved["symbol"] == "TI_DAC7512"
    assert prompted(repo, "v4.4", "drivers/misc/Kconfig", "TI_DAC7512") is None
    assert prompted(repo, "v4.4", "drivers/iio/dac/Kconfig", "TI_DAC7512") is not None
    assert repo.git.rev_parse("v4.3:drivers/misc/ti_dac7512.c") == repo.git.rev_parse(
        "v4.4:drivers/iio/dac/ti-dac7512.c")
    # hidden: no prompt; debug / test / framework: prompted, but not hardware.
    assert prompted(repo, "v4.4", "sound/soc/codecs/Kconfig", by_reason["hidden"][0]["symbol"]).prompt is None
    assert "debug" in prompted(repo, "v4.4", "drivers/net/ethernet/broadcom/Kconfig", "BCMGENET_DEBUG").prompt
    assert "KUnit" in prompted(repo, "v4.4", "drivers/rtc/Kconfig", "RTC_LIB_KUNIT_TEST").prompt
    assert "Framework" in prompted(repo, "v4.4", "drivers/fpga/Kconfig", "FPGA").prompt
    # core: outside the hardware trees.
    assert prompted(repo, "v4.4", "init/Kconfig", "MEMBARRIER").prompt
    # fixes, help edits: no Kconfig symbol added at all.
    for n in by_reason["fix"] + by_reason["help"]:
        diff = repo.git.show("--format=", n["commit"])
        assert not re.search(r"^\+\s*config\s", diff, re.M), n["subject"]


def test_expectations_are_a_valid_check_file(demo, tmp_path):
    path = tmp_path / "expect.yaml"
    path.write_text(yaml.safe_dump(demo.expectations(("driver", "device", "board")), sort_keys=False))
    loaded = load_expectations(path)
    assert len(loaded.expect) == len(demo.expected)
    assert {e.symbol for e in loaded.not_hardware} == {n["symbol"] for n in demo.not_items if n["symbol"]}
