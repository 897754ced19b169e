#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Parameter sweeps of sagin scenarios: expand, check, run (locally or on Slurm), aggregate.

    sagin-sweep.py --bin DIR SPEC [--jobs N] [--rerun-stale] [--dry-run]
    sagin-sweep.py --bin DIR SPEC --slurm [--partition P] [--time T] [--mem M] [--per-task K]
                                          [--array-parallelism N] [--wait] [--rerun-stale]
    sagin-sweep.py --bin DIR SPEC --status
    sagin-sweep.py --bin DIR SPEC --collect

SPEC is a sweep specification (JSON):

    {"name": "uav-altitude-bandwidth",
     "scenario": "scenarios/default.json",
     "set": {"fidelity": "profiled", "duration_s": 20},
     "parameters": {"uavs.altitude_m": [50, 100, 200, 400],
                    "defaults.ns3::sagin::SaginNetDevice::BandwidthHz": [10e6, 20e6]},
     "mode": "grid",
     "seeds": 5,
     "out": "traces/sweeps/uav-altitude-bandwidth"}

Keys of "set" and "parameters" are dotted paths into the scenario; under "defaults" the rest of
the key is one segment (an ns-3 attribute name); a segment of digits indexes a list. "mode" is
"grid" (cartesian product, the first parameter varying slowest), "zip" (lists side by side) or
"random" / "lhs" (uniform or Latin hypercube samples, "samples" of them drawn with
"sample_seed"), whose parameters are ranges {"min": A, "max": B, "log": false, "integer": false}
or lists to choose from. "seeds" is a number K (runs 1..K, ns-3's RngRun, of the scenario's seed)
or {"min": 3, "max": 30, "metric": "latency_p50_s", "ci_rel": 0.05}: runs are added to a
configuration, one at a time, until the 95 % Student-t half-width of the metric over its runs is
at most ci_rel times the magnitude of its mean, or max runs. Relative "scenario" and "out" are
relative to the working directory.

Every configuration is materialised (file names of the scenario made absolute) and checked by
sagin-scenario-check before anything runs; a refusal is one line naming the spec's JSON path, exit
status 2. A run's id is a hash of its canonical scenario text and its seed; its folder
OUT/runs/ID holds scenario.json, traces/, stdout, stderr and status.json (exit status, wall time,
program version, the last line of stderr) and, when it succeeded, metrics.json. Re-issuing a sweep
runs what is missing or failed; runs of another program version are kept unless --rerun-stale.

