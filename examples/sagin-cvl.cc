// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * The main job: split-inference cross-view localization in a SAGIN, from a scenario file.
 * UAVs and vehicles query their location every interval: a split controller picks the split
 * point, the device runs the model's head on its images, the features travel over the SAGIN to
 * the serving base station, whose edge server runs the tail and matches against the gallery
 * that satellites fill with their reference features (see CvlScenarioSpec for the file).
 *
 * Traces go to the scenario's trace folder (HDF5 `traces.h5`, or CSV files); standard output
 * gets a summary: requests, matched share, latency p50/p95/max and energy per request by role,
 * and the split-point histogram. Standard error gets a progress line every twentieth of the
 * simulated duration.
 *
 * Options:
 *  - `--scenario=FILE`: the scenario (default scenarios/default.json);
 *  - `--traces=DIR`: write the traces there instead of the scenario's folder;
 *  - `--quiet=BOOL`: no progress lines;
 *  - `--policy=FILE`: a learning controller starts from this policy file (as the scenario's
 *    "controller.policy");
 *  - `--save-policy=FILE`: a learning controller's policy is written there after the run (as
 *    "controller.save_policy");
 *  - any ns-3 attribute default, e.g. `--ns3::sagin::SaginChannel::MinSnr=0`, applied after
 *    the scenario's defaults.
 *
 * An invalid scenario file is refused before the simulation starts: one line naming the file
 * and the JSON path of the first bad value, exit status 2.
 *
 * Run it with `./sagin run [FILE]` or `./sagin exec sagin-cvl --scenario=FILE`.
 */

#include "ns3/core-module.h"
#include "ns3/sagin-module.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <sys/resource.h>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// The q-quantile (0..1) of sorted values, linear between ranks; NaN for none.
double
Quantile(std::vector<double> values, double q)
{
    if (values.empty())
    {
        return std::nan("");
    }
    std::sort(values.begin(), values.end());
    const double rank = q * (values.size() - 1);
    const size_t below = static_cast<size_t>(std::floor(rank));
    const size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (rank - below) * (values[above] - values[below]);
}

std::string
Milliseconds(double seconds)
{
    if (std::isnan(seconds))
    {
        return "-";
    }
    std::ostringstream text;
    text << std::fixed << std::setprecision(1) << seconds * 1e3;
    return text.str();
}

/// What the run cost the host: wall times and the peak resident set.
struct RunCost
{
    double setupS{0}; //!< building the scenario, s
    double runS{0};   //!< simulating it, s
};

/// @return the process's peak resident set size, in bytes
double
PeakRssBytes()
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss * 1024.0; // kB on Linux
}

