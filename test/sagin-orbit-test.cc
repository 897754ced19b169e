// SPDX-License-Identifier: GPL-2.0-only

// Circular orbits against the analytic two-body values, and the geometry of Walker-delta shells.

#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/node-container.h"
#include "ns3/node-list.h"
#include "ns3/sagin-module.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <cmath>
#include <gtest/gtest.h>
#include <stdexcept>
#include <string>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::test::InvalidArgumentMessage;

namespace
{

constexpr double PI = 3.14159265358979323846;
constexpr double DEG = PI / 180.0;
/// WGS 84 GM, m³/s², and equatorial radius, m.
constexpr double MU = 3.986004418e14;
constexpr double A = 6378137.0;

/**
 * @param altitudeM altitude, m
 * @param inclinationDeg inclination, degrees
 * @param raanDeg right ascension of the ascending node, degrees
 * @param argumentDeg argument of latitude at the epoch, degrees
 * @return a circular-orbit model
 */
Ptr<CircularOrbitMobilityModel>
MakeOrbit(double altitudeM, double inclinationDeg, double raanDeg, double argumentDeg)
{
    auto model = CreateObject<CircularOrbitMobilityModel>();
    model->SetAttribute("Altitude", DoubleValue(altitudeM));
    model->SetAttribute("Inclination", DoubleValue(inclinationDeg));
    model->SetAttribute("RightAscension", DoubleValue(raanDeg));
    model->SetAttribute("ArgumentOfLatitude", DoubleValue(argumentDeg));
    return model;
}

/// @return the dot product of two vectors
double
Dot(const Vector& a, const Vector& b)
{
    return a.x * b.x + a.y * b.y + a.z * b.z;
}

/// @return the cross product a × b
Vector
Cross(const Vector& a, const Vector& b)
{
    return Vector(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
}

} // namespace

TEST(CircularOrbit, RadiusSpeedAndPeriod)
{
    auto model = MakeOrbit(550e3, 53.0, 30.0, 0.0);
    // r = 6378137 + 550000 = 6928137 m; v = sqrt(μ/r) = sqrt(3.986004418e14 / 6928137)
    // = 7585.0885 m/s; n = sqrt(μ/r³) = 1.0948237e-3 rad/s; T = 2π/n = 5738.9928 s (95.65 min).
    EXPECT_DOUBLE_EQ(model->GetRadiusM(), 6928137.0);
    EXPECT_NEAR(model->GetSpeedMps(), 7585.088535, 1e-6);
    EXPECT_NEAR(model->GetMeanMotionRadPerS(), 1.0948236929e-3, 1e-12);
    EXPECT_NEAR(model->GetPeriod().GetSeconds(), 5738.992815, 1e-6);
    // The inertial state keeps |r| = r, |v| = sqrt(μ/r) and r ⊥ v at any time.
    for (double t : {0.0, 123.4, 2000.0, 86400.0})
    {
        Vector r;
        Vector v;
        model->GetInertialState(t, r, v);
        EXPECT_NEAR(r.GetLength(), 6928137.0, 1e-6) << "t = " << t;
        EXPECT_NEAR(v.GetLength(), std::sqrt(MU / 6928137.0), 1e-9) << "t = " << t;
        EXPECT_NEAR(Dot(r, v) / (r.GetLength() * v.GetLength()), 0.0, 1e-14) << "t = " << t;
    }
}

TEST(CircularOrbit, QuarterAndFullPeriod)
{
    auto model = MakeOrbit(550e3, 53.0, 30.0, 0.0);
    const double period = 2.0 * PI / std::sqrt(MU / std::pow(A + 550e3, 3));
    Vector r;
    Vector v;
    // At the epoch the satellite is at the ascending node: r·(cos Ω, sin Ω, 0) with Ω = 30°,
    // = (5999942.643, 3464068.500, 0) m, moving at v·(-sin Ω cos i, cos Ω cos i, sin i).
    model->GetInertialState(0.0, r, v);
    EXPECT_NEAR(r.x, 5999942.642899, 1e-6);
    EXPECT_NEAR(r.y, 3464068.5, 1e-6);
    EXPECT_NEAR(r.z, 0.0, 1e-6);
    EXPECT_NEAR(v.z, 7585.088535 * std::sin(53.0 * DEG), 1e-6);
    // A quarter period later u = 90°: r·(-sin Ω cos i, cos Ω cos i, sin i) with i = 53°
    // = 6928137 · (-0.5 · 0.601815, 0.866025 · 0.601815, 0.798636)
    // = (-2084728.465, 3610855.621, 5533056.227) m; the velocity points back to the equator
    // along -(cos Ω, sin Ω, 0).
    model->GetInertialState(period / 4.0, r, v);
    EXPECT_NEAR(r.x, -2084728.464528, 1e-5);
    EXPECT_NEAR(r.y, 3610855.620547, 1e-5);
    EXPECT_NEAR(r.z, 5533056.226673, 1e-5);
    EXPECT_NEAR(v.x, -7585.088535 * std::cos(30.0 * DEG), 1e-6);
    EXPECT_NEAR(v.y, -7585.088535 * std::sin(30.0 * DEG), 1e-6);
    EXPECT_NEAR(v.z, 0.0, 1e-6);
    // One period later it is back where it started.
    Vector r0;
    model->GetInertialState(0.0, r0, v);
    model->GetInertialState(period, r, v);
    EXPECT_NEAR(CalculateDistance(r, r0), 0.0, 1e-5);
}

TEST(CircularOrbit, MaximumLatitudeIsTheInclination)
{
    // Geocentric latitude asin(z/r) = asin(sin u sin i) peaks at u = 90° with the value i for
    // a prograde orbit and 180° - i for a retrograde one (97.6°: 82.4°). Samples every T/4000
    // include u = 90° exactly (sample 1000).
    for (double inclination : {53.0, 97.6, 0.0})
    {
        auto model = MakeOrbit(1200e3, inclination, 45.0, 0.0);
        const double period = model->GetPeriod().GetSeconds();
        double maxLatitude = -90.0;
        for (int k = 0; k < 4000; ++k)
        {
            Vector r;
            Vector v;
            model->GetInertialState(period * k / 4000.0, r, v);
            maxLatitude = std::max(maxLatitude, std::asin(r.z / r.GetLength()) / DEG);
        }
        const double expected = inclination <= 90.0 ? inclination : 180.0 - inclination;
        EXPECT_NEAR(maxLatitude, expected, 1e-9) << "inclination " << inclination;
    }
}

TEST(CircularOrbit, EarthRotationShiftsTheGroundTrack)
{
    // The same orbit seen from a rotating and from a frozen Earth: the Earth-fixed latitudes
    // agree and the longitudes differ by the GMST advance, ω·t, ω = 7.292115e-5 rad/s; t = 600 s:
    // 0.0437527 rad = 2.50684°. (IAU 1982 GMST advances at 7.2921158553e-5 rad/s, 7e-12 rad/s
    // more: 4e-9 rad over 600 s.)
    auto rotating = MakeOrbit(550e3, 53.0, 30.0, 10.0);
    auto frozen = MakeOrbit(550e3, 53.0, 30.0, 10.0);
    frozen->SetAttribute("EarthRotation", BooleanValue(false));
    Vector r1;
    Vector r2;
    Vector v;
    rotating->GetEarthFixedState(0.0, r1, v);
    frozen->GetEarthFixedState(0.0, r2, v);
    EXPECT_NEAR(CalculateDistance(r1, r2), 0.0, 1e-6);
    rotating->GetEarthFixedState(600.0, r1, v);
    frozen->GetEarthFixedState(600.0, r2, v);
    EXPECT_NEAR(std::asin(r1.z / r1.GetLength()), std::asin(r2.z / r2.GetLength()), 1e-12);
    double shift = std::atan2(r1.y, r1.x) - std::atan2(r2.y, r2.x);
    shift = std::remainder(shift, 2.0 * PI);
    EXPECT_NEAR(shift, -EARTH_ROTATION_RAD_PER_S * 600.0, 1e-7);
    EXPECT_NEAR(shift, -0.043752690880, 1e-7);
}

TEST(CircularOrbit, StraightAboveTheOrigin)
{
    // Origin on the equator at longitude L = 10°. An equatorial prograde orbit whose argument of
    // latitude at the epoch is L + GMST(epoch) is over longitude L at t = 0: Earth-fixed
    // (r cos L, r sin L, 0), while the origin is at (a cos L, a sin L, 0), so the satellite is
    // at local (0, 0, r - a) = (0, 0, 550 km), elevation 90°.
    const double gmstDeg =
        GreenwichMeanSiderealTime(JulianDate::FromIso8601("2026-01-01T00:00:00Z")) / DEG;
    auto model = MakeOrbit(550e3, 0.0, 0.0, std::fmod(10.0 + gmstDeg, 360.0));
    model->SetAttribute("OriginLongitude", DoubleValue(10.0));
    const Vector local = model->GetPosition();
    EXPECT_NEAR(local.x, 0.0, 1e-6);
    EXPECT_NEAR(local.y, 0.0, 1e-6);
    EXPECT_NEAR(local.z, 550e3, 1e-6);
    // (GetElevationDeg finds the local vertical through ns-3's inverse geodesy, which stops
    // iterating at 1/30 arc second: its elevations are good to about 1e-5°.)
    EXPECT_NEAR(model->GetFrame().GetElevationDeg(Vector(0, 0, 0), local), 90.0, 1e-5);
    // Its velocity relative to the ground is eastward: r·n - ω·r = 7585.0885 - 505.2077
    // = 7079.8808 m/s.
    const Vector velocity = model->GetVelocity();
    EXPECT_NEAR(velocity.x, 7079.880808, 1e-5);
    EXPECT_NEAR(velocity.y, 0.0, 1e-6);
    EXPECT_NEAR(velocity.z, 0.0, 1e-6);
}

TEST(CircularOrbit, VelocityIsTheDerivativeOfThePosition)
{
    // In the local frame, at simulation time 100 s: the central difference of GetPositionAt over
    // ±0.5 s agrees with GetVelocity to the third-derivative term, |jerk|·h²/6 ≈ n³·r·0.25/6
    // ≈ 4e-4 m/s.
    auto model = MakeOrbit(550e3, 53.0, 30.0, 10.0);
    model->SetAttribute("OriginLatitude", DoubleValue(30.0));
    model->SetAttribute("OriginLongitude", DoubleValue(120.0));
    Vector velocity;
    Vector position;
    Simulator::Schedule(Seconds(100), [&]() {
        velocity = model->GetVelocity();
        position = model->GetPosition();
    });
    Simulator::Run();
    const Vector ahead = model->GetPositionAt(Seconds(100.5));
    const Vector behind = model->GetPositionAt(Seconds(99.5));
    EXPECT_NEAR(velocity.x, ahead.x - behind.x, 1e-3);
    EXPECT_NEAR(velocity.y, ahead.y - behind.y, 1e-3);
    EXPECT_NEAR(velocity.z, ahead.z - behind.z, 1e-3);
    EXPECT_NEAR(CalculateDistance(position, model->GetPositionAt(Seconds(100))), 0.0, 1e-9);
}

TEST(CircularOrbit, RefusesBadValues)
{
    auto model = CreateObject<CircularOrbitMobilityModel>();
    // Defaults: 550 km, 53°, μ of WGS 84.
    EXPECT_DOUBLE_EQ(model->GetAltitude(), 550e3);
    EXPECT_DOUBLE_EQ(model->GetInclination(), 53.0);
    EXPECT_DOUBLE_EQ(model->GetGravitationalParameter(), 3.986004418e14);
    // The checkers refuse a radius below the equatorial radius and angles out of range.
    EXPECT_FALSE(model->SetAttributeFailSafe("Altitude", DoubleValue(-1.0)));
    EXPECT_FALSE(model->SetAttributeFailSafe("Inclination", DoubleValue(180.5)));
    EXPECT_FALSE(model->SetAttributeFailSafe("RightAscension", DoubleValue(361.0)));
    EXPECT_FALSE(model->SetAttributeFailSafe("ArgumentOfLatitude", DoubleValue(-400.0)));
    EXPECT_FALSE(model->SetAttributeFailSafe("GravitationalParameter", DoubleValue(0.0)));
    EXPECT_DOUBLE_EQ(model->GetAltitude(), 550e3);
    EXPECT_EQ(InvalidArgumentMessage([&] { model->SetAltitude(-1000.0); }),
              "CircularOrbitMobilityModel: altitude (m) -1000 is outside [0, 1e+08]");
    EXPECT_EQ(InvalidArgumentMessage([&] { model->SetInclination(std::nan("")); }),
              "CircularOrbitMobilityModel: inclination (deg) nan is outside [0, 180]");
    EXPECT_THROW(model->SetGravitationalParameter(-1.0), std::invalid_argument);
    // The sagin text check names the range, as for any attribute.
    EXPECT_EQ(ExplainInvalidSetting("ns3::sagin::CircularOrbitMobilityModel::Altitude", "-5"),
              "invalid value '-5' (expected ns3::DoubleValue, double 0:1e+08)");
}

TEST(WalkerDelta, SlotsOfA12Over3Over1Shell)
{
    ConstellationHelper helper;
    helper.SetWalkerDelta(12, 3, 1, 550e3, 53.0);
    // P = 3 planes at RAAN 360°·p/3 = 0°, 120°, 240°; S = 4 per plane at 360°·s/4 = 0°, 90°,
    // 180°, 270°, shifted by 360°·F·p/T = 30°·p: plane 1 at 30°, 120°, 210°, 300°; plane 2 at
    // 60°, 150°, 240°, 330°.
    const double raan[3] = {0.0, 120.0, 240.0};
    const double argument[3][4] = {{0, 90, 180, 270}, {30, 120, 210, 300}, {60, 150, 240, 330}};
    const auto& slots = helper.GetWalkerSlots();
    ASSERT_EQ(slots.size(), 12u);
    for (uint32_t k = 0; k < 12; ++k)
    {
        const uint32_t p = k / 4;
        const uint32_t s = k % 4;
        EXPECT_EQ(slots[k].plane, p);
        EXPECT_EQ(slots[k].index, s);
        EXPECT_DOUBLE_EQ(slots[k].rightAscensionDeg, raan[p]);
        EXPECT_NEAR(slots[k].argumentOfLatitudeDeg, argument[p][s], 1e-12);
    }

    // The installed orbits, read back from the inertial state: the orbit normal h = r × v is
    // (sin i sin Ω, -sin i cos Ω, cos i), so Ω = atan2(h_x, -h_y) and i = acos(h_z/|h|); the
    // argument of latitude is the angle from the node line (cos Ω, sin Ω, 0) in the plane:
    // u = atan2(r_z / sin i, r_x cos Ω + r_y sin Ω).
    NodeContainer satellites = helper.Create();
    ASSERT_EQ(satellites.GetN(), 12u);
    for (uint32_t k = 0; k < 12; ++k)
    {
        Ptr<Node> node = satellites.Get(k);
        EXPECT_EQ(NodeRole::Get(node), NodeRole::SATELLITE);
        auto model = node->GetObject<CircularOrbitMobilityModel>();
        ASSERT_TRUE(model);
        EXPECT_DOUBLE_EQ(model->GetAltitude(), 550e3);
        Vector r;
        Vector v;
        model->GetInertialState(0.0, r, v);
        const Vector h = Cross(r, v);
        const double inclination = std::acos(h.z / h.GetLength()) / DEG;
        double node_ = std::atan2(h.x, -h.y) / DEG;
        node_ = node_ < -1e-9 ? node_ + 360.0 : node_;
        double u = std::atan2(r.z / std::sin(inclination * DEG),
                              r.x * std::cos(node_ * DEG) + r.y * std::sin(node_ * DEG)) /
                   DEG;
        u = u < -1e-9 ? u + 360.0 : u;
        EXPECT_NEAR(inclination, 53.0, 1e-9) << "satellite " << k;
        EXPECT_NEAR(node_, raan[k / 4], 1e-9) << "satellite " << k;
        EXPECT_NEAR(u, argument[k / 4][k % 4], 1e-9) << "satellite " << k;
        EXPECT_NEAR(r.GetLength(), 6928137.0, 1e-6);
    }
}

TEST(WalkerDelta, FrameEpochAndSingleSatellites)
{
    ConstellationHelper helper;
    helper.SetOrigin(48.137, 11.575, 520.0);
    helper.SetEpoch("2026-03-01T12:00:00Z");
    helper.Set("Altitude", DoubleValue(1200e3));
    helper.Set("Inclination", StringValue("87.9"));
    auto node = CreateObject<Node>();
    Ptr<OrbitMobilityModel> model = helper.Install(node);
    EXPECT_EQ(NodeRole::Get(node), NodeRole::SATELLITE);
    EXPECT_EQ(node->GetObject<MobilityModel>(), model);
    EXPECT_DOUBLE_EQ(model->GetFrame().GetLatitudeDeg(), 48.137);
    EXPECT_DOUBLE_EQ(model->GetFrame().GetAltitudeM(), 520.0);
    EXPECT_NEAR(model->GetEpoch().SecondsSince(JulianDate::FromIso8601("2026-03-01T12:00:00Z")),
                0.0,
                1e-6);
    auto circular = DynamicCast<CircularOrbitMobilityModel>(model);
    ASSERT_TRUE(circular);
    EXPECT_DOUBLE_EQ(circular->GetAltitude(), 1200e3);
    EXPECT_DOUBLE_EQ(circular->GetInclination(), 87.9);

    // A model made elsewhere gets the helper's frame and epoch too.
    auto other = CreateObject<Node>();
    auto own = MakeOrbit(800e3, 98.0, 0.0, 0.0);
    helper.Install(other, own);
    EXPECT_DOUBLE_EQ(own->GetFrame().GetLongitudeDeg(), 11.575);
    EXPECT_EQ(NodeRole::Get(other), NodeRole::SATELLITE);

    // Without them, the models keep their attribute defaults (origin 0, 0, 0).
    ConstellationHelper plain;
    plain.SetWalkerDelta(2, 1, 0, 550e3, 53.0);
    NodeContainer pair = plain.Create();
    auto first = pair.Get(0)->GetObject<OrbitMobilityModel>();
    EXPECT_DOUBLE_EQ(first->GetFrame().GetLatitudeDeg(), 0.0);
}

TEST(WalkerDelta, Errors)
{
    ConstellationHelper helper;
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetWalkerDelta(10, 3, 0, 550e3, 53.0); }),
              "ConstellationHelper: Walker delta 10/3/0: T = 10 is not divisible by P = 3");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetWalkerDelta(12, 3, 3, 550e3, 53.0); }),
              "ConstellationHelper: Walker delta 12/3/3: the phasing F = 3 is outside [0, P-1] "
              "= [0, 2]");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetWalkerDelta(12, 3, -1, 550e3, 53.0); }),
              "ConstellationHelper: Walker delta 12/3/-1: the phasing F = -1 is outside [0, P-1] "
              "= [0, 2]");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetWalkerDelta(0, 1, 0, 550e3, 53.0); }),
              "ConstellationHelper: Walker delta 0/1/0: the number of satellites T must be at "
              "least 1");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetWalkerDelta(12, 0, 0, 550e3, 53.0); }),
              "ConstellationHelper: Walker delta 12/0/0: the number of planes P must be at least "
              "1");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetWalkerDelta(12, 3, 1, -1000.0, 53.0); }),
              "ConstellationHelper: Walker delta 12/3/1: "
              "ns3::sagin::CircularOrbitMobilityModel::Altitude: invalid value '-1000' "
              "(expected ns3::DoubleValue, double 0:1e+08)");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetWalkerDelta(12, 3, 1, 550e3, 190.0); }),
              "ConstellationHelper: Walker delta 12/3/1: "
              "ns3::sagin::CircularOrbitMobilityModel::Inclination: invalid value '190' "
              "(expected ns3::DoubleValue, double 0:180)");
    EXPECT_TRUE(helper.GetWalkerSlots().empty());
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.Create(); }),
              "ConstellationHelper: no Walker shell to create (call SetWalkerDelta first)");

    helper.SetWalkerDelta(12, 3, 1, 550e3, 53.0);
    NodeContainer five;
    five.Create(5);
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.Install(five); }),
              "ConstellationHelper: 5 nodes but 12 satellites in the Walker shell");
    NodeContainer twelve;
    twelve.Create(12);
    twelve.Get(7)->AggregateObject(CreateObject<ConstantPositionMobilityModel>());
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.Install(twelve); }),
              "ConstellationHelper: node " + std::to_string(twelve.Get(7)->GetId()) +
                  " already has a mobility model (ns3::ConstantPositionMobilityModel)");
    // Nothing was installed on the other nodes.
    EXPECT_FALSE(twelve.Get(0)->GetObject<MobilityModel>());
    EXPECT_FALSE(NodeRole::Has(twelve.Get(0)));

    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetOrbitModel("ns3::NoSuchModel"); }),
              "ConstellationHelper: unknown TypeId 'ns3::NoSuchModel'");
    EXPECT_EQ(
        InvalidArgumentMessage([&] { helper.SetOrbitModel("ns3::ConstantPositionMobilityModel"); }),
        "ConstellationHelper: 'ns3::ConstantPositionMobilityModel' is not a "
        "ns3::sagin::OrbitMobilityModel");
    EXPECT_EQ(
        InvalidArgumentMessage([&] { helper.SetOrbitModel("ns3::sagin::OrbitMobilityModel"); }),
        "ConstellationHelper: 'ns3::sagin::OrbitMobilityModel' cannot be created (an "
        "abstract type)");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.Set("Altitude", DoubleValue(-1.0)); }),
              "ConstellationHelper: ns3::sagin::CircularOrbitMobilityModel::Altitude: invalid "
              "value '-1' (expected ns3::DoubleValue, double 0:1e+08)");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.Set("Eccentricity", DoubleValue(0.1)); }),
              "ConstellationHelper: ns3::sagin::CircularOrbitMobilityModel::Eccentricity: "
              "'ns3::sagin::CircularOrbitMobilityModel' has no attribute 'Eccentricity'");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetEpoch("2026-13-01"); }),
              "ConstellationHelper: epoch: UTC instant \"2026-13-01\": JulianDate: month 13 is out "
              "of range");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetOrigin(95.0, 0.0, 0.0); }),
              "ConstellationHelper: GeoFrame: origin latitude 95.000000 deg is outside [-90, 90]");
}

