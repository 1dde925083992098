#!/usr/bin/env bash
# tmux end-to-end harness: runs the real binary on a private tmux server, types keys, and polls
# the screen (never sleep-then-assert). Source it, then:
#   start_app 80x24 [rampup args…]     start (fresh HOME and state folder unless KEEP_STATE=1)
#   send KEYS…                          tmux send-keys (e.g. send Tab, send -l 'text')
#   wait_for REGEX [seconds]            poll until the screen matches (default 5 s)
#   wait_gone REGEX [seconds]           poll until it no longer matches
#   expect NAME REGEX                   one test case: passes when wait_for succeeds
#   expect_not NAME REGEX               passes when the screen does not match right now
#   click COL ROW                       a left click (X10 mouse report, 0-based cell)
#   wheel up|down COL ROW               one notch of the mouse wheel there
#   screen                              print the screen;  resize W H
#   finish                              kill the server, write the counts, exit non-zero on failure
set -u
E2E_BIN=${E2E_BIN:-build/rampup}
E2E_RESULTS=${E2E_RESULTS:-}
E2E_NAME=$(basename "${BASH_SOURCE[1]:-$0}" .sh)
SOCK="rampup-e2e-$$-$RANDOM"
E2E_HOME=${E2E_HOME:-$(mktemp -d)}
PASSED=0
FAILED=0

tm() { tmux -L "$SOCK" -f /dev/null "$@"; }

start_app() {
    local size=$1; shift
    local w=${size%x*} h=${size#*x}
    # A fresh server per start: reusing a socket while the old server exits can fail.
    stop_app
    E2E_STARTS=$((${E2E_STARTS:-0} + 1))
    SOCK="rampup-e2e-$$-$RANDOM-$E2E_STARTS"
    local args="" a
    for a in "$@"; do args+=" $(printf '%q' "$a")"; done
    # After the app exits, the shell reports whether the terminal is back in cooked mode.
    # TERM matches what tmux emulates, so Home, End and function keys decode as they would for
    # a person running rampup inside tmux.
    tm new-session -d -x "$w" -y "$h" \
        "env HOME=$E2E_HOME XDG_STATE_HOME=$E2E_HOME/state LANG=C.UTF-8 LC_ALL=C.UTF-8 \
         TERM=${E2E_TERM:-screen-256color} ${E2E_ENV:-} $(printf '%q' "$E2E_BIN")$args; \
         echo \"exited \$? tty:\$(stty -a | tr ' ;' '\n\n' | grep -xE -- '-?icanon' | head -1)\"; \
         sleep 60"
}

screen() { tm capture-pane -p 2>/dev/null; }
# The pid of the app (the child of the pane's shell; after the app quit, the shell's sleep).
# Read from /proc, not pgrep: a minimal Debian (debootstrap minbase, debian:bookworm) has no
# procps.
app_pid() {
    local shell f stat rest
    shell=$(tm display-message -p '#{pane_pid}' 2>/dev/null) || return 0
    [ -n "$shell" ] || return 0
    for f in /proc/[0-9]*/stat; do
        read -r stat <"$f" 2>/dev/null || continue
        rest=${stat##*) }            # after "pid (comm) ": state ppid …
        rest=${rest#* }              # drop the state
        if [ "${rest%% *}" = "$shell" ]; then
            f=${f#/proc/}
            echo "${f%/stat}"
            return 0
        fi
    done
}

# Ends the app still running in the current server (TERM, then KILL after 3 s), then the
# server. Killing only the server leaves the app to a hang-up, and a sanitizer build's exit
# (LeakSanitizer stops the world with ptrace) can hang in a sandbox without ptrace.
stop_app() {
    local pid i
    pid=$(app_pid)
    if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null
        for i in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
        kill -KILL "$pid" 2>/dev/null
    fi
    tm kill-server 2>/dev/null || true
}
send() { tm send-keys "$@"; }
# X10 mouse reports: ESC [ M, then button+32, column+33, row+33 (press, then release).
click() {
    local x y
    x=$(printf '\\x%x' $(($1 + 33))); y=$(printf '\\x%x' $(($2 + 33)))
    tm send-keys -l "$(printf "\e[M %b%b" "$x" "$y")"
    tm send-keys -l "$(printf "\e[M#%b%b" "$x" "$y")"
}
# A wheel notch at COL ROW: X10 button 64 (up) or 65 (down), no release.
wheel() {
    local b x y
    b=$([ "$1" = up ] && echo '`' || echo a)
    x=$(printf '\\x%x' $(($2 + 33))); y=$(printf '\\x%x' $(($3 + 33)))
    tm send-keys -l "$(printf "\e[M%s%b%b" "$b" "$x" "$y")"
}
resize() { tm resize-window -x "$1" -y "$2"; }

wait_for() {
    local re=$1 limit=${2:-5} i=0
    local n=$((limit * 20))
    while [ $i -lt $n ]; do
        screen | grep -qE -- "$re" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

wait_gone() {
    local re=$1 limit=${2:-5} i=0
    local n=$((limit * 20))
    while [ $i -lt $n ]; do
        screen | grep -qE -- "$re" || return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

pass() { PASSED=$((PASSED + 1)); echo "  ok   $E2E_NAME: $1"; }
fail() {
    FAILED=$((FAILED + 1))
    echo "  FAIL $E2E_NAME: $1"
    echo "  ---- screen ----"
    screen | sed 's/^/  | /'
    echo "  ----------------"
}

expect() { if wait_for "$2" "${3:-5}"; then pass "$1"; else fail "$1 (waited for /$2/)"; fi; }
expect_gone() { if wait_gone "$2" "${3:-5}"; then pass "$1"; else fail "$1 (/$2/ still shown)"; fi; }
expect_not() { if screen | grep -qE -- "$2"; then fail "$1 (/$2/ shown)"; else pass "$1"; fi; }

finish() {
    stop_app
    [ -n "$E2E_RESULTS" ] && mkdir -p "$E2E_RESULTS" && echo "$PASSED $FAILED" >"$E2E_RESULTS/$E2E_NAME.count"
    rm -rf "$E2E_HOME" 2>/dev/null || true
    [ "$FAILED" -eq 0 ]
}
trap 'stop_app' EXIT
