// SPDX-License-Identifier: GPL-2.0-only

// Path-loss models per link class (air-to-ground, space-to-ground, inter-satellite, ground) and
// the sagin-link-budget tool.

#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/channel-condition-model.h"
#include "ns3/config.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/node.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/sagin-module.h"
#include "ns3/simulator.h"
#include "ns3/three-gpp-propagation-loss-model.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using namespace ns3::sagin::test;

namespace
{

constexpr double PI = 3.14159265358979323846;
constexpr double DEG = PI / 180.0;
constexpr double C = 299792458.0;

/// @return a mobility model at @p position
Ptr<MobilityModel>
At(const Vector& position)
{
    auto m = CreateObject<ConstantPositionMobilityModel>();
    m->SetPosition(position);
    return m;
}

/**
 * @param lowerHeightM the lower node's height
 * @param distanceM the distance between the nodes
 * @param elevationDeg the elevation of the higher node seen from the lower one
 * @return the higher node, placed as sagin-link-budget places it (the lower at (0, 0, h))
 */
Ptr<MobilityModel>
Above(double lowerHeightM, double distanceM, double elevationDeg)
{
    return At(Vector(distanceM * std::cos(elevationDeg * DEG),
                     0.0,
                     lowerHeightM + distanceM * std::sin(elevationDeg * DEG)));
}

/// 20·log10(4π·d·f/c), written out independently of FreeSpacePathLossDb().
double
Fspl(double distanceM, double frequencyHz)
{
    return 20.0 * std::log10(4.0 * PI * distanceM * frequencyHz / C);
}

/// One run of sagin-link-budget: exit status, the row's three numbers, standard error.
struct ToolRow
{
    int exitStatus{-1};  //!< exit status
    double pathLossDb{}; //!< path_loss_db
    double snrDb{};      //!< snr_db
    double rateBps{};    //!< rate_bps
    std::string out;     //!< standard output
    std::string err;     //!< standard error
};

/// @return sagin-link-budget's result for @p args; a test failure when the CSV is malformed
ToolRow
RunTool(const std::string& args)
{
    const auto result = RunCommand(ShellQuote(ProgramPath("sagin-link-budget")) + " " + args);
    ToolRow row;
    row.exitStatus = result.exitStatus;
    row.out = result.out;
    row.err = result.err;
    if (result.exitStatus != 0)
    {
        return row;
    }
    const auto lines = SplitLines(result.out);
    EXPECT_EQ(lines.size(), 2u) << result.out;
    EXPECT_EQ(lines.at(0), "path_loss_db,snr_db,rate_bps");
    std::istringstream in(lines.at(1));
    std::string field;
    double* targets[] = {&row.pathLossDb, &row.snrDb, &row.rateBps};
    for (double* target : targets)
    {
        std::getline(in, field, ',');
        char* end = nullptr;
        *target = std::strtod(field.c_str(), &end);
        EXPECT_EQ(*end, '\0') << "malformed number in " << lines.at(1);
    }
    return row;
}

/**
 * @brief Draw a model's loss many times and return the sample mean and standard deviation of the
 *        loss in excess of @p baseDb.
 * @param model the model (its shadowing period 0, so that every evaluation draws)
 * @param a one node
 * @param b the other node
 * @param baseDb what to subtract from each loss, in dB
 * @param n the number of draws
 * @return (mean, standard deviation), in dB
 */
std::pair<double, double>
ExcessLossMoments(Ptr<PropagationLossModel> model,
                  Ptr<MobilityModel> a,
                  Ptr<MobilityModel> b,
                  double baseDb,
                  int n)
{
    double sum = 0;
    double sumSquares = 0;
    for (int i = 0; i < n; ++i)
    {
        const double x = -model->CalcRxPower(0.0, a, b) - baseDb;
        sum += x;
        sumSquares += x * x;
    }
    const double mean = sum / n;
    return {mean, std::sqrt(sumSquares / n - mean * mean)};
}

/// Noise of the tool's defaults: -174 + 10·log10(20e6) + 7 = -93.9897 dBm.
constexpr double DEFAULT_NOISE_DBM = -93.98970004336019;

} // namespace

// ------------------------------------------------------------------------------------------
// Air-to-ground: Al-Hourani et al. 2014.
// ------------------------------------------------------------------------------------------

TEST(AlHouraniPropagationLossModel, LosProbabilityPerEnvironment)
{
    auto model = CreateObject<AlHouraniPropagationLossModel>();
    // Default: urban, a = 9.61, b = 0.16. P = 1/(1 + a·exp(-b(θ - a))).
    EXPECT_EQ(model->GetEnvironment(), AlHouraniPropagationLossModel::URBAN);
    EXPECT_DOUBLE_EQ(model->GetA(), 9.61);
    EXPECT_DOUBLE_EQ(model->GetB(), 0.16);
    // θ = 30°: exp(-0.16·20.39) = exp(-3.2624) = 0.038293; 9.61·0.038293 = 0.36800;
    // P = 1/1.36800 = 0.730979.
    EXPECT_NEAR(model->GetLosProbability(30.0), 0.7309790961454964, 1e-12);
    // θ = a: exp(0) = 1, so P = 1/(1 + a) = 1/10.61 = 0.0942507.
    EXPECT_NEAR(model->GetLosProbability(9.61), 1.0 / 10.61, 1e-12);
    // θ = 10°: exp(-0.16·0.39) = 0.93950; 9.61·0.93950 = 9.02860; P = 1/10.02860 = 0.099714.
    EXPECT_NEAR(model->GetLosProbability(10.0), 0.09971419563529682, 1e-12);
    // θ = 90°: exp(-0.16·80.39) = 2.594e-6; P = 1/(1 + 2.4929e-5) = 0.999975.
    EXPECT_NEAR(model->GetLosProbability(90.0), 0.999975074537903, 1e-12);

    // Suburban, a = 4.88, b = 0.43, θ = 10°: exp(-0.43·5.12) = exp(-2.2016) = 0.110658;
    // 4.88·0.110658 = 0.540011; P = 1/1.540011 = 0.649354... (0.6494118 with unrounded terms).
    model->SetAttribute("Environment", EnumValue(AlHouraniPropagationLossModel::SUBURBAN));
    EXPECT_NEAR(model->GetLosProbability(10.0), 0.6494118148773322, 1e-12);
    // Dense urban, a = 12.08, b = 0.11, θ = 45°: exp(-0.11·32.92) = exp(-3.6212) = 0.026748;
    // 12.08·0.026748 = 0.323119; P = 1/1.323119 = 0.755774.
    model->SetAttribute("Environment", EnumValue(AlHouraniPropagationLossModel::DENSE_URBAN));
    EXPECT_NEAR(model->GetLosProbability(45.0), 0.7557740819386458, 1e-12);
    // High-rise urban, a = 27.23, b = 0.08, θ = 60°: exp(-0.08·32.77) = exp(-2.6216) = 0.072673;
    // 27.23·0.072673 = 1.978889; P = 1/2.978889 = 0.335697... (0.3356547 unrounded).
    model->SetAttribute("Environment", EnumValue(AlHouraniPropagationLossModel::HIGH_RISE_URBAN));
    EXPECT_NEAR(model->GetLosProbability(60.0), 0.3356546520067012, 1e-12);
    // P rises with the elevation in every environment.
    EXPECT_LT(model->GetLosProbability(30.0), model->GetLosProbability(31.0));
}

