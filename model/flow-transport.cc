// SPDX-License-Identifier: GPL-2.0-only

#include "flow-transport.h"

#include "cvl-chunk-header.h"
#include "sagin-mac-header.h"
#include "sagin-net-device.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_set>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginFlowTransport");

NS_OBJECT_ENSURE_REGISTERED(FlowTransport);

namespace
{

constexpr uint32_t IPV4_HEADER_BYTES = 20;
constexpr uint32_t UDP_HEADER_BYTES = 8;
constexpr uint32_t TCP_HEADER_BYTES = 20;

/// The initial value of an attribute of a registered type (Config::SetDefault changes it).
template <typename V>
V
DefaultOf(const std::string& type, const std::string& name, V fallback)
{
    TypeId tid;
    TypeId::AttributeInformation info;
    if (!TypeId::LookupByNameFailSafe(type, &tid) || !tid.LookupAttributeByName(name, &info))
    {
        return fallback;
    }
    V value;
    value.DeserializeFromString(info.initialValue->SerializeToString(info.checker), info.checker);
    return value;
}

/// Bytes rounded up to a multiple of 4 (TCP option padding).
uint32_t
Pad4(uint32_t bytes)
{
    return (bytes + 3) / 4 * 4;
}

/// A time span of @p seconds, rounded up to the time resolution and at least one step.
Time
CeilSeconds(double seconds)
{
    const double steps = std::ceil(seconds / Time(TimeStep(1)).GetSeconds());
    if (!(steps < 9e18))
    {
        return Time::Max();
    }
    return TimeStep(std::max<int64_t>(1, static_cast<int64_t>(steps)));
}

/// Remove one occurrence of @p id from @p ids.
void
Erase(std::vector<uint64_t>& ids, uint64_t id)
{
    auto found = std::find(ids.begin(), ids.end(), id);
    if (found != ids.end())
    {
        *found = ids.back();
        ids.pop_back();
    }
}

} // namespace

TypeId
FlowTransport::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::FlowTransport")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<FlowTransport>()
            .AddAttribute("GeometryStep",
                          "Longest time between two evaluations of a flow's link while nothing "
                          "else changes it (the geometry moves).",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&FlowTransport::m_geometryStep),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("MinGeometryStep",
                          "Shortest geometry step: the step halves down to it while the "
                          "received power moves by more than SnrThreshold between two steps.",
                          TimeValue(MilliSeconds(5)),
                          MakeTimeAccessor(&FlowTransport::m_minGeometryStep),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("SnrThreshold",
                          "SNR move between two geometry steps, in dB, above which the next "
                          "step comes sooner.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&FlowTransport::m_snrThresholdDb),
                          MakeDoubleChecker<double>(1e-6, 100.0))
            .AddTraceSource("FlowStart",
                            "A flow starts: its id, sender, receiver and wire bytes.",
                            MakeTraceSourceAccessor(&FlowTransport::m_flowStartTrace),
                            "ns3::sagin::FlowTransport::FlowTracedCallback")
            .AddTraceSource("FlowEnd",
                            "A flow's last bit leaves its sender: its id, sender, receiver and "
                            "wire bytes.",
                            MakeTraceSourceAccessor(&FlowTransport::m_flowEndTrace),
                            "ns3::sagin::FlowTransport::FlowTracedCallback")
            .AddTraceSource("RateChange",
                            "A flow's rate changes: its id and new rate in bit/s (0: paused).",
                            MakeTraceSourceAccessor(&FlowTransport::m_rateTrace),
                            "ns3::sagin::FlowTransport::RateTracedCallback");
    return tid;
}

FlowTransport::FlowTransport()
    : m_geometryStep(MilliSeconds(100)),
      m_minGeometryStep(MilliSeconds(5)),
      m_snrThresholdDb(1.0),
      m_nextId(0),
      m_started(0),
      m_rateChanges(0)
{
    NS_LOG_FUNCTION(this);
}

FlowTransport::~FlowTransport()
{
    NS_LOG_FUNCTION(this);
}

