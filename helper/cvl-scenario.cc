// SPDX-License-Identifier: GPL-2.0-only

#include "cvl-scenario.h"

#include "base-station-helper.h"
#include "constellation-helper.h"
#include "cvl-helper.h"
#include "energy-helper.h"
#include "sagin-net-device-helper.h"
#include "split-controller-helper.h"
#include "uav-helper.h"
#include "vehicle-helper.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/cvl-query-application.h"
#include "ns3/device-profile.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/flow-transport.h"
#include "ns3/glqi-net-model.h"
#include "ns3/image-folder-source.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/rectangle.h"
#include "ns3/resnet50-usam-model.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/synthetic-world.h"
#include "ns3/torch-script-model.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCvlScenario");

CvlScenario::CvlScenario(CvlScenarioSpec spec)
    : m_spec(std::move(spec)),
      m_built(false),
      m_defaultsApplied(false)
{
}

CvlScenario::~CvlScenario()
{
    if (m_sink)
    {
        try
        {
            m_sink->Close();
        }
        catch (const std::exception& error)
        {
            NS_LOG_WARN("closing the traces: " << error.what());
        }
    }
}

void
CvlScenario::SetTraceDirectory(const std::string& directory)
{
    m_spec.traceDirectory = directory;
}

void
CvlScenario::AddVersions(const std::vector<std::pair<std::string, std::string>>& versions)
{
    m_versions.insert(m_versions.end(), versions.begin(), versions.end());
}

void
CvlScenario::SetProgress(std::function<void(double, uint64_t)> progress)
{
    m_progress = std::move(progress);
}

const CvlScenarioSpec&
CvlScenario::GetSpec() const
{
    return m_spec;
}

std::string
CvlScenario::GetTracePath() const
{
    return m_spec.traceFormat == "hdf5" ? m_spec.traceDirectory + "/traces.h5"
                                        : m_spec.traceDirectory;
}

const std::map<std::string, CvlScenario::RoleSummary>&
CvlScenario::GetSummary() const
{
    return m_summary;
}

const std::vector<RequestRecord>&
CvlScenario::GetRequests() const
{
    return m_requests;
}

Ptr<CvlContext>
CvlScenario::GetContext() const
{
    return m_context;
}

Ptr<CvlMonitor>
CvlScenario::GetMonitor() const
{
    return m_monitor;
}

Ptr<SaginChannel>
CvlScenario::GetChannel() const
{
    return m_channel;
}

ApplicationContainer
CvlScenario::GetQueries() const
{
    return m_queries;
}

NodeContainer
CvlScenario::GetNodes(const std::string& role) const
{
    if (role == "satellite")
    {
        return m_satellites;
    }
    if (role == "base-station")
    {
        return m_baseStations;
    }
    if (role == "uav")
    {
        return m_uavs;
    }
    if (role == "vehicle")
    {
        return m_vehicles;
    }
    throw std::invalid_argument("no role '" + role + "'");
}

void
CvlScenario::ApplyDefaults()
{
    const CvlScenarioSpec& s = m_spec;
    m_defaultsApplied = true;
    RngSeedManager::SetSeed(s.seed);
    RngSeedManager::SetRun(s.run);
    // Jumbo frames: 9000-byte frames carry megabytes of features in a sixth of the events of
    // 1500-byte ones (the airtime is bits / rate either way; headers are 0.6 % instead of 4 %).
    Config::SetDefault("ns3::sagin::SaginNetDevice::Mtu", UintegerValue(9000));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(8948));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(1 << 22));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(1 << 22));
    for (const auto& [name, value] : s.defaults)
    {
        if (!Config::SetDefaultFailSafe(name, StringValue(value)) &&
            !Config::SetGlobalFailSafe(name, StringValue(value)))
        {
            throw std::invalid_argument(s.origin + ": $.defaults[\"" + name +
                                        "\"]: cannot be set to '" + value + "'");
        }
    }
}

