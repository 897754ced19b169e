// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_AL_HOURANI_PROPAGATION_LOSS_MODEL_H
#define SAGIN_AL_HOURANI_PROPAGATION_LOSS_MODEL_H

#include "elevation-propagation-loss-model.h"

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief Mean air-to-ground path loss (UAV–base station) after Al-Hourani, Kandeepan and
 *        Lardner, "Optimal LAP altitude for maximum coverage", IEEE Wireless Communications
 *        Letters 3(6), 2014.
 *
 * The mean path loss of a pair at distance d and elevation θ (degrees, the higher node seen from
 * the lower one, see ElevationPropagationLossModel) is
 *
 *     PL = FSPL(d, f) + P_LoS(θ)·η_LoS + (1 − P_LoS(θ))·η_NLoS   [dB]
 *     P_LoS(θ) = 1 / (1 + a·exp(−b·(θ − a)))
 *
 * with FSPL the free-space loss 20·log10(4π·d·f/c) (FreeSpacePathLossDb()) and η_LoS, η_NLoS the
 * mean excess losses of the line-of-sight and non-line-of-sight groups. The model has no random
 * part: it returns the mean.
 *
 * The parameters per environment (Environment attribute) are the paper's:
 * | Environment   | a     | b    | η_LoS (dB) | η_NLoS (dB) |
 * |---------------|-------|------|------------|-------------|
 * | Suburban      | 4.88  | 0.43 | 0.1        | 21          |
 * | Urban         | 9.61  | 0.16 | 1.0        | 20          |
 * | DenseUrban    | 12.08 | 0.11 | 1.6        | 23          |
 * | HighRiseUrban | 27.23 | 0.08 | 2.3        | 34          |
 *
 * The attributes A, B, EtaLosDb and EtaNlosDb override one parameter each; NaN (their default)
 * keeps the environment's value.
 *
 * Below the elevation mask (ElevationMask, default -90°: no mask) CalcRxPower() returns
 * -infinity dBm. Coincident nodes get no loss (as ns-3's FriisPropagationLossModel).
 */
class AlHouraniPropagationLossModel : public ElevationPropagationLossModel
{
  public:
    /// The environments of the paper.
    enum Environment
    {
        SUBURBAN,       //!< suburban
        URBAN,          //!< urban
        DENSE_URBAN,    //!< dense urban
        HIGH_RISE_URBAN //!< high-rise urban
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    AlHouraniPropagationLossModel();
    ~AlHouraniPropagationLossModel() override;

    /// @return the carrier frequency, in Hz
    double GetFrequencyHz() const;
    /// @return the environment
    Environment GetEnvironment() const;
    /// @return the parameter a in use (the override, or the environment's)
    double GetA() const;
    /// @return the parameter b in use (the override, or the environment's)
    double GetB() const;
    /// @return the mean excess loss of line-of-sight links in use, in dB
    double GetEtaLosDb() const;
    /// @return the mean excess loss of non-line-of-sight links in use, in dB
    double GetEtaNlosDb() const;

    /**
     * @param elevationDeg the elevation angle, in degrees, in [-90, 90]
     * @return P_LoS = 1 / (1 + a·exp(−b·(θ − a))), in [0, 1]
     * @throws std::invalid_argument when the elevation is not in [-90, 90]
     */
    double GetLosProbability(double elevationDeg) const;

    /**
     * @param distanceM the distance between the nodes, in m (> 0)
     * @param elevationDeg the elevation angle, in degrees, in [-90, 90]
     * @return FSPL + P_LoS·η_LoS + (1 − P_LoS)·η_NLoS, in dB
     * @throws std::invalid_argument when an argument is out of range
     */
    double GetMeanPathLossDb(double distanceM, double elevationDeg) const;

  private:
    double DoCalcLossDb(Ptr<MobilityModel> a,
                        Ptr<MobilityModel> b,
                        double distanceM,
                        double elevationDeg) const override;
    int64_t DoAssignStreams(int64_t stream) override;

    double m_frequencyHz;       //!< carrier frequency, Hz
    Environment m_environment;  //!< environment of the default parameters
    double m_aOverride;         //!< a, or NaN for the environment's
    double m_bOverride;         //!< b, or NaN for the environment's
    double m_etaLosOverrideDb;  //!< η_LoS in dB, or NaN for the environment's
    double m_etaNlosOverrideDb; //!< η_NLoS in dB, or NaN for the environment's
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_AL_HOURANI_PROPAGATION_LOSS_MODEL_H
