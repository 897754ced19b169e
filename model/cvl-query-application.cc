// SPDX-License-Identifier: GPL-2.0-only

#include "cvl-query-application.h"

#include "compute-energy-model.h"
#include "cvl-chunk-header.h"
#include "cvl-server-application.h"
#include "flow-transport.h"
#include "node-role.h"
#include "radio-energy-model.h"
#include "sagin-channel.h"
#include "sagin-net-device.h"

#include "ns3/device-energy-model-container.h"
#include "ns3/energy-source-container.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/queue.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCvlQueryApplication");

NS_OBJECT_ENSURE_REGISTERED(CvlQueryApplication);

namespace
{

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

/// The RadioEnergyModel of a device, null without one.
Ptr<RadioEnergyModel>
FindRadio(Ptr<Node> node, Ptr<SaginNetDevice> device)
{
    Ptr<EnergySourceContainer> sources = node->GetObject<EnergySourceContainer>();
    if (!sources)
    {
        return nullptr;
    }
    for (auto source = sources->Begin(); source != sources->End(); ++source)
    {
        DeviceEnergyModelContainer models =
            (*source)->FindDeviceEnergyModels("ns3::sagin::RadioEnergyModel");
        for (auto model = models.Begin(); model != models.End(); ++model)
        {
            Ptr<RadioEnergyModel> radio = DynamicCast<RadioEnergyModel>(*model);
            if (radio && radio->GetNetDevice() == device)
            {
                return radio;
            }
        }
    }
    return nullptr;
}

/// Remaining over initial energy of the node's first energy source, NaN without one.
double
StateOfCharge(Ptr<Node> node)
{
    Ptr<EnergySourceContainer> sources = node->GetObject<EnergySourceContainer>();
    if (!sources || sources->GetN() == 0)
    {
        return NaN;
    }
    Ptr<EnergySource> source = sources->Get(0);
    const double initial = source->GetInitialEnergy();
    return initial > 0 ? source->GetRemainingEnergy() / initial : NaN;
}

} // namespace

