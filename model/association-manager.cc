// SPDX-License-Identifier: GPL-2.0-only

#include "association-manager.h"

#include "sagin-net-device.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginAssociationManager");

NS_OBJECT_ENSURE_REGISTERED(AssociationManager);

namespace
{

/// A device's IPv4 interface and address, when its node has IPv4 with static routing.
struct Ipv4Endpoint
{
    Ptr<Ipv4StaticRouting> routing; //!< the node's static routing, or null
    int32_t interface {
        - 1
    };                   //!< the device's interface index
    Ipv4Address address; //!< the interface's first address
};

Ipv4Endpoint
GetEndpoint(Ptr<SaginNetDevice> device)
{
    Ipv4Endpoint endpoint;
    Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
    if (!ipv4)
    {
        return endpoint;
    }
    endpoint.interface = ipv4->GetInterfaceForDevice(device);
    if (endpoint.interface < 0 || ipv4->GetNAddresses(endpoint.interface) == 0)
    {
        return endpoint;
    }
    endpoint.address = ipv4->GetAddress(endpoint.interface, 0).GetLocal();
    Ipv4StaticRoutingHelper helper;
    endpoint.routing = helper.GetStaticRouting(ipv4);
    return endpoint;
}

/// Remove the route to @p dest / @p mask through @p gateway, if present.
void
RemoveRoute(Ptr<Ipv4StaticRouting> routing, Ipv4Address dest, Ipv4Mask mask, Ipv4Address gateway)
{
    for (uint32_t i = 0; i < routing->GetNRoutes(); ++i)
    {
        Ipv4RoutingTableEntry route = routing->GetRoute(i);
        if (route.GetDest() == dest && route.GetDestNetworkMask() == mask &&
            route.GetGateway() == gateway)
        {
            routing->RemoveRoute(i);
            return;
        }
    }
}

/// @return the node id of a device's node, or -1 for none
int64_t
NodeIdOf(Ptr<SaginNetDevice> device)
{
    return device ? static_cast<int64_t>(device->GetNode()->GetId()) : -1;
}

/// The devices at some indices of a list of devices, in the order of the indices.
std::vector<Ptr<SaginNetDevice>>
DevicesAt(const std::vector<Ptr<SaginNetDevice>>& devices, const std::vector<std::size_t>& indices)
{
    std::vector<Ptr<SaginNetDevice>> found;
    found.reserve(indices.size());
    for (std::size_t i : indices)
    {
        found.push_back(devices[i]);
    }
    return found;
}

} // namespace

TypeId
AssociationManager::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sagin::AssociationManager")
            .SetParent<Object>()
            .SetGroupName("Sagin")
            .AddConstructor<AssociationManager>()
            .AddAttribute("Interval",
                          "Time between two evaluations of the associations.",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&AssociationManager::m_interval),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("Hysteresis",
                          "How much better, in dB, another base station's SNR must be for a "
                          "handover while the serving link is not in outage.",
                          DoubleValue(3.0),
                          MakeDoubleAccessor(&AssociationManager::m_hysteresisDb),
                          MakeDoubleChecker<double>(0.0, 100.0))
            .AddAttribute("Candidates",
                          "How many of the nearest base stations a UAV or vehicle evaluates "
                          "(besides its serving one); 0: all of them.",
                          UintegerValue(8),
                          MakeUintegerAccessor(&AssociationManager::m_candidates),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SatelliteRelay",
                          "Whether a UAV or vehicle with no base station in range may relay "
                          "through a visible satellite (two hops).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&AssociationManager::m_satelliteRelay),
                          MakeBooleanChecker())
            .AddTraceSource("Handover",
                            "A UAV's or vehicle's serving path changes.",
                            MakeTraceSourceAccessor(&AssociationManager::m_handoverTrace),
                            "ns3::sagin::AssociationManager::HandoverTracedCallback");
    return tid;
}

AssociationManager::AssociationManager()
    : m_candidates(8),
      m_interval(MilliSeconds(100)),
      m_hysteresisDb(3.0),
      m_satelliteRelay(false)
{
    NS_LOG_FUNCTION(this);
}

AssociationManager::~AssociationManager()
{
    NS_LOG_FUNCTION(this);
}

void
AssociationManager::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_event.Cancel();
    m_paths.clear();
    m_baseStations.clear();
    m_satellites.clear();
    m_channel = nullptr;
    Object::DoDispose();
}

void
AssociationManager::Start(Ptr<SaginChannel> channel)
{
    NS_LOG_FUNCTION(this << channel);
    m_channel = channel;
    m_event.Cancel();
    Evaluate();
    m_event = Simulator::Schedule(m_interval, &AssociationManager::Periodic, this);
}

