#!/usr/bin/env bash
# The KV pane: default preset figures, a slider that changes them, the model picker with a
# filter, editing a dimension (custom model) and resetting it, the why overlay, the breakdown
# and paged-block view at both sizes, the query kept on restart; then `rampup kv` headless.
. "$(dirname "$0")/lib.sh"

start_app 80x24 --pane kv
# Llama-3.1-8B: 32 layers x 8 KV heads x 128 x 2 x 2 B = 128 KiB/token
# (derived from meta-llama/Llama-3.1-8B config.json via mlc-llm model_preset.py @79d603f0);
# the seed formula uses hidden 4096 = 4x the KV width of GQA with 8 of 32 heads.
expect "opens on Llama-3.1-8B" 'Llama-3\.1-8B'
expect "128 KiB per token" 'KV/token 128 KiB'
expect "the naive formula beside this model's figure, 4x off" 'this model 512 MiB +naive 2\.00 GiB \(4\.00x\)'
expect "it fits one H100" 'fits'
send j j
send L
expect "L on seq len jumps to the 4M end" '4194304 tok'
expect "KV for 4M tokens" 'per seq 512 GiB'
expect "and it no longer fits" 'DOES NOT FIT'
send H
expect "H goes back" ' 4096 tok'
expect_gone "fits again" 'DOES NOT FIT'
send m
expect "m opens the model picker" 'model preset'
send -l 70b
expect "the filter keeps the 70B models" 'Llama-2-70B'
expect_not "and drops the rest" 'Gemma-2-9B'
send Enter
expect_gone "Enter picks" 'filter:'
# Llama-2-70B: 80 x 8 x 128 x 2 x 2 = 320 KiB/token; seed formula 8x
# (derived from meta-llama/Llama-2-70b-hf config.json via litgpt config.py @26857050)
expect "Llama-2-70B: 320 KiB per token" 'KV/token 320 KiB'
expect "seed formula 8x too big with 8 of 64 heads" '\(8\.00x\)'
send j j j
send l
expect "editing KV heads makes a custom model" 'custom \(from Llama-2-70B\)'
# KV heads step through the divisors of the 64 query heads: 8 -> 16, 16 x 40 KiB = 640 KiB
expect "the next divisor, 16 KV heads: 640 KiB per token" 'KV/token 640 KiB'
send l
expect "then 32 (never 17): 1.25 MiB per token" 'KV/token 1\.25 MiB'
send h h
send r
expect "r resets to the preset" 'KV/token 320 KiB'
expect_gone "no longer custom" 'custom \(from'
send w
expect "w opens the why overlay" 'why: the KV formulas'
expect "with the numbers substituted" '2 \(K,V\) x 8 kv_heads x 256 B'
send Escape
expect_gone "Esc closes it" 'why: the KV formulas'
send : ; send -l why ; send Enter
expect ":why runs the same action as w" 'why: the KV formulas'
send '?'
expect "help opens on top of it (one overlay stack)" 'Everywhere'
send Escape
expect_gone "Esc closes the top one only" 'Everywhere'
expect "the why box is still there" 'why: the KV formulas'
send j
expect_gone "keys go to the top overlay: j scrolls the why box" 'Model llama-2-70b: 80 layers'
send w
expect_gone "w closes it again" 'why: the KV formulas'
send m
send -l gemma-3
send Enter
expect "Gemma-3-27B picked" 'Gemma-3-27B'
send t
# Gemma-3-27B: 52 sliding (window 1024) and 10 global layers
# (google/gemma-3-27b-it config via litgpt config.py @26857050: global iff (i+1) % 6 == 0)
expect "t shows the per-layer-kind breakdown" 'sliding \(window\) +52'
send t
expect "t again: the paged-block view" 'Paged blocks'
# 4096 tokens in blocks of 16: 256 blocks, the last one full
expect "256 blocks per sequence" '256 blocks per sequence'
expect_not "no NaN anywhere" 'nan|inf '
resize 200 60
expect "200x60 shows plot and breakdown together" 'KV bytes vs sequence length'
expect "breakdown at 200x60" 'full +10 '
expect "memory bar legend" 'reserve'
send q
expect "quit" 'exited 0'
KEEP_STATE=1
start_app 80x24 --pane kv
expect "the preset comes back after a restart" 'Gemma-3-27B'
send q

