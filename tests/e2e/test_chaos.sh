#!/usr/bin/env bash
# Chaos: in each pane, thousands of random keys (printable, arrows, paging, Enter, Esc,
# Backspace, function keys), random mouse clicks and wheel turns, and dozens of resizes down to
# 1x1; the app must keep running and then quit cleanly (exit 0, which under ASan + UBSan also
# means no sanitizer report and no leak). Keys that leave the pane or the app (q, F10, Tab, 0-9,
# Ctrl-C, Ctrl-Z, Ctrl-\) are not sent.
#   CHAOS_KEYS=N    keys per pane (default 2000 under a sanitizer build, 400 otherwise)
#   CHAOS_SEED=S    the random sequence (default 15; printed)
source "$(dirname "$0")/lib.sh"
# The app runs in a scratch folder (random keys can write handouts into its working folder),
# with the repository's notes and content named explicitly.
repo=$(pwd)
E2E_BIN=$(realpath "$E2E_BIN")
scratch=$(mktemp -d)
cd "$scratch" || exit 1
if grep -qa __asan_init "$E2E_BIN" 2>/dev/null; then default_keys=2000; else default_keys=400; fi
keys_per_pane=${CHAOS_KEYS:-$default_keys}
RANDOM=${CHAOS_SEED:-15}
echo "  chaos: $keys_per_pane keys per pane, seed ${CHAOS_SEED:-15}"
printable='abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ !"#$%&()*+,-./;<=>?@[]^_{|}~:'
specials=(Up Down Left Right PageUp PageDown Home End Enter Escape BSpace DC IC Space
          F1 F2 F3 F4 F5 F6 F7 F8 F9 F11 F12 M-a M-x C-a C-e C-k C-u C-w C-l)
sizes=(80x24 1x1 2x1 1x5 10x3 20x6 40x10 200x60 120x40 3x3 79x23 81x25 30x8 160x50 5x2 100x30)
total_keys=0 total_resizes=0 total_clicks=0

alive() { # the app still runs: its process is there and the shell has not printed "exited"
    [ -n "$(app_pid)" ] && ! screen | grep -q '^exited '
}

# Waits (up to 60 s) until the app has used no CPU for 0.3 s: it has read and handled every
# key sent so far (a Ctrl-C would otherwise stop it with keys still unread).
settle() {
    local pid t0 t1 i
    pid=$(app_pid)
    [ -n "$pid" ] || return 0
    for ((i = 0; i < 200; i++)); do
        t0=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || return 0
        sleep 0.3
        t1=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || return 0
        [ "$t0" = "$t1" ] && return 0
    done
}

wheel() { # an X10 wheel report: button 64 (up) or 65 (down), column, row
    local b x y
    b=$(printf '\\x%x' $((64 + $1 + 32))); x=$(printf '\\x%x' $(($2 + 33))); y=$(printf '\\x%x' $(($3 + 33)))
    tm send-keys -l "$(printf "\e[M%b%b%b" "$b" "$x" "$y")"
}

burst() { # one batch of 15 to 70 keys: a literal run, then named specials; sets $burst_n
    local s="" i n=$((RANDOM % 30 + 10))
    for ((i = 0; i < n; i++)); do s+=${printable:RANDOM % ${#printable}:1}; done
    send -l -- "$s"
    local names=() m=$((RANDOM % 20 + 5))
    for ((i = 0; i < m; i++)); do names+=("${specials[RANDOM % ${#specials[@]}]}"); done
    send "${names[@]}"
    total_keys=$((total_keys + n + m))
    burst_n=$((n + m))
}

# Every pane the binary has, as its --help lists them ("open this pane first (home, notes, …)").
panes=$("$E2E_BIN" --help | sed -n 's/.*open this pane first (\(.*\)).*/\1/p' | tr -d ',')
[ -n "$panes" ] || { fail "no pane list in --help"; finish; exit 1; }
for pane in $panes; do
    start_app 100x30 --notes "$repo/notes" --content "$repo/content" --pane "$pane"
    if ! wait_for "rampup|Home|Notes" 10; then fail "$pane: app did not start"; continue; fi
    sent=0 ok=1 round=0
    while [ "$sent" -lt "$keys_per_pane" ]; do
        burst; sent=$((sent + burst_n)); round=$((round + 1))
        [ $((round % 10)) -eq 0 ] && settle
        click $((RANDOM % 100)) $((RANDOM % 30))
        wheel $((RANDOM % 2)) $((RANDOM % 100)) $((RANDOM % 30))
        total_clicks=$((total_clicks + 2))
        if [ $((round % 2)) -eq 1 ]; then
            sz=${sizes[RANDOM % ${#sizes[@]}]}
            resize "${sz%x*}" "${sz#*x}"
            total_resizes=$((total_resizes + 1))
        fi
        if ! alive; then ok=0; break; fi
    done
    resize 100 30
    settle
    if [ $ok -eq 1 ] && alive; then pass "$pane: alive after $sent random keys and resizes"
    else fail "$pane: the app died during the chaos (round $round)"; continue; fi
    send C-c
    expect "$pane: quits cleanly after the chaos" "exited 0" 20
done
cd "$repo" && rm -rf "$scratch"
echo "  chaos: $total_keys keys, $total_clicks mouse events, $total_resizes resizes sent in all"
finish
