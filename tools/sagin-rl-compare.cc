// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * Compares split-control algorithms on one environment over the same seeds: how fast the
 * policy each one learns reaches the least cost, as the convergence figure of the published
 * experiment.
 *
 * Every algorithm runs once per seed k = 0 .. K−1 for S steps:
 *  - `--env=seed`: the published experiment (SeedSplitEnvironment). A step is one
 *    SeedSplitEnvironment::Step() (a decision of the UAV and of the vehicle); its effect is
 *    |r_UAV| + |r_vehicle| of the splits taken, and the greedy effect after it is
 *    GetGreedyEffect() (the greedy policies followed from split 0). Seed k calls
 *    AssignStreams(k) on the controller; learning controllers see the last split (State
 *    "split"). The optimum is GetOptimum() (0.4248, brute force). greedy-oracle is the cost
 *    model's oracle here: each device fixed at its split of the optimum (the environment's
 *    observations carry no link rate, from which GreedyOracleSplitController would predict).
 *  - `--env=SCENARIO.json`: a cross-view localization scenario (CvlScenario) with the
 *    algorithm as its controller and the run number `run` of the file plus k. A step is one
 *    decision, i.e. one request with a reward (requests without one, e.g. out of reach of
 *    every base station, took no decision), in the order the requests started; its effect is
 *    the request's cost −reward, and the greedy effect after step s is the mean cost of the
 *    last W requests up to s (fewer at the start; `--window`). The scenario's duration is
 *    lengthened when needed so that every node can make ⌈S/nodes⌉ requests (plus the
 *    timeout), and doubled up to 3 times while there are fewer than S steps; fewer still is
 *    an error. The optimum of seed k is the mean cost over the S requests of the
 *    greedy oracle (GreedyOracleSplitController, run for it when not in the list). Traces go
 *    to DIR/traces/ALGORITHM/seed-K.
 * Step numbers are 0-based: step s is the (s+1)-th decision, its greedy effect is measured
 * after it.
 *
 * Outputs in DIR:
 *  - `convergence.h5`: per algorithm the dataset `/NAME` (effect) and `/greedy_effect/NAME`,
 *    seeds × steps float64, with attributes env, seeds, steps and optimum (one per seed);
 *  - `convergence.csv`: `algorithm,seed,step,effect,greedy_effect`;
 *  - `summary.csv`: `algorithm,seed,final_effect,optimum,steps_to_optimum`: the greedy effect
 *    after the last step, and the first step from which the greedy effect stays within 1e-6
 *    of the optimum up to the last step (−1: never);
 *  - `convergence.png`: the greedy effect's mean over the seeds per step and its 95 % band
 *    (mean ± 1.96·sd/√K), the optimum dashed.
 * Standard output gets a table: per algorithm the seeds reaching the optimum, the mean final
 * effect, the median steps to the optimum (of the seeds reaching it), the wall time and the
 * steps per second.
 *
 * Options:
 *  - `--env=ENV`: `seed` (default) or a scenario file;
 *  - `--algorithms=LIST`: comma-separated names among actor-critic, ppo, dqn, q-learning,
 *    multi-q-learning, random, greedy-oracle and fixed-N (FixedSplitController at split N);
 *    default: all of the first seven that this build has (the others are named on standard
 *    error); a name whose controller is not in the build is an error;
 *  - `--seeds=K`: seeds, 1..10000 (default 10);
 *  - `--steps=S`: steps per run, 1..10000000 (default 3000);
 *  - `--window=W`: requests averaged for a scenario's greedy effect, 1..1000000 (default 50);
 *  - `--out=DIR`: the output folder, created when missing (default rl-compare);
 *  - any ns-3 attribute default, e.g. `--ns3::sagin::QLearningSplitController::Epsilon=0.2`.
 *
 * Bad options (an unknown algorithm, 0 seeds or steps, an unwritable folder, a bad scenario)
 * print `sagin-rl-compare: error: MESSAGE` on standard error and exit with status 2.
 *
 * Run it with `./sagin exec sagin-rl-compare --env=seed --seeds=10 --steps=3000`.
 */

#include "ns3/core-module.h"
#include "ns3/sagin-module.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// The program's name, in messages.
const std::string PROGRAM = "sagin-rl-compare";

/// Largest difference from the optimum that counts as reaching it.
constexpr double OPTIMUM_TOLERANCE = 1e-6;

/// Runs of a scenario, each twice as long as the one before, to reach the steps wanted.
constexpr uint32_t MAX_ATTEMPTS = 4;

