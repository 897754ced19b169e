// SPDX-License-Identifier: GPL-2.0-only

#include "circular-orbit-mobility-model.h"

#include "ns3/double.h"
#include "ns3/log.h"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCircularOrbitMobilityModel");

NS_OBJECT_ENSURE_REGISTERED(CircularOrbitMobilityModel);

namespace
{

constexpr double PI = 3.14159265358979323846;
constexpr double DEG_TO_RAD = PI / 180.0;

/// Ranges of the attributes, shared by the checkers and the setters.
constexpr double MAX_ALTITUDE_M = 1e8;
constexpr double MAX_INCLINATION_DEG = 180.0;
constexpr double MAX_ANGLE_DEG = 360.0;
constexpr double MIN_MU_M3_PER_S2 = std::numeric_limits<double>::min();

/**
 * @brief Throw std::invalid_argument when a value is outside [low, high] (or NaN).
 * @param what the quantity and its unit, e.g. "altitude (m)"
 * @param value the value
 * @param low the lowest value allowed
 * @param high the highest value allowed
 */
void
CheckRange(const char* what, double value, double low, double high)
{
    if (!(value >= low && value <= high))
    {
        std::ostringstream os;
        os << "CircularOrbitMobilityModel: " << what << " " << value << " is outside [" << low
           << ", " << high << "]";
        throw std::invalid_argument(os.str());
    }
}

} // namespace

TypeId
CircularOrbitMobilityModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::CircularOrbitMobilityModel")
            .SetParent<OrbitMobilityModel>()
            .SetGroupName("Sagin")
            .AddConstructor<CircularOrbitMobilityModel>()
            .AddAttribute("Altitude",
                          "Height of the orbit above the WGS 84 equatorial radius (6378137 m), "
                          "in m; the orbit's radius is 6378137 m + Altitude.",
                          DoubleValue(550e3),
                          MakeDoubleAccessor(&CircularOrbitMobilityModel::SetAltitude,
                                             &CircularOrbitMobilityModel::GetAltitude),
                          MakeDoubleChecker<double>(0.0, MAX_ALTITUDE_M))
            .AddAttribute("Inclination",
                          "Inclination of the orbital plane to the equator, in degrees.",
                          DoubleValue(53.0),
                          MakeDoubleAccessor(&CircularOrbitMobilityModel::SetInclination,
                                             &CircularOrbitMobilityModel::GetInclination),
                          MakeDoubleChecker<double>(0.0, MAX_INCLINATION_DEG))
            .AddAttribute("RightAscension",
                          "Right ascension of the ascending node in the inertial frame, in "
                          "degrees.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&CircularOrbitMobilityModel::SetRightAscension,
                                             &CircularOrbitMobilityModel::GetRightAscension),
                          MakeDoubleChecker<double>(-MAX_ANGLE_DEG, MAX_ANGLE_DEG))
            .AddAttribute("ArgumentOfLatitude",
                          "Angle from the ascending node to the satellite along the orbit at "
                          "the epoch, in degrees.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&CircularOrbitMobilityModel::SetArgumentOfLatitude,
                                             &CircularOrbitMobilityModel::GetArgumentOfLatitude),
                          MakeDoubleChecker<double>(-MAX_ANGLE_DEG, MAX_ANGLE_DEG))
            .AddAttribute(
                "GravitationalParameter",
                "Gravitational parameter GM of the central body, in m^3/s^2.",
                DoubleValue(EARTH_GRAVITATIONAL_PARAMETER_M3_PER_S2),
                MakeDoubleAccessor(&CircularOrbitMobilityModel::SetGravitationalParameter,
                                   &CircularOrbitMobilityModel::GetGravitationalParameter),
                MakeDoubleChecker<double>(MIN_MU_M3_PER_S2));
    return tid;
}

CircularOrbitMobilityModel::CircularOrbitMobilityModel()
    : m_altitudeM(550e3),
      m_inclinationDeg(53.0),
      m_raanDeg(0.0),
      m_argumentOfLatitudeDeg(0.0),
      m_muM3PerS2(EARTH_GRAVITATIONAL_PARAMETER_M3_PER_S2)
{
    NS_LOG_FUNCTION(this);
    Recompute();
}

CircularOrbitMobilityModel::~CircularOrbitMobilityModel()
{
    NS_LOG_FUNCTION(this);
}

