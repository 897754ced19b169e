#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Compare the request records of runs of one scenario with packet-level and flow-level transport.

    sagin-compare-transports.py PACKET FLOW [--label NAME] [--csv FILE] [--detail]
    sagin-compare-transports.py --scenario FILE --program SAGIN_CVL --runs N --work DIR [...]

PACKET and FLOW are trace folders or files (HDF5 or CSV). With --scenario, the tool writes the
scenario with each transport and run numbers 1..N into DIR, runs them with SAGIN_CVL (two at a
time) and compares the pooled records. Requests are paired by (run, node, request index). Printed, per role and overall: the median and
95th percentile of the completed requests' latency in each run and their relative difference,
the paired per-request relative latency difference (median and 95th percentile), the mean
energy per completed request and its relative difference, and the share of paired requests
with the same split point. --csv appends one line per row to FILE (with a header when new).
"""
import argparse
import csv
import json
import os
import subprocess
import sys

import h5py
import numpy as np


def read_table(path):
    """The requests of a trace folder or file: HDF5 (traces.h5) or CSV (requests.csv)."""
    if os.path.isdir(path):
        h5 = os.path.join(path, "traces.h5")
        path = h5 if os.path.exists(h5) else os.path.join(path, "requests.csv")
    try:
        if path.endswith(".csv"):
            with open(path, newline="") as f:
                rows = list(csv.DictReader(f))
            return [{k: (v if k in ("role", "status") else float(v or "nan"))
                     for k, v in row.items()} for row in rows]
        with h5py.File(path, "r") as f:
            table = f["requests"][()]
        return [{k: (row[k].decode() if k in ("role", "status") else row[k])
                 for k in table.dtype.names} for row in table]
    except (OSError, KeyError, ValueError) as error:
        sys.exit(f"sagin-compare-transports: {path}: cannot read the requests table ({error})")


def load(path, run=0):
    rows = {}
    for row in read_table(path):
        status = row["status"]
        energy = row["energy_compute_j"] + np.nan_to_num(row["energy_tx_j"]) + np.nan_to_num(
            row["energy_server_j"])
        rows[(run, int(row["node"]), int(row["request"]))] = dict(
            role=row["role"], status=status, latency=float(row["latency_s"]),
            energy=float(energy), split=int(row["split"]), tx=float(row["t_tx_s"]),
            queue=float(row["t_queue_s"]))
    return rows


def rel(a, b):
    return abs(b - a) / abs(a) if a else float("nan")


def summarise(label, role, packet, flow):
    keys = [k for k in packet if role in ("all", packet[k]["role"])]
    ok_p = [packet[k] for k in keys if packet[k]["status"] == "ok"]
    ok_f = [flow[k] for k in flow if role in ("all", flow[k]["role"]) and flow[k]["status"] == "ok"]
    pairs = [(packet[k], flow[k]) for k in keys if k in flow and packet[k]["status"] == "ok"
             and flow[k]["status"] == "ok"]
    lp = np.array([r["latency"] for r in ok_p])
    lf = np.array([r["latency"] for r in ok_f])
    ep = np.mean([r["energy"] for r in ok_p])
    ef = np.mean([r["energy"] for r in ok_f])
    paired = np.array([rel(p["latency"], f["latency"]) for p, f in pairs])
    same = np.mean([p["split"] == f["split"] for p, f in pairs]) if pairs else float("nan")
    return dict(scenario=label, role=role, requests=len(keys), completed_packet=len(ok_p),
                completed_flow=len(ok_f), p50_packet_ms=1e3 * np.median(lp),
                p50_flow_ms=1e3 * np.median(lf),
                p50_diff=rel(np.median(lp), np.median(lf)),
                p95_packet_ms=1e3 * np.percentile(lp, 95), p95_flow_ms=1e3 * np.percentile(lf, 95),
                p95_diff=rel(np.percentile(lp, 95), np.percentile(lf, 95)),
                paired_p50=np.median(paired), paired_p95=np.percentile(paired, 95),
                energy_packet_j=ep, energy_flow_j=ef, energy_diff=rel(ep, ef), same_split=same)


def run_scenario(args):
    try:
        with open(args.scenario) as f:
            spec = json.load(f)
    except (OSError, ValueError) as error:
        sys.exit(f"sagin-compare-transports: {args.scenario}: {error}")
    os.makedirs(args.work, exist_ok=True)
    jobs = []
    for run in range(1, args.runs + 1):
        for transport in ("packet", "flow"):
            name = f"{transport}-run{run}"
            variant = dict(spec, run=run, transport=transport)
            variant["traces"] = dict(spec.get("traces", {}), directory=os.path.join(
                os.path.abspath(args.work), name))
            path = os.path.join(args.work, name + ".json")
            with open(path, "w") as f:
                json.dump(variant, f, indent=1)
            jobs.append((run, transport, path, variant["traces"]["directory"]))
    running = []
    for job in jobs:
        if os.path.exists(os.path.join(job[3], "requests.csv")) or os.path.exists(
                os.path.join(job[3], "traces.h5")):
            continue
        running.append(subprocess.Popen([args.program, "--scenario=" + job[2], "--quiet"],
                                        stdout=subprocess.DEVNULL))
        if len(running) == 2:
            for p in running:
                if p.wait() != 0:
                    sys.exit(f"sagin-compare-transports: {args.program} failed")
            running = []
    for p in running:
        if p.wait() != 0:
            sys.exit(f"sagin-compare-transports: {args.program} failed")
    packet, flow = {}, {}
    for run, transport, _, folder in jobs:
        (packet if transport == "packet" else flow).update(load(folder, run))
    return packet, flow


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("packet", nargs="?")
    parser.add_argument("flow", nargs="?")
    parser.add_argument("--scenario", help="run this scenario with both transports")
    parser.add_argument("--program", help="the sagin-cvl program")
    parser.add_argument("--runs", type=int, default=1, help="runs 1..N of each transport")
    parser.add_argument("--work", help="where the scenarios and traces of --scenario go")
    parser.add_argument("--label", default="")
    parser.add_argument("--csv")
    parser.add_argument("--detail", action="store_true", help="print every paired request")
    args = parser.parse_args()
    if args.scenario:
        if not args.program or not args.work:
            sys.exit("sagin-compare-transports: --scenario needs --program and --work")
        packet, flow = run_scenario(args)
        args.label = args.label or os.path.splitext(os.path.basename(args.scenario))[0]
    elif args.packet and args.flow:
        packet, flow = load(args.packet), load(args.flow)
    else:
        sys.exit("sagin-compare-transports: give PACKET and FLOW traces, or --scenario")
    if args.detail:
        for k in sorted(packet):
            if k in flow:
                p, f = packet[k], flow[k]
                print(k, p["role"], p["status"], f["status"], p["split"], f["split"],
                      "%.1f %.1f ms" % (1e3 * p["latency"], 1e3 * f["latency"]),
                      "tx %.1f %.1f" % (1e3 * p["tx"], 1e3 * f["tx"]),
                      "queue %.1f %.1f" % (1e3 * p["queue"], 1e3 * f["queue"]))
    roles = ["all"] + sorted({r["role"] for r in packet.values()})
    rows = [summarise(args.label, role, packet, flow) for role in roles]
    print("%-10s %5s %7s %7s %6s %7s %7s %6s %7s %7s %7s %7s %6s %6s" %
          ("role", "req", "p50 pkt", "p50 flw", "diff", "p95 pkt", "p95 flw", "diff",
           "pair50", "pair95", "J pkt", "J flw", "diff", "split"))
    for r in rows:
        print("%-10s %5d %7.1f %7.1f %5.1f%% %7.1f %7.1f %5.1f%% %6.1f%% %6.1f%% %7.4f %7.4f "
              "%5.2f%% %5.1f%%" %
              (r["role"], r["requests"], r["p50_packet_ms"], r["p50_flow_ms"], 100 * r["p50_diff"],
               r["p95_packet_ms"], r["p95_flow_ms"], 100 * r["p95_diff"], 100 * r["paired_p50"],
               100 * r["paired_p95"], r["energy_packet_j"], r["energy_flow_j"],
               100 * r["energy_diff"], 100 * r["same_split"]))
    if args.csv:
        new = not os.path.exists(args.csv)
        with open(args.csv, "a") as out:
            if new:
                out.write(",".join(rows[0].keys()) + "\n")
            for r in rows:
                out.write(",".join(str(v) for v in r.values()) + "\n")


if __name__ == "__main__":
    main()
