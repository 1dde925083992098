#!/usr/bin/env bash
# The Agents pane: step the research graph forward and back and watch the active node move,
# run to the critique breakpoint, the router's decision, fork a branch, switch to the
# calculator agent; then the `rampup agent` CLI.
. "$(dirname "$0")/lib.sh"

start_app 80x24 --pane agents
expect "opens on the research graph at its start" 'next: load'
expect "the graph is drawn with the entry box" '(▶|>) *(\[|│|\|) *load'
send n
expect "n runs load; summarize is next" 'next: summarize'
expect "the active marker moved to summarize" '(▶|>) *(\[|│|\|) *summarize'
expect_not "load is no longer the active box" '(▶|>) *(\[|│|\|) *load '
send Space
expect "Space steps too" 'next: extract_insights'
send b
expect "b goes back one checkpoint" 'next: summarize'
expect "the marker follows back" '(▶|>) *(\[|│|\|) *summarize'
send r
expect "r runs to the breakpoint before critique" 'next: critique +interrupted'
send n
expect "the router's decision and the branch not taken" 'not taken (true|false)'
send R
expect "R resets to the start" 'next: load'
send j
send f
expect "f opens the fork editor on the selected key" 'fork doc = '
send Escape
expect_gone "Esc closes it" 'fork doc = '
send g
expect "g switches to the calculator agent" 'graph: calculator_agent'
send n
expect "parse_question routes by the router 'tool'" 'router tool = "kv"'
send n n
expect "the KV tool answered" 'next: END|done'
resize 200 60
expect "200x60 shows the state tree and the checkpoints" 'checkpoints \([0-9]+, 1 branch\)'
send q
expect "quit" 'exited 0'

# `rampup agent` (headless)
cli_case() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }
out=$("$E2E_BIN" agent run calculator_agent --question "How much KV cache does Llama-3.1-70B need at 32k tokens?" --json 2>&1)
# 327,680 bytes per token x 32,768 tokens = 10,737,418,240 bytes (kv_cache_notes.md, derived)
cli_case "cli: KV answer for Llama-3.1-70B at 32k" 'echo "$out" | grep -q "\"kv_bytes\":[[:space:]]*10737418240"'
"$E2E_BIN" agent validate tests/fixtures/agent/bad_type_error.yaml >/dev/null 2>/tmp/agent-e2e-$$.err
rc=$?
cli_case "cli: a malformed graph exits 1 with file:line:col" \
    '[ $rc -eq 1 ] && grep -q "bad_type_error.yaml:9:21:" /tmp/agent-e2e-$$.err'
rm -f /tmp/agent-e2e-$$.err
"$E2E_BIN" agent frobnicate >/dev/null 2>&1
cli_case "cli: an unknown subcommand is a usage error" '[ $? -eq 2 ]'
out=$("$E2E_BIN" agent eval content/evals/tool_calls.yaml --json 2>&1)
cli_case "cli: eval reports accuracy over >= 30 questions" \
    'echo "$out" | grep -q "\"accuracy\"" && [ "$(echo "$out" | grep -o "\"items\":[[:space:]]*[0-9]*" | grep -o "[0-9]*$")" -ge 30 ]'
t1=$(mktemp) t2=$(mktemp)
"$E2E_BIN" agent run research --input notes/rag.md --trace "$t1" >/dev/null 2>&1
"$E2E_BIN" agent run research --input notes/rag.md --trace "$t2" >/dev/null 2>&1
cli_case "cli: two runs write identical traces" 'cmp -s "$t1" "$t2" && [ -s "$t1" ]'
rm -f "$t1" "$t2"
# At the minimum size the side column's legend and key hint are shortened, not cut.
start_app 60x16 --pane agents
expect "60x16: the state legend is shortened, not cut" 'state \((\* = just changed|\*: changed)\) *$'
expect "60x16: the footer shows the main keys, whole" 'n step  b back  r run( [a-z ]+[a-z])? +\? help  q quit *$'
send n
expect "60x16: a step shows in the timeline and the message" 'ran [a-z_]+'
expect "60x16: the checkpoint timeline has the new step" 'b0  ○─●'
send q
expect "quit (60x16)" 'exited 0'
err=$("$E2E_BIN" agent run research --input 2>&1); rc=$?
cli_case "cli: a missing value is said, not 'unknown option', exit 2" '[ $rc -eq 2 ] && echo "$err" | grep -q "\-\-input needs a value"'
err=$("$E2E_BIN" agent run research --max-steps 0 2>&1); rc=$?
cli_case "cli: --max-steps from the table, range named" '[ $rc -eq 2 ] && echo "$err" | grep -q "max-steps: expected an integer in 1..100000"'
finish