void
CircularOrbitMobilityModel::Recompute()
{
    m_radiusM = WGS84_EQUATORIAL_RADIUS_M + m_altitudeM;
    m_meanMotionRadPerS = std::sqrt(m_muM3PerS2 / (m_radiusM * m_radiusM * m_radiusM));
    m_u0Rad = m_argumentOfLatitudeDeg * DEG_TO_RAD;
    m_cosI = std::cos(m_inclinationDeg * DEG_TO_RAD);
    m_sinI = std::sin(m_inclinationDeg * DEG_TO_RAD);
    m_cosRaan = std::cos(m_raanDeg * DEG_TO_RAD);
    m_sinRaan = std::sin(m_raanDeg * DEG_TO_RAD);
    InvalidateCache();
}

void
CircularOrbitMobilityModel::GetInertialState(double secondsSinceEpoch,
                                             Vector& positionM,
                                             Vector& velocityMps) const
{
    const double u = m_u0Rad + m_meanMotionRadPerS * secondsSinceEpoch;
    const double cosU = std::cos(u);
    const double sinU = std::sin(u);
    // The orbit's in-plane unit vectors rotated by the inclination about the line of nodes and by
    // the right ascension about the polar axis: P toward the ascending node, Q 90° ahead.
    const Vector p(m_cosRaan, m_sinRaan, 0.0);
    const Vector q(-m_sinRaan * m_cosI, m_cosRaan * m_cosI, m_sinI);
    const double r = m_radiusM;
    const double speed = m_radiusM * m_meanMotionRadPerS;
    positionM = Vector(r * (cosU * p.x + sinU * q.x),
                       r * (cosU * p.y + sinU * q.y),
                       r * (cosU * p.z + sinU * q.z));
    velocityMps = Vector(speed * (-sinU * p.x + cosU * q.x),
                         speed * (-sinU * p.y + cosU * q.y),
                         speed * (-sinU * p.z + cosU * q.z));
}

void
CircularOrbitMobilityModel::SetAltitude(double altitudeM)
{
    NS_LOG_FUNCTION(this << altitudeM);
    CheckRange("altitude (m)", altitudeM, 0.0, MAX_ALTITUDE_M);
    m_altitudeM = altitudeM;
    Recompute();
}

double
CircularOrbitMobilityModel::GetAltitude() const
{
    return m_altitudeM;
}

void
CircularOrbitMobilityModel::SetInclination(double inclinationDeg)
{
    NS_LOG_FUNCTION(this << inclinationDeg);
    CheckRange("inclination (deg)", inclinationDeg, 0.0, MAX_INCLINATION_DEG);
    m_inclinationDeg = inclinationDeg;
    Recompute();
}

double
CircularOrbitMobilityModel::GetInclination() const
{
    return m_inclinationDeg;
}

void
CircularOrbitMobilityModel::SetRightAscension(double raanDeg)
{
    NS_LOG_FUNCTION(this << raanDeg);
    CheckRange("right ascension (deg)", raanDeg, -MAX_ANGLE_DEG, MAX_ANGLE_DEG);
    m_raanDeg = raanDeg;
    Recompute();
}

double
CircularOrbitMobilityModel::GetRightAscension() const
{
    return m_raanDeg;
}

void
CircularOrbitMobilityModel::SetArgumentOfLatitude(double argumentDeg)
{
    NS_LOG_FUNCTION(this << argumentDeg);
    CheckRange("argument of latitude (deg)", argumentDeg, -MAX_ANGLE_DEG, MAX_ANGLE_DEG);
    m_argumentOfLatitudeDeg = argumentDeg;
    Recompute();
}

double
CircularOrbitMobilityModel::GetArgumentOfLatitude() const
{
    return m_argumentOfLatitudeDeg;
}

void
CircularOrbitMobilityModel::SetGravitationalParameter(double muM3PerS2)
{
    NS_LOG_FUNCTION(this << muM3PerS2);
    CheckRange("gravitational parameter (m^3/s^2)",
               muM3PerS2,
               MIN_MU_M3_PER_S2,
               std::numeric_limits<double>::max());
    m_muM3PerS2 = muM3PerS2;
    Recompute();
}

double
CircularOrbitMobilityModel::GetGravitationalParameter() const
{
    return m_muM3PerS2;
}

double
CircularOrbitMobilityModel::GetRadiusM() const
{
    return m_radiusM;
}

double
CircularOrbitMobilityModel::GetMeanMotionRadPerS() const
{
    return m_meanMotionRadPerS;
}

double
CircularOrbitMobilityModel::GetSpeedMps() const
{
    return m_radiusM * m_meanMotionRadPerS;
}

Time
CircularOrbitMobilityModel::GetPeriod() const
{
    return Seconds(2.0 * PI / m_meanMotionRadPerS);
}

} // namespace sagin
} // namespace ns3
