#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a fixed time each and prints
# the executions and crashes per target (issue 8 item 1; the figures go to
# BENCHMARKS.md, "Fuzzing").
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]    (default 60 s, all)
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz
# --locked`). Inputs start from the committed corpus fuzz/corpus/TARGET;
# new interesting inputs go to a scratch folder (the committed corpus stays
# small; copy a unit there by hand when it is worth keeping). A crash
# leaves its input in fuzz/artifacts/TARGET/ and makes the script exit 1:
# fix it and add a regression test that runs that input.
set -euo pipefail
secs="${1:-60}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}/fuzz"
# No sanitizer: the code under test is safe Rust but for libyaml's
# translation (unsafe-libyaml, itself fuzzed upstream); debug assertions
# on, so an integer overflow is a crash as in a debug build.
flags=(--sanitizer none --debug-assertions)
cargo +nightly fuzz build "${flags[@]}" >&2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi
status=0
summary=()
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  scratch="$(mktemp -d)"
  log="$scratch/log"
  echo "== $t: ${secs}s" >&2
  set +e
  cargo +nightly fuzz run "${flags[@]}" "$t" "$scratch" "corpus/$t" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
    -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  if [ -z "$execs" ]; then
    execs="$(grep -o '#[0-9]*' "$log" | tail -1 | tr -d '#')"
  fi
  crashes="$(grep -c '^artifact_prefix\|Test unit written to' "$log" || true)"
  if [ "$rc" -ne 0 ]; then
    status=1
    tail -40 "$log" >&2
  fi
  summary+=("$(printf '%-14s %12s executions  %s crash(es)  exit %s' "$t" "${execs:-?}" "$crashes" "$rc")")
  rm -rf "$scratch"
done
printf '%s\n' "${summary[@]}"
exit "$status"
