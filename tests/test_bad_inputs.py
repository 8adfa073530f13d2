"""The bad-input catalogue: what a new user may throw at the installed tool.

Every case runs the CLI as a user would (real git repositories in tmp_path)
and checks one of two outcomes:

* bad input -> exit 2, one line ``hwclass: error: ...`` naming the problem, no
  traceback, no "internal error", nothing lost (existing files untouched);
* valid but odd input (bare repository, detached HEAD, a message that is not
  UTF-8, odd file names, 50,000 files, a 10 MB Kconfig, binary or CRLF Kconfig,
  ...) -> it works: exit 0 and the items a person would expect.

Cases covered elsewhere, not repeated here:
  tests/test_classify_errors.py  not a repository, missing folder, unknown revision,
      empty range (HEAD..HEAD), empty repository (HEAD), range starting with '-',
      range beyond a shallow clone, bare repository, malformed rules file, unknown
      taxonomy name, --output into a missing folder / a read-only file, an existing
      output surviving a failed run, non-UTF-8 message + odd names + detached HEAD
  tests/test_kconfig.py / test_kconfig_properties.py  the parser on tabs, CRLF,
      ---help---, continuations, unterminated quotes, binary blobs, 10 MB in linear time
  tests/test_rules.py / test_taxonomy.py  malformed rules/taxonomy files (file:line), cycles
  tests/test_config.py  malformed .hwclass.yaml
  tests/test_labelled.py  bad records (no label, unknown kind/category, duplicates,
      not UTF-8) skipped with file:line; --strict
  tests/test_textmodel.py  hand-edited/truncated/empty/pickle model files (library level)
  tests/test_properties.py  arbitrary input to the Kconfig parser and the data loader
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import git
import pytest

from conftest import KernelRepo

MARKER = "PWNED-by-hwclass-test"


# -- what a user sees ------------------------------------------------------

def bad(result, *words):
    """Exit 2, one line naming the problem, no traceback."""
    out = (result.stdout or "") + (result.stderr or "")
    assert "Traceback" not in out, out
    assert result.exit_code == 2, (result.exit_code, out)
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1, err
    assert "internal error" not in err, err
    assert err.startswith(("hwclass: error: ", "Error: ", "Usage: ")), err
    for w in words:
        assert w in err, (w, err)
    return err


def ok(result):
    out = (result.stdout or "") + (result.stderr or "")
    assert "Traceback" not in out, out
    assert result.exit_code == 0, (result.exit_code, result.stderr)
    return result


def items(result):
    return [json.loads(ln) for ln in ok(result).stdout.splitlines() if ln.strip()]


def classify(hwclass, repo, *args, rng="v1.0..HEAD"):
    return hwclass("classify", rng, "--repo", repo, "-f", "jsonl", "--model", "none", *args)


@pytest.fixture
def repo(kernel_repo):
    """kernel_repo with one new driver after v1.0."""
    kernel_repo.add_driver("drivers/iio/light", "ACME_AL1", "Acme AL1 ambient light sensor", "al1.c")
    kernel_repo.commit("iio: light: add Acme AL1")
    return kernel_repo


# -- repositories and ranges -----------------------------------------------

def test_repository_path_is_a_file(hwclass, repo):
    bad(hwclass("classify", "v1.0..HEAD", "--repo", repo.path / "Makefile"), "not a folder")


def test_empty_repository_with_a_range(hwclass, tmp_path):
    git.Repo.init(tmp_path / "empty")
    bad(hwclass("classify", "v1.0..HEAD", "--repo", tmp_path / "empty"), "no commits")


def test_reversed_range_is_an_empty_range(hwclass, repo):
    repo.tag("v1.1")
    bad(hwclass("classify", "v1.1..v1.0", "--repo", repo.path), "empty range", "v1.1..v1.0")


def test_range_of_merges_only_is_not_empty_and_reports_nothing(hwclass, repo):
    branch = repo.repo.active_branch.name
    repo.repo.git.checkout("-q", "-b", "side", "v1.0")
    repo.write("docs/x.txt", "x\n")
    repo.commit("docs: x")
    repo.repo.git.checkout("-q", branch)
    repo.repo.git.merge("-q", "--no-ff", "-m", "Merge side", "side")
    r = hwclass("classify", "HEAD^1..HEAD", "^side", "--repo", repo.path, "-f", "jsonl", "--model", "none")
    assert items(r) == []


@pytest.mark.parametrize("rng", ["v1.0..HEAD;touch {m}", "v1.0..$(touch {m})", "`touch {m}`", "v1.0..HEAD\ntouch {m}"])
def test_shell_metacharacters_in_a_range_are_never_run(hwclass, repo, tmp_path, rng):
    marker = tmp_path / MARKER
    bad(hwclass("classify", rng.format(m=marker), "--repo", repo.path))
    assert not marker.exists()


def test_revision_option_injection_is_refused(hwclass, repo, tmp_path):
    out = tmp_path / "injected"
    bad(hwclass("classify", "--", "--all", "--repo", repo.path), "may not start with '-'")
    bad(hwclass("check", "--", "-p", "--fail-on", "review"))
    bad(hwclass("harvest", repo.path, "--rev", f"--output={out}"))
    assert not out.exists()


def test_git_is_never_run_through_a_shell():
    src = Path(__file__).resolve().parents[1] / "hwclass"
    for f in sorted(src.glob("*.py")):
        text = f.read_text()
        for forbidden in ("shell=True", "os.system(", "os.popen(", "pickle.load", "yaml.load(",
                          "yaml.unsafe_load", "yaml.full_load", "eval(", "exec("):
            assert forbidden not in text, f"{f.name}: {forbidden}"


def test_detached_head(hwclass, repo):
    repo.repo.git.checkout("-q", "--detach", "HEAD")
    assert [it["symbols"] for it in items(classify(hwclass, repo.path))] == [["ACME_AL1"]]


def test_commit_message_that_is_not_utf8(hwclass, kernel_repo, tmp_path):
    kernel_repo.add_driver("drivers/iio/light", "LAT1", "Latin Corp LT1 light sensor", "lt1.c")
    kernel_repo.repo.git.add("-A")
    msg = tmp_path / "msg"
    msg.write_bytes(b"iio: light: add LT1 for the caf\xe9 \xff\xfe\n\nBody \x80\x81.\n")
    kernel_repo.repo.git.commit("-q", "-F", str(msg))
    [it] = items(classify(hwclass, kernel_repo.path))
    assert it["symbols"] == ["LAT1"] and it["subject"].startswith("iio: light: add LT1 for the caf")
    assert "LT1 for the caf" in it["subject"]   # shown, not dropped or crashed on
    for fmt in ("table", "markdown", "csv", "yaml", "json"):
        ok(hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", "none", "-f", fmt))


ODD_NAMES = ["with space.c", 'dq"uote.c', "sq'uote.c", "new\nline.c", "tab\tname.c", "ünïcødé-€.c",
             "back\\slash.c", "-dash.c", "semi;colon $(x).c"]


@pytest.mark.parametrize("name", ODD_NAMES, ids=lambda n: n.encode("unicode_escape").decode())
def test_odd_file_names(hwclass, kernel_repo, name):
    # A Makefile cannot name such a file, so it is an extra file of a commit
    # that adds a driver; the driver is found and the odd path listed exactly.
    kernel_repo.add_driver("drivers/iio/light", "ODD_NAME", "Odd Corp ON1 light sensor", "on1.c")
    kernel_repo.write(f"drivers/iio/light/{name}", "int z;\n")
    kernel_repo.write(f"drivers/misc/{name}/Kconfig", 'config ODD_DIR\n\tbool "odd folder"\n')
    kernel_repo.commit("iio: light: add ON1")
    for quotepath in ("true", "false"):
        kernel_repo.repo.git.config("core.quotepath", quotepath)
        [it] = items(classify(hwclass, kernel_repo.path))
        assert it["symbols"] == ["ODD_NAME"]


def test_a_commit_adding_50000_files(hwclass, kernel_repo):
    kernel_repo.add_driver("drivers/iio/light", "BIGC", "Bigco BC1 light sensor", "bc1.c")
    kernel_repo.repo.git.add("-A")
    g = kernel_repo.repo.git
    p = subprocess.run(["git", "hash-object", "-w", "--stdin"], input=b"int v;\n", capture_output=True,
                       cwd=kernel_repo.path, check=True)
    blob = p.stdout.decode().strip()
    index = "".join(f"100644 {blob}\tdrivers/staging/gen/d{i // 1000}/f{i}.c\n" for i in range(50_000))
    subprocess.run(["git", "update-index", "--index-info"], input=index.encode(), cwd=kernel_repo.path,
                   check=True)
    g.commit("-q", "-m", "import 50,000 files and a driver")
    assert int(g.rev_list("--count", "HEAD")) == 2
    t = time.monotonic()
    [it] = items(classify(hwclass, kernel_repo.path))
    assert it["symbols"] == ["BIGC"]
    assert time.monotonic() - t < 60


HWCLASS = [sys.executable, "-c", "from hwclass.cli import main; main()"]


def test_a_10_megabyte_kconfig(kernel_repo):
    # One prompted driver among ~10 MB of hidden symbols with long help texts.
    blocks = [f"config HIDDEN_{i}\n\tbool\n\tdefault y\n\thelp\n" + "\t  Some help text line.\n" * 20
              for i in range(20_000)]
    text = "".join(blocks)
    assert len(text) > 10_000_000
    kernel_repo.add_driver("drivers/iio/light", "HUGEK", "Hugeco HK1 light sensor", "hk1.c")
    kernel_repo.append("drivers/iio/light/Kconfig", text)
    kernel_repo.commit("iio: light: add HK1 and lots of hidden symbols")
    # A subprocess, so a regression costs 40 s of the suite and not minutes.
    p = subprocess.run(HWCLASS + ["classify", "v1.0..HEAD", "--repo", str(kernel_repo.path), "-f", "jsonl",
                                  "--model", "none"], capture_output=True, text=True, timeout=40)
    assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr
    assert [json.loads(ln)["symbols"] for ln in p.stdout.splitlines()] == [["HUGEK"]]


KCONFIG_ODDITIES = {
    "tabs": ('config TABS1\n \t tristate\t"Tabco TB1 light sensor"\n\t  \thelp\n\t\t  tabbed help\n', None),
    "crlf": ('config CRLF1\r\n\ttristate "Crlfco CR1 light sensor"\r\n\thelp\r\n\t  crlf help\r\n', None),
    "old-help": ('config OLDHELP1\n\ttristate "Oldco OH1 light sensor"\n\t---help---\n\t  old help\n', None),
    "continuation": ('config CONT1\n\ttristate "Contco CO1 light sensor" \\\n\t\tif I2C && \\\n\t\tOF\n'
                     '\tdepends on I2C || \\\n\t   SPI\n', None),
    "unterminated-quote": ('config UNT1\n\ttristate "Untco UN1 light sensor\n\thelp\n\t  x\n',
                           "unterminated"),
    "source-missing": ('source "drivers/iio/light/nowhere/Kconfig"\nsource "$(SRCARCH)/nope"\n'
                       'config SRC1\n\ttristate "Srcco SR1 light sensor"\n', None),
}


@pytest.mark.parametrize("case", sorted(KCONFIG_ODDITIES))
def test_kconfig_oddities_still_give_the_driver(hwclass, kernel_repo, case):
    text, warning = KCONFIG_ODDITIES[case]
    symbol = text.split("config ", 1)[1].split()[0]
    kernel_repo.append("drivers/iio/light/Kconfig", "\n")
    with open(kernel_repo.path / "drivers/iio/light/Kconfig", "a", newline="") as fh:
        fh.write(text)
    kernel_repo.append("drivers/iio/light/Makefile", f"obj-$(CONFIG_{symbol}) += odd.o\n")
    kernel_repo.write("drivers/iio/light/odd.c", "int o;\n")
    kernel_repo.commit(f"iio: light: add {symbol}")
    r = classify(hwclass, kernel_repo.path)
    [it] = items(r)
    assert it["symbols"] == [symbol] and it["kind"] == "iio"
    assert "light sensor" in it["hardware"]
    if warning:
        assert warning in r.stderr and "Traceback" not in r.stderr


def test_binary_files_named_kconfig_are_skipped_with_a_warning(hwclass, repo):
    repo.write("drivers/misc/Kconfig", bytes(range(256)) * 64)
    repo.write("drivers/gpu/Kconfig", b"\x89PNG\r\n\x1a\n" + os.urandom(4096))
    repo.write("drivers/hwmon/Kconfig", b'config ZZ\n\ttristate "\xff\xfe latin \xe9"\n')
    repo.commit("add binary Kconfig files")
    r = classify(hwclass, repo.path)
    assert [it["symbols"] for it in items(r)] == [["ACME_AL1"]]
    assert "binary" in r.stderr


# -- rules, taxonomies, configuration ---------------------------------------

RULES = {
    "malformed": ("rules:\n  - pattern: drivers/foo/\n    kind: iio\n  - pattern: [x\n", ["rules.yaml:4", "invalid YAML"]),
    "unknown-key": ("rules:\n  - pattern: drivers/foo/\n    kind: iio\n    colour: red\n", ["rules.yaml:4", "colour"]),
    "unknown-top-key": ("rulez:\n  - pattern: drivers/foo/\n", ["rules.yaml:1", "rulez"]),
    "unknown-kind": ("rules:\n  - pattern: drivers/foo/\n    kind: toaster\n", ["rules.yaml:3", "toaster"]),
    "not-a-mapping": ("- drivers/foo/\n", ["rules.yaml:1", "mapping"]),
    "empty": ("", ["rules.yaml", "empty"]),
    "not-utf8": (b"rules:\n  - pattern: caf\xe9/\n", ["rules.yaml:2", "UTF-8"]),
    "binary": (pickle.dumps({"rules": []}), ["rules.yaml"]),
    "nested-too-deep": ("rules: " + "[" * 3000 + "]" * 3000 + "\n", ["rules.yaml", "nest"]),
    "python-tag": (f"!!python/object/apply:os.system ['touch {MARKER}']\n", ["rules.yaml"]),
    "python-tag-inside": (f"rules:\n  - pattern: !!python/object/apply:os.system ['touch {MARKER}']\n    kind: iio\n",
                          ["rules.yaml:2"]),
}


@pytest.mark.parametrize("case", sorted(RULES))
def test_bad_rules_files(hwclass, repo, tmp_path, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    text, words = RULES[case]
    f = tmp_path / "rules.yaml"
    f.write_bytes(text if isinstance(text, bytes) else text.encode())
    bad(hwclass("classify", "v1.0..HEAD", "--repo", repo.path, "--rules", f), *words)
    assert not (tmp_path / MARKER).exists()


def test_rules_extends_cycle_and_missing_parent(hwclass, repo, tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\nrules: []\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\nrules: []\n")
    bad(hwclass("classify", "v1.0..HEAD", "--repo", repo.path, "--rules", tmp_path / "a.yaml"), "cycle")
    (tmp_path / "c.yaml").write_text("extends: nowhere.yaml\nrules: []\n")
    bad(hwclass("classify", "v1.0..HEAD", "--repo", repo.path, "--rules", tmp_path / "c.yaml"), "nowhere.yaml")
    bad(hwclass("classify", "v1.0..HEAD", "--repo", repo.path, "--rules", tmp_path), "not a file")
    bad(hwclass("classify", "v1.0..HEAD", "--repo", repo.path, "--rules", tmp_path / "none.yaml"), "none.yaml")


TAXONOMIES = {
    "malformed": ("name: x\ncategories: [\n", ["tax.yaml:2", "invalid YAML"]),
    "unknown-key": ("name: x\ncategories:\n  Sensors: [iio]\nwibble: 1\n", ["tax.yaml:4", "wibble"]),
    "unknown-kind": ("name: x\ncategories:\n  Sensors: [toaster]\n", ["tax.yaml:3", "toaster"]),
    "a-list": ("- iio\n- audio\n", ["tax.yaml:1", "mapping"]),
    "not-utf8": (b"name: caf\xe9\n", ["tax.yaml:1", "UTF-8"]),
    "nested-too-deep": ("categories: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n", ["tax.yaml", "nest"]),
}


@pytest.mark.parametrize("case", sorted(TAXONOMIES))
def test_bad_taxonomy_files(hwclass, repo, tmp_path, case):
    text, words = TAXONOMIES[case]
    f = tmp_path / "tax.yaml"
    f.write_bytes(text if isinstance(text, bytes) else text.encode())
    bad(hwclass("classify", "v1.0..HEAD", "--repo", repo.path, "--taxonomy", f), *words)


def test_taxonomy_extends_cycle(hwclass, repo, tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n")
    bad(hwclass("classify", "v1.0..HEAD", "--repo", repo.path, "--taxonomy", tmp_path / "a.yaml"), "cycle")


@pytest.mark.parametrize("text,words", [
    ("classify: [\n", [".hwclass.yaml:", "invalid YAML"]),
    ("colour: red\n", [".hwclass.yaml:1", "colour"]),
    (b"\x80\x03}q\x00.", [".hwclass.yaml"]),
])
def test_bad_repository_configuration(hwclass, repo, text, words):
    (repo.path / ".hwclass.yaml").write_bytes(text if isinstance(text, bytes) else text.encode())
    bad(hwclass("classify", "v1.0..HEAD", "--repo", repo.path), *words)


# -- labelled data (hwclass train / evaluate) --------------------------------

GOOD = [{"text": f"Acme X{i} accelerometer", "kind": "iio"} for i in range(8)] + \
       [{"text": f"Acme C{i} audio codec", "kind": "audio"} for i in range(8)]


def jsonl(records) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


@pytest.fixture
def previous_model(tmp_path):
    """A model file from an earlier run (any bytes will do: train must not touch it on failure)."""
    f = tmp_path / "model.json"
    f.write_bytes(b'{"previous": "model"}\n')
    return f


def assert_untouched(model: Path):
    assert model.read_bytes() == b'{"previous": "model"}\n'
    assert [p.name for p in model.parent.iterdir() if p.name.startswith(".hwclass")] == []


DATA = {
    "missing-labels": ("d.jsonl", jsonl({"text": r["text"]} for r in GOOD), ["no labelled examples"]),
    "unknown-categories": ("d.jsonl", jsonl({"text": r["text"], "category": "Kitchen"} for r in GOOD),
                           ["no labelled examples"]),
    "unknown-kinds": ("d.jsonl", jsonl({"text": r["text"], "kind": "toaster"} for r in GOOD),
                      ["no labelled examples"]),
    "utf16": ("d.jsonl", jsonl(GOOD).encode("utf-16"), ["d.jsonl"]),
    "latin1-yaml": ("d.yaml", "- text: café\n  kind: iio\n".encode("latin-1"), ["d.yaml:1", "UTF-8"]),
    "malformed-yaml": ("d.yaml", "- text: [\n", ["d.yaml:", "invalid YAML"]),
    "malformed-json": ("d.json", '[{"text": "x", ', ["d.json"]),
    "pickle": ("d.jsonl", pickle.dumps(GOOD), ["d.jsonl", "binary"]),
    "unknown-suffix": ("d.txt", "hello\n", ["d.txt", "unknown data file type"]),
    "empty": ("d.jsonl", "", ["no labelled examples"]),
    "deep-yaml": ("d.yaml", "[" * 3000 + "]" * 3000 + "\n", ["d.yaml", "nest"]),
    "csv-huge-field": ("d.csv", "text,kind\n" + "a" * 200_000 + ",iio\n", ["d.csv"]),
}


@pytest.mark.parametrize("case", sorted(DATA))
def test_bad_labelled_data_for_train_and_evaluate(hwclass, tmp_path, previous_model, case):
    name, content, words = DATA[case]
    f = tmp_path / name
    f.write_bytes(content if isinstance(content, bytes) else content.encode())
    bad(hwclass("train", f, "--out", previous_model), *words)
    assert_untouched(previous_model)
    r = hwclass("evaluate", f)
    bad(r)


def test_deeply_nested_json_data(hwclass, tmp_path, previous_model):
    f = tmp_path / "d.json"
    f.write_text("[" * 100_000 + "]" * 100_000)
    bad(hwclass("train", f, "--out", previous_model), "d.json")


def test_data_missing_file_or_folder(hwclass, tmp_path, previous_model):
    bad(hwclass("train", tmp_path / "nope.jsonl", "--out", previous_model), "nope.jsonl")
    (tmp_path / "empty").mkdir()
    bad(hwclass("train", tmp_path / "empty", "--out", previous_model), "no data files")
    assert_untouched(previous_model)


def test_duplicate_and_partly_bad_records_are_skipped_with_file_and_line(hwclass, tmp_path):
    f = tmp_path / "d.jsonl"
    f.write_text(jsonl(GOOD + GOOD[:3] + [{"text": "no label"}, {"text": "x", "kind": "toaster"}]))
    out = tmp_path / "m.json"
    r = ok(hwclass("train", f, "--out", out))
    assert f"{f}:17: duplicate" in r.stderr and f"{f}:20:" in r.stderr and "toaster" in r.stderr
    assert out.exists() and json.loads(out.read_text())["format"] == "hwclass-text-model"


def test_a_train_that_fails_after_fitting_leaves_the_previous_model(hwclass, tmp_path, previous_model):
    f = tmp_path / "d.jsonl"
    f.write_text(jsonl(GOOD))
    bad(hwclass("train", f, "--out", previous_model, "--cv", "500"), "too few")
    assert_untouched(previous_model)


def test_train_into_a_missing_folder_or_read_only_file(hwclass, tmp_path, previous_model):
    f = tmp_path / "d.jsonl"
    f.write_text(jsonl(GOOD))
    bad(hwclass("train", f, "--out", tmp_path / "no" / "m.json"), "does not exist")
    os.chmod(previous_model, stat.S_IRUSR)
    bad(hwclass("train", f, "--out", previous_model), "read-only")
    assert_untouched(previous_model)


# -- model files ------------------------------------------------------------

@pytest.fixture(scope="module")
def model_bytes(tmp_path_factory):
    from hwclass.textmodel import Example, TextClassifier, save_model
    texts = [("Acme X1 accelerometer", "iio"), ("Bosch light sensor", "iio"), ("Acme ADC", "iio"),
             ("Realtek audio codec", "audio"), ("TI amplifier", "audio"), ("I2S sound card", "audio")]
    clf = TextClassifier(min_df=1).fit([Example(text=t) for t, _ in texts], [k for _, k in texts])
    path = tmp_path_factory.mktemp("model") / "m.json"
    save_model(clf, path, {})
    return path.read_bytes()


class _Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _edited(model_bytes, change):
    d = json.loads(model_bytes)
    change(d)
    return json.dumps(d).encode()


MODELS = {
    "truncated": (lambda m, _: m[: len(m) // 2], ["invalid JSON"]),
    "empty": (lambda m, _: b"", ["empty"]),
    "other-format-version": (lambda m, _: _edited(m, lambda d: d.update(format_version=99)), ["version 99"]),
    "other-format": (lambda m, _: _edited(m, lambda d: d.update(format="sklearn-pickle")), ["not an hwclass model"]),
    "wrong-coef-shape": (lambda m, _: _edited(m, lambda d: d["coef"].update(shape=[1, 1])), ["shape"]),
    "wrong-classes": (lambda m, _: _edited(m, lambda d: d.update(classes=d["classes"] + ["rtc"])), ["classes"]),
    "wrong-intercept": (lambda m, _: _edited(m, lambda d: d.update(intercept=[1, 2, 3])), ["intercept"]),
    "coef-not-base64": (lambda m, _: _edited(m, lambda d: d["coef"].update(data="!!")), ["coef"]),
    "pickle-renamed": (lambda m, marker: pickle.dumps(_Payload(marker)), ["pickle"]),
    "pickle-protocol-0": (lambda m, marker: pickle.dumps(_Payload(marker), protocol=0), []),
    "deep-json": (lambda m, _: b"[" * 100_000 + b"]" * 100_000, ["nested too deeply"]),
    "a-list": (lambda m, _: b"[1, 2]", ["list"]),
    "latin1": (lambda m, _: b'{"format": "\xe9"}', ["UTF-8"]),
}


@pytest.mark.parametrize("case", sorted(MODELS))
def test_bad_model_files_are_refused_and_never_run(hwclass, repo, tmp_path, model_bytes, monkeypatch, case):
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / MARKER
    make, words = MODELS[case]
    f = tmp_path / "model.json"
    f.write_bytes(make(model_bytes, marker))
    bad(hwclass("classify", "v1.0..HEAD", "--repo", repo.path, "--model", f), "model.json", *words)
    bad(hwclass("predict", "Acme accelerometer", "--model", f), "model.json", *words)
    bad(hwclass("evaluate", tmp_path / "nodata.jsonl", "--model", f))
    assert not marker.exists()


def test_the_good_model_file_works(hwclass, repo, tmp_path, model_bytes):
    f = tmp_path / "model.json"
    f.write_bytes(model_bytes)
    r = ok(hwclass("predict", "Acme accelerometer", "--model", f, "-f", "jsonl"))
    assert json.loads(r.stdout)["kind"] == "iio"
    ok(hwclass("classify", "v1.0..HEAD", "--repo", repo.path, "--model", f))


def test_model_missing_or_a_folder(hwclass, repo, tmp_path):
    bad(hwclass("classify", "v1.0..HEAD", "--repo", repo.path, "--model", tmp_path / "no.json"), "no.json")
    bad(hwclass("classify", "v1.0..HEAD", "--repo", repo.path, "--model", tmp_path), "folder")


def test_a_range_without_new_hardware_never_loads_the_model(hwclass, kernel_repo, tmp_path):
    # Nothing to categorise: the model file is not parsed (no numpy, no 0.3 s),
    # but one that cannot be read at all is refused as always.
    kernel_repo.write("drivers/misc/oldmisc.c", "int fixed;\n")
    kernel_repo.commit("misc: fix a typo")
    garbage = tmp_path / "model.json"
    garbage.write_text("{ this is not a model")
    r = ok(hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", garbage))
    assert "No new hardware" in r.stdout
    bad(hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", tmp_path / "no.json"), "no.json")
    bad(hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", tmp_path), "folder")
    # with something to categorise, the same file is refused
    kernel_repo.add_driver("drivers/iio/light", "ACME_AL2", "Acme AL2 ambient light sensor", "al2.c")
    kernel_repo.commit("iio: light: add Acme AL2")
    bad(hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "--model", garbage), "model.json")


# -- output files -----------------------------------------------------------

def test_output_is_a_folder(hwclass, repo, tmp_path):
    bad(classify(hwclass, repo.path, "-o", tmp_path), "folder")


def test_output_in_a_read_only_folder(hwclass, repo, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    ro = tmp_path / "ro"
    ro.mkdir()
    os.chmod(ro, stat.S_IRUSR | stat.S_IXUSR)
    try:
        bad(classify(hwclass, repo.path, "-o", ro / "out.json"), "not writable")
    finally:
        os.chmod(ro, stat.S_IRWXU)


def test_empty_output_name(hwclass, repo):
    bad(classify(hwclass, repo.path, "-o", ""), "output")


def test_output_through_a_symlink_keeps_the_link(hwclass, repo, tmp_path):
    target = tmp_path / "real.jsonl"
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    ok(classify(hwclass, repo.path, "-o", link))
    assert link.is_symlink() and "ACME_AL1" in target.read_text()


def test_output_to_a_fifo_is_written_not_replaced(hwclass, repo, tmp_path):
    # As -o /dev/stdout or -o /dev/null: a special file is written to, never replaced.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()), daemon=True)
    reader.start()
    ok(classify(hwclass, repo.path, "-o", fifo))
    reader.join(10)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and "ACME_AL1" in got[0]


def test_output_keeps_the_mode_of_the_file_it_replaces(hwclass, repo, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    os.chmod(out, 0o640)
    ok(classify(hwclass, repo.path, "-o", out))
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o640 and "ACME_AL1" in out.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["linux", "out.jsonl"]


# -- Ctrl-C -----------------------------------------------------------------

def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.fixture
def slow_repo(tmp_path):
    """A range that takes a few seconds to classify: one commit adding a 10 MB Kconfig."""
    kr = KernelRepo(tmp_path / "slow")
    kr.write("drivers/iio/light/Kconfig", "")
    kr.commit("base")
    kr.tag("v1.0")
    kr.write("drivers/iio/light/Kconfig", "".join(
        f'config SLOW_{i}\n\ttristate "Slowco S{i} light sensor"\n\thelp\n\t  Help for S{i}.\n\n'
        for i in range(160_000)))
    kr.commit("iio: light: many symbols")
    return kr


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to see the git child")
@pytest.mark.parametrize("existing", [True, False], ids=["existing-output", "new-output"])
def test_ctrl_c_exits_130_with_one_line_and_no_output_file(slow_repo, tmp_path, existing):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "out.json"
    if existing:
        out.write_text("previous result\n")
    cmd = [sys.executable, "-c", "from hwclass.cli import main; main()", "classify", "v1.0..HEAD",
           "--repo", str(slow_repo.path), "--model", "none", "-f", "json", "-o", str(out)]
    # A new session, and SIGINT to the whole group: what Ctrl-C in a terminal does.
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                         env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        deadline = time.monotonic() + 60
        while not _children(p.pid) and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)          # the scan has started once git runs
        assert p.poll() is None, "classify finished before it could be interrupted"
        time.sleep(0.1)
        os.killpg(p.pid, signal.SIGINT)
        stdout, stderr = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    err = stderr.decode()
    assert p.returncode == 130, err
    assert "Traceback" not in err and err.strip().splitlines() == ["hwclass: interrupted"]
    assert stdout == b""
    if existing:
        assert out.read_text() == "previous result\n"
        assert [f.name for f in out_dir.iterdir()] == ["out.json"]
    else:
        assert list(out_dir.iterdir()) == []


def test_kconfig_warnings_name_the_line_in_the_file(hwclass, kernel_repo):
    text, _ = KCONFIG_ODDITIES["unterminated-quote"]
    kernel_repo.append("drivers/iio/light/Kconfig", "\n" + text)
    kernel_repo.append("drivers/iio/light/Makefile", "obj-$(CONFIG_UNT1) += odd.o\n")
    kernel_repo.write("drivers/iio/light/odd.c", "int o;\n")
    kernel_repo.commit("iio: light: add UNT1")
    lines = (kernel_repo.path / "drivers/iio/light/Kconfig").read_text().splitlines()
    where = next(i for i, ln in enumerate(lines, 1) if "Untco" in ln)
    r = ok(classify(hwclass, kernel_repo.path))
    assert f"drivers/iio/light/Kconfig:{where}: unterminated" in r.stderr, r.stderr


def test_git_not_installed(repo, tmp_path):
    env = dict(os.environ, PATH=str(tmp_path / "empty-bin"))
    env.pop("GIT_PYTHON_GIT_EXECUTABLE", None)
    p = subprocess.run(HWCLASS + ["classify", "v1.0..HEAD", "--repo", str(repo.path), "--model", "none"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and "internal error" not in p.stderr, p.stderr
    assert "git" in p.stderr


def test_a_submodule_at_a_path_named_kconfig_is_skipped(hwclass, kernel_repo):
    # A gitlink is a commit id, not a blob: nothing to read, nothing to report.
    kernel_repo.add_driver("drivers/iio/light", "SUBK", "Subco SK1 light sensor", "sk1.c")
    kernel_repo.repo.git.update_index("--add", "--cacheinfo", f"160000,{'1' * 40},drivers/misc/Kconfig")
    kernel_repo.commit("iio: light: add SK1, and a submodule")
    r = hwclass("classify", "v1.0..HEAD", "--repo", kernel_repo.path, "-f", "jsonl", "--model", "none")
    assert r.exit_code == 0, r.output
    assert [json.loads(ln)["symbols"] for ln in r.stdout.splitlines()] == [["SUBK"]]
