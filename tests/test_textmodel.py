"""The text model: sklearn-fitted and file-loaded predictions agree; model files are data only."""

from __future__ import annotations

import base64
import gzip
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from hwclass.errors import HwclassError, ModelFileError
from hwclass.textmodel import (Example, TextClassifier, default_model_path, load_model,
                               save_model)

KINDS = {
    "iio": ["{v} {m} accelerometer", "{v} {m} ambient light sensor", "{v} {m} 16-bit ADC", "{v} {m} pressure sensor"],
    "audio": ["{v} {m} audio codec", "{v} {m} speaker amplifier", "{v} {m} sound card", "{v} {m} I2S controller"],
    "pinctrl": ["{v} {m} pin controller", "{v} {m} pinmux", "{v} {m} pin control driver", "{v} {m} pinctrl"],
    "rtc": ["{v} {m} real-time clock", "{v} {m} RTC", "{v} {m} battery-backed clock chip", "{v} {m} RTC driver"],
}
PATHS = {"iio": "drivers/iio/adc/{f}.c", "audio": "sound/soc/codecs/{f}.c",
         "pinctrl": "drivers/pinctrl/{f}.c", "rtc": "drivers/rtc/rtc-{f}.c"}
VENDORS = ["Bosch", "Analog Devices", "Realtek", "Qualcomm", "NXP", "Maxim", "Rockchip", "MediaTek"]


def synthetic(n_per_kind=24, seed=0):
    rng = np.random.default_rng(seed)
    ex, y = [], []
    for kind, templates in KINDS.items():
        for i in range(n_per_kind):
            v = VENDORS[rng.integers(len(VENDORS))]
            m = f"{v[:2].upper()}{rng.integers(1000, 9999)}"
            text = templates[i % len(templates)].format(v=v, m=m)
            paths = [PATHS[kind].format(f=m.lower())] if i % 2 else []
            ex.append(Example(text=text, help=f"Say Y here to support the {text}." if i % 3 else "",
                              paths=paths, symbol=f"{kind.upper()}_{m}" if i % 2 else ""))
            y.append(kind)
    return ex, y


@pytest.fixture(scope="module")
def fitted():
    ex, y = synthetic()
    return TextClassifier(min_df=1).fit(ex, y), ex, y


@pytest.fixture()
def model_file(fitted, tmp_path):
    clf, _, _ = fitted
    path = tmp_path / "model.json"
    save_model(clf, path, {"metrics": {"note": "test"}, "training_data_sha256": "0" * 64},
               kind_category={"iio": "Industrial I/O", "audio": "Sound", "pinctrl": "GPIO and pin control",
                              "rtc": "Clock"}, taxonomy_name="lwn")
    return path


def test_fit_predicts_the_training_kinds(fitted):
    clf, ex, y = fitted
    assert list(clf.classes_) == sorted(KINDS)
    assert clf.score(ex, y) > 0.95
    proba = clf.predict_proba(ex[:5])
    assert proba.shape == (5, 4)
    assert np.allclose(proba.sum(axis=1), 1.0)


def test_loaded_model_matches_sklearn_pipeline_exactly(fitted, model_file):
    clf, ex, _ = fitted
    unseen = [Example(text="Sitronix ST7735 pin multiplexer"), Example(text="new RTC chip from Epson"),
              Example(text="", paths=["drivers/iio/light/foo.c"]), Example(text="zzz unknown words"),
              Example(text="Texas Instruments TAS2781 amplifier", help="long help " * 500)]
    batch = ex + unseen
    loaded = load_model(model_file)
    sk = clf.pipeline_.predict_proba(batch)          # scikit-learn's own pipeline
    ours = loaded.predict_proba(batch)
    assert np.max(np.abs(sk - ours)) < 1e-9
    assert [p.kind for p in loaded.predict(batch)] == list(clf.pipeline_.predict(batch))
    assert loaded.kinds == list(clf.classes_)