void
FlowTransport::DoDispose()
{
    for (auto& [sender, stepper] : m_steppers)
    {
        Simulator::Remove(stepper.event);
    }
    for (auto& [sender, due] : m_dues)
    {
        Simulator::Remove(due.event);
    }
    for (auto& [id, transfer] : m_transfers)
    {
        Simulator::Remove(transfer.relayStart);
    }
    m_flows.clear();
    m_steppers.clear();
    m_dues.clear();
    m_transfers.clear();
    m_bySender.clear();
    m_byReceiver.clear();
    m_radio.clear();
    m_channel = nullptr;
    Object::DoDispose();
}

Ptr<FlowTransport>
FlowTransport::Get(Ptr<SaginChannel> channel)
{
    if (!channel)
    {
        throw std::invalid_argument("FlowTransport: no channel (null pointer)");
    }
    Ptr<FlowTransport> transport = channel->GetObject<FlowTransport>();
    if (!transport)
    {
        transport = CreateObject<FlowTransport>();
        transport->SetChannel(channel);
        channel->AggregateObject(transport);
    }
    return transport;
}

void
FlowTransport::SetChannel(Ptr<SaginChannel> channel)
{
    m_channel = channel;
}

const FlowTransport::TcpDefaults&
FlowTransport::GetTcpDefaults() const
{
    if (!m_tcpDefaults)
    {
        TcpDefaults d;
        d.segmentSize =
            DefaultOf<UintegerValue>("ns3::TcpSocket", "SegmentSize", UintegerValue(536)).Get();
        d.timestamps =
            DefaultOf<BooleanValue>("ns3::TcpSocketBase", "Timestamp", BooleanValue(true)).Get();
        d.windowScaling =
            DefaultOf<BooleanValue>("ns3::TcpSocketBase", "WindowScaling", BooleanValue(true))
                .Get();
        d.sack = DefaultOf<BooleanValue>("ns3::TcpSocketBase", "Sack", BooleanValue(true)).Get();
        m_tcpDefaults = d;
    }
    return *m_tcpDefaults;
}

uint32_t
FlowTransport::GetTcpSegmentSize() const
{
    return GetTcpDefaults().segmentSize;
}

uint32_t
FlowTransport::GetTcpSegmentOverhead() const
{
    // The timestamp option: 10 bytes, padded to 12.
    return SaginMacHeader::SIZE + IPV4_HEADER_BYTES + TCP_HEADER_BYTES +
           (GetTcpDefaults().timestamps ? 12 : 0);
}

uint32_t
FlowTransport::GetTcpSynBytes() const
{
    const TcpDefaults& d = GetTcpDefaults();
    const uint32_t options = (d.windowScaling ? 3 : 0) + (d.sack ? 2 : 0) + (d.timestamps ? 10 : 0);
    return SaginMacHeader::SIZE + IPV4_HEADER_BYTES + TCP_HEADER_BYTES + Pad4(options);
}

uint64_t
FlowTransport::GetWireBytes(const Message& message) const
{
    if (message.protocol == TCP)
    {
        const uint64_t mss = GetTcpSegmentSize();
        const uint64_t segments = std::max<uint64_t>(1, (message.bytes + mss - 1) / mss);
        return message.bytes + segments * GetTcpSegmentOverhead();
    }
    const uint64_t per = message.datagramBytes == 0 ? std::max<uint64_t>(1, message.bytes)
                                                    : message.datagramBytes;
    const uint64_t datagrams = std::max<uint64_t>(1, (message.bytes + per - 1) / per);
    const uint64_t header = SaginMacHeader::SIZE + IPV4_HEADER_BYTES + UDP_HEADER_BYTES +
                            (message.chunkHeaders ? CvlChunkHeader::SIZE : 0);
    return message.bytes + datagrams * header;
}

std::size_t
FlowTransport::GetActiveFlows() const
{
    return m_flows.size();
}

uint64_t
FlowTransport::GetStartedFlows() const
{
    return m_started;
}

