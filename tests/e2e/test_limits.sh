#!/usr/bin/env bash
# Large and pathological inputs through the real binary: linear wrapping and indexing (each was
# quadratic: minutes to hours; now well under the timeouts here), the fitter's row cap, and the
# RAG pane building a big index with progress and Esc to cancel.
source "$(dirname "$0")/lib.sh"
bin=$(realpath "$E2E_BIN")
dir=$(mktemp -d)

# Runs a command under `timeout SECS`; passes when it ends in time with the expected exit code
# and its output matches REGEX.
timed() {
    local name=$1 secs=$2 code=$3 re=$4; shift 4
    local out rc
    out=$(timeout "$secs" "$@" 2>&1 >/dev/null; echo "rc=$?")
    rc=${out##*rc=}
    if [ "$rc" = 124 ]; then FAILED=$((FAILED + 1)); echo "  FAIL $E2E_NAME: $name: over $secs s"
    elif [ "$rc" != "$code" ]; then FAILED=$((FAILED + 1)); echo "  FAIL $E2E_NAME: $name: exit $rc"
        printf '%s\n' "$out" | head -3 | sed 's/^/  | /'
    elif ! printf '%s' "$out" | grep -qE -- "$re"; then FAILED=$((FAILED + 1))
        echo "  FAIL $E2E_NAME: $name: no /$re/ in:"; printf '%s\n' "$out" | head -3 | sed 's/^/  | /'
    else pass "$name"; fi
}

python3 - "$dir" <<'PY'
import sys
d = sys.argv[1]
mib = 1 << 20
open(f"{d}/word.md", "w").write("a" * (8 * mib - 16) + "\n")          # one 8 MiB word
open(f"{d}/quote.md", "w").write(">" * (64 * 1024) + "\n")            # 64 KiB of '>'
open(f"{d}/over.md", "w").write("a " * (4 * mib) + "!\n")             # 8 MiB + 2 bytes
import os; os.makedirs(f"{d}/rc", exist_ok=True)
open(f"{d}/rc/star.md", "w").write("*a " * (8 * mib // 3 - 8))        # 8 MiB of '*a '
open(f"{d}/rc/link.md", "w").write("[a](" * (8 * mib // 4 - 8))       # 8 MiB of '[a]('
with open(f"{d}/rows.csv", "w") as f:                                  # 10001 rows
    f.write("N,D,loss\n")
    for i in range(10001):
        f.write(f"{1e8 * (1 + i % 97)},{1e10 * (1 + i % 89)},{2 + (i % 7) * 0.01}\n")
PY
timed "notes show: an 8 MiB word wraps in linear time" 20 0 "^rc=0" "$bin" notes show "$dir/word.md"
timed "notes show: 64 KiB of '>' renders at once" 10 0 "^rc=0" "$bin" notes show "$dir/quote.md"
timed "notes show: a note over 8 MiB is refused" 10 1 "over.md: file is larger than 8 MiB" \
    "$bin" notes show "$dir/over.md"
timed "rag: 8 MiB of '*a ' and '[a](' index in linear time" 30 0 "^rc=0" \
    "$bin" rag a --corpus "$dir/rc" --method bm25
timed "scaling --fit: 10001 rows refused with a clear message" 10 1 \
    "10001 rows: the fitter takes at most 10000 \(sample the runs\)" "$bin" scaling --fit "$dir/rows.csv"

# The RAG pane over a 40 MiB notes folder: progress while it builds, Esc cancels, the app
# stays usable and quits cleanly.
mkdir -p "$dir/big"
yes 'lorem ipsum dolor sit amet consectetur adipiscing elit' | head -c 2M >"$dir/big/f00.md"
for i in $(seq -w 1 19); do cp "$dir/big/f00.md" "$dir/big/f$i.md"; done
start_app 100x30 --notes "$dir/big" --pane rag
expect "the RAG pane shows its build progress" "building the index: [0-9]+ files?"
send Escape
expect "Esc cancels the build" "index build cancelled"
send Escape q
expect "quits after a cancelled build" "exited 0"

rm -rf "$dir"
finish
