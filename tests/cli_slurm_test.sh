#!/usr/bin/env bash
# expcfg's Slurm scripts on a real Slurm: a two-node cluster on this machine
# (tests/slurm/local_cluster.sh) runs the jobs `--submit` hands to sbatch, and a stand-in torchrun
# (tests/slurm/torchrun) records what each node was given and performs the rendezvous over TCP, so
# a port shared by two tasks on one node fails as it would on a real cluster. Checked: every
# node got exactly the words `expcfg args` prints, its node rank, one endpoint per job on the
# job's first node; jobs run in the submission folder whatever the folder sbatch ran from; logs
# land where configured; sweeps pack tasks without collisions and are split within MaxArraySize.
#
# Needs root and Debian's slurmctld, slurmd, slurm-client and munge; exits 77 (skipped) without.
set -euo pipefail
skip() {
  echo "skipped: $*" >&2
  exit 77
}
[ "$(id -u)" -eq 0 ] || skip "the local Slurm cluster needs root (daemons, /etc/hosts)"
for tool in slurmctld slurmd munged sbatch scontrol sinfo unshare jq; do
  command -v "$tool" >/dev/null ||
    skip "'$tool' is missing: apt-get install slurmctld slurmd slurm-client munge jq"
done

expcfg=$(realpath "$1")
repo=$(pwd)
experiment=$repo/configs/experiments/bge-large-en-v1.5.yaml
work=$(mktemp -d)
cluster=$work/cluster
started=$SECONDS
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
step() { echo "== [$((SECONDS - started)) s] $*"; }

# One local cluster at a time on this machine: two would share the node names and addresses.
exec 9>/tmp/expcfg-local-slurm.lock
flock -w 300 9 || fail "another local Slurm cluster held /tmp/expcfg-local-slurm.lock for 5 min"
trap 'bash "$repo/tests/slurm/local_cluster.sh" stop "$cluster"; rm -rf "$work"' EXIT

step "start a two-node cluster"
# munged wants the folders above its socket searchable by all.
chmod 755 "$work"
cluster_env=$(bash "$repo/tests/slurm/local_cluster.sh" start "$cluster") || fail "the cluster did not start"
eval "$cluster_env"
# The jobs inherit this environment: the stand-in torchrun first on PATH, where it writes.
export PATH=$repo/tests/slurm:$PATH
export FAKE_TORCHRUN_RECORDS=$work/records FAKE_TORCHRUN_ENV=WANDB_MODE
unset WANDB_MODE
records=$FAKE_TORCHRUN_RECORDS
submit=$work/submit
mkdir -p "$submit"
cd "$submit"

# The job's log files, for a failure's report.
show_logs() {
  local file
  scontrol show job "$1" 2>/dev/null | grep -o 'StdOut=.*' | cut -d= -f2- | sort -u |
    while read -r file; do
      echo "----- $file" >&2
      cat "$file" >&2 2>/dev/null || echo "(missing)" >&2
    done
}

# end_states ID: waits (60 s at most) until the job, every task of an array, has ended; prints
# the states its tasks ended in, sorted, each followed by a space.
end_states() {
  local states deadline=$((SECONDS + 60))
  while :; do
    states=$(scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 |
      sort | tr '\n' ' ')
    case " $states" in
      " " | *" PENDING "* | *" RUNNING "* | *" CONFIGURING "* | *" COMPLETING "*) ;;
      *) break ;;
    esac
    [ "$SECONDS" -lt "$deadline" ] || { show_logs "$1"; fail "job $1 has not ended after 60 s: $states"; }
    sleep 0.3
  done
  echo "$states"
}

# wait_jobs ID...: waits for each job; fails unless every task COMPLETED.
wait_jobs() {
  local id states
  for id; do
    states=$(end_states "$id")
    [[ $states =~ ^(COMPLETED )+$ ]] || { show_logs "$id"; fail "job $id ended $states"; }
  done
}

# The experiment's runner module, as `expcfg launch` names it (every job here runs it).
module=$("$expcfg" launch "$experiment" | grep -o -- ' -m [^ ]*' | cut -c5-)
[ -n "$module" ] || fail "expcfg launch names no module: $("$expcfg" launch "$experiment")"

