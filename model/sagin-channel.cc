// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-channel.h"

#include "elevation-propagation-loss-model.h"
#include "link-budget.h"
#include "sagin-net-device.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/three-gpp-propagation-loss-model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginChannel");

NS_OBJECT_ENSURE_REGISTERED(SaginChannel);

namespace
{

/// A MAC address as a number, for hashing.
uint64_t
AddressKey(Mac48Address address)
{
    uint8_t bytes[6];
    address.CopyTo(bytes);
    uint64_t key = 0;
    for (uint8_t b : bytes)
    {
        key = key << 8 | b;
    }
    return key;
}

} // namespace

TypeId
SaginChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::SaginChannel")
            .SetParent<Channel>()
            .SetGroupName("Sagin")
            .AddConstructor<SaginChannel>()
            .AddAttribute("GroundLoss",
                          "Propagation loss model of ground links (vehicle or base station with "
                          "vehicle or base station).",
                          PointerValue(),
                          MakePointerAccessor(&SaginChannel::m_groundLoss),
                          MakePointerChecker<PropagationLossModel>())
            .AddAttribute("AirToGroundLoss",
                          "Propagation loss model of air-to-ground links (a UAV with a UAV, "
                          "vehicle or base station).",
                          PointerValue(),
                          MakePointerAccessor(&SaginChannel::m_airToGroundLoss),
                          MakePointerChecker<PropagationLossModel>())
            .AddAttribute("SpaceToGroundLoss",
                          "Propagation loss model of space-to-ground and space-to-air links.",
                          PointerValue(),
                          MakePointerAccessor(&SaginChannel::m_spaceToGroundLoss),
                          MakePointerChecker<PropagationLossModel>())
            .AddAttribute("InterSatelliteLoss",
                          "Propagation loss model of inter-satellite links.",
                          PointerValue(),
                          MakePointerAccessor(&SaginChannel::m_interSatelliteLoss),
                          MakePointerChecker<PropagationLossModel>())
            .AddAttribute("MinSnr",
                          "SNR below which a link is in outage, in dB.",
                          DoubleValue(-5.0),
                          MakeDoubleAccessor(&SaginChannel::m_minSnrDb),
                          MakeDoubleChecker<double>(-50.0, 100.0))
            .AddAttribute("BandwidthSharing",
                          "How a receiver's band is divided among the senders transmitting to "
                          "it at once.",
                          EnumValue(SaginChannel::EQUAL_SHARE),
                          MakeEnumAccessor(&SaginChannel::m_sharing),
                          MakeEnumChecker(SaginChannel::EQUAL_SHARE,
                                          "equal",
                                          SaginChannel::NO_SHARING,
                                          "none"))
            .AddAttribute("IslGrazingAltitude",
                          "Height above the Earth's surface that an inter-satellite line of "
                          "sight must clear (atmosphere), in m.",
                          DoubleValue(80e3),
                          MakeDoubleAccessor(&SaginChannel::m_grazingAltitudeM),
                          MakeDoubleChecker<double>(0.0, 1e7))
            .AddTraceSource("Transmission",
                            "A frame starts on a link: the frame, sender, receiver, link state "
                            "and airtime.",
                            MakeTraceSourceAccessor(&SaginChannel::m_transmissionTrace),
                            "ns3::sagin::SaginChannel::TransmissionTracedCallback")
            .AddTraceSource("Outage",
                            "A frame is lost because its link is in outage: the frame, sender, "
                            "intended receiver (null for a broadcast), reason and SNR in dB.",
                            MakeTraceSourceAccessor(&SaginChannel::m_outageTrace),
                            "ns3::sagin::SaginChannel::OutageTracedCallback");
    return tid;
}

