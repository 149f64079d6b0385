#!/usr/bin/env bash
# Runs .ci/run N times in a row, each time on a fresh clone of this repository's current main in a
# temporary folder, as CI does (CI=true, no stdin), and prints each run's last line and wall time.
# A CI run that fails once on a fresh clone is a bug to explain; this is how to look for one.
#
#   scripts/ci-repeat.sh [N]      (default 3)
#
# Each run's full output stays in its log (the path is printed); the clones are removed afterwards
# unless KEEP_CLONES=1. Exit status: 0 when every run passed, 1 otherwise, 2 on bad usage.
set -uo pipefail

runs=${1:-3}
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/ci-repeat.sh [N]   (N: how many fresh-clone runs, a positive integer; got '$runs')" >&2
  exit 2
fi
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel) || exit 2
commit=$(git -C "$repo" rev-parse --short main) || exit 2
work=$(mktemp -d "${TMPDIR:-/tmp}/poolchaos-ci-repeat-XXXXXX")
# mktemp makes it 0700; a CI workspace lets other users through, and the tests that run a pool's
# workers as nobody need that (the server refuses such a pool with ERR_CONFIG_IDENTITY_NO_ACCESS).
chmod 755 "$work"
echo "ci-repeat: $runs fresh-clone run(s) of main ($commit) in $work"

failures=0
for run in $(seq 1 "$runs"); do
  clone="$work/run-$run"
  log="$work/run-$run.log"
  git clone --quiet --branch main "$repo" "$clone" || { echo "run $run: clone failed"; failures=$((failures + 1)); continue; }
  started=$(date +%s)
  (cd "$clone" && CI=true bash .ci/run </dev/null >"$log" 2>&1)
  status=$?
  seconds=$(( $(date +%s) - started ))
  last=$(tail -n 1 "$log")
  verdict=passed
  [ "$status" -eq 0 ] || { verdict="FAILED (exit $status)"; failures=$((failures + 1)); }
  printf 'run %d: %s, %s, %dm %02ds, log %s\n' "$run" "$verdict" "$last" $((seconds / 60)) $((seconds % 60)) "$log"
  [ "$status" -eq 0 ] || grep -E '^FAILED: |^  [0-9]+\) ' "$log" | sed 's/^/    /' | head -20
  [ "${KEEP_CLONES:-0}" = 1 ] || rm -rf "$clone"
done

echo "ci-repeat: $((runs - failures)) of $runs run(s) passed"
[ "$failures" -eq 0 ]