TEST(AlHouraniPropagationLossModel, MeanPathLoss)
{
    auto model = CreateObject<AlHouraniPropagationLossModel>();
    // FSPL at 1 km and 2 GHz: 20·log10(4π·1000·2e9/c) = 20·log10(83834.2) = 98.46838 dB.
    const double fsplDb = Fspl(1000.0, 2e9);
    EXPECT_NEAR(fsplDb, 98.468383135163, 1e-9);
    // Urban, θ = 30°: P = 0.730979; excess = 0.730979·1 + 0.269021·20 = 6.111397 dB;
    // mean = 98.468383 + 6.111397 = 104.579780 dB.
    EXPECT_NEAR(model->GetMeanPathLossDb(1000.0, 30.0), 104.57978030839855, 1e-9);
    // Urban, θ = 90°: P = 0.999975; excess = 1.000474 dB; mean = 99.468857 dB.
    EXPECT_NEAR(model->GetMeanPathLossDb(1000.0, 90.0), 99.46885671894283, 1e-9);
    // Suburban, θ = 10°: P = 0.649412; excess = 0.649412·0.1 + 0.350588·21 = 7.427293 dB;
    // mean = 105.895676 dB.
    model->SetAttribute("Environment", EnumValue(AlHouraniPropagationLossModel::SUBURBAN));
    EXPECT_NEAR(model->GetMeanPathLossDb(1000.0, 10.0), 105.89567620422676, 1e-9);
    // Dense urban, θ = 30°: exp(-0.11·17.92) = 0.139291; P = 1/(1 + 1.682640) = 0.372770;
    // excess = 0.372770·1.6 + 0.627230·23 = 15.022720 dB; mean = 113.491103 dB.
    model->SetAttribute("Environment", EnumValue(AlHouraniPropagationLossModel::DENSE_URBAN));
    EXPECT_NEAR(model->GetMeanPathLossDb(1000.0, 30.0), 113.49110263563088, 1e-9);
    // High-rise urban, θ = 90°: exp(-0.08·62.77) = 0.0066; P = 0.847778;
    // excess = 0.847778·2.3 + 0.152222·34 = 7.125430 dB; mean = 105.593813 dB.
    model->SetAttribute("Environment", EnumValue(AlHouraniPropagationLossModel::HIGH_RISE_URBAN));
    EXPECT_NEAR(model->GetMeanPathLossDb(1000.0, 90.0), 105.59381290204107, 1e-9);
    // Twice the distance: +6.0206 dB, whatever the elevation.
    EXPECT_NEAR(model->GetMeanPathLossDb(2000.0, 40.0) - model->GetMeanPathLossDb(1000.0, 40.0),
                20.0 * std::log10(2.0),
                1e-9);
}

TEST(AlHouraniPropagationLossModel, OverridesOneParameterAtATime)
{
    // Urban with a = 5 only: b stays 0.16, η stay 1 and 20. θ = 5°: exp(0) = 1, P = 1/6.
    auto model = CreateObjectWithAttributes<AlHouraniPropagationLossModel>("A", DoubleValue(5.0));
    EXPECT_DOUBLE_EQ(model->GetA(), 5.0);
    EXPECT_DOUBLE_EQ(model->GetB(), 0.16);
    EXPECT_DOUBLE_EQ(model->GetEtaLosDb(), 1.0);
    EXPECT_DOUBLE_EQ(model->GetEtaNlosDb(), 20.0);
    EXPECT_NEAR(model->GetLosProbability(5.0), 1.0 / 6.0, 1e-12);
    // η_NLoS = 30 dB on top: excess at θ = 5° = 1/6·1 + 5/6·30 = 25.1667 dB.
    model->SetAttribute("EtaNlosDb", DoubleValue(30.0));
    EXPECT_NEAR(model->GetMeanPathLossDb(1000.0, 5.0), Fspl(1000.0, 2e9) + 1.0 / 6 + 25.0, 1e-9);
    // The environment still supplies what is not overridden: dense urban's b = 0.11, η_LoS 1.6.
    model->SetAttribute("Environment", EnumValue(AlHouraniPropagationLossModel::DENSE_URBAN));
    EXPECT_DOUBLE_EQ(model->GetA(), 5.0);
    EXPECT_DOUBLE_EQ(model->GetB(), 0.11);
    EXPECT_DOUBLE_EQ(model->GetEtaLosDb(), 1.6);
    EXPECT_DOUBLE_EQ(model->GetEtaNlosDb(), 30.0);
    // Config defaults reach new instances: B = 0.5 from the attribute system.
    Config::SetDefault("ns3::sagin::AlHouraniPropagationLossModel::B", DoubleValue(0.5));
    EXPECT_DOUBLE_EQ(CreateObject<AlHouraniPropagationLossModel>()->GetB(), 0.5);
}

TEST(AlHouraniPropagationLossModel, CalcRxPowerFollowsTheGeometry)
{
    auto model = CreateObject<AlHouraniPropagationLossModel>();
    // A base station at 25 m and a UAV 500 m away at 15° of elevation (the tool's a2g default):
    // exp(-0.16·5.39) = 0.422148; P = 1/(1 + 4.056839) = 0.197752;
    // loss = FSPL(500 m) 92.447783 + 0.197752 + 0.802248·20 = 108.690496 dB.
    auto bs = At(Vector(0, 0, 25));
    auto uav = Above(25.0, 500.0, 15.0);
    EXPECT_NEAR(model->GetElevationDeg(bs, uav), 15.0, 1e-9);
    EXPECT_NEAR(model->GetElevationDeg(uav, bs), 15.0, 1e-9);
    EXPECT_NEAR(-model->CalcRxPower(0.0, bs, uav), 108.69049569319705, 1e-8);
    // Reciprocal, and linear in the transmit power.
    EXPECT_DOUBLE_EQ(model->CalcRxPower(30.0, uav, bs), model->CalcRxPower(30.0, bs, uav));
    EXPECT_NEAR(model->CalcRxPower(30.0, bs, uav) - model->CalcRxPower(0.0, bs, uav), 30.0, 1e-9);
    // No mask by default: visible even when the UAV is 1 m below the base station.
    EXPECT_TRUE(model->IsVisible(bs, At(Vector(500, 0, 24))));
    // Coincident nodes: no loss, as ns-3's Friis model.
    EXPECT_DOUBLE_EQ(model->CalcRxPower(10.0, bs, At(Vector(0, 0, 25))), 10.0);
}

TEST(AlHouraniPropagationLossModel, ElevationMaskAndBadInputs)
{
    auto model = CreateObjectWithAttributes<AlHouraniPropagationLossModel>("ElevationMask",
                                                                           DoubleValue(20.0));
    auto bs = At(Vector(0, 0, 25));
    EXPECT_FALSE(model->IsVisible(bs, Above(25.0, 500.0, 19.9)));
    EXPECT_EQ(model->CalcRxPower(0.0, bs, Above(25.0, 500.0, 19.9)),
              -std::numeric_limits<double>::infinity());
    EXPECT_TRUE(model->IsVisible(bs, Above(25.0, 500.0, 20.1)));
    EXPECT_TRUE(std::isfinite(model->CalcRxPower(0.0, bs, Above(25.0, 500.0, 20.1))));
    EXPECT_THROW(model->GetLosProbability(91.0), std::invalid_argument);
    EXPECT_THROW(model->GetLosProbability(std::nan("")), std::invalid_argument);
    EXPECT_THROW(model->GetMeanPathLossDb(0.0, 30.0), std::invalid_argument);
    try
    {
        model->GetLosProbability(-95.0);
        FAIL() << "no exception";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_STREQ(e.what(),
                     "AlHouraniPropagationLossModel::GetLosProbability: elevationDeg must be in "
                     "[-90, 90], got -95");
    }
}

TEST(ElevationPropagationLossModel, ElevationInTheScenarioFrame)
{
    // A frame at latitude 45°: the elevation is that of the higher node seen from the lower one,
    // above the lower node's own horizon, as GeoFrame computes it. From (100 km, 0, 0) to
    // (101 km, 0, 10 km) the direction rises atan(10000/1000) = 84.2894° above the frame's
    // horizontal plane, and the lower node's vertical is tilted east by 100 km over the prime
    // vertical radius of curvature N = 6378137/√(1 - 0.00669438·sin²45°) = 6388838 m, that is
    // 0.015652 rad = 0.8968°: the elevation is 84.2894 + 0.8968 = 85.1862°.
    auto model = CreateObject<AlHouraniPropagationLossModel>();
    GeoFrame frame(45.0, 7.0, 0.0);
    model->SetFrame(frame);
    EXPECT_EQ(model->GetFrame().GetLatitudeDeg(), 45.0);
    auto low = At(Vector(100e3, 0, 0));
    auto high = At(Vector(101e3, 0, 10e3));
    EXPECT_DOUBLE_EQ(model->GetElevationDeg(low, high),
                     frame.GetElevationDeg(Vector(100e3, 0, 0), Vector(101e3, 0, 10e3)));
    EXPECT_DOUBLE_EQ(model->GetElevationDeg(high, low), model->GetElevationDeg(low, high));
    EXPECT_NEAR(model->GetElevationDeg(low, high), 85.1862, 1e-3);
}

