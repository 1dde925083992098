#!/usr/bin/env bash
# What a first-time user hit (issue 10): the RAG search box must not trap the keyboard, snippets
# read as text, a stop-word query says so; more cases follow per pane.
. "$(dirname "$0")/lib.sh"

# ---- RAG: focus model ----
start_app 100x30 --pane rag
expect "rag: the pane opens on an empty search box" 'search:'
send -l 'kv cache'
expect "rag: a letter on an empty pane starts typing" 'search: kv cache'
expect "rag: while typing, the status line says so" 'typing . Esc to leave +\? help'
send Escape
expect_gone "rag: Esc leaves the box" 'typing . Esc to leave'
send 6
expect "rag: off the box, 6 jumps to pane 6" 'graph:|Agents.*(run|graph)'
expect_not "rag: and 6 was not typed" 'search: kv cache6'
send 5
expect "rag: back on RAG the query is kept" 'search: kv cache'
send /
expect "rag: / focuses the box" 'typing . Esc to leave'
send -l 'q?'
expect "rag: in the box q and ? are typed" 'search: kv cacheq\?'
send Tab
expect "rag: Tab still switches panes while typing" 'graph:|next: '
send BTab
expect "rag: back on RAG (Shift-Tab), still typing" 'typing . Esc to leave'
send BSpace BSpace Enter
expect "rag: Enter moves to the results; the footer shows the pane's keys" '/ search  Enter open  m method'
send q
expect "rag: q quits from the results" 'exited 0'
start_app 100x30 --pane rag
expect "rag: after a restart the last query is shown" 'search: kv cache'
expect "rag: ... and the box is not focused" '/ search  Enter open'
expect_not "rag: ... not typing" 'typing . Esc'
send -l 'q'
expect "rag: so q quits at once" 'exited 0'

# ---- RAG: snippets as text, Sources left out, stop words ----
start_app 120x40 --pane rag
expect "rag: the pane opens (120x40)" 'search: kv cache'
send / C-u
send -l 'chinchilla optimal tokens'
expect "rag: results for a Chinchilla query" '1 .*scaling_laws\.md'
expect_not "rag: no Markdown heading marks in snippets" '##'
expect_not "rag: no emphasis markers in snippets" '\*\*'
expect_not "rag: Sources sections are not indexed" 'Sources'
send C-u
send -l 'the of is'
expect "rag: a stop-word query says so" 'only stop words'
send C-u
send -l 'cache cache'
expect "rag: a repeated term scores" '1 .*\.md'
expect "rag: ... and appears once in explain, with its count" 'cach .*\((×|x)2\)'
send Escape
expect "rag: out of the box, result 1 explained" '#1 [a-z_]+\.md'
wheel down 20 10
expect "rag: the wheel over the results selects the next one" '#2 [a-z_]+\.md'
send q
expect "rag: quit" 'exited 0'

# ---- Notes: reading progress counts what stayed on screen, never a jump ----
start_app 200x60 --pane notes
expect "notes: a note opens at 200x60" 'read 0%'
send Enter
send t End Enter
expect "notes: the contents jump to the last heading" '100%'
expect "notes: a jump reads nothing" 'read 0%'
send G
sleep $(( ${NOTES_READ_SECONDS_INT:-3} + 1 ))
send ']'
expect "notes: lines on screen for a few seconds count as read" 'read [1-9][0-9]?%'
expect_not "notes: ... but not the whole note" 'read 100%'
send q
expect "notes: quit" 'exited 0'
start_app 200x60 --pane notes
expect "notes: what was read comes back after a restart" 'read [1-9][0-9]?%'
send q
expect "notes: quit again" 'exited 0'

# ---- Agents: long values readable, router wrapped, fork and inputs ----
start_app 120x40 --pane agents
expect "agents: the research graph" 'next: load'
send r n
expect "agents: the router's decision is shown" 'not taken (true|false) . (retrieve|generate_questions)'
if screen | grep -A1 'router len' | grep -qE '= (true|false)|^ .* (true|false) *$'; then
    pass "agents: at 120 columns the router line wraps, its result is not cut"
else
    fail "agents: at 120 columns the router line wraps, its result is not cut"; screen
fi
expect "agents: ... and the inputs are shown" ' inputs \{"insights"'
send r r r
expect "agents: the run ends" 'done'
send k k k k k k k k k k k k k k k k
send j j j j j j j j j j j j
send Enter
expect "agents: Enter on report opens its whole value" 'state: report'
expect "agents: ... rendered as Markdown" 'Research report: Agent systems'
send PageDown
expect_gone "agents: ... and it scrolls (the title scrolls away)" 'Research report: Agent systems'
send Escape
expect_gone "agents: Esc closes the value" 'state: report'
send R
send ']' ']' ']'
expect "agents: critique is selected" 'selected critique'
send x
expect "agents: x clears its default breakpoint" 'breakpoint before critique cleared'
send i
expect "agents: i moves to the next input" 'input: .*\.md'
send r
expect "agents: i kept the breakpoints: the run goes past critique" 'ran [0-9]+ steps: done'
send g
expect "agents: the calculator agent" 'graph: calculator_agent'
send f C-u
send -l 'How much KV cache does Llama-3.1-8B need at 8k tokens?'
send Enter
expect "agents: fork edits the question" 'forked branch 1 with question edited'
expect "agents: ... and the header shows the new question" 'calculator_agent . How much KV cache does Llama-3.1-8B'
send q
expect "agents: quit" 'exited 0'

