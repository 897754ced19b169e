// SPDX-License-Identifier: GPL-2.0-only

#include "energy-helper.h"

#include "attribute-check.h"

#include "ns3/compute-energy-model.h"
#include "ns3/double.h"
#include "ns3/energy-source.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/radio-energy-model.h"
#include "ns3/sagin-net-device.h"
#include "ns3/string.h"

#include <cmath>
#include <limits>
#include <set>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginEnergyHelper");

namespace
{

/**
 * @param name a name
 * @param suffix a suffix
 * @return whether @p name ends with @p suffix
 */
bool
EndsWith(const std::string& name, const std::string& suffix)
{
    return name.size() >= suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/**
 * @param profile a profile
 * @return a new profile of the same type with the same attribute values
 */
Ptr<DeviceProfile>
CopyProfile(Ptr<const DeviceProfile> profile)
{
    const TypeId tid = profile->GetInstanceTypeId();
    ObjectFactory factory(tid.GetName());
    for (uint32_t i = 0; i < tid.GetAttributeN(); ++i)
    {
        const TypeId::AttributeInformation info = tid.GetAttribute(i);
        if ((info.flags & TypeId::ATTR_GET) && (info.flags & TypeId::ATTR_CONSTRUCT))
        {
            Ptr<AttributeValue> value = info.checker->Create();
            profile->GetAttribute(info.name, *value);
            factory.Set(info.name, *value);
        }
    }
    return factory.Create<DeviceProfile>();
}

} // namespace

EnergyHelper::EnergyHelper()
{
    m_source.SetTypeId("ns3::BasicEnergySource");
    m_radio.SetTypeId(RadioEnergyModel::GetTypeId());
    m_profile[NodeRole::SATELLITE] = DeviceProfile::GetBuiltin("satellite-payload");
    m_profile[NodeRole::UAV] = DeviceProfile::GetBuiltin("quadro-p400");
    m_profile[NodeRole::VEHICLE] = DeviceProfile::GetBuiltin("drive-agx-xavier");
    m_profile[NodeRole::BASE_STATION] = DeviceProfile::GetBuiltin("edge-server");
}

std::invalid_argument
EnergyHelper::Error(const std::string& what)
{
    return std::invalid_argument("EnergyHelper: " + what);
}

void
EnergyHelper::SetSourceType(const std::string& typeName)
{
    NS_LOG_FUNCTION(this << typeName);
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(typeName, &tid))
    {
        throw Error("unknown TypeId '" + typeName + "'");
    }
    if (tid != EnergySource::GetTypeId() && !tid.IsChildOf(EnergySource::GetTypeId()))
    {
        throw Error("'" + typeName + "' is not an ns3::EnergySource");
    }
    if (!tid.HasConstructor())
    {
        throw Error("'" + typeName + "' cannot be created (an abstract type)");
    }
    m_source = ObjectFactory(typeName);
}

void
EnergyHelper::SetSourceAttributes()
{
}

void
EnergyHelper::SetSourceAttribute(const std::string& name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    ObjectFactory checked = m_source;
    try
    {
        SetFactoryAttribute(checked, name, value);
    }
    catch (const std::invalid_argument& e)
    {
        throw Error(e.what());
    }
    // The value is well formed: check the ranges ns-3 does not check.
    TypeId::AttributeInformation info;
    m_source.GetTypeId().LookupAttributeByName(name, &info);
    const auto* text = dynamic_cast<const StringValue*>(&value);
    const std::string serialised = text ? text->Get() : value.SerializeToString(info.checker);
    const std::string where = m_source.GetTypeId().GetName() + "::" + name + ": ";
    if (name == "PeriodicEnergyUpdateInterval")
    {
        TimeValue interval;
        interval.DeserializeFromString(serialised, info.checker);
        if (!interval.Get().IsStrictlyPositive())
        {
            throw Error(where + "the update interval must be > 0, got " + serialised);
        }
    }
    else if (EndsWith(name, "InitialEnergyJ") || EndsWith(name, "SupplyVoltageV") ||
             name == "InitialCellVoltage" || EndsWith(name, "BatteryThreshold"))
    {
        DoubleValue parsed;
        parsed.DeserializeFromString(serialised, info.checker);
        const double number = parsed.Get();
        if (EndsWith(name, "InitialEnergyJ") && !(number >= 0.0 && std::isfinite(number)))
        {
            throw Error(where + "the initial energy must be a finite number >= 0 J, got " +
                        serialised);
        }
        if ((EndsWith(name, "SupplyVoltageV") || name == "InitialCellVoltage") &&
            !(number > 0.0 && std::isfinite(number)))
        {
            throw Error(where + "the voltage must be a finite number > 0 V, got " + serialised);
        }
        if (EndsWith(name, "BatteryThreshold") && !(number >= 0.0 && number <= 1.0))
        {
            throw Error(where + "the threshold is a fraction of the initial energy in [0, 1], " +
                        "got " + serialised);
        }
    }
    m_source = checked;
}

