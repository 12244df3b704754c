#!/usr/bin/env bash
# Runs fuzz targets for the given number of seconds each (default 600): all
# of them, or the ones named after the seconds (`./run.sh 600 sse_decoder`).
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain,
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its -Z flags; the sanitizer is off
# (`-s none`): the code is safe Rust, so the fuzzers look for panics, hangs
# and broken properties. New inputs go to fuzz/corpus/ (not committed); the
# committed seeds are in fuzz/seeds/; crashes land in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(spec_loader path_template sse_decoder error_body query_string)
export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  echo "== $target for ${seconds}s"
  cargo fuzz run -s none --release "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
done