// ------------------------------------------------------------------------------------------
// Space-to-ground: 3GPP TR 38.811 §6.6.
// ------------------------------------------------------------------------------------------

TEST(NtnPropagationLossModel, TablesAndInterpolation)
{
    auto model = CreateObject<NtnPropagationLossModel>();
    EXPECT_EQ(model->GetScenario(), NtnPropagationLossModel::URBAN);
    EXPECT_EQ(model->GetBand(), NtnPropagationLossModel::S_BAND); // 2 GHz, Auto
    // Table 6.6.1-1, urban: 24.6% at 10°, 49.3% at 30°, 99.2% at 90°; at 45° half-way between
    // 61.3% (40°) and 72.6% (50°): 66.95%; below 10°, the 10° row.
    EXPECT_NEAR(model->GetLosProbability(10.0), 0.246, 1e-12);
    EXPECT_NEAR(model->GetLosProbability(30.0), 0.493, 1e-12);
    EXPECT_NEAR(model->GetLosProbability(90.0), 0.992, 1e-12);
    EXPECT_NEAR(model->GetLosProbability(45.0), 0.6695, 1e-12);
    EXPECT_NEAR(model->GetLosProbability(3.0), 0.246, 1e-12);
    // Table 6.6.2-2 (urban, S band): σ_SF 4 dB LOS, 6 dB NLOS; CL 34.3 dB at 10°, 25.5 at 90°.
    EXPECT_DOUBLE_EQ(model->GetShadowFadingStdDb(true, 37.0), 4.0);
    EXPECT_DOUBLE_EQ(model->GetShadowFadingStdDb(false, 37.0), 6.0);
    EXPECT_NEAR(model->GetClutterLossDb(10.0), 34.3, 1e-12);
    EXPECT_NEAR(model->GetClutterLossDb(90.0), 25.5, 1e-12);

    // Table 6.6.2-1 (dense urban, S band) at 35°, half-way between 30° (2.9, 12.4, 29.0) and
    // 40° (3.0, 11.7, 27.7): σ_LOS 2.95, σ_NLOS 12.05, CL 28.35 dB; P_LOS (39.8+46.8)/2 = 43.3%.
    model->SetAttribute("Scenario", EnumValue(NtnPropagationLossModel::DENSE_URBAN));
    EXPECT_NEAR(model->GetShadowFadingStdDb(true, 35.0), 2.95, 1e-12);
    EXPECT_NEAR(model->GetShadowFadingStdDb(false, 35.0), 12.05, 1e-12);
    EXPECT_NEAR(model->GetClutterLossDb(35.0), 28.35, 1e-12);
    EXPECT_NEAR(model->GetLosProbability(35.0), 0.433, 1e-12);

    // Table 6.6.2-3 (suburban and rural, Ka band) at 72°: 20% of the way from 70° (3.0, 10.8,
    // 17.2) to 80° (3.6, 10.8, 16.9): σ_LOS 3.12, CL 17.14 dB; P_LOS 94.9 + 0.2·0.3 = 94.96%.
    model->SetAttribute("Scenario", EnumValue(NtnPropagationLossModel::SUBURBAN_RURAL));
    model->SetAttribute("Frequency", DoubleValue(20e9));
    EXPECT_EQ(model->GetBand(), NtnPropagationLossModel::KA_BAND);
    EXPECT_NEAR(model->GetShadowFadingStdDb(true, 72.0), 3.12, 1e-12);
    EXPECT_NEAR(model->GetShadowFadingStdDb(false, 72.0), 10.8, 1e-12);
    EXPECT_NEAR(model->GetClutterLossDb(72.0), 17.14, 1e-12);
    EXPECT_NEAR(model->GetLosProbability(72.0), 0.9496, 1e-12);
    // S band at 10°: σ_LOS 1.79, σ_NLOS 8.93, CL 19.52 dB.
    model->SetAttribute("Band", EnumValue(NtnPropagationLossModel::S_BAND));
    EXPECT_NEAR(model->GetShadowFadingStdDb(true, 10.0), 1.79, 1e-12);
    EXPECT_NEAR(model->GetShadowFadingStdDb(false, 10.0), 8.93, 1e-12);
    EXPECT_NEAR(model->GetClutterLossDb(10.0), 19.52, 1e-12);

    // Auto band: S below 6 GHz, Ka from 6 GHz.
    auto automatic =
        CreateObjectWithAttributes<NtnPropagationLossModel>("Frequency", DoubleValue(5.99e9));
    EXPECT_EQ(automatic->GetBand(), NtnPropagationLossModel::S_BAND);
    automatic->SetAttribute("Frequency", DoubleValue(6e9));
    EXPECT_EQ(automatic->GetBand(), NtnPropagationLossModel::KA_BAND);
    // Ka band, urban: CL 44.3 dB at 10°.
    EXPECT_NEAR(automatic->GetClutterLossDb(10.0), 44.3, 1e-12);
}

TEST(NtnPropagationLossModel, ZenithAttenuationFromP676Annex2)
{
    // P.676-10 Annex 2 at 2 GHz, 1013.25 hPa, 15 °C, 7.5 g/m³ (rp = 1.000247, rt = 1, ξ ≈ 1):
    // γo = [7.2/(4 + 0.34) + 0.62/(52^1.16 + 0.83)]·4·10⁻³ = [1.65899 + 0.00628]·4·10⁻³
    //    = 0.006661 dB/km; ho = 6.1/1.17·(1 + t1 + t2 + t3) = 5.2137·0.9996 = 5.2117 km.
    // γw = 3.98·η1/((2 - 22.235)² + 9.42·η1²)·g·4·7.5·10⁻⁴ + far lines, η1 = 0.955 + 0.045 = 1.0:
    //    = 0.0001878·... ≈ 0.000228 dB/km; hw = 1.66·(1 + 1.39/(409.5 + 2.6)) = 1.6657 km.
    // A = 0.006664·5.2117 + 0.000228·1.6657 = 0.034731 + 0.000379 = 0.035110 dB.
    const SurfaceAtmosphere reference;
    EXPECT_NEAR(DryAirSpecificAttenuationDbPerKm(2e9, reference), 0.006664106898699425, 1e-12);
    EXPECT_NEAR(DryAirEquivalentHeightKm(2e9, reference.pressureHpa), 5.2116839600553275, 1e-12);
    EXPECT_NEAR(WaterVapourSpecificAttenuationDbPerKm(2e9, reference),
                0.00022750920934458643,
                1e-15);
    EXPECT_NEAR(WaterVapourEquivalentHeightKm(2e9, reference.pressureHpa),
                1.6657296578101897,
                1e-12);
    EXPECT_NEAR(ZenithGaseousAttenuationDb(2e9), 0.03511018786947607, 1e-12);

    // Against P.676's own figure of the zenith attenuation (sea level, 7.5 g/m³), read at
    // 2, 10, 20, 22.2 (water vapour line), 30 and 40 GHz: 0.035, 0.053, 0.25, 0.52, 0.25 and
    // 0.40 dB; Annex 2 is an approximation, so within 10%.
    for (const auto& [frequencyGhz, figureDb] :
         std::vector<std::pair<double, double>>{{2, 0.035},
                                                {10, 0.053},
                                                {20, 0.25},
                                                {22.235, 0.52},
                                                {30, 0.25},
                                                {40, 0.40}})
    {
        EXPECT_NEAR(ZenithGaseousAttenuationDb(frequencyGhz * 1e9), figureDb, 0.1 * figureDb)
            << frequencyGhz << " GHz";
    }
    // The oxygen complex at 60 GHz absorbs everything: P.676 gives about 15 dB/km at sea level.
    EXPECT_NEAR(DryAirSpecificAttenuationDbPerKm(60e9, reference), 15.0, 1.0);
    // Drier air attenuates less at the water vapour line.
    SurfaceAtmosphere dry;
    dry.waterVapourDensityGPerM3 = 1.0;
    EXPECT_LT(ZenithGaseousAttenuationDb(22.235e9, dry), ZenithGaseousAttenuationDb(22.235e9));

    EXPECT_THROW(ZenithGaseousAttenuationDb(400e9), std::invalid_argument);
    EXPECT_THROW(ZenithGaseousAttenuationDb(0.0), std::invalid_argument);
    EXPECT_THROW(DryAirEquivalentHeightKm(2e9, -1.0), std::invalid_argument);

    // The model uses it: A_zenith at 2 GHz, scaled by 1/sin θ (30°: ×2).
    auto model = CreateObject<NtnPropagationLossModel>();
    EXPECT_NEAR(model->GetZenithAttenuationDb(), 0.03511018786947607, 1e-12);
    EXPECT_NEAR(model->GetAtmosphericLossDb(30.0), 2 * 0.03511018786947607, 1e-12);
    EXPECT_NEAR(model->GetAtmosphericLossDb(90.0), 0.03511018786947607, 1e-12);
    // The override replaces the zenith value: 1 dB at 30° is 2 dB.
    model->SetAttribute("ZenithAttenuationDb", DoubleValue(1.0));
    EXPECT_DOUBLE_EQ(model->GetZenithAttenuationDb(), 1.0);
    EXPECT_NEAR(model->GetAtmosphericLossDb(30.0), 2.0, 1e-12);
}

