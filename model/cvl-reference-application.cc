// SPDX-License-Identifier: GPL-2.0-only

#include "cvl-reference-application.h"

#include "compute-energy-model.h"
#include "cvl-header.h"
#include "cvl-server-application.h"
#include "flow-transport.h"
#include "node-role.h"
#include "sagin-channel.h"
#include "sagin-net-device.h"

#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/node-list.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCvlReferenceApplication");

NS_OBJECT_ENSURE_REGISTERED(CvlReferenceApplication);

namespace
{

bool
HasServer(Ptr<Node> node)
{
    for (uint32_t i = 0; i < node->GetNApplications(); ++i)
    {
        if (DynamicCast<CvlServerApplication>(node->GetApplication(i)))
        {
            return true;
        }
    }
    return false;
}

} // namespace

TypeId
CvlReferenceApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::CvlReferenceApplication")
            .SetParent<Application>()
            .SetGroupName("Sagin")
            .AddConstructor<CvlReferenceApplication>()
            .AddAttribute("Interval",
                          "Time between imaging and delivery passes.",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&CvlReferenceApplication::m_interval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("ImagingElevationDeg",
                          "Least elevation of the satellite above a location's horizon for "
                          "imaging it, in degrees.",
                          DoubleValue(30.0),
                          MakeDoubleAccessor(&CvlReferenceApplication::m_imagingElevationDeg),
                          MakeDoubleChecker<double>(0.0, 90.0))
            .AddAttribute("Port",
                          "TCP port of the base stations' servers.",
                          UintegerValue(9700),
                          MakeUintegerAccessor(&CvlReferenceApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Profile",
                          "Compute profile of the payload when the node has no "
                          "ComputeEnergyModel (default: the built-in satellite-payload).",
                          PointerValue(),
                          MakePointerAccessor(&CvlReferenceApplication::m_profile),
                          MakePointerChecker<DeviceProfile>())
            .AddTraceSource("Imaged",
                            "A location was imaged and its features computed: location, "
                            "elevation in degrees.",
                            MakeTraceSourceAccessor(&CvlReferenceApplication::m_imagedTrace),
                            "ns3::sagin::CvlReferenceApplication::ImagedTracedCallback");
    return tid;
}

CvlReferenceApplication::CvlReferenceApplication()
    : m_interval(Seconds(5)),
      m_imagingElevationDeg(30.0),
      m_port(9700),
      m_running(false),
      m_computing(false)
{
    NS_LOG_FUNCTION(this);
}

CvlReferenceApplication::~CvlReferenceApplication()
{
    NS_LOG_FUNCTION(this);
}

void
CvlReferenceApplication::DoDispose()
{
    m_context = nullptr;
    m_profile = nullptr;
    m_device = nullptr;
    m_links.clear();
    m_stations.clear();
    Application::DoDispose();
}

void
CvlReferenceApplication::SetContext(Ptr<CvlContext> context)
{
    m_context = context;
}

const std::set<uint32_t>&
CvlReferenceApplication::GetImaged() const
{
    return m_imaged;
}

Ptr<DeviceProfile>
CvlReferenceApplication::GetComputeProfile() const
{
    Ptr<ComputeEnergyModel> model = GetNode()->GetObject<ComputeEnergyModel>();
    return model ? model->GetProfile() : m_profile;
}

void
CvlReferenceApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    const std::string where =
        "CvlReferenceApplication on node " + std::to_string(GetNode()->GetId());
    if (!m_context)
    {
        throw std::invalid_argument(where + ": no CvlContext");
    }
    m_device = SaginNetDevice::Find(GetNode());
    if (!m_device)
    {
        throw std::invalid_argument(where + ": the node has no SaginNetDevice");
    }
    m_context->Prepare();
    if (!m_profile)
    {
        m_profile = DeviceProfile::GetBuiltin("satellite-payload");
    }
    m_running = true;
    m_tickEvent = Simulator::ScheduleNow(&CvlReferenceApplication::Tick, this);
}

