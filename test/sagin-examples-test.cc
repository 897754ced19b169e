// SPDX-License-Identifier: GPL-2.0-only

// Integration tests: the example programs and the ./sagin script, run as a user runs them.

#include "sagin-test-utils.h"

#include "ns3/sagin-module.h"

#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

/// One parsed row of the seed-cost CSV.
struct CostRow
{
    std::string device; //!< uav or vehicle
    uint32_t split;     //!< split point
    double values[4];   //!< latency_s, energy_j, privacy, reward
};

/**
 * @param csv the CSV text, header first
 * @return its rows; a test failure when a row is malformed
 */
std::vector<CostRow>
ParseCosts(const std::string& csv)
{
    const auto lines = SplitLines(csv);
    EXPECT_FALSE(lines.empty());
    EXPECT_EQ(lines.at(0), "device,split,latency_s,energy_j,privacy,reward");
    std::vector<CostRow> rows;
    for (size_t i = 1; i < lines.size(); ++i)
    {
        std::istringstream in(lines[i]);
        CostRow row;
        std::string field;
        std::getline(in, row.device, ',');
        std::getline(in, field, ',');
        row.split = std::stoul(field);
        for (double& v : row.values)
        {
            std::getline(in, field, ',');
            char* end = nullptr;
            v = std::strtod(field.c_str(), &end);
            EXPECT_EQ(*end, '\0') << "malformed number in line " << i << ": " << lines[i];
        }
        rows.push_back(row);
    }
    return rows;
}

/// @return the command that runs sagin-seed-costs with @p args
std::string
SeedCosts(const std::string& args = "")
{
    return ShellQuote(ProgramPath("sagin-seed-costs")) + " " + args;
}

} // namespace

TEST(SeedCostsExample, PrintsOneRowPerDeviceAndSplitMatchingTheModel)
{
    const auto result = RunCommand(SeedCosts());
    ASSERT_EQ(result.exitStatus, 0) << result.err;
    const auto rows = ParseCosts(result.out);
    ASSERT_EQ(rows.size(), 14u);
    auto model = CreateObject<TriCoCostModel>();
    for (size_t k = 0; k < rows.size(); ++k)
    {
        const auto device = k < 7 ? TriCoCostModel::UAV : TriCoCostModel::VEHICLE;
        EXPECT_EQ(rows[k].device, TriCoCostModel::GetDeviceName(device));
        EXPECT_EQ(rows[k].split, k % 7);
        // Shortest round-trip formatting: the printed numbers are the model's doubles exactly.
        const TriCoCost c = model->Evaluate(device, k % 7);
        EXPECT_EQ(rows[k].values[0], c.latencyS);
        EXPECT_EQ(rows[k].values[1], c.energyJ);
        EXPECT_EQ(rows[k].values[2], c.privacy);
        EXPECT_EQ(rows[k].values[3], c.reward);
    }
    // Nothing but the CSV on stdout; the optimum goes to stderr.
    EXPECT_EQ(SplitLines(result.out).size(), 15u);
    EXPECT_NE(result.err.find("optimum: uav split 1, vehicle split 5, effect |r_uav| + "
                              "|r_vehicle| = 0.4247720174530"),
              std::string::npos)
        << result.err;
}

TEST(SeedCostsExample, AgreesWithIndependentPythonImplementation)
{
    // test/tri-co-reference.py computes REFERENCE.md's formulas on its own, in Python.
    for (const std::string uavImages : {"3", "5"})
    {
        const auto reference = RunCommand(ShellQuote(Python()) + " " +
                                          ShellQuote(SourcePath("test/tri-co-reference.py")) +
                                          " --uav-images=" + uavImages);
        ASSERT_EQ(reference.exitStatus, 0) << reference.err;
        const auto ours =
            RunCommand(SeedCosts("--ns3::sagin::TriCoCostModel::UavImages=" + uavImages));
        ASSERT_EQ(ours.exitStatus, 0) << ours.err;
        const auto expected = ParseCosts(reference.out);
        const auto actual = ParseCosts(ours.out);
        ASSERT_EQ(actual.size(), expected.size());
        for (size_t k = 0; k < actual.size(); ++k)
        {
            EXPECT_EQ(actual[k].device, expected[k].device);
            EXPECT_EQ(actual[k].split, expected[k].split);
            for (int j = 0; j < 4; ++j)
            {
                EXPECT_NEAR(actual[k].values[j],
                            expected[k].values[j],
                            1e-12 * std::abs(expected[k].values[j]))
                    << "row " << k << ", column " << j << " (UAV images " << uavImages << ")";
            }
        }
    }
}

