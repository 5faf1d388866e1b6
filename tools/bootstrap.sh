#!/usr/bin/env bash
# Installs what expcfg needs to build (Debian 12 packages) when it is missing, then configures
# and builds build/ with warnings as errors. Safe to run again: it installs and rebuilds only
# what changed. Run as root, or as a user with sudo. Slurm, munge and jq serve the test that
# submits jobs to a two-node cluster of its own on this machine (tests/slurm/local_cluster.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install_packages.sh g++ cmake ninja-build pkg-config libyaml-cpp-dev libfmt-dev \
  libcli11-dev nlohmann-json3-dev libgtest-dev libbenchmark-dev python3 python3-jsonschema python3-yaml \
  shfmt slurmctld slurmd slurm-client munge jq

cmake --preset ci >/dev/null
cmake --build build --parallel "$(nproc)"
