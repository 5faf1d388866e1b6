#!/usr/bin/env bash
# Run records and run-time values: `launch --exec` writes run.json and record.sha256 (one
# record per node), `expcfg verify` finds every kind of mismatch, `${now:...}` and `${git:...}`
# are fixed per invocation (EXPCFG_NOW fixes the clock), and the config hash ignores them.
set -euo pipefail
expcfg=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: ${*:0:2000}" >&2; exit 1; }
# shellcheck source=tests/cli_status.sh
source "$(dirname "$0")/cli_status.sh"
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }

mkdir "$work/bin"
printf '#!/bin/sh\nexit 0\n' >"$work/bin/torchrun"  # runs without PATH too
chmod +x "$work/bin/torchrun"
export PATH=$work/bin:$PATH EXPCFG_NOW=2026-01-02T03:04:05Z TZ=UTC
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

# The configurations live in their own git repository; the run starts in another folder.
mkdir -p "$work/repo/base" "$work/start"
cd "$work/repo"
cat >base/common.yaml <<'YAML'
model: {model_name_or_path: BAAI/bge-base-en-v1.5}
data: {train_data: [./data.jsonl]}
training:
  learning_rate: ${env:RECORD_TEST_LR,1e-5}
YAML
cat >exp.yaml <<'YAML'
extends: base/common.yaml
training:
  output_dir: ../runs/${now:%Y-%m-%d_%H-%M-%S}
  run_name: exp-${git:short}-${now:%H%M}
YAML
git init -q . && git symbolic-ref HEAD refs/heads/main && git add -A && git -c user.name=t -c user.email=t@t commit -qm configs
commit=$(git rev-parse HEAD)
cd "$work/start"

# ${now:...} and ${git:...}: resolved once, as Hydra's ${now:...} is; check passes.
status 0 "$expcfg" dump ../repo/exp.yaml --set training.logging_dir='${git:branch}/${git:dirty}'
has "output_dir: ../runs/2026-01-02_03-04-05" out
has "run_name: exp-${commit:0:7}-0304" out
has "logging_dir: main/false" out
status 0 "$expcfg" check ../repo/exp.yaml
status 0 "$expcfg" dump --show-origin ../repo/exp.yaml
has '${now:%Y-%m-%d_%H-%M-%S} from the start time 2026-01-02T03:04:05Z' out
has "\${git:short} from git ($work/repo)" out
# The local time of the process's zone, as Hydra's: TZ=UTC-9 is 9 hours east.
TZ=UTC-9 status 0 "$expcfg" dump ../repo/exp.yaml
has "output_dir: ../runs/2026-01-02_12-04-05" out

# The hash covers the template, not the time: an experiment keeps its hash from run to run.
hash1=$("$expcfg" hash ../repo/exp.yaml)
hash2=$(EXPCFG_NOW=2027-05-06T07:08:09Z "$expcfg" hash ../repo/exp.yaml)
[ "$hash1" = "$hash2" ] || fail "the hash changed with the time: $hash1 $hash2"
hash3=$("$expcfg" hash ../repo/exp.yaml --set 'training.output_dir=../runs/${now:%Y}')
[ "$hash1" != "$hash3" ] || fail "the hash ignores the template"

# Errors name the value and say what to write.
status 1 "$expcfg" check ../repo/exp.yaml --set 'training.output_dir=${now:%Q}'
has "'%Q' in \${now:%Q} is not a supported strftime directive"
status 1 "$expcfg" check ../repo/exp.yaml --set 'training.output_dir=${git:tag}'
has "unknown git value 'tag'"
EXPCFG_NOW=yesterday status 2 "$expcfg" check ../repo/exp.yaml
has "EXPCFG_NOW: expected a UTC time such as 2026-01-02T03:04:05Z, got 'yesterday'"
# A stack whose first layer is in no repository.
cat >"$work/outside.yaml" <<'YAML'
model: {model_name_or_path: BAAI/bge-base-en-v1.5}
data: {train_data: [./data.jsonl]}
training: {output_dir: ../runs/x, run_name: "exp-${git:short}"}
YAML
status 1 "$expcfg" check "$work/outside.yaml"
has "'training.run_name' refers to \${git:short}, but '$work' is not in a git repository"
status 0 "$expcfg" check "$work/outside.yaml" --set training.run_name=plain

