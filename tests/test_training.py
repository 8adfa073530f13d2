"""Training: category-only labels, corrections that hold, evaluation and the train/evaluate files API."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest
import yaml

from hwclass.errors import HwclassError
from hwclass.labelled import LabelledData, load_examples
from hwclass.taxonomy import load_taxonomy
from hwclass.textmodel import Example, load_model
from hwclass import training

SHARED_LWN = Path(__file__).resolve().parents[2] / "shared" / "data" / "lwn"

VENDORS = ["Bosch", "Analog Devices", "Realtek", "Qualcomm", "NXP", "Maxim", "Rockchip", "MediaTek",
           "Texas Instruments", "Renesas"]
NOUNS = {
    "iio": ("accelerometer", "drivers/iio/accel"), "audio": ("audio codec", "sound/soc/codecs"),
    "pinctrl": ("pin controller", "drivers/pinctrl"), "rtc": ("real-time clock", "drivers/rtc"),
    "watchdog": ("watchdog timer", "drivers/watchdog"), "ethernet": ("Ethernet controller", "drivers/net/ethernet"),
}


def harvest_like(tmp_path, n=12) -> Path:
    rows = []
    for kind, (noun, folder) in NOUNS.items():
        for i in range(n):
            v = VENDORS[i % len(VENDORS)]
            model = f"{v[:2].upper()}{100 + i}{kind[:2]}"
            rows.append({"symbol": f"{kind.upper()}_{model}", "prompt": f"{v} {model} {noun}",
                         "help": f"Say Y to support the {v} {noun}.", "kconfig_path": f"{folder}/Kconfig",
                         "paths": [f"{folder}/{model.lower()}.c"], "kind": kind, "source": "harvest"})
    f = tmp_path / "harvest.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return f


def article(tmp_path, release: str, categories: dict[str, list[str]]) -> Path:
    """An LWN merge-window article's hardware list, as ../shared/data/lwn holds them."""
    f = tmp_path / f"lwn-{release}.yaml"
    f.write_text(yaml.safe_dump({"release": release, "categories": categories}, sort_keys=False))
    return f


def lwn_like(tmp_path) -> Path:
    return article(tmp_path, "9.9", {
        "Miscellaneous": ["Acme ZZ1 watchdog timers", "Acme ZZ2 watchdog timers"],
        "Realtime clocks": ["Acme ZZ3 real-time clocks"],
        "Audio": ["Acme ZZ4 audio codecs"]})


def test_category_only_examples_get_a_kind_of_their_category(tmp_path):
    tax = load_taxonomy("lwn")
    data = load_examples([harvest_like(tmp_path), lwn_like(tmp_path)], tax)
    kinds = training.label_kinds(data, tax)
    by_text = dict(zip((e.text for e in data.examples), kinds))
    assert by_text["Acme ZZ1 watchdog timers"] == "watchdog"   # Miscellaneous has ~40 kinds
    assert by_text["Acme ZZ3 real-time clocks"] == "rtc"       # Clock: clock or rtc
    assert by_text["Acme ZZ4 audio codecs"] == "audio"         # Sound has one kind
    for k, c in zip(kinds, data.categories):
        assert tax.category_of(k) == c


def test_train_and_evaluate_files(tmp_path):
    out = tmp_path / "model.json"
    res = training.train_files([harvest_like(tmp_path), lwn_like(tmp_path)], out=out, folds=3)
    assert out.exists() and res.path == str(out)
    text = res.summary()
    assert "examples" in text and "cross-validated (3 folds)" in text and str(out) in text
    m = load_model(out)
    assert m.metadata["metrics"]["cross_validation"]["category_accuracy"] > 0.8
    assert len(m.metadata["training_data_sha256"]) == 64
    assert m.taxonomy_name == "lwn" and m.kind_category["rtc"] == "Clock"
    rows = training.predict_texts(m, ["Foo XQ9 accelerometer", "Foo XQ9 watchdog timer"])
    assert [r["category"] for r in rows] == ["Industrial I/O", "Miscellaneous"]
    assert all(0 < r["confidence"] <= 1 and r["features"] for r in rows)
    report = training.evaluate_files([lwn_like(tmp_path)], model=out)
    assert report["n"] == 4 and report["category_accuracy"] >= 0.75
    shown = training.format_report(report)
    assert "category accuracy" in shown and "confusion" in shown
    # under another taxonomy the same kinds land in that taxonomy's categories
    old = training.evaluate(m, load_examples([lwn_like(tmp_path)], "lwn-2015"), "lwn-2015")
    assert "Watchdog" in old["per_category"] and old["taxonomy"] == "lwn-2015"


