// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/sagin-module.h"

#include <cmath>
#include <filesystem>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

/// A row of convergence.csv.
struct Row
{
    std::string algorithm; //!< algorithm
    uint32_t seed;         //!< seed index
    uint32_t step;         //!< step index
    double effect;         //!< effect of the step
    double greedy;         //!< greedy effect after it
};

/**
 * @param line a CSV line
 * @return its fields
 */
std::vector<std::string>
Fields(const std::string& line)
{
    std::vector<std::string> fields;
    std::stringstream in(line);
    std::string field;
    while (std::getline(in, field, ','))
    {
        fields.push_back(field);
    }
    return fields;
}

/**
 * @param path convergence.csv
 * @return its rows (after the header)
 */
std::vector<Row>
ReadConvergence(const std::string& path)
{
    const auto lines = SplitLines(ReadFile(path));
    std::vector<Row> rows;
    for (size_t i = 1; i < lines.size(); ++i)
    {
        const auto f = Fields(lines[i]);
        rows.push_back(Row{f.at(0),
                           static_cast<uint32_t>(std::stoul(f.at(1))),
                           static_cast<uint32_t>(std::stoul(f.at(2))),
                           std::stod(f.at(3)),
                           std::stod(f.at(4))});
    }
    return rows;
}

/**
 * @param arguments the program's arguments
 * @return its result
 */
ProgramResult
Compare(const std::string& arguments)
{
    return RunCommand(ShellQuote(ProgramPath("sagin-rl-compare")) + " " + arguments);
}

/// Reads the HDF5 file and decodes the PNG independently of sagin (h5py, zlib).
const char* const CHECKER = R"(
import csv, struct, sys, zlib
import h5py
out = sys.argv[1]
rows = list(csv.DictReader(open(out + "/convergence.csv")))
with h5py.File(out + "/convergence.h5", "r") as f:
    for name in sys.argv[2].split(","):
        for key, column in ((name, "effect"), ("greedy_effect/" + name, "greedy_effect")):
            d = f[key]
            data = d[()]
            mismatches = sum(1 for r in rows if r["algorithm"] == name and
                             data[int(r["seed"]), int(r["step"])] != float(r[column]))
            count = sum(1 for r in rows if r["algorithm"] == name)
            env = d.attrs["env"]
            env = env.decode() if isinstance(env, bytes) else str(env)
            print(key, d.shape[0], d.shape[1], d.dtype, count, mismatches, env,
                  int(d.attrs["seeds"]), int(d.attrs["steps"]),
                  " ".join(repr(float(v)) for v in d.attrs["optimum"]))
png = open(out + "/convergence.png", "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n"
at, idat = 8, b""
while at < len(png):
    length, kind = struct.unpack(">I4s", png[at:at + 8])
    body = png[at + 8:at + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    at += 12 + length
raw = zlib.decompress(idat)
print("png", width, height, depth, colour, len(raw) == height * (1 + 3 * width))
)";

/**
 * @param out the output folder
 * @param algorithms the algorithms, comma-separated
 * @return the checker's lines, by their first word
 */
std::map<std::string, std::string>
Check(const std::string& out, const std::string& algorithms)
{
    TempFile script("check.py", CHECKER);
    const auto result = RunCommand(Python() + " " + ShellQuote(script.Path()) + " " +
                                   ShellQuote(out) + " " + algorithms);
    EXPECT_EQ(result.exitStatus, 0) << result.err;
    std::map<std::string, std::string> lines;
    for (const auto& line : SplitLines(result.out))
    {
        const auto space = line.find(' ');
        lines[line.substr(0, space)] = line.substr(space + 1);
    }
    return lines;
}

/// One run of the seed environment, shared by the tests that read its files.
class SaginRlCompareSeed : public ::testing::Test
{
  protected:
    static void SetUpTestSuite()
    {
        s_folder = new TempFile("keep", "");
        s_out = std::filesystem::path(s_folder->Path()).parent_path().string() + "/out";
        s_result = new ProgramResult(Compare("--env=seed --algorithms=" + ALGORITHMS +
                                             " --seeds=2 --steps=200 --out=" + ShellQuote(s_out)));
    }

    static void TearDownTestSuite()
    {
        delete s_result;
        delete s_folder;
    }

    static const std::string ALGORITHMS; //!< the algorithms compared
    static TempFile* s_folder;           //!< holds the output folder
    static std::string s_out;            //!< the output folder
    static ProgramResult* s_result;      //!< the program's result
};

const std::string SaginRlCompareSeed::ALGORITHMS = "q-learning,fixed-1,greedy-oracle";
TempFile* SaginRlCompareSeed::s_folder = nullptr;
std::string SaginRlCompareSeed::s_out;
ProgramResult* SaginRlCompareSeed::s_result = nullptr;

/// The published optimum: UAV split 1 and vehicle split 5, effect 0.42477201745306176 (see
/// TriCoCostModel.PublishedOptimum).
constexpr double OPTIMUM = 0.42477201745306176;

} // namespace

