# Sourced by the benchmarks that time the guide itself (rebuild.sh, serve-latency.sh): checks the
# profile and count they were given, finds the sitegen to time, and copies the guide into a temporary
# site root so the checkout is never changed.
#
# Before sourcing: `set -euo pipefail` (it relies on it), PROFILE, COUNT_NAME (the variable holding
# the count, e.g. RUNS) and its value in COUNT. After: the working folder is the checkout (CHECKOUT),
# BIN is the binary to time, ROOT the copy (removed on exit unless the caller replaces the EXIT
# trap), and `die MESSAGE` exits with an error.

die() { echo "error: $*" >&2; exit 1; }
[[ "$PROFILE" == quick || "$PROFILE" == standard || "$PROFILE" == full ]] || die "PROFILE is quick, standard or full (got '$PROFILE')"
[[ "$COUNT" =~ ^[1-9][0-9]*$ ]] || die "$COUNT_NAME must be a positive integer (got '$COUNT')"

cd "$(dirname "${BASH_SOURCE[0]}")/.."
CHECKOUT="$PWD"

# SITEGEN_BIN: time this binary instead of building one.
if [[ -n "${SITEGEN_BIN:-}" ]]; then
    BIN="$SITEGEN_BIN"
else
    swift build -c release --product sitegen >/dev/null
    BIN="$CHECKOUT/.build/release/sitegen"
fi

# The pages, the templates, and what pages include (Package.swift, the workloads' sources), with this
# checkout's measurement cache when it has one, so only what it lacks is measured.
ROOT="$(mktemp -d "${TMPDIR:-/tmp}/sitegen-guide.XXXXXX")"
trap 'rm -rf "$ROOT"' EXIT
cp -R Content Templates Package.swift "$ROOT/"
mkdir -p "$ROOT/Sources" && cp -R Sources/SiteGenMeasure "$ROOT/Sources/"
if [[ -d .sitegen/cache ]]; then
    mkdir -p "$ROOT/.sitegen" && cp -R .sitegen/cache "$ROOT/.sitegen/"
fi
