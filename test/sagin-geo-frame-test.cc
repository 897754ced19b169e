// SPDX-License-Identifier: GPL-2.0-only

#include "ns3/sagin-module.h"

#include <cmath>
#include <gtest/gtest.h>
#include <stdexcept>

using namespace ns3;
using namespace ns3::sagin;

namespace
{
constexpr double PI = 3.14159265358979323846;
/// WGS 84 semi-major axis, m.
constexpr double WGS84_A = 6378137.0;
} // namespace

TEST(GeoFrame, JulianDates)
{
    // J2000.0 is 2000-01-01 12:00 UTC = JD 2451545.0.
    EXPECT_DOUBLE_EQ(JulianDate::FromIso8601("2000-01-01T12:00:00Z").Get(), 2451545.0);
    // Vallado, example 3-4: 1996-10-26 14:20:00 UTC = JD 2450383.09722222.
    EXPECT_NEAR(JulianDate::FromIso8601("1996-10-26 14:20:00").Get(), 2450383.0972222222, 1e-9);
    // Two instants 90.5 s apart, across midnight: the difference keeps the half second.
    JulianDate a = JulianDate::FromIso8601("2026-03-01T23:59:30Z");
    JulianDate b = JulianDate::FromIso8601("2026-03-02T00:01:00.5Z");
    EXPECT_NEAR(b.SecondsSince(a), 90.5, 1e-6);
    EXPECT_NEAR(a.AddSeconds(90.5).SecondsSince(b), 0.0, 1e-6);
    EXPECT_THROW(JulianDate::FromIso8601("2026-13-01T00:00:00Z"), std::invalid_argument);
    EXPECT_THROW(JulianDate::FromIso8601("yesterday"), std::invalid_argument);
    // February has 28 days in 2026 and 29 in 2024.
    EXPECT_THROW(JulianDate::FromIso8601("2026-02-29T00:00:00Z"), std::invalid_argument);
    EXPECT_NO_THROW(JulianDate::FromIso8601("2024-02-29T00:00:00Z"));
    EXPECT_THROW(JulianDate::FromIso8601("2026-04-31T00:00:00Z"), std::invalid_argument);
}

TEST(GeoFrame, GreenwichMeanSiderealTime)
{
    // Vallado, example 3-5: 1992-08-20 12:14:00 UT1, GMST = 152.578787886 degrees.
    JulianDate jd = JulianDate::FromCalendar(1992, 8, 20, 12, 14, 0.0);
    EXPECT_NEAR(GreenwichMeanSiderealTime(jd) * 180.0 / PI, 152.578787886, 1e-6);
}

TEST(GeoFrame, InertialToEarthFixed)
{
    // GMST 90°: the inertial x axis is the Earth-fixed -y axis. A satellite at (7000 km, 0, 0)
    // moving at 7.5 km/s along +y (inertial) is at (0, -7000 km, 0) fixed, with inertial velocity
    // (7.5, 0, 0) km/s; the Earth's rotation removes ω × r = (ω·7000 km, 0, 0) = 0.5104 km/s.
    Vector r(7000e3, 0, 0);
    Vector v(0, 7500, 0);
    InertialToEarthFixed(PI / 2, r, v);
    EXPECT_NEAR(r.x, 0.0, 1e-6);
    EXPECT_NEAR(r.y, -7000e3, 1e-6);
    EXPECT_NEAR(v.x, 7500 - EARTH_ROTATION_RAD_PER_S * 7000e3, 1e-6);
    EXPECT_NEAR(v.y, 0.0, 1e-6);
}

TEST(GeoFrame, LocalEastNorthUp)
{
    // Origin at latitude 0, longitude 0: ECEF +x is up, +y east, +z north.
    GeoFrame equator(0.0, 0.0, 0.0);
    Vector up = equator.EcefToLocal(Vector(WGS84_A + 100.0, 0.0, 0.0));
    EXPECT_NEAR(up.x, 0.0, 1e-6);
    EXPECT_NEAR(up.y, 0.0, 1e-6);
    EXPECT_NEAR(up.z, 100.0, 1e-6);
    Vector east = equator.RotateEcefToLocal(Vector(0, 1, 0));
    EXPECT_NEAR(east.x, 1.0, 1e-12);
    Vector north = equator.RotateEcefToLocal(Vector(0, 0, 1));
    EXPECT_NEAR(north.y, 1.0, 1e-12);

    // Round trips at a mid-latitude origin, and geographic coordinates of local points.
    GeoFrame munich(48.137, 11.575, 520.0);
    Vector p(1234.5, -678.9, 120.0);
    Vector back = munich.EcefToLocal(munich.LocalToEcef(p));
    EXPECT_NEAR(back.x, p.x, 1e-6);
    EXPECT_NEAR(back.y, p.y, 1e-6);
    EXPECT_NEAR(back.z, p.z, 1e-6);
    Vector origin = munich.GeographicToLocal(48.137, 11.575, 520.0);
    EXPECT_NEAR(origin.GetLength(), 0.0, 1e-6);
    // 100 m straight up from the origin is 100 m higher, same latitude and longitude (ns-3's
    // inverse geodesy stops iterating when the latitude moves by less than 1/30 arc second,
    // which leaves centimetres in the altitude).
    Vector geographic = munich.LocalToGeographic(Vector(0, 0, 100));
    EXPECT_NEAR(geographic.x, 48.137, 1e-6);
    EXPECT_NEAR(geographic.y, 11.575, 1e-9);
    EXPECT_NEAR(geographic.z, 620.0, 0.05);

    EXPECT_THROW(GeoFrame(91.0, 0.0, 0.0), std::invalid_argument);
    EXPECT_THROW(GeoFrame(0.0, 181.0, 0.0), std::invalid_argument);
}

