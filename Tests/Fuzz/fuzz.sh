#!/usr/bin/env bash
# Fuzzes the readers of untrusted input with libFuzzer and AddressSanitizer (the Swift toolchain on
# Linux ships both).
#
#   Tests/Fuzz/fuzz.sh TARGET [SECONDS] [--keep]
#
# TARGET is page, claim, frontmatter or results (see Sources/SiteGenFuzz/FuzzTargets.swift); SECONDS
# defaults to 600. It builds sitegen-fuzz with fuzzing coverage into .build/fuzz (apart from the normal
# build), starts from the committed corpus in Tests/Fuzz/Corpus/TARGET, and prints libFuzzer's last
# status line: the executions count and the coverage. A crash, a hang over 10 s or more than 2 GiB
# for one input stops it and leaves the input in .build/fuzz/findings/TARGET; replay it with
# `swift run sitegen-fuzz TARGET FILE`. With --keep, the inputs that found new coverage are merged
# (minimised) into the committed corpus, which the tests replay.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
target=${1:?usage: Tests/Fuzz/fuzz.sh page|claim|frontmatter|results [SECONDS] [--keep]}
seconds=${2:-600}
keep=${3:-}
case "$target" in page|claim|frontmatter|results) ;; *) echo "unknown target $target" >&2; exit 2;; esac

# Coverage for libFuzzer and AddressSanitizer, and libFuzzer without its main: SwiftPM names an
# executable's entry point itself, so sitegen-fuzz calls libFuzzer's driver from its own main.
runtime=$(ls "$(dirname "$(readlink -f "$(command -v swift)")")"/../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a 2>/dev/null | head -1)
if [ -z "$runtime" ]; then
  echo "libFuzzer (libclang_rt.fuzzer_no_main) is not in this Swift toolchain; fuzzing needs the Linux toolchain" >&2
  exit 2
fi
swift build -c release --build-path .build/fuzz --product sitegen-fuzz -Xswiftc -DFUZZING \
  -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
  -Xlinker "$runtime" -Xlinker -lstdc++ 2>&1 | grep -E "error|Compiling|Build" | tail -3
binary=$(swift build -c release --build-path .build/fuzz --show-bin-path)/sitegen-fuzz

work=.build/fuzz/corpus/$target
findings=.build/fuzz/findings/$target
mkdir -p "$work" "$findings"
cp -n Tests/Fuzz/Corpus/"$target"/* "$work"/ 2>/dev/null || true

export SITEGEN_FUZZ_TARGET=$target
log=.build/fuzz/$target.log
status=0
"$binary" "$work" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
  -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1 || status=$?
grep -E "^#[0-9]+.*(DONE|pulse|NEW)" "$log" | tail -1
grep -E "^stat::number_of_executed_units|^Done" "$log" || true
if [ "$status" -ne 0 ]; then
  echo "libFuzzer stopped with status $status: see $log and $findings" >&2
  tail -30 "$log" >&2
  exit 1
fi
if [ "$keep" = "--keep" ]; then
  "$binary" -merge=1 Tests/Fuzz/Corpus/"$target" "$work" >/dev/null 2>&1
  echo "merged new inputs into Tests/Fuzz/Corpus/$target ($(ls Tests/Fuzz/Corpus/"$target" | wc -l) files)"
fi
