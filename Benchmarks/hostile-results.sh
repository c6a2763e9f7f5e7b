#!/usr/bin/env bash
# Hostile-results benchmark: what a results file with huge cells costs `sitegen build --results F
# --no-measure` (release), beside the same build from the unmodified file. See Benchmarks/README.md.
#
#   Benchmarks/hostile-results.sh            (from anywhere)
#
# Environment: RUNS (default 10), WARMUP (default 1), SITEGEN_BIN (use this binary instead of building
# with `swift build -c release --product sitegen`), RESULTS (the real results file to start from;
# default Tests/SiteGenKitTests/Fixtures/measure-results/results.json).
# Uses hyperfine when installed (HYPERFINE=0 forces the fallback), else bash's `time` over the same runs.
# Exit status: 0 when every target is met, 1 on an error or a missed target.
set -euo pipefail

RUNS="${RUNS:-10}"
WARMUP="${WARMUP:-1}"
# The target: a hostile file may cost a build at most this many seconds more than the real one.
TARGET_SECONDS=2

die() { echo "error: $*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "WARMUP must be a non-negative integer (got '$WARMUP')"

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
WORK="$ROOT/Benchmarks/work/hostile"
SOURCE="${RESULTS:-$ROOT/Tests/SiteGenKitTests/Fixtures/measure-results/results.json}"
[[ -f "$SOURCE" ]] || die "no results file at $SOURCE"
command -v python3 >/dev/null 2>&1 || die "python3 is needed to generate the results files"

# --- sitegen, release build -------------------------------------------------------------------

if [[ -n "${SITEGEN_BIN:-}" ]]; then
    BIN="$SITEGEN_BIN"
    step "using SITEGEN_BIN=$BIN"
else
    command -v swift >/dev/null 2>&1 || die "swift is needed to build sitegen (or set SITEGEN_BIN)"
    step "swift build -c release --product sitegen"
    swift build -c release --product sitegen
    BIN="$(swift build -c release --show-bin-path)/sitegen"
fi
[[ -x "$BIN" ]] || die "no sitegen executable at $BIN"

# --- inputs -----------------------------------------------------------------------------------

# The limits, read from the source so the files follow them.
limit() {
    sed -n "s/.*static let $1 = \([0-9_]*\).*/\1/p" "$ROOT/Sources/SiteGenResults/ResultsLimits.swift" | tr -d _
}
CELL_LIMIT="$(limit maximumSamplesPerCell)"
FILE_LIMIT="$(limit maximumSamplesPerFile)"
[[ -n "$CELL_LIMIT" && -n "$FILE_LIMIT" ]] || die "can't read the limits from Sources/SiteGenResults/ResultsLimits.swift"
OVER=$((CELL_LIMIT * 2))

step "generating results files under Benchmarks/work/hostile"
rm -rf "$WORK"
mkdir -p "$WORK/site/Content" "$WORK/site/Templates"
python3 "$ROOT/Benchmarks/make-hostile-results.py" "$SOURCE" "$WORK/files" \
    --cell-limit "$CELL_LIMIT" --file-limit "$FILE_LIMIT" --over "$OVER"

# A small site whose pages read the big cell every way a guide does: values, a table, a claim
# (judged round by round) and the methodology page's anchors.
cat > "$WORK/site/Content/index.md" <<'EOF'
---
title: Hostile results
---
# Hostile results

Two threads: {{< value cpu_python variant=loop model=threads workers=2 metric=speedup >}} speedup,
{{< value cpu_python variant=loop model=threads workers=2 metric=parallelism >}} CPUs busy,
{{< value cpu_python variant=loop model=threads workers=2 metric=wall >}} wall.

{{< table cpu_python variant=loop >}}

{{< claim expr="speedup(cpu_python, variant=loop, model=threads, workers=2) < 1.5" >}}
Two threads of pure Python are not faster than one.
{{< /claim >}}
EOF
cat > "$WORK/site/Content/methodology.md" <<'EOF'
---
title: Methodology
---
# Methodology

<p id="source-cpu_python">cpu_python</p>
<p id="source-io_sleep">io_sleep</p>
<p id="source-overhead">overhead</p>
EOF
printf '<!doctype html>\n<html lang="en"><title>{{title}}</title>\n<body>{{{content}}}</body></html>\n' \
    > "$WORK/site/Templates/page.mustache"

build() { "$BIN" build --root "$WORK/site" --results "$WORK/files/$1" --no-measure --no-highlight --out "$WORK/out-$1"; }

# --- checks, outside the timings --------------------------------------------------------------

step "checking each file once"
for file in baseline.json at-limit.json file-limit.json; do
    build "$file" > "$WORK/$file.log" 2>&1 || { cat "$WORK/$file.log" >&2; die "the build from $file failed"; }
done
if build over-limit.json > "$WORK/over-limit.json.log" 2>&1; then die "the build from over-limit.json succeeded; it must be refused"; fi
grep -q "measurements\[[0-9]*\]\.wall: $OVER samples" "$WORK/over-limit.json.log" \
    || { cat "$WORK/over-limit.json.log" >&2; die "the refusal of over-limit.json doesn't name the field"; }
echo "over-limit.json refused: $(grep -m1 'wall:' "$WORK/over-limit.json.log")"

# --- timings ----------------------------------------------------------------------------------

ROWS=(baseline.json at-limit.json over-limit.json file-limit.json)
declare -A MEAN
if [[ "${HYPERFINE:-1}" != 0 ]] && command -v hyperfine >/dev/null 2>&1; then
    step "hyperfine: $WARMUP warm-up and $RUNS timed runs of each"
    commands=()
    for file in "${ROWS[@]}"; do
        commands+=(-n "$file" "'$BIN' build --root '$WORK/site' --results '$WORK/files/$file' --no-measure --no-highlight --out '$WORK/out-$file'")
    done
    # -i: the over-limit build fails by design (exit 1).
    hyperfine -i -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$WORK/hostile-results.json" \
        --export-markdown "$WORK/hostile-results.md" "${commands[@]}"
    while read -r name mean; do MEAN[$name]="$mean"; done < <(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]: print(r["command"], r["mean"])' "$WORK/hostile-results.json")
else
    step "without hyperfine (apt-get install hyperfine): timing $RUNS runs of each with bash's time"
    TIMEFORMAT=%R
    for file in "${ROWS[@]}"; do
        total=0
        for _ in $(seq "$RUNS"); do
            seconds=$( { time build "$file" > /dev/null 2>&1 || true; } 2>&1 )
            total=$(python3 -c "print($total + $seconds)")
        done
        MEAN[$file]=$(python3 -c "print($total / $RUNS)")
    done
fi

# --- summary ----------------------------------------------------------------------------------

base="${MEAN[baseline.json]}"
over_base() { python3 -c "print(${MEAN[$1]} - $base)"; }
describe() {
    case "$1" in
        baseline.json) echo "baseline.json (the real file, unmodified)" ;;
        at-limit.json) echo "at-limit.json (one cell of $CELL_LIMIT samples)" ;;
        over-limit.json) echo "over-limit.json (one cell of $OVER samples: refused)" ;;
        file-limit.json) echo "file-limit.json (cells of $CELL_LIMIT, $FILE_LIMIT samples at most)" ;;
    esac
}
status=0
summary="$(printf '\n%s samples per cell at most, %s per file; %s runs each\n\n' "$CELL_LIMIT" "$FILE_LIMIT" "$RUNS")"
summary+="$(printf '\n  %-58s %9s %12s' "results file" "mean" "over base")"
for file in "${ROWS[@]}"; do
    summary+="$(printf '\n  %-58s %8.3fs %+11.3fs' "$(describe "$file")" "${MEAN[$file]}" "$(over_base "$file")")"
done
summary+="$(printf '\n\n  targets (at most %s s more than the baseline):' "$TARGET_SECONDS")"
for file in at-limit.json over-limit.json; do
    extra="$(over_base "$file")"
    verdict="$(python3 -c "print('PASS' if $extra < $TARGET_SECONDS else 'FAIL')")"
    [[ "$verdict" == PASS ]] || status=1
    summary+="$(printf '\n  %-58s %+11.3fs  %s' "$file" "$extra" "$verdict")"
done
echo "$summary" | tee "$WORK/summary.txt"
exit "$status"
