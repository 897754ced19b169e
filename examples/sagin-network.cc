// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * A small SAGIN: a Walker-delta LEO shell (or satellites from a two-line element file), a few
 * UAVs, vehicles and base stations, all on one SaginChannel with the Internet stack. Each UAV and
 * vehicle sends one split-point feature tensor, `--elements` float32 values, over TCP to the
 * base station it is associated with; the program prints each flow's completion time beside the
 * time the Shannon rate of its link at the start predicts.
 *
 * Standard output is CSV with the header
 * `node,role,base_station,relay,distance_m,snr_db,rate_mbps,sharing,expected_s,completion_s`:
 * the link (distance, SNR and rate with the whole band) when the flow starts, the number of
 * flows that share the base station's band (`sharing`), the expected time (the frames' bits at
 * the rate with the band divided among them; an estimate: flows to the same base station end
 * at different times and the geometry moves) and the measured completion time (-1 when the
 * flow did not finish before `--stop`). Standard error gets the handovers and outages.
 *
 * Options:
 *  - `--satellites=T`, `--planes=P`, `--phasing=F`, `--altitudeKm=H`, `--inclinationDeg=I`: the
 *    Walker-delta shell T/P/F (default 24/6/1 at 550 km, 53°);
 *  - `--tle=FILE`: satellites from a two-line element file instead of the shell;
 *  - `--epoch=UTC`: the instant of simulation time 0 (ISO 8601, default 2026-01-01T00:00:00Z);
 *  - `--latitude=DEG`, `--longitude=DEG`: the scenario's origin (default 48.137, 11.575);
 *  - `--uavs=N` (2), `--vehicles=N` (2), `--baseStations=N` (2, 500 m apart along x, the inter-site
 * distance of TR 38.901 UMa);
 *  - `--elements=N`: float32 values per tensor (default 2,359,296: 64×192×192);
 *  - `--start=S` (1 s) and `--stop=S` (30 s): when the flows start and the simulation ends;
 *  - `--relay=BOOL`: let nodes without a base station in range relay through a satellite;
 *  - `--netanim=FILE`: write a NetAnim XML trace (when ns-3's NetAnim module is there);
 *  - `--RngRun=N` and any ns-3 attribute default, e.g.
 *    `--ns3::sagin::SaginChannel::BandwidthSharing=none`.
 *
 * Run it with `./sagin exec sagin-network [options]`.
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/sagin-module.h"

// NetAnim output when the build has ns-3's NetAnim module (always with Debian's ns-3; in an ns-3
// tree, when it is enabled): CMakeLists.txt then defines SAGIN_WITH_NETANIM.
#ifdef SAGIN_WITH_NETANIM
#include "ns3/netanim-module.h"
#endif

#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// Bytes of a frame carrying a full TCP segment: 1448 payload + 32 TCP (with timestamps) + 20
/// IPv4 + 14 MAC.
constexpr double FRAME_BYTES = 1514.0;
/// TCP payload bytes per frame.
constexpr double SEGMENT_BYTES = 1448.0;
/// Header bytes per frame.
constexpr double HEADER_BYTES = FRAME_BYTES - SEGMENT_BYTES;

/// One UAV's or vehicle's flow.
struct Flow
{
    Ptr<Node> node;               //!< the sender
    Ptr<Node> baseStation;        //!< its base station at the start, or null
    Ptr<Node> relay;              //!< the satellite relaying it, or null
    SaginChannel::LinkState link; //!< first hop when the flow starts, whole band
    uint32_t sharing{1};          //!< flows sending to the same base station
    double expectedS{-1};         //!< the Shannon-rate expectation, s
    Time done{Seconds(-1)};       //!< completion time, or -1 s
    Ptr<PacketSink> sink;         //!< the receiving application
};

/// Start every flow at the same moment, to its node's serving base station.
void
StartFlows(std::vector<Flow>* flows,
           Ptr<AssociationManager> associations,
           Ptr<SaginChannel> channel,
           uint64_t bytes)
{
    uint16_t port = 9000;
    std::map<Ptr<Node>, uint32_t> perBaseStation;
    for (auto& flow : *flows)
    {
        flow.baseStation = associations->GetServingBaseStation(flow.node);
        flow.relay = associations->GetRelaySatellite(flow.node);
        if (flow.baseStation)
        {
            ++perBaseStation[flow.baseStation];
        }
    }
    for (auto& flow : *flows)
    {
        if (!flow.baseStation)
        {
            continue;
        }
        Ptr<Node> firstHop = flow.relay ? flow.relay : flow.baseStation;
        auto sender = DynamicCast<SaginNetDevice>(flow.node->GetDevice(0));
        auto receiver = DynamicCast<SaginNetDevice>(firstHop->GetDevice(0));
        flow.link = channel->GetLinkState(sender, receiver);
        flow.sharing = perBaseStation[flow.baseStation];
        const SaginChannel::LinkState shared =
            channel->GetLinkState(sender, receiver, flow.sharing);
        // Full frames, then one frame with the rest of the bytes and the 66 bytes of headers.
        const double fullFrames = std::floor(bytes / SEGMENT_BYTES);
        const double rest = bytes - fullFrames * SEGMENT_BYTES;
        const double bits = (fullFrames * FRAME_BYTES + (rest > 0 ? rest + HEADER_BYTES : 0)) * 8;
        flow.expectedS = shared.outage ? -1 : bits / shared.rateBps;

        const Ipv4Address address =
            flow.baseStation->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
        PacketSinkHelper sink("ns3::TcpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), port));
        flow.sink = DynamicCast<PacketSink>(sink.Install(flow.baseStation).Get(0));
        BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(address, port));
        bulk.SetAttribute("MaxBytes", UintegerValue(bytes));
        bulk.SetAttribute("SendSize", UintegerValue(SEGMENT_BYTES));
        bulk.Install(flow.node);
        const Time start = Simulator::Now();
        Flow* self = &flow;
        flow.sink->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>, const Address&>(
                [self, bytes, start](Ptr<const Packet>, const Address&) {
                    if (self->sink->GetTotalRx() >= bytes && self->done.IsNegative())
                    {
                        self->done = Simulator::Now() - start;
                    }
                }));
        ++port;
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        int satellites = 24;
        int planes = 6;
        int phasing = 1;
        double altitudeKm = 550.0;
        double inclinationDeg = 53.0;
        std::string tle;
        std::string epoch = "2026-01-01T00:00:00Z";
        double latitude = 48.137;
        double longitude = 11.575;
        uint32_t uavs = 2;
        uint32_t vehicles = 2;
        uint32_t baseStations = 2;
        uint64_t elements = 2359296;
        double start = 1.0;
        double stop = 30.0;
        bool relay = false;
        std::string netanim;

        CommandLine cmd(__FILE__);
        cmd.Usage("A small SAGIN: each UAV and vehicle sends one feature tensor over TCP to its "
                  "base station; prints completion times beside the Shannon-rate expectation.");
        ProgramOptions options(cmd);
        options.Add("satellites",
                    "satellites in the Walker-delta shell (T)",
                    satellites,
                    MakeIntegerChecker<int>(0, 100000));
        options.Add("planes",
                    "orbital planes of the shell (P)",
                    planes,
                    MakeIntegerChecker<int>(1, 100000));
        options.Add("phasing",
                    "phasing of the shell (F)",
                    phasing,
                    MakeIntegerChecker<int>(0, 100000));
        options.Add("altitudeKm",
                    "altitude of the shell, km",
                    altitudeKm,
                    MakeDoubleChecker<double>(100, 1e5));
        options.Add("inclinationDeg",
                    "inclination of the shell, degrees",
                    inclinationDeg,
                    MakeDoubleChecker<double>(0, 180));
        options.Add("tle", "two-line element file (replaces the shell)", tle, MakeStringChecker());
        options.Add("epoch",
                    "UTC instant of simulation time 0 (ISO 8601)",
                    epoch,
                    MakeStringChecker());
        options.Add("latitude",
                    "latitude of the origin, degrees",
                    latitude,
                    MakeDoubleChecker<double>(-90, 90));
        options.Add("longitude",
                    "longitude of the origin, degrees",
                    longitude,
                    MakeDoubleChecker<double>(-180, 180));
        options.Add("uavs", "number of UAVs", uavs, MakeUintegerChecker<uint32_t>(0, 10000));
        options.Add("vehicles",
                    "number of vehicles",
                    vehicles,
                    MakeUintegerChecker<uint32_t>(0, 10000));
        options.Add("baseStations",
                    "number of base stations",
                    baseStations,
                    MakeUintegerChecker<uint32_t>(1, 10000));
        options.Add("elements",
                    "float32 values per feature tensor",
                    elements,
                    MakeUintegerChecker<uint64_t>(1, 1ULL << 32));
        options.Add("start", "when the flows start, s", start, MakeDoubleChecker<double>(0, 1e9));
        options.Add("stop", "when the simulation ends, s", stop, MakeDoubleChecker<double>(0, 1e9));
        options.Add("relay",
                    "relay through satellites when no base station is in range",
                    relay,
                    MakeBooleanChecker());
        options.Add("netanim", "NetAnim XML output file", netanim, MakeStringChecker());
        options.Check(argc, argv);
        cmd.Parse(argc, argv);
#ifndef SAGIN_WITH_NETANIM
        if (!netanim.empty())
        {
            throw std::invalid_argument("--netanim: this ns-3 has no NetAnim module");
        }
#endif
        if (uavs + vehicles == 0)
        {
            throw std::invalid_argument("--uavs + --vehicles must be > 0");
        }
        if (!(stop > start))
        {
            throw std::invalid_argument("--stop must be later than --start");
        }
        const GeoFrame frame(latitude, longitude, 0.0);
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(SEGMENT_BYTES));
        Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(1 << 22));
        Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(1 << 22));

        // Nodes of the four roles.
        ConstellationHelper constellation;
        constellation.SetFrame(frame);
        constellation.SetEpoch(epoch);
        NodeContainer satelliteNodes;
        if (!tle.empty())
        {
            satelliteNodes = constellation.InstallFromTle(tle);
        }
        else if (satellites > 0)
        {
            constellation.SetWalkerDelta(satellites,
                                         planes,
                                         phasing,
                                         altitudeKm * 1e3,
                                         inclinationDeg);
            satelliteNodes = constellation.Create();
        }
        NodeContainer bsNodes;
        bsNodes.Create(baseStations);
        std::vector<Vector2D> sites;
        for (uint32_t i = 0; i < baseStations; ++i)
        {
            sites.emplace_back((i - (baseStations - 1) / 2.0) * 500.0, 0.0);
        }
        BaseStationHelper bsHelper;
        bsHelper.SetFrame(frame);
        bsHelper.Install(bsNodes, sites);
        NodeContainer uavNodes;
        uavNodes.Create(uavs);
        UavHelper uavHelper;
        uavHelper.AssignStreams(100);
        uavHelper.Install(uavNodes);
        NodeContainer vehicleNodes;
        vehicleNodes.Create(vehicles);
        VehicleHelper vehicleHelper;
        vehicleHelper.Install(vehicleNodes);
        vehicleHelper.AssignStreams(vehicleNodes, 200);

        NodeContainer all(satelliteNodes, bsNodes, uavNodes, vehicleNodes);
        SaginNetDeviceHelper radios;
        radios.SetFrame(frame);
        NetDeviceContainer devices = radios.Install(all);
        radios.AssignStreams(300);
        InternetStackHelper internet;
        internet.Install(all);
        Ipv4AddressHelper addresses("10.0.0.0", "255.0.0.0");
        addresses.Assign(devices);
        // ARP entries for every pair from the start, so that flows do not wait for ns-3's
        // ARP request jitter (up to 10 ms per request).
        NeighborCacheHelper neighbors;
        neighbors.PopulateNeighborCache();

        Ptr<AssociationManager> associations = CreateObject<AssociationManager>();
        associations->SetAttribute("SatelliteRelay", BooleanValue(relay));
        associations->TraceConnectWithoutContext(
            "Handover",
            Callback<void, const AssociationManager::Handover&>(
                [](const AssociationManager::Handover& h) {
                    std::cerr << "handover t=" << h.time.GetSeconds() << " s node " << h.node
                              << ": base station " << h.from << " -> " << h.to
                              << (h.via >= 0 ? " via satellite " + std::to_string(h.via) : "")
                              << " (SNR " << h.snrDb << " dB)\n";
                }));
        std::map<std::string, uint64_t> outages;
        radios.GetChannel()->TraceConnectWithoutContext(
            "Outage",
            Callback<void,
                     Ptr<const Packet>,
                     Ptr<const SaginNetDevice>,
                     Ptr<const SaginNetDevice>,
                     const std::string&,
                     double>([&outages](Ptr<const Packet>,
                                        Ptr<const SaginNetDevice>,
                                        Ptr<const SaginNetDevice>,
                                        const std::string& reason,
                                        double) { ++outages[reason]; }));
        associations->Start(radios.GetChannel());

        std::vector<Flow> flows(uavs + vehicles);
        for (uint32_t i = 0; i < uavs + vehicles; ++i)
        {
            flows[i].node = i < uavs ? uavNodes.Get(i) : vehicleNodes.Get(i - uavs);
        }
        const uint64_t bytes = elements * 4;
        Simulator::Schedule(Seconds(start),
                            &StartFlows,
                            &flows,
                            associations,
                            radios.GetChannel(),
                            bytes);