/// Wall time of one algorithm.
struct Timing
{
    double wallS{0};   //!< wall-clock time of all its runs, s
    uint64_t steps{0}; //!< steps of all its runs
};

/**
 * @param list comma-separated algorithm names
 * @return them, checked: known, in the build, not repeated
 * @throws std::invalid_argument naming the first bad one
 */
std::vector<std::string>
ParseAlgorithms(const std::string& list)
{
    std::vector<std::string> names;
    std::stringstream in(list);
    std::string name;
    while (std::getline(in, name, ','))
    {
        if (name.empty())
        {
            throw std::invalid_argument("--algorithms: empty name in '" + list + "'");
        }
        if (std::find(names.begin(), names.end(), name) != names.end())
        {
            throw std::invalid_argument("--algorithms: '" + name + "' is given twice");
        }
        try
        {
            SplitControllerHelper().SetAlgorithm(name);
        }
        catch (const std::invalid_argument& e)
        {
            throw std::invalid_argument(std::string("--algorithms: ") + e.what());
        }
        names.push_back(name);
    }
    if (names.empty())
    {
        throw std::invalid_argument("--algorithms: no algorithm given");
    }
    return names;
}

/**
 * @param[out] skipped a note per default algorithm that this build does not have
 * @return the default algorithms that this build has
 */
std::vector<std::string>
DefaultAlgorithms(std::vector<std::string>& skipped)
{
    std::vector<std::string> names;
    for (const auto& name : SplitControllerHelper::GetAlgorithmNames())
    {
        try
        {
            SplitControllerHelper().SetAlgorithm(name);
            names.push_back(name);
        }
        catch (const std::invalid_argument& e)
        {
            skipped.push_back("skipping " + name + ": " + e.what());
        }
    }
    return names;
}

/**
 * @param algorithm an algorithm name
 * @param seedEnvironment whether for the seed environment (learning controllers then see the
 *        last split)
 * @return a new controller, not configured
 */
Ptr<SplitController>
MakeController(const std::string& algorithm, bool seedEnvironment)
{
    SplitControllerHelper helper;
    helper.SetAlgorithm(algorithm);
    if (seedEnvironment && helper.GetType().IsChildOf(LearningSplitController::GetTypeId()))
    {
        helper.Set("State", EnumValue(LearningSplitController::LAST_SPLIT));
    }
    return helper.Create();
}

/**
 * @brief One run in the seed environment.
 * @param table where the values go
 * @param algorithm the algorithm
 * @param seed the seed index
 */
void
RunSeed(ConvergenceTable& table, const std::string& algorithm, uint32_t seed)
{
    auto environment = CreateObject<SeedSplitEnvironment>();
    const auto optimum = environment->GetOptimum();
    table.SetOptimum(seed, optimum.effect);
    if (algorithm == "greedy-oracle")
    {
        environment->SetControllers(
            CreateObjectWithAttributes<FixedSplitController>("Split",
                                                             UintegerValue(optimum.uavSplit)),
            CreateObjectWithAttributes<FixedSplitController>("Split",
                                                             UintegerValue(optimum.vehicleSplit)));
    }
    else
    {
        const Ptr<SplitController> controller = MakeController(algorithm, true);
        environment->SetController(controller);
        controller->AssignStreams(seed);
    }
    for (uint32_t step = 0; step < table.GetNSteps(); ++step)
    {
        const double effect = environment->Step().effect;
        table.Set(algorithm, seed, step, effect, environment->GetGreedyEffect());
    }
    environment->Dispose();
}

/**
 * @brief One run of a scenario.
 * @param base the scenario
 * @param algorithm the algorithm
 * @param seed the seed index
 * @param steps the requests wanted
 * @param traces the trace folder
 * @return the costs (−reward) of the first `steps` requests, in the order they started
 */
