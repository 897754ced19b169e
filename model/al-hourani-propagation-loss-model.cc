// SPDX-License-Identifier: GPL-2.0-only

#include "al-hourani-propagation-loss-model.h"

#include "link-budget.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"

#include <cmath>
#include <limits>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginAlHouraniPropagationLossModel");

NS_OBJECT_ENSURE_REGISTERED(AlHouraniPropagationLossModel);

namespace
{

/// The parameters of one environment (Al-Hourani et al. 2014).
struct EnvironmentParameters
{
    double a;         //!< S-curve parameter a
    double b;         //!< S-curve parameter b
    double etaLosDb;  //!< mean excess loss of line-of-sight links, dB
    double etaNlosDb; //!< mean excess loss of non-line-of-sight links, dB
};

/// Indexed by AlHouraniPropagationLossModel::Environment.
constexpr EnvironmentParameters ENVIRONMENTS[] = {
    {4.88, 0.43, 0.1, 21.0},  // suburban
    {9.61, 0.16, 1.0, 20.0},  // urban
    {12.08, 0.11, 1.6, 23.0}, // dense urban
    {27.23, 0.08, 2.3, 34.0}, // high-rise urban
};

constexpr double UNSET = std::numeric_limits<double>::quiet_NaN();

/**
 * @param override an attribute that overrides a parameter, NaN when unset
 * @param fromEnvironment the environment's value
 * @return the value in use
 */
double
Pick(double override, double fromEnvironment)
{
    return std::isnan(override) ? fromEnvironment : override;
}

} // namespace

TypeId
AlHouraniPropagationLossModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::AlHouraniPropagationLossModel")
            .SetParent<ElevationPropagationLossModel>()
            .SetGroupName("Sagin")
            .AddConstructor<AlHouraniPropagationLossModel>()
            .AddAttribute("Frequency",
                          "Carrier frequency, in Hz.",
                          DoubleValue(2e9),
                          MakeDoubleAccessor(&AlHouraniPropagationLossModel::m_frequencyHz),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute("Environment",
                          "Environment whose a, b, eta_LoS and eta_NLoS are used (Al-Hourani et "
                          "al. 2014).",
                          EnumValue(URBAN),
                          MakeEnumAccessor(&AlHouraniPropagationLossModel::m_environment),
                          MakeEnumChecker(SUBURBAN,
                                          "Suburban",
                                          URBAN,
                                          "Urban",
                                          DENSE_URBAN,
                                          "DenseUrban",
                                          HIGH_RISE_URBAN,
                                          "HighRiseUrban"))
            .AddAttribute("A",
                          "S-curve parameter a of the LoS probability (dimensionless); NaN: the "
                          "Environment's.",
                          DoubleValue(UNSET),
                          MakeDoubleAccessor(&AlHouraniPropagationLossModel::m_aOverride),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("B",
                          "S-curve parameter b of the LoS probability, in 1/degree; NaN: the "
                          "Environment's.",
                          DoubleValue(UNSET),
                          MakeDoubleAccessor(&AlHouraniPropagationLossModel::m_bOverride),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("EtaLosDb",
                          "Mean excess loss of line-of-sight links, in dB; NaN: the "
                          "Environment's.",
                          DoubleValue(UNSET),
                          MakeDoubleAccessor(&AlHouraniPropagationLossModel::m_etaLosOverrideDb),
                          MakeDoubleChecker<double>())
            .AddAttribute("EtaNlosDb",
                          "Mean excess loss of non-line-of-sight links, in dB; NaN: the "
                          "Environment's.",
                          DoubleValue(UNSET),
                          MakeDoubleAccessor(&AlHouraniPropagationLossModel::m_etaNlosOverrideDb),
                          MakeDoubleChecker<double>())
            .AddAttribute("ElevationMask",
                          "Elevation below which a pair is not visible (CalcRxPower returns "
                          "-infinity dBm), in degrees; -90: no mask.",
                          DoubleValue(-90.0),
                          MakeDoubleAccessor(&AlHouraniPropagationLossModel::m_elevationMaskDeg),
                          MakeDoubleChecker<double>(-90.0, 90.0));
    return tid;
}

AlHouraniPropagationLossModel::AlHouraniPropagationLossModel()
    : m_frequencyHz(2e9),
      m_environment(URBAN),
      m_aOverride(UNSET),
      m_bOverride(UNSET),
      m_etaLosOverrideDb(UNSET),
      m_etaNlosOverrideDb(UNSET)
{
    NS_LOG_FUNCTION(this);
}

AlHouraniPropagationLossModel::~AlHouraniPropagationLossModel()
{
    NS_LOG_FUNCTION(this);
}

double
AlHouraniPropagationLossModel::GetFrequencyHz() const
{
    return m_frequencyHz;
}

AlHouraniPropagationLossModel::Environment
AlHouraniPropagationLossModel::GetEnvironment() const
{
    return m_environment;
}

double
AlHouraniPropagationLossModel::GetA() const
{
    return Pick(m_aOverride, ENVIRONMENTS[m_environment].a);
}

double
AlHouraniPropagationLossModel::GetB() const
{
    return Pick(m_bOverride, ENVIRONMENTS[m_environment].b);
}

double
AlHouraniPropagationLossModel::GetEtaLosDb() const
{
    return Pick(m_etaLosOverrideDb, ENVIRONMENTS[m_environment].etaLosDb);
}

double
AlHouraniPropagationLossModel::GetEtaNlosDb() const
{
    return Pick(m_etaNlosOverrideDb, ENVIRONMENTS[m_environment].etaNlosDb);
}

double
AlHouraniPropagationLossModel::GetLosProbability(double elevationDeg) const
{
    CheckElevationDeg("AlHouraniPropagationLossModel::GetLosProbability", elevationDeg);
    const double a = GetA();
    return 1.0 / (1.0 + a * std::exp(-GetB() * (elevationDeg - a)));
}

double
AlHouraniPropagationLossModel::GetMeanPathLossDb(double distanceM, double elevationDeg) const
{
    const double pLos = GetLosProbability(elevationDeg);
    return FreeSpacePathLossDb(distanceM, m_frequencyHz) + pLos * GetEtaLosDb() +
           (1.0 - pLos) * GetEtaNlosDb();
}

double
AlHouraniPropagationLossModel::DoCalcLossDb(Ptr<MobilityModel> /* a */,
                                            Ptr<MobilityModel> /* b */,
                                            double distanceM,
                                            double elevationDeg) const
{
    return GetMeanPathLossDb(distanceM, elevationDeg);
}

int64_t
AlHouraniPropagationLossModel::DoAssignStreams(int64_t stream)
{
    return 0;
}

} // namespace sagin
} // namespace ns3
