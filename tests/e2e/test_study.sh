#!/usr/bin/env bash
# The Study pane: a review session (reveal, grade with each button's interval, summary,
# forecast), the schedule surviving a kill in the middle of a review, the next day's due
# cards, a quiz with a link back to its section, and search-everywhere jumps from Home.
. "$(dirname "$0")/lib.sh"

# The app's content with a small, fixed deck (tests/fixtures/cards/cards.yaml).
C=$(mktemp -d)
cp -R content/. "$C/"
cp tests/fixtures/cards/cards.yaml "$C/cards.yaml"
STATE=$E2E_HOME/state/rampup/study/state.json
cli_reviewed() { # cards the schedule file holds, read by `rampup study`
    XDG_STATE_HOME=$E2E_HOME/state RAMPUP_TODAY= "$E2E_BIN" study --cards "$C/cards.yaml" \
        --today 2026-01-05 --json 2>/dev/null | sed -n 's/.*"reviewed":[^0-9]*\([0-9]*\).*/\1/p'
}

E2E_ENV="RAMPUP_TODAY=2026-01-05" start_app 80x24 --content "$C" --pane study
expect "the due cards are counted" 'Due today: 0 reviews \+ 5 new'
expect "the first card's question shows" 'Which head count sets the size of the KV cache'
expect_not "the answer is hidden" 'KV heads. Each layer'
expect "the footer names the keys" 'Space answer  o note  z quiz'
send Space
expect "Space reveals the answer" 'KV heads. Each layer stores'
expect "each button shows its next interval" '1 again 1d +2 hard 2d +3 good 3d +4 easy 8d'
send 3
expect "grading moves to the next card" 'What bounds the KV cache of a sliding-window layer'
expect "the session counts it" 'Session: 1 done'
expect "the forecast shows it due in 3 days" 'Next 7 days: +Tue 0 +Wed 0 +Thu 1'
if grep -q '"kv-001"' "$STATE" 2>/dev/null; then pass "the grade is saved at once"; else fail "the grade is saved at once"; fi

# Killed in the middle of a review (answer shown, not graded): the file stays whole.
send Space
expect "second answer shown" 'The window W'
kill -KILL "$(app_pid)"
wait_for 'exited' 5
if [ "$(cli_reviewed)" = 1 ]; then pass "after a kill the schedule reads back (1 card)"; else fail "after a kill the schedule reads back (got '$(cli_reviewed)')"; fi
if ls "$(dirname "$STATE")" | grep -q tmp; then fail "no temp file left behind"; else pass "no temp file left behind"; fi

E2E_ENV="RAMPUP_TODAY=2026-01-05" start_app 80x24 --content "$C" --pane study
expect "a restart resumes at the ungraded card" 'What bounds the KV cache of a sliding-window layer'
expect "one new card fewer" 'Due today: 0 reviews \+ 4 new'
send Space; send 1
expect "again reschedules for tomorrow" 'kv-002: again, next review in 1d'
for i in 1 2 3; do send Space; wait_for '1 again' 2; send 4; sleep 0.2; done
expect "the session summary" 'Session complete: nothing more is due today'
expect "the summary counts the grades" 'again 1, hard 0, good 0, easy 3'
expect "the recall rate" 'Recalled 3 of 4 \(75%\)'
expect "tomorrow's load" 'Tomorrow: 1 review due'
expect "the forecast counts tomorrow" 'Next 7 days: +Tue 1'

E2E_ENV="RAMPUP_TODAY=2026-01-06" start_app 80x24 --content "$C" --pane study
expect "the next day the lapsed card is due" 'Due today: 1 review \+ 0 new'
expect "as a review" 'kv-002 +review 2, due 0 days ago'
expect "the desired retention shows" 'Retention 0.90'
send ':'; send -l 'pane study retention=0.8'; send Enter
expect ":pane study retention=… sets it" 'Retention 0.80'
send ':'; send -l 'pane study retention=2'; send Enter
expect "an out-of-range setting is refused" 'retention: expected a number in 0.7..0.99'
send q
wait_for 'exited' 5
E2E_ENV="RAMPUP_TODAY=2026-01-06" start_app 80x24 --content "$C" --pane study
expect "the setting is kept across a restart" 'Retention 0.80'

# Quiz: z picks a note; questions from the research agent and the note's cards; scored.
send z
expect "z lists the notes" 'Quiz: pick a note'
send ':'; send -l 'pane study quiz rag.md'; send Enter
expect "a quiz on rag.md" 'Quiz: rag.md +1 of [0-9]+ +Score: 0 / 0'
expect "a cloze question" 'cloze question, from'
send Space
expect "Space shows the answer" 'Answer: '
send y
expect "y scores it" 'Quiz: rag.md +2 of [0-9]+ +Score: 1 / 1'
send Space; send n
expect "n scores a miss" 'Score: 1 / 2'
send o
expect "o opens the question's section in Notes" 'Retrieval-augmented generation \(RAG\) ›'
send ':'; send -l 'pane study quiz rag.md'; send Enter
wait_for 'Quiz: rag.md +1 of'
n=$(screen | sed -n 's/.*Quiz: rag.md *1 of \([0-9]*\).*/\1/p' | head -n 1)
for i in $(seq "${n:-0}"); do send Space n; done
expect "the quiz ends with its score" "Quiz done: 0 of ${n:-?} right \(0%\)"
expect "and the sections to reread" 'To reread:'
send Escape
expect "the list shows the last score" "0/${n:-?} +rag.md"

# Search everywhere from Home: a note section, a card, a pane.
send 1
wait_for 'Topics'
send /; send -l 'reciprocal rank'; send Enter
expect "/ on Home lists hits of every kind" 'note +rag.md > Reciprocal rank fusion'
send Enter
expect "Enter jumps to the section" '▸ Reciprocal rank fusion'
send ':'; send -l 'find k1 parameter control'; send Enter
expect ":find jumps to a card in the Study pane" "rag-001 .*|What does BM25's k1 parameter control"
send ':'; send -l 'find kv'; send Enter
expect ":find kv opens the KV pane" 'KV/token'
send q
expect "quits cleanly" 'exited 0'
rm -rf "$C"
finish