# `rampup kv` (headless: no tmux needed)
cli_case() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }
out=$("$E2E_BIN" kv --model opt-13b --seq 2048 --kv-dtype fp16 --json 2>&1)
# vLLM paper §3: OPT-13B 800 KB per token, 1.6 GB for 2048 tokens
cli_case "cli: OPT-13B 819200 B/token" 'echo "$out" | grep -qE "\"kv_bytes_per_token\":[[:space:]]*819200,"'
cli_case "cli: 2048 tokens = 1677721600 B" 'echo "$out" | grep -qE "\"kv_bytes\":[[:space:]]*1677721600,"'
for k in model kv_bytes_per_token kv_bytes state_bytes_per_seq params active_params weight_bytes \
         total_bytes gpu_bytes fits max_batch max_seq blocks_per_seq naive_kv_bytes; do
    cli_case "cli: JSON has $k" 'echo "$out" | grep -q "\"$k\":"'
done
n=$("$E2E_BIN" kv --list | tail -n +2 | wc -l)
cli_case "cli: --list shows at least 25 presets" '[ "$n" -ge 25 ]'
big=$("$E2E_BIN" kv --model llama-3.1-405b --batch 1e12 --seq 1000000 --json)
cli_case "cli: batch 1e12 saturates and says so" \
    'echo "$big" | grep -qE "\"saturated\":[[:space:]]*true" && echo "$big" | grep -qE "\"kv_bytes\":[[:space:]]*18446744073709551615"'
err=$("$E2E_BIN" kv --config tests/fixtures/kv/bad_zero_heads.json 2>&1 >/dev/null); rc=$?
cli_case "cli: zero heads fails with file:line:col (exit 1)" \
    '[ $rc -eq 1 ] && echo "$err" | grep -qE "bad_zero_heads.json:5:26: .*num_attention_heads"'
"$E2E_BIN" kv --model llama-2-7b --tp 3 --gpus 4 >/dev/null 2>&1
cli_case "cli: GPUs not a multiple of TP is a usage error (2)" '[ $? -eq 2 ]'
"$E2E_BIN" kv --model nope >/dev/null 2>&1
cli_case "cli: unknown preset is a usage error (2)" '[ $? -eq 2 ]'
cfg=$("$E2E_BIN" kv --config tests/fixtures/kv/jamba.json --seq 262144 --json)
# Jamba-1.5 Table 1: 4 GB of KV at 256K context (16-bit), = 4 GiB
cli_case "cli: Jamba config.json at 256K = 4 GiB of KV" \
    'echo "$cfg" | grep -qE "\"kv_bytes\":[[:space:]]*4294967296,"'
