#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Independent implementation of the published experiment's Tri-Co costs (REFERENCE.md), written
straight from its formulas, to check the sagin-seed-costs example against.

Usage: tri-co-reference.py [--uav-images=N]
Prints the same CSV as sagin-seed-costs: device,split,latency_s,energy_j,privacy,reward.
"""
import sys

HEAD_LOADS = [0.3468, 0.3519, 2.3408, 2.3409, 5.3791, 9.6951, 12.077]  # G, cumulative
MODEL_LOAD = 12.0789
PRIVACY = [0.96122, 0.608901, 0.57954889, 0.593044, 0.535525, 0.007155, 0.054303]
ELEMENTS = [2359296, 2359296, 2359296, 2359296, 1179628, 589824, 294912]
RATE = 100 * 1024 * 1024 / 4
UTIL = 0.1
SERVER_F, SERVER_P = 330e12, 450
TX_POWER = 0.1


def costs(F, P, n, i):
    load_dev = HEAD_LOADS[i] * 1e9
    load_srv = (MODEL_LOAD - HEAD_LOADS[i]) * 1e9
    t_dev = load_dev * n / (F * UTIL)
    t_srv = load_srv * n / (SERVER_F * UTIL + 1e-8)
    t_tx = ELEMENTS[i] / RATE * n
    t = t_dev + t_srv + t_tx
    e_cmp = (load_dev * P / F + load_srv * SERVER_P * UTIL / SERVER_F) * n
    e_tx = n * TX_POWER * t_tx
    e = e_cmp + e_tx
    return t, e, PRIVACY[i], -0.4 * t - 0.3 * e - 0.3 * PRIVACY[i]


def main():
    uav_images = 3
    for arg in sys.argv[1:]:
        if arg.startswith("--uav-images="):
            uav_images = int(arg.split("=", 1)[1])
        else:
            sys.exit(f"tri-co-reference.py: unknown argument {arg}")
    print("device,split,latency_s,energy_j,privacy,reward")
    for name, F, P, n in (("uav", 0.641e12, 30, uav_images), ("vehicle", 1.3e12, 20, 1)):
        for i in range(7):
            print(name, i, *(repr(v) for v in costs(F, P, n, i)), sep=",")


if __name__ == "__main__":
    main()
