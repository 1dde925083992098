#!/usr/bin/env bash
# Adds up the *.count files ("passed failed [skipped]") under the given result folders and prints the
# closing line CI reads: "N passed, N failed" (", N skipped" when some skipped).
set -u
passed=0; failed=0; skipped=0
for dir in "$@"; do
    [ -d "$dir" ] || continue
    while read -r p f k; do
        passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${k:-0}))
    done < <(find "$dir" -name '*.count' -exec cat {} +)
done
if [ "$skipped" -gt 0 ]; then
    echo "tests: $passed passed, $failed failed, $skipped skipped"
else
    echo "tests: $passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