std::vector<double>
RunScenario(const CvlScenarioSpec& base,
            const std::string& algorithm,
            uint32_t seed,
            uint32_t steps,
            const std::string& traces)
{
    CvlScenarioSpec spec = base;
    const auto type = SplitControllerHelper::LookupAlgorithm(algorithm);
    spec.controllerType = type.typeName;
    spec.controllerAttributes = type.attributes;
    spec.run = base.run + seed;
    const uint32_t nodes = spec.uavs + spec.vehicles;
    const double perNode = std::ceil(static_cast<double>(steps) / nodes);
    spec.durationS = std::max(spec.durationS, perNode * spec.queryIntervalS + spec.timeoutS);
    std::vector<RequestRecord> requests;
    for (uint32_t attempt = 0; attempt < MAX_ATTEMPTS; ++attempt)
    {
        CvlScenario scenario(spec);
        scenario.SetTraceDirectory(traces);
        scenario.ApplyDefaults();
        scenario.Build();
        scenario.Run();
        requests.clear();
        for (const auto& request : scenario.GetRequests())
        {
            if (std::isfinite(request.reward)) // the others took no decision
            {
                requests.push_back(request);
            }
        }
        Simulator::Destroy();
        if (requests.size() >= steps)
        {
            break;
        }
        if (attempt + 1 < MAX_ATTEMPTS)
        {
            spec.durationS *= 2;
        }
    }
    std::stable_sort(requests.begin(),
                     requests.end(),
                     [](const RequestRecord& a, const RequestRecord& b) {
                         return a.tRequestS != b.tRequestS ? a.tRequestS < b.tRequestS
                                                           : a.node < b.node;
                     });
    if (requests.size() < steps)
    {
        throw std::runtime_error(algorithm + ", seed " + std::to_string(seed) + ": the scenario " +
                                 "made " + std::to_string(requests.size()) +
                                 " requests with a reward in " + ShortestText(spec.durationS) +
                                 " s, fewer than --steps=" + std::to_string(steps));
    }
    std::vector<double> costs(steps);
    for (uint32_t step = 0; step < steps; ++step)
    {
        costs[step] = -requests[step].reward;
    }
    return costs;
}

/**
 * @param costs costs per step
 * @param window the requests averaged
 * @return per step the mean of the last `window` costs up to it
 */
std::vector<double>
TrailingMean(const std::vector<double>& costs, uint32_t window)
{
    std::vector<double> means(costs.size());
    double sum = 0;
    for (size_t i = 0; i < costs.size(); ++i)
    {
        sum += costs[i];
        if (i >= window)
        {
            sum -= costs[i - window];
        }
        means[i] = sum / static_cast<double>(std::min<size_t>(i + 1, window));
    }
    return means;
}

/**
 * @param costs costs per step
 * @return their mean
 */
double
Mean(const std::vector<double>& costs)
{
    double sum = 0;
    for (double c : costs)
    {
        sum += c;
    }
    return sum / static_cast<double>(costs.size());
}

/**
 * @param directory the output folder, created when missing
 * @throws std::invalid_argument when it cannot be created or written
 */
void
PrepareOutput(const std::string& directory)
{
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error)
    {
        throw std::invalid_argument("--out: cannot create '" + directory + "': " + error.message());
    }
    const std::string probe = directory + "/summary.csv";
    std::ofstream out(probe, std::ios::trunc);
    if (!out)
    {
        throw std::invalid_argument("--out: cannot write in '" + directory + "'");
    }
}

/**
 * @brief Print the summary table.
 * @param table the values
 * @param timings the wall time per algorithm
 * @param out where to
 */
