#!/usr/bin/env bash
# Runs each fuzz target for SECONDS on its seeds (tests/fuzz/seeds.sh) plus the regression
# inputs; prints executions per target and saves crashes under BUILD/fuzz/crashes/<target>/.
# Usage: run.sh BUILD SECONDS TARGET...   (FUZZ_RESULTS=DIR also writes DIR/fuzz_<t>.count)
set -u
build=$1 secs=$2; shift 2
status=0
rm -rf "$build/fuzz/seeds"
tests/fuzz/seeds.sh "$build/fuzz/seeds" # fresh each run: the content and notes change
for t in "$@"; do
    corpus=$build/fuzz/corpus/$t crashes=$build/fuzz/crashes/$t
    mkdir -p "$corpus" "$crashes"
    dirs=("$corpus" "$build/fuzz/seeds/$t")
    [ -d "tests/fuzz/regress/$t" ] && dirs+=("tests/fuzz/regress/$t")
    log=$build/fuzz/$t.log
    maxlen=65536
    [ "$t" = markdown ] && maxlen=32768 # parse + render + chunk: keep the executions coming
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    "$build/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len="$maxlen" \
        -artifact_prefix="$crashes/" -print_final_stats=1 "${dirs[@]}" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ $rc -ne 0 ]; then
        status=1
        echo "fuzz $t: FAILED after ${execs:-?} executions; see $log and $crashes/"
        grep -m3 -E 'ERROR|SUMMARY|==[0-9]+==' "$log" | sed 's/^/    /'
    else
        echo "fuzz $t: ${execs:-?} executions in ${secs} s, no crash"
    fi
    if [ -n "${FUZZ_RESULTS:-}" ]; then
        mkdir -p "$FUZZ_RESULTS"
        if [ $rc -eq 0 ]; then echo "1 0" >"$FUZZ_RESULTS/fuzz_$t.count"; else echo "0 1" >"$FUZZ_RESULTS/fuzz_$t.count"; fi
    fi
done
exit $status
