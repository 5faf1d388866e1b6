#!/usr/bin/env bash
# Installs what expcfg needs to build (Debian 12 packages) when it is missing, then configures
# and builds build/ with warnings as errors. Safe to run again: it installs and rebuilds only
# what changed. Run as root, or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install_packages.sh g++ cmake ninja-build pkg-config libyaml-cpp-dev libfmt-dev \
  libcli11-dev nlohmann-json3-dev libgtest-dev libbenchmark-dev python3 python3-jsonschema python3-yaml \
  shfmt

cmake --preset ci >/dev/null
cmake --build build --parallel "$(nproc)"
