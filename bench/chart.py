"""The chart of bench/RESULTS.md: each scenario's time for every tool, relative to fleetsh's.

Plain SVG written by hand, so that the suite needs nothing beyond Python's standard library.
Bars are on a logarithmic scale: fleetsh is 1; a bar to the right of it took longer.
"""
import html
import math

# (label, result key suffix or exact key per tool); tools in a fixed order and colour.
TOOLS = [("fleetsh", "#2b6cb0"), ("mitogen", "#d69e2e"), ("pdsh", "#718096"),
         ("clush", "#a0aec0"), ("openssh", "#e53e3e"), ("scp", "#c05621"), ("sftp", "#9c4221"), ("rsync", "#38a169")]

SCENARIOS = [
    ("warm /bin/true, 1 host", {"fleetsh": ("fleetsh", "/bin/true"),
                                "mitogen": ("mitogen", "subprocess.call(/bin/true)"),
                                "openssh": ("openssh-controlmaster", "true")}),
    ("warm :, 1 host", {"fleetsh": ("fleetsh", ":"), "mitogen": ("mitogen", "os.getpid (no process)")}),
    ("warm /bin/true, 100 hosts", {t: (t, "warm /bin/true x100") for t in ("fleetsh", "mitogen", "pdsh", "clush")}),
    ("warm :, 100 hosts", {t: (t, "warm : x100") for t in ("fleetsh", "mitogen", "pdsh", "clush")}),
    ("cold /bin/true, 100 hosts", {t: (t, "cold /bin/true x100") for t in ("fleetsh", "mitogen", "pdsh", "clush")}),
    ("warm /bin/true, 500 hosts", {t: (t, "warm /bin/true x500") for t in ("fleetsh", "mitogen", "pdsh", "clush")}),
    ("cold /bin/true, 500 hosts", {t: (t, "cold /bin/true x500") for t in ("fleetsh", "mitogen", "pdsh", "clush")}),
    ("put 4 KiB, 10 ms away", {"fleetsh": ("fleetsh", "put 4 KiB"), "scp": ("scp-controlmaster", "put 4 KiB"),
                               "sftp": ("sftp-controlmaster", "put 4 KiB")}),
    ("put 1 GiB", {t: (t, "put file") for t in ("fleetsh", "scp", "sftp", "rsync")}),
    ("put 1000 x 4 KiB", {t: (t, "put tree") for t in ("fleetsh", "scp", "sftp", "rsync", "clush")}),
    ("put 50 MiB to 100 hosts", {t: (t, "put 50 MiB x100") for t in ("fleetsh", "scp", "rsync", "clush")}),
]


def write(results, path):
    rows = []
    for label, keys in SCENARIOS:
        base = results.get(keys["fleetsh"], {}).get("median_ms")
        if not base:
            continue
        bars = [(t, results[k]["median_ms"] / base) for t, _ in TOOLS
                for k in [keys.get(t)] if k and results.get(k, {}).get("median_ms")]
        rows.append((label, bars))
    lo, hi = 0.1, 100.0
    left, width, bar, gap = 200, 520, 12, 10
    height = 60 + sum(len(b) * bar + gap for _, b in rows) + 40
    x = lambda v: left + width * (math.log10(min(max(v, lo), hi)) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">'
           % (left + width + 90, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="20" font-size="14" font-weight="bold">Time relative to fleetsh '
           '(log scale; 1 = fleetsh, right of it = slower than fleetsh)</text>']
    for v in (0.1, 0.5, 1, 2, 5, 10, 100):
        out.append('<line x1="%.1f" y1="35" x2="%.1f" y2="%d" stroke="%s"/>'
                   % (x(v), x(v), height - 30, "#000" if v == 1 else "#ddd"))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%g</text>' % (x(v), height - 15, v))
    y = 45
    for label, bars in rows:
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                   % (left - 8, y + len(bars) * bar / 2 + 4, html.escape(label)))
        for tool, v in bars:
            colour = dict(TOOLS)[tool]
            out.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>'
                       % (x(lo), y, max(1.0, x(v) - x(lo)), bar - 2, colour))
            out.append('<text x="%.1f" y="%d">%s %.2f</text>' % (x(v) + 4, y + bar - 3, tool, v))
            y += bar
        y += gap
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
