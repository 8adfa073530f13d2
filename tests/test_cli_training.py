"""The text model from the command line, as a user drives it: harvest a tree, train on it,
predict, evaluate (a quality gate), and the retraining loop - classify, correct the YAML
by hand, train on the corrections, classify again and see them hold."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from conftest import one_line_error

# A small kernel-shaped tree: prompted drivers whose folders the rules decide.
TREE = {
    "drivers/iio/accel": [("BMA400", "Bosch BMA400 3-axis accelerometer", "bma400"),
                          ("ADXL345", "Analog Devices ADXL345 3-axis accelerometer", "adxl345"),
                          ("KXSD9", "Kionix KXSD9 accelerometer", "kxsd9")],
    "drivers/iio/light": [("APDS9960", "Avago APDS9960 gesture/RGB/ALS/proximity sensor", "apds9960"),
                          ("TSL2583", "TAOS TSL2583 ambient light sensor", "tsl2583")],
    "drivers/gpio": [("GPIO_PCA953X", "PCA953x I2C GPIO expanders", "gpio-pca953x"),
                     ("GPIO_MAX732X", "MAX7319 I2C GPIO expanders", "gpio-max732x"),
                     ("GPIO_TPIC2810", "TPIC2810 8-bit I2C GPO expander", "gpio-tpic2810"),
                     ("GPIO_PCF857X", "PCF857x I2C GPIO expanders", "gpio-pcf857x")],
    "sound/soc/codecs": [("SND_SOC_RT5682", "Realtek RT5682 audio codec", "rt5682"),
                         ("SND_SOC_DA7219", "Dialog DA7219 audio codec", "da7219"),
                         ("SND_SOC_WM8998", "Wolfson WM8998 audio codec", "wm8998"),
                         ("SND_SOC_TAS2770", "Texas Instruments TAS2770 audio amplifier", "tas2770")],
}
CATEGORY = {"drivers/iio/accel": "Industrial I/O", "drivers/iio/light": "Industrial I/O",
            "drivers/gpio": "GPIO and pin control", "sound/soc/codecs": "Sound"}


def make_tree(root: Path) -> Path:
    for folder, drivers in TREE.items():
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "Kconfig").write_text("".join(
            f'config {sym}\n\ttristate "{prompt}"\n\tdepends on I2C\n\thelp\n'
            f"\t  Say Y here to build support for the {prompt}.\n\n" for sym, prompt, _ in drivers))
        (root / folder / "Makefile").write_text("".join(
            f"obj-$(CONFIG_{sym}) += {src}.o\n" for sym, _, src in drivers))
    # not a driver: no prompt, no sources
    (root / "kernel").mkdir(exist_ok=True)
    (root / "kernel" / "Kconfig").write_text("config SOME_CORE\n\tbool\n")
    return root


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """`hwclass harvest tree -o harvest.jsonl`, then `hwclass train harvest.jsonl --out model.json --cv 2`."""
    from click.testing import CliRunner
    from hwclass.cli import cli
    where = tmp_path_factory.mktemp("trained")
    tree = make_tree(where / "tree")
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart already
        runner = CliRunner()
    harvest = runner.invoke(cli, ["harvest", str(tree), "-o", str(where / "harvest.jsonl")])
    train = runner.invoke(cli, ["train", str(where / "harvest.jsonl"), "--out", str(where / "model.json"),
                                "--cv", "2"])
    return where, harvest, train


def test_harvest_writes_one_record_per_driver(trained):
    where, harvest, _ = trained
    assert harvest.exit_code == 0, harvest.output
    assert harvest.stdout.strip() == f"13 examples written to {where / 'harvest.jsonl'}"
    records = [json.loads(ln) for ln in (where / "harvest.jsonl").read_text().splitlines()]
    by_symbol = {r["symbol"]: r for r in records}
    assert set(by_symbol) == {sym for drivers in TREE.values() for sym, _, _ in drivers}
    assert by_symbol["BMA400"]["kind"] == "iio"
    assert by_symbol["BMA400"]["paths"] == ["drivers/iio/accel/bma400.c"]
    assert by_symbol["SND_SOC_RT5682"]["kind"] == "audio"


def test_harvest_to_stdout_and_bad_sources(hwclass, tmp_path):
    make_tree(tmp_path / "tree")
    r = hwclass("harvest", tmp_path / "tree")
    assert r.exit_code == 0
    assert len([json.loads(ln) for ln in r.stdout.splitlines()]) == 13
    r = hwclass("harvest", tmp_path / "missing", "-o", tmp_path / "out.jsonl")
    assert r.exit_code == 2
    assert "no such folder or file" in one_line_error(r)
    assert not (tmp_path / "out.jsonl").exists()
    r = hwclass("harvest", tmp_path / "tree", "--rev", "v1.0", "-o", tmp_path / "out.jsonl")
    assert r.exit_code == 2
    one_line_error(r)


def test_harvest_a_git_revision(hwclass, kernel_repo, tmp_path):
    kernel_repo.add_driver("drivers/iio/light", "NEW_LIGHT", "Acme AL200 ambient light sensor", "al200.c")
    kernel_repo.commit("iio: light: add Acme AL200")
    r = hwclass("harvest", kernel_repo.path, "--rev", "v1.0", "-o", tmp_path / "v1.jsonl")
    assert r.exit_code == 0, r.output
    symbols = {json.loads(ln)["symbol"] for ln in (tmp_path / "v1.jsonl").read_text().splitlines()}
    assert "OLD_LIGHT" in symbols and "NEW_LIGHT" not in symbols


def test_train_prints_a_summary_and_writes_the_model(trained):
    where, _, train = trained
    assert train.exit_code == 0, train.output
    assert "trained on" in train.stdout and "harvest: 13" in train.stdout
    assert "cross-validated (2 folds)" in train.stdout
    assert f"model written to {where / 'model.json'}" in train.stdout
    doc = json.loads((where / "model.json").read_text())
    assert isinstance(doc, dict)


def test_predict_with_the_trained_model(hwclass, trained):
    where, _, _ = trained
    model = where / "model.json"
    r = hwclass("predict", "--model", model, "-f", "json", "Acme XY300 3-axis accelerometer",
                "Acme XY400 audio codec", "Acme XY500 I2C GPIO expander")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [row["category"] for row in rows] == ["Industrial I/O", "Sound", "GPIO and pin control"]
    assert [row["kind"] for row in rows] == ["iio", "audio", "gpio"]
    assert all(0 < row["confidence"] <= 1 for row in rows)
    assert any("accelerometer" in f["feature"] for f in rows[0]["features"])

    r = hwclass("predict", "--model", model, "Acme XY400 audio codec")   # the table
    assert r.exit_code == 0
    header, line = r.stdout.splitlines()
    assert header.split()[:4] == ["TEXT", "CATEGORY", "KIND", "CONF"]
    assert line.startswith("Acme XY400 audio codec") and " Sound " in line and " audio " in line


def test_predict_reads_one_text_a_line(hwclass, trained, tmp_path):
    where, _, _ = trained
    names = tmp_path / "names.txt"
    names.write_text("Acme XY300 3-axis accelerometer\n\nAcme XY400 audio codec\n")
    r = hwclass("predict", "--model", where / "model.json", "--input", names, "-f", "jsonl")
    assert r.exit_code == 0, r.output
    rows = [json.loads(ln) for ln in r.stdout.splitlines()]
    assert [(row["text"], row["category"]) for row in rows] == [
        ("Acme XY300 3-axis accelerometer", "Industrial I/O"), ("Acme XY400 audio codec", "Sound")]
    assert set(rows[0]) == {"text", "kind", "category", "confidence"}
    r = hwclass("predict", "--model", where / "model.json", "-i", "-", "-f", "jsonl",
                input="Acme XY400 audio codec\n")
    assert json.loads(r.stdout)["category"] == "Sound"


def test_predict_reads_the_path_too(hwclass, trained):
    where, _, _ = trained

    def category(*path):
        r = hwclass("predict", "--model", where / "model.json", "Acme XY600 controller", *path, "-f", "jsonl")
        assert r.exit_code == 0, r.stderr
        return json.loads(r.stdout)["category"]
    assert category("--path", "drivers/gpio/gpio-xy600.c") == "GPIO and pin control"
    assert category("--path", "sound/soc/codecs/xy600.c") == "Sound"


def test_predict_batch_of_ten_thousand(hwclass, trained, tmp_path):
    where, _, _ = trained
    names = tmp_path / "names.txt"
    names.write_text("".join(f"Acme XY{i} {('accelerometer', 'audio codec', 'GPIO expander')[i % 3]}\n"
                             for i in range(10000)))
    r = hwclass("predict", "--model", where / "model.json", "--input", names, "-f", "jsonl")
    assert r.exit_code == 0
    rows = r.stdout.splitlines()
    assert len(rows) == 10000
    assert json.loads(rows[9999])["text"] == "Acme XY9999 accelerometer"


def test_predict_refuses_no_text_and_bad_models(hwclass, tmp_path):
    r = hwclass("predict")
    assert r.exit_code == 2
    assert "no text to predict" in one_line_error(r)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    assert hwclass("predict", "--input", empty).exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "hwclass-text-model", "kinds": [')
    r = hwclass("predict", "--model", bad, "Acme audio codec")
    assert r.exit_code == 2
    assert str(bad) in one_line_error(r)
    pickle = tmp_path / "model.pkl"
    pickle.write_bytes(b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00\x8c\x07sklearn\x94.")
    r = hwclass("predict", "--model", pickle, "Acme audio codec")
    assert r.exit_code == 2
    assert "pickle" in one_line_error(r)
    r = hwclass("predict", "--model", tmp_path / "nowhere.json", "Acme audio codec")
    assert r.exit_code == 2
    assert "no such model file" in one_line_error(r)


def test_evaluate_as_a_quality_gate(hwclass, trained, tmp_path):
    where, _, _ = trained
    model, data = where / "model.json", where / "harvest.jsonl"
    r = hwclass("evaluate", data, "--model", model, "--min-accuracy", "0.9", "--min-macro-f1", "0.9")
    assert r.exit_code == 0, r.output + r.stderr
    assert re.search(r"category accuracy: 1\.000 +macro F1: 1\.000", r.stdout)
    assert re.search(r"^Industrial I/O +1\.000 +1\.000 +1\.000 +5$", r.stdout, re.M)
    assert "confusion (rows: truth, columns: predicted)" in r.stdout

    # Hold-out data the model gets wrong: each label swapped for another category's.
    swap = {"iio": "audio", "audio": "gpio", "gpio": "iio"}
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text("".join(json.dumps(dict(rec, kind=swap[rec["kind"]])) + "\n"
                             for rec in map(json.loads, data.read_text().splitlines())))
    r = hwclass("evaluate", wrong, "--model", model, "--min-accuracy", "0.5")
    assert r.exit_code == 1
    assert "category accuracy: 0.000" in r.stdout
    assert one_line_error(r) == "hwclass: evaluate: failed: category accuracy 0.000 is below --min-accuracy 0.5"
    r = hwclass("evaluate", wrong, "--model", model, "--min-macro-f1", "0.2")
    assert r.exit_code == 1 and "below --min-macro-f1 0.2" in one_line_error(r)
    assert hwclass("evaluate", wrong, "--model", model).exit_code == 0     # no bar, no gate


def test_evaluate_refuses_what_it_cannot_run(hwclass, trained, tmp_path):
    where, _, _ = trained
    data = where / "harvest.jsonl"
    bad = tmp_path / "model.json"
    bad.write_text("not json at all")
    r = hwclass("evaluate", data, "--model", bad, "--min-accuracy", "0.5")
    assert r.exit_code == 2
    assert f"{bad}:1: invalid JSON" in one_line_error(r)
    r = hwclass("evaluate", tmp_path / "missing.jsonl", "--model", where / "model.json")
    assert r.exit_code == 2 and "no such file" in one_line_error(r)
    r = hwclass("evaluate", data, "--model", where / "model.json", "--plot", tmp_path / "confusion.png")
    if importlib.util.find_spec("matplotlib") is None:
        assert r.exit_code == 2
        assert one_line_error(r) == "hwclass: error: matplotlib is not installed: pip install 'hwclass[plot]'"
    else:
        assert r.exit_code == 0
        assert (tmp_path / "confusion.png").read_bytes()[:4] == b"\x89PNG"


def test_failed_training_leaves_the_previous_model(hwclass, trained, tmp_path):
    where, _, _ = trained
    model = tmp_path / "model.json"
    model.write_bytes((where / "model.json").read_bytes())
    before = model.read_bytes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Acme audio codec", "kind": "audio"}\n{"text": "Acme thing", "kind": "gizmo"}\n')
    r = hwclass("train", bad, "--out", model, "--strict")
    assert r.exit_code == 2
    assert f"{bad}:2: unknown kind 'gizmo'" in one_line_error(r)
    r = hwclass("train", where / "harvest.jsonl", "--model", model, "--folds", "10")
    assert r.exit_code == 2
    assert "too few" in one_line_error(r)
    assert model.read_bytes() == before
    assert list(tmp_path.iterdir()) == [model, bad] or sorted(tmp_path.iterdir()) == sorted([model, bad])


def test_train_lists_skipped_records_on_stderr(hwclass, tmp_path):
    data = tmp_path / "data.jsonl"
    good = [{"text": f"Acme AC{i} audio codec", "kind": "audio"} for i in range(3)]
    bad = [{"text": f"Acme ZZ{i} thing", "kind": "gizmo"} for i in range(25)]
    data.write_text("".join(json.dumps(r) + "\n" for r in good + bad))
    r = hwclass("train", data, "--out", tmp_path / "m.json")
    assert r.exit_code == 0, r.stderr
    warnings = r.stderr.splitlines()
    assert len(warnings) == 21
    assert warnings[0] == f"hwclass: warning: {data}:4: unknown kind 'gizmo' (see kinds.yaml)"
    assert warnings[-1] == "hwclass: warning: ... and 5 more"
    assert "25 records skipped or with warnings" in r.stdout


# -- the retraining loop (README "Retraining") ----------------------------------------

def edit_item(yaml_text: str, hardware: str, **changes) -> str:
    """Change keys of the one item named ``hardware`` in classify's YAML, line by line, as in an editor."""
    blocks = re.split(r"(?m)^(?=- commit: )", yaml_text)
    [i] = [i for i, b in enumerate(blocks) if f"\n  hardware: {hardware}\n" in b]
    for key, value in changes.items():
        blocks[i], n = re.subn(rf"(?m)^  {key}: .*$", f"  {key}: {value}", blocks[i])
        assert n == 1
    return "".join(blocks)


