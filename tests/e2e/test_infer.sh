#!/usr/bin/env bash
# The Inference pane: each view (batch timeline, block grid with block tables and shared
# blocks, roofline, latency against load with a sweep that shows progress and cancels, spec
# decoding), the why overlay, :pane links, saved settings, three sizes, the C locale; then
# `rampup infer` headless.
. "$(dirname "$0")/lib.sh"

start_app 80x24 --pane infer
expect "opens on OPT-13B on an A100-40GB" 'OPT-13B.*Batch timeline'
expect "the batch timeline first" 'Batch timeline'
expect "prefill and decode are told apart" '▓ prefill █▒ decode'
expect "slots hold requests" 's0 +[▓█▒]'
expect "paged KV keeps almost every reserved slot busy" 'KV util 9[0-9]\.[0-9]%'
expect "footer keys" 'v view +S sweep'
send j j j j j j
send h h h
expect "KV alloc back to max" 'KV alloc +◀ max ▶'
# vLLM §1 / Fig. 2 report 20.4-38.2% for reservation; this simulator gives its own figure
expect "max reservation: a quarter of the memory holds tokens" 'KV util 2[0-9]\.[0-9]%'
expect "most of the waste never gets used" 'int [4-7][0-9]\.[0-9]'
send v
expect "v: the block grid of contiguous reservations" 'KV memory: contiguous reservations'
expect "reserved and never-used slots are drawn" '× unused'
expect "one char stands for token slots" 'char = [0-9]+ slots'
send l l l
expect "paged again" 'KV alloc +◀ paged ▶'
expect "the paged pool by sequence" 'KV blocks: the paged pool by sequence'
expect "block tables of running sequences" 'req [0-9]+ +[0-9]+ tok: [0-9]+ [0-9]+'
send j j j
send L
expect "prefix share 50%" 'prefix .* 50%'
expect "shared prefix blocks marked in the block tables" 'tok: [0-9]+\* [0-9]+\*'
send v
expect "v: the roofline" 'Roofline: FLOP/s vs FLOP/byte, ridge 201'
expect "this run's batch is marked" '●.?batch [0-9]+'
expect "and the prefill" 'prefill'
send v
expect "v: latency against load" 'Latency vs load'
expect "before a sweep it says how to run one" 'S runs the sweep'
send S
expect "S starts the sweep with progress" 'running: [0-9]+ of 48 simulations'
send Escape
expect "Esc cancels it" 'cancelled at [0-9]+ of 48'
send S
send w
expect "an overlay over a running sweep" 'why: inference'
send Escape
send BTab
send Tab
expect "back from another pane" 'Latency vs load'
expect "a full sweep gives each policy's highest rate" 'max rate under 0\.2 s/tok: max [0-9.]+ pow2' 60
expect "paged sustains more than max" 'infer: sweep done: paged sustains [2-9]\.[0-9]+x the rate of max'
send v
expect "v: speculative decoding" 'Speculative decoding: alpha 0\.80'
# Leviathan et al. eq. 1: (1 - 0.8^5) / 0.2 = 3.3616
expect "eq. 1 at alpha 0.8, gamma 4" 'gamma 4: 3\.362 tok/step'
expect "Monte-Carlo beside it" 'MC 3\.3[0-9]+'
send w
expect "w opens the why overlay" 'why: inference, with your numbers'
expect "with the numbers substituted" 'ridge = peak / bandwidth = 3\.12e\+14 / 1\.555e\+12'
send Escape
expect_gone "Esc closes it" 'why: inference'
send : ; send -l 'pane infer alloc=pow2 view=blocks' ; send Enter
expect ":pane sets the policy" 'KV alloc +◀ pow2 ▶'
expect ":pane picks the view" 'KV memory: contiguous reservations'
send : ; send -l 'pane infer alloc=best' ; send Enter
expect "a bad word changes nothing and says so" 'nothing changed'
expect "pow2 is still there" 'KV alloc +◀ pow2 ▶'
send : ; send -l 'pane infer llama-3.1-405b' ; send Enter
expect "a model too big for the GPU says why" 'llama-3\.1-405b does not fit on a100-sxm-40gb'
expect "and what to change" 'no run with these settings'
send : ; send -l 'pane infer opt-13b' ; send Enter
expect "back to a model that fits" 'KV util [0-9.]+%'
send : ; send -l 'pane infer defaults alloc=max view=timeline' ; send Enter
expect "defaults in a link: max on the default GPU" 'KV alloc +◀ max ▶'
send : ; send -l 'pane infer defaults alloc=pow2 view=blocks' ; send Enter
expect "and pow2 again" 'KV alloc +◀ pow2 ▶'
send g
expect "g opens the GPU picker" 'GPU preset'
send -l h100
send Enter
expect "H100 picked" 'GPU +◀ H100 SXM 80GB ▶'
expect_not "no NaN anywhere" 'nan|inf '
send q
expect "quit" 'exited 0'
KEEP_STATE=1
start_app 120x40 --pane infer
expect "settings come back after a restart" 'KV alloc +◀ pow2 ▶'
expect "and the GPU" 'H100 SXM 80GB'
expect "and the view" 'KV memory: contiguous reservations'
send q
BASE_HOME=$E2E_HOME
E2E_HOME=$BASE_HOME/fresh   # a new state folder: the defaults again
mkdir -p "$E2E_HOME"
start_app 200x60 --pane infer
expect "200x60: two views, the timeline" 'Batch timeline'
expect "200x60: and the block grid below it" 'KV blocks: the paged pool'
expect "200x60: the whole footer" 'n seed +w why +r reset'
send q
E2E_HOME=$BASE_HOME/fresh-c
mkdir -p "$E2E_HOME"
E2E_ENV="LC_ALL=C" start_app 80x24 --pane infer
expect "C locale: ASCII timeline" 'P prefill #\+ decode'
expect_not "C locale: nothing undecodable" '\?\?'
send q

