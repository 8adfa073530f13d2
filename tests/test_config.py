""".hwclass.yaml: found at the repository root, validated with file:line, overridden by the command line."""

from __future__ import annotations

import textwrap

import git
import pytest

from hwclass.config import apply_config, find_config, load_config, merged_options, repo_config
from hwclass.errors import FileFormatError

from conftest import one_line_error


def write_config(kr, text):
    kr.write(".hwclass.yaml", textwrap.dedent(text))
    return kr.path / ".hwclass.yaml"


def test_found_at_the_root_from_any_subfolder_and_absent_otherwise(kernel_repo, tmp_path):
    assert find_config(kernel_repo.path) is None
    path = write_config(kernel_repo, "model: none\n")
    assert find_config(kernel_repo.path / "drivers" / "iio") == path
    assert find_config(tmp_path / "elsewhere-not-a-folder") is None
    (tmp_path / "plain").mkdir()
    assert find_config(tmp_path / "plain") is None


def test_a_bare_repository_has_none(kernel_repo, tmp_path):
    write_config(kernel_repo, "model: none\n")
    kernel_repo.commit("add hwclass config")
    bare = tmp_path / "bare.git"
    git.Repo.clone_from(str(kernel_repo.path), str(bare), bare=True)
    assert find_config(bare) is None
    assert repo_config(bare).path is None


def test_relative_paths_are_relative_to_the_repository_root(kernel_repo):
    path = write_config(kernel_repo, """
        rules: tools/rules.yaml
        taxonomy: tools/my-taxonomy.yaml
        model: models/local.json
        types: driver,device
        boards: true
        min_confidence: 0.7
        hardware_trees: [vendor]
        check:
          expect: ci/expect.yaml
          fail_on: [unclassified, disagreement]
          strict: true
          format: junit
        """)
    cfg = load_config(path)
    root = kernel_repo.path.resolve()
    assert cfg.rules == str(root / "tools/rules.yaml")
    assert cfg.taxonomy == str(root / "tools/my-taxonomy.yaml")
    assert cfg.model == str(root / "models/local.json")
    assert cfg.types == ["driver", "device"] and cfg.boards is True and cfg.min_confidence == 0.7
    assert cfg.hardware_trees == ["vendor/"]
    assert cfg.check.expect == str(root / "ci/expect.yaml")
    assert cfg.check.fail_on == ["unclassified", "disagreement"]
    assert cfg.check.strict is True and cfg.check.format == "junit"


def test_builtin_taxonomy_names_and_model_none_stay_names(kernel_repo):
    cfg = load_config(write_config(kernel_repo, "taxonomy: lwn-2015\nmodel: none\n"))
    assert cfg.taxonomy == "lwn-2015" and cfg.model == "none"


@pytest.mark.parametrize("text, line, reason", [
    ("model: none\nrules: [a\n", 2, "invalid YAML"),
    ("model: none\ntaxnomy: lwn\n", 2, "unknown key 'taxnomy' (did you mean 'taxonomy'?)"),
    ("min_confidence: high\n", 1, "min_confidence must be a number from 0 to 1"),
    ("min_confidence: 1.5\n", 1, "min_confidence must be a number"),
    ("boards: yes please\n", 1, "boards must be true or false"),
    ("types: [driver, gizmo]\n", 1, "unknown item type 'gizmo'"),
    ("check:\n  fail_on: sometimes\n", 2, "unknown gate 'sometimes'"),
    ("check:\n  format: html\n", 2, "check.format must be one of"),
    ("check:\n  expct: a.yaml\n", 2, "check: unknown key 'expct'"),
    ("rules: 3\n", 1, "rules must be a file path"),
    ("hardware_trees: [/abs]\n", 1, "must be a folder inside the repository"),
    ("model: none\nmodel: x.json\n", 2, "duplicate key 'model'"),
    ("- model\n", 1, "must be a mapping"),
])
def test_malformed_config_is_refused_with_file_line_and_reason(kernel_repo, text, line, reason):
    path = write_config(kernel_repo, text)
    with pytest.raises(FileFormatError) as exc:
        load_config(path)
    assert str(exc.value).startswith(f"{path}:{line}: ") and reason in str(exc.value)


