// SPDX-License-Identifier: GPL-2.0-only

// The UAV, vehicle and base-station helpers: roles, flight times, heights, geographic sites and
// ns-2 (SUMO) traces.

#include "sagin-test-utils.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/constant-velocity-mobility-model.h"
#include "ns3/double.h"
#include "ns3/hierarchical-mobility-model.h"
#include "ns3/node-container.h"
#include "ns3/position-allocator.h"
#include "ns3/random-walk-2d-mobility-model.h"
#include "ns3/sagin-module.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <map>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::test::InvalidArgumentMessage;
using ns3::sagin::test::TempFile;

namespace
{

/// Position and velocity of a node at one time.
struct Sample
{
    Vector position; //!< position, m
    Vector velocity; //!< velocity, m/s
};

/// Samples of one model, by time in s.
using Samples = std::map<double, Sample>;

/**
 * @brief Run the simulation until 1 s after the last time and sample mobility models.
 * @param models the models
 * @param times the times, s
 * @return the samples of each model, by time
 */
std::vector<Samples>
SampleAt(const std::vector<Ptr<MobilityModel>>& models, const std::vector<double>& times)
{
    std::vector<Samples> samples(models.size());
    for (double t : times)
    {
        Simulator::Schedule(Seconds(t), [&models, t, &samples]() {
            for (size_t i = 0; i < models.size(); ++i)
            {
                samples[i][t] = Sample{models[i]->GetPosition(), models[i]->GetVelocity()};
            }
        });
    }
    Simulator::Stop(Seconds(*std::max_element(times.begin(), times.end()) + 1.0));
    Simulator::Run();
    return samples;
}

/// Expect two vectors to agree within a tolerance, per coordinate.
void
ExpectNear(const Vector& actual, const Vector& expected, double tolerance, const std::string& what)
{
    EXPECT_NEAR(actual.x, expected.x, tolerance) << what;
    EXPECT_NEAR(actual.y, expected.y, tolerance) << what;
    EXPECT_NEAR(actual.z, expected.z, tolerance) << what;
}

} // namespace

TEST(UavHelper, FlightTimeIsDistanceOverSpeedWithHovering)
{
    UavHelper helper; // 15 m/s at 100 m
    helper.SetHoverTime(Seconds(10));
    auto node = CreateObject<Node>();
    auto model = helper.Install(node, std::vector<Vector2D>{{0, 0}, {300, 400}, {300, -200}});
    EXPECT_EQ(NodeRole::Get(node), NodeRole::UAV);
    EXPECT_EQ(node->GetObject<MobilityModel>(), model);
    // Hover 0-10 s at (0, 0, 100); leg 1 of sqrt(300² + 400²) = 500 m takes 500/15 = 33.333 s
    // (10-43.333 s); hover to 53.333 s at (300, 400); leg 2 of 600 m takes 40 s (53.333-93.333 s);
    // then the UAV stays at (300, -200, 100).
    auto s = SampleAt({model}, {5.0, 10.0 + 50.0 / 3.0, 48.0, 73.0 + 1.0 / 3.0, 93.0, 200.0})[0];
    ExpectNear(s[5.0].position, Vector(0, 0, 100), 1e-6, "hovering at the start");
    ExpectNear(s[5.0].velocity, Vector(0, 0, 0), 1e-9, "hovering at the start");
    // Half of leg 1: (150, 200, 100), velocity 15·(0.6, 0.8, 0) = (9, 12, 0).
    ExpectNear(s[10.0 + 50.0 / 3.0].position, Vector(150, 200, 100), 1e-6, "mid leg 1");
    ExpectNear(s[10.0 + 50.0 / 3.0].velocity, Vector(9, 12, 0), 1e-6, "mid leg 1");
    ExpectNear(s[48.0].position, Vector(300, 400, 100), 1e-6, "hovering at point 1");
    ExpectNear(s[48.0].velocity, Vector(0, 0, 0), 1e-9, "hovering at point 1");
    // Half of leg 2: (300, 100, 100), velocity (0, -15, 0); at 93 s, 1/3 s = 5 m from the end.
    ExpectNear(s[73.0 + 1.0 / 3.0].position, Vector(300, 100, 100), 1e-6, "mid leg 2");
    ExpectNear(s[73.0 + 1.0 / 3.0].velocity, Vector(0, -15, 0), 1e-6, "mid leg 2");
    ExpectNear(s[93.0].position, Vector(300, -195, 100), 1e-6, "end of leg 2");
    ExpectNear(s[200.0].position, Vector(300, -200, 100), 1e-6, "after the route");
    ExpectNear(s[200.0].velocity, Vector(0, 0, 0), 1e-9, "after the route");
}