# `rampup infer` (headless)
cli_case() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }
out=$("$E2E_BIN" infer spec --alpha 0.8 --gamma 4 --c 0.05 --json)
cli_case "cli spec: expected_tokens 3.3616" 'echo "$out" | grep -qE "\"expected_tokens\":[[:space:]]*3\.3616,"'
for k in speedup best_gamma monte_carlo; do
    cli_case "cli spec: JSON has $k" 'echo "$out" | grep -q "\"$k\":"'
done
out=$("$E2E_BIN" infer simulate --model opt-13b --gpu a100-sxm-40gb --alloc max --rate 0.5 \
      --requests 300 --seed 3 --json)
for k in throughput kv_utilization waste ttft tpot preemptions; do
    cli_case "cli simulate: JSON has $k" 'echo "$out" | grep -q "\"$k\":"'
done
again=$("$E2E_BIN" infer simulate --model opt-13b --gpu a100-sxm-40gb --alloc max --rate 0.5 \
        --requests 300 --seed 3 --json)
cli_case "cli simulate: same seed, same run" '[ "$out" = "$again" ]'
out=$("$E2E_BIN" infer sweep --requests 200 --points 6 --json)
n=$(echo "$out" | grep -c '"max_rate":')
cli_case "cli sweep: a max_rate for each of the 4 policies" '[ "$n" -eq 4 ]'
cli_case "cli sweep: with the curve behind it" 'echo "$out" | grep -q "\"normalized_latency\":"'
"$E2E_BIN" infer simulate --alloc best >/dev/null 2>&1
cli_case "cli: a bad policy is a usage error (2)" '[ $? -eq 2 ]'
E2E_HOME=$BASE_HOME
printf '0,100,50\n0.5,1x0,20\n' >"$E2E_HOME/trace.csv"
err=$("$E2E_BIN" infer simulate --trace "$E2E_HOME/trace.csv" 2>&1 >/dev/null); rc=$?
cli_case "cli: a bad trace fails with file:line:col (1)" '[ $rc -eq 1 ] && echo "$err" | grep -q "trace.csv:2:5: expected a number"'
out=$("$E2E_BIN" infer simulate --trace content/infer/burst.csv --alloc max --json)
cli_case "cli: the example trace runs to the end (44 of 44)" 'echo "$out" | grep -qE "\"finished\":[[:space:]]*44,"'
out=$("$E2E_BIN" infer blocks --prompt 161 --output 338 --samples 4 --json)
cli_case "cli blocks: 4 samples share 10 prompt blocks" 'echo "$out" | grep -qE "\"shared_blocks\":[[:space:]]*10,"'
err=$("$E2E_BIN" infer simulate --model "$(printf 'x\033[2J')" 2>&1)
cli_case "cli: an escape sequence in a name is shown, not sent" '! printf "%s" "$err" | grep -q "$(printf "\033")"'
finish
