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
expect "v again shows the chunks of the note" 'chunks \(cut at headings'
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
expect "Enter opens the chunk in the Notes pane" 'LLM inference: prefill, decode'
send q
expect "quit" 'exited 0'
finish
