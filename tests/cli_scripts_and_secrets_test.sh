#!/usr/bin/env bash
# Script injection and secret flow (issue 16): values no script can carry are errors at check
# time, a folder with a newline never reaches sweep.slurm, and a credential (or a value made
# from one) shows in no message, dump, file name, manifest or job script.
set -euo pipefail
expcfg=$(realpath "$1")
# shellcheck source=cli_expect.sh
source "$(dirname "$0")/cli_expect.sh"

# 4. NUL anywhere, control characters in paths, names and hosts: errors with the place.
printf 'extends: base.yaml\ntraining: {run_name: "a\\0b"}\n' >nul.yaml
expect 1 "nul.yaml:2:12: error: 'training.run_name' holds a NUL byte, which no command line or environment can carry" \
  "$expcfg" check nul.yaml
printf 'extends: base.yaml\nlaunch: {env: {A: "x\\0y"}}\n' >nul_env.yaml
expect 1 "error: 'launch.env' holds a NUL byte" "$expcfg" args -0 nul_env.yaml
printf 'extends: base.yaml\ntraining: {output_dir: "runs\\nrm -rf ~"}\n' >newline.yaml
expect 1 "newline.yaml:2:12: error: 'training.output_dir' holds a control character ('\\x0a'): a path, name or host must be one line of plain text" \
  "$expcfg" check newline.yaml
printf 'extends: base.yaml\nlaunch: {master_addr: "node\\e0"}\n' >host.yaml
expect 1 "error: 'launch.master_addr' holds a control character ('\\x1b')" "$expcfg" check host.yaml
# A newline in the -o folder or the current folder never reaches sweep.slurm.
expect 2 "expcfg: error: the folder '$work/s\\x0atouch pwned' holds a control character" \
  "$expcfg" sweep base.yaml --grid training.seed=1,2 -o $'s\ntouch pwned' --emit slurm
mkdir $'cwd\nid'
(cd $'cwd\nid' && ! "$expcfg" sweep ../base.yaml --grid training.seed=1,2 -o s --emit slurm 2>err) ||
  fail "a newline in the current folder was accepted"
[ ! -e $'cwd\nid/s' ] || fail "a refused sweep wrote its folder"
"$expcfg" sweep base.yaml --grid training.seed=1,2 -o "it's; here" --emit slurm >/dev/null
bash -n "it's; here/sweep.slurm" || fail "sweep.slurm does not parse"
grep -qx "sweep='$work/it'\\\\''s; here'" "it's; here/sweep.slurm" || fail "folder not quoted"
grep -qx "#SBATCH --job-name=it_s__here" "it's; here/sweep.slurm" || fail "job name not plain"

# 5. Secrets flow: a copy of a credential is one too.
export HF_TOKEN=hf_SECRETVALUE
printf 'extends: base.yaml\nmodel:\n  token: ${env:HF_TOKEN}\ntraining:\n  run_name: run-${model.token}\n' >copy.yaml
"$expcfg" dump copy.yaml >dump.yaml
"$expcfg" dump --format json copy.yaml >dump.json
"$expcfg" launch copy.yaml >launch.txt
"$expcfg" explain run_name copy.yaml >explain.txt
"$expcfg" diff copy.yaml base.yaml >diff.txt || true
! grep -l hf_SECRETVALUE dump.yaml dump.json launch.txt explain.txt diff.txt ||
  fail "a copied credential printed"
grep -qF 'run_name: "run-${model.token}"' dump.yaml || fail "the copy is not shown as written"
"$expcfg" check dump.yaml || fail "the dump of a copied credential does not load back"
"$expcfg" args copy.yaml | grep -q -- "--run_name run-hf_SECRETVALUE" || fail "args lost the value"
# Type errors and malformed references never echo it.
printf 'extends: base.yaml\ntraining:\n  seed: ${env:HF_TOKEN}\n  optim: ${model.token}\nmodel:\n  token: ${env:HF_TOKEN}\n' >typed.yaml
expect 1 "typed.yaml:3:3: error: 'training.seed' (int) gets a value from a credential that it cannot take" \
  "$expcfg" check typed.yaml
! grep -q hf_SECRETVALUE err || fail "a type error echoed the token: $(cat err)"
printf 'extends: base.yaml\nmodel:\n  token: "hf_SECRETVALUE${oops"\n' >malformed.yaml
expect 1 "malformed.yaml:3:3: error: in 'model.token': a malformed '\${' (the value is a credential: not shown)" \
  "$expcfg" check malformed.yaml
! grep -q hf_SECRETVALUE err || fail "a malformed reference echoed the token"
# Mistyped secret keys, in a file and on the command line.
printf 'extends: base.yaml\nmodel: {tokn: hf_SECRETVALUE}\n' >typo.yaml
expect 1 "unknown key 'model.tokn'" "$expcfg" check typo.yaml --set training.hub_tokn=hf_SECRETVALUE
! grep -q hf_SECRETVALUE err || fail "a mistyped key echoed the token"
# import of --hub_token x (both spellings) shows the value nowhere.
for words in "--hub_token hf_SECRETVALUE" "--hub_token=hf_SECRETVALUE" "--hub_tokn hf_SECRETVALUE"; do
  # shellcheck disable=SC2086
  "$expcfg" import -- torchrun -m FlagEmbedding.finetune.embedder.encoder_only.base \
    --model_name_or_path m --train_data d $words >imported 2>err || true
  ! grep -q hf_SECRETVALUE imported err || fail "import $words showed the token: $(cat err)"
done
# A sweep over a token grid: not in names, runs.jsonl, nor the table; a Slurm script, which
# would have to hold it, is refused.
expect 1 "'model.token' holds a credential, which a Slurm script would write into a file" \
  "$expcfg" sweep base.yaml --grid model.token=hf_SECRETA,hf_SECRETB -o tokens --emit slurm
! grep -q hf_SECRET err || fail "the refusal showed the token"
"$expcfg" sweep base.yaml --grid model.token=hf_SECRETA,hf_SECRETB -o tokens >table
! grep -rq "hf_SECRET" tokens table || fail "a token sweep wrote the token"
! ls tokens | grep -q hf_SECRET || fail "a token names a run file"
ls tokens | grep -qx "token=secret1.yaml" || fail "token runs: $(ls tokens)"
expect 2 "'model.token' is a credential (or made from one): a run name cannot show it" \
  "$expcfg" sweep base.yaml --grid model.token=hf_SECRETA,hf_SECRETB --name '{model.token}'
! grep -q hf_SECRET err || fail "the sweep error showed the token"
echo "cli scripts and secrets: ok"