TEST(NtnPropagationLossModel, AtmosphereAtLowElevation)
{
    // Below 5° the curved-Earth path replaces 1/sin θ: at 0°, √(8500/h)·F(0) with
    // F(0) = 1/(0.339·√5.51) = 1.256679: dry air (h = 5.2117 km) √1630.96 = 40.3850 → 50.7510;
    // water vapour (h = 1.6657 km) √5102.86 = 71.4344 → 89.7701.
    EXPECT_NEAR(GaseousAirMass(0.0, 5.2116839600553275), 50.75103800620156, 1e-9);
    EXPECT_NEAR(GaseousAirMass(0.0, 1.6657296578101897), 89.77009940346787, 1e-9);
    // From 5°: 1/sin θ (5°: 11.4737). Just below 5°, a few per cent less (dry air: 10.7432).
    EXPECT_NEAR(GaseousAirMass(5.0, 5.2), 1.0 / std::sin(5 * DEG), 1e-12);
    EXPECT_NEAR(GaseousAirMass(4.999999, 5.2116839600553275), 10.74323850247425, 1e-6);
    EXPECT_THROW(GaseousAirMass(-1.0, 5.0), std::invalid_argument);
    // The model at 0° (ElevationMask 0): 0.034731·50.7510 + 0.000379·89.7701 = 1.7967 dB.
    auto model = CreateObject<NtnPropagationLossModel>();
    const double expected = 0.006664106898699425 * 5.2116839600553275 * 50.75103800620156 +
                            0.00022750920934458643 * 1.6657296578101897 * 89.77009940346787;
    EXPECT_NEAR(model->GetAtmosphericLossDb(0.0), expected, 1e-9);
    EXPECT_NEAR(expected, 1.7967, 1e-4);
}

TEST(NtnPropagationLossModel, MeanPathLoss)
{
    // Urban, S band, 2 GHz, 1000 km at 30°:
    //   FSPL = 20·log10(4π·1e6·2e9/c) = 158.468383 dB
    //   gases = 0.035110/sin 30° = 0.070220 dB
    //   clutter = (1 - 0.493)·29.0 = 14.703 dB
    //   total = 173.241604 dB.
    auto model = CreateObjectWithAttributes<NtnPropagationLossModel>("ShadowingEnabled",
                                                                     BooleanValue(false));
    EXPECT_NEAR(model->GetMeanPathLossDb(1e6, 30.0), 173.24160351090194, 1e-9);
    // CalcRxPower gives the same for a ground node and a satellite 1000 km away at 30°.
    auto ground = At(Vector(0, 0, 0));
    auto satellite = Above(0.0, 1e6, 30.0);
    EXPECT_NEAR(model->GetElevationDeg(ground, satellite), 30.0, 1e-9);
    EXPECT_NEAR(-model->CalcRxPower(0.0, ground, satellite), 173.24160351090194, 1e-8);
    EXPECT_DOUBLE_EQ(model->CalcRxPower(0.0, satellite, ground),
                     model->CalcRxPower(0.0, ground, satellite));
    // Dense urban, Ka band (20 GHz), 550 km at 90°:
    //   FSPL = 20·log10(4π·550e3·20e9/c) = 173.272 dB; gases = A_zenith(20 GHz) = 0.2568 dB;
    //   clutter = (1 - 0.981)·32.9 = 0.6251 dB.
    model->SetAttribute("Scenario", EnumValue(NtnPropagationLossModel::DENSE_URBAN));
    model->SetAttribute("Frequency", DoubleValue(20e9));
    EXPECT_NEAR(model->GetMeanPathLossDb(550e3, 90.0),
                Fspl(550e3, 20e9) + ZenithGaseousAttenuationDb(20e9) + 0.019 * 32.9,
                1e-9);
    EXPECT_NEAR(ZenithGaseousAttenuationDb(20e9), 0.2568, 1e-4);
}

TEST(NtnPropagationLossModel, ElevationMask)
{
    // Default mask 10°: 9.9° is hidden (−infinity dBm), 10.1° is not.
    auto model = CreateObject<NtnPropagationLossModel>();
    EXPECT_DOUBLE_EQ(model->GetElevationMaskDeg(), 10.0);
    auto ground = At(Vector(0, 0, 0));
    auto low = Above(0.0, 2000e3, 9.9);
    auto high = Above(0.0, 2000e3, 10.1);
    EXPECT_FALSE(model->IsVisible(ground, low));
    EXPECT_FALSE(model->IsVisible(low, ground));
    EXPECT_EQ(model->CalcRxPower(30.0, ground, low), -std::numeric_limits<double>::infinity());
    EXPECT_TRUE(model->IsVisible(ground, high));
    EXPECT_TRUE(std::isfinite(model->CalcRxPower(30.0, ground, high)));
    // A satellite below the horizon is never visible.
    EXPECT_FALSE(model->IsVisible(ground, At(Vector(3000e3, 0, -100e3))));
    // Mask 5°: 9.9° is visible and uses the 10° rows of the tables (P_LOS 24.6%, CL 34.3 dB).
    model->SetAttribute("ElevationMask", DoubleValue(5.0));
    model->SetAttribute("ShadowingEnabled", BooleanValue(false));
    EXPECT_TRUE(model->IsVisible(ground, low));
    EXPECT_NEAR(-model->CalcRxPower(0.0, ground, low),
                Fspl(2000e3, 2e9) + model->GetAtmosphericLossDb(9.9) + 0.754 * 34.3,
                1e-7);
}

TEST(NtnPropagationLossModel, ShadowingStatistics)
{
    // Urban, S band, 30°: the loss is FSPL + gases + X with X = SF_LOS ~ N(0, 4²) with
    // probability 0.493 and X = 29.0 + SF_NLOS, SF_NLOS ~ N(0, 6²), otherwise. The mixture has
    //   mean E[X] = 0.507·29.0 = 14.703 dB
    //   variance = 0.493·16 + 0.507·36 + 0.493·0.507·29.0² = 7.888 + 18.252 + 210.209
    //            = 236.349 dB², σ = 15.3736 dB.
    // With 20000 independent draws (update period 0), the sample mean is within 4·σ/√N = 0.43 dB
    // and the sample standard deviation within 3%.
    auto model = CreateObjectWithAttributes<NtnPropagationLossModel>("ShadowingUpdatePeriod",
                                                                     TimeValue(Seconds(0)));
    model->AssignStreams(100);
    auto ground = At(Vector(0, 0, 0));
    auto satellite = Above(0.0, 1e6, 30.0);
    const int n = 20000;
    const auto [mean, stdDev] =
        ExcessLossMoments(model,
                          ground,
                          satellite,
                          Fspl(1e6, 2e9) + model->GetAtmosphericLossDb(30.0),
                          n);
    EXPECT_NEAR(mean, 14.703, 0.43);
    EXPECT_NEAR(stdDev, 15.3736, 0.03 * 15.3736);

    // Dense urban, Ka band (30 GHz), 45°: P_LOS = (46.8 + 53.7)/2 = 50.25%, σ_LOS 2.4,
    // σ_NLOS (14.6 + 14.2)/2 = 14.4, CL (35.8 + 34.6)/2 = 35.2 dB. Mean 0.4975·35.2 = 17.512 dB;
    // variance 0.5025·5.76 + 0.4975·207.36 + 0.5025·0.4975·1239.04 = 415.808, σ = 20.3914 dB.
    model->SetAttribute("Scenario", EnumValue(NtnPropagationLossModel::DENSE_URBAN));
    model->SetAttribute("Frequency", DoubleValue(30e9));
    const auto [mean45, stdDev45] =
        ExcessLossMoments(model,
                          ground,
                          Above(0.0, 800e3, 45.0),
                          Fspl(800e3, 30e9) + model->GetAtmosphericLossDb(45.0),
                          n);
    EXPECT_NEAR(mean45, 17.512, 4 * 20.3914 / std::sqrt(n));
    EXPECT_NEAR(stdDev45, 20.3914, 0.03 * 20.3914);
}

