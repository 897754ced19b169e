// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-test-utils.h"

#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/sagin-module.h"

#include <cmath>
#include <gtest/gtest.h>
#include <stdexcept>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;
using ns3::sagin::test::MakeNode;
using ns3::sagin::test::UniformRadios;

namespace
{

// Free space over 1 km at 1 GHz with the uniform radios (23 dBm, 0 dBi, 7 dB noise figure,
// 20 MHz): SNR 24.54192 dB, rate 20e6·log2(1 + 10^2.454192) = 163.154182 Mbit/s (the
// channel test derives it). Over 10 MHz of a shared band: 91.551809 Mbit/s.
constexpr double RATE_1KM_BPS = 163154182.38655016;
constexpr double RATE_1KM_HALF_BAND_BPS = 91551809.28347343;
// 1000 m / c = 3.33564 µs, rounded to the nanosecond.
constexpr double DELAY_1KM_S = 3336e-9;
// Time is integer nanoseconds; a flow's end is rounded up to the next one.
constexpr double NS = 1e-9;

/// A vehicle at the origin, a base station 1 km away on x, a vehicle 1 km from it on y and
/// another sqrt(2) km from it.
struct ThreeNodes
{
    ThreeNodes()
    {
        nodes.Add(MakeNode(NodeRole::VEHICLE, Vector(0, 0, 0)));
        nodes.Add(MakeNode(NodeRole::BASE_STATION, Vector(1000, 0, 0)));
        nodes.Add(MakeNode(NodeRole::VEHICLE, Vector(1000, 1000, 0)));
        nodes.Add(MakeNode(NodeRole::VEHICLE, Vector(2000, 1000, 0)));
        helper = UniformRadios();
        devices = helper.Install(nodes);
        transport = FlowTransport::Get(helper.GetChannel());
    }

    ~ThreeNodes()
    {
        Simulator::Destroy();
    }

    Ptr<SaginNetDevice> Device(uint32_t i) const
    {
        return DynamicCast<SaginNetDevice>(devices.Get(i));
    }

    /// A callback that writes the time it is called at into @p at.
    static FlowTransport::FlowCallback At(double* at)
    {
        return FlowTransport::FlowCallback(
            [at](uint64_t) { *at = Simulator::Now().GetSeconds(); });
    }

    NodeContainer nodes;
    SaginNetDeviceHelper helper;
    NetDeviceContainer devices;
    Ptr<FlowTransport> transport;
};

} // namespace

TEST(SaginFlowTransport, AFlowAloneCrossesAtTheShannonRateThenThePropagationDelay)
{
    ThreeNodes t;
    double delivered = -1;
    t.transport->StartFlow(t.Device(0), t.Device(1), 1000000, true, ThreeNodes::At(&delivered), {});
    EXPECT_NEAR(t.transport->GetRateBps(1), RATE_1KM_BPS, 1e-3);
    EXPECT_EQ(t.transport->GetActiveFlows(), 1u);
    Simulator::Run();
    // 8e6 bit / 163.154182 Mbit/s = 49.033 ms, then 3.336 µs on the way.
    EXPECT_NEAR(delivered, 8e6 / RATE_1KM_BPS + DELAY_1KM_S, 2 * NS);
    EXPECT_EQ(t.transport->GetActiveFlows(), 0u);
    EXPECT_EQ(t.transport->GetStartedFlows(), 1u);
}

TEST(SaginFlowTransport, TwoSendersShareTheReceiversBandUntilOneEnds)
{
    ThreeNodes t;
    double first = -1;
    double second = -1;
    // Two vehicles 1 km from the base station: 10 MHz each, 91.551809 Mbit/s.
    t.transport->StartFlow(t.Device(0), t.Device(1), 1000000, true, ThreeNodes::At(&first), {});
    t.transport->StartFlow(t.Device(2), t.Device(1), 500000, true, ThreeNodes::At(&second), {});
    EXPECT_NEAR(t.transport->GetRateBps(1), RATE_1KM_HALF_BAND_BPS, 1e-3);
    EXPECT_NEAR(t.transport->GetRateBps(2), RATE_1KM_HALF_BAND_BPS, 1e-3);
    Simulator::Run();
    // The second ends after 4e6 / 91.551809e6 = 43.691 ms; the first has sent as much by then
    // and sends its other 4e6 bits over the whole band: 4e6 / 163.154182e6 = 24.517 ms more.
    const double secondSent = 4e6 / RATE_1KM_HALF_BAND_BPS;
    EXPECT_NEAR(second, secondSent + DELAY_1KM_S, 2 * NS);
    EXPECT_NEAR(first, secondSent + 4e6 / RATE_1KM_BPS + DELAY_1KM_S, 3 * NS);
    EXPECT_EQ(t.transport->GetRateChanges(), 4u); // 2 starts, 1 re-share, then nothing
}

