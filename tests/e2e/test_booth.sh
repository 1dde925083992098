#!/usr/bin/env bash
# Booth mode: the tour plays its scenes (captions and panes change), presenter keys, a key
# hands the app to a visitor, the idle timer resets what the visitor changed and resumes,
# the owner's state file is untouched, big digits (UTF-8 and ASCII), the timer, handouts,
# and `rampup tour check` headless.
. "$(dirname "$0")/lib.sh"
FIX=tests/fixtures/tour/short.yaml

# The owner's state: one normal session leaves a state file behind.
start_app 80x24 --pane kv
expect "owner session on the KV pane" 'KV/token'
send ':' ; send -l 'pane kv gemma-2-9b' ; send Enter
expect "owner picks Gemma-2-9B" 'Gemma-2-9B'
stop_app
state="$E2E_HOME/state/rampup/state.json"
if [ -f "$state" ]; then pass "the owner's state file exists"; else fail "no state file at $state"; fi
before=$(cksum <"$state" 2>/dev/null)

# Attract mode on a quick tour, with a short idle time.
start_app 100x30 --tour --loop --idle 3 --from "$FIX"
expect "scene 1 caption" 'Scene one: the KV cache pane'
expect "scene 1 shows the KV pane on its defaults, not the owner's model" 'Llama-3\.1-8B'
expect "the banner counts scenes" 'tour 1/3'
expect "scene 1's headline in big digits" '█'
expect "scene 2 follows by itself" 'Scene two: the scaling laws' 6
expect "scene 2 shows the Scaling pane" 'FLOP'
expect "Chinchilla approach 1: about 20 tokens per parameter" 'tokens per parameter'
send Right
expect "→ skips to scene 3" 'Scene three: back home'
send Left
expect "← goes back to scene 2" 'Scene two'
send Space
expect "Space pauses" '\(paused\)'
send Space
expect_gone "Space resumes" '\(paused\)'
send Right Right
expect "the tour loops to scene 1" 'tour 1/3'
send x
expect "a key hands the app to the visitor" 'your turn'
expect_gone "the banner goes" 'tour [0-9]/3'
send ':' ; send -l 'pane kv gemma-2-9b' ; send Enter
expect "the visitor picks another model" 'Gemma-2-9B'
send C
expect_gone "the visitor hides the tab bar" '1 Home'
send q
expect "q does not end the booth" 'owner quits with :quit or Ctrl-C'
expect "after the idle time the tour resumes from scene 1" 'Scene one: the KV cache pane' 8
expect "and the visitor's model is gone (reset)" 'Llama-3\.1-8B'
expect "and the tab bar is back" '1 Home'
expect_not "no Gemma left" 'Gemma-2-9B'
send x
expect "a key wakes it again" 'your turn'
send ':' ; send -l 'quit' ; send Enter
expect "the owner leaves booth mode with :quit" 'exited 0'
stop_app
after=$(cksum <"$state" 2>/dev/null)
if [ "$before" = "$after" ]; then pass "the owner's state file is unchanged"; else fail "state file changed: $before -> $after"; fi

# Played once (no --loop): stops after the last scene, and the presenter keeps the app.
start_app 80x24 --tour --from "$FIX" --fresh
expect "plays once" 'Scene one'
send P
expect "P stops the tour" 'tour stopped'
expect_gone "banner gone after P" 'tour [0-9]/3'
send P
expect "P plays it again" 'Scene one'

# Big digits on demand, at 80x24, UTF-8 then ASCII.
start_app 80x24 --fresh --pane kv
send B
expect "B shows the KV headline in block digits" '████'
expect "with its label" 'KV cache: Llama-3\.1-8B, 1 x 4096 tokens'
send Escape
expect_gone "Esc closes it" 'B or Esc closes'
send e
expect "e writes a handout named in the status bar" 'handout written: .*rampup-kv-.*\.md'
file=$(screen | grep -o '[^ ]*rampup-kv-[0-9-]*\.md' | head -1)
if [ -n "$file" ] && grep -q '^## Why' "$file" && grep -q 'seed formula' "$file"; then
    pass "the handout has the figures and the formulas"; rm -f "$file"