SaginChannel::SaginChannel()
    : m_minSnrDb(-5.0),
      m_sharing(EQUAL_SHARE),
      m_grazingAltitudeM(80e3)
{
    NS_LOG_FUNCTION(this);
    // Free space until a scenario chooses; the channel helper installs the classes' models.
    for (auto linkClass : {GROUND, AIR_TO_GROUND, SPACE_TO_GROUND, INTER_SATELLITE})
    {
        LossOf(linkClass) = CreateObject<FriisPropagationLossModel>();
    }
}

SaginChannel::~SaginChannel()
{
    NS_LOG_FUNCTION(this);
}

void
SaginChannel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_devices.clear();
    m_active.clear();
    m_flowSenders.clear();
    m_indexByAddress.clear();
    m_indexByDevice.clear();
    for (auto linkClass : {GROUND, AIR_TO_GROUND, SPACE_TO_GROUND, INTER_SATELLITE})
    {
        LossOf(linkClass) = nullptr;
    }
    Channel::DoDispose();
}

SaginChannel::LinkClass
SaginChannel::Classify(NodeRole::Role a, NodeRole::Role b)
{
    if (a == NodeRole::SATELLITE && b == NodeRole::SATELLITE)
    {
        return INTER_SATELLITE;
    }
    if (a == NodeRole::SATELLITE || b == NodeRole::SATELLITE)
    {
        return SPACE_TO_GROUND;
    }
    if (a == NodeRole::UAV || b == NodeRole::UAV)
    {
        return AIR_TO_GROUND;
    }
    return GROUND;
}

std::string
SaginChannel::LinkClassName(LinkClass linkClass)
{
    switch (linkClass)
    {
    case GROUND:
        return "ground";
    case AIR_TO_GROUND:
        return "a2g";
    case SPACE_TO_GROUND:
        return "s2g";
    case INTER_SATELLITE:
        return "isl";
    }
    return "unknown";
}

Ptr<PropagationLossModel>
SaginChannel::GetPropagationLossModel(LinkClass linkClass) const
{
    return LossOf(linkClass);
}

void
SaginChannel::SetPropagationLossModel(LinkClass linkClass, Ptr<PropagationLossModel> model)
{
    NS_LOG_FUNCTION(this << linkClass << model);
    if (!model)
    {
        throw std::invalid_argument("SaginChannel: the " + LinkClassName(linkClass) +
                                    " link class needs a propagation loss model, got none");
    }
    ShareFrame(model);
    LossOf(linkClass) = model;
}

Ptr<PropagationLossModel>&
SaginChannel::LossOf(LinkClass linkClass)
{
    switch (linkClass)
    {
    case GROUND:
        return m_groundLoss;
    case AIR_TO_GROUND:
        return m_airToGroundLoss;
    case SPACE_TO_GROUND:
        return m_spaceToGroundLoss;
    case INTER_SATELLITE:
        break;
    }
    return m_interSatelliteLoss;
}

const Ptr<PropagationLossModel>&
SaginChannel::LossOf(LinkClass linkClass) const
{
    return const_cast<SaginChannel*>(this)->LossOf(linkClass);
}

const GeoFrame&
SaginChannel::GetFrame() const
{
    return m_frame;
}

void
SaginChannel::SetFrame(const GeoFrame& frame)
{
    m_frame = frame;
    for (auto linkClass : {GROUND, AIR_TO_GROUND, SPACE_TO_GROUND, INTER_SATELLITE})
    {
        ShareFrame(LossOf(linkClass));
    }
}

void
SaginChannel::ShareFrame(Ptr<PropagationLossModel> model) const
{
    for (Ptr<PropagationLossModel> m = model; m; m = m->GetNext())
    {
        if (auto elevationModel = DynamicCast<ElevationPropagationLossModel>(m))
        {
            elevationModel->SetFrame(m_frame);
        }
    }
}

void
SaginChannel::Add(Ptr<SaginNetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    m_indexByDevice.emplace(PeekPointer(device), m_devices.size());
    m_devices.push_back(device);
    m_active.emplace_back();
    m_flowSenders.emplace_back();
}

