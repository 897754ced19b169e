// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/sagin-module.h"

#include <cmath>
#include <gtest/gtest.h>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

TEST(LinkBudget, DecibelConversions)
{
    // 10·log10(2) = 3.0103 dB; 30 dBm = 1 W; 0.2 W = 10·log10(0.2) + 30 = 23.0103 dBm.
    EXPECT_NEAR(RatioToDb(2.0), 3.010299956639812, 1e-12);
    EXPECT_NEAR(DbToRatio(3.010299956639812), 2.0, 1e-12);
    EXPECT_DOUBLE_EQ(DbmToW(30.0), 1.0);
    EXPECT_DOUBLE_EQ(DbmToW(0.0), 1e-3);
    EXPECT_NEAR(WToDbm(0.2), 23.010299956639813, 1e-12);
    EXPECT_NEAR(WToDbm(DbmToW(-97.5)), -97.5, 1e-12);
}

TEST(LinkBudget, ThermalNoisePower)
{
    // 1 Hz, noise figure 0 dB: the density itself, -174 dBm.
    EXPECT_DOUBLE_EQ(ThermalNoisePowerDbm(1.0, 0.0), -174.0);
    // 20 MHz: -174 + 10·log10(2e7) = -174 + 73.0103 = -100.9897 dBm.
    EXPECT_NEAR(ThermalNoisePowerDbm(20e6, 0.0), -100.98970004336019, 1e-12);
    // A noise figure adds in dB: 20 MHz, 7 dB: -93.9897 dBm.
    EXPECT_NEAR(ThermalNoisePowerDbm(20e6, 7.0), -93.98970004336019, 1e-12);
    // 100 MHz, 5 dB: -174 + 80 + 5 = -89 dBm.
    EXPECT_NEAR(ThermalNoisePowerDbm(100e6, 5.0), -89.0, 1e-12);
}

TEST(LinkBudget, Snr)
{
    // 23 dBm + 3 dBi + 0 dBi - 120 dB - (-100.9897 dBm) = 6.9897 dB.
    EXPECT_NEAR(SnrDb(23.0, 3.0, 0.0, 120.0, -100.98970004336019), 6.98970004336019, 1e-12);
    // Gains and losses add in dB: +10 dBi on each side cancels 20 dB more loss.
    EXPECT_NEAR(SnrDb(23.0, 13.0, 10.0, 140.0, -100.0),
                SnrDb(23.0, 3.0, 0.0, 120.0, -100.0),
                1e-12);
}

TEST(LinkBudget, ShannonRate)
{
    // B·log2(1 + SNR): 1 MHz at SNR 1 -> 1 Mbit/s; at SNR 3 -> 2 Mbit/s; at SNR 0 -> 0.
    EXPECT_DOUBLE_EQ(ShannonRateBps(1e6, 1.0), 1e6);
    EXPECT_DOUBLE_EQ(ShannonRateBps(1e6, 3.0), 2e6);
    EXPECT_DOUBLE_EQ(ShannonRateBps(1e6, 0.0), 0.0);
    // 20 MHz at 30 dB (SNR 1000): 20e6·log2(1001) = 199.3152 Mbit/s.
    EXPECT_NEAR(ShannonRateBps(20e6, DbToRatio(30.0)), 20e6 * 9.967226258835993, 1e-3);
}

TEST(LinkBudget, PublishedShannonMean)
{
    // The experiment's unused Shannon rate: B = 20 MHz, p = 0.2 W, channel gain h = d^-1.5,
    // N0 = -174 dBm/Hz, no noise figure, d in {1000, 800, 600, 400, 200} m.
    // Path loss = -10·log10(d^-1.5) = 15·log10(d) dB. p = 23.0103 dBm and the noise power is
    // -100.9897 dBm, so SNR = 23.0103 + 100.9897 - 15·log10(d) = 124 - 15·log10(d) dB:
    //   d = 1000 m: 79.000 dB -> 524.865 Mbit/s    d = 800 m: 80.454 dB -> 534.522 Mbit/s
    //   d =  600 m: 82.328 dB -> 546.974 Mbit/s    d = 400 m: 84.969 dB -> 564.522 Mbit/s
    //   d =  200 m: 89.485 dB -> 594.522 Mbit/s    mean: 553.08 Mbit/s (REFERENCE.md).
    const double bandwidthHz = 20e6;
    const double noiseDbm = ThermalNoisePowerDbm(bandwidthHz, 0.0);
    double sumBps = 0;
    for (double d : {1000.0, 800.0, 600.0, 400.0, 200.0})
    {
        const double pathLossDb = 15.0 * std::log10(d);
        const double snrDb = SnrDb(WToDbm(0.2), 0.0, 0.0, pathLossDb, noiseDbm);
        sumBps += ShannonRateBps(bandwidthHz, DbToRatio(snrDb));
    }
    EXPECT_NEAR(sumBps / 5 / 1e6, 553.08, 0.005);
    // And the first term alone: 20e6·log2(1 + 10^7.9) = 524.8646 Mbit/s.
    EXPECT_NEAR(ShannonRateBps(bandwidthHz, DbToRatio(79.0)) / 1e6, 524.8646393554524, 1e-9);
}

