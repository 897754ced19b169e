#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""A single-node Slurm cluster on this machine, from Debian's slurm-wlm and munge.

    sagin-slurm.py --state DIR start | stop | status

start: a munge key and munged of their own, a slurm.conf generated from this machine's cores and
memory (as `slurmd -C` reports them), slurmctld and slurmd, all with their files under DIR; waits
until the node is idle. stop: ends the three daemons. status: whether each runs, and sinfo.
Clients (sbatch, squeue, ./sagin sweep --slurm) find the cluster with SLURM_CONF=DIR/slurm.conf,
which `./sagin sweep` sets when there is no /etc/slurm/slurm.conf. Needs root (slurmd runs jobs as
their users). The ports are 6917 and 6918, so that a system Slurm on 6817/6818 is not disturbed.
Exit status 0 on success, 1 when a daemon fails to start (the line names its log), 2 for a
machine that cannot run it (not root, packages missing).
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

PROGRAM = "sagin-slurm"
CONTROLLER_PORT = 6917
NODE_PORT = 6918
DAEMONS = ("slurmd", "slurmctld", "munged")


def fail(message, status=2):
    print(PROGRAM + ": error: " + message, file=sys.stderr)
    sys.exit(status)


def say(message):
    print(PROGRAM + ": " + message, file=sys.stderr)


def paths(state):
    return {
        "conf": os.path.join(state, "slurm.conf"),
        "munge": os.path.join(state, "munge"),
        "socket": os.path.join(state, "munge", "munge.socket"),
        "key": os.path.join(state, "munge", "munge.key"),
        "munged.pid": os.path.join(state, "munge", "munged.pid"),
        "munged.log": os.path.join(state, "munge", "munged.log"),
        "slurmctld.pid": os.path.join(state, "run", "slurmctld.pid"),
        "slurmd.pid": os.path.join(state, "run", "slurmd.pid"),
        "slurmctld.log": os.path.join(state, "log", "slurmctld.log"),
        "slurmd.log": os.path.join(state, "log", "slurmd.log"),
    }


def running(pid_file):
    """The daemon's pid when its pid file names a live process, else None."""
    try:
        with open(pid_file) as f:
            pid = int(f.read().split()[0])
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError, IndexError):
        return None


