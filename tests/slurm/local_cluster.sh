#!/usr/bin/env bash
# A two-node Slurm cluster on this one machine, for tests and for trying `--submit` without a
# cluster (Debian 12, Slurm 22.05, run as root).
#
#   eval "$(tests/slurm/local_cluster.sh start /tmp/cluster)"   # prints: export SLURM_CONF=...
#   sbatch --wrap hostname; sinfo -N
#   tests/slurm/local_cluster.sh stop /tmp/cluster
#
# Everything lives under DIR: a private munged (own key and socket, the machine's munge is left
# alone), slurm.conf, gres.conf, state, spool, logs and pid files. The only change outside DIR is
# two /etc/hosts lines tagged with DIR (127.0.0.2 lsnode1, 127.0.0.3 lsnode2), removed by stop.
# Each slurmd runs in its own UTS namespace, so `hostname` in a job prints its node's name; each
# node has its own loopback address, so a port bound on lsnode1 collides only with lsnode1's.
# Each node: 2 CPUs, 2 fake GPUs (character devices like /dev/null, which is all Slurm checks).
# MaxArraySize=5, so that splitting a sweep into several arrays can be tried with 6 runs or more.
#
# stop kills exactly the daemons start recorded under DIR/run and is safe to repeat, or to call
# after a failed start.
set -euo pipefail

usage() {
  echo "usage: $0 start DIR | stop DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action=$1
dir=$(realpath -m -- "$2")
nodes=(lsnode1 lsnode2)
declare -A node_addr=([lsnode1]=127.0.0.2 [lsnode2]=127.0.0.3)
hosts_tag="# expcfg-local-slurm $dir"

log() { echo "local_cluster: $*" >&2; }

# /etc/hosts may be a bind mount: rewrite it in place rather than replacing the file.
remove_hosts_lines() {
  grep -q -F -- "$hosts_tag" /etc/hosts 2>/dev/null || return 0
  local kept
  kept=$(grep -v -x -F -e "127.0.0.2 lsnode1 $hosts_tag" -e "127.0.0.3 lsnode2 $hosts_tag" /etc/hosts)
  printf '%s\n' "$kept" >/etc/hosts
}

# A pid file names a daemon of this cluster only while that process still mentions DIR on its
# command line: a stale file never makes us signal a recycled pid.
our_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -q -F -- "$dir/" || return 1
  echo "$pid"
}

