// SPDX-License-Identifier: GPL-2.0-only

#include "ntn-propagation-loss-model.h"

#include "gaseous-attenuation.h"
#include "link-budget.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginNtnPropagationLossModel");

NS_OBJECT_ENSURE_REGISTERED(NtnPropagationLossModel);

namespace
{

/// The columns of TR 38.811 tables 6.6.2-1..3 for one scenario and band, every 10° from 10°.
struct FadingTable
{
    double losStdDb[9];  //!< σ_SF of LOS links, dB
    double nlosStdDb[9]; //!< σ_SF of NLOS links, dB
    double clutterDb[9]; //!< clutter loss of NLOS links, dB
};

/// TR 38.811 table 6.6.1-1: P_LOS (%) for dense urban, urban, suburban and rural.
constexpr double LOS_PROBABILITY_PERCENT[3][9] = {
    {28.2, 33.1, 39.8, 46.8, 53.7, 61.2, 73.8, 82.0, 98.1},
    {24.6, 38.6, 49.3, 61.3, 72.6, 80.5, 91.9, 96.8, 99.2},
    {78.2, 86.9, 91.9, 92.9, 93.5, 94.0, 94.9, 95.2, 99.8},
};

/// TR 38.811 tables 6.6.2-1..3, indexed by scenario, then band (0: S, 1: Ka).
constexpr FadingTable FADING_TABLES[3][2] = {
    // Table 6.6.2-1, dense urban.
    {{{3.5, 3.4, 2.9, 3.0, 3.1, 2.7, 2.5, 2.3, 1.2},
      {15.5, 13.9, 12.4, 11.7, 10.6, 10.5, 10.1, 9.2, 9.2},
      {34.3, 30.9, 29.0, 27.7, 26.8, 26.2, 25.8, 25.5, 25.5}},
     {{2.9, 2.4, 2.7, 2.4, 2.4, 2.7, 2.6, 2.8, 0.6},
      {17.1, 17.1, 15.6, 14.6, 14.2, 12.6, 12.1, 12.3, 12.3},
      {44.3, 39.9, 37.5, 35.8, 34.6, 33.8, 33.3, 33.0, 32.9}}},
    // Table 6.6.2-2, urban.
    {{{4, 4, 4, 4, 4, 4, 4, 4, 4},
      {6, 6, 6, 6, 6, 6, 6, 6, 6},
      {34.3, 30.9, 29.0, 27.7, 26.8, 26.2, 25.8, 25.5, 25.5}},
     {{4, 4, 4, 4, 4, 4, 4, 4, 4},
      {6, 6, 6, 6, 6, 6, 6, 6, 6},
      {44.3, 39.9, 37.5, 35.8, 34.6, 33.8, 33.3, 33.0, 32.9}}},
    // Table 6.6.2-3, suburban and rural.
    {{{1.79, 1.14, 1.14, 0.92, 1.42, 1.56, 0.85, 0.72, 0.72},
      {8.93, 9.08, 8.78, 10.25, 10.56, 10.74, 10.17, 11.52, 11.52},
      {19.52, 18.17, 18.42, 18.28, 18.63, 17.68, 16.50, 16.30, 16.30}},
     {{1.9, 1.6, 1.9, 2.3, 2.7, 3.1, 3.0, 3.6, 0.4},
      {10.7, 10.0, 11.2, 11.6, 11.8, 10.8, 10.8, 10.8, 10.8},
      {29.5, 24.6, 21.9, 20.0, 18.7, 17.8, 17.2, 16.9, 16.8}}},
};

/// Below this frequency AUTO_BAND uses the S-band tables, from it the Ka-band tables, in Hz.
constexpr double AUTO_BAND_SPLIT_HZ = 6e9;

} // namespace

