#!/usr/bin/env bash
# The installed CMake package works for a downstream project: tests/consumer finds it with
# find_package(expcfg CONFIG), builds against it (with the compiler and flags of this build),
# and resolves a shipped experiment through the public API.
#   install_consumer_test.sh BUILD_DIR CXX_COMPILER "CXX_FLAGS"
set -euo pipefail
build_dir=$1 compiler=$2 flags=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
if grep -rlE '#include <yaml-cpp|YAML::' "$work/prefix/include/expcfg" >"$work/leaks"; then
  fail "public headers mention yaml-cpp: $(tr '\n' ' ' <"$work/leaks")"
fi
cmake -S tests/consumer -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_COMPILER="$compiler" \
  -DCMAKE_CXX_FLAGS="$flags" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "the consumer project does not configure"; }
cmake --build "$work/build" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; fail "the consumer project does not build"; }

consumer=$work/build/resolve_experiment
"$consumer" configs/experiments/bge-large-en-v1.5.yaml --set training.learning_rate=3e-5 \
  >"$work/out" 2>&1 || { cat "$work/out"; fail "the consumer failed on a shipped experiment"; }
grep -qx 'model: BAAI/bge-large-en-v1.5' "$work/out" || fail "model: $(cat "$work/out")"
grep -qx 'learning_rate: 3e-05 from --set' "$work/out" || fail "learning_rate: $(cat "$work/out")"
grep -q '^runner: embedder.encoder_only.base$' "$work/out" || fail "no YAML dump: $(cat "$work/out")"
# StackResolver: each point hashes as `expcfg hash` hashes that stack with that override.
for seed in 1 2; do
  want=$("$build_dir/bin/expcfg" hash configs/experiments/bge-large-en-v1.5.yaml \
    --set training.learning_rate=3e-5 --set training.seed=$seed)
  grep -qx "training.seed=$seed: $want" "$work/out" || fail "point $seed is not $want: $(cat "$work/out")"
done

# Its errors are expcfg's diagnostics, with the exit status of the command line.
set +e
"$consumer" configs/experiments/bge-large-en-v1.5.yaml --set training.learning_rat=1 >"$work/bad" 2>&1
status=$?
set -e
[ "$status" -eq 1 ] || fail "a bad override exits $status, not 1"
grep -q "error: unknown key 'training.learning_rat'" "$work/bad" || fail "bad override: $(cat "$work/bad")"
echo "install consumer: ok"