TEST(SaginFlowTransport, ASendersFlowsInterleaveAtTheHarmonicShareOfTheirRates)
{
    ThreeNodes t;
    // The base station sends to two vehicles: 1 km and sqrt(2) km away, each link alone with
    // the whole band. 1.41421 km loses 3.0103 dB more: SNR 21.53162 dB,
    // rate 20e6·log2(1 + 10^2.153162) = 143.2 Mbit/s (computed from the channel below).
    const double near = t.helper.GetChannel()->GetLinkState(t.Device(1), t.Device(0)).rateBps;
    const double far = t.helper.GetChannel()->GetLinkState(t.Device(1), t.Device(3)).rateBps;
    EXPECT_NEAR(near, RATE_1KM_BPS, 1e-3);
    EXPECT_NEAR(far, 20e6 * std::log2(1 + std::pow(10, (24.541916821476818 - 3.0103) / 10)), 1e3);
    double a = -1;
    double b = -1;
    t.transport->StartFlow(t.Device(1), t.Device(0), 100000, true, ThreeNodes::At(&a), {});
    t.transport->StartFlow(t.Device(1), t.Device(3), 100000, true, ThreeNodes::At(&b), {});
    // Frames alternate: each flow gets 1 / (1/near + 1/far) of the sender's time.
    const double share = 1 / (1 / near + 1 / far);
    EXPECT_NEAR(t.transport->GetRateBps(1), share, 1e-3);
    EXPECT_NEAR(t.transport->GetRateBps(2), share, 1e-3);
    Simulator::Run();
    // Both end together after 8e5 / share; the far one arrives 1.381 µs later.
    EXPECT_NEAR(a, 8e5 / share + DELAY_1KM_S, 2 * NS);
    const Time farDelay = t.helper.GetChannel()->GetLinkState(t.Device(1), t.Device(3)).delay;
    EXPECT_EQ(farDelay, NanoSeconds(4717)); // 1414.21 m / c = 4.71723 µs
    EXPECT_NEAR(b, 8e5 / share + farDelay.GetSeconds(), 2 * NS);
}

TEST(SaginFlowTransport, AnOutagePausesAReliableFlowAndLosesAnUnreliableOne)
{
    ThreeNodes t;
    // The base station moves 1000 km away (SNR -35.46 dB, below MinSnr -5 dB) before the flows
    // start, and comes back at 0.95 s.
    Ptr<MobilityModel> bs = t.nodes.Get(1)->GetObject<MobilityModel>();
    bs->SetPosition(Vector(1000e3, 0, 0));
    Simulator::Schedule(Seconds(0.95), [bs]() { bs->SetPosition(Vector(1000, 0, 0)); });
    uint32_t outages = 0;
    t.helper.GetChannel()->TraceConnectWithoutContext(
        "Outage",
        Callback<void,
                 Ptr<const Packet>,
                 Ptr<const SaginNetDevice>,
                 Ptr<const SaginNetDevice>,
                 const std::string&,
                 double>([&outages](Ptr<const Packet> packet,
                                    Ptr<const SaginNetDevice>,
                                    Ptr<const SaginNetDevice>,
                                    const std::string& reason,
                                    double) {
            EXPECT_FALSE(packet);
            EXPECT_EQ(reason, "snr-below-minimum");
            ++outages;
        }));
    double delivered = -1;
    double lost = -1;
    double udpDelivered = -1;
    t.transport->StartFlow(t.Device(0), t.Device(1), 1000000, true, ThreeNodes::At(&delivered), {});
    t.transport->StartFlow(t.Device(2),
                           t.Device(1),
                           1000,
                           false,
                           ThreeNodes::At(&udpDelivered),
                           ThreeNodes::At(&lost));
    EXPECT_EQ(t.transport->GetRateBps(1), 0.0);
    Simulator::Run();
    EXPECT_EQ(lost, 0.0);
    EXPECT_EQ(udpDelivered, -1.0);
    EXPECT_EQ(outages, 2u); // once per flow, not once per step
    // The sender's geometry steps come every 100 ms: the one at 1.0 s finds the link back,
    // then the flow crosses alone: 1.0 s + 49.033 ms + 3.336 µs.
    EXPECT_NEAR(delivered, 1.0 + 8e6 / RATE_1KM_BPS + DELAY_1KM_S, 2 * NS);
}

