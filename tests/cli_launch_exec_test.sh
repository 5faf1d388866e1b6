#!/usr/bin/env bash
# `expcfg launch --exec`: writes <output_dir>/expcfg/ (the run record), then runs the command
# with execvp and launch.env applied. A fake torchrun on PATH records what it was given.
set -euo pipefail
expcfg=$(realpath "$1")
configs=$(pwd)/configs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir "$work/bin"
cat >"$work/bin/torchrun" <<'FAKE'
#!/usr/bin/env bash
printf '%s\0' "$@" >"$FAKE_OUT/argv"
printf '%s' "${WANDB_MODE:-unset}" >"$FAKE_OUT/wandb_mode"
FAKE
chmod +x "$work/bin/torchrun"
export FAKE_OUT=$work

cd "$work"
experiment=$configs/experiments/bge-large-en-v1.5.yaml
sets=(--set training.output_dir=$work/run --set "launch.env={WANDB_MODE: disabled}"
      --set launch.nproc_per_node=2 --set "model.token=hf_secret_value"
      --set "query_instruction_for_retrieval=it's \$HOME")
PATH=$work/bin:$PATH "$expcfg" launch --exec "$experiment" "${sets[@]}" ||
  fail "launch --exec failed"

# The command ran, as an argument vector, with the env.
[ "$(cat wandb_mode)" = disabled ] || fail "launch.env not applied"
"$expcfg" launch "$experiment" "${sets[@]}" --show-secrets >line
"$expcfg" launch "$experiment" "${sets[@]}" >line_redacted
! grep -q hf_secret_value line_redacted || fail "launch --dry-run printed the token"
grep -q -- "--token '<redacted>'" line_redacted || fail "launch --dry-run does not show the redacted token"
bash -c 'eval "set -- $(cat line)"; shift; printf "%s\0" "$@"' >expected_argv  # drop WANDB_MODE=
cmp <(tail -c +1 expected_argv | tr '\0' '\n' | tail -n +2) <(tr '\0' '\n' <argv) ||
  fail "torchrun got other arguments than launch prints"
tr '\0' '\n' <argv | grep -qx -- "it's \$HOME" || fail "instruction not passed verbatim"

# The run record.
record=$work/run/expcfg
for file in resolved.yaml origins.yaml command.txt layers.sha256; do
  [ -s "$record/$file" ] || fail "run record lacks $file"
done
grep -q "token: <redacted>" "$record/resolved.yaml" || fail "token not redacted in resolved.yaml"
! grep -rq hf_secret_value "$record" || fail "the token leaked into the record"
grep -q -- "--token '<redacted>'" "$record/command.txt" || fail "command.txt lacks the redacted token"
grep -q "^model.model_name_or_path: $configs/experiments/bge-large-en-v1.5.yaml:7$" \
  "$record/origins.yaml" || fail "origins.yaml lacks the model's source"
(cd / && sha256sum --quiet -c "$record/layers.sha256") || fail "layers.sha256 does not check"
[ "$(ls -A "$work/run")" = expcfg ] || fail "staging folder left behind"

# diff takes the run folder as a side: with the same --set on both sides (the token too), the
# record resolves to the configuration it was made from.
"$expcfg" diff "$work/run" "$experiment" "${sets[@]}" >diff_out || fail "run folder differs: $(cat diff_out)"
[ ! -s diff_out ] || fail "unexpected diff: $(cat diff_out)"
set +e
"$expcfg" diff "$work/run/expcfg" "$experiment" "${sets[@]}" --set seed=3 >/dev/null
status=$?
set -e
[ "$status" -eq 0 ] || fail "diff of the expcfg folder itself: status $status"

# A second --exec replaces the record.
PATH=$work/bin:$PATH "$expcfg" launch --exec "$experiment" "${sets[@]}" --set seed=7
grep -q "^  seed: 7$" "$record/resolved.yaml" || fail "record not replaced"

# A missing launcher is a clear error with status 2, and the record stays the last started run's.
set +e
PATH=/nonexistent "$expcfg" launch --exec "$experiment" "${sets[@]}" 2>err
status=$?
set -e
[ "$status" -eq 2 ] || fail "missing torchrun: status $status"
grep -q "cannot run 'torchrun': not found on PATH" err || fail "no error for missing torchrun"
grep -q "^  seed: 7$" "$record/resolved.yaml" || fail "a run that did not start replaced the record"
echo "launch --exec: ok"
