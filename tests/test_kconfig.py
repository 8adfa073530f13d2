"""The Kconfig parser on small, hand-written snippets of every construct it reads."""

from __future__ import annotations

import time

import pytest

from hwclass.errors import KconfigError
from hwclass.kconfig import MAX_WARNINGS, KconfigSymbol, parse_kconfig, render_kconfig


def parse(text, path="drivers/widget/Kconfig"):
    return parse_kconfig(text, path)


def one(text):
    kf = parse(text)
    assert len(kf.symbols) == 1, kf
    return kf.symbols[0]


BASIC = """\
# SPDX-License-Identifier: GPL-2.0
menu "Widgets"

config WIDGET_FOO
\ttristate "Acme FOO-100 widget"
\tdepends on I2C && OF
\tdepends on !WIDGET_BAR
\tselect REGMAP_I2C
\tselect WIDGET_CORE if WIDGET_BUS
\timply WIDGET_LEDS
\tdefault m if COMPILE_TEST
\thelp
\t  Say Y to support the FOO-100.

\t  The module is called foo100.

config WIDGET_HIDDEN
\tbool

endmenu
"""


def test_a_plain_entry_gives_every_attribute():
    kf = parse(BASIC)
    assert [s.name for s in kf.symbols] == ["WIDGET_FOO", "WIDGET_HIDDEN"]
    foo = kf.symbols[0]
    assert foo.type == "tristate"
    assert foo.prompt == "Acme FOO-100 widget"
    assert foo.depends == ["I2C && OF", "!WIDGET_BAR"]
    assert foo.selects == ["REGMAP_I2C", "WIDGET_CORE"]
    assert foo.imply == ["WIDGET_LEDS"]
    assert foo.defaults == ["m if COMPILE_TEST"]
    assert foo.help == "Say Y to support the FOO-100.\n\nThe module is called foo100."
    assert (foo.line, foo.end_line) == (4, 15)
    assert foo.path == "drivers/widget/Kconfig"
    assert not foo.menuconfig
    assert kf.warnings == []


def test_a_symbol_without_prompt_is_hidden():
    hidden = parse(BASIC).symbols[1]
    assert hidden.type == "bool" and hidden.prompt is None and hidden.help == ""
    assert (hidden.line, hidden.end_line) == (17, 18)
    assert parse(BASIC).prompted() == [parse(BASIC).symbols[0]]


def test_menuconfig_and_types():
    kf = parse("menuconfig WIDGETS\n\tbool \"Widgets\"\n"
               "config A\n\tstring \"Name\"\nconfig B\n\tint \"Count\"\n\trange 1 10\n"
               "config C\n\thex \"Base\"\nconfig D\n\tdef_bool y\nconfig E\n\tdef_tristate m if X\n")
    got = {s.name: (s.type, s.prompt, s.menuconfig) for s in kf.symbols}
    assert got == {"WIDGETS": ("bool", "Widgets", True), "A": ("string", "Name", False),
                   "B": ("int", "Count", False), "C": ("hex", "Base", False),
                   "D": ("bool", None, False), "E": ("tristate", None, False)}
    assert kf.symbols[-1].defaults == ["m if X"]
    assert kf.warnings == []


def test_prompt_line_quotes_escapes_and_if_suffix():
    s = one("config A\n\tbool\n\tprompt \"Acme \\\"Turbo\\\" board\" if EXPERT\n")
    assert s.type == "bool" and s.prompt == 'Acme "Turbo" board'
    assert one("config A\n\ttristate 'Single quoted' if X && Y\n").prompt == "Single quoted"
    assert one("config A\n\tbool \"with # hash\" # trailing comment\n").prompt == "with # hash"
    assert one("config A\n\tbool \"it's\"\n").prompt == "it's"


def test_comments_are_dropped_from_attribute_lines():
    s = one("config A # the A\n\tbool \"A\"\n\tdepends on B # needs B\n# a comment line\n\tselect C\n")
    assert s.name == "A" and s.depends == ["B"] and s.selects == ["C"]


def test_help_ends_at_the_first_line_indented_less():
    s = one("config A\n\tbool \"A\"\n\thelp\n\t  First line.\n\t    indented more\n\n"
            "\t  back.\n\tdepends on B\n")
    assert s.help == "First line.\n  indented more\n\nback."
    assert s.depends == ["B"]      # an attribute after the help text still belongs to the entry
    assert s.end_line == 8


def test_old_style_help_keyword():
    s = one("config A\n\tbool \"A\"\n\t---help---\n\t  Old style help.\n")
    assert s.help == "Old style help."


def test_help_text_may_contain_keywords_and_comment_signs():
    s = one("config A\n\tbool \"A\"\n\thelp\n\t  config B is not an entry\n\t  # nor a comment\n"
            "\t  if you say Y\n")
    assert s.help == "config B is not an entry\n# nor a comment\nif you say Y"