TypeId
CvlQueryApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::CvlQueryApplication")
            .SetParent<Application>()
            .SetGroupName("Sagin")
            .AddConstructor<CvlQueryApplication>()
            .AddAttribute("Interval",
                          "Time between queries.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&CvlQueryApplication::m_interval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("Images",
                          "Images per request; 0 = 3 on a UAV and 1 on a vehicle.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CvlQueryApplication::m_images),
                          MakeUintegerChecker<uint32_t>(0, 64))
            .AddAttribute("Timeout",
                          "Longest wait for a reply; the request then fails with status "
                          "timeout.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&CvlQueryApplication::m_timeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("Port",
                          "Port of the base stations' servers (TCP and UDP).",
                          UintegerValue(9700),
                          MakeUintegerAccessor(&CvlQueryApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute(
                "Protocol",
                "Transport of the requests: tcp (one connection to the serving base "
                "station) or udp (datagrams, no retransmission).",
                EnumValue(CvlQueryApplication::TCP),
                MakeEnumAccessor(&CvlQueryApplication::m_protocol),
                MakeEnumChecker(CvlQueryApplication::TCP, "tcp", CvlQueryApplication::UDP, "udp"))
            .AddAttribute("DatagramBytes",
                          "Largest number of message bytes in one UDP datagram, in bytes (the "
                          "datagram adds a 32-byte CvlChunkHeader; 8900 + 32 + 8 (UDP) + 20 "
                          "(IPv4) fits a 9000-byte frame).",
                          UintegerValue(8900),
                          MakeUintegerAccessor(&CvlQueryApplication::m_datagramBytes),
                          MakeUintegerChecker<uint32_t>(1, 65507 - CvlChunkHeader::SIZE))
            .AddAttribute("UdpWindow",
                          "Most frames waiting in the node's SaginNetDevice queue while a UDP "
                          "request is sent, in frames.",
                          UintegerValue(16),
                          MakeUintegerAccessor(&CvlQueryApplication::m_udpWindow),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Profile",
                          "Compute profile of the device when the node has no "
                          "ComputeEnergyModel (default: quadro-p400 on a UAV, "
                          "drive-agx-xavier on a vehicle).",
                          PointerValue(),
                          MakePointerAccessor(&CvlQueryApplication::m_profile),
                          MakePointerChecker<DeviceProfile>())
            .AddAttribute("Controller",
                          "The node's split controller.",
                          PointerValue(),
                          MakePointerAccessor(&CvlQueryApplication::m_controller),
                          MakePointerChecker<SplitController>())
            .AddTraceSource("Request",
                            "A request finished (replied, timed out or failed).",
                            MakeTraceSourceAccessor(&CvlQueryApplication::m_requestTrace),
                            "ns3::sagin::CvlQueryApplication::RequestTracedCallback");
    return tid;
}

CvlQueryApplication::CvlQueryApplication()
    : m_interval(Seconds(2)),
      m_images(0),
      m_timeout(Seconds(30)),
      m_port(9700),
      m_protocol(TCP),
      m_datagramBytes(8900),
      m_udpWindow(16),
      m_pumpScheduled(false),
      m_connected(false),
      m_due(false),
      m_running(false),
      m_depleted(false),
      m_requests(0),
      m_lastSplit(-1)
{
    NS_LOG_FUNCTION(this);
    m_random = CreateObject<UniformRandomVariable>();
}

CvlQueryApplication::~CvlQueryApplication()
{
    NS_LOG_FUNCTION(this);
}

void
CvlQueryApplication::DoDispose()
{
    m_context = nullptr;
    m_controller = nullptr;
    m_association = nullptr;
    m_profile = nullptr;
    m_device = nullptr;
    m_radio = nullptr;
    m_socket = nullptr;
    m_socketServer = nullptr;
    m_flowServer = nullptr;
    m_udpSocket = nullptr;
    m_pending.reset();
    Application::DoDispose();
}

void
CvlQueryApplication::SetContext(Ptr<CvlContext> context)
{
    m_context = context;
}

void
CvlQueryApplication::SetController(Ptr<SplitController> controller)
{
    m_controller = controller;
}

Ptr<SplitController>
CvlQueryApplication::GetController() const
{
    return m_controller;
}

void
CvlQueryApplication::SetAssociation(Ptr<AssociationManager> association)
{
    m_association = association;
}

int64_t
CvlQueryApplication::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

uint64_t
CvlQueryApplication::GetRequestCount() const
{
    return m_requests;
}

uint32_t
CvlQueryApplication::GetImagesPerRequest() const
{
    if (m_images != 0)
    {
        return m_images;
    }
    return NodeRole::Get(GetNode()) == NodeRole::UAV ? 3 : 1;
}

Ptr<DeviceProfile>
CvlQueryApplication::GetComputeProfile() const
{
    Ptr<ComputeEnergyModel> model = GetNode()->GetObject<ComputeEnergyModel>();
    if (model)
    {
        return model->GetProfile();
    }
    return m_profile;
}

Ptr<CvlServerApplication>
CvlQueryApplication::FindServer(Ptr<Node> baseStation) const
{
    if (!baseStation)
    {
        return nullptr;
    }
    for (uint32_t i = 0; i < baseStation->GetNApplications(); ++i)
    {
        Ptr<CvlServerApplication> server =
            DynamicCast<CvlServerApplication>(baseStation->GetApplication(i));
        if (server)
        {
            return server;
        }
    }
    return nullptr;
}

double
CvlQueryApplication::GetTxEnergyJ() const
{
    return m_radio ? m_radio->GetTxEnergyJ() : 0.0;
}

SplitObservation
CvlQueryApplication::Observe() const
{
    SplitObservation observation;
    observation.timeS = Simulator::Now().GetSeconds();
    observation.node = GetNode()->GetId();
    observation.role = NodeRole::ToString(NodeRole::Get(GetNode()));
    observation.nImages = GetImagesPerRequest();
    observation.lastSplit = m_lastSplit;
    observation.stateOfCharge = StateOfCharge(GetNode());
    observation.rateBps = NaN;
    observation.snrDb = NaN;
    observation.propagationDelayS = NaN;
    observation.serverQueueLength = 0;
    observation.serverBacklogS = 0;
    Ptr<Node> baseStation =
        m_association ? m_association->GetServingBaseStation(GetNode()) : nullptr;
    Ptr<SaginNetDevice> serverDevice = baseStation ? SaginNetDevice::Find(baseStation) : nullptr;
    if (serverDevice && m_device)
    {
        Ptr<SaginChannel> channel = DynamicCast<SaginChannel>(m_device->GetChannel());
        const SaginChannel::LinkState link =
            channel->GetLinkState(m_device,
                                  serverDevice,
                                  channel->GetActiveSenders(serverDevice) + 1);
        observation.rateBps = link.rateBps;
        observation.snrDb = link.snrDb;
        observation.propagationDelayS = link.delay.GetSeconds();
    }
    Ptr<CvlServerApplication> server = FindServer(baseStation);
    if (server)
    {
        observation.serverQueueLength = server->GetQueueLength();
        observation.serverBacklogS = server->GetBacklog().GetSeconds();
    }
    return observation;
}

void
CvlQueryApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    const std::string where = "CvlQueryApplication on node " + std::to_string(GetNode()->GetId());
    if (!m_context || !m_controller || !m_association)
    {
        throw std::invalid_argument(where + ": needs a CvlContext, a SplitController and an "
                                            "AssociationManager");
    }
    const NodeRole::Role role = NodeRole::Get(GetNode());
    if (role != NodeRole::UAV && role != NodeRole::VEHICLE)
    {
        throw std::invalid_argument(where + ": queries run on UAVs and vehicles, not on a " +
                                    NodeRole::ToString(role));
    }
    m_device = SaginNetDevice::Find(GetNode());
    if (!m_device)
    {
        throw std::invalid_argument(where + ": the node has no SaginNetDevice");
    }
    m_context->Prepare();
    if (!m_profile)
    {
        m_profile =
            DeviceProfile::GetBuiltin(role == NodeRole::UAV ? "quadro-p400" : "drive-agx-xavier");
    }
    m_radio = FindRadio(GetNode(), m_device);
    Ptr<ComputeEnergyModel> compute = GetNode()->GetObject<ComputeEnergyModel>();
    if (compute)
    {
        compute->TraceConnectWithoutContext(
            "Depletion",
            MakeCallback(&CvlQueryApplication::HandleDepletion, this));
        m_depleted = compute->IsDepleted();
    }
    m_running = !m_depleted;
    if (m_running)
    {
        // Nodes start at random offsets within the first interval, so that they do not query
        // in step.
        m_tickEvent = Simulator::Schedule(Seconds(m_random->GetValue(0, m_interval.GetSeconds())),
                                          &CvlQueryApplication::Tick,
                                          this);
    }
}