void
PrintSummary(const CvlScenario& scenario, const RunCost& cost, std::ostream& out)
{
    const auto& summary = scenario.GetSummary();
    const bool full = scenario.GetSpec().fidelity == "full";
    uint64_t requests = 0;
    uint64_t completed = 0;
    uint64_t matched = 0;
    for (const auto& [role, s] : summary)
    {
        requests += s.requests;
        completed += s.completed;
        matched += s.matched;
    }
    out << "scenario " << scenario.GetSpec().name << ": " << requests << " requests, " << completed
        << " completed";
    if (full)
    {
        out << ", " << std::fixed << std::setprecision(1)
            << (completed ? 100.0 * matched / completed : 0.0) << " % matched";
    }
    else
    {
        out << " (profiled fidelity: no matching)";
    }
    out << "\n\n";
    out << std::left << std::setw(10) << "role" << std::right << std::setw(10) << "requests"
        << std::setw(11) << "completed" << std::setw(9) << "matched" << std::setw(9) << "correct"
        << std::setw(10) << "p50 ms" << std::setw(10) << "p95 ms" << std::setw(10) << "max ms"
        << std::setw(12) << "J/request"
        << "\n";
    for (const auto& [role, s] : summary)
    {
        const double maximum = s.latenciesS.empty()
                                   ? std::nan("")
                                   : *std::max_element(s.latenciesS.begin(), s.latenciesS.end());
        std::ostringstream energy;
        energy << std::setprecision(4) << (s.completed ? s.energyJ / s.completed : std::nan(""));
        out << std::left << std::setw(10) << role << std::right << std::setw(10) << s.requests
            << std::setw(11) << s.completed << std::setw(9)
            << (full ? std::to_string(s.matched) : "-") << std::setw(9)
            << (full ? std::to_string(s.correct) : "-") << std::setw(10)
            << Milliseconds(Quantile(s.latenciesS, 0.5)) << std::setw(10)
            << Milliseconds(Quantile(s.latenciesS, 0.95)) << std::setw(10) << Milliseconds(maximum)
            << std::setw(12) << energy.str() << "\n";
    }
    out << "\nsplit points (completed requests):\n";
    const auto& profiles = scenario.GetContext()->GetProfiles();
    for (uint32_t i = 0; i < profiles.size(); ++i)
    {
        out << "  " << i << ' ' << std::left << std::setw(8) << profiles[i].name << std::right;
        for (const auto& [role, s] : summary)
        {
            const auto found = s.splits.find(i);
            out << "  " << role << ' ' << std::setw(5)
                << (found == s.splits.end() ? 0 : found->second);
        }
        out << "\n";
    }
    out << "\ntraces: " << scenario.GetTracePath() << "\n";
    // The host's side (varies from run to run, unlike everything above).
    const double simulated = scenario.GetSpec().durationS;
    const double wall = cost.setupS + cost.runS;
    out << std::fixed << std::setprecision(1) << "run: " << simulated << " s simulated in " << wall
        << " s wall (setup " << cost.setupS << " s), " << std::setprecision(2)
        << (wall > 0 ? simulated / wall : 0.0) << " simulated s per wall s, "
        << (wall > 0 ? requests / wall : 0.0) << " requests per wall s, peak RSS "
        << PeakRssBytes() / (1024.0 * 1024.0 * 1024.0) << " GiB, " << scenario.GetSpec().transport
        << " transport\n";
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        std::string scenarioPath = "scenarios/default.json";
        std::string traces;
        bool quiet = false;
        std::string policy;
        std::string savePolicy;
        CommandLine cmd(__FILE__);
        cmd.Usage("Split-inference cross-view localization in a SAGIN, from a scenario file.");
        ProgramOptions options(cmd);
        options.Add("scenario", "scenario file (JSON)", scenarioPath, MakeStringChecker());
        options.Add("traces",
                    "trace folder (default: the scenario's)",
                    traces,
                    MakeStringChecker());
        options.Add("quiet", "no progress lines", quiet, MakeBooleanChecker());
        options.Add("policy",
                    "policy file a learning controller starts from",
                    policy,
                    MakeStringChecker());
        options.Add("save-policy",
                    "where a learning controller's policy is written after the run",
                    savePolicy,
                    MakeStringChecker());
        options.Check(argc, argv);
        // Parsed twice: first for the scenario file, then again after the scenario's attribute
        // defaults, so that those of the command line take precedence.
        cmd.Parse(argc, argv);
        CvlScenarioSpec spec = CvlScenarioSpec::Load(scenarioPath);
        spec.SetPolicyFiles(policy, savePolicy);
        CvlScenario scenario(spec);
        scenario.ApplyDefaults();
        quiet = false; // a bare --quiet toggles the flag: parse it again from its default
        cmd.Parse(argc, argv);
        if (!traces.empty())
        {
            scenario.SetTraceDirectory(traces);
        }
        const auto wallStart = std::chrono::steady_clock::now();
        if (!quiet)
        {
            const double duration = spec.durationS;
            scenario.SetProgress([wallStart, duration](double simulated, uint64_t requests) {
                const double wall =
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart)
                        .count();
                std::cerr << "sagin-cvl: " << std::fixed << std::setprecision(1) << simulated
                          << " of " << duration << " s simulated, " << requests << " requests, "
                          << wall << " s\n";
            });
        }
        scenario.Build();
        RunCost cost;
        const auto built = std::chrono::steady_clock::now();
        cost.setupS = std::chrono::duration<double>(built - wallStart).count();
        scenario.Run();
        cost.runS = std::chrono::duration<double>(std::chrono::steady_clock::now() - built).count();
        PrintSummary(scenario, cost, std::cout);
        Simulator::Destroy();
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-cvl: error: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
