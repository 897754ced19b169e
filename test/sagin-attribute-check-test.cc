// SPDX-License-Identifier: GPL-2.0-only

// Attribute text that ns-3 would abort on is refused with a reason instead.

#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/command-line.h"
#include "ns3/double.h"
#include "ns3/sagin-module.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// @return the reason ExplainInvalidSetting gives for a TriCoCostModel attribute
std::string
Why(const std::string& attribute, const std::string& text)
{
    return ExplainInvalidSetting("ns3::sagin::TriCoCostModel::" + attribute, text);
}

} // namespace

TEST(AttributeCheck, AcceptsWellFormedValues)
{
    EXPECT_EQ(Why("TxPowerW", "0.2"), "");
    EXPECT_EQ(Why("TxPowerW", "2e-1"), "");
    EXPECT_EQ(Why("TxPowerW", ".5"), "");
    EXPECT_EQ(Why("UavImages", "4"), "");
    EXPECT_EQ(Why("PrivacyCosts", "0.9,0.5,0.1"), "");
    EXPECT_EQ(Why("UavProfile", "ns3::sagin::DeviceProfile"), "");
    EXPECT_EQ(Why("UavProfile", "ns3::sagin::DeviceProfile[PeakFlopsPerSecond=2e12|BusyPowerW=15]"),
              "");
    EXPECT_EQ(ExplainInvalidSetting("RngRun", "7"), "");
    EXPECT_EQ(ExplainInvalidSetting("ns3::RandomWalk2dMobilityModel::Time", "1.5ms"), "");
    EXPECT_EQ(ExplainInvalidSetting("ns3::RandomWalk2dMobilityModel::Time", "2"), "");
}

TEST(AttributeCheck, RefusesWhatNs3WouldAbortOn)
{
    // ns-3's DoubleValue, UintegerValue and TimeValue abort on trailing text; ObjectFactory on
    // an unknown TypeId or attribute. Each is refused here with the reason.
    EXPECT_EQ(Why("TxPowerW", "0.2W"),
              "invalid value '0.2W' (expected ns3::DoubleValue, double 0:1.79769e+308)");
    EXPECT_EQ(Why("TxPowerW", "abc"),
              "invalid value 'abc' (expected ns3::DoubleValue, double 0:1.79769e+308)");
    EXPECT_EQ(Why("TxPowerW", ""),
              "invalid value '' (expected ns3::DoubleValue, double 0:1.79769e+308)");
    EXPECT_EQ(Why("UavImages", "3.5"),
              "invalid value '3.5' (expected ns3::UintegerValue, uint32_t 1:4294967295)");
    EXPECT_EQ(Why("UavImages", "-1"),
              "invalid value '-1' (expected ns3::UintegerValue, uint32_t 1:4294967295)");
    EXPECT_EQ(Why("PrivacyCosts", "0.9,x,0.1"),
              "item 1: invalid value 'x' (expected ns3::DoubleValue, double 0:1)");
    EXPECT_EQ(Why("UavProfile", "ns3::sagin::NoSuchProfile"),
              "invalid object 'ns3::sagin::NoSuchProfile': unknown TypeId "
              "'ns3::sagin::NoSuchProfile'");
    EXPECT_EQ(Why("UavProfile", "ns3::sagin::DeviceProfile[Speed=3]"),
              "invalid object 'ns3::sagin::DeviceProfile[Speed=3]': 'ns3::sagin::DeviceProfile' "
              "has no attribute 'Speed'");
    EXPECT_EQ(Why("UavProfile", "ns3::sagin::DeviceProfile[BusyPowerW=lots]"),
              "invalid object 'ns3::sagin::DeviceProfile[BusyPowerW=lots]': BusyPowerW: invalid "
              "value 'lots' (expected ns3::DoubleValue, double 0:1.79769e+308)");
    EXPECT_EQ(ExplainInvalidSetting("RngRun", "two"),
              "invalid value 'two' (expected ns3::UintegerValue, uint64_t 0:18446744073709551615)");
    EXPECT_EQ(ExplainInvalidSetting("ns3::RandomWalk2dMobilityModel::Time", "1.5 parsecs")
                  .rfind("invalid value '1.5 parsecs' (expected ns3::TimeValue", 0),
              0u);
    EXPECT_EQ(ExplainInvalidSetting("NoSuchGlobal", "1"),
              "neither TypeIdName::Attribute nor a global value");
    // ns-3's RngSeed checker takes 0, but its generator then aborts the program (SIGABRT from a
    // scenario's "defaults" or --RngSeed=0): refused, on the command line too.
    EXPECT_EQ(ExplainInvalidSetting("RngSeed", "0"),
              "invalid value '0': the seed must be in [1, 4294967295]");
    EXPECT_EQ(ExplainInvalidSetting("RngSeed", "1"), "");
    std::string program = "sagin-cvl";
    std::string zero = "--RngSeed=0";
    char* argv[] = {program.data(), zero.data()};
    EXPECT_EQ(test::InvalidArgumentMessage([&] { CheckAttributeArguments(2, argv); }),
              "--RngSeed=0: invalid value '0': the seed must be in [1, 4294967295]");
}

