#!/usr/bin/env bash
# Build-speed benchmark: `sitegen build` (release) beside the cmark CLI and Hugo, on the same
# generated corpus, in one hyperfine run. See Benchmarks/README.md.
#
#   Benchmarks/build-speed.sh [PAGES]        (from anywhere; PAGES defaults to 1000)
#
# Environment: RUNS (default 10), WARMUP (default 2), SITE_ROW=0 (skip the informational row), SITEGEN_BIN (use this binary instead of
# building with `swift build -c release`), BENCH_OUT (where the tools write their output; default
# Benchmarks/work/out).
# Exit status: 0 when every target is met, 1 on an error or a missed target.
set -euo pipefail

PAGES="${1:-1000}"
RUNS="${RUNS:-10}"
WARMUP="${WARMUP:-2}"

die() { echo "error: $*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }

[[ "$PAGES" =~ ^[1-9][0-9]*$ ]] || die "PAGES must be a positive integer (got '$PAGES'). Usage: $0 [PAGES]"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "WARMUP must be a non-negative integer (got '$WARMUP')"

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
BENCH="$ROOT/Benchmarks"
WORK="$BENCH/work"

# --- tools ------------------------------------------------------------------------------------

missing=()
for tool in hyperfine hugo cmark python3; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ! /usr/bin/time -f %M true >/dev/null 2>&1; then missing+=("/usr/bin/time (GNU time)"); fi
if [[ -z "${SITEGEN_BIN:-}" ]] && ! command -v swift >/dev/null 2>&1; then missing+=("swift"); fi
if ((${#missing[@]})); then
    {
        echo "error: missing: ${missing[*]}"
        echo "The benchmark needs hyperfine, hugo, cmark and GNU time. On Debian or Ubuntu:"
        echo "    sudo apt-get install hyperfine hugo cmark time"
        echo "and a Swift toolchain (https://www.swift.org/install/) to build sitegen."
    } >&2
    exit 1
fi

# --- sitegen, release build -------------------------------------------------------------------

if [[ -n "${SITEGEN_BIN:-}" ]]; then
    BIN="$SITEGEN_BIN"
    step "using SITEGEN_BIN=$BIN"
else
    step "swift build -c release"
    swift build -c release
    BIN="$(swift build -c release --show-bin-path)/sitegen"
fi
[[ -x "$BIN" ]] || die "no sitegen executable at $BIN"

# --- corpus -----------------------------------------------------------------------------------

step "generating $PAGES pages under Benchmarks/work/corpus"
OUT="${BENCH_OUT:-$WORK/out}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
rm -rf "$OUT/sitegen" "$OUT/sitegen-site" "$OUT/hugo" "$OUT/cmark.html" "$WORK/corpus-site"
python3 "$BENCH/make-corpus.py" "$WORK/corpus" --pages "$PAGES"
CORPUS="$WORK/corpus"
MD_BYTES=$(cat "$CORPUS"/Content/*.md | wc -c)

# Optional second sitegen row: the same pages with the project's own Templates/ (SITE_ROW=0 leaves
# it out: it highlights every code block with Pygments, the slowest part of such a build).
SITE_ROW_WANTED="${SITE_ROW:-1}"
SITE_ROW=0
if [[ "$SITE_ROW_WANTED" != 0 && -f "$ROOT/Templates/page.mustache" ]]; then
    mkdir -p "$WORK/corpus-site"
    cp -R "$CORPUS/Content" "$WORK/corpus-site/Content"
    cp -R "$ROOT/Templates" "$WORK/corpus-site/Templates"
    SITE_ROW=1
fi

# --- one checked build of each, outside the timings --------------------------------------------

q() { printf '%q' "$1"; }

# Hugo runs without syntax highlighting, so the minimal-layout row turns sitegen's off too (when this
# build of sitegen can highlight at all). The repo-Templates row keeps sitegen's defaults.
SG_FLAGS=()
build_help=$("$BIN" build --help 2>&1 || true)
if [[ "$build_help" == *--no-highlight* ]]; then SG_FLAGS=(--no-highlight); fi
SG_ARGS=(build --root "$CORPUS" --out "$OUT/sitegen" "${SG_FLAGS[@]}")
SITE_ARGS=(build --root "$WORK/corpus-site" --out "$OUT/sitegen-site")
HUGO_ARGS=(--source "$CORPUS/hugo" --destination "$OUT/hugo" --quiet)

count_html() { find "$1" -name '*.html' | wc -l; }
du_mb() { du -sb "$1" | awk '{ printf "%.1f MB", $1 / 1e6 }'; }

step "checking that each tool builds the corpus"
if ! "$BIN" "${SG_ARGS[@]}" --verbose >"$WORK/sitegen.log" 2>&1; then
    tail -n 30 "$WORK/sitegen.log" >&2
    die "sitegen build failed on the corpus (log: Benchmarks/work/sitegen.log)"
fi
n=$(count_html "$OUT/sitegen")
((n >= PAGES)) || die "sitegen wrote $n HTML files for $PAGES pages"
echo "sitegen: $n HTML files, $(du_mb "$OUT/sitegen"); time per step of this build (--verbose):"
grep -E '^ +[a-z].* ms$' "$WORK/sitegen.log" | sed 's/^/    /' || true

cmark "$CORPUS"/Content/*.md >"$OUT/cmark.html"
echo "cmark:   one document, $(du_mb "$OUT/cmark.html")"

hugo "${HUGO_ARGS[@]}" >"$WORK/hugo.log" 2>&1 || { tail -n 30 "$WORK/hugo.log" >&2; die "hugo failed on the corpus"; }
n=$(count_html "$OUT/hugo")
((n >= PAGES)) || die "hugo wrote $n HTML files for $PAGES pages"
echo "hugo:    $n HTML files, $(du_mb "$OUT/hugo")"

if ((SITE_ROW)); then
    if "$BIN" "${SITE_ARGS[@]}" --verbose >"$WORK/sitegen-site.log" 2>&1; then
        echo "sitegen (repo Templates/): $(count_html "$OUT/sitegen-site") HTML files, $(du_mb "$OUT/sitegen-site")"
    else
        tail -n 10 "$WORK/sitegen-site.log" >&2
        echo "warning: sitegen failed with the repo's Templates/; leaving that row out" >&2
        SITE_ROW=0
    fi
fi

# --- timings, side by side --------------------------------------------------------------------

NAME_SG="sitegen build (minimal layout${SG_FLAGS[*]:+, no highlighting})"
NAME_CM="cmark CLI (same bytes)"
NAME_HU="hugo (minimal layout, no highlighting)"
NAME_SITE="sitegen build (repo Templates/, defaults; informational)"

# Every run starts from an empty output directory.
hf=(--warmup "$WARMUP" --runs "$RUNS"
    --export-json "$WORK/build-speed.json" --export-markdown "$WORK/build-speed.md"
    -n "$NAME_SG" --prepare "rm -rf $(q "$OUT/sitegen")"
    "$(q "$BIN") build --root $(q "$CORPUS") --out $(q "$OUT/sitegen")${SG_FLAGS[*]:+ ${SG_FLAGS[*]}}"
    -n "$NAME_CM" --prepare "true"
    "cmark $(q "$CORPUS")/Content/*.md > /dev/null"
    -n "$NAME_HU" --prepare "rm -rf $(q "$OUT/hugo")"
    "hugo --source $(q "$CORPUS/hugo") --destination $(q "$OUT/hugo") --quiet")
if ((SITE_ROW)); then
    hf+=(-n "$NAME_SITE" --prepare "rm -rf $(q "$OUT/sitegen-site")"
         "$(q "$BIN") build --root $(q "$WORK/corpus-site") --out $(q "$OUT/sitegen-site")")
fi

step "hyperfine ($WARMUP warm-up + $RUNS runs each)"
hyperfine "${hf[@]}"

# --- peak memory ------------------------------------------------------------------------------

# Peak resident set size in KiB, the largest of three runs (GNU time, %M).
peak_kib() {
    local out="$1"; shift
    local best=0 kib
    for _ in 1 2 3; do
        [[ "$out" == - ]] || rm -rf "$out"
        /usr/bin/time -f %M -o "$WORK/time.txt" "$@" >/dev/null
        kib=$(tail -n 1 "$WORK/time.txt")
        if ((kib > best)); then best=$kib; fi
    done
    echo "$best"
}

step "peak memory (GNU time, largest of 3 runs)"
MEM_SG=$(peak_kib "$OUT/sitegen" "$BIN" "${SG_ARGS[@]}")
MEM_CM=$(peak_kib - cmark "$CORPUS"/Content/*.md)
MEM_HU=$(peak_kib "$OUT/hugo" hugo "${HUGO_ARGS[@]}")
MEM_SITE=0
if ((SITE_ROW)); then MEM_SITE=$(peak_kib "$OUT/sitegen-site" "$BIN" "${SITE_ARGS[@]}"); fi

# --- summary ----------------------------------------------------------------------------------

step "summary"
status=0
python3 - "$WORK/build-speed.json" "$PAGES" "$MD_BYTES" "$RUNS" \
    "$NAME_SG=$MEM_SG" "$NAME_CM=$MEM_CM" "$NAME_HU=$MEM_HU" "$NAME_SITE=$MEM_SITE" \
    <<'PY' | tee "$WORK/summary.txt" || status=1
import json, os, sys

path, pages, md_bytes, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
mem = dict(arg.rsplit("=", 1) for arg in sys.argv[5:])
results = {r["command"]: r for r in json.load(open(path))["results"]}
sg, cm, hu = (results[name] for name in list(mem)[:3])
site = results.get(list(mem)[3])

print(f"{pages} pages, {md_bytes / 1e6:.1f} MB of Markdown, {os.cpu_count()} CPUs, {runs} runs each\n")
rows = [r for r in (sg, cm, hu, site) if r is not None]
width = max(len(r["command"]) for r in rows)
print(f"  {'':{width}} {'mean ± σ':>17} {'user+sys':>9} {'peak RSS':>10}")
for r in rows:
    kib = int(mem[r["command"]])
    print(f"  {r['command']:{width}} {r['mean']:7.3f} s ± {r['stddev']:.3f}"
          f" {r['user'] + r['system']:7.2f} s {kib * 1024 / 1e6:7.1f} MB")

vs_cmark = sg["mean"] / cm["mean"]
vs_hugo = sg["mean"] / hu["mean"]
rss = int(mem[sg["command"]]) * 1024 / 1e6
checks = [
    ("sitegen / hugo  (mean time)", f"{vs_hugo:.2f}×", "< 1×", vs_hugo < 1),
    ("sitegen / cmark (mean time)", f"{vs_cmark:.2f}×", "≤ 3×", vs_cmark <= 3),
    ("sitegen peak RSS", f"{rss:.1f} MB", "< 200 MB", rss < 200),
]
print("\n  targets (minimal-layout row):")
for label, value, target, ok in checks:
    print(f"  {label:30} {value:>10}   target {target:9} {'PASS' if ok else 'FAIL'}")
print(f"\n  {'ALL TARGETS MET' if all(ok for *_, ok in checks) else 'TARGET MISSED'}")
sys.exit(0 if all(ok for *_, ok in checks) else 1)
PY
echo
echo "Results: Benchmarks/work/build-speed.md, build-speed.json, summary.txt"
exit "$status"