std::size_t
SaginChannel::GetNDevices() const
{
    return m_devices.size();
}

Ptr<NetDevice>
SaginChannel::GetDevice(std::size_t i) const
{
    return m_devices.at(i);
}

Ptr<SaginNetDevice>
SaginChannel::FindDevice(Mac48Address address) const
{
    auto found = m_indexByAddress.find(AddressKey(address));
    if (found != m_indexByAddress.end() &&
        Mac48Address::ConvertFrom(m_devices[found->second]->GetAddress()) == address)
    {
        return m_devices[found->second];
    }
    // Not known, or a device changed its address: index the addresses again (the first device
    // with an address wins, as a search in attachment order would find it).
    m_indexByAddress.clear();
    for (std::size_t i = 0; i < m_devices.size(); ++i)
    {
        m_indexByAddress.emplace(AddressKey(Mac48Address::ConvertFrom(m_devices[i]->GetAddress())),
                                 i);
    }
    found = m_indexByAddress.find(AddressKey(address));
    return found == m_indexByAddress.end() ? nullptr : m_devices[found->second];
}

std::size_t
SaginChannel::IndexOf(Ptr<const SaginNetDevice> receiver) const
{
    const auto found = m_indexByDevice.find(PeekPointer(receiver));
    if (found != m_indexByDevice.end())
    {
        return found->second;
    }
    throw std::invalid_argument("SaginChannel: device of node " +
                                std::to_string(receiver->GetNode()->GetId()) +
                                " is not attached to this channel");
}

uint32_t
SaginChannel::GetActiveSenders(Ptr<const SaginNetDevice> receiver) const
{
    auto& frames = m_active[IndexOf(receiver)];
    Time now = Simulator::Now();
    frames.erase(std::remove_if(frames.begin(),
                                frames.end(),
                                [now](const ActiveFrame& f) { return f.end <= now; }),
                 frames.end());
    return static_cast<uint32_t>(frames.size() + m_flowSenders[IndexOf(receiver)].size());
}

void
SaginChannel::AddFlowSender(Ptr<const SaginNetDevice> receiver, Ptr<const SaginNetDevice> sender)
{
    ++m_flowSenders[IndexOf(receiver)][PeekPointer(sender)];
}

void
SaginChannel::RemoveFlowSender(Ptr<const SaginNetDevice> receiver,
                               Ptr<const SaginNetDevice> sender)
{
    auto& senders = m_flowSenders[IndexOf(receiver)];
    auto found = senders.find(PeekPointer(sender));
    if (found != senders.end() && --found->second == 0)
    {
        senders.erase(found);
    }
}

void
SaginChannel::NotifyFlowOutage(Ptr<const SaginNetDevice> sender,
                               Ptr<const SaginNetDevice> receiver,
                               const std::string& reason,
                               double snrDb)
{
    m_outageTrace(nullptr, sender, receiver, reason, snrDb);
}

SaginChannel::LinkState
SaginChannel::GetSharedLinkState(Ptr<const SaginNetDevice> sender,
                                 Ptr<const SaginNetDevice> receiver) const
{
    return GetLinkState(sender, receiver, CountSharing(sender, receiver));
}

uint32_t
SaginChannel::CountSharing(Ptr<const SaginNetDevice> sender,
                           Ptr<const SaginNetDevice> receiver) const
{
    if (m_sharing == NO_SHARING)
    {
        return 1;
    }
    GetActiveSenders(receiver); // drops the frames that have ended
    const std::size_t index = IndexOf(receiver);
    uint32_t others = 0;
    for (const auto& frame : m_active[index])
    {
        others += frame.sender != sender ? 1 : 0;
    }
    const auto& flows = m_flowSenders[index];
    others += static_cast<uint32_t>(flows.size() - flows.count(PeekPointer(sender)));
    return 1 + others;
}

