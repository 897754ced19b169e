// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/applications-module.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/sagin-module.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::test::MakeNode;
using ns3::sagin::test::UniformRadios;

namespace
{

// Free space over 1 km at 1 GHz: 20·log10(4π·1000·1e9 / c) = 92.44778 dB; received
// 23 - 92.44778 = -69.44778 dBm; noise -174 + 10·log10(20e6) + 7 = -93.98970 dBm;
// SNR 24.54192 dB; rate 20e6·log2(1 + 10^2.454192) = 163.154182 Mbit/s.
constexpr double SNR_1KM_DB = 24.541916821476818;
constexpr double RATE_1KM_BPS = 163154182.38655016;

/// What the channel gave each frame: its bandwidth, Hz, and airtime.
using Frames = std::vector<std::pair<double, Time>>;

/**
 * Two vehicles 1 km from a base station each start a 1014-byte frame to it at t = 0.
 * @param sharing the channel's BandwidthSharing
 * @return the bandwidth and airtime of each frame, in the order they started
 */
Frames
TwoSendersToOneBaseStation(const std::string& sharing)
{
    NodeContainer nodes(MakeNode(NodeRole::VEHICLE, Vector(0, 0, 0)),
                        MakeNode(NodeRole::VEHICLE, Vector(1000, 1000, 0)),
                        MakeNode(NodeRole::BASE_STATION, Vector(1000, 0, 0)));
    SaginNetDeviceHelper helper = UniformRadios();
    helper.SetChannelAttribute("BandwidthSharing", StringValue(sharing));
    NetDeviceContainer devices = helper.Install(nodes);
    Frames frames;
    helper.GetChannel()->TraceConnectWithoutContext(
        "Transmission",
        Callback<void,
                 Ptr<const Packet>,
                 Ptr<const SaginNetDevice>,
                 Ptr<const SaginNetDevice>,
                 const SaginChannel::LinkState&,
                 Time>(
            [&frames](Ptr<const Packet>,
                      Ptr<const SaginNetDevice>,
                      Ptr<const SaginNetDevice>,
                      const SaginChannel::LinkState& state,
                      Time airtime) { frames.emplace_back(state.bandwidthHz, airtime); }));
    devices.Get(0)->Send(Create<Packet>(1000), devices.Get(2)->GetAddress(), 0x0800);
    devices.Get(1)->Send(Create<Packet>(1000), devices.Get(2)->GetAddress(), 0x0800);
    Simulator::Run();
    Simulator::Destroy();
    return frames;
}

} // namespace

TEST(SaginChannel, ClassifiesLinksByRole)
{
    using R = NodeRole;
    EXPECT_EQ(SaginChannel::Classify(R::VEHICLE, R::BASE_STATION), SaginChannel::GROUND);
    EXPECT_EQ(SaginChannel::Classify(R::BASE_STATION, R::BASE_STATION), SaginChannel::GROUND);
    EXPECT_EQ(SaginChannel::Classify(R::UAV, R::BASE_STATION), SaginChannel::AIR_TO_GROUND);
    EXPECT_EQ(SaginChannel::Classify(R::VEHICLE, R::UAV), SaginChannel::AIR_TO_GROUND);
    EXPECT_EQ(SaginChannel::Classify(R::SATELLITE, R::UAV), SaginChannel::SPACE_TO_GROUND);
    EXPECT_EQ(SaginChannel::Classify(R::BASE_STATION, R::SATELLITE), SaginChannel::SPACE_TO_GROUND);
    EXPECT_EQ(SaginChannel::Classify(R::SATELLITE, R::SATELLITE), SaginChannel::INTER_SATELLITE);
    EXPECT_EQ(SaginChannel::LinkClassName(SaginChannel::INTER_SATELLITE), "isl");
}