Results: OUT/runs.csv (a row per run), OUT/summary.csv (a row per configuration: n, and for each
metric its mean, standard deviation and 95 % half-width), the same tables in OUT/sweep.h5
(pandas.read_hdf(path, "runs") / "summary"), and OUT/plots/METRIC.png.
"""
import argparse
import copy
import fcntl
import hashlib
import itertools
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

PROGRAM = "sagin-sweep"
MODES = ("grid", "zip", "random", "lhs")
SPEC_KEYS = ("name", "description", "scenario", "set", "parameters", "mode", "samples",
             "sample_seed", "seeds", "out")
# The scenario's file names (relative to its folder), made absolute when a configuration is
# materialised in its run folder; as CvlScenarioSpec reads them.
FILE_KEYS = (("satellites", "tle"), ("vehicles", "ns2_trace"), ("images", "root"),
             ("model", "file"), ("model", "weights"), ("controller", "policy"),
             ("controller", "save_policy"), ("controller", "confidentiality"))
ROLES = ("uav", "vehicle")
# Metrics of a run, for all requests and, prefixed with the role and '_', for each role.
SCOPED_METRICS = ("requests", "completed", "completed_share", "matched_share", "correct_share",
                  "latency_mean_s", "latency_p50_s", "latency_p95_s", "energy_per_request_j",
                  "reward_mean")
SPLIT_METRIC = re.compile(r"^split_(\d+)_share$")
# Runs of a configuration at the most, and seeds in the adaptive rule at the most.
MAX_SEEDS = 100000
RUN_STATES = ("done", "failed", "stale", "running", "pending")
# Columns of runs.csv and summary.csv besides the parameters and the metrics.
FIXED_COLUMNS = ("id", "config", "seed", "status", "exit_status", "wall_s", "version", "n")


class SweepError(Exception):
    """A one-line error: bad specification, bad option, unusable output folder."""


def fail(message, status=2):
    print(PROGRAM + ": error: " + message, file=sys.stderr)
    sys.exit(status)


def say(message):
    print(PROGRAM + ": " + message, file=sys.stderr)


# --- JSON paths and documents -----------------------------------------------------------------

def child(path, key):
    """The JSON path of an object member or array element, as the scenario checker writes it."""
    if isinstance(key, int):
        return "%s[%d]" % (path, key)
    if key and all(c.isalnum() or c == "_" for c in key) and key.isascii():
        return path + "." + key
    return path + "[" + json.dumps(key) + "]"


def short(value):
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    for k in keys:
        if keys.count(k) > 1:
            raise ValueError("duplicate key " + json.dumps(k))
    return dict(pairs)


def read_json(path, what):
    """A JSON object from a file; SweepError naming the file on any failure."""
    if os.path.isdir(path):
        raise SweepError("%s: is a folder, not a %s" % (path, what))
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read(64 << 20)
    except OSError as e:
        raise SweepError("%s: cannot read the %s: %s" % (path, what, e.strerror))
    except UnicodeDecodeError:
        raise SweepError("%s: the %s is not UTF-8 text" % (path, what))
    try:
        doc = json.loads(text, object_pairs_hook=no_duplicates,
                         parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c + " is not JSON")))
    except json.JSONDecodeError as e:
        raise SweepError("%s:%d:%d: the %s is not JSON: %s" % (path, e.lineno, e.colno, what, e.msg))
    except (ValueError, RecursionError) as e:
        raise SweepError("%s: the %s is not valid JSON: %s" % (path, what, e))
    if not isinstance(doc, dict):
        raise SweepError("%s: $: the %s must be a JSON object, got %s" % (path, what, short(doc)))
    return doc


def canonical(doc):
    """The canonical text of a scenario: sorted keys, no spaces, exact numbers."""
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_path(key):
    """Segments of a dotted path; under "defaults" the rest is one segment (an attribute name)."""
    segments = []
    rest = key
    while rest:
        if segments == ["defaults"]:
            segments.append(rest)
            break
        head, dot, rest = rest.partition(".")
        segments.append(head)
        if dot and not rest:
            segments.append("")
    if any(s == "" for s in segments) or not segments:
        raise ValueError("empty segment in the dotted path")
    return segments


def scenario_path(segments, doc=None):
    """The JSON path the scenario checker names for these segments."""
    path = "$"
    node = doc
    for s in segments:
        if isinstance(node, list) and s.isdigit():
            path = child(path, int(s))
            node = node[int(s)] if int(s) < len(node) else None
        else:
            path = child(path, s)
            node = node.get(s) if isinstance(node, dict) else None
    return path


def assign(doc, segments, value):
    """Set the value at the segments, creating missing objects; ValueError if a step is not one."""
    node = doc
    walked = []
    for i, s in enumerate(segments):
        last = i == len(segments) - 1
        if isinstance(node, list):
            if not s.isdigit():
                raise ValueError("'%s' is a list: '%s' is not an index" % (".".join(walked), s))
            index = int(s)
            if index >= len(node):
                raise ValueError("'%s' has %d elements, no index %d" % (".".join(walked), len(node), index))
            if last:
                node[index] = copy.deepcopy(value)
            else:
                node = node[index]
        elif isinstance(node, dict):
            if last:
                node[s] = copy.deepcopy(value)
            else:
                if s not in node:
                    node[s] = {}
                node = node[s]
        else:
            raise ValueError("'%s' is %s, not an object or a list" % (".".join(walked), short(node)))
        walked.append(s)


# --- the specification --------------------------------------------------------------------------

def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def is_count(v):
    return isinstance(v, int) and not isinstance(v, bool)


class Spec:
    """A checked sweep specification."""

    def __init__(self, path):
        self.path = path
        doc = read_json(path, "sweep specification")
        self.doc = doc
        where = "$"
        for key in doc:
            if key not in SPEC_KEYS:
                self.refuse(child(where, key), "unknown key (known: %s)" % ", ".join(SPEC_KEYS))
        name = doc.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name or ""):
            self.refuse("$.name", "must be a name of letters, digits, '.', '_' and '-' that starts "
                        "with a letter or digit, got %s" % short(name))
        self.name = name
        if "description" in doc and not isinstance(doc["description"], str):
            self.refuse("$.description", "must be a string, got %s" % short(doc["description"]))
        scenario = doc.get("scenario")
        if not isinstance(scenario, str) or not scenario:
            self.refuse("$.scenario", "must be a scenario file name, got %s" % short(scenario))
        self.scenario_file = os.path.abspath(scenario)
        if not os.path.exists(self.scenario_file):
            self.refuse("$.scenario", "no such file '%s'" % scenario)
        try:
            self.base = read_json(self.scenario_file, "scenario")
        except SweepError as e:
            self.refuse("$.scenario", str(e))
        self.mode = doc.get("mode", "grid")
        if self.mode not in MODES:
            self.refuse("$.mode", "must be one of %s, got %s" % (", ".join(MODES), short(self.mode)))
        sampled = self.mode in ("random", "lhs")
        self.samples = None
        self.sample_seed = 1
        if sampled:
            if "samples" not in doc:
                self.refuse("$.samples", "mode %s needs the number of samples" % self.mode)
            self.samples = doc["samples"]
            if not is_count(self.samples) or not 1 <= self.samples <= 1000000:
                self.refuse("$.samples", "must be an integer from 1 to 1000000, got %s" % short(self.samples))
            self.sample_seed = doc.get("sample_seed", 1)
            if not is_count(self.sample_seed) or not 0 <= self.sample_seed < 2 ** 63:
                self.refuse("$.sample_seed", "must be an integer >= 0, got %s" % short(self.sample_seed))
        else:
            for key in ("samples", "sample_seed"):
                if key in doc:
                    self.refuse(child("$", key), "only for modes random and lhs, not %s" % self.mode)
        self.set = self.read_paths("set", doc.get("set", {}), values=False)
        parameters = doc.get("parameters")
        if not isinstance(parameters, dict) or not parameters:
            self.refuse("$.parameters", "must be an object of at least one dotted path, got %s" % short(parameters))
        self.parameters = self.read_paths("parameters", parameters, values=True)
        for i, (key, segments, _) in enumerate(self.parameters):
            for other, other_segments, _ in self.set + self.parameters[:i]:
                n = min(len(segments), len(other_segments))
                if segments[:n] == other_segments[:n]:
                    self.refuse(self.parameter_path(key), "overlaps %s (one path is in the other)" % json.dumps(other))
        if self.mode == "zip":
            lengths = {len(v) for _, _, v in self.parameters}
            if len(lengths) > 1:
                self.refuse("$.parameters", "mode zip needs lists of one length, got lengths %s"
                            % ", ".join(str(len(v)) for _, _, v in self.parameters))
        self.read_seeds(doc.get("seeds", 1))
        out = doc.get("out", os.path.join("traces", "sweeps", self.name))
        if not isinstance(out, str) or not out:
            self.refuse("$.out", "must be a folder name, got %s" % short(out))
        self.out = os.path.abspath(out)
        if os.path.exists(self.out) and not os.path.isdir(self.out):
            self.refuse("$.out", "'%s' exists and is not a folder" % out)

    def refuse(self, where, message):
        raise SweepError("%s: %s: %s" % (self.path, where, message))

    def parameter_path(self, key, index=None):
        path = child("$.parameters", key)
        return path if index is None else child(path, index)

    def read_paths(self, section, obj, values):
        where = "$." + section
        if not isinstance(obj, dict):
            self.refuse(where, "must be an object of dotted paths, got %s" % short(obj))
        items = []
        for key, value in obj.items():
            at = child(where, key)
            try:
                segments = split_path(key)
            except ValueError as e:
                self.refuse(at, "%s %s" % (json.dumps(key), e))
            if segments[0] in ("run",):
                self.refuse(at, "the run number is the sweep's: use \"seeds\"")
            if values:
                value = self.read_values(at, value)
            items.append((key, segments, value))
        return items

    def read_values(self, at, value):
        sampled = self.mode in ("random", "lhs")
        if isinstance(value, list):
            if not value:
                self.refuse(at, "must list at least one value")
            return value
        if isinstance(value, dict) and sampled:
            for k in value:
                if k not in ("min", "max", "log", "integer"):
                    self.refuse(child(at, k), "unknown key of a range (known: min, max, log, integer)")
            for k in ("min", "max"):
                if not is_number(value.get(k)):
                    self.refuse(child(at, k), "must be a number, got %s" % short(value.get(k)))
            for k in ("log", "integer"):
                if not isinstance(value.get(k, False), bool):
                    self.refuse(child(at, k), "must be true or false, got %s" % short(value.get(k)))
            if value["min"] > value["max"]:
                self.refuse(at, "min %s is above max %s" % (short(value["min"]), short(value["max"])))
            if value.get("log") and value["min"] <= 0:
                self.refuse(child(at, "min"), "a log range needs min > 0, got %s" % short(value["min"]))
            if value.get("integer") and math.ceil(value["min"]) > math.floor(value["max"]):
                self.refuse(at, "an integer range needs an integer between min and max")
            return Range(value)
        if sampled:
            self.refuse(at, "must be a list of values or a range {\"min\": .., \"max\": ..}, got %s" % short(value))
        self.refuse(at, "must be a list of values (mode %s), got %s" % (self.mode, short(value)))

    def read_seeds(self, seeds):
        self.adaptive = None
        if is_count(seeds):
            if not 1 <= seeds <= MAX_SEEDS:
                self.refuse("$.seeds", "must be from 1 to %d, got %d" % (MAX_SEEDS, seeds))
            self.seeds = seeds
            return
        if not isinstance(seeds, dict):
            self.refuse("$.seeds", "must be a number of runs or {\"min\", \"max\", \"metric\", \"ci_rel\"}, got %s" % short(seeds))
        for k in seeds:
            if k not in ("min", "max", "metric", "ci_rel"):
                self.refuse(child("$.seeds", k), "unknown key (known: min, max, metric, ci_rel)")
        for k in ("min", "max", "metric", "ci_rel"):
            if k not in seeds:
                self.refuse(child("$.seeds", k), "missing")
        if not is_count(seeds["min"]) or not 2 <= seeds["min"] <= MAX_SEEDS:
            self.refuse("$.seeds.min", "must be an integer from 2 to %d (an interval needs two runs), got %s" % (MAX_SEEDS, short(seeds["min"])))
        if not is_count(seeds["max"]) or not seeds["min"] <= seeds["max"] <= MAX_SEEDS:
            self.refuse("$.seeds.max", "must be an integer from min (%d) to %d, got %s" % (seeds["min"], MAX_SEEDS, short(seeds["max"])))
        if not is_number(seeds["ci_rel"]) or seeds["ci_rel"] <= 0:
            self.refuse("$.seeds.ci_rel", "must be a number > 0, got %s" % short(seeds["ci_rel"]))
        if not isinstance(seeds["metric"], str) or not known_metric(seeds["metric"]):
            self.refuse("$.seeds.metric", "unknown metric %s (known: %s, each also with a role "
                        "prefix uav_ or vehicle_, and split_K_share)" % (short(seeds["metric"]), ", ".join(SCOPED_METRICS)))
        self.adaptive = dict(seeds)
        self.seeds = seeds["min"]

    def names(self):
        """The parameters' column names: their dotted paths, but "$." + the path for one that
        is also a column of the tables ("seed", "status", a metric)."""
        return [("$." + key) if key in FIXED_COLUMNS or known_metric(key) else key
                for key, _, _ in self.parameters]


def known_metric(name):
    if SPLIT_METRIC.match(name):
        return True
    for role in ROLES:
        if name.startswith(role + "_"):
            name = name[len(role) + 1:]
            break
    return name in SCOPED_METRICS


class Range:
    """A sampled parameter's range."""

    def __init__(self, doc):
        self.low = doc["min"]
        self.high = doc["max"]
        self.log = doc.get("log", False)
        self.integer = doc.get("integer", False)

    def at(self, u):
        """The value at u in [0, 1)."""
        if self.log:
            value = math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        else:
            value = self.low + u * (self.high - self.low)
        value = min(max(value, self.low), self.high)
        if self.integer:
            low, high = math.ceil(self.low), math.floor(self.high)
            # Equal shares of [0, 1) for each integer (of its logarithm's share for log ranges).
            if self.log:
                value = int(math.floor(math.exp(math.log(low) + u * (math.log(high + 1) - math.log(low)))))
            else:
                value = low + int(math.floor(u * (high - low + 1)))
            return min(max(value, low), high)
        return float(value)


