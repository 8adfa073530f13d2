#!/usr/bin/env python3
"""Time hwclass against a plain ``git log`` over the same range.

    benchmarks/run.py REPO RANGE [--runs N] [--hwclass CMD]
    benchmarks/run.py REPO --startup [--runs N] [--hwclass CMD]
    benchmarks/run.py --all [--work DIR] [--runs N] [--hwclass CMD]

For REPO RANGE, the runner alternates, in one session, N runs of

    hwclass classify RANGE --format jsonl
    git log --no-merges --raw --no-renames RANGE

(both run in REPO, stdout a pipe the runner drains) and prints the median wall
time of each, their ratio, the peak RSS and CPU time of each (from the child's
``wait4`` rusage), the number of items hwclass found (jsonl lines), the number
of commits in the range, and, for a history made by make_history.py, how many
new drivers and devices the range really adds.

--startup times ``hwclass --help`` and ``hwclass classify HEAD..HEAD`` (an empty
range, which hwclass rejects with exit 2: the figure is the time to start and
open the repository).

--all builds (when missing) 10k, 100k and 300k-commit histories, and a 100k one
with a Linux-sized tree (make_history.py --kernel-size), in --work DIR
(default /tmp/hwclass-bench) with make_history.py, times ``mw..end`` and
``base..end`` on the first two and on the Linux-sized one,
``base..end`` once on the 300k one (peak memory), and ``v6.1..v6.12`` on the kernel repository at --kernel DIR
(default /tmp/kernel-snap) when it exists.

--hwclass CMD replaces the hwclass command (default: ``hwclass`` on PATH, else
``python -m hwclass``).  If CMD contains ``{range}``, it is the whole command,
with the range put there: ``--hwclass "git log --oneline {range}"`` tests the
runner without hwclass.  Standard library and git only.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


class Result:
    __slots__ = ("wall", "rss_kb", "cpu", "lines", "rc", "stderr")

    def __init__(self, wall, rss_kb, cpu, lines, rc, stderr):
        self.wall, self.rss_kb, self.cpu, self.lines, self.rc, self.stderr = wall, rss_kb, cpu, lines, rc, stderr


def run_once(argv, cwd, env=None) -> Result:
    """Run argv in cwd, draining stdout; wall time, peak RSS (KiB) and CPU seconds of the child.

    The rusage comes from wait4 on the child: its peak RSS is the largest of
    the child and the descendants it waited for (not their sum).
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines = 0
    read = proc.stdout.read
    while True:
        chunk = read(1 << 16)
        if not chunk:
            break
        lines += chunk.count(b"\n")
    err = proc.stderr.read()
    _pid, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    proc.stderr.close()
    return Result(wall, ru.ru_maxrss, ru.ru_utime + ru.ru_stime, lines, proc.returncode,
                  err.decode(errors="replace").strip())


def hwclass_command(spec: str | None):
    """(argv prefix, environment, uses {range} placeholder) for the hwclass under test."""
    env = dict(os.environ)
    if spec:
        return shlex.split(spec), env, "{range}" in spec
    exe = shutil.which("hwclass")
    if exe:
        return [exe], env, False
    # not installed: run this checkout's package
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    try:
        main_spec = importlib.util.find_spec("hwclass.__main__")
    except ImportError:
        main_spec = None
    return [sys.executable, "-m", "hwclass" if main_spec else "hwclass.cli"], env, False


def build_argv(prefix, placeholder, rng, *extra):
    if placeholder:
        return [a.replace("{range}", rng) for a in prefix]
    return prefix + list(extra)


def git(repo, *args) -> str:
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def range_revs(rng: str) -> list[str]:
    return shlex.split(rng)


