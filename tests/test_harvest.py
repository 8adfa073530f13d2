"""Harvest: labelled examples from a kernel-shaped tree (folder, tarball, git revision)."""

from __future__ import annotations

import json
import tarfile
import textwrap
from pathlib import Path

import git
import pytest

from hwclass.errors import HwclassError, RevisionError
from hwclass.harvest import harvest, write_harvest
from hwclass.labelled import load_examples

TREE = {
    "Kconfig": 'source "drivers/iio/light/Kconfig"\n',
    "drivers/iio/light/Kconfig": """
        config APDS9960
        \ttristate "Avago APDS9960 gesture/RGB/ALS/proximity sensor"
        \tdepends on I2C
        \thelp
        \t  Say Y here to build I2C interface support for the Avago
        \t  APDS9960 gesture/RGB/ALS/proximity sensor.

        config LIGHT_HELPER
        \ttristate
        \thelp
        \t  No prompt: never asked, not an example.

        config NOT_BUILT
        \ttristate "A prompt but no Makefile line"
    """,
    "drivers/iio/light/Makefile": "obj-$(CONFIG_APDS9960) += apds9960.o\nobj-$(CONFIG_LIGHT_HELPER) += helper.o\n",
    "drivers/misc/Kconfig": """
        config ACME_WIDGET
        \ttristate "Acme widget controller"
        \thelp
        \t  The Acme widget.
    """,
    "drivers/misc/Makefile": "obj-$(CONFIG_ACME_WIDGET) += acme-widget.o\n",
    "sound/soc/codecs/Kconfig": """
        config SND_SOC_XY12
        \ttristate "Acme XY12 codec"
    """,
    "sound/soc/codecs/Makefile": "snd-soc-xy12-y := xy12.o xy12-i2c.o\nobj-$(CONFIG_SND_SOC_XY12) += snd-soc-xy12.o\n",
    "drivers/iio/light/apds9960.c": "// driver\n",
}


def make_tree(root: Path) -> Path:
    for rel, text in TREE.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


def by_symbol(records):
    return {r["symbol"]: r for r in records}


def check(records):
    recs = by_symbol(records)
    assert set(recs) == {"APDS9960", "ACME_WIDGET", "SND_SOC_XY12"}     # prompted and built only
    a = recs["APDS9960"]
    assert a["prompt"] == "Avago APDS9960 gesture/RGB/ALS/proximity sensor"
    assert "I2C interface support" in a["help"]
    assert a["kconfig_path"] == "drivers/iio/light/Kconfig"
    assert a["paths"] == ["drivers/iio/light/apds9960.c"]
    assert a["kind"] == "iio" and a["source"] == "harvest"
    assert recs["SND_SOC_XY12"]["kind"] == "audio"
    assert sorted(recs["SND_SOC_XY12"]["paths"]) == ["sound/soc/codecs/xy12-i2c.c", "sound/soc/codecs/xy12.c"]
    assert "kind" not in recs["ACME_WIDGET"]            # drivers/misc: the rules do not decide


def test_harvest_a_folder(tmp_path):
    check(list(harvest(make_tree(tmp_path / "linux"))))


def test_harvest_a_tarball_without_extracting(tmp_path):
    make_tree(tmp_path / "linux-1.0")
    for suffix, mode in ((".tar.xz", "w:xz"), (".tar.gz", "w:gz"), (".tar", "w")):
        tar_path = tmp_path / f"linux{suffix}"
        with tarfile.open(tar_path, mode) as tar:
            tar.add(tmp_path / "linux-1.0", arcname="linux-1.0")
        before = sorted(p.name for p in tmp_path.iterdir())
        check(list(harvest(tar_path)))
        assert sorted(p.name for p in tmp_path.iterdir()) == before


def committed_repo(root):
    """A git repository of the tree at ``root``, committed once."""
    repo = git.Repo.init(root)
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "T")
        cw.set_value("user", "email", "t@example.invalid")
        cw.set_value("commit", "gpgsign", "false")
    repo.git.add(A=True)
    repo.git.commit(m="tree")
    return repo


def test_harvest_a_git_revision(tmp_path):
    root = make_tree(tmp_path / "repo")
    repo = committed_repo(root)
    first = repo.head.commit.hexsha
    # the working tree changes after the commit: the revision is what is read
    (root / "drivers/misc/Makefile").write_text("")
    repo.git.add(A=True)
    repo.git.commit(m="drop widget")
    check(list(harvest(root, rev=first)))
    assert "ACME_WIDGET" not in by_symbol(harvest(root, rev="HEAD"))
    with pytest.raises(RevisionError):
        list(harvest(root, rev="no-such-rev"))


def test_write_harvest_is_loadable_training_data(tmp_path):
    out = tmp_path / "harvest.jsonl"
    n = write_harvest(harvest(make_tree(tmp_path / "linux")), out)
    assert n == 3 and len(out.read_text().splitlines()) == 3
    assert all(json.loads(line)["source"] == "harvest" for line in out.read_text().splitlines())
    recs = {json.loads(line)["symbol"]: json.loads(line) for line in out.read_text().splitlines()}
    assert recs["ACME_WIDGET"]["kind_guess"] == "misc"    # drivers/misc: a non-decisive rule's kind
    d = load_examples([out])
    # the guess is a weak label: half the weight of a kind a decisive rule gave
    assert sorted(zip(d.kinds, d.weights)) == [("audio", 1.0), ("iio", 1.0), ("misc", 0.5)]
    # a record with neither a kind nor a guess is not a label
    recs["ACME_WIDGET"].pop("kind_guess")
    out.write_text("".join(json.dumps(r) + "\n" for r in recs.values()))
    d = load_examples([out])
    assert sorted(d.kinds) == ["audio", "iio"]
    assert any("without a kind" in w for w in d.warnings)


def test_bad_sources(tmp_path):
    with pytest.raises(HwclassError, match="no such"):
        list(harvest(tmp_path / "missing"))
    (tmp_path / "x.txt").write_text("hello")
    with pytest.raises(HwclassError, match="tarball"):
        list(harvest(tmp_path / "x.txt"))
    bad = tmp_path / "broken.tar.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(HwclassError, match="cannot read tarball"):
        list(harvest(bad))


def test_a_revision_that_looks_like_an_option_is_refused_up_front(tmp_path, hwclass):
    root = make_tree(tmp_path / "repo")
    committed_repo(root)
    for rev in ("-x", "--full-name", ""):
        # refused when harvest() is called, before any git command (the generator is never started)
        with pytest.raises(RevisionError, match="may not start with '-'|empty revision"):
            harvest(root, rev=rev)
    out = tmp_path / "h.jsonl"
    r = hwclass("harvest", root, "--rev", "-x", "-o", out)
    assert r.exit_code == 2 and not out.exists()
    assert r.stderr.strip() == "hwclass: error: '-x': a revision range may not start with '-'"
    assert len(list(harvest(root, rev="HEAD"))) == 3
