// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "sagin-test-config.h"

#include "ns3/config.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/object-factory.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace ns3
{
namespace sagin
{
namespace test
{

namespace
{

/**
 * Give every test the same start, whichever ran before it in the same process: attribute
 * defaults, random-number seed and run, and an empty simulator.
 */
class FreshState : public ::testing::EmptyTestEventListener
{
    void OnTestEnd(const ::testing::TestInfo& /* info */) override
    {
        Simulator::Destroy();
        Config::Reset();
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
    }
};

/// Registers FreshState before main() runs.
const bool g_freshStateRegistered = [] {
    ::testing::UnitTest::GetInstance()->listeners().Append(new FreshState);
    return true;
}();

} // namespace

ProgramResult
RunCommand(const std::string& commandLine)
{
    TempFile errFile("stderr.txt", "");
    const std::string full = commandLine + " 2>" + ShellQuote(errFile.Path());
    ProgramResult result;
    FILE* pipe = popen(full.c_str(), "r");
    if (pipe == nullptr)
    {
        throw std::runtime_error("cannot run: " + commandLine);
    }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0)
    {
        result.out.append(buf, n);
    }
    const int status = pclose(pipe);
    result.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.err = ReadFile(errFile.Path());
    return result;
}

std::string
SourcePath(const std::string& relative)
{
    return std::string(SAGIN_SOURCE_DIR) + "/" + relative;
}

std::string
ProgramPath(const std::string& name)
{
    return std::string(SAGIN_PROGRAM_DIR) + "/" + name;
}

std::string
BuildDir()
{
    return SAGIN_BUILD_DIR;
}

std::string
Python()
{
    return SAGIN_PYTHON;
}

std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::runtime_error("cannot read " + path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string>
SplitLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
    {
        lines.push_back(line);
    }
    return lines;
}

std::string
ShellQuote(const std::string& text)
{
    std::string quoted = "'";
    for (char c : text)
    {
        quoted += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

TempFile::TempFile(const std::string& name, const std::string& content)
{
    std::string pattern = (std::filesystem::temp_directory_path() / "sagin-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
    {
        throw std::runtime_error("cannot create a temporary directory");
    }
    m_dir = pattern;
    m_path = m_dir + "/" + name;
    std::ofstream out(m_path, std::ios::binary);
    out << content;
    if (!out)
    {
        throw std::runtime_error("cannot write " + m_path);
    }
}

TempFile::~TempFile()
{
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
}

const std::string&
TempFile::Path() const
{
    return m_path;
}

Ptr<LearningSplitController>
SeedController(const std::string& type,
               const std::vector<std::pair<std::string, std::string>>& attributes)
{
    ObjectFactory factory(type);
    factory.Set("State", EnumValue(LearningSplitController::LAST_SPLIT));
    for (const auto& [name, value] : attributes)
    {
        factory.Set(name, StringValue(value));
    }
    auto controller = factory.Create<LearningSplitController>();
    controller->Configure(CreateObject<SeedSplitEnvironment>()->MakeSplitCostModel());
    return controller;
}

SplitObservation
UavObservation(int32_t last)
{
    SplitObservation observation;
    observation.node = 0;
    observation.role = "uav";
    observation.nImages = 3;
    observation.lastSplit = last;
    return observation;
}

Ptr<Node>
MakeNode(NodeRole::Role role, const Vector& position)
{
    Ptr<Node> node = CreateObject<Node>();
    NodeRole::Install(node, role);
    Ptr<ConstantPositionMobilityModel> mobility = CreateObject<ConstantPositionMobilityModel>();
    mobility->SetPosition(position);
    node->AggregateObject(mobility);
    return node;
}

SaginNetDeviceHelper
UniformRadios(double satelliteGainDbi)
{
    SaginNetDeviceHelper helper;
    for (auto role :
         {NodeRole::SATELLITE, NodeRole::UAV, NodeRole::VEHICLE, NodeRole::BASE_STATION})
    {
        const double gainDbi = role == NodeRole::SATELLITE ? satelliteGainDbi : 0.0;
        helper.SetDeviceAttribute(role, "TxPowerDbm", DoubleValue(23.0));
        helper.SetDeviceAttribute(role, "TxGainDbi", DoubleValue(gainDbi));
        helper.SetDeviceAttribute(role, "RxGainDbi", DoubleValue(gainDbi));
        helper.SetDeviceAttribute(role, "NoiseFigureDb", DoubleValue(7.0));
        helper.SetDeviceAttribute(role, "BandwidthHz", DoubleValue(20e6));
    }
    for (auto linkClass : {SaginChannel::GROUND,
                           SaginChannel::AIR_TO_GROUND,
                           SaginChannel::SPACE_TO_GROUND,
                           SaginChannel::INTER_SATELLITE})
    {
        helper.SetPropagationLoss(linkClass, "ns3::FriisPropagationLossModel");
        helper.SetPropagationLossAttribute(linkClass, "Frequency", DoubleValue(1e9));
    }
    return helper;
}

} // namespace test
} // namespace sagin
} // namespace ns3