bool
SaginChannel::EarthBlocks(const Vector& a, const Vector& b) const
{
    // The Earth as the sphere through the origin's ellipsoid point, centred at the Earth's
    // centre, grown by the grazing altitude; the segment is blocked when its closest point to
    // the centre is inside.
    const Vector centre = m_frame.EcefToLocal(Vector(0, 0, 0));
    const double radius = centre.GetLength() - m_frame.GetAltitudeM() + m_grazingAltitudeM;
    const Vector ab = b - a;
    const double length2 = ab.x * ab.x + ab.y * ab.y + ab.z * ab.z;
    double t = 0.0;
    if (length2 > 0.0)
    {
        const Vector ac = centre - a;
        t = std::clamp((ac.x * ab.x + ac.y * ab.y + ac.z * ab.z) / length2, 0.0, 1.0);
    }
    const Vector closest(a.x + t * ab.x, a.y + t * ab.y, a.z + t * ab.z);
    return (closest - centre).GetLength() < radius;
}

SaginChannel::LinkState
SaginChannel::GetLinkState(Ptr<const SaginNetDevice> sender,
                           Ptr<const SaginNetDevice> receiver,
                           uint32_t concurrentSenders) const
{
    const NodeRole::Role senderRole = sender->GetRole();
    const NodeRole::Role receiverRole = receiver->GetRole();
    Ptr<MobilityModel> senderMobility = sender->GetMobility();
    Ptr<MobilityModel> receiverMobility = receiver->GetMobility();
    const Vector a = senderMobility->GetPosition();
    const Vector b = receiverMobility->GetPosition();

    LinkState state;
    state.linkClass = Classify(senderRole, receiverRole);
    state.distanceM = CalculateDistance(a, b);
    state.delay = Seconds(state.distanceM / SPEED_OF_LIGHT_M_PER_S);
    // The elevation of the higher node seen from the lower one; a satellite is always the
    // higher one of a space-to-ground pair.
    bool senderIsLower = a.z <= b.z;
    if (state.linkClass == SPACE_TO_GROUND)
    {
        senderIsLower = receiverRole == NodeRole::SATELLITE;
    }
    state.elevationDeg =
        senderIsLower ? m_frame.GetElevationDeg(a, b) : m_frame.GetElevationDeg(b, a);
    state.bandwidthHz = receiver->GetBandwidthHz() / std::max<uint32_t>(1, concurrentSenders);

    constexpr double MINUS_INFINITY = -std::numeric_limits<double>::infinity();
    if (state.linkClass == INTER_SATELLITE && EarthBlocks(a, b))
    {
        state.rxPowerDbm = MINUS_INFINITY;
        state.snrDb = MINUS_INFINITY;
        state.reason = "earth-blocked";
        return state;
    }
    // Path loss is reciprocal; the models get the lower node first, as ns-3's 3GPP models
    // expect the user terminal there.
    Ptr<MobilityModel> lower = senderIsLower ? senderMobility : receiverMobility;
    Ptr<MobilityModel> higher = senderIsLower ? receiverMobility : senderMobility;
    state.rxPowerDbm =
        LossOf(state.linkClass)
            ->CalcRxPower(sender->GetTxPowerDbm() + sender->GetTxGainDbi(), lower, higher) +
        receiver->GetRxGainDbi();
    if (std::isnan(state.rxPowerDbm) || state.rxPowerDbm == -MINUS_INFINITY)
    {
        // Coincident nodes: the far-field formulas have no value there.
        state.rxPowerDbm = MINUS_INFINITY;
        state.snrDb = MINUS_INFINITY;
        state.reason = "coincident-nodes";
        return state;
    }
    if (!(state.rxPowerDbm > MINUS_INFINITY))
    {
        state.rxPowerDbm = MINUS_INFINITY;
        state.snrDb = MINUS_INFINITY;
        state.reason = "not-visible";
        return state;
    }
    state.snrDb =
        state.rxPowerDbm - ThermalNoisePowerDbm(state.bandwidthHz, receiver->GetNoiseFigureDb());
    if (state.snrDb < m_minSnrDb)
    {
        state.reason = "snr-below-minimum";
        return state;
    }
    state.rateBps = ShannonRateBps(state.bandwidthHz, DbToRatio(state.snrDb));
    state.outage = false;
    return state;
}

