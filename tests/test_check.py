"""`hwclass check`: expectations, policy gates, CI report formats and exit codes.

The first half checks the library on HardwareItem lists; the second runs the
command on real temporary repositories, as the issue author will.
"""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as ET

import pytest
import yaml

from hwclass.check import (escape_data, escape_property, load_expectations, parse_fail_on, render_report,
                           run_check, workflow_command)
from hwclass.errors import FileFormatError, HwclassError
from hwclass.item import HardwareItem

from conftest import one_line_error

SHA_A = "a1" * 20
SHA_B = "b2" * 20
SHA_C = "c3" * 20


def items():
    return [
        HardwareItem(commit=SHA_A, subject="iio: light: add APDS9960", hardware="Avago APDS9960 sensor",
                     kind="iio", category="Industrial I/O", confidence=1.0, decided_by="rule:drivers/iio/",
                     symbols=["APDS9960"], paths=["drivers/iio/light/apds9960.c"],
                     kconfig_path="drivers/iio/light/Kconfig", kconfig_line=12),
        HardwareItem(commit=SHA_B, subject="misc: add AW100", hardware="Acme AW100 widget",
                     review=["unclassified"], symbols=["NEW_WIDGET"], paths=["drivers/misc/aw100.c"],
                     kconfig_path="drivers/misc/Kconfig", kconfig_line=7),
        HardwareItem(commit=SHA_C, subject="ASoC: add X1", hardware="Xcorp X1 codec", kind="sound",
                     category="Sound", confidence=0.55, decided_by="rule:sound/soc/codecs/",
                     review=["disagreement: rule says sound, model says iio (Industrial I/O, 0.45)"],
                     symbols=["SND_SOC_X1"], paths=["sound/soc/codecs/x1.c"]),
    ]


