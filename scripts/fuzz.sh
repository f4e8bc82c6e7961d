#!/usr/bin/env bash
# Builds and runs one of dossier's fuzz targets (fuzz/, cargo fuzz) for a
# given time, then prints what the run did.
#
#   scripts/fuzz.sh parse_entry [SECONDS] [-- more libFuzzer flags]
#   scripts/fuzz.sh check_journal 660
#
# Targets: parse_entry (arbitrary bytes as one entry: decode, frontmatter,
# links, HTML, diagnostics) and check_journal (a generated journal through
# load, render_site and the packet). SECONDS defaults to 60.
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and nothing but stable Rust:
# libFuzzer's flags (-Zsanitizer=address) are unstable, so the build sets
# RUSTC_BOOTSTRAP=1. Set FUZZ_TOOLCHAIN=nightly to use a nightly instead.
#
# The limits are the acceptance criteria: an input that takes longer than
# one second is a hang (-timeout=1); a process above 2 GB of RSS, or a
# single allocation above it (AddressSanitizer's malloc hook), is unbounded
# memory (-rss_limit_mb=2048: ASan's own shadow and quarantine take a few
# hundred MB, a real leak or blow-up passes 2 GB fast). -max_len keeps inputs
# at the size of real notes (the largest example entry is under 3 KB).
#
# The working corpus is fuzz/corpus/TARGET (not committed), started from the
# committed seeds in fuzz/seeds/TARGET; keep new finds that matter by copying
# them to fuzz/seeds/ or fuzz/regressions/ (tests/fuzz_seeds.rs replays both
# on every `cargo test`). Crashes land in fuzz/artifacts/TARGET/. One fuzzing
# process at a time: no -jobs or -workers.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:?usage: scripts/fuzz.sh parse_entry|check_journal [SECONDS] [-- libFuzzer flags]}"
shift
seconds=60
if [[ $# -gt 0 && $1 != -- ]]; then
  seconds="$1"
  shift
fi
[[ ${1:-} == -- ]] && shift

case "$target" in
  parse_entry) max_len=16384 dict=(-dict=fuzz/dict/entry.dict) ;;
  check_journal) max_len=4096 dict=() ;;
  *) echo "unknown target: $target (parse_entry or check_journal)" >&2; exit 2 ;;
esac

if [[ -n ${FUZZ_TOOLCHAIN:-} ]]; then
  cargo_fuzz=(cargo "+$FUZZ_TOOLCHAIN" fuzz)
else
  export RUSTC_BOOTSTRAP=1
  cargo_fuzz=(cargo fuzz)
fi

# The generated journals go to a folder of this run's own, in memory when
# /dev/shm exists, removed afterwards.
scratch="$(mktemp -d "$( [[ -d /dev/shm ]] && echo /dev/shm || echo "${TMPDIR:-/tmp}")/dossier-fuzz.XXXXXX")"
log="$scratch/fuzz.log"
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch"

mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
"${cargo_fuzz[@]}" build "$target"

status=0
"${cargo_fuzz[@]}" run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
  -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -max_len="$max_len" \
  "${dict[@]}" -print_final_stats=1 "$@" 2>&1 | tee "$log" || status=$?

stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
executions="$(stat number_of_executed_units)"
last="$(grep -E '^#[0-9]+' "$log" | tail -1 || true)"
echo
echo "== $target: ${executions:-?} executions (-max_total_time=$seconds)," \
  "$(stat average_exec_per_sec) exec/s, peak RSS $(stat peak_rss_mb) MB," \
  "new units $(stat new_units_added), exit status $status"
echo "== last status line: $last"
exit "$status"