def test_evaluate_scores_lwn_articles_as_lists_too(tmp_path):
    out = tmp_path / "model.json"
    training.train_files([harvest_like(tmp_path)], out=out)
    lwn = article(tmp_path, "9.10", {
        "Miscellaneous": ["Acme ZZ1 watchdog timers", "Acme ZZ2 watchdog timers", "Acme ZZ3 real-time clocks"],
        "Sound": ["Acme ZZ4 audio codecs", "Acme ZZ5 audio codecs"]})
    report = training.evaluate_files([lwn], model=out)
    # the lone clock is in no section of its own in the article, as markdown would show it
    assert report["category_accuracy_argmax_kind"] == 0.8
    assert report["lists"] == {"n": 5, "n_lists": 1, "category_accuracy": 1.0}
    assert "as published lists: 1.000" in training.format_report(report)
    # lwn-2015 folds nothing: no list figure
    assert "lists" not in training.evaluate_files([lwn], model=out, taxonomy="lwn-2015")


def test_failing_training_leaves_the_previous_model(tmp_path):
    out = tmp_path / "model.json"
    training.train_files([harvest_like(tmp_path)], out=out)
    before = out.read_bytes()
    empty = tmp_path / "empty.jsonl"
    empty.write_text(json.dumps({"text": "no label"}) + "\n")
    with pytest.raises(HwclassError):
        training.train_files([empty], out=out)
    assert out.read_bytes() == before


def test_corrections_outweigh_the_base_data(tmp_path):
    """A person's corrections (classify's YAML, edited) hold after retraining on top of base data."""
    base = harvest_like(tmp_path, n=30)
    out = tmp_path / "model.json"
    training.train_files([base], out=out)
    m = load_model(out)
    items = ["Bosch BO100au audio codec", "Realtek RE102au audio codec"]   # in the base data as audio
    assert [p.kind for p in m.predict([Example(text=t) for t in items])] == ["audio", "audio"]
    corrected = tmp_path / "corrected.yaml"
    corrected.write_text("".join(textwrap.dedent(f"""
        - commit: abc{i}
          subject: "ASoC: add {t}"
          type: driver
          hardware: {t}
          kind: audio
          category: Miscellaneous
          confidence: 0.9
          decided_by: model
          review: []
          symbols: []
          paths: []
    """) for i, t in enumerate(items)))
    training.train_files([corrected], base=[base], out=out)
    m = load_model(out)
    tax = load_taxonomy("lwn")
    again = m.predict([Example(text=t, subject=f"ASoC: add {t}") for t in items])
    assert [tax.category_of(p.kind) for p in again] == ["Miscellaneous", "Miscellaneous"]
    # ... and the rest of the base data is still learnt
    other = m.predict([Example(text="Maxim MA105au audio codec", paths=["sound/soc/codecs/ma105au.c"])])
    assert other[0].kind == "audio"


def test_confusion_matrix_and_release_order():
    labels, m = training.confusion_matrix(["a", "a", "b"], ["a", "b", "b"])
    assert labels == ["a", "b"] and m.tolist() == [[1, 1], [0, 1]]
    assert sorted(["5.16", "2.6.39", "6.1", "5.2"], key=training.release_key) == ["2.6.39", "5.2", "5.16", "6.1"]


def test_cross_validation_refuses_too_little_data():
    d = LabelledData()
    d.append(Example(text="x"), "iio", "Industrial I/O")
    with pytest.raises(HwclassError, match="too few"):
        training.cross_validate(d, "lwn", folds=5)


def test_heldout_on_shared_lwn_data_beats_nothing_silly():
    if not SHARED_LWN.is_dir():
        pytest.skip(f"shared LWN data not found at {SHARED_LWN}")
    # LWN text only (no harvest) keeps this test fast; the full figure is in models/README.md
    r = training.heldout_report(SHARED_LWN, harvest_source=None, train_until="5.15",
                                test_from="5.16", test_to="6.1", params={"max_iter": 30})
    assert r["n_test"] > 300
    assert r["model"]["category_accuracy"] > 0.6 and r["baseline"]["category_accuracy"] > 0.5