TEST(UavHelper, ThreeDimensionalRoutesHoveringAndLaps)
{
    // A climb from 50 m to 150 m at 20 m/s takes 100/20 = 5 s: at 2.5 s, z = 100, v = (0, 0, 20).
    UavHelper climber;
    climber.SetSpeed(20.0);
    auto up = climber.Install(CreateObject<Node>(), std::vector<Vector>{{0, 0, 50}, {0, 0, 150}});
    // A route of one point at altitude 250 m: a hovering UAV.
    UavHelper hoverer;
    hoverer.SetAltitude(250.0);
    auto still = hoverer.Install(CreateObject<Node>(), std::vector<Vector2D>{{10, 20}});
    // Three laps of (0, 0) → (100, 0) at 10 m/s: legs of 10 s there, back, there, back, there;
    // at 25 s half way out on lap 2 (50, 0), at 35 s half way back (50, 0) moving -x, at 50 s
    // and after at (100, 0).
    UavHelper patrol;
    patrol.SetSpeed(10.0);
    patrol.SetLaps(3);
    auto laps = patrol.Install(CreateObject<Node>(), std::vector<Vector2D>{{0, 0}, {100, 0}});

    auto samples = SampleAt({up, still, laps}, {2.5, 25.0, 35.0, 1000.0});
    Samples& climb = samples[0];
    Samples& hover = samples[1];
    Samples& lap = samples[2];
    ExpectNear(climb[2.5].position, Vector(0, 0, 100), 1e-6, "climb");
    ExpectNear(climb[2.5].velocity, Vector(0, 0, 20), 1e-6, "climb");
    ExpectNear(climb[1000.0].position, Vector(0, 0, 150), 1e-6, "climb");
    ExpectNear(hover[2.5].position, Vector(10, 20, 250), 1e-9, "hover");
    ExpectNear(hover[1000.0].position, Vector(10, 20, 250), 1e-9, "hover");
    ExpectNear(hover[1000.0].velocity, Vector(0, 0, 0), 1e-9, "hover");
    ExpectNear(lap[25.0].position, Vector(50, 0, 100), 1e-6, "lap 2 out");
    ExpectNear(lap[25.0].velocity, Vector(10, 0, 0), 1e-6, "lap 2 out");
    ExpectNear(lap[35.0].position, Vector(50, 0, 100), 1e-6, "lap 2 back");
    ExpectNear(lap[35.0].velocity, Vector(-10, 0, 0), 1e-6, "lap 2 back");
    ExpectNear(lap[1000.0].position, Vector(100, 0, 100), 1e-6, "after 3 laps");
}

