#!/usr/bin/env bash
# Fills DIR/<target>/ with seed inputs for each fuzz target from the repository's own files.
# Usage: seeds.sh DIR
set -u
out=$1
shared=../shared/data
mk() { mkdir -p "$out/$1"; }
put() { # target name file...
    local t=$1; shift
    for f in "$@"; do [ -f "$f" ] && cp "$f" "$out/$t/$(echo "$f" | tr '/' '_')"; done
}
for t in yaml markdown kv_config graph expr beir csv state sanitize infer_trace; do mk "$t"; done
put yaml content/*.yaml content/graphs/*.yaml content/evals/*.yaml tests/fixtures/agent/*.yaml \
    tests/fixtures/kv/*.json
# markdown: the first byte is the render width
for f in notes/*.md; do { printf 'P'; head -c 16384 "$f"; } >"$out/markdown/$(basename "$f")"; done
put kv_config tests/fixtures/kv/*.json
put graph content/graphs/*.yaml tests/fixtures/agent/*.yaml
# expr: every router expression in the graphs, and a few with a state line
grep -h 'when:' content/graphs/*.yaml tests/fixtures/agent/*.yaml | sed 's/^ *when: *//; s/^"//; s/"$//' |
    awk -v d="$out/expr" '{ f = d "/when" NR; print > f; close(f) }'
printf '{"xs":[1,2],"n":1}\ncontains(xs, 2) && len(xs) >= n' >"$out/expr/state1"
printf 'min(n, 2) + max(1, -n) * 3 / 2 == 4 || !b' >"$out/expr/arith"
# beir: a slice of SciFact as corpus, queries and qrels
if [ -f "$shared/scifact/corpus.jsonl" ]; then
    { head -n 5 "$shared/scifact/corpus.jsonl"; printf '\n====\n'; head -n 3 "$shared/scifact/queries.jsonl"
      printf '\n====\n'; head -n 6 "$shared/scifact/qrels/train.tsv"; } >"$out/beir/scifact"
fi
printf '{"_id":"d1","title":"t","text":"x"}\n====\n{"_id":"q1","text":"x"}\n====\nquery-id\tcorpus-id\tscore\nq1\td1\t1\n' \
    >"$out/beir/tiny"
[ -f "$shared/chinchilla/svg_extracted_data.csv" ] && head -n 40 "$shared/chinchilla/svg_extracted_data.csv" >"$out/csv/chinchilla"
printf 'N,D,loss\n1e9,2e10,2.5\n"2e9",4e10,2.4\n# c\n' >"$out/csv/tiny"
printf '{"last_pane":"kv","panes":{"kv":{"model":"llama-3-8b"}},"theme":"dark"}\n' >"$out/state/state"
printf 'a\033[2J\xc2\x9b\xe2\x80\xae\xff\xed\xa0\x80 ok \xe2\x82' >"$out/sanitize/mix"
put sanitize notes/rag.md
put infer_trace content/infer/*.csv
printf 'arrival_s,prompt,output\n# c\n0.5,100,20\n0.1,4000,200\n' >"$out/infer_trace/tiny"
exit 0