TEST(NtnPropagationLossModel, ShadowingIsKeptPerPairForTheUpdatePeriod)
{
    // Default period 1 s: the same pair keeps its draw until 1 s has passed.
    auto model = CreateObject<NtnPropagationLossModel>();
    EXPECT_TRUE(model->IsShadowingEnabled());
    auto ground = At(Vector(0, 0, 0));
    auto satellite = Above(0.0, 1e6, 30.0);
    auto other = Above(0.0, 1e6, 30.0);
    const double first = model->CalcRxPower(0.0, ground, satellite);
    EXPECT_EQ(model->CalcRxPower(0.0, satellite, ground), first); // reciprocal: same state
    double atHalf = 0;
    double atOnePointFive = 0;
    Simulator::Schedule(Seconds(0.5),
                        [&]() { atHalf = model->CalcRxPower(0.0, ground, satellite); });
    Simulator::Schedule(Seconds(1.5),
                        [&]() { atOnePointFive = model->CalcRxPower(0.0, ground, satellite); });
    Simulator::Run();
    EXPECT_EQ(atHalf, first);
    EXPECT_NE(atOnePointFive, first);
    // Another pair at the same place has a draw of its own.
    EXPECT_NE(model->CalcRxPower(0.0, ground, other), atOnePointFive);

    // AssignStreams fixes the draws: two models on the same streams agree; it uses 2 streams.
    auto a = CreateObject<NtnPropagationLossModel>();
    auto b = CreateObject<NtnPropagationLossModel>();
    EXPECT_EQ(a->AssignStreams(7), 2);
    EXPECT_EQ(b->AssignStreams(7), 2);
    EXPECT_EQ(a->CalcRxPower(0.0, ground, satellite), b->CalcRxPower(0.0, ground, satellite));
}

TEST(NtnPropagationLossModel, BadInputs)
{
    auto model = CreateObject<NtnPropagationLossModel>();
    EXPECT_THROW(model->GetLosProbability(100.0), std::invalid_argument);
    EXPECT_THROW(model->GetClutterLossDb(-91.0), std::invalid_argument);
    EXPECT_THROW(model->GetMeanPathLossDb(-1.0, 30.0), std::invalid_argument);
    EXPECT_THROW(model->GetAtmosphericLossDb(-5.0), std::invalid_argument);
    // Attribute checkers refuse what TR 38.811 does not cover (text checked before ns-3 sees it).
    EXPECT_NE(ExplainInvalidSetting("ns3::sagin::NtnPropagationLossModel::Frequency", "200e9"), "");
    EXPECT_NE(ExplainInvalidSetting("ns3::sagin::NtnPropagationLossModel::ElevationMask", "-5"),
              "");
    EXPECT_NE(ExplainInvalidSetting("ns3::sagin::NtnPropagationLossModel::Scenario", "Rural"), "");
    EXPECT_EQ(ExplainInvalidSetting("ns3::sagin::NtnPropagationLossModel::Band", "Ka"), "");
}

// ------------------------------------------------------------------------------------------
// Inter-satellite links: ns-3's Friis model.
// ------------------------------------------------------------------------------------------

TEST(InterSatelliteLink, FriisAgreesWithFreeSpacePathLoss)
{
    // ns-3's FriisPropagationLossModel (λ = c/f with c = 299792458 m/s, system loss 1) and
    // FreeSpacePathLossDb are the same law: 2000 km at 26 GHz is
    // 20·log10(4π·2e6·26e9/c) = 186.76785 dB.
    auto friis = CreateObject<FriisPropagationLossModel>();
    auto a = At(Vector(0, 0, 550e3));
    for (double frequencyHz : {2e9, 26e9, 193.4e12})
    {
        friis->SetAttribute("Frequency", DoubleValue(frequencyHz));
        for (double distanceM : {100e3, 2000e3, 5000e3})
        {
            const double lossDb = -friis->CalcRxPower(0.0, a, At(Vector(distanceM, 0, 550e3)));
            EXPECT_NEAR(lossDb, FreeSpacePathLossDb(distanceM, frequencyHz), 1e-9)
                << frequencyHz << " Hz, " << distanceM << " m";
            EXPECT_NEAR(lossDb, Fspl(distanceM, frequencyHz), 1e-9);
        }
    }
    friis->SetAttribute("Frequency", DoubleValue(26e9));
    EXPECT_NEAR(-friis->CalcRxPower(0.0, a, At(Vector(2000e3, 0, 550e3))), 186.7678500945794, 1e-9);
    // Coincident satellites: ns-3 returns the transmit power less MinLoss (0 dB).
    EXPECT_DOUBLE_EQ(friis->CalcRxPower(10.0, a, At(Vector(0, 0, 550e3))), 10.0);
}

// ------------------------------------------------------------------------------------------
// Ground links: ns-3's 3GPP TR 38.901 UMa and UMi street canyon models.
// ------------------------------------------------------------------------------------------

TEST(GroundPathLoss, LosProbabilityOfTr38901)
{
    // UMa, hUT 1.5 m, d = 200 m: 18/200 + exp(-200/63)·(1 - 0.09) = 0.09 + 0.041811·0.91
    // = 0.128048.
    EXPECT_NEAR(GroundLosProbability(GroundScenario::UMA, 200.0, 1.5), 0.12804773002754427, 1e-12);
    // UMa, hUT 20 m, d = 100 m: C' = (0.7)^1.5 = 0.585662;
    // [0.18 + exp(-100/63)·0.82]·[1 + 0.585662·1.25·1·exp(-100/150)] = 0.347527·1.376435
    // = 0.478347.
    EXPECT_NEAR(GroundLosProbability(GroundScenario::UMA, 100.0, 20.0), 0.47834679144940695, 1e-12);
    // UMi, d = 100 m: 0.18 + exp(-100/36)·0.82 = 0.18 + 0.062177·0.82 = 0.230985.
    EXPECT_NEAR(GroundLosProbability(GroundScenario::UMI_STREET_CANYON, 100.0, 1.5),
                0.23098474969813537,
                1e-12);
    // Up to 18 m: always LOS.
    EXPECT_EQ(GroundLosProbability(GroundScenario::UMA, 18.0, 1.5), 1.0);
    EXPECT_EQ(GroundLosProbability(GroundScenario::UMI_STREET_CANYON, 0.0, 1.5), 1.0);
    EXPECT_THROW(GroundLosProbability(GroundScenario::UMA, -1.0, 1.5), std::invalid_argument);
}

