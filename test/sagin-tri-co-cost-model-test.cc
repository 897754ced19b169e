// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/attribute-container.h"
#include "ns3/config.h"
#include "ns3/double.h"
#include "ns3/sagin-module.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// Relative tolerance for values that follow the experiment's formula operation by operation.
constexpr double REL = 1e-12;

/// @return |expected| · REL, the absolute tolerance for @p expected
double
Tol(double expected)
{
    return std::abs(expected) * REL;
}

} // namespace

TEST(TriCoCostModel, UavAtUsam1ByHand)
{
    // UAV (Quadro P400, F = 0.641e12 FLOP/s, u = 0.1, P = 30 W), n = 3, split 1 (USAM1):
    //   W_dev = 0.3519e9, W_srv = (12.0789 - 0.3519)e9 = 11.727e9 FLOP
    //   T_dev = 0.3519e9·3 / (0.641e12·0.1)         = 0.0164695787831513 s
    //   T_srv = 11.727e9·3 / (330e12·0.1 + 1e-8)     = 0.00106609090909091 s
    //   T_tx  = 2359296 / 26214400 · 3 = 0.09 · 3    = 0.27 s
    //   T     = 0.287535669692242 s
    //   E_cmp = (0.3519e9·30/0.641e12 + 11.727e9·450·0.1/330e12)·3 = 0.0542061454403631 J
    //   E_tx  = 3 · 0.1 · 0.27 = 0.081 J (n² = 9 times p·T_tx of one image: the quirk)
    //   E     = 0.135206145440363 J
    //   reward = -0.4·0.287535669692242 - 0.3·0.135206145440363 - 0.3·0.608901
    //          = -0.338246411509006
    auto model = CreateObject<TriCoCostModel>();
    const TriCoCost c = model->Evaluate(TriCoCostModel::UAV, 1);
    EXPECT_NEAR(c.deviceTimeS, 0.016469578783151327, Tol(0.0164695787831513));
    EXPECT_NEAR(c.serverTimeS, 0.0010660909090909091, Tol(0.00106609090909091));
    EXPECT_NEAR(c.txTimeS, 0.27, Tol(0.27));
    EXPECT_NEAR(c.latencyS, 0.28753566969224226, Tol(0.287535669692242));
    EXPECT_NEAR(c.computeEnergyJ, 0.05420614544036308, Tol(0.0542061454403631));
    EXPECT_NEAR(c.txEnergyJ, 0.081, Tol(0.081));
    EXPECT_NEAR(c.energyJ, 0.13520614544036308, Tol(0.135206145440363));
    EXPECT_DOUBLE_EQ(c.privacy, 0.608901);
    EXPECT_NEAR(c.reward, -0.3382464115090058, Tol(0.338246411509006));
}

TEST(TriCoCostModel, VehicleAtLayer3ByHand)
{
    // Vehicle (DRIVE AGX Xavier, F = 1.3e12 FLOP/s, u = 0.1, P = 20 W), n = 1, split 5 (layer3):
    //   W_dev = 9.6951e9, W_srv = (12.0789 - 9.6951)e9 = 2.3838e9 FLOP
    //   T_dev = 9.6951e9 / 1.3e11 = 0.0745776923076923 s
    //   T_srv = 2.3838e9 / 3.3e13 = 0.0000722363636363636 s
    //   T_tx  = 589824 / 26214400 = 0.0225 s;   T = 0.0971499286713287 s
    //   E_cmp = 9.6951e9·20/1.3e12 + 2.3838e9·45/330e12 = 0.149155384615385 + 0.000325063636364
    //         = 0.149480448251748 J;  E_tx = 1 · 0.1 · 0.0225 = 0.00225 J
    //   E     = 0.151730448251748 J
    //   reward = -0.4·0.0971499286713287 - 0.3·0.151730448251748 - 0.3·0.007155
    //          = -0.0865256059440559
    auto model = CreateObject<TriCoCostModel>();
    const TriCoCost c = model->Evaluate(TriCoCostModel::VEHICLE, 5);
    EXPECT_NEAR(c.deviceTimeS, 0.0745776923076923, 1e-15);
    EXPECT_NEAR(c.serverTimeS, 0.0000722363636363636, 1e-15);
    EXPECT_NEAR(c.txTimeS, 0.0225, 1e-15);
    EXPECT_NEAR(c.latencyS, 0.0971499286713287, 1e-15);
    EXPECT_NEAR(c.energyJ, 0.151730448251748, 1e-15);
    EXPECT_NEAR(c.reward, -0.0865256059440559, 1e-15);
}

TEST(TriCoCostModel, QuirksAreKept)
{
    auto model = CreateObject<TriCoCostModel>();
    // Split 4 sends 1,179,628 elements (the experiment's typo for 1,179,648):
    // vehicle T_tx = 1179628 / 26214400 = 0.04499923706054688 s, not 0.045 s.
    EXPECT_NEAR(model->Evaluate(TriCoCostModel::VEHICLE, 4).txTimeS, 0.04499923706054688, 1e-17);
    // E_tx = n·p·T_tx with T_tx already n times one image's: n² for the UAV (n = 3).
    const TriCoCost uav0 = model->Evaluate(TriCoCostModel::UAV, 0);
    EXPECT_NEAR(uav0.txEnergyJ, 9 * 0.1 * (2359296.0 / 26214400), 1e-15);
    // The device's compute energy ignores its utilisation: P·W/F, 0.1 times P·T_dev.
    const double devEnergyJ = 30 * 0.3468e9 / 0.641e12 * 3;
    EXPECT_NEAR(devEnergyJ, 0.1 * 30 * uav0.deviceTimeS, 1e-15);
    const double srvEnergyJ = uav0.computeEnergyJ - devEnergyJ;
    // ... while the server's multiplies by it: (12.0789 - 0.3468)e9 · 450 · 0.1 / 330e12 · 3.
    EXPECT_NEAR(srvEnergyJ, (12.0789 - 0.3468) * 1e9 * 450 * 0.1 / 330e12 * 3, 1e-15);
}