TEST(AttributeCheck, RefusesOutOfRangeValues)
{
    EXPECT_EQ(Why("TxPowerW", "-0.1"),
              "invalid value '-0.1' (expected ns3::DoubleValue, double 0:1.79769e+308)");
    EXPECT_EQ(Why("UavImages", "0"),
              "invalid value '0' (expected ns3::UintegerValue, uint32_t 1:4294967295)");
    EXPECT_EQ(Why("PrivacyCosts", "0.5,1.5"),
              "item 1: invalid value '1.5' (expected ns3::DoubleValue, double 0:1)");
    EXPECT_EQ(Why("NoSuchAttribute", "1"),
              "'ns3::sagin::TriCoCostModel' has no attribute 'NoSuchAttribute'");
}

TEST(AttributeCheck, CommandLineArguments)
{
    std::vector<std::string> good = {"prog",
                                     "--scenario=x.json",
                                     "--ns3::sagin::TriCoCostModel::UavImages=2",
                                     "--RngRun=3",
                                     "--PrintHelp"};
    std::vector<char*> argv;
    for (auto& arg : good)
    {
        argv.push_back(arg.data());
    }
    EXPECT_NO_THROW(CheckAttributeArguments(argv.size(), argv.data()));

    std::string bad = "--ns3::sagin::TriCoCostModel::TxPowerW=0.1.2";
    argv.push_back(bad.data());
    try
    {
        CheckAttributeArguments(argv.size(), argv.data());
        FAIL() << "no exception";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_STREQ(e.what(),
                     "--ns3::sagin::TriCoCostModel::TxPowerW=0.1.2: invalid value '0.1.2' "
                     "(expected ns3::DoubleValue, double 0:1.79769e+308)");
    }
}

TEST(ProgramOptions, ChecksNamesAndValuesBeforeNs3)
{
    // The options of a program with a count, a fraction and a flag; each bad argument gives the
    // one line of the message below, where ns3::CommandLine would print its help and exit 1,
    // or wrap -1 into 4294967295.
    CommandLine cmd;
    ProgramOptions options(cmd);
    uint32_t count = 1;
    double share = 0.5;
    bool flag = false;
    options.Add("count", "a count", count, MakeUintegerChecker<uint32_t>(1, 100));
    options.Add("share", "a fraction", share, MakeDoubleChecker<double>(0, 1));
    options.Add("flag", "a flag", flag, MakeBooleanChecker());
    auto why = [&options](std::vector<std::string> args) {
        args.insert(args.begin(), "program");
        std::vector<char*> argv;
        for (auto& arg : args)
        {
            argv.push_back(arg.data());
        }
        return test::InvalidArgumentMessage(
            [&] { options.Check(static_cast<int>(argv.size()), argv.data()); });
    };
    EXPECT_EQ(why({"--count=3", "-share=0.25", "--flag", "--RngRun=4", "--PrintHelp"}), "");
    EXPECT_EQ(why({"--ns3::sagin::DeviceProfile::Utilisation=0.5"}), "");
    EXPECT_EQ(why({"--count=-1"}),
              "--count=-1: invalid value '-1' (expected ns3::UintegerValue, uint32_t 1:100)");
    EXPECT_EQ(why({"--share=2"}),
              "--share=2: invalid value '2' (expected ns3::DoubleValue, double 0:1)");
    EXPECT_EQ(why({"--flag=maybe"}),
              "--flag=maybe: invalid value 'maybe' (expected BooleanValue, bool)");
    EXPECT_EQ(why({"--count"}), "option '--count' needs a value: --count=VALUE");
    EXPECT_EQ(why({"--size=3"}),
              "unknown option '--size' (options: --count, --share, --flag, --PrintHelp)");
    EXPECT_EQ(why({"stray"}), "unexpected argument 'stray'");
    EXPECT_EQ(why({"--ns3::sagin::DeviceProfile::Utilisation=x"})
                  .rfind("--ns3::sagin::DeviceProfile::Utilisation=x: ", 0),
              0u);
}
