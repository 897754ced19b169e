// SPDX-License-Identifier: GPL-2.0-only

// Integration tests of the sagin-network example, run as a user runs it.

#include "sagin-test-utils.h"

#include <algorithm>
#include <cstdlib>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3::sagin::test;

namespace
{

const char* HEADER =
    "node,role,base_station,relay,distance_m,snr_db,rate_mbps,sharing,expected_s,completion_s";

/// @return sagin-network's rows with @p args, each as a column-name → text map
std::vector<std::map<std::string, std::string>>
RunNetwork(const std::string& args, std::string* err = nullptr)
{
    const ProgramResult result = RunCommand(ShellQuote(ProgramPath("sagin-network")) + " " + args);
    EXPECT_EQ(result.exitStatus, 0) << result.err;
    if (err)
    {
        *err = result.err;
    }
    const auto lines = SplitLines(result.out);
    std::vector<std::map<std::string, std::string>> rows;
    if (lines.empty() || lines[0] != HEADER)
    {
        ADD_FAILURE() << "unexpected output: " << result.out;
        return rows;
    }
    std::vector<std::string> names;
    std::istringstream header(lines[0]);
    for (std::string name; std::getline(header, name, ',');)
    {
        names.push_back(name);
    }
    for (size_t i = 1; i < lines.size(); ++i)
    {
        std::istringstream in(lines[i]);
        std::map<std::string, std::string> row;
        for (const auto& name : names)
        {
            std::getline(in, row[name], ',');
        }
        rows.push_back(row);
    }
    return rows;
}

double
Number(const std::map<std::string, std::string>& row, const std::string& column)
{
    return std::strtod(row.at(column).c_str(), nullptr);
}

} // namespace

TEST(NetworkExample, OneFlowTakesItsShannonTime)
{
    // One UAV, one base station, no satellites: the UAV's tensor (9,437,184 bytes) crosses its
    // link in the time its Shannon rate gives (the program works it out from the link at the
    // start); the UAV's movement during the transfer and TCP's handshake keep it within 1 %.
    const auto rows = RunNetwork("--satellites=0 --uavs=1 --vehicles=0 --baseStations=1");
    ASSERT_EQ(rows.size(), 1u);
    const auto& row = rows[0];
    EXPECT_EQ(row.at("role"), "uav");
    EXPECT_EQ(row.at("relay"), "-1");
    EXPECT_EQ(row.at("sharing"), "1");
    const double expectedS = Number(row, "expected_s");
    // A check of the expectation itself: (6517·1514 + 634)·8 bits at the printed rate.
    EXPECT_NEAR(expectedS,
                (6517.0 * 1514 + 634) * 8 / (Number(row, "rate_mbps") * 1e6),
                1e-5 * expectedS);
    EXPECT_NEAR(Number(row, "completion_s"), expectedS, 0.01 * expectedS);
}

TEST(NetworkExample, FlowsToOneBaseStationShareItsBand)
{
    // Three UAVs send 500,000 float32 values (2,000,000 bytes: 1381 full 1514-byte
    // frames and one of 2,000,000 - 1381·1448 = 312 + 66 = 378 bytes) to one base station.
    // While all three send, each gets a third of the band, so each takes longer than it would
    // alone with the whole band, and the last one finishes after the slowest one's time alone.
    const auto rows =
        RunNetwork("--satellites=0 --uavs=3 --vehicles=0 --baseStations=1 --elements=500000");
    ASSERT_EQ(rows.size(), 3u);
    double slowestAloneS = 0;
    double lastS = 0;
    for (const auto& row : rows)
    {
        EXPECT_EQ(row.at("sharing"), "3");
        const double aloneS = (1381.0 * 1514 + 378) * 8 / (Number(row, "rate_mbps") * 1e6);
        slowestAloneS = std::max(slowestAloneS, aloneS);
        lastS = std::max(lastS, Number(row, "completion_s"));
        EXPECT_GT(Number(row, "completion_s"), aloneS);
    }
    EXPECT_GT(lastS, slowestAloneS);
}

TEST(NetworkExample, BadOptionsGiveOneLineAndStatus2)
{
    for (const std::string args :
         {"--baseStations=0", "--satellites=10 --planes=3", "--tle=/nonexistent.tle", "--stop=0.5"})
    {
        const ProgramResult result =
            RunCommand(ShellQuote(ProgramPath("sagin-network")) + " " + args);
        EXPECT_EQ(result.exitStatus, 2) << args;
        EXPECT_EQ(result.out, "") << args;
        const auto lines = SplitLines(result.err);
        ASSERT_EQ(lines.size(), 1u) << args << ": " << result.err;
        EXPECT_EQ(lines[0].rfind("sagin-network: error: ", 0), 0u) << lines[0];
    }
}

TEST(NetworkExample, WritesNetAnimXml)
{
    // 12 satellites, 1 base station, 1 UAV: a NetAnim file with a <node> element for each of
    // the 14 nodes.
    TempFile anim("anim.xml", "");
    RunNetwork("--satellites=12 --planes=3 --uavs=1 --vehicles=0 --baseStations=1 --stop=2 "
               "--netanim=" +
               ShellQuote(anim.Path()));
    const std::string xml = ReadFile(anim.Path());
    EXPECT_EQ(xml.rfind("<anim ", 0), 0u) << xml.substr(0, 100);
    size_t nodes = 0;
    for (size_t at = xml.find("<node id="); at != std::string::npos;
         at = xml.find("<node id=", at + 1))
    {
        ++nodes;
    }
    EXPECT_EQ(nodes, 14u);
}
