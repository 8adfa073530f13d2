#!/usr/bin/env python3
"""The floor under ``hwclass classify``: Python reading git's stream and nothing more.

    python3 benchmarks/floor.py RANGE [--keep all|none] [--repo DIR]

Starts Python, imports hwclass's scanner (GitPython), runs the same
``git log --no-merges --raw -z --no-renames --no-abbrev`` that classify runs
and parses every commit of RANGE, keeping no file change (``--keep none``,
the default) or all of them (``--keep all``); no blob is read, nothing is
detected, no model is loaded.  It prints the number of commits.  Timed by
run.py against plain ``git log``, it says what any tool pays for reading the
log in Python, before detecting anything:

    python3 benchmarks/run.py REPO RANGE --hwclass "python3 benchmarks/floor.py {range}"
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("range", nargs="+", metavar="RANGE")
    ap.add_argument("--keep", choices=("none", "all"), default="none")
    ap.add_argument("--repo", default=None)
    args = ap.parse_args(argv)
    from hwclass.scan import Scanner

    keep = (lambda status, path: False) if args.keep == "none" else None
    with Scanner(args.repo) as scanner:
        n = sum(1 for _commit in scanner.commits(scanner.resolve(args.range), keep=keep))
    print(n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
