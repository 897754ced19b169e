// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * Learning split controllers in the network: the scenario scenarios/rl-channel.json (UAVs
 * flying between random waypoints of a square whose corner holds the one base station, so that
 * the uplink rate, and with it the best split point, changes along each flight) run once per
 * algorithm with the same seed: the learning controllers (learning online from each request,
 * one agent shared by all UAVs, state "network"), the greedy oracle and the fixed splits.
 *
 * Prints one row per algorithm: completed requests, mean latency (ms), mean energy per request
 * (device and server, J), mean confidentiality cost, mean reward, and the mean reward of the
 * second half of the run (after learning). Traces go to OUT/ALGORITHM.
 *
 * Options:
 *  - `--scenario=FILE`: the scenario (default scenarios/rl-channel.json);
 *  - `--algorithms=LIST`: comma-separated names (default: actor-critic, ppo, dqn, q-learning,
 *    multi-q-learning, greedy-oracle, fixed-0 … fixed-6);
 *  - `--duration=S`: simulated seconds (default: the scenario's);
 *  - `--seed=N`: the run number (default: the scenario's);
 *  - `--out=DIR`: trace folder (default traces/rl-scenario);
 *  - `--csv=FILE`: also write the table as CSV.
 *
 * Run it with `./sagin exec sagin-rl-scenario [options]`.
 */

#include "ns3/command-line.h"
#include "ns3/core-module.h"
#include "ns3/sagin-module.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// One row of the table.
struct Row
{
    std::string algorithm; //!< its name
    uint64_t decided{0};   //!< requests with a split (ok or timed out)
    uint64_t completed{0}; //!< with a reply
    double latencyMs{0};   //!< mean latency of the completed, ms
    double energyJ{0};     //!< mean device + server energy of the completed, J
    double privacy{0};     //!< mean confidentiality cost of the decided
    double reward{0};      //!< mean reward of the decided
    double rewardLater{0}; //!< mean reward of those decided in the second half
};

/**
 * @param text a comma-separated list
 * @return its items
 */
std::vector<std::string>
SplitList(const std::string& text)
{
    std::vector<std::string> items;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        if (!item.empty())
        {
            items.push_back(item);
        }
    }
    return items;
}

/**
 * @param spec the scenario
 * @param algorithm an algorithm name
 * @param out the trace folder
 * @return its row
 */
Row
RunOne(CvlScenarioSpec spec, const std::string& algorithm, const std::string& out)
{
    const SplitControllerHelper::Algorithm a = SplitControllerHelper::LookupAlgorithm(algorithm);
    spec.controllerType = a.typeName;
    spec.controllerAttributes = a.attributes;
    spec.controllerPolicy.clear();
    spec.controllerSavePolicy.clear();
    TypeId tid = TypeId::LookupByName(a.typeName);
    for (TypeId t = tid; t != t.GetParent(); t = t.GetParent())
    {
        if (t.GetName() == "ns3::sagin::LearningSplitController")
        {
            // The UAVs learn together: one agent for the role sees all their requests.
            spec.controllerAttributes.emplace_back("Sharing", "role");
            break;
        }
    }
    spec.traceDirectory = out + "/" + algorithm;
    Row row;
    row.algorithm = algorithm;
    {
        CvlScenario scenario(spec);
        scenario.ApplyDefaults();
        scenario.Build();
        scenario.Run();
        double laterSum = 0;
        uint64_t later = 0;
        for (const RequestRecord& r : scenario.GetRequests())
        {
            if (r.status != "ok" && r.status != "timeout")
            {
                continue;
            }
            ++row.decided;
            row.privacy += r.privacy;
            row.reward += r.reward;
            if (r.tRequestS >= spec.durationS / 2)
            {
                laterSum += r.reward;
                ++later;
            }
            if (r.status == "ok")
            {
                ++row.completed;
                row.latencyMs += r.latencyS * 1e3;
                row.energyJ += r.energyComputeJ + r.energyTxJ + r.energyServerJ;
            }
        }
        const double nan = std::nan("");
        row.latencyMs = row.completed ? row.latencyMs / row.completed : nan;
        row.energyJ = row.completed ? row.energyJ / row.completed : nan;
        row.privacy = row.decided ? row.privacy / row.decided : nan;
        row.reward = row.decided ? row.reward / row.decided : nan;
        row.rewardLater = later ? laterSum / later : nan;
    }
    Simulator::Destroy();
    return row;
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        std::string scenarioPath = "scenarios/rl-channel.json";
        std::string algorithms;
        double duration = 0;
        uint32_t seed = 0;
        std::string out = "traces/rl-scenario";
        std::string csvPath;
        CommandLine cmd(__FILE__);
        cmd.Usage("Learning split controllers, the greedy oracle and fixed splits in a network "
                  "whose channel changes along the UAVs' flights.");
        ProgramOptions options(cmd);
        options.Add("scenario", "scenario file (JSON)", scenarioPath, MakeStringChecker());
        options.Add("algorithms", "comma-separated algorithms", algorithms, MakeStringChecker());
        options.Add("duration",
                    "simulated seconds (0: the scenario's)",
                    duration,
                    MakeDoubleChecker<double>(0, 1e7));
        options.Add("seed",
                    "run number (0: the scenario's)",
                    seed,
                    MakeUintegerChecker<uint32_t>());
        options.Add("out", "trace folder", out, MakeStringChecker());
        options.Add("csv", "CSV file for the table", csvPath, MakeStringChecker());
        options.Check(argc, argv);
        cmd.Parse(argc, argv);

        std::vector<std::string> names = SplitList(algorithms);
        if (names.empty())
        {
            names =
                {"actor-critic", "ppo", "dqn", "q-learning", "multi-q-learning", "greedy-oracle"};
            for (int i = 0; i < 7; ++i)
            {
                names.push_back("fixed-" + std::to_string(i));
            }
        }
        for (const auto& name : names)
        {
            // Every name is checked before the first run.
            const auto a = SplitControllerHelper::LookupAlgorithm(name);
            TypeId tid;
            if (!TypeId::LookupByNameFailSafe(a.typeName, &tid))
            {
                throw std::invalid_argument("--algorithms: '" + name + "' needs " + a.typeName +
                                            ", which this build does not have");
            }
        }
        CvlScenarioSpec spec = CvlScenarioSpec::Load(scenarioPath);
        if (duration > 0)
        {
            spec.durationS = duration;
        }
        if (seed > 0)
        {
            spec.run = seed;
        }
        std::ofstream csv;
        if (!csvPath.empty())
        {
            csv.open(csvPath);
            if (!csv)
            {
                throw std::invalid_argument("--csv: cannot write '" + csvPath + "'");
            }
            csv << "algorithm,decided,completed,latency_ms,energy_j,privacy,reward,"
                   "reward_second_half\n"
                << std::setprecision(17);
        }
        std::cout << "scenario " << spec.name << ": " << spec.durationS << " s, run " << spec.run
                  << "\n\n"
                  << std::left << std::setw(18) << "algorithm" << std::right << std::setw(9)
                  << "decided" << std::setw(11) << "completed" << std::setw(12) << "latency_ms"
                  << std::setw(10) << "energy_j" << std::setw(9) << "privacy" << std::setw(9)
                  << "reward" << std::setw(14) << "reward_later"
                  << "\n";
        for (const auto& name : names)
        {
            const Row row = RunOne(spec, name, out);
            std::cout << std::left << std::setw(18) << row.algorithm << std::right << std::setw(9)
                      << row.decided << std::setw(11) << row.completed << std::fixed
                      << std::setprecision(1) << std::setw(12) << row.latencyMs
                      << std::setprecision(3) << std::setw(10) << row.energyJ << std::setw(9)
                      << row.privacy << std::setprecision(4) << std::setw(9) << row.reward
                      << std::setw(14) << row.rewardLater << std::defaultfloat << std::endl;
            if (csv.is_open())
            {
                csv << row.algorithm << "," << row.decided << "," << row.completed << ","
                    << row.latencyMs << "," << row.energyJ << "," << row.privacy << ","
                    << row.reward << "," << row.rewardLater << "\n";
            }
        }
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-rl-scenario: error: " << e.what() << "\n";
        return 2;
    }
}
