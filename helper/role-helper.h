// SPDX-License-Identifier: GPL-2.0-only

#ifndef SAGIN_ROLE_HELPER_H
#define SAGIN_ROLE_HELPER_H

#include "ns3/mobility-model.h"
#include "ns3/node-container.h"
#include "ns3/node-role.h"
#include "ns3/object-factory.h"

#include <stdexcept>
#include <string>

namespace ns3
{
namespace sagin
{

/**
 * @ingroup sagin
 * @brief What the role helpers share: a mobility-model factory whose attributes are set with
 *        Set(), and the installation of a mobility model and a NodeRole on a node.
 *
 * ConstellationHelper, UavHelper, VehicleHelper and BaseStationHelper derive from it. Every error
 * (an unknown attribute, a refused value, a node that already has a mobility model) is a
 * std::invalid_argument with a one-line message that starts with the helper's name; nothing is
 * installed on any node of a container when one of them is refused.
 */
class RoleHelper
{
  public:
    virtual ~RoleHelper();

    /**
     * @brief Set an attribute of the mobility models this helper creates.
     * @param name the attribute's name, e.g. "LazyNotify"
     * @param value its value
     * @throws std::invalid_argument when the model has no such attribute, it cannot be set at
     *         construction, or the value is refused
     */
    void Set(const std::string& name, const AttributeValue& value);

    /// @return the TypeId of the mobility models this helper creates
    TypeId GetMobilityModelType() const;

    /// @return the role this helper gives to nodes
    NodeRole::Role GetRole() const;

  protected:
    /**
     * @param helperName the name of the derived helper, used in messages
     * @param role the role given to every node
     * @param mobilityType the TypeId name of the mobility models
     */
    RoleHelper(const std::string& helperName, NodeRole::Role role, const std::string& mobilityType);

    /**
     * @brief Change the type of the mobility models; attributes set before are forgotten.
     * @param type the TypeId name
     * @param base the TypeId the type must derive from
     * @throws std::invalid_argument when the TypeId is unknown, not a subclass of @p base or
     *         has no constructor
     */
    void SetMobilityModelType(const std::string& type, TypeId base);

    /// @return a new mobility model from the factory
    Ptr<MobilityModel> CreateMobilityModel() const;

    /**
     * @brief Refuse a node that cannot take this role's mobility model.
     * @param node the node
     * @throws std::invalid_argument when the node already has a mobility model
     */
    void CheckNode(Ptr<Node> node) const;

    /**
     * @brief CheckNode() for every node of a container, and a check of the container's size.
     * @param nodes the nodes
     * @param expected the number of nodes expected (the size of a list given with them)
     * @param what what the list holds, for the message (e.g. "routes")
     * @throws std::invalid_argument when a node is refused, is in the container twice, or the
     *         sizes differ
     */
    void CheckNodes(const NodeContainer& nodes, size_t expected, const std::string& what) const;

    /**
     * @brief Aggregate a mobility model and this helper's role to a node.
     * @param node the node, checked with CheckNode()
     * @param model the mobility model
     */
    void Attach(Ptr<Node> node, Ptr<MobilityModel> model) const;

    /**
     * @brief Refuse a quantity that is not finite or is below a bound.
     * @param value the value
     * @param what its name for messages, e.g. "antenna height"
     * @param unit its unit for messages, e.g. "m"
     * @param strictlyPositive whether 0 is refused too
     * @return @p value
     * @throws std::invalid_argument "HelperName: WHAT VALUE UNIT is not >= 0" (or "> 0")
     */
    double CheckQuantity(double value,
                         const std::string& what,
                         const std::string& unit,
                         bool strictlyPositive = false) const;

    /**
     * @param what what is wrong
     * @return std::invalid_argument "HelperName: what"
     */
    std::invalid_argument Error(const std::string& what) const;

  private:
    std::string m_helperName; //!< name used in messages
    NodeRole::Role m_role;    //!< the role given to nodes
    ObjectFactory m_mobility; //!< factory of the mobility models
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_ROLE_HELPER_H