uint64_t
FlowTransport::GetRateChanges() const
{
    return m_rateChanges;
}

double
FlowTransport::GetRateBps(uint64_t id) const
{
    auto found = m_flows.find(id);
    return found == m_flows.end() ? 0.0 : found->second.rateBps;
}

uint64_t
FlowTransport::StartFlow(Ptr<SaginNetDevice> sender,
                         Ptr<SaginNetDevice> receiver,
                         uint64_t bytes,
                         bool reliable,
                         FlowCallback delivered,
                         FlowCallback lost)
{
    NS_LOG_FUNCTION(this << sender << receiver << bytes << reliable);
    if (!m_channel)
    {
        throw std::logic_error("FlowTransport: no channel; use FlowTransport::Get(channel)");
    }
    if (!sender || !receiver || sender == receiver)
    {
        throw std::invalid_argument("FlowTransport: a flow needs two distinct devices");
    }
    if (bytes == 0)
    {
        throw std::invalid_argument("FlowTransport: a flow of 0 bytes from node " +
                                    std::to_string(sender->GetNode()->GetId()));
    }
    const uint64_t id = ++m_nextId;
    Flow& flow = m_flows[id];
    flow.id = id;
    flow.sender = sender;
    flow.receiver = receiver;
    flow.bytes = bytes;
    flow.remainingBits = 8.0 * bytes;
    flow.reliable = reliable;
    flow.lastUpdate = Simulator::Now();
    flow.step = m_geometryStep;
    flow.delivered = delivered;
    flow.lost = lost;
    m_bySender[PeekPointer(sender)].push_back(id);
    m_byReceiver[PeekPointer(receiver)].push_back(id);
    ++m_started;
    m_flowStartTrace(id, sender, receiver, bytes);
    StepBy(PeekPointer(sender), Simulator::Now() + flow.step);
    Update({id}, {});
    return id;
}

void
FlowTransport::Advance(Flow& flow) const
{
    const Time now = Simulator::Now();
    if (flow.rateBps > 0)
    {
        flow.remainingBits =
            std::max(0.0, flow.remainingBits - flow.rateBps * (now - flow.lastUpdate).GetSeconds());
    }
    flow.lastUpdate = now;
}

void
FlowTransport::SetUp(Flow& flow, bool up)
{
    if (flow.up == up)
    {
        return;
    }
    flow.up = up;
    if (up)
    {
        m_channel->AddFlowSender(flow.receiver, flow.sender);
    }
    else
    {
        m_channel->RemoveFlowSender(flow.receiver, flow.sender);
    }
}

void
FlowTransport::NotifyRadio(Ptr<SaginNetDevice> device, bool transmit, int delta)
{
    auto& counts = m_radio[PeekPointer(device)];
    uint32_t& count = transmit ? counts.first : counts.second;
    const bool before = count > 0;
    count = static_cast<uint32_t>(static_cast<int64_t>(count) + delta);
    const bool after = count > 0;
    if (before != after)
    {
        device->NotifyFlowActivity(transmit, after);
    }
}

void
FlowTransport::Update(std::vector<uint64_t> refresh, std::vector<const SaginNetDevice*> senders)
{
    // Refresh the links of the flows in question; a link that comes up or goes down changes its
    // receiver's count of senders, and so the links of the receiver's other flows. The counts
    // only depend on which links are usable, so this settles quickly; the bound guards against
    // a link that flips with the count. Then the senders concerned share their airtime anew.
    std::vector<uint64_t> lostFlows;
    std::unordered_map<uint64_t, uint32_t> visits;
    // In the order they come (not by address), so that runs repeat exactly.
    std::vector<const SaginNetDevice*> share;
    std::unordered_set<const SaginNetDevice*> sharing;
    auto addSender = [&share, &sharing](const SaginNetDevice* sender) {
        if (sharing.insert(sender).second)
        {
            share.push_back(sender);
        }
    };
    for (const SaginNetDevice* sender : senders)
    {
        addSender(sender);
    }
    while (!refresh.empty())
    {
        const uint64_t id = refresh.back();
        refresh.pop_back();
        auto found = m_flows.find(id);
        if (found == m_flows.end() || ++visits[id] > 4)
        {
            continue;
        }
        Refresh(found->second, refresh, lostFlows);
        addSender(PeekPointer(found->second.sender));
    }
    for (const SaginNetDevice* sender : share)
    {
        Share(sender);
    }
    for (uint64_t id : lostFlows)
    {
        Lose(id);
    }
}