def test_retraining_loop_corrections_hold(hwclass, kernel_repo, trained, tmp_path, monkeypatch):
    where, _, _ = trained
    # New hardware in places the path rules leave to the model.
    kernel_repo.add_driver("drivers/misc", "ACME_AW100", "Acme AW100 widget controller", "aw100.c")
    kernel_repo.commit("misc: add the Acme AW100 widget controller")
    kernel_repo.add_driver("drivers/mfd", "ACME_ZQ5", "Acme ZQ5 companion chip", "acme-zq5.c")
    kernel_repo.commit("mfd: add the Acme ZQ5 companion chip")
    kernel_repo.add_driver("sound/soc/codecs", "SND_SOC_AC1", "Acme AC1 audio codec", "ac1.c")
    kernel_repo.commit("ASoC: codecs: add the Acme AC1")
    monkeypatch.chdir(kernel_repo.path)

    # 1. classify, as YAML
    r = hwclass("classify", "v1.0..HEAD", "--format", "yaml", "-o", "out.yaml")
    assert r.exit_code == 0, r.stderr
    before = {it["hardware"]: it for it in json.loads(hwclass("classify", "v1.0..HEAD", "-f", "json").stdout)}
    assert before["Acme AW100 widget controller"]["decided_by"] == "model"
    assert before["Acme AW100 widget controller"]["category"] != "Input"
    assert before["Acme ZQ5 companion chip"]["category"] != "Clock"

    # 2. a person corrects two items: the widget is a keypad controller (kind and category),
    #    the companion chip a real-time clock (category only)
    text = Path("out.yaml").read_text()
    text = edit_item(text, "Acme AW100 widget controller", kind="input", category="Input")
    text = edit_item(text, "Acme ZQ5 companion chip", category="Clock")
    Path("out.yaml").write_text(text)

    # 3. train on the corrections, over base data
    r = hwclass("train", "out.yaml", "--base", where / "harvest.jsonl", "--out", tmp_path / "mine.json")
    assert r.exit_code == 0, r.stderr
    assert "classify: 3" in r.stdout     # the three items of out.yaml

    # 4. classify with the retrained model: the corrections hold
    r = hwclass("classify", "v1.0..HEAD", "--model", tmp_path / "mine.json", "-f", "json")
    assert r.exit_code == 0, r.stderr
    after = {it["hardware"]: it for it in json.loads(r.stdout)}
    assert after["Acme AW100 widget controller"]["kind"] == "input"
    assert after["Acme AW100 widget controller"]["category"] == "Input"
    assert after["Acme ZQ5 companion chip"]["category"] == "Clock"
    assert after["Acme ZQ5 companion chip"]["kind"] in ("clock", "rtc")
    assert after["Acme AC1 audio codec"]["category"] == "Sound"       # the rule still decides
    # and the shipped model is what classify uses without --model
    again = {it["hardware"]: it for it in json.loads(hwclass("classify", "v1.0..HEAD", "-f", "json").stdout)}
    assert again["Acme AW100 widget controller"]["category"] == before["Acme AW100 widget controller"]["category"]