TEST(SeedCostsExample, ScenarioFileAndCommandLine)
{
    // The shipped scenario restates the experiment's constants: same output as no scenario.
    const auto plain = RunCommand(SeedCosts());
    const auto withScenario = RunCommand(
        SeedCosts("--scenario=" + ShellQuote(SourcePath("scenarios/seed-compatible.json"))));
    ASSERT_EQ(withScenario.exitStatus, 0) << withScenario.err;
    EXPECT_EQ(withScenario.out, plain.out);

    // The command line overrides the scenario: scenario says 1 UAV image, command line 2.
    // UAV split 0 with 2 images: T_tx = 2 · 2359296 / 26214400 = 0.18 s, and
    // T_dev = 0.3468e9·2/(0.641e12·0.1) = 0.0108206 s, T_srv = 11.7321e9·2/33e12 = 0.000711 s.
    TempFile scenario("one-image.json",
                      R"({"defaults": {"ns3::sagin::TriCoCostModel::UavImages": 1}})");
    const auto overridden = RunCommand(SeedCosts("--scenario=" + ShellQuote(scenario.Path()) +
                                                 " --ns3::sagin::TriCoCostModel::UavImages=2"));
    ASSERT_EQ(overridden.exitStatus, 0) << overridden.err;
    const double expectedLatencyS = 0.3468e9 * 2 / (0.641e12 * 0.1) +
                                    (12.0789 - 0.3468) * 1e9 * 2 / (330e12 * 0.1 + 1e-8) + 0.18;
    EXPECT_NEAR(ParseCosts(overridden.out).at(0).values[0], expectedLatencyS, 1e-15);

    // Built-in profiles by name: the vehicle gets the UAV's Quadro P400, so its split-5
    // device time is 9.6951e9 / 0.641e11 = 0.151250 s instead of 0.0745777 s.
    const auto swapped = RunCommand(SeedCosts("--vehicleProfile=quadro-p400"));
    ASSERT_EQ(swapped.exitStatus, 0) << swapped.err;
    const double expectedVehicleLatencyS =
        9.6951e9 / (0.641e12 * 0.1) + (12.0789 - 9.6951) * 1e9 / (330e12 * 0.1 + 1e-8) + 0.0225;
    EXPECT_NEAR(ParseCosts(swapped.out).at(12).values[0], expectedVehicleLatencyS, 1e-15);
}

TEST(SeedCostsExample, BadInputsGiveOneLineAndStatus2)
{
    TempFile broken("broken.json", R"({"defaults": {"ns3::sagin::TriCoCostModel::TxPowerW": -1}})");
    for (const auto& [args, expected] : std::vector<std::pair<std::string, std::string>>{
             {"--scenario=/nonexistent.json",
              "sagin-seed-costs: error: /nonexistent.json: cannot open scenario file\n"},
             {"--scenario=" + ShellQuote(broken.Path()),
              "sagin-seed-costs: error: " + broken.Path() +
                  ": defaults: \"ns3::sagin::TriCoCostModel::TxPowerW\": invalid value '-1' "
                  "(expected ns3::DoubleValue, double 0:1.79769e+308)\n"},
             {"--ns3::sagin::TriCoCostModel::TxPowerW=0.1W",
              "sagin-seed-costs: error: --ns3::sagin::TriCoCostModel::TxPowerW=0.1W: invalid "
              "value '0.1W' (expected ns3::DoubleValue, double 0:1.79769e+308)\n"},
             {"--uavProfile=gtx-9090",
              "sagin-seed-costs: error: unknown device profile 'gtx-9090' (built-in: "
              "quadro-p400, drive-agx-xavier, edge-server, satellite-payload)\n"},
         })
    {
        const auto result = RunCommand(SeedCosts(args));
        EXPECT_EQ(result.exitStatus, 2) << args;
        EXPECT_EQ(result.err, expected) << args;
        EXPECT_EQ(result.out, "") << args;
    }
}

TEST(SaginScript, UnknownProgramOrMissingScenarioGiveOneLineAndStatus2)
{
    const std::string sagin = ShellQuote(SourcePath("sagin"));
    for (const auto& [args, expected] : std::vector<std::pair<std::string, std::string>>{
             {"run /nonexistent/scenario.json",
              "sagin: scenario file '/nonexistent/scenario.json' not found\n"},
             {"frobnicate",
              "sagin: unknown command 'frobnicate' (commands: setup, build, test, run, exec, "
              "bench, sweep, slurm)\n"},
         })
    {
        const auto result = RunCommand(sagin + " " + args);
        EXPECT_EQ(result.exitStatus, 2) << args;
        EXPECT_EQ(result.err, expected) << args;
        EXPECT_EQ(result.out, "") << args;
    }
    // The list of known programs grows with the module: check its start and one member.
    const auto unknown = RunCommand(sagin + " exec no-such-program");
    EXPECT_EQ(unknown.exitStatus, 2);
    EXPECT_EQ(unknown.err.rfind("sagin: unknown program 'no-such-program' (known: ", 0), 0u)
        << unknown.err;
    EXPECT_NE(unknown.err.find("sagin-seed-costs"), std::string::npos) << unknown.err;
    EXPECT_EQ(SplitLines(unknown.err).size(), 1u) << unknown.err;
    EXPECT_EQ(unknown.out, "");
}

