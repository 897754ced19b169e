// SPDX-License-Identifier: GPL-2.0-only

#include "sagin-net-device-helper.h"

#include "ns3/arp-cache.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/mobility-model.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/node-role.h"
#include "ns3/queue.h"
#include "ns3/sagin-net-device.h"

#include <stdexcept>
#include <vector>

namespace ns3
{
namespace sagin
{

namespace
{

/// Radio defaults of one role.
struct RoleRadio
{
    NodeRole::Role role;  //!< the role
    double txPowerDbm;    //!< transmit power, dBm
    double txGainDbi;     //!< transmit antenna gain, dBi
    double rxGainDbi;     //!< receive antenna gain, dBi
    double noiseFigureDb; //!< noise figure, dB
    double bandwidthHz;   //!< receiver bandwidth, Hz
};

/// The table in the class documentation.
constexpr RoleRadio ROLE_RADIOS[] = {
    {NodeRole::SATELLITE, 33.0, 30.0, 30.0, 3.0, 100e6},
    {NodeRole::UAV, 23.0, 3.0, 3.0, 7.0, 20e6},
    {NodeRole::VEHICLE, 23.0, 0.0, 0.0, 7.0, 20e6},
    {NodeRole::BASE_STATION, 43.0, 15.0, 15.0, 5.0, 100e6},
};

/// Default loss model and carrier frequency per link class.
struct ClassLoss
{
    SaginChannel::LinkClass linkClass; //!< the class
    const char* typeName;              //!< PropagationLossModel TypeId name
    double frequencyHz;                //!< carrier frequency, Hz
};

/// The defaults in the class documentation.
constexpr ClassLoss CLASS_LOSSES[] = {
    {SaginChannel::GROUND, "ns3::ThreeGppUmaPropagationLossModel", 3.5e9},
    {SaginChannel::AIR_TO_GROUND, "ns3::sagin::AlHouraniPropagationLossModel", 2e9},
    {SaginChannel::SPACE_TO_GROUND, "ns3::sagin::NtnPropagationLossModel", 2e9},
    {SaginChannel::INTER_SATELLITE, "ns3::FriisPropagationLossModel", 26e9},
};

} // namespace

SaginNetDeviceHelper::SaginNetDeviceHelper()
{
    m_channelFactory.SetTypeId(SaginChannel::GetTypeId());
    for (const auto& loss : CLASS_LOSSES)
    {
        SetPropagationLoss(loss.linkClass, loss.typeName);
        SetPropagationLossAttribute(loss.linkClass, "Frequency", DoubleValue(loss.frequencyHz));
    }
    // Outside TR 38.901's validity range (e.g. base station to base station at 25 m), ns-3's
    // 3GPP models extrapolate with a warning instead of aborting.
    SetPropagationLossAttribute(SaginChannel::GROUND,
                                "EnforceParameterRanges",
                                BooleanValue(false));
}

void
SaginNetDeviceHelper::SetChannelAttribute(const std::string& name, const AttributeValue& value)
{
    m_channelFactory.Set(name, value);
}

void
SaginNetDeviceHelper::SetDeviceAttribute(const std::string& name, const AttributeValue& value)
{
    m_deviceAttributes.emplace_back(name, value.Copy());
}

void
SaginNetDeviceHelper::SetDeviceAttribute(NodeRole::Role role,
                                         const std::string& name,
                                         const AttributeValue& value)
{
    m_roleAttributes[role].emplace_back(name, value.Copy());
}

void
SaginNetDeviceHelper::SetPropagationLoss(SaginChannel::LinkClass linkClass,
                                         const std::string& typeName)
{
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(typeName, &tid) ||
        !tid.IsChildOf(PropagationLossModel::GetTypeId()))
    {
        throw std::invalid_argument("SaginNetDeviceHelper: \"" + typeName +
                                    "\" is not a PropagationLossModel type (" +
                                    SaginChannel::LinkClassName(linkClass) + " links)");
    }
    m_lossFactory[linkClass] = ObjectFactory();
    m_lossFactory[linkClass].SetTypeId(tid);
}

void
SaginNetDeviceHelper::SetPropagationLossAttribute(SaginChannel::LinkClass linkClass,
                                                  const std::string& name,
                                                  const AttributeValue& value)
{
    m_lossFactory[linkClass].Set(name, value);
}

void
SaginNetDeviceHelper::SetFrame(const GeoFrame& frame)
{
    m_frame = frame;
    if (m_channel)
    {
        m_channel->SetFrame(frame);
    }
}

Ptr<SaginChannel>
SaginNetDeviceHelper::GetChannel()
{
    if (!m_channel)
    {
        m_channel = m_channelFactory.Create<SaginChannel>();
        m_channel->SetFrame(m_frame);
        for (const auto& loss : CLASS_LOSSES)
        {
            m_channel->SetPropagationLossModel(
                loss.linkClass,
                m_lossFactory[loss.linkClass].Create<PropagationLossModel>());
        }
    }
    return m_channel;
}

NetDeviceContainer
SaginNetDeviceHelper::Install(const NodeContainer& nodes)
{
    Ptr<SaginChannel> channel = GetChannel();
    NetDeviceContainer devices;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<Node> node = *it;
        const NodeRole::Role role = NodeRole::Get(node);
        if (!node->GetObject<MobilityModel>())
        {
            throw std::invalid_argument("SaginNetDeviceHelper: node " +
                                        std::to_string(node->GetId()) +
                                        " has no mobility model (install it first)");
        }
        Ptr<SaginNetDevice> device = CreateObject<SaginNetDevice>();
        for (const auto& radio : ROLE_RADIOS)
        {
            if (radio.role != role)
            {
                continue;
            }
            const std::pair<const char*, double> values[] = {
                {"TxPowerDbm", radio.txPowerDbm},
                {"TxGainDbi", radio.txGainDbi},
                {"RxGainDbi", radio.rxGainDbi},
                {"NoiseFigureDb", radio.noiseFigureDb},
                {"BandwidthHz", radio.bandwidthHz},
            };
            for (const auto& [name, value] : values)
            {
                // A changed attribute default is the user's value for every role.
                if (!SaginNetDevice::IsAttributeDefaultChanged(name))
                {
                    device->SetAttribute(name, DoubleValue(value));
                }
            }
        }
        for (const auto& [name, value] : m_deviceAttributes)
        {
            device->SetAttribute(name, *value);
        }
        for (const auto& [name, value] : m_roleAttributes[role])
        {
            device->SetAttribute(name, *value);
        }
        device->SetAddress(Mac48Address::Allocate());
        node->AddDevice(device);
        device->Attach(channel);
        Ptr<NetDeviceQueueInterface> queueInterface = CreateObject<NetDeviceQueueInterface>();
        queueInterface->GetTxQueue(0)->ConnectQueueTraces(device->GetQueue());
        device->AggregateObject(queueInterface);
        devices.Add(device);
    }
    return devices;
}

