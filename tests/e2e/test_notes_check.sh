#!/usr/bin/env bash
# `rampup notes check`: passes on the shipped notes; a planted bad figure and a bad pane link
# in a copy of them fail with file:line:col and exit 1. Headless (no tmux).
. "$(dirname "$0")/lib.sh"

check() { # NAME CMD... : passes when the command exits 0
    local name=$1; shift
    if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name"; fi
}

out=$("$E2E_BIN" notes check 2>&1); rc=$?
if [ $rc -eq 0 ] && grep -qE '^[0-9]+ notes: [0-9]+ live figures, [0-9]+ pane links' <<<"$out"; then
    pass "the shipped notes pass ($out)"
else
    fail "the shipped notes pass (rc $rc: $out)"
fi
check "--json says ok" bash -c "'$E2E_BIN' notes check --json | grep -q '\"ok\":.*true'"

planted=$(mktemp -d)
cp notes/*.md "$planted/"
first=$(ls "$planted" | head -n 1)
printf '\nKV of a long prompt: {{kv model=llama-3.1-70b seq=32k field=kv_bytez unit=GiB}}.\n' >>"$planted/$first"
printf 'See [the pane](<pane:kv llama-3.1-70b sek=4096>).\n' >>"$planted/$first"
line=$(wc -l <"$planted/$first")
out=$("$E2E_BIN" --notes "$planted" notes check 2>&1); rc=$?
if [ $rc -eq 1 ]; then pass "a planted bad figure exits 1"; else fail "a planted bad figure exits 1 (rc $rc)"; fi
if grep -qF "$planted/$first:$((line - 1)):55: unknown kv field 'kv_bytez'" <<<"$out"; then
    pass "the bad figure is named at file:line:col"
else
    fail "the bad figure is named at file:line:col (got: $out)"
fi
if grep -qF "$planted/$first:$line:39: unknown kv setting 'sek'" <<<"$out"; then
    pass "the bad pane link is named at file:line:col"
else
    fail "the bad pane link is named at file:line:col (got: $out)"
fi
out=$("$E2E_BIN" --notes "$planted" notes check --json 2>&1)
if grep -q '"ok":.*false' <<<"$out" && grep -q '"col":.*55' <<<"$out"; then
    pass "--json lists the problems"
else
    fail "--json lists the problems (got: $out)"
fi
# the Multimodal and Evals panes' links go through their own tables too
printf 'See [tokens](<pane:multimodal model=llava-9>) and [pass@k](<pane:evals view=passk k=0>).\n' >>"$planted/$first"
line=$(wc -l <"$planted/$first")
out=$("$E2E_BIN" --notes "$planted" notes check 2>&1)
if grep -qF "$planted/$first:$line:31: model: no vision model 'llava-9'" <<<"$out" &&
   grep -qF "$planted/$first:$line:83: k:" <<<"$out"; then
    pass "bad Multimodal and Evals links are named at file:line:col"
else
    fail "bad Multimodal and Evals links are named at file:line:col (got: $out)"
fi
rm -rf "$planted"
finish