TEST(UavHelper, DefaultPatrolIsDeterministicPerStream)
{
    // Two helpers on the same stream draw the same patrol; another stream draws another one.
    // Every point is inside the patrol area at the flight altitude, and the UAV flies at the
    // cruise speed (no hovering by default).
    auto install = [](int64_t stream) {
        UavHelper helper;
        helper.SetPatrolArea(Rectangle(0, 200, -100, 100));
        helper.SetAltitude(80.0);
        EXPECT_EQ(helper.AssignStreams(stream), 1);
        return helper.Install(CreateObject<Node>());
    };
    auto a = install(7);
    auto b = install(7);
    auto c = install(8);
    auto samples = SampleAt({a, b, c}, {0.0, 1.0, 7.5, 20.0, 1000.0});
    for (const auto& [t, sample] : samples[0])
    {
        ExpectNear(samples[1][t].position, sample.position, 0.0, "same stream");
        const Vector& p = sample.position;
        EXPECT_TRUE(p.x >= 0 && p.x <= 200 && p.y >= -100 && p.y <= 100) << p;
        EXPECT_DOUBLE_EQ(p.z, 80.0);
    }
    EXPECT_GT(CalculateDistance(samples[0][0.0].position, samples[2][0.0].position), 1.0);
    EXPECT_NEAR(samples[0][1.0].velocity.GetLength(), 15.0, 1e-9);
    EXPECT_EQ(NodeRole::Get(a->GetObject<Node>()), NodeRole::UAV);
}

TEST(UavHelper, Errors)
{
    UavHelper helper;
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetSpeed(0.0); }),
              "UavHelper: speed 0.000000 m/s is not > 0");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetAltitude(-5.0); }),
              "UavHelper: flight altitude -5.000000 m is not >= 0");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetHoverTime(Seconds(-1)); }),
              "UavHelper: hover time -1.000000 s is not >= 0");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetLaps(0); }),
              "UavHelper: the number of laps must be at least 1");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetDefaultWaypoints(0); }),
              "UavHelper: the default patrol needs at least 1 waypoint");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetPatrolArea(Rectangle(10, 0, 0, 10)); }),
              "UavHelper: patrol area 10|0|0|10 is not a rectangle xMin|xMax|yMin|yMax");
    auto node = CreateObject<Node>();
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.Install(node, std::vector<Vector>{}); }),
              "UavHelper: the route has no point");
    NodeContainer two;
    two.Create(2);
    const std::vector<std::vector<Vector2D>> routes{{{0, 0}, {10, 0}}, {{0, 0}, {std::nan(""), 5}}};
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.Install(two, routes); }),
              "UavHelper: route 1: point 1 (nan:5:100) is not finite");
    EXPECT_EQ(InvalidArgumentMessage([&] {
                  helper.Install(two, std::vector<std::vector<Vector2D>>{{{0, 0}}});
              }),
              "UavHelper: 2 nodes but 1 routes");
    // Nothing was installed on either node.
    EXPECT_FALSE(two.Get(0)->GetObject<MobilityModel>());
    EXPECT_FALSE(NodeRole::Has(two.Get(0)));
    // Attributes of the WaypointMobilityModel: set, refused with a reason, or read-only.
    helper.Set("LazyNotify", BooleanValue(true));
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.Set("LazyNotify", StringValue("maybe")); }),
              "UavHelper: ns3::WaypointMobilityModel::LazyNotify: invalid value 'maybe' "
              "(expected BooleanValue, bool)");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.Set("WaypointsLeft", UintegerValue(3)); }),
              "UavHelper: ns3::WaypointMobilityModel::WaypointsLeft: the attribute cannot be set "
              "at construction");
    auto lazy = helper.Install(node, std::vector<Vector2D>{{0, 0}});
    BooleanValue value;
    lazy->GetAttribute("LazyNotify", value);
    EXPECT_TRUE(value.Get());
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.Install(node); }),
              "UavHelper: node " + std::to_string(node->GetId()) +
                  " already has a mobility model (ns3::WaypointMobilityModel)");
}