def pick(values, u):
    """A parameter's value at u in [0, 1): a range's point or one of a list's values."""
    if isinstance(values, Range):
        return values.at(u)
    return values[min(int(math.floor(u * len(values))), len(values) - 1)]


def expand(spec):
    """The configurations: a list of (values, indices), values in the order of the parameters;
    indices name each value's place in its list (None for a sampled range)."""
    lists = [values for _, _, values in spec.parameters]
    if spec.mode == "grid":
        out = []
        for combo in itertools.product(*[range(len(v)) for v in lists]):
            out.append(([lists[p][i] for p, i in enumerate(combo)], list(combo)))
        return out
    if spec.mode == "zip":
        return [([v[i] for v in lists], [i] * len(lists)) for i in range(len(lists[0]))]
    import numpy
    rng = numpy.random.default_rng(spec.sample_seed)
    if spec.mode == "random":
        units = rng.random((spec.samples, len(lists)))
    else:
        from scipy.stats import qmc
        units = qmc.LatinHypercube(d=len(lists), seed=rng).random(spec.samples)
    out = []
    for row in units:
        values = [pick(v, float(u)) for v, u in zip(lists, row)]
        indices = [None if isinstance(v, Range) else min(int(u * len(v)), len(v) - 1)
                   for v, u in zip(lists, row)]
        out.append((values, indices))
    return out


def materialise(spec, values):
    """The configuration's scenario: the base with "set" and the parameters' values applied and
    relative file names made absolute. ValueError names the spec's path of a bad step."""
    doc = copy.deepcopy(spec.base)
    steps = [(child("$.set", key), segments, value) for key, segments, value in spec.set]
    steps += [(spec.parameter_path(key), segments, value)
              for (key, segments, _), value in zip(spec.parameters, values)]
    for at, segments, value in steps:
        try:
            assign(doc, segments, value)
        except ValueError as e:
            spec.refuse(at, str(e))
    return absolute_files(spec, doc)


def absolute_files(spec, doc):
    """The scenario with its relative file names made absolute (relative to its folder);
    trained weights named "@NAME" stay names (the weights folder is the programs' own)."""
    folder = os.path.dirname(spec.scenario_file)
    for section, key in FILE_KEYS:
        obj = doc.get(section)
        if not (isinstance(obj, dict) and isinstance(obj.get(key), str) and obj[key]):
            continue
        if obj[key].startswith("/") or ((section, key) == ("model", "weights") and obj[key].startswith("@")):
            continue
        obj[key] = os.path.normpath(os.path.join(folder, obj[key]))
    return doc


class Config:
    """One configuration of the sweep: its parameter values and scenario."""

    def __init__(self, index, values, indices, scenario):
        self.index = index
        self.values = values
        self.indices = indices
        self.scenario = scenario
        self.id = digest(canonical(scenario))[:12]

    def run(self, seed):
        doc = copy.deepcopy(self.scenario)
        doc["run"] = seed
        text = canonical(doc)
        return Run(digest(text + "\nseed=%d" % seed)[:16], self, seed, doc)


class Run:
    def __init__(self, run_id, config, seed, scenario):
        self.id = run_id
        self.config = config
        self.seed = seed
        self.scenario = scenario


def configurations(spec, bin_dir, check=True):
    """The checked configurations of the spec (SweepError for a refused one)."""
    configs = []
    for i, (values, indices) in enumerate(expand(spec)):
        doc = materialise(spec, values)
        configs.append(Config(i, values, indices, doc))
    if check:
        check_configurations(spec, configs, bin_dir)
    return configs


def check_configurations(spec, configs, bin_dir):
    """Every distinct configuration through sagin-scenario-check, in one process."""
    checker = os.path.join(bin_dir, "sagin-scenario-check")
    if not os.access(checker, os.X_OK):
        raise SweepError("the scenario checker %s was not built" % checker)
    with tempfile.TemporaryDirectory(prefix="sagin-sweep-") as work:
        base = os.path.join(work, "base.json")
        with open(base, "w") as f:
            f.write(canonical(absolute_files(spec, copy.deepcopy(spec.base))))
        files = {"base": (base, None)}
        for c in configs:
            if c.id in files:
                continue
            doc = copy.deepcopy(c.scenario)
            doc["run"] = 1
            name = os.path.join(work, "%s.json" % c.id)
            with open(name, "w") as f:
                f.write(canonical(doc))
            files[c.id] = (name, c)
        listing = os.path.join(work, "list")
        with open(listing, "w") as f:
            f.write("".join(name + "\n" for name, _ in files.values()))
        done = subprocess.run([checker, "--list=" + listing], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, errors="replace")
        if done.returncode not in (0, 1):
            raise SweepError("the scenario checker failed: " + (done.stderr.strip().splitlines() or ["exit status %d" % done.returncode])[-1])
        by_name = {name: c for name, c in files.values()}
        for line in done.stdout.splitlines():
            fields = line.split("\t")
            if fields[0] != "refused" or len(fields) < 3:
                continue
            config = by_name.get(fields[1])
            message = "\t".join(fields[2:])
            if message.startswith(fields[1] + ": "):
                message = message[len(fields[1]) + 2:]
            blame(spec, config, message)


