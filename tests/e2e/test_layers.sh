#!/usr/bin/env bash
# `make check-layers` (run by `make test`) catches a bad include: a copy of the tree passes,
# then the same copy with one planted include in tui/cli/ (or engine/) fails, naming the file.
. "$(dirname "$0")/lib.sh"

root=$(mktemp -d)
cp -R engine tui panels "$root"/
layers() { make -s --no-print-directory check-layers LAYERS_ROOT="$root" 2>&1; }
case_() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }

out=$(layers); rc=$?
case_ "a clean copy passes" '[ $rc -eq 0 ] && echo "$out" | grep -q "layers: ok"'
for inc in '"panels/registry.h"' '<ncurses.h>' '"tui/text.h"'; do
    printf '#include %s\n' "$inc" >"$root/tui/cli/planted.c"
    out=$(layers); rc=$?
    case_ "tui/cli/ including $inc fails" \
        '[ $rc -ne 0 ] && echo "$out" | grep -q "tui/cli/planted.c:1:" && echo "$out" | grep -qE "must (stay free|not include)"'
done
rm -f "$root/tui/cli/planted.c"
printf '#include "engine/format.h"\n' >"$root/tui/cli/planted.c"
out=$(layers); rc=$?
case_ "tui/cli/ may include the engine (engine/format.h)" '[ $rc -eq 0 ]'
printf '#include "tui/app.h"\n' >"$root/engine/planted.c"
out=$(layers); rc=$?
case_ "engine/ including tui/ fails" '[ $rc -ne 0 ] && echo "$out" | grep -q "engine/planted.c:1:"'
rm -rf "$root"
finish
