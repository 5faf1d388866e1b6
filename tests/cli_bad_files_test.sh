#!/usr/bin/env bash
# Files that are not layer files: a FIFO (must not block), a file over the size limit (refused
# before reading), standard input over the limit, and a file expcfg may not read. Each is an
# I/O error (exit 2) naming the file, with nothing on stdout.
set -euo pipefail
expcfg=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"

expect_io_error() {  # expect_io_error MESSAGE ARGS...: exit 2, MESSAGE on stderr, empty stdout
  local message=$1 status
  shift
  set +e
  timeout 10 "$expcfg" "$@" >out 2>err </dev/null
  status=$?
  set -e
  [ "$status" -eq 2 ] || fail "$*: status $status, expected 2 ($(cat err))"
  [ ! -s out ] || fail "$*: printed on stdout"
  grep -qF -- "$message" err || fail "$*: expected '$message', got: $(cat err)"
}

mkfifo fifo.yaml
expect_io_error "expcfg: error: cannot read 'fifo.yaml': is a FIFO, not a regular file (use '-' to read standard input)" \
  check fifo.yaml

truncate -s $((64 * 1024 * 1024 + 1)) big.yaml  # sparse: no disk used
expect_io_error "expcfg: error: cannot read 'big.yaml': is 67108865 bytes, larger than the 64 MiB limit of a layer file" \
  dump big.yaml

set +e
head -c $((64 * 1024 * 1024 + 10)) /dev/zero | "$expcfg" check - >out 2>err
status=$?
set -e
[ "$status" -eq 2 ] && grep -qF "cannot read '-': larger than the 64 MiB limit of a layer file" err ||
  fail "stdin over the limit: status $status, $(cat err)"

printf 'model: {model_name_or_path: m}\n' >secret.yaml
chmod 000 secret.yaml
if [ "$(id -u)" -ne 0 ]; then
  expect_io_error "expcfg: error: cannot read 'secret.yaml': Permission denied" check secret.yaml
elif command -v setpriv >/dev/null; then
  # root reads any file: drop to nobody (the binary and this folder are reachable by all).
  chmod 755 "$work"
  cp "$expcfg" "$work/expcfg"
  chmod 755 "$work/expcfg"
  set +e
  setpriv --reuid=nobody --regid=nogroup --clear-groups "$work/expcfg" check secret.yaml >out 2>err
  status=$?
  set -e
  [ "$status" -eq 2 ] && grep -qF "cannot read 'secret.yaml': Permission denied" err ||
    fail "unreadable file as nobody: status $status, $(cat err)"
else
  echo "note: running as root without setpriv; the unreadable-file check is skipped"
fi

# An extends target that cannot be read is a configuration error at the extends entry.
printf 'extends: fifo.yaml\n' >uses_fifo.yaml
set +e
timeout 10 "$expcfg" check uses_fifo.yaml >out 2>err
status=$?
set -e
[ "$status" -eq 1 ] || fail "extends of a FIFO: status $status"
grep -qF "uses_fifo.yaml:1:10: error: cannot read extends target 'fifo.yaml': is a FIFO" err ||
  fail "extends of a FIFO: $(cat err)"
echo "bad files: ok"
