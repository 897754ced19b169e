// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_GEO_FRAME_H
#define SAGIN_GEO_FRAME_H

#include "ns3/vector.h"

#include <memory>
#include <string>

namespace ns3
{
namespace sagin
{

/// Earth's rotation rate, in rad/s (WGS 84 / IERS nominal value).
constexpr double EARTH_ROTATION_RAD_PER_S = 7.292115146706979e-5;

/**
 * @ingroup sagin
 * @brief A UTC instant as a two-part Julian date, so that differences keep microseconds.
 *
 * The instant is `day + fraction` days; `day` is a whole Julian day number minus one half (a
 * midnight) and `fraction` is in [0, 1).
 */
struct JulianDate
{
    double day{2451544.5}; //!< Julian date of the instant's preceding midnight (UTC)
    double fraction{0.0};  //!< time since that midnight, in days

    /**
     * @brief Parse an ISO 8601 UTC instant, `YYYY-MM-DDTHH:MM:SS[.fff][Z]` (a space may replace
     *        the `T`; seconds may be omitted).
     * @param text the instant
     * @return the Julian date
     * @throws std::invalid_argument naming the text and what is wrong with it
     */
    static JulianDate FromIso8601(const std::string& text);

    /**
     * @brief Convert a calendar date and time (UTC, proleptic Gregorian, years 1900 to 2099).
     * @param year the year
     * @param month the month, 1..12
     * @param day the day of the month, 1..31
     * @param hour the hour, 0..23
     * @param minute the minute, 0..59
     * @param second the second, [0, 61)
     * @return the Julian date
     * @throws std::invalid_argument naming the field out of range
     */
    static JulianDate FromCalendar(int year,
                                   int month,
                                   int day,
                                   int hour,
                                   int minute,
                                   double second);

    /// @return the Julian date as one number (loses sub-millisecond resolution)
    double Get() const;

    /**
     * @param seconds a duration, in s (may be negative)
     * @return this instant plus @p seconds
     */
    JulianDate AddSeconds(double seconds) const;

    /**
     * @param other another instant
     * @return this instant minus @p other, in s
     */
    double SecondsSince(const JulianDate& other) const;
};

/**
 * @ingroup sagin
 * @brief Greenwich mean sidereal time, IAU 1982 model (the one SGP4's TEME frame is defined with).
 * @param jdUt1 the instant (UT1 taken equal to UTC)
 * @return the angle, in rad, in [0, 2π)
 */
double GreenwichMeanSiderealTime(const JulianDate& jdUt1);

/**
 * @ingroup sagin
 * @brief Rotate an inertial (TEME) state into the Earth-fixed frame (pseudo Earth-fixed: polar
 *        motion neglected).
 * @param gmstRad Greenwich mean sidereal time, in rad
 * @param position the inertial position, any unit; replaced by the Earth-fixed position
 * @param velocity the inertial velocity, same unit per s; replaced by the velocity relative to
 *        the rotating Earth
 */
void InertialToEarthFixed(double gmstRad, Vector& position, Vector& velocity);

/**
 * @ingroup sagin
 * @brief The scenario's local East-North-Up frame around a geographic origin.
 *
 * Ground and air nodes move in this frame with ns-3's own mobility models (x east, y north, z up,
 * in m, z = 0 on the WGS 84 ellipsoid's tangent plane at the origin's altitude); satellites report
 * their position in the same frame. Geodesy (geographic ↔ Earth-centred Earth-fixed) is ns-3's
 * GeographicPositions with the WGS 84 ellipsoid.
 */
class GeoFrame
{
  public:
    /// A frame at latitude 0, longitude 0, altitude 0.
    GeoFrame();

    /**
     * @param latitudeDeg the origin's geodetic latitude, in degrees, [-90, 90]
     * @param longitudeDeg the origin's longitude, in degrees, [-180, 180]
     * @param altitudeM the origin's height above the ellipsoid, in m
     * @throws std::invalid_argument naming the coordinate out of range
     */
    GeoFrame(double latitudeDeg, double longitudeDeg, double altitudeM);

    /// @return the origin's latitude, in degrees
    double GetLatitudeDeg() const;
    /// @return the origin's longitude, in degrees
    double GetLongitudeDeg() const;
    /// @return the origin's altitude, in m
    double GetAltitudeM() const;
    /// @return the origin in Earth-centred Earth-fixed coordinates, in m
    Vector GetOriginEcef() const;

    /**
     * @param ecef a point in Earth-centred Earth-fixed coordinates, in m
     * @return the same point in the local frame, in m
     */
    Vector EcefToLocal(const Vector& ecef) const;

    /**
     * @param local a point in the local frame, in m
     * @return the same point in Earth-centred Earth-fixed coordinates, in m
     */
    Vector LocalToEcef(const Vector& local) const;

    /**
     * @param ecef a direction (velocity, difference) in Earth-fixed axes
     * @return the same direction in the local frame's axes
     */
    Vector RotateEcefToLocal(const Vector& ecef) const;

    /**
     * @param local a direction in the local frame's axes
     * @return the same direction in Earth-fixed axes
     */
    Vector RotateLocalToEcef(const Vector& local) const;

    /**
     * @param latitudeDeg geodetic latitude, in degrees
     * @param longitudeDeg longitude, in degrees
     * @param altitudeM height above the ellipsoid, in m
     * @return the point in the local frame, in m
     */
    Vector GeographicToLocal(double latitudeDeg, double longitudeDeg, double altitudeM) const;

    /**
     * @param local a point in the local frame, in m
     * @return (latitude in degrees, longitude in degrees, altitude in m) of the point
     */
    Vector LocalToGeographic(const Vector& local) const;

    /**
     * @brief The local vertical (ellipsoid normal, pointing up) at a point, in the frame's axes.
     * @param local a point in the local frame, in m
     * @return a unit vector
     */
    Vector GetUp(const Vector& local) const;

    /**
     * @brief Elevation of @p target above the horizon of @p observer (the plane normal to the
     *        observer's local vertical), both in the local frame.
     * @param observer the observer's position, in m
     * @param target the target's position, in m
     * @return the elevation angle, in degrees, in [-90, 90]; 90 when the points coincide
     */
    double GetElevationDeg(const Vector& observer, const Vector& target) const;

  private:
    double m_latitudeDeg;    //!< origin latitude, degrees
    double m_longitudeDeg;   //!< origin longitude, degrees
    double m_altitudeM;      //!< origin altitude, m
    Vector m_originEcef;     //!< origin in ECEF, m
    double m_rotation[3][3]; //!< rows: east, north, up unit vectors in ECEF axes
    /// Results of GetUp(), shared by the copies of a frame.
    struct UpCache;
    // The inverse geodesy of GetUp() is the costly part of an elevation, and the same points
    // come back: fixed nodes (base stations, imaged locations) at every frame, a moving node for
    // all its candidate links of one instant.
    mutable std::shared_ptr<UpCache> m_upCache; //!< recent results, made at first use
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_GEO_FRAME_H