void
FlowTransport::Refresh(Flow& flow, std::vector<uint64_t>& work, std::vector<uint64_t>& lostFlows)
{
    const SaginChannel::LinkState state = m_channel->GetSharedLinkState(flow.sender, flow.receiver);
    const bool powered = flow.sender->IsPowered() && flow.receiver->IsPowered();
    const bool up = !state.outage && powered;
    // A flow that starts in an outage enters it as much as one whose link goes down.
    const bool entersOutage = !up && (flow.up || !flow.evaluated);
    flow.evaluated = true;
    if (up != flow.up)
    {
        SetUp(flow, up);
        for (uint64_t other : m_byReceiver[PeekPointer(flow.receiver)])
        {
            if (other != flow.id)
            {
                work.push_back(other);
            }
        }
    }
    if (entersOutage)
    {
        m_channel->NotifyFlowOutage(flow.sender,
                                    flow.receiver,
                                    powered ? state.reason : "unpowered",
                                    state.snrDb);
        if (!flow.reliable)
        {
            lostFlows.push_back(flow.id);
        }
    }
    flow.linkRateBps = up ? state.rateBps : 0.0;
}

void
FlowTransport::Share(const SaginNetDevice* sender)
{
    auto found = m_bySender.find(sender);
    if (found == m_bySender.end())
    {
        return;
    }
    const std::vector<uint64_t>& ids = found->second;
    double inverseSum = 0.0;
    for (uint64_t id : ids)
    {
        const Flow& flow = m_flows.at(id);
        if (flow.up)
        {
            inverseSum += 1.0 / flow.linkRateBps;
        }
    }
    const double share = inverseSum > 0 ? 1.0 / inverseSum : 0.0;
    bool changed = false;
    for (uint64_t id : ids)
    {
        Flow& flow = m_flows.at(id);
        const double rate = flow.up ? share : 0.0;
        if (rate == flow.rateBps)
        {
            continue;
        }
        Advance(flow); // at the old rate up to now
        if ((rate > 0) != (flow.rateBps > 0))
        {
            NotifyRadio(flow.sender, true, rate > 0 ? 1 : -1);
            NotifyRadio(flow.receiver, false, rate > 0 ? 1 : -1);
        }
        ++m_rateChanges;
        flow.rateBps = rate;
        m_rateTrace(id, rate);
        SetDue(flow);
        changed = true;
    }
    if (changed)
    {
        ScheduleDue(sender);
    }
}

void
FlowTransport::Schedule(Flow& flow)
{
    SetDue(flow);
    ScheduleDue(PeekPointer(flow.sender));
}

void
FlowTransport::SetDue(Flow& flow)
{
    flow.due = Time::Max();
    if (flow.rateBps > 0)
    {
        double bits = flow.remainingBits;
        if (flow.nextMark < flow.marks.size())
        {
            bits = std::max(0.0, bits - flow.marks[flow.nextMark]);
        }
        flow.due = Simulator::Now() + CeilSeconds(bits / flow.rateBps);
    }
}