TEST_F(SaginRlCompareSeed, PrintsATableAndWritesEveryFile)
{
    ASSERT_EQ(s_result->exitStatus, 0) << s_result->err;
    EXPECT_EQ(s_result->err, "");
    const auto lines = SplitLines(s_result->out);
    ASSERT_EQ(lines.size(), 4u); // header + 3 algorithms
    EXPECT_EQ(lines[0].substr(0, 9), "algorithm");
    EXPECT_EQ(lines[1].substr(0, 10), "q-learning");
    EXPECT_EQ(lines[2].substr(0, 7), "fixed-1");
    EXPECT_EQ(lines[3].substr(0, 13), "greedy-oracle");
    // The oracle reaches the optimum with both seeds, fixed-1 with none.
    EXPECT_NE(lines[3].find(" 2/2 "), std::string::npos);
    EXPECT_NE(lines[2].find(" 0/2 "), std::string::npos);
    for (const char* file : {"convergence.h5", "convergence.csv", "convergence.png", "summary.csv"})
    {
        EXPECT_TRUE(std::filesystem::is_regular_file(s_out + "/" + file)) << file;
    }
}

TEST_F(SaginRlCompareSeed, Hdf5EqualsTheCsvAndThePngDecodes)
{
    ASSERT_EQ(s_result->exitStatus, 0) << s_result->err;
    auto lines = Check(s_out, ALGORITHMS);
    // Per dataset: shape 2 × 200, float64, 400 CSV rows, no value differing from the CSV
    // (the CSV's shortest round-trip text reads back exactly), env "seed", seeds 2, steps 200,
    // the optimum once per seed.
    const std::string optimum = "0.42477201745306176 0.42477201745306176";
    for (const char* algorithm : {"q-learning", "fixed-1", "greedy-oracle"})
    {
        const std::string name = algorithm;
        for (const std::string& key : {name, "greedy_effect/" + name})
        {
            EXPECT_EQ(lines[key], "2 200 float64 400 0 seed 2 200 " + optimum) << key;
        }
    }
    // ConvergencePlot's default size, 960 × 600, 8-bit RGB; the decompressed rows are each a
    // filter byte and 3·960 bytes.
    EXPECT_EQ(lines["png"], "960 600 8 2 True");
}