void
PrintTable(const ConvergenceTable& table,
           const std::map<std::string, Timing>& timings,
           std::ostream& out)
{
    out << std::left << std::setw(18) << "algorithm" << std::right << std::setw(10) << "optimum"
        << std::setw(14) << "final_effect" << std::setw(16) << "median_steps" << std::setw(10)
        << "wall_s" << std::setw(12) << "steps_per_s"
        << "\n";
    for (const auto& algorithm : table.GetAlgorithms())
    {
        uint32_t reached = 0;
        double final = 0;
        std::vector<int64_t> steps;
        for (uint32_t seed = 0; seed < table.GetNSeeds(); ++seed)
        {
            final += table.GetFinalEffect(algorithm, seed);
            const int64_t s = table.GetStepsToOptimum(algorithm, seed, OPTIMUM_TOLERANCE);
            if (s >= 0)
            {
                ++reached;
                steps.push_back(s);
            }
        }
        std::string median = "-";
        if (!steps.empty())
        {
            std::sort(steps.begin(), steps.end());
            const size_t n = steps.size();
            const double m = n % 2 == 1 ? static_cast<double>(steps[n / 2])
                                        : (steps[n / 2 - 1] + steps[n / 2]) / 2.0;
            median = ShortestText(m);
        }
        const Timing& timing = timings.at(algorithm);
        std::ostringstream wall;
        std::ostringstream rate;
        wall << std::fixed << std::setprecision(2) << timing.wallS;
        rate << std::fixed << std::setprecision(0)
             << (timing.wallS > 0 ? timing.steps / timing.wallS : 0.0);
        std::ostringstream finalText;
        finalText << std::setprecision(6) << final / table.GetNSeeds();
        out << std::left << std::setw(18) << algorithm << std::right << std::setw(10)
            << (std::to_string(reached) + "/" + std::to_string(table.GetNSeeds())) << std::setw(14)
            << finalText.str() << std::setw(16) << median << std::setw(10) << wall.str()
            << std::setw(12) << rate.str() << "\n";
    }
    out << std::flush;
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        std::string env = "seed";
        std::string algorithmList;
        uint32_t seeds = 10;
        uint32_t steps = 3000;
        uint32_t window = 50;
        std::string outDir = "rl-compare";
        CommandLine cmd(__FILE__);
        cmd.Usage("Compares split-control algorithms on one environment over the same seeds.");
        ProgramOptions options(cmd);
        options.Add("env", "seed, or a scenario file", env, MakeStringChecker());
        options.Add("algorithms",
                    "comma-separated algorithm names (default: all in the build)",
                    algorithmList,
                    MakeStringChecker());
        options.Add("seeds", "seeds per algorithm", seeds, MakeUintegerChecker<uint32_t>(1, 10000));
        options.Add("steps", "steps per run", steps, MakeUintegerChecker<uint32_t>(1, 10000000));
        options.Add("window",
                    "requests averaged for a scenario's greedy effect",
                    window,
                    MakeUintegerChecker<uint32_t>(1, 1000000));
        options.Add("out", "the output folder", outDir, MakeStringChecker());
        options.Check(argc, argv);
        cmd.Parse(argc, argv);

        const bool seedEnvironment = env == "seed";
        CvlScenarioSpec spec;
        if (!seedEnvironment)
        {
            try
            {
                spec = CvlScenarioSpec::Load(env);
            }
            catch (const std::exception& e)
            {
                throw std::invalid_argument(std::string("--env: ") + e.what());
            }
            if (spec.uavs + spec.vehicles == 0)
            {
                throw std::invalid_argument("--env: " + env +
                                            " has no UAVs or vehicles: nothing decides");
            }
        }
        std::vector<std::string> skipped;
        const std::vector<std::string> algorithms =
            algorithmList.empty() ? DefaultAlgorithms(skipped) : ParseAlgorithms(algorithmList);
        if (algorithms.empty())
        {
            throw std::invalid_argument("--algorithms: no algorithm of the list is in the build");
        }
        PrepareOutput(outDir);
        for (const auto& note : skipped)
        {
            std::cerr << PROGRAM << ": note: " << note << std::endl;
        }

        ConvergenceTable table(seedEnvironment ? "seed" : env, seeds, steps);
        std::map<std::string, Timing> timings;
        std::map<uint32_t, std::vector<double>> oracleCosts; // scenario: per seed
        for (const auto& algorithm : algorithms)
        {
            table.AddAlgorithm(algorithm);
            const auto start = std::chrono::steady_clock::now();
            for (uint32_t seed = 0; seed < seeds; ++seed)
            {
                if (seedEnvironment)
                {
                    RunSeed(table, algorithm, seed);
                    continue;
                }
                const std::string traces =
                    outDir + "/traces/" + algorithm + "/seed-" + std::to_string(seed);
                const std::vector<double> costs = RunScenario(spec, algorithm, seed, steps, traces);
                if (algorithm == "greedy-oracle")
                {
                    oracleCosts[seed] = costs;
                }
                const std::vector<double> greedy = TrailingMean(costs, window);
                for (uint32_t step = 0; step < steps; ++step)
                {
                    table.Set(algorithm, seed, step, costs[step], greedy[step]);
                }
            }
            const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
            timings[algorithm] = Timing{wall.count(), static_cast<uint64_t>(seeds) * steps};
        }
        if (!seedEnvironment)
        {
            for (uint32_t seed = 0; seed < seeds; ++seed)
            {
                if (oracleCosts.count(seed) == 0)
                {
                    const std::string traces =
                        outDir + "/traces/greedy-oracle/seed-" + std::to_string(seed);
                    oracleCosts[seed] = RunScenario(spec, "greedy-oracle", seed, steps, traces);
                }
                table.SetOptimum(seed, Mean(oracleCosts[seed]));
            }
        }

        table.WriteHdf5(outDir + "/convergence.h5");
        table.WriteCsv(outDir + "/convergence.csv");
        table.WriteSummaryCsv(outDir + "/summary.csv");
        table.WritePlot(outDir + "/convergence.png",
                        seedEnvironment ? "greedy effect |r_UAV| + |r_vehicle|"
                                        : "mean cost per request (-reward)");
        PrintTable(table, timings, std::cout);
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << PROGRAM << ": error: " << e.what() << std::endl;
        return 2;
    }
}