void
CvlQueryApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    Simulator::Cancel(m_tickEvent);
    Simulator::Cancel(m_sendEvent);
    Simulator::Cancel(m_timeoutEvent);
    DropConnection();
    m_pending.reset();
    if (m_udpSocket)
    {
        m_udpSocket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_udpSocket->Close();
        m_udpSocket = nullptr;
        m_device->GetQueue()->TraceDisconnectWithoutContext(
            "Dequeue",
            MakeCallback(&CvlQueryApplication::HandleDequeue, this));
    }
}

void
CvlQueryApplication::HandleDepletion(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this);
    if (m_depleted)
    {
        return;
    }
    m_depleted = true;
    if (m_pending)
    {
        Fail("depleted");
    }
    StopApplication();
}

void
CvlQueryApplication::Tick()
{
    if (!m_running)
    {
        return;
    }
    m_tickEvent = Simulator::Schedule(m_interval, &CvlQueryApplication::Tick, this);
    if (m_pending)
    {
        m_due = true;
        return;
    }
    StartRequest();
}

void
CvlQueryApplication::StartRequest()
{
    NS_LOG_FUNCTION(this);
    auto pending = std::make_unique<Pending>();
    RequestRecord& record = pending->record;
    const NodeRole::Role role = NodeRole::Get(GetNode());
    pending->start = Simulator::Now();
    record.tRequestS = pending->start.GetSeconds();
    record.node = GetNode()->GetId();
    record.role = NodeRole::ToString(role);
    record.request = m_requests++;
    record.nImages = GetImagesPerRequest();
    record.tComputeDeviceS = record.tTxS = record.tPropS = record.tQueueS = NaN;
    record.tComputeServerS = record.latencyS = NaN;
    record.energyComputeJ = record.energyTxJ = record.energyServerJ = NaN;
    record.privacy = record.reward = NaN;

    // The images: the location below, views of the node's kind.
    const Vector position = GetNode()->GetObject<MobilityModel>()->GetPosition();
    record.trueLocation = m_context->FindNearestLocation(position);
    const ImageSource::View view = role == NodeRole::UAV ? ImageSource::DRONE : ImageSource::STREET;
    const uint32_t views = m_context->GetImageSource()->GetNViews(record.trueLocation, view);
    std::vector<uint32_t> indices;
    if (views > 0)
    {
        std::vector<uint32_t> all(views);
        for (uint32_t i = 0; i < views; ++i)
        {
            all[i] = i;
        }
        for (uint32_t k = 0; k < record.nImages; ++k)
        {
            const uint32_t left = views - (k % views);
            const uint32_t first = k % views;
            if (first == 0 && k > 0)
            {
                std::sort(all.begin(), all.end());
            }
            const uint32_t pick = first + m_random->GetInteger(0, left - 1);
            std::swap(all[first], all[pick]);
            indices.push_back(all[first]);
        }
    }

    Ptr<Node> baseStation = m_association->GetServingBaseStation(GetNode());
    Ptr<CvlServerApplication> server = FindServer(baseStation);
    if (!server || indices.empty())
    {
        record.status = !server ? "no-base-station" : "no-images";
        NS_LOG_INFO("node " << record.node << " request " << record.request << ": "
                            << record.status);
        m_requestTrace(record);
        return;
    }
    record.baseStation = baseStation->GetId();
    pending->server = baseStation;
    pending->observation = Observe();
    const uint32_t split = m_controller->Decide(pending->observation);
    if (split >= m_context->GetNSplitPoints())
    {
        throw std::out_of_range("controller of node " + std::to_string(record.node) +
                                " chose split point " + std::to_string(split) +
                                " of a model with " + std::to_string(m_context->GetNSplitPoints()));
    }
    record.split = split;
    record.privacy = m_controller->GetPrivacy(split);

    // The head: simulated time and energy on the device.
    const double macs = m_context->GetHeadMacs(split, record.nImages);
    Ptr<ComputeEnergyModel> compute = GetNode()->GetObject<ComputeEnergyModel>();
    Time delay;
    if (compute)
    {
        delay = compute->Compute(macs);
        record.energyComputeJ = compute->GetComputeEnergyJ(macs);
        if (delay.IsNegative())
        {
            // The battery is empty: the depletion handler stops the application.
            record.status = "depleted";
            record.energyComputeJ = NaN;
            m_requestTrace(record);
            return;
        }
    }
    else
    {
        delay = m_profile->GetComputeTime(macs);
        record.energyComputeJ = m_profile->GetComputeEnergyJ(macs);
    }
    record.tComputeDeviceS = delay.GetSeconds();

    CvlHeader header;
    header.kind = CvlHeader::REQUEST;
    header.request = record.request;
    header.node = record.node;
    header.split = split;
    header.nImages = record.nImages;
    std::vector<uint8_t> payload;
    if (m_context->GetFidelity() == CvlContext::FULL)
    {
        payload = m_context->EncodeHead(record.trueLocation, view, indices, split);
        header.payloadBytes = payload.size();
    }
    else
    {
        header.payloadBytes = m_context->GetRequestPayloadBytes(split, record.nImages);
    }
    record.payloadBytes = header.payloadBytes;
    Buffer buffer;
    buffer.AddAtStart(CvlHeader::SIZE);
    header.Serialize(buffer.Begin());
    pending->header.resize(CvlHeader::SIZE);
    buffer.CopyData(pending->header.data(), CvlHeader::SIZE);
    pending->payload = std::move(payload);
    pending->messageBytes = CvlHeader::SIZE + header.payloadBytes;

    NS_LOG_INFO("node " << record.node << " request " << record.request << ": split " << split
                        << ", " << record.nImages << " images of location " << record.trueLocation
                        << ", " << header.payloadBytes << " bytes to node " << record.baseStation
                        << " after " << delay.As(Time::MS));
    m_pending = std::move(pending);
    m_sendEvent = Simulator::Schedule(delay, &CvlQueryApplication::SendRequest, this);
    m_timeoutEvent = Simulator::Schedule(m_timeout, &CvlQueryApplication::Timeout, this);
}

