// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/double.h"
#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/sagin-module.h"
#include "ns3/string.h"

#include <gtest/gtest.h>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

TEST(DeviceProfile, BuiltinProfilesAreThePublishedDevices)
{
    // REFERENCE.md: UAV = Quadro P400 (0.641e12 FLOP/s, 30 W), vehicle = DRIVE AGX Xavier
    // (1.3e12 FLOP/s, 20 W), edge server 330e12 FLOP/s at 450 W; utilisation 0.1 everywhere.
    // Satellite payload: Jetson TX2i, 256 cores × 2 FLOP × 1.26 GHz = 0.645e12 FLOP/s, 20 W.
    EXPECT_EQ(DeviceProfile::GetBuiltinNames(),
              (std::vector<std::string>{"quadro-p400",
                                        "drive-agx-xavier",
                                        "edge-server",
                                        "satellite-payload"}));

    struct Expected
    {
        const char* name;
        double peak;
        double busyW;
    };

    for (const auto& e : {Expected{"quadro-p400", 0.641e12, 30.0},
                          Expected{"drive-agx-xavier", 1.3e12, 20.0},
                          Expected{"edge-server", 330e12, 450.0},
                          Expected{"satellite-payload", 256 * 2 * 1.26e9, 20.0}})
    {
        auto profile = DeviceProfile::GetBuiltin(e.name);
        EXPECT_EQ(profile->GetName(), e.name);
        EXPECT_DOUBLE_EQ(profile->GetPeakFlopsPerSecond(), e.peak);
        EXPECT_DOUBLE_EQ(profile->GetUtilisation(), 0.1);
        EXPECT_DOUBLE_EQ(profile->GetBusyPowerW(), e.busyW);
        EXPECT_DOUBLE_EQ(profile->GetIdlePowerW(), 0.0);
        EXPECT_DOUBLE_EQ(profile->GetEffectiveFlopsPerSecond(), e.peak * 0.1);
    }
    // Each call gives a new instance: changing one does not change the next.
    auto first = DeviceProfile::GetBuiltin("quadro-p400");
    first->SetAttribute("BusyPowerW", DoubleValue(1.0));
    EXPECT_DOUBLE_EQ(DeviceProfile::GetBuiltin("quadro-p400")->GetBusyPowerW(), 30.0);
}

TEST(DeviceProfile, ComputeTimeAndEnergyFromFlops)
{
    // Quadro P400, head up to USAM1 at 384×384: 0.3519e9 FLOP / (0.641e12 · 0.1) FLOP/s
    // = 5.48986 ms; at 30 W that is 0.164696 J.
    auto p400 = DeviceProfile::GetBuiltin("quadro-p400");
    EXPECT_NEAR(p400->GetComputeTime(0.3519e9).GetSeconds(), 0.005489859594383775, 1e-9);
    EXPECT_NEAR(p400->GetComputeEnergyJ(0.3519e9), 0.16469578783151326, 30 * 1e-9);
    // Nothing to compute takes no time and no energy.
    EXPECT_EQ(p400->GetComputeTime(0.0), Seconds(0));
    EXPECT_DOUBLE_EQ(p400->GetComputeEnergyJ(0.0), 0.0);
    // Edge server, the whole model (12.0789e9 FLOP): 12.0789e9 / 33e12 = 366.03 us, 0.164713 J.
    auto server = DeviceProfile::GetBuiltin("edge-server");
    EXPECT_NEAR(server->GetComputeTime(12.0789e9).GetSeconds(), 12.0789e9 / 33e12, 1e-9);
    EXPECT_NEAR(server->GetComputeEnergyJ(12.0789e9), 450 * 12.0789e9 / 33e12, 450 * 1e-9);
}

TEST(DeviceProfile, UserDefinedThroughAttributes)
{
    // 2e12 FLOP/s at 50 %: 1e12 FLOP take 1 s and 15 J at 15 W; 10 s idle at 5 W is 50 J.
    auto custom = CreateObjectWithAttributes<DeviceProfile>("Name",
                                                            StringValue("my-gpu"),
                                                            "PeakFlopsPerSecond",
                                                            DoubleValue(2e12),
                                                            "Utilisation",
                                                            DoubleValue(0.5),
                                                            "BusyPowerW",
                                                            DoubleValue(15.0),
                                                            "IdlePowerW",
                                                            DoubleValue(5.0));
    EXPECT_EQ(custom->GetName(), "my-gpu");
    EXPECT_EQ(custom->GetComputeTime(1e12), Seconds(1));
    EXPECT_DOUBLE_EQ(custom->GetComputeEnergyJ(1e12), 15.0);
    EXPECT_DOUBLE_EQ(custom->GetIdleEnergyJ(Seconds(10)), 50.0);

    // The same from a string, as a scenario file or command line gives it.
    auto model = CreateObject<TriCoCostModel>();
    model->SetAttribute("UavProfile",
                        StringValue("ns3::sagin::DeviceProfile[Name=my-gpu|PeakFlopsPerSecond=2e12|"
                                    "Utilisation=0.5|BusyPowerW=15]"));
    auto fromString = model->GetDeviceProfile(TriCoCostModel::UAV);
    EXPECT_EQ(fromString->GetName(), "my-gpu");
    EXPECT_DOUBLE_EQ(fromString->GetEffectiveFlopsPerSecond(), 1e12);
    EXPECT_DOUBLE_EQ(fromString->GetBusyPowerW(), 15.0);
}

TEST(DeviceProfile, RefusesBadValues)
{
    auto profile = CreateObject<DeviceProfile>();
    // Out-of-range attributes are refused by their checkers.
    EXPECT_FALSE(profile->SetAttributeFailSafe("Utilisation", DoubleValue(1.5)));
    EXPECT_FALSE(profile->SetAttributeFailSafe("PeakFlopsPerSecond", DoubleValue(-1.0)));
    EXPECT_FALSE(profile->SetAttributeFailSafe("BusyPowerW", DoubleValue(-3.0)));
    // A zero rate or utilisation passes the checker but cannot compute: a clear error.
    profile->SetAttribute("Utilisation", DoubleValue(0.0));
    try
    {
        profile->GetComputeTime(1e9);
        FAIL() << "no exception";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_STREQ(e.what(),
                     "device profile 'quadro-p400': Utilisation must be in (0, 1], got 0");
    }
    auto p400 = DeviceProfile::GetBuiltin("quadro-p400");
    EXPECT_THROW(p400->GetComputeTime(-1.0), std::invalid_argument);
    EXPECT_THROW(p400->GetIdleEnergyJ(Seconds(-1)), std::invalid_argument);
    try
    {
        DeviceProfile::GetBuiltin("gtx-9090");
        FAIL() << "no exception";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_STREQ(e.what(),
                     "unknown device profile 'gtx-9090' (built-in: quadro-p400, "
                     "drive-agx-xavier, edge-server, satellite-payload)");
    }
}