def test_harvest_examples_also_train_as_bare_names(tmp_path):
    tax = load_taxonomy("lwn")
    data = load_examples([harvest_like(tmp_path)], tax)
    views = training.name_views(data)
    assert len(views) == len(data) and set(views.origins) == {"harvest-name"}
    assert all(not v.help and not v.paths and not v.symbol for v in views.examples)
    assert views.kinds == data.kinds
    # "Support for ..." / "... driver" wording is cut as LWN would
    rec = {"symbol": "ACME_X1", "prompt": "Support for Acme X1 light sensor driver", "help": "h",
           "paths": ["drivers/iio/light/x1.c"], "kind": "iio", "source": "harvest"}
    f = tmp_path / "one.jsonl"
    f.write_text(json.dumps(rec) + "\n")
    assert [e.text for e in training.name_views(load_examples([f], tax)).examples] == ["Acme X1 light sensor"]
    # a help text that says what it supports gives a second name, in its own words
    rec["help"] = "This driver adds support for the Acme X1 ambient light and proximity sensor."
    f.write_text(json.dumps(rec) + "\n")
    views = training.name_views(load_examples([f], tax))
    assert [e.text for e in views.examples] == ["Acme X1 light sensor", "Acme X1 ambient light and proximity sensor"]
    assert views.kinds == ["iio", "iio"]
    # trained on both views, a bare LWN-style line with no path is classified by its words
    res = training.train(data, tax)
    pred = res.classifier.predict([Example(text="Zeta QQ9 pin controllers"), Example(text="Zeta QQ8 watchdog timers")])
    assert pred == ["pinctrl", "watchdog"]
    assert "harvest-name" in res.metadata["examples_by_origin"]


def test_trained_with_name_views_a_category_model_is_blended_in_and_saved(tmp_path):
    tax = load_taxonomy("lwn")
    out = tmp_path / "m.json"
    res = training.train_files([harvest_like(tmp_path)], out=out)
    assert res.classifier.category_model_ is not None
    loaded = load_model(out)
    assert loaded.category is not None
    assert loaded.category["weight"] == training.CATEGORY_BLEND
    assert set(loaded.category["classes"]) <= set(tax.kind_category.values())
    probe = [Example(text="Zeta QQ9 pin controllers"), Example(text="Zeta QQ8 real-time clocks")]
    assert np.max(np.abs(loaded.predict_proba(probe) - res.classifier.predict_proba(probe))) < 1e-9
    assert [p.kind for p in loaded.predict(probe)] == ["pinctrl", "rtc"]


def test_harvested_part_numbers_settle_a_name_only_item_and_corrections_win(tmp_path):
    tax = load_taxonomy("lwn")
    f = harvest_like(tmp_path)
    extra = [("Acme QX7700 real-time clock", "rtc", "drivers/rtc"),
             ("Acme SM9999 pin controller", "pinctrl", "drivers/pinctrl"),
             ("Acme SM9999 audio codec", "audio", "sound/soc/codecs")]
    with f.open("a") as fh:
        for prompt, kind, folder in extra:
            fh.write(json.dumps({"symbol": "X", "prompt": prompt, "help": "Say Y to support the Acme AB1234 part.",
                                 "paths": [f"{folder}/x.c"], "kind": kind, "source": "harvest"}) + "\n")
    data = load_examples([f], tax)
    res = training.train(data, tax)
    table = res.classifier.part_kinds_
    assert table["qx7700"] == "rtc"
    assert "sm9999" not in table          # an SoC-like name seen with two kinds says nothing
    assert "ab1234" not in table          # help texts are never read
    probe = [Example(text="Acme QX7700 audio codecs"),
             Example(text="Acme QX7700 audio codecs", paths=["sound/soc/codecs/qx7700.c"])]
    assert res.classifier.predict(probe) == ["rtc", "audio"]
    out = tmp_path / "m.json"
    training.save_model(res.classifier, out, res.metadata, kind_category=res.kind_category, taxonomy_name="lwn")
    loaded = load_model(out)
    assert np.max(np.abs(loaded.predict_proba(probe) - res.classifier.predict_proba(probe))) < 1e-9
    # a person says QX7700 is sound hardware: the lookup no longer overrules that
    corr = LabelledData(taxonomy_name="lwn")
    corr.append(Example(text="Acme QX7700 audio codecs"), None, "Sound", 1.0, None, "records", "c:1")
    res2 = training.train(data, tax, corrections=corr)
    assert "qx7700" not in res2.classifier.part_kinds_
    assert tax.category_of(res2.classifier.predict(probe[:1])[0]) == "Sound"