def test_command_line_wins_and_the_file_fills_the_rest(kernel_repo):
    write_config(kernel_repo, "taxonomy: lwn-2015\nmodel: none\nmin_confidence: 0.8\ntypes: [driver]\nboards: true\n")
    merged = apply_config(kernel_repo.path, None, "lwn", None, None, False, None)
    assert merged == (None, "lwn", "none", 0.8, True, "driver")
    assert merged_options(kernel_repo.path, taxonomy=None, model="m.json", min_confidence=0.3)["model"] == "m.json"
    assert apply_config(kernel_repo.path, *merged[:4], merged[4], merged[5]) == merged  # applying twice: same


def test_hardware_trees_extend_the_rules(kernel_repo):
    pytest.importorskip("hwclass.rules", reason="rules.py not built yet")
    write_config(kernel_repo, "hardware_trees: [vendor/]\n")
    rules = apply_config(kernel_repo.path, None, None, None, None, False, None)[0]
    assert "vendor/" in rules.hardware_trees
    assert rules.in_hardware_tree("vendor/acme/Kconfig")


# -- through the command line ---------------------------------------------

def test_check_needs_no_flags_when_the_config_says_what_to_check(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/misc", "NEW_WIDGET", "Acme AW100 widget controller", "aw100.c")
    kernel_repo.commit("misc: add Acme AW100 widget driver")
    write_config(kernel_repo, "model: none\ncheck:\n  fail_on: unclassified\n")
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path)
    assert r.exit_code == 1 and "NEW_WIDGET" in r.stdout
    assert "configuration: " in r.stdout and ".hwclass.yaml" in r.stdout
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path, "--fail-on", "disagreement")
    assert r.exit_code == 0, r.stdout  # the command line replaces the file's gates


def test_config_taxonomy_and_expect_path_apply_to_check(hwclass, kernel_repo):
    kernel_repo.add_driver("sound/soc/codecs", "SND_SOC_DA7219", "Dialog DA7219 codec", "da7219.c")
    kernel_repo.commit("ASoC: add DA7219 codec")
    kernel_repo.write("ci/expect.yaml", "expect:\n  - symbol: SND_SOC_DA7219\n    category: Audio\n")
    write_config(kernel_repo, "taxonomy: lwn-2015\nmodel: none\ncheck:\n  expect: ci/expect.yaml\n")
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path / "sound")
    assert r.exit_code == 0, r.stdout + r.stderr
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path, "--taxonomy", "lwn")
    assert r.exit_code == 1 and "expected 'Audio', got 'Sound'" in r.stdout


def test_hardware_trees_from_config_find_drivers_in_other_trees(hwclass, kernel_repo):
    pytest.importorskip("hwclass.rules", reason="rules.py not built yet")
    kernel_repo.add_driver("vendor/acme", "ACME_FOO", "Acme Foo sensor", "foo.c")
    kernel_repo.commit("vendor: add Acme Foo")
    args = ("check", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", "none", "--fail-on", "unclassified")
    assert hwclass(*args).exit_code == 0  # vendor/ is not a hardware tree by default
    write_config(kernel_repo, "hardware_trees: [vendor/]\n")
    r = hwclass(*args)
    assert r.exit_code == 1 and "ACME_FOO" in r.stdout


def test_malformed_config_stops_check_with_exit_2(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/misc", "NEW_WIDGET", "Acme AW100 widget controller", "aw100.c")
    kernel_repo.commit("misc: add widget")
    path = write_config(kernel_repo, "model: none\nmin_confidence: lots\n")
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path, "--fail-on", "unclassified")
    assert r.exit_code == 2
    assert one_line_error(r) == f"hwclass: error: {path}:2: min_confidence must be a number from 0 to 1, not 'lots'"