TEST(TriCoCostModel, PublishedOptimum)
{
    // Brute force over the 7 × 7 pairs: the UAV's best is split 1 (reward -0.338246), the
    // vehicle's split 5 (reward -0.0865256): effect 0.338246411509006 + 0.0865256059440559
    // = 0.424772017453062, the published ≈ 0.4248.
    auto model = CreateObject<TriCoCostModel>();
    EXPECT_EQ(model->GetNSplits(), 7u);
    const auto best = model->FindOptimum();
    EXPECT_EQ(best.uavSplit, 1u);
    EXPECT_EQ(best.vehicleSplit, 5u);
    EXPECT_NEAR(best.effect, 0.42477201745306176, 1e-15);
    EXPECT_NEAR(best.effect, 0.4248, 5e-5);
    for (uint32_t u = 0; u < 7; ++u)
    {
        for (uint32_t v = 0; v < 7; ++v)
        {
            EXPECT_GE(model->GetEffect(u, v), best.effect);
        }
    }
}

TEST(TriCoCostModel, ConstantsAreAttributes)
{
    // One image per UAV decision instead of 3: T_tx = 0.09 s, E_tx = 0.1·0.09 = 0.009 J.
    Config::SetDefault("ns3::sagin::TriCoCostModel::UavImages", UintegerValue(1));
    auto model = CreateObject<TriCoCostModel>();
    EXPECT_NEAR(model->Evaluate(TriCoCostModel::UAV, 1).txTimeS, 0.09, 1e-15);
    EXPECT_NEAR(model->Evaluate(TriCoCostModel::UAV, 1).txEnergyJ, 0.009, 1e-15);
    Config::SetDefault("ns3::sagin::TriCoCostModel::UavImages", UintegerValue(3));
    model = CreateObject<TriCoCostModel>();
    EXPECT_EQ(model->GetImages(TriCoCostModel::UAV), 3u);

    // Only the confidentiality weight: reward = -privacy.
    model->SetAttribute("LatencyWeight", DoubleValue(0.0));
    model->SetAttribute("EnergyWeight", DoubleValue(0.0));
    model->SetAttribute("PrivacyWeight", DoubleValue(1.0));
    EXPECT_DOUBLE_EQ(model->Evaluate(TriCoCostModel::VEHICLE, 6).reward, -0.054303);

    // Lists are set from comma-separated strings; a 3-split model.
    model->SetAttribute("PrivacyCosts", StringValue("0.9,0.5,0.1"));
    model->SetAttribute("ExchangedElements", StringValue("1000,500,100"));
    model->SetAttribute("HeadLoadsGflop", StringValue("1,2,3"));
    model->SetAttribute("ModelLoadGflop", DoubleValue(4.0));
    EXPECT_EQ(model->GetNSplits(), 3u);
    EXPECT_DOUBLE_EQ(model->Evaluate(TriCoCostModel::VEHICLE, 2).reward, -0.1);
    // A slower uplink: 1000 elements at 1000 elements/s, 3 images -> T_tx = 3 s.
    model->SetAttribute("UplinkRateElementsPerSecond", DoubleValue(1000.0));
    EXPECT_DOUBLE_EQ(model->Evaluate(TriCoCostModel::UAV, 0).txTimeS, 3.0);
}

TEST(TriCoCostModel, RefusesInconsistentInputs)
{
    auto model = CreateObject<TriCoCostModel>();
    try
    {
        model->Evaluate(TriCoCostModel::UAV, 7);
        FAIL() << "no exception";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_STREQ(e.what(), "ns3::sagin::TriCoCostModel: split point 7 out of range 0..6");
    }
    model->SetAttribute("PrivacyCosts", StringValue("0.9,0.5"));
    EXPECT_THROW(model->GetNSplits(), std::invalid_argument);
    EXPECT_THROW(model->Evaluate(TriCoCostModel::UAV, 0), std::invalid_argument);
    model->SetAttribute("PrivacyCosts",
                        StringValue("0.96122,0.608901,0.57954889,0.593044,0.535525,0.007155,"
                                    "0.054303"));
    model->SetAttribute("ModelLoadGflop", DoubleValue(5.0));
    try
    {
        model->Evaluate(TriCoCostModel::UAV, 6);
        FAIL() << "no exception";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_STREQ(e.what(),
                     "ns3::sagin::TriCoCostModel: HeadLoadsGflop[6] = 12.077 exceeds "
                     "ModelLoadGflop = 5");
    }
    // Out-of-range list items and values are refused by the checkers.
    EXPECT_FALSE(model->SetAttributeFailSafe("PrivacyCosts", StringValue("0.5,1.5")));
    EXPECT_FALSE(model->SetAttributeFailSafe("UavImages", UintegerValue(0)));
    EXPECT_FALSE(model->SetAttributeFailSafe("TxPowerW", DoubleValue(-0.1)));
}
