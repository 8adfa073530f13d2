"""The command line: parses options, calls the library, maps errors to exit codes.

Exit codes: 0 success; 1 a check or quality gate failed; 2 bad input (or an
environment hwclass cannot work in); 130 interrupted.  Every
:class:`hwclass.errors.HwclassError` becomes one line on stderr, in one
place: :class:`HwclassGroup`.
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import EXIT_BAD_INPUT, EXIT_INTERRUPTED, HwclassError

FORMATS = ("table", "markdown", "json", "jsonl", "csv", "yaml")


class HwclassClickError(click.ClickException):
    """A domain error shown as one line: ``hwclass: error: <message>``."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"hwclass: error: {self.format_message()}", err=True)


class HwclassGroup(click.Group):
    """Maps the library's exceptions to exit codes, for every command."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except HwclassError as exc:
            raise HwclassClickError(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            click.echo("hwclass: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`hwclass classify ... | head`): not an error.
            try:
                sys.stdout = open(os.devnull, "w")
            except OSError:
                pass
            ctx.exit(0)
        except MemoryError:
            raise HwclassClickError("out of memory", EXIT_BAD_INPUT) from None
        except Exception as exc:  # never a traceback for a user
            if os.environ.get("HWCLASS_DEBUG"):
                raise
            msg = " ".join(f"{type(exc).__name__}: {exc}".split())
            raise HwclassClickError(
                f"internal error: {msg} (set HWCLASS_DEBUG=1 for the traceback)", EXIT_BAD_INPUT) from None


# -- shared options (decorators, as sqlite-utils does) -------------------

def repo_option(f):
    return click.option("--repo", "repo", metavar="DIR", default=None,
                        help="The repository (any folder inside a work tree, or a bare repository). "
                             "Default: the current folder.")(f)


def rules_option(f):
    return click.option("--rules", "rules", metavar="FILE", default=None,
                        help="A rules YAML file (path -> kind), instead of the shipped rules.")(f)


def taxonomy_option(f):
    return click.option("--taxonomy", "taxonomy", metavar="NAME|FILE", default=None,
                        help="Category grouping: a built-in name (lwn, lwn-2015) or a YAML file. Default: lwn.")(f)


def model_option(f):
    return click.option("--model", "model", metavar="FILE", default=None,
                        help="A model file from `hwclass train` (default: the shipped model; "
                             "'none' for rules only).")(f)


def min_confidence_option(f):
    return click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None,
                        help="Flag items below this confidence for review. Default: 0.5.")(f)


def output_option(f):
    return click.option("--output", "-o", "output", metavar="FILE", default=None,
                        help="Write to FILE (atomically) instead of standard output.")(f)


def classify_options(f):
    """The options classify, check and demo share."""
    for deco in reversed((repo_option, rules_option, taxonomy_option, model_option,
                          min_confidence_option,
                          click.option("--boards", is_flag=True,
                                       help="Also report new boards (device trees, defconfigs, board folders)."),
                          click.option("--type", "types", metavar="LIST", default=None,
                                       help="Item types to report, comma-separated: driver, device, board. "
                                            "Default: driver,device."))):
        f = deco(f)
    return f


def emit(text: str, output: str | None) -> None:
    from .report import write_atomically
    if output:
        write_atomically(output, text)
    else:
        click.echo(text, nl=False)


@click.group(cls=HwclassGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="hwclass")
def cli():
    """Which new hardware does a commit range support, and in what category?

    Run `hwclass classify v6.11..v6.12` in a kernel clone (or any Kconfig-based
    tree); `hwclass demo` shows it on a built-in example.

    Exit codes: 0 success, 1 a check or quality gate failed, 2 bad input,
    130 interrupted.
    """


class _ProgressBar:
    """A progress bar on stderr, only when stderr is a terminal and the range is large."""

    def __init__(self):
        self.bar = None

    def start(self, total: int) -> None:
        if total > 2000:
            self.bar = click.progressbar(length=total, label="scanning", file=sys.stderr)
            self.bar.__enter__()

    def update(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _classify(ranges, repo, rules, taxonomy, model, min_confidence, boards, types):
    from .categorise import DEFAULT_MIN_CONFIDENCE, load_kind_model
    from .config import apply_config
    from .pipeline import classify_range, parse_types
    # .hwclass.yaml at the repository root supplies defaults; the command line wins.
    rules, taxonomy, model, min_confidence, boards, types = apply_config(
        repo, rules, taxonomy, model, min_confidence, boards, types)
    bar = _ProgressBar()
    interactive = sys.stderr.isatty()
    try:
        return classify_range(
            list(ranges), repo, rules=rules, taxonomy=taxonomy, model=load_kind_model(model),
            types=parse_types(types, boards),
            min_confidence=DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence,
            progress=bar.update if interactive else None,
            count_commits=bar.start if interactive else None)
    finally:
        bar.close()


@cli.command()
@click.argument("ranges", nargs=-1, required=True, metavar="RANGE...")
@classify_options
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Output format.")
@output_option
@click.option("--quiet", "-q", is_flag=True, help="No warnings on stderr.")
def classify(ranges, repo, rules, taxonomy, model, min_confidence, boards, types, fmt, output, quiet):
    """List the new hardware that RANGE adds, named and categorised.

    RANGE is any git revision range: A..B, A...B, 'B ^A', or several.
    Merges are skipped.

    \b
    Examples:
      hwclass classify v6.11..v6.12
      hwclass classify v6.11..v6.12 --format markdown -o hardware.md
      hwclass classify origin/main..HEAD --repo ~/linux --format json
    """
    from .report import check_writable, render
    if output:
        check_writable(output)
    result = _classify(ranges, repo, rules, taxonomy, model, min_confidence, boards, types)
    if not quiet:
        for w in result.warnings[:20]:
            click.echo(f"hwclass: warning: {w}", err=True)
        if len(result.warnings) > 20:
            click.echo(f"hwclass: warning: ... and {len(result.warnings) - 20} more", err=True)
    emit(render(result.items, fmt, result.taxonomy.categories), output)


@cli.command()
@classify_options
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@output_option
@click.option("--keep", metavar="DIR", default=None,
              help="Build the example repository in DIR and keep it (default: a temporary folder).")
def demo(repo, rules, taxonomy, model, min_confidence, boards, types, fmt, output, keep):
    """Build a small kernel-shaped repository and classify its range.

    The history adds hardware like that of LWN's 4.4 merge window, mixed with
    commits that must not be reported (fixes, a renamed symbol, a debug
    option, a new framework). Options pass through to classify.
    """
    import tempfile
    from .demo import build_demo_repo
    from .report import check_writable, render
    if repo:
        raise HwclassError("demo builds its own repository; --repo does not apply")
    if output:
        check_writable(output)
    if keep:
        os.makedirs(keep, exist_ok=True)
        tmp = None
        where = keep
    else:
        tmp = tempfile.TemporaryDirectory(prefix="hwclass-demo-")
        where = tmp.name
    try:
        built = build_demo_repo(os.path.join(where, "linux"))
        click.echo(f"Example repository: {built.path}" + ("" if keep else " (temporary)"), err=True)
        click.echo(f"$ hwclass classify {built.range}", err=True)
        result = _classify([built.range], built.path, rules, taxonomy, model, min_confidence, boards, types)
        emit(render(result.items, fmt, result.taxonomy.categories), output)
    finally:
        if tmp is not None:
            tmp.cleanup()


def main(argv=None) -> None:
    """Console-script entry point."""
    cli.main(args=argv, prog_name="hwclass")



# -- hwclass check (library: hwclass/check.py; docs/CI.md) ------------------

@cli.command()
@click.argument("ranges", nargs=-1, required=True, metavar="RANGE...")
@classify_options
@click.option("--expect", "expect", metavar="FILE", default=None,
              help="Expectations (YAML): `hwclass classify --format yaml` output as it stands, or "
                   "{expect: [{symbol|commit|path: ..., category|kind|type: ...}], not_hardware: [SYMBOL, ...]}. "
                   "See docs/CI.md.")
@click.option("--strict/--no-strict", "strict", default=None,
              help="Also fail on unexpected items: items in the range the expectations file does not "
                   "mention. Default: listed as notes, not failures (or the file's `strict:`).")
@click.option("--fail-on", "fail_on", metavar="GATE[,GATE]", multiple=True,
              help="Fail on any item that is: unclassified, low-confidence (below --min-confidence, "
                   "default 0.5), disagreement (rule and model disagree), review (any reason to review). "
                   "Repeatable or comma-separated; 'none' disables .hwclass.yaml's gates.")
@click.option("--format", "-f", "fmt", type=click.Choice(("text", "junit", "github")), default=None,
              help="Report format: text (default), junit (JUnit XML: one test case per item, for "
                   "GitLab/Jenkins), github (GitHub Actions ::error annotations at the Kconfig line).")
@output_option
@click.pass_context
def check(ctx, ranges, repo, rules, taxonomy, model, min_confidence, boards, types,
          expect, strict, fail_on, fmt, output):
    """Check RANGE's new hardware against expectations and policy gates (for CI).

    Expectations (--expect FILE) pin, per commit (sha or unique prefix),
    Kconfig symbol or added path, the expected category, kind or type, and
    list entries that must not be reported as hardware. An expected entry
    that is absent from the range is 'missing' and fails; an item the file
    does not mention is 'unexpected' and fails only with --strict.
    Gates (--fail-on) need no file. .hwclass.yaml at the repository root
    supplies defaults for every option; the command line wins.

    \b
    Exit codes:
      0  the range matches the expectations and trips no gate
      1  a mismatch, a missing or unexpected (--strict) item, or a gate
         tripped; the report names each
      2  the check could not run: bad input (repository, range, rules,
         expectations or config file), or nothing to check

    \b
    Examples:
      hwclass classify v1.0..v1.1 --format yaml -o expect.yaml   # record, then edit
      hwclass check v1.0..v1.1 --expect expect.yaml
      hwclass check origin/main..HEAD --fail-on unclassified,disagreement
      hwclass check "$BASE..$HEAD" --fail-on low-confidence --min-confidence 0.7 -f junit -o hwclass.xml
    """
    from .check import check_command
    done = check_command(ranges, repo, rules, taxonomy, model, min_confidence, boards, types,
                         expect=expect, strict=strict, fail_on=fail_on, fmt=fmt, output=output,
                         classify=_classify)
    if done.written:
        from .check import summary_line
        click.echo(summary_line(done.report), err=True)
    else:
        click.echo(done.text, nl=False)
    if done.report.failed:
        ctx.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