def blame(spec, config, message):
    """Raise the checker's refusal against the spec's JSON path that caused it (config None:
    the base scenario)."""
    if config is None:
        spec.refuse("$.scenario", "the scenario checker refuses %s: %s"
                    % (os.path.relpath(spec.scenario_file), message))
    refused_path = message.split(": ", 1)[0] if message.startswith("$") else ""

    def covers(segments):
        path = scenario_path(segments, spec.base)
        return refused_path == path or refused_path.startswith(path + ".") or \
            refused_path.startswith(path + "[")

    for (key, segments, values), value, index in zip(spec.parameters, config.values, config.indices):
        if refused_path and covers(segments):
            at = spec.parameter_path(key, index) if index is not None else spec.parameter_path(key)
            spec.refuse(at, "the scenario checker refuses %s: %s" % (short(value), message))
    for key, segments, value in spec.set:
        if refused_path and covers(segments):
            spec.refuse(child("$.set", key), "the scenario checker refuses %s: %s" % (short(value), message))
    # A refusal of no single value: of the combination of values.
    spec.refuse("$.parameters", "the scenario checker refuses the configuration %s: %s"
                % (describe(spec, config), message))


def describe(spec, config):
    return ", ".join("%s=%s" % (k, short(v)) for k, v in zip(spec.names(), config.values))


# --- runs on disk -------------------------------------------------------------------------------

def program_version(bin_dir):
    """The program's version: sagin's and the SHA-256 of sagin-cvl and the sagin libraries."""
    h = hashlib.sha256()
    lib = os.path.join(os.path.dirname(os.path.abspath(bin_dir)), "lib")
    files = [os.path.join(bin_dir, "sagin-cvl")]
    files += sorted(os.path.join(lib, f) for f in os.listdir(lib) if re.fullmatch(r"libsagin.*\.so\.\d+\.\d+\.\d+", f)) if os.path.isdir(lib) else []
    for name in files:
        try:
            with open(name, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
        except OSError as e:
            raise SweepError("cannot read %s for the program version: %s" % (name, e.strerror))
    return "sagin-" + h.hexdigest()[:12]


def run_folder(out, run_id):
    return os.path.join(out, "runs", run_id)


def read_run_file(out, run_id, name):
    """A JSON file of a run's folder, or None when it is missing or unreadable."""
    try:
        with open(os.path.join(run_folder(out, run_id), name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read_status(out, run_id):
    return read_run_file(out, run_id, "status.json")


def read_metrics(out, run_id):
    return read_run_file(out, run_id, "metrics.json")


def write_json(path, doc):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True, allow_nan=True)
        f.write("\n")
    os.replace(tmp, path)


def last_line(path):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 4096))
            lines = [l for l in f.read().decode("utf-8", "replace").splitlines() if l.strip()]
            return lines[-1][:500] if lines else ""
    except OSError:
        return ""


class Process:
    """A run of sagin-cvl in its folder."""

    def __init__(self, run, out, bin_dir, version):
        self.run = run
        self.folder = run_folder(out, run.id)
        self.version = version
        if os.path.exists(self.folder):
            shutil.rmtree(self.folder)
        os.makedirs(self.folder)
        with open(os.path.join(self.folder, "scenario.json"), "w") as f:
            json.dump(run.scenario, f, indent=2, sort_keys=True)
            f.write("\n")
        env = dict(os.environ)
        env["OMP_WAIT_POLICY"] = env.get("OMP_WAIT_POLICY", "passive")
        # One thread per run: runs are the parallelism, and the numbers do not depend on it.
        env["OMP_NUM_THREADS"] = "1"
        self.start = time.monotonic()
        self.started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        with open(os.path.join(self.folder, "stdout"), "wb") as o, \
                open(os.path.join(self.folder, "stderr"), "wb") as e:
            self.popen = subprocess.Popen(
                [os.path.join(bin_dir, "sagin-cvl"),
                 "--scenario=" + os.path.join(self.folder, "scenario.json"),
                 "--traces=" + os.path.join(self.folder, "traces"), "--quiet"],
                stdout=o, stderr=e, stdin=subprocess.DEVNULL, env=env, start_new_session=True)

    def poll(self):
        return self.popen.poll()

    def stop(self):
        """End the run (SIGINT of the sweep): SIGTERM, then SIGKILL after 5 s."""
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()
        except ProcessLookupError:
            pass

    def finish(self):
        """Record the exit status, wall time and, for a success, the metrics; the status."""
        status = self.popen.wait()
        wall = time.monotonic() - self.start
        doc = {"id": self.run.id, "config": self.run.config.id, "seed": self.run.seed,
               "exit_status": status, "wall_s": round(wall, 3), "version": self.version,
               "host": socket.gethostname(), "started": self.started,
               "last_stderr": last_line(os.path.join(self.folder, "stderr"))}
        state = "done" if status == 0 else "failed"
        if status == 0:
            try:
                write_json(os.path.join(self.folder, "metrics.json"),
                           run_metrics(os.path.join(self.folder, "traces")))
            except Exception as e:  # an unreadable trace file fails the run, not the sweep
                state = "failed"
                doc["last_stderr"] = "%s: metrics: %s" % (PROGRAM, str(e).splitlines()[0] if str(e) else type(e).__name__)
        doc["status"] = state
        write_json(os.path.join(self.folder, "status.json"), doc)
        return doc


# --- metrics ------------------------------------------------------------------------------------

def read_requests(traces):
    """The requests table of a run's traces (HDF5 traces.h5 or CSV requests.csv) as columns."""
    import numpy
    h5 = os.path.join(traces, "traces.h5")
    if os.path.exists(h5):
        import h5py
        with h5py.File(h5, "r") as f:
            table = f["requests"][()]
            fidelity = f.attrs.get("fidelity", b"full")
        columns = {name: table[name] for name in table.dtype.names}
        fidelity = fidelity.decode() if isinstance(fidelity, bytes) else str(fidelity)
    else:
        import pandas
        frame = pandas.read_csv(os.path.join(traces, "requests.csv"))
        columns = {c: frame[c].to_numpy() for c in frame.columns}
        if columns["matched"].dtype == object:
            columns["matched"] = numpy.array([str(v).lower() in ("1", "true") for v in columns["matched"]])
        with open(os.path.join(traces, "metadata.json")) as f:
            fidelity = str(json.load(f).get("fidelity", "full"))
    for key in ("role", "status"):
        columns[key] = numpy.array([v.decode() if isinstance(v, bytes) else str(v) for v in columns[key]])
    return columns, fidelity


def scoped(columns, mask, full):
    """The metrics of the requests in mask."""
    import numpy
    ok = mask & (columns["status"] == "ok")
    n = int(mask.sum())
    done = int(ok.sum())
    latency = columns["latency_s"][ok].astype(float)
    energy = (columns["energy_compute_j"] + columns["energy_tx_j"] + columns["energy_server_j"])[ok]
    matched = columns["matched"][ok].astype(bool)
    correct = matched & (columns["matched_location"][ok].astype(numpy.int64) ==
                         columns["true_location"][ok].astype(numpy.int64))
    reward = columns["reward"][ok].astype(float)
    reward = reward[numpy.isfinite(reward)]
    nan = float("nan")
    return {
        "requests": n,
        "completed": done,
        "completed_share": done / n if n else nan,
        "matched_share": float(matched.sum()) / done if done and full else nan,
        "correct_share": float(correct.sum()) / done if done and full else nan,
        "latency_mean_s": float(latency.mean()) if done else nan,
        "latency_p50_s": float(numpy.quantile(latency, 0.5)) if done else nan,
        "latency_p95_s": float(numpy.quantile(latency, 0.95)) if done else nan,
        "energy_per_request_j": float(energy.sum()) / done if done else nan,
        "reward_mean": float(reward.mean()) if reward.size else nan,
    }