def test_unindented_line_ends_help_even_as_its_first_line():
    kf = parse("config A\n\tbool \"A\"\n\thelp\nconfig B\n\tbool \"B\"\n")
    assert [(s.name, s.help) for s in kf.symbols] == [("A", ""), ("B", "")]


def test_tabs_and_spaces_mixed_in_help_indentation():
    # A tab counts as advancing to the next multiple of 8: '\t  ' (10) == 10 spaces.
    s = one("config A\n    bool \"A\"\n    help\n\t  tab-indented\n          space-indented\n"
            "\t    deeper\n        less: ends the help\n")
    assert s.help == "tab-indented\nspace-indented\n  deeper"
    assert one("config A\n  bool \"A\"\n  help\n  two spaces\n  still help\n").help == "two spaces\nstill help"


def test_crlf_line_endings():
    s = one(BASIC.split("config WIDGET_HIDDEN")[0].replace("\n", "\r\n"))
    assert s.prompt == "Acme FOO-100 widget"
    assert s.help == "Say Y to support the FOO-100.\n\nThe module is called foo100."
    assert s.depends == ["I2C && OF", "!WIDGET_BAR"]


def test_line_continuations():
    s = one("config A\n\tbool \"A\"\n\tdepends on B && \\\n\t\t C\n\tselect D\n")
    assert " ".join(s.depends[0].split()) == "B && C"
    assert s.selects == ["D"] and s.end_line == 5


def test_if_menu_and_choice_conditions_are_appended_to_depends():
    kf = parse("if ARCH_ACME\nmenu \"Acme\"\n\tdepends on OF\n\tvisible if EXPERT\n"
               "config A\n\tbool \"A\"\n\tdepends on I2C\nendmenu\n"
               "choice\n\tprompt \"Mode\"\n\tdepends on B\n\tdefault M1\n\thelp\n\t  Pick one.\n"
               "config M1\n\tbool \"Mode 1\"\nconfig M2\n\tbool \"Mode 2\"\nendchoice\n"
               "endif\nconfig OUTSIDE\n\tbool \"Out\"\n")
    got = {s.name: s.depends for s in kf.symbols}
    assert got == {"A": ["I2C", "ARCH_ACME", "OF"], "M1": ["ARCH_ACME", "B"], "M2": ["ARCH_ACME", "B"],
                   "OUTSIDE": []}
    assert all(s.help == "" for s in kf.symbols)          # the choice's help is not M1's
    assert kf.warnings == []


def test_comment_mainmenu_source_and_ignored_attributes():
    kf = parse("mainmenu \"Widget OS\"\nsource \"drivers/a/Kconfig\"\nrsource 'b/Kconfig'\n"
               "osource \"c/Kconfig.$(ARCH)\"\norsource d/Kconfig\n"
               "comment \"Widgets need I2C\"\n\tdepends on !I2C\n"
               "config A\n\tbool \"A\"\n\toption modules\n\tmodules\n\ttransitional\n"
               "\trange 0 4\n\toptional\n")
    assert kf.sources == ["drivers/a/Kconfig", "b/Kconfig", "c/Kconfig.$(ARCH)", "d/Kconfig"]
    assert [s.name for s in kf.symbols] == ["A"]
    assert kf.symbols[0].depends == []      # the comment's condition is not A's
    assert kf.warnings == []


def test_macro_assignments_are_skipped():
    kf = parse("cc-option = $(success,true)\nflag := y\n$(warning,hi)\nconfig A\n\tbool \"A\"\n")
    assert [s.name for s in kf.symbols] == ["A"] and kf.warnings == []


def test_a_symbol_defined_twice_is_listed_twice():
    kf = parse("config A\n\tbool \"A\"\nconfig A\n\tdefault y\n")
    assert [(s.name, s.prompt, s.defaults) for s in kf.symbols] == [("A", "A", []), ("A", None, ["y"])]


def test_unterminated_quote_warns_and_takes_the_rest_of_the_line():
    kf = parse("config A\n\tbool \"Acme widget\n\tdepends on B\n", "x/Kconfig")
    assert kf.symbols[0].prompt == "Acme widget"
    assert kf.symbols[0].depends == ["B"]
    assert kf.warnings and kf.warnings[0].startswith("x/Kconfig:2: unterminated")


def test_non_utf8_bytes_are_replaced_with_a_warning():
    kf = parse(b"config A\n\tbool \"Caf\xe9 widget\"\n")
    assert kf.symbols[0].prompt == "Caf\ufffd widget"
    assert len(kf.warnings) == 1 and ":2:" in kf.warnings[0]
    assert parse(b"config A\n\tbool \"A\"\n").warnings == []


def test_binary_blob_gives_one_warning_and_no_symbols():
    kf = parse(b"\x7fELF\x00\x01config A\n\tbool \"A\"\n" * 100)
    assert kf.symbols == [] and len(kf.warnings) == 1 and "binary" in kf.warnings[0]