# A sweep's runs share one start time.
status 0 "$expcfg" sweep ../repo/exp.yaml --grid training.seed=1,2 -o "$work/sweep"
[ "$(grep -c 'output_dir: ../runs/2026-01-02_03-04-05/seed=' "$work"/sweep/*.yaml | grep -c ':1$')" = 2 ] ||
  fail "sweep runs do not share the time: $(grep output_dir "$work"/sweep/*.yaml)"

# launch --exec: the record.
status 0 "$expcfg" launch --exec ../repo/exp.yaml --set model.token=hf_secret_value \
  --set 'launch.env={HF_TOKEN: hf_env_secret, WANDB_MODE: disabled}'
run=$work/runs/2026-01-02_03-04-05
record=$run/expcfg
for file in resolved.yaml origins.yaml command.txt layers.sha256 run.json record.sha256; do
  [ -s "$record/$file" ] || fail "the record lacks $file"
done
! grep -rq "hf_secret_value\|hf_env_secret" "$record" || fail "a credential leaked into the record"
(cd "$record" && sha256sum --quiet -c record.sha256) || fail "record.sha256 does not check"
[ "$(json "$record/run.json" 'd["started_at"]')" = 2026-01-02T03:04:05Z ] || fail "started_at"
[ "$(json "$record/run.json" 'd["cwd"]')" = "$work/start" ] || fail "cwd"
[ "$(json "$record/run.json" 'd["host"]')" = "$(hostname)" ] || fail "host"
[ -n "$(json "$record/run.json" 'd["expcfg_version"]')" ] || fail "expcfg_version"
[ "$(json "$record/run.json" 'd["git"]["commit"]')" = "$commit" ] || fail "git commit"
[ "$(json "$record/run.json" 'd["git"]["dirty"]')" = False ] || fail "git dirty"
[ "$(json "$record/run.json" 'd["git"]["repository"]')" = "$work/repo" ] || fail "git repository"
[ "$(json "$record/run.json" 'd["targets"]["transformers"]')" = 4.57.6 ] || fail "targets"
[ "$(json "$record/run.json" 'd["node"]')" = "{'rank': 0, 'nnodes': 1}" ] || fail "node"
[ "$(json "$record/run.json" '[l["path"] for l in d["layers"]]')" = \
  "['$work/repo/base/common.yaml', '$work/repo/exp.yaml']" ] || fail "layer paths"
[ "$(json "$record/run.json" 'd["layers"][1]["sha256"]')" = "$(sha256sum <../repo/exp.yaml | cut -c1-64)" ] ||
  fail "layer sha256"
json "$record/run.json" 'd["argv"][1:]' | grep -qF "'--set', 'model.token=<redacted>'" ||
  fail "argv: $(json "$record/run.json" 'd["argv"]')"
json "$record/run.json" 'd["argv"]' |
  grep -qF 'launch.env={"HF_TOKEN":"<redacted>","WANDB_MODE":"disabled"}' ||
  fail "argv env: $(json "$record/run.json" 'd["argv"]')"

# verify: the untouched run matches, from any folder.
cd "$work"
status 0 "$expcfg" verify "$run"
has "ok: $record: 5 record files and 2 layers unchanged" out
status 0 "$expcfg" verify "$record"
cd "$work/start"