TEST(BaseStationHelper, AntennaHeights)
{
    BaseStationHelper helper; // 25 m
    NodeContainer sites;
    sites.Create(2);
    helper.Install(sites, std::vector<Vector2D>{{0, 0}, {1000, -500}});
    EXPECT_EQ(NodeRole::Get(sites.Get(1)), NodeRole::BASE_STATION);
    auto model = sites.Get(1)->GetObject<MobilityModel>();
    EXPECT_EQ(model->GetInstanceTypeId().GetName(), "ns3::ConstantPositionMobilityModel");
    ExpectNear(model->GetPosition(), Vector(1000, -500, 25), 0.0, "local site");
    ExpectNear(sites.Get(0)->GetObject<MobilityModel>()->GetPosition(),
               Vector(0, 0, 25),
               0.0,
               "local site");

    // With an allocator, its z is the ground: 5 m ground + 30 m mast = 35 m.
    helper.SetAntennaHeight(30.0);
    EXPECT_DOUBLE_EQ(helper.GetAntennaHeight(), 30.0);
    auto list = CreateObject<ListPositionAllocator>();
    list->Add(Vector(100, 200, 5));
    helper.SetPositionAllocator(list);
    NodeContainer one;
    one.Create(1);
    helper.Install(one);
    ExpectNear(one.Get(0)->GetObject<MobilityModel>()->GetPosition(),
               Vector(100, 200, 35),
               0.0,
               "allocated site");
}

TEST(BaseStationHelper, GeographicSites)
{
    BaseStationHelper helper;
    helper.SetOrigin(48.137, 11.575, 520.0);
    NodeContainer sites;
    sites.Create(3);
    helper.InstallGeographic(sites,
                             {Vector(48.137, 11.575, 520.0),
                              Vector(48.147, 11.575, 520.0),
                              Vector(48.137, 11.585, 520.0)});
    // At the origin's own site the antenna is straight up: (0, 0, 25).
    ExpectNear(sites.Get(0)->GetObject<MobilityModel>()->GetPosition(),
               Vector(0, 0, 25),
               1e-6,
               "origin site");
    // 0.01° north, on the ellipsoid 520 m up: the arc is (M + h)·Δφ with the meridian radius
    // M = a(1-e²)/(1 - e² sin²φ)^1.5 = 6370894.4 m at φ = 48.142°, h = 520 m: 1111.931 +
    // 0.091 = 1112.022 m; the mast, tilted north by Δφ with its site's vertical, adds
    // 25·sin(0.01°) = 0.004 m: y = 1112.026 m. The ground falls below the tangent plane by
    // d²/(2R) = 1112²/(2·6.38e6) = 0.097 m: z = 25 - 0.097 = 24.903 m.
    ExpectNear(sites.Get(1)->GetObject<MobilityModel>()->GetPosition(),
               Vector(0, 1112.026, 24.903),
               0.005,
               "north site");
    // 0.01° east: x = (N + h)·cos φ·Δλ with N = a/sqrt(1 - e² sin²φ) = 6390011.0 m at
    // φ = 48.137°: 744.276 + 0.061 (h) + 0.003 (mast tilt) = 744.339 m; the parallel bends
    // toward the pole side of the tangent plane's east axis by d²·tan φ/(2N) = 0.048 m; the
    // ground falls by d²/(2N) = 0.043 m: z = 24.957 m.
    ExpectNear(sites.Get(2)->GetObject<MobilityModel>()->GetPosition(),
               Vector(744.339, 0.048, 24.957),
               0.005,
               "east site");

    // Without a frame of its own, the helper uses the scenario's origin: the defaults of the
    // orbit models' Origin* attributes, so that satellites and base stations share one frame.
    Config::SetDefault("ns3::sagin::OrbitMobilityModel::OriginLatitude", DoubleValue(48.137));
    Config::SetDefault("ns3::sagin::OrbitMobilityModel::OriginLongitude", DoubleValue(11.575));
    Config::SetDefault("ns3::sagin::OrbitMobilityModel::OriginAltitude", DoubleValue(520.0));
    BaseStationHelper scenario;
    EXPECT_DOUBLE_EQ(scenario.GetFrame().GetLatitudeDeg(), 48.137);
    auto node = CreateObject<Node>();
    auto model = scenario.InstallGeographic(node, Vector(48.147, 11.575, 520.0));
    ExpectNear(model->GetPosition(), Vector(0, 1112.026, 24.903), 0.005, "scenario frame");
}

