// SPDX-License-Identifier: GPL-2.0-only

#include "cvl-server-application.h"

#include "compute-energy-model.h"
#include "cvl-chunk-header.h"

#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/udp-socket-factory.h"
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
                          "Port the server listens on for requests and gallery entries (TCP) and "
                          "for requests in datagrams (UDP, always open too).",
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
            .AddAttribute("ReassemblyTimeout",
                          "Longest wait for the next datagram of a UDP request; an incomplete "
                          "message is then dropped.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&CvlServerApplication::m_reassemblyTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
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
                            "A message could not be read; its connection was closed (TCP) or "
                            "its datagrams dropped (UDP).",
                            MakeTraceSourceAccessor(&CvlServerApplication::m_badMessageTrace),
                            "ns3::sagin::CvlServerApplication::BadMessageTracedCallback");
    return tid;
}

CvlServerApplication::CvlServerApplication()
    : m_port(9700),
      m_matchThreshold(0.5),
      m_maxPayloadBytes(1ULL << 31),
      m_reassemblyTimeout(Seconds(10)),
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
    m_udpSocket = nullptr;
    for (auto& entry : m_reassemblies)
    {
        Simulator::Cancel(entry.second.expiry);
    }
    m_reassemblies.clear();
    m_readers.clear();
    m_peers.clear();
    m_readBytes.clear();
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
CvlServerApplication::GetReassemblyCount() const
{
    uint32_t count = 0;
    for (const auto& entry : m_reassemblies)
    {
        count += entry.second.rejected ? 0 : 1;
    }
    return count;
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
    if (m_context->GetTransport() == CvlContext::FLOW)
    {
        return; // messages come whole through ReceiveMessage()
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
    m_udpSocket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    if (m_udpSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) != 0)
    {
        throw std::runtime_error("CvlServerApplication on node " +
                                 std::to_string(GetNode()->GetId()) + ": cannot bind UDP port " +
                                 std::to_string(m_port));
    }
    m_udpSocket->SetRecvCallback(MakeCallback(&CvlServerApplication::HandleDatagram, this));
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
    if (m_udpSocket)
    {
        m_udpSocket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_udpSocket->Close();
        m_udpSocket = nullptr;
    }
    for (auto& entry : m_reassemblies)
    {
        Simulator::Cancel(entry.second.expiry);
    }
    m_reassemblies.clear();
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
    // Reads of one segment: ns-3's TCP receive buffer joins the segments of a larger read by
    // copying what it has joined so far again for each segment it adds.
    UintegerValue segmentBytes(std::numeric_limits<uint32_t>::max());
    socket->GetAttributeFailSafe("SegmentSize", segmentBytes);
    m_readBytes[socket] = static_cast<uint32_t>(segmentBytes.Get());
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
    m_readBytes.erase(socket);
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
    m_readBytes.erase(socket);
    m_readBytes.erase(socket);
}

void
CvlServerApplication::HandleRead(Ptr<Socket> socket)
{
    auto readBytes = m_readBytes.find(socket);
    const uint32_t most =
        readBytes == m_readBytes.end() ? std::numeric_limits<uint32_t>::max() : readBytes->second;
    Ptr<Packet> packet;
    // An empty packet is the end of the peer's stream.
    while ((packet = socket->Recv(most, 0)) && packet->GetSize() > 0)
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
                Dispatch(socket, Address(), std::move(message));
            }
        }
        catch (const std::invalid_argument& error)
        {
            Reject(socket, error.what());
            return;
        }
    }
}

