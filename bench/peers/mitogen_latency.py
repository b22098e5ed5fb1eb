#!/usr/bin/python3
"""Warm latency of Mitogen's persistent remote interpreter on one host, for bench/run.

Usage: mitogen_latency.py SSH_CONFIG HOST WARMUP RUNS
Prints, like the fleetsh side, one line each for subprocess.call(['/bin/true']) (a real fork
and exec on the target) and for os.getpid (a call that starts no process).
"""
import os
import statistics
import subprocess
import sys
import time

import mitogen.master
import mitogen.utils


def measure(ctx, label, fn, args, warmup, runs):
    for _ in range(warmup):
        ctx.call(fn, *args)
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        ctx.call(fn, *args)
        samples.append(time.perf_counter_ns() - t0)
    samples.sort()
    print("mitogen\t%s\tmedian_ms=%.3f\tmean_ms=%.3f\tp90_ms=%.3f\tn=%d" % (
        label, samples[len(samples) // 2] / 1e6, statistics.mean(samples) / 1e6,
        samples[len(samples) * 9 // 10] / 1e6, runs), flush=True)


def main(router):
    config, host, warmup, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    ctx = router.ssh(hostname=host, ssh_args=["-F", config], python_path="/usr/bin/python3")
    measure(ctx, "subprocess.call(/bin/true)", subprocess.call, (["/bin/true"],), warmup, runs)
    measure(ctx, "os.getpid (no process)", os.getpid, (), warmup, runs)


if __name__ == "__main__":
    mitogen.utils.run_with_router(main)