void
FlowTransport::ScheduleDue(const SaginNetDevice* sender)
{
    Time earliest = Time::Max();
    auto flows = m_bySender.find(sender);
    if (flows != m_bySender.end())
    {
        for (uint64_t id : flows->second)
        {
            earliest = std::min(earliest, m_flows.at(id).due);
        }
    }
    auto found = m_dues.find(sender);
    if (earliest == Time::Max())
    {
        if (found != m_dues.end())
        {
            // Removed, not only cancelled: cancelled events would stay in the queue.
            Simulator::Remove(found->second.event);
            m_dues.erase(found);
        }
        return;
    }
    Stepper& due = m_dues[sender];
    if (!(due.event.IsRunning() && due.at == earliest))
    {
        MoveTo(due, earliest, &FlowTransport::SenderDue, sender);
    }
}

void
FlowTransport::MoveTo(Stepper& stepper,
                      Time at,
                      void (FlowTransport::*handler)(const SaginNetDevice*),
                      const SaginNetDevice* sender)
{
    // Removed, not only cancelled: cancelled events would stay in the queue until their time.
    Simulator::Remove(stepper.event);
    stepper.at = at;
    stepper.event = Simulator::Schedule(at - Simulator::Now(), handler, this, sender);
}

void
FlowTransport::SenderDue(const SaginNetDevice* sender)
{
    auto flows = m_bySender.find(sender);
    if (flows == m_bySender.end())
    {
        return;
    }
    // In the order the flows started; each may start, end or change others.
    const Time now = Simulator::Now();
    const std::vector<uint64_t> ids = flows->second;
    for (uint64_t id : ids)
    {
        auto found = m_flows.find(id);
        if (found == m_flows.end() || found->second.due > now)
        {
            continue;
        }
        Flow& flow = found->second;
        flow.due = Time::Max();
        if (flow.nextMark < flow.marks.size())
        {
            MarkPassed(id);
        }
        else
        {
            FlowEnds(id);
        }
    }
    ScheduleDue(sender);
}

void
FlowTransport::MarkPassed(uint64_t id)
{
    auto found = m_flows.find(id);
    if (found == m_flows.end())
    {
        return;
    }
    Flow& flow = found->second;
    Advance(flow);
    // The time was rounded up to the next step: the mark is passed, whatever the rounding of
    // the integration says.
    flow.remainingBits = std::min(flow.remainingBits, flow.marks[flow.nextMark]);
    const uint32_t index = static_cast<uint32_t>(flow.nextMark++);
    if (!flow.mark.IsNull())
    {
        const Time delay = m_channel->GetLinkState(flow.sender, flow.receiver).delay;
        auto mark = flow.mark;
        Simulator::Schedule(delay, [mark, index]() { mark(index); });
    }
    Schedule(flow);
}

void
FlowTransport::StepBy(const SaginNetDevice* sender, Time at)
{
    Stepper& stepper = m_steppers[sender];
    if (!(stepper.event.IsRunning() && stepper.at <= at))
    {
        MoveTo(stepper, at, &FlowTransport::SenderStep, sender);
    }
}

void
FlowTransport::SenderStep(const SaginNetDevice* sender)
{
    auto found = m_bySender.find(sender);
    if (found == m_bySender.end() || found->second.empty())
    {
        m_steppers.erase(sender);
        return;
    }
    // All the sender's flows at once, so that its airtime is shared once per step.
    std::vector<uint64_t> ids = found->second;
    Time next = m_geometryStep;
    for (uint64_t id : ids)
    {
        Flow& flow = m_flows.at(id);
        // The received power does not depend on the band's share: its move is the SNR's
        // move at a fixed share.
        const double powerDbm = m_channel->GetLinkState(flow.sender, flow.receiver).rxPowerDbm;
        if (flow.haveSnr && std::isfinite(powerDbm) && std::isfinite(flow.snrDb))
        {
            const double move = std::abs(powerDbm - flow.snrDb);
            if (move > m_snrThresholdDb)
            {
                flow.step = std::max(m_minGeometryStep, flow.step / 2);
            }
            else if (move < m_snrThresholdDb / 2)
            {
                flow.step = std::min(m_geometryStep, flow.step * 2);
            }
        }
        flow.snrDb = powerDbm;
        flow.haveSnr = true;
        next = std::min(next, flow.step);
    }
    Stepper& stepper = m_steppers[sender];
    stepper.at = Simulator::Now() + next;
    stepper.event = Simulator::Schedule(next, &FlowTransport::SenderStep, this, sender);
    Update(std::move(ids), {sender});
}

