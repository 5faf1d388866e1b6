#!/usr/bin/env bash
# Whole-process comparison, in one hyperfine run: `expcfg dump` of the example (3 layers + 2
# --set, full schema and validation) against the floor (plain yaml-cpp, no schema), convict
# with a schema and OmegaConf with a structured schema; then the 100,000-path train_data case
# against the floor. Prints the table and the ratios; writes bench/results/*.json.
#   bash bench/compare.sh            (after tools/bootstrap.sh; installs what it needs)
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install_packages.sh hyperfine python3-omegaconf >/dev/null
command -v npm >/dev/null || bash tools/install_packages.sh nodejs npm >/dev/null
[ -x build/bin/expcfg_floor ] || bash tools/bootstrap.sh
(cd bench/peers && [ -d node_modules/convict ] || npm install --no-audit --no-fund --silent)

out=bench/results
mkdir -p "$out"
build/bin/expcfg schema --runner embedder.encoder_only.base -o "$out/schema.json"
layers="bench/example/base.yaml bench/example/experiment.yaml bench/example/override.yaml"
sets="--set training.learning_rate=2e-5 --set training.seed=7"
# The peers start with a clean environment: inherited variables (NODE_EXTRA_CA_CERTS,
# PYTHONDONTWRITEBYTECODE, ...) inflate their start-up. Every command gets the same one.
clean="env -i PATH=/usr/bin:/bin HOME=$PWD/$out"
python=/usr/bin/python3  # Debian's, which has python3-omegaconf

# Each peer must print the same configuration before it is timed.
for command in "build/bin/expcfg dump" "build/bin/expcfg_floor" \
               "node bench/peers/convict_dump.js $out/schema.json" \
               "$python bench/peers/omegaconf_dump.py $out/schema.json"; do
  $clean $command $layers $sets | grep -Eq 'learning_rate: (2(\.0)?e-0?5|0\.00002)$' ||
    { echo "compare: '$command' did not print the override" >&2; exit 1; }
done

hyperfine -N --warmup 10 --min-runs 40 --export-json "$out/example.json" \
  -n floor "$clean build/bin/expcfg_floor $layers $sets" \
  -n expcfg "$clean build/bin/expcfg dump $layers $sets" \
  -n convict "$clean node bench/peers/convict_dump.js $out/schema.json $layers $sets" \
  -n omegaconf "$clean $python bench/peers/omegaconf_dump.py $out/schema.json $layers $sets"

# 100,000 paths in train_data (about 3.7 MB).
big=$out/train_data_100k.yaml
{ printf 'model:\n  model_name_or_path: m\ntraining:\n  output_dir: o\ndata:\n  train_data:\n'
  seq -f '    - /data/shard/train-%06g.jsonl' 0 99999; } >"$big"
hyperfine -N --warmup 2 --min-runs 10 --export-json "$out/train_data_100k.json" \
  -n floor "$clean build/bin/expcfg_floor $big" \
  -n expcfg "$clean build/bin/expcfg dump $big"
for tool in build/bin/expcfg_floor "build/bin/expcfg dump"; do
  /usr/bin/time -f "$tool: peak memory %M KB (input $(($(stat -c %s "$big") / 1024)) KB)" \
    $tool "$big" >/dev/null
done

$python - "$out" <<'PY'
import json, statistics, sys
out = sys.argv[1]
for case in ("example", "train_data_100k"):
    results = {r["command"]: r for r in json.load(open(f"{out}/{case}.json"))["results"]}
    floor = statistics.median(results["floor"]["times"])
    print(f"\n{case}: median wall time, and ratio to the floor")
    for name, r in results.items():
        median = statistics.median(r["times"])
        print(f"  {name:10} {median * 1000:9.2f} ms  {median / floor:6.2f}x floor")
    if "convict" in results:
        e = statistics.median(results["expcfg"]["times"])
        for peer in ("convict", "omegaconf"):
            print(f"  expcfg is {statistics.median(results[peer]['times']) / e:.1f}x faster than {peer}")
PY