void
CvlQueryApplication::SendRequest()
{
    NS_LOG_FUNCTION(this);
    Pending& pending = *m_pending;
    if (m_context->GetTransport() == CvlContext::FLOW)
    {
        // No sockets: the flow transport carries the message.
    }
    else if (m_protocol == UDP)
    {
        if (!m_udpSocket)
        {
            m_udpSocket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
            m_udpSocket->Bind();
            m_udpSocket->SetRecvCallback(MakeCallback(&CvlQueryApplication::HandleDatagram, this));
            m_device->GetQueue()->TraceConnectWithoutContext(
                "Dequeue",
                MakeCallback(&CvlQueryApplication::HandleDequeue, this));
        }
        Ptr<Ipv4> ipv4 = pending.server->GetObject<Ipv4>();
        const int32_t interface = ipv4->GetInterfaceForDevice(SaginNetDevice::Find(pending.server));
        pending.destination = InetSocketAddress(ipv4->GetAddress(interface, 0).GetLocal(), m_port);
        pending.chunks =
            static_cast<uint32_t>((pending.messageBytes + m_datagramBytes - 1) / m_datagramBytes);
        pending.nextChunk = 0;
    }
    else if (m_socket && m_socketServer != pending.server)
    {
        DropConnection();
    }
    if (m_context->GetTransport() == CvlContext::PACKET && m_protocol == TCP && !m_socket)
    {
        Ptr<Ipv4> ipv4 = pending.server->GetObject<Ipv4>();
        const int32_t interface = ipv4->GetInterfaceForDevice(SaginNetDevice::Find(pending.server));
        const Ipv4Address address = ipv4->GetAddress(interface, 0).GetLocal();
        m_socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->Connect(InetSocketAddress(address, m_port));
        m_socket->SetConnectCallback(MakeCallback(&CvlQueryApplication::HandleConnected, this),
                                     MakeCallback(&CvlQueryApplication::HandleFailed, this));
        m_socket->SetCloseCallbacks(MakeCallback(&CvlQueryApplication::HandleClose, this),
                                    MakeCallback(&CvlQueryApplication::HandleClose, this));
        m_socket->SetRecvCallback(MakeCallback(&CvlQueryApplication::HandleRead, this));
        m_socket->SetSendCallback(MakeCallback(&CvlQueryApplication::Pump, this));
        m_socketServer = pending.server;
        m_reader = std::make_unique<CvlMessageReader>(0, false);
    }
    pending.sent = Simulator::Now();
    pending.sending = true;
    pending.txEnergyAtSend = GetTxEnergyJ();
    Ptr<SaginChannel> channel = DynamicCast<SaginChannel>(m_device->GetChannel());
    pending.propUpS =
        channel->GetLinkState(m_device, SaginNetDevice::Find(pending.server)).delay.GetSeconds();
    if (m_context->GetTransport() == CvlContext::FLOW)
    {
        SendFlow();
    }
    else if (m_protocol == UDP)
    {
        PumpDatagrams();
    }
    else
    {
        Pump(m_socket, m_socket->GetTxAvailable());
    }
}

