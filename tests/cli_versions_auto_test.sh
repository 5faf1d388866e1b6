#!/usr/bin/env bash
# `launch.transformers: auto` and `launch.flagembedding: auto` ask a real Python (python3) for
# what it has installed, through its package metadata: installs made here are real dist-info
# folders on PYTHONPATH, the way pip leaves them. Usage: cli_versions_auto_test.sh EXPCFG
set -euo pipefail
expcfg=$(realpath "$1")
fail() { echo "FAIL: $*" >&2; exit 1; }
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
experiment=configs/experiments/bge-base-en-v1.5.yaml

install_dist() {  # install_dist NAME VERSION: package metadata only, as pip writes it
  mkdir -p "$site/$1-$2.dist-info"
  printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n' "$1" "$2" >"$site/$1-$2.dist-info/METADATA"
}
trainer=$site/FlagEmbedding/finetune/embedder/encoder_only/base/trainer.py
mkdir -p "$(dirname "$trainer")"
: >"$site/FlagEmbedding/__init__.py"
# FlagEmbedding 1.4.0's _save, which transformers 5 breaks.
printf '        if self.tokenizer is not None and self.is_world_process_zero():\n' >"$trainer"
install_dist transformers 4.46.3
install_dist FlagEmbedding 1.4.0
export PYTHONPATH=$site

out=$("$expcfg" dump --show-origin "$experiment" --transformers auto --flagembedding auto)
grep -qx '# targets: transformers 4.46.3, FlagEmbedding 1.4.0' <<<"$out" || fail "header: $out"
grep -q 'transformers: "4.46.3"  # --transformers auto (auto: python3 has transformers 4.46.3)' \
  <<<"$out" || fail "origin of the detected release"
# A set launch.python is the one asked.
"$expcfg" check "$experiment" --set launch.transformers=auto --set "launch.python=$(command -v python3)" \
  || fail "an absolute launch.python"

# The transformers 5 fixes in the installed code make a 1.4.0 a source install.
printf '        if self.processing_class is not None:\n' >"$trainer"
rm -rf "$site/transformers-4.46.3.dist-info"
install_dist transformers 5.17.0
out=$("$expcfg" dump "$experiment" --transformers auto --flagembedding auto)
grep -qx '# targets: transformers 5.17.0, FlagEmbedding source' <<<"$out" || fail "source: $out"
warnings=$("$expcfg" check "$experiment" --transformers auto --flagembedding auto 2>&1) || fail "check"
[ -z "$warnings" ] || fail "a fixed FlagEmbedding on transformers 5 needs no warning: $warnings"

# Not installed, or no such Python: an error at the field, exit 1, nothing on stdout.
rm -rf "$site/transformers-5.17.0.dist-info"
set +e
out=$("$expcfg" dump "$experiment" --transformers auto 2>"$site/err")
status=$?
set -e
[ "$status" = 1 ] && [ -z "$out" ] || fail "not installed: status $status"
grep -qx "\-\-transformers auto: error: 'launch.transformers: auto' cannot ask 'python3' for its transformers: transformers is not installed for it" \
  "$site/err" || fail "not installed: $(cat "$site/err")"
set +e
"$expcfg" check "$experiment" --set launch.transformers=auto --set launch.python=/no/such/python \
  2>"$site/err"
status=$?
set -e
[ "$status" = 1 ] || fail "missing python: status $status"
grep -q "cannot ask '/no/such/python' for its transformers: No such file or directory" "$site/err" \
  || fail "missing python: $(cat "$site/err")"
# A file may not choose the program that check runs: a shared config could name anything.
printf 'launch:\n  transformers: auto\n  python: %s/evil.sh\n' "$site" >"$site/shared.yaml"
printf '#!/bin/sh\ntouch "%s/ran"\n' "$site" >"$site/evil.sh"
chmod +x "$site/evil.sh"
set +e
"$expcfg" check "$experiment" "$site/shared.yaml" 2>"$site/err"
status=$?
set -e
[ "$status" = 1 ] && [ ! -e "$site/ran" ] || fail "a file's launch.python ran (status $status)"
grep -q "error: 'launch.python' from a file is not run to answer 'launch.transformers: auto'" \
  "$site/err" || fail "file python: $(cat "$site/err")"
# A Python that leaves a child holding its output still answers; one that hangs is given up on.
printf '#!/bin/sh\nsleep 30 &\necho 5.0.0\n' >"$site/forks.sh"
printf '#!/bin/sh\nexec sleep 30\n' >"$site/hangs.sh"
printf '#!/bin/sh\necho hello\n' >"$site/garbage.sh"
chmod +x "$site/forks.sh" "$site/hangs.sh" "$site/garbage.sh"
started=$(date +%s)
out=$("$expcfg" dump "$experiment" --transformers auto --set "launch.python=$site/forks.sh")
grep -qx '# targets: transformers 5.0.0, FlagEmbedding 1.4.0' <<<"$out" || fail "forks: $out"
[ $(($(date +%s) - started)) -lt 5 ] || fail "waited for the child the Python left behind"
set +e
"$expcfg" check "$experiment" --transformers auto --set "launch.python=$site/hangs.sh" 2>"$site/err"
status=$?
"$expcfg" check "$experiment" --transformers auto --set "launch.python=$site/garbage.sh" 2>"$site/err2"
status2=$?
set -e
[ "$status" = 1 ] && grep -q "cannot ask '$site/hangs.sh' for its transformers: no answer within 10 s" \
  "$site/err" || fail "hangs: $(cat "$site/err")"
[ "$status2" = 1 ] && grep -q "'launch.transformers: auto': '$site/garbage.sh' answered 'hello', not a release" \
  "$site/err2" || fail "garbage: $(cat "$site/err2")"
echo "auto versions: detected, recorded and refused as expected"