#ifdef SAGIN_WITH_NETANIM
        std::unique_ptr<AnimationInterface> animation;
        if (!netanim.empty())
        {
            animation = std::make_unique<AnimationInterface>(netanim);
            animation->EnablePacketMetadata(false);
            animation->SetMobilityPollInterval(Seconds(1));
        }
#endif
        Simulator::Stop(Seconds(stop));
        Simulator::Run();

        std::cout << "node,role,base_station,relay,distance_m,snr_db,rate_mbps,sharing,"
                     "expected_s,completion_s\n";
        std::cout << std::setprecision(6);
        for (const auto& flow : flows)
        {
            std::cout << flow.node->GetId() << ',' << NodeRole::ToString(NodeRole::Get(flow.node))
                      << ',';
            if (!flow.baseStation)
            {
                std::cout << "-1,-1,,,,0,-1,-1\n";
                continue;
            }
            std::cout << flow.baseStation->GetId() << ','
                      << (flow.relay ? static_cast<int64_t>(flow.relay->GetId()) : -1) << ','
                      << flow.link.distanceM << ',' << flow.link.snrDb << ','
                      << flow.link.rateBps / 1e6 << ',' << flow.sharing << ',' << flow.expectedS
                      << ',' << flow.done.GetSeconds() << '\n';
        }
        for (const auto& [reason, count] : outages)
        {
            std::cerr << "outage " << reason << ": " << count << " frames\n";
        }
        Simulator::Destroy();
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-network: error: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
