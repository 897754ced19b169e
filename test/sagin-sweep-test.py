#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Tests of parameter sweeps (tools/sagin-sweep.py) and the single-node Slurm cluster.

    sagin-sweep-test.py --bin DIR [unittest arguments, e.g. SpecTest]

The sweeps run sagin-cvl on a small scenario (the default one, profiled fidelity, 2 simulated
seconds) from DIR. Exit status 77 (CTest's skip) for SlurmTest where Slurm cannot start here.
"""
import csv
import glob
import hashlib
import importlib.util
import json
import math
import os
import signal
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, "tools", "sagin-sweep.py")
SLURM_TOOL = os.path.join(ROOT, "tools", "sagin-slurm.py")
BIN = None
SKIP = 77

spec = importlib.util.spec_from_file_location("sagin_sweep", TOOL)
sweep = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sweep)


def write(folder, name, doc):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(doc if isinstance(doc, str) else json.dumps(doc))
    return path


def small_scenario(folder, **changes):
    """The default scenario, profiled, 2 s, 24 satellites: about a second per run."""
    with open(os.path.join(ROOT, "scenarios", "default.json")) as f:
        doc = json.load(f)
    doc.update({"name": "sweep-test", "fidelity": "profiled", "duration_s": 2})
    doc["satellites"]["walker"].update({"satellites": 24, "planes": 6})
    doc.update(changes)
    return write(folder, "scenario.json", doc)


def run_tool(args, **kwargs):
    return subprocess.run([sys.executable, TOOL, "--bin", BIN] + args, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, **kwargs)


def read_text(path):
    with open(path) as f:
        return f.read()


def read_csv(path):
    with open(path) as f:
        return list(csv.DictReader(f))


class SpecTest(unittest.TestCase):
    """Parsing the specification and every refusal, each naming the spec's JSON path."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sagin-sweep-spec-")
        self.scenario = small_scenario(self.dir)
        self.addCleanup(shutil.rmtree, self.dir)

    def spec(self, **fields):
        doc = {"name": "t", "scenario": self.scenario, "parameters": {"uavs.altitude_m": [50, 100]},
               "out": os.path.join(self.dir, "out")}
        doc.update(fields)
        for k in [k for k, v in doc.items() if v is None]:
            del doc[k]
        return write(self.dir, "spec.json", doc)

    def refused(self, path, where, words, checked=False):
        """The spec at path is refused with one line naming where and holding words."""
        with self.assertRaises(sweep.SweepError) as e:
            s = sweep.Spec(path)
            sweep.configurations(s, BIN, check=checked)
        message = str(e.exception)
        self.assertEqual(len(message.splitlines()), 1, message)
        self.assertTrue(message.startswith(path + ": " + where + ": "), message)
        self.assertIn(words, message)

    def test_a_good_spec(self):
        s = sweep.Spec(self.spec(set={"duration_s": 1},
                                 parameters={"uavs.altitude_m": [50, 100],
                                             "defaults.ns3::sagin::SaginNetDevice::BandwidthHz": [10e6]},
                                 seeds=3))
        self.assertEqual(s.names(), ["uavs.altitude_m", "defaults.ns3::sagin::SaginNetDevice::BandwidthHz"])
        # Under "defaults" the attribute's name is one segment, colons and all.
        self.assertEqual(s.parameters[1][1], ["defaults", "ns3::sagin::SaginNetDevice::BandwidthHz"])
        self.assertEqual(s.seeds, 3)
        self.assertEqual(s.out, os.path.join(self.dir, "out"))
        configs = sweep.configurations(s, BIN)
        self.assertEqual(len(configs), 2)
        self.assertEqual(configs[1].scenario["uavs"]["altitude_m"], 100)
        self.assertEqual(configs[1].scenario["duration_s"], 1)
        self.assertEqual(configs[1].scenario["defaults"], {"ns3::sagin::SaginNetDevice::BandwidthHz": 10e6})

    def test_refusals_of_the_spec_itself(self):
        d = self.dir
        with self.assertRaises(sweep.SweepError) as e:
            sweep.Spec(write(d, "a.json", '{"name": "t",\n "seeds": }'))
        self.assertIn("a.json:2:", str(e.exception))
        cases = [
            ('{"name": "t", "name": "u"}', "", "duplicate key"),
            ([1, 2], "$", "must be a JSON object"),
        ]
        for text, where, words in cases:
            path = write(d, "b.json", text if isinstance(text, str) else json.dumps(text))
            with self.assertRaises(sweep.SweepError) as e:
                sweep.Spec(path)
            self.assertIn(words, str(e.exception))
        self.refused(self.spec(colour="red"), "$.colour", "unknown key")
        self.refused(self.spec(name="../up"), "$.name", "must be a name")
        self.refused(self.spec(scenario=os.path.join(d, "none.json")), "$.scenario", "no such file")
        self.refused(self.spec(mode="spiral"), "$.mode", "must be one of grid, zip, random, lhs")
        self.refused(self.spec(mode="random"), "$.samples", "needs the number of samples")
        self.refused(self.spec(samples=4), "$.samples", "only for modes random and lhs")
        self.refused(self.spec(parameters={}), "$.parameters", "at least one dotted path")
        self.refused(self.spec(parameters={"uavs.altitude_m": 50}), '$.parameters["uavs.altitude_m"]',
                     "must be a list of values")
        self.refused(self.spec(parameters={"uavs.altitude_m": []}), '$.parameters["uavs.altitude_m"]',
                     "at least one value")
        self.refused(self.spec(parameters={"uavs..altitude_m": [1]}), '$.parameters["uavs..altitude_m"]',
                     "empty segment")
        self.refused(self.spec(parameters={"run": [1, 2]}), "$.parameters.run", "use \"seeds\"")
        self.refused(self.spec(mode="zip", parameters={"uavs.altitude_m": [1, 2], "uavs.count": [1]}),
                     "$.parameters", "lengths 2, 1")
        self.refused(self.spec(mode="lhs", samples=3, parameters={"uavs.altitude_m": {"min": 9, "max": 1}}),
                     '$.parameters["uavs.altitude_m"]', "min 9 is above max 1")
        self.refused(self.spec(mode="lhs", samples=3, parameters={"uavs.altitude_m": {"min": 0, "max": 1, "log": True}}),
                     '$.parameters["uavs.altitude_m"].min', "log range needs min > 0")
        self.refused(self.spec(mode="random", samples=0), "$.samples", "from 1 to")
        self.refused(self.spec(seeds=0), "$.seeds", "from 1 to")
        self.refused(self.spec(seeds={"min": 1, "max": 5, "metric": "latency_p50_s", "ci_rel": 0.1}),
                     "$.seeds.min", "an interval needs two runs")
        self.refused(self.spec(seeds={"min": 3, "max": 2, "metric": "latency_p50_s", "ci_rel": 0.1}),
                     "$.seeds.max", "from min (3)")
        self.refused(self.spec(seeds={"min": 3, "max": 5, "metric": "latency_p51_s", "ci_rel": 0.1}),
                     "$.seeds.metric", "unknown metric")
        self.refused(self.spec(seeds={"min": 3, "max": 5, "metric": "latency_p50_s"}),
                     "$.seeds.ci_rel", "missing")
        self.refused(self.spec(set={"uavs": {"count": 1}}), '$.parameters["uavs.altitude_m"]',
                     "overlaps \"uavs\"")
        self.refused(self.spec(parameters={"uavs.count.x": [1]}), '$.parameters["uavs.count.x"]',
                     "'uavs.count' is 3, not an object")
        self.refused(self.spec(out=self.scenario), "$.out", "is not a folder")

    def test_refusals_of_the_scenario_checker(self):
        # A value the checker refuses names the value's place in the spec.
        self.refused(self.spec(parameters={"uavs.altitude_m": [100, -5]}),
                     '$.parameters["uavs.altitude_m"][1]', "$.uavs.altitude_m: must be a number >= 1",
                     checked=True)
        self.refused(self.spec(parameters={"uavs.altitud_m": [100]}),
                     '$.parameters["uavs.altitud_m"][0]', "unknown key", checked=True)
        self.refused(self.spec(set={"fidelity": "half"}), "$.set.fidelity", "$.fidelity: must be one of",
                     checked=True)
        self.refused(self.spec(parameters={"defaults.ns3::sagin::SaginNetDevice::BandwidthHz": [0]}),
                     '$.parameters["defaults.ns3::sagin::SaginNetDevice::BandwidthHz"][0]',
                     "invalid value '0'", checked=True)
        self.refused(self.spec(parameters={"defaults.ns3::sagin::SaginNetDevice::Bandwidth": [1e6]}),
                     '$.parameters["defaults.ns3::sagin::SaginNetDevice::Bandwidth"][0]',
                     "has no attribute 'Bandwidth'", checked=True)
        bad = write(self.dir, "bad-scenario.json", {"name": "x"})
        self.refused(self.spec(scenario=bad), "$.scenario", "the scenario checker refuses", checked=True)

    def test_command_line_refusal_runs_nothing(self):
        path = self.spec(parameters={"uavs.altitude_m": [100, -5]})
        done = run_tool([path])
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertEqual(done.stderr.count("\n"), 1, done.stderr)
        self.assertIn('$.parameters["uavs.altitude_m"][1]', done.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "out")))