def test_a_loaded_model_predicts_the_same_however_its_batches_come(fitted, model_file):
    # words' features are kept between batches: a later batch, in another order,
    # with the same words in other texts, must still get scikit-learn's answer
    clf, ex, _ = fitted
    loaded = load_model(model_file)
    first = loaded.predict_proba(ex[:20])
    later = ex[20:40][::-1] + [Example(text=" ".join(e.text for e in ex[:3]))] + ex[:20][::-1]
    assert np.max(np.abs(loaded.predict_proba(later) - clf.pipeline_.predict_proba(later))) < 1e-9
    assert np.array_equal(loaded.predict_proba(ex[:20]), first)


def test_predictions_explain_themselves(model_file):
    loaded = load_model(model_file)
    [p] = loaded.predict([Example(text="Acme XY123 real-time clock")])
    assert p.kind == "rtc" and p.category == "Clock"
    assert 0.25 < p.confidence <= 1.0
    assert p.top_features and all(w > 0 for _, w in p.top_features)
    assert any("clock" in name or "rtc" in name for name, _ in p.top_features)


def test_metadata_round_trips(model_file):
    loaded = load_model(model_file)
    meta = loaded.metadata
    assert meta["training_data_sha256"] == "0" * 64
    assert meta["metrics"] == {"note": "test"}
    assert meta["sklearn_version"] and meta["created"]
    assert loaded.taxonomy_name == "lwn"
    assert loaded.kind_category["audio"] == "Sound"


def test_loading_and_predicting_never_imports_sklearn(model_file):
    code = ("import sys, hwclass.textmodel as t; m = t.load_model(sys.argv[1]); "
            "print(m.predict([t.Example(text='Bosch BMA400 accelerometer')])[0].kind); "
            "print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(model_file)], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1], check=True).stdout.split()
    assert out == ["iio", "False"]


def _rewrite(path, change):
    doc = json.loads(Path(path).read_text())
    change(doc)
    Path(path).write_text(json.dumps(doc))


@pytest.mark.parametrize("change, words", [
    (lambda d: d.update(format_version=99), "format version 99"),
    (lambda d: d.update(format="something-else"), "not an hwclass model"),
    (lambda d: d.update(classes=["iio"]), "classes"),
    (lambda d: d["coef"].update(shape=[4, 3]), "coef shape"),
    (lambda d: d["coef"].update(data=base64.b64encode(b"\0" * 12).decode()), "coef data"),
    (lambda d: d["blocks"][0].update(vocabulary=[1, 2, 3]), "vocabulary"),
    (lambda d: d["blocks"][0].update(idf="!!not base64!!"), "base64"),
    (lambda d: d["blocks"][0].update(analyser="os.system"), "unknown analyser"),
    (lambda d: d.update(intercept=[1, 2, 3, 4]), "intercept"),
    (lambda d: d.pop("coef"), "missing 'coef'"),
    (lambda d: d["taxonomy"].update(kind_category=["iio"]), "kind_category"),
])
def test_hand_edited_model_files_are_refused_clearly(model_file, change, words):
    _rewrite(model_file, change)
    with pytest.raises(ModelFileError) as exc:
        load_model(model_file)
    msg = str(exc.value)
    assert words in msg and str(model_file) in msg and "\n" not in msg


def test_truncated_empty_and_binary_files_are_refused(model_file, tmp_path):
    data = model_file.read_bytes()
    model_file.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError, match="invalid JSON"):
        load_model(model_file)
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(ModelFileError, match="empty"):
        load_model(empty)
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"format": "\xe9"}')
    with pytest.raises(ModelFileError, match="UTF-8"):
        load_model(latin)
    with pytest.raises(ModelFileError, match="no such model file"):
        load_model(tmp_path / "missing.json")
    with pytest.raises(ModelFileError, match="JSON list"):
        (tmp_path / "list.json").write_text("[1, 2]")
        load_model(tmp_path / "list.json")


class _Boom:
    def __reduce__(self):
        return (os.system, ("touch PWNED",))


