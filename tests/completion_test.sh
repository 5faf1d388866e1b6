#!/usr/bin/env bash
# The bash completion script, sourced: subcommands, flags, field keys after --set and for
# explain, runner names, and files. The zsh one must at least parse (when zsh is there).
set -euo pipefail
expcfg=$(realpath "$1")
completion=$(pwd)/tools/completion
fail() { echo "FAIL: $*" >&2; exit 1; }
PATH=$(dirname "$expcfg"):$PATH
# shellcheck source=/dev/null
source "$completion/expcfg.bash"

complete_line() {  # complete_line WORD...: COMPREPLY for the last word, one per line
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  _expcfg
  printf '%s\n' "${COMPREPLY[@]}"
}
expect() {  # expect WANTED WORD...
  local wanted=$1
  shift
  complete_line "$@" | grep -x -- "$wanted" >/dev/null || fail "'$*' does not offer '$wanted': $(complete_line "$@" | head -5 | tr '\n' ' ')"
}

expect dump expcfg d
expect explain expcfg ex
expect fields expcfg fi
expect --section expcfg fields --sec
expect --show-origin expcfg dump configs/x.yaml --show-o
expect --dry-run expcfg launch --dry
expect training.learning_rate= expcfg dump --set training.learning_r
expect training.learning_rate expcfg check --unset training.learning_r
expect model.model_name_or_path expcfg explain model.model_name
expect reranker.decoder_only.layerwise expcfg init --runner reranker.decoder_only.l
expect json expcfg diff --format j
expect configs/experiments expcfg dump configs/exp
[ "$(complete_line expcfg dump --set training.learning_r | wc -l)" -eq 1 ] || fail "several keys for one prefix"
if command -v zsh >/dev/null; then
  zsh -n "$completion/_expcfg" || fail "_expcfg does not parse"
fi
bash -n "$completion/expcfg.bash" || fail "expcfg.bash does not parse"
echo "completion: ok"
