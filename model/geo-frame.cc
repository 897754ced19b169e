// SPDX-License-Identifier: GPL-2.0-only

#include "geo-frame.h"

#include "ns3/geographic-positions.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

namespace
{

constexpr double PI = 3.14159265358979323846;
constexpr double DEG_TO_RAD = PI / 180.0;
constexpr double SECONDS_PER_DAY = 86400.0;

/// Carry whole days from the fraction into the day count, so that the fraction is in [0, 1).
JulianDate
Normalise(double day, double fraction)
{
    double whole = std::floor(fraction);
    return JulianDate{day + whole, fraction - whole};
}

} // namespace

JulianDate
JulianDate::FromCalendar(int year, int month, int day, int hour, int minute, double second)
{
    auto check = [](bool ok, const char* field, double value) {
        if (!ok)
        {
            std::ostringstream os;
            os << "JulianDate: " << field << " " << value << " is out of range";
            throw std::invalid_argument(os.str());
        }
    };
    check(year >= 1900 && year <= 2099, "year", year);
    check(month >= 1 && month <= 12, "month", month);
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    constexpr int DAYS_IN_MONTH[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int monthDays = DAYS_IN_MONTH[month - 1] + (month == 2 && leap ? 1 : 0);
    check(day >= 1 && day <= monthDays, "day", day);
    check(hour >= 0 && hour <= 23, "hour", hour);
    check(minute >= 0 && minute <= 59, "minute", minute);
    check(second >= 0.0 && second < 61.0, "second", second);
    // Vallado, "Fundamentals of Astrodynamics and Applications", algorithm 14 (valid 1900-2100).
    double jd = 367.0 * year - std::floor(7.0 * (year + std::floor((month + 9) / 12.0)) * 0.25) +
                std::floor(275.0 * month / 9.0) + day + 1721013.5;
    double fraction = (second + minute * 60.0 + hour * 3600.0) / SECONDS_PER_DAY;
    return Normalise(jd, fraction);
}

JulianDate
JulianDate::FromIso8601(const std::string& text)
{
    static const std::regex pattern(
        R"(^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?Z?\s*$)");
    std::smatch match;
    if (!std::regex_match(text, match, pattern))
    {
        throw std::invalid_argument("UTC instant \"" + text +
                                    "\" is not of the form YYYY-MM-DDTHH:MM:SS[.fff][Z]");
    }
    auto field = [&match](int i) { return match[i].matched ? std::stod(match[i].str()) : 0.0; };
    try
    {
        return FromCalendar(static_cast<int>(field(1)),
                            static_cast<int>(field(2)),
                            static_cast<int>(field(3)),
                            static_cast<int>(field(4)),
                            static_cast<int>(field(5)),
                            field(6));
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument("UTC instant \"" + text + "\": " + e.what());
    }
}

double
JulianDate::Get() const
{
    return day + fraction;
}

JulianDate
JulianDate::AddSeconds(double seconds) const
{
    return Normalise(day, fraction + seconds / SECONDS_PER_DAY);
}

double
JulianDate::SecondsSince(const JulianDate& other) const
{
    return ((day - other.day) + (fraction - other.fraction)) * SECONDS_PER_DAY;
}

double
GreenwichMeanSiderealTime(const JulianDate& jdUt1)
{
    // IAU 1982 GMST (Vallado et al. 2006, gstime): seconds of time from centuries since J2000.
    double tut1 = ((jdUt1.day - 2451545.0) + jdUt1.fraction) / 36525.0;
    double seconds = -6.2e-6 * tut1 * tut1 * tut1 + 0.093104 * tut1 * tut1 +
                     (876600.0 * 3600.0 + 8640184.812866) * tut1 + 67310.54841;
    double angle = std::fmod(seconds * DEG_TO_RAD / 240.0, 2.0 * PI);
    if (angle < 0.0)
    {
        angle += 2.0 * PI;
    }
    return angle;
}

void
InertialToEarthFixed(double gmstRad, Vector& position, Vector& velocity)
{
    double c = std::cos(gmstRad);
    double s = std::sin(gmstRad);
    Vector r(c * position.x + s * position.y, -s * position.x + c * position.y, position.z);
    Vector v(c * velocity.x + s * velocity.y, -s * velocity.x + c * velocity.y, velocity.z);
    // Velocity relative to the rotating Earth: v - ω × r, with ω along +z.
    v.x += EARTH_ROTATION_RAD_PER_S * r.y;
    v.y -= EARTH_ROTATION_RAD_PER_S * r.x;
    position = r;
    velocity = v;
}

GeoFrame::GeoFrame()
    : GeoFrame(0.0, 0.0, 0.0)
{
}

GeoFrame::GeoFrame(double latitudeDeg, double longitudeDeg, double altitudeM)
    : m_latitudeDeg(latitudeDeg),
      m_longitudeDeg(longitudeDeg),
      m_altitudeM(altitudeM)
{
    if (!(latitudeDeg >= -90.0 && latitudeDeg <= 90.0))
    {
        throw std::invalid_argument("GeoFrame: origin latitude " + std::to_string(latitudeDeg) +
                                    " deg is outside [-90, 90]");
    }
    if (!(longitudeDeg >= -180.0 && longitudeDeg <= 180.0))
    {
        throw std::invalid_argument("GeoFrame: origin longitude " + std::to_string(longitudeDeg) +
                                    " deg is outside [-180, 180]");
    }
    if (!std::isfinite(altitudeM) || altitudeM < -1e4 || altitudeM > 1e8)
    {
        throw std::invalid_argument("GeoFrame: origin altitude " + std::to_string(altitudeM) +
                                    " m is outside [-10 km, 100,000 km]");
    }
    m_originEcef =
        GeographicPositions::GeographicToCartesianCoordinates(latitudeDeg,
                                                              longitudeDeg,
                                                              altitudeM,
                                                              GeographicPositions::WGS84);
    double phi = latitudeDeg * DEG_TO_RAD;
    double lambda = longitudeDeg * DEG_TO_RAD;
    double east[3] = {-std::sin(lambda), std::cos(lambda), 0.0};
    double north[3] = {-std::sin(phi) * std::cos(lambda),
                       -std::sin(phi) * std::sin(lambda),
                       std::cos(phi)};
    double up[3] = {std::cos(phi) * std::cos(lambda),
                    std::cos(phi) * std::sin(lambda),
                    std::sin(phi)};
    for (int j = 0; j < 3; ++j)
    {
        m_rotation[0][j] = east[j];
        m_rotation[1][j] = north[j];
        m_rotation[2][j] = up[j];
    }
}

double
GeoFrame::GetLatitudeDeg() const
{
    return m_latitudeDeg;
}

double
GeoFrame::GetLongitudeDeg() const
{
    return m_longitudeDeg;
}

double
GeoFrame::GetAltitudeM() const
{
    return m_altitudeM;
}

Vector
GeoFrame::GetOriginEcef() const
{
    return m_originEcef;
}

Vector
GeoFrame::RotateEcefToLocal(const Vector& v) const
{
    return Vector(m_rotation[0][0] * v.x + m_rotation[0][1] * v.y + m_rotation[0][2] * v.z,
                  m_rotation[1][0] * v.x + m_rotation[1][1] * v.y + m_rotation[1][2] * v.z,
                  m_rotation[2][0] * v.x + m_rotation[2][1] * v.y + m_rotation[2][2] * v.z);
}

Vector
GeoFrame::RotateLocalToEcef(const Vector& v) const
{
    return Vector(m_rotation[0][0] * v.x + m_rotation[1][0] * v.y + m_rotation[2][0] * v.z,
                  m_rotation[0][1] * v.x + m_rotation[1][1] * v.y + m_rotation[2][1] * v.z,
                  m_rotation[0][2] * v.x + m_rotation[1][2] * v.y + m_rotation[2][2] * v.z);
}

Vector
GeoFrame::EcefToLocal(const Vector& ecef) const
{
    return RotateEcefToLocal(ecef - m_originEcef);
}

Vector
GeoFrame::LocalToEcef(const Vector& local) const
{
    return m_originEcef + RotateLocalToEcef(local);
}

Vector
GeoFrame::GeographicToLocal(double latitudeDeg, double longitudeDeg, double altitudeM) const
{
    return EcefToLocal(
        GeographicPositions::GeographicToCartesianCoordinates(latitudeDeg,
                                                              longitudeDeg,
                                                              altitudeM,
                                                              GeographicPositions::WGS84));
}

Vector
GeoFrame::LocalToGeographic(const Vector& local) const
{
    return GeographicPositions::CartesianToGeographicCoordinates(LocalToEcef(local),
                                                                 GeographicPositions::WGS84);
}

/**
 * Recent results of GetUp(): a two-way set-associative cache indexed by a hash of the point's
 * coordinates, so that two points of one set do not evict each other.
 */
struct GeoFrame::UpCache
{
    /// A point and its local vertical.
    struct Slot
    {
        bool used{false}; //!< whether the slot holds a result
        Vector point;     //!< the point, in the local frame
        Vector up;        //!< its local vertical
    };

    /// Two slots, and which of them was used last.
    struct Set
    {
        std::array<Slot, 2> slots; //!< the slots
        uint8_t recent{0};         //!< the index of the one used last
    };

    static constexpr unsigned BITS = 10; //!< log2 of the number of sets

    std::array<Set, std::size_t{1} << BITS> sets; //!< the sets

    /// @return the set of a point: SplitMix64's finaliser over its coordinates' bits
    Set& SetOf(const Vector& point)
    {
        uint64_t h = 0;
        for (double c : {point.x, point.y, point.z})
        {
            uint64_t z;
            std::memcpy(&z, &c, sizeof z);
            z ^= h;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
            h = z ^ (z >> 31);
        }
        return sets[h >> (64 - BITS)];
    }
};

Vector
GeoFrame::GetUp(const Vector& local) const
{
    if (!m_upCache)
    {
        m_upCache = std::make_shared<UpCache>();
    }
    UpCache::Set& set = m_upCache->SetOf(local);
    for (uint8_t i = 0; i < 2; ++i)
    {
        const UpCache::Slot& slot = set.slots[i];
        if (slot.used && local.x == slot.point.x && local.y == slot.point.y &&
            local.z == slot.point.z)
        {
            set.recent = i;
            return slot.up;
        }
    }
    Vector geographic = LocalToGeographic(local);
    double phi = geographic.x * DEG_TO_RAD;
    double lambda = geographic.y * DEG_TO_RAD;
    set.recent ^= 1; // the one not used last
    UpCache::Slot& slot = set.slots[set.recent];
    slot.up = RotateEcefToLocal(
        Vector(std::cos(phi) * std::cos(lambda), std::cos(phi) * std::sin(lambda), std::sin(phi)));
    slot.point = local;
    slot.used = true;
    return slot.up;
}

double
GeoFrame::GetElevationDeg(const Vector& observer, const Vector& target) const
{
    Vector d = target - observer;
    double length = d.GetLength();
    if (length == 0.0)
    {
        return 90.0;
    }
    Vector up = GetUp(observer);
    double s = (d.x * up.x + d.y * up.y + d.z * up.z) / length;
    s = std::max(-1.0, std::min(1.0, s));
    return std::asin(s) / DEG_TO_RAD;
}

} // namespace sagin
} // namespace ns3