void
AssociationManager::Stop()
{
    NS_LOG_FUNCTION(this);
    m_event.Cancel();
}

void
AssociationManager::Periodic()
{
    Evaluate();
    m_event = Simulator::Schedule(m_interval, &AssociationManager::Periodic, this);
}

Ptr<Node>
AssociationManager::GetServingBaseStation(Ptr<Node> node) const
{
    auto it = m_paths.find(node->GetId());
    return it != m_paths.end() && it->second.baseStation ? it->second.baseStation->GetNode()
                                                         : nullptr;
}

Ptr<Node>
AssociationManager::GetRelaySatellite(Ptr<Node> node) const
{
    auto it = m_paths.find(node->GetId());
    return it != m_paths.end() && it->second.satellite ? it->second.satellite->GetNode() : nullptr;
}

AssociationManager::Path
AssociationManager::Choose(Ptr<SaginNetDevice> user,
                           const Path& current,
                           const std::vector<Ptr<SaginNetDevice>>& baseStations,
                           const std::vector<Ptr<SaginNetDevice>>& satellites) const
{
    constexpr double NONE = -std::numeric_limits<double>::infinity();
    Path best;
    best.snrDb = NONE;
    double currentSnrDb = NONE;
    for (const auto& bs : CandidatesOf(user, current))
    {
        SaginChannel::LinkState state = m_channel->GetLinkState(user, bs);
        if (state.outage)
        {
            continue;
        }
        if (bs == current.baseStation && !current.satellite)
        {
            currentSnrDb = state.snrDb;
        }
        if (state.snrDb > best.snrDb)
        {
            best = Path{bs, nullptr, state.snrDb};
        }
    }
    if (best.baseStation)
    {
        // Stay unless the best is better by the hysteresis margin.
        if (currentSnrDb > NONE && best.baseStation != current.baseStation &&
            best.snrDb < currentSnrDb + m_hysteresisDb)
        {
            return Path{current.baseStation, nullptr, currentSnrDb};
        }
        return best;
    }
    if (!m_satelliteRelay)
    {
        return Path{};
    }
    double currentRelaySnrDb = NONE;
    for (const auto& sat : SatellitesAbove(user))
    {
        SaginChannel::LinkState up = m_channel->GetLinkState(user, sat);
        if (up.outage)
        {
            continue;
        }
        for (const auto& bs : BaseStationsBelow(sat))
        {
            SaginChannel::LinkState down = m_channel->GetLinkState(sat, bs);
            if (down.outage)
            {
                continue;
            }
            double snrDb = std::min(up.snrDb, down.snrDb);
            if (sat == current.satellite && bs == current.baseStation)
            {
                currentRelaySnrDb = snrDb;
            }
            if (snrDb > best.snrDb)
            {
                best = Path{bs, sat, snrDb};
            }
        }
    }
    if (currentRelaySnrDb > NONE && best.snrDb < currentRelaySnrDb + m_hysteresisDb)
    {
        return Path{current.baseStation, current.satellite, currentRelaySnrDb};
    }
    return best.baseStation ? best : Path{};
}

std::vector<Ptr<SaginNetDevice>>
AssociationManager::CandidatesOf(Ptr<SaginNetDevice> user, const Path& current) const
{
    if (m_candidates == 0 || m_candidates >= m_baseStations.size())
    {
        return m_baseStations;
    }
    std::vector<std::size_t> indices =
        m_baseStationIndex.Nearest(user->GetMobility()->GetPosition(), m_candidates);
    if (current.baseStation)
    {
        // The serving one too, where it stands in attachment order.
        const auto at = std::find(m_baseStations.begin(), m_baseStations.end(), current.baseStation);
        const std::size_t index = at - m_baseStations.begin();
        if (at != m_baseStations.end() &&
            !std::binary_search(indices.begin(), indices.end(), index))
        {
            indices.insert(std::upper_bound(indices.begin(), indices.end(), index), index);
        }
    }
    return DevicesAt(m_baseStations, indices);
}

std::vector<Ptr<SaginNetDevice>>
AssociationManager::SatellitesAbove(Ptr<SaginNetDevice> device) const
{
    return DevicesAt(
        m_satellites,
        m_satelliteIndex.Within(device->GetMobility()->GetPosition(), m_horizonRangeM));
}

std::vector<Ptr<SaginNetDevice>>
AssociationManager::BaseStationsBelow(Ptr<SaginNetDevice> satellite) const
{
    return DevicesAt(
        m_baseStations,
        m_baseStationIndex.Within(satellite->GetMobility()->GetPosition(), m_horizonRangeM));
}

