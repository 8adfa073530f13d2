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

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """As click's, but a usage error is one line too: ``hwclass: error: ... (see '... --help')``."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else (prog_name or "hwclass")
            click.echo(f"hwclass: error: {exc.format_message()} (see '{where} --help')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("hwclass: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(rv if isinstance(rv, int) else 0)

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


def _file_name(ctx, param, value):
    if value is not None and not value.strip():
        raise click.BadParameter("empty file name", ctx=ctx, param=param)
    return value


def output_option(f):
    return click.option("--output", "-o", "output", metavar="FILE", default=None, callback=_file_name,
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


MAX_WARNINGS = 20


def warn_all(warnings, limit: int = MAX_WARNINGS) -> None:
    """Warnings on stderr, one a line: the first ``limit``, then how many more."""
    warnings = list(warnings)
    for w in warnings[:limit]:
        click.echo(f"hwclass: warning: {w}", err=True)
    if len(warnings) > limit:
        click.echo(f"hwclass: warning: ... and {len(warnings) - limit} more", err=True)


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
    from .categorise import DEFAULT_MIN_CONFIDENCE, ModelInBackground
    from .config import apply_config
    from .pipeline import classify_range, parse_types
    # .hwclass.yaml at the repository root supplies defaults; the command line wins.
    rules, taxonomy, model, min_confidence, boards, types = apply_config(
        repo, rules, taxonomy, model, min_confidence, boards, types)
    bar = _ProgressBar()
    interactive = sys.stderr.isatty()
    try:
        return classify_range(
            list(ranges), repo, rules=rules, taxonomy=taxonomy, model=ModelInBackground(model),
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
    if output:
        from .report import check_writable
        check_writable(output)
    result = _classify(ranges, repo, rules, taxonomy, model, min_confidence, boards, types)
    from .report import render   # imported while git lists the range, not before it starts
    if not quiet:
        warn_all(result.warnings)
    emit(render(result.items, fmt, result.taxonomy), output)


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
        emit(render(result.items, fmt, result.taxonomy), output)
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


# -- the text model: harvest, train, predict, evaluate (library: training.py) --

def _model_file(model):
    """The model a command that needs one reads: a file, or the shipped one (None)."""
    if model is not None and str(model).strip().lower() == "none":
        raise HwclassError("this command needs a model; --model none applies to classify only")
    return model


def model_file_option(f):
    return click.option("--model", "model", metavar="FILE", default=None,
                        help="A model file from `hwclass train`. Default: the shipped model.")(f)


@cli.command()
@click.argument("source", metavar="SOURCE")
@click.option("--rev", metavar="REV", default=None,
              help="Read SOURCE as a git repository at revision REV (a tag, branch or commit).")
@rules_option
@output_option
def harvest(source, rev, rules, output):
    """Labelled examples from a kernel tree: one JSON line per prompted driver symbol.

    SOURCE is a folder, a tarball (.tar, .tar.gz, .tar.xz, .tar.bz2; read
    without extracting) or, with --rev, a git repository. Each record has
    the symbol, prompt, help, Kconfig file and built sources, and a `kind`
    where a decisive path rule names it; the records without one are
    skipped by `hwclass train`. The records hold the tree's help texts:
    they are your data.

    \b
    Examples:
      hwclass harvest /usr/src/linux-source-6.12.tar.xz -o harvest-6.12.jsonl
      hwclass harvest ~/linux --rev v6.12 -o harvest-6.12.jsonl
    """
    from . import harvest as harvest_lib
    from .report import check_writable
    records = harvest_lib.harvest(source, rev=rev, rules=rules)
    if output:
        check_writable(output)
        n = harvest_lib.write_harvest(records, output)
        click.echo(f"{n} examples written to {output}")
    else:
        import json
        n = 0
        for rec in records:
            click.echo(json.dumps(rec, ensure_ascii=False))
            n += 1
    if n == 0:
        click.echo(f"hwclass: warning: no prompted driver symbols found in {source}", err=True)


@cli.command()
@click.argument("data", nargs=-1, required=True, metavar="DATA...")
@click.option("--base", "base", metavar="DATA", multiple=True,
              help="Base examples (repeatable). With --base, DATA are a person's corrections: "
                   "they outweigh the base and hold in the trained model.")
@taxonomy_option
@click.option("--out", "--model", "-o", "out", metavar="FILE", default=None, callback=_file_name,
              help="Where to write the model (atomically). Default: the shipped model's file.")
@click.option("--cv", "--folds", "folds", type=click.IntRange(min=0), default=0, metavar="K",
              help="Also cross-validate with K folds and print the accuracy (0: no).")
@click.option("--strict", is_flag=True, help="Refuse the first bad record instead of skipping it.")
def train(data, base, taxonomy, out, folds, strict):
    """Train the text classifier on labelled examples and save it as JSON.

    DATA are files or folders of examples: `hwclass harvest` output, records
    (JSONL, JSON, YAML, CSV with text and kind or category), LWN-style
    lists (release:, categories:) or `hwclass classify -f yaml` output that
    a person corrected. Bad records are skipped with a warning (file:line).
    Several harvests (newest first) are merged: a symbol with the same
    prompt counts once. The previous model file is left untouched when
    anything fails.

    \b
    Examples:
      hwclass train harvest-6.12.jsonl lwn/ --out mine.json --cv 5
      hwclass train harvest-6.12.jsonl harvest-6.1.jsonl lwn/ --out mine.json
      hwclass train corrected.yaml --base harvest-6.12.jsonl --out mine.json
      hwclass classify v6.11..v6.12 --model mine.json
    """
    from .training import train_files
    if folds == 1:
        raise click.BadParameter("cross-validation needs at least 2 folds (0: none)", param_hint="--cv")
    result = train_files(list(data), base=list(base) or None, taxonomy=taxonomy, out=out,
                         folds=folds, strict=strict)
    warn_all(result.warnings)
    click.echo(result.summary())


PREDICT_FORMATS = ("table", "json", "jsonl")


@cli.command()
@click.argument("texts", nargs=-1, metavar="[TEXT]...")
@click.option("--input", "-i", "input_file", metavar="FILE|-", default=None,
              help="Read texts from FILE ('-': standard input), one per line.")
@click.option("--path", "paths", metavar="P", multiple=True,
              help="A source path (repeatable) the model reads with every text, e.g. "
                   "drivers/iio/light/foo.c.")
@model_file_option
@taxonomy_option
@click.option("--format", "-f", "fmt", type=click.Choice(PREDICT_FORMATS), default="table",
              show_default=True, help="table and json include the features behind each kind; "
                                      "jsonl is one record a line, without them (the fastest).")
@output_option
def predict(texts, input_file, paths, model, taxonomy, fmt, output):
    """Ask the text model for the kind and category of hardware names.

    One text per argument, or per line of --input. Prints, for each, the
    kind, the category (of --taxonomy, default the model's), the
    confidence (the probability of that category) and the features that
    weighed most.

    \b
    Examples:
      hwclass predict "Bosch BMA400 accelerometer" "Realtek RT5682 audio codec"
      hwclass predict --input names.txt --format jsonl --model mine.json
      git log --format=%s v6.11..v6.12 | hwclass predict -i - -f jsonl
    """
    from .modelfile import import_numpy_for_prediction
    from .report import check_writable
    import_numpy_for_prediction()
    from .textmodel import load_model
    from .training import format_predictions, predict_texts, read_texts
    all_texts = [" ".join(t.split()) for t in texts if t.strip()]
    if input_file is not None:
        all_texts += read_texts(input_file)
    if not all_texts:
        raise HwclassError("no text to predict: give TEXT arguments or --input FILE (one text a line)")
    if output:
        check_writable(output)
    rows = predict_texts(load_model(_model_file(model)), all_texts, taxonomy, paths=paths,
                         top=0 if fmt == "jsonl" else 3)
    emit(format_predictions(rows, fmt), output)


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}"


@cli.command()
@click.argument("data", nargs=-1, required=True, metavar="DATA...")
@model_file_option
@taxonomy_option
@click.option("--min-accuracy", type=click.FloatRange(0.0, 1.0), default=None, metavar="X",
              help="Exit 1 when the category accuracy is below X (0..1).")
@click.option("--min-macro-f1", type=click.FloatRange(0.0, 1.0), default=None, metavar="X",
              help="Exit 1 when the category macro-F1 is below X (0..1).")
@click.option("--plot", metavar="FILE.png", default=None,
              help="Also draw the confusion matrix to FILE.png (needs matplotlib: "
                   "pip install 'hwclass[plot]').")
@click.option("--strict", is_flag=True, help="Refuse the first bad record instead of skipping it.")
@click.pass_context
def evaluate(ctx, data, model, taxonomy, min_accuracy, min_macro_f1, plot, strict):
    """Score a model on labelled data: accuracy, macro-F1, per category, confusion.

    DATA are labelled files or folders, as for `hwclass train` (keep them out
    of the training data). With --min-accuracy / --min-macro-f1 it is a
    quality gate: exit 1 when the model falls below either bar.

    \b
    Examples:
      hwclass evaluate holdout.jsonl --model mine.json
      hwclass evaluate holdout.jsonl --model mine.json --min-accuracy 0.85 --min-macro-f1 0.70
    """
    from .report import check_writable
    if plot:
        import importlib.util
        if importlib.util.find_spec("matplotlib") is None:
            raise HwclassError("matplotlib is not installed: pip install 'hwclass[plot]'")
        check_writable(plot)
    from .training import evaluate_files, format_report
    report = evaluate_files(list(data), model=_model_file(model), taxonomy=taxonomy, plot=plot,
                            strict=strict)
    warn_all(report.get("warnings", ()))
    click.echo(format_report(report))
    if plot:
        click.echo(f"confusion matrix drawn to {plot}", err=True)
    failed = []
    acc, f1 = report.get("category_accuracy"), report.get("category_macro_f1")
    if min_accuracy is not None and (acc is None or acc < min_accuracy):
        failed.append(f"category accuracy {_fmt(acc)} is below --min-accuracy {min_accuracy:g}")
    if min_macro_f1 is not None and (f1 is None or f1 < min_macro_f1):
        failed.append(f"macro-F1 {_fmt(f1)} is below --min-macro-f1 {min_macro_f1:g}")
    if failed:
        click.echo("hwclass: evaluate: failed: " + "; ".join(failed), err=True)
        ctx.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
