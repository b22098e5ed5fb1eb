#!/usr/bin/python3
"""The peers' side of the fan-out benchmark, for bench/run.

Usage: fanout_peers.py SSH_CONFIG HOSTSET FANOUT WARM_RUNS
HOSTSET is a pdsh/clush host list (s[001-100]). Prints one line per measurement, in the format
of the fleetsh side (tool, what, median_ms, ...):
  pdsh and clush, cold: a new ssh connection per host (their normal use); warm: the same over
  OpenSSH ControlMaster connections opened beforehand (the closest they come to a live tree);
  Mitogen: cold connects every context (FANOUT at once) and makes the first call; warm calls
  all contexts at once, subprocess.call(['/bin/true']) and os.getpid (starts no process).
cpu_ms_per_host is the CPU of the tool and its ssh children, per host, for the cold run.
"""
import concurrent.futures
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import mitogen.master
import mitogen.utils


def expand(hostset):
    return subprocess.run(["nodeset", "-e", hostset], check=True, text=True,
                          capture_output=True).stdout.split()


def children_cpu_ms():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r.ru_utime + r.ru_stime) * 1000


def timed(argv, env=None):
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return (time.perf_counter() - t0) * 1000


def line(tool, what, ms, n, extra=""):
    print("%s\t%s\tmedian_ms=%.3f%s\tn=%d" % (tool, what, ms, extra, n), flush=True)


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def cli_tools(config, hostset, n, fanout, runs):
    cm = tempfile.mkdtemp(prefix="fleetsh-bench-cm-")
    master = ["-o", "ControlMaster=auto", "-o", "ControlPath=" + cm + "/%C", "-o",
              "ControlPersist=300"]
    env = dict(os.environ, PDSH_SSH_ARGS_APPEND="-F " + config)
    env_cm = dict(os.environ, PDSH_SSH_ARGS_APPEND=" ".join(["-F", config] + master))
    tools = {
        "pdsh": lambda e, cmd: (["pdsh", "-R", "ssh", "-f", str(fanout), "-w", hostset, cmd], e),
        # clush's -o goes through ConfigParser interpolation: % is written %%.
        "clush": lambda e, cmd: (["clush", "-f", str(fanout), "-o",
                                  " ".join(["-F", config] + (master if e is env_cm else []))
                                  .replace("%", "%%"),
                                  "-w", hostset, cmd], None),
    }
    try:
        for tool, argv in tools.items():
            a, e = argv(env, "true")
            cpu0 = children_cpu_ms()
            ms = timed(a, e)
            cpu = children_cpu_ms() - cpu0
            line(tool, "cold /bin/true x%d" % n, ms, 1, "\tcpu_ms_per_host=%.3f" % (cpu / n))
        # Warm: open the masters once, then measure over them.
        a, e = tools["pdsh"](env_cm, "true")
        subprocess.run(a, check=True, stdout=subprocess.DEVNULL, env=e)
        for tool, argv in tools.items():
            for cmd in ("/bin/true", ":"):
                a, e = argv(env_cm, cmd)
                line(tool, "warm %s x%d" % (cmd, n), median([timed(a, e) for _ in range(runs)]), runs)
    finally:
        for h in expand(hostset):
            subprocess.run(["ssh", "-F", config, "-o", "ControlPath=" + cm + "/%C", "-O", "exit", h],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(cm, ignore_errors=True)


def mitogen_side(router, config, hosts, fanout, runs):
    n = len(hosts)
    # Its default connect_timeout (30 s) is too short for 64 bootstraps at once on two cores.
    connect = lambda h: router.ssh(hostname=h, ssh_args=["-F", config], connect_timeout=600,
                                   python_path="/usr/bin/python3")
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(fanout) as pool:
        contexts = list(pool.map(connect, hosts))
    for r in [c.call_async(subprocess.call, ["/bin/true"]) for c in contexts]:
        r.get()
    ms = (time.perf_counter() - t0) * 1000
    # No CPU figure: Mitogen's ssh children live on, and their CPU is not counted until then.
    line("mitogen", "cold /bin/true x%d" % n, ms, 1)
    for what, fn, args in (("/bin/true", subprocess.call, (["/bin/true"],)),
                           (": (os.getpid, no process)", os.getpid, ())):
        samples = []
        for i in range(runs + max(3, runs // 5)):
            t0 = time.perf_counter()
            for r in [c.call_async(fn, *args) for c in contexts]:
                r.get()
            samples.append((time.perf_counter() - t0) * 1000)
        line("mitogen", "warm %s x%d" % (what.split(" ")[0], n),
             median(samples[max(3, runs // 5):]), runs)


def main():
    config, hostset, fanout, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    hosts = expand(hostset)
    if os.environ.get("FANOUT_PEERS", "all") != "mitogen":
        cli_tools(config, hostset, len(hosts), fanout, runs)
    mitogen.utils.run_with_router(lambda router: mitogen_side(router, config, hosts, fanout, runs))


if __name__ == "__main__":
    main()