def _write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _two_releases(tmp_path):
    """A newer harvest and an older one: one driver in both, one re-prompted,
    one removed before the newer release (with its part number)."""
    def rec(symbol, prompt, kind, folder):
        return {"symbol": symbol, "prompt": prompt, "help": "Say Y.", "kconfig_path": f"{folder}/Kconfig",
                "paths": [f"{folder}/{symbol.lower()}.c"], "kind": kind, "source": "harvest"}
    new = [rec("RTC_ZQ1", "Zeta ZQ1 real-time clock", "rtc", "drivers/rtc"),
           rec("PINCTRL_ZQ2", "Zeta ZQ2 pin controller", "pinctrl", "drivers/pinctrl")]
    old = [rec("RTC_ZQ1", "Zeta  ZQ1 real-time clock", "rtc", "drivers/rtc"),          # same driver
           rec("PINCTRL_ZQ2", "Zeta ZQ2 pin control support", "pinctrl", "drivers/pinctrl"),  # re-prompted
           rec("RTC_QX7761", "Acme QX7761 real-time clock", "rtc", "drivers/rtc")]      # removed later
    return (_write_jsonl(tmp_path / "new.jsonl", new + [json.loads(l) for l in harvest_like(tmp_path).read_text().splitlines()]),
            _write_jsonl(tmp_path / "old.jsonl", old))


def test_two_releases_harvests_merge_and_teach_a_removed_drivers_part_number(tmp_path):
    tax = load_taxonomy("lwn")
    new, old = _two_releases(tmp_path)
    counts = []
    merged = training.merge_harvests([load_examples([new], tax), load_examples([old], tax)], counts)
    texts = [e.text for e in merged.examples]
    assert counts[1] == (3, 2) and counts[0][0] == counts[0][1]
    assert texts.count("Zeta ZQ1 real-time clock") == 1 and "Zeta  ZQ1 real-time clock" not in texts
    assert "Zeta ZQ2 pin control support" in texts and "Acme QX7761 real-time clock" in texts
    # the same through `hwclass train NEW OLD` (files of one harvest each)
    res = training.train_files([new, old], out=tmp_path / "m.json")
    assert res.metadata["examples_by_origin"]["harvest"] == len(merged)
    assert res.classifier.part_kinds_["qx7761"] == "rtc"     # known only to the older release
    probe = [Example(text="Acme QX7761 audio codecs")]
    assert res.classifier.predict(probe) == ["rtc"]
    only_new = training.train_files([new], out=tmp_path / "n.json")
    assert "qx7761" not in only_new.classifier.part_kinds_


def test_build_takes_several_kernels_and_fails_on_a_missing_one(tmp_path, capsys):
    new, old = _two_releases(tmp_path)
    lwn = tmp_path / "lwn"
    lwn.mkdir()
    lwn_like(lwn)
    out = tmp_path / "model.json"
    args = ["--build", "--kernel", str(new), "--kernel", str(old), "--lwn", str(lwn), "--out", str(out), "--folds", "0"]
    assert training.main(args) == 0
    used = load_model(out).metadata["training_data"]["harvest"]
    assert [(u["source"], u["kept"]) for u in used] == [(str(new), used[0]["examples"]), (str(old), 2)]
    before = out.read_bytes()
    args[4] = str(tmp_path / "linux-source-6.1.tar.xz")
    assert training.main(args) == 2
    assert "linux-source-6.1.tar.xz: kernel tarball not found" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_build_without_the_older_tarball_uses_the_newer_alone_and_says_so(tmp_path, capsys, monkeypatch):
    new, _ = _two_releases(tmp_path)
    missing = tmp_path / "linux-source-6.1.tar.xz"
    monkeypatch.setattr(training, "DEFAULT_KERNELS", (new, missing))
    lwn = tmp_path / "lwn"
    lwn.mkdir()
    lwn_like(lwn)
    out = tmp_path / "model.json"
    assert training.main(["--build", "--lwn", str(lwn), "--out", str(out), "--folds", "0"]) == 0
    assert f"note: {missing} not found: harvesting {new} only" in capsys.readouterr().err
    assert [u["source"] for u in load_model(out).metadata["training_data"]["harvest"]] == [str(new)]