TEST(ConstellationFromTle, OneSatellitePerElementSet)
{
    // test/data/leo.tle holds 7 near-Earth element sets; each becomes a satellite whose
    // position is its SGP4 state at the helper's epoch.
    ConstellationHelper helper;
    helper.SetOrigin(48.137, 11.575, 520.0);
    helper.SetEpoch("2024-02-14T18:00:00Z");
    NodeContainer satellites = helper.InstallFromTle(test::SourcePath("test/data/leo.tle"));
    ASSERT_EQ(satellites.GetN(), 7u);
    const auto sets = TwoLineElementSet::ReadFile(test::SourcePath("test/data/leo.tle"));
    for (uint32_t i = 0; i < satellites.GetN(); ++i)
    {
        EXPECT_EQ(NodeRole::Get(satellites.Get(i)), NodeRole::SATELLITE);
        auto model = satellites.Get(i)->GetObject<Sgp4MobilityModel>();
        ASSERT_TRUE(model);
        EXPECT_EQ(model->GetElementSet().GetLine2(), sets[i].GetLine2());
        // Its height above the ellipsoid at the epoch is a LEO height (the sets' mean motions,
        // 12.5 to 16.3 rev/day, give heights between about 150 and 2100 km).
        const Vector geographic = model->GetFrame().LocalToGeographic(model->GetPosition());
        EXPECT_GT(geographic.z, 100e3);
        EXPECT_LT(geographic.z, 3000e3);
    }
}

TEST(ConstellationFromTle, RefusesMalformedFilesBeforeMakingNodes)
{
    const uint32_t before = NodeList::GetNNodes();
    // The first set of leo.tle with its last checksum digit changed from 3 to 4.
    test::TempFile bad("bad.tle",
                       "1 99901U 98067A   24045.54791667  .00016717  00000-0  10270-3 0  9994\n"
                       "2 99901  51.6416 247.4627 0006703 130.5360 325.0288 15.50103472439023\n");
    ConstellationHelper helper;
    const std::string message =
        test::InvalidArgumentMessage([&] { helper.InstallFromTle(bad.Path()); });
    EXPECT_NE(message.find("bad.tle:1"), std::string::npos) << message;
    EXPECT_NE(message.find("checksum"), std::string::npos) << message;
    EXPECT_EQ(NodeList::GetNNodes(), before);
}
