// SPDX-License-Identifier: GPL-2.0-only

#include "cvl-server-application.h"

#include "compute-energy-model.h"

#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <limits>
#include <sstream>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginCvlServerApplication");

NS_OBJECT_ENSURE_REGISTERED(CvlServerApplication);

TypeId
CvlServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::CvlServerApplication")
            .SetParent<Application>()
            .SetGroupName("Sagin")
            .AddConstructor<CvlServerApplication>()
            .AddAttribute("Port",
                          "TCP port the server listens on for requests and gallery entries.",
                          UintegerValue(9700),
                          MakeUintegerAccessor(&CvlServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("MatchThreshold",
                          "Least cosine similarity between a query's fused embedding and a "
                          "gallery entry for a match, in [-1, 1].",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&CvlServerApplication::m_matchThreshold),
                          MakeDoubleChecker<double>(-1.0, 1.0))
            .AddAttribute("MaxPayloadBytes",
                          "Largest message payload accepted, in bytes.",
                          UintegerValue(1ULL << 31),
                          MakeUintegerAccessor(&CvlServerApplication::m_maxPayloadBytes),
                          MakeUintegerChecker<uint64_t>(1))
            .AddAttribute("Profile",
                          "Compute profile of the edge server when the node has no "
                          "ComputeEnergyModel (default: the built-in edge-server).",
                          PointerValue(),
                          MakePointerAccessor(&CvlServerApplication::m_profile),
                          MakePointerChecker<DeviceProfile>())
            .AddTraceSource("Served",
                            "A request was served: node, request, queue wait, service time.",
                            MakeTraceSourceAccessor(&CvlServerApplication::m_servedTrace),
                            "ns3::sagin::CvlServerApplication::ServedTracedCallback")
            .AddTraceSource("GalleryEntry",
                            "A satellite's gallery entry arrived: location, satellite.",
                            MakeTraceSourceAccessor(&CvlServerApplication::m_galleryTrace),
                            "ns3::sagin::CvlServerApplication::GalleryTracedCallback")
            .AddTraceSource("BadMessage",
                            "A message could not be read; its connection was closed.",
                            MakeTraceSourceAccessor(&CvlServerApplication::m_badMessageTrace),
                            "ns3::sagin::CvlServerApplication::BadMessageTracedCallback");
    return tid;
}

CvlServerApplication::CvlServerApplication()
    : m_port(9700),
      m_matchThreshold(0.5),
      m_maxPayloadBytes(1ULL << 31),
      m_busy(false)
{
    NS_LOG_FUNCTION(this);
}

CvlServerApplication::~CvlServerApplication()
{
    NS_LOG_FUNCTION(this);
}

void
CvlServerApplication::DoDispose()
{
    m_context = nullptr;
    m_profile = nullptr;
    m_listener = nullptr;
    m_readers.clear();
    m_peers.clear();
    m_queue.clear();
    Simulator::Cancel(m_finishEvent);
    Application::DoDispose();
}

void
CvlServerApplication::SetContext(Ptr<CvlContext> context)
{
    m_context = context;
}

uint16_t
CvlServerApplication::GetPort() const
{
    return m_port;
}

uint32_t
CvlServerApplication::GetQueueLength() const
{
    return m_queue.size();
}

Time
CvlServerApplication::GetBacklog() const
{
    Time backlog;
    for (size_t i = 0; i < m_queue.size(); ++i)
    {
        if (i == 0 && m_busy)
        {
            backlog += m_busyUntil - Simulator::Now();
        }
        else
        {
            backlog += ServiceTime(m_queue[i].header);
        }
    }
    return backlog;
}

uint32_t
CvlServerApplication::GetGallerySize() const
{
    return m_gallery.size();
}

bool
CvlServerApplication::HasGalleryEntry(uint32_t location) const
{
    return m_gallery.count(location) != 0;
}

double
CvlServerApplication::GetBusyPowerW() const
{
    Ptr<ComputeEnergyModel> model = GetNode()->GetObject<ComputeEnergyModel>();
    return model ? model->GetProfile()->GetBusyPowerW() : m_profile->GetBusyPowerW();
}

