#!/usr/bin/env python3
"""Check hwclass's items for a generated history against its ground truth.

    python3 benchmarks/truth.py REPO RANGE ITEMS.jsonl

REPO is a history made by make_history.py (its ground truth is
REPO/.git/hwclass-bench.json), RANGE a range of it (``base..end``), ITEMS the
output of ``hwclass classify RANGE --format jsonl`` there. For each new driver
and each new device id of the truth that falls in the range, it says whether
hwclass lists it, and if not, whether it could have:

- a driver is listed when an item carries its symbol; one whose symbol no
  Kconfig file defines at the end of the range is not new hardware there;
- a device id is listed when a device item comes from its commit; one in a
  driver the range itself adds belongs to that driver's item (also when only
  such drivers name it at the end), one that another driver's device item
  already lists is listed once, as hwclass means to, and one no source names
  at the end (its driver removed) is not new hardware there.

"missed" counts the rest: those are hwclass's misses. It also counts the
driver and device items the truth does not hold (boards are not checked).
Only the standard library and git.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repo")
    ap.add_argument("range", help="A..B (B is the end of the range)")
    ap.add_argument("items", help="hwclass classify RANGE --format jsonl output")
    args = ap.parse_args(argv)
    truth_file = Path(args.repo) / ".git" / "hwclass-bench.json"
    if not truth_file.is_file():
        print(f"truth.py: {truth_file}: no ground truth (not made by make_history.py?)", file=sys.stderr)
        return 2
    truth = json.loads(truth_file.read_text())["truth"]
    tip = args.range.split("..")[-1].lstrip(".") or "HEAD"
    in_range = set(git(args.repo, "rev-list", "--no-merges", args.range).split())

    at_end = set(git(args.repo, "ls-tree", "-r", "--name-only", tip).splitlines())

    def files_saying(pattern: str) -> list[str]:   # the files at the end of the range that match
        out = subprocess.run(["git", "-C", args.repo, "grep", "-l", "-E", pattern, tip, "--"],
                             capture_output=True, text=True).stdout
        return [line.split(":", 1)[1] for line in out.splitlines()]
    items = [json.loads(line) for line in Path(args.items).read_text().splitlines() if line.strip()]
    symbols = {s for it in items for s in it["symbols"]}
    device_commits = {it["commit"] for it in items if it["type"] == "device"}
    driver_paths = {p for it in items if it["type"] == "driver" for p in it["paths"]}

    ranged = [t for t in truth if t["commit"] in in_range]
    listed_keys = {t["key"] for t in ranged if t["type"] == "device" and t["commit"] in device_commits}
    drivers, devices = Counter(), Counter()
    missed = []
    for t in ranged:
        if t["type"] == "driver":
            why = ("listed" if t["key"] in symbols
                   else "gone at the end" if not files_saying(rf"^\s*(menu)?config\s+{t['key']}\s*$")
                   else "missed")
            drivers[why] += 1
        elif t["type"] == "device":
            if t["commit"] in device_commits:
                why = "listed"
            elif t["path"] in driver_paths:
                why = "in a driver the range adds"
            else:
                # where the id is at the end: its own file, or the file that file was renamed to
                where = files_saying(f'"{t["key"]}"')
                if t["path"] not in at_end:
                    where = [f for f in where if git(args.repo, "log", "--no-merges", "--diff-filter=A",
                                                     "--format=%H", f"{t['commit']}..{tip}", "--", f).strip()]
                else:
                    where = [f for f in where if f == t["path"]]
                why = ("gone at the end" if not where
                       else "in a driver the range adds" if all(f in driver_paths for f in where)
                       else "listed for another driver" if t["key"] in listed_keys else "missed")
            devices[why] += 1
        else:
            continue
        if why == "missed":
            missed.append(t)
    for name, counts in (("new drivers", drivers), ("new device ids", devices)):
        total = sum(counts.values())
        listable = counts["listed"] + counts["missed"]
        parts = ", ".join(f"{why} {n}" for why, n in sorted(counts.items()))
        share = f"{counts['listed'] / listable:.3f}" if listable else "-"
        print(f"{name}: {total} in the range ({parts}); listed of those hwclass could list: {share}")
    truth_symbols = {t["key"] for t in ranged if t["type"] == "driver"}
    truth_commits = {t["commit"] for t in ranged if t["type"] == "device"}
    extra = [it for it in items if it["type"] == "driver" and not truth_symbols.intersection(it["symbols"])
             or it["type"] == "device" and it["commit"] not in truth_commits]
    print(f"items: {len(items)}, {len(extra)} of them (drivers and devices) not in the truth"
          + (": " + "; ".join(f"{it['hardware']} ({it['commit'][:12]})" for it in extra[:5]) if extra else ""))
    for t in missed[:20]:
        print(f"  missed {t['type']} {t['key']} ({t['path']}, {t['commit'][:12]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