# ---- App: messages, footers, help, Home/End, the mouse wheel ----
start_app 100x30 --pane home
expect "app: Home opens with its footer" 'select  Enter open'
expect "app: Home's key list comes from the real keys: / only where it works" '/ +search in the pane \(in [A-Za-z, ]*Notes'
expect_not "app: Home no longer claims hjkl move everywhere" 'arrows, hjkl'
send 3
expect "app: Scaling" 'frontier: N_opt'
send /
expect "app: / on Scaling says there is no search" 'the Scaling pane has no search'
send j
expect_gone "app: the message clears on the next key" 'has no search'
send /
expect "app: the message again" 'has no search'
expect_gone "app: ... and clears by itself after a few seconds" 'has no search' 10
send 2
expect "app: Notes shows its footer" 'Enter open  . list  t contents'
send '?'
expect "app: help on Notes lists /" '│ +/ +search in the pane'
send Escape 6
expect "app: Agents shows its footer" 'n step  b back  r run'
send '?'
expect "app: help is open" 'Everywhere'
expect_not "app: help on Agents does not list /, which does nothing there" '│ +/ +search in the pane'
send Escape q
expect "app: quit" 'exited 0'
E2E_TERM=xterm-256color start_app 100x30 --pane notes
expect "app (xterm-256color): Notes" 'Notes \('
send Enter
send End
expect "app (xterm-256color): End goes to the end of the note" ' 100%'
expect_not "app (xterm-256color): ... instead of Esc then 4 (the KV pane)" 'KV cache: how much memory.*(batch|seq)'
send Home
expect "app (xterm-256color): Home goes back to the top" 'read [0-9]+% +[0-9]%'
send q
expect "app: quit (xterm)" 'exited 0'
start_app 100x30 --pane notes
expect "app: Notes for the wheel" 'Notes \('
send Home
send Enter
expect "app: the first note is open" 'Agent systems: state graphs.* read [0-9]+% +[0-9]+%'
pos() { screen | grep -oE 'read [0-9]+% +[0-9]+%' | grep -oE '[0-9]+%$' | tr -d %; }
before=$(pos)
for _ in 1 2 3 4 5 6; do wheel down 60 12; done
wait_for 'read [0-9]+% +[0-9]+%' 2
sleep 0.3
after=$(pos)
if [ -n "$before" ] && [ -n "$after" ] && [ "$after" -gt "$before" ]; then
    pass "app: the wheel scrolls the note ($before% -> $after%)"
else
    fail "app: the wheel scrolls the note ($before% -> $after%)"
fi
wheel down 5 5
expect "app: the wheel over the list moves to another note" 'KV cache: how much memory attention'
send q
expect "app: quit (wheel)" 'exited 0'

# ---- KV pane: context window, typed values, links, config.json, the plot ----
start_app 120x40 --pane kv
expect "kv: the pane opens" 'KV/token'
expect "kv: the footer names the main keys" '↑↓ select  ←→ change  = type value  m model  w why'
send : ; send -l 'pane kv llama-2-7b seq=32k' ; send Enter
expect "kv: Llama-2-7B's 4k context window is shown" 'context window 4k tok; memory allows'
expect "kv: 32k tokens are flagged beyond it" 'seq 32k is BEYOND the 4k-token context window'
expect "kv: max seq is the smaller bound" 'max seq 4k tok'
send : ; send -l 'pane kv llama-3.1-70b tp=4' ; send Enter
expect "kv: a link's tp raises the GPUs like the slider" 'tp 4 x 1 replica'
expect_not "kv: ... instead of refusing" 'must be a multiple of tp'
send j
send =
expect "kv: = opens an editor on the batch slider" 'now 1 seq; e.g. 100, 100000, 32k'
send -l 100
send Enter
expect "kv: the typed batch is set, not a power of two" ' 100 seq'
send j =
send -l 100000
send Enter
expect "kv: 100000 tokens typed" '100000 tok'
send =
send -l 32q
send Enter
expect "kv: a bad value says why and keeps the editor open" 'seq.*expected|expected.*seq'
send Escape
expect "kv: the plot has the usable-memory line" 'memory left for KV'
click 30 3
expect "kv: a click on the batch track sets it" 'batch +[─●]+ +[0-9]{3,} seq'
send : ; send -l 'config tests/fixtures/kv/mistral.json' ; send Enter
expect "kv: :config loads a config.json" 'model +.*mistral\.json|mistral\.json'
send : ; send -l 'config' ; send Enter
expect "kv: :config alone offers the folder's .json files (none at the repo root)" 'no \.json files here'
send q
expect "kv: quit" 'exited 0'
start_app 80x24 --pane kv
expect "kv 80x24: figures instead of a three-row plot" 'KV bytes at \(batch'
expect_not "kv 80x24: no tiny plot" 'tokens per sequence'
send q
expect "kv 80x24: quit" 'exited 0'

