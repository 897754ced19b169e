// SPDX-License-Identifier: GPL-2.0-only

// Attribute text that ns-3 would abort on is refused with a reason instead.

#include "ns3/sagin-module.h"

#include <gtest/gtest.h>
#include <stdexcept>

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
