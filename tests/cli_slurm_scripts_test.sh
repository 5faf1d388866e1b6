#!/usr/bin/env bash
# Slurm scripts without a cluster: `launch --emit slurm`, `sweep --emit slurm` and `--submit`,
# each script run by bash with stand-ins for scontrol, srun, torchrun and sbatch on PATH, so
# that what reaches torchrun is compared with `expcfg args -0`. (tests/cli_slurm_test.sh
# submits the same scripts to a real local Slurm.)
set -euo pipefail
expcfg=$(realpath "$1")
repo=$PWD
source tests/cli_expect.sh  # cd's into a scratch folder with base.yaml
experiment=$repo/configs/experiments/bge-large-en-v1.5.yaml

mkdir bin
cat >bin/scontrol <<'SH'
#!/bin/bash
case "$*" in
  "show hostnames nodeA,nodeB") printf 'nodeA\nnodeB\n' ;;
  "show config") printf 'Configuration data\nMaxArraySize            = %s\n' "${FAKE_MAX_ARRAY:-1001}" ;;
  *) echo "scontrol stand-in: unexpected $*" >&2; exit 1 ;;
esac
SH
cat >bin/srun <<'SH'
#!/bin/bash
printf '%s\n' "$*" >"$FAKE_RECORDS/srun"
while [[ $1 == --* ]]; do shift; done
exec "$@"
SH
cat >bin/torchrun <<'SH'
#!/bin/bash
# The launcher options, then the runner's words after the module, NUL-separated.
options=()
while [[ $1 != -m ]]; do options+=("$1"); shift; done
printf '%s\n' "${options[*]}" >"$FAKE_RECORDS/torchrun-options"
printf '%s\n' "$PWD" >"$FAKE_RECORDS/cwd"
printf '%s\n' "${WANDB_MODE-unset}" >"$FAKE_RECORDS/wandb"
shift 2
printf '%s\0' "$@" >"$FAKE_RECORDS/runner-args"
SH
cat >bin/sbatch <<'SH'
#!/bin/bash
# Records each submission and answers as `sbatch --parsable` does.
printf '%s\n' "$*" >>"$FAKE_RECORDS/sbatch"
[ -z "${FAKE_SBATCH_REFUSES-}" ] || { echo "sbatch: error: Batch job submission failed: Invalid account" >&2; exit 1; }
count=$(wc -l <"$FAKE_RECORDS/sbatch")
echo "$((4240 + count))"
SH
chmod +x bin/*
export PATH=$PWD/bin:$PATH FAKE_RECORDS=$PWD/records
mkdir records

# 1. One run on two nodes: the script's header, and what reaches torchrun.
"$expcfg" launch "$experiment" --set launch.nnodes=2 --set launch.nproc_per_node=4 \
  --set launch.slurm.partition=gpu --set 'launch.slurm.time=1-00:00:00' \
  --set launch.slurm.cpus_per_task=16 --set 'launch.slurm.extra=[--mail-type=END]' \
  --set 'launch.env={WANDB_MODE: disabled}' --emit slurm >job.slurm 2>warnings
bash -n job.slurm || fail "job.slurm does not parse"
for line in '#SBATCH --nodes=2' '#SBATCH --ntasks-per-node=1' '#SBATCH --partition=gpu' \
  '#SBATCH --time=1-00:00:00' '#SBATCH --cpus-per-task=16' '#SBATCH --mail-type=END' \
  '#SBATCH --job-name=test_encoder_only_base_bge-large-en-v1.5'; do
  grep -qxF -- "$line" job.slurm || fail "job.slurm lacks '$line'"
done
grep -qxF -- "#SBATCH --output=$PWD/test_encoder_only_base_bge-large-en-v1.5/expcfg/slurm-%j.out" job.slurm ||
  fail "log path: $(grep output= job.slurm)"
! grep -q -- '--gpus-per-node' job.slurm || fail "asked for GPUs nobody configured"
grep -q "does not exist yet" warnings || fail "no warning about the missing log folder"
mkdir elsewhere
(cd elsewhere && SLURM_JOB_NODELIST=nodeA,nodeB SLURM_JOB_ID=123 bash ../job.slurm) ||
  fail "job.slurm failed"
[ "$(cat records/cwd)" = "$PWD" ] || fail "the job did not cd to the submission folder"
[ "$(cat records/torchrun-options)" = "--nnodes 2 --nproc_per_node 4 --rdzv_backend c10d --rdzv_endpoint nodeA:20123 --rdzv_id 123" ] ||
  fail "torchrun options: $(cat records/torchrun-options)"
[ "$(cat records/srun)" = "--nodes=2 --ntasks-per-node=1 --cpus-per-task=16 --kill-on-bad-exit=1 torchrun --nnodes 2 --nproc_per_node 4 --rdzv_backend c10d --rdzv_endpoint nodeA:20123 --rdzv_id 123 -m FlagEmbedding.finetune.embedder.encoder_only.base $(cat records/runner-args | tr '\0' ' ' | sed 's/ $//')" ] ||
  fail "srun: $(cat records/srun)"
"$expcfg" args "$experiment" -0 >want
cmp -s want records/runner-args || fail "the runner's arguments differ from expcfg args"
[ "$(cat records/wandb)" = disabled ] || fail "launch.env did not reach the job"

# 2. Values that need escaping on #SBATCH lines and quoting in the body.
"$expcfg" launch "$experiment" --set 'launch.slurm.job_name=my job #1' \
  --set 'launch.slurm.output=logs of "it"/%j.out' --set 'training.output_dir=out dir/it'\''s' \
  --emit slurm >odd.slurm 2>/dev/null
bash -n odd.slurm || fail "odd.slurm does not parse"
grep -qxF '#SBATCH --job-name="my job #1"' odd.slurm || fail "job name: $(grep job-name odd.slurm)"
grep -qxF "#SBATCH --output=\"$PWD/logs of \\\"it\\\"/%j.out\"" odd.slurm ||
  fail "output: $(grep output= odd.slurm)"

# 3. A sweep: one run file per run; task 1 runs run 1, with the offset argument.
"$expcfg" sweep "$experiment" --grid training.seed=1,2,3 -o "my sweep" --emit slurm >table
bash -n "my sweep/sweep.slurm" || fail "sweep.slurm does not parse"
[ -d "my sweep/logs" ] || fail "no logs folder"
grep -qxF "#SBATCH --output=\"$PWD/my sweep/logs/%A_%a.out\"" "my sweep/sweep.slurm" ||
  fail "sweep log: $(grep output= "my sweep/sweep.slurm")"
grep -qxF '#SBATCH --array=0-2' "my sweep/sweep.slurm" || fail "array"
(cd elsewhere && SLURM_JOB_NODELIST=nodeA,nodeB SLURM_JOB_ID=77 SLURM_ARRAY_TASK_ID=0 \
  bash "../my sweep/sweep.slurm" 1) || fail "sweep.slurm failed"
"$expcfg" args "my sweep/seed=2.yaml" -0 >want
cmp -s want records/runner-args || fail "task 0 with offset 1 is not run seed=2"
grep -q -- "--seed 2" "my sweep/seed=2.run.sh" || fail "seed=2.run.sh"
set +e
(cd elsewhere && SLURM_JOB_NODELIST=nodeA,nodeB SLURM_JOB_ID=77 SLURM_ARRAY_TASK_ID=5 \
  bash "../my sweep/sweep.slurm" 2>../err)
status=$?
set -e
[ "$status" -eq 2 ] && grep -q "runs.txt has no run 5" err || fail "a task past the end: $status"

# 4. Submission: a sweep larger than MaxArraySize goes in parts; job ids land in runs.jsonl.
rm -f records/sbatch
FAKE_MAX_ARRAY=2 "$expcfg" sweep "$experiment" --grid training.seed=1,2,3,4,5 -o big --submit \
  --set launch.slurm.array_throttle=1 >table
grep -qxF "submitted job 4241: runs 0 to 1" table || fail "part 1: $(cat table)"
grep -qxF "submitted job 4243: runs 4 to 4" table || fail "part 3: $(cat table)"
# With a throttle, each part waits for the one before: at most N runs at once in all.
[ "$(sed -n 2p records/sbatch)" = "--parsable --array=0-1%1 --dependency=afterany:4241 $PWD/big/sweep.slurm 2" ] ||
  fail "sbatch part 2: $(sed -n 2p records/sbatch)"
grep -q '"name":"seed=3".*"slurm_job_id":"4242_0"' big/runs.jsonl || fail "runs.jsonl job ids"
grep -q '"name":"seed=5".*"slurm_job_id":"4243_0"' big/runs.jsonl || fail "runs.jsonl last"

# A submitted sweep's folder is not replaced: its queued tasks read it when they start.
expect 2 "refusing to replace 'big': its runs were submitted to Slurm" \
  "$expcfg" sweep "$experiment" --grid training.seed=1,2 -o big --emit slurm
rm -f records/sbatch
"$expcfg" launch "$experiment" --set training.output_dir=run1 --submit >jobid
[ "$(cat jobid)" = 4241 ] || fail "launch --submit printed $(cat jobid)"
[ -f run1/expcfg/job.slurm ] && [ -f run1/expcfg/resolved.yaml ] || fail "no run record"
grep -q '"job_id": "4241"' run1/expcfg/slurm.json || fail "slurm.json: $(cat run1/expcfg/slurm.json)"
[ "$(cat records/sbatch)" = "--parsable $PWD/run1/expcfg/job.slurm" ] || fail "sbatch: $(cat records/sbatch)"
echo "log" >run1/expcfg/slurm-4241.out
"$expcfg" verify run1 >verified || fail "verify of a submitted run: $(cat verified)"

set +e
FAKE_SBATCH_REFUSES=1 "$expcfg" launch "$experiment" --set training.output_dir=run2 --submit >out 2>err
status=$?
set -e
[ "$status" -eq 2 ] && grep -q "sbatch refused .*Invalid account" err && [ ! -s out ] ||
  fail "a refused submission: status $status, $(cat err)"
[ -f run2/expcfg/submit-failed.txt ] || fail "no submit-failed.txt"
# ... nor the record of a submitted job (its log is there).
grep -q "each node, its task runs:" run1/expcfg/command.txt || fail "command.txt: $(cat run1/expcfg/command.txt)"
expect 2 "refusing to replace '$PWD/run1/expcfg': it is the record of a job submitted to Slurm" \
  "$expcfg" launch "$experiment" --set "training.output_dir=$PWD/run1" --submit

# 5. What cannot become a script is refused, at the value's origin, and nothing is written.
printf 'launch:\n  slurm:\n    time: 3 days\n' >badtime.yaml
expect 1 "badtime.yaml:3:5: error: 'launch.slurm.time' must be MINUTES" \
  "$expcfg" check base.yaml badtime.yaml
expect 1 "'launch.slurm.extra' sets --nodes, which expcfg writes itself" \
  "$expcfg" check base.yaml --set 'launch.slurm.extra=[--nodes=3]'
expect 1 "'launch.slurm.extra' sets --partition, which expcfg writes from 'launch.slurm.partition'" \
  "$expcfg" check base.yaml --set 'launch.slurm.extra=[--partition=x]'
expect 1 "is no sbatch option" "$expcfg" check base.yaml --set 'launch.slurm.extra=[--mail-typ=END]'
expect 1 "'launch.slurm.extra' sets --wait, which expcfg writes itself or needs unset" \
  "$expcfg" check base.yaml --set 'launch.slurm.extra=[--wait]'
"$expcfg" check base.yaml --set 'launch.slurm.extra=[--open-mode=append, --hint=nomultithread]' ||
  fail "sbatch(1) options outside sbatch --help"
expect 1 "asks for 2 GPUs per node, but 'launch.nproc_per_node' starts 4" \
  "$expcfg" check base.yaml --set launch.slurm.gpus_per_node=a100:2 --set launch.nproc_per_node=4
expect 1 "'launch.slurm.mem' must be a size such as 500G, 64000M or 0, got '5 GB'" \
  "$expcfg" check base.yaml --set 'launch.slurm.mem=5 GB'
expect 1 "'launch.slurm.cpus_per_task' must be at least 1, got 0" \
  "$expcfg" check base.yaml --set launch.slurm.cpus_per_task=0
expect 2 "holds a backslash" "$expcfg" sweep base.yaml --grid training.seed=1,2 -o 'back\slash' --emit slurm
expect 1 "unknown key 'launch.slurm.partion'" "$expcfg" check base.yaml --set launch.slurm.partion=x
grep -qF "did you mean 'slurm.partition'?" err || fail "no suggestion: $(cat err)"
expect 1 "'model.token' holds a credential, which a Slurm script would write into a file" \
  "$expcfg" launch base.yaml --set model.token=hf_abc --emit slurm
expect 1 "a Slurm script starts torchrun on each node; 'launch.launcher' is 'deepspeed'" \
  "$expcfg" launch base.yaml --set launch.launcher=deepspeed --emit slurm
expect 2 "sets launch.master_port; the tasks of a job array packed onto one node" \
  "$expcfg" sweep base.yaml --grid training.seed=1,2 --set launch.master_port=29500 -o s --emit slurm
expect 2 "differ in 'launch.nnodes'; the runs of one Slurm job array share its shape" \
  "$expcfg" sweep base.yaml --grid launch.nnodes=1,2 -o s --emit slurm
# Runs may target other releases (other field tables) and still share one array's shape.
"$expcfg" sweep base.yaml --grid launch.transformers=4.44.2,5.17.0 --set training.output_dir=o -o releases \
  --emit slurm >/dev/null ||
  fail "a sweep over releases"
rm -rf releases
expect 1 "'launch.nnodes' is 2, so 'launch.master_addr' must name the rank-0 node" \
  "$expcfg" launch base.yaml --set launch.nnodes=2
# ... which a Slurm script does not need.
"$expcfg" check base.yaml --set launch.nnodes=2 || fail "check wants master_addr"
echo "slurm scripts: ok"
