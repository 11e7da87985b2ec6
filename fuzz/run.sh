#!/bin/sh
# Fuzz one target with AFL++ until it has run N executions (default 10^7).
#   fuzz/run.sh framer|answers|profile [N]
# Needs `cargo install cargo-afl` once (it builds AFL++ for the installed rustc).
set -eu
cd "$(dirname "$0")"
target=$1
execs=${2:-10000000}
cargo afl build --release --bin "$target"
mkdir -p out
# -E: stop after N executions; -V: a time cap as well (FUZZ_SECONDS).
AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  cargo afl fuzz -i "corpus/$target" -o "out/$target" -E "$execs" \
  ${FUZZ_SECONDS:+-V "$FUZZ_SECONDS"} -- "target/release/$target"
grep -E 'execs_done|saved_crashes|saved_hangs|corpus_count|edges_found|run_time' \
  "out/$target/default/fuzzer_stats"
