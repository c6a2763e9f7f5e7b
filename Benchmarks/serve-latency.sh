#!/usr/bin/env bash
# Preview benchmark: how long after a page is saved `sitegen serve` shows the edit, the way an open
# browser tab sees it. Target: at most 1 s (the median, and every edit reported).
#
#   Benchmarks/serve-latency.sh [PROFILE]        (from anywhere; PROFILE defaults to quick)
#
# It copies the guide (as Benchmarks/rebuild.sh does) into a temporary site root with this checkout's
# measurement cache, starts `sitegen serve --port 0` (release) on it, and then, EDITS times: notes the
# build the page has seen, appends a line with a fresh marker to Content/threading.md, waits on the
# long poll the page's reload script waits on (`/__sitegen/wait?since=N`), and fetches the page again
# as the script's reload does, until it holds the marker. The time from the save to that fetch is one
# latency. The checkout is never changed.
#
# Environment: EDITS (default 20), SITEGEN_BIN (use this binary instead of building one).
# Exit status: 0 when the median is within the target, 1 otherwise or on an error.
set -euo pipefail

PROFILE="${1:-quick}"
EDITS="${EDITS:-20}"
TARGET_SECONDS=1.0

COUNT_NAME=EDITS COUNT="$EDITS"
source "$(dirname "${BASH_SOURCE[0]}")/guide-copy.sh"
SERVER=""
# Ctrl-C's signal, as a writer stops it; a server that hasn't stopped 10 s later is killed.
stop_server() {
    if [[ -n "$SERVER" ]] && kill -INT "$SERVER" 2>/dev/null; then
        for _ in $(seq 100); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
    fi
    rm -rf "$ROOT"
}
trap stop_server EXIT

echo "==> sitegen serve on a copy of the guide ($PROFILE profile; a first build measures what the cache doesn't hold)"
"$BIN" serve --root "$ROOT" --profile "$PROFILE" --port 0 >"$ROOT/serve.log" 2>&1 &
SERVER=$!

python3 - "$ROOT" "$EDITS" "$TARGET_SECONDS" "$SERVER" <<'EOF'
import json, os, re, statistics, sys, time, urllib.request

root, edits, target, server = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
log = root + "/serve.log"

def running(pid):
    """Whether the server runs: not gone and, where /proc tells, not a zombie this script's shell hasn't reaped."""
    try:
        with open("/proc/%d/stat" % pid) as stat:
            return stat.read().rsplit(") ", 1)[1][:1] != "Z"
    except FileNotFoundError:
        if os.path.isdir("/proc/self"):
            return False
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False

def fetch(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8", "replace")

# The server prints "Serving … at http://127.0.0.1:PORT/" once its first build is served.
deadline = time.monotonic() + 900
base = None
while base is None:
    if time.monotonic() > deadline:
        sys.exit("error: sitegen serve printed no address in 15 minutes; see " + log)
    if not running(server):
        sys.exit("error: sitegen serve stopped before serving:\n" + "".join(open(log, errors="replace").readlines()[-15:]))
    match = re.search(r"at (http://127\.0\.0\.1:\d+/)", open(log, encoding="utf-8", errors="replace").read())
    if match:
        base = match.group(1)
    else:
        time.sleep(0.2)

page = root + "/Content/threading.md"
latencies = []
for edit in range(edits):
    since = json.loads(fetch(base + "__sitegen/wait?since=-1"))["build"]
    marker = "sitegen-serve-latency-%d-%d" % (edit, time.time_ns())
    saved = time.monotonic()
    with open(page, "a", encoding="utf-8") as source:
        source.write("\n%s\n" % marker)
    while True:
        state = json.loads(fetch(base + "__sitegen/wait?since=%d" % since))
        if state["failure"]:
            sys.exit("error: the rebuild failed:\n" + state["failure"])
        since = state["build"]
        if marker in fetch(base + "threading.html"):
            break
    latencies.append(time.monotonic() - saved)
    time.sleep(0.3)  # a writer doesn't save ten times a second

median = statistics.median(latencies)
print("save to page served with the edit, %d edits: median %.3f s, min %.3f s, max %.3f s"
      % (len(latencies), median, min(latencies), max(latencies)))
verdict = "PASS" if median <= target else "FAIL"
print("target <= %.1f s   %s" % (target, verdict))
sys.exit(0 if verdict == "PASS" else 1)
EOF