TEST(GroundPathLoss, LosProbabilityMatchesNs3ChannelConditionModels)
{
    // ns-3 draws the LOS state with the same formulas: over 4000 fresh channel condition models
    // the share of LOS draws is within 4 binomial standard deviations, 4·√(p(1-p)/4000) < 0.032.
    struct Case
    {
        GroundScenario scenario;
        double distance2dM;
        double utHeightM;
        double bsHeightM;
    };

    for (const auto& c : {Case{GroundScenario::UMA, 60.0, 1.5, 25.0},
                          Case{GroundScenario::UMA, 100.0, 20.0, 25.0},
                          Case{GroundScenario::UMI_STREET_CANYON, 50.0, 1.5, 10.0}})
    {
        auto ut = CreateObject<Node>();
        auto bs = CreateObject<Node>();
        ut->AggregateObject(At(Vector(0, 0, c.utHeightM)));
        bs->AggregateObject(At(Vector(c.distance2dM, 0, c.bsHeightM)));
        const int n = 4000;
        int los = 0;
        for (int i = 0; i < n; ++i)
        {
            Ptr<ChannelConditionModel> model;
            if (c.scenario == GroundScenario::UMA)
            {
                model = CreateObject<ThreeGppUmaChannelConditionModel>();
            }
            else
            {
                model = CreateObject<ThreeGppUmiStreetCanyonChannelConditionModel>();
            }
            los += model
                       ->GetChannelCondition(ut->GetObject<MobilityModel>(),
                                             bs->GetObject<MobilityModel>())
                       ->IsLos();
        }
        const double p = GroundLosProbability(c.scenario, c.distance2dM, c.utHeightM);
        EXPECT_NEAR(double(los) / n, p, 4 * std::sqrt(p * (1 - p) / n))
            << GetGroundScenarioName(c.scenario) << " at " << c.distance2dM << " m";
    }
}

TEST(GroundPathLoss, UmaMeanAgainstTr38901Formulas)
{
    // UMa at 2 GHz, UT 1.5 m, BS 25 m, d3D = 200 m (d2D = √(200² - 23.5²) = 198.6146 m), the
    // tool's ground default. TR 38.901 table 7.4.1-1 (ns-3 takes c = 3e8 m/s here):
    //   d'BP = 4·(25 - 1)·(1.5 - 1)·2e9/3e8 = 320 m > d2D, so PL_LOS = PL1
    //        = 28 + 22·log10(200) + 20·log10(2) = 28 + 50.6227 + 6.0206 = 84.6433 dB
    //   PL'_NLOS = 13.54 + 39.08·log10(200) + 20·log10(2) - 0 = 109.4849 dB
    //   PL_NLOS = max(PL_LOS, PL'_NLOS) = 109.4849 dB
    //   P_LOS = 18/198.6146 + exp(-198.6146/63)·(1 - 0.090628) = 0.129495
    //   mean = 0.129495·84.6433 + 0.870505·109.4849 = 106.2680 dB.
    auto ut = At(Vector(0, 0, 1.5));
    auto bs = At(Vector(std::sqrt(200.0 * 200.0 - 23.5 * 23.5), 0, 25));
    const double losDb = 28 + 22 * std::log10(200.0) + 20 * std::log10(2.0);
    const double nlosDb = 13.54 + 39.08 * std::log10(200.0) + 20 * std::log10(2.0);
    EXPECT_NEAR(losDb, 84.64325981788721, 1e-9);
    EXPECT_NEAR(nlosDb, 109.48485214382802, 1e-9);
    const double pLos = 0.12949465704166926;
    EXPECT_NEAR(GroundMeanPathLossDb(GroundScenario::UMA, 2e9, ut, bs),
                pLos * losDb + (1 - pLos) * nlosDb,
                1e-9);
    EXPECT_NEAR(GroundMeanPathLossDb(GroundScenario::UMA, 2e9, ut, bs), 106.26799866521135, 1e-9);
    // The order of the nodes does not matter: the lower one is the UT.
    EXPECT_DOUBLE_EQ(GroundMeanPathLossDb(GroundScenario::UMA, 2e9, bs, ut),
                     GroundMeanPathLossDb(GroundScenario::UMA, 2e9, ut, bs));

    // Beyond the breakpoint: d2D = 1000 m, d3D = 1000.276 m:
    //   PL2 = 28 + 40·log10(1000.276) + 6.0206 - 9·log10(320² + 23.5²) = 123.7546 dB
    //   PL'_NLOS = 13.54 + 39.08·log10(1000.276) + 6.0206 = 136.8052 dB.
    auto far = At(Vector(1000, 0, 25));
    const double d3 = std::sqrt(1000.0 * 1000.0 + 23.5 * 23.5);
    const double pl2 = 28 + 40 * std::log10(d3) + 20 * std::log10(2.0) -
                       9 * std::log10(320.0 * 320.0 + 23.5 * 23.5);
    const double nlos2 = 13.54 + 39.08 * std::log10(d3) + 20 * std::log10(2.0);
    const double p2 = 18 / 1000.0 + std::exp(-1000.0 / 63) * (1 - 18 / 1000.0);
    EXPECT_NEAR(GroundMeanPathLossDb(GroundScenario::UMA, 2e9, ut, far),
                p2 * pl2 + (1 - p2) * nlos2,
                1e-9);
}

TEST(GroundPathLoss, OutsideTheValidityRangeIsExtrapolatedWithoutAbort)
{
    // The UT at 30 m (above 22.5 m), the BS at 40 m (not 25 m), 8 km apart (beyond 5 km), at
    // 28 GHz: ns-3 warns in its log and computes the formulas anyway; even with the attribute
    // default EnforceParameterRanges=true, sagin's model has it false and does not abort.
    Config::SetDefault("ns3::ThreeGppPropagationLossModel::EnforceParameterRanges",
                       BooleanValue(true));
    auto model = CreateGroundLossModel(GroundScenario::UMA, 28e9);
    BooleanValue enforce;
    model->GetAttribute("EnforceParameterRanges", enforce);
    EXPECT_FALSE(enforce.Get());
    auto ut = At(Vector(0, 0, 1.5));
    EXPECT_TRUE(std::isfinite(
        GroundMeanPathLossDb(GroundScenario::UMA, 28e9, ut, At(Vector(8000, 0, 40)))));
    // A UT at 0.5 m, 5 m from the BS (below 10 m): P_LOS = 1, and for hUT < 1 m the breakpoint
    // 4·(25 - 1)·(0.5 - 1)·f/c is negative, so ns-3 uses PL2; the result is still the formula:
    //   PL2 = 28 + 40·log10(d3D) + 20·log10(28) - 9·log10(d'BP² + 24.5²).
    auto low = At(Vector(0, 0, 0.5));
    auto near = At(Vector(5, 0, 25));
    const double d3 = std::sqrt(25.0 + 24.5 * 24.5);
    const double bp = 4 * 24 * (0.5 - 1) * 28e9 / 3e8;
    EXPECT_NEAR(GroundMeanPathLossDb(GroundScenario::UMA, 28e9, low, near),
                28 + 40 * std::log10(d3) + 20 * std::log10(28.0) -
                    9 * std::log10(bp * bp + 24.5 * 24.5),
                1e-9);
    // What is outside the range, in words.
    EXPECT_EQ(ExplainGroundValidity(GroundScenario::UMA, 200, 1.5, 25), "");
    EXPECT_EQ(ExplainGroundValidity(GroundScenario::UMA, 8000, 30, 40),
              "UT height 30 m is outside [1.5, 22.5] m; BS height 40 m is not 25 m; 2D distance "
              "8000 m is outside [10, 5000] m");
    EXPECT_EQ(ExplainGroundValidity(GroundScenario::UMI_STREET_CANYON, 50, 10, 10),
              "UT height 10 m is outside [1.5, 10) m");
}

TEST(GroundPathLoss, RefusesWhatNs3WouldAssertOrMiscompute)
{
    // ns-3 asserts 0.5–100 GHz only in debug builds; sagin refuses it in every build.
    auto ut = At(Vector(0, 0, 1.5));
    auto bs = At(Vector(100, 0, 25));
    EXPECT_THROW(CreateGroundLossModel(GroundScenario::UMA, 0.4e9), std::invalid_argument);
    EXPECT_THROW(GroundMeanPathLossDb(GroundScenario::UMA, 150e9, ut, bs), std::invalid_argument);
    // Coincident nodes would give log10(0) = -infinity in ns-3.
    EXPECT_THROW(GroundMeanPathLossDb(GroundScenario::UMA, 2e9, ut, At(Vector(0, 0, 1.5))),
                 std::invalid_argument);
    EXPECT_THROW(
        GroundMeanPathLossDb(GroundScenario::UMA, 2e9, ut, At(Vector(std::nan(""), 0, 25))),
        std::invalid_argument);
    EXPECT_EQ(GroundScenarioFromString("umi"), GroundScenario::UMI_STREET_CANYON);
    EXPECT_THROW(GroundScenarioFromString("rma"), std::invalid_argument);
}