void
CvlScenario::Build()
{
    NS_LOG_FUNCTION(this);
    if (m_built)
    {
        throw std::logic_error("CvlScenario::Build: already built");
    }
    if (!m_defaultsApplied)
    {
        ApplyDefaults();
    }
    const CvlScenarioSpec& s = m_spec;
    const GeoFrame frame(s.latitudeDeg, s.longitudeDeg, s.altitudeM);

    // Nodes of every role, with their mobility.
    ConstellationHelper constellation;
    constellation.SetFrame(frame);
    constellation.SetEpoch(s.epoch);
    if (!s.tleFile.empty())
    {
        m_satellites = constellation.InstallFromTle(s.tleFile);
    }
    else if (s.walkerSatellites > 0)
    {
        constellation.SetWalkerDelta(s.walkerSatellites,
                                     s.walkerPlanes,
                                     s.walkerPhasing,
                                     s.walkerAltitudeKm * 1e3,
                                     s.walkerInclinationDeg);
        m_satellites = constellation.Create();
    }
    m_baseStations.Create(s.baseStationSites.size());
    BaseStationHelper stations;
    stations.SetFrame(frame);
    stations.SetAntennaHeight(s.antennaHeightM);
    stations.Install(m_baseStations, s.baseStationSites);
    m_uavs.Create(s.uavs);
    UavHelper uavs;
    uavs.SetAltitude(s.uavAltitudeM);
    uavs.SetSpeed(s.uavSpeedMps);
    uavs.SetHoverTime(Seconds(s.uavHoverS));
    uavs.SetPatrolArea(
        Rectangle(-s.patrolHalfSideM, s.patrolHalfSideM, -s.patrolHalfSideM, s.patrolHalfSideM));
    uavs.AssignStreams(100);
    uavs.Install(m_uavs);
    m_vehicles.Create(s.vehicles);
    VehicleHelper vehicles;
    if (!s.ns2Trace.empty())
    {
        vehicles.InstallFromNs2Trace(s.ns2Trace, m_vehicles);
    }
    else
    {
        // Fixed streams for every random draw, so that the same scenario gives the same traces
        // also when it runs again in the same process.
        vehicles.SetArea(Rectangle(-s.vehicleHalfSideM,
                                   s.vehicleHalfSideM,
                                   -s.vehicleHalfSideM,
                                   s.vehicleHalfSideM));
        vehicles.GetPositionAllocator()->AssignStreams(190);
        vehicles.Install(m_vehicles);
        vehicles.AssignStreams(m_vehicles, 200);
    }

    // Radios, Internet, association.
    NodeContainer all(m_satellites, m_baseStations, m_uavs, m_vehicles);
    SaginNetDeviceHelper radios;
    radios.SetFrame(frame);
    // A device attribute in the scenario's "defaults" is every role's, even when it equals the
    // class's registered default (which would leave the roles' radio table in place).
    const std::string devicePrefix = "ns3::sagin::SaginNetDevice::";
    for (const auto& [name, value] : s.defaults)
    {
        if (name.rfind(devicePrefix, 0) == 0)
        {
            radios.SetDeviceAttribute(name.substr(devicePrefix.size()), StringValue(value));
        }
    }
    NetDeviceContainer devices = radios.Install(all);
    radios.AssignStreams(300);
    m_channel = radios.GetChannel();
    if (s.transport == "flow")
    {
        // Flows cross the links without the TCP/IP stack: no stack, no addresses, no caches.
        Ptr<FlowTransport> flows = FlowTransport::Get(m_channel);
        flows->SetAttribute("GeometryStep", TimeValue(Seconds(s.flowGeometryStepS)));
        flows->SetAttribute("MinGeometryStep", TimeValue(Seconds(s.flowMinGeometryStepS)));
        flows->SetAttribute("SnrThreshold", DoubleValue(s.flowSnrThresholdDb));
    }
    else
    {
        InternetStackHelper internet;
        internet.Install(all);
        internet.AssignStreams(all, 400);
        Ipv4AddressHelper addresses("10.0.0.0", "255.0.0.0");
        addresses.Assign(devices);
        // Every pair that can exchange frames, not the satellites among themselves.
        SaginNetDeviceHelper::PopulateArpCaches(devices);
    }
    m_association = CreateObjectWithAttributes<AssociationManager>(
        "Interval",
        TimeValue(Seconds(s.associationIntervalS)),
        "Candidates",
        UintegerValue(s.associationCandidates));
    m_association->Start(m_channel);

    // Batteries of the UAVs and vehicles, compute and radio energy models.
    const bool liIon = s.energySource == "li-ion";
    const std::string initialEnergy =
        liIon ? "LiIonEnergySourceInitialEnergyJ" : "BasicEnergySourceInitialEnergyJ";
    EnergyHelper energy;
    energy.SetSource(liIon ? "ns3::LiIonEnergySource" : "ns3::BasicEnergySource");
    energy.SetComputeProfile(NodeRole::UAV, s.uavProfile);
    energy.SetComputeProfile(NodeRole::VEHICLE, s.vehicleProfile);
    energy.SetSourceAttribute(initialEnergy, DoubleValue(s.uavBatteryJ));
    energy.Install(m_uavs);
    energy.SetSourceAttribute(initialEnergy, DoubleValue(s.vehicleBatteryJ));
    energy.Install(m_vehicles);

    // The model, the images, the context.
    Ptr<SplitModel> model;
    if (s.model == "resnet50-usam")
    {
        model = CreateObjectWithAttributes<ResNet50UsamModel>("InputSize",
                                                              UintegerValue(s.imageSize),
                                                              "WeightsFile",
                                                              StringValue(s.weightsFile));
    }
    else if (s.model == "glqinet")
    {
        model = CreateObjectWithAttributes<GlqiNetModel>("InputSize",
                                                         UintegerValue(s.imageSize),
                                                         "WeightsFile",
                                                         StringValue(s.weightsFile));
    }
    else
    {
        Ptr<TorchScriptModel> script =
            CreateObjectWithAttributes<TorchScriptModel>("File",
                                                         StringValue(s.modelFile),
                                                         "InputSize",
                                                         UintegerValue(s.imageSize));
        script->Load();
        model = script;
    }
    Ptr<ImageSource> images;
    if (s.imageSource == "synthetic")
    {
        images = CreateObjectWithAttributes<SyntheticWorld>("Locations",
                                                            UintegerValue(s.locations),
                                                            "DroneViews",
                                                            UintegerValue(s.droneViews),
                                                            "StreetViews",
                                                            UintegerValue(s.streetViews),
                                                            "Seed",
                                                            UintegerValue(s.imageSeed),
                                                            "ImageSize",
                                                            UintegerValue(s.imageSize));
    }
    else
    {
        images = CreateObjectWithAttributes<ImageFolderSource>("Root",
                                                               StringValue(s.imageRoot),
                                                               "ImageSize",
                                                               UintegerValue(s.imageSize));
    }
    m_context = CreateObjectWithAttributes<CvlContext>(
        "Fidelity",
        EnumValue(s.fidelity == "full" ? CvlContext::FULL : CvlContext::PROFILED),
        "Transport",
        EnumValue(s.transport == "flow" ? CvlContext::FLOW : CvlContext::PACKET),
        "Codec",
        StringValue(s.codec),
        "Compress",
        BooleanValue(s.compress),
        "LocationSpacingM",
        DoubleValue(s.locationSpacingM));
    m_context->SetModel(model);
    m_context->SetImageSource(images);
    m_context->SetFrame(frame);
    m_context->Prepare();

    // Applications, with one controller per UAV and vehicle, configured with the cost model.
    SplitControllerHelper controllers;
    controllers.SetType(s.controllerType);
    for (const auto& [name, value] : s.controllerAttributes)
    {
        controllers.Set(name, StringValue(value));
    }
    if (!s.controllerConfidentiality.empty())
    {
        controllers.Set("ConfidentialityFile", StringValue(s.controllerConfidentiality));
    }
    CvlHelper cvl(m_context, m_association);
    cvl.SetController(controllers);
    cvl.SetDefaultCostModel(DeviceProfile::GetBuiltin(s.uavProfile),
                            DeviceProfile::GetBuiltin(s.vehicleProfile),
                            DeviceProfile::GetBuiltin(s.serverProfile));
    cvl.SetServerAttribute("MatchThreshold", DoubleValue(s.matchThreshold));
    cvl.SetServerAttribute("Profile", PointerValue(DeviceProfile::GetBuiltin(s.serverProfile)));
    cvl.SetReferenceAttribute("Interval", TimeValue(Seconds(s.imagingIntervalS)));
    cvl.SetReferenceAttribute("ImagingElevationDeg", DoubleValue(s.imagingElevationDeg));
    cvl.SetReferenceAttribute("Profile",
                              PointerValue(DeviceProfile::GetBuiltin(s.satelliteProfile)));
    cvl.SetQueryAttribute("Interval", TimeValue(Seconds(s.queryIntervalS)));
    cvl.SetQueryAttribute("Timeout", TimeValue(Seconds(s.timeoutS)));
    cvl.SetQueryAttribute(
        "Protocol",
        EnumValue(s.protocol == "udp" ? CvlQueryApplication::UDP : CvlQueryApplication::TCP));
    m_servers = cvl.InstallServers(m_baseStations);
    m_references = cvl.InstallReferences(m_satellites);
    cvl.SetQueryAttribute("Images", UintegerValue(s.uavImages));
    cvl.SetQueryAttribute("Profile", PointerValue(DeviceProfile::GetBuiltin(s.uavProfile)));
    m_queries.Add(cvl.InstallQueries(m_uavs));
    cvl.SetQueryAttribute("Images", UintegerValue(s.vehicleImages));
    cvl.SetQueryAttribute("Profile", PointerValue(DeviceProfile::GetBuiltin(s.vehicleProfile)));
    m_queries.Add(cvl.InstallQueries(m_vehicles));
    cvl.AssignStreams(m_queries, 1000);
    // A learning controller is one object for all queries: it starts from the policy file.
    for (uint32_t i = 0; i < m_queries.GetN(); ++i)
    {
        auto query = DynamicCast<CvlQueryApplication>(m_queries.Get(i));
        auto learning = DynamicCast<LearningSplitController>(query->GetController());
        if (learning &&
            std::find(m_learners.begin(), m_learners.end(), learning) == m_learners.end())
        {
            m_learners.push_back(learning);
        }
    }
    if (!s.controllerPolicy.empty())
    {
        for (const auto& learning : m_learners)
        {
            try
            {
                learning->Load(s.controllerPolicy);
            }
            catch (const std::invalid_argument& error)
            {
                throw std::invalid_argument(s.origin + ": $.controller.policy: " + error.what());
            }
        }
    }
    const Time stop = Seconds(s.durationS);
    m_servers.Start(Seconds(0));
    m_references.Start(Seconds(0));
    m_queries.Start(Seconds(0));
    m_servers.Stop(stop);
    m_references.Stop(stop);
    m_queries.Stop(stop);

    // Records and traces.
    m_monitor = CreateObjectWithAttributes<CvlMonitor>("SampleInterval",
                                                       TimeValue(Seconds(s.sampleIntervalS)));
    m_monitor->Setup(m_channel, m_association);
    m_monitor->WatchRequests(m_queries);
    m_monitor->WatchNodes(all);
    m_sink = CreateObjectWithAttributes<TraceSink>("Format", StringValue(s.traceFormat));
    TraceMetadata metadata;
    metadata.scenarioName = s.name;
    metadata.scenarioText = s.text;
    metadata.seed = s.seed;
    metadata.run = s.run;
    metadata.versions = m_versions;
    metadata.extra = {{"fidelity", s.fidelity},
                      {"transport", s.transport},
                      {"model", s.model},
                      {"controller", s.controllerType},
                      {"origin", s.origin}};
    m_sink->Open(GetTracePath(), metadata);
    m_monitor->Connect(m_sink);
    m_monitor->TraceConnectWithoutContext(
        "Request",
        Callback<void, const RequestRecord&>(
            [this](const RequestRecord& record) { Record(record); }));
    m_monitor->Start();
    m_built = true;
}