class ExpansionTest(unittest.TestCase):
    """grid / zip / random / lhs, and run ids."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="sagin-sweep-expand-")
        self.scenario = small_scenario(self.dir)
        self.addCleanup(shutil.rmtree, self.dir)

    def spec(self, **fields):
        doc = {"name": "t", "scenario": self.scenario, "out": os.path.join(self.dir, "out")}
        doc.update(fields)
        return sweep.Spec(write(self.dir, "spec.json", doc))

    def test_grid_and_zip(self):
        s = self.spec(parameters={"uavs.altitude_m": [50, 100], "uavs.speed_mps": [5, 10, 15]})
        values = [v for v, _ in sweep.expand(s)]
        # Cartesian, the first parameter varying slowest: 2 x 3.
        self.assertEqual(values, [[50, 5], [50, 10], [50, 15], [100, 5], [100, 10], [100, 15]])
        s = self.spec(mode="zip", parameters={"uavs.altitude_m": [50, 100, 200], "uavs.speed_mps": [5, 10, 15]})
        self.assertEqual([v for v, _ in sweep.expand(s)], [[50, 5], [100, 10], [200, 15]])

    def test_random(self):
        s = self.spec(mode="random", samples=200, sample_seed=7,
                      parameters={"uavs.altitude_m": {"min": 50, "max": 400},
                                  "uavs.speed_mps": {"min": 1, "max": 100, "log": True},
                                  "uavs.count": {"min": 1, "max": 4, "integer": True},
                                  "codec": ["fp32", "fp16"]})
        values = [v for v, _ in sweep.expand(s)]
        self.assertEqual(len(values), 200)
        self.assertEqual(values, [v for v, _ in sweep.expand(s)])  # the same for the same seed
        self.assertTrue(all(50 <= a <= 400 and 1 <= b <= 100 for a, b, _, _ in values))
        self.assertEqual({c for _, _, c, _ in values}, {1, 2, 3, 4})
        self.assertEqual({d for _, _, _, d in values}, {"fp32", "fp16"})
        # Log-uniform: about half of the speeds below sqrt(1 * 100) = 10.
        below = sum(1 for _, b, _, _ in values if b < 10)
        self.assertTrue(70 <= below <= 130, below)
        other = self.spec(mode="random", samples=200, sample_seed=8,
                          parameters={"uavs.altitude_m": {"min": 50, "max": 400}})
        self.assertNotEqual([v[0] for v, _ in sweep.expand(other)], [v[0] for v in values])

    def test_latin_hypercube(self):
        n = 10
        s = self.spec(mode="lhs", samples=n, parameters={"uavs.altitude_m": {"min": 0.5, "max": 10.5},
                                                         "uavs.speed_mps": {"min": 0, "max": 1}})
        values = [v for v, _ in sweep.expand(s)]
        # One sample in each tenth of each range: altitudes in [0.5 + k, 1.5 + k), k = 0..9.
        self.assertEqual(sorted(int(a - 0.5) for a, _ in values), list(range(n)))
        self.assertEqual(sorted(int(b * n) for _, b in values), list(range(n)))

    def test_run_ids(self):
        s = self.spec(parameters={"uavs.altitude_m": [50]}, set={"duration_s": 1})
        config = sweep.configurations(s, BIN, check=False)[0]
        run = config.run(3)
        # The id: the first 16 hex digits of SHA-256 over the canonical scenario (sorted keys, no
        # spaces, "run" the seed) followed by "\nseed=3", computed here without the tool.
        doc = json.loads(json.dumps(config.scenario))
        doc["run"] = 3
        text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        self.assertEqual(run.id, hashlib.sha256((text + "\nseed=3").encode()).hexdigest()[:16])
        # Key order and spacing of the files do not matter; a value does.
        with open(self.scenario) as f:
            base = json.load(f)
        shuffled = dict(reversed(list(base.items())))
        write(self.dir, "scenario.json", json.dumps(shuffled, indent=3))
        again = sweep.configurations(self.spec(parameters={"uavs.altitude_m": [50]}, set={"duration_s": 1}), BIN,
                                     check=False)[0]
        self.assertEqual(again.run(3).id, run.id)
        self.assertNotEqual(config.run(4).id, run.id)
        changed = sweep.configurations(self.spec(parameters={"uavs.altitude_m": [51]}, set={"duration_s": 1}), BIN,
                                       check=False)[0]
        self.assertNotEqual(changed.run(3).id, run.id)
        # Stable across versions of this tool: the id of this exact text (sha256sum of
        # printf '{"duration_s":1,"name":"x","run":1}\nseed=1', first 16 digits).
        fixed = sweep.Config(0, [], [], {"name": "x", "duration_s": 1})
        self.assertEqual(fixed.run(1).id,
                         hashlib.sha256(b'{"duration_s":1,"name":"x","run":1}\nseed=1').hexdigest()[:16])
        self.assertEqual(fixed.run(1).id, "54b74ee2e2a4f9f6")


class RuleTest(unittest.TestCase):
    """The CI stopping rule against hand-computed t-intervals."""

    def test_half_width(self):
        # 1..5: mean 3, s = sqrt(10 / 4) = 1.5811388, t(0.975, 4) = 2.7764451;
        # half-width 2.7764451 * 1.5811388 / sqrt(5) = 1.9632432.
        self.assertAlmostEqual(sweep.t_half_width([1, 2, 3, 4, 5]), 1.9632432, places=6)
        # Two values 1, 3: s = sqrt(2), t(0.975, 1) = 12.7062047; 12.7062047 * sqrt(2) / sqrt(2).
        self.assertAlmostEqual(sweep.t_half_width([1, 3]), 12.7062047, places=6)
        self.assertTrue(math.isnan(sweep.t_half_width([1])))
        rule = {"min": 3, "max": 30, "ci_rel": 0.65}
        self.assertFalse(sweep.rule_satisfied([1, 2, 3, 4, 5], rule))  # 1.963 > 0.65 * 3 = 1.95
        rule["ci_rel"] = 0.66
        self.assertTrue(sweep.rule_satisfied([1, 2, 3, 4, 5], rule))  # 1.963 <= 1.98
        self.assertFalse(sweep.rule_satisfied([3, 3], rule))  # below min
        self.assertTrue(sweep.rule_satisfied([3, 3, 3], rule))

    def test_adaptive_plan(self):
        d = tempfile.mkdtemp(prefix="sagin-sweep-rule-")
        self.addCleanup(shutil.rmtree, d)
        scenario = small_scenario(d)
        path = write(d, "spec.json", {"name": "t", "scenario": scenario, "out": os.path.join(d, "out"),
                                      "parameters": {"uavs.altitude_m": [50]},
                                      "seeds": {"min": 3, "max": 6, "metric": "latency_p50_s", "ci_rel": 0.66}})
        s = sweep.Sweep(sweep.Spec(path), BIN, check=False)
        config = s.configs[0]
        metric = [1, 2, 3, 4, 5, 6]

        def finish(seed):
            folder = sweep.run_folder(s.out, config.run(seed).id)
            os.makedirs(folder, exist_ok=True)
            sweep.write_json(os.path.join(folder, "status.json"), {"status": "done", "version": s.version})
            sweep.write_json(os.path.join(folder, "metrics.json"), {"latency_p50_s": metric[seed - 1]})

        runs, complete = s.plan(config)
        self.assertEqual([r.seed for r in runs], [1])
        self.assertFalse(complete)
        for seed in (1, 2, 3):
            finish(seed)
        # 1, 2, 3: mean 2, half-width 4.303 * 1 / sqrt(3) = 2.484 > 0.66 * 2: a fourth run.
        runs, complete = s.plan(config)
        self.assertEqual([r.seed for r in runs], [1, 2, 3, 4])
        self.assertFalse(complete)
        finish(4)
        # 1..4: mean 2.5, s = 1.291, t(0.975, 3) = 3.182: half-width 2.054 > 1.65: a fifth.
        self.assertEqual([r.seed for r in s.plan(config)[0]], [1, 2, 3, 4, 5])
        finish(5)
        # 1..5: half-width 1.963 <= 0.66 * 3 = 1.98: complete at five runs.
        runs, complete = s.plan(config)
        self.assertEqual(([r.seed for r in runs], complete), ([1, 2, 3, 4, 5], True))


class LocalSweepTest(unittest.TestCase):
    """Sweeps run for real: resume, failures, aggregation, determinism, interruption."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="sagin-sweep-local-")
        cls.scenario = small_scenario(cls.dir)
        cls.spec = write(cls.dir, "spec.json", {
            "name": "local", "scenario": cls.scenario, "out": os.path.join(cls.dir, "out"),
            "parameters": {"uavs.altitude_m": [50, 200]}, "seeds": 2})
        cls.first = run_tool([cls.spec, "--jobs", "2"])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def test_1_runs_and_aggregation(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr)
        self.assertIn("sweep local: 2 configurations, 4 runs: 4 done", self.first.stdout)
        out = os.path.join(self.dir, "out")
        runs = read_csv(os.path.join(out, "runs.csv"))
        self.assertEqual(len(runs), 4)
        for row in runs:
            folder = os.path.join(out, "runs", row["id"])
            for name in ("scenario.json", "stdout", "stderr", "status.json", "metrics.json", "traces/traces.h5"):
                self.assertTrue(os.path.exists(os.path.join(folder, name)), name)
            with open(os.path.join(folder, "status.json")) as f:
                status = json.load(f)
            self.assertEqual((status["exit_status"], status["status"]), (0, "done"))
            self.assertTrue(status["version"].startswith("sagin-"))
            # The metrics agree with sagin-cvl's own summary (its C++ quantiles): the UAV row of
            # stdout, "uav  requests completed - - p50 p95 max J/request", p50 in ms to 0.1.
            with open(os.path.join(folder, "stdout")) as f:
                line = next(l for l in f if l.startswith("uav "))
            fields = line.split()
            self.assertEqual(int(fields[1]), int(row["uav_requests"]))
            self.assertEqual(int(fields[2]), int(row["uav_completed"]))
            self.assertAlmostEqual(float(fields[5]), float(row["uav_latency_p50_s"]) * 1e3, delta=0.051)
            self.assertAlmostEqual(float(fields[6]), float(row["uav_latency_p95_s"]) * 1e3, delta=0.051)
            self.assertAlmostEqual(float(fields[8]), float(row["uav_energy_per_request_j"]),
                                   delta=1e-3 * float(fields[8]))
            shares = sum(float(row[k]) for k in row if k.startswith("split_"))
            self.assertAlmostEqual(shares, 1.0, places=9)
        # summary.csv from runs.csv by hand: n = 2, t(0.975, 1) = 12.7062047.
        summary = read_csv(os.path.join(out, "summary.csv"))
        self.assertEqual(len(summary), 2)
        for row in summary:
            mine = [r for r in runs if r["config"] == row["config"]]
            self.assertEqual(int(row["n"]), 2)
            for metric in ("latency_p50_s", "energy_per_request_j", "uav_latency_mean_s", "split_1_share"):
                a, b = (float(r[metric]) for r in mine)
                mean = (a + b) / 2
                std = abs(a - b) / math.sqrt(2)
                self.assertAlmostEqual(float(row[metric + "_mean"]), mean, places=12)
                self.assertAlmostEqual(float(row[metric + "_std"]), std, places=12)
                self.assertAlmostEqual(float(row[metric + "_ci95"]), 12.7062047 * std / math.sqrt(2), places=6)
        # The same tables in HDF5, through pandas.
        import pandas
        frame = pandas.read_hdf(os.path.join(out, "sweep.h5"), "summary")
        self.assertEqual(list(frame["latency_p50_s_mean"]), [float(r["latency_p50_s_mean"]) for r in summary])
        self.assertEqual(len(pandas.read_hdf(os.path.join(out, "sweep.h5"), "runs")), 4)
        self.assertTrue(os.path.getsize(os.path.join(out, "plots", "latency_p50_s.png")) > 1000)

    def test_2_resume_and_determinism(self):
        out = os.path.join(self.dir, "out")
        runs = read_csv(os.path.join(out, "runs.csv"))
        started = {}
        for row in runs:
            with open(os.path.join(out, "runs", row["id"], "status.json")) as f:
                started[row["id"]] = json.load(f)["started"]
        # A finished sweep re-issued runs nothing.
        again = run_tool([self.spec])
        self.assertEqual(again.returncode, 0, again.stderr)
        for rid, when in started.items():
            with open(os.path.join(out, "runs", rid, "status.json")) as f:
                self.assertEqual(json.load(f)["started"], when)
        # One run deleted: exactly that one reruns.
        victim = runs[1]["id"]
        shutil.rmtree(os.path.join(out, "runs", victim))
        time.sleep(1.1)
        again = run_tool([self.spec])
        self.assertEqual(again.returncode, 0, again.stderr)
        for rid, when in started.items():
            with open(os.path.join(out, "runs", rid, "status.json")) as f:
                now = json.load(f)["started"]
            self.assertEqual(now != when, rid == victim, rid)
        # The rerun gives the same metrics: runs.csv is as it was but for the wall times.
        rerun = read_csv(os.path.join(out, "runs.csv"))
        wall = {"wall_s"}
        self.assertEqual([{k: v for k, v in r.items() if k not in wall} for r in rerun],
                         [{k: v for k, v in r.items() if k not in wall} for r in runs])

    def test_3_failed_run_recorded(self):
        # A TLE file that exists (the checker passes it) but holds no element set: the run fails
        # when it builds the scenario; the other configuration's runs finish.
        bad = write(self.dir, "bad.tle", "garbage\n")
        good = self.read_scenario()["satellites"]
        spec = write(self.dir, "failing.json", {
            "name": "failing", "scenario": self.scenario, "out": os.path.join(self.dir, "failing"),
            "parameters": {"satellites": [good, {"tle": bad}]}, "seeds": 2})
        done = run_tool([spec, "--jobs", "2"])
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn("2 done, 2 failed", done.stdout)
        rows = read_csv(os.path.join(self.dir, "failing", "runs.csv"))
        failed = [r for r in rows if r["status"] == "failed"]
        self.assertEqual(len(failed), 2)
        for row in failed:
            self.assertEqual(row["exit_status"], "2")
            with open(os.path.join(self.dir, "failing", "runs", row["id"], "status.json")) as f:
                self.assertIn("bad.tle:1", json.load(f)["last_stderr"])
            self.assertIn("failed with exit status 2", done.stderr)
        self.assertEqual(sorted(r["status"] for r in rows), ["done", "done", "failed", "failed"])
        summary = read_csv(os.path.join(self.dir, "failing", "summary.csv"))
        self.assertEqual([int(r["n"]) for r in summary], [2, 0])

    def test_4_interrupt_and_resume(self):
        spec = write(self.dir, "interrupt.json", {
            "name": "interrupt", "scenario": self.scenario, "out": os.path.join(self.dir, "interrupt"),
            "parameters": {"uavs.altitude_m": [60, 70]}, "seeds": 2})
        process = subprocess.Popen([sys.executable, TOOL, "--bin", BIN, spec, "--jobs", "1"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        runs = os.path.join(self.dir, "interrupt", "runs")
        end = time.monotonic() + 120
        while time.monotonic() < end and len(glob.glob(os.path.join(runs, "*", "status.json"))) < 1:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        self.assertEqual(process.returncode, 128 + signal.SIGINT, err)
        self.assertIn("interrupted", err)
        finished = glob.glob(os.path.join(runs, "*", "status.json"))
        self.assertGreaterEqual(len(finished), 1)
        self.assertLess(len(finished), 4)
        kept = {p: read_text(p) for p in finished}
        done = run_tool([spec])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("4 done", done.stdout)
        for p, text in kept.items():
            self.assertEqual(read_text(p), text)

    def test_5_status(self):
        done = run_tool([self.spec, "--status"])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("sweep local: 4 done, 0 failed, 0 stale, 0 running, 0 pending", done.stdout)
        # Runs of another program version are stale: reported, kept, rerun only when asked.
        out = os.path.join(self.dir, "out")
        row = read_csv(os.path.join(out, "runs.csv"))[0]
        path = os.path.join(out, "runs", row["id"], "status.json")
        with open(path) as f:
            status = json.load(f)
        status["version"] = "sagin-000000000000"
        sweep.write_json(path, status)
        done = run_tool([self.spec, "--status"])
        self.assertIn("3 done, 0 failed, 1 stale", done.stdout)
        self.assertIn("made by sagin-000000000000", done.stdout)
        done = run_tool([self.spec])
        self.assertIn("3 done, 1 stale", done.stdout)
        done = run_tool([self.spec, "--rerun-stale"])
        self.assertIn("4 done", done.stdout)
        with open(path) as f:
            self.assertNotEqual(json.load(f)["version"], "sagin-000000000000")

    def test_6_determinism(self):
        # The same sweep into another folder: the same run ids and the same metric columns.
        spec = write(self.dir, "twice.json", {
            "name": "local", "scenario": self.scenario, "out": os.path.join(self.dir, "twice"),
            "parameters": {"uavs.altitude_m": [50, 200]}, "seeds": 2})
        done = run_tool([spec, "--jobs", "1", "--no-plots"])
        self.assertEqual(done.returncode, 0, done.stderr)
        a = read_csv(os.path.join(self.dir, "out", "runs.csv"))
        b = read_csv(os.path.join(self.dir, "twice", "runs.csv"))
        host = {"wall_s", "version", "status"}  # test_5 may have rerun one as stale
        self.assertEqual([{k: v for k, v in r.items() if k not in host} for r in a],
                         [{k: v for k, v in r.items() if k not in host} for r in b])
        self.assertEqual(read_csv(os.path.join(self.dir, "twice", "summary.csv")),
                         read_csv(os.path.join(self.dir, "out", "summary.csv")))

    def test_7_adaptive_seeds(self):
        # A rule no spread can meet (ci_rel 1e-9 of a latency that varies) runs to max; one any
        # spread meets (ci_rel 100) stops at min.
        spec = write(self.dir, "adaptive.json", {
            "name": "adaptive", "scenario": self.scenario, "out": os.path.join(self.dir, "adaptive"),
            "parameters": {"seed": [1, 2]},
            "seeds": {"min": 2, "max": 4, "metric": "latency_mean_s", "ci_rel": 1e-9}})
        done = run_tool([spec, "--jobs", "2", "--no-plots"])
        self.assertEqual(done.returncode, 0, done.stderr)
        summary = read_csv(os.path.join(self.dir, "adaptive", "summary.csv"))
        self.assertEqual([int(r["n"]) for r in summary], [4, 4])
        # The parameter "seed" (the scenario's) is the column "$.seed" beside the runs' "seed".
        self.assertEqual([r["$.seed"] for r in summary], ["1", "2"])
        runs = read_csv(os.path.join(self.dir, "adaptive", "runs.csv"))
        self.assertEqual(sorted((r["$.seed"], r["seed"]) for r in runs),
                         [(a, b) for a in "12" for b in "1234"])
        with open(spec) as f:
            doc = json.load(f)
        doc["seeds"]["ci_rel"] = 100
        doc["out"] = os.path.join(self.dir, "adaptive-loose")
        write(self.dir, "adaptive.json", doc)
        done = run_tool([spec, "--jobs", "2", "--no-plots"])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual([int(r["n"]) for r in read_csv(os.path.join(self.dir, "adaptive-loose", "summary.csv"))], [2, 2])

    def test_8_csv_traces(self):
        # Metrics from CSV traces equal those from HDF5 traces of the same run.
        spec = write(self.dir, "formats.json", {
            "name": "formats", "scenario": self.scenario, "out": os.path.join(self.dir, "formats"),
            "parameters": {"traces.format": ["hdf5", "csv"]}})
        done = run_tool([spec, "--no-plots"])
        self.assertEqual(done.returncode, 0, done.stderr)
        rows = read_csv(os.path.join(self.dir, "formats", "runs.csv"))
        metrics = [k for k in rows[0] if k.endswith(("_s", "_j", "_share", "requests", "completed", "_mean"))
                   and k != "wall_s"]
        self.assertGreater(len(metrics), 30)
        # CSV holds each value as text of 17 significant digits: sums agree to rounding.
        for k in metrics:
            a, b = (float(r[k] or "nan") for r in rows)
            self.assertTrue(a == b or (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-12 * abs(a), k)

    def read_scenario(self):
        with open(self.scenario) as f:
            return json.load(f)


class SlurmTest(unittest.TestCase):
    """A 4-run sweep through a single-node Slurm cluster: the same summary as locally."""

    def test_slurm_equals_local(self):
        state = os.path.join(os.path.dirname(BIN), "slurm")
        if os.geteuid() != 0:
            raise unittest.SkipTest("the single-node Slurm cluster needs root")
        if shutil.which("slurmctld") is None and not os.path.exists("/usr/sbin/slurmctld"):
            raise unittest.SkipTest("Slurm (slurm-wlm) is not installed")
        conf = os.path.join(state, "slurm.conf")
        was_up = subprocess.run([sys.executable, SLURM_TOOL, "--state", state, "status"],
                                stdout=subprocess.DEVNULL).returncode == 0
        if not was_up:
            up = subprocess.run([sys.executable, SLURM_TOOL, "--state", state, "start"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if up.returncode != 0:
                raise unittest.SkipTest("Slurm did not start here: " + up.stderr.strip())
            self.addCleanup(subprocess.run, [sys.executable, SLURM_TOOL, "--state", state, "stop"],
                            stderr=subprocess.DEVNULL)
        d = tempfile.mkdtemp(prefix="sagin-sweep-slurm-", dir=os.path.dirname(BIN))
        self.addCleanup(shutil.rmtree, d)
        scenario = small_scenario(d)
        env = dict(os.environ, SLURM_CONF=conf)
        specs = {}
        for where in ("local", "slurm"):
            specs[where] = write(d, where + ".json", {
                "name": where, "scenario": scenario, "out": os.path.join(d, where),
                "parameters": {"uavs.altitude_m": [50, 200]}, "seeds": 2})
        local = run_tool([specs["local"], "--no-plots"])
        self.assertEqual(local.returncode, 0, local.stderr)
        cluster = run_tool([specs["slurm"], "--slurm", "--wait", "--per-task", "2", "--mem", "1G",
                            "--no-plots"], env=env, timeout=600)
        self.assertEqual(cluster.returncode, 0, cluster.stdout + cluster.stderr)
        self.assertIn("submitted job", cluster.stderr)
        self.assertIn("2 array tasks", cluster.stderr)
        self.assertIn("4 runs: 4 done", cluster.stdout)
        a = read_csv(os.path.join(d, "local", "summary.csv"))
        b = read_csv(os.path.join(d, "slurm", "summary.csv"))
        self.assertEqual(a, b)
        # Every run went through an array task: its log names the run.
        logs = "".join(read_text(p) for p in glob.glob(os.path.join(d, "slurm", "slurm", "*", "task-*.out")))
        for row in read_csv(os.path.join(d, "slurm", "runs.csv")):
            self.assertIn("run %s seed %s: done" % (row["id"], row["seed"]), logs)
        status = run_tool([specs["slurm"], "--status"], env=env)
        self.assertIn("4 done, 0 failed", status.stdout)
        self.assertIn("slurm job", status.stdout)
        # The stopping rule inside an array task: ci_rel 1e-9 runs to max (3), as locally.
        for where in ("local-adaptive", "slurm-adaptive"):
            specs[where] = write(d, where + ".json", {
                "name": where, "scenario": scenario, "out": os.path.join(d, where),
                "parameters": {"uavs.altitude_m": [100]},
                "seeds": {"min": 2, "max": 3, "metric": "latency_mean_s", "ci_rel": 1e-9}})
        local = run_tool([specs["local-adaptive"], "--no-plots"])
        self.assertEqual(local.returncode, 0, local.stderr)
        cluster = run_tool([specs["slurm-adaptive"], "--slurm", "--wait", "--no-plots"], env=env, timeout=600)
        self.assertEqual(cluster.returncode, 0, cluster.stdout + cluster.stderr)
        self.assertIn("1 adaptive configurations", cluster.stderr)
        a = read_csv(os.path.join(d, "local-adaptive", "summary.csv"))
        b = read_csv(os.path.join(d, "slurm-adaptive", "summary.csv"))
        self.assertEqual([r["n"] for r in b], ["3"])
        self.assertEqual(a, b)


def main():
    global BIN
    args = sys.argv[1:]
    if len(args) < 2 or args[0] != "--bin":
        print("usage: sagin-sweep-test.py --bin DIR [unittest arguments]", file=sys.stderr)
        return 2
    BIN = os.path.abspath(args[1])
    program = unittest.main(argv=[sys.argv[0]] + args[2:], exit=False, verbosity=2)
    result = program.result
    if result.wasSuccessful() and result.skipped and result.testsRun == len(result.skipped):
        return SKIP
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