bool
CvlServerApplication::ReceiveMessage(Ptr<const Packet> packet,
                                     const std::string& from,
                                     ReplyCallback reply)
{
    const bool keep = m_context && m_context->GetFidelity() == CvlContext::FULL;
    try
    {
        if (!m_context)
        {
            throw std::invalid_argument("the server has not started");
        }
        CvlMessageReader reader(m_maxPayloadBytes, keep);
        reader.Feed(packet);
        CvlMessageReader::Message message;
        if (!reader.Next(message))
        {
            throw std::invalid_argument("message of " + std::to_string(packet->GetSize()) +
                                        " bytes is incomplete");
        }
        if (reader.GetPartialBytes() != 0)
        {
            throw std::invalid_argument("bytes beyond the message's " +
                                        std::to_string(CvlHeader::SIZE +
                                                       message.header.payloadBytes));
        }
        if (message.header.kind == CvlHeader::REQUEST)
        {
            Enqueue(nullptr, Address(), std::move(message), reply);
        }
        else
        {
            Dispatch(nullptr, Address(), std::move(message));
        }
        return true;
    }
    catch (const std::invalid_argument& error)
    {
        const std::string text = "server on node " + std::to_string(GetNode()->GetId()) +
                                 ", message from " + from + ": " + error.what();
        NS_LOG_WARN(text);
        m_badMessageTrace(text);
        return false;
    }
}

void
CvlServerApplication::Dispatch(Ptr<Socket> socket,
                               const Address& peer,
                               CvlMessageReader::Message message)
{
    if (message.header.kind == CvlHeader::REQUEST)
    {
        Enqueue(socket, peer, std::move(message));
    }
    else if (message.header.kind == CvlHeader::GALLERY)
    {
        AddGalleryEntry(socket, message);
    }
    else
    {
        throw std::invalid_argument("a server does not take " +
                                    CvlHeader::KindName(message.header.kind) + " messages");
    }
}

void
CvlServerApplication::RejectDatagrams(const Address& from, const std::string& reason)
{
    std::ostringstream text;
    text << "server on node " << GetNode()->GetId();
    if (InetSocketAddress::IsMatchingType(from))
    {
        text << ", datagrams from " << InetSocketAddress::ConvertFrom(from).GetIpv4();
    }
    text << ": " << reason;
    NS_LOG_WARN(text.str());
    m_badMessageTrace(text.str());
}

void
CvlServerApplication::HandleDatagram(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> packet;
    while ((packet = socket->RecvFrom(from)))
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        Reassemble(from, bytes.data(), bytes.size());
    }
}

