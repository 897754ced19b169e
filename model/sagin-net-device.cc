// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-net-device.h"

#include "sagin-channel.h"
#include "sagin-mac-header.h"

#include "ns3/double.h"
#include "ns3/drop-tail-queue.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/pointer.h"
#include "ns3/queue.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <map>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginNetDevice");

NS_OBJECT_ENSURE_REGISTERED(SaginNetDevice);

namespace
{
/// Largest payload a frame may carry, bytes (the Ethernet jumbo-frame size).
constexpr uint16_t MAX_MTU = 9000;
} // namespace

TypeId
SaginNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::SaginNetDevice")
            .SetParent<NetDevice>()
            .SetGroupName("Sagin")
            .AddConstructor<SaginNetDevice>()
            .AddAttribute("Mtu",
                          "Largest payload of a frame, in bytes.",
                          UintegerValue(1500),
                          MakeUintegerAccessor(&SaginNetDevice::SetMtu, &SaginNetDevice::GetMtu),
                          MakeUintegerChecker<uint16_t>(68, MAX_MTU))
            .AddAttribute("Address",
                          "The device's MAC address.",
                          Mac48AddressValue(Mac48Address("ff:ff:ff:ff:ff:ff")),
                          MakeMac48AddressAccessor(&SaginNetDevice::m_address),
                          MakeMac48AddressChecker())
            .AddAttribute("TxPowerDbm",
                          "Transmit power, in dBm.",
                          DoubleValue(23.0),
                          MakeDoubleAccessor(&SaginNetDevice::m_txPowerDbm),
                          MakeDoubleChecker<double>(-50.0, 100.0))
            .AddAttribute("TxGainDbi",
                          "Transmit antenna gain, in dBi.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&SaginNetDevice::m_txGainDbi),
                          MakeDoubleChecker<double>(-50.0, 80.0))
            .AddAttribute("RxGainDbi",
                          "Receive antenna gain, in dBi.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&SaginNetDevice::m_rxGainDbi),
                          MakeDoubleChecker<double>(-50.0, 80.0))
            .AddAttribute("NoiseFigureDb",
                          "Receiver noise figure, in dB.",
                          DoubleValue(7.0),
                          MakeDoubleAccessor(&SaginNetDevice::m_noiseFigureDb),
                          MakeDoubleChecker<double>(0.0, 50.0))
            .AddAttribute("BandwidthHz",
                          "Receiver bandwidth, in Hz: the band that the senders to this device "
                          "share.",
                          DoubleValue(20e6),
                          MakeDoubleAccessor(&SaginNetDevice::m_bandwidthHz),
                          MakeDoubleChecker<double>(1.0, 1e12))
            .AddAttribute("TxQueue",
                          "The transmit queue.",
                          PointerValue(),
                          MakePointerAccessor(&SaginNetDevice::m_queue),
                          MakePointerChecker<Queue<Packet>>())
            .AddTraceSource("MacTx",
                            "A packet from the upper layers, accepted for transmission.",
                            MakeTraceSourceAccessor(&SaginNetDevice::m_macTxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacTxDrop",
                            "A packet dropped before transmission (full queue, no channel).",
                            MakeTraceSourceAccessor(&SaginNetDevice::m_macTxDropTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacRx",
                            "A packet received and passed to the upper layers.",
                            MakeTraceSourceAccessor(&SaginNetDevice::m_macRxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyTxBegin",
                            "A frame starts on the air: the frame and its rate in bit/s.",
                            MakeTraceSourceAccessor(&SaginNetDevice::m_phyTxBeginTrace),
                            "ns3::sagin::SaginNetDevice::PhyTxBeginTracedCallback")
            .AddTraceSource("PhyTxEnd",
                            "A frame's airtime ends.",
                            MakeTraceSourceAccessor(&SaginNetDevice::m_phyTxEndTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyRxEnd",
                            "A frame has arrived (before address filtering).",
                            MakeTraceSourceAccessor(&SaginNetDevice::m_phyRxEndTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyRxBegin",
                            "The first bit of a frame arrives: the frame and its airtime (the "
                            "frame's PhyRxEnd follows after the airtime).",
                            MakeTraceSourceAccessor(&SaginNetDevice::m_phyRxBeginTrace),
                            "ns3::sagin::SaginNetDevice::PhyRxBeginTracedCallback")
            .AddTraceSource("FlowActivity",
                            "Flow-level transport: the device starts or stops sending "
                            "(transmit true) or receiving (false) flows.",
                            MakeTraceSourceAccessor(&SaginNetDevice::m_flowActivityTrace),
                            "ns3::sagin::SaginNetDevice::FlowActivityTracedCallback");
    return tid;
}

namespace
{
/// The attribute defaults as the class registers them, before any Config::SetDefault.
const std::map<std::string, std::string>&
RegisteredDefaults()
{
    static const std::map<std::string, std::string> defaults = [] {
        std::map<std::string, std::string> values;
        const TypeId tid = SaginNetDevice::GetTypeId();
        for (uint32_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            const TypeId::AttributeInformation info = tid.GetAttribute(i);
            values[info.name] = info.initialValue->SerializeToString(info.checker);
        }
        return values;
    }();
    return defaults;
}

/// Taken when the class is registered (static initialisation), before a program can change them.
const bool g_registeredDefaultsTaken = !RegisteredDefaults().empty();
} // namespace

bool
SaginNetDevice::IsAttributeDefaultChanged(const std::string& name)
{
    (void)g_registeredDefaultsTaken;
    TypeId::AttributeInformation info;
    if (!GetTypeId().LookupAttributeByName(name, &info))
    {
        throw std::invalid_argument("SaginNetDevice has no attribute '" + name + "'");
    }
    const auto registered = RegisteredDefaults().find(name);
    return registered != RegisteredDefaults().end() &&
           info.initialValue->SerializeToString(info.checker) != registered->second;
}

SaginNetDevice::SaginNetDevice()
    : m_ifIndex(0),
      m_mtu(1500),
      m_transmitting(false),
      m_powered(true),
      m_txPowerDbm(23.0),
      m_txGainDbi(0.0),
      m_rxGainDbi(0.0),
      m_noiseFigureDb(7.0),
      m_bandwidthHz(20e6)
{
    NS_LOG_FUNCTION(this);
    m_queue = CreateObject<DropTailQueue<Packet>>();
}

SaginNetDevice::~SaginNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
SaginNetDevice::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_channel = nullptr;
    m_node = nullptr;
    m_queue = nullptr;
    m_rxCallback =
        MakeNullCallback<bool, Ptr<NetDevice>, Ptr<const Packet>, uint16_t, const Address&>();
    m_promiscCallback = MakeNullCallback<bool,
                                         Ptr<NetDevice>,
                                         Ptr<const Packet>,
                                         uint16_t,
                                         const Address&,
                                         const Address&,
                                         PacketType>();
    NetDevice::DoDispose();
}

Ptr<SaginNetDevice>
SaginNetDevice::Find(Ptr<Node> node)
{
    for (uint32_t i = 0; i < node->GetNDevices(); ++i)
    {
        Ptr<SaginNetDevice> device = DynamicCast<SaginNetDevice>(node->GetDevice(i));
        if (device)
        {
            return device;
        }
    }
    return nullptr;
}

void
SaginNetDevice::Attach(Ptr<SaginChannel> channel)
{
    NS_LOG_FUNCTION(this << channel);
    if (m_channel)
    {
        throw std::invalid_argument("SaginNetDevice of node " +
                                    std::to_string(m_node ? m_node->GetId() : 0) +
                                    " is already attached to a channel");
    }
    m_channel = channel;
    m_channel->Add(this);
    m_linkChangeCallbacks();
}

Ptr<Queue<Packet>>
SaginNetDevice::GetQueue() const
{
    return m_queue;
}

void
SaginNetDevice::SetQueue(Ptr<Queue<Packet>> queue)
{
    m_queue = queue;
}

double
SaginNetDevice::GetTxPowerDbm() const
{
    return m_txPowerDbm;
}

double
SaginNetDevice::GetTxGainDbi() const
{
    return m_txGainDbi;
}

double
SaginNetDevice::GetRxGainDbi() const
{
    return m_rxGainDbi;
}

double
SaginNetDevice::GetNoiseFigureDb() const
{
    return m_noiseFigureDb;
}

double
SaginNetDevice::GetBandwidthHz() const
{
    return m_bandwidthHz;
}

Ptr<MobilityModel>
SaginNetDevice::GetMobility() const
{
    // An aggregate, once there, stays: the first one found is the node's for good.
    if (!m_mobility)
    {
        m_mobility = m_node ? m_node->GetObject<MobilityModel>() : nullptr;
        if (!m_mobility)
        {
            throw std::invalid_argument("node " + std::to_string(m_node ? m_node->GetId() : 0) +
                                        " has a SaginNetDevice but no mobility model");
        }
    }
    return m_mobility;
}

NodeRole::Role
SaginNetDevice::GetRole() const
{
    if (!m_role)
    {
        m_role = m_node ? m_node->GetObject<NodeRole>() : nullptr;
        if (!m_role)
        {
            throw std::invalid_argument("node " + std::to_string(m_node ? m_node->GetId() : 0) +
                                        " has no SAGIN role (install it with a role helper)");
        }
    }
    return m_role->GetRole();
}

bool
SaginNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    return SendFrom(packet, m_address, dest, protocolNumber);
}

bool
SaginNetDevice::SendFrom(Ptr<Packet> packet,
                         const Address& source,
                         const Address& dest,
                         uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << source << dest << protocolNumber);
    if (!m_channel || !m_powered || packet->GetSize() > m_mtu)
    {
        m_macTxDropTrace(packet);
        return false;
    }
    SaginMacHeader header;
    header.SetSource(Mac48Address::ConvertFrom(source));
    header.SetDestination(Mac48Address::ConvertFrom(dest));
    header.SetProtocol(protocolNumber);
    packet->AddHeader(header);
    m_macTxTrace(packet);
    if (!m_queue->Enqueue(packet))
    {
        m_macTxDropTrace(packet);
        return false;
    }
    StartNext();
    return true;
}

void
SaginNetDevice::StartNext()
{
    NS_LOG_FUNCTION(this);
    while (!m_transmitting && m_powered)
    {
        Ptr<Packet> packet = m_queue->Dequeue();
        if (!packet)
        {
            return;
        }
        SaginMacHeader header;
        packet->PeekHeader(header);
        Time airtime;
        if (m_channel->Transmit(this, packet, header.GetDestination(), airtime))
        {
            m_transmitting = true;
            m_phyTxBeginTrace(packet, packet->GetSize() * 8.0 / airtime.GetSeconds());
            Simulator::Schedule(airtime, &SaginNetDevice::TransmitComplete, this);
            m_phyTxEndPending = packet;
        }
        // A frame lost to an outage has been traced by the channel; go on with the next one.
    }
}

void
SaginNetDevice::TransmitComplete()
{
    NS_LOG_FUNCTION(this);
    m_transmitting = false;
    m_phyTxEndTrace(m_phyTxEndPending);
    m_phyTxEndPending = nullptr;
    StartNext();
}

void
SaginNetDevice::Receive(Ptr<Packet> packet)
{
    NS_LOG_FUNCTION(this << packet);
    if (!m_powered)
    {
        NS_LOG_LOGIC("radio without power: frame not received");
        return;
    }
    m_phyRxEndTrace(packet);
    SaginMacHeader header;
    if (packet->RemoveHeader(header) != SaginMacHeader::SIZE)
    {
        NS_LOG_WARN("frame shorter than its header dropped");
        return;
    }
    const Mac48Address destination = header.GetDestination();
    PacketType type = PACKET_OTHERHOST;
    if (destination == m_address)
    {
        type = PACKET_HOST;
    }
    else if (destination.IsBroadcast())
    {
        type = PACKET_BROADCAST;
    }
    else if (destination.IsGroup())
    {
        type = PACKET_MULTICAST;
    }
    if (!m_promiscCallback.IsNull())
    {
        m_promiscCallback(this,
                          packet,
                          header.GetProtocol(),
                          header.GetSource(),
                          destination,
                          type);
    }
    if (type != PACKET_OTHERHOST)
    {
        m_macRxTrace(packet);
        if (!m_rxCallback.IsNull())
        {
            m_rxCallback(this, packet, header.GetProtocol(), header.GetSource());
        }
    }
}

void
SaginNetDevice::BeginReceive(Ptr<const Packet> packet, Time airtime)
{
    NS_LOG_FUNCTION(this << packet << airtime);
    if (m_powered)
    {
        m_phyRxBeginTrace(packet, airtime);
    }
}

void
SaginNetDevice::SetPowered(bool powered)
{
    NS_LOG_FUNCTION(this << powered);
    if (powered == m_powered)
    {
        return;
    }
    m_powered = powered;
    if (m_powered && m_channel)
    {
        StartNext();
    }
}

bool
SaginNetDevice::IsPowered() const
{
    return m_powered;
}

void
SaginNetDevice::NotifyFlowActivity(bool transmit, bool active)
{
    m_flowActivityTrace(transmit, active);
}

void
SaginNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
SaginNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
SaginNetDevice::GetChannel() const
{
    return m_channel;
}

void
SaginNetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
SaginNetDevice::GetAddress() const
{
    return m_address;
}

bool
SaginNetDevice::SetMtu(const uint16_t mtu)
{
    if (mtu < 68 || mtu > MAX_MTU)
    {
        return false;
    }
    m_mtu = mtu;
    return true;
}

uint16_t
SaginNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
SaginNetDevice::IsLinkUp() const
{
    return m_channel != nullptr;
}

void
SaginNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
    m_linkChangeCallbacks.ConnectWithoutContext(callback);
}

bool
SaginNetDevice::IsBroadcast() const
{
    return true;
}

Address
SaginNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
SaginNetDevice::IsMulticast() const
{
    return true;
}

Address
SaginNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
SaginNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
SaginNetDevice::IsBridge() const
{
    return false;
}

bool
SaginNetDevice::IsPointToPoint() const
{
    return false;
}

Ptr<Node>
SaginNetDevice::GetNode() const
{
    return m_node;
}

void
SaginNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
    m_mobility = nullptr;
    m_role = nullptr;
}

bool
SaginNetDevice::NeedsArp() const
{
    return true;
}

void
SaginNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rxCallback = cb;
}

void
SaginNetDevice::SetPromiscReceiveCallback(PromiscReceiveCallback cb)
{
    m_promiscCallback = cb;
}

bool
SaginNetDevice::SupportsSendFrom() const
{
    return true;
}

} // namespace sagin
} // namespace ns3