TEST(SaginFlowTransport, AMessageCountsItsHeadersAndItsPartsArriveInTurn)
{
    ThreeNodes t;
    // TCP segments of 536 bytes with the timestamp option: 14 (MAC) + 20 (IPv4) + 20 (TCP) +
    // 12 (timestamps) = 66 bytes of headers each.
    EXPECT_EQ(t.transport->GetTcpSegmentSize(), 536u);
    EXPECT_EQ(t.transport->GetTcpSegmentOverhead(), 66u);
    FlowTransport::Message message;
    message.protocol = FlowTransport::TCP;
    message.bytes = 3000;
    // 3000 bytes: 6 segments (5 × 536 + 320), 3000 + 6 × 66 = 3396 wire bytes.
    EXPECT_EQ(t.transport->GetWireBytes(message), 3396u);
    message.parts = {1072, 1928};
    double delivered = -1;
    std::vector<std::pair<uint32_t, double>> parts;
    t.transport->SendMessage(t.Device(0),
                             t.Device(1),
                             message,
                             ThreeNodes::At(&delivered),
                             {},
                             FlowTransport::PartCallback([&parts](uint64_t, uint32_t index) {
                                 parts.emplace_back(index, Simulator::Now().GetSeconds());
                             }));
    Simulator::Run();
    ASSERT_EQ(parts.size(), 2u);
    // The first part is two full segments: 2 × (536 + 66) = 1204 wire bytes.
    EXPECT_EQ(parts[0].first, 0u);
    EXPECT_NEAR(parts[0].second, 8 * 1204 / RATE_1KM_BPS + DELAY_1KM_S, 2 * NS);
    EXPECT_EQ(parts[1].first, 1u);
    EXPECT_NEAR(parts[1].second, 8 * 3396 / RATE_1KM_BPS + DELAY_1KM_S, 3 * NS);
    EXPECT_EQ(delivered, parts[1].second);

    // UDP datagrams of 1000 bytes with chunk headers: 3 datagrams of 14 + 20 + 8 + the
    // chunk header each.
    message.protocol = FlowTransport::UDP;
    message.parts.clear();
    message.datagramBytes = 1000;
    message.chunkHeaders = true;
    EXPECT_EQ(t.transport->GetWireBytes(message), 3000u + 3 * (42 + CvlChunkHeader::SIZE));
}

TEST(SaginFlowTransport, AHandshakeGoesBeforeTheData)
{
    ThreeNodes t;
    FlowTransport::Message message;
    message.protocol = FlowTransport::TCP;
    message.bytes = 536;
    message.handshake = true;
    double delivered = -1;
    t.transport->SendMessage(t.Device(0), t.Device(1), message, ThreeNodes::At(&delivered), {});
    Simulator::Run();
    // SYN and SYN-ACK: 14 + 20 + 20 + 16 (window scale 3, SACK permitted 2, timestamps 10,
    // padded to 16) = 70 bytes each way, then one segment of 536 + 66 = 602 bytes; three
    // crossings of 1 km.
    EXPECT_NEAR(delivered, 8.0 * (70 + 70 + 602) / RATE_1KM_BPS + 3 * DELAY_1KM_S, 4 * NS);
}

TEST(SaginFlowTransport, RefusesBadFlowsAndMessages)
{
    ThreeNodes t;
    EXPECT_THROW(t.transport->StartFlow(t.Device(0), t.Device(1), 0, true, {}, {}),
                 std::invalid_argument);
    EXPECT_THROW(t.transport->StartFlow(t.Device(0), t.Device(0), 10, true, {}, {}),
                 std::invalid_argument);
    EXPECT_THROW(t.transport->StartFlow(nullptr, t.Device(0), 10, true, {}, {}),
                 std::invalid_argument);
    FlowTransport::Message message;
    message.bytes = 100;
    message.parts = {60, 30};
    try
    {
        t.transport->SendMessage(t.Device(0), t.Device(1), message, {}, {});
        ADD_FAILURE() << "parts that do not add up were accepted";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_STREQ(e.what(), "FlowTransport: message parts of 90 bytes in a message of 100");
    }
    message.parts = {100, 0};
    EXPECT_THROW(t.transport->SendMessage(t.Device(0), t.Device(1), message, {}, {}),
                 std::invalid_argument);
    EXPECT_THROW(FlowTransport::Get(nullptr), std::invalid_argument);
    EXPECT_EQ(t.transport->GetActiveFlows(), 0u);
}

TEST(SaginFlowTransport, ACancelledMessageCallsNothingAndFreesTheLink)
{
    ThreeNodes t;
    FlowTransport::Message message;
    message.bytes = 1000000;
    bool called = false;
    const uint64_t id = t.transport->SendMessage(
        t.Device(0),
        t.Device(1),
        message,
        FlowTransport::FlowCallback([&called](uint64_t) { called = true; }),
        {});
    double other = -1;
    t.transport->StartFlow(t.Device(2), t.Device(1), 1000, true, ThreeNodes::At(&other), {});
    t.transport->CancelMessage(id);
    // The other vehicle has the band to itself again: 8000 bits at 163.154182 Mbit/s.
    EXPECT_NEAR(t.transport->GetRateBps(id + 2), RATE_1KM_BPS, 1e-3);
    Simulator::Run();
    EXPECT_FALSE(called);
    EXPECT_NEAR(other, 8000 / RATE_1KM_BPS + DELAY_1KM_S, 2 * NS);
}
