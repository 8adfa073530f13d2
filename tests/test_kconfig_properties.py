"""Properties of the Kconfig parser: it never fails on arbitrary input, and rendering round-trips."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hwclass.kconfig import KconfigSymbol, parse_kconfig, render_kconfig

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Lines that look like Kconfig, to mix with random text so the parser's paths are all reached.
KCONFIG_LINES = st.sampled_from([
    "config FOO", "menuconfig BAR", "\tbool \"x\"", "\ttristate 'y' if Z", "\tprompt \"p", "\thelp",
    "\t---help---", "\t  help text", "  \t more", "\tdepends on A && B", "\tselect C if D", "\timply E",
    "\tdefault y", "\tdef_bool n", "if X", "endif", "menu \"m\"", "endmenu", "choice", "endchoice",
    "comment \"c\"", "source \"a/Kconfig\"", "# comment", "\\", "", "\t", "x := y", "config", "\"",
])
TEXT = st.lists(st.one_of(KCONFIG_LINES, st.text(max_size=40)), max_size=40).map("\n".join)


@SETTINGS
@given(TEXT, st.sampled_from(["\n", "\r\n"]))
def test_kconfig_like_text_never_raises(text, eol):
    kf = parse_kconfig(text.replace("\n", eol), "t/Kconfig")
    for s in kf.symbols:
        assert s.name and 1 <= s.line <= s.end_line
        assert isinstance(s.help, str) and isinstance(s.depends, list)
    assert all(isinstance(w, str) and w.startswith("t/Kconfig") for w in kf.warnings)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data):
    kf = parse_kconfig(data, "b/Kconfig")
    if b"\0" in data:
        assert kf.symbols == [] and len(kf.warnings) == 1


@SETTINGS
@given(st.text(max_size=2000))
def test_arbitrary_text_never_raises(text):
    parse_kconfig(text)


NAME = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", min_size=1, max_size=16)
# Printable text without newlines or whitespace other than space and tab.
LINE_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Zs"), blacklist_characters="\x85")
PROMPT = st.text(st.one_of(LINE_CHARS, st.just(" ")), min_size=1, max_size=40).filter(lambda s: s.strip())
EXPR = st.recursive(NAME, lambda inner: st.one_of(
    st.tuples(inner, st.sampled_from([" && ", " || "]), inner).map("".join),
    inner.map(lambda e: "!" + e),
    inner.map(lambda e: "(" + e + ")"),
    st.tuples(NAME, st.sampled_from(["=", "!="]), st.sampled_from(["y", "m", "n", "\"str\""])).map("".join),
), max_leaves=4)
HELP_LINE = st.text(st.one_of(LINE_CHARS, st.sampled_from([" ", "\t"])), max_size=30).map(str.rstrip)
HELP = st.lists(HELP_LINE, max_size=6).map(lambda ls: "\n".join(ls).strip())

SYMBOL = st.builds(
    KconfigSymbol, name=NAME,
    type=st.sampled_from([None, "bool", "tristate", "string", "int", "hex"]),
    prompt=st.one_of(st.none(), PROMPT), help=HELP,
    depends=st.lists(EXPR, max_size=3), selects=st.lists(NAME, max_size=3),
    imply=st.lists(NAME, max_size=2), menuconfig=st.booleans())


@SETTINGS
@given(st.lists(SYMBOL, max_size=6))
def test_render_then_parse_round_trips(symbols):
    text = render_kconfig(symbols)
    kf = parse_kconfig(text, "r/Kconfig")
    assert kf.warnings == []
    assert len(kf.symbols) == len(symbols)
    for a, b in zip(symbols, kf.symbols):
        assert (b.name, b.type, b.prompt, b.help, b.depends, b.selects, b.imply, b.menuconfig) == \
            (a.name, a.type, a.prompt, a.help,
             a.depends, a.selects, a.imply, a.menuconfig)