TEST(GroundPathLoss, UmiNodeOrderInNs3AndInSagin)
{
    // ns-3's UMi takes the first node's height as the UT height when neither node is at 10 m.
    // UT at 1.5 m, BS at 12 m, d2D = 200 m, 2 GHz, forced LOS:
    //   UT first: hUT = 1.5, d'BP = 4·11·0.5·2e9/3e8 = 146.67 m < 200 m → PL2
    //     = 32.4 + 40·log10(d3D) + 20·log10(2) - 9.5·log10(146.67² + 10.5²);
    //   BS first: hUT = 12 (= hBS), d'BP = 4·11·11·2e9/3e8 = 3226.7 m → PL1
    //     = 32.4 + 21·log10(d3D) + 20·log10(2).
    auto ut = At(Vector(0, 0, 1.5));
    auto bs = At(Vector(200, 0, 12));
    const double d3 = std::sqrt(200.0 * 200.0 + 10.5 * 10.5);
    const double bp = 4 * 11 * 0.5 * 2e9 / 3e8;
    const double utFirstDb =
        32.4 + 40 * std::log10(d3) + 20 * std::log10(2.0) - 9.5 * std::log10(bp * bp + 10.5 * 10.5);
    const double bsFirstDb = 32.4 + 21 * std::log10(d3) + 20 * std::log10(2.0);
    auto model = CreateGroundLossModel(GroundScenario::UMI_STREET_CANYON, 2e9);
    model->SetAttribute("ShadowingEnabled", BooleanValue(false));
    model->SetChannelConditionModel(CreateObject<AlwaysLosChannelConditionModel>());
    EXPECT_NEAR(-model->CalcRxPower(0.0, ut, bs), utFirstDb, 1e-9);
    EXPECT_NEAR(-model->CalcRxPower(0.0, bs, ut), bsFirstDb, 1e-9);
    // sagin puts the lower node first, whatever the caller's order: UMi NLOS here is
    // max(PL_LOS, 22.4 + 35.3·log10(d3D) + 21.3·log10(2) - 0) and P_LOS = 18/200 +
    // e^(-200/36)·0.91.
    const double nlosDb =
        std::max(utFirstDb, 22.4 + 35.3 * std::log10(d3) + 21.3 * std::log10(2.0));
    const double pLos = 0.09 + std::exp(-200.0 / 36) * 0.91;
    EXPECT_NEAR(GroundMeanPathLossDb(GroundScenario::UMI_STREET_CANYON, 2e9, bs, ut),
                pLos * utFirstDb + (1 - pLos) * nlosDb,
                1e-9);
    EXPECT_DOUBLE_EQ(GroundMeanPathLossDb(GroundScenario::UMI_STREET_CANYON, 2e9, bs, ut),
                     GroundMeanPathLossDb(GroundScenario::UMI_STREET_CANYON, 2e9, ut, bs));
}

TEST(GroundPathLossDeathTest, WhatNs3DoesThatSaginAvoids)
{
    // With EnforceParameterRanges true, ns-3 aborts on a UT out of range (sagin sets it false).
    EXPECT_DEATH(
        {
            auto model = CreateObject<ThreeGppUmaPropagationLossModel>();
            model->SetAttribute("EnforceParameterRanges", BooleanValue(true));
            model->SetAttribute("ShadowingEnabled", BooleanValue(false));
            model->SetChannelConditionModel(CreateObject<AlwaysLosChannelConditionModel>());
            model->CalcRxPower(0.0, At(Vector(0, 0, 30)), At(Vector(100, 0, 25)));
        },
        "Uma UT height out of range");
    // Its random channel condition needs the mobility models aggregated to Nodes: without, it
    // dereferences a null Node (GroundMeanPathLossDb forces the condition and needs none).
    EXPECT_DEATH(
        {
            auto model = CreateGroundLossModel(GroundScenario::UMA, 2e9);
            model->CalcRxPower(0.0, At(Vector(0, 0, 1.5)), At(Vector(100, 0, 25)));
        },
        "");
}

TEST(GroundPathLoss, RandomModelWithNodes)
{
    // As a channel uses it: nodes with mobility, random LOS state and shadowing. The loss is
    // finite and lies around the mean (LOS and NLOS differ by about 25 dB, shadowing σ is 4 or
    // 6 dB). The LOS state is drawn once per pair (channel condition UpdatePeriod 0).
    auto ut = CreateObject<Node>();
    auto bs = CreateObject<Node>();
    ut->AggregateObject(At(Vector(0, 0, 1.5)));
    bs->AggregateObject(At(Vector(200, 0, 25)));
    auto utMobility = ut->GetObject<MobilityModel>();
    auto bsMobility = bs->GetObject<MobilityModel>();
    auto model = CreateGroundLossModel(GroundScenario::UMA, 3.5e9);
    model->AssignStreams(1);
    const double first = model->CalcRxPower(0.0, utMobility, bsMobility);
    EXPECT_TRUE(std::isfinite(first));
    EXPECT_NEAR(-first,
                GroundMeanPathLossDb(GroundScenario::UMA, 3.5e9, utMobility, bsMobility),
                40.0);
    // ns-3.37's shadowing stores a zero displacement with a pair's first draw, so the second
    // evaluation of a static pair sees a displacement of |(200, 0, 23.5)| = 201.4 m, keeps only
    // exp(-201.4/37) = 0.4% of the correlation and is nearly a new draw; from then on the pair
    // keeps its value (displacement 0).
    const double second = model->CalcRxPower(0.0, utMobility, bsMobility);
    const double third = model->CalcRxPower(0.0, utMobility, bsMobility);
    EXPECT_NE(second, first);
    EXPECT_EQ(third, second);
}

// ------------------------------------------------------------------------------------------
// The sagin-link-budget tool.
// ------------------------------------------------------------------------------------------

TEST(LinkBudgetTool, EachClassAgainstHandValues)
{
    // SNR = 23 dBm + 0 + 0 - PL - (-93.98970 dBm); rate = 20e6·log2(1 + 10^(SNR/10)).
    auto rate = [](double snrDb) { return 20e6 * std::log2(1 + std::pow(10.0, snrDb / 10)); };

    // isl, 2000 km, 26 GHz: FSPL 186.767850 dB, SNR -69.778150 dB, 3.0366 bit/s.
    auto isl = RunTool("--class=isl --distanceM=2e6 --frequencyHz=26e9");
    ASSERT_EQ(isl.exitStatus, 0) << isl.err;
    EXPECT_NEAR(isl.pathLossDb, 186.7678500945794, 1e-9);
    EXPECT_NEAR(isl.snrDb, 23 - 186.7678500945794 - DEFAULT_NOISE_DBM, 1e-9);
    EXPECT_NEAR(isl.rateBps, 3.0366134187342184, 1e-6);

    // s2g, 1000 km at 30°, 2 GHz, urban (see NtnPropagationLossModel.MeanPathLoss): 173.241604 dB,
    // SNR 23 - 173.241604 + 93.989700 = -56.251903 dB, 20e6·log2(1 + 2.3705e-6) = 68.39 bit/s.
    auto s2g = RunTool("--class=s2g --distanceM=1e6 --elevationDeg=30");
    ASSERT_EQ(s2g.exitStatus, 0) << s2g.err;
    EXPECT_NEAR(s2g.pathLossDb, 173.24160351090194, 1e-6);
    EXPECT_NEAR(s2g.snrDb, -56.25190346754175, 1e-6);
    EXPECT_NEAR(s2g.rateBps, rate(-56.25190346754175), 1e-4);

    // a2g defaults: 500 m at 15°, urban: 108.690496 dB (AlHouraniPropagationLossModel test),
    // SNR 8.299204 dB, 20e6·log2(1 + 6.7598) = 59.1196 Mbit/s.
    auto a2g = RunTool("");
    ASSERT_EQ(a2g.exitStatus, 0) << a2g.err;
    EXPECT_NEAR(a2g.pathLossDb, 108.69049569319705, 1e-8);
    EXPECT_NEAR(a2g.snrDb, 8.299204350163137, 1e-8);
    EXPECT_NEAR(a2g.rateBps, 59119613.15344301, 1e-1);
    EXPECT_EQ(a2g.err, "");

    // ground defaults: UMa, 200 m, BS at 25 m: 106.267999 dB (UmaMeanAgainstTr38901Formulas),
    // SNR 10.721701 dB, 73.5791 Mbit/s.
    auto ground = RunTool("--class=ground");
    ASSERT_EQ(ground.exitStatus, 0) << ground.err;
    EXPECT_NEAR(ground.pathLossDb, 106.26799866521135, 1e-9);
    EXPECT_NEAR(ground.snrDb, 10.721701378148836, 1e-9);
    EXPECT_NEAR(ground.rateBps, 73579085.9911058, 1e-1);
    EXPECT_EQ(ground.err, "");
}

