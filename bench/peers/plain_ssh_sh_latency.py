#!/usr/bin/python3
"""The floor for a builtin: a persistent /bin/sh driven through the plain OpenSSH client.

Usage: plain_ssh_sh_latency.py SSH_CONFIG HOST WARMUP RUNS
Writes ': ; echo M' to the remote shell and waits for M, with no markers on stderr and no
parsing: the least any persistent-shell design can pay over SSH on this machine.
"""
import os
import statistics
import subprocess
import sys
import time

cfg, host, warmup, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
p = subprocess.Popen(["ssh", "-F", cfg, "-T", host, "exec /bin/sh"], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, bufsize=0)
fd_in, fd_out = p.stdin.fileno(), p.stdout.fileno()


def once():
    os.write(fd_in, b": ; echo M\n")
    buf = b""
    while not buf.endswith(b"M\n"):
        buf += os.read(fd_out, 4096)


for _ in range(warmup):
    once()
s = []
for _ in range(runs):
    t0 = time.perf_counter_ns()
    once()
    s.append(time.perf_counter_ns() - t0)
s.sort()
print("openssh-persistent-sh\t:\tmedian_ms=%.3f\tmean_ms=%.3f\tp90_ms=%.3f\tn=%d" % (
    s[len(s) // 2] / 1e6, statistics.mean(s) / 1e6, s[len(s) * 9 // 10] / 1e6, runs))
p.stdin.close()
p.wait()