# At the minimum size the figures go one a line, the verdict first, none cut mid-number.
start_app 60x16 --pane kv
expect "60x16: the fit verdict and GPU memory are visible" 'fits [0-9.]+ [KMG]iB/[0-9.]+ GiB'
expect "60x16: the KV total is visible" 'KV [0-9.]+ [KMG]iB'
expect "60x16: max batch is visible" 'max batch [0-9]+'
send q
expect "quit (60x16)" 'exited 0'
E2E_ENV="LC_ALL=C" start_app 80x24 --pane kv
expect "C locale: the naive formula is ASCII" 'naive: batch\*seq\*layers\*2\*hidden\*bytes'
expect_not "C locale: no undecodable UTF-8 drawn as ??" '\?\?'
send q
# Very wide: the per-kind and block breakdown sits beside the figures, not under a short plot.
start_app 200x60 --pane kv
expect "200x60: the per-kind table is beside the model figures" 'model .*Per layer kind +layers +per token +per seq'
expect "200x60: the block pool is in the top rows too" 'tp [0-9]+ x [0-9]+ replica.*[0-9.]+ MiB per block per GPU|pool [0-9.]+k? blocks per GPU'
send q
# :pane kv checks every word before changing anything.
start_app 100x30 --pane kv
send ':' ; send -l 'pane kv llama-2-7b seq=8192' ; send Enter
expect ":pane kv applies a preset and a length" 'Llama-2-7B'
send ':' ; send -l 'pane kv llama-3.1-8b seq=abc' ; send Enter
expect "a bad value is refused with its name and range" "kv: seq: expected an integer in 1..1e15, got 'abc'; nothing changed"
expect_not "and nothing was applied (still Llama-2-7B)" 'Llama-3.1-8B'
send ':' ; send -l 'pane kv tp=3 gpus=4' ; send Enter
expect "gpus not a multiple of tp is refused, as in the CLI" 'gpus \(4\) must be a multiple of tp \(3\)'
# One declaration (engine/kv/kv_params.c): suffixes, aliases and names as the CLI takes them.
send ':' ; send -l 'pane kv meta-llama/Llama-3.1-70B seq=32k gpu=H100 block_size=32 util=0.8' ; send Enter
expect ":pane takes an HF id alias and 32k (binary)" 'Llama-3\.1-70B.*'
expect "seq=32k is 32768 tokens" '32768 tok'
expect "block_size (the CLI's --block-size) is a link key too" 'block .* 32 tok'
expect "util (old link key) still sets the memory share" 'mem util .*80%'
send ':' ; send -l 'pane kv gpu=H20O' ; send Enter
expect "a GPU typo suggests names" "no GPU 'H20O': did you mean h200-sxm\?"
send ':' ; send -l 'pane kv seq=8M' ; send Enter
expect "past the slider: the pane's narrower range is named" 'seq: the pane shows 16..4M \(rampup kv takes more\)'
send q
expect "quit" 'exited 0'
KEEP_STATE=1
start_app 100x30 --pane kv
expect "a restart keeps the linked settings" '32768 tok'
expect "and the model" 'Llama-3\.1-70B'
send q
unset KEEP_STATE
# The same words in a note's link reach the same settings.
linkdir=$(mktemp -d)
printf '# Link\n\n[Try it](<pane:kv meta-llama/Llama-3.1-70B seq=32k gpu=H100 block_size=32 util=0.8>)\n' \
    >"$linkdir/link.md"
start_app 100x30 --notes "$linkdir" --pane notes
send ':' ; send -l 'pane notes link.md' ; send Enter
expect "the note with the link opens" 'Try it'
send o
expect "o follows it to the KV pane with the model" 'Llama-3\.1-70B'
expect "and 32k = 32768 tokens" '32768 tok'
expect "and block_size 32" 'block .* 32 tok'
send q
rm -rf "$linkdir"
cli=$("$E2E_BIN" kv --model meta-llama/Llama-3.1-70B --seq 32k --gpu H100 --block-size=32 --gpu-util 0.8 --json)
cli_case "the CLI reaches the same settings (32768 tokens, 2048 blocks of 32)" \
    'echo "$cli" | grep -qE "\"seq\":[[:space:]]*32768," && echo "$cli" | grep -qE "\"blocks_per_seq\":[[:space:]]*1024,"'
err=$("$E2E_BIN" kv --frobnicate 2>&1); rc=$?
cli_case "cli: unknown option named, exit 2" '[ $rc -eq 2 ] && echo "$err" | grep -q "unknown option --frobnicate" && echo "$err" | grep -q "try .rampup kv --help."'
err=$("$E2E_BIN" kv --gpu H20O 2>&1); rc=$?
cli_case "cli: GPU typo: did you mean, exit 2" '[ $rc -eq 2 ] && echo "$err" | grep -q "did you mean h200-sxm" && echo "$err" | grep -q "rampup kv --list-gpus"'
cli_case "cli: --list-gpus lists the presets with aliases" '"$E2E_BIN" kv --list-gpus | grep -qE "^h100-sxm .*h100"'
cli_case "cli: --help lists the GPUs and the suffix rules" '"$E2E_BIN" kv --help | grep -q "GPUs: h100-sxm" && "$E2E_BIN" kv --help | grep -q "32k = 32768"'
finish
