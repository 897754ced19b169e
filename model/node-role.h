// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_NODE_ROLE_H
#define SAGIN_NODE_ROLE_H

#include "ns3/node.h"
#include "ns3/object.h"

#include <string>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief The role of a node in the SAGIN, aggregated to the ns-3 Node.
 *
 * Role helpers (constellation, UAV, vehicle, base station) aggregate one to each node they
 * install; links and association read it to pick the link class of a pair.
 */
class NodeRole : public Object
{
  public:
    /// The four roles.
    enum Role
    {
        SATELLITE,   //!< LEO satellite
        UAV,         //!< unmanned aerial vehicle
        VEHICLE,     //!< ground vehicle
        BASE_STATION //!< ground base station with an edge server
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    NodeRole();
    ~NodeRole() override;

    /// @return the role
    Role GetRole() const;
    /// @param role the role
    void SetRole(Role role);

    /**
     * @brief Aggregate a role to a node, or change the one it has.
     * @param node the node
     * @param role its role
     */
    static void Install(Ptr<Node> node, Role role);

    /**
     * @param node a node
     * @return the role aggregated to @p node
     * @throws std::invalid_argument naming the node when it has no role
     */
    static Role Get(Ptr<Node> node);

    /**
     * @param node a node
     * @return whether a role is aggregated to @p node
     */
    static bool Has(Ptr<Node> node);

    /**
     * @param role a role
     * @return its name: "satellite", "uav", "vehicle" or "base-station"
     */
    static std::string ToString(Role role);

    /**
     * @param name a role's name, as ToString() writes it
     * @return the role
     * @throws std::invalid_argument naming the text and the known names
     */
    static Role FromString(const std::string& name);

  private:
    Role m_role; //!< the node's role
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_NODE_ROLE_H