def test_a_pickle_renamed_to_json_is_refused_and_never_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "model.json"
    bad.write_bytes(pickle.dumps(_Boom()))
    with pytest.raises(ModelFileError, match="pickle"):
        load_model(bad)
    bad.write_bytes(gzip.compress(pickle.dumps(_Boom(), protocol=0)))
    with pytest.raises(ModelFileError):
        load_model(bad)
    assert not (tmp_path / "PWNED").exists()


def test_gzip_model_files_load(fitted, tmp_path):
    clf, ex, _ = fitted
    path = tmp_path / "model.json.gz"
    save_model(clf, path, {})
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    assert np.allclose(load_model(path).predict_proba(ex[:3]), clf.predict_proba(ex[:3]), atol=1e-12)


def test_failing_save_leaves_the_previous_model(fitted, model_file, monkeypatch):
    clf, _, _ = fitted
    before = model_file.read_bytes()

    def broken(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(HwclassError, match="cannot write: No space left on device") as exc:
        save_model(clf, model_file, {"metrics": {"new": True}})
    assert str(exc.value).startswith(str(model_file)) and "\n" not in str(exc.value)
    assert model_file.read_bytes() == before
    assert [p.name for p in model_file.parent.iterdir()] == [model_file.name]   # no temp file left


def test_save_keeps_a_symlink_and_writes_special_files_directly(fitted, model_file, tmp_path):
    clf, ex, _ = fitted
    link = tmp_path / "current.json"
    link.symlink_to(model_file.name)
    save_model(clf, link, {"metrics": {"new": True}})
    assert link.is_symlink() and load_model(link).metadata["metrics"] == {"new": True}
    assert load_model(model_file).metadata["metrics"] == {"new": True}     # the target was replaced
    save_model(clf, os.devnull, {})                                        # not replaced by a file
    assert Path(os.devnull).is_char_device()
    with pytest.raises(HwclassError, match="does not exist"):
        save_model(clf, tmp_path / "no" / "m.json", {})


@pytest.mark.parametrize("version, shown", [
    ("true", "True"),                   # true == 1 in Python: still not a version
    ("1.0", "1.0"),
    ("9" * 5000, "a number with too many digits"),
    ("9" * 4000, "9999999999"),
])
def test_a_model_format_version_must_be_an_integer_this_hwclass_reads(model_file, version, shown):
    text = model_file.read_text()
    assert text.count('"format_version":2,') == 1
    model_file.write_text(text.replace('"format_version":2,', f'"format_version":{version},'))
    with pytest.raises(ModelFileError) as exc:
        load_model(model_file)
    msg = str(exc.value)
    assert shown in msg and str(model_file) in msg and len(msg) < 300


def test_binary_problems_and_string_inputs(tmp_path):
    clf = TextClassifier(min_df=1).fit(["Acme ADC sensor", "Foo light sensor", "Acme audio codec",
                                        "Bar sound amplifier"], ["iio", "iio", "audio", "audio"])
    path = tmp_path / "m.json"
    save_model(clf, path, {})
    loaded = load_model(path)
    texts = ["new ADC", "new codec"]
    assert np.max(np.abs(loaded.predict_proba(texts) - clf.pipeline_.predict_proba(
        [Example(text=t) for t in texts]))) < 1e-9
    assert [p.kind for p in loaded.predict(texts)] == ["iio", "audio"]


def test_shipped_model_loads_fast_and_predicts(tmp_path):
    path = default_model_path()
    if not os.path.exists(path):
        pytest.skip(f"no shipped model at {path}")
    code = ("import time, sys; t = time.perf_counter(); import hwclass.textmodel as tm; "
            "m = tm.load_model(); p = m.predict([tm.Example(text='Bosch BMA400 accelerometers')]); "
            "print(time.perf_counter() - t, p[0].kind)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout.split()
    assert out[1] == "iio"
    assert float(out[0]) < 1.5     # the target is 0.5 s; leave room for a loaded CI machine
    assert os.path.getsize(path) < 6e6    # target: a few MB at most (5.0 MB; 11.3 MB before float16 and pruning)


def test_an_attached_category_model_round_trips_and_moves_categories(fitted, tmp_path):
    clf, ex, y = fitted
    kc = {"iio": "Industrial I/O", "audio": "Sound", "pinctrl": "GPIO and pin control", "rtc": "Clock"}
    # a category model that has learnt, against the kind model, that "pinmux" is Sound
    texts = [e.text for e in ex] + ["Acme pinmux block"] * 30
    cats = [kc[k] for k in y] + ["Sound"] * 30
    cat = TextClassifier(min_df=1, blocks=(("c", "title", "char_wb", (2, 5), 1.0, 0),)).fit(texts, cats)
    import copy
    blended = copy.copy(clf).attach_category_model(cat, kc, 0.9)
    probe = [Example(text="Foo FO1234 pinmux"), Example(text="Bosch BMA400 accelerometer")]
    plain, mixed = clf.predict_proba(probe), blended.predict_proba(probe)
    assert np.allclose(mixed.sum(axis=1), 1.0)
    kinds = list(clf.classes_)
    assert plain[0].argmax() == kinds.index("pinctrl") and mixed[0].argmax() == kinds.index("audio")
    assert mixed[1].argmax() == kinds.index("iio")
    # with a path the kind model (which reads paths) is not overruled by a model of names
    with_path = [Example(text="Foo FO1234 pinmux", paths=["drivers/pinctrl/fo1234.c"])]
    assert np.allclose(blended.predict_proba(with_path), clf.predict_proba(with_path))
    path = tmp_path / "blended.json"
    save_model(blended, path, {}, kind_category=kc, taxonomy_name="lwn")
    loaded = load_model(path)
    assert loaded.category is not None and loaded.category["weight"] == 0.9
    batch = ex + probe
    assert np.max(np.abs(loaded.predict_proba(batch) - blended.predict_proba(batch))) < 1e-9
    assert [p.kind for p in loaded.predict(probe)] == ["audio", "iio"]
    # a broken category model is refused like the rest of the file
    doc = json.loads(path.read_text())
    doc["category_model"]["weight"] = 7
    path.write_text(json.dumps(doc))
    with pytest.raises(ModelFileError, match="category model: weight"):
        load_model(path)


def test_singular_analysers_read_lwn_plurals_as_kconfig_singulars():
    from hwclass.textmodel import analyse, singular
    assert [singular(w) for w in ["phys", "controllers", "batteries", "switches", "gpios",
                                  "bus", "class", "chassis", "ics", "led"]] == \
        ["phy", "controller", "battery", "switch", "gpio", "bus", "class", "chassis", "ics", "led"]
    for plural, one in [("Cadence D-PHYs,", "Cadence D-PHY"), ("Qualcomm SM8550 pin controllers", "Qualcomm SM8550 pin controller"),
                        ("(Acme) fuel gauges and batteries", "Acme fuel gauge and battery")]:
        assert analyse("char_wb_sg", plural, (2, 5)) == analyse("char_wb_sg", one, (2, 5))
        assert analyse("word_sg", plural, (1, 2)) == analyse("word_sg", one, (1, 2))
        assert analyse("char_wb", plural, (2, 5)) != analyse("char_wb", one, (2, 5))   # the plain ones keep them apart


def test_a_category_model_of_singular_prompts_reads_plural_lines_alike_and_round_trips(fitted, tmp_path):
    clf, ex, y = fitted
    kc = {"iio": "Industrial I/O", "audio": "Sound", "pinctrl": "GPIO and pin control", "rtc": "Clock"}
    blocks = (("c", "title", "char_wb_sg", (2, 5), 1.0, 0), ("w", "title", "word_sg", (1, 2), 1.0, 0))
    cat = TextClassifier(min_df=1, blocks=blocks).fit([e.text for e in ex], [kc[k] for k in y])
    probe = [Example(text="Acme ZZ12 pin controllers"), Example(text="Acme ZZ12 pin controller"),
             Example(text="Acme ZZ12 real-time clocks"), Example(text="Acme ZZ12 real-time clock"),
             Example(text="(Acme) ZZ12 clocks, -- and \"pin controllers\"")]
    p = cat.predict_proba(probe)
    assert np.allclose(p[0], p[1]) and np.allclose(p[2], p[3])
    assert list(cat.classes_[p.argmax(axis=1)][:4]) == ["GPIO and pin control"] * 2 + ["Clock"] * 2
    import copy
    blended = copy.copy(clf).attach_category_model(cat, kc, 0.5)
    path = tmp_path / "sg.json"
    save_model(blended, path, {}, kind_category=kc, taxonomy_name="lwn")
    assert [b["analyser"] for b in json.loads(path.read_text())["category_model"]["blocks"]] == ["char_wb_sg", "word_sg"]
    loaded = load_model(path)
    assert np.max(np.abs(loaded.predict_proba(ex + probe) - blended.predict_proba(ex + probe))) < 1e-9
    again = probe[::-1] + ex[::-1]     # the words' features now come from what the first batch kept
    assert np.max(np.abs(loaded.predict_proba(again) - blended.predict_proba(again))) < 1e-9


def test_part_numbers_name_parts_of_letters_and_digits():
    from hwclass.textmodel import part_tokens
    assert part_tokens("Avago APDS-9960 / APDS9960 and AD5766/AD5767 DACs on i.MX8ULP, 8250 UART, i2c") == \
        ["apds9960", "ad5766", "ad5767", "mx8ulp"]


def test_an_attached_part_lookup_round_trips_and_settles_known_parts(fitted, tmp_path):
    clf, ex, y = fitted
    import copy
    kc = {"iio": "Industrial I/O", "audio": "Sound", "pinctrl": "GPIO and pin control", "rtc": "Clock"}
    # ZX9000 is known as an RTC; the words say "audio codec"
    probe = [Example(text="Acme ZX9000 audio codec"), Example(text="Acme ZX9000 and QQ1234 audio codec"),
             Example(text="Acme ZX9000 audio codec", paths=["sound/soc/codecs/zx9000.c"]),
             Example(text="Bosch BMA400 accelerometer")]
    plain = clf.predict_proba(probe)
    kinds = list(clf.classes_)
    assert plain[0].argmax() == kinds.index("audio")
    looked = copy.copy(clf).attach_part_kinds({"zx9000": "rtc", "qq1234": "pinctrl", "xx99": "nosuchkind"}, 0.8)
    assert "xx99" not in looked.part_kinds_
    mixed = looked.predict_proba(probe)
    assert np.allclose(mixed.sum(axis=1), 1.0)
    assert mixed[0].argmax() == kinds.index("rtc")
    assert np.allclose(mixed[1], plain[1])     # two known parts of two kinds: no opinion
    assert np.allclose(mixed[2], plain[2])     # with a path the kind model speaks
    assert np.allclose(mixed[3], plain[3])     # no known part
    path = tmp_path / "parts.json"
    save_model(looked, path, {}, kind_category=kc, taxonomy_name="lwn")
    doc = json.loads(path.read_text())
    assert doc["part_kinds"]["kinds"] == {"pinctrl": ["qq1234"], "rtc": ["zx9000"]}
    loaded = load_model(path)
    batch = ex + probe
    assert np.max(np.abs(loaded.predict_proba(batch) - looked.predict_proba(batch))) < 1e-9
    assert [p.kind for p in loaded.predict(probe)] == [kinds[j] for j in mixed.argmax(axis=1)]
    # a hand-broken table is refused like the rest of the file
    for change, words in ((lambda d: d["part_kinds"]["kinds"].update(rtc=["zx9000", "qq1234"]), "listed twice"),
                          (lambda d: d["part_kinds"]["kinds"].update(nosuch=["ab12"]), "unknown kind"),
                          (lambda d: d["part_kinds"]["kinds"].update(rtc=["Say Y here"]), "not a part number"),
                          (lambda d: d["part_kinds"].update(weight=2), "weight")):
        d = json.loads(json.dumps(doc))
        change(d)
        path.write_text(json.dumps(d))
        with pytest.raises(ModelFileError, match=words):
            load_model(path)


def test_the_solver_minimises_scikit_learns_objective():
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression
    from hwclass.textmodel import lbfgs_multinomial
    rng = np.random.default_rng(1)
    n, d, k = 400, 60, 5
    centres = rng.normal(size=(k, d))
    y = rng.integers(k, size=n)
    X = sparse.csr_matrix(np.where(rng.random((n, d)) < 0.2, centres[y] + rng.normal(size=(n, d)), 0.0))
    sw = rng.uniform(0.5, 2.0, size=n)

    def objective(W, b):
        Z = np.asarray(X @ W.T) + b
        Z -= Z.max(axis=1, keepdims=True)
        ce = np.log(np.exp(Z).sum(axis=1)) - Z[np.arange(n), y]
        return float(sw @ ce) / sw.sum() + float((W * W).sum()) / (2 * 0.5 * sw.sum())

    ref = LogisticRegression(C=0.5, max_iter=2000, tol=1e-8).fit(X, y, sample_weight=sw)
    W, b, iters = lbfgs_multinomial(X, y, k, sw, C=0.5, max_iter=500, tol=1e-6)
    assert 0 < iters <= 500
    assert objective(W, b) <= objective(ref.coef_, ref.intercept_) + 1e-5
    assert np.mean(np.asarray(X @ W.T + b).argmax(axis=1) == ref.predict(X)) > 0.98


def test_feature_rows_multiply_as_a_sparse_matrix_would_on_both_paths(monkeypatch):
    from scipy import sparse
    from hwclass.textmodel import FeatureRows
    rng = np.random.default_rng(3)
    X = sparse.random(300, 500, density=0.05, format="lil", random_state=4)
    X[7] = 0                                   # an empty row among full ones
    X = X.tocsr()
    W = rng.normal(size=(500, 6))
    rows = FeatureRows(X.indptr, X.indices, X.data, X.shape)
    want = X @ W
    monkeypatch.setattr(FeatureRows, "GATHER", 37)       # many small gathers
    assert np.max(np.abs(rows @ W - want)) < 1e-12
    monkeypatch.setattr(FeatureRows, "SCIPY_FROM", 0)    # the large-batch path
    assert np.max(np.abs(rows @ W - want)) < 1e-12


def _blas_threads_after_prediction_import(env_threads: str | None) -> list[str]:
    """In a new process: OpenBLAS's thread count after hwclass imported numpy
    for prediction, and what the environment says afterwards."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if env_threads is not None:
        env["OPENBLAS_NUM_THREADS"] = env_threads
    code = ("import os\n"
            "from hwclass.modelfile import import_numpy_for_prediction\n"
            "import_numpy_for_prediction()\n"
            "from threadpoolctl import threadpool_info\n"
            "n = [i['num_threads'] for i in threadpool_info() if i.get('internal_api') == 'openblas']\n"
            "print(os.environ.get('OPENBLAS_NUM_THREADS'), n[0] if n else 'none')\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_prediction_runs_blas_on_one_thread_and_leaves_the_environment_as_it_was():
    pytest.importorskip("threadpoolctl")
    env_after, threads = _blas_threads_after_prediction_import(None)
    assert env_after == "None"          # child processes (git) inherit the caller's environment
    assert threads in ("1", "none")     # "none": a numpy built without OpenBLAS


def test_a_thread_count_the_user_chose_for_blas_is_kept():
    pytest.importorskip("threadpoolctl")
    env_after, threads = _blas_threads_after_prediction_import("2")
    assert env_after == "2"
    assert threads in ("2", "none")
