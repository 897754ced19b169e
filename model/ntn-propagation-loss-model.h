// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_NTN_PROPAGATION_LOSS_MODEL_H
#define SAGIN_NTN_PROPAGATION_LOSS_MODEL_H

#include "elevation-propagation-loss-model.h"

#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <map>
#include <utility>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Space-to-ground and space-to-air path loss after 3GPP TR 38.811 §6.6 (non-terrestrial
 *        networks).
 *
 * For a pair at distance d and elevation θ (the higher node seen from the lower one, see
 * ElevationPropagationLossModel):
 *
 *     PL = FSPL(d, f) + SF + CL(θ) + PL_g(θ)   [dB]
 *
 * - FSPL = 20·log10(4π·d·f/c), FreeSpacePathLossDb() (TR 38.811 eq. 6.6-2 writes it as
 *   32.45 + 20·log10(f/GHz) + 20·log10(d/m), which rounds 32.448 to 32.45);
 * - the link is line-of-sight (LOS) with the probability P_LOS(θ) of TR 38.811 table 6.6.1-1;
 * - SF is shadow fading, normal with zero mean and the standard deviation σ_SF(θ) of the LOS or
 *   NLOS column of tables 6.6.2-1 (dense urban), 6.6.2-2 (urban) and 6.6.2-3 (suburban and rural),
 *   S band or Ka band;
 * - CL(θ) is the clutter loss of the same tables for NLOS links, 0 for LOS links;
 * - PL_g is the attenuation by atmospheric gases (§6.6.4): the zenith attenuation A_zenith
 *   scaled by 1/sin(θ), where A_zenith comes from ITU-R P.676-10 Annex 2 at the reference
 *   atmosphere (1013.25 hPa, 15 °C, 7.5 g/m³; see gaseous-attenuation.h) unless the attribute
 *   ZenithAttenuationDb overrides it. Below 5° of elevation the curved-Earth path of P.676 Annex
 *   2 §2.2.2 replaces 1/sin(θ).
 *
 * The tables are given every 10° from 10° to 90°: between two rows the model interpolates
 * linearly in θ, and below 10° (reachable with an ElevationMask below 10) it uses the 10° row.
 * Scintillation and building-entry loss (§6.6.5, §6.6.6, §6.6.3) are not modelled.
 *
 * With ShadowingEnabled, each pair of mobility models has a LOS state (drawn with P_LOS) and a
 * standard normal value z (SF = z·σ_SF of the state at the current elevation), both drawn with
 * ns-3 random variables (AssignStreams() fixes their streams) and kept for
 * ShadowingUpdatePeriod of simulated time, after which they are drawn anew (period 0: at every
 * evaluation). Without shadowing the model returns the mean loss
 *
 *     PL = FSPL(d, f) + (1 − P_LOS(θ))·CL(θ) + PL_g(θ)
 *
 * (the clutter loss weighted by the NLOS probability, no random draw), also given by
 * GetMeanPathLossDb().
 *
 * Below the elevation mask (ElevationMask, default 10°, the lowest elevation of TR 38.811's
 * tables) IsVisible() is false and CalcRxPower() returns -infinity dBm. Coincident nodes get no
 * loss.
 *
 * TR 38.811's tables describe terminals on the ground among clutter; for space-to-air links the
 * model applies them unchanged (a UAV above the clutter is better described by a separate
 * instance with Scenario SuburbanRural, or without shadowing).
 */
class NtnPropagationLossModel : public ElevationPropagationLossModel
{
  public:
    /// The TR 38.811 scenarios with tables of their own.
    enum Scenario
    {
        DENSE_URBAN,   //!< dense urban (table 6.6.2-1)
        URBAN,         //!< urban (table 6.6.2-2)
        SUBURBAN_RURAL //!< suburban and rural (table 6.6.2-3)
    };

    /// The frequency bands of TR 38.811's tables.
    enum Band
    {
        AUTO_BAND, //!< chosen from the frequency: S below 6 GHz, Ka from 6 GHz
        S_BAND,    //!< S band (2 GHz)
        KA_BAND    //!< Ka band (20 GHz downlink, 30 GHz uplink)
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    NtnPropagationLossModel();
    ~NtnPropagationLossModel() override;