# same_args RECORD FILES_AND_SETS...: the record's runner arguments are exactly the words of
# `expcfg args FILES_AND_SETS` (run from the submission folder) and its module the runner's.
same_args() {
  local record=$1
  shift
  "$expcfg" args -0 "$@" >"$work/expected_args" || fail "expcfg args $* failed"
  jq -j '.runner_args[] + "\u0000"' "$record" >"$work/got_args"
  cmp -s "$work/expected_args" "$work/got_args" || {
    diff <(tr '\0' '\n' <"$work/expected_args") <(tr '\0' '\n' <"$work/got_args") >&2 || true
    fail "$record: the runner's arguments are not those of expcfg args $* (diff: expected, got)"
  }
  local got_module
  got_module=$(jq -r .module "$record")
  [ "$got_module" = "$module" ] || fail "$record: module $got_module, not $module"
}

step "0: the fixture catches a shared port: two array tasks on one node, one fixed port"
cat >"$work/fixed_port.slurm" <<'SCRIPT'
#!/bin/bash
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=1
#SBATCH --nodelist=lsnode1
#SBATCH --array=0-1
srun torchrun --nnodes 1 --nproc_per_node 1 --rdzv_backend c10d --rdzv_endpoint lsnode1:29400 \
  --rdzv_id "$SLURM_JOB_ID" -m stand_in.module --seed "$SLURM_ARRAY_TASK_ID"
SCRIPT
fixed_id=$(FAKE_TORCHRUN_HOLD=5 sbatch --parsable --output="$work/fixed-%a.out" "$work/fixed_port.slurm")

step "a+b: submit one single-node and one two-node job"
single=(--set training.output_dir=runs/single --set "launch.env={WANDB_MODE: offline}")
multi=(--set training.output_dir=runs/multi --set launch.nnodes=2 --set launch.nproc_per_node=2
  --set launch.slurm.gpus_per_node=2 --set "launch.slurm.output=logs/multi-%j.out")
mkdir logs  # step g checks a log folder that does not exist yet
single_id=$("$expcfg" launch "$experiment" "${single[@]}" --submit) || fail "launch --submit failed"
multi_id=$("$expcfg" launch "$experiment" "${multi[@]}" --submit) || fail "launch --submit (2 nodes) failed"
[[ $single_id =~ ^[0-9]+$ && $multi_id =~ ^[0-9]+$ ]] ||
  fail "launch --submit printed '$single_id' and '$multi_id', not job ids"
[ -s runs/single/expcfg/job.slurm ] || fail "no run record script runs/single/expcfg/job.slurm"
[ "$(jq -r .job_id runs/single/expcfg/slurm.json)" = "$single_id" ] ||
  fail "runs/single/expcfg/slurm.json does not record job $single_id: $(cat runs/single/expcfg/slurm.json)"
# Submitted again from another folder, the script still runs in the submission folder.
resubmitted_id=$(cd / && sbatch --parsable "$submit/runs/single/expcfg/job.slurm") ||
  fail "sbatch of job.slurm from / failed"
wait_jobs "$single_id" "$multi_id" "$resubmitted_id"
step "0: the fixed-port tasks: one ran, the other failed with 'address in use'"

[ "$(end_states "$fixed_id")" = "COMPLETED FAILED " ] ||
  fail "two tasks on one port of one node did not collide: $(scontrol show job "$fixed_id" | grep -o 'JobState=[A-Z]*')"
grep -q "address in use" "$work"/fixed-*.out || fail "the collision did not say 'address in use'"

step "a: one node: the argv of expcfg args, the submission folder, launch.env, the log"
for id in "$single_id" "$resubmitted_id"; do
  record=$records/$id-0.json
  [ -s "$record" ] || fail "job $id left no torchrun record"
  same_args "$record" "$experiment" "${single[@]}"
  IFS=$'\t' read -r cwd wandb_mode options host endpoint < <(jq -r '[.cwd, .env.WANDB_MODE // "",
    .options.nnodes + " " + .options.rdzv_backend + " " + .options.rdzv_id, .hostname, .endpoint]
    | @tsv' "$record")
  [ "$cwd" = "$submit" ] || fail "job $id ran in $cwd, not the submission folder $submit"
  [ "$wandb_mode" = offline ] || fail "job $id: launch.env's WANDB_MODE is '$wandb_mode'"
  [ "$options" = "1 c10d $id" ] || fail "job $id: torchrun's nnodes, rdzv_backend, rdzv_id: $options"
  [ "${endpoint%:*}" = "$host" ] || fail "job $id: endpoint $endpoint is not on its node $host"