void
CvlReferenceApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    Simulator::Cancel(m_tickEvent);
    Simulator::Cancel(m_computeEvent);
    m_computing = false;
    for (auto& link : m_links)
    {
        if (link.second.flowMessage != 0 && m_device)
        {
            FlowTransport::Get(DynamicCast<SaginChannel>(m_device->GetChannel()))
                ->CancelMessage(link.second.flowMessage);
        }
        if (link.second.socket)
        {
            link.second.socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
            link.second.socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                                  MakeNullCallback<void, Ptr<Socket>>());
            link.second.socket->Close();
        }
    }
    m_links.clear();
}

void
CvlReferenceApplication::Tick()
{
    if (!m_running)
    {
        return;
    }
    m_tickEvent = Simulator::Schedule(m_interval, &CvlReferenceApplication::Tick, this);
    if (!m_computing)
    {
        const Vector position = GetNode()->GetObject<MobilityModel>()->GetPosition();
        std::vector<uint32_t> locations;
        const uint32_t n = AllBelowImagingElevation(position) ? 0 : m_context->GetNLocations();
        for (uint32_t i = 0; i < n; ++i)
        {
            if (m_imaged.count(i))
            {
                continue;
            }
            const double elevation =
                m_context->GetFrame().GetElevationDeg(m_context->GetLocationPosition(i), position);
            if (elevation >= m_imagingElevationDeg)
            {
                locations.push_back(i);
            }
        }
        if (!locations.empty())
        {
            const double macs = m_context->GetFullMacs() * locations.size();
            Ptr<ComputeEnergyModel> model = GetNode()->GetObject<ComputeEnergyModel>();
            const Time delay = model ? model->Compute(macs) : m_profile->GetComputeTime(macs);
            m_computing = true;
            NS_LOG_INFO("satellite " << GetNode()->GetId() << " images " << locations.size()
                                     << " locations, " << delay.As(Time::MS));
            m_computeEvent =
                Simulator::Schedule(delay, &CvlReferenceApplication::Imaged, this, locations);
        }
    }
    Deliver();
}

bool
CvlReferenceApplication::AllBelowImagingElevation(const Vector& position)
{
    if (!m_haveArea)
    {
        m_haveArea = true;
        const uint32_t n = m_context->GetNLocations();
        Vector sum;
        for (uint32_t i = 0; i < n; ++i)
        {
            sum = sum + m_context->GetLocationPosition(i);
        }
        m_areaCentre = n ? Vector(sum.x / n, sum.y / n, sum.z / n) : Vector();
        for (uint32_t i = 0; i < n; ++i)
        {
            m_areaRadiusM = std::max(
                m_areaRadiusM,
                CalculateDistance(m_context->GetLocationPosition(i), m_areaCentre));
        }
    }
    const double distanceM = CalculateDistance(position, m_areaCentre);
    if (!(distanceM > 4.0 * m_areaRadiusM))
    {
        return false;
    }
    // From a location at most r from the centre, the direction to a node at distance d from
    // the centre turns by at most asin(r / (d - r)), and the local vertical by at most
    // r / 6,335 km (the least radius of curvature of the WGS 84 ellipsoid); with a margin of
    // half again.
    const double r = m_areaRadiusM;
    const double turnDeg =
        (std::asin(r / (distanceM - r)) + r / 6.335e6) / M_PI * 180.0 * 1.5 + 1e-6;
    return m_context->GetFrame().GetElevationDeg(m_areaCentre, position) + turnDeg <
           m_imagingElevationDeg;
}

void
CvlReferenceApplication::Imaged(std::vector<uint32_t> locations)
{
    m_computing = false;
    const Vector position = GetNode()->GetObject<MobilityModel>()->GetPosition();
    for (uint32_t location : locations)
    {
        if (m_context->GetFidelity() == CvlContext::FULL)
        {
            m_context->EncodeReference(location); // computed now, kept by the context
        }
        m_imaged.insert(location);
        m_imagedTrace(
            location,
            m_context->GetFrame().GetElevationDeg(m_context->GetLocationPosition(location),
                                                  position));
    }
    Deliver();
}

