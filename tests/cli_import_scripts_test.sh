#!/usr/bin/env bash
# `expcfg import` of hostile and broken scripts (issue 20): nothing of a script is ever run,
# a missing shfmt is a clear error (status 2), a script bash cannot parse names its line, and
# values only a run knows are errors at `check` until filled in.
set -euo pipefail
expcfg=$(realpath "$1")
# shellcheck source=cli_expect.sh
source "$(dirname "$0")/cli_expect.sh"

# 1. Nothing runs: commands, substitutions, eval'd text and functions stay unread text.
cat >hostile.sh <<'SH'
touch ran-command
x=$(touch ran-substitution)
f() { touch ran-function; }
eval "touch ran-eval"
torchrun --nproc_per_node `touch ran-backquote; echo 2` \
  -m FlagEmbedding.finetune.embedder.encoder_only.base --model_name_or_path m \
  --train_data "$(touch ran-argument)" --output_dir "<(touch ran-process)" > ran-redirect
SH
"$expcfg" import hostile.sh -o imported.yaml 2>err || fail "import of hostile.sh failed: $(cat err)"
for file in ran-command ran-substitution ran-function ran-eval ran-backquote ran-argument \
  ran-process ran-redirect; do
  [ ! -e "$file" ] || fail "import ran the script: $file exists"
done
rm imported.yaml err

# 2. Values to fill: `check` rejects them, naming the script's line.
printf 'torchrun --master_port $(shuf -i 20000-30000 -n 1) -m FlagEmbedding.finetune.embedder.encoder_only.base --model_name_or_path m --train_data d\n' >port.sh
"$expcfg" import port.sh -o port.yaml 2>/dev/null
expect 1 "port.yaml:13:3: error: in 'launch.master_port': a value to fill in: expcfg import could not know it (port.sh:1: \$(shuf -i 20000-30000 -n 1))" \
  "$expcfg" check port.yaml
"$expcfg" check port.yaml --set launch.master_port=29500 || fail "a filled value is still rejected"
rm port.yaml

# 3. No shfmt on PATH: a clear error, status 2; a command line after -- needs none.
mkdir empty-path
expect 2 "expcfg: error: cannot read 'port.sh': import reads scripts with shfmt, which is not installed (Debian: apt-get install shfmt); a command line after -- needs no shfmt" \
  env PATH="$PWD/empty-path" "$expcfg" import port.sh
PATH="$PWD/empty-path" "$expcfg" import -- torchrun -m FlagEmbedding.finetune.embedder.encoder_only.base \
  --model_name_or_path m >/dev/null || fail "import -- needs shfmt"
rmdir empty-path

# 4. Not bash: shfmt's message with the script's line and column.
printf 'torchrun -m FlagEmbedding.finetune.embedder.encoder_only.base --x "open\n' >open.sh
expect 1 "expcfg: error: 'open.sh' is not a bash script: open.sh:1:67: reached EOF without closing quote \"" \
  "$expcfg" import open.sh

# 5. A quoted '${X:-2}' reaches torchrun as text: an error, not a crash (was bad_variant_access).
printf "torchrun --nproc_per_node '\${X:-2}' -m FlagEmbedding.finetune.embedder.encoder_only.base --model_name_or_path m\n" >quoted.sh
expect 1 "quoted.sh:1:28: error: expected an integer for 'launch.nproc_per_node', got '\${X:-2}'" \
  "$expcfg" import quoted.sh

# 6. Deep eval and function recursion stop.
printf 'f() { f; }\nf\ncmd="eval \\"\\$cmd\\""\neval "$cmd"\ntorchrun -m FlagEmbedding.finetune.embedder.encoder_only.base --model_name_or_path m\n' >deep.sh
"$expcfg" import deep.sh >/dev/null 2>err || fail "deep.sh: $(cat err)"
printf 'f() { f; f; f; }\nf\n' >wide.sh
expect 1 "wide.sh:1:7: error: reading the script takes more than 100000 steps (functions or eval calling themselves?); import stops here" \
  "$expcfg" import wide.sh
# 7. `${00}` in a function is `$0`, not the function's argument -1 (read out of range).
cat >zeros.sh <<'SH'
f() { torchrun -m FlagEmbedding.finetune.embedder.encoder_only.base --model_name_or_path "m${00}" --output_dir o; }
f a
SH
"$expcfg" import zeros.sh >/dev/null 2>err || fail "zeros.sh: $(cat err)"

# 8. bash's $'...' escapes: hex, octal, \u and a NUL that ends the string; a control character
#    made by \c is refused like any other.
cat >escapes.sh <<'SH'
torchrun -m FlagEmbedding.finetune.embedder.encoder_only.base --model_name_or_path $'m\x41\102\u00e9' \
  --output_dir o --run_name $'cut\0here' --train_data d
SH
"$expcfg" import escapes.sh -o escapes.yaml 2>/dev/null || fail "escapes.sh did not import"
grep -q "model_name_or_path: mABé" escapes.yaml || fail "\\x, octal and \\u escapes: $(cat escapes.yaml)"
grep -q "run_name: cut$" escapes.yaml || fail "a NUL ends the string: $(cat escapes.yaml)"
printf "torchrun -m FlagEmbedding.finetune.embedder.encoder_only.base --model_name_or_path m --output_dir \$'o\\\\cAx'\n" >control.sh
expect 1 "control.sh:1:101: error: a control character in the word" "$expcfg" import control.sh
echo "ok"
