// SPDX-License-Identifier: GPL-2.0-only

#include "ground-path-loss.h"

#include "ns3/boolean.h"
#include "ns3/channel-condition-model.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/pointer.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginGroundPathLoss");

namespace
{

/// TR 38.901's frequency range, as ns-3's 3GPP models assert it, in Hz.
constexpr double MIN_FREQUENCY_HZ = 0.5e9;
constexpr double MAX_FREQUENCY_HZ = 100e9; //!< see MIN_FREQUENCY_HZ

/**
 * @param frequencyHz a carrier frequency
 * @throws std::invalid_argument unless it is in TR 38.901's range
 */
void
CheckFrequency(double frequencyHz)
{
    if (!(frequencyHz >= MIN_FREQUENCY_HZ && frequencyHz <= MAX_FREQUENCY_HZ))
    {
        std::ostringstream msg;
        msg << "3GPP ground model: frequency " << frequencyHz
            << " Hz is outside TR 38.901's range [5e8, 1e11] Hz";
        throw std::invalid_argument(msg.str());
    }
}

/**
 * @param v a position
 * @return whether its coordinates are finite
 */
bool
IsFinite(const Vector& v)
{
    return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z);
}

} // namespace

GroundScenario
GroundScenarioFromString(const std::string& name)
{
    if (name == "uma")
    {
        return GroundScenario::UMA;
    }
    if (name == "umi")
    {
        return GroundScenario::UMI_STREET_CANYON;
    }
    throw std::invalid_argument("unknown ground scenario '" + name + "' (known: uma, umi)");
}

std::string
GetGroundScenarioName(GroundScenario scenario)
{
    return scenario == GroundScenario::UMA ? "uma" : "umi";
}

double
GetGroundBsHeightM(GroundScenario scenario)
{
    return scenario == GroundScenario::UMA ? 25.0 : 10.0;
}

double
GroundLosProbability(GroundScenario scenario, double distance2dM, double utHeightM)
{
    if (!(distance2dM >= 0.0) || !std::isfinite(distance2dM) || !std::isfinite(utHeightM))
    {
        std::ostringstream msg;
        msg << "GroundLosProbability: distance2dM must be finite and >= 0 and utHeightM finite, "
               "got "
            << distance2dM << " and " << utHeightM;
        throw std::invalid_argument(msg.str());
    }
    const double d = distance2dM;
    if (d <= 18.0)
    {
        return 1.0;
    }
    if (scenario == GroundScenario::UMI_STREET_CANYON)
    {
        return 18.0 / d + std::exp(-d / 36.0) * (1.0 - 18.0 / d);
    }
    const double c = utHeightM <= 13.0 ? 0.0 : std::pow((utHeightM - 13.0) / 10.0, 1.5);
    return (18.0 / d + std::exp(-d / 63.0) * (1.0 - 18.0 / d)) *
           (1.0 + c * 5.0 / 4.0 * std::pow(d / 100.0, 3.0) * std::exp(-d / 150.0));
}

std::string
ExplainGroundValidity(GroundScenario scenario,
                      double distance2dM,
                      double utHeightM,
                      double bsHeightM)
{
    // ns-3's UMa accepts UTs in [1.5, 22.5] m; its UMi further requires the UT below the 10 m BS.
    const bool uma = scenario == GroundScenario::UMA;
    const double bsNominalM = GetGroundBsHeightM(scenario);
    std::ostringstream problems;
    auto add = [&problems](const std::string& problem) {
        problems << (problems.tellp() > 0 ? "; " : "") << problem;
    };
    if (!(utHeightM >= 1.5 && (uma ? utHeightM <= 22.5 : utHeightM < 10.0)))
    {
        std::ostringstream p;
        p << "UT height " << utHeightM << " m is outside " << (uma ? "[1.5, 22.5]" : "[1.5, 10)")
          << " m";
        add(p.str());
    }
    if (!(std::abs(bsHeightM - bsNominalM) <= 1e-6))
    {
        std::ostringstream p;
        p << "BS height " << bsHeightM << " m is not " << bsNominalM << " m";
        add(p.str());
    }
    if (!(distance2dM >= 10.0 && distance2dM <= 5000.0))
    {
        std::ostringstream p;
        p << "2D distance " << distance2dM << " m is outside [10, 5000] m";
        add(p.str());
    }
    return problems.str();
}

Ptr<ThreeGppPropagationLossModel>
CreateGroundLossModel(GroundScenario scenario, double frequencyHz)
{
    NS_LOG_FUNCTION(GetGroundScenarioName(scenario) << frequencyHz);
    CheckFrequency(frequencyHz);
    Ptr<ThreeGppPropagationLossModel> model;
    if (scenario == GroundScenario::UMA)
    {
        model = CreateObject<ThreeGppUmaPropagationLossModel>();
    }
    else
    {
        model = CreateObject<ThreeGppUmiStreetCanyonPropagationLossModel>();
    }
    model->SetAttribute("Frequency", DoubleValue(frequencyHz));
    model->SetAttribute("EnforceParameterRanges", BooleanValue(false));
    return model;
}

double
GroundMeanPathLossDb(GroundScenario scenario,
                     double frequencyHz,
                     Ptr<MobilityModel> a,
                     Ptr<MobilityModel> b)
{
    NS_LOG_FUNCTION(GetGroundScenarioName(scenario) << frequencyHz << a << b);
    const Vector pa = a->GetPosition();
    const Vector pb = b->GetPosition();
    if (!IsFinite(pa) || !IsFinite(pb))
    {
        throw std::invalid_argument("GroundMeanPathLossDb: a node's position is not finite");
    }
    if (CalculateDistance(pa, pb) <= 0.0)
    {
        throw std::invalid_argument("GroundMeanPathLossDb: the two nodes coincide");
    }
    // The UT is the lower node and goes first (UMi reads the UT height from the first node).
    Ptr<MobilityModel> ut = pa.z <= pb.z ? a : b;
    Ptr<MobilityModel> bs = pa.z <= pb.z ? b : a;

    auto model = CreateGroundLossModel(scenario, frequencyHz);
    model->SetAttribute("ShadowingEnabled", BooleanValue(false));
    model->SetChannelConditionModel(CreateObject<AlwaysLosChannelConditionModel>());
    const double losDb = -model->CalcRxPower(0.0, ut, bs);
    model->SetChannelConditionModel(CreateObject<NeverLosChannelConditionModel>());
    const double nlosDb = -model->CalcRxPower(0.0, ut, bs);
    model->Dispose();

    const double distance2dM = std::hypot(pa.x - pb.x, pa.y - pb.y);
    const double pLos = GroundLosProbability(scenario, distance2dM, ut->GetPosition().z);
    NS_LOG_DEBUG("LOS " << losDb << " dB, NLOS " << nlosDb << " dB, P_LOS " << pLos);
    return pLos * losDb + (1.0 - pLos) * nlosDb;
}

} // namespace sagin
} // namespace ns3