TEST(LinkBudget, FreeSpacePathLoss)
{
    // 20·log10(4π·d·f/c): 1 km at 2 GHz = 20·log10(83834.2) = 98.4684 dB.
    EXPECT_NEAR(FreeSpacePathLossDb(1000.0, 2e9), 98.468383135163, 1e-9);
    // Geostationary distance 35,786 km at 12 GHz: 205.1057 dB.
    EXPECT_NEAR(FreeSpacePathLossDb(35786e3, 12e9), 205.10567129475945, 1e-9);
    // Twice the distance or twice the frequency: +20·log10(2) = +6.0206 dB.
    EXPECT_NEAR(FreeSpacePathLossDb(2000.0, 2e9) - FreeSpacePathLossDb(1000.0, 2e9),
                6.020599913279624,
                1e-9);
    EXPECT_NEAR(FreeSpacePathLossDb(1000.0, 4e9) - FreeSpacePathLossDb(1000.0, 2e9),
                6.020599913279624,
                1e-9);
}

TEST(LinkBudget, FreeSpaceAgreesWithNs3Friis)
{
    // ns-3's own FriisPropagationLossModel is an independent implementation of the same law.
    auto friis = CreateObject<FriisPropagationLossModel>();
    auto a = CreateObject<ConstantPositionMobilityModel>();
    auto b = CreateObject<ConstantPositionMobilityModel>();
    for (double frequencyHz : {900e6, 2e9, 3.5e9, 28e9})
    {
        friis->SetAttribute("Frequency", DoubleValue(frequencyHz));
        for (double distanceM : {10.0, 350.0, 1000.0, 550e3})
        {
            a->SetPosition(Vector(0, 0, 0));
            b->SetPosition(Vector(distanceM, 0, 0));
            const double lossDb = -friis->CalcRxPower(0.0, a, b);
            EXPECT_NEAR(FreeSpacePathLossDb(distanceM, frequencyHz), lossDb, 1e-6)
                << "f = " << frequencyHz << " Hz, d = " << distanceM << " m";
        }
    }
}

TEST(LinkBudget, RefusesBadInputs)
{
    EXPECT_THROW(ThermalNoisePowerDbm(0.0, 0.0), std::invalid_argument);
    EXPECT_THROW(ThermalNoisePowerDbm(-1.0, 0.0), std::invalid_argument);
    EXPECT_THROW(ThermalNoisePowerDbm(1e6, -1.0), std::invalid_argument);
    EXPECT_THROW(ShannonRateBps(-1.0, 1.0), std::invalid_argument);
    EXPECT_THROW(ShannonRateBps(1e6, -0.5), std::invalid_argument);
    EXPECT_THROW(ShannonRateBps(1e6, std::nan("")), std::invalid_argument);
    EXPECT_THROW(FreeSpacePathLossDb(0.0, 2e9), std::invalid_argument);
    EXPECT_THROW(FreeSpacePathLossDb(100.0, 0.0), std::invalid_argument);
    EXPECT_THROW(RatioToDb(0.0), std::invalid_argument);
    EXPECT_THROW(WToDbm(-1.0), std::invalid_argument);
    EXPECT_THROW(SnrDb(std::numeric_limits<double>::infinity(), 0, 0, 100, -100),
                 std::invalid_argument);
    // The message names the function, the argument and the value.
    try
    {
        FreeSpacePathLossDb(-5.0, 2e9);
        FAIL() << "no exception";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_STREQ(e.what(), "FreeSpacePathLossDb: distanceM must be finite and > 0, got -5");
    }
}