void
CvlServerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (!m_context)
    {
        throw std::invalid_argument("CvlServerApplication on node " +
                                    std::to_string(GetNode()->GetId()) + ": no CvlContext");
    }
    m_context->Prepare();
    if (!m_profile)
    {
        m_profile = DeviceProfile::GetBuiltin("edge-server");
    }
    m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    if (m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) != 0)
    {
        throw std::runtime_error("CvlServerApplication on node " +
                                 std::to_string(GetNode()->GetId()) + ": cannot bind port " +
                                 std::to_string(m_port));
    }
    m_listener->Listen();
    m_listener->SetAcceptCallback(
        MakeCallback(&CvlServerApplication::HandleConnectionRequest, this),
        MakeCallback(&CvlServerApplication::HandleAccept, this));
}

void
CvlServerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_listener)
    {
        m_listener->Close();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeNullCallback<void, Ptr<Socket>, const Address&>());
    }
    for (auto& reader : m_readers)
    {
        reader.first->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        reader.first->Close();
    }
    m_readers.clear();
    Simulator::Cancel(m_finishEvent);
    m_queue.clear();
    m_busy = false;
}

bool
CvlServerApplication::HandleConnectionRequest(Ptr<Socket> socket, const Address& from)
{
    return true;
}

void
CvlServerApplication::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    const bool keep = m_context->GetFidelity() == CvlContext::FULL;
    m_readers[socket] = std::make_unique<CvlMessageReader>(m_maxPayloadBytes, keep);
    m_peers[socket] = from;
    socket->SetRecvCallback(MakeCallback(&CvlServerApplication::HandleRead, this));
    socket->SetCloseCallbacks(MakeCallback(&CvlServerApplication::HandleClose, this),
                              MakeCallback(&CvlServerApplication::HandleClose, this));
}

void
CvlServerApplication::HandleClose(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    m_readers.erase(socket);
    m_peers.erase(socket);
}

void
CvlServerApplication::Reject(Ptr<Socket> socket, const std::string& reason)
{
    std::ostringstream text;
    text << "server on node " << GetNode()->GetId();
    auto peer = m_peers.find(socket);
    if (peer != m_peers.end() && InetSocketAddress::IsMatchingType(peer->second))
    {
        text << ", message from " << InetSocketAddress::ConvertFrom(peer->second).GetIpv4();
    }
    text << ": " << reason;
    NS_LOG_WARN(text.str());
    m_badMessageTrace(text.str());
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->Close();
    m_readers.erase(socket);
    m_peers.erase(socket);
}

void
CvlServerApplication::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        auto reader = m_readers.find(socket);
        if (reader == m_readers.end())
        {
            return;
        }
        try
        {
            reader->second->Feed(packet);
            CvlMessageReader::Message message;
            while (reader->second->Next(message))
            {
                if (message.header.kind == CvlHeader::REQUEST)
                {
                    Enqueue(socket, std::move(message));
                }
                else if (message.header.kind == CvlHeader::GALLERY)
                {
                    AddGalleryEntry(socket, message);
                }
                else
                {
                    throw std::invalid_argument("a server does not take " +
                                                CvlHeader::KindName(message.header.kind) +
                                                " messages");
                }
            }
        }
        catch (const std::invalid_argument& error)
        {
            Reject(socket, error.what());
            return;
        }
    }
}

void
CvlServerApplication::AddGalleryEntry(Ptr<Socket> socket, const CvlMessageReader::Message& message)
{
    const CvlHeader& header = message.header;
    if (header.location >= m_context->GetNLocations())
    {
        throw std::invalid_argument("gallery entry for location " +
                                    std::to_string(header.location) + " of " +
                                    std::to_string(m_context->GetNLocations()));
    }
    if (header.payloadBytes != m_context->GetReferencePayloadBytes())
    {
        throw std::invalid_argument("gallery entry of " + std::to_string(header.payloadBytes) +
                                    " bytes where the model's features take " +
                                    std::to_string(m_context->GetReferencePayloadBytes()));
    }
    Entry entry;
    entry.latitudeDeg = header.latitudeDeg;
    entry.longitudeDeg = header.longitudeDeg;
    if (m_context->GetFidelity() == CvlContext::FULL)
    {
        entry.embedding =
            m_context->DecodeReference(message.payload.data(), message.payload.size());
    }
    m_gallery[header.location] = std::move(entry);
    NS_LOG_INFO("node " << GetNode()->GetId() << " gallery entry " << header.location
                        << " from satellite " << header.node);
    m_galleryTrace(header.location, header.node);
}

