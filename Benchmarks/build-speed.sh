#!/usr/bin/env bash
# Build-speed benchmark: `sitegen build` (release) beside the cmark CLI and Hugo, on the same
# generated corpus, with a minimal layout and with the project's own Templates/ (against Hugo with a
# sidebar listing every page and a table of contents), on disk and on tmpfs. See Benchmarks/README.md.
#
#   Benchmarks/build-speed.sh [PAGES]        (from anywhere; PAGES defaults to 1000)
#
# Environment: RUNS (default 10), WARMUP (default 2), LOCATIONS (default "disk tmpfs"; tmpfs is
# /dev/shm), HIGHLIGHT_ROW=0 (leave out the informational row with Pygments), SITEGEN_BIN (use this
# binary instead of building with `swift build -c release`), BENCH_OUT (the on-disk output folder;
# default Benchmarks/work/out).
# Exit status: 0 when every target is met, 1 on an error or a missed target.
set -euo pipefail

PAGES="${1:-1000}"
RUNS="${RUNS:-10}"
WARMUP="${WARMUP:-2}"
LOCATIONS="${LOCATIONS:-disk tmpfs}"

die() { echo "error: $*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }

[[ "$PAGES" =~ ^[1-9][0-9]*$ ]] || die "PAGES must be a positive integer (got '$PAGES'). Usage: $0 [PAGES]"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "WARMUP must be a non-negative integer (got '$WARMUP')"
for location in $LOCATIONS; do
    [[ "$location" == disk || "$location" == tmpfs ]] || die "LOCATIONS holds disk and/or tmpfs (got '$location')"
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
BENCH="$ROOT/Benchmarks"
WORK="$BENCH/work"

# --- tools ------------------------------------------------------------------------------------

# Debian's packages for what is missing, installed when apt-get is there (with sudo when not root).
missing_packages() {
    local packages=()
    command -v hyperfine >/dev/null 2>&1 || packages+=(hyperfine)
    command -v hugo >/dev/null 2>&1 || packages+=(hugo)
    command -v cmark >/dev/null 2>&1 || packages+=(cmark)
    command -v python3 >/dev/null 2>&1 || packages+=(python3)
    /usr/bin/time -f %M true >/dev/null 2>&1 || packages+=(time)
    echo "${packages[*]}"
}
missing=$(missing_packages)
if [[ -n "$missing" ]] && command -v apt-get >/dev/null 2>&1; then
    sudo=""; [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
    step "installing $missing"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing
    missing=$(missing_packages)
fi
if [[ -n "$missing" ]]; then
    {
        echo "error: missing: $missing"
        echo "The benchmark needs hyperfine, hugo, cmark, python3 and GNU time. On Debian or Ubuntu:"
        echo "    sudo apt-get install hyperfine hugo cmark python3 time"
    } >&2
    exit 1
fi
if [[ -z "${SITEGEN_BIN:-}" ]] && ! command -v swift >/dev/null 2>&1; then
    die "a Swift toolchain is needed to build sitegen (https://www.swift.org/install/), or set SITEGEN_BIN"
fi

# --- sitegen, release build -------------------------------------------------------------------

if [[ -n "${SITEGEN_BIN:-}" ]]; then
    BIN="$SITEGEN_BIN"
    step "using SITEGEN_BIN=$BIN"
else
    step "swift build -c release --product sitegen"
    swift build -c release --product sitegen
    BIN="$(swift build -c release --show-bin-path)/sitegen"
fi
[[ -x "$BIN" ]] || die "no sitegen executable at $BIN"

# --- corpus -----------------------------------------------------------------------------------

step "generating $PAGES pages under Benchmarks/work/corpus"
python3 "$BENCH/make-corpus.py" "$WORK/corpus" --pages "$PAGES"
CORPUS="$WORK/corpus"
MD_BYTES=$(cat "$CORPUS"/Content/*.md | wc -c)
# The same pages with the project's own Templates/: the real layout.
rm -rf "$WORK/corpus-site"
mkdir -p "$WORK/corpus-site"
cp -R "$CORPUS/Content" "$WORK/corpus-site/Content"
cp -R "$ROOT/Templates" "$WORK/corpus-site/Templates"
SITE="$WORK/corpus-site"

q() { printf '%q' "$1"; }
count_html() { find "$1" -name '*.html' | wc -l; }

# The rows: name, output folder (relative to the location's folder, "-" for none), command.
# Highlighting is off in every row with a target, as in Hugo's (`codeFences = false`).
row_names=(); row_outs=(); row_cmds=()
add_row() { row_names+=("$1"); row_outs+=("$2"); row_cmds+=("$3"); }
define_rows() {
    local out="$1"
    row_names=(); row_outs=(); row_cmds=()
    add_row "sitegen build (minimal layout, no highlighting)" sitegen \
        "$(q "$BIN") build --root $(q "$CORPUS") --out $(q "$out/sitegen") --no-highlight"
    add_row "cmark CLI (same bytes)" - \
        "cmark $(q "$CORPUS")/Content/*.md > /dev/null"
    add_row "hugo (minimal layout, no highlighting)" hugo \
        "hugo --source $(q "$CORPUS/hugo") --destination $(q "$out/hugo") --quiet"
    add_row "sitegen build (project Templates/, no highlighting)" sitegen-site \
        "$(q "$BIN") build --root $(q "$SITE") --out $(q "$out/sitegen-site") --no-highlight"
    add_row "hugo (sidebar of every page, table of contents, no highlighting)" hugo-sidebar \
        "hugo --source $(q "$CORPUS/hugo-sidebar") --destination $(q "$out/hugo-sidebar") --quiet"
    if [[ "${HIGHLIGHT_ROW:-1}" != 0 ]]; then
        add_row "sitegen build (project Templates/, Pygments, highlight cache warm; informational)" sitegen-highlight \
            "$(q "$BIN") build --root $(q "$SITE") --out $(q "$out/sitegen-highlight")"
    fi
}

# Peak resident set size in KiB, the largest of three runs (GNU time, %M).
peak_kib() {
    local out="$1" command="$2" best=0 kib
    for _ in 1 2 3; do
        [[ "$out" == - ]] || rm -rf "$out"
        /usr/bin/time -f %M -o "$WORK/time.txt" bash -c "$command" >/dev/null 2>&1
        kib=$(tail -n 1 "$WORK/time.txt")
        if ((kib > best)); then best=$kib; fi
    done
    echo "$best"
}

: >"$WORK/facts.tsv"
for location in $LOCATIONS; do
    if [[ "$location" == disk ]]; then
        OUT="${BENCH_OUT:-$WORK/out}"
    else
        [[ -d /dev/shm && -w /dev/shm ]] || { echo "warning: no writable /dev/shm; skipping tmpfs" >&2; continue; }
        OUT="/dev/shm/sitegen-bench-$(id -u)"
    fi
    mkdir -p "$OUT"
    OUT="$(cd "$OUT" && pwd)"
    define_rows "$OUT"

    step "$location ($OUT): one checked build of each, outside the timings"
    for i in "${!row_names[@]}"; do
        [[ "${row_outs[$i]}" == - ]] && continue
        dir="$OUT/${row_outs[$i]}"
        rm -rf "$dir"
        verbose=""
        [[ "${row_outs[$i]}" == sitegen* ]] && verbose=" --verbose"  # each stage's time, to see where it goes
        if ! bash -c "${row_cmds[$i]}$verbose" >"$WORK/check-$i.log" 2>&1; then
            tail -n 30 "$WORK/check-$i.log" >&2
            die "${row_names[$i]} failed on the corpus (log: Benchmarks/work/check-$i.log)"
        fi
        n=$(count_html "$dir")
        ((n >= PAGES)) || die "${row_names[$i]} wrote $n HTML files for $PAGES pages"
        echo "${row_names[$i]}: $n HTML files, $(du -sb "$dir" | awk '{ printf "%.1f MB", $1 / 1e6 }')"
        if [[ "${row_outs[$i]}" == sitegen* ]]; then
            grep -E '^ +[a-z].* ms$' "$WORK/check-$i.log" | sed 's/^/    /' || true
        fi
    done

    hf=(--warmup "$WARMUP" --runs "$RUNS"
        --export-json "$WORK/build-speed-$location.json" --export-markdown "$WORK/build-speed-$location.md")
    for i in "${!row_names[@]}"; do
        # Every run starts from an empty output folder.
        prepare="true"
        [[ "${row_outs[$i]}" == - ]] || prepare="rm -rf $(q "$OUT/${row_outs[$i]}")"
        hf+=(-n "${row_names[$i]}" --prepare "$prepare" "${row_cmds[$i]}")
    done
    step "$location: hyperfine ($WARMUP warm-up + $RUNS runs each)"
    hyperfine "${hf[@]}"

    step "$location: output size and peak memory (GNU time, largest of 3 runs)"
    for i in "${!row_names[@]}"; do
        bytes=0 dir=-
        [[ "${row_outs[$i]}" == - ]] || dir="$OUT/${row_outs[$i]}"
        kib=$(peak_kib "$dir" "${row_cmds[$i]}")
        [[ "$dir" == - ]] || bytes=$(du -sb "$dir" | cut -f1)
        printf '%s\t%s\t%s\t%s\n' "$location" "${row_names[$i]}" "$kib" "$bytes" >>"$WORK/facts.tsv"
        echo "${row_names[$i]}: peak $((kib / 1024)) MiB, output $((bytes / 1000000)) MB"
    done
    [[ "$location" == tmpfs ]] && rm -rf "$OUT"
done

# --- summary ----------------------------------------------------------------------------------

step "summary"
status=0
python3 "$BENCH/build-speed-summary.py" "$WORK" "$PAGES" "$MD_BYTES" "$RUNS" | tee "$WORK/summary.txt" || status=1
echo
echo "Results: Benchmarks/work/build-speed-{disk,tmpfs}.md and .json, facts.tsv, summary.txt"
exit "$status"