TEST_F(SaginRlCompareSeed, FixedAndOracleEffectsByHand)
{
    ASSERT_EQ(s_result->exitStatus, 0) << s_result->err;
    // fixed-1: both devices at split 1 at every step.
    //  UAV, n = 3 (TriCoCostModel.UavAtUsam1ByHand): reward −0.3382464115090058.
    //  Vehicle (F = 1.3e12 FLOP/s, u = 0.1, P = 20 W), n = 1, split 1:
    //   T_dev = 0.3519e9 / 1.3e11 = 0.002706923076923077 s
    //   T_srv = 11.727e9 / 3.3e13 = 0.00035536363636363636 s
    //   T_tx  = 2359296 / 26214400 = 0.09 s;     T = 0.09306228671328672 s
    //   E     = 0.3519e9·20/1.3e12 + 11.727e9·45/330e12 + 0.1·0.09 = 0.016012982517482517 J
    //   reward = −(0.4·T + 0.3·E + 0.3·0.608901) = −0.22469910944055943
    //  effect = 0.3382464115090058 + 0.22469910944055943 = 0.5629455209495653
    // greedy-oracle: UAV at 1, vehicle at 5 at every step: the optimum, 0.42477201745306176.
    const double fixedEffect = 0.5629455209495653;
    uint32_t fixedRows = 0;
    uint32_t oracleRows = 0;
    for (const auto& row : ReadConvergence(s_out + "/convergence.csv"))
    {
        if (row.algorithm == "fixed-1")
        {
            ++fixedRows;
            EXPECT_NEAR(row.effect, fixedEffect, 1e-15);
            EXPECT_NEAR(row.greedy, fixedEffect, 1e-15);
        }
        else if (row.algorithm == "greedy-oracle")
        {
            ++oracleRows;
            EXPECT_NEAR(row.effect, OPTIMUM, 1e-15);
            EXPECT_NEAR(row.greedy, OPTIMUM, 1e-15);
        }
    }
    EXPECT_EQ(fixedRows, 400u);
    EXPECT_EQ(oracleRows, 400u);
}

TEST_F(SaginRlCompareSeed, SummaryHeaderAndOracleRows)
{
    ASSERT_EQ(s_result->exitStatus, 0) << s_result->err;
    const auto lines = SplitLines(ReadFile(s_out + "/summary.csv"));
    ASSERT_EQ(lines.size(), 7u); // header + 3 algorithms × 2 seeds
    EXPECT_EQ(lines[0], "algorithm,seed,final_effect,optimum,steps_to_optimum");
    for (size_t i = 1; i < lines.size(); ++i)
    {
        const auto f = Fields(lines[i]);
        ASSERT_EQ(f.size(), 5u);
        EXPECT_EQ(f[3], "0.42477201745306176");
        if (f[0] == "greedy-oracle")
        {
            // At the optimum from the first step on: final effect = optimum, step 0.
            EXPECT_EQ(f[2], f[3]);
            EXPECT_EQ(f[4], "0");
        }
        else if (f[0] == "fixed-1")
        {
            EXPECT_EQ(f[2], "0.5629455209495653"); // see FixedAndOracleEffectsByHand
            EXPECT_EQ(f[4], "-1");
        }
        else
        {
            // q-learning: steps_to_optimum is −1 or the first step of the final run at the
            // optimum, consistent with the CSV's greedy effects.
            EXPECT_EQ(f[0], "q-learning");
            const auto seed = static_cast<uint32_t>(std::stoul(f[1]));
            int64_t from = -1;
            std::vector<double> greedy;
            for (const auto& row : ReadConvergence(s_out + "/convergence.csv"))
            {
                if (row.algorithm == "q-learning" && row.seed == seed)
                {
                    greedy.push_back(row.greedy);
                }
            }
            ASSERT_EQ(greedy.size(), 200u);
            for (int64_t s = 199; s >= 0 && std::abs(greedy[s] - OPTIMUM) <= 1e-6; --s)
            {
                from = s;
            }
            EXPECT_EQ(f[4], std::to_string(from));
            EXPECT_EQ(std::stod(f[2]), greedy.back());
        }
    }
}

TEST(SaginRlCompare, BadOptionsExitWithOneLine)
{
    TempFile file("a-file", "");
    TempFile badScenario("bad.json", R"({"uavs": {"count": -1}})");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"--algorithms=q-learning,foo", "unknown algorithm 'foo'"},
        {"--algorithms=q-learning,q-learning", "'q-learning' is given twice"},
        {"--seeds=0", "--seeds"},
        {"--steps=0", "--steps"},
        {"--out=" + ShellQuote(file.Path() + "/sub"), "--out: cannot create"},
        {"--env=" + ShellQuote(badScenario.Path()), "$.uavs.count"},
        {"--env=/nonexistent/scenario.json", "--env: "},
    };
    // The defaults first: the case's own --out, --seeds or --steps comes last and wins.
    for (const auto& [arguments, message] : cases)
    {
        const auto result = Compare(
            "--steps=5 --seeds=1 --out=" + ShellQuote(file.Path() + ".out") + " " + arguments);
        EXPECT_EQ(result.exitStatus, 2) << arguments;
        const auto lines = SplitLines(result.err);
        ASSERT_EQ(lines.size(), 1u) << arguments << ": " << result.err;
        EXPECT_EQ(lines[0].rfind("sagin-rl-compare: error: ", 0), 0u) << lines[0];
        EXPECT_NE(lines[0].find(message), std::string::npos) << lines[0];
    }
}