def truth_in_range(repo, rng):
    """{type: count} of make_history.py's ground truth inside the range, or None.

    The range's commits are streamed, never held: a forked child's peak RSS
    starts at the runner's own RSS (Linux copies it at fork), so the runner
    stays small.
    """
    path = os.path.join(git(repo, "rev-parse", "--absolute-git-dir").strip(), "hwclass-bench.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        by_commit = {}
        for t in json.load(f).get("truth", []):
            by_commit.setdefault(t["commit"].encode(), []).append(t["type"])
    counts = {}
    with subprocess.Popen(["git", "-C", repo, "rev-list", *range_revs(rng)], stdout=subprocess.PIPE) as proc:
        for line in proc.stdout:
            for kind in by_commit.get(line.rstrip(), ()):
                counts[kind] = counts.get(kind, 0) + 1
    del by_commit
    return counts


def mb(kb):
    return f"{kb / 1024:.0f} MB"


def fmt_s(s):
    return f"{s:.3f} s" if s < 10 else f"{s:.1f} s"


def bench_range(repo, rng, runs, hw, label=None, out=sys.stdout):
    prefix, env, placeholder = hw
    revs = range_revs(rng)
    total = int(git(repo, "rev-list", "--count", *revs).strip())
    nonmerge = int(git(repo, "rev-list", "--count", "--no-merges", *revs).strip())
    hw_argv = build_argv(prefix, placeholder, rng, "classify", *revs, "--format", "jsonl")
    git_argv = ["git", "log", "--no-merges", "--raw", "--no-renames", *revs]
    print(f"== {label or repo}: {rng}  ({total} commits, {nonmerge} without merges)", file=out, flush=True)
    print(f"   hwclass: {shlex.join(hw_argv)}", file=out)
    print(f"   git:     {shlex.join(git_argv)}", file=out, flush=True)
    hw_res, git_res = [], []
    for i in range(runs):
        r = run_once(hw_argv, repo, env)
        if r.rc != 0:
            print(f"   hwclass failed (exit {r.rc}): {r.stderr.splitlines()[-1] if r.stderr else ''}", file=out)
            return None
        hw_res.append(r)
        g = run_once(git_argv, repo)
        if g.rc != 0:
            print(f"   git log failed (exit {g.rc}): {g.stderr}", file=out)
            return None
        git_res.append(g)
        print(f"   run {i + 1}/{runs}: hwclass {fmt_s(r.wall)}, git log {fmt_s(g.wall)}", file=out, flush=True)
    truth = truth_in_range(repo, rng)
    hw_med = statistics.median(r.wall for r in hw_res)
    git_med = statistics.median(r.wall for r in git_res)
    # each hwclass run against the git log run right after it: steadier than the
    # ratio of medians when the machine's speed drifts during the session
    pairs = [h.wall / g.wall for h, g in zip(hw_res, git_res) if g.wall > 0]
    summary = {
        "repo": repo, "range": rng, "label": label, "runs": runs,
        "commits": total, "commits_no_merges": nonmerge,
        "hwclass_median_s": round(hw_med, 3), "git_log_median_s": round(git_med, 3),
        "ratio": round(hw_med / git_med, 2) if git_med > 0 else None,
        "paired_ratio": round(statistics.median(pairs), 2) if pairs else None,
        "paired_ratio_min_max": [round(min(pairs), 2), round(max(pairs), 2)] if pairs else None,
        "hwclass_peak_rss_mb": round(max(r.rss_kb for r in hw_res) / 1024, 1),
        "git_log_peak_rss_mb": round(max(r.rss_kb for r in git_res) / 1024, 1),
        "hwclass_cpu_s": round(statistics.median(r.cpu for r in hw_res), 3),
        "git_log_cpu_s": round(statistics.median(r.cpu for r in git_res), 3),
        "cpu_floor_ratio": cpu_floor_ratio(statistics.median(r.cpu for r in hw_res), git_med),
        "items": hw_res[-1].lines,
        "truth": truth,
    }
    print(f"   hwclass classify : median {fmt_s(hw_med)}  (cpu {fmt_s(summary['hwclass_cpu_s'])}, "
          f"peak RSS {mb(max(r.rss_kb for r in hw_res))})", file=out)
    print(f"   git log --raw    : median {fmt_s(git_med)}  (cpu {fmt_s(summary['git_log_cpu_s'])}, "
          f"peak RSS {mb(max(r.rss_kb for r in git_res))})", file=out)
    ratio = f"{summary['ratio']:.2f}" if summary["ratio"] is not None else "n/a"
    line = f"   ratio hwclass/git log: {ratio}"
    if len(pairs) > 1:
        low, high = summary["paired_ratio_min_max"]
        line += f" (run by run: median {summary['paired_ratio']:.2f}, {low:.2f}-{high:.2f})"
    line += f"; items found: {summary['items']}"
    if truth is not None:
        line += (f"; ground truth in range: {truth.get('driver', 0)} new drivers, "
                 f"{truth.get('device', 0)} new device ids, {truth.get('board', 0)} new dts")
    print(line, file=out, flush=True)
    if summary["cpu_floor_ratio"] is not None:
        print(f"   cpu floor: hwclass's cpu spread over this machine's {os.cpu_count()} cores would still take "
              f"{summary['cpu_floor_ratio']:.2f} times git log", file=out, flush=True)
    return summary


def cpu_floor_ratio(hw_cpu: float, git_wall: float) -> float | None:
    """The lowest ratio hwclass could reach here without using less CPU: its CPU
    time (its own and its git processes') spread evenly over every core, against
    git log's wall time."""
    cores = os.cpu_count() or 1
    return round(hw_cpu / cores / git_wall, 2) if git_wall > 0 else None


def bench_startup(repo, runs, hw, out=sys.stdout):
    prefix, env, placeholder = hw
    cases = []
    if not placeholder:
        cases.append(("hwclass --help", prefix + ["--help"]))
    cases.append(("hwclass classify HEAD..HEAD", build_argv(prefix, placeholder, "HEAD..HEAD",
                                                           "classify", "HEAD..HEAD")))
    print(f"== startup ({repo})", file=out, flush=True)
    summary = {}
    for name, argv in cases:
        res = [run_once(argv, repo, env) for _ in range(runs)]
        med = statistics.median(r.wall for r in res)
        rss = max(r.rss_kb for r in res)
        print(f"   {name:30s} median {fmt_s(med)}  (peak RSS {mb(rss)}, exit {res[-1].rc})", file=out, flush=True)
        summary[name] = {"median_s": round(med, 3), "peak_rss_mb": round(rss / 1024, 1), "exit": res[-1].rc}
    return summary


def ensure_history(work, name, commits, seed=1, kernel_size=False):
    path = os.path.join(work, name)
    if os.path.exists(os.path.join(path, ".git", "hwclass-bench.json")):
        return path
    if os.path.exists(path):
        # an interrupted generation: only ever remove what this runner would have made
        if os.path.dirname(os.path.abspath(path)) != os.path.abspath(work):
            raise SystemExit(f"run.py: {path} is incomplete; remove it")
        shutil.rmtree(path)
    os.makedirs(work, exist_ok=True)
    print(f"== generating {path} ({commits} commits)", flush=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, os.path.join(HERE, "make_history.py"), path, "--commits", str(commits),
                    "--seed", str(seed)] + (["--kernel-size"] if kernel_size else []), check=True)
    print(f"   generated in {time.perf_counter() - t0:.1f} s", flush=True)
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("repo", nargs="?", metavar="REPO")
    ap.add_argument("range", nargs="?", metavar="RANGE",
                    help="a revision range; several revisions in one quoted argument ('B ^A') are fine")
    ap.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    ap.add_argument("--hwclass", metavar="CMD", default=None,
                    help="the hwclass command (default: hwclass on PATH, else python -m hwclass); "
                         "with {range} in it, the whole command")
    ap.add_argument("--startup", action="store_true", help="time hwclass --help and an empty range")
    ap.add_argument("--all", action="store_true", help="the whole suite: 10k, 100k, 300k histories and the kernel")
    ap.add_argument("--work", metavar="DIR", default="/tmp/hwclass-bench", help="where --all keeps its histories")
    ap.add_argument("--kernel", metavar="DIR", default="/tmp/kernel-snap",
                    help="a kernel repository with v6.1 and v6.12 for --all (skipped if absent)")
    ap.add_argument("--json", metavar="FILE", default=None, help="also write the figures as JSON")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    hw = hwclass_command(args.hwclass)
    results = []
    if args.all:
        h10 = ensure_history(args.work, "h10k", 10_000)
        h100 = ensure_history(args.work, "h100k", 100_000)
        h300 = ensure_history(args.work, "h300k", 300_000)
        k100 = ensure_history(args.work, "k100k", 100_000, kernel_size=True)   # a Linux-sized tree
        results.append({"startup": bench_startup(h10, args.runs, hw)})
        for path, label in ((h10, "10k"), (h100, "100k")):
            for rng in ("mw..end", "base..end"):
                results.append(bench_range(path, rng, args.runs, hw, label))
        for rng in ("mw..end", "base..end"):
            results.append(bench_range(k100, rng, args.runs, hw, "100k, Linux-sized tree"))
        results.append(bench_range(h300, "base..end", 1, hw, "300k"))
        if os.path.isdir(args.kernel):
            results.append(bench_range(args.kernel, "v6.1..v6.12", args.runs, hw, "kernel"))
        else:
            print(f"== kernel: {args.kernel} absent, skipped")
    else:
        if not args.repo:
            ap.error("REPO is required (or --all)")
        repo = os.path.abspath(args.repo)
        if args.startup:
            results.append({"startup": bench_startup(repo, args.runs, hw)})
        if args.range:
            results.append(bench_range(repo, args.range, args.runs, hw))
        elif not args.startup:
            ap.error("RANGE is required (or --startup)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    return 0 if all(r is not None for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
