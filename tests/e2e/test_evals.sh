#!/usr/bin/env bash
# The Evals pane: Wilson interval and sample size for the defaults, a slider that moves them,
# accuracy 1 (the interval keeps a width), pass@k with n - c < k, the cards with computed
# intervals, the live evals with progress while keys still work, the why overlay, :pane
# checks, three sizes; then `rampup evals` and `rampup rag-eval --compare` headless.
. "$(dirname "$0")/lib.sh"

start_app 80x24 --pane evals
# 500 of 1000, 95 %: Wilson [46.9, 53.1]; +-2 points at 50 % needs ceil(1.96^2 .25 / .0004) = 2401
expect "Wilson interval of 50 % on 1000 items" 'Wilson \[46\.9, 53\.1\] %'
expect "sample size for +-2 points" 'needs 2401 items'
expect "50 vs 53 % on 1000 items is not significant" 'not significant'
expect "the footer names the keys" 'v next view .* r run live evals'
send l
expect "l on n: 1250 items" 'Accuracy A on 1250 items'
send j End
expect "End on accuracy A: 100 %" 'A-B \+47\.0'
# 1250 of 1250: Wilson keeps a width (Wald collapses to [100, 100])
expect "accuracy 1: Wilson [99.7, 100.0]" 'Wilson \[99\.7, 100\.0\] %'
expect "Wald collapses to a point" 'Wald +\[100\.0, 100\.0\] %'
expect "and the difference is significant" '  significant \(unpaired'
send ':' ; send -l 'pane evals view=passk n=10 c=8 k=3' ; send Enter
expect ":pane opens the pass@k view" 'Unbiased pass@k'
expect "n - c < k gives exactly 1" 'pass@3 = 1\.0000'
send ':' ; send -l 'pane evals view=passk n=10 c=1 k=5' ; send Enter
expect "pass@5 with 1 of 10 = 0.5" 'pass@5 = 0\.5000'
send ':' ; send -l 'pane evals view=passk k=abc' ; send Enter
expect "a bad value is refused with its name and range" "k: expected an integer in 1\.\.1B, got 'abc'; nothing changed"
send ':' ; send -l 'pane evals view=passk n=10 c=11' ; send Enter
expect "c > n is refused" 'c and k must be at most n \(10\)'
send w
expect "w opens the why overlay" 'why: the formulas'
expect "with the pass@k formula" 'prod_\{i=n-c\+1\}'
send Escape
expect_gone "Esc closes it" 'why: the formulas'
send ':' ; send -l 'pane evals HumanEval' ; send Enter
expect "a card by name" 'HumanEval: Evaluating Large Language Models'
# 82 of 164: Wilson 95 % [42.4, 57.6]
expect "HumanEval's 164 problems carry +-7.6 points" '164 +\[42\.4, 57\.6\]'
expect "pitfalls are listed" 'pitfalls'
send j
expect "j selects the next card" 'HELM: Holistic Evaluation'
send r
expect "r runs the live evals with progress" 'running +[0-9]+ %|done'
send k
expect "keys still work while it runs" '> hybrid|> glove|> lsa'
expect "it finishes" 'done' 15
expect "BM25's nDCG@10 with its interval" 'bm25 +0\.[0-9]{3} +\[0\.[0-9]{3}, [01]\.[0-9]{3}\]'
expect "tool-call accuracy with a Wilson interval" 'tool calls: [0-9]+ / [0-9]+ = [0-9.]+ %  Wilson 95 % \['
expect "the weakest questions are listed" 'weakest questions'
expect_not "no NaN anywhere" 'nan|inf '
send q
expect "quit" 'exited 0'
start_app 120x40 --pane evals
send ':' ; send -l 'pane evals view=ci n=198 accuracy=0.5' ; send Enter
# GPQA diamond: 99 of 198 -> [43.1, 56.9]
expect "120x40: 198 items at 50 %" 'Wilson \[43\.1, 56\.9\] %'
expect "120x40: the half-width curve" 'items n'
send ':' ; send -l 'pane evals only_a=10 only_b=2' ; send Enter
# 10 vs 2 discordant items: 2 (1 + 12 + 66) / 4096 = 0.0386
expect "120x40: McNemar on the discordant items" 'McNemar p 0\.039 \(chi2 0\.043\)'
send q
start_app 200x60 --pane evals
send ':' ; send -l 'pane evals view=cards' ; send Enter
expect "200x60: the cards" 'n and the 95 % interval at'
send q
expect "quit (200x60)" 'exited 0'

cli_case() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }
out=$("$E2E_BIN" evals ci --n 263 --accuracy 0.308 --json)
# Newcombe 1998: 81/263 -> 0.2553-0.3662
cli_case "cli: ci low/high (Newcombe 81/263)" \
    'echo "$out" | grep -qE "\"low\":[[:space:]]*0\.2552" && echo "$out" | grep -qE "\"high\":[[:space:]]*0\.3662"'
out=$("$E2E_BIN" evals passk --n 10 --c 1 --k 5 --json)
cli_case "cli: pass_at_k 0.5" 'echo "$out" | grep -qE "\"pass_at_k\":[[:space:]]*0\.5[,}]?$|\"pass_at_k\":[[:space:]]*0\.5$"'
out=$("$E2E_BIN" evals samples --margin 0.03 --json)
cli_case "cli: +-3 points needs 1068" 'echo "$out" | grep -qE "\"n\":[[:space:]]*1068,"'
out=$("$E2E_BIN" evals compare --n 100 --accuracy 0.8 --accuracy2 0.7 --only-a 10 --only-b 2 --json)
cli_case "cli: McNemar exact p 0.0386" 'echo "$out" | grep -qE "\"mcnemar_p_exact\":[[:space:]]*0\.0385742"'
"$E2E_BIN" evals passk --n 5 --c 6 --k 1 >/dev/null 2>&1
cli_case "cli: c > n fails (1)" '[ $? -eq 1 ]'
"$E2E_BIN" evals ci --n 0 --accuracy 0.5 >/dev/null 2>&1
cli_case "cli: n 0 is a usage error (2)" '[ $? -eq 2 ]'
out=$("$E2E_BIN" evals cards GPQA --json)
cli_case "cli: the GPQA card has 198 with its interval" 'echo "$out" | grep -qE "\"n\":[[:space:]]*198," && echo "$out" | grep -q "\"low\":"'
out=$("$E2E_BIN" evals run --json)
cli_case "cli: run gives nDCG@10 for bm25 and the tool-call accuracy" \
    'echo "$out" | grep -q "\"ndcg@10\":" && echo "$out" | grep -q "\"tool_calls\":"'
finish