int64_t
SaginNetDeviceHelper::AssignStreams(int64_t stream)
{
    return GetChannel()->AssignStreams(stream);
}

uint64_t
SaginNetDeviceHelper::PopulateArpCaches(const NetDeviceContainer& devices)
{
    struct Interface
    {
        Ptr<ArpCache> cache;  // null without IPv4 on the device
        Ipv4Address address;  // its first address
        Address mac;          // the device's
        bool satellite{false}; // whether the device is a satellite's
    };
    std::vector<Interface> interfaces;
    interfaces.reserve(devices.GetN());
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        Ptr<NetDevice> device = devices.Get(i);
        Interface entry;
        entry.mac = device->GetAddress();
        Ptr<Node> node = device->GetNode();
        entry.satellite = NodeRole::Has(node) && NodeRole::Get(node) == NodeRole::SATELLITE;
        Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
        const int32_t index = ipv4 ? ipv4->GetInterfaceForDevice(device) : -1;
        if (index >= 0 && ipv4->GetNAddresses(index) > 0)
        {
            entry.cache = ipv4->GetInterface(index)->GetArpCache();
            entry.address = ipv4->GetAddress(index, 0).GetLocal();
        }
        interfaces.push_back(entry);
    }
    uint64_t added = 0;
    for (const Interface& owner : interfaces)
    {
        if (!owner.cache)
        {
            continue;
        }
        for (const Interface& neighbour : interfaces)
        {
            if (&neighbour == &owner || !neighbour.cache ||
                (owner.satellite && neighbour.satellite))
            {
                continue;
            }
            ArpCache::Entry* entry = owner.cache->Add(neighbour.address);
            entry->SetMacAddress(neighbour.mac);
            entry->MarkAutoGenerated();
            ++added;
        }
    }
    return added;
}

} // namespace sagin
} // namespace ns3
