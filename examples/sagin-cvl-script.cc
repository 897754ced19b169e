// SPDX-License-Identifier: GPL-2.0-only

/**
 * @file
 * @ingroup sagin
 * A cross-view localization scenario written as a C++ script, without a scenario file: a
 * Walker-delta LEO shell over Munich images the locations of a synthetic world and sends their
 * ResNet-50-USAM features to the base stations' galleries; UAVs (patrolling at 80 m) and
 * vehicles (on a random walk), all in a 400 m square around the origin, query their location
 * every interval with a split point chosen by a controller. The same steps as
 * CvlScenario::Build(), with the helpers a script uses.
 *
 * Standard output is CSV, one line per finished request, with the header
 * `t_request_s,node,role,base_station,split,n_images,payload_bytes,t_compute_device_s,t_tx_s,
 * t_prop_s,t_queue_s,t_compute_server_s,latency_s,energy_j,matched,true_location,
 * matched_location,status` (one line): when the query started, the querying node, the split
 * point, the parts of the latency (they add up to latency_s), the device and server energy of
 * the request (compute, transmit and server, in J), whether the gallery match passed the
 * threshold, the location the images show and the matched one (-1 for none), and the status
 * (ok, timeout, no-base-station, depleted). Numbers are printed in their shortest exact form.
 *
 * Options:
 *  - `--controller=NAME`: fixed, random or greedy-oracle (default greedy-oracle);
 *  - `--split=N`: the split point of the fixed controller (default 0; only with fixed);
 *  - `--uavs=N` (2), `--vehicles=N` (2), `--baseStations=N` (1, 500 m apart along x);
 *  - `--imageSize=PIXELS`: 64 (default), 128 or 256;
 *  - `--fidelity=NAME`: full (default: real images, tensors and bytes) or profiled;
 *  - `--interval=S`: time between the queries of a node (default 1.5 s);
 *  - `--duration=S`: simulated time (default 10 s);
 *  - `--traces=DIR`: also write every record with a TraceSink to DIR/traces.h5 (or to the
 *    folder DIR with `--ns3::sagin::TraceSink::Format=csv`);
 *  - `--RngRun=N` and any ns-3 attribute default, e.g.
 *    `--ns3::sagin::SaginChannel::MinSnr=0`.
 *
 * A bad option gives one line on standard error and exit status 2.
 *
 * Run it with `./sagin exec sagin-cvl-script [options]`.
 */

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/sagin-module.h"

#include <iostream>
#include <map>
#include <stdexcept>
#include <string>

using namespace ns3;
using namespace ns3::sagin;

namespace
{

/// The CSV header of standard output.
const char* const CSV_HEADER =
    "t_request_s,node,role,base_station,split,n_images,payload_bytes,t_compute_device_s,t_tx_s,"
    "t_prop_s,t_queue_s,t_compute_server_s,latency_s,energy_j,matched,true_location,"
    "matched_location,status";

/// Prints one finished request as a CSV line.
void
PrintRequest(const RequestRecord& r)
{
    std::cout << ShortestText(r.tRequestS) << ',' << r.node << ',' << r.role << ',' << r.baseStation
              << ',' << r.split << ',' << r.nImages << ',' << r.payloadBytes << ','
              << ShortestText(r.tComputeDeviceS) << ',' << ShortestText(r.tTxS) << ','
              << ShortestText(r.tPropS) << ',' << ShortestText(r.tQueueS) << ','
              << ShortestText(r.tComputeServerS) << ',' << ShortestText(r.latencyS) << ','
              << ShortestText(r.energyComputeJ + r.energyTxJ + r.energyServerJ) << ','
              << (r.matched ? 1 : 0) << ',' << r.trueLocation << ',' << r.matchedLocation << ','
              << r.status << '\n';
}

} // namespace

