"""Shared fixtures: real git repositories built in temporary folders, and the CLI runner."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import git
import pytest
from click.testing import CliRunner

from hwclass.cli import cli

SHARED = Path(__file__).resolve().parents[2] / "shared"
LWN_DATA = SHARED / "data" / "lwn"
KERNEL_612 = Path("/usr/src/linux-source-6.12.tar.xz")


class KernelRepo:
    """A small kernel-shaped repository a test writes and commits to, as a developer would."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.repo = git.Repo.init(self.path)
        with self.repo.config_writer() as cw:
            cw.set_value("user", "name", "Test Developer")
            cw.set_value("user", "email", "dev@example.invalid")
            cw.set_value("commit", "gpgsign", "false")
        self._tick = 0

    def write(self, rel: str, text: str | bytes, dedent: bool = True) -> None:
        p = self.path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(textwrap.dedent(text) if dedent else text)

    def append(self, rel: str, text: str) -> None:
        p = self.path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        with open(p, "a") as fh:
            fh.write(textwrap.dedent(text))

    def remove(self, rel: str) -> None:
        self.repo.git.rm("-q", "-r", "--", rel)

    def move(self, src: str, dst: str) -> None:
        (self.path / dst).parent.mkdir(parents=True, exist_ok=True)
        self.repo.git.mv(src, dst)

    def commit(self, subject: str, body: str = "") -> str:
        self._tick += 1
        date = f"2024-01-01T00:{self._tick // 60:02d}:{self._tick % 60:02d}+0000"
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        self.repo.git.add("-A")
        msg = subject + ("\n\n" + body if body else "")
        with self.repo.git.custom_environment(**env):
            self.repo.git.commit("-q", "--allow-empty", "-m", msg)
        return self.repo.head.commit.hexsha

    def tag(self, name: str) -> None:
        self.repo.git.tag(name)

    def add_driver(self, subsys_dir: str, symbol: str, prompt: str, source: str,
                   help_text: str = "Say Y here to build support for this device.",
                   kind: str = "tristate", extra: str = "") -> None:
        """Add a Kconfig block, a Makefile line and a source file (not committed)."""
        block = f"\nconfig {symbol}\n\t{kind} \"{prompt}\"\n\tdepends on I2C\n{extra}\thelp\n"
        block += "".join(f"\t  {ln}\n" for ln in help_text.splitlines())
        self.append(f"{subsys_dir}/Kconfig", block)
        self.append(f"{subsys_dir}/Makefile", f"obj-$(CONFIG_{symbol}) += {source[:-2]}.o\n")
        self.write(f"{subsys_dir}/{source}", f"// SPDX-License-Identifier: GPL-2.0\n/* {prompt} */\n"
                   "static int probe(void) { return 0; }\n")


@pytest.fixture
def kernel_repo(tmp_path) -> KernelRepo:
    """A repository with a tagged base: a few subsystems with one existing driver each."""
    kr = KernelRepo(tmp_path / "linux")
    kr.write("Makefile", "obj-y += drivers/ sound/\n")
    kr.write("Kconfig", 'mainmenu "Linux"\nsource "drivers/Kconfig"\n')
    kr.write("drivers/Kconfig", 'menu "Device Drivers"\nsource "drivers/iio/light/Kconfig"\nendmenu\n')
    kr.add_driver("drivers/iio/light", "OLD_LIGHT", "Old Corp OL100 ambient light sensor", "ol100.c")
    kr.add_driver("drivers/misc", "OLD_MISC", "Old Corp misc widget", "oldmisc.c")
    kr.add_driver("sound/soc/codecs", "SND_SOC_OLD", "Old Corp OC1 codec", "oc1.c")
    kr.write("kernel/Kconfig", "config SOME_CORE\n\tbool \"Core feature\"\n")
    kr.commit("Initial import")
    kr.tag("v1.0")
    return kr


@pytest.fixture
def runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart already
        return CliRunner()


@pytest.fixture
def hwclass(runner):
    """Run hwclass as a user would: hwclass("classify", "v1.0..HEAD", "--repo", path)."""
    def run(*args, input=None):
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
    return run


def one_line_error(result) -> str:
    """The error line a user sees; asserts it is one line and carries no traceback."""
    err = result.stderr.strip()
    assert "Traceback" not in err and "Traceback" not in result.output
    assert len(err.splitlines()) == 1, err
    return err


def classify_json(hwclass, repo, rng="v1.0..HEAD", *extra):
    """The items of ``hwclass classify RNG --format json`` (rules only: --model none) in ``repo``."""
    result = hwclass("classify", rng, "--repo", repo.path, "--format", "json", "--model", "none", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)