void
CvlQueryApplication::SendFlow()
{
    Pending& pending = *m_pending;
    Ptr<SaginChannel> channel = DynamicCast<SaginChannel>(m_device->GetChannel());
    Ptr<FlowTransport> flows = FlowTransport::Get(channel);
    FlowTransport::Message message;
    message.protocol = m_protocol == UDP ? FlowTransport::UDP : FlowTransport::TCP;
    message.bytes = pending.messageBytes;
    if (m_protocol == UDP)
    {
        message.datagramBytes = m_datagramBytes;
        message.chunkHeaders = true;
    }
    else
    {
        // A connection to another base station replaces the open one, as a new socket would.
        message.handshake = m_flowServer != pending.server;
        m_flowServer = pending.server;
    }
    Ptr<Node> relay = m_association->GetRelaySatellite(GetNode());
    if (relay && m_association->GetServingBaseStation(GetNode()) == pending.server)
    {
        pending.via = SaginNetDevice::Find(relay);
    }
    message.via = pending.via;
    pending.flowMessage = flows->SendMessage(m_device,
                                             SaginNetDevice::Find(pending.server),
                                             message,
                                             MakeCallback(&CvlQueryApplication::FlowArrived, this),
                                             MakeCallback(&CvlQueryApplication::FlowLost, this));
}

