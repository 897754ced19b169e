// SPDX-License-Identifier: GPL-2.0-only

#include "cvl-monitor.h"

#include "compute-energy-model.h"
#include "node-role.h"
#include "sagin-net-device.h"

#include "ns3/energy-source-container.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <limits>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCvlMonitor");

NS_OBJECT_ENSURE_REGISTERED(CvlMonitor);

namespace
{

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

TypeId
CvlMonitor::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::CvlMonitor")
                            .SetParent<Object>()
                            .SetGroupName("Sagin")
                            .AddConstructor<CvlMonitor>()
                            .AddAttribute("SampleInterval",
                                          "Time between node-state samples.",
                                          TimeValue(Seconds(1)),
                                          MakeTimeAccessor(&CvlMonitor::m_sampleInterval),
                                          MakeTimeChecker(MilliSeconds(1)))
                            .AddTraceSource("Request",
                                            "A request finished.",
                                            MakeTraceSourceAccessor(&CvlMonitor::m_requestTrace),
                                            "ns3::sagin::CvlMonitor::RequestTracedCallback")
                            .AddTraceSource("NodeState",
                                            "A node-state sample.",
                                            MakeTraceSourceAccessor(&CvlMonitor::m_nodeStateTrace),
                                            "ns3::sagin::CvlMonitor::NodeStateTracedCallback")
                            .AddTraceSource("Handover",
                                            "A node changed its serving base station.",
                                            MakeTraceSourceAccessor(&CvlMonitor::m_handoverTrace),
                                            "ns3::sagin::CvlMonitor::HandoverTracedCallback")
                            .AddTraceSource("Outage",
                                            "The channel lost a frame.",
                                            MakeTraceSourceAccessor(&CvlMonitor::m_outageTrace),
                                            "ns3::sagin::CvlMonitor::OutageTracedCallback")
                            .AddTraceSource("Depletion",
                                            "A node's battery ran out.",
                                            MakeTraceSourceAccessor(&CvlMonitor::m_depletionTrace),
                                            "ns3::sagin::CvlMonitor::DepletionTracedCallback");
    return tid;
}

CvlMonitor::CvlMonitor()
    : m_sampleInterval(Seconds(1)),
      m_requests(0)
{
    NS_LOG_FUNCTION(this);
}

CvlMonitor::~CvlMonitor()
{
    NS_LOG_FUNCTION(this);
}

void
CvlMonitor::DoDispose()
{
    Simulator::Cancel(m_sampleEvent);
    m_channel = nullptr;
    m_association = nullptr;
    m_nodes = NodeContainer();
    Object::DoDispose();
}

void
CvlMonitor::Setup(Ptr<SaginChannel> channel, Ptr<AssociationManager> association)
{
    m_channel = channel;
    m_association = association;
    if (channel)
    {
        channel->TraceConnectWithoutContext("Outage",
                                            MakeCallback(&CvlMonitor::ForwardOutage, this));
    }
    if (association)
    {
        association->TraceConnectWithoutContext("Handover",
                                                MakeCallback(&CvlMonitor::ForwardHandover, this));
    }
}

void
CvlMonitor::WatchRequests(const ApplicationContainer& applications)
{
    for (auto it = applications.Begin(); it != applications.End(); ++it)
    {
        if (!(*it)->TraceConnectWithoutContext("Request",
                                               MakeCallback(&CvlMonitor::ForwardRequest, this)))
        {
            throw std::invalid_argument("CvlMonitor: application on node " +
                                        std::to_string((*it)->GetNode()->GetId()) +
                                        " has no Request trace source");
        }
    }
}

void
CvlMonitor::WatchNodes(const NodeContainer& nodes)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        m_nodes.Add(*it);
        Ptr<ComputeEnergyModel> model = (*it)->GetObject<ComputeEnergyModel>();
        if (model)
        {
            model->TraceConnectWithoutContext("Depletion",
                                              MakeCallback(&CvlMonitor::ForwardDepletion, this));
        }
    }
}

void
CvlMonitor::Connect(Ptr<TraceSink> sink)
{
    TraceConnectWithoutContext(
        "Request",
        Callback<void, const RequestRecord&>([sink](const RequestRecord& r) { sink->Write(r); }));
    TraceConnectWithoutContext("NodeState",
                               Callback<void, const NodeStateRecord&>(
                                   [sink](const NodeStateRecord& r) { sink->Write(r); }));
    TraceConnectWithoutContext(
        "Handover",
        Callback<void, const HandoverRecord&>([sink](const HandoverRecord& r) { sink->Write(r); }));
    TraceConnectWithoutContext(
        "Outage",
        Callback<void, const OutageRecord&>([sink](const OutageRecord& r) { sink->Write(r); }));
    TraceConnectWithoutContext("Depletion",
                               Callback<void, const DepletionRecord&>(
                                   [sink](const DepletionRecord& r) { sink->Write(r); }));
}