void
FlowTransport::Remove(uint64_t id, bool notifyEnd)
{
    auto found = m_flows.find(id);
    if (found == m_flows.end())
    {
        return;
    }
    Flow& flow = found->second;
    Ptr<SaginNetDevice> sender = flow.sender;
    Ptr<SaginNetDevice> receiver = flow.receiver;
    const bool wasUp = flow.up;
    if (flow.rateBps > 0)
    {
        NotifyRadio(sender, true, -1);
        NotifyRadio(receiver, false, -1);
    }
    SetUp(flow, false);
    if (notifyEnd)
    {
        m_flowEndTrace(id, sender, receiver, flow.bytes);
    }
    std::vector<uint64_t>& sent = m_bySender[PeekPointer(sender)];
    Erase(sent, id);
    if (sent.empty())
    {
        auto stepper = m_steppers.find(PeekPointer(sender));
        if (stepper != m_steppers.end())
        {
            Simulator::Remove(stepper->second.event);
            m_steppers.erase(stepper);
        }
    }
    Erase(m_byReceiver[PeekPointer(receiver)], id);
    m_flows.erase(found);
    ScheduleDue(PeekPointer(sender));
    // The sender shares its airtime among fewer flows; a usable link leaving the receiver
    // changes the receiver's count of senders for its other flows.
    Update(wasUp ? m_byReceiver[PeekPointer(receiver)] : std::vector<uint64_t>(),
           {PeekPointer(sender)});
}

void
FlowTransport::FlowEnds(uint64_t id)
{
    auto found = m_flows.find(id);
    if (found == m_flows.end())
    {
        return;
    }
    Flow& flow = found->second;
    const Time delay = m_channel->GetLinkState(flow.sender, flow.receiver).delay;
    auto delivered = flow.delivered;
    NS_LOG_LOGIC("flow " << id << " of " << flow.bytes << " bytes from node "
                         << flow.sender->GetNode()->GetId() << " to node "
                         << flow.receiver->GetNode()->GetId() << " sent");
    Remove(id, true);
    if (!delivered.IsNull())
    {
        Simulator::Schedule(delay, [delivered, id]() { delivered(id); });
    }
}

void
FlowTransport::Lose(uint64_t id)
{
    auto found = m_flows.find(id);
    if (found == m_flows.end())
    {
        return;
    }
    auto lost = found->second.lost;
    NS_LOG_LOGIC("flow " << id << " lost");
    Remove(id, false);
    if (!lost.IsNull())
    {
        Simulator::ScheduleNow([lost, id]() { lost(id); });
    }
}

// Messages ------------------------------------------------------------------------------------

uint64_t
FlowTransport::SendMessage(Ptr<SaginNetDevice> sender,
                           Ptr<SaginNetDevice> receiver,
                           const Message& message,
                           FlowCallback delivered,
                           FlowCallback lost,
                           PartCallback part)
{
    uint64_t total = 0;
    for (uint64_t bytes : message.parts)
    {
        if (bytes == 0)
        {
            throw std::invalid_argument("FlowTransport: a message part of 0 bytes");
        }
        total += bytes;
    }
    if (!message.parts.empty() && total != message.bytes)
    {
        throw std::invalid_argument("FlowTransport: message parts of " + std::to_string(total) +
                                    " bytes in a message of " + std::to_string(message.bytes));
    }
    const uint64_t id = ++m_nextId;
    Transfer& transfer = m_transfers[id];
    transfer.id = id;
    transfer.sender = sender;
    transfer.receiver = receiver;
    transfer.message = message;
    transfer.stage = message.protocol == TCP && message.handshake ? 0 : 2;
    transfer.delivered = delivered;
    transfer.lost = lost;
    transfer.part = part;
    StartStage(id);
    return id;
}