void
CvlQueryApplication::FlowArrived(uint64_t id)
{
    if (!m_pending || m_pending->flowMessage != id)
    {
        return;
    }
    Pending& pending = *m_pending;
    pending.flowMessage = 0;
    Ptr<CvlServerApplication> server = FindServer(pending.server);
    if (!server)
    {
        return; // nobody to read it: the request times out
    }
    // The message as the server's reader takes it: the header, then the features (zeros in
    // profiled fidelity).
    Ptr<Packet> packet = Create<Packet>(pending.header.data(), pending.header.size());
    const uint64_t payloadBytes = pending.messageBytes - CvlHeader::SIZE;
    if (!pending.payload.empty())
    {
        packet->AddAtEnd(Create<Packet>(pending.payload.data(), pending.payload.size()));
    }
    else if (payloadBytes > 0)
    {
        packet->AddAtEnd(Create<Packet>(payloadBytes));
    }
    server->ReceiveMessage(
        packet,
        "node " + std::to_string(GetNode()->GetId()),
        MakeCallback(&CvlQueryApplication::FlowReply, this).Bind(pending.record.request));
}

void
CvlQueryApplication::FlowLost(uint64_t id)
{
    if (m_pending && m_pending->flowMessage == id)
    {
        // As a lost datagram: no reply, the request times out.
        m_pending->flowMessage = 0;
    }
}

void
CvlQueryApplication::FlowReply(uint64_t request, const CvlHeader& reply)
{
    if (!m_pending || m_pending->record.request != request || !m_running)
    {
        return; // timed out meanwhile: the reply goes nowhere
    }
    Pending& pending = *m_pending;
    pending.reply = reply;
    Ptr<SaginChannel> channel = DynamicCast<SaginChannel>(m_device->GetChannel());
    FlowTransport::Message message;
    message.protocol = m_protocol == UDP ? FlowTransport::UDP : FlowTransport::TCP;
    message.bytes = CvlHeader::SIZE;
    message.via = pending.via;
    pending.flowMessage =
        FlowTransport::Get(channel)->SendMessage(SaginNetDevice::Find(pending.server),
                                                 m_device,
                                                 message,
                                                 MakeCallback(&CvlQueryApplication::FlowReplyArrived,
                                                              this),
                                                 MakeCallback(&CvlQueryApplication::FlowLost, this));
}

void
CvlQueryApplication::FlowReplyArrived(uint64_t id)
{
    if (!m_pending || m_pending->flowMessage != id)
    {
        return;
    }
    m_pending->flowMessage = 0;
    Complete(m_pending->reply);
}

void
CvlQueryApplication::CancelFlow()
{
    if (m_pending && m_pending->flowMessage != 0 && m_device)
    {
        Ptr<SaginChannel> channel = DynamicCast<SaginChannel>(m_device->GetChannel());
        FlowTransport::Get(channel)->CancelMessage(m_pending->flowMessage);
        m_pending->flowMessage = 0;
    }
}

void
CvlQueryApplication::HandleDequeue(Ptr<const Packet> packet)
{
    // A frame left the device queue (on the air, or lost to an outage). Sending from inside
    // the device's transmit loop would re-enter it: top the queue up once the loop is done.
    if (!m_pumpScheduled && m_pending && m_pending->sending && m_protocol == UDP)
    {
        m_pumpScheduled = true;
        Simulator::ScheduleNow(&CvlQueryApplication::PumpDatagrams, this);
    }
}