# ---- Scaling pane: extrapolation, legends, footer ----
start_app 80x24 --pane scaling
expect "scaling 80x24: the footer" '↑↓ select  ←→ change  \[ \] law  w why'
expect "scaling 80x24: the isoFLOP legend names all five budgets" '5\.76e25'
expect "scaling 80x24: the frontier legend names all six laws" 'epoch  . kaplan'
send : ; send -l 'pane scaling compute=1e28' ; send Enter
expect "scaling: a huge budget is marked far outside the fitted range" 'far outside the fit'
send : ; send -l 'pane scaling compute=1e21' ; send Enter
expect_gone "scaling: inside the fitted runs, no mark" 'outside the fit'
send q
expect "scaling: quit" 'exited 0'
E2E_ENV="NO_COLOR=1" start_app 120x40 --pane scaling
expect "scaling (NO_COLOR): the pane opens" 'frontier: N_opt'
legend=$(screen | grep -oE '. ch1  . ch2  . ch3  . ch3r  . epoch  . kaplan' | head -1)
glyphs=$(printf '%s' "$legend" | grep -oE '(█|▓|▒|░|▚|▞|▙|▟|#|=|\+|\.|%|@|x|o) (ch1|ch2|ch3|ch3r|epoch|kaplan)' | cut -c1-3 | sort -u | wc -l)
if [ "$glyphs" -eq 6 ]; then pass "scaling (NO_COLOR): six laws, six distinct legend glyphs"
else fail "scaling (NO_COLOR): six laws, six distinct legend glyphs (got $glyphs in '$legend')"; fi
send q
expect "scaling (NO_COLOR): quit" 'exited 0'

# ---- CLI: notes by prefix, rag-eval's default split, kv context window ----
check() { # NAME PATTERN COMMAND...: passes when the command's output matches
    local name=$1 pat=$2; shift 2
    local out; out=$("$@" 2>&1)
    if grep -qE -- "$pat" <<<"$out"; then pass "$name"; else fail "$name (/$pat/ not in: ${out:0:300})"; fi
}
check "cli: notes show kv takes a unique prefix" '^KV cache: how much memory' "$E2E_BIN" notes show kv
amb=$(mktemp -d)
printf '# KV one\n' >"$amb/kv_one.md"; printf '# KV two\n' >"$amb/kv_two.md"
check "cli: an ambiguous prefix lists the candidates" 'kv_two\.md +KV two' env RAMPUP_NOTES_DIR="$amb" "$E2E_BIN" notes show kv
rm -rf "$amb"
if [ -d ../shared/data/scifact ]; then
    check "cli: rag-eval defaults to a split that exists" 'on .*scifact \(train\)' "$E2E_BIN" rag-eval --beir ../shared/data/scifact --method bm25
    check "cli: a missing split names the available ones" 'no such split \(available: train\)' "$E2E_BIN" rag-eval --beir ../shared/data/scifact --split test
fi
check "cli: the calculator agent times a training run on named GPUs" 'takes 90\.0 days' \
    "$E2E_BIN" agent run calculator_agent --question "How long does training a 70B model on 15T tokens take on 2048 H100 at 40% MFU?"
check "cli: ... and answers on the GPUs the question names" 'does not fit 2 x H100 SXM 80GB \(tp 2\)' \
    "$E2E_BIN" agent run calculator_agent --question "Does Llama-3.1-70B fit on 2 H100s at 128k"
check "cli: agent eval scores the new phrasings" 'questions: accuracy (0\.9[5-9][0-9]|1\.000)' \
    "$E2E_BIN" agent eval content/evals/tool_calls.yaml
check "cli: kv shows the context window" 'context window +4096 tokens \(max_position_embeddings\): seq is BEYOND it' \
    "$E2E_BIN" kv --model llama-2-7b --seq 32768
check "cli: kv --json has both bounds" '"beyond_context":[[:space:]]*true' "$E2E_BIN" kv --model llama-2-7b --seq 32768 --json
check "cli: a config with 9 KV heads for 32 is an error naming the field" 'bad_gqa_groups\.json:6.*num_key_value_heads' \
    "$E2E_BIN" kv --config tests/fixtures/kv/bad_gqa_groups.json
check "cli: scaling marks a budget outside the fitted range" 'kaplan .*!! extrapolating far outside the fitted range' \
    "$E2E_BIN" scaling --compute 1e10
check "cli: scaling --json says so per law" '"far_outside_fit":[[:space:]]*true' "$E2E_BIN" scaling --compute 1e10 --json
check "cli: scaling --help states the fitted ranges" '70M-16B parameters' "$E2E_BIN" scaling --help
finish
