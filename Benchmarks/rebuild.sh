#!/usr/bin/env bash
# Rebuild benchmark: the guide rebuilt after one page was edited, with every measurement cached, as a
# writer's edit-and-look loop (and `sitegen serve`) runs it. Target: a median of at most 0.3 s.
#
#   Benchmarks/rebuild.sh [PROFILE]        (from anywhere; PROFILE defaults to quick)
#
# It copies the guide (Content/, Templates/, Package.swift and the sources that pages include) into
# a temporary site root, reuses this checkout's measurement cache (.sitegen/cache/) when it holds
# the profile, or measures once to fill it, then times `sitegen build` (release) with hyperfine,
# appending a line to Content/threading.md before every run. The checkout itself is never changed.
#
# Environment: RUNS (default 20), SITEGEN_BIN (use this binary instead of building one).
# Exit status: 0 when the median is within the target, 1 otherwise or on an error.
set -euo pipefail

PROFILE="${1:-quick}"
RUNS="${RUNS:-20}"
TARGET_SECONDS=0.3

COUNT_NAME=RUNS COUNT="$RUNS"
source "$(dirname "${BASH_SOURCE[0]}")/guide-copy.sh"

if ! command -v hyperfine >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || die "install hyperfine (https://github.com/sharkdp/hyperfine)"
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y -qq hyperfine >/dev/null
fi

echo "==> a first build, measuring what the cache doesn't hold ($PROFILE profile)"
"$BIN" build --root "$ROOT" --profile "$PROFILE" >/dev/null

echo "==> $RUNS rebuilds, each after an edit of Content/threading.md"
hyperfine --runs "$RUNS" --warmup 2 --export-json "$ROOT/rebuild.json" \
    --prepare "printf '\nAn edit.\n' >> '$ROOT/Content/threading.md'" \
    "'$BIN' build --root '$ROOT' --profile $PROFILE"

python3 - "$ROOT/rebuild.json" "$TARGET_SECONDS" <<'EOF'
import json, statistics, sys
times = json.load(open(sys.argv[1]))["results"][0]["times"]
median, target = statistics.median(times), float(sys.argv[2])
verdict = "PASS" if median <= target else "FAIL"
print(f"rebuild after editing one page: median {median:.3f} s over {len(times)} runs   target <= {target} s   {verdict}")
sys.exit(0 if verdict == "PASS" else 1)
EOF