TEST(BaseStationHelper, Errors)
{
    BaseStationHelper helper;
    NodeContainer two;
    two.Create(2);
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.Install(two); }),
              "BaseStationHelper: no sites: give local points, geographic sites or a position "
              "allocator");
    EXPECT_EQ(InvalidArgumentMessage([&] {
                  helper.Install(two, std::vector<Vector2D>{{0, 0}});
              }),
              "BaseStationHelper: 2 nodes but 1 sites");
    EXPECT_EQ(InvalidArgumentMessage([&] {
                  helper.InstallGeographic(two, {Vector(10, 20, 0), Vector(91, 20, 0)});
              }),
              "BaseStationHelper: site 1: latitude 91.000000 deg is outside [-90, 90]");
    EXPECT_EQ(InvalidArgumentMessage([&] {
                  helper.InstallGeographic(two, {Vector(10, 200, 0), Vector(10, 20, 0)});
              }),
              "BaseStationHelper: site 0: longitude 200.000000 deg is outside [-180, 180]");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetAntennaHeight(-1.0); }),
              "BaseStationHelper: antenna height -1.000000 m is not >= 0");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetOrigin(0.0, 190.0, 0.0); }),
              "BaseStationHelper: GeoFrame: origin longitude 190.000000 deg is outside "
              "[-180, 180]");
    EXPECT_FALSE(two.Get(0)->GetObject<MobilityModel>());
    EXPECT_FALSE(NodeRole::Has(two.Get(1)));
}

TEST(VehicleHelper, DefaultRandomWalkAtAntennaHeight)
{
    VehicleHelper helper;
    NodeContainer vehicles;
    vehicles.Create(4);
    helper.Install(vehicles);
    EXPECT_GT(helper.AssignStreams(vehicles, 100), 0);
    std::vector<Ptr<MobilityModel>> models;
    for (uint32_t i = 0; i < 4; ++i)
    {
        models.push_back(vehicles.Get(i)->GetObject<MobilityModel>());
    }
    auto samples = SampleAt(models, {120.0});
    for (uint32_t i = 0; i < 4; ++i)
    {
        Ptr<Node> node = vehicles.Get(i);
        EXPECT_EQ(NodeRole::Get(node), NodeRole::VEHICLE);
        EXPECT_TRUE(node->GetObject<RandomWalk2dMobilityModel>());
        // Inside the default square, at the antenna height, at a speed in [5, 15] m/s.
        const Sample& later = samples[i][120.0];
        const Vector& p = later.position;
        EXPECT_TRUE(std::abs(p.x) <= 500 && std::abs(p.y) <= 500) << p;
        EXPECT_DOUBLE_EQ(p.z, 1.5);
        EXPECT_DOUBLE_EQ(later.velocity.z, 0.0);
        const double speed = later.velocity.GetLength();
        EXPECT_TRUE(speed >= 5.0 && speed <= 15.0) << speed;
    }
}

TEST(VehicleHelper, AnyModelAndAllocator)
{
    VehicleHelper helper;
    helper.SetMobilityModel("ns3::ConstantVelocityMobilityModel");
    auto list = CreateObject<ListPositionAllocator>();
    list->Add(Vector(10, 20, 2));
    helper.SetPositionAllocator(list);
    helper.SetAntennaHeight(2.0);
    auto node = CreateObject<Node>();
    auto model = helper.Install(node);
    // Ground 2 m + antenna 2 m.
    ExpectNear(model->GetPosition(), Vector(10, 20, 4), 0.0, "allocated");
    EXPECT_TRUE(node->GetObject<ConstantVelocityMobilityModel>());
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetMobilityModel("ns3::sagin::NodeRole"); }),
              "VehicleHelper: 'ns3::sagin::NodeRole' is not a ns3::MobilityModel");
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.SetAntennaHeight(std::nan("")); }),
              "VehicleHelper: antenna height nan m is not >= 0");
    VehicleHelper walker;
    EXPECT_EQ(InvalidArgumentMessage(
                  [&] { walker.Set("Speed", StringValue("ns3::NoSuchRandomVariable")); }),
              "VehicleHelper: ns3::RandomWalk2dMobilityModel::Speed: invalid object "
              "'ns3::NoSuchRandomVariable': unknown TypeId 'ns3::NoSuchRandomVariable'");
}

