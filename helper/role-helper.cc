// SPDX-License-Identifier: GPL-2.0-only

#include "role-helper.h"

#include "attribute-check.h"

#include "ns3/log.h"

#include <cmath>
#include <set>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginRoleHelper");

RoleHelper::RoleHelper(const std::string& helperName,
                       NodeRole::Role role,
                       const std::string& mobilityType)
    : m_helperName(helperName),
      m_role(role)
{
    m_mobility.SetTypeId(mobilityType);
}

RoleHelper::~RoleHelper()
{
}

void
RoleHelper::Set(const std::string& name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    try
    {
        SetFactoryAttribute(m_mobility, name, value);
    }
    catch (const std::invalid_argument& e)
    {
        throw Error(e.what());
    }
}

TypeId
RoleHelper::GetMobilityModelType() const
{
    return m_mobility.GetTypeId();
}

NodeRole::Role
RoleHelper::GetRole() const
{
    return m_role;
}

void
RoleHelper::SetMobilityModelType(const std::string& type, TypeId base)
{
    NS_LOG_FUNCTION(this << type);
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(type, &tid))
    {
        throw Error("unknown TypeId '" + type + "'");
    }
    if (!tid.IsChildOf(base) && tid != base)
    {
        throw Error("'" + type + "' is not a " + base.GetName());
    }
    if (!tid.HasConstructor())
    {
        throw Error("'" + type + "' cannot be created (an abstract type)");
    }
    m_mobility = ObjectFactory(type);
}

Ptr<MobilityModel>
RoleHelper::CreateMobilityModel() const
{
    return m_mobility.Create<MobilityModel>();
}

void
RoleHelper::CheckNode(Ptr<Node> node) const
{
    if (!node)
    {
        throw Error("no node (null pointer)");
    }
    Ptr<MobilityModel> existing = node->GetObject<MobilityModel>();
    if (existing)
    {
        throw Error("node " + std::to_string(node->GetId()) + " already has a mobility model (" +
                    existing->GetInstanceTypeId().GetName() + ")");
    }
}

void
RoleHelper::CheckNodes(const NodeContainer& nodes, size_t expected, const std::string& what) const
{
    if (nodes.GetN() != expected)
    {
        throw Error(std::to_string(nodes.GetN()) + " nodes but " + std::to_string(expected) + " " +
                    what);
    }
    std::set<uint32_t> seen;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        CheckNode(*it);
        if (!seen.insert((*it)->GetId()).second)
        {
            throw Error("node " + std::to_string((*it)->GetId()) + " is twice in the container");
        }
    }
}

void
RoleHelper::Attach(Ptr<Node> node, Ptr<MobilityModel> model) const
{
    NS_LOG_FUNCTION(this << node << model);
    CheckNode(node);
    node->AggregateObject(model);
    NodeRole::Install(node, m_role);
}

double
RoleHelper::CheckQuantity(double value,
                          const std::string& what,
                          const std::string& unit,
                          bool strictlyPositive) const
{
    if (!std::isfinite(value) || value < 0.0 || (strictlyPositive && value == 0.0))
    {
        throw Error(what + " " + std::to_string(value) + " " + unit + " is not " +
                    (strictlyPositive ? "> 0" : ">= 0"));
    }
    return value;
}

std::invalid_argument
RoleHelper::Error(const std::string& what) const
{
    return std::invalid_argument(m_helperName + ": " + what);
}

} // namespace sagin
} // namespace ns3