TEST(SaginChannel, ShannonRateOfTheGeometry)
{
    NodeContainer nodes(MakeNode(NodeRole::VEHICLE, Vector(0, 0, 0)),
                        MakeNode(NodeRole::BASE_STATION, Vector(1000, 0, 0)));
    SaginNetDeviceHelper helper = UniformRadios();
    NetDeviceContainer devices = helper.Install(nodes);
    auto vehicle = DynamicCast<SaginNetDevice>(devices.Get(0));
    auto bs = DynamicCast<SaginNetDevice>(devices.Get(1));
    SaginChannel::LinkState state = helper.GetChannel()->GetLinkState(vehicle, bs);
    EXPECT_FALSE(state.outage);
    EXPECT_EQ(state.linkClass, SaginChannel::GROUND);
    EXPECT_NEAR(state.snrDb, SNR_1KM_DB, 1e-9);
    EXPECT_NEAR(state.rateBps, RATE_1KM_BPS, 1e-3);
    // 1000 m / 299792458 m/s = 3.33564 µs.
    EXPECT_EQ(state.delay, NanoSeconds(3336));
    // Two concurrent senders share 20 MHz: 10 MHz each, noise 3.0103 dB lower:
    // SNR 27.55222 dB, rate 10e6·log2(1 + 10^2.755222) = 91.551809 Mbit/s.
    state = helper.GetChannel()->GetLinkState(vehicle, bs, 2);
    EXPECT_NEAR(state.bandwidthHz, 10e6, 1e-6);
    EXPECT_NEAR(state.rateBps, 91551809.28347343, 1e-3);

    // The rate follows the geometry: at 2 km the loss is 6.0206 dB higher,
    // SNR 18.52132 dB, rate 20e6·log2(1 + 10^1.852132) = 123.5 Mbit/s (computed below).
    nodes.Get(1)->GetObject<MobilityModel>()->SetPosition(Vector(2000, 0, 0));
    state = helper.GetChannel()->GetLinkState(vehicle, bs);
    const double snrDb = SNR_1KM_DB - 20 * std::log10(2.0);
    EXPECT_NEAR(state.snrDb, snrDb, 1e-9);
    EXPECT_NEAR(state.rateBps, 20e6 * std::log2(1 + std::pow(10, snrDb / 10)), 1e-3);
    Simulator::Destroy();
}

TEST(SaginChannel, OutageBelowMinimumSnrDeliversNothing)
{
    // At 1000 km the SNR is 24.54192 - 60 = -35.46 dB, below MinSnr = -5 dB.
    NodeContainer nodes(MakeNode(NodeRole::VEHICLE, Vector(0, 0, 0)),
                        MakeNode(NodeRole::BASE_STATION, Vector(1000e3, 0, 0)));
    SaginNetDeviceHelper helper = UniformRadios();
    NetDeviceContainer devices = helper.Install(nodes);
    std::vector<std::string> reasons;
    // Through the configuration namespace, as a scenario script connects it.
    Config::ConnectWithoutContext("/ChannelList/*/$ns3::sagin::SaginChannel/Outage",
                                  Callback<void,
                                           Ptr<const Packet>,
                                           Ptr<const SaginNetDevice>,
                                           Ptr<const SaginNetDevice>,
                                           const std::string&,
                                           double>([&reasons](Ptr<const Packet>,
                                                              Ptr<const SaginNetDevice>,
                                                              Ptr<const SaginNetDevice> receiver,
                                                              const std::string& reason,
                                                              double snrDb) {
                                      reasons.push_back(reason);
                                      EXPECT_TRUE(receiver);
                                      EXPECT_NEAR(snrDb, SNR_1KM_DB - 60.0, 1e-9);
                                  }));
    uint32_t received = 0;
    devices.Get(1)->SetReceiveCallback(NetDevice::ReceiveCallback(
        [&received](Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address&) {
            ++received;
            return true;
        }));
    for (int i = 0; i < 3; ++i)
    {
        devices.Get(0)->Send(Create<Packet>(1000), devices.Get(1)->GetAddress(), 0x0800);
    }
    Simulator::Run();
    EXPECT_EQ(received, 0u);
    EXPECT_EQ(reasons, std::vector<std::string>(3, "snr-below-minimum"));
    Simulator::Destroy();
}

