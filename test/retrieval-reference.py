#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Independent reference for sagin's retrieval metrics (model/retrieval-metrics.h), in numpy.

Usage: retrieval-reference.py INPUT.json

INPUT holds "queries" (Q rows), "query_labels", "gallery" (G rows), "gallery_labels", and for
the fusion "street" and "drone" (rows) with "n_street" and "n_drone". Prints, one per line:
  queries N / unmatched N / top1_k K
  recall_at_1 X / recall_at_5 X / recall_at_10 X / recall_at_top1 X / mean_ap X
  ranking Q_INDEX G0 G1 ...   (one line per query)
  fused X0 X1 ...
"""

import json
import sys

import numpy as np


def unit_rows(matrix):
    norms = np.sqrt((matrix * matrix).sum(axis=1, keepdims=True))
    return np.where(norms > 0, matrix / np.where(norms > 0, norms, 1.0), matrix)


def trapezoid_ap(match_positions):
    """Market-1501 average precision from the 0-based ranks of the true matches."""
    n = len(match_positions)
    total = 0.0
    for i, r in enumerate(match_positions):
        here = (i + 1) / (r + 1)
        before = 1.0 if r == 0 else i / r
        total += (here + before) / 2 / n
    return total


def main():
    with open(sys.argv[1]) as f:
        data = json.load(f)
    q = unit_rows(np.array(data["queries"], dtype=np.float64))
    g = unit_rows(np.array(data["gallery"], dtype=np.float64))
    ql = np.array(data["query_labels"])
    gl = np.array(data["gallery_labels"])
    similarity = q @ g.T
    top1_k = int(np.floor(0.01 * len(gl) + 0.5)) + 1
    hits = {1: 0, 5: 0, 10: 0, "top1": 0}
    ap_sum = 0.0
    scored = 0
    unmatched = 0
    rankings = []
    for i in range(len(ql)):
        # Descending similarity, equal ones in gallery order (a stable sort of the negation).
        order = np.argsort(-similarity[i], kind="stable")
        rankings.append(order)
        positions = np.nonzero(gl[order] == ql[i])[0]
        if len(positions) == 0:
            unmatched += 1
            continue
        scored += 1
        first = positions[0]
        for k in (1, 5, 10):
            hits[k] += first < k
        hits["top1"] += first < top1_k
        ap_sum += trapezoid_ap(list(positions))
    print("queries", scored)
    print("unmatched", unmatched)
    print("top1_k", top1_k)
    for name, key in (("recall_at_1", 1), ("recall_at_5", 5), ("recall_at_10", 10),
                      ("recall_at_top1", "top1")):
        print(name, repr(hits[key] / scored))
    print("mean_ap", repr(ap_sum / scored))
    for i, order in enumerate(rankings):
        print("ranking", i, " ".join(str(int(x)) for x in order))
    street = np.array(data["street"], dtype=np.float64)[: data["n_street"]]
    drone = np.array(data["drone"], dtype=np.float64)[: data["n_drone"]]
    parts = [rows.mean(axis=0) for rows in (street, drone) if len(rows) > 0]
    fused = sum(parts) / len(parts)
    print("fused", " ".join(repr(float(x)) for x in fused))


if __name__ == "__main__":
    main()
