#!/usr/bin/env bash
# `cmake --install` puts the binary, the bash and zsh completions, the library, its headers
# and its CMake package under the prefix, and the installed binary runs.
set -euo pipefail
build_dir=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
for file in bin/expcfg share/bash-completion/completions/expcfg share/zsh/site-functions/_expcfg \
            include/expcfg/resolve.hpp include/expcfg/arguments/training.hpp \
            lib/libexpcfg.a lib/cmake/expcfg/expcfgConfig.cmake \
            lib/cmake/expcfg/expcfgConfigVersion.cmake lib/cmake/expcfg/expcfgTargets.cmake; do
  [ -f "$prefix/$file" ] || fail "$file not installed"
done
# The public API is a few headers; the stages' own headers stay in src/.
headers=$(find "$prefix/include/expcfg" -name '*.hpp' | wc -l)
[ "$headers" -le 12 ] || fail "$headers public headers installed (at most 12)"
"$prefix/bin/expcfg" --version | grep -q '^expcfg ' || fail "the installed binary does not run"
echo "install: ok"