TypeId
NtnPropagationLossModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::NtnPropagationLossModel")
            .SetParent<ElevationPropagationLossModel>()
            .SetGroupName("Sagin")
            .AddConstructor<NtnPropagationLossModel>()
            .AddAttribute("Frequency",
                          "Carrier frequency, in Hz, within TR 38.811's 0.5 to 100 GHz.",
                          DoubleValue(2e9),
                          MakeDoubleAccessor(&NtnPropagationLossModel::SetFrequencyHz,
                                             &NtnPropagationLossModel::GetFrequencyHz),
                          MakeDoubleChecker<double>(0.5e9, 100e9))
            .AddAttribute("Scenario",
                          "TR 38.811 scenario of the LOS probability, shadow fading and clutter "
                          "loss tables.",
                          EnumValue(URBAN),
                          MakeEnumAccessor(&NtnPropagationLossModel::m_scenario),
                          MakeEnumChecker(DENSE_URBAN,
                                          "DenseUrban",
                                          URBAN,
                                          "Urban",
                                          SUBURBAN_RURAL,
                                          "SuburbanRural"))
            .AddAttribute("Band",
                          "Band of the shadow fading and clutter loss tables: S, Ka, or Auto "
                          "(S below 6 GHz, Ka from 6 GHz).",
                          EnumValue(AUTO_BAND),
                          MakeEnumAccessor(&NtnPropagationLossModel::m_band),
                          MakeEnumChecker(AUTO_BAND, "Auto", S_BAND, "S", KA_BAND, "Ka"))
            .AddAttribute("ShadowingEnabled",
                          "Whether each pair's LOS state and shadow fading are drawn at random; "
                          "if false, the mean loss (clutter loss weighted by the NLOS "
                          "probability, no shadow fading).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&NtnPropagationLossModel::m_shadowingEnabled),
                          MakeBooleanChecker())
            .AddAttribute("ShadowingUpdatePeriod",
                          "Simulated time for which a pair keeps its LOS state and shadow fading "
                          "draw; 0: a new draw at every evaluation.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&NtnPropagationLossModel::m_shadowingUpdatePeriod),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ZenithAttenuationDb",
                          "Zenith attenuation by atmospheric gases, in dB; NaN: ITU-R P.676-10 "
                          "Annex 2 at the reference atmosphere (1013.25 hPa, 15 C, 7.5 g/m3).",
                          DoubleValue(std::numeric_limits<double>::quiet_NaN()),
                          MakeDoubleAccessor(&NtnPropagationLossModel::m_zenithOverrideDb),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("ElevationMask",
                          "Elevation below which a pair is not visible (CalcRxPower returns "
                          "-infinity dBm), in degrees.",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&NtnPropagationLossModel::m_elevationMaskDeg),
                          MakeDoubleChecker<double>(0.0, 90.0));
    return tid;
}

NtnPropagationLossModel::NtnPropagationLossModel()
    : m_scenario(URBAN),
      m_band(AUTO_BAND),
      m_shadowingEnabled(true),
      m_shadowingUpdatePeriod(Seconds(1)),
      m_zenithOverrideDb(std::numeric_limits<double>::quiet_NaN()),
      m_losVariable(CreateObject<UniformRandomVariable>()),
      m_shadowingVariable(CreateObject<NormalRandomVariable>())
{
    NS_LOG_FUNCTION(this);
    m_elevationMaskDeg = 10.0;
    SetFrequencyHz(2e9);
}

NtnPropagationLossModel::~NtnPropagationLossModel()
{
    NS_LOG_FUNCTION(this);
}

void
NtnPropagationLossModel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_states.clear();
    m_losVariable = nullptr;
    m_shadowingVariable = nullptr;
    ElevationPropagationLossModel::DoDispose();
}

void
NtnPropagationLossModel::SetFrequencyHz(double frequencyHz)
{
    NS_LOG_FUNCTION(this << frequencyHz);
    m_frequencyHz = frequencyHz;
    const SurfaceAtmosphere reference;
    m_dryHeightKm = DryAirEquivalentHeightKm(frequencyHz, reference.pressureHpa);
    m_wetHeightKm = WaterVapourEquivalentHeightKm(frequencyHz, reference.pressureHpa);
    m_dryZenithDb = DryAirSpecificAttenuationDbPerKm(frequencyHz, reference) * m_dryHeightKm;
    m_wetZenithDb = WaterVapourSpecificAttenuationDbPerKm(frequencyHz, reference) * m_wetHeightKm;
}

double
NtnPropagationLossModel::GetFrequencyHz() const
{
    return m_frequencyHz;
}

NtnPropagationLossModel::Scenario
NtnPropagationLossModel::GetScenario() const
{
    return m_scenario;
}

NtnPropagationLossModel::Band
NtnPropagationLossModel::GetBand() const
{
    if (m_band != AUTO_BAND)
    {
        return m_band;
    }
    return m_frequencyHz < AUTO_BAND_SPLIT_HZ ? S_BAND : KA_BAND;
}

bool
NtnPropagationLossModel::IsShadowingEnabled() const
{
    return m_shadowingEnabled;
}

