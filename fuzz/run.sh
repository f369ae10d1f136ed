#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 10), seeded with docs/vectors and a JSON
# dictionary. `make fuzz` runs them for longer; `make test` runs this as a smoke.
# Uses cargo-fuzz on stable Rust without a sanitizer (`-s none`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
seconds=${1:-10}
targets=(${FUZZ_TARGETS:-bundle endorsement withdrawal invitation equivocation witness keyfile canonical})
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  cp -n ../docs/vectors/*.json "corpus/$t/" 2>/dev/null || true
done
cargo fuzz build -s none
for t in "${targets[@]}"; do
  echo "fuzz: $t for ${seconds}s"
  log="artifacts/$t.log"
  mkdir -p artifacts
  if ! cargo fuzz run -s none "$t" "corpus/$t" -- \
      -dict=json.dict -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 -timeout=20 \
      -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz: $t failed (a finding is in fuzz/artifacts/$t)" >&2
    exit 1
  fi
  grep -E '^stat::number_of_executed_units' "$log" || true
done
echo "fuzz: no finding in ${#targets[@]} targets"