TEST(SaginChannel, EarthBlocksInterSatelliteLinks)
{
    // Two satellites 550 km above the origin's tangent plane, 8000 km apart east-west: the
    // chord between them passes 550 - R(1 - cos(θ)) ... below the surface: at the midpoint the
    // line is at height 550 km above the tangent plane at the origin, but the Earth's surface
    // under a point 4000 km away drops by R - sqrt(R² - 4000²) = 1412 km, so the midpoint
    // (straight above the origin) is 550 km up while the ends are 550 km above the plane: the
    // segment is above the plane everywhere and clears the Earth. Put them 16000 km apart at
    // the plane's level -5000 km instead: the chord passes 5000 km below the origin, inside.
    NodeContainer clear(MakeNode(NodeRole::SATELLITE, Vector(-4000e3, 0, 550e3)),
                        MakeNode(NodeRole::SATELLITE, Vector(4000e3, 0, 550e3)));
    NodeContainer blocked(MakeNode(NodeRole::SATELLITE, Vector(-8000e3, 0, -5000e3)),
                          MakeNode(NodeRole::SATELLITE, Vector(8000e3, 0, -5000e3)));
    SaginNetDeviceHelper helper = UniformRadios();
    helper.SetPropagationLossAttribute(SaginChannel::INTER_SATELLITE,
                                       "Frequency",
                                       DoubleValue(1e6));
    NetDeviceContainer a = helper.Install(clear);
    NetDeviceContainer b = helper.Install(blocked);
    auto channel = helper.GetChannel();
    SaginChannel::LinkState state = channel->GetLinkState(DynamicCast<SaginNetDevice>(a.Get(0)),
                                                          DynamicCast<SaginNetDevice>(a.Get(1)));
    EXPECT_EQ(state.linkClass, SaginChannel::INTER_SATELLITE);
    EXPECT_NE(state.reason, "earth-blocked");
    state = channel->GetLinkState(DynamicCast<SaginNetDevice>(b.Get(0)),
                                  DynamicCast<SaginNetDevice>(b.Get(1)));
    EXPECT_TRUE(state.outage);
    EXPECT_EQ(state.reason, "earth-blocked");
    EXPECT_EQ(state.rateBps, 0.0);
    Simulator::Destroy();
}

TEST(SaginChannel, ConcurrentSendersShareTheReceiversBand)
{
    // The first frame gets the whole 20 MHz (163.154 Mbit/s, 8112 bits in 49.72 µs); the
    // second, starting while the first is on the air, gets 10 MHz (91.552 Mbit/s, 88.60 µs).
    const Frames frames = TwoSendersToOneBaseStation("equal");
    ASSERT_EQ(frames.size(), 2u);
    EXPECT_DOUBLE_EQ(frames[0].first, 20e6);
    EXPECT_DOUBLE_EQ(frames[1].first, 10e6);
    EXPECT_NEAR(frames[0].second.GetSeconds(), 8112 / RATE_1KM_BPS, 1e-9);
    EXPECT_NEAR(frames[1].second.GetSeconds(), 8112 / 91551809.28347343, 1e-9);
}

TEST(SaginChannel, TcpBulkTransferTakesTheShannonTime)
{
    // One split-point tensor, 2,359,296 float32 values = 9,437,184 bytes, from a vehicle to
    // its base station 1 km away over TCP. Segments of 1448 bytes travel in 1514-byte frames
    // (1448 + 32 TCP with timestamps + 20 IPv4 + 14 MAC): 6517 full frames and one of
    // 9437184 - 6517·1448 = 568 + 66 = 634 bytes, (6517·1514 + 634)·8 = 78,939,776 bits at
    // 163.154 Mbit/s = 0.48383 s. The acknowledgements go the other way, to another receiver,
    // so they do not take the data's band; the handshake adds microseconds: the transfer must
    // take this time within 1 %.
    NodeContainer nodes(MakeNode(NodeRole::VEHICLE, Vector(0, 0, 0)),
                        MakeNode(NodeRole::BASE_STATION, Vector(1000, 0, 0)));
    SaginNetDeviceHelper helper = UniformRadios();
    NetDeviceContainer devices = helper.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses("10.1.0.0", "255.255.0.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
    // Fill the ARP caches first: ns-3 delays every ARP request by up to 10 ms (RequestJitter),
    // which is not the link's doing.
    NeighborCacheHelper neighbors;
    neighbors.PopulateNeighborCache();
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(1 << 22));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(1 << 22));

    const uint64_t bytes = 2359296ull * 4;
    const uint16_t port = 5000;
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer sinkApp = sink.Install(nodes.Get(1));
    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(interfaces.GetAddress(1), port));
    bulk.SetAttribute("MaxBytes", UintegerValue(bytes));
    bulk.SetAttribute("SendSize", UintegerValue(1448));
    ApplicationContainer bulkApp = bulk.Install(nodes.Get(0));
    const Time start = Seconds(0.1);
    bulkApp.Start(start);
    Time done;
    Ptr<PacketSink> packetSink = DynamicCast<PacketSink>(sinkApp.Get(0));
    packetSink->TraceConnectWithoutContext(
        "Rx",
        Callback<void, Ptr<const Packet>, const Address&>([&](Ptr<const Packet>, const Address&) {
            if (packetSink->GetTotalRx() == bytes)
            {
                done = Simulator::Now();
            }
        }));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    ASSERT_EQ(packetSink->GetTotalRx(), bytes);
    const double expectedS = (6517.0 * 1514 + 634) * 8 / RATE_1KM_BPS;
    const double measuredS = (done - start).GetSeconds();
    RecordProperty("measured_s", std::to_string(measuredS));
    EXPECT_NEAR(expectedS, 0.48383, 1e-5);
    EXPECT_NEAR(measuredS, expectedS, 0.01 * expectedS) << "measured " << measuredS << " s";
    EXPECT_GE(measuredS, expectedS) << "faster than the link allows";
    Simulator::Destroy();
}