int
main(int argc, char* argv[])
{
    try
    {
        std::string controller = "greedy-oracle";
        int32_t split = -1;
        uint32_t nUavs = 2;
        uint32_t nVehicles = 2;
        uint32_t nBaseStations = 1;
        uint32_t imageSize = 64;
        std::string fidelity = "full";
        double intervalS = 1.5;
        double durationS = 10;
        std::string traces;

        // sagin's network defaults, before the command line so that it can change them:
        // 9000-byte frames and TCP segments that fill them, 4 MiB socket buffers.
        Config::SetDefault("ns3::sagin::SaginNetDevice::Mtu", UintegerValue(9000));
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(8948));
        Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(1 << 22));
        Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(1 << 22));

        CommandLine cmd(__FILE__);
        cmd.Usage("A cross-view localization scenario written as a script; one CSV line per "
                  "request.");
        ProgramOptions options(cmd);
        options.Add("controller",
                    "split controller: fixed, random or greedy-oracle",
                    controller,
                    MakeEnumChecker(0, "fixed", 1, "random", 2, "greedy-oracle"));
        options.Add("split",
                    "split point of the fixed controller",
                    split,
                    MakeIntegerChecker<int32_t>(0, 1000));
        options.Add("uavs", "number of UAVs", nUavs, MakeUintegerChecker<uint32_t>(0, 100));
        options.Add("vehicles",
                    "number of vehicles",
                    nVehicles,
                    MakeUintegerChecker<uint32_t>(0, 100));
        options.Add("baseStations",
                    "number of base stations",
                    nBaseStations,
                    MakeUintegerChecker<uint32_t>(1, 20));
        options.Add("imageSize",
                    "image side, pixels: 64, 128 or 256",
                    imageSize,
                    MakeEnumChecker(64, "64", 128, "128", 256, "256"));
        options.Add("fidelity",
                    "full or profiled",
                    fidelity,
                    MakeEnumChecker(0, "full", 1, "profiled"));
        options.Add("interval",
                    "time between queries, s",
                    intervalS,
                    MakeDoubleChecker<double>(0.01, 3600));
        options.Add("duration",
                    "simulated time, s",
                    durationS,
                    MakeDoubleChecker<double>(0.1, 86400));
        options.Add("traces", "trace folder (none by default)", traces, MakeStringChecker());
        options.Check(argc, argv);
        cmd.Parse(argc, argv);
        if (split >= 0 && controller != "fixed")
        {
            throw std::invalid_argument("--split: only with --controller=fixed");
        }

        // The scenario's frame: Munich, 520 m above the ellipsoid.
        const GeoFrame frame(48.137, 11.575, 520);

        // A 120-satellite Walker-delta shell, 12 planes at 550 km and 53°.
        ConstellationHelper constellation;
        constellation.SetFrame(frame);
        constellation.SetEpoch("2026-01-01T00:00:00Z");
        constellation.SetWalkerDelta(120, 12, 1, 550e3, 53);
        NodeContainer satellites = constellation.Create();

        // Base stations 500 m apart along x around the origin, antennas 25 m high.
        NodeContainer baseStations;
        baseStations.Create(nBaseStations);
        std::vector<Vector2D> sites;
        for (uint32_t i = 0; i < nBaseStations; ++i)
        {
            sites.emplace_back(500.0 * i - 250.0 * (nBaseStations - 1), 0);
        }
        BaseStationHelper stations;
        stations.SetFrame(frame);
        stations.SetAntennaHeight(25);
        stations.Install(baseStations, sites);

        // UAVs patrolling a 400 m × 400 m square around the origin at 80 m, vehicles on a
        // random walk in the same square.
        const Rectangle area(-200, 200, -200, 200);
        NodeContainer uavs;
        uavs.Create(nUavs);
        UavHelper uavHelper;
        uavHelper.SetAltitude(80);
        uavHelper.SetPatrolArea(area);
        uavHelper.AssignStreams(100);
        uavHelper.Install(uavs);
        NodeContainer vehicles;
        vehicles.Create(nVehicles);
        VehicleHelper vehicleHelper;
        vehicleHelper.Set("Bounds", RectangleValue(area));
        Ptr<RandomRectanglePositionAllocator> start =
            CreateObject<RandomRectanglePositionAllocator>();
        start->SetAttribute("X", StringValue("ns3::UniformRandomVariable[Min=-200|Max=200]"));
        start->SetAttribute("Y", StringValue("ns3::UniformRandomVariable[Min=-200|Max=200]"));
        start->AssignStreams(190);
        vehicleHelper.SetPositionAllocator(start);
        vehicleHelper.Install(vehicles);
        vehicleHelper.AssignStreams(vehicles, 200);

        // Radios on one SaginChannel, the Internet stack, association.
        NodeContainer all(satellites, baseStations, uavs, vehicles);
        SaginNetDeviceHelper radios;
        radios.SetFrame(frame);
        NetDeviceContainer devices = radios.Install(all);
        radios.AssignStreams(300);
        InternetStackHelper internet;
        internet.Install(all);
        internet.AssignStreams(all, 400);
        Ipv4AddressHelper addresses("10.0.0.0", "255.0.0.0");
        addresses.Assign(devices);
        NeighborCacheHelper neighbors;
        neighbors.PopulateNeighborCache();
        Ptr<AssociationManager> association = CreateObject<AssociationManager>();
        association->Start(radios.GetChannel());

        // Batteries and compute profiles: Quadro P400 on the UAVs, DRIVE AGX Xavier on the
        // vehicles (the helper's defaults).
        EnergyHelper energy;
        energy.SetSourceAttribute("BasicEnergySourceInitialEnergyJ", DoubleValue(360e3));
        energy.Install(uavs);
        energy.SetSourceAttribute("BasicEnergySourceInitialEnergyJ", DoubleValue(1.8e6));
        energy.Install(vehicles);

        // The split model, a synthetic world of 4 locations 150 m apart, the shared context.
        Ptr<CvlContext> context = CreateObjectWithAttributes<CvlContext>(
            "Fidelity",
            EnumValue(fidelity == "full" ? CvlContext::FULL : CvlContext::PROFILED),
            "LocationSpacingM",
            DoubleValue(150));
        context->SetModel(
            CreateObjectWithAttributes<ResNet50UsamModel>("InputSize", UintegerValue(imageSize)));
        Ptr<SyntheticWorld> world = CreateObject<SyntheticWorld>();
        world->SetAttribute("Locations", UintegerValue(4));
        world->SetAttribute("DroneViews", UintegerValue(3));
        world->SetAttribute("StreetViews", UintegerValue(3));
        world->SetAttribute("ImageSize", UintegerValue(imageSize));
        context->SetImageSource(world);
        context->SetFrame(frame);
        context->Prepare();

        // The applications, with one controller per UAV and vehicle.
        const std::map<std::string, std::string> controllerTypes = {
            {"fixed", "ns3::sagin::FixedSplitController"},
            {"random", "ns3::sagin::RandomSplitController"},
            {"greedy-oracle", "ns3::sagin::GreedyOracleSplitController"}};
        SplitControllerHelper controllers;
        controllers.SetType(controllerTypes.at(controller));
        if (split >= 0)
        {
            controllers.Set("Split", UintegerValue(split));
        }
        CvlHelper cvl(context, association);
        cvl.SetController(controllers);
        cvl.SetDefaultCostModel(energy.GetComputeProfile(NodeRole::UAV),
                                energy.GetComputeProfile(NodeRole::VEHICLE),
                                DeviceProfile::GetBuiltin("edge-server"));
        cvl.SetReferenceAttribute("Interval", TimeValue(Seconds(2)));
        cvl.SetReferenceAttribute("ImagingElevationDeg", DoubleValue(10));
        cvl.SetQueryAttribute("Interval", TimeValue(Seconds(intervalS)));
        cvl.SetQueryAttribute("Timeout", TimeValue(Seconds(8)));
        ApplicationContainer servers = cvl.InstallServers(baseStations);
        ApplicationContainer references = cvl.InstallReferences(satellites);
        ApplicationContainer queries = cvl.InstallQueries(NodeContainer(uavs, vehicles));
        cvl.AssignStreams(queries, 1000);
        for (ApplicationContainer* applications : {&servers, &references, &queries})
        {
            applications->Start(Seconds(0));
            applications->Stop(Seconds(durationS));
        }

        // Records: one CSV line per request, and every record to the traces if asked.
        Ptr<CvlMonitor> monitor = CreateObject<CvlMonitor>();
        monitor->Setup(radios.GetChannel(), association);
        monitor->WatchRequests(queries);
        monitor->WatchNodes(all);
        std::cout << CSV_HEADER << '\n';
        monitor->TraceConnectWithoutContext("Request", MakeCallback(&PrintRequest));
        Ptr<TraceSink> sink;
        if (!traces.empty())
        {
            sink = CreateObject<TraceSink>();
            StringValue format;
            sink->GetAttribute("Format", format);
            TraceMetadata metadata;
            metadata.scenarioName = "sagin-cvl-script";
            metadata.extra = {{"controller", controller}, {"fidelity", fidelity}};
            sink->Open(format.Get() == "hdf5" ? traces + "/traces.h5" : traces, metadata);
            monitor->Connect(sink);
        }
        monitor->Start();

        Simulator::Stop(Seconds(durationS));
        Simulator::Run();
        monitor->Stop();
        if (sink)
        {
            sink->Close();
        }
        Simulator::Destroy();
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-cvl-script: error: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