void
FlowTransport::CancelMessage(uint64_t id)
{
    auto found = m_transfers.find(id);
    if (found == m_transfers.end())
    {
        return;
    }
    Simulator::Remove(found->second.relayStart);
    const uint64_t flow = found->second.flow;
    const uint64_t relayFlow = found->second.relayFlow;
    m_transfers.erase(found);
    Remove(flow, false);
    Remove(relayFlow, false);
}


uint64_t
FlowTransport::GetUnitBytes(const Transfer& transfer) const
{
    if (transfer.stage < 2)
    {
        return GetTcpSynBytes();
    }
    const Message& message = transfer.message;
    const uint64_t wire = GetWireBytes(message);
    if (message.protocol == TCP)
    {
        return std::min<uint64_t>(wire, GetTcpSegmentSize() + GetTcpSegmentOverhead());
    }
    if (message.datagramBytes == 0)
    {
        return wire;
    }
    Message one = message;
    one.bytes = std::min<uint64_t>(message.bytes, message.datagramBytes);
    return std::min<uint64_t>(wire, GetWireBytes(one));
}

void
FlowTransport::StartStage(uint64_t id)
{
    Transfer& transfer = m_transfers.at(id);
    const bool back = transfer.stage == 1;
    Ptr<SaginNetDevice> from = back ? transfer.receiver : transfer.sender;
    Ptr<SaginNetDevice> to = back ? transfer.sender : transfer.receiver;
    const uint64_t wire = transfer.stage < 2 ? GetTcpSynBytes() : GetWireBytes(transfer.message);
    const bool reliable = transfer.message.protocol == TCP;
    transfer.firstHopDone = false;
    transfer.bulkStarted = false;
    transfer.secondHopSent = false;
    transfer.relayFlow = 0;
    Ptr<SaginNetDevice> via = transfer.message.via;
    if (!via)
    {
        transfer.flow = StartFlow(
            from,
            to,
            wire,
            reliable,
            MakeCallback(&FlowTransport::StageArrived, this).Bind(id),
            MakeCallback(&FlowTransport::TransferLost, this).Bind(id));
        const std::vector<uint64_t>& parts = transfer.message.parts;
        if (transfer.stage == 2 && parts.size() > 1)
        {
            // A part has arrived when the stream up to its end has: the bytes of that prefix
            // with its own segments' (or datagrams') headers.
            Flow& flow = m_flows.at(transfer.flow);
            Message prefix = transfer.message;
            prefix.bytes = 0;
            for (std::size_t i = 0; i + 1 < parts.size(); ++i)
            {
                prefix.bytes += parts[i];
                flow.marks.push_back(8.0 * (wire - GetWireBytes(prefix)));
            }
            flow.mark = MakeCallback(&FlowTransport::PartArrived, this).Bind(id);
            Schedule(flow);
        }
        return;
    }
    // Relayed: the first hop to the satellite; the second starts when the first segment (or
    // datagram) is there.
    transfer.flow =
        StartFlow(from,
                  via,
                  wire,
                  reliable,
                  MakeCallback(&FlowTransport::RelayHopArrived, this).Bind(id),
                  MakeCallback(&FlowTransport::TransferLost, this).Bind(id));
    const uint64_t segment = GetUnitBytes(transfer);
    const double rate = GetRateBps(transfer.flow);
    if (rate > 0 && segment < wire)
    {
        const Time first =
            CeilSeconds(8.0 * segment / rate) + m_channel->GetLinkState(from, via).delay;
        transfer.relayStart = Simulator::Schedule(first, &FlowTransport::StartRelayHop, this, id);
    }
}