# Sends TERM to the daemons named, waits up to 10 s for them to end, then KILL.
stop_daemons() {
  local name pid pids=()
  for name; do
    if pid=$(our_pid "$dir/run/$name.pid"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  local deadline=$((SECONDS + 10))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}

# The job steps a slurmd of this cluster started and that outlived it (a job scancel could not
# end), with everything they started: slurmstepd processes carry the slurmd's SLURM_CONF.
kill_leftover_steps() {
  local pid proc queue=() doomed=()
  for proc in /proc/[0-9]*; do
    [ "$(cat "$proc/comm" 2>/dev/null)" = slurmstepd ] || continue
    tr '\0' '\n' 2>/dev/null <"$proc/environ" | grep -q -x -F "SLURM_CONF=$dir/slurm.conf" || continue
    queue+=("${proc#/proc/}")
  done
  while [ ${#queue[@]} -gt 0 ]; do
    pid=${queue[0]}
    queue=("${queue[@]:1}")
    doomed+=("$pid")
    # shellcheck disable=SC2207
    queue+=($(pgrep -P "$pid" || true))
  done
  [ ${#doomed[@]} -eq 0 ] || kill -KILL "${doomed[@]}" 2>/dev/null || true
}

stop_cluster() {
  # Jobs first, while the daemons can still end them: a job's processes (slurmstepd and what it
  # started) do not end with slurmd.
  if our_pid "$dir/run/slurmctld.pid" >/dev/null; then
    export SLURM_CONF=$dir/slurm.conf
    scancel --user="$(id -un)" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while [ -n "$(squeue -h -t PD,R,CG,CF,S 2>/dev/null)" ] && [ "$SECONDS" -lt "$deadline" ]; do
      sleep 0.2
    done
  fi
  # slurmd and slurmctld before munged, which they need until they end.
  stop_daemons slurmd-lsnode1 slurmd-lsnode2 slurmctld
  stop_daemons munged
  kill_leftover_steps
  rm -f "$dir"/run/*.pid
  remove_hosts_lines
}

# Whether some process listens on TCP port $1, on any address (the kernel's table: no tool needed).
listening() {
  awk -v port="$(printf '%04X' "$1")" '$4 == "0A" && substr($2, index($2, ":") + 1) == port { found = 1 }
    END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# A TCP port nobody listens on, from FIRST upwards, not in the space-separated list TAKEN.
free_port() {
  local port=$1 taken=$2
  while [ "$port" -lt $(($1 + 200)) ]; do
    if [[ " $taken " != *" $port "* ]] && ! listening "$port"; then
      echo "$port"
      return 0
    fi
    port=$((port + 1))
  done
  log "no free port in $1-$(($1 + 199))"
  return 1
}

# Runs a daemon in the foreground of its own session, detached from this script; the shell that
# execs it writes its pid first, so the pid file names exactly the daemon.
spawn() {
  local pidfile=$1 logfile=$2
  shift 2
  setsid sh -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 &
}

write_config() {
  local ctld_port=$1 port1=$2 port2=$3 node port
  cat >"$dir/slurm.conf" <<CONF
# Written by tests/slurm/local_cluster.sh: a two-node cluster on one machine.
ClusterName=expcfglocal
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/run/munge.socket
# No cgroups in containers: track processes by their parent, bind no tasks.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
MaxArraySize=5
# Finished jobs stay visible to scontrol (there is no accounting daemon for sacct).
MinJobAge=3600
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MailProg=/bin/true
StateSaveLocation=$dir/state
SlurmctldPidFile=$dir/state/slurmctld.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdSpoolDir=$dir/spool/%n
SlurmdPidFile=$dir/spool/%n/slurmd.pid
SlurmdLogFile=$dir/log/slurmd-%n.log
GresTypes=gpu
NodeName=lsnode1 NodeHostname=lsnode1 NodeAddr=${node_addr[lsnode1]} Port=$port1 CPUs=2 RealMemory=256 Gres=gpu:2 State=UNKNOWN
NodeName=lsnode2 NodeHostname=lsnode2 NodeAddr=${node_addr[lsnode2]} Port=$port2 CPUs=2 RealMemory=256 Gres=gpu:2 State=UNKNOWN
PartitionName=debug Nodes=lsnode[1-2] Default=YES MaxTime=INFINITE State=UP
CONF
  mkdir -p "$dir/dev"
  for node in 0 1; do
    [ -c "$dir/dev/nvidia$node" ] || mknod "$dir/dev/nvidia$node" c 1 3
  done
  cat >"$dir/gres.conf" <<CONF
AutoDetect=off
NodeName=lsnode[1-2] Name=gpu File=$dir/dev/nvidia[0-1]
CONF
}

print_logs() {
  local file
  for file in "$dir"/log/*; do
    [ -e "$file" ] || continue
    echo "===== $file" >&2
    tail -n 30 "$file" >&2
  done
}

start_cluster() {
  command -v munged >/dev/null && command -v slurmctld >/dev/null && command -v slurmd >/dev/null ||
    { log "munged, slurmctld and slurmd are needed (apt-get install slurmctld slurmd slurm-client munge)"; return 1; }
  [ "$(id -u)" -eq 0 ] || { log "run as root (the daemons and /etc/hosts need it)"; return 1; }
  if our_pid "$dir/run/slurmctld.pid" >/dev/null; then
    log "a cluster already runs in $dir; stop it first"
    return 1
  fi
  # munged insists that everyone may traverse the socket's folder and those above it, and that
  # only its owner may read the key.
  mkdir -p "$dir"
  local above=$dir
  while above=$(dirname "$above") && [ "$above" != / ]; do
    [ "$(( $(stat -c '%#a' "$above") & 1 ))" -eq 1 ] ||
      { log "munged needs every folder above $dir to be searchable by all: chmod o+x $above"; return 1; }
  done
  chmod 755 "$dir"
  mkdir -p "$dir/run" "$dir/munge" "$dir/log" "$dir/state" "$dir/spool/lsnode1" "$dir/spool/lsnode2"
  chmod 755 "$dir/run"
  chmod 700 "$dir/munge"
  [ -s "$dir/munge/munge.key" ] || mungekey -c -k "$dir/munge/munge.key"

  local ctld_port port1 port2
  ctld_port=$(free_port 16817 "")
  port1=$(free_port 16830 "$ctld_port")
  port2=$(free_port 16830 "$ctld_port $port1")
  write_config "$ctld_port" "$port1" "$port2"

  remove_hosts_lines
  [ -z "$(tail -c 1 /etc/hosts)" ] || echo >>/etc/hosts
  local node
  for node in "${nodes[@]}"; do
    echo "${node_addr[$node]} $node $hosts_tag" >>/etc/hosts
  done

  spawn "$dir/run/munged.pid" "$dir/log/munged.out" munged -F --socket="$dir/run/munge.socket" \
    --key-file="$dir/munge/munge.key" --log-file="$dir/log/munged.log" \
    --pid-file="$dir/munge/munged.pid" --seed-file="$dir/munge/munged.seed"
  local deadline=$((SECONDS + 10))
  until munge -S "$dir/run/munge.socket" -n 2>/dev/null | unmunge -S "$dir/run/munge.socket" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || { log "munged did not start"; print_logs; return 1; }
    sleep 0.1
  done

  export SLURM_CONF=$dir/slurm.conf
  spawn "$dir/run/slurmctld.pid" "$dir/log/slurmctld.out" slurmctld -D -i -f "$SLURM_CONF"
  for node in "${nodes[@]}"; do
    spawn "$dir/run/slurmd-$node.pid" "$dir/log/slurmd-$node.out" \
      unshare -u sh -c 'hostname "$0" && exec slurmd -D -N "$0" -f "$1"' "$node" "$SLURM_CONF"
  done

  # Ready when both nodes are idle.
  deadline=$((SECONDS + 30))
  until [ "$(sinfo -N -h -o '%N %t' 2>/dev/null | sort | tr '\n' ' ')" = "lsnode1 idle lsnode2 idle " ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "the nodes are not idle after 30 s:"
      sinfo -N >&2 || true
      print_logs
      return 1
    fi
    sleep 0.2
  done
  log "cluster up in $dir (slurmctld port $ctld_port, slurmd ports $port1 $port2)"
  echo "export SLURM_CONF=$(printf '%q' "$SLURM_CONF")"
}

case $action in
  start)
    if ! start_cluster; then
      stop_cluster
      exit 1
    fi
    ;;
  stop) stop_cluster ;;
  *) usage ;;
esac