def write(tmp_path, text, name="expect.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text))
    return p


def records_file(tmp_path, its):
    return write(tmp_path, yaml.safe_dump([it.record() for it in its], sort_keys=False))


# -- expectations ----------------------------------------------------------

def test_classify_records_as_expectations_pass_and_an_edited_category_fails(tmp_path):
    its = items()
    path = records_file(tmp_path, its)
    report = run_check(its, load_expectations(path))
    assert not report.failed and report.matched == 3

    edited = path.read_text().replace("category: Sound", "category: Audio")
    report = run_check(items(), load_expectations(write(tmp_path, edited)))
    assert report.failed
    [failure] = report.failures
    assert failure.item.symbols == ["SND_SOC_X1"]
    text = render_report(report, "text")
    assert "SND_SOC_X1" in text and "expected 'Audio', got 'Sound'" in text


def test_rich_form_by_symbol_commit_prefix_and_path(tmp_path):
    path = write(tmp_path, f"""
        expect:
          - symbol: APDS9960
            category: Industrial I/O
          - commit: {SHA_C[:8]}
            kind: sound
          - path: drivers/misc/aw100.c
            category: Unclassified
        """)
    report = run_check(items(), load_expectations(path), strict=True)
    assert not report.failed, render_report(report)


def test_a_sha256_repositorys_full_commit_ids_select_items(tmp_path):
    sha256 = "d4" * 32
    its = items()
    its[0].commit = sha256
    path = write(tmp_path, f"expect:\n  - commit: {sha256.upper()}\n    kind: iio\n"
                           f"  - commit: {sha256[:12]}\n    category: Industrial I/O\n")
    report = run_check(its, load_expectations(path))
    assert not report.failed and report.matched == 1, render_report(report)   # one item, both ways


def test_missing_expected_item_fails_and_names_the_file_line(tmp_path):
    path = write(tmp_path, "expect:\n  - symbol: APDS9960\n    category: Industrial I/O\n"
                           "  - symbol: GONE\n    category: Sound\n")
    report = run_check(items(), load_expectations(path))
    [failure] = report.failures
    assert failure.check == "missing" and failure.expectation.line == 4
    assert f"{path}:4" in render_report(report, "text")


def test_unexpected_items_are_notes_unless_strict(tmp_path):
    path = write(tmp_path, "expect:\n  - symbol: APDS9960\n    kind: iio\n")
    lenient = run_check(items(), load_expectations(path))
    assert not lenient.failed
    assert {f.item.symbols[0] for f in lenient.findings if f.check == "unexpected"} == {"NEW_WIDGET", "SND_SOC_X1"}
    assert run_check(items(), load_expectations(path), strict=True).failed
    strict_in_file = write(tmp_path, "strict: true\nexpect:\n  - symbol: APDS9960\n    kind: iio\n", "s.yaml")
    assert run_check(items(), load_expectations(strict_in_file)).failed


def test_not_hardware_entries_fail_when_reported(tmp_path):
    path = write(tmp_path, "expect: []\nnot_hardware: [FOO_DEBUG, CONFIG_NEW_WIDGET]\n")
    report = run_check(items(), load_expectations(path))
    [failure] = report.failures
    assert failure.check == "not-hardware" and failure.item.symbols == ["NEW_WIDGET"]


@pytest.mark.parametrize("text, line, reason", [
    ("expect:\n  - symbol: A\n    category: [unclosed\n", 3, "invalid YAML"),
    ("expect:\n  - symbol: A\n    categroy: Sound\n", 3, "unknown key 'categroy'"),
    ("expect:\n  - commit: not-a-sha\n    kind: iio\n", 2, "not a sha"),
    ("expect:\n  - symbol: A\n", 2, "expects nothing"),
    ("expect:\n  - category: Sound\n", 2, "nothing to select"),
    ("expected: []\n", 1, "unknown key 'expected'"),
    ("", 1, "empty expectations file"),
    ("just a string\n", 1, "list of records"),
])
def test_malformed_expectations_name_file_line_and_reason(tmp_path, text, line, reason):
    path = write(tmp_path, text)
    with pytest.raises(FileFormatError) as exc:
        load_expectations(path)
    assert exc.value.line == line and reason in str(exc.value)
    assert str(exc.value).startswith(f"{path}:{line}:")


# -- gates -----------------------------------------------------------------

def test_gates_comma_separated_or_repeated():
    assert parse_fail_on(["unclassified,disagreement", "low-confidence"]) == \
        ("unclassified", "low-confidence", "disagreement")
    assert parse_fail_on(["none"]) == ()
    with pytest.raises(HwclassError, match="unknown gate 'sometimes'"):
        parse_fail_on(["unclassified,sometimes"])


def test_each_gate_fails_on_the_items_that_trip_it():
    def tripped(gates, min_conf=0.5):
        return {(f.check, f.item.symbols[0]) for f in run_check(items(), None, gates, min_conf).failures}
    assert tripped(["unclassified"]) == {("unclassified", "NEW_WIDGET")}
    assert tripped(["disagreement"]) == {("disagreement", "SND_SOC_X1")}
    assert tripped(["low-confidence"]) == set()          # 0.55 passes the default 0.5
    assert tripped(["low-confidence"], 0.6) == {("low-confidence", "SND_SOC_X1")}
    assert not run_check(items()[:1], None, ["unclassified", "disagreement", "low-confidence"], 0.9).failed


# -- report formats ------------------------------------------------------------

def test_github_escaping_follows_the_workflow_command_rules():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = workflow_command("error", "x: y, z", "dir/a,b:c", 3, "t: 1, 2")
    assert line == "::error file=dir/a%2Cb%3Ac,line=3,title=t%3A 1%2C 2::x: y, z"


def test_github_report_points_at_the_kconfig_line():
    report = run_check(items(), None, ["unclassified"])
    lines = render_report(report, "github").splitlines()
    assert lines[0].startswith("::error file=drivers/misc/Kconfig,line=7,title=hwclass unclassified%3A NEW_WIDGET::")
    assert not lines[-1].startswith("::")  # a plain summary line closes the report


def test_junit_has_one_case_per_item_and_failures_for_the_failing_ones():
    report = run_check(items(), None, ["unclassified"])
    root = ET.fromstring(render_report(report, "junit"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 3
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["NEW_WIDGET: Acme AW100 widget (commit b2b2b2b2b2b2)"]
    assert failed[0].get("file") == "drivers/misc/Kconfig" and failed[0].get("line") == "7"
    assert root.get("failures") == "1"


def test_junit_survives_control_characters_in_subjects():
    its = items()
    its[0].subject = "bad \x1b[31m subject & <tag>"
    ET.fromstring(render_report(run_check(its, None, ["unclassified"]), "junit"))


# -- the command, on real repositories -------------------------------------------

def add_three(kr):
    kr.add_driver("drivers/iio/light", "APDS9960", "Avago APDS9960 gesture sensor", "apds9960.c")
    iio = kr.commit("iio: light: add APDS9960 driver")
    kr.add_driver("sound/soc/codecs", "SND_SOC_DA7219", "Dialog DA7219 codec", "da7219.c")
    snd = kr.commit("ASoC: add DA7219 codec")
    return iio, snd


def add_misc(kr):
    kr.add_driver("drivers/misc", "NEW_WIDGET", "Acme AW100 widget controller", "aw100.c")
    return kr.commit("misc: add Acme AW100 widget driver")


def test_expectations_written_by_classify_pass_and_an_edited_category_fails(hwclass, kernel_repo, tmp_path):
    add_three(kernel_repo)
    expect = tmp_path / "expect.yaml"
    r = hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", "none", "-f", "yaml", "-o", expect)
    assert r.exit_code == 0, r.stderr
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", "none", "--expect", expect)
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "passed" in r.stdout

    expect.write_text(expect.read_text().replace("category: Sound", "category: Audio"))
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", "none", "--expect", expect)
    assert r.exit_code == 1
    assert "SND_SOC_DA7219" in r.stdout and "Dialog DA7219 codec" in r.stdout
    assert "expected 'Audio', got 'Sound'" in r.stdout
    line = expect.read_text().splitlines().index("  category: Audio") + 1
    assert f"[{expect}:{line}]" in r.stdout  # where to fix it
    assert "APDS9960" not in r.stdout  # only the failing item is listed


def test_commit_prefix_and_not_hardware_on_a_real_range(hwclass, kernel_repo, tmp_path):
    iio, snd = add_three(kernel_repo)
    expect = write(tmp_path, f"expect:\n  - commit: {iio[:7]}\n    kind: iio\n"
                             f"  - symbol: SND_SOC_DA7219\n    category: Sound\n"
                             f"not_hardware: [OLD_LIGHT_DEBUG]\n")
    args = ("check", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", "none", "--expect", expect, "--strict")
    assert hwclass(*args).exit_code == 0
    expect.write_text(expect.read_text().replace("OLD_LIGHT_DEBUG", "APDS9960"))
    r = hwclass(*args)
    assert r.exit_code == 1 and "is not hardware" in r.stdout


def test_unknown_commit_in_expectations_is_bad_input(hwclass, kernel_repo, tmp_path):
    add_three(kernel_repo)
    expect = write(tmp_path, "expect:\n  - symbol: APDS9960\n    kind: iio\n  - commit: deadbeef\n    kind: iio\n")
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", "none", "--expect", expect)
    assert r.exit_code == 2
    assert f"{expect}:4: commit 'deadbeef' is unknown" in one_line_error(r)


def test_fail_on_unclassified_fails_on_a_range_with_an_unclassified_item(hwclass, kernel_repo):
    add_three(kernel_repo)
    kernel_repo.tag("v1.1")
    add_misc(kernel_repo)
    base = ("check", "--repo", kernel_repo.path, "--model", "none", "--fail-on", "unclassified")
    ok = hwclass(*base[:1], "v1.0..v1.1", *base[1:])
    assert ok.exit_code == 0, ok.stdout
    r = hwclass(*base[:1], "v1.0..HEAD", *base[1:])
    assert r.exit_code == 1
    assert "NEW_WIDGET" in r.stdout and "unclassified" in r.stdout
    assert "APDS9960" not in r.stdout


def test_junit_output_file_parses_with_one_case_per_item(hwclass, kernel_repo, tmp_path):
    add_three(kernel_repo)
    add_misc(kernel_repo)
    out = tmp_path / "hwclass.xml"
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", "none",
                "--fail-on", "unclassified", "-f", "junit", "-o", out)
    assert r.exit_code == 1 and r.stdout == ""
    assert "FAILED" in r.stderr  # one summary line for the CI log
    root = ET.parse(out).getroot()
    cases = root.findall(".//testcase")
    assert sorted(c.get("name").split(":")[0] for c in cases) == ["APDS9960", "NEW_WIDGET", "SND_SOC_DA7219"]
    [failed] = [c for c in cases if c.find("failure") is not None]
    assert failed.get("name").startswith("NEW_WIDGET")


def test_github_lines_point_at_the_symbols_kconfig_line(hwclass, kernel_repo):
    add_misc(kernel_repo)
    kconfig = (kernel_repo.path / "drivers/misc/Kconfig").read_text().splitlines()
    line = kconfig.index("config NEW_WIDGET") + 1
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", "none",
                "--fail-on", "unclassified", "--format", "github")
    assert r.exit_code == 1
    first = r.stdout.splitlines()[0]
    assert re.fullmatch(rf"::error file=drivers/misc/Kconfig,line={line},title=hwclass unclassified%3A NEW_WIDGET::"
                        r"[^\r\n]*Acme AW100 widget controller[^\r\n]*", first), first


def test_nothing_to_check_and_bad_files_exit_2(hwclass, kernel_repo, tmp_path):
    add_three(kernel_repo)
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path)
    assert r.exit_code == 2 and "nothing to check" in one_line_error(r)
    bad = write(tmp_path, "expect:\n  - symbol: [x\n")
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path, "--expect", bad)
    assert r.exit_code == 2 and f"{bad}:" in one_line_error(r)
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path, "--expect", tmp_path / "nope.yaml")
    assert r.exit_code == 2 and "no such expectations file" in one_line_error(r)
    r = hwclass("check", "v1.0..HEAD", "--repo", kernel_repo.path, "--fail-on", "sometimes")
    assert r.exit_code == 2 and "unknown gate" in one_line_error(r)
    r = hwclass("check", "HEAD..HEAD", "--repo", kernel_repo.path, "--fail-on", "unclassified")
    assert r.exit_code == 2 and "empty range" in one_line_error(r)