void
FlowTransport::StartRelayHop(uint64_t id)
{
    auto found = m_transfers.find(id);
    if (found == m_transfers.end() || found->second.relayFlow != 0 || found->second.secondHopSent)
    {
        return;
    }
    Transfer& transfer = found->second;
    const bool back = transfer.stage == 1;
    Ptr<SaginNetDevice> to = back ? transfer.sender : transfer.receiver;
    const bool reliable = transfer.message.protocol == TCP;
    const uint64_t wire = transfer.stage < 2 ? GetTcpSynBytes() : GetWireBytes(transfer.message);
    const uint64_t tail = GetUnitBytes(transfer);
    // Until the first hop has arrived, the second sends all but the last segment (the bulk);
    // the rest follows once the first hop is through.
    uint64_t bytes = 0;
    if (!transfer.firstHopDone)
    {
        bytes = wire - tail;
        transfer.bulkStarted = true;
    }
    else
    {
        bytes = transfer.bulkStarted ? tail : wire;
        transfer.secondHopSent = true;
    }
    if (bytes == 0)
    {
        return;
    }
    transfer.relayFlow =
        StartFlow(transfer.message.via,
                  to,
                  bytes,
                  reliable,
                  MakeCallback(&FlowTransport::RelayHopArrived, this).Bind(id),
                  MakeCallback(&FlowTransport::TransferLost, this).Bind(id));
}

void
FlowTransport::RelayHopArrived(uint64_t id, uint64_t flow)
{
    auto found = m_transfers.find(id);
    if (found == m_transfers.end())
    {
        return;
    }
    Transfer& transfer = found->second;
    if (flow == transfer.flow)
    {
        // The first hop is at the satellite: unless the bulk is still on its way, the rest of
        // the second hop goes now.
        transfer.flow = 0;
        transfer.firstHopDone = true;
        Simulator::Remove(transfer.relayStart);
        if (transfer.relayFlow == 0)
        {
            StartRelayHop(id);
        }
        return;
    }
    if (flow != transfer.relayFlow)
    {
        return;
    }
    transfer.relayFlow = 0;
    if (transfer.secondHopSent)
    {
        StageArrived(id, flow);
    }
    else if (transfer.firstHopDone)
    {
        StartRelayHop(id);
    }
    // Otherwise the bulk is through and the last segment waits for the first hop.
}

void
FlowTransport::StageArrived(uint64_t id, uint64_t flow)
{
    auto found = m_transfers.find(id);
    if (found == m_transfers.end())
    {
        return;
    }
    Transfer& transfer = found->second;
    transfer.flow = 0;
    transfer.relayFlow = 0;
    if (transfer.stage < 2)
    {
        ++transfer.stage;
        StartStage(id);
        return;
    }
    FinishTransfer(id, true);
}

void
FlowTransport::TransferLost(uint64_t id, uint64_t flow)
{
    auto found = m_transfers.find(id);
    if (found == m_transfers.end())
    {
        return;
    }
    Simulator::Remove(found->second.relayStart);
    const uint64_t other = found->second.flow == flow ? found->second.relayFlow : found->second.flow;
    Remove(other, false);
    FinishTransfer(id, false);
}

void
FlowTransport::FinishTransfer(uint64_t id, bool delivered)
{
    auto found = m_transfers.find(id);
    if (found == m_transfers.end())
    {
        return;
    }
    if (delivered)
    {
        PartsArrived(id, std::max<uint32_t>(1, found->second.message.parts.size()));
        found = m_transfers.find(id);
        if (found == m_transfers.end())
        {
            return; // cancelled by a part's callback
        }
    }
    FlowCallback callback = delivered ? found->second.delivered : found->second.lost;
    m_transfers.erase(found);
    if (!callback.IsNull())
    {
        callback(id);
    }
}

void
FlowTransport::PartArrived(uint64_t id, uint32_t index)
{
    PartsArrived(id, index + 1);
}

void
FlowTransport::PartsArrived(uint64_t id, uint32_t end)
{
    auto found = m_transfers.find(id);
    while (found != m_transfers.end() && found->second.partsArrived < end)
    {
        const uint32_t index = found->second.partsArrived++;
        PartCallback part = found->second.part;
        if (!part.IsNull())
        {
            part(id, index);
        }
        found = m_transfers.find(id); // the callback may cancel the message
    }
}

} // namespace sagin
} // namespace ns3
