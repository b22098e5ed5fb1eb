#!/usr/bin/python3
"""Time from starting fleetsh to its prompt on a terminal, for bench/run.

Usage: time_to_prompt.py RUNS COMMAND [ARG...]
Starts COMMAND (bin/fleetsh) on a pseudo-terminal, as a user would, and measures until the
prompt ('fleetsh> ') arrives; then sends `exit`. Prints the median and the best.
"""
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time


def once(argv):
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        # A terminal of 24 lines of 80 columns: with none set, the line editor has no room.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.environ["TERM"] = "xterm"
        os.execvp(argv[0], argv)
    seen = b""
    try:
        while time.perf_counter() - t0 < 30:
            r, _, _ = select.select([fd], [], [], 30)
            if not r:
                break
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if b"fleetsh> " in seen:
                return (time.perf_counter() - t0) * 1000
        raise SystemExit("time_to_prompt: no prompt; saw %r" % seen[-200:])
    finally:
        os.write(fd, b"exit\r")
        end = time.perf_counter() + 10
        while time.perf_counter() < end:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                break
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    os.read(fd, 4096)
                except OSError:
                    pass
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)


def main():
    runs, argv = int(sys.argv[1]), sys.argv[2:]
    samples = sorted(once(argv) for _ in range(runs))
    print("fleetsh\ttime to prompt\tmedian_ms=%.3f\tbest_ms=%.3f\tn=%d" % (
        samples[len(samples) // 2], samples[0], runs), flush=True)


if __name__ == "__main__":
    main()
