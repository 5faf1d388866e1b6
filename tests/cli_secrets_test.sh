#!/usr/bin/env bash
# Credentials never reach what expcfg prints for people: every output of every command on a
# configuration that holds tokens is grepped for them. Only `args` (its output is the run's
# command line) and --show-secrets print them.
set -euo pipefail
expcfg=$(realpath "$1")
configs=$(pwd)/configs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"

experiment=$configs/experiments/bge-large-en-v1.5.yaml
cat >secrets.yaml <<YAML
extends: $experiment
model:
  token: hf_model_SECRET1
training:
  hub_token: hf_hub_SECRET2
  output_dir: $work/run
launch:
  env: {WANDB_API_KEY: wandb_SECRET3, HF_TOKEN: hf_env_SECRET4, WANDB_MODE: disabled}
YAML
cat >script.sh <<'SH'
torchrun --nproc_per_node 2 -m FlagEmbedding.finetune.embedder.encoder_only.base \
  --model_name_or_path BAAI/bge-large-en-v1.5 --train_data data/ \
  --token hf_import_SECRET5 --hub_tokn hf_typo_SECRET6
SH
mkdir bin
printf '#!/bin/sh\nexit 0\n' >bin/torchrun
chmod +x bin/torchrun

run() {  # run NAME ARGS...: stdout and stderr of one command, whatever its status
  "$expcfg" "${@:2}" >"out.$1" 2>&1 || true
}
run dump dump secrets.yaml
run dump_json dump --format json --show-origin secrets.yaml
run dump_changed dump --changed-only --show-origin secrets.yaml
run dump_file dump secrets.yaml -o dumped.yaml
run diff diff secrets.yaml "$experiment" --show-origin
run diff_json diff --format json secrets.yaml "$experiment"
printf 'model:\n  token: hf_other_SECRET7\n' >other_token.yaml
run diff_tokens diff --left secrets.yaml --right secrets.yaml --right other_token.yaml
run check check secrets.yaml
run explain_token explain model.token secrets.yaml
run explain_hub explain hub_token secrets.yaml --set hub_token=hf_hub_SECRET12
run explain_env explain launch.env secrets.yaml
run launch launch secrets.yaml
PATH="$work/bin:$PATH" run launch_exec launch --exec secrets.yaml
run import import script.sh
run set_errors check secrets.yaml --set model.token=hf_set_SECRET8 --set model.tokn=hf_set_SECRET9 \
  --set "launch.env={GITHUB_TOKEN: gh_SECRET10, 1BAD: x}" --set training.fp16=maybe
run set_append check secrets.yaml --set "training.hub_token+=hf_append_SECRET11"
cp -r run/expcfg record

for file in out.* dumped.yaml record/*; do
  if grep -n 'SECRET' "$file"; then fail "$file shows a credential"; fi
done
grep -q 'token: <redacted>' out.dump || fail "dump does not show token: <redacted>"
grep -q 'WANDB_API_KEY.*<redacted>' out.dump || fail "dump does not redact WANDB_API_KEY"
grep -q 'WANDB_MODE.*disabled' out.dump || fail "dump hid a variable that is no credential"
grep -q 'model.token' out.diff_tokens || fail "diff hides that the tokens differ"

# What must reach the run carries the real value; --show-secrets prints it.
# (Into files first: grep -q closing the pipe early would fail the pipeline.)
"$expcfg" args secrets.yaml >args_out && grep -q hf_model_SECRET1 args_out || fail "args lacks the token"
"$expcfg" dump --show-secrets secrets.yaml >shown && grep -q hf_hub_SECRET2 shown ||
  fail "--show-secrets hid the token"
"$expcfg" launch --show-secrets secrets.yaml >shown && grep -q wandb_SECRET3 shown ||
  fail "--show-secrets hid the env"

# A dump read back cannot supply the secrets it hid, with a hint; --set can.
set +e
"$expcfg" check dumped.yaml 2>err
status=$?
set -e
[ "$status" -eq 1 ] || fail "check of a redacted dump: status $status"
grep -q "dumped.yaml:.*error: 'model.token' is '<redacted>'" err || fail "no error for model.token: $(cat err)"
grep -q "note: supply it with --set model.token=VALUE" err || fail "no hint: $(cat err)"
grep -q "'launch.env.HF_TOKEN' is '<redacted>'" err || fail "no error for launch.env: $(cat err)"
"$expcfg" check dumped.yaml --set model.token=a --set training.hub_token=b \
  --set "launch.env!={WANDB_MODE: disabled}" || fail "secrets supplied by --set still rejected"
# ... while diff compares records and dumps as they are.
"$expcfg" diff dumped.yaml record >/dev/null || fail "diff of a dump and a record with secrets"
echo "secrets: ok"