# Each kind of mismatch: status 1 and what changed.
cp -a "$run" "$work/pristine"
restore() { rm -rf "$run" && cp -a "$work/pristine" "$run"; }
echo "# edited" >>"$record/resolved.yaml"
status 1 "$expcfg" verify "$run"
has "$record/resolved.yaml: error: modified after the run was recorded"
restore
rm "$record/origins.yaml"
status 1 "$expcfg" verify "$run"
has "$record/origins.yaml: error: missing from the record"
restore
echo extra >"$record/notes.txt"
status 1 "$expcfg" verify "$run"
has "$record/notes.txt: error: not part of the record"
restore
cp ../repo/exp.yaml "$work/exp.yaml.orig"
echo "  seed: 7" >>../repo/exp.yaml
status 1 "$expcfg" verify "$run"
has "$work/repo/exp.yaml: error: the run's layer changed since the run started"
has "resolved.yaml: error: differs from what the run's layers and invocation resolve to now"
has "training.seed: 42 -> 7"
mv ../repo/exp.yaml "$work/exp.yaml.changed"
status 1 "$expcfg" verify "$run"
has "$work/repo/exp.yaml: error: the run's layer cannot be read any more"
cp "$work/exp.yaml.orig" ../repo/exp.yaml
# The layers are as they were, but what they read is not: resolved.yaml differs.
RECORD_TEST_LR=3e-5 status 1 "$expcfg" verify "$run"
has "training.learning_rate: 1e-05 -> 3e-05"
status 0 "$expcfg" verify "$run"
# A different clock or zone does not matter: the replay uses the recorded start and zone.
EXPCFG_NOW=2030-01-01T00:00:00Z TZ=UTC-5 status 0 "$expcfg" verify "$run"
python3 - "$record/run.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["cwd"] = "/nonexistent/folder"
open(sys.argv[1], "w").write(json.dumps(d))
PY
status 1 "$expcfg" verify "$run"
has "$record/run.json: error: modified after the run was recorded"
has "cannot replay the run: its folder '/nonexistent/folder' is gone"
restore

# Usage errors: status 2.
status 2 "$expcfg" verify
status 2 "$expcfg" verify "$work/nonexistent"
has "'$work/nonexistent' is not a folder"
status 2 "$expcfg" verify "$work/repo"
has "'$work/repo' holds no run record"

# A dirty repository is recorded as such.
echo "# local edit" >>../repo/base/common.yaml
status 0 "$expcfg" launch --exec ../repo/exp.yaml --set training.output_dir="$work/dirty"
[ "$(json "$work/dirty/expcfg/run.json" 'd["git"]["dirty"]')" = True ] || fail "dirty not recorded"
# No repository: run.json says why, and the run still starts.
status 0 "$expcfg" launch --exec "$work/outside.yaml" --set training.run_name=x \
  --set training.output_dir="$work/norepo"
[ "$(json "$work/norepo/expcfg/run.json" 'd["git"]')" = None ] || fail "git outside a repository"
has "is not in a git repository" "$work/norepo/expcfg/run.json"
# git missing from PATH: the same.
status 0 env PATH="$work/bin" "$expcfg" launch --exec ../repo/exp.yaml \
  --set training.run_name=x --set training.output_dir="$work/nogit"
has "git is not installed" "$work/nogit/expcfg/run.json"

# Multi-node: each node's record beside the others, never one over another; verify checks all.
multi=(../repo/exp.yaml --set training.output_dir="$work/multi" --set launch.nnodes=2
       --set launch.master_addr=10.0.0.1 --set launch.master_port=29500)
status 0 "$expcfg" launch --exec "${multi[@]}" --set launch.node_rank=1
status 0 "$expcfg" launch --exec "${multi[@]}" --set launch.node_rank=0
[ "$(ls "$work/multi")" = "$(printf 'expcfg\nexpcfg-node-1')" ] || fail "node records: $(ls "$work/multi")"
[ "$(json "$work/multi/expcfg-node-1/run.json" 'd["node"]["rank"]')" = 1 ] || fail "node 1's rank"
status 0 "$expcfg" verify "$work/multi"
[ "$(grep -c '^ok: ' out)" = 2 ] || fail "verify did not check both nodes: $(cat out)"
echo "run records: ok"