    /// @return the carrier frequency, in Hz
    double GetFrequencyHz() const;
    /// @return the scenario
    Scenario GetScenario() const;
    /// @return the band whose tables are used: S_BAND or KA_BAND (AUTO_BAND resolved)
    Band GetBand() const;
    /// @return whether shadow fading and the LOS state are drawn at random
    bool IsShadowingEnabled() const;

    /**
     * @param elevationDeg the elevation, in degrees, in [-90, 90]
     * @return P_LOS of table 6.6.1-1 for the scenario, interpolated, in [0, 1]
     * @throws std::invalid_argument when the elevation is out of range
     */
    double GetLosProbability(double elevationDeg) const;

    /**
     * @param los whether the link is line-of-sight
     * @param elevationDeg the elevation, in degrees, in [-90, 90]
     * @return σ_SF of tables 6.6.2-1..3 for the scenario and band, interpolated, in dB
     * @throws std::invalid_argument when the elevation is out of range
     */
    double GetShadowFadingStdDb(bool los, double elevationDeg) const;

    /**
     * @param elevationDeg the elevation, in degrees, in [-90, 90]
     * @return the NLOS clutter loss CL of tables 6.6.2-1..3 for the scenario and band,
     *         interpolated, in dB
     * @throws std::invalid_argument when the elevation is out of range
     */
    double GetClutterLossDb(double elevationDeg) const;

    /// @return the zenith attenuation by atmospheric gases in use, in dB
    double GetZenithAttenuationDb() const;

    /**
     * @param elevationDeg the elevation, in degrees, in [0, 90]
     * @return the attenuation by atmospheric gases along the slant path, in dB
     * @throws std::invalid_argument when the elevation is out of range
     */
    double GetAtmosphericLossDb(double elevationDeg) const;

    /**
     * @param distanceM the distance, in m (> 0)
     * @param elevationDeg the elevation, in degrees, in [0, 90]
     * @return FSPL + (1 − P_LOS)·CL + PL_g, in dB
     * @throws std::invalid_argument when an argument is out of range
     */
    double GetMeanPathLossDb(double distanceM, double elevationDeg) const;

  protected:
    void DoDispose() override;

  private:
    double DoCalcLossDb(Ptr<MobilityModel> a,
                        Ptr<MobilityModel> b,
                        double distanceM,
                        double elevationDeg) const override;
    int64_t DoAssignStreams(int64_t stream) override;

    /// @param frequencyHz the carrier frequency, in Hz; recomputes the gaseous attenuation
    void SetFrequencyHz(double frequencyHz);

    /**
     * @param table one of the tables, 9 rows for 10°, 20°, ..., 90°
     * @param elevationDeg the elevation, in degrees
     * @return the table interpolated linearly, the 10° row below 10°
     */
    static double Interpolate(const double (&table)[9], double elevationDeg);

    /// The random part of one pair.
    struct ShadowingState
    {
        Time drawnAt;  //!< simulation time of the draw
        bool los;      //!< whether the pair is line-of-sight
        double normal; //!< standard normal value: SF = normal·σ_SF
    };

    /// A pair of mobility models, in address order (the loss is reciprocal).
    using PairKey = std::pair<const MobilityModel*, const MobilityModel*>;

    double m_frequencyHz;         //!< carrier frequency, Hz
    Scenario m_scenario;          //!< scenario of the tables
    Band m_band;                  //!< band of the tables, as set
    bool m_shadowingEnabled;      //!< whether to draw the LOS state and shadow fading
    Time m_shadowingUpdatePeriod; //!< how long a pair keeps its draw
    double m_zenithOverrideDb;    //!< zenith attenuation override, dB, or NaN
    double m_dryZenithDb;         //!< dry-air zenith attenuation at the frequency, dB
    double m_wetZenithDb;         //!< water-vapour zenith attenuation at the frequency, dB
    double m_dryHeightKm;         //!< dry-air equivalent height at the frequency, km
    double m_wetHeightKm;         //!< water-vapour equivalent height at the frequency, km
    Ptr<UniformRandomVariable> m_losVariable;           //!< draws the LOS state
    Ptr<NormalRandomVariable> m_shadowingVariable;      //!< draws z, standard normal
    mutable std::map<PairKey, ShadowingState> m_states; //!< the draws of each pair
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_NTN_PROPAGATION_LOSS_MODEL_H
