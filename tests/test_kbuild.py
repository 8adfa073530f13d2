"""The Makefile/Kbuild reader on small, hand-written Makefiles."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hwclass.kbuild import parse_kbuild, symbols_in_line


def test_plain_objects_and_folders():
    kb = parse_kbuild("# SPDX-License-Identifier: GPL-2.0\n"
                      "obj-$(CONFIG_WIDGET_FOO)\t+= foo100.o foo200.o\n"
                      "obj-$(CONFIG_WIDGET_BAR) := bar/\n"
                      "obj-${CONFIG_WIDGET_BAZ} += baz.o\n", "drivers/widget/Makefile")
    assert kb.path == "drivers/widget/Makefile"
    assert kb.objects == {"WIDGET_FOO": ["foo100.o", "foo200.o"], "WIDGET_BAR": ["bar/"],
                          "WIDGET_BAZ": ["baz.o"]}
    assert kb.sources_for("WIDGET_FOO") == ["foo100", "foo200"]
    assert kb.sources_for("WIDGET_BAR") == ["bar/"]
    assert kb.sources_for("CONFIG_WIDGET_BAZ") == ["baz"]
    assert kb.sources_for("UNKNOWN") == []


def test_composite_objects_are_expanded():
    kb = parse_kbuild("snd-soc-foo-y := foo.o foo-dai.o\n"
                      "snd-soc-foo-$(CONFIG_SND_SOC_FOO_SPI) += foo-spi.o\n"
                      "bar-objs := bar-core.o bar-irq.o\n"
                      "obj-$(CONFIG_SND_SOC_FOO) += snd-soc-foo.o\n"
                      "obj-$(CONFIG_BAR) += bar.o\n")
    assert kb.composites == {"snd-soc-foo": ["foo.o", "foo-dai.o", "foo-spi.o"],
                             "bar": ["bar-core.o", "bar-irq.o"]}
    assert kb.sources_for("SND_SOC_FOO") == ["foo", "foo-dai", "foo-spi"]
    assert kb.sources_for("BAR") == ["bar-core", "bar-irq"]
    # The symbol of a conditional part builds that part, as a feature of snd-soc-foo.
    assert "SND_SOC_FOO_SPI" not in kb.objects
    assert kb.parts == {"SND_SOC_FOO_SPI": ["foo-spi.o"]}
    assert kb.part_of == {"SND_SOC_FOO_SPI": ["snd-soc-foo"]}
    assert kb.sources_for("SND_SOC_FOO_SPI") == []
    assert kb.sources_for("SND_SOC_FOO_SPI", parts=True) == ["foo-spi"]


def test_nested_composites_and_a_composite_named_like_its_part():
    kb = parse_kbuild("a-y := b.o x.o\nb-y := c.o d.o\nself-y := self.o extra.o\n"
                      "obj-$(CONFIG_A) += a.o\nobj-$(CONFIG_SELF) += self.o\n")
    assert kb.sources_for("A") == ["c", "d", "x"]
    assert kb.sources_for("SELF") == ["self", "extra"]


def test_continuations_comments_and_conditional_blocks():
    kb = parse_kbuild("ifeq ($(CONFIG_OF),y)\n"
                      "obj-$(CONFIG_FOO) += foo.o \\\n"
                      "\t\t\tfoo-of.o   # device tree glue\n"
                      "else\n"
                      "  obj-$(CONFIG_FOO) += foo-acpi.o\n"
                      "endif\n"
                      "ifdef CONFIG_BAR\n\tobj-$(CONFIG_BAR) += bar.o\nendif\n"
                      "# obj-$(CONFIG_OLD) += old.o\n")
    assert kb.sources_for("FOO") == ["foo", "foo-of", "foo-acpi"]
    assert kb.sources_for("BAR") == ["bar"]
    assert "OLD" not in kb.objects


def test_unconditional_objects_and_flags_are_not_symbols():
    kb = parse_kbuild("obj-y += core/ helpers.o\nobj-m += mod.o\n"
                      "ccflags-$(CONFIG_FOO_DEBUG) += -DDEBUG\n"
                      "ccflags-y += -I$(src)\n"
                      "CFLAGS_foo.o := -O2\n"
                      "foo.o: foo.h\n"
                      "$(obj)/gen.o: FLAGS = x.o\n"
                      "targets += gen.o\n")
    assert kb.objects == {}
    assert kb.composites == {}


def test_words_using_make_variables_are_skipped():
    kb = parse_kbuild("obj-$(CONFIG_FOO) += foo_$(BITS).o foo.o $(obj)/gen.o\n"
                      "obj-$(CONFIG_BAR) += $(addprefix sub/, a.o b.o) bar.o\n")
    assert kb.objects == {"FOO": ["foo.o"], "BAR": ["bar.o"]}


def test_several_symbols_in_one_line_are_tolerated():
    kb = parse_kbuild("obj-$(CONFIG_A)$(CONFIG_B) += ab.o\n"
                      "obj-$(subst m,y,$(CONFIG_C)) += c.o\n"
                      "obj-$(CONFIG_D)-$(CONFIG_E) += de.o\n"
                      "foo-objs-$(CONFIG_F) += f.o\n")
    assert kb.sources_for("A") == kb.sources_for("B") == ["ab"]
    assert kb.sources_for("C") == ["c"]
    assert kb.sources_for("D") == kb.sources_for("E") == ["de"]
    assert kb.part_of["F"] == ["foo"] and kb.composites["foo"] == ["f.o"]


def test_lib_and_subdir_variables():
    kb = parse_kbuild("lib-$(CONFIG_CRC) += crc.o\nsubdir-$(CONFIG_TOOLS) += tools\n")
    assert kb.sources_for("CRC") == ["crc"]
    assert kb.sources_for("TOOLS") == ["tools/"]


def test_symbols_in_line():
    assert symbols_in_line("obj-$(CONFIG_APDS9960) += apds9960.o") == ["APDS9960"]
    assert symbols_in_line("foo-$(CONFIG_A)$(CONFIG_B) := x.o  # c") == ["A", "B"]
    assert symbols_in_line("obj-y += x.o") == []
    assert symbols_in_line("# obj-$(CONFIG_A) += x.o") == []
    assert symbols_in_line("ifdef CONFIG_A") == []


def test_crlf_bytes_non_utf8_and_binary():
    kb = parse_kbuild(b"obj-$(CONFIG_FOO) += foo.o \\\r\n\tbar.o\r\n# caf\xe9\r\n")
    assert kb.sources_for("FOO") == ["foo", "bar"]
    blob = parse_kbuild(b"\x00\x01obj-$(CONFIG_X) += x.o\n")
    assert blob.objects == {} and len(blob.warnings) == 1


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=500), st.binary(max_size=500).map(bytes),
                 st.lists(st.sampled_from(["obj-$(CONFIG_A) += a.o", "a-y := b.o", "\\", "#", "$(", "=",
                                           "x-$(CONFIG_", ")", "obj-$(CONFIG_B) := d/", "a.o"]),
                          max_size=20).map(" ".join)))
def test_arbitrary_text_never_raises(text):
    kb = parse_kbuild(text)
    for sym in list(kb.objects) + list(kb.parts):
        kb.sources_for(sym, parts=True)
    symbols_in_line(text if isinstance(text, str) else "")


def test_long_object_lists_stay_linear():
    import time
    text = "obj-$(CONFIG_BIG) += \\\n" + "".join(f"\tpart{i}.o \\\n" for i in range(100_000)) + "\tlast.o\n"
    t0 = time.perf_counter()
    kb = parse_kbuild(text)
    assert len(kb.sources_for("BIG")) == 100_001
    assert time.perf_counter() - t0 < 3.0
