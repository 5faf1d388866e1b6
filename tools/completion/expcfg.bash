# bash completion for expcfg: subcommands, their flags, field keys after --set/--unset/--grid/--zip and for
# `explain`, runner names after --runner, and files elsewhere.
# Installed by `cmake --install` into share/bash-completion/completions/expcfg.

_expcfg_subcommands="dump check diff args launch import schema explain fields init keys hash sweep verify"

_expcfg_flags() {
  case $1 in
    dump) echo "--set --unset --config-dir --format --changed-only --show-origin --no-resolve --show-secrets -o --output --help" ;;
    check) echo "--set --unset --config-dir --preflight --sample --show-deepspeed --format --help" ;;
    diff) echo "--left --right --set --unset --config-dir --format --show-origin --show-secrets --color --help" ;;
    args) echo "--set --unset --config-dir --all -0 --null --help" ;;
    launch) echo "--set --unset --config-dir --dry-run --exec --show-secrets --help" ;;
    import) echo "--runner -o --output --force --show-secrets --help" ;;
    schema) echo "--runner --all-runners -o --output --help" ;;
    explain) echo "--set --unset --config-dir --show-secrets --help" ;;
    init) echo "--runner --from -o --output --force --help" ;;
    keys) echo "--runner --help" ;;
    fields) echo "--runner --section --format --transformers --help" ;;
    hash) echo "--set --unset --config-dir --help" ;;
    sweep) echo "--set --unset --config-dir --grid --zip --name -o --output --emit --submit --help" ;;
    verify) echo "--help" ;;
  esac
}

_expcfg() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} command="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in -*) ;; *) command=${COMP_WORDS[i]}; break ;; esac
  done
  COMPREPLY=()
  if [[ -z $command ]]; then
    COMPREPLY=($(compgen -W "$_expcfg_subcommands --help --version" -- "$cur"))
    return
  fi
  case $prev in
    --set|--unset|--grid|--zip)
      # KEY=VALUE: complete the key; the value is the user's.
      compopt -o nospace 2>/dev/null
      local suffix="="
      [[ $prev == --unset ]] && suffix=""
      COMPREPLY=($(compgen -W "$(expcfg keys 2>/dev/null)" -S "$suffix" -- "$cur"))
      return ;;
    --runner)
      COMPREPLY=($(compgen -W "embedder.encoder_only.base embedder.encoder_only.m3 embedder.decoder_only.base embedder.decoder_only.icl reranker.encoder_only.base reranker.decoder_only.base reranker.decoder_only.layerwise" -- "$cur"))
      return ;;
    --format)
      if [[ $command == diff ]]; then
        COMPREPLY=($(compgen -W "text json" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "yaml json" -- "$cur"))
      fi
      return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --emit) COMPREPLY=($(compgen -W "slurm" -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_expcfg_flags "$command")" -- "$cur"))
  elif [[ $command == explain && $prev == explain ]]; then
    COMPREPLY=($(compgen -W "$(expcfg keys 2>/dev/null)" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _expcfg expcfg
