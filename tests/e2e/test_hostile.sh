#!/usr/bin/env bash
# Hostile files: every string a command or the app prints from a config.json, a content
# folder, a graph spec, a note (name, title, body), a CSV cell or a BEIR document id carries
# ESC[2J (clear), OSC 0 (window title), OSC 52 (clipboard), CSI as C1 (U+009B) and U+202E (RLO).
# None may reach the terminal raw: no ESC byte, no C2 9B, no E2 80 AE in the output.
source "$(dirname "$0")/lib.sh"
dir=$(mktemp -d)
bin=$(realpath "$E2E_BIN")
esc=$'\e[2J\e]0;pwned\a\e]52;c;aGVsbG8=\a'
yaml_esc='\e[2J\e]0;pwned\a\e]52;c;aGVsbG8=\a\u009b\u202e'
json_esc='\u001b[2J\u001b]0;pwned\u0007\u001b]52;c;aGVsbG8=\u0007\u009b\u202e'

# Runs a command (stdout and stderr together) and checks the output holds no raw control.
clean() {
    local name=$1; shift
    local out
    out=$("$@" 2>&1)
    if printf '%s' "$out" | LC_ALL=C grep -qaP '\x1b|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\x07'; then
        FAILED=$((FAILED + 1)); echo "  FAIL $E2E_NAME: $name: raw control in the output:"
        printf '%s\n' "$out" | head -5 | cat -v | sed 's/^/  | /'
    elif ! printf '%s' "$out" | grep -qE '\\e\[2J|<U\+202E>|\\u001b|pwned'; then
        FAILED=$((FAILED + 1)); echo "  FAIL $E2E_NAME: $name: the planted text is not shown at all:"
        printf '%s\n' "$out" | head -5 | sed 's/^/  | /'
    else
        pass "$name"
    fi
}

# config.json with the escapes in _name_or_path
python3 - "$dir/cfg.json" <<'PY'
import json, sys
cfg = {"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 64,
       "num_attention_heads": 2, "num_key_value_heads": 2, "intermediate_size": 128,
       "vocab_size": 100, "max_position_embeddings": 128,
       "_name_or_path": "\x1b[2J\x1b]0;pwned\x07\x1b]52;c;aGVsbG8=\x07\u009b\u202e"}
json.dump(cfg, open(sys.argv[1], "w"))
PY
clean "kv --config: _name_or_path" "$bin" kv --config "$dir/cfg.json"
clean "kv --config --why" "$bin" kv --config "$dir/cfg.json" --why
out=$("$bin" kv --config "$dir/cfg.json" --json)
if printf '%s' "$out" | LC_ALL=C grep -qaP '\x1b|\xc2[\x80-\x9f]|\xe2\x80\xae' ||
   ! printf '%s' "$out" | grep -q '\\u009B\\u202E'; then
    FAILED=$((FAILED + 1)); echo "  FAIL $E2E_NAME: kv --json escapes C1 and bidi as \\u"
else pass "kv --json escapes C1 and bidi as \\u009B \\u202E"; fi

# a content folder whose model label carries C1 and bidi (the YAML reader refuses C0 itself)
mkdir -p "$dir/content"
cp content/gpus.yaml "$dir/content/"
cat >"$dir/content/models.yaml" <<EOY
models:
  - name: evil
    label: "pwned\u009b\u202e"
    official_params: "1B"
    source: "x"
    config: {model_type: llama, num_hidden_layers: 2, hidden_size: 64, num_attention_heads: 2,
             num_key_value_heads: 2, intermediate_size: 128, vocab_size: 100,
             max_position_embeddings: 128}
EOY
clean "kv --list: model label" "$bin" --content "$dir/content" kv --list
cat >>"$dir/content/gpus.yaml" <<EOY
  - name: evilgpu
    label: "pwned GPU\u009b\u202e"
    memory_gb: 80
    bandwidth_tbs: 3.35
    bf16_tflops: 989
    fp8_tflops: 1979
    watts: 700
    source: "x"
EOY
clean "kv --gpu: GPU label" "$bin" --content "$dir/content" kv --model evil --gpu evilgpu

# a graph spec: name, description, and an unknown YAML key in the error
cat >"$dir/g.yaml" <<EOY
name: "$yaml_esc"
description: "$yaml_esc"
entry: inc
state:
  n: {type: number, reducer: add}
nodes:
  inc: {fn: count, params: {key: n, by: 1}}
edges:
  - {from: inc, to: END}