void
CvlQueryApplication::PumpDatagrams()
{
    m_pumpScheduled = false;
    if (!m_pending || !m_pending->sending || !m_udpSocket)
    {
        return;
    }
    Pending& pending = *m_pending;
    Ptr<Queue<Packet>> queue = m_device->GetQueue();
    while (pending.nextChunk < pending.chunks && queue->GetNPackets() < m_udpWindow)
    {
        const uint64_t offset = uint64_t{pending.nextChunk} * m_datagramBytes;
        const uint32_t size = static_cast<uint32_t>(
            std::min<uint64_t>(m_datagramBytes, pending.messageBytes - offset));
        Ptr<Packet> packet = MessagePacket(offset, size);
        CvlChunkHeader chunk;
        chunk.node = pending.record.node;
        chunk.request = pending.record.request;
        chunk.offset = offset;
        chunk.index = pending.nextChunk;
        chunk.count = pending.chunks;
        packet->AddHeader(chunk);
        ++pending.nextChunk;
        if (m_udpSocket->SendTo(packet, 0, pending.destination) < 0)
        {
            NS_LOG_WARN("node " << pending.record.node << " request " << pending.record.request
                                << ": datagram " << chunk.index << " not sent");
        }
        pending.queued = std::min(pending.messageBytes, offset + size);
    }
}

void
CvlQueryApplication::HandleDatagram(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        try
        {
            const CvlHeader reply = CvlHeader::Parse(bytes.data(), bytes.size(), 0);
            if (reply.kind != CvlHeader::REPLY || bytes.size() != CvlHeader::SIZE)
            {
                throw std::invalid_argument("a query takes 88-byte replies, not a " +
                                            std::to_string(bytes.size()) + "-byte " +
                                            CvlHeader::KindName(reply.kind) + " datagram");
            }
            if (m_pending && m_pending->sending && reply.request == m_pending->record.request &&
                reply.node == m_pending->record.node)
            {
                Complete(reply);
            }
        }
        catch (const std::invalid_argument& error)
        {
            NS_LOG_WARN("query on node " << GetNode()->GetId() << ": bad reply: " << error.what());
        }
    }
}

Ptr<Packet>
CvlQueryApplication::MessagePacket(uint64_t offset, uint32_t size) const
{
    const Pending& pending = *m_pending;
    // Bytes [from, from + count) of the payload (zeros in profiled fidelity).
    auto payload = [&pending](uint64_t from, uint32_t count) {
        return pending.payload.empty() ? Create<Packet>(count)
                                       : Create<Packet>(pending.payload.data() + from, count);
    };
    if (offset >= CvlHeader::SIZE)
    {
        // One packet made from the bytes: appending to an empty packet would copy them again.
        return payload(offset - CvlHeader::SIZE, size);
    }
    const uint32_t headerPart =
        static_cast<uint32_t>(std::min<uint64_t>(size, CvlHeader::SIZE - offset));
    Ptr<Packet> packet = Create<Packet>(pending.header.data() + offset, headerPart);
    if (size > headerPart)
    {
        packet->AddAtEnd(payload(0, size - headerPart));
    }
    return packet;
}

void
CvlQueryApplication::Pump(Ptr<Socket> socket, uint32_t available)
{
    if (!m_pending || socket != m_socket || !m_pending->sending)
    {
        return;
    }
    Pending& pending = *m_pending;
    while (pending.queued < pending.messageBytes)
    {
        const uint32_t room = socket->GetTxAvailable();
        if (room == 0)
        {
            return;
        }
        const uint32_t size = static_cast<uint32_t>(
            std::min<uint64_t>({room, pending.messageBytes - pending.queued, uint64_t{1} << 16}));
        Ptr<Packet> packet = MessagePacket(pending.queued, size);
        const int sent = socket->Send(packet);
        if (sent <= 0)
        {
            return;
        }
        pending.queued += sent;
    }
}

void
CvlQueryApplication::HandleConnected(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    m_connected = true;
}

void
CvlQueryApplication::HandleFailed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    if (socket == m_socket)
    {
        m_socket = nullptr;
        m_socketServer = nullptr;
    }
}

void
CvlQueryApplication::HandleClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    if (socket == m_socket)
    {
        m_socket = nullptr;
        m_socketServer = nullptr;
        m_connected = false;
    }
}

void
CvlQueryApplication::DropConnection()
{
    CancelFlow();
    m_flowServer = nullptr;
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                    MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
    }
    m_socket = nullptr;
    m_socketServer = nullptr;
    m_connected = false;
    m_reader.reset();
}