TEST(SaginRlCompare, ScenarioStepsAreRequests)
{
    // A small profiled scenario (no satellites: no Walker shell given; 64-pixel images): two
    // UAVs near one base station, a request each every 1.5 s; 6 steps of 2 seeds.
    TempFile scenario("tiny.json", R"({
      "name": "tiny", "seed": 3, "duration_s": 2,
      "uavs": {"count": 2, "altitude_m": 80, "patrol_half_side_m": 200},
      "vehicles": {"count": 0},
      "base_stations": {"sites_m": [[0, 0]]},
      "images": {"locations": 4, "drone_views": 3, "street_views": 3, "size": 64,
                 "spacing_m": 150},
      "fidelity": "profiled",
      "queries": {"interval_s": 1.5, "timeout_s": 8},
      "traces": {"format": "csv"}
    })");
    const std::string out = std::filesystem::path(scenario.Path()).parent_path().string() + "/out";
    const auto result = Compare("--env=" + ShellQuote(scenario.Path()) +
                                " --algorithms=fixed-1,greedy-oracle --seeds=2 --steps=6 "
                                "--window=3 --out=" +
                                ShellQuote(out));
    ASSERT_EQ(result.exitStatus, 0) << result.err;
    // The duration (2 s) is lengthened: 6 requests of 2 nodes need 3 each, 3·1.5 + 8 s.
    // Every step is a request with a reward: no NaN below.
    std::map<std::string, std::vector<Row>> runs; // algorithm and seed → its rows in order
    for (const auto& row : ReadConvergence(out + "/convergence.csv"))
    {
        runs[row.algorithm + "/" + std::to_string(row.seed)].push_back(row);
    }
    ASSERT_EQ(runs.size(), 4u);
    std::vector<double> oracleMean(2, 0.0);
    for (const auto& [key, rows] : runs)
    {
        ASSERT_EQ(rows.size(), 6u) << key;
        for (uint32_t s = 0; s < 6; ++s)
        {
            // The effect of a step is one request's cost −reward > 0; the greedy effect the
            // mean of the last min(s + 1, 3) costs.
            EXPECT_GT(rows[s].effect, 0.0);
            double sum = 0;
            const uint32_t first = s >= 2 ? s - 2 : 0;
            for (uint32_t k = first; k <= s; ++k)
            {
                sum += rows[k].effect;
            }
            EXPECT_NEAR(rows[s].greedy, sum / (s - first + 1), 1e-12) << key << " step " << s;
            if (rows[s].algorithm == "greedy-oracle")
            {
                oracleMean[rows[s].seed] += rows[s].effect / 6;
            }
        }
    }
    // The optimum of a seed is the oracle's mean cost over its 6 requests.
    const auto lines = SplitLines(ReadFile(out + "/summary.csv"));
    ASSERT_EQ(lines.size(), 5u);
    for (size_t i = 1; i < lines.size(); ++i)
    {
        const auto f = Fields(lines[i]);
        EXPECT_NEAR(std::stod(f.at(3)), oracleMean.at(std::stoul(f.at(1))), 1e-12) << lines[i];
    }
    auto checked = Check(out, "fixed-1,greedy-oracle");
    // Shape 2 × 6, 12 CSV rows equal to it, env = the scenario's path, 2 seeds, 6 steps.
    EXPECT_EQ(checked["fixed-1"].rfind("2 6 float64 12 0 " + scenario.Path() + " 2 6 ", 0), 0u)
        << checked["fixed-1"];
    EXPECT_EQ(checked["png"], "960 600 8 2 True");
    EXPECT_TRUE(std::filesystem::is_directory(out + "/traces/fixed-1/seed-1"));
}