def node_line():
    """`NodeName=... CPUs=... RealMemory=...` of this machine, from slurmd -C."""
    done = subprocess.run(["slurmd", "-C"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in done.stdout.splitlines():
        if line.startswith("NodeName="):
            return line.strip()
    fail("slurmd -C did not describe this machine: " + (done.stderr.strip() or "no output"), 1)


def write_conf(p, state):
    node = node_line()
    fields = dict(f.split("=", 1) for f in node.split() if "=" in f)
    host = fields["NodeName"]
    conf = """# A single-node Slurm cluster for sagin (written by sagin-slurm start).
ClusterName=sagin
SlurmctldHost={host}
SlurmctldPort={cport}
SlurmdPort={nport}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={socket}
SlurmUser=root
SlurmdUser=root
StateSaveLocation={state}/ctld
SlurmdSpoolDir={state}/spool
SlurmctldPidFile={ctldpid}
SlurmdPidFile={dpid}
SlurmctldLogFile={ctldlog}
SlurmdLogFile={dlog}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MaxArraySize=100001
MaxJobCount=200000
{node} State=UNKNOWN
PartitionName=sagin Nodes={host} Default=YES MaxTime=INFINITE State=UP
""".format(host=host, cport=CONTROLLER_PORT, nport=NODE_PORT, socket=p["socket"], state=state,
           ctldpid=p["slurmctld.pid"], dpid=p["slurmd.pid"], ctldlog=p["slurmctld.log"],
           dlog=p["slurmd.log"], node=node)
    with open(p["conf"], "w") as f:
        f.write(conf)
    return fields


def start(state):
    if os.geteuid() != 0:
        fail("the single-node cluster needs root (slurmd runs jobs as their users)")
    missing = [c for c in ("munged", "mungekey", "slurmctld", "slurmd", "sinfo", "sbatch") if shutil.which(c) is None
               and not os.path.exists(os.path.join("/usr/sbin", c))]
    if missing:
        fail("missing %s: install Debian's slurm-wlm and munge (./sagin setup does)" % ", ".join(missing))
    os.environ["PATH"] = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"
    p = paths(state)
    for sub in ("munge", "run", "log", "ctld", "spool"):
        os.makedirs(os.path.join(state, sub), exist_ok=True)
    os.chmod(p["munge"], 0o711)
    if not os.path.exists(p["key"]):
        subprocess.run(["mungekey", "--create", "--keyfile=" + p["key"]], check=True)
    if running(p["munged.pid"]) is None:
        subprocess.run(["munged", "--force", "--socket=" + p["socket"], "--key-file=" + p["key"],
                        "--log-file=" + p["munged.log"], "--pid-file=" + p["munged.pid"],
                        "--seed-file=" + os.path.join(p["munge"], "munged.seed")], check=False)
        if not wait_for(lambda: running(p["munged.pid"]) is not None, 10):
            fail("munged did not start (see %s)" % p["munged.log"], 1)
    fields = write_conf(p, state)
    env = dict(os.environ, SLURM_CONF=p["conf"])
    if running(p["slurmctld.pid"]) is None:
        subprocess.run(["slurmctld", "-c"], env=env, check=False)
        if not wait_for(lambda: running(p["slurmctld.pid"]) is not None, 15):
            fail("slurmctld did not start (see %s)" % p["slurmctld.log"], 1)
    if running(p["slurmd.pid"]) is None:
        subprocess.run(["slurmd"], env=env, check=False)
        if not wait_for(lambda: running(p["slurmd.pid"]) is not None, 15):
            fail("slurmd did not start (see %s)" % p["slurmd.log"], 1)

    def idle():
        done = subprocess.run(["sinfo", "-h", "-o", "%T"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
        return done.returncode == 0 and done.stdout.strip() in ("idle", "mixed", "allocated")

    if not wait_for(idle, 30):
        fail("the node did not become idle (see %s and %s)" % (p["slurmctld.log"], p["slurmd.log"]), 1)
    say("single-node cluster 'sagin' up on %s (%s CPUs, %s MB); clients: export SLURM_CONF=%s"
        % (fields["NodeName"], fields.get("CPUs", "?"), fields.get("RealMemory", "?"), p["conf"]))
    return 0


def wait_for(condition, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def stop(state):
    p = paths(state)
    stopped = []
    for daemon in DAEMONS:
        pid = running(p[daemon + ".pid"])
        if pid is None:
            continue
        os.kill(pid, signal.SIGTERM)
        if not wait_for(lambda: running(p[daemon + ".pid"]) is None, 15):
            os.kill(pid, signal.SIGKILL)
        stopped.append(daemon)
    say("stopped %s" % (", ".join(stopped) if stopped else "nothing (no daemon was running)"))
    return 0


def status(state):
    p = paths(state)
    up = True
    for daemon in DAEMONS:
        pid = running(p[daemon + ".pid"])
        up = up and pid is not None
        print("%-9s %s" % (daemon, "running (pid %d)" % pid if pid else "not running"))
    if up:
        subprocess.run(["sinfo"], env=dict(os.environ, SLURM_CONF=p["conf"]))
    return 0 if up else 1


def main(argv):
    parser = argparse.ArgumentParser(prog=PROGRAM, description=__doc__.split("\n")[0])
    parser.add_argument("--state", required=True, help="folder of the cluster's files")
    parser.add_argument("action", choices=("start", "stop", "status"))
    args = parser.parse_args(argv)
    state = os.path.abspath(args.state)
    os.makedirs(state, exist_ok=True)
    return {"start": start, "stop": stop, "status": status}[args.action](state)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