done
log=runs/single/expcfg/slurm-$single_id.out
grep -q "rank 0 of 1" "$log" 2>/dev/null || fail "the log is not $submit/$log"
[ ! -e "/slurm-$resubmitted_id.out" ] || fail "the resubmitted job logged into the folder sbatch ran from"

step "b: two nodes: node ranks 0 and 1, one endpoint on the first node, GPUs from Slurm, the log"
seen=""
for node_id in 0 1; do
  record=$records/$multi_id-$node_id.json
  [ -s "$record" ] || fail "job $multi_id left no record for node $node_id"
  same_args "$record" "$experiment" "${multi[@]}"
  IFS=$'\t' read -r slurm_node_id options endpoint gpus nodelist host rank < <(jq -r '[
    .env.SLURM_NODEID, .options.nnodes + " " + .options.nproc_per_node, .endpoint,
    .env.CUDA_VISIBLE_DEVICES // "", .env.SLURM_JOB_NODELIST, .hostname, .rank] | @tsv' "$record")
  [ "$slurm_node_id" = "$node_id" ] || fail "$record: SLURM_NODEID is $slurm_node_id"
  [ "$options" = "2 2" ] || fail "$record: torchrun's nnodes and nproc_per_node: $options"
  first_node=$(scontrol show hostnames "$nodelist" | head -n1)
  [ "${endpoint%:*}" = "$first_node" ] || fail "$record: endpoint $endpoint is not on the first node $first_node"
  [ "$gpus" = 0,1 ] || fail "$record: CUDA_VISIBLE_DEVICES is '$gpus', not Slurm's 0,1"
  seen+="$host:$rank:$endpoint "
done
read -r node0 node1 <<<"$seen"
[ "${node0#*:*:}" = "${node1#*:*:}" ] || fail "the two nodes used different endpoints: $seen"
[ "${node0%%:*}" != "${node1%%:*}" ] || fail "both tasks ran on one node: $seen"
ranks=$(printf '%s\n' "$node0" "$node1" | cut -d: -f2 | sort | tr '\n' ' ')
[ "$ranks" = "0 1 " ] || fail "node ranks: $seen"
[ -s "logs/multi-$multi_id.out" ] || fail "launch.slurm.output: no $submit/logs/multi-$multi_id.out"

# check_sweep FOLDER RUNS: every run of the submitted sweep in FOLDER completed, in the
# submission folder, with the arguments of its run file, and logged into FOLDER/logs/; leaves
# the runs' "<arrayjob>_<task>" ids in $work/task_ids.
check_sweep() {
  local folder=$1 runs=$2 name file job record cwd
  [ "$(wc -l <"$folder/runs.jsonl")" -eq "$runs" ] || fail "$folder/runs.jsonl has not $runs lines"
  jq -r '.slurm_job_id // "none"' "$folder/runs.jsonl" >"$work/task_ids"
  grep -qvE '^[0-9]+_[0-9]+$' "$work/task_ids" &&
    fail "$folder/runs.jsonl: slurm_job_id not <arrayjob>_<task>: $(tr '\n' ' ' <"$work/task_ids")"
  [ "$(sort -u "$work/task_ids" | wc -l)" -eq "$runs" ] || fail "$folder/runs.jsonl: task ids repeat"
  # shellcheck disable=SC2046
  wait_jobs $(cut -d_ -f1 "$work/task_ids" | sort -u)
  # Array task "<arrayjob>_<task>" -> its record and folder, read once.
  local -A record_of cwd_of
  while IFS=$'\t' read -r job record cwd; do
    record_of[$job]=$record
    cwd_of[$job]=$cwd
  done < <(jq -r 'select(.env.SLURM_ARRAY_JOB_ID != null)
    | [.env.SLURM_ARRAY_JOB_ID + "_" + .env.SLURM_ARRAY_TASK_ID, input_filename, .cwd] | @tsv' \
    "$records"/*.json)
  while IFS=$'\t' read -r name file job; do
    record=${record_of[$job]:-}
    [ -n "$record" ] || fail "run $name (task $job) left no torchrun record"
    [ "${cwd_of[$job]}" = "$submit" ] || fail "run $name ran in ${cwd_of[$job]}"
    same_args "$record" "$folder/$(basename "$file")"
    [ -s "$folder/logs/$job.out" ] || fail "run $name: no log $folder/logs/$job.out"
  done < <(jq -r '[.name, .file, .slurm_job_id] | @tsv' "$folder/runs.jsonl")
}

step "c: a 4-run sweep array, 1 CPU per task: tasks pack 2 per node without a port collision"
"$expcfg" sweep "$experiment" --set training.output_dir=runs/sweep --set launch.slurm.cpus_per_task=1 \
  --grid training.seed=1,2,3,4 -o S --submit >"$work/sweep_out" || fail "sweep --submit failed"
check_sweep S 4
# Packing happened: two tasks of one node overlapped in time (each held its port meanwhile).
jq -s -r '[.[] | select(.env.SLURM_ARRAY_JOB_ID != null)]
  | group_by(.hostname) | map(select(length >= 2)) | map(
      [combinations(2) | select(.[0].started < .[1].finished and .[1].started < .[0].finished)
       | select(.[0].env.SLURM_JOB_ID != .[1].env.SLURM_JOB_ID)] | length) | add // 0' \
  "$records"/*.json >"$work/overlaps"
[ "$(cat "$work/overlaps")" -gt 0 ] || fail "no two array tasks overlapped on one node: packing untested"

step "d: a 7-run sweep on a cluster with MaxArraySize=5, into a folder named 'my sweep'"
"$expcfg" sweep "$experiment" --set training.output_dir=runs/seven --set launch.slurm.cpus_per_task=1 \
  --grid training.seed=1,2,3,4,5,6,7 -o "my sweep" --submit >"$work/sweep_out" ||
  fail "sweep --submit of 7 runs failed"
check_sweep "my sweep" 7
arrays=$(cut -d_ -f1 "$work/task_ids" | sort -u)
[ "$(wc -w <<<"$arrays")" -ge 2 ] || fail "7 runs in one array on a cluster with MaxArraySize=5"
for array in $arrays; do
  [ "$(grep -c "^${array}_" "$work/task_ids")" -le 5 ] || fail "array $array has more than 5 tasks"
done

step "e: the scripts parse with bash -n"
"$expcfg" launch "$experiment" "${multi[@]}" --emit slurm >"$work/emitted.slurm" || fail "launch --emit slurm failed"
for script in "$work/emitted.slurm" runs/single/expcfg/job.slurm runs/multi/expcfg/job.slurm \
  S/sweep.slurm "my sweep/sweep.slurm" S/*.run.sh "my sweep"/*.run.sh; do
  bash -n "$script" || fail "$script does not parse"
done
cmp -s "$work/emitted.slurm" runs/multi/expcfg/job.slurm ||
  fail "launch --emit slurm is not the script --submit submitted"

step "f: sbatch's refusal is reported"
set +e
"$expcfg" launch "$experiment" --set training.output_dir=runs/refused --set launch.slurm.partition=nosuch \
  --submit >"$work/out" 2>"$work/err"
status=$?
set -e
[ "$status" -ne 0 ] || fail "a job for a partition that does not exist was accepted"
grep -qi "partition" "$work/err" || fail "the refusal does not say why: $(cat "$work/err")"
[ ! -s "$work/out" ] || fail "a refused submission printed a job id: $(cat "$work/out")"

step "g: launch.slurm.output in a folder that does not exist yet (and has a space)"
# Slurm opens the log file but makes no folder: a job whose log folder is missing fails without
# a trace. --submit must make the folder, or refuse before sbatch.
if log_id=$("$expcfg" launch "$experiment" --set training.output_dir=runs/new_logs \
  --set "launch.slurm.output=new logs/%j.out" --submit 2>"$work/err"); then
  [ -d "new logs" ] || fail "launch --submit (job $log_id) did not make the log folder 'new logs/'"
  wait_jobs "$log_id"
  [ -s "new logs/$log_id.out" ] || fail "no log $submit/new logs/$log_id.out"
else
  grep -q "new logs" "$work/err" || fail "launch --submit failed without naming the log folder: $(cat "$work/err")"
  [ -z "$(squeue -h -t PD,R,CG)" ] || fail "launch --submit failed yet submitted a job: $(squeue)"
fi

step "done"