void
EnergyHelper::SetComputeProfile(NodeRole::Role role, Ptr<DeviceProfile> profile)
{
    NS_LOG_FUNCTION(this << role << profile);
    if (!profile)
    {
        throw Error("no compute profile for the " + NodeRole::ToString(role) +
                    " role (null pointer)");
    }
    m_profile[role] = profile;
}

void
EnergyHelper::SetComputeProfile(NodeRole::Role role, const std::string& builtinName)
{
    NS_LOG_FUNCTION(this << role << builtinName);
    try
    {
        m_profile[role] = DeviceProfile::GetBuiltin(builtinName);
    }
    catch (const std::invalid_argument& e)
    {
        throw Error(e.what());
    }
}

Ptr<DeviceProfile>
EnergyHelper::GetComputeProfile(NodeRole::Role role) const
{
    return m_profile.at(role);
}

void
EnergyHelper::SetRadioAttribute(const std::string& name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    try
    {
        SetFactoryAttribute(m_radio, name, value);
    }
    catch (const std::invalid_argument& e)
    {
        throw Error(e.what());
    }
}

EnergySourceContainer
EnergyHelper::Install(const NodeContainer& nodes) const
{
    NS_LOG_FUNCTION(this);
    std::set<uint32_t> seen;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        const Ptr<Node> node = *it;
        if (!node)
        {
            throw Error("no node (null pointer)");
        }
        const std::string which = "node " + std::to_string(node->GetId());
        if (!NodeRole::Has(node))
        {
            throw Error(which + " has no role (install it with a role helper first)");
        }
        if (node->GetObject<ComputeEnergyModel>())
        {
            throw Error(which + " already has a ComputeEnergyModel");
        }
        if (!seen.insert(node->GetId()).second)
        {
            throw Error(which + " is twice in the container");
        }
    }

    EnergySourceContainer sources;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        const Ptr<Node> node = *it;
        Ptr<EnergySource> source = m_source.Create<EnergySource>();
        source->SetNode(node);
        sources.Add(source);
        // As ns-3's EnergySourceHelper: the node's EnergySourceContainer holds its sources.
        Ptr<EnergySourceContainer> onNode = node->GetObject<EnergySourceContainer>();
        if (!onNode)
        {
            onNode = CreateObject<EnergySourceContainer>();
            node->AggregateObject(onNode);
        }
        onNode->Add(source);

        Ptr<ComputeEnergyModel> compute = CreateObject<ComputeEnergyModel>();
        compute->SetProfile(CopyProfile(m_profile.at(NodeRole::Get(node))));
        compute->SetEnergySource(source);
        // Aggregated to the node: the source holds its link, not the model itself.
        source->AppendDeviceEnergyModel(compute->GetSourceLink());
        node->AggregateObject(compute);

        for (uint32_t i = 0; i < node->GetNDevices(); ++i)
        {
            Ptr<SaginNetDevice> device = DynamicCast<SaginNetDevice>(node->GetDevice(i));
            if (!device)
            {
                continue;
            }
            Ptr<RadioEnergyModel> radio = m_radio.Create<RadioEnergyModel>();
            radio->SetEnergySource(source);
            radio->SetNetDevice(device);
            source->AppendDeviceEnergyModel(radio);
        }
    }
    return sources;
}

Ptr<EnergySource>
EnergyHelper::GetEnergySource(Ptr<Node> node)
{
    if (!node)
    {
        return nullptr;
    }
    if (Ptr<ComputeEnergyModel> compute = node->GetObject<ComputeEnergyModel>())
    {
        if (compute->GetEnergySource())
        {
            return compute->GetEnergySource();
        }
    }
    Ptr<EnergySourceContainer> sources = node->GetObject<EnergySourceContainer>();
    return sources && sources->GetN() > 0 ? sources->Get(0) : nullptr;
}

double
EnergyHelper::GetStateOfCharge(Ptr<Node> node)
{
    Ptr<EnergySource> source = GetEnergySource(node);
    if (!source || !(source->GetInitialEnergy() > 0.0))
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return source->GetRemainingEnergy() / source->GetInitialEnergy();
}

double
EnergyHelper::GetRemainingEnergyJ(Ptr<Node> node)
{
    Ptr<EnergySource> source = GetEnergySource(node);
    return source ? source->GetRemainingEnergy() : std::numeric_limits<double>::quiet_NaN();
}

} // namespace sagin
} // namespace ns3
