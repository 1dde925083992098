#!/usr/bin/env bash
# The Multimodal pane: LLaVA-1.5's 576 tokens and their KV cost, AnyRes at 672x672 (2,928
# with unpad, 2,880 without), Qwen2-VL's dynamic resolution with both pixel bounds, the
# tiling grid, the loss view with its heat map, the why overlay, :pane checks, the state
# kept on restart, three sizes; then `rampup vision` headless.
. "$(dirname "$0")/lib.sh"

start_app 80x24 --pane multimodal
expect "opens on LLaVA-1.5-7B" 'LLaVA-1\.5-7B'
expect "576 tokens per image (336/14 squared)" 'visual tokens per image 576'
# Llama-2-7B shape: 524,288 B/token bf16; 576 tokens = 288 MiB
expect "576 tokens of Llama-2-7B KV = 288 MiB" 'images 288 MiB'
expect "the prefill time through the roofline" 'prefill [0-9]+\.[0-9] ms \(images [0-9]+\.[0-9] ms\)'
expect "the footer names the keys" 'v losses .* w why'
send l l
expect "l l on model: LLaVA-NeXT" 'LLaVA-NeXT-7B'
expect "672x672 with unpad + newlines = 2928" 'visual tokens per image 2928'
expect "the breakdown" 'base 576 \+ grid 2304 \+ newlines 48'
expect "the tiling is drawn as a grid" '2×2 tiles of 336 px'
send j j j j j j j
send l
expect "unpad off: 5 x 576 = 2880" 'visual tokens per image 2880'
send k k
send l
expect "l on GPU: the next preset" 'GPU +◀ h200'
expect "the prefill is still shown (same compute, H200)" 'prefill [0-9]+\.[0-9] ms \(images'
send ':' ; send -l 'pane multimodal qwen2-vl-7b width=4004 height=2996' ; send Enter
expect ":pane picks Qwen2-VL" 'Qwen2-VL-7B'
# smart_resize keeps 4004x2996 (multiples of 28): 143 x 107 = 15,301 tokens + 2 wrappers
expect "released bounds: 15301 tokens" 'visual tokens per image 15301 \+2 wrapper'
send ':' ; send -l 'pane multimodal bounds=bare' ; send Enter
expect "bare processor bounds cap near 1,280: 1230" 'visual tokens per image 1230'
send ':' ; send -l 'pane multimodal width=abc' ; send Enter
expect "a bad value is refused with its name and range" "width: expected an integer in 1\.\.20000, got 'abc'; nothing changed"
expect "and nothing changed" 'visual tokens per image 1230'
send ':' ; send -l 'pane multimodal width=10000' ; send Enter
expect "a width the slider cannot show is refused, not clamped" 'width: the pane shows 28\.\.8192 \(rampup vision takes more\)'
send w
expect "w opens the why overlay" 'why: the formulas'
expect "with smart_resize's numbers" 'smart_resize to multiples of 28'
send Escape
expect_gone "Esc closes it" 'why: the formulas'
send v
expect "v: the loss view" 'Contrastive losses, batch 8'
expect "CLIP and SigLIP losses" 'CLIP softmax [0-9]+\.[0-9]+'
expect "SigLIP with its bias" 'SigLIP sigmoid [0-9]+\.[0-9]+ +\(t 10, b -10\)'
expect "the heat map" 'cos\(image i, text j\)'
expect_not "no NaN anywhere" 'nan|inf '
send q
expect "quit" 'exited 0'
KEEP_STATE=1
start_app 80x24 --pane multimodal
expect "the model comes back after a restart" 'qwen2-vl-7b'
expect "and the view" 'Contrastive losses'
send q
start_app 120x40 --pane multimodal
send ':' ; send -l 'pane multimodal view=loss batch=16' ; send Enter
expect "120x40: the loss curve over batch size" 'SigLIP +. ln B|ln B'
expect "batch 16 rows in the heat map" '^ *16 '
send q
start_app 200x60 --pane multimodal
send ':' ; send -l 'pane multimodal view=tokens' ; send Enter
expect "200x60: the tokens view" 'visual tokens per image 1230'
expect "200x60: the token grid" '41×30 tokens of 28×28 px'
send q
expect "quit (200x60)" 'exited 0'

cli_case() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }
out=$("$E2E_BIN" vision tokens --model llava-1.5-7b --json)
cli_case "cli: llava-1.5 visual_tokens 576" 'echo "$out" | grep -qE "\"visual_tokens\":[[:space:]]*576,"'
out=$("$E2E_BIN" vision tokens --model siglip-so400m-14-384 --json)
cli_case "cli: SigLIP so400m/14-384 729" 'echo "$out" | grep -qE "\"visual_tokens\":[[:space:]]*729,"'
out=$("$E2E_BIN" vision tokens --model qwen2-vl-7b --width 1024 --height 768 --json)
cli_case "cli: Qwen2-VL 1024x768 = 999" 'echo "$out" | grep -qE "\"visual_tokens\":[[:space:]]*999,"'
cli_case "cli: prefill_seconds on the default GPU" 'echo "$out" | grep -qE "\"prefill_seconds\":[[:space:]]*0\.[0-9]+"'
"$E2E_BIN" vision tokens --gpu nope >/dev/null 2>&1
cli_case "cli: an unknown GPU is a usage error (2)" '[ $? -eq 2 ]'
out=$("$E2E_BIN" vision loss --batch 4 --json)
cli_case "cli: loss JSON has clip_loss and siglip_loss" \
    'echo "$out" | grep -q "\"clip_loss\":" && echo "$out" | grep -q "\"siglip_loss\":"'
"$E2E_BIN" vision tokens --model nope >/dev/null 2>&1
cli_case "cli: unknown model is a usage error (2)" '[ $? -eq 2 ]'
err=$("$E2E_BIN" vision tokens --model qwen2-vl-7b --width 20 --height 500 2>&1); rc=$?
cli_case "cli: a 20-px side fails as the processor does (1)" '[ $rc -eq 1 ] && echo "$err" | grep -q ">= 28"'
"$E2E_BIN" vision tokens --width 99999999 >/dev/null 2>&1
cli_case "cli: a huge width is refused (2)" '[ $? -eq 2 ]'
finish
