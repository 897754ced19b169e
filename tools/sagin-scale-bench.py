#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Scale benchmarks of sagin: whole scenario runs, timed, in one table.

    sagin-scale-bench.py --bin DIR [--csv FILE] [--work DIR] [--only NAMES] [--no-micro]
                         [--repeat N]

Runs sagin-cvl (from --bin) on: the default scenario with packet-level and with flow-level
transport; the 1,584-satellite shell with 100 UAVs, 100 vehicles and 10 base stations at packet
level for 30 simulated seconds; the mission-size scenario (scenarios/starlink.json); and a
scaling series of 250, 500, 1,000 and 2,000 users (half UAVs, half vehicles) on the same shell
and base stations for 120 simulated seconds, with a run of 2 users as its zero point. Each row
comes from the run's own closing line (wall time, simulated seconds per wall second, requests
per wall second, peak RSS), the fastest of --repeat runs but for the mission-size scenario. Every row gets the wall cost per user and simulated second (wall
time less set-up); the scaling series also gets the users' own cost per user-second (less the
2-user run's wall time: the shell's imaging and gallery uploads, which do not grow with users)
and, for both, the ratio of the largest to the smallest. Then the key figures of the Google
Benchmark suites (sagin-bench, sagin-torch-bench). The table goes to standard output and, with
--csv, to a CSV file.
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN_LINE = re.compile(
    r"^run: (?P<sim>[0-9.]+) s simulated in (?P<wall>[0-9.]+) s wall \(setup (?P<setup>[0-9.]+) s\), "
    r"(?P<rate>[0-9.]+) simulated s per wall s, (?P<rps>[0-9.]+) requests per wall s, "
    r"peak RSS (?P<rss>[0-9.]+) GiB, (?P<transport>\w+) transport$")
REQUESTS_LINE = re.compile(r"^scenario \S+: (?P<n>\d+) requests")
SCALING_USERS = (2, 250, 500, 1000, 2000)  # 2: the series' zero point, the shell alone
PACKET_USERS = 200
PACKET_BASE_STATIONS = 10
PACKET_SECONDS = 30
SCALING_SECONDS = 120
# Google Benchmark figures worth a line: (program, benchmark name regex).
MICRO = (
    ("sagin-bench", "BM_ChannelLinkState/[0-3]$"),
    ("sagin-bench", "BM_SpatialIndexNearest/1584$"),
    ("sagin-bench", "BM_FlowTransportStartAndEnd/(1|50|1000)$"),
    ("sagin-bench", "BM_GreedyOracleDecide$"),
    ("sagin-bench", "BM_TraceSinkHdf5Requests/0$"),
    ("sagin-torch-bench", "BM_ResNet50UsamForward/"),
)
COLUMNS = ("scenario", "transport", "fidelity", "satellites", "users", "requests", "wall_s",
           "sim_s_per_wall_s", "requests_per_wall_s", "peak_rss_gib", "wall_us_per_user_s",
           "users_us_per_user_s", "wall_ms_per_request")


def fail(message):
    print("sagin-scale-bench: " + message, file=sys.stderr)
    sys.exit(2)


def load(path):
    with open(path) as f:
        return json.load(f)


def write(doc, path):
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)


def count_satellites(doc):
    walker = doc.get("satellites", {}).get("walker")
    return walker["satellites"] if walker else 0


