#!/usr/bin/env bash
# Runs every tests/e2e/test_*.sh against BIN; each writes its counts into RESULTS.
# Usage: run.sh BIN RESULTS
set -u
bin=$1 results=$2
mkdir -p "$results"
if ! command -v tmux >/dev/null; then
    echo "e2e: tmux is not installed (make deps installs it)"
    echo "1 0" >/dev/null; echo "0 1" >"$results/tmux-missing.count"
    exit 1
fi
status=0
for t in "$(dirname "$0")"/test_*.sh; do
    E2E_BIN=$bin E2E_RESULTS=$results bash "$t" || status=1
done
exit $status