TEST(SaginChannel, SatelliteBelowTheElevationMaskIsNotVisible)
{
    // The default space-to-ground model (TR 38.811) has a 10° elevation mask. From a base
    // station at the origin (its vertical is the frame's z axis), a satellite at
    // (1000 km, 0, 87.49 km) is at atan(87.49 / 1000) = 5.0° (below the mask) and one at
    // (1000 km, 0, 577.35 km) at atan(0.57735) = 30° (visible).
    NodeContainer nodes(MakeNode(NodeRole::BASE_STATION, Vector(0, 0, 0)),
                        MakeNode(NodeRole::SATELLITE, Vector(1000e3, 0, 87.49e3)),
                        MakeNode(NodeRole::SATELLITE, Vector(1000e3, 0, 577.35e3)));
    SaginNetDeviceHelper helper;
    helper.SetFrame(GeoFrame(45.0, 7.0, 0.0));
    NetDeviceContainer devices = helper.Install(nodes);
    auto bs = DynamicCast<SaginNetDevice>(devices.Get(0));
    auto low = DynamicCast<SaginNetDevice>(devices.Get(1));
    auto high = DynamicCast<SaginNetDevice>(devices.Get(2));
    auto channel = helper.GetChannel();
    auto model = DynamicCast<ElevationPropagationLossModel>(
        channel->GetPropagationLossModel(SaginChannel::SPACE_TO_GROUND));
    ASSERT_TRUE(model);
    EXPECT_DOUBLE_EQ(model->GetFrame().GetLatitudeDeg(), 45.0) << "the channel shares its frame";

    SaginChannel::LinkState state = channel->GetLinkState(bs, low);
    EXPECT_EQ(state.linkClass, SaginChannel::SPACE_TO_GROUND);
    EXPECT_NEAR(state.elevationDeg, 5.0, 0.01);
    EXPECT_TRUE(state.outage);
    EXPECT_EQ(state.reason, "not-visible");
    EXPECT_EQ(state.rateBps, 0.0);
    // Both directions: the satellite is the higher node either way.
    EXPECT_EQ(channel->GetLinkState(low, bs).reason, "not-visible");

    state = channel->GetLinkState(high, bs);
    EXPECT_NEAR(state.elevationDeg, 30.0, 0.01);
    EXPECT_NE(state.reason, "not-visible");
    // 1154.7 km at the speed of light: 3.8516 ms.
    EXPECT_NEAR(state.delay.GetSeconds(), std::hypot(1000e3, 577.35e3) / 299792458.0, 1e-9);
    Simulator::Destroy();
}

TEST(SaginChannel, NoSharingGivesEverySenderTheWholeBand)
{
    // With BandwidthSharing = none, the second frame also gets 20 MHz and 163.154 Mbit/s.
    const Frames frames = TwoSendersToOneBaseStation("none");
    ASSERT_EQ(frames.size(), 2u);
    EXPECT_DOUBLE_EQ(frames[0].first, 20e6);
    EXPECT_DOUBLE_EQ(frames[1].first, 20e6);
    EXPECT_NEAR(frames[1].second.GetSeconds(), 8112 / RATE_1KM_BPS, 1e-9);
}

