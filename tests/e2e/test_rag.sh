#!/usr/bin/env bash
# The RAG pane: results update as a query is typed, the query syntax filters, the side views
# switch, parameters change, and Enter opens the chunk in the Notes pane at its heading.
. "$(dirname "$0")/lib.sh"

start_app 100x30 --pane rag
expect "the pane opens on an empty search box" 'search:'
expect "the index of the notes is built when shown" '[0-9]+ chunks from [0-9]+ notes'
send -l 'paged'
expect "typing shows results at once" '1 .*\.md:[0-9]+'
expect "the explain view shows BM25 parts" 'score = .* idf'
send Escape
send v
expect "Esc then v switches to the pipeline view" 'stage timings'
send i
send -l ' attention'
expect "results follow the longer query" 'search: paged attention'
expect "the pipeline shows the stem of the new word" 'attention +score +attent'
send -l ' !vllm'
expect "a !word shows up as NOT in the pipeline" 'vllm +NOT'
send Escape
send v
expect "v again shows the chunks of the note" '[0-9]+ chunks \(cut at'
expect "the selected chunk is marked in the list" '→ L[0-9]+-[0-9]+ '
send v
expect "and the measured SciFact table" 'SciFact train'
send m
expect "m cycles the method" 'method bm25 '
send ']'
expect "] raises k1" 'k1 1\.00'
send '-'
expect "- lowers top-k" 'top-k 9'
send i
send C-u
send -l 'zzzzqqqq'
expect "a query with no match says so" 'no chunk matches'
send BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
expect_gone "backspace edits the query" 'zzzz'
send -l 'prefill decode'
expect "clearing and retyping searches again" 'llm_inference\.md'
send Enter
expect "Enter in the box moves to the results" '/ search  Enter open'
send Enter
expect "Enter on a result opens the chunk in the Notes pane" 'LLM inference: prefill, decode'
send q
expect "quit" 'exited 0'
# The settings come back under the table's names (engine/rag/rag_params.c)
KEEP_STATE=1 start_app 120x40 --pane rag
expect "restart: the method is kept" 'method bm25 '
expect "restart: k1 is kept" 'k1 1\.00'
expect "restart: top-k is kept" 'top-k 9'
send q
expect "quit after the restart" 'exited 0'
# At the minimum size: the hint wraps, the side view shows its name only, and the explain
# view keeps its score column.
start_app 60x16 --pane rag
expect "60x16: the pane opens" 'search:'
send / C-u
expect "60x16: the index hint wraps at a word" 'chunks from [0-9]+ notes are *│'
expect "60x16: the side view names the current view and the key" 'explain +1/4 +v next'
send -l 'paged'
expect "60x16: the result line starts with its score" '1 [0-9]\.[0-9]{3} [a-z_]+\.md'
expect "60x16: the explain total is visible" 'score = Σ +[0-9]+\.[0-9]{3}'
expect "60x16: a term row keeps its score" 'page +[0-9]\.[0-9]{2} +[0-9]+ +[0-9]+\.[0-9]{3}'
send Escape
send v v
expect "60x16: the chunks view scrolls to the selected chunk" '→ L[0-9]+-[0-9]+ '
send v
expect "60x16: the SciFact table keeps its nDCG column" '0\.69[0-9]  BM25 k1 \.9 b \.4'
send q
expect "quit (60x16)" 'exited 0'
# rampup rag parses through engine/rag/rag_params.c: names any case, --x=v, unknown options.
rc_case() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }
out=$("$E2E_BIN" rag "kv cache" --method=BM25 -k 2 2>&1); rc=$?
rc_case "cli: --method=BM25 and -k 2" '[ $rc -eq 0 ] && echo "$out" | grep -q "^2 results for .* (bm25)"'
err=$("$E2E_BIN" rag x --frobnicate 2>&1); rc=$?
rc_case "cli: an unknown option is named, exit 2" '[ $rc -eq 2 ] && echo "$err" | grep -q "unknown option --frobnicate" && echo "$err" | grep -q "try .rampup rag --help."'
err=$("$E2E_BIN" rag x --dense bm25 2>&1); rc=$?
rc_case "cli: the hybrid's dense half must be dense, exit 2" '[ $rc -eq 2 ] && echo "$err" | grep -q "dense: expected lsa or glove"'
err=$("$E2E_BIN" rag x --k 0 2>&1); rc=$?
rc_case "cli: k out of range names the range" '[ $rc -eq 2 ] && echo "$err" | grep -q "expected an integer in 1..1000"'
finish