void
CvlReferenceApplication::Deliver()
{
    if (m_imaged.empty())
    {
        return;
    }
    Ptr<SaginChannel> channel = DynamicCast<SaginChannel>(m_device->GetChannel());
    const bool flow = m_context->GetTransport() == CvlContext::FLOW;
    for (const auto& [station, stationDevice] : GetStations())
    {
        if (channel->GetLinkState(m_device, stationDevice).outage)
        {
            continue;
        }
        Link& link = m_links[station->GetId()];
        // What was sent on a link was imaged: the same count means nothing new.
        for (auto it = m_imaged.begin(); link.sent.size() < m_imaged.size() && it != m_imaged.end();
             ++it)
        {
            if (link.sent.insert(*it).second)
            {
                link.outgoing.push_back(*it);
            }
        }
        if (flow)
        {
            PumpFlow(station->GetId());
            continue;
        }
        if (link.outgoing.empty() && link.currentBytes == 0)
        {
            continue;
        }
        if (!link.socket)
        {
            Ptr<Ipv4> ipv4 = station->GetObject<Ipv4>();
            const int32_t interface = ipv4->GetInterfaceForDevice(stationDevice);
            link.socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
            link.socket->Bind();
            link.socket->Connect(
                InetSocketAddress(ipv4->GetAddress(interface, 0).GetLocal(), m_port));
            link.socket->SetSendCallback(MakeCallback(&CvlReferenceApplication::Pump, this));
            link.socket->SetCloseCallbacks(
                MakeCallback(&CvlReferenceApplication::HandleClose, this),
                MakeCallback(&CvlReferenceApplication::HandleClose, this));
            link.socket->SetConnectCallback(
                MakeNullCallback<void, Ptr<Socket>>(),
                MakeCallback(&CvlReferenceApplication::HandleClose, this));
        }
        Pump(link.socket, link.socket->GetTxAvailable());
    }
}

const std::vector<std::pair<Ptr<Node>, Ptr<SaginNetDevice>>>&
CvlReferenceApplication::GetStations()
{
    if (!m_haveStations)
    {
        m_haveStations = true;
        for (NodeList::Iterator it = NodeList::Begin(); it != NodeList::End(); ++it)
        {
            Ptr<Node> station = *it;
            if (!NodeRole::Has(station) || NodeRole::Get(station) != NodeRole::BASE_STATION ||
                !HasServer(station))
            {
                continue;
            }
            Ptr<SaginNetDevice> device = SaginNetDevice::Find(station);
            if (device)
            {
                m_stations.emplace_back(station, device);
            }
        }
    }
    return m_stations;
}

/// The header of the gallery entry of a location.
static CvlHeader
GalleryHeader(Ptr<CvlContext> context, uint32_t node, uint32_t location)
{
    CvlHeader header;
    header.kind = CvlHeader::GALLERY;
    header.node = node;
    header.location = location;
    const auto geographic = context->GetLocationGeographic(location);
    header.latitudeDeg = geographic.first;
    header.longitudeDeg = geographic.second;
    header.payloadBytes = context->GetReferencePayloadBytes();
    return header;
}

/// The gallery entry of a location as it goes out: its header, then its features (zeros in
/// profiled fidelity).
static std::vector<uint8_t>
GalleryEntry(Ptr<CvlContext> context, uint32_t node, uint32_t location)
{
    const CvlHeader header = GalleryHeader(context, node, location);
    Buffer buffer;
    buffer.AddAtStart(CvlHeader::SIZE);
    header.Serialize(buffer.Begin());
    std::vector<uint8_t> entry(CvlHeader::SIZE, 0);
    buffer.CopyData(entry.data(), CvlHeader::SIZE);
    if (context->GetFidelity() == CvlContext::FULL)
    {
        const std::vector<uint8_t> features = context->EncodeReference(location);
        entry.insert(entry.end(), features.begin(), features.end());
    }
    else
    {
        entry.resize(CvlHeader::SIZE + header.payloadBytes, 0);
    }
    return entry;
}

/// The same entry as one packet; in profiled fidelity its zeros take no memory.
static Ptr<Packet>
GalleryPacket(Ptr<CvlContext> context, uint32_t node, uint32_t location)
{
    if (context->GetFidelity() == CvlContext::FULL)
    {
        const std::vector<uint8_t> entry = GalleryEntry(context, node, location);
        return Create<Packet>(entry.data(), entry.size());
    }
    const CvlHeader header = GalleryHeader(context, node, location);
    Ptr<Packet> packet = Create<Packet>(header.payloadBytes);
    packet->AddHeader(header);
    return packet;
}