void
CvlQueryApplication::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    while (socket == m_socket && (packet = socket->Recv()))
    {
        try
        {
            m_reader->Feed(packet);
            CvlMessageReader::Message message;
            while (m_reader->Next(message))
            {
                if (message.header.kind != CvlHeader::REPLY)
                {
                    throw std::invalid_argument("a query takes replies, not " +
                                                CvlHeader::KindName(message.header.kind) +
                                                " messages");
                }
                if (m_pending && message.header.request == m_pending->record.request)
                {
                    Complete(message.header);
                }
            }
        }
        catch (const std::invalid_argument& error)
        {
            NS_LOG_WARN("query on node " << GetNode()->GetId() << ": bad reply: " << error.what());
            DropConnection();
            return;
        }
    }
}

void
CvlQueryApplication::Complete(const CvlHeader& reply)
{
    NS_LOG_FUNCTION(this);
    Pending& pending = *m_pending;
    RequestRecord& record = pending.record;
    const Time now = Simulator::Now();
    Ptr<SaginChannel> channel = DynamicCast<SaginChannel>(m_device->GetChannel());
    const double propDownS =
        channel->GetLinkState(SaginNetDevice::Find(pending.server), m_device).delay.GetSeconds();
    const Time up = reply.arrival - pending.sent;
    const Time down = now - reply.done;
    record.tPropS = pending.propUpS + propDownS;
    record.tTxS = (up + down).GetSeconds() - record.tPropS;
    record.tQueueS = (reply.start - reply.arrival).GetSeconds();
    record.tComputeServerS = (reply.done - reply.start).GetSeconds();
    record.latencyS = (now - pending.start).GetSeconds();
    record.energyTxJ = GetTxEnergyJ() - pending.txEnergyAtSend;
    Ptr<CvlServerApplication> server = FindServer(pending.server);
    record.energyServerJ = (server ? server->GetBusyPowerW() : 0.0) * record.tComputeServerS;
    record.matched = reply.matched;
    record.score = reply.score;
    if (reply.location != CvlHeader::NO_LOCATION)
    {
        record.matchedLocation = reply.location;
        const auto truth = m_context->GetLocationGeographic(record.trueLocation);
        record.locationErrorM = m_context->GetGroundDistanceM(reply.latitudeDeg,
                                                              reply.longitudeDeg,
                                                              truth.first,
                                                              truth.second);
    }
    record.status = "ok";
    NS_LOG_INFO("node " << record.node << " request " << record.request << " done in "
                        << record.latencyS << " s, matched " << record.matched);
    Simulator::Cancel(m_timeoutEvent);
    Emit(record, pending.observation, record.latencyS);
}

void
CvlQueryApplication::Timeout()
{
    NS_LOG_FUNCTION(this);
    if (!m_pending)
    {
        return;
    }
    RequestRecord& record = m_pending->record;
    if (m_pending->sending)
    {
        record.energyTxJ = GetTxEnergyJ() - m_pending->txEnergyAtSend;
    }
    record.energyServerJ = 0;
    record.status = "timeout";
    NS_LOG_INFO("node " << record.node << " request " << record.request << " timed out");
    DropConnection();
    Emit(record, m_pending->observation, m_timeout.GetSeconds());
}

void
CvlQueryApplication::Fail(const std::string& status)
{
    RequestRecord& record = m_pending->record;
    record.status = status;
    CancelFlow();
    Simulator::Cancel(m_sendEvent);
    Simulator::Cancel(m_timeoutEvent);
    m_requestTrace(record);
    m_pending.reset();
}

void
CvlQueryApplication::Emit(RequestRecord& record,
                          const SplitObservation& observation,
                          double latencyForReward)
{
    double energy = record.energyComputeJ;
    energy += std::isnan(record.energyTxJ) ? 0.0 : record.energyTxJ;
    energy += std::isnan(record.energyServerJ) ? 0.0 : record.energyServerJ;
    record.reward = m_controller->GetReward(latencyForReward, energy, record.split);
    SplitTransition transition;
    transition.observation = observation;
    transition.split = record.split;
    transition.latencyS = latencyForReward;
    transition.energyJ = energy;
    transition.privacy = record.privacy;
    transition.reward = record.reward;
    m_lastSplit = record.split; // the next observation's last split is this one
    transition.next = Observe();
    std::unique_ptr<Pending> done = std::move(m_pending);
    m_controller->Learn(transition);
    m_requestTrace(record);
    if (m_due && m_running)
    {
        m_due = false;
        StartRequest();
    }
}

} // namespace sagin
} // namespace ns3