bool
SaginChannel::Transmit(Ptr<SaginNetDevice> sender,
                       Ptr<const Packet> packet,
                       Mac48Address destination,
                       Time& airtime)
{
    NS_LOG_FUNCTION(this << sender << packet << destination);
    std::vector<std::pair<Ptr<SaginNetDevice>, LinkState>> receivers;
    if (destination.IsBroadcast() || destination.IsGroup())
    {
        for (const auto& device : m_devices)
        {
            if (device == sender)
            {
                continue;
            }
            LinkState state = GetSharedLinkState(sender, device);
            if (!state.outage)
            {
                receivers.emplace_back(device, state);
            }
        }
        if (receivers.empty())
        {
            NS_LOG_LOGIC("broadcast from node " << sender->GetNode()->GetId()
                                                << " reaches no device");
            m_outageTrace(packet,
                          sender,
                          nullptr,
                          "no-receiver-in-range",
                          -std::numeric_limits<double>::infinity());
            return false;
        }
    }
    else
    {
        Ptr<SaginNetDevice> receiver = FindDevice(destination);
        if (!receiver)
        {
            NS_LOG_LOGIC("no device has address " << destination);
            m_outageTrace(packet,
                          sender,
                          nullptr,
                          "unknown-destination",
                          -std::numeric_limits<double>::infinity());
            return false;
        }
        LinkState state = GetSharedLinkState(sender, receiver);
        if (state.outage)
        {
            NS_LOG_LOGIC("link " << sender->GetNode()->GetId() << "->"
                                 << receiver->GetNode()->GetId() << " in outage: " << state.reason);
            m_outageTrace(packet, sender, receiver, state.reason, state.snrDb);
            return false;
        }
        receivers.emplace_back(receiver, state);
    }

    double rateBps = std::numeric_limits<double>::infinity();
    for (const auto& [receiver, state] : receivers)
    {
        rateBps = std::min(rateBps, state.rateBps);
    }
    // At least one time step, so that a frame always occupies the air.
    airtime = std::max(Seconds(packet->GetSize() * 8.0 / rateBps), TimeStep(1));
    const Time end = Simulator::Now() + airtime;
    for (const auto& [receiver, state] : receivers)
    {
        m_active[IndexOf(receiver)].push_back(ActiveFrame{sender, end});
        m_transmissionTrace(packet, sender, receiver, state, airtime);
        Simulator::ScheduleWithContext(receiver->GetNode()->GetId(),
                                       state.delay,
                                       &SaginNetDevice::BeginReceive,
                                       receiver,
                                       packet,
                                       airtime);
        Simulator::ScheduleWithContext(receiver->GetNode()->GetId(),
                                       airtime + state.delay,
                                       &SaginNetDevice::Receive,
                                       receiver,
                                       packet->Copy());
    }
    return true;
}

int64_t
SaginChannel::AssignStreams(int64_t stream)
{
    int64_t used = 0;
    for (auto linkClass : {GROUND, AIR_TO_GROUND, SPACE_TO_GROUND, INTER_SATELLITE})
    {
        used += LossOf(linkClass)->AssignStreams(stream + used);
        // A 3GPP model leaves its channel condition model's streams to its user.
        auto threeGpp = DynamicCast<ThreeGppPropagationLossModel>(LossOf(linkClass));
        if (threeGpp && threeGpp->GetChannelConditionModel())
        {
            used += threeGpp->GetChannelConditionModel()->AssignStreams(stream + used);
        }
    }
    return used;
}

} // namespace sagin
} // namespace ns3
