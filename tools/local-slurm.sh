#!/bin/bash
# A real one-node Slurm cluster on this machine, to try the Slurm backend without a cluster (and what the
# tests and bench/scale/run.sh start). Needs root and Debian's slurm-wlm and munge.
#
#   tools/local-slurm.sh start FOLDER   # writes FOLDER/slurm.conf, starts munged (if needed), slurmctld
#                                       # and slurmd, waits until the node is idle, prints the conf path
#   export SLURM_CONF=FOLDER/slurm.conf # then sbatch/squeue and `datasearch search` use this cluster
#   tools/local-slurm.sh stop FOLDER    # stops both daemons
#
# Everything the daemons write (state, spool, logs, pid files) stays under FOLDER; the ports are free
# ones picked at start. Known to work as root with proctrack/linuxproc and task/none (no cgroups needed).
set -euo pipefail
usage() { echo "usage: $0 start|stop FOLDER" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
action=$1
mkdir -p "$2"
folder=$(cd "$2" && pwd)
conf=$folder/slurm.conf

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_munge() {
  munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return 0
  # munged refuses to run as root; the package's munge user owns its key, socket and logs.
  mkdir -p /run/munge && chown munge:munge /run/munge
  su -s /bin/sh munge -c /usr/sbin/munged
  for _ in $(seq 50); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "munged did not start (see /var/log/munge/munged.log)" >&2; exit 1
}

case $action in
  start)
    [[ $(id -u) -eq 0 ]] || { echo "$0: a local cluster needs root (slurmd runs jobs as any user)" >&2; exit 1; }
    for program in /usr/sbin/slurmctld /usr/sbin/slurmd /usr/bin/sbatch /usr/sbin/munged; do
      [[ -x $program ]] || { echo "$0: $program is missing (apt-get install slurm-wlm munge)" >&2; exit 1; }
    done
    mkdir -p "$folder"/{state,spool,log,run}
    node=$(hostname -s)
    cat > "$conf.tmp" <<CONF
ClusterName=datasearch-local
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
StateSaveLocation=$folder/state
SlurmdSpoolDir=$folder/spool
SlurmctldLogFile=$folder/log/slurmctld.log
SlurmdLogFile=$folder/log/slurmd.log
SlurmctldPidFile=$folder/run/slurmctld.pid
SlurmdPidFile=$folder/run/slurmd.pid
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
MinJobAge=3600
ReturnToService=2
NodeName=$node CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
    mv "$conf.tmp" "$conf"
    export SLURM_CONF=$conf
    # Only the conf path goes to stdout (callers capture it); anything the daemons say goes to stderr.
    start_munge >&2
    # Absolute -f paths: the daemons chdir and would not find a relative one.
    /usr/sbin/slurmctld -f "$conf" >&2
    /usr/sbin/slurmd -f "$conf" >&2
    for _ in $(seq 120); do
      case $(sinfo -h -o %T 2>/dev/null | head -1) in
        idle|mixed|allocated) echo "$conf"; exit 0 ;;
      esac
      sleep 0.5
    done
    echo "$0: the cluster did not become idle in 60 s" >&2
    tail -n 20 "$folder"/log/slurmctld.log "$folder"/log/slurmd.log >&2 || true
    exit 1
    ;;
  stop)
    [[ -f $conf ]] || { echo "$0: no cluster in $folder" >&2; exit 1; }
    SLURM_CONF=$conf scontrol shutdown >/dev/null 2>&1 || true
    for pid_file in "$folder"/run/slurmd.pid "$folder"/run/slurmctld.pid; do
      [[ -f $pid_file ]] || continue
      pid=$(cat "$pid_file")
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    done
    ;;
  *) usage ;;
esac
