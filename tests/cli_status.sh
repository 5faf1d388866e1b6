# shellcheck shell=bash
# Sourced by CLI tests (after they define `fail`):
#   status WANT COMMAND...   runs it with stdout in out and stderr in err, and checks the exit
#                            status and that nothing aborted;
#   has TEXT [FILE]          checks that FILE (err) holds TEXT.
status() {
  local want=$1
  shift
  set +e
  "$@" >out 2>err
  local got=$?
  set -e
  [ "$got" -eq "$want" ] || fail "${*:1:4}: status $got, not $want: $(head -c 2000 err)"
  ! grep -q "terminate called\|Aborted" err || fail "${*:1:4}: aborted"
}
has() { grep -qF -- "$1" "${2:-err}" || fail "no '$1' in ${2:-err}: $(head -c 2000 "${2:-err}")"; }
