// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_CIRCULAR_ORBIT_MOBILITY_MODEL_H
#define SAGIN_CIRCULAR_ORBIT_MOBILITY_MODEL_H

#include "orbit-mobility-model.h"

#include "ns3/nstime.h"

namespace ns3
{
namespace sagin
{

/// WGS 84 equatorial radius (semi-major axis), in m: the reference of orbit altitudes.
constexpr double WGS84_EQUATORIAL_RADIUS_M = 6378137.0;

/// The Earth's gravitational parameter GM (WGS 84, with the atmosphere), in m³/s².
constexpr double EARTH_GRAVITATIONAL_PARAMETER_M3_PER_S2 = 3.986004418e14;

/**
 * @ingroup sagin
 * @brief A satellite on a circular Keplerian orbit (two-body, no perturbations).
 *
 * The orbit has radius r = 6378137 m + Altitude, inclination i, right ascension of the ascending
 * node Ω in the inertial frame, and argument of latitude u₀ (the angle from the ascending node
 * along the orbit) at the epoch. The satellite moves with the mean motion n = √(μ/r³), so
 * u(t) = u₀ + n·t, and its inertial position and velocity are
 *
 *     r(t) = r · (cos Ω cos u − sin Ω sin u cos i,  sin Ω cos u + cos Ω sin u cos i,  sin u sin i)
 *     v(t) = r·n · (−cos Ω sin u − sin Ω cos u cos i,  −sin Ω sin u + cos Ω cos u cos i,
 *                   cos u sin i)
 *
 * OrbitMobilityModel turns them into the scenario's local frame. Speed √(μ/r), period 2π/n.
 */
class CircularOrbitMobilityModel : public OrbitMobilityModel
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    CircularOrbitMobilityModel();
    ~CircularOrbitMobilityModel() override;

    void GetInertialState(double secondsSinceEpoch,
                          Vector& positionM,
                          Vector& velocityMps) const override;

    /**
     * @param altitudeM height of the orbit above the WGS 84 equatorial radius, in m, [0, 1e8]
     * @throws std::invalid_argument when out of range
     */
    void SetAltitude(double altitudeM);
    /// @return height of the orbit above the WGS 84 equatorial radius, in m
    double GetAltitude() const;

    /**
     * @param inclinationDeg inclination, in degrees, [0, 180]
     * @throws std::invalid_argument when out of range
     */
    void SetInclination(double inclinationDeg);
    /// @return inclination, in degrees
    double GetInclination() const;

    /**
     * @param raanDeg right ascension of the ascending node, in degrees, [-360, 360]
     * @throws std::invalid_argument when out of range
     */
    void SetRightAscension(double raanDeg);
    /// @return right ascension of the ascending node, in degrees
    double GetRightAscension() const;

    /**
     * @param argumentDeg argument of latitude at the epoch, in degrees, [-360, 360]
     * @throws std::invalid_argument when out of range
     */
    void SetArgumentOfLatitude(double argumentDeg);
    /// @return argument of latitude at the epoch, in degrees
    double GetArgumentOfLatitude() const;

    /**
     * @param muM3PerS2 gravitational parameter of the central body, in m³/s², > 0
     * @throws std::invalid_argument when not positive
     */
    void SetGravitationalParameter(double muM3PerS2);
    /// @return gravitational parameter of the central body, in m³/s²
    double GetGravitationalParameter() const;

    /// @return the orbit's radius, in m
    double GetRadiusM() const;
    /// @return the mean motion √(μ/r³), in rad/s
    double GetMeanMotionRadPerS() const;
    /// @return the orbital speed √(μ/r), in m/s
    double GetSpeedMps() const;
    /// @return the orbital period 2π/n
    Time GetPeriod() const;

  private:
    /// Recompute the derived quantities and forget the cached state.
    void Recompute();

    double m_altitudeM;             //!< altitude above the equatorial radius, m
    double m_inclinationDeg;        //!< inclination, degrees
    double m_raanDeg;               //!< right ascension of the ascending node, degrees
    double m_argumentOfLatitudeDeg; //!< argument of latitude at the epoch, degrees
    double m_muM3PerS2;             //!< gravitational parameter, m³/s²
    double m_radiusM;               //!< orbit radius, m
    double m_meanMotionRadPerS;     //!< mean motion, rad/s
    double m_u0Rad;                 //!< argument of latitude at the epoch, rad
    double m_cosI;                  //!< cos(inclination)
    double m_sinI;                  //!< sin(inclination)
    double m_cosRaan;               //!< cos(right ascension)
    double m_sinRaan;               //!< sin(right ascension)
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CIRCULAR_ORBIT_MOBILITY_MODEL_H