def run(program, scenario, name, work):
    """Runs one scenario file; returns its row."""
    doc = load(scenario)
    traces = os.path.join(work, "traces", name)
    log = os.path.join(work, name + ".log")
    cmd = [program, "--scenario=" + scenario, "--traces=" + traces, "--quiet"]
    env = dict(os.environ, OMP_WAIT_POLICY=os.environ.get("OMP_WAIT_POLICY", "passive"))
    with open(log, "w") as out:
        status = subprocess.call(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    with open(log) as f:
        lines = f.read().splitlines()
    if status != 0:
        fail("%s failed with status %d; its output is in %s" % (name, status, log))
    closing = [RUN_LINE.match(line) for line in lines]
    closing = [m for m in closing if m]
    requests = [REQUESTS_LINE.match(line) for line in lines]
    requests = [m for m in requests if m]
    if not closing or not requests:
        fail("%s printed no closing 'run:' line; its output is in %s" % (name, log))
    m = closing[-1]
    users = doc.get("uavs", {}).get("count", 0) + doc.get("vehicles", {}).get("count", 0)
    sim = float(m["sim"])
    wall = float(m["wall"])
    setup = float(m["setup"])
    return dict(scenario=name, transport=m["transport"], fidelity=doc.get("fidelity", "full"),
                satellites=count_satellites(doc), users=users,
                requests=int(requests[-1]["n"]), wall_s=wall,
                sim_s_per_wall_s=float(m["rate"]), requests_per_wall_s=float(m["rps"]),
                peak_rss_gib=float(m["rss"]),
                wall_us_per_user_s=1e6 * (wall - setup) / (users * sim) if users and sim else
                float("nan"), run_s=wall - setup, sim_s=sim, users_us_per_user_s=float("nan"),
                wall_ms_per_request=1e3 * (wall - setup) / int(requests[-1]["n"]) if
                int(requests[-1]["n"]) else float("nan"))


def scenarios(work):
    """(name, scenario file) of every run, written into work where derived."""
    out = []
    default = load(os.path.join(ROOT, "scenarios", "default.json"))
    for transport in ("packet", "flow"):
        doc = dict(default, transport=transport)
        path = os.path.join(work, "default-%s.json" % transport)
        write(doc, path)
        out.append(("default", path))
    starlink = os.path.join(ROOT, "scenarios", "starlink.json")
    base = load(starlink)
    doc = json.loads(json.dumps(base))
    doc["name"] = "starlink-packet"
    doc["description"] = ("The mission-size shell with %d users and %d base stations at packet "
                          "level: every byte through ns-3's TCP/IP stack." %
                          (PACKET_USERS, PACKET_BASE_STATIONS))
    doc["transport"] = "packet"
    doc["duration_s"] = PACKET_SECONDS
    doc["uavs"]["count"] = PACKET_USERS // 2
    doc["vehicles"]["count"] = PACKET_USERS - PACKET_USERS // 2
    doc["base_stations"]["count"] = PACKET_BASE_STATIONS
    doc.pop("flow", None)  # flow-transport options are refused with packet transport
    path = os.path.join(work, "starlink-packet.json")
    write(doc, path)
    out.append((doc["name"], path))
    out.append(("starlink", starlink))
    for users in SCALING_USERS:
        doc = json.loads(json.dumps(base))
        doc["name"] = "scaling-%d" % users
        doc["description"] = "The mission-size shell and base stations with %d users." % users
        doc["duration_s"] = SCALING_SECONDS
        doc["uavs"]["count"] = users // 2
        doc["vehicles"]["count"] = users - users // 2
        path = os.path.join(work, "scaling-%d.json" % users)
        write(doc, path)
        out.append((doc["name"], path))
    return out


def micro(bindir, work):
    """(program, benchmark, real time with its unit, items per second) of the key benchmarks."""
    rows = []
    for program in sorted({p for p, _ in MICRO}):
        exe = os.path.join(bindir, program)
        patterns = [r for p, r in MICRO if p == program]
        out = os.path.join(work, program + ".json")
        status = subprocess.call([exe, "--benchmark_filter=" + "|".join(patterns),
                                  "--benchmark_out=" + out, "--benchmark_out_format=json",
                                  "--benchmark_min_time=0.2"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        if status != 0:
            fail("%s failed with status %d" % (program, status))
        for b in load(out)["benchmarks"]:
            rows.append((program, b["name"], "%.4g %s" % (b["real_time"], b["time_unit"]),
                         b.get("items_per_second")))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="folder of the built programs")
    parser.add_argument("--csv", help="write the table to this CSV file too")
    parser.add_argument("--work", default=os.path.join(ROOT, "build", "bench"),
                        help="folder for derived scenarios, logs and traces")
    parser.add_argument("--only", help="comma-separated scenario names to run (default: all)")
    parser.add_argument("--no-micro", action="store_true", help="skip the Google Benchmarks")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each scenario but the mission-size one; the fastest "
                             "counts (default 3)")
    args = parser.parse_args()
    if args.repeat < 1:
        fail("--repeat must be at least 1, got %d" % args.repeat)
    program = os.path.join(args.bin, "sagin-cvl")
    if not os.access(program, os.X_OK):
        fail("no sagin-cvl in %s (build first)" % args.bin)
    os.makedirs(args.work, exist_ok=True)
    wanted = set(args.only.split(",")) if args.only else None
    rows = []
    for name, path in scenarios(args.work):
        if wanted and name not in wanted:
            continue
        label = name if name != "default" else "default-" + load(path)["transport"]
        repeat = 1 if label == "starlink" else args.repeat
        print("sagin-scale-bench: running %s%s" % (label, " (%d times)" % repeat if repeat > 1
                                                   else ""), file=sys.stderr, flush=True)
        # The least disturbed of the runs: the same records each time, the host's noise not.
        rows.append(min((run(program, path, label, args.work) for _ in range(repeat)),
                        key=lambda r: r["run_s"]))
    print(machine())
    scaling = [r for r in rows if r["scenario"].startswith("scaling-")]
    zero = [r for r in scaling if r["users"] == SCALING_USERS[0]]
    series = [r for r in scaling if r["users"] != SCALING_USERS[0]]
    for r in series:
        if zero:
            r["users_us_per_user_s"] = 1e6 * (r["run_s"] - zero[0]["run_s"]) / (
                (r["users"] - zero[0]["users"]) * r["sim_s"])
    print("%-15s %-9s %-9s %5s %5s %8s %8s %10s %10s %7s %9s %9s %7s" %
          ("scenario", "transport", "fidelity", "sats", "users", "requests", "wall s",
           "sim s/wall", "req/wall s", "RSS GiB", "us/user-s", "users' us", "ms/req"))
    for r in rows:
        print("%-15s %-9s %-9s %5d %5d %8d %8.1f %10.3f %10.1f %7.2f %9.1f %9.1f %7.3f" %
              tuple(r[c] for c in COLUMNS))
    if len(series) >= 2:
        for column, what in (("wall_us_per_user_s", "wall cost per user-second"),
                             ("users_us_per_user_s", "users' cost per user-second (less the "
                                                     "2-user run)")):
            costs = [r[column] for r in series]
            if all(c == c for c in costs):
                print("scaling: %s from %d to %d users: %.1f to %.1f us, ratio %.2f" %
                      (what, series[0]["users"], series[-1]["users"], costs[0], costs[-1],
                       max(costs) / min(costs)))
    if args.csv:
        os.makedirs(os.path.dirname(os.path.abspath(args.csv)), exist_ok=True)
        with open(args.csv, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        print("table: %s" % args.csv)
    if not args.no_micro:
        print()
        print("%-18s %-40s %14s %14s" % ("program", "benchmark", "time", "items/s"))
        for program, name, time, items in micro(args.bin, args.work):
            print("%-18s %-40s %14s %14s" % (program, name, time,
                                             "%.3g" % items if items else "-"))


def machine():
    cores = os.cpu_count()
    with open("/proc/meminfo") as f:
        kib = int(f.readline().split()[1])
    return "machine: %d cores, %.0f GiB" % (cores, kib / 2**20)


if __name__ == "__main__":
    main()
