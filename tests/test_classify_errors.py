"""Wrong input to classify: one clear line on stderr, exit 2, never a traceback, nothing lost."""

from __future__ import annotations

import os
import stat

import git

from conftest import KernelRepo, one_line_error


def test_not_a_repository(hwclass, tmp_path):
    r = hwclass("classify", "v1..v2", "--repo", tmp_path)
    assert r.exit_code == 2
    assert "not a git repository" in one_line_error(r)


def test_missing_folder(hwclass, tmp_path):
    r = hwclass("classify", "v1..v2", "--repo", tmp_path / "nope")
    assert r.exit_code == 2
    assert "no such folder" in one_line_error(r)


def test_unknown_revision(hwclass, kernel_repo):
    r = hwclass("classify", "v0.9..HEAD", "--repo", kernel_repo.path)
    assert r.exit_code == 2
    assert "unknown revision" in one_line_error(r)
    assert one_line_error(r).endswith("'v0.9..HEAD'")   # git's own quotes, whole


def test_empty_range(hwclass, kernel_repo):
    r = hwclass("classify", "HEAD..HEAD", "--repo", kernel_repo.path)
    assert r.exit_code == 2
    assert "empty range" in one_line_error(r)


def test_empty_repository(hwclass, tmp_path):
    git.Repo.init(tmp_path / "empty")
    r = hwclass("classify", "HEAD", "--repo", tmp_path / "empty")
    assert r.exit_code == 2
    assert "no commits" in one_line_error(r)


def test_range_starting_with_dash_is_never_a_git_option(hwclass, kernel_repo, tmp_path):
    target = tmp_path / "pwned"
    r = hwclass("classify", "--", f"--output={target}", "--repo", kernel_repo.path)
    assert r.exit_code == 2
    assert "may not start with '-'" in one_line_error(r)
    assert not target.exists()


def test_range_beyond_a_shallow_clone(hwclass, kernel_repo, tmp_path):
    for i in range(3):
        kernel_repo.write(f"f{i}", str(i))
        kernel_repo.commit(f"commit {i}")
    shallow = tmp_path / "shallow"
    git.Repo.clone_from(f"file://{kernel_repo.path}", shallow, depth=2)
    r = hwclass("classify", "HEAD", "--repo", shallow)
    assert r.exit_code == 2
    assert "shallow" in one_line_error(r)
    ok = hwclass("classify", "HEAD~1..HEAD", "--repo", shallow, "--model", "none")
    assert ok.exit_code == 0, ok.stderr


def test_bare_repository_works(hwclass, kernel_repo, tmp_path):
    kernel_repo.add_driver("drivers/iio/light", "APDS9960", "Avago APDS9960 sensor", "apds9960.c")
    kernel_repo.commit("iio: add")
    bare = tmp_path / "bare.git"
    git.Repo.clone_from(str(kernel_repo.path), bare, bare=True)
    r = hwclass("classify", "v1.0..HEAD", "--repo", bare, "-f", "jsonl", "--model", "none")
    assert r.exit_code == 0, r.stderr
    assert len(r.stdout.splitlines()) == 1


def test_malformed_rules_file_names_file_and_line(hwclass, kernel_repo, tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - pattern: drivers/foo/\n    kind: [unclosed\n")
    r = hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "--rules", bad)
    assert r.exit_code == 2
    assert str(bad) in one_line_error(r)


def test_unknown_taxonomy(hwclass, kernel_repo):
    r = hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "--taxonomy", "nosuch")
    assert r.exit_code == 2
    assert "nosuch" in one_line_error(r)


def test_output_into_missing_folder(hwclass, kernel_repo, tmp_path):
    r = hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "-o", tmp_path / "no" / "out.json")
    assert r.exit_code == 2
    assert "does not exist" in one_line_error(r)


def test_read_only_output_file_is_not_overwritten(hwclass, kernel_repo, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("precious\n")
    os.chmod(target, stat.S_IRUSR)
    r = hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "-o", target)
    assert r.exit_code == 2
    assert "read-only" in one_line_error(r)
    assert target.read_text() == "precious\n"


def test_existing_output_survives_a_failed_run(hwclass, kernel_repo, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("previous result\n")
    r = hwclass("classify", "nope..HEAD", "--repo", kernel_repo.path, "-o", target)
    assert r.exit_code == 2
    assert target.read_text() == "previous result\n"


def test_help_on_every_command(hwclass):
    top = hwclass("--help")
    assert top.exit_code == 0 and "Exit codes" in top.stdout
    from hwclass.cli import cli
    for name in cli.commands:
        r = hwclass(name, "--help")
        assert r.exit_code == 0, name
        assert "Usage:" in r.stdout


def test_version(hwclass):
    from hwclass import __version__
    r = hwclass("--version")
    assert r.exit_code == 0 and __version__ in r.stdout


def test_odd_history_non_utf8_message_and_strange_file_names(hwclass, tmp_path):
    kr = KernelRepo(tmp_path / "odd")
    kr.write("drivers/iio/light/Kconfig", "")
    kr.commit("base")
    kr.tag("v1.0")
    kr.add_driver("drivers/iio/light", "ODD1", "Odd Corp OD1 light sensor", "od1.c")
    kr.write("drivers/iio/light/we ird \"quoted\"\nname é.c", "int z;\n")
    kr.repo.git.add("-A")
    msg = tmp_path / "msg"
    msg.write_bytes(b"iio: light: add OD1 \xff\xfe latin-1 caf\xe9\n")
    kr.repo.git.commit("-q", "-F", str(msg))
    kr.repo.git.checkout("-q", "--detach", "HEAD")
    r = hwclass("classify", "v1.0..HEAD", "--repo", kr.path, "-f", "json", "--model", "none")
    assert r.exit_code == 0, r.stderr
    assert "OD1" in r.stdout
