#!/usr/bin/env bash
# Installs what expcfg needs to build (Debian 12 packages) when it is missing, then configures
# and builds build/ with warnings as errors. Safe to run again: it installs and rebuilds only
# what changed. Run as root, or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake ninja-build pkg-config libyaml-cpp-dev libfmt-dev libcli11-dev
          nlohmann-json3-dev libgtest-dev python3)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake --preset ci >/dev/null
cmake --build build --parallel "$(nproc)"