TEST(VehicleHelper, Ns2TraceFromSumo)
{
    // As SUMO's traceExporter writes it (initial X_, Y_, Z_ 0, then setdest per step), with a
    // comment, a final ';' and a quote apart.
    TempFile trace("mobility.tcl",
                   "# two vehicles\n"
                   "$node_(0) set X_ 10.0\n"
                   "$node_(0) set Y_ 20.0\n"
                   "$node_(0) set Z_ 0\n"
                   "$node_(1) set X_ 0\n"
                   "$node_(1) set Y_ 0\n"
                   "$node_(1) set Z_ 0\n"
                   "$ns_ at 0.0 \"$node_(1) setdest 0 100 5\";\n"
                   "$ns_ at 1.0 \"$node_(0) setdest 40.0 60.0 10.0 \"\n"
                   "\n"
                   "$ns_ at 10.0 \"$node_(1) setdest 50 50 5\"\n");
    VehicleHelper helper; // antenna 1.5 m
    NodeContainer vehicles;
    vehicles.Create(2);
    helper.InstallFromNs2Trace(trace.Path(), vehicles);
    EXPECT_EQ(NodeRole::Get(vehicles.Get(0)), NodeRole::VEHICLE);
    EXPECT_TRUE(vehicles.Get(0)->GetObject<HierarchicalMobilityModel>());
    auto samples = SampleAt(
        {vehicles.Get(0)->GetObject<MobilityModel>(), vehicles.Get(1)->GetObject<MobilityModel>()},
        {0.5, 3.5, 4.0, 14.0, 30.0});
    Samples& s0 = samples[0];
    Samples& s1 = samples[1];
    // Vehicle 0 waits at (10, 20) until 1 s, then drives 50 m to (40, 60) at 10 m/s, velocity
    // 10·(30, 40)/50 = (6, 8): at 3.5 s it is 25 m along, (25, 40); it arrives at 6 s.
    ExpectNear(s0[0.5].position, Vector(10, 20, 1.5), 1e-9, "vehicle 0 waiting");
    ExpectNear(s0[3.5].position, Vector(25, 40, 1.5), 1e-6, "vehicle 0 driving");
    ExpectNear(s0[3.5].velocity, Vector(6, 8, 0), 1e-9, "vehicle 0 driving");
    ExpectNear(s0[30.0].position, Vector(40, 60, 1.5), 1e-6, "vehicle 0 arrived");
    // Vehicle 1 drives north at 5 m/s from 0 s: (0, 20) at 4 s; at 10 s, at (0, 50), a new
    // setdest turns it east to (50, 50): at 14 s it is at (20, 50); it arrives at 20 s.
    ExpectNear(s1[4.0].position, Vector(0, 20, 1.5), 1e-6, "vehicle 1 north");
    ExpectNear(s1[14.0].position, Vector(20, 50, 1.5), 1e-6, "vehicle 1 east");
    ExpectNear(s1[14.0].velocity, Vector(5, 0, 0), 1e-9, "vehicle 1 east");
    ExpectNear(s1[30.0].position, Vector(50, 50, 1.5), 1e-6, "vehicle 1 arrived");
}

