// SPDX-License-Identifier: GPL-2.0-only

#include "orbit-mobility-model.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginOrbitMobilityModel");

NS_OBJECT_ENSURE_REGISTERED(OrbitMobilityModel);

namespace
{
/// The default epoch of simulation time 0.
constexpr const char* DEFAULT_EPOCH = "2026-01-01T00:00:00Z";
} // namespace

TypeId
OrbitMobilityModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::OrbitMobilityModel")
            .SetParent<MobilityModel>()
            .SetGroupName("Sagin")
            .AddAttribute("OriginLatitude",
                          "Geodetic latitude of the scenario's origin, in degrees.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&OrbitMobilityModel::SetOriginLatitude),
                          MakeDoubleChecker<double>(-90.0, 90.0))
            .AddAttribute("OriginLongitude",
                          "Longitude of the scenario's origin, in degrees.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&OrbitMobilityModel::SetOriginLongitude),
                          MakeDoubleChecker<double>(-180.0, 180.0))
            .AddAttribute("OriginAltitude",
                          "Height of the scenario's origin above the WGS 84 ellipsoid, in m.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&OrbitMobilityModel::SetOriginAltitude),
                          MakeDoubleChecker<double>(-1e4, 1e8))
            .AddAttribute("Epoch",
                          "The UTC instant of simulation time 0, ISO 8601 "
                          "(YYYY-MM-DDTHH:MM:SS[.fff][Z]).",
                          StringValue(DEFAULT_EPOCH),
                          MakeStringAccessor(&OrbitMobilityModel::SetEpochText,
                                             &OrbitMobilityModel::GetEpochText),
                          MakeStringChecker())
            .AddAttribute("EarthRotation",
                          "Whether the Earth rotates under the orbit; if false, the Earth-fixed "
                          "frame is the inertial frame frozen at the epoch.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&OrbitMobilityModel::m_earthRotation),
                          MakeBooleanChecker());
    return tid;
}

OrbitMobilityModel::OrbitMobilityModel()
    : m_epoch(JulianDate::FromIso8601(DEFAULT_EPOCH)),
      m_epochText(DEFAULT_EPOCH),
      m_earthRotation(true),
      m_cacheValid(false)
{
    NS_LOG_FUNCTION(this);
}

OrbitMobilityModel::~OrbitMobilityModel()
{
    NS_LOG_FUNCTION(this);
}

const GeoFrame&
OrbitMobilityModel::GetFrame() const
{
    return m_frame;
}

void
OrbitMobilityModel::SetFrame(const GeoFrame& frame)
{
    NS_LOG_FUNCTION(this);
    m_frame = frame;
    InvalidateCache();
}

JulianDate
OrbitMobilityModel::GetEpoch() const
{
    return m_epoch;
}

void
OrbitMobilityModel::SetEpoch(const JulianDate& epoch)
{
    NS_LOG_FUNCTION(this << epoch.Get());
    m_epoch = epoch;
    m_epochText = "JD " + std::to_string(epoch.Get());
    InvalidateCache();
}

void
OrbitMobilityModel::SetOriginLatitude(double value)
{
    SetFrame(GeoFrame(value, m_frame.GetLongitudeDeg(), m_frame.GetAltitudeM()));
}

void
OrbitMobilityModel::SetOriginLongitude(double value)
{
    SetFrame(GeoFrame(m_frame.GetLatitudeDeg(), value, m_frame.GetAltitudeM()));
}

void
OrbitMobilityModel::SetOriginAltitude(double value)
{
    SetFrame(GeoFrame(m_frame.GetLatitudeDeg(), m_frame.GetLongitudeDeg(), value));
}

void
OrbitMobilityModel::SetEpochText(const std::string& text)
{
    m_epoch = JulianDate::FromIso8601(text);
    m_epochText = text;
    InvalidateCache();
}

std::string
OrbitMobilityModel::GetEpochText() const
{
    return m_epochText;
}

void
OrbitMobilityModel::InvalidateCache()
{
    m_cacheValid = false;
}

void
OrbitMobilityModel::GetEarthFixedState(double secondsSinceEpoch,
                                       Vector& positionM,
                                       Vector& velocityMps) const
{
    GetInertialState(secondsSinceEpoch, positionM, velocityMps);
    double gmst = GreenwichMeanSiderealTime(m_earthRotation ? m_epoch.AddSeconds(secondsSinceEpoch)
                                                            : m_epoch);
    if (m_earthRotation)
    {
        InertialToEarthFixed(gmst, positionM, velocityMps);
    }
    else
    {
        // A frozen Earth: the same rotation, without the transport term of the rotating frame.
        Vector ignored;
        InertialToEarthFixed(gmst, velocityMps, ignored);
        InertialToEarthFixed(gmst, positionM, ignored);
    }
}

Vector
OrbitMobilityModel::GetPositionAt(Time time) const
{
    Vector position;
    Vector velocity;
    GetEarthFixedState(time.GetSeconds(), position, velocity);
    return m_frame.EcefToLocal(position);
}

void
OrbitMobilityModel::Update() const
{
    Time now = Simulator::Now();
    if (m_cacheValid && now == m_cacheTime)
    {
        return;
    }
    Vector position;
    Vector velocity;
    GetEarthFixedState(now.GetSeconds(), position, velocity);
    m_position = m_frame.EcefToLocal(position);
    m_velocity = m_frame.RotateEcefToLocal(velocity);
    m_cacheTime = now;
    m_cacheValid = true;
}

Vector
OrbitMobilityModel::DoGetPosition() const
{
    Update();
    return m_position;
}

Vector
OrbitMobilityModel::DoGetVelocity() const
{
    Update();
    return m_velocity;
}

void
OrbitMobilityModel::DoSetPosition(const Vector& position)
{
    NS_LOG_WARN("OrbitMobilityModel: SetPosition(" << position
                                                   << ") ignored; an orbit sets the position");
}

} // namespace sagin
} // namespace ns3
