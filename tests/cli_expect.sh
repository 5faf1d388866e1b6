# Sourced by the hostile-input CLI tests: a scratch folder with a minimal base.yaml, and
# `expect STATUS MESSAGE COMMAND...`, which checks the exit status, the message on stderr,
# nothing on stdout, no abort, and the folder's listing unchanged.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
  local message="$*"
  echo "FAIL: ${message:0:300}" >&2
  exit 1
}
cd "$work"
printf 'model: {model_name_or_path: m}\ndata: {train_data: [d]}\n' >base.yaml

listing() { ls -A | grep -vx 'out\|err' || true; }

expect() {
  local want=$1 message=$2
  shift 2
  local before
  before=$(listing)
  set +e
  "$@" >out 2>err
  local status=$?
  set -e
  local command="${*:1:3}"
  [ "$status" -eq "$want" ] || fail "$command: status $status, not $want: $(head -c 2000 err)"
  grep -qF -- "$message" err || fail "$command: no '$message' in: $(head -c 2000 err)"
  [ ! -s out ] || fail "$command: printed on stdout"
  ! grep -q "terminate called\|bad_variant_access\|bad_alloc" err || fail "$command: aborted"
  [ "$(listing)" = "$before" ] || fail "$command: the folder changed"
}