def run_metrics(traces):
    """A run's metrics from its requests table (see SCOPED_METRICS; split shares of the completed
    requests)."""
    import numpy
    columns, fidelity = read_requests(traces)
    full = fidelity == "full"
    everything = numpy.ones(len(columns["status"]), dtype=bool)
    metrics = scoped(columns, everything, full)
    for role in ROLES:
        for key, value in scoped(columns, columns["role"] == role, full).items():
            metrics[role + "_" + key] = value
    ok = columns["status"] == "ok"
    splits = columns["split"][ok].astype(int)
    for k in range(int(splits.max()) + 1 if splits.size else 0):
        metrics["split_%d_share" % k] = float((splits == k).sum()) / splits.size
    return metrics


def metric_names(found):
    """The metric columns, in a fixed order: all requests, then by role, then split shares."""
    names = list(SCOPED_METRICS)
    for role in ROLES:
        names += [role + "_" + m for m in SCOPED_METRICS]
    splits = sorted({int(SPLIT_METRIC.match(k).group(1)) for k in found if SPLIT_METRIC.match(k)})
    names += ["split_%d_share" % k for k in range(splits[-1] + 1 if splits else 0)]
    return names


def t_half_width(values):
    """The 95 % Student-t half-width of the mean of the values (NaN for fewer than 2)."""
    n = len(values)
    if n < 2:
        return float("nan")
    from scipy.stats import t
    mean = sum(values) / n
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return float(t.ppf(0.975, n - 1)) * std / math.sqrt(n)


def rule_satisfied(values, rule):
    """Whether the adaptive rule stops at these values of the metric."""
    if len(values) < rule["min"]:
        return False
    mean = sum(values) / len(values)
    return t_half_width(values) <= rule["ci_rel"] * abs(mean)


# --- the sweep ----------------------------------------------------------------------------------

class Sweep:
    """The runs of a checked spec and their state on disk."""

    def __init__(self, spec, bin_dir, check=True):
        self.spec = spec
        self.bin_dir = bin_dir
        self.out = spec.out
        self.configs = configurations(spec, bin_dir, check)
        self.version = program_version(bin_dir)

    def state(self, run, rerun_stale=False):
        status = read_status(self.out, run.id)
        if status is None:
            return "pending"
        if status.get("status") == "done":
            if status.get("version") != self.version:
                return "pending" if rerun_stale else "stale"
            return "done"
        return "failed"

    def plan(self, config, final_failed=frozenset(), rerun_stale=False):
        """The runs the configuration needs now and whether its set of runs is complete.
        A failed run counts as finished without a value (its seed is not retried within one
        invocation once it is in final_failed)."""
        spec = self.spec
        if spec.adaptive is None:
            runs = [config.run(s) for s in range(1, spec.seeds + 1)]
            return runs, True
        rule = spec.adaptive
        runs = []
        values = []
        for seed in range(1, rule["max"] + 1):
            run = config.run(seed)
            runs.append(run)
            state = self.state(run, rerun_stale)
            if state in ("done", "stale"):
                metric = (read_metrics(self.out, run.id) or {}).get(rule["metric"])
                if metric is not None and math.isfinite(metric):
                    values.append(metric)
            elif not (state == "failed" and run.id in final_failed):
                # Waiting for this run: the rule decides once it is in.
                return runs, False
            if seed >= rule["min"] and rule_satisfied(values, rule):
                return runs, True
        return runs, True

    def all_runs(self):
        """Every run the sweep has now (adaptive: those the rule has asked for so far)."""
        runs = []
        for c in self.configs:
            runs += self.plan(c, final_failed=ALL_FAILED)[0]
        return runs


class _AllFailed(frozenset):
    def __contains__(self, item):
        return True


ALL_FAILED = _AllFailed()


def lock(out):
    """An exclusive lock of the output folder for this process (SweepError if another holds it)."""
    os.makedirs(out, exist_ok=True)
    f = open(os.path.join(out, ".lock"), "a+")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        raise SweepError("%s: another sweep is running in this folder" % out)
    f.seek(0)
    f.truncate()
    f.write("%d\n" % os.getpid())
    f.flush()
    return f