EOY
clean "agent show: graph name" "$bin" agent show "$dir/g.yaml"
clean "agent validate: graph name" "$bin" agent validate "$dir/g.yaml"
clean "agent run: graph name" "$bin" agent run "$dir/g.yaml"
{ head -n 3 "$dir/g.yaml"; printf '"%s": 1\n' "$yaml_esc"; tail -n +4 "$dir/g.yaml"; } >"$dir/gk.yaml"
clean "agent validate: YAML key in the error" "$bin" agent validate "$dir/gk.yaml"

# notes: a file name, a title and a body with the escapes
mkdir -p "$dir/notes"
printf '# Plain\nhello word\n' >"$dir/notes/$esc.md"
printf '# %s\nbody %s word\n\n\xc2\x9b \xe2\x80\xae\n' "$esc" "$esc" >"$dir/notes/a.md"
clean "notes list: file name and title" "$bin" --notes "$dir/notes" notes list
clean "notes show: title and body" "$bin" --notes "$dir/notes" notes show a
clean "rag: snippets and file names" "$bin" rag word --corpus "$dir/notes"

# a CSV cell
printf 'N,D,loss\n1e9,2e10,%s\n' "$esc" >"$dir/bad.csv"
clean "scaling --fit: cell value in the error" "$bin" scaling --fit "$dir/bad.csv"

# a BEIR document id (a duplicate, so it is named in the error)
mkdir -p "$dir/beir/qrels"
printf '{"_id":"%s","title":"t","text":"hello"}\n{"_id":"%s","title":"t","text":"x"}\n' \
    "$json_esc" "$json_esc" >"$dir/beir/corpus.jsonl"
printf '{"_id":"q1","text":"hello"}\n' >"$dir/beir/queries.jsonl"
printf 'query-id\tcorpus-id\tscore\nq1\td1\t1\n' >"$dir/beir/qrels/test.tsv"
clean "rag-eval: document id in the error" "$bin" rag-eval --beir "$dir/beir"

# The app: the notes pane lists the hostile file name and title; the window title must not
# change and the screen must not be cleared (the tab bar stays).
start_app 100x30 --notes "$dir/notes" --pane notes
expect "app starts with hostile notes" "Plain"
title=$(tm display-message -p '#{pane_title}')
if [ "$title" = pwned ]; then fail "OSC 0 retitled the window"; else pass "window title unchanged"; fi
expect_not "no raw bidi reaches the screen" $'\u202e'
expect "tab bar still shown (the screen was not cleared)" "1 Home +2 Note"
send q
expect "quits cleanly" "exited 0"

# FIFOs: a FIFO named *.md in the notes folder and a FIFO state.json must not hang the start.
mkfifo "$dir/notes/pipe.md"
timeout 5 "$bin" --notes "$dir/notes" notes list >"$dir/out" 2>&1
code=$?
if [ $code -eq 0 ] && grep -q 'pipe.md: not a regular file (a FIFO), skipped' "$dir/out"; then
    pass "notes list skips a FIFO note and says so"
else
    FAILED=$((FAILED + 1)); echo "  FAIL $E2E_NAME: notes list with a FIFO note (exit $code)"; cat "$dir/out"
fi
mkdir -p "$E2E_HOME/state/rampup"
rm -f "$E2E_HOME/state/rampup/state.json"
mkfifo "$E2E_HOME/state/rampup/state.json"
start_app 100x30 --notes "$dir/notes" --pane notes
expect "app starts past a FIFO note and a FIFO state.json" "not a regular file"
expect "the notes still listed" "Plain"
send q
expect "quits after a FIFO state" "exited 0"
if [ -p "$E2E_HOME/state/rampup/state.json" ]; then pass "a state.json that could not be read is not overwritten"
else FAILED=$((FAILED + 1)); echo "  FAIL $E2E_NAME: the FIFO state.json was replaced"; fi
rm -rf "$E2E_HOME/state"

# A save that fails (no room to write: a file-size limit of 0, its signal ignored) is said on
# stderr and the app exits 1. The wrapper sets the limit for the app alone.
cat >"$dir/nospace.sh" <<EOW
#!/usr/bin/env bash
trap '' XFSZ
ulimit -f 0
exec "$bin" "\$@"
EOW
chmod +x "$dir/nospace.sh"
real_bin=$E2E_BIN
E2E_BIN=$dir/nospace.sh
start_app 100x30 --notes "$dir/notes"
expect "app starts when its saves will fail" "1 Home"
send q
expect "a failed save says so" "rampup: could not save state"
expect "exit code 1 after a failed save" "exited 1"
E2E_BIN=$real_bin

rm -rf "$dir"
finish