TEST(SaginNetDevice, RoleAndMobilityOfItsNode)
{
    // The device finds its node's role and mobility once; a role changed later is seen, as
    // the link class of the pair follows it (vehicle–base station: ground; UAV–base station:
    // air-to-ground).
    NodeContainer nodes(MakeNode(NodeRole::VEHICLE, Vector(0, 0, 1.5)),
                        MakeNode(NodeRole::BASE_STATION, Vector(1000, 0, 25)));
    NetDeviceContainer devices = UniformRadios().Install(nodes);
    Ptr<SaginNetDevice> user = DynamicCast<SaginNetDevice>(devices.Get(0));
    Ptr<SaginNetDevice> station = DynamicCast<SaginNetDevice>(devices.Get(1));
    Ptr<SaginChannel> channel = DynamicCast<SaginChannel>(user->GetChannel());
    EXPECT_EQ(user->GetRole(), NodeRole::VEHICLE);
    EXPECT_EQ(channel->GetLinkState(user, station).linkClass, SaginChannel::GROUND);
    NodeRole::Install(nodes.Get(0), NodeRole::UAV);
    EXPECT_EQ(user->GetRole(), NodeRole::UAV);
    EXPECT_EQ(channel->GetLinkState(user, station).linkClass, SaginChannel::AIR_TO_GROUND);
    EXPECT_EQ(user->GetMobility(), nodes.Get(0)->GetObject<MobilityModel>());
    // A device on a node without role or mobility names the node.
    Ptr<Node> bare = CreateObject<Node>();
    Ptr<SaginNetDevice> device = CreateObject<SaginNetDevice>();
    device->SetNode(bare);
    try
    {
        device->GetRole();
        ADD_FAILURE() << "no error for a node without a role";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("node " + std::to_string(bare->GetId())),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(device->GetMobility(), std::invalid_argument);
    Simulator::Destroy();
}

TEST(SaginNetDeviceHelper, ChangedAttributeDefaultsApplyToEveryRole)
{
    // Without changed defaults each role gets its row of the radio table (satellite 100 MHz,
    // 33 dBm; UAV 20 MHz, 23 dBm; base station 100 MHz, 43 dBm). A changed BandwidthHz default
    // (10 MHz, as a scenario's "defaults" sets it) is every device's bandwidth; the other radio
    // attributes keep their rows.
    auto install = [] {
        NodeContainer nodes(MakeNode(NodeRole::SATELLITE, Vector(0, 0, 550e3)),
                            MakeNode(NodeRole::UAV, Vector(0, 0, 100)),
                            MakeNode(NodeRole::BASE_STATION, Vector(1000, 0, 25)));
        std::vector<std::pair<double, double>> radios;
        NetDeviceContainer devices = SaginNetDeviceHelper().Install(nodes);
        for (uint32_t i = 0; i < devices.GetN(); ++i)
        {
            Ptr<SaginNetDevice> device = DynamicCast<SaginNetDevice>(devices.Get(i));
            DoubleValue power;
            device->GetAttribute("TxPowerDbm", power);
            radios.emplace_back(device->GetBandwidthHz(), power.Get());
        }
        Simulator::Destroy();
        return radios;
    };
    EXPECT_FALSE(SaginNetDevice::IsAttributeDefaultChanged("BandwidthHz"));
    const auto table = install();
    EXPECT_EQ(table, (std::vector<std::pair<double, double>>{{100e6, 33}, {20e6, 23}, {100e6, 43}}));
    Config::SetDefault("ns3::sagin::SaginNetDevice::BandwidthHz", DoubleValue(10e6));
    EXPECT_TRUE(SaginNetDevice::IsAttributeDefaultChanged("BandwidthHz"));
    EXPECT_FALSE(SaginNetDevice::IsAttributeDefaultChanged("TxPowerDbm"));
    const auto changed = install();
    EXPECT_EQ(changed, (std::vector<std::pair<double, double>>{{10e6, 33}, {10e6, 23}, {10e6, 43}}));
    // Set back to the registered 20 MHz, the default counts as unchanged again.
    Config::SetDefault("ns3::sagin::SaginNetDevice::BandwidthHz", DoubleValue(20e6));
    EXPECT_FALSE(SaginNetDevice::IsAttributeDefaultChanged("BandwidthHz"));
    EXPECT_THROW(SaginNetDevice::IsAttributeDefaultChanged("NoSuchAttribute"),
                 std::invalid_argument);
}