else fail "handout '$file' missing or incomplete"; fi
rm -f ./rampup-kv-*.md # the status bar may cut the name: leave no handout in the tree
# The panes explained by a why text hand out that text
for pane in infer multimodal evals; do
    start_app 120x40 --fresh --pane $pane
    send e
    expect "$pane: e writes a handout" "handout written: .*rampup-$pane-.*\.md"
    f=$(ls -t ./rampup-$pane-*.md 2>/dev/null | head -1)
    if [ -n "$f" ] && grep -q '^## Why' "$f" && grep -q '^```text' "$f"; then
        pass "$pane: the handout holds the why text"
    else fail "$pane: handout '$f' missing or incomplete"; fi
    rm -f ./rampup-$pane-*.md
    send q
    expect "$pane: quits" 'exited 0'
done
out=$("$E2E_BIN" vision tokens --model qwen2-vl-7b --width 4000 --height 3000 --markdown 2>&1)
if grep -q '^## Why' <<<"$out" && grep -q '15301 tokens' <<<"$out"; then
    pass "vision tokens --markdown: the same handout headless"
else fail "vision tokens --markdown (got: $out)"; fi
out=$("$E2E_BIN" infer simulate --requests 200 --markdown 2>&1)
if grep -q '^## Why' <<<"$out" && grep -q 'ridge = peak / bandwidth' <<<"$out"; then
    pass "infer simulate --markdown: the same handout headless"
else fail "infer simulate --markdown (got: $out)"; fi
E2E_ENV="LANG=C LC_ALL=C" start_app 80x24 --fresh --pane kv
send B
expect "ASCII fallback: # blocks" '####'
expect_not "no Unicode blocks in ASCII" '█'

# Projector theme, hidden chrome, countdown.
start_app 80x24 --fresh --theme projector --timer 1m
expect "the countdown is in the status bar" '[01]:[0-9][0-9]$'
if tm capture-pane -p -e | grep -E '[01]:[0-9][0-9]' | grep -q $'\e\\[[0-9;]*31m\|\e\\[[0-9;]*91m'; then
    pass "red in the last minute"; else fail "the countdown is not red"; fi
send C
expect_gone "C hides the tab bar" '1 Home'
send C
expect "C shows it again" '1 Home'
send ':' ; send -l 'reset' ; send Enter
expect ":reset restores every pane's defaults" 'back to its defaults'
send ':' ; send -l 'quit' ; send Enter
expect "quits cleanly (a sanitizer build would report leaks here)" 'exited 0'

# Headless: the shipped tour and a note's links validate; a bad scene is named by line.
out=$("$E2E_BIN" tour check 2>&1)
if [ $? -eq 0 ] && echo "$out" | grep -q 'scenes, .* ok'; then pass "tour check: the shipped tour"; else fail "tour check failed: $out"; fi
out=$("$E2E_BIN" tour check notes/llm_inference.md 2>&1)
if [ $? -eq 0 ]; then pass "tour check: a note's pane links"; else fail "note tour: $out"; fi
bad=$(mktemp)
printf 'tour:\n  - pane: kv\n    settings: {bogus: 1}\n    caption: x\n' >"$bad"
out=$("$E2E_BIN" tour check "$bad" 2>&1)
if [ $? -ne 0 ] && echo "$out" | grep -q ":2: scene 1 (kv): .*bogus"; then pass "tour check names a refused setting"; else fail "bad tour: $out"; fi
rm -f "$bad"
out=$("$E2E_BIN" kv --model llama-2-70b --markdown)
if echo "$out" | grep -q '| seed formula error | 8.00x'; then pass "kv --markdown: 8x seed formula"; else fail "kv --markdown: $out"; fi
finish
