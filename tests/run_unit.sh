#!/usr/bin/env bash
# Runs Criterion test binaries; writes "passed failed skipped" per binary into RESULTS_DIR and fails
# when any test failed or crashed.  Usage: run_unit.sh RESULTS_DIR BIN...
set -u
results=$1; shift
mkdir -p "$results"
status=0
export OPENBLAS_NUM_THREADS=1
for bin in "$@"; do
    name=$(basename "$bin")
    log="$results/$name.log"
    "$bin" --jobs 2 --verbose >"$log" 2>&1
    rc=$?
    line=$(grep -a 'Synthesis:' "$log" | tail -n 1)
    tested=$(sed -n 's/.*Tested: *\([0-9]*\).*/\1/p' <<<"$line")
    passing=$(sed -n 's/.*Passing: *\([0-9]*\).*/\1/p' <<<"$line")
    failing=$(sed -n 's/.*Failing: *\([0-9]*\).*/\1/p' <<<"$line")
    crashing=$(sed -n 's/.*Crashing: *\([0-9]*\).*/\1/p' <<<"$line")
    : "${tested:=0}" "${passing:=0}" "${failing:=0}" "${crashing:=0}"
    failed=$((failing + crashing))
    skipped=$(grep -ac '^\[SKIP\]' "$log")
    if [ $rc -ne 0 ] && [ $failed -eq 0 ]; then failed=1; fi
    echo "$passing $failed $skipped" >"$results/$name.count"
    if [ $failed -ne 0 ]; then
        status=1
        echo "FAIL $name ($passing passed, $failed failed)"
        grep -a -E '\[(FAIL|----)\]|CRASH|ERROR|runtime error|Sanitizer' "$log" | head -n 40
    elif [ "$skipped" -gt 0 ]; then
        echo "ok   $name ($passing passed, $skipped skipped)"
        grep -a '^\[SKIP\]' "$log" | sed 's/^/       /'
    else
        echo "ok   $name ($passing passed)"
    fi
done
exit $status
