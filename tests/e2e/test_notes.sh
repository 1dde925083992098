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
# Wide screens: the text keeps a readable measure and the outline fills the right (its divider
# sits before column 150, so a text line is at most ~110 columns); the list
# shows "Retrieval-augmented generation" without a cut "(".
start_app 200x60 --pane notes
expect "200x60: the outline is shown beside a ~110-column text" '^.{130,150}│ Outline +t jumps'
expect "200x60: the current section is marked in the outline" '→ +[A-Z]'
expect "200x60: long titles drop their parenthesis" 'Retrieval-augmented generation +│'
send q
expect "quit (200x60)" 'exited 0'
# A "Try it" link: o opens the KV pane on the link's model and settings.
start_app 100x30 --pane notes
send ':' ; send -l 'pane notes kv_cache_notes.md#Why the naive formula is wrong' ; send Enter
expect "a heading link opens the note there" 'Why the naive formula'
send o
expect "o follows the pane link into the KV pane" 'Llama-3.1-70B'
expect "with the link's sequence length" '32768 tok|32\.8k tok'
send q
expect "quit" 'exited 0'

# f selects links one by one (the status bar names the target); Enter opens the selected one.
start_app 100x30 --pane notes
send ':' ; send -l 'pane notes kv_cache_notes.md' ; send Enter
wait_for 'KV cache: how much'
send f
expect "f selects the first link" 'link 1/[0-9]+: pane:kv llama-3.1-70b'
send f
expect "f again selects the next one" 'link 2/[0-9]+: pane:kv gemma-3-27b'
send F
expect "F goes back" 'link 1/[0-9]+: pane:kv llama-3.1-70b'
send f Enter
expect "Enter opens the selected link" 'Gemma-3-27B'
send q
finish