def test_help_documents_exit_codes_and_unexpected_items(hwclass):
    text = hwclass("check", "--help").stdout
    assert "Exit codes" in text and "--strict" in text and "unexpected" in text
    for code in ("0", "1", "2"):
        assert re.search(rf"^\s+{code}\s", text, re.M)


# -- docs/CI.md: the recipes' command lines, run as written ---------------------

def ci_recipe_commands() -> list[str]:
    from pathlib import Path
    text = (Path(__file__).resolve().parents[1] / "docs" / "CI.md").read_text()
    commands = []

    def walk(value):
        if isinstance(value, str):
            commands.extend(ln.strip() for ln in value.splitlines() if ln.strip().startswith("hwclass check "))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
    for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
        walk(yaml.safe_load(block))
    return commands


def test_ci_recipes_run_as_written_on_a_temporary_repository(hwclass, kernel_repo, monkeypatch):
    import os
    import shlex
    commands = ci_recipe_commands()
    assert len(commands) >= 2, commands  # the GitHub and the GitLab recipe
    kernel_repo.write(".hwclass.yaml", "model: none\n")  # rules only: the misc driver stays unclassified
    iio, snd = add_three(kernel_repo)
    misc = add_misc(kernel_repo)
    monkeypatch.chdir(kernel_repo.path)
    for head, want in ((snd, 0), (misc, 1)):
        for name, value in (("BASE", "v1.0"), ("HEAD", head), ("CI_MERGE_REQUEST_DIFF_BASE_SHA", "v1.0"),
                            ("CI_COMMIT_SHA", head), ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")):
            monkeypatch.setenv(name, value)
        for command in commands:
            argv = shlex.split(os.path.expandvars(command))
            assert argv[0] == "hwclass"
            r = hwclass(*argv[1:])
            assert r.exit_code == want, (command, r.stdout, r.stderr)
            if "github" in argv:
                errors = [ln for ln in r.stdout.splitlines() if ln.startswith("::error")]
                assert len(errors) == want
                assert all(ln.startswith("::error file=drivers/misc/Kconfig,line=") for ln in errors)
            if "junit" in argv:
                out = argv[argv.index("--output") + 1]
                cases = ET.parse(kernel_repo.path / out).getroot().findall(".//testcase")
                assert len(cases) == (2 if want == 0 else 3)
                assert sum(c.find("failure") is not None for c in cases) == want


def test_model_quality_gate_recipe_runs_as_written(hwclass, tmp_path, monkeypatch):
    import json
    import shlex
    from pathlib import Path
    from hwclass.training import train_files
    text = (Path(__file__).resolve().parents[1] / "docs" / "CI.md").read_text()
    # the recipe's command lines (GitLab and GitHub give the same one), not the prose's `hwclass evaluate DATA`
    [command] = sorted({m.strip() for m in re.findall(r"(hwclass evaluate [^\n`]*--min-accuracy[^\n`]*)", text)})
    argv = shlex.split(command)
    data, model = argv[2], argv[argv.index("--model") + 1]
    labelled = [("Bosch BMA400 accelerometer", "iio", "drivers/iio/accel/bma400.c"),
                ("TI ADS1015 ADC", "iio", "drivers/iio/adc/ti-ads1015.c"),
                ("Avago APDS9960 proximity sensor", "iio", "drivers/iio/light/apds9960.c"),
                ("Dialog DA7219 audio codec", "audio", "sound/soc/codecs/da7219.c"),
                ("Wolfson WM8998 audio codec", "audio", "sound/soc/codecs/wm8998.c"),
                ("Realtek RT5682 audio codec", "audio", "sound/soc/codecs/rt5682.c")]
    (tmp_path / Path(data).parent).mkdir(parents=True, exist_ok=True)
    (tmp_path / Path(model).parent).mkdir(parents=True, exist_ok=True)
    train_data = tmp_path / "train.jsonl"
    train_data.write_text("".join(json.dumps({"text": t, "kind": k, "paths": [p]}) + "\n" for t, k, p in labelled))
    train_files([train_data], out=tmp_path / model)
    monkeypatch.chdir(tmp_path)
    (tmp_path / data).write_text(train_data.read_text())
    r = hwclass(*argv[1:])
    assert r.exit_code == 0, r.stdout + r.stderr
    swapped = {"iio": "audio", "audio": "iio"}
    (tmp_path / data).write_text("".join(json.dumps({"text": t, "kind": swapped[k], "paths": [p]}) + "\n"
                                         for t, k, p in labelled))
    r = hwclass(*argv[1:])
    assert r.exit_code == 1, r.stdout + r.stderr
