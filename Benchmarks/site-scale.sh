#!/usr/bin/env bash
# Scaling benchmark: `sitegen build --no-measure` (release) with the project's own Templates/ on
# generated corpora of several sizes; prints wall time and peak memory per page count, and how much
# each grew against the number of pages. See Benchmarks/README.md.
#
#   Benchmarks/site-scale.sh [PAGES ...]     (from anywhere; PAGES defaults to 1000 2000)
#
# Environment: RUNS (default 3; the median time and the largest peak RSS are kept), SITEGEN_BIN (use
# this binary instead of building with `swift build -c release`), SITEGEN_FLAGS (more options for
# `sitegen build`, e.g. --no-highlight), BENCH_OUT (where the sites are written; default
# Benchmarks/work/scale-out).
# Exit status: 0 when every build succeeded, 1 otherwise.
set -euo pipefail

RUNS="${RUNS:-3}"
die() { echo "error: $*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }

COUNTS=("$@")
((${#COUNTS[@]})) || COUNTS=(1000 2000)
for n in "${COUNTS[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "each PAGES must be a positive integer (got '$n'). Usage: $0 [PAGES ...]"
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
WORK="$ROOT/Benchmarks/work"

command -v python3 >/dev/null 2>&1 || die "python3 is needed to generate the corpus"
/usr/bin/time -f %M true >/dev/null 2>&1 \
    || die "GNU time is needed at /usr/bin/time for the peak memory (Debian or Ubuntu: sudo apt-get install time)"

if [[ -n "${SITEGEN_BIN:-}" ]]; then
    BIN="$SITEGEN_BIN"
    step "using SITEGEN_BIN=$BIN"
else
    step "swift build -c release --product sitegen"
    swift build -c release --product sitegen
    BIN="$(swift build -c release --show-bin-path)/sitegen"
fi
[[ -x "$BIN" ]] || die "no sitegen executable at $BIN"

OUT="${BENCH_OUT:-$WORK/scale-out}"
mkdir -p "$OUT" "$WORK"
OUT="$(cd "$OUT" && pwd)"
read -r -a FLAGS <<<"${SITEGEN_FLAGS:-}"
RESULTS="$WORK/site-scale.tsv"
: >"$RESULTS"

for n in "${COUNTS[@]}"; do
    corpus="$WORK/scale-corpus-$n"
    step "$n pages with the project's Templates/"
    python3 "$ROOT/Benchmarks/make-corpus.py" "$corpus" --pages "$n"
    rm -rf "$corpus/Templates" "$corpus/hugo"
    cp -R "$ROOT/Templates" "$corpus/Templates"
    site="$OUT/site-$n"
    for run in $(seq "$RUNS"); do
        rm -rf "$site"
        if ! /usr/bin/time -f '%e %U %S %M' -o "$WORK/scale-time.txt" \
            "$BIN" build --root "$corpus" --out "$site" --no-measure --verbose "${FLAGS[@]}" >"$WORK/scale-$n.log" 2>&1; then
            tail -n 20 "$WORK/scale-$n.log" >&2
            die "sitegen build failed on $n pages (log: Benchmarks/work/scale-$n.log)"
        fi
        read -r wall user sys kib < <(tail -n 1 "$WORK/scale-time.txt")
        bytes=$(du -sb "$site" | cut -f1)
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$wall" "$user" "$sys" "$kib" "$bytes" >>"$RESULTS"
        echo "run $run: ${wall} s, peak RSS $((kib / 1024)) MiB"
    done
    echo "stages of the last run (--verbose):"
    grep -E '^ +[a-z].* ms$' "$WORK/scale-$n.log" | sed 's/^/    /' || true
done

step "summary"
python3 - "$RESULTS" "$RUNS" <<'PY' | tee "$WORK/site-scale.txt"
import statistics, sys
from collections import defaultdict

runs = defaultdict(list)
for line in open(sys.argv[1]):
    n, wall, user, sys_, kib, size = line.split()
    runs[int(n)].append((float(wall), float(user) + float(sys_), int(kib), int(size)))

print(f"sitegen build --no-measure, the project's Templates/, median time and largest peak RSS of {sys.argv[2]} run(s)\n")
print(f"  {'pages':>6} {'wall':>9} {'user+sys':>9} {'peak RSS':>10} {'site':>9} {'ms/page':>8} {'KB/page':>8}")
rows = []
for n in sorted(runs):
    wall = statistics.median(r[0] for r in runs[n])
    cpu = statistics.median(r[1] for r in runs[n])
    rss = max(r[2] for r in runs[n]) * 1024 / 1e6
    size = runs[n][-1][3] / 1e6
    rows.append((n, wall, rss))
    print(f"  {n:>6} {wall:>7.2f} s {cpu:>7.2f} s {rss:>7.1f} MB {size:>6.1f} MB {wall * 1000 / n:>8.2f} {size * 1000 / n:>8.1f}")
if len(rows) > 1:
    (n0, w0, m0), (n1, w1, m1) = rows[0], rows[-1]
    print(f"\n  {n1 / n0:.2f}× the pages: {w1 / w0:.2f}× the time, {m1 / m0:.2f}× the peak memory"
          " (linear growth keeps both at or under the page ratio)")
PY
