// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/applications-module.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/sagin-module.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::test::MakeNode;
using ns3::sagin::test::UniformRadios;

namespace
{

/**
 * @param node a node with IPv4 and static routing
 * @param dest a host, or 0.0.0.0 for the default route
 * @return the gateway of @p node's route to @p dest, or 0.0.0.0 when it has none
 */
Ipv4Address
Gateway(Ptr<Node> node, Ipv4Address dest = Ipv4Address::GetAny())
{
    Ipv4StaticRoutingHelper helper;
    Ptr<Ipv4StaticRouting> routing = helper.GetStaticRouting(node->GetObject<Ipv4>());
    for (uint32_t i = 0; i < routing->GetNRoutes(); ++i)
    {
        Ipv4RoutingTableEntry route = routing->GetRoute(i);
        const bool wanted = dest == Ipv4Address::GetAny()
                                ? route.IsDefault()
                                : route.IsHost() && route.GetDest() == dest;
        if (wanted)
        {
            return route.GetGateway();
        }
    }
    return Ipv4Address::GetAny();
}

} // namespace

TEST(AssociationManager, BestSnrWithHysteresis)
{
    // Base stations A at x = 0 and B at x = 2000 m; the vehicle moves along x. Free space: the
    // SNR difference is 20·log10(dA / dB).
    NodeContainer nodes(MakeNode(NodeRole::VEHICLE, Vector(900, 0, 0)),
                        MakeNode(NodeRole::BASE_STATION, Vector(0, 0, 0)),
                        MakeNode(NodeRole::BASE_STATION, Vector(2000, 0, 0)));
    SaginNetDeviceHelper helper = UniformRadios(40.0);
    NetDeviceContainer devices = helper.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses("10.1.0.0", "255.255.0.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);

    auto manager = CreateObject<AssociationManager>();
    std::vector<AssociationManager::Handover> handovers;
    manager->TraceConnectWithoutContext(
        "Handover",
        Callback<void, const AssociationManager::Handover&>(
            [&handovers](const AssociationManager::Handover& h) { handovers.push_back(h); }));
    Ptr<Node> vehicle = nodes.Get(0);
    Ptr<MobilityModel> mobility = vehicle->GetObject<MobilityModel>();

    // x = 900: A at 900 m beats B at 1100 m (by 1.74 dB): associate with A.
    manager->Start(helper.GetChannel());
    ASSERT_EQ(handovers.size(), 1u);
    EXPECT_EQ(handovers[0].from, -1);
    EXPECT_EQ(handovers[0].to, nodes.Get(1)->GetId());
    EXPECT_EQ(handovers[0].via, -1);
    // SNR at 900 m: 24.54192 - 20·log10(0.9) = 25.45707 dB.
    EXPECT_NEAR(handovers[0].snrDb, 25.457067, 1e-5);
    EXPECT_EQ(manager->GetServingBaseStation(vehicle), nodes.Get(1));
    EXPECT_EQ(Gateway(vehicle), interfaces.GetAddress(1));

    // x = 1100: B is better by 20·log10(1100/900) = 1.74 dB < 3 dB: stay with A.
    mobility->SetPosition(Vector(1100, 0, 0));
    manager->Evaluate();
    EXPECT_EQ(handovers.size(), 1u);
    EXPECT_EQ(manager->GetServingBaseStation(vehicle), nodes.Get(1));

    // x = 1200: B is better by 20·log10(1200/800) = 3.52 dB > 3 dB: hand over to B, and the
    // default route follows.
    mobility->SetPosition(Vector(1200, 0, 0));
    manager->Evaluate();
    ASSERT_EQ(handovers.size(), 2u);
    EXPECT_EQ(handovers[1].from, nodes.Get(1)->GetId());
    EXPECT_EQ(handovers[1].to, nodes.Get(2)->GetId());
    EXPECT_EQ(manager->GetServingBaseStation(vehicle), nodes.Get(2));
    EXPECT_EQ(Gateway(vehicle), interfaces.GetAddress(2));

    // Far from both (SNR 24.54 - 20·log10(50) = -9.4 dB < -5 dB): no base station, no route.
    mobility->SetPosition(Vector(52000, 0, 0));
    manager->Evaluate();
    ASSERT_EQ(handovers.size(), 3u);
    EXPECT_EQ(handovers[2].to, -1);
    EXPECT_FALSE(manager->GetServingBaseStation(vehicle));
    EXPECT_EQ(Gateway(vehicle), Ipv4Address::GetAny());
    Simulator::Destroy();
}

TEST(AssociationManager, RelaysThroughASatellite)
{
    // The vehicle is 1000 km from the base station (SNR 24.54 - 60 = -35.5 dB: outage). A
    // satellite 550 km up, halfway, is 743.3 km from both: each hop has SNR
    // 24.54192 - 20·log10(743.303) + 40 = 7.11859 dB, so the path is vehicle → satellite → base
    // station. UDP datagrams from the vehicle then reach the base station in two hops.
    NodeContainer nodes(MakeNode(NodeRole::VEHICLE, Vector(1000e3, 0, 0)),
                        MakeNode(NodeRole::BASE_STATION, Vector(0, 0, 0)),
                        MakeNode(NodeRole::SATELLITE, Vector(500e3, 0, 550e3)));
    SaginNetDeviceHelper helper = UniformRadios(40.0);
    NetDeviceContainer devices = helper.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses("10.1.0.0", "255.255.0.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
    Ptr<Node> vehicle = nodes.Get(0);

    auto manager = CreateObject<AssociationManager>();
    manager->Start(helper.GetChannel());
    EXPECT_FALSE(manager->GetServingBaseStation(vehicle)) << "relaying is off by default";
    manager->Stop();

    std::vector<AssociationManager::Handover> handovers;
    manager->TraceConnectWithoutContext(
        "Handover",
        Callback<void, const AssociationManager::Handover&>(
            [&handovers](const AssociationManager::Handover& h) { handovers.push_back(h); }));
    manager->SetAttribute("SatelliteRelay", BooleanValue(true));
    manager->Evaluate();
    ASSERT_EQ(handovers.size(), 1u);
    EXPECT_EQ(handovers[0].to, nodes.Get(1)->GetId());
    EXPECT_EQ(handovers[0].via, nodes.Get(2)->GetId());
    EXPECT_NEAR(handovers[0].snrDb, 7.118594, 1e-6);
    EXPECT_EQ(manager->GetRelaySatellite(vehicle), nodes.Get(2));
    EXPECT_EQ(Gateway(vehicle, interfaces.GetAddress(1)), interfaces.GetAddress(2));
    EXPECT_EQ(Gateway(nodes.Get(1), interfaces.GetAddress(0)), interfaces.GetAddress(2));

    const uint16_t port = 7000;
    PacketSinkHelper sink("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer sinkApp = sink.Install(nodes.Get(1));
    Ptr<Socket> socket = Socket::CreateSocket(vehicle, UdpSocketFactory::GetTypeId());
    socket->Connect(InetSocketAddress(interfaces.GetAddress(1), port));
    for (int i = 0; i < 5; ++i)
    {
        Simulator::Schedule(MilliSeconds(10 * (i + 1)),
                            [socket]() { socket->Send(Create<Packet>(1000)); });
    }
    uint32_t satelliteReceived = 0;
    devices.Get(2)->TraceConnectWithoutContext(
        "MacRx",
        Callback<void, Ptr<const Packet>>(
            [&satelliteReceived](Ptr<const Packet>) { ++satelliteReceived; }));
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_EQ(DynamicCast<PacketSink>(sinkApp.Get(0))->GetTotalRx(), 5000u);
    // Five datagrams plus the ARP request and reply of each hop pass the satellite.
    EXPECT_GE(satelliteReceived, 5u);
    Simulator::Destroy();
}

TEST(AssociationManager, HandoverDuringAFlight)
{
    // A UAV flies at 100 m from above base station A (x = 0) to above base station B
    // (x = 2000 m) at 20 m/s, with the helper's default radios and models (Al-Hourani's mean
    // loss, no random part). The geometry is symmetric about x = 1000 m, reached at t = 50 s,
    // where the two SNRs are equal. With no hysteresis the UAV hands over at the first
    // evaluation after that (every 100 ms): t in (50 s, 50.1 s]. With the default 3 dB it hands
    // over later, but before it is above B (t = 100 s), and exactly once.
    for (double hysteresisDb : {0.0, 3.0})
    {
        NodeContainer stations(MakeNode(NodeRole::BASE_STATION, Vector(0, 0, 25)),
                               MakeNode(NodeRole::BASE_STATION, Vector(2000, 0, 25)));
        NodeContainer uav;
        uav.Create(1);
        UavHelper uavHelper;
        uavHelper.SetSpeed(20.0);
        uavHelper.Install(uav.Get(0), std::vector<Vector2D>{Vector2D(0, 0), Vector2D(2000, 0)});
        SaginNetDeviceHelper radios;
        radios.Install(NodeContainer(stations, uav));

        auto manager = CreateObject<AssociationManager>();
        manager->SetAttribute("Hysteresis", DoubleValue(hysteresisDb));
        std::vector<AssociationManager::Handover> handovers;
        manager->TraceConnectWithoutContext(
            "Handover",
            Callback<void, const AssociationManager::Handover&>(
                [&handovers](const AssociationManager::Handover& h) { handovers.push_back(h); }));
        manager->Start(radios.GetChannel());
        Simulator::Stop(Seconds(110));
        Simulator::Run();

        ASSERT_EQ(handovers.size(), 2u) << "hysteresis " << hysteresisDb;
        EXPECT_EQ(handovers[0].time, Seconds(0));
        EXPECT_EQ(handovers[0].to, stations.Get(0)->GetId());
        EXPECT_EQ(handovers[1].from, stations.Get(0)->GetId());
        EXPECT_EQ(handovers[1].to, stations.Get(1)->GetId());
        if (hysteresisDb == 0.0)
        {
            EXPECT_GT(handovers[1].time, Seconds(50));
            EXPECT_LE(handovers[1].time, Seconds(50.1));
        }
        else
        {
            EXPECT_GT(handovers[1].time, Seconds(50.1));
            EXPECT_LT(handovers[1].time, Seconds(100));
        }
        Simulator::Destroy();
    }
}

TEST(SpatialIndex, NearestAndWithinInIncreasingIndexOrder)
{
    SpatialIndex index;
    EXPECT_TRUE(index.Nearest(Vector(0, 0, 0), 3).empty());
    index.Build({Vector(0, 0, 0),
                 Vector(10, 0, 0),
                 Vector(20, 0, 0),
                 Vector(0, 10, 0),
                 Vector(100, 100, 0),
                 Vector(0, 0, 12)});
    EXPECT_EQ(index.GetN(), 6u);
    // From (2, 1, 0): 2.24 m to #0, 8.06 m to #1, 9.22 m to #3, 12.2 m to #5, 18.0 m to #2.
    EXPECT_EQ(index.Nearest(Vector(2, 1, 0), 2), (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(index.Nearest(Vector(2, 1, 0), 4), (std::vector<std::size_t>{0, 1, 3, 5}));
    EXPECT_EQ(index.Nearest(Vector(2, 1, 0), 10).size(), 6u);
    // Within 15 m of the origin: #0, #1 (10 m), #3 (10 m), #5 (12 m, above); not #2 (20 m).
    EXPECT_EQ(index.Within(Vector(0, 0, 0), 15), (std::vector<std::size_t>{0, 1, 3, 5}));
    EXPECT_EQ(index.Within(Vector(100, 100, 0), 1), (std::vector<std::size_t>{4}));
    EXPECT_TRUE(index.Within(Vector(50, 50, 50), 5).empty());
    index.Build({Vector(1, 1, 1)});
    EXPECT_EQ(index.Nearest(Vector(0, 0, 0), 2), (std::vector<std::size_t>{0}));
}

TEST(AssociationManager, CandidatesAreTheNearestBaseStations)
{
    // A at x = 0 and B at x = 3000 m, B with 20 dBi antennas; the vehicle at x = 500 m.
    // Free space: A's SNR 24.54192 - 20·log10(0.5) = 30.56252 dB; B's 24.54192 -
    // 20·log10(2.5) + 20 = 36.58312 dB. With every base station a candidate the vehicle takes
    // B; with the one nearest only, A.
    for (uint32_t candidates : {0u, 1u, 2u})
    {
        NodeContainer nodes(MakeNode(NodeRole::VEHICLE, Vector(500, 0, 0)),
                            MakeNode(NodeRole::BASE_STATION, Vector(0, 0, 0)),
                            MakeNode(NodeRole::BASE_STATION, Vector(3000, 0, 0)));
        SaginNetDeviceHelper helper = UniformRadios();
        NetDeviceContainer devices = helper.Install(nodes);
        devices.Get(2)->SetAttribute("TxGainDbi", DoubleValue(20));
        devices.Get(2)->SetAttribute("RxGainDbi", DoubleValue(20));
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses("10.1.0.0", "255.255.0.0");
        addresses.Assign(devices);
        auto manager = CreateObjectWithAttributes<AssociationManager>(
            "Candidates",
            UintegerValue(candidates));
        std::vector<AssociationManager::Handover> handovers;
        manager->TraceConnectWithoutContext(
            "Handover",
            Callback<void, const AssociationManager::Handover&>(
                [&handovers](const AssociationManager::Handover& h) { handovers.push_back(h); }));
        manager->Start(helper.GetChannel());
        ASSERT_EQ(handovers.size(), 1u) << candidates;
        const Ptr<Node> expected = candidates == 1 ? nodes.Get(1) : nodes.Get(2);
        EXPECT_EQ(manager->GetServingBaseStation(nodes.Get(0)), expected) << candidates;
        EXPECT_NEAR(handovers[0].snrDb, candidates == 1 ? 30.562516 : 36.583116, 1e-5);
        Simulator::Destroy();
    }
}
