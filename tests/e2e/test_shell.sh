#!/usr/bin/env bash
# The app shell: tabs, help overlay, command line, resize to 20x6 and back, NO_COLOR, quit
# restores the terminal, state survives a restart.
. "$(dirname "$0")/lib.sh"

start_app 80x24
expect "starts on Home" 'rampup.*learn how LLM systems work'
expect "tab bar lists Home and Notes" '1 Home.*2 Notes'
send Tab
expect "Tab switches to Notes" 'Notes \([0-9]+\)'
send BTab
expect "Shift-Tab goes back to Home" 'Reading progress|Topics'
send 2
expect "digit jumps to a pane" 'Notes \([0-9]+\)'
send '?'
expect "? opens the help overlay" 'Everywhere'
expect "help lists the pane's own keys" 'table of contents'
send Escape
expect_gone "Esc closes the help" 'Everywhere'
# Mouse: a click on a tab switches to it; a click on a list row selects it.
col=$(screen | head -n 1 | grep -bo '3 Scal' | head -n 1 | cut -d: -f1)
click "$((col + 2))" 0
expect "a click on a tab switches panes" 'compute .*FLOP'
send 2
wait_for 'Notes \([0-9]+\)'
row=$(screen | grep -n 'Scaling laws' | head -n 1 | cut -d: -f1)
click 5 "$((row - 1))"
expect "a click on a list row opens that note" 'Scaling laws: model size'
send ':' ; send -l 'pane home' ; send Enter
expect ":pane switches panes" 'Topics'
send ':' ; send -l 'bogus' ; send Enter
expect "unknown command is reported" "unknown command ':bogus'"
resize 20 6
expect "20x6 shows the too-small message" 'too small'
expect_not "no pane content at 20x6" 'Topics'
resize 80 24
expect "layout comes back after growing" 'Topics'
resize 200 60
expect "200x60 draws" 'Reading progress'
send q
expect "q quits and restores the terminal (icanon back on)" 'exited 0 tty:icanon'

# A second run: the last pane is remembered.
KEEP_HOME=$E2E_HOME
start_app 80x24
send 2
expect "notes open" 'Notes \([0-9]+\)'
send ':' ; send -l 'quit' ; send Enter
expect ":quit quits cleanly" 'exited 0 tty:icanon'
start_app 80x24
expect "last pane is restored on the next start" 'Notes \([0-9]+\)'
send C-c
expect "SIGINT restores the terminal" 'exited 0 tty:icanon'

# Monochrome: NO_COLOR draws with attributes only (no colour escape in the capture).
E2E_ENV="NO_COLOR=1" start_app 80x24
wait_for 'Topics'
if tm capture-pane -e -p | grep -qE $'\e\\[[0-9;]*3[0-7]m'; then
    fail "NO_COLOR: colour escapes found"
else
    pass "NO_COLOR draws without colours"
fi
send q

# Outside a UTF-8 locale every glyph falls back to ASCII.
E2E_ENV="LC_ALL=C LANG=C" start_app 80x24 --pane notes
wait_for 'Notes \([0-9]+\)'
if screen | LC_ALL=C grep -q $'[\x80-\xff]'; then
    fail "C locale: non-ASCII bytes on screen"
else
    pass "C locale draws ASCII only"
fi
expect "C locale: ASCII rules between list and note" 'Notes \([0-9]+\) +\|'
send q

# :theme switches themes; SIGTERM restores the terminal too.
start_app 80x24
wait_for 'Topics'
send ':' ; send -l 'theme light' ; send Enter
expect ":theme light is applied" 'theme: light'
send ':' ; send -l 'theme plaid' ; send Enter
expect "an unknown theme is refused" 'usage: :theme dark.light.mono'
pid=$(app_pid)
[ -n "$pid" ] && kill -TERM "$pid"
expect "SIGTERM quits and restores the terminal" 'exited 0 tty:icanon'

# Bad usage never starts the screen.
out=$("$E2E_BIN" --pane nosuch 2>&1); rc=$?
if [ $rc -eq 2 ] && grep -q "no pane called 'nosuch'" <<<"$out"; then pass "--pane with a bad name is a usage error"; else fail "--pane nosuch gave $rc: $out"; fi

# A corrupt state file is moved aside with a warning, and the app still starts.
mkdir -p "$E2E_HOME/state/rampup"
echo '{"last_pane": "notes", broken' >"$E2E_HOME/state/rampup/state.json"
start_app 80x24
expect "corrupt state: warning shown" 'corrupt|moved'
if ls "$E2E_HOME/state/rampup/" | grep -q 'state.json.corrupt'; then pass "corrupt state file kept aside"; else fail "corrupt state file not kept: $(ls "$E2E_HOME/state/rampup/")"; fi
send q
finish
