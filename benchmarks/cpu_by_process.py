#!/usr/bin/env python3
"""CPU seconds of a command and of each process it starts, as last seen in /proc.

    python3 benchmarks/cpu_by_process.py hwclass classify mw..end --format jsonl

The command runs with its output thrown away while /proc is read every 2 ms;
each process (the command and its children: git log, git cat-file ...) is
printed with its user + system CPU as last seen, and the total.  A process
that lives less than a few milliseconds may be missed, and the last 2 ms of
each are not counted.  Linux only; standard library only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")
POLL_SECONDS = 0.002


def _stat(pid: str) -> tuple[int, float] | None:
    """(parent pid, user + system seconds) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def _command_line(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()[:70]
    except OSError:
        return ""


def watch(argv: list[str]) -> tuple[dict[int, tuple[str, float]], float]:
    """Run ``argv``; {pid: (command line, CPU seconds)} of it and its children, and its wall time."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    seen: dict[int, tuple[str, float]] = {}
    while proc.poll() is None:
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            got = _stat(pid)
            if got is None or (got[0] != proc.pid and int(pid) != proc.pid):
                continue
            # read again each time: a child shows its parent's command line until it execs
            name = _command_line(pid) or (seen[int(pid)][0] if int(pid) in seen else "")
            seen[int(pid)] = (name, got[1])
        time.sleep(POLL_SECONDS)
    return seen, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    try:
        seen, wall = watch(argv)
    except OSError as exc:
        print(f"cpu_by_process: cannot run {argv[0]}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for _pid, (name, cpu) in sorted(seen.items()):
        print(f"{cpu:7.2f} s  {name}")
    print(f"{sum(cpu for _name, cpu in seen.values()):7.2f} s  in all, {wall:.2f} s of wall time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