double
NtnPropagationLossModel::Interpolate(const double (&table)[9], double elevationDeg)
{
    // Rows at 10°, 20°, ..., 90°: the 10° row below 10°, linear in between.
    const double position = (std::min(std::max(elevationDeg, 10.0), 90.0) - 10.0) / 10.0;
    const auto row = std::min(static_cast<int>(position), 7);
    const double t = position - row;
    return table[row] + t * (table[row + 1] - table[row]);
}

double
NtnPropagationLossModel::GetLosProbability(double elevationDeg) const
{
    CheckElevationDeg("NtnPropagationLossModel::GetLosProbability", elevationDeg);
    return Interpolate(LOS_PROBABILITY_PERCENT[m_scenario], elevationDeg) / 100.0;
}

double
NtnPropagationLossModel::GetShadowFadingStdDb(bool los, double elevationDeg) const
{
    CheckElevationDeg("NtnPropagationLossModel::GetShadowFadingStdDb", elevationDeg);
    const auto& table = FADING_TABLES[m_scenario][GetBand() == KA_BAND ? 1 : 0];
    return Interpolate(los ? table.losStdDb : table.nlosStdDb, elevationDeg);
}

double
NtnPropagationLossModel::GetClutterLossDb(double elevationDeg) const
{
    CheckElevationDeg("NtnPropagationLossModel::GetClutterLossDb", elevationDeg);
    return Interpolate(FADING_TABLES[m_scenario][GetBand() == KA_BAND ? 1 : 0].clutterDb,
                       elevationDeg);
}

double
NtnPropagationLossModel::GetZenithAttenuationDb() const
{
    return std::isnan(m_zenithOverrideDb) ? m_dryZenithDb + m_wetZenithDb : m_zenithOverrideDb;
}

double
NtnPropagationLossModel::GetAtmosphericLossDb(double elevationDeg) const
{
    // Dry air and water vapour follow their own equivalent heights below 5°; an override of the
    // zenith attenuation scales both.
    const double computedDb = m_dryZenithDb + m_wetZenithDb;
    const double slantDb = m_dryZenithDb * GaseousAirMass(elevationDeg, m_dryHeightKm) +
                           m_wetZenithDb * GaseousAirMass(elevationDeg, m_wetHeightKm);
    if (std::isnan(m_zenithOverrideDb))
    {
        return slantDb;
    }
    return computedDb > 0.0 ? slantDb * m_zenithOverrideDb / computedDb : 0.0;
}

double
NtnPropagationLossModel::GetMeanPathLossDb(double distanceM, double elevationDeg) const
{
    return FreeSpacePathLossDb(distanceM, m_frequencyHz) + GetAtmosphericLossDb(elevationDeg) +
           (1.0 - GetLosProbability(elevationDeg)) * GetClutterLossDb(elevationDeg);
}

double
NtnPropagationLossModel::DoCalcLossDb(Ptr<MobilityModel> a,
                                      Ptr<MobilityModel> b,
                                      double distanceM,
                                      double elevationDeg) const
{
    if (!m_shadowingEnabled)
    {
        return GetMeanPathLossDb(distanceM, elevationDeg);
    }

    const PairKey key = PeekPointer(a) < PeekPointer(b) ? PairKey(PeekPointer(a), PeekPointer(b))
                                                        : PairKey(PeekPointer(b), PeekPointer(a));
    const Time now = Simulator::Now();
    auto it = m_states.find(key);
    if (it == m_states.end() || m_shadowingUpdatePeriod.IsZero() ||
        now - it->second.drawnAt >= m_shadowingUpdatePeriod)
    {
        ShadowingState state;
        state.drawnAt = now;
        state.los = m_losVariable->GetValue() < GetLosProbability(elevationDeg);
        state.normal = m_shadowingVariable->GetValue();
        it = m_states.insert_or_assign(key, state).first;
        NS_LOG_DEBUG("new draw: " << (state.los ? "LOS" : "NLOS") << ", z = " << state.normal);
    }
    const ShadowingState& state = it->second;
    double lossDb = FreeSpacePathLossDb(distanceM, m_frequencyHz) +
                    GetAtmosphericLossDb(elevationDeg) +
                    state.normal * GetShadowFadingStdDb(state.los, elevationDeg);
    if (!state.los)
    {
        lossDb += GetClutterLossDb(elevationDeg);
    }
    return lossDb;
}

int64_t
NtnPropagationLossModel::DoAssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_losVariable->SetStream(stream);
    m_shadowingVariable->SetStream(stream + 1);
    return 2;
}

} // namespace sagin
} // namespace ns3
