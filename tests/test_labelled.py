"""The labelled-data loader: records, LWN lists and corrected classify output; bad records reported."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from hwclass.errors import FileFormatError, HwclassError
from hwclass.labelled import load_examples

SHARED_LWN = Path(__file__).resolve().parents[2] / "shared" / "data" / "lwn"


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_jsonl_records_with_kind_or_category(tmp_path):
    f = tmp_path / "data.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in [
        {"text": "Bosch BMA400 accelerometer", "paths": ["drivers/iio/accel/bma400.c"], "kind": "iio",
         "symbol": "BMA400", "help": "Say Y"},
        {"hardware": "Realtek RT5682 codec", "category": "Audio"},        # an old LWN name
        {"symbol": "RTC_DRV_X", "prompt": "X RTC", "kconfig_path": "drivers/rtc/Kconfig",
         "paths": ["drivers/rtc/rtc-x.c"], "kind": "rtc", "source": "harvest"},
    ]) + "\n")
    d = load_examples([f])
    assert len(d) == 3 and d.warnings == []
    assert d.kinds == ["iio", None, "rtc"]
    assert d.categories == ["Industrial I/O", "Sound", "Clock"]
    assert d.examples[0].paths == ["drivers/iio/accel/bma400.c"] and d.examples[0].symbol == "BMA400"
    assert d.examples[2].paths == ["drivers/rtc/rtc-x.c", "drivers/rtc/Kconfig"]
    assert d.origins == ["records", "records", "harvest"]
    assert d.where[1] == f"{f}:2"


def test_bad_records_are_skipped_with_file_and_line(tmp_path):
    f = tmp_path / "data.jsonl"
    lines = [
        json.dumps({"text": "good ADC", "kind": "iio"}),
        json.dumps({"text": "no label at all"}),
        json.dumps({"text": "weird", "kind": "toaster"}),
        json.dumps({"text": "weird cat", "category": "Kitchen appliances"}),
        "{not json",
        json.dumps({"text": "good ADC", "kind": "iio"}),                     # duplicate of line 1
        json.dumps({"kind": "iio"}),                                        # no text
        json.dumps({"text": "bad paths", "kind": "iio", "paths": 3}),
    ]
    raw = ("\n".join(lines) + "\n").encode() + b'{"text": "caf\xe9 sensor", "kind": "iio"}\n'
    f.write_bytes(raw)
    d = load_examples([f])
    assert len(d) == 1
    joined = "\n".join(d.warnings)
    for line, words in [(2, "no label"), (3, "unknown kind 'toaster'"), (4, "unknown category"),
                        (5, "invalid JSON"), (6, "duplicate of the record at"), (7, "no text"),
                        (8, "'paths'"), (9, "not UTF-8")]:
        assert f"{f}:{line}: " in joined and words in joined, (line, words)
    with pytest.raises(FileFormatError) as exc:
        load_examples([f], strict=True)
    assert exc.value.line == 2


def test_csv_and_yaml_records(tmp_path):
    c = write(tmp_path / "d.csv", """
        text,paths,kind,category
        Acme pin controller,drivers/pinctrl/acme.c;drivers/pinctrl/Kconfig,pinctrl,
        Acme codec,,,Sound
        nothing here,,,
    """)
    d = load_examples([c])
    assert d.kinds == ["pinctrl", None] and d.categories == ["GPIO and pin control", "Sound"]
    assert d.examples[0].paths == ["drivers/pinctrl/acme.c", "drivers/pinctrl/Kconfig"]
    assert d.warnings and f"{c}:4:" in d.warnings[0]
    y = write(tmp_path / "d.yaml", """
        - text: Acme watchdog
          kind: watchdog
        - text: Acme DAC
          category: Industrial I/O
    """)
    d = load_examples([y])
    assert d.kinds == ["watchdog", None] and d.categories == ["Miscellaneous", "Industrial I/O"]


def test_lwn_lists_keep_release_and_map_old_category_names(tmp_path):
    write(tmp_path / "lwn-3.1.yaml", """
        release: "3.1"
        categories:
          Audio:
          - Acme AC97 codecs
          Video4Linux:
          - Acme TV tuners
          Kitchen:
          - Acme toaster
    """)
    write(tmp_path / "lwn-5.16.yaml", """
        release: "5.16"
        categories:
          Industrial I/O:
          - Acme light sensors
    """)
    (tmp_path / "README.md").write_text("not data")
    d = load_examples([tmp_path])          # a folder: every data file in it
    assert [e.text for e in d.examples] == ["Acme AC97 codecs", "Acme TV tuners", "Acme light sensors"]
    assert d.categories == ["Sound", "Media", "Industrial I/O"]
    assert d.kinds == [None, None, None]
    assert d.releases == ["3.1", "3.1", "5.16"]
    assert d.origins == ["lwn"] * 3
    assert any("Kitchen" in w and "lwn-3.1.yaml:8" in w for w in d.warnings)


def test_corrected_classify_output(tmp_path):
    f = write(tmp_path / "corrected.yaml", """
        # hwclass classify output, corrected by hand
        - commit: 0123abcd
          subject: "iio: light: add Acme XY12"
          type: driver
          hardware: Acme XY12 light sensors
          kind: iio
          category: Industrial I/O
          confidence: 0.91
          decided_by: model
          review: []
          symbols: [XY12]
          paths: [drivers/iio/light/xy12.c]
        - commit: 4567ef01
          subject: "misc: add Acme thing"
          type: driver
          hardware: Acme thing
          kind: misc
          category: Sound
          confidence: 0.4
          decided_by: model
          review: [low-confidence]
          symbols: [ACME_THING]
          paths: [drivers/misc/acme.c]
        - commit: 89ab
          subject: "foo"
          type: driver
          hardware: Unknown thing
          kind: null
          category: Unclassified
          confidence: 0.0
          decided_by: unclassified
          review: [unclassified]
          symbols: []
          paths: []
    """)
    d = load_examples([f])
    assert len(d) == 2
    assert d.kinds == ["iio", None]                  # kind misc no longer fits: the category is the label
    assert d.categories == ["Industrial I/O", "Sound"]
    assert d.examples[0].subject == "iio: light: add Acme XY12" and d.examples[0].symbol == "XY12"
    assert d.origins == ["classify", "classify"]
    assert any(":24:" in w and "no label" in w for w in d.warnings)


def test_unreadable_files_raise(tmp_path):
    y = tmp_path / "broken.yaml"
    y.write_text("categories: [unclosed\n")
    with pytest.raises(FileFormatError) as exc:
        load_examples([y])
    assert exc.value.line is not None
    with pytest.raises(HwclassError, match="no such file"):
        load_examples([tmp_path / "missing.jsonl"])
    (tmp_path / "x.pkl.json").write_bytes(b"\x80\x04K\x01.")
    with pytest.raises(FileFormatError, match="pickle"):
        load_examples([tmp_path / "x.pkl.json"])
    with pytest.raises(FileFormatError, match="header"):
        load_examples([write(tmp_path / "h.csv", "a,b\n1,2\n")])


def test_the_shared_lwn_lists_load():
    if not SHARED_LWN.is_dir():
        pytest.skip(f"shared LWN data not found at {SHARED_LWN}")
    d = load_examples([SHARED_LWN])
    assert len(d) > 4000
    assert not [w for w in d.warnings if "unknown category" in w]
    assert {"2.6.30", "5.16", "6.1"} <= set(d.releases)


def test_hostile_files_are_one_line_errors_with_the_line(tmp_path):
    # nested deeper than the JSON parser can recurse
    f = tmp_path / "deep.json"
    f.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(FileFormatError, match="nested too deeply"):
        load_examples([f])
    # a YAML mapping whose key is a list: keys must be text
    f = write(tmp_path / "complex.yaml", "release: 6.1\n? [a]\n: b\n")
    with pytest.raises(FileFormatError, match=r"complex\.yaml:2: key \['a'\] is not text"):
        load_examples([f])
    # an integer beyond Python's limit on digits: the record is skipped, with its line
    f = tmp_path / "huge.jsonl"
    f.write_text(json.dumps({"text": "Acme X1 accelerometer", "kind": "iio"}) + "\n"
                 + '{"text": "t", "kind": "iio", "weight": ' + "9" * 5000 + "}\n")
    d = load_examples([f])
    assert len(d) == 1 and d.warnings == [f"{f}:2: invalid JSON: a number with too many digits"]
    with pytest.raises(FileFormatError, match=r"huge\.jsonl:2: invalid JSON: a number with too many digits"):
        load_examples([f], strict=True)
    f.write_text('{"text": "t", "kind": "iio", "weight": ' + "9" * 5000 + "}\n")
    with pytest.raises(FileFormatError, match=r"huge\.jsonl:1: not JSON lines.*too many digits"):
        load_examples([f])
    f = write(tmp_path / "huge.yaml", "- text: Acme X1 accelerometer\n  kind: iio\n  weight: " + "9" * 5000 + "\n")
    assert load_examples([f]).warnings == [f"{f}:1: invalid YAML: a number with too many digits"]
    f = tmp_path / "huge.json"
    f.write_text('[{"text": "t", "kind": "iio", "weight": ' + "9" * 4000 + "}]")   # parses, but no float holds it
    assert load_examples([f]).warnings == [f"{f}:1: 'weight' must be a positive number"]
