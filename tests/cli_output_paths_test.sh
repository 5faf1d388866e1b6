#!/usr/bin/env bash
# What -o may replace (issue 16): a regular file atomically (through a symlink, its target),
# a FIFO or character device written in place, never a folder; sweep -o only a folder expcfg
# wrote; init/import only with --force; staging files of a killed run removed; the umask kept.
# Then write errors on stdout and files, and run records only for a started run.
set -euo pipefail
expcfg=$(realpath "$1")
configs=$(pwd)/configs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"
printf 'model: {model_name_or_path: m}\ndata: {train_data: [d]}\n' >base.yaml
"$expcfg" dump base.yaml >expected

# expect STATUS MESSAGE COMMAND...: the status and the message; nothing on stdout.
expect() {
  local want=$1 message=$2
  shift 2
  set +e
  "$@" >out 2>err
  local status=$?
  set -e
  [ "$status" -eq "$want" ] || fail "$*: status $status, not $want: $(cat err)"
  grep -qF -- "$message" err || fail "$*: no '$message' in: $(cat err)"
  [ ! -s out ] || fail "$*: printed on stdout"
}

# A regular file keeps its mode; through a symlink the target changes and the link stays.
echo old >file.yaml
chmod 640 file.yaml
"$expcfg" dump base.yaml -o file.yaml
cmp expected file.yaml && [ "$(stat -c %a file.yaml)" = 640 ] || fail "-o file: content or mode"
echo old >target.yaml
ln -s target.yaml link.yaml
"$expcfg" dump base.yaml -o link.yaml
[ -L link.yaml ] && cmp expected target.yaml || fail "-o symlink: link replaced or target not written"
ln -s missing.yaml dangling.yaml
expect 2 "cannot write 'dangling.yaml': is a symbolic link to a missing file" \
  "$expcfg" dump base.yaml -o dangling.yaml
[ -L dangling.yaml ] && [ ! -e missing.yaml ] || fail "dangling link changed"

# A FIFO and a character device are written in place.
mkfifo fifo
cat fifo >from_fifo &
"$expcfg" dump base.yaml -o fifo
wait
[ -p fifo ] && cmp expected from_fifo || fail "-o FIFO replaced or not written"
if mknod null c 1 3 2>/dev/null; then  # a /dev/null of our own (needs root)
  "$expcfg" dump base.yaml -o null
  [ -c null ] || fail "-o character device replaced it"
fi
"$expcfg" dump base.yaml -o /dev/null
[ -c /dev/null ] || fail "/dev/null replaced"

# A folder is an error, for dump; sweep -o refuses files and folders it did not write.
mkdir -p folder project/.git
echo keep >project/.git/HEAD
expect 2 "cannot write 'folder': is a folder" "$expcfg" dump base.yaml -o folder
expect 2 "cannot write the sweep to 'project': it is a folder that expcfg did not write (it has no '.expcfg-output' file)" \
  "$expcfg" sweep base.yaml --grid training.seed=1,2 -o project
[ "$(cat project/.git/HEAD)" = keep ] || fail "sweep -o replaced a project folder"
expect 2 "cannot write the sweep to 'file.yaml': is a file, not a folder" \
  "$expcfg" sweep base.yaml --grid training.seed=1,2 -o file.yaml
[ -f file.yaml ] || fail "sweep -o turned a file into a folder"
"$expcfg" sweep base.yaml --grid training.seed=1,2 -o folder >/dev/null  # empty: fine
"$expcfg" sweep base.yaml --grid training.seed=3,4 -o folder >/dev/null  # its own: replaced
[ -f folder/seed=3.yaml ] && [ ! -e folder/seed=1.yaml ] && [ -f folder/.expcfg-output ] ||
  fail "sweep -o over its own folder"

# init and import keep an existing file unless --force.
echo mine >exp.yaml
expect 2 "expcfg: error: refusing to overwrite 'exp.yaml': it exists" "$expcfg" init -o exp.yaml
grep -q "note: pass --force to replace it" err || fail "no --force note"
expect 2 "refusing to overwrite 'exp.yaml': it exists" \
  "$expcfg" import -o exp.yaml -- --model_name_or_path m --train_data d
[ "$(cat exp.yaml)" = mine ] || fail "init/import replaced a file"
"$expcfg" init -o exp.yaml --force && grep -q "expcfg init" exp.yaml || fail "init --force"

# Staging files of a run that died (kill -9) are removed by the next run; the umask holds.
touch .file.yaml.expcfg-999999999-AbCdEf
mkdir .folder.expcfg-999999999-XyZ123
"$expcfg" dump base.yaml -o file.yaml
"$expcfg" sweep base.yaml --grid training.seed=1,2 -o folder >/dev/null
[ -z "$(ls -A | grep expcfg-)" ] || fail "stale staging left: $(ls -A)"
(umask 027 && "$expcfg" sweep base.yaml --grid training.seed=1,2 -o new/deeper/sweep >/dev/null)
[ "$(stat -c %a new new/deeper new/deeper/sweep)" = "$(printf '750\n750\n750')" ] ||
  fail "folders ignore the umask: $(stat -c %a new new/deeper new/deeper/sweep)"
[ "$(stat -c %a new/deeper/sweep/seed=1.yaml)" = 640 ] || fail "files ignore the umask"

# 7. Write errors: reported with exit 2, never an abort or a silent 0; a closed pipe is quiet.
for command in "dump base.yaml" "dump --format json base.yaml" "keys" "schema" "init" \
  "args base.yaml" "sweep base.yaml --grid training.seed=1,2"; do
  set +e
  # shellcheck disable=SC2086
  "$expcfg" $command >/dev/full 2>err
  status=$?
  set -e
  [ "$status" -eq 2 ] || fail "$command >/dev/full: status $status"
  [ "$(cat err)" = "expcfg: error: writing <stdout>: No space left on device" ] ||
    fail "$command >/dev/full: $(cat err)"
done
expect 2 "expcfg: error: cannot write '/dev/full': No space left on device" \
  "$expcfg" dump base.yaml -o /dev/full
set +e
"$expcfg" keys 2>err | head -1 >/dev/null
set -e
[ ! -s err ] || fail "a closed pipe printed: $(cat err)"

# 10. launch --exec without the launcher: an error, and no run record (an old one is kept).
mkdir -p run/expcfg
echo earlier >run/expcfg/resolved.yaml
expect 2 "expcfg: error: cannot run 'torchrun': not found on PATH" \
  env PATH=/nonexistent "$(realpath "$expcfg")" launch --exec base.yaml --set training.output_dir=run
[ "$(cat run/expcfg/resolved.yaml)" = earlier ] || fail "a failed start replaced the record"

# 11. A file name with a newline stays inside its comment.
name=$'evil\nmodel: {model_name_or_path: injected}\n#.sh'
printf 'torchrun -m FlagEmbedding.finetune.embedder.encoder_only.base --model_name_or_path m --train_data d\n' >"$name"
"$expcfg" import "$name" >imported.yaml
! grep -q '^model: {model_name_or_path: injected}' imported.yaml || fail "import header injected YAML"
cp base.yaml "$name.yaml"
"$expcfg" dump --show-origin "$name.yaml" >origin.yaml
! grep -q '^model: {model_name_or_path: injected}' origin.yaml || fail "--show-origin injected YAML"
"$expcfg" check origin.yaml || fail "dump --show-origin does not load back"
echo "cli output paths: ok"