void
CvlReferenceApplication::PumpFlow(uint32_t station)
{
    Link& link = m_links[station];
    if (link.flowMessage != 0 || link.outgoing.empty())
    {
        return;
    }
    // The entries waiting go out together, as one stream: one message whose parts arrive one
    // after the other, as they do over the connection at packet level.
    FlowTransport::Message message;
    message.protocol = FlowTransport::TCP;
    const uint64_t entryBytes = CvlHeader::SIZE + m_context->GetReferencePayloadBytes();
    link.flowLocations.assign(link.outgoing.begin(), link.outgoing.end());
    link.outgoing.clear();
    message.parts.assign(link.flowLocations.size(), entryBytes);
    message.bytes = entryBytes * link.flowLocations.size();
    message.handshake = !link.flowOpen;
    link.flowOpen = true;
    Ptr<SaginChannel> channel = DynamicCast<SaginChannel>(m_device->GetChannel());
    link.flowMessage = FlowTransport::Get(channel)->SendMessage(
        m_device,
        SaginNetDevice::Find(NodeList::GetNode(station)),
        message,
        MakeCallback(&CvlReferenceApplication::FlowDelivered, this).Bind(station),
        FlowTransport::FlowCallback(),
        MakeCallback(&CvlReferenceApplication::FlowEntryArrived, this).Bind(station));
}

void
CvlReferenceApplication::FlowEntryArrived(uint32_t station, uint64_t message, uint32_t index)
{
    auto found = m_links.find(station);
    if (!m_running || found == m_links.end() || found->second.flowMessage != message ||
        index >= found->second.flowLocations.size())
    {
        return;
    }
    Ptr<Packet> entry =
        GalleryPacket(m_context, GetNode()->GetId(), found->second.flowLocations[index]);
    NS_ASSERT_MSG(entry->GetSize() == CvlHeader::SIZE + m_context->GetReferencePayloadBytes(),
                  "a gallery entry of " << entry->GetSize() << " bytes");
    Ptr<Node> node = NodeList::GetNode(station);
    for (uint32_t i = 0; i < node->GetNApplications(); ++i)
    {
        if (auto server = DynamicCast<CvlServerApplication>(node->GetApplication(i)))
        {
            server->ReceiveMessage(entry,
                                   "satellite " + std::to_string(GetNode()->GetId()),
                                   CvlServerApplication::ReplyCallback());
            break;
        }
    }
}

void
CvlReferenceApplication::FlowDelivered(uint32_t station, uint64_t message)
{
    auto found = m_links.find(station);
    if (!m_running || found == m_links.end() || found->second.flowMessage != message)
    {
        return;
    }
    found->second.flowMessage = 0;
    found->second.flowLocations.clear();
    PumpFlow(station);
}

void
CvlReferenceApplication::Pump(Ptr<Socket> socket, uint32_t available)
{
    auto found = std::find_if(m_links.begin(), m_links.end(), [&socket](const auto& entry) {
        return entry.second.socket == socket;
    });
    if (found == m_links.end())
    {
        return;
    }
    Link& link = found->second;
    while (true)
    {
        if (link.queued == link.currentBytes)
        {
            if (link.outgoing.empty())
            {
                link.currentBytes = link.queued = 0;
                return;
            }
            // The next entry: header, then the features.
            const uint32_t location = link.outgoing.front();
            link.outgoing.pop_front();
            link.current = GalleryEntry(m_context, GetNode()->GetId(), location);
            link.currentBytes = link.current.size();
            link.queued = 0;
        }
        const uint32_t room = socket->GetTxAvailable();
        if (room == 0)
        {
            return;
        }
        const uint32_t size =
            static_cast<uint32_t>(std::min<uint64_t>(room, link.currentBytes - link.queued));
        const int sent = socket->Send(Create<Packet>(link.current.data() + link.queued, size));
        if (sent <= 0)
        {
            return;
        }
        link.queued += sent;
    }
}

void
CvlReferenceApplication::HandleClose(Ptr<Socket> socket)
{
    for (auto it = m_links.begin(); it != m_links.end(); ++it)
    {
        if (it->second.socket == socket)
        {
            NS_LOG_INFO("satellite " << GetNode()->GetId() << " lost its connection to node "
                                     << it->first);
            m_links.erase(it);
            return;
        }
    }
}

} // namespace sagin
} // namespace ns3
