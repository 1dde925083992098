#!/usr/bin/env bash
# Adds up the *.count files ("passed failed") under the given result folders and prints the
# closing line CI reads: "N passed, N failed".
set -u
passed=0; failed=0
for dir in "$@"; do
    [ -d "$dir" ] || continue
    while read -r p f; do
        passed=$((passed + p)); failed=$((failed + f))
    done < <(find "$dir" -name '*.count' -exec cat {} +)
done
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