def test_single_entry_fragment_parses_on_its_own():
    frag = BASIC.split("config WIDGET_HIDDEN")[0].split("menu \"Widgets\"\n\n")[1]
    s = one(frag)
    assert s.name == "WIDGET_FOO" and s.prompt == "Acme FOO-100 widget" and s.line == 1


def test_fragment_starting_inside_a_help_text():
    kf = parse("\t  end of an earlier help text\n\n\t  if you say Y, select this\n"
               "\t    default y looking lines\n\tdepends on X\n"
               "config B\n\tbool \"B\"\n")
    assert [s.name for s in kf.symbols] == ["B"]
    assert kf.symbols[0].depends == [] and kf.symbols[0].selects == []
    assert len(kf.warnings) == 1 and ":1:" in kf.warnings[0]


def test_fragment_starting_mid_entry_and_stray_blocks():
    text = "\tdepends on X\nendif\nendmenu\nconfig B\n\tbool \"B\"\nif Y\n"
    kf = parse(text)
    assert [s.name for s in kf.symbols] == ["B"]
    assert len(kf.warnings) == 1 and "outside an entry" in kf.warnings[0]
    strict = parse_kconfig(text + "endif\nendmenu\nmenu \"M\"\n", "k", strict=True)
    assert [w.split(":")[1] for w in strict.warnings] == ["1", "2", "3", "8", "9"]
    assert "unclosed 'menu' (line 9)" in strict.warnings[-1]


def test_first_line_numbers_a_piece_cut_out_of_a_file():
    kf = parse_kconfig("config A\n\tbool \"A\n\thelp\n\t  Text.\n", "k", first_line=120)
    assert (kf.symbols[0].line, kf.symbols[0].end_line) == (120, 123)
    assert kf.warnings == ["k:121: unterminated quoted string; the rest of the line is taken"]


def test_odd_lines_warn_without_raising():
    kf = parse("config\nconfig 9 bad name!\nconfig OK\n\tfrobnicate yes\n\tbool\n\tprompt\n\tselect\n"
               "depends off\n", "k")
    assert [s.name for s in kf.symbols] == ["9", "OK"]      # digits are a valid (if odd) name
    assert [w.split(":")[1] for w in kf.warnings] == ["1", "4", "6", "7", "8"]
    assert "frobnicate" in kf.warnings[1]
    assert all(w.startswith("k:") for w in kf.warnings)


def test_warnings_are_capped():
    kf = parse("nonsense line\n" * 1000)
    assert len(kf.warnings) == MAX_WARNINGS + 1 and "more warnings" in kf.warnings[-1]


def test_non_text_argument_raises_kconfig_error():
    with pytest.raises(KconfigError):
        parse_kconfig(12345)


def test_render_round_trips():
    syms = [KconfigSymbol("A", "tristate", 'Say "hi" \\ there', "Line one.\n\n  indented\nlast",
                          ["B && (C || !D)", "E"], ["F"], ["G"], ["y if H"], menuconfig=True),
            KconfigSymbol("HIDDEN", "bool"),
            KconfigSymbol("PROMPT_ONLY", None, "Only a prompt")]
    back = parse(render_kconfig(syms)).symbols
    for a, b in zip(syms, back, strict=True):
        assert (a.name, a.type, a.prompt, a.help, a.depends, a.selects, a.imply, a.defaults, a.menuconfig) == \
            (b.name, b.type, b.prompt, b.help, b.depends, b.selects, b.imply, b.defaults, b.menuconfig)


def test_render_refuses_a_name_kconfig_cannot_spell():
    with pytest.raises(KconfigError):
        render_kconfig([KconfigSymbol("NOT A NAME")])


def test_ten_megabytes_parse_in_linear_time():
    entry = ("config WIDGET_{i}\n\ttristate \"Acme widget {i}\"\n\tdepends on I2C\n\tselect REGMAP\n"
             "\thelp\n\t  Some help text for widget {i}, which is\n\t  long enough to matter.\n\n")
    small = "".join(entry.format(i=i) for i in range(5000))
    big = small * (10_000_000 // len(small) + 1)
    t0 = time.perf_counter()
    kf_small = parse(small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    kf = parse(big.encode())
    t_big = time.perf_counter() - t0
    assert len(kf.symbols) == len(kf_small.symbols) * (len(big) // len(small))
    assert t_big < 5.0
    assert t_big < 40 * max(t_small, 0.005) * len(big) / len(small) / 10   # roughly linear


def test_long_runs_of_continuation_lines_stay_linear():
    t0 = time.perf_counter()
    kf = parse("config A\n\tdepends on B \\\n" + "\t|| C \\\n" * 200_000 + "\t|| D\n\tbool \"A\"\n")
    assert time.perf_counter() - t0 < 3.0
    assert kf.symbols[0].prompt == "A" and kf.symbols[0].end_line == 200_004
    assert kf.symbols[0].depends[0].split()[-1] == "D"