void
CvlScenario::Record(const RequestRecord& record)
{
    m_requests.push_back(record);
    RoleSummary& summary = m_summary[record.role];
    ++summary.requests;
    if (record.status != "ok")
    {
        return;
    }
    ++summary.completed;
    summary.matched += record.matched ? 1 : 0;
    summary.correct +=
        record.matched && record.matchedLocation == int64_t{record.trueLocation} ? 1 : 0;
    summary.latenciesS.push_back(record.latencyS);
    summary.energyJ += record.energyComputeJ + record.energyTxJ + record.energyServerJ;
    ++summary.splits[record.split];
}

void
CvlScenario::Progress()
{
    if (m_progress)
    {
        m_progress(Simulator::Now().GetSeconds(), m_requests.size());
    }
    const double step = std::max(1.0, m_spec.durationS / 20);
    if (Simulator::Now().GetSeconds() + step < m_spec.durationS - 1e-9)
    {
        Simulator::Schedule(Seconds(step), &CvlScenario::Progress, this);
    }
}

void
CvlScenario::Run()
{
    NS_LOG_FUNCTION(this);
    if (!m_built)
    {
        throw std::logic_error("CvlScenario::Run: Build() first");
    }
    Simulator::ScheduleNow(&CvlScenario::Progress, this);
    Simulator::Stop(Seconds(m_spec.durationS));
    try
    {
        Simulator::Run();
    }
    catch (...)
    {
        m_sink->Close();
        throw;
    }
    m_monitor->Stop();
    m_sink->Close();
    if (!m_spec.controllerSavePolicy.empty())
    {
        SavePolicy(m_spec.controllerSavePolicy);
    }
    if (m_progress)
    {
        m_progress(Simulator::Now().GetSeconds(), m_requests.size());
    }
}

void
CvlScenario::SavePolicy(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    if (m_learners.empty())
    {
        throw std::invalid_argument("CvlScenario::SavePolicy: the controller '" +
                                    m_spec.controllerType + "' does not learn");
    }
    // All queries share one controller (CvlHelper installs one when it can be shared).
    m_learners.front()->Save(path);
}

std::vector<Ptr<LearningSplitController>>
CvlScenario::GetLearningControllers() const
{
    return m_learners;
}

} // namespace sagin
} // namespace ns3