void
AssociationManager::Evaluate()
{
    NS_LOG_FUNCTION(this);
    if (!m_channel)
    {
        return;
    }
    // The devices of each role, once per evaluation, in the order they were attached.
    std::vector<Ptr<SaginNetDevice>> users;
    std::vector<Ptr<SaginNetDevice>> baseStations;
    std::vector<Ptr<SaginNetDevice>> satellites;
    for (std::size_t i = 0; i < m_channel->GetNDevices(); ++i)
    {
        Ptr<SaginNetDevice> device = DynamicCast<SaginNetDevice>(m_channel->GetDevice(i));
        switch (NodeRole::Get(device->GetNode()))
        {
        case NodeRole::UAV:
        case NodeRole::VEHICLE:
            users.push_back(device);
            break;
        case NodeRole::BASE_STATION:
            baseStations.push_back(device);
            break;
        case NodeRole::SATELLITE:
            satellites.push_back(device);
            break;
        }
    }
    std::vector<Vector> positions;
    for (const auto& bs : baseStations)
    {
        positions.push_back(bs->GetMobility()->GetPosition());
    }
    m_baseStations = baseStations;
    m_baseStationIndex.Build(positions);
    m_satellites = satellites;
    if (m_satelliteRelay)
    {
        // Above the horizon of a point on the ground, a satellite at radius r from the
        // Earth's centre is at most sqrt(r² - R²) away (R: the Earth's radius at the origin),
        // plus what the observer's own height adds.
        const GeoFrame& frame = m_channel->GetFrame();
        const Vector centre = frame.EcefToLocal(Vector(0, 0, 0));
        const double earthM = centre.GetLength() - frame.GetAltitudeM();
        positions.clear();
        double farthest = 0.0;
        for (const auto& sat : satellites)
        {
            const Vector p = sat->GetMobility()->GetPosition();
            positions.push_back(p);
            const double r = (p - centre).GetLength();
            farthest = std::max(farthest, std::sqrt(std::max(0.0, r * r - earthM * earthM)));
        }
        m_satelliteIndex.Build(positions);
        m_horizonRangeM = farthest + 200e3; // margin for the observers' heights
    }
    for (const auto& user : users)
    {
        Path& current = m_paths[user->GetNode()->GetId()];
        Path next = Choose(user, current, baseStations, satellites);
        if (next.baseStation == current.baseStation && next.satellite == current.satellite)
        {
            current.snrDb = next.snrDb;
            continue;
        }
        Handover handover;
        handover.time = Simulator::Now();
        handover.node = user->GetNode()->GetId();
        handover.from = NodeIdOf(current.baseStation);
        handover.to = NodeIdOf(next.baseStation);
        handover.via = NodeIdOf(next.satellite);
        handover.snrDb = next.snrDb;
        NS_LOG_INFO("node " << handover.node << ": base station " << handover.from << " -> "
                            << handover.to << " via " << handover.via);
        UpdateRoutes(user, current, next);
        current = next;
        m_handoverTrace(handover);
    }
}

void
AssociationManager::UpdateRoutes(Ptr<SaginNetDevice> user, const Path& previous, const Path& next)
{
    Ipv4Endpoint self = GetEndpoint(user);
    if (!self.routing)
    {
        return;
    }
    const Ipv4Mask host = Ipv4Mask::GetOnes();
    // Withdraw the previous path's routes.
    if (previous.baseStation)
    {
        Ipv4Endpoint bs = GetEndpoint(previous.baseStation);
        if (previous.satellite)
        {
            Ipv4Endpoint sat = GetEndpoint(previous.satellite);
            RemoveRoute(self.routing, Ipv4Address::GetAny(), Ipv4Mask::GetZero(), sat.address);
            RemoveRoute(self.routing, bs.address, host, sat.address);
            if (bs.routing)
            {
                RemoveRoute(bs.routing, self.address, host, sat.address);
            }
        }
        else
        {
            RemoveRoute(self.routing, Ipv4Address::GetAny(), Ipv4Mask::GetZero(), bs.address);
        }
    }
    // Install the next path's routes.
    if (next.baseStation)
    {
        Ipv4Endpoint bs = GetEndpoint(next.baseStation);
        if (next.satellite)
        {
            Ipv4Endpoint sat = GetEndpoint(next.satellite);
            self.routing->SetDefaultRoute(sat.address, self.interface);
            self.routing->AddHostRouteTo(bs.address, sat.address, self.interface);
            if (bs.routing)
            {
                bs.routing->AddHostRouteTo(self.address, sat.address, bs.interface);
            }
        }
        else
        {
            self.routing->SetDefaultRoute(bs.address, self.interface);
        }
    }
}

} // namespace sagin
} // namespace ns3
