#!/usr/bin/env bash
# Warm latency of OpenSSH over a ControlMaster connection (a new channel and exec per command).
# Usage: controlmaster_latency.sh SSH_CONFIG HOST WARMUP RUNS
set -euo pipefail
cfg=$1 host=$2 warmup=$3 runs=$4
dir=$(mktemp -d)
trap 'ssh -F "$cfg" -o ControlPath="$dir/cm" -O exit "$host" 2>/dev/null || true; rm -rf "$dir"' EXIT
opts=(-F "$cfg" -o ControlMaster=auto -o ControlPath="$dir/cm" -o ControlPersist=120)
for _ in $(seq "$warmup"); do ssh "${opts[@]}" "$host" true; done
/usr/bin/python3 - "$runs" "${opts[@]}" "$host" <<'PY'
import statistics, subprocess, sys, time
runs = int(sys.argv[1]); argv = ["ssh"] + sys.argv[2:] + ["true"]
s = []
for _ in range(runs):
    t0 = time.perf_counter_ns(); subprocess.run(argv, check=True); s.append(time.perf_counter_ns() - t0)
s.sort()
print("openssh-controlmaster\ttrue\tmedian_ms=%.3f\tmean_ms=%.3f\tp90_ms=%.3f\tn=%d" % (
    s[len(s)//2]/1e6, statistics.mean(s)/1e6, s[len(s)*9//10]/1e6, runs))
PY