TEST(GeoFrame, Elevation)
{
    GeoFrame frame(30.0, 120.0, 0.0);
    // Straight up: 90°; on the tangent plane: 0°; 1 km east and 1 km up: 45°.
    EXPECT_NEAR(frame.GetElevationDeg(Vector(0, 0, 0), Vector(0, 0, 550e3)), 90.0, 1e-9);
    EXPECT_NEAR(frame.GetElevationDeg(Vector(0, 0, 0), Vector(1e3, 0, 0)), 0.0, 1e-9);
    EXPECT_NEAR(frame.GetElevationDeg(Vector(0, 0, 0), Vector(1e3, 0, 1e3)), 45.0, 1e-9);
    // From an observer 100 km east on the ground (local z = -R + sqrt(R² - d²) ≈ -785 m),
    // the local vertical tilts by about d/R = 100/6371 rad = 0.8993°: a target straight above the
    // origin at 550 km is seen at elevation 90° - angle. The angle at the observer between
    // its vertical and the target direction: compute with a sphere of radius R ≈ 6372.8 km
    // (WGS 84 at 30°): vertical tilt 0.899°, target direction from observer (-100 km, 0,
    // 550 km + 785 m) tilted atan(100/550.785) = 10.290° from the frame's z: elevation
    // 90 - 10.290 - 0.899 = 78.81°, within 0.05° of the ellipsoid's value.
    Vector observer =
        frame.GeographicToLocal(30.0,
                                120.0 + 100e3 / (6372.8e3 * std::cos(PI / 6)) * 180.0 / PI,
                                0.0);
    EXPECT_NEAR(observer.x, 100e3, 200.0);
    EXPECT_NEAR(frame.GetElevationDeg(observer, Vector(0, 0, 550e3)), 78.81, 0.05);
}

TEST(GeoFrame, RememberedVerticalsAreTheVerticals)
{
    // GetUp() keeps recent results; asked again, with 5,000 points (more than it keeps, so
    // that results are evicted and made again) in two passes, it gives what the geodesy gives:
    // the ellipsoid normal (cos φ cos λ, cos φ sin λ, sin φ) of the point's latitude φ and
    // longitude λ, turned into the frame's axes. Copies of a frame share what it keeps.
    GeoFrame frame(48.137, 11.575, 520.0);
    std::vector<Vector> points;
    for (int i = 0; i < 5000; ++i)
    {
        points.emplace_back((i % 71) * 137.0 - 4e3, (i / 71) * 151.0 - 5e3, (i % 7) * 40.0);
    }
    for (int pass = 0; pass < 2; ++pass)
    {
        const GeoFrame copy = frame;
        for (std::size_t i = 0; i < points.size(); ++i)
        {
            const Vector p = points[(i * 7919) % points.size()];
            const Vector g = frame.LocalToGeographic(p);
            const double phi = g.x * (PI / 180.0); // as the frame turns degrees
            const double lambda = g.y * (PI / 180.0);
            const Vector expected = frame.RotateEcefToLocal(Vector(std::cos(phi) * std::cos(lambda),
                                                                   std::cos(phi) * std::sin(lambda),
                                                                   std::sin(phi)));
            const Vector up = (i % 2 ? copy : frame).GetUp(p);
            ASSERT_DOUBLE_EQ(up.x, expected.x) << "point " << i << ", pass " << pass;
            ASSERT_DOUBLE_EQ(up.y, expected.y) << "point " << i << ", pass " << pass;
            ASSERT_DOUBLE_EQ(up.z, expected.z) << "point " << i << ", pass " << pass;
        }
    }
    // A frame elsewhere keeps its own: the vertical at its origin is its own z axis.
    const GeoFrame other(-33.9, 151.2, 0.0);
    frame.GetUp(Vector(0, 0, 0));
    const Vector up = other.GetUp(Vector(0, 0, 0));
    EXPECT_NEAR(up.x, 0.0, 1e-12);
    EXPECT_NEAR(up.y, 0.0, 1e-12);
    EXPECT_NEAR(up.z, 1.0, 1e-12);
}
