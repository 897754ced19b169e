// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_SGP4_PROPAGATOR_H
#define SAGIN_SGP4_PROPAGATOR_H

#include "two-line-element-set.h"

#include "ns3/vector.h"

#include <string>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The SGP4 orbit propagator for near-Earth element sets.
 *
 * The method of Spacetrack Report #3 (Hoots and Roehrich, 1980) as revised by Vallado, Crawford,
 * Hujsak and Kelso, "Revisiting Spacetrack Report #3" (AIAA 2006-6753): secular effects of J2,
 * J4 and atmospheric drag (a power-density atmosphere and the B* term), long-period J3 terms and
 * short-period J2 terms, with the WGS-72 constants and the "improved" operation mode. The state
 * is in the TEME frame (true equator, mean equinox of the epoch), the frame of element sets.
 *
 * Only near-Earth orbits are handled: an element set whose period is 225 minutes or more needs
 * the deep-space extension (SDP4) and is refused. With the reduced ("simplified") drag terms
 * for perigees below 220 km, as in the revised method.
 */
class Sgp4Propagator
{
  public:
    /// The period from which an orbit is deep space, in minutes.
    static constexpr double DEEP_SPACE_PERIOD_MIN = 225.0;

    /**
     * @param elements the element set
     * @throws std::invalid_argument naming the satellite and its period when the period is 225
     *         minutes or more (deep space)
     */
    explicit Sgp4Propagator(const TwoLineElementSet& elements);

    /// @return the element set
    const TwoLineElementSet& GetElementSet() const;

    /// @return the orbital period at epoch from the recovered (Brouwer) mean motion, in minutes
    double GetPeriodMinutes() const;

    /**
     * @brief The state at a time since the element set's epoch.
     * @param minutesSinceEpoch the time since the epoch, in minutes (may be negative)
     * @param positionKm replaced by the TEME position, in km
     * @param velocityKmPerS replaced by the TEME velocity, in km/s
     * @throws std::runtime_error naming the satellite, the time and the reason when the orbit
     *         cannot be propagated to that time: the mean eccentricity left [-0.001, 1), the
     *         mean motion is not positive, the semi-latus rectum is negative, or the satellite
     *         has decayed (its radius is less than the Earth's)
     */
    void Propagate(double minutesSinceEpoch, Vector& positionKm, Vector& velocityKmPerS) const;

  private:
    /**
     * @param minutesSinceEpoch the time of the failure, in minutes
     * @param reason why the orbit cannot be propagated
     * @throws std::runtime_error naming the satellite, the time and the reason
     */
    [[noreturn]] void Fail(double minutesSinceEpoch, const std::string& reason) const;

    TwoLineElementSet m_elements; //!< the element set

    // Mean elements at epoch (radians, Earth radii, radians per minute).
    double m_inclination;       //!< i0, rad
    double m_raan;              //!< Ω0, rad
    double m_eccentricity;      //!< e0
    double m_argumentOfPerigee; //!< ω0, rad
    double m_meanAnomaly;       //!< M0, rad
    double m_meanMotion;        //!< n0'', the recovered (Brouwer) mean motion, rad/min
    double m_bStar;             //!< B*, 1/Earth radii

    // Secular rates of J2 and J4, and the drag terms.
    double m_meanAnomalyRate;       //!< Ṁ, rad/min
    double m_argumentOfPerigeeRate; //!< ω̇, rad/min
    double m_raanRate;              //!< Ω̇, rad/min
    double m_raanDrag;              //!< drag term of Ω, times t², rad/min²
    double m_c1;                    //!< C1, drag coefficient of the semi-major axis
    double m_c4;                    //!< C4, drag coefficient of the eccentricity
    double m_c5;                    //!< C5, drag coefficient of the eccentricity
    double m_eta;                   //!< η = a0 e0 ξ
    bool m_simplified;              //!< perigee below 220 km: the reduced drag terms only
    double m_argumentOfPerigeeDrag; //!< drag term of ω, times t
    double m_meanAnomalyDrag;       //!< drag term of M, times δ³ - δ0³ (δ = 1 + η cos M)
    double m_delta0Cubed;           //!< (1 + η cos M0)³
    double m_sinMeanAnomaly0;       //!< sin M0
    double m_d2;                    //!< D2, semi-major axis term of t²
    double m_d3;                    //!< D3, semi-major axis term of t³
    double m_d4;                    //!< D4, semi-major axis term of t⁴
    double m_meanLongitudeT2;       //!< mean longitude drag term of t², 3/2 C1
    double m_meanLongitudeT3;       //!< mean longitude drag term of t³
    double m_meanLongitudeT4;       //!< mean longitude drag term of t⁴
    double m_meanLongitudeT5;       //!< mean longitude drag term of t⁵

    // Periodic terms.
    double m_longPeriodAy;    //!< J3 long-period coefficient of a_yN, -J3/(2 J2) sin i0
    double m_longPeriodL;     //!< J3 long-period coefficient of the mean longitude
    double m_threeCos2Minus1; //!< 3 cos² i0 - 1
    double m_oneMinusCos2;    //!< 1 - cos² i0
    double m_sevenCos2Minus1; //!< 7 cos² i0 - 1
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_SGP4_PROPAGATOR_H