void
CvlServerApplication::Reassemble(const Address& from, const uint8_t* data, size_t size)
{
    CvlChunkHeader chunk;
    try
    {
        chunk = CvlChunkHeader::Parse(data, size);
    }
    catch (const std::invalid_argument& error)
    {
        RejectDatagrams(from, error.what());
        return;
    }
    const StreamKey key(from, chunk.node, chunk.request);
    Reassembly& stream = m_reassemblies[key];
    Simulator::Cancel(stream.expiry);
    stream.expiry =
        Simulator::Schedule(m_reassemblyTimeout, &CvlServerApplication::Expire, this, key);
    if (stream.rejected)
    {
        return;
    }
    const std::string name = "request " + std::to_string(chunk.request) + " of node " +
                             std::to_string(chunk.node) + ": ";
    if (stream.count != 0 && chunk.count != stream.count)
    {
        stream.rejected = true;
        stream.parts.clear();
        RejectDatagrams(from,
                        name + "bad chunk header: chunk " + std::to_string(chunk.index) + " of " +
                            std::to_string(chunk.count) + " where the message has " +
                            std::to_string(stream.count) + " chunks");
        return;
    }
    stream.count = chunk.count;
    if (stream.parts.count(chunk.index))
    {
        return; // a duplicate
    }
    const bool keep = m_context->GetFidelity() == CvlContext::FULL;
    Chunk& part = stream.parts[chunk.index];
    part.offset = chunk.offset;
    part.size = static_cast<uint32_t>(size - CvlChunkHeader::SIZE);
    if (keep || chunk.offset < CvlHeader::SIZE)
    {
        part.bytes.assign(data + CvlChunkHeader::SIZE, data + size);
    }
    if (stream.parts.size() < stream.count)
    {
        return;
    }

    // All chunks are there: read the message as a stream socket would deliver it.
    Simulator::Cancel(stream.expiry);
    std::map<uint32_t, Chunk> parts = std::move(stream.parts);
    stream.parts.clear();
    stream.rejected = true; // late duplicates are dropped until the entry expires
    stream.expiry =
        Simulator::Schedule(m_reassemblyTimeout, &CvlServerApplication::Expire, this, key);
    try
    {
        CvlMessageReader reader(m_maxPayloadBytes, keep);
        uint64_t expected = 0;
        for (const auto& [index, p] : parts)
        {
            if (p.offset != expected)
            {
                throw std::invalid_argument("bad chunk header: chunk " + std::to_string(index) +
                                            " at offset " + std::to_string(p.offset) +
                                            " where the chunks before it end at " +
                                            std::to_string(expected));
            }
            expected += p.size;
            Ptr<Packet> packet = Create<Packet>(p.bytes.data(), p.bytes.size());
            if (p.bytes.size() < p.size)
            {
                packet->AddAtEnd(Create<Packet>(p.size - p.bytes.size()));
            }
            reader.Feed(packet);
        }
        CvlMessageReader::Message message;
        if (!reader.Next(message))
        {
            throw std::invalid_argument("message of " + std::to_string(expected) +
                                        " bytes is incomplete");
        }
        CvlMessageReader::Message extra;
        if (reader.Next(extra) || reader.GetPartialBytes() != 0)
        {
            throw std::invalid_argument(
                "datagrams carry bytes beyond the message's " +
                std::to_string(CvlHeader::SIZE + message.header.payloadBytes));
        }
        if (message.header.kind != CvlHeader::REQUEST)
        {
            throw std::invalid_argument("a server takes requests in datagrams, not " +
                                        CvlHeader::KindName(message.header.kind) + " messages");
        }
        if (message.header.node != chunk.node || message.header.request != chunk.request)
        {
            throw std::invalid_argument(
                "message of request " + std::to_string(message.header.request) + " of node " +
                std::to_string(message.header.node) + " in the datagrams of another");
        }
        Enqueue(nullptr, from, std::move(message));
    }
    catch (const std::invalid_argument& error)
    {
        RejectDatagrams(from, name + error.what());
    }
}

void
CvlServerApplication::Expire(StreamKey key)
{
    auto stream = m_reassemblies.find(key);
    if (stream == m_reassemblies.end())
    {
        return;
    }
    if (!stream->second.rejected)
    {
        NS_LOG_INFO("node " << GetNode()->GetId() << " dropped request " << std::get<2>(key)
                            << " of node " << std::get<1>(key) << ": "
                            << stream->second.parts.size() << " of " << stream->second.count
                            << " datagrams after " << m_reassemblyTimeout.As(Time::S));
    }
    m_reassemblies.erase(stream);
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
CvlServerApplication::Enqueue(Ptr<Socket> socket,
                              const Address& peer,
                              CvlMessageReader::Message message,
                              ReplyCallback reply)
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
    job.reply = reply;
    job.peer = peer;
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
            const Address peer = job.peer;
            const std::string name = "request " + std::to_string(job.header.request) + " of node " +
                                     std::to_string(job.header.node) + ": ";
            const bool flow = !job.reply.IsNull();
            m_queue.pop_front();
            m_busy = false;
            if (flow)
            {
                NS_LOG_WARN("server on node " << GetNode()->GetId() << ": " << name
                                              << error.what());
                m_badMessageTrace("server on node " + std::to_string(GetNode()->GetId()) + ": " +
                                  name + error.what());
            }
            else if (socket)
            {
                Reject(socket, error.what());
            }
            else
            {
                RejectDatagrams(peer, name + error.what());
            }
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
    if (!job.reply.IsNull())
    {
        job.reply(job.header);
        StartNext();
        return;
    }
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(job.header);
    if (!job.socket)
    {
        if (m_udpSocket)
        {
            m_udpSocket->SendTo(packet, 0, job.peer);
        }
    }
    else if (m_readers.count(job.socket))
    {
        job.socket->Send(packet);
    }
    StartNext();
}

} // namespace sagin
} // namespace ns3