void
CvlMonitor::Start()
{
    Simulator::Cancel(m_sampleEvent);
    m_sampleEvent = Simulator::ScheduleNow(&CvlMonitor::Periodic, this);
}

void
CvlMonitor::Stop()
{
    Simulator::Cancel(m_sampleEvent);
}

uint64_t
CvlMonitor::GetRequestCount() const
{
    return m_requests;
}

void
CvlMonitor::Periodic()
{
    Sample();
    m_sampleEvent = Simulator::Schedule(m_sampleInterval, &CvlMonitor::Periodic, this);
}

void
CvlMonitor::Sample()
{
    for (auto it = m_nodes.Begin(); it != m_nodes.End(); ++it)
    {
        Ptr<Node> node = *it;
        NodeStateRecord record;
        record.tS = Simulator::Now().GetSeconds();
        record.node = node->GetId();
        const bool hasRole = NodeRole::Has(node);
        record.role = hasRole ? NodeRole::ToString(NodeRole::Get(node)) : "";
        Ptr<MobilityModel> mobility = node->GetObject<MobilityModel>();
        if (mobility)
        {
            const Vector position = mobility->GetPosition();
            record.xM = position.x;
            record.yM = position.y;
            record.zM = position.z;
            if (m_channel)
            {
                const Vector geographic = m_channel->GetFrame().LocalToGeographic(position);
                record.latitudeDeg = geographic.x;
                record.longitudeDeg = geographic.y;
                record.altitudeM = geographic.z;
            }
        }
        Ptr<EnergySourceContainer> sources = node->GetObject<EnergySourceContainer>();
        if (sources && sources->GetN() > 0)
        {
            Ptr<EnergySource> source = sources->Get(0);
            record.energyRemainingJ = source->GetRemainingEnergy();
            const double initial = source->GetInitialEnergy();
            record.stateOfCharge = initial > 0 ? record.energyRemainingJ / initial : NaN;
        }
        if (hasRole && m_association && m_channel &&
            (NodeRole::Get(node) == NodeRole::UAV || NodeRole::Get(node) == NodeRole::VEHICLE))
        {
            Ptr<Node> station = m_association->GetServingBaseStation(node);
            Ptr<SaginNetDevice> device = SaginNetDevice::Find(node);
            Ptr<SaginNetDevice> stationDevice = station ? SaginNetDevice::Find(station) : nullptr;
            if (device && stationDevice)
            {
                const SaginChannel::LinkState link =
                    m_channel->GetLinkState(device,
                                            stationDevice,
                                            m_channel->GetActiveSenders(stationDevice) + 1);
                record.baseStation = station->GetId();
                record.snrDb = link.snrDb;
                record.rateBps = link.rateBps;
            }
        }
        m_nodeStateTrace(record);
    }
}

void
CvlMonitor::ForwardRequest(const RequestRecord& record)
{
    ++m_requests;
    m_requestTrace(record);
}

void
CvlMonitor::ForwardHandover(const AssociationManager::Handover& handover)
{
    HandoverRecord record;
    record.tS = handover.time.GetSeconds();
    record.node = handover.node;
    record.from = handover.from;
    record.to = handover.to;
    record.via = handover.via;
    record.snrDb = handover.snrDb;
    m_handoverTrace(record);
}

void
CvlMonitor::ForwardOutage(Ptr<const Packet> packet,
                          Ptr<const SaginNetDevice> sender,
                          Ptr<const SaginNetDevice> receiver,
                          const std::string& reason,
                          double snrDb)
{
    OutageRecord record;
    record.tS = Simulator::Now().GetSeconds();
    record.sender = sender->GetNode()->GetId();
    record.receiver = receiver ? receiver->GetNode()->GetId() : OutageRecord::BROADCAST;
    if (receiver && NodeRole::Has(sender->GetNode()) && NodeRole::Has(receiver->GetNode()))
    {
        record.linkClass =
            SaginChannel::LinkClassName(SaginChannel::Classify(sender->GetRole(), receiver->GetRole()));
    }
    record.reason = reason;
    record.snrDb = snrDb;
    m_outageTrace(record);
}

void
CvlMonitor::ForwardDepletion(Ptr<Node> node)
{
    DepletionRecord record;
    record.tS = Simulator::Now().GetSeconds();
    record.node = node->GetId();
    record.role = NodeRole::Has(node) ? NodeRole::ToString(NodeRole::Get(node)) : "";
    m_depletionTrace(record);
}

} // namespace sagin
} // namespace ns3