TEST(SaginScript, ExecAndRunRunTheBuiltPrograms)
{
    // Against this build tree, without the package check: the same output as the program itself.
    const std::string sagin = "SAGIN_NO_SETUP=1 SAGIN_BUILD_DIR=" + ShellQuote(BuildDir()) + " " +
                              ShellQuote(SourcePath("sagin"));
    const auto seed = RunCommand(SeedCosts("--ns3::sagin::TriCoCostModel::VehicleImages=2"));
    ASSERT_EQ(seed.exitStatus, 0) << seed.err;
    const auto viaExec =
        RunCommand(sagin + " exec sagin-seed-costs --ns3::sagin::TriCoCostModel::VehicleImages=2");
    EXPECT_EQ(viaExec.exitStatus, 0) << viaExec.err;
    EXPECT_EQ(viaExec.out, seed.out);

    // run takes a scenario file and runs the main job, sagin-cvl, on it: the same summary.
    char folder[] = "/tmp/sagin-run-XXXXXX";
    ASSERT_NE(mkdtemp(folder), nullptr);
    const std::string traces = std::string(folder) + "/traces";
    TempFile scenario("run.json",
                      R"({"name": "run", "duration_s": 4, "uavs": {"count": 1},
                          "images": {"locations": 2, "size": 64}, "fidelity": "profiled",
                          "traces": {"format": "csv", "directory": ")" +
                          traces + R"("}})");
    const auto viaRun = RunCommand(sagin + " run " + ShellQuote(scenario.Path()));
    EXPECT_EQ(viaRun.exitStatus, 0) << viaRun.err;
    EXPECT_EQ(viaRun.out.rfind("scenario run: ", 0), 0u) << viaRun.out;
    const auto direct = RunCommand(ShellQuote(ProgramPath("sagin-cvl")) +
                                   " --quiet=true --scenario=" + ShellQuote(scenario.Path()));
    EXPECT_EQ(direct.exitStatus, 0) << direct.err;
    // The last line, "run: ...", is the host's wall time and memory: it differs between runs.
    const auto withoutCost = [](const std::string& out) {
        const auto last = out.rfind("\nrun: ");
        return last == std::string::npos ? out : out.substr(0, last);
    };
    EXPECT_NE(direct.out.find("\nrun: 4.0 s simulated in "), std::string::npos) << direct.out;
    EXPECT_EQ(withoutCost(viaRun.out), withoutCost(direct.out));
    EXPECT_NE(viaRun.err.find("sagin-cvl: 4.0 of 4.0 s simulated"), std::string::npos)
        << viaRun.err;
    std::filesystem::remove_all(folder);
}

TEST(CustomControllerExample, UcbReachesTheOptimumOnceEverySplitIsTried)
{
    // UCB1 tries each of the 7 split points once first (steps 0..6, for both devices at once),
    // and the seed environment's rewards do not vary: from step 6 on the largest mean is the
    // best split of each device, so the greedy effect is the optimum for every stream.
    const auto result = RunCommand(ShellQuote(ProgramPath("sagin-custom-controller")));
    ASSERT_EQ(result.exitStatus, 0) << result.err;
    const auto lines = SplitLines(result.out);
    ASSERT_EQ(lines.size(), 4u) << result.out;
    for (int stream = 0; stream < 3; ++stream)
    {
        EXPECT_NE(lines[stream].find("stream " + std::to_string(stream) + ": "), std::string::npos);
        EXPECT_NE(lines[stream].find("at the optimum from step 6"), std::string::npos)
            << lines[stream];
    }
    EXPECT_EQ(lines[3], "reached 3 of 3");
    const auto refused =
        RunCommand(ShellQuote(ProgramPath("sagin-custom-controller")) + " --exploration=-1");
    EXPECT_EQ(refused.exitStatus, 2);
    EXPECT_EQ(SplitLines(refused.err).size(), 1u) << refused.err;
    EXPECT_NE(refused.err.find("--exploration=-1"), std::string::npos) << refused.err;
}
