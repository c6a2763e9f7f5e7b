#!/usr/bin/env python3
"""The summary of Benchmarks/build-speed.sh: every row's time, CPU, peak memory and output size per
location (disk, tmpfs), then the targets, PASS or FAIL. Exit status 1 when a measured target is missed.

    build-speed-summary.py WORK PAGES MD_BYTES RUNS
"""
import json
import os
import sys
from pathlib import Path

work, pages, md_bytes, runs = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]

SG = "sitegen build (minimal layout, no highlighting)"
CM = "cmark CLI (same bytes)"
HU = "hugo (minimal layout, no highlighting)"
SITE = "sitegen build (project Templates/, no highlighting)"
SIDEBAR = "hugo (sidebar of every page, table of contents, no highlighting)"

facts = {}
for line in (work / "facts.tsv").read_text().splitlines():
    location, name, kib, size = line.split("\t")
    facts[location, name] = (int(kib) * 1024 / 1e6, int(size) / 1e6)

timings = {}
print(f"{pages} pages, {md_bytes / 1e6:.1f} MB of Markdown, {os.cpu_count()} CPUs, {runs} runs each")
for location in ("disk", "tmpfs"):
    path = work / f"build-speed-{location}.json"
    if not path.exists():
        continue
    results = json.loads(path.read_text())["results"]
    width = max(len(r["command"]) for r in results)
    print(f"\n{location}:\n  {'':{width}} {'mean ± σ':>17} {'user+sys':>9} {'peak RSS':>10} {'output':>9}")
    for r in results:
        timings[location, r["command"]] = r["mean"]
        rss, size = facts.get((location, r["command"]), (0, 0))
        output = f"{size:6.1f} MB" if size else f"{'-':>9}"
        print(f"  {r['command']:{width}} {r['mean']:7.3f} s ± {r['stddev']:.3f}"
              f" {r['user'] + r['system']:7.2f} s {rss:7.1f} MB {output}")


def ratio(location, a, b):
    if (location, a) in timings and (location, b) in timings:
        return timings[location, a] / timings[location, b]
    return None


checks = []  # (label, value text, target text, passed or None when not measured)


def time_check(label, location, a, b, limit, strict):
    value = ratio(location, a, b)
    passed = None if value is None else (value < limit if strict else value <= limit)
    target = f"{'<' if strict else '≤'} {limit:g}×"
    checks.append((label, "-" if value is None else f"{value:.2f}×", target, passed))


time_check("minimal: sitegen / hugo, disk", "disk", SG, HU, 1, strict=False)
time_check("minimal: sitegen / cmark, tmpfs", "tmpfs", SG, CM, 3, strict=False)
time_check("templates: sitegen / hugo sidebar, disk", "disk", SITE, SIDEBAR, 1, strict=False)
time_check("templates: sitegen / hugo sidebar, tmpfs", "tmpfs", SITE, SIDEBAR, 1, strict=False)

location = "disk" if ("disk", SG) in facts else "tmpfs"
minimal_rss = facts.get((location, SG), (None, 0))[0]
site_rss, site_size = facts.get((location, SITE), (None, None))
hugo_size = facts.get((location, HU), (None, None))[1]
checks.append(("minimal: sitegen peak RSS", f"{minimal_rss:.1f} MB" if minimal_rss else "-", "< 200 MB",
               None if minimal_rss is None else minimal_rss < 200))
checks.append(("templates: sitegen peak RSS", f"{site_rss:.1f} MB" if site_rss else "-", "≤ 150 MB",
               None if site_rss is None else site_rss <= 150))
if site_size and hugo_size:
    checks.append(("templates: output / hugo minimal output", f"{site_size / hugo_size:.2f}×", "≤ 3×",
                   site_size <= 3 * hugo_size))

print("\n  targets:")
for label, value, target, passed in checks:
    verdict = "not measured" if passed is None else ("PASS" if passed else "FAIL")
    print(f"  {label:42} {value:>10}   target {target:9} {verdict}")
missed = [c for c in checks if c[3] is False]
print(f"\n  {'TARGET MISSED' if missed else 'ALL MEASURED TARGETS MET'}")
sys.exit(1 if missed else 0)