TEST(VehicleHelper, MalformedNs2TracesAreRefused)
{
    const std::string good = "$node_(0) set X_ 1\n$node_(0) set Y_ 2\n"
                             "$node_(1) set X_ 3\n$node_(1) set Y_ 4\n";
    // (trace text, expected message after "VehicleHelper: PATH")
    const std::vector<std::pair<std::string, std::string>> cases = {
        {good + "garbage line\n", ":5: not an ns-2 movement statement: 'garbage line'"},
        {good + "$node_(0) set W_ 5\n",
         ":5: not an ns-2 position statement ($node_(i) set X_|Y_|Z_ value): '$node_(0) set W_ "
         "5'"},
        {good + "$node_(0) set X_ 1.0.0\n", ":5: coordinate '1.0.0' is not a finite number"},
        {good + "$node_(7) set X_ 1\n", ":5: node 7 is not one of the 2 nodes given"},
        {good + "$ns_ at 1 \"$node_(0) setdest 5 5 -3\"\n", ":5: speed -3 is negative"},
        {good + "$ns_ at soon \"$node_(0) setdest 5 5 3\"\n",
         ":5: time 'soon' is not a finite number >= 0"},
        {good + "$ns_ at -1 \"$node_(0) setdest 5 5 3\"\n",
         ":5: time '-1' is not a finite number >= 0"},
        {good + "$ns_ at 1 \"$node_(0) setdest 5 x 3\"\n", ":5: 'x' is not a finite number"},
        {good + "$ns_ at 1 \"$node_(0) setdest 5 5 3\n",
         ":5: no closing '\"' in '$ns_ at 1 \"$node_(0) setdest 5 5 3'"},
        {good + "$ns_ at 1 \"$node_(0) setdest 5 5\"\n",
         ":5: not an ns-2 movement statement ($ns_ at t \"$node_(i) setdest x y speed\"): '$ns_ "
         "at 1 \"$node_(0) setdest 5 5\"'"},
        {good + "$ns_ at 4 \"$node_(0) set X_ 9\"\n",
         ":5: scheduled 'set' statements are not supported (ns-3.37's Ns2MobilityHelper applies "
         "them at once, not at their time): use setdest"},
        {good + "$ns_ at 4 \"$node_(0) setdest 5 5 3\"\n$ns_ at 2 \"$node_(0) setdest 1 1 3\"\n",
         ":6: time 2 is before the node's previous setdest"},
        {"$node_(0) set X_ 1\n$node_(0) set Y_ 2\n",
         ": node 1 of the 2 nodes given is not in the trace"},
        {"$node_(0) set X_ 1\n$node_(0) set Y_ 2\n$node_(1) set X_ 3\n",
         ": node 1 has no initial position ($node_(1) set X_ and set Y_)"},
    };
    for (const auto& [text, message] : cases)
    {
        TempFile trace("bad.tcl", text);
        VehicleHelper helper;
        NodeContainer vehicles;
        vehicles.Create(2);
        EXPECT_EQ(
            InvalidArgumentMessage([&] { helper.InstallFromNs2Trace(trace.Path(), vehicles); }),
            "VehicleHelper: " + trace.Path() + message);
        EXPECT_FALSE(vehicles.Get(0)->GetObject<MobilityModel>());
        EXPECT_FALSE(NodeRole::Has(vehicles.Get(1)));
    }
    VehicleHelper helper;
    NodeContainer vehicles;
    vehicles.Create(1);
    EXPECT_EQ(InvalidArgumentMessage(
                  [&] { helper.InstallFromNs2Trace("/nonexistent/mobility.tcl", vehicles); }),
              "VehicleHelper: cannot read ns-2 trace '/nonexistent/mobility.tcl': no such file");
    TempFile somewhere("x", "");
    const std::string directory = somewhere.Path().substr(0, somewhere.Path().rfind('/'));
    EXPECT_EQ(InvalidArgumentMessage([&] { helper.InstallFromNs2Trace(directory, vehicles); }),
              "VehicleHelper: cannot read ns-2 trace '" + directory + "': not a regular file");
}