TEST(LinkBudgetTool, OptionsAndAttributes)
{
    // Budget options add in dB: +10 dBm, +5 dBi, +3 dBi, noise figure 2 instead of 7:
    // SNR + 10 + 5 + 3 + 5 = +23 dB; the path loss does not change. 1 MHz bandwidth: the noise
    // drops by 10·log10(20) = 13.0103 dB.
    auto base = RunTool("--class=a2g");
    auto boosted = RunTool("--class=a2g --txPowerDbm=33 --txGainDbi=5 --rxGainDbi=3 "
                           "--noiseFigureDb=2 --bandwidthHz=1e6");
    ASSERT_EQ(boosted.exitStatus, 0) << boosted.err;
    EXPECT_DOUBLE_EQ(boosted.pathLossDb, base.pathLossDb);
    EXPECT_NEAR(boosted.snrDb - base.snrDb, 23 + 10 * std::log10(20.0), 1e-9);
    EXPECT_NEAR(boosted.rateBps, 1e6 * std::log2(1 + std::pow(10.0, boosted.snrDb / 10)), 1e-3);

    // Attributes from the command line: a suburban UAV link, 500 m at 15°:
    // exp(-0.43·10.12) = 0.012904; P = 1/(1 + 0.062972) = 0.940764... (0.9408360 unrounded);
    // PL = 92.447783 + 0.940836·0.1 + 0.059164·21 = 93.784312 dB.
    auto suburban = RunTool("--ns3::sagin::AlHouraniPropagationLossModel::Environment=Suburban");
    ASSERT_EQ(suburban.exitStatus, 0) << suburban.err;
    EXPECT_NEAR(suburban.pathLossDb, 93.78431176744071, 1e-8);

    // The NTN model's shadowing is off in the tool: two runs agree, whatever the attribute says.
    auto s2gA = RunTool("--class=s2g --ns3::sagin::NtnPropagationLossModel::ShadowingEnabled=true");
    auto s2gB = RunTool("--class=s2g --RngRun=7");
    ASSERT_EQ(s2gA.exitStatus, 0) << s2gA.err;
    EXPECT_EQ(s2gA.out, s2gB.out);
    // s2g default: 550 km at 90°, urban: FSPL 153.274 + gases 0.035110 + (1 - 0.992)·25.5.
    EXPECT_NEAR(s2gA.pathLossDb, Fspl(550e3, 2e9) + 0.03511018786947607 + 0.008 * 25.5, 1e-6);

    // UMi: the BS at 10 m, 200 m from the vehicle: the library's mean for the same places.
    auto umi = RunTool("--class=ground --groundScenario=umi --frequencyHz=3.5e9");
    ASSERT_EQ(umi.exitStatus, 0) << umi.err;
    EXPECT_NEAR(umi.pathLossDb,
                GroundMeanPathLossDb(GroundScenario::UMI_STREET_CANYON,
                                     3.5e9,
                                     At(Vector(0, 0, 1.5)),
                                     At(Vector(std::sqrt(200.0 * 200 - 8.5 * 8.5), 0, 10))),
                1e-9);
    // A geometry outside TR 38.901's range still gives a row, and a warning.
    auto steep = RunTool("--class=ground --distanceM=100 --elevationDeg=60");
    ASSERT_EQ(steep.exitStatus, 0) << steep.err;
    EXPECT_EQ(steep.err,
              "sagin-link-budget: warning: outside TR 38.901's uma validity range (BS height "
              "88.1025 m is not 25 m): the loss is extrapolated\n");
    // ISL: the elevation only places the nodes; the loss is free space for the distance.
    auto islTilted = RunTool("--class=isl --elevationDeg=40");
    ASSERT_EQ(islTilted.exitStatus, 0) << islTilted.err;
    EXPECT_NEAR(islTilted.pathLossDb, Fspl(1000e3, 2e9), 1e-8);
}

TEST(LinkBudgetTool, BadOptionsGiveOneLineAndStatus2)
{
    for (const auto& [args, expected] : std::vector<std::pair<std::string, std::string>>{
             {"--class=leo", "--class: unknown link class 'leo' (known: isl, s2g, a2g, ground)"},
             {"--distanceM=-5", "--distanceM must be > 0, got -5"},
             {"--distanceM=1km", "--distanceM: '1km' is not a finite number"},
             {"--distanceM=inf", "--distanceM: 'inf' is not a finite number"},
             {"--elevationDeg=95", "--elevationDeg must be in [0, 90], got 95"},
             {"--class=s2g --elevationDeg=5",
              "--elevationDeg: 5 deg is below the elevation mask of 10 deg "
              "(ns3::sagin::NtnPropagationLossModel::ElevationMask): the link is not visible"},
             {"--ns3::sagin::AlHouraniPropagationLossModel::ElevationMask=20",
              "--elevationDeg: 15 deg is below the elevation mask of 20 deg "
              "(ns3::sagin::AlHouraniPropagationLossModel::ElevationMask): the link is not "
              "visible"},
             {"--class=s2g --frequencyHz=2e11",
              "--frequencyHz must be in [5e8, 1e11] for class s2g, got 2e+11"},
             {"--class=ground --frequencyHz=1e8",
              "--frequencyHz must be in [5e8, 1e11] for class ground, got 1e+08"},
             {"--frequencyHz=0", "--frequencyHz must be >= 1 for class a2g, got 0"},
             {"--bandwidthHz=0", "--bandwidthHz must be > 0, got 0"},
             {"--noiseFigureDb=-1", "--noiseFigureDb must be >= 0, got -1"},
             {"--groundScenario=rma",
              "--groundScenario: unknown ground scenario 'rma' (known: uma, umi)"},
             {"--class=ground --distanceM=10",
              "--distanceM: 10 m is less than the 23.5 m height difference between the vehicle "
              "(1.5 m) and the uma base station (25 m); give --elevationDeg"},
             {"--frobnicate=1",
              "unknown option '--frobnicate' (options: --class, --distanceM, --elevationDeg, "
              "--frequencyHz, --bandwidthHz, --txPowerDbm, --txGainDbi, --rxGainDbi, "
              "--noiseFigureDb, --groundScenario, --PrintHelp)"},
             {"stray", "unexpected argument 'stray'"},
         })
    {
        const auto result = RunTool(args);
        EXPECT_EQ(result.exitStatus, 2) << args;
        EXPECT_EQ(result.err, "sagin-link-budget: error: " + expected + "\n") << args;
        EXPECT_EQ(result.out, "") << args;
    }
    // A malformed attribute value is refused before ns-3 would abort on it.
    const auto attribute =
        RunTool("--ns3::sagin::NtnPropagationLossModel::ElevationMask=high --class=s2g");
    EXPECT_EQ(attribute.exitStatus, 2);
    EXPECT_EQ(attribute.err.rfind("sagin-link-budget: error: "
                                  "--ns3::sagin::NtnPropagationLossModel::ElevationMask=high: ",
                                  0),
              0u)
        << attribute.err;
    EXPECT_EQ(SplitLines(attribute.err).size(), 1u);
    EXPECT_EQ(attribute.out, "");
}
