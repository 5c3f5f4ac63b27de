#!/usr/bin/env bash
# The safety suites at full size (10,000 concurrent writes, 50 kills of each kind, …) and, when
# a nightly toolchain and cargo-fuzz are installed, each fuzz target for FUZZ_SECONDS.
# CI runs the same tests scaled down; this prints the figures for the README and the report.
#
#   scripts/safety-full.sh                 # full-size suites, then fuzzing (60 s per target)
#   FUZZ_SECONDS=600 scripts/safety-full.sh
#   SKIP_FUZZ=1 scripts/safety-full.sh
set -euo pipefail
cd "$(dirname "$0")/.."

unset LEADBENCH_DB LEADBENCH_CONFIG LEADBENCH_NOW || true
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== safety suites at full size"
LEADBENCH_SAFETY_FULL=1 nice -n 19 cargo test --locked --test it safety_ -- --test-threads=1 --nocapture 2>&1 | tee "$log"
echo
echo "== figures"
grep -o 'SAFETY [a-z_]*=[0-9]*' "$log" | sort | uniq || true

if [[ "${SKIP_FUZZ:-}" == "1" ]]; then
    exit 0
fi
if ! rustup toolchain list 2>/dev/null | grep -q nightly || ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "== fuzzing skipped: needs a nightly toolchain and cargo-fuzz (cargo install cargo-fuzz)"
    exit 0
fi
seconds=${FUZZ_SECONDS:-60}
echo "== fuzzing, ${seconds}s per target"
cd fuzz
for target in csv_import when_parse template_render phone_normalize config_load; do
    mkdir -p "corpus/$target"
    nice -n 19 cargo +nightly fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 2>&1 \
        | grep -E 'stat::number_of_executed_units|Done|ERROR|SUMMARY|panicked' || true
done