void
CvlServerApplication::Enqueue(Ptr<Socket> socket, CvlMessageReader::Message message)
{
    const CvlHeader& header = message.header;
    if (header.split >= m_context->GetNSplitPoints())
    {
        throw std::invalid_argument("request " + std::to_string(header.request) + " of node " +
                                    std::to_string(header.node) + " announces split point " +
                                    std::to_string(header.split) + " of a model with " +
                                    std::to_string(m_context->GetNSplitPoints()));
    }
    const FeatureCodec::Format format = m_context->GetFormat();
    if (!format.compress &&
        header.payloadBytes != m_context->GetRequestPayloadBytes(header.split, header.nImages))
    {
        throw std::invalid_argument(
            "request " + std::to_string(header.request) + " of node " +
            std::to_string(header.node) + " carries " + std::to_string(header.payloadBytes) +
            " bytes where split " + std::to_string(header.split) + " with " +
            std::to_string(header.nImages) + " images takes " +
            std::to_string(m_context->GetRequestPayloadBytes(header.split, header.nImages)));
    }
    Job job;
    job.socket = socket;
    job.header = header;
    job.payload = std::move(message.payload);
    job.arrival = Simulator::Now();
    m_queue.push_back(std::move(job));
    NS_LOG_INFO("node " << GetNode()->GetId() << " queued request " << header.request << " of node "
                        << header.node << ", " << m_queue.size() << " in queue");
    if (!m_busy)
    {
        StartNext();
    }
}

Time
CvlServerApplication::ServiceTime(const CvlHeader& header) const
{
    const double macs = m_context->GetServerMacs(header.split, header.nImages, m_gallery.size());
    Ptr<ComputeEnergyModel> model = GetNode()->GetObject<ComputeEnergyModel>();
    Ptr<DeviceProfile> profile = model ? model->GetProfile() : m_profile;
    return profile->GetComputeTime(macs);
}

void
CvlServerApplication::StartNext()
{
    if (m_queue.empty())
    {
        m_busy = false;
        return;
    }
    Job& job = m_queue.front();
    const double macs =
        m_context->GetServerMacs(job.header.split, job.header.nImages, m_gallery.size());
    Ptr<ComputeEnergyModel> model = GetNode()->GetObject<ComputeEnergyModel>();
    job.service = model ? model->Compute(macs) : m_profile->GetComputeTime(macs);
    m_busy = true;
    m_busyUntil = Simulator::Now() + job.service;

    // The reply, worked out now; it leaves when the service ends.
    CvlHeader& reply = job.header;
    reply.kind = CvlHeader::REPLY;
    reply.payloadBytes = 0;
    reply.arrival = job.arrival;
    reply.start = Simulator::Now();
    reply.done = m_busyUntil;
    reply.matched = false;
    reply.location = CvlHeader::NO_LOCATION;
    reply.score = std::numeric_limits<double>::quiet_NaN();
    if (m_context->GetFidelity() == CvlContext::FULL)
    {
        std::vector<float> query;
        try
        {
            query = m_context->DecodeAndFuse(job.payload.data(),
                                             job.payload.size(),
                                             job.header.split,
                                             job.header.nImages);
        }
        catch (const std::invalid_argument& error)
        {
            Ptr<Socket> socket = job.socket;
            m_queue.pop_front();
            m_busy = false;
            Reject(socket, error.what());
            StartNext();
            return;
        }
        double best = -std::numeric_limits<double>::infinity();
        for (const auto& entry : m_gallery)
        {
            double score = 0;
            for (size_t k = 0; k < query.size(); ++k)
            {
                score += double(query[k]) * entry.second.embedding[k];
            }
            if (score > best)
            {
                best = score;
                reply.location = entry.first;
                reply.latitudeDeg = entry.second.latitudeDeg;
                reply.longitudeDeg = entry.second.longitudeDeg;
            }
        }
        if (!m_gallery.empty())
        {
            reply.score = best;
            reply.matched = best >= m_matchThreshold;
        }
        job.payload.clear();
        job.payload.shrink_to_fit();
    }
    m_finishEvent = Simulator::Schedule(job.service, &CvlServerApplication::Finish, this);
}

void
CvlServerApplication::Finish()
{
    Job job = std::move(m_queue.front());
    m_queue.pop_front();
    m_busy = false;
    m_servedTrace(job.header.node, job.header.request, job.header.start - job.arrival, job.service);
    if (m_readers.count(job.socket))
    {
        Ptr<Packet> packet = Create<Packet>();
        packet->AddHeader(job.header);
        job.socket->Send(packet);
    }
    StartNext();
}

} // namespace sagin
} // namespace ns3
