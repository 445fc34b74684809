#!/usr/bin/env python3
"""Sequences against the plain read (issue 18: sequences at 1 % within 4x `clientela inspect`).

Runs `inspect FILE` and then `sequences FILE --min-support S --json` with each build given, in turn,
ROUNDS times (interleaved, so that a slow moment of the machine touches every build alike), and prints
the medians of the wall time and of the CPU time (user + system of the process and its threads, from
os.wait4) with the ratio of each build's wall time to inspect's (the first build's inspect).

    python3 benches/sequence_ratio.py 15 online_retail.csv target/release/clientela [OTHER_BUILD ...]
    python3 benches/sequence_ratio.py 15 online_retail.csv target/release/clientela --min-support 0.005

A timing, not a test: nothing passes or fails.
"""

import os
import statistics
import subprocess
import sys
import time


def run(cmd):
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"{' '.join(cmd)} failed with status {status}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    rounds, data, rest = int(argv[0]), argv[1], argv[2:]
    support = "0.01"
    if "--min-support" in rest:
        at = rest.index("--min-support")
        support = rest[at + 1]
        del rest[at : at + 2]
    builds = rest
    read_wall, read_cpu = [], []
    wall = {b: [] for b in builds}
    cpu = {b: [] for b in builds}
    for _ in range(rounds):
        w, c = run([builds[0], "inspect", data])
        read_wall.append(w)
        read_cpu.append(c)
        for b in builds:
            w, c = run([b, "sequences", data, "--min-support", support, "--json"])
            wall[b].append(w)
            cpu[b].append(c)
    read = statistics.median(read_wall)
    print(f"inspect: wall {read:.3f} s, CPU {statistics.median(read_cpu):.3f} s (medians of {rounds})")
    for b in builds:
        w = statistics.median(wall[b])
        print(f"{b} sequences at {support}: wall {w:.3f} s, CPU {statistics.median(cpu[b]):.3f} s, {w / read:.2f}x inspect")


if __name__ == "__main__":
    main(sys.argv[1:])