def locked_by_other(out):
    """Whether a local sweep holds the output folder's lock."""
    path = os.path.join(out, ".lock")
    if not os.path.exists(path):
        return False
    with open(path, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(f, fcntl.LOCK_UN)
    return False


class Progress:
    """A progress line on standard error: done / failed / left and the time left."""

    def __init__(self, name, jobs):
        self.name = name
        self.jobs = jobs
        self.tty = sys.stderr.isatty()
        self.walls = []
        self.last = 0.0
        self.width = 0

    def show(self, done, failed, left, running, force=False):
        now = time.monotonic()
        if not force and not self.tty and now - self.last < 5:
            return
        self.last = now
        total = done + failed + left
        share = (done + failed) / total if total else 1.0
        bar = "#" * int(round(share * 24))
        eta = ""
        if self.walls and left:
            seconds = sum(self.walls) / len(self.walls) * left / max(1, min(self.jobs, left))
            eta = ", ~%s left" % duration(seconds)
        line = "sweep %s: [%-24s] %d done, %d failed, %d left (%d running)%s" % (
            self.name, bar, done, failed, left, running, eta)
        if self.tty:
            sys.stderr.write("\r" + line.ljust(self.width))
            self.width = len(line)
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def end(self):
        if self.tty and self.width:
            sys.stderr.write("\n")


def duration(seconds):
    seconds = int(round(seconds))
    if seconds < 60:
        return "%d s" % seconds
    if seconds < 3600:
        return "%d min %02d s" % (seconds // 60, seconds % 60)
    return "%d h %02d min" % (seconds // 3600, seconds % 3600 // 60)


def run_local(sweep, jobs, rerun_stale):
    """Run what is missing or failed, jobs at a time; SIGINT ends the running runs and returns."""
    out = sweep.out
    holder = lock(out)
    stop = {"signal": None}

    def on_signal(number, _frame):
        stop["signal"] = number

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    running = {}
    attempted = set()
    failed_now = set()
    progress = Progress(sweep.spec.name, jobs)
    counts = {}
    try:
        while True:
            todo = []
            done = failed = left = 0
            for config in sweep.configs:
                runs, _ = sweep.plan(config, final_failed=attempted, rerun_stale=rerun_stale)
                for run in runs:
                    state = sweep.state(run, rerun_stale) if run.id not in running else "running"
                    if state in ("done", "stale"):
                        done += 1
                    elif state == "failed" and run.id in attempted:
                        failed += 1
                    else:
                        left += 1
                        if state != "running" and run.id not in attempted:
                            todo.append(run)
            counts = {"done": done, "failed": failed, "left": left}
            if stop["signal"] is not None:
                break
            while todo and len(running) < jobs:
                run = todo.pop(0)
                if run.id in running:
                    continue
                attempted.add(run.id)
                running[run.id] = Process(run, out, sweep.bin_dir, sweep.version)
            progress.show(done, failed, left, len(running), force=not running)
            if not running:
                break
            finished = None
            while finished is None and stop["signal"] is None:
                for rid, p in running.items():
                    if p.poll() is not None:
                        finished = rid
                        break
                else:
                    time.sleep(0.05)
            if finished is not None:
                status = running.pop(finished).finish()
                progress.walls.append(status["wall_s"])
                if status["status"] != "done":
                    failed_now.add(finished)
                    progress.end()
                    say("run %s (%s, seed %d) failed with exit status %d: %s" % (
                        finished, describe(sweep.spec, sweep_config(sweep, status["config"])) or "base scenario",
                        status["seed"], status["exit_status"], status["last_stderr"]))
                    progress.width = 0
    finally:
        for p in running.values():
            p.stop()
        for s, h in previous.items():
            signal.signal(s, h)
        progress.end()
        holder.close()
    if stop["signal"] is not None:
        say("interrupted: %d runs ended, %d finished runs kept; the same command resumes"
            % (len(running), counts.get("done", 0) + counts.get("failed", 0)))
        return 128 + stop["signal"], counts
    return 0, counts


def sweep_config(sweep, config_id):
    for c in sweep.configs:
        if c.id == config_id:
            return c
    return None


# --- aggregation --------------------------------------------------------------------------------

def collect(sweep, plots=True):
    """runs.csv, summary.csv, sweep.h5 and the plots from what has finished; the two tables."""
    import numpy
    import pandas
    spec = sweep.spec
    out = sweep.out
    os.makedirs(out, exist_ok=True)
    names = spec.names()
    rows = []
    found = set()
    for run in sweep.all_runs():
        status = read_status(out, run.id)
        metrics = read_metrics(out, run.id) or {}
        found.update(metrics)
        state = sweep.state(run)
        row = {"id": run.id, "config": run.config.id}
        for name, value in zip(names, run.config.values):
            row[name] = value
        row.update({"seed": run.seed, "status": state,
                    "exit_status": status.get("exit_status") if status else None,
                    "wall_s": status.get("wall_s") if status else None,
                    "version": status.get("version") if status else None})
        row["_metrics"] = metrics
        rows.append(row)
    metrics_order = metric_names(found)
    for row in rows:
        metrics = row.pop("_metrics")
        finished = row["status"] in ("done", "stale")
        for m in metrics_order:
            value = metrics.get(m)
            if value is None and finished and SPLIT_METRIC.match(m):
                value = 0.0
            row[m] = value if value is not None and finished else float("nan")
    columns = ["id", "config"] + names + ["seed", "status", "exit_status", "wall_s", "version"] + metrics_order
    runs = pandas.DataFrame(rows, columns=columns)
    summary_rows = []
    for config in sweep.configs:
        mine = runs[(runs["config"] == config.id) & runs["status"].isin(["done", "stale"])]
        row = {"config": config.id}
        for name, value in zip(names, config.values):
            row[name] = value
        row["n"] = len(mine)
        for m in metrics_order:
            values = [float(v) for v in mine[m] if v is not None and math.isfinite(float(v))]
            n = len(values)
            mean = sum(values) / n if n else float("nan")
            std = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else float("nan")
            row[m + "_mean"] = mean
            row[m + "_std"] = std
            row[m + "_ci95"] = t_half_width(values)
        summary_rows.append(row)
    summary = pandas.DataFrame(summary_rows)
    runs.to_csv(os.path.join(out, "runs.csv"), index=False)
    summary.to_csv(os.path.join(out, "summary.csv"), index=False)
    write_hdf5(runs, summary, os.path.join(out, "sweep.h5"))
    if plots:
        # The plots are redrawn only when the summary changed (a finished sweep re-issued).
        text = summary.to_csv(index=False)
        folder = os.path.join(out, "plots")
        stamp = os.path.join(folder, ".summary-sha256")
        key = digest(text + spec.mode + json.dumps(names))
        try:
            with open(stamp) as f:
                fresh = f.read().strip() == key
        except OSError:
            fresh = False
        if not fresh:
            plot(spec, summary, metrics_order, folder)
            with open(stamp, "w") as f:
                f.write(key + "\n")
    return runs, summary


def write_hdf5(runs, summary, path):
    """The two tables as pandas HDF5 (PyTables) tables; parameter values of mixed kinds as text."""
    import warnings
    tmp = path + ".tmp"
    if os.path.exists(tmp):
        os.remove(tmp)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dotted column names are fine for read_hdf
        for key, frame in (("runs", runs), ("summary", summary)):
            frame = frame.copy()
            for c in frame.columns:
                if frame[c].dtype == object:
                    frame[c] = frame[c].map(lambda v: "" if v is None else (v if isinstance(v, str) else json.dumps(v)))
            frame.to_hdf(tmp, key=key, mode="a", format="table")
    os.replace(tmp, path)


def plot(spec, summary, metrics, folder):
    """Each metric against the first parameter with its 95 % band, a line per value of the second
    (and of any further) parameter."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy
    os.makedirs(folder, exist_ok=True)
    names = spec.names()
    x_name = names[0]
    numeric_x = all(is_number(v) for v in summary[x_name])
    group_names = names[1:]
    if group_names:
        keys = summary[group_names].apply(lambda r: json.dumps([r[g] for g in group_names]), axis=1)
        groups = [(tuple(json.dumps(v) for v in json.loads(k)), frame)
                  for k, frame in summary.groupby(keys, sort=False)]
    else:
        groups = [((), summary)]
    for m in metrics:
        if summary[m + "_mean"].isna().all():
            continue
        fig, ax = plt.subplots(figsize=(6.4, 4.2))
        for key, frame in groups:
            key = key if isinstance(key, tuple) else (key,)
            label = ", ".join("%s=%s" % (short_name(g), value_text(json.loads(k))) for g, k in zip(group_names, key))
            frame = frame.sort_values(x_name, key=(lambda s: s) if numeric_x else (lambda s: s.map(json.dumps)))
            x = frame[x_name].to_numpy(dtype=float) if numeric_x else numpy.arange(len(frame))
            y = frame[m + "_mean"].to_numpy(dtype=float)
            band = numpy.nan_to_num(frame[m + "_ci95"].to_numpy(dtype=float))
            if spec.mode in ("grid", "zip"):
                line, = ax.plot(x, y, marker="o", label=label or None)
                ax.fill_between(x, y - band, y + band, alpha=0.2, color=line.get_color())
            else:
                ax.errorbar(x, y, yerr=band, fmt="o", capsize=3, label=label or None)
            if not numeric_x:
                ax.set_xticks(x, [str(v) for v in frame[x_name]])
        ax.set_xlabel(x_name)
        ax.set_ylabel(m)
        ax.set_title("%s: %s (95 %% band)" % (spec.name, m), fontsize=10)
        ax.grid(True, alpha=0.3)
        if group_names and len(groups) <= 12:
            ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(os.path.join(folder, m + ".png"), dpi=100)
        plt.close(fig)


def value_text(value):
    return "%g" % value if is_number(value) else str(value)


def short_name(path):
    return path.rsplit("::", 1)[-1] if "::" in path else path


# --- Slurm --------------------------------------------------------------------------------------

def slurm_command(args, what):
    try:
        return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except FileNotFoundError:
        raise SweepError("%s needs Slurm's %s, which is not installed (a single-node cluster: "
                         "./sagin slurm start)" % (what, args[0]))


def slurm_jobs(out):
    path = os.path.join(out, "slurm", "jobs.json")
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return []


def queued_tasks(jobs):
    """{(job, task index): state} of the sweep's array tasks that squeue still lists."""
    if not jobs:
        return {}
    done = slurm_command(["squeue", "-h", "-r", "-j", ",".join(str(j["job"]) for j in jobs),
                          "-o", "%i %T"], "--status")
    tasks = {}
    if done.returncode != 0:
        if "Invalid job id" in done.stderr:
            return {}
        raise SweepError("squeue failed: " + (done.stderr.strip().splitlines() or ["exit status %d" % done.returncode])[-1])
    for line in done.stdout.split("\n"):
        fields = line.split()
        if len(fields) == 2 and "_" in fields[0]:
            job, task = fields[0].split("_", 1)
            if task.isdigit():
                tasks[(int(job), int(task))] = fields[1]
            else:  # a pending range such as 12_[3-9%2]
                m = re.match(r"\[(\d+)-(\d+)", task)
                if m:
                    for t in range(int(m.group(1)), int(m.group(2)) + 1):
                        tasks[(int(job), t)] = fields[1]
                elif re.match(r"\[(\d+)", task):
                    tasks[(int(job), int(re.match(r"\[(\d+)", task).group(1)))] = fields[1]
    return tasks


def accounted_states(jobs):
    """{(job, task): state} from sacct where accounting is on; {} where it is not."""
    if not jobs or shutil.which("sacct") is None:
        return {}
    done = subprocess.run(["sacct", "-n", "-X", "-P", "-j", ",".join(str(j["job"]) for j in jobs),
                           "-o", "JobID,State"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    states = {}
    if done.returncode != 0:
        return states
    for line in done.stdout.splitlines():
        job_id, _, state = line.partition("|")
        job, _, task = job_id.partition("_")
        if job.isdigit() and task.isdigit():
            states[(int(job), int(task))] = state.split()[0] if state else ""
    return states


def submit_slurm(sweep, args, tool):
    """One job array for what is missing: K units per task; returns the job id."""
    spec = sweep.spec
    out = sweep.out
    live = queued_tasks(slurm_jobs(out))
    if live:
        jobs = sorted({j for j, _ in live})
        raise SweepError("%s: job %s of this sweep is still queued or running: wait for it or "
                         "scancel it" % (out, ", ".join(map(str, jobs))))
    units = []
    for config in sweep.configs:
        if spec.adaptive is None:
            seeds = [r.seed for r in sweep.plan(config)[0]
                     if sweep.state(r, args.rerun_stale) in ("pending", "failed")]
            units += [{"config": config.index, "seeds": [s]} for s in seeds]
        else:
            runs, complete = sweep.plan(config, rerun_stale=args.rerun_stale)
            if not complete or any(sweep.state(r, args.rerun_stale) in ("pending", "failed") for r in runs):
                units.append({"config": config.index, "adaptive": True})
    if not units:
        say("nothing to submit: every run of %s is finished" % spec.name)
        return None
    tasks = [units[i:i + args.per_task] for i in range(0, len(units), args.per_task)]
    slurm = os.path.join(out, "slurm")
    os.makedirs(slurm, exist_ok=True)
    number = len(slurm_jobs(out)) + 1
    folder = os.path.join(slurm, "submission-%d" % number)
    os.makedirs(folder, exist_ok=True)
    manifest = os.path.join(folder, "manifest.json")
    write_json(manifest, {
        "name": spec.name, "out": out, "bin": os.path.abspath(sweep.bin_dir), "version": sweep.version,
        "rerun_stale": args.rerun_stale, "adaptive": spec.adaptive, "seeds": spec.seeds,
        "configs": [{"index": c.index, "id": c.id, "scenario": c.scenario,
                     "values": c.values, "indices": c.indices} for c in sweep.configs],
        "tasks": tasks})
    lines = ["#!/bin/bash",
             "#SBATCH --job-name=sagin-sweep-%s" % spec.name,
             "#SBATCH --array=0-%d%s" % (len(tasks) - 1, "%%%d" % args.array_parallelism if args.array_parallelism else ""),
             "#SBATCH --output=%s" % os.path.join(folder, "task-%a.out"),
             "#SBATCH --cpus-per-task=1",
             "#SBATCH --mem=%s" % args.mem]
    if args.partition:
        lines.append("#SBATCH --partition=%s" % args.partition)
    if args.time:
        lines.append("#SBATCH --time=%s" % args.time)
    lines += ["# The build (%s) and the output folder must be on a path every node shares."
              % os.path.abspath(sweep.bin_dir),
              "export OMP_WAIT_POLICY=passive",
              "exec /usr/bin/python3 %s --bin %s --slurm-task %s \"$SLURM_ARRAY_TASK_ID\""
              % (shell_quote(os.path.abspath(tool)), shell_quote(os.path.abspath(sweep.bin_dir)),
                 shell_quote(manifest)), ""]
    script = os.path.join(folder, "sweep.sbatch")
    with open(script, "w") as f:
        f.write("\n".join(lines))
    done = slurm_command(["sbatch", "--parsable", script], "--slurm")
    if done.returncode != 0:
        raise SweepError("sbatch refused %s: %s" % (script, (done.stderr.strip().splitlines() or ["exit status %d" % done.returncode])[-1]))
    job = int(done.stdout.strip().split(";")[0])
    jobs = slurm_jobs(out)
    jobs.append({"job": job, "submission": number, "tasks": len(tasks), "units": len(units),
                 "manifest": manifest, "submitted": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    write_json(os.path.join(slurm, "jobs.json"), jobs)
    say("submitted job %d: %d array tasks of %s (%d %s; script %s)" % (
        job, len(tasks), spec.name, len(units), "runs" if spec.adaptive is None else "adaptive configurations",
        os.path.relpath(script)))
    print(job)
    return job


def shell_quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


def slurm_task(manifest_path, index):
    """Run one array task's units, one after the other (adaptive units follow the rule)."""
    try:
        with open(manifest_path) as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        fail("%s: cannot read the task manifest: %s" % (manifest_path, e))
    tasks = manifest["tasks"]
    if not 0 <= index < len(tasks):
        fail("%s: no task %d (the manifest has %d)" % (manifest_path, index, len(tasks)))
    out = manifest["out"]
    bin_dir = manifest["bin"]
    version = program_version(bin_dir)
    configs = {c["index"]: Config(c["index"], c["values"], c["indices"], c["scenario"]) for c in manifest["configs"]}
    rule = manifest["adaptive"]
    status = 0

    def execute(run):
        p = Process(run, out, bin_dir, version)
        doc = p.finish()
        print("run %s seed %d: %s (exit %d, %.1f s)" % (run.id, run.seed, doc["status"], doc["exit_status"], doc["wall_s"]), flush=True)
        return doc

    def state(run):
        s = read_status(out, run.id)
        if s is None:
            return "pending"
        if s.get("status") == "done":
            return "done" if (s.get("version") == version or not manifest["rerun_stale"]) else "pending"
        return "failed"

    for unit in tasks[index]:
        config = configs[unit["config"]]
        if not unit.get("adaptive"):
            for seed in unit["seeds"]:
                run = config.run(seed)
                if state(run) != "done" and execute(run)["status"] != "done":
                    status = 1
            continue
        values = []
        for seed in range(1, rule["max"] + 1):
            run = config.run(seed)
            current = state(run)
            if current != "done":
                current = execute(run)["status"]
                status = status or (0 if current == "done" else 1)
            if current == "done":
                metric = (read_metrics(out, run.id) or {}).get(rule["metric"])
                if metric is not None and math.isfinite(metric):
                    values.append(metric)
            if seed >= rule["min"] and rule_satisfied(values, rule):
                break
    return status


def slurm_status(sweep):
    """{run id: state} with running / pending from squeue (and sacct where it answers)."""
    jobs = slurm_jobs(sweep.out)
    queued = queued_tasks(jobs) if jobs else {}
    in_task = {}
    for job in jobs:
        try:
            with open(job["manifest"]) as f:
                manifest = json.load(f)
        except (OSError, ValueError):
            continue
        configs = {c.index: c for c in sweep.configs}
        for t, units in enumerate(manifest["tasks"]):
            state = queued.get((job["job"], t))
            if state is None:
                continue
            for unit in units:
                config = configs.get(unit["config"])
                if config is None:
                    continue
                seeds = unit.get("seeds") or [r.seed for r in sweep.plan(config)[0]]
                for s in seeds:
                    in_task[config.run(s).id] = "running" if state in ("RUNNING", "COMPLETING") else "pending"
    return in_task, jobs, queued


def wait_slurm(sweep, job):
    """Poll until the job's array tasks leave the queue, with the progress line."""
    progress = Progress(sweep.spec.name, 1)
    while True:
        queued = queued_tasks([{"job": job}])
        counts = status_counts(sweep)
        progress.show(counts["done"] + counts["stale"], counts["failed"],
                      counts["pending"] + counts["running"],
                      sum(1 for s in queued.values() if s == "RUNNING"), force=not queued)
        if not queued:
            break
        time.sleep(2)
    progress.end()


def status_counts(sweep, extra=None):
    counts = dict.fromkeys(RUN_STATES, 0)
    local_running = locked_by_other(sweep.out)
    for run in sweep.all_runs():
        state = sweep.state(run)
        if state == "pending":
            if extra and run.id in extra:
                state = extra[run.id]
            elif local_running and os.path.isdir(run_folder(sweep.out, run.id)):
                state = "running"
        counts[state] += 1
    return counts


# --- the command line ---------------------------------------------------------------------------

def main(argv):
    parser = argparse.ArgumentParser(prog=PROGRAM, description=__doc__.split("\n")[0])
    parser.add_argument("spec", nargs="?", help="the sweep specification (JSON)")
    parser.add_argument("--bin", required=True, help="folder of the built programs")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="runs at once (default: the cores)")
    parser.add_argument("--rerun-stale", action="store_true", help="rerun runs of another program version")
    parser.add_argument("--dry-run", action="store_true", help="check and list the runs, run nothing")
    parser.add_argument("--status", action="store_true", help="done / failed / stale / running / pending")
    parser.add_argument("--collect", action="store_true", help="aggregate what has finished")
    parser.add_argument("--no-plots", action="store_true", help="aggregate without the plots")
    parser.add_argument("--slurm", action="store_true", help="submit a Slurm job array instead")
    parser.add_argument("--partition", default="", help="Slurm partition")
    parser.add_argument("--time", default="", help="Slurm time limit per array task")
    parser.add_argument("--mem", default="2G", help="Slurm memory per array task (default 2G)")
    parser.add_argument("--per-task", type=int, default=1, help="runs (adaptive: configurations) per array task")
    parser.add_argument("--array-parallelism", type=int, default=0, help="array tasks at once (default: Slurm's)")
    parser.add_argument("--wait", action="store_true", help="with --slurm: wait for the job and collect")
    parser.add_argument("--slurm-task", nargs=2, metavar=("MANIFEST", "INDEX"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.slurm_task:
            if not args.slurm_task[1].isdigit():
                raise SweepError("--slurm-task: bad task index %s" % args.slurm_task[1])
            return slurm_task(args.slurm_task[0], int(args.slurm_task[1]))
        if not args.spec:
            raise SweepError("a sweep specification is needed (usage: sweep SPEC [options])")
        if args.jobs < 1:
            raise SweepError("--jobs must be at least 1, got %d" % args.jobs)
        if args.per_task < 1:
            raise SweepError("--per-task must be at least 1, got %d" % args.per_task)
        if args.array_parallelism < 0:
            raise SweepError("--array-parallelism must be at least 0, got %d" % args.array_parallelism)
        if args.wait and not args.slurm:
            raise SweepError("--wait goes with --slurm")
        if sum([args.status, args.collect, args.slurm, args.dry_run]) > 1:
            raise SweepError("--status, --collect, --slurm and --dry-run exclude each other")
        spec = Spec(args.spec)
        sweep = Sweep(spec, args.bin, check=not (args.status or args.collect))
        if args.dry_run:
            for run in sweep.all_runs():
                print("%s %s seed %d %s: %s" % (run.id, run.config.id, run.seed, sweep.state(run), describe(spec, run.config)))
            say("%d configurations, %d runs so far (%s)" % (len(sweep.configs), len(sweep.all_runs()),
                "fixed seeds" if spec.adaptive is None else "adaptive seeds: more as the rule asks"))
            return 0
        if args.status:
            extra, jobs, queued = slurm_status(sweep) if slurm_jobs(spec.out) else ({}, [], {})
            counts = status_counts(sweep, extra)
            print("sweep %s: %s" % (spec.name, ", ".join("%d %s" % (counts[s], s) for s in RUN_STATES)))
            stale_versions = sorted({(read_status(spec.out, r.id) or {}).get("version") for r in sweep.all_runs() if sweep.state(r) == "stale"})
            if stale_versions:
                print("stale: made by %s (this program: %s); rerun them with --rerun-stale" % (", ".join(stale_versions), sweep.version))
            for job in jobs:
                mine = {t: s for (j, t), s in queued.items() if j == job["job"]}
                sacct = accounted_states([job]) if not mine else {}
                print("slurm job %d: %d tasks, %s" % (job["job"], job["tasks"],
                      ", ".join("%d %s" % (n, s.lower()) for s, n in sorted(count_values(mine).items())) or
                      ("finished" + (" (%s)" % ", ".join("%d %s" % (n, s.lower()) for s, n in sorted(count_values(sacct).items())) if sacct else ""))))
            return 0
        if args.collect:
            runs, summary = collect(sweep, plots=not args.no_plots)
            report(sweep, runs, summary)
            return 0
        if args.slurm:
            job = submit_slurm(sweep, args, os.path.abspath(__file__))
            if args.wait:
                if job is not None:
                    wait_slurm(sweep, job)
                runs, summary = collect(sweep, plots=not args.no_plots)
                report(sweep, runs, summary)
                return 0 if (runs["status"] != "failed").all() else 1
            return 0
        status, _ = run_local(sweep, args.jobs, args.rerun_stale)
        runs, summary = collect(sweep, plots=not args.no_plots)
        report(sweep, runs, summary)
        if status:
            return status
        return 0 if (runs["status"] != "failed").all() else 1
    except SweepError as e:
        fail(str(e))
    except KeyboardInterrupt:
        say("interrupted before any run started")
        return 128 + signal.SIGINT
    except BrokenPipeError:
        # Standard output closed early (e.g. piped to head): nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as e:
        fail("%s: %s" % (e.filename or "output", e.strerror))


def count_values(mapping):
    counts = {}
    for v in mapping.values():
        counts[v] = counts.get(v, 0) + 1
    return counts


def report(sweep, runs, summary):
    out = sweep.out
    counts = runs["status"].value_counts().to_dict()
    print("sweep %s: %d configurations, %d runs: %s" % (
        sweep.spec.name, len(sweep.configs), len(runs),
        ", ".join("%d %s" % (counts.get(s, 0), s) for s in RUN_STATES if counts.get(s, 0)) or "none"))
    print("results: %s, %s, %s, %s" % tuple(shown(os.path.join(out, f)) for f in ("runs.csv", "summary.csv", "sweep.h5", "plots")))


def shown(path):
    """A path relative to the working directory when it is under it, else absolute."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
