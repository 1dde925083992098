#!/usr/bin/env bash
# The Notes pane: open a note, scroll, table of contents, search with highlights, position kept.
. "$(dirname "$0")/lib.sh"

start_app 80x24 --pane notes
expect "notes list shows the notes" 'KV cache|kv_cache'
send Down
send Enter
expect "a note opens with its title and position" '[0-9]+%'
send ':' ; send -l 'pane notes kv_cache_notes.md' ; send Enter
expect ":pane notes NAME opens that note" 'KV cache: how much'
send t
expect "t opens the table of contents" 'Contents'
send Down Down Enter
expect_gone "Enter in the contents jumps and closes it" 'Contents'
send '/' ; send -l 'cache' ; send Enter
expect "search counts its matches" 'match [0-9]+/[0-9]+'
send n
expect "n moves to the next match" 'match [0-9]+/[0-9]+'
send G
expect "G goes to the end of the note" '100%'
send q
expect "quit" 'exited 0'
start_app 80x24 --pane notes
expect "the note and its position come back (near the end)" 'KV cache: how much.* (9[0-9]|100)%'
send q
finish
