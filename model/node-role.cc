// SPDX-License-Identifier: GPL-2.0-only

#include "node-role.h"

#include "ns3/enum.h"
#include "ns3/log.h"

#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginNodeRole");

NS_OBJECT_ENSURE_REGISTERED(NodeRole);

TypeId
NodeRole::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sagin::NodeRole")
                            .SetParent<Object>()
                            .SetGroupName("Sagin")
                            .AddConstructor<NodeRole>()
                            .AddAttribute("Role",
                                          "The node's role in the SAGIN.",
                                          EnumValue(NodeRole::VEHICLE),
                                          MakeEnumAccessor(&NodeRole::m_role),
                                          MakeEnumChecker(NodeRole::SATELLITE,
                                                          "satellite",
                                                          NodeRole::UAV,
                                                          "uav",
                                                          NodeRole::VEHICLE,
                                                          "vehicle",
                                                          NodeRole::BASE_STATION,
                                                          "base-station"));
    return tid;
}

NodeRole::NodeRole()
    : m_role(VEHICLE)
{
    NS_LOG_FUNCTION(this);
}

NodeRole::~NodeRole()
{
    NS_LOG_FUNCTION(this);
}

NodeRole::Role
NodeRole::GetRole() const
{
    return m_role;
}

void
NodeRole::SetRole(Role role)
{
    NS_LOG_FUNCTION(this << role);
    m_role = role;
}

void
NodeRole::Install(Ptr<Node> node, Role role)
{
    NS_LOG_FUNCTION(node << role);
    Ptr<NodeRole> existing = node->GetObject<NodeRole>();
    if (existing)
    {
        existing->SetRole(role);
        return;
    }
    Ptr<NodeRole> nodeRole = CreateObject<NodeRole>();
    nodeRole->SetRole(role);
    node->AggregateObject(nodeRole);
}

NodeRole::Role
NodeRole::Get(Ptr<Node> node)
{
    Ptr<NodeRole> nodeRole = node->GetObject<NodeRole>();
    if (!nodeRole)
    {
        throw std::invalid_argument("node " + std::to_string(node->GetId()) +
                                    " has no SAGIN role (install it with a role helper)");
    }
    return nodeRole->GetRole();
}

bool
NodeRole::Has(Ptr<Node> node)
{
    return node->GetObject<NodeRole>() != nullptr;
}

std::string
NodeRole::ToString(Role role)
{
    switch (role)
    {
    case SATELLITE:
        return "satellite";
    case UAV:
        return "uav";
    case VEHICLE:
        return "vehicle";
    case BASE_STATION:
        return "base-station";
    }
    return "unknown";
}

NodeRole::Role
NodeRole::FromString(const std::string& name)
{
    for (Role role : {SATELLITE, UAV, VEHICLE, BASE_STATION})
    {
        if (ToString(role) == name)
        {
            return role;
        }
    }
    throw std::invalid_argument("unknown node role \"" + name +
                                "\" (known: satellite, uav, vehicle, base-station)");
}

} // namespace sagin
} // namespace ns3
